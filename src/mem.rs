//! Memory the library hands out. GnuTLS exports its allocators as variables holding
//! function pointers (programs read `gnutls_free` as data), so these are statics.

use libc::{c_char, c_void, size_t};

use crate::types::*;

unsafe extern "C" fn free_impl(p: *mut c_void) {
    libc::free(p)
}
unsafe extern "C" fn malloc_impl(n: size_t) -> *mut c_void {
    libc::malloc(n)
}
unsafe extern "C" fn calloc_impl(n: size_t, m: size_t) -> *mut c_void {
    libc::calloc(n, m)
}
unsafe extern "C" fn realloc_impl(p: *mut c_void, n: size_t) -> *mut c_void {
    libc::realloc(p, n)
}
unsafe extern "C" fn strdup_impl(s: *const c_char) -> *mut c_char {
    if s.is_null() {
        return std::ptr::null_mut();
    }
    libc::strdup(s)
}

#[no_mangle]
pub static mut gnutls_free: gnutls_free_function = Some(free_impl);
#[no_mangle]
pub static mut gnutls_malloc: gnutls_alloc_function = Some(malloc_impl);
#[no_mangle]
pub static mut gnutls_calloc: gnutls_calloc_function = Some(calloc_impl);
#[no_mangle]
pub static mut gnutls_realloc: gnutls_realloc_function = Some(realloc_impl);
#[no_mangle]
pub static mut gnutls_strdup: gnutls_strdup_function = Some(strdup_impl);

/// Copies bytes into a fresh `gnutls_malloc` buffer that the caller frees with `gnutls_free`.
/// A trailing NUL is added (not counted), as GnuTLS does for exported data.
pub fn datum_from(bytes: &[u8]) -> Option<gnutls_datum_t> {
    let size = libc::c_uint::try_from(bytes.len()).ok()?;
    // SAFETY: a fresh allocation of len+1 bytes, filled before it is handed out.
    unsafe {
        let p = libc::malloc(bytes.len() + 1) as *mut u8;
        if p.is_null() {
            return None;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
        *p.add(bytes.len()) = 0;
        Some(gnutls_datum_t { data: p, size })
    }
}

/// Copies into a caller's buffer with GnuTLS's size convention: `*size` is set to the
/// needed length; a too-small (or NULL) buffer gets `GNUTLS_E_SHORT_MEMORY_BUFFER`.
pub unsafe fn copy_out(bytes: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), crate::errors::Error> {
    use crate::errors::Error;
    let size = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    let have = *size;
    *size = bytes.len();
    if buf.is_null() || have < bytes.len() {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf as *mut u8, bytes.len());
    Ok(())
}
