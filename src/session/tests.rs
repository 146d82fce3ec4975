//! The review loop without a terminal: answers, requeueing, hints, skip, undo, override, quit,
//! flashcards and practice.

use std::time::Duration;

use super::*;
use crate::deck::{Deck, Origin, load_str};
use crate::drill::{DrillRules, PaperEnd, Scoring};
use crate::grading::DeckContext;
use crate::scheduler::{CardState, Purpose};

const DECK: &str = r#"
[deck]
id = "t"
title = "Test deck"

[[card]]
id = "capital"
question = "Which city hosted the festival of Soviet films?"
answer = "Karachi"

[[card]]
id = "cento"
kind = "year"
question = "Which year did Pakistan join CENTO?"
answer = "1955"

[[card]]
id = "premier"
kind = "choice"
question = "Who visited Pakistan in April 1968?"
answer = "Kosygin"
choices = ["Kosygin", "Bulganin", "Gromyko", "Khrushchev"]

[[card]]
id = "u2"
kind = "truefalse"
question = "The U-2 incident worsened relations."
answer = true
"#;

fn at(minutes: u64) -> Timestamp {
    let start: Timestamp = "2026-11-30T09:00:00Z".parse().expect("valid");
    start.plus(Duration::from_mins(minutes))
}

fn secs(s: u64) -> Timestamp {
    let start: Timestamp = "2026-11-30T09:00:00Z".parse().expect("valid");
    start.plus(Duration::from_secs(s))
}

fn items(ids: &[&str]) -> (Vec<SessionDeck>, Vec<Item>) {
    let deck = load_str(DECK, Origin::File("t.toml".into()))
        .deck
        .expect("valid deck");
    let cards: Vec<Card> = deck.cards().collect();
    let chosen = ids.iter().map(|id| {
        cards
            .iter()
            .find(|c| c.id.as_str() == *id)
            .cloned()
            .expect("card in deck")
    });
    session_of(&deck, chosen)
}

/// One deck's session: the deck, and `cards` as new items of it.
fn session_of(deck: &Deck, cards: impl Iterator<Item = Card>) -> (Vec<SessionDeck>, Vec<Item>) {
    let items = cards
        .map(|card| Item {
            deck: 0,
            card,
            state: CardState::default(),
            typical_ms: None,
        })
        .collect();
    let decks = vec![SessionDeck {
        id: deck.id.clone(),
        title: deck.title.clone(),
        policy: Policy::from(&deck.schedule),
        flip: false,
    }];
    (decks, items)
}

fn start(purpose: Purpose, ids: &[&str]) -> (Session, Step) {
    let (decks, items) = items(ids);
    Session::new(decks, items, Config::new(purpose, 42), at(0))
}

fn asked(step: &Step) -> &str {
    match &step.view {
        View::Ask(prompt) => prompt.card.id.as_str(),
        other => panic!("expected a question, got {other:?}"),
    }
}

fn feedback(step: &Step) -> &Feedback {
    match &step.view {
        View::Feedback(feedback) => feedback,
        other => panic!("expected feedback, got {other:?}"),
    }
}

fn recorded(step: &Step) -> &Recorded {
    match step.effects.as_slice() {
        [Effect::Record(record)] => record,
        other => panic!("expected one record, got {other:?}"),
    }
}

fn answer(session: &mut Session, text: &str, now: Timestamp) -> Step {
    session.apply(Action::Answer(text.into()), now, &())
}

#[test]
fn right_typo_and_wrong_answers_map_to_ratings() {
    struct Case {
        name: &'static str,
        card: &'static str,
        reply: &'static str,
        verdict: Verdict,
        rating: Rating,
    }
    let cases = [
        Case {
            name: "exact",
            card: "capital",
            reply: "Karachi",
            verdict: Verdict::Right,
            rating: Rating::Good,
        },
        Case {
            name: "typo",
            card: "capital",
            reply: "Karahci",
            verdict: Verdict::Typo,
            rating: Rating::Hard,
        },
        Case {
            name: "wrong",
            card: "capital",
            reply: "Lahore",
            verdict: Verdict::Wrong,
            rating: Rating::Again,
        },
        Case {
            name: "year in a sentence",
            card: "cento",
            reply: "in 1955",
            verdict: Verdict::Right,
            rating: Rating::Good,
        },
        Case {
            name: "near-miss year",
            card: "cento",
            reply: "1954",
            verdict: Verdict::Wrong,
            rating: Rating::Again,
        },
        Case {
            name: "true/false",
            card: "u2",
            reply: "y",
            verdict: Verdict::Right,
            rating: Rating::Good,
        },
    ];
    for case in cases {
        let (mut session, _) = start(Purpose::Study, &[case.card]);
        let step = answer(&mut session, case.reply, at(1));
        let fb = feedback(&step);
        assert_eq!(
            (fb.graded.verdict, fb.rating),
            (case.verdict, case.rating),
            "{}",
            case.name
        );
        let record = recorded(&step);
        assert_eq!(record.rating, case.rating, "{}", case.name);
        assert_eq!(record.answer.as_deref(), Some(case.reply), "{}", case.name);
        assert!(
            record.after.is_some(),
            "{}: study answers are scheduled",
            case.name
        );
        assert_eq!(record.duration, Duration::from_mins(1), "{}", case.name);
    }
}

