//! Sessions: `gnutls_init`/`gnutls_deinit`, the settings a program makes before the
//! handshake (server name, credentials, ALPN, user pointer), and the state that the
//! handshake, record and verification modules share.

use std::cell::{Cell, UnsafeCell};
use std::sync::Arc;

use libc::{c_int, c_uint, c_void, size_t};

use crate::constants::*;
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::ffi::{borrow_shared, bytes_arg, clone_shared, code, guard, out};
use crate::priority::Priority;
use crate::transport::TransportCells;
use crate::types::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Client,
    Server,
}

/// What `gnutls_session_set_verify_cert` asked for: the handshake fails unless the peer's
/// chain verifies (for this host, if one was given).
#[derive(Clone, Debug, Default)]
pub struct VerifyRequest {
    pub hostname: Option<String>,
    pub flags: c_uint,
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
    pub peer_datums: Vec<gnutls_datum_t>,
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
    /// The identifier a client reports when the server chose none but sent a ticket.
    pub own_session_id: [u8; 32],
    /// What `gnutls_session_get_id2` last pointed the program at.
    pub reported_id: Vec<u8>,
}

/// Everything about a session that only the calling thread touches, outside callbacks.
pub struct Session {
    pub role: Role,
    pub flags: c_uint,
    pub priority: Option<Arc<Priority>>,
    pub certificate: Option<Arc<CertificateCredentials>>,
    pub server_name: Option<String>,
    pub alpn: Vec<Vec<u8>>,
    pub alpn_flags: c_uint,
    pub verify: Option<VerifyRequest>,
    /// Milliseconds; 0 means no timeout.
    pub handshake_timeout_ms: u32,
    pub tls: Option<Tls>,
    pub last_alert: Option<u8>,
    pub resume: crate::resumption::ResumeState,
    /// A server saw a resumption attempt, or a client was given data to resume.
    pub resumption_requested: bool,
    pub hook: Option<crate::handshake::Hook>,
    /// The OCSP response the server stapled, as rustls gave it to the verifier.
    pub stapled_ocsp: std::cell::RefCell<Option<Vec<u8>>>,
    /// TLS 1.2's master secret, as rustls reports it to its key log; wiped on free.
    pub master_secret: std::cell::RefCell<zeroize::Zeroizing<Vec<u8>>>,
    pub exporter_secret: std::cell::RefCell<zeroize::Zeroizing<Vec<u8>>>,
    pub server: crate::server::ServerState,
    /// Anonymous or PSK credentials were set: rustls has no key exchange for them.
    pub unusable_credentials: bool,
    /// A server reads the whole ClientHello (these bytes) before it commits to a
    /// configuration, so that ALPN can follow the client's preference as GnuTLS's does.
    pub hello: Option<Vec<u8>>,
    /// The ClientHello could not be accepted; later calls report it again.
    pub accept_failed: Option<Error>,
    pub accept_deadline: Option<std::time::Instant>,
    pub hello_observer: crate::observe::Observer,
    pub verify_status: std::cell::Cell<Option<u32>>,
    /// The leaf certificate we presented (`gnutls_certificate_get_ours`).
    pub our_certificate: std::cell::RefCell<Vec<u8>>,
    pub our_certificate_datum: gnutls_datum_t,
}

/// The object behind `gnutls_session_t`.
pub struct gnutls_session_int {
    /// Touched by transport callbacks while a call is in progress.
    pub transport: TransportCells,
    pub user_ptr: Cell<*mut c_void>,
    state: UnsafeCell<Session>,
}

impl gnutls_session_int {
    /// The session state. Callbacks into the application only reach the cells above, so
    /// no second reference to the state exists while this one is used.
    #[allow(clippy::mut_from_ref)]
    pub fn state(&self) -> &mut Session {
        // SAFETY: see above; sessions are used from one thread at a time, as GnuTLS requires.
        unsafe { &mut *self.state.get() }
    }
}

/// Borrows a session handle's state.
pub unsafe fn state_of<'a>(p: gnutls_session_t) -> Result<&'a mut Session, Error> {
    Ok(borrow_shared(p as *const gnutls_session_int)?.state())
}

