//! Leeches: cards forgotten again and again. A card whose lapses reach the deck's
//! `leech_lapses` (8 by default), and every half of it after, is marked a leech, and taken out of
//! study when the deck's `leech_action` is `suspend` (the default). `recall leeches` lists them
//! with the wrong replies the learner typed most often; `recall unsuspend` brings one back.

use anyhow::Result;
use serde::Serialize;

use super::Scope;
use crate::deck::{CardId, DeckId, LeechAction, Schedule};
use crate::memory::is_leech_lapse;
use crate::scheduler::CardState;
use crate::session::Notice;
use crate::store::{Catalog, DeckRecord, Flag, Leeches};
use crate::text::normalize;
use crate::time::Timestamp;

/// A card that has just become a leech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLeech {
    pub deck: DeckId,
    pub card: CardId,
    pub lapses: u32,
    /// Taken out of study (else only marked).
    pub suspended: bool,
    /// The card's flag before, to put back if the answer is undone.
    pub previous: Option<Flag>,
}

/// Whether the card is suspended (a leech taken out of study): asked before a headless answer,
/// which is recorded all the same.
pub fn is_suspended<S: Leeches>(
    store: &S,
    profile: &str,
    (deck, card): (&DeckId, &CardId),
) -> Result<bool> {
    Ok(store
        .flag(profile, deck, card)?
        .is_some_and(|flag| flag.suspended_at.is_some()))
}

/// The notice for a card the answer at `at` has just made a leech, if it did.
pub fn made_at<S: Leeches>(
    store: &S,
    profile: &str,
    (deck, card): (&DeckId, &CardId),
    at: Timestamp,
) -> Result<Option<Notice>> {
    let flag = store.flag(profile, deck, card)?;
    Ok(flag
        .filter(|f| f.leech_at == Some(at))
        .map(|flag| Notice::Leech {
            deck: deck.clone(),
            card: card.clone(),
            lapses: flag.lapses,
            suspended: flag.suspended_at.is_some(),
        }))
}

/// After an answer that changed `before` into `after`: marks the card a leech (and suspends it,
/// as the deck's `schedule` says) when this lapse makes it one.
pub fn after_answer<S: Leeches>(
    store: &mut S,
    profile: &str,
    (deck, card): (&DeckId, &CardId),
    schedule: &Schedule,
    (before, after): (&CardState, &CardState),
    at: Timestamp,
) -> Result<Option<NewLeech>> {
    if after.lapses <= before.lapses || !is_leech_lapse(after.lapses, schedule.leech_lapses) {
        return Ok(None);
    }
    let previous = store.flag(profile, deck, card)?;
    let suspend = schedule.leech_action == LeechAction::Suspend;
    let flag = Flag {
        leech_at: Some(at),
        lapses: after.lapses,
        suspended_at: previous
            .and_then(|f| f.suspended_at)
            .or(suspend.then_some(at)),
    };
    store.set_flag(profile, deck, card, Some(&flag), at)?;
    Ok(Some(NewLeech {
        deck: deck.clone(),
        card: card.clone(),
        lapses: after.lapses,
        suspended: flag.suspended_at.is_some(),
        previous,
    }))
}

/// Takes back what [`after_answer`] did, when its answer is undone.
pub fn undo<S: Leeches>(
    store: &mut S,
    profile: &str,
    leech: &NewLeech,
    now: Timestamp,
) -> Result<()> {
    store.set_flag(
        profile,
        &leech.deck,
        &leech.card,
        leech.previous.as_ref(),
        now,
    )?;
    Ok(())
}

/// Brings a suspended card back into study; false when it was not suspended.
pub fn unsuspend<S: Leeches>(
    store: &mut S,
    scope: &Scope,
    deck: &DeckId,
    card: &CardId,
) -> Result<bool> {
    let Some(flag) = store.flag(&scope.profile, deck, card)? else {
        return Ok(false);
    };
    if flag.suspended_at.is_none() {
        return Ok(false);
    }
    let kept = Flag {
        suspended_at: None,
        ..flag
    };
    store.set_flag(&scope.profile, deck, card, Some(&kept), scope.now)?;
    Ok(true)
}

/// A leech as `recall leeches` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeechRow {
    pub deck: String,
    pub card: String,
    pub question: String,
    pub answer: String,
    pub lapses: u32,
    pub leech_at: Option<Timestamp>,
    pub suspended: bool,
    /// The wrong replies given most often (the same reply however it was cased or spaced),
    /// with how often.
    pub wrong_replies: Vec<(String, u32)>,
}

