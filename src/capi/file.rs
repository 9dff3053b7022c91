//! Reading files (GnuTLS's `gnutls_load_file`, a helper programs use for certificates and
//! keys).

use libc::{c_char, c_int};

use super::types::*;
use super::{borrow, str_arg};
use crate::credentials::read_file;

entry! {
    /// The whole file, allocated for the caller (`gnutls_free`); GNUTLS_E_FILE_ERROR when
    /// it cannot be read.
    pub fn gnutls_load_file(filename: *const c_char, data: *mut gnutls_datum_t) -> c_int {
        let out = borrow(data)?;
        let bytes = read_file(str_arg(filename)?)?;
        *out = gnutls_datum_t::copy_of(&bytes)?;
        Ok(())
    }
}
