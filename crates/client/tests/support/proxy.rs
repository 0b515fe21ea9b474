//! A TCP proxy in front of the test server that can swallow the server's replies: the request
//! reaches the server (and is processed), but the client's connection is closed before any byte
//! of the answer comes back, as when a reply is lost on the network. In chaos mode
//! ([`Proxy::start_chaos`]) faults are drawn from a seed: each new connection may be refused at
//! once, and each piece of a reply (kept-alive connections carry many) may be swallowed (the
//! connection closed), cut off midway, delayed, or passed on.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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

    /// A proxy drawing a [`Fault`] from `seed` for each new connection (refused or not) and for
    /// each piece of each reply; the delays are up to `max_delay`.
    pub async fn start_chaos(upstream: SocketAddr, seed: u64, max_delay: Duration) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let rng = Arc::new(Mutex::new(seed));
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let rng = Arc::clone(&rng);
                tokio::spawn(async move {
                    if matches!(Fault::draw(&rng, max_delay), Fault::Refuse) {
                        FAULTS[0].fetch_add(1, Ordering::SeqCst);
                        return; // dropped: the connection closes before a byte moves
                    }
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        chaos_relay(client, server, &rng, max_delay).await;
                    }
                });
            }
        });
        Proxy { addr, swallow: Arc::new(AtomicBool::new(false)) }
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

/// What chaos mode does to one connection.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    Refuse,
    SwallowReply,
    CutReply,
    Delay(Duration),
    None,
}

/// Faults done, over every chaos proxy of the process: connections refused, reply pieces
/// swallowed, cut, delayed, passed on.
pub static FAULTS: [AtomicU64; 5] =
    [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

impl Fault {
    fn draw(rng: &Mutex<u64>, max_delay: Duration) -> Fault {
        let mut state = rng.lock().unwrap();
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        match z % 100 {
            0..10 => Fault::Refuse,
            10..18 => Fault::SwallowReply,
            18..23 => Fault::CutReply,
            23..38 => {
                let millis = max_delay.as_millis().max(1) as u64;
                Fault::Delay(Duration::from_millis((z >> 8) % millis))
            }
            _ => Fault::None,
        }
    }

    fn index(self) -> usize {
        match self {
            Fault::Refuse => 0,
            Fault::SwallowReply => 1,
            Fault::CutReply => 2,
            Fault::Delay(_) => 3,
            Fault::None => 4,
        }
    }
}

async fn chaos_relay(client: TcpStream, server: TcpStream, rng: &Mutex<u64>, max_delay: Duration) {
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
                let fault = match Fault::draw(rng, max_delay) {
                    Fault::Refuse => Fault::None, // refusing is for new connections
                    fault => fault,
                };
                FAULTS[fault.index()].fetch_add(1, Ordering::SeqCst);
                let (n, last) = match fault {
                    Fault::SwallowReply => break,
                    Fault::CutReply => (n / 2, true),
                    Fault::Delay(by) => {
                        tokio::time::sleep(by).await;
                        (n, false)
                    }
                    Fault::Refuse | Fault::None => (n, false),
                };
                if client_write.write_all(&buffer[..n]).await.is_err() || last {
                    break;
                }
            }
        }
    }
    requests.abort();
}
