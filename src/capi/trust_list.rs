//! Trust lists (GnuTLS manual: "Verifying X.509 certificate paths", `gnutls_x509_trust_list_*`),
//! over `x509::trust_list`.
//!
//! A list owns the certificate and CRL objects a program gives it (`add_cas`, `add_crls`,
//! `add_named_crt`), as GnuTLS's does: `gnutls_x509_trust_list_deinit(list, 1)` frees them,
//! `deinit(list, 0)` leaves them to the program, and an object a list replaces or removes is
//! freed. A list given to credentials (`gnutls_certificate_set_trust_list`) belongs to them and
//! passes every change on to their trust store.

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, Weak};

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::ctypes::{gnutls_typed_vdata_st, gnutls_verify_output_function};
use super::types::*;
use super::{borrow, borrow_ref, bytes_arg, datum_arg, free_handle, new_handle, opt_str_arg, str_arg};
use crate::constants::*;
use crate::credentials::{read_file, CertificateCredentials};
use crate::errors::Error;
use crate::x509::core::Certificate;
use crate::x509::trust_list::{self, Added, CrlAdded, Delta, TrustList, VerifyData};

/// Where Debian's GnuTLS finds the system's trusted CAs (`--with-default-trust-store-file`).
const SYSTEM_TRUST_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The object behind `gnutls_x509_trust_list_t`: the list, the program's objects it owns,
/// and the credentials it passes its changes on to.
pub struct gnutls_x509_trust_list_st {
    list: Arc<Mutex<TrustList>>,
    owned: Mutex<Owned>,
    creds: Mutex<Option<Weak<CertificateCredentials>>>,
    ptr: AtomicPtr<c_void>,
}
pub type gnutls_x509_trust_list_t = *mut gnutls_x509_trust_list_st;

/// The object behind `gnutls_x509_trust_list_iter_t`: the position of the next CA.
pub struct gnutls_x509_trust_list_iter {
    pos: trust_list::Position,
}
pub type gnutls_x509_trust_list_iter_t = *mut gnutls_x509_trust_list_iter;

/// Certificate and CRL objects a list owns, each with the DER it holds.
struct Owned {
    /// Given by the program (`add_cas`): freed by `deinit(list, 1)`.
    cas: Vec<(Vec<u8>, gnutls_x509_crt_t)>,
    /// Made here for `get_issuer` without `GNUTLS_TL_GET_COPY`: always freed with the list.
    issuers: Vec<(Vec<u8>, gnutls_x509_crt_t)>,
    named: Vec<gnutls_x509_crt_t>,
    crls: Vec<(Vec<u8>, gnutls_x509_crl_t)>,
    /// Whether the program's objects go with the list (`deinit`'s `all`).
    free_all: bool,
}

// SAFETY: the objects are the list's own (the program gave them up, as GnuTLS requires);
// they are only freed, never shared, and the list is used from one thread at a time for
// changes, as in GnuTLS.
unsafe impl Send for Owned {}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: each pointer came from the program or from Box::into_raw, and is held once.
        unsafe {
            for (_, c) in self.issuers.drain(..) {
                free_handle(c);
            }
            if self.free_all {
                for (_, c) in self.cas.drain(..) {
                    free_handle(c);
                }
                for c in self.named.drain(..) {
                    free_handle(c);
                }
                for (_, c) in self.crls.drain(..) {
                    free_handle(c);
                }
            }
        }
    }
}

impl Owned {
    /// Frees the object that held `der` (one of them), unless it is `keep`.
    unsafe fn free_ca(&mut self, der: &[u8], keep: &[gnutls_x509_crt_t]) {
        for table in [&mut self.cas, &mut self.issuers] {
            if let Some(i) = table.iter().position(|(d, _)| d == der) {
                let (_, c) = table.remove(i);
                if !keep.contains(&c) {
                    free_handle(c);
                }
                return;
            }
        }
    }

    fn holds(&self, c: gnutls_x509_crt_t) -> bool {
        self.cas.iter().chain(&self.issuers).any(|(_, h)| *h == c) || self.named.contains(&c)
    }
}

