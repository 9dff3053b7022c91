//! Algorithm identifiers and their names, and what the current session negotiated.

use libc::{c_char, c_uint};
use rustls::{CipherSuite, ProtocolVersion};

use crate::constants::*;
use crate::ffi::{cstr, guard};
use crate::session::state_of;
use crate::types::*;

// The names below are what GnuTLS 3.7.9's *_get_name functions answer (read off the real library).
const MAC_NAMES: &[(c_uint, &str)] = &[(1, "MAC-NULL\0"), (2, "MD5\0"), (3, "SHA1\0"), (4, "RIPEMD160\0"), (5, "MD2\0"), (6, "SHA256\0"), (7, "SHA384\0"), (8, "SHA512\0"), (9, "SHA224\0"), (10, "SHA3-224\0"), (11, "SHA3-256\0"), (12, "SHA3-384\0"), (13, "SHA3-512\0"), (14, "MD5+SHA1\0"), (15, "GOSTR341194\0"), (16, "STREEBOG-256\0"), (17, "STREEBOG-512\0"), (200, "AEAD\0"), (201, "UMAC-96\0"), (202, "UMAC-128\0"), (203, "AES-CMAC-128\0"), (204, "AES-CMAC-256\0"), (205, "AES-GMAC-128\0"), (206, "AES-GMAC-192\0"), (207, "AES-GMAC-256\0"), (208, "GOST28147-TC26Z-IMIT\0"), (209, "SHAKE-128\0"), (210, "SHAKE-256\0"), (211, "OMAC-MAGMA\0"), (212, "OMAC-KUZNYECHIK\0")];
const CIPHER_NAMES: &[(c_uint, &str)] = &[(1, "NULL\0"), (2, "ARCFOUR-128\0"), (3, "3DES-CBC\0"), (4, "AES-128-CBC\0"), (5, "AES-256-CBC\0"), (6, "ARCFOUR-40\0"), (7, "CAMELLIA-128-CBC\0"), (8, "CAMELLIA-256-CBC\0"), (9, "AES-192-CBC\0"), (10, "AES-128-GCM\0"), (11, "AES-256-GCM\0"), (12, "CAMELLIA-192-CBC\0"), (13, "SALSA20-256\0"), (14, "ESTREAM-SALSA20-256\0"), (15, "CAMELLIA-128-GCM\0"), (16, "CAMELLIA-256-GCM\0"), (17, "RC2-40\0"), (18, "DES-CBC\0"), (19, "AES-128-CCM\0"), (20, "AES-256-CCM\0"), (21, "AES-128-CCM-8\0"), (22, "AES-256-CCM-8\0"), (23, "CHACHA20-POLY1305\0"), (24, "GOST28147-TC26Z-CFB\0"), (25, "GOST28147-CPA-CFB\0"), (26, "GOST28147-CPB-CFB\0"), (27, "GOST28147-CPC-CFB\0"), (28, "GOST28147-CPD-CFB\0"), (29, "AES-128-CFB8\0"), (30, "AES-192-CFB8\0"), (31, "AES-256-CFB8\0"), (32, "AES-128-XTS\0"), (33, "AES-256-XTS\0"), (34, "GOST28147-TC26Z-CNT\0"), (35, "CHACHA20-64\0"), (36, "CHACHA20-32\0"), (37, "AES-128-SIV\0"), (38, "AES-256-SIV\0"), (39, "AES-192-GCM\0"), (40, "MAGMA-CTR-ACPKM\0"), (41, "KUZNYECHIK-CTR-ACPKM\0")];
const KX_NAMES: &[(c_uint, &str)] = &[(1, "RSA\0"), (2, "DHE-DSS\0"), (3, "DHE-RSA\0"), (4, "ANON-DH\0"), (5, "SRP\0"), (7, "SRP-RSA\0"), (8, "SRP-DSS\0"), (9, "PSK\0"), (10, "DHE-PSK\0"), (11, "ANON-ECDH\0"), (12, "ECDHE-RSA\0"), (13, "ECDHE-ECDSA\0"), (14, "ECDHE-PSK\0"), (15, "RSA-PSK\0"), (16, "VKO-GOST-12\0")];
const PROTOCOL_NAMES: &[(c_uint, &str)] = &[(1, "SSL3.0\0"), (2, "TLS1.0\0"), (3, "TLS1.1\0"), (4, "TLS1.2\0"), (5, "TLS1.3\0"), (200, "DTLS0.9\0"), (201, "DTLS1.0\0"), (202, "DTLS1.2\0")];
const PK_NAMES: &[(c_uint, &str)] = &[(0, "GOST R 34.10-94\0"), (1, "RSA\0"), (2, "DSA\0"), (3, "DH\0"), (4, "EC/ECDSA\0"), (5, "ECDH (X25519)\0"), (6, "RSA-PSS\0"), (7, "EdDSA (Ed25519)\0"), (8, "GOST R 34.10-2001\0"), (9, "GOST R 34.10-2012-256\0"), (10, "GOST R 34.10-2012-512\0"), (11, "ECDH (X448)\0"), (12, "EdDSA (Ed448)\0")];
const DIGEST_NAMES: &[(c_uint, &str)] = &[(2, "MD5\0"), (3, "SHA1\0"), (4, "RIPEMD160\0"), (5, "MD2\0"), (6, "SHA256\0"), (7, "SHA384\0"), (8, "SHA512\0"), (9, "SHA224\0"), (10, "SHA3-224\0"), (11, "SHA3-256\0"), (12, "SHA3-384\0"), (13, "SHA3-512\0"), (15, "GOSTR341194\0"), (16, "STREEBOG-256\0"), (17, "STREEBOG-512\0"), (209, "SHAKE-128\0"), (210, "SHAKE-256\0")];

