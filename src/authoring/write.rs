//! The one way recall writes files (decks, exports, reports, results files, printed papers): a
//! temporary file in the same directory, flushed to disk, then renamed over the target. A
//! failure at any point leaves the old file as it was (and removes the temporary file), so no
//! command ever leaves a half-written file.
//!
//! A target that is a symbolic link is refused, never followed nor replaced: a link planted
//! where a report is written (`class.html -> ~/.bashrc`) must not make recall overwrite what it
//! points to, and a deck kept elsewhere through a link must not be silently cut off from it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Why a file could not be written. The target is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot create a temporary file next to `{}`: {source}", .path.display())]
    Create { path: PathBuf, source: io::Error },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot replace `{}`: {source}", .path.display())]
    Rename { path: PathBuf, source: io::Error },
    #[error(
        "cannot write `{}`: it is a symbolic link (to `{}`), and recall never writes through a \
         link; write to the file itself by its own path, or remove the link",
        .path.display(),
        .target.display()
    )]
    SymbolicLink { path: PathBuf, target: PathBuf },
}

/// Writes `contents` to `path` atomically.
///
/// Debug builds honour `RECALL_TEST_FAIL_BEFORE_RENAME`: when it is set, the write fails just
/// before the rename, so tests of the real binary can check that an interrupted write leaves the
/// original file intact. Release builds do not look at it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_atomic_streamed(path, |out| out.write_all(contents))
}

/// [`write_atomic`] of what `produce` writes, without holding it in memory: `produce` writes
/// the contents (buffered) into the temporary file; an error from it aborts the write, and the
/// target is left as it was.
pub fn write_atomic_streamed(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    write_streamed_with(path, produce, |_| {
        if cfg!(debug_assertions) && std::env::var_os("RECALL_TEST_FAIL_BEFORE_RENAME").is_some() {
            return Err(io::Error::other(
                "simulated failure before rename (RECALL_TEST_FAIL_BEFORE_RENAME is set)",
            ));
        }
        Ok(())
    })
}

/// [`write_atomic`] with a hook run on the complete, synced temporary file just before it is
/// renamed over `path`; an error from the hook aborts the write.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    write_streamed_with(path, |out| out.write_all(contents), before_rename)
}

fn write_streamed_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    refuse_symbolic_link(path)?;
    let target = path;
    let temp = temporary_path(target);
    let write_error = |source| WriteError::Write {
        path: path.to_owned(),
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|source| WriteError::Create {
            path: path.to_owned(),
            source,
        })?;
    let result = (|| {
        let mut buffered = io::BufWriter::with_capacity(64 * 1024, &mut file);
        produce(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        if let Ok(metadata) = fs::metadata(target) {
            // Keep the permissions of the file being replaced.
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()
    })()
    .map_err(write_error)
    .and_then(|()| before_rename(&temp).map_err(write_error))
    .and_then(|()| {
        // rename never follows a link at the target: a link put there meanwhile is replaced,
        // what it points to is not touched.
        fs::rename(&temp, target).map_err(|source| WriteError::Rename {
            path: path.to_owned(),
            source,
        })
    });
    drop(file);
    match result {
        Ok(()) => {
            sync_directory(target);
            Ok(())
        }
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(error)
        }
    }
}

/// Refuses a target that is a symbolic link (dangling or not), naming where it points.
fn refuse_symbolic_link(path: &Path) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(WriteError::SymbolicLink {
            path: path.to_owned(),
            target: fs::read_link(path).unwrap_or_default(),
        }),
        _ => Ok(()),
    }
}

/// `.NAME.recall-PID-N.tmp` beside the target: hidden, so deck discovery skips it, and unique
/// per process and write.
fn temporary_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "deck".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = format!(".{name}.recall-{}-{n}.tmp", std::process::id());
    target.with_file_name(temp)
}

/// Makes the rename itself durable (best effort: not every platform can sync a directory).
fn sync_directory(target: &Path) {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".recall-"))
            .collect()
    }

    #[test]
    fn replaces_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("deck.toml");
        fs::write(&path, "old").expect("write");
        write_atomic(&path, b"new").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn creates_a_new_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new.toml");
        write_atomic(&path, b"fresh").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "fresh");
    }

    #[test]
    fn a_failure_before_rename_leaves_the_original_intact() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("deck.toml");
        fs::write(&path, "original").expect("write");
        let mut saw_complete_temp = false;
        let result = write_atomic_with(&path, b"replacement", |temp| {
            saw_complete_temp = fs::read(temp)? == b"replacement";
            Err(io::Error::other("power cut"))
        });
        assert!(
            matches!(result, Err(WriteError::Write { .. })),
            "{result:?}"
        );
        assert!(saw_complete_temp);
        assert_eq!(fs::read_to_string(&path).expect("read"), "original");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_missing_directory_is_reported_and_nothing_is_created() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing/deck.toml");
        let error = write_atomic(&path, b"x").expect_err("no directory");
        assert!(matches!(error, WriteError::Create { .. }));
        assert!(error.to_string().contains("missing/deck.toml"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("deck.toml");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"new").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symbolic_links_dangling_or_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.toml");
        fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let dangling = dir.path().join("dangling.toml");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
        for path in [&link, &dangling] {
            let error = write_atomic(path, b"new").expect_err("a link");
            assert!(
                matches!(error, WriteError::SymbolicLink { .. }),
                "{error:?}"
            );
            assert!(
                fs::symlink_metadata(path)
                    .expect("link")
                    .file_type()
                    .is_symlink()
            );
        }
        assert!(
            error_text(&link).contains("real.toml"),
            "the error says where the link points"
        );
        assert_eq!(fs::read_to_string(&real).expect("read"), "old");
        assert!(!dir.path().join("nowhere").exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    fn error_text(path: &Path) -> String {
        write_atomic(path, b"x").expect_err("refused").to_string()
    }
}
