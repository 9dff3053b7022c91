//! PKCS#12: gnutls_pkcs12_import (PEM, DER), the MAC check, every bag (decrypted) and
//! gnutls_pkcs12_simple_parse
//! with the right password ("password"), a wrong one and none.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let pw = match (sel >> 1) & 3 { 0 => c"password".as_ptr(), 1 => c"x".as_ptr(), 2 => c"".as_ptr(), _ => std::ptr::null() };
    let d = Datum::of(rest);
    let mut p: H = std::ptr::null_mut();
    init_or_return!(gnutls_pkcs12_init(&mut p));
    if gnutls_pkcs12_import(p, &d, fmt, 0) == 0 {
        gnutls_pkcs12_verify_mac(p, pw);
        for i in 0..8 {
            let mut bag: H = std::ptr::null_mut();
            if gnutls_pkcs12_bag_init(&mut bag) != 0 { break; }
            let rc = gnutls_pkcs12_get_bag(p, i, bag);
            if rc == 0 && gnutls_pkcs12_bag_get_type(bag, 0) == 10 {
                gnutls_pkcs12_bag_decrypt(bag, pw);
            }
            for j in 0..gnutls_pkcs12_bag_get_count(bag).clamp(0, 40) as u32 { gnutls_pkcs12_bag_get_type(bag, j); }
            gnutls_pkcs12_bag_deinit(bag);
            if rc != 0 { break; }
        }
        let mut key: H = std::ptr::null_mut();
        let mut chain: *mut H = std::ptr::null_mut();
        let mut chain_len = 0u32;
        let mut extra: *mut H = std::ptr::null_mut();
        let mut extra_len = 0u32;
        let mut crl: H = std::ptr::null_mut();
        if gnutls_pkcs12_simple_parse(p, pw, &mut key, &mut chain, &mut chain_len, &mut extra, &mut extra_len, &mut crl, 0) == 0 {
            gnutls_x509_privkey_deinit(key);
            for i in 0..chain_len as usize { gnutls_x509_crt_deinit(*chain.add(i)); }
            free(chain as *mut _);
            for i in 0..extra_len as usize { gnutls_x509_crt_deinit(*extra.add(i)); }
            free(extra as *mut _);
            gnutls_x509_crl_deinit(crl);
        }
    }
    gnutls_pkcs12_deinit(p);
});
