//! The session whose records rustls is processing, as seen by the callbacks rustls makes
//! while doing so: the certificate verifiers, the certificate resolvers, the session stores
//! and the key log. They are shared by every connection (rustls resumes a session only
//! under the very same verifier and resolver objects), so they find the session here, and
//! do no more than hand rustls's question to the session's credentials (`credentials`),
//! resumption slots (`resumption`) or server settings (`server`).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use once_cell::sync::Lazy;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::client::{ClientSessionStore, ResolvesClientCert, Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ProducesTickets, ResolvesServerCert, StoresServerSessions};
use rustls::sign::CertifiedKey;
use rustls::{DigitallySignedStruct, DistinguishedName, NamedGroup, SignatureScheme};

use crate::constants::*;
use crate::credentials::CertificateCredentials;
use crate::resumption::ResumeState;
use crate::server::{ServerState, DEFAULT_EXPIRATION};

/// What `gnutls_session_set_verify_cert` asked for: the handshake fails unless the peer's
/// chain verifies (for this host, if one was given).
#[derive(Clone, Debug, Default)]
pub struct VerifyRequest {
    /// What the peer's certificate must be for: a hostname, IP address or e-mail name, and
    /// a key purpose (`gnutls_session_set_verify_cert2`'s typed data).
    pub data: crate::x509::trust_list::VerifyData,
    pub flags: u32,
}

pub struct SessionContext<'a> {
    pub creds: Option<&'a CertificateCredentials>,
    pub verify: Option<&'a VerifyRequest>,
    pub resume: &'a ResumeState,
    pub stapled_ocsp: &'a RefCell<Option<Vec<u8>>>,
    pub master_secret: &'a RefCell<zeroize::Zeroizing<Vec<u8>>>,
    /// TLS 1.3's exporter master secret, for `gnutls_prf_rfc5705`.
    pub exporter_secret: &'a RefCell<zeroize::Zeroizing<Vec<u8>>>,
    /// Set for server sessions.
    pub server: Option<&'a ServerState>,
    /// The certificate we presented, if we were asked for one.
    pub our_certificate: &'a RefCell<Vec<u8>>,
    /// What the handshake found checking the peer: its chain's status when the session
    /// asked for verification (`gnutls_session_set_verify_cert`), its signature's scheme.
    pub verify_status: &'a crate::verify::HandshakeFindings,
    /// Where the session's secrets are logged (`gnutls_session_set_keylog_function`).
    pub key_log: &'a KeyLog,
    /// The program's certificate callback, if it set one, and where its failure is kept
    /// (or a server's finding no key for the client's schemes): the handshake ends silently.
    pub retrieve: Option<&'a dyn crate::retrieve::RetrievesCertificate>,
    pub retrieve_failed: &'a Cell<Option<crate::errors::Error>>,
    /// A client sends its only certificate even if the server named other CAs
    /// (`GNUTLS_FORCE_CLIENT_CERT`).
    pub force_client_cert: bool,
    /// The session's priority: a client offers and accepts the signature schemes it lists.
    pub priority: Option<&'a crate::priority::Priority>,
}

/// Where a session's TLS secrets go besides our own use of them.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum KeyLogTarget {
    /// GnuTLS's default: the NSS key log file that SSLKEYLOGFILE names, if it names one.
    #[default]
    NssFile,
    /// The program's function, given the label and the secret once rustls is done with the
    /// records that made them (`KeyLog::take_pending`), so that it may call into the session.
    Program,
    /// The program set no function.
    Off,
}

/// A session's key log: its target, and the secrets waiting for the program's function.
#[derive(Default)]
pub struct KeyLog {
    pub target: KeyLogTarget,
    pending: RefCell<Vec<(String, zeroize::Zeroizing<Vec<u8>>)>>,
    /// A QUIC session keeps its traffic secrets here for the program's secret function
    /// (rustls's QUIC API hands out packet keys only), whatever the target.
    pub keep_traffic: bool,
    traffic: RefCell<Vec<(String, zeroize::Zeroizing<Vec<u8>>)>>,
}

/// rustls writes the NSS key log format GnuTLS writes (label, client random and secret in
/// lower-case hex); it opens SSLKEYLOGFILE for appending on first use.
static NSS_KEY_LOG: Lazy<Option<rustls::KeyLogFile>> =
    Lazy::new(|| std::env::var_os("SSLKEYLOGFILE").map(|_| rustls::KeyLogFile::new()));

