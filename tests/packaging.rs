//! Packaging: both Debian packages build, unpack into a scratch root, and start from it.
//!
//! - The server's .deb (`packaging/server/build-deb.sh` over the built `reviewdesk-server`): its
//!   control data names the user-creating postinst, the systemd unit and the binary; the unit is
//!   hardened (`systemd-analyze security --offline`); the packaged `/etc/reviewdesk/server.toml`
//!   passes `config check`, and the unpacked binary serves with it (data directory and port moved
//!   into the scratch root) and answers `GET /api/v1/openapi.json`.
//! - The desktop's .deb (the Tauri bundler, `tauri bundle --debug --bundles deb` over the binary
//!   the tests use; a release runs `tauri build`, which builds, then bundles): the unpacked app
//!   starts in local mode under the test's display, signs in and claims demo submissions; a second
//!   launch hands over to it and exits (single instance); afterwards its log file holds no
//!   applicant's name or ID number.
//!
//! Needs a display and a D-Bus session with an unlocked keyring: scripts/test.sh provides them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DESKTOP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
/// The app's identifier (tauri.conf.json): its folders are named after it.
const IDENTIFIER: &str = "cn.reviewdesk.desktop";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory's profile folder (`target/debug`), where cargo puts every binary.
fn profile_dir() -> PathBuf {
    Path::new(DESKTOP).parent().unwrap().to_path_buf()
}

/// Runs `command`, failing the test with its output when it fails.
fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(command: &mut Command) -> String {
    String::from_utf8(run(command).stdout).unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// SIGTERM, then the exit status (SIGKILL after 10 s).
fn stop(child: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A plain HTTP/1.1 GET on loopback: (status line, body).
fn http_get(port: u16, path: &str) -> Option<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_owned(), body.to_owned()))
}

