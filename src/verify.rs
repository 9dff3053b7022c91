//! Peer certificate verification with GnuTLS's semantics: the handshake verifies only the
//! handshake signature unless the session asked for more (`gnutls_session_set_verify_cert`);
//! the chain's status bits are computed when the program asks (`verify_peers2/3`).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::constants::*;
use crate::context::SessionContext;
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::session::{Session, VerifyRequest};
use crate::x509::core::{verify_certs, Certificate, Purpose};
use crate::x509::trust_list::{self, VerifyData};

/// What the handshake found about the peer and the signatures on each side.
#[derive(Debug, Default)]
pub struct HandshakeFindings {
    /// The chain's status bits, when the session asked for verification
    /// (`gnutls_session_set_verify_cert`).
    pub chain_status: std::cell::Cell<Option<u32>>,
    /// The TLS SignatureScheme of the peer's handshake signature (TLS 1.2's
    /// ServerKeyExchange, TLS 1.3's CertificateVerify, a client's CertificateVerify).
    pub signature: std::cell::Cell<Option<u16>>,
    /// The scheme of our own handshake signature.
    pub own_signature: std::cell::Cell<Option<u16>>,
    /// The schemes a server's certificate request asked a client for.
    pub requested: std::cell::RefCell<Option<Vec<u16>>>,
    /// A verification checked the server's stapled OCSP response and found it good
    /// (`gnutls_ocsp_status_request_is_checked`).
    pub ocsp_checked: std::cell::Cell<bool>,
    /// The program wants to be told of each check of a chain verification
    /// (`gnutls_session_set_verify_output_function`); the last verification's checks wait
    /// in `links` for the C surface to tell them.
    pub report_links: std::cell::Cell<bool>,
    pub links: std::cell::RefCell<Vec<trust_list::VerifiedLink>>,
}

/// Records the scheme of a handshake signature that verified.
pub fn record_peer_signature(
    verdict: Result<HandshakeSignatureValid, rustls::Error>,
    dss: &DigitallySignedStruct,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    if verdict.is_ok() {
        SessionContext::with(|ctx| ctx.verify_status.signature.set(Some(u16::from(dss.scheme))));
    }
    verdict
}

/// A TLS 1.2 handshake signature by the peer's certificate (raw keys never get here: they
/// are negotiated under TLS 1.3 only), its scheme recorded when it verifies.
pub fn tls12_signature(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
    algorithms: &WebPkiSupportedAlgorithms,
    raw: bool,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    if raw {
        return Err(rustls::Error::General("raw public keys are spoken under TLS 1.3 only".into()));
    }
    record_peer_signature(rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms), dss)
}

/// A TLS 1.3 handshake signature by the peer's certificate or raw public key (its
/// SubjectPublicKeyInfo), its scheme recorded when it verifies.
pub fn tls13_signature(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
    algorithms: &WebPkiSupportedAlgorithms,
    raw: bool,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    let verdict = if raw {
        let spki = rustls::pki_types::SubjectPublicKeyInfoDer::from(cert.as_ref());
        rustls::crypto::verify_tls13_signature_with_raw_key(message, &spki, dss, algorithms)
    } else {
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    };
    record_peer_signature(verdict, dss)
}

/// GnuTLS verifies no raw public key against CAs: `gnutls_certificate_verify_peers*`
/// refuses to (GNUTLS_E_INVALID_REQUEST), so a session that asked for verification
/// (`gnutls_session_set_verify_cert`) fails its handshake with GNUTLS_E_CERTIFICATE_ERROR.
/// The program checks a raw key itself (e.g. `gnutls_verify_stored_pubkey`).
pub fn raw_key_not_verifiable() -> rustls::Error {
    rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
}