#[test]
fn choice_options_are_shuffled_by_seed_and_answered_by_number() {
    let (mut session, first) = start(Purpose::Study, &["premier"]);
    let View::Ask(prompt) = &first.view else {
        panic!("question expected")
    };
    let mut sorted = prompt.choices.clone();
    sorted.sort();
    assert_eq!(sorted, ["Bulganin", "Gromyko", "Khrushchev", "Kosygin"]);
    let position = prompt
        .choices
        .iter()
        .position(|c| c == "Kosygin")
        .expect("present")
        + 1;
    // The same seed gives the same order.
    let (_, again) = start(Purpose::Study, &["premier"]);
    let View::Ask(again) = &again.view else {
        panic!("question expected")
    };
    assert_eq!(again.choices, prompt.choices);
    let step = answer(&mut session, &position.to_string(), at(1));
    assert_eq!(feedback(&step).graded.verdict, Verdict::Right);
}

#[test]
fn fast_right_answers_are_easy_only_for_a_person_at_a_terminal() {
    for (fast_is_easy, rating) in [(true, Rating::Easy), (false, Rating::Good)] {
        let (decks, mut items) = items(&["capital"]);
        items[0].typical_ms = Some(10_000);
        let mut config = Config::new(Purpose::Study, 1);
        config.fast_is_easy = fast_is_easy;
        let (mut session, _) = Session::new(decks, items, config, secs(0));
        let step = answer(&mut session, "Karachi", secs(3));
        assert_eq!(
            feedback(&step).rating,
            rating,
            "fast_is_easy: {fast_is_easy}"
        );
    }
}

#[test]
fn a_wrong_card_comes_back_after_its_learning_step() {
    let (mut session, first) = start(Purpose::Study, &["capital", "cento"]);
    assert_eq!(asked(&first), "capital");
    answer(&mut session, "Lahore", at(1));
    let next = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&next), "cento");
    answer(&mut session, "1955", at(1));
    // The queue is empty; the missed card (due in a minute) is shown within the learn-ahead window.
    let back = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&back), "capital");
    let View::Ask(prompt) = &back.view else {
        panic!()
    };
    assert!(prompt.repeat);
    assert_eq!(prompt.state, State::Learning);
    answer(&mut session, "Karachi", at(2));
    // Good on the first step: the 10-minute step. Both cards are now learning; the one due
    // first (cento, at 09:11) comes first, then capital (09:12).
    let next = session.apply(Action::Continue, at(2), &());
    assert_eq!(asked(&next), "cento");
    answer(&mut session, "1955", at(3));
    let last = session.apply(Action::Continue, at(3), &());
    assert_eq!(asked(&last), "capital");
}

#[test]
fn a_learning_card_due_now_comes_before_the_queue() {
    let (mut session, _) = start(Purpose::Study, &["capital", "cento", "u2"]);
    answer(&mut session, "wrong", at(0));
    session.apply(Action::Continue, at(0), &());
    // Two minutes later the missed card (1-minute step) is due: it jumps the queue.
    answer(&mut session, "1955", at(2));
    let next = session.apply(Action::Continue, at(2), &());
    assert_eq!(asked(&next), "capital");
}

#[test]
fn hint_makes_a_right_answer_hard() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    let step = session.apply(Action::Hint, at(0), &());
    let View::Ask(prompt) = &step.view else {
        panic!()
    };
    assert_eq!(
        prompt.hint.as_deref().map(|h| h.starts_with('K')),
        Some(true)
    );
    let step = answer(&mut session, "Karachi", at(1));
    assert!(feedback(&step).hinted);
    assert_eq!(feedback(&step).rating, Rating::Hard);
}

#[test]
fn skip_moves_a_card_to_the_end_once() {
    let (mut session, _) = start(Purpose::Practice, &["capital", "cento"]);
    let step = session.apply(Action::Skip, at(0), &());
    assert_eq!(asked(&step), "cento");
    assert!(step.effects.is_empty());
    answer(&mut session, "1955", at(0));
    let step = session.apply(Action::Continue, at(0), &());
    assert_eq!(asked(&step), "capital");
    let step = session.apply(Action::Skip, at(0), &());
    // Skipped twice: it leaves the session, still due next time.
    assert!(matches!(step.view, View::Finished(_)));
    assert_eq!(session.summary().skipped, 1);
}

#[test]
fn undo_takes_back_the_last_answer_and_asks_again() {
    let (mut session, _) = start(Purpose::Study, &["capital", "cento"]);
    answer(&mut session, "Lahore", at(1));
    let step = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&step), "cento");
    let step = session.apply(Action::Undo, at(1), &());
    assert_eq!(step.effects, vec![Effect::Unrecord]);
    assert_eq!(asked(&step), "capital");
    // The missed copy waiting in the learning queue is gone with the answer.
    let step = answer(&mut session, "Karachi", at(2));
    assert_eq!(feedback(&step).rating, Rating::Good);
    assert_eq!(recorded(&step).before, CardState::default());
    let step = session.apply(Action::Continue, at(2), &());
    assert_eq!(asked(&step), "cento");
    let summary = session.summary();
    assert_eq!((summary.answered, summary.right, summary.wrong), (1, 1, 0));
}

#[test]
fn undo_during_feedback_and_with_nothing_to_undo() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    let step = session.apply(Action::Undo, at(0), &());
    assert_eq!(step.notice, Some(Notice::NothingToUndo));
    assert!(step.effects.is_empty());
    answer(&mut session, "Karachi", at(1));
    let step = session.apply(Action::Undo, at(1), &());
    assert_eq!(asked(&step), "capital");
    assert_eq!(step.effects, vec![Effect::Unrecord]);
}

