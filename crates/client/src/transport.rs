//! [`Transport`]: the review server's HTTP API (`/api/v1`), typed with `reviewdesk_domain::wire`,
//! over reqwest with rustls. One method per endpoint the desktop uses; every failure is a
//! [`TransportError`] (the server's `{code, message}` kept as sent, or `offline`). Certificates
//! are always verified: an internal CA is trusted by adding it ([`Settings::extra_ca_file`] or
//! the `REVIEWDESK_EXTRA_CA` variable), never by turning verification off.

mod error;
mod face_calibration;
mod identity_board;
mod photo_hints;
mod supervision;

use reqwest::{header, Method, RequestBuilder, Response, StatusCode, Url};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::calendar::{CalendarQuery, CalendarUpdate};
use reviewdesk_domain::wire::decision::DecisionLookup;
use reviewdesk_domain::wire::OUTBOX_LAG_HEADER;
use reviewdesk_domain::wire::{
    ClaimRequest, ClaimResponse, DecisionReceipt, ErrorBody, Lease, LoginRequest, LoginResponse,
    NewDecision, ReleaseRequest, RenewRequest, RevealedNumber, SubmissionBody,
};
use reviewdesk_domain::ErrorCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use error::TransportError;
pub use supervision::{disposition_filename, ExportFile};

use crate::settings::Settings;

/// A connection to one review server, with the session token once signed in. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
    /// Sent as [`OUTBOX_LAG_HEADER`] on every request (the server's metrics), when set.
    outbox_lag_seconds: Option<u64>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport").field("base", &self.base.as_str()).finish_non_exhaustive()
    }
}

/// The extra CA certificates to trust: from [`Settings::extra_ca_file`], else the file named by
/// [`crate::settings::EXTRA_CA_ENV`]; none when neither is set.
fn extra_roots(settings: &Settings) -> Result<Vec<reqwest::Certificate>, TransportError> {
    let path = settings.extra_ca_file.clone().or_else(|| {
        std::env::var_os(crate::settings::EXTRA_CA_ENV)
            .filter(|value| !value.is_empty())
            .map(std::path::PathBuf::from)
    });
    let Some(path) = path else { return Ok(Vec::new()) };
    let bad =
        |detail: String| TransportError::BadCaFile { path: path.display().to_string(), detail };
    let pem = std::fs::read(&path).map_err(|error| bad(error.to_string()))?;
    let certificates =
        reqwest::Certificate::from_pem_bundle(&pem).map_err(|error| bad(error.to_string()))?;
    if certificates.is_empty() {
        return Err(bad("文件中没有 PEM 格式的证书".to_owned()));
    }
    Ok(certificates)
}

/// Whether the URL names this computer (127.0.0.0/8, ::1 or `localhost`): local mode and
/// a server on the reviewer's own machine, where plain HTTP never leaves it.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
}

fn plain_http_allowed(settings: &Settings) -> bool {
    settings.allow_plain_http
        || std::env::var_os(crate::settings::ALLOW_PLAIN_HTTP_ENV).is_some_and(|value| value == "1")
}

