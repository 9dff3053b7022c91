//! PKCS #12 structures (GnuTLS manual: "PKCS #12 structures"): the objects behind
//! `gnutls_pkcs12_t` and `gnutls_pkcs12_bag_t`, over RustCrypto's `pkcs12` and `cms`
//! structures. Encrypted bags and keys are opened by the keys chapter's password-based
//! decryption (`keys::formats::decrypt_pbe`); the MAC is HMAC under PKCS#12's KDF.

use std::ffi::CString;

use cms::content_info::ContentInfo;
use der::asn1::{AnyRef, ObjectIdentifier, OctetString, OctetStringRef};
use der::{Decode, Encode};
use digest::{core_api::BlockSizeUser, Digest, FixedOutputReset};
use hmac::{Mac, SimpleHmac};
use pkcs12::cert_type::CertBag;
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::{SafeBag, SafeContents};
use zeroize::Zeroizing;

use crate::constants::*;
use crate::errors::Error;
use crate::keys::{formats, PrivateKey};
use crate::x509::core::Certificate;
use crate::x509::dn::der_error;

const GNUTLS_PKCS12_SP_INCLUDE_SELF_SIGNED: u32 = 1;

/// GnuTLS reads at most this many SafeBags of one SafeContents.
const MAX_BAG_ELEMENTS: usize = 32;
const PEM_LABEL: &str = "PKCS12";

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");

/// The object behind `gnutls_pkcs12_t`: the PFX's DER, empty until an import.
#[derive(Default)]
pub struct gnutls_pkcs12_int {
    der: Option<Vec<u8>>,
    /// Built by `gnutls_pkcs12_set_bag` rather than imported: libtasn1 then reports a
    /// missing MAC as a value never written, not as an element left out.
    built: bool,
}

/// One element of a bag.
pub struct BagElement {
    pub kind: gnutls_pkcs12_bag_type_t,
    /// The element's payload as GnuTLS hands it out: a certificate's or CRL's DER, a
    /// (possibly encrypted) PKCS#8 key, a secret, or the EncryptedData of an encrypted bag.
    pub data: Zeroizing<Vec<u8>>,
    pub key_id: Option<Vec<u8>>,
    pub friendly_name: Option<CString>,
}

/// The object behind `gnutls_pkcs12_bag_t`: one SafeContents of the PFX (or, still
/// encrypted, one element of type GNUTLS_BAG_ENCRYPTED).
#[derive(Default)]
pub struct gnutls_pkcs12_bag_int {
    pub elements: Vec<BagElement>,
}

/// What `gnutls_pkcs12_mac_info` reports.
pub struct MacInfo {
    pub oid: String,
    /// The MAC algorithm (gnutls_mac_algorithm_t), or None for a hash GnuTLS does not know.
    pub mac: Option<u32>,
    pub salt: Vec<u8>,
    pub iterations: u32,
}

/// What `gnutls_pkcs12_simple_parse` finds.
pub struct Parsed {
    pub key: PrivateKey,
    /// The key's certificate, then its issuers found in the file.
    pub chain: Vec<Certificate>,
    pub extra_certs: Vec<Certificate>,
    pub crl: Option<Vec<u8>>,
}

