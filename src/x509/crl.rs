//! Certificate revocation lists (GnuTLS 3.7.9's lib/x509/crl.c): the CRL behind
//! `gnutls_x509_crl_t`, read back with GnuTLS's conventions, checked against certificates
//! (`gnutls_x509_crt_check_revocation`: same issuer name, same serial number bytes) and
//! verified against CAs (`gnutls_x509_crl_verify`).
//!
//! The structure is decoded by `der`'s derive over `x509-cert`'s field types. It is not
//! `x509_cert::crl::CertificateList` itself: that type makes the version mandatory, which
//! v1 CRLs (what `openssl ca -gencrl` writes without CRL extensions) leave out, and checks
//! revoked serial numbers against RFC 5280's size limit; GnuTLS takes both.

use der::asn1::{Any, BitString, IntRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::certificate::Raw;
use x509_cert::ext::Extensions;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;
use x509_cert::Version;

use super::core::{self, Certificate, Extension};
use super::dn::Dn;
use crate::constants::*;
use crate::errors::Error;

const OID_CRL_NUMBER: &str = "2.5.29.20";
const OID_AKI: &str = "2.5.29.35";

/// `CertificateList` (RFC 5280 5.1) with the version optional.
#[derive(der::Sequence)]
struct CertificateList {
    tbs_cert_list: TbsCertList,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

#[derive(der::Sequence)]
struct TbsCertList {
    version: Option<Version>,
    signature: AlgorithmIdentifierOwned,
    issuer: Any,
    this_update: Time,
    next_update: Option<Time>,
    revoked_certificates: Option<Vec<RevokedCert>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_extensions: Option<Extensions>,
}

/// A revoked certificate; the `Raw` profile takes any serial number, as GnuTLS does.
#[derive(der::Sequence)]
struct RevokedCert {
    serial_number: SerialNumber<Raw>,
    revocation_date: Time,
    crl_entry_extensions: Option<Extensions>,
}

/// One revoked certificate: its serial number's bytes and when it was revoked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revoked {
    pub serial: Vec<u8>,
    pub time: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crl {
    der: Vec<u8>,
    issuer: Dn,
    version: i32,
    /// The version field as encoded, when present.
    version_field: Option<u8>,
    pub(crate) this_update: i64,
    next_update: Option<i64>,
    revoked: Vec<Revoked>,
    extensions: Vec<Extension>,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

fn unix(t: Time) -> i64 {
    t.to_unix_duration().as_secs() as i64
}

impl Crl {
    /// `gnutls_x509_crl_import` of DER: a first tag that is not a SEQUENCE or a field of the
    /// wrong type is GNUTLS_E_ASN1_TAG_ERROR, anything else that does not decode (lengths,
    /// truncation, trailing bytes) GNUTLS_E_ASN1_DER_ERROR.
    pub fn from_der(der: &[u8]) -> Result<Crl, Error> {
        core::whole_sequence(der).map_err(Error::new)?;
        // libtasn1 reports a field of the wrong type as a tag error.
        let list = CertificateList::from_der(der).map_err(super::dn::der_error)?;
        let tbs = list.tbs_cert_list;
        let issuer_der = tbs.issuer.to_der().map_err(|_| Error::new(GNUTLS_E_ASN1_DER_ERROR))?;
        let issuer = Dn::from_der(&issuer_der)?;
        let revoked = tbs
            .revoked_certificates
            .into_iter()
            .flatten()
            .map(|r| Revoked { serial: r.serial_number.as_bytes().to_vec(), time: unix(r.revocation_date) })
            .collect();
        let extensions = tbs
            .crl_extensions
            .into_iter()
            .flatten()
            .map(|e| Extension { oid: e.extn_id.to_string(), critical: e.critical, value: e.extn_value.as_bytes().to_vec() })
            .collect();
        Ok(Crl {
            der: der.to_vec(),
            issuer,
            version: tbs.version.map_or(1, |v| v as i32 + 1),
            version_field: tbs.version.map(|v| v as u8),
            this_update: unix(tbs.this_update),
            next_update: tbs.next_update.map(unix),
            revoked,
            extensions,
            signature_algorithm: list.signature_algorithm,
            signature: list.signature,
        })
    }

    /// Every CRL of a PEM or DER buffer, refused as the credentials refuse them
    /// (`core::crls_from`).
    pub fn all_in(data: &[u8], pem: bool) -> Result<Vec<Crl>, Error> {
        core::crls_from(data, pem).map_err(Error::new)?.iter().map(|d| Crl::from_der(d)).collect()
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// `gnutls_x509_crl_export`: DER, or an "X509 CRL" PEM block.
    pub fn export(&self, pem: bool) -> Vec<u8> {
        super::encode(pem, "X509 CRL", &self.der)
    }

    pub fn issuer(&self) -> &Dn {
        &self.issuer
    }

    pub fn issuer_raw(&self) -> &[u8] {
        self.issuer.der()
    }

    /// 1 or 2 (`gnutls_x509_crl_get_version`).
    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn this_update(&self) -> i64 {
        self.this_update
    }

    pub fn next_update(&self) -> Option<i64> {
        self.next_update
    }

    pub fn revoked(&self) -> &[Revoked] {
        &self.revoked
    }

    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// The first extension with this OID: (value, critical); -56 when there is none.
    fn extension(&self, oid: &str) -> Result<(&[u8], bool), Error> {
        self.extensions
            .iter()
            .find(|e| e.oid == oid)
            .map(|e| (e.value.as_slice(), e.critical))
            .ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)
    }

    /// `gnutls_x509_crl_get_number`: the CRL number's bytes as encoded, and whether the
    /// extension is critical.
    pub fn number(&self) -> Result<(Vec<u8>, bool), Error> {
        let (value, critical) = self.extension(OID_CRL_NUMBER)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        let n = IntRef::from_der(value).map_err(super::dn::der_error)?;
        Ok((n.as_bytes().to_vec(), critical))
    }

    /// The authority key identifier extension, and whether it is critical.
    pub fn authority_key_id(&self) -> Result<(super::ext::AuthorityKeyId, bool), Error> {
        let (value, critical) = self.extension(OID_AKI)?;
        if value.is_empty() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        Ok((super::ext::authority_key_id(value)?, critical))
    }

    pub fn signature_oid(&self) -> String {
        self.signature_algorithm.oid.to_string()
    }

    /// GnuTLS's identifier for the algorithm that signed the CRL (GNUTLS_SIGN_UNKNOWN for
    /// others).
    pub fn signature_algorithm(&self) -> u32 {
        core::sign_algorithm_of(&self.signature_algorithm)
    }

    /// `gnutls_x509_crl_get_signature`: the signature's bytes; a BIT STRING that is not
    /// whole bytes is GNUTLS_E_CERTIFICATE_ERROR.
    pub fn signature(&self) -> Result<&[u8], Error> {
        if self.signature.unused_bits() != 0 {
            return Err(Error::new(GNUTLS_E_CERTIFICATE_ERROR));
        }
        Ok(self.signature.raw_bytes())
    }

    /// `gnutls_x509_crl_check_issuer`: the CRL's issuer name is the certificate's subject.
    pub fn issued_by(&self, issuer: &Certificate) -> bool {
        self.issuer.der() == issuer.subject().der()
    }

    /// Whether this CRL lists `cert` (`gnutls_x509_crt_check_revocation`: same issuer name,
    /// same serial number bytes).
    pub fn revokes(&self, cert: &Certificate) -> bool {
        self.issuer.der() == cert.issuer().der() && self.revoked.iter().any(|r| r.serial == cert.serial())
    }

    /// `gnutls_x509_crl_verify` against these CAs: 0 or GnuTLS's status bits.
    pub fn verify(&self, cas: &[&Certificate], flags: u32, now: i64) -> u32 {
        let mut status = 0;
        match cas.iter().find(|ca| self.issued_by(ca)) {
            None => status |= GNUTLS_CERT_SIGNER_NOT_FOUND,
            Some(issuer) => {
                if flags & GNUTLS_VERIFY_DISABLE_CA_SIGN == 0 {
                    if !matches!(issuer.basic_constraints(), Ok((_, true, _))) {
                        status |= GNUTLS_CERT_SIGNER_NOT_CA;
                    }
                    match issuer.key_usage() {
                        Ok((usage, _)) if usage & GNUTLS_KEY_CRL_SIGN as u32 == 0 => {
                            status |= GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE
                        }
                        Err(e) if e != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE => status |= GNUTLS_CERT_INVALID,
                        _ => {}
                    }
                }
                match core::signed_der_by(&self.der, issuer.der(), flags) {
                    Ok(true) => {}
                    Ok(false) => status |= GNUTLS_CERT_SIGNATURE_FAILURE,
                    Err(bits) => status |= bits,
                }
            }
        }
        if self.this_update > now {
            status |= GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE;
        }
        if self.next_update.is_some_and(|t| t < now) {
            status |= GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED;
        }
        if status != 0 { status | GNUTLS_CERT_INVALID } else { 0 }
    }
}

/// GnuTLS's start of a PEM CRL (`PEM_CRL_SEP`).
const PEM_CRL_SEP: &[u8] = b"-----BEGIN X509 CRL";

/// `gnutls_x509_crl_import`: the CRL (the first "X509 CRL" block of PEM data).
pub fn import(data: &[u8], pem: bool) -> Result<Crl, Error> {
    if pem {
        Crl::from_der(&super::pem::decode(Some("X509 CRL"), data)?)
    } else {
        Crl::from_der(data)
    }
}

/// What `gnutls_x509_crl_list_import` finds.
#[derive(Debug)]
pub enum ListImport {
    /// The CRLs read (at most the room given).
    Read(Vec<Crl>),
    /// More CRLs than room, with `GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED`: how many there are.
    Exceeded(usize),
}

/// `gnutls_x509_crl_list_import`: DER holds one CRL; in PEM every "X509 CRL" block is
/// imported in turn, up to `room` of them (then only counted, with `fail_if_exceed`). PEM
/// without such a block is GNUTLS_E_BASE64_DECODING_ERROR.
pub fn import_list(data: &[u8], pem: bool, room: usize, fail_if_exceed: bool) -> Result<ListImport, Error> {
    if !pem {
        if room < 1 {
            return Ok(ListImport::Exceeded(1));
        }
        return Ok(ListImport::Read(vec![Crl::from_der(data)?]));
    }
    let starts: Vec<usize> = (0..data.len()).filter(|&i| data[i..].starts_with(PEM_CRL_SEP)).collect();
    if starts.is_empty() {
        return Err(Error::new(GNUTLS_E_BASE64_DECODING_ERROR));
    }
    if starts.len() > room && fail_if_exceed {
        // GnuTLS imports what fits (failing on a bad one) before it only counts.
        for &start in &starts[..room] {
            import(&data[start..], true)?;
        }
        return Ok(ListImport::Exceeded(starts.len()));
    }
    starts.iter().take(room).map(|&start| import(&data[start..], true)).collect::<Result<_, _>>().map(ListImport::Read)
}

/// A CRL being written (`gnutls_x509_crl_set_*`), until `sign` makes it a [`Crl`].
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// The version field's value (the version minus one), when set.
    version: Option<u8>,
    this_update: Option<i64>,
    next_update: Option<i64>,
    revoked: Vec<Revoked>,
    extensions: Vec<Extension>,
}

/// `_gnutls_x509_set_time`: UTCTime before 2050, GeneralizedTime from then on.
fn time_of(t: i64) -> Result<Time, Error> {
    let d = std::time::Duration::from_secs(u64::try_from(t).map_err(|_| Error::INVALID_REQUEST)?);
    let bad = |_| Error::INVALID_REQUEST;
    if t < 2_524_608_000 {
        Ok(Time::UtcTime(der::asn1::UtcTime::from_unix_duration(d).map_err(bad)?))
    } else {
        Ok(Time::GeneralTime(der::asn1::GeneralizedTime::from_unix_duration(d).map_err(bad)?))
    }
}

impl Draft {
    /// What an imported CRL holds, to change and sign again.
    pub fn of(crl: &Crl) -> Draft {
        Draft {
            version: crl.version_field,
            this_update: Some(crl.this_update),
            next_update: crl.next_update,
            revoked: crl.revoked.clone(),
            extensions: crl.extensions.clone(),
        }
    }

    /// `gnutls_x509_crl_set_version`: 1 for v1, 2 for v2 (0 is taken as 1, as GnuTLS does).
    pub fn set_version(&mut self, version: u32) {
        self.version = Some(((version & 0xff) as u8).saturating_sub(1));
    }

    pub fn set_this_update(&mut self, t: i64) {
        self.this_update = Some(t);
    }

    pub fn set_next_update(&mut self, t: i64) {
        self.next_update = Some(t);
    }

    /// `gnutls_x509_crl_set_crt_serial`: one more revoked serial number.
    pub fn add_revoked(&mut self, serial: &[u8], t: i64) -> Result<(), Error> {
        if serial.is_empty() {
            return Err(Error::INVALID_REQUEST);
        }
        self.revoked.push(Revoked { serial: serial.to_vec(), time: t });
        Ok(())
    }

    /// A CRL extension, replacing one with the same OID, as GnuTLS sets them (not critical).
    fn set_extension(&mut self, oid: &str, value: Vec<u8>) {
        let ext = Extension { oid: oid.to_string(), critical: false, value };
        match self.extensions.iter_mut().find(|e| e.oid == oid) {
            Some(e) => *e = ext,
            None => self.extensions.push(ext),
        }
    }

    /// `gnutls_x509_crl_set_authority_key_id`: an AuthorityKeyIdentifier with this key id.
    pub fn set_authority_key_id(&mut self, id: &[u8]) -> Result<(), Error> {
        let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier {
            key_identifier: Some(der::asn1::OctetString::new(id).map_err(|_| Error::INVALID_REQUEST)?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        self.set_extension(OID_AKI, aki.to_der().map_err(|_| Error::INVALID_REQUEST)?);
        Ok(())
    }

    /// `gnutls_x509_crl_set_number`: the CRL number, these bytes as an INTEGER.
    pub fn set_number(&mut self, number: &[u8]) -> Result<(), Error> {
        let n = der::asn1::Int::new(number).map_err(|_| Error::INVALID_REQUEST)?;
        self.set_extension(OID_CRL_NUMBER, n.to_der().map_err(|_| Error::INVALID_REQUEST)?);
        Ok(())
    }

    /// `gnutls_x509_crl_privkey_sign`: the CRL with the issuer's subject as its issuer, signed
    /// by the issuer's key with this digest (GNUTLS_DIG_UNKNOWN: the key's preferred one).
    pub fn sign(&self, issuer: &Certificate, key: &crate::keys::PrivateKey, digest: u32) -> Result<Crl, Error> {
        let digest = if digest == GNUTLS_DIG_UNKNOWN { key.public_key()?.preferred_hash().0 } else { digest };
        let kind = key.kind();
        let scheme = crate::keys::Scheme::for_key(kind, digest, false)?;
        let sign = crate::algorithms::pk_to_sign(kind.pk_algorithm(), digest);
        let oid = crate::algorithms::sign_oid(sign).ok_or(Error::new(GNUTLS_E_UNWANTED_ALGORITHM))?;
        let oid = der::asn1::ObjectIdentifier::new(&oid.to_string_lossy()).map_err(|_| Error::INTERNAL)?;
        // RSA PKCS#1 v1.5 signatures carry NULL parameters, RSA-PSS ones theirs; ECDSA and
        // EdDSA none.
        let parameters = match scheme {
            crate::keys::Scheme::RsaPkcs1(_) => Some(der::asn1::Any::null()),
            crate::keys::Scheme::RsaPss(h) => Some(der::asn1::Any::from_der(&key.pss_signature_params(h)?).map_err(|_| Error::INTERNAL)?),
            _ => None,
        };
        let algorithm = AlgorithmIdentifierOwned { oid, parameters };
        let encoding = |_| Error::INVALID_REQUEST;
        let tbs = TbsCertList {
            version: self.version.map(|v| match v {
                0 => Version::V1,
                1 => Version::V2,
                _ => Version::V3,
            }),
            signature: algorithm.clone(),
            issuer: Any::from_der(issuer.subject().der()).map_err(encoding)?,
            this_update: time_of(self.this_update.ok_or(Error::INVALID_REQUEST)?)?,
            next_update: self.next_update.map(time_of).transpose()?,
            revoked_certificates: Some(
                self.revoked
                    .iter()
                    .map(|r| {
                        Ok(RevokedCert {
                            serial_number: SerialNumber::from_der(&der::asn1::Int::new(&r.serial).map_err(encoding)?.to_der().map_err(encoding)?)
                                .map_err(encoding)?,
                            revocation_date: time_of(r.time)?,
                            crl_entry_extensions: None,
                        })
                    })
                    .collect::<Result<_, Error>>()?,
            ),
            crl_extensions: (!self.extensions.is_empty())
                .then(|| {
                    self.extensions
                        .iter()
                        .map(|e| {
                            Ok(x509_cert::ext::Extension {
                                extn_id: der::asn1::ObjectIdentifier::new(&e.oid).map_err(|_| Error::INTERNAL)?,
                                critical: e.critical,
                                extn_value: der::asn1::OctetString::new(e.value.clone()).map_err(encoding)?,
                            })
                        })
                        .collect::<Result<Vec<_>, Error>>()
                })
                .transpose()?,
        };
        let tbs_der = tbs.to_der().map_err(encoding)?;
        let signature = key.sign(scheme, &tbs_der)?;
        let list = CertificateList {
            tbs_cert_list: tbs,
            signature_algorithm: algorithm,
            signature: BitString::from_bytes(&signature).map_err(encoding)?,
        };
        Crl::from_der(&list.to_der().map_err(encoding)?)
    }
}

/// `gnutls_x509_crt_check_revocation` over several CRLs.
pub fn revoked_by_any(cert: &Certificate, crls: &[&Crl]) -> bool {
    crls.iter().any(|crl| crl.revokes(cert))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x509::core::tests::read;

    fn der(name: &str) -> Vec<u8> {
        if name.ends_with(".crl") {
            return read(&format!("{name}.der"));
        }
        crate::x509::core::tests::der(name)
    }

    #[test]
    fn reads_the_test_crl() {
        let crl = Crl::all_in(&read("inter.crl"), true).unwrap().remove(0);
        assert_eq!(crl, Crl::from_der(&der("inter.crl")).unwrap());
        assert_eq!(crl.version(), 2);
        assert_eq!(crl.revoked().len(), 1);
        assert_eq!(crl.revoked()[0].serial, vec![20]);
        assert!(crl.next_update().unwrap() > crl.this_update());
        assert_eq!(crl.number().unwrap(), (vec![1], false));
        assert!(crl.authority_key_id().unwrap().0.id.is_some());
        assert_eq!(crl.signature_oid(), "1.2.840.10045.4.3.2");
        assert_eq!(crl.signature_algorithm(), GNUTLS_SIGN_ECDSA_SHA256);
        assert!(!crl.signature().unwrap().is_empty());
        assert_eq!(crl.export(false), crl.der());
        let cert = |n: &str| Certificate::from_der(&der(n)).unwrap();
        assert!(crl.issued_by(&cert("inter.pem")) && !crl.issued_by(&cert("root.pem")));
        assert!(revoked_by_any(&cert("revoked.pem"), &[&crl]));
        assert!(!revoked_by_any(&cert("leaf.pem"), &[&crl]));
    }

    #[test]
    fn bad_input_gets_gnutls_codes() {
        let crl = der("inter.crl");
        assert_eq!(Crl::from_der(b"garbage").unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(Crl::from_der(&crl[..crl.len() - 1]).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        let mut trailing = crl.clone();
        trailing.push(0);
        assert_eq!(Crl::from_der(&trailing).unwrap_err().code(), GNUTLS_E_ASN1_DER_ERROR);
        // A certificate is a SEQUENCE too, but its fields are not a CRL's.
        assert_eq!(Crl::from_der(&der("root.pem")).unwrap_err().code(), GNUTLS_E_ASN1_TAG_ERROR);
        assert_eq!(import(b"no pem here", true).unwrap_err().code(), GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR);
        assert_eq!(import_list(b"no pem here", true, 5, false).unwrap_err().code(), GNUTLS_E_BASE64_DECODING_ERROR);
    }

    #[test]
    fn drafts_are_signed_and_read_back() {
        let key = crate::keys::handles::generate(GNUTLS_PK_EDDSA_ED25519, 0, 0, None).unwrap();
        let issuer = Certificate::from_der(&der("inter.pem")).unwrap();
        let mut d = Draft::default();
        // No thisUpdate: nothing to sign.
        assert_eq!(d.sign(&issuer, &key, GNUTLS_DIG_UNKNOWN).unwrap_err(), Error::INVALID_REQUEST);
        d.set_version(2);
        d.set_this_update(1_700_000_000);
        // After 2049: a GeneralizedTime.
        d.set_next_update(2_600_000_000);
        d.add_revoked(&[1, 2, 3], 1_699_000_000).unwrap();
        assert!(d.add_revoked(&[], 0).is_err());
        d.set_number(&[7]).unwrap();
        d.set_authority_key_id(&[0xaa; 20]).unwrap();
        d.set_number(&[9]).unwrap();
        let crl = d.sign(&issuer, &key, GNUTLS_DIG_UNKNOWN).unwrap();
        assert_eq!((crl.version(), crl.this_update(), crl.next_update()), (2, 1_700_000_000, Some(2_600_000_000)));
        assert_eq!(crl.revoked(), &[Revoked { serial: vec![1, 2, 3], time: 1_699_000_000 }]);
        assert_eq!(crl.number().unwrap(), (vec![9], false));
        assert_eq!(crl.extensions().iter().map(|e| e.oid.as_str()).collect::<Vec<_>>(), ["2.5.29.20", "2.5.29.35"]);
        assert_eq!(crl.authority_key_id().unwrap().0.id, Some(vec![0xaa; 20]));
        assert!(crl.issued_by(&issuer));
        assert_eq!(crl.signature_algorithm(), GNUTLS_SIGN_EDDSA_ED25519);
        // The CRL's own content, signed again (Ed25519 is deterministic), is the same CRL.
        assert_eq!(Draft::of(&crl).sign(&issuer, &key, GNUTLS_DIG_UNKNOWN).unwrap(), crl);
        let mut v1 = Draft::default();
        v1.set_this_update(0);
        assert_eq!(v1.sign(&issuer, &key, GNUTLS_DIG_SHA512).unwrap().version(), 1);
        assert!(v1.sign(&issuer, &key, GNUTLS_DIG_SHA256).is_err());
    }

    #[test]
    fn lists() {
        let mut two = read("inter.crl");
        two.extend(read("inter.crl"));
        assert!(matches!(import_list(&two, true, 5, false), Ok(ListImport::Read(v)) if v.len() == 2));
        assert!(matches!(import_list(&two, true, 1, false), Ok(ListImport::Read(v)) if v.len() == 1));
        assert!(matches!(import_list(&two, true, 1, true), Ok(ListImport::Exceeded(2))));
        assert!(matches!(import_list(&der("inter.crl"), false, 0, false), Ok(ListImport::Exceeded(1))));
        assert!(matches!(import_list(&der("inter.crl"), false, 3, false), Ok(ListImport::Read(v)) if v.len() == 1));
    }
}
