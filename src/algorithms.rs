//! Algorithm identifiers and their names, and what the current session negotiated.

use std::ffi::CStr;

use rustls::CipherSuite;

use crate::constants::*;

// The names below are what GnuTLS 3.7.9's *_get_name functions answer (read off the real library).
const MAC_NAMES: &[(u32, &CStr)] = &[(1, c"MAC-NULL"), (2, c"MD5"), (3, c"SHA1"), (4, c"RIPEMD160"), (5, c"MD2"), (6, c"SHA256"), (7, c"SHA384"), (8, c"SHA512"), (9, c"SHA224"), (10, c"SHA3-224"), (11, c"SHA3-256"), (12, c"SHA3-384"), (13, c"SHA3-512"), (14, c"MD5+SHA1"), (15, c"GOSTR341194"), (16, c"STREEBOG-256"), (17, c"STREEBOG-512"), (200, c"AEAD"), (201, c"UMAC-96"), (202, c"UMAC-128"), (203, c"AES-CMAC-128"), (204, c"AES-CMAC-256"), (205, c"AES-GMAC-128"), (206, c"AES-GMAC-192"), (207, c"AES-GMAC-256"), (208, c"GOST28147-TC26Z-IMIT"), (209, c"SHAKE-128"), (210, c"SHAKE-256"), (211, c"OMAC-MAGMA"), (212, c"OMAC-KUZNYECHIK")];
const CIPHER_NAMES: &[(u32, &CStr)] = &[(1, c"NULL"), (2, c"ARCFOUR-128"), (3, c"3DES-CBC"), (4, c"AES-128-CBC"), (5, c"AES-256-CBC"), (6, c"ARCFOUR-40"), (7, c"CAMELLIA-128-CBC"), (8, c"CAMELLIA-256-CBC"), (9, c"AES-192-CBC"), (10, c"AES-128-GCM"), (11, c"AES-256-GCM"), (12, c"CAMELLIA-192-CBC"), (13, c"SALSA20-256"), (14, c"ESTREAM-SALSA20-256"), (15, c"CAMELLIA-128-GCM"), (16, c"CAMELLIA-256-GCM"), (17, c"RC2-40"), (18, c"DES-CBC"), (19, c"AES-128-CCM"), (20, c"AES-256-CCM"), (21, c"AES-128-CCM-8"), (22, c"AES-256-CCM-8"), (23, c"CHACHA20-POLY1305"), (24, c"GOST28147-TC26Z-CFB"), (25, c"GOST28147-CPA-CFB"), (26, c"GOST28147-CPB-CFB"), (27, c"GOST28147-CPC-CFB"), (28, c"GOST28147-CPD-CFB"), (29, c"AES-128-CFB8"), (30, c"AES-192-CFB8"), (31, c"AES-256-CFB8"), (32, c"AES-128-XTS"), (33, c"AES-256-XTS"), (34, c"GOST28147-TC26Z-CNT"), (35, c"CHACHA20-64"), (36, c"CHACHA20-32"), (37, c"AES-128-SIV"), (38, c"AES-256-SIV"), (39, c"AES-192-GCM"), (40, c"MAGMA-CTR-ACPKM"), (41, c"KUZNYECHIK-CTR-ACPKM")];
const KX_NAMES: &[(u32, &CStr)] = &[(1, c"RSA"), (2, c"DHE-DSS"), (3, c"DHE-RSA"), (4, c"ANON-DH"), (5, c"SRP"), (7, c"SRP-RSA"), (8, c"SRP-DSS"), (9, c"PSK"), (10, c"DHE-PSK"), (11, c"ANON-ECDH"), (12, c"ECDHE-RSA"), (13, c"ECDHE-ECDSA"), (14, c"ECDHE-PSK"), (15, c"RSA-PSK"), (16, c"VKO-GOST-12")];
const PROTOCOL_NAMES: &[(u32, &CStr)] = &[(1, c"SSL3.0"), (2, c"TLS1.0"), (3, c"TLS1.1"), (4, c"TLS1.2"), (5, c"TLS1.3"), (200, c"DTLS0.9"), (201, c"DTLS1.0"), (202, c"DTLS1.2")];
const PK_NAMES: &[(u32, &CStr)] = &[(0, c"GOST R 34.10-94"), (1, c"RSA"), (2, c"DSA"), (3, c"DH"), (4, c"EC/ECDSA"), (5, c"ECDH (X25519)"), (6, c"RSA-PSS"), (7, c"EdDSA (Ed25519)"), (8, c"GOST R 34.10-2001"), (9, c"GOST R 34.10-2012-256"), (10, c"GOST R 34.10-2012-512"), (11, c"ECDH (X448)"), (12, c"EdDSA (Ed448)")];
const DIGEST_NAMES: &[(u32, &CStr)] = &[(2, c"MD5"), (3, c"SHA1"), (4, c"RIPEMD160"), (5, c"MD2"), (6, c"SHA256"), (7, c"SHA384"), (8, c"SHA512"), (9, c"SHA224"), (10, c"SHA3-224"), (11, c"SHA3-256"), (12, c"SHA3-384"), (13, c"SHA3-512"), (15, c"GOSTR341194"), (16, c"STREEBOG-256"), (17, c"STREEBOG-512"), (209, c"SHAKE-128"), (210, c"SHAKE-256")];

