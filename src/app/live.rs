//! The live game's use cases. Hosting: the one adapter between the game and the drill use cases: the paper is chosen by
//! `app::drill::choose` (the same seed and selection give the same questions and option order
//! as `recall drill`), and each player's answers are saved as a drill attempt through
//! `app::drill` and `app::record` (one attempt per player, one transaction per answer), so
//! `results`, `report` and `--export` treat a hosted game like collected files.
//!
//! Joining: the seat a player was given is kept in the data directory ([`SeatFile`]), so a
//! player whose connection broke rejoins as the same player.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::app::drill::{self as use_case, Paper, PaperRequest};
use crate::app::record::{mark, rating_for, save_drill_answer};
use crate::app::{UsageError, context};
use crate::authoring::write::write_atomic;
use crate::deck::{DeckId, Kind};
use crate::drill::results::{Attempt, ExportFile};
use crate::drill::{PaperEnd, Scoring};
use crate::grading::DeckContext;
use crate::live::client::{Target, TokenChange};
use crate::live::game::{Game, GameQuestion, PlayerId, Record, Setup};
use crate::live::names::NameFilter;
use crate::live::seats::{self, SeatKey, Seats};
use crate::live::server::{self, Clock, Recorder, Server, random_pin, random_token};
use crate::scheduler::{CardState, Policy, Purpose};
use crate::store::{
    AttemptEnd, AttemptFilter, AttemptId, DeckRecord, DrillAnswerRow, Drills, ReviewRecord,
    Reviews, SessionId, Store, Unanswered,
};
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
    pub per_question: Duration,
    pub scoring: Scoring,
}

/// The shortest and longest time a question may be given.
pub const PER_QUESTION: (Duration, Duration) = (Duration::from_secs(1), Duration::from_hours(1));

impl Request {
    /// Whether a game can be played as asked, for a room of `max_players`.
    pub fn check(&self, max_players: usize) -> Result<(), UsageError> {
        if self.count == 0 {
            return Err(UsageError("--count must be at least 1".into()));
        }
        if max_players == 0 {
            return Err(UsageError("--max-players must be at least 1".into()));
        }
        if self.per_question < PER_QUESTION.0 || self.per_question > PER_QUESTION.1 {
            return Err(UsageError(
                "--per-question must be between 1s and 1h".into(),
            ));
        }
        Ok(())
    }
}

/// A game's paper: the drill paper, and the same questions in the game's terms.
#[derive(Debug, Clone)]
pub struct LivePaper {
    paper: Paper,
    decks: Vec<DeckRecord>,
    pub title: String,
    pub questions: Vec<GameQuestion>,
    /// The grading context of each deck a question comes from, as every other front end grades
    /// with it (aliases, people's names, other cards' answers).
    pub contexts: HashMap<DeckId, DeckContext>,
}

/// Chooses the paper for `seed` exactly as `recall drill` does.
pub fn choose(
    store: &mut Store,
    decks: &[DeckRecord],
    request: &Request,
    seed: u64,
) -> Result<LivePaper> {
    let paper = use_case::choose(
        store,
        decks,
        &PaperRequest {
            count: request.count,
            tags: request.tags.clone(),
            kinds: request.kinds.clone(),
            time_limit: None,
            per_question: Some(request.per_question),
            scoring: request.scoring,
            record: false,
        },
        seed,
    )?;
    let mut contexts: HashMap<DeckId, DeckContext> = HashMap::new();
    for (deck, _) in &paper.cards {
        if !contexts.contains_key(deck) {
            contexts.insert(deck.clone(), context::load(store, deck)?);
        }
    }
    let questions = paper
        .cards
        .iter()
        .zip(&paper.questions)
        .map(|((deck, card), question)| GameQuestion {
            deck: deck.clone(),
            card: card.clone(),
            choices: question.choices.clone(),
        })
        .collect();
    let titles: Vec<&str> = decks.iter().map(|d| d.title.as_str()).collect();
    Ok(LivePaper {
        title: titles.join(" + "),
        questions,
        contexts,
        decks: decks.to_vec(),
        paper,
    })
}

