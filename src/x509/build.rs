//! Writing certificates (`gnutls_x509_crt_set_*`, `gnutls_x509_crt_sign*`): a to-be-signed
//! certificate held as `x509-cert`'s `TbsCertificate`, edited field by field with the values
//! and encodings GnuTLS 3.7.9 writes (lib/x509/x509_write.c, x509_ext.c), then signed with a
//! key of `crate::keys`. The extension encoders are shared with requests (`request.rs`).

use der::asn1::{BitString, Ia5String, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{CertificateInner, Raw, TbsCertificateInner, Version};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{crl::dp::DistributionPoint, BasicConstraints, ExtendedKeyUsage};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use super::core::Certificate;
use super::dn::{self, der_error};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::{Kind, PrivateKey, Scheme};

const OID_KEY_USAGE: &str = "2.5.29.15";
const OID_BASIC_CONSTRAINTS: &str = "2.5.29.19";
const OID_SUBJECT_KEY_ID: &str = "2.5.29.14";
const OID_AUTHORITY_KEY_ID: &str = "2.5.29.35";
pub const OID_SAN: &str = "2.5.29.17";
const OID_IAN: &str = "2.5.29.18";
pub const OID_EKU: &str = "2.5.29.37";
const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// GnuTLS's GNUTLS_FSAN_ENCODE_OCTET_STRING and GNUTLS_FSAN_ENCODE_UTF8_STRING (x509.h).
pub(crate) const FSAN_ENCODE_OCTET_STRING: u32 = 1 << 1;
pub(crate) const FSAN_ENCODE_UTF8_STRING: u32 = 1 << 2;
const OID_CRL_DIST_POINTS: &str = "2.5.29.31";
const OID_PRIVATE_KEY_USAGE_PERIOD: &str = "2.5.29.16";
/// GnuTLS's GNUTLS_FSAN_APPEND (x509.h): add to the alternative names instead of replacing.
pub(crate) const FSAN_APPEND: u32 = 1;

fn oid(text: &str) -> Result<ObjectIdentifier, Error> {
    text.parse().map_err(|_| Error::INVALID_REQUEST)
}

fn encode<T: Encode>(value: &T) -> Result<Vec<u8>, Error> {
    value.to_der().map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))
}

/// A field nobody set yet: an algorithm whose OID (2.25.0.1, under the UUID arc) names none, so that an unsigned certificate can
/// be encoded and read back (its getters work, as GnuTLS's do on a certificate in writing).
fn unset_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: ObjectIdentifier::new_unwrap("2.25.0.1"), parameters: None }
}

// ---- Names ----

/// `set_dn_by_oid`: one more RDN at the end of the name, as GnuTLS appends.
pub fn append_to_name(name: &mut Name, oid_text: &str, raw: bool, value: &[u8]) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::INVALID_REQUEST);
    }
    let value = dn::attribute_value(oid_text, raw, value)?;
    let ava = AttributeTypeAndValue { oid: oid(oid_text)?, value };
    let rdn = RelativeDistinguishedName::try_from(vec![ava]).map_err(der_error)?;
    name.0.push(rdn);
    Ok(())
}

/// `set_dn`: the components of a DN string, the last one first (the string is in RFC 4514
/// order, the encoding the other way round). A string that does not parse is
/// GNUTLS_E_PARSING_ERROR with the offset of the bad component, and leaves the name alone.
// divergence: GnuTLS 3.7.9 has already written the components after the bad one (and
// sometimes broken the name) when it fails; here the name is unchanged.
pub fn set_name_from_string(name: &mut Name, text: &str) -> Result<(), (Error, usize)> {
    let components = dn::parse_dn_string(text).map_err(|at| (Error::new(GNUTLS_E_PARSING_ERROR), at))?;
    let mut new = Name::default();
    for c in components.iter().rev() {
        append_to_name(&mut new, &c.oid, c.raw, &c.value).map_err(|e| (e, c.end))?;
    }
    *name = new;
    Ok(())
}

/// `gnutls_x509_dn_set_str`: the components of a DN string appended to the name (GnuTLS
/// adds to what the DN holds). Returns the offset GnuTLS leaves in `err` on success: the
/// end of the first component; none for an empty string).
pub fn append_name_string(name: &mut Name, text: &str) -> Result<Option<usize>, (Error, usize)> {
    let mut added = Name::default();
    set_name_from_string(&mut added, text)?;
    name.0.extend(added.0);
    Ok((!text.is_empty()).then(|| dn::component_end(text.as_bytes(), 0)))
}

// ---- Extension values, as GnuTLS encodes them ----

