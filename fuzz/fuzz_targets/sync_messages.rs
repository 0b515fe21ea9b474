//! What the client reads from the server, as it reads it: byte 0 picks the message (claim
//! answer, renewed lease, submission body, decision receipt, error body, calendar update — its
//! file through the strict calendar parser), the rest is its JSON.
//! Whatever parses becomes the pure sync step's `Answer` and goes through `absorb`, against a
//! local state holding the named submission and an outbox entry, and `plan` runs on the state
//! after it. No panic, whatever the server sends.

#![no_main]

use chrono::{DateTime, Duration, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use reviewdesk_client::sync::{
    absorb, plan, Answer, ItemState, LocalState, Operation, OutboxState,
};
use reviewdesk_client::transport::TransportError;
use reviewdesk_client::Settings;
use reviewdesk_domain::calendar::WorkCalendar;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::calendar::CalendarUpdate;
use reviewdesk_domain::wire::{ClaimResponse, DecisionReceipt, ErrorBody, Lease, SubmissionBody};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).single().expect("a time")
}

fn state(submission_id: &str) -> LocalState {
    LocalState {
        signed_in: true,
        items: vec![ItemState {
            submission_id: submission_id.to_owned(),
            lease_expires_at: now() + Duration::minutes(3),
            lease_seconds: 900,
            offline: false,
            has_body: false,
            missing_images: vec![PhotoSide::Portrait],
            decided: true,
            body_calendar_version: None,
            checks_settled: false,
            body_fetched_at: None,
        }],
        outbox: vec![OutboxState {
            decision_id: "d-1".to_owned(),
            submission_id: submission_id.to_owned(),
            attempts: 2,
            next_attempt_at: now(),
        }],
        connection: Default::default(),
        calendar: Default::default(),
    }
}

fn send_operation(submission_id: &str) -> Operation {
    Operation::Send { decision_id: "d-1".to_owned(), submission_id: submission_id.to_owned() }
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, json)) = data.split_first() else { return };
    let (answer, submission_id) = match kind % 7 {
        0 => match serde_json::from_slice::<ClaimResponse>(json) {
            Ok(claimed) => {
                let id =
                    claimed.leases.first().map_or("s-1".to_owned(), |l| l.submission_id.clone());
                (Answer::Claimed { leases: claimed.leases, lease_seconds: 900, offline: false }, id)
            }
            Err(_) => return,
        },
        1 => match serde_json::from_slice::<Lease>(json) {
            Ok(lease) => {
                let id = lease.submission_id.clone();
                (Answer::Renewed { lease, lease_seconds: 900 }, id)
            }
            Err(_) => return,
        },
        2 => match serde_json::from_slice::<SubmissionBody>(json) {
            Ok(body) => {
                let id = body.submission.id.clone();
                (Answer::Submission { body: Box::new(body) }, id)
            }
            Err(_) => return,
        },
        3 => match serde_json::from_slice::<DecisionReceipt>(json) {
            Ok(receipt) => {
                let id = receipt.decision.submission_id.clone();
                (Answer::Sent { decision_id: "d-1".to_owned(), receipt: Box::new(receipt) }, id)
            }
            Err(_) => return,
        },
        4 => match serde_json::from_slice::<ErrorBody>(json) {
            Ok(body) => {
                let status = 400 + u16::from(json.len() as u8 % 100);
                let error = TransportError::Refused { status, body: Box::new(body) };
                (Answer::Failed { operation: send_operation("s-1"), error }, "s-1".to_owned())
            }
            Err(_) => return,
        },
        5 => match serde_json::from_slice::<CalendarUpdate>(json) {
            Ok(update) => {
                // The desktop reads the calendar file with the same strict parser.
                if let Some(body) = &update.calendar {
                    let _ = WorkCalendar::parse(&body.file);
                }
                (Answer::Calendar { update: Box::new(update) }, "s-1".to_owned())
            }
            Err(_) => return,
        },
        _ => {
            let error =
                TransportError::BadAnswer { detail: String::from_utf8_lossy(json).into_owned() };
            (Answer::Failed { operation: send_operation("s-1"), error }, "s-1".to_owned())
        }
    };
    let settings = Settings::default();
    let before = state(&submission_id);
    let changes = absorb(&before, answer, now(), &settings);
    assert!(!changes.is_empty(), "every answer changes something (at least: online)");
    let _ = plan(&before, now() + Duration::minutes(1), &settings);
});
