//! Alerts: the last one received, their names, and sending one.

use std::ffi::CStr;

use libc::c_int;

use crate::constants::*;
use crate::errors::Error;
use crate::session::Session;

impl Session {
    /// The last alert the peer sent (`gnutls_alert_get`); 0 (close_notify) if none.
    pub fn last_alert(&self) -> gnutls_alert_description_t {
        self.last_alert.map_or(0, |a| a as gnutls_alert_description_t)
    }
}

/// Every alert GnuTLS knows: its value, its constant's name (`gnutls_alert_get_strname`)
/// and its description (`gnutls_alert_get_name`).
const ALERTS: &[(gnutls_alert_description_t, &CStr, &CStr)] = &[
    (GNUTLS_A_CLOSE_NOTIFY, c"GNUTLS_A_CLOSE_NOTIFY", c"Close notify"),
    (GNUTLS_A_UNEXPECTED_MESSAGE, c"GNUTLS_A_UNEXPECTED_MESSAGE", c"Unexpected message"),
    (GNUTLS_A_BAD_RECORD_MAC, c"GNUTLS_A_BAD_RECORD_MAC", c"Bad record MAC"),
    (GNUTLS_A_DECRYPTION_FAILED, c"GNUTLS_A_DECRYPTION_FAILED", c"Decryption failed"),
    (GNUTLS_A_RECORD_OVERFLOW, c"GNUTLS_A_RECORD_OVERFLOW", c"Record overflow"),
    (GNUTLS_A_DECOMPRESSION_FAILURE, c"GNUTLS_A_DECOMPRESSION_FAILURE", c"Decompression failed"),
    (GNUTLS_A_HANDSHAKE_FAILURE, c"GNUTLS_A_HANDSHAKE_FAILURE", c"Handshake failed"),
    (GNUTLS_A_SSL3_NO_CERTIFICATE, c"GNUTLS_A_SSL3_NO_CERTIFICATE", c"No certificate (SSL 3.0)"),
    (GNUTLS_A_BAD_CERTIFICATE, c"GNUTLS_A_BAD_CERTIFICATE", c"Certificate is bad"),
    (GNUTLS_A_UNSUPPORTED_CERTIFICATE, c"GNUTLS_A_UNSUPPORTED_CERTIFICATE", c"Certificate is not supported"),
    (GNUTLS_A_CERTIFICATE_REVOKED, c"GNUTLS_A_CERTIFICATE_REVOKED", c"Certificate was revoked"),
    (GNUTLS_A_CERTIFICATE_EXPIRED, c"GNUTLS_A_CERTIFICATE_EXPIRED", c"Certificate is expired"),
    (GNUTLS_A_CERTIFICATE_UNKNOWN, c"GNUTLS_A_CERTIFICATE_UNKNOWN", c"Unknown certificate"),
    (GNUTLS_A_ILLEGAL_PARAMETER, c"GNUTLS_A_ILLEGAL_PARAMETER", c"Illegal parameter"),
    (GNUTLS_A_UNKNOWN_CA, c"GNUTLS_A_UNKNOWN_CA", c"CA is unknown"),
    (GNUTLS_A_ACCESS_DENIED, c"GNUTLS_A_ACCESS_DENIED", c"Access was denied"),
    (GNUTLS_A_DECODE_ERROR, c"GNUTLS_A_DECODE_ERROR", c"Decode error"),
    (GNUTLS_A_DECRYPT_ERROR, c"GNUTLS_A_DECRYPT_ERROR", c"Decrypt error"),
    (GNUTLS_A_EXPORT_RESTRICTION, c"GNUTLS_A_EXPORT_RESTRICTION", c"Export restriction"),
    (GNUTLS_A_PROTOCOL_VERSION, c"GNUTLS_A_PROTOCOL_VERSION", c"Error in protocol version"),
    (GNUTLS_A_INSUFFICIENT_SECURITY, c"GNUTLS_A_INSUFFICIENT_SECURITY", c"Insufficient security"),
    (GNUTLS_A_INTERNAL_ERROR, c"GNUTLS_A_INTERNAL_ERROR", c"Internal error"),
    (GNUTLS_A_INAPPROPRIATE_FALLBACK, c"GNUTLS_A_INAPPROPRIATE_FALLBACK", c"Inappropriate fallback"),
    (GNUTLS_A_USER_CANCELED, c"GNUTLS_A_USER_CANCELED", c"User canceled"),
    (GNUTLS_A_NO_RENEGOTIATION, c"GNUTLS_A_NO_RENEGOTIATION", c"No renegotiation is allowed"),
    (GNUTLS_A_MISSING_EXTENSION, c"GNUTLS_A_MISSING_EXTENSION", c"An extension was expected but was not seen"),
    (GNUTLS_A_UNSUPPORTED_EXTENSION, c"GNUTLS_A_UNSUPPORTED_EXTENSION", c"An unsupported extension was sent"),
    (GNUTLS_A_CERTIFICATE_UNOBTAINABLE, c"GNUTLS_A_CERTIFICATE_UNOBTAINABLE", c"Could not retrieve the specified certificate"),
    (GNUTLS_A_UNRECOGNIZED_NAME, c"GNUTLS_A_UNRECOGNIZED_NAME", c"The server name sent was not recognized"),
    (GNUTLS_A_UNKNOWN_PSK_IDENTITY, c"GNUTLS_A_UNKNOWN_PSK_IDENTITY", c"The SRP/PSK username is missing or not known"),
    (GNUTLS_A_CERTIFICATE_REQUIRED, c"GNUTLS_A_CERTIFICATE_REQUIRED", c"Certificate is required"),
    (GNUTLS_A_NO_APPLICATION_PROTOCOL, c"GNUTLS_A_NO_APPLICATION_PROTOCOL", c"No supported application protocol could be negotiated"),
];