/// Appends one line to the NSS key log file, if SSLKEYLOGFILE names one.
pub fn write_nss_key_log(label: &str, client_random: &[u8], secret: &[u8]) {
    if let Some(file) = NSS_KEY_LOG.as_ref() {
        rustls::KeyLog::log(file, label, client_random, secret);
    }
}

impl KeyLog {
    fn wants(&self) -> bool {
        self.keep_traffic || match self.target {
            KeyLogTarget::NssFile => NSS_KEY_LOG.is_some(),
            KeyLogTarget::Program => true,
            KeyLogTarget::Off => false,
        }
    }

    fn write(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        if self.keep_traffic && (label.ends_with("TRAFFIC_SECRET") || label.ends_with("TRAFFIC_SECRET_0")) {
            self.traffic.borrow_mut().push((label.to_owned(), zeroize::Zeroizing::new(secret.to_vec())));
        }
        match self.target {
            KeyLogTarget::NssFile => write_nss_key_log(label, client_random, secret),
            KeyLogTarget::Program => self.pending.borrow_mut().push((label.to_owned(), zeroize::Zeroizing::new(secret.to_vec()))),
            KeyLogTarget::Off => {}
        }
    }

    /// A traffic secret kept for a QUIC session (`keep_traffic`), taken out of the log.
    pub fn take_traffic(&self, label: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        let mut traffic = self.traffic.borrow_mut();
        let at = traffic.iter().position(|(l, _)| l == label)?;
        Some(traffic.remove(at).1)
    }

    /// The secrets logged since the last call, for the program's function, in GnuTLS's
    /// order: rustls derives TLS 1.3's exporter secret after the traffic secrets, GnuTLS
    /// reports it before them (its keylog-func test checks the order).
    pub fn take_pending(&self) -> Vec<(String, zeroize::Zeroizing<Vec<u8>>)> {
        let mut secrets = std::mem::take(&mut *self.pending.borrow_mut());
        let exporter = secrets.iter().position(|(l, _)| l == "EXPORTER_SECRET");
        let traffic = secrets.iter().position(|(l, _)| l == "CLIENT_TRAFFIC_SECRET_0" || l == "SERVER_TRAFFIC_SECRET_0");
        if let (Some(e), Some(t)) = (exporter, traffic) {
            if e > t {
                let secret = secrets.remove(e);
                secrets.insert(t, secret);
            }
        }
        secrets
    }
}

thread_local! {
    static CURRENT: Cell<*const SessionContext<'static>> = const { Cell::new(std::ptr::null()) };
}

impl SessionContext<'_> {
    /// Runs `f` (a call into rustls) with this context visible to the callbacks it makes.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        struct Restore(*const SessionContext<'static>);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|c| c.set(self.0));
            }
        }
        let me = self as *const SessionContext<'_> as *const SessionContext<'static>;
        let _restore = Restore(CURRENT.with(|c| c.replace(me)));
        f()
    }

    /// The context of the call in progress on this thread, if any.
    pub fn with<R>(f: impl FnOnce(&SessionContext<'_>) -> R) -> Option<R> {
        let ctx = CURRENT.with(|c| c.get());
        // SAFETY: set by `run` only for the duration of the call that reaches here, on
        // this thread, and restored (even on unwind) before the context goes away.
        unsafe { ctx.as_ref() }.map(f)
    }

    /// Records the certificate we are about to present.
    fn presenting(&self, key: &CertifiedKey) {
        *self.our_certificate.borrow_mut() = key.cert.first().map(|c| c.to_vec()).unwrap_or_default();
    }

    /// Checks a peer chain when the session asked for it (`gnutls_session_set_verify_cert`),
    /// recording the status; Some(false) rejects it, None means no check was asked for.
    fn check_peer(&self, end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) -> Option<bool> {
        let request = self.verify?;
        let Some(creds) = self.creds else { return Some(false) };
        let mut chain = vec![end_entity.as_ref().to_vec()];
        chain.extend(intermediates.iter().map(|c| c.as_ref().to_vec()));
        let status = creds.chain_status(&chain, request.data.hostname.as_deref(), request.flags);
        self.verify_status.chain_status.set(Some(status));
        Some(status == 0)
    }
}

impl SessionContext<'_> {
    /// Asks the program's callback for a client certificate.
    // divergence: the callback runs while rustls processes the server's flight (GnuTLS: as
    // the CertificateRequest is parsed, the same flight); calls it makes on the session see
    // the handshake as it was when the flight arrived.
    fn retrieved(
        &self,
        program: &dyn crate::retrieve::RetrievesCertificate,
        ca_names: &[&[u8]],
        sigschemes: &[SignatureScheme],
        raw: bool,
    ) -> Result<Option<Arc<CertifiedKey>>, crate::errors::Error> {
        let query = crate::retrieve::Query { ca_names, pk_algorithms: crate::retrieve::pk_algorithms(sigschemes) };
        // An answer of the other kind than the one negotiated is no certificate.
        program.retrieve(&query)?.filter(|c| c.raw == raw).map(|c| c.certified()).transpose()
    }
}

