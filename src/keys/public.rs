//! A public key: its SubjectPublicKeyInfo (RustCrypto's `spki`), verified and encrypted
//! with by the provider.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode};

use super::formats::{self, DSA, ED25519, EC_PUBLIC_KEY, RSA_ENCRYPTION, RSA_PSS};
use super::{gnutls_x509_spki_st, Curve, Hash, Kind, Scheme};
use crate::constants::*;
use crate::errors::Error;
use crate::provider::primitives::{rsa, signature};

/// A public key; `key_usage` is what `gnutls_pubkey_set_key_usage` (or the certificate it
/// came from) said.
#[derive(Clone, Debug)]
pub struct PublicKey {
    spki: Vec<u8>,
    kind: Kind,
    /// The subjectPublicKey bits: PKCS#1 `RSAPublicKey`, an uncompressed EC point, or
    /// Ed25519's 32 bytes.
    key: Vec<u8>,
    pub key_usage: u32,
    /// What `gnutls_pubkey_get_spki` reads: an RSA-PSS key's restrictions, or what
    /// `gnutls_pubkey_set_spki` was given.
    params: gnutls_x509_spki_st,
}

/// GnuTLS's `_gnutls_pk_bits_to_sha_hash`: the SHA-2 of an RSA key's security level.
pub fn bits_to_sha_hash(bits: u32) -> gnutls_digest_algorithm_t {
    match bits {
        0..=3072 => GNUTLS_DIG_SHA256,
        3073..=8192 => GNUTLS_DIG_SHA384,
        _ => GNUTLS_DIG_SHA512,
    }
}

/// The SubjectPublicKeyInfo of an RSA key (PKCS#1 `RSAPublicKey`): rsaEncryption, or
/// id-RSASSA-PSS with the parameters of `pss` (none when it restricts nothing).
fn rsa_spki(key: &[u8], pss: Option<&gnutls_x509_spki_st>) -> Result<Vec<u8>, Error> {
    let Some(pss) = pss else { return formats::encode_spki(RSA_ENCRYPTION, Some(AnyRef::NULL), key) };
    let params = formats::encode_rsa_pss_params(pss)?;
    let params = params.as_deref().map(AnyRef::from_der).transpose().map_err(der_error)?;
    formats::encode_spki(RSA_PSS, params, key)
}

