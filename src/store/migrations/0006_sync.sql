-- Schema version 6: a deck file known by its canonical path however it is spelt, and syncs that
-- write only the cards that changed.

-- The deck file's canonical path (symbolic links resolved), so that `decks`, `./decks`,
-- `decks/` and the absolute path are one file; `<bundled>/name` for a bundled deck. NULL until
-- the deck is next synced: it is then looked up by `origin`, as before.
ALTER TABLE deck ADD COLUMN file_key TEXT;
CREATE INDEX deck_file_key ON deck (file_key);
-- How many times the deck's cards were written from its file (a changed file; never an
-- unchanged or only touched one). `recall doctor --json` shows it.
ALTER TABLE deck ADD COLUMN syncs INTEGER NOT NULL DEFAULT 0;

-- A hash of what is stored of the card besides its id and place (content, note, kind, answer):
-- a sync writes a card only when it differs, and only moves a card whose place alone changed.
-- The card's line in its file (also in `content`), so that its place is compared without
-- reading the content. Both NULL until the next sync writes the card.
ALTER TABLE card ADD COLUMN content_hash INTEGER;
ALTER TABLE card ADD COLUMN line INTEGER;
