//! `recall drill`: a timed paper (`app::drill`), the same for every student given the same seed
//! and options; saved as it is answered; `--print` writes it as Markdown instead.

use std::io::Write;

use anyhow::Result;

use super::decks;
use super::run::{interactive, print_summary, run_session};
use super::{App, Exit};
use crate::app::UsageError;
use crate::app::drill::{self as use_case, PaperRequest};
use crate::cli::{DrillArgs, ScoringArg};
use crate::drill::{PaperEnd, Scoring, print};
use crate::text::plural;

pub fn run(app: &App, args: &DrillArgs) -> Result<Exit> {
    if args.count == 0 {
        return Err(UsageError("--count must be at least 1".into()).into());
    }
    let (mut store, decks) = decks::open(app, &args.decks.decks)?;
    let seed = args
        .seed
        .unwrap_or_else(|| use_case::fresh_seed(&app.profile, entropy()));
    let request = PaperRequest {
        count: args.count,
        tags: args.tags.clone(),
        kinds: args.kinds.clone(),
        time_limit: args.time,
        per_question: args.per_question,
        scoring: match args.scoring {
            ScoringArg::Plain => Scoring::Plain,
            ScoringArg::Speed => Scoring::Speed,
        },
        record: args.record,
    };
    let paper = use_case::choose(&store, &decks, &request, seed)?;
    let n = paper.questions.len();
    if n < args.count {
        writeln!(
            std::io::stderr(),
            "recall: only {n} {} {}, so the paper has {n} {}",
            plural(n, "card", "cards"),
            plural(n, "matches", "match"),
            plural(n, "question", "questions"),
        )?;
    }
    let titles: Vec<&str> = decks.iter().map(|d| d.title.as_str()).collect();
    if args.print {
        let markdown = print::markdown(
            &titles.join(" + "),
            seed,
            &paper.settings(),
            &paper.questions,
            args.key,
        );
        match &args.out {
            Some(path) => crate::authoring::write::write_atomic(path, markdown.as_bytes())?,
            None => std::io::stdout().lock().write_all(markdown.as_bytes())?,
        }
        return Ok(Exit::Success);
    }

    let name = match &args.name {
        Some(name) => name.trim().to_owned(),
        None if interactive() => crate::ui::terminal::ask_name(&app.profile)?,
        None => app.profile.clone(),
    };
    let items = paper.items(&store, &app.profile, &decks)?;
    let attempt = use_case::new_attempt(
        &paper,
        &decks,
        use_case::attempt_uid(&name, &app.profile, app.now, entropy()),
        &name,
        &app.profile,
        app.now,
    );
    let attempt_id = use_case::start(&mut store, &attempt)?;
    writeln!(
        std::io::stdout().lock(),
        "Drill for {name}: paper {seed}, {n} questions{}{}",
        args.time.map_or_else(String::new, |t| format!(
            ", {} in all",
            crate::ui::describe_interval(t)
        )),
        args.per_question.map_or_else(String::new, |t| format!(
            ", {} per question",
            crate::ui::describe_interval(t)
        ))
    )?;
    let (summary, ended) = run_session(
        &mut store,
        app,
        &decks,
        items,
        paper.config(),
        Some(attempt_id),
    )?;
    use_case::finish(&mut store, attempt_id, &paper, &summary, ended)?;
    let mut extra = Vec::new();
    if let Some(result) = &summary.drill {
        extra.push(format!(
            "Score: {}/{} · {} unanswered · {}",
            result.score,
            result.max_score,
            result.unanswered.len(),
            match result.end {
                PaperEnd::Finished => "paper finished",
                PaperEnd::Timeout => "time ran out",
                PaperEnd::Quit => "stopped early",
            }
        ));
    }
    extra.push("Saved. Hand it in with:".to_owned());
    extra.push(super::run::command_line(&format!(
        "recall results --name {} --seed {seed} --export {}.json",
        super::run::shell_word(&crate::ui::clean(&name)),
        use_case::file_stem(&name)
    )));
    if !args.record {
        extra.push("This drill did not change when cards are due (use --record for that).".into());
    }
    print_summary(&summary, &extra)?;
    Ok(Exit::Success)
}

/// What makes this process's paper and attempt unlike any other: the clock's nanoseconds and
/// the process id.
pub(super) fn entropy() -> u128 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    nanos ^ (u128::from(std::process::id()) << 96)
}
