//! Seeded shuffling: the same seed gives the same order on every machine, so a drill paper or a
//! choice card's options are the same for every student given the same seed. A leaf: it knows
//! nothing of decks, sessions or drills.

use rand::Rng as _;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// Puts `items` in an order fixed by `seed`: the same seed gives the same order on every machine
/// (xoshiro256++ from `rand`, and our own Fisher–Yates so the order never depends on how a
/// `rand` version samples ranges).
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
        // Multiply-shift maps 64 random bits onto 0..=i with negligible bias.
        let j =
            usize::try_from((u128::from(rng.next_u64()) * u128::from(bound)) >> 64).unwrap_or(0);
        items.swap(i, j);
    }
}

/// A copy of `items` in the order [`shuffle`] gives them.
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    shuffle(&mut out, seed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED: [i32; 5] = [1, 4, 3, 2, 5];

    #[test]
    fn shuffle_is_a_stable_permutation() {
        let items: Vec<u32> = (0..20).collect();
        let a = shuffled(&items, 7);
        assert_eq!(a, shuffled(&items, 7));
        assert_ne!(a, shuffled(&items, 8));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, items);
        // Pinned: a change here would change every seeded drill paper.
        assert_eq!(shuffled(&[1, 2, 3, 4, 5], 42), PINNED);
    }
}
