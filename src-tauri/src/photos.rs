//! The `photo` protocol: the webview loads `photo://localhost/<submission id>/<side>` and gets the
//! JPEG straight from the encrypted cache, answered off the main thread — no JSON round trip, no
//! base64. A supervisor's case view loads `photo://localhost/case/<submission id>/<side>`: fetched
//! from the server on the async runtime (supervisors cache nothing). Responses are never cached
//! by the webview (they are personal data).

use reviewdesk_client::Client;
use reviewdesk_domain::review::PhotoSide;
use tauri::http::{header, Response, StatusCode};

/// The scheme name registered with the webview.
pub const SCHEME: &str = "photo";

fn plain(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(text.as_bytes().to_vec())
        .unwrap_or_default()
}

/// The path prefix of a supervisor's case photos, fetched online.
const CASE_PREFIX: &str = "/case/";

/// Whether `path` names a case photo (fetched online) rather than a cached one.
pub fn is_case(path: &str) -> bool {
    path.starts_with(CASE_PREFIX)
}

fn jpeg(bytes: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .header(header::CONTENT_TYPE, "image/jpeg")
        .header(header::CACHE_CONTROL, "no-store")
        .body(bytes)
        .unwrap_or_default()
}

/// The answer to a request for a case photo (`/case/<submission id>/<side>`), from the server.
pub async fn respond_case(client: &Client, path: &str) -> Response<Vec<u8>> {
    let rest = path.strip_prefix(CASE_PREFIX).unwrap_or_default();
    let (id, side) = match parse(rest) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    match client.case_photo(&id, side).await {
        Ok(bytes) => jpeg(bytes),
        Err(error) => plain(StatusCode::BAD_GATEWAY, &error.message()),
    }
}

/// `<submission id>/<side>` → the decoded id and the side, or the refusal to send.
#[allow(clippy::result_large_err)]
fn parse(path: &str) -> Result<(String, PhotoSide), Response<Vec<u8>>> {
    let mut parts = path.trim_start_matches('/').split('/');
    let (Some(id), Some(side), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(plain(
            StatusCode::BAD_REQUEST,
            "expected /<submission id>/<portrait|emblem|handheld>",
        ));
    };
    let Some(side) = PhotoSide::parse(side) else {
        return Err(plain(StatusCode::NOT_FOUND, "no such photo side"));
    };
    Ok((percent_decode(id), side))
}

/// The answer to a request for `path` (`/<submission id>/<side>`).
pub fn respond(client: &Client, path: &str) -> Response<Vec<u8>> {
    let (id, side) = match parse(path) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    match client.photo(&id, side) {
        Ok(Some(bytes)) => jpeg(bytes),
        Ok(None) => plain(StatusCode::NOT_FOUND, "photo not downloaded yet"),
        Err(error) => plain(StatusCode::INTERNAL_SERVER_ERROR, &error.message()),
    }
}

/// Undoes `encodeURIComponent` (submission ids are UUIDs, but nothing here relies on it).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_decoding_undoes_encode_uri_component() {
        assert_eq!(percent_decode("a%2Fb%20c"), "a/b c");
        assert_eq!(percent_decode("plain-id"), "plain-id");
        assert_eq!(percent_decode("bad%zz%"), "bad%zz%");
        assert_eq!(percent_decode("%E5%AE%A1"), "审");
    }
}
