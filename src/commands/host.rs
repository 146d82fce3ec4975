//! `recall host`: a live quiz for the room. Chooses the paper as `drill` does, starts the game
//! server (loopback unless `--bind` says otherwise), shows the teacher's screen, and saves every
//! answer as a drill attempt of its player (through `app::live`).

use std::io::{self, Write};
use std::net::SocketAddr;

use anyhow::{Context as _, Result};

use super::decks;
use super::run::interactive;
use super::{App, Exit};
use crate::app::drill::fresh_seed;
use crate::app::live::{self as live_paper, Hosted, Request, Room};
use crate::cli::{HostArgs, ScoringArg};
use crate::drill::Scoring;
use crate::live::game::Stage;
use crate::text::plural;
use crate::ui::live::{
    Invitation, game_line, host, host_plain, invitation_lines, no_address_line, saved_lines,
    stdin_lines,
};
use crate::ui::{self, Symbols};

pub fn run(app: &App, args: &HostArgs) -> Result<Exit> {
    let request = Request {
        count: args.count,
        tags: args.tags.clone(),
        kinds: args.kinds.clone(),
        per_question: args.per_question,
        scoring: match args.scoring {
            ScoringArg::Plain => Scoring::Plain,
            ScoringArg::Speed => Scoring::Speed,
        },
    };
    request.check(args.max_players)?;
    let names = live_paper::name_filter(args.roster.as_deref(), args.block_names.as_deref())?;
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let seed = args
        .seed
        .unwrap_or_else(|| fresh_seed(&app.profile, super::drill::entropy()));
    let paper = live_paper::choose(&mut store, &decks, &request, seed)?;
    let (questions, title) = (paper.questions.len(), paper.title.clone());
    if questions < args.count {
        let n = questions;
        writeln!(
            io::stderr(),
            "recall: only {n} {} {}, so the game has {n} {}",
            plural(n, "card", "cards"),
            plural(n, "matches", "match"),
            plural(n, "question", "questions"),
        )?;
    }
    let room = Room {
        max_players: args.max_players,
        names,
        bind: SocketAddr::new(args.bind, args.port),
        now: app.now,
    };
    let Hosted {
        mut server,
        pin,
        uids,
    } = live_paper::start(store, paper, &request, room)?;
    let (invitation, found) = Invitation::to(server.addr(), pin, seed);
    let symbols = Symbols::new(ui::unicode_supported());
    {
        let mut out = io::stdout().lock();
        let line = game_line(&title, seed, questions, args.per_question, request.scoring);
        writeln!(out, "{line}")?;
        if !found {
            writeln!(out, "{}", no_address_line(server.addr().port()))?;
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
    let over = matches!(last.view.stage, Stage::Over { .. });
    for line in saved_lines(over, uids.len(), seed) {
        writeln!(out, "{line}")?;
    }
    if let Some(path) = &args.export {
        let count = live_paper::export(&app.store()?, &uids, path, seed, app.now)
            .with_context(|| format!("writing {}", path.display()))?;
        let attempts = plural(count, "attempt", "attempts");
        writeln!(out, "wrote {count} {attempts} to {}", path.display())?;
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