/// Borrows a session handle (state plus transport cells).
pub unsafe fn handle<'a>(p: gnutls_session_t) -> Result<&'a gnutls_session_int, Error> {
    borrow_shared(p as *const gnutls_session_int)
}

impl Session {
    pub fn new(flags: c_uint) -> Result<Session, Error> {
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
            tls: None,
            last_alert: None,
            resume: Default::default(),
            resumption_requested: false,
            hook: None,
            stapled_ocsp: Default::default(),
            master_secret: Default::default(),
            exporter_secret: Default::default(),
            server: Default::default(),
            unusable_credentials: false,
            hello: None,
            accept_failed: None,
            accept_deadline: None,
            hello_observer: Default::default(),
            verify_status: Default::default(),
            our_certificate: Default::default(),
            our_certificate_datum: gnutls_datum_t { data: std::ptr::null_mut(), size: 0 },
        })
    }

    pub fn established(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| t.established)
    }

    pub fn set_server_name(&mut self, name: &[u8]) -> Result<(), Error> {
        // GnuTLS sends the name as given; rustls needs text, and no DNS name holds a NUL.
        let name = std::str::from_utf8(name).map_err(|_| Error::INVALID_REQUEST)?;
        if name.is_empty() || name.contains('\0') {
            return Err(Error::INVALID_REQUEST);
        }
        self.server_name = Some(name.trim_end_matches('.').to_owned());
        Ok(())
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_init(session: *mut gnutls_session_t, flags: c_uint) -> c_int {
    guard("gnutls_init", || {
        code((|| {
            if session.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            crate::global::log(3, &format!("HSK: gnutls_init flags 0x{flags:x}"));
            let state = Session::new(flags)?;
            let handle = Box::new(gnutls_session_int {
                transport: TransportCells::default(),
                user_ptr: Cell::new(std::ptr::null_mut()),
                state: UnsafeCell::new(state),
            });
            let mut t = handle.transport.config.get();
            t.no_signal = flags & GNUTLS_NO_SIGNAL != 0;
            handle.transport.config.set(t);
            *session = Box::into_raw(handle);
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_deinit(session: gnutls_session_t) {
    guard("gnutls_deinit", || {
        if !session.is_null() {
            drop(Box::from_raw(session));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_set_ptr(session: gnutls_session_t, ptr: *mut c_void) {
    guard("gnutls_session_set_ptr", || {
        if let Ok(h) = handle(session) {
            h.user_ptr.set(ptr)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_ptr(session: gnutls_session_t) -> *mut c_void {
    guard("gnutls_session_get_ptr", || handle(session).map_or(std::ptr::null_mut(), |h| h.user_ptr.get()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_server_name_set(
    session: gnutls_session_t,
    type_: gnutls_server_name_type_t,
    name: *const c_void,
    name_length: size_t,
) -> c_int {
    guard("gnutls_server_name_set", || {
        code((|| {
            let s = state_of(session)?;
            if type_ != GNUTLS_NAME_DNS {
                return Err(Error::INVALID_REQUEST);
            }
            if name.is_null() && name_length == 0 {
                s.server_name = None;
                return Ok(());
            }
            s.set_server_name(bytes_arg(name, name_length)?)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_credentials_set(
    session: gnutls_session_t,
    type_: gnutls_credentials_type_t,
    cred: *mut c_void,
) -> c_int {
    guard("gnutls_credentials_set", || {
        code((|| {
            let s = state_of(session)?;
            match type_ {
                // GnuTLS accepts NULL here; the handshake then lacks credentials.
                GNUTLS_CRD_CERTIFICATE if cred.is_null() => {
                    s.certificate = None;
                    Ok(())
                }
                GNUTLS_CRD_CERTIFICATE => {
                    s.certificate = Some(clone_shared(cred as *const gnutls_certificate_credentials_st)?);
                    Ok(())
                }
                // Set up as GnuTLS allows; a handshake that needs them finds no usable suite.
                GNUTLS_CRD_ANON | GNUTLS_CRD_PSK if !cred.is_null() => {
                    s.unusable_credentials = true;
                    Ok(())
                }
                GNUTLS_CRD_SRP => Err(Error::UNIMPLEMENTED),
                _ => Err(Error::INVALID_REQUEST),
            }
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_credentials_clear(session: gnutls_session_t) {
    guard("gnutls_credentials_clear", || {
        if let Ok(s) = state_of(session) {
            s.certificate = None;
        }
    })
}

/// Accepted for compatibility: it only relaxes GnuTLS's record-size and padding checks,
/// which rustls does not make stricter than the standard in the first place.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_enable_compatibility_mode(session: gnutls_session_t) {
    guard("gnutls_session_enable_compatibility_mode", || {
        let _ = session;
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_alpn_set_protocols(
    session: gnutls_session_t,
    protocols: *const gnutls_datum_t,
    protocols_size: c_uint,
    flags: c_uint,
) -> c_int {
    guard("gnutls_alpn_set_protocols", || {
        code((|| {
            let s = state_of(session)?;
            s.alpn_flags = flags;
            if protocols_size > 0 && protocols.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let mut list = Vec::new();
            for i in 0..protocols_size as usize {
                let p = gnutls_datum_t::as_slice(protocols.add(i)).ok_or(Error::INVALID_REQUEST)?;
                // ALPN names are 1..255 bytes (RFC 7301); GnuTLS skips what does not fit.
                if !p.is_empty() && p.len() <= 255 {
                    list.push(p.to_vec());
                }
            }
            s.alpn = list;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_alpn_get_selected_protocol(session: gnutls_session_t, protocol: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_alpn_get_selected_protocol", || {
        code((|| {
            let s = state_of(session)?;
            if protocol.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let tls = s.tls.as_ref().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            let p = tls.link.conn.alpn_protocol().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            // GnuTLS points into session storage (not to be freed); rustls keeps it for the
            // connection's life, as long as the session.
            out(protocol, gnutls_datum_t { data: p.as_ptr() as *mut u8, size: p.len() as c_uint });
            Ok(())
        })())
    })
}

// ---- Session identity and flags ----

/// ServerHello extensions whose presence GnuTLS reports as session flags.
const EXT_RENEGOTIATION_INFO: u16 = 0xff01;
const EXT_EXTENDED_MASTER_SECRET: u16 = 0x0017;
const EXT_ENCRYPT_THEN_MAC: u16 = 0x0016;

impl Session {
    /// The session identifier: on a client, the one the server's ServerHello carried (the
    /// server's choice under TLS 1.2, the echo of our compatibility-mode identifier under
    /// TLS 1.3), read off the wire because rustls does not expose it.
    /// The TLS session id our ServerHello carried (a server's own choice).
    pub fn tls_session_id(&self) -> &[u8] {
        self.tls.as_ref().and_then(|t| t.outgoing.server_hello.as_ref()).map_or(&[], |h| h.session_id.as_slice())
    }

    pub fn session_id(&self) -> Vec<u8> {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return Vec::new() };
        if self.role == Role::Server {
            return self.server.persistent_id.borrow().clone().unwrap_or_default();
        }
        let from_server = tls.incoming.server_hello.as_ref().map_or(&[][..], |h| h.session_id.as_slice());
        // A TLS 1.2 server that issues a ticket may send no identifier; GnuTLS's client
        // then makes up its own random one (RFC 5077 section 3.4), and so do we.
        if from_server.is_empty() && tls.incoming.saw(crate::observe::NEW_SESSION_TICKET) {
            return tls.own_session_id.to_vec();
        }
        from_server.to_vec()
    }

    pub fn session_flags(&self) -> c_uint {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established) else { return 0 };
        let tls12 = tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_2);
        let hello = tls.incoming.server_hello.clone().unwrap_or_default();
        let mut flags = 0;
        if tls12 && hello.has_extension(EXT_RENEGOTIATION_INFO) {
            flags |= GNUTLS_SFLAGS_SAFE_RENEGOTIATION;
        }
        if tls12 && hello.has_extension(EXT_EXTENDED_MASTER_SECRET) {
            flags |= GNUTLS_SFLAGS_EXT_MASTER_SECRET;
        }
        if tls12 && hello.has_extension(EXT_ENCRYPT_THEN_MAC) {
            flags |= GNUTLS_SFLAGS_ETM;
        }
        let tls12_ticket = tls.incoming.saw(crate::observe::NEW_SESSION_TICKET);
        if self.resume.tickets.get() > 0 || tls12_ticket {
            flags |= GNUTLS_SFLAGS_SESSION_TICKET;
        }
        // rustls always asks the server for OCSP stapling (status_request), as GnuTLS does.
        if self.role == Role::Client {
            flags |= GNUTLS_SFLAGS_CLI_REQUESTED_OCSP;
        }
        flags
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_id(session: gnutls_session_t, session_id: *mut c_void, session_id_size: *mut size_t) -> c_int {
    guard("gnutls_session_get_id", || {
        code((|| {
            let s = state_of(session)?;
            let size = session_id_size.as_mut().ok_or(Error::INVALID_REQUEST)?;
            let id = s.session_id();
            // A NULL buffer asks for the size only, and is not an error.
            if session_id.is_null() {
                *size = id.len();
                return Ok(());
            }
            if *size < id.len() {
                *size = id.len();
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            *size = id.len();
            std::ptr::copy_nonoverlapping(id.as_ptr(), session_id as *mut u8, id.len());
            Ok(())
        })())
    })
}

/// The identifier as a pointer into the session (valid while the session lives).
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_id2(session: gnutls_session_t, session_id: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_session_get_id2", || {
        code((|| {
            let s = state_of(session)?;
            let out = session_id.as_mut().ok_or(Error::INVALID_REQUEST)?;
            // The datum points into the session: keep the id where it stays put.
            let id = s.session_id();
            let tls = s.tls.as_mut().filter(|t| t.established);
            let stored: &[u8] = match tls {
                Some(t) => {
                    t.reported_id = id;
                    &t.reported_id
                }
                None => &[],
            };
            *out = gnutls_datum_t { data: stored.as_ptr() as *mut u8, size: stored.len() as c_uint };
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_flags(session: gnutls_session_t) -> c_uint {
    guard("gnutls_session_get_flags", || state_of(session).map_or(0, |s| s.session_flags()))
}

/// Clients accept tickets unless GNUTLS_NO_TICKETS was given; this undoes that flag.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_ticket_enable_client(session: gnutls_session_t) -> c_int {
    guard("gnutls_session_ticket_enable_client", || {
        code((|| {
            let s = state_of(session)?;
            s.flags &= !GNUTLS_NO_TICKETS;
            Ok(())
        })())
    })
}

/// RFC 5705 keying material exporter.
#[no_mangle]
pub unsafe extern "C" fn gnutls_prf_rfc5705(
    session: gnutls_session_t,
    label_size: size_t,
    label: *const libc::c_char,
    context_size: size_t,
    context: *const libc::c_char,
    outsize: size_t,
    out: *mut libc::c_char,
) -> c_int {
    guard("gnutls_prf_rfc5705", || {
        code((|| {
            let s = state_of(session)?;
            let tls = s.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
            let label = bytes_arg(label as *const c_void, label_size)?;
            let context = if context.is_null() { None } else { Some(bytes_arg(context as *const c_void, context_size)?) };
            if out.is_null() && outsize > 0 {
                return Err(Error::INVALID_REQUEST);
            }
            let out = std::slice::from_raw_parts_mut(out as *mut u8, outsize);
            let _ = tls;
            s.export_keying_material(out, label, context)
        })())
    })
}

/// Both hello randoms, pointing into the session (empty before they were seen).
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_random(session: gnutls_session_t, client: *mut gnutls_datum_t, server: *mut gnutls_datum_t) {
    guard("gnutls_session_get_random", || {
        let tls = state_of(session).ok().and_then(|s| s.tls.as_ref());
        let client_random = tls.and_then(|t| t.outgoing.client_random.as_ref()).map_or(&[][..], |r| &r[..]);
        let server_random = tls.and_then(|t| t.incoming.server_hello.as_ref()).map_or(&[][..], |h| &h.random[..]);
        out(client, gnutls_datum_t { data: client_random.as_ptr() as *mut u8, size: client_random.len() as c_uint });
        out(server, gnutls_datum_t { data: server_random.as_ptr() as *mut u8, size: server_random.len() as c_uint });
    })
}

/// TLS 1.2's master secret, pointing into the session.
// divergence: under TLS 1.3 this is empty; GnuTLS returns 48 bytes of its own derivation.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_master_secret(session: gnutls_session_t, secret: *mut gnutls_datum_t) {
    guard("gnutls_session_get_master_secret", || {
        if let Ok(s) = state_of(session) {
            let secret_bytes = s.master_secret.borrow();
            out(secret, gnutls_datum_t { data: secret_bytes.as_ptr() as *mut u8, size: secret_bytes.len() as c_uint });
        }
    })
}

/// A client cannot choose the session identifier it sends: rustls offers no way to.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_set_id(session: gnutls_session_t, sid: *const gnutls_datum_t) -> c_int {
    guard("gnutls_session_set_id", || {
        code((|| {
            let s = state_of(session)?;
            let id = gnutls_datum_t::as_slice(sid).ok_or(Error::INVALID_REQUEST)?;
            if s.role == Role::Server || id.len() > GNUTLS_MAX_SESSION_ID_SIZE as usize {
                return Err(Error::INVALID_REQUEST);
            }
            Err(Error::UNIMPLEMENTED)
        })())
    })
}

/// The certificate we sent the peer, pointing into the session; NULL if we sent none.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_get_ours(session: gnutls_session_t) -> *const gnutls_datum_t {
    guard("gnutls_certificate_get_ours", || {
        let Ok(s) = state_of(session) else { return std::ptr::null() };
        let (data, len) = {
            let cert = s.our_certificate.borrow();
            (cert.as_ptr() as *mut u8, cert.len())
        };
        if len == 0 || !s.established() {
            return std::ptr::null();
        }
        // The bytes stay put until the next handshake replaces them.
        s.our_certificate_datum = gnutls_datum_t { data, size: len as c_uint };
        &s.our_certificate_datum
    })
}

/// RFC 5929 tls-server-end-point and RFC 9266 tls-exporter bindings; tls-unique needs the
/// Finished message, which rustls does not expose.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_channel_binding(
    session: gnutls_session_t,
    cbtype: gnutls_channel_binding_t,
    cb: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_session_channel_binding", || {
        code((|| {
            let s = state_of(session)?;
            let out = cb.as_mut().ok_or(Error::INVALID_REQUEST)?;
            let tls = s.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
            let binding = match cbtype {
                GNUTLS_CB_TLS_SERVER_END_POINT => {
                    let server_cert = match s.role {
                        Role::Client => tls.peer_chain.first().cloned(),
                        Role::Server => Some(s.our_certificate.borrow().clone()).filter(|c| !c.is_empty()),
                    }
                    .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
                    let cert = crate::x509::core::Certificate::from_der(&server_cert).map_err(Error::new)?;
                    // RFC 5929 section 4.1: the certificate's own hash, but SHA-256 for MD5 and SHA-1.
                    let hash = match crate::crypto::sign_hash(cert.signature_algorithm()) {
                        GNUTLS_DIG_MD5 | GNUTLS_DIG_SHA1 | GNUTLS_DIG_UNKNOWN => GNUTLS_DIG_SHA256,
                        other => other,
                    };
                    cert.fingerprint(hash as i32).map_err(Error::new)?
                }
                GNUTLS_CB_TLS_EXPORTER => {
                    let mut key = vec![0u8; 32];
                    s.export_keying_material(&mut key[..], b"EXPORTER-Channel-Binding", Some(&[]))?;
                    key
                }
                GNUTLS_CB_TLS_UNIQUE => return Err(Error::UNIMPLEMENTED),
                _ => return Err(Error::UNIMPLEMENTED),
            };
            *out = crate::mem::datum_from(&binding).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

impl Session {
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
}
