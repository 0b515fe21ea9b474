//! `GET /api/v1/calendar` in-process: any signed-in staff member reads the deployment's calendar
//! (the file and every import's record); the version alone when the caller holds it; nobody
//! without a staff session (anonymous, an intake key) reads it; an import made behind the
//! server's back (the CLI, another instance) is served at once, with the due date it moved.

mod support;

use axum::http::StatusCode;
use reviewdesk_domain::calendar::WorkCalendar;
use reviewdesk_domain::review::Role;
use reviewdesk_domain::wire::calendar::CalendarUpdate;
use reviewdesk_server::store::calendar::CalendarImport;
use reviewdesk_server::store::Store;
use support::server;

const NOTICE: &str = include_str!("../../../tests/fixtures/calendar-fictional-2027.tsv");

#[tokio::test]
async fn staff_read_the_calendar_by_version_and_nobody_else_does() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao.sup", Role::Supervisor, Some("11"));
    for username in ["li.na", "zhao.sup"] {
        let token = server.login(username).await;
        let reply = server.get("/api/v1/calendar", Some(&token)).await;
        assert_eq!(reply.status, StatusCode::OK);
        let update: CalendarUpdate = serde_json::from_value(reply.json()).unwrap();
        assert_eq!(update.version, 1);
        let body = update.calendar.expect("the whole calendar for a caller holding none");
        assert_eq!(&WorkCalendar::parse(&body.file).unwrap(), WorkCalendar::bundled());
        assert_eq!(body.sources[0].imported_by, "system");

        let current = server.get("/api/v1/calendar?known_version=1", Some(&token)).await;
        let update: CalendarUpdate = serde_json::from_value(current.json()).unwrap();
        assert_eq!((update.version, update.calendar), (1, None), "unchanged: the version alone");
    }
    server.get("/api/v1/calendar", None).await.error(StatusCode::UNAUTHORIZED, "missing_token");
    let key = server.intake_key();
    let with_key = server.get_with_key("/api/v1/calendar", &key).await;
    with_key.error(StatusCode::FORBIDDEN, "staff_only");
    let bad =
        server.get("/api/v1/calendar?known_version=x", Some(&server.login("li.na").await)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_import_behind_the_servers_back_is_served_at_once() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    assert_eq!(server.get("/api/v1/calendar", Some(&token)).await.status, StatusCode::OK);
    let import = CalendarImport { text: NOTICE, imported_by: "admin.wang", force: false };
    server.store.import_calendar(&import, chrono::Utc::now()).unwrap();
    let reply = server.get("/api/v1/calendar?known_version=1", Some(&token)).await;
    let update: CalendarUpdate = serde_json::from_value(reply.json()).unwrap();
    assert_eq!(update.version, 2);
    let body = update.calendar.expect("the new calendar");
    assert_eq!(body.sources[0].title, "虚构的测试通知（FICTIONAL test notice, not real）");
    assert_eq!(body.sources[0].years_in_use, [2026, 2027]);
    assert!(
        !WorkCalendar::parse(&body.file)
            .unwrap()
            .day("2027-01-04".parse().unwrap())
            .unwrap()
            .workday
    );
}
