//! The objects behind GnuTLS's key handles: empty until a key is imported or generated.
//! Key material lives in `PrivateKey`, which zeroizes it when the handle is freed.

use std::sync::Arc;

use zeroize::Zeroizing;

use super::external::ExternalKey;
use super::{gnutls_x509_spki_st, Curve, Kind, PrivateKey, PublicKey, Scheme};
use crate::credentials::PinSource;
use crate::constants::*;
use crate::errors::Error;

/// `gnutls_x509_privkey_t`.
#[derive(Default)]
pub struct gnutls_x509_privkey_int {
    key: Option<PrivateKey>,
    /// `gnutls_x509_privkey_set_pin_function`: asked for the password of an encrypted key
    /// imported without one.
    pub pin: Option<PinSource>,
    /// `gnutls_x509_privkey_set_flags`.
    pub flags: u32,
}

/// `gnutls_privkey_t`. A key imported from a `gnutls_x509_privkey_t` with
/// GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE keeps that object alive (and frees it) with itself.
#[derive(Default)]
pub struct gnutls_privkey_st {
    key: Option<PrivateKey>,
    /// A key the program signs with itself (`gnutls_privkey_import_ext*`).
    external: Option<Arc<ExternalKey>>,
    released_with: Option<Box<gnutls_x509_privkey_int>>,
    pub flags: u32,
    /// `gnutls_privkey_set_pin_function`: handed to the X.509 key an import decrypts.
    pub pin: Option<PinSource>,
    /// The key's algorithm when it was given to the handle: GnuTLS's hash-based signing
    /// calls sign for that one, so an RSA key made RSA-PSS by `gnutls_privkey_set_spki`
    /// refuses them (GNUTLS_E_CONSTRAINT_ERROR).
    imported_pk: gnutls_pk_algorithm_t,
}

