//! Certificate extensions decoded into what GnuTLS's getters hand out (lib/x509/x509_ext.c):
//! key usage bits in GnuTLS's numbering, GeneralNames as (GNUTLS_SAN_* type, bytes), policy
//! qualifiers as text. Decoding is `der`'s and `x509-cert`'s; GeneralNames are read from their
//! encoding so that the bytes GnuTLS returns are exactly the certificate's.

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};
use x509_cert::ext::pkix;

use super::dn::{der_error, Dn};
use crate::constants::*;
use crate::errors::Error;

/// One GeneralName as GnuTLS reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneralName {
    /// GNUTLS_SAN_* (after GnuTLS's otherName-to-virtual mapping for XMPP and UPN).
    pub kind: u32,
    /// Text for names, raw bytes for addresses, the DN in RFC 4514 form for directoryName,
    /// the value's DER for an unmapped otherName.
    pub data: Vec<u8>,
    /// The type-id of an otherName.
    pub othername_oid: Option<String>,
}

const OID_XMPP: &str = "1.3.6.1.5.5.7.8.5";
const OID_MS_UPN: &str = "1.3.6.1.4.1.311.20.2.3";
const OID_KRB5_PRINCIPAL: &str = "1.3.6.1.5.2.2";

/// The explicit contents of a `[n] EXPLICIT` field.
fn explicit<'a>(r: &mut SliceReader<'a>, n: u8) -> der::Result<AnyRef<'a>> {
    let field: AnyRef<'a> = r.decode()?;
    if context_number(field.tag()) != Some(n) {
        return Err(field.tag().unexpected_error(None));
    }
    AnyRef::from_der(field.value())
}

/// The content of a KerberosString (GeneralString, a tag `der` has no type for): the tag
/// octet, then a DER length read by `der`, then exactly that many bytes.
fn general_string(tlv: &[u8]) -> der::Result<&[u8]> {
    let (&tag, rest) = tlv.split_first().ok_or(der::ErrorKind::Incomplete { expected_len: 1u8.into(), actual_len: 0u8.into() })?;
    if tag != 0x1b {
        return Err(der::ErrorKind::TagUnknown { byte: tag }.into());
    }
    let mut r = SliceReader::new(rest)?;
    let len = der::Length::decode(&mut r)?;
    let content = r.read_slice(len)?;
    r.finish(content)
}

/// The encoding inside a `[n] EXPLICIT` field.
fn explicit_raw<'a>(r: &mut SliceReader<'a>, n: u8) -> der::Result<&'a [u8]> {
    let field: AnyRef<'a> = r.decode()?;
    if context_number(field.tag()) != Some(n) {
        return Err(field.tag().unexpected_error(None));
    }
    Ok(field.value())
}

/// A KRB5PrincipalName (RFC 4556) as GnuTLS writes it: "comp1/comp2@REALM" for the name
/// types it knows (1, 2, 10), "#" and the hex of the DER otherwise.
fn krb5_principal(value: &[u8]) -> Vec<u8> {
    krb5_principal_checked(value).unwrap_or_else(|_| format!("#{}", super::dn::hex_lower(value)).into_bytes())
}

/// `krb5_principal`, with a value that does not decode as GnuTLS's
/// `_gnutls_krb5_der_to_principal` failure (GNUTLS_E_ASN1_DER_ERROR).
fn krb5_principal_checked(value: &[u8]) -> Result<Vec<u8>, Error> {
    let text = (|| -> der::Result<Option<Vec<u8>>> {
        let seq = AnyRef::from_der(value)?;
        let mut r = SliceReader::new(seq.value())?;
        let realm = general_string(explicit_raw(&mut r, 0)?)?;
        let name = explicit(&mut r, 1)?;
        let mut n = SliceReader::new(name.value())?;
        let kind = explicit(&mut n, 0)?;
        if !matches!(kind.value(), [1] | [2] | [10]) {
            return Ok(None);
        }
        let strings = explicit(&mut n, 1)?;
        let mut c = SliceReader::new(strings.value())?;
        let mut out = Vec::new();
        let mut first = true;
        while !c.is_finished() {
            // Each component is a whole GeneralString TLV; `der` reads its length.
            let at: usize = c.position().try_into()?;
            let rest = strings.value().get(at..).unwrap_or(&[]);
            let mut h = SliceReader::new(rest.get(1..).unwrap_or(&[]))?;
            let len = der::Length::decode(&mut h)?;
            let total = (der::Length::ONE + len.encoded_len()? + len)?;
            let component = general_string(c.read_slice(total)?)?;
            if !first {
                out.push(b'/');
            }
            first = false;
            out.extend_from_slice(component);
        }
        out.push(b'@');
        out.extend_from_slice(realm);
        Ok(Some(out))
    })();
    match text {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Ok(format!("#{}", super::dn::hex_lower(value)).into_bytes()),
        Err(_) => Err(Error::new(GNUTLS_E_ASN1_DER_ERROR)),
    }
}

