//! Certificate credentials: trust anchors, CRLs, our own certificate and key, and the
//! rustls client configurations built from them, shared by every session that uses them.

use std::sync::{Arc, Mutex, RwLock};

use libc::{c_char, c_int, c_uint};
use once_cell::sync::Lazy;
use rustls::client::{ResolvesClientCert, Resumption, Tls12Resumption};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, DistinguishedName, ServerConfig};
use rustls_pki_types::CertificateDer;
use zeroize::Zeroizing;

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{borrow, borrow_shared, code, free_handle, guard, new_handle, str_arg, value};
use crate::priority::Priority;
use crate::types::*;
use crate::context::SessionContext;
use crate::resumption::STORE;
use crate::server::{ClientCertRequest, SELECTOR, SESSION_CACHE, TICKETS};
use crate::verify::VERIFIER;
use crate::x509::core::{self, TrustStore};
use crate::x509::pem;

/// Where Debian's GnuTLS finds the system's trusted CAs (`--with-default-trust-store-file`).
const SYSTEM_TRUST_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// How many rustls configurations one credentials object keeps (one per distinct
/// priority and ALPN list in use; programs use one or two).
const CONFIG_CACHE_SIZE: usize = 8;

pub struct CredentialData {
    pub trust: TrustStore,
    pub verify_flags: c_uint,
    /// Our certificate chains and signing keys, in the order they were added (the keys'
    /// DER is wiped once loaded).
    pub own: Vec<OwnKey>,
    /// Bumped on every change, so cached configurations built before it are not reused.
    generation: u64,
}

/// One certificate chain with its key, and the names its leaf certificate is valid for.
pub struct OwnKey {
    pub key: Arc<CertifiedKey>,
    leaf: Option<core::Certificate>,
}