/// keyUsage in GnuTLS's numbering (digitalSignature = 128 in the first octet, decipherOnly
/// = 32768 in the second), as a DER bit string without trailing zero bits.
pub fn key_usage_value(usage: u32) -> Result<Vec<u8>, Error> {
    let mut octets = vec![(usage & 0xff) as u8, ((usage >> 8) & 0xff) as u8];
    while octets.last() == Some(&0) {
        octets.pop();
    }
    let unused = octets.last().map_or(0, |b| b.trailing_zeros() as u8);
    encode(&BitString::new(unused, octets).map_err(der_error)?)
}

/// basicConstraints; a negative path length leaves it out, as GnuTLS does.
// divergence: a path length above 255 is GNUTLS_E_INVALID_REQUEST (x509-cert holds a u8);
// GnuTLS writes any unsigned 32-bit length.
pub fn basic_constraints_value(ca: bool, path_len: i32) -> Result<Vec<u8>, Error> {
    let path_len_constraint = u8::try_from(path_len).ok().filter(|_| path_len >= 0);
    if path_len > u8::MAX as i32 {
        return Err(Error::INVALID_REQUEST);
    }
    encode(&BasicConstraints { ca, path_len_constraint })
}

pub fn subject_key_id_value(id: &[u8]) -> Result<Vec<u8>, Error> {
    encode(&OctetString::new(id).map_err(der_error)?)
}

/// authorityKeyIdentifier with only its keyIdentifier.
pub fn authority_key_id_value(id: &[u8]) -> Result<Vec<u8>, Error> {
    let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(id).map_err(der_error)?),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    };
    encode(&aki)
}

/// A GeneralName of GnuTLS's types: text for DNS names, e-mail addresses and URIs, the
/// octets of an IP address, DER for a directory name.
fn general_name(kind: u32, data: &[u8]) -> Result<GeneralName, Error> {
    let text = || -> Result<Ia5String, Error> {
        let s = std::str::from_utf8(data).map_err(|_| Error::INVALID_REQUEST)?;
        Ia5String::new(s).map_err(|_| Error::INVALID_REQUEST)
    };
    Ok(match kind {
        // An internationalized name is written as its IDNA (A-label) form, as GnuTLS does.
        GNUTLS_SAN_DNSNAME if !data.is_ascii() => {
            let ascii = crate::idna::map(data)?;
            GeneralName::DnsName(Ia5String::new(&ascii).map_err(|_| Error::INVALID_REQUEST)?)
        }
        GNUTLS_SAN_DNSNAME => GeneralName::DnsName(text()?),
        GNUTLS_SAN_REGISTERED_ID => GeneralName::RegisteredId(oid(std::str::from_utf8(data).map_err(|_| Error::INVALID_REQUEST)?)?),
        // divergence: GnuTLS converts an internationalized domain of an address to IDNA;
        // here any address that is not ASCII is GnuTLS's answer for a non-ASCII local part.
        GNUTLS_SAN_RFC822NAME if !data.is_ascii() => return Err(Error::new(GNUTLS_E_INVALID_UTF8_EMAIL)),
        GNUTLS_SAN_RFC822NAME => GeneralName::Rfc822Name(text()?),
        GNUTLS_SAN_URI => GeneralName::UniformResourceIdentifier(text()?),
        // GnuTLS writes the octets it is given, whatever their number.
        GNUTLS_SAN_IPADDRESS => GeneralName::IpAddress(OctetString::new(data).map_err(der_error)?),
        GNUTLS_SAN_DN => GeneralName::DirectoryName(Name::from_der(data).map_err(der_error)?),
        _ => return Err(Error::INVALID_REQUEST),
    })
}

/// GeneralNames with one more name: after those of `previous` (the extension's value so
/// far, for GNUTLS_FSAN_APPEND) or alone.
pub fn alt_names_value(previous: Option<&[u8]>, kind: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut names: Vec<GeneralName> = match previous {
        Some(der) => Vec::<GeneralName>::from_der(der).map_err(der_error)?,
        None => Vec::new(),
    };
    names.push(general_name(kind, data)?);
    encode(&names)
}

/// extKeyUsage with one more purpose; one already there is not written twice.
pub fn key_purposes_value(previous: Option<&[u8]>, purpose: &str) -> Result<Vec<u8>, Error> {
    let mut eku = match previous {
        Some(der) => ExtendedKeyUsage::from_der(der).map_err(der_error)?,
        None => ExtendedKeyUsage(Vec::new()),
    };
    let purpose = oid(purpose)?;
    if !eku.0.contains(&purpose) {
        eku.0.push(purpose);
    }
    encode(&eku)
}

