//! HTTPS to a remote server with rustls, and how an internal CA is trusted: a CA and a server
//! certificate for `localhost` are made for the test (the `openssl` command), a TLS endpoint on
//! loopback (tokio-rustls) fronts the real review server, and the client signs in and syncs
//! through it only when told to trust that CA (`Settings::extra_ca_file`, or the
//! `REVIEWDESK_EXTRA_CA` variable). Without it the certificate is refused; a missing or non-PEM
//! CA file is `bad_ca_file`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use reviewdesk_client::{Client, MemorySecrets, SecretStore, Settings};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use support::{TestServer, PASSWORD};
use tokio::net::{TcpListener, TcpStream};

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").current_dir(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A CA (`ca.pem`) and a certificate for localhost and 127.0.0.1 it signed (`server.pem`,
/// `server.key`).
fn make_certificates(dir: &Path) {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=ReviewDesk Test CA",
    ]);
    ca.extend(["-addext", "basicConstraints=critical,CA:TRUE"]);
    ca.extend(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    openssl(dir, &ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend(["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
    openssl(dir, &csr);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
}

/// A TLS endpoint on 127.0.0.1 in front of `upstream` (plain HTTP): returns its port.
async fn tls_front(dir: &Path, upstream: std::net::SocketAddr) -> u16 {
    let certificates: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(dir.join("server.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let Ok(mut plain) = TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    port
}

fn client(dir: &Path, server: &TestServer, extra_ca_file: Option<PathBuf>) -> Client {
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let settings = Settings { extra_ca_file, ..Settings::default() };
    Client::new(dir, settings, secrets, server.clock.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_an_internal_ca_works_only_when_that_ca_is_trusted() {
    let server = TestServer::start(&["wang"], 6).await;
    let certs = tempfile::tempdir().unwrap();
    make_certificates(certs.path());
    let port = tls_front(certs.path(), server.addr).await;
    let url = format!("https://localhost:{port}");

    // Not trusted: the certificate is refused, nothing is sent, and the reviewer is told why
    // (not merely "offline").
    let dir = tempfile::tempdir().unwrap();
    let error = client(dir.path(), &server, None).login(&url, "wang", PASSWORD).await.unwrap_err();
    assert_eq!(error.code(), "certificate_untrusted", "{error}");
    assert!(error.to_string().contains("REVIEWDESK_EXTRA_CA"), "{error}");

    // Trusted through the setting: sign in and sync over TLS.
    let dir = tempfile::tempdir().unwrap();
    let trusted = client(dir.path(), &server, Some(certs.path().join("ca.pem")));
    trusted.login(&url, "wang", PASSWORD).await.unwrap();
    let status = trusted.sync_once().await.unwrap();
    assert_eq!((status.online, status.ready), (Some(true), 5), "{status:?}");

    // Trusted through the environment variable (the desktop's way).
    std::env::set_var(reviewdesk_client::settings::EXTRA_CA_ENV, certs.path().join("ca.pem"));
    let dir = tempfile::tempdir().unwrap();
    let from_env = client(dir.path(), &server, None).login(&url, "wang", PASSWORD).await;
    std::env::remove_var(reviewdesk_client::settings::EXTRA_CA_ENV);
    assert!(from_env.is_ok(), "{from_env:?}");

    // A CA file that is missing, or holds no certificate, is an error, not "trust anything".
    for bad in [certs.path().join("missing.pem"), certs.path().join("server.ext")] {
        let dir = tempfile::tempdir().unwrap();
        let error = client(dir.path(), &server, Some(bad)).login(&url, "wang", PASSWORD).await;
        assert_eq!(error.unwrap_err().code(), "bad_ca_file");
    }
}
