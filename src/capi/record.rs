//! The record layer (GnuTLS manual: "Core TLS API", data transfer): application data in
//! and out, what is pending, and closing the connection.

use libc::{c_int, c_void, size_t, ssize_t};

use super::types::*;
use super::{bytes_arg, bytes_mut_arg, session_of};
use super::callbacks::run_hooks;
use super::session::handle;
use crate::constants::*;
use crate::record::MAX_RECORD_SIZE;

entry! {
    pub fn gnutls_record_send(session: gnutls_session_t, data: *const c_void, data_size: size_t) -> ssize_t {
        let h = handle(session)?;
        h.state().send(&h.transport, bytes_arg(data, data_size)?)
    }

    /// Hooks see the TLS 1.3 tickets that arrived with the data.
    pub fn gnutls_record_recv(session: gnutls_session_t, data: *mut c_void, data_size: size_t) -> ssize_t {
        let h = handle(session)?;
        let n = h.state().recv(&h.transport, bytes_mut_arg(data, data_size)?);
        run_hooks(session)?;
        n
    }

    pub fn gnutls_record_check_pending(session: gnutls_session_t) -> size_t {
        Ok(session_of(session)?.pending())
    }

    pub fn gnutls_record_get_max_size(session: gnutls_session_t) -> size_t {
        let _ = session;
        Ok(MAX_RECORD_SIZE)
    }

    pub fn gnutls_bye(session: gnutls_session_t, how: gnutls_close_request_t) -> c_int {
        let h = handle(session)?;
        h.state().bye(&h.transport, how)
    }

    /// 0 (reading) for a NULL session.
    pub fn gnutls_record_get_direction(session: gnutls_session_t) -> c_int {
        Ok(handle(session).map_or(0, |h| h.transport.direction()))
    }
}
