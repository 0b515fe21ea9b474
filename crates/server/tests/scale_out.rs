//! Scale-out: two real `reviewdesk-server serve` processes on one PostgreSQL (the tests'
//! throwaway server) and one shared photo directory. Intake arrives at both; 64 reviewers claim
//! and decide over HTTP at once, split across both instances, some replaying their decision
//! through the other one. Zero double assignments, every decision recorded exactly once, photos
//! stored by one instance served by the other, and one linear audit chain that verifies. Also:
//! two stores (two instances' pools) racing to decide one submission, and `serve --db` refusing a
//! database it cannot open.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{Duration, Utc};
use reqwest::multipart::{Form, Part};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::review::Role;
use reviewdesk_server::auth::{IssuedSecret, SecretKind};
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::{NewUser, Store};
use serde_json::{json, Value};
use support::server_process::{RunningServer, BIN};
use support::{identity, jpeg};

const SUBMISSIONS: usize = 240;
const CLAIMERS: usize = 64;

fn photo(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
}

/// Claims and decides until the queue is empty; returns the submissions this reviewer leased.
async fn reviewer(
    client: reqwest::Client,
    bases: [String; 2],
    n: usize,
    token: String,
) -> Vec<String> {
    let (mine, other) = (&bases[n % 2], &bases[(n + 1) % 2]);
    let max = n % 3 + 1;
    let mut leased = Vec::new();
    loop {
        let reply = client
            .post(format!("{mine}/api/v1/queue/claim"))
            .bearer_auth(&token)
            .json(&json!({ "max": max }))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
        let body: Value = reply.json().await.unwrap();
        let leases = body["leases"].as_array().unwrap().clone();
        if leases.is_empty() {
            return leased;
        }
        for lease in leases {
            let submission = lease["submission_id"].as_str().unwrap().to_owned();
            let decision = json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "submission_id": submission,
                "lease_token": lease["lease_token"],
                "outcome": "approve",
            });
            let reply = client
                .post(format!("{mine}/api/v1/decisions"))
                .bearer_auth(&token)
                .json(&decision)
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
            if n % 4 == 0 {
                // A lost reply: the same decision again, through the other instance.
                let again = client
                    .post(format!("{other}/api/v1/decisions"))
                    .bearer_auth(&token)
                    .json(&decision)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(again.status(), 200, "a replay is answered, not recorded again");
                let body: Value = again.json().await.unwrap();
                assert_eq!(body["replayed"], true);
            }
            leased.push(submission);
        }
    }
}

/// Intake at both instances (each request's photos its own), a photo stored by one served by the
/// other, then the 64 reviewers. Returns every submission leased, by whom ever.
async fn traffic(bases: [String; 2], intake_key: String, tokens: Vec<String>) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut arrived_at = HashMap::new();
    for n in 0..SUBMISSIONS {
        let seed = u8::try_from(n % 250).unwrap();
        let form = Form::new()
            .text("identity", identity(&format!("A-{n}"), "11").to_string())
            .part("portrait", photo(jpeg(64, 40, seed), "portrait"))
            .part("emblem", photo(jpeg(64, 48, seed), "emblem"))
            .part("handheld", photo(jpeg(48, 64, seed), "handheld"));
        let reply = client
            .post(format!("{}/api/v1/intake/submissions", bases[n % 2]))
            .header("x-api-key", &intake_key)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let body: Value = reply.json().await.unwrap();
        arrived_at.insert(body["id"].as_str().unwrap().to_owned(), n % 2);
    }

    // A photo is served by either instance: the claimed item's photo is read through the
    // instance its intake did not reach (reads follow the lease), then given back for the
    // claimers below.
    let (_, claimed) = support::remote::post(
        &client,
        &bases[0],
        "/api/v1/queue/claim",
        &tokens[0],
        json!({"max": 1}),
    )
    .await;
    let lease = &claimed["leases"][0];
    let id = lease["submission_id"].as_str().unwrap();
    let other = bases[(arrived_at[id] + 1) % 2].clone();
    let reply = client
        .get(format!("{other}/api/v1/submissions/{id}/images/portrait"))
        .bearer_auth(&tokens[0])
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert!(reply.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "a JPEG");
    let release = json!({"submission_id": id, "lease_token": lease["lease_token"]});
    let (status, _) =
        support::remote::post(&client, &other, "/api/v1/queue/release", &tokens[0], release).await;
    assert!((200..300).contains(&status));

    let claimers: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| tokio::spawn(reviewer(client.clone(), bases.clone(), n, token)))
        .collect();
    let mut leased = Vec::new();
    for claimer in claimers {
        leased.extend(claimer.await.unwrap());
    }
    leased
}

