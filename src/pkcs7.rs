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
    /// sorts them when it decodes; what it refuses, such as a certificate given twice, is
    /// sorted here). What neither reads goes out as it came in.
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        let der = self.der.as_deref().ok_or_else(|| self.empty())?;
        let der = match canonical(der) {
            Some(sorted) => sorted,
            None => Draft::from_der(der).and_then(|d| d.sorted().to_der()).unwrap_or_else(|_| der.to_vec()),
        };
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
    // divergence: GnuTLS reads certificates from the DER last imported, so it does not see
    // the ones added by gnutls_pkcs7_set_crt (GNUTLS_E_ASN1_VALUE_NOT_FOUND before any
    // import); here the reads see what was written.
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

// ---- Writing (gnutls_pkcs7_set_*, _delete_*, _sign) ----

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
/// GnuTLS writes id-digestedData as the content type of a SignedData that only carries
/// certificates or CRLs (create_empty_signed_data); a signature later makes it id-data.
const ID_DIGESTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.5");

/// A SignedData being written: every SET in insertion order, as GnuTLS's structure keeps
/// it until it is encoded (readers index it in that order; `export` sorts).
struct Draft {
    digest_algorithms: Vec<Vec<u8>>,
    econtent_type: ObjectIdentifier,
    /// The DER of the element inside eContent's [0], if there is content.
    econtent: Option<Vec<u8>>,
    certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    signer_infos: Vec<Vec<u8>>,
}

/// A SET of already-encoded elements, in the order given.
fn set_of(elements: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    let body = elements.concat();
    let header = der::Header::new(Tag::Set, der::Length::try_from(body.len()).map_err(der_error)?).map_err(der_error)?;
    let mut out = header.to_der().map_err(der_error)?;
    out.extend_from_slice(&body);
    Ok(out)
}

fn any_list(elements: &[Vec<u8>]) -> Result<Option<Vec<AnyRef<'_>>>, Error> {
    if elements.is_empty() {
        return Ok(None);
    }
    elements.iter().map(|e| AnyRef::from_der(e).map_err(der_error)).collect::<Result<Vec<_>, _>>().map(Some)
}

impl Draft {
    /// GnuTLS's create_empty_signed_data: version 1, no content, nothing else.
    fn empty() -> Draft {
        Draft { digest_algorithms: Vec::new(), econtent_type: ID_DIGESTED_DATA, econtent: None, certificates: Vec::new(), crls: Vec::new(), signer_infos: Vec::new() }
    }

    fn from_der(der: &[u8]) -> Result<Draft, Error> {
        let info = ContentInfo::from_der(der).map_err(der_error)?;
        let signed: SignedData<'_> = info.content.decode_as().map_err(der_error)?;
        let raw = |list: Option<Vec<AnyRef<'_>>>| -> Result<Vec<Vec<u8>>, Error> {
            list.unwrap_or_default().iter().map(|a| a.to_der().map_err(der_error)).collect()
        };
        Ok(Draft {
            digest_algorithms: set_elements(&signed.digest_algorithms)?,
            econtent_type: signed.encap_content_info.econtent_type,
            econtent: signed.encap_content_info.econtent.map(|a| a.to_der()).transpose().map_err(der_error)?,
            certificates: raw(signed.certificates)?,
            crls: raw(signed.crls)?,
            signer_infos: set_elements(&signed.signer_infos)?,
        })
    }

    /// The same SignedData with its SETs in encoding order (what GnuTLS exports).
    fn sorted(self) -> Draft {
        Draft {
            digest_algorithms: der_sorted(self.digest_algorithms),
            certificates: der_sorted(self.certificates),
            crls: der_sorted(self.crls),
            signer_infos: der_sorted(self.signer_infos),
            ..self
        }
    }

    /// The ContentInfo; empty certificate and CRL sets are left out, as GnuTLS's
    /// disable_opt_fields does.
    fn to_der(&self) -> Result<Vec<u8>, Error> {
        let (digests, signers) = (set_of(&self.digest_algorithms)?, set_of(&self.signer_infos)?);
        let econtent = self.econtent.as_deref().map(AnyRef::from_der).transpose().map_err(der_error)?;
        let signed = SignedData {
            version: 1,
            digest_algorithms: AnyRef::from_der(&digests).map_err(der_error)?,
            encap_content_info: EncapsulatedContentInfo { econtent_type: self.econtent_type, econtent },
            certificates: any_list(&self.certificates)?,
            crls: any_list(&self.crls)?,
            signer_infos: AnyRef::from_der(&signers).map_err(der_error)?,
        };
        let content = signed.to_der().map_err(der_error)?;
        ContentInfo { content_type: SIGNED_DATA, content: AnyRef::from_der(&content).map_err(der_error)? }.to_der().map_err(der_error)
    }
}