fn context_number(tag: Tag) -> Option<u8> {
    match tag {
        Tag::ContextSpecific { number, .. } => Some(number.value()),
        _ => None,
    }
}

/// A GeneralName from its encoding as `gnutls_x509_crt_get_subject_alt_name` reports it:
/// `_gnutls_parse_general_name2`, then XMPP, UPN and Kerberos otherNames as their virtual
/// types.
pub fn general_name(any: AnyRef<'_>) -> Result<GeneralName, Error> {
    general_name_as(any, true)
}

/// A GeneralName; with `virtual_types`, the otherNames GnuTLS knows as its virtual types
/// (the certificate getters), else every otherName as GNUTLS_SAN_OTHERNAME with its value's
/// DER (the request getters).
fn general_name_as(any: AnyRef<'_>, virtual_types: bool) -> Result<GeneralName, Error> {
    let content = any.value();
    let plain = |kind: u32| Ok(GeneralName { kind, data: content.to_vec(), othername_oid: None });
    match context_number(any.tag()) {
        Some(1) => plain(GNUTLS_SAN_RFC822NAME),
        Some(2) => plain(GNUTLS_SAN_DNSNAME),
        Some(6) => plain(GNUTLS_SAN_URI),
        Some(7) => plain(GNUTLS_SAN_IPADDRESS),
        Some(8) => {
            // divergence: const-oid cannot hold a second arc above 39 (2.999.x, which
            // libtasn1 reads); such an ID is shown as "#" and the hex of its encoding.
            let data = match ObjectIdentifier::from_bytes(content) {
                Ok(oid) => oid.to_string().into_bytes(),
                Err(_) if !content.is_empty() => format!("#{}", super::dn::hex_lower(content)).into_bytes(),
                Err(_) => return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR)),
            };
            Ok(GeneralName { kind: GNUTLS_SAN_REGISTERED_ID, data, othername_oid: None })
        }
        Some(4) => {
            let dn = Dn::from_der(content)?;
            Ok(GeneralName { kind: GNUTLS_SAN_DN, data: dn.to_text(0)?.into_bytes(), othername_oid: None })
        }
        Some(0) => {
            let mut r = SliceReader::new(content).map_err(der_error)?;
            let oid: ObjectIdentifier = r.decode().map_err(der_error)?;
            let explicit: AnyRef<'_> = r.decode().map_err(der_error)?;
            if context_number(explicit.tag()) != Some(0) {
                return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
            }
            let value = explicit.value().to_vec();
            let oid = oid.to_string();
            if !virtual_types {
                return Ok(GeneralName { kind: GNUTLS_SAN_OTHERNAME, data: value, othername_oid: Some(oid) });
            }
            // gnutls_x509_othername_to_virtual: XMPP and UPN are UTF8Strings GnuTLS unwraps.
            if oid == OID_XMPP || oid == OID_MS_UPN {
                if let Ok(s) = der::asn1::Utf8StringRef::from_der(&value) {
                    let kind = if oid == OID_XMPP { GNUTLS_SAN_OTHERNAME_XMPP } else { GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL };
                    return Ok(GeneralName { kind, data: s.as_str().as_bytes().to_vec(), othername_oid: Some(oid) });
                }
            }
            if oid == OID_KRB5_PRINCIPAL {
                return Ok(GeneralName { kind: GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL, data: krb5_principal(&value), othername_oid: Some(oid) });
            }
            Ok(GeneralName { kind: GNUTLS_SAN_OTHERNAME, data: value, othername_oid: Some(oid) })
        }
        // x400Address and ediPartyName (GnuTLS's ANY), and tags outside the CHOICE, are
        // libtasn1 decoding errors.
        _ => Err(Error::new(GNUTLS_E_ASN1_DER_ERROR)),
    }
}

