//! The handshake: creating the rustls connection from the session's settings and driving
//! it over the transport until it completes, blocking or not.

use std::time::{Duration, Instant};

use once_cell::sync::Lazy;
use rustls::client::UnbufferedClientConnection;
use rustls::pki_types::ServerName;
use rustls::server::UnbufferedServerConnection;

use crate::cert_types::CertTypes;
use crate::constants::*;
use crate::context::{self, SessionContext};
use crate::credentials::{CertificateCredentials, ClientCallbacks, ServerCallbacks};
use crate::errors::Error;
use crate::link::{Conn, Link, Received, Stop, Want};
use crate::observe::Observer;
use crate::session::{Role, Session, Tls};
use crate::transport::{Channel, Wire};

/// The ClientHello extension that offers a TLS 1.3 ticket (RFC 8446 section 4.2.11).
const EXT_PRE_SHARED_KEY: u16 = 41;
/// The ClientHello extension of a client that speaks TLS 1.3 (RFC 8446 section 4.2.1).
const EXT_SUPPORTED_VERSIONS: u16 = 43;

/// The callback objects of every client configuration (see `context`).
static CLIENT_CALLBACKS: Lazy<ClientCallbacks> = Lazy::new(|| ClientCallbacks {
    verifier: crate::verify::VERIFIER.clone(),
    raw_verifier: crate::verify::RAW_VERIFIER.clone(),
    certificate: context::CLIENT_CERTIFICATE.clone(),
    raw_certificate: context::CLIENT_RAW_KEY.clone(),
    store: context::STORE.clone(),
    key_log: context::KEY_LOG.clone(),
});

/// The callback objects of every server configuration.
static SERVER_CALLBACKS: Lazy<ServerCallbacks> = Lazy::new(|| ServerCallbacks {
    client_verifier: context::ClientCertRequest::shared,
    certificate: context::SELECTOR.clone(),
    raw_certificate: context::RAW_SELECTOR.clone(),
    cache: context::SESSION_CACHE.clone(),
    tickets: context::TICKETS.clone(),
    key_log: context::KEY_LOG.clone(),
});

/// GnuTLS's `TLS13_TICKETS_TO_SEND`.
const TLS13_TICKETS_TO_SEND: usize = 2;

/// GnuTLS's `GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT` stands for 40 seconds.
const DEFAULT_HANDSHAKE_TIMEOUT_MS: u32 = 40_000;

/// The TLS record content type of alerts.
const RECORD_ALERT: u8 = 21;

/// A ClientHello larger than this is not waited for: rustls sees what came and judges.
const MAX_HELLO: usize = 1 << 17;

impl Tls {
    fn new(conn: Conn, received: Received, timeout_ms: u32) -> Tls {
        Tls {
            link: Link::new(conn, received),
            server_name: None,
            established: false,
            pending_send: None,
            close_sent: false,
            peer_chain: Vec::new(),
            failed: None,
            deadline: (timeout_ms > 0).then(|| Instant::now() + Duration::from_millis(timeout_ms as u64)),
            started: Instant::now(),
            ertt: Duration::ZERO,
            incoming: Observer::default(),
            outgoing: Observer::default(),
            reported_id: Vec::new(),
            own_session_id: Default::default(),
            cert_types: CertTypes::default(),
        }
    }
}

impl Session {
    /// Creates the rustls connection from the priorities, credentials and options set so far.
    fn start(&mut self) -> Result<(), Error> {
        if self.role == Role::Server {
            // A server's credentials are looked for once the ClientHello is in: the
            // program may set them from its ClientHello hook or post-ClientHello function.
            self.priority.as_ref().ok_or(Error::NO_PRIORITIES)?;
            self.hello = Some(Received::default());
            self.hello_read = false;
            self.accept_deadline = (self.handshake_timeout_ms > 0)
                .then(|| Instant::now() + Duration::from_millis(self.handshake_timeout_ms as u64));
            return Ok(());
        }
        let (priority, credentials) = self.handshake_settings()?;
        let (config, name, types) = self.client_setup(&priority, &credentials)?;
        // rustls looks for a session to resume while it writes the ClientHello.
        let conn = self.context().run(|| UnbufferedClientConnection::new(config, name)).map_err(Error::from)?;
        let mut tls = Tls::new(Conn::Client(conn), Received::default(), self.handshake_timeout_ms);
        tls.cert_types = types;
        self.tls = Some(tls);
        Ok(())
    }

