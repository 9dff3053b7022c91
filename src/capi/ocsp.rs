//! OCSP (GnuTLS manual: "OCSP certificate status checking", "OCSP stapling"), over
//! `crate::ocsp`.

use libc::{c_char, c_int, c_uint, size_t, time_t};

use super::trust_list::{gnutls_x509_trust_list_t, with_list};
use super::types::*;
use super::x509::crt;
use super::{borrow, borrow_ref, datum_arg, datum_out, free_handle, handle_array, new_handle, opt_datum_out, out, session_of, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::ocsp::{self, print};
use crate::x509::dn::GNUTLS_X509_DN_FLAG_COMPAT;
use crate::x509::trust_list::now;

unsafe fn req<'a>(p: gnutls_ocsp_req_const_t) -> Result<&'a gnutls_ocsp_req_int, Error> {
    borrow_ref(p)
}

unsafe fn resp<'a>(p: gnutls_ocsp_resp_const_t) -> Result<&'a gnutls_ocsp_resp_int, Error> {
    borrow_ref(p)
}

/// Hands out the fields of a certificate identifier, each only where asked for.
unsafe fn cert_id_out(
    id: &ocsp::CertIdFields,
    digest: *mut gnutls_digest_algorithm_t,
    issuer_name_hash: *mut gnutls_datum_t,
    issuer_key_hash: *mut gnutls_datum_t,
    serial_number: *mut gnutls_datum_t,
) -> Result<(), Error> {
    out(digest, id.digest);
    opt_datum_out(issuer_name_hash, &id.issuer_name_hash)?;
    opt_datum_out(issuer_key_hash, &id.issuer_key_hash)?;
    opt_datum_out(serial_number, &id.serial)
}

unsafe fn extension_out(
    e: ocsp::ExtensionFields,
    oid: *mut gnutls_datum_t,
    critical: *mut c_uint,
    data: *mut gnutls_datum_t,
) -> Result<(), Error> {
    out(critical, e.critical as c_uint);
    opt_datum_out(oid, e.oid.as_bytes())?;
    opt_datum_out(data, &e.value)
}

unsafe fn nonce_out(n: (Vec<u8>, bool), critical: *mut c_uint, nonce: *mut gnutls_datum_t) -> Result<(), Error> {
    datum_out(nonce, &n.0)?;
    out(critical, n.1 as c_uint);
    Ok(())
}

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

    /// The stapled response for certificate `idx` of the server's chain (rustls carries
    /// only the end-entity certificate's).
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_ocsp_status_request_get2(session: gnutls_session_t, idx: c_uint, response: *mut gnutls_datum_t) -> c_int {
        let s = session_of(session)?;
        let out = borrow(response)?;
        if idx != 0 {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        *out = gnutls_datum_t::pointing_at(&s.stapled_ocsp_response()?);
        Ok(())
    }

    /// Whether a verification found the stapled response good (GNUTLS_OCSP_SR_IS_AVAIL:
    /// whether there is one).
    pub fn gnutls_ocsp_status_request_is_checked(session: gnutls_session_t, flags: c_uint) -> c_uint {
        // GNUTLS_OCSP_SR_IS_AVAIL (a macro of gnutls.h).
        Ok(session_of(session)?.ocsp_status_checked(flags & 1 != 0))
    }

    pub fn gnutls_ocsp_req_init(req: *mut gnutls_ocsp_req_t) -> c_int {
        new_handle(req, gnutls_ocsp_req_int::default())
    }

    pub fn gnutls_ocsp_req_deinit(req: gnutls_ocsp_req_t) {
        free_handle(req);
        Ok(())
    }

    pub fn gnutls_ocsp_req_import(req: gnutls_ocsp_req_t, data: *const gnutls_datum_t) -> c_int {
        let r = borrow(req)?;
        r.import(datum_arg(data)?)
    }

    pub fn gnutls_ocsp_req_export(req: gnutls_ocsp_req_const_t, data: *mut gnutls_datum_t) -> c_int {
        let der = self::req(req)?.export()?;
        datum_out(data, &der)
    }

    pub fn gnutls_ocsp_req_get_version(req: gnutls_ocsp_req_const_t) -> c_int {
        Ok(self::req(req)?.version())
    }

    pub fn gnutls_ocsp_req_get_cert_id(
        req: gnutls_ocsp_req_const_t,
        indx: c_uint,
        digest: *mut gnutls_digest_algorithm_t,
        issuer_name_hash: *mut gnutls_datum_t,
        issuer_key_hash: *mut gnutls_datum_t,
        serial_number: *mut gnutls_datum_t,
    ) -> c_int {
        let id = self::req(req)?.cert_id(indx as usize)?;
        cert_id_out(&id, digest, issuer_name_hash, issuer_key_hash, serial_number)
    }

    pub fn gnutls_ocsp_req_add_cert_id(
        req: gnutls_ocsp_req_t,
        digest: gnutls_digest_algorithm_t,
        issuer_name_hash: *const gnutls_datum_t,
        issuer_key_hash: *const gnutls_datum_t,
        serial_number: *const gnutls_datum_t,
    ) -> c_int {
        let r = borrow(req)?;
        r.add_cert_id(digest, datum_arg(issuer_name_hash)?, datum_arg(issuer_key_hash)?, datum_arg(serial_number)?)
    }

    pub fn gnutls_ocsp_req_add_cert(
        req: gnutls_ocsp_req_t,
        digest: gnutls_digest_algorithm_t,
        issuer: gnutls_x509_crt_t,
        cert: gnutls_x509_crt_t,
    ) -> c_int {
        let r = borrow(req)?;
        r.add_cert(digest, crt(issuer)?, crt(cert)?)
    }

    pub fn gnutls_ocsp_req_get_extension(
        req: gnutls_ocsp_req_const_t,
        indx: c_uint,
        oid: *mut gnutls_datum_t,
        critical: *mut c_uint,
        data: *mut gnutls_datum_t,
    ) -> c_int {
        extension_out(self::req(req)?.extension(indx as usize)?, oid, critical, data)
    }

    pub fn gnutls_ocsp_req_set_extension(
        req: gnutls_ocsp_req_t,
        oid: *const c_char,
        critical: c_uint,
        data: *const gnutls_datum_t,
    ) -> c_int {
        let r = borrow(req)?;
        r.set_extension(str_arg(oid)?, critical != 0, datum_arg(data)?)
    }

    pub fn gnutls_ocsp_req_get_nonce(req: gnutls_ocsp_req_const_t, critical: *mut c_uint, nonce: *mut gnutls_datum_t) -> c_int {
        borrow(nonce)?;
        nonce_out(self::req(req)?.nonce()?, critical, nonce)
    }

    pub fn gnutls_ocsp_req_set_nonce(req: gnutls_ocsp_req_t, critical: c_uint, nonce: *const gnutls_datum_t) -> c_int {
        let r = borrow(req)?;
        r.set_nonce(critical != 0, datum_arg(nonce)?)
    }

    pub fn gnutls_ocsp_req_randomize_nonce(req: gnutls_ocsp_req_t) -> c_int {
        borrow(req)?.randomize_nonce()
    }

    pub fn gnutls_ocsp_req_print(req: gnutls_ocsp_req_const_t, format: gnutls_ocsp_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = print::print_request(self::req(req)?, format)?;
        datum_out(out, &text)
    }

    pub fn gnutls_ocsp_resp_init(resp: *mut gnutls_ocsp_resp_t) -> c_int {
        new_handle(resp, gnutls_ocsp_resp_int::default())
    }

    pub fn gnutls_ocsp_resp_deinit(resp: gnutls_ocsp_resp_t) {
        free_handle(resp);
        Ok(())
    }

    pub fn gnutls_ocsp_resp_import(resp: gnutls_ocsp_resp_t, data: *const gnutls_datum_t) -> c_int {
        let r = borrow(resp)?;
        r.import(datum_arg(data)?, false)
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_ocsp_resp_import2(resp: gnutls_ocsp_resp_t, data: *const gnutls_datum_t, fmt: gnutls_x509_crt_fmt_t) -> c_int {
        let r = borrow(resp)?;
        // Like GnuTLS, anything but PEM is DER.
        r.import(datum_arg(data)?, fmt == GNUTLS_X509_FMT_PEM)
    }

    pub fn gnutls_ocsp_resp_export(resp: gnutls_ocsp_resp_const_t, data: *mut gnutls_datum_t) -> c_int {
        borrow(data)?;
        datum_out(data, &self::resp(resp)?.export(false)?)
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_ocsp_resp_export2(resp: gnutls_ocsp_resp_const_t, data: *mut gnutls_datum_t, fmt: gnutls_x509_crt_fmt_t) -> c_int {
        borrow(data)?;
        datum_out(data, &self::resp(resp)?.export(crate::x509::pem(fmt)?)?)
    }

    pub fn gnutls_ocsp_resp_get_status(resp: gnutls_ocsp_resp_const_t) -> c_int {
        Ok(self::resp(resp)?.status()? as c_int)
    }

    pub fn gnutls_ocsp_resp_get_response(
        resp: gnutls_ocsp_resp_const_t,
        response_type_oid: *mut gnutls_datum_t,
        response: *mut gnutls_datum_t,
    ) -> c_int {
        let r = self::resp(resp)?;
        if response_type_oid.is_null() && response.is_null() {
            return Ok(());
        }
        let (oid, bytes) = r.response()?;
        opt_datum_out(response_type_oid, oid.as_bytes())?;
        opt_datum_out(response, &bytes)
    }

    pub fn gnutls_ocsp_resp_get_version(resp: gnutls_ocsp_resp_const_t) -> c_int {
        Ok(self::resp(resp)?.version())
    }

    /// A responder named by key answers an empty name and success, as GnuTLS does.
    pub fn gnutls_ocsp_resp_get_responder(resp: gnutls_ocsp_resp_const_t, dn: *mut gnutls_datum_t) -> c_int {
        let out = borrow(dn)?;
        *out = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        match self::resp(resp)?.responder_dn(GNUTLS_X509_DN_FLAG_COMPAT) {
            Ok(text) => datum_out(dn, text.as_bytes()),
            Err(e) if e == Error::REQUESTED_DATA_NOT_AVAILABLE => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub fn gnutls_ocsp_resp_get_responder2(resp: gnutls_ocsp_resp_const_t, dn: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let out = borrow(dn)?;
        *out = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        let text = self::resp(resp)?.responder_dn(flags)?;
        datum_out(dn, text.as_bytes())
    }

    pub fn gnutls_ocsp_resp_get_responder_raw_id(resp: gnutls_ocsp_resp_const_t, type_: c_uint, raw: *mut gnutls_datum_t) -> c_int {
        borrow(raw)?;
        datum_out(raw, &self::resp(resp)?.responder_raw_id(type_)?)
    }

    pub fn gnutls_ocsp_resp_get_produced(resp: gnutls_ocsp_resp_const_t) -> time_t {
        Ok(self::resp(resp)?.produced()? as time_t)
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
        for d in [issuer_name_hash, issuer_key_hash, serial_number] {
            if let Some(d) = d.as_mut() {
                d.data = std::ptr::null_mut();
                d.size = 0;
            }
        }
        let Some(single) = self::resp(resp)?.single(indx as usize) else {
            // GnuTLS learns that there is no such response from the first field it reads;
            // the optional fields it does not miss.
            let hashes = !issuer_name_hash.is_null() || !issuer_key_hash.is_null() || !serial_number.is_null();
            if !digest.is_null() || (!hashes && !cert_status.is_null()) {
                return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
            } else if hashes {
                return Err(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND));
            } else if !this_update.is_null() {
                return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
            }
            out(next_update, -1);
            out(revocation_time, -1);
            out(revocation_reason, GNUTLS_X509_CRLREASON_UNSPECIFIED);
            return Ok(());
        };
        cert_id_out(&single.id, digest, issuer_name_hash, issuer_key_hash, serial_number)?;
        out(cert_status, single.status);
        out(this_update, single.this_update as time_t);
        out(next_update, single.next_update as time_t);
        out(revocation_time, single.revocation_time as time_t);
        out(revocation_reason, single.revocation_reason);
        Ok(())
    }

    pub fn gnutls_ocsp_resp_get_extension(
        resp: gnutls_ocsp_resp_const_t,
        indx: c_uint,
        oid: *mut gnutls_datum_t,
        critical: *mut c_uint,
        data: *mut gnutls_datum_t,
    ) -> c_int {
        extension_out(self::resp(resp)?.extension(indx as usize)?, oid, critical, data)
    }

    pub fn gnutls_ocsp_resp_get_nonce(resp: gnutls_ocsp_resp_const_t, critical: *mut c_uint, nonce: *mut gnutls_datum_t) -> c_int {
        borrow(nonce)?;
        nonce_out(self::resp(resp)?.nonce()?, critical, nonce)
    }

    pub fn gnutls_ocsp_resp_get_signature_algorithm(resp: gnutls_ocsp_resp_const_t) -> c_int {
        Ok(self::resp(resp)?.signature_algorithm()? as c_int)
    }

    pub fn gnutls_ocsp_resp_get_signature(resp: gnutls_ocsp_resp_const_t, sig: *mut gnutls_datum_t) -> c_int {
        borrow(sig)?;
        datum_out(sig, &self::resp(resp)?.signature()?)
    }

    /// A new NULL-terminated array of new certificates; both freed by the caller.
    pub fn gnutls_ocsp_resp_get_certs(resp: gnutls_ocsp_resp_const_t, certs: *mut *mut gnutls_x509_crt_t, ncerts: *mut size_t) -> c_int {
        let list = self::resp(resp)?.certs()?;
        out(ncerts, list.len());
        let Some(certs) = certs.as_mut() else { return Ok(()) };
        *certs = handle_array(list.into_iter().map(gnutls_x509_crt_int::new).collect(), true)?;
        Ok(())
    }

    pub fn gnutls_ocsp_resp_check_crt(resp: gnutls_ocsp_resp_const_t, indx: c_uint, crt_: gnutls_x509_crt_t) -> c_int {
        let r = self::resp(resp)?;
        r.check_crt(indx as usize, crt(crt_)?)
    }

    pub fn gnutls_ocsp_resp_verify_direct(resp: gnutls_ocsp_resp_const_t, issuer: gnutls_x509_crt_t, verify: *mut c_uint, flags: c_uint) -> c_int {
        let r = self::resp(resp)?;
        let status = r.verify_direct(crt(issuer)?, flags)?;
        *borrow(verify)? = status;
        Ok(())
    }

    pub fn gnutls_ocsp_resp_verify(resp: gnutls_ocsp_resp_const_t, trustlist: gnutls_x509_trust_list_t, verify: *mut c_uint, flags: c_uint) -> c_int {
        let r = self::resp(resp)?;
        let out = borrow(verify)?;
        *out = with_list(trustlist, |list| r.verify(list, flags, now()))??;
        Ok(())
    }

    pub fn gnutls_ocsp_resp_print(resp: gnutls_ocsp_resp_const_t, format: gnutls_ocsp_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = print::print_response(self::resp(resp)?, format);
        datum_out(out, &text)
    }

    /// A new array of new responses; both freed by the caller.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_ocsp_resp_list_import2(
        ocsps: *mut *mut gnutls_ocsp_resp_t,
        size: *mut c_uint,
        resp_data: *const gnutls_datum_t,
        format: gnutls_x509_crt_fmt_t,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        let (ocsps, size) = (borrow(ocsps)?, borrow(size)?);
        let list = ocsp::list_import(datum_arg(resp_data)?, format == GNUTLS_X509_FMT_PEM)?;
        let n = list.len();
        *ocsps = handle_array(list, false)?;
        *size = n as c_uint;
        Ok(())
    }
}