impl gnutls_pkcs12_int {
    /// `gnutls_pkcs12_import`: DER, or the first "PKCS12" PEM block.
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        let der = if pem { crate::x509::pem::decode(Some(PEM_LABEL), data)? } else { data.to_vec() };
        self.der = None;
        self.built = false;
        if der.is_empty() {
            // libtasn1 finds no tag in nothing.
            return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
        }
        Pfx::from_der(&der).map_err(der_error)?;
        self.der = Some(der);
        Ok(())
    }

    /// The PFX; before an import libtasn1's "no value" (GNUTLS_E_ASN1_VALUE_NOT_FOUND).
    fn pfx(&self) -> Result<Pfx, Error> {
        Pfx::from_der(self.der.as_deref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?).map_err(der_error)
    }

    /// `gnutls_pkcs12_export`: DER or a "PKCS12" PEM block.
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        let der = self.der.as_deref().ok_or(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND))?;
        if pem {
            crate::x509::pem::encode(Some(PEM_LABEL), der)
        } else {
            Ok(der.to_vec())
        }
    }

    /// The AuthenticatedSafe's DER: what the MAC covers.
    fn auth_safe_der(pfx: &Pfx) -> Result<Vec<u8>, Error> {
        if pfx.auth_safe.content_type != ID_DATA {
            return Err(Error::new(GNUTLS_E_UNKNOWN_PKCS_CONTENT_TYPE));
        }
        let octets: OctetStringRef<'_> = pfx.auth_safe.content.decode_as().map_err(der_error)?;
        Ok(octets.as_bytes().to_vec())
    }

    /// `gnutls_pkcs12_get_bag`: the `index`th ContentInfo of the AuthenticatedSafe; past
    /// the last GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn bag(&self, index: usize) -> Result<gnutls_pkcs12_bag_int, Error> {
        let pfx = self.pfx()?;
        let safe = Self::auth_safe_der(&pfx)?;
        let infos = Vec::<ContentInfo>::from_der(&safe).map_err(der_error)?;
        let info = infos.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        if info.content_type == ID_DATA {
            let octets: OctetStringRef<'_> = info.content.decode_as().map_err(der_error)?;
            return gnutls_pkcs12_bag_int::from_safe_contents(octets.as_bytes());
        }
        let data = info.content.to_der().map_err(der_error)?;
        Ok(gnutls_pkcs12_bag_int {
            elements: vec![BagElement { kind: GNUTLS_BAG_ENCRYPTED, data: Zeroizing::new(data), key_id: None, friendly_name: None }],
        })
    }

    /// All bags, in order.
    fn bags(&self) -> Result<Vec<gnutls_pkcs12_bag_int>, Error> {
        let mut out = Vec::new();
        loop {
            match self.bag(out.len()) {
                Ok(b) => out.push(b),
                Err(e) if e.code() == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }

    /// `gnutls_pkcs12_mac_info`. A PFX without a MAC is GNUTLS_E_INVALID_REQUEST.
    pub fn mac_info(&self) -> Result<MacInfo, Error> {
        let pfx = self.pfx().map_err(|_| Error::INVALID_REQUEST)?;
        let mac = pfx.mac_data.ok_or(Error::INVALID_REQUEST)?;
        let oid = mac.mac.algorithm.oid;
        Ok(MacInfo {
            oid: oid.to_string(),
            mac: MacHash::of(&oid).map(MacHash::gnutls_mac),
            salt: mac.mac_salt.as_bytes().to_vec(),
            iterations: u32::try_from(mac.iterations).unwrap_or(0),
        })
    }

    /// `gnutls_pkcs12_verify_mac`: a wrong password is GNUTLS_E_MAC_VERIFY_FAILED.
    pub fn verify_mac(&self, password: Option<&[u8]>) -> Result<(), Error> {
        let pfx = self.pfx()?;
        let missing = if self.built { GNUTLS_E_ASN1_VALUE_NOT_FOUND } else { GNUTLS_E_ASN1_ELEMENT_NOT_FOUND };
        let mac = pfx.mac_data.as_ref().ok_or(Error::new(missing))?;
        let hash = MacHash::of(&mac.mac.algorithm.oid).ok_or(Error::new(GNUTLS_E_UNKNOWN_HASH_ALGORITHM))?;
        let data = Self::auth_safe_der(&pfx)?;
        let pass = formats::pkcs12_password(password)?;
        let (salt, rounds, expected) = (mac.mac_salt.as_bytes(), mac.iterations.max(1), mac.mac.digest.as_bytes());
        let ok = match hash {
            MacHash::Sha1 => hmac_matches::<sha1::Sha1>(&pass, salt, rounds, &data, expected),
            MacHash::Sha224 => hmac_matches::<sha2::Sha224>(&pass, salt, rounds, &data, expected),
            MacHash::Sha256 => hmac_matches::<sha2::Sha256>(&pass, salt, rounds, &data, expected),
            MacHash::Sha384 => hmac_matches::<sha2::Sha384>(&pass, salt, rounds, &data, expected),
            MacHash::Sha512 => hmac_matches::<sha2::Sha512>(&pass, salt, rounds, &data, expected),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::new(GNUTLS_E_MAC_VERIFY_FAILED))
        }
    }

    /// `gnutls_pkcs12_simple_parse`, as GnuTLS 3.7.9 walks the bags: the first private
    /// key; the certificate with the same public key; the other certificates as extras,
    /// of which the issuers of the chain's last certificate (not self-signed ones unless
    /// GNUTLS_PKCS12_SP_INCLUDE_SELF_SIGNED) move to the chain; the first CRL. Encrypted
    /// bags without a password are GNUTLS_E_DECRYPTION_FAILED. Without `want_chain` (a
    /// NULL chain argument) no certificate is needed and none is sorted.
    pub fn simple_parse(&self, password: Option<&[u8]>, want_chain: bool, flags: u32) -> Result<Parsed, Error> {
        let mut bags = self.bags()?;
        for bag in &mut bags {
            if bag.kind(0) == Ok(GNUTLS_BAG_ENCRYPTED) {
                bag.decrypt(Some(password.ok_or(Error::new(GNUTLS_E_DECRYPTION_FAILED))?))?;
            }
        }
        let mut key = None;
        'search: for bag in &bags {
            for e in &bag.elements {
                match e.kind {
                    GNUTLS_BAG_PKCS8_ENCRYPTED_KEY => {
                        let password = password.ok_or(Error::new(GNUTLS_E_DECRYPTION_FAILED))?;
                        key = Some(PrivateKey::from_pkcs8(&formats::decrypt_pkcs8(&e.data, password)?)?);
                    }
                    GNUTLS_BAG_PKCS8_KEY => key = Some(PrivateKey::from_pkcs8(&e.data)?),
                    _ => continue,
                }
                break 'search;
            }
        }
        let key = key.ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let key_spki = key.public_key()?.spki_der().to_vec();
        let (mut chain, mut extra, mut crl) = (Vec::new(), Vec::new(), None);
        for e in bags.iter().flat_map(|b| &b.elements) {
            match e.kind {
                GNUTLS_BAG_CERTIFICATE => {
                    let cert = Certificate::from_der(&e.data)?;
                    if cert.spki_der() != key_spki {
                        extra.push(cert);
                    } else if chain.is_empty() {
                        chain.push(cert);
                    }
                }
                GNUTLS_BAG_CRL if crl.is_none() => {
                    crate::x509::trust_list::Crl::all_in(&e.data, false)?;
                    crl = Some(e.data.to_vec());
                }
                _ => {}
            }
        }
        if !want_chain {
            return Ok(Parsed { key, chain, extra_certs: extra, crl });
        }
        if chain.len() != 1 {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        // GnuTLS's make_chain: an issuer moves to the chain (the last extra takes its place)
        // and the search starts again.
        let mut i = 0;
        while i < extra.len() {
            let last = chain.last().ok_or(Error::INTERNAL)?;
            let candidate: &Certificate = &extra[i];
            let self_signed = candidate.check_issuer(candidate);
            if last.check_issuer(candidate) && (flags & GNUTLS_PKCS12_SP_INCLUDE_SELF_SIGNED != 0 || !self_signed) {
                chain.push(extra.swap_remove(i));
                i = 0;
            } else {
                i += 1;
            }
        }
        Ok(Parsed { key, chain, extra_certs: extra, crl })
    }
}