    /// The priorities and certificate credentials a handshake needs, or why it cannot start.
    pub(crate) fn handshake_settings(
        &self,
    ) -> Result<(std::sync::Arc<crate::priority::Priority>, std::sync::Arc<CertificateCredentials>), Error> {
        let priority = self.priority.clone().ok_or(Error::NO_PRIORITIES)?;
        let credentials = match (&self.certificate, self.unusable_credentials) {
            (Some(c), _) => c.clone(),
            (None, true) => return Err(Error::new(GNUTLS_E_UNKNOWN_CIPHER_SUITE)),
            (None, false) => return Err(Error::INSUFFICIENT_CREDENTIALS),
        };
        Ok((priority, credentials))
    }

    /// A client's rustls configuration, the name it asks for and the certificate types it
    /// offers, from the session's settings (a TLS or a QUIC connection is made from them).
    pub(crate) fn client_setup(
        &mut self,
        priority: &crate::priority::Priority,
        credentials: &CertificateCredentials,
    ) -> Result<(std::sync::Arc<rustls::ClientConfig>, ServerName<'static>, CertTypes), Error> {
        // GNUTLS_NO_TICKETS and %NO_TICKETS stop a client offering tickets, not receiving them.
        let no_tickets = self.flags & GNUTLS_NO_TICKETS != 0 || priority.spec.no_tickets;
        self.resume.offer_tickets = !no_tickets;
        let tls12_tickets = !(no_tickets || self.flags & GNUTLS_NO_TICKETS_TLS12 != 0 || priority.spec.no_tickets_tls12);
        let types = self.client_cert_types(priority, credentials);
        let config = credentials.client_config(priority, &self.alpn, tls12_tickets, types, &CLIENT_CALLBACKS)?;
        let name = match &self.server_name {
            Some(n) => ServerName::try_from(n.clone()).map_err(|_| Error::INVALID_REQUEST)?,
            // Without a name GnuTLS sends no SNI; rustls sends none for an IP address, and
            // our verifier never looks at this name.
            None => ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into()),
        };
        Ok((config, name, types))
    }

    /// The certificate types a client offers (see `cert_types`). A key of ours counts when
    /// the credentials hold one of that type, or the program's callback may answer with one.
    fn client_cert_types(&self, priority: &crate::priority::Priority, credentials: &CertificateCredentials) -> CertTypes {
        let enabled = self.flags & GNUTLS_ENABLE_RAWPK != 0;
        let tls13 = priority.spec.rustls_versions().1;
        let lists = &priority.lists;
        let have = |t: u32| self.retriever.is_some() || credentials.has_own(t == GNUTLS_CRT_RAWPK);
        crate::cert_types::client_offer(enabled, tls13, &lists.client_cert_types, &lists.server_cert_types, have)
    }

    /// The certificate types a server answers a ClientHello with (see `cert_types`).
    fn server_cert_types(
        &self,
        priority: &crate::priority::Priority,
        credentials: &CertificateCredentials,
        hello: Option<&crate::observe::ServerHello>,
    ) -> Result<CertTypes, Error> {
        let enabled = self.flags & GNUTLS_ENABLE_RAWPK != 0;
        let tls13 = priority.spec.rustls_versions().1 && hello.is_some_and(|h| h.has_extension(EXT_SUPPORTED_VERSIONS));
        let lists = &priority.lists;
        let have = |t: u32| self.retriever.is_some() || credentials.has_own(t == GNUTLS_CRT_RAWPK);
        crate::cert_types::server_choice(
            enabled,
            tls13,
            hello.and_then(|h| h.client_cert_types.as_deref()),
            hello.and_then(|h| h.server_cert_types.as_deref()),
            &lists.client_cert_types,
            &lists.server_cert_types,
            have,
        )
    }

    /// The context rustls's callbacks see, before the connection exists (and around every
    /// call into a QUIC connection, which lives outside `tls`).
    pub(crate) fn context(&self) -> SessionContext<'_> {
        SessionContext {
            creds: self.certificate.as_deref(),
            verify: self.verify.as_ref(),
            resume: &self.resume,
            stapled_ocsp: &self.stapled_ocsp,
            master_secret: &self.master_secret,
            exporter_secret: &self.exporter_secret,
            server: (self.role == Role::Server).then_some(&self.server),
            our_certificate: &self.our_certificate,
            verify_status: &self.verify_status,
            key_log: &self.key_log,
            retrieve: self.retriever.as_deref(),
            retrieve_failed: &self.retrieve_failed,
            force_client_cert: self.flags & GNUTLS_FORCE_CLIENT_CERT != 0,
            priority: self.priority.as_deref(),
        }
    }

    /// A server's first step: read until the whole ClientHello is in, then make the
    /// connection with a configuration fitted to it. Ok(false) while more is needed.
    /// Reads more of the ClientHello: Ok(true) once it is all in (or is not one).
    fn read_hello(&mut self, io: &dyn Channel) -> Result<bool, Error> {
        let Some(hello) = self.hello.as_mut() else { return Err(Error::INTERNAL) };
        let mut wire = Wire::new(io, self.accept_deadline).observed_by(&mut self.hello_observer);
        let want = hello.missing();
        let n = hello.read(&mut wire, want);
        let error = wire.error;
        let Ok(n) = n else { return Err(error.unwrap_or(Error::PULL_ERROR)) };
        if n == 0 {
            return Err(Error::PREMATURE_TERMINATION);
        }
        // An alert before the ClientHello (any level, close_notify too) fails the handshake
        // with GnuTLS's code and no alert of ours; rustls would ignore warnings and wait.
        if hello.bytes().first() == Some(&RECORD_ALERT) {
            return Err(Error::new(GNUTLS_E_UNEXPECTED_PACKET));
        }
        // Whatever is not a ClientHello goes to rustls, which refuses it with an alert.
        let complete = self.hello_observer.client_hello.is_some();
        Ok(complete || self.hello_observer.gave_up() || hello.len() >= MAX_HELLO)
    }

    fn accept(&mut self, io: &dyn Channel) -> Result<bool, Error> {
        if self.post_hello != PostHello::Done {
            if !self.hello_read && !self.read_hello(io)? {
                return Ok(false);
            }
            self.hello_read = true;
            // The program's hook sees the ClientHello before it is acted on, as in GnuTLS:
            // it may still set the credentials the server answers with.
            if !self.hello_observer.pending.is_empty() {
                return Ok(false);
            }
            // The program's post-ClientHello function runs first (see `take_post_hello`).
            if self.post_hello == PostHello::Wanted {
                self.post_hello = PostHello::Pending;
                return Ok(false);
            }
        }
        let (priority, credentials) = self.handshake_settings()?;
        let received = self.hello.take().unwrap_or_default();
        let observed = self.hello_observer.client_hello.as_deref();
        let alpn: Vec<Vec<u8>> = self.alpn_for_client().into_iter().map(<[u8]>::to_vec).collect();
        // GnuTLS servers send two TLS 1.3 tickets when they have a ticket key.
        let auto_tickets = self.server.ticket_key.is_some() && self.flags & GNUTLS_NO_AUTO_SEND_TICKET == 0;
        let tickets = if auto_tickets { TLS13_TICKETS_TO_SEND } else { 0 };
        let types = self.server_cert_types(&priority, &credentials, observed)?;
        let server_name = observed.and_then(|h| h.server_name.clone());
        // No key of ours of the type to present: GnuTLS finds no cipher suite it could
        // use, and answers nothing (rustls would fail later, with an alert).
        if self.retriever.is_none() && !credentials.has_own(types.server_raw()) {
            return Err(Error::new(GNUTLS_E_NO_CIPHER_SUITES));
        }
        let config =
            credentials.server_config(&priority, &alpn, self.server.request, tickets, self.server.name_cas, types, &SERVER_CALLBACKS)?;
        let conn = self.context().run(|| UnbufferedServerConnection::new(config)).map_err(Error::from)?;
        let mut tls = Tls::new(Conn::Server(conn), received, self.handshake_timeout_ms);
        tls.cert_types = types;
        tls.server_name = server_name;
        tls.incoming = std::mem::take(&mut self.hello_observer);
        // The handshake's time limit counts from its start, not from the ClientHello.
        tls.deadline = self.accept_deadline;
        self.tls = Some(tls);
        Ok(true)
    }

    /// Writes everything rustls has queued; EAGAIN leaves the rest queued for the next call.
    pub fn flush(&mut self, io: &dyn Channel) -> Result<(), Error> {
        let tls = self.tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        if !tls.link.wants_write() {
            return Ok(());
        }
        tls.outgoing.retry_answered |= tls.incoming.retry_requested();
        let mut wire = Wire::new(io, None).observed_by(&mut tls.outgoing);
        tls.link.flush(&mut wire)
    }

    /// Reads what the transport has. Ok(false) means the transport reached end of file.
    pub fn receive(&mut self, io: &dyn Channel) -> Result<bool, Error> {
        let deadline = self.tls.as_ref().filter(|t| !t.established).and_then(|t| t.deadline);
        self.receive_until(io, deadline)
    }

    pub fn receive_until(&mut self, io: &dyn Channel, deadline: Option<Instant>) -> Result<bool, Error> {
        let tls = self.tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        let mut wire = Wire::new(io, deadline);
        if !tls.established {
            tls.incoming.retry_answered |= tls.outgoing.retry_requested();
            wire = wire.observed_by(&mut tls.incoming);
        }
        Ok(tls.link.fill(&mut wire)? > 0)
    }

    /// Lets rustls process what has arrived, with this session's settings visible to its
    /// callbacks, until `want` is met or more input is needed. A failure is kept, so that
    /// later calls report it again; the alert rustls prepared waits to be flushed.
    pub fn drive(&mut self, want: Want<'_>) -> Result<Stop, Error> {
        let Session {
            tls,
            certificate,
            verify,
            last_alert,
            resume,
            stapled_ocsp,
            master_secret,
            exporter_secret,
            server,
            role,
            our_certificate,
            verify_status,
            key_log,
            retriever,
            retrieve_failed,
            flags,
            priority,
            ..
        } = self;
        let tls = tls.as_mut().ok_or(Error::INVALID_REQUEST)?;
        if let Some(e) = tls.failed {
            return Err(e);
        }
        let server = (*role == Role::Server).then_some(&*server);
        let ctx = SessionContext {
            creds: certificate.as_deref(),
            verify: verify.as_ref(),
            resume,
            stapled_ocsp,
            master_secret,
            exporter_secret,
            server,
            our_certificate,
            verify_status,
            key_log,
            retrieve: retriever.as_deref(),
            retrieve_failed,
            force_client_cert: *flags & GNUTLS_FORCE_CLIENT_CERT != 0,
            priority: priority.as_deref(),
        };
        let pumped = tls.link.pump(&ctx, want);
        // The program's certificate callback failed, or a server has no key for the client's
        // signature schemes: GnuTLS stops there, sending nothing (unless the program then
        // calls gnutls_alert_send_appropriate).
        if let Some(e) = retrieve_failed.take() {
            tls.link.hold_outgoing();
            tls.failed = Some(e);
            return Err(e);
        }
        match pumped {
            Ok(stop) => Ok(stop),
            Err(e) => {
                if let rustls::Error::AlertReceived(a) = &e {
                    *last_alert = Some(u8::from(*a));
                }
                // A ClientHello offering no signature scheme rustls knows (RSA-PSS-SHA256
                // alone, 0x0809) is refused as it is decoded; GnuTLS's server finds no
                // cipher suite for it, and answers nothing unasked.
                let no_schemes = matches!(e, rustls::Error::InvalidMessage(rustls::InvalidMessage::NoSignatureSchemes));
                if *role == Role::Server && no_schemes {
                    tls.link.hold_outgoing();
                    let err = Error::new(GNUTLS_E_NO_CIPHER_SUITES);
                    tls.failed = Some(err);
                    return Err(err);
                }
                let mut err = Error::from(e);
                // A peer signing with a key its certificate does not let sign: GnuTLS fails
                // the handshake sending nothing unasked (key-usage-ecdhe-rsa).
                if err.code() == GNUTLS_E_KEY_USAGE_VIOLATION {
                    tls.link.hold_outgoing();
                }
                // A TLS 1.3 server that requires a certificate and gets none says so, as
                // GnuTLS does (under TLS 1.2 it reports that no certificate was found).
                let tls13 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3);
                if *role == Role::Server && tls13 && err.code() == GNUTLS_E_NO_CERTIFICATE_FOUND {
                    err = Error::new(GNUTLS_E_CERTIFICATE_REQUIRED);
                }
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

    /// One round of the handshake: process what has arrived, send what rustls queued,
    /// then read what the peer sent. Ok(true) once the handshake is complete.
    pub fn handshake_step(&mut self, io: &dyn Channel) -> Result<bool, Error> {
        self.hello_observer.quiet = !self.hooked;
        match &self.tls {
            Some(t) if t.failed.is_some() => return Err(t.failed.unwrap_or(Error::INTERNAL)),
            Some(t) if t.established => return Ok(true),
            Some(_) => {}
            None => {
                if let Some(e) = self.accept_failed {
                    return Err(e);
                }
                if self.hello.is_none() {
                    self.start()?;
                }
                if self.hello.is_some() {
                    match self.accept(io) {
                        Ok(true) => {}
                        Ok(false) => return Ok(false),
                        Err(e) if !crate::errors::is_fatal(e.code()) => return Err(e),
                        Err(e) => {
                            self.hello = None;
                            self.accept_failed = Some(e);
                            return Err(e);
                        }
                    }
                }
            }
        }
        if let Some(tls) = self.tls.as_mut() {
            tls.incoming.quiet = !self.hooked;
            tls.outgoing.quiet = !self.hooked;
        }
        // Process, flush, read once, process again: hooks then run after each flight.
        let mut read = false;
        loop {
            self.check_handshake_size()?;
            let stop = self.drive(Want::Progress);
            let flushed = self.flush(io);
            let stop = match stop {
                Ok(stop) => stop,
                // divergence: rustls queued an alert for the peer and we send it; GnuTLS sends
                // none unless the program calls gnutls_alert_send_appropriate.
                Err(e) => return Err(self.fatal_unless_retry(e)),
            };
            if let Err(e) = flushed {
                return Err(self.fatal_unless_retry(e));
            }
            self.check_handshake_size()?;
            if stop == Stop::Ready {
                self.finish_handshake();
                return Ok(true);
            }
            if read {
                return Ok(false);
            }
            match self.receive(io) {
                Ok(true) => read = true,
                Ok(false) => return Err(self.fail(Error::PREMATURE_TERMINATION)),
                Err(e) => return Err(self.fatal_unless_retry(e)),
            }
        }
    }

    /// GnuTLS refuses a handshake whose messages, received and sent, exceed the program's
    /// limit.
    // divergence: only the plaintext messages count (all of TLS 1.2's up to Finished, the
    // hellos of TLS 1.3): rustls shows us no encrypted one, and caps each at 64 KiB itself.
    fn check_handshake_size(&mut self) -> Result<(), Error> {
        let Some(tls) = self.tls.as_ref() else { return Ok(()) };
        let seen = tls.incoming.handshake_bytes + tls.outgoing.handshake_bytes;
        if self.max_handshake_len > 0 && seen > self.max_handshake_len {
            return Err(self.fail(Error::new(GNUTLS_E_HANDSHAKE_TOO_LARGE)));
        }
        Ok(())
    }

    pub(crate) fn fatal_unless_retry(&mut self, e: Error) -> Error {
        if crate::errors::is_fatal(e.code()) {
            self.fail(e)
        } else {
            e
        }
    }

    fn finish_handshake(&mut self) {
        let Some(tls) = self.tls.as_mut() else { return };
        tls.established = true;
        tls.ertt = tls.started.elapsed() / 2;
        if self.role == Role::Server {
            let tls13 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3);
            // GnuTLS counts a session id under TLS 1.2 (even a TLS 1.3 client's random
            // compatibility one) and only a ticket offer under TLS 1.3.
            self.resumption_requested = tls.incoming.client_hello.as_ref().is_some_and(|hello| {
                if tls13 { hello.extensions.contains(&EXT_PRE_SHARED_KEY) } else { !hello.session_id.is_empty() }
            });
            if tls.link.conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed) {
                // rustls picks a certificate before it decides to resume; none was sent.
                self.our_certificate.borrow_mut().clear();
            }
            let mut id = self.server.persistent_id.borrow_mut();
            if id.is_none() {
                // A full handshake: GnuTLS keeps the TLS 1.2 session id, and makes up a new
                // identifier under TLS 1.3.
                let tls12_id = tls.outgoing.server_hello.as_ref().map(|h| h.session_id.clone()).filter(|i| !i.is_empty());
                let tls12 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_2);
                *id = Some(match tls12_id.filter(|_| tls12) {
                    Some(i) => i,
                    None => {
                        let mut fresh = vec![0u8; 32];
                        let _ = crate::global::random(&mut fresh);
                        fresh
                    }
                });
            }
        }
        tls.peer_chain = tls.link.conn.peer_certificates().unwrap_or(&[]).iter().map(|c| c.as_ref().to_vec()).collect();
        crate::global::log(
            2,
            format_args!(
                "HSK: handshake completed: {:?} {:?}",
                tls.link.conn.protocol_version(),
                tls.link.conn.negotiated_cipher_suite().map(|s| s.suite())
            ),
        );
    }
}

