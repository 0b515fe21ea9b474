//! A supervisor's case search (`GET /api/v1/supervision/cases?q=…`): one box that takes a case
//! number, an applicant id, an exact ID number or an exact name. Results carry the name and the
//! number masked; the search itself is audited (`case_search`: the kind of query and the number
//! of hits, never the query).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::case_number::CaseNumber;
use crate::id::IdType;
use crate::review::SubmissionStatus;

/// Most hits one search answers (an exact name can be common).
pub const MAX_CASE_HITS: usize = 50;
/// Longest query accepted, in characters.
pub const MAX_CASE_QUERY: usize = 64;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CaseSearchQuery {
    /// A case number (`11-20261206-0042`), an applicant id, an ID number or a name, exact;
    /// 1 to [`MAX_CASE_QUERY`] characters.
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 64, pattern = r"\S"))]
    pub q: String,
}

/// What a query is looked up as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerms {
    /// A case number, written the canonical way.
    CaseNumber(String),
    /// Anything else: an applicant id as typed, an ID number upper-cased without spaces, a
    /// name as typed (trimmed).
    Text { applicant_id: String, id_number: String, name: String },
}

impl CaseSearchQuery {
    /// How the query is looked up; `None` when it is empty or longer than [`MAX_CASE_QUERY`].
    pub fn terms(&self) -> Option<SearchTerms> {
        let q = self.q.trim();
        if q.is_empty() || q.chars().count() > MAX_CASE_QUERY {
            return None;
        }
        if let Some(number) = CaseNumber::parse(q) {
            return Some(SearchTerms::CaseNumber(number.canonical()));
        }
        let id_number: String =
            q.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        Some(SearchTerms::Text { applicant_id: q.to_owned(), id_number, name: q.to_owned() })
    }
}

/// Which field a hit matched.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CaseMatch {
    CaseNumber,
    ApplicantId,
    IdNumber,
    Name,
}

impl CaseMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseMatch::CaseNumber => "case_number",
            CaseMatch::ApplicantId => "applicant_id",
            CaseMatch::IdNumber => "id_number",
            CaseMatch::Name => "name",
        }
    }
}

/// One case found. Name and number masked; open the case's timeline (and, once decided, its
/// sheet) by `submission_id`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CaseHit {
    pub submission_id: String,
    pub case_number: String,
    pub matched_by: CaseMatch,
    pub applicant_id: String,
    /// `None` once the retention period removed the personal data.
    pub name_masked: Option<String>,
    pub id_type: Option<IdType>,
    pub id_number_masked: Option<String>,
    pub status: SubmissionStatus,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
}

/// The answer: newest first, at most [`MAX_CASE_HITS`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CaseSearchResult {
    pub hits: Vec<CaseHit>,
    /// More cases matched than were answered.
    pub truncated: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Option<SearchTerms> {
        CaseSearchQuery { q: q.to_owned() }.terms()
    }

    #[test]
    fn a_case_number_is_looked_up_as_one_written_canonically() {
        assert_eq!(
            terms(" １１－２０２６１２０６－００４２ "),
            Some(SearchTerms::CaseNumber("11-20261206-0042".into()))
        );
    }

    #[test]
    fn other_text_is_an_applicant_id_a_number_or_a_name() {
        assert_eq!(
            terms(" 2201 0219 9003 07124x "),
            Some(SearchTerms::Text {
                applicant_id: "2201 0219 9003 07124x".into(),
                id_number: "22010219900307124X".into(),
                name: "2201 0219 9003 07124x".into(),
            })
        );
        assert_eq!(
            terms("贾秀英"),
            Some(SearchTerms::Text {
                applicant_id: "贾秀英".into(),
                id_number: "贾秀英".into(),
                name: "贾秀英".into()
            })
        );
    }

    #[test]
    fn empty_and_overlong_queries_are_refused() {
        assert_eq!(terms("   "), None);
        assert_eq!(terms(&"贾".repeat(MAX_CASE_QUERY + 1)), None);
        assert!(terms(&"贾".repeat(MAX_CASE_QUERY)).is_some());
    }
}
