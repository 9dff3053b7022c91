//! What the plaintext part of a handshake says that rustls does not expose: the session
//! identifier and extensions of the ServerHello, and each handshake message for the
//! program's hook. TLS records are read as they cross the transport, until encryption
//! starts; nothing here changes the bytes or decides anything about the connection.

/// The handshake message types GnuTLS reports to hooks.
pub(crate) const CLIENT_HELLO: u8 = 1;
pub(crate) const SERVER_HELLO: u8 = 2;
pub(crate) const NEW_SESSION_TICKET: u8 = 4;
pub(crate) const CERTIFICATE_STATUS: u8 = 22;
/// GnuTLS's type for a ChangeCipherSpec the hook is told of (it is no handshake message).
pub(crate) const CHANGE_CIPHER_SPEC: u16 = 254;
/// GnuTLS's type for a ServerHello that is a HelloRetryRequest.
pub(crate) const HELLO_RETRY_REQUEST: u16 = 1025;

const RECORD_CHANGE_CIPHER_SPEC: u8 = 20;
const RECORD_ALERT: u8 = 21;
const RECORD_HANDSHAKE: u8 = 22;

/// RFC 8446 section 4.1.3: the ServerHello.random of a HelloRetryRequest.
const HELLO_RETRY_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11,
    0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// A peer that never stops sending plaintext cannot make us buffer without bound.
const MAX_BUFFERED: usize = 1 << 17;

/// What a ServerHello told us.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerHello {
    pub random: [u8; 32],
    pub session_id: Vec<u8>,
    pub extensions: Vec<u16>,
    /// A ClientHello's ALPN protocols, in the client's order.
    pub alpn: Vec<Vec<u8>>,
    /// A ClientHello's server name (SNI), lowercased as rustls reports it.
    pub server_name: Option<String>,
    /// A ClientHello's client_certificate_type and server_certificate_type lists (RFC 7250;
    /// IANA codes, the client's order), when it sent them.
    pub client_cert_types: Option<Vec<u8>>,
    pub server_cert_types: Option<Vec<u8>>,
}

impl ServerHello {
    pub fn has_extension(&self, ext: u16) -> bool {
        self.extensions.contains(&ext)
    }
}

/// Numbers the messages observers see, in both directions: hooks run in the order the
/// messages crossed the wire (a message received before the replies it caused).
static WIRE_ORDER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Reassembles one direction's plaintext handshake messages from the raw TLS stream.
#[derive(Default)]
pub struct Observer {
    records: Vec<u8>,
    messages: Vec<u8>,
    finished: bool,
    after_retry_request: bool,
    /// The other direction carried a HelloRetryRequest: a ChangeCipherSpec in this one is
    /// the compatibility record before the second ClientHello, not the start of encryption.
    pub retry_answered: bool,
    /// Messages seen and not yet reported to the hook: (type, body, place on the wire).
    pub pending: Vec<(u16, Vec<u8>, u64)>,
    /// No hook listens: `pending` stays empty.
    pub quiet: bool,
    /// The bytes of the whole handshake messages seen (headers included).
    pub handshake_bytes: usize,
    /// Boxed, as the client's: a session holds three observers, mostly with neither hello.
    pub server_hello: Option<Box<ServerHello>>,
    /// The (last) ClientHello's session id and extensions.
    pub client_hello: Option<Box<ServerHello>>,
    /// The random of the (last) ClientHello that went by.
    pub client_random: Option<[u8; 32]>,
    /// The type of the last whole message, a HelloRetryRequest as GnuTLS numbers it.
    pub last: Option<u16>,
    seen: Vec<u8>,
}

impl Observer {
    /// Whether the observer stopped reading: encryption started, or the stream is not
    /// a TLS handshake.
    pub fn gave_up(&self) -> bool {
        self.finished
    }

    /// Whether a message of this type went by.
    pub fn saw(&self, kind: u8) -> bool {
        self.seen.contains(&kind)
    }

    pub fn feed(&mut self, data: &[u8]) {
        if self.finished {
            return;
        }
        // Whole records are read where they lie; only a record cut short is kept for the
        // next bytes (copying every flight cost more than reading it).
        self.records = Self::consume(std::mem::take(&mut self.records), data, |bytes| self.read_records(bytes));
        if self.finished || self.records.len() + self.messages.len() > MAX_BUFFERED {
            self.finished = true;
            self.records = Vec::new();
            self.messages = Vec::new();
        }
    }

