//! Server sessions: what rustls's `ServerConnection` needs from GnuTLS's settings. Session
//! tickets under a GnuTLS ticket key, the program's session cache (`gnutls_db_*`, through
//! the `SessionDb` trait the C surface implements over its callbacks), and the persistent
//! session identifier both carry. rustls's callbacks reach a session's `ServerState`
//! through `context` (which also holds the certificate selector and the client-certificate
//! verifier); nothing here knows about sessions or handles.

use std::cell::RefCell;
use std::sync::Arc;

use crate::provider::primitives::aead;

use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's `TICKET_MASTER_KEY_SIZE`: 16 bytes of key name, 32 of cipher key, 16 of MAC key.
const TICKET_KEY_SIZE: usize = 64;
/// GnuTLS's default and maximum session lifetimes, in seconds.
pub(crate) const DEFAULT_EXPIRATION: u32 = 21600;
const MAX_EXPIRATION: u32 = 604800;
/// Our session-cache entries start with this tag (which also names the format's version).
const DB_MAGIC: &[u8; 4] = b"GRd1";
const ID_LEN: usize = 32;

/// The program's session cache, as set with `gnutls_db_set_*`: a server stores and
/// retrieves TLS 1.2 sessions by their id. The program's callbacks may call back into the
/// library, so they run with no borrow of the session held beyond this state.
pub trait SessionDb {
    /// Stores an entry; false when the cache refused it.
    fn store(&self, key: &[u8], entry: &[u8]) -> bool;
    /// The entry stored under `key`, if the cache has one.
    fn retrieve(&self, key: &[u8]) -> Option<Vec<u8>>;
}

/// A server session's resumption settings, seen by the callbacks through the context.
pub struct ServerState {
    /// Set when the program gave both a store and a retrieve function, as GnuTLS needs.
    pub db: Option<Box<dyn SessionDb>>,
    pub expiration: u32,
    pub ticket_key: Option<Arc<TicketKey>>,
    /// The persistent identifier (GnuTLS 3.6.4): carried inside every ticket and cache entry,
    /// so that it stays the same across all resumptions of a session.
    pub persistent_id: RefCell<Option<Vec<u8>>>,
    /// GnuTLS's client-certificate request mode (`gnutls_certificate_server_set_request`).
    pub request: u32,
    /// The certificate request names the CAs we trust, unless
    /// `gnutls_certificate_send_x509_rdn_sequence` said not to.
    pub name_cas: bool,
    /// The certificate the program's callback chose for this handshake, and whether it is
    /// a raw public key.
    pub chosen: Option<Arc<rustls::sign::CertifiedKey>>,
    pub chosen_raw: bool,
    /// What the program's OCSP functions answered, by our certificate chain (None: the
    /// function for every chain), each replacing the chain's stapled response (None: no
    /// status to staple).
    pub ocsp_answers: Vec<(Option<usize>, Option<Vec<u8>>)>,
}

impl Default for ServerState {
    fn default() -> Self {
        ServerState {
            db: None,
            expiration: DEFAULT_EXPIRATION,
            ticket_key: None,
            persistent_id: RefCell::new(None),
            request: GNUTLS_CERT_IGNORE,
            name_cas: true,
            chosen: None,
            chosen_raw: false,
            ocsp_answers: Vec::new(),
        }
    }
}

