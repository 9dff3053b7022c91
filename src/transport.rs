//! The transport layer: how TLS bytes reach the peer. By default a socket file descriptor
//! (GnuTLS's `recv`/`sendmsg`), or the application's push/pull callbacks, which this
//! module stores and calls as C function pointers (GnuTLS's callback types).

use std::cell::Cell;
use std::io;

use libc::{c_int, c_uint, c_void};

use crate::constants::*;
use crate::errors::Error;
use crate::types::{giovec_t, gnutls_errno_func, gnutls_pull_func, gnutls_pull_timeout_func, gnutls_push_func, gnutls_transport_ptr_t, gnutls_vec_push_func};

/// The transport settings of one session: plain values, copied out for each I/O call so
/// that callbacks can change them (or call back into the session) while I/O is under way.
#[derive(Clone, Copy)]
pub struct Transport {
    pub recv_ptr: gnutls_transport_ptr_t,
    pub send_ptr: gnutls_transport_ptr_t,
    pub pull: gnutls_pull_func,
    pub pull_timeout: gnutls_pull_timeout_func,
    pub push: gnutls_push_func,
    pub vec_push: gnutls_vec_push_func,
    pub errno_func: gnutls_errno_func,
    pub no_signal: bool,
}

impl Default for Transport {
    fn default() -> Self {
        // GnuTLS starts with (void*)-1 as "no descriptor yet".
        let unset = usize::MAX as gnutls_transport_ptr_t;
        Transport {
            recv_ptr: unset,
            send_ptr: unset,
            pull: None,
            pull_timeout: None,
            push: None,
            vec_push: None,
            errno_func: None,
            no_signal: false,
        }
    }
}

/// The parts of a session that transport callbacks may touch re-entrantly
/// (`gnutls_transport_set_errno`, `gnutls_session_get_ptr`, ...), hence cells.
#[derive(Default)]
pub struct TransportCells {
    pub config: Cell<Transport>,
    /// A value from `gnutls_transport_set_errno`, which overrides errno on the next failure.
    pub errno: Cell<c_int>,
    /// 0 when the last I/O that could block was a read, 1 for a write.
    pub direction: Cell<c_int>,
}

impl TransportCells {
    pub fn new(no_signal: bool) -> Self {
        let cells = TransportCells::default();
        cells.update(|t| t.no_signal = no_signal);
        cells
    }

    /// The settings as they are now.
    pub fn get(&self) -> Transport {
        self.config.get()
    }

    /// Changes the settings (`gnutls_transport_set_*`).
    pub fn update(&self, f: impl FnOnce(&mut Transport)) {
        let mut t = self.config.get();
        f(&mut t);
        self.config.set(t);
    }

    /// A value that overrides errno on the next failure (`gnutls_transport_set_errno`).
    pub fn set_errno(&self, errno: c_int) {
        self.errno.set(errno)
    }

    /// 0 when the last I/O that could block was a read, 1 for a write.
    pub fn direction(&self) -> c_int {
        self.direction.get()
    }
}

impl Transport {
    /// Both directions on one pointer (or descriptor).
    pub fn set_ptrs(&mut self, recv: gnutls_transport_ptr_t, send: gnutls_transport_ptr_t) {
        (self.recv_ptr, self.send_ptr) = (recv, send);
    }

    /// Descriptors are kept in the pointers, as GnuTLS keeps them.
    pub fn set_fds(&mut self, recv: c_int, send: c_int) {
        self.set_ptrs(recv as isize as gnutls_transport_ptr_t, send as isize as gnutls_transport_ptr_t);
    }

    pub fn fds(&self) -> (c_int, c_int) {
        (self.recv_ptr as isize as c_int, self.send_ptr as isize as c_int)
    }

    /// GnuTLS: setting a plain push function drops a vector one, and vice versa.
    pub fn set_push(&mut self, push: gnutls_push_func) {
        (self.push, self.vec_push) = (push, None);
    }

    pub fn set_vec_push(&mut self, vec_push: gnutls_vec_push_func) {
        (self.vec_push, self.push) = (vec_push, None);
    }
}

/// GnuTLS's default pull-timeout: `poll` on the descriptor (-1 error, 0 timeout, >0 ready).
pub fn poll_readable(fd: c_int, ms: c_uint) -> c_int {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let timeout = if ms == GNUTLS_INDEFINITE_TIMEOUT { -1 } else { ms.min(i32::MAX as c_uint) as c_int };
    // SAFETY: one pollfd, ours.
    unsafe { libc::poll(&mut pfd, 1, timeout) }
}

