//! The `reviewdesk-server` command line as a user runs it: the real binary, its stdout, stderr and
//! exit code (0 valid, 1 negative answer, 2 usage error).
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reviewdesk-server")).args(args).output().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout is not one JSON object ({e}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

fn codes(value: &Value, list: &str) -> Vec<String> {
    value[list].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn check_id_accepts_the_standards_example_with_consistent_data() {
    let out = run(&[
        "check-id",
        "--type",
        "resident",
        "11010519491231002x",
        "--sex",
        "F",
        "--birth",
        "1949-12-31",
        "--today",
        "2026-11-24",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["valid"], true);
    assert_eq!(v["id_type"], "resident");
    assert_eq!(v["normalized"], "11010519491231002X");
    assert_eq!(v["sex"], "female");
    assert_eq!(v["birth_date"], "1949-12-31");
    assert_eq!(v["region"]["code"], "110105");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn check_id_reports_a_declared_sex_that_contradicts_the_number() {
    let out = run(&[
        "check-id",
        "--type",
        "resident",
        "11010519491231002X",
        "--sex",
        "M",
        "--today",
        "2026-11-24",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["valid"], false);
    assert!(codes(&v, "errors").contains(&"sex_mismatch".to_owned()), "{v}");
    // Messages are Chinese by default and every error is {code, message}.
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("性别"), "{message}");
}

#[test]
fn check_id_reports_a_wrong_check_character_in_english_on_request() {
    let out = run(&["check-id", "--type", "resident", "110105194912310021", "--lang", "en"]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&v, "errors").contains(&"checksum_mismatch".to_owned()), "{v}");
    assert!(v["errors"][0]["message"].as_str().unwrap().is_ascii());
}

#[test]
fn check_id_upgrades_a_legacy_15_digit_number() {
    let out = run(&["check-id", "--type", "resident", "110105491231002", "--today", "2026-11-24"]);
    let v = json(&out);
    assert_eq!(v["normalized"], "11010519491231002X", "{v}");
}

#[test]
fn check_id_flags_an_expired_document() {
    let out = run(&[
        "check-id",
        "--type",
        "resident",
        "11010519491231002X",
        "--valid-from",
        "2000-01-01",
        "--valid-to",
        "2020-01-01",
        "--today",
        "2026-11-24",
    ]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&v, "errors").contains(&"id_expired".to_owned()), "{v}");
}

#[test]
fn check_id_usage_errors_exit_2_without_json() {
    for args in [
        &["check-id", "--type", "resident", "11010519491231002X", "--birth", "1949-13-31"][..],
        &["check-id", "--type", "driving-licence", "123"][..],
        &["check-id", "--type", "resident", "11010519491231002X", "--sex", "X"][..],
        &["check-id", "--type", "resident", "11010519491231002X", "--valid-to", "forever"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn calendar_workdays_follow_national_day_2025_with_its_make_up_days() {
    let out = run(&["calendar", "workdays", "--from", "2025-09-27", "--to", "2025-10-12"]);
    assert_eq!(out.status.code(), Some(0));
    let days = String::from_utf8(out.stdout).unwrap();
    let expected = "2025-09-28\n2025-09-29\n2025-09-30\n2025-10-09\n2025-10-10\n2025-10-11\n";
    assert_eq!(days, expected);
}

#[test]
fn calendar_due_is_seven_working_days_after_submission() {
    let out = run(&["calendar", "due", "--submitted", "2025-09-30"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2025-10-16\n");
    let out = run(&["calendar", "due", "--submitted", "2025-09-30", "--days", "1"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2025-10-09\n");
}

#[test]
fn calendar_due_into_a_year_without_a_notice_is_marked_provisional() {
    // 2027 has no notice in the bundled data: weekends plus the statutory holidays (元旦 on
    // Friday 2027-01-01), marked provisional.
    let out = run(&["calendar", "due", "--submitted", "2026-12-28"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2027-01-07 provisional\n");
    // The last ten days of the last covered year may still move: provisional too.
    let out = run(&["calendar", "due", "--submitted", "2026-12-18", "--days", "1"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2026-12-21\n");
    let out = run(&["calendar", "due", "--submitted", "2026-12-18", "--days", "2"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2026-12-22 provisional\n");
    // Past the years the lunar dates are computed for: an explicit error, never a guess.
    let out = run(&["calendar", "due", "--submitted", "2099-12-28"]);
    assert_eq!(out.status.code(), Some(1));
    let message = String::from_utf8(out.stderr).unwrap();
    assert!(message.contains("year_not_computable"), "{message}");
}

#[test]
fn calendar_workdays_refuse_a_year_without_data_unless_provisional() {
    let out = run(&["calendar", "workdays", "--from", "2026-12-01", "--to", "2027-01-10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing half-printed");
    let message = String::from_utf8(out.stderr).unwrap();
    assert!(message.contains("2027") && message.contains("year_not_covered"), "{message}");
    let args = ["calendar", "workdays", "--from", "2026-12-30", "--to", "2027-01-05"];
    let out = run(&[&args[..], &["--provisional"]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2026-12-30 provisional\n2026-12-31 provisional\n2027-01-04 provisional\n\
         2027-01-05 provisional\n"
    );
}

#[test]
fn calendar_usage_errors_exit_2() {
    for args in [
        &["calendar", "workdays", "--from", "2025-10-10", "--to", "2025-10-01"][..],
        &["calendar", "workdays", "--from", "2025-10-01", "--to", "tomorrow"][..],
        &["calendar", "due", "--submitted", "2025-09-30", "--days", "0"][..],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
