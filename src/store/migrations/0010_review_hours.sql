-- Answers summed per deck and hour: `review_slot`'s quarter hours four at a time, kept by
-- triggers on `review` as `review_slot` is, so that it always equals `review_slot` summed by
-- hour. A study day of a zone whose offset is whole hours is whole hours, and the statistics
-- of a year read a dozen rows of it a day rather than four dozen quarter hours; the quarter
-- hours at the ends of other days still come from `review_slot`.
-- Self-contained (IF NOT EXISTS throughout), so it can be renumbered when migrations of other
-- work land before it.

CREATE TABLE IF NOT EXISTS review_hour (
    profile      TEXT NOT NULL,
    deck_id      TEXT NOT NULL,
    hour         INTEGER NOT NULL,        -- floor(slot / 4) = floor(reviewed_at / 3600000)
    answers      INTEGER NOT NULL,        -- the columns of review_slot, summed
    scheduled    INTEGER NOT NULL,
    passed       INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    timed        INTEGER NOT NULL,
    time_ms      INTEGER NOT NULL,
    PRIMARY KEY (profile, deck_id, hour)
) STRICT, WITHOUT ROWID;

-- The triggers are those of `review_slot` (see 0008_review_totals.sql) with hours for quarter
-- hours, on `review` itself: one more statement per answer recorded, rather than two more for
-- each change of a quarter hour's row.
CREATE TRIGGER IF NOT EXISTS review_hour_insert AFTER INSERT ON review
WHEN NEW.undone_at IS NULL
BEGIN
    INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                             time_ms)
    VALUES (NEW.profile, NEW.deck_id,
            (NEW.reviewed_at - ((NEW.reviewed_at % 3600000) + 3600000) % 3600000) / 3600000,
            1, NEW.scheduled,
            NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating != 'again',
            NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating = 'again',
            NEW.duration_ms IS NOT NULL, coalesce(NEW.duration_ms, 0))
    ON CONFLICT (profile, deck_id, hour) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

CREATE TRIGGER IF NOT EXISTS review_hour_update AFTER UPDATE ON review
BEGIN
    UPDATE review_hour SET
        answers = answers - 1,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating != 'again'),
        failed = failed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating = 'again'),
        timed = timed - (OLD.duration_ms IS NOT NULL),
        time_ms = time_ms - coalesce(OLD.duration_ms, 0)
    WHERE OLD.undone_at IS NULL AND profile = OLD.profile AND deck_id = OLD.deck_id
      AND hour = (OLD.reviewed_at - ((OLD.reviewed_at % 3600000) + 3600000) % 3600000) / 3600000;
    INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                             time_ms)
    SELECT NEW.profile, NEW.deck_id,
           (NEW.reviewed_at - ((NEW.reviewed_at % 3600000) + 3600000) % 3600000) / 3600000,
           1, NEW.scheduled,
           NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating != 'again',
           NEW.scheduled AND NEW.state_before = 'review' AND NEW.rating = 'again',
           NEW.duration_ms IS NOT NULL, coalesce(NEW.duration_ms, 0)
    WHERE NEW.undone_at IS NULL
    ON CONFLICT (profile, deck_id, hour) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

CREATE TRIGGER IF NOT EXISTS review_hour_delete AFTER DELETE ON review
WHEN OLD.undone_at IS NULL
BEGIN
    UPDATE review_hour SET
        answers = answers - 1,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating != 'again'),
        failed = failed - (OLD.scheduled AND OLD.state_before = 'review' AND OLD.rating = 'again'),
        timed = timed - (OLD.duration_ms IS NOT NULL),
        time_ms = time_ms - coalesce(OLD.duration_ms, 0)
    WHERE profile = OLD.profile AND deck_id = OLD.deck_id
      AND hour = (OLD.reviewed_at - ((OLD.reviewed_at % 3600000) + 3600000) % 3600000) / 3600000;
END;

-- The quarter hours kept before this version.
INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                         time_ms)
SELECT profile, deck_id, (slot - ((slot % 4) + 4) % 4) / 4,
       sum(answers), sum(scheduled), sum(passed), sum(failed), sum(timed), sum(time_ms)
FROM review_slot
GROUP BY 1, 2, 3
ON CONFLICT (profile, deck_id, hour) DO NOTHING;