#[test]
fn the_learner_can_override_the_verdict() {
    let (mut session, _) = start(Purpose::Practice, &["capital", "cento"]);
    answer(&mut session, "Karachi harbour", at(1));
    let step = session.apply(Action::Override(true), at(1), &());
    assert_eq!(step.effects.len(), 2);
    assert_eq!(step.effects[0], Effect::Unrecord);
    let Effect::Record(record) = &step.effects[1] else {
        panic!()
    };
    assert_eq!(record.rating, Rating::Good);
    assert!(record.correct);
    let fb = feedback(&step);
    assert!(fb.overridden);
    // Overriding to right also cancels the practice repeat of the missed card.
    let next = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&next), "cento");
    answer(&mut session, "1955", at(1));
    let end = session.apply(Action::Continue, at(1), &());
    assert!(matches!(end.view, View::Finished(_)));
}

#[test]
fn quitting_mid_session_reports_what_is_left() {
    let (mut session, _) = start(Purpose::Study, &["capital", "cento", "u2"]);
    answer(&mut session, "Karachi", at(1));
    session.apply(Action::Continue, at(1), &());
    let step = session.apply(Action::Quit, at(2), &());
    let View::Finished(summary) = step.view else {
        panic!()
    };
    assert!(summary.quit);
    assert_eq!(summary.answered, 1);
    // cento (on screen, unanswered), u2 (queued) and capital (its next step is due within the
    // learn-ahead window).
    assert_eq!(summary.unanswered, 3);
    assert_eq!(summary.elapsed, Duration::from_mins(2));
}

#[test]
fn the_card_on_screen_when_quitting_is_left_for_later() {
    // Quitting at a question, or at a flashcard's revealed answer, before answering it.
    let (mut session, _) = start(Purpose::Study, &["capital", "cento"]);
    let step = session.apply(Action::Quit, at(0), &());
    let View::Finished(summary) = step.view else {
        panic!("finished expected")
    };
    assert_eq!((summary.answered, summary.unanswered), (0, 2));

    let (decks, items) = items(&["capital", "cento"]);
    let mut config = Config::new(Purpose::Study, 1);
    config.flip = true;
    let (mut session, _) = Session::new(decks, items, config, at(0));
    session.apply(Action::Answer(String::new()), at(0), &());
    let step = session.apply(Action::Quit, at(1), &());
    let View::Finished(summary) = step.view else {
        panic!("finished expected")
    };
    assert_eq!((summary.answered, summary.unanswered), (0, 2));
}

#[test]
fn flashcards_reveal_then_rate_with_intervals() {
    let (decks, items) = items(&["capital", "cento"]);
    let mut config = Config::new(Purpose::Study, 1);
    config.flip = true;
    let (mut session, _) = Session::new(decks, items, config, at(0));
    let step = session.apply(Action::Answer(String::new()), at(0), &());
    let View::Reveal(revealed) = &step.view else {
        panic!("revealed expected")
    };
    let intervals = revealed.intervals.expect("study previews intervals");
    assert_eq!(intervals[0], Duration::from_mins(1));
    assert!(intervals[2] < intervals[3]);
    let step = session.apply(Action::Rate(Rating::Good), at(1), &());
    assert_eq!(asked(&step), "cento");
    assert_eq!(step.rated.map(|(r, _)| r), Some(Rating::Good));
    let record = recorded(&step);
    assert_eq!(record.answer, None);
    assert_eq!(record.verdict, None);
}

#[test]
fn practice_never_schedules_and_repeats_a_wrong_card() {
    let (mut session, _) = start(Purpose::Practice, &["capital", "cento"]);
    let step = answer(&mut session, "Lahore", at(1));
    assert_eq!(recorded(&step).after, None);
    assert_eq!(feedback(&step).interval, None);
    let step = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&step), "cento");
    answer(&mut session, "1955", at(1));
    let step = session.apply(Action::Continue, at(1), &());
    assert_eq!(asked(&step), "capital");
    let View::Ask(prompt) = &step.view else {
        panic!()
    };
    assert!(prompt.repeat);
}

#[test]
fn a_choice_key_beyond_the_options_is_asked_again_without_recording() {
    for purpose in [Purpose::Study, Purpose::Drill] {
        let (mut session, _) = start(purpose, &["premier"]);
        for slip in ["5", "0", "(9)"] {
            let step = answer(&mut session, slip, at(1));
            assert_eq!(
                step.notice,
                Some(Notice::NotAnOption { options: 4 }),
                "{slip}"
            );
            assert!(step.effects.is_empty(), "{slip}: nothing recorded");
            assert_eq!(asked(&step), "premier", "{slip}: still asked");
        }
        let step = answer(&mut session, "Kosygin", at(2));
        assert_eq!(feedback(&step).graded.verdict, Verdict::Right);
        assert_eq!(recorded(&step).rating, Rating::Good);
    }
}

#[test]
fn a_bare_quit_is_not_taken_as_an_answer() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    for word in ["q", "Quit", " exit "] {
        let step = answer(&mut session, word, at(1));
        assert_eq!(step.notice, Some(Notice::QuitWithColon), "{word}");
        assert!(step.effects.is_empty(), "{word}: nothing recorded");
        assert_eq!(asked(&step), "capital", "{word}: still asked");
    }
    let step = answer(&mut session, "Karachi", at(2));
    assert_eq!(recorded(&step).rating, Rating::Good);
}

#[test]
fn drills_allow_no_hints_undo_or_repeats() {
    let (mut session, _) = start(Purpose::Drill, &["capital", "cento"]);
    assert_eq!(
        session.apply(Action::Hint, at(0), &()).notice,
        Some(Notice::NoHintsInDrill)
    );
    let step = answer(&mut session, "Lahore", at(0));
    assert_eq!(recorded(&step).after, None);
    assert_eq!(
        session.apply(Action::Undo, at(0), &()).notice,
        Some(Notice::NoUndoInDrill)
    );
    let step = session.apply(Action::Continue, at(0), &());
    assert_eq!(asked(&step), "cento");
    let step = session.apply(Action::Timeout, at(1), &());
    let View::Finished(summary) = step.view else {
        panic!()
    };
    assert_eq!((summary.answered, summary.skipped), (1, 1));
}