/// The names GnuTLS gives alerts (`gnutls_alert_get_name`).
pub fn alert_name(alert: gnutls_alert_description_t) -> Option<&'static CStr> {
    ALERTS.iter().find(|a| a.0 == alert).map(|a| a.2)
}

/// The constant's name (`gnutls_alert_get_strname`), e.g. "GNUTLS_A_CLOSE_NOTIFY".
pub fn alert_strname(alert: gnutls_alert_description_t) -> Option<&'static CStr> {
    ALERTS.iter().find(|a| a.0 == alert).map(|a| a.1)
}

/// The alert GnuTLS sends for an error, with its level (`gnutls_error_to_alert`).
pub fn error_to_alert(err: c_int) -> (gnutls_alert_description_t, gnutls_alert_level_t) {
    let fatal = |a| (a, GNUTLS_AL_FATAL);
    match err {
        GNUTLS_E_PK_SIG_VERIFY_FAILED | GNUTLS_E_ERROR_IN_FINISHED_PACKET => fatal(GNUTLS_A_DECRYPT_ERROR),
        // Never "decryption failed": it must not be told apart from a bad MAC.
        GNUTLS_E_DECRYPTION_FAILED => fatal(GNUTLS_A_BAD_RECORD_MAC),
        GNUTLS_E_UNEXPECTED_PACKET_LENGTH
        | GNUTLS_E_UNEXPECTED_EXTENSIONS_LENGTH
        | GNUTLS_E_NO_CERTIFICATE_FOUND
        | GNUTLS_E_HANDSHAKE_TOO_LARGE => fatal(GNUTLS_A_DECODE_ERROR),
        GNUTLS_E_DECOMPRESSION_FAILED => fatal(GNUTLS_A_DECOMPRESSION_FAILURE),
        GNUTLS_E_ILLEGAL_PARAMETER
        | GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER
        | GNUTLS_E_ILLEGAL_SRP_USERNAME
        | GNUTLS_E_PK_INVALID_PUBKEY
        | GNUTLS_E_UNKNOWN_COMPRESSION_ALGORITHM
        | GNUTLS_E_RECEIVED_DISALLOWED_NAME
        | GNUTLS_E_INCOMPATIBLE_SIG_WITH_KEY => fatal(GNUTLS_A_ILLEGAL_PARAMETER),
        GNUTLS_E_UNKNOWN_SRP_USERNAME => fatal(GNUTLS_A_UNKNOWN_PSK_IDENTITY),
        GNUTLS_E_ASN1_ELEMENT_NOT_FOUND
        | GNUTLS_E_ASN1_IDENTIFIER_NOT_FOUND
        | GNUTLS_E_ASN1_DER_ERROR
        | GNUTLS_E_ASN1_VALUE_NOT_FOUND
        | GNUTLS_E_ASN1_GENERIC_ERROR
        | GNUTLS_E_ASN1_VALUE_NOT_VALID
        | GNUTLS_E_ASN1_TAG_ERROR
        | GNUTLS_E_ASN1_TAG_IMPLICIT
        | GNUTLS_E_ASN1_TYPE_ANY_ERROR
        | GNUTLS_E_ASN1_SYNTAX_ERROR
        | GNUTLS_E_ASN1_DER_OVERFLOW
        | GNUTLS_E_CERTIFICATE_ERROR
        | GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR => fatal(GNUTLS_A_BAD_CERTIFICATE),
        GNUTLS_E_UNKNOWN_CIPHER_SUITE
        | GNUTLS_E_INSUFFICIENT_CREDENTIALS
        | GNUTLS_E_NO_CIPHER_SUITES
        | GNUTLS_E_NO_COMPRESSION_ALGORITHMS
        | GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM
        | GNUTLS_E_SAFE_RENEGOTIATION_FAILED
        | GNUTLS_E_INCOMPAT_DSA_KEY_WITH_TLS_PROTOCOL
        | GNUTLS_E_UNKNOWN_PK_ALGORITHM
        | GNUTLS_E_UNWANTED_ALGORITHM
        | GNUTLS_E_NO_COMMON_KEY_SHARE
        | GNUTLS_E_ECC_NO_SUPPORTED_CURVES
        | GNUTLS_E_ECC_UNSUPPORTED_CURVE => fatal(GNUTLS_A_HANDSHAKE_FAILURE),
        GNUTLS_E_RECEIVED_ILLEGAL_EXTENSION => fatal(GNUTLS_A_UNSUPPORTED_EXTENSION),
        GNUTLS_E_MISSING_EXTENSION => fatal(GNUTLS_A_MISSING_EXTENSION),
        GNUTLS_E_USER_ERROR => fatal(GNUTLS_A_USER_CANCELED),
        GNUTLS_E_UNEXPECTED_PACKET | GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET | GNUTLS_E_PREMATURE_TERMINATION => {
            fatal(GNUTLS_A_UNEXPECTED_MESSAGE)
        }
        GNUTLS_E_REHANDSHAKE | GNUTLS_E_UNSAFE_RENEGOTIATION_DENIED => (GNUTLS_A_NO_RENEGOTIATION, GNUTLS_AL_WARNING),
        GNUTLS_E_UNSUPPORTED_VERSION_PACKET => fatal(GNUTLS_A_PROTOCOL_VERSION),
        GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE => fatal(GNUTLS_A_UNSUPPORTED_CERTIFICATE),
        GNUTLS_E_RECORD_OVERFLOW => fatal(GNUTLS_A_RECORD_OVERFLOW),
        GNUTLS_E_INAPPROPRIATE_FALLBACK => fatal(GNUTLS_A_INAPPROPRIATE_FALLBACK),
        GNUTLS_E_OPENPGP_GETKEY_FAILED => fatal(GNUTLS_A_CERTIFICATE_UNOBTAINABLE),
        GNUTLS_E_DH_PRIME_UNACCEPTABLE | GNUTLS_E_SESSION_USER_ID_CHANGED | GNUTLS_E_INSUFFICIENT_SECURITY => {
            fatal(GNUTLS_A_INSUFFICIENT_SECURITY)
        }
        GNUTLS_E_NO_APPLICATION_PROTOCOL => fatal(GNUTLS_A_NO_APPLICATION_PROTOCOL),
        GNUTLS_E_UNRECOGNIZED_NAME => fatal(GNUTLS_A_UNRECOGNIZED_NAME),
        GNUTLS_E_CERTIFICATE_REQUIRED => fatal(GNUTLS_A_CERTIFICATE_REQUIRED),
        // GNUTLS_E_INTERNAL_ERROR and the missing temporary parameters too.
        _ => fatal(GNUTLS_A_INTERNAL_ERROR),
    }
}

