//! PKCS #7 structures (GnuTLS manual: "PKCS #7 structures"): the object behind
//! `gnutls_pkcs7_t`, a CMS SignedData read with RustCrypto's `der`. The SignedData is read
//! through its own derive here rather than `cms::signed_data::SignedData`, because der 0.7
//! sorts a SET OF on decoding, and GnuTLS hands certificates, CRLs and signers out by their
//! index in the file.

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};

use crate::constants::*;
use crate::errors::Error;
use crate::x509::core::Certificate;
use crate::x509::dn::der_error;
use crate::x509::trust_list::{TrustList, VerifyData};

const PEM_LABEL: &str = "PKCS7";
const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

#[derive(der::Sequence)]
struct ContentInfo<'a> {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    content: AnyRef<'a>,
}

#[derive(der::Sequence)]
struct EncapsulatedContentInfo<'a> {
    econtent_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    econtent: Option<AnyRef<'a>>,
}

// The SETs stay as their raw elements, in file order (IMPLICIT tags drop the SET tag).
#[derive(der::Sequence)]
struct SignedData<'a> {
    version: u8,
    digest_algorithms: AnyRef<'a>,
    encap_content_info: EncapsulatedContentInfo<'a>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    certificates: Option<Vec<AnyRef<'a>>>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    crls: Option<Vec<AnyRef<'a>>>,
    signer_infos: AnyRef<'a>,
}

/// What a SignedData gives out, owned.
struct Parsed {
    econtent_type: String,
    /// eContent's OCTET STRING contents (RFC 5652), or for RFC 2315's ANY the contents
    /// of its element; None when the content is detached.
    embedded: Option<Vec<u8>>,
    /// eContent's own encoding (GNUTLS_PKCS7_EDATA_GET_RAW).
    embedded_raw: Option<Vec<u8>>,
    certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    /// Each SignerInfo's DER, in file order.
    signers: Vec<Vec<u8>>,
    econtent_oid: ObjectIdentifier,
}

#[derive(der::Sequence)]
struct SignerInfo<'a> {
    version: u8,
    /// IssuerAndSerialNumber, or [0] SubjectKeyIdentifier.
    sid: AnyRef<'a>,
    digest_algorithm: spki::AlgorithmIdentifierRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    signed_attrs: Option<Vec<AnyRef<'a>>>,
    signature_algorithm: spki::AlgorithmIdentifierRef<'a>,
    signature: OctetStringRef<'a>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    unsigned_attrs: Option<Vec<AnyRef<'a>>>,
}

#[derive(der::Sequence)]
struct IssuerAndSerialNumber<'a> {
    issuer: AnyRef<'a>,
    serial_number: der::asn1::IntRef<'a>,
}

#[derive(der::Sequence)]
struct AttributeRef<'a> {
    oid: ObjectIdentifier,
    values: AnyRef<'a>,
}

impl AttributeRef<'_> {
    /// The DER of the first value of the SET, if any.
    fn first_value(&self) -> Result<Option<Vec<u8>>, Error> {
        let mut reader = SliceReader::new(self.values.value()).map_err(der_error)?;
        if reader.is_finished() {
            return Ok(None);
        }
        Ok(Some(reader.tlv_bytes().map_err(der_error)?.to_vec()))
    }
}

const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

/// The object behind `gnutls_pkcs7_attrs_t`: (OID, value DER), first the most recently
/// added, as GnuTLS's list is built by prepending.
#[derive(Default)]
pub struct gnutls_pkcs7_attrs_st {
    pub entries: Vec<(std::ffi::CString, Vec<u8>)>,
}

impl gnutls_pkcs7_attrs_st {
    /// `gnutls_pkcs7_add_attr`: the value as given, or wrapped in an OCTET STRING.
    pub fn add(&mut self, oid: &str, value: &[u8], encode_octet_string: bool) -> Result<(), Error> {
        let value = if encode_octet_string { OctetStringRef::new(value).and_then(|o| o.to_der()).map_err(der_error)? } else { value.to_vec() };
        self.entries.insert(0, (std::ffi::CString::new(oid).map_err(|_| Error::INVALID_REQUEST)?, value));
        Ok(())
    }

    /// `gnutls_pkcs7_get_attr`: the `index`th (OID, value), the value optionally taken out
    /// of its OCTET STRING.
    pub fn get(&self, index: usize, decode_octet_string: bool) -> Result<(&std::ffi::CStr, Vec<u8>), Error> {
        let (oid, value) = self.entries.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let value = if decode_octet_string { OctetStringRef::from_der(value).map_err(der_error)?.as_bytes().to_vec() } else { value.clone() };
        Ok((oid, value))
    }
}