/// How the teacher hosts a paper: the room's size, whose names may join, where to listen.
#[derive(Debug, Clone)]
pub struct Room {
    pub max_players: usize,
    pub names: NameFilter,
    pub bind: SocketAddr,
    /// The command's clock: the game's clock starts here and runs on.
    pub now: Timestamp,
}

/// A game started: its server, and what the teacher tells the room.
#[derive(Debug)]
pub struct Hosted {
    pub server: Server,
    pub pin: String,
    /// The uids of the game's attempts, one per player as they join, for the export.
    pub uids: Arc<Mutex<Vec<String>>>,
}

/// Starts the game on `paper`: a new PIN, the game under `request`'s timing and scoring, its
/// answers saved in `store` as they come, and the server listening as `room` says.
pub fn start(store: Store, paper: LivePaper, request: &Request, room: Room) -> Result<Hosted> {
    let pin = random_pin();
    let game = Game::new(Setup {
        title: paper.title.clone(),
        pin: pin.clone(),
        questions: paper.questions.clone(),
        contexts: paper.contexts.clone(),
        per_question: request.per_question,
        scoring: request.scoring,
        max_players: room.max_players,
        names: room.names,
    });
    let (recorder, uids) = StoreRecorder::new(store, paper, room.now)?;
    let server = server::start(
        game,
        room.bind,
        Clock::starting_at(room.now),
        Box::new(recorder),
    )?;
    Ok(Hosted { server, pin, uids })
}

/// A class list is a few hundred names: a megabyte is plenty.
const NAME_LIST_LIMIT: crate::input::Limit = crate::input::Limit {
    bytes: 1024 * 1024,
    what: "name lists",
};

