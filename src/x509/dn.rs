//! Distinguished names as GnuTLS prints and walks them (lib/x509/dn.c, common.c): the object
//! behind `gnutls_x509_dn_t`, decoded with `der`/`x509-cert` in the order of the encoding
//! (GnuTLS walks the DER as it is; `x509-cert`'s `SetOfVec` would re-sort a multi-valued RDN).

use std::ffi::CStr;

use der::asn1::AnyRef;
use der::{Decode, Encode, Reader, SliceReader, Tagged};
use x509_cert::attr::AttributeTypeAndValue;

use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's GNUTLS_X509_DN_FLAG_COMPAT: the order of the encoding, as get_dn/get_dn2 print.
pub const GNUTLS_X509_DN_FLAG_COMPAT: u32 = 1;
/// GnuTLS's GNUTLS_X509_DN_OID_RETURN_OID.
pub const GNUTLS_X509_DN_OID_RETURN_OID: u32 = 1;

/// One AttributeTypeAndValue: its OID in dotted form, the value's tag number, content and
/// whole encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ava {
    pub oid: String,
    /// NUL-terminated copy of `oid`, for `gnutls_x509_ava_st.oid` (which GnuTLS hands out
    /// as a C string).
    pub oid_c: Vec<u8>,
    pub tag: u8,
    pub value: Vec<u8>,
    pub value_der: Vec<u8>,
}

/// The object behind `gnutls_x509_dn_t`: a Name, empty until imported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct gnutls_x509_dn_st {
    der: Vec<u8>,
    rdns: Vec<Vec<Ava>>,
}

pub type Dn = gnutls_x509_dn_st;

/// libtasn1's codes for a Name that does not decode: a wrong tag is ASN1_TAG_ERROR, anything
/// else (lengths, truncation, trailing bytes) ASN1_DER_ERROR.
pub(crate) fn der_error(e: der::Error) -> Error {
    Error::from_der(e)
}

impl Dn {
    /// `gnutls_x509_dn_import`: a DER Name.
    pub fn from_der(der: &[u8]) -> Result<Dn, Error> {
        if der.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        let seq = AnyRef::from_der(der).map_err(der_error)?;
        if seq.tag() != der::Tag::Sequence {
            return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
        }
        let mut rdns = Vec::new();
        let mut sets = SliceReader::new(seq.value()).map_err(der_error)?;
        while !sets.is_finished() {
            let set: AnyRef<'_> = sets.decode().map_err(der_error)?;
            if set.tag() != der::Tag::Set {
                return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
            }
            let mut atvs = SliceReader::new(set.value()).map_err(der_error)?;
            let mut rdn = Vec::new();
            while !atvs.is_finished() {
                let atv: AttributeTypeAndValue = atvs.decode().map_err(der_error)?;
                let oid = atv.oid.to_string();
                let mut oid_c = oid.clone().into_bytes();
                oid_c.push(0);
                rdn.push(Ava {
                    oid,
                    oid_c,
                    tag: atv.value.tag().octet(),
                    value: atv.value.value().to_vec(),
                    value_der: atv.value.to_der().map_err(der_error)?,
                });
            }
            rdns.push(rdn);
        }
        Ok(Dn { der: der.to_vec(), rdns })
    }

    /// The Name it holds (empty for a DN never imported).
    pub fn name(&self) -> Result<x509_cert::name::Name, Error> {
        if self.der.is_empty() {
            return Ok(x509_cert::name::Name::default());
        }
        x509_cert::name::Name::from_der(&self.der).map_err(der_error)
    }

