//! GnuTLS's private exports (version node `GNUTLS_PRIVATE_3_4`) that other parts of GnuTLS
//! import: libgnutls-dane's buffer helpers, gnutls-cli-debug's version overrides, and the
//! internal variables the real library exports. None is declared in GnuTLS's headers, so all
//! are kept out of ours (`cbindgen:ignore`).

use libc::{c_char, c_int, c_uchar, c_uint, size_t};

use super::buffer::gnutls_buffer_st;
use crate::capi::borrow;
use crate::errors::Error;
use crate::capi::types::{gnutls_datum_t, gnutls_session_t};

// divergence: GnuTLS crashes on a NULL buffer or datum; these ignore the call (void helpers)
// or answer GNUTLS_E_INVALID_REQUEST.
entry! {
    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_init(buf: *mut gnutls_buffer_st) {
        borrow(buf)?.init();
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_clear(buf: *mut gnutls_buffer_st) {
        if let Ok(b) = borrow(buf) {
            b.clear();
        }
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_append_str(dest: *mut gnutls_buffer_st, src: *const c_char) -> c_int {
        let dest = borrow(dest)?;
        if src.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        dest.append_str(std::ffi::CStr::from_ptr(src).to_bytes())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_to_datum(str_: *mut gnutls_buffer_st, data: *mut gnutls_datum_t, is_str: c_uint) -> c_int {
        let buf = borrow(str_)?;
        let out = borrow(data)?;
        *out = buf.to_datum(is_str != 0)?;
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_pop_datum(str_: *mut gnutls_buffer_st, data: *mut gnutls_datum_t, req_size: size_t) {
        let buf = borrow(str_)?;
        let out = borrow(data)?;
        *out = buf.pop_datum(req_size);
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_buffer_unescape(dest: *mut gnutls_buffer_st) -> c_int {
        borrow(dest)?.unescape();
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_hello_set_default_version(session: gnutls_session_t, major: c_uchar, minor: c_uchar) {
        version_override_ignored("_gnutls_hello_set_default_version", "ClientHello", session, major, minor);
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_record_set_default_version(session: gnutls_session_t, major: c_uchar, minor: c_uchar) {
        version_override_ignored("_gnutls_record_set_default_version", "record layer", session, major, minor);
        Ok(())
    }

    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub fn _gnutls_rsa_pms_set_version(session: gnutls_session_t, major: c_uchar, minor: c_uchar) {
        version_override_ignored("_gnutls_rsa_pms_set_version", "RSA premaster secret", session, major, minor);
        Ok(())
    }
}

/// gnutls-cli-debug's probes set the protocol version GnuTLS writes in the first ClientHello,
/// in records, or in an RSA premaster secret, to see how servers react.
// divergence: rustls writes these versions itself and offers no way to choose them, so the
// override is accepted and has no effect (the session is not touched; NULL is ignored).
fn version_override_ignored(name: &str, what: &str, session: gnutls_session_t, major: c_uchar, minor: c_uchar) {
    if session.is_null() {
        return;
    }
    crate::global::log(2, format_args!("{name}({major}.{minor}): no effect, rustls chooses the {what} version"));
}

/// A `const char *` variable a program may assign, as GnuTLS's tests do: it lives in
/// writable memory (the linker gives a program's copy of it the same protection).
#[repr(transparent)]
pub struct StaticCStr(std::cell::UnsafeCell<*const c_char>);
// SAFETY: this library never writes it; a program that does, does so before using the
// library from other threads, as GnuTLS's variable requires.
unsafe impl Sync for StaticCStr {}

impl StaticCStr {
    pub const fn new(text: &'static std::ffi::CStr) -> StaticCStr {
        StaticCStr(std::cell::UnsafeCell::new(text.as_ptr()))
    }
}

/// GnuTLS's `gnutls_crypto_bigint_st` method table, 0xc8 bytes of function pointers.
#[repr(C, align(8))]
pub struct MpiOps([u8; 0xc8]);

data! {
    /// GnuTLS's log level variable. Always 0 here: the level `gnutls_global_set_log_level`
    /// sets is kept in `crate::global` (nothing outside GnuTLS reads this variable).
    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub static _gnutls_log_level: c_int = 0;

    /// `GNUTLS_VERSION_NUMBER` (0x030709), for GnuTLS's companion libraries.
    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub static _gnutls_global_version: c_uint = crate::global::GNUTLS_VERSION_NUMBER as c_uint;

    /// The default priority string (GnuTLS's built-in "NORMAL"; a system-wide configuration
    /// file does not change it here). GnuTLS's tests assign it: it is read where the
    /// program's copy of it lives (`default_priority_string`).
    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub static _gnutls_default_priority_string: StaticCStr = StaticCStr::new(c"NORMAL");

    /// GnuTLS's big-integer method table. gnutls-rustls has no big-integer backend to offer:
    /// the symbol exists with GnuTLS's size (0xc8 bytes), all NULL pointers.
    /// cbindgen:ignore
    #[node(GNUTLS_PRIVATE_3_4)]
    pub static _gnutls_mpi_ops: MpiOps = MpiOps([0; 0xc8]);
}

/// The default priority string as the program left it. A program that assigns
/// `_gnutls_default_priority_string` writes the copy its own relocation made, so the
/// dynamic linker's first definition is the one to read, not this library's.
pub(crate) fn default_priority_string() -> Vec<u8> {
    static LIVE: once_cell::sync::Lazy<usize> = once_cell::sync::Lazy::new(|| {
        // SAFETY: a NUL-terminated name; RTLD_DEFAULT searches the global scope.
        unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"_gnutls_default_priority_string".as_ptr()) as usize }
    });
    let cell = match *LIVE {
        0 => _gnutls_default_priority_string.0.get() as *const *const c_char,
        at => at as *const *const c_char,
    };
    // SAFETY: the symbol is a `const char *` (ours or the program's copy of it); NULL falls
    // back to GnuTLS's built-in default.
    let text = unsafe { std::ptr::read_volatile(cell) };
    if text.is_null() {
        return b"NORMAL".to_vec();
    }
    // SAFETY: the program points it at a NUL-terminated string, as GnuTLS requires.
    unsafe { std::ffi::CStr::from_ptr(text) }.to_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_variables_have_gnutls_sizes_and_values() {
        assert_eq!(std::mem::size_of_val(&_gnutls_mpi_ops), 200);
        assert_eq!(std::mem::align_of_val(&_gnutls_mpi_ops), 8);
        assert_eq!(std::mem::size_of_val(&_gnutls_default_priority_string), 8);
        assert_eq!(std::mem::size_of_val(&_gnutls_global_version), 4);
        assert_eq!(_gnutls_global_version, 0x030709);
        let s = unsafe { std::ffi::CStr::from_ptr(*_gnutls_default_priority_string.0.get()) };
        assert_eq!(s.to_str(), Ok("NORMAL"));
    }

    #[test]
    fn buffer_helpers_refuse_null() {
        unsafe {
            _gnutls_buffer_init(std::ptr::null_mut());
            _gnutls_buffer_clear(std::ptr::null_mut());
            assert!(_gnutls_buffer_append_str(std::ptr::null_mut(), c"x".as_ptr()) < 0);
            let mut b = gnutls_buffer_st::new();
            assert!(_gnutls_buffer_append_str(&mut b, std::ptr::null()) < 0);
            assert!(_gnutls_buffer_to_datum(&mut b, std::ptr::null_mut(), 1) < 0);
            _gnutls_buffer_pop_datum(&mut b, std::ptr::null_mut(), 1);
            assert!(_gnutls_buffer_unescape(std::ptr::null_mut()) < 0);
            _gnutls_hello_set_default_version(std::ptr::null_mut(), 3, 1);
        }
    }

    #[test]
    fn buffer_helpers_build_a_datum() {
        unsafe {
            let mut b = gnutls_buffer_st::new();
            _gnutls_buffer_init(&mut b);
            assert_eq!(_gnutls_buffer_append_str(&mut b, c"a%41".as_ptr()), 0);
            assert_eq!(_gnutls_buffer_unescape(&mut b), 0);
            let mut d = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
            assert_eq!(_gnutls_buffer_to_datum(&mut b, &mut d, 1), 0);
            assert_eq!(std::slice::from_raw_parts(d.data, 3), b"aA\0");
            assert_eq!(d.size, 2);
            libc::free(d.data as *mut libc::c_void);
        }
    }
}
