//! The handshake (GnuTLS manual: "Core TLS API"): running it, its timeout, and the
//! program's hook on handshake messages.

use libc::{c_int, c_uint};

use super::session::{gnutls_session_int, handle, state_of};
use crate::constants::*;
use crate::errors::Error;
use crate::types::*;

pub type gnutls_handshake_hook_func =
    Option<unsafe extern "C" fn(gnutls_session_t, c_uint, c_uint, c_uint, *const gnutls_datum_t) -> c_int>;

/// `gnutls_handshake_set_hook_function`'s settings: one hook per session.
#[derive(Clone, Copy)]
pub struct Hook {
    htype: c_uint,
    when: c_int,
    func: unsafe extern "C" fn(gnutls_session_t, c_uint, c_uint, c_uint, *const gnutls_datum_t) -> c_int,
}

/// Calls the program's hook for the handshake messages seen since the last call. It runs
/// with no borrow of the session held, since hooks call back into the library; a negative
/// return ends the handshake with that code, as in GnuTLS.
pub(super) unsafe fn run_hooks(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    let messages = h.state().take_handshake_messages();
    let Some(hook) = h.hook.get() else { return Ok(()) };
    for m in messages {
        if hook.htype != GNUTLS_HANDSHAKE_ANY && hook.htype != m.kind as c_uint {
            continue;
        }
        let msg = gnutls_datum_t { data: m.body.as_ptr() as *mut u8, size: m.body.len() as c_uint };
        for when in [GNUTLS_HOOK_PRE, GNUTLS_HOOK_POST] {
            if hook.when != GNUTLS_HOOK_BOTH && hook.when != when {
                continue;
            }
            let r = (hook.func)(session, m.kind as c_uint, when as c_uint, m.incoming as c_uint, &msg);
            if r < 0 {
                return Err(h.state().fail(Error::new(r)));
            }
        }
    }
    Ok(())
}

entry! {
    /// Hooks run after each round, with no borrow of the session held.
    pub fn gnutls_handshake(session: gnutls_session_t) -> c_int {
        let h = handle(session)?;
        loop {
            let done = h.state().handshake_step(&h.transport);
            run_hooks(session)?;
            if done? {
                return Ok(());
            }
        }
    }

    pub fn gnutls_handshake_set_timeout(session: gnutls_session_t, ms: c_uint) {
        Ok(state_of(session)?.set_handshake_timeout(ms))
    }

    /// TLS 1.2 renegotiation and TLS 1.3 post-handshake authentication are not offered by
    /// rustls, so there is never a re-authentication to perform.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_reauth(session: gnutls_session_t, flags: c_uint) -> c_int {
        let _ = flags;
        state_of(session)?.reauth()
    }

    pub fn gnutls_handshake_set_hook_function(session: gnutls_session_t, htype: c_uint, when: c_int, func: gnutls_handshake_hook_func) {
        Ok(handle(session)?.hook.set(func.map(|func| Hook { htype, when, func })))
    }
}
