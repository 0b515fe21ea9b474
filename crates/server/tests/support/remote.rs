//! Requests to a server on a real socket (a `serve` process, or a listener the test started):
//! sign in, and POST JSON under a session. The in-process tests use [`super::Server`] instead.

use reqwest::Client;
use serde_json::{json, Value};

/// Signs `username` in at `base`; the session token. Panics (fails the test) on any refusal.
pub async fn login(http: &Client, base: &str, username: &str, password: &str) -> String {
    let reply = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: Value = reply.json().await.unwrap();
    assert_eq!(status, 200, "signing {username} in: {body}");
    body["token"].as_str().unwrap().to_owned()
}

/// POSTs `body` to `base` + `path` under the session `token`; the status and the JSON answer
/// (`null` when the answer has no body).
pub async fn post(http: &Client, base: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
    let reply =
        http.post(format!("{base}{path}")).bearer_auth(token).json(&body).send().await.unwrap();
    let status = reply.status().as_u16();
    let text = reply.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}
