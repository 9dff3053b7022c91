//! The handshake: creating the rustls connection from the session's settings and driving
//! it over the transport until it completes, blocking or not.

use std::time::{Duration, Instant};

use libc::{c_int, c_uint};
use rustls::pki_types::ServerName;

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{code, guard};
use crate::session::{handle, state_of, Session, Tls};
use crate::transport::{TransportCells, Wire};
use crate::types::*;
use crate::verify::VerifyContext;

/// GnuTLS's `GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT` stands for 40 seconds.
const DEFAULT_HANDSHAKE_TIMEOUT_MS: u32 = 40_000;

impl Tls {
    fn new(conn: rustls::Connection, timeout_ms: u32) -> Tls {
        Tls {
            conn,
            established: false,
            pending_send: None,
            close_sent: false,
            peer_closed: false,
            peer_chain: Vec::new(),
            peer_datums: Vec::new(),
            failed: None,
            deadline: (timeout_ms > 0).then(|| Instant::now() + Duration::from_millis(timeout_ms as u64)),
        }
    }
}

impl Session {
    /// Creates the rustls connection from the priorities, credentials and options set so far.
    fn start(&mut self) -> Result<(), Error> {
        let priority = self.priority.clone().ok_or(Error::NO_PRIORITIES)?;
        let credentials = self.certificate.clone().ok_or(Error::INSUFFICIENT_CREDENTIALS)?;
        let config = credentials.client_config(&priority, &self.alpn)?;
        let name = match &self.server_name {
            Some(n) => ServerName::try_from(n.clone()).map_err(|_| Error::INVALID_REQUEST)?,
            // Without a name GnuTLS sends no SNI; rustls sends none for an IP address, and
            // our verifier never looks at this name.
            None => ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into()),
        };
        let conn = rustls::ClientConnection::new(config, name).map_err(Error::from)?;
        self.tls = Some(Tls::new(conn.into(), self.handshake_timeout_ms));
        Ok(())
    }

    /// Writes everything rustls has queued; EAGAIN leaves the rest queued for the next call.
    pub fn flush(&mut self, cells: &TransportCells) -> Result<(), Error> {
        let tls = self.tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        while tls.conn.wants_write() {
            let mut wire = Wire::new(cells, None);
            match tls.conn.write_tls(&mut wire) {
                Ok(0) => return Err(Error::PUSH_ERROR),
                Ok(_) => {}
                Err(_) => return Err(wire.error.unwrap_or(Error::PUSH_ERROR)),
            }
        }
        Ok(())
    }

    /// Reads what the transport has into rustls and processes it. Ok(false) means the
    /// transport reached end of file.
    pub fn receive(&mut self, cells: &TransportCells) -> Result<bool, Error> {
        let tls = self.tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        let deadline = if tls.established { None } else { tls.deadline };
        let mut wire = Wire::new(cells, deadline);
        let n = match tls.conn.read_tls(&mut wire) {
            Ok(n) => n,
            Err(_) => return Err(wire.error.unwrap_or(Error::PULL_ERROR)),
        };
        self.process()?;
        Ok(n > 0)
    }

    /// Lets rustls process received records, with this session's verification settings
    /// visible to the certificate verifier.
    pub fn process(&mut self) -> Result<(), Error> {
        let Session { tls, certificate, verify, last_alert, .. } = self;
        let tls = tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        let ctx = VerifyContext::new(certificate.as_deref(), verify.as_ref());
        match ctx.run(|| tls.conn.process_new_packets()) {
            Ok(_) => Ok(()),
            Err(e) => {
                if let rustls::Error::AlertReceived(a) = &e {
                    *last_alert = Some(u8::from(*a));
                }
                let err = Error::from(e);
                tls.failed = Some(err);
                Err(err)
            }
        }
    }

    /// Marks the connection failed (so later calls report the same error) and returns it.
    pub fn fail(&mut self, e: Error) -> Error {
        if let Some(t) = self.tls.as_mut() {
            t.failed = Some(e);
        }
        e
    }

    pub fn handshake(&mut self, cells: &TransportCells) -> Result<(), Error> {
        match &self.tls {
            Some(t) if t.failed.is_some() => return Err(t.failed.unwrap_or(Error::INTERNAL)),
            Some(t) if t.established => return Ok(()),
            Some(_) => {}
            None => self.start()?,
        }
        loop {
            if let Err(e) = self.flush(cells) {
                return Err(self.fatal_unless_retry(e));
            }
            let tls = self.tls.as_mut().ok_or(Error::INTERNAL)?;
            if !tls.conn.is_handshaking() {
                self.finish_handshake();
                return Ok(());
            }
            match self.receive(cells) {
                Ok(true) => {}
                Ok(false) => return Err(self.fail(Error::PREMATURE_TERMINATION)),
                Err(e) => {
                    // rustls queued an alert for the peer; send it if the transport lets us.
                    let _ = self.flush(cells);
                    return Err(self.fatal_unless_retry(e));
                }
            }
        }
    }

    fn fatal_unless_retry(&mut self, e: Error) -> Error {
        if crate::errors::is_fatal(e.code()) {
            self.fail(e)
        } else {
            e
        }
    }

    fn finish_handshake(&mut self) {
        let Some(tls) = self.tls.as_mut() else { return };
        tls.established = true;
        tls.peer_chain = tls.conn.peer_certificates().unwrap_or(&[]).iter().map(|c| c.as_ref().to_vec()).collect();
        tls.peer_datums = tls
            .peer_chain
            .iter()
            .map(|c| gnutls_datum_t { data: c.as_ptr() as *mut u8, size: c.len() as c_uint })
            .collect();
        crate::global::log(
            2,
            &format!(
                "HSK: handshake completed: {:?} {:?}",
                tls.conn.protocol_version(),
                tls.conn.negotiated_cipher_suite().map(|s| s.suite())
            ),
        );
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_handshake(session: gnutls_session_t) -> c_int {
    guard("gnutls_handshake", || {
        code((|| {
            let h = handle(session)?;
            h.state().handshake(&h.transport)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_handshake_set_timeout(session: gnutls_session_t, ms: c_uint) {
    guard("gnutls_handshake_set_timeout", || {
        if let Ok(s) = state_of(session) {
            s.handshake_timeout_ms = match ms {
                GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT => DEFAULT_HANDSHAKE_TIMEOUT_MS,
                GNUTLS_INDEFINITE_TIMEOUT => 0,
                ms => ms,
            };
        }
    })
}

/// TLS 1.2 renegotiation and TLS 1.3 post-handshake authentication are not offered by
/// rustls, so there is never a re-authentication to perform.
#[no_mangle]
pub unsafe extern "C" fn gnutls_reauth(session: gnutls_session_t, flags: c_uint) -> c_int {
    guard("gnutls_reauth", || {
        code((|| {
            let _ = flags;
            let s = state_of(session)?;
            if !s.established() {
                return Err(Error::UNAVAILABLE_DURING_HANDSHAKE);
            }
            Err(Error::INVALID_REQUEST)
        })())
    })
}
