//! Credentials and trust lists together (GnuTLS manual: "Certificate credentials"): the trust
//! list of certificate credentials, and peer verification with typed data. These are what
//! `gnutls-cli` asks of credentials beyond loading files; they use the credentials' public
//! API only (`cred_trust` keeps the link between the two).

use std::sync::Arc;

use libc::{c_int, c_uint};

use super::ctypes::gnutls_typed_vdata_st;
use super::trust_list::{gnutls_x509_trust_list_st, gnutls_x509_trust_list_t};
use super::types::*;
use super::{borrow, clone_shared, out, session_of};
use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::x509::trust_list::VerifyData;

unsafe fn creds(p: gnutls_certificate_credentials_t) -> Result<Arc<CertificateCredentials>, Error> {
    clone_shared(p as *const CertificateCredentials)
}

/// The typed data of `gnutls_certificate_verify_peers`, read as the trust list reads it.
unsafe fn typed(data: *const gnutls_typed_vdata_st, elements: c_uint) -> Result<VerifyData, Error> {
    super::trust_list::typed_data(data, elements)
}

entry! {
    /// Makes `tlist` the credentials' trust list: their CAs and CRLs are the list's from now
    /// on, and the credentials own the list (freed with them, as in GnuTLS).
    pub fn gnutls_certificate_set_trust_list(res: gnutls_certificate_credentials_t, tlist: gnutls_x509_trust_list_t, flags: c_uint) {
        let _ = flags;
        let c = creds(res)?;
        if tlist.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: a list that already belongs to credentials stays with them (GnuTLS
        // would free it twice).
        if crate::cred_trust::is_owned(tlist as *const ()) {
            return Ok(());
        }
        let owner = Box::from_raw(tlist);
        owner.follow(&c)?;
        let list = owner.shared_list();
        crate::cred_trust::attach(&c, list, owner, true)
    }

    /// The credentials' trust list (theirs: not to be freed). Credentials that were given
    /// none get one holding their CAs and CRLs, which passes its changes on to them.
    pub fn gnutls_certificate_get_trust_list(res: gnutls_certificate_credentials_t, tlist: *mut gnutls_x509_trust_list_t) {
        let c = creds(res)?;
        let slot = borrow(tlist)?;
        let mine = |o: &(dyn std::any::Any + Send + Sync)| {
            o.downcast_ref::<gnutls_x509_trust_list_st>().map(|l| l as *const _ as gnutls_x509_trust_list_t)
        };
        if let Some(Some(p)) = crate::cred_trust::with_owner(&c, mine) {
            *slot = p;
            return Ok(());
        }
        let owner = Box::new(gnutls_x509_trust_list_st::from_credentials(&c)?);
        let p = &*owner as *const gnutls_x509_trust_list_st as gnutls_x509_trust_list_t;
        let list = owner.shared_list();
        crate::cred_trust::attach(&c, list, owner, false)?;
        *slot = p;
        Ok(())
    }

    /// Like `gnutls_session_set_verify_cert`, for GnuTLS's typed data (a hostname, IP address
    /// or e-mail name, and a key purpose).
    pub fn gnutls_session_set_verify_cert2(session: gnutls_session_t, data: *mut gnutls_typed_vdata_st, elements: c_uint, flags: c_uint) {
        let vdata = typed(data, elements)?;
        session_of(session)?.set_verify_cert_for(vdata, flags);
        Ok(())
    }

    /// The peer's status for GnuTLS's typed data (a hostname, IP address or e-mail name,
    /// and a key purpose such as `GNUTLS_KP_TLS_WWW_SERVER`).
    pub fn gnutls_certificate_verify_peers(
        session: gnutls_session_t,
        data: *mut gnutls_typed_vdata_st,
        elements: c_uint,
        status: *mut c_uint,
    ) -> c_int {
        let s = session_of(session)?;
        let vdata = typed(data, elements)?;
        let st = s.verify_peers_with(&vdata)?;
        if status.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        out(status, st);
        super::verify::report_verification(session)
    }
}
