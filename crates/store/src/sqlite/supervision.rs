//! Supervisors' reads: the decision log (keyset-paged, newest first, each common filter an index
//! range), a case's timeline from the audit log, the second-review list, and the rows the
//! statistics are computed from. All bound to the supervisor's province; golden items stay out of
//! the log and the list.

use std::collections::HashMap;

use chrono::NaiveDate;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::SubmissionStatus;
use reviewdesk_domain::sheet::mask_id_number;
use reviewdesk_domain::wire::supervision::{
    DecisionLogEntry, DecisionLogFilter, SecondReviewItem, SecondReviewKind, Timeline,
    TimelineEvent,
};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row};

use super::decisions::decision_at_stage;
use super::rows::{corrupt, optional_timestamp, parse_date, parse_timestamp, query_row};
use super::verdicts::outcome;
use crate::rules::province_of;
use crate::supervision_rules::{
    attach_notes, beijing_day_start, cursor_after, has_findings_condition, over_findings_condition,
    parse_cursor, time_bounds, LogRecord, LogRecords, StatsDecision, StatsRecords, PURGED_NUMBER,
};
use crate::{Stage, StoreError, User};

/// Most items the second-review list shows at once.
const MAX_SECOND_REVIEWS: i64 = 500;

const LOG_COLUMNS: &str = "d.id, d.submission_id, u.username, d.stage, d.outcome, d.reasons,
    d.decided_at, d.claimed_at, s.due_date, d.sla_breached, d.id_type,
    json_extract(s.identity, '$.id_number'), s.attempt, s.status, d.overturned,
    EXISTS (SELECT 1 FROM qa_samples q WHERE q.decision_id = d.id), s.due_provisional,
    s.case_number, d.overridden_findings";

fn log_record(row: &Row<'_>) -> Result<(LogRecord, String), StoreError> {
    let stage: String = row.get(3)?;
    let decided_at: String = row.get(6)?;
    let claimed_at = optional_timestamp(row.get(7)?)?;
    let due_date: Option<String> = row.get(8)?;
    let id_type: String = row.get(10)?;
    // None once the retention period removed the submission's personal data.
    let id_number: Option<String> = row.get(11)?;
    let status: String = row.get(13)?;
    let decided = parse_timestamp(&decided_at)?;
    let reasons: String = row.get(5)?;
    let overridden: String = row.get(18)?;
    let entry = DecisionLogEntry {
        decision_id: row.get(0)?,
        submission_id: row.get(1)?,
        case_number: row.get(17)?,
        reviewer: row.get(2)?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        outcome: outcome(&row.get::<_, String>(4)?)?,
        reasons: serde_json::from_str(&reasons)?,
        decided_at: decided,
        handling_seconds: claimed_at.map(|claimed| (decided - claimed).num_seconds()),
        due_date: due_date.as_deref().map(parse_date).transpose()?,
        due_provisional: row.get(16)?,
        sla_breached: row.get(9)?,
        id_type: id_type.parse().map_err(|_| corrupt("ID type", &id_type))?,
        id_number_masked: id_number
            .as_deref()
            .map_or_else(|| PURGED_NUMBER.to_owned(), mask_id_number),
        attempt: row.get(12)?,
        status: SubmissionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        overturned: row.get(14)?,
        qa_sampled: row.get(15)?,
        overridden_findings: serde_json::from_str(&overridden)?,
    };
    Ok((
        LogRecord { entry, id_number: id_number.unwrap_or_else(|| PURGED_NUMBER.to_owned()) },
        decided_at,
    ))
}