    /// A DN holding `name`; an empty name is a DN with nothing in it, as after init.
    pub fn from_name(name: &x509_cert::name::Name) -> Result<Dn, Error> {
        if name.0.is_empty() {
            return Ok(Dn::default());
        }
        Dn::from_der(&name.to_der().map_err(der_error)?)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// `gnutls_x509_dn_get_str2`: "CN=x,O=y" in RFC 4514 order (last RDN first), or in the
    /// order of the encoding with `GNUTLS_X509_DN_FLAG_COMPAT` (what get_dn/get_dn2 print).
    pub fn to_text(&self, flags: u32) -> Result<String, Error> {
        if self.rdns.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        let mut order: Vec<&Vec<Ava>> = self.rdns.iter().collect();
        if flags & GNUTLS_X509_DN_FLAG_COMPAT == 0 {
            order.reverse();
        }
        let mut out: Vec<u8> = Vec::new();
        for (i, rdn) in order.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            for (j, ava) in rdn.iter().enumerate() {
                if j > 0 {
                    out.push(b'+');
                }
                out.extend_from_slice(oid_name(&ava.oid).map_or(ava.oid.as_bytes(), |n| n.to_bytes()));
                out.push(b'=');
                if is_directory_string(&ava.oid) && ava.value.is_empty() {
                    // GnuTLS refuses an empty DirectoryString, failing the whole DN.
                    return Err(Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID));
                }
                out.extend_from_slice(&ava_text(ava)?);
            }
        }
        // Values are ASCII, hex or the certificate's own UTF-8; GnuTLS passes bytes through.
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// `gnutls_x509_*_get_dn_by_oid`: the `index`th value of that OID (across RDNs), as text
    /// (escaped, or `#hex`) or, with `raw`, its DER.
    pub fn by_oid(&self, oid: &str, index: usize, raw: bool) -> Result<Vec<u8>, Error> {
        let ava = self.avas().filter(|a| a.oid == oid).nth(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if raw {
            Ok(ava.value_der.clone())
        } else {
            ava_text(ava)
        }
    }

    /// `gnutls_x509_*_get_dn_oid`: the OID of the `index`th attribute.
    pub fn oid_at(&self, index: usize) -> Result<&str, Error> {
        self.avas().nth(index).map(|a| a.oid.as_str()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// `gnutls_x509_dn_get_rdn_ava`: attribute `iava` of RDN `irdn`.
    pub fn ava(&self, irdn: usize, iava: usize) -> Result<&Ava, Error> {
        self.rdns.get(irdn).and_then(|r| r.get(iava)).ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))
    }

    fn avas(&self) -> impl Iterator<Item = &Ava> {
        self.rdns.iter().flatten()
    }
}

/// A raw DN's text (`gnutls_x509_rdn_get2`).
pub fn raw_dn_text(der: &[u8], flags: u32) -> Result<String, Error> {
    Dn::from_der(der)?.to_text(flags)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    DirectoryString,
    /// One fixed string type (its tag number).
    Fixed(u8),
    /// Known OID without a printable form (GnuTLS's ENTRY_ND): always hex.
    NoDesc,
}

// (oid, LDAP name, kind), as GnuTLS 3.7.9's _oid2str table (lib/x509/common.c).
const DN_OIDS: &[(&str, Option<&CStr>, AttrKind)] = {
    use AttrKind::*;
    const PRINTABLE: u8 = 0x13;
    const IA5: u8 = 0x16;
    const UTF8: u8 = 0x0c;
    const NUMERIC: u8 = 0x12;
    &[
        ("1.3.6.1.5.5.7.9.2", Some(c"placeOfBirth"), DirectoryString),
        ("1.3.6.1.5.5.7.9.3", Some(c"gender"), Fixed(PRINTABLE)),
        ("1.3.6.1.5.5.7.9.4", Some(c"countryOfCitizenship"), Fixed(PRINTABLE)),
        ("1.3.6.1.5.5.7.9.5", Some(c"countryOfResidence"), Fixed(PRINTABLE)),
        ("2.5.4.6", Some(c"C"), Fixed(PRINTABLE)),
        ("2.5.4.9", Some(c"street"), DirectoryString),
        ("2.5.4.12", Some(c"title"), DirectoryString),
        ("2.5.4.10", Some(c"O"), DirectoryString),
        ("2.5.4.11", Some(c"OU"), DirectoryString),
        ("2.5.4.3", Some(c"CN"), DirectoryString),
        ("2.5.4.7", Some(c"L"), DirectoryString),
        ("2.5.4.8", Some(c"ST"), DirectoryString),
        ("2.5.4.13", Some(c"description"), DirectoryString),
        ("2.5.4.5", Some(c"serialNumber"), Fixed(PRINTABLE)),
        ("2.5.4.20", Some(c"telephoneNumber"), Fixed(PRINTABLE)),
        ("2.5.4.4", Some(c"surName"), DirectoryString),
        ("2.5.4.43", Some(c"initials"), DirectoryString),
        ("2.5.4.44", Some(c"generationQualifier"), DirectoryString),
        ("2.5.4.42", Some(c"givenName"), DirectoryString),
        ("2.5.4.65", Some(c"pseudonym"), DirectoryString),
        ("2.5.4.46", Some(c"dnQualifier"), Fixed(PRINTABLE)),
        ("2.5.4.17", Some(c"postalCode"), DirectoryString),
        ("2.5.4.41", Some(c"name"), DirectoryString),
        ("2.5.4.15", Some(c"businessCategory"), DirectoryString),
        ("0.9.2342.19200300.100.1.25", Some(c"DC"), Fixed(IA5)),
        ("0.9.2342.19200300.100.1.1", Some(c"UID"), DirectoryString),
        ("1.2.840.113556.1.4.656", Some(c"userPrincipalName"), DirectoryString),
        ("1.3.6.1.4.1.311.60.2.1.1", Some(c"jurisdictionOfIncorporationLocalityName"), DirectoryString),
        ("1.3.6.1.4.1.311.60.2.1.2", Some(c"jurisdictionOfIncorporationStateOrProvinceName"), DirectoryString),
        ("1.3.6.1.4.1.311.60.2.1.3", Some(c"jurisdictionOfIncorporationCountryName"), Fixed(PRINTABLE)),
        ("1.2.840.113549.1.9.1", Some(c"EMAIL"), Fixed(IA5)),
        ("1.2.840.113549.1.9.7", None, NoDesc),
        ("1.2.840.113549.1.9.20", None, NoDesc),
        ("1.2.840.113549.1.9.21", None, NoDesc),
        ("1.2.840.113549.1.9.4", None, NoDesc),
        ("1.3.6.1.5.5.7.8.5", Some(c"XmppAddr"), Fixed(UTF8)),
        ("1.2.643.100.1", Some(c"OGRN"), Fixed(NUMERIC)),
        ("1.2.643.100.3", Some(c"SNILS"), Fixed(NUMERIC)),
        ("1.2.643.100.5", Some(c"OGRNIP"), Fixed(NUMERIC)),
        ("1.2.643.3.131.1.1", Some(c"INN"), Fixed(NUMERIC)),
    ]
};

fn lookup(oid: &str) -> Option<(Option<&'static CStr>, AttrKind)> {
    DN_OIDS.iter().find(|(o, _, _)| *o == oid).map(|(_, n, k)| (*n, *k))
}

/// `gnutls_x509_dn_oid_name(oid, 0)`: the LDAP name GnuTLS knows for a DN attribute.
pub fn oid_name(oid: &str) -> Option<&'static CStr> {
    lookup(oid).and_then(|(n, _)| n)
}

