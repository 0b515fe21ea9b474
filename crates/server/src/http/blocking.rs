//! Running the synchronous store (and other blocking work: hashing, file IO) off the async
//! threads, with its errors already mapped to [`ApiError`].

use std::sync::Arc;

use super::error::ApiError;
use crate::store::{Store, StoreError};

/// Runs `work` against the store on the blocking pool.
pub async fn with_store<T, F>(store: &Arc<dyn Store>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = Arc::clone(store);
    run(move || work(store.as_ref()).map_err(ApiError::from)).await
}

/// Runs `work` on the blocking pool.
pub async fn run<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|error| Err(ApiError::internal(error)))
}
