//! What supervisors get that no store computes: the statistics of a province out of the store's
//! rows ([`stats`]), and the decision log as a CSV or XLSX file ([`export`]). Pure apart from the
//! store reads their callers make.

pub mod export;
pub mod stats;
