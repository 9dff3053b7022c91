//! gnutls_pem_base64_decode / _decode2, with and without a header to match.
#![no_main]
use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let header = match sel % 3 { 0 => std::ptr::null(), 1 => c"CERTIFICATE".as_ptr(), _ => c"PRIVATE KEY".as_ptr() };
    let d = Datum::of(rest);
    let mut out = Datum::empty();
    if gnutls_pem_base64_decode2(header, &d, &mut out) == 0 { out.free(); }
    let mut buf = vec![0u8; (sel as usize) * 16];
    let mut n = buf.len();
    let rc = gnutls_pem_base64_decode(header, &d, buf.as_mut_ptr(), &mut n);
    if rc == 0 { assert!(n <= buf.len()); }
});
