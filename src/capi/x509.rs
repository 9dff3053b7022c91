//! X.509 certificates and public keys (GnuTLS manual: "X.509 certificate API",
//! "Abstract key API").

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t, time_t};

use super::types::*;
use super::ctypes::gnutls_x509_spki_t;
use super::{borrow, borrow_ref, bytes_arg, copy_out, datum_arg, datum_out, free_handle, new_handle, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use super::x509_dn::{oid_out, string_out, text_datum, text_out};
use crate::x509::core::{Certificate, PublicKeyParams};
use crate::x509::ext::GeneralName;
use crate::x509::{certificates_in, pem, verify_list, gnutls_x509_crt_int};
use crate::x509::build::{FSAN_APPEND, append_to_name, set_name_from_string, spki_from_der, spki_of_key, CertificateDraft, ExtensionEdit};
use crate::x509::build::{othername_value, spki_with_pss};
use crate::keys::PrivateKey;

/// The certificate behind a handle; an empty handle is `GNUTLS_E_INVALID_REQUEST`.
pub(crate) unsafe fn crt<'a>(p: gnutls_x509_crt_t) -> Result<&'a Certificate, Error> {
    borrow(p)?.certificate()
}

/// The certificates behind a C array of handles.
pub(crate) unsafe fn crts<'a>(list: *const gnutls_x509_crt_t, n: c_uint) -> Result<Vec<&'a Certificate>, Error> {
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
        copy_out(&borrow(cert)?.signed_certificate()?.export(pem(format)?), output_data, output_data_size)
    }

    pub fn gnutls_x509_crt_export2(
        cert: gnutls_x509_crt_t,
        format: gnutls_x509_crt_fmt_t,
        out: *mut gnutls_datum_t,
    ) -> c_int {
        let c = borrow(cert)?.signed_certificate()?;
        let out = borrow(out)?;
        *out = gnutls_datum_t::copy_of(&c.export(pem(format)?))?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
        text_datum(&crt(cert)?.dn()?, dn)
    }

    pub fn gnutls_x509_crt_get_issuer_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
        text_datum(&crt(cert)?.issuer_dn()?, dn)
    }

    pub fn gnutls_x509_crt_get_dn_by_oid(
        cert: gnutls_x509_crt_t,
        oid: *const c_char,
        indx: c_uint,
        raw_flag: c_uint,
        buf: *mut c_void,
        buf_size: *mut size_t,
    ) -> c_int {
        let c = crt(cert)?;
        text_out(&c.subject().by_oid(str_arg(oid)?, indx as usize, raw_flag != 0)?, buf, buf_size)
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

    /// The status of a chain (leaf first) against a list of CAs and CRLs, as GnuTLS reports it.
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
        if cert_list.is_null() || cert_list_length == 0 {
            return Err(Error::NO_CERTIFICATE_FOUND);
        }
        let verify = borrow(verify)?;
        let chain = crts(cert_list, cert_list_length)?;
        let crls = super::crl::crls_of(crl_list, crl_list_length)?;
        let mut status = verify_list(&chain, &crts(ca_list, ca_list_length)?, flags)?;
        // GnuTLS checks every certificate of the list against the CRLs, whatever else it found.
        if chain.iter().any(|c| crate::x509::crl::revoked_by_any(c, &crls)) {
            status |= GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
        }
        *verify = status;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_subject_alt_name(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        san: *mut c_void,
        san_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (names, is_critical) = crt(cert)?.alt_names()?;
        alt_name_out(&names, is_critical, seq, san, san_size, std::ptr::null_mut(), critical, false)
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

/// `get_alt_name`: the `seq`th name (type returned), printable ones as text with a NUL,
/// the others as bytes; with `othername_oid`, the type-id of an otherName instead.
#[allow(clippy::too_many_arguments)]
unsafe fn alt_name_out(
    names: &[GeneralName],
    is_critical: bool,
    seq: c_uint,
    buf: *mut c_void,
    size: *mut size_t,
    kind_out: *mut c_uint,
    critical: *mut c_uint,
    othername_oid: bool,
) -> Result<c_int, Error> {
    out(critical, is_critical as c_uint);
    let size_ref = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if buf.is_null() {
        *size_ref = 0;
    }
    let n = names.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    out(kind_out, n.kind);
    if othername_oid {
        // GnuTLS copies an empty OID for names that are not otherNames.
        string_out(n.othername_oid.as_deref().unwrap_or("").as_bytes(), buf, size)?;
    } else {
        name_out(n, buf, size)?;
    }
    Ok(n.kind as c_int)
}

/// A GeneralName into a caller's buffer: the types GnuTLS calls printable as text with a
/// NUL, the others as bytes (`is_type_printable`).
pub(crate) unsafe fn name_out(name: &GeneralName, buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    if matches!(name.kind, GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME | GNUTLS_SAN_URI | GNUTLS_SAN_OTHERNAME_XMPP | GNUTLS_SAN_OTHERNAME | GNUTLS_SAN_REGISTERED_ID) {
        string_out(&name.data, buf, size)
    } else {
        data_out(&name.data, buf, size)
    }
}

/// `_gnutls_copy_data`: bytes, the size needed when they do not fit; a NULL buffer with
/// room is success.
pub(crate) unsafe fn data_out(bytes: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    let size = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if bytes.len() > *size {
        *size = bytes.len();
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    if !buf.is_null() {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf as *mut u8, bytes.len());
    }
    *size = bytes.len();
    Ok(())
}

/// The unique IDs' convention: the size is always written, a buffer too small is
/// GNUTLS_E_SHORT_MEMORY_BUFFER.
unsafe fn unique_id_out(id: &[u8], buf: *mut c_char, size: *mut size_t) -> Result<(), Error> {
    let size = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    let room = *size;
    *size = id.len();
    if id.len() > room || buf.is_null() && !id.is_empty() {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    if !id.is_empty() {
        std::ptr::copy_nonoverlapping(id.as_ptr(), buf as *mut u8, id.len());
    }
    Ok(())
}

/// An OID as libtasn1 reads it: with its NUL counted in the size.
pub(crate) unsafe fn asn1_oid_out(oid: &str, buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    let mut with_nul = oid.as_bytes().to_vec();
    with_nul.push(0);
    string_out(&with_nul, buf, size)
}

entry! {
    pub fn gnutls_x509_crt_get_issuer_dn(cert: gnutls_x509_crt_t, buf: *mut c_char, buf_size: *mut size_t) -> c_int {
        text_out(crt(cert)?.issuer_dn()?.as_bytes(), buf as *mut c_void, buf_size)
    }

    pub fn gnutls_x509_crt_get_issuer_dn3(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&crt(cert)?.issuer().to_text(flags)?, dn)
    }

    pub fn gnutls_x509_crt_get_dn3(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&crt(cert)?.subject().to_text(flags)?, dn)
    }

    pub fn gnutls_x509_crt_get_issuer_dn_by_oid(
        cert: gnutls_x509_crt_t,
        oid: *const c_char,
        indx: c_uint,
        raw_flag: c_uint,
        buf: *mut c_void,
        buf_size: *mut size_t,
    ) -> c_int {
        let c = crt(cert)?;
        text_out(&c.issuer().by_oid(str_arg(oid)?, indx as usize, raw_flag != 0)?, buf, buf_size)
    }

    pub fn gnutls_x509_crt_get_dn_oid(cert: gnutls_x509_crt_t, indx: c_uint, oid: *mut c_void, oid_size: *mut size_t) -> c_int {
        oid_out(crt(cert)?.subject().oid_at(indx as usize)?, oid, oid_size)
    }

    pub fn gnutls_x509_crt_get_issuer_dn_oid(cert: gnutls_x509_crt_t, indx: c_uint, oid: *mut c_void, oid_size: *mut size_t) -> c_int {
        oid_out(crt(cert)?.issuer().oid_at(indx as usize)?, oid, oid_size)
    }

    /// The subject as a DN object owned by the certificate (not to be freed).
    pub fn gnutls_x509_crt_get_subject(cert: gnutls_x509_crt_t, dn: *mut gnutls_x509_dn_t) -> c_int {
        let c = crt(cert)?;
        *borrow(dn)? = c.subject() as *const _ as gnutls_x509_dn_t;
        Ok(())
    }

    /// The issuer as a DN object owned by the certificate (not to be freed).
    pub fn gnutls_x509_crt_get_issuer(cert: gnutls_x509_crt_t, dn: *mut gnutls_x509_dn_t) -> c_int {
        let c = crt(cert)?;
        *borrow(dn)? = c.issuer() as *const _ as gnutls_x509_dn_t;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_key_id(crt_: gnutls_x509_crt_t, flags: c_uint, output_data: *mut c_uchar, output_data_size: *mut size_t) -> c_int {
        let c = crt(crt_)?;
        if c.pk_algorithm().0 <= 0 {
            return Err(Error::UNIMPLEMENTED);
        }
        copy_out(&c.key_id(flags)?, output_data as *mut c_void, output_data_size)
    }

    pub fn gnutls_x509_crt_get_serial(cert: gnutls_x509_crt_t, result: *mut c_void, result_size: *mut size_t) -> c_int {
        copy_out(&crt(cert)?.serial(), result, result_size)
    }

    pub fn gnutls_x509_crt_get_authority_key_id(cert: gnutls_x509_crt_t, id: *mut c_void, id_size: *mut size_t, critical: *mut c_uint) -> c_int {
        let (aki, is_critical) = crt(cert)?.authority_key_id_ext()?;
        out(critical, is_critical as c_uint);
        match aki.id {
            Some(key_id) => data_out(&key_id, id, id_size),
            None if aki.serial.is_some() && !aki.issuer.is_empty() => Err(Error::new(GNUTLS_E_X509_UNSUPPORTED_EXTENSION)),
            None => Err(Error::REQUESTED_DATA_NOT_AVAILABLE),
        }
    }

    pub fn gnutls_x509_crt_get_authority_key_gn_serial(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        alt: *mut c_void,
        alt_size: *mut size_t,
        alt_type: *mut c_uint,
        serial: *mut c_void,
        serial_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (aki, is_critical) = crt(cert)?.authority_key_id_ext()?;
        out(critical, is_critical as c_uint);
        let name = aki.issuer.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let number = aki.serial.as_ref().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(alt_type, name.kind);
        name_out(name, alt, alt_size)?;
        data_out(number, serial, serial_size)
    }

    pub fn gnutls_x509_crt_get_extension_info(
        cert: gnutls_x509_crt_t,
        indx: c_uint,
        oid: *mut c_void,
        oid_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let exts = crt(cert)?.extensions();
        let e = exts.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        text_out(e.oid.as_bytes(), oid, oid_size)?;
        out(critical, e.critical as c_uint);
        Ok(())
    }

    pub fn gnutls_x509_crt_get_extension_oid(cert: gnutls_x509_crt_t, indx: c_uint, oid: *mut c_void, oid_size: *mut size_t) -> c_int {
        let exts = crt(cert)?.extensions();
        let e = exts.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        text_out(e.oid.as_bytes(), oid, oid_size)
    }

    /// With a NULL buffer GnuTLS answers 0 and the size needed.
    pub fn gnutls_x509_crt_get_extension_data(cert: gnutls_x509_crt_t, indx: c_uint, data: *mut c_void, sizeof_data: *mut size_t) -> c_int {
        let exts = crt(cert)?.extensions();
        let e = exts.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let size = borrow(sizeof_data)?;
        if data.is_null() {
            *size = e.value.len();
            return Ok(());
        }
        copy_out(&e.value, data, size)
    }

    pub fn gnutls_x509_crt_get_extension_data2(cert: gnutls_x509_crt_t, indx: c_uint, data: *mut gnutls_datum_t) -> c_int {
        let exts = crt(cert)?.extensions();
        let e = exts.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        *borrow(data)? = gnutls_datum_t::copy_of(&e.value)?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_extension_by_oid(
        cert: gnutls_x509_crt_t,
        oid: *const c_char,
        indx: c_uint,
        buf: *mut c_void,
        buf_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (value, is_critical) = crt(cert)?.extension_by_oid(str_arg(oid)?, indx as usize)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        out(critical, is_critical as c_uint);
        copy_out(&value, buf, buf_size)
    }

    pub fn gnutls_x509_crt_get_extension_by_oid2(
        cert: gnutls_x509_crt_t,
        oid: *const c_char,
        indx: c_uint,
        output: *mut gnutls_datum_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (value, is_critical) = crt(cert)?.extension_by_oid(str_arg(oid)?, indx as usize)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        out(critical, is_critical as c_uint);
        *borrow(output)? = gnutls_datum_t::copy_of(&value)?;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_subject_alt_name2(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        san: *mut c_void,
        san_size: *mut size_t,
        san_type: *mut c_uint,
        critical: *mut c_uint,
    ) -> c_int {
        let (names, is_critical) = crt(cert)?.alt_names()?;
        alt_name_out(&names, is_critical, seq, san, san_size, san_type, critical, false)
    }

    pub fn gnutls_x509_crt_get_subject_alt_othername_oid(cert: gnutls_x509_crt_t, seq: c_uint, oid: *mut c_void, oid_size: *mut size_t) -> c_int {
        let (names, is_critical) = crt(cert)?.alt_names()?;
        alt_name_out(&names, is_critical, seq, oid, oid_size, std::ptr::null_mut(), std::ptr::null_mut(), true)
    }

    pub fn gnutls_x509_crt_get_issuer_alt_name(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        ian: *mut c_void,
        ian_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (names, is_critical) = crt(cert)?.issuer_alt_names()?;
        alt_name_out(&names, is_critical, seq, ian, ian_size, std::ptr::null_mut(), critical, false)
    }

    pub fn gnutls_x509_crt_get_issuer_alt_name2(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        ian: *mut c_void,
        ian_size: *mut size_t,
        ian_type: *mut c_uint,
        critical: *mut c_uint,
    ) -> c_int {
        let (names, is_critical) = crt(cert)?.issuer_alt_names()?;
        alt_name_out(&names, is_critical, seq, ian, ian_size, ian_type, critical, false)
    }

    pub fn gnutls_x509_crt_get_issuer_alt_othername_oid(cert: gnutls_x509_crt_t, seq: c_uint, ret: *mut c_void, ret_size: *mut size_t) -> c_int {
        let (names, is_critical) = crt(cert)?.issuer_alt_names()?;
        alt_name_out(&names, is_critical, seq, ret, ret_size, std::ptr::null_mut(), std::ptr::null_mut(), true)
    }

    /// Whether the certificate is a CA (1 or 0), or an error.
    pub fn gnutls_x509_crt_get_ca_status(cert: gnutls_x509_crt_t, critical: *mut c_uint) -> c_int {
        let (is_critical, is_ca, _) = crt(cert)?.basic_constraints()?;
        out(critical, is_critical as c_uint);
        Ok(is_ca as c_int)
    }

    pub fn gnutls_x509_crt_get_authority_info_access(
        crt_: gnutls_x509_crt_t,
        seq: c_uint,
        what: c_int,
        data: *mut gnutls_datum_t,
        critical: *mut c_uint,
    ) -> c_int {
        let c = crt(crt_)?;
        let (value, is_critical) = c.extension_by_oid("1.3.6.1.5.5.7.1.1", 0)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        out(critical, is_critical as c_uint);
        if is_critical && !critical.is_null() {
            return Err(Error::new(GNUTLS_E_CONSTRAINT_ERROR));
        }
        let items = crate::x509::ext::authority_info_access(&value)?;
        let (method, location) = items.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let with_nul = |s: &str| [s.as_bytes(), &[0]].concat();
        let answer = match what as c_uint {
            GNUTLS_IA_ACCESSMETHOD_OID => with_nul(method),
            GNUTLS_IA_ACCESSLOCATION_GENERALNAME_TYPE => with_nul(crate::x509::ext::choice_name(location.kind)),
            GNUTLS_IA_URI | GNUTLS_IA_OCSP_URI | GNUTLS_IA_CAISSUERS_URI => {
                let want = match what as c_uint {
                    GNUTLS_IA_OCSP_URI => Some("1.3.6.1.5.5.7.48.1"),
                    GNUTLS_IA_CAISSUERS_URI => Some("1.3.6.1.5.5.7.48.2"),
                    _ => None,
                };
                if want.is_some_and(|w| w != method) {
                    return Err(Error::new(GNUTLS_E_UNKNOWN_ALGORITHM));
                }
                if location.kind != GNUTLS_SAN_URI {
                    return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
                }
                location.data.clone()
            }
            _ => return Err(Error::INVALID_REQUEST),
        };
        if let Some(d) = data.as_mut() {
            *d = gnutls_datum_t::copy_of(&answer)?;
        }
        Ok(())
    }

    pub fn gnutls_x509_crt_get_crl_dist_points(
        cert: gnutls_x509_crt_t,
        seq: c_uint,
        ret: *mut c_void,
        ret_size: *mut size_t,
        reason_flags: *mut c_uint,
        critical: *mut c_uint,
    ) -> c_int {
        let c = crt(cert)?;
        let (value, is_critical) = c.extension_by_oid("2.5.29.31", 0)?;
        out(critical, is_critical as c_uint);
        let points = crate::x509::ext::crl_dist_points(&value)?;
        let (name, reasons) = points.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(reason_flags, *reasons);
        name_out(name, ret, ret_size)?;
        Ok(name.kind as c_int)
    }

    pub fn gnutls_x509_crt_get_pk_rsa_raw(crt_: gnutls_x509_crt_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t) -> c_int {
        match crt(crt_)?.pk_params() {
            Some(PublicKeyParams::Rsa { m: modulus, e: exponent }) => {
                let (m, e) = (borrow(m)?, borrow(e)?);
                *m = gnutls_datum_t::copy_of(&modulus)?;
                *e = gnutls_datum_t::copy_of(&exponent)?;
                Ok(())
            }
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    pub fn gnutls_x509_crt_get_pk_ecc_raw(crt_: gnutls_x509_crt_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t) -> c_int {
        match crt(crt_)?.pk_params() {
            Some(PublicKeyParams::Ecc { curve: id, x: px, y: py }) => {
                out(curve, id);
                if let Some(x) = x.as_mut() {
                    *x = gnutls_datum_t::copy_of(&px)?;
                }
                if let Some(y) = y.as_mut() {
                    *y = gnutls_datum_t::copy_of(&py)?;
                }
                Ok(())
            }
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    pub fn gnutls_x509_crt_get_pk_dsa_raw(
        crt_: gnutls_x509_crt_t,
        p: *mut gnutls_datum_t,
        q: *mut gnutls_datum_t,
        g: *mut gnutls_datum_t,
        y: *mut gnutls_datum_t,
    ) -> c_int {
        match crt(crt_)?.pk_params() {
            Some(PublicKeyParams::Dsa { p: pp, q: pq, g: pg, y: py }) => {
                let (p, q, g, y) = (borrow(p)?, borrow(q)?, borrow(g)?, borrow(y)?);
                *p = gnutls_datum_t::copy_of(&pp)?;
                *q = gnutls_datum_t::copy_of(&pq)?;
                *g = gnutls_datum_t::copy_of(&pg)?;
                *y = gnutls_datum_t::copy_of(&py)?;
                Ok(())
            }
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    pub fn gnutls_x509_crt_get_pk_oid(cert: gnutls_x509_crt_t, oid: *mut c_char, oid_size: *mut size_t) -> c_int {
        asn1_oid_out(&crt(cert)?.pk_oid(), oid as *mut c_void, oid_size)
    }

    pub fn gnutls_x509_crt_get_signature_oid(cert: gnutls_x509_crt_t, oid: *mut c_char, oid_size: *mut size_t) -> c_int {
        asn1_oid_out(&crt(cert)?.signature_oid(), oid as *mut c_void, oid_size)
    }

    pub fn gnutls_x509_crt_get_signature(cert: gnutls_x509_crt_t, sig: *mut c_char, sizeof_sig: *mut size_t) -> c_int {
        copy_out(crt(cert)?.signature(), sig as *mut c_void, sizeof_sig)
    }

    pub fn gnutls_x509_crt_equals2(cert1: gnutls_x509_crt_t, der: *const gnutls_datum_t) -> c_uint {
        Ok((crt(cert1)?.der() == datum_arg(der)?) as c_uint)
    }

    pub fn gnutls_x509_crt_check_hostname2(cert: gnutls_x509_crt_t, hostname: *const c_char, flags: c_uint) -> c_uint {
        Ok(crt(cert)?.check_hostname2(str_arg(hostname)?, flags) as c_uint)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_check_ip(cert: gnutls_x509_crt_t, ip: *const c_uchar, ip_size: c_uint, flags: c_uint) -> c_uint {
        let _ = flags;
        Ok(crt(cert)?.check_ip(super::bytes_arg(ip as *const c_void, ip_size as size_t)?) as c_uint)
    }

    pub fn gnutls_x509_crt_check_email(cert: gnutls_x509_crt_t, email: *const c_char, flags: c_uint) -> c_uint {
        let _ = flags;
        Ok(crt(cert)?.check_email(str_arg(email)?) as c_uint)
    }

    /// Whether the certificate may be used for this purpose; with
    /// GNUTLS_KP_FLAG_DISALLOW_ANY, anyExtendedKeyUsage does not count.
    pub fn gnutls_x509_crt_check_key_purpose(cert: gnutls_x509_crt_t, purpose: *const c_char, flags: c_uint) -> c_uint {
        let c = crt(cert)?;
        let purpose = str_arg(purpose)?;
        // GNUTLS_KP_FLAG_DISALLOW_ANY
        if flags & 1 != 0 {
            let listed = (0..).map_while(|i| c.key_purpose_oid(i).ok()).any(|(o, _)| o == purpose);
            let none = c.key_purpose_oid(0) == Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
            return Ok((listed || none) as c_uint);
        }
        Ok(c.has_key_purpose(purpose) as c_uint)
    }

    /// The status of one certificate against a list of CAs.
    pub fn gnutls_x509_crt_verify(
        cert: gnutls_x509_crt_t,
        ca_list: *const gnutls_x509_crt_t,
        ca_list_length: c_uint,
        flags: c_uint,
        verify: *mut c_uint,
    ) -> c_int {
        let status = verify_list(&[crt(cert)?], &crts(ca_list, ca_list_length)?, flags)?;
        *borrow(verify)? = status;
        Ok(())
    }

    /// Every certificate of the data, in a new array (freed by the caller).
    pub fn gnutls_x509_crt_list_import2(
        certs: *mut *mut gnutls_x509_crt_t,
        size: *mut c_uint,
        data: *const gnutls_datum_t,
        format: gnutls_x509_crt_fmt_t,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        let (certs, size) = (borrow(certs)?, borrow(size)?);
        let ders = certificates_in(datum_arg(data)?, pem(format)?)?;
        let parsed: Vec<Certificate> = ders.iter().map(|d| Certificate::from_der(d)).collect::<Result<_, _>>()?;
        *certs = super::handle_array(parsed.into_iter().map(gnutls_x509_crt_int::new).collect(), false)?;
        *size = ders.len() as c_uint;
        Ok(())
    }

    pub fn gnutls_x509_crt_get_issuer_unique_id(crt_: gnutls_x509_crt_t, buf: *mut c_char, buf_size: *mut size_t) -> c_int {
        let id = crt(crt_)?.issuer_unique_id().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?.to_vec();
        unique_id_out(&id, buf, buf_size)
    }

    pub fn gnutls_x509_crt_get_subject_unique_id(crt_: gnutls_x509_crt_t, buf: *mut c_char, buf_size: *mut size_t) -> c_int {
        let id = crt(crt_)?.subject_unique_id().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?.to_vec();
        unique_id_out(&id, buf, buf_size)
    }

    pub fn gnutls_pem_base64_encode(msg: *const c_char, data: *const gnutls_datum_t, result: *mut c_char, result_size: *mut size_t) -> c_int {
        let text = crate::x509::pem::encode(super::opt_str_arg(msg)?, datum_arg(data)?)?;
        // GnuTLS asks for room for a NUL it does not write.
        copy_out(&text, result as *mut c_void, result_size).inspect_err(|_| {
            if let Some(size) = result_size.as_mut() {
                *size = text.len() + 1;
            }
        })
    }

    pub fn gnutls_pem_base64_encode2(msg: *const c_char, data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let text = crate::x509::pem::encode(super::opt_str_arg(msg)?, datum_arg(data)?)?;
        *borrow(result)? = gnutls_datum_t::copy_of(&text)?;
        Ok(())
    }

    pub fn gnutls_pem_base64_decode(header: *const c_char, b64_data: *const gnutls_datum_t, result: *mut c_uchar, result_size: *mut size_t) -> c_int {
        let bytes = crate::x509::pem::decode(super::opt_str_arg(header)?, datum_arg(b64_data)?)?;
        copy_out(&bytes, result as *mut c_void, result_size)
    }

    pub fn gnutls_pem_base64_decode2(header: *const c_char, b64_data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let bytes = crate::x509::pem::decode(super::opt_str_arg(header)?, datum_arg(b64_data)?)?;
        *borrow(result)? = gnutls_datum_t::copy_of(&bytes)?;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_base64_encode2(data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let text = crate::x509::pem::encode(None, datum_arg(data)?)?;
        *borrow(result)? = gnutls_datum_t::copy_of(&text)?;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_base64_decode2(b64_data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let bytes = crate::x509::pem::decode_raw(datum_arg(b64_data)?)?;
        *borrow(result)? = gnutls_datum_t::copy_of(&bytes)?;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_set_flags(cert: gnutls_x509_crt_t, flags: c_uint) {
        borrow(cert)?.set_flags(flags);
        Ok(())
    }

    pub fn gnutls_x509_crt_print(cert: gnutls_x509_crt_t, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = crate::x509::print::print(crt(cert)?, crate::x509::print::Format::from_gnutls(format));
        *borrow(out)? = gnutls_datum_t::copy_of(&text)?;
        Ok(())
    }
}

// ---- Writing certificates (lib/x509/x509_write.c) ----

/// Runs a setter on a certificate handle.
unsafe fn edit<T>(cert: gnutls_x509_crt_t, f: impl FnOnce(&mut CertificateDraft) -> Result<T, Error>) -> Result<T, Error> {
    borrow(cert)?.edit(f)
}

pub(super) unsafe fn edit_extensions(cert: gnutls_x509_crt_t, change: ExtensionEdit<'_>) -> Result<(), Error> {
    edit(cert, |d| d.edit_extensions(&change))
}

/// `set_dn`'s `err`: where the string stopped parsing.
pub(super) unsafe fn dn_string_error(dn: *const c_char, err: *mut *const c_char, offset: usize) {
    out(err, dn.add(offset));
}

/// The name setters' (oid, raw flag, name, size) arguments; an empty name is refused.
unsafe fn name_args<'a>(oid: *const c_char, name: *const c_void, size: c_uint) -> Result<(&'a str, &'a [u8]), Error> {
    if name.is_null() || size == 0 {
        return Err(Error::INVALID_REQUEST);
    }
    Ok((str_arg(oid)?, bytes_arg(name, size as size_t)?))
}

/// `crt == issuer` is a self-signed certificate: one handle, borrowed once.
unsafe fn sign_with(crt: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t, key: &PrivateKey, dig: gnutls_digest_algorithm_t, flags: c_uint) -> Result<(), Error> {
    let _ = flags;
    if issuer.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    if crt == issuer {
        return borrow(crt)?.sign(None, key, dig);
    }
    let issuer = &*issuer;
    borrow(crt)?.sign(Some(issuer), key, dig)
}

entry! {
    pub fn gnutls_x509_crt_set_version(crt: gnutls_x509_crt_t, version: c_uint) -> c_int {
        edit(crt, |d| d.set_version(version))
    }

    pub fn gnutls_x509_crt_set_issuer_unique_id(cert: gnutls_x509_crt_t, id: *const c_void, id_size: size_t) -> c_int {
        let id = bytes_arg(id, id_size)?;
        edit(cert, |d| d.set_unique_id(true, id))
    }

    pub fn gnutls_x509_crt_set_subject_unique_id(cert: gnutls_x509_crt_t, id: *const c_void, id_size: size_t) -> c_int {
        let id = bytes_arg(id, id_size)?;
        edit(cert, |d| d.set_unique_id(false, id))
    }

    pub fn gnutls_x509_crt_set_serial(cert: gnutls_x509_crt_t, serial: *const c_void, serial_size: size_t) -> c_int {
        let serial = bytes_arg(serial, serial_size)?;
        edit(cert, |d| d.set_serial(serial))
    }

    pub fn gnutls_x509_crt_set_activation_time(cert: gnutls_x509_crt_t, act_time: time_t) -> c_int {
        edit(cert, |d| d.set_activation_time(act_time))
    }

    pub fn gnutls_x509_crt_set_expiration_time(cert: gnutls_x509_crt_t, exp_time: time_t) -> c_int {
        edit(cert, |d| d.set_expiration_time(exp_time))
    }

    pub fn gnutls_x509_crt_set_dn_by_oid(crt: gnutls_x509_crt_t, oid: *const c_char, raw_flag: c_uint, name: *const c_void, sizeof_name: c_uint) -> c_int {
        let (oid, name) = name_args(oid, name, sizeof_name)?;
        edit(crt, |d| append_to_name(d.subject_mut(), oid, raw_flag != 0, name))
    }

    pub fn gnutls_x509_crt_set_issuer_dn_by_oid(crt: gnutls_x509_crt_t, oid: *const c_char, raw_flag: c_uint, name: *const c_void, sizeof_name: c_uint) -> c_int {
        let (oid, name) = name_args(oid, name, sizeof_name)?;
        edit(crt, |d| append_to_name(d.issuer_mut(), oid, raw_flag != 0, name))
    }

    pub fn gnutls_x509_crt_set_dn(crt: gnutls_x509_crt_t, dn: *const c_char, err: *mut *const c_char) -> c_int {
        let text = str_arg(dn)?;
        edit(crt, |d| set_name_from_string(d.subject_mut(), text).map_err(|(e, at)| {
            dn_string_error(dn, err, at);
            e
        }))
    }

    pub fn gnutls_x509_crt_set_issuer_dn(crt: gnutls_x509_crt_t, dn: *const c_char, err: *mut *const c_char) -> c_int {
        let text = str_arg(dn)?;
        edit(crt, |d| set_name_from_string(d.issuer_mut(), text).map_err(|(e, at)| {
            dn_string_error(dn, err, at);
            e
        }))
    }

    pub fn gnutls_x509_crt_set_key(crt: gnutls_x509_crt_t, key: gnutls_x509_privkey_t) -> c_int {
        let spki = spki_of_key(borrow_ref(key)?.key()?)?;
        edit(crt, |d| Ok(d.set_spki(spki)))
    }

    pub fn gnutls_x509_crt_set_pubkey(crt: gnutls_x509_crt_t, key: gnutls_pubkey_t) -> c_int {
        let spki = spki_from_der(borrow_ref(key)?.key()?.spki_der())?;
        edit(crt, |d| Ok(d.set_spki(spki)))
    }

    pub fn gnutls_x509_crt_set_key_usage(crt: gnutls_x509_crt_t, usage: c_uint) -> c_int {
        edit_extensions(crt, ExtensionEdit::KeyUsage(usage))
    }

    pub fn gnutls_x509_crt_set_basic_constraints(crt: gnutls_x509_crt_t, ca: c_uint, path_len_constraint: c_int) -> c_int {
        edit_extensions(crt, ExtensionEdit::BasicConstraints { ca: ca != 0, path_len: path_len_constraint })
    }

    pub fn gnutls_x509_crt_set_ca_status(crt: gnutls_x509_crt_t, ca: c_uint) -> c_int {
        edit_extensions(crt, ExtensionEdit::BasicConstraints { ca: ca != 0, path_len: -1 })
    }

    pub fn gnutls_x509_crt_set_subject_key_id(cert: gnutls_x509_crt_t, id: *const c_void, id_size: size_t) -> c_int {
        edit_extensions(cert, ExtensionEdit::SubjectKeyId(bytes_arg(id, id_size)?))
    }

    pub fn gnutls_x509_crt_set_authority_key_id(cert: gnutls_x509_crt_t, id: *const c_void, id_size: size_t) -> c_int {
        edit_extensions(cert, ExtensionEdit::AuthorityKeyId(bytes_arg(id, id_size)?))
    }

    /// Text names only (DNS name, e-mail, URI), replacing those set before.
    pub fn gnutls_x509_crt_set_subject_alternative_name(crt: gnutls_x509_crt_t, type_: gnutls_x509_subject_alt_name_t, data_string: *const c_char) -> c_int {
        if !matches!(type_, GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME | GNUTLS_SAN_URI) {
            return Err(Error::INVALID_REQUEST);
        }
        let data = str_arg(data_string)?.as_bytes();
        edit_extensions(crt, ExtensionEdit::AltName { kind: type_, data, append: false })
    }

    pub fn gnutls_x509_crt_set_subject_alt_name(crt: gnutls_x509_crt_t, type_: gnutls_x509_subject_alt_name_t, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let data = bytes_arg(data, data_size as size_t)?;
        edit_extensions(crt, ExtensionEdit::AltName { kind: type_, data, append: flags == FSAN_APPEND })
    }

    pub fn gnutls_x509_crt_set_issuer_alt_name(crt: gnutls_x509_crt_t, type_: gnutls_x509_subject_alt_name_t, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let data = bytes_arg(data, data_size as size_t)?;
        edit_extensions(crt, ExtensionEdit::IssuerAltName { kind: type_, data, append: flags & FSAN_APPEND != 0 })
    }

    /// A proxy certificate's subject: the end-entity certificate's, and a CN when a name is given.
    // divergence: GnuTLS 3.7.9 fails a second call with GNUTLS_E_ASN1_TAG_ERROR and leaves no
    // subject; here each call replaces the subject.
    pub fn gnutls_x509_crt_set_proxy_dn(crt: gnutls_x509_crt_t, eecrt: gnutls_x509_crt_t, raw_flag: c_uint, name: *const c_void, sizeof_name: c_uint) -> c_int {
        let subject = <x509_cert::name::Name as der::Decode>::from_der(&self::crt(eecrt)?.subject_raw()).map_err(Error::from_der)?;
        let cn = if name.is_null() || sizeof_name == 0 { None } else { Some(bytes_arg(name, sizeof_name as size_t)?) };
        edit(crt, |d| {
            let mut new = subject.clone();
            if let Some(cn) = cn {
                append_to_name(&mut new, "2.5.4.3", raw_flag != 0, cn)?;
            }
            *d.subject_mut() = new;
            Ok(())
        })
    }

    pub fn gnutls_x509_crt_set_key_purpose_oid(cert: gnutls_x509_crt_t, oid: *const c_void, critical: c_uint) -> c_int {
        let oid = str_arg(oid as *const c_char)?;
        edit_extensions(cert, ExtensionEdit::KeyPurpose { oid, critical: critical != 0 })
    }

    pub fn gnutls_x509_crt_set_extension_by_oid(crt: gnutls_x509_crt_t, oid: *const c_char, buf: *const c_void, sizeof_buf: size_t, critical: c_uint) -> c_int {
        let oid = str_arg(oid)?;
        edit_extensions(crt, ExtensionEdit::Raw { oid, value: bytes_arg(buf, sizeof_buf)?, critical: critical != 0 })
    }

    /// The key's algorithm, and an RSA-PSS key's digest and salt size; a key without
    /// RSA-PSS parameters is GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE (with the algorithm set).
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_get_spki(cert: gnutls_x509_crt_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let c = crt(cert)?;
        let target = borrow(spki)?;
        target.pk = c.pk_algorithm().0 as gnutls_pk_algorithm_t;
        let (dig, salt) = c.spki_pss_params().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        target.rsa_pss_dig = dig as gnutls_digest_algorithm_t;
        target.salt_size = salt;
        Ok(())
    }

    /// `src`'s CRL distribution points extension, as it is (and as critical), into `dst`;
    /// without one, the getter's GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn gnutls_x509_crt_cpy_crl_dist_points(dst: gnutls_x509_crt_t, src: gnutls_x509_crt_t) -> c_int {
        let (value, critical) = crt(src)?.extension_by_oid("2.5.29.31", 0)?;
        edit_extensions(dst, ExtensionEdit::Raw { oid: "2.5.29.31", value: &value, critical })
    }

    pub fn gnutls_x509_crt_set_crl_dist_points(crt: gnutls_x509_crt_t, type_: gnutls_x509_subject_alt_name_t, data_string: *const c_void, reason_flags: c_uint) -> c_int {
        let data = str_arg(data_string as *const c_char)?.as_bytes();
        edit_extensions(crt, ExtensionEdit::CrlDistPoint { kind: type_, data, reasons: reason_flags })
    }

    pub fn gnutls_x509_crt_set_crl_dist_points2(crt: gnutls_x509_crt_t, type_: gnutls_x509_subject_alt_name_t, data: *const c_void, data_size: c_uint, reason_flags: c_uint) -> c_int {
        let data = bytes_arg(data, data_size as size_t)?;
        edit_extensions(crt, ExtensionEdit::CrlDistPoint { kind: type_, data, reasons: reason_flags })
    }

    pub fn gnutls_x509_crt_set_private_key_usage_period(crt: gnutls_x509_crt_t, activation: time_t, expiration: time_t) -> c_int {
        edit_extensions(crt, ExtensionEdit::PrivateKeyUsagePeriod { activation, expiration })
    }

    /// Signs with the hash GnuTLS 3.7.9 picks for the issuer's key (SHA-256 for RSA).
    pub fn gnutls_x509_crt_sign(crt: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_x509_privkey_t) -> c_int {
        sign_with(crt, issuer, borrow_ref(issuer_key)?.key()?, GNUTLS_DIG_UNKNOWN, 0)
    }

    // divergence: RSA with SHA-1 and any MD5 signature are refused with
    // GNUTLS_E_UNWANTED_ALGORITHM (the provider does not make them); GnuTLS 3.7.9 signs them.
    pub fn gnutls_x509_crt_sign2(crt: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_x509_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        sign_with(crt, issuer, borrow_ref(issuer_key)?.key()?, dig, flags)
    }

    pub fn gnutls_x509_crt_privkey_sign(crt: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        sign_with(crt, issuer, borrow_ref(issuer_key)?.key()?, dig, flags)
    }

    /// The subject and key of a request whose self-signature holds.
    pub fn gnutls_x509_crt_set_crq(crt: gnutls_x509_crt_t, crq: gnutls_x509_crq_t) -> c_int {
        let request = borrow_ref(crq)?;
        request.verify()?;
        let (subject, spki) = (request.subject_name().clone(), request.spki()?.clone());
        edit(crt, |d| {
            *d.subject_mut() = subject;
            d.set_spki(spki);
            Ok(())
        })
    }

    pub fn gnutls_x509_crt_set_crq_extensions(crt: gnutls_x509_crt_t, crq: gnutls_x509_crq_t) -> c_int {
        let extensions = borrow_ref(crq)?.extensions().to_vec();
        edit(crt, |d| Ok(d.put_extensions(&extensions)))
    }
}

entry! {
    /// The request's extension(s) of this OID (all with a NULL OID) copied into the
    /// certificate, criticality kept; none there is success.
    pub fn gnutls_x509_crt_set_crq_extension_by_oid(crt: gnutls_x509_crt_t, crq: gnutls_x509_crq_t, oid: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        let wanted = if oid.is_null() { None } else { Some(str_arg(oid)?) };
        let extensions: Vec<_> = borrow_ref(crq)?
            .extensions()
            .iter()
            .filter(|e| wanted.is_none_or(|w| e.extn_id.to_string() == w))
            .cloned()
            .collect();
        edit(crt, |d| {
            d.put_extensions(&extensions);
            Ok(())
        })
    }

    pub fn gnutls_x509_crt_set_subject_alt_othername(crt: gnutls_x509_crt_t, oid: *const c_char, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let type_id = str_arg(oid)?;
        let value = othername_value(flags, bytes_arg(data, data_size as size_t)?)?;
        edit_extensions(crt, ExtensionEdit::OtherName { issuer: false, type_id, value: &value, append: flags & FSAN_APPEND != 0 })
    }

    pub fn gnutls_x509_crt_set_issuer_alt_othername(crt: gnutls_x509_crt_t, oid: *const c_char, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let type_id = str_arg(oid)?;
        let value = othername_value(flags, bytes_arg(data, data_size as size_t)?)?;
        edit_extensions(crt, ExtensionEdit::OtherName { issuer: true, type_id, value: &value, append: flags & FSAN_APPEND != 0 })
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_set_spki(crt: gnutls_x509_crt_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let s = borrow_ref(spki)?;
        let wanted = (s.pk, s.rsa_pss_dig, s.salt_size);
        edit(crt, |d| {
            let changed = spki_with_pss(d.spki(), wanted)?;
            d.set_spki(changed);
            Ok(())
        })
    }

    /// The hash GnuTLS prefers for the certificate's key, and whether it must be that one.
    pub fn gnutls_x509_crt_get_preferred_hash_algorithm(arg0: gnutls_x509_crt_t, arg1: *mut gnutls_digest_algorithm_t, arg2: *mut c_uint) -> c_int {
        let (hash, mandatory) = super::abstract_keys::public_key_of(crt(arg0)?)?.preferred_hash();
        out(arg1, hash);
        out(arg2, mandatory as c_uint);
        Ok(())
    }

    /// 0, or GnuTLS's positive GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE for a key whose usage
    /// excludes signing; a bad signature, an expired or not yet valid certificate fail.
    pub fn gnutls_x509_crt_verify_data2(crt_: gnutls_x509_crt_t, algo: gnutls_sign_algorithm_t, flags: c_uint, data: *const gnutls_datum_t, signature: *const gnutls_datum_t) -> c_int {
        crate::keys::handles::check_verify_flags(flags)?;
        let scheme = crate::keys::Scheme::from_gnutls(algo)?;
        let now = crate::global::now();
        crt(crt_)?.verify_data(scheme, datum_arg(data)?, datum_arg(signature)?, flags, now)
    }

    /// The virtual type is written before the value is decoded, as GnuTLS does.
    pub fn gnutls_x509_othername_to_virtual(oid: *const c_char, othername: *const gnutls_datum_t, virt_type: *mut c_uint, virt: *mut gnutls_datum_t) -> c_int {
        let oid = str_arg(oid)?;
        out(virt_type, crate::x509::ext::othername_virtual_type(oid)?);
        let (_, text) = crate::x509::ext::othername_to_virtual(oid, datum_arg(othername)?)?;
        datum_out(virt, &text)
    }

    pub fn gnutls_x509_cidr_to_rfc5280(cidr: *const c_char, cidr_rfc5280: *mut gnutls_datum_t) -> c_int {
        let range = crate::x509::build::cidr_to_rfc5280(str_arg(cidr)?)?;
        datum_out(cidr_rfc5280, &range)
    }
}
