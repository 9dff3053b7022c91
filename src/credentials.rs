//! Certificate credentials: trust anchors, CRLs, our own certificates and keys, and the
//! rustls configurations built from them, shared by every session that uses them. The
//! callback objects those configurations carry (verifiers, resolvers, session stores) are
//! given by the caller: this module knows nothing of sessions.

use std::sync::{Arc, Mutex, RwLock};

use rustls::client::danger::ServerCertVerifier;
use rustls::client::{ClientSessionStore, ResolvesClientCert, Resumption, Tls12Resumption};
use rustls::server::danger::ClientCertVerifier;
use rustls::server::{ProducesTickets, ResolvesServerCert, StoresServerSessions};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, DistinguishedName, KeyLog, ServerConfig, SignatureScheme};
use rustls_pki_types::CertificateDer;
use zeroize::Zeroizing;

use crate::cert_types::CertTypes;
use crate::constants::*;
use crate::errors::Error;
use crate::keys::handles::TlsKey;
use crate::priority::Priority;
use crate::x509::core::{self, Purpose, TrustStore};
use crate::x509::pem;

/// Where Debian's GnuTLS finds the system's trusted CAs (`--with-default-trust-store-file`).
const SYSTEM_TRUST_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// GnuTLS's default longest chain `gnutls_certificate_verify_peers` accepts.
const DEFAULT_MAX_VERIFY_DEPTH: u32 = 16;

/// How many rustls configurations one credentials object keeps (one per distinct
/// priority and ALPN list in use; programs use one or two).
const CONFIG_CACHE_SIZE: usize = 8;

pub struct CredentialData {
    pub trust: TrustStore,
    pub verify_flags: u32,
    /// Our certificate chains and signing keys, in the order they were added (with the
    /// keys' DER, for `gnutls_certificate_get_x509_key`, wiped when dropped).
    pub own: Vec<OwnKey>,
    /// Bumped on every change, so cached configurations built before it are not reused.
    generation: u64,
    /// A server names its trusted CAs in its certificate request, until
    /// `gnutls_certificate_free_ca_names`.
    pub name_cas: bool,
    /// `gnutls_certificate_set_verify_limits`: the longest peer chain verified (0: any).
    pub verify_depth: u32,
    /// `gnutls_certificate_set_flags` (GNUTLS_CERTIFICATE_*).
    pub flags: u32,
    /// Asked for the password of an encrypted key loaded without one.
    pub pin: Option<PinSource>,
}

/// Asks the program for a password (None: it has none to give).
pub type PinSource = Arc<dyn Fn() -> Option<zeroize::Zeroizing<Vec<u8>>> + Send + Sync>;

/// One certificate chain with its key, and the names its leaf certificate is valid for
/// (or the names `gnutls_certificate_set_key` gave instead).
pub struct OwnKey {
    pub key: Arc<CertifiedKey>,
    /// A raw public key (RFC 7250): `key.cert` holds its SubjectPublicKeyInfo, not a chain.
    pub raw: bool,
    leaf: Option<core::Certificate>,
    /// The issuer names (DER) of the chain's certificates, which a client matches against a
    /// server's CA names.
    issuers: Vec<Vec<u8>>,
    names: Vec<String>,
    /// The private key as it was given (PKCS #8, PKCS #1 or SEC1 DER).
    key_der: Zeroizing<Vec<u8>>,
    /// The OCSP responses set for the chain's certificates (GnuTLS keeps up to 8), each
    /// with the time it may be used until (0: unknown).
    ocsp: Vec<Option<(Vec<u8>, i64)>>,
}

impl OwnKey {
    /// The key to present, without its OCSP response once that has expired (GnuTLS sends
    /// none then).
    fn stapled_key(&self) -> Arc<CertifiedKey> {
        match self.ocsp.first() {
            Some(Some((_, exptime))) if *exptime != 0 && crate::global::now() >= *exptime => {
                let mut key = (*self.key).clone();
                key.ocsp = None;
                Arc::new(key)
            }
            _ => self.key.clone(),
        }
    }

    pub fn matches(&self, server_name: &str) -> bool {
        if !self.names.is_empty() {
            return self.names.iter().any(|n| n == server_name);
        }
        self.leaf.as_ref().is_some_and(|c| c.check_hostname(server_name))
    }
}

#[derive(PartialEq, Eq, Clone)]
struct ConfigKey {
    priority: u64,
    generation: u64,
    alpn: Vec<Vec<u8>>,
    /// The session options that shape the configuration (see the two builders).
    options: u32,
}

