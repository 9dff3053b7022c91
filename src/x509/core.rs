//! The X.509 core for the GnuTLS compatibility layer: certificates decoded with RustCrypto's
//! `x509-cert`/`der`, read back with GnuTLS's output conventions; PEM/DER loading with
//! GnuTLS's error codes; hostname matching with GnuTLS 3.7.9's rules; and chain verification
//! on rustls-webpki that reports GnuTLS status bits.
//!
//! Most functions return GnuTLS error codes (negative i32) so the C wrappers can pass them
//! through unchanged.

use std::net::{Ipv4Addr, Ipv6Addr};

use der::asn1::{AnyRef, UintRef};
use der::{Decode, Encode, Reader, SliceReader, Tagged};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{
    CertificateDer, CertificateRevocationListDer, PrivateKeyDer, TrustAnchor, UnixTime,
};
use webpki::{EndEntityCert, KeyPurposeIdIter};
use x509_cert::certificate::{CertificateInner, Raw};
use zeroize::Zeroize;

use super::dn::{Dn, GNUTLS_X509_DN_FLAG_COMPAT};
use super::ext;

// GnuTLS's numbers come from the crate's table of its 3.7.9 constants.
use crate::constants::{
    GNUTLS_CERT_INVALID,
    GNUTLS_CERT_REVOKED,
    GNUTLS_CERT_SIGNER_NOT_FOUND,
    GNUTLS_CERT_SIGNER_NOT_CA,
    GNUTLS_CERT_INSECURE_ALGORITHM,
    GNUTLS_CERT_NOT_ACTIVATED,
    GNUTLS_CERT_EXPIRED,
    GNUTLS_CERT_SIGNATURE_FAILURE,
    GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
    GNUTLS_CERT_UNEXPECTED_OWNER,
    GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
    GNUTLS_CERT_PURPOSE_MISMATCH,
    GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
    GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES,
    GNUTLS_VERIFY_DO_NOT_ALLOW_SAME,
    GNUTLS_VERIFY_DISABLE_TIME_CHECKS,
    GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
    GNUTLS_VERIFY_DISABLE_CRL_CHECKS,
    GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS,
    GNUTLS_E_BASE64_DECODING_ERROR,
    GNUTLS_E_DECRYPTION_FAILED,
    GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE,
    GNUTLS_E_ASN1_DER_ERROR,
    GNUTLS_E_ASN1_TAG_ERROR,
    GNUTLS_E_UNKNOWN_HASH_ALGORITHM,
    GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR,
};
const GNUTLS_PK_UNKNOWN: i32 = crate::constants::GNUTLS_PK_UNKNOWN as i32;
const GNUTLS_PK_RSA: i32 = crate::constants::GNUTLS_PK_RSA as i32;
const GNUTLS_PK_DSA: i32 = crate::constants::GNUTLS_PK_DSA as i32;
const GNUTLS_PK_ECDSA: i32 = crate::constants::GNUTLS_PK_ECDSA as i32;
const GNUTLS_PK_ECDH_X25519: i32 = crate::constants::GNUTLS_PK_ECDH_X25519 as i32;
const GNUTLS_PK_RSA_PSS: i32 = crate::constants::GNUTLS_PK_RSA_PSS as i32;
const GNUTLS_PK_EDDSA_ED25519: i32 = crate::constants::GNUTLS_PK_EDDSA_ED25519 as i32;
const GNUTLS_PK_ECDH_X448: i32 = crate::constants::GNUTLS_PK_ECDH_X448 as i32;
const GNUTLS_PK_EDDSA_ED448: i32 = crate::constants::GNUTLS_PK_EDDSA_ED448 as i32;
const GNUTLS_DIG_MD5: i32 = crate::constants::GNUTLS_DIG_MD5 as i32;
const GNUTLS_DIG_SHA1: i32 = crate::constants::GNUTLS_DIG_SHA1 as i32;
const GNUTLS_DIG_SHA256: i32 = crate::constants::GNUTLS_DIG_SHA256 as i32;
const GNUTLS_DIG_SHA384: i32 = crate::constants::GNUTLS_DIG_SHA384 as i32;
const GNUTLS_DIG_SHA512: i32 = crate::constants::GNUTLS_DIG_SHA512 as i32;
pub const GNUTLS_KP_TLS_WWW_SERVER: &str = "1.3.6.1.5.5.7.3.1";
#[cfg(test)]
const GNUTLS_KP_TLS_WWW_CLIENT: &str = "1.3.6.1.5.5.7.3.2";
const GNUTLS_KP_ANY: &str = "2.5.29.37.0";
const OID_CN: &str = "2.5.4.3";
const OID_EXT_KEY_USAGE: &str = "2.5.29.15";
const OID_EXT_SAN: &str = "2.5.29.17";
const OID_EXT_IAN: &str = "2.5.29.18";
const OID_EXT_BASIC_CONSTRAINTS: &str = "2.5.29.19";
const OID_EXT_EKU: &str = "2.5.29.37";
const OID_EXT_SKI: &str = "2.5.29.14";
const OID_EXT_AKI: &str = "2.5.29.35";

/// libtasn1's answer for a buffer that should be one whole DER SEQUENCE: a wrong first tag
/// is ASN1_TAG_ERROR, a bad length, truncation or trailing bytes ASN1_DER_ERROR.
pub(crate) fn whole_sequence(der: &[u8]) -> Result<AnyRef<'_>, i32> {
    if der.first() != Some(&0x30) {
        return Err(GNUTLS_E_ASN1_TAG_ERROR);
    }
    AnyRef::from_der(der).map_err(|_| GNUTLS_E_ASN1_DER_ERROR)
}

/// The encodings of the fields GnuTLS hands out raw, as they are in the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RawFields {
    tbs: Vec<u8>,
    signature_algorithm: Vec<u8>,
}

/// An RSA public key (RFC 8017 A.1.1).
#[derive(der::Sequence)]
struct RsaPublicKey<'a> {
    modulus: UintRef<'a>,
    public_exponent: UintRef<'a>,
}

/// DSA domain parameters (RFC 3279 2.3.2).
#[derive(der::Sequence)]
struct DsaParameters<'a> {
    p: UintRef<'a>,
    q: UintRef<'a>,
    g: UintRef<'a>,
}

/// An integer's magnitude as GnuTLS's `_gnutls_mpi_dprint_lz` writes it: a leading zero
/// byte when the top bit is set.
fn with_leading_zero(u: UintRef<'_>) -> Vec<u8> {
    let b = u.as_bytes();
    let mut out = Vec::with_capacity(b.len() + 1);
    if b.first().is_some_and(|x| x & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(b);
    out
}

fn bit_length(u: UintRef<'_>) -> u32 {
    let b = u.as_bytes();
    match b.first() {
        Some(&first) => (b.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
        None => 0,
    }
}

/// A public key's numbers as `gnutls_x509_crt_get_pk_*_raw` hand them out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKeyParams {
    Rsa { m: Vec<u8>, e: Vec<u8> },
    Dsa { p: Vec<u8>, q: Vec<u8>, g: Vec<u8>, y: Vec<u8> },
    /// EC keys, Edwards and Montgomery keys (then `y` is empty).
    Ecc { curve: u32, x: Vec<u8>, y: Vec<u8> },
}

/// One extension as it is in the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub oid: String,
    pub critical: bool,
    pub value: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    cert: CertificateInner<Raw>,
    subject: Dn,
    issuer: Dn,
    raw: RawFields,
}

impl Certificate {
    /// As gnutls_x509_crt_import(DER): a non-SEQUENCE start gives
    /// GNUTLS_E_ASN1_TAG_ERROR (-73), truncation or a malformed body
    /// GNUTLS_E_ASN1_DER_ERROR (-69).
    pub fn from_der(der: &[u8]) -> Result<Self, i32> {
        Self::from_der_flags(der, 0)
    }

    /// As gnutls_x509_crt_import after gnutls_x509_crt_set_flags: besides decoding, the
    /// checks GnuTLS makes on import — the two signature algorithms agree, the alternative
    /// names decode, and (unless GNUTLS_X509_CRT_FLAG_IGNORE_SANITY) only v3 certificates
    /// carry extensions, none twice, and only v2 and later unique identifiers.
    pub fn from_der_flags(der: &[u8], flags: u32) -> Result<Self, i32> {
        let cert = Self::decode(der)?;
        let strip_null = |a: &spki::AlgorithmIdentifierOwned| {
            (a.oid, a.parameters.clone().filter(|p| p.tag() != der::Tag::Null || !p.value().is_empty()))
        };
        if strip_null(&cert.cert.signature_algorithm) != strip_null(&cert.tbs().signature) {
            return Err(crate::constants::GNUTLS_E_CERTIFICATE_ERROR);
        }
        for names in [cert.alt_names(), cert.issuer_alt_names()] {
            match names {
                Ok(_) | Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => {}
                Err(e) => return Err(e),
            }
        }
        if flags & crate::constants::GNUTLS_X509_CRT_FLAG_IGNORE_SANITY == 0 {
            let exts = cert.tbs().extensions.as_deref().unwrap_or_default();
            let version = cert.version();
            if version < 3 && !exts.is_empty() {
                return Err(crate::constants::GNUTLS_E_CERTIFICATE_ERROR);
            }
            if exts.iter().enumerate().any(|(i, e)| exts[..i].iter().any(|p| p.extn_id == e.extn_id)) {
                return Err(crate::constants::GNUTLS_E_X509_DUPLICATE_EXTENSION);
            }
            if version < 2 && (cert.issuer_unique_id().is_some() || cert.subject_unique_id().is_some()) {
                return Err(crate::constants::GNUTLS_E_CERTIFICATE_ERROR);
            }
        }
        Ok(cert)
    }

    fn decode(der: &[u8]) -> Result<Self, i32> {
        let outer = whole_sequence(der)?;
        // The Raw profile takes any serial number, as GnuTLS does.
        let cert = CertificateInner::<Raw>::from_der(der).map_err(|e| crate::errors::Error::from_der(e).code())?;
        let raw = (|| -> der::Result<RawFields> {
            let mut r = SliceReader::new(outer.value())?;
            let tbs: AnyRef<'_> = r.decode()?;
            let alg: AnyRef<'_> = r.decode()?;
            Ok(RawFields { tbs: tbs.to_der()?, signature_algorithm: alg.to_der()? })
        })()
        .map_err(|_| GNUTLS_E_ASN1_DER_ERROR)?;
        let names = (|| -> der::Result<(Vec<u8>, Vec<u8>)> {
            let tbs = AnyRef::from_der(&raw.tbs)?;
            let mut r = SliceReader::new(tbs.value())?;
            let mut first: AnyRef<'_> = r.decode()?;
            if first.tag() != der::Tag::Integer {
                first = r.decode()?; // past the [0] version: the serial number
            }
            let _ = first;
            let _signature: AnyRef<'_> = r.decode()?;
            let issuer: AnyRef<'_> = r.decode()?;
            let _validity: AnyRef<'_> = r.decode()?;
            let subject: AnyRef<'_> = r.decode()?;
            Ok((issuer.to_der()?, subject.to_der()?))
        })()
        .map_err(|_| GNUTLS_E_ASN1_DER_ERROR)?;
        let issuer = Dn::from_der(&names.0).map_err(|e| e.code())?;
        let subject = Dn::from_der(&names.1).map_err(|e| e.code())?;
        Ok(Certificate { der: der.to_vec(), cert, subject, issuer, raw })
    }

    /// As gnutls_x509_crt_import(PEM): first CERTIFICATE block. No block or
    /// broken base64 gives GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR (-207).
    pub fn from_pem(pem: &[u8]) -> Result<Self, i32> {
        Self::from_der(&Self::pem_block(pem)?)
    }