impl crate::link::Scope for SessionContext<'_> {
    fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        SessionContext::run(self, f)
    }
}

/// rustls's key log: we keep TLS 1.2's master secret (for
/// `gnutls_session_get_master_secret` and exporters) and TLS 1.3's exporter secret, and
/// pass every secret to the session's key log target.
#[derive(Debug)]
pub struct MasterSecret;

pub static KEY_LOG: Lazy<Arc<MasterSecret>> = Lazy::new(|| Arc::new(MasterSecret));

impl MasterSecret {
    fn kept(label: &str) -> bool {
        label == "CLIENT_RANDOM" || label == "EXPORTER_SECRET"
    }
}

impl rustls::KeyLog for MasterSecret {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        SessionContext::with(|ctx| {
            if Self::kept(label) {
                let slot = if label == "CLIENT_RANDOM" { ctx.master_secret } else { ctx.exporter_secret };
                *slot.borrow_mut() = zeroize::Zeroizing::new(secret.to_vec());
            }
            ctx.key_log.write(label, client_random, secret);
        });
    }

    fn will_log(&self, label: &str) -> bool {
        Self::kept(label) || SessionContext::with(|ctx| ctx.key_log.wants()).unwrap_or(false)
    }
}

// ---- Client side ----

/// The session store of every client configuration: it keeps nothing itself, but reads
/// and fills the resumption slots of the session rustls is working for.
#[derive(Debug)]
pub struct SlotStore;

pub static STORE: Lazy<Arc<SlotStore>> = Lazy::new(|| Arc::new(SlotStore));

fn with_resume<R>(f: impl FnOnce(&ResumeState) -> R) -> Option<R> {
    SessionContext::with(|ctx| f(ctx.resume))
}

impl ClientSessionStore for SlotStore {
    fn set_kx_hint(&self, _: ServerName<'static>, group: NamedGroup) {
        with_resume(|r| r.set_kx_hint(group));
    }

    fn kx_hint(&self, _: &ServerName<'_>) -> Option<NamedGroup> {
        with_resume(|r| r.kx_hint()).flatten()
    }

    fn set_tls12_session(&self, _: ServerName<'static>, value: Tls12ClientSessionValue) {
        with_resume(|r| r.set_tls12_session(value));
    }

    fn tls12_session(&self, _: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        with_resume(|r| r.tls12_session()).flatten()
    }

    fn remove_tls12_session(&self, _: &ServerName<'static>) {
        with_resume(|r| r.remove_tls12_session());
    }

    fn insert_tls13_ticket(&self, _: ServerName<'static>, value: Tls13ClientSessionValue) {
        with_resume(|r| r.insert_tls13_ticket(value));
    }

    fn take_tls13_ticket(&self, _: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        with_resume(|r| r.take_tls13_ticket()).flatten()
    }
}

/// The client-certificate resolver every configuration uses (one for X.509, one for raw
/// public keys); it answers with the current session's key of that kind.
#[derive(Debug)]
pub struct OwnCertificate {
    raw: bool,
}

pub static CLIENT_CERTIFICATE: Lazy<Arc<OwnCertificate>> = Lazy::new(|| Arc::new(OwnCertificate { raw: false }));
pub static CLIENT_RAW_KEY: Lazy<Arc<OwnCertificate>> = Lazy::new(|| Arc::new(OwnCertificate { raw: true }));

impl ResolvesClientCert for OwnCertificate {
    fn resolve(&self, ca_names: &[&[u8]], sigschemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        SessionContext::with(|ctx| {
            *ctx.verify_status.requested.borrow_mut() = Some(sigschemes.iter().map(|s| u16::from(*s)).collect());
            let key = match ctx.retrieve {
                Some(program) => match ctx.retrieved(program, ca_names, sigschemes, self.raw) {
                    Ok(key) => key?,
                    Err(e) => {
                        ctx.retrieve_failed.set(Some(e));
                        return None;
                    }
                },
                None => ctx.creds?.client_key(self.raw, ca_names, &ours_to_sign(ctx, sigschemes), ctx.force_client_cert)?,
            };
            ctx.presenting(&key);
            Some(signing_recorded(&key, Vec::new()))
        })
        .flatten()
    }

