//! `reviewdesk-server calendar import` and the deployment options of `calendar due` and
//! `calendar workdays`, as an administrator runs them: the real binary on a real data directory,
//! the clearly fictional notice of tests/fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;

const NOTICE: &str = "../../tests/fixtures/calendar-fictional-2027.tsv";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reviewdesk-server")).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A new deployment: its database created (and seeded with the bundled calendar).
fn deployment(dir: &Path) -> String {
    SqliteStore::open(&dir.join("reviewdesk.db")).unwrap();
    dir.display().to_string()
}

#[test]
fn an_import_says_what_changed_and_a_second_one_that_nothing_did() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = deployment(scratch.path());
    let due = ["calendar", "due", "--submitted", "2026-12-24"];
    assert_eq!(
        stdout(&run(&[&due[..], &["--data-dir", &dir]].concat())),
        "2027-01-05 provisional\n"
    );

    let out = run(&["calendar", "import", NOTICE, "--data-dir", &dir, "--by", "admin.wang"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("imported as calendar version 2"), "{report}");
    assert!(report.contains("years added: 2027"), "{report}");
    assert!(report.contains("years replaced: 2026"), "{report}");
    assert!(report.contains("2026-12-31 workday → holiday"), "{report}");
    assert!(report.contains("open submissions whose due date moved: 0"), "{report}");

    let again = run(&["calendar", "import", NOTICE, "--data-dir", &dir]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "this file is already imported: nothing changed\n");

    // The deployment's calendar answers now; the bundled one still does not know 2027.
    assert_eq!(stdout(&run(&[&due[..], &["--data-dir", &dir]].concat())), "2027-01-07\n");
    assert_eq!(stdout(&run(&due)), "2027-01-05 provisional\n");
    let days = ["calendar", "workdays", "--from", "2026-12-30", "--to", "2027-01-06"];
    let out = run(&[&days[..], &["--data-dir", &dir]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "2026-12-30\n2027-01-05\n2027-01-06\n");
    assert_eq!(run(&days).status.code(), Some(1), "the bundled calendar refuses 2027");

    let store = SqliteStore::open(&scratch.path().join("reviewdesk.db")).unwrap();
    let stored = store.calendar().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.sources[0].imported_by, "admin.wang");
}

#[test]
fn a_refused_file_names_its_line_in_both_languages_and_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = deployment(scratch.path());
    let text = std::fs::read_to_string(NOTICE).unwrap();
    let bad = text.replace("2027-01-09\tworkday", "2027-01-08\tworkday");
    let line = bad.lines().position(|l| l.starts_with("2027-01-08")).unwrap() + 1;
    let file = scratch.path().join("bad.tsv");
    std::fs::write(&file, bad).unwrap();
    let out = run(&["calendar", "import", file.to_str().unwrap(), "--data-dir", &dir]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let message = stderr(&out);
    assert!(message.starts_with("error [workday_on_weekday]"), "{message}");
    assert!(message.contains(&format!("第 {line} 行")), "{message}");
    assert!(message.contains(&format!("line {line}")), "{message}");
    let store = SqliteStore::open(&scratch.path().join("reviewdesk.db")).unwrap();
    assert_eq!(store.calendar_version().unwrap(), 1, "nothing imported");

    let missing = run(&["calendar", "import", NOTICE, "--data-dir", "/nonexistent/reviewdesk"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no database"), "{}", stderr(&missing));
}
