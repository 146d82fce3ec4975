//! The interactive session through a real pseudo-terminal: typing answers, choosing options,
//! undo, quit, Ctrl-C; the progress kept for the next run; and deck text that tries to drive
//! the terminal.

use crate::support::{Env, exit_code, expect, press, pty, spawn_pty};

#[test]
fn a_learner_answers_undoes_and_quits_and_progress_is_kept() {
    let env = Env::with_study_deck();
    let mut p = pty(&env, &["study", "--seed", "3"]);

    // A right answer.
    expect(
        &mut p,
        "In which city was the festival of Soviet films held?",
    );
    expect(&mut p, "› ");
    p.send_line("karachi").expect("type");
    expect(&mut p, "✓ right  Karachi");
    expect(
        &mut p,
        "A festival of Soviet films was held in Karachi in 1954.",
    );
    expect(&mut p, "source:");
    expect(&mut p, "Good · next in 10m");
    press(&mut p, "\r");

    // A wrong year.
    expect(&mut p, "Which year did Pakistan join CENTO?");
    expect(&mut p, "› ");
    p.send_line("1954").expect("type");
    expect(&mut p, "✗ wrong  1955");
    expect(&mut p, "Again · next in 1m");
    press(&mut p, "\r");

    // A choice by its key.
    expect(
        &mut p,
        "Which Soviet premier visited Pakistan in April 1968?",
    );
    let (_, key) = p.exp_regex(r"[1-3]\) Kosygin").expect("options shown");
    let key = key.chars().next().expect("a key").to_string();
    expect(&mut p, "the option's number, letter or text, then Enter");
    p.send_line(&key).expect("type");
    expect(&mut p, "✓ right  Kosygin");
    // Undo from the feedback screen: the same card is asked again.
    press(&mut p, "u");
    expect(&mut p, "undone: answer again");
    expect(&mut p, "then Enter");
    p.send_line(&key).expect("type");
    expect(&mut p, "✓ right  Kosygin");
    press(&mut p, "\r");

    // True/false by y/n, then a typo in a cloze gap.
    expect(&mut p, "The U-2 incident worsened relations");
    expect(&mut p, "y or n");
    press(&mut p, "y");
    expect(&mut p, "✓ right  true");
    press(&mut p, "\r");
    expect(&mut p, "Pakistan joined […] in 1954 and CENTO in 1955.");
    expect(&mut p, "› ");
    p.send_line("SEATA").expect("typo");
    expect(&mut p, "≈ right, with a typo  SEATO");
    expect(&mut p, "Hard");
    press(&mut p, "\r");

    // :undo as a typed command takes back the cloze answer; :quit ends the session.
    expect(&mut p, "› ");
    p.send_line(":undo").expect("undo");
    expect(&mut p, "undone: answer again");
    expect(&mut p, "Pakistan joined […] in 1954");
    expect(&mut p, "› ");
    p.send_line(":quit").expect("quit");
    expect(&mut p, "Session ended");
    expect(&mut p, "4 answered");
    expect(&mut p, "Missed:");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut p), 0);

    // The progress was kept: four cards answered once each, the undone ones not recorded.
    assert_eq!(env.card_json("study/capital")["reps"], 1);
    assert_eq!(env.card_json("study/cento")["state"], "learning");
    let premier = env.card_json("study/premier");
    assert_eq!(premier["reps"], 1);
    assert_eq!(env.card_json("study/alliances.1")["reps"], 0);
    let history = premier["history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["undone"], true);

    // Starting again shows the next card, not the ones answered.
    let mut again = pty(&env, &["study", "--seed", "3"]);
    expect(&mut again, "Pakistan joined […] in 1954");
    again.send_control('c').expect("ctrl-c");
    expect(&mut again, "Session ended");
    again.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut again), 0);
}

