//! A TLS server written on rustls alone (not on gnutls-rustls), for the key-exchange tests:
//! it answers each connection with the group rustls negotiated, then closes.
//!
//!     rustls-peer CERT KEY PORTFILE CONNECTIONS [x25519]
//!
//! Listens on 127.0.0.1 (a free port, written to PORTFILE); `x25519` restricts it to X25519,
//! as a peer without post-quantum groups. Gives up 20 s after starting.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        return Err("usage: rustls-peer CERT KEY PORTFILE CONNECTIONS [x25519]".into());
    }
    let certs = CertificateDer::pem_file_iter(&args[1])?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(&args[2])?;
    let connections: usize = args[4].parse()?;
    let mut provider = rustls::crypto::aws_lc_rs::default_provider();
    if args.get(5).map(String::as_str) == Some("x25519") {
        provider.kx_groups = vec![rustls::crypto::aws_lc_rs::kx_group::X25519];
    }
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    std::fs::write(&args[3], listener.local_addr()?.port().to_string())?;
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut served = 0;
    while served < connections && Instant::now() < deadline {
        let (sock, _) = match listener.accept() {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        served += 1;
        sock.set_nonblocking(false)?;
        sock.set_read_timeout(Some(Duration::from_secs(5)))?;
        let conn = rustls::ServerConnection::new(config.clone())?;
        let mut tls = rustls::StreamOwned::new(conn, sock);
        // The client speaks first (a line), so the handshake is complete when we answer.
        let mut line = [0u8; 64];
        if let Err(e) = tls.read(&mut line) {
            println!("error={e}");
            continue;
        }
        let group = tls.conn.negotiated_key_exchange_group().map(|g| format!("{:?}", g.name()));
        let answer = format!("group={}\n", group.unwrap_or_else(|| "none".into()));
        print!("{answer}");
        tls.write_all(answer.as_bytes())?;
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }
    Ok(())
}
