//! X.509 CRL objects (GnuTLS manual: "X.509 certificate revocation lists"): imported,
//! read back, printed, verified against CAs, checked against certificates, and written and
//! signed.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t, time_t};

use super::ctypes::gnutls_x509_crl_iter_t;
use super::types::*;
use super::x509::{asn1_oid_out, crt, crts, data_out, name_out};
use super::x509_dn::{oid_out, text_datum, text_out};
use super::{borrow, borrow_ref, bytes_arg, datum_arg, export_out, free_handle, new_handle, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::x509::crl::{import_list, revoked_by_any, Crl, ListImport};
use crate::x509::{gnutls_x509_crl_int, gnutls_x509_crl_iter, pem};

/// The CRL behind a handle; an empty handle is `GNUTLS_E_INVALID_REQUEST`.
unsafe fn crl_of<'a>(p: gnutls_x509_crl_t) -> Result<&'a Crl, Error> {
    borrow(p)?.crl()
}

/// The CRLs behind a C array of handles.
pub(crate) unsafe fn crls_of<'a>(list: *const gnutls_x509_crl_t, n: c_uint) -> Result<Vec<&'a Crl>, Error> {
    if n > 0 && list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n as usize).map(|i| crl_of(*list.add(i))).collect()
}

/// One revoked certificate's serial number into the caller's buffer (libtasn1's
/// convention), and its revocation time.
unsafe fn revoked_out(crl: &Crl, index: usize, serial: *mut c_uchar, serial_size: *mut size_t, t: *mut time_t) -> Result<(), Error> {
    let r = crl.revoked().get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    data_out(&r.serial, serial as *mut c_void, serial_size)?;
    out(t, r.time as time_t);
    Ok(())
}