/// An Attribute with one value (already DER).
#[derive(der::Sequence)]
struct AttributeOut<'a> {
    oid: ObjectIdentifier,
    values: der::asn1::SetOfVec<AnyRef<'a>>,
}

fn attribute(oid: ObjectIdentifier, value: &[u8]) -> Result<Vec<u8>, Error> {
    let mut values = der::asn1::SetOfVec::new();
    values.insert(AnyRef::from_der(value).map_err(der_error)?).map_err(der_error)?;
    AttributeOut { oid, values }.to_der().map_err(der_error)
}

/// The user's attributes, in the list's order (most recently added first).
fn user_attributes(list: Option<&gnutls_pkcs7_attrs_st>) -> Result<Vec<Vec<u8>>, Error> {
    let mut out = Vec::new();
    for (oid, value) in list.map_or(&[][..], |l| &l.entries) {
        let oid = oid.to_str().ok().and_then(|o| ObjectIdentifier::new(o).ok()).ok_or(Error::INVALID_REQUEST)?;
        out.push(attribute(oid, value)?);
    }
    Ok(out)
}

/// The elements of a SET OF in the order libtasn1 encodes them for GnuTLS: by their
/// encodings, a prefix first; duplicates stay (RustCrypto's SetOfVec refuses them).
fn der_sorted(mut elements: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    elements.sort();
    elements
}

/// An AlgorithmIdentifier without parameters (GnuTLS writes digests that way).
fn algorithm_id(oid: &str, null_parameters: bool) -> Result<Vec<u8>, Error> {
    let oid = ObjectIdentifier::new(oid).map_err(|_| Error::INTERNAL)?;
    let parameters = null_parameters.then_some(AnyRef::NULL);
    spki::AlgorithmIdentifierRef { oid, parameters }.to_der().map_err(der_error)
}

/// What `gnutls_pkcs7_sign` is given besides the key.
pub struct SignRequest<'a> {
    pub signer: &'a Certificate,
    pub key: &'a crate::keys::PrivateKey,
    /// The content; None signs what is embedded.
    pub data: Option<&'a [u8]>,
    pub signed_attrs: Option<&'a gnutls_pkcs7_attrs_st>,
    pub unsigned_attrs: Option<&'a gnutls_pkcs7_attrs_st>,
    pub digest: gnutls_digest_algorithm_t,
    pub flags: u32,
}

impl gnutls_pkcs7_int {
    /// The SignedData to change: the imported one, or GnuTLS's empty one.
    fn draft(&self) -> Result<Draft, Error> {
        match (&self.der, &self.parsed) {
            (Some(der), Some(_)) => Draft::from_der(der),
            _ => Ok(Draft::empty()),
        }
    }

    /// The SignedData as it was last changed; what reads it afterwards sees it in
    /// insertion order, as GnuTLS's readers do.
    /// The content type's OID stays the one last imported (none for a structure built
    /// from nothing), as GnuTLS's does.
    fn store(&mut self, draft: &Draft) -> Result<(), Error> {
        let der = draft.to_der()?;
        let parsed = Parsed::from_der(&der)?;
        self.parsed = Some(parsed);
        self.der = Some(der);
        Ok(())
    }

