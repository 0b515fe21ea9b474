//! The `--data-dir` every server command shares (see [`crate::data_dir::DataDir`]).

use std::path::PathBuf;

use clap::Args;

use crate::data_dir::DataDir;
use crate::images::ImageFiles;
use crate::store::sqlite::SqliteStore;

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
