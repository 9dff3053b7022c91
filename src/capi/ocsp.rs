//! OCSP (GnuTLS manual: "OCSP certificate status checking", "OCSP stapling").

use libc::{c_int, c_uint, time_t};

use super::types::*;
use super::{borrow, free_handle, new_handle, session_of};
use crate::constants::*;
use crate::errors::Error;

entry! {
    /// Status requests are always sent (rustls does so for every client connection).
    pub fn gnutls_ocsp_status_request_enable_client(
        session: gnutls_session_t,
        responder_id: *mut gnutls_datum_t,
        responder_id_size: usize,
        request_extensions: *mut gnutls_datum_t,
    ) -> c_int {
        let _ = (responder_id, responder_id_size, request_extensions);
        session_of(session)?;
        Ok(())
    }

    /// The stapled response the server sent, if any.
    pub fn gnutls_ocsp_status_request_get(session: gnutls_session_t, response: *mut gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        let out = borrow(response)?;
        // Points into the session, as GnuTLS's does; valid until the session is freed.
        *out = gnutls_datum_t::pointing_at(&s.stapled_ocsp_response()?);
        Ok(())
    }

    pub fn gnutls_ocsp_resp_init(resp: *mut gnutls_ocsp_resp_t) -> c_int {
        new_handle(resp, gnutls_ocsp_resp_int::default())
    }

    pub fn gnutls_ocsp_resp_deinit(resp: gnutls_ocsp_resp_t) {
        free_handle(resp);
        Ok(())
    }

    pub fn gnutls_ocsp_resp_import(resp: gnutls_ocsp_resp_t, data: *const gnutls_datum_t) -> c_int {
        borrow(resp)?.import(gnutls_datum_t::as_slice(data).unwrap_or_default())
    }

    pub fn gnutls_ocsp_resp_get_single(
        resp: gnutls_ocsp_resp_const_t,
        indx: c_uint,
        digest: *mut gnutls_digest_algorithm_t,
        issuer_name_hash: *mut gnutls_datum_t,
        issuer_key_hash: *mut gnutls_datum_t,
        serial_number: *mut gnutls_datum_t,
        cert_status: *mut c_uint,
        this_update: *mut time_t,
        next_update: *mut time_t,
        revocation_time: *mut time_t,
        revocation_reason: *mut c_uint,
    ) -> c_int {
        let _ = (indx, digest, issuer_name_hash, issuer_key_hash, serial_number, cert_status);
        let _ = (this_update, next_update, revocation_time, revocation_reason, resp);
        // Nothing can be imported, so there is no response to read.
        Err::<(), _>(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }
}
