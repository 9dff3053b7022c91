//! GnuTLS's crypto API as plain Rust (manual: "Using GnuTLS as a cryptographic library"):
//! digests, MACs, KDFs, AEAD and ciphers by GnuTLS's algorithm ids, with GnuTLS's error
//! codes. The TLS provider (`crate::provider`) where it has the algorithm, RustCrypto's crates for the rest; nothing here
//! knows about C (the entry points are in `capi/crypto_api.rs`).

pub mod aead;
pub mod cipher;
pub mod digest;
pub mod kdf;
pub mod mac;
pub mod stream_aead;
