//! Keys the program holds itself (`gnutls_privkey_import_ext`, `_ext2`, `_ext3`, `_ext4`):
//! a smart card or an agent signs and decrypts through the program's functions. This module
//! decides, as GnuTLS's lib/privkey.c does, what those functions are given (a message, a
//! digest, a PKCS #1 DigestInfo) and which signature algorithms such a key can make; it is
//! also the rustls signing key for handshakes that use one.

use std::sync::Arc;

use rustls::{SignatureAlgorithm, SignatureScheme};
use zeroize::Zeroizing;

use super::formats::encode_digest_info;
use super::{Curve, Hash, Kind};
use crate::algorithms::{sign_from_tls, sign_hash, sign_pk};
use crate::constants::*;
use crate::errors::Error;

/// `gnutls_privkey_info_func` queries (abstract.h's GNUTLS_PRIVKEY_INFO_* macros).
pub(crate) const INFO_PK_ALGO: u32 = 1;
pub(crate) const INFO_SIGN_ALGO: u32 = 1 << 1;
pub(crate) const INFO_HAVE_SIGN_ALGO: u32 = 1 << 2;
pub(crate) const INFO_PK_ALGO_BITS: u32 = 1 << 3;
/// GNUTLS_SIGN_ALGO_TO_FLAGS: a sign algorithm asked about with INFO_HAVE_SIGN_ALGO.
const fn sign_algo_to_flags(sign: u32) -> u32 {
    sign << 20
}

/// The functions a program gave for its key. A method answers None when the program gave
/// no such function.
pub trait ExternalOps: Send + Sync {
    /// `gnutls_privkey_sign_func`: a DigestInfo (RSA) or a digest (ECDSA, DSA).
    fn sign_raw(&self, raw: &[u8]) -> Option<Result<Vec<u8>, Error>>;
    /// `gnutls_privkey_sign_hash_func`, with the sign algorithm (GNUTLS_SIGN_RSA_RAW and a
    /// DigestInfo for RSA PKCS #1 v1.5).
    fn sign_hash(&self, sign: u32, hash: &[u8]) -> Option<Result<Vec<u8>, Error>>;
    /// `gnutls_privkey_sign_data_func`: the message itself (EdDSA).
    fn sign_data(&self, sign: u32, data: &[u8]) -> Option<Result<Vec<u8>, Error>>;
    /// `gnutls_privkey_decrypt_func`.
    fn decrypt(&self, ciphertext: &[u8]) -> Option<Result<Zeroizing<Vec<u8>>, Error>>;
    /// `gnutls_privkey_info_func`; None without one.
    fn info(&self, flags: u32) -> Option<i32>;
    /// The handle the key was imported into is gone while the key is still in use (by
    /// credentials): the functions must no longer be shown it.
    fn handle_gone(&self) {}
}

/// A key whose operations are the program's.
pub struct ExternalKey {
    pk: u32,
    bits: u32,
    ops: Box<dyn ExternalOps>,
}

impl std::fmt::Debug for ExternalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExternalKey(pk {})", self.pk)
    }
}

/// The public-key algorithms the signing function of `import_ext`..`_ext3` can serve
/// (GnuTLS's PK_IS_OK_FOR_EXT2).
fn old_style_pk(pk: u32) -> bool {
    matches!(pk, GNUTLS_PK_RSA | GNUTLS_PK_ECDSA | GNUTLS_PK_DSA)
}

/// EdDSA signs the message itself, never a digest.
fn signs_messages(pk: u32) -> bool {
    matches!(pk, GNUTLS_PK_EDDSA_ED25519 | GNUTLS_PK_EDDSA_ED448)
}

/// Whether a signature of `sign_pk` can be made with a key of `key_pk`: the same family,
/// or RSA-PSS (with an rsaEncryption key: GnuTLS's RSA-PSS-RSAE) made by an RSA key.
fn key_makes(key_pk: u32, sign_pk: u32) -> bool {
    key_pk == sign_pk || (key_pk == GNUTLS_PK_RSA && sign_pk == GNUTLS_PK_RSA_PSS)
}

impl ExternalKey {
    /// `gnutls_privkey_import_ext2`: the program names the algorithm.
    pub fn with_algorithm(pk: u32, ops: Box<dyn ExternalOps>) -> Result<ExternalKey, Error> {
        if !old_style_pk(pk) {
            return Err(Error::INVALID_REQUEST);
        }
        Ok(ExternalKey { pk, bits: 0, ops })
    }

