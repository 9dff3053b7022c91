//! The rustls connection (its unbuffered API) and the buffers around it that we own.
//! rustls's buffered `Connection` reads at most 4 KiB per call, so a 16 KiB record took
//! several reads, and its reader copied plaintext out of yet another buffer. Here TLS
//! bytes are read into our buffer a record at a time, as GnuTLS reads them (header, then
//! body: see `record_missing`); rustls decrypts each in place (rustls 0.23 then still moves it into a Vec of its own) and we
//! copy it once, into the caller's buffer, keeping in `plain` only what did not fit.
//! Outgoing records are encrypted straight from the caller's buffer into ours.

use std::ops::Deref;

use rustls::unbuffered::{ConnectionState, EncodeError, EncryptError, UnbufferedStatus};

use crate::errors::Error;
use crate::transport::Wire;

/// What rustls's callbacks must see while it processes records: the session's context
/// (see `context`), installed around each call into rustls.
pub trait Scope {
    fn run<R>(&self, f: impl FnOnce() -> R) -> R;
}

/// The largest TLS record on the wire: 16 KiB of plaintext plus header, padding and tag
/// with room to spare (RFC 8446 section 5.2 allows 256 bytes of expansion).
const MAX_WIRE_RECORD: usize = 16384 + 256 + 5;

/// The largest buffer handed back for reuse; a larger one (a big write's) is freed.
const MAX_SPARE_SIZE: usize = 4 * MAX_WIRE_RECORD;
/// How many emptied buffers a thread keeps for its sessions' next records.
const SPARE_BUFFERS: usize = 4;

thread_local! {
    /// Buffers sessions gave back when they emptied: an idle session holds no buffer, and
    /// a busy one takes a record's room from here without allocating (or zeroing) it anew.
    static SPARE: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub enum Conn {
    Client(rustls::client::UnbufferedClientConnection),
    Server(rustls::server::UnbufferedServerConnection),
}

impl Deref for Conn {
    type Target = rustls::CommonState;

    fn deref(&self) -> &rustls::CommonState {
        match self {
            Conn::Client(c) => c,
            Conn::Server(c) => c,
        }
    }
}

/// What to do with the connection until it needs something from us.
pub enum Want<'a> {
    /// Read application data into this buffer.
    Read(&'a mut [u8]),
    /// Report the size of the next application data without taking it.
    Peek,
    /// Encrypt this data.
    Write(&'a [u8]),
    /// Queue a close_notify alert.
    Close,
    /// Queue a TLS 1.3 KeyUpdate (rustls always asks the peer to update too).
    KeyUpdate,
    /// Process what has arrived (handshake messages, tickets); keep any application data.
    Progress,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// Bytes read, peeked at or encrypted.
    Data(usize),
    /// The close_notify is queued.
    Closed,
    /// The peer closed the connection: no more data will come.
    PeerClosed,
    /// Nothing more can happen until more bytes arrive.
    NeedInput,
    /// The handshake is complete and nothing waits to be processed.
    Ready,
}

/// TLS bytes in one direction, in a buffer held only while bytes are in it.
#[derive(Default)]
struct Bytes {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl Bytes {
    fn filled(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.release();
        }
    }

    /// Gives the buffer back, once nothing is in it.
    fn release(&mut self) {
        if self.start != self.end {
            return;
        }
        (self.start, self.end) = (0, 0);
        let buf = std::mem::take(&mut self.buf);
        if buf.is_empty() || buf.len() > MAX_SPARE_SIZE {
            return;
        }
        // A thread that is exiting has no pool left: the buffer is just freed.
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                if spare.len() < SPARE_BUFFERS {
                    spare.push(buf);
                }
            }
        });
    }

    /// Free room of at least `n` bytes after the filled part.
    fn room(&mut self, n: usize) -> &mut [u8] {
        if self.buf.is_empty() {
            self.buf = SPARE.try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.pop())).ok().flatten().unwrap_or_default();
        }
        if self.buf.len() - self.end < n && self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, self.end - self.start);
        }
        if self.buf.len() - self.end < n {
            self.buf.resize((self.end + n).max(MAX_WIRE_RECORD), 0);
        }
        &mut self.buf[self.end..]
    }
}