    /// `gnutls_pkcs7_set_crt_raw`: appends a certificate (GnuTLS checks only that it is
    /// DER).
    pub fn add_certificate(&mut self, der: &[u8]) -> Result<(), Error> {
        AnyRef::from_der(der).map_err(der_error)?;
        let mut draft = self.draft()?;
        draft.certificates.push(der.to_vec());
        self.store(&draft)
    }

    /// `gnutls_pkcs7_set_crl_raw`.
    pub fn add_crl(&mut self, der: &[u8]) -> Result<(), Error> {
        AnyRef::from_der(der).map_err(der_error)?;
        let mut draft = self.draft()?;
        draft.crls.push(der.to_vec());
        self.store(&draft)
    }

    /// `gnutls_pkcs7_delete_crt`/`_crl`: an index that is not there (or an object with no
    /// SignedData) is libtasn1's "element not found".
    // divergence: GnuTLS 3.7.9 deletes nothing and answers GNUTLS_E_ASN1_VALUE_NOT_VALID
    // for every index that exists (libtasn1 refuses to delete a non-optional element);
    // here the element is deleted, as its manual says.
    pub fn delete(&mut self, crl: bool, index: i32) -> Result<(), Error> {
        let not_found = Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
        if self.parsed.is_none() {
            return Err(not_found);
        }
        let mut draft = self.draft()?;
        let list = if crl { &mut draft.crls } else { &mut draft.certificates };
        let index = usize::try_from(index).map_err(|_| not_found.clone())?;
        if index >= list.len() {
            return Err(not_found);
        }
        list.remove(index);
        self.store(&draft)
    }

