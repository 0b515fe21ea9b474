//! [`ConsistencyReport`]: the outcome of checking one declared identity.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::id::ParsedId;

/// What [`check`](super::check) found: the parsed number (when it parsed) and every finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ConsistencyReport {
    pub parsed: Option<ParsedId>,
    pub findings: Vec<Finding>,
}

impl ConsistencyReport {
    /// The findings that fail the check.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|finding| finding.severity == Severity::Error)
    }

    /// The findings that ask the reviewer to look.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|finding| finding.severity == Severity::Warning)
    }

    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Whether a finding with this code is present.
    pub fn has(&self, code: &str) -> bool {
        self.findings.iter().any(|finding| finding.code == code)
    }
}
