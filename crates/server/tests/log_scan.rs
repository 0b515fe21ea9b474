//! No personal data in the server's log output: the real `reviewdesk-server serve` process (photo
//! checks on, so OCR runs too) takes a full day in small: intake of two applicants (and refused
//! intakes: a malformed identity, a bad photo, a duplicate), logins (one wrong), claim, the
//! submission and its photos, a reveal of the ID number, a rejection and an approval, a conflict,
//! logout, shutdown. Everything it wrote to stdout and stderr is then scanned for each applicant's
//! name and ID number (and the number's birth-date digits), which must never appear. Run in
//! both log formats (text and JSON).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use support::server_process::BIN;
use support::{jpeg, PASSWORD};

/// Two applicants: (applicant id, name, ID number, sex, birth date).
const APPLICANTS: [(&str, &str, &str, &str, &str); 2] = [
    ("L-1", "王小明", "11010519491231002X", "female", "1949-12-31"),
    ("L-2", "欧阳建国", "110101198001010053", "male", "1980-01-01"),
];

fn form(applicant: usize, photos: [Vec<u8>; 3]) -> Form {
    let (id, name, number, sex, birth) = APPLICANTS[applicant];
    let identity = json!({
        "applicant_id": id, "province": "11", "id_type": "resident", "id_number": number,
        "name": name, "sex": sex, "birth_date": birth, "ethnicity": "汉", "region": null,
        "valid_from": "2010-01-01", "valid_to": null
    });
    let [portrait, emblem, handheld] = photos;
    let part = |bytes: Vec<u8>, name: &str| {
        Part::bytes(bytes).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
    };
    Form::new()
        .text("identity", identity.to_string())
        .part("portrait", part(portrait, "portrait"))
        .part("emblem", part(emblem, "emblem"))
        .part("handheld", part(handheld, "handheld"))
}

