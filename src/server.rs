//! Server sessions: what rustls's `ServerConnection` needs from GnuTLS's settings. Choosing
//! our certificate (by server name and signature scheme), asking for and checking client
//! certificates with GnuTLS's deferred semantics, session tickets under a GnuTLS ticket key,
//! and the program's session cache (`gnutls_db_*`). Like the client's callbacks, these are
//! shared objects that find the session they work for through `SessionContext`.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use libc::{c_int, c_uint, c_void, size_t, time_t};
use once_cell::sync::Lazy;
use ring::aead;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ProducesTickets, ResolvesServerCert, StoresServerSessions};
use rustls::sign::CertifiedKey;
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

use crate::constants::*;
use crate::context::SessionContext;
use crate::errors::Error;
use crate::ffi::{borrow, code, guard, out};
use crate::session::{handle, state_of, Role};
use crate::types::*;

/// GnuTLS's `TICKET_MASTER_KEY_SIZE`: 16 bytes of key name, 32 of cipher key, 16 of MAC key.
const TICKET_KEY_SIZE: usize = 64;
/// GnuTLS's default and maximum session lifetimes, in seconds.
pub const DEFAULT_EXPIRATION: u32 = 21600;
const MAX_EXPIRATION: u32 = 604800;
/// Our session-cache entries start with this tag (which also names the format's version).
const DB_MAGIC: &[u8; 4] = b"GRd1";
const ID_LEN: usize = 32;

pub type gnutls_db_retr_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t) -> gnutls_datum_t>;
pub type gnutls_db_store_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t, gnutls_datum_t) -> c_int>;
pub type gnutls_db_remove_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t) -> c_int>;

/// The program's session cache, as set with `gnutls_db_set_*`.
#[derive(Clone, Copy)]
pub struct Db {
    pub retrieve: gnutls_db_retr_func,
    pub store: gnutls_db_store_func,
    pub remove: gnutls_db_remove_func,
    pub ptr: *mut c_void,
}

impl Default for Db {
    fn default() -> Self {
        Db { retrieve: None, store: None, remove: None, ptr: std::ptr::null_mut() }
    }
}

/// A server session's resumption settings, seen by the callbacks through the context.
pub struct ServerState {
    pub db: Db,
    pub expiration: u32,
    pub ticket_key: Option<Arc<TicketKey>>,
    /// The persistent identifier (GnuTLS 3.6.4): carried inside every ticket and cache entry,
    /// so that it stays the same across all resumptions of a session.
    pub persistent_id: RefCell<Option<Vec<u8>>>,
    pub request: c_uint,
}

impl Default for ServerState {
    fn default() -> Self {
        ServerState {
            db: Db::default(),
            expiration: DEFAULT_EXPIRATION,
            ticket_key: None,
            persistent_id: RefCell::new(None),
            request: GNUTLS_CERT_IGNORE,
        }
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn with_server<R>(f: impl FnOnce(&ServerState) -> R) -> Option<R> {
    SessionContext::with(|ctx| ctx.server.map(f)).flatten()
}

/// The persistent id, made up on first need.
fn persistent_id(state: &ServerState) -> Vec<u8> {
    state
        .persistent_id
        .borrow_mut()
        .get_or_insert_with(|| {
            let mut id = vec![0u8; ID_LEN];
            let _ = crate::global::random(&mut id);
            id
        })
        .clone()
}

// ---- Our certificate ----

/// Picks among the credentials' certificates: one whose names match the client's SNI, with
/// a key the client can verify; else the first usable one, as GnuTLS falls back.
#[derive(Debug)]
pub struct CertificateSelector;

pub static SELECTOR: Lazy<Arc<CertificateSelector>> = Lazy::new(|| Arc::new(CertificateSelector));

impl ResolvesServerCert for CertificateSelector {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let name = hello.server_name().map(str::to_owned);
        let schemes = hello.signature_schemes().to_vec();
        SessionContext::with(|ctx| {
            let data = ctx.creds?.data.read().ok()?;
            let usable: Vec<&crate::credentials::OwnKey> =
                data.own.iter().filter(|k| k.key.key.choose_scheme(&schemes).is_some()).collect();
            let by_name = name.as_deref().and_then(|n| usable.iter().find(|k| k.matches(n)));
            let chosen = by_name.or(usable.first()).map(|k| k.key.clone())?;
            *ctx.our_certificate.borrow_mut() = chosen.cert.first().map(|c| c.to_vec()).unwrap_or_default();
            Some(chosen)
        })
        .flatten()
    }
}

// ---- Client certificates ----

/// Asks for client certificates as `gnutls_certificate_server_set_request` says, and
/// checks them GnuTLS's way: only the signature during the handshake (the program asks for
/// the chain's status later), unless the session asked for verification.
#[derive(Debug)]
pub struct ClientCertRequest {
    pub mode: c_uint,
    pub hints: Vec<DistinguishedName>,
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl ClientCertRequest {
    pub fn new(mode: c_uint, hints: Vec<DistinguishedName>) -> Self {
        ClientCertRequest { mode, hints, algorithms: rustls::crypto::ring::default_provider().signature_verification_algorithms }
    }
}

impl ClientCertVerifier for ClientCertRequest {
    fn offer_client_auth(&self) -> bool {
        self.mode != GNUTLS_CERT_IGNORE
    }

