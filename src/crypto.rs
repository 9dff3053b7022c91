//! Digests for programs (`gnutls_hash_fast`, `gnutls_fingerprint`) and the algorithm
//! lookups that go with them.

use libc::{c_char, c_int, c_void, size_t};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{bytes_arg, code, guard, str_arg};
use crate::types::*;
use crate::x509::core::digest;

fn hash(algorithm: gnutls_digest_algorithm_t, data: &[u8]) -> Result<Vec<u8>, Error> {
    digest(algorithm as i32, data).map_err(Error::new)
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_hash_fast(
    algorithm: gnutls_digest_algorithm_t,
    text: *const c_void,
    textlen: size_t,
    digest_out: *mut c_void,
) -> c_int {
    guard("gnutls_hash_fast", || {
        code((|| {
            let out = hash(algorithm, bytes_arg(text, textlen)?)?;
            if digest_out.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            std::ptr::copy_nonoverlapping(out.as_ptr(), digest_out as *mut u8, out.len());
            Ok(())
        })())
    })
}

/// GnuTLS's convention: a too-small size is an error that reports the size needed; with
/// room enough, a NULL result only asks for the size.
#[no_mangle]
pub unsafe extern "C" fn gnutls_fingerprint(
    algo: gnutls_digest_algorithm_t,
    data: *const gnutls_datum_t,
    result: *mut c_void,
    result_size: *mut size_t,
) -> c_int {
    guard("gnutls_fingerprint", || {
        code((|| {
            let size = result_size.as_mut().ok_or(Error::INVALID_REQUEST)?;
            let out = hash(algo, gnutls_datum_t::as_slice(data).ok_or(Error::INVALID_REQUEST)?)?;
            if *size < out.len() {
                *size = out.len();
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            *size = out.len();
            if !result.is_null() {
                std::ptr::copy_nonoverlapping(out.as_ptr(), result as *mut u8, out.len());
            }
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_digest_get_id(name: *const c_char) -> gnutls_digest_algorithm_t {
    guard("gnutls_digest_get_id", || match str_arg(name) {
        Ok(n) => crate::algorithms::digest_id(n),
        Err(_) => GNUTLS_DIG_UNKNOWN,
    })
}

/// The digest a signature algorithm uses.
pub fn sign_hash(sign: gnutls_sign_algorithm_t) -> gnutls_digest_algorithm_t {
    match sign {
        GNUTLS_SIGN_RSA_SHA1 | GNUTLS_SIGN_ECDSA_SHA1 | GNUTLS_SIGN_DSA_SHA1 => GNUTLS_DIG_SHA1,
        GNUTLS_SIGN_RSA_SHA224 | GNUTLS_SIGN_ECDSA_SHA224 | GNUTLS_SIGN_DSA_SHA224 => GNUTLS_DIG_SHA224,
        GNUTLS_SIGN_RSA_SHA256 | GNUTLS_SIGN_ECDSA_SHA256 | GNUTLS_SIGN_DSA_SHA256 | GNUTLS_SIGN_RSA_PSS_SHA256
        | GNUTLS_SIGN_RSA_PSS_RSAE_SHA256 | GNUTLS_SIGN_ECDSA_SECP256R1_SHA256 => GNUTLS_DIG_SHA256,
        GNUTLS_SIGN_RSA_SHA384 | GNUTLS_SIGN_ECDSA_SHA384 | GNUTLS_SIGN_DSA_SHA384 | GNUTLS_SIGN_RSA_PSS_SHA384
        | GNUTLS_SIGN_RSA_PSS_RSAE_SHA384 | GNUTLS_SIGN_ECDSA_SECP384R1_SHA384 => GNUTLS_DIG_SHA384,
        GNUTLS_SIGN_RSA_SHA512 | GNUTLS_SIGN_ECDSA_SHA512 | GNUTLS_SIGN_DSA_SHA512 | GNUTLS_SIGN_RSA_PSS_SHA512
        | GNUTLS_SIGN_RSA_PSS_RSAE_SHA512 | GNUTLS_SIGN_ECDSA_SECP521R1_SHA512 => GNUTLS_DIG_SHA512,
        GNUTLS_SIGN_RSA_MD5 => GNUTLS_DIG_MD5,
        _ => GNUTLS_DIG_UNKNOWN,
    }
}

#[no_mangle]
pub extern "C" fn gnutls_sign_get_hash_algorithm(sign: gnutls_sign_algorithm_t) -> gnutls_digest_algorithm_t {
    guard("gnutls_sign_get_hash_algorithm", || sign_hash(sign))
}
