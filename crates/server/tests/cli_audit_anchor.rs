//! The audit log's anchor as an operator uses it, on both stores (a data directory's SQLite, and a
//! throwaway PostgreSQL with the data directory holding only the key): `audit checkpoint create`
//! and `export`, `audit public-key`, and `audit verify`, which passes on an untouched chain (alone
//! and against an export) and fails, naming the first event that disagrees, after the tail was
//! cut, after every event was deleted, after two events were removed and the rest hashed again
//! with the public link function, and on a forged checkpoint; `serve` signs the head at start and
//! at stop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::{Command, Output};

use reviewdesk_domain::audit::{chain, ChainedEntry, GENESIS};
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use reviewdesk_store::testing::postgres::TestDatabase;

mod support;

use support::server_process::{RunningServer, BIN};

struct Deployment {
    dir: tempfile::TempDir,
    postgres: Option<TestDatabase>,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Deployment {
    fn sqlite() -> Deployment {
        Deployment { dir: tempfile::tempdir().unwrap(), postgres: None }
    }

    fn postgres() -> Deployment {
        let db = reviewdesk_store::testing::postgres::database();
        Deployment { dir: tempfile::tempdir().unwrap(), postgres: Some(db) }
    }

    /// `--data-dir DIR`, and `--db URL` on PostgreSQL.
    fn location(&self) -> Vec<OsString> {
        let mut args = vec![OsString::from("--data-dir"), self.dir.path().into()];
        if let Some(db) = &self.postgres {
            args.extend([OsString::from("--db"), db.url().into()]);
        }
        args
    }

    fn cli(&self, args: &[&str]) -> Output {
        Command::new(BIN).args(args).args(self.location()).output().unwrap()
    }

    /// Runs a command that must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Appends `n` audit events (one intake key each).
    fn events(&self, n: usize) {
        for _ in 0..n {
            self.ok(&["intake-key", "create", "--label", "portal"]);
        }
    }

    fn checkpoint(&self) -> String {
        self.ok(&["audit", "checkpoint", "create"])
    }

    fn verify(&self, extra: &[&str]) -> Output {
        let mut args = vec!["audit", "verify"];
        args.extend_from_slice(extra);
        self.cli(&args)
    }

    fn store(&self) -> Box<dyn Store> {
        match &self.postgres {
            Some(db) => Box::new(PgStore::connect(&db.url()).unwrap()),
            None => Box::new(SqliteStore::open(&self.dir.path().join("reviewdesk.db")).unwrap()),
        }
    }

    /// Runs SQL behind the store's back.
    fn raw(&self, sql: &str) {
        match &self.postgres {
            Some(db) => db.client().batch_execute(sql).unwrap(),
            None => rusqlite::Connection::open(self.dir.path().join("reviewdesk.db"))
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
        }
    }

    /// Drops the append-only guard of the audit table (updates and deletes) and, with
    /// `checkpoints_too`, of the checkpoints table.
    fn drop_guards(&self, checkpoints_too: bool) {
        let postgres = self.postgres.is_some();
        let mut sql = if postgres {
            "DROP TRIGGER audit_is_append_only_update ON audit;".to_owned()
        } else {
            "DROP TRIGGER audit_is_append_only_delete; DROP TRIGGER audit_is_append_only_update;"
                .to_owned()
        };
        if checkpoints_too {
            sql.push_str(if postgres {
                "DROP TRIGGER audit_checkpoints_are_append_only_update ON audit_checkpoints;"
            } else {
                "DROP TRIGGER audit_checkpoints_are_append_only_delete;"
            });
        }
        self.raw(&sql);
    }

    /// Replaces the whole audit table with `events`.
    fn replace_chain(&self, events: &[ChainedEntry]) {
        self.raw("DELETE FROM audit");
        let insert = "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        for e in events {
            let seq = i64::try_from(e.entry.seq).unwrap();
            let action = e.entry.action.as_str();
            match &self.postgres {
                Some(db) => {
                    db.client()
                        .execute(
                            insert,
                            &[
                                &seq,
                                &e.entry.at,
                                &e.entry.actor,
                                &action,
                                &e.entry.subject,
                                &e.entry.detail,
                                &e.prev_hash,
                                &e.hash,
                            ],
                        )
                        .unwrap();
                }
                None => {
                    rusqlite::Connection::open(self.dir.path().join("reviewdesk.db"))
                        .unwrap()
                        .execute(
                            &insert.replace('$', "?"),
                            rusqlite::params![
                                seq,
                                e.entry.at,
                                e.entry.actor,
                                action,
                                e.entry.subject,
                                e.entry.detail,
                                e.prev_hash,
                                e.hash
                            ],
                        )
                        .unwrap();
                }
            }
        }
    }

