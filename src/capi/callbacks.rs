//! The program's C callbacks, as the core's traits: the transport (a socket descriptor or
//! push/pull functions, as a `transport::Channel`), the session cache (`gnutls_db_*`, as a
//! `server::SessionDb`), and the handshake hook. Callbacks may call back into the library,
//! so what they can reach from a session is kept in cells.

use std::cell::Cell;
use std::io;

use libc::{c_int, c_uint, c_void};

use super::session::{gnutls_session_int, handle};
use crate::constants::*;
use crate::errors::Error;
use crate::server::SessionDb;
use crate::transport::Channel;
use super::types::*;
use super::ctypes::{gnutls_cert_retr_st, gnutls_ocsp_data_st, gnutls_pcert_st, gnutls_retr2_st};

// ---- Transport ----

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
    /// `gnutls_transport_set_fastopen`: where the first write connects to.
    pub fast_open: Option<FastOpen>,
}

/// TCP Fast Open: the peer's address until the first write has connected the socket.
#[derive(Clone, Copy)]
pub struct FastOpen {
    pub addr: libc::sockaddr_storage,
    pub len: libc::socklen_t,
    /// The system refused MSG_FASTOPEN: a plain connect() comes first.
    pub connect_only: bool,
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
            fast_open: None,
        }
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
        (fd(self.recv_ptr), fd(self.send_ptr))
    }

    /// GnuTLS: setting a plain push function drops a vector one, and vice versa.
    pub fn set_push(&mut self, push: gnutls_push_func) {
        (self.push, self.vec_push) = (push, None);
    }

    pub fn set_vec_push(&mut self, vec_push: gnutls_vec_push_func) {
        (self.vec_push, self.push) = (vec_push, None);
    }
}

fn fd(p: gnutls_transport_ptr_t) -> c_int {
    p as isize as c_int
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

    pub fn set_errno(&self, errno: c_int) {
        self.errno.set(errno)
    }

    pub fn direction(&self) -> c_int {
        self.direction.get()
    }

    /// Whether reads go to a descriptor in blocking mode (no pull function of the program's),
    /// on which a thread can wait for data without consuming any.
    pub fn blocking_descriptor(&self) -> bool {
        let t = self.get();
        // SAFETY: F_GETFL on a descriptor number only reads its flags.
        t.pull.is_none() && unsafe { libc::fcntl(fd(t.recv_ptr), libc::F_GETFL) } & libc::O_NONBLOCK == 0
    }

    /// The GnuTLS error of a failed call: errno as `gnutls_transport_set_errno` left it,
    /// else as the errno function says, else the system's, as GnuTLS's `errno_to_gerr`.
    /// The first write of a Fast Open session, as GnuTLS's `tfo_writev`: the ClientHello goes
    /// with the SYN (MSG_FASTOPEN to the peer's address); where the system refuses that, a
    /// plain connect() first. A connection under way reads as EAGAIN; once it is made (or has
    /// failed) the address is forgotten and writes are plain ones.
    fn fast_open_write(&self, t: &Transport, mut tfo: FastOpen, bufs: &[io::IoSlice<'_>]) -> isize {
        let fd = fd(t.send_ptr);
        let flags = if t.no_signal { libc::MSG_NOSIGNAL } else { 0 };
        let addr = &tfo.addr as *const libc::sockaddr_storage as *const libc::sockaddr;
        let mut n = -1;
        if !tfo.connect_only {
            let on: c_int = 1;
            // SAFETY: an int option on the program's descriptor; failure only means no TFO.
            unsafe {
                libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_FASTOPEN, &on as *const c_int as *const c_void, std::mem::size_of::<c_int>() as libc::socklen_t)
            };
            let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
            msg.msg_iov = bufs.as_ptr() as *mut libc::iovec;
            msg.msg_iovlen = bufs.len();
            msg.msg_name = addr as *mut c_void;
            msg.msg_namelen = tfo.len;
            // SAFETY: the iovecs are the caller's live slices, the address our copy of the program's.
            n = unsafe { libc::sendmsg(fd, &msg, flags | libc::MSG_FASTOPEN) };
            if n < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EOPNOTSUPP) {
                tfo.connect_only = true;
            }
        }
        if tfo.connect_only {
            // SAFETY: the program's descriptor and our copy of its address.
            if unsafe { libc::connect(fd, addr, tfo.len) } == 0 {
                self.update(|t| t.fast_open = None);
                return self.push_plain(fd, flags, bufs);
            }
        }
        let errno = io::Error::last_os_error().raw_os_error().unwrap_or(0);
        if n < 0 && errno == libc::EISCONN {
            // Connected by an earlier attempt that answered EINPROGRESS.
            self.update(|t| t.fast_open = None);
            return self.push_plain(fd, flags, bufs);
        }
        let pending = n < 0 && matches!(errno, libc::EINPROGRESS | libc::ENOTCONN | libc::EALREADY | libc::EAGAIN);
        self.update(|t| t.fast_open = if pending { Some(tfo) } else { None });
        if pending {
            self.set_errno(libc::EAGAIN);
        }
        n
    }

    fn push_plain(&self, fd: c_int, flags: c_int, bufs: &[io::IoSlice<'_>]) -> isize {
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = bufs.as_ptr() as *mut libc::iovec;
        msg.msg_iovlen = bufs.len();
        // SAFETY: the iovecs are the caller's live slices.
        unsafe { libc::sendmsg(fd, &msg, flags) }
    }

    fn failure(&self, t: &Transport, writing: bool) -> Error {
        let set = self.errno.replace(0);
        let errno = if set != 0 {
            set
        } else if let Some(f) = t.errno_func {
            // SAFETY: the application's callback, called with its own pointer.
            unsafe { f(if writing { t.send_ptr } else { t.recv_ptr }) }
        } else {
            io::Error::last_os_error().raw_os_error().unwrap_or(0)
        };
        Error::from_errno(errno, writing)
    }
}

