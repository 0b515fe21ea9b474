//! The review workflow's shared vocabulary: roles, outcomes and the statuses a submission moves
//! through. Wire types: the server stores them, the desktop shows them, both agree on these names.

use serde::{Deserialize, Serialize};

/// What a staff account may do. Reviewers and supervisors belong to one province.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reviewer,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// A reviewer's verdict on a submission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approve,
    Reject,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approve => "approve",
            Outcome::Reject => "reject",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        [Outcome::Approve, Outcome::Reject].into_iter().find(|o| o.as_str() == text)
    }
}

/// Where a submission stands. The applicant sees `PendingSecondReview` as pending.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Waiting for a reviewer.
    Pending,
    /// Rejected on the applicant's last attempt of the period: held until a second person
    /// confirms or changes the decision (four-eyes).
    PendingSecondReview,
    Approved,
    Rejected,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 4] = [
        SubmissionStatus::Pending,
        SubmissionStatus::PendingSecondReview,
        SubmissionStatus::Approved,
        SubmissionStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Pending => "pending",
            SubmissionStatus::PendingSecondReview => "pending_second_review",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<SubmissionStatus> {
        SubmissionStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether a decision is still to be made.
    pub fn is_open(self) -> bool {
        matches!(self, SubmissionStatus::Pending | SubmissionStatus::PendingSecondReview)
    }

    /// What the applicant sees: their status text as the upstream system words it.
    pub const fn applicant_text_zh(self) -> &'static str {
        match self {
            SubmissionStatus::Pending | SubmissionStatus::PendingSecondReview => {
                "已提交人工审核，请耐心等待"
            }
            SubmissionStatus::Approved => "人工审核通过",
            SubmissionStatus::Rejected => "人工审核不通过",
        }
    }
}

/// Which of the three photos.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSide {
    /// 人像面 (upstream: 身份证A面).
    Portrait,
    /// 国徽面 (upstream: 身份证B面).
    Emblem,
    /// 手持照 (upstream: 手持身份证照片).
    Handheld,
}

impl PhotoSide {
    pub const ALL: [PhotoSide; 3] = [PhotoSide::Portrait, PhotoSide::Emblem, PhotoSide::Handheld];

    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSide::Portrait => "portrait",
            PhotoSide::Emblem => "emblem",
            PhotoSide::Handheld => "handheld",
        }
    }

    pub fn parse(text: &str) -> Option<PhotoSide> {
        PhotoSide::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            PhotoSide::Portrait => "人像面",
            PhotoSide::Emblem => "国徽面",
            PhotoSide::Handheld => "手持照",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).ok(), Some(role.as_str().into()));
        }
        for status in SubmissionStatus::ALL {
            assert_eq!(SubmissionStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).ok(), Some(status.as_str().into()));
        }
        for side in PhotoSide::ALL {
            assert_eq!(PhotoSide::parse(side.as_str()), Some(side));
            assert_eq!(serde_json::to_value(side).ok(), Some(side.as_str().into()));
        }
        assert_eq!(Outcome::parse("reject"), Some(Outcome::Reject));
        assert_eq!(Outcome::parse("maybe"), None);
    }

    #[test]
    fn applicants_see_second_review_as_pending() {
        assert_eq!(
            SubmissionStatus::PendingSecondReview.applicant_text_zh(),
            SubmissionStatus::Pending.applicant_text_zh()
        );
    }
}
