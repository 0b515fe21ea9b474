//! The applicants' photos: checking a JPEG from its header alone ([`jpeg`]) and keeping the files
//! content-addressed on disk ([`files`]).

pub mod files;
pub mod jpeg;

pub use files::ImageFiles;
pub use jpeg::{read_dimensions, Dimensions, JpegError};
