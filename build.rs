//! Bundles every deck under `decks/` into the binary, so an installed `recall` works from any
//! directory. Generates `$OUT_DIR/bundled_decks.rs`: a sorted list of (name, contents).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let decks = manifest.join("decks");
    println!("cargo::rerun-if-changed=decks");
    let mut found = Vec::new();
    collect(&decks, &decks, &mut found);
    found.sort();
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
