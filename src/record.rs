//! The record layer: application data in and out, and closing the connection.
//! Data moves straight between the caller's buffer and rustls; we add no copy of our own.

use std::io::Read;

use libc::{c_int, c_void, size_t, ssize_t};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{code, guard, ssize};
use crate::session::{handle, state_of, Session, Tls};
use crate::transport::TransportCells;
use crate::types::*;

/// The largest plaintext one TLS record carries (RFC 8446 section 5.1).
pub const MAX_RECORD_SIZE: usize = 16384;

impl Session {
    fn usable(&mut self) -> Result<&mut Tls, Error> {
        let tls = self.tls.as_mut().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        match tls.failed {
            Some(e) => Err(e),
            None => Ok(tls),
        }
    }

    pub fn send(&mut self, cells: &TransportCells, data: &[u8]) -> Result<usize, Error> {
        let tls = self.usable()?;
        if tls.close_sent {
            return Err(Error::INVALID_REQUEST);
        }
        // A retry after EAGAIN: the data is already encrypted and queued.
        let n = match tls.pending_send {
            Some(n) => n,
            None => {
                let chunk = &data[..data.len().min(MAX_RECORD_SIZE)];
                let n = std::io::Write::write(&mut tls.conn.writer(), chunk).map_err(|_| Error::INTERNAL)?;
                tls.pending_send = Some(n);
                n
            }
        };
        match self.flush(cells) {
            Ok(()) => {
                if let Some(t) = self.tls.as_mut() {
                    t.pending_send = None;
                }
                Ok(n)
            }
            Err(e) if !crate::errors::is_fatal(e.code()) => Err(e),
            Err(e) => Err(self.fail(e)),
        }
    }

    pub fn recv(&mut self, cells: &TransportCells, buf: &mut [u8]) -> Result<usize, Error> {
        self.usable()?;
        loop {
            let tls = self.usable()?;
            match tls.conn.reader().read(buf) {
                Ok(0) if !buf.is_empty() => {
                    tls.peer_closed = true;
                    return Ok(0);
                }
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Err(self.fail(Error::PREMATURE_TERMINATION));
                }
                Err(_) => return Err(self.fail(Error::INTERNAL)),
            }
            if tls.peer_closed {
                return Ok(0);
            }
            // Key updates and alerts rustls wants to answer go out before we wait for more.
            self.flush(cells)?;
            match self.receive(cells) {
                Ok(true) => {}
                // End of file: rustls now reports whether close_notify came first.
                Ok(false) => {}
                Err(e) if e == Error::FATAL_ALERT && self.last_alert == Some(0) => return Ok(0),
                Err(e) => {
                    let _ = self.flush(cells);
                    return Err(e);
                }
            }
        }
    }

    /// Plaintext already decrypted and waiting to be read.
    pub fn pending(&mut self) -> usize {
        let Some(tls) = self.tls.as_mut().filter(|t| t.established && t.failed.is_none()) else { return 0 };
        tls.conn.process_new_packets().map_or(0, |s| s.plaintext_bytes_to_read())
    }

    pub fn bye(&mut self, cells: &TransportCells, how: gnutls_close_request_t) -> Result<(), Error> {
        if how != GNUTLS_SHUT_RDWR && how != GNUTLS_SHUT_WR {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: before a handshake there is nothing to close; GnuTLS 3.7.9 returns 0
        // for SHUT_WR and crashes for SHUT_RDWR.
        let Some(tls) = self.tls.as_mut().filter(|t| t.established) else { return Ok(()) };
        if !tls.close_sent {
            tls.conn.send_close_notify();
            tls.close_sent = true;
        }
        self.flush(cells)?;
        if how == GNUTLS_SHUT_WR {
            return Ok(());
        }
        let mut sink = [0u8; 4096];
        loop {
            match self.recv(cells, &mut sink) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                // The peer hanging up also ends the exchange, as in GnuTLS.
                Err(e) if e == Error::PREMATURE_TERMINATION => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_record_send(session: gnutls_session_t, data: *const c_void, data_size: size_t) -> ssize_t {
    guard("gnutls_record_send", || {
        ssize((|| {
            let h = handle(session)?;
            let data = crate::ffi::bytes_arg(data, data_size)?;
            h.state().send(&h.transport, data)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_record_recv(session: gnutls_session_t, data: *mut c_void, data_size: size_t) -> ssize_t {
    guard("gnutls_record_recv", || {
        ssize((|| {
            let h = handle(session)?;
            if data.is_null() && data_size > 0 {
                return Err(Error::INVALID_REQUEST);
            }
            let buf: &mut [u8] =
                if data_size == 0 { &mut [] } else { std::slice::from_raw_parts_mut(data as *mut u8, data_size) };
            let n = h.state().recv(&h.transport, buf);
            crate::handshake::run_hooks(h, session)?;
            n
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_record_check_pending(session: gnutls_session_t) -> size_t {
    guard("gnutls_record_check_pending", || state_of(session).map_or(0, |s| s.pending()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_record_get_max_size(session: gnutls_session_t) -> size_t {
    guard("gnutls_record_get_max_size", || {
        let _ = session;
        MAX_RECORD_SIZE
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_bye(session: gnutls_session_t, how: gnutls_close_request_t) -> c_int {
    guard("gnutls_bye", || {
        code((|| {
            let h = handle(session)?;
            h.state().bye(&h.transport, how)
        })())
    })
}