/// libtasn1's name of a GeneralName's CHOICE (`GNUTLS_IA_ACCESSLOCATION_GENERALNAME_TYPE`).
pub fn choice_name(kind: u32) -> &'static str {
    match kind {
        GNUTLS_SAN_RFC822NAME => "rfc822Name",
        GNUTLS_SAN_DNSNAME => "dNSName",
        GNUTLS_SAN_DN => "directoryName",
        GNUTLS_SAN_URI => "uniformResourceIdentifier",
        GNUTLS_SAN_IPADDRESS => "iPAddress",
        GNUTLS_SAN_REGISTERED_ID => "registeredID",
        _ => "otherName",
    }
}

/// GeneralNames from the contents of their SEQUENCE.
fn general_names_in(content: &[u8]) -> Result<Vec<GeneralName>, Error> {
    general_names_as(content, true)
}

/// A GeneralName as `_gnutls_parse_general_name2` reads it, which the x509-ext objects keep:
/// an otherName as its type-id and the DER of its value, a directoryName as RFC 4514 text.
pub fn general_name_raw(any: AnyRef<'_>) -> Result<GeneralName, Error> {
    general_name_as(any, false)
}

/// GeneralNames (the contents of their SEQUENCE) as `general_name_raw` reads each.
pub fn general_names_raw(content: &[u8]) -> Result<Vec<GeneralName>, Error> {
    general_names_as(content, false)
}

fn general_names_as(content: &[u8], virtual_types: bool) -> Result<Vec<GeneralName>, Error> {
    let mut r = SliceReader::new(content).map_err(der_error)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        let any: AnyRef<'_> = r.decode().map_err(der_error)?;
        out.push(general_name_as(any, virtual_types)?);
    }
    Ok(out)
}

pub fn sequence(der: &[u8]) -> Result<AnyRef<'_>, Error> {
    let any = AnyRef::from_der(der).map_err(der_error)?;
    if any.tag() != Tag::Sequence {
        return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
    }
    Ok(any)
}

/// Subject/issuer alternative names (`gnutls_x509_ext_import_subject_alt_names`).
pub fn alt_names(ext: &[u8]) -> Result<Vec<GeneralName>, Error> {
    alt_names_as(ext, true)
}

/// Alternative names as a request's getters read them (`_gnutls_parse_general_name`):
/// otherNames not mapped to GnuTLS's virtual types.
pub fn alt_names_unmapped(ext: &[u8]) -> Result<Vec<GeneralName>, Error> {
    alt_names_as(ext, false)
}

fn alt_names_as(ext: &[u8], virtual_types: bool) -> Result<Vec<GeneralName>, Error> {
    let names = general_names_as(sequence(ext)?.value(), virtual_types)?;
    // GnuTLS refuses an empty name of any type but otherName.
    if names.iter().any(|n| n.kind != GNUTLS_SAN_OTHERNAME && n.data.is_empty()) {
        return Err(Error::new(GNUTLS_E_X509_UNKNOWN_SAN));
    }
    Ok(names)
}

/// Key usage in GnuTLS's numbering: the first byte of the bit string as is
/// (digitalSignature = 128), the second shifted up (decipherOnly = 32768).
pub fn key_usage(ext: &[u8]) -> Result<u32, Error> {
    let bits = BitStringRef::from_der(ext).map_err(der_error)?;
    let raw = bits.raw_bytes();
    Ok(raw.first().copied().unwrap_or(0) as u32 | (raw.get(1).copied().unwrap_or(0) as u32) << 8)
}

