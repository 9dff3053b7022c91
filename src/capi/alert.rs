//! Alerts (GnuTLS manual: "Handling alerts").

use libc::{c_char, c_int};

use super::types::*;
use super::{borrow_ref, out, session_of};
use crate::alert::{alert_name, alert_strname, error_to_alert};
use crate::constants::*;
use crate::errors::Error;

entry! {
    pub fn gnutls_alert_get(session: gnutls_session_t) -> gnutls_alert_description_t {
        Ok(session_of(session)?.last_alert())
    }

    pub fn gnutls_alert_get_name(alert: gnutls_alert_description_t) -> *const c_char {
        Ok(alert_name(alert))
    }

    pub fn gnutls_alert_get_strname(alert: gnutls_alert_description_t) -> *const c_char {
        Ok(alert_strname(alert))
    }

    /// The alert, and its level in `level` when given.
    pub fn gnutls_error_to_alert(err: c_int, level: *mut c_int) -> c_int {
        let (alert, lvl) = error_to_alert(err);
        out(level, lvl as c_int);
        Ok(alert as c_int)
    }

    pub fn gnutls_alert_send_appropriate(session: gnutls_session_t, err: c_int) -> c_int {
        let h = borrow_ref(session)?;
        if super::quic::alerts_to_program(h) {
            if !crate::alert::calls_for_alert(err) {
                return Ok(());
            }
            let (alert, level) = error_to_alert(err);
            return super::quic::send_alert(session, level, alert);
        }
        h.state().send_appropriate_alert(&h.transport, err)
    }

    /// Only close_notify can be sent on request (rustls sends the alerts its state machine
    /// needs); others answer `GNUTLS_E_UNIMPLEMENTED_FEATURE`.
    pub fn gnutls_alert_send(
        session: gnutls_session_t,
        level: gnutls_alert_level_t,
        desc: gnutls_alert_description_t,
    ) -> c_int {
        let h = borrow_ref(session)?;
        if super::quic::alerts_to_program(h) {
            return super::quic::send_alert(session, level, desc);
        }
        h.send_alert(level, desc)
    }
}

impl super::session::gnutls_session_int {
    /// `gnutls_alert_send`. rustls sends the alerts its state machine calls for, but offers
    /// no way to send an arbitrary one; only close_notify (a warning) can be sent on request.
    pub fn send_alert(&self, level: gnutls_alert_level_t, desc: gnutls_alert_description_t) -> Result<(), Error> {
        let s = self.state();
        if level != GNUTLS_AL_WARNING && level != GNUTLS_AL_FATAL {
            return Err(Error::INVALID_REQUEST);
        }
        if desc != GNUTLS_A_CLOSE_NOTIFY {
            return Err(Error::UNIMPLEMENTED);
        }
        s.close()?;
        s.flush(&self.transport)
    }
}
