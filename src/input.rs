//! Reading the files recall is handed (deck files, import and draft sources, results files) and
//! the lines typed to it. Each file is opened once, without blocking (opening a FIFO nobody
//! writes to must not hang recall), checked to be a regular file, and read up to a cap, so that
//! a FIFO, `/dev/zero` or a directory gets an error naming the file instead of a hang or an
//! exhausted memory. The caps are documented in `docs/security.md`.
//!
//! Knows nothing of decks or commands: callers word the error for their context.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// How much of one kind of file recall reads, and what to call such files in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// The kind of file, plural: "deck files".
    pub what: &'static str,
}

const MIB: u64 = 1024 * 1024;

impl Limit {
    /// Deck files (`*.toml`).
    pub const DECK: Limit = Limit {
        bytes: 16 * MIB,
        what: "decks",
    };
    /// What `recall import` and `recall draft` read: spreadsheets, Anki and Quizlet exports,
    /// JSON, plain text.
    pub const SOURCE: Limit = Limit {
        bytes: 64 * MIB,
        what: "import and draft sources",
    };
    /// Drill results files handed in by students.
    pub const RESULTS: Limit = Limit {
        bytes: 64 * MIB,
        what: "results files",
    };
}

/// The longest line read from standard input (an answer typed or piped in).
pub const MAX_LINE: usize = 64 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    NotFound {
        path: PathBuf,
    },
    PermissionDenied {
        path: PathBuf,
    },
    Directory {
        path: PathBuf,
    },
    /// A FIFO, a device or a socket.
    NotRegular {
        path: PathBuf,
        kind: &'static str,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: Limit,
    },
    Io {
        path: PathBuf,
        source: io::Error,
    },
}

impl ReadError {
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::PermissionDenied { path }
            | ReadError::Directory { path }
            | ReadError::NotRegular { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }

    /// What is wrong, without the file's name (for diagnostics that name it already).
    pub fn problem(&self) -> String {
        match self {
            ReadError::NotFound { .. } => "file not found".to_owned(),
            ReadError::PermissionDenied { .. } => "permission denied".to_owned(),
            ReadError::Directory { .. } => "is a directory, not a file".to_owned(),
            ReadError::NotRegular { kind, .. } => format!("is {kind}, not a regular file"),
            ReadError::TooLarge { size, limit, .. } => format!(
                "the file is {}; {} are limited to {}",
                mib(*size),
                limit.what,
                mib(limit.bytes)
            ),
            ReadError::Io { source, .. } => format!("cannot read the file: {source}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::NotFound { .. } => "check the path",
            ReadError::PermissionDenied { .. } => "make the file readable (chmod u+r)",
            ReadError::Directory { .. } => "name a file inside the directory",
            ReadError::NotRegular { .. } => {
                "recall reads only regular files; save the contents to a file and pass that"
            }
            ReadError::TooLarge { .. } => "split the file into smaller ones",
            ReadError::Io { .. } => "check that the path is a readable file",
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {}: {}; {}",
            crate::text::sanitize(&self.path().display().to_string()),
            self.problem(),
            self.hint()
        )
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A size for people: "16.0 MiB", or bytes when small.
fn mib(bytes: u64) -> String {
    if bytes < MIB {
        format!("{bytes} bytes")
    } else {
        #[allow(clippy::cast_precision_loss)]
        let value = bytes as f64 / MIB as f64;
        if value.fract() == 0.0 {
            format!("{value:.0} MiB")
        } else {
            format!("{value:.1} MiB")
        }
    }
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // The file may grow between the size check and the read: never read more than the limit.
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(path, source))?;
    let read = bytes.len() as u64;
    if read > limit.bytes {
        return Err(too_large(path, read, limit));
    }
    Ok(bytes)
}

/// Reads a regular file of at most `limit` bytes a block at a time, handing each block to
/// `each` in order, without ever holding the whole file (to hash it, say). The checks and
/// errors are [`read`]'s. Returns how many bytes were read.
pub fn read_blocks(
    path: &Path,
    limit: Limit,
    mut each: impl FnMut(&[u8]),
) -> Result<u64, ReadError> {
    let (mut file, _) = open_regular(path, limit)?;
    // Small enough to stay in a core's cache between the copy from the kernel and `each`.
    let mut block = vec![0u8; 64 * 1024];
    let mut read: u64 = 0;
    loop {
        let got = match file.read(&mut block) {
            Ok(0) => return Ok(read),
            Ok(got) => got,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(io_error(path, error)),
        };
        read += got as u64;
        // The file may grow while it is read: never hand over more than the limit.
        if read > limit.bytes {
            return Err(too_large(path, read, limit));
        }
        each(&block[..got]);
    }
}

/// Opens a regular file of at most `limit` bytes for reading: the file and its size.
fn open_regular(path: &Path, limit: Limit) -> Result<(File, u64), ReadError> {
    let file = open(path).map_err(|source| io_error(path, source))?;
    let metadata = file.metadata().map_err(|source| io_error(path, source))?;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Err(ReadError::Directory {
            path: path.to_owned(),
        });
    }
    if !file_type.is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_owned(),
            kind: describe(file_type),
        });
    }
    if metadata.len() > limit.bytes {
        return Err(too_large(path, metadata.len(), limit));
    }
    Ok((file, metadata.len()))
}

