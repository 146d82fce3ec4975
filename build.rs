//! Bundles every deck under `decks/` into the binary, so an installed `recall` works from any
//! directory. Generates `$OUT_DIR/bundled_decks.rs`: a list of (name, contents) in discovery order.
//!
//! Also fingerprints the code that grades answers (`RECALL_GRADING_SOURCE`: a hash of `src/grading/`,
//! `src/deck/` and `src/text.rs`), so that what a build derived from a deck for grading and
//! cached in the database is not used by a build that would derive something else.
//!
//! Also sets `cfg(recall_root)` when building as root (as CI does), so that the one test that
//! needs file permissions enforced is reported as ignored, with its reason, instead of passing
//! without checking anything.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Deck files under `dir`: its own files first (sorted), then each subdirectory's, the same
/// order as `recall::deck::discover` walks a directory.
fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            dirs.push(path);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    dirs.sort();
    for path in files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push((name, path));
    }
    for sub in dirs {
        collect(&sub, root, out);
    }
}

/// Whether this build runs with effective user id 0 (Linux: read from `/proc/self/status`).
fn building_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Uid:"))
                .map(|ids| ids.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// Every file under `path` (or `path` itself), sorted, for the grading fingerprint.
fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_owned());
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        sources(&path, out);
    }
}

/// FNV-1a over each file's path (relative to `root`) and contents.
fn fingerprint(root: &Path, files: &[PathBuf]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.strip_prefix(root).unwrap_or(file).to_string_lossy();
        let name = name.replace('\\', "/");
        let contents = fs::read(file).unwrap_or_default();
        for byte in name.bytes().chain([0]).chain(contents).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(recall_root)");
    if building_as_root() {
        println!("cargo::rustc-cfg=recall_root");
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut graders = Vec::new();
    for part in ["src/grading", "src/deck", "src/text.rs"] {
        println!("cargo::rerun-if-changed={part}");
        sources(&manifest.join(part), &mut graders);
    }
    println!(
        "cargo::rustc-env=RECALL_GRADING_SOURCE={:016x}",
        fingerprint(&manifest, &graders)
    );
    let decks = manifest.join("decks");
    println!("cargo::rerun-if-changed=decks");
    let mut found = Vec::new();
    collect(&decks, &decks, &mut found);
    let mut code = String::from(
        "/// Decks compiled into the binary: (path below `decks/`, contents).\npub static BUNDLED: &[(&str, &str)] = &[\n",
    );
    for (name, path) in found {
        let path = path.display().to_string();
        writeln!(code, "    ({name:?}, include_str!({path:?})),").expect("writing to a String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("bundled_decks.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
