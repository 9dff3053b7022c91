//! OCSP (RFC 6960) requests and responses, the objects behind `gnutls_ocsp_req_t` and
//! `gnutls_ocsp_resp_t`, on RustCrypto's `x509-ocsp`; and the stapled response a client
//! received. Getters answer what GnuTLS 3.7.9's lib/x509/ocsp.c answers, error codes included;
//! `print` (in `print`) lays the text out as lib/x509/ocsp_output.c does.

pub mod print;

use std::cell::Ref;

use der::asn1::{Null, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extension;
use x509_cert::serial_number::SerialNumber;
use x509_ocsp::{BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, ResponderId, SingleResponse};

use crate::constants::*;
use crate::errors::Error;
use crate::session::Session;
use crate::x509::core::{digest, Certificate};
use crate::x509::trust_list::{TrustList, VerifyData};

/// `GNUTLS_OCSP_NONCE`.
pub(crate) const NONCE_OID: &str = "1.3.6.1.5.5.7.48.1.2";
/// id-pkix-ocsp-basic, the only response type GnuTLS reads.
pub(crate) const BASIC_OID: &str = "1.3.6.1.5.5.7.48.1.1";
/// id-kp-OCSPSigning (`GNUTLS_KP_OCSP_SIGNING`).
pub(crate) const KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
/// `GNUTLS_OCSP_RESP_ID_KEY` / `GNUTLS_OCSP_RESP_ID_DN` (macros of ocsp.h).
pub(crate) const RESP_ID_KEY: u32 = 1;
pub(crate) const RESP_ID_DN: u32 = 2;
/// GnuTLS's limit for a response without nextUpdate (`MAX_OCSP_VALIDITY_SECS`, 15 days).
pub(crate) const MAX_OCSP_VALIDITY_SECS: i64 = 15 * 24 * 60 * 60;

fn der_err(e: der::Error) -> Error {
    Error::from_der(e)
}

/// A strict DER decode with libtasn1's codes (nothing at all is a tag error there).
fn decode<'a, T: Decode<'a>>(der: &'a [u8]) -> Result<T, Error> {
    if der.is_empty() {
        return Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR));
    }
    T::from_der(der).map_err(der_err)
}

fn time_of(t: &x509_ocsp::OcspGeneralizedTime) -> i64 {
    i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// One certificate identifier, as the `get_cert_id`/`get_single` functions hand it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertIdFields {
    /// `gnutls_oid_to_digest`: GNUTLS_DIG_UNKNOWN for an algorithm GnuTLS does not name.
    pub digest: gnutls_digest_algorithm_t,
    pub issuer_name_hash: Vec<u8>,
    pub issuer_key_hash: Vec<u8>,
    pub serial: Vec<u8>,
}

impl CertIdFields {
    fn of(id: &CertId) -> CertIdFields {
        CertIdFields {
            digest: crate::algorithms::oid_to_digest(&id.hash_algorithm.oid.to_string()),
            issuer_name_hash: id.issuer_name_hash.as_bytes().to_vec(),
            issuer_key_hash: id.issuer_key_hash.as_bytes().to_vec(),
            serial: id.serial_number.as_bytes().to_vec(),
        }
    }
}

/// One extension as `get_extension` hands it out: OID text, critical flag, extnValue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionFields {
    pub oid: String,
    pub critical: bool,
    pub value: Vec<u8>,
}

fn extension_at(exts: Option<&Vec<Extension>>, indx: usize) -> Result<ExtensionFields, Error> {
    let e = exts.and_then(|e| e.get(indx)).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    Ok(ExtensionFields { oid: e.extn_id.to_string(), critical: e.critical, value: e.extn_value.as_bytes().to_vec() })
}

/// `_gnutls_get_extension` of the nonce, then its OCTET STRING's contents.
fn nonce_in(exts: Option<&Vec<Extension>>) -> Result<(Vec<u8>, bool), Error> {
    let e = exts
        .and_then(|e| e.iter().find(|e| e.extn_id.to_string() == NONCE_OID))
        .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    let nonce = OctetString::from_der(e.extn_value.as_bytes()).map_err(der_err)?;
    Ok((nonce.as_bytes().to_vec(), e.critical))
}

/// The object behind `gnutls_ocsp_req_t`: the request as it stands.
pub struct gnutls_ocsp_req_int {
    req: OcspRequest,
    /// GnuTLS's export of a request without extensions deletes the (empty) extensions
    /// element, after which no extension can be set until the next import.
    extensions_pruned: std::cell::Cell<bool>,
}

