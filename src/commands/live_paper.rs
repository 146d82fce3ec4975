//! The one adapter between the live game and today's drill and store functions: choosing the
//! paper exactly as `drill` does (`drill::choose_paper`, `session::choice_order`, the same
//! seed and selection), and saving each player's answers as a drill attempt
//! (`Store::start_attempt`, `record_drill_answer`, `finish_attempt`), so `results`, `report`
//! and `--export` treat a hosted game like collected files. Rewiring the game to another
//! application layer means changing this file only.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex};

use anyhow::{Result, bail};

use super::App;
use super::run::verdict_str;
use crate::deck::{Card, DeckId, Kind};
use crate::drill::results::{Answer, Attempt, ExportFile, Question, Settings};
use crate::drill::{Selection, choose_paper};
use crate::grading::{Verdict, answer_forms};
use crate::live::game::{GameQuestion, PlayerId, Record};
use crate::live::server::{Recorder, random_token};
use crate::scheduler::{CardState, Rating};
use crate::session::{Scoring, choice_order};
use crate::store::{AttemptFilter, DeckRecord, Mode, ReviewRecord, Store};
use crate::text::plural;
use crate::time::Timestamp;

/// The profile a hosted game's answers are saved under: the players are not the teacher, and
/// their answers must not change the teacher's own schedule, statistics or practice queue.
pub const LIVE_PROFILE: &str = "live";

/// What the teacher asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub count: usize,
    pub tags: Vec<String>,
    pub kinds: Vec<Kind>,
    pub per_question_secs: u64,
    pub scoring: Scoring,
}

/// The paper of a game, in the game's terms and in the drill results' terms.
#[derive(Debug, Clone)]
pub struct Paper {
    pub title: String,
    pub questions: Vec<GameQuestion>,
    /// Per deck, the normalized answers of its cards (the typo rule).
    pub other_answers: HashMap<DeckId, HashSet<String>>,
    /// The attempt every player's answers are saved in (without uid, name or start).
    template: Attempt,
}

/// Chooses the paper for `seed` exactly as `recall drill` does: the same cards, order and
/// option order for the same decks, selection and seed.
pub fn choose(store: &Store, decks: &[DeckRecord], request: &Request, seed: u64) -> Result<Paper> {
    let mut cards: Vec<(DeckId, Card)> = Vec::new();
    let mut other_answers: HashMap<DeckId, HashSet<String>> = HashMap::new();
    for deck in decks {
        let deck_cards = store.deck_cards(&deck.id)?;
        other_answers.insert(
            deck.id.clone(),
            deck_cards.iter().flat_map(answer_forms).collect(),
        );
        cards.extend(deck_cards.into_iter().map(|card| (deck.id.clone(), card)));
    }
    let selection = Selection {
        count: request.count,
        tags: request.tags.clone(),
        kinds: request.kinds.clone(),
    };
    let chosen = choose_paper(cards, &selection, seed);
    if chosen.is_empty() {
        bail!("no cards match this game: check --tag and --kinds (`recall list` shows the decks)");
    }
    if chosen.len() < request.count {
        let n = chosen.len();
        writeln!(
            std::io::stderr(),
            "recall: only {n} {} {}, so the game has {n} {}",
            plural(n, "card", "cards"),
            plural(n, "matches", "match"),
            plural(n, "question", "questions"),
        )?;
    }
    let questions: Vec<GameQuestion> = chosen
        .into_iter()
        .map(|(deck, card)| GameQuestion {
            choices: choice_order(&card.choices, seed, &deck, &card.id),
            deck,
            card,
        })
        .collect();
    let paper: Vec<Question> = questions
        .iter()
        .map(|q| Question {
            deck: q.deck.to_string(),
            card: q.card.id.to_string(),
            kind: q.card.kind.to_string(),
            question: q.card.question.clone(),
            expected: q.card.answer.clone(),
            choices: q.choices.clone(),
        })
        .collect();
    let mut deck_ids: Vec<String> = decks.iter().map(|d| d.id.to_string()).collect();
    deck_ids.sort();
    let titles: Vec<&str> = decks.iter().map(|d| d.title.as_str()).collect();
    let template = Attempt {
        uid: String::new(),
        name: String::new(),
        profile: LIVE_PROFILE.to_owned(),
        decks: deck_ids,
        seed,
        settings: Settings {
            count: request.count,
            tags: request.tags.clone(),
            kinds: request.kinds.iter().map(ToString::to_string).collect(),
            time_limit_secs: None,
            per_question_secs: Some(request.per_question_secs),
            scoring: request.scoring,
            record: false,
        },
        max_score: request
            .scoring
            .max_points()
            .saturating_mul(u32::try_from(paper.len()).unwrap_or(u32::MAX)),
        paper,
        started_at: Timestamp::default(),
        ended_at: None,
        end: None,
        score: 0,
        answers: Vec::new(),
    };
    Ok(Paper {
        title: titles.join(" + "),
        questions,
        other_answers,
        template,
    })
}

