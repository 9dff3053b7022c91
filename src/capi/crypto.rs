//! Digests for programs (GnuTLS manual: "Hash and MAC functions"; `gnutls_fingerprint`).

use libc::{c_char, c_int, c_void, size_t};

use super::types::*;
use super::{borrow, bytes_arg, datum_arg, str_arg};
use crate::constants::*;
use crate::algorithms::sign_hash;
use crate::crypto::hash;
use crate::errors::Error;

/// Writes a digest to a buffer the caller sized for it.
unsafe fn write_digest(digest: &[u8], out: *mut c_void) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    std::ptr::copy_nonoverlapping(digest.as_ptr(), out as *mut u8, digest.len());
    Ok(())
}

/// `gnutls_fingerprint`'s convention: a too-small size is an error that reports the size
/// needed; with room enough, a NULL result only asks for the size.
unsafe fn fingerprint_out(digest: &[u8], result: *mut c_void, result_size: &mut size_t) -> Result<(), Error> {
    let room = std::mem::replace(result_size, digest.len());
    if room < digest.len() {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    if !result.is_null() {
        std::ptr::copy_nonoverlapping(digest.as_ptr(), result as *mut u8, digest.len());
    }
    Ok(())
}

entry! {
    pub fn gnutls_hash_fast(
        algorithm: gnutls_digest_algorithm_t,
        text: *const c_void,
        textlen: size_t,
        digest_out: *mut c_void,
    ) -> c_int {
        write_digest(&hash(algorithm, bytes_arg(text, textlen)?)?, digest_out)
    }

    /// GnuTLS's convention: a too-small size is an error that reports the size needed; with
    /// room enough, a NULL result only asks for the size.
    pub fn gnutls_fingerprint(
        algo: gnutls_digest_algorithm_t,
        data: *const gnutls_datum_t,
        result: *mut c_void,
        result_size: *mut size_t,
    ) -> c_int {
        let size = borrow(result_size)?;
        fingerprint_out(&hash(algo, datum_arg(data)?)?, result, size)
    }

    pub fn gnutls_digest_get_id(name: *const c_char) -> gnutls_digest_algorithm_t {
        Ok(crate::algorithms::digest_id(str_arg(name)?))
    }

    pub fn gnutls_sign_get_hash_algorithm(sign: gnutls_sign_algorithm_t) -> gnutls_digest_algorithm_t {
        Ok(sign_hash(sign))
    }
}
