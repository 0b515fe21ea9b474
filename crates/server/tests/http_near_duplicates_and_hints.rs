//! Near-duplicate photos and forensic hints over HTTP, with the real background checks:
//! another applicant's hand-held photo re-saved smaller at another quality becomes a
//! `photo_near_duplicate` finding naming the first case's number (not `photo_reused`: the bytes
//! differ); `GET …/images/{side}/hints` answers the lease holder with the JPEG quality and
//! encoder read from the file, 404 to a reviewer who does not hold it, and is audited as
//! `image_view` with `"hints": true`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use chrono::NaiveDate;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::Role;
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::store::Store;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};
use serde_json::Value;
use support::{identity, server};

fn photo_codes(body: &Value, side: &str) -> Vec<String> {
    body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["photo"] == side)
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resaved_copy_of_another_applicants_photo_is_found_and_hints_follow_the_lease() {
    let mut server = server();
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    server.add_user("wang", Role::Reviewer, Some("11"));
    let token = server.login("li").await;
    let other = server.login("wang").await;

    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(9, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    let (a, b) = (generator.specimen(0).unwrap(), generator.specimen(1).unwrap());
    let submit = |applicant: &str, specimen: &reviewdesk_synthetic::Specimen, handheld: Vec<u8>| {
        vec![
            ("identity", identity(applicant, "11").to_string().into_bytes()),
            ("portrait", specimen.portrait.jpeg.clone()),
            ("emblem", specimen.emblem.jpeg.clone()),
            ("handheld", handheld),
        ]
    };
    let first = server.intake(&key, &submit("A-1", &a, a.handheld.jpeg.clone())).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    let first = first.json()["id"].as_str().unwrap().to_owned();
    // Applicant A-2 sends A-1's hand-held photo at 80 % of its size, re-encoded at quality 70.
    let pixels = image::load_from_memory(&a.handheld.jpeg).unwrap().to_rgb8();
    let (w, h) = (pixels.width() * 4 / 5, pixels.height() * 4 / 5);
    let smaller = imageops::resize(&pixels, w, h, FilterType::CatmullRom);
    let mut copy = Vec::new();
    JpegEncoder::new_with_quality(&mut copy, 70).encode_image(&smaller).unwrap();
    let second = server.intake(&key, &submit("A-2", &b, copy)).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.json());
    let second = second.json()["id"].as_str().unwrap().to_owned();

    support::checks_done(&server.state, Duration::from_secs(300)).await;
    let held = server.claim(&token, 2).await;
    assert_eq!(held.len(), 2);
    let first_case = server.get(&format!("/api/v1/submissions/{first}"), Some(&token)).await.json()
        ["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = server.get(&format!("/api/v1/submissions/{second}"), Some(&token)).await.json();
    let handheld = photo_codes(&body, "handheld");
    assert!(handheld.contains(&"photo_near_duplicate".to_owned()), "{body}");
    assert!(!handheld.contains(&"photo_reused".to_owned()), "the bytes differ: {body}");
    let finding = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "photo_near_duplicate")
        .unwrap()
        .clone();
    assert!(finding["message_zh"].as_str().unwrap().contains(&first_case), "{finding}");
    assert!(finding["message_zh"].as_str().unwrap().starts_with("手持照"), "{finding}");
    for side in ["portrait", "emblem"] {
        assert!(!photo_codes(&body, side).contains(&"photo_near_duplicate".to_owned()));
    }

    // The hints of the copy: the `image` crate writes the IJG tables, at quality 70.
    let hints = server
        .get(&format!("/api/v1/submissions/{second}/images/handheld/hints"), Some(&token))
        .await;
    assert_eq!(hints.status, StatusCode::OK);
    let hints = hints.json();
    assert_eq!(hints["quality"], 70, "{}", hints["quality"]);
    assert_eq!(hints["quality_exact"], true);
    assert_eq!(hints["encoder"], "ijg_standard");
    assert_eq!(hints["side"], "handheld");
    assert!(hints["error_levels_png"].as_str().unwrap().len() > 100);
    assert!(hints.get("findings").is_none());
    // Not the lease holder's: 404, as the photo itself; an unknown side: unknown_image.
    server
        .get(&format!("/api/v1/submissions/{second}/images/handheld/hints"), Some(&other))
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    server
        .get(&format!("/api/v1/submissions/{second}/images/selfie/hints"), Some(&token))
        .await
        .error(StatusCode::NOT_FOUND, "unknown_image");
    let chain = server.store.audit_chain().unwrap();
    let hint_reads = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::ImageView)
        .filter(|e| e.entry.detail.contains(r#""hints":true"#))
        .count();
    assert_eq!(hint_reads, 1);
}
