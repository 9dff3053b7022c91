//! PKCS #7 structures (GnuTLS manual: "PKCS #7 structures"): `gnutls_pkcs7_t` over
//! `crate::pkcs7`: reading, building (certificate and CRL sets) and signing.

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::ctypes::{gnutls_pkcs7_attrs_t, gnutls_pkcs7_signature_info_st, gnutls_pkcs7_t, gnutls_typed_vdata_st};
use super::trust_list::{typed_data, gnutls_x509_trust_list_t};
use super::types::*;
use super::{borrow, borrow_ref, copy_out, datum_arg, datum_out, free_handle, new_handle, str_arg};
use crate::constants::{gnutls_certificate_print_formats_t, gnutls_digest_algorithm_t, gnutls_x509_crt_fmt_t};
use crate::errors::Error;
use crate::pkcs7::{gnutls_pkcs7_attrs_st, gnutls_pkcs7_int, print_signer, SignRequest, SignerView};
use crate::x509::pem;

/// GNUTLS_PKCS7_EDATA_GET_RAW (pkcs7.h).
const EDATA_GET_RAW: c_uint = 1 << 24;
/// GNUTLS_PKCS7_ATTR_ENCODE_OCTET_STRING (pkcs7.h).
const ATTR_ENCODE_OCTET_STRING: c_uint = 1;

/// The detached content a verification is given, if any (NULL, or a datum with NULL
/// data, is the embedded content).
unsafe fn detached<'a>(data: *const gnutls_datum_t) -> Result<Option<&'a [u8]>, Error> {
    match data.as_ref() {
        Some(d) if !d.data.is_null() => datum_arg(data).map(Some),
        _ => Ok(None),
    }
}

/// An optional datum of a signature info: copied for the caller, or left empty.
fn info_datum(bytes: &Option<Vec<u8>>) -> Result<gnutls_datum_t, Error> {
    match bytes {
        Some(b) => gnutls_datum_t::copy_of(b),
        None => Ok(gnutls_datum_t { data: std::ptr::null_mut(), size: 0 }),
    }
}

fn attrs_out(list: Option<gnutls_pkcs7_attrs_st>) -> gnutls_pkcs7_attrs_t {
    list.map_or(std::ptr::null_mut(), |l| Box::into_raw(Box::new(l)))
}

unsafe fn free_datum(d: &mut gnutls_datum_t) {
    libc::free(d.data as *mut c_void);
    d.data = std::ptr::null_mut();
    d.size = 0;
}

