//! Private and public keys: the core under `gnutls_privkey_t`, `gnutls_x509_privkey_t` and
//! `gnutls_pubkey_t`. Every operation (generation, signing, verification, RSA encryption)
//! is the crypto provider's (`crate::provider::primitives`, the one TLS uses too), except
//! DSA's, which the provider lacks and RustCrypto's `dsa` does; the file formats (PKCS#1,
//! SEC1, OpenSSL's DSA, PKCS#8 with PBES2, SubjectPublicKeyInfo, PEM) are RustCrypto's.

pub mod external;
pub mod formats;
pub mod handles;
pub mod private;
pub mod public;

pub use handles::{gnutls_privkey_st, gnutls_pubkey_st, gnutls_x509_privkey_int};
pub use private::PrivateKey;
pub use public::PublicKey;

use crate::constants::*;
use crate::errors::Error;
use crate::provider::primitives::{digest, signature};

/// The elliptic curves the provider signs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub fn gnutls_id(self) -> gnutls_ecc_curve_t {
        match self {
            Curve::P256 => GNUTLS_ECC_CURVE_SECP256R1,
            Curve::P384 => GNUTLS_ECC_CURVE_SECP384R1,
            Curve::P521 => GNUTLS_ECC_CURVE_SECP521R1,
        }
    }

    /// A GnuTLS curve id the provider has; others are GNUTLS_E_ECC_UNSUPPORTED_CURVE.
    pub fn from_gnutls(id: gnutls_ecc_curve_t) -> Result<Curve, Error> {
        match id {
            GNUTLS_ECC_CURVE_SECP256R1 => Ok(Curve::P256),
            GNUTLS_ECC_CURVE_SECP384R1 => Ok(Curve::P384),
            GNUTLS_ECC_CURVE_SECP521R1 => Ok(Curve::P521),
            _ => Err(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE)),
        }
    }

    pub fn oid(self) -> der::asn1::ObjectIdentifier {
        use der::asn1::ObjectIdentifier as Oid;
        match self {
            Curve::P256 => Oid::new_unwrap("1.2.840.10045.3.1.7"),
            Curve::P384 => Oid::new_unwrap("1.3.132.0.34"),
            Curve::P521 => Oid::new_unwrap("1.3.132.0.35"),
        }
    }

    pub fn from_oid(oid: &der::asn1::ObjectIdentifier) -> Result<Curve, Error> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| c.oid() == *oid)
            .ok_or(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE))
    }

    pub fn bits(self) -> u32 {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    /// The size GnuTLS reports for keys on the curve: whole bytes (P-521 is 528).
    pub fn gnutls_bits(self) -> u32 {
        self.field_len() as u32 * 8
    }

    /// The length of a coordinate or of the private scalar.
    pub fn field_len(self) -> usize {
        (self.bits() as usize).div_ceil(8)
    }

    /// The provider's signing algorithm for keys on this curve (the hash it fixes is the one
    /// the provider has for the curve: SHA-256, SHA-384, SHA-512).
    fn signing(self) -> &'static signature::EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_ASN1_SIGNING,
        }
    }
}

/// What a key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Rsa,
    /// GnuTLS's RSA-PSS key (id-RSASSA-PSS): an RSA key that signs with RSA-PSS only, within
    /// the restrictions of its parameters (`gnutls_x509_spki_st`).
    RsaPss,
    Ecdsa(Curve),
    Ed25519,
    Dsa,
}

impl Kind {
    pub fn pk_algorithm(self) -> gnutls_pk_algorithm_t {
        match self {
            Kind::Rsa => GNUTLS_PK_RSA,
            Kind::RsaPss => GNUTLS_PK_RSA_PSS,
            Kind::Ecdsa(_) => GNUTLS_PK_ECDSA,
            Kind::Ed25519 => GNUTLS_PK_EDDSA_ED25519,
            Kind::Dsa => GNUTLS_PK_DSA,
        }
    }

    pub fn is_rsa(self) -> bool {
        matches!(self, Kind::Rsa | Kind::RsaPss)
    }
}