/// Big-endian unsigned integer as GnuTLS exports it: no leading zeros except one when the
/// top bit is set (GnuTLS's default, a positive DER-like integer).
pub fn lz(b: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = {
        let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
        &b[start..]
    };
    let mut out = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_some_and(|&x| x & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
    out
}

/// A big-endian integer padded (or stripped of leading zeros) to exactly `n` bytes.
pub fn fixed(b: &[u8], n: usize) -> Result<Vec<u8>, Error> {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    let trimmed = &b[start..];
    if trimmed.len() > n {
        return Err(Error::new(GNUTLS_E_ILLEGAL_PARAMETER));
    }
    let mut out = vec![0u8; n - trimmed.len()];
    out.extend_from_slice(trimmed);
    Ok(out)
}

/// SEC1's uncompressed point 04 || x || y.
pub fn uncompressed_point(curve: Curve, x: &[u8], y: &[u8]) -> Result<Vec<u8>, Error> {
    let n = curve.field_len();
    let mut point = vec![4u8];
    point.extend(fixed(x, n)?);
    point.extend(fixed(y, n)?);
    Ok(point)
}

fn der_error<E>(_: E) -> Error {
    Error::new(GNUTLS_E_ASN1_DER_ERROR)
}

impl PublicKey {
    /// A key from its SubjectPublicKeyInfo DER; an algorithm the provider has no use for is
    /// GNUTLS_E_UNKNOWN_PK_ALGORITHM.
    pub fn from_spki(der: &[u8]) -> Result<PublicKey, Error> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(der_error)?;
        let key = spki.subject_public_key.as_bytes().ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?.to_vec();
        let oid = spki.algorithm.oid;
        let mut params = gnutls_x509_spki_st::default();
        let kind = if oid == RSA_ENCRYPTION {
            pkcs1::RsaPublicKey::from_der(&key).map_err(|_| Error::new(GNUTLS_E_PK_INVALID_PUBKEY))?;
            Kind::Rsa
        } else if oid == RSA_PSS {
            pkcs1::RsaPublicKey::from_der(&key).map_err(|_| Error::new(GNUTLS_E_PK_INVALID_PUBKEY))?;
            if let Some(p) = spki.algorithm.parameters {
                params = formats::decode_rsa_pss_params(&p.to_der().map_err(der_error)?)?;
            }
            Kind::RsaPss
        } else if oid == EC_PUBLIC_KEY {
            let params = spki.algorithm.parameters.ok_or(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE))?;
            let curve = Curve::from_oid(&params.decode_as::<ObjectIdentifier>().map_err(der_error)?)?;
            if key.len() != 1 + 2 * curve.field_len() || key[0] != 4 {
                return Err(Error::new(GNUTLS_E_PK_INVALID_PUBKEY));
            }
            Kind::Ecdsa(curve)
        } else if oid == ED25519 {
            if key.len() != 32 {
                return Err(Error::new(GNUTLS_E_PK_INVALID_PUBKEY));
            }
            Kind::Ed25519
        } else if oid == DSA {
            let _checked = ::dsa::VerifyingKey::try_from(spki).map_err(|_| Error::new(GNUTLS_E_PK_INVALID_PUBKEY))?;
            Kind::Dsa
        } else {
            return Err(Error::new(GNUTLS_E_UNKNOWN_PK_ALGORITHM));
        };
        // GnuTLS writes an RSA-PSS key's SubjectPublicKeyInfo anew from what it read (OpenSSL
        // leaves out what GnuTLS spells out); parameters it would not write stay as given.
        let spki = match kind {
            Kind::RsaPss => rsa_spki(&key, Some(&params)).unwrap_or_else(|_| der.to_vec()),
            _ => der.to_vec(),
        };
        Ok(PublicKey { spki, kind, key, key_usage: 0, params })
    }

    /// An RSA key's public half (PKCS#1 `RSAPublicKey`), RSA-PSS with `pss`'s restrictions
    /// when given.
    pub fn from_rsa(key: &[u8], pss: Option<&gnutls_x509_spki_st>) -> Result<PublicKey, Error> {
        PublicKey::from_spki(&rsa_spki(key, pss)?)
    }

    /// `gnutls_pubkey_get_spki`'s parameters (GNUTLS_PK_UNKNOWN when there are none).
    pub fn params(&self) -> gnutls_x509_spki_st {
        self.params
    }

    /// `gnutls_pubkey_set_spki`: parameters of the key's own algorithm, or (RSA) of the other
    /// RSA one, which the key then becomes, as in GnuTLS; others are GNUTLS_E_INVALID_REQUEST.
    pub fn set_params(&mut self, spki: &gnutls_x509_spki_st) -> Result<(), Error> {
        let own = self.kind.pk_algorithm();
        let rsa_family = |pk| pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS;
        if !(spki.pk == own || rsa_family(own) && rsa_family(spki.pk)) {
            return Err(Error::INVALID_REQUEST);
        }
        if self.kind.is_rsa() {
            let pss = (spki.pk == GNUTLS_PK_RSA_PSS).then_some(spki);
            let usage = self.key_usage;
            *self = PublicKey::from_rsa(&self.key, pss)?;
            self.key_usage = usage;
        }
        self.params = *spki;
        Ok(())
    }

    /// A key from its algorithm, curve and subjectPublicKey bits.
    pub fn from_parts(algorithm: ObjectIdentifier, curve: Option<Curve>, key: &[u8]) -> Result<PublicKey, Error> {
        let curve_oid = curve.map(Curve::oid);
        let params = match (&curve_oid, algorithm == RSA_ENCRYPTION) {
            (Some(oid), _) => Some(AnyRef::from(oid)),
            (None, true) => Some(AnyRef::NULL),
            (None, false) => None,
        };
        PublicKey::from_spki(&formats::encode_spki(algorithm, params, key)?)
    }

    /// `gnutls_pubkey_import`: DER, or a "PUBLIC KEY" PEM block.
    pub fn import(data: &[u8], pem: bool) -> Result<PublicKey, Error> {
        PublicKey::from_spki(&formats::decode_spki(data, pem)?)
    }

    /// `gnutls_pubkey_import_rsa_raw`.
    pub fn from_rsa_parts(m: &[u8], e: &[u8]) -> Result<PublicKey, Error> {
        let strip = |b: &[u8]| b.iter().copied().skip_while(|&x| x == 0).collect::<Vec<u8>>();
        let (m, e) = (strip(m), strip(e));
        fn r(b: &[u8]) -> Result<pkcs1::UintRef<'_>, Error> {
            pkcs1::UintRef::new(b).map_err(|_| Error::INVALID_REQUEST)
        }
        let key = pkcs1::RsaPublicKey { modulus: r(&m)?, public_exponent: r(&e)? };
        if m.is_empty() || e.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        PublicKey::from_parts(RSA_ENCRYPTION, None, &key.to_der().map_err(der_error)?)
    }

    /// `gnutls_pubkey_import_ecc_raw`: (x, y) on a curve, or Ed25519's key as x.
    pub fn from_ecc_parts(curve: gnutls_ecc_curve_t, x: &[u8], y: &[u8]) -> Result<PublicKey, Error> {
        if curve == GNUTLS_ECC_CURVE_ED25519 {
            // GnuTLS checks the size before anything else.
            if x.len() != 32 {
                return Err(Error::INVALID_REQUEST);
            }
            return PublicKey::from_parts(ED25519, None, x);
        }
        let curve = Curve::from_gnutls(curve)?;
        PublicKey::from_parts(EC_PUBLIC_KEY, Some(curve), &uncompressed_point(curve, x, y)?)
    }

    /// `gnutls_pubkey_import_dsa_raw`.
    pub fn from_dsa_parts(p: &[u8], q: &[u8], g: &[u8], y: &[u8]) -> Result<PublicKey, Error> {
        use ::dsa::BigUint;
        use pkcs8::EncodePublicKey as _;
        let n = BigUint::from_bytes_be;
        if [p, q, g, y].iter().any(|v| v.iter().all(|&b| b == 0)) {
            return Err(Error::new(GNUTLS_E_MPI_SCAN_FAILED));
        }
        let invalid = |_| Error::new(GNUTLS_E_PK_INVALID_PUBKEY);
        let components = ::dsa::Components::from_components(n(p), n(q), n(g)).map_err(invalid)?;
        let key = ::dsa::VerifyingKey::from_components(components, n(y)).map_err(invalid)?;
        PublicKey::from_spki(key.to_public_key_der().map_err(der_error)?.as_bytes())
    }

    /// `gnutls_pubkey_import_ecc_x962`: the curve's OID and the point in an OCTET STRING,
    /// both DER, as PKCS #11 holds them.
    pub fn from_x962(parameters: &[u8], ecpoint: &[u8]) -> Result<PublicKey, Error> {
        let oid = ObjectIdentifier::from_der(parameters).map_err(der_error)?;
        let curve = Curve::from_oid(&oid)?;
        let point = der::asn1::OctetStringRef::from_der(ecpoint).map_err(der_error)?;
        PublicKey::from_parts(EC_PUBLIC_KEY, Some(curve), point.as_bytes())
    }

    /// `gnutls_pubkey_export_ecc_x962`: (parameters, ecpoint) as `from_x962` reads them; ECDSA
    /// keys only, as GnuTLS.
    pub fn x962(&self) -> Result<(Vec<u8>, Vec<u8>), Error> {
        let Kind::Ecdsa(curve) = self.kind else { return Err(Error::INVALID_REQUEST) };
        let params = curve.oid().to_der().map_err(der_error)?;
        let point = der::asn1::OctetStringRef::new(&self.key).map_err(der_error)?.to_der().map_err(der_error)?;
        Ok((params, point))
    }

    /// The DSA key (checked when imported).
    fn dsa(&self) -> Result<::dsa::VerifyingKey, Error> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(&self.spki).map_err(der_error)?;
        ::dsa::VerifyingKey::try_from(spki).map_err(|_| Error::new(GNUTLS_E_PK_INVALID_PUBKEY))
    }

    /// DSA's (p, q, g, y) in GnuTLS's integer form.
    pub fn dsa_parts(&self) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>), Error> {
        if self.kind != Kind::Dsa {
            return Err(Error::INVALID_REQUEST);
        }
        let key = self.dsa()?;
        let c = key.components();
        let b = |v: &::dsa::BigUint| lz(&v.to_bytes_be());
        Ok((b(c.p()), b(c.q()), b(c.g()), b(key.y())))
    }

    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn bits(&self) -> u32 {
        match self.kind {
            Kind::Rsa | Kind::RsaPss => pkcs1::RsaPublicKey::from_der(&self.key).map_or(0, |k| {
                let m = k.modulus.as_bytes();
                m.first().map_or(0, |top| (m.len() as u32) * 8 - top.leading_zeros())
            }),
            Kind::Ecdsa(c) => c.gnutls_bits(),
            Kind::Ed25519 => 256,
            Kind::Dsa => self.dsa().map_or(0, |k| k.components().p().bits() as u32),
        }
    }

    /// `gnutls_pubkey_export`: the SubjectPublicKeyInfo, DER or "PUBLIC KEY" PEM.
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        formats::armour(pem, formats::PUBLIC_LABEL, &self.spki)
    }

    /// GnuTLS's key ID: a hash of the SubjectPublicKeyInfo DER.
    pub fn key_id(&self, flags: u32) -> Result<Vec<u8>, Error> {
        Ok(super::key_id_hash(flags)?.digest(&self.spki).as_ref().to_vec())
    }

    /// (m, e), GnuTLS's integer form.
    pub fn rsa_parts(&self) -> Result<(Vec<u8>, Vec<u8>), Error> {
        if !self.kind.is_rsa() {
            return Err(Error::INVALID_REQUEST);
        }
        let k = pkcs1::RsaPublicKey::from_der(&self.key).map_err(der_error)?;
        Ok((lz(k.modulus.as_bytes()), lz(k.public_exponent.as_bytes())))
    }

    /// (curve, x, y); Ed25519: its key as x, y empty.
    pub fn ecc_parts(&self) -> Result<(gnutls_ecc_curve_t, Vec<u8>, Vec<u8>), Error> {
        match self.kind {
            Kind::Ecdsa(curve) => {
                let n = curve.field_len();
                Ok((curve.gnutls_id(), lz(&self.key[1..1 + n]), lz(&self.key[1 + n..])))
            }
            Kind::Ed25519 => Ok((GNUTLS_ECC_CURVE_ED25519, self.key.clone(), Vec::new())),
            Kind::Rsa | Kind::RsaPss | Kind::Dsa => Err(Error::INVALID_REQUEST),
        }
    }

    /// `gnutls_pubkey_get_preferred_hash_algorithm`: (hash, whether it is mandatory); GnuTLS
    /// 3.7.9 calls it mandatory for DSA only, whose hash follows the size of q
    /// (`_gnutls_dsa_q_to_hash`).
    pub fn preferred_hash(&self) -> (gnutls_digest_algorithm_t, bool) {
        match self.kind {
            // An RSA-PSS key's restricted hash is mandatory.
            Kind::RsaPss if self.params.rsa_pss_dig != GNUTLS_DIG_UNKNOWN => (self.params.rsa_pss_dig, true),
            Kind::RsaPss => (bits_to_sha_hash(self.bits()), false),
            Kind::Rsa | Kind::Ecdsa(Curve::P256) => (GNUTLS_DIG_SHA256, false),
            Kind::Ecdsa(Curve::P384) => (GNUTLS_DIG_SHA384, false),
            Kind::Ecdsa(Curve::P521) | Kind::Ed25519 => (GNUTLS_DIG_SHA512, false),
            Kind::Dsa => (self.dsa_q_hash().0.gnutls_id(), true),
        }
    }

    /// `_gnutls_dsa_q_to_hash` for DSA: the hash and the digest size q asks for.
    fn dsa_q_hash(&self) -> (Hash, usize) {
        let bits = self.dsa().map_or(0, |k| k.components().q().bits());
        match bits {
            0..=160 => (Hash::Sha1, 20),
            161..=192 => (Hash::Sha256, 24),
            193..=224 => (Hash::Sha256, 28),
            225..=256 => (Hash::Sha256, 32),
            257..=384 => (Hash::Sha384, 48),
            _ => (Hash::Sha512, 64),
        }
    }

    /// GnuTLS's `dsa_verify_hashed_data`: a digest shorter than the hash asks for fails,
    /// except SHA-1's 20 bytes.
    fn verify_dsa(&self, hash: Hash, digest: &[u8], sig: &[u8]) -> Result<(), Error> {
        use ::dsa::signature::hazmat::PrehashVerifier as _;
        let failed = || Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED);
        let wanted = hash.provider().output_len();
        if digest.len() < wanted && digest.len() != 20 {
            return Err(failed());
        }
        let sig = ::dsa::Signature::from_der(sig).map_err(|_| failed())?;
        self.dsa()?.verify_prehash(digest, &sig).map_err(|_| failed())
    }

    /// The provider's verification algorithm for this scheme and key.
    fn algorithm(&self, scheme: Scheme, flags: u32) -> Result<&'static dyn signature::VerificationAlgorithm, Error> {
        scheme.check_key(self.kind)?;
        let unwanted = Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
        let big = self.bits() >= 2048;
        Ok(match (scheme, self.kind) {
            (Scheme::RsaPkcs1(Hash::Sha1), _) => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            (Scheme::RsaPkcs1(Hash::Sha256), _) => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            (Scheme::RsaPkcs1(Hash::Sha384), _) if big => &signature::RSA_PKCS1_2048_8192_SHA384,
            (Scheme::RsaPkcs1(Hash::Sha512), _) => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            (Scheme::RsaPss(hash), _) if big => {
                let salt = self.params.verifying_salt(self.kind == Kind::RsaPss, self.bits(), hash)?;
                if flags & GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH != 0 && salt != hash.len() {
                    return Err(Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED));
                }
                super::pss_verification(hash, salt)?
            }
            (Scheme::Ecdsa(h), Kind::Ecdsa(c)) => match (c, h) {
                (Curve::P256, Hash::Sha1) => &signature::ECDSA_P256_SHA1_ASN1,
                (Curve::P256, Hash::Sha256) => &signature::ECDSA_P256_SHA256_ASN1,
                (Curve::P256, Hash::Sha384) => &signature::ECDSA_P256_SHA384_ASN1,
                (Curve::P256, Hash::Sha512) => &signature::ECDSA_P256_SHA512_ASN1,
                (Curve::P384, Hash::Sha256) => &signature::ECDSA_P384_SHA256_ASN1,
                (Curve::P384, Hash::Sha384) => &signature::ECDSA_P384_SHA384_ASN1,
                (Curve::P384, Hash::Sha512) => &signature::ECDSA_P384_SHA512_ASN1,
                (Curve::P521, Hash::Sha1) => &signature::ECDSA_P521_SHA1_ASN1,
                (Curve::P521, Hash::Sha224) => &signature::ECDSA_P521_SHA224_ASN1,
                (Curve::P521, Hash::Sha256) => &signature::ECDSA_P521_SHA256_ASN1,
                (Curve::P521, Hash::Sha384) => &signature::ECDSA_P521_SHA384_ASN1,
                (Curve::P521, Hash::Sha512) => &signature::ECDSA_P521_SHA512_ASN1,
                _ => return unwanted,
            },
            (Scheme::Ed25519, _) => &signature::ED25519,
            _ => return unwanted,
        })
    }

    /// `gnutls_pubkey_verify_data2`: Ok, or GNUTLS_E_PK_SIG_VERIFY_FAILED.
    pub fn verify(&self, scheme: Scheme, data: &[u8], sig: &[u8]) -> Result<(), Error> {
        self.verify_with_flags(scheme, 0, data, sig)
    }

    /// `verify` with GnuTLS's verification flags (GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH).
    pub fn verify_with_flags(&self, scheme: Scheme, flags: u32, data: &[u8], sig: &[u8]) -> Result<(), Error> {
        if let (Scheme::Dsa(hash), Kind::Dsa) = (scheme, self.kind) {
            return self.verify_dsa(hash, hash.digest(data).as_ref(), sig);
        }
        let alg = self.algorithm(scheme, flags)?;
        signature::UnparsedPublicKey::new(alg, &self.key)
            .verify(data, sig)
            .map_err(|_| Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED))
    }

    /// A signature whose algorithm is RSASSA-PSS with these parameters (DER), as a
    /// certificate or CRL names it: their hash and exactly their salt. An RSA-PSS key's
    /// restrictions hold, as GnuTLS's `_gnutls_x509_validate_sign_params` checks: the same
    /// hash, a salt at least as long (GNUTLS_E_CONSTRAINT_ERROR otherwise).
    pub fn verify_pss_params(&self, params_der: &[u8], data: &[u8], sig: &[u8]) -> Result<(), Error> {
        let wanted = formats::decode_rsa_pss_params(params_der)?;
        let hash = Hash::from_gnutls(wanted.rsa_pss_dig).map_err(|_| Error::new(GNUTLS_E_UNWANTED_ALGORITHM))?;
        Scheme::RsaPss(hash).check_key(self.kind)?;
        if self.kind == Kind::RsaPss && self.params.pk == GNUTLS_PK_RSA_PSS
            && (self.params.rsa_pss_dig != wanted.rsa_pss_dig || wanted.salt_size < self.params.salt_size)
        {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        if self.bits() < 2048 {
            return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
        }
        let alg = super::pss_verification(hash, wanted.salt_size as usize)?;
        signature::UnparsedPublicKey::new(alg, &self.key).verify(data, sig).map_err(|_| Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED))
    }

    /// `gnutls_pubkey_verify_hash2`: over a digest the caller computed. EdDSA checks
    /// messages only: GNUTLS_E_INVALID_REQUEST.
    pub fn verify_hash(&self, scheme: Scheme, hash: &[u8], sig: &[u8]) -> Result<(), Error> {
        self.verify_hash_with_flags(scheme, 0, hash, sig)
    }

    pub fn verify_hash_with_flags(&self, scheme: Scheme, flags: u32, hash: &[u8], sig: &[u8]) -> Result<(), Error> {
        if let (Scheme::Dsa(h), Kind::Dsa) = (scheme, self.kind) {
            return self.verify_dsa(h, hash, sig);
        }
        let alg = self.algorithm(scheme, flags)?;
        let digest = scheme.hash().ok_or(Error::INVALID_REQUEST)?.imported(hash)?;
        signature::UnparsedPublicKey::new(alg, &self.key)
            .verify_digest(&digest, sig)
            .map_err(|_| Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED))
    }

    /// RSA PKCS#1 v1.5 encryption (`gnutls_pubkey_encrypt_data`).
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        if self.kind != Kind::Rsa {
            return Err(Error::INVALID_REQUEST);
        }
        fn failed<E>(_: E) -> Error {
            Error::new(GNUTLS_E_PK_ENCRYPTION_FAILED)
        }
        let key = rsa::PublicEncryptingKey::from_der(&self.spki).map_err(failed)?;
        let key = rsa::Pkcs1PublicEncryptingKey::new(key).map_err(failed)?;
        if plaintext.len() > key.max_plaintext_size() {
            return Err(Error::new(GNUTLS_E_PK_ENCRYPTION_FAILED));
        }
        let mut out = vec![0u8; key.ciphertext_size()];
        let n = key.encrypt(plaintext, &mut out).map_err(failed)?.len();
        out.truncate(n);
        Ok(out)
    }
}

