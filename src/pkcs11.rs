//! The PKCS #11 subsystem's global state (GnuTLS manual: "Smart cards and HSMs"). gnutls-rustls
//! loads no PKCS #11 module: `gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_MANUAL)` succeeds and
//! leaves the module list empty, as GnuTLS does until `gnutls_pkcs11_add_provider`; loading
//! p11-kit's registered modules (`GNUTLS_PKCS11_FLAG_AUTO`, `_AUTO_TRUSTED`) is not
//! implemented. The PIN and token callbacks are kept for the program to read back.
//!
//! One lock guards the state; it is never held while a callback runs (none is ever called:
//! there is no token to ask a PIN for).

use std::sync::{Mutex, MutexGuard, Once};

use crate::errors::Error;

/// Load no module until the program adds one.
pub const GNUTLS_PKCS11_FLAG_MANUAL: u32 = 0;
/// Load every module p11-kit knows.
pub const GNUTLS_PKCS11_FLAG_AUTO: u32 = 1;
/// Load p11-kit's trusted modules.
pub const GNUTLS_PKCS11_FLAG_AUTO_TRUSTED: u32 = 1 << 1;

/// A callback as the program registered it: the function and its user data, both opaque here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Callback<F> {
    pub func: F,
    pub userdata: usize,
}

/// How far the subsystem is initialised (GnuTLS's `init` counter and `providers_initialized`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Uninitialized,
    /// Initialised without loading modules.
    Manual,
}

/// The subsystem's state. `P` and `T` are the PIN and token callback types of the C surface.
#[derive(Debug)]
pub struct State<P, T> {
    init_count: u32,
    level: Level,
    pin: Option<Callback<P>>,
    token: Option<Callback<T>>,
}

impl<P: Copy, T: Copy> State<P, T> {
    pub const fn new() -> Self {
        State { init_count: 0, level: Level::Uninitialized, pin: None, token: None }
    }

    /// `gnutls_pkcs11_init`. Calls nest: once initialised, further calls only count.
    pub fn init(&mut self, flags: u32) -> Result<(), Error> {
        if self.init_count > 0 {
            self.init_count += 1;
            return Ok(());
        }
        if flags & (GNUTLS_PKCS11_FLAG_AUTO | GNUTLS_PKCS11_FLAG_AUTO_TRUSTED) != 0 {
            static WHY: Once = Once::new();
            WHY.call_once(|| {
                crate::global::log(
                    1,
                    "gnutls_pkcs11_init: GNUTLS_PKCS11_FLAG_AUTO is not implemented in gnutls-rustls \
                     (it loads no p11-kit module; use GNUTLS_PKCS11_FLAG_MANUAL)",
                )
            });
            return Err(Error::UNIMPLEMENTED);
        }
        // GnuTLS counts any other flags as an initialisation that loads nothing.
        self.init_count = 1;
        if flags == GNUTLS_PKCS11_FLAG_MANUAL {
            self.level = Level::Manual;
        }
        Ok(())
    }

    /// `gnutls_pkcs11_deinit`: the last one forgets the callbacks, as GnuTLS does.
    pub fn deinit(&mut self) {
        if self.init_count == 0 {
            return;
        }
        self.init_count -= 1;
        if self.init_count == 0 {
            self.level = Level::Uninitialized;
            self.pin = None;
            self.token = None;
        }
    }

    /// `gnutls_pkcs11_reinit`: re-initialises the loaded modules after a fork; there are none.
    pub fn reinit(&mut self) -> Result<(), Error> {
        Ok(())
    }

    pub fn level(&self) -> Level {
        self.level
    }

    pub fn set_pin_function(&mut self, cb: Option<Callback<P>>) {
        self.pin = cb;
    }

    pub fn pin_function(&self) -> Option<Callback<P>> {
        self.pin
    }

    pub fn set_token_function(&mut self, cb: Option<Callback<T>>) {
        self.token = cb;
    }

    pub fn token_function(&self) -> Option<Callback<T>> {
        self.token
    }
}

impl<P: Copy, T: Copy> Default for State<P, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Locks a state, recovering it if a panic poisoned the lock (the state stays consistent:
/// every update is a single assignment).
pub fn lock<S>(m: &Mutex<S>) -> MutexGuard<'_, S> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    type S = State<usize, usize>;

    #[test]
    fn manual_init_succeeds_and_nests() {
        let mut s = S::new();
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_MANUAL), Ok(()));
        assert_eq!(s.level(), Level::Manual);
        // Already initialised: any flags only count, as in GnuTLS.
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_AUTO), Ok(()));
        s.deinit();
        assert_eq!(s.level(), Level::Manual);
        s.deinit();
        assert_eq!(s.level(), Level::Uninitialized);
        s.deinit(); // one too many: ignored
        assert_eq!(s.reinit(), Ok(()));
    }

    #[test]
    fn auto_loading_is_not_implemented() {
        let mut s = S::new();
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_AUTO), Err(Error::UNIMPLEMENTED));
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_AUTO_TRUSTED), Err(Error::UNIMPLEMENTED));
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_AUTO | GNUTLS_PKCS11_FLAG_AUTO_TRUSTED), Err(Error::UNIMPLEMENTED));
        assert_eq!(s.level(), Level::Uninitialized);
        // A refused init is not counted: MANUAL still initialises.
        assert_eq!(s.init(GNUTLS_PKCS11_FLAG_MANUAL), Ok(()));
        assert_eq!(s.level(), Level::Manual);
        // Unknown flags load nothing and succeed, as in GnuTLS.
        let mut t = S::new();
        assert_eq!(t.init(4), Ok(()));
        assert_eq!(t.level(), Level::Uninitialized);
    }

    #[test]
    fn callbacks_are_kept_until_the_last_deinit() {
        let mut s = S::new();
        assert_eq!(s.pin_function(), None);
        s.set_pin_function(Some(Callback { func: 7, userdata: 9 }));
        s.set_token_function(Some(Callback { func: 8, userdata: 10 }));
        assert_eq!(s.pin_function(), Some(Callback { func: 7, userdata: 9 }));
        s.init(GNUTLS_PKCS11_FLAG_MANUAL).unwrap();
        s.init(GNUTLS_PKCS11_FLAG_MANUAL).unwrap();
        s.deinit();
        assert!(s.pin_function().is_some());
        s.deinit();
        assert_eq!(s.pin_function(), None);
        assert_eq!(s.token_function(), None);
        // Without init, deinit touches nothing.
        s.set_pin_function(Some(Callback { func: 1, userdata: 2 }));
        s.deinit();
        assert!(s.pin_function().is_some());
    }
}
