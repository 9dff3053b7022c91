//! A client of ours (TLS 1.3, TLS 1.2, or both offered) fed a server's bytes: captured
//! server flights (openssl s_server, gnutls-serv) mutated, delivered in chunks whose size the
//! input chooses. Everything up to the first encrypted message is reached: ServerHello,
//! HelloRetryRequest, and under TLS 1.2 Certificate, ServerKeyExchange, alerts, records.
#![no_main]
use std::sync::OnceLock;

use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

static CRED: OnceLock<usize> = OnceLock::new();

fn cred() -> H {
    *CRED.get_or_init(|| unsafe {
        let mut c: H = std::ptr::null_mut();
        assert_eq!(gnutls_certificate_allocate_credentials(&mut c), 0);
        assert!(gnutls_certificate_set_x509_trust_mem(c, &Datum::of(CA_PEM), PEM) > 0);
        c as usize
    }) as H
}

const PRIOS: [&std::ffi::CStr; 4] = [
    c"NORMAL",
    c"NORMAL:-VERS-ALL:+VERS-TLS1.3",
    c"NORMAL:-VERS-ALL:+VERS-TLS1.2",
    c"NORMAL:-VERS-TLS1.3",
];

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let mut s: H = std::ptr::null_mut();
    assert_eq!(gnutls_init(&mut s, GNUTLS_CLIENT), 0);
    assert_eq!(gnutls_priority_set_direct(s, PRIOS[(sel & 3) as usize].as_ptr(), std::ptr::null_mut()), 0);
    assert_eq!(gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred()), 0);
    gnutls_server_name_set(s, 1, b"localhost".as_ptr() as *const _, 9);
    let mut peer = Peer { input: rest, pos: 0, chunk: 1 << ((sel >> 2) & 15), sent: 0 };
    drive(s, &mut peer);
    gnutls_deinit(s);
});