/// The teacher's name filter: a roster (which must list names), a list of blocked words, or
/// none.
pub fn name_filter(roster: Option<&Path>, blocked: Option<&Path>) -> Result<NameFilter> {
    let read = |path: &Path| -> Result<String> {
        let bytes = crate::input::read(path, NAME_LIST_LIMIT)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    if let Some(path) = roster {
        let names = NameFilter::entries(&read(path)?);
        if names.is_empty() {
            return Err(UsageError(format!(
                "{} lists no names; write one name per line",
                path.display()
            ))
            .into());
        }
        return Ok(NameFilter::Roster(names));
    }
    if let Some(path) = blocked {
        return Ok(NameFilter::Blocked(NameFilter::entries(&read(path)?)));
    }
    Ok(NameFilter::Open)
}

/// Saves a game's records in the store as drill attempts, one per player.
#[derive(Debug)]
pub struct StoreRecorder {
    store: Store,
    paper: LivePaper,
    policies: HashMap<DeckId, Policy>,
    /// The review session the game's answers belong to.
    session: SessionId,
    attempts: HashMap<PlayerId, AttemptId>,
    /// The uids of this game's attempts, for the export.
    uids: Arc<Mutex<Vec<String>>>,
}

impl StoreRecorder {
    pub fn new(
        mut store: Store,
        paper: LivePaper,
        now: Timestamp,
    ) -> Result<(StoreRecorder, Arc<Mutex<Vec<String>>>)> {
        let session = store.start_session(LIVE_PROFILE, Purpose::Drill, now)?;
        let policies = paper
            .decks
            .iter()
            .map(|d| (d.id.clone(), Policy::from(&d.schedule)))
            .collect();
        let uids = Arc::new(Mutex::new(Vec::new()));
        Ok((
            StoreRecorder {
                store,
                paper,
                policies,
                session,
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
                let attempt = use_case::new_attempt(
                    &self.paper.paper,
                    &self.paper.decks,
                    uid.clone(),
                    name,
                    LIVE_PROFILE,
                    *at,
                );
                let id = use_case::start(&mut self.store, &attempt)?;
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
                    rating: rating_for(*verdict, false, false),
                    answer: Some(reply.clone()),
                    expected: question.card.answer.clone(),
                    verdict: Some(mark(*verdict)),
                    correct: outcome.is_right(),
                    duration_ms,
                    purpose: Purpose::Drill,
                    // Players have no history here, and a game never changes a schedule.
                    before: CardState::default(),
                    after: None,
                    elapsed_days: None,
                    session: Some(self.session),
                };
                let answer = DrillAnswerRow {
                    position: *position,
                    answer: Some(reply.clone()),
                    verdict: Some(mark(*verdict)),
                    points: *points,
                    duration_ms,
                };
                let policy = self
                    .policies
                    .get(&question.deck)
                    .cloned()
                    .unwrap_or_default();
                save_drill_answer(&mut self.store, attempt, &answer, review, &policy)?;
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
                let unanswered: Vec<Unanswered> = unanswered
                    .iter()
                    .filter_map(|&position| {
                        self.paper.questions.get(position).map(|q| Unanswered {
                            position,
                            deck: q.deck.clone(),
                            card: q.card.id.clone(),
                        })
                    })
                    .collect();
                let end = match end {
                    PaperEnd::Finished => AttemptEnd::Finished,
                    PaperEnd::Timeout => AttemptEnd::Timeout,
                    PaperEnd::Quit => AttemptEnd::Quit,
                };
                self.store.finish_attempt(attempt, *at, end, &unanswered)?;
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

/// Writes this game's attempts to `path` in the format of `recall results --export`, as of
/// `now`.
pub fn export(
    store: &Store,
    uids: &[String],
    path: &std::path::Path,
    seed: u64,
    now: Timestamp,
) -> Result<usize> {
    let attempts: Vec<Attempt> = use_case::attempts(
        store,
        &AttemptFilter {
            seed: Some(seed),
            profile: Some(LIVE_PROFILE.to_owned()),
            ..AttemptFilter::default()
        },
    )?
    .into_iter()
    .filter(|a| uids.contains(&a.uid))
    .collect();
    let count = attempts.len();
    let file = ExportFile::new(attempts, now);
    crate::authoring::write::write_atomic(path, &crate::json::to_vec(&file)?)?;
    Ok(count)
}

/// The seat file is small (at most a few hundred seats); anything larger is not ours.
const SEATS_LIMIT: crate::input::Limit = crate::input::Limit {
    bytes: 1024 * 1024,
    what: "seat files",
};

/// The seat file (`live::seats`) in the data directory, for one game and name.
#[derive(Debug)]
pub struct SeatFile {
    path: PathBuf,
    key: SeatKey,
    /// The command's clock (`--now` or the time it started), and when that was read: a seat
    /// is dated when it is given, which in a long game is well after the start.
    now: Timestamp,
    started: Instant,
}

impl SeatFile {
    /// The seat of `name` in the game at `target` with `pin`, kept in `data_dir`.
    pub fn for_game(
        data_dir: &Path,
        target: &Target,
        pin: &str,
        name: &str,
        now: Timestamp,
    ) -> SeatFile {
        SeatFile {
            path: data_dir.join(seats::FILE),
            key: SeatKey::new(&target.authority, pin, name),
            now,
            started: Instant::now(),
        }
    }

    /// What the file holds; a missing, unreadable or damaged file holds no seats.
    fn read(&self) -> Seats {
        crate::input::read(&self.path, SEATS_LIMIT)
            .map(|bytes| Seats::parse(&bytes))
            .unwrap_or_default()
    }

    /// The token kept for this game and name, to rejoin with.
    pub fn token(&self) -> Option<String> {
        self.read().token(&self.key, self.now).map(str::to_owned)
    }

    /// Keeps or forgets the token. The file is read again just before writing, so two games
    /// played at once from one account keep both seats.
    pub fn record(&mut self, change: TokenChange<'_>) -> Result<(), String> {
        let now = self.now.plus(self.started.elapsed());
        let mut seats = self.read();
        match change {
            TokenChange::Given(token) => seats.keep(&self.key, token, now),
            TokenChange::Spent => {
                if !seats.forget(&self.key) {
                    return Ok(());
                }
            }
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_atomic(&self.path, seats.to_json().as_bytes()).map_err(|e| e.to_string())?;
        private(&self.path);
        Ok(())
    }
}

/// The tokens let anyone rejoin as the student: readable by the owner only.
fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_is_kept_private_and_forgotten_once_spent() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("data");
        let target = Target::parse("http://192.0.2.1:8080/").expect("a link");
        let now: Timestamp = "2026-11-30T09:00:00Z".parse().expect("a time");
        let mut seat = SeatFile::for_game(&data, &target, "1234", "Ayesha", now);
        let other = SeatFile::for_game(&data, &target, "1234", "Bilal", now);
        // change, the seat's token after, the other player's token after
        let cases = [
            (None, None, None),
            (Some(TokenChange::Given("t1")), Some("t1"), None),
            (Some(TokenChange::Given("t2")), Some("t2"), None),
            (Some(TokenChange::Spent), None, None),
            (Some(TokenChange::Spent), None, None),
        ];
        for (change, token, others) in cases {
            if let Some(change) = change {
                seat.record(change).expect("written");
            }
            assert_eq!(seat.token().as_deref(), token, "{change:?}");
            assert_eq!(other.token().as_deref(), others, "{change:?}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(data.join(seats::FILE))
                .expect("the seat file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_teacher_names_who_may_join_or_who_may_not() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("written");
            path
        };
        let roster = write("roster.txt", "Ayesha\nBilal\n");
        let empty = write("empty.txt", "\n\n");
        let blocked = write("blocked.txt", "rude\n");
        let cases = [
            (None, None, Ok("Open")),
            (Some(&roster), None, Ok("Roster")),
            (Some(&roster), Some(&blocked), Ok("Roster")),
            (None, Some(&blocked), Ok("Blocked")),
            (Some(&empty), None, Err("lists no names")),
            (None, Some(&empty), Ok("Blocked")),
        ];
        for (roster, blocked, expected) in cases {
            let found = name_filter(roster.map(PathBuf::as_path), blocked.map(PathBuf::as_path));
            match (found, expected) {
                (Ok(filter), Ok(kind)) => {
                    assert!(format!("{filter:?}").starts_with(kind), "{filter:?}");
                }
                (Err(error), Err(said)) => {
                    assert!(error.downcast_ref::<UsageError>().is_some());
                    assert!(error.to_string().contains(said), "{error}");
                }
                (found, _) => panic!("{roster:?} {blocked:?}: {found:?}"),
            }
        }
    }

    #[test]
    fn a_game_needs_a_question_a_seat_and_a_sane_time() {
        let secs = Duration::from_secs;
        let cases = [
            (10, 50, secs(20), None),
            (1, 1, secs(1), None),
            (1, 1, secs(3600), None),
            (0, 50, secs(20), Some("--count must be at least 1")),
            (10, 0, secs(20), Some("--max-players must be at least 1")),
            (
                10,
                50,
                Duration::from_millis(999),
                Some("--per-question must be between 1s and 1h"),
            ),
            (
                10,
                50,
                secs(3601),
                Some("--per-question must be between 1s and 1h"),
            ),
        ];
        for (count, max_players, per_question, expected) in cases {
            let request = Request {
                count,
                tags: Vec::new(),
                kinds: Vec::new(),
                per_question,
                scoring: Scoring::Plain,
            };
            let said = request.check(max_players).err().map(|e| e.to_string());
            assert_eq!(
                said.as_deref(),
                expected,
                "{count} {max_players} {per_question:?}"
            );
        }
    }
}
