//! PKCS #11 (GnuTLS manual: "Smart cards and HSMs"): the subsystem's initialisation and its
//! global PIN and token callbacks. No module is ever loaded (see `crate::pkcs11`).

use std::sync::Mutex;

use libc::{c_char, c_int, c_uint, c_void, size_t};

use crate::pkcs11::{lock, Callback, State};

/// `gnutls_pin_callback_t`: asks the program for a token's PIN.
pub type gnutls_pin_callback_t =
    Option<unsafe extern "C" fn(*mut c_void, c_int, *const c_char, *const c_char, c_uint, *mut c_char, size_t) -> c_int>;
/// `gnutls_pkcs11_token_callback_t`: asks the user to insert the token with a label.
pub type gnutls_pkcs11_token_callback_t = Option<unsafe extern "C" fn(*mut c_void, *const c_char, c_uint) -> c_int>;

type PinFn = unsafe extern "C" fn(*mut c_void, c_int, *const c_char, *const c_char, c_uint, *mut c_char, size_t) -> c_int;
type TokenFn = unsafe extern "C" fn(*mut c_void, *const c_char, c_uint) -> c_int;

static STATE: Mutex<State<PinFn, TokenFn>> = Mutex::new(State::new());

fn callback<F>(func: Option<F>, userdata: *mut c_void) -> Option<Callback<F>> {
    func.map(|func| Callback { func, userdata: userdata as usize })
}

/// Asks the program for a PIN or a key's password, GnuTLS's way: the object's own function,
/// else the one set by `gnutls_pkcs11_set_pin_function`. None if there is neither or the
/// function declined.
pub fn ask_pin(own: Option<Callback<PinFn>>, url: &std::ffi::CStr) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let cb = own.or_else(|| lock(&STATE).pin_function())?;
    // GnuTLS's buffer, GNUTLS_PKCS11_MAX_PIN_LEN bytes.
    let mut pin = zeroize::Zeroizing::new(vec![0u8; 256]);
    // SAFETY: the program's function with its own user data, a label and a buffer it may fill.
    let rc = unsafe { (cb.func)(cb.userdata as *mut c_void, 0, url.as_ptr(), c"".as_ptr(), 0, pin.as_mut_ptr() as *mut c_char, pin.len()) };
    let len = pin.iter().position(|&b| b == 0)?;
    (rc == 0).then(|| zeroize::Zeroizing::new(pin[..len].to_vec()))
}

/// A credentials object's source of passwords for encrypted keys: its own PIN function
/// (`gnutls_certificate_set_pin_function`), else the global one.
pub fn pin_source(func: gnutls_pin_callback_t, userdata: *mut c_void) -> crate::credentials::PinSource {
    let own = callback(func, userdata);
    std::sync::Arc::new(move || ask_pin(own, c"key:"))
}

entry! {
    /// `GNUTLS_PKCS11_FLAG_MANUAL` succeeds and loads nothing; `GNUTLS_PKCS11_FLAG_AUTO` and
    /// `_AUTO_TRUSTED` (p11-kit's modules) give `GNUTLS_E_UNIMPLEMENTED_FEATURE`. The
    /// deprecated configuration file is ignored, as GnuTLS ignores it with MANUAL.
    pub fn gnutls_pkcs11_init(flags: c_uint, deprecated_config_file: *const c_char) -> c_int {
        let _ = deprecated_config_file;
        lock(&STATE).init(flags)
    }

    /// 0: there is no loaded module to re-initialise after a fork.
    pub fn gnutls_pkcs11_reinit() -> c_int {
        lock(&STATE).reinit()
    }

    /// The last of nested `gnutls_pkcs11_init` calls forgets the PIN and token callbacks.
    pub fn gnutls_pkcs11_deinit() {
        lock(&STATE).deinit();
        Ok(())
    }

    pub fn gnutls_pkcs11_set_token_function(fn_: gnutls_pkcs11_token_callback_t, userdata: *mut c_void) {
        lock(&STATE).set_token_function(callback(fn_, userdata));
        Ok(())
    }

    pub fn gnutls_pkcs11_set_pin_function(fn_: gnutls_pin_callback_t, userdata: *mut c_void) {
        lock(&STATE).set_pin_function(callback(fn_, userdata));
        Ok(())
    }

    /// The function set by `gnutls_pkcs11_set_pin_function`, its user data through `userdata`;
    /// NULL (and `userdata` untouched) when none is set.
    // divergence: a NULL `userdata` is skipped instead of crashing.
    pub fn gnutls_pkcs11_get_pin_function(userdata: *mut *mut c_void) -> gnutls_pin_callback_t {
        let cb = lock(&STATE).pin_function();
        Ok(cb.map(|cb| {
            crate::capi::out(userdata, cb.userdata as *mut c_void);
            cb.func
        }))
    }
}
