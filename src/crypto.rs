//! Digests for programs (`gnutls_hash_fast`, `gnutls_fingerprint`) and the algorithm
//! lookups that go with them.

use crate::constants::*;
use crate::errors::Error;

/// The digest of `data` (`gnutls_hash_fast`, `gnutls_fingerprint`): every hash
/// `gnutls_hash_init` takes (SHA-224 and SHA-3 too, not only the certificate digests).
pub fn hash(algorithm: gnutls_digest_algorithm_t, data: &[u8]) -> Result<Vec<u8>, Error> {
    use crate::crypto_api::digest::{digest, DigestAlg};
    DigestAlg::from_id(algorithm).map(|a| digest(a, data)).ok_or(Error::new(GNUTLS_E_UNKNOWN_HASH_ALGORITHM))
}

/// RFC 5705 keying material exporters, computed from the secrets rustls's key log hands
/// us: rustls 0.23's unbuffered connections have no exporter of their own.
pub mod exporter {
    use crate::provider::primitives::{digest, hkdf, hmac};
    use rustls::crypto::hash::HashAlgorithm;

    use crate::errors::Error;

    struct Len(usize);

    impl hkdf::KeyType for Len {
        fn len(&self) -> usize {
            self.0
        }
    }

    fn algorithms(hash: HashAlgorithm) -> Result<(hkdf::Algorithm, hmac::Algorithm, &'static digest::Algorithm), Error> {
        match hash {
            HashAlgorithm::SHA256 => Ok((hkdf::HKDF_SHA256, hmac::HMAC_SHA256, &digest::SHA256)),
            HashAlgorithm::SHA384 => Ok((hkdf::HKDF_SHA384, hmac::HMAC_SHA384, &digest::SHA384)),
            HashAlgorithm::SHA512 => Ok((hkdf::HKDF_SHA512, hmac::HMAC_SHA512, &digest::SHA512)),
            _ => Err(Error::INTERNAL),
        }
    }

    /// RFC 8446 section 7.1's HKDF-Expand-Label.
    fn expand_label(alg: hkdf::Algorithm, secret: &[u8], label: &[u8], context: &[u8], out: &mut [u8]) -> Result<(), Error> {
        let length = u16::try_from(out.len()).map_err(|_| Error::INVALID_REQUEST)?.to_be_bytes();
        let label_len = [u8::try_from(6 + label.len()).map_err(|_| Error::INVALID_REQUEST)?];
        let context_len = [u8::try_from(context.len()).map_err(|_| Error::INVALID_REQUEST)?];
        let info = [&length[..], &label_len[..], b"tls13 ", label, &context_len[..], context];
        let prk = hkdf::Prk::new_less_safe(alg, secret);
        prk.expand(&info, Len(out.len())).and_then(|okm| okm.fill(out)).map_err(|_| Error::INVALID_REQUEST)
    }

    /// RFC 8446 section 7.5, from the exporter master secret.
    pub fn tls13(hash: HashAlgorithm, secret: &[u8], label: &[u8], context: Option<&[u8]>, out: &mut [u8]) -> Result<(), Error> {
        let (alg, _, digest_alg) = algorithms(hash)?;
        if out.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        let mut derived = vec![0u8; digest_alg.output_len()];
        expand_label(alg, secret, label, digest::digest(digest_alg, b"").as_ref(), &mut derived)?;
        // A missing context and an empty one are the same under TLS 1.3.
        let context_hash = digest::digest(digest_alg, context.unwrap_or_default());
        expand_label(alg, &derived, b"exporter", context_hash.as_ref(), out)
    }

    /// RFC 5705 section 4: the TLS 1.2 PRF over the master secret and both randoms.
    pub fn tls12(
        hash: HashAlgorithm,
        master_secret: &[u8],
        randoms: ([u8; 32], [u8; 32]),
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), Error> {
        let mut seed = randoms.0.to_vec();
        seed.extend_from_slice(&randoms.1);
        if let Some(context) = context {
            seed.extend_from_slice(&u16::try_from(context.len()).map_err(|_| Error::INVALID_REQUEST)?.to_be_bytes());
            seed.extend_from_slice(context);
        }
        prf12(hash, master_secret, label, &seed, out)
    }

    /// RFC 5246 section 5: PRF(secret, label, seed) = P_hash(secret, label + seed).
    pub fn prf12(hash: HashAlgorithm, secret: &[u8], label: &[u8], seed: &[u8], out: &mut [u8]) -> Result<(), Error> {
        let (_, alg, _) = algorithms(hash)?;
        if out.is_empty() || secret.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        let mut seed = [label, seed].concat();
        let key = hmac::Key::new(alg, secret);
        let mut a = hmac::sign(&key, &seed);
        for chunk in out.chunks_mut(alg.digest_algorithm().output_len()) {
            let mut ctx = hmac::Context::with_key(&key);
            ctx.update(a.as_ref());
            ctx.update(&seed);
            let block = ctx.sign();
            chunk.copy_from_slice(&block.as_ref()[..chunk.len()]);
            a = hmac::sign(&key, a.as_ref());
        }
        zeroize::Zeroize::zeroize(&mut seed);
        Ok(())
    }
}
