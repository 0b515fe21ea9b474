//! Fault tests with real processes: the client engine runs in its own process
//! (`reviewdesk-fault-client`, signing in and looping sync → decide over one cache) and is killed
//! with SIGKILL at seeded random points, 200 times by default (`FAULT_KILLS`, `FAULT_SEED`), each
//! time restarted on the same cache and keyring files. Between kills the queue is topped up
//! through the real intake endpoint. At the end a last run drains the outbox, and the server's
//! database must hold every decision the client reported as saved exactly once, one decision per
//! submission, nothing left in the outbox, no conflict, and an intact audit chain. Everything the
//! client processes printed is scanned for the applicants' name and ID number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};
use support::{contains, TestServer, ID_NUMBER, NAME, PASSWORD};

const BIN: &str = env!("CARGO_BIN_EXE_reviewdesk-fault-client");

/// splitmix64: a seeded, reproducible sequence of kill points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn spawn(server: &TestServer, url: &str, dir: &Path, run: usize, until_drained: bool) -> Child {
    // Decisions go out at the next sync (no undo window), so kills land in sends too; the window's
    // own crash test below runs with the default.
    spawn_with(server, url, dir, run, until_drained, Some(0))
}

fn spawn_with(
    server: &TestServer,
    url: &str,
    dir: &Path,
    run: usize,
    until_drained: bool,
    undo_window_ms: Option<i64>,
) -> Child {
    let offset = (server.clock.get() - Utc::now()).num_milliseconds();
    let stderr = std::fs::File::create(dir.join(format!("stderr-{run}.txt"))).unwrap();
    let mut command = Command::new(BIN);
    command
        .args(["--server", url, "--username", "wang", "--password", PASSWORD])
        .arg("--data-dir")
        .arg(dir.join("client"))
        .args(["--clock-offset-ms", &offset.to_string()])
        .stdout(Stdio::piped())
        .stderr(stderr);
    if until_drained {
        command.arg("--until-drained");
    }
    if let Some(ms) = undo_window_ms {
        command.args(["--undo-window-ms", &ms.to_string()]);
    }
    command.spawn().unwrap()
}

