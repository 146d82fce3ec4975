//! The layering test: every `crate::` path in `src/` (outside tests) must follow the table in
//! the crate docs (`src/lib.rs`), which says which modules each module may use. A module
//! missing from the table, a path to an item of the crate root, or a cycle in the table fails
//! too. Module boundaries do here what crate boundaries would do in a workspace.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The table: each module and the modules it may use, from the `text` code block under the line
/// that starts the layering section of the crate docs.
fn table(lib: &str) -> BTreeMap<String, BTreeSet<String>> {
    let docs: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let start = docs
        .iter()
        .position(|line| line.starts_with("Layering"))
        .expect("src/lib.rs documents the layering");
    let mut rows = BTreeMap::new();
    let mut inside = false;
    for line in &docs[start..] {
        match (inside, *line) {
            (false, "```text") => inside = true,
            (true, "```") => break,
            (true, row) => {
                let (module, uses) = row.split_once("->").expect("a row reads `module -> uses`");
                let uses = uses.split_whitespace().map(str::to_owned).collect();
                rows.insert(module.trim().to_owned(), uses);
            }
            (false, _) => {}
        }
    }
    assert!(!rows.is_empty(), "the layering table is empty");
    rows
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a Rust file without comments, string and char literals (kept as spaces, so
/// `crate::` in text does not count), and without `#[cfg(test)] mod … { … }` blocks.
fn code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let starts = |s: &str| rest.iter().take(s.len()).copied().eq(s.chars());
        if starts("//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if starts("/*") {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if starts("r\"") || starts("r#") {
            let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
            if rest.get(1 + hashes) != Some(&'"') {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            i += 2 + hashes;
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while i < chars.len()
                && !chars[i..]
                    .iter()
                    .take(close.len())
                    .copied()
                    .eq(close.chars())
            {
                i += 1;
            }
            i += close.len();
            out.push(' ');
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if chars[i] == '\'' && chars.get(i + 1) == Some(&'\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if chars[i] == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    without_test_modules(&out)
}

/// `code` without the `#[cfg(test)]` modules written inline.
fn without_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let item_end = after.find(['{', ';']).unwrap_or(after.len());
        if after[..item_end].contains("mod ") && after[item_end..].starts_with('{') {
            // Skip to the matching brace.
            let mut depth = 0;
            let mut end = after.len();
            for (i, c) in after.char_indices().skip(item_end) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &after[end..];
        } else {
            out.push_str("#[cfg(test)]");
            rest = &after["#[cfg(test)]".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The first segments of every `crate::` path in `code`, including those in `use crate::{…}`.
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '$')) {
            continue; // `$crate::` or `other_crate::`
        }
        if let Some(group) = after.trim_start().strip_prefix('{') {
            // Top-level names of the group: depth-0 identifiers after `{` or `,`.
            let mut depth = 0;
            let mut expect_name = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => expect_name = true,
                    c if expect_name && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                        found.insert(ident(&group[i..]));
                        expect_name = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Test-only files: `mod tests;` and the like, declared under `#[cfg(test)]`.
fn is_test_file(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem == "tests" || stem.ends_with("_tests") || stem == "layering"
}

#[test]
fn every_crate_path_follows_the_layering_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("src/lib.rs");
    let table = table(&lib);
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut modules = BTreeSet::new();
    let mut wrong = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(&root).expect("under src/");
        let first = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name");
        let module = first.trim_end_matches(".rs");
        if matches!(module, "lib" | "main") || is_test_file(path) {
            continue;
        }
        modules.insert(module.to_owned());
        let Some(allowed) = table.get(module) else {
            wrong.push(format!(
                "module `{module}` is missing from the table in src/lib.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a source file");
        for used in uses(&code(&text)) {
            if used == module || allowed.contains(&used) {
                continue;
            }
            wrong.push(format!(
                "{}: `{module}` uses `crate::{used}`, which the table does not allow{}",
                relative.display(),
                if table.contains_key(&used) {
                    ""
                } else {
                    " (an item of the crate root, or an unknown module)"
                }
            ));
        }
    }
    for module in table.keys() {
        if !modules.contains(module) {
            wrong.push(format!(
                "the table names `{module}`, which is not a module of src/"
            ));
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn the_layering_table_has_no_cycle() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    let table = table(&lib);
    // Peel off modules whose every dependency is already placed; what remains is a cycle.
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    loop {
        let next: Vec<&str> = table
            .iter()
            .filter(|(module, uses)| {
                !placed.contains(module.as_str())
                    && uses
                        .iter()
                        .all(|u| placed.contains(u.as_str()) || !table.contains_key(u))
            })
            .map(|(module, _)| module.as_str())
            .collect();
        if next.is_empty() {
            break;
        }
        placed.extend(next);
    }
    let cyclic: Vec<&String> = table
        .keys()
        .filter(|m| !placed.contains(m.as_str()))
        .collect();
    assert!(
        cyclic.is_empty(),
        "the layering table has a cycle through {cyclic:?}"
    );
}

#[test]
fn the_reader_sees_paths_and_groups_but_not_text_or_tests() {
    let source = r##"
use crate::deck::{Card, Kind};
use crate::{scheduler, time::Timestamp};
use crate::app::{self, sync::{open, load}};
// use crate::commented;
/* crate::blocked */
const TEXT: &str = "crate::quoted";
const RAW: &str = r#"crate::raw"#;
fn f() { let c = '{'; crate::text::normalize("x"); $crate::macro_path(); other_crate::x(); }
#[cfg(test)]
mod tests {
    use crate::in_tests;
    const DECK: &str = "{{gap}}";
}
fn g() { crate::after_tests::f(); }
"##;
    let found: Vec<String> = uses(&code(source)).into_iter().collect();
    assert_eq!(
        found,
        ["after_tests", "app", "deck", "scheduler", "text", "time"]
    );
}

/// Every JSON document recall prints or writes goes through `crate::json`, which escapes the
/// characters a terminal would act on; `serde_json`'s own writers escape only C0 controls.
/// (`serde_json::to_string` stays allowed: the store keeps compact JSON columns with it.)
#[test]
fn json_is_written_only_by_the_json_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut wrong = Vec::new();
    for path in &files {
        if path.ends_with("json.rs") && path.parent() == Some(root.as_path()) || is_test_file(path)
        {
            continue;
        }
        let code = code(&std::fs::read_to_string(path).expect("a source file"));
        for writer in [
            "to_writer",
            "to_vec_pretty",
            "to_string_pretty",
            "PrettyFormatter",
        ] {
            if code.contains(&format!("serde_json::{writer}"))
                || code.contains(&format!("ser::{writer}"))
            {
                wrong.push(format!("{}: serde_json::{writer}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "JSON written around crate::json (use crate::json::to_writer):\n{}",
        wrong.join("\n")
    );
}