    fn has_certs(&self) -> bool {
        true
    }

    fn only_raw_public_keys(&self) -> bool {
        self.raw
    }
}

/// Our key, choosing its signature scheme as GnuTLS does, with the scheme of each signature
/// it makes recorded for the session (`gnutls_sign_algorithm_get` on a server, `_get_client`
/// on a client).
/// `peer_order` is the client's signature_algorithms, for a server: rustls hands a TLS 1.2
/// key the schemes in the suite's order instead.
/// The peer's schemes our priority lets us sign with: GnuTLS picks the first the peer
/// asks for that its own priority enables.
fn ours_to_sign(ctx: &SessionContext<'_>, schemes: &[SignatureScheme]) -> Vec<SignatureScheme> {
    schemes.iter().copied().filter(|s| ctx.priority.map_or(true, |p| p.lists.may_sign(u16::from(*s)))).collect()
}

fn signing_recorded(key: &Arc<CertifiedKey>, peer_order: Vec<SignatureScheme>) -> Arc<CertifiedKey> {
    let mut recorded = CertifiedKey::new(key.cert.clone(), Arc::new(RecordingKey { key: key.key.clone(), peer_order }));
    recorded.ocsp = key.ocsp.clone();
    Arc::new(recorded)
}

#[derive(Debug)]
struct RecordingKey {
    key: Arc<dyn rustls::sign::SigningKey>,
    peer_order: Vec<SignatureScheme>,
}

impl rustls::sign::SigningKey for RecordingKey {
    /// The first scheme in the peer's order that the key can sign with, as GnuTLS chooses
    /// (rustls's keys would follow their own order).
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn rustls::sign::Signer>> {
        let in_peer_order = self.peer_order.iter().filter(|s| offered.contains(s));
        let candidates: Vec<SignatureScheme> =
            if self.peer_order.is_empty() { offered.to_vec() } else { in_peer_order.copied().collect() };
        let candidates = SessionContext::with(|ctx| ours_to_sign(ctx, &candidates)).unwrap_or(candidates);
        let signer = candidates.iter().find_map(|scheme| self.key.choose_scheme(std::slice::from_ref(scheme)))?;
        SessionContext::with(|ctx| ctx.verify_status.own_signature.set(Some(u16::from(signer.scheme()))));
        Some(signer)
    }

    fn public_key(&self) -> Option<rustls::pki_types::SubjectPublicKeyInfoDer<'_>> {
        self.key.public_key()
    }

    fn algorithm(&self) -> rustls::SignatureAlgorithm {
        self.key.algorithm()
    }
}

// ---- Server side ----

/// Picks our certificate from the session's credentials, by the client's SNI and
/// signature schemes (one selector for X.509, one for raw public keys).
#[derive(Debug)]
pub struct CertificateSelector {
    raw: bool,
}

pub static SELECTOR: Lazy<Arc<CertificateSelector>> = Lazy::new(|| Arc::new(CertificateSelector { raw: false }));
pub static RAW_SELECTOR: Lazy<Arc<CertificateSelector>> = Lazy::new(|| Arc::new(CertificateSelector { raw: true }));

impl ResolvesServerCert for CertificateSelector {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let name = hello.server_name().map(str::to_owned);
        let offered = hello.signature_schemes().to_vec();
        SessionContext::with(|ctx| {
            let schemes = ours_to_sign(ctx, &offered);
            let allow_misuse = ctx.priority.is_some_and(|p| p.spec.allow_server_key_usage_violation);
            let chosen = ctx.server.and_then(|s| Some((s.chosen.clone()?, s.chosen_raw)));
            let key = match chosen {
                // The program's answer is not of the negotiated kind: no certificate.
                Some((_, raw)) if raw != self.raw => return None,
                Some((key, _)) => key,
                None => {
                    // No key of ours signs with a scheme the client offers: GnuTLS finds no
                    // cipher suite it could use, and answers nothing (rustls would send an
                    // alert and fail with an internal error).
                    let Some((index, key)) = ctx.creds?.select_key(name.as_deref(), &schemes, self.raw, allow_misuse) else {
                        ctx.retrieve_failed.set(Some(crate::errors::Error::new(GNUTLS_E_NO_CIPHER_SUITES)));
                        return None;
                    };
                    let answers = ctx.server.map_or(&[][..], |s| &s.ocsp_answers[..]);
                    let answer = answers.iter().find(|(i, _)| *i == Some(index)).or_else(|| answers.iter().find(|(i, _)| i.is_none()));
                    match answer {
                        Some((_, answer)) => {
                            let mut stapled = (*key).clone();
                            stapled.ocsp = answer.clone();
                            Arc::new(stapled)
                        }
                        None => key,
                    }
                }
            };
            ctx.presenting(&key);
            Some(signing_recorded(&key, schemes.clone()))
        })
        .flatten()
    }

    fn only_raw_public_keys(&self) -> bool {
        self.raw
    }
}

