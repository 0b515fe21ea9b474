//! [`Place`]: where a store test keeps its data, SQLite on a temporary file or a database on the
//! tests' throwaway PostgreSQL, so one test body runs against both stores, can open the same data
//! again, and can look behind the store's back.

use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;

use super::postgres::TestDatabase;

pub enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(TestDatabase),
}

impl Place {
    pub fn sqlite() -> Place {
        Place::Sqlite(tempfile::tempdir().unwrap())
    }

    pub fn postgres() -> Place {
        Place::Postgres(super::postgres::database())
    }

    /// A store over the place's data (migrations checked each time).
    pub fn open(&self) -> Box<dyn Store> {
        match self {
            Place::Sqlite(dir) => {
                Box::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap())
            }
            Place::Postgres(db) => Box::new(PgStore::connect(&db.url()).unwrap()),
        }
    }

    /// Runs SQL statements behind the store's back.
    pub fn raw(&self, sql: &str) {
        match self {
            Place::Sqlite(dir) => rusqlite::Connection::open(dir.path().join("reviewdesk.db"))
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Place::Postgres(db) => db.client().batch_execute(sql).unwrap(),
        }
    }

    /// The newest schema version of the place's kind of store.
    pub fn latest_version(&self) -> u32 {
        match self {
            Place::Sqlite(_) => reviewdesk_server::store::sqlite::latest_version(),
            Place::Postgres(_) => reviewdesk_server::store::postgres::latest_version(),
        }
    }
}
