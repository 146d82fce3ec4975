//! Drill results as they are saved and handed in: an attempt at a paper with its answers, and
//! the portable export file (`recall results --export`), a versioned JSON schema documented in
//! `docs/drill-results.md`.

use serde::{Deserialize, Serialize};

use super::{PaperEnd, Scoring};
use crate::deck::Kind;
use crate::time::Timestamp;

/// The `format` field of an export file.
pub const EXPORT_FORMAT: &str = "recall-drill-results";
/// The schema version this recall writes and the newest it reads.
pub const EXPORT_VERSION: u32 = 1;

/// One question of a paper, as it was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub deck: String,
    pub card: String,
    pub kind: String,
    pub question: String,
    pub expected: String,
    /// A choice card's options in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl Question {
    /// The question's kind, read from its name; `None` for a kind this recall does not know (a
    /// results file from a newer recall), which is treated as a typed question.
    pub fn kind(&self) -> Option<Kind> {
        self.kind.parse().ok()
    }
}

/// How the paper was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub count: usize,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub kinds: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub per_question_secs: Option<u64>,
    pub scoring: Scoring,
    /// Whether answers changed the spaced-repetition schedule.
    pub record: bool,
}

/// What happened to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Right,
    Typo,
    Wrong,
    Unanswered,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Right => "right",
            Outcome::Typo => "typo",
            Outcome::Wrong => "wrong",
            Outcome::Unanswered => "unanswered",
        }
    }

    /// Right, typos included.
    pub fn is_right(self) -> bool {
        matches!(self, Outcome::Right | Outcome::Typo)
    }
}

/// One answer of an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The question's place in the paper, from 0.
    pub position: usize,
    pub answer: Option<String>,
    pub outcome: Outcome,
    pub points: u32,
    pub duration_ms: Option<u64>,
}

/// One student's attempt at a paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Unique across machines, so an attempt handed in twice is counted once.
    pub uid: String,
    pub name: String,
    pub profile: String,
    pub decks: Vec<String>,
    pub seed: u64,
    pub settings: Settings,
    pub paper: Vec<Question>,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// `None` while unfinished (or when recall was killed mid-paper).
    pub end: Option<PaperEnd>,
    pub score: u32,
    pub max_score: u32,
    /// One per question, in paper order (unanswered ones included once the paper ended).
    pub answers: Vec<Answer>,
}

impl Attempt {
    /// What the student did with question `position` (unanswered when not in `answers`).
    pub fn outcome(&self, position: usize) -> Option<&Answer> {
        self.answers.iter().find(|a| a.position == position)
    }

    /// Questions of the paper not answered (skipped, timed out, not reached, or still to come).
    pub fn unanswered(&self) -> usize {
        let answered = self
            .answers
            .iter()
            .filter(|a| a.outcome != Outcome::Unanswered)
            .count();
        self.paper.len().saturating_sub(answered)
    }

    /// Time from the first question to the end (or to the last answer).
    pub fn elapsed_ms(&self) -> Option<u64> {
        let end = self.ended_at?;
        u64::try_from(end.millis().saturating_sub(self.started_at.millis())).ok()
    }

    /// How the attempt ended: `finished`, `timeout`, `quit`, or `unfinished`.
    pub fn end_label(&self) -> &'static str {
        self.end.map_or("unfinished", PaperEnd::as_str)
    }
}

/// The attempts as a spreadsheet (`recall results --format csv`): one row each, the student's
/// name stripped of control characters and every cell defused against formulas.
pub fn to_csv(attempts: &[Attempt]) -> String {
    let mut text = String::new();
    crate::csv::write_record(
        &mut text,
        &[
            "started",
            "name",
            "paper",
            "score",
            "max_score",
            "end",
            "unanswered",
        ],
        ',',
    );
    for a in attempts {
        crate::csv::write_record(
            &mut text,
            &[
                a.started_at.to_string(),
                crate::text::sanitize(&a.name),
                a.seed.to_string(),
                a.score.to_string(),
                a.max_score.to_string(),
                a.end_label().to_owned(),
                a.unanswered().to_string(),
            ],
            ',',
        );
    }
    text
}

/// A results file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at: Timestamp,
    pub attempts: Vec<Attempt>,
}

impl ExportFile {
    pub fn new(attempts: Vec<Attempt>, now: Timestamp) -> ExportFile {
        ExportFile {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            exported_at: now,
            attempts,
        }
    }
}

/// Why a results file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{file}: not valid JSON at line {line}, column {column}: {message}; was the file cut short or edited?"
    )]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{file}: not a recall results file (its `format` is `{found}`, expected `{EXPORT_FORMAT}`); export one with `recall results --export FILE.json`"
    )]
    Foreign { file: String, found: String },
    #[error(
        "{file}: written by a newer recall (results version {found}, this recall reads up to {EXPORT_VERSION}); upgrade recall"
    )]
    TooNew { file: String, found: u32 },
    #[error("{file}: attempt `{uid}` is inconsistent: {problem}")]
    Inconsistent {
        file: String,
        uid: String,
        problem: String,
    },
    #[error(
        "{} handed in more than once with different contents, so which is genuine cannot be \
         told; no report was written:\n{}\n  hint: an attempt's file was changed after it was \
         exported, or copied from another student's; leave out the file that is not genuine",
        if conflicts.len() == 1 { "an attempt was".to_owned() } else { format!("{} attempts were", conflicts.len()) },
        conflicts.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n")
    )]
    Conflicts { conflicts: Vec<String> },
}