    /// The DER of the first "X509 CERTIFICATE" block, else of the first "CERTIFICATE" one,
    /// read as GnuTLS reads PEM (line breaks optional); any failure is
    /// GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR, as gnutls_x509_crt_import reports it.
    pub fn pem_block(pem: &[u8]) -> Result<Vec<u8>, i32> {
        super::pem::decode(Some("X509 CERTIFICATE"), pem)
            .or_else(|_| super::pem::decode(Some("CERTIFICATE"), pem))
            .map_err(|_| GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The to-be-signed part, as signed.
    pub fn tbs_der(&self) -> &[u8] {
        &self.raw.tbs
    }

    pub fn subject(&self) -> &Dn {
        &self.subject
    }

    pub fn issuer(&self) -> &Dn {
        &self.issuer
    }

    fn tbs(&self) -> &x509_cert::certificate::TbsCertificateInner<Raw> {
        &self.cert.tbs_certificate
    }

    pub fn activation_time(&self) -> i64 {
        self.tbs().validity.not_before.to_unix_duration().as_secs() as i64
    }

    pub fn expiration_time(&self) -> i64 {
        self.tbs().validity.not_after.to_unix_duration().as_secs() as i64
    }

    /// 1, 2 or 3, as gnutls_x509_crt_get_version.
    pub fn version(&self) -> i32 {
        self.tbs().version as i32 + 1
    }

    /// Serial number content bytes (as gnutls_x509_crt_get_serial).
    pub fn serial(&self) -> Vec<u8> {
        self.tbs().serial_number.as_bytes().to_vec()
    }

    pub fn subject_raw(&self) -> Vec<u8> {
        self.subject.der().to_vec()
    }

    pub fn issuer_raw(&self) -> Vec<u8> {
        self.issuer.der().to_vec()
    }

    /// As gnutls_x509_crt_get_dn / get_dn2 (encoding order, "C=US,O=...,CN=...").
    pub fn dn(&self) -> Result<String, i32> {
        self.subject.to_text(GNUTLS_X509_DN_FLAG_COMPAT).map_err(|e| e.code())
    }

    /// As gnutls_x509_crt_get_issuer_dn / get_issuer_dn2.
    pub fn issuer_dn(&self) -> Result<String, i32> {
        self.issuer.to_text(GNUTLS_X509_DN_FLAG_COMPAT).map_err(|e| e.code())
    }

    /// As gnutls_x509_crt_get_dn3(flags=0): RFC 4514 (reversed) order.
    pub fn dn_rfc4514(&self) -> Result<String, i32> {
        self.subject.to_text(0).map_err(|e| e.code())
    }

    /// As gnutls_x509_crt_get_issuer_dn3(flags=0).
    pub fn issuer_dn_rfc4514(&self) -> Result<String, i32> {
        self.issuer.to_text(0).map_err(|e| e.code())
    }

    /// As gnutls_x509_crt_get_dn_by_oid(raw=0): the escaped printable value
    /// (without NUL). Missing → GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn dn_by_oid(&self, oid: &str, index: usize) -> Result<Vec<u8>, i32> {
        self.subject.by_oid(oid, index, false).map_err(|e| e.code())
    }

    pub fn issuer_dn_by_oid(&self, oid: &str, index: usize) -> Result<Vec<u8>, i32> {
        self.issuer.by_oid(oid, index, false).map_err(|e| e.code())
    }

    /// SubjectPublicKeyInfo DER (what gnutls_pubkey_export writes in DER).
    pub fn spki_der(&self) -> Vec<u8> {
        // Re-encoding a decoded DER structure gives back its bytes.
        self.tbs().subject_public_key_info.to_der().unwrap_or_default()
    }

    /// "-----BEGIN PUBLIC KEY-----" export, as gnutls_pubkey_export(PEM).
    pub fn spki_pem(&self) -> String {
        pem_encode("PUBLIC KEY", &self.spki_der())
    }

    /// The public key algorithm's OID (`gnutls_x509_crt_get_pk_oid`).
    /// The SubjectPublicKeyInfo.
    pub fn spki(&self) -> &spki::SubjectPublicKeyInfoOwned {
        &self.tbs().subject_public_key_info
    }

    pub fn pk_oid(&self) -> String {
        self.tbs().subject_public_key_info.algorithm.oid.to_string()
    }

    /// The signature algorithm's OID (`gnutls_x509_crt_get_signature_oid`).
    pub fn signature_oid(&self) -> String {
        self.cert.signature_algorithm.oid.to_string()
    }

    /// The signature's bytes (`gnutls_x509_crt_get_signature`).
    pub fn signature(&self) -> &[u8] {
        self.cert.signature.raw_bytes()
    }

    /// The issuer's and subject's unique identifiers (`get_*_unique_id`).
    pub fn issuer_unique_id(&self) -> Option<&[u8]> {
        self.tbs().issuer_unique_id.as_ref().map(|b| b.raw_bytes())
    }

    pub fn subject_unique_id(&self) -> Option<&[u8]> {
        self.tbs().subject_unique_id.as_ref().map(|b| b.raw_bytes())
    }

    /// (gnutls_pk_algorithm_t, bits) as gnutls_x509_crt_get_pk_algorithm.
    pub fn pk_algorithm(&self) -> (i32, u32) {
        spki_pk_algorithm(&self.tbs().subject_public_key_info)
    }

    /// The public key's numbers, for the algorithms GnuTLS exports them for.
    pub fn pk_params(&self) -> Option<PublicKeyParams> {
        spki_pk_params(&self.tbs().subject_public_key_info)
    }

    /// The extensions, in the order of the certificate.
    pub fn extensions(&self) -> Vec<Extension> {
        self.tbs()
            .extensions
            .iter()
            .flatten()
            .map(|e| Extension { oid: e.extn_id.to_string(), critical: e.critical, value: e.extn_value.as_bytes().to_vec() })
            .collect()
    }

    /// The `index`th extension with this OID: (value, critical); -56 when there is none.
    pub fn extension_by_oid(&self, oid: &str, index: usize) -> Result<(Vec<u8>, bool), i32> {
        self.extension_ref(oid, index).map(|(value, critical)| (value.to_vec(), critical))
    }

    /// The same, borrowed. The OID is parsed once and compared as an OID: verification asks for
    /// several extensions of each certificate on every handshake, and formatting every
    /// extension's OID to compare text cost more than the rest of the status computation.
    fn extension_ref(&self, oid: &str, index: usize) -> Result<(&[u8], bool), i32> {
        let wanted = der::asn1::ObjectIdentifier::new(oid)
            .ok()
            .filter(|parsed| parsed.to_string() == oid) // only the canonical spelling matches, as in a text comparison
            .ok_or(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)?;
        self.tbs()
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == wanted)
            .nth(index)
            .map(|e| (e.extn_value.as_bytes(), e.critical))
            .ok_or(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    }

    fn find_ext<T>(&self, oid: &str, f: impl FnOnce(&[u8]) -> Result<T, crate::errors::Error>) -> Result<(T, bool), i32> {
        let (value, critical) = self.extension_ref(oid, 0)?;
        Ok((f(value).map_err(|e| e.code())?, critical))
    }

    /// (GNUTLS_KEY_* bits, critical).
    pub fn key_usage(&self) -> Result<(u32, bool), i32> {
        self.find_ext(OID_EXT_KEY_USAGE, ext::key_usage)
    }

    /// (critical, CA, path length or -1), as gnutls_x509_crt_get_basic_constraints.
    pub fn basic_constraints(&self) -> Result<(bool, bool, i32), i32> {
        let ((ca, pathlen), critical) = self.find_ext(OID_EXT_BASIC_CONSTRAINTS, ext::basic_constraints)?;
        Ok((critical, ca, pathlen))
    }

    fn eku_oids(&self) -> Result<(Vec<String>, bool), i32> {
        self.find_ext(OID_EXT_EKU, ext::key_purposes)
    }

    /// As gnutls_x509_crt_get_key_purpose_oid: index past the end (or no
    /// extension) gives GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn key_purpose_oid(&self, index: usize) -> Result<(String, bool), i32> {
        let (oids, crit) = self.eku_oids()?;
        oids.get(index).map(|o| (o.clone(), crit)).ok_or(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// GnuTLS's _gnutls_check_key_purpose(cert, purpose, no_any=0): no EKU
    /// extension means "any"; anyExtendedKeyUsage matches everything; CA
    /// certificates also accept the obsolete Netscape/VeriSign SGC OIDs for
    /// the server purpose.
    pub fn has_key_purpose(&self, purpose: &str) -> bool {
        let oids = match self.eku_oids() {
            Ok((o, _)) => o,
            Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => return true,
            Err(_) => return false,
        };
        if oids.is_empty() {
            // A present-but-empty EKU is "no key purpose" for GnuTLS.
            return true;
        }
        let ca = matches!(self.basic_constraints(), Ok((_, true, _)));
        oids.iter().any(|o| {
            o == purpose
                || o == GNUTLS_KP_ANY
                || (ca
                    && purpose == GNUTLS_KP_TLS_WWW_SERVER
                    && (o == "2.16.840.1.113730.4.1" || o == "2.16.840.1.113733.1.8.1"))
        })
    }

    /// The subject alternative names, and whether the extension is critical.
    pub fn alt_names(&self) -> Result<(Vec<ext::GeneralName>, bool), i32> {
        self.find_ext(OID_EXT_SAN, ext::alt_names)
    }

    /// The issuer alternative names, and whether the extension is critical.
    pub fn issuer_alt_names(&self) -> Result<(Vec<ext::GeneralName>, bool), i32> {
        self.find_ext(OID_EXT_IAN, ext::alt_names)
    }

    /// dNSName SAN entries (raw bytes), in order.
    pub fn san_dns_names(&self) -> Vec<Vec<u8>> {
        self.alt_names()
            .map(|(names, _)| names)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.kind == crate::constants::GNUTLS_SAN_DNSNAME)
            .map(|n| n.data)
            .collect()
    }

    /// The `seq`th subjectAltName as (GnuTLS's GNUTLS_SAN_* type, value), as
    /// gnutls_x509_crt_get_subject_alt_name reports it; -56 past the end.
    pub fn subject_alt_name(&self, seq: usize) -> Result<(u32, Vec<u8>), i32> {
        let (names, _) = self.alt_names()?;
        let n = names.into_iter().nth(seq).ok_or(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)?;
        Ok((n.kind, n.data))
    }

    /// GnuTLS's identifier for the algorithm that signed this certificate.
    pub fn signature_algorithm(&self) -> u32 {
        sign_algorithm_of(&self.cert.signature_algorithm)
    }

    /// The salt length of an RSA-PSS signature's parameters (20 when absent, RFC 4055).
    pub fn pss_salt_length(&self) -> Option<u32> {
        pss_salt(&self.cert.signature_algorithm.parameters.as_ref()?.to_der().ok()?)
    }

    /// An RSA-PSS key's restrictions (`gnutls_x509_crt_get_spki`): the digest and salt
    /// length of the SubjectPublicKeyInfo's RSASSA-PSS-params; None for other keys and for
    /// an RSA-PSS key without parameters.
    pub fn spki_pss_params(&self) -> Option<(i32, u32)> {
        spki_pss_params(&self.tbs().subject_public_key_info)
    }

    /// `gnutls_x509_crt_verify_data2`: the signature by the certificate's key, then (unless
    /// both time-check flags are given) its validity at `now` (GNUTLS_E_EXPIRED,
    /// GNUTLS_E_NOT_YET_ACTIVATED) and a key usage without digitalSignature (GnuTLS's
    /// positive GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE).
    pub fn verify_data(&self, scheme: crate::keys::Scheme, data: &[u8], signature: &[u8], flags: u32, now: i64) -> Result<i32, crate::errors::Error> {
        use crate::constants::{GNUTLS_E_EXPIRED, GNUTLS_E_NOT_YET_ACTIVATED, GNUTLS_KEY_DIGITAL_SIGNATURE};
        use crate::errors::Error;
        let key = crate::keys::PublicKey::from_spki(&self.spki_der())?;
        scheme.check_key(key.kind()).map_err(|_| Error::new(crate::constants::GNUTLS_E_INCOMPATIBLE_SIG_WITH_KEY))?;
        key.verify(scheme, data, signature)?;
        let skip_times = GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TIME_CHECKS;
        if flags & skip_times != skip_times {
            if now > self.expiration_time() {
                return Err(Error::new(GNUTLS_E_EXPIRED));
            }
            if now < self.activation_time() {
                return Err(Error::new(GNUTLS_E_NOT_YET_ACTIVATED));
            }
        }
        match self.key_usage() {
            Ok((usage, _)) if usage & GNUTLS_KEY_DIGITAL_SIGNATURE as u32 == 0 => Ok(GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE as i32),
            _ => Ok(0),
        }
    }

    /// As gnutls_x509_crt_check_hostname (flags = 0).
    pub fn check_hostname(&self, hostname: &str) -> bool {
        self.check_hostname2(hostname, 0)
    }

    /// As gnutls_x509_crt_check_hostname2 in 3.7.9 (lib/x509/hostname-verify.c):
    /// IP literals only match iPAddress SANs; otherwise dNSName SANs are
    /// tried, and the CN only when there is neither a dNSName nor an
    /// iPAddress SAN, exactly one CN, and the certificate is acceptable for
    /// TLS WWW server use. No trailing-dot normalisation (GnuTLS has none).
    pub fn check_hostname2(&self, hostname: &str, flags: u32) -> bool {
        use crate::constants::{GNUTLS_SAN_DNSNAME, GNUTLS_SAN_IPADDRESS};
        let sans = self.alt_names().map(|(n, _)| n).unwrap_or_default();

        if flags & GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES == 0 {
            let ip: Option<Vec<u8>> = if hostname.contains(':') {
                hostname.parse::<Ipv6Addr>().ok().map(|a| a.octets().to_vec())
            } else {
                hostname.parse::<Ipv4Addr>().ok().map(|a| a.octets().to_vec())
            };
            // An unparsable string with ':' falls back to name matching, as in GnuTLS.
            if let Some(ip) = ip {
                return self.check_ip(&ip);
            }
        }

        // GnuTLS compares the hostname's IDNA form, or the name as given when it has none.
        let mapped = crate::idna::map(hostname.as_bytes()).ok();
        let host = mapped.as_deref().unwrap_or(hostname.as_bytes());
        let mut found_dns = false;
        let mut have_ip = false;
        for s in &sans {
            if s.kind == GNUTLS_SAN_DNSNAME {
                found_dns = true;
                if s.data.contains(&0) || !s.data.iter().all(|&b| is_print(b)) {
                    continue;
                }
                if hostname_compare(&s.data, host, flags) {
                    return true;
                }
            } else if s.kind == GNUTLS_SAN_IPADDRESS {
                have_ip = true;
            }
        }
        if found_dns || have_ip || !self.has_key_purpose(GNUTLS_KP_TLS_WWW_SERVER) {
            return false;
        }
        // RFC 6125: only a single CN may be used.
        if self.dn_by_oid(OID_CN, 1) != Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
            return false;
        }
        let Ok(cn) = self.dn_by_oid(OID_CN, 0) else { return false };
        if cn.contains(&0) || !cn.iter().all(|&b| is_print(b)) {
            return false;
        }
        hostname_compare(&cn, host, flags)
    }

