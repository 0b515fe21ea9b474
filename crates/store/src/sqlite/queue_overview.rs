//! The queue right now, for a supervisor of the province (counts, items due within a day or late
//! and who holds them), and taking a stuck lease back (audited `lease_revoked`).

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::wire::queue_overview::{
    AtRiskItem, QueueOverview, RevokedLease, MAX_AT_RISK,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{corrupt, parse_date, parse_timestamp, query_row, timestamp};
use crate::rules::province_of;
use crate::{AuditNote, LeaseInfo, Stage, StoreError, User};

pub(super) fn overview(
    tx: &Connection,
    viewer: &User,
    today: NaiveDate,
    risk_until: NaiveDate,
    now: DateTime<Utc>,
) -> Result<QueueOverview, StoreError> {
    let province = province_of(viewer)?;
    let at = timestamp(now);
    let (waiting, leased): (u32, u32) = query_row(
        tx,
        "SELECT COALESCE(SUM(stage = 'first' AND (lease_expires_at IS NULL
                                                  OR lease_expires_at <= ?2)), 0),
                COALESCE(SUM(lease_expires_at > ?2), 0)
         FROM queue WHERE province = ?1",
        params![province, at],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let second_review: u32 = query_row(
        tx,
        "SELECT COUNT(*) FROM submissions
         WHERE province = ?1 AND status = 'pending_second_review' AND golden = 0",
        [province],
        |row| row.get(0),
    )?;
    let mut statement = tx.prepare_cached(
        "SELECT q.submission_id, s.case_number, q.stage, s.due_date, s.due_provisional,
                u.username, q.lease_expires_at
         FROM queue q JOIN submissions s ON s.id = q.submission_id
         LEFT JOIN users u ON u.id = q.lease_user_id AND q.lease_expires_at > ?2
         WHERE q.province = ?1 AND q.claim_order <= ?3
         ORDER BY q.claim_order, q.submitted_at LIMIT ?4",
    )?;
    let mut rows = statement.query(params![
        province,
        at,
        risk_until.format("%Y-%m-%d").to_string(),
        i64::try_from(MAX_AT_RISK).unwrap_or(i64::MAX)
    ])?;
    let mut at_risk = Vec::new();
    while let Some(row) = rows.next()? {
        let stage: String = row.get(2)?;
        let due: String = row.get(3)?;
        let due_date = parse_date(&due)?;
        let holder: Option<String> = row.get(5)?;
        let expires: Option<String> = row.get(6)?;
        let lease = match (holder, expires) {
            (Some(username), Some(expires)) => {
                Some(LeaseInfo { username, expires_at: parse_timestamp(&expires)? })
            }
            _ => None,
        };
        at_risk.push(AtRiskItem {
            submission_id: row.get(0)?,
            case_number: row.get(1)?,
            stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
            due_date,
            due_provisional: row.get(4)?,
            late: due_date < today,
            lease,
        });
    }
    Ok(QueueOverview { today, risk_until, waiting, leased, second_review, at_risk })
}

pub(super) fn revoke(
    tx: &Connection,
    supervisor: &User,
    submission_id: &str,
    now: DateTime<Utc>,
) -> Result<RevokedLease, StoreError> {
    let province = province_of(supervisor)?;
    /// The queue row as read: province, case number, stage, and the lease (token, expiry, holder).
    struct Held {
        province: String,
        case_number: String,
        stage: String,
        lease: (Option<String>, Option<String>, Option<String>),
    }
    let found = query_row(
        tx,
        "SELECT q.province, s.case_number, q.stage, q.lease_token, q.lease_expires_at,
                u.username
         FROM queue q JOIN submissions s ON s.id = q.submission_id
         LEFT JOIN users u ON u.id = q.lease_user_id
         WHERE q.submission_id = ?1",
        [submission_id],
        |row| {
            Ok(Held {
                province: row.get(0)?,
                case_number: row.get(1)?,
                stage: row.get(2)?,
                lease: (row.get(3)?, row.get(4)?, row.get(5)?),
            })
        },
    )
    .optional()?;
    // Another province's case, or one no longer open, does not exist for this supervisor.
    let Held { case_number, stage, lease: (token, expires, holder), .. } = match found {
        Some(held) if held.province == province => held,
        _ => return Err(StoreError::NotFound { what: "open submission" }),
    };
    let (Some(token), Some(expires), Some(holder)) = (token, expires, holder) else {
        return Err(StoreError::NotLeased);
    };
    let expires_at = parse_timestamp(&expires)?;
    if expires_at <= now {
        return Err(StoreError::NotLeased);
    }
    super::queue::end_lease(tx, submission_id, &token, now)?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::LeaseRevoked,
            subject: Some(submission_id),
            detail: json!({ "holder": holder, "expires_at": expires, "stage": stage }),
        },
        now,
    )?;
    Ok(RevokedLease { submission_id: submission_id.to_owned(), case_number, holder, expires_at })
}
