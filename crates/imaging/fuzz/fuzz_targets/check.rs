//! Any bytes through the photo checks (without OCR: Tesseract's ~0.1 s per pass would leave the
//! fuzzer a handful of inputs a minute). Limits are smaller than the defaults so that each input
//! decodes in milliseconds; the code paths are the same. A panic, abort or sanitizer report
//! fails the run.

#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewdesk_imaging::{check, CheckConfig};

fuzz_target!(|data: &[u8]| {
    let config = CheckConfig {
        max_side: 2048,
        max_pixels: 2_000_000,
        max_decode_bytes: 32 << 20,
        ..CheckConfig::default()
    };
    let report = check(data, &config, None);
    assert_eq!(report.ok, report.errors.is_empty());
    assert_eq!(report.bytes, data.len());
});
