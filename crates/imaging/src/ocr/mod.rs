//! Reading the card: the Tesseract engine ([`OcrEngine`], `chi_sim`, one uniform block of
//! text) and the orientation search over the 8 candidates ([`search`](fn@search)).

mod engine;
mod search;
mod threads;

pub use engine::{OcrEngine, Reading};
pub use search::{candidate_order, search, SearchOutcome, Strategy};
pub use threads::{limit_ocr_threads, ocr_threads_limited, THREAD_LIMIT_VAR};
