//! Sessions: the settings a program makes before the handshake (server name, credentials,
//! ALPN), what an established session says about itself (identifier, flags, randoms,
//! exporters, channel bindings), session data for resumption, and the state that the
//! handshake, record and verification modules share. The C handle that owns a `Session`
//! (with the transport cells and the program's callbacks) is `capi::session`'s.

use std::cell::{Ref, RefCell};
use std::sync::Arc;

use crate::constants::*;
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::priority::Priority;

pub use crate::context::VerifyRequest;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Client,
    Server,
}

/// The live TLS connection, created by the first `gnutls_handshake`.
pub struct Tls {
    pub link: crate::link::Link,
    /// The name a client asked a server for (SNI), as rustls would report it.
    pub server_name: Option<String>,
    pub established: bool,
    /// Bytes of a `gnutls_record_send` already encrypted whose flush hit EAGAIN; the
    /// retried call only flushes and then reports them.
    pub pending_send: Option<usize>,
    pub close_sent: bool,
    /// The peer's chain, kept so `gnutls_certificate_get_peers` can hand out stable pointers.
    pub peer_chain: Vec<Vec<u8>>,
    /// A fatal error ended the connection; later calls report it again.
    pub failed: Option<Error>,
    /// When a handshake timeout was set, the instant the handshake gives up.
    pub deadline: Option<std::time::Instant>,
    pub started: std::time::Instant,
    /// The estimated round trip: half the handshake's duration, as GnuTLS estimates it.
    pub ertt: std::time::Duration,
    /// The plaintext handshake as it arrives and as it leaves.
    pub incoming: crate::observe::Observer,
    pub outgoing: crate::observe::Observer,
    /// The identifier a client reports when the server chose none but sent a ticket, made
    /// when first asked for.
    pub own_session_id: std::cell::OnceCell<[u8; 32]>,
    /// What `gnutls_session_get_id2` last pointed the program at.
    pub reported_id: Vec<u8>,
    /// Whether each side presents an X.509 chain or a raw public key (RFC 7250).
    pub cert_types: crate::cert_types::CertTypes,
}

/// Everything about a session that only the calling thread touches, outside callbacks.
pub struct Session {
    pub role: Role,
    pub flags: u32,
    pub priority: Option<Arc<Priority>>,
    pub certificate: Option<Arc<CertificateCredentials>>,
    pub server_name: Option<String>,
    pub alpn: Vec<Vec<u8>>,
    pub alpn_flags: u32,
    pub verify: Option<VerifyRequest>,
    /// Milliseconds; 0 means no timeout.
    pub handshake_timeout_ms: u32,
    /// `gnutls_record_set_timeout`, milliseconds; 0 means none.
    pub record_timeout_ms: u32,
    /// Data that `gnutls_record_send` took while corked (`gnutls_record_cork`), and
    /// whether sends are corked now.
    pub corked: Vec<u8>,
    pub corking: bool,
    /// `gnutls_record_set_max_size`: the most plaintext a record we send carries.
    pub max_send_size: usize,
    pub tls: Option<Tls>,
    pub last_alert: Option<u8>,
    pub resume: crate::resumption::ResumeState,
    /// A server saw a resumption attempt, or a client was given data to resume.
    pub resumption_requested: bool,
    /// The OCSP response the server stapled, as rustls gave it to the verifier.
    pub stapled_ocsp: RefCell<Option<Vec<u8>>>,
    /// TLS 1.2's master secret, as rustls reports it to its key log; wiped on free.
    pub master_secret: RefCell<zeroize::Zeroizing<Vec<u8>>>,
    pub exporter_secret: RefCell<zeroize::Zeroizing<Vec<u8>>>,
    pub server: crate::server::ServerState,
    /// Anonymous or PSK credentials were set: rustls has no key exchange for them.
    pub unusable_credentials: bool,
    /// A server reads the whole ClientHello (these bytes) before it commits to a
    /// configuration, so that ALPN can follow the client's preference as GnuTLS's does.
    pub hello: Option<crate::link::Received>,
    /// The ClientHello could not be accepted; later calls report it again.
    pub accept_failed: Option<Error>,
    /// The whole ClientHello is in `hello` (a hook or the post-ClientHello function may
    /// hold the handshake after it).
    pub hello_read: bool,
    pub accept_deadline: Option<std::time::Instant>,
    pub hello_observer: crate::observe::Observer,
    /// The program hooks handshake messages (`gnutls_handshake_set_hook_function`): only
    /// then do the observers keep each message's bytes.
    pub hooked: bool,
    /// `gnutls_handshake_set_max_packet_length`: the most handshake bytes a handshake may
    /// carry, both ways (0: no limit).
    pub max_handshake_len: usize,
    /// While the program's hook or verify function runs: the last handshake messages
    /// received and sent, as GnuTLS has them at that point ([in, out], -1 for none).
    pub handshake_position: Option<[i32; 2]>,
    /// The last messages the hook was told of, [in, out].
    pub hooked_position: [i32; 2],
    pub post_hello: crate::handshake::PostHello,
    /// What the handshake found checking the peer (chain status, signature scheme).
    pub verify_status: crate::verify::HandshakeFindings,
    /// The leaf certificate we presented (`gnutls_certificate_get_ours`).
    pub our_certificate: RefCell<Vec<u8>>,
    pub key_log: crate::context::KeyLog,
    /// The program's certificate callback (`gnutls_certificate_set_retrieve_function*`), as
    /// the C surface installs it for each handshake; and its failure, which ends the handshake.
    pub retriever: Option<Box<dyn crate::retrieve::RetrievesCertificate>>,
    pub retrieve_failed: std::cell::Cell<Option<Error>>,
    /// A session whose handshake messages the program carries (QUIC), see `quic`.
    pub quic: crate::quic::QuicState,
}

