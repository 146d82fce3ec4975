//! `recall drill`: a timed paper, the same for every student given the same seed and options;
//! saved as it is answered; `--print` writes it as Markdown instead.

use std::io::Write;

use anyhow::{Result, bail};

use super::App;
use super::decks::{self, Opened};
use super::run::{interactive, print_summary, run_session};
use crate::Exit;
use crate::cli::{DrillArgs, ScoringArg};
use crate::drill::results::{Attempt, Question, Settings};
use crate::drill::{Selection, choose_paper, print};
use crate::session::{Config, DrillRules, Item, PaperEnd, Purpose, Scoring, choice_order};
use crate::store::Mode;
use crate::text::{plural, stable_hash};

pub fn run(app: &App, args: &DrillArgs) -> Result<Exit> {
    if args.count == 0 {
        return Err(crate::UsageError("--count must be at least 1".into()).into());
    }
    let Opened { mut store, decks } = decks::open(app, &args.decks.decks)?;
    let seed = args.seed.unwrap_or_else(|| fresh_seed(app));
    let mut cards = Vec::new();
    for deck in &decks {
        cards.extend(
            store
                .deck_cards(&deck.id)?
                .into_iter()
                .map(|card| (deck.id.clone(), card)),
        );
    }
    let selection = Selection {
        count: args.count,
        tags: args.tags.clone(),
        kinds: args.kinds.clone(),
    };
    let paper = choose_paper(cards, &selection, seed);
    if paper.is_empty() {
        bail!("no cards match this drill: check --tag and --kinds (`recall list` shows the decks)");
    }
    if paper.len() < args.count {
        let n = paper.len();
        let mut stderr = std::io::stderr();
        writeln!(
            stderr,
            "recall: only {n} {} {}, so the paper has {n} {}",
            plural(n, "card", "cards"),
            plural(n, "matches", "match"),
            plural(n, "question", "questions"),
        )?;
    }
    let questions: Vec<Question> = paper
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
    let scoring = match args.scoring {
        ScoringArg::Plain => Scoring::Plain,
        ScoringArg::Speed => Scoring::Speed,
    };
    let settings = Settings {
        count: args.count,
        tags: args.tags.clone(),
        kinds: args.kinds.iter().map(ToString::to_string).collect(),
        time_limit_secs: args.time.map(|d| d.as_secs()),
        per_question_secs: args.per_question.map(|d| d.as_secs()),
        scoring,
        record: args.record,
    };
    let titles: Vec<&str> = decks.iter().map(|d| d.title.as_str()).collect();
    if args.print {
        let markdown = print::markdown(&titles.join(" + "), seed, &settings, &questions, args.key);
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
    let items: Vec<Item> = paper
        .iter()
        .map(|(deck, card)| {
            let index = decks.iter().position(|d| &d.id == deck).unwrap_or(0);
            let state = store
                .card_state(&app.profile, deck, card.id.as_str())?
                .unwrap_or_default();
            Ok(Item {
                deck: index,
                card: card.clone(),
                state,
                typical_ms: None,
            })
        })
        .collect::<Result<_>>()?;
    let rules = DrillRules {
        time_limit: args.time,
        per_question: args.per_question,
        scoring,
    };
    let mut config = Config::new(Purpose::Drill, seed);
    config.schedule = args.record;
    config.drill = Some(rules);
    let mut deck_ids: Vec<String> = decks.iter().map(|d| d.id.to_string()).collect();
    deck_ids.sort();
    let attempt = Attempt {
        uid: attempt_uid(app, &name),
        name: name.clone(),
        profile: app.profile.clone(),
        decks: deck_ids,
        seed,
        settings,
        paper: questions.clone(),
        started_at: app.now,
        ended_at: None,
        end: None,
        score: 0,
        max_score: scoring
            .max_points()
            .saturating_mul(u32::try_from(questions.len()).unwrap_or(u32::MAX)),
        answers: Vec::new(),
    };
    let attempt_id = store.start_attempt(&attempt)?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "Drill for {name}: paper {seed}, {} questions{}{}",
            questions.len(),
            args.time.map_or_else(String::new, |t| format!(
                ", {} in all",
                crate::ui::describe_interval(t)
            )),
            args.per_question.map_or_else(String::new, |t| format!(
                ", {} per question",
                crate::ui::describe_interval(t)
            ))
        )?;
    }
    let (summary, clock) = run_session(
        &mut store,
        app,
        &decks,
        items,
        config,
        Mode::Drill,
        Some(attempt_id),
    )?;
    let result = summary.drill.clone();
    let end = result.as_ref().map_or(PaperEnd::Quit, |r| r.end);
    let unanswered: Vec<(usize, &Question)> = result
        .as_ref()
        .map(|r| {
            r.unanswered
                .iter()
                .filter_map(|&p| questions.get(p).map(|q| (p, q)))
                .collect()
        })
        .unwrap_or_default();
    store.finish_attempt(attempt_id, clock.now(), end, &unanswered)?;
    let mut extra = Vec::new();
    if let Some(result) = &result {
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
    extra.push(format!(
        "Saved. Hand it in with: recall results --name \"{name}\" --seed {seed} --export {}.json",
        file_stem(&name)
    ));
    if !args.record {
        extra.push("This drill did not change when cards are due (use --record for that).".into());
    }
    print_summary(&summary, &extra)?;
    Ok(Exit::Success)
}

/// A new paper number: short enough to read out to a class.
pub(super) fn fresh_seed(app: &App) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    stable_hash(&[
        &nanos.to_le_bytes(),
        &std::process::id().to_le_bytes(),
        app.profile.as_bytes(),
    ]) % 1_000_000
}

/// Unique across machines: the name, the start, the process and the clock's nanoseconds.
fn attempt_uid(app: &App, name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let a = stable_hash(&[
        name.as_bytes(),
        app.profile.as_bytes(),
        &app.now.millis().to_le_bytes(),
        &nanos.to_le_bytes(),
        &std::process::id().to_le_bytes(),
    ]);
    let b = stable_hash(&[&a.to_le_bytes(), &nanos.to_be_bytes()]);
    format!("{a:016x}{b:016x}")
}

/// A file name from a student's name: letters and digits, spaces as '-'.
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
