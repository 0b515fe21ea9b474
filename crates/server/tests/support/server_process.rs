//! For process-level tests: `reviewdesk-server serve` started as a real
//! process on a free loopback port, stopped when dropped; and [`run_in`], one command of the
//! binary on a data directory.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_reviewdesk-server");

/// Runs `reviewdesk-server ARGS --data-dir DIR` with `stdin` as its input, to its end.
pub fn run_in(args: &[&str], dir: &Path, stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads its input closes the pipe early: that is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// A running `serve` process and the base URL it announced.
pub struct RunningServer {
    child: Child,
    pub base: String,
}

impl RunningServer {
    /// Starts `serve` on `dir` and waits for its "listening on" line.
    pub fn start(dir: &Path) -> RunningServer {
        RunningServer::start_with(&["--data-dir".as_ref(), dir.as_os_str()])
    }

    /// Starts `serve --listen 127.0.0.1:0` with these further arguments and waits for its
    /// "listening on" line.
    pub fn start_with(args: &[&std::ffi::OsStr]) -> RunningServer {
        RunningServer::start_with_env(args, &[])
    }

    /// As [`RunningServer::start_with`], with these environment variables set too.
    pub fn start_with_env(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> RunningServer {
        // The server's log goes to a file, so that a start that fails says why.
        let log = tempfile::tempfile().unwrap();
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(log.try_clone().unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Some(base) = line.trim().strip_prefix("reviewdesk-server listening on ") else {
            let status = child.wait().unwrap();
            let mut said = String::new();
            let mut log = log;
            log.seek(SeekFrom::Start(0)).unwrap();
            log.read_to_string(&mut said).unwrap();
            panic!("serve did not start ({status}); stdout {line:?}; its log:\n{said}");
        };
        RunningServer { child, base: base.to_owned() }
    }
}

impl RunningServer {
    /// Kills the process with SIGKILL (no clean shutdown) and reaps it.
    pub fn sigkill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM and waits for the process to exit: how long that took, and whether it
    /// exited successfully.
    pub fn sigterm(mut self) -> (std::time::Duration, bool) {
        let started = std::time::Instant::now();
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let status = self.child.wait().unwrap();
        (started.elapsed(), status.success())
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
