//! GnuTLS's memory helpers for secrets (manual: "Core TLS API", safe memory functions):
//! a memset the compiler may not drop and a comparison that takes the same time whatever
//! the bytes.

use libc::{c_int, c_void, size_t};

entry! {
    /// Fills memory (volatile writes, so clearing a secret is never optimised away).
    pub fn gnutls_memset(data: *mut c_void, c: c_int, size: size_t) {
        if !data.is_null() {
            let bytes = std::slice::from_raw_parts_mut(data as *mut u8, size);
            for b in bytes.iter_mut() {
                std::ptr::write_volatile(b, c as u8);
            }
        }
        Ok(())
    }

    /// 0 if the buffers are identical, non-zero otherwise, in constant time.
    pub fn gnutls_memcmp(s1: *const c_void, s2: *const c_void, n: size_t) -> c_int {
        let (a, b) = (super::bytes_arg(s1, n)?, super::bytes_arg(s2, n)?);
        Ok(!crate::secret::constant_time_eq(a, b))
    }
}
