//! The game's rules, one behaviour per test, with time passed in by hand.

use std::collections::HashMap;
use std::time::Duration;

use super::*;
use crate::deck::{Origin, load_str};
use crate::grading::answer_forms;
use crate::live::names::NameFilter;
use crate::live::protocol::{Refusal, Rejection, ServerMsg};

const PIN: &str = "482913";

const DECK: &str = r#"
[deck]
id = "d"
title = "Test deck"

[[card]]
id = "city"
question = "In which city was the festival held?"
answer = "Karachi"
accept = ["Karachi city"]
explain = "It was held in Karachi."

[[card]]
id = "year"
kind = "year"
question = "Which year did Pakistan join CENTO?"
answer = "1955"

[[card]]
id = "premier"
kind = "choice"
question = "Which premier visited in 1968?"
answer = "Kosygin"
choices = ["Kosygin", "Bulganin", "Gromyko"]

[[card]]
id = "u2"
kind = "truefalse"
question = "The incident worsened relations."
answer = true

[[card]]
id = "other"
question = "A decoy whose answer is close to another card's"
answer = "Karahci"
"#;

fn questions(deck: &str) -> (Vec<GameQuestion>, HashMap<DeckId, DeckContext>) {
    let deck = load_str(deck, Origin::File("d.toml".into()))
        .deck
        .expect("valid deck");
    let cards: Vec<Card> = deck.cards().collect();
    let context = DeckContext::new(&deck);
    let questions = cards
        .iter()
        .filter(|card| card.id.as_str() != "other")
        .map(|card| GameQuestion {
            deck: deck.id.clone(),
            card: card.clone(),
            // A fixed order keeps the tests readable; the server uses choice_order.
            choices: card.choices.clone(),
        })
        .collect();
    (questions, HashMap::from([(deck.id.clone(), context)]))
}

fn setup_from(deck: &str, scoring: Scoring) -> Setup {
    let (questions, contexts) = questions(deck);
    Setup {
        title: "Test deck".into(),
        pin: PIN.into(),
        questions,
        contexts,
        per_question: Duration::from_secs(20),
        scoring,
        max_players: 200,
        names: NameFilter::Open,
    }
}

fn game() -> Game {
    Game::new(setup_from(DECK, Scoring::Plain))
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_millis(1_000_000 + ms)
}

fn join_input(conn: ConnId, name: &str, token: Option<&str>) -> Input {
    Input::Join {
        conn,
        v: VERSION,
        pin: PIN.into(),
        name: name.into(),
        token: token.map(str::to_owned),
        new_token: format!("token-{conn}"),
    }
}

fn answer_text(conn: ConnId, question: usize, text: &str) -> Input {
    Input::Answer {
        conn,
        question,
        choice: None,
        text: Some(text.into()),
    }
}

fn answer_choice(conn: ConnId, question: usize, choice: usize) -> Input {
    Input::Answer {
        conn,
        question,
        choice: Some(choice),
        text: None,
    }
}

const NEXT: Input = Input::Host(HostAction::Next);

/// The messages of a step for one connection (broadcasts included).
fn for_conn(step: &Step, conn: ConnId, game: &Game) -> Vec<ServerMsg> {
    let connected: Vec<ConnId> = game.player_conns().collect();
    step.outgoing
        .iter()
        .filter(|o| match o.to {
            Audience::Conn(c) => c == conn,
            Audience::Players => connected.contains(&conn),
        })
        .map(|o| o.msg.clone())
        .collect()
}

fn only(step: &Step, conn: ConnId, game: &Game) -> ServerMsg {
    let messages = for_conn(step, conn, game);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    messages.into_iter().next().expect("one message")
}

fn welcome_name(step: &Step, conn: ConnId, game: &Game) -> String {
    match for_conn(step, conn, game).first() {
        Some(ServerMsg::Welcome { name, .. }) => name.clone(),
        other => panic!("not welcomed: {other:?}"),
    }
}

fn refusal(step: &Step, conn: ConnId, game: &Game) -> Refusal {
    match only(step, conn, game) {
        ServerMsg::Refused { reason, .. } => reason,
        other => panic!("not refused: {other:?}"),
    }
}

fn rejection(step: &Step, conn: ConnId, game: &Game) -> Rejection {
    match only(step, conn, game) {
        ServerMsg::Rejected { reason, .. } => reason,
        other => panic!("not rejected: {other:?}"),
    }
}

