//! Supervisors' reads on PostgreSQL: the decision log, a case's timeline, the second-review list
//! and the statistics' rows. Same queries as the SQLite store's `supervision` module, in
//! PostgreSQL's dialect.

use std::collections::HashMap;

use chrono::NaiveDate;
use postgres::types::ToSql;
use postgres::Row;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::sheet::mask_id_number;
use reviewdesk_domain::wire::supervision::{
    DecisionLogEntry, DecisionLogFilter, SecondReviewItem, SecondReviewKind, Timeline,
    TimelineEvent,
};

use super::decisions::decision_at_stage;
use super::intake::status;
use super::tx::Tx;
use crate::rules::province_of;
use crate::supervision_rules::{
    attach_notes, beijing_day_start, cursor_after, has_findings_condition, over_findings_condition,
    parse_cursor, time_bounds, LogRecord, LogRecords, StatsDecision, StatsRecords, PURGED_NUMBER,
};
use crate::text_values::{corrupt, optional_timestamp, parse_date, parse_timestamp};
use crate::{Stage, StoreError, User};

/// Most items the second-review list shows at once.
const MAX_SECOND_REVIEWS: i64 = 500;

const LOG_COLUMNS: &str = "d.id, d.submission_id, u.username, d.stage, d.outcome, d.reasons,
    d.decided_at, d.claimed_at, s.due_date, d.sla_breached, d.id_type,
    s.identity::jsonb ->> 'id_number', s.attempt, s.status, d.overturned,
    EXISTS (SELECT 1 FROM qa_samples q WHERE q.decision_id = d.id), s.due_provisional,
    s.case_number, d.overridden_findings";

fn outcome(text: &str) -> Result<Outcome, StoreError> {
    Outcome::parse(text).ok_or_else(|| corrupt("outcome", text))
}

fn log_record(row: &Row) -> Result<(LogRecord, String), StoreError> {
    let stage: String = row.try_get(3)?;
    let decided_at: String = row.try_get(6)?;
    let claimed_at = optional_timestamp(row.try_get(7)?)?;
    let due_date: Option<String> = row.try_get(8)?;
    let id_type: String = row.try_get(10)?;
    // None once the retention period removed the submission's personal data.
    let id_number: Option<String> = row.try_get(11)?;
    let attempt: i32 = row.try_get(12)?;
    let status_text: String = row.try_get(13)?;
    let reasons: String = row.try_get(5)?;
    let overridden: String = row.try_get(18)?;
    let decided = parse_timestamp(&decided_at)?;
    let entry = DecisionLogEntry {
        decision_id: row.try_get(0)?,
        submission_id: row.try_get(1)?,
        case_number: row.try_get(17)?,
        reviewer: row.try_get(2)?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        outcome: outcome(row.try_get(4)?)?,
        reasons: serde_json::from_str(&reasons)?,
        decided_at: decided,
        handling_seconds: claimed_at.map(|claimed| (decided - claimed).num_seconds()),
        due_date: due_date.as_deref().map(parse_date).transpose()?,
        due_provisional: row.try_get(16)?,
        sla_breached: row.try_get(9)?,
        id_type: id_type.parse().map_err(|_| corrupt("ID type", &id_type))?,
        id_number_masked: id_number
            .as_deref()
            .map_or_else(|| PURGED_NUMBER.to_owned(), mask_id_number),
        attempt: u32::try_from(attempt).map_err(|_| corrupt("attempt", &attempt.to_string()))?,
        status: status(&status_text)?,
        overturned: row.try_get(14)?,
        qa_sampled: row.try_get(15)?,
        overridden_findings: serde_json::from_str(&overridden)?,
    };
    Ok((
        LogRecord { entry, id_number: id_number.unwrap_or_else(|| PURGED_NUMBER.to_owned()) },
        decided_at,
    ))
}