/// A GnuTLS digest the keys hash with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn from_gnutls(id: gnutls_digest_algorithm_t) -> Result<Hash, Error> {
        match id {
            GNUTLS_DIG_SHA1 => Ok(Hash::Sha1),
            GNUTLS_DIG_SHA224 => Ok(Hash::Sha224),
            GNUTLS_DIG_SHA256 => Ok(Hash::Sha256),
            GNUTLS_DIG_SHA384 => Ok(Hash::Sha384),
            GNUTLS_DIG_SHA512 => Ok(Hash::Sha512),
            _ => Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
        }
    }

    pub fn gnutls_id(self) -> gnutls_digest_algorithm_t {
        match self {
            Hash::Sha1 => GNUTLS_DIG_SHA1,
            Hash::Sha224 => GNUTLS_DIG_SHA224,
            Hash::Sha256 => GNUTLS_DIG_SHA256,
            Hash::Sha384 => GNUTLS_DIG_SHA384,
            Hash::Sha512 => GNUTLS_DIG_SHA512,
        }
    }

    pub fn provider(self) -> &'static digest::Algorithm {
        match self {
            Hash::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            Hash::Sha224 => &digest::SHA224,
            Hash::Sha256 => &digest::SHA256,
            Hash::Sha384 => &digest::SHA384,
            Hash::Sha512 => &digest::SHA512,
        }
    }

    /// A DSA signature (DER Dss-Sig-Value) of a digest, its nonce from RFC 6979 with this
    /// hash.
    // divergence: GnuTLS draws DSA nonces at random unless GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE
    // is given; ours are always RFC 6979's (deterministic, and as safe).
    pub fn dsa_sign(self, key: &::dsa::SigningKey, prehash: &[u8]) -> Result<Vec<u8>, Error> {
        // RFC 6979's nonce loop never ends for a q under 8 bits; FIPS 186-4's smallest is 160.
        if key.verifying_key().components().q().bits() < 160 {
            return Err(Error::new(GNUTLS_E_PK_SIGN_FAILED));
        }
        let signed = match self {
            Hash::Sha1 => key.sign_prehashed_rfc6979::<sha1::Sha1>(prehash),
            Hash::Sha224 => key.sign_prehashed_rfc6979::<sha2::Sha224>(prehash),
            Hash::Sha256 => key.sign_prehashed_rfc6979::<sha2::Sha256>(prehash),
            Hash::Sha384 => key.sign_prehashed_rfc6979::<sha2::Sha384>(prehash),
            Hash::Sha512 => key.sign_prehashed_rfc6979::<sha2::Sha512>(prehash),
        };
        der::Encode::to_der(&signed.map_err(|_| Error::new(GNUTLS_E_PK_SIGN_FAILED))?).map_err(|_| Error::new(GNUTLS_E_PK_SIGN_FAILED))
    }

    pub fn len(self) -> usize {
        self.provider().output_len()
    }

    pub fn digest(self, data: &[u8]) -> digest::Digest {
        digest::digest(self.provider(), data)
    }

    /// A digest the caller computed, checked for length (GnuTLS: GNUTLS_E_INVALID_REQUEST).
    pub fn imported(self, hash: &[u8]) -> Result<digest::Digest, Error> {
        digest::Digest::import_less_safe(hash, self.provider()).map_err(|_| Error::INVALID_REQUEST)
    }
}

/// The largest RSA-PSS salt a key the provider holds can have (8192 bits: 1024 bytes less a
/// digest and 2).
const MAX_PSS_SALT: usize = 1022;

type Interned<T> = std::sync::Mutex<std::collections::HashMap<(gnutls_digest_algorithm_t, usize), &'static T>>;

