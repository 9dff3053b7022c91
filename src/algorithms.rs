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
// GnuTLS 3.7.9's signature algorithms (read off the real library): (id, name, OID, pk, digest, secure for certificates).
pub const SIGNATURES: &[(u32, &CStr, &str, u32, u32, bool)] = &[
    (1, c"RSA-SHA1", "1.2.840.113549.1.1.5", 1, 3, false),
    (2, c"DSA-SHA1", "1.2.840.10040.4.3", 2, 3, false),
    (3, c"RSA-MD5", "1.2.840.113549.1.1.4", 1, 2, false),
    (4, c"RSA-MD2", "1.2.840.113549.1.1.2", 1, 5, false),
    (5, c"RSA-RMD160", "1.3.36.3.3.1.2", 1, 4, false),
    (6, c"RSA-SHA256", "1.2.840.113549.1.1.11", 1, 6, true),
    (7, c"RSA-SHA384", "1.2.840.113549.1.1.12", 1, 7, true),
    (8, c"RSA-SHA512", "1.2.840.113549.1.1.13", 1, 8, true),
    (9, c"RSA-SHA224", "1.2.840.113549.1.1.14", 1, 9, true),
    (10, c"DSA-SHA224", "2.16.840.1.101.3.4.3.1", 2, 9, true),
    (11, c"DSA-SHA256", "2.16.840.1.101.3.4.3.2", 2, 6, true),
    (12, c"ECDSA-SHA1", "1.2.840.10045.4.1", 4, 3, false),
    (13, c"ECDSA-SHA224", "1.2.840.10045.4.3.1", 4, 9, true),
    (14, c"ECDSA-SHA256", "1.2.840.10045.4.3.2", 4, 6, true),
    (15, c"ECDSA-SHA384", "1.2.840.10045.4.3.3", 4, 7, true),
    (16, c"ECDSA-SHA512", "1.2.840.10045.4.3.4", 4, 8, true),
    (17, c"DSA-SHA384", "2.16.840.1.101.3.4.3.3", 2, 7, true),
    (18, c"DSA-SHA512", "2.16.840.1.101.3.4.3.4", 2, 8, true),
    (20, c"ECDSA-SHA3-224", "2.16.840.1.101.3.4.3.9", 4, 10, true),
    (21, c"ECDSA-SHA3-256", "2.16.840.1.101.3.4.3.10", 4, 11, true),
    (22, c"ECDSA-SHA3-384", "2.16.840.1.101.3.4.3.11", 4, 12, true),
    (23, c"ECDSA-SHA3-512", "2.16.840.1.101.3.4.3.12", 4, 13, true),
    (24, c"DSA-SHA3-224", "2.16.840.1.101.3.4.3.5", 2, 10, true),
    (25, c"DSA-SHA3-256", "2.16.840.1.101.3.4.3.6", 2, 11, true),
    (26, c"DSA-SHA3-384", "2.16.840.1.101.3.4.3.7", 2, 12, true),
    (27, c"DSA-SHA3-512", "2.16.840.1.101.3.4.3.8", 2, 13, true),
    (28, c"RSA-SHA3-224", "2.16.840.1.101.3.4.3.13", 1, 10, true),
    (29, c"RSA-SHA3-256", "2.16.840.1.101.3.4.3.14", 1, 11, true),
    (30, c"RSA-SHA3-384", "2.16.840.1.101.3.4.3.15", 1, 12, true),
    (31, c"RSA-SHA3-512", "2.16.840.1.101.3.4.3.16", 1, 13, true),
    (32, c"RSA-PSS-SHA256", "1.2.840.113549.1.1.10", 6, 6, true),
    (33, c"RSA-PSS-SHA384", "1.2.840.113549.1.1.10", 6, 7, true),
    (34, c"RSA-PSS-SHA512", "1.2.840.113549.1.1.10", 6, 8, true),
    (35, c"EdDSA-Ed25519", "1.3.101.112", 7, 8, true),
    (36, c"RSA-RAW", "", 1, 0, true),
    (37, c"ECDSA-SECP256R1-SHA256", "", 4, 6, true),
    (38, c"ECDSA-SECP384R1-SHA384", "", 4, 7, true),
    (39, c"ECDSA-SECP521R1-SHA512", "", 4, 8, true),
    (40, c"RSA-PSS-RSAE-SHA256", "1.2.840.113549.1.1.10", 6, 6, true),
    (41, c"RSA-PSS-RSAE-SHA384", "1.2.840.113549.1.1.10", 6, 7, true),
    (42, c"RSA-PSS-RSAE-SHA512", "1.2.840.113549.1.1.10", 6, 8, true),
    (43, c"GOSTR341001", "1.2.643.2.2.3", 8, 15, false),
    (44, c"GOSTR341012-256", "1.2.643.7.1.1.3.2", 9, 16, true),
    (45, c"GOSTR341012-512", "1.2.643.7.1.1.3.3", 10, 17, true),
    (46, c"EdDSA-Ed448", "1.3.101.113", 12, 210, true),
];
// Its curves: (id, name, OID, size in bytes, pk).
pub const CURVES: &[(u32, &CStr, &str, u32, u32)] = &[
    (1, c"SECP224R1", "1.3.132.0.33", 28, 4),
    (2, c"SECP256R1", "1.2.840.10045.3.1.7", 32, 4),
    (3, c"SECP384R1", "1.3.132.0.34", 48, 4),
    (4, c"SECP521R1", "1.3.132.0.35", 66, 4),
    (5, c"SECP192R1", "1.2.840.10045.3.1.1", 24, 4),
    (6, c"X25519", "1.3.101.110", 32, 5),
    (7, c"Ed25519", "1.3.101.112", 32, 7),
    (8, c"CryptoPro-A", "1.2.643.2.2.35.1", 32, 0),
    (9, c"CryptoPro-B", "1.2.643.2.2.35.2", 32, 0),
    (10, c"CryptoPro-C", "1.2.643.2.2.35.3", 32, 0),
    (11, c"CryptoPro-XchA", "1.2.643.2.2.36.0", 32, 0),
    (12, c"CryptoPro-XchB", "1.2.643.2.2.36.1", 32, 0),
    (13, c"TC26-512-A", "1.2.643.7.1.2.1.2.1", 64, 10),
    (14, c"TC26-512-B", "1.2.643.7.1.2.1.2.2", 64, 10),
    (15, c"TC26-512-C", "1.2.643.7.1.2.1.2.3", 64, 10),
    (16, c"TC26-256-A", "1.2.643.7.1.2.1.1.1", 32, 9),
    (17, c"TC26-256-B", "1.2.643.7.1.2.1.1.2", 32, 9),
    (18, c"TC26-256-C", "1.2.643.7.1.2.1.1.3", 32, 9),
    (19, c"TC26-256-D", "1.2.643.7.1.2.1.1.4", 32, 9),
    (20, c"X448", "1.3.101.111", 56, 11),
    (21, c"Ed448", "1.3.101.113", 57, 12),
];
// TLS extension names (gnutls_ext_get_name), for the TLS features extension.
pub const EXTENSIONS: &[(u32, &CStr)] = &[
    (0, c"Server Name Indication"),
    (1, c"Maximum Record Size"),
    (5, c"OCSP Status Request"),
    (10, c"Supported Groups"),
    (11, c"Supported EC Point Formats"),
    (12, c"SRP"),
    (13, c"Signature Algorithms"),
    (14, c"SRTP"),
    (15, c"Heartbeat"),
    (16, c"ALPN"),
    (19, c"Client Certificate Type"),
    (20, c"Server Certificate Type"),
    (21, c"ClientHello Padding"),
    (22, c"Encrypt-then-MAC"),
    (23, c"Extended Master Secret"),
    (27, c"Compress Certificate"),
    (28, c"Record Size Limit"),
    (35, c"Session Ticket"),
    (41, c"Pre Shared Key"),
    (42, c"Early Data"),
    (43, c"Supported Versions"),
    (44, c"Cookie"),
    (45, c"PSK Key Exchange Modes"),
    (49, c"Post Handshake Auth"),
    (51, c"Key Share"),
];

