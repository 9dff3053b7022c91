//! gnutls-rustls: the GnuTLS 3.7.9 C API (`libgnutls.so.30`) with every TLS byte handled
//! by rustls.
//!
//! Three floors: `capi` is the C surface (one file per chapter of the GnuTLS manual, every
//! export written through its `entry!`/`data!` macros); the other modules are the safe core
//! it calls, one per area of the manual; below them, rustls.
//! No core module imports `capi`: arrows point down only.

#![allow(non_camel_case_types, non_upper_case_globals, clippy::missing_safety_doc)]

pub mod constants;
#[macro_use]
pub mod capi;
pub mod errors;
pub mod global;
pub mod priority;
pub mod transport;
pub mod session;
pub mod handshake;
pub mod extensions;
pub mod record;
mod link;
pub mod resumption;
pub mod alert;
mod context;
mod observe;
pub mod credentials;
pub mod cert_types;
pub mod retrieve;
pub mod verify;
pub mod cred_trust;
pub mod idna;
pub mod hex;
pub mod randomart;
pub mod x509;
pub mod ocsp;
pub mod server;
pub mod provider;
pub mod crypto;
pub mod crypto_api;
pub mod keys;
pub mod algorithms;
pub mod secret;
pub mod pkcs11;
pub mod fips;
pub mod dh_groups;
pub mod dh_params;
pub mod tofu;
pub mod pkcs12;
pub mod pkcs7;
pub mod quic;
