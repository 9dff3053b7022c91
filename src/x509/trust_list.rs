//! Trust lists, the object behind `gnutls_x509_trust_list_t` (GnuTLS manual: "Verifying X.509
//! certificate paths"), as plain Rust.
//!
//! What GnuTLS 3.7.9's `lib/x509/verify-high.c` keeps, kept the same way: trusted CAs in a hash
//! table of `size` buckets by GnuTLS's hash of the subject DN (`hash_pjw_bare`), so iteration
//! and issuer look-ups see them in GnuTLS's order; certificates trusted only under a name
//! (`add_named_crt`); CRLs, checked by serial number under the certificate's issuer name as
//! GnuTLS checks them; and a black list of removed certificates.
//!
//! Chains are verified by [`core::verify_chain`], the one verification core (rustls-webpki
//! underneath); this module adds what GnuTLS's trust list adds around it: the named-certificate
//! shortcut, the black list, key purposes, IP addresses, e-mail names and CRLs, in GnuTLS's
//! order.

use super::core::{self, Certificate, Purpose, TrustStore};
use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's default number of buckets (`DEFAULT_SIZE`).
const DEFAULT_SIZE: usize = 127;
/// GnuTLS refuses names this long for named certificates (`MAX_SERVER_NAME_SIZE`).
const MAX_NAME_SIZE: usize = 256;
const KP_TLS_WWW_SERVER: &str = "1.3.6.1.5.5.7.3.1";
/// Netscape and VeriSign server-gated-crypto purposes, which GnuTLS takes as the TLS server
/// purpose in CA certificates.
const KP_SGC: [&str; 2] = ["2.16.840.1.113730.4.1", "2.16.840.1.113733.1.8.1"];
const OID_PKCS9_EMAIL: &str = "1.2.840.113549.1.9.1";

/// gnulib's `hash_pjw_bare`, which GnuTLS hashes DNs with (64-bit `size_t`).
pub fn hash_pjw_bare(data: &[u8]) -> usize {
    data.iter().fold(0usize, |h, &b| (b as usize).wrapping_add(h.rotate_left(9)))
}

pub use super::crl::Crl;

/// What a change did to the list's CAs and CRLs, for a copy kept elsewhere (the trust
/// store of credentials the list was given to).
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Delta {
    pub cas_added: Vec<Vec<u8>>,
    pub cas_removed: Vec<Vec<u8>>,
    pub crls_added: Vec<Vec<u8>>,
    pub crls_removed: Vec<Vec<u8>>,
}

impl Delta {
    /// Applies the change to a trust store.
    pub fn apply(&self, store: &mut TrustStore) {
        for der in &self.cas_removed {
            store.remove_ca_der(der);
        }
        for der in &self.crls_removed {
            store.remove_crl_der(der);
        }
        for der in &self.cas_added {
            let _ = store.add_ca_der(der);
        }
        for der in &self.crls_added {
            let _ = store.add_crl_der(der);
        }
    }
}

/// What happened to one certificate given to [`TrustList::add_cas`].
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    /// It was added.
    New,
    /// It took the place of an equal certificate (or one with the same name and key), whose
    /// DER this is; GnuTLS frees that one.
    Replaced(Vec<u8>),
}

/// What happened to one CRL given to [`TrustList::add_crls`].
#[derive(Debug, PartialEq, Eq)]
pub enum CrlAdded {
    New,
    /// It took the place of an older CRL of the same issuer (its DER).
    Replaced(Vec<u8>),
    /// It was not kept, being older than the one held (GnuTLS frees it); it counts as added.
    Dropped,
    /// It was not kept: it did not verify (`GNUTLS_TL_VERIFY_CRL`); it does not count.
    Rejected,
}

/// The typed data of `gnutls_x509_trust_list_verify_crt2` (`gnutls_typed_vdata_st`).
#[derive(Default, Debug, Clone)]
pub struct VerifyData {
    pub hostname: Option<String>,
    /// The hostname's bytes as given, for named certificates (the size GnuTLS was given, or
    /// up to the NUL).
    pub hostname_bytes: Option<Vec<u8>>,
    pub ip: Option<Vec<u8>>,
    pub email: Option<String>,
    pub purpose: Option<String>,
}

impl VerifyData {
    /// Only a hostname to check (or nothing), as `gnutls_certificate_verify_peers3` asks.
    pub fn for_host(hostname: Option<&str>) -> VerifyData {
        VerifyData {
            hostname: hostname.map(str::to_owned),
            hostname_bytes: hostname.map(|h| h.as_bytes().to_vec()),
            ..VerifyData::default()
        }
    }

    /// The peer name to check, from a list of (type, bytes) as C gives them: at most one of
    /// a DNS name, an IP address and an e-mail name, else `GNUTLS_E_INVALID_REQUEST`; other
    /// types are ignored, as GnuTLS does.
    /// A NULL datum (`None`) counts as a name given but checks nothing, as in GnuTLS.
    pub fn from_items(items: &[(u32, Option<Vec<u8>>)]) -> Result<VerifyData, Error> {
        let mut d = VerifyData::default();
        let mut named = false;
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        for (kind, value) in items {
            match *kind {
                GNUTLS_DT_DNS_HOSTNAME | GNUTLS_DT_IP_ADDRESS | GNUTLS_DT_RFC822NAME if named => {
                    return Err(Error::INVALID_REQUEST)
                }
                GNUTLS_DT_DNS_HOSTNAME => {
                    named = true;
                    d.hostname = value.as_deref().map(text);
                    d.hostname_bytes = value.clone();
                }
                GNUTLS_DT_IP_ADDRESS => {
                    named = true;
                    // GnuTLS ignores an empty address.
                    d.ip = value.clone().filter(|v| !v.is_empty());
                }
                GNUTLS_DT_RFC822NAME => {
                    named = true;
                    d.email = value.as_deref().map(text);
                }
                GNUTLS_DT_KEY_PURPOSE_OID => d.purpose = value.as_deref().map(text),
                _ => {}
            }
        }
        Ok(d)
    }
}

/// `_gnutls_check_key_purpose`: a certificate without key purposes is good for any; with
/// `no_any` (GnuTLS's rule for CA certificates in a chain) anyExtendedKeyUsage does not count.
pub fn has_purpose(cert: &Certificate, purpose: &str, no_any: bool) -> bool {
    if !no_any {
        return cert.has_key_purpose(purpose);
    }
    let ca = matches!(cert.basic_constraints(), Ok((_, true, _)));
    let mut i = 0;
    loop {
        match cert.key_purpose_oid(i) {
            Ok((oid, _)) => {
                if oid == purpose || (ca && purpose == KP_TLS_WWW_SERVER && KP_SGC.contains(&oid.as_str())) {
                    return true;
                }
                i += 1;
            }
            Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => return i == 0,
            Err(_) => return false,
        }
    }
}

