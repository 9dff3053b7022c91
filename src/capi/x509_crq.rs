//! Certificate requests (GnuTLS manual: "X.509 certificate API", `gnutls_x509_crq_*`) over
//! `crate::x509::request`.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t, time_t};

use super::ctypes::gnutls_x509_spki_t;
use super::types::*;
use super::x509::{dn_string_error, name_out};
use super::x509_dn::{oid_out, string_out, text_datum, text_out};
use super::{borrow, borrow_ref, bytes_arg, copy_out, datum_arg, datum_out, free_handle, new_handle, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::PublicKey;
use crate::x509::build::{FSAN_APPEND, othername_value, spki_from_der, spki_of_key, spki_with_pss, ExtensionEdit};
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

/// Writes the criticality a request getter reports (see `extension_by_oid`), if any.
unsafe fn critical_out(critical: *mut c_uint, value: Option<bool>) {
    if let Some(c) = value {
        out(critical, c as c_uint);
    }
}

/// libtasn1's `asn1_read_value` as the attribute getters use it: the size needed always
/// written, the bytes copied when they fit. GnuTLS takes libtasn1's "too small" (a positive
/// code) for success, so a short buffer answers 0 with nothing copied.
unsafe fn tasn1_value_out(bytes: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    let size = borrow(size)?;
    let room = *size;
    *size = bytes.len();
    if !buf.is_null() && room >= bytes.len() {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf as *mut u8, bytes.len());
    }
    Ok(())
}

/// An OID as libtasn1 reads one: with its NUL, counted in the size.
fn with_nul(text: &str) -> Vec<u8> {
    let mut v = text.as_bytes().to_vec();
    v.push(0);
    v
}

/// `get_subject_alt_name` (crq.c): the `seq`th name, printable types as text; with
/// `othername_oid`, an otherName's type-id (a directoryName gives its text, as in GnuTLS;
/// any other type GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE).
#[allow(clippy::too_many_arguments)]
unsafe fn crq_alt_name(
    crq: gnutls_x509_crq_t,
    seq: c_uint,
    buf: *mut c_void,
    size: *mut size_t,
    kind_out: *mut c_uint,
    critical: *mut c_uint,
    othername_oid: bool,
) -> Result<c_int, Error> {
    let request = borrow_ref(crq)?;
    super::clear_output(buf, borrow(size)?);
    let (names, is_critical) = request.alt_names();
    critical_out(critical, is_critical);
    let names = names?;
    let name = names.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    out(kind_out, name.kind);
    if othername_oid && name.kind != GNUTLS_SAN_DN {
        let oid = name.othername_oid.as_deref().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        string_out(oid.as_bytes(), buf, size)?;
    } else {
        name_out(name, buf, size)?;
    }
    Ok(name.kind as c_int)
}

/// The RSA-PSS parameters of a `gnutls_x509_spki_t` as `set_spki` reads them.
unsafe fn spki_wanted(spki: gnutls_x509_spki_t) -> Result<(gnutls_pk_algorithm_t, gnutls_digest_algorithm_t, c_uint), Error> {
    let s = borrow_ref(spki)?;
    Ok((s.pk, s.rsa_pss_dig, s.salt_size))
}