    /// `gnutls_pkcs7_sign`: one more signer over the content, as GnuTLS writes it: the
    /// content type becomes id-data (the content embedded with GNUTLS_PKCS7_EMBED_DATA),
    /// the signer's certificate joins the set with GNUTLS_PKCS7_INCLUDE_CERT, the signer
    /// is named by issuer and serial (by subject key identifier, version 3, with
    /// GNUTLS_PKCS7_WRITE_SPKI). Signed attributes (signingTime with
    /// GNUTLS_PKCS7_INCLUDE_TIME, then the caller's) bring contentType and messageDigest
    /// with them; without any the signature covers the content itself. RSA signers are
    /// named by rsaEncryption, as RFC 2315 and GnuTLS do.
    // divergence: GnuTLS 3.7.9 fails with GNUTLS_E_ASN1_ELEMENT_NOT_FOUND with
    // GNUTLS_PKCS7_WRITE_SPKI (it writes the key identifier to a path that does not
    // exist) and with GNUTLS_PKCS7_EMBED_DATA on a structure built by set_crt/set_crl;
    // both work here as documented.
    pub fn sign(&mut self, req: &SignRequest<'_>) -> Result<(), Error> {
        use crate::algorithms::{digest_oid, pk_to_sign, sign_oid};
        let hash = crate::keys::Hash::from_gnutls(req.digest).map_err(|_| Error::INVALID_REQUEST)?;
        let digest_oid = digest_oid(req.digest).and_then(|o| o.to_str().ok()).ok_or(Error::INVALID_REQUEST)?;
        let mut draft = if self.parsed.is_some() {
            self.draft()?
        } else {
            Draft { econtent_type: ID_DATA, ..Draft::empty() }
        };
        draft.econtent_type = ID_DATA;
        if req.flags & GNUTLS_PKCS7_EMBED_DATA != 0 {
            if let Some(data) = req.data {
                draft.econtent = Some(OctetStringRef::new(data).and_then(|o| o.to_der()).map_err(der_error)?);
            }
        }
        if req.flags & GNUTLS_PKCS7_INCLUDE_TIME != 0 && req.data.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        let content: Vec<u8> = match req.data {
            Some(d) => d.to_vec(),
            None => match draft.econtent.as_deref() {
                Some(e) => OctetStringRef::from_der(e).map_err(der_error)?.as_bytes().to_vec(),
                None => return Err(Error::new(GNUTLS_E_NO_EMBEDDED_DATA)),
            },
        };

        // The signature algorithm: the certificate's key family with the digest.
        let pk = req.signer.pk_algorithm().0 as gnutls_pk_algorithm_t;
        let sign = pk_to_sign(pk, req.digest);
        if sign == GNUTLS_SIGN_UNKNOWN {
            return Err(Error::new(GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM));
        }
        let scheme = crate::keys::Scheme::from_gnutls(sign)?;
        scheme.check_key(req.key.kind())?;
        let signature_algorithm = if pk == GNUTLS_PK_RSA {
            algorithm_id("1.2.840.113549.1.1.1", true)?
        } else if let crate::keys::Scheme::RsaPss(hash) = scheme {
            // RSASSA-PSS with the hash and the salt the key signs with.
            let params = req.key.pss_signature_params(hash)?;
            let parameters = Some(AnyRef::from_der(&params).map_err(der_error)?);
            spki::AlgorithmIdentifierRef { oid: crate::keys::formats::RSA_PSS, parameters }.to_der().map_err(der_error)?
        } else {
            algorithm_id(sign_oid(sign).and_then(|o| o.to_str().ok()).ok_or(Error::new(GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM))?, false)?
        };

        let mut signed = Vec::new();
        if req.flags & GNUTLS_PKCS7_INCLUDE_TIME != 0 {
            let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(crate::x509::trust_list::now().max(0) as u64);
            // UTCTime until 2049, as GnuTLS (RFC 5280's rule) writes it.
            let time = der::asn1::UtcTime::from_system_time(now)
                .map(x509_cert::time::Time::UtcTime)
                .or_else(|_| der::asn1::GeneralizedTime::from_system_time(now).map(x509_cert::time::Time::GeneralTime))
                .map_err(der_error)?;
            signed.push(attribute(SIGNING_TIME, &time.to_der().map_err(der_error)?)?);
        }
        signed.extend(user_attributes(req.signed_attrs)?);
        if !signed.is_empty() {
            signed.push(attribute(CONTENT_TYPE, &draft.econtent_type.to_der().map_err(der_error)?)?);
            let digest = OctetStringRef::new(hash.digest(&content).as_ref()).and_then(|o| o.to_der()).map_err(der_error)?;
            signed.push(attribute(MESSAGE_DIGEST, &digest)?);
        }
        let signed = der_sorted(signed);
        let to_be_signed = if signed.is_empty() { content } else { set_of(&signed)? };
        let signature = req.key.sign(scheme, &to_be_signed)?;

        let (version, sid) = if req.flags & GNUTLS_PKCS7_WRITE_SPKI != 0 {
            let id = req.signer.subject_key_id().ok_or(Error::new(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE))?;
            let sid = der::asn1::ContextSpecific { tag_number: der::TagNumber::N0, tag_mode: der::TagMode::Implicit, value: OctetStringRef::new(&id).map_err(der_error)? };
            (3u8, sid.to_der().map_err(der_error)?)
        } else {
            let issuer = req.signer.issuer_raw();
            let serial = req.signer.serial();
            let ias = IssuerAndSerialNumber { issuer: AnyRef::from_der(&issuer).map_err(der_error)?, serial_number: der::asn1::IntRef::new(&serial).map_err(der_error)? };
            (1u8, ias.to_der().map_err(der_error)?)
        };
        let digest_algorithm = algorithm_id(digest_oid, false)?;
        let unsigned = der_sorted(user_attributes(req.unsigned_attrs)?);
        let si = SignerInfo {
            version,
            sid: AnyRef::from_der(&sid).map_err(der_error)?,
            digest_algorithm: spki::AlgorithmIdentifierRef::from_der(&digest_algorithm).map_err(der_error)?,
            signed_attrs: any_list(&signed)?,
            signature_algorithm: spki::AlgorithmIdentifierRef::from_der(&signature_algorithm).map_err(der_error)?,
            signature: OctetStringRef::new(&signature).map_err(der_error)?,
            unsigned_attrs: any_list(&unsigned)?,
        };
        let si = si.to_der().map_err(der_error)?;

        if req.flags & GNUTLS_PKCS7_INCLUDE_CERT != 0 {
            draft.certificates.push(req.signer.der().to_vec());
        }
        draft.digest_algorithms.push(digest_algorithm);
        draft.signer_infos.push(si);
        self.store(&draft)
    }
}

