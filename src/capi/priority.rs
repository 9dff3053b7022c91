//! Priority strings (GnuTLS manual: "Priority strings").

use std::ffi::CStr;
use std::sync::Arc;

use libc::{c_char, c_int, c_uint};

use super::types::*;
use super::{borrow, clone_shared, out, release_shared, session_of, share};
use crate::constants::*;
use crate::errors::Error;
use crate::priority::Priority;

/// Parses a priority string argument, pointing `err_pos` at the start of the caller's
/// string and, on a syntax error, at the offending byte, as GnuTLS does.
unsafe fn parse(priorities: *const c_char, err_pos: *mut *const c_char, append: bool) -> Result<Priority, Error> {
    let point_at = |offset: usize| {
        if !priorities.is_null() {
            out(err_pos, priorities.add(offset));
        }
    };
    point_at(0);
    let text = (!priorities.is_null()).then(|| CStr::from_ptr(priorities).to_bytes());
    Priority::parse(text, append).map_err(|(error, offset)| {
        point_at(offset.min(text.map_or(0, |t| t.len())));
        error
    })
}

unsafe fn init(cache: *mut gnutls_priority_t, priorities: *const c_char, err_pos: *mut *const c_char, flags: c_uint) -> Result<(), Error> {
    let cache = borrow(cache)?;
    *cache = share(parse(priorities, err_pos, flags & GNUTLS_PRIORITY_INIT_DEF_APPEND as c_uint != 0)?);
    Ok(())
}

unsafe fn set_direct(session: gnutls_session_t, priorities: *const c_char, err_pos: *mut *const c_char, append: bool) -> Result<(), Error> {
    let s = session_of(session)?;
    s.set_priority(Arc::new(parse(priorities, err_pos, append)?));
    Ok(())
}

entry! {
    pub fn gnutls_priority_init(
        priority_cache: *mut gnutls_priority_t,
        priorities: *const c_char,
        err_pos: *mut *const c_char,
    ) -> c_int {
        init(priority_cache, priorities, err_pos, 0)
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_priority_init2(
        priority_cache: *mut gnutls_priority_t,
        priorities: *const c_char,
        err_pos: *mut *const c_char,
        flags: c_uint,
    ) -> c_int {
        init(priority_cache, priorities, err_pos, flags)
    }

    pub fn gnutls_priority_deinit(priority_cache: gnutls_priority_t) {
        release_shared(priority_cache);
        Ok(())
    }

    pub fn gnutls_priority_set(session: gnutls_session_t, priority: gnutls_priority_t) -> c_int {
        let s = session_of(session)?;
        s.set_priority(clone_shared(priority)?);
        Ok(())
    }

    pub fn gnutls_priority_set_direct(
        session: gnutls_session_t,
        priorities: *const c_char,
        err_pos: *mut *const c_char,
    ) -> c_int {
        set_direct(session, priorities, err_pos, false)
    }

    pub fn gnutls_set_default_priority(session: gnutls_session_t) -> c_int {
        set_direct(session, std::ptr::null(), std::ptr::null_mut(), false)
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_set_default_priority_append(
        session: gnutls_session_t,
        add_prio: *const c_char,
        err_pos: *mut *const c_char,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        set_direct(session, add_prio, err_pos, !add_prio.is_null())
    }
}
