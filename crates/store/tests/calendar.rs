//! The deployment's working-day calendar in the store, against both stores: seeded
//! from the bundled file, a (clearly fictional) notice imported in one transaction with one
//! `calendar_imported` event, open due dates recomputed (a late-December change moves one and the
//! provisional mark goes), the same file again changes nothing, and every refused kind of file
//! is refused with its code and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::calendar::WorkCalendar;
use reviewdesk_store::calendar::CalendarImport;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewSubmission, Store, User};

/// 2026-12-24 10:00 in Beijing: a submission today is due in January 2027.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 24, 2, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The fictional notice (tests/fixtures): the bundled 2026 lines, 2026-12-31 made a holiday,
/// invented 2027 days.
fn fictional_notice() -> String {
    include_str!("../../../tests/fixtures/calendar-fictional-2027.tsv").to_owned()
}

fn reviewer(store: &dyn Store) -> User {
    place::reviewer(store, "li.na", now())
}

/// Intake as the server does it: the due date from the store's own calendar.
fn submit(store: &dyn Store, id: &str, submitted_on: NaiveDate) {
    let at = Utc.from_utc_datetime(&submitted_on.and_hms_opt(2, 0, 0).unwrap());
    let calendar = store.calendar().unwrap().calendar;
    let due = calendar.due(submitted_on, 7).unwrap();
    let submission = NewSubmission {
        due_date: Some(due.date),
        due_provisional: due.provisional,
        calendar_version: Some(store.calendar_version().unwrap()),
        ..place::submission(id, submitted_on)
    };
    store.intake(&submission, "intake:test", at).unwrap();
}

fn import(
    store: &dyn Store,
    text: &str,
    force: bool,
) -> Result<reviewdesk_store::calendar::CalendarImportReport, reviewdesk_store::StoreError> {
    store.import_calendar(&CalendarImport { text, imported_by: "admin.wang", force }, now())
}

fn a_new_store_starts_from_the_bundled_calendar(place: Place) {
    let store = place.open();
    let stored = store.calendar().unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(&stored.calendar, WorkCalendar::bundled());
    assert_eq!(stored.sources.len(), 1);
    assert_eq!(stored.sources[0].imported_by, "system");
    assert_eq!(stored.sources[0].years_in_use.len(), 23);
    // Opening again seeds nothing twice.
    drop(store);
    assert_eq!(place.open().calendar_version().unwrap(), 1);
}

fn an_import_moves_open_due_dates_and_clears_the_provisional_mark(place: Place) {
    let store = place.open();
    let viewer = reviewer(store.as_ref());
    submit(store.as_ref(), "s1", day(2026, 12, 24));
    submit(store.as_ref(), "s2", day(2026, 6, 1));
    let before = store.submission_record("s1", now()).unwrap();
    // Weekends plus 元旦 (Friday 2027-01-01), provisional.
    assert_eq!((before.due_date, before.due_provisional), (Some(day(2027, 1, 5)), true));
    let settled = store.submission_record("s2", now()).unwrap();
    assert!(!settled.due_provisional);

    let report = import(store.as_ref(), &fictional_notice(), false).unwrap();
    assert_eq!(report.version, Some(2));
    assert_eq!(report.years_added, [2027]);
    assert_eq!(report.years_replaced, [2026]);
    let changes: Vec<String> =
        report.changes.iter().map(|c| format!("{} {} → {}", c.date, c.before, c.after)).collect();
    assert_eq!(changes, ["2026-12-31 workday → holiday"]);
    assert_eq!((report.due_dates_moved, report.provisional_changed), (1, 1));

    // 12-31, 01-01 and the invented 01-04 are off: due Thursday 2027-01-07, settled now.
    let after = store.submission_record("s1", now()).unwrap();
    assert_eq!((after.due_date, after.due_provisional), (Some(day(2027, 1, 7)), false));
    assert_eq!(store.submission_record("s2", now()).unwrap().due_date, settled.due_date);

    let stored = store.calendar().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(*stored.calendar.covered_years().end(), 2027);
    assert!(!stored.calendar.day(day(2027, 1, 4)).unwrap().workday);
    assert_eq!(stored.sources[0].published_on, Some(day(2026, 12, 10)));
    assert_eq!(stored.sources[0].imported_by, "admin.wang");
    assert_eq!(stored.sources[0].years_in_use, [2026, 2027]);
    assert_eq!(stored.sources[1].years_in_use.len(), 22, "2004–2025 still from the bundled file");

    let chain = store.audit_chain().unwrap();
    assert_eq!(verify(&chain), Ok(chain.len() as u64));
    let imported: Vec<_> =
        chain.iter().filter(|e| e.entry.action == AuditAction::CalendarImported).collect();
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].entry.actor, "admin.wang");
    let detail: serde_json::Value = serde_json::from_str(&imported[0].entry.detail).unwrap();
    assert_eq!(detail["years"], serde_json::json!([2026, 2027]));
    assert_eq!(detail["changed_days"], 1);
    assert_eq!(detail["due_dates_moved"], 1);

    // The claim order follows the new due date: s2 (June) first, then s1.
    let leases = store.claim(&viewer, 2, chrono::Duration::minutes(15), now()).unwrap();
    assert_eq!(leases.iter().map(|l| l.submission_id.as_str()).collect::<Vec<_>>(), ["s2", "s1"]);
}