    /// `gnutls_privkey_import_ext3`/`_ext4`: the program's info function names the
    /// algorithm (and for `_ext4` the size); `_ext3` keys sign with the old function only.
    pub fn with_info(ops: Box<dyn ExternalOps>, ext4: bool) -> Result<ExternalKey, Error> {
        let pk = ops.info(INFO_PK_ALGO).unwrap_or(-1);
        let pk = u32::try_from(pk).unwrap_or(GNUTLS_PK_UNKNOWN);
        if !ext4 && !old_style_pk(pk) {
            return Err(Error::INVALID_REQUEST);
        }
        let bits = if ext4 { ops.info(INFO_PK_ALGO_BITS).and_then(|b| u32::try_from(b).ok()).unwrap_or(0) } else { 0 };
        Ok(ExternalKey { pk, bits, ops })
    }

    pub fn pk_algorithm(&self) -> u32 {
        self.pk
    }

    pub fn handle_gone(&self) {
        self.ops.handle_gone();
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Whether this key can make signatures of `sign` (GnuTLS's
    /// `_gnutls_privkey_compatible_with_sig`): the program's info function decides where
    /// it answers, else only the families the old signing function serves.
    pub fn supports(&self, sign: u32) -> bool {
        let pk = sign_pk(sign);
        if pk == GNUTLS_PK_UNKNOWN || !key_makes(self.pk, pk) {
            return false;
        }
        match self.ops.info(sign_algo_to_flags(sign) | INFO_HAVE_SIGN_ALGO) {
            Some(answer) if answer != -1 => return answer != 0,
            Some(_) if self.ops.info(INFO_SIGN_ALGO) == Some(sign as i32) => return true,
            _ => {}
        }
        old_style_pk(pk)
    }

    /// A signature of `sign` over `data` (`gnutls_privkey_sign_data2`): EdDSA hands the
    /// message over, the others a digest of it (a DigestInfo for RSA PKCS #1 v1.5).
    pub fn sign_message(&self, sign: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
        let pk = self.checked_pk(sign)?;
        if signs_messages(pk) {
            return self.sign_prepared(sign, pk, data);
        }
        let hash = Hash::from_gnutls(sign_hash(sign)).map_err(|_| Error::INVALID_REQUEST)?;
        let digest = hash.digest(data);
        self.sign_digest(sign, pk, hash, digest.as_ref())
    }

    /// A signature of `sign` over a digest the caller made (`gnutls_privkey_sign_hash2`);
    /// GNUTLS_SIGN_RSA_RAW signs the bytes as given (a TLS 1.0 MD5+SHA-1 or a DigestInfo).
    pub fn sign_hashed(&self, sign: u32, hash: &[u8]) -> Result<Vec<u8>, Error> {
        if sign == GNUTLS_SIGN_RSA_RAW {
            if self.pk != GNUTLS_PK_RSA {
                return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
            }
            return self.sign_prepared(sign, GNUTLS_PK_RSA, hash);
        }
        let pk = self.checked_pk(sign)?;
        if signs_messages(self.pk) {
            return Err(Error::INVALID_REQUEST);
        }
        let hash_alg = Hash::from_gnutls(sign_hash(sign)).map_err(|_| Error::INVALID_REQUEST)?;
        self.sign_digest(sign, pk, hash_alg, hash)
    }

    /// The sign algorithm GnuTLS uses for this key and a hash (`gnutls_privkey_sign_data`,
    /// `_sign_hash`), RSA-PSS when asked.
    pub fn sign_algorithm_for(&self, hash: u32, pss: bool) -> Result<u32, Error> {
        let pk = if pss && self.pk == GNUTLS_PK_RSA { GNUTLS_PK_RSA_PSS } else { self.pk };
        match crate::algorithms::pk_to_sign(pk, hash) {
            GNUTLS_SIGN_UNKNOWN => Err(Error::INVALID_REQUEST),
            sign => Ok(sign),
        }
    }

    /// Whether this key signs for `public` (GnuTLS's key-certificate match check, made
    /// when credentials get the key): a test message signed by the program verifies with it.
    pub fn matches(&self, public: &super::PublicKey) -> bool {
        const TEST: &[u8] = b"gnutls-rustls: does this key sign for this certificate?";
        let hash = if signs_messages(self.pk) { GNUTLS_DIG_SHA512 } else { GNUTLS_DIG_SHA256 };
        let Ok(sign) = self.sign_algorithm_for(hash, false) else { return false };
        let Ok(scheme) = super::Scheme::from_gnutls(sign) else { return false };
        self.sign_message(sign, TEST).is_ok_and(|sig| public.verify(scheme, TEST, &sig).is_ok())
    }

    /// `gnutls_privkey_decrypt_data`.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.ops.decrypt(ciphertext).unwrap_or(Err(Error::INVALID_REQUEST))
    }

    fn checked_pk(&self, sign: u32) -> Result<u32, Error> {
        let pk = sign_pk(sign);
        if pk == GNUTLS_PK_UNKNOWN {
            return Err(Error::INVALID_REQUEST);
        }
        if !key_makes(self.pk, pk) {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        // RSA-PSS's salt must fit the key, whose size only `_ext4`'s info function tells.
        if pk == GNUTLS_PK_RSA_PSS && self.bits == 0 {
            return Err(Error::new(GNUTLS_E_PK_INVALID_PUBKEY));
        }
        Ok(pk)
    }

    fn sign_digest(&self, sign: u32, pk: u32, hash: Hash, digest: &[u8]) -> Result<Vec<u8>, Error> {
        if hash.imported(digest).is_err() {
            return Err(Error::INVALID_REQUEST);
        }
        if pk == GNUTLS_PK_RSA {
            let info = encode_digest_info(hash.gnutls_id(), digest)?;
            return self.sign_prepared(GNUTLS_SIGN_RSA_RAW, pk, &info);
        }
        self.sign_prepared(sign, pk, digest)
    }

    /// What the program's functions get for bytes ready to sign, in GnuTLS's order of
    /// preference: the message function for EdDSA, then the hash function, then the old one.
    fn sign_prepared(&self, sign: u32, pk: u32, bytes: &[u8]) -> Result<Vec<u8>, Error> {
        if signs_messages(pk) {
            return self.ops.sign_data(sign, bytes).unwrap_or(Err(Error::INVALID_REQUEST));
        }
        if let Some(signed) = self.ops.sign_hash(sign, bytes) {
            return signed;
        }
        if !old_style_pk(pk) {
            return Err(Error::INVALID_REQUEST);
        }
        self.ops.sign_raw(bytes).unwrap_or(Err(Error::INVALID_REQUEST))
    }
}

/// The rustls key for a handshake signed by the program's key; `leaf` is the kind of the
/// certificate's public key, which fixes the curve of TLS 1.3's ECDSA schemes.
#[derive(Debug)]
pub struct ExternalSigningKey {
    pub key: Arc<ExternalKey>,
    pub leaf: Option<Kind>,
}

/// Schemes in the order we prefer them (GnuTLS's: PSS before PKCS #1 for RSA).
const SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_NISTP256_SHA256,
    SignatureScheme::ECDSA_NISTP384_SHA384,
    SignatureScheme::ECDSA_NISTP521_SHA512,
    SignatureScheme::ED25519,
    SignatureScheme::RSA_PSS_SHA256,
    SignatureScheme::RSA_PSS_SHA384,
    SignatureScheme::RSA_PSS_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

impl rustls::sign::SigningKey for ExternalSigningKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn rustls::sign::Signer>> {
        let curve_fits = |scheme: SignatureScheme| match (scheme, self.leaf) {
            (SignatureScheme::ECDSA_NISTP256_SHA256, Some(Kind::Ecdsa(c))) => c == Curve::P256,
            (SignatureScheme::ECDSA_NISTP384_SHA384, Some(Kind::Ecdsa(c))) => c == Curve::P384,
            (SignatureScheme::ECDSA_NISTP521_SHA512, Some(Kind::Ecdsa(c))) => c == Curve::P521,
            _ => true,
        };
        SCHEMES
            .iter()
            .copied()
            .filter(|s| offered.contains(s) && curve_fits(*s))
            .map(|s| (s, sign_from_tls(u16::from(s), true)))
            .find(|(_, sign)| self.key.supports(*sign))
            .map(|(scheme, sign)| Box::new(ExternalSigner { key: self.key.clone(), scheme, sign }) as Box<dyn rustls::sign::Signer>)
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match self.key.pk {
            GNUTLS_PK_RSA => SignatureAlgorithm::RSA,
            GNUTLS_PK_ECDSA => SignatureAlgorithm::ECDSA,
            GNUTLS_PK_EDDSA_ED25519 => SignatureAlgorithm::ED25519,
            GNUTLS_PK_DSA => SignatureAlgorithm::DSA,
            _ => SignatureAlgorithm::Unknown(0),
        }
    }
}

#[derive(Debug)]
struct ExternalSigner {
    key: Arc<ExternalKey>,
    scheme: SignatureScheme,
    sign: u32,
}

impl rustls::sign::Signer for ExternalSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        self.key
            .sign_message(self.sign, message)
            .map_err(|e| rustls::Error::General(format!("the program's key did not sign ({})", e.code())))
    }

    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records what the key's functions were given.
    #[derive(Default)]
    struct Recorder {
        seen: Arc<Mutex<Vec<(String, u32, Vec<u8>)>>>,
        hash_fn: bool,
        info: Option<i32>,
    }

    impl ExternalOps for Recorder {
        fn sign_raw(&self, raw: &[u8]) -> Option<Result<Vec<u8>, Error>> {
            self.seen.lock().unwrap().push(("raw".into(), 0, raw.to_vec()));
            Some(Ok(vec![1]))
        }
        fn sign_hash(&self, sign: u32, hash: &[u8]) -> Option<Result<Vec<u8>, Error>> {
            if !self.hash_fn {
                return None;
            }
            self.seen.lock().unwrap().push(("hash".into(), sign, hash.to_vec()));
            Some(Ok(vec![2]))
        }
        fn sign_data(&self, _: u32, _: &[u8]) -> Option<Result<Vec<u8>, Error>> {
            None
        }
        fn decrypt(&self, _: &[u8]) -> Option<Result<Zeroizing<Vec<u8>>, Error>> {
            None
        }
        fn info(&self, flags: u32) -> Option<i32> {
            match flags {
                INFO_PK_ALGO => Some(GNUTLS_PK_RSA as i32),
                _ => self.info,
            }
        }
    }

    #[test]
    fn rsa_signs_a_digest_info_and_ecdsa_a_digest() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let key = ExternalKey::with_algorithm(GNUTLS_PK_RSA, Box::new(Recorder { seen: seen.clone(), ..Default::default() })).unwrap();
        assert_eq!(key.sign_message(GNUTLS_SIGN_RSA_SHA256, b"abc").unwrap(), [1]);
        let raw = seen.lock().unwrap()[0].2.clone();
        // 3031300d060960864801650304020105000420 || SHA-256("abc")
        assert_eq!(&raw[..19], &[0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]);
        assert_eq!(super::super::formats::decode_digest_info(&raw).unwrap(), (GNUTLS_DIG_SHA256, Hash::Sha256.digest(b"abc").as_ref().to_vec()));
        // The old function cannot make RSA-PSS; without an info function it is not offered.
        assert_eq!(key.sign_message(GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, b"abc"), Err(Error::new(GNUTLS_E_PK_INVALID_PUBKEY)));
        assert!(!key.supports(GNUTLS_SIGN_RSA_PSS_RSAE_SHA256) && key.supports(GNUTLS_SIGN_RSA_SHA384));
        assert!(!key.supports(GNUTLS_SIGN_ECDSA_SHA256));
        assert_eq!(key.sign_message(GNUTLS_SIGN_ECDSA_SHA256, b"abc"), Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR)));
        assert_eq!(key.sign_hashed(GNUTLS_SIGN_RSA_SHA256, &[0; 31]), Err(Error::INVALID_REQUEST));
    }

    #[test]
    fn the_hash_function_gets_rsa_raw_and_info_decides() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let ops = Recorder { seen: seen.clone(), hash_fn: true, info: Some(1) };
        let key = ExternalKey::with_info(Box::new(ops), true).unwrap();
        assert_eq!(key.pk_algorithm(), GNUTLS_PK_RSA);
        key.sign_hashed(GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, &[7; 32]).unwrap();
        key.sign_hashed(GNUTLS_SIGN_RSA_SHA256, &[7; 32]).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!((seen[0].1, seen[0].2.len()), (GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, 32));
        assert_eq!((seen[1].1, seen[1].2.len()), (GNUTLS_SIGN_RSA_RAW, 51));
        assert!(key.supports(GNUTLS_SIGN_RSA_PSS_RSAE_SHA256));
        assert_eq!(key.decrypt(b"x").err(), Some(Error::INVALID_REQUEST));
    }
}