#[test]
fn another_cards_answer_is_never_a_typo() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    let book = |_: &crate::deck::DeckId, _: &CardId, normalized: &str| normalized == "karachii";
    let step = session.apply(Action::Answer("Karachii".into()), at(1), &book);
    assert_eq!(feedback(&step).graded.verdict, Verdict::Wrong);
}

#[test]
fn summary_counts_runs_missed_and_slowest() {
    let (mut session, _) = start(Purpose::Practice, &["capital", "cento", "u2"]);
    answer(&mut session, "Karachi", secs(5));
    session.apply(Action::Continue, secs(5), &());
    answer(&mut session, "1954", secs(30));
    session.apply(Action::Continue, secs(30), &());
    answer(&mut session, "yes", secs(32));
    session.apply(Action::Continue, secs(32), &());
    let summary = session.summary();
    assert_eq!((summary.right, summary.wrong), (2, 1));
    assert_eq!(summary.best_run, 1);
    assert_eq!(summary.missed.len(), 1);
    assert_eq!(summary.missed[0].card.as_str(), "cento");
    assert_eq!(summary.slowest[0].card.as_str(), "cento");
    assert_eq!(summary.accuracy, Some(2.0 / 3.0));
}

#[test]
fn overriding_in_study_keeps_the_card_in_learning() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    answer(&mut session, "Karachi harbour", at(1));
    let step = session.apply(Action::Override(true), at(1), &());
    let Effect::Record(record) = &step.effects[1] else {
        panic!()
    };
    let after = record.after.as_ref().expect("scheduled");
    assert_eq!((after.state, after.step), (State::Learning, 1));
}

fn drill(rules: DrillRules, ids: &[&str]) -> (Session, Step) {
    let (decks, items) = items(ids);
    let mut config = Config::new(Purpose::Drill, 9);
    config.drill = Some(rules);
    Session::new(decks, items, config, secs(0))
}

#[test]
fn speed_scoring_rewards_fast_right_answers() {
    let cases = [
        (true, 0, 1000),
        (true, 15, 750),
        (true, 30, 500),
        (true, 90, 500),
        (false, 1, 0),
    ];
    for (right, taken, points) in cases {
        assert_eq!(
            Scoring::Speed.points(right, Duration::from_secs(taken), Duration::from_secs(30)),
            points,
            "{right} after {taken}s"
        );
    }
    assert_eq!(
        Scoring::Plain.points(true, Duration::from_secs(99), Duration::ZERO),
        1
    );
}

#[test]
fn a_drill_scores_each_answer_and_reports_the_paper() {
    let rules = DrillRules {
        time_limit: None,
        per_question: Some(Duration::from_secs(20)),
        scoring: Scoring::Speed,
    };
    let (mut session, first) = drill(rules, &["capital", "cento", "u2"]);
    let View::Ask(prompt) = &first.view else {
        panic!()
    };
    let paper = prompt.paper.expect("drill status");
    assert_eq!(
        (paper.question, paper.questions, paper.max_score),
        (1, 3, 3000)
    );
    assert_eq!(paper.deadline, Some(secs(20)));
    let step = answer(&mut session, "Karachi", secs(10));
    assert_eq!(recorded(&step).points, Some(750));
    assert_eq!(recorded(&step).position, 0);
    assert_eq!(feedback(&step).points, Some(750));
    session.apply(Action::Continue, secs(12), &());
    // Answered after the question's 20 seconds: unanswered, no record.
    let late = answer(&mut session, "1955", secs(40));
    assert!(late.effects.is_empty());
    assert_eq!(late.notice, Some(Notice::QuestionTimeUp));
    let step = answer(&mut session, "no", secs(41));
    assert_eq!(recorded(&step).points, Some(0));
    let end = session.apply(Action::Continue, secs(42), &());
    let View::Finished(summary) = end.view else {
        panic!()
    };
    let result = summary.drill.expect("drill result");
    assert_eq!((result.score, result.max_score), (750, 3000));
    assert_eq!(result.end, PaperEnd::Finished);
    assert_eq!(result.unanswered, vec![1]);
}

#[test]
fn when_the_paper_time_runs_out_the_rest_is_unanswered() {
    let rules = DrillRules {
        time_limit: Some(Duration::from_mins(1)),
        per_question: None,
        scoring: Scoring::Plain,
    };
    let (mut session, _) = drill(rules, &["capital", "cento", "u2"]);
    assert_eq!(session.deadline(), Some(secs(60)));
    answer(&mut session, "Karachi", secs(5));
    session.apply(Action::Continue, secs(6), &());
    let step = answer(&mut session, "1955", secs(61));
    assert!(
        step.effects.is_empty(),
        "an answer after the time limit is not recorded"
    );
    let View::Finished(summary) = step.view else {
        panic!("{:?}", step.view)
    };
    let result = summary.drill.expect("drill result");
    assert_eq!(result.end, PaperEnd::Timeout);
    assert_eq!((result.score, result.max_score), (1, 3));
    assert_eq!(result.unanswered, vec![1, 2]);
}

