//! The applicants' photos: checking a JPEG from its header alone (`reviewdesk_imaging::jpeg_header`) and keeping them
//! content-addressed behind [`ImageStore`], so every server instance reads what any instance
//! stored. [`files`] is the implementation: a directory (local, or shared storage such as NFS when
//! several instances run); an object store would implement the same calls.

pub mod files;

use std::io;
use std::time::SystemTime;

pub use files::ImageFiles;
pub use reviewdesk_imaging::jpeg_header::{image_end, read_dimensions, Dimensions, JpegError};

/// Where the photos are kept, named by the lower-case hex SHA-256 of their bytes. Both calls
/// block (call them off the async threads). A `put` returns only once the photo is durably
/// stored; storing the same bytes twice stores them once. Anything that is not a SHA-256 is
/// refused (`InvalidInput`); a photo that is not there is `NotFound`.
pub trait ImageStore: Send + Sync + 'static {
    /// Stores `bytes` and returns their SHA-256.
    fn put(&self, bytes: &[u8]) -> io::Result<String>;
    /// The bytes stored under `sha256`.
    fn read(&self, sha256: &str) -> io::Result<Vec<u8>>;
    /// Retention: removes the photo if it was last stored (or stored again) before `cutoff`;
    /// whether it did. Not there: `Ok(false)`.
    fn remove_if_older(&self, sha256: &str, cutoff: SystemTime) -> io::Result<bool>;
    /// Retention: every photo last stored before `cutoff`.
    fn stored_before(&self, cutoff: SystemTime) -> io::Result<Vec<String>>;
}

impl ImageStore for ImageFiles {
    fn put(&self, bytes: &[u8]) -> io::Result<String> {
        ImageFiles::put(self, bytes)
    }

    fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        ImageFiles::read(self, sha256)
    }

    fn remove_if_older(&self, sha256: &str, cutoff: SystemTime) -> io::Result<bool> {
        ImageFiles::remove_if_older(self, sha256, cutoff)
    }

    fn stored_before(&self, cutoff: SystemTime) -> io::Result<Vec<String>> {
        ImageFiles::stored_before(self, cutoff)
    }
}
