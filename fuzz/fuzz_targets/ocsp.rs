//! OCSP requests and responses (DER): gnutls_ocsp_req_import, gnutls_ocsp_resp_import and
//! what a client reads of a stapled response.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let d = Datum::of(rest);
    let mut out = Datum::empty();
    if sel & 1 == 0 {
        let mut r: H = std::ptr::null_mut();
        init_or_return!(gnutls_ocsp_req_init(&mut r));
        if gnutls_ocsp_req_import(r, &d) == 0 {
            let mut crit = 0u32;
            if gnutls_ocsp_req_get_nonce(r, &mut crit, &mut out) == 0 { out.free(); }
        }
        gnutls_ocsp_req_deinit(r);
        return;
    }
    let mut r: H = std::ptr::null_mut();
    init_or_return!(gnutls_ocsp_resp_init(&mut r));
    if gnutls_ocsp_resp_import(r, &d) == 0 {
        gnutls_ocsp_resp_get_status(r);
        for i in 0..8 {
            let (mut dig, mut st, mut reason) = (0, 0u32, 0u32);
            let (mut t1, mut t2, mut t3): (libc::time_t, libc::time_t, libc::time_t) = (0, 0, 0);
            let (mut a, mut b, mut c) = (Datum::empty(), Datum::empty(), Datum::empty());
            let rc = gnutls_ocsp_resp_get_single(r, i, &mut dig, &mut a, &mut b, &mut c, &mut st, &mut t1, &mut t2, &mut t3, &mut reason);
            if rc < 0 { break; }
            a.free(); b.free(); c.free();
        }
        if gnutls_ocsp_resp_print(r, 0, &mut out) == 0 { out.free(); }
    }
    gnutls_ocsp_resp_deinit(r);
});
