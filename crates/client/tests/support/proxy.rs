//! A TCP proxy in front of the test server that can swallow the server's replies: the request
//! reaches the server (and is processed), but the client's connection is closed before any byte
//! of the answer comes back, as when a reply is lost on the network.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct Proxy {
    pub addr: SocketAddr,
    swallow: Arc<AtomicBool>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let swallow = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&swallow);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let flag = Arc::clone(&flag);
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        relay(client, server, flag).await;
                    }
                });
            }
        });
        Proxy { addr, swallow }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// While on, every reply is swallowed and its connection closed.
    pub fn swallow_replies(&self, on: bool) {
        self.swallow.store(on, Ordering::SeqCst);
    }
}

async fn relay(client: TcpStream, server: TcpStream, swallow: Arc<AtomicBool>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let requests = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
    });
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match server_read.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if swallow.load(Ordering::SeqCst) {
                    break;
                }
                if client_write.write_all(&buffer[..n]).await.is_err() {
                    break;
                }
            }
        }
    }
    requests.abort();
}
