//! The objects behind GnuTLS's key handles: empty until a key is imported or generated.
//! Key material lives in `PrivateKey`, which zeroizes it when the handle is freed.

use super::{Curve, Kind, PrivateKey, PublicKey, Scheme};
use crate::constants::*;
use crate::errors::Error;

/// `gnutls_x509_privkey_t`.
#[derive(Default)]
pub struct gnutls_x509_privkey_int {
    key: Option<PrivateKey>,
}

/// `gnutls_privkey_t`. A key imported from a `gnutls_x509_privkey_t` with
/// GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE keeps that object alive (and frees it) with itself.
#[derive(Default)]
pub struct gnutls_privkey_st {
    key: Option<PrivateKey>,
    released_with: Option<Box<gnutls_x509_privkey_int>>,
    pub flags: u32,
}

/// `gnutls_pubkey_t`.
#[derive(Default)]
pub struct gnutls_pubkey_st {
    key: Option<PublicKey>,
}

impl gnutls_x509_privkey_int {
    pub fn key(&self) -> Result<&PrivateKey, Error> {
        self.key.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    pub fn set(&mut self, key: PrivateKey) {
        self.key = Some(key);
    }

    /// The key as PKCS#8 DER (what credentials load).
    pub fn pkcs8_der(&self) -> Result<&[u8], Error> {
        Ok(self.key()?.pkcs8_der())
    }
}

impl gnutls_privkey_st {
    pub fn key(&self) -> Result<&PrivateKey, Error> {
        self.key.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    /// A key can be given to a handle once, as in GnuTLS.
    pub fn set(&mut self, key: PrivateKey) -> Result<(), Error> {
        if self.key.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        self.key = Some(key);
        Ok(())
    }

    pub fn release_with(&mut self, x509: Box<gnutls_x509_privkey_int>) {
        self.released_with = Some(x509);
    }
}

impl gnutls_pubkey_st {
    pub fn key(&self) -> Result<&PublicKey, Error> {
        self.key.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    pub fn key_mut(&mut self) -> Result<&mut PublicKey, Error> {
        self.key.as_mut().ok_or(Error::INVALID_REQUEST)
    }

    pub fn set(&mut self, key: PublicKey) {
        self.key = Some(key);
    }
}

/// What `gnutls_*_generate2` makes for (algorithm, bits): RSA by modulus size; ECDSA by
/// `GNUTLS_CURVE_TO_BITS(curve)` or by size (the smallest curve at least that large, as
/// GnuTLS); Ed25519 whatever the bits. Algorithms the provider does not generate (DSA,
/// RSA-PSS keys, GOST, Ed448) are GNUTLS_E_UNWANTED_ALGORITHM.
pub fn generate(algorithm: gnutls_pk_algorithm_t, bits: u32, flags: u32) -> Result<PrivateKey, Error> {
    const BITS_ARE_CURVE: u32 = 1 << 31;
    if flags & (GNUTLS_PRIVKEY_FLAG_PROVABLE | GNUTLS_PRIVKEY_FLAG_CA) != 0 {
        // Provable (FIPS 186-4) generation from a seed is not offered by the provider.
        return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
    }
    let kind = match algorithm {
        GNUTLS_PK_RSA => {
            if bits & BITS_ARE_CURVE != 0 {
                return Err(Error::INVALID_REQUEST);
            }
            Kind::Rsa
        }
        GNUTLS_PK_ECDSA if bits & BITS_ARE_CURVE != 0 => Kind::Ecdsa(Curve::from_gnutls(bits & !BITS_ARE_CURVE)?),
        GNUTLS_PK_ECDSA => Kind::Ecdsa(match bits {
            0 => return Err(Error::INVALID_REQUEST),
            // GnuTLS would pick secp192r1 or secp224r1, which the provider does not have.
            1..=224 => return Err(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE)),
            225..=256 => Curve::P256,
            257..=384 => Curve::P384,
            385..=528 => Curve::P521,
            _ => return Err(Error::new(GNUTLS_E_ECC_UNSUPPORTED_CURVE)),
        }),
        GNUTLS_PK_EDDSA_ED25519 => {
            if bits & BITS_ARE_CURVE != 0 && bits & !BITS_ARE_CURVE != GNUTLS_ECC_CURVE_ED25519 {
                return Err(Error::INVALID_REQUEST);
            }
            Kind::Ed25519
        }
        GNUTLS_PK_UNKNOWN => return Err(Error::INVALID_REQUEST),
        _ => return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
    };
    PrivateKey::generate(kind, bits)
}

/// The scheme of a `gnutls_privkey_sign_data`/`sign_hash` call (a hash and flags) for a key.
pub fn scheme_for(key: &PrivateKey, hash: gnutls_digest_algorithm_t, flags: u32) -> Result<Scheme, Error> {
    check_sign_flags(key, flags)?;
    Scheme::for_key(key.kind(), hash, flags & GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS != 0)
}

/// Sign flags the provider can honour: raw TLS 1.0 RSA signatures are not offered, and
/// ECDSA is never reproducible (RFC 6979) with the provider. RSA PKCS#1 v1.5 and EdDSA are
/// deterministic anyway.
pub fn check_sign_flags(key: &PrivateKey, flags: u32) -> Result<(), Error> {
    if flags & GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA != 0 {
        return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
    }
    if flags & GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE != 0 && matches!(key.kind(), Kind::Ecdsa(_)) {
        return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
    }
    Ok(())
}

/// Verify flags the provider can honour: raw TLS 1.0 RSA is not offered.
pub fn check_verify_flags(flags: u32) -> Result<(), Error> {
    if flags & GNUTLS_VERIFY_USE_TLS1_RSA != 0 {
        return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
    }
    Ok(())
}
