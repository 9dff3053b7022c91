// TEMPORARY stand-in for the X.509 core (same API), replaced by the full implementation.
use rustls_pki_types::{pem::PemObject, CertificateDer, CertificateRevocationListDer, PrivateKeyDer, UnixTime};
pub const GNUTLS_CERT_INVALID: u32 = 1 << 1;
pub const GNUTLS_CERT_SIGNER_NOT_FOUND: u32 = 1 << 6;
pub const GNUTLS_CERT_EXPIRED: u32 = 1 << 10;
pub const GNUTLS_CERT_NOT_ACTIVATED: u32 = 1 << 9;
pub const GNUTLS_CERT_UNEXPECTED_OWNER: u32 = 1 << 14;
pub struct Certificate { der: Vec<u8> }
impl Certificate {
    pub fn from_der(der: &[u8]) -> Result<Self, i32> { x509_parser::parse_x509_certificate(der).map_err(|_| -69)?; Ok(Certificate { der: der.to_vec() }) }
    pub fn from_pem(pem: &[u8]) -> Result<Self, i32> { let d = CertificateDer::pem_slice_iter(pem).next().ok_or(-207)?.map_err(|_| -207)?; Self::from_der(&d) }
    pub fn der(&self) -> &[u8] { &self.der }
    fn parsed(&self) -> x509_parser::certificate::X509Certificate<'_> { x509_parser::parse_x509_certificate(&self.der).map(|x| x.1).ok().unwrap_or_else(|| unreachable!()) }
    pub fn activation_time(&self) -> i64 { self.parsed().validity().not_before.timestamp() }
    pub fn expiration_time(&self) -> i64 { self.parsed().validity().not_after.timestamp() }
    pub fn spki_der(&self) -> Vec<u8> { self.parsed().public_key().raw.to_vec() }
    pub fn check_hostname(&self, hostname: &str) -> bool {
        let Ok(name) = rustls_pki_types::ServerName::try_from(hostname) else { return false };
        let c = CertificateDer::from(self.der.clone());
        webpki::EndEntityCert::try_from(&c).map(|e| e.verify_is_valid_for_subject_name(&name).is_ok()).unwrap_or(false)
    }
}
pub fn pem_certificates(data: &[u8]) -> Result<Vec<Vec<u8>>, i32> {
    let mut v = Vec::new();
    for c in CertificateDer::pem_slice_iter(data) { v.push(c.map_err(|_| -207)?.to_vec()); }
    Ok(v)
}
pub fn der_or_pem_certificates(data: &[u8], pem: bool) -> Result<Vec<Vec<u8>>, i32> { if pem { pem_certificates(data) } else { Ok(vec![Certificate::from_der(data)?.der]) } }
pub fn load_private_key(data: &[u8], pem: bool) -> Result<PrivateKeyDer<'static>, i32> {
    if pem { PrivateKeyDer::from_pem_slice(data).map_err(|_| -207) } else { PrivateKeyDer::try_from(data.to_vec()).map_err(|_| -69) }
}
pub fn crls_from(data: &[u8], pem: bool) -> Result<Vec<Vec<u8>>, i32> {
    if pem { let mut v = Vec::new(); for c in CertificateRevocationListDer::pem_slice_iter(data) { v.push(c.map_err(|_| -207)?.to_vec()); } Ok(v) } else { Ok(vec![data.to_vec()]) }
}
pub enum Purpose { ServerAuth, ClientAuth }
#[derive(Default)]
pub struct TrustStore { anchors: Vec<rustls_pki_types::TrustAnchor<'static>> }
impl TrustStore {
    pub fn new() -> Self { Self::default() }
    pub fn add_ca_der(&mut self, der: &[u8]) -> Result<(), i32> { let c = CertificateDer::from(der); self.anchors.push(webpki::anchor_from_trusted_cert(&c).map_err(|_| -69)?.to_owned()); Ok(()) }
    pub fn add_crl_der(&mut self, _der: &[u8]) -> Result<(), i32> { Ok(()) }
    pub fn len(&self) -> usize { self.anchors.len() }
}
pub fn verify_chain(chain: &[Vec<u8>], store: &TrustStore, hostname: Option<&str>, now_unix: u64, _purpose: Purpose, _flags: u32) -> u32 {
    let Some(leaf) = chain.first() else { return GNUTLS_CERT_INVALID };
    let leaf = CertificateDer::from(leaf.as_slice());
    let Ok(ee) = webpki::EndEntityCert::try_from(&leaf) else { return GNUTLS_CERT_INVALID };
    let inter: Vec<CertificateDer> = chain[1..].iter().map(|c| CertificateDer::from(c.as_slice())).collect();
    let mut status = match ee.verify_for_usage(webpki::ALL_VERIFICATION_ALGS, &store.anchors, &inter, UnixTime::since_unix_epoch(std::time::Duration::from_secs(now_unix)), webpki::KeyUsage::server_auth(), None, None) {
        Ok(_) => 0,
        Err(webpki::Error::CertExpired { .. }) => GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED,
        Err(webpki::Error::CertNotValidYet { .. }) => GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED,
        Err(_) => GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND,
    };
    if let Some(h) = hostname { if !(Certificate { der: leaf.to_vec() }).check_hostname(h) { status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER; } }
    status
}
