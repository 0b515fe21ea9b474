//! The desktop's calendar against the real server, in-process: the client syncs the
//! deployment's calendar into its cache with a version (an unchanged one is not downloaded again),
//! counts with it offline, fetches the due dates an import moved, and never goes back to an older
//! version. The imported notice is the fictional fixture in tests/fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_client::MemorySecrets;
use reviewdesk_server::store::calendar::CalendarImport;
use reviewdesk_server::store::Store;
use support::{client, TestServer, PASSWORD};

const NOTICE: &str = include_str!("../../../tests/fixtures/calendar-fictional-2027.tsv");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_notice_reaches_the_desktop_on_its_next_sync() {
    let server = TestServer::start(&["wang"], 0).await;
    // Thursday 2026-12-24, 10:00 in Beijing: a request today is due in January 2027.
    let christmas_eve = Utc.with_ymd_and_hms(2026, 12, 24, 2, 0, 0).unwrap();
    server.clock.advance(christmas_eve - server.clock.get());
    let submission_id = server.submit("app-calendar").await;

    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let desktop = client(dir.path(), &secrets, &server.clock);
    assert_eq!(desktop.calendar().unwrap().version, None, "the bundled calendar before a sync");
    desktop.login(&server.url(), "wang", PASSWORD).await.unwrap();
    desktop.sync_once().await.unwrap();
    let synced = desktop.calendar().unwrap();
    assert_eq!(synced.version, Some(1));
    assert_eq!(synced.sources[0].imported_by, "system");
    let item = desktop.next_submission().unwrap().expect("the claimed submission");
    assert_eq!(item.submission_id, submission_id);
    let before = &item.submission.submission;
    assert_eq!((before.due_date, before.due_provisional), (Some(day(2027, 1, 5)), true));

    let report = server
        .store
        .import_calendar(
            &CalendarImport { text: NOTICE, imported_by: "admin.wang", force: false },
            server.clock.get(),
        )
        .unwrap();
    assert_eq!(report.version, Some(2));

    // Within the check interval nothing is asked; after it, the new calendar and the moved due
    // date arrive.
    desktop.sync_once().await.unwrap();
    assert_eq!(desktop.calendar().unwrap().version, Some(1));
    server.clock.advance(Duration::minutes(10));
    desktop.sync_once().await.unwrap();
    let synced = desktop.calendar().unwrap();
    assert_eq!(synced.version, Some(2));
    assert_eq!(synced.sources[0].published_on, Some(day(2026, 12, 10)));
    let item = desktop.next_submission().unwrap().expect("still held");
    let after = &item.submission.submission;
    assert_eq!((after.due_date, after.due_provisional), (Some(day(2027, 1, 7)), false));

    // Offline, the desktop still counts with the synced calendar.
    let mut server = server;
    server.stop().await;
    let offline = desktop.calendar().unwrap();
    assert_eq!(offline.version, Some(2));
    assert!(!offline.calendar.day(day(2027, 1, 4)).unwrap().workday, "the fictional 2027-01-04");
    assert!(!offline.calendar.day(day(2027, 1, 4)).unwrap().provisional);
}