    /// As gnutls_x509_crt_check_ip: an iPAddress SAN equal to these bytes.
    pub fn check_ip(&self, ip: &[u8]) -> bool {
        let sans = self.alt_names().map(|(n, _)| n).unwrap_or_default();
        sans.iter().any(|s| s.kind == crate::constants::GNUTLS_SAN_IPADDRESS && s.data == ip)
    }

    /// As gnutls_x509_crt_check_email (lib/x509/email-verify.c): an rfc822Name SAN, or
    /// (without any) the single EMAIL attribute of the subject, compared case-insensitively.
    pub fn check_email(&self, email: &str) -> bool {
        let sans = self.alt_names().map(|(n, _)| n).unwrap_or_default();
        let mut found = false;
        for s in sans.iter().filter(|s| s.kind == crate::constants::GNUTLS_SAN_RFC822NAME) {
            found = true;
            if s.data.iter().all(|&b| is_print(b)) && s.data.eq_ignore_ascii_case(email.as_bytes()) {
                return true;
            }
        }
        if found {
            return false;
        }
        const OID_EMAIL: &str = "1.2.840.113549.1.9.1";
        if self.dn_by_oid(OID_EMAIL, 1) != Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
            return false;
        }
        match self.dn_by_oid(OID_EMAIL, 0) {
            Ok(v) => v.iter().all(|&b| is_print(b)) && v.eq_ignore_ascii_case(email.as_bytes()),
            Err(_) => false,
        }
    }

    /// Whether the subject key identifier extension is marked critical.
    pub fn subject_key_id_critical(&self) -> bool {
        self.find_ext(OID_EXT_SKI, ext::subject_key_id).is_ok_and(|(_, c)| c)
    }

    /// The subject key identifier's bytes, if the certificate has one.
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        self.find_ext(OID_EXT_SKI, ext::subject_key_id).ok().map(|(id, _)| id)
    }

    /// The authority key identifier extension, and whether it is critical.
    pub fn authority_key_id_ext(&self) -> Result<(ext::AuthorityKeyId, bool), i32> {
        self.find_ext(OID_EXT_AKI, ext::authority_key_id)
    }

    fn authority_key_id(&self) -> Option<Vec<u8>> {
        self.authority_key_id_ext().ok().and_then(|(a, _)| a.id)
    }

    /// As gnutls_x509_crt_check_issuer: the issuer name must equal the
    /// candidate's subject (raw, or via the printed DN as GnuTLS falls back
    /// to), and when both key identifiers are present they must agree.
    pub fn check_issuer(&self, issuer: &Certificate) -> bool {
        let iname = self.issuer.der();
        let sname = issuer.subject.der();
        let same_name = iname == sname
            || match (self.issuer.to_text(0), issuer.subject.to_text(0)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
        if !same_name {
            return false;
        }
        match (self.authority_key_id(), issuer.subject_key_id()) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        }
    }

    /// As gnutls_x509_crt_get_fingerprint.
    pub fn fingerprint(&self, gnutls_digest: i32) -> Result<Vec<u8>, i32> {
        digest(gnutls_digest, &self.der)
    }

    /// As gnutls_x509_crt_get_key_id: a hash of the SubjectPublicKeyInfo (SHA-1 unless the
    /// flags ask for SHA-256 or SHA-512).
    pub fn key_id(&self, flags: u32) -> Result<Vec<u8>, i32> {
        use crate::constants::{GNUTLS_KEYID_USE_BEST_KNOWN, GNUTLS_KEYID_USE_SHA256, GNUTLS_KEYID_USE_SHA512};
        let alg = if flags & GNUTLS_KEYID_USE_SHA512 != 0 {
            GNUTLS_DIG_SHA512
        } else if flags & (GNUTLS_KEYID_USE_SHA256 | GNUTLS_KEYID_USE_BEST_KNOWN) != 0 {
            GNUTLS_DIG_SHA256
        } else {
            GNUTLS_DIG_SHA1
        };
        digest(alg, &self.spki_der())
    }

    pub(crate) fn validity_at(&self, now: i64) -> u32 {
        validity_bits((self.activation_time(), self.expiration_time()), now)
    }
}

/// A SubjectPublicKeyInfo's (gnutls_pk_algorithm_t, bits), as gnutls_x509_crt_get_pk_algorithm.
pub fn spki_pk_algorithm(spki: &spki::SubjectPublicKeyInfoOwned) -> (i32, u32) {
    let key = spki.subject_public_key.raw_bytes();
    let oid = spki.algorithm.oid.to_string();
    match oid.as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            let alg = if oid.ends_with(".10") { GNUTLS_PK_RSA_PSS } else { GNUTLS_PK_RSA };
            match RsaPublicKey::from_der(key) {
                Ok(k) => (alg, bit_length(k.modulus)),
                Err(_) => (GNUTLS_PK_UNKNOWN, 0),
            }
        }
        "1.2.840.10040.4.1" => match spki_pk_params(spki) {
            Some(PublicKeyParams::Dsa { p, .. }) => {
                let bits = UintRef::new(&p).map(bit_length).unwrap_or(0);
                (GNUTLS_PK_DSA, bits)
            }
            _ => (GNUTLS_PK_UNKNOWN, 0),
        },
        "1.2.840.10045.2.1" => {
            let bits = match spki_pk_params(spki) {
                Some(PublicKeyParams::Ecc { curve, .. }) => {
                    match crate::algorithms::curve_size(curve) {
                        _ if curve == crate::constants::GNUTLS_ECC_CURVE_SECP521R1 => 521,
                        size => size.max(0) as u32 * 8,
                    }
                }
                _ => 0,
            };
            (GNUTLS_PK_ECDSA, bits)
        }
        "1.3.101.112" => (GNUTLS_PK_EDDSA_ED25519, 256),
        "1.3.101.113" => (GNUTLS_PK_EDDSA_ED448, 456),
        "1.3.101.110" => (GNUTLS_PK_ECDH_X25519, 256),
        "1.3.101.111" => (GNUTLS_PK_ECDH_X448, 448),
        _ => (GNUTLS_PK_UNKNOWN, 0),
    }
}

/// A SubjectPublicKeyInfo's numbers, for the algorithms GnuTLS exports them for.
pub fn spki_pk_params(spki: &spki::SubjectPublicKeyInfoOwned) -> Option<PublicKeyParams> {
    use crate::constants::*;
    let key = spki.subject_public_key.raw_bytes();
    let params = spki.algorithm.parameters.as_ref().and_then(|p| p.to_der().ok());
    match spki.algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            let k = RsaPublicKey::from_der(key).ok()?;
            Some(PublicKeyParams::Rsa { m: with_leading_zero(k.modulus), e: with_leading_zero(k.public_exponent) })
        }
        "1.2.840.10040.4.1" => {
            let params = params?;
            let d = DsaParameters::from_der(&params).ok()?;
            let y = UintRef::from_der(key).ok()?;
            Some(PublicKeyParams::Dsa {
                p: with_leading_zero(d.p),
                q: with_leading_zero(d.q),
                g: with_leading_zero(d.g),
                y: with_leading_zero(y),
            })
        }
        "1.2.840.10045.2.1" => {
            let curve_oid = der::asn1::ObjectIdentifier::from_der(&params?).ok()?;
            let curve = crate::algorithms::oid_to_curve(&curve_oid.to_string());
            let size = usize::try_from(crate::algorithms::curve_size(curve)).ok().filter(|&s| s > 0)?;
            // An uncompressed point: 04 || X || Y.
            if key.len() != 1 + 2 * size || key[0] != 4 {
                return None;
            }
            let coord = |b: &[u8]| UintRef::new(b).map(with_leading_zero).ok();
            Some(PublicKeyParams::Ecc { curve, x: coord(&key[1..1 + size])?, y: coord(&key[1 + size..])? })
        }
        oid @ ("1.3.101.112" | "1.3.101.113" | "1.3.101.110" | "1.3.101.111") => {
            let curve = match oid {
                "1.3.101.112" => GNUTLS_ECC_CURVE_ED25519,
                "1.3.101.113" => GNUTLS_ECC_CURVE_ED448,
                "1.3.101.110" => GNUTLS_ECC_CURVE_X25519,
                _ => GNUTLS_ECC_CURVE_X448,
            };
            Some(PublicKeyParams::Ecc { curve, x: key.to_vec(), y: Vec::new() })
        }
        _ => None,
    }
}

/// An RSA-PSS SubjectPublicKeyInfo's (digest, salt length); None for other keys and for an
/// RSA-PSS key without parameters.
pub fn spki_pss_params(spki: &spki::SubjectPublicKeyInfoOwned) -> Option<(i32, u32)> {
    let alg = &spki.algorithm;
    if alg.oid.to_string() != "1.2.840.113549.1.1.10" {
        return None;
    }
    let params = alg.parameters.as_ref()?.to_der().ok()?;
    Some((pss_digest(&params)?, pss_salt(&params)?))
}

/// GnuTLS's time bits for a validity period (not before, not after) at `now`.
fn validity_bits((not_before, not_after): (i64, i64), now: i64) -> u32 {
    if now < not_before {
        GNUTLS_CERT_NOT_ACTIVATED
    } else if now > not_after {
        GNUTLS_CERT_EXPIRED
    } else {
        0
    }
}

/// GnuTLS's identifier for a signature AlgorithmIdentifier (of a certificate or a CRL).
pub(crate) fn sign_algorithm_of(alg: &spki::AlgorithmIdentifierOwned) -> u32 {
    use crate::constants::*;
    let oid = alg.oid.to_string();
    if oid == "1.2.840.113549.1.1.10" {
        // RSA-PSS: the digest is in the parameters.
        return match alg.parameters.as_ref().and_then(|p| p.to_der().ok()).and_then(|p| pss_digest(&p)) {
            Some(self::GNUTLS_DIG_SHA256) => GNUTLS_SIGN_RSA_PSS_SHA256,
            Some(self::GNUTLS_DIG_SHA384) => GNUTLS_SIGN_RSA_PSS_SHA384,
            Some(self::GNUTLS_DIG_SHA512) => GNUTLS_SIGN_RSA_PSS_SHA512,
            _ => GNUTLS_SIGN_UNKNOWN,
        };
    }
    crate::algorithms::oid_to_sign(&oid)
}

/// One field of RSASSA-PSS-params (RFC 4055), by its context tag octet.
fn pss_field(params: &[u8], tag: u8) -> Option<AnyRef<'_>> {
    let seq = AnyRef::from_der(params).ok()?;
    let mut r = SliceReader::new(seq.value()).ok()?;
    while !r.is_finished() {
        let field: AnyRef<'_> = r.decode().ok()?;
        if field.tag().octet() == tag {
            return Some(field);
        }
    }
    None
}

/// The salt length of RSASSA-PSS-params: `[2] saltLength`, 20 when absent (RFC 4055).
fn pss_salt(params: &[u8]) -> Option<u32> {
    pss_field(params, 0xa2).map_or(Some(20), |f| {
        let n = UintRef::from_der(f.value()).ok()?;
        n.as_bytes().iter().try_fold(0u32, |acc, b| acc.checked_mul(256).map(|a| a | *b as u32))
    })
}

/// The digest of RSASSA-PSS-params: `[0] hashAlgorithm`, SHA-1 when absent.
fn pss_digest(params: &[u8]) -> Option<i32> {
    let Some(field) = pss_field(params, 0xa0) else { return Some(GNUTLS_DIG_SHA1) };
    let alg = spki::AlgorithmIdentifierRef::from_der(field.value()).ok()?;
    match alg.oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => Some(GNUTLS_DIG_SHA256),
        "2.16.840.1.101.3.4.2.2" => Some(GNUTLS_DIG_SHA384),
        "2.16.840.1.101.3.4.2.3" => Some(GNUTLS_DIG_SHA512),
        _ => None,
    }
}

fn is_print(b: u8) -> bool {
    (0x20..=0x7e).contains(&b)
}

