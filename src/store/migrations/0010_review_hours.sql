-- Answers summed per deck and hour: `review_slot`'s quarter hours four at a time, kept by
-- triggers on `review_slot` itself (which triggers on `review` keep), so that it always equals
-- `review_slot` summed by hour. A study day of a zone whose offset is whole hours is whole hours,
-- and the statistics of a year read a dozen rows of it a day rather than four dozen quarter
-- hours; the quarter hours at the ends of other days still come from `review_slot`.
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

CREATE TRIGGER IF NOT EXISTS review_hour_insert AFTER INSERT ON review_slot
BEGIN
    INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                             time_ms)
    VALUES (NEW.profile, NEW.deck_id, (NEW.slot - ((NEW.slot % 4) + 4) % 4) / 4,
            NEW.answers, NEW.scheduled, NEW.passed, NEW.failed, NEW.timed, NEW.time_ms)
    ON CONFLICT (profile, deck_id, hour) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

-- A quarter hour's sums changed (an answer recorded, undone, brought back or moved): its old
-- sums are taken out of their hour and its new ones put in.
CREATE TRIGGER IF NOT EXISTS review_hour_update AFTER UPDATE ON review_slot
BEGIN
    UPDATE review_hour SET
        answers = answers - OLD.answers,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - OLD.passed,
        failed = failed - OLD.failed,
        timed = timed - OLD.timed,
        time_ms = time_ms - OLD.time_ms
    WHERE profile = OLD.profile AND deck_id = OLD.deck_id
      AND hour = (OLD.slot - ((OLD.slot % 4) + 4) % 4) / 4;
    INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                             time_ms)
    VALUES (NEW.profile, NEW.deck_id, (NEW.slot - ((NEW.slot % 4) + 4) % 4) / 4,
            NEW.answers, NEW.scheduled, NEW.passed, NEW.failed, NEW.timed, NEW.time_ms)
    ON CONFLICT (profile, deck_id, hour) DO UPDATE SET
        answers = answers + excluded.answers,
        scheduled = scheduled + excluded.scheduled,
        passed = passed + excluded.passed,
        failed = failed + excluded.failed,
        timed = timed + excluded.timed,
        time_ms = time_ms + excluded.time_ms;
END;

CREATE TRIGGER IF NOT EXISTS review_hour_delete AFTER DELETE ON review_slot
BEGIN
    UPDATE review_hour SET
        answers = answers - OLD.answers,
        scheduled = scheduled - OLD.scheduled,
        passed = passed - OLD.passed,
        failed = failed - OLD.failed,
        timed = timed - OLD.timed,
        time_ms = time_ms - OLD.time_ms
    WHERE profile = OLD.profile AND deck_id = OLD.deck_id
      AND hour = (OLD.slot - ((OLD.slot % 4) + 4) % 4) / 4;
END;

-- The quarter hours kept before this version.
INSERT INTO review_hour (profile, deck_id, hour, answers, scheduled, passed, failed, timed,
                         time_ms)
SELECT profile, deck_id, (slot - ((slot % 4) + 4) % 4) / 4,
       sum(answers), sum(scheduled), sum(passed), sum(failed), sum(timed), sum(time_ms)
FROM review_slot
GROUP BY 1, 2, 3
ON CONFLICT (profile, deck_id, hour) DO NOTHING;