fn now() -> u64 {
    u64::try_from(crate::global::now()).unwrap_or(0)
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

    /// Seals the concatenation of `parts`, written once, in place, into the ticket.
    fn seal(&self, parts: &[&[u8]]) -> Option<Vec<u8>> {
        let mut nonce = [0u8; aead::NONCE_LEN];
        crate::global::random(&mut nonce).ok()?;
        let header = self.name.len() + nonce.len();
        let body: usize = parts.iter().map(|p| p.len()).sum();
        let mut ticket = Vec::with_capacity(header + body + self.key.algorithm().tag_len());
        ticket.extend_from_slice(&self.name);
        ticket.extend_from_slice(&nonce);
        for part in parts {
            ticket.extend_from_slice(part);
        }
        let tag = self
            .key
            .seal_in_place_separate_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(&self.name), &mut ticket[header..])
            .ok()?;
        ticket.extend_from_slice(tag.as_ref());
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
        let plain = self.key.open_in_place(nonce, aead::Aad::from(&self.name), &mut body).ok()?.len();
        body.truncate(plain);
        Some(body)
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

impl ServerState {
    /// Limits the lifetime of tickets and cache entries (`gnutls_db_set_cache_expiration`).
    pub fn set_expiration(&mut self, seconds: i32) {
        self.expiration = (seconds.max(0) as u32).min(MAX_EXPIRATION);
    }

    pub fn tickets_enabled(&self) -> bool {
        self.ticket_key.is_some()
    }

    /// A ticket for rustls's session value, carrying the persistent id.
    pub fn seal_ticket(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let id = persistent_id(self);
        // The layout `with_id` writes.
        self.ticket_key.as_ref()?.seal(&[plain, &id, &[id.len() as u8]])
    }

    /// rustls's session value from a ticket sealed under our key; the session takes the
    /// ticket's persistent id.
    pub fn open_ticket(&self, ticket: &[u8]) -> Option<Vec<u8>> {
        let mut opened = self.ticket_key.as_ref()?.open(ticket)?;
        let (value, id) = split_id(&opened)?;
        let value = value.len();
        *self.persistent_id.borrow_mut() = Some(id.to_vec());
        opened.truncate(value);
        Some(opened)
    }
}

/// A new GnuTLS ticket key (`gnutls_session_ticket_key_generate`).
pub fn generate_ticket_key() -> Result<zeroize::Zeroizing<[u8; TICKET_KEY_SIZE]>, Error> {
    let mut k = zeroize::Zeroizing::new([0u8; TICKET_KEY_SIZE]);
    crate::global::random(&mut k[..])?;
    Ok(k)
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

/// When a cache entry was made and how long it lives (`gnutls_db_check_entry_time`).
pub fn entry_times(entry: &[u8]) -> Option<(u64, u32)> {
    if entry.get(..4)? != DB_MAGIC {
        return None;
    }
    let created = u64::from_be_bytes(entry.get(4..12)?.try_into().ok()?);
    let lifetime = u32::from_be_bytes(entry.get(12..16)?.try_into().ok()?);
    Some((created, lifetime))
}

/// Whether one of our cache entries outlived its lifetime (`gnutls_db_check_entry`); what
/// is not our entry is not judged.
pub fn entry_expired(entry: &[u8]) -> bool {
    entry_times(entry).is_some_and(|(created, lifetime)| now() > created.saturating_add(lifetime as u64))
}

impl ServerState {
    /// GnuTLS stores at the end of a full TLS 1.2 handshake, keyed by the session id, and
    /// ignores the cache's failures.
    pub fn cache_put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        let Some(db) = &self.db else { return false };
        // A TLS 1.2 session cached by id keeps that id as its identity, as in GnuTLS.
        let id = self.persistent_id.borrow_mut().get_or_insert_with(|| key.clone()).clone();
        let entry = db_entry(&value, &id, self.expiration);
        db.store(&key, &entry)
    }

    /// rustls's session value cached under `key`, unless it expired; the session takes
    /// the entry's persistent id.
    pub fn cache_get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let entry = self.db.as_ref()?.retrieve(key)?;
        if entry_times(&entry).is_none() || entry_expired(&entry) {
            return None;
        }
        let (value, id) = split_id(entry.get(16..)?)?;
        *self.persistent_id.borrow_mut() = Some(id.to_vec());
        Some(value.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_open_only_under_their_key() {
        let a = TicketKey::new(&[7u8; 64]).ok();
        let b = TicketKey::new(&[8u8; 64]).ok();
        let (Some(a), Some(b)) = (a, b) else { panic!("keys") };
        let t = a.seal(&[b"ses", b"sion"]).unwrap_or_default();
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
        let (created, lifetime) = entry_times(&e).unwrap_or_default();
        assert!(created > 0 && lifetime == 60);
        assert!(entry_times(b"garbage entry....").is_none());
        assert!(!entry_expired(&e), "a fresh entry lives");
        let mut old = e.clone();
        old[4..12].copy_from_slice(&(created - 61).to_be_bytes());
        assert!(entry_expired(&old), "made 61 s ago with 60 s to live");
        assert!(!entry_expired(b"garbage entry...."), "not ours: not judged");
    }

    /// A cache in memory, as a program's `gnutls_db_*` callbacks keep one.
    #[derive(Default)]
    struct Memory(RefCell<Vec<(Vec<u8>, Vec<u8>)>>);

    impl SessionDb for std::rc::Rc<Memory> {
        fn store(&self, key: &[u8], entry: &[u8]) -> bool {
            self.0.borrow_mut().push((key.to_vec(), entry.to_vec()));
            true
        }
        fn retrieve(&self, key: &[u8]) -> Option<Vec<u8>> {
            self.0.borrow().iter().find(|(k, _)| k == key).map(|(_, e)| e.clone())
        }
    }

    #[test]
    fn cached_sessions_keep_their_id_and_expire() {
        let memory = std::rc::Rc::new(Memory::default());
        let mut first = ServerState::default();
        assert!(!first.cache_put(b"id".to_vec(), b"value".to_vec()), "no cache, nothing stored");
        assert!(first.persistent_id.borrow().is_none());
        first.db = Some(Box::new(memory.clone()));
        assert!(first.cache_put(b"id".to_vec(), b"value".to_vec()));
        assert_eq!(first.persistent_id.borrow().as_deref(), Some(&b"id"[..]));

        let mut second = ServerState::default();
        second.db = Some(Box::new(memory.clone()));
        assert_eq!(second.cache_get(b"id").as_deref(), Some(&b"value"[..]));
        assert_eq!(second.persistent_id.borrow().as_deref(), Some(&b"id"[..]));
        assert!(second.cache_get(b"other").is_none());

        second.set_expiration(0);
        assert!(second.cache_put(b"old".to_vec(), b"v".to_vec()));
        if let Some((_, e)) = memory.0.borrow_mut().last_mut() {
            e[4..12].copy_from_slice(&0u64.to_be_bytes());
        }
        assert!(second.cache_get(b"old").is_none(), "an expired entry resumes nothing");
    }

    #[test]
    fn tickets_carry_the_persistent_id() {
        let mut a = ServerState::default();
        assert!(a.seal_ticket(b"v").is_none(), "no key, no ticket");
        a.ticket_key = TicketKey::new(&[3u8; 64]).ok().map(Arc::new);
        let ticket = a.seal_ticket(b"v").unwrap_or_default();
        let id = a.persistent_id.borrow().clone();
        assert_eq!(id.as_ref().map(Vec::len), Some(ID_LEN));
        let mut b = ServerState::default();
        b.ticket_key = a.ticket_key.clone();
        assert_eq!(b.open_ticket(&ticket).as_deref(), Some(&b"v"[..]));
        assert_eq!(*b.persistent_id.borrow(), id);
    }
}
