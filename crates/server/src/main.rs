//! The `reviewdesk-server` binary: parses the command line and hands it to the library.

fn main() -> std::process::ExitCode {
    // Before the OCR library loads: single-threaded OpenMP (see reviewdesk_imaging::ocr).
    reviewdesk_imaging::ocr::limit_ocr_threads();
    reviewdesk_server::cli::main()
}