impl Default for gnutls_ocsp_req_int {
    fn default() -> Self {
        gnutls_ocsp_req_int {
            req: OcspRequest {
                tbs_request: x509_ocsp::TbsRequest {
                    version: x509_ocsp::Version::V1,
                    requestor_name: None,
                    request_list: Vec::new(),
                    request_extensions: None,
                },
                optional_signature: None,
            },
            extensions_pruned: Default::default(),
        }
    }
}

impl gnutls_ocsp_req_int {
    /// `gnutls_ocsp_req_import` (DER only); a failed import leaves an empty request.
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        *self = Self::default();
        self.req = decode(der)?;
        Ok(())
    }

    /// `gnutls_ocsp_req_export`: without requestorName and signature, which GnuTLS drops.
    pub fn export(&self) -> Result<Vec<u8>, Error> {
        let mut req = self.req.clone();
        req.tbs_request.requestor_name = None;
        req.optional_signature = None;
        if req.tbs_request.request_extensions.as_ref().is_none_or(Vec::is_empty) {
            req.tbs_request.request_extensions = None;
            self.extensions_pruned.set(true);
        }
        req.to_der().map_err(der_err)
    }

    /// `gnutls_ocsp_req_get_version`: only version 1 decodes.
    pub fn version(&self) -> i32 {
        self.req.tbs_request.version as i32 + 1
    }

    pub fn cert_id(&self, indx: usize) -> Result<CertIdFields, Error> {
        let r = self.req.tbs_request.request_list.get(indx).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        Ok(CertIdFields::of(&r.req_cert))
    }

    /// `gnutls_ocsp_req_add_cert_id`: the hash algorithm with NULL parameters, as GnuTLS
    /// writes it.
    // divergence: a serial number longer than RFC 5280's 20 octets is refused
    // (x509-cert's SerialNumber), which GnuTLS writes as given.
    pub fn add_cert_id(&mut self, digest: gnutls_digest_algorithm_t, name_hash: &[u8], key_hash: &[u8], serial: &[u8]) -> Result<(), Error> {
        let oid = crate::algorithms::digest_oid(digest).ok_or(Error::INVALID_REQUEST)?;
        let oid = ObjectIdentifier::new(oid.to_str().map_err(|_| Error::INTERNAL)?).map_err(|_| Error::INTERNAL)?;
        let params = der::Any::encode_from(&Null).map_err(der_err)?;
        let req_cert = CertId {
            hash_algorithm: AlgorithmIdentifierOwned { oid, parameters: Some(params) },
            issuer_name_hash: OctetString::new(name_hash).map_err(der_err)?,
            issuer_key_hash: OctetString::new(key_hash).map_err(der_err)?,
            serial_number: SerialNumber::new(serial).map_err(der_err)?,
        };
        self.req.tbs_request.request_list.push(x509_ocsp::Request { req_cert, single_request_extensions: None });
        Ok(())
    }

    /// `gnutls_ocsp_req_add_cert`: the identifier of `cert`, issued by `issuer`.
    pub fn add_cert(&mut self, digest: gnutls_digest_algorithm_t, issuer: &Certificate, cert: &Certificate) -> Result<(), Error> {
        let (name_hash, key_hash) = issuer_hashes(digest, cert, issuer)?;
        self.add_cert_id(digest, &name_hash, &key_hash, &cert.serial())
    }

    pub fn extension(&self, indx: usize) -> Result<ExtensionFields, Error> {
        extension_at(self.req.tbs_request.request_extensions.as_ref(), indx)
    }

    /// `gnutls_ocsp_req_set_extension` (`_gnutls_set_extension`): replaces the extension
    /// with that OID, else adds it.
    pub fn set_extension(&mut self, oid: &str, critical: bool, value: &[u8]) -> Result<(), Error> {
        if self.extensions_pruned.get() {
            return Err(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND));
        }
        let extn_id = ObjectIdentifier::new(oid).map_err(|_| Error::new(GNUTLS_E_ASN1_VALUE_NOT_VALID))?;
        let ext = Extension { extn_id, critical, extn_value: OctetString::new(value).map_err(der_err)? };
        let exts = self.req.tbs_request.request_extensions.get_or_insert_with(Vec::new);
        match exts.iter_mut().find(|e| e.extn_id == extn_id) {
            Some(e) => *e = ext,
            None => exts.push(ext),
        }
        Ok(())
    }

    /// The nonce and whether its extension is critical.
    pub fn nonce(&self) -> Result<(Vec<u8>, bool), Error> {
        nonce_in(self.req.tbs_request.request_extensions.as_ref())
    }

    pub fn set_nonce(&mut self, critical: bool, nonce: &[u8]) -> Result<(), Error> {
        let value = OctetString::new(nonce).and_then(|o| o.to_der()).map_err(der_err)?;
        self.set_extension(NONCE_OID, critical, &value)
    }

    /// `gnutls_ocsp_req_randomize_nonce`: 23 random bytes, as GnuTLS uses.
    pub fn randomize_nonce(&mut self) -> Result<(), Error> {
        let mut nonce = [0u8; 23];
        crate::global::random(&mut nonce)?;
        self.set_nonce(false, &nonce)
    }
}

