//! Classroom drills as use cases: choosing a paper (the same seed gives every student the same
//! questions, order and options), starting a student's attempt, hosting it (see
//! [`super::session::StoreHost::for_drill`]), closing it, and reading attempts back as results.
//! A live classroom server uses the same steps: one paper for the class, one attempt per student.

use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::deck::{Card, DeckId, Kind};
use crate::drill::results::{Answer, Attempt, Outcome, Question, Settings};
use crate::drill::{DrillRules, PaperEnd, Scoring, Selection, choice_order, choose_paper};
use crate::scheduler::Purpose;
use crate::session::{Config, Item, Summary};
use crate::store::{
    AttemptEnd, AttemptFilter, AttemptId, AttemptRow, Catalog, DeckRecord, DrillAnswerRow, Drills,
    Mark, Reviews, Unanswered,
};
use crate::text::stable_hash;
use crate::time::Timestamp;

/// What the teacher asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperRequest {
    /// Questions wanted (at least 1).
    pub count: usize,
    /// Keep cards with at least one of these tags (none: all).
    pub tags: Vec<String>,
    /// Keep cards of these kinds (none: all).
    pub kinds: Vec<Kind>,
    /// Time for the whole paper.
    pub time_limit: Option<Duration>,
    /// Time for each question.
    pub per_question: Option<Duration>,
    pub scoring: Scoring,
    /// Whether answers change the spaced-repetition schedule.
    pub record: bool,
}

/// A paper: its cards in the order asked, and the questions as they are handed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub seed: u64,
    pub request: PaperRequest,
    pub cards: Vec<(DeckId, Card)>,
    pub questions: Vec<Question>,
}

/// Chooses the paper `seed` gives over the present cards of `decks`. An error when no card
/// matches; fewer questions than asked for when fewer cards match.
pub fn choose<S: Catalog>(
    store: &S,
    decks: &[DeckRecord],
    request: &PaperRequest,
    seed: u64,
) -> Result<Paper> {
    let mut cards = Vec::new();
    for deck in decks {
        cards.extend(
            store
                .deck_cards(&deck.id)?
                .into_iter()
                .map(|card| (deck.id.clone(), card)),
        );
    }
    let selection = Selection {
        count: request.count,
        tags: request.tags.clone(),
        kinds: request.kinds.clone(),
    };
    let cards = choose_paper(cards, &selection, seed);
    if cards.is_empty() {
        bail!("no cards match this drill: check --tag and --kinds (`recall list` shows the decks)");
    }
    let questions = cards
        .iter()
        .map(|(deck, card)| Question {
            deck: deck.to_string(),
            card: card.id.to_string(),
            kind: card.kind.to_string(),
            question: card.question.clone(),
            expected: card.answer.clone(),
            choices: choice_order(&card.choices, seed, deck, &card.id),
        })
        .collect();
    Ok(Paper {
        seed,
        request: request.clone(),
        cards,
        questions,
    })
}

impl Paper {
    /// How the paper was set, as results files record it.
    pub fn settings(&self) -> Settings {
        let request = &self.request;
        Settings {
            count: request.count,
            tags: request.tags.clone(),
            kinds: request.kinds.iter().map(ToString::to_string).collect(),
            time_limit_secs: request.time_limit.map(|d| d.as_secs()),
            per_question_secs: request.per_question.map(|d| d.as_secs()),
            scoring: request.scoring,
            record: request.record,
        }
    }

    /// The timing and scoring the session engine applies.
    pub fn rules(&self) -> DrillRules {
        DrillRules {
            time_limit: self.request.time_limit,
            per_question: self.request.per_question,
            scoring: self.request.scoring,
        }
    }

    /// How a session runs this paper.
    pub fn config(&self) -> Config {
        let mut config = Config::new(Purpose::Drill, self.seed);
        config.schedule = self.request.record;
        config.drill = Some(self.rules());
        config
    }

    /// The most the paper can score.
    pub fn max_score(&self) -> u32 {
        self.request
            .scoring
            .max_points()
            .saturating_mul(u32::try_from(self.questions.len()).unwrap_or(u32::MAX))
    }

    /// The paper's cards as session items for `profile`, with their states (for a recorded
    /// drill); `decks` are the session's decks, which the items point into.
    pub fn items<S: Reviews>(
        &self,
        store: &S,
        profile: &str,
        decks: &[DeckRecord],
    ) -> Result<Vec<Item>> {
        self.cards
            .iter()
            .map(|(deck, card)| {
                let index = decks.iter().position(|d| &d.id == deck).unwrap_or(0);
                let state = store
                    .card_state(profile, deck, &card.id)?
                    .unwrap_or_default();
                Ok(Item {
                    deck: index,
                    card: card.clone(),
                    state,
                    typical_ms: None,
                })
            })
            .collect()
    }
}

/// Unique across machines: the name, the profile, the start, and a `nonce` the caller draws
/// (the process, the clock's nanoseconds).
pub fn attempt_uid(name: &str, profile: &str, started_at: Timestamp, nonce: u128) -> String {
    let a = stable_hash(&[
        name.as_bytes(),
        profile.as_bytes(),
        &started_at.millis().to_le_bytes(),
        &nonce.to_le_bytes(),
    ]);
    let b = stable_hash(&[&a.to_le_bytes(), &nonce.to_be_bytes()]);
    format!("{a:016x}{b:016x}")
}

