-- Schema version 9: the study queue's candidates read from indexes alone. Due reviews are
-- ordered by retrievability (elapsed time over stability), so their due time, last review,
-- stability, position and note are kept in an index of review cards: one range of it per deck,
-- not one row of card_state (one page each) per due card. New cards get their note and due
-- time in theirs, for the same reason (and for a shuffled order, which reads all of them).

CREATE INDEX IF NOT EXISTS card_state_review
    ON card_state (profile, deck_id, due, last_review, stability, position, note_id)
    WHERE state = 'review' AND present = 1;

DROP INDEX IF EXISTS card_state_new;
CREATE INDEX card_state_new ON card_state (profile, deck_id, position, note_id, due)
    WHERE state = 'new' AND present = 1;
