//! Priority strings: GnuTLS's grammar (in `grammar`) and what it means for rustls —
//! protocol versions, cipher suites and key-exchange groups.

mod grammar;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use libc::{c_char, c_int, c_uint};
use rustls::crypto::CryptoProvider;
use rustls::{CipherSuite, SupportedCipherSuite, SupportedProtocolVersion};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{borrow, clone_shared, code, guard, out};
use crate::session::state_of;
use crate::types::*;

pub use grammar::{Cipher, Group};

/// A parsed priority string: the object behind `gnutls_priority_t`, shared by sessions.
pub struct gnutls_priority_st {
    /// Distinguishes priority objects in the credentials' cache of rustls configurations.
    pub id: u64,
    pub spec: grammar::Priority,
}
pub type Priority = gnutls_priority_st;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Priority {
    fn new(spec: grammar::Priority) -> Priority {
        Priority { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), spec }
    }

    /// GnuTLS's `gnutls_priority_init`: Err((code, byte offset of the offending token)).
    pub fn parse(s: Option<&[u8]>) -> Result<Priority, (c_int, usize)> {
        grammar::Priority::parse_bytes(s).map(Priority::new)
    }

    pub fn parse_append(suffix: &[u8]) -> Result<Priority, (c_int, usize)> {
        grammar::Priority::parse_append_bytes(suffix).map(Priority::new)
    }

    /// The protocol versions rustls may negotiate, newest first.
    pub fn versions(&self) -> Vec<&'static SupportedProtocolVersion> {
        let (tls12, tls13) = self.spec.rustls_versions();
        let mut v = Vec::new();
        if tls13 {
            v.push(&rustls::version::TLS13);
        }
        if tls12 {
            v.push(&rustls::version::TLS12);
        }
        v
    }

    /// The crypto provider restricted to, and ordered by, this priority's ciphers and groups.
    /// Fails with GnuTLS's "no priorities" when nothing rustls can use is left.
    pub fn provider(&self) -> Result<CryptoProvider, Error> {
        let base = rustls::crypto::ring::default_provider();
        let versions = self.versions();
        let kx = self.spec.usable_tls12_kx();
        let mut suites: Vec<SupportedCipherSuite> = Vec::new();
        for cipher in self.spec.usable_ciphers() {
            for s in &base.cipher_suites {
                let fits = match s {
                    SupportedCipherSuite::Tls13(_) => versions.contains(&&rustls::version::TLS13),
                    SupportedCipherSuite::Tls12(_) => {
                        versions.contains(&&rustls::version::TLS12) && kx.iter().any(|k| tls12_kx_matches(*k, s.suite()))
                    }
                };
                if fits && cipher_of(s.suite()) == Some(cipher) && !suites.iter().any(|x| x.suite() == s.suite()) {
                    suites.push(*s);
                }
            }
        }
        let mut groups = Vec::new();
        for g in self.spec.usable_groups() {
            let name = match g {
                Group::X25519 => rustls::NamedGroup::X25519,
                Group::Secp256r1 => rustls::NamedGroup::secp256r1,
                Group::Secp384r1 => rustls::NamedGroup::secp384r1,
                _ => continue,
            };
            if let Some(k) = base.kx_groups.iter().find(|k| k.name() == name) {
                groups.push(*k);
            }
        }
        if versions.is_empty() || suites.is_empty() || groups.is_empty() {
            return Err(Error::NO_PRIORITIES);
        }
        Ok(CryptoProvider { cipher_suites: suites, kx_groups: groups, ..base })
    }
}

fn cipher_of(suite: CipherSuite) -> Option<Cipher> {
    let (cipher, _, _) = crate::algorithms::suite_parts(suite)?;
    Some(match cipher {
        GNUTLS_CIPHER_AES_128_GCM => Cipher::Aes128Gcm,
        GNUTLS_CIPHER_AES_256_GCM => Cipher::Aes256Gcm,
        GNUTLS_CIPHER_CHACHA20_POLY1305 => Cipher::Chacha20Poly1305,
        _ => return None,
    })
}

fn tls12_kx_matches(kx: grammar::Kx, suite: CipherSuite) -> bool {
    crate::algorithms::suite_parts(suite).is_some_and(|(_, suite_kx, _)| suite_kx == kx.id())
}

/// Points `err_pos` at byte `offset` of the caller's string, as GnuTLS reports syntax errors.
unsafe fn set_err_pos(err_pos: *mut *const c_char, base: *const c_char, offset: usize) {
    if !base.is_null() {
        out(err_pos, base.add(offset));
    }
}

unsafe fn parse_c(priorities: *const c_char, err_pos: *mut *const c_char, append: bool) -> Result<Priority, Error> {
    set_err_pos(err_pos, priorities, 0);
    let text = if priorities.is_null() { None } else { Some(std::ffi::CStr::from_ptr(priorities).to_bytes()) };
    let parsed = match (text, append) {
        (Some(t), true) => Priority::parse_append(t),
        (t, _) => Priority::parse(t),
    };
    parsed.map_err(|(code, offset)| {
        set_err_pos(err_pos, priorities, offset.min(text.map_or(0, |t| t.len())));
        Error::new(code)
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_priority_init(
    priority_cache: *mut gnutls_priority_t,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
) -> c_int {
    guard("gnutls_priority_init", || gnutls_priority_init2(priority_cache, priorities, err_pos, 0))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_priority_init2(
    priority_cache: *mut gnutls_priority_t,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
    flags: c_uint,
) -> c_int {
    guard("gnutls_priority_init2", || {
        code((|| {
            let cache = borrow(priority_cache)?;
            let append = flags & GNUTLS_PRIORITY_INIT_DEF_APPEND as c_uint != 0;
            let p = parse_c(priorities, err_pos, append)?;
            *cache = Arc::into_raw(Arc::new(p)) as gnutls_priority_t;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_priority_deinit(priority_cache: gnutls_priority_t) {
    guard("gnutls_priority_deinit", || {
        if !priority_cache.is_null() {
            drop(Arc::from_raw(priority_cache as *const Priority));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_priority_set(session: gnutls_session_t, priority: gnutls_priority_t) -> c_int {
    guard("gnutls_priority_set", || {
        code((|| {
            let s = state_of(session)?;
            s.priority = Some(clone_shared(priority as *const Priority)?);
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_priority_set_direct(
    session: gnutls_session_t,
    priorities: *const c_char,
    err_pos: *mut *const c_char,
) -> c_int {
    guard("gnutls_priority_set_direct", || {
        code((|| {
            let s = state_of(session)?;
            let p = parse_c(priorities, err_pos, false)?;
            s.priority = Some(Arc::new(p));
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_set_default_priority(session: gnutls_session_t) -> c_int {
    guard("gnutls_set_default_priority", || gnutls_priority_set_direct(session, std::ptr::null(), std::ptr::null_mut()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_set_default_priority_append(
    session: gnutls_session_t,
    add_prio: *const c_char,
    err_pos: *mut *const c_char,
    flags: c_uint,
) -> c_int {
    guard("gnutls_set_default_priority_append", || {
        code((|| {
            let _ = flags;
            let s = state_of(session)?;
            let p = parse_c(add_prio, err_pos, !add_prio.is_null())?;
            s.priority = Some(Arc::new(p));
            Ok(())
        })())
    })
}
