//! End-to-end: the app's own date picker in the real window (tauri-driver + WebKitWebDriver under
//! Xvfb), against the server library on loopback over a seeded SQLite data directory (as in
//! e2e_calendar; the picker needs no more than a signed-in supervisor).
//!
//! The demo supervisor opens 统计: the range reads `YYYY-MM-DD`, the last 30 Beijing days. By
//! keyboard only, Alt+↓ opens the month grid (Chinese title and Monday-first weekday headers,
//! inside the 1366×768 window), PageUp/PageDown change the month, Home/End reach Monday/Sunday,
//! the arrows move a day and a week, Enter picks and the statistics reload for the new range;
//! Esc closes and gives the focus back. A date typed wrong, or before the range's start, is
//! refused beside the field in Chinese; a date typed in another usual way is written the one way.
//! In English the grid reads English. The decision log's date filter is the same picker, and
//! the grid marks the working-day calendar's days off and make-up working days (国庆节 2026).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::{Datelike, Duration, Months, NaiveDate, Utc, Weekday};
use reviewdesk_domain::calendar::{china_date, WorkCalendar};
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use serde_json::json;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

const ALT: char = '\u{E00A}';
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const PAGE_UP: &str = "\u{E00E}";
const PAGE_DOWN: &str = "\u{E00F}";
const END: &str = "\u{E010}";
const HOME: &str = "\u{E011}";
const LEFT: &str = "\u{E012}";
const UP: &str = "\u{E013}";
const DOWN: char = '\u{E015}';

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The same day `months` on (or that month's last day), as PageUp/PageDown move in the grid.
fn months_on(date: NaiveDate, months: i32) -> NaiveDate {
    let by = Months::new(months.unsigned_abs());
    if months < 0 { date.checked_sub_months(by) } else { date.checked_add_months(by) }.unwrap()
}

/// The element's rectangle and the window's inner size: `[left, top, right, bottom, width, height]`.
async fn rectangle(app: &AppSession, css: &str) -> Vec<f64> {
    let script = "const box = document.querySelector(arguments[0]).getBoundingClientRect();\
                  return [box.left, box.top, box.right, box.bottom, window.innerWidth, window.innerHeight];";
    let answer = app.client.execute(script, vec![json!(css)]).await.unwrap();
    serde_json::from_value(answer).unwrap()
}

/// Asserts the element lies wholly inside the window.
async fn assert_in_window(app: &AppSession, css: &str) {
    let r = rectangle(app, css).await;
    assert!(
        r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= r[4] && r[3] <= r[5],
        "{css} at {:?} leaves the {}×{} window",
        &r[..4],
        r[4],
        r[5]
    );
}

/// Asserts the element is no wider than the window and nothing inside it runs off to the right
/// (it may be taller: the page scrolls down).
async fn assert_fits_across(app: &AppSession, css: &str) {
    let r = rectangle(app, css).await;
    let script =
        "const e = document.querySelector(arguments[0]); return [e.scrollWidth, e.clientWidth];";
    let answer = app.client.execute(script, vec![json!(css)]).await.unwrap();
    let [scroll, client]: [f64; 2] = serde_json::from_value(answer).unwrap();
    assert!(
        r[0] >= 0.0 && r[2] <= r[4] && scroll <= client,
        "{css} runs off the {}-wide window: right {} (content {scroll} in {client})",
        r[4],
        r[2]
    );
}

/// The grid's weekday headers, in order.
async fn headers(app: &AppSession, grid: &str) -> Vec<String> {
    let css = format!("{grid} [role=columnheader]");
    let mut names = Vec::new();
    for header in app.client.find_all(fantoccini::Locator::Css(&css)).await.unwrap() {
        names.push(header.text().await.unwrap());
    }
    names
}

/// The `id` of the focused element.
async fn focused(app: &AppSession) -> String {
    let answer = app.client.execute("return document.activeElement.id", vec![]).await.unwrap();
    answer.as_str().unwrap_or_default().to_owned()
}

/// The field's current text.
async fn field_value(app: &AppSession, css: &str) -> String {
    app.element(css).await.prop("value").await.unwrap().unwrap_or_default()
}

/// Focuses the field with everything in it selected, so what is typed next replaces it.
async fn select_field(app: &AppSession, id: &str) {
    let script =
        "const field = document.getElementById(arguments[0]); field.focus(); field.select();";
    app.client.execute(script, vec![json!(id)]).await.unwrap();
}

async fn signed_in(home: &Path, url: &str) -> AppSession {
    std::fs::create_dir_all(home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", home)]).await;
    app.sign_in(url, "supervisor11", DEMO_PASSWORD).await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statistics_range_is_chosen_with_the_apps_own_date_picker_by_keyboard() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 6, seed: 20, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let app = signed_in(&scratch.path().join("supervisor"), &server.url()).await;
    app.element("[data-testid=supervision]").await;

    // 统计: the last 30 Beijing days, written the one way, and the statistics for them.
    app.press("4").await;
    let today = china_date(Utc::now());
    let from = today - Duration::days(29);
    app.wait_for_attribute("[data-testid=stats-range]", "data-from", &day(from)).await;
    app.wait_for_attribute("[data-testid=stats-range]", "data-to", &day(today)).await;
    assert_eq!(field_value(&app, "[data-testid=stats-from]").await, day(from));
    assert_eq!(field_value(&app, "[data-testid=stats-to]").await, day(today));
    let natives = app.client.find_all(fantoccini::Locator::Css("input[type=date]")).await.unwrap();
    assert!(natives.is_empty(), "no native date control is left");
    assert_fits_across(&app, "[data-testid=stats]").await;
    assert_fits_across(&app, "[data-testid=supervision] nav").await;

    // Alt+↓ opens the grid on the field's day: Chinese title, weeks from Monday, today marked.
    app.element("[data-testid=stats-from]").await.click().await.unwrap();
    app.press_with(ALT, DOWN).await;
    let grid = "[data-testid=stats-from-grid]";
    app.wait_for_attribute(grid, "data-active", &day(from)).await;
    assert_eq!(focused(&app).await, "", "the grid (no id) has the focus, not the field");
    let title = app.text("[data-testid=stats-from-title]").await;
    assert_eq!(title, format!("{}年{}月", from.year(), from.month()));
    assert_eq!(headers(&app, grid).await, ["一", "二", "三", "四", "五", "六", "日"]);
    app.press(PAGE_DOWN).await;
    // Limited by the range's end (today).
    app.wait_for_attribute(grid, "data-active", &day(months_on(from, 1).min(today))).await;
    let marked = app.element(&format!("{grid} .today")).await;
    assert_eq!(marked.attr("data-day").await.unwrap().unwrap_or_default(), day(today));
    app.press(PAGE_UP).await;
    app.wait_for_attribute(grid, "data-active", &day(months_on(months_on(from, 1).min(today), -1)))
        .await;
    assert_in_window(&app, "[data-testid=stats-from-calendar]").await;
    app.screenshot("e2e-dates-picker-zh").await;

    // PageUp a month, Home/End the week's Monday and Sunday, ← a day, ↑ a week; Enter picks it.
    let back = months_on(months_on(months_on(from, 1).min(today), -1), -1);
    app.press(PAGE_UP).await;
    app.wait_for_attribute(grid, "data-active", &day(back)).await;
    app.wait_for_text(
        "[data-testid=stats-from-title]",
        &format!("{}年{}月", back.year(), back.month()),
    )
    .await;
    app.press(END).await;
    let sunday = back + Duration::days(6 - i64::from(back.weekday().num_days_from_monday()));
    assert_eq!(sunday.weekday(), Weekday::Sun);
    app.wait_for_attribute(grid, "data-active", &day(sunday)).await;
    app.press(HOME).await;
    let monday = sunday - Duration::days(6);
    app.wait_for_attribute(grid, "data-active", &day(monday)).await;
    app.press(LEFT).await;
    app.press(UP).await;
    let chosen = monday - Duration::days(8);
    app.wait_for_attribute(grid, "data-active", &day(chosen)).await;
    app.press(ENTER).await;
    app.wait_gone("[data-testid=stats-from-calendar]").await;
    assert_eq!(focused(&app).await, "stats-from", "the focus is back on the field");
    assert_eq!(field_value(&app, "[data-testid=stats-from]").await, day(chosen));
    // The statistics reload for the chosen range: the server answered for it, a bar per day.
    app.wait_for_attribute("[data-testid=stats-range]", "data-from", &day(chosen)).await;
    let days = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=chart-per-day] svg > g"))
        .await
        .unwrap();
    assert_eq!(days.len() as i64, (today - chosen).num_days() + 1, "a bar for each day");
    app.screenshot("e2e-dates-picked").await;

    // A range the server refuses (over a year) is said beside the dates, and the figures stay
    // those of the last range it answered.
    select_field(&app, "stats-from").await;
    app.press(&day(today - Duration::days(400))).await;
    app.press(ENTER).await;
    app.wait_for_text("[data-testid=stats-problem]", "日期范围过长，请缩短到一年以内。").await;
    assert_in_window(&app, "[data-testid=stats-problem]").await;
    let [field, problem] = [
        rectangle(&app, "[data-testid=stats-to]").await,
        rectangle(&app, "[data-testid=stats-problem]").await,
    ];
    assert!(problem[0] > field[2] && problem[1] < field[3], "beside the fields: {problem:?}");
    assert_eq!(
        app.element("[data-testid=stats-range]").await.attr("data-from").await.unwrap().as_deref(),
        Some(day(chosen).as_str())
    );
    app.screenshot("e2e-dates-range-too-long").await;
    select_field(&app, "stats-from").await;
    app.press(&day(chosen)).await;
    app.press(ENTER).await;
    app.wait_gone("[data-testid=stats-problem]").await;

    // Esc closes without choosing and gives the focus back.
    app.press_with(ALT, DOWN).await;
    app.wait_for_attribute(grid, "data-active", &day(chosen)).await;
    app.press(LEFT).await;
    app.press(ESCAPE).await;
    app.wait_gone("[data-testid=stats-from-calendar]").await;
    assert_eq!(focused(&app).await, "stats-from");
    assert_eq!(field_value(&app, "[data-testid=stats-from]").await, day(chosen));

    // Typed: not a date, then before the range's start, are refused beside the field in Chinese
    // (and the statistics stay); another usual way of writing a day is written the one way.
    select_field(&app, "stats-to").await;
    app.press("2026-13-01").await;
    app.press(ENTER).await;
    app.wait_for_text("[data-testid=stats-to-error]", "日期格式应为 2026-12-06").await;
    assert_in_window(&app, "[data-testid=stats-to-error]").await;
    app.screenshot("e2e-dates-typed-wrong").await;
    select_field(&app, "stats-to").await;
    app.press(&day(chosen - Duration::days(1))).await;
    app.press(ENTER).await;
    app.wait_for_text("[data-testid=stats-to-error]", &format!("日期不能早于 {}", day(chosen)))
        .await;
    app.wait_for_attribute("[data-testid=stats-range]", "data-to", &day(today)).await;
    let yesterday = today - Duration::days(1);
    select_field(&app, "stats-to").await;
    app.press(&yesterday.format("%Y/%-m/%-d").to_string()).await;
    app.press(ENTER).await;
    app.wait_gone("[data-testid=stats-to-error]").await;
    assert_eq!(field_value(&app, "[data-testid=stats-to]").await, day(yesterday));
    app.wait_for_attribute("[data-testid=stats-range]", "data-to", &day(yesterday)).await;

    // In English: an English month and weekdays, the same numeric dates.
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();
    app.element("[data-testid=stats-to]").await.click().await.unwrap();
    app.press_with(ALT, DOWN).await;
    app.wait_for_attribute("[data-testid=stats-to-grid]", "data-active", &day(yesterday)).await;
    let title = app.text("[data-testid=stats-to-title]").await;
    assert_eq!(title, yesterday.format("%B %Y").to_string());
    let english = headers(&app, "[data-testid=stats-to-grid]").await;
    assert_eq!(english, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    assert_in_window(&app, "[data-testid=stats-to-calendar]").await;
    assert_fits_across(&app, "[data-testid=stats]").await;
    app.screenshot("e2e-dates-picker-en").await;
    app.press(ESCAPE).await;
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();

    // The decision log's filter: the same picker, empty until chosen (no filter), Enter picks
    // today.
    app.press("2").await;
    app.element("[data-testid=filter-from]").await.click().await.unwrap();
    assert_eq!(field_value(&app, "[data-testid=filter-from]").await, "");
    let placeholder = app.element("[data-testid=filter-from]").await.attr("placeholder").await;
    assert_eq!(placeholder.unwrap().as_deref(), Some("不限"), "an empty filter reads 不限");
    app.press_with(ALT, DOWN).await;
    app.wait_for_attribute("[data-testid=filter-from-grid]", "data-active", &day(today)).await;
    assert_in_window(&app, "[data-testid=filter-from-calendar]").await;
    app.screenshot("e2e-dates-log-filter").await;
    app.press(ENTER).await;
    app.wait_gone("[data-testid=filter-from-calendar]").await;
    assert_eq!(field_value(&app, "[data-testid=filter-from]").await, day(today));

    // The grid marks the working-day calendar's days: October 2026, 国庆节 off from Thursday the
    // 1st (休), Saturday the 10th worked (班), as the domain's calendar counts them.
    select_field(&app, "filter-from").await;
    app.press("2026-10-01").await;
    app.press(ENTER).await;
    app.press_with(ALT, DOWN).await;
    let cell = |date: &str| format!("[data-testid=filter-from-grid] [data-day='{date}']");
    app.wait_for_attribute(&cell("2026-10-01"), "data-kind", "holiday").await;
    let first = app.element(&cell("2026-10-01")).await;
    assert_eq!(first.attr("title").await.unwrap().as_deref(), Some("国庆节放假"));
    assert_eq!(first.text().await.unwrap(), "1休");
    let tenth = app.element(&cell("2026-10-10")).await;
    assert_eq!(tenth.attr("data-kind").await.unwrap().as_deref(), Some("makeup"));
    assert_eq!(tenth.attr("title").await.unwrap().as_deref(), Some("国庆节调休上班"));
    for marked in WorkCalendar::bundled().month(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()) {
        let kind = match (marked.workday, marked.holiday.is_some()) {
            (true, true) => "makeup",
            (true, false) => "work",
            (false, true) => "holiday",
            (false, false) => "off",
        };
        let shown = app.element(&cell(&day(marked.date))).await.attr("data-kind").await.unwrap();
        assert_eq!(shown.as_deref(), Some(kind), "{}", marked.date);
    }
    app.screenshot("e2e-dates-holidays").await;
    app.press(ESCAPE).await;
    app.wait_gone("[data-testid=filter-from-calendar]").await;

    let output = app.stop().await;
    server.stop().await.unwrap();
    assert!(!output.contains("panicked"), "{output}");
}
