//! A demo deployment's past, so a supervisor signing in to the demo sees something to supervise:
//! the second demo reviewer of each province (`reviewer<province>b`) has already decided a
//! quarter of the province's demo queue, the way a careful reviewer would (a rejection naming
//! the reason for what the checks found, else an approval), every third decision drawn into the
//! QA sample, and the supervisor has planted one golden item. It goes through the real store
//! methods (claims, decisions, golden items), so the audit chain and every view are the real
//! thing. Runs once per province: a province that already has decisions is left alone.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::supervision::DecisionLogFilter;

use crate::settings::Settings;
use crate::store::{NewDecision, Store, StoreError, User};

/// The reject reason a reviewer gives for a finding of the consistency checks, if any.
fn reason_for(finding: &str) -> Option<&'static str> {
    match finding {
        "sex_mismatch" => Some("sex_incorrect"),
        "birth_date_mismatch" => Some("birth_date_incorrect"),
        "id_expired" => Some("id_expired"),
        _ => None,
    }
}

fn account(store: &dyn Store, username: &str) -> Result<User, String> {
    store
        .user_for_login(username)
        .map_err(|e| e.to_string())?
        .map(|(user, _)| user)
        .ok_or_else(|| format!("no demo account {username}"))
}

/// Decides `share_of` (one in N) of `province`'s queue as its second demo reviewer, as of a few
/// hours before `now`, and plants one golden item. Returns how many decisions were made.
pub fn seed_history(
    store: &dyn Store,
    province: &str,
    queued: u32,
    now: DateTime<Utc>,
) -> Result<u32, String> {
    let reviewer = account(store, &format!("reviewer{province}b"))?;
    let supervisor = account(store, &format!("supervisor{province}"))?;
    let already = store
        .decision_log(&supervisor, &DecisionLogFilter::default(), None, 1)
        .map_err(|e| e.to_string())?;
    if !already.records.is_empty() {
        return Ok(0);
    }
    let lease_for = Settings::default().default_lease;
    let mut decided = 0;
    let mut last_decided = None;
    for n in 0..queued / 4 {
        let at = now - Duration::hours(4) + Duration::minutes(i64::from(n) * 7);
        let Some(lease) =
            store.claim(&reviewer, 1, lease_for, at).map_err(|e| e.to_string())?.pop()
        else {
            break;
        };
        let submission =
            store.submission(&reviewer, &lease.submission_id, at).map_err(|e| e.to_string())?;
        let mut reasons: Vec<String> = submission
            .findings
            .iter()
            .filter_map(|finding| reason_for(&finding.code))
            .map(str::to_owned)
            .collect();
        reasons.dedup();
        let decision = NewDecision {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: lease.submission_id.clone(),
            lease_token: lease.lease_token,
            outcome: if reasons.is_empty() { Outcome::Approve } else { Outcome::Reject },
            reasons,
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        let decided_at = at + Duration::minutes(2 + i64::from(n % 5));
        store
            .decide_sampled(&reviewer, &decision, n % 3 == 0, decided_at)
            .map_err(|e| e.to_string())?;
        decided += 1;
        last_decided = Some(lease.submission_id);
    }
    if let Some(source) = last_decided {
        let calendar = store.calendar().map_err(|e| e.to_string())?;
        let due = calendar.calendar.due(china_date(now), Settings::default().due_working_days).ok();
        match store.plant_golden(&supervisor, &source, &uuid::Uuid::new_v4().to_string(), due, now)
        {
            Ok(_) | Err(StoreError::Invalid { .. }) => {}
            Err(error) => return Err(error.to_string()),
        }
    }
    Ok(decided)
}
