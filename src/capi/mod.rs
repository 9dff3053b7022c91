//! The C surface: every symbol of GnuTLS 3.7.9's `libgnutls.so.30`, one file per chapter of
//! the GnuTLS manual. Nothing here decides anything: an entry point borrows its arguments,
//! calls the safe core and turns the result into the function's C convention.
//!
//! Three macros make every export:
//! - [`entry!`] for what is implemented: `#[no_mangle] extern "C"`, the panic boundary, the
//!   name for logs (taken from the signature), and the conversion of the body's
//!   `Result<T, Error>` into the C return type (`CReturn`, `IntoC`);
//! - [`data!`] for the few exports that are variables (GnuTLS's allocator pointers);
//! - [`not_implemented!`] for the table of what is not (`not_implemented.rs`): one row per function, answering the honest value of its convention.
//!
//! `tools/surface.py` reads both macro uses to write the version script, the status table
//! that `gnutls-rustls-check` reads, and MATRIX.md; cbindgen reads their expansion.

use std::collections::HashSet;
use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use libc::{c_char, c_int, c_uint, c_void, size_t};

use crate::errors::Error;

/// A C return type, and what it says when the call failed: GnuTLS's value for "error" in
/// that convention (a negative code, or 0, NULL, `(time_t)-1` where the function has no room
/// for a code).
pub trait CReturn {
    fn from_error(e: Error) -> Self;
}

impl CReturn for c_int {
    fn from_error(e: Error) -> Self {
        e.code()
    }
}
impl CReturn for c_uint {
    fn from_error(_: Error) -> Self {
        0
    }
}
impl CReturn for isize {
    fn from_error(e: Error) -> Self {
        e.code() as isize
    }
}
impl CReturn for usize {
    fn from_error(_: Error) -> Self {
        0
    }
}
impl CReturn for u64 {
    fn from_error(_: Error) -> Self {
        0
    }
}
impl CReturn for u8 {
    fn from_error(_: Error) -> Self {
        0
    }
}
/// `time_t` (and `long`): GnuTLS answers `(time_t)-1` for "no time".
impl CReturn for i64 {
    fn from_error(_: Error) -> Self {
        -1
    }
}
/// Functions that hand out a callback answer "none".
impl<T> CReturn for Option<T> {
    fn from_error(_: Error) -> Self {
        None
    }
}
impl CReturn for () {
    fn from_error(_: Error) -> Self {}
}
impl<T> CReturn for *const T {
    fn from_error(_: Error) -> Self {
        std::ptr::null()
    }
}
impl<T> CReturn for *mut T {
    fn from_error(_: Error) -> Self {
        std::ptr::null_mut()
    }
}

/// How a body's success value becomes the C return value.
pub trait IntoC<R> {
    fn into_c(self) -> R;
}
impl<R: CReturn> IntoC<R> for R {
    fn into_c(self) -> R {
        self
    }
}
/// `Ok(())` is GnuTLS's 0.
impl IntoC<c_int> for () {
    fn into_c(self) -> c_int {
        0
    }
}
/// Predicates answer 1 or 0.
impl IntoC<c_int> for bool {
    fn into_c(self) -> c_int {
        self as c_int
    }
}
impl IntoC<c_uint> for bool {
    fn into_c(self) -> c_uint {
        self as c_uint
    }
}
/// Byte counts (`ssize_t`).
impl IntoC<isize> for usize {
    fn into_c(self) -> isize {
        self as isize
    }
}
/// Static names (`const char *`).
impl IntoC<*const c_char> for &'static CStr {
    fn into_c(self) -> *const c_char {
        self.as_ptr()
    }
}
/// A name GnuTLS may not have: NULL.
impl IntoC<*const c_char> for Option<&'static CStr> {
    fn into_c(self) -> *const c_char {
        self.map_or(std::ptr::null(), CStr::as_ptr)
    }
}

/// Runs an export's body: a panic never crosses into C, and the result takes the C form.
#[inline]
pub fn run<T: IntoC<R>, R: CReturn>(name: &'static str, body: impl FnOnce() -> Result<T, Error>) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v.into_c(),
        Ok(Err(e)) => R::from_error(e),
        Err(_) => {
            crate::global::log(1, format_args!("internal error: panic in {name}"));
            R::from_error(Error::INTERNAL)
        }
    }
}

static REPORTED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