/// One I/O call's view of the transport, as `std::io` traits (see `link`); the exact
/// GnuTLS error of a failure is kept in `error`.
pub struct Wire<'a> {
    cells: &'a TransportCells,
    /// Sees the bytes that pass, to learn what the plaintext handshake says.
    observer: Option<&'a mut crate::observe::Observer>,
    t: Transport,
    /// Absolute deadline for reads (handshake timeout), if any.
    deadline: Option<std::time::Instant>,
    pub error: Option<Error>,
}

impl<'a> Wire<'a> {
    pub fn new(cells: &'a TransportCells, deadline: Option<std::time::Instant>) -> Self {
        Wire { cells, observer: None, t: cells.config.get(), deadline, error: None }
    }

    pub fn observed_by(mut self, observer: &'a mut crate::observe::Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    fn fail(&mut self, writing: bool) -> io::Error {
        let set = self.cells.errno.replace(0);
        let errno = if set != 0 {
            set
        } else if let Some(f) = self.t.errno_func {
            // SAFETY: the application's callback, called with its own pointer.
            unsafe { f(if writing { self.t.send_ptr } else { self.t.recv_ptr }) }
        } else {
            io::Error::last_os_error().raw_os_error().unwrap_or(0)
        };
        let e = Error::from_errno(errno, writing);
        self.error = Some(e);
        io::Error::from_raw_os_error(if errno == 0 { libc::EIO } else { errno })
    }

    fn fail_with(&mut self, e: Error) -> io::Error {
        self.error = Some(e);
        io::Error::other("transport")
    }

    fn fd(p: gnutls_transport_ptr_t) -> c_int {
        p as isize as c_int
    }

    /// Waits until the transport is readable or the deadline passes.
    fn wait_readable(&mut self) -> io::Result<()> {
        let Some(deadline) = self.deadline else { return Ok(()) };
        let ms = deadline.saturating_duration_since(std::time::Instant::now()).as_millis().min(u32::MAX as u128 - 2) as c_uint;
        let ready = match (self.t.pull, self.t.pull_timeout) {
            (_, Some(f)) => unsafe { f(self.t.recv_ptr, ms) },
            (None, None) => {
                let mut pfd = libc::pollfd { fd: Self::fd(self.t.recv_ptr), events: libc::POLLIN, revents: 0 };
                unsafe { libc::poll(&mut pfd, 1, ms as c_int) }
            }
            // GnuTLS cannot wait on a custom pull without a pull-timeout function.
            (Some(_), None) => return Err(self.fail_with(Error::PULL_ERROR)),
        };
        match ready {
            0 => Err(self.fail_with(Error::TIMEDOUT)),
            n if n < 0 => Err(self.fail(false)),
            _ => Ok(()),
        }
    }
}