impl gnutls_x509_trust_list_st {
    fn new(size: usize) -> Self {
        gnutls_x509_trust_list_st {
            list: Arc::new(Mutex::new(TrustList::new(size))),
            owned: Mutex::new(Owned { cas: Vec::new(), issuers: Vec::new(), named: Vec::new(), crls: Vec::new(), free_all: true }),
            creds: Mutex::new(None),
            ptr: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Changes the list; the change is passed on to the credentials the list belongs to.
    fn change<R>(&self, f: impl FnOnce(&mut TrustList, &mut Owned, &mut Delta) -> R) -> Result<R, Error> {
        let mut delta = Delta::default();
        let r = {
            let mut list = self.list.lock().map_err(|_| Error::INTERNAL)?;
            let mut owned = self.owned.lock().map_err(|_| Error::INTERNAL)?;
            f(&mut list, &mut owned, &mut delta)
        };
        if let Some(creds) = self.creds.lock().map_err(|_| Error::INTERNAL)?.as_ref() {
            crate::cred_trust::apply(creds, &delta)?;
        }
        Ok(r)
    }

    fn read<R>(&self, f: impl FnOnce(&mut TrustList) -> R) -> Result<R, Error> {
        Ok(f(&mut *self.list.lock().map_err(|_| Error::INTERNAL)?))
    }

    /// A list holding these credentials' CAs and CRLs, which passes its changes on to them.
    pub fn from_credentials(creds: &Arc<CertificateCredentials>) -> Result<Self, Error> {
        let l = Self::new(0);
        {
            let data = creds.data.read().map_err(|_| Error::INTERNAL)?;
            let mut list = l.list.lock().map_err(|_| Error::INTERNAL)?;
            let mut ignored = Delta::default();
            let cas = data.trust.anchors_der().filter_map(|d| Certificate::from_der(d).ok()).collect();
            list.add_cas(cas, 0, &mut ignored);
            let crls = data.trust.crls_der().filter_map(|d| trust_list::Crl::from_der(d).ok()).collect();
            let _ = list.add_crls(crls, 0, 0, trust_list::now(), &mut ignored);
        }
        l.follow(creds)?;
        Ok(l)
    }

    /// Passes later changes on to these credentials.
    pub fn follow(&self, creds: &Arc<CertificateCredentials>) -> Result<(), Error> {
        *self.creds.lock().map_err(|_| Error::INTERNAL)? = Some(Arc::downgrade(creds));
        Ok(())
    }

    pub fn shared_list(&self) -> Arc<Mutex<TrustList>> {
        self.list.clone()
    }
}

unsafe fn tl<'a>(p: gnutls_x509_trust_list_t) -> Result<&'a gnutls_x509_trust_list_st, Error> {
    borrow_ref(p)
}

/// The certificate behind a handle.
unsafe fn crt<'a>(p: gnutls_x509_crt_t) -> Result<&'a Certificate, Error> {
    borrow(p)?.certificate()
}

/// The handles of a C array (none for a NULL array of size 0).
unsafe fn handles<'a, T>(list: *const *mut T, n: c_uint) -> Result<&'a [*mut T], Error> {
    if n == 0 {
        return Ok(&[]);
    }
    if list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(std::slice::from_raw_parts(list, n as usize))
}

/// A file named by the caller; PKCS #11 URLs name tokens, which are not offered.
fn read_named_file(path: &str) -> Result<Vec<u8>, Error> {
    if path.len() >= 7 && path[..7].eq_ignore_ascii_case("pkcs11:") {
        return Err(Error::UNIMPLEMENTED);
    }
    Ok(read_file(path)?.to_vec())
}

/// The typed data of `verify_crt2`, as GnuTLS reads it: strings up to their NUL (a DNS
/// name's own size, when given, for named certificates), an IP address's bytes.
pub unsafe fn typed_data(data: *const gnutls_typed_vdata_st, elements: c_uint) -> Result<VerifyData, Error> {
    if elements > 0 && data.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    let mut items = Vec::new();
    for i in 0..elements as usize {
        let d = &*data.add(i);
        let value = if d.data.is_null() {
            None
        } else if d.r#type == GNUTLS_DT_IP_ADDRESS || (d.r#type == GNUTLS_DT_DNS_HOSTNAME && d.size > 0) {
            Some(std::slice::from_raw_parts(d.data, d.size as usize).to_vec())
        } else {
            Some(std::ffi::CStr::from_ptr(d.data as *const c_char).to_bytes().to_vec())
        };
        items.push((d.r#type, value));
    }
    let mut v = VerifyData::from_items(&items)?;
    // The name checked against the certificate is the string up to its NUL; the size only
    // says how much of it names a named certificate.
    if let (Some(h), Some(i)) = (&mut v.hostname, items.iter().position(|(t, _)| *t == GNUTLS_DT_DNS_HOSTNAME)) {
        let d = &*data.add(i);
        if !d.data.is_null() {
            *h = std::ffi::CStr::from_ptr(d.data as *const c_char).to_string_lossy().into_owned();
        }
    }
    Ok(v)
}

/// A fresh copy of a certificate for the caller, who frees it.
fn copy_for_caller(cert: &Certificate) -> Result<gnutls_x509_crt_t, Error> {
    super::x509::handle_for(cert.der())
}

/// GnuTLS reads certificate lists as PEM unless told DER (`gnutls_x509_crt_list_import2`).
fn pem(format: gnutls_x509_crt_fmt_t) -> Result<bool, Error> {
    Ok(format != GNUTLS_X509_FMT_DER)
}

/// The time GnuTLS verifies at.
fn now() -> i64 {
    trust_list::now()
}

/// A copy (for the caller to free) of the CA with this subject DN and/or subject key id.
unsafe fn issuer_by(
    list: gnutls_x509_trust_list_t,
    dn: *const gnutls_datum_t,
    key_id: *const gnutls_datum_t,
    issuer: *mut gnutls_x509_crt_t,
) -> Result<(), Error> {
    let l = tl(list)?;
    let out = borrow(issuer)?;
    let dn = if dn.is_null() { None } else { Some(datum_arg(dn)?) };
    let id = if key_id.is_null() { None } else { Some(datum_arg(key_id)?) };
    let found = l.read(|list| list.issuer_by(dn, id).cloned())?.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    *out = copy_for_caller(&found)?;
    Ok(())
}

entry! {
    /// A new, empty list with `size` hash buckets (0: GnuTLS's default, 127).
    pub fn gnutls_x509_trust_list_init(list: *mut gnutls_x509_trust_list_t, size: c_uint) -> c_int {
        new_handle(list, gnutls_x509_trust_list_st::new(size as usize))
    }

    /// Frees the list; with `all` non-zero also the certificates and CRLs given to it.
    pub fn gnutls_x509_trust_list_deinit(list: gnutls_x509_trust_list_t, all: c_uint) {
        if list.is_null() {
            return Ok(());
        }
        // divergence: a list that belongs to credentials is freed with them; GnuTLS frees it
        // twice (a crash) when the program frees it too.
        if crate::cred_trust::is_owned(list as *const ()) {
            return Ok(());
        }
        if let Ok(mut owned) = (*list).owned.lock() {
            owned.free_all = all != 0;
        }
        free_handle(list);
        Ok(())
    }

    /// Adds CAs, which the list then owns; returns how many (duplicates included).
    pub fn gnutls_x509_trust_list_add_cas(
        list: gnutls_x509_trust_list_t,
        clist: *const gnutls_x509_crt_t,
        clist_size: c_uint,
        flags: c_uint,
    ) -> c_int {
        let l = tl(list)?;
        let given = handles(clist, clist_size)?;
        let certs = given.iter().map(|&c| crt(c).cloned()).collect::<Result<Vec<_>, _>>()?;
        l.change(|list, owned, delta| {
            let outcome = list.add_cas(certs, flags, delta);
            for (&c, added) in given.iter().zip(&outcome) {
                if let Added::Replaced(old) = added {
                    // SAFETY: the list owned the replaced object (GnuTLS frees it).
                    unsafe { owned.free_ca(old, given) };
                }
                if !owned.holds(c) {
                    owned.cas.push((crt(c).map(|x| x.der().to_vec()).unwrap_or_default(), c));
                }
            }
            outcome.len() as c_int
        })
    }

    /// Adds CRLs, which the list then owns; returns how many were taken.
    pub fn gnutls_x509_trust_list_add_crls(
        list: gnutls_x509_trust_list_t,
        crl_list: *const gnutls_x509_crl_t,
        crl_size: c_uint,
        flags: c_uint,
        verification_flags: c_uint,
    ) -> c_int {
        let l = tl(list)?;
        if crl_size == 0 || crl_list.is_null() {
            return Ok(0);
        }
        let given = handles(crl_list, crl_size)?;
        let crls = given.iter().map(|&c| Ok(borrow(c)?.crl()?.clone())).collect::<Result<Vec<_>, Error>>()?;
        l.change(|list, owned, delta| {
            let (outcome, failure) = match list.add_crls(crls, flags, verification_flags, now(), delta) {
                Ok(o) => (o, None),
                Err((e, o)) => (o, Some(e)),
            };
            let no_duplicates = flags & GNUTLS_TL_NO_DUPLICATES != 0;
            for (&c, added) in given.iter().zip(&outcome) {
                match added {
                    CrlAdded::Replaced(old) => {
                        if let Some(i) = owned.crls.iter().position(|(d, h)| d == old && *h != c) {
                            let (_, h) = owned.crls.remove(i);
                            // SAFETY: the list owned the replaced CRL (GnuTLS frees it).
                            unsafe { free_handle(h) };
                        }
                    }
                    // GnuTLS frees an older CRL it does not keep (only under
                    // GNUTLS_TL_NO_DUPLICATES), and one that did not verify under that flag.
                    CrlAdded::Dropped | CrlAdded::Rejected => {
                        if (no_duplicates || *added == CrlAdded::Dropped) && !owned.crls.iter().any(|(_, h)| *h == c) {
                            // SAFETY: the program gave the CRL up to the list.
                            unsafe { free_handle(c) };
                        }
                        continue;
                    }
                    CrlAdded::New => {}
                }
                if !owned.crls.iter().any(|(_, h)| *h == c) {
                    let der = borrow(c).ok().and_then(|x| x.crl().ok()).map(|x| x.der().to_vec()).unwrap_or_default();
                    owned.crls.push((der, c));
                }
            }
            match failure {
                Some(e) => Err(e),
                None => Ok(outcome.iter().filter(|a| **a != CrlAdded::Rejected).count() as c_int),
            }
        })?
    }

    /// Trusts `cert` (which the list then owns) only for `name`.
    pub fn gnutls_x509_trust_list_add_named_crt(
        list: gnutls_x509_trust_list_t,
        cert: gnutls_x509_crt_t,
        name: *const c_void,
        name_size: size_t,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        let l = tl(list)?;
        let c = crt(cert)?.clone();
        let name = bytes_arg(name, name_size)?;
        l.change(|list, owned, _| {
            list.add_named(c, name)?;
            if !owned.holds(cert) {
                owned.named.push(cert);
            }
            Ok(())
        })?
    }

    /// Adds the CAs and CRLs of PEM or DER data; returns how many.
    pub fn gnutls_x509_trust_list_add_trust_mem(
        list: gnutls_x509_trust_list_t,
        cas: *const gnutls_datum_t,
        crls: *const gnutls_datum_t,
        type_: gnutls_x509_crt_fmt_t,
        tl_flags: c_uint,
        tl_vflags: c_uint,
    ) -> c_int {
        let l = tl(list)?;
        // GnuTLS reads a datum only when it has data.
        let given = |d: *const gnutls_datum_t| -> Result<Option<&[u8]>, Error> {
            match d.as_ref() {
                Some(x) if !x.data.is_null() => datum_arg(d).map(Some),
                _ => Ok(None),
            }
        };
        let (cas, crls) = (given(cas)?, given(crls)?);
        let pem = pem(type_)?;
        let n = l.change(|list, _, delta| list.add_trust_mem(cas, crls, pem, tl_flags, tl_vflags, now(), delta))??;
        Ok(n as c_int)
    }

    /// Adds the CAs of `ca_file` and the CRLs of `crl_file` (either may be NULL).
    pub fn gnutls_x509_trust_list_add_trust_file(
        list: gnutls_x509_trust_list_t,
        ca_file: *const c_char,
        crl_file: *const c_char,
        type_: gnutls_x509_crt_fmt_t,
        tl_flags: c_uint,
        tl_vflags: c_uint,
    ) -> c_int {
        add_trust_file(tl(list)?, opt_str_arg(ca_file)?, opt_str_arg(crl_file)?, type_, tl_flags, tl_vflags)
    }

    /// Adds every file of `ca_dir` (CAs) and `crl_dir` (CRLs); files that do not load are
    /// skipped. Returns how many were added.
    pub fn gnutls_x509_trust_list_add_trust_dir(
        list: gnutls_x509_trust_list_t,
        ca_dir: *const c_char,
        crl_dir: *const c_char,
        type_: gnutls_x509_crt_fmt_t,
        tl_flags: c_uint,
        tl_vflags: c_uint,
    ) -> c_int {
        let l = tl(list)?;
        let mut total = 0;
        for (dir, crl) in [(opt_str_arg(ca_dir)?, false), (opt_str_arg(crl_dir)?, true)] {
            let Some(dir) = dir else { continue };
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                // GnuTLS takes regular files, links and entries of unknown type.
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let path = format!("{dir}/{}", entry.file_name().to_string_lossy());
                let (ca, cr) = if crl { (None, Some(path.as_str())) } else { (Some(path.as_str()), None) };
                if let Ok(n) = add_trust_file(l, ca, cr, type_, tl_flags, tl_vflags) {
                    total += n;
                }
            }
        }
        Ok(total)
    }

    /// Adds the system's trusted CAs (`/etc/ssl/certs/ca-certificates.crt`); returns how
    /// many (0 when the file cannot be read, as GnuTLS).
    pub fn gnutls_x509_trust_list_add_system_trust(list: gnutls_x509_trust_list_t, tl_flags: c_uint, tl_vflags: c_uint) -> c_int {
        let l = tl(list)?;
        let n = add_trust_file(l, Some(SYSTEM_TRUST_FILE), None, GNUTLS_X509_FMT_PEM, tl_flags | GNUTLS_TL_NO_DUPLICATES, tl_vflags);
        Ok(n.unwrap_or(0).max(0))
    }

    /// Removes CAs (the program keeps its objects) and distrusts them from now on, even
    /// when they were not in the list; returns how many were in it.
    pub fn gnutls_x509_trust_list_remove_cas(list: gnutls_x509_trust_list_t, clist: *const gnutls_x509_crt_t, clist_size: c_uint) -> c_int {
        let l = tl(list)?;
        let given = handles(clist, clist_size)?;
        let certs = given.iter().map(|&c| crt(c).cloned()).collect::<Result<Vec<_>, _>>()?;
        l.change(|list, owned, delta| remove(list, owned, &certs, given, delta))
    }

    pub fn gnutls_x509_trust_list_remove_trust_mem(list: gnutls_x509_trust_list_t, cas: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t) -> c_int {
        let l = tl(list)?;
        match cas.as_ref() {
            Some(d) if !d.data.is_null() => remove_trust_mem(l, datum_arg(cas)?, type_),
            _ => Ok(0),
        }
    }

    pub fn gnutls_x509_trust_list_remove_trust_file(list: gnutls_x509_trust_list_t, ca_file: *const c_char, type_: gnutls_x509_crt_fmt_t) -> c_int {
        let l = tl(list)?;
        let data = read_named_file(str_arg(ca_file)?)?;
        remove_trust_mem(l, &data, type_)
    }

    /// The CA that issued `cert`: the list's own object (not to be freed), or with
    /// `GNUTLS_TL_GET_COPY` a copy for the caller to free.
    pub fn gnutls_x509_trust_list_get_issuer(
        list: gnutls_x509_trust_list_t,
        cert: gnutls_x509_crt_t,
        issuer: *mut gnutls_x509_crt_t,
        flags: c_uint,
    ) -> c_int {
        let l = tl(list)?;
        let c = crt(cert)?;
        let out = borrow(issuer)?;
        let found = l.read(|list| list.issuer_of(c).cloned())?.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if flags & GNUTLS_TL_GET_COPY != 0 {
            *out = copy_for_caller(&found)?;
            return Ok(());
        }
        let mut owned = l.owned.lock().map_err(|_| Error::INTERNAL)?;
        let existing = owned.cas.iter().chain(&owned.issuers).find(|(d, _)| d == found.der()).map(|(_, h)| *h);
        *out = match existing {
            Some(h) => h,
            None => {
                let h = copy_for_caller(&found)?;
                owned.issuers.push((found.der().to_vec(), h));
                h
            }
        };
        Ok(())
    }

    /// A copy (for the caller to free) of the CA with this subject DN (DER).
    pub fn gnutls_x509_trust_list_get_issuer_by_dn(
        list: gnutls_x509_trust_list_t,
        dn: *const gnutls_datum_t,
        issuer: *mut gnutls_x509_crt_t,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        issuer_by(list, dn, std::ptr::null(), issuer)
    }

    /// A copy of the CA with this subject DN (if given) and subject key identifier.
    pub fn gnutls_x509_trust_list_get_issuer_by_subject_key_id(
        list: gnutls_x509_trust_list_t,
        dn: *const gnutls_datum_t,
        spki: *const gnutls_datum_t,
        issuer: *mut gnutls_x509_crt_t,
        flags: c_uint,
    ) -> c_int {
        let _ = flags;
        issuer_by(list, dn, spki, issuer)
    }

    /// The next CA (a copy for the caller to free); past the last one
    /// `GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE`, with the iterator freed and reset to NULL.
    pub fn gnutls_x509_trust_list_iter_get_ca(
        list: gnutls_x509_trust_list_t,
        iter: *mut gnutls_x509_trust_list_iter_t,
        crt: *mut gnutls_x509_crt_t,
    ) -> c_int {
        let l = tl(list)?;
        let it = borrow(iter)?;
        let out = borrow(crt)?;
        let (cert, next) = l.read(|list| {
            let pos = if it.is_null() { list.next_position((0, 0)) } else { Some((**it).pos) };
            match pos.and_then(|p| list.at(p).cloned().map(|c| (p, c))) {
                Some((p, c)) => (Some(c), list.next_position((p.0, p.1 + 1)).unwrap_or((usize::MAX, 0))),
                None => (None, (usize::MAX, 0)),
            }
        })?;
        let Some(cert) = cert else {
            free_handle(*it);
            *it = std::ptr::null_mut();
            *out = std::ptr::null_mut();
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        };
        *out = copy_for_caller(&cert)?;
        if it.is_null() {
            *it = Box::into_raw(Box::new(gnutls_x509_trust_list_iter { pos: next }));
        } else {
            (**it).pos = next;
        }
        Ok(())
    }

    pub fn gnutls_x509_trust_list_iter_deinit(iter: gnutls_x509_trust_list_iter_t) {
        free_handle(iter);
        Ok(())
    }

    /// Verifies a chain (end certificate first); the status goes to `*voutput`.
    pub fn gnutls_x509_trust_list_verify_crt(
        list: gnutls_x509_trust_list_t,
        cert_list: *mut gnutls_x509_crt_t,
        cert_list_size: c_uint,
        flags: c_uint,
        verify: *mut c_uint,
        func: *mut gnutls_verify_output_function,
    ) -> c_int {
        verify_crt2(list, cert_list, cert_list_size, std::ptr::null(), 0, flags, verify, func)
    }

    /// Verifies a chain with typed data: `GNUTLS_DT_DNS_HOSTNAME`, `GNUTLS_DT_IP_ADDRESS`,
    /// `GNUTLS_DT_RFC822NAME` (at most one of these) and `GNUTLS_DT_KEY_PURPOSE_OID`.
    /// `func`, if given, is told of each check (see `trust_list::verified_links`).
    pub fn gnutls_x509_trust_list_verify_crt2(
        list: gnutls_x509_trust_list_t,
        cert_list: *mut gnutls_x509_crt_t,
        cert_list_size: c_uint,
        data: *mut gnutls_typed_vdata_st,
        elements: c_uint,
        flags: c_uint,
        voutput: *mut c_uint,
        func: *mut gnutls_verify_output_function,
    ) -> c_int {
        verify_crt2(list, cert_list, cert_list_size, data, elements, flags, voutput, func)
    }

    /// 0 in `*verify` when `cert` was added under `name` (and is not revoked).
    pub fn gnutls_x509_trust_list_verify_named_crt(
        list: gnutls_x509_trust_list_t,
        cert: gnutls_x509_crt_t,
        name: *const c_void,
        name_size: size_t,
        flags: c_uint,
        verify: *mut c_uint,
        func: *mut gnutls_verify_output_function,
    ) -> c_int {
        let _ = func;
        let l = tl(list)?;
        let c = crt(cert)?;
        let name = bytes_arg(name, name_size)?;
        let out = borrow(verify)?;
        *out = l.read(|list| list.verify_named(c, name, flags))?;
        Ok(())
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_trust_list_set_ptr(tlist: gnutls_x509_trust_list_t, ptr: *mut c_void) {
        tl(tlist)?.ptr.store(ptr, Ordering::Relaxed);
        Ok(())
    }

    #[node(GNUTLS_3_7_0)]
    pub fn gnutls_x509_trust_list_get_ptr(tlist: gnutls_x509_trust_list_t) -> *mut c_void {
        Ok(tl(tlist)?.ptr.load(Ordering::Relaxed))
    }
}

unsafe fn verify_crt2(
    list: gnutls_x509_trust_list_t,
    cert_list: *const gnutls_x509_crt_t,
    cert_list_size: c_uint,
    data: *const gnutls_typed_vdata_st,
    elements: c_uint,
    flags: c_uint,
    voutput: *mut c_uint,
    func: *mut gnutls_verify_output_function,
) -> Result<(), Error> {
    let l = tl(list)?;
    if cert_list.is_null() || cert_list_size < 1 {
        return Err(Error::INVALID_REQUEST);
    }
    let chain = handles(cert_list, cert_list_size)?.iter().map(|&c| crt(c).cloned()).collect::<Result<Vec<_>, _>>()?;
    let vdata = typed_data(data, elements)?;
    let out = borrow(voutput)?;
    // SAFETY: C hands us a `gnutls_verify_output_function` (or NULL), a function pointer.
    let func = (!func.is_null()).then(|| std::mem::transmute::<_, super::verify::VerifyOutputFn>(func));
    let mut links = Vec::new();
    let want = func.is_some().then_some(&mut links);
    // The list is not held while the program's function runs: it may use the list.
    *out = l.read(|list| list.verify_reporting(&chain, &vdata, flags, now(), want))??;
    match func {
        Some(func) => super::verify::report_links(func, &links),
        None => Ok(()),
    }
}

fn add_trust_file(
    l: &gnutls_x509_trust_list_st,
    ca_file: Option<&str>,
    crl_file: Option<&str>,
    type_: gnutls_x509_crt_fmt_t,
    tl_flags: c_uint,
    tl_vflags: c_uint,
) -> Result<c_int, Error> {
    let cas = ca_file.map(read_named_file).transpose()?;
    let crls = crl_file.map(|f| Ok::<_, Error>(read_file(f)?.to_vec())).transpose()?;
    let pem = pem(type_)?;
    let n = l.change(|list, _, delta| list.add_trust_mem(cas.as_deref(), crls.as_deref(), pem, tl_flags, tl_vflags, now(), delta))??;
    Ok(n as c_int)
}

fn remove_trust_mem(l: &gnutls_x509_trust_list_st, cas: &[u8], type_: gnutls_x509_crt_fmt_t) -> Result<c_int, Error> {
    let pem = pem(type_)?;
    let certs = crate::x509::certificates_in(cas, pem)?
        .iter()
        .map(|d| Certificate::from_der(d).map_err(Error::new))
        .collect::<Result<Vec<_>, _>>()?;
    l.change(|list, owned, delta| remove(list, owned, &certs, &[], delta))
}

/// Removes certificates; the objects the list held for them are freed (GnuTLS does), except
/// the program's own arguments.
fn remove(list: &mut TrustList, owned: &mut Owned, certs: &[Certificate], keep: &[gnutls_x509_crt_t], delta: &mut Delta) -> c_int {
    let removed = list.remove_cas(certs, delta);
    for der in &removed {
        // SAFETY: the list owned these objects.
        unsafe { owned.free_ca(der, keep) };
    }
    removed.len() as c_int
}

/// Runs `f` on the list behind a handle (for other chapters that verify against a list).
pub(crate) unsafe fn with_list<R>(list: gnutls_x509_trust_list_t, f: impl FnOnce(&mut TrustList) -> R) -> Result<R, Error> {
    tl(list)?.read(f)
}
