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

use rustls::client::{Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::NamedGroup;

use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's "empty" session data: four zero bytes, accepted and ignored by `set_data`.
const EMPTY_DATA: [u8; 4] = [0; 4];
/// Our data: this tag (which also names the format's version), then the slot's handle.
const MAGIC: &[u8; 4] = b"GRs1";
const HANDLE_LEN: usize = 32;
/// How many slots the registry keeps; the oldest handle is forgotten first.
const REGISTRY_CAPACITY: usize = 1024;
/// GnuTLS's default session lifetime (`DEFAULT_EXPIRE_TIME`).
const REGISTRY_LIFETIME: Duration = Duration::from_secs(21600);

/// What one connection received that lets a later one resume it.
#[derive(Default)]
pub struct TicketSlot {
    tls12: Option<Tls12ClientSessionValue>,
    tls13: Option<Tls13ClientSessionValue>,
    kx_hint: Option<NamedGroup>,
}

impl TicketSlot {
    fn is_spent(&self) -> bool {
        self.tls12.is_none() && self.tls13.is_none()
    }
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
    /// Handles are this process's random prefix and a count: unique within the process
    /// without a call to the random generator per session, and unlike any other process's,
    /// so that data saved by an earlier run never names one of this run's slots.
    prefix: [u8; HANDLE_LEN - 8],
    issued: u64,
}

impl Registry {
    fn new() -> Result<Registry, Error> {
        let mut prefix = [0u8; HANDLE_LEN - 8];
        crate::global::random(&mut prefix)?;
        Ok(Registry { slots: HashMap::new(), order: VecDeque::new(), prefix, issued: 0 })
    }
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// The registry, made on first use (again if the random generator failed the last time).
fn registry() -> MutexGuard<'static, Option<Registry>> {
    let mut registry = REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if registry.is_none() {
        *registry = Registry::new().ok();
    }
    registry
}

impl Registry {
    fn register(&mut self, slot: Slot) -> [u8; HANDLE_LEN] {
        let mut handle = [0u8; HANDLE_LEN];
        handle[..HANDLE_LEN - 8].copy_from_slice(&self.prefix);
        self.issued += 1;
        handle[HANDLE_LEN - 8..].copy_from_slice(&self.issued.to_be_bytes());
        // Slots that can never resume anything go first, so that a program resuming one
        // connection after another keeps a registry of a few slots, not of the last 1024:
        // the connection that filled them is gone and what they held was taken (a TLS 1.3
        // ticket is single-use), or they expired.
        while let Some(front) = self.order.front() {
            let dead = self.slots.get(front).is_none_or(|(slot, born)| {
                born.elapsed() > REGISTRY_LIFETIME || (Arc::strong_count(slot) == 1 && lock(slot).is_spent())
            });
            if !dead {
                break;
            }
            if let Some(old) = self.order.pop_front() {
                self.slots.remove(&old);
            }
        }
        while self.order.len() >= REGISTRY_CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.slots.remove(&old);
            }
        }
        self.slots.insert(handle, (slot, Instant::now()));
        self.order.push_back(handle);
        handle
    }

    fn find(&mut self, handle: &[u8]) -> Option<Slot> {
        let (slot, born) = self.slots.get(handle)?;
        if born.elapsed() > REGISTRY_LIFETIME {
            return None;
        }
        Some(slot.clone())
    }
}

impl ResumeState {
    /// The data that names this session's slot, registering the slot on first need.
    pub fn data(&mut self) -> Result<Vec<u8>, Error> {
        let handle = match self.handle {
            Some(handle) => handle,
            None => {
                let handle = registry().as_mut().ok_or(Error::new(GNUTLS_E_RANDOM_FAILED))?.register(self.own.clone());
                self.handle = Some(handle);
                handle
            }
        };
        crate::global::log(3, "REC: session data handed out");
        let mut data = MAGIC.to_vec();
        data.extend_from_slice(&handle);
        Ok(data)
    }

    /// Offers the slot a handle names for resumption.
    // divergence: data only resumes within the process that made it; a handle this
    // process no longer (or never) knew means a full handshake, as expired data does.
    pub fn offer(&mut self, handle: &[u8]) {
        self.offered = registry().as_mut().and_then(|r| r.find(handle));
        crate::global::log(3, format_args!("REC: session data set; slot {}", if self.offered.is_some() { "found" } else { "unknown" }));
    }

    // What rustls's session store reads and fills (through `context::SlotStore`): this
    // connection's own slot, and the slot offered for resumption.

    pub fn set_kx_hint(&self, group: NamedGroup) {
        lock(&self.own).kx_hint = Some(group);
    }