/// GnuTLS _gnutls_hostname_compare (3.7.9): case-insensitive ASCII; a
/// leading '*' matches within the first label only and needs at least two
/// further labels; names with non-printable bytes compare byte-exact.
fn hostname_compare(cert: &[u8], host: &[u8], flags: u32) -> bool {
    if !cert.iter().all(|&b| is_print(b)) {
        return cert == host;
    }
    if cert.first() == Some(&b'*') && flags & GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS == 0 {
        let last_dot = cert.iter().rposition(|&b| b == b'.');
        let first_dot = cert.iter().position(|&b| b == b'.');
        match (first_dot, last_dot) {
            (Some(f), Some(l)) if f != l && l + 1 < cert.len() => {}
            _ => return false,
        }
        let pattern = &cert[1..];
        let mut h = host;
        loop {
            if pattern.eq_ignore_ascii_case(h) {
                return true;
            }
            match h.first() {
                None | Some(b'.') => return false,
                Some(_) => h = &h[1..],
            }
        }
    }
    cert.eq_ignore_ascii_case(host)
}

/// A digest by GnuTLS's identifier for fingerprints and key ids: the crypto API's digest,
/// over the algorithms these have offered so far.
pub fn digest(alg: i32, data: &[u8]) -> Result<Vec<u8>, i32> {
    use crate::crypto_api::digest::{digest, DigestAlg};
    match alg {
        GNUTLS_DIG_MD5 | GNUTLS_DIG_SHA1 | GNUTLS_DIG_SHA256 | GNUTLS_DIG_SHA384 | GNUTLS_DIG_SHA512 => {
            DigestAlg::from_id(alg as u32).map(|a| digest(a, data)).ok_or(GNUTLS_E_UNKNOWN_HASH_ALGORITHM)
        }
        _ => Err(GNUTLS_E_UNKNOWN_HASH_ALGORITHM),
    }
}

/// PEM with 64-column lines, as GnuTLS's exporters write it.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    // pem-rfc7468 only fails for an invalid label; ours are constants.
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Loading trust files, CRLs, keys
// ---------------------------------------------------------------------------

/// Every CERTIFICATE block, as gnutls_certificate_set_x509_trust_mem(PEM)
/// sees them: no block at all is Ok(empty) (GnuTLS returns 0 certificates
/// for an empty or non-PEM file); any broken block fails the whole load
/// (-207 for bad base64 / missing END, -73/-69 for bad DER inside).
pub fn pem_certificates(data: &[u8]) -> Result<Vec<Vec<u8>>, i32> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some((der, after)) = next_pem_certificate(rest)? {
        out.push(Certificate::from_der(&der)?.der);
        rest = after;
    }
    Ok(out)
}

/// The first "CERTIFICATE" or "X509 CERTIFICATE" PEM block of `data`, decoded, and what
/// follows it. GnuTLS reads the markers and the base64 wherever they stand: line breaks are
/// not needed, other blocks are skipped.
fn next_pem_certificate(data: &[u8]) -> Result<Option<(Vec<u8>, &[u8])>, i32> {
    use super::pem::find;
    use base64ct::Encoding as _;
    let bad = GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR;
    let found = ["CERTIFICATE", "X509 CERTIFICATE"]
        .iter()
        .filter_map(|label| find(data, format!("-----BEGIN {label}-----").as_bytes()).map(|at| (at, *label)))
        .min();
    let Some((at, label)) = found else { return Ok(None) };
    let body = &data[at + "-----BEGIN -----".len() + label.len()..];
    let end_marker = format!("-----END {label}-----");
    let end = find(body, end_marker.as_bytes()).ok_or(bad)?;
    let b64: Vec<u8> = body[..end].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let der = std::str::from_utf8(&b64).ok().and_then(|t| base64ct::Base64::decode_vec(t).ok()).ok_or(bad)?;
    Ok(Some((der, &body[end + end_marker.len()..])))
}

/// DER mode loads exactly one certificate (GnuTLS: -73 for empty/garbage,
/// -69 for truncated).
pub fn der_or_pem_certificates(data: &[u8], pem: bool) -> Result<Vec<Vec<u8>>, i32> {
    if pem {
        pem_certificates(data)
    } else {
        Certificate::from_der(data).map(|c| vec![c.der])
    }
}

/// As gnutls_certificate_set_x509_crl_mem: PEM without any "X509 CRL"
/// block is GNUTLS_E_BASE64_DECODING_ERROR (-34); DER garbage -73/-69.
pub fn crls_from(data: &[u8], pem: bool) -> Result<Vec<Vec<u8>>, i32> {
    let check = |der: &[u8]| -> Result<Vec<u8>, i32> {
        super::crl::Crl::from_der(der).map_err(|e| e.code())?;
        Ok(der.to_vec())
    };
    if !pem {
        return check(data).map(|d| vec![d]);
    }
    let mut out = Vec::new();
    for item in CertificateRevocationListDer::pem_slice_iter(data) {
        let der = item.map_err(|_| GNUTLS_E_BASE64_DECODING_ERROR)?;
        out.push(check(der.as_ref())?);
    }
    if out.is_empty() {
        return Err(GNUTLS_E_BASE64_DECODING_ERROR);
    }
    Ok(out)
}

/// PKCS#8, PKCS#1 RSA or SEC1 EC. PEM without a key block (or with broken
/// base64) is GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE (-56), as
/// gnutls_certificate_set_x509_key_mem reports; DER garbage is -73.
/// Encrypted PKCS#8 is not supported (no password API here).
pub fn load_private_key(data: &[u8], pem: bool) -> Result<PrivateKeyDer<'static>, i32> {
    if pem {
        return PrivateKeyDer::from_pem_slice(data)
            .map_err(|_| GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
    }
    whole_sequence(data)?;
    let mut copy = data.to_vec();
    let result = PrivateKeyDer::try_from(copy.as_slice())
        .map(|k| k.clone_key())
        .map_err(|_| GNUTLS_E_ASN1_TAG_ERROR);
    // The owned key holds its own copy; don't leave key material behind.
    copy.zeroize();
    result
}

/// A private key that may be a password-protected PKCS#8 one ("ENCRYPTED PRIVATE KEY"),
/// as gnutls_certificate_set_x509_key_file2 takes it: a protected key without the right
/// password fails with GnuTLS's GNUTLS_E_DECRYPTION_FAILED; a password given for a plain
/// key is ignored, as GnuTLS does.
pub fn load_private_key_with_password(data: &[u8], pem: bool, password: Option<&[u8]>) -> Result<PrivateKeyDer<'static>, i32> {
    use pkcs8::der::Decode;
    let encrypted = if pem {
        let text = std::str::from_utf8(data).ok();
        match text.and_then(|t| t.find("-----BEGIN ENCRYPTED PRIVATE KEY-----").map(|at| &t[at..])) {
            Some(block) => match pkcs8::der::pem::decode_vec(block.as_bytes()) {
                Ok((_, der)) => Some(zeroize::Zeroizing::new(der)),
                Err(_) => return Err(GNUTLS_E_BASE64_DECODING_ERROR),
            },
            None => None,
        }
    } else {
        pkcs8::EncryptedPrivateKeyInfo::from_der(data).is_ok().then(|| zeroize::Zeroizing::new(data.to_vec()))
    };
    let Some(encrypted) = encrypted else { return load_private_key(data, pem) };
    let info = pkcs8::EncryptedPrivateKeyInfo::from_der(&encrypted).map_err(|_| GNUTLS_E_ASN1_DER_ERROR)?;
    let password = password.ok_or(GNUTLS_E_DECRYPTION_FAILED)?;
    let plain = info.decrypt(password).map_err(|_| GNUTLS_E_DECRYPTION_FAILED)?;
    PrivateKeyDer::try_from(plain.as_bytes()).map(|k| k.clone_key()).map_err(|_| GNUTLS_E_ASN1_DER_ERROR)
}

// ---------------------------------------------------------------------------
// Trust store and verification
// ---------------------------------------------------------------------------

struct Anchor {
    der: Vec<u8>,
    ta: TrustAnchor<'static>,
    /// Its validity period (not before, not after), kept so that verifications need not
    /// parse the anchor again.
    validity: (i64, i64),
}

#[derive(Default)]
pub struct TrustStore {
    anchors: Vec<Anchor>,
    crls: Vec<super::crl::Crl>,
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one CA certificate (DER). Duplicates are ignored.
    pub fn add_ca_der(&mut self, der: &[u8]) -> Result<(), i32> {
        let cert = Certificate::from_der(der)?;
        if self.anchors.iter().any(|a| a.der == cert.der) {
            return Ok(());
        }
        let cd = CertificateDer::from(cert.der.as_slice());
        let ta = webpki::anchor_from_trusted_cert(&cd)
            .map_err(|_| GNUTLS_E_ASN1_DER_ERROR)?
            .to_owned();
        let validity = (cert.activation_time(), cert.expiration_time());
        self.anchors.push(Anchor { der: cert.der, ta, validity });
        Ok(())
    }

    /// Adds every certificate of a PEM/DER buffer; returns how many, as
    /// gnutls_certificate_set_x509_trust_mem does.
    pub fn add_ca_data(&mut self, data: &[u8], pem: bool) -> Result<usize, i32> {
        let certs = der_or_pem_certificates(data, pem)?;
        for c in &certs {
            self.add_ca_der(c)?;
        }
        Ok(certs.len())
    }

    pub fn add_crl_der(&mut self, der: &[u8]) -> Result<(), i32> {
        self.crls.push(super::crl::Crl::from_der(der).map_err(|e| e.code())?);
        Ok(())
    }

    /// Whether a CRL of the store lists one of these certificates, as GnuTLS checks the
    /// CRLs of a trust list: by issuer name and serial number.
    pub fn revokes_any(&self, certs: &[Certificate]) -> bool {
        certs.iter().any(|c| self.crls.iter().any(|crl| crl.revokes(c)))
    }

    /// Removes a CA certificate (DER); whether it was there.
    pub fn remove_ca_der(&mut self, der: &[u8]) -> bool {
        let before = self.anchors.len();
        self.anchors.retain(|a| a.der != der);
        self.anchors.len() != before
    }

    /// Removes a CRL (DER); whether it was there.
    pub fn remove_crl_der(&mut self, der: &[u8]) -> bool {
        match self.crls.iter().position(|c| c.der() == der) {
            Some(i) => {
                self.crls.remove(i);
                true
            }
            None => false,
        }
    }

    pub fn crls_der(&self) -> impl Iterator<Item = &[u8]> {
        self.crls.iter().map(|c| c.der())
    }

    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    pub fn crl_count(&self) -> usize {
        self.crls.len()
    }

    pub fn anchors_der(&self) -> impl Iterator<Item = &[u8]> {
        self.anchors.iter().map(|a| a.der.as_slice())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// No EKU check: what gnutls_certificate_verify_peers2/3 do (they pass
    /// no GNUTLS_DT_KEY_PURPOSE_OID).
    Any,
    /// GNUTLS_KP_TLS_WWW_SERVER given as GNUTLS_DT_KEY_PURPOSE_OID.
    ServerAuth,
    /// GNUTLS_KP_TLS_WWW_CLIENT given as GNUTLS_DT_KEY_PURPOSE_OID.
    ClientAuth,
}

/// EKU policy matching GnuTLS: no EKU = any purpose, anyExtendedKeyUsage
/// accepted, otherwise the OID must be listed.
struct EkuPolicy(Purpose);

const ANY_EKU: &[usize] = &[2, 5, 29, 37, 0];
const SERVER_EKU: &[usize] = &[1, 3, 6, 1, 5, 5, 7, 3, 1];
const CLIENT_EKU: &[usize] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];

impl webpki::ExtendedKeyUsageValidator for EkuPolicy {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let want = match self.0 {
            Purpose::Any => return Ok(()),
            Purpose::ServerAuth => SERVER_EKU,
            Purpose::ClientAuth => CLIENT_EKU,
        };
        let mut seen_any = false;
        for id in iter {
            seen_any = true;
            let oid = id?.to_decoded_oid();
            if oid == want || oid == ANY_EKU {
                return Ok(());
            }
        }
        if !seen_any {
            return Ok(());
        }
        #[allow(deprecated)]
        Err(webpki::Error::RequiredEkuNotFound)
    }
}

/// The contents of a DER TLV (what webpki compares of an AlgorithmIdentifier).
fn tlv_contents(der: &[u8]) -> Option<Vec<u8>> {
    AnyRef::from_der(der).ok().map(|a| a.value().to_vec())
}

