//! Work on a few large items (deck files) spread over the cores, with the results taken in the
//! items' order on the calling thread: the deck sync saves each file's cards while the next
//! files are parsed, and `check` prints each file's findings while the next are validated. At
//! most a window of results (one per core) is held at once, so memory follows a few files,
//! not the whole collection. No I/O or policy of its own.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use anyhow::{Result, anyhow};

/// How many items are worked on at once: one per core. Asked of the system once per process
/// (on Linux it reads the cgroup's files each time).
pub fn workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Runs `work` on every item, on up to [`workers`] threads, and hands each result to `consume`
/// with the item's index, in the items' order, on this thread. A worker starts item `i` only
/// once `consume` has been given item `i - window`, so at most `window` results are worked on
/// or wait while `consume` holds one: with a window of 1, the next item is worked on while
/// `consume` takes the last. Stops at the first error of `consume`; a panic in `work` is
/// returned as an error.
pub fn in_order<T, R>(
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<()>,
) -> Result<()>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let threads = workers().min(items.len()).min(window);
    // On one core, or for one item, there is nothing to overlap.
    if workers() <= 1 || items.len() <= 1 {
        for (index, item) in items.iter().enumerate() {
            let result = catch_unwind(AssertUnwindSafe(|| work(item)));
            consume(index, unpanic(index, result)?)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results `consume` has been given, and a signal when it moves.
    let taken = Mutex::new(0usize);
    let moved = Condvar::new();
    let (send, received) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (next, stop, taken, moved, work) = (&next, &stop, &taken, &moved, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= items.len() {
                        return;
                    }
                    {
                        let mut done = taken.lock().unwrap_or_else(PoisonError::into_inner);
                        while index >= *done + window && !stop.load(Ordering::Relaxed) {
                            done = moved.wait(done).unwrap_or_else(PoisonError::into_inner);
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let result = catch_unwind(AssertUnwindSafe(|| work(&items[index])));
                    if send.send((index, result)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        let outcome = take_in_order(items.len(), &received, &taken, &moved, &mut consume);
        // Workers waiting for room leave at once when this stopped early.
        stop.store(true, Ordering::Relaxed);
        let _guard = taken.lock().unwrap_or_else(PoisonError::into_inner);
        moved.notify_all();
        outcome
    })
}

/// The calling thread's side of [`in_order`].
fn take_in_order<R>(
    count: usize,
    received: &mpsc::Receiver<(usize, std::thread::Result<R>)>,
    taken: &Mutex<usize>,
    moved: &Condvar,
    consume: &mut impl FnMut(usize, R) -> Result<()>,
) -> Result<()> {
    let mut waiting: BTreeMap<usize, std::thread::Result<R>> = BTreeMap::new();
    for index in 0..count {
        let result = loop {
            if let Some(result) = waiting.remove(&index) {
                break result;
            }
            let (at, result) = received
                .recv()
                .map_err(|_| anyhow!("a worker thread stopped unexpectedly"))?;
            waiting.insert(at, result);
        };
        {
            let mut done = taken.lock().unwrap_or_else(PoisonError::into_inner);
            *done = index + 1;
            moved.notify_all();
        }
        consume(index, unpanic(index, result)?)?;
    }
    Ok(())
}

/// A worker's result, or its panic as an error.
fn unpanic<R>(index: usize, result: std::thread::Result<R>) -> Result<R> {
    result.map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        anyhow!("internal error while working on item {index}: {detail}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_whatever_order_they_finish_in() {
        let items: Vec<usize> = (0..40).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            4,
            |&n| {
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_millis(((40 - n) % 7) as u64));
                n * n
            },
            |index, square| {
                seen.push((index, square));
                Ok(())
            },
        )
        .expect("no error");
        let expected: Vec<(usize, usize)> = (0..40).map(|n| (n, n * n)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn at_most_a_window_of_results_is_ahead_of_the_consumer() {
        let started = AtomicUsize::new(0);
        let items: Vec<usize> = (0..30).collect();
        for window in [1, 2, 3] {
            started.store(0, Ordering::SeqCst);
            in_order(
                &items,
                window,
                |_| started.fetch_add(1, Ordering::SeqCst),
                |index, _| {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    let ahead = started.load(Ordering::SeqCst).saturating_sub(index + 1);
                    assert!(ahead <= window, "{ahead} started ahead of item {index}");
                    Ok(())
                },
            )
            .expect("no error");
        }
    }

    #[test]
    fn an_error_stops_the_work_and_a_panic_becomes_an_error() {
        let items: Vec<usize> = (0..100).collect();
        let mut consumed = 0;
        let error = in_order(
            &items,
            2,
            |&n| n,
            |index, _| {
                consumed += 1;
                if index == 3 {
                    anyhow::bail!("stop at 3");
                }
                Ok(())
            },
        )
        .expect_err("stopped");
        assert_eq!(error.to_string(), "stop at 3");
        assert_eq!(consumed, 4);
        let panicked = in_order(
            &items,
            2,
            |&n| {
                assert!(n != 5, "item five");
                n
            },
            |_, _| Ok(()),
        );
        assert!(
            panicked
                .expect_err("a panic")
                .to_string()
                .contains("item five")
        );
    }
}
