//! Looking after the database (`recall doctor`): its schema version, `SQLite`'s integrity check,
//! and every card's cached state compared with a replay of the review log (the log is the
//! truth); rebuilding the cache from the log repairs any difference.

use anyhow::Result;

use crate::deck::DeckId;
use crate::store::{Catalog, Divergence, Upkeep};

/// What a check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// Where the database is.
    pub location: String,
    pub schema_version: i64,
    /// Card states that differ from the log's replay (none when all is well).
    pub divergences: Vec<Divergence>,
    /// Every deck in the catalog, with how many times its cards were saved from its file (an
    /// unchanged or only touched file is not saved again, however its path is spelt).
    pub decks: Vec<(DeckId, u32)>,
}

/// Checks the database: an error when it is corrupt, else its health.
pub fn check<S: Upkeep + Catalog>(store: &S) -> Result<Health> {
    let schema_version = store.schema_version()?;
    store.integrity_check()?;
    Ok(Health {
        location: store.location(),
        schema_version,
        divergences: store.divergences(None)?,
        decks: store.deck_syncs()?,
    })
}

/// Rebuilds every card's state from the review log; returns how many states were written.
pub fn rebuild<S: Upkeep>(store: &mut S) -> Result<usize> {
    Ok(store.rebuild(None)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{deck, scope, store_with};
    use crate::deck::CardId;
    use crate::scheduler::{CardState, Purpose, Rating, State};
    use crate::store::{Commit, ReviewRecord, Reviews};

    #[test]
    fn a_state_that_forgot_an_answer_is_found_and_rebuilt_from_the_log() {
        let scope = scope("2026-11-30T09:00:00Z");
        let d = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"alpha\"\n",
        );
        let (mut store, _) = store_with(&[&d], &scope);
        let a: CardId = "a".parse().expect("an id");
        assert!(check(&store).expect("check").divergences.is_empty());
        let after = CardState {
            state: State::Review,
            due: Some(scope.now.plus_days(2)),
            last_review: Some(scope.now),
            scheduled_days: 2,
            reps: 1,
            ..CardState::default()
        };
        let review = ReviewRecord {
            profile: "me".into(),
            deck: d.id.clone(),
            card: a.clone(),
            at: scope.now,
            rating: Rating::Good,
            answer: None,
            expected: "alpha".into(),
            verdict: None,
            correct: true,
            duration_ms: None,
            purpose: Purpose::Study,
            before: CardState::default(),
            after: Some(after.clone()),
            elapsed_days: None,
            session: None,
        };
        assert!(matches!(
            store.record(&review).expect("first"),
            Commit::Done(_)
        ));
        // A second answer whose new state forgets the first, as answers scheduled from a stale
        // read used to: the log has two answers, the state remembers one.
        let mut stale = review.clone();
        stale.before = after.clone();
        assert!(matches!(
            store.record(&stale).expect("second"),
            Commit::Done(_)
        ));
        let health = check(&store).expect("check");
        assert_eq!(health.divergences.len(), 1);
        let found = &health.divergences[0];
        assert_eq!(
            (found.card.as_str(), found.stored.reps, found.replayed.reps),
            ("a", 1, 2)
        );
        assert_eq!(rebuild(&mut store).expect("rebuild"), 1);
        assert!(check(&store).expect("check").divergences.is_empty());
        assert_eq!(
            store
                .card_state("me", &d.id, &a)
                .expect("q")
                .map(|s| s.reps),
            Some(2)
        );
    }
}