/// `gnutls_pkcs7_signature_info_st`'s contents.
pub struct SignatureInfo {
    pub algorithm: gnutls_sign_algorithm_t,
    pub signature: Vec<u8>,
    pub issuer_dn: Option<Vec<u8>>,
    pub signer_serial: Option<Vec<u8>>,
    pub issuer_key_id: Option<Vec<u8>>,
    /// -1 without a signingTime attribute.
    pub signing_time: i64,
    pub signed_attrs: Option<gnutls_pkcs7_attrs_st>,
    pub unsigned_attrs: Option<gnutls_pkcs7_attrs_st>,
}

fn attrs_list(attrs: &Option<Vec<AnyRef<'_>>>) -> Result<Option<gnutls_pkcs7_attrs_st>, Error> {
    let mut list: Option<gnutls_pkcs7_attrs_st> = None;
    for a in attrs.iter().flatten() {
        let attr: AttributeRef<'_> = a.decode_as().map_err(der_error)?;
        let value = attr.first_value()?.unwrap_or_default();
        list.get_or_insert_with(Default::default).add(&attr.oid.to_string(), &value, false)?;
    }
    Ok(list)
}

/// The signing time's seconds since the epoch; -1 if it does not parse.
fn parse_time(value: &[u8]) -> i64 {
    match x509_cert::time::Time::from_der(value) {
        Ok(t) => t.to_unix_duration().as_secs() as i64,
        Err(_) => -1,
    }
}

/// The object behind `gnutls_pkcs7_t`: empty until an import.
#[derive(Default)]
pub struct gnutls_pkcs7_int {
    /// The ContentInfo's DER, once one decoded (even if it held no SignedData).
    der: Option<Vec<u8>>,
    /// Whether an import got as far as decoding (GnuTLS's codes differ for an object that
    /// was never filled and one whose import failed).
    tried: bool,
    parsed: Option<Parsed>,
    oid_c: Option<std::ffi::CString>,
}

/// The DER of each element of a SET OF, in file order.
fn set_elements(set: &AnyRef<'_>) -> Result<Vec<Vec<u8>>, Error> {
    if set.tag() != Tag::Set {
        return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
    }
    let mut reader = SliceReader::new(set.value()).map_err(der_error)?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(reader.tlv_bytes().map_err(der_error)?.to_vec());
    }
    Ok(out)
}

impl Parsed {
    fn from_der(der: &[u8]) -> Result<Parsed, Error> {
        let info = ContentInfo::from_der(der).map_err(der_error)?;
        if info.content_type != SIGNED_DATA {
            return Err(Error::new(GNUTLS_E_UNKNOWN_PKCS_CONTENT_TYPE));
        }
        let signed: SignedData<'_> = info.content.decode_as().map_err(der_error)?;
        let econtent = signed.encap_content_info.econtent;
        let embedded = match &econtent {
            None => None,
            Some(any) => Some(match any.decode_as::<OctetStringRef<'_>>() {
                Ok(octets) => octets.as_bytes().to_vec(),
                // RFC 2315's content is ANY: the element's contents, as GnuTLS skips its
                // tag and length.
                Err(_) => any.value().to_vec(),
            }),
        };
        let raw = |list: Option<Vec<AnyRef<'_>>>| -> Result<Vec<Vec<u8>>, Error> {
            list.unwrap_or_default().iter().map(|a| a.to_der().map_err(der_error)).collect()
        };
        set_elements(&signed.digest_algorithms)?;
        Ok(Parsed {
            econtent_type: signed.encap_content_info.econtent_type.to_string(),
            embedded_raw: econtent.as_ref().map(|a| a.to_der()).transpose().map_err(der_error)?,
            embedded: embedded.filter(|e| !e.is_empty()),
            certificates: raw(signed.certificates)?,
            crls: raw(signed.crls)?,
            signers: set_elements(&signed.signer_infos)?,
            econtent_oid: signed.encap_content_info.econtent_type,
        })
    }
}

/// A SignedData ContentInfo re-encoded with its SETs in DER order.
fn canonical(der: &[u8]) -> Option<Vec<u8>> {
    let info = cms::content_info::ContentInfo::from_der(der).ok()?;
    let signed: cms::signed_data::SignedData = info.content.decode_as().ok()?;
    let content = der::Any::encode_from(&signed).ok()?;
    cms::content_info::ContentInfo { content_type: info.content_type, content }.to_der().ok()
}

