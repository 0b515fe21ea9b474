//! The face-similarity calibration on PostgreSQL (see [`crate::face_calibrations`]): the
//! province's approved faces read, runs and bands appended with their audit events, the latest of
//! each read back. Setting bands reads its run `FOR SHARE`, so the run it was checked against is
//! the one it names when it commits (runs are never changed, but the lock states the rule).

use chrono::{DateTime, Utc};
use postgres::Row;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};
use reviewdesk_domain::wire::identity_board::FaceSource;
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::face_calibrations::{
    check_request, embedding_from_bytes, CalibrationFace, NewCalibrationRun, RunFacts,
};
use crate::rules::province_of;
use crate::text_values::{corrupt, parse_timestamp, timestamp};
use crate::{AuditNote, StoreError, User};

pub(super) fn faces(tx: &mut Tx<'_>, province: &str) -> Result<Vec<CalibrationFace>, StoreError> {
    let rows = tx.query(
        "SELECT f.submission_id, s.applicant_id, f.source, f.embedding
         FROM board_faces f JOIN submissions s ON s.id = f.submission_id
         WHERE f.province = $1 AND s.province = $1
           AND f.source IN ('card_portrait', 'handheld_person')
           AND s.status = 'approved' AND NOT s.golden AND s.purged_at IS NULL
         ORDER BY f.submission_id, f.source",
        &[&province],
    )?;
    let mut faces = Vec::with_capacity(rows.len());
    for row in rows {
        let source: String = row.try_get(2)?;
        let bytes: Vec<u8> = row.try_get(3)?;
        faces.push(CalibrationFace {
            submission_id: row.try_get(0)?,
            applicant_id: row.try_get(1)?,
            source: FaceSource::parse(&source).ok_or_else(|| corrupt("face source", &source))?,
            embedding: embedding_from_bytes(&bytes)
                .ok_or_else(|| corrupt("face embedding length", &bytes.len().to_string()))?,
        });
    }
    Ok(faces)
}

fn stored_count(count: u32) -> Result<i32, StoreError> {
    i32::try_from(count).map_err(|_| StoreError::Backend { message: format!("{count} pairs") })
}

pub(super) fn record_run(
    tx: &mut Tx<'_>,
    supervisor: &User,
    run: &NewCalibrationRun,
    now: DateTime<Utc>,
) -> Result<CalibrationRun, StoreError> {
    let province = province_of(supervisor)?;
    let sufficient = run.thin_reason.is_none();
    let row = tx.query_one(
        "INSERT INTO face_calibration_runs (province, run_at, run_by, same_person_pairs,
             different_person_pairs, different_sampled, rates, sufficient, thin_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
        &[
            &province,
            &timestamp(now),
            &supervisor.username,
            &stored_count(run.same_person_pairs)?,
            &stored_count(run.different_person_pairs)?,
            &run.different_sampled,
            &serde_json::to_string(&run.rates)?,
            &sufficient,
            &run.thin_reason,
        ],
    )?;
    let id: i64 = row.try_get(0)?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::FaceCalibrationRun,
            subject: None,
            detail: json!({
                "run_id": id,
                "province": province,
                "same_person_pairs": run.same_person_pairs,
                "different_person_pairs": run.different_person_pairs,
                "different_sampled": run.different_sampled,
                "sufficient": sufficient,
            }),
        },
        now,
    )?;
    Ok(CalibrationRun {
        id,
        run_at: now,
        run_by: supervisor.username.clone(),
        same_person_pairs: run.same_person_pairs,
        different_person_pairs: run.different_person_pairs,
        rates: run.rates.clone(),
        sufficient,
        thin_reason: run.thin_reason.clone(),
    })
}

pub(super) fn set_bands(
    tx: &mut Tx<'_>,
    supervisor: &User,
    request: &SetBandsRequest,
    now: DateTime<Utc>,
) -> Result<SimilarityBands, StoreError> {
    let province = province_of(supervisor)?;
    let run = tx
        .query_opt(
            "SELECT thin_reason FROM face_calibration_runs WHERE id = $1 AND province = $2
             FOR SHARE",
            &[&request.run_id, &province],
        )?
        .map(|row| row.try_get(0).map(|thin_reason| RunFacts { thin_reason }))
        .transpose()?;
    check_request(request, run.as_ref())?;
    tx.execute(
        "INSERT INTO similarity_bands (province, similar_below, dissimilar_from, run_id, set_by,
             set_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &province,
            &f64::from(request.similar_below),
            &f64::from(request.dissimilar_from),
            &request.run_id,
            &supervisor.username,
            &timestamp(now),
        ],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::SimilarityBandsSet,
            subject: None,
            detail: json!({
                "province": province,
                "run_id": request.run_id,
                "similar_below": request.similar_below,
                "dissimilar_from": request.dissimilar_from,
            }),
        },
        now,
    )?;
    Ok(SimilarityBands {
        similar_below: request.similar_below,
        dissimilar_from: request.dissimilar_from,
        run_id: request.run_id,
        set_by: supervisor.username.clone(),
        set_at: now,
    })
}

fn count(row: &Row, column: usize) -> Result<u32, StoreError> {
    let value: i32 = row.try_get(column)?;
    u32::try_from(value).map_err(|_| corrupt("pair count", &value.to_string()))
}

fn run_of(row: &Row) -> Result<CalibrationRun, StoreError> {
    let run_at: String = row.try_get(1)?;
    let rates: String = row.try_get(5)?;
    Ok(CalibrationRun {
        id: row.try_get(0)?,
        run_at: parse_timestamp(&run_at)?,
        run_by: row.try_get(2)?,
        same_person_pairs: count(row, 3)?,
        different_person_pairs: count(row, 4)?,
        rates: serde_json::from_str(&rates)?,
        sufficient: row.try_get(6)?,
        thin_reason: row.try_get(7)?,
    })
}

fn bands_of(row: &Row) -> Result<SimilarityBands, StoreError> {
    let set_at: String = row.try_get(4)?;
    Ok(SimilarityBands {
        similar_below: row.try_get::<_, f64>(0)? as f32,
        dissimilar_from: row.try_get::<_, f64>(1)? as f32,
        run_id: row.try_get(2)?,
        set_by: row.try_get(3)?,
        set_at: parse_timestamp(&set_at)?,
    })
}

pub(super) fn bands(
    tx: &mut Tx<'_>,
    province: &str,
) -> Result<Option<SimilarityBands>, StoreError> {
    tx.query_opt(
        "SELECT similar_below, dissimilar_from, run_id, set_by, set_at FROM similarity_bands
         WHERE province = $1 ORDER BY id DESC LIMIT 1",
        &[&province],
    )?
    .as_ref()
    .map(bands_of)
    .transpose()
}

pub(super) fn status(tx: &mut Tx<'_>, province: &str) -> Result<CalibrationStatus, StoreError> {
    let latest_run = tx
        .query_opt(
            "SELECT id, run_at, run_by, same_person_pairs, different_person_pairs, rates,
                    sufficient, thin_reason
             FROM face_calibration_runs WHERE province = $1 ORDER BY id DESC LIMIT 1",
            &[&province],
        )?
        .as_ref()
        .map(run_of)
        .transpose()?;
    Ok(CalibrationStatus { latest_run, bands: bands(tx, province)? })
}
