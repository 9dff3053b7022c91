//! OCSP status requests. rustls asks every server for a stapled OCSP response and hands
//! it to the verifier; parsing OCSP responses is not offered, so the `gnutls_ocsp_resp_*`
//! functions say so and a program that insists on OCSP checks (libcurl's
//! CURLOPT_SSL_VERIFYSTATUS) fails closed rather than being told the status is good.

use libc::{c_int, c_uint};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{borrow, code, free_handle, guard, new_handle};
use crate::session::state_of;
use crate::types::*;

/// The object behind `gnutls_ocsp_resp_t`: nothing can be imported into it yet.
#[derive(Default)]
pub struct gnutls_ocsp_resp_int {
    _private: (),
}
pub type gnutls_ocsp_resp_t = *mut gnutls_ocsp_resp_int;
pub type gnutls_ocsp_resp_const_t = *const gnutls_ocsp_resp_int;

/// Status requests are always sent (rustls does so for every client connection).
#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_status_request_enable_client(
    session: gnutls_session_t,
    responder_id: *mut gnutls_datum_t,
    responder_id_size: usize,
    request_extensions: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_ocsp_status_request_enable_client", || {
        code((|| {
            let _ = (responder_id, responder_id_size, request_extensions);
            state_of(session).map(|_| ())
        })())
    })
}

/// The stapled response the server sent, if any.
#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_status_request_get(session: gnutls_session_t, response: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_ocsp_status_request_get", || {
        code((|| {
            let s = state_of(session)?;
            let out = borrow(response)?;
            if !s.established() {
                return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
            }
            let stapled = s.stapled_ocsp.borrow();
            let stapled = stapled.as_deref().filter(|r| !r.is_empty()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            // Points into the session, as GnuTLS's does; valid until the session is freed.
            *out = gnutls_datum_t { data: stapled.as_ptr() as *mut u8, size: stapled.len() as c_uint };
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_resp_init(resp: *mut gnutls_ocsp_resp_t) -> c_int {
    guard("gnutls_ocsp_resp_init", || new_handle(resp, gnutls_ocsp_resp_int::default()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_resp_deinit(resp: gnutls_ocsp_resp_t) {
    guard("gnutls_ocsp_resp_deinit", || free_handle(resp))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_resp_import(resp: gnutls_ocsp_resp_t, data: *const gnutls_datum_t) -> c_int {
    guard("gnutls_ocsp_resp_import", || {
        code((|| {
            let _ = (borrow(resp)?, data);
            Err(Error::UNIMPLEMENTED)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_ocsp_resp_get_single(
    resp: gnutls_ocsp_resp_const_t,
    indx: c_uint,
    digest: *mut gnutls_digest_algorithm_t,
    issuer_name_hash: *mut gnutls_datum_t,
    issuer_key_hash: *mut gnutls_datum_t,
    serial_number: *mut gnutls_datum_t,
    cert_status: *mut c_uint,
    this_update: *mut libc::time_t,
    next_update: *mut libc::time_t,
    revocation_time: *mut libc::time_t,
    revocation_reason: *mut c_uint,
) -> c_int {
    guard("gnutls_ocsp_resp_get_single", || {
        let _ = (indx, digest, issuer_name_hash, issuer_key_hash, serial_number, cert_status);
        let _ = (this_update, next_update, revocation_time, revocation_reason, resp);
        // Nothing was imported, so there is no response to read.
        GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE
    })
}