/// cRLDistributionPoints with one more point: a full name and, when given, its reasons.
pub fn crl_dist_points_value(previous: Option<&[u8]>, kind: u32, data: &[u8], reasons: u32) -> Result<Vec<u8>, Error> {
    use x509_cert::ext::pkix::crl::CrlDistributionPoints;
    let mut points = match previous {
        Some(der) => CrlDistributionPoints::from_der(der).map_err(der_error)?,
        None => CrlDistributionPoints(Vec::new()),
    };
    let reasons = if reasons == 0 {
        None
    } else {
        // GnuTLS's GNUTLS_CRL_REASON_* are the bits of the first octet (unused = 128) and
        // aACompromise (32768) in the second, as for key usage.
        let der = key_usage_value(reasons)?;
        Some(der::Decode::from_der(&der).map_err(der_error)?)
    };
    points.0.push(DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(vec![general_name(kind, data)?])),
        reasons,
        crl_issuer: None,
    });
    encode(&points)
}

/// privateKeyUsagePeriod: both times as GeneralizedTime, as RFC 5280 wants.
pub fn private_key_usage_period_value(activation: i64, expiration: i64) -> Result<Vec<u8>, Error> {
    #[derive(der::Sequence)]
    struct PrivateKeyUsagePeriod {
        #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
        not_before: Option<der::asn1::GeneralizedTime>,
        #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
        not_after: Option<der::asn1::GeneralizedTime>,
    }
    let time = |t: i64| -> Result<der::asn1::GeneralizedTime, Error> {
        // (time_t)-1, no time, is written as GnuTLS writes it: the end of year 9999.
        if t == -1 {
            let never = der::DateTime::new(9999, 12, 31, 23, 59, 59).map_err(|_| Error::INTERNAL)?;
            return Ok(der::asn1::GeneralizedTime::from_date_time(never));
        }
        let secs = u64::try_from(t).map_err(|_| Error::INVALID_REQUEST)?;
        der::asn1::GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs)).map_err(|_| Error::INVALID_REQUEST)
    };
    encode(&PrivateKeyUsagePeriod { not_before: Some(time(activation)?), not_after: Some(time(expiration)?) })
}

/// An otherName value from the setters' data (`_gnutls_encode_othername_data`): wrapped as
/// an OCTET STRING or a UTF8String when the flags ask, else the caller's DER.
pub fn othername_value(flags: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
    if flags & FSAN_ENCODE_OCTET_STRING != 0 {
        encode(&OctetString::new(data).map_err(der_error)?)
    } else if flags & FSAN_ENCODE_UTF8_STRING != 0 {
        let text = std::str::from_utf8(data).map_err(|_| Error::INVALID_REQUEST)?;
        encode(&der::asn1::Utf8StringRef::new(text).map_err(der_error)?)
    } else {
        Ok(data.to_vec())
    }
}

/// Sets an extension: in place when one of that OID is there (GnuTLS keeps its position),
/// else at the end.
pub fn put_extension(extensions: &mut Vec<Extension>, oid_text: &str, value: &[u8], critical: bool) -> Result<(), Error> {
    let ext = Extension { extn_id: oid(oid_text)?, critical, extn_value: OctetString::new(value).map_err(der_error)? };
    match extensions.iter_mut().find(|e| e.extn_id == ext.extn_id) {
        Some(old) => *old = ext,
        None => extensions.push(ext),
    }
    Ok(())
}

/// An extension's value and criticality.
pub fn find_extension<'a>(extensions: &'a [Extension], oid_text: &str) -> Option<(&'a [u8], bool)> {
    let id: ObjectIdentifier = oid_text.parse().ok()?;
    extensions.iter().find(|e| e.extn_id == id).map(|e| (e.extn_value.as_bytes(), e.critical))
}

