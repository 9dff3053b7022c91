//! The objects of GnuTLS's x509-ext API (lib/x509/x509_ext.c, name_constraints.c): alternative
//! names, authority key IDs, AIA, CRL distribution points, key purposes, policies, name
//! constraints and CT SCT lists, filled by importing an extension's DER or by their setters,
//! and exported again as GnuTLS encodes them. They keep what they hand out (names, OIDs) with a NUL after
//! it, as GnuTLS does, because its getters give out pointers into the object.
//! Decoding reuses `ext`'s readers; encoding is `x509-cert`'s.

use der::asn1::{Any, AnyRef, Ia5String, ObjectIdentifier, OctetString, Utf8StringRef};
use der::{Decode, Encode, Reader, SliceReader, Tagged};
use x509_cert::ext::pkix::name::{GeneralName as Gn, OtherName};

use super::dn::der_error;
use super::ext::{self, general_name_raw, general_names_raw, sequence, GeneralName};
use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's MAX_ENTRIES: the fixed arrays of key purposes and policies.
const MAX_ENTRIES: usize = 64;
/// GNUTLS_MAX_QUALIFIERS (x509.h): the qualifiers a policy holds.
pub(crate) const MAX_QUALIFIERS: usize = 8;

/// Bytes with a NUL kept after them (not counted), as GnuTLS stores what its getters lend.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NulBytes(Vec<u8>);

impl NulBytes {
    pub fn new(bytes: &[u8]) -> Self {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.extend_from_slice(bytes);
        v.push(0);
        NulBytes(v)
    }
    pub fn bytes(&self) -> &[u8] {
        &self.0[..self.0.len().saturating_sub(1)]
    }
    /// The bytes followed by their NUL.
    pub fn with_nul(&self) -> &[u8] {
        &self.0
    }
}

fn encode<T: Encode>(value: &T) -> Result<Vec<u8>, Error> {
    value.to_der().map_err(der_error)
}

fn oid(text: &[u8]) -> Result<ObjectIdentifier, Error> {
    std::str::from_utf8(text).ok().and_then(|t| t.parse().ok()).ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))
}

/// One name of an object: GNUTLS_SAN_* type, data, and the type-id of an otherName.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AltName {
    pub kind: u32,
    pub san: NulBytes,
    pub othername_oid: Option<NulBytes>,
}

impl AltName {
    fn from_parsed(n: GeneralName) -> AltName {
        AltName { kind: n.kind, san: NulBytes::new(&n.data), othername_oid: n.othername_oid.map(|o| NulBytes::new(o.as_bytes())) }
    }

    /// `_gnutls_alt_name_assign_virt_type` on data a caller gives (not raw): DNS names and
    /// e-mail addresses to their IDNA form, URIs printable only, XMPP and Kerberos names to
    /// their otherName encodings.
    pub fn from_caller(kind: u32, data: &[u8], othername_oid: Option<&str>) -> Result<AltName, Error> {
        let oid_of = |o: &str| NulBytes::new(o.as_bytes());
        match kind {
            GNUTLS_SAN_OTHERNAME_XMPP => {
                let mapped = crate::idna::map(data)?;
                let text = std::str::from_utf8(&mapped).map_err(|_| Error::new(GNUTLS_E_INVALID_UTF8_STRING))?;
                let value = encode(&Utf8StringRef::new(text).map_err(der_error)?)?;
                Ok(AltName { kind: GNUTLS_SAN_OTHERNAME, san: NulBytes::new(&value), othername_oid: Some(oid_of("1.3.6.1.5.5.7.8.5")) })
            }
            GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL => {
                let value = krb5_principal_der(data)?;
                Ok(AltName { kind: GNUTLS_SAN_OTHERNAME, san: NulBytes::new(&value), othername_oid: Some(oid_of("1.3.6.1.5.2.2")) })
            }
            k if k >= 1000 => Err(Error::INVALID_REQUEST),
            _ => Ok(AltName { kind, san: NulBytes::new(&alt_name_process(kind, data)?), othername_oid: othername_oid.map(oid_of) }),
        }
    }

    /// The name as x509-cert's GeneralName, for the types `_gnutls_write_general_name`
    /// writes (others are GNUTLS_E_INTERNAL_ERROR, as there); otherNames when `othername`.
    fn encodable(&self, othername: bool) -> Result<Gn, Error> {
        let data = self.san.bytes();
        let text = || -> Result<Ia5String, Error> {
            let s = std::str::from_utf8(data).map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))?;
            Ia5String::new(s).map_err(der_error)
        };
        Ok(match self.kind {
            GNUTLS_SAN_DNSNAME => Gn::DnsName(text()?),
            GNUTLS_SAN_RFC822NAME => Gn::Rfc822Name(text()?),
            GNUTLS_SAN_URI => Gn::UniformResourceIdentifier(text()?),
            GNUTLS_SAN_IPADDRESS => Gn::IpAddress(OctetString::new(data).map_err(der_error)?),
            GNUTLS_SAN_REGISTERED_ID => Gn::RegisteredId(oid(data)?),
            GNUTLS_SAN_OTHERNAME if othername => {
                let type_id = oid(self.othername_oid.as_ref().map(NulBytes::bytes).unwrap_or_default())?;
                Gn::OtherName(OtherName { type_id, value: Any::from_der(data).map_err(der_error)? })
            }
            _ => return Err(Error::INTERNAL),
        })
    }
}

/// `_gnutls_alt_name_process` for a caller's name.
fn alt_name_process(kind: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
    match kind {
        GNUTLS_SAN_DNSNAME => crate::idna::map(data),
        GNUTLS_SAN_RFC822NAME => crate::idna::email_map(data),
        GNUTLS_SAN_URI if !data.iter().all(|b| (0x20..0x7f).contains(b)) => Err(Error::UNIMPLEMENTED),
        _ => Ok(data.to_vec()),
    }
}

/// A KRB5PrincipalName (RFC 4556) from "comp1/comp2@REALM", as `_gnutls_krb5_principal_to_der`
/// writes it (name type 1, NT-PRINCIPAL).
fn krb5_principal_der(text: &[u8]) -> Result<Vec<u8>, Error> {
    let text = std::str::from_utf8(text).map_err(|_| Error::new(GNUTLS_E_PARSING_ERROR))?;
    let (name, realm) = text.rsplit_once('@').ok_or(Error::new(GNUTLS_E_PARSING_ERROR))?;
    if name.is_empty() || realm.is_empty() {
        return Err(Error::new(GNUTLS_E_PARSING_ERROR));
    }
    // KerberosString is GeneralString, which `der` has no type for: its TLV is written from
    // `der`'s length encoding, and the SEQUENCEs around such TLVs take them as contents.
    let general_string = |s: &str| -> Result<Vec<u8>, Error> {
        let mut v = vec![0x1b];
        v.extend(der::Length::try_from(s.len()).map_err(der_error)?.to_der().map_err(der_error)?);
        v.extend_from_slice(s.as_bytes());
        Ok(v)
    };
    let tlv = |tag: der::Tag, content: Vec<u8>| -> Result<Vec<u8>, Error> { encode(&Any::new(tag, content).map_err(der_error)?) };
    let explicit = |n: u8, inner: Vec<u8>| tlv(der::Tag::ContextSpecific { constructed: true, number: der::TagNumber::new(n) }, inner);
    let mut components = Vec::new();
    for c in name.split('/') {
        components.extend(general_string(c)?);
    }
    let mut principal = explicit(0, encode(&1u8)?)?;
    principal.extend(explicit(1, tlv(der::Tag::Sequence, components)?)?);
    let mut outer = explicit(0, general_string(realm)?)?;
    outer.extend(explicit(1, tlv(der::Tag::Sequence, principal)?)?);
    tlv(der::Tag::Sequence, outer)
}