/// The callback objects every client configuration carries. rustls resumes a session only
/// under the very same verifier and resolver objects, so these are shared by all sessions,
/// and find the session they work for themselves (see `context`).
pub struct ClientCallbacks {
    pub verifier: Arc<dyn ServerCertVerifier>,
    /// The verifier for servers presenting a raw public key (RFC 7250).
    pub raw_verifier: Arc<dyn ServerCertVerifier>,
    pub certificate: Arc<dyn ResolvesClientCert>,
    /// The resolver presenting a raw public key of ours.
    pub raw_certificate: Arc<dyn ResolvesClientCert>,
    pub store: Arc<dyn ClientSessionStore>,
    pub key_log: Arc<dyn KeyLog>,
}

/// The callback objects every server configuration carries.
pub struct ServerCallbacks {
    /// Makes the client-certificate verifier for a request mode, the CA names to send and
    /// whether the client presents a raw public key.
    pub client_verifier: fn(u32, Vec<DistinguishedName>, bool) -> Arc<dyn ClientCertVerifier>,
    pub certificate: Arc<dyn ResolvesServerCert>,
    /// The resolver presenting a raw public key of ours.
    pub raw_certificate: Arc<dyn ResolvesServerCert>,
    pub cache: Arc<dyn StoresServerSessions + Send + Sync>,
    pub tickets: Arc<dyn ProducesTickets>,
    pub key_log: Arc<dyn KeyLog>,
}

/// The object behind `gnutls_certificate_credentials_t`.
pub struct gnutls_certificate_credentials_st {
    pub data: RwLock<CredentialData>,
    configs: Mutex<Vec<(ConfigKey, Arc<ClientConfig>)>>,
    /// Objects handed out that must stay valid as long as the credentials (the issuer
    /// certificates of `gnutls_certificate_get_issuer`).
    kept: Mutex<Vec<Box<dyn std::any::Any + Send>>>,
    server_configs: Mutex<Vec<(ConfigKey, Arc<ServerConfig>)>>,
}

/// Finds a cached configuration, or builds and caches one.
fn cached<C>(
    cache: &Mutex<Vec<(ConfigKey, Arc<C>)>>,
    key: ConfigKey,
    build: impl FnOnce() -> Result<C, Error>,
) -> Result<Arc<C>, Error> {
    let mut cache = cache.lock().map_err(|_| Error::INTERNAL)?;
    if let Some((_, c)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(c.clone());
    }
    let config = Arc::new(build()?);
    cache.retain(|(k, _)| k.generation == key.generation);
    if cache.len() >= CONFIG_CACHE_SIZE {
        cache.remove(0);
    }
    cache.push((key, config.clone()));
    Ok(config)
}
pub type CertificateCredentials = gnutls_certificate_credentials_st;

impl CertificateCredentials {
    pub fn new() -> Self {
        CertificateCredentials {
            data: RwLock::new(CredentialData {
                trust: TrustStore::new(),
                verify_flags: 0,
                own: Vec::new(),
                generation: 0,
                name_cas: true,
                verify_depth: DEFAULT_MAX_VERIFY_DEPTH,
                flags: 0,
                pin: None,
            }),
            configs: Mutex::new(Vec::new()),
            kept: Mutex::new(Vec::new()),
            server_configs: Mutex::new(Vec::new()),
        }
    }

    fn change<R>(&self, f: impl FnOnce(&mut CredentialData) -> R) -> Result<R, Error> {
        let mut d = self.data.write().map_err(|_| Error::INTERNAL)?;
        d.generation += 1;
        Ok(f(&mut d))
    }

    /// Adds CA certificates; returns how many were added, as GnuTLS does.
    pub fn add_trust(&self, certs: Vec<Vec<u8>>) -> Result<i32, Error> {
        self.change(|d| certs.iter().filter(|c| d.trust.add_ca_der(c).is_ok()).count() as i32)
    }

    pub fn add_trust_bytes(&self, bytes: &[u8], format: gnutls_x509_crt_fmt_t) -> Result<i32, Error> {
        let certs = core::der_or_pem_certificates(bytes, pem(format)?).map_err(Error::new)?;
        self.add_trust(certs)
    }