    fn key_file(&self) -> PathBuf {
        self.dir.path().join("audit-signing.key")
    }
}

/// `expected` must be a line of `output`'s stdout, its exit code 1.
fn assert_broken(output: &Output, expected: &str) {
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains(expected), "expected {expected:?} in: {stdout}");
}

fn verify_passes_on_an_untouched_chain_alone_and_against_its_export(d: Deployment) {
    d.events(3);
    assert!(d.checkpoint().starts_with("signed a checkpoint of event 3 "));
    assert_eq!(d.checkpoint(), "no new events since the latest checkpoint: nothing to sign\n");
    d.events(2);
    d.checkpoint();
    d.events(1);

    let verified = d.verify(&[]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified.stdout));
    let stdout = text(&verified.stdout);
    assert!(stdout.starts_with("audit chain intact: 6 events\n"), "{stdout}");
    assert!(stdout.contains("agrees with 2 signed checkpoints; the latest covers events 1..=5"));
    assert!(stdout.contains("events 6..=6 are newer than the latest checkpoint"), "{stdout}");

    let export = d.dir.path().join("checkpoints.jsonl");
    let exported = d.cli(&["audit", "checkpoint", "export", "--output", export.to_str().unwrap()]);
    assert_eq!(exported.status.code(), Some(0), "{}", text(&exported.stderr));
    assert!(text(&exported.stderr).contains("exported 2 checkpoints"));
    let lines = std::fs::read_to_string(&export).unwrap();
    assert_eq!(lines.lines().count(), 2);
    assert_eq!(d.ok(&["audit", "checkpoint", "export"]), lines, "stdout holds the same lines");
    let public_key = d.ok(&["audit", "public-key"]);
    assert_eq!(public_key.trim().len(), 64);
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["public_key"], public_key.trim());
    assert_eq!(first["seq"], 3);

    // Elsewhere, without the key file: the public key and the export suffice.
    std::fs::remove_file(d.key_file()).unwrap();
    let no_key = d.verify(&[]);
    assert_broken(&no_key, "no public key to check their signatures with");
    let against =
        d.verify(&["--checkpoints", export.to_str().unwrap(), "--public-key", public_key.trim()]);
    assert_eq!(against.status.code(), Some(0), "{}", text(&against.stdout));
    assert!(text(&against.stdout).contains("agrees with 4 signed checkpoints"));
}

fn verify_fails_after_the_last_events_are_deleted(d: Deployment) {
    d.events(5);
    d.checkpoint();
    d.drop_guards(false);
    d.raw("DELETE FROM audit WHERE seq > 3");
    let broken = d.verify(&[]);
    assert_broken(&broken, "audit chain broken at event 4: the audit chain ends at event 3");
    assert!(text(&broken.stdout).contains("covers 5 events: events 4..=5 were removed"));
}

fn verify_fails_after_every_event_is_deleted(d: Deployment) {
    d.events(2);
    d.checkpoint();
    d.drop_guards(false);
    d.raw("DELETE FROM audit");
    assert_broken(&d.verify(&[]), "audit chain broken at event 1: the audit log is empty");
}