/// Imported names join the object's, which then counts only the imported ones, as in
/// GnuTLS (`sans->size = i`): importing into a used object shows its first names.
fn import_names(names: &mut Vec<AltName>, new: Vec<GeneralName>) {
    let count = new.len();
    names.extend(new.into_iter().map(AltName::from_parsed));
    names.truncate(count);
}

// ---- Alternative names ----

/// The object behind `gnutls_subject_alt_names_t`: alternative names in order.
#[derive(Clone, Debug, Default)]
pub struct gnutls_subject_alt_names_st {
    pub names: Vec<AltName>,
}

impl gnutls_subject_alt_names_st {
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let names = general_names_raw(sequence(der)?.value())?;
        if names.iter().any(|n| n.kind != GNUTLS_SAN_OTHERNAME && n.data.is_empty()) {
            return Err(Error::new(GNUTLS_E_X509_UNKNOWN_SAN));
        }
        import_names(&mut self.names, names);
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        encode(&self.names.iter().map(|n| n.encodable(true)).collect::<Result<Vec<_>, _>>()?)
    }
}

// ---- Authority key identifier ----

/// The object behind `gnutls_x509_aki_t`: an authority key identifier's key ID, issuer names and serial.
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_aki_st {
    pub id: Option<NulBytes>,
    pub issuer: Vec<AltName>,
    pub serial: Option<NulBytes>,
}

impl gnutls_x509_aki_st {
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let mut r = SliceReader::new(sequence(der)?.value()).map_err(der_error)?;
        let (mut id, mut issuer, mut serial) = (None, Vec::new(), None);
        while !r.is_finished() {
            let any: AnyRef<'_> = r.decode().map_err(der_error)?;
            match any.tag() {
                der::Tag::ContextSpecific { number, .. } if number.value() == 0 => id = Some(any.value()),
                der::Tag::ContextSpecific { number, .. } if number.value() == 1 => {
                    issuer = general_names_raw(any.value())?
                }
                der::Tag::ContextSpecific { number, .. } if number.value() == 2 => serial = Some(any.value()),
                _ => return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)),
            }
        }
        import_names(&mut self.issuer, issuer);
        if let Some(s) = serial {
            self.serial = Some(NulBytes::new(s));
        }
        if let Some(i) = id {
            self.id = Some(NulBytes::new(i));
        }
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier {
            key_identifier: self.id.as_ref().map(|i| OctetString::new(i.bytes())).transpose().map_err(der_error)?,
            authority_cert_issuer: if self.issuer.is_empty() {
                None
            } else {
                Some(self.issuer.iter().map(|n| n.encodable(false)).collect::<Result<_, _>>()?)
            },
            authority_cert_serial_number: self
                .serial
                .as_ref()
                .map(|s| super::build::serial_number(s.bytes()))
                .transpose()?
                .map(|s| x509_cert::serial_number::SerialNumber::new(s.as_bytes()))
                .transpose()
                .map_err(der_error)?,
        };
        encode(&aki)
    }
}

// ---- Authority information access ----

#[derive(Clone, Debug)]
pub struct AccessDescription {
    pub oid: Option<NulBytes>,
    pub name: AltName,
}

/// The object behind `gnutls_x509_aia_t`: authority information access descriptions.
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_aia_st {
    pub entries: Vec<AccessDescription>,
}

