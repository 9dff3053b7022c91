//! X.509 certificates: the objects behind `gnutls_x509_crt_t` and `gnutls_x509_crl_t`, over
//! `core`, which parses and verifies (keys are in `crate::keys`).

pub mod build;
pub mod cert_algs;
pub mod core;
pub mod crl;
pub mod dn;
pub mod ext;
pub mod ext_objects;
pub mod order;
pub mod path_checks;
pub mod pem;
pub mod print;
pub mod request;
pub mod trust_list;

use crate::constants::*;
use crate::errors::Error;
use self::core::{Certificate, Purpose, TrustStore};


/// `core` reports GnuTLS error codes as plain integers; `?` makes them an [`Error`].
impl From<i32> for Error {
    fn from(code: i32) -> Error {
        Error::new(code)
    }
}

/// The object behind `gnutls_x509_crt_t`: empty until a certificate is imported or a setter
/// starts one. While setters change it (`draft`), `cert` is the unsigned certificate as it
/// stands, so that the getters see what was set, as GnuTLS's do; signing ends the draft.
#[derive(Default)]
pub struct gnutls_x509_crt_int {
    cert: Option<Certificate>,
    draft: Option<build::CertificateDraft>,
    /// gnutls_x509_crt_set_flags (GNUTLS_X509_CRT_FLAG_IGNORE_SANITY), for later imports.
    flags: u32,
    /// `gnutls_x509_crt_set_pin_function`: GnuTLS asks it when importing from a token
    /// (`gnutls_x509_crt_import_url`), which we do not open; kept as given.
    pub pin: Option<crate::credentials::PinSource>,
}

impl gnutls_x509_crt_int {
    pub fn new(cert: Certificate) -> Self {
        gnutls_x509_crt_int { cert: Some(cert), ..Default::default() }
    }

    /// The imported (or signed, or in-writing) certificate; `GNUTLS_E_INVALID_REQUEST`
    /// before anything.
    pub fn certificate(&self) -> Result<&Certificate, Error> {
        self.cert.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    /// The certificate to hand out (`export`): none, or one that was set but not signed
    /// since, is GnuTLS's GNUTLS_E_ASN1_VALUE_NOT_FOUND.
    // divergence: GnuTLS exports an imported certificate changed by setters with its old,
    // now wrong, signature; here it must be signed again first.
    pub fn signed_certificate(&self) -> Result<&Certificate, Error> {
        match (&self.draft, &self.cert) {
            (None, Some(cert)) => Ok(cert),
            _ => Err(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND)),
        }
    }

    /// `gnutls_x509_crt_import`: the certificate (the first one of PEM data).
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        let der = if pem { Certificate::pem_block(data)? } else { data.to_vec() };
        self.cert = Some(Certificate::from_der_flags(&der, self.flags)?);
        self.draft = None;
        Ok(())
    }

    /// `gnutls_x509_crt_set_flags`.
    pub fn set_flags(&mut self, flags: u32) {
        self.flags = flags;
    }

    /// The draft a setter changes: the one in progress, the imported certificate's fields,
    /// or a new one.
    fn current_draft(&self) -> Result<build::CertificateDraft, Error> {
        match (&self.draft, &self.cert) {
            (Some(d), _) => Ok(d.clone()),
            (None, Some(c)) => build::CertificateDraft::from_certificate(c),
            (None, None) => Ok(build::CertificateDraft::default()),
        }
    }

    /// Runs a setter: all of it or, when it fails, nothing.
    pub fn edit<T>(&mut self, f: impl FnOnce(&mut build::CertificateDraft) -> Result<T, Error>) -> Result<T, Error> {
        let mut draft = self.current_draft()?;
        let out = f(&mut draft)?;
        self.cert = Some(draft.view()?);
        self.draft = Some(draft);
        Ok(out)
    }

    /// The subject name, for signing what this certificate issues.
    pub fn subject_name(&self) -> Result<x509_cert::name::Name, Error> {
        match (&self.draft, &self.cert) {
            (Some(d), _) => Ok(d.subject().clone()),
            (None, Some(c)) => {
                use der::Decode;
                x509_cert::name::Name::from_der(c.subject().der()).map_err(dn::der_error)
            }
            (None, None) => Err(Error::new(GNUTLS_E_ASN1_VALUE_NOT_FOUND)),
        }
    }

    /// `gnutls_x509_crt_privkey_sign` by an issuer (None: this certificate issues itself).
    pub fn sign(&mut self, issuer: Option<&gnutls_x509_crt_int>, key: &crate::keys::PrivateKey, digest: u32) -> Result<(), Error> {
        let issuer_name = match issuer {
            Some(i) => i.subject_name()?,
            None => self.current_draft()?.subject().clone(),
        };
        let mut draft = self.current_draft()?;
        let cert = draft.sign(issuer_name, key, digest)?;
        self.cert = Some(cert);
        self.draft = None;
        Ok(())
    }
}

