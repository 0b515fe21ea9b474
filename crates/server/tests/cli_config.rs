//! `reviewdesk-server config` and `serve --config`: the real binary. The committed defaults file
//! is what `config defaults` prints (staleness check); `config check` names the wrong key or
//! value and its line, exit 1; `serve` reads the file, the `REVIEWDESK__…` variables over it and
//! its flags over both.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::server_process::{RunningServer, BIN};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &Path, text: &str) -> String {
    let path = dir.join("server.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_committed_defaults_file_is_what_config_defaults_prints() {
    let committed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/reviewdesk-server.toml");
    let output = run(&["config", "defaults"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let printed = String::from_utf8(output.stdout).unwrap();
    let committed = std::fs::read_to_string(&committed).unwrap();
    assert!(
        printed == committed,
        "assets/reviewdesk-server.toml is stale: regenerate it with \
         `reviewdesk-server config defaults > assets/reviewdesk-server.toml`"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), &printed);
    let checked = run(&["config", "check", &file], &[]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

#[test]
fn config_check_names_the_key_value_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("[server]\nlisten = \"127.0.0.1:1\"\nlisen = 2\n", &[":3", "unknown field `lisen`"]),
        ("[review]\nlease_minutes = \"soon\"\n", &[":2", "invalid type"]),
        ("[review]\n\nqa_share_rejected = 1.5\n", &[":3", "review.qa_share_rejected", "0 and 1"]),
        ("[retention]\ndays = 0\n", &[":2", "retention.days", "0 is outside"]),
        ("[sessions]\nlifetime_hours = 0\n", &["sessions.lifetime_hours"]),
        ("[nonsense]\nx = 1\n", &["unknown field `nonsense`"]),
        ("[server\n", &[":1"]),
        ("[server]\nlog_format = \"xml\"\n", &[":2", "xml"]),
        ("[storage]\ndatabase_url = \" \"\n", &["storage.database_url"]),
    ];
    for (text, expected) in cases {
        let file = write(dir.path(), text);
        let output = run(&["config", "check", &file], &[]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{text}: {message}");
        assert!(message.contains(&file), "{text}: {message}");
        for part in *expected {
            assert!(message.contains(part), "{text}: {part} missing in {message}");
        }
    }
    let missing = run(&["config", "check", "/nonexistent/reviewdesk.toml"], &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read /nonexistent/reviewdesk.toml"));
}

#[test]
fn environment_variables_are_checked_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "[review]\nlease_minutes = 20\n");
    let bad = run(&["config", "check", &file], &[("REVIEWDESK__REVIEW__LEASE_MINUTES", "0")]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("REVIEWDESK__REVIEW__LEASE_MINUTES"), "{}", stderr(&bad));
    let typo = run(&["config", "check", &file], &[("REVIEWDESK__REVEIW__LEASE_MINUTES", "5")]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(stderr(&typo).contains("REVIEWDESK__REVEIW__LEASE_MINUTES"), "{}", stderr(&typo));
    let serve = run(
        &["serve", "--config", &file, "--listen", "127.0.0.1:0"],
        &[("REVIEWDESK__IMAGES__BLUR_THRESHOLD", "-1")],
    );
    assert_eq!(serve.status.code(), Some(1));
    assert!(stderr(&serve).contains("REVIEWDESK__IMAGES__BLUR_THRESHOLD"), "{}", stderr(&serve));
}

#[test]
fn serve_reads_its_data_directory_from_the_file_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file");
    let file = write(
        dir.path(),
        &format!("[storage]\ndata_dir = {:?}\n[server]\nlisten = \"127.0.0.1:1\"\n", from_file),
    );
    {
        // --listen (from start_with) overrides the file's port 1.
        let _server = RunningServer::start_with(&["--config".as_ref(), file.as_ref()]);
        assert!(from_file.join("reviewdesk.db").exists());
    }
    let from_flag = dir.path().join("from-flag");
    let _server = RunningServer::start_with(&[
        "--config".as_ref(),
        file.as_ref(),
        "--data-dir".as_ref(),
        from_flag.as_os_str(),
    ]);
    assert!(from_flag.join("reviewdesk.db").exists());
}