#[test]
fn quitting_a_drill_keeps_the_score_so_far() {
    let rules = DrillRules {
        time_limit: None,
        per_question: None,
        scoring: Scoring::Plain,
    };
    let (mut session, _) = drill(rules, &["capital", "cento"]);
    answer(&mut session, "Karachi", secs(5));
    let step = session.apply(Action::Quit, secs(6), &());
    let View::Finished(summary) = step.view else {
        panic!()
    };
    let result = summary.drill.expect("drill result");
    assert_eq!((result.score, result.end), (1, PaperEnd::Quit));
    assert_eq!(result.unanswered, vec![1]);
}

/// Regression: undoing the answer whose repeat is on screen must not leave the repeat queued.
#[test]
fn undo_while_the_missed_card_is_back_on_screen_leaves_no_stale_copy() {
    let (mut session, _) = start(Purpose::Study, &["capital"]);
    answer(&mut session, "London", at(1));
    let back = session.apply(Action::Continue, at(1), &());
    let View::Ask(prompt) = &back.view else {
        panic!()
    };
    assert!(prompt.repeat);
    let step = session.apply(Action::Undo, at(1), &());
    let View::Ask(prompt) = &step.view else {
        panic!()
    };
    assert_eq!(
        prompt.state,
        State::New,
        "asked again as it was before the undone answer"
    );
    assert_eq!(
        prompt.progress.remaining, 1,
        "no stale copy left in the queue"
    );
    let step = answer(&mut session, "Karachi", at(2));
    assert_eq!(recorded(&step).before, CardState::default());
}

/// Regression: two undos in a row with a repeat in between.
#[test]
fn a_double_undo_restores_both_cards_once() {
    let (mut session, _) = start(Purpose::Study, &["capital", "cento"]);
    answer(&mut session, "London", at(1));
    session.apply(Action::Continue, at(1), &());
    answer(&mut session, "1950", at(1));
    session.apply(Action::Continue, at(1), &());
    session.apply(Action::Undo, at(1), &());
    let step = session.apply(Action::Undo, at(1), &());
    let View::Ask(prompt) = &step.view else {
        panic!()
    };
    assert_eq!(prompt.card.id.as_str(), "capital");
    assert_eq!(prompt.progress.remaining, 2);
    answer(&mut session, "Karachi", at(2));
    let next = session.apply(Action::Continue, at(2), &());
    let View::Ask(prompt) = &next.view else {
        panic!()
    };
    assert_eq!(
        (prompt.card.id.as_str(), prompt.state),
        ("cento", State::New)
    );
}

#[test]
fn typed_answers_count_by_verdict_and_flashcards_by_rating() {
    let cases = [
        (Some(Verdict::Right), Rating::Again, true),
        (Some(Verdict::Typo), Rating::Hard, true),
        (Some(Verdict::Wrong), Rating::Good, false),
        (None, Rating::Again, false),
        (None, Rating::Hard, true),
        (None, Rating::Easy, true),
    ];
    for (verdict, rating, right) in cases {
        assert_eq!(
            counts_as_right(verdict, rating),
            right,
            "{verdict:?} {rating:?}"
        );
    }
}

/// A host that counts what it is asked to save and reports one card as answered elsewhere.
struct CountingHost {
    records: usize,
    unrecords: usize,
    changed: Option<Rescheduled>,
    clock: Timestamp,
}

impl Host for CountingHost {
    fn book(&self) -> &dyn AnswerBook {
        &()
    }

    fn perform(&mut self, effects: &[Effect]) -> anyhow::Result<Vec<Rescheduled>> {
        for effect in effects {
            match effect {
                Effect::Record(_) => self.records += 1,
                Effect::Unrecord => self.unrecords += 1,
            }
        }
        Ok(if self.records > 0 {
            self.changed.take().into_iter().collect()
        } else {
            Vec::new()
        })
    }

    fn now(&self) -> Timestamp {
        self.clock
    }
}

/// A front end that plays a script: `None` stands for a key that only redraws (help).
struct Script {
    actions: std::collections::VecDeque<Option<Action>>,
    shown: Vec<String>,
}

impl FrontEnd for Script {
    fn show(&mut self, step: &Step, _now: Timestamp) -> anyhow::Result<Option<Action>> {
        self.shown.push(match &step.view {
            View::Ask(prompt) => format!("ask {}", prompt.card.id),
            View::Feedback(feedback) => format!(
                "feedback {} {:?}",
                feedback.prompt.card.id,
                feedback.interval.map(|i| i.as_secs())
            ),
            View::Reveal(_) => "reveal".into(),
            View::Finished(_) => "finished".into(),
        });
        if matches!(step.view, View::Finished(_)) {
            return Ok(None);
        }
        Ok(self.actions.pop_front().unwrap_or(Some(Action::Quit)))
    }
}

#[test]
fn the_driver_saves_each_answer_once_and_redraws_without_saving() {
    let (mut session, first) = start(Purpose::Study, &["capital", "cento"]);
    let mut host = CountingHost {
        records: 0,
        unrecords: 0,
        changed: None,
        clock: at(0),
    };
    let mut script = Script {
        actions: [
            Some(Action::Answer("Karachi".into())),
            None,
            Some(Action::Continue),
            None,
            Some(Action::Answer("1955".into())),
            Some(Action::Undo),
            Some(Action::Answer("1955".into())),
            Some(Action::Continue),
        ]
        .into(),
        shown: Vec::new(),
    };
    let summary = drive(&mut session, first, &mut host, &mut script).expect("in memory");
    assert_eq!((host.records, host.unrecords), (3, 1));
    assert_eq!(summary.answered, 2);
    assert_eq!(
        script.shown.first().map(String::as_str),
        Some("ask capital")
    );
    assert_eq!(script.shown.last().map(String::as_str), Some("finished"));
    assert_eq!(
        script
            .shown
            .iter()
            .filter(|s| s.starts_with("feedback capital"))
            .count(),
        2,
        "the feedback is drawn again after the redraw key"
    );
}

