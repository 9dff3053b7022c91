//! The files keys come in and go out as, all through RustCrypto's formats crates: PKCS#8
//! (plain, PBES2- and PKCS#12-PBE-encrypted), PKCS#1 `RSAPrivateKey`, SEC1 `ECPrivateKey`,
//! SubjectPublicKeyInfo, and their PEM armour. Inside the library a private key is always
//! its PKCS#8 v1 DER.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode};
use pkcs8::{AlgorithmIdentifierRef, EncryptedPrivateKeyInfo, PrivateKeyInfo};
use zeroize::{Zeroize as _, Zeroizing};

use super::Curve;
use crate::constants::*;
use crate::errors::Error;

pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
pub const DSA: ObjectIdentifier = ::dsa::OID;
pub const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");

/// The PEM labels of private keys, as GnuTLS writes and reads them.
pub const PKCS8_LABEL: &str = "PRIVATE KEY";
pub const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";
pub const RSA_LABEL: &str = "RSA PRIVATE KEY";
pub const EC_LABEL: &str = "EC PRIVATE KEY";
pub const DSA_LABEL: &str = "DSA PRIVATE KEY";
pub const PUBLIC_LABEL: &str = "PUBLIC KEY";

/// The PEM blocks of a buffer, in order: (label, DER). Text around them is skipped and
/// the base64 may be wrapped at any width, as GnuTLS reads it; a block that does not
/// decode (or carries RFC 1421 headers, as legacy OpenSSL-encrypted keys do) is
/// GNUTLS_E_BASE64_DECODING_ERROR.
pub fn pem_blocks(data: &[u8]) -> Result<Vec<(String, Zeroizing<Vec<u8>>)>, Error> {
    use crate::x509::pem::find;
    use base64ct::Encoding as _;
    const BEGIN: &[u8] = b"-----BEGIN ";
    let bad = || Error::new(GNUTLS_E_BASE64_DECODING_ERROR);
    let mut blocks = Vec::new();
    let mut rest = data;
    while let Some(at) = find(rest, BEGIN) {
        let block = &rest[at + BEGIN.len()..];
        let label_end = find(block, b"-----").ok_or_else(bad)?;
        let label = &block[..label_end];
        let body_start = label_end + 5;
        let mut end_marker = b"-----END ".to_vec();
        end_marker.extend_from_slice(label);
        end_marker.extend_from_slice(b"-----");
        let body_end = find(&block[body_start..], &end_marker).ok_or_else(bad)? + body_start;
        let body = &block[body_start..body_end];
        if body.contains(&b':') {
            return Err(bad());
        }
        let b64: Vec<u8> = body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        let der = base64ct::Base64::decode_vec(std::str::from_utf8(&b64).map_err(|_| bad())?).map_err(|_| bad())?;
        blocks.push((String::from_utf8_lossy(label).into_owned(), Zeroizing::new(der)));
        rest = &block[body_end + end_marker.len()..];
    }
    Ok(blocks)
}

/// DER armoured as GnuTLS writes PEM: 64-column base64, LF line ends, a final newline.
pub fn pem_encode(label: &str, der: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(crate::x509::core::pem_encode(label, der).into_bytes())
}

/// DER, or PEM under `label`.
pub fn armour(pem: bool, label: &str, der: &[u8]) -> Result<Vec<u8>, Error> {
    if pem {
        pem_encode(label, der)
    } else {
        Ok(der.to_vec())
    }
}

fn der_error<E>(_: E) -> Error {
    Error::new(GNUTLS_E_ASN1_DER_ERROR)
}

/// A PKCS#8 v1 `PrivateKeyInfo` around an algorithm's own private key encoding.
fn wrap_pkcs8(algorithm: ObjectIdentifier, parameters: Option<AnyRef<'_>>, private_key: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let info = PrivateKeyInfo::new(AlgorithmIdentifierRef { oid: algorithm, parameters }, private_key);
    info.to_der().map(Zeroizing::new).map_err(der_error)
}

/// A PKCS#1 `RSAPrivateKey` as PKCS#8.
pub fn pkcs8_from_pkcs1(pkcs1_der: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    pkcs1::RsaPrivateKey::from_der(pkcs1_der).map_err(der_error)?;
    wrap_pkcs8(RSA_ENCRYPTION, Some(AnyRef::NULL), pkcs1_der)
}

/// A PKCS#1 `RSAPrivateKey` as GnuTLS writes an RSA-PSS key in PKCS#8: id-RSASSA-PSS with
/// the key's parameters, or none.
pub fn pkcs8_rsa_pss(pkcs1_der: &[u8], params: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, Error> {
    let params = params.map(AnyRef::from_der).transpose().map_err(der_error)?;
    wrap_pkcs8(RSA_PSS, params, pkcs1_der)
}

/// The parameters of a PKCS#8 key's algorithm, as DER.
pub fn pkcs8_parameters(pkcs8_der: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    let info = PrivateKeyInfo::from_der(pkcs8_der).map_err(der_error)?;
    info.algorithm.parameters.map(|p| p.to_der()).transpose().map_err(der_error)
}

/// A SEC1 `ECPrivateKey` as PKCS#8; the curve comes from its parameters, or from `curve`
/// when the caller knows it (keys inside PKCS#8 may leave them out).
pub fn pkcs8_from_sec1(sec1_der: &[u8], curve: Option<Curve>) -> Result<Zeroizing<Vec<u8>>, Error> {
    let key = sec1::EcPrivateKey::from_der(sec1_der).map_err(der_error)?;
    let curve = match key.parameters.and_then(|p| p.named_curve()) {
        Some(oid) => Curve::from_oid(&oid)?,
        None => curve.ok_or(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE))?,
    };
    let oid = curve.oid();
    let params = AnyRef::from(&oid);
    wrap_pkcs8(EC_PUBLIC_KEY, Some(params), sec1_der)
}

/// A SEC1 key built from its pieces (`gnutls_x509_privkey_import_ecc_raw`), as PKCS#8.
pub fn pkcs8_from_ec_parts(curve: Curve, k: &[u8], point: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let key = sec1::EcPrivateKey {
        private_key: k,
        parameters: Some(sec1::EcParameters::NamedCurve(curve.oid())),
        public_key: Some(point),
    };
    let der = Zeroizing::new(key.to_der().map_err(der_error)?);
    pkcs8_from_sec1(&der, Some(curve))
}

/// OpenSSL's traditional DSA private key ("DSA PRIVATE KEY"), which GnuTLS reads and writes.
#[derive(der::Sequence)]
pub struct DsaPrivateKey<'a> {
    pub version: u8,
    pub p: der::asn1::UintRef<'a>,
    pub q: der::asn1::UintRef<'a>,
    pub g: der::asn1::UintRef<'a>,
    pub y: der::asn1::UintRef<'a>,
    pub x: der::asn1::UintRef<'a>,
}

