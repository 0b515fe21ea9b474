//! Packaging: both Debian packages build, pass Debian's own checks, unpack into a scratch root
//! and start from it; the server's upgrades over a previous installation with data.
//!
//! - Both packages (`packaging/server/build-deb.sh`, `packaging/desktop/build-deb.sh` over the
//!   binaries this test run built): `lintian` prints nothing but explained overrides; DEP-5
//!   copyright naming every bundled data set, the changelog, a real maintainer, a description in
//!   English and Chinese; the binary stripped, its debug information in the -dbgsym package under
//!   its build ID; dependencies from dpkg-shlibdeps; manual pages (the server's, one per
//!   subcommand as `--help` lists them) that `man` renders without a warning.
//! - The server's .deb: its control data names the user-creating postinst, the systemd unit and
//!   the binary; the unit is hardened (`systemd-analyze security --offline`); the packaged
//!   `/etc/reviewdesk/server.toml` passes `config check`, and the unpacked binary serves with it
//!   (data directory and port moved into the scratch root) and answers `GET /api/v1/openapi.json`.
//! - The server's upgrade, installed for real with dpkg in a throwaway root (tests/packaging/
//!   upgrade.rs): release 0.1.0's package with users, decisions, photos and an edited conffile,
//!   then the new package over it: data, edited conffile, modes, a masked unit and `audit verify`
//!   intact; `man reviewdesk-server` works there; purge keeps the data.
//! - The desktop's .deb: the unpacked app starts in local mode under the test's display, signs in
//!   and claims demo submissions; a second launch hands over to it and exits (single instance);
//!   afterwards its log file holds no applicant's name or ID number.
//!
//! Needs a display and a D-Bus session with an unlocked keyring (scripts/test.sh provides them),
//! lintian, and root for the upgrade test's mounts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "packaging/debian.rs"]
mod debian;
#[path = "packaging/upgrade.rs"]
mod upgrade;

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

/// Runs `packaging/KIND/build-deb.sh BINARY OUT`: (the package, its -dbgsym package). gzip
/// instead of the release's xz: the same package in a third of the time.
fn build_deb(kind: &str, binary: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let built = stdout(
        Command::new(root().join(format!("packaging/{kind}/build-deb.sh")))
            .arg(binary)
            .arg(out)
            .env("REVIEWDESK_DEB_COMPRESSION", "gzip"),
    );
    let mut lines = built.lines().map(PathBuf::from);
    let (dbgsym, deb) = (lines.next().unwrap(), lines.next().unwrap());
    assert!(deb.is_file() && dbgsym.is_file(), "{built}");
    (deb, dbgsym)
}

/// The server's packages, built once for this test process (both server tests use them), into
/// the target directory (`target/debug/packaging-test/`).
fn server_debs() -> &'static (PathBuf, PathBuf) {
    static BUILT: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let binary = profile_dir().join("reviewdesk-server");
        assert!(
            binary.is_file(),
            "{} is missing: `cargo test --workspace` builds it (alone: cargo build -p reviewdesk-server)",
            binary.display()
        );
        let out = profile_dir().join("packaging-test/server");
        let _ = std::fs::remove_dir_all(&out);
        build_deb("server", &binary, &out)
    })
}

/// Debian's checks on a built package ([`debian`]): lintian, documentation, stripping.
fn debian_checks(
    deb: &Path,
    dbgsym: &Path,
    unpacked: &Path,
    package: &str,
    binary: &str,
    kind: &str,
) {
    let overrides = root().join(format!("packaging/{kind}/lintian-overrides"));
    let overrides = overrides.is_file().then_some(overrides.as_path());
    let control = stdout(Command::new("dpkg-deb").args(["-f".as_ref(), deb.as_os_str()]));
    assert!(control.contains("libc6 ("), "Depends from dpkg-shlibdeps: {control}");
    debian::lintian_clean(&[deb, dbgsym], overrides);
    debian::check_docs(unpacked, package, &control);
    debian::check_stripped_with_dbgsym(
        &unpacked.join("usr/bin").join(binary),
        dbgsym,
        package,
        &control,
    );
}

