//! GnuTLS's hex helpers (manual: "Core TLS API", `gnutls_hex_encode` and friends) over
//! `crate::hex`, and the random art of a fingerprint (`gnutls_random_art`).

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::types::*;
use super::{borrow, bytes_arg, datum_arg, datum_out};
use crate::constants::*;
use crate::errors::Error;
use crate::hex;

/// Copies decoded bytes into the caller's buffer, which must be there when there are any.
unsafe fn copy_into(result: *mut c_void, bytes: &[u8]) -> Result<(), Error> {
    if !bytes.is_empty() {
        if result.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), result as *mut u8, bytes.len());
    }
    Ok(())
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
        let bytes = hex::decode_strict(hex)?;
        copy_into(result, &bytes)?;
        *size = bytes.len();
        Ok(())
    }

    pub fn gnutls_hex_decode2(data: *const gnutls_datum_t, result: *mut gnutls_datum_t) -> c_int {
        let bytes = hex::decode_strict(datum_arg(data)?)?;
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

    /// Non-digits between bytes are skipped. The size is set on success only; GnuTLS fills
    /// the buffer as it goes, so what fitted is there after GNUTLS_E_SHORT_MEMORY_BUFFER
    /// (checked before each byte, so before a last unpaired digit's GNUTLS_E_PARSING_ERROR).
    pub fn gnutls_hex2bin(hex_data: *const c_char, hex_size: size_t, bin_data: *mut c_void, bin_size: *mut size_t) -> c_int {
        let text = bytes_arg(hex_data as *const c_void, hex_size)?;
        let size = borrow(bin_size)?;
        let decoded = hex::decode_separated(text);
        let fitting = decoded.bytes.len().min(*size);
        copy_into(bin_data, &decoded.bytes[..fitting])?;
        if decoded.bytes.len() + usize::from(decoded.unpaired_digit) > *size {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        if decoded.unpaired_digit {
            return Err(Error::new(GNUTLS_E_PARSING_ERROR));
        }
        *size = decoded.bytes.len();
        Ok(())
    }

    /// The picture is NUL-terminated; its size does not count the NUL. A NULL key type is
    /// printed "(null)", as glibc's printf, which GnuTLS hands it to, prints it.
    pub fn gnutls_random_art(type_: gnutls_random_art_t, key_type: *const c_char, key_size: c_uint, fpr: *mut c_void, fpr_size: size_t, art: *mut gnutls_datum_t) -> c_int {
        if type_ != GNUTLS_RANDOM_ART_OPENSSH {
            return Err(Error::INVALID_REQUEST);
        }
        let fingerprint = bytes_arg(fpr as *const c_void, fpr_size)?;
        borrow(art)?;
        let kind = if key_type.is_null() { b"(null)".as_slice() } else { std::ffi::CStr::from_ptr(key_type).to_bytes() };
        datum_out(art, &crate::randomart::openssh(fingerprint, kind, key_size))
    }
}