/// RFC 3279's Dss-Parms.
#[derive(der::Sequence)]
struct DssParms<'a> {
    p: der::asn1::UintRef<'a>,
    q: der::asn1::UintRef<'a>,
    g: der::asn1::UintRef<'a>,
}

/// A traditional DSA key as PKCS#8 (Dss-Parms and the INTEGER x, as GnuTLS writes it).
pub fn pkcs8_from_dsa(dsa_der: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let key = DsaPrivateKey::from_der(dsa_der).map_err(der_error)?;
    if key.version != 0 {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    let params = DssParms { p: key.p, q: key.q, g: key.g }.to_der().map_err(der_error)?;
    let x = Zeroizing::new(key.x.to_der().map_err(der_error)?);
    wrap_pkcs8(DSA, Some(AnyRef::from_der(&params).map_err(der_error)?), &x)
}

/// The traditional form of a DSA key, from its numbers (big-endian, unsigned).
pub fn dsa_traditional(p: &[u8], q: &[u8], g: &[u8], y: &[u8], x: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let u = |b| der::asn1::UintRef::new(b).map_err(der_error);
    let key = DsaPrivateKey { version: 0, p: u(p)?, q: u(q)?, g: u(g)?, y: u(y)?, x: u(x)? };
    key.to_der().map(Zeroizing::new).map_err(der_error)
}

/// The algorithm OID and the curve (if any) of a PKCS#8 key.
pub fn pkcs8_algorithm(pkcs8_der: &[u8]) -> Result<(ObjectIdentifier, Option<ObjectIdentifier>), Error> {
    let info = PrivateKeyInfo::from_der(pkcs8_der).map_err(der_error)?;
    let curve = info.algorithm.parameters.and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    Ok((info.algorithm.oid, curve))
}

/// The algorithm's own encoding inside a PKCS#8 key (PKCS#1 for RSA, SEC1 for EC).
pub fn pkcs8_inner(pkcs8_der: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let info = PrivateKeyInfo::from_der(pkcs8_der).map_err(der_error)?;
    Ok(Zeroizing::new(info.private_key.to_vec()))
}

/// How `gnutls_x509_privkey_export_pkcs8` protects a key (`gnutls_pkcs_encrypt_flags_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    Plain,
    Pbes2Aes128,
    Pbes2Aes192,
    Pbes2Aes256,
    Pbes2Des3,
    /// PKCS#12's own PBE (RFC 7292 appendix C, SHA-1 KDF).
    Pkcs12Des3,
    Pkcs12Rc2_40,
    Pkcs12Arcfour,
}

impl Protection {
    /// The scheme for GnuTLS's flags and password. PBES2-DES has no encoder in RustCrypto:
    /// GNUTLS_E_UNKNOWN_CIPHER_TYPE.
    pub fn from_flags(flags: u32, password: Option<&str>) -> Result<Protection, Error> {
        if flags & GNUTLS_PKCS_PLAIN != 0 || (password.is_none() && flags & GNUTLS_PKCS_NULL_PASSWORD == 0) {
            return Ok(Protection::Plain);
        }
        Ok(if flags & GNUTLS_PKCS_PBES2_AES_128 != 0 {
            Protection::Pbes2Aes128
        } else if flags & GNUTLS_PKCS_PBES2_AES_192 != 0 {
            Protection::Pbes2Aes192
        } else if flags & GNUTLS_PKCS_PBES2_AES_256 != 0 {
            Protection::Pbes2Aes256
        } else if flags & GNUTLS_PKCS_PBES2_3DES != 0 {
            Protection::Pbes2Des3
        } else if flags & GNUTLS_PKCS_PKCS12_3DES != 0 {
            Protection::Pkcs12Des3
        } else if flags & GNUTLS_PKCS_PKCS12_ARCFOUR != 0 {
            Protection::Pkcs12Arcfour
        } else if flags & GNUTLS_PKCS_PKCS12_RC2_40 != 0 {
            Protection::Pkcs12Rc2_40
        } else if flags & GNUTLS_PKCS_PBES2_DES != 0 {
            return Err(Error::new(GNUTLS_E_UNKNOWN_CIPHER_TYPE));
        } else {
            // GnuTLS 3.7.9's choice when no scheme is named (its `_gnutls_pkcs_flags_to_schema`).
            Protection::Pbes2Aes256
        })
    }
}

/// GnuTLS 3.7.9's PBKDF2 iteration count and salt size for PKCS#8.
const PBKDF2_ITERATIONS: u32 = 600_000;
const SALT_LEN: usize = 16;