/// The CertID hashes of `cert` under `issuer`: of the issuer name as `cert` writes it, and
/// of the issuer's public key bits.
fn issuer_hashes(alg: gnutls_digest_algorithm_t, cert: &Certificate, issuer: &Certificate) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let alg = alg as i32;
    let name_hash = digest(alg, &cert.issuer_raw()).map_err(|_| Error::INVALID_REQUEST)?;
    let key_hash = digest(alg, &public_key_bits(issuer)?).map_err(|_| Error::INVALID_REQUEST)?;
    Ok((name_hash, key_hash))
}

/// The subjectPublicKey BIT STRING's bytes (after the unused-bits count).
fn public_key_bits(cert: &Certificate) -> Result<Vec<u8>, Error> {
    let der = cert.spki_der();
    let spki = spki::SubjectPublicKeyInfoRef::from_der(&der).map_err(der_err)?;
    Ok(spki.subject_public_key.raw_bytes().to_vec())
}

/// A basic response as decoded, with the DER of its parts that signatures cover.
struct Basic {
    resp: BasicOcspResponse,
    tbs_der: Vec<u8>,
}

/// What an import left: the response, its DER, and the basic response inside it.
struct Imported {
    der: Vec<u8>,
    resp: OcspResponse,
    basic: Option<Basic>,
}

/// The object behind `gnutls_ocsp_resp_t`: empty until a response is imported.
#[derive(Default)]
pub struct gnutls_ocsp_resp_int {
    imported: Option<Imported>,
    /// The last import failed: GnuTLS has deleted its structures, whose fields are then
    /// "element not found" rather than an empty structure's "value not found".
    failed: bool,
}

/// One SingleResponse as `gnutls_ocsp_resp_get_single` hands it out (times as `time_t`,
/// -1 where absent; the reason GNUTLS_X509_CRLREASON_UNSPECIFIED where absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Single {
    pub id: CertIdFields,
    pub status: gnutls_ocsp_cert_status_t,
    pub this_update: i64,
    pub next_update: i64,
    pub revocation_time: i64,
    pub revocation_reason: u32,
}

impl Single {
    fn of(s: &SingleResponse) -> Single {
        let (status, revocation_time, revocation_reason) = match &s.cert_status {
            CertStatus::Good(_) => (GNUTLS_OCSP_CERT_GOOD, -1, GNUTLS_X509_CRLREASON_UNSPECIFIED),
            CertStatus::Revoked(r) => (
                GNUTLS_OCSP_CERT_REVOKED,
                time_of(&r.revocation_time),
                r.revocation_reason.map_or(GNUTLS_X509_CRLREASON_UNSPECIFIED, |r| r as u32),
            ),
            CertStatus::Unknown(_) => (GNUTLS_OCSP_CERT_UNKNOWN, -1, GNUTLS_X509_CRLREASON_UNSPECIFIED),
        };
        Single {
            id: CertIdFields::of(&s.cert_id),
            status,
            this_update: time_of(&s.this_update),
            next_update: s.next_update.as_ref().map_or(-1, time_of),
            revocation_time,
            revocation_reason,
        }
    }
}

