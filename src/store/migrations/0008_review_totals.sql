-- Card counts by state and interval (stats, the interval chart) read this index alone: a few
-- bytes a card rather than each card's whole row.
CREATE INDEX IF NOT EXISTS card_state_interval
    ON card_state (profile, deck_id, present, state, scheduled_days);

-- The learner's usual time per card (right answers only), now with the columns of its condition
-- so that reading it touches no row of the log (a study queue reads it for every card).
DROP INDEX IF EXISTS review_timing;
CREATE INDEX IF NOT EXISTS review_timing
    ON review (profile, deck_id, card_id, reviewed_at, duration_ms, correct, undone_at)
    WHERE correct = 1 AND undone_at IS NULL AND duration_ms IS NOT NULL;

-- Answers summed per deck and quarter hour, kept by triggers as answers are recorded, undone or
-- moved, so that statistics over a year of answers read a few thousand rows instead of a
-- million. A quarter hour (900,000 ms from the Unix epoch) divides every study day of every
-- time zone in use (all offsets are whole quarter hours); a day that it does not divide is
-- counted from the review log itself. Self-contained (IF NOT EXISTS throughout), so it can be
-- renumbered when migrations of other work land before it.

CREATE TABLE IF NOT EXISTS review_slot (
    profile      TEXT NOT NULL,
    deck_id      TEXT NOT NULL,
    slot         INTEGER NOT NULL,        -- floor(reviewed_at / 900000)
    answers      INTEGER NOT NULL,        -- answers that stand (not undone)
    scheduled    INTEGER NOT NULL,        -- of which changed the schedule
    passed       INTEGER NOT NULL,        -- scheduled, card in review, not Again
    failed       INTEGER NOT NULL,        -- scheduled, card in review, Again
    timed        INTEGER NOT NULL,        -- with a duration
    time_ms      INTEGER NOT NULL,        -- their total duration
    PRIMARY KEY (profile, deck_id, slot)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS review_slot_insert AFTER INSERT ON review
WHEN NEW.undone_at IS NULL
BEGIN
    INSERT INTO review_slot (profile, deck_id, slot, answers, scheduled, passed, failed, timed,
                             time_ms)
    VALUES (NEW.profile, NEW.deck_id,
            (NEW.reviewed_at - ((NEW.reviewed_at % 900000) + 900000) % 900000) / 900000,
            1, NEW.scheduled,
            NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating != 'again',
            NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating = 'again',
            NEW.duration_ms IS NOT NULL, coalesce(NEW.duration_ms, 0))
    ON CONFLICT (profile, deck_id, slot) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

-- Any change to an answer (undone, brought back, moved to another card or deck): its old
-- contribution is taken out and its new one put in.
CREATE TRIGGER IF NOT EXISTS review_slot_update AFTER UPDATE ON review
BEGIN
    UPDATE review_slot SET
        answers = answers - 1,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating != 'again'),
        failed = failed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating = 'again'),
        timed = timed - (OLD.duration_ms IS NOT NULL),
        time_ms = time_ms - coalesce(OLD.duration_ms, 0)
    WHERE OLD.undone_at IS NULL AND profile = OLD.profile AND deck_id = OLD.deck_id
      AND slot = (OLD.reviewed_at - ((OLD.reviewed_at % 900000) + 900000) % 900000) / 900000;
    INSERT INTO review_slot (profile, deck_id, slot, answers, scheduled, passed, failed, timed,
                             time_ms)
    SELECT NEW.profile, NEW.deck_id,
           (NEW.reviewed_at - ((NEW.reviewed_at % 900000) + 900000) % 900000) / 900000,
           1, NEW.scheduled,
           NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating != 'again',
           NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating = 'again',
           NEW.duration_ms IS NOT NULL, coalesce(NEW.duration_ms, 0)
    WHERE NEW.undone_at IS NULL
    ON CONFLICT (profile, deck_id, slot) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

CREATE TRIGGER IF NOT EXISTS review_slot_delete AFTER DELETE ON review
WHEN OLD.undone_at IS NULL
BEGIN
    UPDATE review_slot SET
        answers = answers - 1,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating != 'again'),
        failed = failed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating = 'again'),
        timed = timed - (OLD.duration_ms IS NOT NULL),
        time_ms = time_ms - coalesce(OLD.duration_ms, 0)
    WHERE profile = OLD.profile AND deck_id = OLD.deck_id
      AND slot = (OLD.reviewed_at - ((OLD.reviewed_at % 900000) + 900000) % 900000) / 900000;
END;

-- The answers recorded before this version.
INSERT INTO review_slot (profile, deck_id, slot, answers, scheduled, passed, failed, timed,
                         time_ms)
SELECT profile, deck_id, (reviewed_at - ((reviewed_at % 900000) + 900000) % 900000) / 900000,
       count(*), sum(scheduled),
       sum(scheduled AND state_before = 'review' AND rating != 'again'),
       sum(scheduled AND state_before = 'review' AND rating = 'again'),
       count(duration_ms), coalesce(sum(duration_ms), 0)
FROM review WHERE undone_at IS NULL
GROUP BY 1, 2, 3
ON CONFLICT (profile, deck_id, slot) DO NOTHING;