impl Transport {
    /// A transport to `server_url` (`https://…`, or `http://` to this computer only unless
    /// plain HTTP is allowed; any path prefix kept).
    pub fn new(server_url: &str, settings: &Settings) -> Result<Transport, TransportError> {
        let bad_url = || TransportError::BadUrl { url: server_url.to_owned() };
        let mut base = Url::parse(server_url.trim()).map_err(|_| bad_url())?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(bad_url());
        }
        if base.scheme() == "http" && !is_loopback(&base) && !plain_http_allowed(settings) {
            return Err(TransportError::PlainHttp { url: server_url.to_owned() });
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let extra = extra_roots(settings)?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.request_timeout);
        if !extra.is_empty() {
            builder = builder.tls_certs_merge(extra);
        }
        let http = builder
            .build()
            .map_err(|error| TransportError::BadAnswer { detail: error.to_string() })?;
        Ok(Transport { http, base, token: None, outbox_lag_seconds: None })
    }

    /// The same server, sending `token` as the bearer.
    pub fn with_token(&self, token: Option<String>) -> Transport {
        Transport { token, ..self.clone() }
    }

    /// The same transport, telling the server how long the oldest undelivered decision has
    /// waited (`None`: the outbox is empty, nothing is sent).
    pub fn with_outbox_lag(&self, seconds: Option<u64>) -> Transport {
        Transport { outbox_lag_seconds: seconds, ..self.clone() }
    }

    pub fn server_url(&self) -> &str {
        self.base.as_str()
    }

    /// `POST /api/v1/auth/login`.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<LoginResponse, TransportError> {
        let body = LoginRequest { username: username.to_owned(), password: password.to_owned() };
        let response = self.send(self.post(&["auth", "login"], &body)?).await?;
        read_json(response).await
    }

    /// `POST /api/v1/auth/logout`: ends this session on the server.
    pub async fn logout(&self) -> Result<(), TransportError> {
        let request = self.request(Method::POST, &["auth", "logout"])?;
        self.send(request).await.map(drop)
    }

    /// `POST /api/v1/queue/claim`.
    pub async fn claim(&self, request: &ClaimRequest) -> Result<ClaimResponse, TransportError> {
        read_json(self.send(self.post(&["queue", "claim"], request)?).await?).await
    }

    /// `POST /api/v1/queue/renew`.
    pub async fn renew(&self, request: &RenewRequest) -> Result<Lease, TransportError> {
        read_json(self.send(self.post(&["queue", "renew"], request)?).await?).await
    }

    /// `POST /api/v1/queue/release`.
    pub async fn release(&self, request: &ReleaseRequest) -> Result<(), TransportError> {
        self.send(self.post(&["queue", "release"], request)?).await.map(drop)
    }

    /// `GET /api/v1/submissions/{id}`.
    pub async fn submission(&self, id: &str) -> Result<SubmissionBody, TransportError> {
        let request = self.request(Method::GET, &["submissions", id])?;
        read_json(self.send(request).await?).await
    }

    /// `GET /api/v1/calendar?known_version=N`: the working-day calendar, unless `known_version`
    /// is current.
    pub async fn calendar(
        &self,
        known_version: Option<u32>,
    ) -> Result<CalendarUpdate, TransportError> {
        let query = CalendarQuery { known_version };
        read_json(self.send(self.with_query(&["calendar"], &query)?).await?).await
    }

    /// `POST /api/v1/submissions/{id}/reveal`: the full ID number, which the server records
    /// (audits) before it answers.
    /// `GET /api/v1/my-decisions/{case_number}`: a case the caller decided within 30 days.
    pub async fn own_decision(&self, case_number: &str) -> Result<DecisionLookup, TransportError> {
        let request = self.request(Method::GET, &["my-decisions", case_number])?;
        read_json(self.send(request).await?).await
    }

    pub async fn reveal(&self, id: &str) -> Result<RevealedNumber, TransportError> {
        let request = self.request(Method::POST, &["submissions", id, "reveal"])?;
        read_json(self.send(request).await?).await
    }

    /// `GET /api/v1/submissions/{id}/images/{side}`: the JPEG, checked against its SHA-256 `ETag`.
    pub async fn image(&self, id: &str, side: PhotoSide) -> Result<Vec<u8>, TransportError> {
        let request = self.request(Method::GET, &["submissions", id, "images", side.as_str()])?;
        let response = self.send(request).await?;
        let etag = response
            .headers()
            .get(header::ETAG)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.trim_start_matches("W/").trim_matches('"').to_owned());
        let bytes = response.bytes().await.map_err(network)?.to_vec();
        let actual = hex::encode(Sha256::digest(&bytes));
        match etag {
            Some(expected) if expected == actual => Ok(bytes),
            _ => Err(TransportError::BadAnswer {
                detail: format!("照片内容与其 SHA-256 不符（{}）", side.name_zh()),
            }),
        }
    }

    /// `POST /api/v1/decisions`: 201 for a new decision, 200 for a replay of the same id (see
    /// [`DecisionReceipt::replayed`]); `409 conflict` carries the other decision.
    pub async fn decide(&self, decision: &NewDecision) -> Result<DecisionReceipt, TransportError> {
        read_json(self.send(self.post(&["decisions"], decision)?).await?).await
    }

    fn url(&self, segments: &[&str]) -> Result<Url, TransportError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| TransportError::BadUrl { url: self.base.to_string() })?
            .pop_if_empty()
            .extend(["api", "v1"])
            .extend(segments);
        Ok(url)
    }

    fn request(&self, method: Method, segments: &[&str]) -> Result<RequestBuilder, TransportError> {
        let mut request = self.http.request(method, self.url(segments)?);
        if let Some(seconds) = self.outbox_lag_seconds {
            request = request.header(OUTBOX_LAG_HEADER, seconds);
        }
        Ok(match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        })
    }

    fn post(
        &self,
        segments: &[&str],
        body: &impl Serialize,
    ) -> Result<RequestBuilder, TransportError> {
        Ok(self.request(Method::POST, segments)?.json(body))
    }

    /// Sends; a non-success status becomes [`TransportError::Refused`].
    async fn send(&self, request: RequestBuilder) -> Result<Response, TransportError> {
        let response = request.send().await.map_err(network)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let bytes = response.bytes().await.map_err(network)?;
        let body = serde_json::from_slice::<ErrorBody>(&bytes)
            .unwrap_or_else(|_| unexpected_status(status));
        Err(TransportError::Refused { status: status.as_u16(), body: Box::new(body) })
    }
}