/// `gnutls_x509_crt_check_ip`: an iPAddress subject alternative name with these bytes.
pub fn has_ip(cert: &Certificate, ip: &[u8]) -> bool {
    (0..).map_while(|i| cert.subject_alt_name(i).ok()).any(|(kind, value)| kind == GNUTLS_SAN_IPADDRESS && value == ip)
}

/// `gnutls_x509_crt_check_email`: an rfc822Name alternative name equal to `email` (ASCII case
/// ignored), or, when there is none, the one EMAIL attribute of the subject.
// divergence: GnuTLS maps internationalised addresses to IDNA first; these never match here.
pub fn has_email(cert: &Certificate, email: &str) -> bool {
    let same = |name: &[u8]| !name.contains(&0) && name.iter().all(|b| (0x20..0x7f).contains(b)) && name.eq_ignore_ascii_case(email.as_bytes());
    let mut found_san = false;
    for (kind, value) in (0..).map_while(|i| cert.subject_alt_name(i).ok()) {
        if kind == GNUTLS_SAN_RFC822NAME {
            found_san = true;
            if same(&value) {
                return true;
            }
        }
    }
    if found_san || cert.dn_by_oid(OID_PKCS9_EMAIL, 1).is_ok() {
        return false;
    }
    cert.dn_by_oid(OID_PKCS9_EMAIL, 0).is_ok_and(|v| same(&v))
}

/// Status bits for a peer name and key purpose, checked on the end certificate and (for the
/// purpose) on the chain's CA certificates below the trusted one, as GnuTLS checks them.
pub fn name_and_purpose_status(leaf: &Certificate, cas_below_anchor: &[Certificate], data: &VerifyData) -> u32 {
    let mut status = 0;
    if let Some(p) = &data.purpose {
        if cas_below_anchor.iter().any(|c| !has_purpose(c, p, true)) || !has_purpose(leaf, p, false) {
            status |= GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_INVALID;
        }
    }
    if data.ip.as_ref().is_some_and(|ip| !has_ip(leaf, ip)) || data.email.as_ref().is_some_and(|e| !has_email(leaf, e)) {
        status |= GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID;
    }
    status
}

/// GnuTLS's security parameters (non-FIPS table, `lib/algorithms/secparams.c`): the level,
/// its symmetric bits, and the RSA/DSA and EC key sizes that reach it.
const SEC_PARAMS: &[(u32, u32, u32, u32)] = &[
    (GNUTLS_SEC_PARAM_INSECURE, 0, 0, 0),
    (GNUTLS_SEC_PARAM_EXPORT, 42, 512, 0),
    (GNUTLS_SEC_PARAM_VERY_WEAK, 64, 767, 0),
    (GNUTLS_SEC_PARAM_WEAK, 72, 1008, 160),
    (GNUTLS_SEC_PARAM_LOW, 80, 1024, 160),
    (GNUTLS_SEC_PARAM_LEGACY, 96, 1776, 192),
    (GNUTLS_SEC_PARAM_MEDIUM, 112, 2048, 256),
    (GNUTLS_SEC_PARAM_HIGH, 128, 3072, 256),
    (GNUTLS_SEC_PARAM_ULTRA, 192, 8192, 384),
    (GNUTLS_SEC_PARAM_FUTURE, 256, 15360, 512),
];

/// `gnutls_pk_bits_to_sec_param` for a certificate's key.
fn key_level(cert: &Certificate) -> u32 {
    let (alg, bits) = cert.pk_algorithm();
    if bits == 0 {
        return GNUTLS_SEC_PARAM_UNKNOWN;
    }
    let ec = [GNUTLS_PK_ECDSA, GNUTLS_PK_EDDSA_ED25519, GNUTLS_PK_EDDSA_ED448, GNUTLS_PK_ECDH_X25519, GNUTLS_PK_ECDH_X448]
        .iter()
        .any(|&a| a as i32 == alg);
    let mut level = GNUTLS_SEC_PARAM_INSECURE;
    for &(param, _, pk_bits, ecc_bits) in SEC_PARAMS {
        if (if ec { ecc_bits } else { pk_bits }) > bits {
            break;
        }
        level = param;
    }
    level
}

/// `_gnutls_sign_get_hash_strength`: half the bits of the signature's hash.
fn hash_strength(sign: u32) -> u32 {
    match sign {
        GNUTLS_SIGN_RSA_SHA1 | GNUTLS_SIGN_ECDSA_SHA1 => 80,
        GNUTLS_SIGN_RSA_SHA224 | GNUTLS_SIGN_ECDSA_SHA224 => 112,
        GNUTLS_SIGN_RSA_SHA256 | GNUTLS_SIGN_ECDSA_SHA256 | GNUTLS_SIGN_RSA_PSS_SHA256 | GNUTLS_SIGN_EDDSA_ED25519 => 128,
        GNUTLS_SIGN_RSA_SHA384 | GNUTLS_SIGN_ECDSA_SHA384 => 192,
        GNUTLS_SIGN_RSA_SHA512 | GNUTLS_SIGN_ECDSA_SHA512 | GNUTLS_SIGN_EDDSA_ED448 => 256,
        _ => 0,
    }
}

/// GnuTLS's `check_time_status`, unless the flags turn it off.
fn time_bits(cert: &Certificate, now: i64) -> u32 {
    if now < cert.activation_time() {
        GNUTLS_CERT_NOT_ACTIVATED
    } else if now > cert.expiration_time() {
        GNUTLS_CERT_EXPIRED
    } else {
        0
    }
}

