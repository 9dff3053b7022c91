//! X.509 extension objects (GnuTLS manual: "X.509 certificate API", `gnutls_x509_ext_*` and
//! the objects they fill): alternative names, key identifiers, AIA, CRL distribution points,
//! key purposes, policies, name constraints, the TLS features extension (RFC 7633), the
//! Certificate Transparency SCT list (RFC 6962), and the import/export of each extension's DER. The getters lend pointers into the object, valid
//! until it changes or is freed, as GnuTLS's do.

use libc::{c_char, c_int, c_uint, size_t, time_t};

use super::types::*;
use super::{borrow, borrow_ref, datum_arg, datum_out, free_handle, new_handle, opt_str_arg, out, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::x509::build::{self, ExtensionEdit};
use crate::x509::ext::{self, gnutls_x509_tlsfeatures_st, TlsFeatures, OID_TLS_FEATURES};
use crate::x509::ext_objects::{
    self as objects, gnutls_name_constraints_st, gnutls_subject_alt_names_st, gnutls_x509_aia_st, gnutls_x509_aki_st,
    gnutls_x509_crl_dist_points_st, gnutls_x509_ct_scts_st, gnutls_x509_key_purposes_st, gnutls_x509_policies_st, AltName, NulBytes,
    PolicyEntry,
};

pub type gnutls_subject_alt_names_t = *mut gnutls_subject_alt_names_st;
pub type gnutls_x509_aki_t = *mut gnutls_x509_aki_st;
pub type gnutls_x509_aia_t = *mut gnutls_x509_aia_st;
pub type gnutls_x509_crl_dist_points_t = *mut gnutls_x509_crl_dist_points_st;
pub type gnutls_x509_key_purposes_t = *mut gnutls_x509_key_purposes_st;
pub type gnutls_x509_policies_t = *mut gnutls_x509_policies_st;
pub type gnutls_x509_name_constraints_t = *mut gnutls_name_constraints_st;
pub type gnutls_x509_ct_scts_t = *mut gnutls_x509_ct_scts_st;

/// One qualifier of `struct gnutls_x509_policy_st` (x509.h's anonymous struct).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gnutls_x509_policy_qualifier {
    pub r#type: gnutls_x509_qualifier_t,
    pub data: *mut c_char,
    pub size: c_uint,
}

/// `struct gnutls_x509_policy_st`, which programs read field by field.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gnutls_x509_policy_st {
    pub oid: *mut c_char,
    pub qualifiers: c_uint,
    pub qualifier: [gnutls_x509_policy_qualifier; 8],
}

/// GNUTLS_NAME_CONSTRAINTS_FLAG_APPEND (x509.h).
const NAME_CONSTRAINTS_FLAG_APPEND: c_uint = 1;
const OID_NAME_CONSTRAINTS: &str = "2.5.29.30";
const OID_POLICIES: &str = "2.5.29.32";
const OID_INHIBIT_ANY_POLICY: &str = "2.5.29.54";
const OID_PROXY: &str = "1.3.6.1.5.5.7.1.14";
const OID_AIA: &str = "1.3.6.1.5.5.7.1.1";
const OID_PRIVATE_KEY_USAGE_PERIOD: &str = "2.5.29.16";

/// An extension's DER; no bytes at all is libtasn1's GNUTLS_E_ASN1_TAG_ERROR.
unsafe fn ext_der<'a>(ext: *const gnutls_datum_t) -> Result<&'a [u8], Error> {
    let der = datum_arg(ext)?;
    if der.is_empty() {
        return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
    }
    Ok(der)
}

/// A name constraint's name: GnuTLS keeps no buffer (NULL) for an empty one.
unsafe fn lend_constraint(p: *mut gnutls_datum_t, name: &NulBytes) {
    if name.bytes().is_empty() {
        out(p, gnutls_datum_t { data: std::ptr::null_mut(), size: 0 });
    } else {
        lend(p, name);
    }
}

/// A datum lending bytes the object keeps.
unsafe fn lend(p: *mut gnutls_datum_t, bytes: &NulBytes) {
    out(p, gnutls_datum_t::pointing_at(bytes.bytes()));
}

/// A name of an object into the caller's (type, data, otherName OID) out-parameters; the
/// OID only for otherNames, as GnuTLS writes it.
unsafe fn lend_name(name: &AltName, kind: *mut c_uint, san: *mut gnutls_datum_t, othername_oid: *mut gnutls_datum_t) {
    lend(san, &name.san);
    out(kind, name.kind);
    if name.kind == GNUTLS_SAN_OTHERNAME {
        if let Some(oid) = &name.othername_oid {
            lend(othername_oid, oid);
        } else {
            out(othername_oid, gnutls_datum_t { data: std::ptr::null_mut(), size: 0 });
        }
    }
}