/// PBES2 parameters (PBKDF2-HMAC-SHA256, GnuTLS's iteration count) with a fresh salt and IV,
/// handed to `f`.
fn with_pbes2_params<T>(protection: Protection, f: impl FnOnce(pkcs5::pbes2::Parameters<'_>) -> Result<T, Error>) -> Result<T, Error> {
    use pkcs5::pbes2::{EncryptionScheme, Kdf, Parameters, Pbkdf2Params, Pbkdf2Prf};
    let mut salt = [0u8; SALT_LEN];
    let mut iv = [0u8; 16];
    crate::provider::primitives::rand::fill(&mut salt).map_err(|_| Error::INTERNAL)?;
    crate::provider::primitives::rand::fill(&mut iv).map_err(|_| Error::INTERNAL)?;
    let des_iv: [u8; 8] = iv[..8].try_into().map_err(|_| Error::INTERNAL)?;
    let encryption = match protection {
        Protection::Plain | Protection::Pkcs12Des3 | Protection::Pkcs12Rc2_40 | Protection::Pkcs12Arcfour => return Err(Error::INVALID_REQUEST),
        Protection::Pbes2Aes128 => EncryptionScheme::Aes128Cbc { iv: &iv },
        Protection::Pbes2Aes192 => EncryptionScheme::Aes192Cbc { iv: &iv },
        Protection::Pbes2Aes256 => EncryptionScheme::Aes256Cbc { iv: &iv },
        Protection::Pbes2Des3 => EncryptionScheme::DesEde3Cbc { iv: &des_iv },
    };
    let kdf = Kdf::Pbkdf2(Pbkdf2Params { salt: &salt, iteration_count: PBKDF2_ITERATIONS, key_length: None, prf: Pbkdf2Prf::HmacWithSha256 });
    f(Parameters { kdf, encryption })
}

/// A PKCS#8 key encrypted with PBES2 (PBKDF2-HMAC-SHA256) or PKCS#12's PBE: the DER of an
/// `EncryptedPrivateKeyInfo`.
pub fn encrypt_pkcs8(pkcs8_der: &[u8], password: &str, protection: Protection) -> Result<Vec<u8>, Error> {
    let info = PrivateKeyInfo::from_der(pkcs8_der).map_err(der_error)?;
    if matches!(protection, Protection::Pkcs12Des3 | Protection::Pkcs12Rc2_40 | Protection::Pkcs12Arcfour) {
        let (algorithm, ciphertext) = encrypt_pbe(pkcs8_der, Some(password.as_bytes()), protection)?;
        let algorithm = AlgorithmIdentifierRef::from_der(&algorithm).map_err(der_error)?;
        return EncryptedInfo { algorithm, data: der::asn1::OctetStringRef::new(&ciphertext).map_err(der_error)? }.to_der().map_err(der_error);
    }
    with_pbes2_params(protection, |params| {
        let doc = info.encrypt_with_params(params, password).map_err(|_| Error::new(GNUTLS_E_ENCRYPTION_FAILED))?;
        Ok(doc.as_bytes().to_vec())
    })
}

impl Protection {
    /// GnuTLS's `_gnutls_pkcs_flags_to_schema` (the schemes of encrypted PKCS#12 bags): the
    /// scheme a flag names; none (or one not written here: PBES2-DES, GOST) is PBES2 with
    /// AES-256, as GnuTLS 3.7.9 defaults.
    pub fn for_bag(flags: u32) -> Protection {
        match flags & !(GNUTLS_PKCS_PLAIN | GNUTLS_PKCS_NULL_PASSWORD) {
            GNUTLS_PKCS_PKCS12_3DES => Protection::Pkcs12Des3,
            GNUTLS_PKCS_PKCS12_ARCFOUR => Protection::Pkcs12Arcfour,
            GNUTLS_PKCS_PKCS12_RC2_40 => Protection::Pkcs12Rc2_40,
            GNUTLS_PKCS_PBES2_3DES => Protection::Pbes2Des3,
            GNUTLS_PKCS_PBES2_AES_128 => Protection::Pbes2Aes128,
            GNUTLS_PKCS_PBES2_AES_192 => Protection::Pbes2Aes192,
            _ => Protection::Pbes2Aes256,
        }
    }
}

/// GnuTLS's salt size for PKCS#12's PBE.
const PKCS12_PBE_SALT_LEN: usize = 8;

/// `plaintext` encrypted under `password` (None: GnuTLS's NULL password): the scheme's
/// AlgorithmIdentifier (DER) and the ciphertext, as `decrypt_pbe` reads them back.
pub fn encrypt_pbe(plaintext: &[u8], password: Option<&[u8]>, scheme: Protection) -> Result<(Vec<u8>, Vec<u8>), Error> {
    use cipher::{block_padding::Pkcs7, BlockEncryptMut, InnerIvInit, KeyInit, KeyIvInit, StreamCipher};
    use pkcs12::kdf::{derive_key, Pkcs12KeyType};
    let failed = |_| Error::new(GNUTLS_E_ENCRYPTION_FAILED);
    let (oid, key_len, iv_len) = match scheme {
        Protection::Plain | Protection::Pbes2Aes128 | Protection::Pbes2Aes192 | Protection::Pbes2Aes256 | Protection::Pbes2Des3 => {
            return with_pbes2_params(scheme, |params| {
                let ciphertext = params.encrypt(password.unwrap_or_default(), plaintext).map_err(failed)?;
                let algorithm = pkcs5::EncryptionScheme::Pbes2(params).to_der().map_err(der_error)?;
                Ok((algorithm, ciphertext))
            })
        }
        Protection::Pkcs12Des3 => (pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC, 24, 8),
        Protection::Pkcs12Rc2_40 => (pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC, 5, 8),
        Protection::Pkcs12Arcfour => (pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4, 16, 0),
    };
    let mut salt = [0u8; PKCS12_PBE_SALT_LEN];
    crate::provider::primitives::rand::fill(&mut salt).map_err(|_| Error::INTERNAL)?;
    let iterations = PBKDF2_ITERATIONS as i32;
    let pass = pkcs12_password(password)?;
    let key = Zeroizing::new(derive_key::<sha1::Sha1>(&pass, &salt, Pkcs12KeyType::EncryptionKey, iterations, key_len));
    let iv = derive_key::<sha1::Sha1>(&pass, &salt, Pkcs12KeyType::Iv, iterations, iv_len);
    // Both block ciphers have 8-byte blocks: room for the padding.
    let mut buf = Zeroizing::new([plaintext, &[0u8; 8]].concat());
    let padded = |_| Error::INTERNAL;
    let ciphertext = match scheme {
        Protection::Pkcs12Des3 => cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .map_err(|_| Error::INTERNAL)?
            .encrypt_padded_mut::<Pkcs7>(&mut buf, plaintext.len())
            .map_err(padded)?
            .to_vec(),
        Protection::Pkcs12Rc2_40 => cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(rc2::Rc2::new_with_eff_key_len(&key, 40), &iv)
            .map_err(|_| Error::INTERNAL)?
            .encrypt_padded_mut::<Pkcs7>(&mut buf, plaintext.len())
            .map_err(padded)?
            .to_vec(),
        _ => {
            let mut data = plaintext.to_vec();
            rc4::Rc4::<cipher::consts::U16>::new_from_slice(&key).map_err(|_| Error::INTERNAL)?.apply_keystream(&mut data);
            data
        }
    };
    let params = pkcs12::pbe_params::Pkcs12PbeParams { salt: der::asn1::OctetString::new(salt.to_vec()).map_err(der_error)?, iterations };
    let params_der = params.to_der().map_err(der_error)?;
    let algorithm = AlgorithmIdentifierRef { oid, parameters: Some(AnyRef::from_der(&params_der).map_err(der_error)?) }.to_der().map_err(der_error)?;
    Ok((algorithm, ciphertext))
}

// PBES2 parameters read loosely, only to give a PRF AlgorithmIdentifier without parameters
// (as GnuTLS writes hmacWithSHA256) the NULL that RustCrypto's pkcs5 insists on.
#[derive(der::Sequence)]
struct EncryptedInfo<'a> {
    algorithm: AlgorithmIdentifierRef<'a>,
    data: der::asn1::OctetStringRef<'a>,
}

#[derive(der::Sequence)]
struct Pbes2Params<'a> {
    kdf: AlgorithmIdentifierRef<'a>,
    encryption: AlgorithmIdentifierRef<'a>,
}

#[derive(der::Sequence)]
struct Pbkdf2Params<'a> {
    salt: der::asn1::OctetStringRef<'a>,
    iteration_count: u32,
    key_length: Option<u16>,
    prf: Option<AlgorithmIdentifierRef<'a>>,
}

const PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
const PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");