/// PKCS#12's MAC: HMAC keyed by the PKCS#12 KDF (RFC 7292 appendix B, ID 3).
fn pkcs12_hmac<D>(pass: &[u8], salt: &[u8], rounds: i32, data: &[u8]) -> Option<SimpleHmac<D>>
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    let key = Zeroizing::new(pkcs12::kdf::derive_key::<D>(pass, salt, pkcs12::kdf::Pkcs12KeyType::Mac, rounds, <D as Digest>::output_size()));
    let mut mac = <SimpleHmac<D> as Mac>::new_from_slice(&key).ok()?;
    mac.update(data);
    Some(mac)
}

fn hmac_matches<D>(pass: &[u8], salt: &[u8], rounds: i32, data: &[u8], expected: &[u8]) -> bool
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    pkcs12_hmac::<D>(pass, salt, rounds, data).is_some_and(|mac| mac.verify_slice(expected).is_ok())
}

fn hmac_of<D>(pass: &[u8], salt: &[u8], rounds: i32, data: &[u8]) -> Result<Vec<u8>, Error>
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    Ok(pkcs12_hmac::<D>(pass, salt, rounds, data).ok_or(Error::INTERNAL)?.finalize().into_bytes().to_vec())
}

/// The hashes GnuTLS 3.7.9 MACs PKCS#12 files with (GOST's are left out).
#[derive(Clone, Copy)]
enum MacHash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl MacHash {
    fn of(oid: &ObjectIdentifier) -> Option<MacHash> {
        use const_oid::db::{rfc5912, rfc5912::ID_SHA_1};
        Some(match *oid {
            ID_SHA_1 => MacHash::Sha1,
            rfc5912::ID_SHA_224 => MacHash::Sha224,
            rfc5912::ID_SHA_256 => MacHash::Sha256,
            rfc5912::ID_SHA_384 => MacHash::Sha384,
            rfc5912::ID_SHA_512 => MacHash::Sha512,
            _ => return None,
        })
    }