/// Every subcommand path below `path` as `binary ... --help` lists them (`help` aside), depth
/// first: `[["audit"], ["audit", "verify"], ...]`.
fn subcommands(binary: &Path, path: &[String]) -> Vec<Vec<String>> {
    let help = stdout(Command::new(binary).args(path).arg("--help"));
    let mut found = Vec::new();
    let listed = help.split_once("\nCommands:\n").map(|(_, rest)| rest).unwrap_or("");
    for line in listed.lines().take_while(|l| l.starts_with("  ")) {
        let name = line.split_whitespace().next().unwrap();
        if name == "help" {
            continue;
        }
        let mut sub = path.to_vec();
        sub.push(name.to_owned());
        found.push(sub.clone());
        found.extend(subcommands(binary, &sub));
    }
    found
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
    assert!(postinst.contains("/var/lib/reviewdesk"), "postinst makes the data directory");
    assert!(postinst.contains("dpkg-statoverride --update --add root"), "the settings' mode");
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
        // debhelper's idiom: the unit through deb-systemd-helper/-invoke; systemctl only reloads.
        let text = std::fs::read_to_string(control_dir.join(script)).unwrap();
        for line in text.lines().filter(|l| l.contains("systemctl") && !l.trim().starts_with('#')) {
            assert!(line.contains("systemctl --system daemon-reload"), "{script}: {line}");
        }
    }
    let postrm = std::fs::read_to_string(control_dir.join("postrm")).unwrap();
    assert!(postrm.contains("deb-systemd-helper purge 'reviewdesk-server.service'"), "{postrm}");

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
    let (deb, dbgsym) = server_debs();
    let scratch = tempfile::tempdir().unwrap();
    println!("server .deb: {} in {:.1} s", deb.display(), started.elapsed().as_secs_f64());

    let unpacked = scratch.path().join("root");
    run(Command::new("dpkg").arg("-x").arg(deb).arg(&unpacked));
    check_server_package(deb, scratch.path());
    debian_checks(deb, dbgsym, &unpacked, "reviewdesk-server", "reviewdesk-server", "server");
    // A manual page for the command and for every subcommand `--help` lists.
    let commands = subcommands(&binary, &[]);
    assert!(commands.len() > 20, "{commands:?}");
    let mut pages = vec!["reviewdesk-server".to_owned()];
    pages.extend(
        commands
            .iter()
            .map(|path| std::iter::once("reviewdesk-server").chain(path.iter().map(String::as_str)))
            .map(|words| words.collect::<Vec<_>>().join("-")),
    );
    debian::check_man_pages(&unpacked, &pages);
    println!("server package: Debian's checks done after {:.1} s", started.elapsed().as_secs_f64());

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
    // packaging/desktop/build-deb.sh over the debug binary this test run built (the UI in
    // ui/dist is compiled into it); a release packages target/release/reviewdesk-desktop.
    let scratch = tempfile::tempdir().unwrap();
    let (deb, dbgsym) = build_deb("desktop", Path::new(DESKTOP), &scratch.path().join("out"));
    println!("desktop .deb: {} in {:.1} s", deb.display(), started.elapsed().as_secs_f64());

    let control = stdout(Command::new("dpkg-deb").args(["-f".as_ref(), deb.as_os_str()]));
    assert!(control.contains("Package: review-desk"), "{control}");
    assert!(control.contains("libwebkit2gtk-4.1-0"), "Depends from dpkg-shlibdeps: {control}");
    let files = stdout(Command::new("dpkg-deb").args(["-c".as_ref(), deb.as_os_str()]));
    for path in [
        "./usr/bin/reviewdesk-desktop",
        "./usr/share/applications/ReviewDesk.desktop",
        "./usr/share/icons/hicolor/128x128/apps/reviewdesk-desktop.png",
    ] {
        assert!(files.lines().any(|l| l.ends_with(path)), "{path} not in the package:\n{files}");
    }
    let unpacked = scratch.path().join("root");
    run(Command::new("dpkg").arg("-x").arg(&deb).arg(&unpacked));
    debian_checks(&deb, &dbgsym, &unpacked, "review-desk", "reviewdesk-desktop", "desktop");
    debian::check_man_pages(&unpacked, &["reviewdesk-desktop".to_owned()]);
    println!(
        "desktop package: Debian's checks done after {:.1} s",
        started.elapsed().as_secs_f64()
    );

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