fn lookup(table: &'static [(u32, &'static CStr)], id: u32) -> Option<&'static CStr> {
    table.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

/// GnuTLS's names for protocol versions, ciphers, key exchanges, MACs, public-key
/// algorithms and digests (`gnutls_*_get_name`).
pub fn protocol_name(version: gnutls_protocol_t) -> Option<&'static CStr> {
    lookup(PROTOCOL_NAMES, version)
}
pub fn cipher_name(algorithm: gnutls_cipher_algorithm_t) -> Option<&'static CStr> {
    lookup(CIPHER_NAMES, algorithm)
}
pub fn kx_name(algorithm: gnutls_kx_algorithm_t) -> Option<&'static CStr> {
    lookup(KX_NAMES, algorithm)
}
pub fn mac_name(algorithm: gnutls_mac_algorithm_t) -> Option<&'static CStr> {
    lookup(MAC_NAMES, algorithm)
}
pub fn pk_name(algorithm: gnutls_pk_algorithm_t) -> Option<&'static CStr> {
    lookup(PK_NAMES, algorithm)
}
pub fn digest_name(algorithm: gnutls_digest_algorithm_t) -> Option<&'static CStr> {
    lookup(DIGEST_NAMES, algorithm)
}

/// What GnuTLS calls the pieces of a rustls cipher suite: (cipher, kx, mac); kx is 0 for
/// TLS 1.3 suites, which do not fix a key exchange.
pub fn suite_parts(suite: CipherSuite) -> Option<(u32, u32, u32)> {
    use CipherSuite as S;
    Some(match suite {
        S::TLS13_AES_128_GCM_SHA256 => (GNUTLS_CIPHER_AES_128_GCM, 0, GNUTLS_MAC_AEAD),
        S::TLS13_AES_256_GCM_SHA384 => (GNUTLS_CIPHER_AES_256_GCM, 0, GNUTLS_MAC_AEAD),
        S::TLS13_CHACHA20_POLY1305_SHA256 => (GNUTLS_CIPHER_CHACHA20_POLY1305, 0, GNUTLS_MAC_AEAD),
        S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => (GNUTLS_CIPHER_AES_128_GCM, GNUTLS_KX_ECDHE_RSA, GNUTLS_MAC_AEAD),
        S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => (GNUTLS_CIPHER_AES_256_GCM, GNUTLS_KX_ECDHE_RSA, GNUTLS_MAC_AEAD),
        S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => {
            (GNUTLS_CIPHER_CHACHA20_POLY1305, GNUTLS_KX_ECDHE_RSA, GNUTLS_MAC_AEAD)
        }
        S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => (GNUTLS_CIPHER_AES_128_GCM, GNUTLS_KX_ECDHE_ECDSA, GNUTLS_MAC_AEAD),
        S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => (GNUTLS_CIPHER_AES_256_GCM, GNUTLS_KX_ECDHE_ECDSA, GNUTLS_MAC_AEAD),
        S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => {
            (GNUTLS_CIPHER_CHACHA20_POLY1305, GNUTLS_KX_ECDHE_ECDSA, GNUTLS_MAC_AEAD)
        }
        _ => return None,
    })
}