/// What a function of the not-implemented table answers. The first call of each is logged
/// at level 1, so a user sees what a program asked for.
#[cold]
pub fn honest_answer<R: CReturn>(name: &'static str, reason: &'static str) -> R {
    if let Ok(mut seen) = REPORTED.lock() {
        if seen.get_or_insert_with(HashSet::new).insert(name) {
            crate::global::log(1, format_args!("{name}: not implemented in gnutls-rustls ({reason})"));
        }
    }
    R::from_error(Error::UNIMPLEMENTED)
}

/// Exports implemented functions. Each item is
/// `[docs] [#[node(GNUTLS_3_x)]] pub fn name(args) [-> C type] { body }`, where the body
/// evaluates to `Result<T, Error>` and `T` converts to the C type (`IntoC`); an error
/// becomes the convention's failure value (`CReturn`). The node (default `GNUTLS_3_4`) is
/// the GnuTLS version node the symbol is exported under; `tools/surface.py` reads it.
macro_rules! entry {
    ($(
        $(#[doc = $doc:literal])*
        $(#[node($node:ident)])?
        pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? $body:block
    )*) => {$(
        $(#[doc = $doc])*
        #[no_mangle]
        pub unsafe extern "C" fn $name($($arg: $ty),*) $(-> $ret)? {
            $crate::capi::run(stringify!($name), move || -> ::std::result::Result<_, $crate::errors::Error> { $body })
        }
    )*};
}
#[allow(unused_imports)]
pub(crate) use entry;

/// Exports variables, as GnuTLS exports its allocators (`gnutls_free` is data a program
/// reads). Each item is `[docs] [#[node(GNUTLS_3_x)]] pub static [mut] NAME: TYPE = EXPR;`;
/// `tools/surface.py` reads the node as for `entry!`.
macro_rules! data {
    () => {};
    (
        $(#[doc = $doc:literal])*
        $(#[node($node:ident)])?
        pub static mut $name:ident: $ty:ty = $value:expr;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[no_mangle]
        pub static mut $name: $ty = $value;
        $crate::capi::data! { $($rest)* }
    };
    (
        $(#[doc = $doc:literal])*
        $(#[node($node:ident)])?
        pub static $name:ident: $ty:ty = $value:expr;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[no_mangle]
        pub static $name: $ty = $value;
        $crate::capi::data! { $($rest)* }
    };
}
#[allow(unused_imports)]
pub(crate) use data;

/// Exports the rows of the not-implemented table. A row is
/// `name NODE reason: fn(args) [-> C type [= value]];`: the function answers the failure value
/// of its C type (`GNUTLS_E_UNIMPLEMENTED_FEATURE`, 0, NULL), or `value` where GnuTLS's
/// convention for "no" is something else (predicates answer 0, never a negative "true").
/// `private` rows are GnuTLS's `GNUTLS_PRIVATE_3_4` helpers, kept out of the header.
macro_rules! not_implemented {
    ($( $(#[$attr:meta])* $name:ident $node:ident $reason:ident: fn($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty $(= $value:expr)?)?; )*) => {$(
        #[doc = concat!(" Not implemented in gnutls-rustls (", stringify!($reason), ").")]
        $(#[$attr])*
        #[no_mangle]
        #[allow(unused_variables)]
        pub unsafe extern "C" fn $name($($arg: $ty),*) $(-> $ret)? {
            #[allow(unused_imports)]
            use $crate::capi::{ClearOutDatum as _, NotAnOutDatum as _};
            $( (&$crate::capi::Arg($arg)).clear_out(); )*
            $crate::capi::not_implemented!(@answer $name $reason $($ret $(= $value)?)?)
        }
    )*};
    (@answer $name:ident $reason:ident $ret:ty = $value:expr) => {{
        let _: $ret = $crate::capi::honest_answer(stringify!($name), stringify!($reason));
        $value
    }};
    (@answer $name:ident $reason:ident $($ret:ty)?) => {
        $crate::capi::honest_answer(stringify!($name), stringify!($reason))
    };
}
pub(crate) use not_implemented;

/// An argument of a not-implemented function. Output datums (`gnutls_datum_t *`, inputs are
/// `const`) are emptied, as GnuTLS empties them when it fails, so a program that frees what
/// it was handed frees NULL, not its own stale pointer; other arguments are left alone.
pub struct Arg<T>(pub T);
pub trait ClearOutDatum {
    fn clear_out(&self);
}
impl ClearOutDatum for Arg<*mut crate::capi::types::gnutls_datum_t> {
    fn clear_out(&self) {
        // SAFETY: C hands us either NULL or a datum to fill.
        if let Some(d) = unsafe { self.0.as_mut() } {
            d.data = std::ptr::null_mut();
            d.size = 0;
        }
    }
}
/// Chosen by method resolution only when the argument is not an output datum (autoref).
pub trait NotAnOutDatum {
    fn clear_out(&self) {}
}
impl<T> NotAnOutDatum for &Arg<T> {}

// divergence: GnuTLS crashes on most NULL handles; every export here answers
// GNUTLS_E_INVALID_REQUEST (or 0/NULL where it returns no code) instead.

/// Borrows the object behind a handle created with `Box::into_raw`.
pub unsafe fn borrow<'a, T>(p: *mut T) -> Result<&'a mut T, Error> {
    p.as_mut().ok_or(Error::INVALID_REQUEST)
}

/// Borrows a handle's object read-only.
pub unsafe fn borrow_ref<'a, T>(p: *const T) -> Result<&'a T, Error> {
    p.as_ref().ok_or(Error::INVALID_REQUEST)
}

/// Hands a new object to C through an out-parameter, as the `*_init` functions do.
/// `*out` is written only on success.
pub unsafe fn new_handle<T>(out: *mut *mut T, value: T) -> Result<(), Error> {
    // (Borrowed first: the right side of an assignment is evaluated before the place.)
    let out = borrow(out)?;
    *out = Box::into_raw(Box::new(value));
    Ok(())
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
pub unsafe fn str_arg<'a>(p: *const c_char) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    std::ffi::CStr::from_ptr(p).to_str().map_err(|_| Error::INVALID_REQUEST)
}

/// A (pointer, length) argument; a NULL pointer is only accepted with length 0.
pub unsafe fn bytes_arg<'a>(p: *const c_void, len: size_t) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    // No C object is longer than isize::MAX bytes; such a length is a caller's error.
    if p.is_null() || len > isize::MAX as usize {
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
pub fn cstr(s: &'static str) -> *const c_char {
    debug_assert!(s.ends_with('\0'));
    s.as_ptr() as *const c_char
}

/// An optional C string argument: NULL is `None`; text must be valid UTF-8.
pub unsafe fn opt_str_arg<'a>(p: *const c_char) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        return Ok(None);
    }
    str_arg(p).map(Some)
}

/// A (pointer, length) buffer the library fills; a NULL pointer is only accepted with length 0.
pub unsafe fn bytes_mut_arg<'a>(p: *mut c_void, len: size_t) -> Result<&'a mut [u8], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() || len > isize::MAX as usize {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(std::slice::from_raw_parts_mut(p as *mut u8, len))
}

/// A `const gnutls_datum_t *` argument's bytes; NULL data is only valid with size 0.
pub unsafe fn datum_arg<'a>(p: *const types::gnutls_datum_t) -> Result<&'a [u8], Error> {
    types::gnutls_datum_t::as_slice(p).ok_or(Error::INVALID_REQUEST)
}

/// Hands bytes to C in a `gnutls_datum_t` it frees with `gnutls_free`.
pub unsafe fn datum_out(p: *mut types::gnutls_datum_t, bytes: &[u8]) -> Result<(), Error> {
    let out = borrow(p)?;
    *out = types::gnutls_datum_t::copy_of(bytes)?;
    Ok(())
}

/// Like `datum_out`, for an output the caller may leave NULL.
pub unsafe fn opt_datum_out(p: *mut types::gnutls_datum_t, bytes: &[u8]) -> Result<(), Error> {
    if p.is_null() {
        return Ok(());
    }
    datum_out(p, bytes)
}

/// What GnuTLS's getters that fill a caller's buffer through libtasn1 do first: a NULL
/// buffer counts as no room (the size becomes 0), any other is zeroed for its size.
pub unsafe fn clear_output(buf: *mut c_void, size: &mut size_t) {
    if buf.is_null() {
        *size = 0;
    } else {
        std::ptr::write_bytes(buf as *mut u8, 0, *size);
    }
}

/// Copies into a caller's buffer with GnuTLS's size convention: `*size` is set to the
/// needed length; a too-small (or NULL) buffer gets `GNUTLS_E_SHORT_MEMORY_BUFFER`.
pub unsafe fn copy_out(bytes: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    let size = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    let have = *size;
    *size = bytes.len();
    if buf.is_null() || have < bytes.len() {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf as *mut u8, bytes.len());
    Ok(())
}

/// GnuTLS's convention for an export that may be PEM (`gnutls_x509_privkey_export`,
/// `gnutls_pubkey_export`): DER as `copy_out`; PEM needs room for a NUL, which is counted
/// in the size asked for but not in the size reported on success.
pub unsafe fn export_out(pem: bool, bytes: &[u8], buf: *mut c_void, size: *mut size_t) -> Result<(), Error> {
    if !pem {
        return copy_out(bytes, buf, size);
    }
    let size = size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if buf.is_null() || *size < bytes.len() + 1 {
        *size = bytes.len() + 1;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf as *mut u8, bytes.len());
    *(buf as *mut u8).add(bytes.len()) = 0;
    *size = bytes.len();
    Ok(())
}

/// Hands new objects to C as a new array of handles, as the `*_list_import2` functions do
/// (the caller frees each object and, with `gnutls_free`, the array: libc's free, as for our
/// datums); with `terminated`, a NULL follows the last handle.
pub unsafe fn handle_array<T>(items: Vec<T>, terminated: bool) -> Result<*mut *mut T, Error> {
    let len = items.len() + terminated as usize;
    let array = libc::malloc(len.max(1) * std::mem::size_of::<*mut T>()) as *mut *mut T;
    if array.is_null() {
        return Err(Error::MEMORY);
    }
    for (i, item) in items.into_iter().enumerate() {
        *array.add(i) = Box::into_raw(Box::new(item));
    }
    if terminated {
        *array.add(len - 1) = std::ptr::null_mut();
    }
    Ok(array)
}

/// Hands an object to C as a shared handle (`Arc::into_raw`): credentials, priorities.
pub fn share<T>(value: T) -> *mut T {
    std::sync::Arc::into_raw(std::sync::Arc::new(value)) as *mut T
}

/// Drops C's reference to a shared handle; NULL is allowed, as in GnuTLS.
pub unsafe fn release_shared<T>(p: *const T) {
    if !p.is_null() {
        drop(std::sync::Arc::from_raw(p));
    }
}

/// Borrows a session handle's state.
pub unsafe fn session_of<'a>(p: types::gnutls_session_t) -> Result<&'a mut crate::session::Session, Error> {
    Ok(borrow_ref(p)?.state())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::*;

    #[test]
    fn results_take_the_c_form() {
        assert_eq!(run::<(), c_int>("t", || Ok(())), 0);
        assert_eq!(run::<(), c_int>("t", || Err(Error::INVALID_REQUEST)), GNUTLS_E_INVALID_REQUEST);
        assert_eq!(run::<bool, c_int>("t", || Ok(true)), 1);
        assert_eq!(run::<c_uint, c_uint>("t", || Err(Error::INTERNAL)), 0);
        assert_eq!(run::<usize, isize>("t", || Ok(7)), 7);
        assert!(run::<*const c_char, *const c_char>("t", || Err(Error::INTERNAL)).is_null());
        assert_eq!(run::<i64, i64>("t", || Err(Error::INTERNAL)), -1);
    }

    #[test]
    fn a_panic_becomes_an_error() {
        assert_eq!(run::<(), c_int>("t", || panic!("boom")), GNUTLS_E_INTERNAL_ERROR);
        assert!(run::<*mut c_void, *mut c_void>("t", || panic!("boom")).is_null());
    }

    #[test]
    fn not_implemented_is_never_success() {
        assert_eq!(honest_answer::<c_int>("t", "not-yet"), GNUTLS_E_UNIMPLEMENTED_FEATURE);
        assert_eq!(honest_answer::<c_uint>("t", "not-yet"), 0);
        assert!(honest_answer::<*mut c_void>("t", "not-yet").is_null());
    }
}

// The chapters, in the order of the header (cbindgen follows the source).
mod errors;
mod safe_memory;
pub(crate) mod global;
mod priority;
mod alert;
mod verify;
pub(crate) mod x509;
mod x509_privkey;
mod abstract_keys;
mod external_keys;
pub(crate) mod pcert;
mod x509_dn;
mod x509_crq;
mod x509_ext;
mod crl;
pub(crate) mod trust_list;
mod cli_support;
mod idna;
mod file;
mod ocsp;
mod crypto;
mod algorithms;
pub mod types;
pub mod ctypes;
mod callbacks;
mod credentials;
mod handshake;
mod record;
pub mod session;
mod transport;
#[path = "not_implemented.rs"]
mod table;
mod pkcs11;
mod fips;
mod buffer;
mod private;
mod dh_groups;
mod pkcs12;
mod pkcs7;
mod crypto_api;
mod tofu;
mod hex;
pub(crate) mod quic;