/// The status bits of a peer chain under these credentials, for GnuTLS's typed data (a
/// hostname, IP address or e-mail name, and a key purpose), as `gnutls_certificate_verify_peers`
/// reports it through the credentials' trust list, with the OCSP check GnuTLS makes of a
/// server's stapled response (`stapled`: Some, empty if none came; unless
/// GNUTLS_VERIFY_DISABLE_CRL_CHECKS); and whether that response checked out. `links`, if
/// given, receives the checks GnuTLS would report to a verify output function.
pub fn chain_status_with(
    creds: &CertificateCredentials,
    chain: &[Vec<u8>],
    vdata: &VerifyData,
    extra_flags: u32,
    stapled: Option<&[u8]>,
    links: Option<&mut Vec<trust_list::VerifiedLink>>,
) -> (u32, bool) {
    let now = u64::try_from(crate::global::now()).unwrap_or(0);
    let Ok(certs) = chain.iter().map(|d| Certificate::from_der(d)).collect::<Result<Vec<_>, _>>() else {
        return (GNUTLS_CERT_INVALID, false);
    };
    let Some(leaf) = certs.first() else { return (GNUTLS_CERT_INVALID, false) };
    let (mut status, flags, ocsp) = {
        let Ok(data) = creds.data.read() else { return (GNUTLS_CERT_INVALID, false) };
        let flags = data.verify_flags | extra_flags;
        // GnuTLS checks no key purpose in verify_peers or set_verify_cert unless asked to.
        let mut status = verify_certs(&certs, &data.trust, vdata.hostname.as_deref(), now, Purpose::Any, flags);
        let trusted = |c: &Certificate| data.trust.anchors_der().any(|a| a == c.der());
        let path = trust_list::working_chain(&certs, trusted);
        status |= trust_list::name_and_purpose_status(leaf, trust_list::cas_below_anchor(&path, trusted), vdata);
        let anchor_of = |c: &Certificate| {
            data.trust.anchors_der().filter_map(|a| Certificate::from_der(a).ok()).find(|a| c.check_issuer(a))
        };
        status = trust_list::apply_profile(status, &path, trusted, &anchor_of, flags, now as i64);
        if let Some(links) = links {
            *links = trust_list::verified_links(&path, trusted, &anchor_of, status, flags, now as i64);
        }
        // A server asks for no status of client certificates (`stapled` is None).
        let ocsp = if flags & GNUTLS_VERIFY_DISABLE_CRL_CHECKS != 0 || stapled.is_none() {
            (0, false)
        } else {
            let trust = || {
                let mut list = trust_list::TrustList::new(0);
                let cas = data.trust.anchors_der().filter_map(|a| Certificate::from_der(a).ok()).collect();
                list.add_cas(cas, 0, &mut trust_list::Delta::default());
                list
            };
            crate::ocsp::stapled_status(&certs, stapled, trust, flags, now as i64)
        };
        (status, flags, ocsp)
    };
    // A trust list given to the credentials adds its named certificates and black list (its
    // CAs and CRLs are in the credentials' store). The credentials' lock is not held here.
    if let Some(list) = crate::cred_trust::list_of(creds) {
        match list.lock() {
            Ok(list) => status = list.adjust_credentials_status(&certs, vdata, flags, status),
            Err(_) => status |= GNUTLS_CERT_INVALID,
        }
    }
    (status | ocsp.0, ocsp.1)
}

/// The rustls verifier: checks handshake signatures always, and the chain only for
/// sessions that asked for it, so that an untrusted peer completes the handshake as it
/// does with GnuTLS (the program then asks for the status).
#[derive(Debug)]
pub struct DeferredVerifier {
    /// The server presents a raw public key (RFC 7250), not a chain.
    raw: bool,
    algorithms: WebPkiSupportedAlgorithms,
    /// The schemes offered, in GnuTLS's order (rustls asks for them on every handshake).
    schemes: Vec<SignatureScheme>,
}

impl DeferredVerifier {
    fn new(raw: bool) -> std::sync::Arc<DeferredVerifier> {
        let algorithms = crate::provider::tls().signature_verification_algorithms;
        let schemes = crate::priority::in_gnutls_order(algorithms.supported_schemes());
        std::sync::Arc::new(DeferredVerifier { raw, algorithms, schemes })
    }
}

/// The one verifier every X.509 configuration uses, so that any session can resume any other.
pub static VERIFIER: once_cell::sync::Lazy<std::sync::Arc<DeferredVerifier>> = once_cell::sync::Lazy::new(|| DeferredVerifier::new(false));
/// The one verifier of servers presenting raw public keys.
pub static RAW_VERIFIER: once_cell::sync::Lazy<std::sync::Arc<DeferredVerifier>> = once_cell::sync::Lazy::new(|| DeferredVerifier::new(true));