#[test]
fn ctrl_d_and_the_verdict_override_work() {
    let env = Env::with_study_deck();
    let mut p = pty(&env, &["study"]);
    expect(&mut p, "› ");
    p.send_line("Karachi port").expect("type");
    expect(&mut p, "✗ wrong  Karachi");
    expect(&mut p, "r: I was right");
    press(&mut p, "r");
    expect(&mut p, "corrected by you");
    expect(&mut p, "Good");
    press(&mut p, "\r");
    expect(&mut p, "› ");
    p.send_control('d').expect("ctrl-d");
    expect(&mut p, "Session ended");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut p), 0);
    let card = env.card_json("study/capital");
    assert_eq!(card["history"][1]["rating"], "good");
    assert_eq!(card["history"][0]["undone"], true);
}

#[test]
fn flashcards_reveal_and_rate_with_intervals() {
    let env = Env::with_study_deck();
    let mut p = pty(&env, &["study", "--flip"]);
    expect(&mut p, "In which city was the festival");
    expect(&mut p, "Enter or Space: show the answer");
    press(&mut p, " ");
    expect(&mut p, "answer: Karachi");
    expect(&mut p, "1 Again · 1m");
    expect(&mut p, "3 Good · 10m");
    press(&mut p, "4");
    expect(&mut p, "last card: Easy");
    // ':' opens the command line on a flashcard.
    expect(&mut p, "Enter or Space: show the answer");
    p.send_line(":quit").expect("quit");
    expect(&mut p, "Session ended");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&mut p), 0);
    let card = env.card_json("study/capital");
    assert_eq!(card["state"], "review");
}

#[test]
fn escape_sequences_in_a_deck_do_not_reach_the_terminal() {
    let env = Env::new();
    env.write(
        "decks/hostile.toml",
        "[deck]\nid = \"hostile\"\ntitle = \"Hostile\\u001b]0;pwned\\u0007\"\n\
         [[card]]\nid = \"x\"\nquestion = \"Which\\u001b[2J year\\u001b[31m?\"\nanswer = \"1955\"\n\
         kind = \"year\"\nexplain = \"e\\u001bc\"\nsource = \"s\"\n",
    );
    // Through a pty, without stripping escapes: the question arrives in one piece.
    let mut p = spawn_pty(env.command(["study"]), false);
    let before = expect(&mut p, "Which year?");
    assert!(
        !before.contains("pwned"),
        "the title's OSC sequence leaked: {before:?}"
    );
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    // In plain mode nothing but text is printed at all.
    let out = env.recall(["study"]).stdin("1955\n").run();
    out.success().stdout_has("Which year?");
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
}

/// Regression: on a choice card whose options are numbers, the key typed picks the option by
/// its place on screen, not by its text: the keys are letters there, so the two never clash.
#[test]
fn a_choice_key_picks_the_option_on_screen_even_when_options_are_numbers() {
    let env = Env::new();
    env.write(
        "decks/n.toml",
        "[deck]\nid = \"n\"\ntitle = \"N\"\n[[card]]\nid = \"visits\"\nkind = \"choice\"\n\
         question = \"How many visits?\"\nanswer = \"4\"\nchoices = [\"4\", \"3\", \"2\", \"1\"]\n\
         explain = \"e\"\nsource = \"s\"\n",
    );
    let mut p = pty(&env, &["study", "--seed", "1"]);
    let (_, shown) = p.exp_regex(r"[a-d]\) 4\r").expect("options shown");
    let key = shown.chars().next().expect("a key").to_string();
    expect(&mut p, "the option's letter or text, then Enter");
    p.send_line(&key).expect("type");
    expect(&mut p, "✓ right  4");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
}

/// A deck with two people called Bhutto, and choice cards.
const PEOPLE: &str = "[deck]\nid = \"p\"\ntitle = \"People\"\n\
    [[card]]\nid = \"zab\"\nquestion = \"Who was hanged in 1979?\"\nanswer = \"Zulfikar Ali Bhutto\"\n\
    [[card]]\nid = \"bb\"\nquestion = \"Who was the first woman to lead Pakistan?\"\nanswer = \"Benazir Bhutto\"\n\
    [[card]]\nid = \"premier\"\nkind = \"choice\"\nquestion = \"Who was the Soviet premier at Tashkent?\"\n\
    answer = \"Alexei Kosygin\"\nchoices = [\"Alexei Kosygin\", \"Nikolai Bulganin\", \"Andrei Gromyko\"]\n\
    [[card]]\nid = \"port\"\nkind = \"choice\"\nquestion = \"Which port city hosted the film festival?\"\n\
    answer = \"Karachi\"\nchoices = [\"Lahore\", \"Karachi\", \"Peshawar\", \"Quetta\"]\n";

