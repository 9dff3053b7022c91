//! Algorithm identifiers and their names, sizes and lists, GnuTLS's cipher-suite table,
//! and what the current session negotiated. The data is in `tables`, GnuTLS's own tables row
//! by row; the functions here are the lookups GnuTLS does over them.

mod tables;

use std::ffi::CStr;

use rustls::CipherSuite;

use crate::constants::*;

// The names below are what GnuTLS 3.7.9's *_get_name functions answer (read off the real library).
const MAC_NAMES: &[(u32, &CStr)] = &[(1, c"MAC-NULL"), (2, c"MD5"), (3, c"SHA1"), (4, c"RIPEMD160"), (5, c"MD2"), (6, c"SHA256"), (7, c"SHA384"), (8, c"SHA512"), (9, c"SHA224"), (10, c"SHA3-224"), (11, c"SHA3-256"), (12, c"SHA3-384"), (13, c"SHA3-512"), (14, c"MD5+SHA1"), (15, c"GOSTR341194"), (16, c"STREEBOG-256"), (17, c"STREEBOG-512"), (200, c"AEAD"), (201, c"UMAC-96"), (202, c"UMAC-128"), (203, c"AES-CMAC-128"), (204, c"AES-CMAC-256"), (205, c"AES-GMAC-128"), (206, c"AES-GMAC-192"), (207, c"AES-GMAC-256"), (208, c"GOST28147-TC26Z-IMIT"), (209, c"SHAKE-128"), (210, c"SHAKE-256"), (211, c"OMAC-MAGMA"), (212, c"OMAC-KUZNYECHIK")];
const CIPHER_NAMES: &[(u32, &CStr)] = &[(1, c"NULL"), (2, c"ARCFOUR-128"), (3, c"3DES-CBC"), (4, c"AES-128-CBC"), (5, c"AES-256-CBC"), (6, c"ARCFOUR-40"), (7, c"CAMELLIA-128-CBC"), (8, c"CAMELLIA-256-CBC"), (9, c"AES-192-CBC"), (10, c"AES-128-GCM"), (11, c"AES-256-GCM"), (12, c"CAMELLIA-192-CBC"), (13, c"SALSA20-256"), (14, c"ESTREAM-SALSA20-256"), (15, c"CAMELLIA-128-GCM"), (16, c"CAMELLIA-256-GCM"), (17, c"RC2-40"), (18, c"DES-CBC"), (19, c"AES-128-CCM"), (20, c"AES-256-CCM"), (21, c"AES-128-CCM-8"), (22, c"AES-256-CCM-8"), (23, c"CHACHA20-POLY1305"), (24, c"GOST28147-TC26Z-CFB"), (25, c"GOST28147-CPA-CFB"), (26, c"GOST28147-CPB-CFB"), (27, c"GOST28147-CPC-CFB"), (28, c"GOST28147-CPD-CFB"), (29, c"AES-128-CFB8"), (30, c"AES-192-CFB8"), (31, c"AES-256-CFB8"), (32, c"AES-128-XTS"), (33, c"AES-256-XTS"), (34, c"GOST28147-TC26Z-CNT"), (35, c"CHACHA20-64"), (36, c"CHACHA20-32"), (37, c"AES-128-SIV"), (38, c"AES-256-SIV"), (39, c"AES-192-GCM"), (40, c"MAGMA-CTR-ACPKM"), (41, c"KUZNYECHIK-CTR-ACPKM")];
const KX_NAMES: &[(u32, &CStr)] = &[(1, c"RSA"), (2, c"DHE-DSS"), (3, c"DHE-RSA"), (4, c"ANON-DH"), (5, c"SRP"), (7, c"SRP-RSA"), (8, c"SRP-DSS"), (9, c"PSK"), (10, c"DHE-PSK"), (11, c"ANON-ECDH"), (12, c"ECDHE-RSA"), (13, c"ECDHE-ECDSA"), (14, c"ECDHE-PSK"), (15, c"RSA-PSK"), (16, c"VKO-GOST-12")];
const PROTOCOL_NAMES: &[(u32, &CStr)] = &[(1, c"SSL3.0"), (2, c"TLS1.0"), (3, c"TLS1.1"), (4, c"TLS1.2"), (5, c"TLS1.3"), (200, c"DTLS0.9"), (201, c"DTLS1.0"), (202, c"DTLS1.2")];
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
/// `gnutls_pk_algorithm_get_name`: the first row's name, NULL for ids GnuTLS lacks.
pub fn pk_name(algorithm: gnutls_pk_algorithm_t) -> Option<&'static CStr> {
    tables::PKS.iter().find(|p| p.id == algorithm).map(|p| p.name)
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

