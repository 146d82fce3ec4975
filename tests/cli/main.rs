//! The one integration-test crate: drives the real `recall` binary (and, for exact loader
//! positions, the library) with an isolated data directory and working directory per test.

// Tests may print (e.g. to say a check was skipped).
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod support;

mod authoring;
mod bundled_deck;
mod check;
mod concurrency;
mod database;
mod drill;
mod grading;
mod hardening;
mod kill;
mod limits;
mod live;
mod live_browser;
mod loader;
mod memory;
mod output;
mod rough_edges;
mod shell;
mod snapshots;
mod study;
mod terminal;
mod writes;