#[test]
fn a_close_reply_is_asked_again_and_the_second_try_is_graded() {
    let env = Env::new();
    // The two Bhuttos alone: new cards of one kind are otherwise interleaved with the choices.
    let bhuttos = PEOPLE
        .split("[[card]]\nid = \"premier\"")
        .next()
        .expect("a prefix");
    env.write("decks/p.toml", bhuttos);
    let mut p = pty(&env, &["study", "p", "--seed", "1"]);
    expect(&mut p, "Who was hanged in 1979?");
    expect(&mut p, "› ");
    p.send_line("Bhutto").expect("type");
    expect(&mut p, "? close: Which Bhutto?");
    expect(&mut p, "answer once more, no penalty");
    expect(&mut p, "› ");
    p.send_line("Zulfikar Bhutto").expect("type");
    expect(&mut p, "✓ right (middle names differ)  Zulfikar Ali Bhutto");
    expect(&mut p, "Good");
    press(&mut p, "\r");
    // The other Bhutto: close twice is Hard, with the answer shown.
    expect(&mut p, "Who was the first woman to lead Pakistan?");
    expect(&mut p, "› ");
    p.send_line("Bhutto").expect("type");
    expect(&mut p, "? close: Which Bhutto?");
    expect(&mut p, "› ");
    p.send_line("Bhutto").expect("type");
    expect(&mut p, "? close  Benazir Bhutto");
    expect(&mut p, "close again (Which Bhutto?): counted as Hard");
    expect(&mut p, "Hard");
    p.send_control('c').expect("ctrl-c");
    expect(&mut p, "Session ended");
    p.exp_eof().expect("exit");
    let zab = env.card_json("p/zab");
    let history = zab["history"].as_array().expect("history");
    assert_eq!(
        history.len(),
        1,
        "the close first try is not recorded: {zab}"
    );
    assert_eq!(history[0]["verdict"], "right");
    assert_eq!(history[0]["answer"], "Zulfikar Bhutto");
    assert_eq!(history[0]["rating"], "good");
    let bb = env.card_json("p/bb");
    assert_eq!(bb["history"][0]["verdict"], "close");
    assert_eq!(bb["history"][0]["rating"], "hard");
}

#[test]
fn a_choice_card_takes_its_letter_or_its_text() {
    let env = Env::new();
    env.write("decks/p.toml", PEOPLE);
    let mut p = pty(&env, &["practice", "p", "--seed", "1", "--count", "4"]);
    // Each card is answered as it comes: the choice cards by letter and by text.
    let mut by_letter = false;
    let mut by_text = false;
    for _ in 0..4 {
        let (_, question) = p
            .exp_regex(r"(hanged in 1979|first woman|premier at Tashkent|port city)")
            .expect("a question");
        match question.as_str() {
            "premier at Tashkent" => {
                let (_, shown) = p.exp_regex(r"[1-3]\) Alexei Kosygin").expect("options");
                let digit = shown.chars().next().expect("a key");
                let letter = char::from(b'a' + (digit as u8 - b'1'));
                expect(&mut p, "number, letter or text, then Enter");
                p.send_line(&letter.to_string()).expect("type");
                expect(&mut p, "✓ right  Alexei Kosygin");
                by_letter = true;
            }
            "port city" => {
                expect(&mut p, "number, letter or text, then Enter");
                p.send_line("karachi").expect("type");
                expect(&mut p, "✓ right  Karachi");
                by_text = true;
            }
            _ => {
                expect(&mut p, "› ");
                p.send_line(":skip").expect("skip");
                continue;
            }
        }
        press(&mut p, "\r");
    }
    assert!(by_letter && by_text);
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
}