/// The extension edits GnuTLS's setters make, on any list of extensions (a certificate's,
/// a request's extensionRequest).
pub enum ExtensionEdit<'a> {
    KeyUsage(u32),
    BasicConstraints { ca: bool, path_len: i32 },
    SubjectKeyId(&'a [u8]),
    AuthorityKeyId(&'a [u8]),
    AltName { kind: u32, data: &'a [u8], append: bool },
    IssuerAltName { kind: u32, data: &'a [u8], append: bool },
    KeyPurpose { oid: &'a str, critical: bool },
    CrlDistPoint { kind: u32, data: &'a [u8], reasons: u32 },
    PrivateKeyUsagePeriod { activation: i64, expiration: i64 },
    Raw { oid: &'a str, value: &'a [u8], critical: bool },
    /// One more otherName (its value's DER) in the subject (or, with `issuer`, issuer)
    /// alternative names, after those there with `append`.
    OtherName { issuer: bool, type_id: &'a str, value: &'a [u8], append: bool },
}

impl ExtensionEdit<'_> {
    pub fn apply(&self, extensions: &mut Vec<Extension>) -> Result<(), Error> {
        let previous = |oid: &str| find_extension(extensions, oid).map(|(v, c)| (v.to_vec(), c));
        match *self {
            // GnuTLS marks these two critical.
            ExtensionEdit::KeyUsage(usage) => put_extension(extensions, OID_KEY_USAGE, &key_usage_value(usage)?, true),
            ExtensionEdit::BasicConstraints { ca, path_len } => {
                put_extension(extensions, OID_BASIC_CONSTRAINTS, &basic_constraints_value(ca, path_len)?, true)
            }
            // A key identifier is set once: a second one is GNUTLS_E_INVALID_REQUEST.
            ExtensionEdit::SubjectKeyId(id) => {
                if previous(OID_SUBJECT_KEY_ID).is_some() {
                    return Err(Error::INVALID_REQUEST);
                }
                put_extension(extensions, OID_SUBJECT_KEY_ID, &subject_key_id_value(id)?, false)
            }
            ExtensionEdit::AuthorityKeyId(id) => {
                if previous(OID_AUTHORITY_KEY_ID).is_some() {
                    return Err(Error::INVALID_REQUEST);
                }
                put_extension(extensions, OID_AUTHORITY_KEY_ID, &authority_key_id_value(id)?, false)
            }
            ExtensionEdit::AltName { kind, data, append } | ExtensionEdit::IssuerAltName { kind, data, append } => {
                let oid = if matches!(self, ExtensionEdit::AltName { .. }) { OID_SAN } else { OID_IAN };
                let old = if append { previous(oid) } else { None };
                let value = alt_names_value(old.as_ref().map(|(v, _)| v.as_slice()), kind, data)?;
                put_extension(extensions, oid, &value, old.is_some_and(|(_, c)| c))
            }
            ExtensionEdit::KeyPurpose { oid, critical } => {
                let old = previous(OID_EKU);
                let value = key_purposes_value(old.as_ref().map(|(v, _)| v.as_slice()), oid)?;
                put_extension(extensions, OID_EKU, &value, critical)
            }
            ExtensionEdit::CrlDistPoint { kind, data, reasons } => {
                let old = previous(OID_CRL_DIST_POINTS);
                let value = crl_dist_points_value(old.as_ref().map(|(v, _)| v.as_slice()), kind, data, reasons)?;
                put_extension(extensions, OID_CRL_DIST_POINTS, &value, false)
            }
            ExtensionEdit::PrivateKeyUsagePeriod { activation, expiration } => put_extension(
                extensions,
                OID_PRIVATE_KEY_USAGE_PERIOD,
                &private_key_usage_period_value(activation, expiration)?,
                false,
            ),
            ExtensionEdit::Raw { oid, value, critical } => {
                der::asn1::AnyRef::from_der(value).map_err(der_error)?;
                put_extension(extensions, oid, value, critical)
            }
            // GnuTLS keeps the criticality of the names appended to, else writes them
            // non-critical.
            ExtensionEdit::OtherName { issuer, type_id, value, append } => {
                let ext_oid = if issuer { OID_IAN } else { OID_SAN };
                let old = if append { previous(ext_oid) } else { None };
                let mut names: Vec<GeneralName> = match &old {
                    Some((der, _)) => Vec::<GeneralName>::from_der(der).map_err(der_error)?,
                    None => Vec::new(),
                };
                // divergence: GnuTLS writes a value that is not DER as it is (a broken
                // extension); here it is GNUTLS_E_ASN1_DER_ERROR and nothing changes.
                let value = der::asn1::Any::from_der(value).map_err(der_error)?;
                names.push(GeneralName::OtherName(x509_cert::ext::pkix::name::OtherName { type_id: oid(type_id)?, value }));
                put_extension(extensions, ext_oid, &encode(&names)?, old.is_some_and(|(_, c)| c))
            }
        }
    }
}

/// `gnutls_x509_cidr_to_rfc5280`: "IP/prefix" as the address (masked by the prefix, as
/// GnuTLS does) followed by the netmask, 8 or 32 bytes; anything else is
/// GNUTLS_E_MALFORMED_CIDR. The prefix is read as C's strtol reads it (leading blanks, a
/// sign, the digits, whatever follows ignored).
pub fn cidr_to_rfc5280(text: &str) -> Result<Vec<u8>, Error> {
    let malformed = || Error::new(GNUTLS_E_MALFORMED_CIDR);
    let (ip_text, prefix_text) = text.split_once('/').ok_or_else(malformed)?;
    let prefix = strtol_prefix(prefix_text).ok_or_else(malformed)?;
    let mut ip: Vec<u8> = if text.contains(':') {
        ip_text.parse::<std::net::Ipv6Addr>().map_err(|_| malformed())?.octets().to_vec()
    } else {
        ip_text.parse::<std::net::Ipv4Addr>().map_err(|_| malformed())?.octets().to_vec()
    };
    let len = ip.len();
    // A negative prefix is a huge unsigned one in GnuTLS: too long as well.
    let prefix = usize::try_from(prefix).ok().filter(|p| *p <= len * 8).ok_or_else(malformed)?;
    let mask: Vec<u8> = (0..len).map(|i| (0xff00u16 >> prefix.saturating_sub(i * 8).min(8)) as u8).collect();
    ip.iter_mut().zip(&mask).for_each(|(b, m)| *b &= m);
    ip.extend(mask);
    Ok(ip)
}

/// strtol(s, &end, 10) where GnuTLS only refuses "no digits at all" (as 0 with nothing read).
fn strtol_prefix(s: &str) -> Option<i64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let value = t[..digits].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -value } else { value })
}

// ---- RSA-PSS key parameters (`gnutls_x509_crq_set_spki`, `gnutls_x509_crt_set_spki`) ----

/// A public key with the RSA-PSS restrictions of `wanted` (pk, digest, salt), as GnuTLS's
/// `set_spki` writes them: an RSA key becomes an RSA-PSS one (a salt of 0 is the digest's
/// size, as far as the key allows), an RSA-PSS key takes the new digest and salt; asking
/// for the key's own algorithm changes nothing; anything else is GNUTLS_E_INVALID_REQUEST.
pub fn spki_with_pss(spki: &SubjectPublicKeyInfoOwned, wanted: (gnutls_pk_algorithm_t, gnutls_digest_algorithm_t, u32)) -> Result<SubjectPublicKeyInfoOwned, Error> {
    let (pk, digest, salt) = wanted;
    let (key_pk, bits) = super::core::spki_pk_algorithm(spki);
    let key_pk = key_pk as gnutls_pk_algorithm_t;
    let rsa_family = |p: gnutls_pk_algorithm_t| p == GNUTLS_PK_RSA || p == GNUTLS_PK_RSA_PSS;
    if !(key_pk == pk || rsa_family(key_pk) && rsa_family(pk)) {
        return Err(Error::INVALID_REQUEST);
    }
    if pk != GNUTLS_PK_RSA_PSS {
        return Ok(spki.clone());
    }
    let invalid_params = Error::new(GNUTLS_E_PK_INVALID_PUBKEY_PARAMS);
    let hash_len = crate::algorithms::digest_size(digest);
    match (crate::algorithms::digest_oid(digest), key_pk == GNUTLS_PK_RSA) {
        (Some(_), _) => {}
        (None, true) => return Err(Error::INVALID_REQUEST),
        (None, false) => return Err(invalid_params),
    }
    let salt = if key_pk == GNUTLS_PK_RSA {
        // _gnutls_find_rsa_pss_salt_size for 0: the digest's size, or what the key leaves.
        if salt == 0 { hash_len.min((bits / 8).saturating_sub(hash_len + 2)) } else { salt }
    } else {
        // _gnutls_x509_check_pubkey_params, which GnuTLS runs for RSA-PSS keys only.
        if hash_len + salt + 2 > bits.div_ceil(8) {
            return Err(invalid_params);
        }
        salt
    };
    let wanted = crate::keys::gnutls_x509_spki_st { pk: GNUTLS_PK_RSA_PSS, rsa_pss_dig: digest, salt_size: salt };
    let params = crate::keys::formats::encode_rsa_pss_params(&wanted)?.ok_or(Error::INTERNAL)?;
    let parameters = der::asn1::Any::from_der(&params).map_err(der_error)?;
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned { oid: OID_RSA_PSS, parameters: Some(parameters) },
        subject_public_key: spki.subject_public_key.clone(),
    })
}