/// What `gnutls_credentials_set` gives a session.
pub enum Credentials {
    /// Certificate credentials, or none (GnuTLS accepts NULL; the handshake then lacks them).
    Certificate(Option<Arc<CertificateCredentials>>),
    /// Anonymous or PSK credentials: set up as GnuTLS allows, but a handshake that needs
    /// them finds no usable suite.
    Unusable,
}

impl Session {
    pub fn new(flags: u32) -> Result<Session, Error> {
        let role = if flags & GNUTLS_SERVER != 0 { Role::Server } else { Role::Client };
        if flags & GNUTLS_DATAGRAM != 0 {
            // rustls has no DTLS.
            return Err(Error::UNIMPLEMENTED);
        }
        Ok(Session {
            role,
            flags,
            priority: None,
            certificate: None,
            server_name: None,
            alpn: Vec::new(),
            alpn_flags: 0,
            verify: None,
            handshake_timeout_ms: 0,
            record_timeout_ms: 0,
            corked: Vec::new(),
            corking: false,
            max_send_size: crate::record::MAX_RECORD_SIZE,
            tls: None,
            last_alert: None,
            resume: Default::default(),
            resumption_requested: false,
            stapled_ocsp: Default::default(),
            master_secret: Default::default(),
            exporter_secret: Default::default(),
            server: Default::default(),
            unusable_credentials: false,
            hello: None,
            accept_failed: None,
            accept_deadline: None,
            hello_observer: Default::default(),
            hello_read: false,
            hooked: false,
            // GnuTLS's MAX_HANDSHAKE_PACKET_SIZE.
            max_handshake_len: 128 * 1024,
            handshake_position: None,
            hooked_position: [-1, -1],
            post_hello: Default::default(),
            verify_status: Default::default(),
            our_certificate: Default::default(),
            key_log: Default::default(),
            retriever: None,
            retrieve_failed: Default::default(),
            quic: Default::default(),
        })
    }

    /// The rustls connection's state, TLS or QUIC.
    pub fn common(&self) -> Option<&rustls::CommonState> {
        match &self.tls {
            Some(tls) => Some(&tls.link.conn),
            None => self.quic.common(),
        }
    }

