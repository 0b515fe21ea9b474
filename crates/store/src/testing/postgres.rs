//! A throwaway PostgreSQL server for tests: Debian's server binaries (`pg_config --bindir`, else the
//! newest `/usr/lib/postgresql/*/bin`), `initdb` into a temporary directory (as the `postgres` user
//! when the tests run as root, which `initdb` refuses), started on a free loopback port with its
//! unix socket in that directory and `fsync = on`. One server per test binary, started on first
//! use; each test gets its own database ([`PgServer::database`]), dropped when the test's
//! [`TestDatabase`] is dropped (also when the test panics).
//!
//! The server stops and its directory is removed when the test process ends, however it ends: a
//! small detached watchdog (`setsid -f sh`) waits for the test process to exit, then stops the server
//! (`pg_ctl stop -m immediate`) and removes the directory.
//!
//! Missing binaries FAIL the test with a message saying what to install; nothing is skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The superuser the test server is created with (trust authentication, loopback only).
const SUPERUSER: &str = "reviewdesk";

pub struct PgServer {
    root: PathBuf,
    port: u16,
    next: AtomicU32,
}

/// A fresh database on the shared test server; dropped (forcibly) with this value.
pub struct TestDatabase {
    name: String,
    port: u16,
    socket_dir: PathBuf,
}

impl TestDatabase {
    /// `postgres://` URL over TCP on loopback (what `serve --db` is given).
    pub fn url(&self) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{}", self.port, self.name)
    }

    /// Connection string over the server's unix socket (faster: what the benches use).
    pub fn socket_url(&self) -> String {
        format!(
            "host={} port={} user={SUPERUSER} dbname={}",
            self.socket_dir.display(),
            self.port,
            self.name
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// A plain client on this database, for what a test checks behind the store's back.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(), postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to test database {}: {e}", self.name))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin = format!("postgres://{SUPERUSER}@127.0.0.1:{}/postgres", self.port);
        let drop_it = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // On a thread of its own: the synchronous client cannot run on an async runtime's
        // thread, and a test's database may be dropped there (on a failed assertion, say).
        let dropped = std::thread::spawn(move || {
            if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = client.batch_execute(&drop_it);
            }
        });
        let _ = dropped.join();
    }
}

/// The test binary's server, started on first use.
pub fn server() -> &'static PgServer {
    static SERVER: OnceLock<PgServer> = OnceLock::new();
    SERVER.get_or_init(PgServer::start)
}

/// A fresh, empty database on the test binary's server.
pub fn database() -> TestDatabase {
    server().database()
}

fn has_initdb(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() && dir.join("postgres").is_file()
}

/// Where the PostgreSQL server binaries are; panics (failing the test) when they are nowhere.
pub fn bindir() -> PathBuf {
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && has_initdb(&dir) {
            return dir;
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_initdb(&bin).then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: neither \
             `pg_config --bindir` nor /usr/lib/postgresql/*/bin has them. Install Debian's \
             `postgresql` package (scripts/setup.sh does). The PostgreSQL tests never skip."
        ),
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args…`, as the `postgres` user when we are root.
fn as_server_user(program: &Path) -> Command {
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(mut command: Command, what: &str) {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl PgServer {
    fn start() -> PgServer {
        let bin = bindir();
        let root = tempfile::Builder::new().prefix("reviewdesk-pg-").tempdir().unwrap().keep();
        let data = root.join("data");
        if running_as_root() {
            let mut chown = Command::new("chown");
            chown.arg("postgres:postgres").arg(&root);
            run(chown, "chown of the test server's directory to postgres");
        }
        // --no-sync: initdb's own final fsync only (a throwaway cluster); the server runs with
        // fsync = on.
        let mut initdb = as_server_user(&bin.join("initdb"));
        initdb.arg("-D").arg(&data).args([
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        run(initdb, "initdb");
        let port = free_port();
        let settings = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             fsync = on\nsynchronous_commit = on\nmax_connections = 300\nshared_buffers = 128MB\n",
            root.display()
        );
        let conf = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text.push_str(&settings);
        std::fs::write(&conf, text).unwrap();

        let mut start = as_server_user(&bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(root.join("server.log"))
            .args(["-w", "-t", "60", "start"]);
        run(start, "pg_ctl start");

        // The watchdog: once this test process is gone, stop the server and remove everything.
        let stop = if running_as_root() { "runuser -u postgres -- " } else { "" };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
             {stop}'{pg_ctl}' -D '{data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{root}'",
            pid = std::process::id(),
            pg_ctl = bin.join("pg_ctl").display(),
            data = data.display(),
            root = root.display(),
        );
        // `setsid -f` forks the watchdog into its own session and returns at once.
        let started = Command::new("setsid")
            .args(["-f", "sh", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("cannot start the test server's watchdog (setsid sh)");
        assert!(started.success(), "the test server's watchdog did not start");
        PgServer { root, port, next: AtomicU32::new(0) }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A fresh, empty database.
    pub fn database(&self) -> TestDatabase {
        let name = format!("t{}_{}", std::process::id(), self.next.fetch_add(1, Ordering::Relaxed));
        let admin = format!("postgres://{SUPERUSER}@127.0.0.1:{}/postgres", self.port);
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| {
            panic!("cannot connect to the test server on port {}: {e}", self.port)
        });
        client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        TestDatabase { name, port: self.port, socket_dir: self.root.clone() }
    }
}