/// Where a server is with the program's post-ClientHello function
/// (`gnutls_handshake_set_post_client_hello_function`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum PostHello {
    /// No function was set.
    #[default]
    None,
    /// Set, and the ClientHello is not all in yet.
    Wanted,
    /// The ClientHello is in: the function is to run before the handshake goes on.
    Pending,
    /// It ran (or was not set): the handshake goes on.
    Done,
}

impl Session {
    /// Whether the program's post-ClientHello function is to run now; the caller runs it and
    /// reports with `post_hello_ran`.
    pub fn take_post_hello(&self) -> bool {
        self.post_hello == PostHello::Pending
    }

    /// The function's answer (GNUTLS_E_AGAIN and INTERRUPTED are the C surface's to hold
    /// the handshake with): 0 goes on; an error ends the handshake.
    pub fn post_hello_ran(&mut self, rc: i32) -> Result<(), Error> {
        if rc >= 0 {
            self.post_hello = PostHello::Done;
            return Ok(());
        }
        let e = Error::new(rc);
        if crate::errors::is_fatal(rc) {
            self.hello = None;
            self.accept_failed = Some(e);
        }
        Err(e)
    }

    /// Sets or clears the wish to run a post-ClientHello function.
    pub fn want_post_hello(&mut self, wanted: bool) {
        if matches!(self.post_hello, PostHello::None | PostHello::Wanted) {
            self.post_hello = if wanted { PostHello::Wanted } else { PostHello::None };
        }
    }