    /// Every file of the directory that holds certificates in the given format is loaded;
    /// files that do not parse are skipped, as GnuTLS does.
    pub fn add_trust_dir(&self, dir: &str, format: gnutls_x509_crt_fmt_t) -> Result<i32, Error> {
        let dir = std::fs::read_dir(dir).map_err(|_| Error::FILE_ERROR)?;
        let mut total = 0;
        for entry in dir.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(entry.path()) {
                total += self.add_trust_bytes(&bytes, format).unwrap_or(0);
            }
        }
        Ok(total)
    }

    /// The system's trusted CAs, where Debian's GnuTLS finds them.
    pub fn add_system_trust(&self) -> Result<i32, Error> {
        self.add_trust_bytes(&read_file(SYSTEM_TRUST_FILE)?, GNUTLS_X509_FMT_PEM)
    }

    pub fn add_crls(&self, bytes: &[u8], format: gnutls_x509_crt_fmt_t) -> Result<i32, Error> {
        self.add_crl_ders(core::crls_from(bytes, pem(format)?).map_err(Error::new)?)
    }

    /// Adds CRLs (DER); returns how many. They are taken as verified, as GnuTLS takes them,
    /// unless the credentials' flags have GNUTLS_CERTIFICATE_VERIFY_CRLS: then each must
    /// verify against the CAs held (else GNUTLS_E_CRL_VERIFICATION_ERROR, the CRLs before
    /// it kept, as GnuTLS's trust list keeps them).
    pub fn add_crl_ders(&self, crls: Vec<Vec<u8>>) -> Result<i32, Error> {
        let now = crate::global::now();
        self.change(|d| {
            let verify = d.flags & GNUTLS_CERTIFICATE_VERIFY_CRLS != 0;
            let cas: Vec<core::Certificate> = if verify {
                d.trust.anchors_der().filter_map(|a| core::Certificate::from_der(a).ok()).collect()
            } else {
                Vec::new()
            };
            let mut n = 0;
            for c in &crls {
                if verify {
                    let crl = crate::x509::crl::Crl::from_der(c)?;
                    if crl.verify(&cas.iter().collect::<Vec<_>>(), 0, now) != 0 {
                        return Err(Error::new(GNUTLS_E_CRL_VERIFICATION_ERROR));
                    }
                }
                d.trust.add_crl_der(c).map_err(Error::new)?;
                n += 1;
            }
            Ok(n)
        })?
    }

    /// `gnutls_certificate_set_x509_simple_pkcs12_mem`: the MAC checked when there is a
    /// password, then the key, its chain and the first CRL of the file loaded.
    /// The answer is `add_own`'s (the pair's index under GNUTLS_CERTIFICATE_API_V2).
    pub fn add_pkcs12(&self, data: &[u8], format: gnutls_x509_crt_fmt_t, password: Option<&[u8]>) -> Result<i32, Error> {
        let mut p12 = crate::pkcs12::gnutls_pkcs12_int::default();
        p12.import(data, pem(format)?)?;
        if password.is_some() {
            p12.verify_mac(password)?;
        }
        let parsed = p12.simple_parse(password, true, 0)?;
        let chain = parsed.chain.iter().map(|c| c.der().to_vec()).collect();
        let index = self.add_own_der(chain, parsed.key.tls_der()?)?;
        if let Some(crl) = parsed.crl {
            self.add_crls(&crl, GNUTLS_X509_FMT_DER)?;
        }
        Ok(index)
    }

    /// Adds a certificate chain and its key; `password` opens a protected PKCS#8 key.
    pub fn set_own(&self, cert: &[u8], key: &[u8], format: gnutls_x509_crt_fmt_t, password: Option<&[u8]>) -> Result<i32, Error> {
        let pem = pem(format)?;
        let chain = core::der_or_pem_certificates(cert, pem).map_err(Error::new)?;
        let key = self.load_key(key, pem, password)?;
        self.add_own(chain, key)
    }

    /// `gnutls_certificate_set_rawpk_key_mem`: a raw public key (SubjectPublicKeyInfo, PEM
    /// "PUBLIC KEY" or DER) with its private key, and the names it is for. The private key
    /// is read first, as GnuTLS reads it.
    pub fn set_rawpk(&self, spki: &[u8], key: &[u8], format: gnutls_x509_crt_fmt_t, password: Option<&[u8]>, names: Vec<String>) -> Result<i32, Error> {
        let pem = pem(format)?;
        let key = self.load_key(key, pem, password)?;
        let spki = crate::keys::formats::decode_spki(spki, pem)?;
        self.add_raw_key(spki, TlsKey::Der(key), names)
    }

    /// A private key in PEM or DER; an encrypted one given no password is opened with the
    /// one the program's PIN function gives, as GnuTLS does.
    fn load_key(&self, key: &[u8], pem: bool, password: Option<&[u8]>) -> Result<rustls_pki_types::PrivateKeyDer<'static>, Error> {
        match core::load_private_key_with_password(key, pem, password) {
            // As GnuTLS does, an encrypted key given no password is opened with the one the
            // program's PIN function gives.
            Err(GNUTLS_E_DECRYPTION_FAILED) if password.is_none() => {
                let pin = self.data.read().ok().and_then(|d| d.pin.clone()).and_then(|ask| ask());
                let Some(pin) = pin else { return Err(Error::new(GNUTLS_E_DECRYPTION_FAILED)) };
                core::load_private_key_with_password(key, pem, Some(&pin))
            }
            loaded => loaded,
        }
        .map_err(Error::new)
    }

    /// Adds a certificate chain (leaf first) and its key; the key's DER is wiped here.
    /// GnuTLS's answer is 0, or the pair's index under GNUTLS_CERTIFICATE_API_V2.
    // divergence: a pair refused for a key mismatch is not kept; GnuTLS keeps it (and its
    // index), so later indices are one lower here after such a refusal.
    pub fn add_own(&self, chain: Vec<Vec<u8>>, key: rustls_pki_types::PrivateKeyDer<'static>) -> Result<i32, Error> {
        self.add_own_named(chain, TlsKey::Der(key), Vec::new())
    }

    /// Like `add_own`; a client's server name must be one of `names` for the chain to be
    /// chosen by name (GnuTLS compares them exactly), unless there are none.
    pub fn add_own_named(&self, chain: Vec<Vec<u8>>, key: TlsKey, names: Vec<String>) -> Result<i32, Error> {
        let flags = self.flags();
        // The leaf is parsed once: for the key check, for choosing by name and by issuer later.
        let leaf = chain.first().and_then(|c| core::Certificate::from_der(c).ok());
        let key_der = kept_key_der(&key, leaf.as_ref().map(|c| c.spki_der()).as_deref(), flags)?;
        let rest = chain.iter().skip(1).filter_map(|c| core::Certificate::from_der(c).ok());
        let issuers = leaf.iter().cloned().chain(rest).map(|c| c.issuer_raw()).collect();
        let certified = certified_key(chain, key, flags & GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH != 0)?;
        self.push_own(OwnKey { key: Arc::new(certified), raw: false, leaf, issuers, names, key_der, ocsp: Vec::new() }, flags)
    }

    /// Adds a raw public key (SubjectPublicKeyInfo DER) and its private key, which must be
    /// its pair (GNUTLS_E_CERTIFICATE_KEY_MISMATCH) unless the program said not to compare.
    pub fn add_raw_key(&self, spki: Vec<u8>, key: TlsKey, names: Vec<String>) -> Result<i32, Error> {
        let flags = self.flags();
        let key_der = kept_key_der(&key, Some(&spki), flags)?;
        let certified = raw_certified_key(spki, key, flags & GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH != 0)?;
        self.push_own(OwnKey { key: Arc::new(certified), raw: true, leaf: None, issuers: Vec::new(), names, key_der, ocsp: Vec::new() }, flags)
    }

    /// GnuTLS's answer is 0, or the pair's index under GNUTLS_CERTIFICATE_API_V2.
    fn push_own(&self, own: OwnKey, flags: u32) -> Result<i32, Error> {
        let index = self.change(|d| {
            d.own.push(own);
            d.own.len() as i32 - 1
        })?;
        Ok(if flags & GNUTLS_CERTIFICATE_API_V2 != 0 { index } else { 0 })
    }

    /// Whether the credentials hold a key of ours of this kind (raw public key or X.509).
    pub fn has_own(&self, raw: bool) -> bool {
        self.data.read().is_ok_and(|d| d.own.iter().any(|k| k.raw == raw))
    }

    pub fn flags(&self) -> u32 {
        self.data.read().map_or(0, |d| d.flags)
    }

    /// `gnutls_certificate_set_flags`.
    pub fn set_flags(&self, flags: u32) {
        let _ = self.change(|d| d.flags = flags);
    }

    pub fn set_pin(&self, pin: PinSource) {
        let _ = self.change(|d| d.pin = Some(pin));
    }

    /// The `index`th private key of ours, DER as it was given.
    pub fn own_key_der(&self, index: usize) -> Result<Zeroizing<Vec<u8>>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        Ok(data.own.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?.key_der.clone())
    }

    /// The `index`th key of ours with its chain, as added (the certificates stay where
    /// they are while the credentials keep that key).
    pub fn own_key(&self, index: usize) -> Result<Arc<CertifiedKey>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        Ok(data.own.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?.key.clone())
    }

    /// The `index`th chain of ours (leaf first), as added.
    pub fn own_chain(&self, index: usize) -> Result<Vec<Vec<u8>>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let own = data.own.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        Ok(own.key.cert.iter().map(|c| c.to_vec()).collect())
    }

    /// Adds a certificate chain (leaf first) and its key as PKCS#8, PKCS#1 or SEC1 DER.
    pub fn add_own_der(&self, chain: Vec<Vec<u8>>, key: &[u8]) -> Result<i32, Error> {
        let key = rustls_pki_types::PrivateKeyDer::try_from(key.to_vec()).map_err(|_| Error::INVALID_REQUEST)?;
        self.add_own(chain, key)
    }

    pub fn set_verify_flags(&self, flags: u32) {
        let _ = self.change(|d| d.verify_flags = flags);
    }

    pub fn verify_flags(&self) -> u32 {
        self.data.read().map_or(0, |d| d.verify_flags)
    }

    /// `gnutls_certificate_set_verify_limits`.
    // divergence: max_bits is accepted and not enforced (GnuTLS 3.7.9 stores it and no
    // longer reads it either).
    pub fn set_verify_limits(&self, max_depth: u32) {
        let _ = self.change(|d| d.verify_depth = max_depth);
    }

    /// `gnutls_certificate_free_keys`: no more certificates of ours.
    pub fn free_keys(&self) {
        let _ = self.change(|d| d.own.clear());
    }

    /// `gnutls_certificate_free_ca_names`: the certificate request names no CA.
    pub fn free_ca_names(&self) {
        let _ = self.change(|d| d.name_cas = false);
    }

    /// `gnutls_certificate_set_ocsp_status_request_mem`: the responses of `data` (every
    /// "OCSP RESPONSE" block of PEM, or one DER response), each kept for the certificate of
    /// chain `index` it is about; the count. The end-entity certificate's response is
    /// stapled.
    // divergence: rustls staples the end-entity certificate's response only; those of the
    // other certificates are kept (`gnutls_certificate_get_ocsp_expiration`) but not sent.
    pub fn set_ocsp_responses(&self, data: &[u8], index: usize, pem: bool) -> Result<usize, Error> {
        if !pem {
            return self.add_ocsp_response(data, index).map(|()| 1);
        }
        const BEGIN: &[u8] = b"-----BEGIN OCSP RESPONSE";
        let mut at = crate::x509::pem::find(data, BEGIN).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let mut count = 0;
        loop {
            let der = crate::x509::pem::decode(Some("OCSP RESPONSE"), &data[at..])?;
            self.add_ocsp_response(&der, index)?;
            count += 1;
            match crate::x509::pem::find(&data[at + 1..], BEGIN) {
                Some(next) => at += 1 + next,
                None => return Ok(count),
            }
        }
    }

    /// One DER response for chain `index` (GnuTLS's `append_response`): kept for the first
    /// certificate without one that it is about, else for any it is about; a revoked or
    /// superseded response is GNUTLS_E_EXPIRED, one about none of them
    /// GNUTLS_E_OCSP_MISMATCH_WITH_CERTS. With GNUTLS_CERTIFICATE_SKIP_OCSP_RESPONSE_CHECK
    /// it is the end-entity certificate's, unchecked.
    fn add_ocsp_response(&self, der: &[u8], index: usize) -> Result<(), Error> {
        let now = crate::global::now();
        let mut resp = crate::ocsp::gnutls_ocsp_resp_int::default();
        self.change(|d| {
            let skip_check = d.flags & GNUTLS_CERTIFICATE_SKIP_OCSP_RESPONSE_CHECK != 0;
            let own = d.own.get_mut(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            let slots = own.key.cert.len().min(8);
            own.ocsp.resize(slots, None);
            let position = if skip_check {
                let exptime = if resp.import(der, false).is_ok() { resp.validity(now).max(0) } else { 0 };
                Some((0, exptime))
            } else {
                resp.import(der, false)?;
                let mut found = None;
                'retry: for any in [false, true] {
                    for i in 0..slots {
                        if (!any && own.ocsp[i].is_some()) || core::Certificate::from_der(&own.key.cert[i]).map_or(true, |c| resp.check_crt(0, &c).is_err()) {
                            continue;
                        }
                        found = Some(i);
                        break 'retry;
                    }
                }
                let i = found.ok_or(Error::new(GNUTLS_E_OCSP_MISMATCH_WITH_CERTS))?;
                match resp.validity(now) {
                    -1 => return Err(Error::new(GNUTLS_E_EXPIRED)),
                    // Too old to be of use: ignored, as GnuTLS ignores it.
                    -2 => None,
                    t => Some((i, t)),
                }
            };
            if let Some((i, exptime)) = position {
                if let Some(slot) = own.ocsp.get_mut(i) {
                    *slot = Some((der.to_vec(), exptime));
                }
                if i == 0 {
                    let mut stapled = (*own.key).clone();
                    stapled.ocsp = Some(der.to_vec());
                    own.key = Arc::new(stapled);
                }
            }
            Ok(())
        })?
    }

    /// `gnutls_certificate_get_ocsp_expiration`: until when the response for certificate
    /// `oidx` of chain `index` may be used (-1 for none, -2 for no such certificate); for
    /// `oidx` -1 the earliest of them.
    pub fn ocsp_expiration(&self, index: usize, oidx: i32) -> i64 {
        let Ok(d) = self.data.read() else { return -2 };
        let Some(own) = d.own.get(index) else { return -2 };
        let slots = own.key.cert.len().min(8);
        let exptime = |j: usize| own.ocsp.get(j).and_then(|s| s.as_ref()).map_or(0, |s| s.1);
        if oidx == -1 {
            return (0..slots).map(exptime).fold(0, |min, t| if min <= 0 { t } else if t > 0 && min >= t { t } else { min });
        }
        match usize::try_from(oidx) {
            Ok(j) if j < slots => match own.ocsp.get(j).and_then(|s| s.as_ref()) {
                Some(s) => s.1,
                None => -1,
            },
            _ => -2,
        }
    }

    /// How many certificate chains of ours there are.
    pub fn own_count(&self) -> usize {
        self.data.read().map_or(0, |d| d.own.len())
    }

    /// The status bits of a peer chain under these credentials, for this host if given.
    pub fn chain_status(&self, chain: &[Vec<u8>], hostname: Option<&str>, extra_flags: u32) -> u32 {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let Ok(data) = self.data.read() else { return GNUTLS_CERT_INVALID };
        // GnuTLS checks no key purpose in verify_peers or set_verify_cert unless asked to.
        core::verify_chain(chain, &data.trust, hostname, now, Purpose::Any, data.verify_flags | extra_flags)
    }

    /// The certificate a client presents when the server asks, as GnuTLS chooses it: its
    /// only one if the server named no CA (or `force`), else the first, by the server's
    /// order of CA names, with a certificate in its chain issued under that name and a key
    /// for one of the server's signature schemes; none if nothing matches. A raw public
    /// key is sent whatever the names.
    pub fn client_key(&self, raw: bool, ca_names: &[&[u8]], schemes: &[SignatureScheme], force: bool) -> Option<Arc<CertifiedKey>> {
        let data = self.data.read().ok()?;
        let mut ours = data.own.iter().filter(|k| k.raw == raw);
        if raw {
            return Some(ours.next()?.key.clone());
        }
        let ours: Vec<&OwnKey> = ours.collect();
        if let [only] = ours[..] {
            if ca_names.is_empty() || force {
                return Some(only.key.clone());
            }
        }
        ca_names.iter().find_map(|name| {
            ours.iter().find_map(|k| {
                let named = k.issuers.iter().any(|i| i.as_slice() == *name);
                (named && k.key.key.choose_scheme(schemes).is_some()).then(|| k.key.clone())
            })
        })
    }

    /// Picks among our certificates: one whose names match the client's SNI, with a key
    /// the client can verify; else the first usable one, as GnuTLS falls back.
    /// With the chain's index.
    /// `allow_misuse`: %DEBUG_ALLOW_KEY_USAGE_VIOLATIONS, a certificate whose key usage
    /// forbids signing is chosen all the same.
    pub fn select_key(
        &self,
        server_name: Option<&str>,
        schemes: &[SignatureScheme],
        raw: bool,
        allow_misuse: bool,
    ) -> Option<(usize, Arc<CertifiedKey>)> {
        let data = self.data.read().ok()?;
        let usable: Vec<(usize, &OwnKey)> = data
            .own
            .iter()
            .enumerate()
            .filter(|(_, k)| k.raw == raw && k.key.key.choose_scheme(schemes).is_some())
            .filter(|(_, k)| allow_misuse || k.leaf.as_ref().map_or(true, core::may_sign_handshakes))
            .collect();
        // With one candidate the name changes nothing: the certificate is not parsed again.
        let (index, own) = if usable.len() == 1 {
            usable[0]
        } else {
            let by_name = server_name.and_then(|n| usable.iter().find(|(_, k)| k.matches(n)));
            *by_name.or(usable.first())?
        };
        Some((index, own.stapled_key()))
    }

    /// The chains `select_key` may pick before the client's signature schemes are known:
    /// those for the name, else all (for the program's OCSP functions).
    pub fn candidate_key_indexes(&self, server_name: Option<&str>) -> Vec<usize> {
        let Ok(data) = self.data.read() else { return Vec::new() };
        let named: Vec<usize> = match server_name {
            Some(n) => data.own.iter().enumerate().filter(|(_, k)| k.matches(n)).map(|(i, _)| i).collect(),
            None => Vec::new(),
        };
        if named.is_empty() { (0..data.own.len()).collect() } else { named }
    }

    /// The trusted certificate (DER) that issued `cert`, if the credentials hold one.
    pub fn issuer_of(&self, cert: &[u8]) -> Result<Vec<u8>, Error> {
        let subject = core::Certificate::from_der(cert).map_err(Error::new)?;
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let found = data
            .trust
            .anchors_der()
            .find(|der| core::Certificate::from_der(der).is_ok_and(|a| subject.check_issuer(&a)))
            .map(<[u8]>::to_vec);
        found.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// Keeps an object handed out until the credentials are freed.
    pub fn keep(&self, object: Box<dyn std::any::Any + Send>) -> Result<(), Error> {
        self.kept.lock().map_err(|_| Error::INTERNAL)?.push(object);
        Ok(())
    }

    /// The rustls configuration for sessions with this priority and ALPN list.
    pub fn client_config(
        &self,
        priority: &Priority,
        alpn: &[Vec<u8>],
        tls12_tickets: bool,
        types: CertTypes,
        callbacks: &ClientCallbacks,
    ) -> Result<Arc<ClientConfig>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let options = tls12_tickets as u32 | (types.client_raw() as u32) << 1 | (types.server_raw() as u32) << 2;
        let key = ConfigKey { priority: priority.id, generation: data.generation, alpn: alpn.to_vec(), options };
        cached(&self.configs, key, || {
        let verifier = if types.server_raw() { &callbacks.raw_verifier } else { &callbacks.verifier };
        let builder = ClientConfig::builder_with_provider(Arc::new(priority.provider()?))
            .with_protocol_versions(&versions_for(priority, types))
            .map_err(|_| Error::NO_PRIORITIES)?
            .dangerous()
            .with_custom_certificate_verifier(verifier.clone());
        let resolver = if types.client_raw() { &callbacks.raw_certificate } else { &callbacks.certificate };
        let mut config = builder.with_client_cert_resolver(resolver.clone());
        config.alpn_protocols = alpn.to_vec();
        config.key_log = callbacks.key_log.clone();
        // A GnuTLS client resumes only what the program hands to gnutls_session_set_data;
        // the store serves exactly that (see resumption.rs).
        config.resumption = Resumption::store(callbacks.store.clone()).tls12_resumption(if tls12_tickets {
            Tls12Resumption::SessionIdOrTickets
        } else {
            Tls12Resumption::SessionIdOnly
        });
        Ok(config)
        })
    }

    /// The rustls configuration for server sessions with these settings. `request` is
    /// GnuTLS's client-certificate request mode; `tls13_tickets` how many tickets to send;
    /// `name_cas` whether the request names our CAs (`gnutls_certificate_send_x509_rdn_sequence`).
    pub fn server_config(
        &self,
        priority: &Priority,
        alpn: &[Vec<u8>],
        request: u32,
        tls13_tickets: usize,
        name_cas: bool,
        types: CertTypes,
        callbacks: &ServerCallbacks,
    ) -> Result<Arc<ServerConfig>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let options = request
            | (tls13_tickets as u32) << 8
            | (name_cas as u32) << 16
            | (types.client_raw() as u32) << 17
            | (types.server_raw() as u32) << 18;
        let key = ConfigKey { priority: priority.id, generation: data.generation, alpn: alpn.to_vec(), options };
        cached(&self.server_configs, key, || {
            // GnuTLS names the CAs it trusts in its certificate request, unless told not to.
            let hints = data
                .trust
                .anchors_der()
                .filter(|_| data.name_cas && name_cas)
                .filter_map(|der| core::Certificate::from_der(der).ok())
                .map(|c| DistinguishedName::from(c.subject_raw()))
                .collect();
            let resolver = if types.server_raw() { &callbacks.raw_certificate } else { &callbacks.certificate };
            let mut config = ServerConfig::builder_with_provider(Arc::new(priority.provider()?))
                .with_protocol_versions(&versions_for(priority, types))
                .map_err(|_| Error::NO_PRIORITIES)?
                .with_client_cert_verifier((callbacks.client_verifier)(request, hints, types.client_raw()))
                .with_cert_resolver(resolver.clone());
            config.alpn_protocols = alpn.to_vec();
            config.ignore_client_order = priority.spec.server_precedence;
            config.session_storage = callbacks.cache.clone();
            config.ticketer = callbacks.tickets.clone();
            config.send_tls13_tickets = tls13_tickets;
            config.key_log = callbacks.key_log.clone();
            Ok(config)
        })
    }
}