impl ServerCertVerifier for DeferredVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let rejected = rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure);
        let verdict = SessionContext::with(|ctx| {
            *ctx.stapled_ocsp.borrow_mut() = Some(ocsp_response.to_vec());
            let Some(request) = ctx.verify else { return Ok(()) };
            if self.raw {
                return Err(());
            }
            let creds = ctx.creds.ok_or(())?;
            let mut chain = vec![end_entity.as_ref().to_vec()];
            chain.extend(intermediates.iter().map(|c| c.as_ref().to_vec()));
            let findings = ctx.verify_status;
            let mut links = Vec::new();
            let want = findings.report_links.get().then_some(&mut links);
            let (status, ocsp_checked) = chain_status_with(creds, &chain, &request.data, request.flags | ctx.priority.map_or(0, |p| p.spec.verify_flags()), Some(ocsp_response), want);
            *findings.links.borrow_mut() = links;
            ctx.verify_status.chain_status.set(Some(status));
            ctx.verify_status.ocsp_checked.set(ocsp_checked);
            match status {
                0 => Ok(()),
                _ => Err(()),
            }
        });
        match verdict {
            Some(Ok(())) => Ok(ServerCertVerified::assertion()),
            Some(Err(())) if self.raw => Err(raw_key_not_verifiable()),
            Some(Err(())) => Err(rejected),
            None => Err(rustls::Error::General("certificate verified outside a session".into())),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        enabled_by_priority(dss, false)?;
        key_may_sign(cert, self.raw)?;
        tls12_signature(message, cert, dss, &self.algorithms, self.raw)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        enabled_by_priority(dss, true)?;
        key_may_sign(cert, self.raw)?;
        tls13_signature(message, cert, dss, &self.algorithms, self.raw)
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.raw
    }

    /// The session's priority's schemes, in its order (rustls asks while it writes the
    /// ClientHello, in the session's context); outside a session, all we verify, in
    /// GnuTLS's default order.
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        SessionContext::with(|ctx| ctx.priority.map(|p| p.offered_schemes()))
            .flatten()
            .unwrap_or_else(|| self.schemes.clone())
    }
}

/// A peer's handshake signature must come from a key its certificate lets sign: a key
/// usage without digitalSignature fails the handshake with GNUTLS_E_KEY_USAGE_VIOLATION.
pub fn key_may_sign(cert: &CertificateDer<'_>, raw: bool) -> Result<(), rustls::Error> {
    let misused = !raw && Certificate::from_der(cert.as_ref()).is_ok_and(|c| !crate::x509::core::may_sign_handshakes(&c));
    if misused {
        return Err(rustls::Error::InvalidCertificate(rustls::CertificateError::InvalidPurpose));
    }
    Ok(())
}

/// A peer's handshake signature must be of an algorithm our priority enables under the
/// negotiated version (rustls checks only that the scheme is one it verifies): GnuTLS
/// fails with GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM otherwise.
pub fn enabled_by_priority(dss: &DigitallySignedStruct, tls13: bool) -> Result<(), rustls::Error> {
    let code = u16::from(dss.scheme);
    let enabled = SessionContext::with(|ctx| ctx.priority.map_or(true, |p| p.lists.accepts_scheme(code, tls13)));
    match enabled {
        Some(false) => Err(rustls::Error::PeerIncompatible(rustls::PeerIncompatible::NoSignatureSchemesInCommon)),
        _ => Ok(()),
    }
}

impl Session {
    /// The verification flags the session's priority string adds to its credentials'
    /// (GnuTLS ORs them, `additional_verify_flags`).
    pub fn priority_verify_flags(&self) -> u32 {
        self.priority.as_ref().map_or(0, |p| p.spec.verify_flags())
    }

    /// `gnutls_certificate_verify_peers3`'s answer.
    pub fn verify_peers(&self, hostname: Option<&str>) -> Result<u32, Error> {
        self.verify_peers_with(&VerifyData::for_host(hostname))
    }

