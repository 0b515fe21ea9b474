//! `reviewdesk-fault-client`: a test-only driver of the real client engine for the fault tests
//! (`tests/fault_kill.rs`), which kill it with SIGKILL at random points. It signs in (or resumes
//! the cache and session in its data directory), then loops sync → next submission → approve,
//! printing `saved <decision id> <submission id>` only after `decide()` returned (the moment the
//! desktop would say "已保存"). With `--until-drained` it exits 0 once the queue is empty and the
//! outbox delivered. Not part of the desktop.
//!
//! Secrets live in files under `<data dir>/secrets/` (written atomically): a stand-in for the OS
//! keyring, which a SIGKILLed test process cannot share with its successor in CI. The desktop
//! never uses this.
//!
//! Usage: `reviewdesk-fault-client --server URL --data-dir DIR --username U --password P
//! [--clock-offset-ms MS] [--until-drained] [--undo-window-ms MS]` (the undo window defaults to the
//! client's own default).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use reviewdesk_client::secrets::SecretError;
use reviewdesk_client::{Client, Clock, DecisionInput, SecretStore, Settings};

/// The machine's clock moved by a fixed offset (the test server's clock is its own).
struct OffsetClock(Duration);

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

/// Secrets as files, one per name (hex-encoded), replaced atomically (temp file, fsync, rename).
struct FileSecrets(PathBuf);

impl FileSecrets {
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(hex::encode(name))
    }
}

fn unavailable(error: std::io::Error) -> SecretError {
    SecretError::Unavailable { detail: error.to_string() }
}

impl SecretStore for FileSecrets {
    fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        match std::fs::read_to_string(self.path(name)) {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), SecretError> {
        std::fs::create_dir_all(&self.0).map_err(unavailable)?;
        let temporary = self.0.join(format!("{}.tmp", hex::encode(name)));
        let mut file = std::fs::File::create(&temporary).map_err(unavailable)?;
        file.write_all(value.as_bytes()).map_err(unavailable)?;
        file.sync_all().map_err(unavailable)?;
        std::fs::rename(&temporary, self.path(name)).map_err(unavailable)
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match std::fs::remove_file(self.path(name)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(unavailable(error)),
            _ => Ok(()),
        }
    }
}

struct Args {
    server: String,
    data_dir: PathBuf,
    username: String,
    password: String,
    clock_offset: Duration,
    until_drained: bool,
    /// The undo window; `None`: the client's default.
    undo_window: Option<Duration>,
}

fn parse_args() -> Result<Args, String> {
    let mut server = None;
    let mut data_dir = None;
    let mut username = None;
    let mut password = None;
    let mut clock_offset = Duration::zero();
    let mut until_drained = false;
    let mut undo_window = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => server = Some(value()?),
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--username" => username = Some(value()?),
            "--password" => password = Some(value()?),
            "--clock-offset-ms" => {
                let ms: i64 = value()?.parse().map_err(|_| "bad --clock-offset-ms".to_owned())?;
                clock_offset = Duration::milliseconds(ms);
            }
            "--until-drained" => until_drained = true,
            "--undo-window-ms" => {
                let ms: i64 = value()?.parse().map_err(|_| "bad --undo-window-ms".to_owned())?;
                undo_window = Some(Duration::milliseconds(ms));
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        server: server.ok_or("--server is required")?,
        data_dir: data_dir.ok_or("--data-dir is required")?,
        username: username.ok_or("--username is required")?,
        password: password.ok_or("--password is required")?,
        clock_offset,
        until_drained,
        undo_window,
    })
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

async fn run(args: &Args) -> Result<(), String> {
    let secrets: Arc<dyn SecretStore> = Arc::new(FileSecrets(secrets_dir(&args.data_dir)));
    let defaults = Settings::default();
    let settings = Settings {
        probe_base: Duration::milliseconds(50),
        undo_window: args.undo_window.unwrap_or(defaults.undo_window),
        ..defaults
    };
    let client =
        Client::new(&args.data_dir, settings, secrets, Arc::new(OffsetClock(args.clock_offset)));
    let resumed = client.resume().map_err(|e| format!("resume: {e}"))?.is_some();
    if !resumed || !client.status().map_err(|e| e.to_string())?.signed_in {
        client
            .login(&args.server, &args.username, &args.password)
            .await
            .map_err(|e| format!("login: {e}"))?;
    }
    say("ready");
    let mut idle_rounds = 0;
    loop {
        let status = client.sync_once().await.map_err(|e| format!("sync: {e}"))?;
        if let Some(item) = client.next_submission().map_err(|e| format!("next: {e}"))? {
            let saved = client
                .decide(&item.submission_id, DecisionInput::approve())
                .map_err(|e| format!("decide: {e}"))?;
            say(&format!("saved {} {}", saved.decision_id, item.submission_id));
            idle_rounds = 0;
            continue;
        }
        if status.online == Some(true) && status.outbox_pending == 0 && status.ready == 0 {
            idle_rounds += 1;
            if args.until_drained && idle_rounds >= 2 {
                say(&format!(
                    "drained acknowledged={} conflicts={}",
                    status.acknowledged, status.conflicts
                ));
                return Ok(());
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

fn secrets_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("secrets")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
