//! The statistics of a province over a date range, computed from the store's rows
//! ([`StatsRecords`]): decisions per day, per reviewer (throughput, median handling time, SLA
//! breaches, QA and golden agreement), reasons with golden agreement per reason, and the open
//! items at risk (due within one working day, or late) today. Golden items count only in the
//! golden figures.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use reviewdesk_domain::calendar::{china_date, WorkCalendar};
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::supervision::{
    Agreement, DayCount, ReasonStats, ReviewerStats, Stats,
};

use crate::store::{StatsDecision, StatsRecords};

#[derive(Default)]
struct ReviewerTally {
    decisions: u32,
    approved: u32,
    days: BTreeSet<NaiveDate>,
    handling: Vec<i64>,
    sla_breaches: u32,
    qa: Agreement,
    golden: Agreement,
}

fn tally(agreement: &mut Agreement, agreed: bool) {
    agreement.checked += 1;
    agreement.agreed += u32::from(agreed);
}

fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle] as f64
    } else {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    })
}

/// Whether an open item due on `due` is at risk on `today` (due within one working day, or late;
/// provisional working days count like official ones), and whether that count is provisional.
/// Where not even a provisional answer exists, the calendar-day distance decides.
pub fn at_risk(due: NaiveDate, today: NaiveDate, calendar: &WorkCalendar) -> (bool, bool) {
    match calendar.days_left(today, due) {
        Ok(left) => (left.days <= 1, left.provisional),
        Err(_) => ((due - today).num_days() <= 1, false),
    }
}

fn golden_answer(decision: &StatsDecision) -> Option<(bool, &[String])> {
    decision
        .golden_expected
        .as_ref()
        .map(|(outcome, reasons)| (*outcome == decision.outcome, reasons.as_slice()))
}

