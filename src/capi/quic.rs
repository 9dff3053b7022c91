//! QUIC's use of TLS (GnuTLS manual: "TLS 1.3 and QUIC"): the program carries the handshake
//! messages and installs the secrets it is given (see `crate::quic`). The program's
//! functions are kept here, in the session handle, and called with no borrow of the
//! session held (they call back into it: ngtcp2's secret function asks for the cipher).

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::buffer::gnutls_buffer_st;
use super::ctypes::*;
use super::session::{handle, run_key_log};
use super::types::*;
use super::{borrow, bytes_arg, session_of};
use crate::constants::*;
use crate::errors::Error;
use crate::quic::{Event, Step};

/// The program's functions for a QUIC session.
#[derive(Clone, Copy, Default)]
pub struct QuicCallbacks {
    pub read: gnutls_handshake_read_func,
    pub secret: gnutls_handshake_secret_func,
    pub alert: gnutls_alert_read_func,
    pub params_recv: gnutls_ext_recv_func,
    pub params_send: gnutls_ext_send_func,
}

/// Tells the program what a step produced, in order; a function's failure (a negative
/// answer, which GnuTLS passes on as the handshake's result) ends the handshake.
unsafe fn deliver(session: gnutls_session_t, step: Step) -> Result<(), Error> {
    let h = handle(session)?;
    let callbacks = h.quic.get();
    for event in step.events {
        // SAFETY (each call): the program's function, with its session and buffers that
        // outlive the call.
        let rc = match &event {
            Event::Message { level, htype, bytes } => match callbacks.read {
                Some(f) => f(session, *level, *htype, bytes.as_ptr() as *const c_void, bytes.len()),
                None => 0,
            },
            Event::Secrets { level, read, write } => match callbacks.secret {
                Some(f) => {
                    let ptr = |s: &Option<zeroize::Zeroizing<Vec<u8>>>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr() as *const c_void);
                    let size = read.as_ref().or(write.as_ref()).map_or(0, |s| s.len());
                    f(session, *level, ptr(read), ptr(write), size)
                }
                None => 0,
            },
            Event::PeerParams(params) => match callbacks.params_recv {
                Some(f) => f(session, params.as_ptr(), params.len()),
                None => 0,
            },
        };
        if rc < 0 {
            let e = Error::new(rc);
            h.state().quic_fail(e);
            return Err(e);
        }
    }
    run_key_log(session)?;
    step.error.map_or(Ok(()), Err)
}

/// Asks the program for our transport parameters (its registered send function), then
/// makes the QUIC connection with them.
unsafe fn start(session: gnutls_session_t) -> Result<(), Error> {
    let h = handle(session)?;
    h.state().quic_startable()?;
    let mut params = gnutls_buffer_st::new();
    if let Some(f) = h.quic.get().params_send {
        // SAFETY: the program's function, with its session and a buffer of ours.
        let rc = f(session, &mut params);
        if rc < 0 {
            params.clear();
            return Err(Error::new(rc));
        }
    }
    let bytes = params.as_slice().to_vec();
    params.clear();
    let step = h.state().quic_start(bytes)?;
    deliver(session, step)
}

/// Whether alerts go to the program's alert read function (as GnuTLS sends them once one
/// is set) rather than into records.
pub fn alerts_to_program(h: &super::session::gnutls_session_int) -> bool {
    h.quic.get().alert.is_some()
}

/// `gnutls_alert_send` with an alert read function: the program is told the alert.
pub unsafe fn send_alert(session: gnutls_session_t, level: gnutls_alert_level_t, desc: gnutls_alert_description_t) -> Result<(), Error> {
    let h = handle(session)?;
    let write_level = h.state().quic_write_level();
    let Some(f) = h.quic.get().alert else { return Err(Error::INVALID_REQUEST) };
    // SAFETY: the program's function, with its session.
    let rc = f(session, write_level, level, desc);
    if rc < 0 {
        return Err(Error::new(rc));
    }
    Ok(())
}

