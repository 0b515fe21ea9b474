//! `GET /api/v1/supervision/stats` (the statistics of the supervisor's province over a date
//! range) and `GET /api/v1/supervision/audit/verify` (the whole audit chain checked now: its links,
//! then against the checkpoints the database holds, so a chain cut short or recomputed shows here
//! too; their signatures are checked by `reviewdesk-server audit verify`, which has the key).

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::audit::{verify, BrokenLink};
use reviewdesk_domain::audit_checkpoint::{check_against, AnchorBreak};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::decision_rules::check_stats_range;
use reviewdesk_domain::wire::supervision::{AuditVerification, Stats, StatsQuery};
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiQuery;
use super::principal::Supervisor;
use super::state::AppState;
use crate::supervision::stats::compute;

/// The statistics over `from..=to` (Beijing dates).
#[utoipa::path(get, path = "/api/v1/supervision/stats", tag = "supervision", params(StatsQuery),
    responses(
        (status = 200, body = Stats),
        (status = 400, body = ErrorBody, description = "`bad_query`"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`bad_date_range`, `range_too_long`"),
    ),
    security(("bearer" = [])))]
pub async fn stats(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> Result<Json<Stats>, ApiError> {
    let StatsQuery { from, to } = query;
    check_stats_range(from, to)?;
    let today = china_date(state.clock.now());
    let (records, calendar) = run(move || {
        let calendar = state.calendar.current(state.store.as_ref())?;
        Ok((state.store.stats_records(&staff.user, from, to)?, calendar))
    })
    .await?;
    Ok(Json(compute(&records, from, to, today, &calendar.calendar)))
}

fn broken_zh(broken: &BrokenLink) -> &'static str {
    match broken {
        BrokenLink::Sequence { .. } => "序号不连续：有记录被删除或插入",
        BrokenLink::PrevHash { .. } => "与前一条记录的链接不符",
        BrokenLink::Hash { .. } => "内容与其哈希不符：记录被篡改",
    }
}

fn anchor_zh(broken: &AnchorBreak) -> String {
    match broken {
        AnchorBreak::Emptied { checkpoint_seq, .. } => {
            format!("审计日志为空，但检查点记录了 {checkpoint_seq} 条：全部记录被删除")
        }
        AnchorBreak::Truncated { length, checkpoint_seq, .. } => format!(
            "审计链只到第 {length} 条，但检查点记录了 {checkpoint_seq} 条：末尾的记录被删除"
        ),
        AnchorBreak::Rewritten { checkpoint_seq, first_suspect, .. } => format!(
            "第 {checkpoint_seq} 条记录与检查点不符：审计链被重新计算（改动在第 {first_suspect} 至 \
             {checkpoint_seq} 条之间）"
        ),
    }
}

/// Verifies the audit chain from its first event, then against the stored checkpoints.
#[utoipa::path(get, path = "/api/v1/supervision/audit/verify", tag = "supervision",
    responses(
        (status = 200, body = AuditVerification),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn verify_audit(
    State(state): State<AppState>,
    _supervisor: Supervisor,
) -> Result<Json<AuditVerification>, ApiError> {
    let now = state.clock.now();
    let (chain, checkpoints) =
        with_store(&state.store, |store| Ok((store.audit_chain()?, store.audit_checkpoints()?)))
            .await?;
    let verification = match verify(&chain) {
        Ok(events) => match check_against(&chain, &checkpoints) {
            Ok(_) => AuditVerification {
                intact: true,
                events,
                first_broken: None,
                message: format!("审计链完整：共 {events} 条记录，逐条校验通过"),
                checked_at: now,
            },
            Err(broken) => AuditVerification {
                intact: false,
                events,
                first_broken: Some(broken.seq()),
                message: anchor_zh(&broken),
                checked_at: now,
            },
        },
        Err(broken) => AuditVerification {
            intact: false,
            events: chain.len() as u64,
            first_broken: Some(broken.seq()),
            message: format!("审计链在第 {} 条记录处断裂（{}）", broken.seq(), broken_zh(&broken)),
            checked_at: now,
        },
    };
    Ok(Json(verification))
}