/// `gnutls_x509_dn_oid_known`.
pub fn oid_known(oid: &str) -> bool {
    lookup(oid).is_some()
}

fn is_directory_string(oid: &str) -> bool {
    matches!(lookup(oid), Some((_, AttrKind::DirectoryString)))
}

fn is_print(b: u8) -> bool {
    (0x20..=0x7e).contains(&b)
}

pub(crate) fn hex_lower(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 4514 escaping as GnuTLS's str_escape does it (no escaping of '=', no hex escapes).
fn str_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 2);
    for (i, &c) in s.iter().enumerate() {
        let esc = matches!(c, b',' | b'+' | b'"' | b'\\' | b'<' | b'>' | b';')
            || (i == 0 && (c == b'#' || c == b' '))
            || (i == s.len() - 1 && c == b' ');
        if esc {
            out.push(b'\\');
        }
        out.push(c);
    }
    out
}

pub(crate) fn ucs2_to_utf8(data: &[u8]) -> Option<Vec<u8>> {
    if data.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    String::from_utf16(&units).ok().map(String::into_bytes)
}

/// The unescaped text of a value, or None where GnuTLS falls back to "#hex of the DER".
fn decoded_text(kind: AttrKind, tag: u8, content: &[u8]) -> Option<Vec<u8>> {
    let text: Vec<u8> = match kind {
        AttrKind::NoDesc => return None,
        AttrKind::Fixed(t) if t == tag => content.to_vec(),
        AttrKind::Fixed(_) => return None,
        AttrKind::DirectoryString => match tag {
            0x13 | 0x0c | 0x16 => content.to_vec(),
            0x14 if content.iter().all(|&b| is_print(b)) => content.to_vec(),
            0x14 | 0x1c => format!("#{}", hex_lower(content)).into_bytes(),
            0x1e => ucs2_to_utf8(content).unwrap_or_else(|| format!("#{}", hex_lower(content)).into_bytes()),
            _ => return None,
        },
    };
    // GnuTLS refuses embedded NULs, and then prints the value as hex.
    (!text.contains(&0)).then_some(text)
}

