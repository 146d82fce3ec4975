//! Checking and repairing the database for `recall doctor`: the schema version, `SQLite`'s
//! integrity check, and card states compared with (and rebuilt from) the review log.

use super::api::{Divergence, Upkeep};
use super::{Result, Store};

impl Upkeep for Store {
    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn schema_version(&self) -> Result<i64> {
        Store::schema_version(self)
    }

    fn integrity_check(&self) -> Result<()> {
        Store::integrity_check(self)
    }

    fn divergences(&self, profile: Option<&str>) -> Result<Vec<Divergence>> {
        self.state_divergences(profile)
    }

    fn rebuild(&mut self, profile: Option<&str>) -> Result<usize> {
        self.rebuild_states(profile)
    }
}