impl gnutls_ocsp_resp_int {
    /// `gnutls_ocsp_resp_import2`. A response whose status is not "successful" imports
    /// without a body; a body of another type than basic is kept undecoded, as GnuTLS
    /// keeps it. A failed import leaves the object empty.
    // divergence: a responseStatus RFC 6960 does not define, or a basic response of a
    // version other than v1, does not import (x509-ocsp's enumerations); GnuTLS imports it
    // and then answers GNUTLS_E_UNEXPECTED_PACKET from get_status, or reads the fields.
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        self.imported = None;
        self.failed = true;
        let der = if pem { crate::x509::pem::decode(Some("OCSP RESPONSE"), data)? } else { data.to_vec() };
        let resp: OcspResponse = decode(&der)?;
        let mut basic = None;
        if resp.response_status == x509_ocsp::OcspResponseStatus::Successful {
            // GnuTLS reads responseBytes.responseType: libtasn1's "element not found".
            let bytes = resp.response_bytes.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
            if bytes.response_type.to_string() == BASIC_OID {
                let b: BasicOcspResponse = decode(bytes.response.as_bytes())?;
                let tbs_der = b.tbs_response_data.to_der().map_err(der_err)?;
                basic = Some(Basic { resp: b, tbs_der });
            }
        }
        self.imported = Some(Imported { der, resp, basic });
        self.failed = false;
        Ok(())
    }

    /// libtasn1's answer for a field of a structure that is empty (a new object, or the basic
    /// response of an error response) or deleted (after a failed import).
    fn absent(&self) -> Error {
        Error::new(if self.failed { GNUTLS_E_ASN1_ELEMENT_NOT_FOUND } else { GNUTLS_E_ASN1_VALUE_NOT_FOUND })
    }

    fn imported(&self) -> Result<&Imported, Error> {
        self.imported.as_ref().ok_or(self.absent())
    }

    fn basic(&self) -> Result<&Basic, Error> {
        self.imported.as_ref().and_then(|i| i.basic.as_ref()).ok_or(self.absent())
    }

    /// `gnutls_ocsp_resp_export2` (DER, or an "OCSP RESPONSE" PEM block).
    pub fn export(&self, pem: bool) -> Result<Vec<u8>, Error> {
        let der = &self.imported()?.der;
        if pem {
            crate::x509::pem::encode(Some("OCSP RESPONSE"), der)
        } else {
            Ok(der.clone())
        }
    }

    /// `gnutls_ocsp_resp_get_status`: GNUTLS_OCSP_RESP_*.
    pub fn status(&self) -> Result<gnutls_ocsp_resp_status_t, Error> {
        Ok(self.imported()?.resp.response_status as gnutls_ocsp_resp_status_t)
    }

    /// `gnutls_ocsp_resp_get_response`: the response type OID and the response's bytes.
    pub fn response(&self) -> Result<(String, Vec<u8>), Error> {
        let bytes = self.imported()?.resp.response_bytes.as_ref().ok_or(Error::new(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND))?;
        Ok((bytes.response_type.to_string(), bytes.response.as_bytes().to_vec()))
    }

    /// `gnutls_ocsp_resp_get_version`: GnuTLS reads the version where the outer response
    /// has none, so it always answers 1.
    pub fn version(&self) -> i32 {
        1
    }

    fn responder_id(&self) -> Result<&ResponderId, Error> {
        self.basic().map(|b| &b.resp.tbs_response_data.responder_id).map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// `gnutls_ocsp_resp_get_responder2`: the responder's name as text (DN flags as
    /// `gnutls_x509_crt_get_dn3`); a responder named by key has none.
    pub fn responder_dn(&self, flags: u32) -> Result<String, Error> {
        match self.responder_id()? {
            ResponderId::ByName(name) => {
                let der = name.to_der().map_err(der_err)?;
                crate::x509::dn::Dn::from_der(&der)?.to_text(flags)
            }
            ResponderId::ByKey(_) => Err(Error::REQUESTED_DATA_NOT_AVAILABLE),
        }
    }

    /// `gnutls_ocsp_resp_get_responder_raw_id`: the key hash, or the name's DER.
    pub fn responder_raw_id(&self, kind: u32) -> Result<Vec<u8>, Error> {
        if kind != RESP_ID_KEY && !self.failed && self.basic().is_err() {
            // GnuTLS reads the name's DER from an empty structure, which has none.
            return Err(Error::new(GNUTLS_E_ASN1_GENERIC_ERROR));
        }
        match (self.responder_id()?, kind) {
            (ResponderId::ByKey(k), RESP_ID_KEY) => Ok(k.as_bytes().to_vec()),
            (ResponderId::ByName(n), k) if k != RESP_ID_KEY => n.to_der().map_err(der_err),
            _ => Err(Error::REQUESTED_DATA_NOT_AVAILABLE),
        }
    }

    /// `gnutls_ocsp_resp_get_produced`.
    pub fn produced(&self) -> Result<i64, Error> {
        Ok(time_of(&self.basic()?.resp.tbs_response_data.produced_at))
    }

    /// SingleResponse `indx`; `None` past the last (or without a basic response).
    pub fn single(&self, indx: usize) -> Option<Single> {
        self.basic().ok()?.resp.tbs_response_data.responses.get(indx).map(Single::of)
    }

    pub fn extension(&self, indx: usize) -> Result<ExtensionFields, Error> {
        let exts = self.basic().ok().and_then(|b| b.resp.tbs_response_data.response_extensions.as_ref());
        extension_at(exts, indx)
    }

    pub fn nonce(&self) -> Result<(Vec<u8>, bool), Error> {
        let exts = self.basic().ok().and_then(|b| b.resp.tbs_response_data.response_extensions.as_ref());
        nonce_in(exts)
    }

    /// `gnutls_ocsp_resp_get_signature_algorithm`: GNUTLS_SIGN_UNKNOWN for one GnuTLS
    /// does not name.
    pub fn signature_algorithm(&self) -> Result<gnutls_sign_algorithm_t, Error> {
        Ok(crate::x509::core::sign_algorithm_of(&self.basic()?.resp.signature_algorithm))
    }

    pub fn signature(&self) -> Result<Vec<u8>, Error> {
        Ok(self.basic()?.resp.signature.raw_bytes().to_vec())
    }

    /// `gnutls_ocsp_resp_get_certs`: the certificates the response carries (none without a
    /// basic response, as GnuTLS finds none).
    pub fn certs(&self) -> Result<Vec<Certificate>, Error> {
        let Ok(basic) = self.basic() else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for c in basic.resp.certs.iter().flatten() {
            let der = c.to_der().map_err(der_err)?;
            out.push(Certificate::from_der(&der)?);
        }
        Ok(out)
    }

    /// `gnutls_ocsp_resp_check_crt`: whether SingleResponse `indx` is about `crt` (serial
    /// number and issuer name hash; GnuTLS compares no key hash).
    pub fn check_crt(&self, indx: usize, crt: &Certificate) -> Result<(), Error> {
        let single = self.single(indx).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        let id = &single.id;
        let mismatch = Error::new(GNUTLS_E_OCSP_RESPONSE_ERROR);
        if id.serial.is_empty() || id.digest == GNUTLS_DIG_UNKNOWN {
            return Err(mismatch);
        }
        let name_hash = digest(id.digest as i32, &crt.issuer_raw()).map_err(Error::new)?;
        if name_hash.len() != id.issuer_name_hash.len() {
            return Err(mismatch);
        }
        // GnuTLS reads the certificate's serial number into a buffer of the response's size.
        if crt.serial().len() > id.serial.len() {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        if crt.serial() != id.serial || name_hash != id.issuer_name_hash {
            return Err(mismatch);
        }
        Ok(())
    }

    /// GnuTLS's `find_signercert`: the certificate of the response that the responder ID
    /// names (by subject, or by key: its subject key identifier or the SHA-1 of its key).
    fn signer_in_response(&self) -> Option<Certificate> {
        let dn = self.responder_raw_id(RESP_ID_DN);
        let key = match &dn {
            Err(e) if *e == Error::REQUESTED_DATA_NOT_AVAILABLE => Some(self.responder_raw_id(RESP_ID_KEY).ok()?),
            Err(_) => return None,
            Ok(_) => None,
        };
        let certs = self.certs().ok()?;
        certs.into_iter().find(|c| match (&key, &dn) {
            (Some(key), _) => {
                c.subject_key_id().is_some_and(|id| &id == key)
                    || (key.len() == 20
                        && public_key_bits(c).ok().and_then(|b| digest(GNUTLS_DIG_SHA1 as i32, &b).ok()).is_some_and(|h| &h == key))
            }
            (None, Ok(dn)) => &c.subject_raw() == dn,
            (None, Err(_)) => false,
        })
    }

    /// The signature check of `_ocsp_resp_verify_direct` (`gnutls_pubkey_verify_data2`
    /// with the signer's key): 0, or GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE; a key or
    /// algorithm that cannot check it fails the call.
    fn signature_status(&self, signer: &Certificate) -> Result<u32, Error> {
        let scheme = crate::keys::Scheme::from_gnutls(self.signature_algorithm()?)?;
        let basic = self.basic()?;
        let key = crate::keys::PublicKey::from_spki(&signer.spki_der())?;
        match key.verify(scheme, &basic.tbs_der, basic.resp.signature.raw_bytes()) {
            Ok(()) => Ok(0),
            Err(e) if e.code() == GNUTLS_E_PK_SIG_VERIFY_FAILED => Ok(GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE),
            Err(e) => Err(e),
        }
    }

    /// `gnutls_ocsp_resp_verify_direct`: the response signed by `issuer`, or by a
    /// certificate it carries that `issuer` issued for OCSP signing.
    pub fn verify_direct(&self, issuer: &Certificate, flags: u32) -> Result<u32, Error> {
        let Some(signer) = self.signer_in_response().filter(|s| s.der() != issuer.der()) else {
            return self.signature_status(issuer);
        };
        let status = crate::x509::verify_list(&[&signer], &[issuer], flags)?;
        if status != 0 {
            return Ok(ocsp_status_of(status));
        }
        if !ocsp_signing_listed(&signer) {
            return Ok(GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR);
        }
        self.signature_status(&signer)
    }

    /// `gnutls_ocsp_resp_verify`: the response signed by a certificate of the trust list,
    /// or by one it carries that the list trusts for OCSP signing.
    pub fn verify(&self, list: &mut TrustList, flags: u32, now: i64) -> Result<u32, Error> {
        let signer = match self.signer_in_response() {
            Some(signer) => {
                if !list.is_trusted(&signer) {
                    let data = VerifyData { purpose: Some(KP_OCSP_SIGNING.to_owned()), ..VerifyData::default() };
                    let status = list.verify(std::slice::from_ref(&signer), &data, flags, now)?;
                    if status != 0 {
                        return Ok(ocsp_status_of(status));
                    }
                    if !ocsp_signing_listed(&signer) {
                        return Ok(GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR);
                    }
                }
                signer
            }
            None => {
                let Ok(dn) = self.responder_raw_id(RESP_ID_DN) else {
                    return Ok(GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND);
                };
                match list.issuer_by(Some(&dn), None) {
                    Some(ca) => ca.clone(),
                    None => return Ok(GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND),
                }
            }
        };
        self.signature_status(&signer)
    }

    /// `_gnutls_ocsp_get_validity`: until when a stapled response may be used; -1 for a
    /// revoked (or unreadable, or superseded) one, -2 for one too old without nextUpdate.
    pub fn validity(&self, now: i64) -> i64 {
        let Some(single) = self.single(0) else { return -1 };
        if single.status != GNUTLS_OCSP_CERT_GOOD && single.status != GNUTLS_OCSP_CERT_UNKNOWN {
            return -1;
        }
        if single.next_update == -1 {
            if now - single.this_update > MAX_OCSP_VALIDITY_SECS {
                return -2;
            }
            return now + MAX_OCSP_VALIDITY_SECS;
        }
        if single.next_update < now {
            return -1;
        }
        single.next_update
    }
}

/// `_gnutls_ocsp_verify_mandatory_stapling`: a certificate that demands a stapled response
/// (TLS feature status_request) and got none (a client always asks for one here).
fn missing_required_staple(cert: &Certificate) -> u32 {
    let required = cert
        .extension_by_oid(crate::x509::ext::OID_TLS_FEATURES, 0)
        .ok()
        .and_then(|(value, _)| {
            let mut features = crate::x509::ext::TlsFeatures::default();
            features.import(&value, false).ok().map(|()| features)
        })
        .is_some_and(|features| features.features().contains(&5));
    if required {
        GNUTLS_CERT_INVALID | GNUTLS_CERT_MISSING_OCSP_STATUS
    } else {
        0
    }
}

/// The OCSP step of GnuTLS's peer verification (`check_ocsp_response`): the status bits the
/// stapled response of `chain[0]` adds (rustls carries no response for the other
/// certificates, which then only must not demand one), and whether the response checked
/// out (`gnutls_ocsp_status_request_is_checked`). `list` holds the credentials' CAs.
/// `trust` builds the list the response is verified against; it is called only when a
/// response was stapled (most handshakes have none, and the list costs a parse of every anchor).
pub fn stapled_status(chain: &[Certificate], stapled: Option<&[u8]>, trust: impl FnOnce() -> TrustList, flags: u32, now: i64) -> (u32, bool) {
    let mut status = 0;
    let mut checked = false;
    let mut trust = Some(trust);
    for (i, cert) in chain.iter().enumerate() {
        match stapled.filter(|r| i == 0 && !r.is_empty()).zip(trust.take()) {
            None => status |= missing_required_staple(cert),
            Some((der, trust)) => {
                let (bits, ok) = check_response(der, cert, &chain[1..], &mut trust(), flags, now);
                status |= bits;
                checked |= ok;
            }
        }
    }
    (status, checked)
}

fn check_response(der: &[u8], cert: &Certificate, issuers: &[Certificate], list: &mut TrustList, flags: u32, now: i64) -> (u32, bool) {
    let invalid = (GNUTLS_CERT_INVALID | GNUTLS_CERT_INVALID_OCSP_STATUS, false);
    let mut resp = gnutls_ocsp_resp_int::default();
    if resp.import(der, false).is_err() {
        return invalid;
    }
    if resp.status() != Ok(GNUTLS_OCSP_RESP_SUCCESSFUL) {
        let bits = missing_required_staple(cert);
        return (bits, bits == 0);
    }
    if resp.check_crt(0, cert).is_err() {
        return invalid;
    }
    // The trust list first, then each certificate the server sent above this one.
    let mut verdict = resp.verify(list, flags, now);
    for issuer in issuers {
        if matches!(verdict, Ok(0)) {
            break;
        }
        let direct = resp.verify_direct(issuer, flags);
        // GnuTLS keeps the first issuer's answer unless a later one verifies.
        if std::ptr::eq(issuer, &issuers[0]) || matches!(direct, Ok(0)) {
            verdict = direct;
        }
    }
    if verdict != Ok(0) {
        return invalid;
    }
    let Some(single) = resp.single(0) else { return invalid };
    if single.status == GNUTLS_OCSP_CERT_REVOKED {
        return (GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED, false);
    }
    let superseded = if single.next_update == -1 { now - single.this_update > MAX_OCSP_VALIDITY_SECS } else { single.next_update < now };
    if superseded {
        return (GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, false);
    }
    (0, true)
}

/// `vstatus_to_ocsp_status`: one OCSP reason for a signer certificate's status bits.
fn ocsp_status_of(status: u32) -> u32 {
    if status & GNUTLS_CERT_INSECURE_ALGORITHM != 0 {
        GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM
    } else if status & GNUTLS_CERT_NOT_ACTIVATED != 0 {
        GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED
    } else if status & GNUTLS_CERT_EXPIRED != 0 {
        GNUTLS_OCSP_VERIFY_CERT_EXPIRED
    } else {
        GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER
    }
}

/// `check_ocsp_purpose`: a delegated signer must list id-kp-OCSPSigning (no extended key
/// usage at all does not do).
fn ocsp_signing_listed(cert: &Certificate) -> bool {
    (0..).map_while(|i| cert.key_purpose_oid(i).ok()).any(|(oid, _)| oid == KP_OCSP_SIGNING)
}

/// The responses of `gnutls_ocsp_resp_list_import2`: every "-----BEGIN OCSP RESPONSE" block
/// of PEM data (none is GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE), or the one DER response.
pub fn list_import(data: &[u8], pem: bool) -> Result<Vec<gnutls_ocsp_resp_int>, Error> {
    let mut out = Vec::new();
    if !pem {
        let mut r = gnutls_ocsp_resp_int::default();
        r.import(data, false)?;
        out.push(r);
        return Ok(out);
    }
    const BEGIN: &[u8] = b"-----BEGIN OCSP RESPONSE";
    let mut at = crate::x509::pem::find(data, BEGIN).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
    loop {
        let mut r = gnutls_ocsp_resp_int::default();
        r.import(&data[at..], true)?;
        out.push(r);
        match crate::x509::pem::find(&data[at + 1..], BEGIN) {
            Some(next) => at += 1 + next,
            None => return Ok(out),
        }
    }
}

impl Session {
    /// The stapled response the server sent, if any (`gnutls_ocsp_status_request_get`).
    pub fn stapled_ocsp_response(&self) -> Result<Ref<'_, [u8]>, Error> {
        if !self.established() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        Ref::filter_map(self.stapled_ocsp.borrow(), |r| r.as_deref().filter(|r| !r.is_empty()))
            .map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// For a server paused after the ClientHello: the chains whose status the program's OCSP
    /// functions are asked for (those that may be picked), if the client asked for one.
    // divergence: GnuTLS asks only for the chain it picked; the pick here needs the
    // client's signature schemes, which come later, so every candidate's function is asked.
    pub fn ocsp_function_indexes(&self) -> Vec<usize> {
        let hello = self.hello_observer.client_hello.as_ref();
        let asked = hello.is_some_and(|h| h.extensions.contains(&crate::session::EXT_STATUS_REQUEST));
        match (self.role, self.certificate.as_deref()) {
            (crate::session::Role::Server, Some(creds)) if asked => creds.candidate_key_indexes(hello.and_then(|h| h.server_name.as_deref())),
            _ => Vec::new(),
        }
    }

    /// What the program's OCSP function answered for chain `index` (None: the function for
    /// every chain), or None for no status.
    pub fn set_ocsp_answer(&mut self, index: Option<usize>, answer: Option<Vec<u8>>) {
        self.server.ocsp_answers.push((index, answer));
    }

    /// `gnutls_ocsp_status_request_is_checked`: whether a verification found the stapled
    /// response good, or (`available`) whether the server stapled one.
    pub fn ocsp_status_checked(&self, available: bool) -> bool {
        if available {
            return self.stapled_ocsp_response().is_ok();
        }
        self.verify_status.ocsp_checked.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_with_its_nonce() {
        let mut req = gnutls_ocsp_req_int::default();
        req.add_cert_id(GNUTLS_DIG_SHA1, &[1; 20], &[2; 20], &[0x10, 0x00]).unwrap();
        assert_eq!(req.add_cert_id(200, &[1; 20], &[2; 20], &[1]).unwrap_err(), Error::INVALID_REQUEST);
        req.set_nonce(false, b"nonce").unwrap();
        req.set_nonce(true, b"second").unwrap();
        let der = req.export().unwrap();
        let mut back = gnutls_ocsp_req_int::default();
        back.import(&der).unwrap();
        assert_eq!(back.nonce().unwrap(), (b"second".to_vec(), true));
        assert_eq!(back.extension(1).unwrap_err(), Error::REQUESTED_DATA_NOT_AVAILABLE);
        let id = back.cert_id(0).unwrap();
        assert_eq!((id.digest, id.serial), (GNUTLS_DIG_SHA1, vec![0x10, 0x00]));
        assert_eq!(back.cert_id(1).unwrap_err(), Error::REQUESTED_DATA_NOT_AVAILABLE);
        let text = String::from_utf8(print::print_request(&back, GNUTLS_OCSP_PRINT_FULL).unwrap()).unwrap();
        assert!(text.contains("\t\t\tSerial Number: 1000\n\tExtensions:\n\t\tNonce (critical): 7365636f6e64\n"), "{text}");
    }

    #[test]
    fn an_export_without_extensions_forbids_adding_one() {
        let req = gnutls_ocsp_req_int::default();
        req.export().unwrap();
        let mut req = req;
        assert_eq!(req.set_nonce(false, b"x").unwrap_err().code(), GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
    }

    #[test]
    fn error_responses_and_junk() {
        let mut r = gnutls_ocsp_resp_int::default();
        assert_eq!(r.status().unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        r.import(&[0x30, 0x03, 0x0a, 0x01, 0x03], false).unwrap();
        assert_eq!(r.status().unwrap(), GNUTLS_OCSP_RESP_TRYLATER);
        assert_eq!(r.signature().unwrap_err().code(), GNUTLS_E_ASN1_VALUE_NOT_FOUND);
        assert!(r.single(0).is_none());
        assert_eq!(r.validity(0), -1);
        assert_eq!(r.import(b"", false).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(r.status().unwrap_err().code(), GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
        assert_eq!(r.import(&[0x30, 0x03, 0x0a], false).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        // A successful status needs a body.
        assert_eq!(r.import(&[0x30, 0x03, 0x0a, 0x01, 0x00], false).unwrap_err().code(), GNUTLS_E_ASN1_ELEMENT_NOT_FOUND);
        let text = String::from_utf8(print::print_response(&r, GNUTLS_OCSP_PRINT_FULL)).unwrap();
        assert_eq!(text, format!("OCSP Response Information:\nerror: ocsp_resp_get_status: {}\n", crate::x509::print::strerror(GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)));
    }
}