/// GnuTLS's default pull-timeout: `poll` on the descriptor (-1 error, 0 timeout, >0 ready).
pub fn poll_readable(fd: c_int, ms: c_uint) -> c_int {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let timeout = if ms == GNUTLS_INDEFINITE_TIMEOUT { -1 } else { ms.min(i32::MAX as c_uint) as c_int };
    // SAFETY: one pollfd, ours.
    unsafe { libc::poll(&mut pfd, 1, timeout) }
}

impl Channel for TransportCells {
    fn pull(&self, buf: &mut [u8]) -> Result<usize, Error> {
        let t = self.get();
        self.direction.set(0);
        self.errno.set(0);
        let n = match t.pull {
            // SAFETY: the application's callback with the application's pointer and our buffer.
            Some(pull) => unsafe { pull(t.recv_ptr, buf.as_mut_ptr() as *mut c_void, buf.len()) },
            None => unsafe { libc::recv(fd(t.recv_ptr), buf.as_mut_ptr() as *mut c_void, buf.len(), 0) },
        };
        if n < 0 {
            return Err(self.failure(&t, false));
        }
        Ok(n as usize)
    }

    fn push(&self, bufs: &[io::IoSlice<'_>]) -> Result<usize, Error> {
        let t = self.get();
        self.direction.set(1);
        self.errno.set(0);
        let n = if let Some(vec_push) = t.vec_push {
            let iov: Vec<giovec_t> =
                bufs.iter().map(|b| giovec_t { iov_base: b.as_ptr() as *mut c_void, iov_len: b.len() }).collect();
            unsafe { vec_push(t.send_ptr, iov.as_ptr(), iov.len() as c_int) }
        } else if let Some(push) = t.push {
            let Some(first) = bufs.iter().find(|b| !b.is_empty()) else { return Ok(0) };
            unsafe { push(t.send_ptr, first.as_ptr() as *const c_void, first.len()) }
        } else if let Some(tfo) = t.fast_open {
            self.fast_open_write(&t, tfo, bufs)
        } else {
            // As GnuTLS's system_writev: sendmsg, with MSG_NOSIGNAL only under GNUTLS_NO_SIGNAL.
            self.push_plain(fd(t.send_ptr), if t.no_signal { libc::MSG_NOSIGNAL } else { 0 }, bufs)
        };
        if n < 0 {
            return Err(self.failure(&t, true));
        }
        Ok(n as usize)
    }

    fn wait_readable(&self, ms: u32) -> Result<bool, Error> {
        let t = self.get();
        self.direction.set(0);
        let ready = match (t.pull, t.pull_timeout) {
            (_, Some(f)) => unsafe { f(t.recv_ptr, ms) },
            (None, None) => poll_readable(fd(t.recv_ptr), ms),
            // GnuTLS cannot wait on a custom pull without a pull-timeout function.
            (Some(_), None) => return Err(Error::PULL_ERROR),
        };
        match ready {
            0 => Ok(false),
            n if n < 0 => Err(self.failure(&t, false)),
            _ => Ok(true),
        }
    }

    fn can_wait(&self) -> bool {
        let t = self.get();
        !(t.pull.is_some() && t.pull_timeout.is_none())
    }
}

// ---- The program's session cache ----

pub type gnutls_db_retr_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t) -> gnutls_datum_t>;
pub type gnutls_db_store_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t, gnutls_datum_t) -> c_int>;
pub type gnutls_db_remove_func = Option<unsafe extern "C" fn(*mut c_void, gnutls_datum_t) -> c_int>;