entry! {
    pub fn gnutls_x509_crq_get_subject_alt_name(crq: gnutls_x509_crq_t, seq: c_uint, ret: *mut c_void, ret_size: *mut size_t, ret_type: *mut c_uint, critical: *mut c_uint) -> c_int {
        crq_alt_name(crq, seq, ret, ret_size, ret_type, critical, false)
    }

    pub fn gnutls_x509_crq_get_subject_alt_othername_oid(crq: gnutls_x509_crq_t, seq: c_uint, ret: *mut c_void, ret_size: *mut size_t) -> c_int {
        crq_alt_name(crq, seq, ret, ret_size, std::ptr::null_mut(), std::ptr::null_mut(), true)
    }

    pub fn gnutls_x509_crq_get_attribute_info(crq: gnutls_x509_crq_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t) -> c_int {
        let (text, _) = borrow_ref(crq)?.attribute_at(indx as usize)?;
        tasn1_value_out(&with_nul(&text), oid, sizeof_oid)
    }

    pub fn gnutls_x509_crq_get_attribute_data(crq: gnutls_x509_crq_t, indx: c_uint, data: *mut c_void, sizeof_data: *mut size_t) -> c_int {
        let (_, value) = borrow_ref(crq)?.attribute_at(indx as usize)?;
        tasn1_value_out(&value, data, sizeof_data)
    }

    /// The value's DER, copied as text is (with a NUL after it).
    pub fn gnutls_x509_crq_get_attribute_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, indx: c_uint, buf: *mut c_void, sizeof_buf: *mut size_t) -> c_int {
        let value = borrow_ref(crq)?.attribute_by_oid(str_arg(oid)?, indx as usize)?;
        text_out(&value, buf, sizeof_buf)
    }

    pub fn gnutls_x509_crq_set_attribute_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, buf: *mut c_void, sizeof_buf: size_t) -> c_int {
        let oid = str_arg(oid)?;
        let value = bytes_arg(buf, sizeof_buf)?;
        borrow(crq)?.set_attribute_by_oid(oid, value)
    }

    pub fn gnutls_x509_crq_get_dn3(crq: gnutls_x509_crq_t, dn: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        text_datum(&borrow_ref(crq)?.subject()?.to_text(flags)?, dn)
    }

    pub fn gnutls_x509_crq_get_dn_oid(crq: gnutls_x509_crq_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t) -> c_int {
        oid_out(borrow_ref(crq)?.subject()?.oid_at(indx as usize)?, oid, sizeof_oid)
    }

    /// A NULL buffer asks for the size (and succeeds), as `get_extension_data` does.
    pub fn gnutls_x509_crq_get_extension_by_oid(crq: gnutls_x509_crq_t, oid: *const c_char, indx: c_uint, buf: *mut c_void, sizeof_buf: *mut size_t, critical: *mut c_uint) -> c_int {
        let oid = str_arg(oid)?;
        let (value, is_critical) = borrow_ref(crq)?.extension_by_oid(oid, indx as usize);
        critical_out(critical, is_critical);
        let value = value?;
        let size = borrow(sizeof_buf)?;
        if buf.is_null() {
            *size = value.len();
            return Ok(());
        }
        copy_out(value, buf, size)
    }

    pub fn gnutls_x509_crq_get_extension_by_oid2(crq: gnutls_x509_crq_t, oid: *const c_char, indx: c_uint, output: *mut gnutls_datum_t, critical: *mut c_uint) -> c_int {
        let oid = str_arg(oid)?;
        let (value, is_critical) = borrow_ref(crq)?.extension_by_oid(oid, indx as usize);
        critical_out(critical, is_critical);
        datum_out(output, value?)
    }

    /// The OID with its NUL, counted in the size on success too (libtasn1's reading).
    pub fn gnutls_x509_crq_get_key_purpose_oid(crq: gnutls_x509_crq_t, indx: c_uint, oid: *mut c_void, sizeof_oid: *mut size_t, critical: *mut c_uint) -> c_int {
        let request = borrow_ref(crq)?;
        let size = borrow(sizeof_oid)?;
        super::clear_output(oid, size);
        let (purposes, is_critical) = request.key_purposes();
        critical_out(critical, is_critical);
        let purposes = purposes?;
        let text = purposes.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        copy_out(&with_nul(text), oid, size)
    }

    pub fn gnutls_x509_crq_get_private_key_usage_period(cert: gnutls_x509_crq_t, activation: *mut time_t, expiration: *mut time_t, critical: *mut c_uint) -> c_int {
        let (period, is_critical) = borrow_ref(cert)?.private_key_usage_period();
        critical_out(critical, is_critical);
        let (not_before, not_after) = period?;
        out(activation, not_before as time_t);
        out(expiration, not_after as time_t);
        Ok(())
    }

    pub fn gnutls_x509_crq_set_private_key_usage_period(crq: gnutls_x509_crq_t, activation: time_t, expiration: time_t) -> c_int {
        edit_extensions(crq, ExtensionEdit::PrivateKeyUsagePeriod { activation, expiration })
    }

    pub fn gnutls_x509_crq_get_key_rsa_raw(crq: gnutls_x509_crq_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t) -> c_int {
        let (modulus, exponent) = borrow_ref(crq)?.rsa_raw()?;
        datum_out(m, &modulus)?;
        datum_out(e, &exponent)
    }

    pub fn gnutls_x509_crq_set_key_rsa_raw(crq: gnutls_x509_crq_t, m: *const gnutls_datum_t, e: *const gnutls_datum_t) -> c_int {
        let key = PublicKey::from_rsa_parts(datum_arg(m)?, datum_arg(e)?)?;
        let spki = spki_from_der(key.spki_der())?;
        borrow(crq)?.set_spki(spki);
        Ok(())
    }

    pub fn gnutls_x509_crq_set_subject_alt_othername(crq: gnutls_x509_crq_t, oid: *const c_char, data: *const c_void, data_size: c_uint, flags: c_uint) -> c_int {
        let type_id = str_arg(oid)?;
        let value = othername_value(flags, bytes_arg(data, data_size as size_t)?)?;
        edit_extensions(crq, ExtensionEdit::OtherName { issuer: false, type_id, value: &value, append: flags & FSAN_APPEND != 0 })
    }

    /// The key's algorithm is written into `spki` whatever follows; a key without RSA-PSS
    /// parameters is then GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crq_get_spki(crq: gnutls_x509_crq_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let (pk, params) = borrow_ref(crq)?.pss_params()?;
        let target = borrow(spki)?;
        target.pk = pk;
        let (dig, salt) = params.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        target.rsa_pss_dig = dig as gnutls_digest_algorithm_t;
        target.salt_size = salt;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crq_set_spki(crq: gnutls_x509_crq_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let wanted = spki_wanted(spki)?;
        let request = borrow(crq)?;
        let changed = spki_with_pss(request.spki()?, wanted)?;
        request.set_spki(changed);
        Ok(())
    }

    /// The request's key, with the key usage its extension asks for.
    pub fn gnutls_pubkey_import_x509_crq(key: gnutls_pubkey_t, crq: gnutls_x509_crq_t, flags: c_uint) -> c_int {
        let _ = flags;
        let request = borrow_ref(crq)?;
        let mut public = request.public_key()?;
        public.key_usage = request.key_usage().map_or(0, |(usage, _)| usage);
        borrow(key)?.set(public);
        Ok(())
    }
}
