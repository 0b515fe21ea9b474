//! The `--data-dir` every server command shares (see [`crate::data_dir::DataDir`]), and
//! [`StoreArg`]: `--data-dir` plus `--db`, for the commands that open the store (serve, user,
//! intake-key, audit): the data directory's SQLite database by default, PostgreSQL with `--db`;
//! [`ConfiguredStoreArgs`]: `--config` under those two, for the commands that read the
//! configuration `serve` uses (retention, audit).

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::config::ServerConfig;
use crate::data_dir::DataDir;
use crate::images::ImageFiles;
#[cfg(feature = "postgres")]
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::store::Store;

#[derive(Debug, Clone, Args)]
pub struct DataDirArg {
    /// The data directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = "./reviewdesk-data")]
    pub data_dir: PathBuf,
}

impl DataDirArg {
    pub fn dir(&self) -> DataDir {
        DataDir::new(&self.data_dir)
    }

    pub fn database(&self) -> PathBuf {
        self.dir().database()
    }

    pub fn images(&self) -> ImageFiles {
        self.dir().images()
    }

    /// Creates the folder if needed and opens (migrating) the store.
    pub fn open_store(&self) -> Result<SqliteStore, String> {
        self.dir().open_store()
    }
}

#[derive(Debug, Clone, Args)]
pub struct StoreArg {
    #[command(flatten)]
    pub data: DataDirArg,
    /// Keep the data in PostgreSQL instead of the data directory's SQLite database:
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or `host=/run/postgresql dbname=…`.
    /// Several server instances may share one database.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

impl StoreArg {
    /// Opens (migrating) the store: PostgreSQL with `--db`, else the data directory's SQLite.
    pub fn open_store(&self) -> Result<Arc<dyn Store>, String> {
        self.open_store_with_pool(crate::store::DEFAULT_PG_POOL_SIZE)
    }

    /// As [`StoreArg::open_store`], keeping at most `pool` PostgreSQL connections.
    pub fn open_store_with_pool(&self, pool: usize) -> Result<Arc<dyn Store>, String> {
        match &self.db {
            #[cfg(feature = "postgres")]
            Some(url) => PgStore::connect_with_pool(url, pool)
                .map(|store| Arc::new(store) as Arc<dyn Store>)
                .map_err(|e| format!("cannot open the PostgreSQL database: {e}")),
            #[cfg(not(feature = "postgres"))]
            Some(_) => {
                let _ = pool;
                Err("this build of reviewdesk-server has no PostgreSQL support (feature `postgres`)"
                    .to_owned())
            }
            None => self.data.open_store().map(|store| Arc::new(store) as Arc<dyn Store>),
        }
    }

    /// Why there is nothing to open: the SQLite database file does not exist (PostgreSQL is
    /// always opened, and says itself what is wrong).
    pub fn missing(&self) -> Option<String> {
        let database = self.data.database();
        (self.db.is_none() && !database.exists())
            .then(|| format!("no database at {}", database.display()))
    }

    /// Where the data is, for messages and logs (never the URL: it may carry a password).
    pub fn describe(&self) -> String {
        match &self.db {
            Some(_) => "PostgreSQL (--db)".to_owned(),
            None => self.data.database().display().to_string(),
        }
    }
}

/// `--config`, `--data-dir` and `--db` of a command that reads the configuration `serve` uses:
/// the file and the `REVIEWDESK__…` variables first, these flags over them.
#[derive(Debug, Clone, Args)]
pub struct ConfiguredStoreArgs {
    /// The configuration file `serve` uses.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The data directory [default: ./reviewdesk-data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL instead of the data directory's SQLite database.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

impl ConfiguredStoreArgs {
    /// The configuration, `--data-dir` and `--db` applied.
    pub fn config(&self) -> Result<ServerConfig, String> {
        let mut config = ServerConfig::load(self.config.as_deref(), std::env::vars())
            .map_err(|e| e.to_string())?;
        if let Some(dir) = &self.data_dir {
            config.storage.data_dir.clone_from(dir);
        }
        if let Some(url) = &self.db {
            config.storage.database_url = Some(url.clone());
        }
        Ok(config)
    }
}

impl StoreArg {
    /// The store a configuration names.
    pub fn of(config: &ServerConfig) -> StoreArg {
        StoreArg {
            data: DataDirArg { data_dir: config.storage.data_dir.clone() },
            db: config.storage.database_url.clone(),
        }
    }
}
