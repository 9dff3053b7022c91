//! What is not implemented yet: one row per function, `name NODE reason: fn(args) -> C type`.
//! Each row becomes a real export (`not_implemented!` in `capi/mod.rs`) that answers the
//! honest value of its C convention — `GNUTLS_E_UNIMPLEMENTED_FEATURE` for `int` codes, 0 for
//! unsigned values and predicates, NULL for pointers, nothing for `void` — and logs its name
//! once at `GNUTLS_DEBUG_LEVEL=1`. Never success. Implementing a function means deleting its
//! row here and writing its `entry!` in its chapter's file.
//!
//! Reasons: `dtls` (rustls has no DTLS), `psk` (no external PSK in rustls 0.23), `srp`, `anon`
//! (no anonymous key exchange), `rehandshake` (no renegotiation), `pkcs11_hardware` (no token
//! access), `tpm`, `openpgp` (GnuTLS 3.7.9 itself dropped it), `fips140` (FIPS self-test
//! internals), `private` (GnuTLS's internal helpers), `not_yet` (planned).
//! Rows come from GnuTLS's headers through `tools/gen-table.py`.

#![allow(clippy::too_many_arguments)]

use libc::{c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void, size_t, ssize_t, time_t};

use super::ctypes::*;
use crate::constants::*;
use crate::types::*;

super::not_implemented! {
}
