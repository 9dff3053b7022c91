//! Library-wide state: initialisation, version reporting, logging and randomness.

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

use libc::{c_char, c_int};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::guard;
use crate::types::gnutls_log_func;

/// The GnuTLS release whose API and behaviour we implement; programs compare against it.
/// (String macros reach the header through cbindgen.toml; a test keeps the two equal.)
const GNUTLS_VERSION: &str = "3.7.9";
pub const GNUTLS_VERSION_MAJOR: c_int = 3;
pub const GNUTLS_VERSION_MINOR: c_int = 7;
pub const GNUTLS_VERSION_PATCH: c_int = 9;
pub const GNUTLS_VERSION_NUMBER: c_int = 0x030709;
/// Our own release, for programs (and people) who want to know which library they run on.
const GNUTLS_RUSTLS_VERSION: &str = env!("CARGO_PKG_VERSION");

const VERSION_CSTR: &str = "3.7.9\0";

static LOG_LEVEL: AtomicI32 = AtomicI32::new(0);
static LOG_FUNC: AtomicUsize = AtomicUsize::new(0);
static INIT_COUNT: AtomicI32 = AtomicI32::new(0);

/// The line that tells a log reader which library is really answering.
pub fn identity() -> String {
    format!(
        "gnutls-rustls {GNUTLS_RUSTLS_VERSION} (GnuTLS {GNUTLS_VERSION} API) on rustls 0.23 with the ring provider"
    )
}

/// Sends a message to the application's log function, as GnuTLS's `_gnutls_debug_log` does.
pub fn log(level: c_int, msg: &str) {
    if level > LOG_LEVEL.load(Ordering::Relaxed) {
        return;
    }
    let Ok(line) = std::ffi::CString::new(format!("{msg}\n")) else { return };
    match LOG_FUNC.load(Ordering::Acquire) {
        0 => eprint!("gnutls[{level}]: {msg}\n"),
        f => {
            // SAFETY: only ever stored from a non-NULL `gnutls_log_func` below.
            let f: unsafe extern "C" fn(c_int, *const c_char) = unsafe { std::mem::transmute(f) };
            unsafe { f(level, line.as_ptr()) }
        }
    }
}

/// GnuTLS reads `GNUTLS_DEBUG_LEVEL` when the library is loaded, before any call.
extern "C" fn on_load() {
    if let Some(level) = std::env::var("GNUTLS_DEBUG_LEVEL").ok().and_then(|v| v.trim().parse::<c_int>().ok()) {
        LOG_LEVEL.store(level, Ordering::Relaxed);
        log(1, &identity());
    }
}

#[used]
#[link_section = ".init_array"]
static ON_LOAD: extern "C" fn() = on_load;

#[no_mangle]
pub extern "C" fn gnutls_global_init() -> c_int {
    guard("gnutls_global_init", || {
        if INIT_COUNT.fetch_add(1, Ordering::AcqRel) == 0 {
            log(2, &identity());
        }
        0
    })
}

#[no_mangle]
pub extern "C" fn gnutls_global_deinit() {
    guard("gnutls_global_deinit", || {
        let _ = INIT_COUNT.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| if n > 0 { Some(n - 1) } else { None });
    })
}

/// `gnutls_check_version`: the version string if it is at least `req_version`.
#[no_mangle]
pub unsafe extern "C" fn gnutls_check_version(req_version: *const c_char) -> *const c_char {
    guard("gnutls_check_version", || {
        if req_version.is_null() {
            return VERSION_CSTR.as_ptr() as *const c_char;
        }
        let req = std::ffi::CStr::from_ptr(req_version).to_string_lossy();
        if version_at_least(GNUTLS_VERSION, &req) {
            VERSION_CSTR.as_ptr() as *const c_char
        } else {
            std::ptr::null()
        }
    })
}

/// Compares dotted versions numerically, as GnuTLS does ("3.10" is newer than "3.9").
fn version_at_least(have: &str, want: &str) -> bool {
    let parse = |s: &str| -> Vec<u64> {
        s.split('.').map(|p| p.chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().unwrap_or(0)).collect()
    };
    let (h, w) = (parse(have), parse(want));
    for i in 0..h.len().max(w.len()) {
        let (a, b) = (h.get(i).copied().unwrap_or(0), w.get(i).copied().unwrap_or(0));
        if a != b {
            return a > b;
        }
    }
    true
}

#[no_mangle]
pub extern "C" fn gnutls_global_set_log_function(log_func: gnutls_log_func) {
    guard("gnutls_global_set_log_function", || {
        LOG_FUNC.store(log_func.map_or(0, |f| f as usize), Ordering::Release);
    })
}

#[no_mangle]
pub extern "C" fn gnutls_global_set_log_level(level: c_int) {
    guard("gnutls_global_set_log_level", || {
        LOG_LEVEL.store(level, Ordering::Relaxed);
        log(1, &identity());
    })
}

/// Fills a buffer from the operating system's generator (the same source rustls uses).
pub fn random(buf: &mut [u8]) -> Result<(), Error> {
    use ring::rand::SecureRandom;
    ring::rand::SystemRandom::new().fill(buf).map_err(|_| Error::new(GNUTLS_E_RANDOM_FAILED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_version_macros_match_the_library() {
        let toml = include_str!("../cbindgen.toml");
        assert!(toml.contains(&format!("#define GNUTLS_VERSION \"{GNUTLS_VERSION}\"")));
        assert!(toml.contains(&format!("#define GNUTLS_RUSTLS_VERSION \"{GNUTLS_RUSTLS_VERSION}\"")));
        assert_eq!(format!("{GNUTLS_VERSION}\0"), VERSION_CSTR);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(version_at_least("3.7.9", "3.7.9"));
        assert!(version_at_least("3.7.9", "3.6.13"));
        assert!(version_at_least("3.7.9", "3"));
        assert!(!version_at_least("3.7.9", "3.7.10"));
        assert!(!version_at_least("3.7.9", "3.8.0"));
    }
}
