//! Classroom drills through the real binary: the same seed gives the same paper anywhere, a
//! timed paper ends cleanly and is saved, the class report aggregates exported results, and a
//! drill leaves the schedule alone unless recorded.

use crate::support::{Env, fixture, spawn_pty};

/// The questions a plain-mode drill asked, in order.
fn asked(stdout: &str) -> Vec<String> {
    let lines: Vec<&str> = stdout.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("[question "))
        .filter_map(|(i, _)| lines.get(i + 1).map(|q| (*q).to_owned()))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_paper_on_different_machines() {
    let (one, two) = (Env::with_study_deck(), Env::with_study_deck());
    let print = |env: &Env, seed: &str| {
        let out = env
            .recall(["drill", "--seed", seed, "--count", "5", "--print", "--key"])
            .run();
        out.success();
        out.stdout
    };
    assert_eq!(print(&one, "2026"), print(&two, "2026"));
    assert_ne!(print(&one, "2026"), print(&one, "2027"));
    // The interactive paper asks the printed questions in the printed order.
    let blank = "\n".repeat(5);
    let take = |env: &Env, seed: &str| {
        let out = env
            .recall(["drill", "--seed", seed, "--count", "5", "--name", "Sam"])
            .stdin(blank.clone())
            .run();
        out.success();
        asked(&out.stdout)
    };
    let a = take(&one, "2026");
    let b = take(&two, "2026");
    assert_eq!(a.len(), 5);
    assert_eq!(a, b);
    let printed = print(&one, "2026");
    for (n, question) in a.iter().enumerate() {
        assert!(
            printed.contains(&format!("{}. {question}", n + 1)),
            "question {} differs from the printed paper:\n{question}\n{printed}",
            n + 1
        );
    }
    assert_ne!(a, take(&one, "31"));
}

#[test]
fn choice_options_are_in_the_same_order_printed_and_asked() {
    let env = Env::with_study_deck();
    let print = env
        .recall(["drill", "--seed", "5", "--kinds", "choice", "--print"])
        .run();
    print.success();
    let out = env
        .recall(["drill", "--seed", "5", "--kinds", "choice", "--name", "Sam"])
        .stdin("\n")
        .run();
    out.success();
    let printed: Vec<&str> = print
        .stdout
        .lines()
        .filter(|l| l.starts_with("   1)") || l.starts_with("   2)") || l.starts_with("   3)"))
        .map(str::trim)
        .collect();
    let shown: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("  1)") || l.starts_with("  2)") || l.starts_with("  3)"))
        .map(str::trim)
        .collect();
    assert_eq!(printed.len(), 3);
    assert_eq!(printed, shown);
}

#[test]
fn a_drill_is_saved_and_exported_and_leaves_the_schedule_alone() {
    let env = Env::with_study_deck();
    env.recall(["rate", "study/cento", "good"]).run().success();
    let before = env.card_json("study/cento");
    let out = env
        .recall([
            "drill",
            "--seed",
            "11",
            "--count",
            "6",
            "--name",
            "Ayesha Khan",
        ])
        .stdin("1955\nKarachi\ny\nJullundhri\n")
        .run();
    out.success()
        .stdout_has("Score: ")
        .stdout_has("did not change when cards are due");
    let after = env.card_json("study/cento");
    assert_eq!(after["due"], before["due"]);
    assert_eq!(after["reps"], before["reps"]);

    let results = env.recall(["results", "--format", "json"]).run();
    results.success();
    let attempts = results.json();
    let attempt = &attempts[0];
    assert_eq!(attempt["name"], "Ayesha Khan");
    assert_eq!(attempt["seed"], 11);
    assert_eq!(attempt["end"], "quit");
    assert_eq!(attempt["paper"].as_array().map(Vec::len), Some(6));
    let answers = attempt["answers"].as_array().expect("answers");
    assert_eq!(
        answers.len(),
        6,
        "answered and unanswered questions are all saved"
    );
    let answered = answers
        .iter()
        .filter(|a| a["outcome"] != "unanswered")
        .count();
    assert_eq!(answered, 4);
    let score: u64 = answers.iter().filter_map(|a| a["points"].as_u64()).sum();
    assert_eq!(attempt["score"].as_u64(), Some(score));

    let export = env.cwd.path().join("ayesha.json");
    env.recall(["results", "--name", "Ayesha Khan", "--export"])
        .arg_path(&export)
        .run()
        .success()
        .stdout_has("wrote 1 attempt");
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&export).expect("export")).expect("json");
    assert_eq!(exported["format"], "recall-drill-results");
    assert_eq!(exported["version"], 1);
}

#[test]
fn a_recorded_drill_updates_the_schedule() {
    let env = Env::with_study_deck();
    env.recall([
        "drill", "--seed", "3", "--count", "6", "--record", "--name", "R",
    ])
    .stdin("x\nx\nx\nx\nx\nx\n")
    .run()
    .success();
    let stats = env.recall(["stats", "--json"]).run().json();
    assert_eq!(stats[0]["learning"], 6);
}