/// An attribute's value as get_dn prints it (`_gnutls_x509_dn_to_string`).
fn ava_text(ava: &Ava) -> Result<Vec<u8>, Error> {
    let text = lookup(&ava.oid).and_then(|(_, kind)| decoded_text(kind, ava.tag, &ava.value));
    Ok(match text {
        Some(t) => str_escape(&t),
        None => format!("#{}", hex_lower(&ava.value_der)).into_bytes(),
    })
}

/// The characters of ASN.1's PrintableString.
fn is_printable_string(s: &[u8]) -> bool {
    s.iter().all(|&c| c.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&c))
}

/// An attribute value as GnuTLS writes it (`_gnutls_x509_set_dn_oid`): the DER given with
/// `raw`, else the text in the attribute's own string type, a DirectoryString as a
/// PrintableString when it can be one and a UTF8String otherwise. An OID GnuTLS has no
/// string type for needs `raw` (GNUTLS_E_X509_UNSUPPORTED_OID).
pub fn attribute_value(oid: &str, raw: bool, value: &[u8]) -> Result<der::asn1::Any, Error> {
    use der::asn1::{Any, Ia5StringRef, Utf8StringRef};
    if raw {
        return Any::from_der(value).map_err(der_error);
    }
    let text = std::str::from_utf8(value).map_err(|_| Error::INVALID_REQUEST)?;
    let encoded = match lookup(oid) {
        Some((_, AttrKind::DirectoryString)) => return directory_string(text),
        Some((_, AttrKind::Fixed(0x0c))) => Utf8StringRef::new(text).map(Any::from),
        Some((_, AttrKind::Fixed(0x16))) => Ia5StringRef::new(text).map(Any::from),
        // PrintableStrings included: libtasn1 writes any text as one ("C=\\#S"), as GnuTLS does.
        Some((_, AttrKind::Fixed(tag))) => Any::new(der::Tag::try_from(tag).map_err(der_error)?, value),
        Some((_, AttrKind::NoDesc)) | None => return Err(Error::new(GNUTLS_E_X509_UNSUPPORTED_OID)),
    };
    encoded.map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))
}

/// A DirectoryString as GnuTLS writes one: a PrintableString when the text can be one, a
/// UTF8String otherwise.
pub fn directory_string(text: &str) -> Result<der::asn1::Any, Error> {
    use der::asn1::{Any, PrintableStringRef, Utf8StringRef};
    let encoded = if is_printable_string(text.as_bytes()) {
        PrintableStringRef::new(text).map(Any::from)
    } else {
        Utf8StringRef::new(text).map(Any::from)
    };
    encoded.map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))
}