    /// GnuTLS's handshake timeout: GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT stands for 40 seconds.
    pub fn set_handshake_timeout(&mut self, ms: u32) {
        self.handshake_timeout_ms = match ms {
            GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT => DEFAULT_HANDSHAKE_TIMEOUT_MS,
            GNUTLS_INDEFINITE_TIMEOUT => 0,
            ms => ms,
        };
    }

    /// TLS 1.2 renegotiation and TLS 1.3 post-handshake authentication are not offered by
    /// rustls, so there is never a re-authentication to perform.
    /// `gnutls_session_key_update` (TLS 1.3): new traffic keys for what we send, and
    /// (rustls always asks) for what the peer sends.
    // divergence: without GNUTLS_KU_PEER GnuTLS does not ask the peer to update its keys;
    // rustls always does.
    pub fn key_update(&mut self, io: &dyn Channel) -> Result<(), Error> {
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        if tls.link.conn.protocol_version() != Some(rustls::ProtocolVersion::TLSv1_3) {
            return Err(Error::INVALID_REQUEST);
        }
        self.drive(Want::KeyUpdate)?;
        self.flush(io)
    }

    /// `gnutls_rehandshake`: a server's request for a new handshake, which under TLS 1.3
    /// GnuTLS makes a key update of both directions.
    // divergence: under TLS 1.2 rustls cannot renegotiate: GNUTLS_E_UNIMPLEMENTED_FEATURE.
    pub fn rehandshake(&mut self, io: &dyn Channel) -> Result<(), Error> {
        let tls = self.tls.as_ref().filter(|_| self.role == Role::Server).ok_or(Error::INVALID_REQUEST)?;
        match tls.link.conn.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => self.key_update(io),
            Some(_) => Err(Error::UNIMPLEMENTED),
            None => Err(Error::INVALID_REQUEST),
        }
    }

    /// `gnutls_handshake` on an established session: GnuTLS's TLS 1.3 client updates the
    /// keys (both directions) and its server does nothing.
    // divergence: under TLS 1.2 GnuTLS renegotiates; rustls cannot.
    pub fn handshake_again(&mut self, io: &dyn Channel) -> Result<(), Error> {
        let tls = self.tls.as_ref().ok_or(Error::INTERNAL)?;
        if tls.link.conn.protocol_version() != Some(rustls::ProtocolVersion::TLSv1_3) {
            return Err(Error::UNIMPLEMENTED);
        }
        match self.role {
            Role::Client => self.key_update(io),
            Role::Server => Ok(()),
        }
    }

    /// rustls never negotiates post-handshake authentication, so once a version is agreed
    /// (a hook may call this mid-handshake) GnuTLS's answer is that it was not negotiated;
    /// before that, that the handshake has not got that far.
    pub fn reauth(&self) -> Result<(), Error> {
        let negotiated = self.tls.as_ref().is_some_and(|t| t.link.conn.protocol_version().is_some());
        if !negotiated {
            return Err(Error::UNAVAILABLE_DURING_HANDSHAKE);
        }
        Err(Error::INVALID_REQUEST)
    }
}