    /// `gnutls_pkcs12_generate_mac2`'s algorithms; a MAC without a PKCS#12 OID is
    /// GNUTLS_E_UNIMPLEMENTED_FEATURE, something that is no MAC GNUTLS_E_INVALID_REQUEST.
    fn from_gnutls(mac: u32) -> Result<MacHash, Error> {
        Ok(match mac {
            GNUTLS_MAC_SHA1 => MacHash::Sha1,
            GNUTLS_MAC_SHA224 => MacHash::Sha224,
            GNUTLS_MAC_SHA256 => MacHash::Sha256,
            GNUTLS_MAC_SHA384 => MacHash::Sha384,
            GNUTLS_MAC_SHA512 => MacHash::Sha512,
            GNUTLS_MAC_UNKNOWN | GNUTLS_MAC_NULL => return Err(Error::INVALID_REQUEST),
            m if crate::algorithms::mac_name(m).is_some() => return Err(Error::UNIMPLEMENTED),
            _ => return Err(Error::INVALID_REQUEST),
        })
    }

    fn oid(self) -> ObjectIdentifier {
        use const_oid::db::{rfc5912, rfc5912::ID_SHA_1};
        match self {
            MacHash::Sha1 => ID_SHA_1,
            MacHash::Sha224 => rfc5912::ID_SHA_224,
            MacHash::Sha256 => rfc5912::ID_SHA_256,
            MacHash::Sha384 => rfc5912::ID_SHA_384,
            MacHash::Sha512 => rfc5912::ID_SHA_512,
        }
    }

    fn mac(self, pass: &[u8], salt: &[u8], rounds: i32, data: &[u8]) -> Result<Vec<u8>, Error> {
        match self {
            MacHash::Sha1 => hmac_of::<sha1::Sha1>(pass, salt, rounds, data),
            MacHash::Sha224 => hmac_of::<sha2::Sha224>(pass, salt, rounds, data),
            MacHash::Sha256 => hmac_of::<sha2::Sha256>(pass, salt, rounds, data),
            MacHash::Sha384 => hmac_of::<sha2::Sha384>(pass, salt, rounds, data),
            MacHash::Sha512 => hmac_of::<sha2::Sha512>(pass, salt, rounds, data),
        }
    }

    fn gnutls_mac(self) -> u32 {
        match self {
            MacHash::Sha1 => GNUTLS_MAC_SHA1,
            MacHash::Sha224 => GNUTLS_MAC_SHA224,
            MacHash::Sha256 => GNUTLS_MAC_SHA256,
            MacHash::Sha384 => GNUTLS_MAC_SHA384,
            MacHash::Sha512 => GNUTLS_MAC_SHA512,
        }
    }
}

impl gnutls_pkcs12_bag_int {
    /// A SafeContents' bags (GnuTLS's `_pkcs12_decode_safe_contents`).
    fn from_safe_contents(der: &[u8]) -> Result<gnutls_pkcs12_bag_int, Error> {
        let bags = SafeContents::from_der(der).map_err(der_error)?;
        let elements = bags.iter().take(MAX_BAG_ELEMENTS).map(BagElement::from_safe_bag).collect::<Result<_, _>>()?;
        Ok(gnutls_pkcs12_bag_int { elements })
    }

