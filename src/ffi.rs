//! The one way C enters the library: a panic boundary around every export, the helpers
//! that turn C pointers into Rust references, and the conversion of results into GnuTLS's
//! return conventions.

use std::panic::{catch_unwind, AssertUnwindSafe};

use libc::{c_int, c_uint, c_void};

use crate::constants::*;
use crate::errors::Error;

/// What an export returns when its body panicked: an error code where the function
/// returns one, otherwise the value GnuTLS documents for "unknown".
pub trait PanicValue {
    fn on_panic() -> Self;
}
impl PanicValue for c_int {
    fn on_panic() -> Self {
        GNUTLS_E_INTERNAL_ERROR
    }
}
impl PanicValue for c_uint {
    fn on_panic() -> Self {
        0
    }
}
impl PanicValue for isize {
    fn on_panic() -> Self {
        GNUTLS_E_INTERNAL_ERROR as isize
    }
}
impl PanicValue for usize {
    fn on_panic() -> Self {
        0
    }
}
impl PanicValue for i64 {
    fn on_panic() -> Self {
        -1
    }
}
impl PanicValue for () {
    fn on_panic() -> Self {}
}
impl<T> PanicValue for *const T {
    fn on_panic() -> Self {
        std::ptr::null()
    }
}
impl<T> PanicValue for *mut T {
    fn on_panic() -> Self {
        std::ptr::null_mut()
    }
}

/// Runs an export's body; a panic never crosses into C.
pub fn guard<R: PanicValue>(name: &'static str, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(_) => {
            crate::global::log(1, &format!("internal error: panic in {name}"));
            R::on_panic()
        }
    }
}

/// Turns a result into GnuTLS's "0 or negative code" convention.
pub fn code(r: Result<(), Error>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => e.code(),
    }
}

/// Turns a result into the "non-negative value or negative code" convention.
pub fn value(r: Result<c_int, Error>) -> c_int {
    match r {
        Ok(v) => v,
        Err(e) => e.code(),
    }
}

/// Byte counts from `record_send`/`record_recv`.
pub fn ssize(r: Result<usize, Error>) -> isize {
    match r {
        Ok(n) => n as isize,
        Err(e) => e.code() as isize,
    }
}

// divergence: GnuTLS crashes on most NULL handles; every export here answers
// GNUTLS_E_INVALID_REQUEST (or 0/NULL where it returns no code) instead.

/// Borrows the object behind a handle created with `Box::into_raw`.
pub unsafe fn borrow<'a, T>(p: *mut T) -> Result<&'a mut T, Error> {
    p.as_mut().ok_or(Error::INVALID_REQUEST)
}

/// Borrows an object shared as `Arc::into_raw` (credentials, priorities).
pub unsafe fn borrow_shared<'a, T>(p: *const T) -> Result<&'a T, Error> {
    p.as_ref().ok_or(Error::INVALID_REQUEST)
}

/// Hands a new object to C through an out-parameter, as the `*_init` functions do.
pub unsafe fn new_handle<T>(out: *mut *mut T, value: T) -> c_int {
    code((|| {
        *borrow(out)? = Box::into_raw(Box::new(value));
        Ok(())
    })())
}

/// Frees an object handed out by `new_handle`; NULL is allowed, as in GnuTLS.
pub unsafe fn free_handle<T>(p: *mut T) {
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

/// Takes a new strong reference to an object handed to C by `Arc::into_raw`.
pub unsafe fn clone_shared<T>(p: *const T) -> Result<std::sync::Arc<T>, Error> {
    if p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    std::sync::Arc::increment_strong_count(p);
    Ok(std::sync::Arc::from_raw(p))
}

/// A C string argument, which must be valid UTF-8 where GnuTLS expects text.
pub unsafe fn str_arg<'a>(p: *const libc::c_char) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    std::ffi::CStr::from_ptr(p).to_str().map_err(|_| Error::INVALID_REQUEST)
}

/// A (pointer, length) argument; a NULL pointer is only accepted with length 0.
pub unsafe fn bytes_arg<'a>(p: *const c_void, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(std::slice::from_raw_parts(p as *const u8, len))
}

/// Writes an out-parameter, if the caller gave one.
pub unsafe fn out<T>(p: *mut T, v: T) {
    if !p.is_null() {
        p.write(v);
    }
}

/// A static NUL-terminated name for C, from a Rust literal that carries its own NUL.
pub fn cstr(s: &'static str) -> *const libc::c_char {
    debug_assert!(s.ends_with('\0'));
    s.as_ptr() as *const libc::c_char
}
