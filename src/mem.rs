//! Compatibility shim: the allocators GnuTLS exports as data (`gnutls_free`, ...) are in
//! `capi::global`, and the datum and buffer helpers in `capi`. Kept so that modules not
//! yet converted still compile; delete it when nothing outside `src/capi/` uses it.

use crate::capi::types::gnutls_datum_t;

pub use crate::capi::copy_out;
pub use crate::capi::global::gnutls_free;

/// `gnutls_datum_t::copy_of`, with the old `Option` signature.
pub fn datum_from(bytes: &[u8]) -> Option<gnutls_datum_t> {
    gnutls_datum_t::copy_of(bytes).ok()
}