entry! {
    pub fn gnutls_pkcs7_init(pkcs7: *mut gnutls_pkcs7_t) -> c_int {
        new_handle(pkcs7, gnutls_pkcs7_int::default())
    }

    pub fn gnutls_pkcs7_deinit(pkcs7: gnutls_pkcs7_t) {
        free_handle(pkcs7);
        Ok(())
    }

    /// A SignedData, DER or PEM with a "PKCS7" header.
    pub fn gnutls_pkcs7_import(pkcs7: gnutls_pkcs7_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        let target = borrow(pkcs7)?;
        target.import(datum_arg(data)?, pem(format)?)
    }

    pub fn gnutls_pkcs7_export(pkcs7: gnutls_pkcs7_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        super::export_out(pem, &borrow_ref(pkcs7)?.export(pem)?, output_data, output_data_size)
    }

    pub fn gnutls_pkcs7_export2(pkcs7: gnutls_pkcs7_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &borrow_ref(pkcs7)?.export(pem(format)?)?)
    }

    pub fn gnutls_pkcs7_get_crt_count(pkcs7: gnutls_pkcs7_t) -> c_int {
        Ok(borrow_ref(pkcs7)?.certificate_count() as c_int)
    }

    pub fn gnutls_pkcs7_get_crt_raw(pkcs7: gnutls_pkcs7_t, indx: c_uint, certificate: *mut c_void, certificate_size: *mut size_t) -> c_int {
        copy_out(borrow_ref(pkcs7)?.certificate(indx as usize)?, certificate, certificate_size)
    }

    /// The `indx`th certificate's DER, allocated for the caller.
    pub fn gnutls_pkcs7_get_crt_raw2(pkcs7: gnutls_pkcs7_t, indx: c_uint, cert: *mut gnutls_datum_t) -> c_int {
        datum_out(cert, borrow_ref(pkcs7)?.certificate(indx as usize)?)
    }

    pub fn gnutls_pkcs7_get_crl_count(pkcs7: gnutls_pkcs7_t) -> c_int {
        Ok(borrow_ref(pkcs7)?.crl_count() as c_int)
    }

    pub fn gnutls_pkcs7_get_crl_raw(pkcs7: gnutls_pkcs7_t, indx: c_uint, crl: *mut c_void, crl_size: *mut size_t) -> c_int {
        copy_out(borrow_ref(pkcs7)?.crl(indx as usize)?, crl, crl_size)
    }

    pub fn gnutls_pkcs7_get_crl_raw2(pkcs7: gnutls_pkcs7_t, indx: c_uint, crl: *mut gnutls_datum_t) -> c_int {
        datum_out(crl, borrow_ref(pkcs7)?.crl(indx as usize)?)
    }

    pub fn gnutls_pkcs7_get_signature_count(pkcs7: gnutls_pkcs7_t) -> c_int {
        Ok(borrow_ref(pkcs7)?.signature_count() as c_int)
    }

    /// The signed content; GNUTLS_PKCS7_EDATA_GET_RAW gives eContent's own encoding.
    pub fn gnutls_pkcs7_get_embedded_data(pkcs7: gnutls_pkcs7_t, flags: c_uint, data: *mut gnutls_datum_t) -> c_int {
        datum_out(data, borrow_ref(pkcs7)?.embedded_data(flags & EDATA_GET_RAW != 0)?)
    }

    /// The content type's OID, kept by the object; NULL before an import.
    pub fn gnutls_pkcs7_get_embedded_data_oid(pkcs7: gnutls_pkcs7_t) -> *const c_char {
        Ok(borrow_ref(pkcs7)?.embedded_data_oid().map_or(std::ptr::null(), |c| c.as_ptr()))
    }

    pub fn gnutls_pkcs7_get_signature_info(pkcs7: gnutls_pkcs7_t, idx: c_uint, info: *mut gnutls_pkcs7_signature_info_st) -> c_int {
        let target = borrow(info)?;
        let got = borrow_ref(pkcs7)?.signature_info(idx as usize)?;
        let mut out: gnutls_pkcs7_signature_info_st = std::mem::zeroed();
        out.algo = got.algorithm;
        out.signing_time = got.signing_time;
        out.sig = gnutls_datum_t::copy_of(&got.signature)?;
        out.issuer_dn = info_datum(&got.issuer_dn)?;
        out.signer_serial = info_datum(&got.signer_serial)?;
        out.issuer_keyid = info_datum(&got.issuer_key_id)?;
        out.signed_attrs = attrs_out(got.signed_attrs);
        out.unsigned_attrs = attrs_out(got.unsigned_attrs);
        *target = out;
        Ok(())
    }

    pub fn gnutls_pkcs7_signature_info_deinit(info: *mut gnutls_pkcs7_signature_info_st) {
        let info = borrow(info)?;
        for d in [&mut info.sig, &mut info.issuer_dn, &mut info.signer_serial, &mut info.issuer_keyid] {
            free_datum(d);
        }
        free_handle(info.signed_attrs);
        free_handle(info.unsigned_attrs);
        *info = std::mem::zeroed();
        Ok(())
    }

    /// The `idx`th signature over the embedded (or the detached `data`) content, by a
    /// signer that the trust list verifies with `vdata` and `flags`.
    pub fn gnutls_pkcs7_verify(pkcs7: gnutls_pkcs7_t, tl: gnutls_x509_trust_list_t, vdata: *mut gnutls_typed_vdata_st, vdata_size: c_uint, idx: c_uint, data: *const gnutls_datum_t, flags: c_uint) -> c_int {
        let p7 = borrow_ref(pkcs7)?;
        let list = borrow_ref(tl)?.shared_list();
        let vdata = typed_data(vdata, vdata_size)?;
        let data = detached(data)?;
        let mut list = list.lock().map_err(|_| Error::INTERNAL)?;
        p7.verify(&mut list, &vdata, idx as usize, data, flags)
    }

    /// The `idx`th signature checked with `signer`'s key (the certificate itself is not
    /// verified).
    pub fn gnutls_pkcs7_verify_direct(pkcs7: gnutls_pkcs7_t, signer: gnutls_x509_crt_t, idx: c_uint, data: *const gnutls_datum_t, flags: c_uint) -> c_int {
        borrow_ref(pkcs7)?.verify_direct(borrow_ref(signer)?.certificate()?, idx as usize, detached(data)?, flags)
    }

    /// Prepends an attribute (value DER, or wrapped in an OCTET STRING) to `*list`.
    pub fn gnutls_pkcs7_add_attr(list: *mut gnutls_pkcs7_attrs_t, oid: *const c_char, data: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let head = borrow(list)?;
        let (oid, value) = (str_arg(oid)?, datum_arg(data)?);
        if head.is_null() {
            let mut fresh = gnutls_pkcs7_attrs_st::default();
            fresh.add(oid, value, flags & ATTR_ENCODE_OCTET_STRING != 0)?;
            *head = Box::into_raw(Box::new(fresh));
            return Ok(());
        }
        borrow(*head)?.add(oid, value, flags & ATTR_ENCODE_OCTET_STRING != 0)
    }

    /// The `idx`th attribute: the OID stays the list's, the value is the caller's.
    pub fn gnutls_pkcs7_get_attr(list: gnutls_pkcs7_attrs_t, idx: c_uint, oid: *mut *mut c_char, data: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let list = list.as_ref().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let (name, value) = list.get(idx as usize, flags & ATTR_ENCODE_OCTET_STRING != 0)?;
        let (oid, data) = (borrow(oid)?, borrow(data)?);
        *data = gnutls_datum_t::copy_of(&value)?;
        *oid = name.as_ptr() as *mut c_char;
        Ok(())
    }

    pub fn gnutls_pkcs7_attrs_deinit(list: gnutls_pkcs7_attrs_t) {
        free_handle(list);
        Ok(())
    }

    /// Appends a certificate (DER) to the set, making an empty SignedData first if needed.
    pub fn gnutls_pkcs7_set_crt_raw(pkcs7: gnutls_pkcs7_t, crt: *const gnutls_datum_t) -> c_int {
        let target = borrow(pkcs7)?;
        target.add_certificate(datum_arg(crt)?)
    }

    pub fn gnutls_pkcs7_set_crt(pkcs7: gnutls_pkcs7_t, crt: gnutls_x509_crt_t) -> c_int {
        let target = borrow(pkcs7)?;
        target.add_certificate(borrow_ref(crt)?.certificate()?.der())
    }

    pub fn gnutls_pkcs7_delete_crt(pkcs7: gnutls_pkcs7_t, indx: c_int) -> c_int {
        borrow(pkcs7)?.delete(false, indx)
    }

    pub fn gnutls_pkcs7_set_crl_raw(pkcs7: gnutls_pkcs7_t, crl: *const gnutls_datum_t) -> c_int {
        let target = borrow(pkcs7)?;
        target.add_crl(datum_arg(crl)?)
    }

    pub fn gnutls_pkcs7_set_crl(pkcs7: gnutls_pkcs7_t, crl: gnutls_x509_crl_t) -> c_int {
        let target = borrow(pkcs7)?;
        target.add_crl(borrow_ref(crl)?.crl()?.der())
    }

    pub fn gnutls_pkcs7_delete_crl(pkcs7: gnutls_pkcs7_t, indx: c_int) -> c_int {
        borrow(pkcs7)?.delete(true, indx)
    }

    /// Adds a signature by `signer` (with `signer_key`) over `data`, or over the embedded
    /// content when `data` is NULL.
    pub fn gnutls_pkcs7_sign(pkcs7: gnutls_pkcs7_t, signer: gnutls_x509_crt_t, signer_key: gnutls_privkey_t, data: *const gnutls_datum_t, signed_attrs: gnutls_pkcs7_attrs_t, unsigned_attrs: gnutls_pkcs7_attrs_t, dig: gnutls_digest_algorithm_t, flags: c_uint) -> c_int {
        let target = borrow(pkcs7)?;
        let request = SignRequest {
            signer: borrow_ref(signer)?.certificate()?,
            key: borrow_ref(signer_key)?.key()?,
            data: detached(data)?,
            signed_attrs: signed_attrs.as_ref(),
            unsigned_attrs: unsigned_attrs.as_ref(),
            digest: dig,
            flags,
        };
        target.sign(&request)
    }

    /// The structure described for people (GnuTLS's layout).
    pub fn gnutls_pkcs7_print(pkcs7: gnutls_pkcs7_t, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let text = borrow_ref(pkcs7)?.print(format)?;
        datum_out(out, text.as_bytes())
    }

    /// One signer of `gnutls_pkcs7_get_signature_info`, described for people.
    #[node(GNUTLS_3_6_14)]
    pub fn gnutls_pkcs7_print_signature_info(info: *mut gnutls_pkcs7_signature_info_st, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let info = borrow_ref(info)?;
        let view = SignerView {
            issuer_dn: datum_arg(&info.issuer_dn)?,
            serial: datum_arg(&info.signer_serial)?,
            key_id: datum_arg(&info.issuer_keyid)?,
            signing_time: info.signing_time,
            algorithm: info.algo,
            signed_attrs: info.signed_attrs.as_ref(),
            unsigned_attrs: info.unsigned_attrs.as_ref(),
        };
        let mut text = String::new();
        print_signer(&mut text, &view, format);
        datum_out(out, text.as_bytes())
    }
}
