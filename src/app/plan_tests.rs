//! The hot queries and their plans: every statement that building a study queue, loading its
//! cards, answering one card, showing a card, `due` and `stats` (with its charts) run is
//! recorded (and `check --history`'s read of the answers cards had when last reviewed), and its
//! `EXPLAIN QUERY PLAN` printed and checked: none may read the whole of `review`, `card_state`,
//! `review_slot` or `review_hour` (a scan, rather than a search of an index), and none may pass
//! a JSON array for `SQLite` to re-parse row by row, and a query of the suspended cards
//! (`card_flag` joined with `card_state`) must start from the flags, which are few, not walk a
//! deck's cards to look each one up among them. Checked twice: on a database without planner
//! statistics, and after `PRAGMA optimize` has given it some, as recall does when it closes the
//! database.

#![allow(clippy::print_stdout)]

use super::testing::{at, deck, store_with};
use super::{Scope, card, charts, queue, record};
use crate::deck::Deck;
use crate::scheduler::{CardState, Memory, Purpose, Rating, State};
use crate::store::{Catalog, ReviewRecord, Store};

const CARDS: usize = 300;

/// A deck of year and typed cards.
fn a_deck(id: &str) -> Deck {
    let mut text = format!("[deck]\nid = \"{id}\"\ntitle = \"Deck {id}\"\n");
    for n in 0..CARDS {
        if n % 2 == 0 {
            text.push_str(&format!(
                "[[card]]\nid = \"c{n}\"\nkind = \"year\"\nquestion = \"Which year did {n} happen?\"\nanswer = \"{}\"\n",
                1900 + n % 100
            ));
        } else {
            text.push_str(&format!(
                "[[card]]\nid = \"c{n}\"\nquestion = \"Who led project {n}?\"\nanswer = \"Person {n}\"\ntags = [\"t{}\"]\n",
                n % 3
            ));
        }
    }
    deck(&text)
}

/// Two decks with four months of answers to four cards in five, recorded as sessions do.
fn collection(scope: &Scope) -> (Store, Vec<crate::store::DeckRecord>, Vec<Deck>) {
    let decks = [a_deck("d1"), a_deck("d2")];
    let (mut store, records) = store_with(&[&decks[0], &decks[1]], scope);
    let mut batch = Vec::new();
    for d in &decks {
        for (n, card) in d.cards().enumerate() {
            if n % 5 == 4 {
                continue;
            }
            let mut before = CardState::default();
            for k in 0..4_i64 {
                let when = scope
                    .now
                    .plus_days(-120 + k * 30 + i64::try_from(n % 20).expect("small"));
                let after = CardState {
                    state: State::Review,
                    step: 0,
                    memory: Some(Memory {
                        stability: 5.0,
                        difficulty: 5.0,
                    }),
                    due: Some(when.plus_days(30)),
                    last_review: Some(when),
                    scheduled_days: 30,
                    reps: before.reps + 1,
                    lapses: 0,
                };
                batch.push(ReviewRecord {
                    profile: scope.profile.clone(),
                    deck: d.id.clone(),
                    card: card.id.clone(),
                    at: when,
                    rating: if k == 2 && n % 7 == 0 {
                        Rating::Again
                    } else {
                        Rating::Good
                    },
                    answer: None,
                    expected: card.answer.clone(),
                    verdict: None,
                    correct: true,
                    duration_ms: Some(4_000),
                    purpose: Purpose::Study,
                    before: before.clone(),
                    after: Some(after.clone()),
                    elapsed_days: None,
                    session: None,
                });
                before = after;
            }
        }
    }
    store.record_batch(&batch).expect("history");
    (store, records, decks.into())
}

/// What every hot path runs, once.
fn hot_paths(store: &mut Store, scope: &Scope, records: &[crate::store::DeckRecord]) {
    let items = queue::study(store, scope, records, None, &[]).expect("queue");
    assert!(!items.is_empty());
    queue::study(store, scope, records, Some(7), &[]).expect("shuffled queue");
    for deck in records {
        queue::counts(store, scope, deck).expect("counts");
        queue::stats(store, scope, &deck.id).expect("stats");
    }
    let ids: Vec<_> = records.iter().map(|d| d.id.clone()).collect();
    // `check --history`: each card's answer when it was last reviewed, per deck.
    for deck in records {
        let reviewed = store
            .answers_when_last_reviewed(&deck.id)
            .expect("answers when last reviewed");
        assert!(!reviewed.is_empty());
    }
    charts::per_deck(store, scope, &ids, 365).expect("charts");
    queue::due_next(store, scope, &ids, scope.now).expect("due next");
    for (deck, reference) in [(&records[0], "c1"), (&records[1], "c2")] {
        let id = reference.parse().expect("an id");
        let found = store.card(&deck.id, &id).expect("q").expect("a card");
        let graded = record::grade(store, &deck.id, &found, "Person 1").expect("graded");
        record::review(
            store,
            scope,
            deck,
            &found,
            &record::Review {
                rating: record::rating_for(graded.verdict, false, false),
                typed: Some(("Person 1", graded.verdict)),
                record: true,
            },
        )
        .expect("answered");
        card::report(store, scope, deck, &found).expect("report");
    }
}

/// Whether a plan line reads all of `review`, `card_state`, `review_slot` or `review_hour`
/// (named, or by an alias `sql` gives it).
fn full_scan(line: &str, sql: &str) -> bool {
    let Some(rest) = line.strip_prefix("SCAN ") else {
        return false;
    };
    let name = rest.split_whitespace().next().unwrap_or_default();
    let big = ["review", "card_state", "review_slot", "review_hour"];
    if big.contains(&name) {
        return true;
    }
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words
        .windows(2)
        .any(|w| big.contains(&w[0].as_str()) && w[1] == name)
        || words
            .windows(3)
            .any(|w| big.contains(&w[0].as_str()) && w[1] == "as" && w[2] == name)
}

