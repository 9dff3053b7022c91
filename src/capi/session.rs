//! Sessions (GnuTLS manual: "Core TLS API", session management and resumption):
//! `gnutls_init`/`gnutls_deinit`, the user pointer, server name, credentials, ALPN, the
//! session's identity, flags and secrets, session data, and a server's tickets and session
//! cache. The C handle lives here: a `Session` with the cells that callbacks may touch
//! while a call is in progress (`capi::session_of` borrows its state).

use std::cell::{Cell, UnsafeCell};

use libc::{c_char, c_int, c_uint, c_void, size_t, time_t};

use super::callbacks::{gnutls_db_remove_func, gnutls_db_retr_func, gnutls_db_store_func, run_hooks, DbCallbacks, Hook, TransportCells};
use super::types::*;
use super::{borrow, bytes_arg, bytes_mut_arg, clone_shared, copy_out, datum_arg, out, session_of};
use crate::constants::*;
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::server::SessionDb;
use crate::context::KeyLogTarget;
use crate::session::{Credentials, Session};
use super::ctypes::{gnutls_keylog_func, gnutls_transport_ktls_enable_flags_t};

/// The object behind `gnutls_session_t`.
pub struct gnutls_session_int {
    /// Touched by transport callbacks while a call is in progress.
    pub transport: TransportCells,
    pub user_ptr: Cell<*mut c_void>,
    /// `gnutls_handshake_set_hook_function`'s hook.
    pub hook: Cell<Option<Hook>>,
    /// `gnutls_session_set_verify_function`'s function, which the credentials' one yields to.
    pub verify_function: Cell<Option<unsafe extern "C" fn(gnutls_session_t) -> c_int>>,
    /// `gnutls_session_set_verify_output_function`'s function.
    pub verify_output: Cell<Option<super::verify::VerifyOutputFn>>,
    /// `gnutls_handshake_set_post_client_hello_function`'s function.
    pub post_client_hello: Cell<super::ctypes::gnutls_handshake_simple_hook_func>,
    /// The program's session cache callbacks (`gnutls_db_set_*`).
    db: Cell<DbCallbacks>,
    /// What `gnutls_certificate_get_ours` last pointed the program at.
    ours: Cell<gnutls_datum_t>,
    /// What `gnutls_certificate_get_peers` hands out: datums over the session's peer chain,
    /// rebuilt only when the chain changed, so an earlier answer stays valid.
    peers: UnsafeCell<Vec<gnutls_datum_t>>,
    /// The credentials objects given to `gnutls_credentials_set`, by type, for
    /// `gnutls_credentials_get`.
    given_credentials: Cell<[*mut c_void; 5]>,
    /// `gnutls_session_set_keylog_function`'s function (GnuTLS's default until changed).
    keylog: Cell<gnutls_keylog_func>,
    /// The program's functions for a QUIC session (`capi::quic`).
    pub quic: Cell<super::quic::QuicCallbacks>,
    /// Held by the calls that drive the connection (send, receive, bye, handshake), so
    /// that one thread may send while another receives, as GnuTLS allows.
    engine: std::sync::Mutex<()>,
    state: UnsafeCell<Session>,
}

impl gnutls_session_int {
    fn new(state: Session) -> Self {
        gnutls_session_int {
            transport: TransportCells::new(state.flags & GNUTLS_NO_SIGNAL != 0),
            user_ptr: Cell::new(std::ptr::null_mut()),
            hook: Cell::new(None),
            verify_function: Cell::new(None),
            verify_output: Cell::new(None),
            post_client_hello: Cell::new(None),
            db: Cell::new(DbCallbacks::default()),
            ours: Cell::new(datum_of(&[])),
            peers: UnsafeCell::new(Vec::new()),
            given_credentials: Cell::new([std::ptr::null_mut(); 5]),
            keylog: Cell::new(Some(nss_key_log)),
            quic: Cell::new(Default::default()),
            engine: std::sync::Mutex::new(()),
            state: UnsafeCell::new(state),
        }
    }

    /// The session state. Callbacks into the application only reach the cells above, so
    /// no second reference to the state exists while this one is used.
    #[allow(clippy::mut_from_ref)]
    pub fn state(&self) -> &mut Session {
        // SAFETY: see above; sessions are used from one thread at a time, as GnuTLS requires.
        unsafe { &mut *self.state.get() }
    }

