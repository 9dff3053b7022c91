//! Certificate requests (PKCS#10, `gnutls_x509_crq_t`): imported, read, written and signed
//! as GnuTLS 3.7.9 does (lib/x509/crq.c), on `x509-cert`'s `CertReq`. Extensions live in the
//! extensionRequest attribute; the setters share the certificate's encoders (`build.rs`).

use der::asn1::{AnyRef, BitString, ObjectIdentifier, SetOfVec};
use der::{Decode, Encode, Reader, SliceReader};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::Attribute;
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::request::{CertReq, CertReqInfo, Version};

use super::build::{self, ExtensionEdit};
use super::dn::{der_error, Dn, GNUTLS_X509_DN_FLAG_COMPAT};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::{PrivateKey, PublicKey, Scheme};

const OID_EXTENSION_REQUEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.14");
const OID_CHALLENGE_PASSWORD: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.7");
const PEM_LABEL: &str = "NEW CERTIFICATE REQUEST";

/// The object behind `gnutls_x509_crq_t`.
#[derive(Clone, Debug, Default)]
pub struct gnutls_x509_crq_int {
    subject: Name,
    key: Option<SubjectPublicKeyInfoOwned>,
    /// Attributes other than extensionRequest, in order.
    attributes: Vec<Attribute>,
    extensions: Vec<Extension>,
    /// Present once signed or imported; any change drops it.
    signed: Option<Signed>,
}

#[derive(Clone, Debug)]
struct Signed {
    /// The CertificationRequestInfo exactly as signed.
    info_der: Vec<u8>,
    algorithm: AlgorithmIdentifierOwned,
    signature: Vec<u8>,
    der: Vec<u8>,
}

fn encode<T: Encode>(value: &T) -> Result<Vec<u8>, Error> {
    value.to_der().map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))
}