/// One component of a DN string: the OID, whether the value is `#hex` DER, the value, and
/// where it ends in the string (GnuTLS reports errors of setting it there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnComponent {
    pub oid: String,
    pub raw: bool,
    pub value: Vec<u8>,
    pub end: usize,
}

/// How a DN string component fails, in GnuTLS's two passes (`crt_set_dn`): reading the
/// string (no '=', an empty name or value, a '+'), or setting the values, which it does
/// afterwards, last component first (an unknown name, bad hex, an escape it does not know).
enum ComponentError {
    Syntax,
    Value,
}

/// A DN string in GnuTLS's syntax (`gnutls_x509_crt_set_dn`): "CN=a,O=b\,c", names as
/// `get_dn` prints them (any case) or dotted OIDs, `\` escaping the characters RFC 4514
/// names, spaces around names and values dropped, `#hex` for DER values; multi-valued RDNs
/// ('+') are refused, as GnuTLS 3.7.9 does. Components come in the order written; the error
/// is the byte offset GnuTLS reports: the start of the first component that does not read,
/// else the end of the last one whose value does not set.
pub fn parse_dn_string(s: &str) -> Result<Vec<DnComponent>, usize> {
    let bytes = s.as_bytes();
    // GnuTLS looks for an unescaped '+' from the first value to the end of the whole
    // string, so a multi-valued RDN anywhere fails at the first component.
    if let Some(eq) = s.find('=') {
        if (eq + 1..bytes.len()).any(|i| bytes[i] == b'+' && bytes[i - 1] != b'\\') {
            return Err(0);
        }
    }
    let mut out = Vec::new();
    let mut value_error = None;
    let mut start = 0;
    while start < bytes.len() {
        let end = component_end(bytes, start);
        match dn_component(&s[start..end], end) {
            Ok(c) => out.push(c),
            Err(ComponentError::Syntax) => return Err(start),
            Err(ComponentError::Value) => value_error = Some(end),
        }
        start = end + 1;
    }
    value_error.map_or(Ok(out), Err)
}

/// The end of the DN string component at `start`: its first unescaped ','.
pub(crate) fn component_end(bytes: &[u8], start: usize) -> usize {
    let (mut end, mut escaped) = (start, false);
    while end < bytes.len() && (escaped || bytes[end] != b',') {
        escaped = !escaped && bytes[end] == b'\\';
        end += 1;
    }
    end
}

