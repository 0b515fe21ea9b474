//! For process-level tests: `reviewdesk-server serve` started as a real
//! process on a free loopback port, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_reviewdesk-server");

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
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.trim().strip_prefix("reviewdesk-server listening on ").unwrap().to_owned();
        RunningServer { child, base }
    }
}

impl RunningServer {
    /// Kills the process with SIGKILL (no clean shutdown) and reaps it.
    pub fn sigkill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