fn lookup(table: &'static [(c_uint, &'static str)], id: c_uint) -> *const c_char {
    table.iter().find(|(i, _)| *i == id).map_or(std::ptr::null(), |(_, n)| cstr(n))
}

/// What GnuTLS calls the pieces of a rustls cipher suite: (cipher, kx, mac); kx is 0 for
/// TLS 1.3 suites, which do not fix a key exchange.
pub fn suite_parts(suite: CipherSuite) -> Option<(c_uint, c_uint, c_uint)> {
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
const SUITE_NAMES: &[(c_uint, c_uint, &str)] = &[
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_AES_128_GCM, "ECDHE_RSA_AES_128_GCM_SHA256\0"),
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_AES_256_GCM, "ECDHE_RSA_AES_256_GCM_SHA384\0"),
    (GNUTLS_KX_ECDHE_RSA, GNUTLS_CIPHER_CHACHA20_POLY1305, "ECDHE_RSA_CHACHA20_POLY1305\0"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_AES_128_GCM, "ECDHE_ECDSA_AES_128_GCM_SHA256\0"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_AES_256_GCM, "ECDHE_ECDSA_AES_256_GCM_SHA384\0"),
    (GNUTLS_KX_ECDHE_ECDSA, GNUTLS_CIPHER_CHACHA20_POLY1305, "ECDHE_ECDSA_CHACHA20_POLY1305\0"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_AES_128_GCM, "AES_128_GCM_SHA256\0"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_AES_256_GCM, "AES_256_GCM_SHA384\0"),
    (GNUTLS_KX_UNKNOWN, GNUTLS_CIPHER_CHACHA20_POLY1305, "CHACHA20_POLY1305_SHA256\0"),
];

