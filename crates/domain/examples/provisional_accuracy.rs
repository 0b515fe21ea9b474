//! How far a provisional due date lands from the official one.
//!
//! For every submission day D from 2010-01-01 to 2026-12-31 and the product's promise of
//! 7 working days, it compares
//! - the official due date, `WorkCalendar::bundled().due_date(D, 7)`, with
//! - the provisional one as if D's year had no notice yet: `bundled.until(year(D) - 1).due(D, 7)`,
//!   answered from weekends plus the statutory holidays of the rules in force since 2025.
//!
//! Days whose official due date cannot be computed (it reaches 2027, which the bundled calendar
//! does not cover) are skipped and counted. It prints the distribution of (provisional −
//! official) in calendar days (negative: the provisional date is earlier, the safe direction for
//! an SLA; positive: later, the reviewer would think they have more time than they do), the
//! shares exactly right, within ±1 and within ±3 days (calendar days: one working day across a
//! weekend reads ±3), the same per year, the holidays behind the misses of 2 days or more, every
//! late miss of 2 days or more and every early one of 5 or more, and separately the submissions of 22–31 December measured against
//! `until(year(D))`: the year is covered but its last 10 days are still provisional, so only the
//! next January is guessed. `until` keeps every exception dated in the cut-off year, including
//! the late-December ones that the next year's notice set (a 元旦 make-up Saturday or bridge
//! day: 2011-12-31, 2018-12-29, 2018-12-31 in these years), so that comparison is flattering; a
//! second one drops those days first, which is the calendar as it really stood before the notice.
//!
//! Read the older years with care: the provisional answer applies the 2025 rules to every year.
//! Before 2025 the Spring Festival was 3 statutory days (without 除夕) and Labour Day 1 day, and
//! before 2008 清明, 端午 and 中秋 were not public holidays at all, so 2010–2024 measure the 2025
//! rules against arrangements made under older rules; 2025 and 2026 are the fair years. Make-up
//! working days (调休) and the days off moved next to a holiday by the yearly notice are never
//! predicted: only the statutory days themselves are.
//!
//! `cargo run --release -p reviewdesk-domain --example provisional_accuracy`

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use reviewdesk_domain::calendar::{statutory, WorkCalendar};
use reviewdesk_domain::Lang;

/// The product's promise: an answer within 7 working days.
const WORKING_DAYS: u32 = 7;
const FIRST_YEAR: i32 = 2010;
const LAST_YEAR: i32 = 2026;

/// One compared submission day.
struct Sample {
    submitted: NaiveDate,
    official: NaiveDate,
    provisional: NaiveDate,
}

impl Sample {
    /// Provisional − official, in calendar days.
    fn diff(&self) -> i64 {
        (self.provisional - self.official).num_days()
    }
}

/// Counts and extremes of a set of differences.
#[derive(Default)]
struct Tally {
    n: usize,
    exact: usize,
    within1: usize,
    within3: usize,
    early: usize,
    late: usize,
    max_early: i64,
    max_late: i64,
}

impl Tally {
    fn add(&mut self, diff: i64) {
        self.n += 1;
        self.exact += usize::from(diff == 0);
        self.within1 += usize::from(diff.abs() <= 1);
        self.within3 += usize::from(diff.abs() <= 3);
        self.early += usize::from(diff < 0);
        self.late += usize::from(diff > 0);
        self.max_early = self.max_early.min(diff);
        self.max_late = self.max_late.max(diff);
    }
}

fn pct(k: usize, n: usize) -> f64 {
    100.0 * k as f64 / n.max(1) as f64
}

fn signed(days: i64) -> String {
    if days == 0 {
        "0".to_owned()
    } else {
        format!("{days:+}")
    }
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("no such date {y}-{m}-{d}"))
}

/// The distribution table of the differences, then the exact / ±1 / ±3 shares.
fn print_distribution(samples: &[Sample]) {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    let mut tally = Tally::default();
    for sample in samples {
        *counts.entry(sample.diff()).or_default() += 1;
        tally.add(sample.diff());
    }
    println!("| provisional − official (days) | submissions | share |");
    println!("|---|---|---|");
    for (diff, count) in &counts {
        println!("| {} | {count} | {:.2} % |", signed(*diff), pct(*count, tally.n));
    }
    println!();
    println!(
        "{} submissions: exact {} ({:.1} %), within ±1 day {} ({:.1} %), within ±3 days {} \
         ({:.1} %); early {} ({:.1} %), late {} ({:.1} %); worst early {}, worst late {}",
        tally.n,
        tally.exact,
        pct(tally.exact, tally.n),
        tally.within1,
        pct(tally.within1, tally.n),
        tally.within3,
        pct(tally.within3, tally.n),
        tally.early,
        pct(tally.early, tally.n),
        tally.late,
        pct(tally.late, tally.n),
        signed(tally.max_early),
        signed(tally.max_late),
    );
}