pub(super) fn decision_log(
    tx: &mut Tx<'_>,
    viewer: &User,
    filter: &DecisionLogFilter,
    cursor: Option<&str>,
    limit: u32,
) -> Result<LogRecords, StoreError> {
    let province = province_of(viewer)?.to_owned();
    let (from, until) = time_bounds(filter)?;
    let cursor = cursor.map(parse_cursor).transpose()?;
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
    let mut values: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(province)];
    let mut conditions = vec![format!("{key_province} = $1"), "NOT d.golden".to_owned()];
    let mut push = |condition: &dyn Fn(usize) -> String, value: Box<dyn ToSql + Sync>| {
        values.push(value);
        conditions.push(condition(values.len()));
    };
    if let Some(reason) = &filter.reason {
        push(&|n| format!("r.reason = ${n}"), Box::new(reason.clone()));
    }
    if let Some(reviewer) = &filter.reviewer {
        push(
            &|n| format!("d.user_id = (SELECT id FROM users WHERE username = ${n})"),
            Box::new(reviewer.clone()),
        );
    }
    if let Some(from) = from {
        push(&|n| format!("{key_at} >= ${n}"), Box::new(from));
    }
    if let Some(until) = until {
        push(&|n| format!("{key_at} < ${n}"), Box::new(until));
    }
    if let Some(outcome) = filter.outcome {
        push(&|n| format!("d.outcome = ${n}"), Box::new(outcome.as_str()));
    }
    if let Some(id_type) = filter.id_type {
        push(&|n| format!("d.id_type = ${n}"), Box::new(id_type.to_string()));
    }
    if let Some(breached) = filter.sla_breached {
        push(&|n| format!("d.sla_breached = ${n}"), Box::new(breached));
    }
    if let Some(overturned) = filter.overturned {
        push(&|n| format!("d.overturned = ${n}"), Box::new(overturned));
    }
    if let Some(over) = filter.over_findings {
        conditions.push(over_findings_condition(over).into());
    }
    if let Some(has) = filter.has_findings {
        conditions.push(has_findings_condition(has).into());
    }
    if let Some((at, id)) = cursor {
        values.push(Box::new(at));
        values.push(Box::new(id));
        let (a, b) = (values.len() - 1, values.len());
        conditions.push(format!("({key_at}, {key_id}) < (${a}, ${b})"));
    }
    let sql = format!(
        "SELECT {LOG_COLUMNS} FROM {from_clause}
         JOIN users u ON u.id = d.user_id JOIN submissions s ON s.id = d.submission_id
         WHERE {} ORDER BY {key_at} DESC, {key_id} DESC LIMIT {}",
        conditions.join(" AND "),
        limit + 1
    );
    let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(AsRef::as_ref).collect();
    let rows = tx.query(&sql, &params)?;
    let more = rows.len() > limit as usize;
    let mut records = Vec::new();
    let mut last_key = None;
    for row in rows.iter().take(limit as usize) {
        let (record, decided_at) = log_record(row)?;
        last_key = Some(cursor_after(&decided_at, &record.entry.decision_id));
        records.push(record);
    }
    Ok(LogRecords { records, next_cursor: if more { last_key } else { None } })
}

fn check_visible(
    tx: &mut Tx<'_>,
    viewer: &User,
    submission_id: &str,
) -> Result<(String, String, Option<String>), StoreError> {
    let province = province_of(viewer)?;
    let row = tx.query_opt(
        "SELECT province, status, case_number, identity::jsonb ->> 'id_type' FROM submissions
         WHERE id = $1",
        &[&submission_id],
    )?;
    match row {
        Some(row) if row.try_get::<_, String>(0)? == province => {
            Ok((row.try_get(1)?, row.try_get(2)?, row.try_get(3)?))
        }
        _ => Err(StoreError::NotFound { what: "submission" }),
    }
}

pub(super) fn timeline(
    tx: &mut Tx<'_>,
    viewer: &User,
    submission_id: &str,
) -> Result<Timeline, StoreError> {
    let (status_text, case_number, id_type) = check_visible(tx, viewer, submission_id)?;
    let rows = tx.query(
        "SELECT seq, at, actor, action, detail FROM audit WHERE subject = $1 ORDER BY seq",
        &[&submission_id],
    )?;
    let mut events = Vec::new();
    for row in rows {
        let seq: i64 = row.try_get(0)?;
        let at: String = row.try_get(1)?;
        let action: String = row.try_get(3)?;
        events.push(TimelineEvent {
            seq: u64::try_from(seq).map_err(|_| corrupt("audit seq", &seq.to_string()))?,
            at: parse_timestamp(&at)?,
            actor: row.try_get(2)?,
            action: AuditAction::parse(&action).ok_or_else(|| corrupt("audit action", &action))?,
            detail: row.try_get(4)?,
            note: None,
        });
    }
    let rows = tx.query(
        "SELECT id, note FROM decisions WHERE submission_id = $1 AND note IS NOT NULL",
        &[&submission_id],
    )?;
    let notes = rows
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<HashMap<String, String>, StoreError>>()?;
    attach_notes(&mut events, &notes);
    Ok(Timeline {
        submission_id: submission_id.to_owned(),
        case_number,
        status: status(&status_text)?,
        id_type: id_type.and_then(|id_type| id_type.parse().ok()),
        events,
    })
}