/// The verification profile in GnuTLS's flags (`GNUTLS_PROFILE_TO_VFLAGS`), checked as
/// GnuTLS's `is_level_acceptable` checks it on a working chain, from the trusted CA down:
/// every certificate below the trusted one needs a signature hash and a key, and its issuer
/// a key, of the profile's level; a trusted end certificate only its key. `anchor_of` finds
/// the trusted CA that issued the last certificate.
///
/// GnuTLS stops at the first certificate (from the top) that fails, and reports what it
/// found on that one: `status` (the chain's bits) keeps what concerns the end certificate
/// when that is the one, else only the name and purpose bits, with the failing
/// certificate's (and its issuer's) dates.
// divergence: the Suite B profiles are not offered; they fail every chain
// (GNUTLS_CERT_INSECURE_ALGORITHM), as does an unknown profile.
pub fn apply_profile(
    status: u32,
    path: &[Certificate],
    is_trusted: impl Fn(&Certificate) -> bool,
    anchor_of: impl Fn(&Certificate) -> Option<Certificate>,
    flags: u32,
    now: i64,
) -> u32 {
    let bad = GNUTLS_CERT_INSECURE_ALGORITHM | GNUTLS_CERT_INVALID;
    if flags >> 24 == 0 {
        return status;
    }
    let level = match flags >> 24 {
        GNUTLS_PROFILE_VERY_WEAK => GNUTLS_SEC_PARAM_VERY_WEAK,
        GNUTLS_PROFILE_LOW => GNUTLS_SEC_PARAM_LOW,
        GNUTLS_PROFILE_LEGACY => GNUTLS_SEC_PARAM_LEGACY,
        GNUTLS_PROFILE_MEDIUM => GNUTLS_SEC_PARAM_MEDIUM,
        GNUTLS_PROFILE_HIGH => GNUTLS_SEC_PARAM_HIGH,
        GNUTLS_PROFILE_ULTRA => GNUTLS_SEC_PARAM_ULTRA,
        GNUTLS_PROFILE_FUTURE => GNUTLS_SEC_PARAM_FUTURE,
        _ => return status | bad,
    };
    let sym = SEC_PARAMS.iter().find(|p| p.0 == level).map_or(u32::MAX, |p| p.1);
    let key_ok = |c: &Certificate| key_level(c) >= level;
    let Some(first) = path.first() else { return status | bad };
    let k = path.iter().position(&is_trusted).unwrap_or(path.len());
    if k == 0 {
        return if key_ok(first) { status } else { status | bad };
    }
    for i in (0..k).rev() {
        let cert = &path[i];
        let issuer = if i + 1 < path.len() { Some(path[i + 1].clone()) } else { anchor_of(cert) };
        // Without a known issuer GnuTLS checks the certificate alone.
        let fine = hash_strength(cert.signature_algorithm()) >= sym && key_ok(cert) && issuer.as_ref().is_none_or(key_ok);
        if fine {
            continue;
        }
        if i == 0 {
            return status | bad;
        }
        let mut dates = 0;
        if flags & GNUTLS_VERIFY_DISABLE_TIME_CHECKS == 0 {
            dates |= time_bits(cert, now);
            if flags & GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS == 0 {
                dates |= issuer.as_ref().map_or(0, |c| time_bits(c, now));
            }
        }
        // The top certificate's missing issuer was found by the same check.
        let unknown = if i + 1 == path.len() && issuer.is_none() { GNUTLS_CERT_SIGNER_NOT_FOUND } else { 0 };
        return (status & (GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_PURPOSE_MISMATCH | unknown)) | dates | bad;
    }
    status
}

/// The part of a peer chain GnuTLS works on (`gnutls_x509_trust_list_verify_crt2` before it
/// verifies): the chain sorted from the end certificate up by issuer (`_gnutls_sort_clist`),
/// without a self-signed last certificate, and ending at the first certificate after the
/// end certificate that is itself trusted (`shorten_clist`).
pub fn working_chain(chain: &[Certificate], is_trusted: impl Fn(&Certificate) -> bool) -> Vec<Certificate> {
    let Some(leaf) = chain.first() else { return Vec::new() };
    let mut path = vec![leaf.clone()];
    while path.len() < chain.len() {
        let cur = &path[path.len() - 1];
        if cur.check_issuer(cur) {
            break;
        }
        let next = chain[1..].iter().find(|c| !path.contains(c) && cur.check_issuer(c)).cloned();
        match next {
            Some(n) => path.push(n),
            None => break,
        }
    }
    if path.len() > 1 && path.last().is_some_and(|c| c.check_issuer(c)) {
        path.pop();
    }
    if let Some(i) = (1..path.len()).find(|&i| is_trusted(&path[i])) {
        path.truncate(i + 1);
    }
    path
}

/// One check of a verified chain as GnuTLS reports it to the program's verify output
/// function: a certificate, the issuer it was checked against (none found: None), and the
/// status bits that check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedLink {
    pub cert: Certificate,
    pub issuer: Option<Certificate>,
    pub status: u32,
}

/// The checks GnuTLS reports for a working chain (`working_chain`) whose verification gave
/// `status`: from the certificate the trust anchor signed down to the end certificate, and
/// none after the first that fails; then, when that one's issuer was not found or is out
/// of date, GnuTLS's second look for the top certificate in the list, which finds no issuer.
/// A trusted end certificate is its own issuer.
// divergence: we verify the path as a whole (webpki), so a failing check is placed where its
// cause shows: a missing issuer, or a certificate or issuer outside its validity period
// (when time checks are on), else the end certificate, which then carries the chain's
// bits. CRL checks are not reported.
pub fn verified_links(
    path: &[Certificate],
    is_trusted: impl Fn(&Certificate) -> bool,
    anchor_of: impl Fn(&Certificate) -> Option<Certificate>,
    status: u32,
    flags: u32,
    now: i64,
) -> Vec<VerifiedLink> {
    // The name, purpose and revocation checks come after the chain's, unreported.
    let chain_bits = status & !(GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID);
    let failed = |bits: u32| if bits != 0 { bits | GNUTLS_CERT_INVALID } else { 0 };
    let Some(leaf) = path.first() else { return Vec::new() };
    if is_trusted(leaf) {
        return vec![VerifiedLink { cert: leaf.clone(), issuer: Some(leaf.clone()), status: failed(chain_bits) }];
    }
    // GnuTLS drops a trusted top certificate the peer sent and checks the one below against it.
    let (checked, top_issuer) = match path.iter().position(&is_trusted) {
        Some(i) => (&path[..i], Some(path[i].clone())),
        None => (path, path.last().and_then(&anchor_of)),
    };
    let time_checks = flags & GNUTLS_VERIFY_DISABLE_TIME_CHECKS == 0;
    let issuer_time_checks = time_checks && flags & GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS == 0;
    let own_time = |c: &Certificate| if time_checks { c.validity_at(now) } else { 0 };
    let mut links = Vec::with_capacity(checked.len() + 1);
    for i in (0..checked.len()).rev() {
        let issuer = if i + 1 == checked.len() { top_issuer.clone() } else { Some(checked[i + 1].clone()) };
        let mut bits = own_time(&checked[i]);
        match &issuer {
            None => bits |= GNUTLS_CERT_SIGNER_NOT_FOUND,
            Some(issuer) if issuer_time_checks => bits |= issuer.validity_at(now),
            Some(_) => {}
        }
        if i == 0 && bits == 0 {
            bits = chain_bits;
        }
        links.push(VerifiedLink { cert: checked[i].clone(), issuer, status: failed(bits) });
        if bits != 0 {
            break;
        }
    }
    let old_or_unknown = GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_EXPIRED | GNUTLS_CERT_INSECURE_ALGORITHM;
    let top = checked.last().unwrap_or(leaf);
    if links.last().is_some_and(|l| l.status & old_or_unknown != 0) && top.subject_raw() != top.issuer_raw() {
        let status = GNUTLS_CERT_SIGNER_NOT_FOUND | own_time(top) | GNUTLS_CERT_INVALID;
        links.push(VerifiedLink { cert: top.clone(), issuer: None, status });
    }
    links
}