impl gnutls_x509_aia_st {
    /// Appends the extension's access descriptions, as GnuTLS does.
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        if der.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        let mut r = SliceReader::new(sequence(der)?.value()).map_err(der_error)?;
        while !r.is_finished() {
            let desc: AnyRef<'_> = r.decode().map_err(der_error)?;
            let mut d = SliceReader::new(desc.value()).map_err(der_error)?;
            let method: ObjectIdentifier = d.decode().map_err(der_error)?;
            let location: AnyRef<'_> = d.decode().map_err(der_error)?;
            let name = AltName::from_parsed(general_name_raw(location)?);
            self.entries.push(AccessDescription { oid: Some(NulBytes::new(method.to_string().as_bytes())), name });
        }
        Ok(())
    }

    pub fn set(&mut self, oid: Option<&str>, kind: u32, data: &[u8]) -> Result<(), Error> {
        let name = AltName { kind, san: NulBytes::new(&alt_name_process(kind, data)?), othername_oid: None };
        self.entries.push(AccessDescription { oid: oid.map(|o| NulBytes::new(o.as_bytes())), name });
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        let list = self
            .entries
            .iter()
            .map(|e| {
                Ok(x509_cert::ext::pkix::AccessDescription {
                    access_method: oid(e.oid.as_ref().map(NulBytes::bytes).unwrap_or_default())?,
                    access_location: e.name.encodable(false)?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        encode(&x509_cert::ext::pkix::AuthorityInfoAccessSyntax(list))
    }
}

// ---- CRL distribution points ----

#[derive(Clone, Debug)]
pub struct DistPoint {
    pub kind: u32,
    pub san: NulBytes,
    pub reasons: u32,
}

/// The object behind `gnutls_x509_crl_dist_points_t`: every full name of every point, with its point's reasons.
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_crl_dist_points_st {
    pub points: Vec<DistPoint>,
}

impl gnutls_x509_crl_dist_points_st {
    /// Appends every full name of every point, with its point's reasons.
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let mut new = Vec::new();
        for (name, reasons) in ext::crl_dist_points_with(der, general_name_raw)? {
            new.push(DistPoint { kind: name.kind, san: NulBytes::new(&name.data), reasons });
        }
        self.points.extend(new);
        Ok(())
    }

    pub fn set(&mut self, kind: u32, data: &[u8], reasons: u32) {
        self.points.push(DistPoint { kind, san: NulBytes::new(data), reasons });
    }

    /// Consecutive names with the same reasons share a point, as GnuTLS writes them.
    pub fn export(&self) -> Result<Vec<u8>, Error> {
        use x509_cert::ext::pkix::crl::dp::DistributionPoint;
        use x509_cert::ext::pkix::name::DistributionPointName;
        let mut points: Vec<DistributionPoint> = Vec::new();
        let mut last_reasons = None;
        for p in &self.points {
            let name = AltName { kind: p.kind, san: p.san.clone(), othername_oid: None }.encodable(false)?;
            match points.last_mut() {
                Some(DistributionPoint { distribution_point: Some(DistributionPointName::FullName(names)), .. })
                    if last_reasons == Some(p.reasons) =>
                {
                    names.push(name)
                }
                _ => {
                    let reasons = if p.reasons == 0 {
                        None
                    } else {
                        Some(der::Decode::from_der(&reasons_bits(p.reasons)?).map_err(der_error)?)
                    };
                    points.push(DistributionPoint {
                        distribution_point: Some(DistributionPointName::FullName(vec![name])),
                        reasons,
                        crl_issuer: None,
                    });
                }
            }
            last_reasons = Some(p.reasons);
        }
        encode(&x509_cert::ext::pkix::crl::CrlDistributionPoints(points))
    }
}

/// The reason flags as GnuTLS writes them: it asks libtasn1 for 2 bits, so only unused (128)
/// and keyCompromise (64) are kept.
fn reasons_bits(reasons: u32) -> Result<Vec<u8>, Error> {
    encode(&der::asn1::BitString::new(6, vec![(reasons & 0xc0) as u8]).map_err(der_error)?)
}

// ---- Key purposes ----

/// The object behind `gnutls_x509_key_purposes_t`: extended key usage OIDs (at most 64).
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_key_purposes_st {
    pub oids: Vec<NulBytes>,
}

impl gnutls_x509_key_purposes_st {
    /// Replaces the purposes with the extension's (at most 64).
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let oids = ext::key_purposes(der)?;
        self.oids = oids.iter().take(MAX_ENTRIES).map(|o| NulBytes::new(o.as_bytes())).collect();
        Ok(())
    }

    pub fn set(&mut self, oid: &str) -> Result<(), Error> {
        if self.oids.len() >= MAX_ENTRIES {
            return Err(Error::INVALID_REQUEST);
        }
        self.oids.push(NulBytes::new(oid.as_bytes()));
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        let list = self.oids.iter().map(|o| oid(o.bytes())).collect::<Result<Vec<_>, _>>()?;
        encode(&x509_cert::ext::pkix::ExtendedKeyUsage(list))
    }
}

// ---- Policies ----

#[derive(Clone, Debug, Default)]
pub struct PolicyEntry {
    pub oid: NulBytes,
    /// (GNUTLS_X509_QUALIFIER_*, text); an unknown qualifier has no text.
    pub qualifiers: Vec<(u32, Option<NulBytes>)>,
}

/// The object behind `gnutls_x509_policies_t`: certificate policies (at most 64).
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_policies_st {
    pub list: Vec<PolicyEntry>,
}

impl gnutls_x509_policies_st {
    /// Replaces the policies with the extension's (at most 64, 8 qualifiers each).
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let policies = ext::policies(der)?;
        self.list = policies
            .into_iter()
            .take(MAX_ENTRIES)
            .map(|p| PolicyEntry {
                oid: NulBytes::new(p.oid.as_bytes()),
                qualifiers: p
                    .qualifiers
                    .into_iter()
                    .take(MAX_QUALIFIERS)
                    .map(|(kind, text)| (kind, (kind != GNUTLS_X509_QUALIFIER_UNKNOWN).then(|| NulBytes::new(&text))))
                    .collect(),
            })
            .collect();
        Ok(())
    }

    pub fn set(&mut self, policy: PolicyEntry) -> Result<(), Error> {
        if self.list.len() >= MAX_ENTRIES {
            return Err(Error::INVALID_REQUEST);
        }
        self.list.push(policy);
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        use x509_cert::ext::pkix::certpolicy::{CertificatePolicies, DisplayText, PolicyInformation, PolicyQualifierInfo};
        /// GnuTLS's UserNotice: the explicit text only, as UTF8String.
        #[derive(der::Sequence)]
        struct UserNotice {
            explicit_text: DisplayText,
        }
        let mut out = Vec::new();
        for p in &self.list {
            let mut qualifiers = Vec::new();
            for (kind, text) in &p.qualifiers {
                let text = text.as_ref().map(NulBytes::bytes).unwrap_or_default();
                let (id, value) = match *kind {
                    GNUTLS_X509_QUALIFIER_URI => {
                        let s = std::str::from_utf8(text).map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))?;
                        ("1.3.6.1.5.5.7.2.1", encode(&Ia5String::new(s).map_err(der_error)?)?)
                    }
                    GNUTLS_X509_QUALIFIER_NOTICE => {
                        if text.len() > 200 {
                            return Err(Error::INVALID_REQUEST);
                        }
                        let s = std::str::from_utf8(text).map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))?;
                        let notice = UserNotice { explicit_text: DisplayText::Utf8String(s.to_string()) };
                        ("1.3.6.1.5.5.7.2.2", encode(&notice)?)
                    }
                    _ => return Err(Error::INVALID_REQUEST),
                };
                qualifiers.push(PolicyQualifierInfo {
                    policy_qualifier_id: oid(id.as_bytes())?,
                    qualifier: Some(Any::from_der(&value).map_err(der_error)?),
                });
            }
            out.push(PolicyInformation {
                policy_identifier: oid(p.oid.bytes())?,
                policy_qualifiers: if qualifiers.is_empty() { None } else { Some(qualifiers) },
            });
        }
        encode(&CertificatePolicies(out))
    }
}

// ---- Name constraints ----

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub kind: u32,
    pub name: NulBytes,
}

impl Constraint {
    fn new(kind: u32, name: &[u8]) -> Constraint {
        Constraint { kind, name: NulBytes::new(name) }
    }
}

/// The object behind `gnutls_x509_name_constraints_t`: permitted and excluded subtrees, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct gnutls_name_constraints_st {
    pub permitted: Vec<Constraint>,
    pub excluded: Vec<Constraint>,
}

pub type NameConstraints = gnutls_name_constraints_st;

/// `validate_name_constraints_node`: the types GnuTLS keeps, and IP ranges as an address
/// and a contiguous mask of 4 or 16 octets each.
fn validate_constraint(kind: u32, name: &[u8]) -> Result<(), Error> {
    if !matches!(
        kind,
        GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME | GNUTLS_SAN_DN | GNUTLS_SAN_URI | GNUTLS_SAN_IPADDRESS | GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL
    ) {
        return Err(Error::new(GNUTLS_E_X509_UNKNOWN_SAN));
    }
    if kind == GNUTLS_SAN_IPADDRESS {
        if name.len() != 8 && name.len() != 32 {
            return Err(Error::new(GNUTLS_E_ILLEGAL_PARAMETER));
        }
        if mask_to_prefix(&name[name.len() / 2..]).is_none() {
            return Err(Error::new(GNUTLS_E_MALFORMED_CIDR));
        }
    }
    // Names with consecutive dots, or only a dot, are malformed.
    if matches!(kind, GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME) && (name.windows(2).any(|w| w == b"..") || name == b".") {
        return Err(Error::new(GNUTLS_E_ILLEGAL_PARAMETER));
    }
    Ok(())
}

/// The prefix length of a netmask: ones, then only zeros.
fn mask_to_prefix(mask: &[u8]) -> Option<u32> {
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    let bits = mask.iter().flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1));
    bits.enumerate().all(|(i, set)| set == ((i as u32) < ones)).then_some(ones)
}

/// The subtrees of one side of a NameConstraints, as `_gnutls_extract_name_constraints`.
fn subtrees(content: &[u8]) -> Result<Vec<Constraint>, Error> {
    let mut out = Vec::new();
    let mut t = SliceReader::new(content).map_err(der_error)?;
    while !t.is_finished() {
        let subtree: AnyRef<'_> = t.decode().map_err(der_error)?;
        let mut s = SliceReader::new(subtree.value()).map_err(der_error)?;
        let base = general_name_raw(s.decode().map_err(der_error)?)?;
        let (kind, data) = match &base.othername_oid {
            Some(oid) if base.kind == GNUTLS_SAN_OTHERNAME => ext::othername_to_virtual(oid, &base.data)?,
            _ => (base.kind, base.data),
        };
        validate_constraint(kind, &data)?;
        out.push(Constraint::new(kind, &data));
    }
    Ok(out)
}

