-- Schema version 2: classroom drills. Each attempt at a paper, saved as it is answered.

CREATE TABLE drill_attempt (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,    -- globally unique, so an export is counted once
    profile      TEXT NOT NULL REFERENCES profile (name),
    name         TEXT NOT NULL,           -- the student's name
    decks        TEXT NOT NULL,           -- JSON array of deck ids
    seed         INTEGER NOT NULL,
    settings     TEXT NOT NULL,           -- JSON: count, tags, kinds, time, per_question, scoring, record
    paper        TEXT NOT NULL,           -- JSON array of the questions, in the order asked
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    end_reason   TEXT CHECK (end_reason IN ('finished', 'timeout', 'quit')),
    score        INTEGER NOT NULL DEFAULT 0,
    max_score    INTEGER NOT NULL
) STRICT;

CREATE INDEX drill_attempt_name ON drill_attempt (name, started_at);
CREATE INDEX drill_attempt_seed ON drill_attempt (seed, started_at);

CREATE TABLE drill_answer (
    attempt_id   INTEGER NOT NULL REFERENCES drill_attempt (id),
    position     INTEGER NOT NULL,        -- question number, from 0
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    answer       TEXT,
    verdict      TEXT NOT NULL CHECK (verdict IN ('right', 'typo', 'wrong', 'unanswered')),
    points       INTEGER NOT NULL,
    duration_ms  INTEGER,
    answered_at  INTEGER,
    PRIMARY KEY (attempt_id, position)
) STRICT, WITHOUT ROWID;
