-- Schema version 13: less written per card when a deck is first read.
--
-- A card's `content` no longer repeats the fields that have columns (id, note, kind, answer,
-- line): readers take those from the columns, and read contents written before this version
-- (which repeat them) as well (see `store::content`). Nothing to rewrite here; the version
-- keeps an older recall, which would find those fields missing, from reading the new rows.
--
-- New cards left out of `card_state_interval`, as they were left out of `card_state_due`
-- (0012): their count by state is read from `card_state_new`, which has them all, and no
-- query reads a new card's interval. That spares an index entry per card when a deck is first
-- followed. The queries name the index's condition (`state != 'new'`) so that SQLite can use
-- it for a state given as a parameter. Self-contained (IF NOT EXISTS), so it can be
-- renumbered when other migrations land first.

DROP INDEX IF EXISTS card_state_interval;
CREATE INDEX IF NOT EXISTS card_state_interval
    ON card_state (profile, deck_id, present, state, scheduled_days)
    WHERE state != 'new';