/// The first TLS bytes a server reads (its ClientHello), before the connection exists, in
/// a buffer from the pool that the connection then takes over.
#[derive(Default)]
pub struct Received(Bytes);

impl Received {
    pub fn len(&self) -> usize {
        self.0.end - self.0.start
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bytes(&self) -> &[u8] {
        self.0.filled()
    }

    /// How many bytes complete the record being read (see `record_missing`).
    pub fn missing(&self) -> usize {
        record_missing(self.0.filled())
    }

    /// Reads at most `max` more bytes; Ok(0) is end of file.
    pub fn read(&mut self, wire: &mut Wire<'_>, max: usize) -> std::io::Result<usize> {
        let room = &mut self.0.room(max)[..max];
        let read = std::io::Read::read(wire, room);
        self.0.end += read.as_ref().map_or(0, |&n| n.min(max));
        self.0.release();
        read
    }
}

/// The connection with its incoming TLS bytes, outgoing TLS bytes and the plaintext left
/// over from records the caller has not read (yet).
pub struct Link {
    pub conn: Conn,
    incoming: Bytes,
    outgoing: Bytes,
    plain: Plain,
    pub peer_closed: bool,
    /// Records other than application data (post-handshake messages, a KeyUpdate) were
    /// processed since `take_handled` was last called.
    handled: bool,
    /// rustls queued an alert for the peer after a failure.
    pub alert_queued: bool,
    /// The alert of a failure GnuTLS answers with silence, kept for
    /// `gnutls_alert_send_appropriate` (see `hold_outgoing`).
    held: Vec<u8>,
}

/// Decrypted application data not yet read, with its record boundaries: GnuTLS hands out
/// data from one record per `gnutls_record_recv`, and programs count on it.
#[derive(Default)]
struct Plain {
    bytes: Vec<u8>,
    at: usize,
    /// Where each record's data ends in `bytes`, oldest first.
    ends: std::collections::VecDeque<usize>,
}

impl Plain {
    fn push(&mut self, record: &[u8]) {
        if record.is_empty() {
            return;
        }
        self.bytes.extend_from_slice(record);
        self.ends.push_back(self.bytes.len());
    }