    /// The connection, for one thread at a time (a panic while it was held leaves nothing
    /// half-done that the next caller could trip over: the state is checked on each use).
    pub fn engine(&self) -> std::sync::MutexGuard<'_, ()> {
        self.engine.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The peer's chain as datums for C (stable until the next handshake changes the chain).
    pub fn peer_datums(&self) -> &[gnutls_datum_t] {
        let chain: &[Vec<u8>] = self.state().tls.as_ref().map_or(&[], |t| &t.peer_chain);
        // SAFETY: only this method touches `peers`, and the session is used from one thread.
        let peers = unsafe { &mut *self.peers.get() };
        let same = peers.len() == chain.len() && peers.iter().zip(chain).all(|(d, c)| d.data as *const u8 == c.as_ptr());
        if !same {
            *peers = chain.iter().map(|c| datum_of(c)).collect();
        }
        peers
    }

    /// Changes the session cache callbacks; the session uses them once both a store and a
    /// retrieve function are set, as GnuTLS does.
    fn update_db(&self, f: impl FnOnce(&mut DbCallbacks)) {
        let mut db = self.db.get();
        f(&mut db);
        self.db.set(db);
        self.state().server.db = db.usable().then(|| Box::new(db) as Box<dyn SessionDb>);
    }
}

/// Borrows a session handle (state plus the cells callbacks may touch).
pub unsafe fn handle<'a>(p: gnutls_session_t) -> Result<&'a gnutls_session_int, Error> {
    super::borrow_ref(p as *const gnutls_session_int)
}

/// A datum pointing at bytes the session keeps (the program must not free it).
fn datum_of(bytes: &[u8]) -> gnutls_datum_t {
    gnutls_datum_t { data: bytes.as_ptr() as *mut u8, size: bytes.len() as c_uint }
}


/// An array of `n` datums.
unsafe fn datums_arg<'a>(p: *const gnutls_datum_t, n: c_uint) -> Result<Vec<&'a [u8]>, Error> {
    if n > 0 && p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n as usize).map(|i| datum_arg(p.add(i))).collect()
}

/// What `gnutls_credentials_set` was given, by its type.
unsafe fn credentials_arg(kind: gnutls_credentials_type_t, cred: *mut c_void) -> Result<Credentials, Error> {
    match kind {
        // GnuTLS accepts NULL here; the handshake then lacks credentials.
        GNUTLS_CRD_CERTIFICATE if cred.is_null() => Ok(Credentials::Certificate(None)),
        GNUTLS_CRD_CERTIFICATE => Ok(Credentials::Certificate(Some(clone_shared(cred as *const CertificateCredentials)?))),
        GNUTLS_CRD_ANON | GNUTLS_CRD_PSK if !cred.is_null() => Ok(Credentials::Unusable),
        GNUTLS_CRD_SRP => Err(Error::UNIMPLEMENTED),
        _ => Err(Error::INVALID_REQUEST),
    }
}

/// The session's key log target for a C key log function.
fn key_log_target(func: gnutls_keylog_func) -> KeyLogTarget {
    match func {
        None => KeyLogTarget::Off,
        Some(f) if std::ptr::fn_addr_eq(f, nss_key_log as unsafe extern "C" fn(_, _, _) -> _) => KeyLogTarget::NssFile,
        Some(_) => KeyLogTarget::Program,
    }
}

/// Gives the program's key log function the secrets rustls made since the last call, with
/// no borrow of the session held (the function may call into it). Its answer is ignored,
/// as GnuTLS ignores it.
pub unsafe fn run_key_log(session: gnutls_session_t) -> Result<(), Error> {
    let h = handle(session)?;
    let Some(f) = h.keylog.get() else { return Ok(()) };
    for (label, secret) in h.state().key_log.take_pending() {
        let Ok(label) = std::ffi::CString::new(label) else { continue };
        let secret = datum_of(&secret);
        // SAFETY: the program's function, with its session, a label and a secret that
        // outlive the call.
        f(session, label.as_ptr(), &secret);
    }
    Ok(())
}

/// GnuTLS's default key log function, as `gnutls_session_get_keylog_function` shows it;
/// given to a session it restores the default. Called directly it writes through the
/// same NSS key log file, with the session's client random.
unsafe extern "C" fn nss_key_log(session: gnutls_session_t, label: *const c_char, secret: *const gnutls_datum_t) -> c_int {
    super::run("nss_key_log", || {
        let label = super::str_arg(label)?;
        let secret = datum_arg(secret)?;
        let s = session_of(session)?;
        crate::context::write_nss_key_log(label, s.randoms().0, secret);
        Ok(())
    })
}

