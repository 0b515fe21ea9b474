//! A small blocking connection pool: at most `size` connections, idle ones kept for reuse, a
//! caller waits (bounded) when all are busy. A connection that broke is dropped, not returned.
//! Each connection keeps its own prepared statements (the hot paths run the same few statements
//! many thousands of times: parsing and planning each time would cost a round trip more).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use postgres::{Client, Config, NoTls, Statement};

use crate::StoreError;

/// How long a caller waits for a free connection before the store answers `storage_failure`.
const WAIT_FOR_CONNECTION: Duration = Duration::from_secs(30);

/// One server connection and the statements prepared on it.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) statements: HashMap<String, Statement>,
}

struct Slots {
    idle: Vec<Conn>,
    open: usize,
}

pub(super) struct Pool {
    config: Config,
    size: usize,
    slots: Mutex<Slots>,
    freed: Condvar,
}

impl Pool {
    pub(super) fn new(config: Config, size: usize) -> Pool {
        Pool {
            config,
            size: size.max(1),
            slots: Mutex::new(Slots { idle: Vec::new(), open: 0 }),
            freed: Condvar::new(),
        }
    }

    pub(super) fn connect(&self) -> Result<Conn, StoreError> {
        let client = self.config.connect(NoTls)?;
        Ok(Conn { client, statements: HashMap::new() })
    }

    /// A connection: an idle one, a new one while fewer than `size` are open, or the first one
    /// given back within [`WAIT_FOR_CONNECTION`].
    pub(super) fn get(&self) -> Result<Conn, StoreError> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(conn) = slots.idle.pop() {
                return Ok(conn);
            }
            if slots.open < self.size {
                slots.open += 1;
                drop(slots);
                return self.connect().inspect_err(|_| self.forget());
            }
            let (next, waited) = self
                .freed
                .wait_timeout(slots, WAIT_FOR_CONNECTION)
                .unwrap_or_else(PoisonError::into_inner);
            slots = next;
            if waited.timed_out() && slots.idle.is_empty() && slots.open >= self.size {
                return Err(StoreError::Backend {
                    message: format!(
                        "no database connection free after {} s ({} in use)",
                        WAIT_FOR_CONNECTION.as_secs(),
                        self.size
                    ),
                });
            }
        }
    }

    /// Gives a connection back; a closed one is dropped and its slot freed.
    pub(super) fn put(&self, conn: Conn) {
        if conn.client.is_closed() {
            drop(conn);
            self.forget();
            return;
        }
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.idle.push(conn);
        drop(slots);
        self.freed.notify_one();
    }

    /// Adds a connection opened outside [`Pool::get`] (the one that ran the migrations).
    pub(super) fn put_new(&self, conn: Conn) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.open += 1;
        drop(slots);
        self.put(conn);
    }

    /// A connection that will not come back (broken, or failed to open).
    pub(super) fn forget(&self) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.open = slots.open.saturating_sub(1);
        drop(slots);
        self.freed.notify_one();
    }
}