/// The same `EncryptedPrivateKeyInfo` with explicit NULL PRF parameters, or None when it
/// needs no change (or is not PBES2 with PBKDF2).
fn with_explicit_prf_null(der: &[u8]) -> Option<Vec<u8>> {
    let info = EncryptedInfo::from_der(der).ok()?;
    if info.algorithm.oid != PBES2 {
        return None;
    }
    let pbes2: Pbes2Params<'_> = info.algorithm.parameters?.decode_as().ok()?;
    if pbes2.kdf.oid != PBKDF2 {
        return None;
    }
    let mut kdf: Pbkdf2Params<'_> = pbes2.kdf.parameters?.decode_as().ok()?;
    let prf = kdf.prf.as_mut()?;
    if prf.parameters.is_some() {
        return None;
    }
    prf.parameters = Some(AnyRef::NULL);
    let kdf_der = kdf.to_der().ok()?;
    let pbes2 = Pbes2Params { kdf: AlgorithmIdentifierRef { oid: PBKDF2, parameters: Some(AnyRef::from_der(&kdf_der).ok()?) }, encryption: pbes2.encryption };
    let pbes2_der = pbes2.to_der().ok()?;
    let info = EncryptedInfo { algorithm: AlgorithmIdentifierRef { oid: PBES2, parameters: Some(AnyRef::from_der(&pbes2_der).ok()?) }, data: info.data };
    info.to_der().ok()
}

/// An `EncryptedPrivateKeyInfo` decrypted: the PKCS#8 inside. A wrong password is
/// GNUTLS_E_DECRYPTION_FAILED, a scheme we do not read GNUTLS_E_UNKNOWN_CIPHER_TYPE.
pub fn decrypt_pkcs8(encrypted_der: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let info = EncryptedInfo::from_der(encrypted_der).map_err(der_error)?;
    let plain = decrypt_pbe(info.algorithm, info.data.as_bytes(), Some(password))?;
    // A wrong password that happens to unpad still fails to parse.
    PrivateKeyInfo::from_der(&plain).map_err(|_| Error::new(GNUTLS_E_DECRYPTION_FAILED))?;
    Ok(plain)
}

/// Data encrypted under a password (PKCS#8 keys, PKCS#12's encrypted bags) decrypted:
/// PBES2 through RustCrypto's pkcs5, or PKCS#12's own PBE (RFC 7292 appendix C) with the
/// schemes GnuTLS reads (3DES, RC2-40, RC4-128). `None` is GnuTLS's NULL password, which
/// PKCS#12's KDF tells from an empty one.
pub fn decrypt_pbe(algorithm: AlgorithmIdentifierRef<'_>, ciphertext: &[u8], password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, Error> {
    if let Some(plain) = pkcs12_pbe_decrypt(algorithm, ciphertext, password)? {
        return Ok(plain);
    }
    if algorithm.oid != PBES2 {
        return Err(Error::new(GNUTLS_E_UNKNOWN_CIPHER_TYPE));
    }
    let der = EncryptedInfo { algorithm, data: der::asn1::OctetStringRef::new(ciphertext).map_err(der_error)? }.to_der().map_err(der_error)?;
    let normalized = with_explicit_prf_null(&der);
    let info = EncryptedPrivateKeyInfo::from_der(normalized.as_deref().unwrap_or(&der)).map_err(der_error)?;
    if info.encryption_algorithm.pbes2().is_none() {
        return Err(Error::new(GNUTLS_E_UNKNOWN_CIPHER_TYPE));
    }
    let plain = info.decrypt(password.unwrap_or_default()).map_err(|_| Error::new(GNUTLS_E_DECRYPTION_FAILED))?;
    Ok(Zeroizing::new(plain.as_bytes().to_vec()))
}

/// What `gnutls_pkcs12_bag_enc_info` reports of a password-based scheme.
pub struct PbeInfo {
    /// The scheme's `gnutls_pkcs_encrypt_flags_t`.
    pub flag: u32,
    pub cipher: gnutls_cipher_algorithm_t,
    pub salt: Vec<u8>,
    pub iterations: u32,
}

/// The scheme, cipher, salt and iteration count of the schemes `decrypt_pbe` reads; others
/// are GNUTLS_E_UNKNOWN_CIPHER_TYPE.
pub fn pbe_info(algorithm: AlgorithmIdentifierRef<'_>) -> Result<PbeInfo, Error> {
    let unknown = || Error::new(GNUTLS_E_UNKNOWN_CIPHER_TYPE);
    let params = algorithm.parameters.ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?;
    let pkcs12 = match algorithm.oid {
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => Some((GNUTLS_PKCS_PKCS12_3DES, GNUTLS_CIPHER_3DES_CBC)),
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => Some((GNUTLS_PKCS_PKCS12_RC2_40, GNUTLS_CIPHER_RC2_40_CBC)),
        pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4 => Some((GNUTLS_PKCS_PKCS12_ARCFOUR, GNUTLS_CIPHER_ARCFOUR_128)),
        _ => None,
    };
    if let Some((flag, cipher)) = pkcs12 {
        let p: pkcs12::pbe_params::Pkcs12PbeParams = params.decode_as().map_err(der_error)?;
        return Ok(PbeInfo { flag, cipher, salt: p.salt.as_bytes().to_vec(), iterations: u32::try_from(p.iterations).unwrap_or(0) });
    }
    if algorithm.oid != PBES2 {
        return Err(unknown());
    }
    let pbes2: Pbes2Params<'_> = params.decode_as().map_err(der_error)?;
    if pbes2.kdf.oid != PBKDF2 {
        return Err(unknown());
    }
    let kdf: Pbkdf2Params<'_> = pbes2.kdf.parameters.ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?.decode_as().map_err(der_error)?;
    let (flag, cipher) = match pbes2.encryption.oid.to_string().as_str() {
        "2.16.840.1.101.3.4.1.2" => (GNUTLS_PKCS_PBES2_AES_128, GNUTLS_CIPHER_AES_128_CBC),
        "2.16.840.1.101.3.4.1.22" => (GNUTLS_PKCS_PBES2_AES_192, GNUTLS_CIPHER_AES_192_CBC),
        "2.16.840.1.101.3.4.1.42" => (GNUTLS_PKCS_PBES2_AES_256, GNUTLS_CIPHER_AES_256_CBC),
        "1.2.840.113549.3.7" => (GNUTLS_PKCS_PBES2_3DES, GNUTLS_CIPHER_3DES_CBC),
        "1.3.14.3.2.7" => (GNUTLS_PKCS_PBES2_DES, GNUTLS_CIPHER_DES_CBC),
        _ => return Err(unknown()),
    };
    Ok(PbeInfo { flag, cipher, salt: kdf.salt.as_bytes().to_vec(), iterations: kdf.iteration_count })
}