/// Basic constraints: (CA, path length or -1).
/// Like libtasn1, an explicitly encoded `cA FALSE` (not DER) is read as it is.
pub fn basic_constraints(ext: &[u8]) -> Result<(bool, i32), Error> {
    let mut r = SliceReader::new(sequence(ext)?.value()).map_err(der_error)?;
    let (mut ca, mut pathlen) = (false, -1);
    if !r.is_finished() && r.peek_tag().map_err(der_error)? == Tag::Boolean {
        let b: AnyRef<'_> = r.decode().map_err(der_error)?;
        ca = b.value().first().is_some_and(|v| *v != 0);
    }
    if !r.is_finished() {
        let n: UintRef<'_> = r.decode().map_err(der_error)?;
        let v = n.as_bytes().iter().try_fold(0i32, |acc, b| acc.checked_mul(256).map(|a| a | *b as i32));
        pathlen = v.ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?;
    }
    r.finish(()).map_err(der_error)?;
    Ok((ca, pathlen))
}

/// Extended key usage OIDs, in order.
pub fn key_purposes(ext: &[u8]) -> Result<Vec<String>, Error> {
    let eku = pkix::ExtendedKeyUsage::from_der(ext).map_err(der_error)?;
    Ok(eku.0.iter().map(|o| o.to_string()).collect())
}

/// The subject key identifier's bytes.
pub fn subject_key_id(ext: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(OctetStringRef::from_der(ext).map_err(der_error)?.as_bytes().to_vec())
}

/// An authority key identifier: its key id, issuer names and issuer serial, each if present.
#[derive(Clone, Debug, Default)]
pub struct AuthorityKeyId {
    pub id: Option<Vec<u8>>,
    pub issuer: Vec<GeneralName>,
    pub serial: Option<Vec<u8>>,
}

pub fn authority_key_id(ext: &[u8]) -> Result<AuthorityKeyId, Error> {
    let mut r = SliceReader::new(sequence(ext)?.value()).map_err(der_error)?;
    let mut aki = AuthorityKeyId::default();
    while !r.is_finished() {
        let any: AnyRef<'_> = r.decode().map_err(der_error)?;
        match context_number(any.tag()) {
            Some(0) => aki.id = Some(any.value().to_vec()),
            Some(1) => aki.issuer = general_names_in(any.value())?,
            Some(2) => aki.serial = Some(any.value().to_vec()),
            _ => return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)),
        }
    }
    Ok(aki)
}

/// Authority information access: (method OID, location).
pub fn authority_info_access(ext: &[u8]) -> Result<Vec<(String, GeneralName)>, Error> {
    let mut r = SliceReader::new(sequence(ext)?.value()).map_err(der_error)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        let desc: AnyRef<'_> = r.decode().map_err(der_error)?;
        let mut d = SliceReader::new(desc.value()).map_err(der_error)?;
        let method: ObjectIdentifier = d.decode().map_err(der_error)?;
        let location: AnyRef<'_> = d.decode().map_err(der_error)?;
        out.push((method.to_string(), general_name(location)?));
    }
    Ok(out)
}

/// CRL distribution points: (name, reason flags) for each full name of each point, as
/// `gnutls_x509_crl_dist_points_get` lists them.
pub fn crl_dist_points(ext: &[u8]) -> Result<Vec<(GeneralName, u32)>, Error> {
    crl_dist_points_with(ext, general_name)
}