// The system's GnuTLS 3.7.9 (Debian's, with the name-constraints rework of 3.8 backported)
// orders and matches constraints with one "rich" comparison: besides sorting before or after,
// a constraint may include or be included by another.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    SortsBefore,
    IncludedBy,
    Equal,
    Includes,
    SortsAfter,
}

fn compare_bytes(a: &[u8], b: &[u8], fold: bool) -> Relation {
    let n = a.len().min(b.len());
    let key = |x: u8| if fold { x.to_ascii_lowercase() } else { x };
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        match key(*x).cmp(&key(*y)) {
            std::cmp::Ordering::Less => return Relation::SortsBefore,
            std::cmp::Ordering::Greater => return Relation::SortsAfter,
            std::cmp::Ordering::Equal => {}
        }
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => Relation::SortsBefore,
        std::cmp::Ordering::Greater => Relation::SortsAfter,
        std::cmp::Ordering::Equal => Relation::Equal,
    }
}

/// DNS names label by label from the right, case-insensitively; "x.a" is included by "a"
/// and by ".a".
fn compare_dns_names(n1: &[u8], n2: &[u8]) -> Relation {
    let (mut i, mut j) = (n1.len(), n2.len());
    while i > 0 && n1[i - 1] == b'.' {
        i -= 1;
    }
    while j > 0 && n2[j - 1] == b'.' {
        j -= 1;
    }
    let (mut i_end, mut j_end) = (i, j);
    loop {
        while i > 0 && n1[i - 1] != b'.' {
            i -= 1;
        }
        while j > 0 && n2[j - 1] != b'.' {
            j -= 1;
        }
        match compare_bytes(&n1[i..i_end], &n2[j..j_end], true) {
            r @ (Relation::SortsBefore | Relation::SortsAfter) => return r,
            _ => {}
        }
        match (i, j) {
            (0, 0) => return Relation::Equal,
            (0, _) => return Relation::Includes,
            (_, 0) => return Relation::IncludedBy,
            _ => {}
        }
        i -= 1;
        j -= 1;
        i_end = i;
        j_end = j;
        match (i, j) {
            (0, j) if j > 0 => return Relation::Includes,
            (i, 0) if i > 0 => return Relation::IncludedBy,
            _ => {}
        }
    }
}

/// E-mail constraints: an address, a host ("example.org", that host only) or a domain
/// (".example.org", its subdomains).
fn compare_emails(n1: &[u8], n2: &[u8]) -> Relation {
    use Relation::*;
    let i = n1.iter().rposition(|&b| b == b'@').map_or(0, |p| p + 1);
    let j = n2.iter().rposition(|&b| b == b'@').map_or(0, |p| p + 1);
    let (d1, d2) = (&n1[i..], &n2[j..]);
    let mut rel = compare_dns_names(d1, d2);
    if matches!(rel, IncludedBy | Includes) {
        if d2.first() != Some(&b'.') && rel == IncludedBy {
            rel = SortsBefore;
        }
        if d1.first() != Some(&b'.') && rel == Includes {
            rel = SortsAfter;
        }
    }
    match (i > 0, j > 0) {
        (false, false) => rel,
        (true, false) => match rel {
            SortsAfter | Includes => SortsAfter,
            SortsBefore => SortsBefore,
            Equal | IncludedBy => IncludedBy,
        },
        (false, true) => match rel {
            SortsAfter | Includes => SortsAfter,
            SortsBefore | IncludedBy => SortsBefore,
            Equal => Includes,
        },
        (true, true) => match rel {
            SortsAfter | Includes => SortsAfter,
            SortsBefore | IncludedBy => SortsBefore,
            Equal => compare_bytes(&n1[..i - 1], &n2[..j - 1], false),
        },
    }
}

/// IP ranges (address and mask): a shorter prefix containing the other includes it.
fn compare_ip_ranges(n1: &[u8], n2: &[u8]) -> Relation {
    use Relation::*;
    match n1.len().cmp(&n2.len()) {
        std::cmp::Ordering::Less => return SortsBefore,
        std::cmp::Ordering::Greater => return SortsAfter,
        std::cmp::Ordering::Equal => {}
    }
    let len = n1.len() / 2;
    let (ip1, mask1) = n1.split_at(len);
    let (ip2, mask2) = n2.split_at(len);
    let and = |a: &[u8], b: &[u8]| -> Vec<u8> { a.iter().zip(b).map(|(x, y)| x & y).collect() };
    let (m11, m22, m12, m21) = (and(ip1, mask1), and(ip2, mask2), and(ip1, mask2), and(ip2, mask1));
    match mask1.cmp(mask2) {
        std::cmp::Ordering::Less if m11 == m21 => return Includes,
        std::cmp::Ordering::Greater if m12 == m22 => return IncludedBy,
        _ => {}
    }
    match m11.cmp(&m22) {
        std::cmp::Ordering::Less => SortsBefore,
        std::cmp::Ordering::Greater => SortsAfter,
        std::cmp::Ordering::Equal => Equal,
    }
}

/// The types GnuTLS can intersect and match.
fn is_supported(kind: u32) -> bool {
    matches!(kind, GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME | GNUTLS_SAN_IPADDRESS)
}

/// Constraints in GnuTLS's order: unsupported types first, then by type, then by name;
/// None (past the end of a list) after everything.
fn compare_constraints(c1: Option<&Constraint>, c2: Option<&Constraint>) -> Relation {
    use Relation::*;
    let (c1, c2) = match (c1, c2) {
        (None, None) => return Equal,
        (None, _) => return SortsAfter,
        (_, None) => return SortsBefore,
        (Some(a), Some(b)) => (a, b),
    };
    match (is_supported(c1.kind), is_supported(c2.kind)) {
        (false, true) => return SortsBefore,
        (true, false) => return SortsAfter,
        _ => {}
    }
    match c1.kind.cmp(&c2.kind) {
        std::cmp::Ordering::Less => return SortsBefore,
        std::cmp::Ordering::Greater => return SortsAfter,
        std::cmp::Ordering::Equal => {}
    }
    let (a, b) = (c1.name.bytes(), c2.name.bytes());
    match c1.kind {
        GNUTLS_SAN_DNSNAME => compare_dns_names(a, b),
        GNUTLS_SAN_RFC822NAME => compare_emails(a, b),
        GNUTLS_SAN_IPADDRESS => compare_ip_ranges(a, b),
        _ => compare_bytes(a, b, false),
    }
}

