//! Session resumption (`gnutls_session_get_data2`, `gnutls_session_set_data`, ...).
//!
//! rustls cannot serialise a client session, so the data a program receives is an opaque,
//! versioned handle into a bounded, process-wide registry of the connection's "ticket slot":
//! the rustls session values (TLS 1.2 session, latest TLS 1.3 ticket) that the connection
//! received. A handle is 32 random bytes (unguessable); data from another process, from a
//! restarted one or from another library gives a full handshake, never a crash.
//!
//! Because the data names the slot rather than copying the ticket, data taken before a
//! TLS 1.3 ticket arrives resumes with the ticket that arrives later on that connection.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use libc::{c_int, c_void, size_t};
use once_cell::sync::Lazy;
use rustls::client::{ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::pki_types::ServerName;
use rustls::NamedGroup;

use crate::constants::*;
use crate::context::SessionContext;
use crate::errors::Error;
use crate::ffi::{code, guard};
use crate::session::{handle, state_of, Role, Session};
use crate::types::*;

/// GnuTLS's "empty" session data: four zero bytes, accepted and ignored by `set_data`.
const EMPTY_DATA: [u8; 4] = [0; 4];
/// Our data: this tag (which also names the format's version), then the slot's handle.
const MAGIC: &[u8; 4] = b"GRs1";
const HANDLE_LEN: usize = 32;
/// How many slots the registry keeps; the oldest handle is forgotten first.
const REGISTRY_CAPACITY: usize = 1024;
/// GnuTLS's default session lifetime (`DEFAULT_EXPIRE_TIME`).
const REGISTRY_LIFETIME: Duration = Duration::from_secs(21600);
/// GnuTLS waits this long beyond the estimated round trip for a TLS 1.3 ticket.
const TICKET_WAIT_EXTRA: Duration = Duration::from_millis(60);

/// What one connection received that lets a later one resume it.
#[derive(Default)]
pub struct TicketSlot {
    tls12: Option<Tls12ClientSessionValue>,
    tls13: Option<Tls13ClientSessionValue>,
    kx_hint: Option<NamedGroup>,
}

pub type Slot = Arc<Mutex<TicketSlot>>;

fn lock(slot: &Slot) -> MutexGuard<'_, TicketSlot> {
    slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A session's resumption state.
#[derive(Default)]
pub struct ResumeState {
    /// What this connection receives.
    pub own: Slot,
    /// What `gnutls_session_set_data` offered to resume.
    pub offered: Option<Slot>,
    /// TLS 1.3 tickets received so far on this connection.
    pub tickets: Cell<u32>,
    /// New tickets not yet reported to the handshake hook.
    pub unreported_tickets: Cell<u32>,
    handle: Option<[u8; HANDLE_LEN]>,
    /// Whether this client offers the tickets it was given (GNUTLS_NO_TICKETS says no).
    pub offer_tickets: bool,
}

struct Registry {
    slots: HashMap<[u8; HANDLE_LEN], (Slot, Instant)>,
    order: VecDeque<[u8; HANDLE_LEN]>,
}

static REGISTRY: Lazy<Mutex<Registry>> =
    Lazy::new(|| Mutex::new(Registry { slots: HashMap::new(), order: VecDeque::new() }));

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Registry {
    fn register(&mut self, slot: Slot) -> Result<[u8; HANDLE_LEN], Error> {
        let mut handle = [0u8; HANDLE_LEN];
        crate::global::random(&mut handle)?;
        while self.order.len() >= REGISTRY_CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.slots.remove(&old);
            }
        }
        self.slots.insert(handle, (slot, Instant::now()));
        self.order.push_back(handle);
        Ok(handle)
    }

    fn find(&mut self, handle: &[u8]) -> Option<Slot> {
        let (slot, born) = self.slots.get(handle)?;
        if born.elapsed() > REGISTRY_LIFETIME {
            return None;
        }
        Some(slot.clone())
    }
}

/// The session store of every client configuration: it keeps nothing itself, but reads
/// and fills the slots of the session rustls is working for.
#[derive(Debug)]
pub struct SlotStore;