/// `gnutls_sign_get_name`.
pub fn sign_name(sign: u32) -> Option<&'static CStr> {
    SIGNATURES.iter().find(|s| s.0 == sign).map(|s| s.1)
}

/// `gnutls_sign_is_secure2(sign, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS)`.
pub fn sign_secure_for_certs(sign: u32) -> bool {
    SIGNATURES.iter().any(|s| s.0 == sign && s.5)
}

/// `gnutls_sign_get_pk_algorithm`.
pub fn sign_pk(sign: u32) -> u32 {
    SIGNATURES.iter().find(|s| s.0 == sign).map_or(GNUTLS_PK_UNKNOWN, |s| s.3)
}

/// `gnutls_ecc_curve_get_name`.
pub fn curve_name(curve: u32) -> Option<&'static CStr> {
    CURVES.iter().find(|c| c.0 == curve).map(|c| c.1)
}

/// The curve GnuTLS knows by this OID (`gnutls_oid_to_ecc_curve`), or GNUTLS_ECC_CURVE_INVALID.
pub fn curve_by_oid(oid: &str) -> u32 {
    CURVES.iter().find(|c| c.2 == oid).map_or(GNUTLS_ECC_CURVE_INVALID, |c| c.0)
}

/// `gnutls_ext_get_name` for the extensions GnuTLS implements.
pub fn extension_name(ext: u32) -> Option<&'static CStr> {
    EXTENSIONS.iter().find(|e| e.0 == ext).map(|e| e.1)
}

