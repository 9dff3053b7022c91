//! Distinguished names (GnuTLS manual: "X.509 certificate API", the `gnutls_x509_dn_*` and
//! `gnutls_x509_rdn_*` functions).

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::types::*;
use crate::constants::gnutls_x509_crt_fmt_t;
use super::{borrow, borrow_ref, copy_out, datum_arg, free_handle, new_handle, str_arg};
use crate::errors::Error;
use crate::x509::dn::{oid_known, oid_name, Dn};
use crate::x509::pem;

/// `_gnutls_strdatum_to_buf`: text with its NUL, the size without it; the needed size
/// (with the NUL) and GNUTLS_E_SHORT_MEMORY_BUFFER when it does not fit.
pub(crate) unsafe fn text_out(text: &[u8], buf: *mut c_void, buf_size: *mut size_t) -> Result<(), Error> {
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

/// A DN's text into a new datum (freed with gnutls_free).
pub(crate) unsafe fn text_datum(text: &str, out: *mut gnutls_datum_t) -> Result<(), Error> {
    let out = borrow(out)?;
    *out = gnutls_datum_t::copy_of(text.as_bytes())?;
    Ok(())
}

fn export(dn: &Dn, pem_format: bool) -> Vec<u8> {
    if pem_format {
        crate::x509::core::pem_encode("NAME", dn.der()).into_bytes()
    } else {
        dn.der().to_vec()
    }
}

entry! {
    pub fn gnutls_x509_dn_init(dn: *mut gnutls_x509_dn_t) -> c_int {
        new_handle(dn, Dn::default())
    }

    pub fn gnutls_x509_dn_deinit(dn: gnutls_x509_dn_t) {
        free_handle(dn);
        Ok(())
    }

    pub fn gnutls_x509_dn_import(dn: gnutls_x509_dn_t, data: *const gnutls_datum_t) -> c_int {
        let dn = borrow(dn)?;
        *dn = Dn::from_der(datum_arg(data)?)?;
        Ok(())
    }

    pub fn gnutls_x509_dn_export(
        dn: gnutls_x509_dn_t,
        format: gnutls_x509_crt_fmt_t,
        output_data: *mut c_void,
        output_data_size: *mut size_t,
    ) -> c_int {
        copy_out(&export(borrow_ref(dn)?, pem(format)?), output_data, output_data_size)
    }

    pub fn gnutls_x509_dn_export2(dn: gnutls_x509_dn_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        let data = export(borrow_ref(dn)?, pem(format)?);
        *borrow(out)? = gnutls_datum_t::copy_of(&data)?;
        Ok(())
    }

    pub fn gnutls_x509_dn_get_str(dn: gnutls_x509_dn_t, str_: *mut gnutls_datum_t) -> c_int {
        text_datum(&borrow_ref(dn)?.to_text(crate::x509::dn::GNUTLS_X509_DN_FLAG_COMPAT)?, str_)
    }

    pub fn gnutls_x509_dn_get_str2(dn: gnutls_x509_dn_t, str_: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&borrow_ref(dn)?.to_text(flags)?, str_)
    }

    /// The attribute points into the DN object, as GnuTLS's does: valid while it lives.
    pub fn gnutls_x509_dn_get_rdn_ava(dn: gnutls_x509_dn_t, irdn: c_int, iava: c_int, ava: *mut gnutls_x509_ava_st) -> c_int {
        let dn = borrow_ref(dn)?;
        let out = borrow(ava)?;
        let (Ok(irdn), Ok(iava)) = (usize::try_from(irdn), usize::try_from(iava)) else {
            return Err(Error::new(crate::constants::GNUTLS_E_ASN1_ELEMENT_NOT_FOUND));
        };
        let a = dn.ava(irdn, iava)?;
        out.oid = gnutls_datum_t::pointing_at(&a.oid_c[..a.oid_c.len() - 1]);
        out.value = gnutls_datum_t::pointing_at(&a.value);
        out.value_tag = a.tag as libc::c_ulong;
        Ok(())
    }

    /// The string's components appended to what the DN holds, as GnuTLS does; `err` is
    /// where parsing stopped (on success, the end of the first component).
    pub fn gnutls_x509_dn_set_str(dn: gnutls_x509_dn_t, str_: *const c_char, err: *mut *const c_char) -> c_int {
        let dn = borrow(dn)?;
        let text = str_arg(str_)?;
        let mut name = dn.name()?;
        match crate::x509::build::append_name_string(&mut name, text) {
            Ok(at) => {
                if let Some(at) = at {
                    super::x509::dn_string_error(str_, err, at);
                }
                *dn = Dn::from_name(&name)?;
                Ok(())
            }
            Err((e, at)) => {
                super::x509::dn_string_error(str_, err, at);
                Err(e)
            }
        }
    }

    pub fn gnutls_x509_dn_oid_known(oid: *const c_char) -> c_int {
        Ok(oid_known(str_arg(oid)?) as c_int)
    }

    /// The LDAP name of a DN attribute; without one, the OID itself with
    /// GNUTLS_X509_DN_OID_RETURN_OID, else NULL.
    pub fn gnutls_x509_dn_oid_name(oid: *const c_char, flags: c_uint) -> *const c_char {
        let text = str_arg(oid)?;
        match oid_name(text) {
            Some(name) => Ok(name.as_ptr()),
            None if flags & crate::x509::dn::GNUTLS_X509_DN_OID_RETURN_OID != 0 => Ok(oid),
            None => Err(Error::REQUESTED_DATA_NOT_AVAILABLE),
        }
    }

    pub fn gnutls_x509_rdn_get(idn: *const gnutls_datum_t, buf: *mut c_char, sizeof_buf: *mut size_t) -> c_int {
        let text = Dn::from_der(datum_arg(idn)?)?.to_text(crate::x509::dn::GNUTLS_X509_DN_FLAG_COMPAT)?;
        string_out(text.as_bytes(), buf as *mut c_void, sizeof_buf)
    }

    pub fn gnutls_x509_rdn_get2(idn: *const gnutls_datum_t, str_: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&Dn::from_der(datum_arg(idn)?)?.to_text(flags)?, str_)
    }

    pub fn gnutls_x509_rdn_get_by_oid(
        idn: *const gnutls_datum_t,
        oid: *const c_char,
        indx: c_uint,
        raw_flag: c_uint,
        buf: *mut c_void,
        sizeof_buf: *mut size_t,
    ) -> c_int {
        let dn = Dn::from_der(datum_arg(idn)?)?;
        text_out(&dn.by_oid(str_arg(oid)?, indx as usize, raw_flag != 0)?, buf, sizeof_buf)
    }

    pub fn gnutls_x509_rdn_get_oid(idn: *const gnutls_datum_t, indx: c_uint, buf: *mut c_void, sizeof_buf: *mut size_t) -> c_int {
        let dn = Dn::from_der(datum_arg(idn)?)?;
        oid_out(dn.oid_at(indx as usize)?, buf, sizeof_buf)
    }
}

/// `_gnutls_copy_string`: like `text_out`, but a NULL buffer with room is success.
pub(crate) unsafe fn string_out(text: &[u8], buf: *mut c_void, buf_size: *mut size_t) -> Result<(), Error> {
    let size = buf_size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if *size < text.len() + 1 {
        *size = text.len() + 1;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    if !buf.is_null() {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, text.len());
        *(buf as *mut u8).add(text.len()) = 0;
    }
    *size = text.len();
    Ok(())
}

/// `_gnutls_x509_get_dn_oid`'s copy: the OID with its NUL; the size counts the NUL when
/// the buffer is too small and not on success.
pub(crate) unsafe fn oid_out(oid: &str, buf: *mut c_void, buf_size: *mut size_t) -> Result<(), Error> {
    text_out(oid.as_bytes(), buf, buf_size)
}
