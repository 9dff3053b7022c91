//! Session resumption data (`gnutls_session_get_data2`, `gnutls_session_set_data`, ...).
//!
//! Resumption is not offered yet: these functions validate their arguments exactly as
//! GnuTLS does and then answer, as GnuTLS does for a TLS 1.3 session whose ticket has not
//! arrived, with the 4-byte "empty" data that `set_data` accepts and that never leads to
//! resumption; a program that saves and restores sessions (wget, libcurl) always gets
//! full handshakes.

use libc::{c_int, c_void, size_t};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{code, guard};
use crate::session::{state_of, Session};
use crate::types::*;

/// GnuTLS's "empty" session data: four zero bytes, accepted and ignored by `set_data`.
const EMPTY_DATA: [u8; 4] = [0; 4];

impl Session {
    pub fn session_data(&self) -> Result<Vec<u8>, Error> {
        if self.priority.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        if !self.established() {
            return Err(Error::UNAVAILABLE_DURING_HANDSHAKE);
        }
        // divergence: GnuTLS packs a resumable session here (TLS 1.2 always, TLS 1.3 once
        // a ticket arrived); until resumption is offered we hand out its "no data" form.
        Ok(EMPTY_DATA.to_vec())
    }

    pub fn set_session_data(&mut self, data: &[u8]) -> Result<(), Error> {
        if data.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        if data == EMPTY_DATA {
            return Ok(());
        }
        if data.len() < 4 {
            return Err(Error::new(GNUTLS_E_PARSING_ERROR));
        }
        // Not data we produced (we produce none yet): GnuTLS's answer to a foreign blob.
        Err(Error::new(GNUTLS_E_DB_ERROR))
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_data2(session: gnutls_session_t, data: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_session_get_data2", || {
        code((|| {
            let s = state_of(session)?;
            if data.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let bytes = s.session_data()?;
            *data = crate::mem::datum_from(&bytes).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_data(session: gnutls_session_t, session_data: *mut c_void, session_data_size: *mut size_t) -> c_int {
    guard("gnutls_session_get_data", || {
        code((|| {
            let s = state_of(session)?;
            let bytes = s.session_data()?;
            crate::mem::copy_out(&bytes, session_data, session_data_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_set_data(session: gnutls_session_t, session_data: *const c_void, session_data_size: size_t) -> c_int {
    guard("gnutls_session_set_data", || {
        code((|| {
            let s = state_of(session)?;
            if session_data.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            s.set_session_data(crate::ffi::bytes_arg(session_data, session_data_size)?)
        })())
    })
}

/// No session is resumed until resumption is offered.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_is_resumed(session: gnutls_session_t) -> c_int {
    guard("gnutls_session_is_resumed", || {
        let _ = state_of(session);
        0
    })
}
