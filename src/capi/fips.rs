//! FIPS 140 (GnuTLS manual: "FIPS140-2 mode"): the library is never in FIPS mode, and every
//! call answers as Debian's GnuTLS 3.7.9 (built without FIPS support) does; see `crate::fips`.

use libc::{c_int, c_uint};

use crate::capi::{borrow, borrow_ref, free_handle, new_handle};
use crate::constants::*;
use crate::fips::{self, gnutls_fips140_context_st, GNUTLS_FIPS140_SET_MODE_THREAD};

pub type gnutls_fips140_context_t = *mut gnutls_fips140_context_st;

entry! {
    /// 0: not in FIPS 140 mode.
    pub fn gnutls_fips140_mode_enabled() -> c_uint {
        Ok(fips::mode())
    }

    /// No effect: the library is not in FIPS 140 mode (as the man page says).
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_fips140_set_mode(mode: gnutls_fips_mode_t, flags: c_uint) {
        fips::set_mode(mode, flags & GNUTLS_FIPS140_SET_MODE_THREAD != 0);
        Ok(())
    }

    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_fips140_context_init(context: *mut gnutls_fips140_context_t) -> c_int {
        new_handle(context, gnutls_fips140_context_st::new())
    }

    /// NULL is allowed.
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_fips140_context_deinit(context: gnutls_fips140_context_t) {
        free_handle(context);
        Ok(())
    }

    /// `GNUTLS_FIPS140_OP_INITIAL`: no operation ever changes a context's state here.
    // divergence: a NULL context answers GNUTLS_FIPS140_OP_ERROR instead of crashing.
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_fips140_get_operation_state(context: gnutls_fips140_context_t) -> gnutls_fips140_operation_state_t {
        Ok(borrow_ref(context).map_or(GNUTLS_FIPS140_OP_ERROR, |c| c.state()))
    }

    /// `GNUTLS_E_INVALID_REQUEST`, as GnuTLS built without FIPS support answers.
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_fips140_push_context(context: gnutls_fips140_context_t) -> c_int {
        borrow(context)?.push()
    }

    /// `GNUTLS_E_INVALID_REQUEST`, as GnuTLS built without FIPS support answers.
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_fips140_pop_context() -> c_int {
        fips::pop()
    }

    /// 0: without FIPS support there are no self-tests to run, as in GnuTLS.
    #[node(GNUTLS_3_7_7)]
    pub fn gnutls_fips140_run_self_tests() -> c_int {
        fips::run_self_tests()
    }
}
