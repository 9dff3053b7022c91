//! Error codes (GnuTLS manual: "Error codes and descriptions").

use std::ffi::c_char;

use libc::c_int;

use crate::errors::{is_fatal, message, name};

entry! {
    pub fn gnutls_strerror(error: c_int) -> *const c_char {
        Ok(message(error).as_ptr())
    }

    /// NULL for codes GnuTLS does not know.
    pub fn gnutls_strerror_name(error: c_int) -> *const c_char {
        Ok(name(error).map_or(std::ptr::null(), |n| n.as_ptr()))
    }

    pub fn gnutls_error_is_fatal(error: c_int) -> c_int {
        Ok(is_fatal(error))
    }

    pub fn gnutls_perror(error: c_int) {
        eprintln!("GnuTLS error: {}", message(error).to_string_lossy());
        Ok(())
    }
}