/// Saves a game's records in the store as drill attempts, one per player.
#[derive(Debug)]
pub struct StoreRecorder {
    store: Store,
    paper: Paper,
    /// The review session the game's answers belong to.
    session: Option<i64>,
    attempts: HashMap<PlayerId, i64>,
    /// The uids of this game's attempts, for the export.
    uids: Arc<Mutex<Vec<String>>>,
}

impl StoreRecorder {
    pub fn new(
        store: Store,
        paper: Paper,
        now: Timestamp,
    ) -> Result<(StoreRecorder, Arc<Mutex<Vec<String>>>)> {
        let session = store.start_session(LIVE_PROFILE, Mode::Drill, now)?;
        let uids = Arc::new(Mutex::new(Vec::new()));
        Ok((
            StoreRecorder {
                store,
                paper,
                session: Some(session),
                attempts: HashMap::new(),
                uids: Arc::clone(&uids),
            },
            uids,
        ))
    }

    fn save(&mut self, record: &Record) -> Result<()> {
        match record {
            Record::Joined { player, name, at } => {
                let uid = random_token();
                let attempt = Attempt {
                    uid: uid.clone(),
                    name: name.clone(),
                    started_at: *at,
                    ..self.paper.template.clone()
                };
                let id = self.store.start_attempt(&attempt)?;
                self.attempts.insert(*player, id);
                if let Ok(mut uids) = self.uids.lock() {
                    uids.push(uid);
                }
            }
            Record::Answered {
                player,
                position,
                reply,
                verdict,
                outcome,
                points,
                taken,
                at,
            } => {
                let (Some(&attempt), Some(question)) = (
                    self.attempts.get(player),
                    self.paper.questions.get(*position),
                ) else {
                    bail!("an answer from a player whose attempt was not saved");
                };
                let duration_ms = Some(u64::try_from(taken.as_millis()).unwrap_or(u64::MAX));
                let review = ReviewRecord {
                    profile: LIVE_PROFILE.to_owned(),
                    deck: question.deck.clone(),
                    card: question.card.id.clone(),
                    at: *at,
                    rating: rating_for(*verdict),
                    answer: Some(reply.clone()),
                    expected: question.card.answer.clone(),
                    verdict: Some(verdict_str(*verdict)),
                    correct: outcome.is_right(),
                    duration_ms,
                    mode: Mode::Drill,
                    before: CardState::default(),
                    after: None,
                    elapsed_days: None,
                    session: self.session,
                };
                let answer = Answer {
                    position: *position,
                    answer: Some(reply.clone()),
                    outcome: *outcome,
                    points: *points,
                    duration_ms,
                };
                self.store.record_drill_answer(attempt, &answer, &review)?;
            }
            Record::Finished {
                player,
                at,
                end,
                unanswered,
            } => {
                let Some(&attempt) = self.attempts.get(player) else {
                    bail!("the end of an attempt that was not saved");
                };
                let unanswered: Vec<(usize, &Question)> = unanswered
                    .iter()
                    .filter_map(|&p| self.paper.template.paper.get(p).map(|q| (p, q)))
                    .collect();
                self.store.finish_attempt(attempt, *at, *end, &unanswered)?;
            }
        }
        Ok(())
    }
}

impl Recorder for StoreRecorder {
    fn record(&mut self, record: &Record) -> Result<(), String> {
        self.save(record).map_err(|error| format!("{error:#}"))
    }
}

/// The rating a verdict is logged with, as in a drill: wrong (or a near miss) → Again, a typo
/// → Hard, right → Good. A game's answers never change a schedule.
#[allow(clippy::match_wildcard_for_single_variants)]
fn rating_for(verdict: Verdict) -> Rating {
    match verdict {
        Verdict::Right => Rating::Good,
        Verdict::Typo => Rating::Hard,
        _ => Rating::Again,
    }
}

/// Writes this game's attempts to `path` in the format of `recall results --export`.
pub fn export(app: &App, uids: &[String], path: &std::path::Path, seed: u64) -> Result<usize> {
    let store = Store::open(&app.data_dir()?)?;
    let attempts: Vec<Attempt> = store
        .attempts(&AttemptFilter {
            seed: Some(seed),
            profile: Some(LIVE_PROFILE.to_owned()),
            ..AttemptFilter::default()
        })?
        .into_iter()
        .filter(|a| uids.contains(&a.uid))
        .collect();
    let count = attempts.len();
    let file = ExportFile::new(attempts, app.now);
    crate::authoring::write::write_atomic(path, &serde_json::to_vec_pretty(&file)?)?;
    Ok(count)
}
