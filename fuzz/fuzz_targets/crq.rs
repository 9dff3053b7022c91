//! Certificate requests: gnutls_x509_crq_import (PEM, DER) and its DN.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    let mut c: H = std::ptr::null_mut();
    init_or_return!(gnutls_x509_crq_init(&mut c));
    if gnutls_x509_crq_import(c, &d, fmt) == 0 {
        let mut buf = [0u8; 1024];
        let mut n = buf.len();
        gnutls_x509_crq_get_dn(c, buf.as_mut_ptr() as *mut _, &mut n);
    }
    gnutls_x509_crq_deinit(c);
});
