//! Certificates the program chooses during the handshake
//! (`gnutls_certificate_set_retrieve_function`, `_function2`, `_function3`): what it is
//! asked (the server's CA names and key algorithms), what it answers (a chain, its key and
//! an OCSP response), and the rustls key made of the answer. The C surface implements
//! `RetrievesCertificate` over the program's callback; nothing here knows about C.

use std::sync::Arc;

use rustls::sign::CertifiedKey;
use rustls::SignatureScheme;
use crate::keys::handles::TlsKey;

use crate::constants::*;
use crate::errors::Error;

/// What the program is told about the peer's request. A server is told nothing (GnuTLS
/// passes NULL lists); a client gets the CA names (DER) and public-key algorithms of the
/// server's CertificateRequest.
#[derive(Default)]
pub struct Query<'a> {
    pub ca_names: &'a [&'a [u8]],
    pub pk_algorithms: Vec<gnutls_pk_algorithm_t>,
}

/// The program's answer: a chain (leaf first, DER), its key, and the OCSP response to
/// staple for the leaf.
pub struct Chosen {
    pub chain: Vec<Vec<u8>>,
    pub key: TlsKey,
    pub ocsp: Option<Vec<u8>>,
    /// The chain is one raw public key (SubjectPublicKeyInfo DER; GNUTLS_CRT_RAWPK pcerts).
    pub raw: bool,
}

/// The program's certificate callback. Ok(None) is "no certificate"; an error fails the
/// handshake with that code (GnuTLS: GNUTLS_E_USER_ERROR when the callback fails).
pub trait RetrievesCertificate {
    fn retrieve(&self, query: &Query<'_>) -> Result<Option<Chosen>, Error>;
}

impl Chosen {
    /// The rustls key for the answer; a key that does not match its certificate is refused.
    pub fn certified(self) -> Result<Arc<CertifiedKey>, Error> {
        let mut certified = if self.raw {
            let mut chain = self.chain.into_iter();
            let (Some(spki), None) = (chain.next(), chain.next()) else { return Err(Error::INVALID_REQUEST) };
            crate::credentials::raw_certified_key(spki, self.key, false)?
        } else {
            crate::credentials::certified_key(self.chain, self.key, false)?
        };
        certified.ocsp = self.ocsp;
        Ok(Arc::new(certified))
    }
}

/// The public-key algorithms of a CertificateRequest's signature schemes, each once, in
/// the request's order, as GnuTLS's TLS 1.3 client derives them.
// divergence: rustls hands over only the schemes it can sign with (under TLS 1.3 no PKCS #1
// ones, which is where GnuTLS's list gets GNUTLS_PK_RSA from), and under TLS 1.2 GnuTLS
// takes the algorithms from the request's certificate types, which rustls does not expose.
// An RSA-PSS-RSAE scheme, made with an RSA (rsaEncryption) key, adds GNUTLS_PK_RSA after
// the others, so that programs looking for RSA find it as they do with GnuTLS.
pub fn pk_algorithms(schemes: &[SignatureScheme]) -> Vec<gnutls_pk_algorithm_t> {
    use crate::algorithms::{sign_from_tls, sign_pk};
    let mut algorithms = Vec::new();
    for scheme in schemes {
        // A code point names the same key type under either version's semantics.
        let code = u16::from(*scheme);
        let pk = match sign_pk(sign_from_tls(code, true)) {
            GNUTLS_PK_UNKNOWN => sign_pk(sign_from_tls(code, false)),
            pk => pk,
        };
        if pk != GNUTLS_PK_UNKNOWN && !algorithms.contains(&pk) {
            algorithms.push(pk);
        }
    }
    let rsae = [SignatureScheme::RSA_PSS_SHA256, SignatureScheme::RSA_PSS_SHA384, SignatureScheme::RSA_PSS_SHA512];
    if schemes.iter().any(|s| rsae.contains(s)) && !algorithms.contains(&GNUTLS_PK_RSA) {
        algorithms.push(GNUTLS_PK_RSA);
    }
    algorithms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_follow_the_request_once_each() {
        let schemes = [
            SignatureScheme::ECDSA_NISTP256_SHA256,
            SignatureScheme::RSA_PSS_SHA256,
            SignatureScheme::ECDSA_NISTP384_SHA384,
            SignatureScheme::ED25519,
            SignatureScheme::RSA_PKCS1_SHA256,
        ];
        let got = pk_algorithms(&schemes);
        assert_eq!(got.first(), Some(&GNUTLS_PK_ECDSA));
        assert!(got.contains(&GNUTLS_PK_EDDSA_ED25519));
        // RSA keys sign RSA-PSS-RSAE: RSA is listed for them.
        assert_eq!(pk_algorithms(&[SignatureScheme::RSA_PSS_SHA256]), vec![GNUTLS_PK_RSA_PSS, GNUTLS_PK_RSA]);
        assert_eq!(got.iter().filter(|p| **p == GNUTLS_PK_ECDSA).count(), 1);
        assert!(pk_algorithms(&[]).is_empty());
    }

    #[test]
    fn an_answer_without_a_certificate_is_refused() {
        let key = TlsKey::Der(rustls_pki_types::PrivatePkcs8KeyDer::from(vec![0x30, 0]).into());
        let chosen = Chosen { chain: Vec::new(), key, ocsp: None, raw: false };
        assert!(chosen.certified().is_err());
    }
}
