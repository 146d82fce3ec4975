//! Anki packages (`.apkg` decks and `.colpkg` collections): a zip archive holding the collection
//! as an `SQLite` database, `collection.anki21b` (zstd-compressed, Anki 2.1.50 and later),
//! `collection.anki21` or `collection.anki2` (older exports, or "support older Anki versions").
//! The newest one present is read, in memory: notes become cards as from Anki's plain-text
//! export (the GUID gives the card id, cloze notes become cloze cards), and each card's review
//! log and scheduling state come along for `recall import` to bring into the review history.
//!
//! Only the first card of a note is recall's (question → answer); the reverse cards of "Basic
//! (and reversed card)" notes keep their history in Anki. Reading is bounded: entries larger
//! than [`MAX_COLLECTION`] once unpacked are refused.

use std::collections::HashMap;
use std::io::Read as _;

use super::anki::{cloze_from_anki, id_for_guid};
use super::{Incoming, Parsed, Place, ReadError, html};
use crate::authoring::{Field, FieldValue};
use crate::deck::Kind;

/// The largest collection read (unpacked), 1 GiB.
pub const MAX_COLLECTION: usize = 1 << 30;

/// The largest package read, 2 GiB (its media are skipped, never unpacked).
pub const MAX_PACKAGE: u64 = 2 << 30;

/// How much of the file at `path` an import may read: more when it is an Anki package (which
/// may hold a large collection and its media). Only a regular file is peeked at (opening a FIFO
/// would wait for a writer); anything else is refused when read.
pub fn read_limit(path: &std::path::Path) -> crate::input::Limit {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let is_zip = regular
        && std::fs::File::open(path)
            .and_then(|mut file| {
                let mut magic = [0u8; 4];
                file.read_exact(&mut magic).map(|()| is_package(&magic))
            })
            .unwrap_or(false);
    if is_zip {
        crate::input::Limit {
            bytes: MAX_PACKAGE,
            what: "Anki packages",
        }
    } else {
        crate::input::Limit::SOURCE
    }
}

/// Whether the bytes are a zip archive, as Anki packages are.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// One answer of Anki's review log (`revlog`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnkiAnswer {
    /// When, in milliseconds since the epoch (the revlog id).
    pub at_ms: i64,
    /// The button: 1 Again, 2 Hard, 3 Good, 4 Easy (0: a manual change, not an answer).
    pub ease: u8,
    /// 0 learning, 1 review, 2 relearning, 3 filtered (cram), 4 manual, 5 rescheduled.
    pub kind: u8,
    /// The ease factor after the answer, in permille (0 for cramming without rescheduling).
    pub factor: i64,
    /// The interval before the answer: days when positive, seconds when negative.
    pub last_interval: i64,
    pub duration_ms: i64,
}

/// A card's scheduling state in Anki, for cards whose log does not start with their learning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sm2State {
    /// In review (Anki card type 2) or relearning (3).
    pub reviewing: bool,
    pub interval_days: u32,
    /// The ease factor, e.g. 2.5.
    pub ease: f32,
    /// When it is due, in milliseconds since the epoch, for review cards.
    pub due_ms: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
    /// Suspended in Anki (queue -1).
    pub suspended: bool,
}

/// What Anki knows of one card that becomes a recall card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardHistory {
    /// The recall card id.
    pub card: String,
    /// Its review log, oldest first.
    pub answers: Vec<AnkiAnswer>,
    pub sm2: Sm2State,
}

/// A package read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Package {
    pub parsed: Parsed,
    pub histories: Vec<CardHistory>,
    /// The collection file read (`collection.anki21b`, …).
    pub collection: String,
}

fn unsupported(message: impl Into<String>, hint: &str) -> ReadError {
    ReadError::Unsupported {
        message: message.into(),
        hint: hint.to_owned(),
    }
}

const EXPORT_HINT: &str = "export again from Anki with File → Export…: \"Anki Deck Package \
                           (.apkg)\" with scheduling information included, \"Anki Collection \
                           Package (.colpkg)\", or \"Notes in Plain Text\" (notes only)";