/// An AlgorithmIdentifier's contents kept for good: webpki names algorithms by `'static`
/// bytes. Bounded (4096 identifiers of at most 256 bytes): beyond, None.
fn interned_alg_id(contents: &[u8]) -> Option<&'static [u8]> {
    static TABLE: once_cell::sync::Lazy<std::sync::Mutex<std::collections::HashMap<Vec<u8>, &'static [u8]>>> = once_cell::sync::Lazy::new(Default::default);
    let mut map = TABLE.lock().ok()?;
    if let Some(kept) = map.get(contents) {
        return Some(kept);
    }
    if contents.len() > 256 || map.len() >= 4096 {
        return None;
    }
    let kept: &'static [u8] = Box::leak(contents.to_vec().into_boxed_slice());
    map.insert(contents.to_vec(), kept);
    Some(kept)
}

/// RSA-PSS certificate signatures for webpki, which verifies only those with the digest's
/// salt size by RSA keys: one signature algorithm (RSASSA-PSS with its parameters) by one
/// kind of issuer key (rsaEncryption, or id-RSASSA-PSS with its restrictions), checked as
/// `PublicKey::verify_pss_params` checks it.
#[derive(Debug)]
pub struct PssCertVerifier {
    signature: &'static [u8],
    public_key: &'static [u8],
}