/// The negotiated (cipher, kx, mac, version) of an established session, in GnuTLS's terms.
fn negotiated(s: gnutls_session_t) -> Option<(c_uint, c_uint, c_uint, c_uint)> {
    let s = unsafe { state_of(s) }.ok()?;
    let tls = s.tls.as_ref()?;
    let (cipher, kx, mac) = suite_parts(tls.link.conn.negotiated_cipher_suite()?.suite())?;
    let version = match tls.link.conn.protocol_version()? {
        ProtocolVersion::TLSv1_2 => GNUTLS_TLS1_2,
        ProtocolVersion::TLSv1_3 => GNUTLS_TLS1_3,
        _ => GNUTLS_VERSION_UNKNOWN,
    };
    // GnuTLS reports ECDHE-RSA for a TLS 1.3 (EC)DHE handshake whatever the certificate.
    let kx = if version == GNUTLS_TLS1_3 { GNUTLS_KX_ECDHE_RSA } else { kx };
    Some((cipher, kx, mac, version))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_protocol_get_version(session: gnutls_session_t) -> gnutls_protocol_t {
    guard("gnutls_protocol_get_version", || negotiated(session).map_or(GNUTLS_VERSION_UNKNOWN, |n| n.3))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_cipher_get(session: gnutls_session_t) -> gnutls_cipher_algorithm_t {
    guard("gnutls_cipher_get", || negotiated(session).map_or(GNUTLS_CIPHER_UNKNOWN, |n| n.0))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_kx_get(session: gnutls_session_t) -> gnutls_kx_algorithm_t {
    guard("gnutls_kx_get", || negotiated(session).map_or(GNUTLS_KX_UNKNOWN, |n| n.1))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_mac_get(session: gnutls_session_t) -> gnutls_mac_algorithm_t {
    guard("gnutls_mac_get", || negotiated(session).map_or(GNUTLS_MAC_UNKNOWN, |n| n.2))
}

#[no_mangle]
pub extern "C" fn gnutls_protocol_get_name(version: gnutls_protocol_t) -> *const c_char {
    guard("gnutls_protocol_get_name", || lookup(PROTOCOL_NAMES, version))
}

#[no_mangle]
pub extern "C" fn gnutls_cipher_get_name(algorithm: gnutls_cipher_algorithm_t) -> *const c_char {
    guard("gnutls_cipher_get_name", || lookup(CIPHER_NAMES, algorithm))
}

#[no_mangle]
pub extern "C" fn gnutls_kx_get_name(algorithm: gnutls_kx_algorithm_t) -> *const c_char {
    guard("gnutls_kx_get_name", || lookup(KX_NAMES, algorithm))
}

#[no_mangle]
pub extern "C" fn gnutls_mac_get_name(algorithm: gnutls_mac_algorithm_t) -> *const c_char {
    guard("gnutls_mac_get_name", || lookup(MAC_NAMES, algorithm))
}

#[no_mangle]
pub extern "C" fn gnutls_pk_algorithm_get_name(algorithm: gnutls_pk_algorithm_t) -> *const c_char {
    guard("gnutls_pk_algorithm_get_name", || lookup(PK_NAMES, algorithm))
}

#[no_mangle]
pub extern "C" fn gnutls_digest_get_name(algorithm: gnutls_digest_algorithm_t) -> *const c_char {
    guard("gnutls_digest_get_name", || lookup(DIGEST_NAMES, algorithm))
}

#[no_mangle]
pub extern "C" fn gnutls_cipher_suite_get_name(
    kx_algorithm: gnutls_kx_algorithm_t,
    cipher_algorithm: gnutls_cipher_algorithm_t,
    mac_algorithm: gnutls_mac_algorithm_t,
) -> *const c_char {
    guard("gnutls_cipher_suite_get_name", || {
        if mac_algorithm != GNUTLS_MAC_AEAD {
            return std::ptr::null();
        }
        SUITE_NAMES
            .iter()
            .find(|(k, c, _)| *k == kx_algorithm && *c == cipher_algorithm)
            .map_or(std::ptr::null(), |(_, _, n)| cstr(n))
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_type_get(session: gnutls_session_t) -> gnutls_certificate_type_t {
    // rustls speaks X.509 only (no raw public keys); GnuTLS answers X.509 by default too.
    guard("gnutls_certificate_type_get", || {
        let _ = session;
        GNUTLS_CRT_X509
    })
}

#[no_mangle]
pub extern "C" fn gnutls_certificate_type_get_name(type_: gnutls_certificate_type_t) -> *const c_char {
    guard("gnutls_certificate_type_get_name", || match type_ {
        GNUTLS_CRT_X509 => cstr("X.509\0"),
        GNUTLS_CRT_RAWPK => cstr("Raw Public Key\0"),
        _ => std::ptr::null(),
    })
}

/// Key sizes in bytes by cipher id, and digest sizes by digest id, as GnuTLS 3.7.9 answers.
const CIPHER_KEY_SIZES: [usize; 45] = [0, 0, 16, 24, 16, 32, 5, 16, 32, 24, 16, 32, 24, 32, 32, 16, 32, 5, 8, 16, 32, 16, 32, 32, 32, 32, 32, 32, 32, 16, 24, 32, 32, 64, 32, 32, 32, 32, 64, 24, 32, 32, 0, 0, 0];
const DIGEST_SIZES: [c_uint; 20] = [0, 0, 16, 20, 20, 0, 32, 48, 64, 28, 28, 32, 48, 64, 36, 32, 32, 64, 0, 0];

#[no_mangle]
pub extern "C" fn gnutls_cipher_get_key_size(algorithm: gnutls_cipher_algorithm_t) -> libc::size_t {
    guard("gnutls_cipher_get_key_size", || CIPHER_KEY_SIZES.get(algorithm as usize).copied().unwrap_or(0))
}

#[no_mangle]
pub extern "C" fn gnutls_hash_get_len(algorithm: gnutls_digest_algorithm_t) -> c_uint {
    guard("gnutls_hash_get_len", || DIGEST_SIZES.get(algorithm as usize).copied().unwrap_or(0))
}

/// The digest named (case-insensitively) as GnuTLS names it.
pub fn digest_id(name: &str) -> gnutls_digest_algorithm_t {
    DIGEST_NAMES
        .iter()
        .find(|(_, n)| n.trim_end_matches('\0').eq_ignore_ascii_case(name))
        .map_or(GNUTLS_DIG_UNKNOWN, |(id, _)| *id)
}