    fn element(&self, index: usize) -> Result<&BagElement, Error> {
        self.elements.get(index).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// `gnutls_pkcs12_bag_get_type`.
    pub fn kind(&self, index: usize) -> Result<gnutls_pkcs12_bag_type_t, Error> {
        Ok(self.element(index)?.kind)
    }

    /// `gnutls_pkcs12_bag_get_data`.
    pub fn data(&self, index: usize) -> Result<&[u8], Error> {
        Ok(&self.element(index)?.data)
    }

    /// The element for the attribute getters, which answer GNUTLS_E_INVALID_REQUEST past
    /// the end.
    pub fn attributes_of(&self, index: usize) -> Result<&BagElement, Error> {
        self.elements.get(index).ok_or(Error::INVALID_REQUEST)
    }

    /// The EncryptedData of an encrypted bag; other bags are GNUTLS_E_INVALID_REQUEST.
    fn encrypted(&self) -> Result<cms::encrypted_data::EncryptedData, Error> {
        match self.elements.first() {
            Some(e) if e.kind == GNUTLS_BAG_ENCRYPTED => cms::encrypted_data::EncryptedData::from_der(&e.data).map_err(der_error),
            _ => Err(Error::INVALID_REQUEST),
        }
    }

    /// `gnutls_pkcs12_bag_decrypt`: the bag becomes the SafeContents it held.
    pub fn decrypt(&mut self, password: Option<&[u8]>) -> Result<(), Error> {
        let enc = self.encrypted()?.enc_content_info;
        let ciphertext = enc.encrypted_content.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
        let alg_der = enc.content_enc_alg.to_der().map_err(der_error)?;
        let alg = spki::AlgorithmIdentifierRef::from_der(&alg_der).map_err(der_error)?;
        let plain = formats::decrypt_pbe(alg, ciphertext.as_bytes(), password)?;
        *self = Self::from_safe_contents(&plain).map_err(|_| Error::new(GNUTLS_E_DECRYPTION_FAILED))?;
        Ok(())
    }

    /// `gnutls_pkcs12_bag_enc_info`: the encryption scheme's OID (also for a scheme we
    /// do not know), and what it is.
    pub fn encryption_info(&self) -> Result<(String, Result<formats::PbeInfo, Error>), Error> {
        let alg = self.encrypted()?.enc_content_info.content_enc_alg;
        let alg_der = alg.to_der().map_err(der_error)?;
        let alg_ref = spki::AlgorithmIdentifierRef::from_der(&alg_der).map_err(der_error)?;
        Ok((alg.oid.to_string(), formats::pbe_info(alg_ref)))
    }
}

impl BagElement {
    fn from_safe_bag(bag: &SafeBag) -> Result<BagElement, Error> {
        let kind = match bag.bag_id {
            pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => GNUTLS_BAG_PKCS8_ENCRYPTED_KEY,
            pkcs12::PKCS_12_KEY_BAG_OID => GNUTLS_BAG_PKCS8_KEY,
            pkcs12::PKCS_12_CERT_BAG_OID => GNUTLS_BAG_CERTIFICATE,
            pkcs12::PKCS_12_CRL_BAG_OID => GNUTLS_BAG_CRL,
            pkcs12::PKCS_12_SECRET_BAG_OID => GNUTLS_BAG_SECRET,
            _ => GNUTLS_BAG_UNKNOWN,
        };
        // The crate keeps bagValue's [0] EXPLICIT wrapper; the value is inside it.
        let value = AnyRef::from_der(&bag.bag_value).map_err(der_error)?.value().to_vec();
        let data = match kind {
            // CertBag, CRLBag and SecretBag share one shape: an OID and an [0] OCTET STRING.
            GNUTLS_BAG_CERTIFICATE | GNUTLS_BAG_CRL | GNUTLS_BAG_SECRET => CertBag::from_der(&value).map_err(der_error)?.cert_value.into_bytes(),
            _ => value,
        };
        let mut element = BagElement { kind, data: Zeroizing::new(data), key_id: None, friendly_name: None };
        for attr in bag.bag_attributes.iter().flat_map(|a| a.iter()) {
            let Some(value) = attr.values.iter().next() else { continue };
            if attr.oid == LOCAL_KEY_ID {
                if let Ok(id) = value.decode_as::<OctetString>() {
                    element.key_id = Some(id.into_bytes());
                }
            } else if attr.oid == FRIENDLY_NAME && element.friendly_name.is_none() {
                if let Ok(name) = value.decode_as::<der::asn1::BmpString>() {
                    element.friendly_name = CString::new(name.to_string()).ok();
                }
            }
        }
        Ok(element)
    }
}

// ---- Writing (gnutls_pkcs12_bag_set_*, _bag_encrypt, gnutls_pkcs12_set_bag, _generate_mac) ----

const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const X509_CERTIFICATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
const X509_CRL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.23.1");
/// GnuTLS's type for the secrets it puts in a SecretBag.
const RANDOM_NONCE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.25.3");
/// GnuTLS 3.7.9's MAC iteration count (PKCS12_ITER_COUNT) and salt size.
const MAC_ITERATIONS: i32 = 600_000;
const MAC_SALT_LEN: usize = 8;

/// CertBag, CRLBag and GnuTLS's SecretBag: a type and an [0] EXPLICIT OCTET STRING.
#[derive(der::Sequence)]
struct TypedValue<'a> {
    id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    value: OctetStringRef<'a>,
}

