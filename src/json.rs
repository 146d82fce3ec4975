//! The one way recall writes JSON for people and their tools (every `--json`, `export --format
//! json`, results files): pretty-printed, and with every character a terminal would act on
//! or hide written as a `\uXXXX` escape. `serde_json` escapes only C0 controls, quotes and
//! backslashes; a deck or a results file can also hold C1 controls (`U+009B` starts a control
//! sequence on many terminals), DEL, the Unicode line separators and bidirectional overrides,
//! which `cat`, `less` or `jq -r` would pass to the terminal. Escaped, they are still there for
//! a program reading the JSON: nothing is lost.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::text::is_hidden_control;

/// Whether `c` is written as a `\uXXXX` escape (on top of what JSON itself escapes).
pub fn escaped(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || is_hidden_control(c)
}

/// Writes `value` as pretty-printed JSON (no final line break), in large writes: the serializer
/// writes token by token, and standard output, line-buffered, would pass every line of the
/// document to the system on its own (40,000 writes for `recall stats --json` over a year of
/// 10 decks).
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, writer);
    write_pretty(&mut buffered, value)?;
    io::Write::flush(&mut buffered).map_err(serde_json::Error::io)
}

fn write_pretty<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(writer, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// `value` as pretty-printed JSON bytes (no final line break).
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    write_pretty(&mut out, value)?;
    Ok(out)
}

/// `value` as pretty-printed JSON text (no final line break).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let bytes = to_vec(value)?;
    // The serializer writes UTF-8 only; a failure here would be a serde_json bug.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// A formatter that writes like `inner` and escapes the characters of [`escaped`] in strings.
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if escaped(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every escaped character is in the Basic Multilingual Plane: one `\u` each.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the inner formatter's.

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Counts the writes that reach it, like the system calls of an unbuffered stdout.
    struct Counting {
        writes: usize,
        bytes: Vec<u8>,
    }

    impl io::Write for Counting {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_large_document_reaches_the_writer_in_few_large_writes() {
        let rows: Vec<(u32, String)> = (0..10_000).map(|i| (i, format!("row {i}"))).collect();
        let mut sink = Counting {
            writes: 0,
            bytes: Vec::new(),
        };
        to_writer(&mut sink, &rows).expect("written");
        assert_eq!(sink.bytes, to_vec(&rows).expect("same document"));
        // About 240 KB: a handful of 64 KB writes, not one per token or line.
        assert!(sink.writes <= 8, "{} writes", sink.writes);
    }

    #[test]
    fn escapes_table() {
        let cases = [
            ("plain", "Islamabad", r#""Islamabad""#),
            ("c0 by serde_json", "a\u{1b}b\n", r#""a\u001bb\n""#),
            ("c1 csi", "a\u{9b}2J", r#""a\u009b2J""#),
            ("next line", "a\u{85}b", r#""a\u0085b""#),
            ("delete", "a\u{7f}", r#""a\u007f""#),
            ("right-to-left override", "\u{202e}cba", r#""\u202ecba""#),
            ("arabic letter mark", "\u{61c}", r#""\u061c""#),
            ("isolates", "\u{2066}x\u{2069}", r#""\u2066x\u2069""#),
            ("line separator", "a\u{2028}b", r#""a\u2028b""#),
            ("urdu with a joiner kept", "ک\u{200c}ی", "\"ک\u{200c}ی\""),
            ("accents kept", "Zia-ul-Haq é ✓", r#""Zia-ul-Haq é ✓""#),
        ];
        for (name, input, expected) in cases {
            assert_eq!(to_string(input).expect("serializes"), expected, "{name}");
        }
    }

    #[test]
    fn keys_are_escaped_and_the_layout_is_pretty() {
        let value = serde_json::json!({ "k\u{202e}": [1, "v\u{9b}"] });
        assert_eq!(
            to_string(&value).expect("serializes"),
            "{\n  \"k\\u202e\": [\n    1,\n    \"v\\u009b\"\n  ]\n}"
        );
    }

    proptest! {
        #[test]
        fn round_trips_and_leaves_nothing_raw(s in "\\PC{0,30}|[a\u{0}-\u{a0}\u{2028}\u{202a}-\u{202e}\u{2066}-\u{206f}]{0,30}") {
            let text = to_string(&s).expect("serializes");
            prop_assert!(!text.chars().any(|c| escaped(c) || c.is_control()));
            let back: String = serde_json::from_str(&text).expect("parses");
            prop_assert_eq!(back, s);
        }
    }
}
