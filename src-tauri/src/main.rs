//! The desktop executable: everything lives in the library so tests can reach it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before the OCR library loads: local mode's photo checks run Tesseract in this process, and
    // multi-threaded OpenMP makes it several times slower (see reviewdesk_imaging::ocr).
    reviewdesk_imaging::ocr::limit_ocr_threads();
    reviewdesk_desktop::run();
}