/// The IANA registry's name of a suite rustls implements (`gnutls_ciphersuite_get`).
pub fn canonical_suite_name(suite: CipherSuite) -> Option<&'static CStr> {
    use CipherSuite as S;
    Some(match suite {
        S::TLS13_AES_128_GCM_SHA256 => c"TLS_AES_128_GCM_SHA256",
        S::TLS13_AES_256_GCM_SHA384 => c"TLS_AES_256_GCM_SHA384",
        S::TLS13_CHACHA20_POLY1305_SHA256 => c"TLS_CHACHA20_POLY1305_SHA256",
        S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => c"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => c"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => c"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => c"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => c"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => c"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
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

// ---- The tables' rows ----

/// Which TLS versions give a signature code point its meaning: GnuTLS has separate rows for
/// ECDSA under TLS 1.2 (any curve) and TLS 1.3 (the curve is fixed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    Tls12,
    Tls13,
    Both,
}

pub struct SignRow {
    pub id: gnutls_sign_algorithm_t,
    pub name: &'static CStr,
    pub oid: Option<&'static CStr>,
    pub hash: gnutls_digest_algorithm_t,
    pub pk: gnutls_pk_algorithm_t,
    pub secure: bool,
    pub secure_for_certs: bool,
    /// The key types it signs with (`gnutls_sign_supports_pk_algorithm`).
    pub pks: &'static [gnutls_pk_algorithm_t],
    /// Its TLS SignatureScheme code point.
    pub tls: Option<(u16, Semantics)>,
}

pub struct PkRow {
    pub id: gnutls_pk_algorithm_t,
    pub name: &'static CStr,
    pub oid: Option<&'static CStr>,
}

pub struct CurveRow {
    pub id: gnutls_ecc_curve_t,
    pub name: &'static CStr,
    pub oid: &'static CStr,
    pub pk: gnutls_pk_algorithm_t,
    pub size: i32,
}

pub struct GroupRow {
    pub id: gnutls_group_t,
    pub name: &'static CStr,
    /// Its TLS NamedGroup code point, for the groups rustls can negotiate.
    pub tls: Option<u16>,
}

pub struct SuiteRow {
    pub id: [u8; 2],
    /// GnuTLS's name, "TLS_..." (`gnutls_cipher_suite_info`).
    pub name: &'static CStr,
    pub kx: gnutls_kx_algorithm_t,
    pub cipher: gnutls_cipher_algorithm_t,
    pub mac: gnutls_mac_algorithm_t,
    pub min_version: gnutls_protocol_t,
}

pub struct SecParamRow {
    pub param: gnutls_sec_param_t,
    pub name: &'static CStr,
    pub bits: u32,
    pub pk_bits: u32,
    pub dsa_bits: u32,
    pub ecc_bits: u32,
}

pub use tables::{
    CIPHER_LIST, CURVE_LIST, DIGEST_LIST, GROUP_LIST, INIT_KEYWORDS, KX_LIST, MAC_LIST, PK_LIST, PROTOCOL_LIST,
    SIGN_LIST, SPECIAL_KEYWORDS,
};

/// `gnutls_certificate_type_list` and `gnutls_compression_list` (GnuTLS 3.7 compresses nothing).
pub static CERTIFICATE_TYPE_LIST: [u32; 3] = [GNUTLS_CRT_X509, GNUTLS_CRT_RAWPK, 0];
pub static COMPRESSION_LIST: [u32; 2] = [GNUTLS_COMP_NULL, 0];

fn eq_ci(a: &CStr, b: &str) -> bool {
    a.to_bytes().eq_ignore_ascii_case(b.as_bytes())
}

/// The id of the (case-insensitively) named entry of a name table, if `supported` lists it.
fn id_by_name(table: &[(u32, &'static CStr)], name: &str, supported: &[u32]) -> Option<u32> {
    table.iter().find(|(id, n)| eq_ci(n, name) && supported.contains(id)).map(|(id, _)| *id)
}

// ---- Names to ids, and the lists ----

pub fn cipher_id(name: &str) -> gnutls_cipher_algorithm_t {
    id_by_name(CIPHER_NAMES, name, &CIPHER_LIST).unwrap_or(GNUTLS_CIPHER_UNKNOWN)
}
pub fn mac_id(name: &str) -> gnutls_mac_algorithm_t {
    id_by_name(MAC_NAMES, name, &MAC_LIST).unwrap_or(GNUTLS_MAC_UNKNOWN)
}
pub fn kx_id(name: &str) -> gnutls_kx_algorithm_t {
    KX_NAMES.iter().find(|(_, n)| eq_ci(n, name)).map_or(GNUTLS_KX_UNKNOWN, |(id, _)| *id)
}
pub fn protocol_id(name: &str) -> gnutls_protocol_t {
    PROTOCOL_NAMES.iter().find(|(_, n)| eq_ci(n, name)).map_or(GNUTLS_VERSION_UNKNOWN, |(id, _)| *id)
}
/// `gnutls_certificate_type_get_id`: GnuTLS knows "X.509"/"X509" and "RAWPK".
pub fn certificate_type_id(name: &str) -> gnutls_certificate_type_t {
    if name.eq_ignore_ascii_case("X.509") || name.eq_ignore_ascii_case("X509") {
        GNUTLS_CRT_X509
    } else if name.eq_ignore_ascii_case("RAWPK") {
        GNUTLS_CRT_RAWPK
    } else {
        GNUTLS_CRT_UNKNOWN
    }
}

pub fn compression_name(method: gnutls_compression_method_t) -> Option<&'static CStr> {
    (method == GNUTLS_COMP_NULL).then_some(c"NULL")
}
pub fn compression_id(name: &str) -> gnutls_compression_method_t {
    if name.eq_ignore_ascii_case("NULL") {
        GNUTLS_COMP_NULL
    } else {
        GNUTLS_COMP_UNKNOWN
    }
}

// ---- Signatures ----

/// The first row for a signature id (id 0 is "unknown", whatever row carries it).
fn sign_row(sign: gnutls_sign_algorithm_t) -> Option<&'static SignRow> {
    tables::SIGNS.iter().find(|r| r.id != 0 && r.id == sign)
}

pub fn sign_name(sign: gnutls_sign_algorithm_t) -> Option<&'static CStr> {
    sign_row(sign).map(|r| r.name)
}
pub fn sign_oid(sign: gnutls_sign_algorithm_t) -> Option<&'static CStr> {
    sign_row(sign).and_then(|r| r.oid)
}
pub fn sign_hash(sign: gnutls_sign_algorithm_t) -> gnutls_digest_algorithm_t {
    sign_row(sign).map_or(GNUTLS_DIG_UNKNOWN, |r| r.hash)
}
pub fn sign_pk(sign: gnutls_sign_algorithm_t) -> gnutls_pk_algorithm_t {
    sign_row(sign).map_or(GNUTLS_PK_UNKNOWN, |r| r.pk)
}
/// `gnutls_sign_is_secure2`: for certificates (`GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS`) SHA-1
/// no longer is.
pub fn sign_is_secure(sign: gnutls_sign_algorithm_t, flags: u32) -> bool {
    sign_row(sign).is_some_and(|r| if flags & GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS as u32 != 0 { r.secure_for_certs } else { r.secure })
}
pub fn sign_supports_pk(sign: gnutls_sign_algorithm_t, pk: gnutls_pk_algorithm_t) -> bool {
    sign_row(sign).is_some_and(|r| r.pks.contains(&pk))
}
pub fn sign_id(name: &str) -> gnutls_sign_algorithm_t {
    tables::SIGNS.iter().find(|r| eq_ci(r.name, name)).map_or(GNUTLS_SIGN_UNKNOWN, |r| r.id)
}
pub fn oid_to_sign(oid: &str) -> gnutls_sign_algorithm_t {
    tables::SIGNS.iter().find(|r| r.oid.is_some_and(|o| o.to_bytes() == oid.as_bytes())).map_or(GNUTLS_SIGN_UNKNOWN, |r| r.id)
}
/// `gnutls_pk_to_sign`: the first signature row of that key type and digest.
pub fn pk_to_sign(pk: gnutls_pk_algorithm_t, hash: gnutls_digest_algorithm_t) -> gnutls_sign_algorithm_t {
    tables::SIGNS.iter().find(|r| r.pk == pk && r.hash == hash).map_or(GNUTLS_SIGN_UNKNOWN, |r| r.id)
}
/// The GnuTLS signature for a TLS SignatureScheme code point under that protocol version.
pub fn sign_from_tls(code: u16, tls13: bool) -> gnutls_sign_algorithm_t {
    let fits = |s: Semantics| s == Semantics::Both || (s == Semantics::Tls13) == tls13;
    tables::SIGNS
        .iter()
        .find(|r| r.tls.is_some_and(|(c, s)| c == code && fits(s)))
        .map_or(GNUTLS_SIGN_UNKNOWN, |r| r.id)
}
/// A signature's TLS code point and the versions it is used under.
pub fn sign_tls(sign: gnutls_sign_algorithm_t) -> Option<(u16, Semantics)> {
    sign_row(sign).and_then(|r| r.tls)
}