/// The `gnutls_db_set_*` callbacks and their pointer.
#[derive(Clone, Copy)]
pub struct DbCallbacks {
    pub retrieve: gnutls_db_retr_func,
    pub store: gnutls_db_store_func,
    pub remove: gnutls_db_remove_func,
    pub ptr: *mut c_void,
}

impl Default for DbCallbacks {
    fn default() -> Self {
        DbCallbacks { retrieve: None, store: None, remove: None, ptr: std::ptr::null_mut() }
    }
}

/// A datum pointing at bytes we keep for the duration of a call.
fn datum_of(bytes: &[u8]) -> gnutls_datum_t {
    gnutls_datum_t { data: bytes.as_ptr() as *mut u8, size: bytes.len() as c_uint }
}

impl DbCallbacks {
    /// GnuTLS uses the cache only when both a store and a retrieve function are set.
    pub fn usable(&self) -> bool {
        self.store.is_some() && self.retrieve.is_some()
    }

    /// Removes an entry; nothing happens without a remove function or a key.
    pub fn remove(&self, key: &[u8]) {
        if let (Some(remove), false) = (self.remove, key.is_empty()) {
            // SAFETY: the program's callback with its own pointer; the datum outlives the call.
            unsafe { remove(self.ptr, datum_of(key)) };
        }
    }
}

impl SessionDb for DbCallbacks {
    fn store(&self, key: &[u8], entry: &[u8]) -> bool {
        let Some(store) = self.store else { return false };
        // SAFETY: the program's callback with its own pointer; both datums outlive the call.
        unsafe { store(self.ptr, datum_of(key), datum_of(entry)) == 0 }
    }

    fn retrieve(&self, key: &[u8]) -> Option<Vec<u8>> {
        let retrieve = self.retrieve?;
        // SAFETY: as above; what the callback returns is gnutls_malloc'ed and ours to free.
        let found = unsafe { retrieve(self.ptr, datum_of(key)) };
        if found.data.is_null() {
            return None;
        }
        let entry = unsafe { std::slice::from_raw_parts(found.data, found.size as usize) }.to_vec();
        unsafe { library_free(found.data as *mut c_void) };
        Some(entry)
    }
}

// ---- The handshake hook ----

pub type gnutls_handshake_hook_func =
    Option<unsafe extern "C" fn(gnutls_session_t, c_uint, c_uint, c_uint, *const gnutls_datum_t) -> c_int>;

/// `gnutls_handshake_set_hook_function`'s settings: one hook per session.
#[derive(Clone, Copy)]
pub struct Hook {
    pub htype: c_uint,
    pub when: c_int,
    pub func: unsafe extern "C" fn(gnutls_session_t, c_uint, c_uint, c_uint, *const gnutls_datum_t) -> c_int,
}