// GnuTLS 3.7.9's security levels (lib/algorithms/secparams.c, built without FIPS 140):
// (level, name, RSA/DH bits, EC bits).
const SEC_PARAMS: &[(u32, &CStr, u32, u32)] = &[
    (GNUTLS_SEC_PARAM_INSECURE, c"Insecure", 0, 0),
    (GNUTLS_SEC_PARAM_EXPORT, c"Export", 512, 0),
    (GNUTLS_SEC_PARAM_VERY_WEAK, c"Very weak", 767, 0),
    (GNUTLS_SEC_PARAM_WEAK, c"Weak", 1008, 160),
    (GNUTLS_SEC_PARAM_LOW, c"Low", 1024, 160),
    (GNUTLS_SEC_PARAM_LEGACY, c"Legacy", 1776, 192),
    (GNUTLS_SEC_PARAM_MEDIUM, c"Medium", 2048, 256),
    (GNUTLS_SEC_PARAM_HIGH, c"High", 3072, 256),
    (GNUTLS_SEC_PARAM_ULTRA, c"Ultra", 8192, 384),
    (GNUTLS_SEC_PARAM_FUTURE, c"Future", 15360, 512),
];

/// `gnutls_sec_param_get_name`.
pub fn sec_param_name(param: u32) -> &'static CStr {
    SEC_PARAMS.iter().find(|p| p.0 == param).map_or(c"Unknown", |p| p.1)
}

/// `gnutls_pk_bits_to_sec_param`: the highest level whose key size `bits` reaches.
pub fn pk_bits_to_sec_param(pk: u32, bits: u32) -> u32 {
    if bits == 0 {
        return GNUTLS_SEC_PARAM_UNKNOWN;
    }
    let ec = matches!(
        pk,
        GNUTLS_PK_ECDSA | GNUTLS_PK_ECDH_X25519 | GNUTLS_PK_ECDH_X448 | GNUTLS_PK_EDDSA_ED25519 | GNUTLS_PK_EDDSA_ED448
            | GNUTLS_PK_GOST_01 | GNUTLS_PK_GOST_12_256 | GNUTLS_PK_GOST_12_512
    );
    let mut level = GNUTLS_SEC_PARAM_INSECURE;
    for p in SEC_PARAMS {
        if (if ec { p.3 } else { p.2 }) > bits {
            break;
        }
        level = p.0;
    }
    level
}
