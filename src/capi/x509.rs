//! X.509 certificates and public keys (GnuTLS manual: "X.509 certificate API",
//! "Abstract key API").

use libc::{c_char, c_int, c_uint, c_void, size_t, time_t};

use super::types::*;
use super::{borrow, copy_out, datum_arg, free_handle, new_handle, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::x509::core::Certificate;
use crate::x509::{certificates_in, pem, verify_list, gnutls_x509_crt_int};

/// The certificate behind a handle; an empty handle is `GNUTLS_E_INVALID_REQUEST`.
unsafe fn crt<'a>(p: gnutls_x509_crt_t) -> Result<&'a Certificate, Error> {
    borrow(p)?.certificate()
}

/// The certificates behind a C array of handles.
unsafe fn crts<'a>(list: *const gnutls_x509_crt_t, n: c_uint) -> Result<Vec<&'a Certificate>, Error> {
    if n > 0 && list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n as usize).map(|i| crt(*list.add(i))).collect()
}

/// The DER certificates behind a list of handles.
pub unsafe fn chain_of(list: *const gnutls_x509_crt_t, n: usize) -> Result<Vec<Vec<u8>>, Error> {
    if list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n).map(|i| Ok(crt(*list.add(i))?.der().to_vec())).collect()
}

/// A certificate handle holding `der`, for handing out.
pub fn handle_for(der: &[u8]) -> Result<gnutls_x509_crt_t, Error> {
    Ok(Box::into_raw(Box::new(gnutls_x509_crt_int::new(Certificate::from_der(der)?))))
}

/// GnuTLS's convention for text into a caller's buffer: the needed size counts the NUL,
/// the size reported on success does not.
unsafe fn text_out(text: &[u8], buf: *mut c_void, buf_size: *mut size_t) -> Result<(), Error> {
    let size = buf_size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if buf.is_null() || *size < text.len() + 1 {
        *size = text.len() + 1;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, text.len());
    *(buf as *mut u8).add(text.len()) = 0;
    *size = text.len();
    Ok(())
}