    pub fn established(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| t.established)
    }

    /// `name` None clears the name; only DNS names exist.
    pub fn set_server_name(&mut self, kind: u32, name: Option<&[u8]>) -> Result<(), Error> {
        if kind != GNUTLS_NAME_DNS {
            return Err(Error::INVALID_REQUEST);
        }
        let Some(name) = name else {
            self.server_name = None;
            return Ok(());
        };
        // GnuTLS sends the name as given; rustls needs text, and no DNS name holds a NUL.
        let name = std::str::from_utf8(name).map_err(|_| Error::INVALID_REQUEST)?;
        if name.is_empty() || name.contains('\0') {
            return Err(Error::INVALID_REQUEST);
        }
        self.server_name = Some(name.trim_end_matches('.').to_owned());
        Ok(())
    }

    pub fn set_credentials(&mut self, credentials: Credentials) {
        match credentials {
            Credentials::Certificate(c) => self.certificate = c,
            Credentials::Unusable => self.unusable_credentials = true,
        }
    }

    pub fn clear_credentials(&mut self) {
        self.certificate = None;
    }

    /// ALPN names are 1..255 bytes (RFC 7301); GnuTLS skips what does not fit.
    pub fn set_alpn(&mut self, protocols: &[&[u8]], flags: u32) {
        self.alpn_flags = flags;
        self.alpn = protocols.iter().filter(|p| !p.is_empty() && p.len() <= 255).map(|p| p.to_vec()).collect();
    }

    /// The protocol ALPN chose; rustls keeps it for the connection's life.
    pub fn alpn_selected(&self) -> Result<&[u8], Error> {
        // A server's post-ClientHello function asks before rustls has the configuration;
        // GnuTLS has chosen by then, as we will.
        if self.role == Role::Server && self.tls.is_none() {
            return self.alpn_for_client().first().copied().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        self.common().and_then(|c| c.alpn_protocol()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// Clients accept tickets unless GNUTLS_NO_TICKETS was given; this undoes that flag.
    pub fn enable_client_tickets(&mut self) {
        self.flags &= !GNUTLS_NO_TICKETS;
    }
}

// ---- Session identity and flags ----

/// ServerHello extensions whose presence GnuTLS reports as session flags.
const EXT_RENEGOTIATION_INFO: u16 = 0xff01;
const EXT_EXTENDED_MASTER_SECRET: u16 = 0x0017;
const EXT_ENCRYPT_THEN_MAC: u16 = 0x0016;
/// RFC 6066's status_request, a client's ask for a stapled OCSP response.
pub(crate) const EXT_STATUS_REQUEST: u16 = 0x0005;

impl Session {
    /// The TLS session id our ServerHello carried (a server's own choice), which keys the
    /// program's session cache.
    pub fn tls_session_id(&self) -> &[u8] {
        self.tls.as_ref().and_then(|t| t.outgoing.server_hello.as_ref()).map_or(&[], |h| h.session_id.as_slice())
    }

    /// The session identifier: on a client, the one the server's ServerHello carried (the
    /// server's choice under TLS 1.2, the echo of our compatibility-mode identifier under
    /// TLS 1.3), read off the wire because rustls does not expose it.
    pub fn session_id(&self) -> Vec<u8> {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return Vec::new() };
        if self.role == Role::Server {
            return self.server.persistent_id.borrow().clone().unwrap_or_default();
        }
        let from_server = tls.incoming.server_hello.as_ref().map_or(&[][..], |h| h.session_id.as_slice());
        // A TLS 1.2 server that issues a ticket may send no identifier; GnuTLS's client
        // then makes up its own random one (RFC 5077 section 3.4), and so do we.
        if from_server.is_empty() && tls.incoming.saw(crate::observe::NEW_SESSION_TICKET) {
            let id = tls.own_session_id.get_or_init(|| {
                let mut id = [0u8; 32];
                let _ = crate::global::random(&mut id);
                id
            });
            return id.to_vec();
        }
        from_server.to_vec()
    }

    /// The identifier, kept in the session so that it stays put while the session lives
    /// (`gnutls_session_get_id2` points the program at it); empty before the handshake.
    pub fn stored_session_id(&mut self) -> &[u8] {
        let id = self.session_id();
        match self.tls.as_mut().filter(|t| t.established) {
            Some(t) => {
                t.reported_id = id;
                &t.reported_id
            }
            None => &[],
        }
    }

    pub fn session_flags(&self) -> u32 {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return 0 };
        let tls12 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_2);
        let hello = self.server_hello(tls);
        let sent = |ext: u16| tls12 && hello.is_some_and(|h| h.has_extension(ext));
        let mut flags = 0;
        if sent(EXT_RENEGOTIATION_INFO) {
            flags |= GNUTLS_SFLAGS_SAFE_RENEGOTIATION;
        }
        if self.ext_master_secret() {
            flags |= GNUTLS_SFLAGS_EXT_MASTER_SECRET;
        }
        if sent(EXT_ENCRYPT_THEN_MAC) {
            flags |= GNUTLS_SFLAGS_ETM;
        }
        let tls12_ticket = tls.incoming.saw(crate::observe::NEW_SESSION_TICKET);
        if self.resume.tickets.get() > 0 || tls12_ticket {
            flags |= GNUTLS_SFLAGS_SESSION_TICKET;
        }
        // rustls always asks the server for OCSP stapling (status_request), as GnuTLS does;
        // a server reports whether its client asked.
        let client_asked = tls.incoming.client_hello.as_ref().is_some_and(|h| h.extensions.contains(&EXT_STATUS_REQUEST));
        if self.role == Role::Client || client_asked {
            flags |= GNUTLS_SFLAGS_CLI_REQUESTED_OCSP;
        }
        flags
    }

    /// Both hello randoms (client, server); empty before they were seen.
    pub fn randoms(&self) -> (&[u8], &[u8]) {
        let Some(tls) = self.tls.as_ref() else { return (&[], &[]) };
        // A client sent the ClientHello and read the ServerHello; a server the other way.
        let (hello_out, hello_in) = match self.role {
            Role::Client => (&tls.outgoing, &tls.incoming),
            Role::Server => (&tls.incoming, &tls.outgoing),
        };
        let client = hello_out.client_random.as_ref().map_or(&[][..], |r| &r[..]);
        let server = hello_in.server_hello.as_ref().map_or(&[][..], |h| &h.random[..]);
        (client, server)
    }

    /// TLS 1.2's master secret (the bytes stay put until the next handshake replaces them).
    // divergence: under TLS 1.3 this is empty; GnuTLS returns 48 bytes of its own derivation.
    pub fn master_secret(&self) -> Ref<'_, [u8]> {
        Ref::map(self.master_secret.borrow(), |s| s.as_slice())
    }

    /// A client cannot choose the session identifier it sends: rustls offers no way to.
    pub fn set_session_id(&self, id: &[u8]) -> Result<(), Error> {
        if self.role == Role::Server || id.len() > GNUTLS_MAX_SESSION_ID_SIZE as usize {
            return Err(Error::INVALID_REQUEST);
        }
        Err(Error::UNIMPLEMENTED)
    }

    /// The certificate we sent the peer, if we sent one on an established session (the
    /// bytes stay put until the next handshake replaces them).
    pub fn sent_certificate(&self) -> Option<Ref<'_, [u8]>> {
        let cert = Ref::map(self.our_certificate.borrow(), |c| c.as_slice());
        (!cert.is_empty() && self.established()).then_some(cert)
    }

    /// RFC 5929 tls-server-end-point and RFC 9266 tls-exporter bindings; tls-unique needs
    /// the Finished message, which rustls does not expose.
    pub fn channel_binding(&self, kind: u32) -> Result<Vec<u8>, Error> {
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
        match kind {
            GNUTLS_CB_TLS_SERVER_END_POINT => {
                let server_cert = match self.role {
                    Role::Client => tls.peer_chain.first().cloned(),
                    Role::Server => Some(self.our_certificate.borrow().clone()).filter(|c| !c.is_empty()),
                }
                .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
                let cert = crate::x509::core::Certificate::from_der(&server_cert).map_err(Error::new)?;
                // RFC 5929 section 4.1: the certificate's own hash, but SHA-256 for MD5 and SHA-1.
                let hash = match crate::algorithms::sign_hash(cert.signature_algorithm()) {
                    GNUTLS_DIG_MD5 | GNUTLS_DIG_SHA1 | GNUTLS_DIG_UNKNOWN => GNUTLS_DIG_SHA256,
                    other => other,
                };
                cert.fingerprint(hash as i32).map_err(Error::new)
            }
            GNUTLS_CB_TLS_EXPORTER => {
                let mut key = vec![0u8; 32];
                self.export_keying_material(&mut key[..], b"EXPORTER-Channel-Binding", Some(&[]))?;
                Ok(key)
            }
            _ => Err(Error::UNIMPLEMENTED),
        }
    }

    /// RFC 5705 keying material for the established connection.
    pub fn export_keying_material(&self, out: &mut [u8], label: &[u8], context: Option<&[u8]>) -> Result<(), Error> {
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
        let (hash, tls13) = match tls.link.conn.negotiated_cipher_suite().ok_or(Error::INVALID_REQUEST)? {
            rustls::SupportedCipherSuite::Tls12(s) => (s.common.hash_provider.algorithm(), false),
            rustls::SupportedCipherSuite::Tls13(s) => (s.common.hash_provider.algorithm(), true),
        };
        if tls13 {
            return crate::crypto::exporter::tls13(hash, &self.exporter_secret.borrow(), label, context, out);
        }
        let (client, server) = match self.role {
            Role::Client => (&tls.outgoing, &tls.incoming),
            Role::Server => (&tls.incoming, &tls.outgoing),
        };
        let client_random = client.client_random.ok_or(Error::INVALID_REQUEST)?;
        let server_random = server.server_hello.as_ref().ok_or(Error::INVALID_REQUEST)?.random;
        crate::crypto::exporter::tls12(hash, &self.master_secret.borrow(), (client_random, server_random), label, context, out)
    }

    /// `gnutls_prf`: TLS 1.2's PRF over the master secret with both randoms (the server's
    /// first if asked) and `extra` as the seed; under TLS 1.3 only what is RFC 5705's
    /// exporter without a context, as GnuTLS allows.
    pub fn prf(&self, label: &[u8], server_random_first: bool, extra: Option<&[u8]>, out: &mut [u8]) -> Result<(), Error> {
        if self.tls13() {
            if extra.is_none() && !server_random_first {
                return self.export_keying_material(out, label, None);
            }
            return Err(Error::INVALID_REQUEST);
        }
        let (client, server) = self.randoms();
        if client.len() != 32 || server.len() != 32 {
            return Err(Error::INVALID_REQUEST);
        }
        let mut seed = if server_random_first { [server, client].concat() } else { [client, server].concat() };
        seed.extend_from_slice(extra.unwrap_or_default());
        self.prf_raw(label, &seed, out)
    }

    /// `gnutls_prf_raw`: TLS 1.2's PRF over the master secret with the caller's seed.
    pub fn prf_raw(&self, label: &[u8], seed: &[u8], out: &mut [u8]) -> Result<(), Error> {
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
        let hash = match tls.link.conn.negotiated_cipher_suite().ok_or(Error::INVALID_REQUEST)? {
            rustls::SupportedCipherSuite::Tls12(s) => s.common.hash_provider.algorithm(),
            rustls::SupportedCipherSuite::Tls13(_) => return Err(Error::INVALID_REQUEST),
        };
        crate::crypto::exporter::prf12(hash, &self.master_secret.borrow(), label, seed, out)
    }
}

