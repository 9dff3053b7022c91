//! Internationalised names (GnuTLS manual: "Internationalized names").

use libc::{c_char, c_int, c_uint};

use super::types::*;
use super::{borrow, bytes_arg};
use crate::errors::Error;

entry! {
    /// The ASCII (IDNA) form of a host name, allocated for the caller (`gnutls_free`).
    pub fn gnutls_idna_map(input: *const c_char, ilen: c_uint, out: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let _ = flags;
        let out = borrow(out)?;
        let mapped = crate::idna::map(bytes_arg(input as *const libc::c_void, ilen as usize)?)?;
        *out = gnutls_datum_t::copy_of(&mapped)?;
        Ok::<(), Error>(())
    }
}

entry! {
    /// The Unicode form of an IDNA host name, allocated for the caller (`gnutls_free`).
    pub fn gnutls_idna_reverse_map(input: *const c_char, ilen: c_uint, out: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let _ = flags;
        let out = borrow(out)?;
        let mapped = crate::idna::reverse_map(bytes_arg(input as *const libc::c_void, ilen as usize)?)?;
        *out = gnutls_datum_t::copy_of(&mapped)?;
        Ok::<(), Error>(())
    }
}