/// The packaged unit, control data and maintainer scripts, checked without installing.
fn check_server_package(deb: &Path, scratch: &Path) {
    let control = stdout(Command::new("dpkg-deb").args(["-f".as_ref(), deb.as_os_str()]));
    assert!(control.contains("Package: reviewdesk-server"), "{control}");
    assert!(control.contains("libtesseract5"), "Depends from dpkg-shlibdeps: {control}");

    let files = stdout(Command::new("dpkg-deb").args(["-c".as_ref(), deb.as_os_str()]));
    for path in [
        "./usr/bin/reviewdesk-server",
        "./lib/systemd/system/reviewdesk-server.service",
        "./etc/reviewdesk/server.toml",
        "./usr/share/doc/reviewdesk-server/reviewdesk-server.toml",
    ] {
        assert!(files.lines().any(|l| l.ends_with(path)), "{path} not in the package:\n{files}");
    }

    let postinst = stdout(Command::new("dpkg-deb").args([
        "-I".as_ref(),
        deb.as_os_str(),
        "postinst".as_ref(),
    ]));
    assert!(postinst.contains("adduser --system"), "postinst creates the user:\n{postinst}");
    assert!(postinst.contains("useradd --system"), "postinst's fallback:\n{postinst}");
    assert!(postinst.contains("/var/lib/reviewdesk"), "postinst makes the data directory");
    let conffiles = stdout(Command::new("dpkg-deb").args([
        "-I".as_ref(),
        deb.as_os_str(),
        "conffiles".as_ref(),
    ]));
    assert_eq!(conffiles.trim(), "/etc/reviewdesk/server.toml", "settings survive upgrades");

    // Every maintainer script is valid shell.
    let control_dir = scratch.join("DEBIAN");
    run(Command::new("dpkg-deb").arg("-e").arg(deb).arg(&control_dir));
    for script in ["postinst", "prerm", "postrm"] {
        run(Command::new("sh").arg("-n").arg(control_dir.join(script)));
    }

    let unit_path = scratch.join("root/lib/systemd/system/reviewdesk-server.service");
    let unit = std::fs::read_to_string(&unit_path).unwrap();
    for line in [
        "User=reviewdesk",
        "ExecStart=/usr/bin/reviewdesk-server serve --config /etc/reviewdesk/server.toml",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/reviewdesk",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
    ] {
        assert!(unit.lines().any(|l| l == line), "the unit lacks {line}:\n{unit}");
    }
    // systemd's own rating of the sandbox: 0 (locked down) to 10 (exposed).
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=yes"])
        .arg(&unit_path)
        .output()
        .expect("systemd-analyze (package systemd)");
    let report = String::from_utf8_lossy(&security.stdout);
    let exposure: f64 = report
        .lines()
        .find_map(|l| l.split_once("Overall exposure level for reviewdesk-server.service: "))
        .and_then(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{report}"));
    println!("systemd-analyze security: exposure {exposure} (0 = locked down, 10 = exposed)");
    assert!(exposure <= 2.0, "the unit is not hardened enough ({exposure}):\n{report}");
}

#[test]
fn server_deb_builds_unpacks_and_serves_from_a_scratch_root() {
    let started = Instant::now();
    let binary = profile_dir().join("reviewdesk-server");
    assert!(
        binary.is_file(),
        "{} is missing: `cargo test --workspace` builds it (alone: cargo build -p reviewdesk-server)",
        binary.display()
    );
    let scratch = tempfile::tempdir().unwrap();
    let built = stdout(
        Command::new(root().join("packaging/server/build-deb.sh"))
            .arg(&binary)
            .arg(scratch.path().join("out")),
    );
    let deb = PathBuf::from(built.lines().last().unwrap());
    assert!(deb.is_file(), "{built}");
    println!("server .deb: {} in {:.1} s", deb.display(), started.elapsed().as_secs_f64());

    let unpacked = scratch.path().join("root");
    run(Command::new("dpkg").arg("-x").arg(&deb).arg(&unpacked));
    check_server_package(&deb, scratch.path());

    // The packaged config file is valid as shipped; the defaults shipped beside it are current.
    let installed = unpacked.join("usr/bin/reviewdesk-server");
    let config_path = unpacked.join("etc/reviewdesk/server.toml");
    run(Command::new(&installed).args(["config", "check"]).arg(&config_path));
    let defaults = stdout(Command::new(&installed).args(["config", "defaults"]));
    let shipped_defaults = std::fs::read_to_string(
        unpacked.join("usr/share/doc/reviewdesk-server/reviewdesk-server.toml"),
    )
    .unwrap();
    assert_eq!(shipped_defaults, defaults, "the documented defaults are the binary's");

    // The packaged config, with the data directory and the port moved into the test.
    let data = scratch.path().join("var/lib/reviewdesk");
    let port = free_port();
    let packaged = std::fs::read_to_string(&config_path).unwrap();
    let moved = packaged
        .replace("\"/var/lib/reviewdesk\"", &format!("{:?}", data.to_str().unwrap()))
        .replace("\"127.0.0.1:8740\"", &format!("\"127.0.0.1:{port}\""));
    assert!(moved.contains(&format!("127.0.0.1:{port}")), "the packaged port moved: {moved}");
    assert!(!moved.contains("\"/var/lib/reviewdesk\""), "the data directory moved: {moved}");
    let moved_path = scratch.path().join("server.toml");
    std::fs::write(&moved_path, moved).unwrap();

    let output_path = scratch.path().join("serve.log");
    let output = std::fs::File::create(&output_path).unwrap();
    let mut server = Command::new(&installed)
        .arg("serve")
        .arg("--config")
        .arg(&moved_path)
        .stdin(Stdio::null())
        .stdout(output.try_clone().unwrap())
        .stderr(output)
        .spawn()
        .unwrap();
    let said = || std::fs::read_to_string(&output_path).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(60);
    let answer = loop {
        if let Some(answer) = http_get(port, "/api/v1/openapi.json") {
            break answer;
        }
        if let Some(status) = server.try_wait().unwrap() {
            panic!("the installed server exited ({status}):\n{}", said());
        }
        if Instant::now() > deadline {
            stop(&mut server);
            panic!("the installed server did not listen on {port}:\n{}", said());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    stop(&mut server);
    assert!(answer.0.contains(" 200 "), "{}", answer.0);
    let document: serde_json::Value = serde_json::from_str(&answer.1).unwrap();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with('3')), "{document}");
    assert!(data.join("reviewdesk.db").is_file(), "the data directory was used");
    println!("server package checked in {:.1} s", started.elapsed().as_secs_f64());
}

/// Every applicant's name and ID number in local mode's database.
fn applicants(database: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(database).unwrap();
    let mut statement = conn.prepare("SELECT identity FROM submissions").unwrap();
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|identity| {
            let identity: serde_json::Value = serde_json::from_str(&identity.unwrap()).unwrap();
            let field = |name: &str| identity[name].as_str().unwrap().to_owned();
            (field("name"), field("id_number"))
        })
        .collect()
}

fn leases(database: &Path) -> i64 {
    rusqlite::Connection::open(database)
        .and_then(|conn| conn.query_row("SELECT count(*) FROM leases", [], |row| row.get(0)))
        .unwrap_or(0)
}