impl PssCertVerifier {
    /// From the contents of a signatureAlgorithm and of an issuer's SubjectPublicKeyInfo
    /// algorithm; None unless they are RSASSA-PSS and an RSA key.
    pub fn new(signature_alg: &[u8], public_key_alg: &[u8]) -> Option<PssCertVerifier> {
        let sig = AnyRef::new(der::Tag::Sequence, signature_alg).ok()?.to_der().ok()?;
        let sig = spki::AlgorithmIdentifierRef::from_der(&sig).ok()?;
        let pk = AnyRef::new(der::Tag::Sequence, public_key_alg).ok()?.to_der().ok()?;
        let pk = spki::AlgorithmIdentifierRef::from_der(&pk).ok()?;
        if sig.oid != RSA_PSS || !(pk.oid == RSA_PSS || pk.oid == RSA_ENCRYPTION) {
            return None;
        }
        Some(PssCertVerifier { signature: interned_alg_id(signature_alg)?, public_key: interned_alg_id(public_key_alg)? })
    }

    fn check(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let sig = AnyRef::new(der::Tag::Sequence, self.signature).and_then(|a| a.to_der()).map_err(der_error)?;
        let sig = spki::AlgorithmIdentifierRef::from_der(&sig).map_err(der_error)?;
        let params = sig.parameters.ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?.to_der().map_err(der_error)?;
        let pk = AnyRef::new(der::Tag::Sequence, self.public_key).and_then(|a| a.to_der()).map_err(der_error)?;
        let pk = spki::AlgorithmIdentifierRef::from_der(&pk).map_err(der_error)?;
        let restrictions = match (pk.oid == RSA_PSS, pk.parameters) {
            (false, _) => None,
            (true, None) => Some(gnutls_x509_spki_st::default()),
            (true, Some(p)) => Some(formats::decode_rsa_pss_params(&p.to_der().map_err(der_error)?)?),
        };
        PublicKey::from_rsa(public_key, restrictions.as_ref())?.verify_pss_params(&params, message, signature)
    }
}

