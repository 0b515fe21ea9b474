//! One HTTP/1.1 connection: the router behind the connection's limits. Its socket keeps the idle
//! and header deadlines ([`super::conn_io`]); each request's body gets the body deadline
//! ([`super::body_deadline`]) and, when that passes, the answer is 408 `request_timeout` with
//! `Connection: close`. The peer's address goes to the extractors as `ConnectInfo`. A stop request
//! lets the request in flight finish, then closes.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use reviewdesk_domain::ErrorCode;
use tower::ServiceExt;

use super::body_deadline::{DeadlineBody, Expired};
use super::conn_io::{Activity, Serving, TimedIo};
use super::error::ApiError;
use crate::settings::ConnectionLimits;

/// Serves `stream` until the client closes it, a limit closes it, or `stop` resolves and the
/// request in flight (if any) is answered.
pub async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    stop: impl std::future::Future<Output = ()>,
) {
    let activity = Activity::new(limits);
    let io = TokioIo::new(TimedIo::new(stream, std::sync::Arc::clone(&activity)));
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let serving = activity.begin();
        let router = router.clone();
        async move { Ok::<_, Infallible>(answer(request, peer, router, limits, serving).await) }
    });
    let connection =
        hyper::server::conn::http1::Builder::new().keep_alive(true).serve_connection(io, service);
    tokio::pin!(connection);
    tokio::pin!(stop);
    let served = tokio::select! {
        served = connection.as_mut() => served,
        () = &mut stop => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = served {
        // Timeouts, resets and malformed requests: the client's doing, not the server's.
        tracing::debug!(%peer, %error, "connection ended");
    }
}

/// The router's answer to `request`, or 408 when its body ran out of time.
async fn answer(
    request: Request<Incoming>,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    serving: Serving,
) -> Response<Body> {
    let expired = Expired::default();
    let mut request = request
        .map(|body| Body::new(DeadlineBody::new(body, limits.body_timeout, expired.clone())));
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let response = if expired.get() { body_timed_out() } else { response };
    response.map(|body| Body::new(Answering { body, _serving: serving }))
}

fn body_timed_out() -> Response<Body> {
    let mut response = ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RequestTimeout,
        "请求内容未能在时限内传完，请检查网络后重试",
    )
    .into_response();
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// An answer's body; the request counts as served until it has been sent (or dropped).
struct Answering {
    body: Body,
    _serving: Serving,
}

impl http_body::Body for Answering {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