    fn len(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// Copies from the oldest record only.
    fn take(&mut self, buf: &mut [u8]) -> usize {
        let end = self.ends.front().copied().unwrap_or(self.at);
        let n = buf.len().min(end - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        if self.at == end {
            self.ends.pop_front();
        }
        if self.at == self.bytes.len() {
            // An idle session keeps no plaintext buffer either.
            self.bytes = Vec::new();
            self.at = 0;
            self.ends.clear();
        }
        n
    }
}

impl Link {
    /// `received`: TLS bytes already read for this connection (a server's ClientHello).
    pub fn new(conn: Conn, received: Received) -> Link {
        Link {
            conn,
            incoming: received.0,
            outgoing: Bytes::default(),
            plain: Plain::default(),
            peer_closed: false,
            handled: false,
            alert_queued: false,
            held: Vec::new(),
        }
    }

    /// Keeps what rustls queued (its alert) from the peer until `release_held`.
    pub fn hold_outgoing(&mut self) {
        self.held = self.outgoing.filled().to_vec();
        let n = self.held.len();
        self.outgoing.consume(n);
    }

    /// Queues the held alert again, to be flushed; false if none is held.
    pub fn release_held(&mut self) -> bool {
        let n = self.held.len();
        if n == 0 {
            return false;
        }
        self.outgoing.room(n)[..n].copy_from_slice(&self.held);
        self.outgoing.end += n;
        self.held.clear();
        self.alert_queued = true;
        true
    }

    /// Plaintext decrypted and not yet read.
    pub fn plain_len(&self) -> usize {
        self.plain.len()
    }

    /// Plaintext of the oldest record not yet read completely.
    pub fn take_plain(&mut self, buf: &mut [u8]) -> usize {
        self.plain.take(buf)
    }

    /// Whether records other than application data were processed since the last call.
    pub fn take_handled(&mut self) -> bool {
        std::mem::take(&mut self.handled)
    }

    /// Whether a whole record (5-byte header and the body its length announces) waits
    /// in our buffer, so that processing it needs no read.
    pub fn has_whole_record(&self) -> bool {
        let buffered = self.incoming.filled();
        record_len(buffered).is_some_and(|len| buffered.len() >= len)
    }

    pub fn wants_write(&self) -> bool {
        self.outgoing.end > self.outgoing.start
    }

    /// Drops the TLS bytes not yet written; returns how many there were.
    pub fn discard_outgoing(&mut self) -> usize {
        let n = self.outgoing.filled().len();
        self.outgoing.consume(n);
        n
    }

    /// Part of a record arrived and waits for the rest.
    pub fn inside_record(&self) -> bool {
        partial_record(self.incoming.filled()).is_some()
    }

    /// Reads one whole record (or the rest of the one begun), and nothing beyond it, as
    /// GnuTLS does. Ok(0) is end of file. A transport that has no more for now (EAGAIN, the
    /// deadline) after part of the record came leaves the part buffered; the next call
    /// reports the condition.
    pub fn fill(&mut self, wire: &mut Wire<'_>) -> Result<usize, Error> {
        let read = self.fill_record(wire);
        // Nothing came (EAGAIN, end of file): an idle session keeps no buffer.
        self.incoming.release();
        read
    }

    fn fill_record(&mut self, wire: &mut Wire<'_>) -> Result<usize, Error> {
        let mut total = 0;
        loop {
            let want = record_missing(self.incoming.filled());
            let room = &mut self.incoming.room(want)[..want];
            let n = match std::io::Read::read(wire, room) {
                Ok(n) => n.min(want),
                // A reset is reported once by the kernel (later reads see EOF): not kept for later.
                Err(_) if total > 0 && wire.error.is_some_and(|e| e != Error::PULL_ERROR) => return Ok(total),
                Err(_) => return Err(wire.error.unwrap_or(Error::PULL_ERROR)),
            };
            self.incoming.end += n;
            total += n;
            if n == 0 || record_complete(self.incoming.filled()) {
                return Ok(total);
            }
        }
    }

    /// Writes the queued TLS bytes; EAGAIN leaves the rest queued for the next call.
    pub fn flush(&mut self, wire: &mut Wire<'_>) -> Result<(), Error> {
        while self.wants_write() {
            match std::io::Write::write(wire, self.outgoing.filled()) {
                Ok(0) => return Err(Error::PUSH_ERROR),
                Ok(n) => self.outgoing.consume(n),
                Err(_) => return Err(wire.error.unwrap_or(Error::PUSH_ERROR)),
            }
        }
        Ok(())
    }

    /// Lets rustls process what has arrived and queue what it has to send, until `want`
    /// is met or rustls needs more input. rustls's callbacks see `ctx` meanwhile. After an
    /// error, the alert rustls prepared for the peer is queued.
    pub fn pump(&mut self, ctx: &impl Scope, mut want: Want<'_>) -> Result<Stop, rustls::Error> {
        loop {
            let Link { conn, incoming, outgoing, plain, peer_closed, handled, .. } = self;
            let input = &mut incoming.buf[incoming.start..incoming.end];
            let step = match conn {
                Conn::Client(c) => {
                    let status = ctx.run(move || c.process_tls_records(input));
                    *handled |= status.discard > 0;
                    handle(status, outgoing, plain, peer_closed, &mut want)
                }
                Conn::Server(c) => {
                    let status = ctx.run(move || c.process_tls_records(input));
                    *handled |= status.discard > 0;
                    handle(status, outgoing, plain, peer_closed, &mut want)
                }
            };
            let (discard, step) = step;
            self.incoming.consume(discard);
            match step {
                // A TLS 1.3 server may send before the client's Finished came: not ready yet.
                Ok(Some(Stop::Ready)) if self.conn.is_handshaking() => return Ok(Stop::NeedInput),
                Ok(Some(stop)) => return Ok(stop),
                Ok(None) => {}
                Err(e) => {
                    self.queue_alert(ctx);
                    return Err(e);
                }
            }
        }
    }

    /// After a failure, rustls still hands out the alert it queued for the peer. It must
    /// see the same input buffer as before: its record bookkeeping points into it.
    fn queue_alert(&mut self, ctx: &impl Scope) {
        for _ in 0..4 {
            // Only while rustls holds records to send: past them it would deframe the bad
            // input again and send a second fatal alert (its debug assertion; found by
            // fuzz/handshake_client).
            let pending = match &self.conn {
                Conn::Client(c) => c.wants_write(),
                Conn::Server(c) => c.wants_write(),
            };
            if !pending {
                return;
            }
            let Link { conn, outgoing, incoming, .. } = self;
            let input = &mut incoming.buf[incoming.start..incoming.end];
            let (discard, queued) = match conn {
                Conn::Client(c) => encode_only(ctx.run(move || c.process_tls_records(input)), outgoing),
                Conn::Server(c) => encode_only(ctx.run(move || c.process_tls_records(input)), outgoing),
            };
            self.incoming.consume(discard);
            if !queued {
                return;
            }
            self.alert_queued = true;
        }
    }
}

/// How many bytes complete the last record in `buffered` (its header first, then its
/// body), as GnuTLS reads: never past the current record, so what follows it stays in the
/// socket. Event-driven programs rely on that: they poll the socket after the handshake,
/// and a request that came in the same segment as the client's Finished must still make
/// the socket readable (chrony's NTS-KE server). A length no record may have is read in
/// pieces of at most one record, for rustls to refuse.
pub fn record_missing(buffered: &[u8]) -> usize {
    partial_record(buffered).unwrap_or(RECORD_HEADER)
}

/// Whether `buffered` ends at a record boundary after at least one record.
fn record_complete(buffered: &[u8]) -> bool {
    !buffered.is_empty() && partial_record(buffered).is_none()
}

const RECORD_HEADER: usize = 5;

/// The length on the wire (header included) of the record `buffered` starts with, once its
/// header is in.
fn record_len(buffered: &[u8]) -> Option<usize> {
    match buffered {
        [_, _, _, hi, lo, ..] => Some(RECORD_HEADER + usize::from(u16::from_be_bytes([*hi, *lo]))),
        _ => None,
    }
}

/// The bytes that complete the last, partial record in `buffered`; None at a boundary.
fn partial_record(buffered: &[u8]) -> Option<usize> {
    let mut rest = buffered;
    loop {
        if rest.is_empty() {
            return None;
        }
        let Some(len) = record_len(rest) else { return Some(RECORD_HEADER - rest.len()) };
        if rest.len() < len {
            return Some((len - rest.len()).min(MAX_WIRE_RECORD));
        }
        rest = &rest[len..];
    }
}

fn encode_only<Data>(status: UnbufferedStatus<'_, '_, Data>, outgoing: &mut Bytes) -> (usize, bool) {
    let queued = match status.state {
        Ok(ConnectionState::EncodeTlsData(mut e)) => encode(&mut e, outgoing).is_ok(),
        _ => false,
    };
    (status.discard, queued)
}

fn encode<Data>(e: &mut rustls::unbuffered::EncodeTlsData<'_, Data>, outgoing: &mut Bytes) -> Result<(), rustls::Error> {
    let mut need = MAX_WIRE_RECORD;
    loop {
        match e.encode(outgoing.room(need)) {
            Ok(n) => {
                outgoing.end += n;
                return Ok(());
            }
            Err(EncodeError::InsufficientSize(s)) if s.required_size > need => need = s.required_size,
            Err(_) => return Err(rustls::Error::General("cannot encode a handshake record".into())),
        }
    }
}

/// Acts on one state of the connection. Returns the bytes of input to discard and, when
/// `want` is met or more input is needed, why to stop.
fn handle<Data>(
    status: UnbufferedStatus<'_, '_, Data>,
    outgoing: &mut Bytes,
    plain: &mut Plain,
    peer_closed: &mut bool,
    want: &mut Want<'_>,
) -> (usize, Result<Option<Stop>, rustls::Error>) {
    let UnbufferedStatus { mut discard, state } = status;
    let state = match state {
        Ok(state) => state,
        Err(e) => return (discard, Err(e)),
    };
    let stop = match state {
        ConnectionState::ReadTraffic(mut r) => match want {
            Want::Read(buf) => loop {
                match r.next_record() {
                    Some(Ok(record)) => {
                        discard += record.discard;
                        // An empty record (which TLS allows) must not read as end of file.
                        if record.payload.is_empty() {
                            continue;
                        }
                        let n = buf.len().min(record.payload.len());
                        buf[..n].copy_from_slice(&record.payload[..n]);
                        plain.push(&record.payload[n..]);
                        break Ok(Some(Stop::Data(n)));
                    }
                    Some(Err(e)) => break Err(e),
                    None => break Ok(None),
                }
            },
            // The record stays with rustls, which offers it again on the next call.
            Want::Peek => Ok(Some(Stop::Data(r.peek_len().map_or(0, |n| n.get())))),
            _ => {
                // Data that arrives while we do something else waits in `plain`.
                let mut result = Ok(None);
                while let Some(record) = r.next_record() {
                    match record {
                        Ok(record) => {
                            discard += record.discard;
                            plain.push(record.payload);
                        }
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                result
            }
        },
        // We never accept early data (max_early_data_size stays 0).
        ConnectionState::ReadEarlyData(_) => Err(rustls::Error::General("unexpected early data".into())),
        ConnectionState::EncodeTlsData(mut e) => encode(&mut e, outgoing).map(|_| None),
        // The bytes wait in `outgoing` until the caller flushes them.
        ConnectionState::TransmitTlsData(t) => {
            t.done();
            Ok(None)
        }
        ConnectionState::BlockedHandshake => Ok(Some(Stop::NeedInput)),
        ConnectionState::PeerClosed => {
            *peer_closed = true;
            match want {
                Want::Read(_) | Want::Peek => Ok(Some(Stop::PeerClosed)),
                _ => Ok(None),
            }
        }
        ConnectionState::Closed => {
            *peer_closed = true;
            match want {
                Want::Read(_) | Want::Peek => Ok(Some(Stop::PeerClosed)),
                Want::Progress => Ok(Some(Stop::Ready)),
                // Our close_notify went out already.
                Want::Write(_) | Want::Close | Want::KeyUpdate => Err(rustls::Error::General("connection closed".into())),
            }
        }
        ConnectionState::WriteTraffic(mut w) => match want {
            Want::Write(data) => {
                // Each record adds at most a header, padding and tag.
                let records = data.len().div_ceil(16384).max(1);
                let mut need = data.len() + records * (MAX_WIRE_RECORD - 16384);
                loop {
                    match w.encrypt(data, outgoing.room(need)) {
                        Ok(n) => {
                            outgoing.end += n;
                            break Ok(Some(Stop::Data(data.len())));
                        }
                        Err(EncryptError::InsufficientSize(s)) if s.required_size > need => need = s.required_size,
                        Err(_) => break Err(rustls::Error::EncryptError),
                    }
                }
            }
            Want::Close => match w.queue_close_notify(outgoing.room(MAX_WIRE_RECORD)) {
                Ok(n) => {
                    outgoing.end += n;
                    Ok(Some(Stop::Closed))
                }
                Err(_) => Err(rustls::Error::EncryptError),
            },
            Want::Progress => Ok(Some(Stop::Ready)),
            Want::Read(_) | Want::Peek => Ok(Some(Stop::NeedInput)),
            // The message is encoded on the next round; then we are done.
            Want::KeyUpdate => {
                *want = Want::Progress;
                w.refresh_traffic_keys().map(|()| None)
            }
        },
        _ => Err(rustls::Error::General("unexpected connection state".into())),
    };
    (discard, stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_record_boundary() {
        assert_eq!(record_missing(b""), 5, "the header first");
        assert_eq!(record_missing(b"\x17\x03"), 3);
        assert_eq!(record_missing(b"\x17\x03\x03\x00\x10"), 16, "then exactly the body");
        assert_eq!(record_missing(b"\x17\x03\x03\x00\x02ab\x17\x03\x03\x00\x03x"), 2, "the last record counts");
        assert_eq!(record_missing(b"\x17\x03\x03\x00\x02ab"), 5, "a complete record: the next header");
        assert_eq!(record_missing(b"\x17\x03\x03\xff\xff"), MAX_WIRE_RECORD, "no record is this long");
        assert!(!record_complete(b""));
        assert!(!record_complete(b"\x17\x03\x03\x00\x02a"));
        assert!(record_complete(b"\x17\x03\x03\x00\x02ab"));
    }

    #[test]
    fn bytes_compact_only_when_room_runs_out() {
        let mut b = Bytes::default();
        assert!(b.room(10).len() >= MAX_WIRE_RECORD, "a record's room at least");
        b.room(10)[..6].copy_from_slice(b"abcdef");
        b.end += 6;
        b.consume(4);
        assert_eq!(b.filled(), b"ef");
        assert!(b.room(4).len() >= 4);
        assert_eq!((b.start, b.end), (4, 6), "enough room after the filled part: nothing moves");
        let total = b.buf.len();
        assert!(b.room(total - 5).len() >= total - 5);
        assert_eq!((b.start, b.end), (0, 2), "the rest moved to the front");
        assert_eq!(b.buf.len(), total, "moving made the room: no growth");
        assert_eq!(b.filled(), b"ef");
        b.consume(2);
        assert_eq!((b.start, b.end), (0, 0));
        assert!(b.buf.is_empty(), "an emptied buffer is given back");
        b.consume(5);
        assert_eq!((b.start, b.end), (0, 0), "consuming past the end is harmless");
    }

    #[test]
    fn plaintext_is_read_one_record_at_a_time() {
        let mut p = Plain::default();
        p.push(b"hello1111");
        p.push(b"");
        p.push(b"abc");
        assert_eq!(p.len(), 12);
        let mut buf = [0u8; 64];
        assert_eq!(p.take(&mut buf), 9, "a record's data, not more");
        assert_eq!(&buf[..9], b"hello1111");
        assert_eq!(p.take(&mut buf[..2]), 2);
        assert_eq!(&buf[..2], b"ab");
        p.push(b"xyz");
        assert_eq!(p.take(&mut buf), 1, "the rest of the partly read record first");
        assert_eq!(p.take(&mut buf), 3);
        assert_eq!(&buf[..3], b"xyz");
        assert_eq!((p.len(), p.take(&mut buf)), (0, 0));
    }

    #[test]
    fn idle_buffers_are_pooled_within_bounds() {
        let mut held: Vec<Bytes> = (0..SPARE_BUFFERS + 3).map(|_| Bytes::default()).collect();
        for b in &mut held {
            b.room(1)[0] = 1;
            b.end = 1;
        }
        for b in &mut held {
            b.consume(1);
            assert!(b.buf.is_empty());
        }
        assert_eq!(SPARE.with(|s| s.borrow().len()), SPARE_BUFFERS, "the pool keeps only a few");
        let mut big = Bytes::default();
        big.room(MAX_SPARE_SIZE + 1);
        big.consume(0);
        big.release();
        assert!(SPARE.with(|s| s.borrow().iter().all(|b| b.len() <= MAX_SPARE_SIZE)), "a big buffer is freed, not kept");
    }
}
