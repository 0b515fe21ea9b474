//! [`DeploymentCalendar`]: the deployment's working-day calendar as the server uses it — read
//! from the store once, kept in memory, and read again whenever the store's calendar version
//! changes (an import by `reviewdesk-server calendar import`, possibly while this instance runs,
//! or by another instance on the same PostgreSQL). Checking the version is one indexed read.

use std::sync::{Arc, PoisonError, RwLock};

use crate::store::calendar::StoredCalendar;
use crate::store::{Store, StoreError};

pub struct DeploymentCalendar {
    store: Arc<dyn Store>,
    /// `None` until first read.
    cached: RwLock<Option<Arc<StoredCalendar>>>,
}

impl std::fmt::Debug for DeploymentCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeploymentCalendar").finish_non_exhaustive()
    }
}

impl DeploymentCalendar {
    /// The calendar of `store`, read on first use.
    pub fn new(store: Arc<dyn Store>) -> DeploymentCalendar {
        DeploymentCalendar { store, cached: RwLock::new(None) }
    }

    /// The current calendar: the cached one while the store's version is the same, else read
    /// again. Blocking (a store read): call it off the async threads.
    pub fn current(&self) -> Result<Arc<StoredCalendar>, StoreError> {
        let version = self.store.calendar_version()?;
        let cached = self.cached.read().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some(cached) = cached.filter(|cached| cached.version == version) {
            return Ok(cached);
        }
        let fresh = Arc::new(self.store.calendar()?);
        *self.cached.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}