/// The priority's protocol versions; TLS 1.3 alone when a side presents a raw public key
/// (rustls does them under TLS 1.3 only; see `cert_types`).
fn versions_for(priority: &Priority, types: CertTypes) -> Vec<&'static rustls::SupportedProtocolVersion> {
    let mut versions = priority.versions();
    if types.needs_tls13() {
        versions.retain(|v| v.version == rustls::ProtocolVersion::TLSv1_3);
    }
    versions
}

/// A certificate chain (leaf first) with its signing key; the key's DER is wiped here.
/// A key that is known not to be the certificate's is refused unless `skip_match`.
/// A key of the program's own signs through its functions; rustls cannot compare it with
/// the certificate, so it is taken as the certificate's (GnuTLS does not compare either).
pub fn certified_key(chain: Vec<Vec<u8>>, key: TlsKey, skip_match: bool) -> Result<CertifiedKey, Error> {
    let chain: Vec<CertificateDer<'static>> = chain.into_iter().map(CertificateDer::from).collect();
    let signer = match key {
        TlsKey::Der(mut der) => {
            let signer = if chain.is_empty() { Ok(None) } else { crate::provider::signing_key(&der).map(Some) };
            zeroize::Zeroize::zeroize(&mut der);
            signer.map_err(|_| Error::new(GNUTLS_E_UNIMPLEMENTED_FEATURE))?
        }
        TlsKey::External(key) => {
            let spki = chain.first().and_then(|c| core::Certificate::from_der(c).ok()).map(|c| c.spki_der());
            Some(external_signer(key, spki.as_deref()))
        }
    };
    let Some(signer) = signer.filter(|_| !chain.is_empty()) else {
        return Err(Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND));
    };
    let certified = CertifiedKey::new(chain, signer);
    // A key whose public half rustls cannot derive is taken on trust, as GnuTLS does
    // for keys it cannot compare; a known mismatch is refused unless the program said
    // not to compare (GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH).
    if let Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) = certified.keys_match() {
        if !skip_match {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_KEY_MISMATCH));
        }
    }
    Ok(certified)
}