/// A new paper number from `entropy` (the clock, the process): short enough to read out to a
/// class.
pub fn fresh_seed(profile: &str, entropy: u128) -> u64 {
    stable_hash(&[&entropy.to_le_bytes(), profile.as_bytes()]) % 1_000_000
}

/// A file name for a student's results from their name: letters and digits, the rest as '-'.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "results".to_owned()
    } else {
        stem
    }
}

/// A student's attempt at `paper`, before the first question.
pub fn new_attempt(
    paper: &Paper,
    decks: &[DeckRecord],
    uid: String,
    name: &str,
    profile: &str,
    started_at: Timestamp,
) -> Attempt {
    let mut deck_ids: Vec<String> = decks.iter().map(|d| d.id.to_string()).collect();
    deck_ids.sort();
    Attempt {
        uid,
        name: name.to_owned(),
        profile: profile.to_owned(),
        decks: deck_ids,
        seed: paper.seed,
        settings: paper.settings(),
        paper: paper.questions.clone(),
        started_at,
        ended_at: None,
        end: None,
        score: 0,
        max_score: paper.max_score(),
        answers: Vec::new(),
    }
}

/// Saves a new attempt before its first question; its answers are saved as they come by a
/// session host [`for_drill`](super::session::StoreHost::for_drill).
pub fn start<S: Drills>(store: &mut S, attempt: &Attempt) -> Result<AttemptId> {
    let row = AttemptRow {
        uid: attempt.uid.clone(),
        profile: attempt.profile.clone(),
        name: attempt.name.clone(),
        decks: attempt.decks.clone(),
        seed: attempt.seed,
        settings: serde_json::to_string(&attempt.settings)?,
        paper: serde_json::to_string(&attempt.paper)?,
        started_at: attempt.started_at,
        ended_at: None,
        end: None,
        score: 0,
        max_score: attempt.max_score,
        answers: Vec::new(),
    };
    Ok(store.start_attempt(&row)?)
}

/// How the paper ended, by the session's summary (a session without a drill result was quit).
pub fn end_of(summary: &Summary) -> PaperEnd {
    summary.drill.as_ref().map_or(PaperEnd::Quit, |r| r.end)
}

