//! Today's raised daily limits (`recall study --extra-new N`, `--extra-reviews N`) and the
//! cards of a deck with a tag (`recall study --tag T`). The store keeps the numbers it is given;
//! what they mean for a queue is `app::queue`'s business.

use std::collections::HashSet;

use rusqlite::{OptionalExtension as _, params};

use super::api::ExtraLimits;
use super::queries::to_u32;
use super::{Result, Store};
use crate::deck::{CardId, DeckId};
use crate::time::StudyDay;

impl Store {
    pub(super) fn read_extra_limits(
        &self,
        profile: &str,
        deck: &DeckId,
        day: StudyDay,
    ) -> Result<ExtraLimits> {
        self.conn
            .prepare_cached(
                "SELECT new, reviews FROM extra_limit
                 WHERE profile = ?1 AND deck_id = ?2 AND day_start = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![profile, deck, day.start], |row| {
                    Ok(ExtraLimits {
                        new: to_u32(row.get(0)?),
                        reviews: to_u32(row.get(1)?),
                    })
                })
                .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    pub(super) fn write_extra_limits(
        &mut self,
        profile: &str,
        deck: &DeckId,
        day: StudyDay,
        more: ExtraLimits,
    ) -> Result<ExtraLimits> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| super::classify(e, &path))?;
        let raised = (|| {
            tx.execute(
                "DELETE FROM extra_limit WHERE profile = ?1 AND day_start < ?2",
                params![profile, day.start],
            )?;
            tx.execute(
                "INSERT INTO profile (name, created_at) VALUES (?1, ?2)
                 ON CONFLICT (name) DO NOTHING",
                params![profile, day.start],
            )?;
            tx.query_row(
                "INSERT INTO extra_limit (profile, deck_id, day_start, new, reviews)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (profile, deck_id, day_start) DO UPDATE SET
                     new = min(new + excluded.new, 4294967295),
                     reviews = min(reviews + excluded.reviews, 4294967295)
                 RETURNING new, reviews",
                params![profile, deck, day.start, more.new, more.reviews],
                |row| {
                    Ok(ExtraLimits {
                        new: to_u32(row.get(0)?),
                        reviews: to_u32(row.get(1)?),
                    })
                },
            )
        })()
        .map_err(|e| super::classify(e, &path))?;
        tx.commit().map_err(|e| super::classify(e, &path))?;
        Ok(raised)
    }

    pub(super) fn read_tagged_cards(
        &self,
        deck: &DeckId,
        tags: &[String],
    ) -> Result<HashSet<CardId>> {
        let tags = serde_json::Value::from(tags.to_vec()).to_string();
        self.conn
            .prepare_cached(
                "SELECT c.card_id FROM card c
                 WHERE c.deck_id = ?1 AND c.present = 1 AND EXISTS (
                     SELECT 1 FROM json_each(c.content, '$.tags') AS t
                     WHERE t.value IN (SELECT value FROM json_each(?2)))",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![deck, tags], |row| row.get::<_, CardId>(0))?
                    .collect()
            })
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::sync::save_parsed;
    use crate::deck::{Origin, load_str};
    use crate::store::Queues as _;
    use crate::time::Timestamp;

    fn day(at: &str) -> StudyDay {
        let at: Timestamp = at.parse().expect("time");
        StudyDay::containing(at, &jiff::tz::TimeZone::UTC)
    }

    #[test]
    fn raises_add_up_within_a_day_and_are_forgotten_the_next() {
        let dir = tempfile::TempDir::new().expect("dir");
        let mut store = Store::open(dir.path()).expect("store");
        let deck = load_str(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"a\"\ntags = [\"x\", \"y\"]\n[[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"b\"\ntags = [\"y\"]\n[[card]]\nid = \"c\"\nquestion = \"C?\"\nanswer = \"c\"\n",
            Origin::File("d.toml".into()),
        )
        .deck
        .expect("deck");
        save_parsed(
            &mut store,
            &deck,
            "d.toml",
            "2026-11-30T09:00:00Z".parse().expect("t"),
        )
        .expect("sync");
        let today = day("2026-11-30T10:00:00Z");
        let tomorrow = day("2026-12-01T10:00:00Z");
        assert_eq!(
            store.extra_limits("p", &deck.id, today).expect("read"),
            ExtraLimits::default()
        );
        let more = |new, reviews| ExtraLimits { new, reviews };
        assert_eq!(
            store
                .raise_limits("p", &deck.id, today, more(10, 0))
                .expect("raise"),
            more(10, 0)
        );
        assert_eq!(
            store
                .raise_limits("p", &deck.id, today, more(5, 7))
                .expect("raise"),
            more(15, 7)
        );
        assert_eq!(
            store.extra_limits("p", &deck.id, today).expect("read"),
            more(15, 7)
        );
        assert_eq!(
            store.extra_limits("other", &deck.id, today).expect("read"),
            ExtraLimits::default(),
            "per profile"
        );
        assert_eq!(
            store.extra_limits("p", &deck.id, tomorrow).expect("read"),
            ExtraLimits::default(),
            "only for the day"
        );
        assert_eq!(
            store
                .raise_limits("p", &deck.id, tomorrow, more(u32::MAX, 1))
                .expect("raise"),
            more(u32::MAX, 1)
        );
        assert_eq!(
            store
                .raise_limits("p", &deck.id, tomorrow, more(1, 0))
                .expect("raise"),
            more(u32::MAX, 1),
            "saturates"
        );

        let ids = |tags: &[&str]| -> Vec<String> {
            let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
            let mut ids: Vec<String> = store
                .tagged_cards(&deck.id, &tags)
                .expect("tagged")
                .into_iter()
                .map(|id| id.to_string())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&["y"]), ["a", "b"]);
        assert_eq!(ids(&["x"]), ["a"]);
        assert_eq!(ids(&["x", "y"]), ["a", "b"]);
        assert!(ids(&["z"]).is_empty());
    }
}
