//! Quizlet's export: a term and its definition separated by a tab (or a comma, or any string the
//! user chose), cards separated by a line break (or a semicolon, or any string). Nothing is
//! quoted. With line breaks between cards, a line without the term separator continues the
//! previous definition, which is how Quizlet writes definitions spanning several lines.

use super::{Incoming, Parsed, Place, ReadError};
use crate::authoring::Field;
use crate::deck::LineIndex;

/// A separator as given on the command line: `tab`, `comma`, `semicolon`, `newline` (or
/// `\t`, `\n`), or a literal string.
pub fn separator(spec: &str) -> String {
    match spec {
        "tab" | "\\t" => "\t".into(),
        "comma" => ",".into(),
        "semicolon" => ";".into(),
        "newline" | "\\n" => "\n".into(),
        "dash" => " - ".into(),
        other => other.replace("\\t", "\t").replace("\\n", "\n"),
    }
}

/// Reads a Quizlet export.
pub fn read(text: &str, term_separator: &str, card_separator: &str) -> Result<Parsed, ReadError> {
    if term_separator.is_empty() || card_separator.is_empty() || term_separator == card_separator {
        return Err(ReadError::Unsupported {
            message: "the term and card separators must be different and not empty".into(),
            hint: "Quizlet's default is --term-sep tab --card-sep newline".into(),
        });
    }
    let text = text.replace("\r\n", "\n");
    let mut parsed = Parsed::default();
    // (line, term, definition)
    let mut cards: Vec<(u32, String, String)> = Vec::new();
    let shown = match term_separator {
        "\t" => "a tab".to_owned(),
        other => format!("`{other}`"),
    };
    if card_separator == "\n" {
        for (index, line) in text.split('\n').enumerate() {
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if line.trim().is_empty() {
                continue;
            }
            match line.split_once(term_separator) {
                Some((term, definition)) => {
                    cards.push((number, term.to_owned(), definition.to_owned()));
                }
                None => match cards.last_mut() {
                    Some((_, _, definition)) => {
                        definition.push('\n');
                        definition.push_str(line);
                    }
                    None => parsed.skipped.push((
                        Place::Line(number),
                        format!("no {shown} separates a term from its definition"),
                    )),
                },
            }
        }
    } else {
        let lines = LineIndex::new(&text);
        let mut offset = 0;
        for chunk in text.split(card_separator) {
            let leading = chunk.len() - chunk.trim_start().len();
            let (line, _) = lines.position(offset + leading);
            offset += chunk.len() + card_separator.len();
            if chunk.trim().is_empty() {
                continue;
            }
            match chunk.split_once(term_separator) {
                Some((term, definition)) => {
                    cards.push((line, term.to_owned(), definition.to_owned()));
                }
                None => parsed.skipped.push((
                    Place::Line(line),
                    format!("no {shown} separates a term from its definition"),
                )),
            }
        }
    }
    for (line, term, definition) in cards {
        let mut incoming = Incoming::new(Place::Line(line));
        incoming.text(Field::Question, &term);
        incoming.text(Field::Answer, &definition);
        parsed.cards.push(incoming);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::FieldValue;

    fn pairs(parsed: &Parsed) -> Vec<(String, String)> {
        parsed
            .cards
            .iter()
            .map(|c| {
                let text = |f| match c.get(f) {
                    Some(FieldValue::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                (text(Field::Question), text(Field::Answer))
            })
            .collect()
    }

    #[test]
    fn default_export_is_tab_and_newline() {
        let parsed = read(
            "Islamabad\tCapital\nKarachi\tPort, \"largest\"\n",
            "\t",
            "\n",
        )
        .expect("ok");
        assert_eq!(
            pairs(&parsed),
            [
                ("Islamabad".to_owned(), "Capital".to_owned()),
                ("Karachi".to_owned(), "Port, \"largest\"".to_owned())
            ]
        );
    }

    #[test]
    fn a_line_without_tab_continues_the_definition() {
        let parsed = read("A\tline one\nline two\nB\tb\n", "\t", "\n").expect("ok");
        assert_eq!(pairs(&parsed)[0].1, "line one\nline two");
        assert_eq!(parsed.cards[1].place, Place::Line(3));
    }

    #[test]
    fn custom_separators() {
        let parsed = read("A - a;B - b;\nC - c;junk", " - ", ";").expect("ok");
        assert_eq!(pairs(&parsed).len(), 3);
        assert_eq!(
            parsed.skipped,
            [(
                Place::Line(2),
                "no ` - ` separates a term from its definition".to_owned()
            )]
        );
        assert_eq!(parsed.cards[2].place, Place::Line(2));
    }

    #[test]
    fn separator_names() {
        assert_eq!(separator("tab"), "\t");
        assert_eq!(separator("newline"), "\n");
        assert_eq!(separator("\\n\\n"), "\n\n");
        assert_eq!(separator(" :: "), " :: ");
    }

    #[test]
    fn equal_separators_are_refused() {
        assert!(read("a", ";", ";").is_err());
    }
}