/// Closes an attempt when the session is over: its end, and the questions left unanswered.
pub fn finish<S: Drills>(
    store: &mut S,
    attempt: AttemptId,
    paper: &Paper,
    summary: &Summary,
    ended_at: Timestamp,
) -> Result<()> {
    let unanswered: Vec<Unanswered> = summary
        .drill
        .as_ref()
        .map(|r| {
            r.unanswered
                .iter()
                .filter_map(|&position| {
                    paper.cards.get(position).map(|(deck, card)| Unanswered {
                        position,
                        deck: deck.clone(),
                        card: card.id.clone(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    store.finish_attempt(attempt, ended_at, kept_end(end_of(summary)), &unanswered)?;
    Ok(())
}

fn kept_end(end: PaperEnd) -> AttemptEnd {
    match end {
        PaperEnd::Finished => AttemptEnd::Finished,
        PaperEnd::Timeout => AttemptEnd::Timeout,
        PaperEnd::Quit => AttemptEnd::Quit,
    }
}

fn paper_end(end: AttemptEnd) -> PaperEnd {
    match end {
        AttemptEnd::Finished => PaperEnd::Finished,
        AttemptEnd::Timeout => PaperEnd::Timeout,
        AttemptEnd::Quit => PaperEnd::Quit,
    }
}

fn outcome(verdict: Option<Mark>) -> Outcome {
    match verdict {
        None => Outcome::Unanswered,
        Some(Mark::Right) => Outcome::Right,
        Some(Mark::Typo) => Outcome::Typo,
        Some(Mark::Wrong | Mark::Close) => Outcome::Wrong,
    }
}

/// The attempts saved here that match `filter`, oldest first, as results files hold them.
pub fn attempts<S: Drills>(store: &S, filter: &AttemptFilter) -> Result<Vec<Attempt>> {
    store
        .attempts(filter)?
        .into_iter()
        .map(|row| {
            let what = |part: &str| {
                format!(
                    "stored data is invalid: drill attempt `{}`'s {part}",
                    row.uid
                )
            };
            Ok(Attempt {
                settings: serde_json::from_str(&row.settings).with_context(|| what("settings"))?,
                paper: serde_json::from_str(&row.paper).with_context(|| what("paper"))?,
                answers: row.answers.iter().map(answer).collect(),
                end: row.end.map(paper_end),
                uid: row.uid,
                name: row.name,
                profile: row.profile,
                decks: row.decks,
                seed: row.seed,
                started_at: row.started_at,
                ended_at: row.ended_at,
                score: row.score,
                max_score: row.max_score,
            })
        })
        .collect()
}

fn answer(row: &DrillAnswerRow) -> Answer {
    Answer {
        position: row.position,
        answer: row.answer.clone(),
        outcome: outcome(row.verdict),
        points: row.points,
        duration_ms: row.duration_ms,
    }
}

/// The seed of the most recent attempt saved here.
pub fn latest_seed<S: Drills>(store: &S) -> Result<Option<u64>> {
    Ok(store.latest_seed()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::session::start as start_session;
    use crate::app::testing::{deck, scope, store_with};
    use crate::session::{Action, FrontEnd, Step, View, drive};

    const DECK: &str = "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"alpha\"\ntags = [\"greek\"]\n[[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"beta\"\ntags = [\"greek\"]\n[[card]]\nid = \"y\"\nkind = \"year\"\nquestion = \"Y?\"\nanswer = \"1955\"\n[[card]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"C?\"\nanswer = \"three\"\nchoices = [\"one\", \"two\", \"three\"]\n";

    fn request(count: usize) -> PaperRequest {
        PaperRequest {
            count,
            tags: Vec::new(),
            kinds: Vec::new(),
            time_limit: None,
            per_question: None,
            scoring: Scoring::Plain,
            record: false,
        }
    }

    /// Answers the questions from a list, then quits.
    struct Student(Vec<String>);

    impl FrontEnd for Student {
        fn show(&mut self, step: &Step, _now: Timestamp) -> Result<Option<Action>> {
            Ok(match &step.view {
                View::Ask(_) if self.0.is_empty() => Some(Action::Quit),
                View::Ask(_) => Some(Action::Answer(self.0.remove(0))),
                View::Feedback(_) | View::Reveal(_) => Some(Action::Continue),
                View::Finished(_) => None,
            })
        }
    }

    #[test]
    fn results_files_are_named_after_the_student() {
        let cases = [
            ("Ayesha Khan", "ayesha-khan"),
            ("  Chen  ", "chen"),
            ("Zoë O'Neil", "zoë-o-neil"),
            ("???", "results"),
            ("", "results"),
        ];
        for (name, stem) in cases {
            assert_eq!(file_stem(name), stem, "{name:?}");
        }
        assert!(fresh_seed("me", 1) < 1_000_000);
        assert_ne!(fresh_seed("me", 1), fresh_seed("me", 2));
    }

    #[test]
    fn the_same_seed_gives_the_same_paper_and_filters_apply() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (store, decks) = store_with(&[&d], &scope);
        let one = choose(&store, &decks, &request(3), 11).expect("paper");
        assert_eq!(one, choose(&store, &decks, &request(3), 11).expect("paper"));
        assert_eq!(one.questions.len(), 3);
        let greek = choose(
            &store,
            &decks,
            &PaperRequest {
                tags: vec!["greek".into()],
                ..request(10)
            },
            11,
        )
        .expect("paper");
        assert_eq!(greek.questions.len(), 2);
        let none = choose(
            &store,
            &decks,
            &PaperRequest {
                kinds: vec![Kind::Cloze],
                ..request(10)
            },
            11,
        );
        assert!(none.is_err());
    }

    #[test]
    fn an_attempt_is_saved_as_answered_and_closed_with_its_unanswered_questions() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(DECK);
        let (mut store, decks) = store_with(&[&d], &scope);
        let paper = choose(&store, &decks, &request(4), 3).expect("paper");
        let attempt = new_attempt(
            &paper,
            &decks,
            attempt_uid("Sam", "me", scope.now, 1),
            "Sam",
            "me",
            scope.now,
        );
        let id = start(&mut store, &attempt).expect("start");
        let items = paper.items(&store, "me", &decks).expect("items");
        // The first question answered with its own answer, the second wrong, then quit.
        let replies = vec![paper.questions[0].expected.clone(), "nonsense".to_owned()];
        let clock = scope.now;
        let (mut session, step, host) =
            start_session(&mut store, "me", &decks, items, paper.config(), &clock)
                .expect("session");
        let mut host = host.for_drill(id);
        let summary = drive(&mut session, step, &mut host, &mut Student(replies)).expect("drive");
        drop(host);
        assert_eq!(end_of(&summary), PaperEnd::Quit);
        finish(&mut store, id, &paper, &summary, scope.now).expect("finish");
        let saved = attempts(&store, &AttemptFilter::default()).expect("attempts");
        assert_eq!(saved.len(), 1);
        let saved = &saved[0];
        assert_eq!(saved.uid, attempt.uid);
        assert_eq!(saved.paper, paper.questions);
        assert_eq!(saved.settings, paper.settings());
        assert_eq!((saved.score, saved.max_score), (1, 4));
        assert_eq!(saved.end, Some(PaperEnd::Quit));
        let outcomes: Vec<Outcome> = saved.answers.iter().map(|a| a.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Right,
                Outcome::Wrong,
                Outcome::Unanswered,
                Outcome::Unanswered
            ]
        );
        assert_eq!(latest_seed(&store).expect("q"), Some(3));
        // Not recorded: the schedule is untouched.
        let state = store
            .card_state("me", &paper.cards[0].0, &paper.cards[0].1.id)
            .expect("q");
        assert_eq!(state.map(|s| s.reps), Some(0));
    }
}