/// PKCS#12's password encoding for its KDF: BMPString with a terminating NUL; GnuTLS's
/// NULL password is no bytes at all.
pub fn pkcs12_password(password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, Error> {
    let Some(password) = password else { return Ok(Zeroizing::new(Vec::new())) };
    let text = std::str::from_utf8(password).map_err(|_| Error::INVALID_REQUEST)?;
    let bmp = der::asn1::BmpString::from_utf8(text).map_err(|_| Error::INVALID_REQUEST)?;
    let mut bytes = Zeroizing::new(bmp.into_bytes().to_vec());
    bytes.extend_from_slice(&[0, 0]);
    Ok(bytes)
}

/// `Ok(None)` when `algorithm` is not one of PKCS#12's PBE schemes.
fn pkcs12_pbe_decrypt(algorithm: AlgorithmIdentifierRef<'_>, ciphertext: &[u8], password: Option<&[u8]>) -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
    use cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyInit, KeyIvInit, StreamCipher};
    use pkcs12::kdf::{derive_key, Pkcs12KeyType};
    let (key_len, iv_len) = match algorithm.oid {
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => (24, 8),
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => (5, 8),
        pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4 => (16, 0),
        _ => return Ok(None),
    };
    let params: pkcs12::pbe_params::Pkcs12PbeParams =
        algorithm.parameters.ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?.decode_as().map_err(der_error)?;
    if params.iterations < 1 {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    let pass = pkcs12_password(password)?;
    let salt = params.salt.as_bytes();
    let key = Zeroizing::new(derive_key::<sha1::Sha1>(&pass, salt, Pkcs12KeyType::EncryptionKey, params.iterations, key_len));
    let iv = derive_key::<sha1::Sha1>(&pass, salt, Pkcs12KeyType::Iv, params.iterations, iv_len);
    let failed = |_| Error::new(GNUTLS_E_DECRYPTION_FAILED);
    let mut data = Zeroizing::new(ciphertext.to_vec());
    let len = match algorithm.oid {
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .map_err(|_| Error::INTERNAL)?
            .decrypt_padded_mut::<Pkcs7>(&mut data)
            .map_err(failed)?
            .len(),
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => {
            let rc2 = rc2::Rc2::new_with_eff_key_len(&key, 40);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, &iv)
                .map_err(|_| Error::INTERNAL)?
                .decrypt_padded_mut::<Pkcs7>(&mut data)
                .map_err(failed)?
                .len()
        }
        _ => {
            rc4::Rc4::<cipher::consts::U16>::new_from_slice(&key).map_err(|_| Error::INTERNAL)?.apply_keystream(&mut data);
            data.len()
        }
    };
    data.truncate(len);
    Ok(Some(data))
}

/// Which encoding a DER private key is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1,
    Sec1,
    Dsa,
}

impl Encoding {
    pub fn of_label(label: &str) -> Option<Encoding> {
        match label {
            PKCS8_LABEL => Some(Encoding::Pkcs8),
            ENCRYPTED_LABEL => Some(Encoding::EncryptedPkcs8),
            RSA_LABEL => Some(Encoding::Pkcs1),
            EC_LABEL => Some(Encoding::Sec1),
            DSA_LABEL => Some(Encoding::Dsa),
            _ => None,
        }
    }

    /// What a DER blob parses as.
    pub fn sniff(der: &[u8]) -> Option<Encoding> {
        if PrivateKeyInfo::from_der(der).is_ok() {
            Some(Encoding::Pkcs8)
        } else if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
            Some(Encoding::Pkcs1)
        } else if sec1::EcPrivateKey::from_der(der).is_ok() {
            Some(Encoding::Sec1)
        } else if DsaPrivateKey::from_der(der).is_ok() {
            Some(Encoding::Dsa)
        } else if EncryptedPrivateKeyInfo::from_der(der).is_ok() || EncryptedInfo::from_der(der).is_ok() {
            Some(Encoding::EncryptedPkcs8)
        } else {
            None
        }
    }
}

/// Which of GnuTLS's readers a key goes through; they differ in what they accept and in
/// the code for DER that is no key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// `gnutls_x509_privkey_import`: unencrypted keys.
    Plain,
    /// `gnutls_x509_privkey_import2`, `gnutls_privkey_import_x509_raw`: everything.
    Any,
    /// `gnutls_x509_privkey_import_pkcs8`: PKCS#8 only.
    Pkcs8,
}