#[test]
fn an_answer_rescheduled_by_the_host_shows_and_requeues_the_saved_outcome() {
    let (mut session, first) = start(Purpose::Study, &["capital"]);
    // Another process had taken the card to review: the host scheduled the answer from there.
    let elsewhere = crate::scheduler::Scheduler::new()
        .review(
            &CardState::default(),
            Rating::Easy,
            at(0),
            &Policy::default(),
            7,
        )
        .expect("schedulable");
    let saved = crate::scheduler::Scheduler::new()
        .review(&elsewhere.after, Rating::Good, at(1), &Policy::default(), 7)
        .expect("schedulable");
    let mut host = CountingHost {
        records: 0,
        unrecords: 0,
        changed: Some(Rescheduled {
            deck: session.decks()[0].id.clone(),
            card: "capital".parse().expect("an id"),
            outcome: saved.clone(),
        }),
        clock: at(1),
    };
    let mut script = Script {
        actions: [
            Some(Action::Answer("Karachi".into())),
            Some(Action::Continue),
        ]
        .into(),
        shown: Vec::new(),
    };
    let summary = drive(&mut session, first, &mut host, &mut script).expect("in memory");
    assert_eq!(
        script.shown[1],
        format!("feedback capital {:?}", Some(saved.interval.as_secs())),
        "the feedback shows what was saved"
    );
    // The copy the engine queued for the card's next learning step now carries the saved
    // state: it waits for the saved due time (days away), not for a learning step.
    assert_eq!(summary.learning_pending, 1);
    assert_eq!(summary.next_learning_due, saved.after.due);
}

// The second chance after a close reply.

const PEOPLE: &str = r#"
[deck]
id = "p"
title = "People"

[[card]]
id = "zab"
question = "Who was hanged in 1979?"
answer = "Zulfikar Ali Bhutto"

[[card]]
id = "bb"
question = "Who was the first woman to lead Pakistan?"
answer = "Benazir Bhutto"

[[card]]
id = "kosygin"
question = "Who was the Soviet premier at Tashkent?"
answer = "Alexei Kosygin"
"#;

/// A session over the people deck's `ids`, and the deck's whole context as the answer book.
fn people(
    purpose: Purpose,
    ids: &[&str],
) -> (
    Session,
    Step,
    std::collections::HashMap<DeckId, DeckContext>,
) {
    let deck = load_str(PEOPLE, Origin::File("p.toml".into()))
        .deck
        .expect("valid deck");
    let cards: Vec<Card> = deck.cards().collect();
    let items = ids
        .iter()
        .map(|id| Item {
            deck: 0,
            card: cards
                .iter()
                .find(|c| c.id.as_str() == *id)
                .cloned()
                .expect("card in deck"),
            state: CardState::default(),
            typical_ms: Some(60_000),
        })
        .collect();
    let decks = vec![SessionDeck {
        id: deck.id.clone(),
        title: deck.title.clone(),
        policy: Policy::from(&deck.schedule),
        flip: false,
    }];
    let book = std::collections::HashMap::from([(deck.id.clone(), DeckContext::new(&deck))]);
    let mut config = Config::new(purpose, 5);
    config.fast_is_easy = true;
    if purpose == Purpose::Drill {
        config.drill = Some(DrillRules {
            time_limit: None,
            per_question: None,
            scoring: Scoring::Plain,
        });
    }
    let (session, first) = Session::new(decks, items, config, secs(0));
    (session, first, book)
}