// ---- Public-key algorithms and security levels ----

/// `gnutls_pk_get_name`: as `gnutls_pk_algorithm_get_name`, but "Unknown" for what GnuTLS lacks.
pub fn pk_get_name(pk: gnutls_pk_algorithm_t) -> &'static CStr {
    pk_name(pk).unwrap_or(c"Unknown")
}
/// `gnutls_pk_get_id`: names compare exactly, as in GnuTLS.
pub fn pk_id(name: &str) -> gnutls_pk_algorithm_t {
    tables::PKS.iter().find(|p| p.name.to_bytes() == name.as_bytes()).map_or(GNUTLS_PK_UNKNOWN, |p| p.id)
}
pub fn pk_oid(pk: gnutls_pk_algorithm_t) -> Option<&'static CStr> {
    tables::PKS.iter().find(|p| p.id != 0 && p.id == pk).and_then(|p| p.oid)
}

fn is_ec(pk: gnutls_pk_algorithm_t) -> bool {
    matches!(
        pk,
        GNUTLS_PK_ECDSA
            | GNUTLS_PK_ECDH_X25519
            | GNUTLS_PK_EDDSA_ED25519
            | GNUTLS_PK_ECDH_X448
            | GNUTLS_PK_EDDSA_ED448
            | GNUTLS_PK_GOST_01
            | GNUTLS_PK_GOST_12_256
            | GNUTLS_PK_GOST_12_512
    )
}

