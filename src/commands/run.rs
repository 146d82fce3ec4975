//! Running a session for `study`, `practice` (and `drill`): the host that saves each answer as
//! the engine asks, the clock, the choice between the plain and the interactive screen, and the
//! closing summary with what is due next.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use super::App;
use crate::deck::{CardId, DeckId};
use crate::drill::results::{Answer as DrillAnswer, Outcome};
use crate::grading::Verdict;
use crate::scheduler::Policy;
use crate::session::{AnswerBook, Config, Effect, Item, Session, SessionDeck, Step, Summary};
use crate::store::{DeckRecord, Mode, ReviewRecord, Store};
use crate::text::plural;
use crate::time::{StudyDay, Timestamp};
use crate::ui::{self, Host, Symbols};

/// A clock that starts at the command's `now` (the real time, or `--now`) and runs on from
/// there, so answer times are real even when the start is pretended.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Timestamp,
    instant: Instant,
}

impl Clock {
    fn starting_at(start: Timestamp) -> Clock {
        Clock {
            start,
            instant: Instant::now(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.start.plus(self.instant.elapsed())
    }
}

/// Saves what the session engine asks to save, one transaction per answer.
pub struct StoreHost<'a> {
    store: &'a mut Store,
    profile: String,
    mode: Mode,
    session: i64,
    /// Review ids of the answers saved in this session, for undo.
    recorded: Vec<i64>,
    clock: Clock,
    /// The drill attempt answers belong to, in a drill.
    drill: Option<i64>,
}

impl<'a> StoreHost<'a> {
    fn new(store: &'a mut Store, app: &App, mode: Mode, clock: Clock) -> Result<Self> {
        let session = store.start_session(&app.profile, mode, app.now)?;
        Ok(StoreHost {
            store,
            profile: app.profile.clone(),
            mode,
            session,
            recorded: Vec::new(),
            clock,
            drill: None,
        })
    }

    /// Saves answers as answers to the drill attempt `attempt` too.
    fn for_drill(mut self, attempt: i64) -> Self {
        self.drill = Some(attempt);
        self
    }
}

impl AnswerBook for StoreHost<'_> {
    fn is_other_answer(&self, deck: &DeckId, card: &CardId, normalized: &str) -> bool {
        // A failed lookup only means a close reply may count as a typo.
        self.store
            .is_other_answer(deck, normalized, card.as_str())
            .unwrap_or(false)
    }
}

impl Host for StoreHost<'_> {
    fn book(&self) -> &dyn AnswerBook {
        self
    }

    fn perform(&mut self, effects: &[Effect]) -> Result<()> {
        for effect in effects {
            match effect {
                Effect::Record(answer) => {
                    let review = ReviewRecord {
                        profile: self.profile.clone(),
                        deck: answer.deck.clone(),
                        card: answer.card.clone(),
                        at: answer.at,
                        rating: answer.rating,
                        answer: answer.answer.clone(),
                        expected: answer.expected.clone(),
                        verdict: answer.verdict.map(verdict_str),
                        correct: answer.correct,
                        duration_ms: Some(
                            u64::try_from(answer.duration.as_millis()).unwrap_or(u64::MAX),
                        ),
                        mode: self.mode,
                        before: answer.before.clone(),
                        after: answer.after.clone(),
                        elapsed_days: answer.elapsed_days,
                        session: Some(self.session),
                    };
                    if let Some(attempt) = self.drill {
                        let outcome = match answer.verdict {
                            Some(Verdict::Right) => Outcome::Right,
                            Some(Verdict::Typo) => Outcome::Typo,
                            _ => Outcome::Wrong,
                        };
                        let drill_answer = DrillAnswer {
                            position: answer.position,
                            answer: answer.answer.clone(),
                            outcome,
                            points: answer.points.unwrap_or(0),
                            duration_ms: review.duration_ms,
                        };
                        self.store
                            .record_drill_answer(attempt, &drill_answer, &review)?;
                    } else {
                        let id = self.store.record(&review)?;
                        self.recorded.push(id);
                    }
                }
                Effect::Unrecord => {
                    if let Some(id) = self.recorded.pop() {
                        self.store.undo(&self.profile, id, self.clock.now())?;
                    }
                }
            }
        }
        Ok(())
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }
}