entry! {
    pub fn gnutls_x509_crl_init(crl: *mut gnutls_x509_crl_t) -> c_int {
        new_handle(crl, gnutls_x509_crl_int::default())
    }

    pub fn gnutls_x509_crl_deinit(crl: gnutls_x509_crl_t) {
        free_handle(crl);
        Ok(())
    }

    /// Imports a CRL (the first "X509 CRL" block of PEM data).
    pub fn gnutls_x509_crl_import(crl: gnutls_x509_crl_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        // GnuTLS reads anything but PEM as DER.
        borrow(crl)?.import(datum_arg(data)?, format == GNUTLS_X509_FMT_PEM)
    }

    pub fn gnutls_x509_crl_export(crl: gnutls_x509_crl_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        export_out(pem, &crl_of(crl)?.export(pem), output_data, output_data_size)
    }

    pub fn gnutls_x509_crl_export2(crl: gnutls_x509_crl_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        let bytes = crl_of(crl)?.export(pem(format)?);
        *borrow(out)? = gnutls_datum_t::copy_of(&bytes)?;
        Ok(())
    }

    /// The issuer DN's DER, copied for the caller (`gnutls_free`).
    pub fn gnutls_x509_crl_get_raw_issuer_dn(crl: gnutls_x509_crl_t, dn: *mut gnutls_datum_t) -> c_int {
        let c = crl_of(crl)?;
        *borrow(dn)? = gnutls_datum_t::copy_of(c.issuer_raw())?;
        Ok(())
    }

    pub fn gnutls_x509_crl_get_issuer_dn(crl: gnutls_x509_crl_t, buf: *mut c_char, sizeof_buf: *mut size_t) -> c_int {
        let dn = crl_of(crl)?.issuer().to_text(crate::x509::dn::GNUTLS_X509_DN_FLAG_COMPAT)?;
        text_out(dn.as_bytes(), buf as *mut c_void, sizeof_buf)
    }

    pub fn gnutls_x509_crl_get_issuer_dn2(crl: gnutls_x509_crl_t, dn: *mut gnutls_datum_t) -> c_int {
        text_datum(&crl_of(crl)?.issuer().to_text(crate::x509::dn::GNUTLS_X509_DN_FLAG_COMPAT)?, dn)
    }

    pub fn gnutls_x509_crl_get_issuer_dn3(crl: gnutls_x509_crl_t, dn: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&crl_of(crl)?.issuer().to_text(flags)?, dn)
    }

    pub fn gnutls_x509_crl_get_issuer_dn_by_oid(
        crl: gnutls_x509_crl_t,
        oid: *const c_char,
        indx: c_uint,
        raw_flag: c_uint,
        buf: *mut c_void,
        sizeof_buf: *mut size_t,
    ) -> c_int {
        let c = crl_of(crl)?;
        text_out(&c.issuer().by_oid(str_arg(oid)?, indx as usize, raw_flag != 0)?, buf, sizeof_buf)
    }

    pub fn gnutls_x509_crl_get_dn_oid(crl: gnutls_x509_crl_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t) -> c_int {
        oid_out(crl_of(crl)?.issuer().oid_at(indx as usize)?, oid, sizeof_oid)
    }

    /// GNUTLS_SIGN_UNKNOWN (0) for algorithms GnuTLS does not know, never an error code.
    pub fn gnutls_x509_crl_get_signature_algorithm(crl: gnutls_x509_crl_t) -> c_int {
        Ok(crl_of(crl).map_or(GNUTLS_SIGN_UNKNOWN, Crl::signature_algorithm) as c_int)
    }

    pub fn gnutls_x509_crl_get_signature_oid(crl: gnutls_x509_crl_t, oid: *mut c_char, oid_size: *mut size_t) -> c_int {
        asn1_oid_out(&crl_of(crl)?.signature_oid(), oid as *mut c_void, oid_size)
    }

    /// As GnuTLS: a buffer too small gets GNUTLS_E_SHORT_MEMORY_BUFFER and the size needed;
    /// on success `*sizeof_sig` is left as it was.
    pub fn gnutls_x509_crl_get_signature(crl: gnutls_x509_crl_t, sig: *mut c_char, sizeof_sig: *mut size_t) -> c_int {
        let signature = crl_of(crl)?.signature()?;
        let size = borrow(sizeof_sig)?;
        if *size < signature.len() {
            *size = signature.len();
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        if !sig.is_null() {
            std::ptr::copy_nonoverlapping(signature.as_ptr(), sig as *mut u8, signature.len());
        }
        Ok(())
    }

    pub fn gnutls_x509_crl_get_version(crl: gnutls_x509_crl_t) -> c_int {
        Ok(crl_of(crl)?.version())
    }

    pub fn gnutls_x509_crl_get_this_update(crl: gnutls_x509_crl_t) -> time_t {
        Ok(crl_of(crl)?.this_update() as time_t)
    }

    /// `(time_t)-1` when the CRL has no next update time.
    pub fn gnutls_x509_crl_get_next_update(crl: gnutls_x509_crl_t) -> time_t {
        Ok(crl_of(crl)?.next_update().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)? as time_t)
    }

    pub fn gnutls_x509_crl_get_crt_count(crl: gnutls_x509_crl_t) -> c_int {
        Ok(crl_of(crl)?.revoked().len() as c_int)
    }

    pub fn gnutls_x509_crl_get_crt_serial(crl: gnutls_x509_crl_t, indx: c_uint, serial: *mut c_uchar, serial_size: *mut size_t, t: *mut time_t) -> c_int {
        revoked_out(crl_of(crl)?, indx as usize, serial, serial_size, t)
    }

    /// Like `get_crt_serial`, in order, keeping the position in `*iter` (allocated on the
    /// first call, freed with `gnutls_x509_crl_iter_deinit`); past the last one
    /// GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, and the iterator starts again.
    pub fn gnutls_x509_crl_iter_crt_serial(crl: gnutls_x509_crl_t, arg1: *mut gnutls_x509_crl_iter_t, serial: *mut c_uchar, serial_size: *mut size_t, t: *mut time_t) -> c_int {
        let c = crl_of(crl)?;
        let iter = borrow(arg1)?;
        if iter.is_null() {
            *iter = Box::into_raw(Box::new(gnutls_x509_crl_iter::default()));
        }
        let state = borrow(*iter)?;
        if state.next >= c.revoked().len() {
            state.next = 0;
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        revoked_out(c, state.next, serial, serial_size, t)?;
        state.next += 1;
        Ok(())
    }

    pub fn gnutls_x509_crl_iter_deinit(arg0: gnutls_x509_crl_iter_t) {
        free_handle(arg0);
        Ok(())
    }

    /// The key identifier of the authority key identifier extension; an extension with only
    /// an issuer name and serial is GNUTLS_E_X509_UNSUPPORTED_EXTENSION.
    pub fn gnutls_x509_crl_get_authority_key_id(crl: gnutls_x509_crl_t, id: *mut c_void, id_size: *mut size_t, critical: *mut c_uint) -> c_int {
        let (aki, is_critical) = crl_of(crl)?.authority_key_id()?;
        out(critical, is_critical as c_uint);
        let key_id = aki.id.ok_or(Error::new(GNUTLS_E_X509_UNSUPPORTED_EXTENSION))?;
        data_out(&key_id, id, id_size)
    }

    /// The authority key identifier's issuer name number `seq` and serial number.
    pub fn gnutls_x509_crl_get_authority_key_gn_serial(
        crl: gnutls_x509_crl_t,
        seq: c_uint,
        alt: *mut c_void,
        alt_size: *mut size_t,
        alt_type: *mut c_uint,
        serial: *mut c_void,
        serial_size: *mut size_t,
        critical: *mut c_uint,
    ) -> c_int {
        let (aki, is_critical) = crl_of(crl)?.authority_key_id()?;
        out(critical, is_critical as c_uint);
        let name = aki.issuer.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(alt_type, name.kind);
        name_out(name, alt, alt_size)?;
        if !serial.is_null() {
            let number = aki.serial.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
            data_out(number, serial, serial_size)?;
        }
        Ok(())
    }

    /// The CRL number's bytes. Without a buffer GnuTLS takes the size as 0, so the answer is
    /// GNUTLS_E_SHORT_MEMORY_BUFFER with the size needed.
    pub fn gnutls_x509_crl_get_number(crl: gnutls_x509_crl_t, ret: *mut c_void, ret_size: *mut size_t, critical: *mut c_uint) -> c_int {
        let c = crl_of(crl)?;
        let size = borrow(ret_size)?;
        super::clear_output(ret, size);
        let (number, is_critical) = c.number()?;
        out(critical, is_critical as c_uint);
        data_out(&number, ret, size)
    }

    pub fn gnutls_x509_crl_get_extension_info(crl: gnutls_x509_crl_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t, critical: *mut c_uint) -> c_int {
        let e = crl_of(crl)?.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        asn1_oid_out(&e.oid, oid, sizeof_oid)?;
        out(critical, e.critical as c_uint);
        Ok(())
    }

    pub fn gnutls_x509_crl_get_extension_oid(crl: gnutls_x509_crl_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t) -> c_int {
        let e = crl_of(crl)?.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        text_out(e.oid.as_bytes(), oid, sizeof_oid)
    }

    /// With a NULL buffer GnuTLS answers 0 and the size needed.
    pub fn gnutls_x509_crl_get_extension_data(crl: gnutls_x509_crl_t, indx: c_uint, data: *mut c_void, sizeof_data: *mut size_t) -> c_int {
        let e = crl_of(crl)?.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if data.is_null() {
            *borrow(sizeof_data)? = e.value.len();
            return Ok(());
        }
        data_out(&e.value, data, sizeof_data)
    }

    pub fn gnutls_x509_crl_get_extension_data2(crl: gnutls_x509_crl_t, indx: c_uint, data: *mut gnutls_datum_t) -> c_int {
        let e = crl_of(crl)?.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        *borrow(data)? = gnutls_datum_t::copy_of(&e.value)?;
        Ok(())
    }

    /// Imports up to `*crl_max` CRLs into new handles; returns how many, or
    /// GNUTLS_E_SHORT_MEMORY_BUFFER with the count in `*crl_max` when they do not fit and
    /// the flags say GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED (or DER got no room).
    pub fn gnutls_x509_crl_list_import(crls: *mut gnutls_x509_crl_t, crl_max: *mut c_uint, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        let max = borrow(crl_max)?;
        let fail_if_exceed = flags & GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED != 0;
        match import_list(datum_arg(data)?, format == GNUTLS_X509_FMT_PEM, *max as usize, fail_if_exceed)? {
            ListImport::Exceeded(n) => {
                *max = n as c_uint;
                Err(Error::SHORT_MEMORY_BUFFER)
            }
            ListImport::Read(list) => {
                if crls.is_null() && !list.is_empty() {
                    return Err(Error::INVALID_REQUEST);
                }
                let n = list.len();
                for (i, c) in list.into_iter().enumerate() {
                    *crls.add(i) = Box::into_raw(Box::new(gnutls_x509_crl_int::new(c)));
                }
                *max = n as c_uint;
                Ok(n as c_int)
            }
        }
    }

    /// Every CRL of the data, in a new array (freed by the caller with `gnutls_free`).
    pub fn gnutls_x509_crl_list_import2(crls: *mut *mut gnutls_x509_crl_t, size: *mut c_uint, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        let _ = flags;
        let (crls, size) = (borrow(crls)?, borrow(size)?);
        let ListImport::Read(list) = import_list(datum_arg(data)?, format == GNUTLS_X509_FMT_PEM, usize::MAX, false)? else {
            return Err(Error::INTERNAL);
        };
        let n = list.len();
        *crls = super::handle_array(list.into_iter().map(gnutls_x509_crl_int::new).collect(), false)?;
        *size = n as c_uint;
        Ok(())
    }

    /// Whether the CRL's issuer name is this certificate's subject.
    pub fn gnutls_x509_crl_check_issuer(crl: gnutls_x509_crl_t, issuer: gnutls_x509_crt_t) -> c_uint {
        Ok(crl_of(crl)?.issued_by(crt(issuer)?) as c_uint)
    }

    /// The CRL's status against these CAs (signature, issuer's CA and CRL-signing rights,
    /// dates), now.
    pub fn gnutls_x509_crl_verify(crl: gnutls_x509_crl_t, trusted_cas: *const gnutls_x509_crt_t, tcas_size: c_uint, flags: c_uint, verify: *mut c_uint) -> c_int {
        let status = crl_of(crl)?.verify(&crts(trusted_cas, tcas_size)?, flags, crate::global::now());
        out(verify, status);
        Ok(())
    }

    /// In GnuTLS's layout; every format but GNUTLS_CRT_PRINT_UNSIGNED_FULL prints in full.
    pub fn gnutls_x509_crl_print(crl: gnutls_x509_crl_t, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = crate::x509::print::print_crl(crl_of(crl)?, crate::x509::print::Format::from_gnutls(format));
        *borrow(out)? = gnutls_datum_t::copy_of(&text)?;
        Ok(())
    }

}