#[test]
fn desktop_deb_builds_unpacks_runs_once_and_logs_no_personal_data() {
    assert!(std::env::var_os("DISPLAY").is_some(), "needs a display: run through scripts/test.sh");
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "needs a D-Bus session (single instance, keyring): run through scripts/test.sh"
    );
    let started = Instant::now();
    // The Tauri bundler on the debug binary this test run built (`tauri bundle` is `tauri build`
    // without its cargo build: a second build with the non-test feature set would cost minutes).
    let tauri = root().join("ui/node_modules/.bin/tauri");
    assert!(tauri.is_file(), "{}: scripts/setup.sh runs npm ci in ui/", tauri.display());
    run(Command::new(&tauri)
        .args(["bundle", "--debug", "--bundles", "deb", "--ci", "--no-sign"])
        .current_dir(root()));
    let bundle_dir = profile_dir().join("bundle/deb");
    let version = env!("CARGO_PKG_VERSION");
    let arch = stdout(Command::new("dpkg").arg("--print-architecture"));
    let deb = bundle_dir.join(format!("ReviewDesk_{version}_{}.deb", arch.trim()));
    assert!(deb.is_file(), "{} was not written", deb.display());
    // The bundler leaves its staging tree (the whole unpacked package) beside the .deb: drop it.
    let _ =
        std::fs::remove_dir_all(bundle_dir.join(format!("ReviewDesk_{version}_{}", arch.trim())));
    println!("desktop .deb: {} in {:.1} s", deb.display(), started.elapsed().as_secs_f64());

    let control = stdout(Command::new("dpkg-deb").args(["-f".as_ref(), deb.as_os_str()]));
    assert!(control.contains("Package: review-desk"), "{control}");
    assert!(control.contains("libwebkit2gtk-4.1-0"), "{control}");
    // The Tauri bundler's archive names its files without a leading `./`.
    let files = stdout(Command::new("dpkg-deb").args(["-c".as_ref(), deb.as_os_str()]));
    for path in [" usr/bin/reviewdesk-desktop", " usr/share/applications/ReviewDesk.desktop"] {
        assert!(files.lines().any(|l| l.ends_with(path)), "{path} not in the package:\n{files}");
    }

    let scratch = tempfile::tempdir().unwrap();
    let unpacked = scratch.path().join("root");
    run(Command::new("dpkg").arg("-x").arg(&deb).arg(&unpacked));
    let app = unpacked.join("usr/bin/reviewdesk-desktop");
    let home = scratch.path().join("home");
    let launch = || {
        let mut command = Command::new(&app);
        for (var, dir) in
            [("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")]
        {
            command.env(var, home.join(dir));
        }
        // Local mode with the demo queue: names and ID numbers flow through the app.
        command.env("REVIEWDESK_DEMO", "1").stdin(Stdio::null());
        command
    };

    let mut first = launch().spawn().unwrap();
    let app_data = home.join("data").join(IDENTIFIER);
    let database = app_data.join("local-server/reviewdesk.db");
    let deadline = Instant::now() + Duration::from_secs(180);
    while leases(&database) == 0 {
        assert!(first.try_wait().unwrap().is_none(), "the installed app exited");
        assert!(Instant::now() < deadline, "the installed app never claimed a demo submission");
        std::thread::sleep(Duration::from_millis(250));
    }
    // A few sync rounds with the queue on screen.
    std::thread::sleep(Duration::from_secs(5));
    println!("installed app up and reviewing after {:.1} s", started.elapsed().as_secs_f64());

    // Single instance: a second launch hands over to the first and exits at once.
    let mut second = launch().spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            stop(&mut second);
            stop(&mut first);
            panic!("a second launch kept running beside the first");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the second launch: {status}");
    assert!(first.try_wait().unwrap().is_none(), "the first instance survives the second launch");
    stop(&mut first);

    // The log: written, and free of every applicant's name and ID number.
    let logs: Vec<PathBuf> = std::fs::read_dir(app_data.join("logs"))
        .expect("a log directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("reviewdesk."))
        .collect();
    assert!(!logs.is_empty(), "no log file in {}", app_data.join("logs").display());
    let log: String = logs.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert!(log.contains("ReviewDesk starting"), "{log}");
    assert!(log.contains("a second launch: showing the running window"), "{log}");
    let people = applicants(&database);
    assert!(!people.is_empty(), "the demo queue was seeded");
    for (name, number) in &people {
        assert!(!log.contains(name.as_str()), "a name in the log: {name}");
        assert!(!log.to_uppercase().contains(&number.to_uppercase()), "an ID number in the log");
    }
    println!(
        "desktop package checked in {:.1} s ({} log lines, {} applicants scanned for)",
        started.elapsed().as_secs_f64(),
        log.lines().count(),
        people.len()
    );
}