/// How many different wrong replies a leech shows.
const WRONG_REPLIES: usize = 3;

/// The leeches of `decks`: cards marked leeches, suspended, or with the deck's leech lapses or
/// more, most lapses first.
pub fn list<S: Leeches + Catalog>(
    store: &S,
    scope: &Scope,
    decks: &[DeckRecord],
) -> Result<Vec<LeechRow>> {
    let mut rows = Vec::new();
    for deck in decks {
        for flagged in store.flagged(&scope.profile, &deck.id, deck.schedule.leech_lapses)? {
            let card = store.card(&deck.id, &flagged.card)?;
            let replies = store.wrong_replies(&scope.profile, &deck.id, &flagged.card, 50)?;
            rows.push(LeechRow {
                deck: deck.id.to_string(),
                card: flagged.card.to_string(),
                question: card
                    .as_ref()
                    .map(|c| c.card.question.clone())
                    .unwrap_or_default(),
                answer: card.map(|c| c.card.answer).unwrap_or_default(),
                lapses: flagged.lapses,
                leech_at: flagged.leech_at,
                suspended: flagged.suspended_at.is_some(),
                wrong_replies: most_common(replies),
            });
        }
    }
    rows.sort_by(|a, b| {
        b.lapses
            .cmp(&a.lapses)
            .then(a.deck.cmp(&b.deck))
            .then(a.card.cmp(&b.card))
    });
    Ok(rows)
}

/// Replies counted together when they differ only in case, accents, spacing or punctuation,
/// shown as typed most often; the most frequent first.
fn most_common(replies: Vec<(String, u32)>) -> Vec<(String, u32)> {
    let mut groups: Vec<(String, String, u32, u32)> = Vec::new();
    for (reply, times) in replies {
        let key = normalize(&reply);
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, shown, total, best)) => {
                *total += times;
                if times > *best {
                    *shown = reply;
                    *best = times;
                }
            }
            None => groups.push((key, reply, times, times)),
        }
    }
    groups.sort_by_key(|group| std::cmp::Reverse(group.2));
    groups
        .into_iter()
        .take(WRONG_REPLIES)
        .map(|(_, shown, total, _)| (shown, total))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_replies_group_by_their_normal_form() {
        let replies = vec![
            ("Lahore".to_owned(), 3),
            ("karachi".to_owned(), 2),
            ("lahore ".to_owned(), 1),
            ("Karachi!".to_owned(), 2),
            ("Quetta".to_owned(), 1),
            ("Multan".to_owned(), 1),
        ];
        assert_eq!(
            most_common(replies),
            [
                ("Lahore".to_owned(), 4),
                ("karachi".to_owned(), 4),
                ("Quetta".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn a_headless_answer_reads_the_flag_it_finds_and_the_leech_it_made() {
        use crate::app::testing::{at, deck, scope, store_with};
        let scope = scope("2026-11-30T09:00:00Z");
        let deck = deck(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[card]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"A\"\n",
        );
        let earlier = at("2026-11-29T09:00:00Z");
        let cases = [
            // flag, suspended, a leech made now
            (None, false, None),
            (Some((Some(scope.now), None)), false, Some(false)),
            (Some((Some(scope.now), Some(scope.now))), true, Some(true)),
            (Some((Some(earlier), Some(earlier))), true, None),
            (Some((None, Some(earlier))), true, None),
        ];
        let card: CardId = "a".parse().expect("an id");
        for (flag, suspended, made) in cases {
            let (mut store, _) = store_with(&[&deck], &scope);
            let key = (&deck.id, &card);
            if let Some((leech_at, suspended_at)) = flag {
                let flag = Flag {
                    leech_at,
                    lapses: 8,
                    suspended_at,
                };
                store
                    .set_flag("me", key.0, key.1, Some(&flag), scope.now)
                    .expect("flag");
            }
            assert_eq!(
                is_suspended(&store, "me", key).expect("q"),
                suspended,
                "{flag:?}"
            );
            let notice = made_at(&store, "me", key, scope.now).expect("q");
            let expected = made.map(|suspended| Notice::Leech {
                deck: deck.id.clone(),
                card: card.clone(),
                lapses: 8,
                suspended,
            });
            assert_eq!(notice, expected, "{flag:?}");
        }
    }
}
