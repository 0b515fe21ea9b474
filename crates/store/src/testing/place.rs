//! [`Place`]: where a store test keeps its data, SQLite on a temporary file or a database on the
//! tests' throwaway PostgreSQL, so one test body runs against both stores, can open the same data
//! again, and can look behind the store's back.

use crate::postgres::PgStore;
use crate::sqlite::SqliteStore;
use crate::Store;

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
        self.try_raw(sql).unwrap();
    }

    /// Runs SQL statements behind the store's back; the database's message when it refuses.
    pub fn try_raw(&self, sql: &str) -> Result<(), String> {
        match self {
            Place::Sqlite(dir) => rusqlite::Connection::open(dir.path().join("reviewdesk.db"))
                .unwrap()
                .execute_batch(sql)
                .map_err(|e| e.to_string()),
            Place::Postgres(db) => db.client().batch_execute(sql).map_err(|e| {
                e.as_db_error().map_or_else(|| e.to_string(), |db| db.message().to_owned())
            }),
        }
    }

    /// The newest schema version of the place's kind of store.
    pub fn latest_version(&self) -> u32 {
        match self {
            Place::Sqlite(_) => crate::sqlite::latest_version(),
            Place::Postgres(_) => crate::postgres::latest_version(),
        }
    }
}

/// A reviewer of province 11 named `name`, added at `now`.
pub fn reviewer(store: &dyn Store, name: &str, now: chrono::DateTime<chrono::Utc>) -> crate::User {
    let new = crate::NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role: reviewdesk_domain::review::Role::Reviewer,
        province: Some("11".to_owned()),
    };
    store.add_user(&new, now).unwrap()
}

/// A submission `id` of province 11 (applicant `app-<id>`, one fixed resident number and photo
/// hashes) made on `submitted_on`, without a due date: the test sets the due fields it needs.
pub fn submission(id: &str, submitted_on: chrono::NaiveDate) -> crate::NewSubmission {
    use reviewdesk_domain::consistency::DeclaredIdentity;
    use reviewdesk_domain::id::IdType;
    crate::NewSubmission {
        id: id.to_owned(),
        applicant_id: format!("app-{id}"),
        province: "11".to_owned(),
        identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
        images: crate::SubmissionImages {
            portrait: "a".repeat(64),
            emblem: "b".repeat(64),
            handheld: "c".repeat(64),
        },
        findings: Vec::new(),
        submitted_on,
        due_date: None,
        due_provisional: false,
        calendar_version: None,
    }
}