impl OwnKey {
    pub fn matches(&self, server_name: &str) -> bool {
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

/// The one client-certificate resolver every configuration uses (rustls resumes a session
/// only under the same resolver object); it answers with the current session's key.
#[derive(Debug)]
pub struct OwnCertificate;

pub static CLIENT_CERTIFICATE: Lazy<Arc<OwnCertificate>> = Lazy::new(|| Arc::new(OwnCertificate));

impl ResolvesClientCert for OwnCertificate {
    fn resolve(&self, _: &[&[u8]], _: &[rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        SessionContext::with(|ctx| {
            let key = ctx.creds.and_then(|c| Some(c.data.read().ok()?.own.first()?.key.clone()))?;
            *ctx.our_certificate.borrow_mut() = key.cert.first().map(|c| c.to_vec()).unwrap_or_default();
            Some(key)
        })
        .flatten()
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// The object behind `gnutls_certificate_credentials_t`.
pub struct gnutls_certificate_credentials_st {
    pub data: RwLock<CredentialData>,
    configs: Mutex<Vec<(ConfigKey, Arc<ClientConfig>)>>,
    /// Issuer certificates handed out by `gnutls_certificate_get_issuer`, which stay
    /// valid as long as the credentials.
    issuers: Mutex<Vec<Box<crate::x509::gnutls_x509_crt_int>>>,
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
            data: RwLock::new(CredentialData { trust: TrustStore::new(), verify_flags: 0, own: Vec::new(), generation: 0 }),
            configs: Mutex::new(Vec::new()),
            issuers: Mutex::new(Vec::new()),
            server_configs: Mutex::new(Vec::new()),
        }
    }

    fn change<R>(&self, f: impl FnOnce(&mut CredentialData) -> R) -> Result<R, Error> {
        let mut d = self.data.write().map_err(|_| Error::INTERNAL)?;
        d.generation += 1;
        Ok(f(&mut d))
    }

    /// Adds CA certificates; returns how many were added, as GnuTLS does.
    pub fn add_trust(&self, certs: Vec<Vec<u8>>) -> Result<c_int, Error> {
        self.change(|d| certs.iter().filter(|c| d.trust.add_ca_der(c).is_ok()).count() as c_int)
    }

    pub fn add_trust_bytes(&self, bytes: &[u8], format: gnutls_x509_crt_fmt_t) -> Result<c_int, Error> {
        let certs = core::der_or_pem_certificates(bytes, pem(format)?).map_err(Error::new)?;
        self.add_trust(certs)
    }

    pub fn add_crls(&self, bytes: &[u8], format: gnutls_x509_crt_fmt_t) -> Result<c_int, Error> {
        let crls = core::crls_from(bytes, pem(format)?).map_err(Error::new)?;
        self.change(|d| {
            let mut n = 0;
            for c in &crls {
                d.trust.add_crl_der(c).map_err(Error::new)?;
                n += 1;
            }
            Ok(n)
        })?
    }

    /// Adds a certificate chain and its key; `password` opens a protected PKCS#8 key.
    pub fn set_own(&self, cert: &[u8], key: &[u8], format: gnutls_x509_crt_fmt_t, password: Option<&[u8]>) -> Result<(), Error> {
        let pem = pem(format)?;
        let chain = core::der_or_pem_certificates(cert, pem).map_err(Error::new)?;
        let key = core::load_private_key_with_password(key, pem, password).map_err(Error::new)?;
        self.add_own(chain, key)
    }

    /// Adds a certificate chain (leaf first) and its key; the key's DER is wiped here.
    pub fn add_own(&self, chain: Vec<Vec<u8>>, mut key: rustls_pki_types::PrivateKeyDer<'static>) -> Result<(), Error> {
        let chain: Vec<CertificateDer<'static>> = chain.into_iter().map(CertificateDer::from).collect();
        if chain.is_empty() {
            zeroize::Zeroize::zeroize(&mut key);
            return Err(Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND));
        }
        let signer = rustls::crypto::ring::sign::any_supported_type(&key);
        zeroize::Zeroize::zeroize(&mut key);
        let certified = CertifiedKey::new(chain, signer.map_err(|_| Error::new(GNUTLS_E_UNIMPLEMENTED_FEATURE))?);
        // A key whose public half rustls cannot derive is taken on trust, as GnuTLS does
        // for keys it cannot compare; a known mismatch is refused.
        if let Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) = certified.keys_match() {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_KEY_MISMATCH));
        }
        let leaf = certified.cert.first().and_then(|c| core::Certificate::from_der(c).ok());
        self.change(|d| d.own.push(OwnKey { key: Arc::new(certified), leaf }))
    }

    /// The rustls configuration for sessions with this priority and ALPN list.
    pub fn client_config(&self, priority: &Priority, alpn: &[Vec<u8>], tls12_tickets: bool) -> Result<Arc<ClientConfig>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let key = ConfigKey { priority: priority.id, generation: data.generation, alpn: alpn.to_vec(), options: tls12_tickets as u32 };
        cached(&self.configs, key, || {
        let builder = ClientConfig::builder_with_provider(Arc::new(priority.provider()?))
            .with_protocol_versions(&priority.versions())
            .map_err(|_| Error::NO_PRIORITIES)?
            .dangerous()
            .with_custom_certificate_verifier(VERIFIER.clone());
        let mut config = builder.with_client_cert_resolver(CLIENT_CERTIFICATE.clone());
        config.alpn_protocols = alpn.to_vec();
        config.key_log = Arc::new(crate::context::MasterSecret);
        // A GnuTLS client resumes only what the program hands to gnutls_session_set_data;
        // the store serves exactly that (see resumption.rs).
        config.resumption = Resumption::store(STORE.clone()).tls12_resumption(if tls12_tickets {
            Tls12Resumption::SessionIdOrTickets
        } else {
            Tls12Resumption::SessionIdOnly
        });
        Ok(config)
        })
    }

    /// The rustls configuration for server sessions with these settings. `request` is
    /// GnuTLS's client-certificate request mode; `tls13_tickets` how many tickets to send.
    pub fn server_config(
        &self,
        priority: &Priority,
        alpn: &[Vec<u8>],
        request: c_uint,
        tls13_tickets: usize,
    ) -> Result<Arc<ServerConfig>, Error> {
        let data = self.data.read().map_err(|_| Error::INTERNAL)?;
        let options = request | (tls13_tickets as u32) << 8;
        let key = ConfigKey { priority: priority.id, generation: data.generation, alpn: alpn.to_vec(), options };
        cached(&self.server_configs, key, || {
            // GnuTLS names the CAs it trusts in its certificate request.
            let hints = data
                .trust
                .anchors_der()
                .filter_map(|der| core::Certificate::from_der(der).ok())
                .map(|c| DistinguishedName::from(c.subject_raw()))
                .collect();
            let mut config = ServerConfig::builder_with_provider(Arc::new(priority.provider()?))
                .with_protocol_versions(&priority.versions())
                .map_err(|_| Error::NO_PRIORITIES)?
                .with_client_cert_verifier(Arc::new(ClientCertRequest::new(request, hints)))
                .with_cert_resolver(SELECTOR.clone());
            config.alpn_protocols = alpn.to_vec();
            config.ignore_client_order = priority.spec.server_precedence;
            config.session_storage = SESSION_CACHE.clone();
            config.ticketer = TICKETS.clone();
            config.send_tls13_tickets = tls13_tickets;
            config.key_log = Arc::new(crate::context::MasterSecret);
            Ok(config)
        })
    }
}