/// The constraints sorted as glibc's qsort (a top-down merge sort, stable) sorts them with
/// GnuTLS's comparator; the same algorithm, so that the order is GnuTLS's even where the
/// relation is not a total order.
fn sorted(list: &[Constraint]) -> Vec<Constraint> {
    fn msort(v: &mut [Constraint]) {
        if v.len() <= 1 {
            return;
        }
        let n1 = v.len() / 2;
        msort(&mut v[..n1]);
        msort(&mut v[n1..]);
        let (left, right) = (v[..n1].to_vec(), v[n1..].to_vec());
        let (mut a, mut b, mut k) = (0, 0, 0);
        while a < left.len() && b < right.len() {
            let le = matches!(compare_constraints(Some(&left[a]), Some(&right[b])), Relation::SortsBefore | Relation::IncludedBy | Relation::Equal);
            if le {
                v[k] = left[a].clone();
                a += 1;
            } else {
                v[k] = right[b].clone();
                b += 1;
            }
            k += 1;
        }
        for c in &left[a..] {
            v[k] = c.clone();
            k += 1;
        }
    }
    let mut v = list.to_vec();
    msort(&mut v);
    v
}

/// `name_constraints_node_list_union`: both lists merged in order, a constraint included
/// by another dropped; nothing changes when `other` is empty.
fn union(list: &[Constraint], other: &[Constraint]) -> Vec<Constraint> {
    use Relation::*;
    if other.is_empty() {
        return list.to_vec();
    }
    let (s1, s2) = (sorted(list), sorted(other));
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < s1.len() || j < s2.len() {
        match compare_constraints(s1.get(i), s2.get(j)) {
            SortsBefore => {
                out.push(s1[i].clone());
                i += 1;
            }
            SortsAfter => {
                out.push(s2[j].clone());
                j += 1;
            }
            Includes | Equal => {
                out.push(s1[i].clone());
                i += 1;
                j += 1;
            }
            IncludedBy => {
                out.push(s2[j].clone());
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn dnsname_matches(name: &[u8], constraint: &[u8]) -> bool {
    matches!(compare_dns_names(name, constraint), Relation::Equal | Relation::IncludedBy)
}

fn email_matches(name: &[u8], constraint: &[u8]) -> bool {
    matches!(compare_emails(name, constraint), Relation::Equal | Relation::IncludedBy)
}

/// An address within an (address, mask) range of the same family.
fn ip_in_cidr(ip: &[u8], cidr: &[u8]) -> bool {
    let (net, mask) = cidr.split_at(cidr.len() / 2);
    ip.len() == net.len() && ip.iter().zip(net).zip(mask).all(|((a, n), m)| (a ^ n) & m == 0)
}

impl NameConstraints {
    /// `gnutls_x509_ext_import_name_constraints`: replaces the constraints, or with
    /// `append` (and constraints already there) merges them as RFC 5280 6.1.4 does.
    pub fn import(&mut self, der: &[u8], append: bool) -> Result<(), Error> {
        let mut r = SliceReader::new(sequence(der)?.value()).map_err(der_error)?;
        let (mut permitted, mut excluded) = (Vec::new(), Vec::new());
        while !r.is_finished() {
            let trees: AnyRef<'_> = r.decode().map_err(der_error)?;
            match trees.tag() {
                der::Tag::ContextSpecific { number, .. } if number.value() == 0 => permitted = subtrees(trees.value())?,
                der::Tag::ContextSpecific { number, .. } if number.value() == 1 => excluded = subtrees(trees.value())?,
                _ => return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)),
            }
        }
        if append && !(self.permitted.is_empty() && self.excluded.is_empty()) {
            self.merge(permitted, excluded)
        } else {
            self.permitted = permitted;
            self.excluded = excluded;
            Ok(())
        }
    }

    /// `_gnutls_x509_name_constraints_merge`: the permitted constraints intersected
    /// (`name_constraints_node_list_intersect`), the excluded ones united.
    pub fn merge(&mut self, permitted2: Vec<Constraint>, excluded2: Vec<Constraint>) -> Result<(), Error> {
        use Relation::*;
        let (s1, s2) = (sorted(&self.permitted), sorted(&permitted2));
        let p1u = s1.iter().take_while(|c| !is_supported(c.kind)).count();
        let p2u = s2.iter().take_while(|c| !is_supported(c.kind)).count();
        // Constraints GnuTLS cannot intersect are kept from both sides.
        let mut result = union(&s1[..p1u], &s2[..p2u]);
        let types = |list: &[Constraint]| list.iter().fold(0u32, |m, c| m | 1 << c.kind);
        let (types1, types2) = (types(&s1[p1u..]), types(&s2[p2u..]));
        let mut universal_exclude = types1 & types2;
        let (mut i, mut j) = (p1u, p2u);
        while i < s1.len() || j < s2.len() {
            let (c1, c2) = (s1.get(i), s2.get(j));
            match compare_constraints(c1, c2) {
                SortsBefore => {
                    let c = &s1[i];
                    if types2 & 1 << c.kind == 0 {
                        result.push(c.clone());
                    }
                    i += 1;
                }
                SortsAfter => {
                    let c = &s2[j];
                    if types1 & 1 << c.kind == 0 {
                        result.push(c.clone());
                    }
                    j += 1;
                }
                IncludedBy => {
                    universal_exclude &= !(1 << s1[i].kind);
                    result.push(s1[i].clone());
                    i += 1;
                }
                Includes => {
                    universal_exclude &= !(1 << s2[j].kind);
                    result.push(s2[j].clone());
                    j += 1;
                }
                Equal => {
                    universal_exclude &= !(1 << s1[i].kind);
                    result.push(s1[i].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        // A type whose permitted names no longer meet excludes every name of it.
        for kind in [GNUTLS_SAN_DNSNAME, GNUTLS_SAN_RFC822NAME, GNUTLS_SAN_IPADDRESS] {
            if universal_exclude & 1 << kind == 0 {
                continue;
            }
            if kind == GNUTLS_SAN_IPADDRESS {
                self.excluded.push(Constraint::new(kind, &[0; 8]));
                self.excluded.push(Constraint::new(kind, &[0; 32]));
            } else {
                self.excluded.push(Constraint::new(kind, b""));
            }
        }
        self.permitted = result;
        self.excluded = union(&self.excluded, &excluded2);
        Ok(())
    }

    pub fn add(&mut self, permitted: bool, kind: u32, name: &[u8]) -> Result<(), Error> {
        validate_constraint(kind, name)?;
        let list = if permitted { &mut self.permitted } else { &mut self.excluded };
        list.push(Constraint::new(kind, name));
        Ok(())
    }

    pub fn export(&self) -> Result<Vec<u8>, Error> {
        use x509_cert::ext::pkix::constraints::name::{GeneralSubtree, NameConstraints as Nc};
        if self.permitted.is_empty() && self.excluded.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        let trees = |list: &[Constraint]| -> Result<Option<Vec<GeneralSubtree>>, Error> {
            if list.is_empty() {
                return Ok(None);
            }
            let subtrees = list
                .iter()
                .map(|c| {
                    let base = AltName { kind: c.kind, san: c.name.clone(), othername_oid: None }.encodable(false)?;
                    Ok(GeneralSubtree { base, minimum: 0, maximum: None })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(Some(subtrees))
        };
        encode(&Nc { permitted_subtrees: trees(&self.permitted)?, excluded_subtrees: trees(&self.excluded)? })
    }

    /// Whether there are constraints of this type (`is_nc_empty`, negated).
    pub fn constrains(&self, kind: u32) -> bool {
        self.permitted.iter().chain(&self.excluded).any(|c| c.kind == kind)
    }

    /// `gnutls_x509_name_constraints_check`.
    pub fn check(&self, kind: u32, name: &[u8]) -> bool {
        let matches: fn(&[u8], &[u8]) -> bool = match kind {
            GNUTLS_SAN_DNSNAME => dnsname_matches,
            GNUTLS_SAN_RFC822NAME => email_matches,
            GNUTLS_SAN_IPADDRESS => ip_in_cidr,
            // Any excluded constraint of a type GnuTLS cannot check rejects the name.
            _ => return !self.excluded.iter().any(|c| c.kind == kind),
        };
        let applies = |c: &Constraint| c.kind == kind && (kind != GNUTLS_SAN_IPADDRESS || c.name.bytes().len() == 2 * name.len());
        for c in self.excluded.iter().filter(|c| applies(c)) {
            // An empty excluded DNS name or address excludes every one.
            if kind != GNUTLS_SAN_IPADDRESS && c.name.bytes().is_empty() || matches(name, c.name.bytes()) {
                return false;
            }
        }
        let mut allowed_found = false;
        for c in self.permitted.iter().filter(|c| applies(c)) {
            if kind != GNUTLS_SAN_IPADDRESS && c.name.bytes().is_empty() {
                continue;
            }
            allowed_found = true;
            if matches(name, c.name.bytes()) {
                return true;
            }
        }
        !allowed_found
    }

    /// `gnutls_x509_name_constraints_check_crt` on what it reads of a certificate: its
    /// subject alternative names (GnuTLS's types), the DN attributes of `dn_oid`, and
    /// whether the CN may stand for a DNS name (a TLS WWW server certificate).
    pub fn check_crt(&self, kind: u32, sans: &[(u32, Vec<u8>)], dn_values: &dyn Fn(&str) -> Vec<Vec<u8>>, cn_is_name: bool) -> bool {
        if (self.permitted.is_empty() && self.excluded.is_empty()) || !self.constrains(kind) {
            return true;
        }
        let of_kind: Vec<&Vec<u8>> = sans.iter().filter(|(k, _)| *k == kind).map(|(_, v)| v).collect();
        match kind {
            GNUTLS_SAN_RFC822NAME | GNUTLS_SAN_DNSNAME | GNUTLS_SAN_IPADDRESS => {
                if !of_kind.is_empty() {
                    return of_kind.iter().all(|n| self.check(kind, n));
                }
                let dn_oid = match kind {
                    GNUTLS_SAN_RFC822NAME => "1.2.840.113549.1.9.1",
                    GNUTLS_SAN_DNSNAME if cn_is_name => "2.5.4.3",
                    _ => return true,
                };
                // Only one such attribute may stand for the name (RFC 6125).
                match dn_values(dn_oid).as_slice() {
                    [] => true,
                    [one] => self.check(kind, one),
                    _ => false,
                }
            }
            GNUTLS_SAN_URI if !sans.iter().any(|(k, _)| *k == GNUTLS_SAN_URI) => true,
            _ => self.check(kind, b""),
        }
    }
}

// ---- Proxy certificate information, inhibitAnyPolicy ----

/// RFC 3820's ProxyCertInfo.
#[derive(der::Sequence)]
struct ProxyCertInfoAsn1 {
    #[asn1(optional = "true")]
    path_len: Option<u32>,
    proxy_policy: ProxyPolicyAsn1,
}

#[derive(der::Sequence)]
struct ProxyPolicyAsn1 {
    policy_language: ObjectIdentifier,
    #[asn1(optional = "true")]
    policy: Option<OctetString>,
}

/// A proxyCertInfo: path length (-1 when absent, else as an unsigned number cast, as GnuTLS
/// reads it), policy language OID, policy.
pub fn proxy_cert_info(der: &[u8]) -> Result<(i32, String, Option<Vec<u8>>), Error> {
    let info = ProxyCertInfoAsn1::from_der(der).map_err(|e| {
        // A SEQUENCE that ends before its proxyPolicy is libtasn1's tag error.
        let truncated = matches!(e.kind(), der::ErrorKind::Incomplete { .. }) && AnyRef::from_der(der).is_ok();
        if truncated {
            Error::new(GNUTLS_E_ASN1_TAG_ERROR)
        } else {
            der_error(e)
        }
    })?;
    Ok((
        info.path_len.map_or(-1, |n| n as i32),
        info.proxy_policy.policy_language.to_string(),
        info.proxy_policy.policy.map(|p| p.as_bytes().to_vec()),
    ))
}

/// `gnutls_x509_ext_export_proxy`: a negative path length is left out, as is a missing policy.
pub fn proxy_cert_info_value(path_len: i32, language: &str, policy: Option<&[u8]>) -> Result<Vec<u8>, Error> {
    let info = ProxyCertInfoAsn1 {
        path_len: u32::try_from(path_len).ok(),
        proxy_policy: ProxyPolicyAsn1 {
            policy_language: oid(language.as_bytes())?,
            policy: policy.map(OctetString::new).transpose().map_err(der_error)?,
        },
    };
    encode(&info)
}

/// inhibitAnyPolicy's SkipCerts as `_gnutls_x509_read_der_uint` reads an INTEGER: its octets
/// as an unsigned number (0xff is 255), more than four GNUTLS_E_ASN1_GENERIC_ERROR.
pub fn inhibit_any_policy(der: &[u8]) -> Result<u32, Error> {
    let int = der::asn1::IntRef::from_der(der).map_err(der_error)?;
    let octets = int.as_bytes();
    if octets.len() > 4 {
        return Err(Error::new(GNUTLS_E_ASN1_GENERIC_ERROR));
    }
    Ok(octets.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)))
}

pub fn inhibit_any_policy_value(skip_certs: u32) -> Result<Vec<u8>, Error> {
    encode(&skip_certs)
}

// ---- Certificate Transparency SCTs (RFC 6962, 3.3) ----

/// SCT version 1's log ID: a SHA-256 of the log's key.
const SCT_LOG_ID_SIZE: usize = 32;

/// The (hash, signature) code points of RFC 5246's SignatureAndHashAlgorithm that GnuTLS maps
/// to its signature algorithms, in GnuTLS's order (its export takes the first match).
const SCT_SIGN_ALGORITHMS: [([u8; 2], u32); 16] = [
    ([1, 1], GNUTLS_SIGN_RSA_MD5),
    ([2, 1], GNUTLS_SIGN_RSA_SHA1),
    ([3, 1], GNUTLS_SIGN_RSA_SHA224),
    ([4, 1], GNUTLS_SIGN_RSA_SHA256),
    ([5, 1], GNUTLS_SIGN_RSA_SHA384),
    ([6, 1], GNUTLS_SIGN_RSA_SHA512),
    ([2, 2], GNUTLS_SIGN_DSA_SHA1),
    ([3, 2], GNUTLS_SIGN_DSA_SHA224),
    ([4, 2], GNUTLS_SIGN_DSA_SHA256),
    ([5, 2], GNUTLS_SIGN_DSA_SHA384),
    ([6, 2], GNUTLS_SIGN_DSA_SHA512),
    ([2, 3], GNUTLS_SIGN_ECDSA_SHA1),
    ([3, 3], GNUTLS_SIGN_ECDSA_SHA224),
    ([4, 3], GNUTLS_SIGN_ECDSA_SHA256),
    ([5, 3], GNUTLS_SIGN_ECDSA_SHA384),
    ([6, 3], GNUTLS_SIGN_ECDSA_SHA512),
];

/// One SignedCertificateTimestamp; `version` is the raw byte (0 is RFC 6962's v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sct {
    pub version: u8,
    pub log_id: [u8; SCT_LOG_ID_SIZE],
    /// Milliseconds since the epoch.
    pub timestamp: u64,
    pub sign_algorithm: u32,
    pub signature: Vec<u8>,
}

/// Bounds-checked reads of TLS's big-endian fields.
struct TlsReader<'a> {
    rest: &'a [u8],
}

impl<'a> TlsReader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.rest.len() < n {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
}

impl Sct {
    /// `_gnutls_parse_ct_sct`: exactly one v1 SCT body, with its error codes (a short body is
    /// GNUTLS_E_PREMATURE_TERMINATION, bytes after the signature GNUTLS_E_ASN1_DER_OVERFLOW).
    fn parse(body: &[u8]) -> Result<Sct, Error> {
        let short = || Error::new(GNUTLS_E_PREMATURE_TERMINATION);
        let mut r = TlsReader { rest: body };
        let version = r.take(1).ok_or_else(short)?[0];
        let mut log_id = [0u8; SCT_LOG_ID_SIZE];
        log_id.copy_from_slice(r.take(SCT_LOG_ID_SIZE).ok_or_else(short)?);
        let mut stamp = [0u8; 8];
        stamp.copy_from_slice(r.take(8).ok_or_else(short)?);
        // v1 defines no extensions: their length must be zero.
        if r.take(2).ok_or_else(short)? != [0, 0] {
            return Err(Error::new(GNUTLS_E_UNEXPECTED_EXTENSIONS_LENGTH));
        }
        let code = r.take(2).ok_or_else(short)?;
        let sign_algorithm = SCT_SIGN_ALGORITHMS
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, s)| *s)
            .ok_or(Error::new(GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM))?;
        let sig_len = r.u16().ok_or_else(short)? as usize;
        if sig_len == 0 {
            return Err(short());
        }
        if r.rest.len() != sig_len {
            return Err(Error::new(GNUTLS_E_ASN1_DER_OVERFLOW));
        }
        Ok(Sct { version, log_id, timestamp: u64::from_be_bytes(stamp), sign_algorithm, signature: r.rest.to_vec() })
    }

    /// `_gnutls_export_ct_v1_sct`: the length-prefixed SCT.
    fn write(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let code = SCT_SIGN_ALGORITHMS
            .iter()
            .find(|(_, s)| *s == self.sign_algorithm)
            .map(|(c, _)| *c)
            .ok_or(Error::new(GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM))?;
        let start = out.len();
        out.extend_from_slice(&[0, 0, self.version]);
        out.extend_from_slice(&self.log_id);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&code);
        out.extend_from_slice(&u16_prefix(self.signature.len()));
        out.extend_from_slice(&self.signature);
        let len = u16_prefix(out.len() - start - 2);
        out[start..start + 2].copy_from_slice(&len);
        Ok(())
    }
}