fn reveal(step: &Step, conn: ConnId, game: &Game) -> RevealMsg {
    for_conn(step, conn, game)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Reveal(reveal) => Some(reveal),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no reveal for {conn}: {step:#?}"))
}

/// A game with players on connections 1..=n, in the lobby.
fn with_players(n: u64) -> Game {
    let mut game = game();
    for conn in 1..=n {
        game.apply(join_input(conn, &format!("P{conn}"), None), at(0));
    }
    game
}

#[test]
fn a_player_joins_with_the_pin_and_everyone_sees_the_count() {
    let mut game = game();
    let step = game.apply(join_input(1, "Ali", None), at(0));
    let messages = for_conn(&step, 1, &game);
    assert!(matches!(
        &messages[0],
        ServerMsg::Welcome { name, token, rejoined: false, game: info, .. }
            if name == "Ali" && token == "token-1" && info.questions == 4
    ));
    assert_eq!(messages[1], ServerMsg::Lobby { players: 1 });
    assert_eq!(
        step.records,
        [Record::Joined {
            player: PlayerId(0),
            name: "Ali".into(),
            at: at(0)
        }]
    );
    let step = game.apply(join_input(2, "Bilal", None), at(10));
    assert_eq!(
        for_conn(&step, 1, &game),
        [ServerMsg::Lobby { players: 2 }],
        "the first player hears about the second"
    );
}

#[test]
fn joins_are_refused_for_a_wrong_pin_version_or_a_second_join() {
    let mut game = game();
    let wrong_pin = Input::Join {
        conn: 1,
        v: VERSION,
        pin: "000000".into(),
        name: "Ali".into(),
        token: None,
        new_token: "t".into(),
    };
    let step = game.apply(wrong_pin, at(0));
    assert_eq!(refusal(&step, 1, &game), Refusal::Pin);
    assert!(step.records.is_empty());
    let old_page = Input::Join {
        conn: 2,
        v: VERSION + 1,
        pin: PIN.into(),
        name: "Ali".into(),
        token: None,
        new_token: "t".into(),
    };
    let step = game.apply(old_page, at(0));
    assert_eq!(refusal(&step, 2, &game), Refusal::Version);
    game.apply(join_input(3, "Ali", None), at(0));
    let step = game.apply(join_input(3, "Ali again", None), at(0));
    assert_eq!(refusal(&step, 3, &game), Refusal::AlreadyJoined);
    assert_eq!(game.view(at(0)).players.len(), 1);
}

#[test]
fn duplicate_names_are_numbered_and_names_are_cleaned() {
    let mut game = game();
    let names: Vec<String> = ["Ali", "ali", " ALI ", "\u{1b}[2JBilal", "<b>Chen</b>"]
        .iter()
        .zip(1..)
        .map(|(name, conn)| {
            let step = game.apply(join_input(conn, name, None), at(0));
            welcome_name(&step, conn, &game)
        })
        .collect();
    assert_eq!(names, ["Ali", "ali 2", "ALI 3", "Bilal", "bChenb"]);
    let step = game.apply(join_input(9, "  \u{7} ", None), at(0));
    assert_eq!(refusal(&step, 9, &game), Refusal::Name);
}

#[test]
fn a_roster_keeps_out_unknown_names() {
    let mut setup = setup_from(DECK, Scoring::Plain);
    setup.names = NameFilter::Roster(vec!["Ayesha Khan".into()]);
    let mut game = Game::new(setup);
    let step = game.apply(join_input(1, "ayesha khan", None), at(0));
    assert_eq!(welcome_name(&step, 1, &game), "Ayesha Khan");
    let step = game.apply(join_input(2, "Mallory", None), at(0));
    assert_eq!(refusal(&step, 2, &game), Refusal::Name);
    let step = game.apply(join_input(3, "Ayesha Khan", None), at(0));
    assert_eq!(
        refusal(&step, 3, &game),
        Refusal::Name,
        "one player per name"
    );
}

#[test]
fn the_player_limit_counts_players_not_reconnects() {
    let mut setup = setup_from(DECK, Scoring::Plain);
    setup.max_players = 2;
    let mut game = Game::new(setup);
    game.apply(join_input(1, "A", None), at(0));
    game.apply(join_input(2, "B", None), at(0));
    let step = game.apply(join_input(3, "C", None), at(0));
    assert_eq!(refusal(&step, 3, &game), Refusal::Full);
    game.apply(Input::Left { conn: 1 }, at(1));
    let step = game.apply(join_input(4, "A", Some("token-1")), at(2));
    assert!(matches!(
        for_conn(&step, 4, &game)[0],
        ServerMsg::Welcome { rejoined: true, .. }
    ));
}

#[test]
fn the_teacher_cannot_start_an_empty_game() {
    let mut game = game();
    let step = game.apply(NEXT, at(0));
    assert_eq!(step.notice.as_deref(), Some("nobody has joined yet"));
    assert!(step.outgoing.is_empty());
}

#[test]
fn a_full_game_grades_scores_reveals_and_ranks_like_a_drill() {
    let mut game = with_players(3);
    // Question 1 (text): right, a typo, and another card's answer (wrong, not a typo).
    let step = game.apply(NEXT, at(0));
    let ServerMsg::Question(q) = only(&step, 1, &game) else {
        panic!("no question");
    };
    assert_eq!(
        (q.question, q.number, q.of, q.kind.as_str()),
        (0, 1, 4, "text")
    );
    assert_eq!((q.time_ms, q.remaining_ms), (20_000, 20_000));
    let step = game.apply(answer_text(1, 0, "karachi"), at(2000));
    assert_eq!(
        only(&step, 1, &game),
        ServerMsg::Ack {
            question: 0,
            taken_ms: 2000
        }
    );
    game.apply(answer_text(2, 0, "Karchi"), at(3000));
    let step = game.apply(answer_text(3, 0, "Karahci"), at(4000));
    // Everyone answered: the question closes without waiting for the deadline.
    let first = reveal(&step, 1, &game);
    assert_eq!(first.answer, "Karachi");
    assert_eq!(first.explain.as_deref(), Some("It was held in Karachi."));
    assert_eq!(
        (
            first.outcome,
            first.points,
            first.score,
            first.rank,
            first.players
        ),
        (Some(Outcome::Right), 1, 1, 1, 3)
    );
    let typo = reveal(&step, 2, &game);
    assert_eq!(typo.outcome, Some(Outcome::Typo));
    assert_eq!(
        typo.corrected, None,
        "the corrected spelling is the answer itself"
    );
    assert_eq!((typo.points, typo.rank), (1, 1), "a typo counts as right");
    let decoy = reveal(&step, 3, &game);
    assert_eq!(
        (decoy.outcome, decoy.points, decoy.rank),
        (Some(Outcome::Wrong), 0, 3)
    );
    let answered: Vec<(usize, Outcome, u32)> = step
        .records
        .iter()
        .chain(std::iter::empty())
        .filter_map(|r| match r {
            Record::Answered {
                position,
                outcome,
                points,
                ..
            } => Some((*position, *outcome, *points)),
            _ => None,
        })
        .collect();
    assert_eq!(
        answered,
        [(0, Outcome::Wrong, 0)],
        "each answer is recorded as given"
    );

    // Question 2 (year), then 3 (choice by index) and 4 (true/false).
    game.apply(NEXT, at(10_000));
    for conn in 1..=3 {
        game.apply(
            answer_text(conn, 1, if conn == 3 { "1955" } else { "1954" }),
            at(11_000),
        );
    }
    game.apply(NEXT, at(20_000));
    game.apply(answer_choice(1, 2, 0), at(21_000));
    game.apply(answer_choice(2, 2, 1), at(21_000));
    let step = game.apply(answer_choice(3, 2, 0), at(21_000));
    assert_eq!(reveal(&step, 2, &game).reply.as_deref(), Some("Bulganin"));
    game.apply(NEXT, at(30_000));
    game.apply(answer_choice(1, 3, 0), at(31_000));
    game.apply(answer_text(2, 3, "no"), at(31_000));
    let step = game.apply(answer_text(3, 3, "yes"), at(31_000));
    let last = reveal(&step, 3, &game);
    assert_eq!(last.answer, "true");
    assert_eq!((last.score, last.rank), (3, 1), "P3: 0 + 1 + 1 + 1");
    assert_eq!(reveal(&step, 1, &game).score, 3, "P1: 1 + 0 + 1 + 1");
    assert_eq!(reveal(&step, 2, &game).rank, 3, "P2: 1 + 0 + 0 + 0");

    // After the last reveal, Next ends the game.
    let step = game.apply(NEXT, at(40_000));
    assert!(game.is_over());
    let ServerMsg::Over(over) = only(&step, 2, &game) else {
        panic!("no end");
    };
    assert!(over.finished);
    assert_eq!((over.score, over.rank, over.players), (1, 3, 3));
    let top: Vec<(usize, &str, u32)> = over
        .top
        .iter()
        .map(|s| (s.rank, s.name.as_str(), s.score))
        .collect();
    // Equal scores share a rank; the faster total time is listed first.
    assert_eq!(top, [(1, "P1", 3), (1, "P3", 3), (3, "P2", 1)]);
    let finished: Vec<(PlayerId, PaperEnd, Vec<usize>)> = step
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Finished {
                player,
                end,
                unanswered,
                ..
            } => Some((*player, *end, unanswered.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        finished,
        [
            (PlayerId(0), PaperEnd::Finished, vec![]),
            (PlayerId(1), PaperEnd::Finished, vec![]),
            (PlayerId(2), PaperEnd::Finished, vec![]),
        ]
    );
}

#[test]
fn speed_scoring_is_the_drills_rule_on_server_time() {
    let mut game = Game::new(setup_from(DECK, Scoring::Speed));
    game.apply(join_input(1, "A", None), at(0));
    game.apply(join_input(2, "B", None), at(0));
    game.apply(NEXT, at(1000));
    game.apply(answer_text(1, 0, "Karachi"), at(1000));
    let step = game.apply(answer_text(2, 0, "Karachi"), at(11_000));
    let expected =
        |ms| Scoring::Speed.points(true, Duration::from_millis(ms), Duration::from_secs(20));
    assert_eq!(reveal(&step, 1, &game).points, expected(0));
    assert_eq!(reveal(&step, 2, &game).points, expected(10_000));
    assert_eq!((expected(0), expected(10_000)), (1000, 750));
}

#[test]
fn an_answer_after_the_deadline_does_not_count() {
    let mut game = with_players(2);
    game.apply(NEXT, at(0));
    assert_eq!(game.deadline(), Some(at(20_000)));
    game.apply(answer_text(1, 0, "Karachi"), at(19_999));
    // The timer has not fired yet, but the answer arrives at the deadline: too late.
    let step = game.apply(answer_text(2, 0, "Karachi"), at(20_000));
    let messages = for_conn(&step, 2, &game);
    assert!(matches!(messages[0], ServerMsg::Reveal(_)), "{messages:?}");
    assert!(matches!(
        messages[1],
        ServerMsg::Rejected {
            reason: Rejection::Closed,
            ..
        }
    ));
    let reveal = reveal(&step, 2, &game);
    assert_eq!(
        (reveal.outcome, reveal.points),
        (Some(Outcome::Unanswered), 0)
    );
    assert!(
        !step
            .records
            .iter()
            .any(|r| matches!(r, Record::Answered { .. })),
        "nothing recorded for the late answer"
    );
}

#[test]
fn the_timer_closes_the_question_at_its_deadline() {
    let mut game = with_players(1);
    game.apply(NEXT, at(0));
    let step = game.apply(Input::Tick, at(19_000));
    assert!(step.outgoing.is_empty(), "not yet");
    let step = game.apply(Input::Tick, at(20_000));
    assert_eq!(reveal(&step, 1, &game).outcome, Some(Outcome::Unanswered));
    assert_eq!(game.deadline(), None);
}

#[test]
fn an_answer_sent_before_its_question_is_refused_and_the_real_one_counts() {
    let mut game = with_players(2);
    let step = game.apply(answer_text(1, 0, "Karachi"), at(0));
    assert_eq!(rejection(&step, 1, &game), Rejection::NotOpen);
    game.apply(NEXT, at(1000));
    let step = game.apply(answer_text(1, 1, "1955"), at(1500));
    assert_eq!(rejection(&step, 1, &game), Rejection::NotOpen);
    let step = game.apply(answer_text(1, 0, "Karachi"), at(2000));
    assert!(matches!(
        only(&step, 1, &game),
        ServerMsg::Ack { question: 0, .. }
    ));
    let step = game.apply(answer_text(1, 0, "Lahore"), at(2500));
    assert_eq!(
        rejection(&step, 1, &game),
        Rejection::Already,
        "only the first answer counts"
    );
    let step = game.apply(answer_text(2, 0, "Karachi"), at(3000));
    assert_eq!(reveal(&step, 1, &game).outcome, Some(Outcome::Right));
}

#[test]
fn invalid_answers_are_refused_and_leave_the_question_open() {
    let mut game = with_players(1);
    game.apply(NEXT, at(0));
    let invalid = [
        answer_choice(1, 0, 0),
        Input::Answer {
            conn: 1,
            question: 0,
            choice: None,
            text: None,
        },
        answer_text(1, 0, "   "),
        answer_text(1, 0, &"x".repeat(MAX_ANSWER_CHARS + 1)),
    ];
    for input in invalid {
        let step = game.apply(input, at(100));
        assert_eq!(rejection(&step, 1, &game), Rejection::Invalid);
    }
    game.apply(answer_text(1, 0, "Karachi"), at(200));
    game.apply(NEXT, at(300));
    game.apply(NEXT, at(400));
    game.apply(NEXT, at(500));
    let step = game.apply(answer_choice(1, 2, 3), at(600));
    assert_eq!(
        rejection(&step, 1, &game),
        Rejection::Invalid,
        "no fourth option"
    );
    let step = game.apply(answer_text(9, 2, "Kosygin"), at(700));
    assert!(
        matches!(only(&step, 9, &game), ServerMsg::Error { .. }),
        "not joined"
    );
}

#[test]
fn a_late_joiner_waits_for_the_next_question() {
    let mut game = with_players(1);
    game.apply(NEXT, at(0));
    let step = game.apply(join_input(2, "Late", None), at(5000));
    assert_eq!(for_conn(&step, 2, &game)[1], ServerMsg::Waiting { from: 1 });
    let step = game.apply(answer_text(2, 0, "Karachi"), at(6000));
    assert_eq!(rejection(&step, 2, &game), Rejection::Late);
    // The first player answering closes the question: the late joiner is not waited for.
    let step = game.apply(answer_text(1, 0, "Karachi"), at(7000));
    let theirs = reveal(&step, 2, &game);
    assert_eq!((theirs.outcome, theirs.rank), (None, 2));
    let step = game.apply(NEXT, at(8000));
    assert!(matches!(
        only(&step, 2, &game),
        ServerMsg::Question(QuestionMsg { question: 1, .. })
    ));
    game.apply(answer_text(2, 1, "1955"), at(9000));
    let step = game.apply(Input::Host(HostAction::End), at(10_000));
    let unanswered: Vec<Vec<usize>> = step
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Finished { unanswered, .. } => Some(unanswered.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(unanswered, [vec![1, 2, 3], vec![0, 2, 3]]);
}

#[test]
fn joining_during_a_reveal_plays_from_the_next_question_and_not_after_the_last() {
    let mut game = with_players(1);
    game.apply(NEXT, at(0));
    game.apply(NEXT, at(1000));
    let step = game.apply(join_input(2, "B", None), at(2000));
    assert_eq!(for_conn(&step, 2, &game)[1], ServerMsg::Waiting { from: 1 });
    for _ in 0..5 {
        game.apply(NEXT, at(3000));
    }
    // In the last question (or after it) there is nothing left to play.
    let step = game.apply(join_input(3, "C", None), at(4000));
    assert_eq!(refusal(&step, 3, &game), Refusal::Over);
}

#[test]
fn a_player_who_reconnects_keeps_name_score_and_answer() {
    let mut game = with_players(2);
    game.apply(NEXT, at(0));
    game.apply(answer_text(1, 0, "Karachi"), at(1000));
    game.apply(answer_text(2, 0, "Lahore"), at(1000));
    game.apply(NEXT, at(2000));
    game.apply(answer_text(1, 1, "1955"), at(3000));
    // The phone drops the page, comes back with its token on a new connection.
    game.apply(Input::Left { conn: 1 }, at(4000));
    let step = game.apply(join_input(11, "ignored", Some("token-1")), at(6000));
    let messages = for_conn(&step, 11, &game);
    assert!(matches!(
        &messages[0],
        ServerMsg::Welcome { name, rejoined: true, token, .. } if name == "P1" && token == "token-1"
    ));
    let ServerMsg::Question(q) = &messages[1] else {
        panic!("no question: {messages:?}");
    };
    assert_eq!((q.question, q.remaining_ms, q.answered), (1, 16_000, true));
    assert!(step.records.is_empty(), "no second attempt");
    let step = game.apply(answer_text(2, 1, "1955"), at(7000));
    let back = reveal(&step, 11, &game);
    assert_eq!((back.score, back.rank), (2, 1));
}

#[test]
fn a_second_connection_with_the_token_replaces_the_first() {
    let mut game = with_players(1);
    let step = game.apply(join_input(2, "x", Some("token-1")), at(0));
    assert_eq!(for_conn(&step, 1, &game), [ServerMsg::Replaced]);
    assert_eq!(game.player_conns().collect::<Vec<_>>(), [2]);
    let step = game.apply(answer_text(1, 0, "Karachi"), at(1));
    assert!(
        matches!(only(&step, 1, &game), ServerMsg::Error { .. }),
        "the old one is out"
    );
}

#[test]
fn a_dropped_player_is_not_waited_for_and_keeps_a_place() {
    let mut game = with_players(3);
    game.apply(NEXT, at(0));
    game.apply(answer_text(3, 0, "Karachi"), at(500));
    game.apply(answer_text(1, 0, "Karachi"), at(1000));
    let step = game.apply(Input::Left { conn: 2 }, at(2000));
    assert!(
        matches!(
            game.view(at(2000)).stage,
            Stage::Reveal { unanswered: 1, .. }
        ),
        "closed once the only player left to answer dropped"
    );
    assert!(for_conn(&step, 2, &game).is_empty());
    let view = game.view(at(2000));
    let rows: Vec<(&str, bool)> = view
        .players
        .iter()
        .map(|p| (p.name.as_str(), p.connected))
        .collect();
    assert_eq!(rows, [("P1", true), ("P2", false), ("P3", true)]);
    let Stage::Reveal { top, .. } = view.stage else {
        panic!("not revealed");
    };
    assert_eq!(top.len(), 3, "the dropped player stays on the leaderboard");
}

#[test]
fn kicking_removes_a_player_for_good_and_closes_their_attempt() {
    let mut game = with_players(2);
    game.apply(NEXT, at(0));
    game.apply(answer_text(2, 0, "Karachi"), at(500));
    let step = game.apply(Input::Host(HostAction::Kick(PlayerId(0))), at(1000));
    assert!(matches!(
        for_conn(&step, 1, &game)[0],
        ServerMsg::Kicked { .. }
    ));
    assert_eq!(step.notice.as_deref(), Some("removed P1"));
    assert!(step.records.contains(&Record::Finished {
        player: PlayerId(0),
        at: at(1000),
        end: PaperEnd::Quit,
        unanswered: vec![0, 1, 2, 3],
    }));
    assert!(
        matches!(game.view(at(1000)).stage, Stage::Reveal { .. }),
        "the remaining player had answered"
    );
    let step = game.apply(join_input(3, "P1", Some("token-1")), at(2000));
    assert_eq!(refusal(&step, 3, &game), Refusal::Kicked);
    assert_eq!(game.view(at(2000)).players.len(), 1);
    let step = game.apply(Input::Host(HostAction::Kick(PlayerId(0))), at(2000));
    assert_eq!(step.notice.as_deref(), Some("no such player"));
    let step = game.apply(Input::Host(HostAction::End), at(3000));
    assert_eq!(
        step.records
            .iter()
            .filter(|r| matches!(r, Record::Finished { .. }))
            .count(),
        1,
        "a removed player's attempt is not closed twice"
    );
}

#[test]
fn a_pause_stops_the_clock_and_answers() {
    let mut game = with_players(2);
    game.apply(NEXT, at(0));
    let step = game.apply(Input::Host(HostAction::Pause), at(5000));
    assert_eq!(
        only(&step, 1, &game),
        ServerMsg::Paused {
            question: 0,
            remaining_ms: 15_000
        }
    );
    assert_eq!(game.deadline(), None);
    assert!(
        game.apply(Input::Tick, at(60_000)).outgoing.is_empty(),
        "no time-out while paused"
    );
    let step = game.apply(answer_text(1, 0, "Karachi"), at(61_000));
    assert_eq!(rejection(&step, 1, &game), Rejection::Paused);
    let step = game.apply(Input::Host(HostAction::Pause), at(65_000));
    assert_eq!(
        only(&step, 1, &game),
        ServerMsg::Resumed {
            question: 0,
            remaining_ms: 15_000
        }
    );
    assert_eq!(game.deadline(), Some(at(80_000)));
    let step = game.apply(answer_text(1, 0, "Karachi"), at(66_000));
    assert_eq!(
        only(&step, 1, &game),
        ServerMsg::Ack {
            question: 0,
            taken_ms: 6000
        },
        "the pause is not counted as thinking time"
    );
    let step = game.apply(Input::Host(HostAction::Pause), at(70_000));
    let step2 = game.apply(join_input(3, "Z", None), at(71_000));
    assert!(matches!(only(&step, 2, &game), ServerMsg::Paused { .. }));
    assert_eq!(
        for_conn(&step2, 3, &game)[1],
        ServerMsg::Waiting { from: 1 }
    );
}

#[test]
fn pause_outside_a_question_only_says_so() {
    let mut game = with_players(1);
    let step = game.apply(Input::Host(HostAction::Pause), at(0));
    assert!(step.outgoing.is_empty());
    assert!(step.notice.is_some());
}

#[test]
fn the_teacher_can_close_a_question_early_and_end_the_game() {
    let mut game = with_players(2);
    game.apply(NEXT, at(0));
    game.apply(answer_text(1, 0, "Karachi"), at(1000));
    let step = game.apply(NEXT, at(2000));
    assert_eq!(reveal(&step, 2, &game).outcome, Some(Outcome::Unanswered));
    game.apply(NEXT, at(3000));
    game.apply(answer_text(2, 1, "1955"), at(4000));
    // Ending mid-question keeps the answers given to it.
    let step = game.apply(Input::Host(HostAction::End), at(5000));
    let ServerMsg::Over(over) = only(&step, 2, &game) else {
        panic!("no end");
    };
    assert!(!over.finished);
    assert_eq!(over.score, 1);
    assert!(step.records.iter().all(|r| matches!(
        r,
        Record::Finished {
            end: PaperEnd::Quit,
            ..
        }
    )));
    let step = game.apply(join_input(5, "New", None), at(6000));
    assert_eq!(refusal(&step, 5, &game), Refusal::Over);
    let step = game.apply(join_input(6, "x", Some("token-1")), at(6000));
    let messages = for_conn(&step, 6, &game);
    assert!(
        matches!(messages[1], ServerMsg::Over(_)),
        "a rejoin sees the final result"
    );
    let step = game.apply(answer_text(6, 1, "1955"), at(7000));
    assert_eq!(
        rejection(&step, 6, &game),
        Rejection::Closed,
        "the game is over"
    );
    assert!(
        game.apply(Input::Host(HostAction::End), at(8000))
            .records
            .is_empty()
    );
}

#[test]
fn the_teachers_view_follows_the_game() {
    let mut game = with_players(3);
    assert_eq!(game.view(at(0)).stage, Stage::Lobby);
    game.apply(NEXT, at(0));
    game.apply(answer_choice(1, 0, 0), at(0)); // not a choice card: refused
    game.apply(answer_text(1, 0, "Karachi"), at(1000));
    let Stage::Question {
        number,
        remaining,
        answered,
        playing,
        paused,
        ..
    } = game.view(at(5000)).stage
    else {
        panic!("no question");
    };
    assert_eq!(
        (number, remaining, answered, playing, paused),
        (1, Duration::from_secs(15), 1, 3, false)
    );
    game.apply(answer_text(2, 0, "karachi "), at(2000));
    game.apply(answer_text(3, 0, "Lahore"), at(3000));
    let Stage::Reveal {
        answer, bars, top, ..
    } = game.view(at(3000)).stage
    else {
        panic!("no reveal");
    };
    assert_eq!(answer, "Karachi");
    assert_eq!(
        bars,
        [
            Bar {
                label: "Karachi".into(),
                count: 2,
                right: true
            },
            Bar {
                label: "Lahore".into(),
                count: 1,
                right: false
            },
        ]
    );
    assert_eq!(top.len(), 3);
    // Choice: one bar per option in the order shown.
    game.apply(NEXT, at(4000));
    game.apply(NEXT, at(4000));
    game.apply(NEXT, at(5000));
    game.apply(answer_choice(1, 2, 1), at(6000));
    game.apply(answer_choice(2, 2, 1), at(6000));
    game.apply(answer_text(3, 2, "kosygin"), at(6000));
    let Stage::Reveal { bars, .. } = game.view(at(6000)).stage else {
        panic!("no reveal");
    };
    let counts: Vec<(&str, usize, bool)> = bars
        .iter()
        .map(|b| (b.label.as_str(), b.count, b.right))
        .collect();
    assert_eq!(
        counts,
        [
            ("Kosygin", 1, true),
            ("Bulganin", 2, false),
            ("Gromyko", 0, false)
        ]
    );
}

#[test]
fn many_typed_replies_share_an_other_bar() {
    let mut game = with_players(8);
    game.apply(NEXT, at(0));
    for conn in 1..=8 {
        let reply = if conn <= 2 {
            "Karachi".to_owned()
        } else {
            format!("guess {conn}")
        };
        game.apply(answer_text(conn, 0, &reply), at(1000));
    }
    let Stage::Reveal { bars, .. } = game.view(at(1000)).stage else {
        panic!("no reveal");
    };
    assert_eq!(bars.len(), 5);
    assert_eq!((bars[0].label.as_str(), bars[0].count), ("Karachi", 2));
    assert_eq!(bars[4].label, "(other)");
    assert_eq!(bars.iter().map(|b| b.count).sum::<usize>(), 8);
}

/// Every message a player gets before a question's reveal, for a scripted game: joins, a
/// wrong PIN, a late joiner, a reconnect, a pause, acks and refusals.
fn messages_before_each_reveal(setup: Setup) -> Vec<(usize, Vec<ServerMsg>)> {
    let mut game = Game::new(setup);
    let mut before: Vec<(usize, Vec<ServerMsg>)> = Vec::new();
    let mut current: Vec<ServerMsg> = Vec::new();
    let mut t = 0;
    let mut run = |game: &mut Game, input: Input, current: &mut Vec<ServerMsg>| {
        t += 100;
        let step = game.apply(input, at(t));
        for outgoing in step.outgoing {
            if let ServerMsg::Reveal(reveal) = &outgoing.msg {
                before.push((reveal.question, std::mem::take(current)));
                break;
            }
            current.push(outgoing.msg);
        }
    };
    for conn in 1..=3 {
        run(
            &mut game,
            join_input(conn, &format!("P{conn}"), None),
            &mut current,
        );
    }
    let questions = game.setup.questions.len();
    for question in 0..questions {
        run(&mut game, NEXT, &mut current);
        run(
            &mut game,
            answer_text(1, question + 1, "early"),
            &mut current,
        );
        run(&mut game, Input::Host(HostAction::Pause), &mut current);
        run(&mut game, Input::Host(HostAction::Pause), &mut current);
        if question == 0 {
            run(&mut game, join_input(4, "Late", None), &mut current);
            run(&mut game, Input::Left { conn: 2 }, &mut current);
            run(
                &mut game,
                join_input(5, "P2", Some("token-2")),
                &mut current,
            );
        }
        run(&mut game, answer_choice(1, question, 0), &mut current);
        run(&mut game, answer_text(5, question, "guess"), &mut current);
        run(&mut game, answer_text(3, question, "Karachi"), &mut current);
        if question == 0 {
            // Refused: the late joiner plays from the next question (and, by not answering
            // later ones, keeps each question open until the teacher closes it).
            run(&mut game, answer_text(4, question, "1955"), &mut current);
        }
        run(&mut game, NEXT, &mut current);
        current.clear();
        run(&mut game, NEXT, &mut current);
    }
    before
}

#[test]
fn no_message_before_a_reveal_depends_on_the_answer() {
    // Two games whose cards differ only in their answers (and accepted forms): until each
    // reveal, every player is sent exactly the same messages.
    let altered = DECK
        .replace("answer = \"Karachi\"", "answer = \"Lahore\"")
        .replace("accept = [\"Karachi city\"]", "accept = [\"Lahore city\"]")
        .replace("answer = \"1955\"", "answer = \"1962\"")
        .replace("answer = \"Kosygin\"", "answer = \"Gromyko\"")
        .replace("answer = true", "answer = false");
    let one = messages_before_each_reveal(setup_from(DECK, Scoring::Speed));
    let two = messages_before_each_reveal(setup_from(&altered, Scoring::Speed));
    assert_eq!(one.len(), 4, "every question was revealed");
    assert_eq!(one, two);
}

#[test]
fn no_message_before_a_reveal_names_the_answer() {
    let setup = setup_from(DECK, Scoring::Plain);
    let forbidden: Vec<(usize, Vec<String>)> = setup
        .questions
        .iter()
        .enumerate()
        .map(|(index, q)| (index, answer_forms(&q.card).collect()))
        .collect();
    for (question, messages) in messages_before_each_reveal(setup) {
        let (_, forms) = &forbidden[question];
        for msg in messages {
            let mut msg = msg;
            // A choice question's options necessarily include the answer; nothing else may.
            if let ServerMsg::Question(q) = &mut msg {
                q.choices.clear();
            }
            let text = crate::text::normalize(&msg.to_json());
            for form in forms {
                assert!(
                    !crate::text::contains_words(&text, form),
                    "question {question}: `{form}` in {msg:?}"
                );
            }
        }
    }
}

#[test]
fn a_close_reply_counts_as_wrong_as_in_a_drill() {
    let deck = "[deck]\nid = \"p\"\ntitle = \"P\"\n[[card]]\nid = \"poet\"\nquestion = \"Which poet sang?\"\nanswer = \"Hafeez Jullundhri\"\n";
    let mut game = Game::new(setup_from(deck, Scoring::Plain));
    game.apply(join_input(1, "A", None), at(0));
    game.apply(NEXT, at(0));
    let step = game.apply(answer_text(1, 0, "Hafeez"), at(1000));
    let recorded: Vec<(Verdict, Outcome, u32)> = step
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Answered {
                verdict,
                outcome,
                points,
                ..
            } => Some((*verdict, *outcome, *points)),
            _ => None,
        })
        .collect();
    assert_eq!(recorded, [(Verdict::Close, Outcome::Wrong, 0)]);
    assert_eq!(reveal(&step, 1, &game).outcome, Some(Outcome::Wrong));
}
