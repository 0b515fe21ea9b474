//! The connection limits over real sockets on 127.0.0.1 (`http::serve`, as `serve` and local mode
//! run it), with timeouts of a second or two so the tests stay quick: a client trickling a
//! request's head or body a byte a second is cut off, an idle keep-alive connection is closed,
//! connections over the limit wait until one ends, stopping closes idle connections at once, and
//! ordinary requests (several on one connection) still work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reviewdesk_server::settings::{ConnectionLimits, Settings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server under `limits`, its address, and how to stop it.
struct Running {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    serving: JoinHandle<std::io::Result<()>>,
    _server: support::Server,
}

async fn start(limits: ConnectionLimits) -> Running {
    let server = support::server_with(Settings { connections: limits, ..Settings::default() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let serving =
        tokio::spawn(reviewdesk_server::http::serve(listener, server.state.clone(), async move {
            let _ = stopped.await;
        }));
    Running { address, stop: Some(stop), serving, _server: server }
}

fn limits() -> ConnectionLimits {
    ConnectionLimits {
        header_timeout: Duration::from_secs(2),
        body_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_secs(30),
        max_connections: 100,
    }
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: reviewdesk\r\n\r\n";

/// Everything the server sends until it closes the connection, and when it closed it; `None`
/// when it is still open after `limit`.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> Option<(Vec<u8>, Duration)> {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some((received, started.elapsed())),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Reads one answer (head and a body of its Content-Length) off a kept-alive connection.
async fn one_answer(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_owned)
                })
                .map_or(0, |n| n.trim().parse::<usize>().unwrap());
            if received.len() >= end + 4 + length {
                return text;
            }
        }
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer))
            .await
            .expect("an answer within 5 s")
            .unwrap();
        assert!(n > 0, "closed before a whole answer: {text}");
        received.extend_from_slice(&buffer[..n]);
    }
}

/// Sends `bytes` one a second on `stream` until the server closes it (or `limit` passes);
/// returns what the server sent and when it closed.
async fn trickle(stream: TcpStream, bytes: &[u8], limit: Duration) -> Option<(Vec<u8>, Duration)> {
    let (mut reader, mut writer) = stream.into_split();
    let bytes = bytes.to_vec();
    let writing = tokio::spawn(async move {
        for byte in bytes {
            if writer.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        // Keep the half open: the server, not the client, must end it.
        std::future::pending::<()>().await;
    });
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let closed = loop {
        let Some(left) = limit.checked_sub(started.elapsed()) else { break None };
        match tokio::time::timeout(left, reader.read(&mut buffer)).await {
            Err(_) => break None,
            Ok(Ok(0)) | Ok(Err(_)) => break Some((received, started.elapsed())),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
        }
    };
    writing.abort();
    closed
}

#[tokio::test]
async fn a_head_sent_a_byte_a_second_is_cut_off_at_the_header_timeout() {
    let running = start(limits()).await;
    let stream = TcpStream::connect(running.address).await.unwrap();
    let (received, after) = trickle(stream, HEALTH, Duration::from_secs(8))
        .await
        .expect("the server closed the connection");
    assert!(after >= Duration::from_millis(1500) && after < Duration::from_secs(5), "{after:?}");
    assert!(received.is_empty(), "no answer to a head never finished");
}

#[tokio::test]
async fn a_body_sent_a_byte_a_second_is_cut_off_with_408_request_timeout() {
    let running = start(limits()).await;
    let stream = TcpStream::connect(running.address).await.unwrap();
    let body = br#"{"username":"wang","password":"correct horse battery staple"}"#;
    let request = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: reviewdesk\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    let mut stream = stream;
    stream.write_all(&request).await.unwrap();
    let (received, after) = trickle(stream, body, Duration::from_secs(8))
        .await
        .expect("the server closed the connection");
    assert!(after >= Duration::from_millis(1500) && after < Duration::from_secs(5), "{after:?}");
    let answer = String::from_utf8_lossy(&received);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_and_requests_before_it_are_served() {
    let running =
        start(ConnectionLimits { idle_timeout: Duration::from_secs(1), ..limits() }).await;
    let mut stream = TcpStream::connect(running.address).await.unwrap();
    // Two requests on one connection: it is kept alive between them.
    for _ in 0..2 {
        stream.write_all(HEALTH).await.unwrap();
        let answer = one_answer(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    let (received, after) =
        until_closed(&mut stream, Duration::from_secs(5)).await.expect("closed when idle");
    assert!(received.is_empty());
    assert!(after >= Duration::from_millis(700) && after < Duration::from_secs(3), "{after:?}");

    // A connection that never sends anything is closed too.
    let mut silent = TcpStream::connect(running.address).await.unwrap();
    let (_, after) =
        until_closed(&mut silent, Duration::from_secs(5)).await.expect("closed when idle");
    assert!(after < Duration::from_secs(3), "{after:?}");
}

#[tokio::test]
async fn connections_over_the_limit_wait_until_one_ends() {
    let running = start(ConnectionLimits { max_connections: 2, ..limits() }).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(running.address).await.unwrap();
        stream.write_all(HEALTH).await.unwrap();
        assert!(one_answer(&mut stream).await.starts_with("HTTP/1.1 200"));
        held.push(stream);
    }
    // The third is taken by the kernel's backlog but not served while both are held.
    let mut third = TcpStream::connect(running.address).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    let mut buffer = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(1200), third.read(&mut buffer)).await;
    assert!(early.is_err(), "served over the limit: {early:?}");

    drop(held.pop());
    let answer = one_answer(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn ordinary_requests_still_work_and_stopping_closes_idle_connections_at_once() {
    let mut running = start(limits()).await;
    let client = reqwest::Client::new();
    let base = format!("http://{}", running.address);
    for _ in 0..3 {
        let reply = client.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(reply.status(), 200);
    }
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "nobody", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 401);

    let mut idle = TcpStream::connect(running.address).await.unwrap();
    idle.write_all(HEALTH).await.unwrap();
    one_answer(&mut idle).await;
    let started = Instant::now();
    running.stop.take().unwrap().send(()).unwrap();
    let served = tokio::time::timeout(Duration::from_secs(2), &mut running.serving).await;
    assert!(matches!(served, Ok(Ok(Ok(())))), "{served:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(until_closed(&mut idle, Duration::from_secs(1)).await.is_some());
}
