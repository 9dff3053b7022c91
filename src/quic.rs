//! QUIC (RFC 9001) through GnuTLS 3.7's API: the program carries the handshake messages
//! (`gnutls_handshake_write` in, its read function out) and protects packets with the
//! traffic secrets its secret function is given; rustls's `quic` module does the TLS. A
//! session becomes a QUIC one when the program sets a handshake read function: it then
//! makes no TLS records at all.
//!
//! rustls's QUIC API hands out packet keys, not secrets; the secrets come from the key log
//! rustls writes for every connection (`context::KeyLog`, kept for this session while it is
//! a QUIC one).

use rustls::quic::{self, KeyChange};
use zeroize::Zeroizing;

use crate::constants::*;
use crate::errors::Error;
use crate::session::{Role, Session};

/// RFC 9001's quic_transport_parameters extension, and the draft versions' codepoint.
pub(crate) const EXT_TRANSPORT_PARAMETERS: u16 = 0x39;
pub(crate) const EXT_TRANSPORT_PARAMETERS_DRAFT: u16 = 0xffa5;

/// What the program must be told, in the order GnuTLS tells it.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A handshake message to send at this level (the handshake read function).
    Message { level: u32, htype: u32, bytes: Vec<u8> },
    /// The traffic secrets of a new level (the secret function), one direction or both.
    Secrets { level: u32, read: Option<Zeroizing<Vec<u8>>>, write: Option<Zeroizing<Vec<u8>>> },
    /// The peer's transport parameters (the registered extension's receive function).
    PeerParams(Vec<u8>),
}

/// What a step produced: the events to deliver, then the failure to report, if any.
pub struct Step {
    pub events: Vec<Event>,
    pub error: Option<Error>,
}

/// A session's QUIC side.
#[derive(Default)]
pub struct QuicState {
    /// The program set a handshake read function.
    pub enabled: bool,
    /// The transport-parameters extension the program registered.
    pub params_extension: Option<u16>,
    /// The peer's transport parameters were given to the program.
    params_delivered: bool,
    running: Option<Box<Running>>,
}

struct Running {
    conn: quic::Connection,
    /// The level of the messages rustls writes now.
    write_level: u32,
    /// The lowest level messages may still arrive at.
    read_level: u32,
    failed: Option<Error>,
}

impl QuicState {
    pub fn common(&self) -> Option<&rustls::CommonState> {
        self.running.as_ref().map(|r| &*r.conn)
    }
}