/// Any private key GnuTLS reads, as PKCS#8 DER: PEM or DER; PKCS#8, PKCS#1, SEC1 or
/// OpenSSL's traditional DSA;
/// PBES2-encrypted PKCS#8 with a password.
pub fn decode_private(data: &[u8], pem: bool, password: Option<&[u8]>, reader: Reader) -> Result<Zeroizing<Vec<u8>>, Error> {
    let only_pkcs8 = reader == Reader::Pkcs8;
    let (encoding, der) = if pem {
        let blocks = pem_blocks(data)?;
        let found = blocks.into_iter().find_map(|(label, der)| Some((Encoding::of_label(&label)?, der)));
        found.ok_or(Error::new(if reader == Reader::Pkcs8 { GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR } else { GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE }))?
    } else {
        // import2 tries encrypted PKCS#8 last, and reports that reader's tag error.
        let none = if reader == Reader::Any { GNUTLS_E_ASN1_TAG_ERROR } else { GNUTLS_E_ASN1_DER_ERROR };
        let encoding = Encoding::sniff(data).ok_or(Error::new(none))?;
        (encoding, Zeroizing::new(data.to_vec()))
    };
    if only_pkcs8 && !matches!(encoding, Encoding::Pkcs8 | Encoding::EncryptedPkcs8) {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    match encoding {
        Encoding::Pkcs8 => {
            PrivateKeyInfo::from_der(&der).map_err(der_error)?;
            Ok(der)
        }
        Encoding::EncryptedPkcs8 => decrypt_pkcs8(&der, password.ok_or(Error::new(GNUTLS_E_DECRYPTION_FAILED))?),
        Encoding::Pkcs1 => pkcs8_from_pkcs1(&der),
        Encoding::Sec1 => pkcs8_from_sec1(&der, None),
        Encoding::Dsa => pkcs8_from_dsa(&der),
    }
}

/// OpenSSL's legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED", "DEK-Info: CIPHER,IV") as
/// GnuTLS's `gnutls_x509_privkey_import_openssl` reads it: the key is EVP_BytesToKey's
/// (MD5, one round, the IV's first 8 bytes as salt), the body a traditional DER key in CBC
/// with PKCS#7 padding. Returns the DER inside.
pub fn decrypt_openssl_pem(data: &[u8], password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, Error> {
    use crate::x509::pem::find;
    use base64ct::Encoding as _;
    use cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
    use digest::Digest as _;
    let parsing = || Error::new(GNUTLS_E_PARSING_ERROR);
    let at = find(data, b"PRIVATE KEY---").ok_or_else(parsing)?;
    let rest = &data[at..];
    let info = find(rest, b"DEK-Info: ").ok_or_else(parsing)? + 10;
    let rest = &rest[info..];
    let comma = rest.iter().position(|&b| b == b',').ok_or(Error::INVALID_REQUEST)?;
    let name = &rest[..comma];
    let (key_len, iv_len) = match name {
        b"DES-CBC" => (8, 8),
        b"DES-EDE3-CBC" => (24, 8),
        b"AES-128-CBC" | b"CAMELLIA-128-CBC" => (16, 16),
        b"AES-192-CBC" | b"CAMELLIA-192-CBC" => (24, 16),
        b"AES-256-CBC" | b"CAMELLIA-256-CBC" => (32, 16),
        _ => return Err(Error::INVALID_REQUEST),
    };
    let rest = &rest[comma + 1..];
    // GnuTLS reads the IV in upper-case hex only, followed by the line's end.
    let hex = rest.get(..iv_len * 2).ok_or(Error::INVALID_REQUEST)?;
    if !hex.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)) {
        return Err(Error::INVALID_REQUEST);
    }
    let iv = base16ct::upper::decode_vec(hex).map_err(|_| Error::INVALID_REQUEST)?;
    let rest = &rest[iv_len * 2..];
    if !matches!(rest.first(), Some(b'\r' | b'\n')) {
        return Err(Error::INVALID_REQUEST);
    }
    let end = find(rest, b"-----END").ok_or(Error::new(GNUTLS_E_BASE64_DECODING_ERROR))?;
    let b64: Vec<u8> = rest[..end].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let bad64 = || Error::new(GNUTLS_E_BASE64_DECODING_ERROR);
    let ciphertext = base64ct::Base64::decode_vec(std::str::from_utf8(&b64).map_err(|_| bad64())?).map_err(|_| bad64())?;
    if ciphertext.len() < 16 {
        return Err(parsing());
    }
    let mut key = Zeroizing::new(Vec::with_capacity(key_len + 16));
    let mut block: Vec<u8> = Vec::new();
    while key.len() < key_len {
        let mut md5 = md5::Md5::new();
        md5.update(&block);
        md5.update(password.unwrap_or_default());
        md5.update(&iv[..8]);
        block = md5.finalize().to_vec();
        key.extend_from_slice(&block);
    }
    block.zeroize();
    key.truncate(key_len);
    let failed = |_| Error::new(GNUTLS_E_DECRYPTION_FAILED);
    let mut buf = Zeroizing::new(ciphertext);
    fn run<C: BlockDecryptMut + KeyIvInit>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Result<usize, Error> {
        let dec = C::new_from_slices(key, iv).map_err(|_| Error::INTERNAL)?;
        dec.decrypt_padded_mut::<Pkcs7>(buf).map(|p| p.len()).map_err(|_| Error::new(GNUTLS_E_DECRYPTION_FAILED))
    }
    let len = match name {
        b"DES-CBC" => run::<cbc::Decryptor<des::Des>>(&key, &iv, &mut buf),
        b"DES-EDE3-CBC" => run::<cbc::Decryptor<des::TdesEde3>>(&key, &iv, &mut buf),
        b"AES-128-CBC" => run::<cbc::Decryptor<aes::Aes128>>(&key, &iv, &mut buf),
        b"AES-192-CBC" => run::<cbc::Decryptor<aes::Aes192>>(&key, &iv, &mut buf),
        b"AES-256-CBC" => run::<cbc::Decryptor<aes::Aes256>>(&key, &iv, &mut buf),
        b"CAMELLIA-128-CBC" => run::<cbc::Decryptor<camellia::Camellia128>>(&key, &iv, &mut buf),
        b"CAMELLIA-192-CBC" => run::<cbc::Decryptor<camellia::Camellia192>>(&key, &iv, &mut buf),
        _ => run::<cbc::Decryptor<camellia::Camellia256>>(&key, &iv, &mut buf),
    }
    .map_err(failed)?;
    buf.truncate(len);
    // A wrong password decrypts to garbage that may still end in valid padding.
    if Encoding::sniff(&buf).is_none_or(|e| e == Encoding::EncryptedPkcs8) {
        return Err(Error::new(GNUTLS_E_DECRYPTION_FAILED));
    }
    Ok(buf)
}

/// A `SubjectPublicKeyInfo` (DER or "PUBLIC KEY" PEM) checked and as DER.
pub fn decode_spki(data: &[u8], pem: bool) -> Result<Vec<u8>, Error> {
    let der = if pem {
        let blocks = pem_blocks(data)?;
        let (_, der) = blocks.into_iter().find(|(label, _)| label == PUBLIC_LABEL).ok_or(Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR))?;
        der.to_vec()
    } else {
        data.to_vec()
    };
    spki::SubjectPublicKeyInfoRef::from_der(&der).map_err(der_error)?;
    Ok(der)
}

/// A `SubjectPublicKeyInfo` from an algorithm and the key's bits.
pub fn encode_spki(algorithm: ObjectIdentifier, parameters: Option<AnyRef<'_>>, key: &[u8]) -> Result<Vec<u8>, Error> {
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid: algorithm, parameters },
        subject_public_key: der::asn1::BitStringRef::from_bytes(key).map_err(der_error)?,
    };
    spki.to_der().map_err(der_error)
}


/// RFC 4055's RSASSA-PSS-params, the salt as wide as GnuTLS writes it; the defaults
/// (SHA-1, MGF1 with SHA-1, 20, 1) are absent fields.
#[derive(der::Sequence)]
struct RsaPssParams<'a> {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    hash: Option<AlgorithmIdentifierRef<'a>>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierRef<'a>>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    salt_len: Option<u32>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    trailer: Option<u32>,
}

/// An RSA-PSS key's restrictions from its AlgorithmIdentifier parameters, with GnuTLS's
/// `_gnutls_x509_read_rsa_pss_params` answers: an unknown hash is
/// GNUTLS_E_UNKNOWN_HASH_ALGORITHM, a mask other than MGF1 GNUTLS_E_UNKNOWN_ALGORITHM, MGF1
/// with another hash GNUTLS_E_CONSTRAINT_ERROR, a trailer other than 1
/// GNUTLS_E_CERTIFICATE_ERROR.
pub fn decode_rsa_pss_params(der: &[u8]) -> Result<crate::keys::gnutls_x509_spki_st, Error> {
    let params = RsaPssParams::from_der(der).map_err(der_error)?;
    let digest_of = |alg: Option<AlgorithmIdentifierRef<'_>>| match alg {
        None => GNUTLS_DIG_SHA1,
        Some(a) => crate::algorithms::oid_to_digest(&a.oid.to_string()),
    };
    let digest = digest_of(params.hash);
    if digest == GNUTLS_DIG_UNKNOWN {
        return Err(Error::new(GNUTLS_E_UNKNOWN_HASH_ALGORITHM));
    }
    if let Some(mask) = params.mask_gen {
        if mask.oid != MGF1 {
            return Err(Error::new(GNUTLS_E_UNKNOWN_ALGORITHM));
        }
        let inner: AlgorithmIdentifierRef<'_> = mask.parameters.ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?.decode_as().map_err(der_error)?;
        if digest_of(Some(inner)) != digest {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
    }
    if params.trailer.unwrap_or(1) != 1 {
        return Err(Error::new(GNUTLS_E_CERTIFICATE_ERROR));
    }
    Ok(crate::keys::gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: digest, salt_size: params.salt_len.unwrap_or(20) })
}