/// What a handshake signs with: a key of ours (PKCS #8, wiped after loading) or the
/// program's.
pub enum TlsKey {
    Der(rustls_pki_types::PrivateKeyDer<'static>),
    External(Arc<ExternalKey>),
}

/// `gnutls_pubkey_t`.
#[derive(Default)]
pub struct gnutls_pubkey_st {
    key: Option<PublicKey>,
    /// `gnutls_pubkey_set_pin_function`: GnuTLS asks it when importing keys from tokens
    /// (`gnutls_pubkey_import_url`), which we do not open; kept as given.
    pub pin: Option<PinSource>,
}

impl gnutls_x509_privkey_int {
    pub fn key(&self) -> Result<&PrivateKey, Error> {
        self.key.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    pub fn key_mut(&mut self) -> Result<&mut PrivateKey, Error> {
        self.key.as_mut().ok_or(Error::INVALID_REQUEST)
    }

    pub fn set(&mut self, key: PrivateKey) {
        self.key = Some(key);
    }

    /// `gnutls_x509_privkey_import2`: an encrypted key given without a password asks `pin`
    /// (the key's own PIN function, else the global one), as GnuTLS does.
    pub fn import2(&mut self, data: &[u8], pem: bool, password: Option<&[u8]>, pin: Option<PinSource>) -> Result<(), Error> {
        let reader = super::formats::Reader::Any;
        let key = match PrivateKey::import(data, pem, password, reader) {
            Err(e) if e.code() == GNUTLS_E_DECRYPTION_FAILED && password.is_none() => {
                let asked = self.pin.clone().or(pin).and_then(|ask| ask());
                match asked {
                    Some(pw) => PrivateKey::import(data, pem, Some(&pw), reader)?,
                    None => return Err(e),
                }
            }
            other => other?,
        };
        self.set(key);
        Ok(())
    }

    /// The key as PKCS#8 DER, for credentials (see `PrivateKey::tls_der`).
    pub fn pkcs8_der(&self) -> Result<&[u8], Error> {
        self.key()?.tls_der()
    }
}

impl gnutls_privkey_st {
    pub fn key(&self) -> Result<&PrivateKey, Error> {
        self.key.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    /// A key can be given to a handle once, as in GnuTLS.
    pub fn set(&mut self, key: PrivateKey) -> Result<(), Error> {
        if self.key.is_some() || self.external.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        self.imported_pk = key.kind().pk_algorithm();
        self.key = Some(key);
        Ok(())
    }

    /// GnuTLS's `_gnutls_privkey_update_spki_params` for `gnutls_privkey_sign_data` and
    /// `_sign_hash`: the algorithm they sign for (RSA-PSS with
    /// GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS, which only RSA keys take) must be the key's, or
    /// RSA-PSS for an RSA key.
    fn check_signing_pk(&self, key: &PrivateKey, flags: u32) -> Result<(), Error> {
        let mut wanted = self.imported_pk;
        if flags & GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS != 0 {
            if wanted != GNUTLS_PK_RSA && wanted != GNUTLS_PK_RSA_PSS {
                return Err(Error::INVALID_REQUEST);
            }
            wanted = GNUTLS_PK_RSA_PSS;
        }
        let own = key.kind().pk_algorithm();
        if own != wanted && !(own == GNUTLS_PK_RSA && wanted == GNUTLS_PK_RSA_PSS) {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        Ok(())
    }

    /// `gnutls_privkey_get_spki`: GnuTLS has parameters for its own X.509 keys only.
    pub fn get_spki(&self) -> Result<gnutls_x509_spki_st, Error> {
        stored_spki(&self.key().map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)?.params())
    }

    /// `gnutls_privkey_set_spki`, as `gnutls_x509_privkey_set_spki` (an RSA key given RSA-PSS
    /// parameters becomes an RSA-PSS key).
    pub fn set_spki(&mut self, spki: &gnutls_x509_spki_st) -> Result<(), Error> {
        if self.external.is_some() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        self.key.as_mut().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?.set_params(spki)
    }

    pub fn set_external(&mut self, key: ExternalKey) -> Result<(), Error> {
        if self.key.is_some() || self.external.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        self.external = Some(Arc::new(key));
        Ok(())
    }

    /// (GNUTLS_PK_*, bits); an external key's size is what its info function said, or 0.
    pub fn pk_algorithm(&self) -> Result<(u32, u32), Error> {
        match &self.external {
            Some(ext) => Ok((ext.pk_algorithm(), ext.bits())),
            None => self.key().map(|k| (k.kind().pk_algorithm(), k.bits())),
        }
    }

    /// GNUTLS_PRIVKEY_X509 for our keys, GNUTLS_PRIVKEY_EXT for the program's.
    pub fn privkey_type(&self) -> Result<u32, Error> {
        match &self.external {
            Some(_) => Ok(GNUTLS_PRIVKEY_EXT),
            None => self.key().map(|_| GNUTLS_PRIVKEY_X509),
        }
    }

    /// `gnutls_privkey_sign_data`: the key's algorithm with `hash`.
    pub fn sign_data(&self, hash: u32, flags: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
        match &self.external {
            Some(ext) => ext.sign_message(ext.sign_algorithm_for(hash, flags & GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS != 0)?, data),
            None => {
                let k = self.key()?;
                self.check_signing_pk(k, flags)?;
                k.sign_with_flags(scheme_for(k, hash, flags)?, flags, data)
            }
        }
    }

    /// `gnutls_privkey_sign_data2`.
    pub fn sign_data2(&self, sign: u32, flags: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
        match &self.external {
            Some(ext) => ext.sign_message(sign, data),
            None => {
                let k = self.key()?;
                check_sign_flags(k, flags)?;
                k.sign_with_flags(Scheme::from_gnutls(sign)?, flags, data)
            }
        }
    }

    /// `gnutls_privkey_sign_hash`: with GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA an RSA key signs
    /// the bytes as given; an ECDSA digest without a named hash is taken by its size.
    pub fn sign_hash(&self, hash: u32, flags: u32, digest: &[u8]) -> Result<Vec<u8>, Error> {
        let pk = self.pk_algorithm()?.0;
        let hash = match hash {
            0 if matches!(pk, GNUTLS_PK_ECDSA | GNUTLS_PK_DSA) => hash_of_size(digest.len()),
            h => h,
        };
        // GnuTLS reads GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA for RSA keys only; other keys sign
        // the digest as usual (TLS 1.2 callbacks pass the flag whatever the key).
        let flags = if matches!(pk, GNUTLS_PK_RSA | GNUTLS_PK_RSA_PSS) { flags } else { flags & !GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA };
        match &self.external {
            Some(ext) if flags & GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA != 0 && ext.pk_algorithm() == GNUTLS_PK_RSA => {
                ext.sign_hashed(GNUTLS_SIGN_RSA_RAW, digest)
            }
            Some(ext) => ext.sign_hashed(ext.sign_algorithm_for(hash, flags & GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS != 0)?, digest),
            None => {
                let k = self.key()?;
                self.check_signing_pk(k, flags)?;
                k.sign_hash_with_flags(scheme_for(k, hash, flags)?, flags, digest)
            }
        }
    }

    /// `gnutls_privkey_sign_hash2`.
    pub fn sign_hash2(&self, sign: u32, flags: u32, digest: &[u8]) -> Result<Vec<u8>, Error> {
        match &self.external {
            Some(ext) if flags & GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA != 0 => ext.sign_hashed(GNUTLS_SIGN_RSA_RAW, digest),
            Some(ext) => ext.sign_hashed(sign, digest),
            None => {
                let k = self.key()?;
                check_sign_flags(k, flags)?;
                k.sign_hash_with_flags(Scheme::from_gnutls(sign)?, flags, digest)
            }
        }
    }

    /// `gnutls_privkey_decrypt_data`.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        match &self.external {
            Some(ext) => ext.decrypt(ciphertext),
            None => self.key()?.decrypt(ciphertext),
        }
    }

