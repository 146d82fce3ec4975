//! Progress of long work (reading a large collection, importing, exporting, formatting,
//! rebuilding), reported by the use cases as it happens and shown, or not, by a front end. The
//! app layer only calls [`Progress`]; drawing bars is the terminal front end's business.

/// Where long work reports how far it got.
pub trait Progress {
    /// A stage begins: `what` is being done, over `total` steps when that is known.
    fn stage(&mut self, what: &str, total: Option<u64>);
    /// `done` steps of the current stage are finished.
    fn advance(&mut self, done: u64);
    /// The work is over: whatever was shown goes away.
    fn finish(&mut self);
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&mut self, _what: &str, _total: Option<u64>) {}
    fn advance(&mut self, _done: u64) {}
    fn finish(&mut self) {}
}

/// Records what it is told, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Recorded {
    pub stages: Vec<(String, Option<u64>)>,
    pub advanced: Vec<u64>,
    pub finished: bool,
}

#[cfg(test)]
impl Progress for Recorded {
    fn stage(&mut self, what: &str, total: Option<u64>) {
        self.stages.push((what.to_owned(), total));
    }
    fn advance(&mut self, done: u64) {
        self.advanced.push(done);
    }
    fn finish(&mut self) {
        self.finished = true;
    }
}