/// The statistics of `records` over `from..=to`, with items at risk as of `today`.
pub fn compute(
    records: &StatsRecords,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Stats {
    let mut per_day: BTreeMap<NaiveDate, DayCount> = BTreeMap::new();
    let mut day = from;
    while day <= to {
        per_day.insert(day, DayCount { date: day, approved: 0, rejected: 0 });
        day = day.succ_opt().unwrap_or(to + chrono::Duration::days(1));
    }
    let mut reviewers: BTreeMap<&str, ReviewerTally> = BTreeMap::new();
    let mut reasons: BTreeMap<&str, ReasonStats> = BTreeMap::new();
    let (mut decisions, mut approved, mut sla_breaches) = (0, 0, 0);
    let (mut qa, mut golden) = (Agreement::default(), Agreement::default());

    for decision in &records.decisions {
        let reviewer = reviewers.entry(&decision.reviewer).or_default();
        if let Some((agreed, expected_reasons)) = golden_answer(decision) {
            tally(&mut reviewer.golden, agreed);
            tally(&mut golden, agreed);
            for code in expected_reasons {
                let entry = reasons.entry(code).or_insert_with(|| ReasonStats {
                    code: code.clone(),
                    count: 0,
                    golden: Agreement::default(),
                });
                tally(&mut entry.golden, decision.reasons.contains(code));
            }
            continue;
        }
        let date = china_date(decision.decided_at);
        let approve = decision.outcome == Outcome::Approve;
        if let Some(count) = per_day.get_mut(&date) {
            if approve {
                count.approved += 1;
            } else {
                count.rejected += 1;
            }
        }
        decisions += 1;
        approved += u32::from(approve);
        sla_breaches += u32::from(decision.sla_breached);
        reviewer.decisions += 1;
        reviewer.approved += u32::from(approve);
        reviewer.days.insert(date);
        reviewer.sla_breaches += u32::from(decision.sla_breached);
        if let Some(claimed) = decision.claimed_at {
            reviewer.handling.push((decision.decided_at - claimed).num_seconds().max(0));
        }
        if let Some(agreed) = decision.qa_agreed {
            tally(&mut reviewer.qa, agreed);
            tally(&mut qa, agreed);
        }
        for code in &decision.reasons {
            reasons
                .entry(code)
                .or_insert_with(|| ReasonStats {
                    code: code.clone(),
                    count: 0,
                    golden: Agreement::default(),
                })
                .count += 1;
        }
    }

    let mut reasons: Vec<ReasonStats> = reasons.into_values().collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    let reviewers = reviewers
        .into_iter()
        .map(|(name, mut tally)| ReviewerStats {
            reviewer: name.to_owned(),
            decisions: tally.decisions,
            approved: tally.approved,
            per_active_day: if tally.days.is_empty() {
                0.0
            } else {
                f64::from(tally.decisions) / tally.days.len() as f64
            },
            median_handling_seconds: median(&mut tally.handling),
            sla_breaches: tally.sla_breaches,
            qa: tally.qa,
            golden: tally.golden,
        })
        .collect();
    let open = records.open_due_dates.len() as u32;
    let risks: Vec<(bool, bool)> =
        records.open_due_dates.iter().flatten().map(|due| at_risk(*due, today, calendar)).collect();
    let at_risk_count = risks.iter().filter(|(risky, _)| *risky).count() as u32;
    let open_provisional = risks.iter().filter(|(_, provisional)| *provisional).count() as u32;
    Stats {
        from,
        to,
        per_day: per_day.into_values().collect(),
        reviewers,
        reasons,
        decisions,
        approved,
        sla_breaches,
        open,
        at_risk: at_risk_count,
        open_provisional,
        qa,
        golden,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn decision(reviewer: &str, outcome: Outcome, decided: &str, claimed: &str) -> StatsDecision {
        StatsDecision {
            reviewer: reviewer.into(),
            outcome,
            reasons: if outcome == Outcome::Reject { vec!["photo_rotated".into()] } else { vec![] },
            decided_at: at(decided),
            claimed_at: Some(at(claimed)),
            sla_breached: false,
            qa_agreed: None,
            golden_expected: None,
        }
    }

    #[test]
    fn counts_per_beijing_day_reviewer_and_reason_leaving_golden_items_to_agreement() {
        let mut golden =
            decision("li", Outcome::Reject, "2026-12-02T02:00:00Z", "2026-12-02T01:59:00Z");
        golden.golden_expected =
            Some((Outcome::Reject, vec!["photo_rotated".into(), "name_mismatch".into()]));
        let mut sampled =
            decision("wang", Outcome::Approve, "2026-12-01T17:00:00Z", "2026-12-01T16:59:00Z");
        sampled.qa_agreed = Some(false);
        let records = StatsRecords {
            decisions: vec![
                // 2026-12-01 23:30 UTC is 12-02 07:30 in Beijing.
                decision("li", Outcome::Approve, "2026-12-01T23:30:00Z", "2026-12-01T23:29:00Z"),
                decision("li", Outcome::Reject, "2026-12-02T03:00:00Z", "2026-12-02T02:57:00Z"),
                sampled,
                golden,
            ],
            open_due_dates: vec![Some(day("2026-12-04")), Some(day("2026-12-20")), None],
        };
        let stats = compute(
            &records,
            day("2026-12-01"),
            day("2026-12-03"),
            day("2026-12-03"),
            WorkCalendar::bundled(),
        );
        assert_eq!(stats.decisions, 3);
        assert_eq!(stats.approved, 2);
        let days: Vec<(u32, u32)> =
            stats.per_day.iter().map(|d| (d.approved, d.rejected)).collect();
        assert_eq!(days, [(0, 0), (2, 1), (0, 0)]);
        let li = &stats.reviewers[0];
        assert_eq!((li.reviewer.as_str(), li.decisions, li.approved), ("li", 2, 1));
        assert_eq!(li.median_handling_seconds, Some(120.0));
        assert_eq!(li.golden, Agreement { checked: 1, agreed: 1 });
        assert_eq!(stats.reviewers[1].qa, Agreement { checked: 1, agreed: 0 });
        let blurred = stats.reasons.iter().find(|r| r.code == "photo_rotated").unwrap();
        assert_eq!((blurred.count, blurred.golden), (1, Agreement { checked: 1, agreed: 1 }));
        let name = stats.reasons.iter().find(|r| r.code == "name_mismatch").unwrap();
        assert_eq!((name.count, name.golden), (0, Agreement { checked: 1, agreed: 0 }));
        // Thursday 12-03: Friday 12-04 is one working day away (at risk); 12-20 is not.
        assert_eq!((stats.open, stats.at_risk), (3, 1));
        assert_eq!(stats.open_provisional, 0, "December 2026 before the 22nd is settled");
        let late_december = StatsRecords {
            open_due_dates: vec![Some(day("2027-01-05")), Some(day("2026-12-21"))],
            ..records
        };
        let stats = compute(
            &late_december,
            day("2026-12-01"),
            day("2026-12-03"),
            day("2026-12-18"),
            WorkCalendar::bundled(),
        );
        assert_eq!((stats.open, stats.at_risk, stats.open_provisional), (2, 1, 1));
    }
}
