//! End-to-end: a supervisor's four-eyes review in the real window (tauri-driver + WebKitWebDriver
//! under Xvfb) against a real `reviewdesk-server serve` process on loopback, set up as an operator
//! would: accounts and the intake key made with the server's command line, the applicant's three
//! requests sent to the intake endpoint (multipart, synthetic JPEGs), a reviewer's three
//! rejections made by the desktop's own client core over HTTP.
//!
//! In the window, the supervisor signs in, opens 复核, opens the four-eyes item (its photos come
//! from the server through the `photo://localhost/case/...` path), overturns it to 通过 with a
//! note, confirms what the applicant will read, and reads the receipt; the decision log then marks the first decision overturned, plants
//! a golden item after a confirmation, shows the case's timeline, finds cases by case number and
//! by name with `/`, and the audit chain verifies. Over HTTP afterwards: the applicant sees "approved", the log says
//! `overturned: true`, the supervisor's session never claimed from the queue, and `audit verify`
//! passes. Last, a reviewer signed in to the window sees no supervision workspace.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use chrono::Utc;
use reviewdesk_client::{Client, DecisionInput, MemorySecrets, Settings, SystemClock};
use reviewdesk_domain::review::SubmissionStatus;
use reviewdesk_domain::wire::supervision::{DecisionLogFilter, DecisionLogQuery};
use reviewdesk_domain::wire::{ApplicantView, Stage};
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const PASSWORD: &str = "審核台-e2e-口令-2026";
const APPLICANT: &str = "A-e2e-1";

/// The server binary: `REVIEWDESK_SERVER_BIN` when set (a target directory shared by several
/// checkouts), else the one built next to the desktop's by `cargo test --workspace` (a
/// dependency's binary has no `CARGO_BIN_EXE_` variable here).
fn server_binary() -> PathBuf {
    let path = std::env::var_os("REVIEWDESK_SERVER_BIN")
        .map_or_else(|| Path::new(APP).with_file_name("reviewdesk-server"), PathBuf::from);
    assert!(
        path.exists(),
        "{} is missing: build it first (cargo build -p reviewdesk-server), as cargo test \
         --workspace does",
        path.display()
    );
    path
}