pub static STORE: Lazy<Arc<SlotStore>> = Lazy::new(|| Arc::new(SlotStore));

fn with_resume<R>(f: impl FnOnce(&ResumeState) -> R) -> Option<R> {
    SessionContext::with(|ctx| f(ctx.resume))
}

impl ClientSessionStore for SlotStore {
    fn set_kx_hint(&self, _: ServerName<'static>, group: NamedGroup) {
        with_resume(|r| lock(&r.own).kx_hint = Some(group));
    }

    fn kx_hint(&self, _: &ServerName<'_>) -> Option<NamedGroup> {
        with_resume(|r| r.offered.as_ref().and_then(|o| lock(o).kx_hint)).flatten()
    }

    fn set_tls12_session(&self, _: ServerName<'static>, value: Tls12ClientSessionValue) {
        with_resume(|r| lock(&r.own).tls12 = Some(value));
    }

    fn tls12_session(&self, _: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        with_resume(|r| r.offered.as_ref().and_then(|o| lock(o).tls12.clone())).flatten()
    }

    fn remove_tls12_session(&self, _: &ServerName<'static>) {
        with_resume(|r| {
            if let Some(o) = &r.offered {
                lock(o).tls12 = None;
            }
        });
    }

    fn insert_tls13_ticket(&self, _: ServerName<'static>, value: Tls13ClientSessionValue) {
        crate::global::log(3, "REC: TLS 1.3 ticket received");
        with_resume(|r| {
            lock(&r.own).tls13 = Some(value);
            r.tickets.set(r.tickets.get().saturating_add(1));
            r.unreported_tickets.set(r.unreported_tickets.get().saturating_add(1));
        });
    }

    /// TLS 1.3 tickets are single-use (RFC 8446 appendix C.4): taking one empties the slot
    /// until the connection that owns it receives another.
    // divergence: GnuTLS lets the same data resume any number of times.
    fn take_tls13_ticket(&self, _: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        let ticket = with_resume(|r| r.offered.as_ref().filter(|_| r.offer_tickets).and_then(|o| lock(o).tls13.take())).flatten();
        crate::global::log(3, &format!("REC: TLS 1.3 ticket {}", if ticket.is_some() { "offered" } else { "not available" }));
        ticket
    }
}

/// Whether GnuTLS would wait for a ticket: not under GNUTLS_NONBLOCK, nor with a custom
/// pull function that has no pull-timeout companion.
fn may_wait_for_ticket(flags: u32, t: &crate::transport::Transport) -> bool {
    flags & GNUTLS_NONBLOCK == 0 && !(t.pull.is_some() && t.pull_timeout.is_none())
}

