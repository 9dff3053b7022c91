//! FIPS 140 mode (GnuTLS manual: "FIPS140-2 mode"). GnuTLS 3.7.9 as Debian builds it has no
//! FIPS 140 support compiled in, and neither has gnutls-rustls (aws-lc-rs is built without
//! aws-lc's validated FIPS module): the library is never in FIPS mode, whatever `GNUTLS_FORCE_FIPS_MODE`,
//! `/proc/sys/crypto/fips_enabled` or `/etc/system-fips` say, and every call answers what
//! that build answers (checked with a probe against the system library):
//! mode 0, `set_mode` without effect, contexts that stay `GNUTLS_FIPS140_OP_INITIAL`, and
//! `push`/`pop` refused with `GNUTLS_E_INVALID_REQUEST`.

use crate::constants::*;
use crate::errors::Error;

/// `gnutls_fips140_set_mode` flag: change the calling thread's mode only.
pub const GNUTLS_FIPS140_SET_MODE_THREAD: u32 = 1;

/// Whether FIPS 140 support is compiled in (GnuTLS's `ENABLE_FIPS140`).
/// cbindgen:ignore
pub const COMPILED_IN: bool = false;

/// The library's FIPS mode (`gnutls_fips140_mode_enabled`): always disabled.
pub fn mode() -> gnutls_fips_mode_t {
    GNUTLS_FIPS140_DISABLED
}

/// `gnutls_fips140_set_mode`: "a no-op if used when the library is not in FIPS140-2 mode".
pub fn set_mode(mode: gnutls_fips_mode_t, thread_only: bool) {
    if self::mode() == GNUTLS_FIPS140_DISABLED {
        crate::global::log(
            2,
            format_args!(
                "gnutls_fips140_set_mode({mode}{}): no effect, the library is not in FIPS140-2 mode",
                if thread_only { ", thread" } else { "" }
            ),
        );
    }
}

/// The object behind `gnutls_fips140_context_t`: the state of the operations run while it
/// is pushed on a thread.
pub struct gnutls_fips140_context_st {
    state: gnutls_fips140_operation_state_t,
}

impl gnutls_fips140_context_st {
    pub fn new() -> Self {
        gnutls_fips140_context_st { state: GNUTLS_FIPS140_OP_INITIAL }
    }

    pub fn state(&self) -> gnutls_fips140_operation_state_t {
        self.state
    }

    /// `gnutls_fips140_push_context`: GnuTLS without FIPS support refuses it.
    pub fn push(&mut self) -> Result<(), Error> {
        if !COMPILED_IN {
            return Err(Error::INVALID_REQUEST);
        }
        self.state = GNUTLS_FIPS140_OP_INITIAL;
        Ok(())
    }
}

impl Default for gnutls_fips140_context_st {
    fn default() -> Self {
        Self::new()
    }
}

/// `gnutls_fips140_pop_context`: refused as `push` is.
pub fn pop() -> Result<(), Error> {
    if !COMPILED_IN {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(())
}

/// `gnutls_fips140_run_self_tests`: without FIPS support there is nothing to test (0).
pub fn run_self_tests() -> Result<(), Error> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_in_fips_mode() {
        assert_eq!(mode(), GNUTLS_FIPS140_DISABLED);
        set_mode(GNUTLS_FIPS140_STRICT, false);
        set_mode(GNUTLS_FIPS140_LAX, true);
        set_mode(77, false);
        assert_eq!(mode(), GNUTLS_FIPS140_DISABLED);
        assert_eq!(run_self_tests(), Ok(()));
    }

    #[test]
    fn contexts_behave_as_the_debian_build() {
        let mut c = gnutls_fips140_context_st::new();
        assert_eq!(c.state(), GNUTLS_FIPS140_OP_INITIAL);
        assert_eq!(c.push(), Err(Error::INVALID_REQUEST));
        assert_eq!(c.state(), GNUTLS_FIPS140_OP_INITIAL);
        assert_eq!(pop(), Err(Error::INVALID_REQUEST));
    }
}