/// Runs `reviewdesk-server ARGS` with `stdin`; returns its standard output, asserting success.
fn cli(args: &[&str], data: &Path, stdin: &str) -> String {
    let mut child = Command::new(server_binary())
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "reviewdesk-server {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `reviewdesk-server serve` on a free loopback port; killed when dropped.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(data: &Path) -> Serve {
        let mut child = Command::new(server_binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("reviewdesk-server listening on ").unwrap().to_owned();
        Serve { child, url }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The applicant system sends one request: the identity part and three synthetic JPEGs.
async fn intake(http: &reqwest::Client, url: &str, key: &str, photos: &[Vec<u8>; 3]) -> String {
    let identity = serde_json::json!({
        "applicant_id": APPLICANT, "province": "11", "id_type": "resident",
        "id_number": "11010519491231002X", "name": "王小明", "sex": "female",
        "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
        "valid_from": "2010-01-01", "valid_to": null
    });
    let mut form = reqwest::multipart::Form::new().part(
        "identity",
        reqwest::multipart::Part::text(identity.to_string()).mime_str("application/json").unwrap(),
    );
    for (name, bytes) in ["portrait", "emblem", "handheld"].into_iter().zip(photos) {
        let part = reqwest::multipart::Part::bytes(bytes.clone())
            .file_name(format!("{name}.jpg"))
            .mime_str("image/jpeg")
            .unwrap();
        form = form.part(name, part);
    }
    let reply = http
        .post(format!("{url}/api/v1/intake/submissions"))
        .header("x-api-key", key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
    let body: serde_json::Value = reply.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

fn engine(dir: &Path) -> Client {
    // Decisions go out at once: this engine plays the reviewers before the window's part starts.
    let settings = Settings { undo_window: chrono::Duration::zero(), ..Settings::default() };
    Client::new(dir, settings, Arc::new(MemorySecrets::default()), Arc::new(SystemClock))
}

/// The reviewer claims the applicant's open request with the desktop's client core and rejects
/// it; the rejection reaches the server.
async fn reject_next(reviewer: &Client, expected: &str) {
    reviewer.sync_once().await.unwrap();
    let item = reviewer.next_submission().unwrap().expect("the request was claimed");
    assert_eq!(item.submission_id, expected);
    reviewer.decide(expected, DecisionInput::reject(&["portrait_photo_unclear"])).unwrap();
    let status = reviewer.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0, "the rejection was delivered: {status:?}");
}

async fn sign_in(app: &AppSession, url: &str, username: &str) {
    app.sign_in(url, username, PASSWORD).await;
}

/// Whether the image under `css` decoded (the photo protocol answered with a JPEG).
async fn image_loaded(app: &AppSession, css: &str) -> bool {
    let script = format!(
        "const img = document.querySelector({css:?}); return !!img && img.complete && img.naturalWidth > 0;"
    );
    for _ in 0..100 {
        if app.client.execute(&script, vec![]).await.unwrap() == serde_json::json!(true) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_overturns_a_four_eyes_rejection_in_the_window() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("server");
    std::fs::create_dir_all(&data).unwrap();

    // The operator's set-up: two reviewers and a supervisor of province 11, an intake key.
    let password_line = format!("{PASSWORD}\n");
    for (username, role) in [("wang", "reviewer"), ("li", "reviewer"), ("zhao", "supervisor")] {
        let args = ["user", "add", "--username", username, "--role", role, "--province", "11"];
        cli(&args, &data, &password_line);
    }
    let key = cli(&["intake-key", "create", "--label", "e2e portal"], &data, "").trim().to_owned();
    let server = Serve::start(&data);
    let url = server.url.clone();

    // The applicant's three requests, each rejected by reviewer wang: the third is held for a
    // second person (pending_second_review).
    let generator = Generator::new(
        GeneratorConfig::new(61, Utc::now().date_naive()).with_defects(0.0, DefectMix::NONE),
    )
    .unwrap();
    let specimen = generator.specimen(0).unwrap();
    let photos =
        [specimen.portrait.jpeg.clone(), specimen.emblem.jpeg.clone(), specimen.handheld.jpeg];
    let http = reqwest::Client::new();
    let reviewer_dir = scratch.path().join("reviewer-engine");
    let wang = engine(&reviewer_dir);
    wang.login(&url, "wang", PASSWORD).await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = intake(&http, &url, &key, &photos).await;
        reject_next(&wang, &id).await;
        ids.push(id);
    }
    let third = ids[2].clone();
    wang.logout().await.unwrap();
    let applicant_view = |id: String| {
        let (http, url, key) = (http.clone(), url.clone(), key.clone());
        async move {
            let reply = http
                .get(format!("{url}/api/v1/intake/submissions/{id}"))
                .header("x-api-key", key)
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 200);
            reply.json::<ApplicantView>().await.unwrap()
        }
    };
    assert_eq!(applicant_view(third.clone()).await.status, SubmissionStatus::Pending);

    // The supervisor, in the window: 复核 → the four-eyes item → 改判 to 通过 with a note.
    let home = scratch.path().join("supervisor-app");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    sign_in(&app, &url, "zhao").await;
    app.element("[data-testid=supervision]").await;
    app.element("[data-testid=second-reviews] table, [data-testid=second-reviews-problem], [data-testid=second-reviews-empty]").await;
    app.screenshot("e2e-supervision-list").await;
    let item = format!(
        "[data-testid=second-review-item][data-submission=\"{third}\"][data-kind=four_eyes]"
    );
    app.element(&item).await;
    app.element(&format!("{item} [data-testid=open-second-review]")).await.click().await.unwrap();
    app.element("[data-testid=second-review-case]").await;
    assert!(
        image_loaded(&app, "[data-testid=photo-portrait] img").await,
        "the case photo came from the server"
    );
    let first = app.element("[data-testid=first-decision]").await;
    assert_eq!(first.attr("data-outcome").await.unwrap().as_deref(), Some("reject"));
    app.press("v").await;
    let approve = app.element("[data-testid=overturn-approve]").await;
    assert!(approve.is_selected().await.unwrap(), "overturning a rejection proposes 通过");
    // Without a note the verdict is refused in Chinese before anything is sent.
    app.element("[data-testid=verdict-submit]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=verdict-problem]", "请填写理由").await;
    app.element("[data-testid=verdict-note]")
        .await
        .send_keys("三张照片清晰，证件信息一致，原驳回理由不成立")
        .await
        .unwrap();
    app.screenshot("e2e-supervision-overturn").await;
    // 改判 asks first, showing what the applicant will read; Enter on 确认改判 records it.
    app.element("[data-testid=verdict-submit]").await.click().await.unwrap();
    app.wait_for_text_containing("[data-testid=overturn-applicant]", "人工审核通过").await;
    app.press("\u{E007}").await;
    app.wait_for_attribute("[data-testid=receipt]", "data-verdict", "overturned").await;
    app.wait_for_attribute("[data-testid=receipt]", "data-status", "approved").await;
    app.screenshot("e2e-supervision-receipt").await;

    // 决定记录 (key 2): the first decision is marked overturned.
    app.press("\u{E00C}").await;
    app.press("2").await;
    let row = format!("[data-testid=log-row][data-submission=\"{third}\"][data-stage=first]");
    app.wait_for_attribute(&row, "data-overturned", "true").await;
    // 设为金标 on the first attempt's decision, after the confirmation.
    let first_row = format!("[data-testid=log-row][data-submission=\"{}\"]", ids[0]);
    app.element(&format!("{first_row} [data-testid=row-golden]")).await.click().await.unwrap();
    app.element("[data-testid=confirm-dialog]").await;
    app.element("[data-testid=confirm-ok]").await.click().await.unwrap();
    let notice = app.text("[data-testid=log-notice]").await;
    assert!(notice.starts_with("已设为金标"), "{notice}");
    // 导出 CSV: a file in the user's downloads, named in Beijing time, UTF-8 with a BOM.
    app.element("[data-testid=export-csv]").await.click().await.unwrap();
    let mut exported = String::new();
    for _ in 0..100 {
        exported = app.text("[data-testid=log-notice]").await;
        if exported.starts_with("已导出到") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let path = PathBuf::from(exported.trim_start_matches("已导出到").trim());
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("审核记录-") && name.ends_with(".csv"), "{exported}");
    let csv = std::fs::read(&path).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    std::fs::remove_file(&path).unwrap();
    app.screenshot("e2e-supervision-log").await;
    // 保存视图: the filters on screen (结果：不通过) kept under a name; Alt+1 reopens them.
    let outcome = "[data-testid=filter-outcome]";
    app.element(outcome).await.select_by_value("reject").await.unwrap();
    app.element("[data-testid=view-save]").await.click().await.unwrap();
    app.element("[data-testid=view-name]").await.send_keys("驳回的").await.unwrap();
    app.press("\u{E007}").await;
    app.wait_for_text_containing("[data-testid=log-notice]", "已保存视图“驳回的”，按 Alt+1 打开")
        .await;
    app.element("[data-testid=view-1]").await;
    app.element(outcome).await.select_by_value("").await.unwrap();
    app.element("[data-testid=log-search]").await.click().await.unwrap();
    app.element("[data-testid=log-row][data-stage=second]").await;
    app.press_with('\u{E00A}', '1').await;
    app.wait_for_text_containing("[data-testid=log-notice]", "已打开视图“驳回的”").await;
    app.wait_gone("[data-testid=log-row][data-stage=second]").await;
    let shown = app.element(outcome).await.prop("value").await.unwrap();
    assert_eq!(shown.as_deref(), Some("reject"), "the view's filters fill the fields");
    app.screenshot("e2e-supervision-views").await;
    // 时间线 of the overturned case: every event in words, the verdict among them.
    app.element(&format!("{row} [data-testid=row-timeline]")).await.click().await.unwrap();
    app.element("[data-testid=timeline-event][data-action=second_review_changed]").await;
    assert_eq!(app.text("[data-testid=timeline-status]").await, "已通过");
    let note = app.text("[data-testid=timeline-event][data-action=second_review_changed] [data-testid=timeline-note]").await;
    assert!(note.contains("三张照片清晰，证件信息一致，原驳回理由不成立"), "{note}");
    app.screenshot("e2e-supervision-timeline").await;
    // The case number names the case; `/` finds a case by it, as typed, and by the name.
    let third_number = app.text("[data-testid=timeline-case-number]").await;
    let day = third_number.strip_suffix("-0003").expect("the day's third case of province 11");
    assert!(day.starts_with("11-") && day.len() == 11, "{third_number}");
    app.press("\u{E00C}/").await;
    let search = app.element("[data-testid=case-search]").await;
    search.send_keys(&format!("{day}-0001")).await.unwrap();
    app.press("\u{E007}").await;
    app.wait_for_text("[data-testid=timeline-case-number]", &format!("{day}-0001")).await;
    search.clear().await.unwrap();
    search.send_keys("王小明").await.unwrap();
    app.press("\u{E007}").await;
    app.element("[data-testid=case-hits]").await;
    let hits =
        app.client.find_all(fantoccini::Locator::Css("[data-testid=case-hit]")).await.unwrap();
    assert_eq!(hits.len(), 3, "the three requests, the golden copy left out");
    app.screenshot("e2e-supervision-search").await;
    // Newest first: J moves to the second request, Enter opens it.
    app.press("j\u{E007}").await;
    app.wait_for_text("[data-testid=timeline-case-number]", &format!("{day}-0002")).await;
    // 队列 (key 7): the golden copy waits; nothing is held, nothing due within a working day.
    app.press("7").await;
    app.wait_for_text("[data-testid=queue-waiting]", "1").await;
    assert_eq!(app.text("[data-testid=queue-leased]").await, "0");
    app.element("[data-testid=queue-none-at-risk]").await;
    app.screenshot("e2e-supervision-queue").await;
    // 统计 (key 4) and 审计校验 (key 5).
    app.press("4").await;
    app.element("[data-testid=chart-per-day]").await;
    app.screenshot("e2e-supervision-stats").await;
    // 导出月报 of this month: a workbook in Downloads whose per-day table adds up to its total.
    let this_month = Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m")
        .to_string();
    app.element("[data-testid=report-month]").await.select_by_value(&this_month).await.unwrap();
    app.element("[data-testid=report-export]").await.click().await.unwrap();
    app.element("[data-testid=report-notice], [data-testid=report-problem]").await;
    app.screenshot("e2e-supervision-report").await;
    let saved = app.wait_for_text_containing("[data-testid=report-notice]", "月报已保存到").await;
    let report = PathBuf::from(saved.trim_start_matches("月报已保存到").trim());
    assert_eq!(
        report.file_name().unwrap().to_str().unwrap(),
        format!("审核月报-{this_month}.xlsx")
    );
    {
        use calamine::{Reader, Xlsx};
        let mut workbook: Xlsx<_> = calamine::open_workbook(&report).unwrap();
        let cell = |range: &calamine::Range<calamine::Data>, row: usize, column: usize| {
            range.get((row, column)).map(|c| c.to_string()).unwrap_or_default()
        };
        let summary = workbook.worksheet_range("概况").unwrap();
        let total_row =
            (0..summary.height()).find(|&r| cell(&summary, r, 0) == "决定总数").unwrap();
        let total: f64 = cell(&summary, total_row, 1).parse().unwrap();
        let daily = workbook.worksheet_range("每日").unwrap();
        let summed: f64 =
            (1..daily.height()).map(|r| cell(&daily, r, 3).parse::<f64>().unwrap()).sum();
        assert!(total >= 3.0 && (summed - total).abs() < f64::EPSILON, "{total} vs {summed}");
    }
    std::fs::remove_file(&report).unwrap();
    app.press("5").await;
    app.element("[data-testid=audit-run]").await.click().await.unwrap();
    app.wait_for_attribute("[data-testid=audit-result]", "data-intact", "true").await;
    app.screenshot("e2e-supervision-audit").await;
    app.stop().await;

    // Over HTTP: the applicant sees the approval; the log says overturned.
    assert_eq!(applicant_view(third.clone()).await.status, SubmissionStatus::Approved);
    let supervisor = engine(&scratch.path().join("supervisor-engine"));
    supervisor.login(&url, "zhao", PASSWORD).await.unwrap();
    let query = DecisionLogQuery {
        filter: DecisionLogFilter { reviewer: Some("wang".to_owned()), ..Default::default() },
        cursor: None,
        limit: None,
    };
    let page = supervisor.decision_log(&query).await.unwrap();
    let entry = page
        .entries
        .iter()
        .find(|entry| entry.submission_id == third && entry.stage == Stage::First)
        .expect("the first decision is in the log");
    assert!(entry.overturned, "{entry:?}");
    assert_eq!(entry.status, SubmissionStatus::Approved);
    for earlier in &ids[..2] {
        let entry = page.entries.iter().find(|entry| &entry.submission_id == earlier).unwrap();
        assert!(!entry.overturned, "{entry:?}");
    }
    supervisor.logout().await.unwrap();

    // The supervisor's window never claimed from the review queue.
    let conn = rusqlite::Connection::open(data.join("reviewdesk.db")).unwrap();
    let claims: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE actor = 'zhao' AND action = 'claim'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(claims, 0, "a supervisor's session claims nothing");
    drop(conn);

    // The audit chain verifies (the server's own command).
    cli(&["audit", "verify"], &data, "");

    // A reviewer signed in to the window gets the review screen and no supervision workspace;
    // wang finds the first case he rejected by its number (F), read-only.
    let home = scratch.path().join("reviewer-app");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    sign_in(&app, &url, "wang").await;
    app.element("[data-testid=status-bar]").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;
    for css in ["[data-testid=supervision]", "[data-testid=tab-review]", "[data-testid=tab-log]"] {
        let found = app.client.find_all(fantoccini::Locator::Css(css)).await.unwrap();
        assert!(found.is_empty(), "a reviewer sees no {css}");
    }
    app.screenshot("e2e-supervision-reviewer").await;
    app.press("f").await;
    app.element("[data-testid=own-number]").await.send_keys(&format!("{day}-0001")).await.unwrap();
    app.press("\u{E007}").await;
    let outcome = app.wait_for_text_containing("[data-testid=own-outcome]", "不通过").await;
    assert!(outcome.contains(" · "), "{outcome}");
    app.screenshot("e2e-supervision-own-decision").await;
    app.element("[data-testid=own-number]").await.clear().await.unwrap();
    app.element("[data-testid=own-number]").await.send_keys("贾秀英").await.unwrap();
    app.press("\u{E007}").await;
    app.wait_for_text_containing("[data-testid=own-problem]", "案件编号的格式应为").await;
    app.press("\u{E00C}").await;
    app.wait_gone("[data-testid=own-lookup]").await;
    app.stop().await;
    drop(server);
}