pub(super) fn second_reviews(
    tx: &mut Tx<'_>,
    viewer: &User,
) -> Result<Vec<SecondReviewItem>, StoreError> {
    let province = province_of(viewer)?;
    let rows = tx.query(
        "(SELECT id, 1 AS kind, due_date, status, due_provisional, case_number FROM submissions
          WHERE province = $1 AND status = 'pending_second_review' AND NOT golden)
         UNION ALL
         (SELECT s.id, 2, s.due_date, s.status, s.due_provisional, s.case_number
          FROM qa_samples q
          JOIN submissions s ON s.id = q.submission_id
          WHERE q.province = $1 AND NOT q.reviewed)
         ORDER BY 2, 3 LIMIT $2",
        &[&province, &MAX_SECOND_REVIEWS],
    )?;
    let mut items = Vec::new();
    for row in rows {
        let submission_id: String = row.try_get(0)?;
        let kind: i32 = row.try_get(1)?;
        let due_date: Option<String> = row.try_get(2)?;
        let status_text: String = row.try_get(3)?;
        let first = decision_at_stage(tx, &submission_id, Stage::First)?
            .ok_or_else(|| corrupt("waiting for review without a decision", &submission_id))?;
        if first.username == viewer.username {
            continue;
        }
        items.push(SecondReviewItem {
            case_number: row.try_get(5)?,
            submission_id,
            kind: if kind == 1 { SecondReviewKind::FourEyes } else { SecondReviewKind::QaSample },
            first,
            due_date: due_date.as_deref().map(parse_date).transpose()?,
            due_provisional: row.try_get(4)?,
            status: status(&status_text)?,
        });
    }
    Ok(items)
}

pub(super) fn stats_records(
    tx: &mut Tx<'_>,
    viewer: &User,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<StatsRecords, StoreError> {
    let province = province_of(viewer)?;
    let rows = tx.query(
        "SELECT u.username, d.outcome, d.reasons, d.decided_at, d.claimed_at, d.sla_breached,
                CASE WHEN q.reviewed THEN NOT d.overturned END,
                g.expected_outcome, g.expected_reasons
         FROM decisions d JOIN users u ON u.id = d.user_id
         LEFT JOIN qa_samples q ON q.decision_id = d.id
         LEFT JOIN golden_items g ON g.submission_id = d.submission_id
         WHERE d.province = $1 AND d.decided_at >= $2 AND d.decided_at < $3 AND d.stage = 'first'",
        &[&province, &beijing_day_start(from), &beijing_day_start(to + chrono::Duration::days(1))],
    )?;
    let mut records = StatsRecords::default();
    for row in rows {
        let reasons: String = row.try_get(2)?;
        let decided_at: String = row.try_get(3)?;
        let expected_outcome: Option<String> = row.try_get(7)?;
        let golden_expected = match expected_outcome {
            Some(expected) => {
                let reasons: String = row.try_get(8)?;
                Some((outcome(&expected)?, serde_json::from_str(&reasons)?))
            }
            None => None,
        };
        records.decisions.push(StatsDecision {
            reviewer: row.try_get(0)?,
            outcome: outcome(row.try_get(1)?)?,
            reasons: serde_json::from_str(&reasons)?,
            decided_at: parse_timestamp(&decided_at)?,
            claimed_at: optional_timestamp(row.try_get(4)?)?,
            sla_breached: row.try_get(5)?,
            qa_agreed: row.try_get(6)?,
            golden_expected,
        });
    }
    let open = tx.query(
        "SELECT s.due_date FROM queue q JOIN submissions s ON s.id = q.submission_id
         WHERE q.province = $1 AND NOT s.golden
         UNION ALL
         SELECT due_date FROM submissions
         WHERE province = $1 AND status = 'pending_second_review' AND NOT golden",
        &[&province],
    )?;
    for row in open {
        let due: Option<String> = row.try_get(0)?;
        records.open_due_dates.push(due.as_deref().map(parse_date).transpose()?);
    }
    Ok(records)
}