fn the_same_file_again_changes_nothing(place: Place) {
    let store = place.open();
    import(store.as_ref(), &fictional_notice(), false).unwrap();
    let events = store.audit_chain().unwrap().len();
    let again = import(store.as_ref(), &fictional_notice(), false).unwrap();
    assert_eq!(again.version, None);
    assert!(again.changes.is_empty() && again.years_added.is_empty());
    assert_eq!(store.calendar_version().unwrap(), 2);
    assert_eq!(store.audit_chain().unwrap().len(), events, "no event for a no-op");
}

fn every_bad_file_is_refused_with_its_code_and_changes_nothing(place: Place) {
    let store = place.open();
    submit(store.as_ref(), "s1", day(2026, 12, 24));
    let good = fictional_notice();
    let cases: Vec<(&str, String)> = vec![
        ("wrong_field_count", good.replace("2027-10-01\tholiday\t国庆节\tNational Day", "2027-10-01\tholiday\t国庆节")),
        ("outside_covered_years", good.replace("2027-10-01\tholiday", "2028-10-02\tholiday")),
        ("duplicate_date", good.replace("2027-10-01\tholiday\t国庆节\tNational Day\n", "2027-10-01\tholiday\t国庆节\tNational Day\n2027-10-01\tholiday\t国庆节\tNational Day\n")),
        ("holiday_on_weekend", good.replace("2027-01-04\tholiday", "2027-01-03\tholiday")),
        ("workday_on_weekday", good.replace("2027-01-09\tworkday", "2027-01-08\tworkday")),
        ("missing_published", good.replace("published\t2026-12-10\n", "")),
        ("years_not_contiguous", good.replace("years\t2026\t2027", "years\t2028\t2028").lines().filter(|l| !l.starts_with("2026-") && !l.starts_with("2027-")).map(|l| format!("{l}\n")).collect::<String>() + "2028-10-02\tholiday\t国庆节\tNational Day\n"),
    ];
    for (code, text) in &cases {
        let error = import(store.as_ref(), text, false).unwrap_err();
        assert_eq!(error.code(), *code, "{error}");
        if code.starts_with('w')
            || code.starts_with('o')
            || code.starts_with('d')
            || code.starts_with('h')
        {
            assert!(error.to_string().contains("第 "), "the line, in Chinese: {error}");
            assert!(error.to_string().contains("line "), "the line, in English: {error}");
        }
        assert_eq!(store.calendar_version().unwrap(), 1, "{code}: nothing changed");
        let s1 = store.submission_record("s1", now()).unwrap();
        assert_eq!((s1.due_date, s1.due_provisional), (Some(day(2027, 1, 5)), true), "{code}");
    }
    // An older notice than the data a year comes from: refused unless forced.
    import(store.as_ref(), &good, false).unwrap();
    let older = good
        .replace("published\t2026-12-10", "published\t2026-11-01")
        .replace("2027-10-01\tholiday", "2027-10-04\tholiday");
    assert_eq!(import(store.as_ref(), &older, false).unwrap_err().code(), "older_notice");
    assert_eq!(store.calendar_version().unwrap(), 2);
    assert_eq!(import(store.as_ref(), &older, true).unwrap().version, Some(3));
}

fn an_intake_counted_in_a_replaced_calendar_is_refused(place: Place) {
    let store = place.open();
    let counted_in = store.calendar().unwrap();
    import(store.as_ref(), &fictional_notice(), false).unwrap();
    let submitted_on = day(2026, 12, 24);
    let stale = counted_in.calendar.due(submitted_on, 7).unwrap();
    let submission = NewSubmission {
        due_date: Some(stale.date),
        due_provisional: stale.provisional,
        calendar_version: Some(counted_in.version),
        ..place::submission("late", submitted_on)
    };
    let error = store.intake(&submission, "intake:test", now()).unwrap_err();
    assert_eq!(error.code(), "calendar_changed");
    assert!(store.submission_record("late", now()).is_err(), "nothing written");
    // Counted again in the current calendar, it is accepted.
    submit(store.as_ref(), "late", submitted_on);
    let stored = store.submission_record("late", now()).unwrap();
    assert_eq!((stored.due_date, stored.due_provisional), (Some(day(2027, 1, 7)), false));
}

on_both_stores!(
    Place;
    a_new_store_starts_from_the_bundled_calendar,
    an_import_moves_open_due_dates_and_clears_the_provisional_mark,
    the_same_file_again_changes_nothing,
    every_bad_file_is_refused_with_its_code_and_changes_nothing,
    an_intake_counted_in_a_replaced_calendar_is_refused,
);