/// CRL distribution points with each name read by `read`.
pub fn crl_dist_points_with(ext: &[u8], read: fn(AnyRef<'_>) -> Result<GeneralName, Error>) -> Result<Vec<(GeneralName, u32)>, Error> {
    let points = pkix::CrlDistributionPoints::from_der(ext).map_err(der_error)?;
    let mut out = Vec::new();
    for p in &points.0 {
        let reasons = match &p.reasons {
            Some(flags) => {
                let raw = flags.to_der().map_err(der_error)?;
                key_usage(&raw)?
            }
            None => 0,
        };
        if let Some(pkix::name::DistributionPointName::FullName(names)) = &p.distribution_point {
            for n in names {
                let der = n.to_der().map_err(der_error)?;
                out.push((read(AnyRef::from_der(&der).map_err(der_error)?)?, reasons));
            }
        }
    }
    Ok(out)
}

/// One certificate policy: its OID and qualifiers (GNUTLS_X509_QUALIFIER_*, text).
#[derive(Clone, Debug)]
pub struct Policy {
    pub oid: String,
    pub qualifiers: Vec<(u32, Vec<u8>)>,
}

const OID_CPS: &str = "1.3.6.1.5.5.7.2.1";
const OID_UNOTICE: &str = "1.3.6.1.5.5.7.2.2";

/// The explicit text of a UserNotice (GnuTLS keeps only that, and refuses a notice without
/// one with GNUTLS_E_PARSING_ERROR).
fn user_notice_text(notice: &[u8]) -> Result<Vec<u8>, Error> {
    let parsing = |_| Error::new(GNUTLS_E_PARSING_ERROR);
    let seq = AnyRef::from_der(notice).map_err(parsing)?;
    let mut r = SliceReader::new(seq.value()).map_err(parsing)?;
    while !r.is_finished() {
        let part: AnyRef<'_> = r.decode().map_err(parsing)?;
        // noticeRef is a SEQUENCE; explicitText one of the DisplayText strings.
        match part.tag() {
            Tag::BmpString => return super::dn::ucs2_to_utf8(part.value()).ok_or(Error::new(GNUTLS_E_PARSING_ERROR)),
            Tag::Utf8String | Tag::Ia5String | Tag::VisibleString => return Ok(part.value().to_vec()),
            Tag::Sequence => {}
            _ => return Err(Error::new(GNUTLS_E_PARSING_ERROR)),
        }
    }
    Err(Error::new(GNUTLS_E_PARSING_ERROR))
}

pub fn policies(ext: &[u8]) -> Result<Vec<Policy>, Error> {
    let list = pkix::CertificatePolicies::from_der(ext).map_err(der_error)?;
    let mut out = Vec::new();
    for p in &list.0 {
        let mut qualifiers = Vec::new();
        for q in p.policy_qualifiers.iter().flatten() {
            let id = q.policy_qualifier_id.to_string();
            let value = q.qualifier.as_ref().map(|a| a.to_der()).transpose().map_err(der_error)?.unwrap_or_default();
            if id == OID_CPS {
                let s = AnyRef::from_der(&value).map_err(der_error)?;
                qualifiers.push((GNUTLS_X509_QUALIFIER_URI, s.value().to_vec()));
            } else if id == OID_UNOTICE {
                qualifiers.push((GNUTLS_X509_QUALIFIER_NOTICE, user_notice_text(&value)?));
            } else {
                qualifiers.push((GNUTLS_X509_QUALIFIER_UNKNOWN, value));
            }
        }
        out.push(Policy { oid: p.policy_identifier.to_string(), qualifiers });
    }
    Ok(out)
}

/// Name constraints: (permitted, excluded) subtree bases.
pub fn name_constraints(ext: &[u8]) -> Result<(Vec<GeneralName>, Vec<GeneralName>), Error> {
    let mut r = SliceReader::new(sequence(ext)?.value()).map_err(der_error)?;
    let (mut permitted, mut excluded) = (Vec::new(), Vec::new());
    while !r.is_finished() {
        let trees: AnyRef<'_> = r.decode().map_err(der_error)?;
        let target = match context_number(trees.tag()) {
            Some(0) => &mut permitted,
            Some(1) => &mut excluded,
            _ => return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)),
        };
        let mut t = SliceReader::new(trees.value()).map_err(der_error)?;
        while !t.is_finished() {
            let subtree: AnyRef<'_> = t.decode().map_err(der_error)?;
            let mut s = SliceReader::new(subtree.value()).map_err(der_error)?;
            let base: AnyRef<'_> = s.decode().map_err(der_error)?;
            target.push(general_name(base)?);
        }
    }
    Ok((permitted, excluded))
}

