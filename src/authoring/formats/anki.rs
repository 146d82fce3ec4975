//! Anki's "Notes in Plain Text" (Anki 2.1.55 and later): `#key:value` header lines
//! (`#separator:`, `#html:`, `#tags:`, `#columns:`, `#notetype:`, `#deck:`, and the
//! `#notetype column:`, `#deck column:`, `#tags column:`, `#guid column:` numbers), then one
//! note per row, fields quoted as in CSV.
//!
//! Export writes the layout Anki's own export uses (GUID, notetype, deck, the two fields, tags),
//! with recall's card id as the GUID, so importing into Anki again updates the notes. Basic
//! notes carry question and answer; cloze notes become Anki "Cloze" notes with `{{c1::…}}`.

use std::collections::HashSet;

use super::{Incoming, Parsed, Place, ReadError, html};
use crate::authoring::ids::is_valid_card_id;
use crate::authoring::{Entry, Field, FieldValue};
use crate::csv::{self, Dialect};
use crate::deck::{Cloze, Kind};
use crate::text::stable_hash;

/// The header keys Anki understands.
const HEADER_KEYS: [&str; 10] = [
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
];

/// Whether the text starts with Anki's header lines.
pub fn has_headers(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first.starts_with("tags:")
        || first
            .strip_prefix('#')
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(key, _)| HEADER_KEYS.contains(&key.trim().to_ascii_lowercase().as_str()))
}

/// The file's header lines, read.
#[derive(Debug, Default)]
struct Headers {
    separator: Option<char>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Option<String>,
    notetype: Option<String>,
    deck: Option<String>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
    guid_column: Option<usize>,
    /// Lines taken by the header.
    lines: usize,
}

fn separator_from(value: &str) -> Option<char> {
    let value = value.trim_end_matches(['\r', '\n']);
    match value.trim().to_ascii_lowercase().as_str() {
        "comma" => Some(','),
        "semicolon" => Some(';'),
        "tab" => Some('\t'),
        "space" => Some(' '),
        "pipe" => Some('|'),
        "colon" => Some(':'),
        _ => {
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        }
    }
}

fn read_headers(text: &str) -> Headers {
    let mut headers = Headers::default();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if index == 0
            && let Some(tags) = line.strip_prefix("tags:")
        {
            headers.tags = tags.split_whitespace().map(str::to_owned).collect();
            headers.lines += 1;
            continue;
        }
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        headers.lines += 1;
        let Some((key, value)) = rest.split_once(':') else {
            continue;
        };
        let number = || value.trim().parse::<usize>().ok().filter(|&n| n > 0);
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => headers.separator = separator_from(value),
            "html" => headers.html = value.trim().to_ascii_lowercase().parse().ok(),
            "tags" => headers.tags = value.split_whitespace().map(str::to_owned).collect(),
            "columns" => headers.columns = Some(value.to_owned()),
            "notetype" => headers.notetype = Some(value.trim().to_owned()),
            "deck" => headers.deck = Some(value.trim().to_owned()),
            "notetype column" => headers.notetype_column = number(),
            "deck column" => headers.deck_column = number(),
            "tags column" => headers.tags_column = number(),
            "guid column" => headers.guid_column = number(),
            _ => {}
        }
    }
    headers
}

/// The recall id for an Anki GUID: the GUID itself when it is a valid card id (as in files
/// recall exported), else `anki-` and a hash of the GUID, so that importing the same note again
/// finds the same card whatever its text says by then.
pub fn id_for_guid(guid: &str) -> String {
    if is_valid_card_id(guid) {
        guid.to_owned()
    } else {
        format!("anki-{:012x}", stable_hash(&[guid.as_bytes()]) >> 16)
    }
}