/// A raw public key (SubjectPublicKeyInfo DER) with its signing key; the key's DER is
/// wiped here. A key whose public half is known not to be `spki` is refused unless
/// `skip_match` (GnuTLS compares them the same way).
pub fn raw_certified_key(spki: Vec<u8>, key: TlsKey, skip_match: bool) -> Result<CertifiedKey, Error> {
    let signer = match key {
        TlsKey::Der(mut der) => {
            let signer = crate::provider::signing_key(&der);
            zeroize::Zeroize::zeroize(&mut der);
            signer.map_err(|_| Error::new(GNUTLS_E_UNIMPLEMENTED_FEATURE))?
        }
        TlsKey::External(key) => external_signer(key, Some(&spki)),
    };
    let matches = signer.public_key().is_none_or(|public| public.as_ref() == spki.as_slice());
    if !matches && !skip_match {
        return Err(Error::new(GNUTLS_E_CERTIFICATE_KEY_MISMATCH));
    }
    Ok(CertifiedKey::new(vec![CertificateDer::from(spki)], signer))
}

/// The rustls key for the program's own key; `spki`, its certificate's public key, fixes
/// the curve of TLS 1.3's ECDSA schemes.
fn external_signer(key: Arc<crate::keys::external::ExternalKey>, spki: Option<&[u8]>) -> Arc<dyn rustls::sign::SigningKey> {
    let leaf = spki.and_then(|s| crate::keys::PublicKey::from_spki(s).ok()).map(|k| k.kind());
    Arc::new(crate::keys::external::ExternalSigningKey { key, leaf })
}

