//! Error codes: the one error type every module returns, its mapping from rustls and the
//! transport, and GnuTLS's names, messages and fatality of each code.

use std::collections::HashMap;
use std::ffi::{CStr, CString};

use libc::c_int;
use once_cell::sync::Lazy;

use crate::constants::*;

/// A GnuTLS error code (always negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error(c_int);

impl Error {
    pub const AGAIN: Error = Error(GNUTLS_E_AGAIN);
    pub const INTERRUPTED: Error = Error(GNUTLS_E_INTERRUPTED);
    pub const INVALID_REQUEST: Error = Error(GNUTLS_E_INVALID_REQUEST);
    pub const INTERNAL: Error = Error(GNUTLS_E_INTERNAL_ERROR);
    pub const MEMORY: Error = Error(GNUTLS_E_MEMORY_ERROR);
    pub const SHORT_MEMORY_BUFFER: Error = Error(GNUTLS_E_SHORT_MEMORY_BUFFER);
    pub const UNAVAILABLE_DURING_HANDSHAKE: Error = Error(GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE);
    pub const PREMATURE_TERMINATION: Error = Error(GNUTLS_E_PREMATURE_TERMINATION);
    pub const PULL_ERROR: Error = Error(GNUTLS_E_PULL_ERROR);
    pub const PUSH_ERROR: Error = Error(GNUTLS_E_PUSH_ERROR);
    pub const TIMEDOUT: Error = Error(GNUTLS_E_TIMEDOUT);
    pub const UNIMPLEMENTED: Error = Error(GNUTLS_E_UNIMPLEMENTED_FEATURE);
    pub const NO_PRIORITIES: Error = Error(GNUTLS_E_NO_PRIORITIES_WERE_SET);
    pub const INSUFFICIENT_CREDENTIALS: Error = Error(GNUTLS_E_INSUFFICIENT_CREDENTIALS);
    pub const FATAL_ALERT: Error = Error(GNUTLS_E_FATAL_ALERT_RECEIVED);
    pub const CERT_VERIFICATION: Error = Error(GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR);
    pub const CERTIFICATE: Error = Error(GNUTLS_E_CERTIFICATE_ERROR);
    pub const NO_CERTIFICATE_FOUND: Error = Error(GNUTLS_E_NO_CERTIFICATE_FOUND);
    pub const FILE_ERROR: Error = Error(GNUTLS_E_FILE_ERROR);
    pub const REQUESTED_DATA_NOT_AVAILABLE: Error = Error(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
    pub const DECRYPTION_FAILED: Error = Error(GNUTLS_E_DECRYPTION_FAILED);

    pub const fn new(code: c_int) -> Error {
        Error(code)
    }

    pub fn code(self) -> c_int {
        self.0
    }

    /// libtasn1's answer for DER that does not fit the structure it should hold: an
    /// element of another type is ASN1_TAG_ERROR, a bad length or truncation
    /// ASN1_DER_ERROR.
    pub fn from_der(e: der::Error) -> Error {
        match e.kind() {
            der::ErrorKind::TagUnexpected { .. } | der::ErrorKind::TagUnknown { .. } | der::ErrorKind::TagNumberInvalid => {
                Error(GNUTLS_E_ASN1_TAG_ERROR)
            }
            _ => Error(GNUTLS_E_ASN1_DER_ERROR),
        }
    }

    /// Maps a transport failure, as GnuTLS's `errno_to_gerr` does.
    pub fn from_errno(errno: c_int, writing: bool) -> Error {
        match errno {
            libc::EAGAIN => Error::AGAIN,
            libc::EINTR => Error::INTERRUPTED,
            libc::ECONNRESET if writing => Error::PREMATURE_TERMINATION,
            _ if writing => Error::PUSH_ERROR,
            _ => Error::PULL_ERROR,
        }
    }
}

impl From<rustls::Error> for Error {
    fn from(e: rustls::Error) -> Error {
        use rustls::{Error as E, PeerIncompatible as PI};
        let code = match e {
            E::AlertReceived(_) => GNUTLS_E_FATAL_ALERT_RECEIVED,
            E::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure) => {
                GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR
            }
            // Our verifiers' word for a handshake signature by a key its certificate's key
            // usage does not allow to sign (`verify::key_may_sign`).
            E::InvalidCertificate(rustls::CertificateError::InvalidPurpose) => GNUTLS_E_KEY_USAGE_VIOLATION,
            E::InvalidCertificate(_) | E::InvalidCertRevocationList(_) => GNUTLS_E_CERTIFICATE_ERROR,
            E::NoCertificatesPresented => GNUTLS_E_NO_CERTIFICATE_FOUND,
            E::InappropriateHandshakeMessage { .. } => GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET,
            // A record header announcing more than the protocol allows, or more plaintext.
            E::PeerSentOversizedRecord | E::InvalidMessage(rustls::InvalidMessage::MessageTooLarge) => {
                GNUTLS_E_RECORD_OVERFLOW
            }
            // What GnuTLS's own hello parser answers: an extension twice, a session id
            // over 32 bytes.
            E::InvalidMessage(rustls::InvalidMessage::DuplicateExtension(_)) => GNUTLS_E_RECEIVED_ILLEGAL_EXTENSION,
            E::InvalidMessage(rustls::InvalidMessage::TrailingData("SessionID")) => GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER,
            E::InappropriateMessage { .. } | E::InvalidMessage(_) => GNUTLS_E_UNEXPECTED_PACKET,
            E::DecryptError => GNUTLS_E_DECRYPTION_FAILED,
            E::EncryptError => GNUTLS_E_ENCRYPTION_FAILED,
            E::FailedToGetRandomBytes => GNUTLS_E_RANDOM_FAILED,
            E::HandshakeNotComplete => GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE,
            E::PeerIncompatible(PI::ServerDoesNotSupportTls12Or13)
            | E::PeerIncompatible(PI::Tls12NotOffered)
            | E::PeerIncompatible(PI::Tls12NotOfferedOrEnabled)
            | E::PeerIncompatible(PI::Tls13RequiredForQuic)
            | E::PeerIncompatible(PI::SupportedVersionsExtensionRequired) => {
                GNUTLS_E_UNSUPPORTED_VERSION_PACKET
            }
            E::PeerIncompatible(PI::NoCipherSuitesInCommon) => GNUTLS_E_NO_CIPHER_SUITES,
            E::PeerIncompatible(PI::NoKxGroupsInCommon) => GNUTLS_E_NO_COMMON_KEY_SHARE,
            E::PeerIncompatible(PI::NoSignatureSchemesInCommon) => GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM,
            // divergence: a peer that ignores our certificate-type offer (RFC 7250) is refused
            // by rustls; GnuTLS falls back to X.509 there.
            E::PeerIncompatible(PI::IncorrectCertificateTypeExtension) => GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE,
            E::PeerIncompatible(_) => GNUTLS_E_UNKNOWN_CIPHER_SUITE,
            E::PeerMisbehaved(_) => GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER,
            _ => GNUTLS_E_INTERNAL_ERROR,
        };
        Error(code)
    }
}