impl io::Read for Wire<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.cells.direction.set(0);
        self.wait_readable()?;
        self.cells.errno.set(0);
        let n = match self.t.pull {
            // SAFETY: the application's callback with the application's pointer and our buffer.
            Some(pull) => unsafe { pull(self.t.recv_ptr, buf.as_mut_ptr() as *mut c_void, buf.len()) },
            None => unsafe { libc::recv(Self::fd(self.t.recv_ptr), buf.as_mut_ptr() as *mut c_void, buf.len(), 0) },
        };
        if n < 0 {
            return Err(self.fail(false));
        }
        let n = (n as usize).min(buf.len());
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
        self.cells.direction.set(1);
        self.cells.errno.set(0);
        let n = if let Some(vec_push) = self.t.vec_push {
            let iov: Vec<giovec_t> =
                bufs.iter().map(|b| giovec_t { iov_base: b.as_ptr() as *mut c_void, iov_len: b.len() }).collect();
            unsafe { vec_push(self.t.send_ptr, iov.as_ptr(), iov.len() as c_int) }
        } else if let Some(push) = self.t.push {
            let Some(first) = bufs.iter().find(|b| !b.is_empty()) else { return Ok(0) };
            unsafe { push(self.t.send_ptr, first.as_ptr() as *const c_void, first.len()) }
        } else {
            // As GnuTLS's system_writev: sendmsg, with MSG_NOSIGNAL only under GNUTLS_NO_SIGNAL.
            let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
            msg.msg_iov = bufs.as_ptr() as *mut libc::iovec;
            msg.msg_iovlen = bufs.len();
            let flags = if self.t.no_signal { libc::MSG_NOSIGNAL } else { 0 };
            unsafe { libc::sendmsg(Self::fd(self.t.send_ptr), &msg, flags) }
        };
        if n < 0 {
            return Err(self.fail(true));
        }
        let mut left = n as usize;
        if let Some(o) = self.observer.as_mut() {
            for b in bufs {
                let take = left.min(b.len());
                o.feed(&b[..take]);
                left -= take;
            }
        }
        Ok(n as usize)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn socketpair() -> (c_int, c_int) {
        let mut fds = [0; 2];
        assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_NONBLOCK, 0, fds.as_mut_ptr()) }, 0);
        (fds[0], fds[1])
    }

    fn cells_for(fd: c_int) -> TransportCells {
        let cells = TransportCells::new(false);
        cells.update(|t| t.set_fds(fd, fd));
        assert_eq!(cells.get().fds(), (fd, fd));
        cells
    }

    #[test]
    fn default_transport_maps_eagain_and_records_direction() {
        let (a, b) = socketpair();
        let cells = cells_for(a);
        let mut wire = Wire::new(&cells, None);
        assert!(wire.read(&mut [0u8; 16]).is_err());
        assert_eq!(wire.error, Some(Error::AGAIN));
        assert_eq!(cells.direction.get(), 0);
        assert_eq!(wire.write(b"hello").ok(), Some(5));
        assert_eq!(cells.direction.get(), 1);
        let mut buf = [0u8; 5];
        assert_eq!(unsafe { libc::recv(b, buf.as_mut_ptr() as *mut c_void, 5, 0) }, 5);
        assert_eq!(&buf, b"hello");
        unsafe { libc::close(b) };
        assert_eq!(wire.read(&mut [0u8; 16]).ok(), Some(0), "end of file reads as 0");
        unsafe { libc::close(a) };
    }

    #[test]
    fn a_read_deadline_gives_timedout() {
        let (a, b) = socketpair();
        let cells = cells_for(a);
        let mut wire = Wire::new(&cells, Some(std::time::Instant::now() + std::time::Duration::from_millis(20)));
        assert!(wire.read(&mut [0u8; 16]).is_err());
        assert_eq!(wire.error, Some(Error::TIMEDOUT));
        assert_eq!(poll_readable(a, 10), 0);
        unsafe { libc::send(b, b"x".as_ptr() as *const c_void, 1, 0) };
        assert_eq!(poll_readable(a, GNUTLS_INDEFINITE_TIMEOUT), 1);
        unsafe { (libc::close(a), libc::close(b)) };
    }

    unsafe extern "C" fn failing_push(_: gnutls_transport_ptr_t, _: *const c_void, _: size_t) -> isize {
        -1
    }
    /// Fails the way libcurl's push does: it reports EAGAIN through gnutls_transport_set_errno.
    unsafe extern "C" fn push_setting_errno(ptr: gnutls_transport_ptr_t, _: *const c_void, _: size_t) -> isize {
        (*(ptr as *const TransportCells)).errno.set(libc::EAGAIN);
        -1
    }
    unsafe extern "C" fn interrupted(_: gnutls_transport_ptr_t) -> c_int {
        libc::EINTR
    }

    #[test]
    fn custom_push_errors_come_from_set_errno_before_the_errno_function() {
        let cells = TransportCells::default();
        cells.update(|t| {
            t.set_vec_push(None);
            t.set_push(Some(failing_push));
            t.errno_func = Some(interrupted);
        });
        let mut t = cells.get();
        let mut wire = Wire::new(&cells, None);
        assert!(wire.write(b"x").is_err());
        assert_eq!(wire.error, Some(Error::INTERRUPTED));

        t.push = Some(push_setting_errno);
        t.send_ptr = &cells as *const TransportCells as gnutls_transport_ptr_t;
        cells.config.set(t);
        let mut wire = Wire::new(&cells, None);
        assert!(wire.write(b"x").is_err());
        assert_eq!(wire.error, Some(Error::AGAIN));
        assert_eq!(cells.errno.get(), 0, "a set_errno value serves one failure only");
    }

    use libc::size_t;
}
