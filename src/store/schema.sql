-- recall's database, schema version 1. Later versions are in migrations/, applied in order by
-- PRAGMA user_version. Times are milliseconds since the Unix epoch (UTC). Documented in
-- README.md ("The database").

-- The decks recall has seen, with what is needed to study them without re-reading the file
-- while it is unchanged.
CREATE TABLE deck (
    deck_id      TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    origin       TEXT NOT NULL,           -- the file's path, or <bundled>/name
    content_hash TEXT NOT NULL,           -- hash of the file's bytes when last read
    file_size    INTEGER,
    file_mtime   INTEGER,                 -- nanoseconds, to notice edits without reading
    schedule     TEXT NOT NULL,           -- [deck.schedule] as JSON
    flip         INTEGER NOT NULL DEFAULT 0,
    synced_at    INTEGER NOT NULL
) STRICT;

-- Every card of every deck, as last read. A card removed from its deck stays here with
-- present = 0 so that its history keeps its meaning.
CREATE TABLE card (
    deck_id      TEXT NOT NULL REFERENCES deck (deck_id),
    card_id      TEXT NOT NULL,
    note_id      TEXT NOT NULL,           -- the [[card]] it comes from; cloze siblings share it
    position     INTEGER NOT NULL,        -- order in the deck file
    kind         TEXT NOT NULL,
    content      TEXT NOT NULL,           -- the card as JSON (question, answer, explain, ...)
    answer       TEXT NOT NULL,
    present      INTEGER NOT NULL DEFAULT 1,
    answer_changed_at INTEGER,            -- when the answer last changed under this id
    PRIMARY KEY (deck_id, card_id)
) STRICT, WITHOUT ROWID;

-- Cards by kind, for deck listings.
CREATE INDEX card_kind ON card (deck_id, present, kind, note_id);

-- Normalized answers and accepted forms, so grading can tell a typo from another card's answer.
CREATE TABLE answer_form (
    deck_id      TEXT NOT NULL,
    form         TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    PRIMARY KEY (deck_id, form, card_id),
    FOREIGN KEY (deck_id, card_id) REFERENCES card (deck_id, card_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile (
    name         TEXT PRIMARY KEY,
    created_at   INTEGER NOT NULL
) STRICT;

-- The scheduling state of each card for each profile: a cache of the review log, rebuilt from it
-- by `recall doctor --rebuild`. A row exists for every card of every deck the profile studied;
-- new cards have state 'new' and no memory.
CREATE TABLE card_state (
    profile        TEXT NOT NULL REFERENCES profile (name),
    deck_id        TEXT NOT NULL,
    card_id        TEXT NOT NULL,
    note_id        TEXT NOT NULL,
    position       INTEGER NOT NULL,
    present        INTEGER NOT NULL DEFAULT 1,
    state          TEXT NOT NULL CHECK (state IN ('new', 'learning', 'review', 'relearning')),
    step           INTEGER NOT NULL DEFAULT 0,
    stability      REAL,
    difficulty     REAL,
    due            INTEGER,
    last_review    INTEGER,
    scheduled_days INTEGER NOT NULL DEFAULT 0,
    reps           INTEGER NOT NULL DEFAULT 0,
    lapses         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (profile, deck_id, card_id),
    FOREIGN KEY (deck_id, card_id) REFERENCES card (deck_id, card_id)
) STRICT, WITHOUT ROWID;

-- Due cards: learning and review cards by due time.
CREATE INDEX card_state_due ON card_state (profile, deck_id, present, state, due);
-- New cards in the order written.
CREATE INDEX card_state_new ON card_state (profile, deck_id, position)
    WHERE state = 'new' AND present = 1;

-- Which profiles study which decks, and the deck content their card_state rows reflect.
CREATE TABLE profile_deck (
    profile      TEXT NOT NULL REFERENCES profile (name),
    deck_id      TEXT NOT NULL REFERENCES deck (deck_id),
    content_hash TEXT NOT NULL,
    PRIMARY KEY (profile, deck_id)
) STRICT, WITHOUT ROWID;

-- Study, practice and drill runs; reviews point to the run they belong to.
CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    profile      TEXT NOT NULL REFERENCES profile (name),
    mode         TEXT NOT NULL CHECK (mode IN ('study', 'practice', 'drill')),
    started_at   INTEGER NOT NULL
) STRICT;

-- The review log: one row per answer, appended and never rewritten, except that `:undo` marks a
-- row undone. `scheduled` = 1 when the answer changed the card's schedule (study, recorded
-- drills); practice and unrecorded drills are logged with 0. The state after the answer is stored
-- in full so that card_state can be rebuilt from the log alone.
CREATE TABLE review (
    id             INTEGER PRIMARY KEY,
    profile        TEXT NOT NULL REFERENCES profile (name),
    deck_id        TEXT NOT NULL,
    card_id        TEXT NOT NULL,
    reviewed_at    INTEGER NOT NULL,
    rating         TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
    answer         TEXT,                  -- what was typed; NULL when self-graded
    expected       TEXT NOT NULL,         -- the card's answer at the time
    verdict        TEXT CHECK (verdict IN ('right', 'typo', 'wrong')),
    correct        INTEGER NOT NULL CHECK (correct IN (0, 1)),
    duration_ms    INTEGER,
    mode           TEXT NOT NULL CHECK (mode IN ('study', 'practice', 'drill')),
    scheduled      INTEGER NOT NULL CHECK (scheduled IN (0, 1)),
    state_before   TEXT NOT NULL CHECK (state_before IN ('new', 'learning', 'review', 'relearning')),
    state_after    TEXT NOT NULL CHECK (state_after IN ('new', 'learning', 'review', 'relearning')),
    step_after     INTEGER NOT NULL,
    stability      REAL,
    difficulty     REAL,
    due            INTEGER,
    scheduled_days INTEGER NOT NULL,
    elapsed_days   INTEGER,
    session_id     INTEGER REFERENCES session (id),
    undone_at      INTEGER,
    FOREIGN KEY (deck_id, card_id) REFERENCES card (deck_id, card_id)
) STRICT;

CREATE INDEX review_card ON review (profile, deck_id, card_id, reviewed_at);
CREATE INDEX review_day ON review (profile, deck_id, reviewed_at);
-- The learner's usual time per card (right answers only), read without touching the table.
CREATE INDEX review_timing ON review (profile, deck_id, card_id, reviewed_at, duration_ms)
    WHERE correct = 1 AND undone_at IS NULL AND duration_ms IS NOT NULL;
-- Practice sessions, for the best practice score.
CREATE INDEX review_practice ON review (profile, deck_id, session_id) WHERE mode = 'practice';
