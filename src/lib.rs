//! gnutls-rustls: the GnuTLS 3.7.9 C API (`libgnutls.so.30`) with every TLS byte handled
//! by rustls.
//!
//! Each module covers one area of the GnuTLS manual. Its `extern "C"` entry points only
//! check arguments and call plain Rust that knows nothing about C; `ffi` holds the one
//! entry guard, the pointer-borrowing helpers and the error-to-return-code conversion.

#![allow(non_camel_case_types, non_upper_case_globals, clippy::missing_safety_doc)]

pub mod constants;
#[macro_use]
pub mod capi;
mod ffi;
pub mod errors;
pub mod global;
pub mod mem;
pub mod types;
pub mod priority;
pub mod transport;
pub mod session;
pub mod handshake;
pub mod record;
mod link;
pub mod resumption;
pub mod alert;
mod context;
mod observe;
pub mod credentials;
pub mod verify;
pub mod x509;
pub mod ocsp;
pub mod server;
pub mod crypto;
pub mod crypto_api;
pub mod algorithms;
pub mod secret;
pub mod pkcs11;
pub mod fips;
pub mod buffer;
pub mod dh_groups;
