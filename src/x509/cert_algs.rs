//! The certificate signature algorithms a chain is verified with: rustls-webpki's list, and
//! before it those GnuTLS 3.7.9 verifies and webpki's list lacks.
//!
//! - RSA PKCS #1 v1.5 with 1024- to 2047-bit keys: GnuTLS takes them, and its default
//!   profile for TLS (LOW, from the NORMAL priority) allows 1024 bits; a stricter profile
//!   refuses them afterwards (`trust_list::apply_profile`).
//! - SHA-1 signatures (RSA and ECDSA P-256), only under `GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1`
//!   or the whole of `GNUTLS_VERIFY_ALLOW_BROKEN`, as GnuTLS's `_gnutls_is_broken_sig_allowed`
//!   rules; without them a SHA-1 signature stays `GNUTLS_CERT_INSECURE_ALGORITHM`.
//!
//! webpki stops at the first algorithm whose identifiers match and whose check fails, so
//! these come first: each accepts every key the standard one of its identifiers accepts.

use crate::constants::{GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD2, GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1};
use crate::provider::primitives::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use rustls_pki_types::{alg_id, AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};

/// sha1WithRSAEncryption with its NULL parameters, as an AlgorithmIdentifier's contents.
const RSA_PKCS1_SHA1: AlgorithmIdentifier =
    AlgorithmIdentifier::from_slice(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00]);
/// ecdsa-with-SHA1 (no parameters).
const ECDSA_SHA1: AlgorithmIdentifier = AlgorithmIdentifier::from_slice(&[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01]);

#[derive(Debug)]
struct CertAlg {
    key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
    check: &'static dyn VerificationAlgorithm,
}

impl SignatureVerificationAlgorithm for CertAlg {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        UnparsedPublicKey::new(self.check, public_key).verify(message, signature).map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }

    fn fips(&self) -> bool {
        false
    }
}

static RSA_1024_SHA256: CertAlg = CertAlg {
    key: alg_id::RSA_ENCRYPTION,
    signature: alg_id::RSA_PKCS1_SHA256,
    check: &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
};
static RSA_1024_SHA512: CertAlg = CertAlg {
    key: alg_id::RSA_ENCRYPTION,
    signature: alg_id::RSA_PKCS1_SHA512,
    check: &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
};
static RSA_SHA1: CertAlg = CertAlg {
    key: alg_id::RSA_ENCRYPTION,
    signature: RSA_PKCS1_SHA1,
    check: &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
};
static ECDSA_P256_SHA1: CertAlg = CertAlg { key: alg_id::ECDSA_P256, signature: ECDSA_SHA1, check: &signature::ECDSA_P256_SHA1_ASN1 };

/// `GNUTLS_VERIFY_ALLOW_BROKEN`, a macro in GnuTLS's header.
pub(crate) const ALLOW_BROKEN: u32 = GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD2 | GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5;

/// Whether the flags let SHA-1 signatures through.
pub fn sha1_allowed(flags: u32) -> bool {
    flags & GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 != 0 || flags & ALLOW_BROKEN == ALLOW_BROKEN
}

/// The algorithms to verify certificates (and CRLs) with under these verification flags.
pub fn for_flags(flags: u32) -> impl Iterator<Item = &'static dyn SignatureVerificationAlgorithm> {
    let legacy: [&'static dyn SignatureVerificationAlgorithm; 2] = [&RSA_1024_SHA256, &RSA_1024_SHA512];
    let sha1: [&'static dyn SignatureVerificationAlgorithm; 2] = [&RSA_SHA1, &ECDSA_P256_SHA1];
    let sha1 = sha1.into_iter().filter(move |_| sha1_allowed(flags));
    legacy.into_iter().chain(sha1).chain(webpki::ALL_VERIFICATION_ALGS.iter().copied())
}
