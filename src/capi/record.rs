//! The record layer (GnuTLS manual: "Core TLS API", data transfer): application data in
//! and out, what is pending, and closing the connection.

use libc::{c_int, c_uint, c_void, size_t, ssize_t};

use super::types::*;
use super::{borrow_ref, session_of};
use super::ctypes::{gnutls_packet_t, gnutls_range_st};
use super::callbacks::run_hooks;
use super::session::handle;
use crate::constants::*;
use crate::record::MAX_RECORD_SIZE;

entry! {
    pub fn gnutls_record_send(session: gnutls_session_t, data: *const c_void, data_size: size_t) -> ssize_t {
        let h = handle(session)?;
        let _engine = h.engine();
        h.state().send(&h.transport, opt_bytes(data, data_size))
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_record_send2(session: gnutls_session_t, data: *const c_void, data_size: size_t, pad: size_t, flags: c_uint) -> ssize_t {
        let _ = flags;
        let h = handle(session)?;
        let _engine = h.engine();
        h.state().send_padded(&h.transport, opt_bytes(data, data_size), pad)
    }

    pub fn gnutls_record_send_range(session: gnutls_session_t, data: *const c_void, data_size: size_t, range: *const gnutls_range_st) -> ssize_t {
        let _ = data;
        let range = borrow_ref(range)?;
        session_of(session)?.send_range(range.low, range.high, data_size)
    }

    pub fn gnutls_est_record_overhead_size(version: gnutls_protocol_t, cipher: gnutls_cipher_algorithm_t, mac: gnutls_mac_algorithm_t, comp: gnutls_compression_method_t, flags: c_uint) -> size_t {
        let _ = (comp, flags); // GnuTLS ignores both
        Ok(crate::record::overhead(version, cipher, mac).unwrap_or(0))
    }

    pub fn gnutls_record_overhead_size(session: gnutls_session_t) -> size_t {
        Ok(session_of(session)?.record_overhead())
    }

    /// 0: length hiding needs padding, which rustls cannot add.
    // divergence: GnuTLS says 1 under TLS 1.3 (where it pads); 0 under TLS 1.2 with AEAD.
    pub fn gnutls_record_can_use_length_hiding(session: gnutls_session_t) -> c_uint {
        session_of(session)?;
        Ok(0 as c_uint)
    }

    /// Hooks see the TLS 1.3 tickets that arrived with the data. On a blocking descriptor
    /// the wait for data happens without holding the session, so that another thread can
    /// send meanwhile (GnuTLS allows one sender and one receiver thread).
    pub fn gnutls_record_recv(session: gnutls_session_t, data: *mut c_void, data_size: size_t) -> ssize_t {
        receive(session, opt_bytes_mut(data, data_size))
    }

    /// One record's data as a packet the caller frees with `gnutls_packet_deinit`; at the
    /// end of the data, 0 and no packet.
    pub fn gnutls_record_recv_packet(session: gnutls_session_t, packet: *mut gnutls_packet_t) -> ssize_t {
        let out = super::borrow(packet)?;
        *out = std::ptr::null_mut();
        let mut buf = vec![0u8; MAX_RECORD_SIZE];
        let n = receive(session, Some(&mut buf[..]))?;
        if n > 0 {
            buf.truncate(n);
            *out = Box::into_raw(Box::new(mbuffer_st { data: buf }));
        }
        Ok(n)
    }

    /// The packet's data, pointing into the packet.
    // divergence: rustls keeps record sequence numbers to itself; `sequence` is zeroed.
    pub fn gnutls_packet_get(packet: gnutls_packet_t, data: *mut gnutls_datum_t, sequence: *mut libc::c_uchar) {
        let p = borrow_ref(packet)?;
        super::out(data, gnutls_datum_t::pointing_at(&p.data));
        if !sequence.is_null() {
            crate::global::log(1, "gnutls_packet_get: record sequence numbers are not available in gnutls-rustls");
            std::ptr::write_bytes(sequence, 0, 8);
        }
        Ok(())
    }

    pub fn gnutls_packet_deinit(packet: gnutls_packet_t) {
        super::free_handle(packet);
        Ok(())
    }
}

/// The object behind `gnutls_packet_t`: one record's plaintext.
pub struct mbuffer_st {
    data: Vec<u8>,
}

/// `gnutls_record_recv` into `buf` (None: a NULL buffer).
unsafe fn receive(session: gnutls_session_t, buf: Option<&mut [u8]>) -> Result<usize, crate::errors::Error> {
        let h = handle(session)?;
        let wait = buf.as_ref().is_some_and(|b| !b.is_empty()) && {
            let _engine = h.engine();
            h.state().recv_would_wait() && h.transport.blocking_descriptor()
        };
        if wait {
            // Errors show again in the read that follows.
            let _ = crate::transport::Channel::wait_readable(&h.transport, GNUTLS_INDEFINITE_TIMEOUT);
        }
        let n = {
            let _engine = h.engine();
            h.state().recv(&h.transport, buf)
        };
        run_hooks(session)?;
        n
}

entry! {

    pub fn gnutls_record_set_timeout(session: gnutls_session_t, ms: c_uint) {
        Ok(session_of(session)?.set_record_timeout(ms))
    }

    pub fn gnutls_record_cork(session: gnutls_session_t) {
        Ok(session_of(session)?.cork())
    }

    pub fn gnutls_record_uncork(session: gnutls_session_t, flags: c_uint) -> c_int {
        let h = handle(session)?;
        let _engine = h.engine();
        let n = h.state().uncork(&h.transport, flags == GNUTLS_RECORD_WAIT as c_uint)?;
        Ok(n.min(c_int::MAX as usize) as c_int)
    }

    pub fn gnutls_record_check_corked(session: gnutls_session_t) -> size_t {
        Ok(session_of(session)?.corked.len())
    }

    pub fn gnutls_record_discard_queued(session: gnutls_session_t) -> size_t {
        Ok(session_of(session)?.discard_queued())
    }

    /// GnuTLS 3.7.9 does nothing here either: it never pads unless asked.
    pub fn gnutls_record_disable_padding(session: gnutls_session_t) {
        let _ = session;
        Ok(())
    }

    pub fn gnutls_record_set_max_size(session: gnutls_session_t, size: size_t) -> ssize_t {
        session_of(session)?.set_max_record_size(size)?;
        Ok(0 as ssize_t)
    }

    pub fn gnutls_record_check_pending(session: gnutls_session_t) -> size_t {
        let h = handle(session)?;
        let _engine = h.engine();
        Ok(h.state().pending())
    }

    pub fn gnutls_record_get_max_size(session: gnutls_session_t) -> size_t {
        let _ = session;
        Ok(MAX_RECORD_SIZE)
    }

    /// Hooks see the messages that arrive while we wait for the peer's close_notify.
    pub fn gnutls_bye(session: gnutls_session_t, how: gnutls_close_request_t) -> c_int {
        let h = handle(session)?;
        let r = {
            let _engine = h.engine();
            h.state().bye(&h.transport, how)
        };
        run_hooks(session)?;
        r
    }

    /// 0 (reading) for a NULL session.
    pub fn gnutls_record_get_direction(session: gnutls_session_t) -> c_int {
        Ok(handle(session).map_or(0, |h| h.transport.direction()))
    }
}

/// A buffer argument where NULL is not (yet) an error: GnuTLS checks the session's state
/// first, and a NULL send buffer retries an interrupted send.
unsafe fn opt_bytes<'a>(p: *const c_void, len: size_t) -> Option<&'a [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller gives `len` readable bytes at `p`, as for GnuTLS.
    Some(if len == 0 { &[] } else { std::slice::from_raw_parts(p as *const u8, len) })
}

unsafe fn opt_bytes_mut<'a>(p: *mut c_void, len: size_t) -> Option<&'a mut [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller gives `len` writable bytes at `p`, as for GnuTLS.
    Some(if len == 0 { &mut [] } else { std::slice::from_raw_parts_mut(p as *mut u8, len) })
}

entry! {
    /// The file is read here and sent in records; kTLS's sendfile path is not used, since
    /// rustls does the encryption.
    #[node(GNUTLS_3_7_4)]
    pub fn gnutls_record_send_file(session: gnutls_session_t, fd: c_int, offset: *mut libc::off_t, count: size_t) -> ssize_t {
        use std::os::fd::FromRawFd;
        let h = handle(session)?;
        let _engine = h.engine();
        if fd < 0 {
            return Err(crate::errors::Error::FILE_ERROR);
        }
        // SAFETY: the program's open descriptor, borrowed for this call and never closed
        // here (ManuallyDrop).
        let file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
        let offset = if offset.is_null() { None } else { Some(&mut *offset) };
        h.state().send_file(&h.transport, &file, offset, count)
    }
}