// ---- Resumption: session data (see resumption.rs for what it names, handshake.rs for
// how a client waits for its ticket) ----

impl Session {
    /// Offers the session that `data` names for resumption (`gnutls_session_set_data`).
    pub fn set_session_data(&mut self, data: &[u8]) -> Result<(), Error> {
        let Some(handle) = crate::resumption::parse_data(data)? else { return Ok(()) };
        // GnuTLS takes data for a later handshake of this session; rustls makes none (no
        // renegotiation), so good data is accepted and has no use.
        if self.tls.is_some() {
            return Ok(());
        }
        self.resume.offer(handle);
        self.resumption_requested = true;
        Ok(())
    }

    pub fn is_resumed(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| t.established && t.link.conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed))
    }

    /// Always false on a client, as in GnuTLS; a server reports whether the client asked.
    pub fn client_asked_to_resume(&self) -> bool {
        self.role == Role::Server && self.resumption_requested
    }
}

// ---- Server settings (see server.rs) ----

impl Session {
    /// `gnutls_certificate_server_set_request`; other values are ignored, as in GnuTLS.
    pub fn set_certificate_request(&mut self, request: u32) {
        if matches!(request, GNUTLS_CERT_IGNORE | GNUTLS_CERT_REQUEST | GNUTLS_CERT_REQUIRE) {
            self.server.request = request;
        }
    }