// ---- Waiting for a TLS 1.3 ticket before handing out session data ----

/// GnuTLS waits this long beyond the estimated round trip for a TLS 1.3 ticket.
const TICKET_WAIT_EXTRA: Duration = Duration::from_millis(60);


impl Session {
    /// The data that resumes this session (`gnutls_session_get_data2`). A TLS 1.3 client
    /// first waits briefly for the server's ticket, as GnuTLS does.
    pub fn session_data(&mut self, io: &dyn Channel) -> Result<Vec<u8>, Error> {
        if self.priority.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        if tls.failed.is_some() {
            return Err(Error::new(GNUTLS_E_INVALID_SESSION));
        }
        if self.role == Role::Client
            && tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3)
            && self.resume.tickets.get() == 0
            // GnuTLS does not wait under GNUTLS_NONBLOCK, nor when it cannot wait with a limit.
            && self.flags & GNUTLS_NONBLOCK == 0
            && io.can_wait()
        {
            self.wait_for_ticket(io)?;
        }
        // divergence: GnuTLS returns its 4-byte dummy when no TLS 1.3 ticket has arrived
        // (and it would not wait); our data names the slot the later ticket will fill.
        self.resume.data()
    }

    /// GnuTLS reads at most one record, for at most the estimated round trip plus 60 ms.
    fn wait_for_ticket(&mut self, io: &dyn Channel) -> Result<(), Error> {
        // A ticket may be among the records already read and not yet processed.
        self.drive(crate::link::Want::Progress)?;
        if self.resume.tickets.get() > 0 {
            return Ok(());
        }
        let ertt = self.tls.as_ref().map_or(Duration::ZERO, |t| t.ertt);
        match self.receive_until(io, Some(Instant::now() + ertt + TICKET_WAIT_EXTRA)) {
            Ok(true) => {}
            Ok(false) => return Err(Error::new(GNUTLS_E_SESSION_EOF)),
            Err(e) if e == Error::TIMEDOUT || !crate::errors::is_fatal(e.code()) => return Ok(()),
            Err(e) => return Err(e),
        }
        self.drive(crate::link::Want::Progress)?;
        if self.tls.as_ref().is_some_and(|t| t.link.peer_closed) {
            return Err(Error::new(GNUTLS_E_SESSION_EOF));
        }
        Ok(())
    }
}

