//! The `--data-dir` every server command shares: one folder holding the SQLite database
//! (`reviewdesk.db`) and the photos (`images/`).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::images::ImageFiles;
use crate::store::sqlite::SqliteStore;
use crate::store::StoreError;

#[derive(Debug, Clone, Args)]
pub struct DataDirArg {
    /// The data directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = "./reviewdesk-data")]
    pub data_dir: PathBuf,
}

impl DataDirArg {
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("reviewdesk.db")
    }

    pub fn images(&self) -> ImageFiles {
        ImageFiles::new(self.data_dir.join("images"))
    }

    /// Creates the folder if needed and opens (migrating) the store.
    pub fn open_store(&self) -> Result<SqliteStore, String> {
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", self.data_dir.display()))?;
        SqliteStore::open(&self.database())
            .map_err(|e: StoreError| format!("cannot open {}: {e}", display(&self.database())))
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
