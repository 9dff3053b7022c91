//! CRLs: gnutls_x509_crl_import, _list_import, _list_import2, PEM and DER, and the getters.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

unsafe fn getters(c: H) {
    let n = gnutls_x509_crl_get_crt_count(c);
    let mut buf = [0u8; 512];
    for i in 0..n.clamp(0, 16) as u32 {
        let mut len = buf.len();
        let mut t: libc::time_t = 0;
        gnutls_x509_crl_get_crt_serial(c, i, buf.as_mut_ptr(), &mut len, &mut t);
    }
    let mut len = buf.len();
    gnutls_x509_crl_get_issuer_dn(c, buf.as_mut_ptr() as *mut _, &mut len);
}

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let fmt = if sel & 1 == 0 { DER } else { PEM };
    let d = Datum::of(rest);
    match (sel >> 1) % 3 {
        0 => {
            let mut c: H = std::ptr::null_mut();
            init_or_return!(gnutls_x509_crl_init(&mut c));
            if gnutls_x509_crl_import(c, &d, fmt) == 0 { getters(c); }
            gnutls_x509_crl_deinit(c);
        }
        1 => {
            let mut crls: [H; 4] = [std::ptr::null_mut(); 4];
            let mut max: u32 = 4;
            let rc = gnutls_x509_crl_list_import(crls.as_mut_ptr(), &mut max, &d, fmt, (sel >> 3) as u32 & 1);
            if rc > 0 {
                assert!(rc as u32 <= 4);
                for c in &crls[..rc as usize] { getters(*c); gnutls_x509_crl_deinit(*c); }
            }
        }
        _ => {
            let mut list: *mut H = std::ptr::null_mut();
            let mut n: u32 = 0;
            if gnutls_x509_crl_list_import2(&mut list, &mut n, &d, fmt, 0) >= 0 && !list.is_null() {
                for i in 0..n as usize { getters(*list.add(i)); gnutls_x509_crl_deinit(*list.add(i)); }
                free(list as *mut _);
            }
        }
    }
});