impl Session {
    /// The ALPN protocols a server gives rustls for the ClientHello that came, best first
    /// (rustls takes the first): GnuTLS follows the client's order unless told otherwise,
    /// and carries on without ALPN when nothing matches (rustls would refuse the handshake).
    pub fn alpn_for_client(&self) -> Vec<&[u8]> {
        let offered: &[Vec<u8>] = self.hello_observer.client_hello.as_deref().map_or(&[], |h| &h.alpn);
        if self.alpn_flags & GNUTLS_ALPN_SERVER_PRECEDENCE != 0 {
            self.alpn.iter().filter(|p| offered.contains(p)).map(Vec::as_slice).collect()
        } else {
            offered.iter().filter(|p| self.alpn.contains(p)).map(Vec::as_slice).collect()
        }
    }

    /// `gnutls_handshake_get_last_in` (incoming) and `_out`: the type of the last handshake
    /// message received or sent during the handshake under way or the one that failed; -1
    /// before the first and, as GnuTLS clears them, once a handshake succeeded, until a TLS
    /// 1.3 ticket arrives.
    // divergence: rustls shows us no encrypted handshake message, so during a TLS 1.3
    // handshake the last one reported is a hello (GnuTLS may be further on).
    pub fn last_handshake_message(&self, incoming: bool) -> i32 {
        if let Some(position) = self.handshake_position {
            return position[usize::from(!incoming)];
        }
        let last = |o: &crate::observe::Observer| o.last.map_or(-1, i32::from);
        let Some(tls) = self.tls.as_ref() else {
            return if incoming && self.role == Role::Server { last(&self.hello_observer) } else { -1 };
        };
        // A handshake the peer's certificate failed stopped where GnuTLS verifies it.
        if matches!(tls.failed, Some(Error::CERT_VERIFICATION | Error::CERTIFICATE)) {
            return self.position_at_verification()[usize::from(!incoming)];
        }
        if !tls.established {
            return last(if incoming { &tls.incoming } else { &tls.outgoing });
        }
        let tls13 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3);
        if incoming && tls13 && self.resume.tickets.get() > 0 {
            return GNUTLS_HANDSHAKE_NEW_SESSION_TICKET as i32;
        }
        -1
    }

    /// Where GnuTLS's handshake stands when it calls the verify function: after the peer's
    /// Certificate (TLS 1.2, or its CertificateStatus) or CertificateVerify (TLS 1.3).
    pub fn position_at_verification(&self) -> [i32; 2] {
        let Some(tls) = self.tls.as_ref() else { return [-1, -1] };
        let tls13 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3);
        let received = if tls13 {
            GNUTLS_HANDSHAKE_CERTIFICATE_VERIFY
        } else if self.role == Role::Client && tls.incoming.saw(crate::observe::CERTIFICATE_STATUS) {
            GNUTLS_HANDSHAKE_CERTIFICATE_STATUS
        } else {
            GNUTLS_HANDSHAKE_CERTIFICATE_PKT
        };
        let sent = match self.role {
            Role::Client => GNUTLS_HANDSHAKE_CLIENT_HELLO,
            Role::Server if tls13 => GNUTLS_HANDSHAKE_FINISHED,
            Role::Server => GNUTLS_HANDSHAKE_SERVER_HELLO_DONE,
        };
        [received as i32, sent as i32]
    }
}