    /// Runs `read` over what was buffered followed by `data` and returns what it left unread;
    /// an idle session keeps no room for the next flight.
    fn consume(mut buffered: Vec<u8>, data: &[u8], read: impl FnOnce(&[u8]) -> usize) -> Vec<u8> {
        if buffered.is_empty() {
            let used = read(data);
            return data[used..].to_vec();
        }
        buffered.extend_from_slice(data);
        let used = read(&buffered);
        buffered.drain(..used);
        if buffered.is_empty() {
            Vec::new()
        } else {
            buffered
        }
    }

    /// Reads the whole records at the start of `records`; returns how many bytes they took.
    fn read_records(&mut self, records: &[u8]) -> usize {
        let mut at = 0;
        while let Some(header) = records.get(at..at + 5) {
            let (kind, len) = (header[0], u16::from_be_bytes([header[3], header[4]]) as usize);
            let Some(body) = records.get(at + 5..at + 5 + len) else { break };
            match kind {
                RECORD_HANDSHAKE => {
                    self.messages = Self::consume(std::mem::take(&mut self.messages), body, |bytes| self.read_messages(bytes));
                }
                // A HelloRetryRequest is followed by a compatibility ChangeCipherSpec and
                // then a plaintext ServerHello; otherwise CCS means encryption starts.
                RECORD_CHANGE_CIPHER_SPEC => {
                    self.note(CHANGE_CIPHER_SPEC, body);
                    if !(self.after_retry_request || self.retry_answered) {
                        self.finished = true;
                    }
                }
                RECORD_ALERT => {}
                _ => self.finished = true,
            }
            at += 5 + len;
            if self.finished {
                break;
            }
        }
        at
    }

    /// Reads the whole handshake messages at the start of `messages`; returns how many bytes
    /// they took.
    fn read_messages(&mut self, messages: &[u8]) -> usize {
        let mut at = 0;
        while let Some(h) = messages.get(at..at + 4) {
            let (kind, len) = (h[0], u32::from_be_bytes([0, h[1], h[2], h[3]]) as usize);
            let Some(body) = messages.get(at + 4..at + 4 + len) else { break };
            if kind == CLIENT_HELLO {
                self.client_random = body.get(2..34).and_then(|r| r.try_into().ok());
                self.client_hello = parse_hello(body, true).map(|(_, h)| Box::new(h));
            }
            self.last = Some(kind.into());
            if kind == SERVER_HELLO {
                if let Some((random, hello)) = parse_hello(body, false) {
                    self.after_retry_request = random == HELLO_RETRY_RANDOM;
                    if self.after_retry_request {
                        self.last = Some(HELLO_RETRY_REQUEST);
                    } else {
                        self.server_hello = Some(Box::new(hello));
                    }
                }
            }
            if !self.seen.contains(&kind) {
                self.seen.push(kind);
            }
            self.handshake_bytes += 4 + len;
            // GnuTLS tells hooks of a HelloRetryRequest by its own type.
            self.note(self.last.unwrap_or(kind.into()), body);
            at += 4 + len;
        }
        at
    }

