//! Certificates, PEM and DER, one or a list (gnutls_x509_crt_import, _list_import,
//! _list_import2), then every getter a program calls on a peer's or a file's certificate,
//! including the DN objects (gnutls_x509_crt_get_subject/_issuer + gnutls_x509_dn_*).
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

unsafe fn getters(c: H) {
    let mut d = Datum::empty();
    if gnutls_x509_crt_get_dn2(c, &mut d) == 0 { d.free(); }
    if gnutls_x509_crt_get_issuer_dn2(c, &mut d) == 0 { d.free(); }
    let mut buf = [0u8; 1024];
    let mut n = buf.len();
    gnutls_x509_crt_get_dn(c, buf.as_mut_ptr() as *mut _, &mut n);
    let mut n = 0usize;
    gnutls_x509_crt_get_dn(c, std::ptr::null_mut(), &mut n);
    let (mut u, mut crit) = (0u32, 0u32);
    gnutls_x509_crt_get_key_usage(c, &mut u, &mut crit);
    n = buf.len();
    gnutls_x509_crt_get_serial(c, buf.as_mut_ptr() as *mut _, &mut n);
    n = buf.len();
    gnutls_x509_crt_get_key_id(c, 0, buf.as_mut_ptr(), &mut n);
    for i in 0..16 {
        n = buf.len();
        if gnutls_x509_crt_get_subject_alt_name(c, i, buf.as_mut_ptr() as *mut _, &mut n, &mut crit) < 0 { break; }
    }
    for i in 0..32 {
        n = buf.len();
        if gnutls_x509_crt_get_extension_info(c, i, buf.as_mut_ptr() as *mut _, &mut n, &mut crit) < 0 { break; }
    }
    for fmt in [0, 1] {
        if gnutls_x509_crt_print(c, fmt, &mut d) == 0 { d.free(); }
    }
    let mut pk: H = std::ptr::null_mut();
    if gnutls_pubkey_init(&mut pk) == 0 {
        if gnutls_pubkey_import_x509(pk, c, 0) == 0 && gnutls_pubkey_export2(pk, DER, &mut d) == 0 {
            d.free();
        }
        gnutls_pubkey_deinit(pk);
    }
    // The DN objects belong to the certificate (GnuTLS: valid while it lives; never freed).
    for issuer in [false, true] {
        let mut dn: H = std::ptr::null_mut();
        let rc = if issuer { gnutls_x509_crt_get_issuer(c, &mut dn) } else { gnutls_x509_crt_get_subject(c, &mut dn) };
        if rc == 0 {
            if gnutls_x509_dn_get_str(dn, &mut d) == 0 { d.free(); }
            let mut ava: Ava = std::mem::zeroed();
            'rdn: for irdn in 0..8 {
                for iava in 0..4 {
                    if gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &mut ava) < 0 {
                        if iava == 0 { break 'rdn; }
                        break;
                    }
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    match (sel >> 1) % 3 {
        0 => {
            let mut c: H = std::ptr::null_mut();
            init_or_return!(gnutls_x509_crt_init(&mut c));
            if gnutls_x509_crt_import(c, &d, fmt) == 0 {
                getters(c);
            }
            gnutls_x509_crt_deinit(c);
        }
        1 => {
            let mut certs: [H; 8] = [std::ptr::null_mut(); 8];
            let mut max: u32 = 8;
            let flags = (sel >> 3) as u32 & 7;
            let rc = gnutls_x509_crt_list_import(certs.as_mut_ptr(), &mut max, &d, fmt, flags);
            if rc > 0 {
                assert!(rc as u32 <= 8);
                for c in &certs[..rc as usize] {
                    getters(*c);
                    gnutls_x509_crt_deinit(*c);
                }
            }
        }
        _ => {
            let mut list: *mut H = std::ptr::null_mut();
            let mut n: u32 = 0;
            let flags = (sel >> 3) as u32 & 7;
            if gnutls_x509_crt_list_import2(&mut list, &mut n, &d, fmt, flags) >= 0 && !list.is_null() {
                for i in 0..n as usize {
                    getters(*list.add(i));
                    gnutls_x509_crt_deinit(*list.add(i));
                }
                free(list as *mut _);
            }
        }
    }
});