    fn client_auth_mandatory(&self) -> bool {
        self.mode == GNUTLS_CERT_REQUIRE
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let verdict = SessionContext::with(|ctx| {
            let Some(request) = ctx.verify else { return true };
            let Some(creds) = ctx.creds else { return false };
            let mut chain = vec![end_entity.as_ref().to_vec()];
            chain.extend(intermediates.iter().map(|c| c.as_ref().to_vec()));
            let status = crate::verify::chain_status(creds, &chain, request.hostname.as_deref(), request.flags);
            ctx.verify_status.set(Some(status));
            status == 0
        });
        match verdict {
            Some(true) => Ok(ClientCertVerified::assertion()),
            _ => Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure)),
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

// ---- Session tickets ----

/// A GnuTLS session ticket key: tickets are the key's name, a nonce, and the session
/// sealed with AES-256-GCM under the key's cipher part, so servers sharing the key resume
/// each other's sessions.
pub struct TicketKey {
    name: [u8; 16],
    key: aead::LessSafeKey,
}

impl std::fmt::Debug for TicketKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TicketKey")
    }
}

impl TicketKey {
    pub fn new(master: &[u8]) -> Result<TicketKey, Error> {
        if master.len() != TICKET_KEY_SIZE {
            return Err(Error::INVALID_REQUEST);
        }
        let name = master[..16].try_into().map_err(|_| Error::INVALID_REQUEST)?;
        let unbound = aead::UnboundKey::new(&aead::AES_256_GCM, &master[16..48]).map_err(|_| Error::INTERNAL)?;
        Ok(TicketKey { name, key: aead::LessSafeKey::new(unbound) })
    }

    fn seal(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let mut nonce = [0u8; aead::NONCE_LEN];
        crate::global::random(&mut nonce).ok()?;
        let mut body = plain.to_vec();
        self.key
            .seal_in_place_append_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(&self.name), &mut body)
            .ok()?;
        let mut ticket = self.name.to_vec();
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(&body);
        Some(ticket)
    }

    fn open(&self, ticket: &[u8]) -> Option<Vec<u8>> {
        let (name, rest) = ticket.split_at_checked(16)?;
        let (nonce, sealed) = rest.split_at_checked(aead::NONCE_LEN)?;
        if name != self.name {
            return None;
        }
        let nonce = aead::Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut body = sealed.to_vec();
        let plain = self.key.open_in_place(nonce, aead::Aad::from(&self.name), &mut body).ok()?;
        Some(plain.to_vec())
    }
}

/// Appends the persistent id to what gets sealed, and takes it back out on the way in.
fn with_id(value: &[u8], id: &[u8]) -> Vec<u8> {
    let mut v = value.to_vec();
    v.extend_from_slice(id);
    v.push(id.len() as u8);
    v
}

fn split_id(value: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&len, rest) = value.split_last()?;
    let at = rest.len().checked_sub(len as usize)?;
    Some((&rest[..at], &rest[at..]))
}

#[derive(Debug)]
pub struct Tickets;

pub static TICKETS: Lazy<Arc<Tickets>> = Lazy::new(|| Arc::new(Tickets));

impl ProducesTickets for Tickets {
    fn enabled(&self) -> bool {
        with_server(|s| s.ticket_key.is_some()).unwrap_or(false)
    }

    fn lifetime(&self) -> u32 {
        with_server(|s| s.expiration).unwrap_or(DEFAULT_EXPIRATION)
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| s.ticket_key.as_ref()?.seal(&with_id(plain, &persistent_id(s)))).flatten()
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| {
            let opened = s.ticket_key.as_ref()?.open(cipher)?;
            let (value, id) = split_id(&opened)?;
            *s.persistent_id.borrow_mut() = Some(id.to_vec());
            Some(value.to_vec())
        })
        .flatten()
    }
}

// ---- The program's session cache ----

/// An entry: our tag, creation time and lifetime (for `gnutls_db_check_entry_time` and
/// expiry), then rustls's session value with the persistent id.
fn db_entry(value: &[u8], id: &[u8], expiration: u32) -> Vec<u8> {
    let mut e = DB_MAGIC.to_vec();
    e.extend_from_slice(&now().to_be_bytes());
    e.extend_from_slice(&expiration.to_be_bytes());
    e.extend_from_slice(&with_id(value, id));
    e
}