/// `gnutls_handshake` on a session whose handshake the program carries.
// divergence: the handshake hook function is not run on a QUIC session (our hooks read
// TLS records, which it has none of), nor the post-ClientHello and verify functions.
pub unsafe fn handshake(session: gnutls_session_t) -> Result<(), Error> {
    if session_of(session)?.quic_needs_start() {
        start(session)?;
    }
    session_of(session)?.quic_handshake_status()
}

entry! {
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_handshake_set_read_function(session: gnutls_session_t, func: gnutls_handshake_read_func) {
        let h = handle(session)?;
        h.quic.set(QuicCallbacks { read: func, ..h.quic.get() });
        h.state().set_quic(func.is_some());
        Ok(())
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_handshake_set_secret_function(session: gnutls_session_t, func: gnutls_handshake_secret_func) {
        let h = handle(session)?;
        h.quic.set(QuicCallbacks { secret: func, ..h.quic.get() });
        Ok(())
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_alert_set_read_function(session: gnutls_session_t, func: gnutls_alert_read_func) {
        let h = handle(session)?;
        h.quic.set(QuicCallbacks { alert: func, ..h.quic.get() });
        Ok(())
    }

    // divergence: rustls processes the message at once (GnuTLS keeps it for the next
    // `gnutls_handshake`); what it answers goes to the program's functions before this
    // returns, and a failure during the handshake is still reported by gnutls_handshake.
    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_handshake_write(
        session: gnutls_session_t,
        level: gnutls_record_encryption_level_t,
        data: *const c_void,
        data_size: size_t,
    ) -> c_int {
        let data = bytes_arg(data, data_size)?;
        let s = session_of(session)?;
        if !s.quic_driven() {
            return Err(Error::INVALID_REQUEST);
        }
        if data.is_empty() {
            return Ok(());
        }
        // A client's first gnutls_handshake made its connection; a server has none.
        if s.quic_needs_start() {
            s.quic_startable()?;
        }
        let step = session_of(session)?.quic_write(level, data)?;
        deliver(session, step)
    }

    /// Only the QUIC transport parameters (0x39, or the drafts' 0xffa5) on a session whose
    /// handshake the program carries: rustls sends no other extension for a program.
    #[node(GNUTLS_3_4)]
    pub fn gnutls_session_ext_register(
        arg0: gnutls_session_t,
        name: *const c_char,
        type_: c_int,
        parse_point: gnutls_ext_parse_type_t,
        recv_func: gnutls_ext_recv_func,
        send_func: gnutls_ext_send_func,
        deinit_func: gnutls_ext_deinit_data_func,
        pack_func: gnutls_ext_pack_func,
        unpack_func: gnutls_ext_unpack_func,
        flags: c_uint,
    ) -> c_int {
        let _ = (name, parse_point, deinit_func, pack_func, unpack_func, flags);
        let h = handle(arg0)?;
        let extension = u16::try_from(type_).map_err(|_| Error::INVALID_REQUEST)?;
        h.state().register_extension(extension)?;
        h.quic.set(QuicCallbacks { params_recv: recv_func, params_send: send_func, ..h.quic.get() });
        Ok(())
    }

    #[node(GNUTLS_3_4)]
    pub fn gnutls_buffer_append_data(arg0: gnutls_buffer_t, data: *const c_void, data_size: size_t) -> c_int {
        let buffer = borrow(arg0)?;
        buffer.append(bytes_arg(data, data_size)?)
    }

    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_prf_hash_get(session: gnutls_session_t) -> gnutls_digest_algorithm_t {
        Ok(session_of(session)?.prf_hash())
    }

    /// rustls sends and accepts no early data, so none is ever in flight: GnuTLS then
    /// answers unknown.
    #[node(GNUTLS_3_7_2)]
    pub fn gnutls_early_cipher_get(session: gnutls_session_t) -> gnutls_cipher_algorithm_t {
        session_of(session)?;
        Ok(GNUTLS_CIPHER_UNKNOWN)
    }

    #[node(GNUTLS_3_7_2)]
    pub fn gnutls_early_prf_hash_get(session: gnutls_session_t) -> gnutls_digest_algorithm_t {
        session_of(session)?;
        Ok(GNUTLS_DIG_UNKNOWN)
    }
}
