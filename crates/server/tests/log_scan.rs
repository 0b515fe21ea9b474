//! No personal data in the server's log output: the real `reviewdesk-server serve` process (photo
//! checks on, so OCR runs too) takes a full day in small: intake of two applicants (and refused
//! intakes: a bad photo, a duplicate), logins (one wrong), claim, the submission and its photos,
//! a reveal of the ID number, a rejection and an approval, a conflict, logout, shutdown. The
//! applicants' photos are realistic synthetic ID cards (`reviewdesk_synthetic`), and each declares
//! a number other than its card's: the OCR must read the card's number (a
//! `photo_id_number_mismatch` finding naming it, masked), so the number went through the checks.
//! Everything the process wrote to stdout and stderr is then scanned for each applicant's name,
//! declared and printed ID numbers and birth date, which must never appear. Run in both log
//! formats (text and JSON).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::consistency::Validity;
use reviewdesk_domain::id::{IdType, Sex};
use reviewdesk_domain::sheet::mask_id_number;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig, Specimen};
use serde_json::{json, Value};
use support::server_process::BIN;
use support::{jpeg, PASSWORD};

/// The numbers the two applicants declare (valid, and not their cards').
const DECLARED: [&str; 2] = ["11010519491231002X", "110101198001010053"];

/// One applicant: the synthetic specimen (card and photos) and the number declared.
struct Applicant {
    specimen: Specimen,
    declared: &'static str,
}

/// Two resident-ID applicants with clean photos.
fn applicants() -> Vec<Applicant> {
    let today = china_date(chrono::Utc::now());
    let config = GeneratorConfig::new(9, today).with_defects(0.0, DefectMix::NONE);
    let generator = Generator::new(config).unwrap();
    let specimens = (0..40)
        .map(|index| generator.specimen(index).unwrap())
        .filter(|specimen| specimen.applicant.card.id_type == IdType::Resident)
        .take(2);
    specimens.zip(DECLARED).map(|(specimen, declared)| Applicant { specimen, declared }).collect()
}

impl Applicant {
    fn name(&self) -> &str {
        self.specimen.applicant.card.name.as_deref().unwrap()
    }

    fn card_number(&self) -> &str {
        &self.specimen.applicant.card.id_number
    }

    fn photos(&self) -> [Vec<u8>; 3] {
        let specimen = &self.specimen;
        [
            specimen.portrait.jpeg.clone(),
            specimen.emblem.jpeg.clone(),
            specimen.handheld.jpeg.clone(),
        ]
    }

    /// What must never appear in a log: the name, both numbers (and their first 17
    /// characters), the birth date in both spellings.
    fn needles(&self) -> Vec<String> {
        let birth = self.specimen.applicant.card.birth_date.unwrap();
        let mut needles = vec![self.name().to_owned()];
        for number in [self.declared, self.card_number()] {
            needles.extend([number.to_owned(), number[..17].to_owned()]);
        }
        needles.extend([birth.format("%Y-%m-%d").to_string(), birth.format("%Y%m%d").to_string()]);
        needles
    }
}

fn form(applicant: &Applicant, index: usize, photos: [Vec<u8>; 3]) -> Form {
    let card = &applicant.specimen.applicant.card;
    let valid_to = match card.valid_to.unwrap() {
        Validity::LongTerm => Value::Null,
        Validity::Until(date) => json!(date.to_string()),
    };
    let sex = match card.sex.unwrap() {
        Sex::Male => "male",
        Sex::Female => "female",
    };
    let identity = json!({
        "applicant_id": format!("L-{index}"), "province": "11", "id_type": "resident",
        "id_number": applicant.declared, "name": applicant.name(), "sex": sex,
        "birth_date": card.birth_date.unwrap().to_string(), "ethnicity": card.ethnicity,
        "region": null, "valid_from": card.valid_from.unwrap().to_string(), "valid_to": valid_to
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
    let applicants = applicants();
    assert_eq!(applicants.len(), 2);

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
    for (index, applicant) in applicants.iter().enumerate() {
        let reply = http
            .post(api("intake/submissions"))
            .header("x-api-key", &intake_key)
            .multipart(form(applicant, index, applicant.photos()))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        ids.push(reply.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
    }
    let duplicate = http
        .post(api("intake/submissions"))
        .header("x-api-key", &intake_key)
        .multipart(form(&applicants[0], 0, applicants[0].photos()))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);
    let bad_photo = http
        .post(api("intake/submissions"))
        .header("x-api-key", &intake_key)
        .multipart(form(&applicants[1], 1, [b"not a jpeg".to_vec(), jpeg(8, 8, 1), jpeg(8, 8, 2)]))
        .send()
        .await
        .unwrap();
    assert!(bad_photo.status().is_client_error());

    // Staff: a wrong login, then the day's work.
    let wrong = http
        .post(api("auth/login"))
        .json(&json!({"username": applicants[1].name(), "password": applicants[0].declared}))
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
        let applicant = &applicants[ids.iter().position(|known| known == id).unwrap()];
        // The sheet, once the photo checks (OCR) are done: the card's number was read.
        let body = checked_sheet(&http, &api(&format!("submissions/{id}")), &tokens[0]).await;
        let mismatch = body["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "photo_id_number_mismatch")
            .unwrap_or_else(|| panic!("the OCR read no other number: {}", body["findings"]));
        let masked = mask_id_number(applicant.card_number());
        let message = mismatch["message_zh"].as_str().unwrap();
        assert!(message.contains(&masked), "not the card's number ({masked}): {message}");
        for side in ["portrait", "emblem", "handheld"] {
            let photo = http.get(api(&format!("submissions/{id}/images/{side}")));
            assert_eq!(photo.bearer_auth(&tokens[0]).send().await.unwrap().status(), 200);
        }
        let reveal = http.post(api(&format!("submissions/{id}/reveal"))).bearer_auth(&tokens[0]);
        let revealed: Value = reveal.send().await.unwrap().json().await.unwrap();
        assert_eq!(revealed["id_number"], applicant.declared);
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
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert!(child.wait().unwrap().success());
    let mut output = first.into_bytes();
    stdout.read_to_end(&mut output).unwrap();
    let stderr = std::fs::read(&log).unwrap();
    output.extend(&stderr);

    let text = String::from_utf8_lossy(&output);
    assert!(text.contains("serving"), "the log was captured: {text}");
    for applicant in &applicants {
        for needle in applicant.needles() {
            assert!(!text.contains(&needle), "{needle:?} appears in the server's output:\n{text}");
        }
    }
    eprintln!("{} bytes of server output scanned", output.len());
    String::from_utf8(stderr).unwrap()
}

/// The sheet at `url` once its photo checks are done (polled as its lease holder).
async fn checked_sheet(http: &reqwest::Client, url: &str, token: &str) -> Value {
    let until = Instant::now() + Duration::from_secs(300);
    loop {
        let reply = http.get(url).bearer_auth(token).send().await.unwrap();
        assert_eq!(reply.status(), 200);
        let body: Value = reply.json().await.unwrap();
        if body["image_checks"] == "done" {
            return body;
        }
        assert!(Instant::now() < until, "photo checks not done: {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