/// Reads a file named by the caller; key files are wiped from memory after use.
pub fn read_file(path: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    std::fs::read(path).map(Zeroizing::new).map_err(|_| Error::FILE_ERROR)
}

unsafe fn creds<'a>(p: gnutls_certificate_credentials_t) -> Result<&'a CertificateCredentials, Error> {
    borrow_shared(p as *const CertificateCredentials)
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_allocate_credentials(res: *mut gnutls_certificate_credentials_t) -> c_int {
    guard("gnutls_certificate_allocate_credentials", || {
        code((|| {
            let res = borrow(res)?;
            *res = Arc::into_raw(Arc::new(CertificateCredentials::new())) as gnutls_certificate_credentials_t;
            Ok(())
        })())
    })
}

/// Sessions hold their own reference, so freeing credentials a session still uses is safe
/// (GnuTLS requires the program not to; we do not rely on it).
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_free_credentials(sc: gnutls_certificate_credentials_t) {
    guard("gnutls_certificate_free_credentials", || {
        if !sc.is_null() {
            drop(Arc::from_raw(sc as *const CertificateCredentials));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_file(
    cred: gnutls_certificate_credentials_t,
    cafile: *const c_char,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_trust_file", || {
        value((|| {
            let c = creds(cred)?;
            c.add_trust_bytes(&read_file(str_arg(cafile)?)?, type_)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_mem(
    res: gnutls_certificate_credentials_t,
    ca: *const gnutls_datum_t,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_trust_mem", || {
        value((|| {
            let c = creds(res)?;
            c.add_trust_bytes(gnutls_datum_t::as_slice(ca).ok_or(Error::INVALID_REQUEST)?, type_)
        })())
    })
}

/// Every file of the directory that holds certificates in the given format is loaded;
/// files that do not parse are skipped, as GnuTLS does.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_trust_dir(
    cred: gnutls_certificate_credentials_t,
    ca_dir: *const c_char,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_trust_dir", || {
        value((|| {
            let c = creds(cred)?;
            let dir = std::fs::read_dir(str_arg(ca_dir)?).map_err(|_| Error::FILE_ERROR)?;
            let mut total = 0;
            for entry in dir.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    total += c.add_trust_bytes(&bytes, type_).unwrap_or(0);
                }
            }
            Ok(total)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_system_trust(cred: gnutls_certificate_credentials_t) -> c_int {
    guard("gnutls_certificate_set_x509_system_trust", || {
        value((|| {
            let c = creds(cred)?;
            c.add_trust_bytes(&read_file(SYSTEM_TRUST_FILE)?, GNUTLS_X509_FMT_PEM)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_crl_file(
    res: gnutls_certificate_credentials_t,
    crlfile: *const c_char,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_crl_file", || {
        value((|| {
            let c = creds(res)?;
            c.add_crls(&read_file(str_arg(crlfile)?)?, type_)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_crl_mem(
    res: gnutls_certificate_credentials_t,
    crl: *const gnutls_datum_t,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_crl_mem", || {
        value((|| {
            let c = creds(res)?;
            c.add_crls(gnutls_datum_t::as_slice(crl).ok_or(Error::INVALID_REQUEST)?, type_)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_key_file(
    res: gnutls_certificate_credentials_t,
    certfile: *const c_char,
    keyfile: *const c_char,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_key_file", || {
        code((|| {
            let c = creds(res)?;
            let cert = read_file(str_arg(certfile)?)?;
            let key = read_file(str_arg(keyfile)?)?;
            c.set_own(&cert, &key, type_, None)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_key_mem(
    res: gnutls_certificate_credentials_t,
    cert: *const gnutls_datum_t,
    key: *const gnutls_datum_t,
    type_: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_key_mem", || {
        code((|| {
            let c = creds(res)?;
            let cert = gnutls_datum_t::as_slice(cert).ok_or(Error::INVALID_REQUEST)?;
            let key = gnutls_datum_t::as_slice(key).ok_or(Error::INVALID_REQUEST)?;
            c.set_own(cert, key, type_, None)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_verify_flags(res: gnutls_certificate_credentials_t, flags: c_uint) {
    guard("gnutls_certificate_set_verify_flags", || {
        if let Ok(c) = creds(res) {
            let _ = c.change(|d| d.verify_flags = flags);
        }
    })
}

/// Like `gnutls_certificate_set_x509_key_file`, for a key that may be password-protected
/// (PKCS#8 "ENCRYPTED PRIVATE KEY", as GnuTLS's PKCS#8 decryption takes).
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_key_file2(
    res: gnutls_certificate_credentials_t,
    certfile: *const c_char,
    keyfile: *const c_char,
    type_: gnutls_x509_crt_fmt_t,
    pass: *const c_char,
    flags: c_uint,
) -> c_int {
    guard("gnutls_certificate_set_x509_key_file2", || {
        code((|| {
            let _ = flags;
            let c = creds(res)?;
            let cert = read_file(str_arg(certfile)?)?;
            let key = read_file(str_arg(keyfile)?)?;
            c.set_own(&cert, &key, type_, password(pass))
        })())
    })
}

/// A C password argument; NULL means none.
unsafe fn password<'a>(pass: *const c_char) -> Option<&'a [u8]> {
    (!pass.is_null()).then(|| std::ffi::CStr::from_ptr(pass).to_bytes())
}

// ---- Credential types rustls has no key exchange for ----

/// The object behind `gnutls_srp_client_credentials_t`; none is ever created.
pub struct gnutls_srp_client_credentials_st {
    _private: (),
}
pub type gnutls_srp_client_credentials_t = *mut gnutls_srp_client_credentials_st;

/// rustls has no SRP key exchange.
#[no_mangle]
pub unsafe extern "C" fn gnutls_srp_allocate_client_credentials(sc: *mut gnutls_srp_client_credentials_t) -> c_int {
    guard("gnutls_srp_allocate_client_credentials", || {
        crate::ffi::out(sc, std::ptr::null_mut());
        GNUTLS_E_UNIMPLEMENTED_FEATURE
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_srp_free_client_credentials(sc: gnutls_srp_client_credentials_t) {
    // Nothing is ever allocated, so there is nothing to free.
    guard("gnutls_srp_free_client_credentials", || {
        let _ = sc;
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_srp_set_client_credentials(
    res: gnutls_srp_client_credentials_t,
    username: *const c_char,
    password: *const c_char,
) -> c_int {
    guard("gnutls_srp_set_client_credentials", || {
        let _ = (res, username, password);
        GNUTLS_E_UNIMPLEMENTED_FEATURE
    })
}

/// Anonymous and PSK credentials: programs that merely set them up (qemu does, for its
/// anonymous and PSK modes) keep working, but rustls has no such key exchange, so a
/// handshake that would need them fails as GnuTLS does with no common cipher suite.
pub struct gnutls_anon_client_credentials_st {
    _private: u8,
}
pub type gnutls_anon_client_credentials_t = *mut gnutls_anon_client_credentials_st;
pub struct gnutls_anon_server_credentials_st {
    _private: u8,
}
pub type gnutls_anon_server_credentials_t = *mut gnutls_anon_server_credentials_st;
pub struct gnutls_psk_client_credentials_st {
    _private: u8,
}
pub type gnutls_psk_client_credentials_t = *mut gnutls_psk_client_credentials_st;
pub struct gnutls_psk_server_credentials_st {
    _private: u8,
}
pub type gnutls_psk_server_credentials_t = *mut gnutls_psk_server_credentials_st;

#[no_mangle]
pub unsafe extern "C" fn gnutls_anon_allocate_client_credentials(sc: *mut gnutls_anon_client_credentials_t) -> c_int {
    guard("gnutls_anon_allocate_client_credentials", || new_handle(sc, gnutls_anon_client_credentials_st { _private: 0 }))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_anon_free_client_credentials(sc: gnutls_anon_client_credentials_t) {
    guard("gnutls_anon_free_client_credentials", || free_handle(sc))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_anon_allocate_server_credentials(sc: *mut gnutls_anon_server_credentials_t) -> c_int {
    guard("gnutls_anon_allocate_server_credentials", || new_handle(sc, gnutls_anon_server_credentials_st { _private: 0 }))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_anon_free_server_credentials(sc: gnutls_anon_server_credentials_t) {
    guard("gnutls_anon_free_server_credentials", || free_handle(sc))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_allocate_client_credentials(sc: *mut gnutls_psk_client_credentials_t) -> c_int {
    guard("gnutls_psk_allocate_client_credentials", || new_handle(sc, gnutls_psk_client_credentials_st { _private: 0 }))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_free_client_credentials(sc: gnutls_psk_client_credentials_t) {
    guard("gnutls_psk_free_client_credentials", || free_handle(sc))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_allocate_server_credentials(sc: *mut gnutls_psk_server_credentials_t) -> c_int {
    guard("gnutls_psk_allocate_server_credentials", || new_handle(sc, gnutls_psk_server_credentials_st { _private: 0 }))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_free_server_credentials(sc: gnutls_psk_server_credentials_t) {
    guard("gnutls_psk_free_server_credentials", || free_handle(sc))
}

/// The key is checked and then has no use: no PSK key exchange will run.
#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_set_client_credentials(
    res: gnutls_psk_client_credentials_t,
    username: *const c_char,
    key: *const gnutls_datum_t,
    flags: gnutls_psk_key_flags,
) -> c_int {
    guard("gnutls_psk_set_client_credentials", || {
        code((|| {
            borrow(res)?;
            str_arg(username)?;
            gnutls_datum_t::as_slice(key).ok_or(Error::INVALID_REQUEST)?;
            if flags != GNUTLS_PSK_KEY_RAW && flags != GNUTLS_PSK_KEY_HEX {
                return Err(Error::INVALID_REQUEST);
            }
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_set_server_credentials_file(
    res: gnutls_psk_server_credentials_t,
    password_file: *const c_char,
) -> c_int {
    guard("gnutls_psk_set_server_credentials_file", || {
        code((|| {
            borrow(res)?;
            // GnuTLS reads the file when a client names a user; its absence shows up then.
            str_arg(password_file)?;
            Ok(())
        })())
    })
}

// ---- Diffie-Hellman parameters ----

/// The object behind `gnutls_dh_params_t`. rustls negotiates only the groups of the
/// priority string (ECDHE, and the RFC 7919 FFDHE groups where enabled), as GnuTLS 3.6+
/// does by default, so parameters are accepted and change nothing.
pub struct gnutls_dh_params_int {
    _private: u8,
}
pub type gnutls_dh_params_t = *mut gnutls_dh_params_int;

#[no_mangle]
pub unsafe extern "C" fn gnutls_dh_params_init(dh_params: *mut gnutls_dh_params_t) -> c_int {
    guard("gnutls_dh_params_init", || new_handle(dh_params, gnutls_dh_params_int { _private: 0 }))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_dh_params_deinit(dh_params: gnutls_dh_params_t) {
    guard("gnutls_dh_params_deinit", || free_handle(dh_params))
}

// divergence: no prime is generated (it would never be used); the call returns at once.
#[no_mangle]
pub unsafe extern "C" fn gnutls_dh_params_generate2(dh_params: gnutls_dh_params_t, bits: c_uint) -> c_int {
    guard("gnutls_dh_params_generate2", || {
        code((|| {
            borrow(dh_params)?;
            let _ = bits;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_dh_params_import_pkcs3(
    params: gnutls_dh_params_t,
    pkcs3_params: *const gnutls_datum_t,
    format: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_dh_params_import_pkcs3", || {
        code((|| {
            borrow(params)?;
            let data = gnutls_datum_t::as_slice(pkcs3_params).ok_or(Error::INVALID_REQUEST)?;
            let looks_right = match pem(format)? {
                true => data.windows(25).any(|w| w == b"-----BEGIN DH PARAMETERS-") ,
                false => data.first() == Some(&0x30),
            };
            if !looks_right {
                return Err(Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR));
            }
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_dh_params(res: gnutls_certificate_credentials_t, dh_params: gnutls_dh_params_t) {
    guard("gnutls_certificate_set_dh_params", || {
        let _ = (res, dh_params);
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_anon_set_server_dh_params(res: gnutls_anon_server_credentials_t, dh_params: gnutls_dh_params_t) {
    guard("gnutls_anon_set_server_dh_params", || {
        let _ = (res, dh_params);
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_psk_set_server_dh_params(res: gnutls_psk_server_credentials_t, dh_params: gnutls_dh_params_t) {
    guard("gnutls_psk_set_server_dh_params", || {
        let _ = (res, dh_params);
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_key(
    res: gnutls_certificate_credentials_t,
    cert_list: *mut gnutls_x509_crt_t,
    cert_list_size: c_int,
    key: crate::x509::gnutls_x509_privkey_t,
) -> c_int {
    guard("gnutls_certificate_set_x509_key", || {
        code((|| {
            let c = creds(res)?;
            let n = usize::try_from(cert_list_size).map_err(|_| Error::INVALID_REQUEST)?;
            let chain = crate::x509::chain_of(cert_list, n)?;
            let der = borrow(key)?.der.as_ref().ok_or(Error::INVALID_REQUEST)?;
            let key = rustls_pki_types::PrivateKeyDer::try_from(der.to_vec()).map_err(|_| Error::INVALID_REQUEST)?;
            c.add_own(chain, key)
        })())
    })
}

/// GnuTLS's `GNUTLS_TL_GET_COPY`: the caller gets its own copy to free.
const TL_GET_COPY: c_uint = 1 << 4;

/// The trusted certificate that issued `cert`, if the credentials hold one.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_get_issuer(
    sc: gnutls_certificate_credentials_t,
    cert: gnutls_x509_crt_t,
    issuer: *mut gnutls_x509_crt_t,
    flags: c_uint,
) -> c_int {
    guard("gnutls_certificate_get_issuer", || {
        code((|| {
            let c = creds(sc)?;
            let out = borrow(issuer)?;
            let subject = core::Certificate::from_der(crate::x509::chain_of(&cert, 1)?[0].as_slice()).map_err(Error::new)?;
            let data = c.data.read().map_err(|_| Error::INTERNAL)?;
            let found = data
                .trust
                .anchors_der()
                .find(|der| core::Certificate::from_der(der).is_ok_and(|a| subject.check_issuer(&a)))
                .map(<[u8]>::to_vec);
            drop(data);
            let found = found.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
            let handle = crate::x509::handle_for(&found)?;
            if flags & TL_GET_COPY == 0 {
                c.issuers.lock().map_err(|_| Error::INTERNAL)?.push(Box::from_raw(handle));
            }
            *out = handle;
            Ok(())
        })())
    })
}

/// Staples this OCSP response (DER, as GnuTLS reads the file) to the `idx`th certificate.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_ocsp_status_request_file(
    sc: gnutls_certificate_credentials_t,
    response_file: *const c_char,
    idx: c_uint,
) -> c_int {
    guard("gnutls_certificate_set_ocsp_status_request_file", || {
        code((|| {
            let c = creds(sc)?;
            let response = read_file(str_arg(response_file)?)?.to_vec();
            c.change(|d| {
                let own = d.own.get_mut(idx as usize).ok_or(Error::INVALID_REQUEST)?;
                let mut stapled = (*own.key).clone();
                stapled.ocsp = Some(response);
                own.key = Arc::new(stapled);
                Ok(())
            })?
        })())
    })
}

/// Like `gnutls_certificate_set_x509_key_mem`, for a key that may be password-protected.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_x509_key_mem2(
    res: gnutls_certificate_credentials_t,
    cert: *const gnutls_datum_t,
    key: *const gnutls_datum_t,
    type_: gnutls_x509_crt_fmt_t,
    pass: *const c_char,
    flags: c_uint,
) -> c_int {
    guard("gnutls_certificate_set_x509_key_mem2", || {
        code((|| {
            let _ = flags;
            let c = creds(res)?;
            let cert = gnutls_datum_t::as_slice(cert).ok_or(Error::INVALID_REQUEST)?;
            let key = gnutls_datum_t::as_slice(key).ok_or(Error::INVALID_REQUEST)?;
            c.set_own(cert, key, type_, password(pass))
        })())
    })
}

/// Accepted, as DH parameters are: rustls uses the priority string's groups.
#[no_mangle]
pub unsafe extern "C" fn gnutls_certificate_set_known_dh_params(
    res: gnutls_certificate_credentials_t,
    sec_param: gnutls_sec_param_t,
) -> c_int {
    guard("gnutls_certificate_set_known_dh_params", || {
        code((|| {
            creds(res)?;
            let _ = sec_param;
            Ok(())
        })())
    })
}