fn db_entry_times(entry: &[u8]) -> Option<(u64, u32)> {
    if entry.get(..4)? != DB_MAGIC {
        return None;
    }
    let created = u64::from_be_bytes(entry.get(4..12)?.try_into().ok()?);
    let lifetime = u32::from_be_bytes(entry.get(12..16)?.try_into().ok()?);
    Some((created, lifetime))
}

#[derive(Debug)]
pub struct SessionCache;

pub static SESSION_CACHE: Lazy<Arc<SessionCache>> = Lazy::new(|| Arc::new(SessionCache));

fn datum(bytes: &[u8]) -> gnutls_datum_t {
    gnutls_datum_t { data: bytes.as_ptr() as *mut u8, size: bytes.len() as c_uint }
}

impl StoresServerSessions for SessionCache {
    /// GnuTLS stores at the end of a full TLS 1.2 handshake, keyed by the session id, and
    /// ignores the cache's failures.
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        with_server(|s| {
            let store = s.db.store?;
            s.db.retrieve?;
            // A TLS 1.2 session cached by id keeps that id as its identity, as in GnuTLS.
            let id = s.persistent_id.borrow_mut().get_or_insert_with(|| key.clone()).clone();
            let entry = db_entry(&value, &id, s.expiration);
            // SAFETY: the program's callback with its own pointer; both datums outlive the call.
            Some(unsafe { store(s.db.ptr, datum(&key), datum(&entry)) } == 0)
        })
        .flatten()
        .unwrap_or(false)
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| {
            let retrieve = s.db.retrieve?;
            s.db.store?;
            // SAFETY: as above; what the callback returns is gnutls_malloc'ed and ours to free.
            let found = unsafe { retrieve(s.db.ptr, datum(key)) };
            if found.data.is_null() {
                return None;
            }
            let entry = unsafe { std::slice::from_raw_parts(found.data, found.size as usize) }.to_vec();
            if let Some(free) = unsafe { crate::mem::gnutls_free } {
                unsafe { free(found.data as *mut c_void) };
            }
            let (created, lifetime) = db_entry_times(&entry)?;
            if now() > created.saturating_add(lifetime as u64) {
                return None;
            }
            let (value, id) = split_id(entry.get(16..)?)?;
            *s.persistent_id.borrow_mut() = Some(id.to_vec());
            Some(value.to_vec())
        })
        .flatten()
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.get(key)
    }

    /// Always: rustls then gives every TLS 1.2 session an id, as GnuTLS does with or
    /// without a cache; without one, storing just fails (and TLS 1.3 never stores here,
    /// since we only send tickets under a ticket key).
    fn can_cache(&self) -> bool {
        true
    }
}

// ---- C entry points ----

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_server_set_request(session: gnutls_session_t, req: gnutls_certificate_request_t) {
    guard("gnutls_certificate_server_set_request", || {
        if let Ok(s) = state_of(session) {
            if matches!(req, GNUTLS_CERT_IGNORE | GNUTLS_CERT_REQUEST | GNUTLS_CERT_REQUIRE) {
                s.server.request = req;
            }
        }
    })
}

