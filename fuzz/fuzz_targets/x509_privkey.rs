//! Private keys in every format and entry point: PKCS#1/SEC1/PKCS#8, PEM and DER, encrypted
//! (PKCS#8 PBES2/PBES1, OpenSSL's legacy "Proc-Type: 4,ENCRYPTED") with the right password,
//! a wrong one and none (gnutls_x509_privkey_import, _import2, _import_pkcs8,
//! _import_openssl, gnutls_privkey_import_x509_raw); what imports is exported again.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

const PASSWORDS: [&std::ffi::CStr; 3] = [c"password", c"wrong", c""];

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    let pw = match (sel >> 4) & 3 {
        3 => std::ptr::null(),
        i => PASSWORDS[i as usize].as_ptr(),
    };
    let flags = (sel >> 6) as u32 & 1; // GNUTLS_PKCS_PLAIN or not
    if (sel >> 1) % 8 == 5 {
        let mut k: H = std::ptr::null_mut();
        init_or_return!(gnutls_privkey_init(&mut k));
        gnutls_privkey_import_x509_raw(k, &d, fmt, pw, flags);
        gnutls_privkey_deinit(k);
        return;
    }
    let mut k: H = std::ptr::null_mut();
    init_or_return!(gnutls_x509_privkey_init(&mut k));
    let rc = match (sel >> 1) % 8 {
        0 | 6 => gnutls_x509_privkey_import(k, &d, fmt),
        1 | 7 => gnutls_x509_privkey_import2(k, &d, fmt, pw, flags),
        2 => gnutls_x509_privkey_import_pkcs8(k, &d, fmt, pw, flags),
        3 => gnutls_x509_privkey_import_openssl(k, &d, pw),
        _ => gnutls_x509_privkey_import2(k, &d, fmt, pw, 0),
    };
    if rc == 0 {
        let mut bits = 0u32;
        gnutls_x509_privkey_get_pk_algorithm2(k, &mut bits);
        let mut out = Datum::empty();
        for f in [DER, PEM] {
            if gnutls_x509_privkey_export2(k, f, &mut out) == 0 { out.free(); }
        }
    }
    gnutls_x509_privkey_deinit(k);
});
