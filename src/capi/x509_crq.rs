//! Certificate requests (GnuTLS manual: "X.509 certificate API", `gnutls_x509_crq_*`) over
//! `crate::x509::request`.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t};

use super::types::*;
use super::x509::dn_string_error;
use super::x509_dn::{text_datum, text_out};
use super::{borrow, borrow_ref, bytes_arg, copy_out, datum_arg, datum_out, free_handle, new_handle, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::x509::build::{FSAN_APPEND, spki_from_der, spki_of_key, ExtensionEdit};
use crate::x509::pem;
use crate::x509::request::gnutls_x509_crq_int;

pub(super) unsafe fn edit_extensions(crq: gnutls_x509_crq_t, change: ExtensionEdit<'_>) -> Result<(), Error> {
    borrow(crq)?.edit_extensions(&change)
}

entry! {
    pub fn gnutls_x509_crq_init(crq: *mut gnutls_x509_crq_t) -> c_int {
        new_handle(crq, gnutls_x509_crq_int::default())
    }

    pub fn gnutls_x509_crq_deinit(crq: gnutls_x509_crq_t) {
        free_handle(crq);
        Ok(())
    }

    pub fn gnutls_x509_crq_import(crq: gnutls_x509_crq_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        borrow(crq)?.import(datum_arg(data)?, pem(format)?)
    }

    pub fn gnutls_x509_crq_export(crq: gnutls_x509_crq_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        copy_out(&borrow_ref(crq)?.export(pem(format)?)?, output_data, output_data_size)
    }

    pub fn gnutls_x509_crq_export2(crq: gnutls_x509_crq_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &borrow_ref(crq)?.export(pem(format)?)?)
    }

    pub fn gnutls_x509_crq_set_version(crq: gnutls_x509_crq_t, version: c_uint) -> c_int {
        borrow(crq)?.set_version(version)
    }

    pub fn gnutls_x509_crq_get_version(crq: gnutls_x509_crq_t) -> c_int {
        Ok(borrow_ref(crq)?.version())
    }

    pub fn gnutls_x509_crq_set_dn_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, raw_flag: c_uint, data: *const c_void, sizeof_data: c_uint) -> c_int {
        if data.is_null() || sizeof_data == 0 {
            return Err(Error::INVALID_REQUEST);
        }
        let request = borrow(crq)?;
        request.set_dn_by_oid(str_arg(oid)?, raw_flag != 0, bytes_arg(data, sizeof_data as size_t)?)
    }

    pub fn gnutls_x509_crq_set_dn(crq: gnutls_x509_crq_t, dn: *const c_char, err: *mut *const c_char) -> c_int {
        let request = borrow(crq)?;
        request.set_dn(str_arg(dn)?).map_err(|(e, at)| {
            dn_string_error(dn, err, at);
            e
        })
    }

    pub fn gnutls_x509_crq_get_dn(crq: gnutls_x509_crq_t, buf: *mut c_char, sizeof_buf: *mut size_t) -> c_int {
        text_out(borrow_ref(crq)?.dn()?.as_bytes(), buf as *mut c_void, sizeof_buf)
    }

    pub fn gnutls_x509_crq_get_dn2(crq: gnutls_x509_crq_t, dn: *mut gnutls_datum_t) -> c_int {
        text_datum(&borrow_ref(crq)?.dn()?, dn)
    }

    pub fn gnutls_x509_crq_get_dn_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, indx: c_uint, raw_flag: c_uint, buf: *mut c_void, sizeof_buf: *mut size_t) -> c_int {
        let subject = borrow_ref(crq)?.subject()?;
        let value = subject.by_oid(str_arg(oid)?, indx as usize, raw_flag != 0)?;
        if raw_flag != 0 {
            copy_out(&value, buf, sizeof_buf)
        } else {
            text_out(&value, buf, sizeof_buf)
        }
    }

    pub fn gnutls_x509_crq_set_key(crq: gnutls_x509_crq_t, key: gnutls_x509_privkey_t) -> c_int {
        let spki = spki_of_key(borrow_ref(key)?.key()?)?;
        borrow(crq)?.set_spki(spki);
        Ok(())
    }

    pub fn gnutls_x509_crq_set_pubkey(crq: gnutls_x509_crq_t, key: gnutls_pubkey_t) -> c_int {
        let spki = spki_from_der(borrow_ref(key)?.key()?.spki_der())?;
        borrow(crq)?.set_spki(spki);
        Ok(())
    }

    pub fn gnutls_x509_crq_get_pk_algorithm(crq: gnutls_x509_crq_t, bits: *mut c_uint) -> c_int {
        let key = borrow_ref(crq)?.public_key()?;
        out(bits, key.bits());
        Ok(key.kind().pk_algorithm() as c_int)
    }

    pub fn gnutls_x509_crq_get_key_id(crq: gnutls_x509_crq_t, flags: c_uint, output_data: *mut c_uchar, output_data_size: *mut size_t) -> c_int {
        let id = borrow_ref(crq)?.public_key()?.key_id(flags)?;
        copy_out(&id, output_data as *mut c_void, output_data_size)
    }

    pub fn gnutls_x509_crq_set_key_usage(crq: gnutls_x509_crq_t, usage: c_uint) -> c_int {
        edit_extensions(crq, ExtensionEdit::KeyUsage(usage))
    }

    pub fn gnutls_x509_crq_get_key_usage(crq: gnutls_x509_crq_t, key_usage: *mut c_uint, critical: *mut c_uint) -> c_int {
        let (usage, is_critical) = borrow_ref(crq)?.key_usage()?;
        out(key_usage, usage);
        out(critical, is_critical as c_uint);
        Ok(())
    }

    pub fn gnutls_x509_crq_set_basic_constraints(crq: gnutls_x509_crq_t, ca: c_uint, path_len_constraint: c_int) -> c_int {
        edit_extensions(crq, ExtensionEdit::BasicConstraints { ca: ca != 0, path_len: path_len_constraint })
    }

    /// Returns whether the request asks for a CA (1 or 0), or an error.
    pub fn gnutls_x509_crq_get_basic_constraints(crq: gnutls_x509_crq_t, critical: *mut c_uint, ca: *mut c_uint, pathlen: *mut c_int) -> c_int {
        let (is_critical, is_ca, path) = borrow_ref(crq)?.basic_constraints()?;
        out(critical, is_critical as c_uint);
        out(ca, is_ca as c_uint);
        out(pathlen, path);
        Ok(is_ca as c_int)
    }

    pub fn gnutls_x509_crq_set_subject_alt_name(crq: gnutls_x509_crq_t, nt: gnutls_x509_subject_alt_name_t, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let data = bytes_arg(data, data_size as size_t)?;
        edit_extensions(crq, ExtensionEdit::AltName { kind: nt, data, append: flags == FSAN_APPEND })
    }

    pub fn gnutls_x509_crq_set_key_purpose_oid(crq: gnutls_x509_crq_t, oid: *const c_void, critical: c_uint) -> c_int {
        let oid = str_arg(oid as *const c_char)?;
        edit_extensions(crq, ExtensionEdit::KeyPurpose { oid, critical: critical != 0 })
    }

    pub fn gnutls_x509_crq_set_extension_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, buf: *const c_void, sizeof_buf: size_t, critical: c_uint) -> c_int {
        let oid = str_arg(oid)?;
        edit_extensions(crq, ExtensionEdit::Raw { oid, value: bytes_arg(buf, sizeof_buf)?, critical: critical != 0 })
    }

    pub fn gnutls_x509_crq_get_extension_info(crq: gnutls_x509_crq_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t, critical: *mut c_uint) -> c_int {
        let request = borrow_ref(crq)?;
        let e = request.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let text = e.extn_id.to_string();
        if oid.is_null() {
            // GnuTLS answers a query for the size with success.
            *borrow(sizeof_oid)? = text.len() + 1;
        } else {
            text_out(text.as_bytes(), oid, sizeof_oid)?;
        }
        out(critical, e.critical as c_uint);
        Ok(())
    }

    /// The value of the extension at `indx`; a NULL buffer asks for the size.
    pub fn gnutls_x509_crq_get_extension_data(crq: gnutls_x509_crq_t, indx: c_uint, data: *mut c_void, sizeof_data: *mut size_t) -> c_int {
        let request = borrow_ref(crq)?;
        let e = request.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let size = borrow(sizeof_data)?;
        if data.is_null() {
            *size = e.extn_value.as_bytes().len();
            return Ok(());
        }
        copy_out(e.extn_value.as_bytes(), data, size)
    }

    pub fn gnutls_x509_crq_get_extension_data2(crq: gnutls_x509_crq_t, indx: c_uint, data: *mut gnutls_datum_t) -> c_int {
        let request = borrow_ref(crq)?;
        let e = request.extensions().get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        datum_out(data, e.extn_value.as_bytes())
    }

    pub fn gnutls_x509_crq_get_challenge_password(crq: gnutls_x509_crq_t, pass: *mut c_char, sizeof_pass: *mut size_t) -> c_int {
        text_out(&borrow_ref(crq)?.challenge_password()?, pass as *mut c_void, sizeof_pass)
    }

    pub fn gnutls_x509_crq_set_challenge_password(crq: gnutls_x509_crq_t, pass: *const c_char) -> c_int {
        let password = str_arg(pass)?;
        borrow(crq)?.set_challenge_password(password)
    }

    /// Signs with the hash GnuTLS 3.7.9 picks for the key.
    pub fn gnutls_x509_crq_sign(crq: gnutls_x509_crq_t, key: gnutls_x509_privkey_t) -> c_int {
        let key = borrow_ref(key)?.key()?;
        borrow(crq)?.sign(key, GNUTLS_DIG_UNKNOWN)
    }

    pub fn gnutls_x509_crq_sign2(crq: gnutls_x509_crq_t, key: gnutls_x509_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        let _ = flags;
        let key = borrow_ref(key)?.key()?;
        borrow(crq)?.sign(key, dig)
    }

    pub fn gnutls_x509_crq_privkey_sign(crq: gnutls_x509_crq_t, key: gnutls_privkey_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        let _ = flags;
        let key = borrow_ref(key)?.key()?;
        borrow(crq)?.sign(key, dig)
    }

    pub fn gnutls_x509_crq_verify(crq: gnutls_x509_crq_t, flags: c_uint) -> c_int {
        let _ = flags;
        borrow_ref(crq)?.verify()
    }

    pub fn gnutls_x509_crq_get_signature_oid(crq: gnutls_x509_crq_t, oid: *mut c_char, oid_size: *mut size_t) -> c_int {
        text_out(borrow_ref(crq)?.signature_oid()?.as_bytes(), oid as *mut c_void, oid_size)
    }

    pub fn gnutls_x509_crq_get_pk_oid(crq: gnutls_x509_crq_t, oid: *mut c_char, oid_size: *mut size_t) -> c_int {
        text_out(borrow_ref(crq)?.spki()?.algorithm.oid.to_string().as_bytes(), oid as *mut c_void, oid_size)
    }

    pub fn gnutls_x509_crq_get_signature_algorithm(crq: gnutls_x509_crq_t) -> c_int {
        Ok(borrow_ref(crq)?.signature_algorithm()? as c_int)
    }
}

entry! {
    /// Every format prints the same, as in GnuTLS.
    pub fn gnutls_x509_crq_print(crq: gnutls_x509_crq_t, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = crate::x509::print::print_request(borrow_ref(crq)?, crate::x509::print::Format::from_gnutls(format));
        *borrow(out)? = gnutls_datum_t::copy_of(&text)?;
        Ok(())
    }
}
