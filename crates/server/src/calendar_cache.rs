//! [`DeploymentCalendar`]: the deployment's working-day calendar as the server uses it — read
//! from the store once, kept in memory, and read again whenever the store's calendar version
//! changes (an import by `reviewdesk-server calendar import`, possibly while this instance runs,
//! or by another instance on the same PostgreSQL). Checking the version is one indexed read.

use std::sync::{Arc, PoisonError, RwLock};

use crate::store::calendar::StoredCalendar;
use crate::store::{Store, StoreError};

#[derive(Debug, Default)]
pub struct DeploymentCalendar {
    /// `None` until first read.
    cached: RwLock<Option<Arc<StoredCalendar>>>,
}

impl DeploymentCalendar {
    /// The current calendar of `store`: the cached one while the store's version is the same,
    /// else read again. Blocking (a store read): call it off the async threads.
    pub fn current(&self, store: &dyn Store) -> Result<Arc<StoredCalendar>, StoreError> {
        let version = store.calendar_version()?;
        let cached = self.cached.read().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some(cached) = cached.filter(|cached| cached.version == version) {
            return Ok(cached);
        }
        let fresh = Arc::new(store.calendar()?);
        *self.cached.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}