impl rustls_pki_types::SignatureVerificationAlgorithm for PssCertVerifier {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), rustls_pki_types::InvalidSignature> {
        self.check(public_key, message, signature).map_err(|_| rustls_pki_types::InvalidSignature)
    }

    fn public_key_alg_id(&self) -> rustls_pki_types::AlgorithmIdentifier {
        rustls_pki_types::AlgorithmIdentifier::from_slice(self.public_key)
    }

    fn signature_alg_id(&self) -> rustls_pki_types::AlgorithmIdentifier {
        rustls_pki_types::AlgorithmIdentifier::from_slice(self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 test 1: an Ed25519 key and its signature of the empty message.
    const PK: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIG: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn rfc8032_vector_verifies() {
        let key = PublicKey::from_ecc_parts(GNUTLS_ECC_CURVE_ED25519, &hex(PK), &[]).unwrap();
        key.verify(Scheme::Ed25519, b"", &hex(SIG)).unwrap();
        let mut bad = hex(SIG);
        bad[0] ^= 1;
        assert_eq!(key.verify(Scheme::Ed25519, b"", &bad).unwrap_err().code(), GNUTLS_E_PK_SIG_VERIFY_FAILED);
        let again = PublicKey::import(&key.export(true).unwrap(), true).unwrap();
        assert_eq!(again.spki_der(), key.spki_der());
    }

    #[test]
    fn integers_take_gnutls_form() {
        assert_eq!(lz(&[0, 0, 0x81]), vec![0, 0x81]);
        assert_eq!(lz(&[0, 0x7f]), vec![0x7f]);
        assert_eq!(fixed(&[0, 1], 3).unwrap(), vec![0, 0, 1]);
        assert!(fixed(&[1, 2, 3, 4], 3).is_err());
    }
}
