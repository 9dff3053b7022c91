//! The transport layer (GnuTLS manual: "Setting up the transport layer"): the descriptor or
//! pointer a session reads and writes, the program's push/pull callbacks, and errno.

use libc::{c_int, c_uint};

use super::callbacks::{poll_readable, TransportCells};
use super::out;
use super::session::handle;
use crate::errors::Error;
use super::types::*;

unsafe fn transport<'a>(session: gnutls_session_t) -> Result<&'a TransportCells, Error> {
    Ok(&handle(session)?.transport)
}

entry! {
    /// No effect on a server or with an address longer than a `sockaddr_storage`, as in GnuTLS.
    pub fn gnutls_transport_set_fastopen(session: gnutls_session_t, fd: c_int, connect_addr: *mut libc::sockaddr, connect_addrlen: libc::socklen_t, flags: c_uint) {
        let _ = flags; // "must be zero"; GnuTLS does not look
        let h = handle(session)?;
        let len = connect_addrlen as usize;
        if len > std::mem::size_of::<libc::sockaddr_storage>() || h.state().role == crate::session::Role::Server {
            return Ok(());
        }
        // SAFETY: a zeroed sockaddr_storage is a valid value; the program's address is read
        // for the length it gives, which fits.
        let mut addr: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        if len > 0 {
            let src = super::bytes_arg(connect_addr as *const libc::c_void, len)?;
            // SAFETY: `len` bytes fit in `addr` (checked above).
            unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), &mut addr as *mut _ as *mut u8, len) };
        }
        let fast_open = super::callbacks::FastOpen { addr, len: connect_addrlen, connect_only: false };
        h.transport.update(|t| {
            t.set_fds(fd, fd);
            (t.pull, t.pull_timeout, t.push, t.vec_push) = (None, None, None, None);
            t.fast_open = Some(fast_open);
        });
        Ok(())
    }

    pub fn gnutls_transport_set_ptr(session: gnutls_session_t, ptr: gnutls_transport_ptr_t) {
        Ok(transport(session)?.update(|t| t.set_ptrs(ptr, ptr)))
    }

    pub fn gnutls_transport_set_ptr2(session: gnutls_session_t, recv_ptr: gnutls_transport_ptr_t, send_ptr: gnutls_transport_ptr_t) {
        Ok(transport(session)?.update(|t| t.set_ptrs(recv_ptr, send_ptr)))
    }

    pub fn gnutls_transport_set_int2(session: gnutls_session_t, recv_fd: c_int, send_fd: c_int) {
        Ok(transport(session)?.update(|t| t.set_fds(recv_fd, send_fd)))
    }

    pub fn gnutls_transport_get_ptr(session: gnutls_session_t) -> gnutls_transport_ptr_t {
        Ok(transport(session)?.get().recv_ptr)
    }

    pub fn gnutls_transport_get_ptr2(session: gnutls_session_t, recv_ptr: *mut gnutls_transport_ptr_t, send_ptr: *mut gnutls_transport_ptr_t) {
        let t = transport(session)?.get();
        out(recv_ptr, t.recv_ptr);
        out(send_ptr, t.send_ptr);
        Ok(())
    }

    pub fn gnutls_transport_get_int2(session: gnutls_session_t, recv_fd: *mut c_int, send_fd: *mut c_int) {
        let (recv, send) = transport(session)?.get().fds();
        out(recv_fd, recv);
        out(send_fd, send);
        Ok(())
    }

    /// -1 for a NULL session.
    pub fn gnutls_transport_get_int(session: gnutls_session_t) -> c_int {
        Ok(transport(session).map_or(-1, |t| t.get().fds().0))
    }

    pub fn gnutls_transport_set_push_function(session: gnutls_session_t, push_func: gnutls_push_func) {
        Ok(transport(session)?.update(|t| t.set_push(push_func)))
    }

    pub fn gnutls_transport_set_vec_push_function(session: gnutls_session_t, vec_func: gnutls_vec_push_func) {
        Ok(transport(session)?.update(|t| t.set_vec_push(vec_func)))
    }

    pub fn gnutls_transport_set_pull_function(session: gnutls_session_t, pull_func: gnutls_pull_func) {
        Ok(transport(session)?.update(|t| t.pull = pull_func))
    }

    pub fn gnutls_transport_set_pull_timeout_function(session: gnutls_session_t, func: gnutls_pull_timeout_func) {
        Ok(transport(session)?.update(|t| t.pull_timeout = func))
    }

    pub fn gnutls_transport_set_errno_function(session: gnutls_session_t, errno_func: gnutls_errno_func) {
        Ok(transport(session)?.update(|t| t.errno_func = errno_func))
    }

    pub fn gnutls_transport_set_errno(session: gnutls_session_t, err: c_int) {
        Ok(transport(session)?.set_errno(err))
    }

    /// GnuTLS's default pull-timeout: `poll` on the descriptor (-1 error, 0 timeout, >0 ready).
    pub fn gnutls_system_recv_timeout(ptr: gnutls_transport_ptr_t, ms: c_uint) -> c_int {
        Ok(poll_readable(ptr as isize as c_int, ms))
    }
}