/// The second try a step asks for.
fn second_try(step: &Step) -> &SecondTry {
    match &step.view {
        View::Ask(prompt) => prompt.second_try.as_ref().expect("a second try"),
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn a_close_reply_is_asked_again_without_penalty_and_then_graded_normally() {
    struct Case {
        name: &'static str,
        second: &'static str,
        verdict: Verdict,
        rating: Rating,
        right: bool,
    }
    let cases = [
        Case {
            name: "right on the second try: Good, never Easy however fast",
            second: "Zulfikar Ali Bhutto",
            verdict: Verdict::Right,
            rating: Rating::Good,
            right: true,
        },
        Case {
            name: "right by initials",
            second: "Z. A. Bhutto",
            verdict: Verdict::Right,
            rating: Rating::Good,
            right: true,
        },
        Case {
            name: "a typo on the second try",
            second: "Zulfikar Ali Bhitto",
            verdict: Verdict::Typo,
            rating: Rating::Hard,
            right: true,
        },
        Case {
            name: "close again: Hard, with the answer shown",
            second: "Bhutto",
            verdict: Verdict::Close,
            rating: Rating::Hard,
            right: true,
        },
        Case {
            name: "the other Bhutto",
            second: "Benazir Bhutto",
            verdict: Verdict::Wrong,
            rating: Rating::Again,
            right: false,
        },
    ];
    for case in cases {
        let (mut session, first, book) = people(Purpose::Study, &["zab"]);
        assert_eq!(asked(&first), "zab");
        let step = session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
        assert!(step.effects.is_empty(), "{}: nothing recorded", case.name);
        let second = second_try(&step);
        assert_eq!(second.reply, "Bhutto");
        assert_eq!(second.question(), "Which Bhutto?", "{}", case.name);
        assert_eq!(second.graded.verdict, Verdict::Close);
        let step = session.apply(Action::Answer(case.second.into()), secs(2), &book);
        let shown = feedback(&step);
        assert_eq!(shown.graded.verdict, case.verdict, "{}", case.name);
        assert_eq!(shown.rating, case.rating, "{}", case.name);
        assert_eq!(shown.graded.expected, "Zulfikar Ali Bhutto");
        let record = recorded(&step);
        assert_eq!(record.answer.as_deref(), Some(case.second), "{}", case.name);
        assert_eq!(record.verdict, Some(case.verdict), "{}", case.name);
        assert_eq!(record.correct, case.right, "{}", case.name);
        assert_eq!(
            record.duration,
            Duration::from_secs(2),
            "both tries are timed"
        );
    }
}

#[test]
fn a_second_close_is_counted_as_close_in_the_summary() {
    let (mut session, _, book) = people(Purpose::Study, &["zab", "kosygin"]);
    session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
    session.apply(Action::Answer("Bhutto".into()), secs(2), &book);
    session.apply(Action::Continue, secs(3), &book);
    // Kosygin alone is no one else in this deck: right, and fast enough to be Easy.
    let step = session.apply(Action::Answer("Kosygin".into()), secs(4), &book);
    let shown = feedback(&step);
    assert_eq!(shown.graded.verdict, Verdict::Right);
    assert_eq!(shown.rating, Rating::Easy);
    let summary = session.summary();
    assert_eq!(
        (summary.right, summary.typo, summary.close, summary.wrong),
        (1, 0, 1, 0)
    );
    assert_eq!(summary.accuracy, Some(1.0));
    assert!(summary.missed.is_empty());
}

#[test]
fn a_drill_gives_no_second_chance_and_counts_a_close_reply_as_wrong() {
    let (mut session, _, book) = people(Purpose::Drill, &["zab"]);
    let step = session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
    let shown = feedback(&step);
    assert_eq!(shown.graded.verdict, Verdict::Close);
    assert_eq!(shown.graded.prompt.as_deref(), Some("Which Bhutto?"));
    assert_eq!(shown.points, Some(0));
    let record = recorded(&step);
    assert_eq!(record.verdict, Some(Verdict::Close));
    assert_eq!(record.rating, Rating::Again);
    assert!(!record.correct);
    let summary = session.summary();
    assert_eq!((summary.close, summary.wrong), (0, 1));
}

#[test]
fn hints_skips_and_undo_during_a_second_try() {
    // A hint keeps the second try, and a right answer after it is Hard.
    let (mut session, _, book) = people(Purpose::Study, &["zab", "kosygin"]);
    session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
    let step = session.apply(Action::Hint, secs(2), &book);
    assert_eq!(second_try(&step).question(), "Which Bhutto?");
    let step = session.apply(Action::Answer("Zulfikar Bhutto".into()), secs(3), &book);
    assert_eq!(feedback(&step).rating, Rating::Hard);

    // Skipped during its second try, the card comes back fresh at the end.
    let (mut session, _, book) = people(Purpose::Study, &["zab", "kosygin"]);
    session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
    let step = session.apply(Action::Skip, secs(2), &book);
    assert!(step.effects.is_empty());
    assert_eq!(asked(&step), "kosygin");
    session.apply(Action::Answer("Kosygin".into()), secs(3), &book);
    let step = session.apply(Action::Continue, secs(4), &book);
    assert_eq!(asked(&step), "zab");
    let View::Ask(prompt) = &step.view else {
        panic!()
    };
    assert_eq!(prompt.second_try, None);

    // Undo during a second try takes back the answer before it; the card on screen waits.
    let (mut session, _, book) = people(Purpose::Study, &["kosygin", "zab"]);
    session.apply(Action::Answer("Kosygin".into()), secs(1), &book);
    session.apply(Action::Continue, secs(2), &book);
    session.apply(Action::Answer("Bhutto".into()), secs(3), &book);
    let step = session.apply(Action::Undo, secs(4), &book);
    assert_eq!(step.effects, vec![Effect::Unrecord]);
    assert_eq!(asked(&step), "kosygin");
    session.apply(Action::Answer("Kosygin".into()), secs(5), &book);
    let step = session.apply(Action::Continue, secs(6), &book);
    assert_eq!(asked(&step), "zab");
}

#[test]
fn a_close_reply_that_stood_can_be_corrected_either_way() {
    for (right, verdict, rating) in [
        (true, Verdict::Right, Rating::Good),
        (false, Verdict::Wrong, Rating::Again),
    ] {
        let (mut session, _, book) = people(Purpose::Study, &["zab"]);
        session.apply(Action::Answer("Bhutto".into()), secs(1), &book);
        session.apply(Action::Answer("Bhutto".into()), secs(2), &book);
        let step = session.apply(Action::Override(right), secs(3), &book);
        let shown = feedback(&step);
        assert!(shown.overridden);
        assert_eq!((shown.graded.verdict, shown.rating), (verdict, rating));
        assert_eq!(
            step.effects.len(),
            2,
            "undo the close answer, record the corrected one"
        );
    }
}

#[test]
fn without_the_deck_a_lone_surname_is_close_and_gets_its_second_chance() {
    let (mut session, _, _) = people(Purpose::Study, &["kosygin"]);
    // No context: the grader cannot know that no one else is called Kosygin.
    let step = session.apply(Action::Answer("Kosygin".into()), secs(1), &());
    assert_eq!(second_try(&step).graded.verdict, Verdict::Close);
    let step = session.apply(Action::Answer("Alexei Kosygin".into()), secs(2), &());
    assert_eq!(feedback(&step).rating, Rating::Good);
}

/// A book that counts how often a deck's context is asked for.
struct CountingBook(std::cell::Cell<usize>);

impl AnswerBook for CountingBook {
    fn context(&self, _deck: &DeckId) -> Option<&DeckContext> {
        self.0.set(self.0.get() + 1);
        None
    }

    fn is_other_answer(&self, _: &DeckId, _: &CardId, _: &str) -> bool {
        false
    }
}

#[test]
fn the_deck_context_is_asked_for_only_by_cards_that_use_it() {
    let (mut session, _) = start(Purpose::Practice, &["cento", "u2", "capital"]);
    let book = CountingBook(std::cell::Cell::new(0));
    for reply in ["1955", "y", "Karachi"] {
        session.apply(Action::Answer(reply.into()), at(1), &book);
        session.apply(Action::Continue, at(1), &book);
    }
    assert_eq!(book.0.get(), 1, "only the text card reads the deck");
}

/// `n` typed cards `c0`.. (answer `a<i>`) of one deck, as session items.
fn many(n: usize) -> (Vec<SessionDeck>, Vec<Item>) {
    let mut text = "[deck]\nid = \"m\"\ntitle = \"Many\"\n".to_owned();
    for i in 0..n {
        text.push_str(&format!(
            "[[card]]\nid = \"c{i}\"\nquestion = \"Q{i}?\"\nanswer = \"a{i}\"\n"
        ));
    }
    let deck = load_str(&text, Origin::File("m.toml".into()))
        .deck
        .expect("valid deck");
    session_of(&deck, deck.cards())
}

/// What the learner does at the `i`th step of a script, seen from the step on screen: every
/// `wrong`th question is missed, every `skip`th skipped, every `undo`th answer taken back, and
/// the session is quit at step `quit`.
struct Learner {
    wrong: usize,
    skip: usize,
    undo: usize,
    quit: usize,
}

impl Learner {
    fn action(&self, i: usize, step: &Step) -> Action {
        match &step.view {
            _ if i == self.quit => Action::Quit,
            View::Ask(_) if i.is_multiple_of(self.skip) => Action::Skip,
            View::Ask(prompt) if i.is_multiple_of(self.wrong) => {
                Action::Answer(format!("{}x", prompt.card.id))
            }
            View::Ask(prompt) => Action::Answer(prompt.card.answer.clone()),
            View::Feedback(_) if i.is_multiple_of(self.undo) => Action::Undo,
            _ => Action::Continue,
        }
    }
}

#[test]
fn a_session_handed_its_items_as_it_asks_runs_as_one_started_with_all_of_them() {
    let scripts = [
        Learner {
            wrong: 1000,
            skip: 1000,
            undo: 1000,
            quit: 1000,
        },
        Learner {
            wrong: 3,
            skip: 1000,
            undo: 1000,
            quit: 1000,
        },
        Learner {
            wrong: 4,
            skip: 7,
            undo: 11,
            quit: 1000,
        },
        Learner {
            wrong: 5,
            skip: 3,
            undo: 1000,
            quit: 60,
        },
        Learner {
            wrong: 2,
            skip: 5,
            undo: 9,
            quit: 25,
        },
    ];
    for purpose in [Purpose::Study, Purpose::Practice] {
        for (s, script) in scripts.iter().enumerate() {
            for (cards, first) in [(40, 1), (40, 8), (12, 3), (5, 2), (90, 1)] {
                let what = format!("{purpose:?}, script {s}, {cards} cards, {first} first");
                let (decks, items) = many(cards);
                let (mut whole, mut expected) =
                    Session::new(decks.clone(), items.clone(), Config::new(purpose, 7), at(0));
                let mut rest: std::collections::VecDeque<Item> = items.into();
                let first: Vec<Item> = rest.drain(..first.min(rest.len())).collect();
                let (mut lazy, mut got) =
                    Session::starting(decks, (first, rest.len()), Config::new(purpose, 7), at(0));
                for i in 0..3000 {
                    assert_eq!(got, expected, "{what}, step {i}");
                    if matches!(expected.view, View::Finished(_)) {
                        break;
                    }
                    let action = script.action(i, &expected);
                    let wanted = lazy.wanted();
                    if wanted > 0 {
                        let batch: Vec<Item> = rest.drain(..wanted.min(rest.len())).collect();
                        lazy.supply(batch, rest.len());
                    }
                    let now = at(u64::try_from(i).expect("small") / 4);
                    expected = whole.apply(action.clone(), now, &());
                    got = lazy.apply(action, now, &());
                }
                assert!(matches!(got.view, View::Finished(_)), "{what}");
                assert_eq!(lazy.summary(), whole.summary(), "{what}");
            }
        }
    }
}

#[test]
fn items_that_never_come_end_the_queue_and_leave_the_count() {
    let (decks, items) = many(3);
    let (mut session, step) = Session::starting(
        decks,
        (items[..1].to_vec(), 5),
        Config::new(Purpose::Practice, 7),
        at(0),
    );
    let View::Ask(prompt) = &step.view else {
        panic!("expected a question, got {:?}", step.view)
    };
    assert_eq!(prompt.progress.remaining, 6);
    assert!(session.wanted() > 0);
    // Two of the five could be read: the session goes on with them and counts no more.
    session.supply(items[1..].to_vec(), 0);
    assert_eq!(session.wanted(), 0);
    answer(&mut session, "a0", at(1));
    let step = session.apply(Action::Continue, at(1), &());
    let View::Ask(prompt) = &step.view else {
        panic!("expected a question, got {:?}", step.view)
    };
    assert_eq!(
        (prompt.card.id.as_str(), prompt.progress.remaining),
        ("c1", 2)
    );
}