/// The collection database inside a package, unpacked: the newest format present.
fn collection_bytes(bytes: &[u8]) -> Result<(String, Vec<u8>), ReadError> {
    let archive = rawzip::ZipArchive::from_slice(bytes)
        .map_err(|e| unsupported(format!("not a readable zip archive ({e})"), EXPORT_HINT))?;
    let mut found: Vec<(
        usize,
        String,
        rawzip::ZipArchiveEntryWayfinder,
        rawzip::CompressionMethod,
    )> = Vec::new();
    let mut entries = archive.entries();
    while let Some(entry) = entries
        .next_entry()
        .map_err(|e| unsupported(format!("a damaged zip archive ({e})"), EXPORT_HINT))?
    {
        let name = String::from_utf8_lossy(entry.file_path().as_ref()).into_owned();
        let rank = match name.as_str() {
            "collection.anki21b" => 0,
            "collection.anki21" => 1,
            "collection.anki2" => 2,
            _ => continue,
        };
        if entry.uncompressed_size_hint() > MAX_COLLECTION as u64 {
            return Err(unsupported(
                format!("{name} is larger than 1 GiB unpacked"),
                "split the collection into smaller deck packages",
            ));
        }
        found.push((rank, name, entry.wayfinder(), entry.compression_method()));
    }
    found.sort_by_key(|(rank, ..)| *rank);
    let Some((rank, name, wayfinder, method)) = found.into_iter().next() else {
        return Err(unsupported(
            "this zip archive holds no Anki collection (collection.anki21b, .anki21 or .anki2)",
            EXPORT_HINT,
        ));
    };
    let entry = archive
        .get_entry(wayfinder)
        .map_err(|e| unsupported(format!("{name} cannot be read ({e})"), EXPORT_HINT))?;
    let stored = entry.data();
    let unpacked = if method == rawzip::CompressionMethod::STORE {
        stored.to_vec()
    } else if method == rawzip::CompressionMethod::DEFLATE {
        miniz_oxide::inflate::decompress_to_vec_with_limit(stored, MAX_COLLECTION)
            .map_err(|e| unsupported(format!("{name} cannot be unpacked ({e:?})"), EXPORT_HINT))?
    } else {
        return Err(unsupported(
            format!("{name} is compressed with method {method:?}, which recall cannot unpack"),
            EXPORT_HINT,
        ));
    };
    if rank > 0 {
        return Ok((name, unpacked));
    }
    // Anki 2.1.50 and later: the database itself is zstd-compressed.
    let mut decoder = ruzstd::decoding::StreamingDecoder::new(unpacked.as_slice())
        .map_err(|e| unsupported(format!("{name} cannot be unpacked ({e})"), EXPORT_HINT))?;
    let mut database = Vec::new();
    (&mut decoder)
        .take(MAX_COLLECTION as u64 + 1)
        .read_to_end(&mut database)
        .map_err(|e| unsupported(format!("{name} cannot be unpacked ({e})"), EXPORT_HINT))?;
    if database.len() > MAX_COLLECTION {
        return Err(unsupported(
            format!("{name} is larger than 1 GiB unpacked"),
            "split the collection into smaller deck packages",
        ));
    }
    Ok((name, database))
}

/// A note as read: its fields, tags and notetype's name.
struct Note {
    guid: String,
    fields: Vec<String>,
    tags: Vec<String>,
    notetype: String,
}

