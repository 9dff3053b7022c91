//! PKCS#7: gnutls_pkcs7_import (PEM, DER) and the certificates it carries.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    let mut p: H = std::ptr::null_mut();
    init_or_return!(gnutls_pkcs7_init(&mut p));
    if gnutls_pkcs7_import(p, &d, fmt) == 0 {
        let n = gnutls_pkcs7_get_crt_count(p);
        for i in 0..n.clamp(0, 16) as u32 {
            let mut out = Datum::empty();
            if gnutls_pkcs7_get_crt_raw2(p, i, &mut out) == 0 { out.free(); }
        }
    }
    gnutls_pkcs7_deinit(p);
});