/// Copies into the caller's buffer, GnuTLS's way for `gnutls_session_get_id`: a NULL
/// buffer asks for the size only, and is not an error.
unsafe fn id_out(id: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    let size = borrow(size)?;
    if !buf.is_null() && *size < id.len() {
        *size = id.len();
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    *size = id.len();
    if !buf.is_null() {
        std::ptr::copy_nonoverlapping(id.as_ptr(), buf as *mut u8, id.len());
    }
    Ok(())
}

/// Copies a server name out GnuTLS's way for `gnutls_server_name_get`: room for the name
/// and a NUL, else the size needed; on success the size without the NUL.
unsafe fn name_out(name: Result<&str, Error>, buf: *mut c_void, size: *mut size_t, kind: *mut c_uint) -> Result<(), Error> {
    let size = borrow(size)?;
    let name = name?;
    out(kind, GNUTLS_NAME_DNS);
    if buf.is_null() || *size < name.len() + 1 {
        *size = name.len() + 1;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(name.as_ptr(), buf as *mut u8, name.len());
    *(buf as *mut u8).add(name.len()) = 0;
    *size = name.len();
    Ok(())
}



entry! {
    pub fn gnutls_init(session: *mut gnutls_session_t, flags: c_uint) -> c_int {
        crate::global::log(3, format_args!("HSK: gnutls_init flags 0x{flags:x}"));
        let out = borrow(session)?;
        // A refused session (DTLS) leaves NULL behind, never the caller's garbage.
        *out = std::ptr::null_mut();
        *out = Box::into_raw(Box::new(gnutls_session_int::new(Session::new(flags)?)));
        Ok(())
    }

    pub fn gnutls_deinit(session: gnutls_session_t) {
        super::free_handle(session);
        Ok(())
    }

    /// Like `gnutls_certificate_set_verify_function`, for this session only (it takes
    /// precedence over the credentials' function); NULL removes it.
    pub fn gnutls_session_set_verify_function(session: gnutls_session_t, func: *mut super::ctypes::gnutls_certificate_verify_function) {
        // SAFETY: C hands us a `gnutls_certificate_verify_function *` (or NULL), a function pointer.
        let func = (!func.is_null()).then(|| std::mem::transmute::<_, unsafe extern "C" fn(gnutls_session_t) -> c_int>(func));
        Ok(handle(session)?.verify_function.set(func))
    }

    /// `gnutls_certificate_verify_peers*` then tell `func` of each check they make.
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_session_set_verify_output_function(session: gnutls_session_t, func: *mut super::ctypes::gnutls_verify_output_function) {
        let h = handle(session)?;
        // SAFETY: C hands us a `gnutls_verify_output_function *` (or NULL), a function pointer.
        let func = (!func.is_null()).then(|| std::mem::transmute::<_, super::verify::VerifyOutputFn>(func));
        h.verify_output.set(func);
        h.state().verify_status.report_links.set(func.is_some());
        Ok(())
    }

    /// A client: 1 once the server asked for a certificate (inside the retrieve function
    /// and after the handshake), as GnuTLS reports it.
    pub fn gnutls_certificate_client_get_request_status(session: gnutls_session_t) -> c_uint {
        Ok(session_of(session)?.certificate_requested())
    }

    pub fn gnutls_session_set_ptr(session: gnutls_session_t, ptr: *mut c_void) {
        Ok(handle(session)?.user_ptr.set(ptr))
    }

    pub fn gnutls_session_get_ptr(session: gnutls_session_t) -> *mut c_void {
        Ok(handle(session)?.user_ptr.get())
    }

    /// NULL with length 0 clears the name.
    pub fn gnutls_server_name_set(session: gnutls_session_t, type_: gnutls_server_name_type_t, name: *const c_void, name_length: size_t) -> c_int {
        let s = session_of(session)?;
        let name = if name.is_null() && name_length == 0 { None } else { Some(bytes_arg(name, name_length)?) };
        s.set_server_name(type_, name)
    }

    pub fn gnutls_credentials_set(session: gnutls_session_t, type_: gnutls_credentials_type_t, cred: *mut c_void) -> c_int {
        let h = handle(session)?;
        h.state().set_credentials(credentials_arg(type_, cred)?);
        let mut given = h.given_credentials.get();
        given[type_ as usize] = cred;
        h.given_credentials.set(given);
        Ok(())
    }

    pub fn gnutls_credentials_clear(session: gnutls_session_t) {
        let h = handle(session)?;
        h.state().clear_credentials();
        h.given_credentials.set([std::ptr::null_mut(); 5]);
        Ok(())
    }

    /// The very object the program gave `gnutls_credentials_set` (NULL was not one).
    pub fn gnutls_credentials_get(session: gnutls_session_t, type_: gnutls_credentials_type_t, cred: *mut *mut c_void) -> c_int {
        let given = handle(session)?.given_credentials.get();
        let found = *given.get(type_ as usize).ok_or(Error::INVALID_REQUEST)?;
        if found.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        out(cred, found);
        Ok(())
    }

    /// rustls offers no CBC suites, so encrypt-then-MAC (RFC 7366) is never in use.
    pub fn gnutls_session_etm_status(session: gnutls_session_t) -> c_uint {
        handle(session)?;
        Ok(0)
    }

    /// No kernel TLS: records are protected by rustls in this process.
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_transport_is_ktls_enabled(session: gnutls_session_t) -> gnutls_transport_ktls_enable_flags_t {
        handle(session)?;
        Ok(0)
    }

    /// GnuTLS's default function writes the NSS key log file SSLKEYLOGFILE names; the
    /// program's function gets each secret with its NSS label instead, and NULL turns
    /// logging off.
    // divergence: the program's function is called once rustls has processed the records
    // that produced the secrets (still during gnutls_handshake), not as each is derived.
    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_session_set_keylog_function(session: gnutls_session_t, func: gnutls_keylog_func) {
        let h = handle(session)?;
        h.keylog.set(func);
        h.state().key_log.target = key_log_target(func);
        Ok(())
    }

    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_session_get_keylog_function(session: gnutls_session_t) -> gnutls_keylog_func {
        Ok(handle(session)?.keylog.get())
    }

    /// Accepted for compatibility: it only relaxes GnuTLS's record-size and padding checks,
    /// which rustls does not make stricter than the standard in the first place.
    pub fn gnutls_session_enable_compatibility_mode(session: gnutls_session_t) {
        let _ = session;
        Ok(())
    }

    pub fn gnutls_alpn_set_protocols(session: gnutls_session_t, protocols: *const gnutls_datum_t, protocols_size: c_uint, flags: c_uint) -> c_int {
        let s = session_of(session)?;
        Ok(s.set_alpn(&datums_arg(protocols, protocols_size)?, flags))
    }

    /// GnuTLS points into session storage (not to be freed); rustls keeps the protocol for
    /// the connection's life, as long as the session.
    pub fn gnutls_alpn_get_selected_protocol(session: gnutls_session_t, protocol: *mut gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        let protocol = borrow(protocol)?;
        *protocol = datum_of(s.alpn_selected()?);
        Ok(())
    }

    pub fn gnutls_session_get_id(session: gnutls_session_t, session_id: *mut c_void, session_id_size: *mut size_t) -> c_int {
        id_out(&session_of(session)?.session_id(), session_id, session_id_size)
    }

    /// The identifier as a pointer into the session (valid while the session lives).
    pub fn gnutls_session_get_id2(session: gnutls_session_t, session_id: *mut gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        let out = borrow(session_id)?;
        *out = datum_of(s.stored_session_id());
        Ok(())
    }

    pub fn gnutls_session_get_flags(session: gnutls_session_t) -> c_uint {
        Ok(session_of(session)?.session_flags())
    }

    pub fn gnutls_session_ext_master_secret_status(session: gnutls_session_t) -> c_uint {
        Ok(c_uint::from(session_of(session)?.ext_master_secret()))
    }

    /// Clients accept tickets unless GNUTLS_NO_TICKETS was given; this undoes that flag.
    pub fn gnutls_session_ticket_enable_client(session: gnutls_session_t) -> c_int {
        Ok(session_of(session)?.enable_client_tickets())
    }

    /// RFC 5705 keying material exporter.
    pub fn gnutls_prf(session: gnutls_session_t, label_size: size_t, label: *const c_char, server_random_first: c_int, extra_size: size_t, extra: *const c_char, outsize: size_t, out: *mut c_char) -> c_int {
        let s = session_of(session)?;
        let extra = if extra.is_null() { None } else { Some(bytes_arg(extra as *const c_void, extra_size)?) };
        s.prf(bytes_arg(label as *const c_void, label_size)?, server_random_first != 0, extra, bytes_mut_arg(out as *mut c_void, outsize)?)
    }

    pub fn gnutls_prf_raw(session: gnutls_session_t, label_size: size_t, label: *const c_char, seed_size: size_t, seed: *const c_char, outsize: size_t, out: *mut c_char) -> c_int {
        let s = session_of(session)?;
        s.prf_raw(bytes_arg(label as *const c_void, label_size)?, bytes_arg(seed as *const c_void, seed_size)?, bytes_mut_arg(out as *mut c_void, outsize)?)
    }

    pub fn gnutls_prf_rfc5705(session: gnutls_session_t, label_size: size_t, label: *const c_char, context_size: size_t, context: *const c_char, outsize: size_t, out: *mut c_char) -> c_int {
        let s = session_of(session)?;
        if !s.established() {
            return Err(Error::INVALID_REQUEST);
        }
        let label = bytes_arg(label as *const c_void, label_size)?;
        let context = if context.is_null() { None } else { Some(bytes_arg(context as *const c_void, context_size)?) };
        s.export_keying_material(bytes_mut_arg(out as *mut c_void, outsize)?, label, context)
    }

    /// Both hello randoms, pointing into the session (empty before they were seen).
    pub fn gnutls_session_get_random(session: gnutls_session_t, client: *mut gnutls_datum_t, server: *mut gnutls_datum_t) {
        let (client_random, server_random) = match session_of(session) {
            Ok(s) => s.randoms(),
            Err(_) => (&[][..], &[][..]),
        };
        out(client, datum_of(client_random));
        out(server, datum_of(server_random));
        Ok(())
    }

    /// TLS 1.2's master secret, pointing into the session.
    pub fn gnutls_session_get_master_secret(session: gnutls_session_t, secret: *mut gnutls_datum_t) {
        Ok(out(secret, datum_of(&session_of(session)?.master_secret())))
    }

    /// A client cannot choose the session identifier it sends: rustls offers no way to.
    pub fn gnutls_session_set_id(session: gnutls_session_t, sid: *const gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        s.set_session_id(datum_arg(sid)?)
    }

    /// The certificate we sent the peer, pointing into the session; NULL if we sent none.
    pub fn gnutls_certificate_get_ours(session: gnutls_session_t) -> *const gnutls_datum_t {
        let h = handle(session)?;
        let cert = h.state().sent_certificate().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        h.ours.set(datum_of(&cert));
        Ok(h.ours.as_ptr() as *const gnutls_datum_t)
    }

    /// RFC 5929 tls-server-end-point and RFC 9266 tls-exporter bindings; tls-unique needs the
    /// Finished message, which rustls does not expose.
    pub fn gnutls_session_channel_binding(session: gnutls_session_t, cbtype: gnutls_channel_binding_t, cb: *mut gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        let cb = borrow(cb)?;
        *cb = gnutls_datum_t::copy_of(&s.channel_binding(cbtype)?)?;
        Ok(())
    }

    // ---- Session data (resumption) ----

    pub fn gnutls_session_get_data2(session: gnutls_session_t, data: *mut gnutls_datum_t) -> c_int {
        let h = handle(session)?;
        let data = borrow(data)?;
        let bytes = h.state().session_data(&h.transport);
        run_hooks(session)?;
        *data = gnutls_datum_t::copy_of(&bytes?)?;
        Ok(())
    }

    pub fn gnutls_session_get_data(session: gnutls_session_t, session_data: *mut c_void, session_data_size: *mut size_t) -> c_int {
        let h = handle(session)?;
        let bytes = h.state().session_data(&h.transport);
        run_hooks(session)?;
        copy_out(&bytes?, session_data, session_data_size)
    }

    pub fn gnutls_session_set_data(session: gnutls_session_t, session_data: *const c_void, session_data_size: size_t) -> c_int {
        let s = session_of(session)?;
        if session_data.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        s.set_session_data(bytes_arg(session_data, session_data_size)?)
    }

    pub fn gnutls_session_is_resumed(session: gnutls_session_t) -> c_int {
        Ok(session_of(session).is_ok_and(|s| s.is_resumed()))
    }

    /// Always 0 on a client, as in GnuTLS; a server reports whether the client asked.
    pub fn gnutls_session_resumption_requested(session: gnutls_session_t) -> c_int {
        Ok(session_of(session).is_ok_and(|s| s.client_asked_to_resume()))
    }

    // ---- Server sessions ----

    pub fn gnutls_certificate_server_set_request(session: gnutls_session_t, req: gnutls_certificate_request_t) {
        Ok(session_of(session)?.set_certificate_request(req))
    }

    /// Non-zero: a server's certificate request names no CA (no effect on clients).
    pub fn gnutls_certificate_send_x509_rdn_sequence(session: gnutls_session_t, status: c_int) {
        session_of(session)?.server.name_cas = status == 0;
        Ok(())
    }

    /// The client's SNI (index 0 only; there is one name type).
    pub fn gnutls_server_name_get(session: gnutls_session_t, data: *mut c_void, data_length: *mut size_t, type_: *mut c_uint, indx: c_uint) -> c_int {
        let s = session_of(session)?;
        name_out(s.requested_server_name(indx), data, data_length, type_)
    }

    pub fn gnutls_session_ticket_key_generate(key: *mut gnutls_datum_t) -> c_int {
        let out = borrow(key)?;
        *out = gnutls_datum_t::copy_of(&crate::server::generate_ticket_key()?[..])?;
        Ok(())
    }

    pub fn gnutls_session_ticket_enable_server(session: gnutls_session_t, key: *const gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        s.enable_server_tickets(datum_arg(key)?)
    }

    /// rustls sends its TLS 1.3 tickets when the handshake completes and offers no way to
    /// send more later.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_session_ticket_send(session: gnutls_session_t, nr: c_uint, flags: c_uint) -> c_int {
        let _ = flags;
        session_of(session)?.send_tickets(nr)
    }

    pub fn gnutls_db_set_retrieve_function(session: gnutls_session_t, retr_func: gnutls_db_retr_func) {
        Ok(handle(session)?.update_db(|db| db.retrieve = retr_func))
    }

    pub fn gnutls_db_set_store_function(session: gnutls_session_t, store_func: gnutls_db_store_func) {
        Ok(handle(session)?.update_db(|db| db.store = store_func))
    }

    pub fn gnutls_db_set_remove_function(session: gnutls_session_t, rem_func: gnutls_db_remove_func) {
        Ok(handle(session)?.update_db(|db| db.remove = rem_func))
    }

    pub fn gnutls_db_set_ptr(session: gnutls_session_t, ptr: *mut c_void) {
        Ok(handle(session)?.update_db(|db| db.ptr = ptr))
    }

    pub fn gnutls_db_get_ptr(session: gnutls_session_t) -> *mut c_void {
        Ok(handle(session)?.db.get().ptr)
    }

    pub fn gnutls_db_set_cache_expiration(session: gnutls_session_t, seconds: c_int) {
        Ok(session_of(session)?.server.set_expiration(seconds))
    }

    /// Removes this session's entry from the program's cache (keyed by its session id).
    /// The callback runs with no borrow of the session held.
    pub fn gnutls_db_remove_session(session: gnutls_session_t) {
        let h = handle(session)?;
        let id = h.state().tls_session_id().to_vec();
        Ok(h.db.get().remove(&id))
    }

    // divergence: GnuTLS 3.7.9's has no effect and always answers 0; ours answers
    // GNUTLS_E_EXPIRED for an entry of ours past its lifetime, as the page's Returns line says.
    pub fn gnutls_db_check_entry(session: gnutls_session_t, session_entry: gnutls_datum_t) -> c_int {
        let _ = session;
        match gnutls_datum_t::as_slice(&session_entry) {
            Some(entry) if crate::server::entry_expired(entry) => Err(Error::new(GNUTLS_E_EXPIRED)),
            _ => Ok(()),
        }
    }

    /// 0 for what is not one of our entries.
    pub fn gnutls_db_check_entry_time(entry: *mut gnutls_datum_t) -> time_t {
        let times = gnutls_datum_t::as_slice(entry).and_then(crate::server::entry_times);
        Ok(times.map_or(0, |(created, _)| created as time_t))
    }

    #[node(GNUTLS_3_6_5)]
    pub fn gnutls_db_check_entry_expire_time(entry: *mut gnutls_datum_t) -> time_t {
        let times = gnutls_datum_t::as_slice(entry).and_then(crate::server::entry_times);
        Ok(times.map_or(0, |(created, lifetime)| created.saturating_add(lifetime as u64) as time_t))
    }
}
