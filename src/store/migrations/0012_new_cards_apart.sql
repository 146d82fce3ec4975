-- Schema version 12: new cards left out of `card_state_due`. Every query of it asks for cards
-- that were studied (learning, relearning or review cards by due time); new cards, most of a
-- large collection's cards and all of one read for the first time, have their own index
-- (`card_state_new`). Leaving them out spares an index entry per card when a deck is first
-- followed. The queries name the index's condition (`state != 'new'`) so that SQLite, which
-- does not work out that `state IN ('learning', 'relearning')` implies it, can use it.
-- Self-contained (IF NOT EXISTS), so it can be renumbered when other migrations land first.

DROP INDEX IF EXISTS card_state_due;
CREATE INDEX IF NOT EXISTS card_state_due ON card_state (profile, deck_id, present, state, due)
    WHERE state != 'new';
