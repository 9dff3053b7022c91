//! What every fuzz target shares: the C prototypes it calls (declared here from GnuTLS's
//! headers, so the targets go through the exported `extern "C"` functions, capi layer
//! included, exactly as a C program would), an input splitter, and an in-memory transport.
//!
//! Handles are opaque (`*mut c_void`): the targets know no more of them than C does.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

// The library's exports are found by the linker in its rlib.
extern crate gnutls_rustls;

use libc::{c_char, c_int, c_uint, c_void, size_t, ssize_t, time_t};

pub type H = *mut c_void;

#[repr(C)]
pub struct Datum {
    pub data: *mut u8,
    pub size: c_uint,
}

impl Datum {
    pub fn of(bytes: &[u8]) -> Datum {
        Datum { data: bytes.as_ptr() as *mut u8, size: bytes.len() as c_uint }
    }
    pub fn empty() -> Datum {
        Datum { data: std::ptr::null_mut(), size: 0 }
    }
    /// Frees what the library handed out, reading it first so a bad pointer or length shows.
    pub unsafe fn free(&mut self) {
        if !self.data.is_null() {
            let s = std::slice::from_raw_parts(self.data, self.size as usize);
            std::hint::black_box(s.iter().fold(0u8, |a, b| a ^ b));
            free(self.data as *mut c_void);
        }
        self.data = std::ptr::null_mut();
        self.size = 0;
    }
}

#[repr(C)]
pub struct Ava {
    pub oid: Datum,
    pub value: Datum,
    pub value_tag: libc::c_ulong,
}

pub const DER: c_int = 0;
pub const PEM: c_int = 1;
pub const GNUTLS_SERVER: c_uint = 1;
pub const GNUTLS_CLIENT: c_uint = 2;
pub const GNUTLS_CRD_CERTIFICATE: c_int = 1;
pub const GNUTLS_E_AGAIN: c_int = -28;
pub const GNUTLS_E_INTERRUPTED: c_int = -52;

pub type PullFn = unsafe extern "C" fn(H, *mut c_void, size_t) -> ssize_t;
pub type PushFn = unsafe extern "C" fn(H, *const c_void, size_t) -> ssize_t;

