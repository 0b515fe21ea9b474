//! The API over a real TCP socket on 127.0.0.1 with a real HTTP client (reqwest): intake with
//! multipart uploads, then 64 reviewers claiming at once. No submission may be leased twice and
//! every one must be leased to someone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;
use std::net::SocketAddr;

use reqwest::multipart::{Form, Part};
use reviewdesk_domain::review::Role;
use reviewdesk_server::http::app;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{identity, jpeg, server, PASSWORD};

const SUBMISSIONS: usize = 100;
const CLAIMERS: usize = 64;

fn photo(bytes: &[u8], name: &str) -> Part {
    Part::bytes(bytes.to_vec()).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_claimers_never_share_a_submission() {
    let server = server();
    let key = server.intake_key();
    for n in 0..CLAIMERS {
        server.add_user(&format!("reviewer{n}"), Role::Reviewer, Some("11"));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = app(server.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let serving = tokio::spawn(async move { axum::serve(listener, service).await });
    let base = format!("http://{address}");
    let client = reqwest::Client::new();

    let (portrait, emblem, handheld) = (jpeg(64, 40, 1), jpeg(64, 40, 2), jpeg(48, 64, 3));
    for n in 0..SUBMISSIONS {
        let form = Form::new()
            .text("identity", identity(&format!("A-{n}"), "11").to_string())
            .part("portrait", photo(&portrait, "portrait"))
            .part("emblem", photo(&emblem, "emblem"))
            .part("handheld", photo(&handheld, "handheld"));
        let reply = client
            .post(format!("{base}/api/v1/intake/submissions"))
            .header("x-api-key", &key)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
    }

    let mut tokens = Vec::new();
    for n in 0..CLAIMERS {
        tokens
            .push(support::remote::login(&client, &base, &format!("reviewer{n}"), PASSWORD).await);
    }

    let claims = tokens.into_iter().map(|token| {
        let client = client.clone();
        let url = format!("{base}/api/v1/queue/claim");
        tokio::spawn(async move {
            let reply =
                client.post(url).bearer_auth(token).json(&json!({"max": 2})).send().await.unwrap();
            assert_eq!(reply.status(), 200);
            let body: Value = reply.json().await.unwrap();
            body["leases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|lease| lease["submission_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
    });
    let mut leased = Vec::new();
    for claim in claims.collect::<Vec<_>>() {
        leased.extend(claim.await.unwrap());
    }
    let distinct: HashSet<&String> = leased.iter().collect();
    assert_eq!(distinct.len(), leased.len(), "a submission was leased twice");
    assert_eq!(leased.len(), SUBMISSIONS, "every submission leased once");
    assert!(reviewdesk_domain::audit::verify(&server.store.audit_chain().unwrap()).is_ok());
    serving.abort();
}
