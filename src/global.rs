//! Library-wide state: initialisation, version reporting, logging and randomness.

use std::ffi::CStr;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, RwLock};

use crate::constants::*;
use crate::errors::Error;

/// The GnuTLS release whose API and behaviour we implement; programs compare against it.
/// (String macros reach the header through cbindgen.toml; a test keeps the two equal.)
const GNUTLS_VERSION: &str = "3.7.9";
pub const GNUTLS_VERSION_MAJOR: i32 = 3;
pub const GNUTLS_VERSION_MINOR: i32 = 7;
pub const GNUTLS_VERSION_PATCH: i32 = 9;
pub const GNUTLS_VERSION_NUMBER: i32 = 0x030709;
/// Our own release, for programs (and people) who want to know which library they run on.
const GNUTLS_RUSTLS_VERSION: &str = env!("CARGO_PKG_VERSION");

const VERSION_CSTR: &CStr = c"3.7.9";

/// Where log lines go: the level and the line (newline-terminated, as GnuTLS passes it).
pub type LogSink = Arc<dyn Fn(i32, &CStr) + Send + Sync>;

static LOG_LEVEL: AtomicI32 = AtomicI32::new(0);
static LOG_SINK: RwLock<Option<LogSink>> = RwLock::new(None);
static INIT_COUNT: AtomicI32 = AtomicI32::new(0);

/// The line that tells a log reader which library is really answering.
pub fn identity() -> String {
    format!(
        "gnutls-rustls {GNUTLS_RUSTLS_VERSION} (GnuTLS {GNUTLS_VERSION} API) on rustls 0.23 with the {} provider",
        crate::provider::NAME
    )
}

/// Sends a message to the application's log function, as GnuTLS's `_gnutls_debug_log` does.
/// `msg` is formatted only when the level is logged (`format_args!` at the call sites), so
/// that a handshake with logging off builds no messages.
pub fn log(level: i32, msg: impl std::fmt::Display) {
    if level > LOG_LEVEL.load(Ordering::Relaxed) {
        return;
    }
    let Ok(line) = std::ffi::CString::new(format!("{msg}\n")) else { return };
    // The sink is taken out of the lock before it runs: it may call back into the library.
    let sink = LOG_SINK.read().ok().and_then(|s| s.clone());
    match sink {
        None => eprint!("gnutls[{level}]: {msg}\n"),
        Some(f) => f(level, &line),
    }
}

/// GnuTLS reads `GNUTLS_DEBUG_LEVEL` when the library is loaded, before any call.
pub fn init_from_environment() {
    if let Some(level) = std::env::var("GNUTLS_DEBUG_LEVEL").ok().and_then(|v| v.trim().parse::<i32>().ok()) {
        LOG_LEVEL.store(level, Ordering::Relaxed);
        log(1, &identity());
    }
}

/// `gnutls_global_init`: counted, as GnuTLS counts it; nothing needs setting up.
pub fn init() {
    if INIT_COUNT.fetch_add(1, Ordering::AcqRel) == 0 {
        log(2, &identity());
    }
}

pub fn deinit() {
    let _ = INIT_COUNT.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| if n > 0 { Some(n - 1) } else { None });
}

/// `gnutls_check_version`: the version string if it is at least `required` (or none is).
pub fn check_version(required: Option<&str>) -> Option<&'static CStr> {
    match required {
        Some(req) if !version_at_least(GNUTLS_VERSION, req) => None,
        _ => Some(VERSION_CSTR),
    }
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

/// Where log lines go from now on; `None` is standard error.
pub fn set_log_sink(sink: Option<LogSink>) {
    if let Ok(mut s) = LOG_SINK.write() {
        *s = sink;
    }
}

pub fn set_log_level(level: i32) {
    LOG_LEVEL.store(level, Ordering::Relaxed);
    log(1, &identity());
}

/// The library's clock: seconds since the epoch, as `gnutls_time` gives them.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

