//! The real keyring path: the session token and the cache key in the OS keyring through the
//! `keyring` crate's Secret Service backend, served by gnome-keyring on a D-Bus session bus.
//!
//! `scripts/test.sh` runs the tests inside `dbus-run-session` with an unlocked gnome-keyring. Run
//! alone (`cargo test -p reviewdesk-client --test keyring`), the test provides both itself: without
//! a session bus it re-runs itself under `dbus-run-session` with a throwaway home, and without a
//! reachable Secret Service it starts `gnome-keyring-daemon --unlock --components=secrets`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reviewdesk_client::{Client, DecisionInput, OsKeyring, SecretStore, Settings};
use support::{TestServer, PASSWORD};

/// Set when this test made the session bus itself (so no keyring runs in it yet).
const OWN_SESSION: &str = "REVIEWDESK_KEYRING_TEST_SESSION";
const TEST_NAME: &str = "the_os_keyring_holds_the_session_and_cache_key_and_logout_removes_them";

/// Re-runs this test under `dbus-run-session` with a throwaway home; `true` if it did.
fn rerun_in_a_session_bus() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return false;
    }
    let home = tempfile::tempdir().unwrap();
    let (data, runtime) = (home.path().join("data"), home.path().join("runtime"));
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&runtime).unwrap();
    let status = Command::new("dbus-run-session")
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env(OWN_SESSION, "1")
        .status()
        .expect("dbus-run-session (Debian package dbus) must be installed: see scripts/setup.sh");
    assert!(status.success(), "the keyring test failed inside dbus-run-session");
    true
}

/// Starts gnome-keyring's Secret Service, its login keyring unlocked with a throwaway password.
fn start_gnome_keyring(replace: bool) {
    let mut command = Command::new("gnome-keyring-daemon");
    if replace {
        command.arg("--replace");
    }
    let mut daemon = command
        .args(["--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon (Debian package gnome-keyring) must be installed");
    daemon.stdin.take().unwrap().write_all(b"pw").unwrap();
    daemon.wait().unwrap();
}

/// Makes sure an unlocked Secret Service answers on the session bus. In a bus of its own, the
/// test starts gnome-keyring before anything asks for it (a keyring started on demand by D-Bus
/// activation has no unlocked collection); elsewhere it only replaces a keyring that cannot store.
fn ensure_unlocked_keyring(probe: &OsKeyring) {
    if std::env::var_os(OWN_SESSION).is_some() {
        start_gnome_keyring(false);
    } else if probe.set("probe", "1").is_err() {
        start_gnome_keyring(true);
    }
    let started = Instant::now();
    while let Err(error) = probe.set("probe", "1") {
        assert!(started.elapsed() < Duration::from_secs(10), "no unlocked keyring: {error}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_os_keyring_holds_the_session_and_cache_key_and_logout_removes_them() {
    if rerun_in_a_session_bus() {
        return;
    }
    let service = format!("reviewdesk-test-{}", uuid::Uuid::new_v4());
    let keyring = OsKeyring::new(&service);
    ensure_unlocked_keyring(&keyring);
    keyring.delete("probe").unwrap();

    // The store itself: set, replace, read through a second handle, delete (twice is fine).
    keyring.set("a", "1").unwrap();
    keyring.set("a", "2").unwrap();
    assert_eq!(OsKeyring::new(&service).get("a").unwrap().as_deref(), Some("2"));
    keyring.delete("a").unwrap();
    keyring.delete("a").unwrap();
    assert_eq!(keyring.get("a").unwrap(), None);

    // The engine keeps its two secrets there, finds them after a restart, and logout removes them.
    let server = TestServer::start(&["wang"], 5).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(OsKeyring::new(&service));
    let client = Client::new(
        dir.path(),
        Settings { undo_window: chrono::Duration::zero(), ..Settings::default() },
        secrets.clone(),
        server.clock.clone(),
    );
    client.login(&server.url(), "wang", PASSWORD).await.unwrap();
    client.sync_once().await.unwrap();
    let item = client.next_submission().unwrap().unwrap();
    client.decide(&item.submission_id, DecisionInput::approve()).unwrap();
    drop(client);

    let client = Client::new(
        dir.path(),
        Settings { undo_window: chrono::Duration::zero(), ..Settings::default() },
        secrets,
        server.clock.clone(),
    );
    assert!(client.resume().unwrap().is_some(), "key and token read back from the keyring");
    let status = client.sync_once().await.unwrap();
    assert!(status.signed_in);
    assert_eq!((status.outbox_pending, status.acknowledged), (0, 1));
    assert_eq!(server.decision_count(), 1);

    let slot_names = |kind: &str| {
        // The engine names its entries `<kind>/<slot>`; list what is stored by asking for each.
        let path = std::fs::read_dir(dir.path().join("cache")).unwrap().next().unwrap().unwrap();
        let slot = path.path().file_stem().unwrap().to_string_lossy().into_owned();
        format!("{kind}/{slot}")
    };
    let (session, key) = (slot_names("session"), slot_names("cache-key"));
    assert!(keyring.get(&session).unwrap().is_some());
    assert_eq!(keyring.get(&key).unwrap().map(|k| k.len()), Some(64));

    client.logout().await.unwrap();
    assert_eq!(keyring.get(&session).unwrap(), None);
    assert_eq!(keyring.get(&key).unwrap(), None);
}
