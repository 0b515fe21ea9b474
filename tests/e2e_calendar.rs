//! End-to-end: the real window shows 暂定 beside a due date that rests on a year
//! without an imported holiday notice, and the exact date once the notice is imported on the
//! server and the desktop has synced; a supervisor sees the calendar's coverage (and, from
//! November while next year is not covered, the banner), before and after the import. The notice is the clearly fictional fixture
//! tests/fixtures/calendar-fictional-2027.tsv; the server is the library on loopback over a
//! seeded SQLite data directory, as in e2e_review.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::{TimeZone, Utc};
use fantoccini::Locator;
use reviewdesk_domain::calendar::{china_date, WorkCalendar};
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use reviewdesk_server::store::calendar::CalendarImport;
use reviewdesk_server::store::Store;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const NOTICE: &str = include_str!("fixtures/calendar-fictional-2027.tsv");

/// A new app over `home`, signed in to `url` as `username`.
async fn signed_in(home: &Path, url: &str, username: &str) -> AppSession {
    std::fs::create_dir_all(home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", home)]).await;
    app.sign_in(url, username, DEMO_PASSWORD).await;
    app
}

/// Scrolls the 统计 tab to the calendar's coverage panel (below the charts).
async fn show_coverage(app: &AppSession) {
    let script = "document.querySelector('[data-testid=calendar-coverage]').scrollIntoView()";
    app.client.execute(script, vec![]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provisional_due_date_says_so_until_the_notice_is_imported_and_synced() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    // One request made on Thursday 2026-12-24 (Beijing): due 7 working days later, in 2027,
    // which the bundled calendar does not cover.
    let christmas_eve = Utc.with_ymd_and_hms(2026, 12, 24, 2, 0, 0).unwrap();
    let options = DemoOptions { count: 1, seed: 15, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, christmas_eve).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();

    let reviewer_home = scratch.path().join("reviewer");
    let supervisor_home = scratch.path().join("supervisor");
    let app = signed_in(&reviewer_home, &server.url(), "reviewer11").await;
    app.element("[data-testid=review]").await;
    let due = app.text("[data-testid=due]").await;
    assert!(due.contains("2027-01-05"), "weekends and 元旦 2027-01-01: {due}");
    let mark = app.element("[data-testid=due-provisional]").await;
    assert_eq!(mark.text().await.unwrap(), "暂定");
    let why = mark.attr("title").await.unwrap().unwrap_or_default();
    assert!(why.contains("国务院") && why.contains("法定节假日"), "the tooltip says why: {why}");
    app.screenshot("e2e-calendar-provisional").await;
    let mut output = app.stop().await;

    // A supervisor: the coverage of the bundled data; the banner while 2027 is not covered (from
    // 1 November; computed from today's date, so the test holds whenever it runs).
    let app = signed_in(&supervisor_home, &server.url(), "supervisor11").await;
    app.element("[data-testid=supervision]").await;
    let pending = WorkCalendar::bundled().next_year_pending(china_date(Utc::now()));
    if let Some(year) = pending {
        // In the top bar, so it takes no room from the case view; the tooltip and the coverage
        // panel say how the notice is imported.
        let banner = app.element("[data-testid=calendar-banner]").await;
        let text = banner.text().await.unwrap();
        assert!(text.contains(&format!("{year} 年")), "{text}");
        let how = banner.attr("title").await.unwrap().unwrap_or_default();
        assert!(how.contains("calendar import"), "{how}");
    }
    app.press("4").await;
    let coverage =
        app.wait_for_text_containing("[data-testid=calendar-coverage]", "系统（初始数据）").await;
    assert_eq!(coverage.contains("calendar import"), pending.is_some(), "{coverage}");
    assert!(coverage.contains("2004–2026") && coverage.contains("系统（初始数据）"), "{coverage}");
    show_coverage(&app).await;
    app.screenshot("e2e-calendar-coverage-before").await;
    output += &app.stop().await;

    // The administrator imports the (fictional) notice: 2026-12-31 and 2027-01-04 become days
    // off, so the case is due on 2027-01-07, settled.
    let store = data.open_store().unwrap();
    let report = store
        .import_calendar(
            &CalendarImport { text: NOTICE, imported_by: "admin.e2e", force: false },
            Utc::now(),
        )
        .unwrap();
    assert_eq!(report.due_dates_moved, 1);

    // The next start syncs the calendar and the moved due date.
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &reviewer_home)]).await;
    app.element("[data-testid=review]").await;
    app.wait_for_text_containing("[data-testid=due]", "2027-01-07").await;
    let marks = app.client.find_all(Locator::Css("[data-testid=due-provisional]")).await.unwrap();
    assert!(marks.is_empty(), "no 暂定 once the notice is imported");
    app.wait_for_attribute("[data-testid=calendar-line]", "data-version", "2").await;
    app.screenshot("e2e-calendar-settled").await;
    output += &app.stop().await;

    // The supervisor's next start: 2027 is covered (no banner for it), by the imported notice.
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &supervisor_home)]).await;
    app.element("[data-testid=supervision]").await;
    app.press("4").await;
    let coverage =
        app.wait_for_text_containing("[data-testid=calendar-coverage]", "admin.e2e").await;
    assert!(coverage.contains("2004–2027") && coverage.contains("FICTIONAL"), "{coverage}");
    assert!(coverage.contains("2026-12-10"), "the publication date: {coverage}");
    if pending == Some(2027) {
        let banners =
            app.client.find_all(Locator::Css("[data-testid=calendar-banner]")).await.unwrap();
        assert!(banners.is_empty(), "2027 is covered now");
    }
    show_coverage(&app).await;
    app.screenshot("e2e-calendar-coverage-after").await;

    // In English, the panel reads English (no Chinese of ours left; the notice's title is data).
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();
    let english =
        app.wait_for_text_containing("[data-testid=calendar-coverage]", "Holiday calendar").await;
    assert!(english.contains("Official arrangements for 2004–2027"), "{english}");
    assert!(english.contains("server version 2"), "{english}");
    let footer = app.text("[data-testid=calendar-line]").await;
    assert!(footer.contains("server version 2 (2004–2027)"), "{footer}");
    show_coverage(&app).await;
    app.screenshot("e2e-calendar-coverage-en").await;
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();
    output += &app.stop().await;
    server.stop().await.unwrap();
    assert!(!output.contains("panicked"), "{output}");
}