/// One provider object per (hash, salt), made on first use and kept: the provider takes
/// its algorithms as `'static` only, and a salt other than the digest's size is the
/// caller's (a key's restriction). Bounded by 3 hashes times `MAX_PSS_SALT` salts.
fn interned<T: Sync>(table: &'static Interned<T>, hash: Hash, salt: usize, make: impl FnOnce() -> T) -> Result<&'static T, Error> {
    if salt > MAX_PSS_SALT {
        return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
    }
    let mut map = table.lock().map_err(|_| Error::INTERNAL)?;
    Ok(*map.entry((hash.gnutls_id(), salt)).or_insert_with(|| Box::leak(Box::new(make()))))
}

/// The provider's RSA-PSS signing with `hash` and a salt of `salt` bytes.
pub fn pss_signing(hash: Hash, salt: usize) -> Result<&'static signature::RsaSignatureEncoding, Error> {
    static TABLE: once_cell::sync::Lazy<Interned<signature::RsaSignatureEncoding>> = once_cell::sync::Lazy::new(Default::default);
    let base = match hash {
        Hash::Sha256 => &signature::RSA_PSS_SHA256,
        Hash::Sha384 => &signature::RSA_PSS_SHA384,
        Hash::Sha512 => &signature::RSA_PSS_SHA512,
        _ => return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
    };
    if salt == hash.len() {
        return Ok(base);
    }
    let custom = signature::RsaPssSaltLength::Custom(salt as u16);
    interned(&TABLE, hash, salt, || match hash {
        Hash::Sha384 => signature::RSA_PSS_SHA384.with_pss_salt_length(custom),
        Hash::Sha512 => signature::RSA_PSS_SHA512.with_pss_salt_length(custom),
        _ => signature::RSA_PSS_SHA256.with_pss_salt_length(custom),
    })
}

/// The provider's RSA-PSS verification (2048 to 8192 bits) with `hash`, the salt exactly
/// `salt` bytes, as GnuTLS checks it.
pub fn pss_verification(hash: Hash, salt: usize) -> Result<&'static signature::RsaParameters, Error> {
    static TABLE: once_cell::sync::Lazy<Interned<signature::RsaParameters>> = once_cell::sync::Lazy::new(Default::default);
    let base = match hash {
        Hash::Sha256 => &signature::RSA_PSS_2048_8192_SHA256,
        Hash::Sha384 => &signature::RSA_PSS_2048_8192_SHA384,
        Hash::Sha512 => &signature::RSA_PSS_2048_8192_SHA512,
        _ => return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
    };
    if salt == hash.len() {
        return Ok(base);
    }
    let custom = signature::RsaPssSaltLength::Custom(salt as u16);
    interned(&TABLE, hash, salt, || match hash {
        Hash::Sha384 => signature::RSA_PSS_2048_8192_SHA384.with_pss_salt_length(custom),
        Hash::Sha512 => signature::RSA_PSS_2048_8192_SHA512.with_pss_salt_length(custom),
        _ => signature::RSA_PSS_2048_8192_SHA256.with_pss_salt_length(custom),
    })
}

/// How a signature is made: the key family it needs, the hash, and for RSA the padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    RsaPkcs1(Hash),
    RsaPss(Hash),
    Ecdsa(Hash),
    Ed25519,
    Dsa(Hash),
}