fn attribute(oid: ObjectIdentifier, value: der::Any) -> Result<x509_cert::attr::Attribute, Error> {
    let mut values = der::asn1::SetOfVec::new();
    values.insert(value).map_err(der_error)?;
    Ok(x509_cert::attr::Attribute { oid, values })
}

impl BagElement {
    /// The SafeBag GnuTLS writes for the element: None for types it has no OID for.
    fn to_safe_bag(&self) -> Result<Option<SafeBag>, Error> {
        let (bag_id, typed) = match self.kind {
            GNUTLS_BAG_PKCS8_KEY => (pkcs12::PKCS_12_KEY_BAG_OID, None),
            GNUTLS_BAG_PKCS8_ENCRYPTED_KEY => (pkcs12::PKCS_12_PKCS8_KEY_BAG_OID, None),
            GNUTLS_BAG_CERTIFICATE => (pkcs12::PKCS_12_CERT_BAG_OID, Some(X509_CERTIFICATE)),
            GNUTLS_BAG_CRL => (pkcs12::PKCS_12_CRL_BAG_OID, Some(X509_CRL)),
            GNUTLS_BAG_SECRET => (pkcs12::PKCS_12_SECRET_BAG_OID, Some(RANDOM_NONCE)),
            _ => return Ok(None),
        };
        let bag_value = match typed {
            Some(id) => TypedValue { id, value: OctetStringRef::new(&self.data).map_err(der_error)? }.to_der().map_err(der_error)?,
            None => self.data.to_vec(),
        };
        let mut attrs = x509_cert::attr::Attributes::new();
        if let Some(id) = &self.key_id {
            let value = der::Any::encode_from(&OctetStringRef::new(id).map_err(der_error)?).map_err(der_error)?;
            attrs.insert(attribute(LOCAL_KEY_ID, value)?).map_err(der_error)?;
        }
        if let Some(name) = &self.friendly_name {
            // GnuTLS widens each byte of the name to a BMP character.
            let wide: Vec<u8> = name.as_bytes().iter().flat_map(|&b| [0, b]).collect();
            let value = der::Any::new(der::Tag::BmpString, wide).map_err(der_error)?;
            attrs.insert(attribute(FRIENDLY_NAME, value)?).map_err(der_error)?;
        }
        Ok(Some(SafeBag { bag_id, bag_value, bag_attributes: (!attrs.is_empty()).then_some(attrs) }))
    }
}

impl gnutls_pkcs12_bag_int {
    /// `gnutls_pkcs12_bag_set_data`: appends an element and answers its index. A key or an
    /// encrypted bag stays alone in its bag (GNUTLS_E_INVALID_REQUEST); a full bag is
    /// GNUTLS_E_MEMORY_ERROR, as in GnuTLS.
    pub fn add(&mut self, kind: gnutls_pkcs12_bag_type_t, data: &[u8]) -> Result<usize, Error> {
        if self.elements.len() >= MAX_BAG_ELEMENTS - 1 {
            return Err(Error::MEMORY);
        }
        if let [only] = self.elements.as_slice() {
            if matches!(only.kind, GNUTLS_BAG_PKCS8_KEY | GNUTLS_BAG_PKCS8_ENCRYPTED_KEY | GNUTLS_BAG_ENCRYPTED) {
                return Err(Error::INVALID_REQUEST);
            }
        }
        self.elements.push(BagElement { kind, data: Zeroizing::new(data.to_vec()), key_id: None, friendly_name: None });
        Ok(self.elements.len() - 1)
    }

