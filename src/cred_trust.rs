//! Trust lists given to certificate credentials (`gnutls_certificate_set_trust_list`,
//! `gnutls_certificate_get_trust_list`).
//!
//! In GnuTLS the credentials' trust list is where their CAs and CRLs live. Here credentials
//! keep their own trust store (`credentials.rs`), which the handshake's verifier reads; a
//! list given to credentials is registered here, its CAs and CRLs replace that store's, and
//! every later change to the list is applied to the store as well ([`apply`]). What the list
//! adds to verification beyond its CAs and CRLs (named certificates, the black list) is
//! applied by `verify.rs` through [`list_of`].
//!
//! The credentials own the list, as in GnuTLS: the program's handle of it is kept here and
//! freed once the credentials are gone (noticed at the next registration or look-up).

use std::any::Any;
use std::sync::{Arc, Mutex, Weak};

use crate::credentials::CertificateCredentials;
use crate::errors::Error;
use crate::x509::trust_list::{Delta, TrustList};

struct Entry {
    creds: Weak<CertificateCredentials>,
    list: Arc<Mutex<TrustList>>,
    /// The program's handle of the list, which the credentials own.
    owner: Box<dyn Any + Send + Sync>,
}

static ENTRIES: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

fn same(creds: &Weak<CertificateCredentials>, other: &CertificateCredentials) -> bool {
    std::ptr::eq(creds.as_ptr(), other)
}

/// Takes out the entries whose credentials are gone (or that `drop_also` names), so that
/// they are freed after the registry's lock is released.
fn take_dead(entries: &mut Vec<Entry>, drop_also: impl Fn(&Entry) -> bool) -> Vec<Entry> {
    let (dead, live): (Vec<Entry>, Vec<Entry>) =
        std::mem::take(entries).into_iter().partition(|e| e.creds.strong_count() == 0 || drop_also(e));
    *entries = live;
    dead
}

/// Gives `list` to `creds`, which then own `owner` (the program's handle of it). With
/// `replace_store`, the credentials' trust store becomes the list's CAs and CRLs (GnuTLS
/// frees the credentials' previous list); a list the credentials had is freed.
pub fn attach(
    creds: &Arc<CertificateCredentials>,
    list: Arc<Mutex<TrustList>>,
    owner: Box<dyn Any + Send + Sync>,
    replace_store: bool,
) -> Result<(), Error> {
    if replace_store {
        let store = list.lock().map_err(|_| Error::INTERNAL)?.to_store();
        creds.data.write().map_err(|_| Error::INTERNAL)?.trust = store;
        // Adding nothing marks the credentials changed, so no configuration built from the
        // old store is reused.
        creds.add_trust(Vec::new())?;
    }
    let dead = {
        let mut entries = ENTRIES.lock().map_err(|_| Error::INTERNAL)?;
        let dead = take_dead(&mut entries, |e| same(&e.creds, creds));
        entries.push(Entry { creds: Arc::downgrade(creds), list, owner });
        dead
    };
    drop(dead);
    Ok(())
}

/// The list given to these credentials, if any.
pub fn list_of(creds: &CertificateCredentials) -> Option<Arc<Mutex<TrustList>>> {
    let dead;
    let found = {
        let mut entries = ENTRIES.lock().ok()?;
        dead = take_dead(&mut entries, |_| false);
        entries.iter().find(|e| same(&e.creds, creds)).map(|e| e.list.clone())
    };
    drop(dead);
    found
}

/// Calls `f` with the handle of the list given to these credentials, if any.
pub fn with_owner<R>(creds: &CertificateCredentials, f: impl FnOnce(&(dyn Any + Send + Sync)) -> R) -> Option<R> {
    let entries = ENTRIES.lock().ok()?;
    entries.iter().find(|e| same(&e.creds, creds)).map(|e| f(&*e.owner))
}

/// Whether some credentials own this handle (a program must then not free it).
pub fn is_owned(handle: *const ()) -> bool {
    ENTRIES
        .lock()
        .map(|entries| entries.iter().any(|e| std::ptr::eq(&*e.owner as *const (dyn Any + Send + Sync) as *const (), handle)))
        .unwrap_or(false)
}

/// Applies a change of a list to the trust store of the credentials it belongs to.
pub fn apply(creds: &Weak<CertificateCredentials>, delta: &Delta) -> Result<(), Error> {
    let Some(creds) = creds.upgrade() else { return Ok(()) };
    if delta == &Delta::default() {
        return Ok(());
    }
    delta.apply(&mut creds.data.write().map_err(|_| Error::INTERNAL)?.trust);
    creds.add_trust(Vec::new())?;
    Ok(())
}
