-- Knowing your memory: FSRS parameters fitted to a learner, leeches and suspended cards, and an
-- index for the statistics. Self-contained (IF NOT EXISTS throughout), so it can be renumbered
-- when migrations of other work land before it.

-- FSRS parameters saved by `recall optimize`, kept with the figures that justified them. A set is
-- in use from `saved_at` until `retired_at` (a newer fit, or `recall optimize --reset`), so the
-- set that scheduled any past answer can be told. `deck_id` is '' for a profile-wide set.
CREATE TABLE IF NOT EXISTS fsrs_parameters (
    id           INTEGER PRIMARY KEY,
    profile      TEXT NOT NULL REFERENCES profile (name),
    deck_id      TEXT NOT NULL DEFAULT '',
    weights      TEXT NOT NULL,           -- JSON array of the 21 FSRS-6 parameters
    saved_at     INTEGER NOT NULL,
    retired_at   INTEGER,
    reviews      INTEGER NOT NULL,        -- study answers the fit read
    report       TEXT NOT NULL            -- JSON: log loss and RMSE of the defaults and the fit
) STRICT;

CREATE UNIQUE INDEX IF NOT EXISTS fsrs_parameters_current
    ON fsrs_parameters (profile, deck_id) WHERE retired_at IS NULL;

-- Cards a profile's history marked as leeches (lapsed often), and cards taken out of study.
-- Not derived from the review log: `recall doctor --rebuild` leaves it alone.
CREATE TABLE IF NOT EXISTS card_flag (
    profile      TEXT NOT NULL REFERENCES profile (name),
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    leech_at     INTEGER,                 -- when it became a leech
    lapses       INTEGER NOT NULL DEFAULT 0, -- its lapses then
    suspended_at INTEGER,                 -- when it left the queues; NULL while studied
    PRIMARY KEY (profile, deck_id, card_id),
    FOREIGN KEY (deck_id, card_id) REFERENCES card (deck_id, card_id)
) STRICT, WITHOUT ROWID;

-- Statistics over the log (answers per day, retention over time, answer times) read this index
-- alone, without touching the table.
CREATE INDEX IF NOT EXISTS review_stats
    ON review (profile, deck_id, reviewed_at, scheduled, state_before, rating, duration_ms,
               undone_at)
    WHERE undone_at IS NULL;