pub(super) fn decision_log(
    tx: &Connection,
    viewer: &User,
    filter: &DecisionLogFilter,
    cursor: Option<&str>,
    limit: u32,
) -> Result<LogRecords, StoreError> {
    let province = province_of(viewer)?.to_owned();
    let (from, until) = time_bounds(filter)?;
    let cursor = cursor.map(parse_cursor).transpose()?;
    // With a reason, the reasons table drives the order (its index is in log order); otherwise
    // the decisions table does.
    let (from_clause, key_at, key_id, key_province) = if filter.reason.is_some() {
        (
            "decision_reasons r JOIN decisions d ON d.id = r.decision_id",
            "r.decided_at",
            "r.decision_id",
            "r.province",
        )
    } else {
        ("decisions d", "d.decided_at", "d.id", "d.province")
    };
    let mut conditions = vec![format!("{key_province} = ?"), "d.golden = 0".to_owned()];
    let mut values: Vec<Box<dyn ToSql>> = vec![Box::new(province)];
    if let Some(reason) = &filter.reason {
        conditions.push("r.reason = ?".into());
        values.push(Box::new(reason.clone()));
    }
    if let Some(reviewer) = &filter.reviewer {
        conditions.push("d.user_id = (SELECT id FROM users WHERE username = ?)".into());
        values.push(Box::new(reviewer.clone()));
    }
    if let Some(from) = from {
        conditions.push(format!("{key_at} >= ?"));
        values.push(Box::new(from));
    }
    if let Some(until) = until {
        conditions.push(format!("{key_at} < ?"));
        values.push(Box::new(until));
    }
    if let Some(outcome) = filter.outcome {
        conditions.push("d.outcome = ?".into());
        values.push(Box::new(outcome.as_str()));
    }
    if let Some(id_type) = filter.id_type {
        conditions.push("d.id_type = ?".into());
        values.push(Box::new(id_type.to_string()));
    }
    if let Some(breached) = filter.sla_breached {
        conditions.push("d.sla_breached = ?".into());
        values.push(Box::new(breached));
    }
    if let Some(overturned) = filter.overturned {
        conditions.push("d.overturned = ?".into());
        values.push(Box::new(overturned));
    }
    if let Some(over) = filter.over_findings {
        conditions.push(over_findings_condition(over).into());
    }
    if let Some(has) = filter.has_findings {
        conditions.push(has_findings_condition(has).into());
    }
    if let Some((at, id)) = cursor {
        conditions.push(format!("({key_at} < ? OR ({key_at} = ? AND {key_id} < ?))"));
        values.push(Box::new(at.clone()));
        values.push(Box::new(at));
        values.push(Box::new(id));
    }
    let sql = format!(
        "SELECT {LOG_COLUMNS} FROM {from_clause}
         JOIN users u ON u.id = d.user_id JOIN submissions s ON s.id = d.submission_id
         WHERE {} ORDER BY {key_at} DESC, {key_id} DESC LIMIT {}",
        conditions.join(" AND "),
        limit + 1
    );
    let mut statement = tx.prepare_cached(&sql)?;
    let params: Vec<&dyn ToSql> = values.iter().map(AsRef::as_ref).collect();
    let mut rows = statement.query(params.as_slice())?;
    let mut records = Vec::new();
    let mut last_key = None;
    let mut more = false;
    while let Some(row) = rows.next()? {
        if records.len() == limit as usize {
            more = true;
            break;
        }
        let (record, decided_at) = log_record(row)?;
        last_key = Some(cursor_after(&decided_at, &record.entry.decision_id));
        records.push(record);
    }
    Ok(LogRecords { records, next_cursor: if more { last_key } else { None } })
}

