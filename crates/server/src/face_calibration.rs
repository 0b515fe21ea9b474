//! The face-similarity calibration a supervisor runs (`POST /api/v1/face-calibration/runs`): the
//! province's approved faces read from the store, paired and measured by the domain's rules
//! (`reviewdesk_domain::face_calibration`: same person within a submission, different applicants
//! across, at most `DIFFERENT_PAIRS_CAP` different-person pairs, a deterministic sample beyond),
//! judged against the deployment's minimums ([`crate::settings::Settings::calibration_minimums`])
//! and recorded with its audit event. [`report`] is the same run and the bands in force as text
//! (`reviewdesk-server face-calibration`).

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, Utc};
use reviewdesk_domain::face_calibration::{
    candidate_thresholds, pair_distances, rates, thin_reason, CalibrationMinimums,
    DIFFERENT_PAIRS_CAP,
};
use reviewdesk_domain::wire::face_calibration::{CalibrationRun, CalibrationStatus};

use crate::store::rules::province_of;
use crate::store::{NewCalibrationRun, Store, StoreError, User};

/// Runs a calibration of the supervisor's province now and records it (audited
/// `face_calibration_run`). Reading the faces and recording the run are two transactions: a run
/// measures the approved cases as they were when it read them.
pub fn run(
    store: &dyn Store,
    supervisor: &User,
    minimums: CalibrationMinimums,
    now: DateTime<Utc>,
) -> Result<CalibrationRun, StoreError> {
    let province = province_of(supervisor)?;
    let faces = store.calibration_faces(province)?;
    let pairs = pair_distances(&faces, DIFFERENT_PAIRS_CAP);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let (same, different) = (count(pairs.same_person.len()), count(pairs.different_person.len()));
    let run = NewCalibrationRun {
        same_person_pairs: same,
        different_person_pairs: different,
        different_sampled: pairs.sampled,
        rates: rates(&pairs.same_person, &pairs.different_person, &candidate_thresholds()),
        thin_reason: thin_reason(same, different, minimums),
    };
    store.record_calibration_run(supervisor, &run, now)
}

fn beijing(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(zone) => at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// A rate with the pairs it counts: `2.50% (3/120)`, so a thin run reads as thin.
fn share(rate: f64, pairs: u32) -> String {
    let counted = (rate * f64::from(pairs)).round();
    format!("{:.2}% ({counted}/{pairs})", rate * 100.0)
}

/// The latest run's table and the bands in force of `province`, for a person at a terminal:
/// Chinese first, English beside; times in Beijing time. Every state is said: no run, a thin
/// run (and why), no bands (no band is shown on the board).
pub fn report(province: &str, status: &CalibrationStatus) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "省份 province {province}");
    match &status.latest_run {
        None => {
            let _ = writeln!(out, "尚未运行校准 (no calibration run yet)");
        }
        Some(run) => {
            let _ = writeln!(
                out,
                "最近一次校准 latest run #{}: {} 北京时间 (Beijing time), {}",
                run.id,
                beijing(run.run_at),
                run.run_by
            );
            let _ = writeln!(
                out,
                "同一人配对 same-person pairs: {}; 不同人配对 different-person pairs: {}",
                run.same_person_pairs, run.different_person_pairs
            );
            match &run.thin_reason {
                None => {
                    let _ = writeln!(out, "数据量足够设定分档 (enough pairs to set bands)");
                }
                Some(reason) => {
                    let _ = writeln!(out, "数据不足 (too few pairs): {reason}");
                }
            }
            if run.rates.is_empty() {
                let _ =
                    writeln!(out, "无比率：缺少某一类配对 (no rates: a kind of pair is missing)");
            } else {
                // Column widths count a Chinese character as two.
                let _ = writeln!(out, "阈值       误配率                误拒率");
                let _ = writeln!(out, "threshold  false match           false non-match");
                for rate in &run.rates {
                    let _ = writeln!(
                        out,
                        "{:<11}{:<22}{}",
                        format!("{:.3}", rate.threshold),
                        share(rate.false_match_rate, run.different_person_pairs),
                        share(rate.false_non_match_rate, run.same_person_pairs)
                    );
                }
            }
        }
    }
    match &status.bands {
        None => {
            let _ = writeln!(
                out,
                "相似度尚未校准：身份比对板不显示相似度分档 (not calibrated: the board shows no band)"
            );
        }
        Some(bands) => {
            let _ = writeln!(
                out,
                "现行分档 bands in force: 相似 similar < {:.3}; 存疑 uncertain; 不相似 dissimilar >= {:.3} \
                 (校准 run #{}, {} 于 {} 北京时间设定)",
                bands.similar_below,
                bands.dissimilar_from,
                bands.run_id,
                bands.set_by,
                beijing(bands.set_at)
            );
        }
    }
    out
}