fn sec_param_row(param: gnutls_sec_param_t) -> Option<&'static SecParamRow> {
    tables::SEC_PARAMS.iter().find(|p| p.param == param)
}

pub fn sec_param_name(param: gnutls_sec_param_t) -> &'static CStr {
    sec_param_row(param).map_or(c"Unknown", |p| p.name)
}
pub fn sec_param_to_symmetric_bits(param: gnutls_sec_param_t) -> u32 {
    sec_param_row(param).map_or(0, |p| p.bits)
}
/// `gnutls_sec_param_to_pk_bits`: DSA and elliptic curves have their own columns.
pub fn sec_param_to_pk_bits(pk: gnutls_pk_algorithm_t, param: gnutls_sec_param_t) -> u32 {
    sec_param_row(param).map_or(0, |p| match pk {
        GNUTLS_PK_DSA => p.dsa_bits,
        _ if is_ec(pk) => p.ecc_bits,
        _ => p.pk_bits,
    })
}
/// `gnutls_pk_bits_to_sec_param`: the highest level whose key size `bits` reaches.
pub fn pk_bits_to_sec_param(pk: gnutls_pk_algorithm_t, bits: u32) -> gnutls_sec_param_t {
    if bits == 0 {
        return GNUTLS_SEC_PARAM_UNKNOWN;
    }
    let size = |p: &SecParamRow| if is_ec(pk) { p.ecc_bits } else { p.pk_bits };
    tables::SEC_PARAMS.iter().take_while(|p| size(p) <= bits).last().map_or(GNUTLS_SEC_PARAM_INSECURE, |p| p.param)
}

