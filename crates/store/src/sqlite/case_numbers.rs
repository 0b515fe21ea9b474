//! Case numbers on SQLite: the next one of a province's Beijing day (handed out inside the
//! intake's or the planting's transaction, so a rolled-back intake uses none), and the
//! supervisors' case search, audited in the same transaction as its read.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::case_number;
use reviewdesk_domain::review::SubmissionStatus;
use reviewdesk_domain::sheet::{mask_id_number, mask_name};
use reviewdesk_domain::wire::case_search::{CaseHit, CaseSearchResult, SearchTerms, MAX_CASE_HITS};
use rusqlite::{params, Connection, Row};

use super::audit_log;
use super::rows::{corrupt, parse_date, parse_timestamp};
use crate::rules::province_of;
use crate::supervision_rules::case_search_events;
use crate::{AuditNote, StoreError, User};

/// The next case number of `province` for the Beijing day of `now`.
pub(super) fn next(
    tx: &Connection,
    province: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let day = china_date(now);
    let sequence: u32 = tx.query_row(
        "INSERT INTO case_number_counters (province, day, last) VALUES (?1, ?2, 1)
         ON CONFLICT (province, day) DO UPDATE SET last = last + 1
         RETURNING last",
        params![province, day.format("%Y%m%d").to_string()],
        |row| row.get(0),
    )?;
    Ok(case_number::format(province, day, sequence))
}

const HIT_COLUMNS: &str = "s.id, s.case_number, s.applicant_id, json_extract(s.identity, '$.name'),
    json_extract(s.identity, '$.id_type'), json_extract(s.identity, '$.id_number'), s.status,
    s.submitted_at, s.due_date";

/// The viewer's province's cases the terms find (golden copies left out), newest first, and one
/// `case_search` audit event saying what kind of query it was and how many it found.
pub(super) fn search(
    tx: &Connection,
    viewer: &User,
    terms: &SearchTerms,
    now: DateTime<Utc>,
) -> Result<CaseSearchResult, StoreError> {
    let province = province_of(viewer)?;
    let limit = i64::try_from(MAX_CASE_HITS + 1).unwrap_or(i64::MAX);
    let mut hits = Vec::new();
    match terms {
        SearchTerms::CaseNumber(number) => {
            let sql = format!(
                "SELECT {HIT_COLUMNS}, 'case_number' FROM submissions s
                 WHERE s.case_number = ?1 AND s.province = ?2 AND s.golden = 0"
            );
            let mut statement = tx.prepare_cached(&sql)?;
            let mut rows = statement.query(params![number, province])?;
            while let Some(row) = rows.next()? {
                hits.push(hit(row)?);
            }
        }
        SearchTerms::Text { applicant_id, id_number, name } => {
            // Each kind through its own index; a case found twice is listed once (first kind).
            // SQLite takes the bare `kind` from the row of MIN(rank): the first kind matched.
            let sql = format!(
                "SELECT {HIT_COLUMNS}, kind, MIN(rank) FROM (
                     SELECT id, 'applicant_id' AS kind, 1 AS rank FROM submissions
                     WHERE applicant_id = ?1
                     UNION ALL
                     SELECT id, 'id_number', 2 FROM submissions
                     WHERE upper(json_extract(identity, '$.id_number')) = ?2
                     UNION ALL
                     SELECT id, 'name', 3 FROM submissions
                     WHERE json_extract(identity, '$.name') = ?3
                 ) m JOIN submissions s ON s.id = m.id
                 WHERE s.province = ?4 AND s.golden = 0
                 GROUP BY s.id
                 ORDER BY s.submitted_at DESC, s.id LIMIT ?5"
            );
            let mut statement = tx.prepare_cached(&sql)?;
            let mut rows =
                statement.query(params![applicant_id, id_number, name, province, limit])?;
            while let Some(row) = rows.next()? {
                hits.push(hit(row)?);
            }
        }
    }
    let truncated = hits.len() > MAX_CASE_HITS;
    hits.truncate(MAX_CASE_HITS);
    audit(tx, viewer, terms, &hits, now)?;
    Ok(CaseSearchResult { hits, truncated })
}

fn hit(row: &Row<'_>) -> Result<CaseHit, StoreError> {
    let id_type: Option<String> = row.get(4)?;
    let status: String = row.get(6)?;
    let submitted_at: String = row.get(7)?;
    let due_date: Option<String> = row.get(8)?;
    let matched: String = row.get(9)?;
    Ok(CaseHit {
        submission_id: row.get(0)?,
        case_number: row.get(1)?,
        matched_by: crate::supervision_rules::case_match(&matched)?,
        applicant_id: row.get(2)?,
        name_masked: row.get::<_, Option<String>>(3)?.as_deref().map(mask_name),
        id_type: id_type
            .map(|text| text.parse().map_err(|_| corrupt("ID type", &text)))
            .transpose()?,
        id_number_masked: row.get::<_, Option<String>>(5)?.as_deref().map(mask_id_number),
        status: SubmissionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        submitted_at: parse_timestamp(&submitted_at)?,
        due_date: due_date.as_deref().map(parse_date).transpose()?,
    })
}

fn audit(
    tx: &Connection,
    viewer: &User,
    terms: &SearchTerms,
    hits: &[CaseHit],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (subject, detail) in case_search_events(terms, hits) {
        let note = AuditNote {
            actor: &viewer.username,
            action: AuditAction::CaseSearch,
            subject: subject.as_deref(),
            detail,
        };
        audit_log::append(tx, &note, now)?;
    }
    Ok(())
}
