-- Schema version 11: each card's answer when it was last reviewed (`check --history`), read
-- from an index of the log by deck and card in the order the answers were given, which covers
-- the query (whether an answer was undone included): one range of it per deck, rather than the
-- whole log (every profile, every deck) per deck. Self-contained (IF NOT EXISTS), so it can be
-- renumbered when other migrations land first.

CREATE INDEX IF NOT EXISTS review_expected
    ON review (deck_id, card_id, id, expected, undone_at);