// ---- Curves and groups ----

fn curve_row(curve: gnutls_ecc_curve_t) -> Option<&'static CurveRow> {
    tables::CURVES.iter().find(|c| c.id == curve)
}
pub fn curve_name(curve: gnutls_ecc_curve_t) -> Option<&'static CStr> {
    curve_row(curve).map(|c| c.name)
}
pub fn curve_oid(curve: gnutls_ecc_curve_t) -> Option<&'static CStr> {
    curve_row(curve).map(|c| c.oid)
}
pub fn curve_pk(curve: gnutls_ecc_curve_t) -> gnutls_pk_algorithm_t {
    curve_row(curve).map_or(GNUTLS_PK_UNKNOWN, |c| c.pk)
}
pub fn curve_size(curve: gnutls_ecc_curve_t) -> i32 {
    curve_row(curve).map_or(0, |c| c.size)
}
/// Names and OIDs find only the curves this build supports, as in GnuTLS.
pub fn curve_id(name: &str) -> gnutls_ecc_curve_t {
    tables::CURVES.iter().find(|c| eq_ci(c.name, name) && CURVE_LIST.contains(&c.id)).map_or(GNUTLS_ECC_CURVE_INVALID, |c| c.id)
}
pub fn oid_to_curve(oid: &str) -> gnutls_ecc_curve_t {
    tables::CURVES
        .iter()
        .find(|c| c.oid.to_bytes() == oid.as_bytes() && CURVE_LIST.contains(&c.id))
        .map_or(GNUTLS_ECC_CURVE_INVALID, |c| c.id)
}

pub fn group_name(group: gnutls_group_t) -> Option<&'static CStr> {
    tables::GROUPS.iter().find(|g| g.id == group).map(|g| g.name)
}
pub fn group_id(name: &str) -> gnutls_group_t {
    tables::GROUPS.iter().find(|g| eq_ci(g.name, name) && GROUP_LIST.contains(&g.id)).map_or(GNUTLS_GROUP_INVALID, |g| g.id)
}
/// The GnuTLS group of a TLS NamedGroup code point.
pub fn group_from_tls(code: u16) -> gnutls_group_t {
    tables::GROUPS.iter().find(|g| g.tls == Some(code)).map_or(GNUTLS_GROUP_INVALID, |g| g.id)
}
pub fn group_tls(group: gnutls_group_t) -> Option<u16> {
    tables::GROUPS.iter().find(|g| g.id == group).and_then(|g| g.tls)
}
/// Groups below 256 are elliptic curves, with the curve's id.
pub fn group_is_curve(group: gnutls_group_t) -> bool {
    group != GNUTLS_GROUP_INVALID && group < GNUTLS_GROUP_FFDHE2048
}

// ---- Cipher suites ----

