//! Priority strings: GnuTLS's grammar (in `grammar`) and what it means for rustls —
//! protocol versions, cipher suites and key-exchange groups.

mod grammar;

use std::sync::atomic::{AtomicU64, Ordering};

use rustls::crypto::CryptoProvider;
use rustls::{CipherSuite, SupportedCipherSuite, SupportedProtocolVersion};

use crate::constants::*;
use crate::errors::Error;

pub use grammar::{CertType, Cipher, Group};

/// A parsed priority string: the object behind `gnutls_priority_t`, shared by sessions.
pub struct gnutls_priority_st {
    /// Distinguishes priority objects in the credentials' cache of rustls configurations.
    pub id: u64,
    pub spec: grammar::Priority,
    /// What sessions under this priority can negotiate, for `gnutls_priority_*_list`.
    pub lists: Negotiable,
}
pub type Priority = gnutls_priority_st;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Priority {
    fn new(spec: grammar::Priority) -> Priority {
        let mut priority = Priority { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), spec, lists: Negotiable::default() };
        priority.lists = Negotiable::of(&priority);
        priority
    }

    /// GnuTLS's `gnutls_priority_init2`: `None` is the default priority; with `append`
    /// (`GNUTLS_PRIORITY_INIT_DEF_APPEND`) the text is added to the default one, `default`.
    /// Err((error, byte offset of the offending token)).
    pub fn parse(text: Option<&[u8]>, append: bool, default: &[u8]) -> Result<Priority, (Error, usize)> {
        let parsed = match (text, append) {
            (Some(t), true) => grammar::Priority::parse_append_over(t, default),
            (t, _) => grammar::Priority::parse_over(t, default),
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

/// What a priority lets this library negotiate, in GnuTLS's numbering and in the
/// priority's order: the priority string's lists (`spec`) less what rustls cannot do.
/// Each list is kept here so that C can be handed pointers into it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Negotiable {
    pub protocols: Vec<u32>,
    pub kx: Vec<u32>,
    pub ciphers: Vec<u32>,
    pub macs: Vec<u32>,
    pub signs: Vec<u32>,
    pub curves: Vec<u32>,
    pub groups: Vec<u32>,
    pub client_cert_types: Vec<u32>,
    pub server_cert_types: Vec<u32>,
    pub compression: Vec<u32>,
    /// Indices into GnuTLS's cipher-suite table (`gnutls_cipher_suite_info`), in the
    /// order rustls prefers them.
    pub suites: Vec<u32>,
}

impl Negotiable {
    fn of(priority: &Priority) -> Negotiable {
        let Ok(provider) = priority.provider() else {
            // Nothing can be negotiated (GnuTLS fails such a priority at the handshake).
            return Negotiable { compression: vec![GNUTLS_COMP_NULL], ..Negotiable::default() };
        };
        let spec = &priority.spec;
        let suites: Vec<CipherSuite> = provider.cipher_suites.iter().map(|s| s.suite()).collect();
        let parts: Vec<(u32, u32, u32)> = suites.iter().filter_map(|s| crate::algorithms::suite_parts(*s)).collect();
        let (tls12, tls13) = spec.rustls_versions();
        let protocols = spec
            .versions
            .iter()
            .map(|v| v.id())
            .filter(|v| (*v == GNUTLS_TLS1_2 && tls12) || (*v == GNUTLS_TLS1_3 && tls13))
            .collect();
        let kx = spec.kx.iter().map(|k| k.id()).filter(|k| parts.iter().any(|p| p.1 == *k)).collect();
        let ciphers = spec.ciphers.iter().map(|c| c.id()).filter(|c| parts.iter().any(|p| p.0 == *c)).collect();
        let macs = spec.macs.iter().map(|m| m.id()).filter(|m| parts.iter().any(|p| p.2 == *m)).collect();
        let schemes: Vec<u16> =
            provider.signature_verification_algorithms.supported_schemes().into_iter().map(u16::from).collect();
        let signs = spec
            .signs
            .iter()
            .map(|s| s.id())
            .filter(|s| {
                crate::algorithms::sign_tls(*s).is_some_and(|(code, semantics)| {
                    use crate::algorithms::Semantics;
                    let version_fits = match semantics {
                        Semantics::Both => true,
                        Semantics::Tls12 => tls12,
                        Semantics::Tls13 => tls13,
                    };
                    version_fits && schemes.contains(&code)
                })
            })
            .collect();
        let offered: Vec<u16> = provider.kx_groups.iter().map(|g| u16::from(g.name())).collect();
        let groups: Vec<u32> = spec
            .groups
            .iter()
            .map(|g| g.id())
            .filter(|g| crate::algorithms::group_tls(*g).is_some_and(|code| offered.contains(&code)))
            .collect();
        let curves = groups.iter().copied().filter(|g| crate::algorithms::group_is_curve(*g)).collect();
        // rustls speaks X.509, and raw public keys under TLS 1.3 (see `cert_types`).
        let cert_types = |types: &[grammar::CertType]| {
            types.iter().map(|t| t.id()).filter(|t| *t == GNUTLS_CRT_X509 || (*t == GNUTLS_CRT_RAWPK && tls13)).collect::<Vec<u32>>()
        };
        let suites = suites
            .iter()
            .filter_map(|s| crate::algorithms::suite_index(u16::from(*s)))
            .map(|i| i as u32)
            .collect();
        Negotiable {
            protocols,
            kx,
            ciphers,
            macs,
            signs,
            curves,
            groups,
            client_cert_types: cert_types(&spec.client_cert_types),
            server_cert_types: cert_types(&spec.server_cert_types),
            compression: vec![GNUTLS_COMP_NULL],
            suites,
        }
    }
}

impl Negotiable {
    /// The signature_algorithms a client offers, GnuTLS's way: the code points of the
    /// priority's SIGN-* items in its order, those of items whose semantics fit none of the
    /// enabled versions left out (SIGN-ECDSA-SECP256R1-SHA256 is TLS 1.3's 0x0403; a TLS
    /// 1.2-only client does not offer it), each code point once.
    pub fn offered_schemes(&self) -> Vec<rustls::SignatureScheme> {
        schemes_of(&self.signs)
    }

    /// Whether a peer's handshake signature under this code point is one the priority
    /// enables under the negotiated version: a code point means a different algorithm in TLS
    /// 1.2 and 1.3 (0x0403 is ECDSA-SHA256 with any curve, or ECDSA-SECP256R1-SHA256), and
    /// GnuTLS accepts only the algorithm its priority lists.
    pub fn accepts_scheme(&self, code: u16, tls13: bool) -> bool {
        use crate::algorithms::Semantics;
        self.signs.iter().filter_map(|s| crate::algorithms::sign_tls(*s)).any(|(c, semantics)| {
            c == code
                && match semantics {
                    Semantics::Both => true,
                    Semantics::Tls12 => !tls13,
                    Semantics::Tls13 => tls13,
                }
        })
    }

    /// Whether we may sign under this code point, choosing among the peer's schemes before
    /// the version is known to us: enabled under one of the priority's versions.
    // divergence: GnuTLS decides under the negotiated version; a priority enabling TLS 1.2
    // and 1.3 with, say, SIGN-ECDSA-SECP256R1-SHA256 but not SIGN-ECDSA-SHA256 lets us sign
    // 0x0403 under TLS 1.2 too.
    pub fn may_sign(&self, code: u16) -> bool {
        (self.protocols.contains(&GNUTLS_TLS1_2) && self.accepts_scheme(code, false))
            || (self.protocols.contains(&GNUTLS_TLS1_3) && self.accepts_scheme(code, true))
    }
}

/// The code points of these signature algorithms, in their order, each once.
fn schemes_of(signs: &[u32]) -> Vec<rustls::SignatureScheme> {
    let mut codes: Vec<u16> = Vec::new();
    for code in signs.iter().filter_map(|s| crate::algorithms::sign_tls(*s)).map(|(code, _)| code) {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes.into_iter().map(rustls::SignatureScheme::from).collect()
}

impl Priority {
    /// The signature_algorithms a client offers and a server requests (see
    /// `Negotiable::offered_schemes`). When we verify none of the priority's algorithms
    /// (SIGN-RSA-PSS-SHA256 alone), their code points still go out, as GnuTLS sends them: a
    /// peer then finds none it signs with and fails the GnuTLS way, or signs with one and
    /// we fail verifying it; an empty list would be a malformed extension.
    pub fn offered_schemes(&self) -> Vec<rustls::SignatureScheme> {
        let offered = self.lists.offered_schemes();
        if !offered.is_empty() {
            return offered;
        }
        let (tls12, tls13) = self.spec.rustls_versions();
        let fitting: Vec<u32> = self
            .spec
            .signs
            .iter()
            .map(|s| s.id())
            .filter(|s| {
                crate::algorithms::sign_tls(*s).is_some_and(|(_, semantics)| match semantics {
                    crate::algorithms::Semantics::Both => true,
                    crate::algorithms::Semantics::Tls12 => tls12,
                    crate::algorithms::Semantics::Tls13 => tls13,
                })
            })
            .collect();
        schemes_of(&fitting)
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

/// The TLS signature schemes of GnuTLS's default priority, in its order of preference:
/// the order GnuTLS offers them in, which decides what a peer picks.
pub fn default_signature_order() -> Vec<u16> {
    let Ok(default) = grammar::Priority::parse_bytes(None) else { return Vec::new() };
    let mut order: Vec<u16> = Vec::new();
    for code in default.signs.iter().filter_map(|s| crate::algorithms::sign_tls(s.id())).map(|(code, _)| code) {
        if !order.contains(&code) {
            order.push(code);
        }
    }
    order
}

/// Orders signature schemes as GnuTLS's default priority prefers them; those it does not
/// list keep their order, after the others.
pub fn in_gnutls_order(mut schemes: Vec<rustls::SignatureScheme>) -> Vec<rustls::SignatureScheme> {
    static ORDER: once_cell::sync::Lazy<Vec<u16>> = once_cell::sync::Lazy::new(default_signature_order);
    schemes.sort_by_key(|s| ORDER.iter().position(|c| *c == u16::from(*s)).unwrap_or(usize::MAX));
    schemes
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