fn photos(seed: u8) -> [Vec<u8>; 3] {
    [jpeg(64, 40, seed), jpeg(64, 40, seed + 1), jpeg(48, 64, seed + 2)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_logs_no_name_or_id_number() {
    full_run("text").await;
}

/// The same day with `--log-format json`: every line of stderr is one JSON object, the request
/// lines carry a request id and a route template, and still no name or number appears.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_logs_no_name_or_id_number_in_json() {
    let stderr = full_run("json").await;
    let mut requests = 0;
    for line in stderr.lines().filter(|line| !line.trim().is_empty()) {
        let object: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not one JSON object a line ({e}): {line}"));
        assert!(object["timestamp"].is_string() && object["level"].is_string(), "{line}");
        if object["message"] == "request" {
            requests += 1;
            assert_eq!(object["request_id"].as_str().map(str::len), Some(32), "{line}");
            assert!(object["route"].as_str().is_some_and(|r| r.starts_with('/')), "{line}");
            assert!(object["status"].is_u64(), "{line}");
        }
    }
    assert!(requests >= 20, "only {requests} request lines in\n{stderr}");
}

/// Runs the day against `serve --log-format FORMAT`, scans everything it wrote, and returns its
/// stderr.
async fn full_run(format: &str) -> String {
    let (dir, intake_key) = support::reviewers_and_intake_key();

    let log = dir.path().join("stderr.log");
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--image-check-workers", "1"])
        .args(["--log-format", format, "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first.trim().strip_prefix("reviewdesk-server listening on ").unwrap().to_owned();
    let http = reqwest::Client::new();
    let api = |path: &str| format!("{base}/api/v1/{path}");

    // Intake: two accepted, then refusals.
    let mut ids = Vec::new();
    for applicant in 0..2 {
        let reply = http
            .post(api("intake/submissions"))
            .header("x-api-key", &intake_key)
            .multipart(form(applicant, photos(applicant as u8 * 10)))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        ids.push(reply.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
    }
    let duplicate = http
        .post(api("intake/submissions"))
        .header("x-api-key", &intake_key)
        .multipart(form(0, photos(0)))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);
    let bad_photo = http
        .post(api("intake/submissions"))
        .header("x-api-key", &intake_key)
        .multipart(form(1, [b"not a jpeg".to_vec(), jpeg(8, 8, 1), jpeg(8, 8, 2)]))
        .send()
        .await
        .unwrap();
    assert!(bad_photo.status().is_client_error());

    // Staff: a wrong login, then the day's work.
    let wrong = http
        .post(api("auth/login"))
        .json(&json!({"username": "欧阳建国", "password": "11010519491231002X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let mut tokens = Vec::new();
    for username in ["wang", "li"] {
        let reply = http
            .post(api("auth/login"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        tokens.push(reply.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned());
    }
    let claim: Value = http
        .post(api("queue/claim"))
        .bearer_auth(&tokens[0])
        .json(&json!({"max": 2}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let leases = claim["leases"].as_array().unwrap().clone();
    assert_eq!(leases.len(), 2);
    for lease in &leases {
        let id = lease["submission_id"].as_str().unwrap();
        let body = http.get(api(&format!("submissions/{id}"))).bearer_auth(&tokens[0]).send();
        assert_eq!(body.await.unwrap().status(), 200);
        for side in ["portrait", "emblem", "handheld"] {
            let photo = http.get(api(&format!("submissions/{id}/images/{side}")));
            assert_eq!(photo.bearer_auth(&tokens[0]).send().await.unwrap().status(), 200);
        }
        let reveal = http.post(api(&format!("submissions/{id}/reveal"))).bearer_auth(&tokens[0]);
        assert!(reveal.send().await.unwrap().status().is_success());
    }
    for (n, lease) in leases.iter().enumerate() {
        let decision = if n == 0 {
            json!({"outcome": "reject", "reasons": ["other"], "other_text": "照片模糊，请重新拍摄"})
        } else {
            json!({"outcome": "approve"})
        };
        let mut decision = decision;
        decision["id"] = json!(uuid::Uuid::new_v4().to_string());
        decision["submission_id"] = lease["submission_id"].clone();
        decision["lease_token"] = lease["lease_token"].clone();
        let reply = http.post(api("decisions")).bearer_auth(&tokens[0]).json(&decision);
        assert_eq!(reply.send().await.unwrap().status(), 201);
    }
    // A late decision by someone else: a conflict.
    let late = json!({
        "id": uuid::Uuid::new_v4().to_string(), "submission_id": leases[1]["submission_id"],
        "lease_token": "not-theirs", "outcome": "approve"
    });
    let reply = http.post(api("decisions")).bearer_auth(&tokens[1]).json(&late).send().await;
    assert!(reply.unwrap().status().is_client_error());
    // The applicant-facing view, then logout.
    for id in &ids {
        let view =
            http.get(api(&format!("intake/submissions/{id}"))).header("x-api-key", &intake_key);
        assert_eq!(view.send().await.unwrap().status(), 200);
    }
    let reply = http.post(api("auth/logout")).bearer_auth(&tokens[0]).send().await.unwrap();
    assert!(reply.status().is_success());
    // Let the photo checks (OCR) finish on both submissions, then stop the server gracefully.
    for id in &ids {
        for _ in 0..600 {
            let body: Value = http
                .get(api(&format!("submissions/{id}")))
                .bearer_auth(&tokens[1])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if body["image_checks"] == json!("done") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert!(child.wait().unwrap().success());
    let mut output = first.into_bytes();
    stdout.read_to_end(&mut output).unwrap();
    let stderr = std::fs::read(&log).unwrap();
    output.extend(&stderr);

    let text = String::from_utf8_lossy(&output);
    assert!(text.contains("serving"), "the log was captured: {text}");
    for (_, name, number, _, birth) in APPLICANTS {
        let compact_birth = birth.replace('-', "");
        for needle in [name, number, &number[..17], &compact_birth] {
            assert!(!text.contains(needle), "{needle:?} appears in the server's output:\n{text}");
        }
    }
    eprintln!("{} bytes of server output scanned", output.len());
    String::from_utf8(stderr).unwrap()
}