/// `gnutls_x509_crt_list_import`'s array convention: up to `*cert_max` handles are
/// written; more certificates than room is GNUTLS_E_SHORT_MEMORY_BUFFER with the count
/// needed when the caller asked for all or nothing (or gave no array).
unsafe fn list_out(ders: &[Vec<u8>], certs: *mut gnutls_x509_crt_t, max: &mut c_uint, flags: c_uint) -> Result<c_int, Error> {
    let fail_if_exceed = flags & GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED != 0;
    if ders.len() > *max as usize && (fail_if_exceed || certs.is_null()) {
        *max = ders.len() as c_uint;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    if certs.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    let parsed: Vec<Certificate> = ders.iter().take(*max as usize).map(|d| Certificate::from_der(d)).collect::<Result<_, _>>()?;
    for (i, c) in parsed.into_iter().enumerate() {
        *certs.add(i) = Box::into_raw(Box::new(gnutls_x509_crt_int::new(c)));
    }
    let n = ders.len().min(*max as usize);
    *max = n as c_uint;
    Ok(n as c_int)
}

entry! {
    pub fn gnutls_x509_crt_init(cert: *mut gnutls_x509_crt_t) -> c_int {
        new_handle(cert, gnutls_x509_crt_int::default())
    }

    pub fn gnutls_x509_crt_deinit(cert: gnutls_x509_crt_t) {
        free_handle(cert);
        Ok(())
    }

    pub fn gnutls_x509_crt_import(
        cert: gnutls_x509_crt_t,
        data: *const gnutls_datum_t,
        format: gnutls_x509_crt_fmt_t,
    ) -> c_int {
        borrow(cert)?.import(datum_arg(data)?, pem(format)?)
    }

    pub fn gnutls_x509_crt_check_hostname(cert: gnutls_x509_crt_t, hostname: *const c_char) -> c_uint {
        Ok(crt(cert)?.check_hostname(str_arg(hostname)?))
    }

    pub fn gnutls_x509_crt_get_activation_time(cert: gnutls_x509_crt_t) -> time_t {
        Ok(crt(cert)?.activation_time())
    }

    pub fn gnutls_x509_crt_get_expiration_time(cert: gnutls_x509_crt_t) -> time_t {
        Ok(crt(cert)?.expiration_time())
    }

    pub fn gnutls_x509_crt_export(
        cert: gnutls_x509_crt_t,
        format: gnutls_x509_crt_fmt_t,
        output_data: *mut c_void,
        output_data_size: *mut size_t,
    ) -> c_int {
        copy_out(&crt(cert)?.export(pem(format)?), output_data, output_data_size)
    }

    pub fn gnutls_x509_crt_export2(
        cert: gnutls_x509_crt_t,
        format: gnutls_x509_crt_fmt_t,
        out: *mut gnutls_datum_t,
    ) -> c_int {
        let c = crt(cert)?;
        let out = borrow(out)?;
        *out = gnutls_datum_t::copy_of(&c.export(pem(format)?))?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
        let out = borrow(dn)?;
        *out = gnutls_datum_t::copy_of(crt(cert)?.dn()?.as_bytes())?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_issuer_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
        let out = borrow(dn)?;
        *out = gnutls_datum_t::copy_of(crt(cert)?.issuer_dn()?.as_bytes())?;
        Ok(())
    }

    /// Only the text form of the value is offered (`raw_flag` 0).
    pub fn gnutls_x509_crt_get_dn_by_oid(
        cert: gnutls_x509_crt_t,
        oid: *const c_char,
        indx: c_uint,
        raw_flag: c_uint,
        buf: *mut c_void,
        buf_size: *mut size_t,
    ) -> c_int {
        let c = crt(cert)?;
        if raw_flag != 0 {
            // The DER form of the value is not offered; the text form is.
            return Err(Error::UNIMPLEMENTED);
        }
        text_out(&c.dn_by_oid(str_arg(oid)?, indx as usize)?, buf, buf_size)
    }

    pub fn gnutls_x509_crt_get_version(cert: gnutls_x509_crt_t) -> c_int {
        Ok(crt(cert)?.version())
    }

    pub fn gnutls_x509_crt_get_pk_algorithm(cert: gnutls_x509_crt_t, bits: *mut c_uint) -> c_int {
        let (algorithm, size) = crt(cert)?.pk_algorithm();
        out(bits, size);
        Ok(algorithm)
    }

    pub fn gnutls_x509_crt_check_issuer(cert: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t) -> c_uint {
        Ok(crt(cert)?.check_issuer(crt(issuer)?))
    }

    pub fn gnutls_x509_crt_get_dn(cert: gnutls_x509_crt_t, buf: *mut c_char, buf_size: *mut size_t) -> c_int {
        text_out(crt(cert)?.dn()?.as_bytes(), buf as *mut c_void, buf_size)
    }

    pub fn gnutls_x509_crt_get_fingerprint(
        cert: gnutls_x509_crt_t,
        algo: gnutls_digest_algorithm_t,
        buf: *mut c_void,
        buf_size: *mut size_t,
    ) -> c_int {
        copy_out(&crt(cert)?.fingerprint(algo as i32)?, buf, buf_size)
    }

    pub fn gnutls_x509_crt_get_key_purpose_oid(
        cert: gnutls_x509_crt_t,
        indx: c_uint,
        oid: *mut c_void,
        oid_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (text, is_critical) = crt(cert)?.key_purpose_oid(indx as usize)?;
        out(critical, is_critical as c_uint);
        text_out(text.as_bytes(), oid, oid_size)
    }

    pub fn gnutls_x509_crt_get_key_usage(cert: gnutls_x509_crt_t, key_usage: *mut c_uint, critical: *mut c_uint) -> c_int {
        let (usage, is_critical) = crt(cert)?.key_usage()?;
        out(key_usage, usage);
        out(critical, is_critical as c_uint);
        Ok(())
    }

    /// Returns whether the certificate is a CA (1 or 0), or an error.
    pub fn gnutls_x509_crt_get_basic_constraints(
        cert: gnutls_x509_crt_t,
        critical: *mut c_uint,
        ca: *mut c_uint,
        pathlen: *mut c_int,
    ) -> c_int {
        let (is_critical, is_ca, path) = crt(cert)?.basic_constraints()?;
        out(critical, is_critical as c_uint);
        out(ca, is_ca as c_uint);
        out(pathlen, path);
        Ok(is_ca)
    }

    /// Imports up to `*cert_max` certificates; returns how many, or
    /// GNUTLS_E_SHORT_MEMORY_BUFFER with the count needed.
    pub fn gnutls_x509_crt_list_import(
        certs: *mut gnutls_x509_crt_t,
        cert_max: *mut c_uint,
        data: *const gnutls_datum_t,
        format: gnutls_x509_crt_fmt_t,
        flags: c_uint,
    ) -> c_int {
        let max = borrow(cert_max)?;
        let ders = certificates_in(datum_arg(data)?, pem(format)?)?;
        list_out(&ders, certs, max, flags)
    }

    /// The status of a chain (leaf first) against a list of CAs, as GnuTLS reports it.
    pub fn gnutls_x509_crt_list_verify(
        cert_list: *const gnutls_x509_crt_t,
        cert_list_length: c_uint,
        ca_list: *const gnutls_x509_crt_t,
        ca_list_length: c_uint,
        crl_list: *const gnutls_x509_crl_t,
        crl_list_length: c_uint,
        flags: c_uint,
        verify: *mut c_uint,
    ) -> c_int {
        let _ = crl_list;
        if crl_list_length > 0 || verify.is_null() || cert_list.is_null() || cert_list_length == 0 {
            // No CRL objects can exist here (gnutls_x509_crl_* is not offered).
            return Err(Error::INVALID_REQUEST);
        }
        *verify = verify_list(&crts(cert_list, cert_list_length)?, &crts(ca_list, ca_list_length)?, flags)?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_subject_alt_name(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        san: *mut c_void,
        san_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let _ = critical;
        let (kind, value) = crt(cert)?.subject_alt_name(seq as usize)?;
        // Names are text (NUL-terminated when there is room); addresses are raw bytes.
        if kind == GNUTLS_SAN_IPADDRESS {
            copy_out(&value, san, san_size)?;
        } else {
            text_out(&value, san, san_size)?;
        }
        Ok(kind as c_int)
    }

    pub fn gnutls_x509_crt_get_signature_algorithm(cert: gnutls_x509_crt_t) -> c_int {
        Ok(crt(cert)?.signature_algorithm() as c_int)
    }

}

entry! {
    /// The subject DN's DER, copied for the caller (`gnutls_free`).
    pub fn gnutls_x509_crt_get_raw_dn(cert: gnutls_x509_crt_t, start: *mut gnutls_datum_t) -> c_int {
        let c = crt(cert)?;
        *borrow(start)? = gnutls_datum_t::copy_of(&c.subject_raw())?;
        Ok(())
    }

    /// The issuer DN's DER, copied for the caller (`gnutls_free`).
    pub fn gnutls_x509_crt_get_raw_issuer_dn(cert: gnutls_x509_crt_t, start: *mut gnutls_datum_t) -> c_int {
        let c = crt(cert)?;
        *borrow(start)? = gnutls_datum_t::copy_of(&c.issuer_raw())?;
        Ok(())
    }

    /// The subject key identifier into the caller's buffer (GNUTLS_E_SHORT_MEMORY_BUFFER
    /// with the size needed when it does not fit).
    pub fn gnutls_x509_crt_get_subject_key_id(
        cert: gnutls_x509_crt_t,
        ret: *mut c_void,
        ret_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let c = crt(cert)?;
        let id = c.subject_key_id().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(critical, c.subject_key_id_critical() as c_uint);
        copy_out(&id, ret, ret_size)
    }

    /// 1 when both hold the same certificate (the same DER), else 0.
    pub fn gnutls_x509_crt_equals(cert1: gnutls_x509_crt_t, cert2: gnutls_x509_crt_t) -> c_uint {
        Ok((crt(cert1)?.der() == crt(cert2)?.der()) as c_uint)
    }
}
