//! The checks GnuTLS makes along a certificate path that rustls-webpki does not: name
//! constraints applied to the subject's CN and e-mail attributes as well as its alternative
//! names, and RFC 7633 TLS features, which every certificate must carry when its issuers do
//! (GnuTLS's `verify_crt` in `lib/x509/verify.c`), and the CA rights of the trust anchor,
//! which webpki takes on trust and GnuTLS checks as it checks any issuer's. webpki decides
//! the path; these bits are added to what it found, so a chain GnuTLS rejects for them is
//! never reported valid.

use super::core::{Certificate, GNUTLS_KP_TLS_WWW_SERVER};
use super::ext::{TlsFeatures, OID_TLS_FEATURES};
use super::ext_objects::NameConstraints;
use crate::constants::*;

const OID_NAME_CONSTRAINTS: &str = "2.5.29.30";

/// The name types GnuTLS checks the end certificate against, in its order.
const CHECKED_NAME_TYPES: [u32; 5] =
    [GNUTLS_SAN_DNSNAME, GNUTLS_SAN_RFC822NAME, GNUTLS_SAN_DN, GNUTLS_SAN_URI, GNUTLS_SAN_IPADDRESS];

/// `gnutls_x509_name_constraints_check_crt`: whether the certificate's names of `kind`
/// (alternative names, or the one CN / EMAIL attribute standing for them) are allowed.
pub fn names_allowed(nc: &NameConstraints, cert: &Certificate, kind: u32) -> bool {
    let sans = match cert.alt_names() {
        Ok((names, _)) => names.into_iter().map(|n| (n.kind, n.data)).collect(),
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => Vec::new(),
        // A name GnuTLS cannot read fails the check.
        Err(_) => return false,
    };
    let dn_values = |oid: &str| (0..).map_while(|i| cert.dn_by_oid(oid, i).ok()).collect::<Vec<_>>();
    nc.check_crt(kind, &sans, &dn_values, cert.has_key_purpose(GNUTLS_KP_TLS_WWW_SERVER))
}

/// The extension's value when present; Err when the certificate's extensions cannot be read.
fn extension(cert: &Certificate, oid: &str) -> Result<Option<Vec<u8>>, ()> {
    match cert.extension_by_oid(oid, 0) {
        Ok((value, _)) => Ok(Some(value)),
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => Ok(None),
        Err(_) => Err(()),
    }
}

/// GnuTLS's checks of a trusted CA as the issuer of the certificate below it (`verify_crt`
/// with `check_if_ca`): a version 1 CA passes unless the flags refuse those; any other
/// needs the CA bit, and a key usage, when it has one, that allows certificate signing.
fn anchor_bits(anchor: &Certificate, flags: u32) -> u32 {
    let v1_refused = flags & GNUTLS_VERIFY_DO_NOT_ALLOW_X509_V1_CA_CRT != 0;
    if flags & GNUTLS_VERIFY_DISABLE_CA_SIGN != 0 || (anchor.version() == 1 && !v1_refused) {
        return 0;
    }
    let mut bits = 0;
    let is_ca = match anchor.basic_constraints() {
        Ok((_, ca, _)) => ca,
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => flags & GNUTLS_VERIFY_ALLOW_ANY_X509_V1_CA_CRT != 0,
        Err(_) => false,
    };
    if !is_ca {
        bits |= GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_INVALID;
    }
    match anchor.key_usage() {
        Ok((usage, _)) if usage & GNUTLS_KEY_KEY_CERT_SIGN as u32 == 0 => bits |= GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_INVALID,
        Err(e) if e != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE => bits |= GNUTLS_CERT_INVALID,
        _ => {}
    }
    bits
}

/// Status bits for a path given from the trust anchor down to the end certificate
/// (`top_down[0]` the anchor), under GnuTLS's verification flags: the anchor's CA rights
/// (`anchor_bits`), and `GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_INVALID`
/// when an issuer's name constraints exclude the end certificate's names, when a certificate
/// lacks a TLS feature one of its issuers has, or when either extension cannot be read.
pub fn constraint_bits(top_down: &[&Certificate], flags: u32) -> u32 {
    const FAILED: u32 = GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_INVALID;
    if top_down.len() > 1 {
        let bits = anchor_bits(top_down[0], flags);
        if bits != 0 {
            return bits;
        }
    }
    let mut nc = NameConstraints::default();
    let mut features = TlsFeatures::default();
    for pair in top_down.windows(2) {
        let (issuer, cert) = (pair[0], pair[1]);
        match extension(issuer, OID_NAME_CONSTRAINTS) {
            Ok(None) => {}
            Ok(Some(v)) if nc.import(&v, true).is_ok() => {}
            _ => return FAILED,
        }
        match extension(issuer, OID_TLS_FEATURES) {
            Ok(None) => {}
            Ok(Some(v)) if features.import(&v, true).is_ok() => {}
            _ => return FAILED,
        }
        let mut own = TlsFeatures::default();
        let own = match extension(cert, OID_TLS_FEATURES) {
            Ok(Some(v)) if own.import(&v, false).is_ok() => Some(&own),
            _ => None,
        };
        if !features.satisfied_by(own) {
            return FAILED;
        }
    }
    // Name constraints bind the end certificate only, as in GnuTLS.
    match top_down.last() {
        Some(leaf) if top_down.len() > 1 && !CHECKED_NAME_TYPES.iter().all(|&k| names_allowed(&nc, leaf, k)) => FAILED,
        _ => 0,
    }
}
