//! Decoding files people bring to `import` and `draft`: UTF-8 with or without a byte-order
//! mark, UTF-16 (little or big endian) with a byte-order mark; anything else is refused with the
//! position of the first bad byte and a hint on how to re-save the file.

use std::borrow::Cow;

use crate::deck::{LineIndex, invalid_utf8_position};

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Why bytes were not accepted as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodingError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is UTF-32, which recall does not read")]
    Utf32,
    #[error("the file is a zip archive, not text")]
    Zip,
    #[error("the file looks like UTF-16 without a byte-order mark")]
    Utf16WithoutBom,
    #[error("the UTF-16 text is cut off (an odd number of bytes)")]
    Utf16Odd,
    #[error("the UTF-16 text is not valid near byte {offset}")]
    Utf16Invalid { offset: usize },
    #[error("the file contains a NUL byte at line {line}, column {column}; it is not a text file")]
    Binary { line: u32, column: u32 },
    #[error("the file is not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column}")]
    InvalidUtf8 { line: u32, column: u32, byte: u8 },
}

impl EncodingError {
    /// Where the problem is, when it is at one place.
    pub fn position(&self) -> Option<(u32, u32)> {
        match self {
            EncodingError::Binary { line, column }
            | EncodingError::InvalidUtf8 { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            EncodingError::Empty => "export the cards again; the file has no content",
            EncodingError::Zip => {
                "an Anki .apkg or a spreadsheet .xlsx is a zip archive: export \"Notes in Plain \
                 Text\" from Anki, or save the sheet as CSV UTF-8"
            }
            EncodingError::InvalidUtf8 { .. } => {
                "save the file as UTF-8 (in Excel: \"CSV UTF-8\"; in LibreOffice: character set \
                 \"Unicode (UTF-8)\")"
            }
            _ => "save the file as UTF-8 or UTF-16 with a byte-order mark",
        }
    }
}

/// Decodes a text file, removing any byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), EncodingError> {
    decode_borrowed(bytes).map(|(text, encoding)| (text.into_owned(), encoding))
}

/// [`decode`], borrowing the text from `bytes` when it is UTF-8 (with or without a byte-order
/// mark), so that a large file is not held twice.
pub fn decode_borrowed(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), EncodingError> {
    if bytes.is_empty() {
        return Err(EncodingError::Empty);
    }
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) || bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        return Err(EncodingError::Utf32);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(EncodingError::Zip);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return utf8(rest).map(|text| (Cow::Borrowed(text), Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return utf16(rest, u16::from_le_bytes).map(|text| (Cow::Owned(text), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return utf16(rest, u16::from_be_bytes).map(|text| (Cow::Owned(text), Encoding::Utf16Be));
    }
    if looks_like_utf16(bytes) {
        return Err(EncodingError::Utf16WithoutBom);
    }
    utf8(bytes).map(|text| (Cow::Borrowed(text), Encoding::Utf8))
}

fn utf8(bytes: &[u8]) -> Result<&str, EncodingError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(EncodingError::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(offset) = text.find('\0') {
                let (line, column) = LineIndex::new(text).position(offset);
                return Err(EncodingError::Binary { line, column });
            }
            Ok(text)
        }
        Err(error) => {
            let (line, column) = invalid_utf8_position(bytes, &error);
            Err(EncodingError::InvalidUtf8 {
                line,
                column,
                byte: bytes[error.valid_up_to()],
            })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, EncodingError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(EncodingError::Utf16Odd);
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    let text = String::from_utf16(&units).map_err(|_| {
        let offset = char::decode_utf16(units.iter().copied())
            .take_while(Result::is_ok)
            .map(|c| c.map_or(2, char::len_utf16) * 2)
            .sum::<usize>()
            + 2;
        EncodingError::Utf16Invalid { offset }
    })?;
    if text.trim().is_empty() {
        return Err(EncodingError::Empty);
    }
    if let Some(offset) = text.find('\0') {
        let (line, column) = LineIndex::new(&text).position(offset);
        return Err(EncodingError::Binary { line, column });
    }
    Ok(text)
}

/// UTF-16 without a byte-order mark shows as ASCII interleaved with NUL bytes.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 4 {
        return false;
    }
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    zeros_even * 10 > half * 7 || zeros_odd * 10 > half * 7
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    type Case = (
        &'static str,
        Vec<u8>,
        Result<(String, Encoding), EncodingError>,
    );

    #[test]
    fn decode_table() {
        let mut be = vec![0xfe, 0xff];
        be.extend("a,b".encode_utf16().flat_map(u16::to_be_bytes));
        let cases: Vec<Case> = vec![
            (
                "plain utf-8",
                b"q,a\n".to_vec(),
                Ok(("q,a\n".into(), Encoding::Utf8)),
            ),
            (
                "utf-8 with bom",
                b"\xef\xbb\xbfq,a".to_vec(),
                Ok(("q,a".into(), Encoding::Utf8Bom)),
            ),
            (
                "utf-16 le with bom",
                utf16le("Straße\tä", true),
                Ok(("Straße\tä".into(), Encoding::Utf16Le)),
            ),
            (
                "utf-16 be with bom",
                be,
                Ok(("a,b".into(), Encoding::Utf16Be)),
            ),
            ("empty", Vec::new(), Err(EncodingError::Empty)),
            (
                "only whitespace",
                b" \n\r\n".to_vec(),
                Err(EncodingError::Empty),
            ),
            (
                "latin-1",
                b"q,a\ncaf\xe9,x".to_vec(),
                Err(EncodingError::InvalidUtf8 {
                    line: 2,
                    column: 4,
                    byte: 0xe9,
                }),
            ),
            (
                "utf-16 without bom",
                utf16le("question\tanswer\n", false),
                Err(EncodingError::Utf16WithoutBom),
            ),
            (
                "utf-32",
                vec![0xff, 0xfe, 0, 0, b'a', 0, 0, 0],
                Err(EncodingError::Utf32),
            ),
            ("zip", b"PK\x03\x04rest".to_vec(), Err(EncodingError::Zip)),
            (
                "odd utf-16",
                vec![0xff, 0xfe, b'a'],
                Err(EncodingError::Utf16Odd),
            ),
            (
                "lone surrogate",
                vec![0xff, 0xfe, b'a', 0, 0x00, 0xd8, b'b', 0],
                Err(EncodingError::Utf16Invalid { offset: 4 }),
            ),
            (
                "nul byte",
                b"a\tb\nc\0d".to_vec(),
                Err(EncodingError::Binary { line: 2, column: 2 }),
            ),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(decode(&bytes), expected, "{name}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let nul_after = |prefix: &str| match decode(format!("{prefix}\0").as_bytes()) {
            Err(EncodingError::Binary { line, column }) => (line, column),
            other => panic!("{other:?}"),
        };
        assert_eq!(nul_after(""), (1, 1));
        assert_eq!(nul_after("ab\nä"), (2, 2));
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn utf16_round_trips(text in "\\PC{1,40}") {
            prop_assume!(!text.trim().is_empty() && !text.contains('\0'));
            prop_assert_eq!(decode(&utf16le(&text, true)), Ok((text, Encoding::Utf16Le)));
        }
    }
}
