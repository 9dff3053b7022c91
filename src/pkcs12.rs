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
        let mac = pfx.mac_data.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
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

fn hmac_matches<D>(pass: &[u8], salt: &[u8], rounds: i32, data: &[u8], expected: &[u8]) -> bool
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    let key = Zeroizing::new(pkcs12::kdf::derive_key::<D>(pass, salt, pkcs12::kdf::Pkcs12KeyType::Mac, rounds, <D as Digest>::output_size()));
    let Ok(mut mac) = <SimpleHmac<D> as Mac>::new_from_slice(&key) else { return false };
    mac.update(data);
    mac.verify_slice(expected).is_ok()
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
    fn garbage_is_an_asn1_error() {
        let mut p = gnutls_pkcs12_int::default();
        assert_eq!(p.import(b"hello", false).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(p.import(b"\x30\x80", false).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        assert_eq!(p.import(b"x", true).unwrap_err().code(), GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR);
        assert_eq!(p.bag(0).err().map(|e| e.code()), Some(GNUTLS_E_ASN1_VALUE_NOT_FOUND));
    }
}
