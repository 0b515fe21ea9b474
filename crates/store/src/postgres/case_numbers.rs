//! Case numbers on PostgreSQL: the next one of a province's Beijing day (the counter row's lock,
//! held to the intake's commit, orders concurrent intakes; a rolled-back intake uses none), and
//! the supervisors' case search, audited in the same transaction as its read.

use chrono::{DateTime, Utc};
use postgres::Row;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::case_number;
use reviewdesk_domain::sheet::{mask_id_number, mask_name};
use reviewdesk_domain::wire::case_search::{CaseHit, CaseSearchResult, SearchTerms, MAX_CASE_HITS};

use super::audit_log;
use super::intake::status;
use super::tx::Tx;
use crate::rules::province_of;
use crate::supervision_rules::case_search_events;
use crate::text_values::{corrupt, parse_date, parse_timestamp};
use crate::{AuditNote, StoreError, User};

/// The next case number of `province` for the Beijing day of `now`.
pub(super) fn next(
    tx: &mut Tx<'_>,
    province: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let day = china_date(now);
    let sequence: i32 = tx
        .query_one(
            "INSERT INTO case_number_counters (province, day, last) VALUES ($1, $2, 1)
             ON CONFLICT (province, day) DO UPDATE SET last = case_number_counters.last + 1
             RETURNING last",
            &[&province, &day.format("%Y%m%d").to_string()],
        )?
        .try_get(0)?;
    let sequence = u32::try_from(sequence)
        .map_err(|_| corrupt("case number sequence", &sequence.to_string()))?;
    Ok(case_number::format(province, day, sequence))
}

const HIT_COLUMNS: &str = "s.id, s.case_number, s.applicant_id, s.identity::jsonb ->> 'name',
    s.identity::jsonb ->> 'id_type', s.identity::jsonb ->> 'id_number', s.status,
    s.submitted_at, s.due_date";

/// The viewer's province's cases the terms find (golden copies left out), newest first, and the
/// `case_search` audit events (see `supervision_rules::case_search_events`).
pub(super) fn search(
    tx: &mut Tx<'_>,
    viewer: &User,
    terms: &SearchTerms,
    now: DateTime<Utc>,
) -> Result<CaseSearchResult, StoreError> {
    let province = province_of(viewer)?;
    let limit = i64::try_from(MAX_CASE_HITS + 1).unwrap_or(i64::MAX);
    let rows = match terms {
        SearchTerms::CaseNumber(number) => tx.query(
            &format!(
                "SELECT {HIT_COLUMNS}, 'case_number' FROM submissions s
                 WHERE s.case_number = $1 AND s.province = $2 AND NOT s.golden"
            ),
            &[number, &province],
        )?,
        // Each kind through its own index; a case found twice is listed once (first kind).
        SearchTerms::Text { applicant_id, id_number, name } => tx.query(
            &format!(
                "SELECT {HIT_COLUMNS}, m.kind FROM (
                     SELECT DISTINCT ON (id) id, kind FROM (
                         SELECT id, 'applicant_id' AS kind, 1 AS rank FROM submissions
                         WHERE applicant_id = $1
                         UNION ALL
                         SELECT id, 'id_number', 2 FROM submissions
                         WHERE upper(identity::jsonb ->> 'id_number') = $2
                         UNION ALL
                         SELECT id, 'name', 3 FROM submissions
                         WHERE (identity::jsonb ->> 'name') = $3
                     ) found ORDER BY id, rank
                 ) m JOIN submissions s ON s.id = m.id
                 WHERE s.province = $4 AND NOT s.golden
                 ORDER BY s.submitted_at DESC, s.id LIMIT $5"
            ),
            &[applicant_id, id_number, name, &province, &limit],
        )?,
    };
    let mut hits = rows.iter().map(hit).collect::<Result<Vec<_>, _>>()?;
    let truncated = hits.len() > MAX_CASE_HITS;
    hits.truncate(MAX_CASE_HITS);
    for (subject, detail) in case_search_events(terms, &hits) {
        let note = AuditNote {
            actor: &viewer.username,
            action: AuditAction::CaseSearch,
            subject: subject.as_deref(),
            detail,
        };
        audit_log::append(tx, &note, now)?;
    }
    Ok(CaseSearchResult { hits, truncated })
}

fn hit(row: &Row) -> Result<CaseHit, StoreError> {
    let id_type: Option<String> = row.try_get(4)?;
    let status_text: String = row.try_get(6)?;
    let submitted_at: String = row.try_get(7)?;
    let due_date: Option<String> = row.try_get(8)?;
    let matched: String = row.try_get(9)?;
    Ok(CaseHit {
        submission_id: row.try_get(0)?,
        case_number: row.try_get(1)?,
        matched_by: crate::supervision_rules::case_match(&matched)?,
        applicant_id: row.try_get(2)?,
        name_masked: row.try_get::<_, Option<String>>(3)?.as_deref().map(mask_name),
        id_type: id_type
            .map(|text| text.parse().map_err(|_| corrupt("ID type", &text)))
            .transpose()?,
        id_number_masked: row.try_get::<_, Option<String>>(5)?.as_deref().map(mask_id_number),
        status: status(&status_text)?,
        submitted_at: parse_timestamp(&submitted_at)?,
        due_date: due_date.as_deref().map(parse_date).transpose()?,
    })
}
