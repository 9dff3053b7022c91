//! The record layer: application data in and out, and closing the connection.
//! Received plaintext goes from rustls's record straight into the caller's buffer (see `link`).

use std::time::{Duration, Instant};

use crate::constants::*;
use crate::errors::Error;
use crate::link::{Stop, Want};
use crate::session::{Session, Tls};
use crate::transport::Channel;

/// What one receive brought.
enum Received {
    /// Bytes of application data; 0 is the end of the data.
    Data(usize),
    /// Only post-handshake messages.
    Handled,
}

/// The largest plaintext one TLS record carries (RFC 8446 section 5.1).
pub(crate) const MAX_RECORD_SIZE: usize = 16384;

impl Session {
    fn usable(&mut self) -> Result<&mut Tls, Error> {
        let tls = self.tls.as_mut().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        // GnuTLS invalidates a session on a fatal error: later calls say so.
        match tls.failed {
            Some(_) => Err(Error::new(GNUTLS_E_INVALID_SESSION)),
            None => Ok(tls),
        }
    }

    /// `gnutls_record_send`: `data` None is a NULL pointer, which (with size 0) only
    /// retries a send that returned GNUTLS_E_AGAIN, as in GnuTLS.
    pub fn send(&mut self, io: &dyn Channel, data: Option<&[u8]>) -> Result<usize, Error> {
        let tls = self.tls.as_mut().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        if self.corking {
            let data = data.unwrap_or_default();
            self.corked.extend_from_slice(data);
            return Ok(data.len());
        }
        if tls.pending_send.is_none() && data.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        // GnuTLS: nothing goes out after a fatal error or our close_notify.
        if tls.failed.is_some() || tls.close_sent {
            return Err(Error::new(GNUTLS_E_INVALID_SESSION));
        }
        // A retry after EAGAIN: the data is already encrypted and queued.
        let n = match tls.pending_send {
            Some(n) => n,
            None => {
                let data = data.unwrap_or_default();
                if data.is_empty() {
                    return Err(Error::INVALID_REQUEST);
                }
                let chunk = &data[..data.len().min(self.max_send_size())];
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

    /// `gnutls_record_recv`: the data of at most one record. `buf` None is a NULL pointer.
    /// Under TLS 1.3, a call that processed only post-handshake messages (tickets, a key
    /// update) returns GNUTLS_E_AGAIN, blocking or not, as GnuTLS's does: programs that
    /// wait in select() go back to it, since nothing complete is left in our buffer.
    pub fn recv(&mut self, io: &dyn Channel, buf: Option<&mut [u8]>) -> Result<usize, Error> {
        let tls = self.tls.as_mut().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        let Some(buf) = buf.filter(|b| !b.is_empty()) else { return Err(Error::INVALID_REQUEST) };
        if tls.link.plain_len() > 0 {
            return Ok(tls.link.take_plain(buf));
        }
        let deadline = self.record_deadline(io);
        match self.receive_record(io, buf, deadline)? {
            Received::Data(n) => Ok(n),
            Received::Handled => Err(Error::AGAIN),
        }
    }

    /// Reads until a record's data, the end of the data, or (under TLS 1.3) the end of a
    /// batch of post-handshake messages.
    fn receive_record(&mut self, io: &dyn Channel, buf: &mut [u8], deadline: Option<Instant>) -> Result<Received, Error> {
        if let Some(t) = self.tls.as_mut() {
            t.link.take_handled();
        }
        loop {
            if self.usable()?.link.peer_closed {
                return Ok(Received::Data(0));
            }
            match self.drive(Want::Read(&mut *buf)) {
                Ok(Stop::Data(n)) => return Ok(Received::Data(n)),
                Ok(Stop::PeerClosed) => return Ok(Received::Data(0)),
                Ok(_) => {}
                Err(e) if e == Error::FATAL_ALERT && self.last_alert == Some(0) => return Ok(Received::Data(0)),
                Err(e) => {
                    let _ = self.flush(io);
                    return Err(e);
                }
            }
            // Key updates and alerts rustls wants to answer go out before we wait for more.
            self.flush(io)?;
            if self.usable()?.link.take_handled() && self.tls13() {
                return Ok(Received::Handled);
            }
            match self.receive_until(io, deadline) {
                Ok(true) => {}
                // End of file without close_notify (which would have ended the loop above);
                // inside a record GnuTLS says the record was cut short.
                Ok(false) => {
                    let cut = self.usable()?.link.inside_record();
                    return Err(self.fail(if cut { Error::new(GNUTLS_E_UNEXPECTED_PACKET_LENGTH) } else { Error::PREMATURE_TERMINATION }));
                }
                Err(e) if e == Error::TIMEDOUT => return Err(e),
                Err(e) => return Err(self.fatal_unless_retry(e)),
            }
        }
    }

    fn take_plain_or_receive(&mut self, io: &dyn Channel, buf: &mut [u8], deadline: Option<Instant>) -> Result<Received, Error> {
        match self.usable()?.link.take_plain(buf) {
            0 => self.receive_record(io, buf, deadline),
            n => Ok(Received::Data(n)),
        }
    }

    /// Whether `recv` would have to wait for the transport before anything can happen: a
    /// thread may wait for that without holding the session (GnuTLS lets one thread receive
    /// while another sends).
    pub fn recv_would_wait(&self) -> bool {
        let Some(tls) = self.tls.as_ref().filter(|t| t.established && t.failed.is_none()) else { return false };
        !tls.link.peer_closed
            && tls.link.plain_len() == 0
            && !tls.link.has_whole_record()
            && !tls.link.wants_write()
            && self.record_timeout_ms == 0
            && self.flags & GNUTLS_NONBLOCK == 0
    }

    /// When a receive gives up (`gnutls_record_set_timeout`). GnuTLS ignores the timeout
    /// under GNUTLS_NONBLOCK, and cannot wait on a pull function without a pull-timeout one.
    fn record_deadline(&self, io: &dyn Channel) -> Option<Instant> {
        let ms = self.record_timeout_ms;
        if ms == 0 || self.flags & GNUTLS_NONBLOCK != 0 || !io.can_wait() {
            return None;
        }
        // GnuTLS still waits through the pull-timeout function, with its "no limit" value.
        let wait = if ms == GNUTLS_INDEFINITE_TIMEOUT { crate::transport::INDEFINITE } else { Duration::from_millis(ms as u64) };
        Some(Instant::now() + wait)
    }

    /// The most plaintext one record we send carries.
    fn max_send_size(&self) -> usize {
        self.max_send_size
    }

    /// `gnutls_record_send2`: GnuTLS pads only under TLS 1.3, up to the record's room.
    pub fn send_padded(&mut self, io: &dyn Channel, data: Option<&[u8]>, pad: usize) -> Result<usize, Error> {
        if !self.established() {
            return Err(Error::UNAVAILABLE_DURING_HANDSHAKE);
        }
        if pad == 0 {
            return self.send(io, data);
        }
        if !self.tls13() || pad > self.max_send_size {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: rustls cannot pad the records it sends.
        Err(Error::UNIMPLEMENTED)
    }

    /// `gnutls_record_send_range`: length hiding needs padding, which rustls cannot add, so
    /// (as GnuTLS does for AEAD ciphers under TLS 1.2) it is refused.
    pub fn send_range(&mut self, low: usize, high: usize, data_len: usize) -> Result<usize, Error> {
        if low > high || data_len < low || data_len > high {
            return Err(Error::INVALID_REQUEST);
        }
        if !self.established() {
            return Err(Error::UNAVAILABLE_DURING_HANDSHAKE);
        }
        Err(Error::INVALID_REQUEST)
    }

    /// `gnutls_record_send_file`: up to `count` bytes of `file`, read from `offset` (which
    /// moves past what was sent, even when a send fails midway) or, without one, from the
    /// file's position. The file's end stops early; a read error is GNUTLS_E_FILE_ERROR, or
    /// GNUTLS_E_AGAIN for a non-blocking file with nothing to read.
    // divergence: GnuTLS seeks to `offset` relative to the file's current position (a
    // program that has read part of the file gets later bytes); the man page says the
    // offset is where to read, as pread() takes it, which is what we do.
    pub fn send_file(&mut self, io: &dyn Channel, file: &std::fs::File, mut offset: Option<&mut i64>, count: usize) -> Result<usize, Error> {
        use std::io::Read;
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; count.min(self.max_send_size().max(512))];
        let mut sent = 0usize;
        let outcome = loop {
            if sent >= count {
                break Ok(());
            }
            let want = buf.len().min(count - sent);
            let read = match offset.as_deref() {
                Some(&at) => u64::try_from(at)
                    .ok()
                    .and_then(|at| at.checked_add(sent as u64))
                    .ok_or(Error::FILE_ERROR)
                    .and_then(|at| file.read_at(&mut buf[..want], at).map_err(file_read_error)),
                None => (&*file).read(&mut buf[..want]).map_err(file_read_error),
            };
            let n = match read {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => break Err(e),
            };
            let mut done = 0;
            let mut failure = None;
            while done < n {
                match self.send(io, Some(&buf[done..n])) {
                    Ok(k) => done += k,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            sent += done;
            if let Some(e) = failure {
                break Err(e);
            }
        };
        if let Some(at) = offset.as_deref_mut() {
            *at = at.checked_add(sent as i64).ok_or(Error::new(GNUTLS_E_RECORD_OVERFLOW))?;
        }
        outcome.map(|()| sent)
    }

    /// `gnutls_record_cork`: sends only collect data until `uncork`.
    pub fn cork(&mut self) {
        self.corking = true;
    }

    /// `gnutls_record_uncork`: sends what was collected, in records; with
    /// GNUTLS_RECORD_WAIT retrying on GNUTLS_E_AGAIN/GNUTLS_E_INTERRUPTED. Without it, an
    /// interrupted send leaves the rest collected (and corked) for the next call.
    pub fn uncork(&mut self, io: &dyn Channel, wait: bool) -> Result<usize, Error> {
        if !self.corking {
            return Ok(0);
        }
        self.corking = false;
        let mut total = 0;
        while !self.corked.is_empty() {
            let data = std::mem::take(&mut self.corked);
            let sent = loop {
                match self.send(io, Some(&data)) {
                    Err(e) if wait && (e == Error::AGAIN || e == Error::INTERRUPTED) => continue,
                    other => break other,
                }
            };
            self.corked = data;
            match sent {
                Ok(n) => {
                    self.corked.drain(..n);
                    total += n;
                }
                Err(e) => {
                    self.corking = true;
                    return Err(e);
                }
            }
        }
        Ok(total)
    }

    /// Records encrypted and not yet written (after an interrupted send), which are
    /// dropped: `gnutls_record_discard_queued`.
    pub fn discard_queued(&mut self) -> usize {
        let Some(tls) = self.tls.as_mut() else { return 0 };
        tls.pending_send = None;
        tls.link.discard_outgoing()
    }

    /// `gnutls_record_set_max_size`: 512..16384, before or after a handshake.
    // divergence: rustls negotiates neither max_fragment_length nor record_size_limit, so
    // the limit applies to the records we send, not to those the peer sends.
    pub fn set_max_record_size(&mut self, size: usize) -> Result<(), Error> {
        if !(512..=MAX_RECORD_SIZE).contains(&size) {
            return Err(Error::INVALID_REQUEST);
        }
        if self.tls.as_ref().is_some_and(|t| !t.established) || self.hello.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        self.max_send_size = size;
        Ok(())
    }

    /// `gnutls_record_set_timeout`.
    pub fn set_record_timeout(&mut self, ms: u32) {
        self.record_timeout_ms = ms;
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

    /// `gnutls_bye`: `how` is GNUTLS_SHUT_RDWR (wait for the peer's close_notify) or, as
    /// GnuTLS takes every other value, GNUTLS_SHUT_WR.
    pub fn bye(&mut self, io: &dyn Channel, how: u32) -> Result<(), Error> {
        let how = if how == GNUTLS_SHUT_RDWR { how } else { GNUTLS_SHUT_WR };
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
        let deadline = self.record_deadline(io);
        loop {
            // Tickets that arrive meanwhile are processed (the program's hooks see them).
            match self.take_plain_or_receive(io, &mut sink, deadline) {
                Ok(Received::Data(0)) => return Ok(()),
                Ok(_) => {}
                // The peer hanging up also ends the exchange, as in GnuTLS.
                Err(e) if e == Error::PREMATURE_TERMINATION => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }
}

fn file_read_error(e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::WouldBlock => Error::AGAIN,
        _ => Error::FILE_ERROR,
    }
}

/// The bytes a record adds to its plaintext under these algorithms, the header included
/// (`gnutls_est_record_overhead_size`); `None` for an algorithm or version GnuTLS lacks. A
/// block cipher counts its largest padding, as GnuTLS does.
pub fn overhead(version: gnutls_protocol_t, cipher: gnutls_cipher_algorithm_t, mac: gnutls_mac_algorithm_t) -> Option<usize> {
    use crate::crypto_api::cipher::{record_kind, sizes, RecordKind};
    let header = match version {
        GNUTLS_SSL3..=GNUTLS_TLS1_3 => 5,
        GNUTLS_DTLS0_9..=GNUTLS_DTLS1_2 => 13,
        _ => return None,
    };
    let kind = record_kind(cipher)?;
    crate::algorithms::mac_name(mac)?;
    let tls13 = version == GNUTLS_TLS1_3;
    // TLS 1.3 hides the content type inside the encryption.
    let mut total = header + usize::from(tls13);
    let explicit_iv = match kind {
        RecordKind::Stream => 0,
        RecordKind::Block { explicit_iv } | RecordKind::Aead { explicit_iv } => explicit_iv,
    };
    total += match mac {
        GNUTLS_MAC_AEAD => sizes(cipher).2 + if tls13 { 0 } else { explicit_iv },
        mac => crate::crypto_api::mac::sizes(mac).0,
    };
    if let RecordKind::Block { .. } = kind {
        total += 2 * explicit_iv;
    }
    Some(total)
}

impl Session {
    /// `gnutls_record_overhead_size`: the overhead under the negotiated algorithms, or only
    /// the header before the handshake completes.
    pub fn record_overhead(&self) -> usize {
        let established = self.tls.as_ref().is_some_and(|t| t.established);
        self.negotiated().filter(|_| established).and_then(|n| overhead(n.version, n.cipher, n.mac)).unwrap_or(5)
    }
}

#[cfg(test)]
mod overhead_tests {
    use super::*;

    #[test]
    fn overhead_as_gnutls_counts_it() {
        // Read off GnuTLS 3.7.9's gnutls_est_record_overhead_size.
        assert_eq!(overhead(GNUTLS_TLS1_3, GNUTLS_CIPHER_AES_128_GCM, GNUTLS_MAC_AEAD), Some(22));
        assert_eq!(overhead(GNUTLS_TLS1_2, GNUTLS_CIPHER_AES_128_GCM, GNUTLS_MAC_AEAD), Some(29));
        assert_eq!(overhead(GNUTLS_TLS1_2, GNUTLS_CIPHER_CHACHA20_POLY1305, GNUTLS_MAC_AEAD), Some(21));
        assert_eq!(overhead(GNUTLS_TLS1_2, GNUTLS_CIPHER_AES_128_CBC, GNUTLS_MAC_SHA1), Some(57));
        assert_eq!(overhead(GNUTLS_TLS1_2, GNUTLS_CIPHER_3DES_CBC, GNUTLS_MAC_SHA1), Some(41));
        assert_eq!(overhead(GNUTLS_TLS1_2, GNUTLS_CIPHER_AES_128_GCM, GNUTLS_MAC_SHA1), Some(25));
        assert_eq!(overhead(6, GNUTLS_CIPHER_AES_128_GCM, GNUTLS_MAC_AEAD), None);
        assert_eq!(overhead(GNUTLS_TLS1_2, 42, GNUTLS_MAC_AEAD), None);
    }
}

