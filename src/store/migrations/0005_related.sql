-- Schema version 5: related cards, kept apart by the study queue. A card reveals another when
-- what it shows states the other's answer (deck::reveals), or the author declared them related;
-- the pairs are worked out when a deck is synced and stored both ways, so that building a
-- queue reads them instead of re-reading the deck.

CREATE TABLE card_link (
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    other_id     TEXT NOT NULL,           -- a card related to card_id (each pair stored both ways)
    PRIMARY KEY (deck_id, card_id, other_id),
    FOREIGN KEY (deck_id, card_id) REFERENCES card (deck_id, card_id),
    FOREIGN KEY (deck_id, other_id) REFERENCES card (deck_id, card_id)
) STRICT, WITHOUT ROWID;

-- Decks synced before this version have no links yet: forget their fingerprints, so each is
-- read and synced again (keeping all progress) the next time it is opened.
UPDATE deck SET content_hash = '', file_size = NULL, file_mtime = NULL;
