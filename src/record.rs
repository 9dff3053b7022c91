//! The record layer: application data in and out, and closing the connection.
//! Received plaintext goes from rustls's record straight into the caller's buffer (see `link`).

use crate::constants::*;
use crate::errors::Error;
use crate::link::{Stop, Want};
use crate::session::{Session, Tls};
use crate::transport::Channel;

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

    pub fn send(&mut self, io: &dyn Channel, data: &[u8]) -> Result<usize, Error> {
        let tls = self.usable()?;
        if tls.close_sent {
            return Err(Error::INVALID_REQUEST);
        }
        // A retry after EAGAIN: the data is already encrypted and queued.
        let n = match tls.pending_send {
            Some(n) => n,
            None => {
                let chunk = &data[..data.len().min(MAX_RECORD_SIZE)];
                let n = match self.drive(Want::Write(chunk))? {
                    Stop::Data(n) => n,
                    _ => return Err(self.fail(Error::INTERNAL)),
                };
                if let Some(t) = self.tls.as_mut() {
                    t.pending_send = Some(n);
                }
                n
            }
        };
        match self.flush(io) {
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

    pub fn recv(&mut self, io: &dyn Channel, buf: &mut [u8]) -> Result<usize, Error> {
        let tls = self.usable()?;
        if tls.link.plain_len() > 0 || buf.is_empty() {
            return Ok(tls.link.take_plain(buf));
        }
        loop {
            if self.usable()?.link.peer_closed {
                return Ok(0);
            }
            match self.drive(Want::Read(&mut *buf)) {
                Ok(Stop::Data(n)) => return Ok(n),
                Ok(Stop::PeerClosed) => return Ok(0),
                Ok(_) => {}
                Err(e) if e == Error::FATAL_ALERT && self.last_alert == Some(0) => return Ok(0),
                Err(e) => {
                    let _ = self.flush(io);
                    return Err(e);
                }
            }
            // Key updates and alerts rustls wants to answer go out before we wait for more.
            self.flush(io)?;
            if !self.receive(io)? {
                // End of file without close_notify (which would have ended the loop above);
                // inside a record GnuTLS says the record was cut short.
                let cut = self.usable()?.link.inside_record();
                return Err(self.fail(if cut { Error::new(GNUTLS_E_UNEXPECTED_PACKET_LENGTH) } else { Error::PREMATURE_TERMINATION }));
            }
        }
    }

    /// Plaintext already decrypted and waiting to be read: left over from a record the
    /// program read part of, or in the next complete record (which rustls keeps until read).
    pub fn pending(&mut self) -> usize {
        let Some(tls) = self.tls.as_mut().filter(|t| t.established && t.failed.is_none()) else { return 0 };
        match tls.link.plain_len() {
            0 => match self.drive(Want::Peek) {
                Ok(Stop::Data(n)) => n,
                _ => 0,
            },
            n => n,
        }
    }

    /// Queues our close_notify, once.
    pub fn close(&mut self) -> Result<(), Error> {
        let tls = self.tls.as_mut().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        if tls.close_sent {
            return Ok(());
        }
        if self.drive(Want::Close)? != Stop::Closed {
            return Err(self.fail(Error::INTERNAL));
        }
        if let Some(t) = self.tls.as_mut() {
            t.close_sent = true;
        }
        Ok(())
    }

    /// `gnutls_bye`: `how` is GNUTLS_SHUT_RDWR (wait for the peer's close_notify) or
    /// GNUTLS_SHUT_WR.
    pub fn bye(&mut self, io: &dyn Channel, how: u32) -> Result<(), Error> {
        if how != GNUTLS_SHUT_RDWR && how != GNUTLS_SHUT_WR {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: before a handshake there is nothing to close; GnuTLS 3.7.9 returns 0
        // for SHUT_WR and crashes for SHUT_RDWR.
        if !self.established() {
            return Ok(());
        }
        match self.close() {
            Ok(()) => self.flush(io)?,
            // A failed connection sends no more records; as before, only reading reports it.
            Err(_) if how == GNUTLS_SHUT_WR => return Ok(()),
            Err(e) => return Err(e),
        }
        if how == GNUTLS_SHUT_WR {
            return Ok(());
        }
        let mut sink = [0u8; 4096];
        loop {
            match self.recv(io, &mut sink) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                // The peer hanging up also ends the exchange, as in GnuTLS.
                Err(e) if e == Error::PREMATURE_TERMINATION => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }
}
