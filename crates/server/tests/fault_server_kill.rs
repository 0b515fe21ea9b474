//! Fault tests of the real `reviewdesk-server serve` process: SIGKILLed at seeded random points
//! while intake requests stream in, then while reviewers claim and decide, and restarted on the
//! same data directory each time. Afterwards: every submission the server answered 201 for is
//! there, no submission is half-written (its three photos on disk under their hashes, its queue
//! row, no row pointing at a missing submission), every decision answered 2xx is there exactly
//! once (and one resent after a kill cut its answer off is there once too), and `audit verify`
//! passes. Photo files written before a killed request's commit may stay as unreferenced files;
//! they are content-addressed, so they never change what a submission shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::server_process::{RunningServer, BIN};
use support::PASSWORD;

const KILLS_DURING_INTAKE: usize = 8;
const KILLS_DURING_DECISIONS: usize = 8;

/// splitmix64: reproducible kill points.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

fn serve(dir: &Path) -> RunningServer {
    RunningServer::start_with(&[
        "--image-check-workers".as_ref(),
        "0".as_ref(),
        "--data-dir".as_ref(),
        dir.as_os_str(),
    ])
}

fn jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x + seed) as u8, (y * 3 + seed / 256) as u8, seed as u8])
    });
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

fn intake_form(n: u32) -> Form {
    let identity = json!({
        "applicant_id": format!("K-{n}"), "province": "11", "id_type": "resident",
        "id_number": "11010519491231002X", "name": "王小明", "sex": "female",
        "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
        "valid_from": "2010-01-01", "valid_to": null
    });
    let photo = |bytes: Vec<u8>, name: &str| {
        Part::bytes(bytes).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
    };
    Form::new()
        .text("identity", identity.to_string())
        .part("portrait", photo(jpeg(64, 40, n * 3), "portrait"))
        .part("emblem", photo(jpeg(64, 40, n * 3 + 1), "emblem"))
        .part("handheld", photo(jpeg(48, 64, n * 3 + 2), "handheld"))
}

async fn login(http: &reqwest::Client, base: &str, username: &str) -> String {
    support::remote::login(http, base, username, PASSWORD).await
}

/// What one decision request came to.
#[derive(Clone)]
struct Sent {
    id: String,
    body: Value,
    acknowledged: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_intake_and_decisions_loses_and_duplicates_nothing() {
    let (dir, intake_key) = support::reviewers_and_intake_key();
    let mut rng = Rng(0x5EED_5E7E);
    let http = reqwest::Client::builder().timeout(StdDuration::from_secs(10)).build().unwrap();
    let accepted: Arc<Mutex<Vec<String>>> = Arc::default();
    let counter = Arc::new(std::sync::atomic::AtomicU32::new(0));

    // Intake: four submitters stream requests in until the kill cuts them off.
    for _ in 0..KILLS_DURING_INTAKE {
        let server = serve(dir.path());
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (http, base, key) = (http.clone(), server.base.clone(), intake_key.clone());
            let (accepted, counter) = (Arc::clone(&accepted), Arc::clone(&counter));
            tasks.push(tokio::spawn(async move {
                loop {
                    let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let reply = http
                        .post(format!("{base}/api/v1/intake/submissions"))
                        .header("x-api-key", &key)
                        .multipart(intake_form(n))
                        .send()
                        .await;
                    let Ok(reply) = reply else { return };
                    assert_eq!(reply.status(), 201, "intake before the kill");
                    let Ok(body) = reply.json::<Value>().await else { return };
                    accepted.lock().unwrap().push(body["id"].as_str().unwrap().to_owned());
                }
            }));
        }
        tokio::time::sleep(StdDuration::from_millis(50 + rng.below(400))).await;
        server.sigkill();
        for task in tasks {
            task.await.unwrap();
        }
    }
    let accepted = accepted.lock().unwrap().clone();
    assert!(accepted.len() >= KILLS_DURING_INTAKE, "intake ran: {}", accepted.len());