    pub fn kx_hint(&self) -> Option<NamedGroup> {
        self.offered.as_ref().and_then(|o| lock(o).kx_hint)
    }

    pub fn set_tls12_session(&self, value: Tls12ClientSessionValue) {
        lock(&self.own).tls12 = Some(value);
    }

    pub fn tls12_session(&self) -> Option<Tls12ClientSessionValue> {
        self.offered.as_ref().and_then(|o| lock(o).tls12.clone())
    }

    pub fn remove_tls12_session(&self) {
        if let Some(o) = &self.offered {
            lock(o).tls12 = None;
        }
    }

    pub fn insert_tls13_ticket(&self, value: Tls13ClientSessionValue) {
        crate::global::log(3, "REC: TLS 1.3 ticket received");
        lock(&self.own).tls13 = Some(value);
        self.tickets.set(self.tickets.get().saturating_add(1));
        self.unreported_tickets.set(self.unreported_tickets.get().saturating_add(1));
    }

    /// TLS 1.3 tickets are single-use (RFC 8446 appendix C.4): taking one empties the slot
    /// until the connection that owns it receives another.
    // divergence: GnuTLS lets the same data resume any number of times.
    pub fn take_tls13_ticket(&self) -> Option<Tls13ClientSessionValue> {
        let ticket = self.offered.as_ref().filter(|_| self.offer_tickets).and_then(|o| lock(o).tls13.take());
        crate::global::log(3, format_args!("REC: TLS 1.3 ticket {}", if ticket.is_some() { "offered" } else { "not available" }));
        ticket
    }
}

/// Reads session data: the slot handle it carries, or None for GnuTLS's empty data (which
/// is accepted and ignored).
pub fn parse_data(data: &[u8]) -> Result<Option<&[u8]>, Error> {
    if data.is_empty() {
        return Err(Error::INVALID_REQUEST);
    }
    if data == EMPTY_DATA {
        return Ok(None);
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
    Ok(Some(handle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_bounded_and_handles_are_distinct() {
        let mut r = Registry::new().expect("random");
        // Their connections still hold these slots.
        let held: Vec<Slot> = (0..REGISTRY_CAPACITY + 11).map(|_| Slot::default()).collect();
        let first = r.register(held[0].clone());
        for slot in &held[1..] {
            r.register(slot.clone());
        }
        assert_eq!(r.slots.len(), REGISTRY_CAPACITY);
        assert!(r.find(&first).is_none(), "the oldest handle was forgotten");
        let last = *r.order.back().unwrap_or(&[0; HANDLE_LEN]);
        assert!(r.find(&last).is_some());
        assert!(r.find(&[0u8; HANDLE_LEN]).is_none());
        // Another process's registry names its first slot differently.
        let mut other = Registry::new().expect("random");
        assert_ne!(other.register(Slot::default()), first);
    }

    #[test]
    fn spent_slots_of_gone_connections_are_forgotten() {
        let mut r = Registry::new().expect("random");
        let kept = Slot::default();
        let first = r.register(kept.clone());
        for _ in 0..100 {
            r.register(Slot::default());
        }
        assert!(r.find(&first).is_some(), "a slot its connection still holds stays");
        drop(kept);
        r.register(Slot::default());
        assert!(r.slots.len() <= 2, "an empty slot nobody holds goes: {} left", r.slots.len());
        assert!(r.find(&first).is_none());
    }

    #[test]
    fn data_names_the_slot_and_is_checked_on_the_way_in() {
        let mut state = ResumeState::default();
        let data = state.data().unwrap_or_default();
        assert_eq!(state.data().ok().as_ref(), Some(&data), "one handle per session");
        assert_eq!(parse_data(&data), Ok(Some(&data[MAGIC.len()..])));
        assert_eq!(parse_data(&EMPTY_DATA), Ok(None));
        assert_eq!(parse_data(&[]), Err(Error::INVALID_REQUEST));
        assert_eq!(parse_data(b"GR"), Err(Error::new(GNUTLS_E_PARSING_ERROR)));
        assert_eq!(parse_data(b"GRs1short"), Err(Error::new(GNUTLS_E_PARSING_ERROR)));
        assert_eq!(parse_data(&[0x30; 40]), Err(Error::new(GNUTLS_E_DB_ERROR)));

        let mut later = ResumeState::default();
        later.offer(&data[MAGIC.len()..]);
        assert!(later.offered.as_ref().is_some_and(|o| Arc::ptr_eq(o, &state.own)));
        later.offer(&[7u8; HANDLE_LEN]);
        assert!(later.offered.is_none(), "an unknown handle offers nothing");
    }
}