/// Whether `gnutls_alert_send_appropriate` sends an alert for this error: not for a
/// non-fatal one, nor for an alert the peer sent.
pub fn calls_for_alert(err: c_int) -> bool {
    err == GNUTLS_E_REHANDSHAKE || (crate::errors::is_fatal(err) && err != GNUTLS_E_FATAL_ALERT_RECEIVED)
}

impl Session {
    /// `gnutls_alert_send_appropriate`: nothing for non-fatal errors and received alerts.
    /// rustls sends the alert its state machine calls for when a connection fails, and
    /// offers no way to send another one.
    // divergence: after a failure inside rustls, its alert (already sent) stands for
    // GnuTLS's choice; where rustls sent none we cannot send one.
    pub fn send_appropriate_alert(&mut self, io: &dyn crate::transport::Channel, err: c_int) -> Result<(), Error> {
        if !calls_for_alert(err) {
            return Ok(());
        }
        let queued = match self.tls.as_mut() {
            Some(tls) if tls.failed.is_some() => tls.link.release_held() || tls.link.alert_queued,
            _ => false,
        };
        match &self.tls {
            // What rustls queued goes out now, if it has not yet (or was held back).
            Some(_) if queued => self.flush(io),
            _ => Err(Error::UNIMPLEMENTED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_gnutls_alerts() {
        assert_eq!(error_to_alert(GNUTLS_E_DECRYPTION_FAILED), (GNUTLS_A_BAD_RECORD_MAC, GNUTLS_AL_FATAL));
        assert_eq!(error_to_alert(GNUTLS_E_REHANDSHAKE), (GNUTLS_A_NO_RENEGOTIATION, GNUTLS_AL_WARNING));
        assert_eq!(error_to_alert(GNUTLS_E_RECORD_OVERFLOW).0, GNUTLS_A_RECORD_OVERFLOW);
        assert_eq!(error_to_alert(-424242).0, GNUTLS_A_INTERNAL_ERROR);
        assert_eq!(alert_strname(GNUTLS_A_CLOSE_NOTIFY), Some(c"GNUTLS_A_CLOSE_NOTIFY"));
        assert_eq!(alert_name(GNUTLS_A_UNKNOWN_CA), Some(c"CA is unknown"));
        assert_eq!((alert_name(255), alert_strname(255)), (None, None));
    }
}
