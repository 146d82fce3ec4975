//! Test support: asserts that a piece of work costs time roughly linear in its input, by timing
//! it at `n` and `10 n`. The bound is generous (a quadratic path gives about 100×, linear about
//! 10×) because tests share the machine; the benchmark (`cargo bench --bench scale`) prints the
//! real numbers.

use std::time::{Duration, Instant};

/// The largest ratio accepted between the time at `10 n` and at `n`.
pub const MAX_RATIO: f64 = 35.0;

/// The fastest of three runs of `work(n)`.
fn fastest(n: usize, work: &impl Fn(usize)) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            work(n);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Panics when `work(10 n)` takes more than [`MAX_RATIO`] times as long as `work(n)`.
#[track_caller]
pub fn assert_linear(what: &str, n: usize, work: impl Fn(usize)) {
    let small = fastest(n, &work);
    let large = fastest(n * 10, &work);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio <= MAX_RATIO,
        "{what}: {n} took {small:.2?}, {} took {large:.2?} ({ratio:.1}×, at most {MAX_RATIO}× \
         expected of linear work)",
        n * 10
    );
}