impl Scheme {
    /// A `gnutls_sign_algorithm_t`; one the provider has no counterpart for is
    /// GNUTLS_E_UNWANTED_ALGORITHM (GnuTLS's code for a disabled algorithm).
    pub fn from_gnutls(sign: gnutls_sign_algorithm_t) -> Result<Scheme, Error> {
        use Hash::*;
        Ok(match sign {
            GNUTLS_SIGN_RSA_SHA1 => Scheme::RsaPkcs1(Sha1),
            GNUTLS_SIGN_RSA_SHA224 => Scheme::RsaPkcs1(Sha224),
            GNUTLS_SIGN_RSA_SHA256 => Scheme::RsaPkcs1(Sha256),
            GNUTLS_SIGN_RSA_SHA384 => Scheme::RsaPkcs1(Sha384),
            GNUTLS_SIGN_RSA_SHA512 => Scheme::RsaPkcs1(Sha512),
            GNUTLS_SIGN_RSA_PSS_SHA256 | GNUTLS_SIGN_RSA_PSS_RSAE_SHA256 => Scheme::RsaPss(Sha256),
            GNUTLS_SIGN_RSA_PSS_SHA384 | GNUTLS_SIGN_RSA_PSS_RSAE_SHA384 => Scheme::RsaPss(Sha384),
            GNUTLS_SIGN_RSA_PSS_SHA512 | GNUTLS_SIGN_RSA_PSS_RSAE_SHA512 => Scheme::RsaPss(Sha512),
            GNUTLS_SIGN_ECDSA_SHA1 => Scheme::Ecdsa(Sha1),
            GNUTLS_SIGN_ECDSA_SHA224 => Scheme::Ecdsa(Sha224),
            GNUTLS_SIGN_ECDSA_SHA256 | GNUTLS_SIGN_ECDSA_SECP256R1_SHA256 => Scheme::Ecdsa(Sha256),
            GNUTLS_SIGN_ECDSA_SHA384 | GNUTLS_SIGN_ECDSA_SECP384R1_SHA384 => Scheme::Ecdsa(Sha384),
            GNUTLS_SIGN_ECDSA_SHA512 | GNUTLS_SIGN_ECDSA_SECP521R1_SHA512 => Scheme::Ecdsa(Sha512),
            GNUTLS_SIGN_EDDSA_ED25519 => Scheme::Ed25519,
            GNUTLS_SIGN_DSA_SHA1 => Scheme::Dsa(Sha1),
            GNUTLS_SIGN_DSA_SHA224 => Scheme::Dsa(Sha224),
            GNUTLS_SIGN_DSA_SHA256 => Scheme::Dsa(Sha256),
            GNUTLS_SIGN_DSA_SHA384 => Scheme::Dsa(Sha384),
            GNUTLS_SIGN_DSA_SHA512 => Scheme::Dsa(Sha512),
            GNUTLS_SIGN_UNKNOWN => return Err(Error::INVALID_REQUEST),
            _ => return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
        })
    }

    /// The scheme GnuTLS uses for a key and a hash (`gnutls_privkey_sign_data`), RSA-PSS
    /// when asked with GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS.
    pub fn for_key(kind: Kind, hash: gnutls_digest_algorithm_t, pss: bool) -> Result<Scheme, Error> {
        Ok(match kind {
            // EdDSA hashes with SHA-512 itself; GnuTLS refuses any other hash for it.
            Kind::Ed25519 if hash == GNUTLS_DIG_SHA512 => Scheme::Ed25519,
            Kind::Ed25519 => return Err(Error::INVALID_REQUEST),
            Kind::Rsa if pss => Scheme::RsaPss(Hash::from_gnutls(hash)?),
            Kind::RsaPss => Scheme::RsaPss(Hash::from_gnutls(hash)?),
            Kind::Rsa => Scheme::RsaPkcs1(Hash::from_gnutls(hash)?),
            Kind::Ecdsa(_) => Scheme::Ecdsa(Hash::from_gnutls(hash)?),
            Kind::Dsa => Scheme::Dsa(Hash::from_gnutls(hash)?),
        })
    }

    /// Whether a key of this kind makes (and checks) signatures of this scheme; a mismatch
    /// is GnuTLS's GNUTLS_E_CONSTRAINT_ERROR.
    pub fn check_key(self, kind: Kind) -> Result<(), Error> {
        let fits = matches!(
            (self, kind),
            (Scheme::RsaPkcs1(_) | Scheme::RsaPss(_), Kind::Rsa) | (Scheme::RsaPss(_), Kind::RsaPss) | (Scheme::Ecdsa(_), Kind::Ecdsa(_)) | (Scheme::Ed25519, Kind::Ed25519)
                | (Scheme::Dsa(_), Kind::Dsa)
        );
        if fits {
            Ok(())
        } else {
            Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR))
        }
    }

    pub fn hash(self) -> Option<Hash> {
        match self {
            Scheme::RsaPkcs1(h) | Scheme::RsaPss(h) | Scheme::Ecdsa(h) | Scheme::Dsa(h) => Some(h),
            Scheme::Ed25519 => None,
        }
    }
}