/// A 16-bit length as GnuTLS writes one: truncated, as its `_gnutls_write_uint16` does, for
/// lists that appended imports made longer than TLS allows.
fn u16_prefix(len: usize) -> [u8; 2] {
    ((len & 0xffff) as u16).to_be_bytes()
}

/// `_gnutls_x509_decode_string` on an OCTET STRING, as libtasn1's `asn1_decode_simple_der`
/// reads it: nothing is GNUTLS_E_ASN1_VALUE_NOT_VALID, any other fault (another tag, a
/// length past the end, an empty string) GNUTLS_E_ASN1_DER_ERROR; bytes after the string are
/// ignored, as there.
fn octet_string_content(der: &[u8]) -> Result<&[u8], Error> {
    if der.is_empty() {
        return Err(Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID));
    }
    let der_error = |_| Error::new(GNUTLS_E_ASN1_DER_ERROR);
    let mut reader = SliceReader::new(der).map_err(der_error)?;
    let header = der::Header::decode(&mut reader).map_err(der_error)?;
    if header.tag != der::Tag::OctetString {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    let len = usize::try_from(header.length).map_err(der_error)?;
    if len == 0 {
        return Err(Error::new(GNUTLS_E_ASN1_DER_ERROR));
    }
    reader.read_slice(header.length).map_err(der_error)
}

