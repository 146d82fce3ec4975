-- Schema version 3: what grading needs of a deck, and the `close` verdict.
--
-- A deck's `[deck.aliases]`, kept with the deck (JSON array of {phrase, forms}), so that an
-- unchanged deck is graded with its aliases without re-reading its file. NULL until the deck is
-- next read: the fingerprints are cleared so that every deck is read again once.
ALTER TABLE deck ADD COLUMN aliases TEXT;
UPDATE deck SET content_hash = '', file_size = NULL, file_mtime = NULL;

-- Data derived from a deck's contents by the caller (grading's whole-deck context), kept for the
-- contents it was derived from: a row whose content_hash is no longer the deck's is stale. The
-- format says which program wrote `data`; another one ignores it and writes its own.
CREATE TABLE deck_cache (
    deck_id      TEXT PRIMARY KEY REFERENCES deck (deck_id),
    format       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    data         BLOB NOT NULL
) STRICT;

-- The review log's `verdict` accepts 'close': SQLite cannot alter a CHECK constraint, so the
-- migration code rebuilds the `review` table after this script (same columns, ids, indexes and
-- rows; see `store::migrate_close_verdict`).
