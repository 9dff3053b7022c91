//! The handshake (GnuTLS manual: "Core TLS API"): running it, its timeout, and the
//! program's hook on handshake messages.

use libc::{c_int, c_uint, c_void, size_t};

use super::callbacks::{gnutls_handshake_hook_func, run_hooks, Hook};
use super::session::handle;
use super::session_of;
use super::ctypes::gnutls_ext_raw_process_func;
use super::types::*;
use crate::constants::{gnutls_handshake_description_t, GNUTLS_E_AGAIN, GNUTLS_E_INTERRUPTED};
use crate::errors::Error;
use crate::extensions::{walk_extensions, ExtensionsIn};

entry! {
    /// Hooks run after each round, with no borrow of the session held.
    pub fn gnutls_handshake(session: gnutls_session_t) -> c_int {
        let h = handle(session)?;
        if h.state().quic_driven() {
            return super::quic::handshake(session);
        }
        if h.state().established() && h.state().tls.as_ref().is_some_and(|t| t.failed.is_none()) {
            return h.state().handshake_again(&h.transport);
        }
        super::callbacks::install_retriever(session)?;
        loop {
            let done = h.state().handshake_step(&h.transport);
            run_hooks(session)?;
            // The checks of `gnutls_session_set_verify_cert`'s verification, if it ran.
            super::verify::report_verification(session)?;
            super::session::run_key_log(session)?;
            if h.state().take_post_hello() {
                // SAFETY: the program's function, with the session it was set on.
                let asked = h.post_client_hello.get().map_or(0, |f| unsafe { f(session) });
                // GnuTLS goes on with the ClientHello after AGAIN or INTERRUPTED, holds the
                // handshake once with GNUTLS_E_INTERRUPTED, and does not ask again.
                let interrupted = asked == GNUTLS_E_AGAIN || asked == GNUTLS_E_INTERRUPTED;
                let rc = if interrupted { 0 } else { asked };
                // Then a server's certificate callback, as GnuTLS selects the certificate.
                let rc = match rc {
                    rc if rc < 0 => rc,
                    rc => super::callbacks::run_server_retriever(session).map_or_else(|e| e.code(), |_| rc),
                };
                // And the OCSP function, for the certificate chosen.
                let rc = match rc {
                    rc if rc < 0 => rc,
                    rc => super::callbacks::run_ocsp_function(session).map_or_else(|e| e.code(), |_| rc),
                };
                h.state().post_hello_ran(rc)?;
                if interrupted {
                    return Err(Error::new(GNUTLS_E_INTERRUPTED));
                }
            }
            if done? {
                return super::callbacks::run_verify_function(session);
            }
        }
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_session_key_update(session: gnutls_session_t, flags: c_uint) -> c_int {
        let _ = flags;
        let h = handle(session)?;
        h.state().key_update(&h.transport)
    }

    /// Under TLS 1.3 a key update of both directions, as GnuTLS does; a TLS 1.2
    /// renegotiation is not offered by rustls (GNUTLS_E_UNIMPLEMENTED_FEATURE).
    pub fn gnutls_rehandshake(session: gnutls_session_t) -> c_int {
        let h = handle(session)?;
        h.state().rehandshake(&h.transport)
    }

    pub fn gnutls_handshake_set_timeout(session: gnutls_session_t, ms: c_uint) {
        Ok(session_of(session)?.set_handshake_timeout(ms))
    }

    /// TLS 1.2 renegotiation and TLS 1.3 post-handshake authentication are not offered by
    /// rustls, so there is never a re-authentication to perform.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_reauth(session: gnutls_session_t, flags: c_uint) -> c_int {
        let _ = flags;
        session_of(session)?.reauth()
    }

    /// A server runs `func` once the whole ClientHello is in, before it answers: the
    /// function may read the client's server name and change credentials or priorities.
    pub fn gnutls_handshake_set_post_client_hello_function(session: gnutls_session_t, func: super::ctypes::gnutls_handshake_simple_hook_func) {
        let h = handle(session)?;
        h.post_client_hello.set(func);
        h.state().want_post_hello(func.is_some());
        Ok(())
    }

    /// GnuTLS 3.7.9 has no private cipher suites or extensions to allow, and does nothing
    /// here either.
    pub fn gnutls_handshake_set_private_extensions(session: gnutls_session_t, allow: c_int) {
        let _ = allow;
        handle(session)?;
        Ok(())
    }

    /// Meaningful, as GnuTLS says, where a handshake failed, and inside the hook and the
    /// verify function.
    pub fn gnutls_handshake_get_last_in(session: gnutls_session_t) -> gnutls_handshake_description_t {
        Ok(handle(session)?.state().last_handshake_message(true) as gnutls_handshake_description_t)
    }

    pub fn gnutls_handshake_get_last_out(session: gnutls_session_t) -> gnutls_handshake_description_t {
        Ok(handle(session)?.state().last_handshake_message(false) as gnutls_handshake_description_t)
    }

    pub fn gnutls_handshake_set_max_packet_length(session: gnutls_session_t, max: size_t) {
        handle(session)?.state().max_handshake_len = max;
        Ok(())
    }

    pub fn gnutls_handshake_set_hook_function(session: gnutls_session_t, htype: c_uint, when: c_int, func: gnutls_handshake_hook_func) {
        let h = handle(session)?;
        h.state().hooked = func.is_some();
        Ok(h.hook.set(func.map(|func| Hook { htype, when, func })))
    }
}

/// `gnutls_ext_raw_parse`'s flags (defined in the header's preamble, not as Rust constants).
const EXT_RAW_FLAG_TLS_CLIENT_HELLO: c_uint = 1;
const EXT_RAW_FLAG_DTLS_CLIENT_HELLO: c_uint = 2;

entry! {
    /// The program's callback sees each extension in wire order; its negative answer stops
    /// the walk and is returned.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_ext_raw_parse(ctx: *mut c_void, cb: gnutls_ext_raw_process_func, data: *const gnutls_datum_t, flags: c_uint) -> c_int {
        let cb = cb.ok_or(Error::INVALID_REQUEST)?;
        let data = super::datum_arg(data)?;
        // GnuTLS tests the TLS bit first and ignores what else is set with it.
        let kind = if flags & EXT_RAW_FLAG_TLS_CLIENT_HELLO != 0 {
            ExtensionsIn::TlsClientHello
        } else if flags & EXT_RAW_FLAG_DTLS_CLIENT_HELLO != 0 {
            ExtensionsIn::DtlsClientHello
        } else if flags == 0 {
            ExtensionsIn::Block
        } else {
            return Err(Error::INVALID_REQUEST);
        };
        walk_extensions(data, kind, |tls_id, body| {
            // SAFETY: the program's callback, with its context and a body that lives in
            // `data` for the duration of the call; a body is at most 65535 bytes.
            match unsafe { cb(ctx, tls_id.into(), body.as_ptr(), body.len() as c_uint) } {
                rc if rc < 0 => Err(Error::new(rc)),
                _ => Ok(()),
            }
        })
    }
}
