//! GnuTLS's hex helpers (manual: "Core TLS API", `gnutls_hex_encode` and friends), on
//! RustCrypto's `base16ct`: lower-case output, either case read, odd lengths refused.

use libc::{c_char, c_int, c_void, size_t};

use super::types::*;
use super::{borrow, datum_arg, datum_out};
use crate::constants::*;
use crate::errors::Error;

fn decoded(hex: &[u8]) -> Result<Vec<u8>, Error> {
    base16ct::mixed::decode_vec(hex).map_err(|_| Error::new(GNUTLS_E_PARSING_ERROR))
}

entry! {
    /// A buffer shorter than half the input is GNUTLS_E_SHORT_MEMORY_BUFFER, with the size
    /// left as it was, as GnuTLS leaves it.
    pub fn gnutls_hex_decode(hex_data: *const gnutls_datum_t, result: *mut c_void, result_size: *mut size_t) -> c_int {
        let hex = datum_arg(hex_data)?;
        let size = borrow(result_size)?;
        if *size < hex.len() / 2 {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        let bytes = decoded(hex)?;
        if !bytes.is_empty() {
            if result.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), result as *mut u8, bytes.len());
        }
        *size = bytes.len();
        Ok(())
    }

    pub fn gnutls_hex_decode2(data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let bytes = decoded(datum_arg(data)?)?;
        datum_out(result, &bytes)
    }

    /// Lower-case hex and a NUL; the size needed counts the NUL, the size reported does not.
    pub fn gnutls_hex_encode(data: *const gnutls_datum_t, result: *mut c_char, result_size: *mut size_t) -> c_int {
        let text = base16ct::lower::encode_string(datum_arg(data)?);
        let size = borrow(result_size)?;
        if *size < text.len() + 1 {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        if result.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        std::ptr::copy_nonoverlapping(text.as_ptr(), result as *mut u8, text.len());
        *result.add(text.len()) = 0;
        *size = text.len() + 1;
        Ok(())
    }

    /// The datum holds the text and a NUL after it, which its size does not count.
    pub fn gnutls_hex_encode2(data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let mut text = base16ct::lower::encode_string(datum_arg(data)?).into_bytes();
        text.push(0);
        datum_out(result, &text)?;
        borrow(result)?.size -= 1;
        Ok(())
    }
}