    // Decisions: two reviewers claim and approve until the kill; a decision whose answer the kill
    // cut off is sent again after the restart, with the same id.
    let sent: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let mut tokens: HashMap<&str, String> = HashMap::new();
    let mut resent = 0;
    for round in 0..KILLS_DURING_DECISIONS {
        let server = serve(dir.path());
        if round == 0 {
            for username in ["wang", "li"] {
                tokens.insert(username, login(&http, &server.base, username).await);
            }
        }
        // First the decisions left unanswered by the last kill.
        let unanswered: Vec<usize> = {
            let sent = sent.lock().unwrap();
            (0..sent.len()).filter(|&i| !sent[i].acknowledged).collect()
        };
        for i in unanswered {
            let (token, body) = {
                let sent = sent.lock().unwrap();
                (tokens[sent[i].body["_by"].as_str().unwrap()].clone(), sent[i].body.clone())
            };
            let mut request = body.clone();
            request.as_object_mut().unwrap().remove("_by");
            let reply = http
                .post(format!("{}/api/v1/decisions", server.base))
                .bearer_auth(&token)
                .json(&request)
                .send()
                .await
                .unwrap();
            assert!(reply.status().is_success(), "resent: {}", reply.status());
            sent.lock().unwrap()[i].acknowledged = true;
            resent += 1;
        }
        let mut tasks = Vec::new();
        for username in ["wang", "li"] {
            let (http, base, token) = (http.clone(), server.base.clone(), tokens[username].clone());
            let sent = Arc::clone(&sent);
            tasks.push(tokio::spawn(async move {
                loop {
                    let claim = http
                        .post(format!("{base}/api/v1/queue/claim"))
                        .bearer_auth(&token)
                        .json(&json!({"max": 3}))
                        .send()
                        .await;
                    let Ok(claim) = claim else { return };
                    let Ok(claim) = claim.json::<Value>().await else { return };
                    let leases = claim["leases"].as_array().cloned().unwrap_or_default();
                    if leases.is_empty() {
                        return;
                    }
                    for lease in leases {
                        let body = json!({
                            "id": uuid::Uuid::new_v4().to_string(),
                            "submission_id": lease["submission_id"],
                            "lease_token": lease["lease_token"],
                            "outcome": "approve",
                        });
                        let index = {
                            let mut sent = sent.lock().unwrap();
                            let mut recorded = body.clone();
                            recorded["_by"] = json!(username);
                            let id = body["id"].as_str().unwrap().to_owned();
                            sent.push(Sent { id, body: recorded, acknowledged: false });
                            sent.len() - 1
                        };
                        let reply = http
                            .post(format!("{base}/api/v1/decisions"))
                            .bearer_auth(&token)
                            .json(&body)
                            .send()
                            .await;
                        let Ok(reply) = reply else { return };
                        assert!(reply.status().is_success(), "decision: {}", reply.status());
                        if reply.bytes().await.is_err() {
                            return;
                        }
                        sent.lock().unwrap()[index].acknowledged = true;
                    }
                }
            }));
        }
        tokio::time::sleep(StdDuration::from_millis(50 + rng.below(400))).await;
        server.sigkill();
        for task in tasks {
            task.await.unwrap();
        }
    }
    // The last unanswered ones, on a server left running.
    let server = serve(dir.path());
    let mut sent = sent.lock().unwrap().clone();
    for entry in sent.iter_mut().filter(|entry| !entry.acknowledged) {
        let mut request = entry.body.clone();
        let by = request.as_object_mut().unwrap().remove("_by").unwrap();
        let reply = http
            .post(format!("{}/api/v1/decisions", server.base))
            .bearer_auth(&tokens[by.as_str().unwrap()])
            .json(&request)
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success(), "resent: {}", reply.status());
        entry.acknowledged = true;
        resent += 1;
    }
    server.sigkill();
    assert!(!sent.is_empty(), "decisions were made");

    check_data_dir(dir.path(), &accepted, &sent);
    let verify = Command::new(BIN).args(["audit", "verify", "--data-dir"]).arg(dir.path()).output();
    let verify = verify.unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    eprintln!(
        "{} kills: {} submissions accepted, {} decisions sent ({} resent after a kill)",
        KILLS_DURING_INTAKE + KILLS_DURING_DECISIONS,
        accepted.len(),
        sent.len(),
        resent,
    );
}

fn check_data_dir(dir: &Path, accepted: &[String], sent: &[Sent]) {
    let db = rusqlite::Connection::open(dir.join("reviewdesk.db")).unwrap();
    let column = |sql: &str| -> Vec<String> {
        let mut statement = db.prepare(sql).unwrap();
        let rows = statement.query_map([], |row| row.get::<_, String>(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let submissions: HashSet<String> = column("SELECT id FROM submissions").into_iter().collect();
    for id in accepted {
        assert!(submissions.contains(id), "acknowledged submission {id} is missing");
    }
    // No half-written submission: its three photos are on disk under their hashes.
    let mut statement = db
        .prepare("SELECT id, portrait_sha256, emblem_sha256, handheld_sha256 FROM submissions")
        .unwrap();
    let rows: Vec<(String, [String; 3])> = statement
        .query_map([], |row| Ok((row.get(0)?, [row.get(1)?, row.get(2)?, row.get(3)?])))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, hashes) in &rows {
        for hash in hashes {
            let path = dir.join("images").join(&hash[..2]).join(format!("{hash}.jpg"));
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{id}: {hash}: {e}"));
            assert_eq!(hex::encode(Sha256::digest(&bytes)), *hash, "{id}: photo intact");
        }
    }
    // No orphan rows.
    for sql in [
        "SELECT submission_id FROM queue WHERE submission_id NOT IN (SELECT id FROM submissions)",
        "SELECT submission_id FROM decisions WHERE submission_id NOT IN (SELECT id FROM submissions)",
        "SELECT submission_id FROM leases WHERE submission_id NOT IN (SELECT id FROM submissions)",
        // An open submission is in the queue; a decided one is not.
        "SELECT id FROM submissions WHERE status = 'pending' AND id NOT IN (SELECT submission_id FROM queue)",
        "SELECT submission_id FROM queue WHERE submission_id IN
            (SELECT id FROM submissions WHERE status IN ('approved', 'rejected'))",
        "SELECT id FROM submissions WHERE status = 'approved' AND id NOT IN
            (SELECT submission_id FROM decisions)",
    ] {
        assert_eq!(column(sql), Vec::<String>::new(), "{sql}");
    }
    // Every acknowledged decision exactly once.
    for entry in sent.iter().filter(|entry| entry.acknowledged) {
        let count: i64 = db
            .query_row("SELECT COUNT(*) FROM decisions WHERE id = ?1", [&entry.id], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(count, 1, "decision {} recorded {count} times", entry.id);
    }
    let duplicated = column(
        "SELECT submission_id FROM decisions GROUP BY submission_id, stage HAVING COUNT(*) > 1",
    );
    assert!(duplicated.is_empty(), "{duplicated:?}");
}
