//! `recall host`: a live quiz for the room. Chooses the paper as `drill` does, starts the game
//! server (loopback unless `--bind` says otherwise), shows the teacher's screen, and saves every
//! answer as a drill attempt of its player (through `app::live`).

use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context as _, Result};

use super::decks;
use super::run::interactive;
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::drill::fresh_seed as paper_number;
use crate::app::live::{self as live_paper, Request, StoreRecorder};
use crate::cli::{HostArgs, ScoringArg};
use crate::drill::Scoring;
use crate::live::game::{Game, Setup, Stage};
use crate::live::names::NameFilter;
use crate::live::server::{self, Clock};
use crate::text::plural;
use crate::ui::live::{Invitation, host, host_plain, invitation_lines, stdin_lines};
use crate::ui::{self, Symbols};

/// The shortest and longest time a question may be given.
const PER_QUESTION: (Duration, Duration) = (Duration::from_secs(1), Duration::from_hours(1));

pub fn run(app: &App, args: &HostArgs) -> Result<Exit> {
    if args.count == 0 {
        return Err(UsageError("--count must be at least 1".into()).into());
    }
    if args.max_players == 0 {
        return Err(UsageError("--max-players must be at least 1".into()).into());
    }
    if args.per_question < PER_QUESTION.0 || args.per_question > PER_QUESTION.1 {
        return Err(UsageError("--per-question must be between 1s and 1h".into()).into());
    }
    let names = name_filter(args)?;
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let seed = args.seed.unwrap_or_else(|| fresh_seed(app));
    let scoring = match args.scoring {
        ScoringArg::Plain => Scoring::Plain,
        ScoringArg::Speed => Scoring::Speed,
    };
    let request = Request {
        count: args.count,
        tags: args.tags.clone(),
        kinds: args.kinds.clone(),
        per_question: args.per_question,
        scoring,
    };
    let paper = live_paper::choose(&mut store, &decks, &request, seed)?;
    let n = paper.questions.len();
    if n < args.count {
        writeln!(
            io::stderr(),
            "recall: only {n} {} {}, so the game has {n} {}",
            plural(n, "card", "cards"),
            plural(n, "matches", "match"),
            plural(n, "question", "questions"),
        )?;
    }
    let pin = server::random_pin();
    let game = Game::new(Setup {
        title: paper.title.clone(),
        pin: pin.clone(),
        questions: paper.questions.clone(),
        contexts: paper.contexts.clone(),
        per_question: args.per_question,
        scoring,
        max_players: args.max_players,
        names,
    });
    let questions = paper.questions.len();
    let title = paper.title.clone();
    let (recorder, uids) = StoreRecorder::new(store, paper, app.now)?;
    let clock = Clock::starting_at(app.now);
    let mut server = server::start(
        game,
        SocketAddr::new(args.bind, args.port),
        clock,
        Box::new(recorder),
    )?;
    let (host_ip, found) = server::join_host(server.addr());
    let url = format!("http://{}/", SocketAddr::new(host_ip, server.addr().port()));
    let invitation = Invitation {
        link: format!("{url}#pin={pin}"),
        url,
        pin,
        local_only: server.addr().ip().is_loopback(),
        seed,
    };
    let symbols = Symbols::new(ui::unicode_supported());
    {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "recall live: {} · paper {seed} · {questions} {} · {} each · {} scoring",
            ui::clean(&title),
            plural(questions, "question", "questions"),
            ui::describe_interval(args.per_question),
            match scoring {
                Scoring::Plain => "plain",
                Scoring::Speed => "speed",
            }
        )?;
        if !found {
            writeln!(
                out,
                "recall: cannot tell this machine's address on the network; players use \
                 http://<this machine's address>:{}/ (`ip addr` shows it)",
                server.addr().port()
            )?;
        }
        if !interactive() {
            for line in invitation_lines(&invitation, symbols, app.color, 100, true) {
                writeln!(out, "{line}")?;
            }
        }
        out.flush()?;
    }

    let last = if interactive() {
        host(&mut server, &invitation, symbols, app.color)?
    } else {
        let lines = stdin_lines();
        let mut out = io::stdout().lock();
        host_plain(&mut server, &invitation, &lines, &mut out)?
    };
    let problems = server.shutdown();
    let uids = uids.lock().map(|u| u.clone()).unwrap_or_default();
    let mut out = io::stdout().lock();
    let players = uids.len();
    writeln!(out)?;
    if !matches!(last.view.stage, Stage::Over { .. }) {
        writeln!(out, "The game ended before it was over.")?;
    }
    writeln!(
        out,
        "Saved the answers of {players} {} as drill attempts at paper {seed}. See them with:",
        plural(players, "player", "players"),
    )?;
    // A command per line, so a narrow terminal never wraps one in the middle.
    writeln!(out, "  recall results --seed {seed}")?;
    writeln!(
        out,
        "  recall report --seed {seed} --format html --out class.html"
    )?;
    if let Some(path) = &args.export {
        let count = live_paper::export(&app.store()?, &uids, path, seed, app.now)
            .with_context(|| format!("writing {}", path.display()))?;
        writeln!(
            out,
            "wrote {count} {} to {}",
            plural(count, "attempt", "attempts"),
            path.display()
        )?;
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "{} {} could not be saved; the first: {}",
            problems.len(),
            plural(problems.len(), "record", "records"),
            problems[0]
        );
    }
    Ok(Exit::Success)
}

/// A new paper number, as `recall drill` draws one.
fn fresh_seed(app: &App) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    paper_number(&app.profile, nanos ^ (u128::from(std::process::id()) << 96))
}

/// The teacher's name filter: a roster, a list of blocked words, or none.
fn name_filter(args: &HostArgs) -> Result<NameFilter> {
    // A class list is a few hundred names: a megabyte is plenty.
    let limit = crate::input::Limit {
        bytes: 1024 * 1024,
        what: "name lists",
    };
    let read = |path: &std::path::Path| -> Result<String> {
        let bytes = crate::input::read(path, limit)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    if let Some(path) = &args.roster {
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
    if let Some(path) = &args.block_names {
        return Ok(NameFilter::Blocked(NameFilter::entries(&read(path)?)));
    }
    Ok(NameFilter::Open)
}