impl gnutls_x509_crq_int {
    /// `gnutls_x509_crq_import`: DER, or PEM with a "NEW CERTIFICATE REQUEST" or
    /// "CERTIFICATE REQUEST" block.
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        let der = if pem {
            super::pem::decode(Some(PEM_LABEL), data)
                .or_else(|_| super::pem::decode(Some("CERTIFICATE REQUEST"), data))
                .map_err(|_| Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR))?
        } else {
            data.to_vec()
        };
        let req = CertReq::from_der(&der).map_err(der_error)?;
        let info_der = (|| -> der::Result<Vec<u8>> {
            let outer = AnyRef::from_der(&der)?;
            let mut r = SliceReader::new(outer.value())?;
            let info: AnyRef<'_> = r.decode()?;
            info.to_der()
        })()
        .map_err(der_error)?;
        let mut attributes = Vec::new();
        let mut extensions = Vec::new();
        for attr in req.info.attributes.iter() {
            if attr.oid == OID_EXTENSION_REQUEST {
                for value in attr.values.iter() {
                    extensions.extend(value.decode_as::<Vec<Extension>>().map_err(der_error)?);
                }
            } else {
                attributes.push(attr.clone());
            }
        }
        let signature = req.signature.as_bytes().ok_or(Error::new(GNUTLS_E_ASN1_DER_ERROR))?.to_vec();
        *self = gnutls_x509_crq_int {
            subject: req.info.subject,
            key: Some(req.info.public_key),
            attributes,
            extensions,
            signed: Some(Signed { info_der, algorithm: req.algorithm, signature, der }),
        };
        Ok(())
    }

    /// The signed request; one not signed (since its last change) is
    /// GNUTLS_E_ASN1_VALUE_NOT_FOUND.
    pub fn der(&self) -> Result<&[u8], Error> {
        self.signed.as_ref().map(|s| s.der.as_slice()).ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))
    }

    /// `gnutls_x509_crq_export`: DER or a "NEW CERTIFICATE REQUEST" PEM block.
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        let der = self.der()?;
        Ok(if pem { super::core::pem_encode(PEM_LABEL, der).into_bytes() } else { der.to_vec() })
    }

    fn changed(&mut self) -> &mut Self {
        self.signed = None;
        self
    }

    /// Only version 1 exists (RFC 2986); GnuTLS takes 0 for it too.
    // divergence: GnuTLS writes any version number into a request.
    pub fn set_version(&mut self, version: u32) -> Result<(), Error> {
        if version > 1 {
            return Err(Error::INVALID_REQUEST);
        }
        self.changed();
        Ok(())
    }

    pub fn version(&self) -> i32 {
        1
    }

    pub fn subject(&self) -> Result<Dn, Error> {
        Dn::from_der(&encode(&self.subject)?)
    }

    /// `gnutls_x509_crq_get_dn`: the text of the subject, as for certificates.
    pub fn dn(&self) -> Result<String, Error> {
        self.subject()?.to_text(GNUTLS_X509_DN_FLAG_COMPAT)
    }

    pub fn set_dn_by_oid(&mut self, oid: &str, raw: bool, value: &[u8]) -> Result<(), Error> {
        let mut subject = self.subject.clone();
        build::append_to_name(&mut subject, oid, raw, value)?;
        self.changed().subject = subject;
        Ok(())
    }

    pub fn set_dn(&mut self, text: &str) -> Result<(), (Error, usize)> {
        let mut subject = self.subject.clone();
        build::set_name_from_string(&mut subject, text)?;
        self.changed().subject = subject;
        Ok(())
    }

    pub fn subject_name(&self) -> &Name {
        &self.subject
    }

    pub fn set_spki(&mut self, spki: SubjectPublicKeyInfoOwned) {
        self.changed().key = Some(spki);
    }

    pub fn spki(&self) -> Result<&SubjectPublicKeyInfoOwned, Error> {
        self.key.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))
    }

    pub fn public_key(&self) -> Result<PublicKey, Error> {
        PublicKey::from_spki(&encode(self.spki()?)?)
    }

    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// The extensions as the printer reads a certificate's.
    pub fn extensions_for_print(&self) -> Vec<super::core::Extension> {
        self.extensions
            .iter()
            .map(|e| super::core::Extension { oid: e.extn_id.to_string(), critical: e.critical, value: e.extn_value.as_bytes().to_vec() })
            .collect()
    }

    pub fn edit_extensions(&mut self, edit: &ExtensionEdit<'_>) -> Result<(), Error> {
        let mut extensions = self.extensions.clone();
        edit.apply(&mut extensions)?;
        self.changed().extensions = extensions;
        Ok(())
    }

    /// An extension's value and criticality; GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE without.
    pub fn extension(&self, oid: &str) -> Result<(&[u8], bool), Error> {
        build::find_extension(&self.extensions, oid).ok_or(Error::new(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE))
    }

    /// `gnutls_x509_crq_get_key_usage`: (usage, critical).
    pub fn key_usage(&self) -> Result<(u32, bool), Error> {
        let (value, critical) = self.extension("2.5.29.15")?;
        Ok((super::ext::key_usage(value)?, critical))
    }

    /// `gnutls_x509_crq_get_basic_constraints`: (critical, CA, path length or -1).
    pub fn basic_constraints(&self) -> Result<(bool, bool, i32), Error> {
        let (value, critical) = self.extension("2.5.29.19")?;
        let (ca, path) = super::ext::basic_constraints(value)?;
        Ok((critical, ca, path))
    }

    /// `gnutls_x509_crq_set_challenge_password`: the challengePassword attribute, a
    /// DirectoryString, replacing one set before.
    pub fn set_challenge_password(&mut self, password: &str) -> Result<(), Error> {
        let value = super::dn::directory_string(password)?;
        let values = SetOfVec::try_from(vec![value]).map_err(der_error)?;
        let attr = Attribute { oid: OID_CHALLENGE_PASSWORD, values };
        let mut attributes = self.attributes.clone();
        attributes.retain(|a| a.oid != OID_CHALLENGE_PASSWORD);
        attributes.push(attr);
        self.changed().attributes = attributes;
        Ok(())
    }

    /// `gnutls_x509_crq_get_challenge_password`: the text of the attribute, if any.
    pub fn challenge_password(&self) -> Result<Vec<u8>, Error> {
        let attr = self.attributes.iter().find(|a| a.oid == OID_CHALLENGE_PASSWORD);
        let value = attr.and_then(|a| a.values.iter().next()).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        Ok(value.value().to_vec())
    }

    /// The attributes in the order they are written (extensionRequest last), each as its
    /// OID and its first value's DER, for `gnutls_x509_crq_print`.
    pub fn attributes_for_print(&self) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = self
            .attributes
            .iter()
            .map(|a| (a.oid.to_string(), a.values.iter().next().and_then(|v| v.to_der().ok()).unwrap_or_default()))
            .collect();
        if !self.extensions.is_empty() {
            out.push((OID_EXTENSION_REQUEST.to_string(), Vec::new()));
        }
        out
    }

    /// The attributes as they are written: extensionRequest among them, in DER order.
    fn attribute_set(&self) -> Result<SetOfVec<Attribute>, Error> {
        let mut attributes: Vec<Attribute> = self.attributes.clone();
        if !self.extensions.is_empty() {
            let value = der::asn1::Any::encode_from(&self.extensions).map_err(der_error)?;
            attributes.push(Attribute { oid: OID_EXTENSION_REQUEST, values: SetOfVec::try_from(vec![value]).map_err(der_error)? });
        }
        SetOfVec::try_from(attributes).map_err(der_error)
    }

    fn info(&self) -> Result<CertReqInfo, Error> {
        Ok(CertReqInfo {
            version: Version::V1,
            subject: self.subject.clone(),
            public_key: self.spki()?.clone(),
            attributes: self.attribute_set()?,
        })
    }

    /// `gnutls_x509_crq_get_attribute_info` / `_data`: the OID and the first value's DER of
    /// the attribute at `index` (extensionRequest counted); past the end
    /// GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn attribute_at(&self, index: usize) -> Result<(String, Vec<u8>), Error> {
        let set = self.attribute_set()?;
        let attr = set.iter().nth(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let value = attr.values.iter().next().ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        Ok((attr.oid.to_string(), encode(value)?))
    }

    /// `gnutls_x509_crq_get_attribute_by_oid`: value `index` (DER) of the first attribute
    /// with this OID. Without one, GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE; a value past the
    /// end is the GNUTLS_E_ASN1_GENERIC_ERROR GnuTLS makes of libtasn1's answer.
    pub fn attribute_by_oid(&self, oid: &str, index: usize) -> Result<Vec<u8>, Error> {
        let id: ObjectIdentifier = oid.parse().map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let set = self.attribute_set()?;
        let attr = set.iter().find(|a| a.oid == id).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let value = attr.values.iter().nth(index).ok_or(Error::new(GNUTLS_E_ASN1_GENERIC_ERROR))?;
        encode(value)
    }

    /// `gnutls_x509_crq_set_attribute_by_oid`: the attribute's last value replaced by `der`,
    /// or a new attribute with it. extensionRequest is the request's extensions.
    pub fn set_attribute_by_oid(&mut self, oid: &str, der: &[u8]) -> Result<(), Error> {
        let id: ObjectIdentifier = oid.parse().map_err(|_| Error::INVALID_REQUEST)?;
        let value = der::asn1::Any::from_der(der).map_err(der_error)?;
        if id == OID_EXTENSION_REQUEST {
            let extensions = value.decode_as::<Vec<Extension>>().map_err(der_error)?;
            self.changed().extensions = extensions;
            return Ok(());
        }
        let mut attributes = self.attributes.clone();
        match attributes.iter_mut().find(|a| a.oid == id) {
            Some(attr) => {
                let mut values = attr.values.clone().into_vec();
                values.pop();
                values.push(value);
                attr.values = SetOfVec::try_from(values).map_err(der_error)?;
            }
            None => attributes.push(Attribute { oid: id, values: SetOfVec::try_from(vec![value]).map_err(der_error)? }),
        }
        self.changed().attributes = attributes;
        Ok(())
    }

    /// `gnutls_x509_crq_get_extension_by_oid`'s walk: the value of extension `index` of
    /// this OID, and the criticality GnuTLS leaves in `critical`: the found one's, else the
    /// last extension's (its walk writes it at every step), else none.
    pub fn extension_by_oid(&self, oid: &str, index: usize) -> (Result<&[u8], Error>, Option<bool>) {
        let id: Option<ObjectIdentifier> = oid.parse().ok();
        let found = self.extensions.iter().filter(|e| Some(e.extn_id) == id).nth(index);
        match found {
            Some(e) => (Ok(e.extn_value.as_bytes()), Some(e.critical)),
            None => (Err(Error::REQUESTED_DATA_NOT_AVAILABLE), self.extensions.last().map(|e| e.critical)),
        }
    }

    /// Reads the first extension of an OID with `f`, with the criticality as
    /// `extension_by_oid` reports it.
    fn decoded_extension<T>(&self, oid: &str, f: impl FnOnce(&[u8]) -> Result<T, Error>) -> (Result<T, Error>, Option<bool>) {
        let (value, critical) = self.extension_by_oid(oid, 0);
        (value.and_then(f), critical)
    }

    /// `gnutls_x509_crq_get_subject_alt_name`: the names as GnuTLS reads a request's
    /// (otherNames as they are, not as virtual types).
    pub fn alt_names(&self) -> (Result<Vec<super::ext::GeneralName>, Error>, Option<bool>) {
        self.decoded_extension(build::OID_SAN, super::ext::alt_names_unmapped)
    }

    /// `gnutls_x509_crq_get_key_purpose_oid`: the purposes, in order.
    pub fn key_purposes(&self) -> (Result<Vec<String>, Error>, Option<bool>) {
        self.decoded_extension(build::OID_EKU, super::ext::key_purposes)
    }

    /// `gnutls_x509_crq_get_private_key_usage_period`: (activation, expiration), -1 absent.
    pub fn private_key_usage_period(&self) -> (Result<(i64, i64), Error>, Option<bool>) {
        self.decoded_extension("2.5.29.16", super::ext::private_key_usage_period)
    }

    /// `gnutls_x509_crq_get_key_rsa_raw`: the modulus and exponent without leading zeros
    /// (`_gnutls_mpi_dprint`); a key that is not plain RSA is GNUTLS_E_INVALID_REQUEST.
    pub fn rsa_raw(&self) -> Result<(Vec<u8>, Vec<u8>), Error> {
        let spki = self.spki()?;
        if super::core::spki_pk_algorithm(spki).0 as gnutls_pk_algorithm_t != GNUTLS_PK_RSA {
            return Err(Error::INVALID_REQUEST);
        }
        match super::core::spki_pk_params(spki) {
            Some(super::core::PublicKeyParams::Rsa { m, e }) => {
                let strip = |v: Vec<u8>| -> Vec<u8> {
                    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len().saturating_sub(1));
                    v[start..].to_vec()
                };
                Ok((strip(m), strip(e)))
            }
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    /// `gnutls_x509_crq_get_spki`: the key's algorithm, and an RSA-PSS key's (digest, salt)
    /// when its parameters are given.
    pub fn pss_params(&self) -> Result<(gnutls_pk_algorithm_t, Option<(i32, u32)>), Error> {
        let spki = self.spki()?;
        Ok((super::core::spki_pk_algorithm(spki).0 as gnutls_pk_algorithm_t, super::core::spki_pss_params(spki)))
    }

    /// `gnutls_x509_crq_privkey_sign`: signs with the request's own key (the caller's
    /// business to match), the hash as for certificates.
    pub fn sign(&mut self, key: &PrivateKey, digest: gnutls_digest_algorithm_t) -> Result<(), Error> {
        let info = self.info()?;
        let (scheme, algorithm) = build::signature_algorithm(key, digest)?;
        let info_der = encode(&info)?;
        let signature = key.sign(scheme, &info_der)?;
        let req = CertReq { info, algorithm: algorithm.clone(), signature: BitString::from_bytes(&signature).map_err(der_error)? };
        let der = encode(&req)?;
        self.signed = Some(Signed { info_der, algorithm, signature, der });
        Ok(())
    }

    /// `gnutls_x509_crq_verify`: the self-signature; a wrong one is
    /// GNUTLS_E_PK_SIG_VERIFY_FAILED, an unsigned request GNUTLS_E_ASN1_VALUE_NOT_FOUND.
    pub fn verify(&self) -> Result<(), Error> {
        let signed = self.signed.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?;
        let sign = crate::algorithms::oid_to_sign(&signed.algorithm.oid.to_string());
        let scheme = Scheme::from_gnutls(sign).map_err(|_| Error::new(GNUTLS_E_UNKNOWN_ALGORITHM))?;
        self.public_key()?
            .verify(scheme, &signed.info_der, &signed.signature)
            .map_err(|_| Error::new(GNUTLS_E_PK_SIG_VERIFY_FAILED))
    }

    /// The signature algorithm's OID, dotted.
    pub fn signature_oid(&self) -> Result<String, Error> {
        let signed = self.signed.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?;
        Ok(signed.algorithm.oid.to_string())
    }

    /// `gnutls_x509_crq_get_signature_algorithm`.
    pub fn signature_algorithm(&self) -> Result<u32, Error> {
        let signed = self.signed.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?;
        Ok(crate::algorithms::oid_to_sign(&signed.algorithm.oid.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{Curve, Kind};

    #[test]
    fn a_request_signs_verifies_and_imports_again() {
        let key = PrivateKey::generate(Kind::Ecdsa(Curve::P256), 256).unwrap();
        let mut crq = gnutls_x509_crq_int::default();
        crq.set_dn("CN=req,O=Example").unwrap();
        assert_eq!(crq.der().unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        crq.set_spki(build::spki_of_key(&key).unwrap());
        crq.edit_extensions(&ExtensionEdit::KeyUsage(GNUTLS_KEY_DIGITAL_SIGNATURE as u32)).unwrap();
        crq.set_challenge_password("secret").unwrap();
        assert_eq!(crq.challenge_password().unwrap(), b"secret");
        crq.sign(&key, 0).unwrap();
        crq.verify().unwrap();
        let mut again = gnutls_x509_crq_int::default();
        again.import(&crq.export(true).unwrap(), true).unwrap();
        again.verify().unwrap();
        assert_eq!(again.dn().unwrap(), "O=Example,CN=req");
        assert_eq!(again.key_usage().unwrap(), (GNUTLS_KEY_DIGITAL_SIGNATURE as u32, true));
        assert_eq!(again.der().unwrap(), crq.der().unwrap());
    }

    #[test]
    fn attributes_othernames_and_extensions_read_back_as_gnutls_reads_them() {
        let key = PrivateKey::generate(Kind::Ecdsa(Curve::P256), 256).unwrap();
        let mut crq = gnutls_x509_crq_int::default();
        crq.set_spki(build::spki_of_key(&key).unwrap());
        crq.set_attribute_by_oid("1.2.3.4", &[0x0c, 1, b'a']).unwrap();
        crq.set_attribute_by_oid("1.2.3.4", &[0x0c, 1, b'b']).unwrap();
        assert_eq!(crq.attribute_by_oid("1.2.3.4", 0).unwrap(), [0x0c, 1, b'b']);
        assert_eq!(crq.attribute_by_oid("1.2.3.4", 1).unwrap_err().code(), GNUTLS_E_ASN1_GENERIC_ERROR);
        assert_eq!(crq.attribute_by_oid("1.2.3.5", 0).unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
        let value = build::othername_value(build::FSAN_ENCODE_UTF8_STRING, b"me@xmpp.test").unwrap();
        let edit = ExtensionEdit::OtherName { issuer: false, type_id: "1.3.6.1.5.5.7.8.5", value: &value, append: true };
        crq.edit_extensions(&edit).unwrap();
        crq.sign(&key, 0).unwrap();
        let mut again = gnutls_x509_crq_int::default();
        again.import(&crq.export(false).unwrap(), false).unwrap();
        let (names, critical) = again.alt_names();
        let names = names.unwrap();
        assert_eq!((names[0].kind, critical), (GNUTLS_SAN_OTHERNAME, Some(false)));
        assert_eq!(names[0].data, value);
        assert_eq!(super::super::ext::othername_to_virtual("1.3.6.1.5.5.7.8.5", &names[0].data).unwrap(), (GNUTLS_SAN_OTHERNAME_XMPP, b"me@xmpp.test".to_vec()));
        // The extensionRequest is an attribute too, after 1.2.3.4 in DER order.
        assert_eq!(again.attribute_at(1).unwrap().0, "1.2.840.113549.1.9.14");
        assert_eq!(again.attribute_at(2).unwrap_err().code(), GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
        let (missing, last_critical) = again.extension_by_oid("2.5.29.15", 0);
        assert_eq!((missing.unwrap_err().code(), last_critical), (GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, Some(false)));
    }

    #[test]
    fn cidrs_are_masked_addresses_and_masks() {
        assert_eq!(build::cidr_to_rfc5280("192.168.1.7/24").unwrap(), [192, 168, 1, 0, 255, 255, 255, 0]);
        assert_eq!(build::cidr_to_rfc5280("10.0.0.0/8x").unwrap(), [10, 0, 0, 0, 255, 0, 0, 0]);
        assert_eq!(build::cidr_to_rfc5280("fe80::/10").unwrap()[16..18], [0xff, 0xc0]);
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8", "::/129"] {
            assert_eq!(build::cidr_to_rfc5280(bad).unwrap_err().code(), GNUTLS_E_MALFORMED_CIDR, "{bad}");
        }
    }

    #[test]
    fn a_changed_signature_fails() {
        let key = PrivateKey::generate(Kind::Ed25519, 256).unwrap();
        let mut crq = gnutls_x509_crq_int::default();
        crq.set_spki(build::spki_of_key(&key).unwrap());
        crq.sign(&key, 0).unwrap();
        let mut der = crq.der().unwrap().to_vec();
        let last = der.len() - 1;
        der[last] ^= 1;
        let mut bad = gnutls_x509_crq_int::default();
        bad.import(&der, false).unwrap();
        assert_eq!(bad.verify().unwrap_err().code(), GNUTLS_E_PK_SIG_VERIFY_FAILED);
    }
}