    /// The answer of the program's certificate callback, asked once the ClientHello is in
    /// (GnuTLS asks as it selects the certificate, after the post-ClientHello function). A
    /// failure or no certificate leaves GnuTLS no usable cipher suite: it ends the handshake
    /// with GNUTLS_E_NO_CIPHER_SUITES.
    pub fn server_chose(&mut self, answer: Result<Option<crate::retrieve::Chosen>, Error>) -> Result<(), Error> {
        let no_suite = Error::new(GNUTLS_E_NO_CIPHER_SUITES);
        let chosen = answer.map_err(|_| no_suite)?.ok_or(no_suite)?;
        self.server.chosen_raw = chosen.raw;
        self.server.chosen = Some(chosen.certified()?);
        Ok(())
    }

    /// Whether the server's CertificateRequest came (rustls asked us for a certificate).
    pub fn certificate_requested(&self) -> bool {
        self.role == Role::Client && self.verify_status.requested.borrow().is_some()
    }

    /// The client's SNI (index 0 only; there is one name type).
    pub fn requested_server_name(&self, index: u32) -> Result<&str, Error> {
        if self.role != Role::Server {
            return Err(Error::INVALID_REQUEST);
        }
        // Before the connection exists (a post-ClientHello function asks), the name is the
        // one the ClientHello carries.
        let from_hello = || self.hello_observer.client_hello.as_ref().and_then(|h| h.server_name.as_deref());
        match (&self.tls, index) {
            (Some(tls), 0) => tls.server_name.as_deref(),
            (None, 0) => from_hello(),
            _ => None,
        }
        .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    // divergence: GnuTLS derives a new key from the master key every 3 x expiration
    // (lib/stek.c); we use the master key's cipher part for the life of the session, which
    // keeps servers that share the key interchangeable.
    pub fn enable_server_tickets(&mut self, key: &[u8]) -> Result<(), Error> {
        if self.role != Role::Server {
            return Err(Error::INVALID_REQUEST);
        }
        self.server.ticket_key = Some(Arc::new(crate::server::TicketKey::new(key)?));
        self.flags &= !GNUTLS_NO_TICKETS;
        Ok(())
    }

    /// rustls sends its TLS 1.3 tickets when the handshake completes and offers no way to
    /// send more later.
    pub fn send_tickets(&self, count: u32) -> Result<(), Error> {
        if self.role != Role::Server || count == 0 {
            return Err(Error::INVALID_REQUEST);
        }
        Err(Error::UNIMPLEMENTED)
    }
}

impl Session {
    /// `gnutls_priority_set`: the session's handshakes use these priorities.
    pub fn set_priority(&mut self, priority: Arc<Priority>) {
        self.priority = Some(priority);
    }
}

impl Session {
    /// `gnutls_ciphersuite_get`: the IANA name of the suite once a handshake is done (none
    /// while one is in progress, as GnuTLS).
    pub fn ciphersuite_name(&self) -> Option<&'static std::ffi::CStr> {
        let tls = self.tls.as_ref().filter(|t| t.established)?;
        crate::algorithms::canonical_suite_name(tls.link.conn.negotiated_cipher_suite()?.suite())
    }

