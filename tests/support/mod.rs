//! Shared harness for end-to-end tests in the real window: starts `tauri-driver` (which starts
//! WebKitWebDriver), opens a WebDriver session on the built desktop binary, and stops both cleanly.
//!
//! The three traps PLATFORM.md names are handled here: wait until both driver ports accept, stop
//! the driver with SIGTERM (its handler stops WebKitWebDriver), and wait two animation frames
//! before a screenshot. And a fourth: the app is single-instance (one per session bus), so a second
//! app started while one runs would hand over to it and exit, leaving its WebDriver session
//! waiting for ever — the tests of one binary take turns ([`ONE_APP_AT_A_TIME`]).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Held by each running [`AppSession`]: the tests of one binary run their apps one at a time.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A running tauri-driver and a WebDriver session on the app.
pub struct AppSession {
    pub client: Client,
    driver: Child,
    /// This session's turn (released when it is stopped or dropped).
    _turn: tokio::sync::MutexGuard<'static, ()>,
    /// Everything the driver, WebKitWebDriver and the app wrote to stdout and stderr (for the
    /// scans for personal data).
    pub output: PathBuf,
}

/// Where a session's output goes: one file per driver port, in the system's temp directory.
fn output_file(port: u16) -> (PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("reviewdesk-e2e-output-{port}.log"));
    let file = std::fs::File::create(&path).expect("a file for the app's output");
    (path, file)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, deadline: Instant) {
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} did not open in time");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl AppSession {
    /// Starts the desktop binary `app` under tauri-driver and connects to it.
    pub async fn start(app: &str) -> AppSession {
        AppSession::start_with_env(app, &[]).await
    }

    /// As [`AppSession::start`], with extra environment for the app (e.g. its own
    /// `XDG_DATA_HOME`, so each test has its own data directory).
    pub async fn start_with_env(app: &str, env: &[(&str, &std::path::Path)]) -> AppSession {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them through scripts/test.sh (Xvfb)"
        );
        let turn = ONE_APP_AT_A_TIME.lock().await;
        let (port, native_port) = (free_port(), free_port());
        let (output, file) = output_file(port);
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().map(|(key, value)| (*key, *value)))
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("a second handle on the output file"))
            .stderr(file)
            .spawn()
            .expect(
                "tauri-driver not found: scripts/setup.sh installs it (cargo install tauri-driver)",
            );
        let deadline = Instant::now() + Duration::from_secs(20);
        wait_for_port(port, deadline);
        // The native WebKitWebDriver port opens later than the driver's own; connecting before
        // that fails intermittently.
        wait_for_port(native_port, deadline);

        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app }));
        caps.insert("browserName".into(), json!("wry"));
        let client = ClientBuilder::rustls()
            .expect("TLS setup")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session on the app");
        AppSession { client, driver, _turn: turn, output }
    }

    /// Waits for the element and returns its text.
    pub async fn text(&self, css: &str) -> String {
        self.element(css).await.text().await.unwrap()
    }

    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    /// Waits until the element's text equals `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        self.wait_for_text_where(css, expected, |found| found == expected).await;
    }

    /// Waits until the element's text contains `part`; returns the text.
    pub async fn wait_for_text_containing(&self, css: &str, part: &str) -> String {
        self.wait_for_text_where(css, part, |found| found.contains(part)).await
    }

    async fn wait_for_text_where(
        &self,
        css: &str,
        expected: &str,
        good: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // An element replaced between finding it and reading it (stale) is read again.
            let found = self.element(css).await.text().await.unwrap_or_default();
            if good(&found) {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: expected text {expected:?}, found {found:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses keys as a person would, on whatever has the focus (`\u{E007}` is Enter,
    /// `\u{E00C}` Escape).
    pub async fn press(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions =
                actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.expect("key presses");
    }

    /// Waits until nothing matches `css` (at most 30 s).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self.client.find_all(fantoccini::Locator::Css(css)).await.unwrap();
            if found.is_empty() {
                return;
            }
            assert!(Instant::now() < deadline, "{css} is still there");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses `key` while holding `modifier` (`\u{E008}` Shift, `\u{E009}` Control).
    pub async fn press_with(&self, modifier: char, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client.perform_actions(actions).await.expect("key presses");
    }

    /// Waits until the element's attribute equals `expected`.
    pub async fn wait_for_attribute(&self, css: &str, name: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // An element replaced between finding it and reading it (stale) is read again.
            let found = self.element(css).await.attr(name).await.ok().flatten();
            if found.as_deref() == Some(expected) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css}[{name}]: expected {expected:?}, found {found:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the window to tests/artifacts/NAME.png, after the frame has been painted.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        path
    }

    /// The app's web processes (WebKitGTK's `WebKitWebProcess` children, the pages' renderers),
    /// found below this session's driver only (other sessions may run beside it).
    pub fn web_processes(&self) -> Vec<u32> {
        descendants(self.driver.id())
            .into_iter()
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|name| name.trim_end().starts_with("WebKitWebProces"))
            })
            .collect()
    }

    /// Fills in the sign-in screen (server address, username, password) and submits it; the
    /// caller waits for what it expects next.
    pub async fn sign_in(&self, url: &str, username: &str, password: &str) {
        self.element("[data-testid=login]").await;
        let field = self.element("[data-testid=server-url]").await;
        field.clear().await.unwrap();
        field.send_keys(url).await.unwrap();
        self.element("[data-testid=username]").await.send_keys(username).await.unwrap();
        self.element("[data-testid=password]").await.send_keys(password).await.unwrap();
        self.element("[data-testid=login-submit]").await.click().await.unwrap();
    }

    /// Ends the session and stops the driver (and through it WebKitWebDriver and the app);
    /// returns everything they wrote.
    pub async fn stop(mut self) -> String {
        let _ = self.client.clone().close().await;
        stop_driver(&mut self.driver);
        let text =
            std::fs::read(&self.output).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        let _ = std::fs::remove_file(&self.output);
        text.unwrap_or_default()
    }
}

impl Drop for AppSession {
    fn drop(&mut self) {
        stop_driver(&mut self.driver);
    }
}

fn stop_driver(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    // The app under WebKitWebDriver outlives the driver when the session was not closed (a test
    // that panicked): as a single instance it would then take over the next test's start.
    let descendants = descendants(driver.id());
    // SIGTERM, not SIGKILL: only tauri-driver's handler stops its WebKitWebDriver child, and an
    // orphan would keep the test's output open.
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = driver.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if !matches!(driver.try_wait(), Ok(Some(_))) {
        let _ = driver.kill();
        let _ = driver.wait();
    }
    for pid in descendants {
        let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    }
}

/// Every process below `pid` (children first found, then theirs), from `pgrep -P`.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(parent) = queue.pop() {
        let Ok(out) = Command::new("pgrep").args(["-P", &parent.to_string()]).output() else {
            break;
        };
        for child in
            String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok())
        {
            found.push(child);
            queue.push(child);
        }
    }
    found
}