/// Refuses attempts that share a uid but differ: the same attempt handed in twice must say the
/// same both times (then it is counted once), or else one of the two was changed and neither
/// the first nor the last file can be trusted to be the genuine one. `sources` pairs each
/// attempt with where it was read (a file's name). Every conflict is listed, whatever the order
/// of the files.
pub fn check_duplicates<'a>(
    sources: impl IntoIterator<Item = (&'a str, &'a Attempt)>,
) -> Result<(), ExportError> {
    let mut first: std::collections::HashMap<&str, (&str, &Attempt)> =
        std::collections::HashMap::new();
    let mut conflicts = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for (origin, attempt) in sources {
        match first.get(attempt.uid.as_str()) {
            None => {
                first.insert(&attempt.uid, (origin, attempt));
            }
            Some(&(first_origin, first_attempt)) => {
                let fields = differences(first_attempt, attempt);
                if fields.is_empty() || !reported.insert((attempt.uid.as_str(), origin)) {
                    continue;
                }
                let files = if first_origin == origin {
                    format!("{} holds it twice", shown(origin))
                } else {
                    format!("{} and {}", shown(first_origin), shown(origin))
                };
                conflicts.push(format!(
                    "attempt `{}` ({}): {files} differ in {}",
                    shown(&attempt.uid),
                    shown(&first_attempt.name),
                    fields.join(", ")
                ));
            }
        }
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(ExportError::Conflicts { conflicts })
    }
}

/// The fields in which two attempts differ, in the order of the results file.
fn differences(a: &Attempt, b: &Attempt) -> Vec<&'static str> {
    let fields: [(&str, bool); 13] = [
        ("name", a.name == b.name),
        ("profile", a.profile == b.profile),
        ("decks", a.decks == b.decks),
        ("seed", a.seed == b.seed),
        ("settings", a.settings == b.settings),
        ("paper", a.paper == b.paper),
        ("started_at", a.started_at == b.started_at),
        ("ended_at", a.ended_at == b.ended_at),
        ("end", a.end == b.end),
        ("score", a.score == b.score),
        ("max_score", a.max_score == b.max_score),
        ("answers", a.answers == b.answers),
        ("uid", a.uid == b.uid),
    ];
    fields
        .into_iter()
        .filter(|&(_, same)| !same)
        .map(|(name, _)| name)
        .collect()
}

