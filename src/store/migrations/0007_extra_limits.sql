-- Today's daily limits raised by `recall study --extra-new N` / `--extra-reviews N` (Anki's
-- "increase today's limit"): per profile, deck and study day (the day's start). A row only
-- counts on its own day; older rows are deleted when a new one is written.
CREATE TABLE IF NOT EXISTS extra_limit (
    profile      TEXT NOT NULL REFERENCES profile (name),
    deck_id      TEXT NOT NULL REFERENCES deck (deck_id),
    day_start    INTEGER NOT NULL,
    new          INTEGER NOT NULL DEFAULT 0 CHECK (new >= 0),
    reviews      INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0),
    PRIMARY KEY (profile, deck_id, day_start)
) STRICT, WITHOUT ROWID;