/// Reads an Anki package: its notes as incoming cards, and their first cards' histories.
pub fn read(bytes: &[u8]) -> Result<Package, ReadError> {
    let (collection, database) = collection_bytes(bytes)?;
    let damaged = |e: rusqlite::Error| {
        unsupported(
            format!("{collection} is not a readable Anki collection ({e})"),
            EXPORT_HINT,
        )
    };
    let mut conn = rusqlite::Connection::open_in_memory().map_err(damaged)?;
    conn.deserialize_read_exact("main", database.as_slice(), database.len(), true)
        .map_err(damaged)?;
    let notetypes = notetype_names(&conn);
    let (created_s, deck_names) = collection_info(&conn);
    let today_s = created_s;
    let mut notes: HashMap<i64, Note> = HashMap::new();
    let mut order: Vec<i64> = Vec::new();
    {
        let mut stmt = conn
            .prepare("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")
            .map_err(damaged)?;
        let mut rows = stmt.query([]).map_err(damaged)?;
        while let Some(row) = rows.next().map_err(damaged)? {
            let id: i64 = row.get(0).map_err(damaged)?;
            let mid: i64 = row.get(2).map_err(damaged)?;
            let fields: String = row.get(3).map_err(damaged)?;
            let tags: String = row.get(4).map_err(damaged)?;
            notes.insert(
                id,
                Note {
                    guid: row.get(1).map_err(damaged)?,
                    fields: fields.split('\u{1f}').map(str::to_owned).collect(),
                    tags: tags.split_whitespace().map(str::to_owned).collect(),
                    notetype: notetypes.get(&mid).cloned().unwrap_or_default(),
                },
            );
            order.push(id);
        }
    }
    // Each note's first card (ord 0): its scheduling state, and which deck it is in.
    let mut first_cards: HashMap<i64, (i64, Sm2State)> = HashMap::new();
    let mut decks: HashMap<i64, usize> = HashMap::new();
    let mut other_cards = 0;
    {
        let mut stmt = conn
            .prepare(
                "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odid
                 FROM cards ORDER BY nid, ord",
            )
            .map_err(damaged)?;
        let mut rows = stmt.query([]).map_err(damaged)?;
        while let Some(row) = rows.next().map_err(damaged)? {
            let get = |i| row.get::<_, i64>(i).map_err(damaged);
            let (id, nid, did, ord) = (get(0)?, get(1)?, get(2)?, get(3)?);
            let (kind, queue, due, ivl, factor) = (get(4)?, get(5)?, get(6)?, get(7)?, get(8)?);
            let (reps, lapses, odid) = (get(9)?, get(10)?, get(11)?);
            let is_cloze = notes.get(&nid).is_some_and(is_cloze_note);
            if ord != 0 && !is_cloze {
                other_cards += 1;
                continue;
            }
            *decks.entry(if odid != 0 { odid } else { did }).or_default() += 1;
            let reviewing = kind == 2 || kind == 3;
            let sm2 = Sm2State {
                reviewing,
                interval_days: u32::try_from(ivl.max(0)).unwrap_or(u32::MAX),
                #[allow(clippy::cast_precision_loss)]
                ease: factor as f32 / 1000.0,
                // Review cards are due on a day counted from the collection's creation.
                due_ms: (reviewing && today_s > 0)
                    .then(|| (today_s + due.max(0) * 86_400).saturating_mul(1000)),
                reps: u32::try_from(reps.max(0)).unwrap_or(u32::MAX),
                lapses: u32::try_from(lapses.max(0)).unwrap_or(u32::MAX),
                suspended: queue == -1,
            };
            // A cloze note's cards map to its gaps; the key keeps them apart.
            first_cards.insert(id, (nid * 1000 + ord, sm2));
        }
    }
    let mut answers: HashMap<i64, Vec<AnkiAnswer>> = HashMap::new();
    {
        let mut stmt = conn
            .prepare(
                "SELECT id, cid, ease, type, factor, time, lastIvl FROM revlog ORDER BY cid, id",
            )
            .map_err(damaged)?;
        let mut rows = stmt.query([]).map_err(damaged)?;
        while let Some(row) = rows.next().map_err(damaged)? {
            let get = |i| row.get::<_, i64>(i).map_err(damaged);
            let cid = get(1)?;
            if !first_cards.contains_key(&cid) {
                continue;
            }
            answers.entry(cid).or_default().push(AnkiAnswer {
                at_ms: get(0)?,
                ease: u8::try_from(get(2)?.clamp(0, 4)).unwrap_or(0),
                kind: u8::try_from(get(3)?.clamp(0, 255)).unwrap_or(0),
                factor: get(4)?,
                duration_ms: get(5)?.max(0),
                last_interval: get(6)?,
            });
        }
    }

    let mut parsed = Parsed::default();
    let mut histories = Vec::new();
    let mut unmapped_gaps = 0;
    let by_key: HashMap<i64, i64> = first_cards
        .iter()
        .map(|(cid, (key, _))| (*key, *cid))
        .collect();
    for (index, nid) in order.iter().enumerate() {
        let Some(note) = notes.get(nid) else {
            continue;
        };
        let mut incoming = Incoming::new(Place::Item(index + 1));
        let id = id_for_guid(&note.guid);
        incoming.id = Some(id.clone());
        let front = note
            .fields
            .first()
            .map(|f| html::to_text(f))
            .unwrap_or_default();
        let back = note
            .fields
            .get(1)
            .map(|f| html::to_text(f))
            .unwrap_or_default();
        let cloze = is_cloze_note(note);
        if cloze {
            incoming.set(Field::Kind, FieldValue::Kind(Kind::Cloze));
            incoming.text(Field::Text, &cloze_from_anki(&front));
            incoming.text(Field::Explain, &back);
        } else {
            incoming.text(Field::Question, &front);
            incoming.text(Field::Answer, &back);
        }
        if !note.tags.is_empty() {
            incoming.set(Field::Tags, FieldValue::List(note.tags.clone()));
        }
        parsed.cards.push(incoming);
        // Which recall card each Anki card of the note is.
        let gaps = if cloze { gap_numbers(&front) } else { vec![1] };
        let ordered = gaps.iter().enumerate().all(|(i, n)| *n == i + 1);
        for (ord, _) in gaps.iter().enumerate() {
            let Some(cid) = by_key.get(&(nid * 1000 + i64::try_from(ord).unwrap_or(0))) else {
                continue;
            };
            if cloze && !ordered {
                unmapped_gaps += 1;
                continue;
            }
            let Some((_, sm2)) = first_cards.get(cid) else {
                continue;
            };
            histories.push(CardHistory {
                card: if cloze {
                    format!("{id}.{}", ord + 1)
                } else {
                    id.clone()
                },
                answers: answers.remove(cid).unwrap_or_default(),
                sm2: *sm2,
            });
        }
    }
    parsed.title = decks
        .iter()
        .max_by_key(|(did, count)| (**count, std::cmp::Reverse(**did)))
        .and_then(|(did, _)| deck_names.get(did).cloned())
        .map(|name| name.rsplit("::").next().unwrap_or(&name).to_owned());
    if other_cards > 0 {
        parsed.notes.push(format!(
            "{other_cards} reverse or extra cards of notes were left in Anki: recall asks each note one way"
        ));
    }
    if unmapped_gaps > 0 {
        parsed.notes.push(format!(
            "{unmapped_gaps} cloze cards kept no history: their gaps are not numbered 1, 2, 3… in order"
        ));
    }
    let extra_fields = notes
        .values()
        .any(|n| !is_cloze_note(n) && n.fields.iter().skip(2).any(|f| !f.trim().is_empty()));
    if extra_fields {
        parsed.notes.push(
            "notes with more than two fields: recall kept the first two (question and answer)"
                .into(),
        );
    }
    Ok(Package {
        parsed,
        histories,
        collection,
    })
}

