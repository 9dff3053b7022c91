//! gnutls_session_set_data: resumption data is whatever a program stored (a file, a cache),
//! so any bytes may come back. After it, the session must still behave: get_data2 and a
//! handshake against a peer that sends nothing.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let mut s: H = std::ptr::null_mut();
    assert_eq!(gnutls_init(&mut s, GNUTLS_CLIENT), 0);
    gnutls_priority_set_direct(s, c"NORMAL".as_ptr(), std::ptr::null_mut());
    let rc = gnutls_session_set_data(s, data.as_ptr() as *const _, data.len());
    if rc == 0 {
        let mut d = Datum::empty();
        if gnutls_session_get_data2(s, &mut d) == 0 {
            d.free();
        }
        let mut peer = Peer { input: &[], pos: 0, chunk: 1, sent: 0 };
        assert!(drive(s, &mut peer) < 0);
    }
    gnutls_deinit(s);
});