/// A copy for the caller (`gnutls_free`), NUL-terminated, as a C string.
fn c_string(bytes: &[u8]) -> Result<*mut c_char, Error> {
    Ok(gnutls_datum_t::copy_of(bytes)?.data as *mut c_char)
}

/// The first extension of `oid` of a certificate: GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE
/// when it has none or it is empty.
unsafe fn crt_extension(cert: gnutls_x509_crt_t, oid: &str, critical: *mut c_uint) -> Result<Vec<u8>, Error> {
    let (value, is_critical) = super::x509::crt(cert)?.extension_by_oid(oid, 0).map_err(Error::new)?;
    out(critical, c_uint::from(is_critical));
    if value.is_empty() {
        return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
    }
    Ok(value)
}

/// A policy as the caller hands it in (`gnutls_x509_policies_set`).
unsafe fn policy_arg(policy: *const gnutls_x509_policy_st) -> Result<PolicyEntry, Error> {
    let p = borrow_ref(policy)?;
    let oid = str_arg(p.oid)?;
    let count = (p.qualifiers as usize).min(objects::MAX_QUALIFIERS);
    let mut qualifiers = Vec::new();
    for q in &p.qualifier[..count] {
        let data = super::bytes_arg(q.data as *const libc::c_void, q.size as size_t)?;
        qualifiers.push((q.r#type, Some(NulBytes::new(data))));
    }
    Ok(PolicyEntry { oid: NulBytes::new(oid.as_bytes()), qualifiers })
}

/// A policy as `struct gnutls_x509_policy_st`, its strings made by `string` (lent or copied).
fn policy_out(p: &PolicyEntry, string: &dyn Fn(&NulBytes) -> Result<*mut c_char, Error>) -> Result<gnutls_x509_policy_st, Error> {
    let empty = gnutls_x509_policy_qualifier { r#type: 0, data: std::ptr::null_mut(), size: 0 };
    let mut c = gnutls_x509_policy_st { oid: string(&p.oid)?, qualifiers: p.qualifiers.len() as c_uint, qualifier: [empty; 8] };
    for (slot, (kind, text)) in c.qualifier.iter_mut().zip(&p.qualifiers) {
        slot.r#type = *kind;
        if let Some(t) = text {
            slot.data = string(t)?;
            slot.size = t.bytes().len() as c_uint;
        }
    }
    Ok(c)
}

/// Frees what `policy_out` copied for the caller (`gnutls_x509_policy_release`).
unsafe fn policy_release(p: &mut gnutls_x509_policy_st) {
    libc::free(p.oid as *mut libc::c_void);
    for q in p.qualifier.iter_mut() {
        libc::free(q.data as *mut libc::c_void);
    }
    std::ptr::write_bytes(p as *mut gnutls_x509_policy_st, 0, 1);
}

pub type gnutls_x509_tlsfeatures_t = *mut gnutls_x509_tlsfeatures_st;

/// GNUTLS_EXT_FLAG_APPEND, one of x509.h's macros.
const EXT_FLAG_APPEND: c_uint = 1;

unsafe fn import_into(features: gnutls_x509_tlsfeatures_t, value: &[u8], flags: c_uint) -> Result<(), Error> {
    borrow(features)?.import(value, flags & EXT_FLAG_APPEND != 0)
}

entry! {
    pub fn gnutls_x509_tlsfeatures_init(features: *mut gnutls_x509_tlsfeatures_t) -> c_int {
        new_handle(features, TlsFeatures::default())
    }

    pub fn gnutls_x509_tlsfeatures_deinit(arg0: gnutls_x509_tlsfeatures_t) {
        free_handle(arg0);
        Ok(())
    }

    pub fn gnutls_x509_tlsfeatures_add(f: gnutls_x509_tlsfeatures_t, feature: c_uint) -> c_int {
        borrow(f)?.add(feature)
    }

    pub fn gnutls_x509_tlsfeatures_get(f: gnutls_x509_tlsfeatures_t, idx: c_uint, feature: *mut c_uint) -> c_int {
        let features = borrow_ref(f)?.features();
        let value = features.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        *borrow(feature)? = c_uint::from(*value);
        Ok(())
    }

    /// 1 when the certificate carries every feature of `feat`, 0 otherwise (and for NULL
    /// arguments, where GnuTLS would crash).
    pub fn gnutls_x509_tlsfeatures_check_crt(feat: gnutls_x509_tlsfeatures_t, crt: gnutls_x509_crt_t) -> c_uint {
        let wanted = borrow_ref(feat)?;
        let cert = super::x509::crt(crt)?;
        let mut has = TlsFeatures::default();
        let has = match cert.extension_by_oid(OID_TLS_FEATURES, 0) {
            Ok((value, _)) if has.import(&value, false).is_ok() => Some(&has),
            _ => None,
        };
        Ok(c_uint::from(wanted.satisfied_by(has)))
    }

    pub fn gnutls_x509_ext_import_tlsfeatures(ext: *const gnutls_datum_t, arg1: gnutls_x509_tlsfeatures_t, flags: c_uint) -> c_int {
        import_into(arg1, datum_arg(ext)?, flags)
    }

    pub fn gnutls_x509_ext_export_tlsfeatures(f: gnutls_x509_tlsfeatures_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(f)?.export()?)
    }

    pub fn gnutls_x509_crt_get_tlsfeatures(cert: gnutls_x509_crt_t, features: gnutls_x509_tlsfeatures_t, flags: c_uint, critical: *mut c_uint) -> c_int {
        let (value, is_critical) = super::x509::crt(cert)?.extension_by_oid(OID_TLS_FEATURES, 0).map_err(Error::new)?;
        out(critical, c_uint::from(is_critical));
        import_into(features, &value, flags)
    }

    pub fn gnutls_x509_crt_set_tlsfeatures(crt: gnutls_x509_crt_t, features: gnutls_x509_tlsfeatures_t) -> c_int {
        let value = borrow_ref(features)?.export()?;
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_TLS_FEATURES, value: &value, critical: false })
    }

    pub fn gnutls_x509_crq_get_tlsfeatures(crq: gnutls_x509_crq_t, features: gnutls_x509_tlsfeatures_t, flags: c_uint, critical: *mut c_uint) -> c_int {
        let (value, is_critical) = borrow_ref(crq)?.extension(OID_TLS_FEATURES)?;
        let value = value.to_vec();
        out(critical, c_uint::from(is_critical));
        import_into(features, &value, flags)
    }

    pub fn gnutls_x509_crq_set_tlsfeatures(crq: gnutls_x509_crq_t, features: gnutls_x509_tlsfeatures_t) -> c_int {
        let value = borrow_ref(features)?.export()?;
        super::x509_crq::edit_extensions(crq, ExtensionEdit::Raw { oid: OID_TLS_FEATURES, value: &value, critical: false })
    }

    // ---- Alternative names ----

    pub fn gnutls_subject_alt_names_init(arg0: *mut gnutls_subject_alt_names_t) -> c_int {
        new_handle(arg0, gnutls_subject_alt_names_st::default())
    }

    pub fn gnutls_subject_alt_names_deinit(sans: gnutls_subject_alt_names_t) {
        free_handle(sans);
        Ok(())
    }

    pub fn gnutls_subject_alt_names_get(sans: gnutls_subject_alt_names_t, seq: c_uint, san_type: *mut c_uint, san: *mut gnutls_datum_t, othername_oid: *mut gnutls_datum_t) -> c_int {
        let name = borrow_ref(sans)?.names.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        lend_name(name, san_type, san, othername_oid);
        Ok(())
    }

    pub fn gnutls_subject_alt_names_set(sans: gnutls_subject_alt_names_t, san_type: c_uint, san: *const gnutls_datum_t, othername_oid: *const c_char) -> c_int {
        let sans = borrow(sans)?;
        let name = AltName::from_caller(san_type, datum_arg(san)?, opt_str_arg(othername_oid)?)?;
        sans.names.push(name);
        Ok(())
    }

    pub fn gnutls_x509_ext_import_subject_alt_names(ext: *const gnutls_datum_t, arg1: gnutls_subject_alt_names_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(arg1)?.import(ext_der(ext)?)
    }

    pub fn gnutls_x509_ext_export_subject_alt_names(arg0: gnutls_subject_alt_names_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(arg0)?.export()?)
    }

    // ---- Authority key identifier ----

    pub fn gnutls_x509_aki_init(arg0: *mut gnutls_x509_aki_t) -> c_int {
        new_handle(arg0, gnutls_x509_aki_st::default())
    }

    pub fn gnutls_x509_aki_deinit(arg0: gnutls_x509_aki_t) {
        free_handle(arg0);
        Ok(())
    }

    pub fn gnutls_x509_aki_get_id(arg0: gnutls_x509_aki_t, id: *mut gnutls_datum_t) -> c_int {
        let key_id = borrow_ref(arg0)?.id.as_ref().filter(|i| !i.bytes().is_empty()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        borrow(id)?;
        lend(id, key_id);
        Ok(())
    }

    pub fn gnutls_x509_aki_set_id(aki: gnutls_x509_aki_t, id: *const gnutls_datum_t) -> c_int {
        let id = datum_arg(id)?;
        borrow(aki)?.id = (!id.is_empty()).then(|| NulBytes::new(id));
        Ok(())
    }

    /// A NULL serial keeps the one set before (GnuTLS would crash on it; its manual says
    /// later names are added with a NULL serial).
    // divergence: GnuTLS 3.7.9 writes the name's type one past the end of its array (a crash
    // on a new object); here the name is appended.
    pub fn gnutls_x509_aki_set_cert_issuer(aki: gnutls_x509_aki_t, san_type: c_uint, san: *const gnutls_datum_t, othername_oid: *const c_char, serial: *const gnutls_datum_t) -> c_int {
        let aki = borrow(aki)?;
        let name = AltName::from_caller(san_type, datum_arg(san)?, opt_str_arg(othername_oid)?)?;
        if !serial.is_null() {
            let serial = datum_arg(serial)?;
            aki.serial = (!serial.is_empty()).then(|| NulBytes::new(serial));
        }
        aki.issuer.push(name);
        Ok(())
    }

    pub fn gnutls_x509_aki_get_cert_issuer(aki: gnutls_x509_aki_t, seq: c_uint, san_type: *mut c_uint, san: *mut gnutls_datum_t, othername_oid: *mut gnutls_datum_t, serial: *mut gnutls_datum_t) -> c_int {
        let aki = borrow_ref(aki)?;
        let name = aki.issuer.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let number = aki.serial.as_ref().filter(|s| !s.bytes().is_empty()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        lend(serial, number);
        lend_name(name, san_type, san, othername_oid);
        Ok(())
    }

    pub fn gnutls_x509_ext_import_authority_key_id(ext: *const gnutls_datum_t, arg1: gnutls_x509_aki_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(arg1)?.import(ext_der(ext)?)
    }

    pub fn gnutls_x509_ext_export_authority_key_id(arg0: gnutls_x509_aki_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(arg0)?.export()?)
    }

    // ---- Authority information access ----

    pub fn gnutls_x509_aia_init(arg0: *mut gnutls_x509_aia_t) -> c_int {
        new_handle(arg0, gnutls_x509_aia_st::default())
    }

    pub fn gnutls_x509_aia_deinit(arg0: gnutls_x509_aia_t) {
        free_handle(arg0);
        Ok(())
    }

    pub fn gnutls_x509_aia_get(aia: gnutls_x509_aia_t, seq: c_uint, oid: *mut gnutls_datum_t, san_type: *mut c_uint, san: *mut gnutls_datum_t) -> c_int {
        let entry = borrow_ref(aia)?.entries.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(san_type, entry.name.kind);
        lend(san, &entry.name.san);
        match &entry.oid {
            Some(o) => lend(oid, o),
            None => out(oid, gnutls_datum_t { data: std::ptr::null_mut(), size: 0 }),
        }
        Ok(())
    }

    pub fn gnutls_x509_aia_set(aia: gnutls_x509_aia_t, oid: *const c_char, san_type: c_uint, san: *const gnutls_datum_t) -> c_int {
        let aia = borrow(aia)?;
        aia.set(opt_str_arg(oid)?, san_type, datum_arg(san)?)
    }

    pub fn gnutls_x509_ext_import_aia(ext: *const gnutls_datum_t, arg1: gnutls_x509_aia_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(arg1)?.import(datum_arg(ext)?)
    }

    pub fn gnutls_x509_ext_export_aia(aia: gnutls_x509_aia_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(aia)?.export()?)
    }

    // ---- CRL distribution points ----

    pub fn gnutls_x509_crl_dist_points_init(arg0: *mut gnutls_x509_crl_dist_points_t) -> c_int {
        new_handle(arg0, gnutls_x509_crl_dist_points_st::default())
    }

    pub fn gnutls_x509_crl_dist_points_deinit(arg0: gnutls_x509_crl_dist_points_t) {
        free_handle(arg0);
        Ok(())
    }

    pub fn gnutls_x509_crl_dist_points_get(arg0: gnutls_x509_crl_dist_points_t, seq: c_uint, type_: *mut c_uint, dist: *mut gnutls_datum_t, reason_flags: *mut c_uint) -> c_int {
        let point = borrow_ref(arg0)?.points.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(reason_flags, point.reasons);
        out(type_, point.kind);
        lend(dist, &point.san);
        Ok(())
    }

    pub fn gnutls_x509_crl_dist_points_set(arg0: gnutls_x509_crl_dist_points_t, type_: gnutls_x509_subject_alt_name_t, dist: *const gnutls_datum_t, reason_flags: c_uint) -> c_int {
        let points = borrow(arg0)?;
        points.set(type_, datum_arg(dist)?, reason_flags);
        Ok(())
    }

    pub fn gnutls_x509_ext_import_crl_dist_points(ext: *const gnutls_datum_t, dp: gnutls_x509_crl_dist_points_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(dp)?.import(ext_der(ext)?)
    }

    pub fn gnutls_x509_ext_export_crl_dist_points(dp: gnutls_x509_crl_dist_points_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(dp)?.export()?)
    }

    // ---- Key purposes ----

    pub fn gnutls_x509_key_purpose_init(p: *mut gnutls_x509_key_purposes_t) -> c_int {
        new_handle(p, gnutls_x509_key_purposes_st::default())
    }

    pub fn gnutls_x509_key_purpose_deinit(p: gnutls_x509_key_purposes_t) {
        free_handle(p);
        Ok(())
    }

    pub fn gnutls_x509_key_purpose_get(p: gnutls_x509_key_purposes_t, idx: c_uint, oid: *mut gnutls_datum_t) -> c_int {
        let purpose = borrow_ref(p)?.oids.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        borrow(oid)?;
        lend(oid, purpose);
        Ok(())
    }

    pub fn gnutls_x509_key_purpose_set(p: gnutls_x509_key_purposes_t, oid: *const c_char) -> c_int {
        let purposes = borrow(p)?;
        purposes.set(str_arg(oid)?)
    }

    pub fn gnutls_x509_ext_import_key_purposes(ext: *const gnutls_datum_t, arg1: gnutls_x509_key_purposes_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(arg1)?.import(ext_der(ext)?)
    }

    pub fn gnutls_x509_ext_export_key_purposes(arg0: gnutls_x509_key_purposes_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(arg0)?.export()?)
    }

    // ---- Certificate Transparency SCTs ----

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ext_ct_scts_init(scts: *mut gnutls_x509_ct_scts_t) -> c_int {
        new_handle(scts, gnutls_x509_ct_scts_st::default())
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ext_ct_scts_deinit(scts: gnutls_x509_ct_scts_t) {
        free_handle(scts);
        Ok(())
    }

    /// Flags are checked first (any is GNUTLS_E_UNIMPLEMENTED_FEATURE); the SCTs are added
    /// to those already held.
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ext_ct_import_scts(ext: *const gnutls_datum_t, scts: gnutls_x509_ct_scts_t, flags: c_uint) -> c_int {
        if flags != 0 {
            return Err(Error::UNIMPLEMENTED);
        }
        let der = datum_arg(ext)?;
        borrow(scts)?.import(der)
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ext_ct_export_scts(scts: gnutls_x509_ct_scts_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(scts)?.export()?)
    }

    /// Version 1 (the byte 0) is the only one answered; any other is GNUTLS_E_INVALID_REQUEST,
    /// as is a NULL `version_out`, after the index is checked.
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ct_sct_get_version(scts: gnutls_x509_ct_scts_t, idx: c_uint, version_out: *mut c_uint) -> c_int {
        let sct = borrow_ref(scts)?.scts.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if sct.version != 0 || version_out.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        out(version_out, 1);
        Ok(())
    }

    /// Each out-parameter may be NULL; the log ID and signature are copies for the caller,
    /// the timestamp in seconds (the SCT's milliseconds divided, as GnuTLS does).
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_ct_sct_get(scts: gnutls_x509_ct_scts_t, idx: c_uint, timestamp: *mut time_t, logid: *mut gnutls_datum_t, sigalg: *mut gnutls_sign_algorithm_t, signature: *mut gnutls_datum_t) -> c_int {
        let sct = borrow_ref(scts)?.scts.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if sct.version != 0 {
            return Err(Error::INVALID_REQUEST);
        }
        let sig = (!signature.is_null()).then(|| gnutls_datum_t::copy_of(&sct.signature)).transpose()?;
        let id = match (!logid.is_null()).then(|| gnutls_datum_t::copy_of(&sct.log_id)).transpose() {
            Ok(id) => id,
            Err(e) => {
                if let Some(d) = sig {
                    libc::free(d.data as *mut libc::c_void);
                }
                return Err(e);
            }
        };
        if let Some(d) = sig {
            out(signature, d);
        }
        if let Some(d) = id {
            out(logid, d);
        }
        out(timestamp, (sct.timestamp / 1000) as time_t);
        out(sigalg, sct.sign_algorithm);
        Ok(())
    }

    // ---- Policies ----

    pub fn gnutls_x509_policies_init(arg0: *mut gnutls_x509_policies_t) -> c_int {
        new_handle(arg0, gnutls_x509_policies_st::default())
    }

    pub fn gnutls_x509_policies_deinit(arg0: gnutls_x509_policies_t) {
        free_handle(arg0);
        Ok(())
    }

    pub fn gnutls_x509_policies_get(policies: gnutls_x509_policies_t, seq: c_uint, policy: *mut gnutls_x509_policy_st) -> c_int {
        let entry = borrow_ref(policies)?.list.get(seq as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let lent = policy_out(entry, &|b| Ok(b.with_nul().as_ptr() as *mut c_char))?;
        out(policy, lent);
        Ok(())
    }

    pub fn gnutls_x509_policies_set(policies: gnutls_x509_policies_t, policy: *const gnutls_x509_policy_st) -> c_int {
        let policies = borrow(policies)?;
        policies.set(policy_arg(policy)?)
    }

    pub fn gnutls_x509_policy_release(policy: *mut gnutls_x509_policy_st) {
        policy_release(borrow(policy)?);
        Ok(())
    }

    pub fn gnutls_x509_ext_import_policies(ext: *const gnutls_datum_t, policies: gnutls_x509_policies_t, flags: c_uint) -> c_int {
        let _ = flags; // GnuTLS defines none.
        borrow(policies)?.import(ext_der(ext)?)
    }

    pub fn gnutls_x509_ext_export_policies(policies: gnutls_x509_policies_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(policies)?.export()?)
    }

    // ---- Name constraints ----

    pub fn gnutls_x509_name_constraints_init(nc: *mut gnutls_x509_name_constraints_t) -> c_int {
        new_handle(nc, gnutls_name_constraints_st::default())
    }

    pub fn gnutls_x509_name_constraints_deinit(nc: gnutls_x509_name_constraints_t) {
        free_handle(nc);
        Ok(())
    }

    pub fn gnutls_x509_name_constraints_add_permitted(nc: gnutls_x509_name_constraints_t, type_: gnutls_x509_subject_alt_name_t, name: *const gnutls_datum_t) -> c_int {
        let nc = borrow(nc)?;
        nc.add(true, type_, datum_arg(name)?)
    }

    pub fn gnutls_x509_name_constraints_add_excluded(nc: gnutls_x509_name_constraints_t, type_: gnutls_x509_subject_alt_name_t, name: *const gnutls_datum_t) -> c_int {
        let nc = borrow(nc)?;
        nc.add(false, type_, datum_arg(name)?)
    }

    pub fn gnutls_x509_name_constraints_get_permitted(nc: gnutls_x509_name_constraints_t, idx: c_uint, type_: *mut c_uint, name: *mut gnutls_datum_t) -> c_int {
        let c = borrow_ref(nc)?.permitted.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(type_, c.kind);
        lend_constraint(name, &c.name);
        Ok(())
    }

    pub fn gnutls_x509_name_constraints_get_excluded(nc: gnutls_x509_name_constraints_t, idx: c_uint, type_: *mut c_uint, name: *mut gnutls_datum_t) -> c_int {
        let c = borrow_ref(nc)?.excluded.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(type_, c.kind);
        lend_constraint(name, &c.name);
        Ok(())
    }

    /// 1 when the name is acceptable, 0 when not (and for NULL arguments).
    pub fn gnutls_x509_name_constraints_check(nc: gnutls_x509_name_constraints_t, type_: gnutls_x509_subject_alt_name_t, name: *const gnutls_datum_t) -> c_uint {
        Ok(borrow_ref(nc)?.check(type_, datum_arg(name)?))
    }

    pub fn gnutls_x509_name_constraints_check_crt(nc: gnutls_x509_name_constraints_t, type_: gnutls_x509_subject_alt_name_t, crt: gnutls_x509_crt_t) -> c_uint {
        Ok(crate::x509::path_checks::names_allowed(borrow_ref(nc)?, super::x509::crt(crt)?, type_))
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_x509_name_constraints_merge(nc: gnutls_x509_name_constraints_t, nc2: gnutls_x509_name_constraints_t) -> c_int {
        let other = borrow_ref(nc2)?.clone();
        borrow(nc)?.merge(other.permitted, other.excluded)
    }

    pub fn gnutls_x509_ext_import_name_constraints(ext: *const gnutls_datum_t, nc: gnutls_x509_name_constraints_t, flags: c_uint) -> c_int {
        borrow(nc)?.import(ext_der(ext)?, flags & NAME_CONSTRAINTS_FLAG_APPEND != 0)
    }

    pub fn gnutls_x509_ext_export_name_constraints(nc: gnutls_x509_name_constraints_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &borrow_ref(nc)?.export()?)
    }

    pub fn gnutls_x509_crt_get_name_constraints(crt: gnutls_x509_crt_t, nc: gnutls_x509_name_constraints_t, flags: c_uint, critical: *mut c_uint) -> c_int {
        let value = crt_extension(crt, OID_NAME_CONSTRAINTS, critical)?;
        borrow(nc)?.import(&value, flags & NAME_CONSTRAINTS_FLAG_APPEND != 0)
    }

    pub fn gnutls_x509_crt_set_name_constraints(crt: gnutls_x509_crt_t, nc: gnutls_x509_name_constraints_t, critical: c_uint) -> c_int {
        let value = borrow_ref(nc)?.export()?;
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_NAME_CONSTRAINTS, value: &value, critical: critical != 0 })
    }

    // ---- Extensions without objects ----

    pub fn gnutls_x509_ext_import_subject_key_id(ext: *const gnutls_datum_t, id: *mut gnutls_datum_t) -> c_int {
        let value = datum_arg(ext)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        datum_out(id, &ext::subject_key_id(value)?)
    }

    pub fn gnutls_x509_ext_export_subject_key_id(id: *const gnutls_datum_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &build::subject_key_id_value(datum_arg(id)?)?)
    }

    pub fn gnutls_x509_ext_import_key_usage(ext: *const gnutls_datum_t, key_usage: *mut c_uint) -> c_int {
        out(key_usage, 0);
        let usage = ext::key_usage(ext_der(ext)?)?;
        out(key_usage, usage);
        Ok(())
    }

    pub fn gnutls_x509_ext_export_key_usage(key_usage: c_uint, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &build::key_usage_value(key_usage)?)
    }

    pub fn gnutls_x509_ext_import_basic_constraints(ext: *const gnutls_datum_t, ca: *mut c_uint, pathlen: *mut c_int) -> c_int {
        let (is_ca, path) = ext::basic_constraints(ext_der(ext)?)?;
        out(pathlen, path);
        out(ca, c_uint::from(is_ca));
        Ok(())
    }

    pub fn gnutls_x509_ext_export_basic_constraints(ca: c_uint, pathlen: c_int, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &build::basic_constraints_value(ca != 0, pathlen)?)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_ext_import_inhibit_anypolicy(ext: *const gnutls_datum_t, skipcerts: *mut c_uint) -> c_int {
        let skip = objects::inhibit_any_policy(datum_arg(ext)?)?;
        out(skipcerts, skip);
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_ext_export_inhibit_anypolicy(skipcerts: c_uint, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &objects::inhibit_any_policy_value(skipcerts)?)
    }

    pub fn gnutls_x509_ext_import_private_key_usage_period(ext: *const gnutls_datum_t, activation: *mut time_t, expiration: *mut time_t) -> c_int {
        let (from, until) = ext::private_key_usage_period(ext_der(ext)?)?;
        out(activation, from);
        out(expiration, until);
        Ok(())
    }

    pub fn gnutls_x509_ext_export_private_key_usage_period(activation: time_t, expiration: time_t, ext: *mut gnutls_datum_t) -> c_int {
        datum_out(ext, &build::private_key_usage_period_value(activation, expiration)?)
    }

    pub fn gnutls_x509_ext_import_proxy(ext: *const gnutls_datum_t, pathlen: *mut c_int, policy_language: *mut *mut c_char, policy: *mut *mut c_char, sizeof_policy: *mut size_t) -> c_int {
        let (path, language, text) = objects::proxy_cert_info(ext_der(ext)?)?;
        out(pathlen, path);
        match &text {
            Some(t) => {
                if !policy.is_null() {
                    *policy = c_string(t)?;
                }
                out(sizeof_policy, t.len());
            }
            None => {
                out(policy, std::ptr::null_mut());
                out(sizeof_policy, 0);
            }
        }
        if !policy_language.is_null() {
            *policy_language = c_string(language.as_bytes())?;
        }
        Ok(())
    }

    /// A policy of size 0 is taken as a C string, as libtasn1 takes it; without a policy
    /// language the encoding misses a value (GNUTLS_E_ASN1_VALUE_NOT_FOUND).
    pub fn gnutls_x509_ext_export_proxy(path_len_constraint: c_int, policy_language: *const c_char, policy: *const c_char, sizeof_policy: size_t, ext: *mut gnutls_datum_t) -> c_int {
        let language = opt_str_arg(policy_language)?.ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?;
        let text = match (policy.is_null(), sizeof_policy) {
            (true, _) => None,
            (false, 0) => Some(std::ffi::CStr::from_ptr(policy).to_bytes()),
            (false, n) => Some(std::slice::from_raw_parts(policy as *const u8, n)),
        };
        datum_out(ext, &objects::proxy_cert_info_value(path_len_constraint, language, text)?)
    }

    pub fn gnutls_x509_ext_deinit(ext: *mut super::ctypes::gnutls_x509_ext_st) {
        let ext = borrow(ext)?;
        libc::free(ext.oid as *mut libc::c_void);
        libc::free(ext.data.data as *mut libc::c_void);
        Ok(())
    }

    /// The extensions as gnutls_x509_crt_print shows them (every format the same).
    pub fn gnutls_x509_ext_print(exts: *mut super::ctypes::gnutls_x509_ext_st, exts_size: c_uint, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let _ = format;
        if exts_size > 0 && exts.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        let mut list = Vec::new();
        for i in 0..exts_size as usize {
            let e = &*exts.add(i);
            list.push(crate::x509::core::Extension { oid: str_arg(e.oid)?.to_string(), critical: e.critical != 0, value: datum_arg(&e.data)?.to_vec() });
        }
        let text = crate::x509::print::print_extensions(&list);
        // Nothing printed is an empty datum without a buffer, as GnuTLS's buffers give it.
        if text.is_empty() {
            *borrow(out)? = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
            return Ok(());
        }
        datum_out(out, &text)
    }

    // ---- Certificate getters and setters over them ----

    /// The policy is the caller's, freed with gnutls_x509_policy_release.
    pub fn gnutls_x509_crt_get_policy(crt: gnutls_x509_crt_t, indx: c_uint, policy: *mut gnutls_x509_policy_st, critical: *mut c_uint) -> c_int {
        let slot = borrow(policy)?;
        std::ptr::write_bytes(slot as *mut gnutls_x509_policy_st, 0, 1);
        let value = crt_extension(crt, OID_POLICIES, critical)?;
        let mut policies = gnutls_x509_policies_st::default();
        policies.import(&value)?;
        let entry = policies.list.get(indx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let mut copy = policy_out(entry, &|_| Ok(std::ptr::null_mut()))?;
        // Copies are made one by one so that a failed allocation frees the earlier ones.
        let result = (|| -> Result<(), Error> {
            copy.oid = c_string(entry.oid.bytes())?;
            for (slot, (_, text)) in copy.qualifier.iter_mut().zip(&entry.qualifiers) {
                if let Some(t) = text {
                    slot.data = c_string(t.bytes())?;
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            policy_release(&mut copy);
            return Err(e);
        }
        *slot = copy;
        Ok(())
    }

    pub fn gnutls_x509_crt_set_policy(crt: gnutls_x509_crt_t, policy: *const gnutls_x509_policy_st, critical: c_uint) -> c_int {
        let cert = super::x509::crt(crt)?;
        let mut policies = gnutls_x509_policies_st::default();
        if let Ok((value, _)) = cert.extension_by_oid(OID_POLICIES, 0) {
            policies.import(&value)?;
        }
        policies.set(policy_arg(policy)?)?;
        let value = policies.export()?;
        // GnuTLS writes the policies non-critical whatever `critical` says.
        let _ = critical;
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_POLICIES, value: &value, critical: false })
    }

    /// GnuTLS 3.7.9 reads the extension with its key usage reader (an INTEGER is no BIT
    /// STRING), so this fails as it does there.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_get_inhibit_anypolicy(cert: gnutls_x509_crt_t, skipcerts: *mut c_uint, critical: *mut c_uint) -> c_int {
        let value = crt_extension(cert, OID_INHIBIT_ANY_POLICY, critical)?;
        out(skipcerts, 0);
        let skip = ext::key_usage(&value)?;
        out(skipcerts, skip);
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_crt_set_inhibit_anypolicy(crt: gnutls_x509_crt_t, skipcerts: c_uint) -> c_int {
        let value = objects::inhibit_any_policy_value(skipcerts)?;
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_INHIBIT_ANY_POLICY, value: &value, critical: true })
    }

    pub fn gnutls_x509_crt_get_proxy(cert: gnutls_x509_crt_t, critical: *mut c_uint, pathlen: *mut c_int, policy_language: *mut *mut c_char, policy: *mut *mut c_char, sizeof_policy: *mut size_t) -> c_int {
        let value = crt_extension(cert, OID_PROXY, critical)?;
        let ext = gnutls_datum_t::pointing_at(&value);
        let rc = gnutls_x509_ext_import_proxy(&ext, pathlen, policy_language, policy, sizeof_policy);
        if rc < 0 {
            return Err(Error::new(rc));
        }
        Ok(())
    }

    pub fn gnutls_x509_crt_set_proxy(crt: gnutls_x509_crt_t, path_len_constraint: c_int, policy_language: *const c_char, policy: *const c_char, sizeof_policy: size_t) -> c_int {
        let mut value = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        let rc = gnutls_x509_ext_export_proxy(path_len_constraint, policy_language, policy, sizeof_policy, &mut value);
        if rc < 0 {
            return Err(Error::new(rc));
        }
        let der = gnutls_datum_t::as_slice(&value).unwrap_or_default().to_vec();
        libc::free(value.data as *mut libc::c_void);
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_PROXY, value: &der, critical: true })
    }

    pub fn gnutls_x509_crt_get_private_key_usage_period(cert: gnutls_x509_crt_t, activation: *mut time_t, expiration: *mut time_t, critical: *mut c_uint) -> c_int {
        let value = crt_extension(cert, OID_PRIVATE_KEY_USAGE_PERIOD, critical)?;
        let (from, until) = ext::private_key_usage_period(&value)?;
        out(activation, from);
        out(expiration, until);
        Ok(())
    }

    pub fn gnutls_x509_crt_set_authority_info_access(crt: gnutls_x509_crt_t, what: c_int, data: *mut gnutls_datum_t) -> c_int {
        let cert = super::x509::crt(crt)?;
        let mut aia = gnutls_x509_aia_st::default();
        if let Ok((value, _)) = cert.extension_by_oid(OID_AIA, 0) {
            aia.import(&value)?;
        }
        let method = match what as c_uint {
            GNUTLS_IA_OCSP_URI => "1.3.6.1.5.5.7.48.1",
            GNUTLS_IA_CAISSUERS_URI => "1.3.6.1.5.5.7.48.2",
            _ => return Err(Error::INVALID_REQUEST),
        };
        aia.set(Some(method), GNUTLS_SAN_URI, datum_arg(data)?)?;
        let value = aia.export()?;
        super::x509::edit_extensions(crt, ExtensionEdit::Raw { oid: OID_AIA, value: &value, critical: false })
    }
}
