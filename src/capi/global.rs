//! Library initialisation, version, logging, randomness and the allocators (GnuTLS manual:
//! "Core TLS API", global functions; "Random number generation").

use std::ffi::CStr;
use std::sync::Arc;

use libc::{c_char, c_int, c_void, size_t};

use super::ctypes::*;
use super::types::*;
use crate::global::{self, LogSink};

/// GnuTLS reads `GNUTLS_DEBUG_LEVEL` when the library is loaded, before any call.
extern "C" fn on_load() {
    global::init_from_environment();
}

#[used]
#[link_section = ".init_array"]
static ON_LOAD: extern "C" fn() = on_load;

/// The program's log function as the core's log sink.
fn log_sink(log_func: gnutls_log_func) -> Option<LogSink> {
    let f = log_func?;
    Some(Arc::new(move |level, line: &CStr| unsafe { f(level, line.as_ptr()) }))
}

/// `gnutls_check_version`'s argument: any bytes, compared as GnuTLS compares them.
unsafe fn version_arg(p: *const c_char) -> Option<String> {
    (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy().into_owned())
}

entry! {
    pub fn gnutls_global_init() -> c_int {
        global::init();
        Ok(())
    }

    pub fn gnutls_global_deinit() {
        global::deinit();
        Ok(())
    }

    /// `gnutls_check_version`: the version string if it is at least `req_version`.
    pub fn gnutls_check_version(req_version: *const c_char) -> *const c_char {
        Ok(global::check_version(version_arg(req_version).as_deref()))
    }

    pub fn gnutls_global_set_log_function(log_func: gnutls_log_func) {
        global::set_log_sink(log_sink(log_func));
        Ok(())
    }

    pub fn gnutls_global_set_log_level(level: c_int) {
        global::set_log_level(level);
        Ok(())
    }

    /// The program's clock for certificate validity and ticket lifetimes.
    // divergence: NULL restores the system clock (GnuTLS would call through NULL).
    pub fn gnutls_global_set_time_function(time_func: gnutls_time_func) {
        global::set_clock(time_func.map(|f| -> global::Clock { Arc::new(move || unsafe { f(std::ptr::null_mut()) as i64 }) }));
        Ok(())
    }

    /// Audit messages go to this function, with no session (`gnutls_audit_log_func`).
    pub fn gnutls_global_set_audit_log_function(log_func: gnutls_audit_log_func) {
        let sink = log_func.map(|f| -> LogSink { Arc::new(move |_, line: &CStr| unsafe { f(std::ptr::null_mut(), line.as_ptr()) }) });
        global::set_audit_sink(sink);
        Ok(())
    }

    /// The library's locks are Rust's own, correct whatever threads the program uses, so
    /// the program's mutex functions are not needed (GnuTLS uses them instead of pthreads).
    pub fn gnutls_global_set_mutex(
        init: mutex_init_func,
        deinit: mutex_deinit_func,
        lock: mutex_lock_func,
        unlock: mutex_unlock_func,
    ) {
        let _ = (init, deinit, lock, unlock);
        Ok(())
    }

    /// Deprecated since GnuTLS 3.3, where it does nothing but log that it was called.
    pub fn gnutls_global_set_mem_functions(
        arg0: gnutls_alloc_function,
        arg1: gnutls_alloc_function,
        arg2: gnutls_is_secure_function,
        arg3: gnutls_realloc_function,
        arg4: gnutls_free_function,
    ) {
        let _ = (arg0, arg1, arg2, arg3, arg4);
        global::log(2, "called the deprecated gnutls_global_set_mem_functions()");
        Ok(())
    }
}

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

// GnuTLS exports its allocators as variables holding function pointers (programs read
// `gnutls_free` as data); what the library hands out is freed with `gnutls_free`.
data! {
    pub static mut gnutls_free: gnutls_free_function = Some(free_impl);
    pub static mut gnutls_malloc: gnutls_alloc_function = Some(malloc_impl);
    pub static mut gnutls_calloc: gnutls_calloc_function = Some(calloc_impl);
    pub static mut gnutls_realloc: gnutls_realloc_function = Some(realloc_impl);
    pub static mut gnutls_strdup: gnutls_strdup_function = Some(strdup_impl);
    /// GnuTLS 3.7.9 still exports its old secure allocator but no longer declares it.
    /// cbindgen:ignore
    pub static mut gnutls_secure_malloc: gnutls_alloc_function = Some(malloc_impl);
}
