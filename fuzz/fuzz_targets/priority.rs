//! gnutls_priority_init / init2 and the session-level priority calls on any string.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let text = cstring(rest);
    let mut err: *const libc::c_char = std::ptr::null();
    let mut p: H = std::ptr::null_mut();
    let rc = if sel & 1 == 0 {
        gnutls_priority_init(&mut p, text.as_ptr(), &mut err)
    } else {
        gnutls_priority_init2(&mut p, text.as_ptr(), &mut err, (sel >> 1) as u32 & 1)
    };
    if !err.is_null() {
        // err_pos points into the caller's string: it must.
        let base = text.as_ptr() as usize;
        let at = err as usize;
        assert!(at >= base && at <= base + text.as_bytes().len(), "err_pos outside the string");
    }
    let mut s: H = std::ptr::null_mut();
    assert_eq!(gnutls_init(&mut s, GNUTLS_CLIENT), 0);
    if rc == 0 {
        gnutls_priority_set(s, p);
        gnutls_priority_deinit(p);
    }
    gnutls_priority_set_direct(s, text.as_ptr(), &mut err);
    gnutls_set_default_priority_append(s, text.as_ptr(), &mut err, 0);
    gnutls_deinit(s);
});