/// Verifiers for the chain's RSA-PSS signatures (`PssCertVerifier`), one per signature
/// algorithm and RSA key algorithm among the chain's and the anchors' keys; none when no
/// certificate is signed with RSA-PSS.
fn pss_verifiers(certs: &[Certificate], anchors: &[TrustAnchor<'_>]) -> Vec<crate::keys::public::PssCertVerifier> {
    let pss_oid = crate::keys::formats::RSA_PSS;
    let sig_algs: Vec<Vec<u8>> = certs
        .iter()
        .filter(|c| c.cert.signature_algorithm.oid == pss_oid)
        .filter_map(|c| tlv_contents(&c.cert.signature_algorithm.to_der().ok()?))
        .collect();
    if sig_algs.is_empty() {
        return Vec::new();
    }
    // rsaEncryption with its NULL parameters.
    let mut key_algs: Vec<Vec<u8>> = vec![vec![0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]];
    key_algs.extend(certs.iter().filter_map(|c| tlv_contents(&c.tbs().subject_public_key_info.algorithm.to_der().ok()?)));
    key_algs.extend(anchors.iter().filter_map(|a| {
        let mut r = SliceReader::new(a.subject_public_key_info.as_ref()).ok()?;
        let alg: AnyRef<'_> = r.decode().ok()?;
        Some(alg.value().to_vec())
    }));
    key_algs.sort();
    key_algs.dedup();
    let mut out = Vec::new();
    for sig in &sig_algs {
        for key in &key_algs {
            if let Some(v) = crate::keys::public::PssCertVerifier::new(sig, key) {
                out.push(v);
            }
        }
    }
    out
}

/// Whether some certificate that could have issued `leaf` (by name) is at hand.
fn issuer_known(leaf: &Certificate, intermediates: &[Certificate], store: &TrustStore) -> bool {
    let issuer = leaf.issuer_raw();
    intermediates.iter().any(|c| c.der != leaf.der && c.subject_raw() == issuer)
        || store.anchors.iter().any(|a| a.ta.subject.as_ref() == issuer_name_content(&issuer))
}

/// A Name's contents without its outer SEQUENCE header, as webpki keeps anchor subjects.
fn issuer_name_content(name: &[u8]) -> &[u8] {
    AnyRef::from_der(name).map_or(name, |n| n.value())
}

/// GnuTLS bits for a webpki error. Time errors are handled by the caller.
fn map_webpki_error(e: &webpki::Error) -> u32 {
    use webpki::Error as E;
    let bits = match e {
        E::UnknownIssuer => GNUTLS_CERT_SIGNER_NOT_FOUND,
        E::CertExpired { .. } => GNUTLS_CERT_EXPIRED,
        E::CertNotValidYet { .. } => GNUTLS_CERT_NOT_ACTIVATED,
        E::CertRevoked => GNUTLS_CERT_REVOKED,
        E::InvalidSignatureForPublicKey | E::SignatureAlgorithmMismatch => {
            GNUTLS_CERT_SIGNATURE_FAILURE
        }
        #[allow(deprecated)]
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => GNUTLS_CERT_INSECURE_ALGORITHM,
        // Observed from GnuTLS for a chain through a CA:FALSE issuer: 0x10082.
        E::EndEntityUsedAsCa => GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
        E::PathLenConstraintViolated | E::NameConstraintViolation => {
            GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE
        }
        #[allow(deprecated)]
        E::RequiredEkuNotFound | E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => {
            GNUTLS_CERT_PURPOSE_MISMATCH
        }
        E::UnsupportedCriticalExtension => GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
        E::CrlExpired { .. } => GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
        // CA-as-leaf (GnuTLS accepts it, webpki does not), malformed input,
        // CRL problems, resource limits: rejected without a more specific bit.
        _ => 0,
    };
    bits | GNUTLS_CERT_INVALID
}

fn is_time_error(e: &webpki::Error) -> bool {
    matches!(
        e,
        webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. }
    )
}

/// gnutls_x509_trust_list_verify_crt2 / gnutls_certificate_verify_peers3
/// status for a peer chain (leaf first). Never 0 when either GnuTLS or
/// webpki would reject the chain.
///
/// `now_unix` is the verification time; `flags` are
/// gnutls_certificate_verify_flags (DISABLE_TIME_CHECKS,
/// DISABLE_TRUSTED_TIME_CHECKS, DISABLE_CRL_CHECKS, DO_NOT_ALLOW_WILDCARDS,
/// DO_NOT_ALLOW_IP_MATCHES are honoured; flags that would loosen checks
/// webpki cannot loosen, e.g. DISABLE_CA_SIGN or ALLOW_SIGN_WITH_SHA1, are
/// ignored so the result stays strict).
pub fn verify_chain(
    chain: &[Vec<u8>],
    store: &TrustStore,
    hostname: Option<&str>,
    now_unix: u64,
    purpose: Purpose,
    flags: u32,
) -> u32 {
    // Each certificate is parsed once, for the path and for the checks after it.
    match chain.iter().map(|d| Certificate::from_der(d)).collect::<Result<Vec<_>, _>>() {
        Ok(certs) => verify_certs(&certs, store, hostname, now_unix, purpose, flags),
        Err(_) => {
            let leaf = chain.first().and_then(|d| Certificate::from_der(d).ok());
            match (hostname, leaf) {
                (Some(h), Some(leaf)) if leaf.check_hostname2(h, flags) => GNUTLS_CERT_INVALID,
                (Some(_), _) => GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID,
                (None, _) => GNUTLS_CERT_INVALID,
            }
        }
    }
}

/// `verify_chain` over certificates the caller has parsed already.
pub fn verify_certs(
    certs: &[Certificate],
    store: &TrustStore,
    hostname: Option<&str>,
    now_unix: u64,
    purpose: Purpose,
    flags: u32,
) -> u32 {
    let mut status = chain_status(certs, store, now_unix, purpose, flags);
    if let Some(h) = hostname {
        if !certs.first().is_some_and(|c| c.check_hostname2(h, flags)) {
            status |= GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID;
        }
    }
    // GnuTLS consults the trust list's CRLs once everything else is fine, by issuer name and
    // serial number, taking them as given (they were verified when added, if the program
    // asked): not webpki's revocation check, which reads no v1 CRL and refuses every chain
    // under a CRL whose signature fails, where GnuTLS still finds the revoked serials.
    if status == 0 && flags & GNUTLS_VERIFY_DISABLE_CRL_CHECKS == 0 && store.crl_count() > 0 && store.revokes_any(certs) {
        status |= GNUTLS_CERT_REVOKED | GNUTLS_CERT_INVALID;
    }
    status
}

fn chain_status(
    certs: &[Certificate],
    store: &TrustStore,
    now_unix: u64,
    purpose: Purpose,
    flags: u32,
) -> u32 {
    let now = i64::try_from(now_unix).unwrap_or(i64::MAX);
    let time_checks = flags & GNUTLS_VERIFY_DISABLE_TIME_CHECKS == 0;
    let trusted_time_checks =
        time_checks && flags & GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS == 0;

    let Some(leaf) = certs.first() else {
        return GNUTLS_CERT_INVALID;
    };

    // GnuTLS trusts a peer certificate that is itself in the trust list,
    // checking only its validity period; with GNUTLS_VERIFY_DO_NOT_ALLOW_SAME a
    // self-issued one must verify against itself, its own signature checked.
    if store.anchors.iter().any(|a| a.der == leaf.der) {
        let same_allowed = flags & GNUTLS_VERIFY_DO_NOT_ALLOW_SAME == 0;
        if same_allowed || leaf.check_issuer(leaf) {
            let mut bits = if trusted_time_checks { leaf.validity_at(now) } else { 0 };
            if !same_allowed {
                bits |= match signed_by(leaf, &leaf.der, flags) {
                    Ok(true) => 0,
                    Ok(false) => GNUTLS_CERT_SIGNATURE_FAILURE,
                    Err(b) => b,
                };
            }
            return if bits != 0 { bits | GNUTLS_CERT_INVALID } else { 0 };
        }
    }

    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let Ok(ee) = EndEntityCert::try_from(&leaf_der) else {
        return GNUTLS_CERT_INVALID;
    };
    let intermediates: Vec<CertificateDer<'_>> = certs[1..]
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let anchors: Vec<TrustAnchor<'_>> = store.anchors.iter().map(|a| a.ta.clone()).collect();
    let pss = pss_verifiers(certs, &anchors);
    let algs: Vec<&dyn rustls_pki_types::SignatureVerificationAlgorithm> =
        super::cert_algs::for_flags(flags).map(|a| a as &dyn rustls_pki_types::SignatureVerificationAlgorithm).chain(pss.iter().map(|v| v as &dyn rustls_pki_types::SignatureVerificationAlgorithm)).collect();
    // Evaluate at `t` and report which certificates (by DER) the path used. CRLs are not
    // webpki's to check: GnuTLS checks them after the path (see `verify_chain`).
    let run = |t: i64| -> Result<(Vec<Vec<u8>>, Option<Vec<u8>>), webpki::Error> {
        let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(
            u64::try_from(t).unwrap_or(0),
        ));
        let path = ee.verify_for_usage(
            &algs,
            &anchors,
            &intermediates,
            time,
            EkuPolicy(purpose),
            None,
            None,
        )?;
        let used: Vec<Vec<u8>> = path
            .intermediate_certificates()
            .map(|c| c.der().as_ref().to_vec())
            .collect();
        let ta = path.anchor();
        let anchor_der = store
            .anchors
            .iter()
            .find(|a| {
                a.ta.subject.as_ref() == ta.subject.as_ref()
                    && a.ta.subject_public_key_info.as_ref() == ta.subject_public_key_info.as_ref()
            })
            .map(|a| a.der.clone());
        Ok((used, anchor_der))
    };

    // Time bits GnuTLS would report for a path that otherwise verifies.
    let path_time_bits = |used: &[Vec<u8>], anchor: &Option<Vec<u8>>| -> u32 {
        let mut bits = 0;
        if time_checks {
            bits |= leaf.validity_at(now);
            for d in used {
                // The path's intermediates are the peer's, already parsed.
                match certs.iter().find(|c| &c.der == d) {
                    Some(c) => bits |= c.validity_at(now),
                    None => {
                        if let Ok(c) = Certificate::from_der(d) {
                            bits |= c.validity_at(now);
                        }
                    }
                }
            }
        }
        if trusted_time_checks {
            if let Some(a) = anchor.as_ref().and_then(|d| store.anchors.iter().find(|a| &a.der == d)) {
                bits |= validity_bits(a.validity, now);
            }
        }
        bits
    };

    let first = if time_checks { Some(run(now)) } else { None };
    match first {
        Some(Ok((used, anchor))) => {
            let bits = path_time_bits(&used, &anchor) | path_constraint_bits(leaf, certs, &used, anchor.as_deref(), flags);
            return if bits != 0 { bits | GNUTLS_CERT_INVALID } else { 0 };
        }
        // divergence: webpki refuses a CA certificate as the peer's own, which GnuTLS
        // accepts when it chains to a trusted CA; an unknown issuer (a self-signed CA,
        // typically) still reads as GnuTLS reports it.
        Some(Err(webpki::Error::CaUsedAsEndEntity)) if !issuer_known(leaf, &certs[1..], store) => {
            return GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_INVALID
        }
        Some(Err(ref e)) if !is_time_error(e) => return map_webpki_error(e),
        _ => {}
    }

    // webpki checks every certificate against one instant and stops at the
    // first one out of its validity period, whereas GnuTLS checks each
    // certificate's dates separately and, if the chain does not reach a
    // trust anchor, reports only the missing issuer (probed: expired leaf +
    // unknown CA = 0x42). So rebuild the path by names and signatures alone
    // to learn which bits GnuTLS would set.
    let path = match structural_path(certs, store, flags) {
        Ok(p) => p,
        Err(bits) => return bits | GNUTLS_CERT_INVALID,
    };
    let used: Vec<Vec<u8>> = path.intermediates.iter().map(|c| c.der.clone()).collect();
    let mut bits = path_time_bits(&used, &path.anchor) | path_constraint_bits(leaf, certs, &used, path.anchor.as_deref(), flags);

    // Run the full webpki checks (CA flags, constraints, EKU, CRLs) at an
    // instant where the path's own certificates are valid, if one exists.
    let lo = path.intermediates.iter().map(|c| c.activation_time()).fold(leaf.activation_time(), i64::max);
    let hi = path.intermediates.iter().map(|c| c.expiration_time()).fold(leaf.expiration_time(), i64::min);
    if lo <= hi {
        if let Err(e) = run(now.clamp(lo, hi)) {
            if !is_time_error(&e) {
                bits |= map_webpki_error(&e);
            } else if bits == 0 {
                bits |= GNUTLS_CERT_INVALID;
            }
        }
    } else if bits == 0 {
        // Disjoint validity periods with time checks disabled: webpki cannot
        // evaluate the rest of the path, so refuse rather than guess
        // (GnuTLS would return 0 here if everything else is fine).
        bits |= GNUTLS_CERT_INVALID;
    }
    if bits != 0 { bits | GNUTLS_CERT_INVALID } else { 0 }
}

/// GnuTLS's name-constraint and TLS-feature checks (`path_checks`) over a path: the end
/// certificate, the intermediates it used (DER, from its issuer up) and the anchor's DER.
fn path_constraint_bits(leaf: &Certificate, certs: &[Certificate], used: &[Vec<u8>], anchor: Option<&[u8]>, flags: u32) -> u32 {
    let parse = |d: &[u8]| certs.iter().find(|c| c.der == d).cloned().or_else(|| Certificate::from_der(d).ok());
    let mut top_down: Vec<Certificate> = Vec::with_capacity(used.len() + 2);
    if let Some(a) = anchor.and_then(parse) {
        top_down.push(a);
    }
    for d in used.iter().rev() {
        match parse(d) {
            Some(c) => top_down.push(c),
            None => return GNUTLS_CERT_INVALID,
        }
    }
    top_down.push(leaf.clone());
    super::path_checks::constraint_bits(&top_down.iter().collect::<Vec<_>>(), flags)
}