/// Reads and checks a results file; `file` names it in errors.
pub fn parse_export(file: &str, bytes: &[u8]) -> Result<Vec<Attempt>, ExportError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let format = value.get("format").and_then(serde_json::Value::as_str);
    if format != Some(EXPORT_FORMAT) {
        return Err(ExportError::Foreign {
            file: file.to_owned(),
            found: shown(format.unwrap_or("missing")),
        });
    }
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version > u64::from(EXPORT_VERSION) {
        return Err(ExportError::TooNew {
            file: file.to_owned(),
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    let parsed: ExportFile = serde_json::from_value(value).map_err(|e| ExportError::Json {
        file: file.to_owned(),
        line: 1,
        column: 1,
        message: shown(&e.to_string()),
    })?;
    for attempt in &parsed.attempts {
        check_attempt(file, attempt)?;
    }
    Ok(parsed.attempts)
}

/// A value from a results file (or an error message quoting one) as it may be shown: the file
/// is untrusted, so terminal control sequences are removed and a long value is cut.
fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let clean = crate::text::sanitize(text).replace('\n', " ");
    if clean.chars().count() > MAX_CHARS {
        clean.chars().take(MAX_CHARS - 1).collect::<String>() + "…"
    } else {
        clean
    }
}

fn json_error(file: &str, error: &serde_json::Error) -> ExportError {
    ExportError::Json {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        message: shown(&error.to_string()),
    }
}

fn check_attempt(file: &str, attempt: &Attempt) -> Result<(), ExportError> {
    let problem = |problem: String| ExportError::Inconsistent {
        file: file.to_owned(),
        uid: shown(&attempt.uid),
        problem,
    };
    if attempt.uid.trim().is_empty() {
        return Err(problem("it has no uid".into()));
    }
    let mut seen = std::collections::HashSet::new();
    for answer in &attempt.answers {
        if answer.position >= attempt.paper.len() {
            return Err(problem(format!(
                "an answer to question {} of a {}-question paper",
                answer.position.saturating_add(1),
                attempt.paper.len()
            )));
        }
        if !seen.insert(answer.position) {
            return Err(problem(format!(
                "two answers to question {}",
                answer.position.saturating_add(1)
            )));
        }
    }
    // Summed wide: a hostile file must not overflow into a matching score.
    let sum: u64 = attempt.answers.iter().map(|a| u64::from(a.points)).sum();
    if sum != u64::from(attempt.score) {
        return Err(problem(format!(
            "its score {} is not the sum of its points ({sum})",
            attempt.score
        )));
    }
    if attempt.score > attempt.max_score {
        return Err(problem(format!(
            "its score {} is above the maximum {}",
            attempt.score, attempt.max_score
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(answers: &str, score: &str) -> String {
        format!(
            r#"{{"format":"recall-drill-results","version":1,"exported_at":"2026-11-30T11:00:00Z",
            "attempts":[{{"uid":"u","name":"N","profile":"p","decks":["d"],"seed":1,
            "settings":{{"count":2,"time_limit_secs":null,"per_question_secs":null,"scoring":"plain","record":false}},
            "paper":[{{"deck":"d","card":"a","kind":"text","question":"A?","expected":"a"}},
                     {{"deck":"d","card":"b","kind":"text","question":"B?","expected":"b"}}],
            "started_at":"2026-11-30T10:00:00Z","ended_at":null,"end":null,
            "score":{score},"max_score":2,"answers":[{answers}]}}]}}"#
        )
    }

    fn answer(position: &str, points: &str) -> String {
        format!(
            r#"{{"position":{position},"answer":"x","outcome":"right","points":{points},"duration_ms":1}}"#
        )
    }

    #[test]
    fn the_csv_has_a_row_per_attempt_with_names_defused() {
        let text = file(&answer("0", "1"), "1");
        let attempt = parse_export("a.json", text.as_bytes())
            .expect("valid")
            .remove(0);
        let cases = [
            ("N", "N"),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("Ada\u{1b}[31m Lovelace", "Ada Lovelace"),
        ];
        for (name, cell) in cases {
            let mut named = attempt.clone();
            named.name = name.into();
            let csv = to_csv(&[named]);
            let mut lines = csv.lines();
            assert_eq!(
                lines.next(),
                Some("started,name,paper,score,max_score,end,unanswered")
            );
            assert_eq!(
                lines.next(),
                Some(format!("2026-11-30T10:00:00Z,{cell},1,1,2,unfinished,1").as_str()),
                "{name}"
            );
            assert_eq!(lines.next(), None);
        }
    }

    #[test]
    fn hostile_numbers_are_refused_without_overflow() {
        let cases = [
            (
                "points that overflow u32 when summed",
                file(
                    &format!("{},{}", answer("0", "4294967295"), answer("1", "1")),
                    "0",
                ),
                "not the sum",
            ),
            (
                "a position at the end of usize",
                file(&answer("18446744073709551615", "1"), "1"),
                "question 18446744073709551615 of a 2-question paper",
            ),
            (
                "a score above the maximum",
                file(&format!("{},{}", answer("0", "2"), answer("1", "1")), "3"),
                "above the maximum",
            ),
            (
                "two answers to one question",
                file(&format!("{},{}", answer("0", "1"), answer("0", "1")), "2"),
                "two answers to question 1",
            ),
        ];
        for (name, text, expected) in cases {
            let error = parse_export("f.json", text.as_bytes()).expect_err(name);
            assert!(error.to_string().contains(expected), "{name}: {error}");
        }
    }

    #[test]
    fn duplicates_must_agree_whatever_the_order() {
        let text = file(&format!("{},{}", answer("0", "1"), answer("1", "0")), "1");
        let genuine = parse_export("a.json", text.as_bytes())
            .expect("valid")
            .remove(0);
        let mut renamed = genuine.clone();
        renamed.name = "Someone else".into();
        let mut rescored = genuine.clone();
        rescored.answers[1].points = 1;
        rescored.answers[1].outcome = Outcome::Right;
        rescored.score = 2;
        // The same attempt twice, unchanged: fine (the report counts it once).
        assert!(check_duplicates([("a.json", &genuine), ("b.json", &genuine)]).is_ok());
        for (first, second) in [(&genuine, &renamed), (&renamed, &genuine)] {
            let error = check_duplicates([("a.json", first), ("b.json", second)])
                .expect_err("a conflict")
                .to_string();
            assert!(error.contains("attempt `u` ("), "{error}");
            assert!(
                error.contains("a.json and b.json differ in name"),
                "{error}"
            );
        }
        // Every conflict is listed, one file holding both versions included.
        let error = check_duplicates([
            ("a.json", &genuine),
            ("b.json", &rescored),
            ("c.json", &renamed),
            ("c.json", &genuine),
        ])
        .expect_err("conflicts")
        .to_string();
        assert!(error.starts_with("2 attempts were handed in"), "{error}");
        assert!(
            error.contains("a.json and b.json differ in score, answers"),
            "{error}"
        );
        assert!(
            error.contains("a.json and c.json differ in name"),
            "{error}"
        );
    }

    #[test]
    fn a_consistent_file_parses() {
        let text = file(&format!("{},{}", answer("0", "1"), answer("1", "0")), "1");
        let attempts = parse_export("f.json", text.as_bytes()).expect("valid");
        assert_eq!(attempts[0].score, 1);
    }
}
