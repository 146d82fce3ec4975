//! Where recall writes (issue 12, defect 9): never through a symbolic link, never over one of
//! the files it is reading, and a report never built on two different hand-ins of one attempt.

use std::path::{Path, PathBuf};

use crate::support::{Env, fixture};

fn results(env: &Env, name: &str) -> PathBuf {
    env.write(
        name,
        std::fs::read(fixture(&format!("results/{name}"))).expect("fixture"),
    )
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("readable")
}

#[test]
fn report_out_refuses_to_overwrite_one_of_its_inputs() {
    let env = Env::new();
    let ayesha = results(&env, "ayesha.json");
    let bilal = results(&env, "bilal.json");
    let before = read(&bilal);
    // The same file by its own name, by another spelling and through a hard link.
    let hard = env.cwd.path().join("hard.json");
    std::fs::hard_link(&bilal, &hard).expect("hard link");
    for out in [
        bilal.clone(),
        env.cwd.path().join("./sub/../bilal.json"),
        hard.clone(),
    ] {
        std::fs::create_dir_all(env.cwd.path().join("sub")).expect("dir");
        let run = env
            .recall(["report", "--format", "html", "--out"])
            .arg_path(&out)
            .arg_path(&ayesha)
            .arg_path(&bilal)
            .run();
        run.code(2)
            .stderr_has("is one of the files the report reads");
        assert_eq!(read(&bilal), before, "{} left as it was", out.display());
    }
}

#[test]
fn export_and_draft_refuse_to_write_over_what_they_read() {
    let env = Env::with_study_deck();
    let deck = env.study_deck_path();
    let before = read(&deck);
    env.recall(["export"])
        .arg_path(&deck)
        .args(["--format", "csv", "--out"])
        .arg_path(&deck)
        .run()
        .code(2)
        .stderr_has("is the file being exported");
    assert_eq!(read(&deck), before);
    let notes = env.write(
        "notes.txt",
        "# Notes\n\nIslamabad is the capital of Pakistan.\n",
    );
    let text = read(&notes);
    env.recall(["draft"])
        .arg_path(&notes)
        .arg("--out")
        .arg_path(&notes)
        .run()
        .code(2)
        .stderr_has("is the file being drafted from");
    assert_eq!(read(&notes), text);
}

/// Regression: the same attempt (one uid) handed in twice with different contents was
/// resolved silently by the order of the files: whichever came first counted.
#[test]
fn a_conflicting_duplicate_attempt_is_reported_not_resolved_by_file_order() {
    let env = Env::new();
    let ayesha = results(&env, "ayesha.json");
    let mut forged: serde_json::Value = serde_json::from_slice(&read(&ayesha)).expect("JSON");
    forged["attempts"][0]["name"] = "Bilal".into();
    forged["attempts"][0]["started_at"] = "2026-11-30T10:01:00Z".into();
    let forged = env.write("forged.json", serde_json::to_vec(&forged).expect("JSON"));
    let out = env.cwd.path().join("class.md");
    for (first, second) in [(&ayesha, &forged), (&forged, &ayesha)] {
        let run = env
            .recall(["report", "--out"])
            .arg_path(&out)
            .arg_path(first)
            .arg_path(second)
            .run();
        run.code(1)
            .stderr_has("attempt `a1`")
            .stderr_has("ayesha.json")
            .stderr_has("forged.json")
            .stderr_has("name, started_at");
        assert!(!out.exists(), "no report is written");
    }
    // The same attempt handed in twice unchanged is still counted once.
    let copy = env.write("copy.json", read(&ayesha));
    env.recall(["report"])
        .arg_path(&ayesha)
        .arg_path(&copy)
        .run()
        .success()
        .stdout_has("counted once");
}

/// What a symbolic link points to, and whether it is still a link.
fn assert_link_untouched(link: &Path, target: &Path, contents: &[u8]) {
    assert!(
        std::fs::symlink_metadata(link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "{} is still a link",
        link.display()
    );
    assert_eq!(read(target), contents, "{} untouched", target.display());
}

/// Regression: a write to a path that is a symbolic link wrote to wherever the link pointed
/// (`class.html -> ~/.bashrc`). recall refuses instead, and says where the link points.
#[test]
fn writes_refuse_symbolic_links_and_leave_their_targets_alone() {
    let env = Env::with_study_deck();
    let ayesha = results(&env, "ayesha.json");
    let secret = env.write("elsewhere/secret.txt", "do not overwrite\n");
    let contents = read(&secret);
    let link = env.cwd.path().join("out.link");
    std::os::unix::fs::symlink(&secret, &link).expect("symlink");
    env.recall(["drill", "--seed", "1", "--name", "N"])
        .run()
        .success();
    let deck = env.study_deck_path();
    let notes = env.write(
        "notes.txt",
        "# Notes\n\nIslamabad is the capital of Pakistan.\n",
    );
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "report".into(),
            ayesha.clone().into(),
            "--out".into(),
            link.clone().into(),
        ],
        vec![
            "export".into(),
            deck.clone().into(),
            "--format".into(),
            "csv".into(),
            "--out".into(),
            link.clone().into(),
        ],
        vec!["results".into(), "--export".into(), link.clone().into()],
        vec![
            "drill".into(),
            "--seed".into(),
            "1".into(),
            "--print".into(),
            "--out".into(),
            link.clone().into(),
        ],
        vec![
            "draft".into(),
            notes.clone().into(),
            "--force".into(),
            "--out".into(),
            link.clone().into(),
        ],
    ];
    for args in runs {
        let run = env.recall(&args).run();
        run.code(1).stderr_has("is a symbolic link");
        assert!(
            run.stderr.contains("secret.txt"),
            "{args:?} says where the link points: {}",
            run.stderr
        );
        assert_link_untouched(&link, &secret, &contents);
    }
    // A deck reached through a link: `fmt` and `add` refuse it too.
    let real = env.write("elsewhere/real.toml", read(&deck));
    let deck_text = read(&real);
    let linked = env.cwd.path().join("decks/linked.toml");
    std::fs::remove_file(&deck).expect("remove the plain deck");
    std::os::unix::fs::symlink(&real, &linked).expect("symlink");
    std::fs::write(
        &real,
        String::from_utf8(deck_text.clone())
            .expect("UTF-8")
            .replace("id = \"capital\"", "id    =    \"capital\""),
    )
    .expect("unformatted");
    let unformatted = read(&real);
    let run = env.recall(["fmt"]).arg_path(&linked).run();
    run.code(1).stderr_has("is a symbolic link");
    assert_link_untouched(&linked, &real, &unformatted);
    let run = env
        .recall(["add"])
        .arg_path(&linked)
        .args([
            "-q",
            "New question?",
            "-a",
            "New answer",
            "--explain",
            "e",
            "--source",
            "s",
        ])
        .run();
    run.code(1).stderr_has("is a symbolic link");
    assert_link_untouched(&linked, &real, &unformatted);
}
