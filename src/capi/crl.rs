//! X.509 CRL objects (GnuTLS manual: "X.509 certificate revocation lists"): created, imported
//! and freed, for giving to trust lists (`gnutls_x509_trust_list_add_crls`).

use libc::c_int;

use super::types::*;
use crate::constants::*;
use super::{borrow, datum_arg, free_handle, new_handle};
use crate::x509::gnutls_x509_crl_int;

entry! {
    pub fn gnutls_x509_crl_init(crl: *mut gnutls_x509_crl_t) -> c_int {
        new_handle(crl, gnutls_x509_crl_int::default())
    }

    pub fn gnutls_x509_crl_deinit(crl: gnutls_x509_crl_t) {
        free_handle(crl);
        Ok(())
    }

    /// Imports a CRL (the first one of PEM data), as credentials load CRLs.
    pub fn gnutls_x509_crl_import(crl: gnutls_x509_crl_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        // GnuTLS reads anything but PEM as DER.
        borrow(crl)?.import(datum_arg(data)?, format == GNUTLS_X509_FMT_PEM)
    }
}