/// Asks for client certificates as `gnutls_certificate_server_set_request` says, and
/// checks them GnuTLS's way: only the signature during the handshake (the program asks for
/// the chain's status later), unless the session asked for verification.
#[derive(Debug)]
pub struct ClientCertRequest {
    pub mode: u32,
    pub hints: Vec<DistinguishedName>,
    /// The client presents a raw public key (RFC 7250), not a chain.
    raw: bool,
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl ClientCertRequest {
    pub fn new(mode: u32, hints: Vec<DistinguishedName>, raw: bool) -> Self {
        ClientCertRequest { mode, hints, raw, algorithms: crate::provider::tls().signature_verification_algorithms }
    }

    /// `ServerCallbacks::client_verifier`.
    pub fn shared(mode: u32, hints: Vec<DistinguishedName>, raw: bool) -> Arc<dyn ClientCertVerifier> {
        Arc::new(ClientCertRequest::new(mode, hints, raw))
    }
}

impl ClientCertVerifier for ClientCertRequest {
    fn offer_client_auth(&self) -> bool {
        self.mode != GNUTLS_CERT_IGNORE
    }

    fn client_auth_mandatory(&self) -> bool {
        self.mode == GNUTLS_CERT_REQUIRE
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if self.raw {
            return match SessionContext::with(|ctx| ctx.verify.is_some()) {
                Some(false) => Ok(ClientCertVerified::assertion()),
                _ => Err(crate::verify::raw_key_not_verifiable()),
            };
        }
        match SessionContext::with(|ctx| ctx.check_peer(end_entity, intermediates).unwrap_or(true)) {
            Some(true) => Ok(ClientCertVerified::assertion()),
            _ => Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure)),
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        crate::verify::enabled_by_priority(dss, false)?;
        crate::verify::key_may_sign(cert, self.raw)?;
        crate::verify::tls12_signature(message, cert, dss, &self.algorithms, self.raw)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        crate::verify::enabled_by_priority(dss, true)?;
        crate::verify::key_may_sign(cert, self.raw)?;
        crate::verify::tls13_signature(message, cert, dss, &self.algorithms, self.raw)
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.raw
    }

    /// The session's priority's schemes, in its order, as a GnuTLS server requests them
    /// (outside a session, all we verify, in GnuTLS's default order).
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        SessionContext::with(|ctx| ctx.priority.map(|p| p.offered_schemes()))
            .flatten()
            .unwrap_or_else(|| crate::priority::in_gnutls_order(self.algorithms.supported_schemes()))
    }
}

fn with_server<R>(f: impl FnOnce(&ServerState) -> R) -> Option<R> {
    SessionContext::with(|ctx| ctx.server.map(f)).flatten()
}

/// Session tickets under the session's GnuTLS ticket key.
#[derive(Debug)]
pub struct Tickets;

pub static TICKETS: Lazy<Arc<Tickets>> = Lazy::new(|| Arc::new(Tickets));

impl ProducesTickets for Tickets {
    fn enabled(&self) -> bool {
        with_server(|s| s.tickets_enabled()).unwrap_or(false)
    }

    fn lifetime(&self) -> u32 {
        with_server(|s| s.expiration).unwrap_or(DEFAULT_EXPIRATION)
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| s.seal_ticket(plain)).flatten()
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| s.open_ticket(cipher)).flatten()
    }
}

/// The program's session cache of the session rustls works for.
#[derive(Debug)]
pub struct SessionCache;

pub static SESSION_CACHE: Lazy<Arc<SessionCache>> = Lazy::new(|| Arc::new(SessionCache));

impl StoresServerSessions for SessionCache {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        with_server(|s| s.cache_put(key, value)).unwrap_or(false)
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        with_server(|s| s.cache_get(key)).flatten()
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.get(key)
    }

    /// Always: rustls then gives every TLS 1.2 session an id, as GnuTLS does with or
    /// without a cache; without one, storing just fails (and TLS 1.3 never stores here,
    /// since we only send tickets under a ticket key).
    fn can_cache(&self) -> bool {
        true
    }
}