/// The holidays that may explain a miss: the official exception days (holidays and make-up
/// working days) and the statutory weekdays from the day after submission to the later of the
/// two due dates.
fn holidays_behind(bundled: &WorkCalendar, sample: &Sample) -> String {
    let until = sample.official.max(sample.provisional);
    let mut names = BTreeSet::new();
    for day in sample.submitted.iter_days().skip(1).take_while(|day| *day <= until) {
        if let Ok(kind) = bundled.day_kind(day) {
            if let Some(name) = kind.holiday_name() {
                names.insert(name.get(Lang::En).to_owned());
            }
        }
    }
    for year in sample.submitted.year()..=until.year() {
        for day in statutory::statutory_days(year).unwrap_or_default() {
            let weekend = matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun);
            if day.date > sample.submitted && day.date <= until && !weekend {
                names.insert(day.name.get(Lang::En).to_owned());
            }
        }
    }
    if names.is_empty() {
        "(none)".to_owned()
    } else {
        names.into_iter().collect::<Vec<_>>().join(" + ")
    }
}

/// `calendar` (covering `year`) without the 元旦 exceptions dated 22–31 December of `year`: the
/// days the next year's notice sets, so the calendar as it stood before that notice.
fn before_next_notice(calendar: &WorkCalendar, year: i32) -> Result<WorkCalendar, String> {
    let text: String = calendar
        .to_file()
        .lines()
        .filter(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let late_december = fields.first().and_then(|field| {
                NaiveDate::parse_from_str(field, "%Y-%m-%d").ok()
            });
            !matches!(
                (late_december, fields.get(2)),
                (Some(day), Some(&"元旦")) if day.year() == year && day.month() == 12 && day.day() >= 22
            )
        })
        .map(|line| format!("{line}\n"))
        .collect();
    WorkCalendar::parse(&text)
        .map_err(|err| format!("calendar before the {} notice: {err}", year + 1))
}

/// The December distribution and its per-year table.
fn print_december(december: &[Sample]) {
    print_distribution(december);
    println!();
    println!("| year | submissions | exact | max early | max late | misses (submitted: diff) |");
    println!("|---|---|---|---|---|---|");
    let mut years: BTreeMap<i32, (Tally, Vec<String>)> = BTreeMap::new();
    for sample in december {
        let entry = years.entry(sample.submitted.year()).or_default();
        entry.0.add(sample.diff());
        if sample.diff() != 0 {
            entry.1.push(format!(
                "{}: {}",
                sample.submitted.format("%m-%d"),
                signed(sample.diff())
            ));
        }
    }
    for (year, (tally, misses)) in &years {
        println!(
            "| {year} | {} | {} | {} | {} | {} |",
            tally.n,
            tally.exact,
            signed(tally.max_early),
            signed(tally.max_late),
            misses.join(", "),
        );
    }
}

