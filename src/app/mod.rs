//! The use cases, shared by every front end (the CLI verbs in `commands`, and later a server):
//! syncing decks into the store, building a session's queue across decks, recording an answer,
//! choosing and recording a drill paper. No terminal and no printing: what a use case has to
//! say comes back as data or through a callback, and time comes in as a [`Timestamp`].

/// Profile names: what a person would type as a name, nothing that needs quoting in SQL or
/// breaks a terminal.
pub fn parse_profile(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("a profile name cannot be empty".into());
    }
    if name.chars().count() > 64 {
        return Err("a profile name is at most 64 characters".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\'')))
    {
        return Err(format!(
            "`{bad}` is not allowed in a profile name; use letters, digits, spaces, '-', '_' and '.'"
        ));
    }
    Ok(name.to_owned())
}

/// A mistake in how recall was called: exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
