//! Peer certificate verification with GnuTLS's semantics: the handshake verifies only the
//! handshake signature unless the session asked for more (`gnutls_session_set_verify_cert`);
//! the chain's status bits are computed when the program asks (`verify_peers2/3`).

use std::time::{SystemTime, UNIX_EPOCH};

use libc::{c_char, c_int, c_uint};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::constants::*;
use crate::context::SessionContext;
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::ffi::{code, guard, out};
use crate::session::{state_of, Session, VerifyRequest};
use crate::types::*;
use crate::x509::core::{verify_chain, Purpose};

/// The status bits of a peer chain under these credentials, for this host if given.
pub fn chain_status(creds: &CertificateCredentials, chain: &[Vec<u8>], hostname: Option<&str>, extra_flags: c_uint) -> u32 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let Ok(data) = creds.data.read() else { return GNUTLS_CERT_INVALID };
    // GnuTLS checks no key purpose in verify_peers or set_verify_cert unless asked to.
    verify_chain(chain, &data.trust, hostname, now, Purpose::Any, data.verify_flags | extra_flags)
}

/// The rustls verifier: checks handshake signatures always, and the chain only for
/// sessions that asked for it, so that an untrusted peer completes the handshake as it
/// does with GnuTLS (the program then asks for the status).
#[derive(Debug)]
pub struct DeferredVerifier {
    algorithms: WebPkiSupportedAlgorithms,
}

/// The one verifier every configuration uses, so that any session can resume any other.
pub static VERIFIER: once_cell::sync::Lazy<std::sync::Arc<DeferredVerifier>> = once_cell::sync::Lazy::new(|| {
    std::sync::Arc::new(DeferredVerifier { algorithms: rustls::crypto::ring::default_provider().signature_verification_algorithms })
});

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
            let creds = ctx.creds.ok_or(())?;
            let mut chain = vec![end_entity.as_ref().to_vec()];
            chain.extend(intermediates.iter().map(|c| c.as_ref().to_vec()));
            let status = chain_status(creds, &chain, request.hostname.as_deref(), request.flags);
            ctx.verify_status.set(Some(status));
            match status {
                0 => Ok(()),
                _ => Err(()),
            }
        });
        match verdict {
            Some(Ok(())) => Ok(ServerCertVerified::assertion()),
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
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

impl Session {
    /// `gnutls_certificate_verify_peers3`'s answer.
    pub fn verify_peers(&self, hostname: Option<&str>) -> Result<u32, Error> {
        // Before a certificate handshake there is no certificate authentication to ask about.
        let creds = self.certificate.as_deref().ok_or(Error::INVALID_REQUEST)?;
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::INVALID_REQUEST)?;
        if tls.peer_chain.is_empty() {
            return Err(Error::NO_CERTIFICATE_FOUND);
        }
        Ok(chain_status(creds, &tls.peer_chain, hostname, 0))
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_verify_peers2(session: gnutls_session_t, status: *mut c_uint) -> c_int {
    guard("gnutls_certificate_verify_peers2", || gnutls_certificate_verify_peers3(session, std::ptr::null(), status))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_verify_peers3(
    session: gnutls_session_t,
    hostname: *const c_char,
    status: *mut c_uint,
) -> c_int {
    guard("gnutls_certificate_verify_peers3", || {
        code((|| {
            let s = state_of(session)?;
            if status.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let host = if hostname.is_null() { None } else { Some(crate::ffi::str_arg(hostname)?) };
            out(status, s.verify_peers(host)?);
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_set_verify_cert(session: gnutls_session_t, hostname: *const c_char, flags: c_uint) {
    guard("gnutls_session_set_verify_cert", || {
        if let Ok(s) = state_of(session) {
            let hostname = if hostname.is_null() { None } else { crate::ffi::str_arg(hostname).ok().map(str::to_owned) };
            s.verify = Some(VerifyRequest { hostname, flags });
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_get_peers(session: gnutls_session_t, list_size: *mut c_uint) -> *const gnutls_datum_t {
    guard("gnutls_certificate_get_peers", || {
        let found = state_of(session).ok().and_then(|s| s.tls.as_ref()).filter(|t| !t.peer_datums.is_empty());
        match found {
            Some(t) => {
                out(list_size, t.peer_datums.len() as c_uint);
                t.peer_datums.as_ptr()
            }
            None => {
                out(list_size, 0);
                std::ptr::null()
            }
        }
    })
}

fn peer_leaf_time(session: gnutls_session_t, pick: fn(&crate::x509::core::Certificate) -> i64) -> libc::time_t {
    let leaf = unsafe { state_of(session) }
        .ok()
        .and_then(|s| s.tls.as_ref())
        .and_then(|t| t.peer_chain.first())
        .and_then(|d| crate::x509::core::Certificate::from_der(d).ok());
    leaf.map_or(-1, |c| pick(&c) as libc::time_t)
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_activation_time_peers(session: gnutls_session_t) -> libc::time_t {
    guard("gnutls_certificate_activation_time_peers", || peer_leaf_time(session, |c| c.activation_time()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_expiration_time_peers(session: gnutls_session_t) -> libc::time_t {
    guard("gnutls_certificate_expiration_time_peers", || peer_leaf_time(session, |c| c.expiration_time()))
}

/// GnuTLS's explanation of each status bit, in the order it prints them.
const STATUS_TEXT: &[(c_uint, &str)] = &[
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
pub fn status_text(status: c_uint) -> String {
    let mut text = String::from(if status == 0 { "The certificate is trusted. " } else { "The certificate is NOT trusted. " });
    for (bit, sentence) in STATUS_TEXT {
        if status & bit != 0 {
            text.push_str(sentence);
        }
    }
    text
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_verification_status_print(
    status: c_uint,
    type_: gnutls_certificate_type_t,
    out: *mut gnutls_datum_t,
    flags: c_uint,
) -> c_int {
    guard("gnutls_certificate_verification_status_print", || {
        code((|| {
            let _ = (type_, flags);
            let out = out.as_mut().ok_or(Error::INVALID_REQUEST)?;
            *out = crate::mem::datum_from(status_text(status).as_bytes()).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
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

/// The status the handshake's own verification found, or (unsigned)-1 if none ran.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_verify_cert_status(session: gnutls_session_t) -> c_uint {
    guard("gnutls_session_get_verify_cert_status", || {
        state_of(session).ok().and_then(|s| s.verify_status.get()).unwrap_or(c_uint::MAX)
    })
}
