//! A server of ours (TLS 1.3, TLS 1.2, or both; tickets on) fed a client's bytes: captured
//! ClientHellos and client flights (gnutls-cli, openssl s_client) mutated, delivered in
//! chunks whose size the input chooses: record framing, ClientHello and every extension,
//! session tickets offered for resumption, alerts, what follows.
#![no_main]
use std::sync::OnceLock;

use gnutls_rustls_fuzz::*;
use libfuzzer_sys::fuzz_target;

struct Shared {
    cred: usize,
    key: Datum,
}
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

static SHARED: OnceLock<Shared> = OnceLock::new();

fn shared() -> &'static Shared {
    SHARED.get_or_init(|| unsafe {
        let mut c: H = std::ptr::null_mut();
        assert_eq!(gnutls_certificate_allocate_credentials(&mut c), 0);
        assert_eq!(gnutls_certificate_set_x509_key_mem(c, &Datum::of(SERVER_PEM), &Datum::of(SERVER_KEY), PEM), 0);
        let mut key = Datum::empty();
        assert_eq!(gnutls_session_ticket_key_generate(&mut key), 0);
        Shared { cred: c as usize, key }
    })
}

const PRIOS: [&std::ffi::CStr; 4] = [
    c"NORMAL",
    c"NORMAL:-VERS-ALL:+VERS-TLS1.3",
    c"NORMAL:-VERS-ALL:+VERS-TLS1.2",
    c"SECURE256:+VERS-TLS1.2",
];

fuzz_target!(|data: &[u8]| unsafe {
    let (sel, rest) = split(data);
    let sh = shared();
    let mut s: H = std::ptr::null_mut();
    assert_eq!(gnutls_init(&mut s, GNUTLS_SERVER), 0);
    assert_eq!(gnutls_priority_set_direct(s, PRIOS[(sel & 3) as usize].as_ptr(), std::ptr::null_mut()), 0);
    assert_eq!(gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, sh.cred as H), 0);
    assert_eq!(gnutls_session_ticket_enable_server(s, &sh.key), 0);
    let mut peer = Peer { input: rest, pos: 0, chunk: 1 << ((sel >> 2) & 15), sent: 0 };
    drive(s, &mut peer);
    gnutls_deinit(s);
});
