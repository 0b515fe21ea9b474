//! The bundled calendar agrees, day for day over every covered year, with the dataset it was
//! generated from: the PyPI package `chinesecalendar` at the pinned version, queried through
//! `python3`. Missing Python or a different package version fails the test (never a skip).
//!
//! Set up with `pip install chinesecalendar==1.11.0`.

use std::process::Command;

use chrono::NaiveDate;
use reviewdesk_domain::calendar::{DayKind, WorkCalendar};

/// The dataset version the bundled file was generated from (see its `source` header).
const DATASET_VERSION: &str = "1.11.0";

/// Prints the dataset version, its year range, then `date is_workday holiday_name` for every day
/// of the years given as arguments.
const DUMP_SCRIPT: &str = r#"
import datetime, sys
try:
    import chinese_calendar
except ImportError:
    sys.exit(3)
first, last = int(sys.argv[1]), int(sys.argv[2])
years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
print("version", chinese_calendar.__version__)
print("years", years[0], years[-1])
day = datetime.date(first, 1, 1)
while day <= datetime.date(last, 12, 31):
    _, name = chinese_calendar.get_holiday_detail(day)
    print(day.isoformat(), int(chinese_calendar.is_workday(day)), name or "-", sep="\t")
    day += datetime.timedelta(days=1)
"#;

fn install_hint() -> String {
    format!("pip install chinesecalendar=={DATASET_VERSION}")
}

#[test]
fn bundled_calendar_matches_chinesecalendar_day_for_day() {
    let calendar = WorkCalendar::bundled();
    let years = calendar.covered_years();
    assert!(
        calendar.source().starts_with(&format!("chinesecalendar {DATASET_VERSION} ")),
        "the bundled calendar comes from `{}`, this test pins chinesecalendar {DATASET_VERSION}",
        calendar.source()
    );

    let output = Command::new("python3")
        .args(["-c", DUMP_SCRIPT, &years.start().to_string(), &years.end().to_string()])
        .output()
        .unwrap_or_else(|err| {
            panic!("cannot run python3 ({err}); install Python 3, then {}", install_hint())
        });
    assert_ne!(
        output.status.code(),
        Some(3),
        "python3 has no chinese_calendar module; run `{}`",
        install_hint()
    );
    assert!(
        output.status.success(),
        "the chinese_calendar dump failed ({}); run `{}`\n{}",
        output.status,
        install_hint(),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();

    let version = lines.next().unwrap().strip_prefix("version ").unwrap();
    assert_eq!(
        version,
        DATASET_VERSION,
        "wrong chinesecalendar installed; run `{}`",
        install_hint()
    );
    let dataset_years = lines.next().unwrap().strip_prefix("years ").unwrap();
    assert_eq!(
        dataset_years,
        format!("{} {}", years.start(), years.end()),
        "the file must cover exactly the dataset's years"
    );

    let mut compared = 0usize;
    let mut named = 0usize;
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let [day, workday, name] = fields[..] else { panic!("unexpected dump line {line:?}") };
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let expected = workday == "1";
        assert_eq!(
            calendar.is_workday(day).unwrap(),
            expected,
            "{day}: is_workday disagrees with chinese_calendar"
        );
        let kind = calendar.day_kind(day).unwrap();
        assert_eq!(kind.is_workday(), expected, "{day}: day_kind disagrees with is_workday");
        if let DayKind::Holiday { name: ours } | DayKind::MakeupWorkday { name: ours } = &kind {
            assert_eq!(ours.en, name, "{day}: holiday name disagrees with chinese_calendar");
            named += 1;
        }
        compared += 1;
    }

    let expected_days = NaiveDate::from_ymd_opt(*years.end() + 1, 1, 1)
        .unwrap()
        .signed_duration_since(NaiveDate::from_ymd_opt(*years.start(), 1, 1).unwrap())
        .num_days();
    assert_eq!(compared as i64, expected_days, "the dump did not cover every day");
    println!(
        "compared {compared} days ({}–{}) with chinesecalendar {DATASET_VERSION}; {named} exception days also matched by name",
        years.start(),
        years.end()
    );
}