// ---- Printing (lib/x509/pkcs7-output.c's layout) ----

/// One signer as `gnutls_pkcs7_print_signature_info` reads it (empty slices for absent
/// fields).
pub struct SignerView<'a> {
    pub issuer_dn: &'a [u8],
    pub serial: &'a [u8],
    pub key_id: &'a [u8],
    pub signing_time: i64,
    pub algorithm: gnutls_sign_algorithm_t,
    pub signed_attrs: Option<&'a gnutls_pkcs7_attrs_st>,
    pub unsigned_attrs: Option<&'a gnutls_pkcs7_attrs_st>,
}

impl SignatureInfo {
    pub fn view(&self) -> SignerView<'_> {
        SignerView {
            issuer_dn: self.issuer_dn.as_deref().unwrap_or_default(),
            serial: self.signer_serial.as_deref().unwrap_or_default(),
            key_id: self.issuer_key_id.as_deref().unwrap_or_default(),
            signing_time: self.signing_time,
            algorithm: self.algorithm,
            signed_attrs: self.signed_attrs.as_ref(),
            unsigned_attrs: self.unsigned_attrs.as_ref(),
        }
    }
}

/// The names GnuTLS prints for attribute OIDs.
fn attribute_name(oid: &str) -> &str {
    match oid {
        "1.2.840.113549.1.9.3" => "contentType",
        "1.2.840.113549.1.9.4" => "messageDigest",
        "1.2.840.113549.1.9.5" => "signingTime",
        "1.2.840.113549.1.9.6" => "countersignature",
        "1.2.840.113549.1.9.15" => "smimeCapabilities",
        "1.2.840.113549.1.9.16.2.1" => "aa-receiptRequest",
        "1.2.840.113549.1.9.16.2.2" => "aa-securityLabel",
        "1.2.840.113549.1.9.16.2.3" => "aa-mlExpandHistory",
        "1.2.840.113549.1.9.16.2.4" => "aa-contentHint",
        "1.2.840.113549.1.9.16.2.9" => "aa-equivalentLabels",
        "1.2.840.113549.1.9.16.2.10" => "aa-contentReference",
        "1.2.840.113549.1.9.16.2.11" => "aa-encrypKeyPref",
        "1.2.840.113549.1.9.16.2.12" => "aa-signingCertificate",
        "1.2.840.113549.1.9.16.2.19" => "aa-ets-otherSigCert",
        "1.2.840.113549.1.9.16.2.47" => "aa-signingCertificateV2",
        other => other,
    }
}

fn print_hex(out: &mut String, prefix: &str, bytes: &[u8]) {
    if !bytes.is_empty() {
        out.push_str(&format!("{prefix}: {}\n", crate::x509::dn::hex_lower(bytes)));
    }
}

fn print_attributes(out: &mut String, title: &str, list: Option<&gnutls_pkcs7_attrs_st>) {
    for (i, (oid, value)) in list.map_or(&[][..], |l| &l.entries).iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("\t{title}:\n"));
        }
        print_hex(out, &format!("\t\t{}", attribute_name(&oid.to_string_lossy())), value);
    }
}