/// The rustls message of a refused certificate somewhere in `error`'s causes, if that is why.
fn certificate_refusal(error: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        // An io::Error hides the error it wraps from `source()`: look inside it too.
        let inner = current.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref());
        for text in
            [Some(current.to_string()), inner.map(ToString::to_string)].into_iter().flatten()
        {
            if let Some(at) = text.find("invalid peer certificate") {
                return Some(text[at..].to_owned());
            }
        }
        cause = inner.and_then(|inner| inner.source()).or_else(|| current.source());
    }
    None
}

/// A failure below HTTP: no answer was received.
fn network(error: reqwest::Error) -> TransportError {
    if let Some(detail) = certificate_refusal(&error) {
        return TransportError::Untrusted { detail };
    }
    let detail = if error.is_timeout() {
        "请求超时".to_owned()
    } else if error.is_connect() {
        "连接失败".to_owned()
    } else {
        "连接中断".to_owned()
    };
    TransportError::Offline { detail }
}

/// An error status without the API's `{code, message}` body (a proxy's page, say).
fn unexpected_status(status: StatusCode) -> ErrorBody {
    ErrorBody::new(ErrorCode::UnexpectedStatus, format!("服务器返回了意外的状态 {status}"))
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, TransportError> {
    let bytes = response.bytes().await.map_err(network)?;
    serde_json::from_slice(&bytes).map_err(|error| TransportError::BadAnswer {
        detail: format!("不是预期的 JSON（{error}）"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_reaches_this_computer_only() {
        let settings = Settings::default();
        for url in [
            "http://127.0.0.1:8740",
            "http://127.8.0.1:8740",
            "http://localhost:8740/",
            "http://[::1]:8740",
            "https://review.example.cn",
            "https://192.0.2.10:8740",
        ] {
            assert!(Transport::new(url, &settings).is_ok(), "{url}");
        }
        for url in
            ["http://192.0.2.10:8740", "http://review.example.cn", "http://localhost.example.cn"]
        {
            let refused = Transport::new(url, &settings).unwrap_err();
            assert_eq!(refused.code(), "insecure_server_url", "{url}");
        }
        let lab = Settings { allow_plain_http: true, ..Settings::default() };
        assert!(Transport::new("http://192.0.2.10:8740", &lab).is_ok());
    }
}