fn dn_component(part: &str, end: usize) -> Result<DnComponent, ComponentError> {
    use ComponentError::{Syntax, Value};
    let (name, value) = part.split_once('=').ok_or(Syntax)?;
    let name = name.trim();
    let oid = if name.bytes().next().ok_or(Syntax)?.is_ascii_digit() {
        name.parse::<der::asn1::ObjectIdentifier>().map_err(|_| Value)?.to_string()
    } else {
        DN_OIDS
            .iter()
            .find(|(_, n, _)| n.is_some_and(|n| n.to_bytes().eq_ignore_ascii_case(name.as_bytes())))
            .ok_or(Value)?
            .0
            .to_string()
    };
    let value = value.trim_start();
    // "#hex" is DER; an escaped "\\#" is the character.
    let hex_form = value.starts_with('#');
    let mut text = Vec::with_capacity(value.len());
    let mut chars = value.bytes();
    let mut kept = 0; // length up to the last escaped byte, which trimming keeps
    while let Some(c) = chars.next() {
        match c {
            // GnuTLS unescapes only these; "\\CD" (a hex escape) is an error.
            b'\\' => {
                let escaped = chars.next().filter(|e| b", +\"<>;\\=#".contains(e)).ok_or(Value)?;
                text.push(escaped);
                kept = text.len();
            }
            b'+' => return Err(Syntax),
            _ => text.push(c),
        }
    }
    while text.len() > kept && text.last() == Some(&b' ') {
        text.pop();
    }
    if text.is_empty() {
        return Err(Syntax);
    }
    if let Some(hex) = text.strip_prefix(b"#").filter(|_| hex_form) {
        let der = (0..hex.len() / 2)
            .map(|i| std::str::from_utf8(&hex[2 * i..2 * i + 2]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or(Value)?;
        if hex.len() % 2 != 0 {
            return Err(Value);
        }
        return Ok(DnComponent { oid, raw: true, value: der, end });
    }
    Ok(DnComponent { oid, raw: false, value: text, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    // SEQUENCE { SET { C=US }, SET { O="A,B" + CN=x } }
    const NAME: &[u8] = &[
        0x30, 0x24, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, b'U', b'S', 0x31, 0x15, 0x30,
        0x0a, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x03, b'A', b',', b'B', 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03,
        0x0c, 0x00,
    ];

    #[test]
    fn names_print_in_both_orders_and_keep_the_encoding_order() {
        let mut ok = NAME.to_vec();
        // Make the CN non-empty: "x".
        ok[1] += 1;
        ok[16] += 1;
        ok[30] += 1;
        ok[37] = 1;
        ok.push(b'x');
        let dn = Dn::from_der(&ok).unwrap();
        assert_eq!(dn.to_text(GNUTLS_X509_DN_FLAG_COMPAT).unwrap(), "C=US,O=A\\,B+CN=x");
        assert_eq!(dn.to_text(0).unwrap(), "O=A\\,B+CN=x,C=US");
        assert_eq!(dn.by_oid("2.5.4.3", 0, false).unwrap(), b"x");
        assert_eq!(dn.by_oid("2.5.4.3", 0, true).unwrap(), [0x0c, 0x01, b'x']);
        assert_eq!(dn.oid_at(1).unwrap(), "2.5.4.10");
        assert_eq!(dn.ava(1, 1).unwrap().tag, 12);
        assert!(dn.ava(2, 0).is_err());
    }

    #[test]
    fn an_empty_directory_string_fails_the_name() {
        let dn = Dn::from_der(NAME).unwrap();
        assert_eq!(dn.to_text(0).unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_VALID);
    }

    #[test]
    fn garbage_is_refused_with_libtasn1s_codes() {
        assert_eq!(Dn::from_der(&[0x31, 0x00]).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(Dn::from_der(&[0x30, 0x05, 0x31]).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
    }

    #[test]
    fn dn_strings_parse_as_gnutls_reads_them() {
        let c = parse_dn_string("CN = a\\,b ,o=x,2.5.4.97=#0c0141").unwrap();
        assert_eq!(c[0], DnComponent { oid: "2.5.4.3".into(), raw: false, value: b"a,b".to_vec(), end: 10 });
        assert_eq!(c[1].oid, "2.5.4.10");
        assert_eq!(c[2], DnComponent { oid: "2.5.4.97".into(), raw: true, value: vec![0x0c, 1, 0x41], end: 31 });
        // An unknown name fails when GnuTLS sets it: at the end of its component.
        assert_eq!(parse_dn_string("CN=a,emailAddress=b"), Err(19));
        assert!(parse_dn_string("CN=a+O=b").is_err());
        assert!(parse_dn_string("CN=").is_err());
        assert_eq!(parse_dn_string("").unwrap(), vec![]);
    }

    #[test]
    fn attribute_values_take_gnutls_string_types() {
        let tag = |oid, v: &[u8]| attribute_value(oid, false, v).unwrap().tag();
        assert_eq!(tag("2.5.4.3", b"a,b"), der::Tag::PrintableString);
        assert_eq!(tag("2.5.4.3", b"x_y*"), der::Tag::Utf8String);
        assert_eq!(tag("0.9.2342.19200300.100.1.25", b"ex"), der::Tag::Ia5String);
        assert_eq!(attribute_value("1.2.3.4", false, b"x").unwrap_err().code(), GNUTLS_E_X509_UNSUPPORTED_OID);
    }
}