    /// `gnutls_certificate_verify_peers`'s answer, for GnuTLS's typed data.
    pub fn verify_peers_with(&self, vdata: &VerifyData) -> Result<u32, Error> {
        // Before a certificate handshake there is no certificate authentication to ask about.
        let creds = self.certificate.as_deref().ok_or(Error::INVALID_REQUEST)?;
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
        if tls.peer_chain.is_empty() {
            return Err(Error::NO_CERTIFICATE_FOUND);
        }
        // GnuTLS verifies X.509 chains only; a raw public key is the program's to check.
        if self.certificate_type(GNUTLS_CTYPE_PEERS) != GNUTLS_CRT_X509 {
            return Err(Error::INVALID_REQUEST);
        }
        let depth = creds.data.read().map_err(|_| Error::INTERNAL)?.verify_depth;
        if depth > 0 && tls.peer_chain.len() > depth as usize {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        let stapled = self.stapled_ocsp.borrow();
        let stapled = (self.role == crate::session::Role::Client).then(|| stapled.as_deref().unwrap_or_default());
        let findings = &self.verify_status;
        let mut links = Vec::new();
        let (status, ocsp_checked) = chain_status_with(creds, &tls.peer_chain, vdata, self.priority_verify_flags(), stapled, findings.report_links.get().then_some(&mut links));
        findings.ocsp_checked.set(ocsp_checked);
        *findings.links.borrow_mut() = links;
        Ok(status)
    }

    /// `gnutls_session_set_verify_cert`: the handshake fails unless the peer's chain
    /// verifies (for this host, if one is given).
    pub fn set_verify_cert(&mut self, hostname: Option<&str>, flags: u32) {
        self.set_verify_cert_for(VerifyData::for_host(hostname), flags);
    }

    /// `gnutls_session_set_verify_cert2`: the handshake fails unless the peer's chain
    /// verifies for this typed data.
    pub fn set_verify_cert_for(&mut self, data: VerifyData, flags: u32) {
        self.verify = Some(VerifyRequest { data, flags });
    }

    /// The status the handshake's own verification found, if one ran.
    pub fn verify_cert_status(&self) -> Option<u32> {
        self.verify_status.chain_status.get()
    }

    /// The peer's end-entity certificate.
    pub fn peer_certificate(&self) -> Result<Certificate, Error> {
        if self.certificate_type(GNUTLS_CTYPE_PEERS) != GNUTLS_CRT_X509 {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        let der = self.tls.as_ref().and_then(|t| t.peer_chain.first()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        Certificate::from_der(der).map_err(Error::new)
    }
}

/// GnuTLS's explanation of each status bit, in the order it prints them.
const STATUS_TEXT: &[(u32, &str)] = &[
    (GNUTLS_CERT_REVOKED, "The certificate chain is revoked. "),
    (GNUTLS_CERT_MISMATCH, "The certificate doesn't match the local copy (TOFU). "),
    (GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "The revocation or OCSP data are old and have been superseded. "),
    (GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "The revocation or OCSP data are issued with a future date. "),
    (GNUTLS_CERT_SIGNER_NOT_FOUND, "The certificate issuer is unknown. "),
    (GNUTLS_CERT_SIGNER_NOT_CA, "The certificate issuer is not a CA. "),
    (GNUTLS_CERT_INSECURE_ALGORITHM, "The certificate chain uses insecure algorithm. "),
    (GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "The certificate chain violates the signer's constraints. "),
    (GNUTLS_CERT_PURPOSE_MISMATCH, "The certificate chain does not match the intended purpose. "),
    (GNUTLS_CERT_NOT_ACTIVATED, "The certificate chain uses not yet valid certificate. "),
    (GNUTLS_CERT_EXPIRED, "The certificate chain uses expired certificate. "),
    (GNUTLS_CERT_SIGNATURE_FAILURE, "The signature in the certificate is invalid. "),
    (GNUTLS_CERT_UNEXPECTED_OWNER, "The name in the certificate does not match the expected. "),
    (
        GNUTLS_CERT_MISSING_OCSP_STATUS,
        "The certificate requires the server to include an OCSP status in its response, but the OCSP status is missing. ",
    ),
    (GNUTLS_CERT_INVALID_OCSP_STATUS, "The received OCSP status response is invalid. "),
    (GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "The certificate contains an unknown critical extension. "),
];

/// The sentence GnuTLS prints for a verification status.
pub fn status_text(status: u32) -> String {
    let mut text = String::from(if status == 0 { "The certificate is trusted. " } else { "The certificate is NOT trusted. " });
    for (bit, sentence) in STATUS_TEXT {
        if status & bit != 0 {
            text.push_str(sentence);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_text_reads_as_gnutls_prints_it() {
        assert_eq!(status_text(0), "The certificate is trusted. ");
        assert_eq!(
            status_text(0x442),
            "The certificate is NOT trusted. The certificate issuer is unknown. The certificate chain uses expired certificate. "
        );
        assert_eq!(
            status_text(0x4042),
            "The certificate is NOT trusted. The certificate issuer is unknown. The name in the certificate does not match the expected. "
        );
    }
}