/// Calls the program's hook for the handshake messages seen since the last call. It runs
/// with no borrow of the session held, since hooks call back into the library; a negative
/// return ends the handshake with that code, as in GnuTLS.
pub unsafe fn run_hooks(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    let messages = h.state().take_handshake_messages();
    let Some(hook) = h.hook.get() else { return Ok(()) };
    let result = messages.iter().try_for_each(|m| {
        let ccs = m.kind == crate::observe::CHANGE_CIPHER_SPEC;
        // The hook finds each message it is told of as the last one of its direction (a
        // ChangeCipherSpec is no handshake message).
        let state = h.state();
        if !ccs {
            state.hooked_position[usize::from(!m.incoming)] = i32::from(m.kind);
        }
        state.handshake_position = Some(state.hooked_position);
        // GnuTLS tells of a ChangeCipherSpec only a hook set for that type, not GNUTLS_HANDSHAKE_ANY.
        let wanted = if ccs { hook.htype == m.kind as c_uint } else { hook.htype == GNUTLS_HANDSHAKE_ANY || hook.htype == m.kind as c_uint };
        if !wanted {
            return Ok(());
        }
        let msg = datum_of(&m.body);
        for when in [GNUTLS_HOOK_PRE, GNUTLS_HOOK_POST] {
            if hook.when != GNUTLS_HOOK_BOTH && hook.when != when {
                continue;
            }
            let r = (hook.func)(session, m.kind as c_uint, when as c_uint, m.incoming as c_uint, &msg);
            if r < 0 {
                return Err(h.state().fail(Error::new(r)));
            }
        }
        Ok(())
    });
    h.state().handshake_position = None;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::Wire;
    use libc::{size_t, ssize_t};
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

    unsafe extern "C" fn failing_push(_: gnutls_transport_ptr_t, _: *const c_void, _: size_t) -> ssize_t {
        -1
    }
    /// Fails the way libcurl's push does: it reports EAGAIN through gnutls_transport_set_errno.
    unsafe extern "C" fn push_setting_errno(ptr: gnutls_transport_ptr_t, _: *const c_void, _: size_t) -> ssize_t {
        (*(ptr as *const TransportCells)).errno.set(libc::EAGAIN);
        -1
    }
    unsafe extern "C" fn interrupted(_: gnutls_transport_ptr_t) -> c_int {
        libc::EINTR
    }
    unsafe extern "C" fn pull_nothing(_: gnutls_transport_ptr_t, _: *mut c_void, _: size_t) -> ssize_t {
        0
    }

    #[test]
    fn custom_push_errors_come_from_set_errno_before_the_errno_function() {
        let cells = TransportCells::default();
        cells.update(|t| {
            t.set_vec_push(None);
            t.set_push(Some(failing_push));
            t.errno_func = Some(interrupted);
        });
        let mut wire = Wire::new(&cells, None);
        assert!(wire.write(b"x").is_err());
        assert_eq!(wire.error, Some(Error::INTERRUPTED));

        let me = &cells as *const TransportCells as gnutls_transport_ptr_t;
        cells.update(|t| {
            t.set_push(Some(push_setting_errno));
            t.send_ptr = me;
        });
        let mut wire = Wire::new(&cells, None);
        assert!(wire.write(b"x").is_err());
        assert_eq!(wire.error, Some(Error::AGAIN));
        assert_eq!(cells.errno.get(), 0, "a set_errno value serves one failure only");
    }

    #[test]
    fn a_custom_pull_without_a_timeout_function_cannot_wait() {
        let cells = TransportCells::default();
        assert!(cells.can_wait());
        cells.update(|t| t.pull = Some(pull_nothing));
        assert!(!cells.can_wait());
        let mut wire = Wire::new(&cells, Some(std::time::Instant::now()));
        assert!(wire.read(&mut [0u8; 4]).is_err());
        assert_eq!(wire.error, Some(Error::PULL_ERROR));
        assert_eq!(Wire::new(&cells, None).read(&mut [0u8; 4]).ok(), Some(0));
    }
}

// ---- Callbacks set on credentials ----