/// `gnutls_pkcs7_print_signature_info`'s text for one signer; only
/// GNUTLS_CRT_PRINT_FULL lists the attributes.
pub fn print_signer(out: &mut String, v: &SignerView<'_>, format: u32) {
    if !v.issuer_dn.is_empty() {
        match crate::x509::dn::raw_dn_text(v.issuer_dn, 0) {
            Ok(text) => out.push_str(&format!("\tSigner's issuer DN: {text}\n")),
            Err(_) => out.push_str("\tSigner's issuer DN: [error]\n"),
        }
    }
    print_hex(out, "\tSigner's serial", v.serial);
    print_hex(out, "\tSigner's issuer key ID", v.key_id);
    if v.signing_time != -1 {
        out.push_str(&format!("\tSigning time: {}\n", crate::x509::print::long_time(v.signing_time)));
    }
    let name = crate::algorithms::sign_name(v.algorithm).map_or("(null)".into(), |n| n.to_string_lossy());
    out.push_str(&format!("\tSignature Algorithm: {name}\n"));
    if format == GNUTLS_CRT_PRINT_FULL {
        print_attributes(out, "Signed Attributes", v.signed_attrs);
        print_attributes(out, "Unsigned Attributes", v.unsigned_attrs);
    }
    out.push('\n');
}

impl gnutls_pkcs7_int {
    /// `gnutls_pkcs7_print`: the content type (unless id-data or id-digestedData), each
    /// signer, and with GNUTLS_CRT_PRINT_FULL every certificate and CRL in PEM.
    pub fn print(&self, format: u32) -> Result<String, Error> {
        let mut out = String::new();
        if let Some(oid) = self.embedded_data_oid().map(|o| o.to_string_lossy()) {
            if oid != ID_DATA.to_string() && oid != ID_DIGESTED_DATA.to_string() {
                out.push_str(&format!("eContent Type: {oid}\n"));
            }
        }
        out.push_str("Signers:\n");
        let mut i = 0;
        while let Ok(info) = self.signature_info(i) {
            print_signer(&mut out, &info.view(), format);
            i += 1;
        }
        if format == GNUTLS_CRT_PRINT_FULL {
            let sections = [("certificates", "CERTIFICATE", self.certificate_count()), ("CRLs", "X509 CRL", self.crl_count())];
            for (title, label, count) in sections {
                if count == 0 {
                    continue;
                }
                out.push_str(&format!("Number of {title}: {count}\n\n"));
                for i in 0..count {
                    let der = if title == "CRLs" { self.crl(i) } else { self.certificate(i) };
                    let Ok(der) = der else {
                        out.push_str(&format!("Error: cannot print certificate {i}\n"));
                        continue;
                    };
                    if let Ok(pem) = crate::x509::pem::encode(Some(label), der) {
                        out.push_str(&String::from_utf8_lossy(&pem));
                        out.push('\n');
                    }
                }
            }
        }
        Ok(out)
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

    #[test]
    fn a_built_set_keeps_insertion_order_and_exports_sorted() {
        let mut p = gnutls_pkcs7_int::default();
        assert_eq!(p.delete(false, 0).unwrap_err().code(), GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
        let (big, small) = (vec![0x30, 0x03, 0x02, 0x01, 0x09], vec![0x30, 0x03, 0x02, 0x01, 0x01]);
        for c in [&big, &small, &big] {
            p.add_certificate(c).unwrap();
        }
        assert!(p.add_certificate(b"junk").is_err());
        assert_eq!(p.certificate(0).unwrap(), big.as_slice());
        assert!(p.embedded_data_oid().is_none());
        let mut again = gnutls_pkcs7_int::default();
        again.import(&p.export(false).unwrap(), false).unwrap();
        assert_eq!(again.certificate(0).unwrap(), small.as_slice());
        assert_eq!(again.certificate_count(), 3);
        assert_eq!(again.embedded_data_oid().unwrap().to_str().unwrap(), "1.2.840.113549.1.7.5");
        p.delete(false, 1).unwrap();
        assert_eq!(p.delete(false, 2).unwrap_err().code(), GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
        assert_eq!(p.certificate_count(), 2);
        p.delete(false, 0).unwrap();
        p.delete(false, 0).unwrap();
        assert_eq!(p.certificate_count(), 0);
    }
}
