//! X.509 extension objects (GnuTLS manual: "X.509 certificate API", `gnutls_x509_ext_*` and
//! the objects they fill): today the TLS features extension (RFC 7633), which servers such
//! as lighttpd read to honour OCSP Must-Staple.

use libc::{c_int, c_uint};

use super::types::*;
use super::{borrow, borrow_ref, datum_arg, datum_out, free_handle, new_handle, out};
use crate::errors::Error;
use crate::x509::build::ExtensionEdit;
use crate::x509::ext::{gnutls_x509_tlsfeatures_st, TlsFeatures, OID_TLS_FEATURES};

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
}