/// `gnutls_certificate_set_retrieve_function*`'s callbacks: GnuTLS keeps one, the last set.
#[derive(Clone, Copy)]
pub enum RetrieveFunction {
    /// `gnutls_certificate_retrieve_function`: X.509 handles in a `gnutls_retr2_st`.
    Retr2(unsafe extern "C" fn(gnutls_session_t, *const gnutls_datum_t, c_int, *const gnutls_pk_algorithm_t, c_int, *mut gnutls_retr2_st) -> c_int),
    /// `gnutls_certificate_retrieve_function2`: the program's pcert list and key.
    Pcert(
        unsafe extern "C" fn(gnutls_session_t, *const gnutls_datum_t, c_int, *const gnutls_pk_algorithm_t, c_int, *mut *mut gnutls_pcert_st, *mut c_uint, *mut gnutls_privkey_t) -> c_int,
    ),
    /// `gnutls_certificate_retrieve_function3`.
    Info(
        unsafe extern "C" fn(
            gnutls_session_t,
            *const gnutls_cert_retr_st,
            *mut *mut gnutls_pcert_st,
            *mut c_uint,
            *mut *mut gnutls_ocsp_data_st,
            *mut c_uint,
            *mut gnutls_privkey_t,
            *mut c_uint,
        ) -> c_int,
    ),
}

/// What a program set on one credentials object; the core's credentials know nothing of C.
#[derive(Clone, Copy, Default)]
struct CredentialCallbacks {
    verify: Option<unsafe extern "C" fn(gnutls_session_t) -> c_int>,
    retrieve: Option<RetrieveFunction>,
}

/// By the credentials they were set on; removed when the program frees the credentials.
static CREDENTIAL_CALLBACKS: std::sync::Mutex<Vec<(usize, CredentialCallbacks)>> = std::sync::Mutex::new(Vec::new());

fn update_credential_callbacks(cred: *const crate::credentials::CertificateCredentials, f: impl FnOnce(&mut CredentialCallbacks)) {
    let Ok(mut all) = CREDENTIAL_CALLBACKS.lock() else { return };
    let key = cred as usize;
    let mut entry = all.iter().find(|(c, _)| *c == key).map(|(_, e)| *e).unwrap_or_default();
    f(&mut entry);
    all.retain(|(c, _)| *c != key);
    if entry.verify.is_some() || entry.retrieve.is_some() {
        all.push((key, entry));
    }
}

fn credential_callbacks(cred: usize) -> CredentialCallbacks {
    let all = CREDENTIAL_CALLBACKS.lock();
    all.ok().and_then(|v| v.iter().find(|(c, _)| *c == cred).map(|(_, e)| *e)).unwrap_or_default()
}

pub fn set_verify_function(cred: *const crate::credentials::CertificateCredentials, func: *mut super::ctypes::gnutls_certificate_verify_function) {
    // SAFETY: C hands us a `gnutls_certificate_verify_function *` (or NULL), a function pointer.
    let func = (!func.is_null()).then(|| unsafe { std::mem::transmute::<_, unsafe extern "C" fn(gnutls_session_t) -> c_int>(func) });
    update_credential_callbacks(cred, |e| e.verify = func);
}

pub fn set_retrieve_function(cred: *const crate::credentials::CertificateCredentials, func: Option<RetrieveFunction>) {
    update_credential_callbacks(cred, |e| e.retrieve = func);
}

pub fn forget_credential_callbacks(cred: *const crate::credentials::CertificateCredentials) {
    update_credential_callbacks(cred, |e| *e = CredentialCallbacks::default());
    if let Ok(mut all) = OCSP_FUNCTIONS.lock() {
        all.retain(|f| f.cred != cred as usize);
    }
}

/// `gnutls_status_request_ocsp_func`.
pub type OcspFunction = unsafe extern "C" fn(gnutls_session_t, *mut c_void, *mut gnutls_datum_t) -> c_int;

/// A program's OCSP function for credentials: for one chain (`index`), or for all.
struct OcspFunctionEntry {
    cred: usize,
    index: Option<usize>,
    func: OcspFunction,
    ptr: usize,
}

static OCSP_FUNCTIONS: std::sync::Mutex<Vec<OcspFunctionEntry>> = std::sync::Mutex::new(Vec::new());