    /// Keeps a message for the program's hook, in wire order, when a hook listens.
    fn note(&mut self, kind: u16, body: &[u8]) {
        if !self.quiet {
            self.pending.push((kind, body.to_vec(), WIRE_ORDER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
        }
    }

    /// Whether the last ServerHello this direction carried was a HelloRetryRequest.
    pub fn retry_requested(&self) -> bool {
        self.after_retry_request
    }
}

/// Reads a hello's body: version, random, session id, then the suite and compression (one
/// of each in a ServerHello, length-prefixed lists in a ClientHello), then extensions.
fn parse_hello(body: &[u8], client: bool) -> Option<([u8; 32], ServerHello)> {
    let random: [u8; 32] = body.get(2..34)?.try_into().ok()?;
    let sid_len = *body.get(34)? as usize;
    let session_id = body.get(35..35 + sid_len)?.to_vec();
    let mut at = 35 + sid_len;
    if client {
        let suites = body.get(at..at + 2)?;
        at += 2 + u16::from_be_bytes([suites[0], suites[1]]) as usize;
        at += 1 + *body.get(at)? as usize;
    } else {
        at += 3;
    }
    let mut hello = ServerHello { random, session_id, ..Default::default() };
    if let Some(len) = body.get(at..at + 2) {
        let end = at + 2 + u16::from_be_bytes([len[0], len[1]]) as usize;
        at += 2;
        // One allocation for the list (an extension takes at least four bytes).
        hello.extensions = Vec::with_capacity(((end - at) / 4).min(64));
        while let Some(e) = body.get(at..at + 4).filter(|_| at + 4 <= end) {
            let (kind, len) = (u16::from_be_bytes([e[0], e[1]]), u16::from_be_bytes([e[2], e[3]]) as usize);
            hello.extensions.push(kind);
            let data = body.get(at + 4..at + 4 + len).unwrap_or_default();
            match kind {
                EXT_SERVER_NAME if client => hello.server_name = parse_server_name(data),
                EXT_ALPN if client => hello.alpn = parse_alpn(data),
                EXT_CLIENT_CERT_TYPE if client => hello.client_cert_types = crate::cert_types::parse_offer(data),
                EXT_SERVER_CERT_TYPE if client => hello.server_cert_types = crate::cert_types::parse_offer(data),
                _ => {}
            }
            at += 4 + len;
        }
    }
    Some((random, hello))
}

const EXT_SERVER_NAME: u16 = 0;
const EXT_ALPN: u16 = 16;
const EXT_CLIENT_CERT_TYPE: u16 = 19;
const EXT_SERVER_CERT_TYPE: u16 = 20;

/// RFC 7301 section 3.1: a two-byte length, then protocols each with a one-byte length.
fn parse_alpn(data: &[u8]) -> Vec<Vec<u8>> {
    let mut protocols = Vec::new();
    let mut at = 2;
    while let Some(&len) = data.get(at) {
        let Some(p) = data.get(at + 1..at + 1 + len as usize) else { break };
        protocols.push(p.to_vec());
        at += 1 + len as usize;
    }
    protocols
}

/// RFC 6066 section 3: the first host_name entry, if it is a DNS name.
fn parse_server_name(data: &[u8]) -> Option<String> {
    let mut at = 2;
    while let Some(entry) = data.get(at..at + 3) {
        let len = u16::from_be_bytes([entry[1], entry[2]]) as usize;
        let name = data.get(at + 3..at + 3 + len)?;
        if entry[0] == 0 {
            let name = std::str::from_utf8(name).ok()?.trim_end_matches('.').to_ascii_lowercase();
            return match rustls::pki_types::ServerName::try_from(name.as_str()) {
                Ok(rustls::pki_types::ServerName::DnsName(_)) => Some(name),
                _ => None,
            };
        }
        at += 3 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut r = vec![kind, 3, 3];
        r.extend_from_slice(&(body.len() as u16).to_be_bytes());
        r.extend_from_slice(body);
        r
    }

    fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut m = vec![kind];
        m.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        m.extend_from_slice(body);
        m
    }

    fn server_hello(random: [u8; 32], sid: &[u8], exts: &[(u16, &[u8])]) -> Vec<u8> {
        let mut b = vec![3, 3];
        b.extend_from_slice(&random);
        b.push(sid.len() as u8);
        b.extend_from_slice(sid);
        b.extend_from_slice(&[0x13, 0x01, 0]);
        let mut e = Vec::new();
        for (t, d) in exts {
            e.extend_from_slice(&t.to_be_bytes());
            e.extend_from_slice(&(d.len() as u16).to_be_bytes());
            e.extend_from_slice(d);
        }
        b.extend_from_slice(&(e.len() as u16).to_be_bytes());
        b.extend_from_slice(&e);
        b
    }

    #[test]
    fn finds_the_server_hello_split_across_reads() {
        let sh = handshake(SERVER_HELLO, &server_hello([7; 32], &[9; 32], &[(0xff01, &[0]), (0x0017, &[])]));
        let mut stream = record(RECORD_HANDSHAKE, &sh[..10]);
        stream.extend(record(RECORD_HANDSHAKE, &sh[10..]));
        stream.extend(record(RECORD_CHANGE_CIPHER_SPEC, &[1]));
        stream.extend(record(23, &[0xaa; 40]));
        let mut o = Observer::default();
        for chunk in stream.chunks(3) {
            o.feed(chunk);
        }
        let hello = o.server_hello.clone().unwrap_or_default();
        assert_eq!(hello.session_id, vec![9; 32]);
        assert!(hello.has_extension(0xff01) && hello.has_extension(0x0017) && !hello.has_extension(0x0023));
        let kinds: Vec<u16> = o.pending.iter().map(|(k, ..)| *k).collect();
        assert_eq!(kinds, vec![SERVER_HELLO.into(), CHANGE_CIPHER_SPEC]);
        assert!(o.finished);
    }

    #[test]
    fn a_client_hello_after_a_retry_request_is_read_past_the_change_cipher_spec() {
        let mut stream = record(RECORD_CHANGE_CIPHER_SPEC, &[1]);
        stream.extend(record(RECORD_HANDSHAKE, &handshake(CLIENT_HELLO, &[3, 3])));
        let mut answered = Observer { retry_answered: true, ..Default::default() };
        answered.feed(&stream);
        let kinds: Vec<u16> = answered.pending.iter().map(|(k, ..)| *k).collect();
        assert_eq!(kinds, vec![CHANGE_CIPHER_SPEC, CLIENT_HELLO.into()]);
        // Otherwise a ChangeCipherSpec starts encryption (TLS 1.2's Finished follows it).
        let mut plain = Observer::default();
        plain.feed(&stream);
        assert_eq!(plain.pending.len(), 1);
        assert!(plain.gave_up());
    }

    #[test]
    fn a_retry_request_is_not_the_server_hello() {
        let mut stream = record(RECORD_HANDSHAKE, &handshake(SERVER_HELLO, &server_hello(HELLO_RETRY_RANDOM, &[1; 32], &[])));
        stream.extend(record(RECORD_CHANGE_CIPHER_SPEC, &[1]));
        stream.extend(record(RECORD_HANDSHAKE, &handshake(SERVER_HELLO, &server_hello([5; 32], &[2; 32], &[]))));
        let mut o = Observer::default();
        o.feed(&stream[..stream.len() - 1]);
        assert_eq!(o.last, Some(HELLO_RETRY_REQUEST));
        o.feed(&stream[stream.len() - 1..]);
        assert_eq!(o.last, Some(SERVER_HELLO.into()));
        assert_eq!(o.server_hello.map(|h| h.session_id), Some(vec![2; 32]));
    }

    #[test]
    fn reads_alpn_and_server_name_from_a_client_hello() {
        let mut body = vec![3, 3];
        body.extend_from_slice(&[1; 32]);
        body.push(0);
        body.extend_from_slice(&[0, 2, 0x13, 0x01, 1, 0]);
        let sni: &[u8] = &[0, 14, 0, 0, 11, b'E', b'x', b'a', b'm', b'p', b'l', b'e', b'.', b'c', b'o', b'm'];
        let alpn: &[u8] = &[0, 12, 2, b'h', b'2', 8, b'h', b't', b't', b'p', b'/', b'1', b'.', b'1'];
        let mut exts = Vec::new();
        for (t, d) in [(0u16, sni), (16, alpn)] {
            exts.extend_from_slice(&t.to_be_bytes());
            exts.extend_from_slice(&(d.len() as u16).to_be_bytes());
            exts.extend_from_slice(d);
        }
        body.extend_from_slice(&(exts.len() as u16).to_be_bytes());
        body.extend_from_slice(&exts);
        let mut o = Observer::default();
        o.feed(&record(RECORD_HANDSHAKE, &handshake(CLIENT_HELLO, &body)));
        let hello = o.client_hello.unwrap_or_default();
        assert_eq!(hello.alpn, vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
        assert_eq!(hello.server_name.as_deref(), Some("example.com"));
        assert!(!o.finished);
    }

    #[test]
    fn garbage_is_bounded_and_never_panics() {
        let mut o = Observer::default();
        for i in 0..2000u32 {
            o.feed(&[(i % 251) as u8, 0x16, 3, 0xff, 0xff, 1, 2, 3]);
        }
        o.feed(&record(RECORD_HANDSHAKE, &[2, 0, 0, 1, 0]));
        assert!(o.records.len() + o.messages.len() <= MAX_BUFFERED);
    }
}