/// The CA certificates of a working chain whose key purpose GnuTLS checks: those after the
/// end certificate, up to the first trusted one (none when the end certificate is trusted).
pub fn cas_below_anchor(path: &[Certificate], is_trusted: impl Fn(&Certificate) -> bool) -> &[Certificate] {
    match path.iter().position(is_trusted) {
        Some(0) => &[],
        Some(i) => &path[1..i],
        None if path.is_empty() => &[],
        None => &path[1..],
    }
}

/// A trust list's certificates, names, CRLs and black list.
pub struct TrustList {
    /// Trusted CAs, hashed by subject DN.
    buckets: Vec<Vec<Certificate>>,
    /// Certificates trusted only under a name.
    named: Vec<(Certificate, Vec<u8>)>,
    crls: Vec<Crl>,
    /// Certificates removed with `remove_cas`: chains through them are revoked.
    blacklist: Vec<Certificate>,
    /// The CAs as the verification core takes them, rebuilt after a change.
    store: Option<TrustStore>,
}

/// The position of a CA in the list (bucket, index), for iteration.
pub type Position = (usize, usize);

impl TrustList {
    /// `gnutls_x509_trust_list_init`: `size` buckets (0 for GnuTLS's default).
    pub fn new(size: usize) -> TrustList {
        let size = if size == 0 { DEFAULT_SIZE } else { size };
        TrustList { buckets: vec![Vec::new(); size], named: Vec::new(), crls: Vec::new(), blacklist: Vec::new(), store: None }
    }

    fn bucket(&self, dn: &[u8]) -> usize {
        hash_pjw_bare(dn) % self.buckets.len()
    }

    /// Every trusted CA, in GnuTLS's order.
    pub fn cas(&self) -> impl Iterator<Item = &Certificate> {
        self.buckets.iter().flatten()
    }

    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// `gnutls_x509_trust_list_add_cas`: what happened to each certificate. With
    /// `GNUTLS_TL_NO_DUPLICATES` an equal certificate is replaced, with
    /// `GNUTLS_TL_NO_DUPLICATE_KEY` one with the same name and key.
    pub fn add_cas(&mut self, certs: Vec<Certificate>, flags: u32, delta: &mut Delta) -> Vec<Added> {
        let mut out = Vec::with_capacity(certs.len());
        for cert in certs {
            let b = self.bucket(&cert.subject_raw());
            let same = |c: &Certificate| {
                if flags & GNUTLS_TL_NO_DUPLICATES != 0 {
                    c.der() == cert.der()
                } else {
                    c.subject_raw() == cert.subject_raw() && c.spki_der() == cert.spki_der()
                }
            };
            let existing = if flags & (GNUTLS_TL_NO_DUPLICATES | GNUTLS_TL_NO_DUPLICATE_KEY) != 0 {
                self.buckets[b].iter().position(same)
            } else {
                None
            };
            delta.cas_added.push(cert.der().to_vec());
            match existing {
                Some(j) => {
                    let old = std::mem::replace(&mut self.buckets[b][j], cert);
                    if old.der() != self.buckets[b][j].der() {
                        delta.cas_removed.push(old.der().to_vec());
                    }
                    out.push(Added::Replaced(old.der().to_vec()));
                }
                None => {
                    self.buckets[b].push(cert);
                    out.push(Added::New);
                }
            }
        }
        self.store = None;
        out
    }

    /// `gnutls_x509_trust_list_remove_cas`: the DER of each certificate that was in the list
    /// (each removes one equal certificate); every one is black-listed, known or not.
    pub fn remove_cas(&mut self, certs: &[Certificate], delta: &mut Delta) -> Vec<Vec<u8>> {
        let mut removed = Vec::new();
        for cert in certs {
            let b = self.bucket(&cert.subject_raw());
            if let Some(j) = self.buckets[b].iter().position(|c| c.der() == cert.der()) {
                self.buckets[b].swap_remove(j);
                if !self.cas().any(|c| c.der() == cert.der()) {
                    delta.cas_removed.push(cert.der().to_vec());
                }
                removed.push(cert.der().to_vec());
            }
            self.blacklist.push(cert.clone());
        }
        self.store = None;
        removed
    }

    /// `gnutls_x509_trust_list_add_named_crt`.
    pub fn add_named(&mut self, cert: Certificate, name: &[u8]) -> Result<(), Error> {
        if name.len() >= MAX_NAME_SIZE {
            return Err(Error::INVALID_REQUEST);
        }
        self.named.push((cert, name.to_vec()));
        Ok(())
    }

    /// `gnutls_x509_trust_list_add_crls`: what happened to each CRL, or
    /// `GNUTLS_E_CRL_VERIFICATION_ERROR` for one that does not verify under
    /// `GNUTLS_TL_FAIL_ON_INVALID_CRL` (those before it stay added).
    pub fn add_crls(&mut self, crls: Vec<Crl>, flags: u32, verify_flags: u32, now: i64, delta: &mut Delta) -> Result<Vec<CrlAdded>, (Error, Vec<CrlAdded>)> {
        let mut out = Vec::with_capacity(crls.len());
        for crl in crls {
            if flags & GNUTLS_TL_VERIFY_CRL != 0 {
                let b = self.bucket(crl.issuer_raw());
                let cas: Vec<&Certificate> = self.buckets[b].iter().collect();
                if crl.verify(&cas, verify_flags, now) != 0 {
                    out.push(CrlAdded::Rejected);
                    if flags & GNUTLS_TL_FAIL_ON_INVALID_CRL != 0 {
                        return Err((Error::new(GNUTLS_E_CRL_VERIFICATION_ERROR), out));
                    }
                    continue;
                }
            }
            if flags & GNUTLS_TL_NO_DUPLICATES != 0 {
                if let Some(x) = self.crls.iter().position(|c| c.issuer_raw() == crl.issuer_raw()) {
                    if crl.this_update >= self.crls[x].this_update {
                        let old = std::mem::replace(&mut self.crls[x], crl);
                        delta.crls_removed.push(old.der().to_vec());
                        delta.crls_added.push(self.crls[x].der().to_vec());
                        out.push(CrlAdded::Replaced(old.der().to_vec()));
                    } else {
                        out.push(CrlAdded::Dropped);
                    }
                    continue;
                }
            }
            delta.crls_added.push(crl.der().to_vec());
            self.crls.push(crl);
            out.push(CrlAdded::New);
        }
        Ok(out)
    }