/// The object behind `gnutls_x509_crl_t`: empty until a CRL is imported.
#[derive(Default)]
pub struct gnutls_x509_crl_int {
    crl: Option<crl::Crl>,
    /// What the `gnutls_x509_crl_set_*` functions wrote, for the next signature.
    draft: Option<crl::Draft>,
}

impl gnutls_x509_crl_int {
    pub fn new(crl: crl::Crl) -> Self {
        gnutls_x509_crl_int { crl: Some(crl), draft: None }
    }

    /// The CRL being written: the imported one's content until something is set.
    // divergence: the getters read the CRL as last imported or signed; GnuTLS's read what the
    // setters wrote at once (GnuTLS's manual asks for a signed CRL to be exported and imported
    // again before use anyway).
    pub fn draft(&mut self) -> &mut crl::Draft {
        let imported = &self.crl;
        self.draft.get_or_insert_with(|| imported.as_ref().map(crl::Draft::of).unwrap_or_default())
    }

    /// `gnutls_x509_crl_privkey_sign`: from now on the object is the signed CRL.
    pub fn sign(&mut self, issuer: &self::core::Certificate, key: &crate::keys::PrivateKey, digest: u32) -> Result<(), Error> {
        let signed = self.draft().sign(issuer, key, digest)?;
        self.crl = Some(signed);
        Ok(())
    }

    /// The imported CRL; `GNUTLS_E_INVALID_REQUEST` before an import.
    pub fn crl(&self) -> Result<&crl::Crl, Error> {
        self.crl.as_ref().ok_or(Error::INVALID_REQUEST)
    }

    /// `gnutls_x509_crl_import`: the CRL (the first one of PEM data); after a failure the
    /// object is empty, as GnuTLS leaves it.
    pub fn import(&mut self, data: &[u8], pem: bool) -> Result<(), Error> {
        self.crl = None;
        self.draft = None;
        self.crl = Some(crl::import(data, pem)?);
        Ok(())
    }
}

/// The state behind `gnutls_x509_crl_iter_t`: the next revoked certificate to hand out.
#[derive(Default)]
pub struct gnutls_x509_crl_iter {
    pub next: usize,
}

/// Whether a GnuTLS format argument says PEM (true) or DER (false).
pub fn pem(format: gnutls_x509_crt_fmt_t) -> Result<bool, Error> {
    match format {
        GNUTLS_X509_FMT_PEM => Ok(true),
        GNUTLS_X509_FMT_DER => Ok(false),
        _ => Err(Error::INVALID_REQUEST),
    }
}

pub(crate) fn encode(pem: bool, label: &str, der: &[u8]) -> Vec<u8> {
    if pem {
        self::core::pem_encode(label, der).into_bytes()
    } else {
        der.to_vec()
    }
}

impl Certificate {
    /// `gnutls_x509_crt_export`: DER, or a "CERTIFICATE" PEM block.
    pub fn export(&self, pem: bool) -> Vec<u8> {
        encode(pem, "CERTIFICATE", self.der())
    }
}

/// The certificates of a PEM or DER buffer (`gnutls_x509_crt_list_import`); none is
/// `GNUTLS_E_NO_CERTIFICATE_FOUND`.
pub fn certificates_in(data: &[u8], pem: bool) -> Result<Vec<Vec<u8>>, Error> {
    let ders = self::core::der_or_pem_certificates(data, pem)?;
    if ders.is_empty() {
        return Err(Error::NO_CERTIFICATE_FOUND);
    }
    Ok(ders)
}

/// `gnutls_x509_crt_list_verify`: the status bits of a chain (leaf first) against these
/// CAs, now, with no key purpose checked.
pub fn verify_list(chain: &[&Certificate], cas: &[&Certificate], flags: u32) -> Result<u32, Error> {
    let ders: Vec<Vec<u8>> = chain.iter().map(|c| c.der().to_vec()).collect();
    let mut store = TrustStore::new();
    for ca in cas {
        store.add_ca_der(ca.der())?;
    }
    let now = crate::global::now();
    let mut status = self::core::verify_chain(&ders, &store, None, u64::try_from(now).unwrap_or(0), Purpose::Any, flags);
    // The verification profile (GNUTLS_PROFILE_TO_VFLAGS) as a trust list applies it.
    let path: Vec<Certificate> = chain.iter().map(|c| (*c).clone()).collect();
    let is_trusted = |c: &Certificate| cas.iter().any(|ca| ca.der() == c.der());
    let anchor_of = |c: &Certificate| cas.iter().find(|ca| ca.subject_raw() == c.issuer_raw()).map(|ca| (*ca).clone());
    status = self::trust_list::apply_profile(status, &path, is_trusted, anchor_of, flags, now);
    // Unlike a trust list, GnuTLS's list verification still checks the dates of the
    // certificate whose issuer it did not find (verify_crt).
    if status & GNUTLS_CERT_SIGNER_NOT_FOUND != 0 && flags & GNUTLS_VERIFY_DISABLE_TIME_CHECKS == 0 {
        if let Some(last) = chain.last() {
            status |= last.validity_at(now);
        }
    }
    Ok(status)
}