pub fn verdict_str(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Right => "right",
        Verdict::Typo => "typo",
        // Close has no second chance yet: it is recorded as wrong.
        Verdict::Wrong | Verdict::Close => "wrong",
    }
}

/// Runs a session over `items` to its end, saving each answer in `store` as `mode` (and as an
/// answer to the drill attempt `attempt`, in a drill). Returns the summary and the clock the
/// session ran on, which reads on from the end of the session.
pub fn run_session(
    store: &mut Store,
    app: &App,
    decks: &[DeckRecord],
    items: Vec<Item>,
    config: Config,
    mode: Mode,
    attempt: Option<i64>,
) -> Result<(Summary, Clock)> {
    let (mut session, first) = Session::new(session_decks(decks), items, config, app.now);
    let clock = Clock::starting_at(app.now);
    let mut host = StoreHost::new(store, app, mode, clock)?;
    if let Some(attempt) = attempt {
        host = host.for_drill(attempt);
    }
    let summary = on_terminal(&mut session, first, &mut host, decks)?;
    Ok((summary, clock))
}

/// The decks as the session sees them.
fn session_decks(decks: &[DeckRecord]) -> Vec<SessionDeck> {
    decks
        .iter()
        .map(|deck| SessionDeck {
            id: deck.id.clone(),
            title: deck.title.clone(),
            policy: Policy::from(&deck.schedule),
            flip: deck.flip,
        })
        .collect()
}

/// Runs a session to its end on the terminal (interactive when stdin is one, plain otherwise)
/// and returns its summary.
fn on_terminal(
    session: &mut Session,
    first: Step,
    host: &mut StoreHost<'_>,
    decks: &[DeckRecord],
) -> Result<Summary> {
    let symbols = Symbols::new(ui::unicode_supported());
    let stdin = io::stdin();
    let stdout = io::stdout();
    if interactive() {
        let paths: ui::terminal::DeckPaths = decks
            .iter()
            .filter(|d| !d.origin.starts_with("<bundled>"))
            .map(|d| (d.id.clone(), PathBuf::from(&d.origin)))
            .collect();
        return ui::terminal::run(session, first, host, symbols, &paths);
    }
    let mut input = stdin.lock();
    let mut out = stdout.lock();
    let summary = ui::plain::run(session, first, host, &mut input, &mut out, symbols)?;
    out.flush()?;
    Ok(summary)
}

/// Whether the interactive screen can be used: stdin and stdout are terminals.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// What is due next across `decks`: lines for the end-of-session summary.
pub fn due_next_lines(
    store: &Store,
    app: &App,
    decks: &[DeckId],
    now: Timestamp,
) -> Result<Vec<String>> {
    let today = StudyDay::containing(now, &app.tz);
    let tomorrow = today.offset(1, &app.tz);
    let week_end = today.offset(7, &app.tz).start;
    let (mut rest_of_today, mut on_tomorrow, mut this_week, mut streak) = (0, 0, 0, 0);
    for deck in decks {
        rest_of_today += store.due_between(&app.profile, deck, now, today.end)?;
        on_tomorrow += store.due_between(&app.profile, deck, tomorrow.start, tomorrow.end)?;
        this_week += store.due_between(&app.profile, deck, today.end, week_end)?;
        streak = streak.max(store.streak(&app.profile, deck, today, &app.tz)?);
    }
    let mut lines = vec![format!(
        "Due next: {rest_of_today} later today, {on_tomorrow} tomorrow, {this_week} in the next 7 days"
    )];
    if streak > 0 {
        lines.push(format!(
            "Study streak: {streak} {}",
            plural(streak, "day", "days")
        ));
    }
    Ok(lines)
}

/// Prints the summary (to stdout) with the lines about what is due next.
pub fn print_summary(summary: &Summary, extra: &[String]) -> Result<()> {
    let symbols = Symbols::new(ui::unicode_supported());
    let mut out = io::stdout().lock();
    writeln!(out)?;
    for line in ui::summary_lines(summary, symbols, extra) {
        writeln!(out, "{}", symbols.fit(&line))?;
    }
    Ok(())
}
