//! The one crypto provider under both TLS (rustls's `CryptoProvider`) and GnuTLS's crypto API
//! (`crypto_api`), chosen by measurement (README, "Provider"). aws-lc-rs and ring share one
//! API shape (`digest`, `hmac`, `aead`, `hkdf`, `pbkdf2`, `rand`), so the rest of the library
//! names `primitives` and never a provider; `--no-default-features --features ring` builds the
//! other one to measure again.

#[cfg(feature = "aws-lc-rs")]
pub use aws_lc_rs as primitives;
#[cfg(feature = "aws-lc-rs")]
use rustls::crypto::aws_lc_rs as tls_provider;
#[cfg(feature = "aws-lc-rs")]
pub const NAME: &str = "aws-lc-rs";

#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
pub use ring as primitives;
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
use rustls::crypto::ring as tls_provider;
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
pub const NAME: &str = "ring";

#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
compile_error!("gnutls-rustls needs a crypto provider: feature \"aws-lc-rs\" (the default) or \"ring\"");

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
