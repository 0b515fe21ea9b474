//! Upgrading the server package over a previous installation with data, in a throwaway root: an
//! overlay of this machine's own root (its dpkg database, libraries, adduser and
//! init-system-helpers; every write lands in the test's folder), entered with `chroot` inside a
//! private mount namespace (`unshare -m`). Needs root (CAP_SYS_ADMIN for the mounts).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A root where packages are installed for real, over this machine's own.
pub struct ScratchRoot {
    dir: tempfile::TempDir,
}

impl ScratchRoot {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["upper", "work", "merged"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        ScratchRoot { dir }
    }

    /// Where the root's new and changed files are (readable after each command's namespace ends).
    pub fn written(&self, path: &str) -> PathBuf {
        self.dir.path().join("upper").join(path.trim_start_matches('/'))
    }

    /// Puts `file` into the root's `/tmp` (as `name`).
    pub fn put(&self, file: &Path, name: &str) {
        let tmp = self.written("/tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::copy(file, tmp.join(name)).unwrap();
    }

    /// Runs `script` with `sh -e` inside the root: its output, whatever the exit status.
    pub fn sh(&self, script: &str) -> Output {
        let base = self.dir.path();
        let mount = format!(
            "mount -t overlay overlay -o lowerdir=/,upperdir={0}/upper,workdir={0}/work {0}/merged \
             && mount --bind /dev {0}/merged/dev && mount -t proc proc {0}/merged/proc \
             && exec chroot {0}/merged /bin/sh -ec \"$1\"",
            base.display()
        );
        Command::new("unshare")
            .args(["-m", "sh", "-ec", &mount, "sh", script])
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .output()
            .expect("unshare (util-linux)")
    }

    /// [`Self::sh`], failing the test when the script fails; its stdout.
    pub fn ok(&self, script: &str) -> String {
        let output = self.sh(script);
        assert!(
            output.status.success(),
            "in the scratch root ({}):\n{script}\n--- stdout\n{}\n--- stderr\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

/// The previous release's package: `deb`'s files with release 0.1.0's maintainer scripts
/// (tests/fixtures/packaging/server-0.1.0), its conffile mode (0640 in the archive) and an
/// earlier version, rebuilt with dpkg-deb.
pub fn previous_package(deb: &Path, fixtures: &Path, out: &Path) -> PathBuf {
    let tree = out.join("previous");
    super::run(Command::new("dpkg-deb").arg("-R").arg(deb).arg(&tree));
    for script in ["postinst", "prerm", "postrm"] {
        let target = tree.join("DEBIAN").join(script);
        std::fs::copy(fixtures.join(script), &target).unwrap();
        super::run(Command::new("chmod").arg("0755").arg(&target));
    }
    super::run(Command::new("chmod").arg("0640").arg(tree.join("etc/reviewdesk/server.toml")));
    let control_path = tree.join("DEBIAN/control");
    let control = std::fs::read_to_string(&control_path).unwrap();
    let version = control.lines().find_map(|l| l.strip_prefix("Version: ")).unwrap().to_owned();
    let previous = control.replace(&format!("Version: {version}\n"), "Version: 0.1.0~previous\n");
    std::fs::write(&control_path, previous).unwrap();
    let built = out.join("reviewdesk-server_0.1.0~previous.deb");
    super::run(
        Command::new("dpkg-deb").arg("--root-owner-group").arg("--build").arg(&tree).arg(&built),
    );
    built
}

/// Rows of `table` in the SQLite database at `db`.
pub fn count(db: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
        .unwrap()
}
