//! [`DataDir`]: the one folder an embedded deployment keeps everything in — the SQLite database
//! (`reviewdesk.db`) and the photos (`images/`). The CLI's `--data-dir` and the desktop's local
//! mode both open it through here.

use std::path::{Path, PathBuf};

use crate::images::ImageFiles;
use crate::store::sqlite::SqliteStore;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join("reviewdesk.db")
    }

    pub fn images(&self) -> ImageFiles {
        ImageFiles::new(self.root.join("images"))
    }

    /// Creates the folder if needed and opens (migrating) the store. The message names the path.
    pub fn open_store(&self) -> Result<SqliteStore, String> {
        std::fs::create_dir_all(&self.root)
            .map_err(|e| format!("cannot create {}: {e}", self.root.display()))?;
        SqliteStore::open(&self.database())
            .map_err(|e| format!("cannot open {}: {e}", self.database().display()))
    }
}