struct StructuralPath {
    intermediates: Vec<Certificate>,
    anchor: Option<Vec<u8>>,
}

/// Whether `issuer` signed `cert`: Ok(true) yes, Ok(false) names match but
/// the signature is bad, Err(bits) for an unusable algorithm.
fn signed_by(cert: &Certificate, issuer_der: &[u8], flags: u32) -> Result<bool, u32> {
    signed_der_by(&cert.der, issuer_der, flags)
}

/// Whether `issuer` signed the signed object `signed` (a certificate or a CRL: SEQUENCE
/// of the to-be-signed part, the algorithm and the signature), with the same answers as
/// `signed_by`.
pub fn signed_der_by(signed: &[u8], issuer_der: &[u8], flags: u32) -> Result<bool, u32> {
    let parts = (|| -> der::Result<(Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>)> {
        let outer = AnyRef::from_der(signed)?;
        let mut r = SliceReader::new(outer.value())?;
        let tbs: AnyRef<'_> = r.decode()?;
        let alg: AnyRef<'_> = r.decode()?;
        let sig: der::asn1::BitStringRef<'_> = r.decode()?;
        r.finish(())?;
        if alg.tag() != der::Tag::Sequence || sig.unused_bits() != 0 {
            return Err(der::Tag::Sequence.value_error());
        }
        Ok((tbs.to_der()?, alg.value().to_vec(), sig.raw_bytes().to_vec(), alg.to_der()?))
    })();
    let Ok((tbs, alg, sig, alg_der)) = parts else {
        return Err(GNUTLS_CERT_INVALID);
    };
    // RSA-PSS: any salt, and issuers with RSA-PSS keys (webpki takes neither).
    let pss_params = spki::AlgorithmIdentifierRef::from_der(&alg_der)
        .ok()
        .filter(|a| a.oid == crate::keys::formats::RSA_PSS)
        .map(|a| a.parameters.map(|p| p.to_der()));
    if let Some(params) = pss_params {
        let Some(Ok(id)) = params else { return Err(GNUTLS_CERT_INVALID) };
        let issuer = Certificate::from_der(issuer_der).map_err(|_| GNUTLS_CERT_INVALID)?;
        let key = crate::keys::PublicKey::from_spki(&issuer.spki_der()).map_err(|_| GNUTLS_CERT_INVALID)?;
        return match key.verify_pss_params(&id, &tbs, &sig) {
            Ok(()) => Ok(true),
            Err(e) if e.code() == crate::constants::GNUTLS_E_PK_SIG_VERIFY_FAILED || e.code() == crate::constants::GNUTLS_E_CONSTRAINT_ERROR => Ok(false),
            Err(_) => Err(GNUTLS_CERT_INSECURE_ALGORITHM),
        };
    }
    let issuer_der = CertificateDer::from(issuer_der);
    let Ok(issuer) = EndEntityCert::try_from(&issuer_der) else {
        return Err(GNUTLS_CERT_INVALID);
    };
    let mut saw_candidate = false;
    for a in super::cert_algs::for_flags(flags) {
        if a.signature_alg_id().as_ref() != alg.as_slice() {
            continue;
        }
        saw_candidate = true;
        if issuer.verify_signature(a, &tbs, &sig).is_ok() {
            return Ok(true);
        }
    }
    if saw_candidate { Ok(false) } else { Err(GNUTLS_CERT_INSECURE_ALGORITHM) }
}

/// Issuer chaining by name + signature only (no dates, no constraints).
/// Err carries GnuTLS bits: SIGNER_NOT_FOUND when no anchor is reached,
/// SIGNATURE_FAILURE / INSECURE_ALGORITHM when the only issuer fails.
fn structural_path(certs: &[Certificate], store: &TrustStore, flags: u32) -> Result<StructuralPath, u32> {
    let mut cur = certs.first().cloned().ok_or(GNUTLS_CERT_INVALID)?;
    let mut intermediates: Vec<Certificate> = Vec::new();
    for _ in 0..16 {
        if let Some(a) = store.anchors.iter().find(|a| a.der == cur.der) {
            return Ok(StructuralPath { intermediates, anchor: Some(a.der.clone()) });
        }
        let mut failure = None;
        for a in &store.anchors {
            let Ok(ac) = Certificate::from_der(&a.der) else { continue };
            if !cur.check_issuer(&ac) {
                continue;
            }
            match signed_by(&cur, &a.der, flags) {
                Ok(true) => return Ok(StructuralPath { intermediates, anchor: Some(a.der.clone()) }),
                Ok(false) => failure = Some(GNUTLS_CERT_SIGNATURE_FAILURE),
                Err(b) => failure = Some(b),
            }
        }
        let mut next = None;
        for c in &certs[1..] {
            if c.der == cur.der || intermediates.iter().any(|i| i.der == c.der) || !cur.check_issuer(c) {
                continue;
            }
            match signed_by(&cur, &c.der, flags) {
                Ok(true) => {
                    next = Some(c.clone());
                    break;
                }
                Ok(false) => failure = failure.or(Some(GNUTLS_CERT_SIGNATURE_FAILURE)),
                Err(b) => failure = failure.or(Some(b)),
            }
        }
        match next {
            Some(n) => {
                intermediates.push(n.clone());
                cur = n;
            }
            None => return Err(failure.unwrap_or(GNUTLS_CERT_SIGNER_NOT_FOUND)),
        }
    }
    Err(GNUTLS_CERT_SIGNER_NOT_FOUND)
}