/// GnuTLS's suite names for the suites rustls implements, by (kx, cipher, mac).
const SUITE_NAMES: &[(u32, u32, &CStr)] = &[
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_AES_128_GCM, c"ECDHE_RSA_AES_128_GCM_SHA256"),
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_AES_256_GCM, c"ECDHE_RSA_AES_256_GCM_SHA384"),
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_CHACHA20_POLY1305, c"ECDHE_RSA_CHACHA20_POLY1305"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_AES_128_GCM, c"ECDHE_ECDSA_AES_128_GCM_SHA256"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_AES_256_GCM, c"ECDHE_ECDSA_AES_256_GCM_SHA384"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_CHACHA20_POLY1305, c"ECDHE_ECDSA_CHACHA20_POLY1305"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_AES_128_GCM, c"AES_128_GCM_SHA256"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_AES_256_GCM, c"AES_256_GCM_SHA384"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_CHACHA20_POLY1305, c"CHACHA20_POLY1305_SHA256"),
];

/// What a session negotiated, in GnuTLS's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    pub cipher: gnutls_cipher_algorithm_t,
    pub kx: gnutls_kx_algorithm_t,
    pub mac: gnutls_mac_algorithm_t,
    pub version: gnutls_protocol_t,
}

/// `gnutls_cipher_suite_get_name`: GnuTLS's name for the suites rustls implements.
pub fn suite_name(
    kx: gnutls_kx_algorithm_t,
    cipher: gnutls_cipher_algorithm_t,
    mac: gnutls_mac_algorithm_t,
) -> Option<&'static CStr> {
    if mac != GNUTLS_MAC_AEAD {
        return None;
    }
    SUITE_NAMES.iter().find(|(k, c, _)| *k == kx && *c == cipher).map(|(_, _, n)| *n)
}

/// `gnutls_certificate_type_get`: rustls speaks X.509 only (no raw public keys); GnuTLS
/// answers X.509 by default too.
pub fn certificate_type() -> gnutls_certificate_type_t {
    GNUTLS_CRT_X509
}

pub fn certificate_type_name(type_: gnutls_certificate_type_t) -> Option<&'static CStr> {
    match type_ {
        GNUTLS_CRT_X509 => Some(c"X.509"),
        GNUTLS_CRT_RAWPK => Some(c"Raw Public Key"),
        _ => None,
    }
}

/// Key sizes in bytes by cipher id, and digest sizes by digest id, as GnuTLS 3.7.9 answers.
const CIPHER_KEY_SIZES: [usize; 45] = [0, 0, 16, 24, 16, 32, 5, 16, 32, 24, 16, 32, 24, 32, 32, 16, 32, 5, 8, 16, 32, 16, 32, 32, 32, 32, 32, 32, 32, 16, 24, 32, 32, 64, 32, 32, 32, 32, 64, 24, 32, 32, 0, 0, 0];
const DIGEST_SIZES: [u32; 20] = [0, 0, 16, 20, 20, 0, 32, 48, 64, 28, 28, 32, 48, 64, 36, 32, 32, 64, 0, 0];

/// `gnutls_cipher_get_key_size`, in bytes; 0 for unknown ciphers.
pub fn cipher_key_size(algorithm: gnutls_cipher_algorithm_t) -> usize {
    CIPHER_KEY_SIZES.get(algorithm as usize).copied().unwrap_or(0)
}

/// `gnutls_hash_get_len`, in bytes; 0 for unknown digests.
pub fn digest_size(algorithm: gnutls_digest_algorithm_t) -> u32 {
    DIGEST_SIZES.get(algorithm as usize).copied().unwrap_or(0)
}

/// The digest named (case-insensitively) as GnuTLS names it.
pub fn digest_id(name: &str) -> gnutls_digest_algorithm_t {
    DIGEST_NAMES
        .iter()
        .find(|(_, n)| n.to_bytes().eq_ignore_ascii_case(name.as_bytes()))
        .map_or(GNUTLS_DIG_UNKNOWN, |(id, _)| *id)
}