/// `gnutls_certificate_set_ocsp_status_request_function` (index None) and `_function2`.
pub fn set_ocsp_function(cred: *const crate::credentials::CertificateCredentials, index: Option<usize>, func: Option<OcspFunction>, ptr: *mut c_void) {
    let Ok(mut all) = OCSP_FUNCTIONS.lock() else { return };
    all.retain(|f| !(f.cred == cred as usize && f.index == index));
    if let Some(func) = func {
        all.push(OcspFunctionEntry { cred: cred as usize, index, func, ptr: ptr as usize });
    }
}

/// The function set for chain `index` (None: for all chains).
fn ocsp_function(cred: usize, index: Option<usize>) -> Option<(OcspFunction, *mut c_void)> {
    let all = OCSP_FUNCTIONS.lock().ok()?;
    all.iter().find(|f| f.cred == cred && f.index == index).map(|f| (f.func, f.ptr as *mut c_void))
}

fn has_ocsp_function(cred: usize) -> bool {
    OCSP_FUNCTIONS.lock().is_ok_and(|all| all.iter().any(|f| f.cred == cred))
}

/// A server asks the program's OCSP function once the ClientHello is in (if the client
/// asked for a status), with no borrow of the session held: its answer is stapled, or, for
/// GNUTLS_E_NO_CERTIFICATE_STATUS, nothing; another error fails the handshake.
pub unsafe fn run_ocsp_function(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    let cred = h.state().certificate.as_ref().map_or(0, |c| std::sync::Arc::as_ptr(c) as usize);
    let indexes = h.state().ocsp_function_indexes();
    let mut asked_global = false;
    for index in indexes {
        // A chain's own function, else (once) the one for all chains.
        let (key, found) = match ocsp_function(cred, Some(index)) {
            Some(f) => (Some(index), Some(f)),
            None if !asked_global => {
                asked_global = true;
                (None, ocsp_function(cred, None))
            }
            None => continue,
        };
        let Some((func, ptr)) = found else { continue };
        let mut answer = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        // SAFETY: the program's function, with the session and pointer it was set with.
        let rc = func(session, ptr, &mut answer);
        let bytes = datum_bytes(&answer);
        library_free(answer.data as *mut c_void);
        match rc {
            0 => h.state().set_ocsp_answer(key, bytes.filter(|b| !b.is_empty())),
            GNUTLS_E_NO_CERTIFICATE_STATUS => h.state().set_ocsp_answer(key, None),
            rc => return Err(Error::new(rc.min(-1))),
        }
    }
    Ok(())
}

/// Runs the session's verify function (`gnutls_session_set_verify_function`), else the
/// credentials' one, once the handshake is done, with no borrow of the session held (the
/// callback calls back into the library). As in GnuTLS, a return below -1 is the handshake's
/// error, any other non-zero one GNUTLS_E_CERTIFICATE_ERROR.
// divergence: GnuTLS calls it as the Certificate message arrives, before Finished; rustls
// hands over the chain at the end of the handshake, so it runs then, before
// gnutls_handshake reports success, and a refusal fails the handshake just the same.
pub unsafe fn run_verify_function(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    let state = h.state();
    let Some(cred) = state.certificate.as_ref().map(|c| std::sync::Arc::as_ptr(c) as usize) else { return Ok(()) };
    // A server asks its function whenever it requested a certificate, sent or not, as
    // GnuTLS does; a resumed TLS 1.3 handshake authenticated nobody by certificate.
    if state.role == crate::session::Role::Server {
        let tls13 = state.negotiated().is_some_and(|n| n.version == GNUTLS_TLS1_3);
        if state.server.request == GNUTLS_CERT_IGNORE || (tls13 && state.is_resumed()) {
            return Ok(());
        }
    }
    let Some(f) = h.verify_function.get().or_else(|| credential_callbacks(cred).verify) else { return Ok(()) };
    state.handshake_position = Some(state.position_at_verification());
    let verdict = f(session);
    h.state().handshake_position = None;
    match verdict {
        0 => Ok(()),
        r if r < -1 => Err(h.state().fail(Error::new(r))),
        _ => Err(h.state().fail(Error::CERTIFICATE)),
    }
}

