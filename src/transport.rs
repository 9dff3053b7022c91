//! The transport layer as the core sees it: a `Channel` that moves TLS bytes to and from
//! the peer (the C surface implements it over a socket descriptor or the program's
//! push/pull callbacks, see `capi::callbacks`), and the `Wire` one I/O call reads and
//! writes through: it applies the handshake's deadline, keeps the exact GnuTLS error of a
//! failure, and lets an observer see the bytes that pass.

use std::io;
use std::time::Instant;

use crate::errors::Error;
use crate::observe::Observer;

/// Where TLS bytes go. Errors are GnuTLS's (`GNUTLS_E_AGAIN`, `GNUTLS_E_INTERRUPTED`,
/// `GNUTLS_E_PUSH_ERROR`, ...). A channel may call back into the program, which may call
/// back into the library: it is used with no borrow held beyond the connection's buffers.
pub trait Channel {
    /// Reads what is there; Ok(0) is end of file.
    fn pull(&self, buf: &mut [u8]) -> Result<usize, Error>;
    /// Writes from these buffers, in order; returns how many bytes were taken.
    fn push(&self, bufs: &[io::IoSlice<'_>]) -> Result<usize, Error>;
    /// Waits at most `ms` milliseconds for something to read: Ok(false) when none came.
    fn wait_readable(&self, ms: u32) -> Result<bool, Error>;
    /// Whether the channel can wait with a time limit at all (GnuTLS cannot wait on a
    /// custom pull function that has no pull-timeout companion).
    fn can_wait(&self) -> bool;
}

/// How far away a deadline is that means "wait, but with no limit" (see `Wire`).
/// (beyond any timeout a `c_uint` of milliseconds can give).
pub const INDEFINITE: std::time::Duration = std::time::Duration::from_millis(2 * u32::MAX as u64);

/// One I/O call's view of the channel, as `std::io` traits (see `link`); the exact
/// GnuTLS error of a failure is kept in `error`.
pub struct Wire<'a> {
    channel: &'a dyn Channel,
    /// Sees the bytes that pass, to learn what the plaintext handshake says.
    observer: Option<&'a mut Observer>,
    /// Absolute deadline for reads (handshake timeout), if any.
    deadline: Option<Instant>,
    pub error: Option<Error>,
}

impl<'a> Wire<'a> {
    pub fn new(channel: &'a dyn Channel, deadline: Option<Instant>) -> Self {
        Wire { channel, observer: None, deadline, error: None }
    }

    pub fn observed_by(mut self, observer: &'a mut Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    fn fail(&mut self, e: Error) -> io::Error {
        self.error = Some(e);
        // The code travels in `error`; a bare kind costs no allocation (every EAGAIN comes here).
        io::Error::from(io::ErrorKind::Other)
    }

    /// Waits until the channel is readable or the deadline passes.
    fn wait_readable(&mut self) -> io::Result<()> {
        let Some(deadline) = self.deadline else { return Ok(()) };
        // A deadline further than any finite timeout stands for GNUTLS_INDEFINITE_TIMEOUT.
        let left = deadline.saturating_duration_since(Instant::now()).as_millis();
        let ms = if left > u32::MAX as u128 { crate::constants::GNUTLS_INDEFINITE_TIMEOUT } else { left as u32 };
        match self.channel.wait_readable(ms) {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.fail(Error::TIMEDOUT)),
            Err(e) => Err(self.fail(e)),
        }
    }
}

impl io::Read for Wire<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.wait_readable()?;
        let n = match self.channel.pull(buf) {
            Ok(n) => n.min(buf.len()),
            Err(e) => return Err(self.fail(e)),
        };
        if let Some(o) = self.observer.as_mut() {
            o.feed(&buf[..n]);
        }
        Ok(n)
    }
}

impl io::Write for Wire<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_vectored(&[io::IoSlice::new(buf)])
    }

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let n = match self.channel.push(bufs) {
            Ok(n) => n,
            Err(e) => return Err(self.fail(e)),
        };
        let mut left = n;
        if let Some(o) = self.observer.as_mut() {
            for b in bufs {
                let take = left.min(b.len());
                o.feed(&b[..take]);
                left -= take;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::io::{Read, Write};

    /// A peer in memory: what it has to send, what it was sent, and when it has nothing.
    #[derive(Default)]
    struct Memory {
        incoming: RefCell<Vec<u8>>,
        sent: RefCell<Vec<u8>>,
        ready: Cell<bool>,
    }

    impl Channel for Memory {
        fn pull(&self, buf: &mut [u8]) -> Result<usize, Error> {
            let mut incoming = self.incoming.borrow_mut();
            if incoming.is_empty() {
                return Err(Error::AGAIN);
            }
            let n = buf.len().min(incoming.len());
            buf[..n].copy_from_slice(&incoming[..n]);
            incoming.drain(..n);
            Ok(n)
        }
        fn push(&self, bufs: &[io::IoSlice<'_>]) -> Result<usize, Error> {
            // Takes only the first buffer, as a plain push function does.
            let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &b[..]);
            self.sent.borrow_mut().extend_from_slice(first);
            Ok(first.len())
        }
        fn wait_readable(&self, _: u32) -> Result<bool, Error> {
            Ok(self.ready.get())
        }
        fn can_wait(&self) -> bool {
            true
        }
    }

    #[test]
    fn errors_are_kept_and_a_deadline_gives_timedout() {
        let peer = Memory::default();
        let mut wire = Wire::new(&peer, None);
        assert!(wire.read(&mut [0u8; 4]).is_err());
        assert_eq!(wire.error, Some(Error::AGAIN));

        *peer.incoming.borrow_mut() = b"data".to_vec();
        let mut wire = Wire::new(&peer, Some(Instant::now()));
        assert!(wire.read(&mut [0u8; 4]).is_err());
        assert_eq!(wire.error, Some(Error::TIMEDOUT), "nothing readable before the deadline");
        peer.ready.set(true);
        let mut buf = [0u8; 4];
        assert_eq!(Wire::new(&peer, Some(Instant::now())).read(&mut buf).ok(), Some(4));
        assert_eq!(&buf, b"data");
    }

    #[test]
    fn the_observer_sees_only_what_passed() {
        let peer = Memory::default();
        let mut observer = Observer::default();
        let mut wire = Wire::new(&peer, None).observed_by(&mut observer);
        // A handshake record cut short by the channel: the observer gets the part it took.
        let record = [22u8, 3, 3, 0, 4, 2, 0, 0, 0];
        let n = wire.write_vectored(&[io::IoSlice::new(&record[..5]), io::IoSlice::new(&record[5..])]).ok();
        assert_eq!(n, Some(5));
        assert_eq!(wire.write(&record[5..]).ok(), Some(4));
        assert_eq!(*peer.sent.borrow(), record);
        let kinds: Vec<(u16, Vec<u8>)> = observer.pending.iter().map(|(k, b, _)| (*k, b.clone())).collect();
        assert_eq!(kinds, vec![(2, Vec::new())], "the ServerHello header went by once");
    }
}
