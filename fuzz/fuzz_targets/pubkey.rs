//! gnutls_pubkey_import (SubjectPublicKeyInfo, PEM and DER) and export again.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    let mut k: H = std::ptr::null_mut();
    init_or_return!(gnutls_pubkey_init(&mut k));
    if gnutls_pubkey_import(k, &d, fmt) == 0 {
        let mut out = Datum::empty();
        for f in [DER, PEM] {
            if gnutls_pubkey_export2(k, f, &mut out) == 0 { out.free(); }
        }
    }
    gnutls_pubkey_deinit(k);
});