fn main() -> Result<(), String> {
    let bundled = WorkCalendar::bundled();
    println!(
        "Calendar: {} (covered {:?}); promise {WORKING_DAYS} working days; submissions \
         {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31",
        bundled.source(),
        bundled.covered_years()
    );

    let mut samples: Vec<Sample> = Vec::new();
    let mut december: Vec<Sample> = Vec::new();
    let mut december_unknown: Vec<Sample> = Vec::new();
    let mut skipped: Vec<NaiveDate> = Vec::new();
    let mut not_marked = 0usize;
    let mut december_not_marked = 0usize;

    for year in FIRST_YEAR..=LAST_YEAR {
        let before_notice = bundled.until(year - 1);
        let covered = bundled.until(year);
        let unknown = before_next_notice(&covered, year)?;
        let first = date(year, 1, 1)?;
        for submitted in first.iter_days().take_while(|day| day.year() == year) {
            let Ok(official) = bundled.due_date(submitted, WORKING_DAYS) else {
                skipped.push(submitted);
                continue;
            };
            let due = before_notice
                .due(submitted, WORKING_DAYS)
                .map_err(|err| format!("provisional due date for {submitted}: {err}"))?;
            not_marked += usize::from(!due.provisional);
            samples.push(Sample { submitted, official, provisional: due.date });
            if submitted.month() == 12 && submitted.day() >= 22 {
                let due = covered
                    .due(submitted, WORKING_DAYS)
                    .map_err(|err| format!("December due date for {submitted}: {err}"))?;
                december_not_marked += usize::from(!due.provisional);
                december.push(Sample { submitted, official, provisional: due.date });
                let due = unknown
                    .due(submitted, WORKING_DAYS)
                    .map_err(|err| format!("December due date for {submitted}: {err}"))?;
                december_not_marked += usize::from(!due.provisional);
                december_unknown.push(Sample { submitted, official, provisional: due.date });
            }
        }
    }

    println!();
    println!(
        "Skipped (official due date reaches a year not covered): {} days{}",
        skipped.len(),
        match (skipped.first(), skipped.last()) {
            (Some(first), Some(last)) => format!(", {first} to {last}"),
            _ => String::new(),
        }
    );
    println!(
        "Provisional answers not marked provisional: {not_marked} of {} (whole year), \
         {december_not_marked} of {} (22–31 December, both variants)",
        samples.len(),
        december.len() + december_unknown.len()
    );

    println!();
    println!("## Whole years: `until(year(D) - 1).due(D, 7)` against `due_date(D, 7)`");
    println!();
    print_distribution(&samples);

    println!();
    println!("## Per year");
    println!();
    println!(
        "| year | submissions | exact | exact % | within ±1 % | within ±3 % | early | late | \
         max early | max late |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut per_year: BTreeMap<i32, Tally> = BTreeMap::new();
    for sample in &samples {
        per_year.entry(sample.submitted.year()).or_default().add(sample.diff());
    }
    for (year, tally) in &per_year {
        println!(
            "| {year} | {} | {} | {:.1} | {:.1} | {:.1} | {} | {} | {} | {} |",
            tally.n,
            tally.exact,
            pct(tally.exact, tally.n),
            pct(tally.within1, tally.n),
            pct(tally.within3, tally.n),
            tally.early,
            tally.late,
            signed(tally.max_early),
            signed(tally.max_late),
        );
    }

    println!();
    println!("## Misses of 2 days or more, by the holidays between submission and due date");
    println!();
    println!(
        "| holidays in the window | misses | early | late | worst early | worst late | years |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut by_holiday: BTreeMap<String, (Tally, BTreeSet<i32>)> = BTreeMap::new();
    for sample in samples.iter().filter(|sample| sample.diff().abs() >= 2) {
        let entry = by_holiday.entry(holidays_behind(bundled, sample)).or_default();
        entry.0.add(sample.diff());
        entry.1.insert(sample.submitted.year());
    }
    let mut rows: Vec<_> = by_holiday.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.n.cmp(&a.1 .0.n).then_with(|| a.0.cmp(&b.0)));
    for (names, (tally, years)) in &rows {
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        println!(
            "| {names} | {} | {} | {} | {} | {} | {} |",
            tally.n,
            tally.early,
            tally.late,
            signed(tally.max_early),
            signed(tally.max_late),
            years.join(", "),
        );
    }

    print_misses(
        "Late misses of 2 days or more (the unsafe direction), every one",
        samples.iter().filter(|sample| sample.diff() >= 2),
        bundled,
    );
    print_misses(
        "Early misses of 5 days or more, every one",
        samples.iter().filter(|sample| sample.diff() <= -5),
        bundled,
    );

    println!();
    println!(
        "## 22–31 December with the year covered: `until(year(D)).due(D, 7)` against \
         `due_date(D, 7)`"
    );
    println!();
    print_december(&december);

    println!();
    println!(
        "## 22–31 December, the same without the late-December 元旦 days of the next notice \
         (the calendar as it stood before that notice)"
    );
    println!();
    print_december(&december_unknown);
    Ok(())
}

/// A table of the given misses, with the holidays between submission and due date.
fn print_misses<'a>(title: &str, misses: impl Iterator<Item = &'a Sample>, bundled: &WorkCalendar) {
    println!();
    println!("## {title}");
    println!();
    println!("| submitted | official | provisional | diff | holidays in the window |");
    println!("|---|---|---|---|---|");
    for sample in misses {
        println!(
            "| {} | {} | {} | {} | {} |",
            sample.submitted,
            sample.official,
            sample.provisional,
            signed(sample.diff()),
            holidays_behind(bundled, sample)
        );
    }
}
