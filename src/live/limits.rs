//! Rate limits for the live server, pure with time passed in: how fast one connection may send
//! messages, and how many wrong PINs one address may try.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use crate::time::Timestamp;

/// Messages one connection may send in a burst.
pub const MESSAGE_BURST: u32 = 20;
/// Messages one connection may send per second, sustained.
pub const MESSAGES_PER_SECOND: u32 = 5;
/// Wrong PINs one address may try per [`PIN_WINDOW`].
pub const PIN_TRIES: u32 = 10;
/// The window wrong PINs are counted in.
pub const PIN_WINDOW: Duration = Duration::from_mins(1);

/// A token bucket: `burst` messages at once, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct Bucket {
    burst: u32,
    per_second: u32,
    /// Tokens in thousandths, so a refill of a fraction of a message is not lost.
    milli_tokens: u64,
    last: Timestamp,
}

impl Bucket {
    pub fn new(burst: u32, per_second: u32, now: Timestamp) -> Bucket {
        Bucket {
            burst,
            per_second,
            milli_tokens: u64::from(burst) * 1000,
            last: now,
        }
    }

    /// The limits of one player's connection.
    pub fn for_messages(now: Timestamp) -> Bucket {
        Bucket::new(MESSAGE_BURST, MESSAGES_PER_SECOND, now)
    }

    /// Takes a token: `false` when the bucket is empty (the message is over the limit).
    pub fn take(&mut self, now: Timestamp) -> bool {
        let elapsed_ms = u64::try_from(now.since(self.last).as_millis()).unwrap_or(u64::MAX);
        self.last = self.last.max(now);
        let refill = elapsed_ms.saturating_mul(u64::from(self.per_second));
        self.milli_tokens = self
            .milli_tokens
            .saturating_add(refill)
            .min(u64::from(self.burst) * 1000);
        if self.milli_tokens >= 1000 {
            self.milli_tokens -= 1000;
            true
        } else {
            false
        }
    }
}

/// Wrong PINs per address in a fixed window: guessing a six-digit PIN at ten tries a minute
/// takes longer than any lesson.
#[derive(Debug, Default)]
pub struct PinGuard {
    tries: HashMap<IpAddr, (Timestamp, u32)>,
}

impl PinGuard {
    /// Whether `address` may try a PIN now.
    pub fn allows(&self, address: IpAddr, now: Timestamp) -> bool {
        self.tries
            .get(&address)
            .is_none_or(|&(since, count)| now.since(since) >= PIN_WINDOW || count < PIN_TRIES)
    }

    /// Counts a wrong PIN from `address`.
    pub fn failed(&mut self, address: IpAddr, now: Timestamp) {
        let entry = self.tries.entry(address).or_insert((now, 0));
        if now.since(entry.0) >= PIN_WINDOW {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        // Forget old windows so the map cannot grow without bound.
        if self.tries.len() > 4096 {
            self.tries
                .retain(|_, (since, _)| now.since(*since) < PIN_WINDOW);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn a_bucket_allows_a_burst_then_its_rate() {
        let mut bucket = Bucket::new(3, 2, at(0));
        assert!((0..3).all(|_| bucket.take(at(0))));
        assert!(!bucket.take(at(0)), "the burst is spent");
        assert!(!bucket.take(at(400)), "0.8 of a token after 400 ms");
        assert!(bucket.take(at(500)), "one token after 500 ms at 2/s");
        assert!(!bucket.take(at(500)));
        // A long quiet spell refills to the burst, not beyond.
        assert!((0..3).all(|_| bucket.take(at(60_000))));
        assert!(!bucket.take(at(60_000)));
    }

    #[test]
    fn a_clock_going_backwards_gives_nothing_away() {
        let mut bucket = Bucket::new(1, 1, at(10_000));
        assert!(bucket.take(at(10_000)));
        assert!(!bucket.take(at(0)));
        assert!(!bucket.take(at(10_500)));
        assert!(bucket.take(at(11_000)));
    }

    #[test]
    fn wrong_pins_are_limited_per_address_and_window() {
        let mut guard = PinGuard::default();
        let one: IpAddr = [10, 0, 0, 1].into();
        let two: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..PIN_TRIES {
            assert!(guard.allows(one, at(0)));
            guard.failed(one, at(0));
        }
        assert!(!guard.allows(one, at(1000)));
        assert!(
            guard.allows(two, at(1000)),
            "other addresses are not affected"
        );
        let later = at(i64::try_from(PIN_WINDOW.as_millis()).expect("small"));
        assert!(guard.allows(one, later), "a new window");
        guard.failed(one, later);
        assert!(guard.allows(one, later));
    }
}
