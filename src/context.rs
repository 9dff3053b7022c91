//! The session whose records rustls is processing, as seen by the callbacks rustls makes
//! while doing so: the certificate verifier, the client-certificate resolver and the
//! session store. They are shared by every connection (rustls resumes a session only
//! under the very same verifier and resolver objects), so they find the session here.

use std::cell::{Cell, RefCell};

use crate::credentials::CertificateCredentials;
use crate::resumption::ResumeState;
use crate::session::VerifyRequest;

pub struct SessionContext<'a> {
    pub creds: Option<&'a CertificateCredentials>,
    pub verify: Option<&'a VerifyRequest>,
    pub resume: &'a ResumeState,
    pub stapled_ocsp: &'a RefCell<Option<Vec<u8>>>,
    pub master_secret: &'a RefCell<zeroize::Zeroizing<Vec<u8>>>,
    /// TLS 1.3's exporter master secret, for `gnutls_prf_rfc5705`.
    pub exporter_secret: &'a RefCell<zeroize::Zeroizing<Vec<u8>>>,
    /// Set for server sessions.
    pub server: Option<&'a crate::server::ServerState>,
    /// The certificate we presented, if we were asked for one.
    pub our_certificate: &'a RefCell<Vec<u8>>,
    /// The peer's status when the handshake verified it (`gnutls_session_set_verify_cert`).
    pub verify_status: &'a Cell<Option<u32>>,
}

/// rustls's key log, used only to learn TLS 1.2's master secret (for
/// `gnutls_session_get_master_secret` and exporters) and TLS 1.3's exporter secret;
/// nothing is written anywhere.
#[derive(Debug)]
pub struct MasterSecret;

impl rustls::KeyLog for MasterSecret {
    fn log(&self, label: &str, _client_random: &[u8], secret: &[u8]) {
        SessionContext::with(|ctx| {
            let slot = if label == "CLIENT_RANDOM" { ctx.master_secret } else { ctx.exporter_secret };
            *slot.borrow_mut() = zeroize::Zeroizing::new(secret.to_vec());
        });
    }

    fn will_log(&self, label: &str) -> bool {
        label == "CLIENT_RANDOM" || label == "EXPORTER_SECRET"
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
}
