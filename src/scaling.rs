//! Test support: asserts that a piece of work costs time roughly linear in its input, by timing
//! it at `n` and `10 n`. The bound is generous (a quadratic path gives about 100×, linear about
//! 10×) because tests share the machine; the benchmark (`cargo bench --bench scale`) prints the
//! real numbers.

use std::time::{Duration, Instant};

/// The largest ratio accepted between the time at `10 n` and at `n`.
pub const MAX_RATIO: f64 = 35.0;

/// The fastest of `runs` runs of `work(n)`.
fn fastest(n: usize, runs: usize, work: &impl Fn(usize)) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work(n);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Panics when `work(10 n)` takes more than [`MAX_RATIO`] times as long as `work(n)`, three
/// times in a row (a test running beside others can be slowed for a moment; a quadratic path
/// is slow every time).
#[track_caller]
pub fn assert_linear(what: &str, n: usize, work: impl Fn(usize)) {
    let mut measured = Vec::new();
    for _ in 0..3 {
        let small = fastest(n, 5, &work);
        let large = fastest(n * 10, 2, &work);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        if ratio <= MAX_RATIO {
            return;
        }
        measured.push(format!("{small:.2?} and {large:.2?} ({ratio:.1}×)"));
    }
    panic!(
        "{what}: {n} and {} took {} (at most {MAX_RATIO}× expected of linear work)",
        n * 10,
        measured.join(", then ")
    );
}