    /// The element the attribute setters change; past the end GNUTLS_E_INVALID_REQUEST.
    // divergence: GnuTLS 3.7.9 accepts index 0 of an empty bag (its bound check wraps
    // around) and keeps the attribute for the element added next; here it is refused.
    pub fn element_mut(&mut self, index: usize) -> Result<&mut BagElement, Error> {
        self.elements.get_mut(index).ok_or(Error::INVALID_REQUEST)
    }

    /// The bag as a SafeContents (DER).
    fn safe_contents_der(&self) -> Result<Vec<u8>, Error> {
        let mut bags = SafeContents::new();
        for e in &self.elements {
            bags.extend(e.to_safe_bag()?);
        }
        bags.to_der().map_err(der_error)
    }

    /// `gnutls_pkcs12_bag_encrypt`: the bag becomes one GNUTLS_BAG_ENCRYPTED element, the
    /// EncryptedData of its SafeContents under the scheme the flags name (PBES2 AES-256 by
    /// default, as GnuTLS 3.7.9). An encrypted bag, or GNUTLS_PKCS_PLAIN, is
    /// GNUTLS_E_INVALID_REQUEST.
    pub fn encrypt(&mut self, password: Option<&[u8]>, flags: u32) -> Result<(), Error> {
        if self.elements.first().is_some_and(|e| e.kind == GNUTLS_BAG_ENCRYPTED) || flags & GNUTLS_PKCS_PLAIN != 0 {
            return Err(Error::INVALID_REQUEST);
        }
        let plain = Zeroizing::new(self.safe_contents_der()?);
        let (algorithm, ciphertext) = formats::encrypt_pbe(&plain, password, formats::Protection::for_bag(flags))?;
        let data = cms::encrypted_data::EncryptedData {
            version: cms::content_info::CmsVersion::V0,
            enc_content_info: cms::enveloped_data::EncryptedContentInfo {
                content_type: ID_DATA,
                content_enc_alg: spki::AlgorithmIdentifierOwned::from_der(&algorithm).map_err(der_error)?,
                encrypted_content: Some(OctetString::new(ciphertext).map_err(der_error)?),
            },
            unprotected_attrs: None,
        }
        .to_der()
        .map_err(der_error)?;
        self.elements = vec![BagElement { kind: GNUTLS_BAG_ENCRYPTED, data: Zeroizing::new(data), key_id: None, friendly_name: None }];
        Ok(())
    }

    /// The bag as a ContentInfo of the AuthenticatedSafe.
    fn content_info(&self) -> Result<ContentInfo, Error> {
        if let Some(e) = self.elements.first().filter(|e| e.kind == GNUTLS_BAG_ENCRYPTED) {
            return Ok(ContentInfo { content_type: ID_ENCRYPTED_DATA, content: der::Any::from_der(&e.data).map_err(der_error)? });
        }
        let octets = OctetString::new(self.safe_contents_der()?).map_err(der_error)?;
        Ok(ContentInfo { content_type: ID_DATA, content: der::Any::encode_from(&octets).map_err(der_error)? })
    }
}

impl gnutls_pkcs12_int {
    /// The PFX to change: the imported or built one, or GnuTLS's empty one (version 3, an
    /// empty AuthenticatedSafe as id-data).
    fn pfx_or_empty(&self) -> Result<Pfx, Error> {
        if self.der.is_some() {
            return self.pfx();
        }
        let empty = OctetString::new(Vec::<ContentInfo>::new().to_der().map_err(der_error)?).map_err(der_error)?;
        let auth_safe = ContentInfo { content_type: ID_DATA, content: der::Any::encode_from(&empty).map_err(der_error)? };
        Ok(Pfx { version: pkcs12::pfx::Version::V3, auth_safe, mac_data: None })
    }

    fn store(&mut self, pfx: &Pfx) -> Result<(), Error> {
        self.der = Some(pfx.to_der().map_err(der_error)?);
        Ok(())
    }

    /// `gnutls_pkcs12_set_bag`: the bag joins the AuthenticatedSafe (a MAC made before now
    /// no longer matches, until `generate_mac`).
    pub fn add_bag(&mut self, bag: &gnutls_pkcs12_bag_int) -> Result<(), Error> {
        let mut pfx = self.pfx_or_empty()?;
        let mut infos = Vec::<ContentInfo>::from_der(&Self::auth_safe_der(&pfx)?).map_err(der_error)?;
        infos.push(bag.content_info()?);
        let octets = OctetString::new(infos.to_der().map_err(der_error)?).map_err(der_error)?;
        pfx.auth_safe.content = der::Any::encode_from(&octets).map_err(der_error)?;
        self.built |= pfx.mac_data.is_none();
        self.store(&pfx)
    }