fn verify_fails_on_a_chain_recomputed_with_the_public_link_hash(d: Deployment) {
    d.events(6);
    d.checkpoint();
    d.events(2);
    let events = d.store().audit_chain().unwrap();
    let mut forged: Vec<ChainedEntry> = Vec::new();
    for stored in events.iter().filter(|e| ![2, 3].contains(&e.entry.seq)) {
        let prev = forged.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
        let mut entry = stored.entry.clone();
        entry.seq = forged.len() as u64 + 1;
        forged.push(chain(&prev, entry));
    }
    d.drop_guards(false);
    d.replace_chain(&forged);
    let broken = d.verify(&[]);
    assert_broken(&broken, "audit chain broken at event 6: event 6 disagrees with the checkpoint");
    assert!(text(&broken.stdout).contains("the first changed event is among events 1..=6"));
}

fn verify_fails_on_a_forged_checkpoint(d: Deployment) {
    d.events(3);
    d.checkpoint();
    let events = d.store().audit_chain().unwrap();
    let genuine = d.store().audit_checkpoints().unwrap().remove(0);
    // The genuine signature over another event: it does not verify.
    d.raw(&format!(
        "INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
         VALUES (2, '{}', '{}', '{}', '{}')",
        events[1].hash, genuine.at, genuine.public_key, genuine.signature
    ));
    let broken = d.verify(&[]);
    assert_broken(
        &broken,
        "audit checkpoint cannot be trusted: the checkpoint of event 2 signed at",
    );
    assert!(text(&broken.stdout).contains("does not verify"));
}

fn an_export_catches_a_cut_that_also_deleted_the_databases_checkpoints(d: Deployment) {
    d.events(4);
    d.checkpoint();
    let export = d.dir.path().join("kept-elsewhere.jsonl");
    d.ok(&["audit", "checkpoint", "export", "--output", export.to_str().unwrap()]);
    d.drop_guards(true);
    d.raw("DELETE FROM audit_checkpoints; DELETE FROM audit WHERE seq > 2;");
    let alone = d.verify(&[]);
    assert_eq!(alone.status.code(), Some(0), "nothing left in the database to tell");
    assert!(text(&alone.stderr).contains("warning: no signed checkpoint"));
    let against = d.verify(&["--checkpoints", export.to_str().unwrap()]);
    assert_broken(&against, "audit chain broken at event 3: the audit chain ends at event 2");

    // The checkpoints deleted alone (the chain whole): the export says so.
    let d = Deployment {
        dir: tempfile::tempdir().unwrap(),
        postgres: d.postgres.map(|_| reviewdesk_store::testing::postgres::database()),
    };
    d.events(2);
    d.checkpoint();
    d.ok(&["audit", "checkpoint", "export", "--output", export.to_str().unwrap()]);
    d.drop_guards(true);
    d.raw("DELETE FROM audit_checkpoints");
    let against = d.verify(&["--checkpoints", export.to_str().unwrap()]);
    assert_eq!(against.status.code(), Some(1));
    assert!(
        text(&against.stdout).contains("is missing from the database"),
        "{}",
        text(&against.stdout)
    );
}

fn serve_signs_the_head_at_start_and_at_stop(d: Deployment) {
    d.events(2);
    let mut args = vec![OsString::from("--image-check-workers"), OsString::from("0")];
    args.extend(d.location());
    let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let server = RunningServer::start_with(&args);
    let started = d.ok(&["audit", "checkpoint", "export"]);
    assert_eq!(started.lines().count(), 1, "{started}");
    assert!(started.contains("\"seq\":2"), "{started}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.key_file()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the signing key is its owner's only");
    }
    d.events(1);
    let (_, clean) = server.sigterm();
    assert!(clean);
    let stopped = d.ok(&["audit", "checkpoint", "export"]);
    assert_eq!(stopped.lines().count(), 2, "{stopped}");
    assert!(stopped.lines().nth(1).unwrap().contains("\"seq\":3"), "{stopped}");
    let verified = d.verify(&[]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified.stdout));
}

mod sqlite {
    use super::*;

