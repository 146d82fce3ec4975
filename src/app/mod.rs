//! The use cases, shared by every front end (the CLI verbs in `commands`, and later a server):
//! syncing decks into the store, building a session's queue across decks, recording an answer,
//! choosing and recording a drill paper. No terminal and no printing: what a use case has to
//! say comes back as data or through a callback, and time comes in as a [`Timestamp`].

/// A mistake in how recall was called: exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