/// GnuTLS's key ID flags: which hash of the SubjectPublicKeyInfo.
pub fn key_id_hash(flags: u32) -> Result<Hash, Error> {
    match flags & !GNUTLS_KEYID_USE_BEST_KNOWN {
        GNUTLS_KEYID_USE_SHA1 if flags & GNUTLS_KEYID_USE_BEST_KNOWN != 0 => Ok(Hash::Sha256),
        GNUTLS_KEYID_USE_SHA1 => Ok(Hash::Sha1),
        GNUTLS_KEYID_USE_SHA256 => Ok(Hash::Sha256),
        GNUTLS_KEYID_USE_SHA512 => Ok(Hash::Sha512),
        _ => Err(Error::INVALID_REQUEST),
    }
}

/// The object behind `gnutls_x509_spki_t`: a key's signing parameters. GnuTLS 3.7.9
/// keeps the public-key algorithm and, for RSA-PSS, the hash and salt size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct gnutls_x509_spki_st {
    /// GNUTLS_PK_UNKNOWN (0) until something is set.
    pub pk: gnutls_pk_algorithm_t,
    pub rsa_pss_dig: gnutls_digest_algorithm_t,
    pub salt_size: u32,
}

impl gnutls_x509_spki_st {
    /// `gnutls_x509_spki_set_rsa_pss_params`: the parameters become RSA-PSS's.
    pub fn set_rsa_pss(&mut self, dig: gnutls_digest_algorithm_t, salt_size: u32) {
        *self = gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: dig, salt_size };
    }

    /// RSA-PSS's salt size for a key of `bits` and a digest of `hash_len` bytes, as GnuTLS's
    /// `_gnutls_find_rsa_pss_salt_size`: at least the digest's size, at most what the key
    /// leaves; a key too small for the digest is GNUTLS_E_CONSTRAINT_ERROR.
    pub fn pss_salt_size(bits: u32, hash_len: usize, salt: usize) -> Result<usize, Error> {
        let key_len = bits.div_ceil(8) as usize;
        if key_len == 0 {
            return Err(Error::new(GNUTLS_E_PK_INVALID_PUBKEY));
        }
        let max = key_len.checked_sub(hash_len + 2).ok_or(Error::new(GNUTLS_E_CONSTRAINT_ERROR))?;
        Ok(salt.max(hash_len).min(max))
    }

    /// The salt GnuTLS signs with for these parameters (`_gnutls_privkey_update_spki_params`):
    /// an RSA-PSS restriction fixes the hash (another is GNUTLS_E_CONSTRAINT_ERROR) and the
    /// least salt; GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE signs without salt, and
    /// GNUTLS_PRIVKEY_FLAG_RSA_PSS_FIXED_SALT_LENGTH refuses any salt but the digest's size.
    pub fn signing_salt(&self, bits: u32, hash: Hash, flags: u32) -> Result<usize, Error> {
        let mut least = 0;
        if self.pk == GNUTLS_PK_RSA_PSS {
            if self.rsa_pss_dig != GNUTLS_DIG_UNKNOWN && self.rsa_pss_dig != hash.gnutls_id() {
                return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
            }
            least = self.salt_size as usize;
        }
        if flags & GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE != 0 {
            return Ok(0);
        }
        let salt = Self::pss_salt_size(bits, hash.len(), least)?;
        if flags & GNUTLS_PRIVKEY_FLAG_RSA_PSS_FIXED_SALT_LENGTH != 0 && salt != hash.len() {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        Ok(salt)
    }

    /// The salt GnuTLS checks an RSA-PSS signature with (`fixup_spki_params`): an RSA-PSS
    /// key's restricted salt and hash (another hash is GNUTLS_E_CONSTRAINT_ERROR), else the
    /// digest's size.
    pub fn verifying_salt(&self, rsa_pss_key: bool, bits: u32, hash: Hash) -> Result<usize, Error> {
        if !rsa_pss_key || self.pk != GNUTLS_PK_RSA_PSS || self.rsa_pss_dig == GNUTLS_DIG_UNKNOWN {
            return Self::pss_salt_size(bits, hash.len(), 0);
        }
        if self.rsa_pss_dig != hash.gnutls_id() {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        Ok(self.salt_size as usize)
    }

    /// GnuTLS's `_gnutls_x509_check_pubkey_params` for an RSA-PSS key of `bits`: the digest
    /// and the salt must fit in the key.
    pub fn check_fits(&self, bits: u32) -> Result<(), Error> {
        if self.pk == GNUTLS_PK_UNKNOWN {
            return Ok(());
        }
        let invalid = Error::new(GNUTLS_E_PK_INVALID_PUBKEY_PARAMS);
        let hash = Hash::from_gnutls(self.rsa_pss_dig).map_err(|_| invalid)?;
        if hash.len() + self.salt_size as usize + 2 > bits.div_ceil(8) as usize {
            return Err(invalid);
        }
        Ok(())
    }

    /// `gnutls_x509_spki_get_rsa_pss_params`: nothing set is
    /// GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, another algorithm GNUTLS_E_INVALID_REQUEST.
    pub fn rsa_pss(&self) -> Result<(gnutls_digest_algorithm_t, u32), Error> {
        match self.pk {
            GNUTLS_PK_UNKNOWN => Err(Error::REQUESTED_DATA_NOT_AVAILABLE),
            GNUTLS_PK_RSA_PSS => Ok((self.rsa_pss_dig, self.salt_size)),
            _ => Err(Error::INVALID_REQUEST),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spki_parameters_are_rsa_pss_once_set() {
        let mut spki = gnutls_x509_spki_st::default();
        assert_eq!(spki.rsa_pss().unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
        spki.pk = GNUTLS_PK_RSA;
        assert_eq!(spki.rsa_pss().unwrap_err().code(), GNUTLS_E_INVALID_REQUEST);
        spki.set_rsa_pss(GNUTLS_DIG_SHA384, 48);
        assert_eq!(spki.rsa_pss().unwrap(), (GNUTLS_DIG_SHA384, 48));
    }

    use super::*;

    #[test]
    fn sec_params_follow_gnutls_table() {
        use crate::algorithms::{pk_bits_to_sec_param, sec_param_to_pk_bits};
        assert_eq!(sec_param_to_pk_bits(GNUTLS_PK_RSA, GNUTLS_SEC_PARAM_MEDIUM), 2048);
        assert_eq!(sec_param_to_pk_bits(GNUTLS_PK_ECDSA, GNUTLS_SEC_PARAM_HIGH), 256);
        assert_eq!(sec_param_to_pk_bits(GNUTLS_PK_EDDSA_ED25519, GNUTLS_SEC_PARAM_LOW), 160);
        assert_eq!(pk_bits_to_sec_param(GNUTLS_PK_RSA, 2048), GNUTLS_SEC_PARAM_MEDIUM);
        assert_eq!(pk_bits_to_sec_param(GNUTLS_PK_RSA, 521), GNUTLS_SEC_PARAM_EXPORT);
        assert_eq!(pk_bits_to_sec_param(GNUTLS_PK_ECDSA, 384), GNUTLS_SEC_PARAM_ULTRA);
    }

    #[test]
    fn pss_salts_follow_gnutls() {
        let none = gnutls_x509_spki_st::default();
        assert_eq!(none.signing_salt(2048, Hash::Sha256, 0).unwrap(), 32);
        assert_eq!(none.signing_salt(2048, Hash::Sha256, GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE).unwrap(), 0);
        let mut spki = gnutls_x509_spki_st::default();
        spki.set_rsa_pss(GNUTLS_DIG_SHA256, 48);
        assert_eq!(spki.signing_salt(2048, Hash::Sha256, 0).unwrap(), 48);
        assert_eq!(spki.signing_salt(2048, Hash::Sha384, 0).unwrap_err().code(), GNUTLS_E_CONSTRAINT_ERROR);
        assert_eq!(spki.signing_salt(2048, Hash::Sha256, GNUTLS_PRIVKEY_FLAG_RSA_PSS_FIXED_SALT_LENGTH).unwrap_err().code(), GNUTLS_E_CONSTRAINT_ERROR);
        // The salt is capped by what the key leaves: 256 - 32 - 2.
        spki.set_rsa_pss(GNUTLS_DIG_SHA256, 300);
        assert_eq!(spki.signing_salt(2048, Hash::Sha256, 0).unwrap(), 222);
        assert_eq!(spki.check_fits(2048).unwrap_err().code(), GNUTLS_E_PK_INVALID_PUBKEY_PARAMS);
        spki.set_rsa_pss(GNUTLS_DIG_SHA256, 48);
        assert_eq!(spki.verifying_salt(true, 2048, Hash::Sha256).unwrap(), 48);
        assert_eq!(spki.verifying_salt(false, 2048, Hash::Sha256).unwrap(), 32);
        assert_eq!(spki.verifying_salt(true, 2048, Hash::Sha512).unwrap_err().code(), GNUTLS_E_CONSTRAINT_ERROR);
    }

    #[test]
    fn rsa_pss_keys_sign_within_their_restrictions() {
        let mut key = PrivateKey::generate(Kind::RsaPss, 2048).unwrap();
        assert_eq!(key.kind(), Kind::RsaPss);
        assert_eq!(key.sign(Scheme::RsaPkcs1(Hash::Sha256), b"m").unwrap_err().code(), GNUTLS_E_CONSTRAINT_ERROR);
        let mut spki = gnutls_x509_spki_st::default();
        spki.set_rsa_pss(GNUTLS_DIG_SHA256, 48);
        key.set_params(&spki).unwrap();
        let sig = key.sign(Scheme::RsaPss(Hash::Sha256), b"m").unwrap();
        let public = key.public_key().unwrap();
        assert_eq!((public.kind(), public.params()), (Kind::RsaPss, spki));
        public.verify(Scheme::RsaPss(Hash::Sha256), b"m", &sig).unwrap();
        // A 48-byte salt is not the digest's size.
        assert_eq!(
            public.verify_with_flags(Scheme::RsaPss(Hash::Sha256), GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH, b"m", &sig).unwrap_err().code(),
            GNUTLS_E_PK_SIG_VERIFY_FAILED
        );
        // The PKCS#8 export reads back as the same restricted key.
        let again = PrivateKey::from_pkcs8(&key.export_pkcs8().unwrap()).unwrap();
        assert_eq!((again.kind(), again.params()), (Kind::RsaPss, spki));
        assert_eq!(again.pkcs8_der(), key.pkcs8_der());
        // Its public key as written and read again.
        let read = PublicKey::from_spki(public.spki_der()).unwrap();
        assert_eq!((read.kind(), read.params()), (Kind::RsaPss, spki));
        read.verify(Scheme::RsaPss(Hash::Sha256), b"m", &sig).unwrap();
        // An RSA key given RSA-PSS parameters becomes an RSA-PSS key.
        let mut rsa = PrivateKey::generate(Kind::Rsa, 2048).unwrap();
        rsa.set_params(&spki).unwrap();
        assert_eq!(rsa.kind(), Kind::RsaPss);
        assert_eq!(rsa.decrypt(b"x").unwrap_err().code(), GNUTLS_E_INVALID_REQUEST);
    }

    #[test]
    fn sign_ids_map_to_schemes() {
        assert_eq!(Scheme::from_gnutls(GNUTLS_SIGN_RSA_SHA256).unwrap(), Scheme::RsaPkcs1(Hash::Sha256));
        assert_eq!(Scheme::from_gnutls(GNUTLS_SIGN_DSA_SHA256).unwrap(), Scheme::Dsa(Hash::Sha256));
        assert_eq!(Scheme::from_gnutls(GNUTLS_SIGN_DSA_SHA3_256).unwrap_err().code(), GNUTLS_E_UNWANTED_ALGORITHM);
        assert!(Scheme::Ecdsa(Hash::Sha256).check_key(Kind::Rsa).is_err());
    }
}