    /// The negotiated algorithms of an established session.
    pub fn negotiated(&self) -> Option<crate::algorithms::Negotiated> {
        let conn = self.common()?;
        let (cipher, kx, mac) = crate::algorithms::suite_parts(conn.negotiated_cipher_suite()?.suite())?;
        let version = match conn.protocol_version()? {
            rustls::ProtocolVersion::TLSv1_2 => GNUTLS_TLS1_2,
            rustls::ProtocolVersion::TLSv1_3 => GNUTLS_TLS1_3,
            _ => GNUTLS_VERSION_UNKNOWN,
        };
        // GnuTLS reports ECDHE-RSA for a TLS 1.3 (EC)DHE handshake whatever the certificate.
        let kx = if version == GNUTLS_TLS1_3 { GNUTLS_KX_ECDHE_RSA } else { kx };
        Some(crate::algorithms::Negotiated { cipher, kx, mac, version })
    }
}

impl Session {
    /// `gnutls_prf_hash_get`: the hash of the negotiated suite's PRF (TLS 1.2) or key
    /// schedule (TLS 1.3); unknown until a suite is negotiated.
    pub fn prf_hash(&self) -> gnutls_digest_algorithm_t {
        use rustls::crypto::hash::HashAlgorithm as H;
        let hash = match self.common().and_then(|c| c.negotiated_cipher_suite()) {
            Some(rustls::SupportedCipherSuite::Tls13(s)) => s.common.hash_provider.algorithm(),
            Some(rustls::SupportedCipherSuite::Tls12(s)) => s.common.hash_provider.algorithm(),
            None => return GNUTLS_DIG_UNKNOWN,
        };
        match hash {
            H::SHA256 => GNUTLS_DIG_SHA256,
            H::SHA384 => GNUTLS_DIG_SHA384,
            H::SHA512 => GNUTLS_DIG_SHA512,
            _ => GNUTLS_DIG_UNKNOWN,
        }
    }
}

// ---- What an established session negotiated, beyond the suite (gnutls_session_get_desc) ----

/// RFC 5746's renegotiation_info extension.
const RENEGOTIATION_INFO: u16 = 0xff01;
/// `gnutls_session_get_desc`'s buffer: GnuTLS cuts the description to 95 bytes.
const DESC_SIZE: usize = 96;

impl Session {
    /// `gnutls_group_get`: the key-exchange group of the handshake, if it had one.
    pub fn negotiated_group(&self) -> gnutls_group_t {
        let tls = self.tls.as_ref().filter(|t| t.established);
        tls.and_then(|t| t.link.conn.negotiated_key_exchange_group())
            .map_or(GNUTLS_GROUP_INVALID, |g| crate::algorithms::group_from_tls(u16::from(g.name())))
    }

    /// `gnutls_ecc_curve_get`: the group when it is an elliptic curve.
    pub fn negotiated_curve(&self) -> gnutls_ecc_curve_t {
        let group = self.negotiated_group();
        if crate::algorithms::group_is_curve(group) {
            group
        } else {
            GNUTLS_ECC_CURVE_INVALID
        }
    }

