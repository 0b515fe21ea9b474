//! The review screen's speed in the real window (tauri-driver + WebKitWebDriver; needs a display:
//! run under Xvfb as below), against a review server on loopback serving a seeded SQLite data
//! directory, with baselines measured in the same run.
//!
//! - approve → next submission fully displayed (its sheet rendered and all three photos decoded),
//!   measured in the page from the key event to the frame after; baseline: `J`, showing the next
//!   cached submission without deciding (the display cost alone). Also: to when a decision can be
//!   made again (the approval written to the outbox; the next submission shows before that).
//! - cold start to the first submission on screen (a resumed session); baseline: cold start to
//!   the sign-in screen (no session, no cache).
//! - resident memory of the app and its web process, with 5 cached submissions (prefetch) and
//!   with 200 (after offline checkouts).
//!
//! Run: `xvfb-run -a cargo bench --bench review_window` inside a D-Bus session with an unlocked
//! keyring (as scripts/test.sh sets up); `REVIEWDESK_BENCH_ROUNDS` approvals (default 40);
//! `REVIEWDESK_BENCH_MEMORY=0` stops after the timings (no offline checkouts, no memory table);
//! `REVIEWDESK_BENCH_SPLIT=1` adds `J` to never-shown submissions and approvals onto shown ones.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use serde_json::Value;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

/// Milliseconds from pressing `key` (on the window; an upper-case key is pressed with Shift) to the frame after the next submission is
/// fully displayed, milliseconds to the first frame showing the next submission at all, how
/// many of its photos were still loading then, the longest gap between two frames in that time
/// (where the time goes: one long frame is painting; many short ones are waiting), and
/// milliseconds until a decision can be made again (the decision written, the buttons enabled).
const PRESS_AND_WAIT: &str = r#"
const [key, done] = [arguments[0], arguments[arguments.length - 1]];
const before = document.querySelector('[data-testid=review]')?.dataset.submission;
const start = performance.now();
let switched = null;
let waiting = null;
let last = start;
let longest = 0;
window.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey: key !== key.toLowerCase(), bubbles: true }));
const check = () => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
  const review = document.querySelector('[data-testid=review]');
  if (review && review.dataset.submission !== before) {
    const images = [...review.querySelectorAll('img')];
    const ready = images.filter((i) => i.complete && i.naturalWidth > 0).length;
    if (switched === null) { switched = now - start; waiting = images.length - ready; }
    if (images.length === 3 && ready === 3) {
      requestAnimationFrame(() => {
        const end = performance.now();
        const gap = Math.max(longest, end - last);
        // Then until a decision can be made again (the previous one written: buttons enabled).
        const again = () => {
          const button = document.querySelector('[data-testid=approve]');
          if (button && !button.disabled) done([end - start, switched, waiting, gap, performance.now() - start]);
          else if (performance.now() - start > 10000) done([-1, -1, -1, -1, -1]);
          else requestAnimationFrame(again);
        };
        again();
      });
      return;
    }
  }
  if (now - start > 10000) { done([-1, -1, -1, -1, -1]); return; }
  requestAnimationFrame(check);
};
check();
"#;

/// Resolves once the first submission is fully displayed.
const FIRST_ON_SCREEN: &str = r#"
const done = arguments[arguments.length - 1];
const check = () => {
  const review = document.querySelector('[data-testid=review]');
  const images = review ? [...review.querySelectorAll('img')] : [];
  if (images.length === 3 && images.every((i) => i.complete && i.naturalWidth > 0)) { done(true); return; }
  setTimeout(check, 5);
};
check();
"#;

/// Whether to measure memory with 200 cached submissions too (`REVIEWDESK_BENCH_MEMORY=0` skips
/// it: the offline checkouts take minutes on a loaded machine).
fn memory_phase() -> bool {
    std::env::var("REVIEWDESK_BENCH_MEMORY").map_or(true, |value| value != "0")
}

/// Whether to measure the two halves of approve -> next apart (`REVIEWDESK_BENCH_SPLIT=1`).
fn split_phase() -> bool {
    std::env::var("REVIEWDESK_BENCH_SPLIT").is_ok_and(|value| value == "1")
}

fn rounds() -> usize {
    std::env::var("REVIEWDESK_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(40)
}

fn percentile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() as f64 - 1.0) * q).round() as usize]
}

/// Every process: (pid, parent pid, name).
fn processes() -> Vec<(u32, u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // `pid (name) state ppid …`; the name may hold spaces, so split after the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = stat[open + 1..close].to_owned();
        let ppid = stat[close + 1..].split_whitespace().nth(1).and_then(|p| p.parse().ok());
        found.push((pid, ppid.unwrap_or(0), name));
    }
    found
}