fn is_cloze_note(note: &Note) -> bool {
    note.notetype.to_ascii_lowercase().contains("cloze")
        || note
            .fields
            .first()
            .is_some_and(|f| !gap_numbers(f).is_empty())
}

/// The numbers of a text's Anki cloze gaps, in order of appearance (`{{c2::…}}` gives 2).
fn gap_numbers(text: &str) -> Vec<usize> {
    let mut numbers = Vec::new();
    for (start, _) in text.match_indices("{{c") {
        let after = &text[start + 3..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with("::") {
            numbers.push(digits.parse().unwrap_or(0));
        }
    }
    numbers
}

/// Notetype ids and names: the `notetypes` table (Anki 2.1.28 and later) or the `models` JSON
/// of the `col` row (older).
fn notetype_names(conn: &rusqlite::Connection) -> HashMap<i64, String> {
    let table: Option<HashMap<i64, String>> = conn
        .prepare("SELECT id, name FROM notetypes")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .ok();
    if let Some(names) = table {
        return names;
    }
    json_names(conn, "models")
}

/// `(id, name)` of the objects in a JSON column of `col` (`models`, `decks`).
fn json_names(conn: &rusqlite::Connection, column: &str) -> HashMap<i64, String> {
    let text: Option<String> = conn
        .query_row(&format!("SELECT {column} FROM col"), [], |row| row.get(0))
        .ok();
    let Some(value) = text.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()) else {
        return HashMap::new();
    };
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(id, object)| {
            Some((id.parse().ok()?, object.get("name")?.as_str()?.to_owned()))
        })
        .collect()
}

/// The collection's creation (seconds since the epoch, the origin of review due days) and its
/// deck names.
fn collection_info(conn: &rusqlite::Connection) -> (i64, HashMap<i64, String>) {
    let created = conn
        .query_row("SELECT crt FROM col", [], |row| row.get(0))
        .unwrap_or(0);
    let table: Option<HashMap<i64, String>> = conn
        .prepare("SELECT id, name FROM decks")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| Ok((row.get(0)?, row.get::<_, String>(1)?)))?
                .collect()
        })
        .ok();
    // Newer collections separate deck name parts with \x1f.
    let names = table.map_or_else(
        || json_names(conn, "decks"),
        |names| {
            names
                .into_iter()
                .map(|(id, name)| (id, name.replace('\u{1f}', "::")))
                .collect()
        },
    );
    (created, names)
}
