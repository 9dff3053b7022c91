//! Raw DNs: gnutls_x509_dn_import and the gnutls_x509_dn_* readers, gnutls_x509_rdn_get2
//! and gnutls_x509_rdn_get_by_oid on the same bytes.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

const OIDS: [&std::ffi::CStr; 4] = [c"2.5.4.3", c"2.5.4.10", c"1.2.840.113549.1.9.1", c"0.9.2342.19200300.100.1.25"];

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let d = Datum::of(rest);
    let mut out = Datum::empty();
    let mut dn: H = std::ptr::null_mut();
    init_or_return!(gnutls_x509_dn_init(&mut dn));
    if gnutls_x509_dn_import(dn, &d) == 0 {
        if gnutls_x509_dn_get_str(dn, &mut out) == 0 { out.free(); }
        if gnutls_x509_dn_get_str2(dn, &mut out, (sel & 1) as u32) == 0 { out.free(); }
        let mut ava: Ava = std::mem::zeroed();
        'rdn: for irdn in 0..16 {
            for iava in 0..4 {
                if gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &mut ava) < 0 {
                    if iava == 0 { break 'rdn; }
                    break;
                }
            }
        }
    }
    gnutls_x509_dn_deinit(dn);
    if gnutls_x509_rdn_get2(&d, &mut out, (sel & 1) as u32) == 0 { out.free(); }
    let mut buf = [0u8; 256];
    for oid in OIDS {
        for indx in 0..2 {
            let mut n = buf.len();
            gnutls_x509_rdn_get_by_oid(&d, oid.as_ptr(), indx, (sel >> 1) as u32 & 1, buf.as_mut_ptr() as *mut _, &mut n);
        }
    }
});