/// `gnutls_cipher_suite_info`: GnuTLS's table row `idx`.
pub fn suite_info(idx: usize) -> Option<&'static SuiteRow> {
    tables::SUITES.get(idx)
}
/// The index of a TLS cipher suite in GnuTLS's table.
pub fn suite_index(id: u16) -> Option<usize> {
    tables::SUITES.iter().position(|s| u16::from_be_bytes(s.id) == id)
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn lookups_follow_gnutls_rules() {
        assert_eq!(sign_id("rsa-sha256"), GNUTLS_SIGN_RSA_SHA256);
        assert_eq!(oid_to_sign("1.2.840.113549.1.1.10"), GNUTLS_SIGN_RSA_PSS_SHA256);
        assert_eq!(oid_to_sign("1.3.14.3.2.29"), GNUTLS_SIGN_RSA_SHA1);
        assert_eq!(pk_to_sign(GNUTLS_PK_ECDSA, GNUTLS_DIG_SHA256), GNUTLS_SIGN_ECDSA_SHA256);
        assert_eq!(sign_from_tls(0x0403, true), GNUTLS_SIGN_ECDSA_SECP256R1_SHA256);
        assert_eq!(sign_from_tls(0x0403, false), GNUTLS_SIGN_ECDSA_SHA256);
        assert!(sign_is_secure(GNUTLS_SIGN_RSA_SHA1, 0));
        assert!(!sign_is_secure(GNUTLS_SIGN_RSA_SHA1, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS as u32));
        assert_eq!(pk_id("rsa"), GNUTLS_PK_UNKNOWN);
        assert_eq!(pk_id("RSA"), GNUTLS_PK_RSA);
        assert_eq!(pk_get_name(0).to_bytes(), b"GOST R 34.10-94");
        assert_eq!(pk_bits_to_sec_param(GNUTLS_PK_RSA, 2048), GNUTLS_SEC_PARAM_MEDIUM);
        assert_eq!(pk_bits_to_sec_param(GNUTLS_PK_RSA, 100), GNUTLS_SEC_PARAM_INSECURE);
        assert_eq!(sec_param_to_pk_bits(GNUTLS_PK_ECDSA, GNUTLS_SEC_PARAM_HIGH), 256);
        assert_eq!(curve_id("CryptoPro-B"), GNUTLS_ECC_CURVE_INVALID);
        assert_eq!(group_from_tls(29), GNUTLS_GROUP_X25519);
        assert_eq!(suite_index(0x1301), Some(0));
    }
}

/// GnuTLS 3.7.3's system-configuration overrides (`gnutls_ecc_curve_set_enabled`,
/// `gnutls_sign_set_secure`, ...) change the algorithm tables only when the system
/// configuration file enables allowlisting (`override-mode = allowlist`), and only before the
/// first priority string; otherwise GnuTLS refuses them, as on Debian's default configuration.
// divergence: the system configuration's allowlisting is not read, so they always refuse.
pub fn system_override() -> Result<(), crate::errors::Error> {
    Err(crate::errors::Error::INVALID_REQUEST)
}

// ---- OIDs of digests, MACs and key types; other names ----

pub fn digest_oid(digest: gnutls_digest_algorithm_t) -> Option<&'static CStr> {
    tables::DIGEST_OIDS.iter().find(|(id, _, _)| *id == digest).map(|(_, oid, _)| *oid)
}
pub fn oid_to_digest(oid: &str) -> gnutls_digest_algorithm_t {
    tables::DIGEST_OIDS.iter().find(|(_, o, _)| o.to_bytes() == oid.as_bytes()).map_or(GNUTLS_DIG_UNKNOWN, |(id, _, _)| *id)
}
/// `gnutls_oid_to_mac`: the HMACs' OIDs.
pub fn oid_to_mac(oid: &str) -> gnutls_mac_algorithm_t {
    tables::DIGEST_OIDS
        .iter()
        .find(|(_, _, m)| m.is_some_and(|m| m.to_bytes() == oid.as_bytes()))
        .map_or(GNUTLS_MAC_UNKNOWN, |(id, _, _)| *id)
}
/// `gnutls_oid_to_pk`: the first row with that OID (GOST R 34.10-94's is "unknown").
pub fn oid_to_pk(oid: &str) -> gnutls_pk_algorithm_t {
    tables::PKS.iter().find(|p| p.oid.is_some_and(|o| o.to_bytes() == oid.as_bytes())).map_or(GNUTLS_PK_UNKNOWN, |p| p.id)
}
pub fn handshake_name(kind: u32) -> &'static CStr {
    lookup(tables::HANDSHAKE_NAMES, kind).unwrap_or(c"Unknown Handshake packet")
}
pub fn gost_paramset_name(param: u32) -> &'static CStr {
    lookup(tables::GOST_PARAMSET_NAMES, param).unwrap_or(c"Unknown")
}
pub fn profile_name(profile: u32) -> Option<&'static CStr> {
    lookup(tables::PROFILE_NAMES, profile)
}
pub fn profile_id(name: &str) -> u32 {
    tables::PROFILE_NAMES.iter().find(|(_, n)| eq_ci(n, name)).map_or(GNUTLS_PROFILE_UNKNOWN, |(id, _)| *id)
}
pub fn extension_name(ext: u32) -> Option<&'static CStr> {
    lookup(tables::EXTENSION_NAMES, ext)
}