static CLOCK: RwLock<Option<Clock>> = RwLock::new(None);
static AUDIT_SINK: RwLock<Option<LogSink>> = RwLock::new(None);

/// `gnutls_global_set_time_function`: certificate validity, ticket and cache-entry
/// lifetimes all read this clock from now on; `None` is the system's clock again.
pub fn set_clock(clock: Option<Clock>) {
    if let Ok(mut c) = CLOCK.write() {
        *c = clock;
    }
}

/// The time now, by the library's clock.
pub fn now() -> i64 {
    // Taken out of the lock before it runs: the program's clock may call into the library.
    let clock = CLOCK.read().ok().and_then(|c| c.clone());
    match clock {
        Some(f) => f(),
        None => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64),
    }
}

/// rustls's view of the library's clock, for the configurations it builds.
#[derive(Debug)]
pub struct LibraryClock;

impl rustls::time_provider::TimeProvider for LibraryClock {
    fn current_time(&self) -> Option<rustls::pki_types::UnixTime> {
        let secs = u64::try_from(now()).ok()?;
        Some(rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs)))
    }
}

pub static LIBRARY_CLOCK: once_cell::sync::Lazy<Arc<LibraryClock>> = once_cell::sync::Lazy::new(|| Arc::new(LibraryClock));

/// `gnutls_global_set_audit_log_function`: where audit messages go (`None`: to the log
/// at level 1, as GnuTLS does without one).
pub fn set_audit_sink(sink: Option<LogSink>) {
    if let Ok(mut s) = AUDIT_SINK.write() {
        *s = sink;
    }
}

/// Reports a security-relevant event, as GnuTLS's `_gnutls_audit_log`.
pub fn audit(msg: &str) {
    let sink = AUDIT_SINK.read().ok().and_then(|s| s.clone());
    match sink {
        Some(f) => {
            if let Ok(line) = std::ffi::CString::new(format!("{msg}\n")) {
                f(1, &line);
            }
        }
        None => log(1, msg),
    }
}

/// Fills a buffer from the operating system's generator (the same source rustls uses).
pub fn random(buf: &mut [u8]) -> Result<(), Error> {
    use crate::provider::primitives::rand::SecureRandom;
    crate::provider::primitives::rand::SystemRandom::new().fill(buf).map_err(|_| Error::new(GNUTLS_E_RANDOM_FAILED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_version_macros_match_the_library() {
        let toml = include_str!("../cbindgen.toml");
        assert!(toml.contains(&format!("#define GNUTLS_VERSION \"{GNUTLS_VERSION}\"")));
        assert!(toml.contains(&format!("#define GNUTLS_RUSTLS_VERSION \"{GNUTLS_RUSTLS_VERSION}\"")));
        assert_eq!(VERSION_CSTR.to_str(), Ok(GNUTLS_VERSION));
    }

    #[test]
    fn the_program_clock_is_asked_then_released() {
        use std::sync::atomic::AtomicBool;
        // The clock answers the real time: other tests running meanwhile read it too.
        static ASKED: AtomicBool = AtomicBool::new(false);
        set_clock(Some(Arc::new(|| {
            ASKED.store(true, Ordering::SeqCst);
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        })));
        let seen = now();
        set_clock(None);
        assert!(ASKED.load(Ordering::SeqCst));
        assert!((now() - seen).abs() < 5);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(version_at_least("3.7.9", "3.7.9"));
        assert!(version_at_least("3.7.9", "3.6.13"));
        assert!(version_at_least("3.7.9", "3"));
        assert!(!version_at_least("3.7.9", "3.7.10"));
        assert!(!version_at_least("3.7.9", "3.8.0"));
    }

    #[test]
    fn check_version_answers_the_version_or_nothing() {
        assert_eq!(check_version(None), Some(VERSION_CSTR));
        assert_eq!(check_version(Some("3.6.0")), Some(VERSION_CSTR));
        assert_eq!(check_version(Some("3.8.0")), None);
    }
}
