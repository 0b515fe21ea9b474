//! A supervisor's saved views (`/api/v1/supervision/views`): a named set of decision-log filters,
//! kept on the server per supervisor (a PC may be shared or replaced), each in a numbered slot
//! 1–9 that one key (`Alt+1`…`Alt+9`) reopens. The rules every store applies before saving one:
//! [`check_view`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::supervision::DecisionLogFilter;
use crate::error_code::ErrorCode;

/// Most views one supervisor keeps: one per key `Alt+1`…`Alt+9`.
pub const MAX_SAVED_VIEWS: usize = 9;
/// Longest view name, in characters (it must fit a button in the filter bar at 1366×768).
pub const MAX_VIEW_NAME_CHARS: usize = 20;
/// Longest reviewer username a filter may name (as at login).
pub const MAX_FILTER_USERNAME_CHARS: usize = 64;

/// One saved view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SavedView {
    pub name: String,
    /// The key that reopens it: `Alt+slot`, 1 to [`MAX_SAVED_VIEWS`]. Given at creation (the
    /// lowest free one) and kept when the view is saved again.
    pub slot: u8,
    pub filter: DecisionLogFilter,
    pub updated_at: DateTime<Utc>,
}

/// `PUT /api/v1/supervision/views/{name}`: the filters to keep under that name (replacing the
/// view's filters when the name exists).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SaveViewRequest {
    #[serde(deserialize_with = "filter_object")]
    pub filter: DecisionLogFilter,
}

/// The filters as a JSON object only: serde would also take a struct from an array of its fields
/// in order (`[null, null]`), which the API documents as an object.
fn filter_object<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<DecisionLogFilter, D::Error> {
    struct ObjectOnly;
    impl<'de> serde::de::Visitor<'de> for ObjectOnly {
        type Value = DecisionLogFilter;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("an object of decision-log filters")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            DecisionLogFilter::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(ObjectOnly)
}

/// Why a view cannot be saved. `Display` is Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("视图名称须为 1 到 {MAX_VIEW_NAME_CHARS} 个字符，不能含控制字符")]
    BadName,
    #[error("最多保存 {MAX_SAVED_VIEWS} 个视图，请先删除一个")]
    TooMany,
    #[error("筛选条件中的审核员用户名不能超过 {MAX_FILTER_USERNAME_CHARS} 个字符")]
    ReviewerTooLong,
    #[error("没有编码为 {0} 的不通过原因")]
    UnknownReason(String),
    #[error("开始日期不能晚于结束日期")]
    BadDateRange,
}

impl ViewError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ViewError::BadName => ErrorCode::BadViewName,
            ViewError::TooMany => ErrorCode::TooManyViews,
            ViewError::ReviewerTooLong => ErrorCode::BadViewFilter,
            ViewError::UnknownReason(_) => ErrorCode::UnknownReasonCode,
            ViewError::BadDateRange => ErrorCode::BadDateRange,
        }
    }
}

/// The name as kept: trimmed, 1 to [`MAX_VIEW_NAME_CHARS`] characters, no control characters.
pub fn view_name(name: &str) -> Result<String, ViewError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_VIEW_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ViewError::BadName);
    }
    Ok(name.to_owned())
}

/// A view's filter is one the decision log accepts: a reviewer name of sane length, a known
/// reject-reason code, dates in order. (Enumerated values are checked when the body is read.)
pub fn check_filter(filter: &DecisionLogFilter) -> Result<(), ViewError> {
    if filter.reviewer.as_ref().is_some_and(|name| name.chars().count() > MAX_FILTER_USERNAME_CHARS)
    {
        return Err(ViewError::ReviewerTooLong);
    }
    if let Some(code) = filter.reason.as_deref() {
        if crate::reasons::find(code).is_none() {
            return Err(ViewError::UnknownReason(code.chars().take(32).collect()));
        }
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(ViewError::BadDateRange);
        }
    }
    Ok(())
}

/// The name and filter of a view to save, checked; the name as kept.
pub fn check_view(name: &str, filter: &DecisionLogFilter) -> Result<String, ViewError> {
    let name = view_name(name)?;
    check_filter(filter)?;
    Ok(name)
}

/// The slot a new view takes: the lowest one no view of `taken` holds; `TooMany` when all are.
pub fn free_slot(taken: &[u8]) -> Result<u8, ViewError> {
    (1..=MAX_SAVED_VIEWS as u8).find(|slot| !taken.contains(slot)).ok_or(ViewError::TooMany)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_filters_are_an_object_never_an_array() {
        let parsed: SaveViewRequest =
            serde_json::from_str(r#"{"filter": {"outcome": "reject"}}"#).unwrap();
        assert_eq!(parsed.filter.outcome, Some(crate::review::Outcome::Reject));
        assert!(serde_json::from_str::<SaveViewRequest>(r#"{"filter": [null, null]}"#).is_err());
        assert!(serde_json::from_str::<SaveViewRequest>(r#"{"filter": {"nope": 1}}"#).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(view_name("  逾期驳回 ").unwrap(), "逾期驳回");
        assert_eq!(view_name(""), Err(ViewError::BadName));
        assert_eq!(view_name("   "), Err(ViewError::BadName));
        assert_eq!(view_name(&"视".repeat(20)).unwrap().chars().count(), 20);
        assert_eq!(view_name(&"视".repeat(21)), Err(ViewError::BadName));
        assert_eq!(view_name("a\tb"), Err(ViewError::BadName));
    }

    #[test]
    fn filters_are_checked_like_the_log_checks_them() {
        assert!(check_filter(&DecisionLogFilter::default()).is_ok());
        let reason = DecisionLogFilter { reason: Some("no_such".into()), ..Default::default() };
        assert_eq!(check_filter(&reason).unwrap_err().code(), ErrorCode::UnknownReasonCode);
        let long = DecisionLogFilter { reviewer: Some("x".repeat(65)), ..Default::default() };
        assert_eq!(check_filter(&long).unwrap_err().code(), ErrorCode::BadViewFilter);
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let reversed =
            DecisionLogFilter { from: Some(day(7)), to: Some(day(6)), ..Default::default() };
        assert_eq!(check_filter(&reversed), Err(ViewError::BadDateRange));
    }

    #[test]
    fn new_views_take_the_lowest_free_slot() {
        assert_eq!(free_slot(&[]), Ok(1));
        assert_eq!(free_slot(&[1, 2, 4]), Ok(3));
        assert_eq!(free_slot(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), Err(ViewError::TooMany));
    }
}