/// The object behind `gnutls_x509_ct_scts_t`: the SCTs of imported extensions.
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_ct_scts_st {
    pub scts: Vec<Sct>,
}

impl gnutls_x509_ct_scts_st {
    /// `gnutls_x509_ext_ct_import_scts`: appends the list's SCTs. A list that is too short
    /// or whose SCTs do not fill it exactly is GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, and
    /// then every SCT is dropped, earlier imports' too, as GnuTLS drops them.
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let content = octet_string_content(der)?;
        let mut r = TlsReader { rest: content };
        let total = r.u16().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)? as usize;
        // Bytes after the list, inside the OCTET STRING, are ignored, as GnuTLS does.
        if total < 4 || total > r.rest.len() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        // GnuTLS stops at the first bad SCT and fails if the list is not used up by then;
        // a bad length read as the list's last two bytes leaves nothing and so is no fault.
        let mut list = TlsReader { rest: &r.rest[..total] };
        let mut complete = true;
        while let Some(len) = list.u16() {
            let len = len as usize;
            if len == 0 || len > list.rest.len() {
                break;
            }
            match Sct::parse(&list.rest[..len]) {
                Ok(sct) => self.scts.push(sct),
                Err(_) => {
                    complete = false;
                    break;
                }
            }
            list.rest = &list.rest[len..];
        }
        if !complete || !list.rest.is_empty() {
            self.scts.clear();
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        Ok(())
    }

    /// `gnutls_x509_ext_ct_export_scts`: the list, TLS-encoded, in an OCTET STRING.
    pub fn export(&self) -> Result<Vec<u8>, Error> {
        let mut list = vec![0, 0];
        for sct in &self.scts {
            sct.write(&mut list)?;
        }
        let len = u16_prefix(list.len() - 2);
        list[..2].copy_from_slice(&len);
        encode(&OctetString::new(list).map_err(der_error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_contiguous() {
        assert_eq!(mask_to_prefix(&[255, 255, 0, 0]), Some(16));
        assert_eq!(mask_to_prefix(&[0, 0, 0, 0]), Some(0));
        assert_eq!(mask_to_prefix(&[255, 0, 255, 0]), None);
    }

    #[test]
    fn dns_and_email_constraints_match_as_gnutls_does() {
        let mut nc = NameConstraints::default();
        nc.add(true, GNUTLS_SAN_DNSNAME, b"example.com").unwrap();
        nc.add(false, GNUTLS_SAN_DNSNAME, b"bad.example.com").unwrap();
        nc.add(true, GNUTLS_SAN_RFC822NAME, b".example.org").unwrap();
        assert!(nc.check(GNUTLS_SAN_DNSNAME, b"www.example.com"));
        assert!(nc.check(GNUTLS_SAN_DNSNAME, b"example.com"));
        assert!(!nc.check(GNUTLS_SAN_DNSNAME, b"xexample.com"));
        assert!(!nc.check(GNUTLS_SAN_DNSNAME, b"a.bad.example.com"));
        assert!(nc.check(GNUTLS_SAN_RFC822NAME, b"a@x.example.org"));
        assert!(!nc.check(GNUTLS_SAN_RFC822NAME, b"a@example.org"));
        let der = nc.export().unwrap();
        let mut back = NameConstraints::default();
        back.import(&der, false).unwrap();
        assert_eq!(back.permitted, nc.permitted);
        assert_eq!(back.export().unwrap(), der);
    }

    #[test]
    fn constraints_compare_as_gnutls_does() {
        assert_eq!(compare_dns_names(b"www.Example.com", b"example.com"), Relation::IncludedBy);
        assert_eq!(compare_dns_names(b"example.com", b".example.com"), Relation::Includes);
        assert_eq!(compare_dns_names(b"badexample.com", b"example.com"), Relation::SortsBefore);
        assert_eq!(compare_emails(b"a@x.example.org", b".example.org"), Relation::IncludedBy);
        assert_eq!(compare_emails(b"a@x.example.org", b"example.org"), Relation::SortsBefore);
        assert_eq!(compare_ip_ranges(&[10, 1, 0, 0, 255, 255, 0, 0], &[10, 0, 0, 0, 255, 0, 0, 0]), Relation::IncludedBy);
    }

    #[test]
    fn merging_with_itself_sorts_and_unites() {
        let mut nc = NameConstraints::default();
        nc.add(true, GNUTLS_SAN_DNSNAME, b"example.com").unwrap();
        nc.add(true, GNUTLS_SAN_RFC822NAME, b"example.org").unwrap();
        nc.add(true, GNUTLS_SAN_RFC822NAME, b".example.org").unwrap();
        nc.add(false, GNUTLS_SAN_DNSNAME, b"bad.example.com").unwrap();
        let der = nc.export().unwrap();
        nc.import(&der, true).unwrap();
        let names: Vec<&[u8]> = nc.permitted.iter().map(|c| c.name.bytes()).collect();
        assert_eq!(names, [b"example.com".as_slice(), b".example.org", b"example.org"]);
        assert_eq!(nc.excluded.len(), 1);
        // Disjoint permitted names exclude every name of their type.
        let mut other = NameConstraints::default();
        other.add(true, GNUTLS_SAN_DNSNAME, b"other.test").unwrap();
        nc.import(&other.export().unwrap(), true).unwrap();
        assert!(!nc.check(GNUTLS_SAN_DNSNAME, b"www.example.com"));
        assert!(!nc.check(GNUTLS_SAN_DNSNAME, b"www.other.test"));
    }

    #[test]
    fn ip_ranges_must_be_masks() {
        let mut nc = NameConstraints::default();
        assert_eq!(nc.add(true, GNUTLS_SAN_IPADDRESS, &[10, 0, 0, 0, 255, 0, 255, 0]).unwrap_err().code(), GNUTLS_E_MALFORMED_CIDR);
        assert_eq!(nc.add(true, GNUTLS_SAN_IPADDRESS, &[10, 0, 0, 0]).unwrap_err().code(), GNUTLS_E_ILLEGAL_PARAMETER);
        nc.add(true, GNUTLS_SAN_IPADDRESS, &[10, 0, 0, 0, 255, 0, 0, 0]).unwrap();
        assert!(nc.check(GNUTLS_SAN_IPADDRESS, &[10, 1, 2, 3]));
        assert!(!nc.check(GNUTLS_SAN_IPADDRESS, &[11, 1, 2, 3]));
    }

    /// An SCT list in its OCTET STRING, from SCT bodies.
    fn sct_list_der(bodies: &[Vec<u8>]) -> Vec<u8> {
        let mut list = Vec::new();
        for b in bodies {
            list.extend_from_slice(&(b.len() as u16).to_be_bytes());
            list.extend_from_slice(b);
        }
        let mut content = (list.len() as u16).to_be_bytes().to_vec();
        content.extend_from_slice(&list);
        OctetString::new(content).unwrap().to_der().unwrap()
    }

    fn sct_body(version: u8, code: [u8; 2], signature: &[u8]) -> Vec<u8> {
        let mut b = vec![version];
        b.extend_from_slice(&[7u8; 32]);
        b.extend_from_slice(&1_489_999_999_123u64.to_be_bytes());
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(&code);
        b.extend_from_slice(&(signature.len() as u16).to_be_bytes());
        b.extend_from_slice(signature);
        b
    }

    #[test]
    fn sct_lists_round_trip_and_bad_ones_drop_everything() {
        let der = sct_list_der(&[sct_body(0, [4, 3], b"sig one"), sct_body(1, [1, 1], b"sig two")]);
        let mut scts = gnutls_x509_ct_scts_st::default();
        scts.import(&der).unwrap();
        assert_eq!(scts.scts.len(), 2);
        assert_eq!(scts.scts[0].sign_algorithm, GNUTLS_SIGN_ECDSA_SHA256);
        assert_eq!(scts.scts[1].version, 1);
        assert_eq!(scts.export().unwrap(), der);
        let unknown = sct_list_der(&[sct_body(0, [8, 7], b"sig")]);
        assert_eq!(scts.import(&unknown).unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
        assert!(scts.scts.is_empty());
        assert_eq!(scts.import(&[]).unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_VALID);
        assert_eq!(scts.import(&[4, 0]).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        assert_eq!(scts.import(&[4, 1, 0]).unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
        assert_eq!(Sct::parse(&sct_body(0, [4, 3], b"")).unwrap_err().code(), GNUTLS_E_PREMATURE_TERMINATION);
        let mut long = sct_body(0, [4, 3], b"s");
        long.push(0);
        assert_eq!(Sct::parse(&long).unwrap_err().code(), GNUTLS_E_ASN1_DER_OVERFLOW);
    }

    #[test]
    fn sct_lists_cut_or_changed_anywhere_never_panic() {
        let der = sct_list_der(&[sct_body(0, [4, 3], b"sig one"), sct_body(0, [5, 1], &[9; 300])]);
        for len in 0..der.len() {
            let _ = gnutls_x509_ct_scts_st::default().import(&der[..len]);
        }
        for i in 0..der.len() {
            for x in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let mut changed = der.clone();
                changed[i] ^= x;
                let mut scts = gnutls_x509_ct_scts_st::default();
                if scts.import(&changed).is_ok() {
                    scts.export().unwrap();
                }
            }
        }
    }

    #[test]
    fn krb5_principals_round_trip() {
        // As GnuTLS 3.7.9 encodes host/a.example.com@EXAMPLE.COM.
        let want = "3031a00d1b0b4558414d504c452e434f4da120301ea003020101a11730151b04686f73741b0d612e6578616d706c652e636f6d";
        assert_eq!(super::super::dn::hex_lower(&krb5_principal_der(b"host/a.example.com@EXAMPLE.COM").unwrap()), want);
        let der = krb5_principal_der(b"host/a.test@REALM").unwrap();
        let (kind, text) = ext::othername_to_virtual("1.3.6.1.5.2.2", &der).unwrap();
        assert_eq!(kind, GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL);
        assert_eq!(text, b"host/a.test@REALM");
    }
}