    /// `gnutls_x509_trust_list_add_trust_mem`: the CAs (with `GNUTLS_TL_NO_DUPLICATES`) and
    /// CRLs of PEM or DER buffers; how many of each were taken.
    #[allow(clippy::too_many_arguments)]
    pub fn add_trust_mem(&mut self, cas: Option<&[u8]>, crls: Option<&[u8]>, pem: bool, flags: u32, verify_flags: u32, now: i64, delta: &mut Delta) -> Result<usize, Error> {
        let mut n = 0;
        if let Some(data) = cas {
            let certs = super::certificates_in(data, pem)?
                .iter()
                .map(|d| Certificate::from_der(d).map_err(Error::new))
                .collect::<Result<Vec<_>, _>>()?;
            n += self.add_cas(certs, flags | GNUTLS_TL_NO_DUPLICATES, delta).len();
        }
        if let Some(data) = crls {
            let list = Crl::all_in(data, pem)?;
            let added = self.add_crls(list, flags | GNUTLS_TL_NO_DUPLICATES, verify_flags, now, delta).map_err(|(e, _)| e)?;
            n += added.iter().filter(|a| **a != CrlAdded::Rejected).count();
        }
        Ok(n)
    }

    /// `gnutls_x509_trust_list_remove_trust_mem`.
    pub fn remove_trust_mem(&mut self, cas: &[u8], pem: bool, delta: &mut Delta) -> Result<Vec<Vec<u8>>, Error> {
        let certs = super::certificates_in(cas, pem)?
            .iter()
            .map(|d| Certificate::from_der(d).map_err(Error::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.remove_cas(&certs, delta))
    }

    /// `gnutls_x509_trust_list_get_issuer`: the first CA (in GnuTLS's order) that issued `cert`.
    pub fn issuer_of(&self, cert: &Certificate) -> Option<&Certificate> {
        self.buckets[self.bucket(&cert.issuer_raw())].iter().find(|ca| cert.check_issuer(ca))
    }

    /// `gnutls_x509_trust_list_get_issuer_by_dn` (no key id) and
    /// `_by_subject_key_id`: a CA with this subject (DER) and, if given and not empty, this
    /// subject key identifier; with no DN, any CA with the key identifier.
    pub fn issuer_by(&self, dn: Option<&[u8]>, key_id: Option<&[u8]>) -> Option<&Certificate> {
        let key_matches = |ca: &Certificate| match key_id {
            Some(id) if !id.is_empty() || dn.is_none() => ca.subject_key_id().is_some_and(|k| k == id),
            _ => true,
        };
        match dn {
            Some(dn) => self.buckets[self.bucket(dn)].iter().find(|ca| ca.subject_raw() == dn && key_matches(ca)),
            None if key_id.is_some() => self.cas().find(|ca| key_matches(ca)),
            None => None,
        }
    }

    /// The first position at or after `pos` that holds a CA (iteration, in GnuTLS's order).
    pub fn next_position(&self, pos: Position) -> Option<Position> {
        let (mut b, mut i) = pos;
        while b < self.buckets.len() {
            if i < self.buckets[b].len() {
                return Some((b, i));
            }
            b += 1;
            i = 0;
        }
        None
    }

    pub fn at(&self, pos: Position) -> Option<&Certificate> {
        self.buckets.get(pos.0)?.get(pos.1)
    }

    /// Whether `cert` itself is one of the trusted CAs (`_gnutls_trustlist_inlist`).
    pub fn is_trusted(&self, cert: &Certificate) -> bool {
        self.buckets[self.bucket(&cert.subject_raw())].iter().any(|c| c.der() == cert.der())
    }

    fn blacklisted(&self, chain: &[Certificate]) -> bool {
        chain.iter().any(|c| self.blacklist.iter().any(|b| b.der() == c.der()))
    }

    fn revoked(&self, chain: &[Certificate]) -> bool {
        chain.iter().any(|c| self.crls.iter().any(|crl| crl.revokes(c)))
    }

    /// `gnutls_x509_trust_list_verify_named_crt`: 0 when `cert` was added under `name` and
    /// is neither black-listed nor revoked.
    pub fn verify_named(&self, cert: &Certificate, name: &[u8], flags: u32) -> u32 {
        if self.blacklisted(std::slice::from_ref(cert)) {
            return GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
        }
        if !self.named.iter().any(|(c, n)| c.der() == cert.der() && n == name) {
            return GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
        }
        if flags & GNUTLS_VERIFY_DISABLE_CRL_CHECKS == 0 && self.revoked(std::slice::from_ref(cert)) {
            return GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
        }
        0
    }

    /// `gnutls_x509_trust_list_verify_crt2`: the status bits of a chain (end certificate
    /// first) at `now`, with GnuTLS's `gnutls_certificate_verify_flags`.
    pub fn verify(&mut self, chain: &[Certificate], data: &VerifyData, flags: u32, now: i64) -> Result<u32, Error> {
        self.verify_reporting(chain, data, flags, now, None)
    }

    /// `verify`, with the checks GnuTLS reports to a verify output function in `links`.
    pub fn verify_reporting(
        &mut self,
        chain: &[Certificate],
        data: &VerifyData,
        flags: u32,
        now: i64,
        links: Option<&mut Vec<VerifiedLink>>,
    ) -> Result<u32, Error> {
        let leaf = chain.first().ok_or(Error::INVALID_REQUEST)?;
        if let Some(name) = &data.hostname_bytes {
            if self.verify_named(leaf, name, flags) == 0 {
                return Ok(0);
            }
        }
        let path = self.working_chain(chain);
        if self.blacklisted(&path) {
            return Ok(GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID);
        }
        let ders: Vec<Vec<u8>> = chain.iter().map(|c| c.der().to_vec()).collect();
        let mut status = core::verify_chain(&ders, self.store(), data.hostname.as_deref(), now.max(0) as u64, Purpose::Any, flags);
        status |= name_and_purpose_status(leaf, cas_below_anchor(&path, |c| self.is_trusted(c)), data);
        status = apply_profile(status, &path, |c| self.is_trusted(c), |c| self.issuer_of(c).cloned(), flags, now);
        if status == 0 && flags & GNUTLS_VERIFY_DISABLE_CRL_CHECKS == 0 && self.revoked(&path) {
            status |= GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
        }
        if let Some(links) = links {
            *links = verified_links(&path, |c| self.is_trusted(c), |c| self.issuer_of(c).cloned(), status, flags, now);
        }
        Ok(status)
    }

    /// What a list adds to the verification of credentials it was given to, whose own trust
    /// store (a copy of the list's CAs and CRLs) gave `status`: the named-certificate shortcut
    /// and the black list.
    pub fn adjust_credentials_status(&self, chain: &[Certificate], data: &VerifyData, flags: u32, status: u32) -> u32 {
        let Some(leaf) = chain.first() else { return status };
        if let Some(name) = &data.hostname_bytes {
            if self.verify_named(leaf, name, flags) == 0 {
                return 0;
            }
        }
        if self.blacklisted(&self.working_chain(chain)) {
            return GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
        }
        status
    }

    fn working_chain(&self, chain: &[Certificate]) -> Vec<Certificate> {
        working_chain(chain, |c| self.is_trusted(c))
    }

    /// The CAs and CRLs as a trust store for the verification core (CRLs are checked
    /// here, by serial number, as GnuTLS checks them).
    fn store(&mut self) -> &TrustStore {
        let buckets = &self.buckets;
        self.store.get_or_insert_with(|| {
            let mut store = TrustStore::new();
            for ca in buckets.iter().flatten() {
                let _ = store.add_ca_der(ca.der());
            }
            store
        })
    }

    /// A trust store with the list's CAs and CRLs, for credentials the list is given to.
    pub fn to_store(&self) -> TrustStore {
        let mut store = TrustStore::new();
        for ca in self.cas() {
            let _ = store.add_ca_der(ca.der());
        }
        for crl in &self.crls {
            let _ = store.add_crl_der(crl.der());
        }
        store
    }

    /// The list's content as a change from empty.
    pub fn as_delta(&self) -> Delta {
        Delta {
            cas_added: self.cas().map(|c| c.der().to_vec()).collect(),
            crls_added: self.crls.iter().map(|c| c.der().to_vec()).collect(),
            ..Delta::default()
        }
    }
}

/// The time now, as GnuTLS's `gnutls_time`.
pub fn now() -> i64 {
    crate::global::now()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x509::core::tests::{der, pki, probe, read};
    use std::process::Command;

    fn cert(name: &str) -> Certificate {
        Certificate::from_der(&der(name)).unwrap()
    }

    fn list_of(cas: &[&str]) -> TrustList {
        let mut l = TrustList::new(0);
        let mut d = Delta::default();
        l.add_cas(cas.iter().map(|c| cert(c)).collect(), 0, &mut d);
        l
    }

    fn chain(names: &[&str]) -> Vec<Certificate> {
        names.iter().map(|n| cert(n)).collect()
    }

    fn host(h: &str) -> VerifyData {
        VerifyData::for_host(Some(h))
    }

    fn purpose(p: &str) -> VerifyData {
        VerifyData { purpose: Some(p.into()), ..VerifyData::default() }
    }

    #[test]
    fn hash_is_gnulibs() {
        assert_eq!(hash_pjw_bare(b""), 0);
        assert_eq!(hash_pjw_bare(b"abc"), 25478243);
        // The rotation wraps through the top bits of a 64-bit size_t.
        assert_eq!(hash_pjw_bare(&[0x80; 8]), {
            let mut h = 0usize;
            for _ in 0..8 {
                h = 0x80usize.wrapping_add((h << 9) | (h >> 55));
            }
            h
        });
    }

    #[test]
    fn adding_and_removing() {
        let mut l = TrustList::new(0);
        let mut d = Delta::default();
        assert_eq!(l.add_cas(vec![cert("root.pem"), cert("root.pem")], 0, &mut d), vec![Added::New, Added::New]);
        assert_eq!(l.cas().count(), 2);
        let again = l.add_cas(vec![cert("root.pem")], GNUTLS_TL_NO_DUPLICATES, &mut d);
        assert_eq!(again, vec![Added::Replaced(der("root.pem"))]);
        assert_eq!(l.cas().count(), 2);
        assert_eq!(d.cas_added.len(), 3);
        assert!(d.cas_removed.is_empty());

        let mut d = Delta::default();
        assert_eq!(l.remove_cas(&[cert("root.pem"), cert("other.pem")], &mut d), vec![der("root.pem")]);
        // One copy is left, so the store that follows the list keeps it.
        assert!(d.cas_removed.is_empty());
        assert_eq!(l.remove_cas(&[cert("root.pem")], &mut d), vec![der("root.pem")]);
        assert_eq!(d.cas_removed, vec![der("root.pem")]);
        assert_eq!(l.cas().count(), 0);
        assert!(l.add_named(cert("leaf.pem"), &[b'x'; 256]).is_err());
        assert!(l.add_named(cert("leaf.pem"), &[b'x'; 255]).is_ok());
    }

    #[test]
    fn issuers_and_iteration() {
        let l = list_of(&["root.pem", "inter.pem", "other.pem"]);
        assert_eq!(l.issuer_of(&cert("leaf.pem")).map(|c| c.der().to_vec()), Some(der("inter.pem")));
        assert_eq!(l.issuer_of(&cert("inter.pem")).map(|c| c.der().to_vec()), Some(der("root.pem")));
        assert!(l.issuer_of(&cert("sha1leaf.pem")).is_none());
        let root = cert("root.pem");
        assert_eq!(l.issuer_by(Some(&root.subject_raw()), None).map(Certificate::der), Some(root.der()));
        let ski = root.subject_key_id().unwrap();
        assert_eq!(l.issuer_by(None, Some(&ski)).map(Certificate::der), Some(root.der()));
        assert_eq!(l.issuer_by(Some(&root.subject_raw()), Some(b"nope")).map(Certificate::der), None);
        assert!(l.issuer_by(None, None).is_none());
        // Iteration visits every CA once, bucket by bucket.
        let mut pos = l.next_position((0, 0));
        let mut seen = Vec::new();
        while let Some(p) = pos {
            seen.push(l.at(p).unwrap().der().to_vec());
            pos = l.next_position((p.0, p.1 + 1));
        }
        assert_eq!(seen.len(), 3);
        let buckets: Vec<usize> = seen.iter().map(|d| hash_pjw_bare(&Certificate::from_der(d).unwrap().subject_raw()) % DEFAULT_SIZE).collect();
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn working_chain_is_gnutls_order() {
        let l = list_of(&["root.pem"]);
        let sorted = l.working_chain(&chain(&["leaf.pem", "root.pem", "inter.pem"]));
        assert_eq!(sorted, chain(&["leaf.pem", "inter.pem"]));
        let l = list_of(&["root.pem", "inter.pem"]);
        assert_eq!(l.working_chain(&chain(&["leaf.pem", "inter.pem"])), chain(&["leaf.pem", "inter.pem"]));
        assert_eq!(cas_below_anchor(&chain(&["leaf.pem", "inter.pem"]), |c| l.is_trusted(c)), &[] as &[Certificate]);
        let l = list_of(&["root.pem"]);
        let path = chain(&["leaf.pem", "inter.pem"]);
        assert_eq!(cas_below_anchor(&path, |c| l.is_trusted(c)), &path[1..]);
    }

    #[test]
    fn typed_data() {
        let name = |v: &str| Some(v.as_bytes().to_vec());
        let d = VerifyData::from_items(&[(GNUTLS_DT_DNS_HOSTNAME, name("a.example")), (GNUTLS_DT_KEY_PURPOSE_OID, name(KP_TLS_WWW_SERVER))]).unwrap();
        assert_eq!(d.hostname.as_deref(), Some("a.example"));
        assert_eq!(d.purpose.as_deref(), Some(KP_TLS_WWW_SERVER));
        assert!(VerifyData::from_items(&[(GNUTLS_DT_DNS_HOSTNAME, name("a")), (GNUTLS_DT_IP_ADDRESS, Some(vec![127, 0, 0, 1]))]).is_err());
        assert!(VerifyData::from_items(&[(GNUTLS_DT_RFC822NAME, None), (GNUTLS_DT_DNS_HOSTNAME, name("a"))]).is_err());
        let d = VerifyData::from_items(&[(GNUTLS_DT_IP_ADDRESS, Some(vec![])), (99, name("x"))]).unwrap();
        assert!(d.ip.is_none() && d.hostname.is_none());
    }

    #[test]
    fn verification() {
        let now = now();
        let mut l = list_of(&["root.pem"]);
        let none = VerifyData::default();
        let good = chain(&["leaf.pem", "inter.pem"]);
        assert_eq!(l.verify(&good, &none, 0, now), Ok(0));
        assert_eq!(l.verify(&good, &host("www.example.com"), 0, now), Ok(0));
        assert_eq!(l.verify(&good, &host("leaf.example.com"), 0, now), Ok(0x4002));
        assert_eq!(l.verify(&good, &purpose(KP_TLS_WWW_SERVER), 0, now), Ok(0));
        assert_eq!(l.verify(&chain(&["client.pem", "inter.pem"]), &purpose(KP_TLS_WWW_SERVER), 0, now), Ok(0x40002));
        assert_eq!(l.verify(&good, &purpose("1.3.6.1.5.5.7.3.3"), 0, now), Ok(0x40002));
        let ip = |b: &[u8]| VerifyData { ip: Some(b.to_vec()), ..VerifyData::default() };
        assert_eq!(l.verify(&good, &ip(&[127, 0, 0, 1]), 0, now), Ok(0));
        assert_eq!(l.verify(&good, &ip(&[127, 0, 0, 2]), 0, now), Ok(0x4002));
        assert_eq!(l.verify(&chain(&["leaf.pem"]), &none, 0, now), Ok(0x42));
        assert_eq!(l.verify(&chain(&["expired.pem", "inter.pem"]), &none, 0, now), Ok(0x402));
        assert_eq!(l.verify(&[], &none, 0, now), Err(Error::INVALID_REQUEST));

        // CRLs are checked by serial number once everything else is fine.
        let mut d = Delta::default();
        let crls = Crl::all_in(&read("inter.crl"), true).unwrap();
        assert_eq!(l.add_crls(crls.clone(), 0, 0, now, &mut d), Ok(vec![CrlAdded::New]));
        let revoked = chain(&["revoked.pem", "inter.pem"]);
        assert_eq!(l.verify(&revoked, &none, 0, now), Ok(0x22));
        assert_eq!(l.verify(&revoked, &none, GNUTLS_VERIFY_DISABLE_CRL_CHECKS, now), Ok(0));
        assert_eq!(l.verify(&good, &none, 0, now), Ok(0));
        // A newer CRL of the same issuer replaces the old one under GNUTLS_TL_NO_DUPLICATES.
        assert_eq!(l.add_crls(crls.clone(), GNUTLS_TL_NO_DUPLICATES, 0, now, &mut d), Ok(vec![CrlAdded::Replaced(crls[0].der().to_vec())]));
        assert_eq!(l.crls().len(), 1);

        // A removed intermediate is black-listed even though its root is still trusted.
        let mut l = list_of(&["root.pem", "inter.pem"]);
        assert_eq!(l.verify(&chain(&["leaf.pem"]), &none, 0, now), Ok(0));
        l.remove_cas(&[cert("inter.pem")], &mut d);
        assert_eq!(l.verify(&good, &none, 0, now), Ok(0x22));
        assert_eq!(l.verify(&chain(&["leaf.pem"]), &none, 0, now), Ok(0x42));
    }

    #[test]
    fn named_certificates() {
        let now = now();
        let mut l = TrustList::new(0);
        l.add_named(cert("self.pem"), b"my.server").unwrap();
        assert_eq!(l.verify_named(&cert("self.pem"), b"my.server", 0), 0);
        assert_eq!(l.verify_named(&cert("self.pem"), b"other", 0), 0x42);
        assert_eq!(l.verify_named(&cert("leaf.pem"), b"my.server", 0), 0x42);
        // verify_crt2 takes the shortcut for the hostname; without one the certificate is not a CA.
        assert_eq!(l.verify(&chain(&["self.pem"]), &host("my.server"), 0, now), Ok(0));
        assert_ne!(l.verify(&chain(&["self.pem"]), &VerifyData::default(), 0, now), Ok(0));
    }

    #[test]
    fn crl_verification() {
        let now = now();
        let crl = Crl::all_in(&read("inter.crl"), true).unwrap().remove(0);
        let inter = cert("inter.pem");
        let root = cert("root.pem");
        assert_eq!(crl.verify(&[&inter], 0, now), 0);
        assert_eq!(crl.verify(&[&root], 0, now), GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_INVALID);
        // The test CRL is good for 300 days.
        assert_eq!(crl.verify(&[&inter], 0, now + 301 * 86400), GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED | GNUTLS_CERT_INVALID);
        let mut d = Delta::default();
        let mut l = list_of(&["root.pem"]);
        assert_eq!(l.add_crls(vec![crl.clone()], GNUTLS_TL_VERIFY_CRL, 0, now, &mut d), Ok(vec![CrlAdded::Rejected]));
        assert_eq!(
            l.add_crls(vec![crl.clone()], GNUTLS_TL_VERIFY_CRL | GNUTLS_TL_FAIL_ON_INVALID_CRL, 0, now, &mut d),
            Err((Error::new(GNUTLS_E_CRL_VERIFICATION_ERROR), vec![CrlAdded::Rejected]))
        );
        assert!(l.crls().is_empty() && d.crls_added.is_empty());
        let mut l = list_of(&["root.pem", "inter.pem"]);
        assert_eq!(l.add_crls(vec![crl], GNUTLS_TL_VERIFY_CRL, 0, now, &mut d), Ok(vec![CrlAdded::New]));
        assert_eq!(d.crls_added.len(), 1);
    }

    #[test]
    fn trust_mem_and_stores() {
        let now = now();
        let mut l = TrustList::new(1);
        let mut d = Delta::default();
        let mut both = read("root.pem");
        both.extend(read("inter.pem"));
        assert_eq!(l.add_trust_mem(Some(&both), Some(&read("inter.crl")), true, 0, 0, now, &mut d), Ok(3));
        assert_eq!(l.add_trust_mem(Some(b"not pem"), None, true, 0, 0, now, &mut d), Err(Error::NO_CERTIFICATE_FOUND));
        assert_eq!(l.add_trust_mem(Some(&der("root.pem")), None, false, 0, 0, now, &mut d), Ok(1));
        assert_eq!(l.cas().count(), 2);
        let store = l.to_store();
        assert_eq!((store.len(), store.crl_count()), (2, 1));
        // A delta replayed on an empty store gives the same store.
        let mut copy = TrustStore::new();
        d.apply(&mut copy);
        assert_eq!((copy.len(), copy.crl_count()), (2, 1));
        let mut d = Delta::default();
        assert_eq!(l.remove_trust_mem(&read("inter.pem"), true, &mut d).map(|v| v.len()), Ok(1));
        d.apply(&mut copy);
        assert_eq!(copy.len(), 1);
    }

    #[test]
    fn purposes_and_names() {
        let leaf = cert("leaf.pem");
        assert!(has_purpose(&leaf, KP_TLS_WWW_SERVER, true));
        assert!(!has_purpose(&cert("client.pem"), KP_TLS_WWW_SERVER, false));
        // No key purpose at all: good for any.
        assert!(has_purpose(&cert("root.pem"), "1.2.3.4", true));
        assert!(has_ip(&leaf, &[127, 0, 0, 1]));
        assert!(has_ip(&leaf, &std::net::Ipv6Addr::LOCALHOST.octets()));
        assert!(!has_ip(&leaf, &[127, 0, 0, 2]));
        assert!(has_email(&cert("misc.pem"), "E@X.org"));
        assert!(!has_email(&cert("misc.pem"), "f@x.org"));
        assert!(!has_email(&leaf, "leaf@example.com"));
    }

    #[test]
    fn profiles() {
        let mut l = list_of(&["root.pem"]);
        let good = chain(&["leaf.pem", "inter.pem"]);
        let none = VerifyData::default();
        let at = |p: u32| p << 24;
        assert_eq!(l.verify(&good, &none, at(GNUTLS_PROFILE_HIGH), now()), Ok(0));
        assert_eq!(l.verify(&good, &none, at(GNUTLS_PROFILE_ULTRA), now()), Ok(0x102));
        assert_eq!(l.verify(&good, &none, at(GNUTLS_PROFILE_SUITEB128), now()), Ok(0x102));
        // GnuTLS reports what it found on the first certificate from the top that fails: the
        // intermediate here, so not that the end certificate expired.
        assert_eq!(l.verify(&chain(&["expired.pem", "inter.pem"]), &none, at(GNUTLS_PROFILE_ULTRA), now()), Ok(0x102));
        assert_eq!(l.verify(&chain(&["leaf.pem"]), &none, at(GNUTLS_PROFILE_HIGH), now()), Ok(0x42));
        assert_eq!(key_level(&cert("inter.pem")), GNUTLS_SEC_PARAM_HIGH);
        assert_eq!(key_level(&cert("misc.pem")), GNUTLS_SEC_PARAM_ULTRA);
        assert_eq!(hash_strength(cert("leaf.pem").signature_algorithm()), 128);
    }

    /// The same cases through the real GnuTLS's trust list, when it is installed.
    #[test]
    fn agrees_with_gnutls() {
        let Some(p) = probe() else { return };
        let dir = pki();
        let cases: &[(&[&str], Option<&str>, &str, &str, u32, &[&str])] = &[
            (&["root.pem"], None, "-", "-", 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "www.example.com", KP_TLS_WWW_SERVER, 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "wrong.example.com", "-", 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "-", KP_TLS_WWW_SERVER, 0, &["client.pem", "inter.pem"]),
            (&["root.pem"], None, "-", "1.3.6.1.5.5.7.3.3", 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], Some("inter.crl"), "-", "-", 0, &["revoked.pem", "inter.pem"]),
            (&["root.pem"], Some("inter.crl"), "-", "-", GNUTLS_VERIFY_DISABLE_CRL_CHECKS, &["revoked.pem", "inter.pem"]),
            (&["root.pem"], Some("inter.crl"), "-", "-", 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "-", "-", 0, &["expired.pem", "inter.pem"]),
            (&["other.pem"], None, "-", "-", 0, &["leaf.pem", "inter.pem"]),
            (&["root.pem", "inter.pem"], None, "-", "-", 0, &["leaf.pem"]),
            (&["root.pem"], None, "-", "-", 0, &["leaf.pem", "root.pem", "inter.pem"]),
            // Verification profiles: the leaf and root are RSA-3072, the intermediate P-256
            // signing with ECDSA-SHA256 (a HIGH chain, short of ULTRA).
            (&["root.pem"], None, "-", "-", GNUTLS_PROFILE_MEDIUM << 24, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "-", "-", GNUTLS_PROFILE_HIGH << 24, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], None, "-", "-", GNUTLS_PROFILE_FUTURE << 24, &["leaf.pem", "inter.pem"]),
            (&["root.pem", "inter.pem"], None, "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["leaf.pem"]),
            (&["leaf.pem"], None, "-", "-", GNUTLS_PROFILE_HIGH << 24, &["leaf.pem"]),
            (&["leaf.pem"], None, "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["leaf.pem"]),
            (&["root.pem"], None, "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["expired.pem", "inter.pem"]),
            (&["root.pem"], None, "wrong.example.com", "-", GNUTLS_PROFILE_ULTRA << 24, &["leaf.pem", "inter.pem"]),
            (&["root.pem"], Some("inter.crl"), "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["revoked.pem", "inter.pem"]),
            (&["other.pem"], None, "-", "-", GNUTLS_PROFILE_ULTRA << 24, &["leaf.pem", "inter.pem"]),
        ];
        for (cas, crl, h, purpose, flags, names) in cases {
            let mut l = TrustList::new(0);
            let mut d = Delta::default();
            let mut cat = Vec::new();
            for c in *cas {
                cat.extend(read(c));
            }
            l.add_trust_mem(Some(&cat), crl.map(read).as_deref(), true, 0, 0, now(), &mut d).unwrap();
            let file = dir.join("tl-cas.pem");
            std::fs::write(&file, &cat).unwrap();
            let vdata = VerifyData {
                hostname: (*h != "-").then(|| h.to_string()),
                hostname_bytes: (*h != "-").then(|| h.as_bytes().to_vec()),
                purpose: (*purpose != "-").then(|| purpose.to_string()),
                ..VerifyData::default()
            };
            let ours = l.verify(&chain(names), &vdata, *flags, now()).unwrap();
            let out = Command::new(p)
                .arg("verify").arg(&file).arg(crl.map(|c| dir.join(c).display().to_string()).unwrap_or("-".into()))
                .arg(h).arg(flags.to_string()).arg(purpose)
                .args(names.iter().map(|n| dir.join(n)))
                .output().unwrap();
            let real: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            assert_eq!(ours, real, "{cas:?} {crl:?} {h} {purpose} {flags} {names:?}");
        }
    }
}