// ---- Times and serial numbers ----

/// A validity time as GnuTLS writes it: UTCTime before 2050, GeneralizedTime from 2050 on,
/// and (time_t)-1 (GNUTLS_X509_NO_WELL_DEFINED_EXPIRATION) as 99991231235959Z.
pub fn validity_time(t: i64) -> Result<Time, Error> {
    use der::asn1::{GeneralizedTime, UtcTime};
    if t == -1 {
        let never = der::DateTime::new(9999, 12, 31, 23, 59, 59).map_err(|_| Error::INTERNAL)?;
        return Ok(Time::GeneralTime(GeneralizedTime::from_date_time(never)));
    }
    let secs = u64::try_from(t).map_err(|_| Error::INVALID_REQUEST)?;
    let when = std::time::Duration::from_secs(secs);
    let date = der::DateTime::from_unix_duration(when).map_err(|_| Error::INVALID_REQUEST)?;
    Ok(if date.year() < 2050 {
        Time::UtcTime(UtcTime::from_unix_duration(when).map_err(|_| Error::INVALID_REQUEST)?)
    } else {
        Time::GeneralTime(GeneralizedTime::from_unix_duration(when).map_err(|_| Error::INVALID_REQUEST)?)
    })
}

/// A serial number as GnuTLS writes one (libtasn1's INTEGER from octets): the octets as a
/// two's-complement integer, redundant leading octets dropped; any length.
pub fn serial_number(octets: &[u8]) -> Result<SerialNumber<Raw>, Error> {
    if octets.is_empty() {
        return Err(Error::INVALID_REQUEST);
    }
    let mut start = 0;
    while start + 1 < octets.len()
        && ((octets[start] == 0 && octets[start + 1] & 0x80 == 0) || (octets[start] == 0xff && octets[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    let int = der::asn1::Int::new(&octets[start..]).map_err(der_error)?;
    SerialNumber::<Raw>::from_der(&encode(&int)?).map_err(der_error)
}

// ---- Signing ----

/// The signature GnuTLS makes with a key for a digest: GNUTLS_DIG_UNKNOWN (0) is the key's
/// preferred hash (SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521); Ed25519
/// is pure whatever the digest. Returns the scheme and its AlgorithmIdentifier (RSA with
/// NULL parameters, ECDSA and EdDSA without).
pub fn signature_algorithm(key: &PrivateKey, digest: gnutls_digest_algorithm_t) -> Result<(Scheme, AlgorithmIdentifierOwned), Error> {
    let kind = key.kind();
    let (pk, hash) = match kind {
        Kind::Ed25519 => (GNUTLS_PK_EDDSA_ED25519, GNUTLS_DIG_SHA512),
        _ if digest == GNUTLS_DIG_UNKNOWN => (kind.pk_algorithm(), key.public_key()?.preferred_hash().0),
        _ => (kind.pk_algorithm(), digest),
    };
    let sign = crate::algorithms::pk_to_sign(pk, hash);
    let scheme = Scheme::from_gnutls(sign).map_err(|_| Error::new(GNUTLS_E_UNWANTED_ALGORITHM))?;
    let oid_text = crate::algorithms::sign_oid(sign).ok_or(Error::new(GNUTLS_E_UNWANTED_ALGORITHM))?;
    let oid = oid(oid_text.to_str().map_err(|_| Error::INTERNAL)?)?;
    let parameters = match (kind, scheme) {
        (Kind::Rsa, Scheme::RsaPkcs1(_)) => Some(der::asn1::Any::null()),
        (_, Scheme::RsaPss(h)) => Some(der::asn1::Any::from_der(&key.pss_signature_params(h)?).map_err(der_error)?),
        _ => None,
    };
    Ok((scheme, AlgorithmIdentifierOwned { oid, parameters }))
}

/// The public key of a private key, as a SubjectPublicKeyInfo.
pub fn spki_of_key(key: &PrivateKey) -> Result<SubjectPublicKeyInfoOwned, Error> {
    spki_from_der(key.public_key()?.spki_der())
}

pub fn spki_from_der(der: &[u8]) -> Result<SubjectPublicKeyInfoOwned, Error> {
    SubjectPublicKeyInfoOwned::from_der(der).map_err(der_error)
}

/// A certificate in writing: what the setters filled, and which of the fields GnuTLS needs
/// before it signs were set.
#[derive(Clone, Debug)]
pub struct CertificateDraft {
    tbs: TbsCertificateInner<Raw>,
    extensions: Vec<Extension>,
    has_serial: bool,
    has_key: bool,
    has_times: (bool, bool),
}

impl Default for CertificateDraft {
    fn default() -> Self {
        CertificateDraft {
            tbs: TbsCertificateInner {
                version: Version::V1,
                serial_number: SerialNumber::<Raw>::from_der(&[2, 1, 0]).expect("the DER of INTEGER 0"), // cannot fail: a fixed value
                signature: unset_algorithm(),
                issuer: Name::default(),
                validity: Validity {
                    not_before: Time::UtcTime(der::asn1::UtcTime::from_unix_duration(Default::default()).expect("1970 is a UTCTime")), // cannot fail: a fixed value
                    not_after: Time::UtcTime(der::asn1::UtcTime::from_unix_duration(Default::default()).expect("1970 is a UTCTime")), // cannot fail: a fixed value
                },
                subject: Name::default(),
                subject_public_key_info: SubjectPublicKeyInfoOwned {
                    algorithm: unset_algorithm(),
                    subject_public_key: BitString::new(0, Vec::new()).expect("an empty bit string"), // cannot fail: a fixed value
                },
                issuer_unique_id: None,
                subject_unique_id: None,
                extensions: None,
            },
            extensions: Vec::new(),
            has_serial: false,
            has_key: false,
            has_times: (false, false),
        }
    }
}

impl CertificateDraft {
    /// An imported certificate, to be changed and signed again (as certtool does).
    pub fn from_certificate(cert: &Certificate) -> Result<Self, Error> {
        let decoded = CertificateInner::<Raw>::from_der(cert.der()).map_err(der_error)?;
        let mut tbs = decoded.tbs_certificate;
        let extensions = tbs.extensions.take().unwrap_or_default();
        Ok(CertificateDraft { tbs, extensions, has_serial: true, has_key: true, has_times: (true, true) })
    }

    pub fn set_version(&mut self, version: u32) -> Result<(), Error> {
        // divergence: GnuTLS writes any version number; the encoder knows versions 1 to 3.
        self.tbs.version = match version {
            1 => Version::V1,
            2 => Version::V2,
            3 => Version::V3,
            _ => return Err(Error::INVALID_REQUEST),
        };
        Ok(())
    }

    pub fn set_serial(&mut self, octets: &[u8]) -> Result<(), Error> {
        self.tbs.serial_number = serial_number(octets)?;
        self.has_serial = true;
        Ok(())
    }

    pub fn set_activation_time(&mut self, t: i64) -> Result<(), Error> {
        self.tbs.validity.not_before = validity_time(t)?;
        self.has_times.0 = true;
        Ok(())
    }

    pub fn set_expiration_time(&mut self, t: i64) -> Result<(), Error> {
        self.tbs.validity.not_after = validity_time(t)?;
        self.has_times.1 = true;
        Ok(())
    }

    /// The v2 issuer and subject unique identifiers, whole octets as GnuTLS writes them.
    pub fn set_unique_id(&mut self, issuer: bool, id: &[u8]) -> Result<(), Error> {
        let bits = Some(BitString::from_bytes(id).map_err(|_| Error::INVALID_REQUEST)?);
        if issuer {
            self.tbs.issuer_unique_id = bits;
        } else {
            self.tbs.subject_unique_id = bits;
        }
        Ok(())
    }

    pub fn subject_mut(&mut self) -> &mut Name {
        &mut self.tbs.subject
    }

    pub fn issuer_mut(&mut self) -> &mut Name {
        &mut self.tbs.issuer
    }

    pub fn subject(&self) -> &Name {
        &self.tbs.subject
    }

    pub fn set_spki(&mut self, spki: SubjectPublicKeyInfoOwned) {
        self.tbs.subject_public_key_info = spki;
        self.has_key = true;
    }

    pub fn spki(&self) -> &SubjectPublicKeyInfoOwned {
        &self.tbs.subject_public_key_info
    }

    pub fn has_key(&self) -> bool {
        self.has_key
    }

    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    pub fn edit_extensions(&mut self, edit: &ExtensionEdit<'_>) -> Result<(), Error> {
        edit.apply(&mut self.extensions)
    }

    /// Adds extensions as they are (`gnutls_x509_crt_set_crq_extensions`).
    pub fn put_extensions(&mut self, extensions: &[Extension]) {
        for e in extensions {
            match self.extensions.iter_mut().find(|old| old.extn_id == e.extn_id) {
                Some(old) => *old = e.clone(),
                None => self.extensions.push(e.clone()),
            }
        }
    }

    fn tbs_with_extensions(&self) -> TbsCertificateInner<Raw> {
        let mut tbs = self.tbs.clone();
        tbs.extensions = (!self.extensions.is_empty()).then(|| self.extensions.clone());
        tbs
    }

    fn assemble(tbs: TbsCertificateInner<Raw>, signature: BitString, flags: u32) -> Result<Certificate, Error> {
        let cert = CertificateInner::<Raw> { signature_algorithm: tbs.signature.clone(), tbs_certificate: tbs, signature };
        Ok(Certificate::from_der_flags(&encode(&cert)?, flags)?)
    }

    /// The certificate as it stands, unsigned, for the getters.
    pub fn view(&self) -> Result<Certificate, Error> {
        let empty = BitString::new(0, Vec::new()).map_err(der_error)?;
        Self::assemble(self.tbs_with_extensions(), empty, GNUTLS_X509_CRT_FLAG_IGNORE_SANITY)
    }

    /// `gnutls_x509_crt_privkey_sign`: the issuer's name, the signature algorithm, then the
    /// signature over the to-be-signed part. GnuTLS's checks come first, in its order:
    /// version 3 for extensions and 2 for unique identifiers (else
    /// GNUTLS_E_CERTIFICATE_ERROR), both times (else GNUTLS_E_CERTIFICATE_TIME_ERROR), a
    /// serial number and a key (else GNUTLS_E_ASN1_VALUE_NOT_FOUND).
    pub fn sign(&mut self, issuer: Name, key: &PrivateKey, digest: gnutls_digest_algorithm_t) -> Result<Certificate, Error> {
        if !self.extensions.is_empty() && self.tbs.version != Version::V3 {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_ERROR));
        }
        let unique_ids = self.tbs.issuer_unique_id.is_some() || self.tbs.subject_unique_id.is_some();
        if unique_ids && self.tbs.version == Version::V1 {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_ERROR));
        }
        if self.has_times != (true, true) {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_TIME_ERROR));
        }
        if !self.has_serial || !self.has_key {
            return Err(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND));
        }
        let (scheme, algorithm) = signature_algorithm(key, digest)?;
        let mut tbs = self.tbs_with_extensions();
        tbs.issuer = issuer;
        tbs.signature = algorithm;
        let signature = key.sign(scheme, &encode(&tbs)?)?;
        let cert = Self::assemble(tbs.clone(), BitString::from_bytes(&signature).map_err(der_error)?, 0)?;
        self.tbs.issuer = tbs.issuer;
        self.tbs.signature = tbs.signature;
        Ok(cert)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_values_are_gnutls_encodings() {
        // digitalSignature | keyCertSign: 03 02 01 84 (one unused bit).
        assert_eq!(key_usage_value((GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN) as u32).unwrap(), [3, 2, 2, 0x84]);
        assert_eq!(key_usage_value(GNUTLS_KEY_DECIPHER_ONLY as u32).unwrap(), [3, 3, 7, 0, 0x80]);
        assert_eq!(basic_constraints_value(true, 2).unwrap(), [0x30, 6, 1, 1, 0xff, 2, 1, 2]);
        assert_eq!(basic_constraints_value(false, -1).unwrap(), [0x30, 0]);
        assert_eq!(authority_key_id_value(&[4, 5]).unwrap(), [0x30, 4, 0x80, 2, 4, 5]);
        let san = alt_names_value(None, GNUTLS_SAN_DNSNAME, b"a.example").unwrap();
        let both = alt_names_value(Some(&san), GNUTLS_SAN_IPADDRESS, &[127, 0, 0, 1]).unwrap();
        assert_eq!(super::super::ext::alt_names(&both).unwrap().len(), 2);
        assert!(alt_names_value(None, GNUTLS_SAN_OTHERNAME, &[1, 2, 3]).is_err());
    }

    #[test]
    fn times_and_serials_as_gnutls_writes_them() {
        assert!(matches!(validity_time(1_700_000_000).unwrap(), Time::UtcTime(_)));
        assert!(matches!(validity_time(2_600_000_000).unwrap(), Time::GeneralTime(_)));
        assert!(matches!(validity_time(-1).unwrap(), Time::GeneralTime(_)));
        assert_eq!(serial_number(&[0, 0, 1, 2]).unwrap().as_bytes(), [1, 2]);
        assert_eq!(serial_number(&[0x80]).unwrap().to_der().unwrap(), [2, 1, 0x80]);
        assert_eq!(serial_number(&[0x11; 64]).unwrap().as_bytes().len(), 64);
        assert!(serial_number(&[]).is_err());
    }

    #[test]
    fn signing_needs_what_gnutls_needs() {
        let key = PrivateKey::generate(Kind::Ecdsa(crate::keys::Curve::P256), 256).unwrap();
        let mut d = CertificateDraft::default();
        assert_eq!(d.sign(Name::default(), &key, 0).unwrap_err().code(), GNUTLS_E_CERTIFICATE_TIME_ERROR);
        d.set_activation_time(1_700_000_000).unwrap();
        d.set_expiration_time(1_800_000_000).unwrap();
        assert_eq!(d.sign(Name::default(), &key, 0).unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        d.set_serial(&[1]).unwrap();
        d.set_spki(spki_of_key(&key).unwrap());
        append_to_name(d.subject_mut(), "2.5.4.3", false, b"test").unwrap();
        d.edit_extensions(&ExtensionEdit::KeyUsage(GNUTLS_KEY_DIGITAL_SIGNATURE as u32)).unwrap();
        assert_eq!(d.sign(Name::default(), &key, 0).unwrap_err().code(), GNUTLS_E_CERTIFICATE_ERROR);
        d.set_version(3).unwrap();
        let subject = d.subject().clone();
        let cert = d.sign(subject, &key, 0).unwrap();
        assert_eq!(cert.dn().unwrap(), "CN=test");
        assert_eq!(cert.issuer_dn().unwrap(), "CN=test");
        assert_eq!(cert.signature_oid(), "1.2.840.10045.4.3.2");
        assert_eq!(super::super::core::signed_der_by(cert.der(), cert.der(), 0), Ok(true));
        // The unsigned certificate reads back too.
        assert_eq!(CertificateDraft::default().view().unwrap().version(), 1);
    }
}