struct ErrorText {
    name: CString,
    message: CString,
    fatal: bool,
}

static ERRORS: Lazy<HashMap<c_int, ErrorText>> = Lazy::new(|| {
    ERROR_TABLE
        .iter()
        .filter_map(|&(code, name, fatal, message)| {
            Some((code, ErrorText { name: CString::new(name).ok()?, message: CString::new(message).ok()?, fatal }))
        })
        .collect()
});

/// GnuTLS treats every code it does not list as non-fatal as fatal, unknown ones included.
pub fn is_fatal(code: c_int) -> bool {
    if code >= 0 {
        return false;
    }
    ERRORS.get(&code).map_or(true, |e| e.fatal)
}

/// The message GnuTLS gives for a code.
pub fn message(code: c_int) -> &'static CStr {
    ERRORS.get(&code).map_or(c"(unknown error code)", |e| e.message.as_c_str())
}

/// The code's canonical name (`GNUTLS_E_...`), for codes GnuTLS knows.
pub fn name(code: c_int) -> Option<&'static CStr> {
    ERRORS.get(&code).map(|e| e.name.as_c_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatality_follows_gnutls() {
        for code in [0, 5, GNUTLS_E_AGAIN, GNUTLS_E_INTERRUPTED, GNUTLS_E_WARNING_ALERT_RECEIVED, GNUTLS_E_REHANDSHAKE] {
            assert!(!is_fatal(code), "{code}");
        }
        for code in [GNUTLS_E_PREMATURE_TERMINATION, GNUTLS_E_TIMEDOUT, GNUTLS_E_GOT_APPLICATION_DATA, -12345] {
            assert!(is_fatal(code), "{code}");
        }
    }

    #[test]
    fn unknown_codes_have_no_name() {
        assert!(name(-12345).is_none());
        assert_eq!(message(-12345).to_str(), Ok("(unknown error code)"));
        assert_eq!(name(GNUTLS_E_AGAIN).map(|n| n.to_str()), Some(Ok("GNUTLS_E_AGAIN")));
    }
}
