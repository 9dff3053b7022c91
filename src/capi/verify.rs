//! Certificate verification (GnuTLS manual: "Certificate verification").

use libc::{c_char, c_int, c_uint, time_t};

use super::types::*;
use super::{borrow, opt_str_arg, out, session_of, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::verify::status_text;

unsafe fn verify_peers(session: gnutls_session_t, hostname: *const c_char, status: *mut c_uint) -> Result<(), Error> {
    let s = session_of(session)?;
    let status = borrow(status)?;
    *status = s.verify_peers(opt_str_arg(hostname)?)?;
    report_verification(session)
}

/// `gnutls_verify_output_function`.
pub type VerifyOutputFn = unsafe extern "C" fn(gnutls_x509_crt_t, gnutls_x509_crt_t, gnutls_x509_crl_t, c_uint) -> c_int;

/// Tells the session's verify output function, if it has one, of each check of the peer's
/// last verification.
pub unsafe fn report_verification(session: gnutls_session_t) -> Result<(), Error> {
    let h = super::session::handle(session)?;
    let Some(func) = h.verify_output.get() else { return Ok(()) };
    let links = h.state().verify_status.links.take();
    report_links(func, &links)
}

/// Calls `func` for each check, with certificate handles that live for the call (GnuTLS's
/// are its own too); its return value is ignored, as GnuTLS ignores it.
pub unsafe fn report_links(func: VerifyOutputFn, links: &[crate::x509::trust_list::VerifiedLink]) -> Result<(), Error> {
    for link in links {
        let cert = super::x509::handle_for(link.cert.der())?;
        let issuer = match &link.issuer {
            Some(i) => super::x509::handle_for(i.der()).inspect_err(|_| drop(Box::from_raw(cert)))?,
            None => std::ptr::null_mut(),
        };
        func(cert, issuer, std::ptr::null_mut(), link.status);
        drop(Box::from_raw(cert));
        if !issuer.is_null() {
            drop(Box::from_raw(issuer));
        }
    }
    Ok(())
}

/// The peer's chain as the datums the session keeps for C (stable until the next handshake).
unsafe fn peer_datums<'a>(session: gnutls_session_t) -> &'a [gnutls_datum_t] {
    super::session::handle(session).map_or(&[], |h| h.peer_datums())
}

entry! {
    pub fn gnutls_certificate_verify_peers2(session: gnutls_session_t, status: *mut c_uint) -> c_int {
        verify_peers(session, std::ptr::null(), status)
    }

    pub fn gnutls_certificate_verify_peers3(
        session: gnutls_session_t,
        hostname: *const c_char,
        status: *mut c_uint,
    ) -> c_int {
        verify_peers(session, hostname, status)
    }

    pub fn gnutls_session_set_verify_cert(session: gnutls_session_t, hostname: *const c_char, flags: c_uint) {
        // A hostname that is not UTF-8 cannot match any certificate name; it is ignored.
        session_of(session)?.set_verify_cert(str_arg(hostname).ok(), flags);
        Ok(())
    }

    /// The peer's chain (DER, leaf first); NULL with `*list_size` 0 when there is none.
    pub fn gnutls_certificate_get_peers(session: gnutls_session_t, list_size: *mut c_uint) -> *const gnutls_datum_t {
        let peers = peer_datums(session);
        out(list_size, peers.len() as c_uint);
        Ok(if peers.is_empty() { std::ptr::null() } else { peers.as_ptr() })
    }

    pub fn gnutls_certificate_activation_time_peers(session: gnutls_session_t) -> time_t {
        Ok(session_of(session)?.peer_certificate()?.activation_time())
    }

    pub fn gnutls_certificate_expiration_time_peers(session: gnutls_session_t) -> time_t {
        Ok(session_of(session)?.peer_certificate()?.expiration_time())
    }

    pub fn gnutls_certificate_verification_status_print(
        status: c_uint,
        type_: gnutls_certificate_type_t,
        out: *mut gnutls_datum_t,
        flags: c_uint,
    ) -> c_int {
        let _ = (type_, flags);
        let out = borrow(out)?;
        *out = gnutls_datum_t::copy_of(status_text(status).as_bytes())?;
        Ok(())
    }

    /// The status the handshake's own verification found, or (unsigned)-1 if none ran.
    pub fn gnutls_session_get_verify_cert_status(session: gnutls_session_t) -> c_uint {
        Ok(session_of(session).ok().and_then(|s| s.verify_cert_status()).unwrap_or(c_uint::MAX))
    }
}