/// The private key usage period (RFC 3280 4.2.1.4): notBefore and notAfter, -1 when absent.
pub fn private_key_usage_period(ext: &[u8]) -> Result<(i64, i64), Error> {
    let mut r = SliceReader::new(sequence(ext)?.value()).map_err(der_error)?;
    let (mut activation, mut expiration) = (-1, -1);
    while !r.is_finished() {
        let field: AnyRef<'_> = r.decode().map_err(der_error)?;
        // [0] and [1] IMPLICIT GeneralizedTime: decode the content as one.
        let time = der::asn1::GeneralizedTime::from_der(&[&[0x18, field.value().len() as u8][..], field.value()].concat())
            .map_err(der_error)?
            .to_unix_duration()
            .as_secs() as i64;
        match context_number(field.tag()) {
            Some(0) => activation = time,
            Some(1) => expiration = time,
            _ => return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)),
        }
    }
    Ok((activation, expiration))
}

/// `gnutls_x509_othername_to_virtual`: an otherName's value (its DER) as the virtual type
/// GnuTLS knows its type-id as (XMPP and UPN UTF8Strings, Kerberos principals), and the
/// text; another type-id is GNUTLS_E_X509_UNKNOWN_SAN, a value that does not decode
/// GNUTLS_E_ASN1_DER_ERROR.
pub fn othername_to_virtual(oid: &str, value: &[u8]) -> Result<(u32, Vec<u8>), Error> {
    let kind = othername_virtual_type(oid)?;
    let text = if kind == GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL {
        krb5_principal_checked(value)?
    } else {
        let s = der::asn1::Utf8StringRef::from_der(value).map_err(|_| Error::new(GNUTLS_E_ASN1_DER_ERROR))?;
        s.as_str().as_bytes().to_vec()
    };
    Ok((kind, text))
}

/// The virtual type of an otherName type-id; GNUTLS_E_X509_UNKNOWN_SAN for the others.
pub fn othername_virtual_type(oid: &str) -> Result<u32, Error> {
    match oid {
        OID_XMPP => Ok(GNUTLS_SAN_OTHERNAME_XMPP),
        OID_MS_UPN => Ok(GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL),
        OID_KRB5_PRINCIPAL => Ok(GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL),
        _ => Err(Error::new(GNUTLS_E_X509_UNKNOWN_SAN)),
    }
}

/// The object behind `gnutls_x509_tlsfeatures_t`: the TLS extension numbers a certificate
/// asks its holder to use (RFC 7633), at most 64, as GnuTLS's fixed array holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct gnutls_x509_tlsfeatures_st {
    features: Vec<u16>,
}

pub type TlsFeatures = gnutls_x509_tlsfeatures_st;

const MAX_TLS_FEATURES: usize = 64;

/// RFC 7633's TLS feature extension.
pub const OID_TLS_FEATURES: &str = "1.3.6.1.5.5.7.1.24";

impl TlsFeatures {
    pub fn features(&self) -> &[u16] {
        &self.features
    }

    /// `gnutls_x509_tlsfeatures_add`: no de-duplication here, as in GnuTLS.
    pub fn add(&mut self, feature: u32) -> Result<(), Error> {
        let feature = u16::try_from(feature).map_err(|_| Error::INVALID_REQUEST)?;
        if self.features.len() >= MAX_TLS_FEATURES {
            return Err(Error::INTERNAL);
        }
        self.features.push(feature);
        Ok(())
    }

    /// `gnutls_x509_ext_import_tlsfeatures`: the extension's value (a SEQUENCE OF INTEGER)
    /// replaces the features, or with `append` adds to them; repeated numbers count once.
    /// Nothing changes when the value is refused.
    pub fn import(&mut self, ext: &[u8], append: bool) -> Result<(), Error> {
        if ext.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        let numbers = Vec::<u32>::from_der(ext).map_err(der_error)?;
        let mut merged = if append { self.features.clone() } else { Vec::new() };
        for n in numbers {
            let n = u16::try_from(n).map_err(|_| Error::CERTIFICATE)?;
            if merged.contains(&n) {
                continue;
            }
            if merged.len() >= MAX_TLS_FEATURES {
                return Err(Error::INTERNAL);
            }
            merged.push(n);
        }
        self.features = merged;
        Ok(())
    }