    /// Whether TLS 1.3 was negotiated.
    pub fn tls13(&self) -> bool {
        self.negotiated().is_some_and(|n| n.version == GNUTLS_TLS1_3)
    }

    /// A recorded TLS signature scheme as GnuTLS names it under the negotiated version.
    fn signature_of(&self, scheme: Option<u16>) -> gnutls_sign_algorithm_t {
        let tls13 = self.tls13();
        scheme.map_or(GNUTLS_SIGN_UNKNOWN, |code| crate::algorithms::sign_from_tls(code, tls13))
    }

    /// `gnutls_sign_algorithm_get`: the server's handshake signature, as either side saw it.
    pub fn server_signature(&self) -> gnutls_sign_algorithm_t {
        match self.role {
            Role::Client => self.signature_of(self.verify_status.signature.get()),
            Role::Server => self.signature_of(self.verify_status.own_signature.get()),
        }
    }

    /// `gnutls_sign_algorithm_get_client`: the client's CertificateVerify, if it sent one.
    pub fn client_signature(&self) -> gnutls_sign_algorithm_t {
        match self.role {
            Role::Server => self.signature_of(self.verify_status.signature.get()),
            Role::Client => self.signature_of(self.verify_status.own_signature.get()),
        }
    }

    /// `gnutls_sign_algorithm_get_requested`: the `index`th signature algorithm (that GnuTLS
    /// knows) of the server's certificate request.
    // divergence: rustls hands over only the requested schemes it can sign with under the
    // negotiated version (no PKCS#1 under TLS 1.3, no RSA-PSS-PSS), GnuTLS all it knows.
    pub fn requested_signature(&self, index: usize) -> Result<gnutls_sign_algorithm_t, Error> {
        let tls13 = self.tls13();
        let requested = self.verify_status.requested.borrow();
        let known = requested.iter().flatten().map(|code| crate::algorithms::sign_from_tls(*code, tls13)).filter(|s| *s != 0);
        known.into_iter().nth(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// `gnutls_auth_server_get_type` / `_client_get_type`: every handshake rustls completes
    /// authenticates with certificates (a resumed one inherits them), as GnuTLS reports it.
    pub fn auth_type(&self) -> gnutls_credentials_type_t {
        if self.established() {
            GNUTLS_CRD_CERTIFICATE
        } else {
            0
        }
    }

    /// `gnutls_safe_renegotiation_status`: under TLS 1.2, whether the ServerHello carried
    /// renegotiation_info (rustls's server sends it when the client offered it); TLS 1.3 has
    /// no renegotiation.
    pub fn safe_renegotiation(&self) -> bool {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return false };
        if self.negotiated().is_none_or(|n| n.version != GNUTLS_TLS1_2) {
            return false;
        }
        self.server_hello(tls).is_some_and(|h| h.has_extension(RENEGOTIATION_INFO))
    }

    /// The ServerHello of the connection: the one read (a client) or sent (a server).
    fn server_hello<'a>(&self, tls: &'a Tls) -> Option<&'a crate::observe::ServerHello> {
        match self.role {
            Role::Client => tls.incoming.server_hello.as_deref(),
            Role::Server => tls.outgoing.server_hello.as_deref(),
        }
    }

    /// `gnutls_session_ext_master_secret_status`: the extended master secret (RFC 7627) as
    /// GnuTLS records it: a client when the TLS 1.2 ServerHello carried it, a server when
    /// the ClientHello offered it, under TLS 1.3 too.
    pub fn ext_master_secret(&self) -> bool {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return false };
        match self.role {
            Role::Server => tls.incoming.client_hello.as_ref().is_some_and(|h| h.has_extension(EXT_EXTENDED_MASTER_SECRET)),
            Role::Client => {
                let tls12 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_2);
                tls12 && self.server_hello(tls).is_some_and(|h| h.has_extension(EXT_EXTENDED_MASTER_SECRET))
            }
        }
    }

    /// `gnutls_dh_get_prime_bits`: the finite-field group's size; 0 after an ECDHE handshake.
    pub fn dh_prime_bits(&self) -> Result<u32, Error> {
        if self.auth_type() == 0 {
            return Err(Error::INVALID_REQUEST);
        }
        Ok(match self.negotiated_group() {
            GNUTLS_GROUP_FFDHE2048 => 2048,
            GNUTLS_GROUP_FFDHE3072 => 3072,
            GNUTLS_GROUP_FFDHE4096 => 4096,
            GNUTLS_GROUP_FFDHE6144 => 6144,
            GNUTLS_GROUP_FFDHE8192 => 8192,
            _ => 0,
        })
    }

    /// `gnutls_dh_get_secret_bits` and `_peers_public_bits`: GnuTLS keeps no
    /// finite-field values after an ECDHE handshake (0, and the failed scan of an empty
    /// number); rustls keeps none after an FFDHE one either, so those have no answer.
    pub fn dh_key_bits(&self, peers_public: bool) -> Result<i32, Error> {
        if self.dh_prime_bits()? != 0 {
            return Err(Error::UNIMPLEMENTED);
        }
        Ok(if peers_public { GNUTLS_E_MPI_SCAN_FAILED } else { 0 })
    }

    /// `gnutls_dh_get_group`: (generator, prime) of the finite-field group; both empty
    /// after an ECDHE handshake, as in GnuTLS.
    pub fn dh_group(&self) -> Result<(&'static [u8], &'static [u8]), Error> {
        let bits = self.dh_prime_bits()?;
        if bits == 0 {
            return Ok((&[], &[]));
        }
        let group = crate::dh_groups::FFDHE.iter().find(|g| g.bits == bits).ok_or(Error::INTERNAL)?;
        Ok((group.generator, group.prime))
    }

    /// `gnutls_dh_get_pubkey`: empty after an ECDHE handshake; rustls keeps no peer share of
    /// a finite-field one.
    pub fn dh_peer_public_key(&self) -> Result<&'static [u8], Error> {
        match self.dh_prime_bits()? {
            0 => Ok(&[]),
            _ => Err(Error::UNIMPLEMENTED),
        }
    }

    /// `gnutls_certificate_type_get2`: the certificate type of a side (GNUTLS_CTYPE_*),
    /// X.509 until a handshake negotiates otherwise.
    pub fn certificate_type(&self, target: u32) -> u32 {
        let types = self.tls.as_ref().map(|t| t.cert_types).unwrap_or_default();
        types.get(target, self.role == Role::Server)
    }

    /// `gnutls_session_get_desc`, in GnuTLS's format, e.g.
    /// "(TLS1.3)-(ECDHE-SECP256R1)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM)"; TLS 1.2 adds the
    /// MAC unless it is AEAD. None before the handshake.
    pub fn description(&self) -> Option<String> {
        use crate::algorithms::*;
        let n = self.negotiated().filter(|_| self.established())?;
        let group = self.negotiated_group();
        let group_name = group_name(group).map(|g| g.to_string_lossy());
        let sign = sign_name(self.server_signature()).map(|s| s.to_string_lossy());
        // A resumed session made no signature: GnuTLS then shows no key exchange under
        // TLS 1.3 (its PSK form is for external PSKs, which rustls does not do).
        let kx = if n.version == GNUTLS_TLS1_3 {
            match (&group_name, &sign) {
                (Some(g), Some(s)) => format!("({}-{g})-({s})", if group_is_curve(group) { "ECDHE" } else { "DHE" }),
                _ => String::new(),
            }
        } else {
            let ecdhe = matches!(n.kx, GNUTLS_KX_ECDHE_RSA | GNUTLS_KX_ECDHE_ECDSA | GNUTLS_KX_ECDHE_PSK);
            match (&group_name, &sign) {
                (Some(g), Some(s)) if ecdhe => format!("(ECDHE-{g})-({s})"),
                (Some(g), None) if ecdhe => format!("(ECDHE-{g})"),
                _ => format!("({})", kx_name(n.kx)?.to_string_lossy()),
            }
        };
        let mut version = protocol_name(n.version)?.to_string_lossy().into_owned();
        // With raw public keys enabled GnuTLS names the certificate types: once when both
        // sides use the same, else the client's then the server's.
        if self.flags & GNUTLS_ENABLE_RAWPK != 0 {
            let name = |t| certificate_type_name(t).map_or("".into(), |n| n.to_string_lossy());
            let (client, server) = (self.certificate_type(GNUTLS_CTYPE_CLIENT), self.certificate_type(GNUTLS_CTYPE_SERVER));
            version.push('-');
            version.push_str(&name(client));
            if client != server {
                version.push('-');
                version.push_str(&name(server));
            }
        }
        let cipher = cipher_name(n.cipher).map_or("".into(), |c| c.to_string_lossy());
        let mut desc = match n.mac {
            GNUTLS_MAC_AEAD => format!("({version})-{kx}-({cipher})"),
            mac => format!("({version})-{kx}-({cipher})-({})", mac_name(mac).map_or("".into(), |m| m.to_string_lossy())),
        };
        desc.truncate(DESC_SIZE - 1);
        Some(desc)
    }
}