fn io_error(path: &Path, source: io::Error) -> ReadError {
    match source.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_owned(),
        },
        io::ErrorKind::PermissionDenied => ReadError::PermissionDenied {
            path: path.to_owned(),
        },
        io::ErrorKind::IsADirectory => ReadError::Directory {
            path: path.to_owned(),
        },
        _ => ReadError::Io {
            path: path.to_owned(),
            source,
        },
    }
}

fn too_large(path: &Path, size: u64, limit: Limit) -> ReadError {
    ReadError::TooLarge {
        path: path.to_owned(),
        size,
        limit,
    }
}

/// Whether `a` and `b` name the same existing file, however they are spelled: through `..`, a
/// symbolic link or a hard link. A path that does not exist is no file: `false`. Used so that
/// a command never writes its output over one of its own inputs.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(first), Ok(second)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        first.dev() == second.dev() && first.ino() == second.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (first, second);
        matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
    }
}

/// Opens for reading without waiting for a writer: `open` on a FIFO blocks until someone opens
/// it for writing, which may be never. Non-blocking mode changes nothing for regular files.
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "not a file"
}

/// Why a line of input was not read.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error("a line of input is longer than {} KiB; recall stops here", MAX_LINE / 1024)]
    TooLong,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Reads one line (without its line break) of at most [`MAX_LINE`] bytes; `None` at the end of
/// the input. A longer line is an error: input without line breaks (`< /dev/zero`) must not
/// grow memory without end.
pub fn read_line(input: &mut dyn BufRead) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    let limit = u64::try_from(MAX_LINE).unwrap_or(u64::MAX);
    let read = input.take(limit + 1).read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else if line.len() > MAX_LINE {
        return Err(LineError::TooLong);
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("f.txt");
        std::fs::write(&path, b"hello").expect("write");
        assert_eq!(read(&path, Limit::DECK).expect("readable"), b"hello");
        let tiny = Limit {
            bytes: 4,
            what: "tiny files",
        };
        let error = read(&path, tiny).expect_err("too large");
        assert_eq!(
            error.to_string(),
            format!(
                "cannot read {}: the file is 5 bytes; tiny files are limited to 4 bytes; split \
                 the file into smaller ones",
                path.display()
            )
        );
    }

    #[test]
    fn reads_a_file_in_blocks_as_a_whole_and_with_the_same_checks() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("f.txt");
        // More than one block.
        let contents: Vec<u8> = (0..200_000_u32)
            .map(|n| u8::try_from(n % 251).expect("a byte"))
            .collect();
        std::fs::write(&path, &contents).expect("write");
        let mut seen = Vec::new();
        let read = read_blocks(&path, Limit::DECK, |block| seen.extend_from_slice(block));
        assert_eq!(read.expect("readable"), 200_000);
        assert_eq!(seen, contents);
        let tiny = Limit {
            bytes: 4,
            what: "tiny files",
        };
        let error = read_blocks(&path, tiny, |_| {}).expect_err("too large");
        assert!(
            error
                .to_string()
                .contains("tiny files are limited to 4 bytes"),
            "{error}"
        );
        for (path, expected) in [
            (dir.path(), "is a directory"),
            (Path::new("/dev/zero"), "is a device, not a regular file"),
            (&dir.path().join("missing"), "file not found"),
        ] {
            let error = read_blocks(path, Limit::DECK, |_| {}).expect_err("refused");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let cases: [(&Path, &str); 3] = [
            (dir.path(), "is a directory"),
            (Path::new("/dev/zero"), "is a device, not a regular file"),
            (&dir.path().join("missing"), "file not found"),
        ];
        for (path, expected) in cases {
            let error = read(path, Limit::DECK).expect_err("refused");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn lines_are_read_up_to_the_limit() {
        let mut input: &[u8] = b"one\r\ntwo\nthree";
        assert_eq!(read_line(&mut input).expect("line"), Some(b"one".to_vec()));
        assert_eq!(read_line(&mut input).expect("line"), Some(b"two".to_vec()));
        assert_eq!(
            read_line(&mut input).expect("line"),
            Some(b"three".to_vec())
        );
        assert_eq!(read_line(&mut input).expect("end"), None);
        let long = vec![b'x'; MAX_LINE + 10];
        let mut input: &[u8] = &long;
        assert!(matches!(read_line(&mut input), Err(LineError::TooLong)));
        let exact = [vec![b'x'; MAX_LINE], b"\n".to_vec()].concat();
        let mut input: &[u8] = &exact;
        assert_eq!(
            read_line(&mut input).expect("line").map(|l| l.len()),
            Some(MAX_LINE)
        );
    }

    #[test]
    fn same_file_sees_through_spellings_and_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"x").expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("dir");
        let other = dir.path().join("b.json");
        std::fs::write(&other, b"x").expect("write");
        let hard = dir.path().join("hard.json");
        std::fs::hard_link(&path, &hard).expect("hard link");
        assert!(same_file(&path, &path));
        assert!(same_file(&path, &dir.path().join("sub/../a.json")));
        assert!(same_file(&path, &hard));
        assert!(!same_file(&path, &other), "same contents, another file");
        assert!(!same_file(&path, &dir.path().join("missing.json")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&path, &link).expect("symlink");
            assert!(same_file(&path, &link));
        }
    }
}