#[test]
fn server_upgrades_over_release_0_1_0_with_data_in_a_scratch_root() {
    let started = Instant::now();
    let (deb, _) = server_debs();
    let out = tempfile::tempdir().unwrap();
    let previous = upgrade::previous_package(
        deb,
        &root().join("tests/fixtures/packaging/server-0.1.0"),
        out.path(),
    );
    let scratch = upgrade::ScratchRoot::new();
    scratch.put(&previous, "previous.deb");
    scratch.put(deb, "new.deb");

    // Release 0.1.0 installed, given users, decisions and photos, its settings edited and the
    // service masked by the administrator.
    // man-db's trigger re-indexes every page on the machine (a minute here): off in this root
    // (its documented switch); `man` finds the pages without the index.
    scratch.ok("rm -f /var/lib/man-db/auto-update && dpkg -i /tmp/previous.deb >/dev/null");
    let as_service = "runuser -u reviewdesk -- reviewdesk-server";
    scratch.ok(&format!(
        "{as_service} seed-demo --count 12 --data-dir /var/lib/reviewdesk >/dev/null
         echo 'a-long-password-for-wang' | {as_service} user add --data-dir /var/lib/reviewdesk \
           --username wang --role reviewer --province 11 >/dev/null
         echo '# edited by the province: kept across upgrades' >>/etc/reviewdesk/server.toml
         ln -s /dev/null /etc/systemd/system/reviewdesk-server.service"
    ));
    let db = scratch.written("/var/lib/reviewdesk/reviewdesk.db");
    let before: Vec<i64> = ["users", "decisions", "submissions", "audit"]
        .iter()
        .map(|t| upgrade::count(&db, t))
        .collect();
    let photos = |root: &upgrade::ScratchRoot| {
        std::fs::read_dir(root.written("/var/lib/reviewdesk/images")).map_or(0, |d| d.count())
    };
    let photos_before = photos(&scratch);
    assert!(before.iter().all(|&n| n > 0) && photos_before > 0, "seeded: {before:?}");

    // The new package over it, as apt would (no terminal).
    scratch.ok("dpkg -i /tmp/new.deb >/dev/null");
    let after = scratch.ok(&format!(
        "dpkg-query -W -f '${{Version}} ${{Status}}\\n' reviewdesk-server
         tail -n 1 /etc/reviewdesk/server.toml
         stat -c '%a %U %G %n' /etc/reviewdesk /etc/reviewdesk/server.toml /var/lib/reviewdesk
         readlink /etc/systemd/system/reviewdesk-server.service
         {as_service} config check /etc/reviewdesk/server.toml
         {as_service} audit verify --config /etc/reviewdesk/server.toml
         man -P cat reviewdesk-server-audit-verify | head -n 3
         man -w reviewdesk-server"
    ));
    println!("after the upgrade:\n{after}");
    let version = stdout(Command::new("dpkg-deb").arg("-f").arg(deb).arg("Version"));
    assert!(after.contains(&format!("{} install ok installed", version.trim())), "{after}");
    assert!(after.contains("# edited by the province: kept across upgrades\n"), "{after}");
    assert!(after.contains("750 root reviewdesk /etc/reviewdesk\n"), "{after}");
    assert!(after.contains("640 root reviewdesk /etc/reviewdesk/server.toml\n"), "{after}");
    assert!(after.contains("750 reviewdesk reviewdesk /var/lib/reviewdesk\n"), "{after}");
    assert!(after.contains("/dev/null\n"), "the administrator's mask stays: {after}");
    assert!(after.contains("reviewdesk-server-audit-verify"), "man in the root: {after}");
    assert!(after.contains("/usr/share/man/man1/reviewdesk-server.1.gz"), "{after}");
    let after_counts: Vec<i64> = ["users", "decisions", "submissions", "audit"]
        .iter()
        .map(|t| upgrade::count(&db, t))
        .collect();
    assert_eq!(after_counts[..3], before[..3], "users, decisions, submissions kept");
    assert!(after_counts[3] >= before[3], "the audit log only grows");
    assert_eq!(photos(&scratch), photos_before, "every photo kept");
    let migrations =
        std::fs::read_dir(root().join("crates/store/src/sqlite/migrations")).unwrap().count();
    assert_eq!(
        upgrade::count(&db, "schema_migrations"),
        migrations as i64,
        "the schema is current"
    );

    // Purge: the settings' mode registration goes, the records stay.
    let purged = scratch.ok("dpkg -P reviewdesk-server >/dev/null 2>&1
         dpkg-statoverride --list | grep -c reviewdesk || true
         ls /var/lib/reviewdesk");
    assert!(purged.starts_with("0\n"), "statoverrides removed: {purged}");
    assert!(purged.contains("reviewdesk.db"), "purge keeps the data: {purged}");
    println!("upgrade checked in {:.1} s", started.elapsed().as_secs_f64());
}