    /// What a handshake signs with when this key is given to credentials.
    pub fn tls_key(&self) -> Result<TlsKey, Error> {
        match &self.external {
            Some(ext) => Ok(TlsKey::External(ext.clone())),
            None => rustls_pki_types::PrivateKeyDer::try_from(self.key()?.tls_der()?.to_vec())
                .map(TlsKey::Der)
                .map_err(|_| Error::INVALID_REQUEST),
        }
    }

    pub fn release_with(&mut self, x509: Box<gnutls_x509_privkey_int>) {
        self.released_with = Some(x509);
    }
}

impl Drop for gnutls_privkey_st {
    fn drop(&mut self) {
        // Credentials may still sign with the program's key after its handle is freed.
        if let Some(ext) = self.external.take() {
            if Arc::strong_count(&ext) > 1 {
                ext.handle_gone();
            }
        }
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

/// `gnutls_*_get_spki`: an RSA-PSS key's restrictions or what was set, else
/// GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
pub fn stored_spki(spki: &gnutls_x509_spki_st) -> Result<gnutls_x509_spki_st, Error> {
    if spki.pk == GNUTLS_PK_UNKNOWN {
        return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
    }
    Ok(*spki)
}

/// What `gnutls_*_generate2` makes for (algorithm, bits): RSA by modulus size; ECDSA by
/// `GNUTLS_CURVE_TO_BITS(curve)` or by size (the smallest curve at least that large, as
/// GnuTLS); Ed25519 whatever the bits; DSA of 1024, 2048 or 3072 bits. Algorithms not
/// generated here (GOST, Ed448) are GNUTLS_E_UNWANTED_ALGORITHM. An RSA-PSS key has no
/// restrictions, or with GNUTLS_PRIVKEY_FLAG_CA GnuTLS's (the hash of its size, a salt
/// that long); `spki` (GNUTLS_KEYGEN_SPKI) is then set on the key.
pub fn generate(algorithm: gnutls_pk_algorithm_t, bits: u32, flags: u32, spki: Option<&gnutls_x509_spki_st>) -> Result<PrivateKey, Error> {
    const BITS_ARE_CURVE: u32 = 1 << 31;
    if flags & GNUTLS_PRIVKEY_FLAG_PROVABLE != 0 {
        // Provable (FIPS 186-4) generation from a seed is not offered by the provider.
        return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
    }
    let kind = match algorithm {
        GNUTLS_PK_RSA | GNUTLS_PK_RSA_PSS => {
            if bits & BITS_ARE_CURVE != 0 {
                return Err(Error::INVALID_REQUEST);
            }
            if algorithm == GNUTLS_PK_RSA_PSS { Kind::RsaPss } else { Kind::Rsa }
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
        GNUTLS_PK_DSA if bits & BITS_ARE_CURVE != 0 => return Err(Error::INVALID_REQUEST),
        GNUTLS_PK_DSA => Kind::Dsa,
        GNUTLS_PK_UNKNOWN => return Err(Error::INVALID_REQUEST),
        _ => return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM)),
    };
    let mut key = PrivateKey::generate(kind, bits)?;
    if kind == Kind::RsaPss && flags & GNUTLS_PRIVKEY_FLAG_CA != 0 {
        let hash = super::Hash::from_gnutls(super::public::bits_to_sha_hash(bits))?;
        let salt = gnutls_x509_spki_st::pss_salt_size(bits, hash.len(), 0)?;
        key.set_params(&gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: hash.gnutls_id(), salt_size: salt as u32 })?;
    }
    if let Some(spki) = spki {
        key.set_params(spki)?;
    }
    Ok(key)
}

/// The SHA-2 (or SHA-1) digest of this size, as GnuTLS guesses a DSA/ECDSA digest's hash.
fn hash_of_size(len: usize) -> u32 {
    match len {
        20 => GNUTLS_DIG_SHA1,
        28 => GNUTLS_DIG_SHA224,
        32 => GNUTLS_DIG_SHA256,
        48 => GNUTLS_DIG_SHA384,
        64 => GNUTLS_DIG_SHA512,
        _ => GNUTLS_DIG_UNKNOWN,
    }
}

/// The scheme of a `gnutls_privkey_sign_data`/`sign_hash` call (a hash and flags) for a key.
pub fn scheme_for(key: &PrivateKey, hash: gnutls_digest_algorithm_t, flags: u32) -> Result<Scheme, Error> {
    check_sign_flags(key, flags)?;
    // GnuTLS: RSA-PSS signatures are for RSA keys.
    if flags & GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS != 0 && !key.kind().is_rsa() {
        return Err(Error::INVALID_REQUEST);
    }
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