/// The parameters GnuTLS writes for an RSA-PSS key (`_gnutls_x509_write_rsa_pss_params`):
/// none when it has no restriction; the hash (without parameters) and MGF1 with it, and the
/// salt. A hash GnuTLS has no RSA-PSS signature for is GNUTLS_E_INVALID_REQUEST.
pub fn encode_rsa_pss_params(spki: &crate::keys::gnutls_x509_spki_st) -> Result<Option<Vec<u8>>, Error> {
    if spki.pk != GNUTLS_PK_RSA_PSS {
        return Ok(None);
    }
    if crate::algorithms::pk_to_sign(GNUTLS_PK_RSA_PSS, spki.rsa_pss_dig) == GNUTLS_SIGN_UNKNOWN {
        return Err(Error::INVALID_REQUEST);
    }
    let oid = crate::algorithms::digest_oid(spki.rsa_pss_dig).and_then(|o| o.to_str().ok()).ok_or(Error::INVALID_REQUEST)?;
    let oid = ObjectIdentifier::new(oid).map_err(|_| Error::INTERNAL)?;
    let hash = AlgorithmIdentifierRef { oid, parameters: None };
    let hash_der = hash.to_der().map_err(der_error)?;
    let params = RsaPssParams {
        hash: Some(hash),
        mask_gen: Some(AlgorithmIdentifierRef { oid: MGF1, parameters: Some(AnyRef::from_der(&hash_der).map_err(der_error)?) }),
        salt_len: (spki.salt_size != 20).then_some(spki.salt_size),
        trailer: None,
    };
    params.to_der().map(Some).map_err(der_error)
}

/// RFC 3279's Dss-Sig-Value, the (r, s) of DSA and ECDSA signatures.
#[derive(der::Sequence)]
struct DssSigValue<'a> {
    r: der::asn1::IntRef<'a>,
    s: der::asn1::IntRef<'a>,
}

/// `gnutls_encode_rs_value`: r and s are unsigned big-endian numbers, written as the
/// shortest positive INTEGERs, as GnuTLS writes them.
pub fn encode_rs(r: &[u8], s: &[u8]) -> Result<Vec<u8>, Error> {
    let int = |v: &[u8]| -> Result<Vec<u8>, Error> {
        let uint = der::asn1::UintRef::new(v).map_err(|_| Error::INVALID_REQUEST)?;
        // A positive INTEGER's content: the magnitude, with a zero byte where its top bit is set.
        let mut bytes = uint.as_bytes().to_vec();
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            bytes.insert(0, 0);
        }
        Ok(bytes)
    };
    let (r, s) = (int(r)?, int(s)?);
    let value = DssSigValue {
        r: der::asn1::IntRef::new(&r).map_err(|_| Error::INVALID_REQUEST)?,
        s: der::asn1::IntRef::new(&s).map_err(|_| Error::INVALID_REQUEST)?,
    };
    value.to_der().map_err(|_| Error::new(GNUTLS_E_ASN1_DER_ERROR))
}

