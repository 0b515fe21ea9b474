//! Test values for the sync step: a fixed time, leases, submissions, decisions and receipts.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use reviewdesk_domain::wire::{
    Decision, DecisionReceipt, Lease, Stage, Submission, SubmissionBody, SubmissionImages,
};

use super::state::{CalendarState, Connection, ItemState, LocalState, OutboxState};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).single().unwrap()
}

pub fn lease(id: &str, minutes: i64) -> Lease {
    Lease {
        submission_id: id.to_owned(),
        lease_token: format!("token-{id}"),
        expires_at: now() + Duration::minutes(minutes),
        second_review: false,
    }
}

/// An undecided item with body (fetched just now, its photo checks done) and photos, its lease
/// `minutes` from now.
pub fn item(id: &str, minutes: i64) -> ItemState {
    ItemState {
        submission_id: id.to_owned(),
        lease_expires_at: now() + Duration::minutes(minutes),
        lease_seconds: 900,
        offline: false,
        has_body: true,
        missing_images: Vec::new(),
        decided: false,
        body_calendar_version: Some(1),
        checks_settled: true,
        body_fetched_at: Some(now()),
    }
}

pub fn outbox(decision: &str, submission: &str, attempts: u32) -> OutboxState {
    OutboxState {
        decision_id: decision.to_owned(),
        submission_id: submission.to_owned(),
        attempts,
        next_attempt_at: now(),
    }
}

pub fn state(items: Vec<ItemState>, outbox: Vec<OutboxState>) -> LocalState {
    LocalState {
        signed_in: true,
        items,
        outbox,
        connection: Connection::default(),
        // Checked just now: the calendar's own tests set it otherwise.
        calendar: CalendarState { version: Some(1), checked_at: Some(now()) },
    }
}

pub fn body(id: &str, status: SubmissionStatus) -> SubmissionBody {
    SubmissionBody {
        submission: Submission {
            id: id.to_owned(),
            case_number: format!("11-20261201-{:04}", id.len()),
            applicant_id: "A-1".to_owned(),
            province: "11".to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            attempt: 1,
            period_start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            submitted_at: now(),
            due_date: None,
            due_provisional: false,
            status,
            lease: None,
            number: None,
        }
        // As a server sends it: the number masked, what it says beside it.
        .for_reader(now().date_naive()),
        attempts_allowed: 3,
        image_checks: Default::default(),
        image_checks_done: false,
    }
}

pub fn decision(id: &str, submission: &str, username: &str) -> Decision {
    Decision {
        id: id.to_owned(),
        submission_id: submission.to_owned(),
        stage: Stage::First,
        username: username.to_owned(),
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        applicant_text: None,
        decided_at: now(),
    }
}

pub fn receipt(id: &str, submission: &str, replayed: bool) -> DecisionReceipt {
    DecisionReceipt {
        decision: decision(id, submission, "wang"),
        status: SubmissionStatus::Approved,
        replayed,
    }
}