impl Session {
    pub fn session_data(&mut self, h: &gnutls_session_int) -> Result<Vec<u8>, Error> {
        if self.priority.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        let tls = self.tls.as_ref().filter(|t| t.established).ok_or(Error::UNAVAILABLE_DURING_HANDSHAKE)?;
        if tls.failed.is_some() {
            return Err(Error::new(GNUTLS_E_INVALID_SESSION));
        }
        if self.role == Role::Client
            && tls.link.conn.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3)
            && self.resume.tickets.get() == 0
            && may_wait_for_ticket(self.flags, &h.transport.config.get())
        {
            self.wait_for_ticket(h)?;
        }
        let handle = match self.resume.handle {
            Some(handle) => handle,
            None => {
                let handle = registry().register(self.resume.own.clone())?;
                self.resume.handle = Some(handle);
                handle
            }
        };
        // divergence: GnuTLS returns its 4-byte dummy when no TLS 1.3 ticket has arrived
        // (and it would not wait); our data names the slot the later ticket will fill.
        crate::global::log(3, "REC: session data handed out");
        let mut data = MAGIC.to_vec();
        data.extend_from_slice(&handle);
        Ok(data)
    }

    /// GnuTLS reads at most one record, for at most the estimated round trip plus 60 ms.
    fn wait_for_ticket(&mut self, h: &gnutls_session_int) -> Result<(), Error> {
        // A ticket may be among the records already read and not yet processed.
        self.drive(crate::link::Want::Progress)?;
        if self.resume.tickets.get() > 0 {
            return Ok(());
        }
        let ertt = self.tls.as_ref().map_or(Duration::ZERO, |t| t.ertt);
        match self.receive_until(&h.transport, Some(Instant::now() + ertt + TICKET_WAIT_EXTRA)) {
            Ok(true) => {}
            Ok(false) => return Err(Error::new(GNUTLS_E_SESSION_EOF)),
            Err(e) if e == Error::TIMEDOUT || !crate::errors::is_fatal(e.code()) => return Ok(()),
            Err(e) => return Err(e),
        }
        self.drive(crate::link::Want::Progress)?;
        if self.tls.as_ref().is_some_and(|t| t.link.peer_closed) {
            return Err(Error::new(GNUTLS_E_SESSION_EOF));
        }
        Ok(())
    }

    pub fn set_session_data(&mut self, data: &[u8]) -> Result<(), Error> {
        if data.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        if data == EMPTY_DATA {
            return Ok(());
        }
        if data.len() < MAGIC.len() {
            return Err(Error::new(GNUTLS_E_PARSING_ERROR));
        }
        if &data[..MAGIC.len()] != MAGIC {
            // Not ours (another library's, or GnuTLS's own): its "wrong magic" answer.
            return Err(Error::new(GNUTLS_E_DB_ERROR));
        }
        let handle = &data[MAGIC.len()..];
        if handle.len() != HANDLE_LEN {
            return Err(Error::new(GNUTLS_E_PARSING_ERROR));
        }
        if self.tls.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: data only resumes within the process that made it; a handle this
        // process no longer (or never) knew means a full handshake, as expired data does.
        self.resume.offered = registry().find(handle);
        self.resumption_requested = true;
        crate::global::log(3, &format!("REC: session data set; slot {}", if self.resume.offered.is_some() { "found" } else { "unknown" }));
        Ok(())
    }

    pub fn is_resumed(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| t.established && t.link.conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed))
    }
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_data2(session: gnutls_session_t, data: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_session_get_data2", || {
        code((|| {
            let h = handle(session)?;
            if data.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let bytes = h.state().session_data(h);
            crate::handshake::run_hooks(h, session)?;
            *data = crate::mem::datum_from(&bytes?).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_get_data(session: gnutls_session_t, session_data: *mut c_void, session_data_size: *mut size_t) -> c_int {
    guard("gnutls_session_get_data", || {
        code((|| {
            let h = handle(session)?;
            let bytes = h.state().session_data(h);
            crate::handshake::run_hooks(h, session)?;
            crate::mem::copy_out(&bytes?, session_data, session_data_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_set_data(session: gnutls_session_t, session_data: *const c_void, session_data_size: size_t) -> c_int {
    guard("gnutls_session_set_data", || {
        code((|| {
            let s = state_of(session)?;
            if session_data.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            s.set_session_data(crate::ffi::bytes_arg(session_data, session_data_size)?)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_session_is_resumed(session: gnutls_session_t) -> c_int {
    guard("gnutls_session_is_resumed", || state_of(session).map_or(0, |s| s.is_resumed() as c_int))
}

/// Always 0 on a client, as in GnuTLS; a server reports whether the client asked.
#[no_mangle]
pub unsafe extern "C" fn gnutls_session_resumption_requested(session: gnutls_session_t) -> c_int {
    guard("gnutls_session_resumption_requested", || {
        state_of(session).map_or(0, |s| (s.role == Role::Server && s.resumption_requested) as c_int)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_bounded_and_handles_are_distinct() {
        let mut r = Registry { slots: HashMap::new(), order: VecDeque::new() };
        let first = r.register(Slot::default()).unwrap_or_default();
        for _ in 0..REGISTRY_CAPACITY + 10 {
            r.register(Slot::default()).unwrap_or_default();
        }
        assert_eq!(r.slots.len(), REGISTRY_CAPACITY);
        assert!(r.find(&first).is_none(), "the oldest handle was forgotten");
        let last = *r.order.back().unwrap_or(&[0; HANDLE_LEN]);
        assert!(r.find(&last).is_some());
        assert!(r.find(&[0u8; HANDLE_LEN]).is_none());
    }
}