// Writing CRLs: the setters fill the object's draft, the signature makes it the CRL.
entry! {
    pub fn gnutls_x509_crl_set_version(crl: gnutls_x509_crl_t, version: c_uint) -> c_int {
        borrow(crl)?.draft().set_version(version);
        Ok(())
    }

    pub fn gnutls_x509_crl_set_this_update(crl: gnutls_x509_crl_t, act_time: time_t) -> c_int {
        borrow(crl)?.draft().set_this_update(act_time as i64);
        Ok(())
    }

    pub fn gnutls_x509_crl_set_next_update(crl: gnutls_x509_crl_t, exp_time: time_t) -> c_int {
        borrow(crl)?.draft().set_next_update(exp_time as i64);
        Ok(())
    }

    pub fn gnutls_x509_crl_set_crt_serial(crl: gnutls_x509_crl_t, serial: *const c_void, serial_size: size_t, revocation_time: time_t) -> c_int {
        let serial = bytes_arg(serial, serial_size)?;
        borrow(crl)?.draft().add_revoked(serial, revocation_time as i64)
    }

    pub fn gnutls_x509_crl_set_crt(crl: gnutls_x509_crl_t, crt_: gnutls_x509_crt_t, revocation_time: time_t) -> c_int {
        let serial = crt(crt_)?.serial();
        borrow(crl)?.draft().add_revoked(&serial, revocation_time as i64)
    }

    pub fn gnutls_x509_crl_set_authority_key_id(crl: gnutls_x509_crl_t, id: *const c_void, id_size: size_t) -> c_int {
        let id = bytes_arg(id, id_size)?;
        borrow(crl)?.draft().set_authority_key_id(id)
    }

    pub fn gnutls_x509_crl_set_number(crl: gnutls_x509_crl_t, nr: *const c_void, nr_size: size_t) -> c_int {
        let nr = bytes_arg(nr, nr_size)?;
        borrow(crl)?.draft().set_number(nr)
    }

    /// Signs with the issuer's key, the issuer's subject becoming the CRL's issuer; the
    /// digest GNUTLS_DIG_UNKNOWN picks the key's preferred one. RSA-PSS is not offered.
    pub fn gnutls_x509_crl_privkey_sign(crl: gnutls_x509_crl_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        let _ = flags;
        let key = borrow_ref(issuer_key as *const crate::keys::gnutls_privkey_st)?.key()?;
        borrow(crl)?.sign(crt(issuer)?, key, dig)
    }

    pub fn gnutls_x509_crl_sign2(crl: gnutls_x509_crl_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_x509_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        let _ = flags;
        let key = borrow_ref(issuer_key as *const crate::keys::gnutls_x509_privkey_int)?.key()?;
        borrow(crl)?.sign(crt(issuer)?, key, dig)
    }

    pub fn gnutls_x509_crl_sign(crl: gnutls_x509_crl_t, issuer: gnutls_x509_crt_t, issuer_key: gnutls_x509_privkey_t) -> c_int {
        let key = borrow_ref(issuer_key as *const crate::keys::gnutls_x509_privkey_int)?.key()?;
        borrow(crl)?.sign(crt(issuer)?, key, GNUTLS_DIG_UNKNOWN)
    }
}

entry! {
    /// 1 when one of the CRLs (taken as verified) lists the certificate, 0 when none does.
    pub fn gnutls_x509_crt_check_revocation(cert: gnutls_x509_crt_t, crl_list: *const gnutls_x509_crl_t, crl_list_length: c_uint) -> c_int {
        Ok(revoked_by_any(crt(cert)?, &crls_of(crl_list, crl_list_length)?) as c_int)
    }
}