/// Whether a plan of `sql`, a query from `card_flag` joined with `card_state`, walks the card
/// states first (its first loop is not over `card_flag`); `false` for any other query.
fn card_states_before_flags(plan: &[String], sql: &str) -> bool {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let from_flags = words
        .windows(2)
        .any(|w| w[0] == "from" && w[1] == "card_flag");
    let joins_states = words
        .windows(2)
        .any(|w| w[0] == "join" && w[1] == "card_state");
    if !from_flags || !joins_states {
        return false;
    }
    let Some(first) = plan
        .iter()
        .find_map(|line| line.strip_prefix("SEARCH ").or(line.strip_prefix("SCAN ")))
    else {
        return false;
    };
    let name = first.split_whitespace().next().unwrap_or_default();
    let flags = name == "card_flag"
        || words
            .windows(2)
            .any(|w| w[0] == "card_flag" && w[1] == name)
        || words
            .windows(3)
            .any(|w| w[0] == "card_flag" && w[1] == "as" && w[2] == name);
    !flags
}

fn check_plans(store: &mut Store, scope: &Scope, records: &[crate::store::DeckRecord], when: &str) {
    let statements = store.record_statements();
    hot_paths(store, scope, records);
    let mut seen: Vec<String> = Vec::new();
    let list = statements.lock().expect("statements").clone();
    let mut failures = Vec::new();
    println!("== hot queries and their plans ({when}) ==");
    for (text, sql) in list {
        let head = sql.trim_start().to_ascii_uppercase();
        if [
            "PRAGMA",
            "BEGIN",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT",
            "RELEASE",
        ]
        .iter()
        .any(|word| head.starts_with(word))
        {
            continue;
        }
        if seen.contains(&text) {
            continue;
        }
        seen.push(text);
        let plan = store.query_plan(&sql);
        println!(
            "{}\n  {}\n",
            sql.split_whitespace().collect::<Vec<_>>().join(" "),
            plan.join("\n  ")
        );
        if sql.to_ascii_lowercase().contains("json_each") {
            failures.push(format!("a JSON array in a hot query: {sql}"));
        }
        for line in &plan {
            if full_scan(line, &sql) {
                failures.push(format!("`{line}` in {sql}"));
            }
        }
        if card_states_before_flags(&plan, &sql) {
            failures.push(format!(
                "the card states walked before the flags (`{}`) in {sql}",
                plan.join("; ")
            ));
        }
    }
    assert!(
        seen.len() > 15,
        "too few statements recorded: {}",
        seen.len()
    );
    assert!(failures.is_empty(), "{when}:\n{}", failures.join("\n\n"));
}

#[test]
fn no_hot_query_scans_the_log_or_the_card_states_with_or_without_statistics() {
    let scope = Scope {
        profile: "me".into(),
        now: at("2026-11-30T09:00:00Z"),
        tz: jiff::tz::TimeZone::UTC.into(),
    };
    let (mut store, records, _decks) = collection(&scope);
    check_plans(&mut store, &scope, &records, "no statistics");
    store.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;");
    let later = Scope {
        now: scope.now.plus_days(1),
        ..scope.clone()
    };
    check_plans(&mut store, &later, &records, "after PRAGMA optimize");
}

#[test]
fn the_scan_detector_knows_tables_and_aliases() {
    let sql = "SELECT * FROM review AS r JOIN card c ON c.card_id = r.card_id, card_state cs";
    let cases = [
        ("SCAN review", true),
        ("SCAN r", true),
        ("SCAN cs", true),
        ("SCAN c", false),
        ("SEARCH r USING INDEX review_card (profile=?)", false),
        ("SCAN card_state USING COVERING INDEX card_state_due", true),
        ("SCAN deck", false),
    ];
    for (line, expected) in cases {
        assert_eq!(full_scan(line, sql), expected, "{line}");
    }
}

#[test]
fn the_flag_order_detector_wants_the_flags_first() {
    let sql = "SELECT s.due FROM card_flag f CROSS JOIN card_state s ON s.card_id = f.card_id";
    let plan = |lines: &[&str]| -> Vec<String> { lines.iter().map(|l| (*l).to_owned()).collect() };
    let cases = [
        (
            sql,
            plan(&[
                "SEARCH s USING COVERING INDEX card_state_interval (profile=? AND deck_id=?)",
                "SEARCH f USING PRIMARY KEY (profile=? AND deck_id=? AND card_id=?)",
            ]),
            true,
        ),
        (
            sql,
            plan(&[
                "SEARCH f USING PRIMARY KEY (profile=? AND deck_id=?)",
                "SEARCH s USING PRIMARY KEY (profile=? AND deck_id=? AND card_id=?)",
            ]),
            false,
        ),
        (
            "SELECT 1 FROM card_flag JOIN card_state ON 1",
            plan(&[
                "SCAN card_flag",
                "SEARCH card_state USING PRIMARY KEY (profile=?)",
            ]),
            false,
        ),
        (
            "SELECT 1 FROM card_state cs LEFT JOIN card_flag f ON f.card_id = cs.card_id",
            plan(&[
                "SEARCH cs USING PRIMARY KEY (profile=?)",
                "SEARCH f USING PRIMARY KEY",
            ]),
            false,
        ),
    ];
    for (sql, plan, expected) in cases {
        assert_eq!(card_states_before_flags(&plan, sql), expected, "{plan:?}");
    }
}