/// The key's DER kept for `gnutls_certificate_get_x509_key` (none for the program's own
/// key). rustls cannot compare the program's key with its public key, so, unless told not
/// to, the key is asked to sign a test message, as GnuTLS does.
fn kept_key_der(key: &TlsKey, spki: Option<&[u8]>, flags: u32) -> Result<Zeroizing<Vec<u8>>, Error> {
    match key {
        TlsKey::Der(der) => Ok(Zeroizing::new(der.secret_der().to_vec())),
        TlsKey::External(ext) => {
            if flags & GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH == 0 {
                let public = spki.map(crate::keys::PublicKey::from_spki);
                if !matches!(public, Some(Ok(p)) if ext.matches(&p)) {
                    return Err(Error::new(GNUTLS_E_CERTIFICATE_KEY_MISMATCH));
                }
            }
            Ok(Zeroizing::new(Vec::new()))
        }
    }
}

/// Reads a file named by the caller; key files are wiped from memory after use.
pub fn read_file(path: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    std::fs::read(path).map(Zeroizing::new).map_err(|_| Error::FILE_ERROR)
}

/// PSK keys are given raw or in hex.
pub fn check_psk_key_flags(flags: u32) -> Result<(), Error> {
    match flags {
        GNUTLS_PSK_KEY_RAW | GNUTLS_PSK_KEY_HEX => Ok(()),
        _ => Err(Error::INVALID_REQUEST),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::private::PrivateKey;
    use crate::keys::Kind;

    fn key() -> PrivateKey {
        PrivateKey::generate(Kind::Ed25519, 256).unwrap_or_else(|e| panic!("generate: {}", e.code()))
    }

    fn der(k: &PrivateKey) -> rustls_pki_types::PrivateKeyDer<'static> {
        rustls_pki_types::PrivateKeyDer::try_from(k.pkcs8_der().to_vec()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn raw_keys_are_kept_apart_from_certificates() {
        let (ours, other) = (key(), key());
        let spki = ours.public_key().map(|p| p.spki_der().to_vec()).unwrap_or_default();
        let creds = CertificateCredentials::new();
        let refused = creds.add_raw_key(spki.clone(), TlsKey::Der(der(&other)), Vec::new());
        assert_eq!(refused.err().map(|e| e.code()), Some(GNUTLS_E_CERTIFICATE_KEY_MISMATCH));
        assert!(!creds.has_own(true));
        assert_eq!(creds.add_raw_key(spki.clone(), TlsKey::Der(der(&ours)), Vec::new()).ok(), Some(0));
        assert!(creds.has_own(true) && !creds.has_own(false));
        // A raw key is a client's key only when raw keys were negotiated.
        assert!(creds.client_key(false, &[], &[], false).is_none());
        assert_eq!(creds.client_key(true, &[], &[], false).map(|k| k.cert[0].to_vec()), Some(spki));
        assert!(creds.select_key(None, &[SignatureScheme::ED25519], false, false).is_none());
        assert!(creds.select_key(None, &[SignatureScheme::ED25519], true, false).is_some());
    }
}