impl gnutls_pkcs7_int {
    /// `gnutls_pkcs7_import`: DER, or the first "PKCS7" PEM block; a ContentInfo that is no
    /// SignedData is GNUTLS_E_UNKNOWN_PKCS_CONTENT_TYPE.
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        let der = if pem { crate::x509::pem::decode(Some(PEM_LABEL), data)? } else { data.to_vec() };
        *self = gnutls_pkcs7_int { tried: true, ..Default::default() };
        if der.is_empty() {
            // libtasn1 finds no tag in nothing.
            return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
        }
        ContentInfo::from_der(&der).map_err(der_error)?;
        let parsed = Parsed::from_der(&der);
        self.der = Some(der);
        let parsed = parsed?;
        self.oid_c = std::ffi::CString::new(parsed.econtent_type.clone()).ok();
        self.parsed = Some(parsed);
        Ok(())
    }

    /// The SignedData; without one, libtasn1's "no such element".
    fn parsed(&self) -> Result<&Parsed, Error> {
        self.parsed.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))
    }

    /// GnuTLS's code for a field of an object with no ContentInfo: never imported, or
    /// whose import failed.
    fn empty(&self) -> Error {
        Error::new(if self.tried { GNUTLS_E_ASN1_ELEMENT_NOT_FOUND } else { GNUTLS_E_ASN1_VALUE_NOT_FOUND })
    }

    /// `gnutls_pkcs7_export`: DER or a "PKCS7" PEM block. GnuTLS re-encodes what it
    /// decoded, so its SETs come out sorted as DER wants; so do ours (RustCrypto's `cms`
    /// sorts them when it decodes). What `cms` does not read goes out as it came in.
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        let der = self.der.as_deref().ok_or_else(|| self.empty())?;
        let der = canonical(der).unwrap_or_else(|| der.to_vec());
        if pem {
            crate::x509::pem::encode(Some(PEM_LABEL), &der)
        } else {
            Ok(der)
        }
    }

    /// `gnutls_pkcs7_get_crt_count` (0 before an import, as GnuTLS counts nothing).
    pub fn certificate_count(&self) -> usize {
        self.parsed().map_or(0, |p| p.certificates.len())
    }

    /// `gnutls_pkcs7_get_crt_raw2`: the `index`th certificate's DER, in file order.
    pub fn certificate(&self, index: usize) -> Result<&[u8], Error> {
        let cert = self.parsed()?.certificates.get(index).ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
        // Only the "certificate" choice of CertificateChoices is a SEQUENCE.
        if cert.first() != Some(&0x30) {
            return Err(Error::new(GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE));
        }
        Ok(cert)
    }

    pub fn crl_count(&self) -> usize {
        self.parsed().map_or(0, |p| p.crls.len())
    }

    /// `gnutls_pkcs7_get_crl_raw2`.
    pub fn crl(&self, index: usize) -> Result<&[u8], Error> {
        let crls = self.parsed.as_ref().ok_or_else(|| self.empty())?;
        crls.crls.get(index).map(Vec::as_slice).ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))
    }

    pub fn signature_count(&self) -> usize {
        self.parsed().map_or(0, |p| p.signers.len())
    }

    fn signer(&self, index: usize) -> Result<SignerInfo<'_>, Error> {
        let signers = self.parsed.as_ref().map_or(&[][..], |p| &p.signers);
        let der = signers.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        SignerInfo::from_der(der).map_err(der_error)
    }

    /// `gnutls_pkcs7_get_signature_info`: the `index`th signer's algorithm (from the
    /// signature algorithm, or the key algorithm and digest as PKCS #7 allows),
    /// signature, identifier and attributes.
    pub fn signature_info(&self, index: usize) -> Result<SignatureInfo, Error> {
        use crate::algorithms::{oid_to_digest, oid_to_pk, oid_to_sign, pk_to_sign};
        let si = self.signer(index)?;
        let mut algorithm = oid_to_sign(&si.signature_algorithm.oid.to_string());
        if algorithm == GNUTLS_SIGN_UNKNOWN {
            let pk = oid_to_pk(&si.signature_algorithm.oid.to_string());
            let digest = oid_to_digest(&si.digest_algorithm.oid.to_string());
            if pk == GNUTLS_PK_UNKNOWN || digest == GNUTLS_DIG_UNKNOWN {
                return Err(Error::new(GNUTLS_E_UNKNOWN_ALGORITHM));
            }
            algorithm = pk_to_sign(pk, digest);
            if algorithm == GNUTLS_SIGN_UNKNOWN {
                return Err(Error::new(GNUTLS_E_UNKNOWN_ALGORITHM));
            }
        }
        let (mut issuer_dn, mut signer_serial, mut issuer_key_id) = (None, None, None);
        if si.sid.tag() == Tag::Sequence {
            let ias: IssuerAndSerialNumber<'_> = si.sid.decode_as().map_err(der_error)?;
            issuer_dn = Some(ias.issuer.to_der().map_err(der_error)?);
            signer_serial = Some(ias.serial_number.as_bytes().to_vec());
        } else if si.sid.tag().is_context_specific() {
            issuer_key_id = Some(si.sid.value().to_vec());
        } else {
            return Err(Error::new(GNUTLS_E_PARSING_ERROR));
        }
        let mut signing_time = -1;
        for a in si.signed_attrs.iter().flatten() {
            let attr: AttributeRef<'_> = a.decode_as().map_err(der_error)?;
            if attr.oid == SIGNING_TIME {
                signing_time = attr.first_value()?.map_or(-1, |v| parse_time(&v));
            }
        }
        Ok(SignatureInfo {
            algorithm,
            signature: si.signature.as_bytes().to_vec(),
            issuer_dn,
            signer_serial,
            issuer_key_id,
            signing_time,
            signed_attrs: attrs_list(&si.signed_attrs)?,
            unsigned_attrs: attrs_list(&si.unsigned_attrs)?,
        })
    }

    /// What the signature covers (GnuTLS's figure_pkcs7_sigdata): the signed attributes
    /// re-tagged as a SET, once their messageDigest matches the content's hash and their
    /// contentType the content's type; without signed attributes the content itself.
    /// `data` is the detached content (else the embedded one is used).
    fn signed_bytes(&self, si: &SignerInfo<'_>, algorithm: gnutls_sign_algorithm_t, data: Option<&[u8]>) -> Result<Vec<u8>, Error> {
        let p = self.parsed()?;
        let content = match data {
            Some(d) => d,
            None => p.embedded.as_deref().unwrap_or_default(),
        };
        let Some(attrs) = &si.signed_attrs else { return Ok(content.to_vec()) };
        let hash = crate::algorithms::sign_hash(algorithm);
        if hash == GNUTLS_DIG_UNKNOWN {
            return Err(Error::INTERNAL);
        }
        if content.is_empty() {
            return Err(Error::new(GNUTLS_E_NO_EMBEDDED_DATA));
        }
        let digest = crate::x509::core::digest(hash as i32, content)?;
        let (mut digest_ok, mut content_types) = (false, 0);
        let mut body = Vec::new();
        for a in attrs {
            let attr: AttributeRef<'_> = a.decode_as().map_err(der_error)?;
            let value = attr.first_value()?;
            if attr.oid == MESSAGE_DIGEST {
                let given = value.as_deref().map(OctetStringRef::from_der).transpose().map_err(der_error)?;
                digest_ok |= given.is_some_and(|g| g.as_bytes() == digest.as_slice());
            } else if attr.oid == CONTENT_TYPE {
                content_types += 1;
                let given = value.as_deref().map(ObjectIdentifier::from_der).transpose().map_err(der_error)?;
                if content_types > 1 || given != Some(p.econtent_oid) {
                    return Err(Error::new(GNUTLS_E_PARSING_ERROR));
                }
            }
            body.extend_from_slice(&a.to_der().map_err(der_error)?);
        }
        if !digest_ok {
            return Err(Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED));
        }
        let header = der::Header::new(Tag::Set, der::Length::try_from(body.len()).map_err(der_error)?).map_err(der_error)?;
        let mut out = header.to_der().map_err(der_error)?;
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// The certificate of the bundle the signer identifies (issuer and serial, or subject
    /// key identifier), or of the trust list for a key identifier.
    fn find_signer(&self, info: &SignatureInfo, trusted: &[Certificate]) -> Option<Certificate> {
        let bundle = self.parsed().ok()?.certificates.iter().filter_map(|d| Certificate::from_der(d).ok());
        let matches = |c: &Certificate| match (&info.issuer_dn, &info.signer_serial, &info.issuer_key_id) {
            (Some(dn), Some(serial), _) => c.issuer_raw() == *dn && c.serial() == *serial,
            (_, _, Some(id)) => c.subject_key_id().as_deref() == Some(id.as_slice()),
            _ => false,
        };
        bundle.chain(trusted.iter().cloned()).find(|c| matches(c))
    }

    /// `gnutls_pkcs7_verify`: the `index`th signature over the embedded content (or the
    /// detached `data`), made by a certificate that verifies against the trust list
    /// (through the bundle's other certificates, with `vdata`'s purpose and `flags`). Any
    /// failure to find or trust the signer is GNUTLS_E_PK_SIG_VERIFY_FAILED.
    pub fn verify(&self, list: &mut TrustList, vdata: &VerifyData, index: usize, data: Option<&[u8]>, flags: u32) -> Result<(), Error> {
        let si = self.signer(index)?;
        let info = self.signature_info(index)?;
        let signed = self.signed_bytes(&si, info.algorithm, data)?;
        let failed = || Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED);
        let trusted: Vec<Certificate> = if info.issuer_key_id.is_some() { list.cas().cloned().collect() } else { Vec::new() };
        let signer = self.find_signer(&info, &trusted).ok_or_else(failed)?;
        let mut chain = vec![signer.clone()];
        chain.extend(self.parsed()?.certificates.iter().filter_map(|d| Certificate::from_der(d).ok()).filter(|c| c.der() != signer.der()));
        let status = list.verify(&chain, vdata, flags, crate::x509::trust_list::now())?;
        if status != 0 {
            return Err(failed());
        }
        self.verify_with(&signer, info.algorithm, &signed, &info.signature, flags)
    }

    /// `gnutls_pkcs7_verify_direct`: the `index`th signature checked with `signer`'s key,
    /// which is not verified itself.
    pub fn verify_direct(&self, signer: &Certificate, index: usize, data: Option<&[u8]>, flags: u32) -> Result<(), Error> {
        let si = self.signer(index)?;
        let info = self.signature_info(index)?;
        let signed = self.signed_bytes(&si, info.algorithm, data)?;
        self.verify_with(signer, info.algorithm, &signed, &info.signature, flags)
    }

    /// GnuTLS's gnutls_x509_crt_verify_data3: the signature, then the signer's validity
    /// period (unless both time-check flags are given) and its key usage.
    fn verify_with(&self, signer: &Certificate, algorithm: gnutls_sign_algorithm_t, signed: &[u8], signature: &[u8], flags: u32) -> Result<(), Error> {
        let key = crate::keys::PublicKey::from_spki(&signer.spki_der())?;
        key.verify(crate::keys::Scheme::from_gnutls(algorithm)?, signed, signature)?;
        let both = GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS;
        if flags & both != both {
            let now = crate::x509::trust_list::now();
            if now > signer.expiration_time() {
                return Err(Error::new(GNUTLS_E_EXPIRED));
            }
            if now < signer.activation_time() {
                return Err(Error::new(GNUTLS_E_NOT_YET_ACTIVATED));
            }
        }
        if let Ok((usage, _)) = signer.key_usage() {
            if usage & GNUTLS_KEY_DIGITAL_SIGNATURE as u32 == 0 {
                // GnuTLS returns this status bit, a positive value, as the function's result.
                return Err(Error::new(GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE as i32));
            }
        }
        Ok(())
    }

    /// `gnutls_pkcs7_get_embedded_data`: the signed content (or with `raw` eContent's
    /// encoding); detached signatures have none (GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE).
    pub fn embedded_data(&self, raw: bool) -> Result<&[u8], Error> {
        let none = || Error::REQUESTED_DATA_NOT_AVAILABLE;
        let p = self.parsed().map_err(|_| none())?;
        p.embedded.as_ref().ok_or_else(none)?;
        let data = if raw { p.embedded_raw.as_ref() } else { p.embedded.as_ref() };
        data.map(Vec::as_slice).ok_or_else(none)
    }

    /// `gnutls_pkcs7_get_embedded_data_oid`: eContentType, NUL-terminated.
    pub fn embedded_data_oid(&self) -> Option<&std::ffi::CStr> {
        self.oid_c.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_other_content_types_are_refused() {
        let mut p = gnutls_pkcs7_int::default();
        assert_eq!(p.import(b"hello", false).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(p.import(b"x", true).unwrap_err().code(), GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR);
        // ContentInfo { id-data, [0] OCTET STRING "" }
        let data = [0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00];
        assert_eq!(p.import(&data, false).unwrap_err().code(), GNUTLS_E_UNKNOWN_PKCS_CONTENT_TYPE);
        assert_eq!(p.certificate_count(), 0);
        assert!(p.embedded_data_oid().is_none());
    }
}