extern "C" {
    pub static gnutls_free: Option<unsafe extern "C" fn(*mut c_void)>;

    pub fn gnutls_init(s: *mut H, flags: c_uint) -> c_int;
    pub fn gnutls_deinit(s: H);
    pub fn gnutls_session_set_data(s: H, d: *const c_void, n: size_t) -> c_int;
    pub fn gnutls_session_get_data2(s: H, d: *mut Datum) -> c_int;
    pub fn gnutls_priority_init(p: *mut H, s: *const c_char, err: *mut *const c_char) -> c_int;
    pub fn gnutls_priority_init2(p: *mut H, s: *const c_char, err: *mut *const c_char, flags: c_uint) -> c_int;
    pub fn gnutls_priority_deinit(p: H);
    pub fn gnutls_priority_set(s: H, p: H) -> c_int;
    pub fn gnutls_priority_set_direct(s: H, p: *const c_char, err: *mut *const c_char) -> c_int;
    pub fn gnutls_set_default_priority_append(s: H, p: *const c_char, err: *mut *const c_char, flags: c_uint) -> c_int;

    pub fn gnutls_x509_crt_init(c: *mut H) -> c_int;
    pub fn gnutls_x509_crt_deinit(c: H);
    pub fn gnutls_x509_crt_import(c: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_x509_crt_list_import(c: *mut H, max: *mut c_uint, d: *const Datum, fmt: c_int, flags: c_uint) -> c_int;
    pub fn gnutls_x509_crt_list_import2(c: *mut *mut H, n: *mut c_uint, d: *const Datum, fmt: c_int, flags: c_uint) -> c_int;
    pub fn gnutls_x509_crt_get_dn(c: H, buf: *mut c_char, n: *mut size_t) -> c_int;
    pub fn gnutls_x509_crt_get_dn2(c: H, d: *mut Datum) -> c_int;
    pub fn gnutls_x509_crt_get_issuer_dn2(c: H, d: *mut Datum) -> c_int;
    pub fn gnutls_x509_crt_get_subject_alt_name(c: H, seq: c_uint, san: *mut c_void, n: *mut size_t, crit: *mut c_uint) -> c_int;
    pub fn gnutls_x509_crt_get_key_usage(c: H, ku: *mut c_uint, crit: *mut c_uint) -> c_int;
    pub fn gnutls_x509_crt_get_serial(c: H, buf: *mut c_void, n: *mut size_t) -> c_int;
    pub fn gnutls_x509_crt_get_extension_info(c: H, i: c_uint, oid: *mut c_void, n: *mut size_t, crit: *mut c_uint) -> c_int;
    pub fn gnutls_x509_crt_get_key_id(c: H, flags: c_uint, out: *mut u8, n: *mut size_t) -> c_int;
    pub fn gnutls_x509_crt_print(c: H, fmt: c_int, out: *mut Datum) -> c_int;
    pub fn gnutls_x509_crt_get_subject(c: H, dn: *mut H) -> c_int;
    pub fn gnutls_x509_crt_get_issuer(c: H, dn: *mut H) -> c_int;

    pub fn gnutls_pubkey_init(k: *mut H) -> c_int;
    pub fn gnutls_pubkey_deinit(k: H);
    pub fn gnutls_pubkey_import_x509(k: H, c: H, flags: c_uint) -> c_int;
    pub fn gnutls_pubkey_import(k: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_pubkey_export2(k: H, fmt: c_int, out: *mut Datum) -> c_int;

    pub fn gnutls_x509_privkey_init(k: *mut H) -> c_int;
    pub fn gnutls_x509_privkey_deinit(k: H);
    pub fn gnutls_x509_privkey_import(k: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_x509_privkey_import2(k: H, d: *const Datum, fmt: c_int, pw: *const c_char, flags: c_uint) -> c_int;
    pub fn gnutls_x509_privkey_import_pkcs8(k: H, d: *const Datum, fmt: c_int, pw: *const c_char, flags: c_uint) -> c_int;
    pub fn gnutls_x509_privkey_import_openssl(k: H, d: *const Datum, pw: *const c_char) -> c_int;
    pub fn gnutls_x509_privkey_export2(k: H, fmt: c_int, out: *mut Datum) -> c_int;
    pub fn gnutls_x509_privkey_get_pk_algorithm2(k: H, bits: *mut c_uint) -> c_int;
    pub fn gnutls_privkey_init(k: *mut H) -> c_int;
    pub fn gnutls_privkey_deinit(k: H);
    pub fn gnutls_privkey_import_x509_raw(k: H, d: *const Datum, fmt: c_int, pw: *const c_char, flags: c_uint) -> c_int;

    pub fn gnutls_x509_crl_init(c: *mut H) -> c_int;
    pub fn gnutls_x509_crl_deinit(c: H);
    pub fn gnutls_x509_crl_import(c: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_x509_crl_list_import(c: *mut H, max: *mut c_uint, d: *const Datum, fmt: c_int, flags: c_uint) -> c_int;
    pub fn gnutls_x509_crl_list_import2(c: *mut *mut H, n: *mut c_uint, d: *const Datum, fmt: c_int, flags: c_uint) -> c_int;
    pub fn gnutls_x509_crl_get_crt_count(c: H) -> c_int;
    pub fn gnutls_x509_crl_get_crt_serial(c: H, i: c_uint, buf: *mut u8, n: *mut size_t, t: *mut time_t) -> c_int;
    pub fn gnutls_x509_crl_get_issuer_dn(c: H, buf: *mut c_char, n: *mut size_t) -> c_int;

    pub fn gnutls_x509_crq_init(c: *mut H) -> c_int;
    pub fn gnutls_x509_crq_deinit(c: H);
    pub fn gnutls_x509_crq_import(c: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_x509_crq_get_dn(c: H, buf: *mut c_char, n: *mut size_t) -> c_int;

    pub fn gnutls_pkcs12_init(p: *mut H) -> c_int;
    pub fn gnutls_pkcs12_deinit(p: H);
    pub fn gnutls_pkcs12_import(p: H, d: *const Datum, fmt: c_int, flags: c_uint) -> c_int;
    pub fn gnutls_pkcs12_verify_mac(p: H, pw: *const c_char) -> c_int;
    pub fn gnutls_pkcs12_bag_init(b: *mut H) -> c_int;
    pub fn gnutls_pkcs12_bag_deinit(b: H);
    pub fn gnutls_pkcs12_get_bag(p: H, i: c_int, b: H) -> c_int;
    pub fn gnutls_pkcs12_bag_get_count(b: H) -> c_int;
    pub fn gnutls_pkcs12_bag_get_type(b: H, i: c_uint) -> c_int;
    pub fn gnutls_pkcs12_bag_decrypt(b: H, pw: *const c_char) -> c_int;
    pub fn gnutls_pkcs12_simple_parse(
        p: H, pw: *const c_char, key: *mut H, chain: *mut *mut H, chain_len: *mut c_uint,
        extra: *mut *mut H, extra_len: *mut c_uint, crl: *mut H, flags: c_uint,
    ) -> c_int;

    pub fn gnutls_pkcs7_init(p: *mut H) -> c_int;
    pub fn gnutls_pkcs7_deinit(p: H);
    pub fn gnutls_pkcs7_import(p: H, d: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_pkcs7_get_crt_count(p: H) -> c_int;
    pub fn gnutls_pkcs7_get_crt_raw2(p: H, i: c_uint, out: *mut Datum) -> c_int;
    pub fn gnutls_pkcs7_get_embedded_data(p: H, flags: c_uint, out: *mut Datum) -> c_int;
    pub fn gnutls_pkcs7_get_signature_count(p: H) -> c_int;
    /// `info` is a `gnutls_pkcs7_signature_info_st` (a buffer larger than it here).
    pub fn gnutls_pkcs7_get_signature_info(p: H, i: c_uint, info: *mut u8) -> c_int;
    pub fn gnutls_pkcs7_signature_info_deinit(info: *mut u8);
    pub fn gnutls_pkcs7_verify_direct(p: H, signer: H, i: c_uint, data: *const Datum, flags: c_uint) -> c_int;

    pub fn gnutls_ocsp_req_init(r: *mut H) -> c_int;
    pub fn gnutls_ocsp_req_deinit(r: H);
    pub fn gnutls_ocsp_req_import(r: H, d: *const Datum) -> c_int;
    pub fn gnutls_ocsp_req_get_nonce(r: H, crit: *mut c_uint, out: *mut Datum) -> c_int;
    pub fn gnutls_ocsp_resp_init(r: *mut H) -> c_int;
    pub fn gnutls_ocsp_resp_deinit(r: H);
    pub fn gnutls_ocsp_resp_import(r: H, d: *const Datum) -> c_int;
    pub fn gnutls_ocsp_resp_get_status(r: H) -> c_int;
    pub fn gnutls_ocsp_resp_get_single(
        r: H, i: c_uint, digest: *mut c_int, name_hash: *mut Datum, key_hash: *mut Datum,
        serial: *mut Datum, status: *mut c_uint, this_update: *mut time_t, next_update: *mut time_t,
        revocation_time: *mut time_t, reason: *mut c_uint,
    ) -> c_int;
    pub fn gnutls_ocsp_resp_print(r: H, fmt: c_int, out: *mut Datum) -> c_int;

    pub fn gnutls_x509_dn_init(dn: *mut H) -> c_int;
    pub fn gnutls_x509_dn_deinit(dn: H);
    pub fn gnutls_x509_dn_import(dn: H, d: *const Datum) -> c_int;
    pub fn gnutls_x509_dn_get_str(dn: H, out: *mut Datum) -> c_int;
    pub fn gnutls_x509_dn_get_str2(dn: H, out: *mut Datum, flags: c_uint) -> c_int;
    pub fn gnutls_x509_dn_get_rdn_ava(dn: H, irdn: c_int, iava: c_int, ava: *mut Ava) -> c_int;
    pub fn gnutls_x509_rdn_get2(idn: *const Datum, out: *mut Datum, flags: c_uint) -> c_int;
    pub fn gnutls_x509_rdn_get_by_oid(idn: *const Datum, oid: *const c_char, i: c_uint, raw: c_uint, buf: *mut c_void, n: *mut size_t) -> c_int;

    pub fn gnutls_pem_base64_decode(header: *const c_char, b64: *const Datum, out: *mut u8, n: *mut size_t) -> c_int;
    pub fn gnutls_pem_base64_decode2(header: *const c_char, b64: *const Datum, out: *mut Datum) -> c_int;

    pub fn gnutls_certificate_allocate_credentials(c: *mut H) -> c_int;
    pub fn gnutls_certificate_free_credentials(c: H);
    pub fn gnutls_certificate_set_x509_key_mem(c: H, cert: *const Datum, key: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_certificate_set_x509_trust_mem(c: H, ca: *const Datum, fmt: c_int) -> c_int;
    pub fn gnutls_credentials_set(s: H, kind: c_int, cred: H) -> c_int;
    pub fn gnutls_transport_set_push_function(s: H, f: Option<PushFn>);
    pub fn gnutls_transport_set_pull_function(s: H, f: Option<PullFn>);
    pub fn gnutls_transport_set_ptr(s: H, p: H);
    pub fn gnutls_handshake(s: H) -> c_int;
    pub fn gnutls_record_recv(s: H, buf: *mut c_void, n: size_t) -> ssize_t;
    pub fn gnutls_server_name_set(s: H, kind: c_int, name: *const c_void, n: size_t) -> c_int;
    pub fn gnutls_session_ticket_enable_server(s: H, key: *const Datum) -> c_int;
    pub fn gnutls_session_ticket_key_generate(key: *mut Datum) -> c_int;
}

/// `gnutls_free` is a variable in GnuTLS's ABI (a function pointer), as in ours.
pub unsafe fn free(p: *mut c_void) {
    if let Some(f) = gnutls_free {
        f(p)
    }
}

/// Splits the fuzzer's bytes: a selector byte, then the rest.
pub fn split(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((b, rest)) => (*b, rest),
        None => (0, data),
    }
}

/// A NUL-terminated copy of arbitrary bytes (cut at the first NUL), as C would pass them.
pub fn cstring(bytes: &[u8]) -> std::ffi::CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    // The bytes up to the first NUL contain no NUL, so this cannot fail.
    std::ffi::CString::new(&bytes[..end]).expect("no interior NUL")
}

/// A peer that is only bytes: pull hands out the fuzzer's input in chunks (sizes taken from
/// the input itself, so record and message boundaries move), then end of file; push
/// swallows what the session sends.
pub struct Peer<'a> {
    pub input: &'a [u8],
    pub pos: usize,
    pub chunk: usize,
    pub sent: usize,
}

pub unsafe extern "C" fn peer_pull(p: H, buf: *mut c_void, n: size_t) -> ssize_t {
    let peer = &mut *(p as *mut Peer);
    let left = peer.input.len() - peer.pos;
    let take = left.min(n).min(peer.chunk.max(1));
    std::ptr::copy_nonoverlapping(peer.input.as_ptr().add(peer.pos), buf as *mut u8, take);
    peer.pos += take;
    take as ssize_t
}

pub unsafe extern "C" fn peer_push(p: H, _buf: *const c_void, n: size_t) -> ssize_t {
    let peer = &mut *(p as *mut Peer);
    peer.sent += n;
    n as ssize_t
}

/// The test PKI the handshake targets use (an ECDSA P-256 CA and a leaf for localhost).
pub const CA_PEM: &[u8] = include_bytes!("../data/ca.pem");
pub const SERVER_PEM: &[u8] = include_bytes!("../data/server.pem");
pub const SERVER_KEY: &[u8] = include_bytes!("../data/server.key");

/// Runs a handshake over `Peer` to its end (error, EOF or success), then reads records
/// until the input is gone, so the record layer sees what follows the handshake.
pub unsafe fn drive(session: H, peer: &mut Peer) -> c_int {
    gnutls_transport_set_ptr(session, peer as *mut Peer as H);
    gnutls_transport_set_pull_function(session, Some(peer_pull));
    gnutls_transport_set_push_function(session, Some(peer_push));
    let mut rc;
    let mut spins = 0;
    loop {
        rc = gnutls_handshake(session);
        spins += 1;
        if (rc != GNUTLS_E_AGAIN && rc != GNUTLS_E_INTERRUPTED) || spins > 64 {
            break;
        }
    }
    if rc == 0 {
        let mut buf = [0u8; 4096];
        for _ in 0..64 {
            if gnutls_record_recv(session, buf.as_mut_ptr() as *mut c_void, buf.len()) <= 0 {
                break;
            }
        }
    }
    rc
}

pub const GNUTLS_E_UNIMPLEMENTED_FEATURE: c_int = -1250;

/// An `*_init` call: it succeeds, or (for an object not implemented yet) answers the honest
/// error; the target then stops, having checked that much.
#[macro_export]
macro_rules! init_or_return {
    ($call:expr) => {{
        let rc = $call;
        if rc != 0 {
            assert_eq!(rc, $crate::GNUTLS_E_UNIMPLEMENTED_FEATURE, "an init failed");
            return;
        }
    }};
}
