//! Alerts: the last one received, their names, and sending one.

use std::ffi::CStr;

use crate::constants::*;
use crate::session::Session;

impl Session {
    /// The last alert the peer sent (`gnutls_alert_get`); 0 (close_notify) if none.
    pub fn last_alert(&self) -> gnutls_alert_description_t {
        self.last_alert.map_or(0, |a| a as gnutls_alert_description_t)
    }
}

/// The names GnuTLS gives alerts (`gnutls_alert_get_name`).
pub fn alert_name(alert: gnutls_alert_description_t) -> Option<&'static CStr> {
    Some(match alert {
        GNUTLS_A_CLOSE_NOTIFY => c"Close notify",
        GNUTLS_A_UNEXPECTED_MESSAGE => c"Unexpected message",
        GNUTLS_A_BAD_RECORD_MAC => c"Bad record MAC",
        GNUTLS_A_DECRYPTION_FAILED => c"Decryption failed",
        GNUTLS_A_RECORD_OVERFLOW => c"Record overflow",
        GNUTLS_A_DECOMPRESSION_FAILURE => c"Decompression failed",
        GNUTLS_A_HANDSHAKE_FAILURE => c"Handshake failed",
        GNUTLS_A_SSL3_NO_CERTIFICATE => c"No certificate (SSL 3.0)",
        GNUTLS_A_BAD_CERTIFICATE => c"Certificate is bad",
        GNUTLS_A_UNSUPPORTED_CERTIFICATE => c"Certificate is not supported",
        GNUTLS_A_CERTIFICATE_REVOKED => c"Certificate was revoked",
        GNUTLS_A_CERTIFICATE_EXPIRED => c"Certificate is expired",
        GNUTLS_A_CERTIFICATE_UNKNOWN => c"Unknown certificate",
        GNUTLS_A_ILLEGAL_PARAMETER => c"Illegal parameter",
        GNUTLS_A_UNKNOWN_CA => c"CA is unknown",
        GNUTLS_A_ACCESS_DENIED => c"Access was denied",
        GNUTLS_A_DECODE_ERROR => c"Decode error",
        GNUTLS_A_DECRYPT_ERROR => c"Decrypt error",
        GNUTLS_A_EXPORT_RESTRICTION => c"Export restriction",
        GNUTLS_A_PROTOCOL_VERSION => c"Error in protocol version",
        GNUTLS_A_INSUFFICIENT_SECURITY => c"Insufficient security",
        GNUTLS_A_INTERNAL_ERROR => c"Internal error",
        GNUTLS_A_INAPPROPRIATE_FALLBACK => c"Inappropriate fallback",
        GNUTLS_A_USER_CANCELED => c"User canceled",
        GNUTLS_A_NO_RENEGOTIATION => c"No renegotiation is allowed",
        GNUTLS_A_MISSING_EXTENSION => c"An extension was expected but was not seen",
        GNUTLS_A_UNSUPPORTED_EXTENSION => c"An unsupported extension was sent",
        GNUTLS_A_CERTIFICATE_UNOBTAINABLE => c"Could not retrieve the specified certificate",
        GNUTLS_A_UNRECOGNIZED_NAME => c"The server name sent was not recognized",
        GNUTLS_A_UNKNOWN_PSK_IDENTITY => c"The SRP/PSK username is missing or not known",
        GNUTLS_A_CERTIFICATE_REQUIRED => c"Certificate is required",
        GNUTLS_A_NO_APPLICATION_PROTOCOL => c"No supported application protocol could be negotiated",
        _ => return None,
    })
}