/// Whether a field uses HTML, for files without an `#html:` header.
fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<br", "<div", "<p>", "<b>", "<i>", "<u>", "</", "&nbsp;", "&amp;", "<img", "<span",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// Reads a "Notes in Plain Text" export.
pub fn read(text: &str) -> Result<Parsed, ReadError> {
    let headers = read_headers(text);
    let body_start: usize = text
        .split_inclusive('\n')
        .take(headers.lines)
        .map(str::len)
        .sum();
    let body = &text[body_start.min(text.len())..];
    let separator = headers
        .separator
        .unwrap_or_else(|| csv::detect_separator(body));
    let dialect = Dialect {
        separator,
        comments: true,
    };
    let first_line = u32::try_from(headers.lines + 1).unwrap_or(u32::MAX);
    let mut records = csv::parse(body, dialect, first_line)?;
    // Cells recall defused on export (`'=…`) read back as they were.
    csv::restore_records(&mut records);
    let html = headers.html.unwrap_or_else(|| {
        records
            .iter()
            .flat_map(|r| &r.fields)
            .any(|f| looks_like_html(f))
    });
    let to_text = |field: &str| {
        if html {
            html::to_text(field)
        } else {
            field.trim().to_owned()
        }
    };
    let meta: HashSet<usize> = [
        headers.notetype_column,
        headers.deck_column,
        headers.tags_column,
        headers.guid_column,
    ]
    .into_iter()
    .flatten()
    .collect();
    // With `#columns:` labels and one notetype for the file, fields are found by name.
    let labels: Vec<String> = headers
        .columns
        .as_deref()
        .and_then(|line| csv::parse(line, Dialect::new(separator), 1).ok())
        .and_then(|mut records| (!records.is_empty()).then(|| records.remove(0).fields))
        .unwrap_or_default();
    let by_label = |names: &[&str]| {
        labels
            .iter()
            .position(|l| names.iter().any(|n| l.trim().eq_ignore_ascii_case(n)))
            .map(|i| i + 1)
            .filter(|i| !meta.contains(i))
    };
    let named = if headers.notetype_column.is_none() {
        by_label(&["Front", "Text"]).map(|front| (front, by_label(&["Back", "Back Extra"])))
    } else {
        None
    };

    let mut parsed = Parsed {
        title: headers.deck.clone(),
        ..Parsed::default()
    };
    let mut extra_fields = false;
    for record in records {
        let place = Place::Line(record.line);
        if record.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let column = |n: Option<usize>| {
            n.and_then(|n| record.fields.get(n - 1))
                .map(|f| f.trim().to_owned())
        };
        let fields: Vec<&String> = match named {
            Some((front, back)) => [Some(front), back]
                .into_iter()
                .flatten()
                .filter_map(|n| record.fields.get(n - 1))
                .collect(),
            None => record
                .fields
                .iter()
                .enumerate()
                .filter(|(i, _)| !meta.contains(&(i + 1)))
                .map(|(_, f)| f)
                .collect(),
        };
        if fields.len() > 2 && fields[2..].iter().any(|f| !f.trim().is_empty()) {
            extra_fields = true;
        }
        let front = fields.first().map(|f| to_text(f)).unwrap_or_default();
        let back = fields.get(1).map(|f| to_text(f)).unwrap_or_default();
        let notetype = column(headers.notetype_column)
            .or_else(|| headers.notetype.clone())
            .unwrap_or_else(|| "Basic".into());
        if parsed.title.is_none() {
            parsed.title = column(headers.deck_column).filter(|d| !d.is_empty());
        }
        let mut incoming = Incoming::new(place);
        incoming.id = column(headers.guid_column)
            .filter(|g| !g.is_empty())
            .map(|g| id_for_guid(&g));
        let is_cloze = notetype.to_ascii_lowercase().contains("cloze") || has_anki_cloze(&front);
        if is_cloze {
            incoming.set(Field::Kind, FieldValue::Kind(Kind::Cloze));
            incoming.text(Field::Text, &cloze_from_anki(&front));
            incoming.text(Field::Explain, &back);
        } else {
            incoming.text(Field::Question, &front);
            incoming.text(Field::Answer, &back);
        }
        let mut tags: Vec<String> = column(headers.tags_column)
            .map(|t| t.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        for tag in &headers.tags {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        if headers.tags_column.is_some() || !headers.tags.is_empty() {
            incoming.set(Field::Tags, FieldValue::List(tags));
        }
        parsed.cards.push(incoming);
    }
    if extra_fields {
        parsed.notes.push(
            "notes with more than two fields: recall kept the first two (question and answer)"
                .into(),
        );
    }
    Ok(parsed)
}

/// For the text after a `{{c`: the length of the gap number and `::` that make it the start of
/// an Anki cloze gap (`{{c1::`), if they do.
fn gap_number_len(after: &str) -> Option<usize> {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && after[digits..].starts_with("::")).then_some(digits + 2)
}

fn has_anki_cloze(text: &str) -> bool {
    text.match_indices("{{c")
        .any(|(i, _)| gap_number_len(&text[i + 3..]).is_some())
}

/// `{{c1::answer::hint}}` → `{{answer::hint}}`; other text unchanged.
pub fn cloze_from_anki(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{c") {
        let after = &rest[start + 3..];
        let Some(number_len) = gap_number_len(after) else {
            out.push_str(&rest[..start + 3]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        out.push_str("{{");
        rest = &after[number_len..];
    }
    out.push_str(rest);
    out
}

/// A recall cloze text as an Anki cloze field (HTML): gap `n` becomes `{{cn::answer::hint}}`;
/// alternatives (`|`) are dropped, since Anki has none.
pub fn cloze_to_anki(text: &str) -> String {
    let Ok(cloze) = Cloze::parse(text) else {
        return html::from_text(text);
    };
    let mut out = String::new();
    let mut rest = text;
    for (index, gap) in cloze.gaps().iter().enumerate() {
        let Some(start) = rest.find("{{") else { break };
        let Some(end) = rest[start..].find("}}").map(|e| start + e + 2) else {
            break;
        };
        out.push_str(&html::from_text(&rest[..start]));
        out.push_str(&format!(
            "{{{{c{}::{}",
            index + 1,
            html::from_text(&gap.answer)
        ));
        if let Some(hint) = &gap.hint {
            out.push_str(&format!("::{}", html::from_text(hint)));
        }
        out.push_str("}}");
        rest = &rest[end..];
    }
    out.push_str(&html::from_text(rest));
    out
}

/// The Front of a Basic note: the question, and for a choice card its options.
fn front(entry: &Entry) -> String {
    let mut text = entry.question.clone();
    if entry.kind.spec().choices && !entry.choices.is_empty() {
        text.push('\n');
        for choice in &entry.choices {
            text.push_str(&format!("\n– {choice}"));
        }
    }
    html::from_text(&text)
}

/// Writes entries as a "Notes in Plain Text" file Anki imports as it is: deck `title`,
/// notetype Basic (or Cloze), the card id as GUID, tags (spaces inside a tag become `_`).
pub fn write(title: &str, entries: &[Entry]) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n\
         #tags column:6\n",
    );
    let deck = title.replace(['\t', '\n', '\r'], " ");
    for entry in entries {
        let (notetype, first, second) = if entry.kind.spec().cloze_text {
            (
                "Cloze",
                cloze_to_anki(&entry.text),
                html::from_text(entry.explain.as_deref().unwrap_or("")),
            )
        } else {
            ("Basic", front(entry), html::from_text(&entry.answer))
        };
        let tags: Vec<String> = entry
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .collect();
        let guid = entry.id.clone().unwrap_or_default();
        csv::write_record(
            &mut out,
            &[
                guid.as_str(),
                notetype,
                deck.as_str(),
                first.as_str(),
                second.as_str(),
                tags.join(" ").as_str(),
            ],
            '\t',
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(incoming: &Incoming, field: Field) -> String {
        match incoming.get(field) {
            Some(FieldValue::Text(t)) => t.clone(),
            Some(FieldValue::List(l)) => l.join(","),
            _ => String::new(),
        }
    }

    #[test]
    fn reads_a_full_header_export() {
        let file = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n\
                    #deck column:3\n#tags column:6\n\
                    \"#k8F]p;Q1z\"\tBasic\tGeography\tCapital of <b>Pakistan</b>?\tIslamabad&nbsp;\tgeo asia\n\
                    cento-year\tCloze\tGeography\t{{c1::1955::year}} CENTO\tJoined &amp; stayed\t\n";
        let parsed = read(file).expect("readable");
        assert_eq!(parsed.title.as_deref(), Some("Geography"));
        let basic = &parsed.cards[0];
        assert_eq!(basic.place, Place::Line(7));
        assert_eq!(
            basic.id.as_deref(),
            Some(id_for_guid("#k8F]p;Q1z").as_str())
        );
        assert!(
            basic
                .id
                .as_deref()
                .is_some_and(|id| id.starts_with("anki-"))
        );
        assert_eq!(text(basic, Field::Question), "Capital of Pakistan?");
        assert_eq!(text(basic, Field::Answer), "Islamabad");
        assert_eq!(text(basic, Field::Tags), "geo,asia");
        let cloze = &parsed.cards[1];
        assert_eq!(cloze.id.as_deref(), Some("cento-year"));
        assert_eq!(text(cloze, Field::Text), "{{1955::year}} CENTO");
        assert_eq!(text(cloze, Field::Explain), "Joined & stayed");
    }

    #[test]
    fn honours_separator_columns_and_global_tags() {
        let file = "#separator:Semicolon\n#html:false\n#tags:imported\n#columns:Back;Front\n\
                    <answer>;<question>\n";
        let parsed = read(file).expect("readable");
        let card = &parsed.cards[0];
        assert_eq!(text(card, Field::Question), "<question>");
        assert_eq!(text(card, Field::Answer), "<answer>");
        assert_eq!(text(card, Field::Tags), "imported");
    }

    #[test]
    fn legacy_tags_line_and_detected_separator() {
        let parsed = read("tags:old\nQ\tA\n").expect("readable");
        assert_eq!(text(&parsed.cards[0], Field::Answer), "A");
        assert_eq!(text(&parsed.cards[0], Field::Tags), "old");
    }

    #[test]
    fn cloze_conversion_both_ways() {
        assert_eq!(
            cloze_from_anki("{{c1::Karachi}} and {{c12::1955::year}}, not {{x}} or {{c::y}}"),
            "{{Karachi}} and {{1955::year}}, not {{x}} or {{c::y}}"
        );
        assert_eq!(
            cloze_to_anki("A & {{Karachi|Kr}} in {{1955::year}} <x>"),
            "A &amp; {{c1::Karachi}} in {{c2::1955::year}} &lt;x&gt;"
        );
    }

    #[test]
    fn anki_gaps_need_a_number_and_two_colons() {
        let cases = [
            ("{{c1::Karachi}}", true),
            ("text {{c12::1955::year}}", true),
            ("{{c{{c2::x}}", true),
            ("{{c::y}}", false),
            ("{{c1:y}}", false),
            ("{{cx1::y}}", false),
            ("{{x}}", false),
        ];
        for (text, expected) in cases {
            assert_eq!(has_anki_cloze(text), expected, "{text}");
            assert_eq!(cloze_from_anki(text) != text, expected, "{text}");
        }
    }

    #[test]
    fn guid_ids_are_stable_and_valid() {
        assert_eq!(id_for_guid("my-card"), "my-card");
        let id = id_for_guid("Bx0`{9w/3K");
        assert_eq!(id, id_for_guid("Bx0`{9w/3K"));
        assert!(is_valid_card_id(&id));
    }

    #[test]
    fn writes_what_anki_exports() {
        let entries = [Entry {
            id: Some("x".into()),
            question: "A <b> & \"c\"?".into(),
            answer: "line\nbreak".into(),
            tags: vec!["two words".into()],
            ..Entry::default()
        }];
        let out = write("Deck", &entries);
        assert_eq!(
            out.lines().last(),
            Some("x\tBasic\tDeck\t\"A &lt;b&gt; &amp; \"\"c\"\"?\"\tline<br>break\ttwo_words")
        );
        let back = read(&out).expect("own output");
        assert_eq!(text(&back.cards[0], Field::Question), "A <b> & \"c\"?");
        assert_eq!(text(&back.cards[0], Field::Answer), "line\nbreak");
    }
}
