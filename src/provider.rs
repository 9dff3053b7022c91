//! The one crypto provider under both TLS (rustls's `CryptoProvider`) and GnuTLS's crypto API
//! (`crypto_api`, `keys`), chosen by measurement (README, "Provider"): aws-lc-rs. The rest of
//! the library names `primitives` and never the provider itself, so this file is where a
//! change of provider would start (ring shares the API shape, but lacks RSA key generation
//! and decryption, which the keys chapter needs).

#[cfg(feature = "aws-lc-rs")]
pub use aws_lc_rs as primitives;
#[cfg(feature = "aws-lc-rs")]
use rustls::crypto::aws_lc_rs as tls_provider;
#[cfg(feature = "aws-lc-rs")]
pub const NAME: &str = "aws-lc-rs";

#[cfg(not(feature = "aws-lc-rs"))]
compile_error!("gnutls-rustls needs its crypto provider: feature \"aws-lc-rs\" (the default)");

/// The provider's TLS side: cipher suites, key exchange groups, signature verification.
pub fn tls() -> rustls::crypto::CryptoProvider {
    tls_provider::default_provider()
}

/// The signing key rustls uses for a private key in any format the provider reads.
pub fn signing_key(
    key: &rustls::pki_types::PrivateKeyDer<'_>,
) -> Result<std::sync::Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
    tls_provider::sign::any_supported_type(key)
}