/// A plaintext handshake message that went by, for the program's hook.
pub struct HandshakeMessage {
    /// The handshake message type (`gnutls_handshake_description_t`).
    pub kind: u16,
    pub incoming: bool,
    /// The message body; empty for TLS 1.3 tickets, which arrive encrypted.
    pub body: Vec<u8>,
}

impl Session {
    /// The handshake messages seen since the last call, in the order they crossed the wire.
    // divergence: GnuTLS calls hooks around each message as it is processed; rustls
    // processes records in one go, so hooks run right after, and TLS 1.3's encrypted
    // messages other than NewSessionTicket (which comes without its body) are not reported.
    pub fn take_handshake_messages(&mut self) -> Vec<HandshakeMessage> {
        let mut stamped = Vec::new();
        // A server's ClientHello, read before its rustls connection exists.
        let hello = std::mem::take(&mut self.hello_observer.pending).into_iter();
        stamped.extend(hello.map(|(kind, body, at)| (at, HandshakeMessage { kind, incoming: true, body })));
        if let Some(tls) = self.tls.as_mut() {
            let outgoing = std::mem::take(&mut tls.outgoing.pending).into_iter().map(|(kind, body, at)| (at, HandshakeMessage { kind, incoming: false, body }));
            stamped.extend(outgoing);
            // GnuTLS tells hooks of the ChangeCipherSpec it sends, not of one it receives.
            let incoming = std::mem::take(&mut tls.incoming.pending).into_iter().filter(|(kind, ..)| *kind != crate::observe::CHANGE_CIPHER_SPEC);
            stamped.extend(incoming.map(|(kind, body, at)| (at, HandshakeMessage { kind, incoming: true, body })));
        }
        stamped.sort_by_key(|(at, _)| *at);
        let mut messages: Vec<HandshakeMessage> = stamped.into_iter().map(|(_, m)| m).collect();
        // TLS 1.3 tickets arrive encrypted; rustls hands them over without their bytes.
        for _ in 0..self.resume.unreported_tickets.replace(0) {
            messages.push(HandshakeMessage { kind: crate::observe::NEW_SESSION_TICKET.into(), incoming: true, body: Vec::new() });
        }
        messages
    }
}