/// `gnutls_decode_rs_value`: the INTEGERs' contents as encoded (a positive value may
/// start with a zero byte). libtasn1's codes: bytes after the SEQUENCE are
/// GNUTLS_E_ASN1_DER_ERROR, anything else wrong GNUTLS_E_ASN1_TAG_ERROR.
// divergence: GnuTLS also reads BER here; we read DER, which is what signers write.
pub fn decode_rs(value: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Error> {
    use der::Reader;
    let tag_error = Error::new(GNUTLS_E_ASN1_TAG_ERROR);
    let mut reader = der::SliceReader::new(value).map_err(|_| tag_error)?;
    AnyRef::decode(&mut reader).map_err(|_| tag_error)?;
    if !reader.is_finished() {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    let value = DssSigValue::from_der(value).map_err(|_| tag_error)?;
    Ok((value.r.as_bytes().to_vec(), value.s.as_bytes().to_vec()))
}

#[derive(der::Sequence)]
struct DigestInfo<'a> {
    algorithm: spki::AlgorithmIdentifierRef<'a>,
    digest: der::asn1::OctetStringRef<'a>,
}

/// PKCS #1's DigestInfo for a digest of GNUTLS_DIG_* `hash` (`gnutls_encode_ber_digest_info`),
/// with the NULL parameters GnuTLS writes.
pub fn encode_digest_info(hash: u32, digest: &[u8]) -> Result<Vec<u8>, Error> {
    if digest.is_empty() || crate::algorithms::digest_name(hash).is_none() {
        return Err(Error::INVALID_REQUEST);
    }
    let oid = crate::algorithms::digest_oid(hash).ok_or(Error::new(GNUTLS_E_UNKNOWN_PK_ALGORITHM))?;
    let oid = oid.to_str().ok().and_then(|o| der::asn1::ObjectIdentifier::new(o).ok()).ok_or(Error::INTERNAL)?;
    let info = DigestInfo {
        algorithm: spki::AlgorithmIdentifierRef { oid, parameters: Some(der::asn1::AnyRef::NULL) },
        digest: der::asn1::OctetStringRef::new(digest).map_err(Error::from_der)?,
    };
    info.to_der().map_err(Error::from_der)
}

/// The GNUTLS_DIG_* hash and digest of a DigestInfo (`gnutls_decode_ber_digest_info`):
/// parameters absent or NULL, as GnuTLS insists.
pub fn decode_digest_info(der: &[u8]) -> Result<(u32, Vec<u8>), Error> {
    let info = DigestInfo::from_der(der).map_err(Error::from_der)?;
    let hash = crate::algorithms::oid_to_digest(&info.algorithm.oid.to_string());
    if hash == GNUTLS_DIG_UNKNOWN {
        return Err(Error::new(GNUTLS_E_UNKNOWN_HASH_ALGORITHM));
    }
    if info.algorithm.parameters.is_some_and(|p| p != der::asn1::AnyRef::NULL) {
        return Err(Error::new(GNUTLS_E_ASN1_GENERIC_ERROR));
    }
    Ok((hash, info.digest.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // openssl genpkey -algorithm ed25519 (RFC 8410's example key)
    const ED_PEM: &[u8] = b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";

    #[test]
    fn pem_round_trips() {
        let der = decode_private(ED_PEM, true, None, Reader::Any).unwrap();
        assert_eq!(pem_encode(PKCS8_LABEL, &der).unwrap(), ED_PEM);
        assert_eq!(pkcs8_algorithm(&der).unwrap().0, ED25519);
    }

    #[test]
    fn pbes2_round_trips_and_wrong_passwords_fail() {
        let der = decode_private(ED_PEM, true, None, Reader::Any).unwrap();
        for p in [Protection::Pbes2Aes128, Protection::Pbes2Aes256, Protection::Pbes2Des3] {
            let enc = encrypt_pkcs8(&der, "pw", p).unwrap();
            assert_eq!(*decode_private(&enc, false, Some(b"pw"), Reader::Pkcs8).unwrap(), *der);
            assert_eq!(decode_private(&enc, false, Some(b"nope"), Reader::Pkcs8).unwrap_err().code(), GNUTLS_E_DECRYPTION_FAILED);
        }
    }

    // openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES / PBE-SHA1-RC2-40 / PBE-SHA1-RC4-128 -passout pass:pw
    // (-provider legacy for the last two) of ED_PEM: PKCS#12's KDF and PBE schemes.
    const PKCS12_PBE_PEMS: [&[u8]; 3] = [
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMFgwHAYKKoZIhvcNAQwBAzAOBAij58QY6SvSdwICCAAEOH9+ZnQOMko3GNSCuPhU\noCqtosxBj1bUXHdIp+7cVRBSzxKITyhNUjV0i7+XWauHjKYM5186rHDX\n-----END ENCRYPTED PRIVATE KEY-----\n",
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMFgwHAYKKoZIhvcNAQwBBjAOBAjAeO5ZNu0JcwICCAAEOKYDDgsTagrU1rs7scug\n3WP5zpH0XtRUKKMaoD6H2VrFe7DRDfFHXwMAjLNs4N2P8+JXqMqt5S3s\n-----END ENCRYPTED PRIVATE KEY-----\n",
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMFAwHAYKKoZIhvcNAQwBATAOBAikktAEGymiqAICCAAEMA3jGTrThWXAKc8Wx3Wr\nPps5IQR/pZtZg+IXlgS0fJ0/H723GaM5t8OGpZq+1fZdDw==\n-----END ENCRYPTED PRIVATE KEY-----\n",
    ];

    #[test]
    fn pkcs12_pbe_schemes_decrypt_openssl_keys() {
        let plain = decode_private(ED_PEM, true, None, Reader::Any).unwrap();
        for pem in PKCS12_PBE_PEMS {
            assert_eq!(*decode_private(pem, true, Some(b"pw"), Reader::Pkcs8).unwrap(), *plain);
            assert_eq!(decode_private(pem, true, Some(b"px"), Reader::Pkcs8).unwrap_err().code(), GNUTLS_E_DECRYPTION_FAILED);
        }
    }

    // openssl ec -aes128 -passout pass:pw of a P-256 key (EC_PLAIN).
    const EC_OPENSSL: &[u8] = b"-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,14C5B4A746DF734F311E32A814F09DEA\n\nvX5M5LqHg8B6dGoJFF4ldwGvPpRrHsLGBaYrUxDTHuIuSH4CFLeW1YsMmCrXWeVQ\nGi8KcC59GdZ4yBaTAmiPPfq6qbKz7t0HcFU+7qTU8wOx2cmajNcW6s+nY5HuvfDP\nTUok7SpZamjRJ5fzZM4/+Q94JoFtmOOmo0G4W7C0MrU=\n-----END EC PRIVATE KEY-----\n";
    const EC_PLAIN: &[u8] = b"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIHCFPH++ACmJoO4QfchPufS8PLBdJ0sWbFTNwFoCagU7oAoGCCqGSM49\nAwEHoUQDQgAEBHP9kx9oYdesQ2nlOF5GvlaXExwpgIhS7jYNCnI+unQv60LtmTQa\nTzKtziA6Bvvt+97wE9aVKRAN8FA7QK2Xng==\n-----END EC PRIVATE KEY-----\n";

    #[test]
    fn openssl_legacy_pem_decrypts_with_its_password_only() {
        let plain = pem_blocks(EC_PLAIN).unwrap().remove(0).1;
        assert_eq!(*decrypt_openssl_pem(EC_OPENSSL, Some(b"pw")).unwrap(), *plain);
        assert_eq!(decrypt_openssl_pem(EC_OPENSSL, Some(b"px")).unwrap_err().code(), GNUTLS_E_DECRYPTION_FAILED);
        assert_eq!(decrypt_openssl_pem(EC_OPENSSL, None).unwrap_err().code(), GNUTLS_E_DECRYPTION_FAILED);
        assert_eq!(decrypt_openssl_pem(EC_PLAIN, Some(b"pw")).unwrap_err().code(), GNUTLS_E_PARSING_ERROR);
    }

    #[test]
    fn rsa_pss_params_as_gnutls_reads_and_writes_them() {
        use crate::keys::gnutls_x509_spki_st;
        let hex = |s: &str| (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect::<Vec<u8>>();
        let spki = gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: GNUTLS_DIG_SHA256, salt_size: 32 };
        // GnuTLS's test key (certtool): SHA-256 without NULL, MGF1 with SHA-256, salt 32.
        let gnutls = hex("3030a00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040201a203020120");
        assert_eq!(encode_rsa_pss_params(&spki).unwrap().unwrap(), gnutls);
        assert_eq!(decode_rsa_pss_params(&gnutls).unwrap(), spki);
        // OpenSSL's: NULL parameters on the hash, no mask.
        let openssl = hex("3016a00f300d06096086480165030402010500a203020120");
        assert_eq!(decode_rsa_pss_params(&openssl).unwrap(), spki);
        // Defaults: SHA-1 and a salt of 20.
        assert_eq!(decode_rsa_pss_params(&hex("3000")).unwrap(), gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: GNUTLS_DIG_SHA1, salt_size: 20 });
        let twenty = gnutls_x509_spki_st { salt_size: 20, ..spki };
        assert_eq!(decode_rsa_pss_params(&encode_rsa_pss_params(&twenty).unwrap().unwrap()).unwrap(), twenty);
        // GnuTLS writes no parameters it has no RSA-PSS signature for.
        assert_eq!(encode_rsa_pss_params(&gnutls_x509_spki_st { rsa_pss_dig: GNUTLS_DIG_SHA1, ..spki }).unwrap_err().code(), GNUTLS_E_INVALID_REQUEST);
        assert_eq!(encode_rsa_pss_params(&gnutls_x509_spki_st::default()).unwrap(), None);
        // MGF1 with another hash, and a trailer other than 1.
        let other_mgf = hex("3030a00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040202a203020120");
        assert_eq!(decode_rsa_pss_params(&other_mgf).unwrap_err().code(), GNUTLS_E_CONSTRAINT_ERROR);
        assert_eq!(decode_rsa_pss_params(&hex("3005a303020102")).unwrap_err().code(), GNUTLS_E_CERTIFICATE_ERROR);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(decode_private(b"\x30\x03\x02\x01\x00", false, None, Reader::Plain).is_err());
        assert_eq!(decode_private(b"hello", true, None, Reader::Plain).unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
    }
}