/// Complete `saved <decision> <submission>` lines (a line cut by the kill is not one).
fn saved_lines(output: &str) -> Vec<(String, String)> {
    let complete = match output.rfind('\n') {
        Some(end) => &output[..=end],
        None => "",
    };
    complete
        .lines()
        .filter_map(|line| {
            let mut words = line.strip_prefix("saved ")?.split(' ');
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect()
}

fn stdout_of(child: &mut Child) -> String {
    let mut text = String::new();
    child.stdout.take().unwrap().read_to_string(&mut text).unwrap();
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_decide_and_sync_never_loses_or_duplicates_a_decision() {
    let kills = env_number("FAULT_KILLS", 200) as usize;
    let mut rng = Rng(env_number("FAULT_SEED", 0x5EED_0008));
    let started = Instant::now();
    let initial = 20;
    let mut server = TestServer::start(&["wang"], initial).await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.url();
    let mut queued = initial;
    let mut saved: Vec<(String, String)> = Vec::new();
    let mut killed_after_ready = 0;
    let mut outputs = Vec::new();

    for run in 0..kills {
        // Mostly inside the decide/sync loop, sometimes during start-up (resume, login, migrate).
        let delay = StdDuration::from_millis(rng.below(300));
        let mut child = spawn(&server, &url, dir.path(), run, false);
        tokio::time::sleep(delay).await;
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = std::fs::read_to_string(dir.path().join(format!("stderr-{run}.txt")));
            panic!("run {run} ended on its own ({status}) before the kill: {stderr:?}");
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let output = stdout_of(&mut child);
        outputs.extend_from_slice(output.as_bytes());
        killed_after_ready += usize::from(output.starts_with("ready\n"));
        let new = saved_lines(&output);
        // Keep the queue full: one new submission for each decision made.
        for _ in 0..new.len() {
            server.submit(&format!("F-{queued}")).await;
            queued += 1;
        }
        saved.extend(new);
    }

    // Claims whose reply a kill cut off leave leases the client never stored: let them run out,
    // then one last run delivers the outbox and decides what is left.
    server.clock.advance(Duration::minutes(16));
    let mut last = spawn(&server, &url, dir.path(), kills, true);
    let deadline = Instant::now() + StdDuration::from_secs(120);
    let status = loop {
        if let Some(status) = last.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the draining run did not finish");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    };
    let output = stdout_of(&mut last);
    let stderr = std::fs::read_to_string(dir.path().join(format!("stderr-{kills}.txt"))).unwrap();
    assert!(status.success(), "draining run failed: {stderr}");
    assert!(output.contains("drained") && output.contains("conflicts=0"), "{output}");
    saved.extend(saved_lines(&output));
    server.stop().await;

    // No applicant's name or ID number in anything the client processes printed.
    outputs.extend_from_slice(output.as_bytes());
    for run in 0..=kills {
        outputs.extend(std::fs::read(dir.path().join(format!("stderr-{run}.txt"))).unwrap());
    }
    for needle in [NAME, ID_NUMBER] {
        assert!(!contains(&outputs, needle.as_bytes()), "{needle} in the client's output");
    }

    let db = rusqlite::Connection::open_with_flags(
        server.dir.path().join("reviewdesk.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut statement = db.prepare("SELECT id, submission_id FROM decisions").unwrap();
    let recorded: Vec<(String, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut per_submission: HashMap<&str, Vec<&str>> = HashMap::new();
    for (decision, submission) in &recorded {
        per_submission.entry(submission).or_default().push(decision);
    }
    // Every saved decision exactly once, and it is the one decision of its submission.
    let mut seen = HashSet::new();
    for (decision, submission) in &saved {
        assert!(seen.insert(decision), "the client reported {decision} twice");
        let count = recorded.iter().filter(|(id, _)| id == decision).count();
        assert_eq!(count, 1, "saved decision {decision} is on the server {count} times");
        assert_eq!(per_submission[submission.as_str()], [decision.as_str()]);
    }
    // Every submission decided once (saved ones and those whose ack line a kill cut off).
    assert_eq!(per_submission.len(), queued, "every queued submission decided");
    assert!(per_submission.values().all(|ids| ids.len() == 1));
    let open: i64 = db.query_row("SELECT COUNT(*) FROM queue", [], |row| row.get(0)).unwrap();
    assert_eq!(open, 0, "nothing left in the queue");
    let chain = reviewdesk_server::store::Store::audit_chain(server.store.as_ref()).unwrap();
    reviewdesk_domain::audit::verify(&chain).expect("the audit chain verifies");
    assert!(saved.len() >= kills / 4, "the kills should land among decisions: {}", saved.len());
    eprintln!(
        "{kills} SIGKILLs ({killed_after_ready} after start-up), {} decisions reported saved, \
         {} recorded, {:.1} s",
        saved.len(),
        recorded.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The first `saved <decision> <submission>` line the child prints, read as it comes (up to 60 s).
fn first_saved(child: &mut Child) -> (String, String) {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + StdDuration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = receive.recv_timeout(left).expect("no decision saved within 60 s");
        if let Some(saved) = saved_lines(&format!("{line}\n")).into_iter().next() {
            return saved;
        }
    }
}

/// A decision saved with the client's default undo window waits in the outbox; the process is
/// SIGKILLed inside the window (nothing has reached the server), and the restarted client sends
/// it once the window has passed: exactly one decision, the one saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_inside_the_undo_window_loses_nothing() {
    let mut server = TestServer::start(&["wang"], 1).await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.url();
    let mut child = spawn_with(&server, &url, dir.path(), 0, false, None);
    let (decision_id, submission_id) = first_saved(&mut child);
    let saved_at = Instant::now();
    child.kill().unwrap(); // SIGKILL, inside the 10-second window
    child.wait().unwrap();
    assert!(saved_at.elapsed() < StdDuration::from_secs(5), "the kill came too late to test");
    assert_eq!(server.decision_count(), 0, "a decision inside its undo window was sent");

    // Restarted on the same cache: the window ends (real time) and the decision goes out.
    let mut last = spawn_with(&server, &url, dir.path(), 1, true, None);
    let deadline = Instant::now() + StdDuration::from_secs(120);
    let status = loop {
        if let Some(status) = last.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the restarted client did not drain");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    };
    let output = stdout_of(&mut last);
    assert!(status.success(), "{output}");
    assert!(output.contains("drained acknowledged=1 conflicts=0"), "{output}");
    assert!(saved_at.elapsed() >= StdDuration::from_secs(10), "sent before its undo window ended");
    server.stop().await;
    assert_eq!(server.decision_count(), 1);
    let conn = rusqlite::Connection::open(server.dir.path().join("reviewdesk.db")).unwrap();
    let (id, submission): (String, String) = conn
        .query_row("SELECT id, submission_id FROM decisions", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap();
    assert_eq!((id, submission), (decision_id, submission_id));
}
