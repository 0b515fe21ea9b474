//! The `reviewdesk-server` binary: the command line ([`cli`]) and the configuration file
//! ([`config`]) over the server library. Neither is part of the library: the desktop's local mode
//! and the tests use the library directly.

mod cli;
mod config;

// The library's modules, by the paths the command line names them.
#[cfg(feature = "demo")]
use reviewdesk_server::demo;
use reviewdesk_server::retention;
use reviewdesk_server::{auth, backup, clock, data_dir, face_calibration, http, images, json_log};
use reviewdesk_server::{settings, store};

fn main() -> std::process::ExitCode {
    // Before the OCR library loads: single-threaded OpenMP (see reviewdesk_imaging::ocr).
    reviewdesk_imaging::ocr::limit_ocr_threads();
    cli::main()
}