/// The client's SNI (index 0 only; there is one name type).
#[no_mangle]
pub unsafe extern "C" fn gnutls_server_name_get(
    session: gnutls_session_t,
    data: *mut c_void,
    data_length: *mut size_t,
    type_: *mut c_uint,
    indx: c_uint,
) -> c_int {
    guard("gnutls_server_name_get", || {
        code((|| {
            let s = state_of(session)?;
            if s.role != Role::Server {
                return Err(Error::INVALID_REQUEST);
            }
            let size = data_length.as_mut().ok_or(Error::INVALID_REQUEST)?;
            let name = match (&s.tls, indx) {
                (Some(tls), 0) => tls.server_name.clone(),
                _ => None,
            }
            .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            out(type_, GNUTLS_NAME_DNS);
            // GnuTLS's convention here: room for the name and a NUL, else the size needed.
            if data.is_null() || *size < name.len() + 1 {
                *size = name.len() + 1;
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            std::ptr::copy_nonoverlapping(name.as_ptr(), data as *mut u8, name.len());
            *(data as *mut u8).add(name.len()) = 0;
            *size = name.len();
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_ticket_key_generate(key: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_session_ticket_key_generate", || {
        code((|| {
            let out = borrow(key)?;
            let mut k = zeroize::Zeroizing::new([0u8; TICKET_KEY_SIZE]);
            crate::global::random(&mut k[..])?;
            *out = crate::mem::datum_from(&k[..]).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

// divergence: GnuTLS derives a new key from the master key every 3 x expiration (lib/stek.c);
// we use the master key's cipher part for the life of the session, which keeps servers that
// share the key interchangeable.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_ticket_enable_server(session: gnutls_session_t, key: *const gnutls_datum_t) -> c_int {
    guard("gnutls_session_ticket_enable_server", || {
        code((|| {
            let s = state_of(session)?;
            let key = gnutls_datum_t::as_slice(key).ok_or(Error::INVALID_REQUEST)?;
            if s.role != Role::Server {
                return Err(Error::INVALID_REQUEST);
            }
            s.server.ticket_key = Some(Arc::new(TicketKey::new(key)?));
            s.flags &= !GNUTLS_NO_TICKETS;
            Ok(())
        })())
    })
}

/// rustls sends its TLS 1.3 tickets when the handshake completes and offers no way to send
/// more later.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_ticket_send(session: gnutls_session_t, nr: c_uint, flags: c_uint) -> c_int {
    guard("gnutls_session_ticket_send", || {
        code((|| {
            let _ = flags;
            let s = state_of(session)?;
            if s.role != Role::Server || nr == 0 {
                return Err(Error::INVALID_REQUEST);
            }
            Err(Error::UNIMPLEMENTED)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_set_retrieve_function(session: gnutls_session_t, retr_func: gnutls_db_retr_func) {
    guard("gnutls_db_set_retrieve_function", || {
        if let Ok(s) = state_of(session) {
            s.server.db.retrieve = retr_func;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_set_store_function(session: gnutls_session_t, store_func: gnutls_db_store_func) {
    guard("gnutls_db_set_store_function", || {
        if let Ok(s) = state_of(session) {
            s.server.db.store = store_func;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_set_remove_function(session: gnutls_session_t, rem_func: gnutls_db_remove_func) {
    guard("gnutls_db_set_remove_function", || {
        if let Ok(s) = state_of(session) {
            s.server.db.remove = rem_func;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_set_ptr(session: gnutls_session_t, ptr: *mut c_void) {
    guard("gnutls_db_set_ptr", || {
        if let Ok(s) = state_of(session) {
            s.server.db.ptr = ptr;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_get_ptr(session: gnutls_session_t) -> *mut c_void {
    guard("gnutls_db_get_ptr", || state_of(session).map_or(std::ptr::null_mut(), |s| s.server.db.ptr))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_set_cache_expiration(session: gnutls_session_t, seconds: c_int) {
    guard("gnutls_db_set_cache_expiration", || {
        if let Ok(s) = state_of(session) {
            s.server.expiration = (seconds.max(0) as u32).min(MAX_EXPIRATION);
        }
    })
}

/// Removes this session's entry from the program's cache (keyed by its session id).
#[no_mangle]
pub unsafe extern "C" fn gnutls_db_remove_session(session: gnutls_session_t) {
    guard("gnutls_db_remove_session", || {
        let Ok(h) = handle(session) else { return };
        let (remove, ptr, id) = {
            let s = h.state();
            (s.server.db.remove, s.server.db.ptr, s.tls_session_id().to_vec())
        };
        if let (Some(remove), false) = (remove, id.is_empty()) {
            remove(ptr, datum(&id));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_check_entry_time(entry: *mut gnutls_datum_t) -> time_t {
    guard("gnutls_db_check_entry_time", || {
        gnutls_datum_t::as_slice(entry).and_then(db_entry_times).map_or(0, |(created, _)| created as time_t)
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_db_check_entry_expire_time(entry: *mut gnutls_datum_t) -> time_t {
    guard("gnutls_db_check_entry_expire_time", || {
        gnutls_datum_t::as_slice(entry)
            .and_then(db_entry_times)
            .map_or(0, |(created, lifetime)| created.saturating_add(lifetime as u64) as time_t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_open_only_under_their_key() {
        let a = TicketKey::new(&[7u8; 64]).ok();
        let b = TicketKey::new(&[8u8; 64]).ok();
        let (Some(a), Some(b)) = (a, b) else { panic!("keys") };
        let t = a.seal(b"session").unwrap_or_default();
        assert_eq!(a.open(&t).as_deref(), Some(&b"session"[..]));
        assert!(b.open(&t).is_none());
        let mut tampered = t.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(a.open(&tampered).is_none());
        assert!(a.open(&t[..20]).is_none());
        assert!(TicketKey::new(&[0u8; 63]).is_err());
    }

    #[test]
    fn the_persistent_id_rides_along() {
        let v = with_id(b"value", &[1, 2, 3]);
        assert_eq!(split_id(&v), Some((&b"value"[..], &[1u8, 2, 3][..])));
        assert_eq!(split_id(&[200]), None);
        let e = db_entry(b"v", &[9; 32], 60);
        let (created, lifetime) = db_entry_times(&e).unwrap_or_default();
        assert!(created > 0 && lifetime == 60);
        assert!(db_entry_times(b"garbage entry....").is_none());
    }
}