fn rss_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
}

/// Resident memory (KiB) of the running app and of the web processes it started.
fn rss_kib() -> (u64, u64) {
    let all = processes();
    let apps: Vec<u32> = all
        .iter()
        .filter(|(_, _, name)| name.starts_with("reviewdesk-desk"))
        .map(|p| p.0)
        .collect();
    let web: u64 = all
        .iter()
        .filter(|(_, ppid, name)| apps.contains(ppid) && name.starts_with("WebKitWebProces"))
        .map(|p| rss_of(p.0))
        .sum();
    (apps.iter().map(|&pid| rss_of(pid)).sum(), web)
}

async fn open(home: &Path) -> AppSession {
    AppSession::start_with_env(APP, &[("XDG_DATA_HOME", home)]).await
}

async fn ready(app: &AppSession) -> u64 {
    let status: Value = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.__TAURI_INTERNALS__.invoke('work_status').then(done, () => done(null));",
            vec![],
        )
        .await
        .unwrap();
    status["ready"].as_u64().unwrap_or(0)
}

/// One press of `key`: (ms to fully displayed, ms to the switch, photos still loading then, the
/// longest frame gap in ms, ms until the buttons take a decision again).
type Press = (f64, f64, u64, f64, f64);

async fn measure(app: &AppSession, key: &str, count: usize) -> Vec<Press> {
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        // Let the sync loop refill the prefetch (as a person's reading time would).
        while ready(app).await < 5 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
        let value = app.client.execute_async(PRESS_AND_WAIT, vec![key.into()]).await.unwrap();
        let full = value[0].as_f64().unwrap();
        assert!(full >= 0.0, "the next submission did not appear within 10 s");
        samples.push((
            full,
            value[1].as_f64().unwrap(),
            value[2].as_u64().unwrap(),
            value[3].as_f64().unwrap(),
            value[4].as_f64().unwrap(),
        ));
    }
    samples
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let rounds = rounds();
    let seeded = (rounds as u32) * 3 + 230;
    let options = DemoOptions { count: seeded, seed: 5, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    // Baseline cold start: to the sign-in screen, nothing cached.
    let mut login_ms = Vec::new();
    for round in 0..3 {
        let fresh = scratch.path().join(format!("fresh-{round}"));
        std::fs::create_dir_all(&fresh).unwrap();
        let start = Instant::now();
        let app = open(&fresh).await;
        app.element("[data-testid=login]").await;
        login_ms.push(start.elapsed().as_secs_f64() * 1e3);
        app.stop().await;
    }

    // Sign in once; later starts resume the session.
    let app = open(&home).await;
    let field = app.element("[data-testid=server-url]").await;
    field.clear().await.unwrap();
    field.send_keys(&server.url()).await.unwrap();
    app.element("[data-testid=username]").await.send_keys("reviewer11").await.unwrap();
    app.element("[data-testid=password]").await.send_keys(DEMO_PASSWORD).await.unwrap();
    app.element("[data-testid=login-submit]").await.click().await.unwrap();
    app.client.execute_async(FIRST_ON_SCREEN, vec![]).await.unwrap();
    app.stop().await;

    let mut first_ms = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let app = open(&home).await;
        app.client.execute_async(FIRST_ON_SCREEN, vec![]).await.unwrap();
        first_ms.push(start.elapsed().as_secs_f64() * 1e3);
        app.stop().await;
    }

    let app = open(&home).await;
    app.client.execute_async(FIRST_ON_SCREEN, vec![]).await.unwrap();
    // Warm-up: the first moves load the page's code paths.
    let _ = measure(&app, "j", 1).await;
    let _ = measure(&app, "k", 1).await;
    let mut moves = Vec::new();
    for _ in 0..rounds {
        moves.extend(measure(&app, "j", 1).await);
        moves.extend(measure(&app, "k", 1).await);
    }
    let mut move_ms: Vec<f64> = moves.iter().map(|press| press.0).collect();
    let mut move_frame_ms: Vec<f64> = moves.iter().map(|press| press.3).collect();
    // Shift+A approves at once: a plain `A` on a case with a red finding only asks again.
    let approvals = measure(&app, "A", rounds).await;
    let mut approve_ms: Vec<f64> = approvals.iter().map(|press| press.0).collect();
    let mut switch_ms: Vec<f64> = approvals.iter().map(|press| press.1).collect();
    let reloaded = approvals.iter().filter(|press| press.2 > 0).count();
    let mut approve_frame_ms: Vec<f64> = approvals.iter().map(|press| press.3).collect();
    let mut again_ms: Vec<f64> = approvals.iter().map(|press| press.4).collect();

    let (p50, p95) = (percentile(&mut approve_ms, 0.5), percentile(&mut approve_ms, 0.95));
    let (b50, b95) = (percentile(&mut move_ms, 0.5), percentile(&mut move_ms, 0.95));
    let (s50, s95) = (percentile(&mut switch_ms, 0.5), percentile(&mut switch_ms, 0.95));
    let (c50, l50) = (percentile(&mut first_ms, 0.5), percentile(&mut login_ms, 0.5));
    println!("review_window: {rounds} approvals, prefetch 5; ratio = figure / baseline (same run)");
    println!("approve p95 / J p95 = {:.2}", p95 / b95);
    println!("| case                                                 |  p50 ms |  p95 ms | ratio (p50) |");
    println!("|------------------------------------------------------|---------|---------|-------------|");
    println!("| baseline: J, next cached submission shown            | {b50:>7.1} | {b95:>7.1} |        1.00 |");
    println!("| approve -> next submission fully displayed           | {p50:>7.1} | {p95:>7.1} | {:>11.2} |", p50 / b50);
    println!("| approve -> next submission on screen (switch)        | {s50:>7.1} | {s95:>7.1} | {:>11.2} |", s50 / b50);
    let (a50, a95) = (percentile(&mut again_ms, 0.5), percentile(&mut again_ms, 0.95));
    println!("| approve -> written, next decision possible           | {a50:>7.1} | {a95:>7.1} | {:>11.2} |", a50 / b50);
    println!("| baseline: cold start to the sign-in screen           | {l50:>7.0} |       - |        1.00 |");
    println!("| cold start to the first submission on screen         | {c50:>7.0} |       - | {:>11.2} |", c50 / l50);
    println!(
        "approvals whose next photos were still loading at the switch: {reloaded} of {rounds}"
    );
    println!(
        "longest frame gap, p50 / p95 ms: J {:.1} / {:.1}; approve {:.1} / {:.1}",
        percentile(&mut move_frame_ms, 0.5),
        percentile(&mut move_frame_ms, 0.95),
        percentile(&mut approve_frame_ms, 0.5),
        percentile(&mut approve_frame_ms, 0.95)
    );
    if split_phase() {
        // Which half of approve -> next costs: the decision's write beside the switch, or the
        // first paint of photos never painted before? `j` to a never-shown submission (first
        // paint, no write), `k` back, then approve onto the one `j` just painted (write, no
        // first paint).
        let (mut fresh, mut painted) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            fresh.extend(measure(&app, "j", 1).await.iter().map(|press| press.0));
            let _ = measure(&app, "k", 1).await;
            painted.extend(measure(&app, "A", 1).await.iter().map(|press| press.0));
        }
        println!(
            "J to a never-shown submission p50 / p95 ms: {:.1} / {:.1}; approve onto a painted one: {:.1} / {:.1}",
            percentile(&mut fresh, 0.5),
            percentile(&mut fresh, 0.95),
            percentile(&mut painted, 0.5),
            percentile(&mut painted, 0.95)
        );
    }
    if !memory_phase() {
        app.stop().await;
        server.stop().await.unwrap();
        return;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cached_5 = ready(&app).await;
    let (app_5, web_5) = rss_kib();
    while ready(&app).await < 200 {
        let before = ready(&app).await;
        app.element("[data-testid=checkout]").await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while ready(&app).await <= before && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(ready(&app).await > before, "an offline checkout added nothing");
    }
    // Show a few of them, as a reviewer would.
    let _ = measure(&app, "j", 3).await;
    let cached_200 = ready(&app).await;
    let (app_200, web_200) = rss_kib();
    app.stop().await;
    server.stop().await.unwrap();

    println!();
    println!(
        "| resident memory                 | app MiB | web process MiB | cached submissions |"
    );
    println!(
        "|---------------------------------|---------|-----------------|--------------------|"
    );
    println!(
        "| prefetch only                   | {:>7.1} | {:>15.1} | {cached_5:>18} |",
        app_5 as f64 / 1024.0,
        web_5 as f64 / 1024.0
    );
    println!(
        "| after offline checkouts         | {:>7.1} | {:>15.1} | {cached_200:>18} |",
        app_200 as f64 / 1024.0,
        web_200 as f64 / 1024.0
    );
}