    #[test]
    fn verify_passes_on_an_untouched_chain_alone_and_against_its_export() {
        super::verify_passes_on_an_untouched_chain_alone_and_against_its_export(
            Deployment::sqlite(),
        );
    }
    #[test]
    fn verify_fails_after_the_last_events_are_deleted() {
        super::verify_fails_after_the_last_events_are_deleted(Deployment::sqlite());
    }
    #[test]
    fn verify_fails_after_every_event_is_deleted() {
        super::verify_fails_after_every_event_is_deleted(Deployment::sqlite());
    }
    #[test]
    fn verify_fails_on_a_chain_recomputed_with_the_public_link_hash() {
        super::verify_fails_on_a_chain_recomputed_with_the_public_link_hash(Deployment::sqlite());
    }
    #[test]
    fn verify_fails_on_a_forged_checkpoint() {
        super::verify_fails_on_a_forged_checkpoint(Deployment::sqlite());
    }
    #[test]
    fn an_export_catches_a_cut_that_also_deleted_the_databases_checkpoints() {
        super::an_export_catches_a_cut_that_also_deleted_the_databases_checkpoints(
            Deployment::sqlite(),
        );
    }
    #[test]
    fn serve_signs_the_head_at_start_and_at_stop() {
        super::serve_signs_the_head_at_start_and_at_stop(Deployment::sqlite());
    }
}

mod postgres {
    use super::*;

    #[test]
    fn verify_passes_on_an_untouched_chain_alone_and_against_its_export() {
        super::verify_passes_on_an_untouched_chain_alone_and_against_its_export(
            Deployment::postgres(),
        );
    }
    #[test]
    fn verify_fails_after_the_last_events_are_deleted() {
        super::verify_fails_after_the_last_events_are_deleted(Deployment::postgres());
    }
    #[test]
    fn verify_fails_after_every_event_is_deleted() {
        super::verify_fails_after_every_event_is_deleted(Deployment::postgres());
    }
    #[test]
    fn verify_fails_on_a_chain_recomputed_with_the_public_link_hash() {
        super::verify_fails_on_a_chain_recomputed_with_the_public_link_hash(Deployment::postgres());
    }
    #[test]
    fn verify_fails_on_a_forged_checkpoint() {
        super::verify_fails_on_a_forged_checkpoint(Deployment::postgres());
    }
    #[test]
    fn an_export_catches_a_cut_that_also_deleted_the_databases_checkpoints() {
        super::an_export_catches_a_cut_that_also_deleted_the_databases_checkpoints(
            Deployment::postgres(),
        );
    }
    #[test]
    fn serve_signs_the_head_at_start_and_at_stop() {
        super::serve_signs_the_head_at_start_and_at_stop(Deployment::postgres());
    }
}

#[test]
fn bad_inputs_are_clear_errors() {
    let d = Deployment::sqlite();
    d.events(1);
    let no_key = d.cli(&["audit", "public-key"]);
    assert_eq!(no_key.status.code(), Some(1));
    assert!(text(&no_key.stderr).contains("no audit signing key at"), "{}", text(&no_key.stderr));

    let bad_key = d.verify(&["--public-key", "zz"]);
    assert_eq!(bad_key.status.code(), Some(2));
    assert!(text(&bad_key.stderr).contains("--public-key: \"zz\" is not a public key"));

    let missing = d.verify(&["--checkpoints", "/nonexistent/checkpoints.jsonl"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("cannot read checkpoints /nonexistent/checkpoints.jsonl")
    );

    let garbage = d.dir.path().join("garbage.jsonl");
    std::fs::write(&garbage, "{\"seq\": 1}\nnot json\n").unwrap();
    let unreadable = d.verify(&["--checkpoints", garbage.to_str().unwrap()]);
    assert_eq!(unreadable.status.code(), Some(1));
    assert!(
        text(&unreadable.stderr).contains("line 1: not an audit checkpoint"),
        "{}",
        text(&unreadable.stderr)
    );

    // A key file others may read: refused, saying how to fix it.
    d.checkpoint();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.key_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let open = d.cli(&["audit", "checkpoint", "create"]);
        assert_eq!(open.status.code(), Some(1));
        assert!(text(&open.stderr).contains("chmod 600"), "{}", text(&open.stderr));
    }
}
