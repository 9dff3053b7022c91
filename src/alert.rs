//! Alerts: the last one received, their names, and sending one.

use libc::{c_char, c_int};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{code, cstr, guard};
use crate::session::{handle, state_of};
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn gnutls_alert_get(session: gnutls_session_t) -> gnutls_alert_description_t {
    guard("gnutls_alert_get", || state_of(session).ok().and_then(|s| s.last_alert).map_or(0, |a| a as gnutls_alert_description_t))
}

/// The names GnuTLS gives alerts (`gnutls_alert_get_name`).
pub fn alert_name(alert: gnutls_alert_description_t) -> Option<&'static str> {
    Some(match alert {
        GNUTLS_A_CLOSE_NOTIFY => "Close notify\0",
        GNUTLS_A_UNEXPECTED_MESSAGE => "Unexpected message\0",
        GNUTLS_A_BAD_RECORD_MAC => "Bad record MAC\0",
        GNUTLS_A_DECRYPTION_FAILED => "Decryption failed\0",
        GNUTLS_A_RECORD_OVERFLOW => "Record overflow\0",
        GNUTLS_A_DECOMPRESSION_FAILURE => "Decompression failed\0",
        GNUTLS_A_HANDSHAKE_FAILURE => "Handshake failed\0",
        GNUTLS_A_SSL3_NO_CERTIFICATE => "No certificate (SSL 3.0)\0",
        GNUTLS_A_BAD_CERTIFICATE => "Certificate is bad\0",
        GNUTLS_A_UNSUPPORTED_CERTIFICATE => "Certificate is not supported\0",
        GNUTLS_A_CERTIFICATE_REVOKED => "Certificate was revoked\0",
        GNUTLS_A_CERTIFICATE_EXPIRED => "Certificate is expired\0",
        GNUTLS_A_CERTIFICATE_UNKNOWN => "Unknown certificate\0",
        GNUTLS_A_ILLEGAL_PARAMETER => "Illegal parameter\0",
        GNUTLS_A_UNKNOWN_CA => "CA is unknown\0",
        GNUTLS_A_ACCESS_DENIED => "Access was denied\0",
        GNUTLS_A_DECODE_ERROR => "Decode error\0",
        GNUTLS_A_DECRYPT_ERROR => "Decrypt error\0",
        GNUTLS_A_EXPORT_RESTRICTION => "Export restriction\0",
        GNUTLS_A_PROTOCOL_VERSION => "Error in protocol version\0",
        GNUTLS_A_INSUFFICIENT_SECURITY => "Insufficient security\0",
        GNUTLS_A_INTERNAL_ERROR => "Internal error\0",
        GNUTLS_A_INAPPROPRIATE_FALLBACK => "Inappropriate fallback\0",
        GNUTLS_A_USER_CANCELED => "User canceled\0",
        GNUTLS_A_NO_RENEGOTIATION => "No renegotiation is allowed\0",
        GNUTLS_A_MISSING_EXTENSION => "An extension was expected but was not seen\0",
        GNUTLS_A_UNSUPPORTED_EXTENSION => "An unsupported extension was sent\0",
        GNUTLS_A_CERTIFICATE_UNOBTAINABLE => "Could not retrieve the specified certificate\0",
        GNUTLS_A_UNRECOGNIZED_NAME => "The server name sent was not recognized\0",
        GNUTLS_A_UNKNOWN_PSK_IDENTITY => "The SRP/PSK username is missing or not known\0",
        GNUTLS_A_CERTIFICATE_REQUIRED => "Certificate is required\0",
        GNUTLS_A_NO_APPLICATION_PROTOCOL => "No supported application protocol could be negotiated\0",
        _ => return None,
    })
}

#[no_mangle]
pub extern "C" fn gnutls_alert_get_name(alert: gnutls_alert_description_t) -> *const c_char {
    guard("gnutls_alert_get_name", || alert_name(alert).map_or(std::ptr::null(), cstr))
}

/// rustls sends the alerts its state machine calls for, but offers no way to send an
/// arbitrary one; only close_notify (a warning) can be sent on request.
#[no_mangle]
pub unsafe extern "C" fn gnutls_alert_send(
    session: gnutls_session_t,
    level: gnutls_alert_level_t,
    desc: gnutls_alert_description_t,
) -> c_int {
    guard("gnutls_alert_send", || {
        code((|| {
            let h = handle(session)?;
            let s = h.state();
            if level != GNUTLS_AL_WARNING && level != GNUTLS_AL_FATAL {
                return Err(Error::INVALID_REQUEST);
            }
            if desc != GNUTLS_A_CLOSE_NOTIFY {
                return Err(Error::UNIMPLEMENTED);
            }
            s.close()?;
            s.flush(&h.transport)
        })())
    })
}