    /// `gnutls_pkcs12_generate_mac2`: an HMAC over the AuthenticatedSafe with a fresh salt
    /// and GnuTLS's iteration count. Nothing to MAC yet is libtasn1's "no value".
    pub fn generate_mac(&mut self, mac: u32, password: Option<&[u8]>) -> Result<(), Error> {
        let hash = MacHash::from_gnutls(mac)?;
        let mut pfx = self.pfx()?;
        let data = Self::auth_safe_der(&pfx)?;
        let mut salt = [0u8; MAC_SALT_LEN];
        crate::provider::primitives::rand::fill(&mut salt).map_err(|_| Error::INTERNAL)?;
        let pass = formats::pkcs12_password(password)?;
        let digest = hash.mac(&pass, &salt, MAC_ITERATIONS, &data)?;
        pfx.mac_data = Some(pkcs12::mac_data::MacData {
            mac: pkcs12::digest_info::DigestInfo {
                algorithm: spki::AlgorithmIdentifierOwned { oid: hash.oid(), parameters: None },
                digest: OctetString::new(digest).map_err(der_error)?,
            },
            mac_salt: OctetString::new(salt.to_vec()).map_err(der_error)?,
            iterations: MAC_ITERATIONS,
        });
        self.store(&pfx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kdf_passwords_are_bmp_with_a_nul_and_null_is_empty() {
        assert_eq!(*formats::pkcs12_password(Some(b"pw")).unwrap(), [0, b'p', 0, b'w', 0, 0]);
        assert_eq!(*formats::pkcs12_password(Some(b"")).unwrap(), [0, 0]);
        assert!(formats::pkcs12_password(None).unwrap().is_empty());
    }

    #[test]
    fn a_built_file_reads_back_with_its_mac() {
        let mut p12 = gnutls_pkcs12_int::default();
        assert_eq!(p12.generate_mac(GNUTLS_MAC_SHA256, Some(b"pw")).unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        let mut bag = gnutls_pkcs12_bag_int::default();
        assert_eq!(bag.add(GNUTLS_BAG_SECRET, b"one").unwrap(), 0);
        bag.element_mut(0).unwrap().friendly_name = CString::new("name").ok();
        assert!(bag.element_mut(1).is_err());
        bag.encrypt(Some(b"pw"), GNUTLS_PKCS_PKCS12_3DES).unwrap();
        assert_eq!(bag.encrypt(Some(b"pw"), 0).unwrap_err().code(), GNUTLS_E_INVALID_REQUEST);
        p12.add_bag(&bag).unwrap();
        assert_eq!(p12.verify_mac(Some(b"pw")).unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        p12.generate_mac(GNUTLS_MAC_SHA1, Some(b"pw")).unwrap();
        let mut again = gnutls_pkcs12_int::default();
        again.import(&p12.export(false).unwrap(), false).unwrap();
        again.verify_mac(Some(b"pw")).unwrap();
        assert_eq!(again.verify_mac(Some(b"px")).unwrap_err().code(), GNUTLS_E_MAC_VERIFY_FAILED);
        let mut read = again.bag(0).unwrap();
        assert_eq!(read.kind(0).unwrap(), GNUTLS_BAG_ENCRYPTED);
        read.decrypt(Some(b"pw")).unwrap();
        assert_eq!(read.data(0).unwrap(), b"one");
        assert_eq!(read.elements[0].friendly_name.as_deref().and_then(|n| n.to_str().ok()), Some("name"));
    }

    #[test]
    fn garbage_is_an_asn1_error() {
        let mut p = gnutls_pkcs12_int::default();
        assert_eq!(p.import(b"hello", false).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(p.import(b"\x30\x80", false).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        assert_eq!(p.import(b"x", true).unwrap_err().code(), GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR);
        assert_eq!(p.bag(0).err().map(|e| e.code()), Some(GNUTLS_E_ASN1_VALUE_NOT_FOUND));
    }
}