/// The province of a submission, if the viewer may see it (else `NotFound`).
fn check_visible(
    tx: &Connection,
    viewer: &User,
    submission_id: &str,
) -> Result<(String, String, Option<String>), StoreError> {
    let province = province_of(viewer)?;
    let row: Option<(String, String, String, Option<String>)> = query_row(
        tx,
        "SELECT province, status, case_number, json_extract(identity, '$.id_type')
         FROM submissions WHERE id = ?1",
        [submission_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .optional()?;
    match row {
        Some((theirs, status, case_number, id_type)) if theirs == province => {
            Ok((status, case_number, id_type))
        }
        _ => Err(StoreError::NotFound { what: "submission" }),
    }
}

pub(super) fn timeline(
    tx: &Connection,
    viewer: &User,
    submission_id: &str,
) -> Result<Timeline, StoreError> {
    let (status, case_number, id_type) = check_visible(tx, viewer, submission_id)?;
    let mut statement = tx.prepare_cached(
        "SELECT seq, at, actor, action, detail FROM audit WHERE subject = ?1 ORDER BY seq",
    )?;
    let mut rows = statement.query([submission_id])?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        let at: String = row.get(1)?;
        let action: String = row.get(3)?;
        events.push(TimelineEvent {
            seq: row.get(0)?,
            at: parse_timestamp(&at)?,
            actor: row.get(2)?,
            action: AuditAction::parse(&action).ok_or_else(|| corrupt("audit action", &action))?,
            detail: row.get(4)?,
            note: None,
        });
    }
    let mut statement = tx.prepare_cached(
        "SELECT id, note FROM decisions WHERE submission_id = ?1 AND note IS NOT NULL",
    )?;
    let notes = statement
        .query_map([submission_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<HashMap<String, String>, _>>()?;
    attach_notes(&mut events, &notes);
    Ok(Timeline {
        submission_id: submission_id.to_owned(),
        case_number,
        status: SubmissionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        id_type: id_type.and_then(|id_type| id_type.parse().ok()),
        events,
    })
}

pub(super) fn second_reviews(
    tx: &Connection,
    viewer: &User,
) -> Result<Vec<SecondReviewItem>, StoreError> {
    let province = province_of(viewer)?;
    let mut statement = tx.prepare_cached(
        "SELECT id, 1, due_date, status, due_provisional, case_number FROM submissions
         WHERE province = ?1 AND status = 'pending_second_review' AND golden = 0
         UNION ALL
         SELECT s.id, 2, s.due_date, s.status, s.due_provisional, s.case_number
         FROM qa_samples q
         JOIN submissions s ON s.id = q.submission_id
         WHERE q.province = ?1 AND q.reviewed = 0
         ORDER BY 2, 3 LIMIT ?2",
    )?;
    let rows = statement
        .query_map(rusqlite::params![province, MAX_SECOND_REVIEWS], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, bool>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut items = Vec::new();
    for (submission_id, kind, due_date, status, due_provisional, case_number) in rows {
        let first = decision_at_stage(tx, &submission_id, Stage::First)?
            .ok_or_else(|| corrupt("waiting for review without a decision", &submission_id))?;
        if first.username == viewer.username {
            continue;
        }
        items.push(SecondReviewItem {
            submission_id,
            case_number,
            kind: if kind == 1 { SecondReviewKind::FourEyes } else { SecondReviewKind::QaSample },
            first,
            due_date: due_date.as_deref().map(parse_date).transpose()?,
            due_provisional,
            status: SubmissionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        });
    }
    Ok(items)
}

pub(super) fn stats_records(
    tx: &Connection,
    viewer: &User,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<StatsRecords, StoreError> {
    let province = province_of(viewer)?;
    let mut statement = tx.prepare_cached(
        "SELECT u.username, d.outcome, d.reasons, d.decided_at, d.claimed_at, d.sla_breached,
                CASE WHEN q.reviewed = 1 THEN d.overturned = 0 END,
                g.expected_outcome, g.expected_reasons
         FROM decisions d JOIN users u ON u.id = d.user_id
         LEFT JOIN qa_samples q ON q.decision_id = d.id
         LEFT JOIN golden_items g ON g.submission_id = d.submission_id
         WHERE d.province = ?1 AND d.decided_at >= ?2 AND d.decided_at < ?3 AND d.stage = 'first'",
    )?;
    let mut rows = statement.query(rusqlite::params![
        province,
        beijing_day_start(from),
        beijing_day_start(to + chrono::Duration::days(1))
    ])?;
    let mut records = StatsRecords::default();
    while let Some(row) = rows.next()? {
        let reasons: String = row.get(2)?;
        let decided_at: String = row.get(3)?;
        let expected: Option<(String, String)> = match row.get::<_, Option<String>>(7)? {
            Some(outcome) => Some((outcome, row.get(8)?)),
            None => None,
        };
        records.decisions.push(StatsDecision {
            reviewer: row.get(0)?,
            outcome: outcome(&row.get::<_, String>(1)?)?,
            reasons: serde_json::from_str(&reasons)?,
            decided_at: parse_timestamp(&decided_at)?,
            claimed_at: optional_timestamp(row.get(4)?)?,
            sla_breached: row.get(5)?,
            qa_agreed: row.get(6)?,
            golden_expected: match expected {
                Some((expected_outcome, reasons)) => {
                    Some((outcome(&expected_outcome)?, serde_json::from_str(&reasons)?))
                }
                None => None,
            },
        });
    }
    let mut open = tx.prepare_cached(
        "SELECT s.due_date FROM queue q JOIN submissions s ON s.id = q.submission_id
         WHERE q.province = ?1 AND s.golden = 0
         UNION ALL
         SELECT due_date FROM submissions
         WHERE province = ?1 AND status = 'pending_second_review' AND golden = 0",
    )?;
    let due_dates = open
        .query_map([province], |row| row.get::<_, Option<String>>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    for due in due_dates {
        records.open_due_dates.push(due.as_deref().map(parse_date).transpose()?);
    }
    Ok(records)
}
