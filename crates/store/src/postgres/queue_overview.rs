//! The queue right now, for a supervisor of the province (counts, items due within a day or late
//! and who holds them), and taking a stuck lease back (audited `lease_revoked`; the queue row is
//! locked first, so a decision or renewal racing it is ordered before or after, never between).

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::wire::queue_overview::{
    AtRiskItem, QueueOverview, RevokedLease, MAX_AT_RISK,
};
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::rules::province_of;
use crate::text_values::{corrupt, parse_date, parse_timestamp, timestamp};
use crate::{AuditNote, LeaseInfo, Stage, StoreError, User};

fn count(value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt("count", &value.to_string()))
}

pub(super) fn overview(
    tx: &mut Tx<'_>,
    viewer: &User,
    today: NaiveDate,
    risk_until: NaiveDate,
    now: DateTime<Utc>,
) -> Result<QueueOverview, StoreError> {
    let province = province_of(viewer)?;
    let at = timestamp(now);
    let counts = tx.query_one(
        "SELECT COUNT(*) FILTER (WHERE stage = 'first' AND (lease_expires_at IS NULL
                                                          OR lease_expires_at <= $2)),
                COUNT(*) FILTER (WHERE lease_expires_at > $2)
         FROM queue WHERE province = $1",
        &[&province, &at],
    )?;
    let second = tx.query_one(
        "SELECT COUNT(*) FROM submissions
         WHERE province = $1 AND status = 'pending_second_review' AND NOT golden",
        &[&province],
    )?;
    let limit = i64::try_from(MAX_AT_RISK).unwrap_or(i64::MAX);
    let rows = tx.query(
        "SELECT q.submission_id, s.case_number, q.stage, s.due_date, s.due_provisional,
                u.username, q.lease_expires_at
         FROM queue q JOIN submissions s ON s.id = q.submission_id
         LEFT JOIN users u ON u.id = q.lease_user_id AND q.lease_expires_at > $2
         WHERE q.province = $1 AND q.claim_order <= $3
         ORDER BY q.claim_order, q.submitted_at LIMIT $4",
        &[&province, &at, &risk_until.format("%Y-%m-%d").to_string(), &limit],
    )?;
    let mut at_risk = Vec::new();
    for row in rows {
        let stage: String = row.try_get(2)?;
        let due: String = row.try_get(3)?;
        let due_date = parse_date(&due)?;
        let holder: Option<String> = row.try_get(5)?;
        let expires: Option<String> = row.try_get(6)?;
        let lease = match (holder, expires) {
            (Some(username), Some(expires)) => {
                Some(LeaseInfo { username, expires_at: parse_timestamp(&expires)? })
            }
            _ => None,
        };
        at_risk.push(AtRiskItem {
            submission_id: row.try_get(0)?,
            case_number: row.try_get(1)?,
            stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
            due_date,
            due_provisional: row.try_get(4)?,
            late: due_date < today,
            lease,
        });
    }
    Ok(QueueOverview {
        today,
        risk_until,
        waiting: count(counts.try_get(0)?)?,
        leased: count(counts.try_get(1)?)?,
        second_review: count(second.try_get(0)?)?,
        at_risk,
    })
}

pub(super) fn revoke(
    tx: &mut Tx<'_>,
    supervisor: &User,
    submission_id: &str,
    now: DateTime<Utc>,
) -> Result<RevokedLease, StoreError> {
    let province = province_of(supervisor)?;
    let row = tx.query_opt(
        "SELECT q.province, s.case_number, q.stage, q.lease_token, q.lease_expires_at,
                u.username
         FROM queue q JOIN submissions s ON s.id = q.submission_id
         LEFT JOIN users u ON u.id = q.lease_user_id
         WHERE q.submission_id = $1
         FOR UPDATE OF q",
        &[&submission_id],
    )?;
    // Another province's case, or one no longer open, does not exist for this supervisor.
    let row = match row {
        Some(row) if row.try_get::<_, String>(0)? == province => row,
        _ => return Err(StoreError::NotFound { what: "open submission" }),
    };
    let case_number: String = row.try_get(1)?;
    let stage: String = row.try_get(2)?;
    let (Some(token), Some(expires), Some(holder)) = (
        row.try_get::<_, Option<String>>(3)?,
        row.try_get::<_, Option<String>>(4)?,
        row.try_get::<_, Option<String>>(5)?,
    ) else {
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
