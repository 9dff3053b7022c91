//! Compatibility shim for the modules whose exports have not yet moved to `capi/` (they
//! still hand-write `#[no_mangle]` with `guard` and `code`). The pointer helpers are
//! `capi`'s; delete this file once nothing uses it.

use std::panic::{catch_unwind, AssertUnwindSafe};

use libc::{c_int, c_uint};

pub use crate::capi::{borrow, borrow_ref as borrow_shared, bytes_arg, clone_shared, free_handle, out, str_arg};
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

/// Hands a new object to C through an out-parameter, as the `*_init` functions do.
pub unsafe fn new_handle<T>(out: *mut *mut T, value: T) -> c_int {
    code(crate::capi::new_handle(out, value))
}
