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
    pub conn: rustls::Connection,
    pub established: bool,
    /// Bytes of a `gnutls_record_send` already encrypted whose flush hit EAGAIN; the
    /// retried call only flushes and then reports them.
    pub pending_send: Option<usize>,
    pub close_sent: bool,
    pub peer_closed: bool,
    /// The peer's chain, kept so `gnutls_certificate_get_peers` can hand out stable pointers.
    pub peer_chain: Vec<Vec<u8>>,
    pub peer_datums: Vec<gnutls_datum_t>,
    /// A fatal error ended the connection; later calls report it again.
    pub failed: Option<Error>,
    /// When a handshake timeout was set, the instant the handshake gives up.
    pub deadline: Option<std::time::Instant>,
}

/// Everything about a session that only the calling thread touches, outside callbacks.
pub struct Session {
    pub role: Role,
    pub flags: c_uint,
    pub priority: Option<Arc<Priority>>,
    pub certificate: Option<Arc<CertificateCredentials>>,
    pub server_name: Option<String>,
    pub alpn: Vec<Vec<u8>>,
    pub verify: Option<VerifyRequest>,
    /// Milliseconds; 0 means no timeout.
    pub handshake_timeout_ms: u32,
    pub tls: Option<Tls>,
    pub last_alert: Option<u8>,
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
        if role == Role::Server {
            // Server sessions come with their own issue; refuse honestly until then.
            return Err(Error::UNIMPLEMENTED);
        }
        Ok(Session {
            role,
            flags,
            priority: None,
            certificate: None,
            server_name: None,
            alpn: Vec::new(),
            verify: None,
            handshake_timeout_ms: 0,
            tls: None,
            last_alert: None,
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
                GNUTLS_CRD_ANON | GNUTLS_CRD_SRP | GNUTLS_CRD_PSK => Err(Error::UNIMPLEMENTED),
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
            let _ = flags;
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
            let p = tls.conn.alpn_protocol().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            // GnuTLS points into session storage (not to be freed); rustls keeps it for the
            // connection's life, as long as the session.
            out(protocol, gnutls_datum_t { data: p.as_ptr() as *mut u8, size: p.len() as c_uint });
            Ok(())
        })())
    })
}
