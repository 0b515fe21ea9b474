//! What supervisors get that no store computes: the statistics of a province out of the store's
//! rows ([`stats`]), the decision log as a CSV or XLSX file ([`export`]) and a month of statistics
//! as an XLSX report ([`report`]). Pure apart from the store reads their callers make.

pub mod export;
pub mod report;
pub mod stats;