#[test]
fn a_timed_drill_on_a_terminal_ends_when_the_clock_runs_out() {
    let env = Env::with_study_deck();
    let mut command = env.command([
        "drill",
        "--seed",
        "8",
        "--count",
        "5",
        "--time",
        "4s",
        "--name",
        "Tess",
        "--kinds",
        "text,year,cloze",
    ]);
    // The paper's time runs out on the wall clock.
    command.env_remove("RECALL_NOW");
    let mut p = spawn_pty(command, true);
    p.exp_string("question 1 of").expect("first question");
    p.exp_string(" left]").expect("a countdown");
    p.send_line("1955").expect("answer");
    p.exp_string("points").expect("points shown");
    p.send("\r").expect("next");
    p.flush().expect("flush");
    p.exp_string("question 2 of").expect("second question");
    // Let the paper's 4 seconds run out.
    p.exp_string("Time is up")
        .expect("the paper ends by itself");
    p.exp_string("time ran out").expect("timeout noted");
    p.exp_eof().expect("exit");
    let attempts = env.recall(["results", "--format", "json"]).run().json();
    let attempt = &attempts[0];
    assert_eq!(attempt["end"], "timeout");
    let answers = attempt["answers"].as_array().expect("answers");
    let unanswered = answers
        .iter()
        .filter(|a| a["outcome"] == "unanswered")
        .count();
    assert!(unanswered >= 2, "{answers:?}");
    assert_eq!(
        answers.len(),
        attempt["paper"].as_array().map_or(0, Vec::len)
    );
}

fn results(name: &str) -> std::path::PathBuf {
    fixture(&format!("results/{name}"))
}

#[test]
fn the_class_report_ranks_students_and_finds_the_hard_questions() {
    let env = Env::new();
    let out = env
        .recall(["report"])
        .arg_path(results("ayesha.json"))
        .arg_path(results("bilal.json"))
        .arg_path(results("chen.json"))
        .arg_path(results("ayesha-and-chen.json"))
        .run();
    out.success()
        .stdout_has("2 attempts handed in more than once were counted once.")
        .stdout_has("3 students, average 50%")
        .stdout_has("| 1 | Ayesha | 4/4 | 100% | 180.0s |  |")
        .stdout_has("| 2 | Bilal | 1/4 | 25% | 300.0s | ⚑ needs help |")
        .stdout_has("| 2 | Chen | 1/4 | 25% | 240.0s | ⚑ needs help |");
    // Question 2 (CENTO): only Ayesha right; the common wrong answer is 1954 (twice).
    let questions = out
        .stdout
        .split("### Questions, hardest first")
        .nth(1)
        .expect("questions");
    let first = questions
        .lines()
        .find(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .expect("row");
    assert!(
        first.starts_with(
            "| 2 | Which year did Pakistan join CENTO? | 1955 | 33% (1/3) | 1954 ×2 |"
        ),
        "{first}"
    );
    assert!(questions.contains("| 1 | In which city was the festival of Soviet films held? | Karachi | 67% (2/3) | Lahore ×1 |"));
}

#[test]
fn report_formats_csv_and_html_and_papers_stay_apart() {
    let env = Env::new();
    let csv = env
        .recall(["report", "--format", "csv"])
        .arg_path(results("ayesha.json"))
        .arg_path(results("bilal.json"))
        .arg_path(results("other-paper.json"))
        .run();
    csv.success();
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "paper,rank,student,score,max_score,percent,time_s,flagged,q1,q2,q3,q4"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",1,Ayesha,4,4,100.0,180.0,false,right,right,right,right"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",2,Bilal,1,4,25.0,300.0,true,wrong,wrong,right,wrong"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("99-") && l.contains("Dana")),
        "{}",
        csv.stdout
    );
    let html_path = env.cwd.path().join("class.html");
    env.recall(["report", "--format", "html", "--out"])
        .arg_path(&html_path)
        .arg_path(results("ayesha.json"))
        .arg_path(results("chen.json"))
        .run()
        .success()
        .stdout_has("wrote the report on 2 students (1 paper)");
    let html = std::fs::read_to_string(&html_path).expect("html");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<style>") && html.contains("<svg"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
}

#[test]
fn a_broken_or_foreign_results_file_is_refused_by_name() {
    let env = Env::new();
    let truncated = env
        .recall(["report"])
        .arg_path(results("ayesha.json"))
        .arg_path(results("truncated.json"))
        .run();
    truncated
        .code(1)
        .no_panic()
        .stderr_has("truncated.json: not valid JSON at line");
    assert!(
        truncated.stdout.is_empty(),
        "nothing is reported when a file is broken"
    );
    env.recall(["report"])
        .arg_path(results("foreign.json"))
        .run()
        .code(1)
        .stderr_has("foreign.json: not a recall results file (its `format` is `something-else`");
    env.recall(["report", "missing.json"])
        .run()
        .code(1)
        .stderr_has("cannot read missing.json");
}

/// Regression: a drill answer cannot be revealed and self-graded.
#[test]
fn a_drill_cannot_be_revealed_or_self_graded() {
    let env = Env::with_study_deck();
    let out = env
        .recall([
            "drill",
            "--seed",
            "7",
            "--count",
            "3",
            "--name",
            "Eve",
            "--kinds",
            "text,year,cloze",
        ])
        .stdin(":reveal\n4\n:reveal\n4\n:reveal\n4\n")
        .run();
    out.success().stdout_has("Score: 0/3");
}