/// Gives the session the program's certificate callback of its credentials for this
/// handshake, and makes a server pause once the ClientHello is in to ask it.
pub unsafe fn install_retriever(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    let state = h.state();
    let cred = state.certificate.as_ref().map_or(std::ptr::null(), std::sync::Arc::as_ptr);
    let func = credential_callbacks(cred as usize).retrieve;
    state.retriever = func.map(|func| Box::new(Retriever { session, cred: cred as gnutls_certificate_credentials_t, func }) as Box<_>);
    if (func.is_some() || has_ocsp_function(cred as usize)) && state.role == crate::session::Role::Server {
        state.want_post_hello(true);
    }
    Ok(())
}

/// A server asks the program's callback once the ClientHello is in, after the
/// post-ClientHello function; the callback runs with no borrow of the session held (it
/// reads the client's server name through the session).
pub unsafe fn run_server_retriever(session: gnutls_session_t) -> Result<(), Error> {
    let h: &gnutls_session_int = handle(session)?;
    if h.state().role != crate::session::Role::Server {
        return Ok(());
    }
    let Some(retriever) = h.state().retriever.take() else { return Ok(()) };
    let answer = retriever.retrieve(&crate::retrieve::Query::default());
    h.state().retriever = Some(retriever);
    h.state().server_chose(answer)
}

/// Frees what a program allocated with `gnutls_malloc` and handed over.
pub unsafe fn library_free(p: *mut c_void) {
    if let (Some(free), false) = (super::global::gnutls_free, p.is_null()) {
        free(p);
    }
}

/// The program's certificate callback, called with the session it works for.
struct Retriever {
    session: gnutls_session_t,
    cred: gnutls_certificate_credentials_t,
    func: RetrieveFunction,
}

/// `GNUTLS_CERT_RETR_DEINIT_ALL` (abstract.h): the callback's answer is ours to free.
const CERT_RETR_DEINIT_ALL: c_uint = 1;

/// GnuTLS's answer to a callback that failed, whatever it returned.
const USER_ERROR: Error = Error::new(GNUTLS_E_USER_ERROR);

impl crate::retrieve::RetrievesCertificate for Retriever {
    fn retrieve(&self, query: &crate::retrieve::Query<'_>) -> Result<Option<crate::retrieve::Chosen>, Error> {
        let names: Vec<gnutls_datum_t> = query.ca_names.iter().map(|n| datum_of(n)).collect();
        // GnuTLS passes NULL for empty lists (always on a server).
        let names_ptr = if names.is_empty() { std::ptr::null() } else { names.as_ptr() };
        let pks = &query.pk_algorithms;
        let pks_ptr = if pks.is_empty() { std::ptr::null() } else { pks.as_ptr() };
        // SAFETY: the program's callback, with pointers that outlive the call; what it hands
        // back is read as its prototype says, and freed only where GnuTLS frees it.
        unsafe {
            match self.func {
                RetrieveFunction::Retr2(f) => {
                    let mut st: gnutls_retr2_st = std::mem::zeroed();
                    if f(self.session, names_ptr, names.len() as c_int, pks_ptr, pks.len() as c_int, &mut st) < 0 {
                        return Err(USER_ERROR);
                    }
                    let chosen = chosen_of_retr2(&st);
                    if st.deinit_all != 0 {
                        free_retr2(&st);
                    }
                    chosen
                }
                RetrieveFunction::Pcert(f) => {
                    let (mut pcerts, mut n, mut key) = (std::ptr::null_mut(), 0, std::ptr::null_mut());
                    if f(self.session, names_ptr, names.len() as c_int, pks_ptr, pks.len() as c_int, &mut pcerts, &mut n, &mut key) < 0 {
                        return Err(USER_ERROR);
                    }
                    // GnuTLS never frees what this callback hands over.
                    chosen_of_pcerts(pcerts, n, key, None)
                }
                RetrieveFunction::Info(f) => {
                    let mut info: gnutls_cert_retr_st = std::mem::zeroed();
                    // GnuTLS 3.7.9 leaves `version` 0 (its header says 1).
                    info.cred = self.cred;
                    info.req_ca_rdn = names_ptr;
                    info.nreqs = names.len() as c_uint;
                    info.pk_algos = pks_ptr;
                    info.pk_algos_length = pks.len() as c_uint;
                    let (mut pcerts, mut n, mut key) = (std::ptr::null_mut(), 0, std::ptr::null_mut());
                    let (mut ocsp, mut n_ocsp, mut flags) = (std::ptr::null_mut(), 0, 0);
                    if f(self.session, &info, &mut pcerts, &mut n, &mut ocsp, &mut n_ocsp, &mut key, &mut flags) < 0 {
                        return Err(USER_ERROR);
                    }
                    let stapled = if n_ocsp > 0 && !ocsp.is_null() { datum_bytes(&(*ocsp).response) } else { None };
                    let chosen = chosen_of_pcerts(pcerts, n, key, stapled);
                    if flags & CERT_RETR_DEINIT_ALL != 0 {
                        free_pcerts(pcerts, n, key);
                        for i in 0..if ocsp.is_null() { 0 } else { n_ocsp as usize } {
                            library_free((*ocsp.add(i)).response.data as *mut c_void);
                        }
                        library_free(ocsp as *mut c_void);
                    }
                    chosen
                }
            }
        }
    }
}