    /// `gnutls_x509_ext_export_tlsfeatures`.
    pub fn export(&self) -> Result<Vec<u8>, Error> {
        self.features.iter().map(|&f| u32::from(f)).collect::<Vec<u32>>().to_der().map_err(der_error)
    }

    /// `gnutls_x509_tlsfeatures_check_crt`: whether a certificate's features (None: it has
    /// none, or they cannot be read) include every one of these (RFC 7633 section 4.2.2).
    pub fn satisfied_by(&self, cert: Option<&TlsFeatures>) -> bool {
        if self.features.is_empty() {
            return true;
        }
        cert.is_some_and(|c| self.features.iter().all(|f| c.features.contains(f)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_names_keep_their_bytes() {
        // SEQUENCE { [2] "a.test", [7] 127.0.0.1, [8] 1.2.3 }
        assert!(alt_names(&[0x30, 0x03, 0x82, 0x05, b'a']).is_err());
        let san = [0x30, 0x13, 0x82, 0x06, b'a', b'.', b't', b'e', b's', b't', 0x87, 0x04, 127, 0, 0, 1, 0x88, 0x03, 0x2a, 0x03, 0x04];
        let names = alt_names(&san).unwrap();
        assert_eq!(names[0], GeneralName { kind: GNUTLS_SAN_DNSNAME, data: b"a.test".to_vec(), othername_oid: None });
        assert_eq!(names[1].data, [127, 0, 0, 1]);
        assert_eq!(names[2].data, b"1.2.3.4");
    }

    #[test]
    fn tls_features_as_gnutls_keeps_them() {
        let mut f = TlsFeatures::default();
        // SEQUENCE { 5, 17, 5 }
        f.import(&[0x30, 0x09, 0x02, 0x01, 0x05, 0x02, 0x01, 0x11, 0x02, 0x01, 0x05], false).unwrap();
        assert_eq!(f.features(), [5, 17]);
        assert_eq!(f.export().unwrap(), [0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x11]);
        // 65536 is no TLS extension number; the features are left as they were.
        assert_eq!(f.import(&[0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x00], true), Err(Error::CERTIFICATE));
        assert_eq!(f.import(&[0x30, 0x03, 0x02, 0x01], false), Err(Error::new(GNUTLS_E_ASN1_DER_ERROR)));
        assert_eq!(f.features(), [5, 17]);
        f.import(&[0x30, 0x03, 0x02, 0x01, 0x07], true).unwrap();
        assert_eq!(f.features(), [5, 17, 7]);
        let mut want = TlsFeatures::default();
        assert!(want.satisfied_by(None));
        want.add(17).unwrap();
        assert!(want.satisfied_by(Some(&f)) && !want.satisfied_by(None));
        want.add(18).unwrap();
        assert!(!want.satisfied_by(Some(&f)));
        assert_eq!(want.add(65536), Err(Error::INVALID_REQUEST));
    }

    #[test]
    fn basic_constraints_read_as_libtasn1_does() {
        assert_eq!(basic_constraints(&[0x30, 0x00]).unwrap(), (false, -1));
        // cA FALSE encoded although it is the default, and a path length of 255.
        assert_eq!(basic_constraints(&[0x30, 0x07, 0x01, 0x01, 0x00, 0x02, 0x02, 0x00, 0xff]).unwrap(), (false, 255));
        assert_eq!(basic_constraints(&[0x30, 0x03, 0x01, 0x01, 0xff]).unwrap(), (true, -1));
        assert!(basic_constraints(&[0x30, 0x03, 0x04, 0x01, 0xff]).is_err());
    }

    #[test]
    fn empty_names_are_unknown_sans() {
        assert_eq!(alt_names(&[0x30, 0x02, 0x81, 0x00]).unwrap_err().code(), GNUTLS_E_X509_UNKNOWN_SAN);
    }

    #[test]
    fn key_usage_uses_gnutls_numbering() {
        // BIT STRING, 7 unused bits, digitalSignature + ... decipherOnly
        assert_eq!(key_usage(&[0x03, 0x03, 0x07, 0x80, 0x80]).unwrap(), 0x8080);
        assert_eq!(key_usage(&[0x03, 0x02, 0x05, 0xa0]).unwrap(), (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT) as u32);
    }
}