/// The traffic secrets' key-log labels at a level: (client's, server's).
fn labels(level: u32) -> (&'static str, &'static str) {
    match level {
        GNUTLS_ENCRYPTION_LEVEL_HANDSHAKE => ("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
        _ => ("CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"),
    }
}

/// Splits what rustls wrote into handshake messages by their 4-byte headers (type, 24-bit
/// length): GnuTLS gives the read function one message per call.
fn messages(level: u32, mut bytes: &[u8], events: &mut Vec<Event>) {
    while !bytes.is_empty() {
        let len = match bytes {
            [_, a, b, c, ..] => 4 + (usize::from(*a) << 16 | usize::from(*b) << 8 | usize::from(*c)),
            _ => bytes.len(),
        };
        let (message, rest) = bytes.split_at(len.min(bytes.len()));
        events.push(Event::Message { level, htype: u32::from(message[0]), bytes: message.to_vec() });
        bytes = rest;
    }
}

impl Running {
    /// Collects what rustls has for the program after a step: the peer's parameters once
    /// they came, the messages it wrote and the secrets of each level it moved to.
    fn collect(
        &mut self,
        key_log: &crate::context::KeyLog,
        params_delivered: &mut bool,
        events: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if !*params_delivered {
            if let Some(params) = self.conn.quic_transport_parameters() {
                events.push(Event::PeerParams(params.to_vec()));
                *params_delivered = true;
            }
        }
        loop {
            let mut written = Vec::new();
            let change = self.conn.write_hs(&mut written);
            messages(self.write_level, &written, events);
            let level = match change {
                None => break,
                Some(KeyChange::Handshake { .. }) => GNUTLS_ENCRYPTION_LEVEL_HANDSHAKE,
                Some(KeyChange::OneRtt { .. }) => GNUTLS_ENCRYPTION_LEVEL_APPLICATION,
            };
            // A client reads what the server writes. GnuTLS's order for a client: both
            // secrets of a level at once, after its messages of the level before.
            let (client, server) = labels(level);
            let read = Some(key_log.take_traffic(server).ok_or(Error::INTERNAL)?);
            let write = Some(key_log.take_traffic(client).ok_or(Error::INTERNAL)?);
            events.push(Event::Secrets { level, read, write });
            self.write_level = level;
            self.read_level = level;
        }
        Ok(())
    }
}

impl Session {
    /// Whether the program carries this session's handshake (QUIC).
    pub fn quic_driven(&self) -> bool {
        self.quic.enabled
    }

    /// `gnutls_handshake_set_read_function`: set, the session is a QUIC one.
    pub fn set_quic(&mut self, enabled: bool) {
        self.quic.enabled = enabled;
    }

    /// `gnutls_session_ext_register` for the transport parameters, the one extension rustls
    /// sends for the program (only on a QUIC session); for any other, an error, since the
    /// extension would never be sent.
    pub fn register_extension(&mut self, extension: u16) -> Result<(), Error> {
        let params = matches!(extension, EXT_TRANSPORT_PARAMETERS | EXT_TRANSPORT_PARAMETERS_DRAFT);
        if !params || !self.quic.enabled {
            return Err(Error::UNIMPLEMENTED);
        }
        if self.quic.running.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        if self.quic.params_extension.is_some() {
            return Err(Error::new(GNUTLS_E_ALREADY_REGISTERED));
        }
        self.quic.params_extension = Some(extension);
        Ok(())
    }

    /// Whether the QUIC connection is still to be made (the program's transport parameters
    /// are asked for first).
    pub fn quic_needs_start(&self) -> bool {
        self.quic.running.is_none()
    }

    /// Whether the QUIC connection can be made, and the QUIC version its transport
    /// parameters extension stands for; checked before the program is asked for them.
    pub fn quic_startable(&self) -> Result<quic::Version, Error> {
        if !self.quic.enabled || self.quic.running.is_some() {
            return Err(Error::INVALID_REQUEST);
        }
        // divergence: a QUIC server answers GNUTLS_E_UNIMPLEMENTED_FEATURE. rustls takes the
        // server's transport parameters before it reads the ClientHello; GnuTLS asks for
        // them as it writes EncryptedExtensions, after the handshake secrets, and ngtcp2
        // completes its parameters (initial_source_connection_id) only once it has
        // installed the handshake keys: parameters asked for earlier are wrong.
        if self.role == Role::Server {
            return Err(Error::UNIMPLEMENTED);
        }
        // Without the extension registered GnuTLS sends none; rustls always sends it.
        match self.quic.params_extension {
            Some(EXT_TRANSPORT_PARAMETERS) => Ok(quic::Version::V1),
            Some(_) => Ok(quic::Version::V1Draft),
            None => Err(Error::UNIMPLEMENTED),
        }
    }

    /// Makes a client's QUIC connection with our transport parameters; its ClientHello
    /// is then ready for the read function.
    pub fn quic_start(&mut self, params: Vec<u8>) -> Result<Step, Error> {
        let version = self.quic_startable()?;
        let (priority, credentials) = self.handshake_settings()?;
        if !priority.spec.rustls_versions().1 {
            return Err(Error::new(GNUTLS_E_UNSUPPORTED_VERSION_PACKET));
        }
        let (config, name, _) = self.client_setup(&priority, &credentials)?;
        self.key_log.keep_traffic = true;
        let conn = self.context().run(|| quic::ClientConnection::new(config, version, name, params));
        let conn = quic::Connection::Client(conn.map_err(Error::from)?);
        self.quic.running = Some(Box::new(Running {
            conn,
            write_level: GNUTLS_ENCRYPTION_LEVEL_INITIAL,
            read_level: GNUTLS_ENCRYPTION_LEVEL_INITIAL,
            failed: None,
        }));
        Ok(self.quic_step(None))
    }

    /// `gnutls_handshake_write`: rustls processes a handshake message from the peer at once.
    /// During the handshake a failure is kept for `gnutls_handshake` to report, as GnuTLS
    /// (which only queues the message here) reports it; afterwards it is this call's.
    pub fn quic_write(&mut self, level: u32, data: &[u8]) -> Result<Step, Error> {
        if level > GNUTLS_ENCRYPTION_LEVEL_APPLICATION {
            return Err(Error::INVALID_REQUEST);
        }
        let running = self.quic.running.as_ref().ok_or(Error::INVALID_REQUEST)?;
        if let Some(e) = running.failed {
            return Err(e);
        }
        if level < running.read_level {
            return Err(Error::new(GNUTLS_E_DECRYPTION_FAILED));
        }
        let handshaking = running.conn.is_handshaking();
        let mut step = self.quic_step(Some(data));
        if handshaking {
            step.error = None;
        }
        Ok(step)
    }

    /// The level alerts are sent at now (the alert read function is told it).
    pub fn quic_write_level(&self) -> u32 {
        self.quic.running.as_ref().map_or(GNUTLS_ENCRYPTION_LEVEL_INITIAL, |r| r.write_level)
    }

    /// Feeds rustls (when there is data) and collects what it has for the program, with
    /// the session's context visible to rustls's callbacks; a failure is kept.
    fn quic_step(&mut self, data: Option<&[u8]>) -> Step {
        let Some(mut running) = self.quic.running.take() else {
            return Step { events: Vec::new(), error: Some(Error::INVALID_REQUEST) };
        };
        let mut events = Vec::new();
        let mut params_delivered = self.quic.params_delivered;
        let result = self.context().run(|| {
            if let Some(data) = data {
                running.conn.read_hs(data).map_err(Error::from)?;
            }
            running.collect(&self.key_log, &mut params_delivered, &mut events)
        });
        self.quic.params_delivered = params_delivered;
        let error = result.err();
        if let Some(e) = error {
            running.failed = Some(e);
        }
        self.quic.running = Some(running);
        Step { events, error }
    }

    /// A program's callback refused what it was given: the handshake ends with its code.
    pub fn quic_fail(&mut self, e: Error) {
        if let Some(running) = self.quic.running.as_mut() {
            running.failed.get_or_insert(e);
        }
    }

    /// `gnutls_handshake` on a QUIC session: done once rustls completed the handshake,
    /// GNUTLS_E_AGAIN while it waits for the peer's messages.
    pub fn quic_handshake_status(&self) -> Result<(), Error> {
        let running = self.quic.running.as_ref().ok_or(Error::INVALID_REQUEST)?;
        if let Some(e) = running.failed {
            return Err(e);
        }
        if running.conn.is_handshaking() {
            return Err(Error::AGAIN);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_split_by_their_headers() {
        let mut events = Vec::new();
        let bytes = [&[8u8, 0, 0, 2, 0, 0][..], &[11, 0, 0, 1, 7], &[15, 0, 0, 0]].concat();
        messages(GNUTLS_ENCRYPTION_LEVEL_HANDSHAKE, &bytes, &mut events);
        let types: Vec<u32> = events
            .iter()
            .map(|e| match e {
                Event::Message { htype, bytes, .. } if bytes[0] as u32 == *htype => *htype,
                _ => 0,
            })
            .collect();
        assert_eq!(types, [8, 11, 15]);
        assert!(matches!(&events[1], Event::Message { bytes, .. } if bytes == &[11, 0, 0, 1, 7]));
    }

    #[test]
    fn a_truncated_message_is_passed_on_whole() {
        let mut events = Vec::new();
        messages(GNUTLS_ENCRYPTION_LEVEL_INITIAL, &[1, 0, 0, 9, 1], &mut events);
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn only_transport_parameters_register_on_a_quic_session() {
        let mut s = Session::new(GNUTLS_CLIENT).unwrap();
        assert_eq!(s.register_extension(EXT_TRANSPORT_PARAMETERS), Err(Error::UNIMPLEMENTED));
        s.set_quic(true);
        assert_eq!(s.register_extension(0x1234), Err(Error::UNIMPLEMENTED));
        assert_eq!(s.register_extension(EXT_TRANSPORT_PARAMETERS), Ok(()));
        assert_eq!(s.register_extension(EXT_TRANSPORT_PARAMETERS_DRAFT), Err(Error::new(GNUTLS_E_ALREADY_REGISTERED)));
    }
}
