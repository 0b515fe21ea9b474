//! Single-threaded OCR. Tesseract parallelises with OpenMP, which on a shared machine costs far
//! more than it gains (5–8× slower per pass measured here, most of it in the kernel), and
//! OpenMP reads `OMP_THREAD_LIMIT` once, when the library is loaded: setting it later has no
//! effect. So a program that uses the OCR calls [`limit_ocr_threads`] first thing in `main`;
//! when the variable is unset it re-executes the program with `OMP_THREAD_LIMIT=1` (same
//! arguments), so it is set before the library loads. Tests get it from `.cargo/config.toml`.

use std::ffi::OsString;

/// The variable OpenMP reads.
pub const THREAD_LIMIT_VAR: &str = "OMP_THREAD_LIMIT";

/// Whether the process runs with a thread limit for OpenMP.
pub fn ocr_threads_limited() -> bool {
    std::env::var_os(THREAD_LIMIT_VAR).is_some()
}

/// Re-executes the current program with `OMP_THREAD_LIMIT=1` unless it is set; returns only
/// when it was set already or the re-execution failed (then OCR is merely slower).
pub fn limit_ocr_threads() {
    if ocr_threads_limited() {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let Ok(program) = std::env::current_exe() else { return };
        let args: Vec<OsString> = std::env::args_os().skip(1).collect();
        let _error =
            std::process::Command::new(program).args(args).env(THREAD_LIMIT_VAR, "1").exec();
    }
}