/// Whether a certificate's key may make TLS handshake signatures (every key exchange
/// rustls has signs): its key usage, when it has one, includes digitalSignature, as GnuTLS
/// requires of a signing peer.
pub fn may_sign_handshakes(cert: &Certificate) -> bool {
    !matches!(cert.key_usage(), Ok((usage, _)) if usage & crate::constants::GNUTLS_KEY_DIGITAL_SIGNATURE as u32 == 0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::x509::dn::hex_lower;
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;

    // Generated fresh per test run so no committed certificate can expire.
    const MKPKI: &str = r#"#!/bin/sh
# Builds a throwaway PKI in $1 with certtool; run at test time so nothing with an expiry is committed.
set -e
D="$1"; mkdir -p "$D"; cd "$D"
gen() { certtool --generate-privkey --key-type "$1" --outfile "$2" 2>/dev/null >/dev/null; }
tmpl() { f="$1"; shift; : > "$f"; for l in "$@"; do echo "$l" >> "$f"; done; }
gen rsa root.key; gen rsa other.key; gen ecdsa inter.key; gen rsa leaf.key; gen ecdsa noca.key
tmpl root.tmpl 'cn = "Test Root CA"' 'organization = "Example, Inc."' 'country = US' 'ca' 'cert_signing_key' 'crl_signing_key' 'serial = 1' 'expiration_days = 3650'
certtool --generate-self-signed --load-privkey root.key --template root.tmpl --outfile root.pem 2>/dev/null
tmpl other.tmpl 'cn = "Other Root"' 'ca' 'cert_signing_key' 'serial = 2' 'expiration_days = 3650'
certtool --generate-self-signed --load-privkey other.key --template other.tmpl --outfile other.pem 2>/dev/null
tmpl inter.tmpl 'cn = "Test Intermediate"' 'organization = "Example"' 'ca' 'cert_signing_key' 'crl_signing_key' 'serial = 3' 'expiration_days = 3000'
certtool --generate-certificate --load-privkey inter.key --load-ca-certificate root.pem --load-ca-privkey root.key --template inter.tmpl --outfile inter.pem 2>/dev/null
# expired intermediate
tmpl intexp.tmpl 'cn = "Expired Intermediate"' 'ca' 'cert_signing_key' 'serial = 4' 'activation_date = "2001-01-01 00:00:00"' 'expiration_date = "2002-01-01 00:00:00"'
certtool --generate-certificate --load-privkey inter.key --load-ca-certificate root.pem --load-ca-privkey root.key --template intexp.tmpl --outfile intexp.pem 2>/dev/null
# an "intermediate" without CA rights
tmpl noca.tmpl 'cn = "Not A CA"' 'signing_key' 'tls_www_server' 'serial = 5' 'expiration_days = 3000'
certtool --generate-certificate --load-privkey noca.key --load-ca-certificate root.pem --load-ca-privkey root.key --template noca.tmpl --outfile noca.pem 2>/dev/null
LEAFX='signing_key encryption_key tls_www_server tls_www_client'
tmpl leaf.tmpl 'cn = "leaf.example.com"' 'organization = "Example, Inc."' 'unit = "R+D"' 'locality = "Springfield"' 'state = "Some State"' 'country = US' 'dns_name = "www.example.com"' 'dns_name = "*.wild.example.com"' 'ip_address = "127.0.0.1"' 'ip_address = "::1"' 'signing_key' 'encryption_key' 'tls_www_server' 'tls_www_client' 'serial = 16' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template leaf.tmpl --outfile leaf.pem 2>/dev/null
tmpl cnonly.tmpl 'cn = "cnonly.example.com"' 'signing_key' 'encryption_key' 'tls_www_server' 'serial = 17' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template cnonly.tmpl --outfile cnonly.pem 2>/dev/null
tmpl expired.tmpl 'cn = "expired.example.com"' 'dns_name = "expired.example.com"' 'signing_key' 'encryption_key' 'tls_www_server' 'serial = 18' 'activation_date = "2001-01-01 00:00:00"' 'expiration_date = "2002-01-01 00:00:00"'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template expired.tmpl --outfile expired.pem 2>/dev/null
tmpl future.tmpl 'cn = "future.example.com"' 'dns_name = "future.example.com"' 'signing_key' 'encryption_key' 'tls_www_server' 'serial = 19' 'activation_date = "2090-01-01 00:00:00"' 'expiration_date = "2091-01-01 00:00:00"'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template future.tmpl --outfile future.pem 2>/dev/null
tmpl revoked.tmpl 'cn = "revoked.example.com"' 'dns_name = "revoked.example.com"' 'signing_key' 'encryption_key' 'tls_www_server' 'serial = 20' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template revoked.tmpl --outfile revoked.pem 2>/dev/null
tmpl self.tmpl 'cn = "self.example.com"' 'dns_name = "self.example.com"' 'signing_key' 'encryption_key' 'tls_www_server' 'serial = 21' 'expiration_days = 1000'
certtool --generate-self-signed --load-privkey leaf.key --template self.tmpl --outfile self.pem 2>/dev/null
tmpl undernoca.tmpl 'cn = "undernoca.example.com"' 'dns_name = "undernoca.example.com"' 'signing_key' 'tls_www_server' 'serial = 22' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate noca.pem --load-ca-privkey noca.key --template undernoca.tmpl --outfile undernoca.pem 2>/dev/null
tmpl underexp.tmpl 'cn = "underexp.example.com"' 'dns_name = "underexp.example.com"' 'signing_key' 'tls_www_server' 'serial = 23' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate intexp.pem --load-ca-privkey inter.key --template underexp.tmpl --outfile underexp.pem 2>/dev/null
tmpl client.tmpl 'cn = "client only"' 'dns_name = "client.example.com"' 'signing_key' 'tls_www_client' 'serial = 24' 'expiration_days = 1000'
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate inter.pem --load-ca-privkey inter.key --template client.tmpl --outfile client.pem 2>/dev/null
tmpl crl.tmpl 'crl_next_update = 300' 'crl_number = 1'
certtool --generate-crl --load-ca-privkey inter.key --load-ca-certificate inter.pem --load-certificate revoked.pem --template crl.tmpl --outfile inter.crl 2>/dev/null
# bad signature: flip the last byte of the leaf's signature
certtool --certificate-info --infile leaf.pem --outder --outfile leaf.der 2>/dev/null >/dev/null
python3 - <<'PY'
d = bytearray(open("leaf.der","rb").read()); d[-1] ^= 0x55; open("badsig.der","wb").write(d)
PY
certtool --certificate-info --inder --infile badsig.der --outfile badsig.pem 2>/dev/null >/dev/null
for c in root other inter intexp noca cnonly expired future revoked self undernoca underexp client; do
  certtool --certificate-info --infile $c.pem --outder --outfile $c.der 2>/dev/null >/dev/null
done
certtool --crl-info --infile inter.crl --outder --outfile inter.crl.der 2>/dev/null >/dev/null
printf 'cn = "Old Root"\nca\ncert_signing_key\nserial = 40\nactivation_date = "2001-01-01 00:00:00"\nexpiration_date = "2002-01-01 00:00:00"\n' > oldroot.tmpl
certtool --generate-self-signed --load-privkey root.key --template oldroot.tmpl --outfile oldroot.pem 2>/dev/null
printf 'cn = "underold"\ndns_name="underold.example.com"\nsigning_key\ntls_www_server\nserial = 41\nexpiration_days = 100\n' > underold.tmpl
certtool --generate-certificate --load-privkey leaf.key --load-ca-certificate oldroot.pem --load-ca-privkey root.key --template underold.tmpl --outfile underold.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout sha1.key -sha1 -subj "/CN=sha1 root" -days 100 -out sha1root.pem 2>/dev/null
openssl pkey -in leaf.key -out leaf.p8.pem
openssl rsa -in leaf.key -traditional -out leaf.p1.pem 2>/dev/null
openssl ec -in inter.key -out inter.sec1.pem 2>/dev/null
openssl pkey -in leaf.key -outform DER -out leaf.p8.der
openssl req -new -key leaf.p8.pem -subj "/CN=sha1leaf.example.com" -out sha1leaf.csr 2>/dev/null
printf "subjectAltName=DNS:sha1leaf.example.com\n" > sha1.ext
openssl x509 -req -in sha1leaf.csr -CA sha1root.pem -CAkey sha1.key -sha1 -days 50 -set_serial 7 -extfile sha1.ext -out sha1leaf.pem 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout x.key -days 10 -out misc.pem -subj "/CN=a+UID=b/O=#lead/OU= sp /1.2.3.4=xyz/emailAddress=e@x.org/DC=example" 2>/dev/null
"#;

    // Small C program linked against the real GnuTLS, used to cross-check
    // statuses and DN strings when a compiler and libgnutls-dev are present.
    const PROBE_C: &str = r#"#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static gnutls_datum_t rd(const char *f){gnutls_datum_t d={0,0}; if(gnutls_load_file(f,&d)<0){d.data=(void*)"";d.size=0;} return d;}
int main(int argc,char**argv){
  gnutls_global_init();
  if(!strcmp(argv[1],"verify")){
    gnutls_x509_trust_list_t tl; gnutls_x509_trust_list_init(&tl,0);
    gnutls_x509_trust_list_add_trust_file(tl,argv[2],strcmp(argv[3],"-")?argv[3]:NULL,GNUTLS_X509_FMT_PEM,0,0);
    int n=argc-7; gnutls_x509_crt_t ch[16];
    for(int i=0;i<n;i++){gnutls_datum_t d=rd(argv[7+i]);gnutls_x509_crt_init(&ch[i]);gnutls_x509_crt_import(ch[i],&d,GNUTLS_X509_FMT_PEM);}
    gnutls_typed_vdata_st vd[2]; int nv=0;
    if(strcmp(argv[4],"-")){vd[nv].type=GNUTLS_DT_DNS_HOSTNAME;vd[nv].data=(void*)argv[4];vd[nv].size=0;nv++;}
    if(strcmp(argv[6],"-")){vd[nv].type=GNUTLS_DT_KEY_PURPOSE_OID;vd[nv].data=(void*)argv[6];vd[nv].size=0;nv++;}
    unsigned st=0; gnutls_x509_trust_list_verify_crt2(tl,ch,n,vd,nv,strtoul(argv[5],0,0),&st,NULL);
    printf("%u\n",st); return 0;}
  if(!strcmp(argv[1],"dn")){ gnutls_datum_t d=rd(argv[2]); gnutls_x509_crt_t c; gnutls_x509_crt_init(&c);
    if(gnutls_x509_crt_import(c,&d,GNUTLS_X509_FMT_PEM)<0) return 2;
    gnutls_datum_t o; gnutls_x509_crt_get_dn2(c,&o); printf("%s\n",o.data);
    gnutls_x509_crt_get_issuer_dn2(c,&o); printf("%s\n",o.data);
    gnutls_x509_crt_get_dn3(c,&o,0); printf("%s\n",o.data);
    for(int i=3;i<argc;i++) printf("%u\n",gnutls_x509_crt_check_hostname(c,argv[i]));
    return 0;}
  return 1;}
"#;

    pub(crate) fn pki() -> &'static Path {
        static DIR: OnceLock<PathBuf> = OnceLock::new();
        DIR.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("x509-core-test-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let script = dir.join("mkpki.sh");
            std::fs::write(&script, MKPKI).unwrap();
            let st = Command::new("sh").arg(&script).arg(&dir).status().unwrap();
            assert!(st.success(), "PKI generation failed (needs certtool, openssl, python3)");
            dir
        })
    }

    pub(crate) fn probe() -> Option<&'static Path> {
        static P: OnceLock<Option<PathBuf>> = OnceLock::new();
        P.get_or_init(|| {
            let dir = pki();
            let src = dir.join("probe.c");
            let bin = dir.join("probe");
            std::fs::write(&src, PROBE_C).ok()?;
            let flags = Command::new("pkg-config").args(["--cflags", "--libs", "gnutls"]).output().ok()?;
            if !flags.status.success() {
                return None;
            }
            let flags = String::from_utf8(flags.stdout).ok()?;
            let st = Command::new("gcc")
                .arg("-o").arg(&bin).arg(&src)
                .args(flags.split_whitespace())
                .status().ok()?;
            st.success().then_some(bin)
        })
        .as_deref()
    }

    pub(crate) fn read(name: &str) -> Vec<u8> {
        std::fs::read(pki().join(name)).unwrap()
    }

    pub(crate) fn der(name: &str) -> Vec<u8> {
        Certificate::from_pem(&read(name)).unwrap().der().to_vec()
    }

    fn now() -> u64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
    }

    fn store(cas: &[&str], crls: &[&str]) -> TrustStore {
        let mut s = TrustStore::new();
        for c in cas {
            assert_eq!(s.add_ca_data(&read(c), true), Ok(1));
        }
        for c in crls {
            for d in crls_from(&read(c), true).unwrap() {
                s.add_crl_der(&d).unwrap();
            }
        }
        s
    }

    struct Case {
        name: &'static str,
        cas: &'static [&'static str],
        crl: Option<&'static str>,
        host: Option<&'static str>,
        flags: u32,
        purpose: Purpose,
        chain: &'static [&'static str],
        /// What real GnuTLS 3.7.9 reports (probed).
        gnutls: u32,
        /// What this implementation reports when it knowingly differs (stricter).
        ours: Option<u32>,
    }

    const fn case(
        name: &'static str, cas: &'static [&'static str], crl: Option<&'static str>,
        host: Option<&'static str>, flags: u32, purpose: Purpose,
        chain: &'static [&'static str], gnutls: u32, ours: Option<u32>,
    ) -> Case {
        Case { name, cas, crl, host, flags, purpose, chain, gnutls, ours }
    }

    const R: &[&str] = &["root.pem"];
    const A: Purpose = Purpose::Any;

    fn matrix() -> Vec<Case> {
        vec![
            case("good", R, None, None, 0, A, &["leaf.pem", "inter.pem"], 0, None),
            case("good+host", R, None, Some("www.example.com"), 0, A, &["leaf.pem", "inter.pem"], 0, None),
            case("good+wildcard host", R, None, Some("a.wild.example.com"), 0, A, &["leaf.pem", "inter.pem"], 0, None),
            case("good+ip", R, None, Some("127.0.0.1"), 0, A, &["leaf.pem", "inter.pem"], 0, None),
            case("wrong host", R, None, Some("nope.example.com"), 0, A, &["leaf.pem", "inter.pem"], 0x4002, None),
            case("unknown CA", &["other.pem"], None, None, 0, A, &["leaf.pem", "inter.pem"], 0x42, None),
            case("unknown CA+wrong host", &["other.pem"], None, Some("nope.com"), 0, A, &["leaf.pem", "inter.pem"], 0x4042, None),
            case("missing intermediate", R, None, None, 0, A, &["leaf.pem"], 0x42, None),
            case("self-signed leaf", R, None, None, 0, A, &["self.pem"], 0x42, None),
            case("expired leaf", R, None, None, 0, A, &["expired.pem", "inter.pem"], 0x402, None),
            case("expired leaf, unknown CA", &["other.pem"], None, None, 0, A, &["expired.pem", "inter.pem"], 0x42, None),
            case("expired leaf, time checks off", R, None, None, GNUTLS_VERIFY_DISABLE_TIME_CHECKS, A, &["expired.pem", "inter.pem"], 0, Some(GNUTLS_CERT_INVALID)),
            case("not yet valid", R, None, None, 0, A, &["future.pem", "inter.pem"], 0x202, None),
            case("revoked", R, Some("inter.crl"), None, 0, A, &["revoked.pem", "inter.pem"], 0x22, None),
            case("revoked, CRL checks off", R, Some("inter.crl"), None, GNUTLS_VERIFY_DISABLE_CRL_CHECKS, A, &["revoked.pem", "inter.pem"], 0, None),
            case("good with CRL", R, Some("inter.crl"), None, 0, A, &["leaf.pem", "inter.pem"], 0, None),
            case("bad signature", R, None, None, 0, A, &["badsig.pem", "inter.pem"], 0x802, None),
            case("bad signature, unknown CA", &["other.pem"], None, None, 0, A, &["badsig.pem", "inter.pem"], 0x42, None),
            case("issuer not a CA", R, None, None, 0, A, &["undernoca.pem", "noca.pem"], 0x10082, None),
            case("expired intermediate", R, None, None, 0, A, &["underexp.pem", "intexp.pem"], 0x402, None),
            case("expired root", &["oldroot.pem"], None, None, 0, A, &["underold.pem"], 0x402, None),
            case("expired root, trusted time checks off", &["oldroot.pem"], None, None, GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS, A, &["underold.pem"], 0, None),
            case("sha1 signature", &["sha1root.pem"], None, None, 0, A, &["sha1leaf.pem"], 0x102, None),
            case("cn fallback", R, None, Some("cnonly.example.com"), 0, A, &["cnonly.pem", "inter.pem"], 0, None),
            case("unsorted chain", R, None, None, 0, A, &["leaf.pem", "root.pem", "inter.pem"], 0, None),
            case("chain incl. root", R, None, None, 0, A, &["leaf.pem", "inter.pem", "root.pem"], 0, None),
            case("trusted self-signed leaf", &["self.pem"], None, None, 0, A, &["self.pem"], 0, None),
            case("trusted leaf directly", &["leaf.pem"], None, None, 0, A, &["leaf.pem"], 0, None),
            case("trusted expired leaf directly", &["expired.pem"], None, None, 0, A, &["expired.pem"], 0x402, None),
            case("intermediate as anchor", &["inter.pem"], None, None, 0, A, &["leaf.pem"], 0, None),
            case("client-only cert for server purpose", R, None, None, 0, Purpose::ServerAuth, &["client.pem", "inter.pem"], 0x40002, None),
            case("client-only cert, no purpose", R, None, None, 0, A, &["client.pem", "inter.pem"], 0, None),
            case("leaf for client purpose", R, None, None, 0, Purpose::ClientAuth, &["leaf.pem", "inter.pem"], 0, None),
            case("server-only cert for client purpose", R, None, None, 0, Purpose::ClientAuth, &["cnonly.pem", "inter.pem"], 0x40002, None),
            // GnuTLS accepts a CA certificate as the peer's leaf; webpki refuses.
            case("CA cert as leaf", R, None, None, 0, A, &["inter.pem"], 0, Some(GNUTLS_CERT_INVALID)),
        ]
    }

    fn purpose_oid(p: Purpose) -> &'static str {
        match p {
            Purpose::Any => "-",
            Purpose::ServerAuth => GNUTLS_KP_TLS_WWW_SERVER,
            Purpose::ClientAuth => GNUTLS_KP_TLS_WWW_CLIENT,
        }
    }

    #[test]
    fn verification_matrix() {
        let dir = pki();
        let live = probe();
        let mut failures = Vec::new();
        for c in matrix() {
            let s = store(c.cas, c.crl.as_slice());
            let chain: Vec<Vec<u8>> = c.chain.iter().map(|n| der(n)).collect();
            let got = verify_chain(&chain, &s, c.host, now(), c.purpose, c.flags);
            let want = c.ours.unwrap_or(c.gnutls);
            if got != want {
                failures.push(format!("{}: got {got:#x}, want {want:#x}", c.name));
            }
            if c.gnutls != 0 {
                assert_ne!(got, 0, "{}: must reject what GnuTLS rejects", c.name);
            }
            if let Some(p) = live {
                let ca = dir.join(format!("ca-{}.pem", c.name.replace(|ch: char| !ch.is_ascii_alphanumeric(), "_")));
                let mut cat = Vec::new();
                for f in c.cas {
                    cat.extend(read(f));
                }
                std::fs::write(&ca, cat).unwrap();
                let crl = c.crl.map(|f| dir.join(f).display().to_string()).unwrap_or("-".into());
                let out = Command::new(p)
                    .arg("verify").arg(&ca).arg(crl).arg(c.host.unwrap_or("-"))
                    .arg(c.flags.to_string()).arg(purpose_oid(c.purpose))
                    .args(c.chain.iter().map(|n| dir.join(n)))
                    .output().unwrap();
                let real: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
                if real != c.gnutls {
                    failures.push(format!("{}: real GnuTLS says {real:#x}, table says {:#x}", c.name, c.gnutls));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn hostname_rules() {
        let leaf = Certificate::from_pem(&read("leaf.pem")).unwrap();
        let yes = ["www.example.com", "WWW.EXAMPLE.COM", "a.wild.example.com", "X.Wild.Example.Com",
                   ".wild.example.com", "*.wild.example.com", "127.0.0.1", "::1", "0:0::1"];
        let no = ["www.example.com.", "a.b.wild.example.com", "wild.example.com", "leaf.example.com",
                  "127.0.0.2", "example.com", "", "::2", "www.example.co"];
        for h in yes { assert!(leaf.check_hostname(h), "{h}"); }
        for h in no { assert!(!leaf.check_hostname(h), "{h}"); }
        assert!(!leaf.check_hostname2("a.wild.example.com", GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS));
        assert!(!leaf.check_hostname2("127.0.0.1", GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES));

        let cn = Certificate::from_pem(&read("cnonly.pem")).unwrap();
        assert!(cn.check_hostname("cnonly.example.com"));
        assert!(cn.check_hostname("CNONLY.example.com"));
        assert!(!cn.check_hostname("cnonly.example.com."));
        assert!(!cn.check_hostname("x.cnonly.example.com"));
        // CN is ignored once any dNSName SAN exists.
        let self_signed = Certificate::from_pem(&read("self.pem")).unwrap();
        assert!(self_signed.check_hostname("self.example.com"));

        assert!(hostname_compare(b"*.example.com", b"a.example.com", 0));
        assert!(!hostname_compare(b"*.example.com", b"a.b.example.com", 0));
        assert!(!hostname_compare(b"*.example.com", b"example.com", 0));
        assert!(!hostname_compare(b"*.com", b"a.com", 0));
        assert!(hostname_compare(b"*ar.example.com", b"bar.example.com", 0));
        assert!(!hostname_compare(b"f*.example.com", b"fo.example.com", 0));

        if let Some(p) = probe() {
            let mut hosts: Vec<&str> = yes.to_vec();
            hosts.extend(no.iter().filter(|h| !h.is_empty()));
            let out = Command::new(p).arg("dn").arg(pki().join("leaf.pem")).args(&hosts).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let lines: Vec<&str> = text.lines().skip(3).collect();
            for (h, l) in hosts.iter().zip(lines) {
                assert_eq!(leaf.check_hostname(h), l == "1", "real GnuTLS disagrees on {h}");
            }
        }
    }

    #[test]
    fn dn_strings() {
        let leaf = Certificate::from_pem(&read("leaf.pem")).unwrap();
        // Recorded from gnutls_x509_crt_get_dn2 / get_issuer_dn2 / get_dn3(0), 3.7.9.
        assert_eq!(leaf.dn().unwrap(),
            r"C=US,ST=Some State,L=Springfield,O=Example\, Inc.,OU=R\+D,CN=leaf.example.com");
        assert_eq!(leaf.issuer_dn().unwrap(), "O=Example,CN=Test Intermediate");
        assert_eq!(leaf.dn_rfc4514().unwrap(),
            r"CN=leaf.example.com,OU=R\+D,O=Example\, Inc.,L=Springfield,ST=Some State,C=US");
        assert_eq!(leaf.dn_by_oid("2.5.4.3", 0).unwrap(), b"leaf.example.com");
        assert_eq!(leaf.dn_by_oid("2.5.4.10", 0).unwrap(), br"Example\, Inc.");
        assert_eq!(leaf.dn_by_oid("2.5.4.3", 1), Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));
        assert_eq!(leaf.dn_by_oid("1.2.3.4", 0), Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));
        let misc = Certificate::from_pem(&read("misc.pem")).unwrap();
        assert_eq!(misc.dn().unwrap(), r"CN=a+UID=b,O=\#lead,OU=\ sp\ ,EMAIL=e@x.org,DC=example");

        if let Some(p) = probe() {
            for f in ["leaf.pem", "misc.pem", "root.pem", "inter.pem", "sha1leaf.pem", "cnonly.pem"] {
                let c = Certificate::from_pem(&read(f)).unwrap();
                let out = Command::new(p).arg("dn").arg(pki().join(f)).output().unwrap();
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                let l: Vec<&str> = text.lines().collect();
                assert_eq!(c.dn().unwrap(), l[0], "{f}");
                assert_eq!(c.issuer_dn().unwrap(), l[1], "{f}");
                assert_eq!(c.dn_rfc4514().unwrap(), l[2], "{f}");
            }
        }
        // Unknown attribute types print as the OID and the hex of the whole value.
        let name = [0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x0c, 0x03, b'x', b'y', b'z'];
        assert_eq!(Dn::from_der(&name).unwrap().to_text(GNUTLS_X509_DN_FLAG_COMPAT).unwrap(), "1.2.3.4=#0c0378797a");
    }

    #[test]
    fn certificate_fields() {
        let leaf = Certificate::from_pem(&read("leaf.pem")).unwrap();
        assert_eq!(leaf.version(), 3);
        assert_eq!(leaf.pk_algorithm(), (GNUTLS_PK_RSA, 3072));
        assert_eq!(leaf.key_usage(), Ok((0xa0, true)));
        assert_eq!(leaf.basic_constraints(), Ok((true, false, -1)));
        assert_eq!(leaf.key_purpose_oid(0), Ok(("1.3.6.1.5.5.7.3.2".to_string(), false)));
        assert_eq!(leaf.key_purpose_oid(1), Ok(("1.3.6.1.5.5.7.3.1".to_string(), false)));
        assert_eq!(leaf.key_purpose_oid(2), Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));
        assert!(leaf.activation_time() < leaf.expiration_time());
        let inter = Certificate::from_pem(&read("inter.pem")).unwrap();
        assert_eq!(inter.pk_algorithm(), (GNUTLS_PK_ECDSA, 256));
        assert_eq!(inter.basic_constraints().map(|b| b.1), Ok(true));
        let root = Certificate::from_pem(&read("root.pem")).unwrap();
        assert!(leaf.check_issuer(&inter));
        assert!(inter.check_issuer(&root));
        assert!(!leaf.check_issuer(&root));
        let misc = Certificate::from_pem(&read("misc.pem")).unwrap();
        assert_eq!(misc.pk_algorithm(), (GNUTLS_PK_ECDSA, 384));
        assert_eq!(misc.key_usage(), Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));

        // Fingerprints against openssl's.
        for (alg, name) in [(GNUTLS_DIG_MD5, "-md5"), (GNUTLS_DIG_SHA1, "-sha1"), (GNUTLS_DIG_SHA256, "-sha256"), (GNUTLS_DIG_SHA512, "-sha512")] {
            let out = Command::new("openssl").args(["x509", "-noout", "-fingerprint", name, "-in"])
                .arg(pki().join("leaf.pem")).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).to_lowercase();
            let want: String = text.split('=').nth(1).unwrap().trim().replace(':', "");
            assert_eq!(hex_lower(&leaf.fingerprint(alg).unwrap()), want, "{name}");
        }
        assert_eq!(leaf.fingerprint(9), Err(GNUTLS_E_UNKNOWN_HASH_ALGORITHM));
        assert_eq!(hex_lower(&digest(GNUTLS_DIG_MD5, b"").unwrap()), "d41d8cd98f00b204e9800998ecf8427e");

        // SPKI export matches openssl's public key export.
        let out = Command::new("openssl").args(["x509", "-noout", "-pubkey", "-in"]).arg(pki().join("leaf.pem")).output().unwrap();
        assert_eq!(leaf.spki_pem(), String::from_utf8_lossy(&out.stdout));
    }

    #[test]
    fn loading_errors() {
        // Codes probed with gnutls_x509_crt_import / set_x509_trust_mem / set_x509_key_mem.
        assert_eq!(Certificate::from_der(b""), Err(GNUTLS_E_ASN1_TAG_ERROR));
        assert_eq!(Certificate::from_der(b"hello world"), Err(GNUTLS_E_ASN1_TAG_ERROR));
        let root = der("root.pem");
        assert_eq!(Certificate::from_der(&root[..500]), Err(GNUTLS_E_ASN1_DER_ERROR));
        assert_eq!(Certificate::from_pem(b""), Err(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR));
        assert_eq!(Certificate::from_pem(b"-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64@@\n-----END CERTIFICATE-----\n"),
                   Err(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR));
        assert_eq!(Certificate::from_pem(b"-----BEGIN CERTIFICATE-----\nMIIDqTCCA1CgAwIBAgIBEDAKBggq\n"),
                   Err(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR));
        assert_eq!(Certificate::from_pem(b"-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"),
                   Err(GNUTLS_E_ASN1_TAG_ERROR));

        assert_eq!(pem_certificates(b""), Ok(vec![]));
        assert_eq!(pem_certificates(b"hello world\n"), Ok(vec![]));
        let mut mixed = read("root.pem");
        mixed.extend_from_slice(b"-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64@@\n-----END CERTIFICATE-----\n");
        mixed.extend(read("inter.pem"));
        assert_eq!(pem_certificates(&mixed), Err(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR));
        let mut text = b"junk\n".to_vec();
        text.extend(read("root.pem"));
        text.extend_from_slice(b"more junk\n");
        text.extend(read("inter.pem"));
        assert_eq!(pem_certificates(&text).map(|v| v.len()), Ok(2));
        // PEM on one line, as some programs embed it, and the older label.
        let one_line: Vec<u8> = read("root.pem").into_iter().filter(|&b| b != b'\n').collect();
        assert_eq!(pem_certificates(&one_line).map(|v| v.len()), Ok(1));
        let x509_label = String::from_utf8(read("inter.pem")).unwrap().replace("CERTIFICATE-----", "X509 CERTIFICATE-----");
        assert_eq!(pem_certificates(x509_label.as_bytes()).map(|v| v.len()), Ok(1));
        let mut key_first = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nxx\n-----END RSA PRIVATE KEY-----\n".to_vec();
        key_first.extend(read("root.pem"));
        assert_eq!(pem_certificates(&key_first).map(|v| v.len()), Ok(1));
        assert_eq!(der_or_pem_certificates(&root, false).map(|v| v.len()), Ok(1));
        assert_eq!(der_or_pem_certificates(b"", false), Err(GNUTLS_E_ASN1_TAG_ERROR));

        assert_eq!(crls_from(&read("root.pem"), true), Err(GNUTLS_E_BASE64_DECODING_ERROR));
        assert_eq!(crls_from(b"garbage", false), Err(GNUTLS_E_ASN1_TAG_ERROR));
        assert_eq!(crls_from(&read("inter.crl"), true).map(|v| v.len()), Ok(1));

        assert!(matches!(load_private_key(&read("leaf.p8.pem"), true), Ok(PrivateKeyDer::Pkcs8(_))));
        assert!(matches!(load_private_key(&read("leaf.p1.pem"), true), Ok(PrivateKeyDer::Pkcs1(_))));
        assert!(matches!(load_private_key(&read("inter.sec1.pem"), true), Ok(PrivateKeyDer::Sec1(_))));
        assert!(matches!(load_private_key(&read("leaf.key"), true), Ok(_)));
        assert!(matches!(load_private_key(&read("leaf.p8.der"), false), Ok(PrivateKeyDer::Pkcs1(_) | PrivateKeyDer::Pkcs8(_))));
        assert_eq!(load_private_key(b"", true).err(), Some(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));
        assert_eq!(load_private_key(&read("root.pem"), true).err(), Some(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE));
        assert_eq!(load_private_key(b"garbage", false).err(), Some(GNUTLS_E_ASN1_TAG_ERROR));
    }

    #[test]
    fn never_panics_on_garbage() {
        let leaf = der("leaf.pem");
        let mut seed: u32 = 12345;
        let mut rnd = || { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; seed };
        let s = store(&["root.pem"], &[]);
        for i in 0..3000 {
            let mut d = leaf.clone();
            if i % 3 == 0 {
                d.truncate(rnd() as usize % d.len());
            } else {
                for _ in 0..(1 + rnd() % 4) {
                    let p = rnd() as usize % d.len();
                    d[p] = rnd() as u8;
                }
            }
            if let Ok(c) = Certificate::from_der(&d) {
                let _ = (c.dn(), c.issuer_dn(), c.dn_rfc4514(), c.pk_algorithm(), c.key_usage(),
                         c.basic_constraints(), c.key_purpose_oid(0), c.check_hostname("www.example.com"),
                         c.check_hostname("127.0.0.1"), c.version(), c.activation_time(), c.spki_pem());
            }
            let st = verify_chain(&[d.clone()], &s, Some("www.example.com"), now(), Purpose::Any, 0);
            assert_ne!(st, 0);
            let _ = pem_certificates(&d);
            let _ = load_private_key(&d, false);
            let _ = load_private_key(&d, true);
            let _ = crls_from(&d, false);
        }
        let huge = vec![0x30u8; 1 << 20];
        assert!(Certificate::from_der(&huge).is_err());
        assert!(pem_certificates(&huge).is_ok());
        assert_eq!(verify_chain(&[], &s, None, now(), Purpose::Any, 0), GNUTLS_CERT_INVALID);
    }
}