// A plain test with its own runtime for the HTTP traffic: the synchronous PostgreSQL client (the
// store, the checks) may not block inside an async runtime.
#[test]
fn two_instances_on_one_postgres_never_double_assign_or_lose_a_decision() {
    let db = reviewdesk_store::testing::postgres::database();
    let scratch = tempfile::tempdir().unwrap();
    let images = scratch.path().join("shared-images");
    let store = PgStore::connect(&db.url()).unwrap();
    let now = Utc::now();

    // One reviewer through the CLI (`user add --db`), the rest straight into the store, each with
    // a session (production Argon2id logins for 64 accounts would only slow the test down).
    let mut add = Command::new(BIN)
        .args(["user", "add", "--username", "cli-reviewer", "--role", "reviewer"])
        .args(["--province", "11", "--db", &db.url()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    assert!(add.wait().unwrap().success(), "user add --db");
    let (cli_user, _) = store.user_for_login("cli-reviewer").unwrap().unwrap();
    let mut users = vec![cli_user];
    for n in 1..CLAIMERS {
        let new = NewUser {
            username: format!("reviewer{n:02}"),
            password_hash: "$argon2id$unused".to_owned(),
            role: Role::Reviewer,
            province: Some("11".to_owned()),
        };
        users.push(store.add_user(&new, now).unwrap());
    }
    let mut tokens = Vec::new();
    for user in &users {
        let issued = IssuedSecret::new(SecretKind::Session).unwrap();
        store
            .start_session(user, &issued.hash, "127.0.0.1", now + Duration::hours(2), now)
            .unwrap();
        tokens.push(issued.secret);
    }
    let key = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
    store.add_intake_key(&key.hash, "portal", now).unwrap();

    let instance = |name: &str| {
        let data = scratch.path().join(name);
        RunningServer::start_with(&[
            OsStr::new("--db"),
            OsStr::new(&db.url()),
            OsStr::new("--images-dir"),
            images.as_os_str(),
            OsStr::new("--data-dir"),
            data.as_os_str(),
            OsStr::new("--image-check-workers"),
            OsStr::new("0"),
        ])
    };
    let (a, b) = (instance("a"), instance("b"));
    let bases = [a.base.clone(), b.base.clone()];
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    let leased = runtime.block_on(traffic(bases, key.secret.clone(), tokens));
    drop(runtime);

    let distinct: HashSet<&String> = leased.iter().collect();
    assert_eq!(distinct.len(), leased.len(), "a submission was leased twice");
    assert_eq!(leased.len(), SUBMISSIONS, "every submission leased (and decided) once");
    let mut raw = db.client();
    let count =
        |raw: &mut postgres::Client, sql: &str| -> i64 { raw.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(count(&mut raw, "SELECT COUNT(*) FROM decisions"), SUBMISSIONS as i64);
    assert_eq!(
        count(&mut raw, "SELECT COUNT(DISTINCT submission_id) FROM decisions"),
        SUBMISSIONS as i64
    );
    assert_eq!(
        count(&mut raw, "SELECT COUNT(*) FROM submissions WHERE status = 'approved'"),
        SUBMISSIONS as i64
    );
    assert_eq!(count(&mut raw, "SELECT COUNT(*) FROM queue"), 0, "the ready set is empty");

    // One linear chain: sequence numbers 1..n without gaps, each event linked to the one before,
    // whichever instance appended it.
    let chain = store.audit_chain().unwrap();
    let events = verify(&chain).unwrap();
    assert_eq!(events, chain.len() as u64);
    assert!(chain.iter().enumerate().all(|(i, e)| e.entry.seq == i as u64 + 1));
    let of = |action: AuditAction| chain.iter().filter(|e| e.entry.action == action).count();
    assert_eq!(of(AuditAction::Intake), SUBMISSIONS);
    // One more claim: the item claimed (and given back) to read its photo through the other
    // instance.
    assert_eq!(of(AuditAction::Claim), SUBMISSIONS + 1);
    assert_eq!(of(AuditAction::LeaseReleased), 1);
    assert_eq!(of(AuditAction::Decision), SUBMISSIONS);
    assert_eq!(of(AuditAction::UserAdded), CLAIMERS);

    // `audit verify --db` agrees, checking the checkpoints each instance signed with its own key
    // (each data directory holds one: at start and, stopped cleanly, at stop) against both
    // public keys.
    assert!(a.sigterm().1 && b.sigterm().1, "both instances stop cleanly");
    let public_key = |name: &str| {
        let out = Command::new(BIN)
            .args(["audit", "public-key", "--data-dir"])
            .arg(scratch.path().join(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let (key_a, key_b) = (public_key("a"), public_key("b"));
    assert_ne!(key_a, key_b);
    let verified = Command::new(BIN)
        .args([
            "audit",
            "verify",
            "--db",
            &db.url(),
            "--public-key",
            &key_a,
            "--public-key",
            &key_b,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{stdout}");
    assert!(stdout.starts_with(&format!("audit chain intact: {events} events\n")), "{stdout}");
    let signers: HashSet<String> =
        store.audit_checkpoints().unwrap().into_iter().map(|c| c.public_key).collect();
    assert_eq!(signers, HashSet::from([key_a, key_b]), "both instances signed at start and stop");
    assert!(stdout.contains(&format!("the latest covers events 1..={events}")), "{stdout}");
}

/// Two instances' stores (two pools on one database) decide the same submissions at the same
/// moment: each time exactly one decision is recorded and the other gets `conflict` carrying it.
#[test]
fn two_stores_deciding_one_submission_at_once_record_exactly_one() {
    use reviewdesk_domain::consistency::DeclaredIdentity;
    use reviewdesk_domain::id::IdType;
    use reviewdesk_domain::review::Outcome;
    use reviewdesk_server::store::{NewDecision, NewSubmission, StoreError, SubmissionImages};

    let db = reviewdesk_store::testing::postgres::database();
    let (one, two) = (PgStore::connect(&db.url()).unwrap(), PgStore::connect(&db.url()).unwrap());
    let now = Utc::now();
    let person = |name: &str| NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$unused".to_owned(),
        role: Role::Reviewer,
        province: Some("11".to_owned()),
    };
    let alice = one.add_user(&person("alice"), now).unwrap();
    let bob = two.add_user(&person("bob"), now).unwrap();
    const ROUNDS: usize = 20;
    for round in 0..ROUNDS {
        let submission = NewSubmission {
            id: format!("s-{round}"),
            applicant_id: format!("app-{round}"),
            province: "11".to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            submitted_on: now.date_naive(),
            due_date: None,
            due_provisional: false,
            calendar_version: None,
        };
        one.intake(&submission, "intake:test", now).unwrap();
        // Alice's lease runs out; Bob takes the item through the other instance.
        let hers = one.claim(&alice, 1, Duration::minutes(1), now).unwrap().remove(0);
        let later = now + Duration::minutes(2);
        let his = two.claim(&bob, 1, Duration::minutes(15), later).unwrap().remove(0);
        assert_eq!(hers.submission_id, his.submission_id);
        let decision = |id: String, token: &str| NewDecision {
            id,
            submission_id: submission.id.clone(),
            lease_token: token.to_owned(),
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        let (by_alice, by_bob) = (
            decision(format!("a-{round}"), &hers.lease_token),
            decision(format!("b-{round}"), &his.lease_token),
        );
        let barrier = std::sync::Barrier::new(2);
        let (first, second) = std::thread::scope(|scope| {
            let a = scope.spawn(|| {
                barrier.wait();
                one.decide(&alice, &by_alice, later)
            });
            let b = scope.spawn(|| {
                barrier.wait();
                two.decide(&bob, &by_bob, later)
            });
            (a.join().unwrap(), b.join().unwrap())
        });
        let (winner, loser) = match (first, second) {
            (Ok(receipt), Err(error)) | (Err(error), Ok(receipt)) => (receipt, error),
            other => panic!("round {round}: exactly one decision must win, got {other:?}"),
        };
        match loser {
            StoreError::Conflict { decision } => assert_eq!(decision.id, winner.decision.id),
            other => panic!("round {round}: expected conflict, got {other:?}"),
        }
    }
    let decided: i64 = db.client().query_one("SELECT COUNT(*) FROM decisions", &[]).unwrap().get(0);
    assert_eq!(decided, ROUNDS as i64);
    assert!(verify(&one.audit_chain().unwrap()).is_ok());
}

/// `serve --db` with a malformed URL or an unreachable server says so and exits non-zero.
#[test]
fn serve_refuses_a_database_it_cannot_open() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for (url, says) in [
        ("postgres://x@host:notaport/db", "数据库地址无效"),
        (
            &*format!("postgres://nobody@127.0.0.1:{port}/none"),
            "cannot open the PostgreSQL database",
        ),
    ] {
        let output = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db", url])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{url}: {stderr}");
    }
}