unsafe fn datum_bytes(d: *const gnutls_datum_t) -> Option<Vec<u8>> {
    gnutls_datum_t::as_slice(d).filter(|b| !b.is_empty()).map(<[u8]>::to_vec)
}

/// A `gnutls_retr2_st` answer: X.509 certificates and an X.509 key (PKCS #11 and OpenPGP
/// keys are refused, as the types we cannot use).
unsafe fn chosen_of_retr2(st: &gnutls_retr2_st) -> Result<Option<crate::retrieve::Chosen>, Error> {
    if st.ncerts == 0 {
        return Ok(None);
    }
    if st.cert_type != GNUTLS_CRT_X509 || st.key_type != GNUTLS_PRIVKEY_X509 {
        return Err(Error::INVALID_REQUEST);
    }
    let chain = super::x509::chain_of(st.cert.x509, st.ncerts as usize)?;
    let der = super::borrow_ref(st.key.x509)?.pkcs8_der()?.to_vec();
    let key = crate::keys::handles::TlsKey::Der(rustls_pki_types::PrivateKeyDer::try_from(der).map_err(|_| Error::INVALID_REQUEST)?);
    Ok(Some(crate::retrieve::Chosen { chain, key, ocsp: None, raw: false }))
}

/// Frees a `gnutls_retr2_st` answer the program asked us to (`deinit_all`), as GnuTLS does.
unsafe fn free_retr2(st: &gnutls_retr2_st) {
    if st.cert_type != GNUTLS_CRT_X509 {
        return;
    }
    if !st.cert.x509.is_null() {
        for i in 0..st.ncerts as usize {
            super::free_handle(*st.cert.x509.add(i));
        }
        library_free(st.cert.x509 as *mut c_void);
    }
    if st.key_type == GNUTLS_PRIVKEY_X509 {
        super::free_handle(st.key.x509);
    }
}

/// A pcert list with its key, as the program's callback handed them over.
unsafe fn chosen_of_pcerts(pcerts: *const gnutls_pcert_st, n: c_uint, key: gnutls_privkey_t, ocsp: Option<Vec<u8>>) -> Result<Option<crate::retrieve::Chosen>, Error> {
    if n == 0 {
        return Ok(None);
    }
    if pcerts.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    let (chain, raw) = super::pcert::chain_of_pcerts(pcerts, n as usize)?;
    let key = super::borrow_ref(key)?.tls_key()?;
    Ok(Some(crate::retrieve::Chosen { chain, key, ocsp, raw }))
}

/// Frees a pcert list (its `gnutls_malloc`ed array too) and a key the program gave up.
unsafe fn free_pcerts(pcerts: *mut gnutls_pcert_st, n: c_uint, key: gnutls_privkey_t) {
    if !pcerts.is_null() {
        for i in 0..n as usize {
            super::pcert::clear(&mut *pcerts.add(i));
        }
        library_free(pcerts as *mut c_void);
    }
    super::free_handle(key);
}
