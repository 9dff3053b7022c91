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
    let default = super::private::default_priority_string();
    Priority::parse(text, append, &default).map_err(|(error, offset)| {
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
    /// The system-wide configuration file's name (`GNUTLS_SYSTEM_PRIORITY_FILE` overrides).
    #[node(GNUTLS_3_6_9)]
    pub fn gnutls_get_system_config_file() -> *const c_char {
        Ok(crate::priority::system_config_file())
    }
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

/// Hands C a pointer into one of a priority's lists and its length, as GnuTLS does; an
/// empty list is 0, and `*list` is left alone.
unsafe fn hand_out(list: *mut *const c_uint, values: &[u32]) -> Result<c_int, Error> {
    if values.is_empty() {
        return Ok(0);
    }
    out(list, values.as_ptr());
    Ok(values.len() as c_int)
}

unsafe fn lists<'a>(pcache: gnutls_priority_t) -> Result<&'a crate::priority::Negotiable, Error> {
    Ok(&super::borrow_ref(pcache)?.lists)
}

// The priority's lists report what this library will negotiate under it: the priority
// string's algorithms less those rustls does not implement, in GnuTLS's numbering and order.
// divergence: GnuTLS lists everything the string enables, CBC ciphers, DHE and RSA key
// exchange included; we list only what a handshake can really use.
entry! {
    pub fn gnutls_priority_protocol_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.protocols)
    }

    pub fn gnutls_priority_kx_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.kx)
    }

    pub fn gnutls_priority_cipher_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.ciphers)
    }

    pub fn gnutls_priority_mac_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.macs)
    }

    pub fn gnutls_priority_sign_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.signs)
    }

    pub fn gnutls_priority_ecc_curve_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.curves)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_priority_group_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.groups)
    }

    pub fn gnutls_priority_compression_list(arg0: gnutls_priority_t, arg1: *mut *const c_uint) -> c_int {
        hand_out(arg1, &lists(arg0)?.compression)
    }

    /// The client's certificate types, as GnuTLS 3.7.9 answers.
    pub fn gnutls_priority_certificate_type_list(pcache: gnutls_priority_t, list: *mut *const c_uint) -> c_int {
        hand_out(list, &lists(pcache)?.client_cert_types)
    }

    #[node(GNUTLS_3_6_4)]
    pub fn gnutls_priority_certificate_type_list2(
        pcache: gnutls_priority_t,
        list: *mut *const c_uint,
        target: gnutls_ctype_target_t,
    ) -> c_int {
        let lists = lists(pcache)?;
        match target {
            GNUTLS_CTYPE_CLIENT => hand_out(list, &lists.client_cert_types),
            GNUTLS_CTYPE_SERVER => hand_out(list, &lists.server_cert_types),
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    /// The `idx`th suite this priority negotiates, as an index into GnuTLS's cipher-suite
    /// table (`gnutls_cipher_suite_info`).
    pub fn gnutls_priority_get_cipher_suite_index(pcache: gnutls_priority_t, idx: c_uint, sidx: *mut c_uint) -> c_int {
        let suite = *lists(pcache)?.suites.get(idx as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        out(sidx, suite);
        Ok(())
    }

    pub fn gnutls_priority_string_list(iter: c_uint, flags: c_uint) -> *const c_char {
        let table = if flags & GNUTLS_PRIORITY_LIST_INIT_KEYWORDS as c_uint != 0 {
            crate::algorithms::INIT_KEYWORDS
        } else if flags & GNUTLS_PRIORITY_LIST_SPECIAL as c_uint != 0 {
            crate::algorithms::SPECIAL_KEYWORDS
        } else {
            return Ok(None);
        };
        Ok(table.get(iter as usize).copied())
    }
}
