//! Priority strings: GnuTLS's grammar (in `grammar`) and what it means for rustls —
//! protocol versions, cipher suites and key-exchange groups.

mod grammar;

use std::sync::atomic::{AtomicU64, Ordering};

use rustls::crypto::CryptoProvider;
use rustls::{CipherSuite, SupportedCipherSuite, SupportedProtocolVersion};

use crate::constants::*;
use crate::errors::Error;

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

    /// GnuTLS's `gnutls_priority_init2`: `None` is the default priority; with `append`
    /// (`GNUTLS_PRIORITY_INIT_DEF_APPEND`) the text is added to the default one.
    /// Err((error, byte offset of the offending token)).
    pub fn parse(text: Option<&[u8]>, append: bool) -> Result<Priority, (Error, usize)> {
        let parsed = match (text, append) {
            (Some(t), true) => grammar::Priority::parse_append_bytes(t),
            (t, _) => grammar::Priority::parse_bytes(t),
        };
        parsed.map(Priority::new).map_err(|(code, offset)| (Error::new(code), offset))
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
        let base = crate::provider::tls();
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
                Group::X25519Mlkem768 => rustls::NamedGroup::X25519MLKEM768,
                Group::X25519 => rustls::NamedGroup::X25519,
                Group::Secp256r1 => rustls::NamedGroup::secp256r1,
                Group::Secp384r1 => rustls::NamedGroup::secp384r1,
                _ => continue,
            };
            if let Some(k) = base.kx_groups.iter().find(|k| k.name() == name) {
                groups.push(*k);
            }
        }
        // The hybrid's key share carries an X25519 one: X25519 right after it lets a peer
        // without the hybrid (GnuTLS 3.7.9, OpenSSL 3.0) use that share, with no
        // HelloRetryRequest.
        if groups.first().is_some_and(|g| g.name() == rustls::NamedGroup::X25519MLKEM768) {
            if let Some(at) = groups.iter().position(|g| g.name() == rustls::NamedGroup::X25519) {
                let x25519 = groups.remove(at);
                groups.insert(1, x25519);
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

/// The system-wide configuration file GnuTLS would read: `GNUTLS_SYSTEM_PRIORITY_FILE` when
/// set at the first call, else Debian's `/etc/gnutls/config`.
pub fn system_config_file() -> &'static std::ffi::CStr {
    static PATH: once_cell::sync::Lazy<std::ffi::CString> = once_cell::sync::Lazy::new(|| {
        std::env::var_os("GNUTLS_SYSTEM_PRIORITY_FILE")
            .and_then(|p| std::ffi::CString::new(std::os::unix::ffi::OsStringExt::into_vec(p)).ok())
            .unwrap_or_else(|| c"/etc/gnutls/config".to_owned())
    });
    PATH.as_c_str()
}
