//! PKCS#7: gnutls_pkcs7_import (PEM, DER), the certificates it carries, the embedded data,
//! every signer's info and its signature checked with the first certificate's key.
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
        let mut data = Datum::empty();
        if gnutls_pkcs7_get_embedded_data(p, 0, &mut data) == 0 { data.free(); }
        let mut signer: H = std::ptr::null_mut();
        let mut first = Datum::empty();
        if n > 0 && gnutls_pkcs7_get_crt_raw2(p, 0, &mut first) == 0 {
            gnutls_x509_crt_init(&mut signer);
            if gnutls_x509_crt_import(signer, &first, DER) != 0 { gnutls_x509_crt_deinit(signer); signer = std::ptr::null_mut(); }
            first.free();
        }
        for i in 0..gnutls_pkcs7_get_signature_count(p).clamp(0, 8) as u32 {
            let mut info = [0u8; 512];
            if gnutls_pkcs7_get_signature_info(p, i, info.as_mut_ptr()) == 0 { gnutls_pkcs7_signature_info_deinit(info.as_mut_ptr()); }
            if !signer.is_null() { gnutls_pkcs7_verify_direct(p, signer, i, std::ptr::null(), 0); }
        }
        if !signer.is_null() { gnutls_x509_crt_deinit(signer); }
    }
    gnutls_pkcs7_deinit(p);
});
