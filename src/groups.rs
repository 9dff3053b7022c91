//! Key-exchange groups by GnuTLS's numbers and names (`gnutls_group_*`): the priority
//! grammar's table of groups, and the group a session negotiated.

use std::ffi::{CStr, CString};

use once_cell::sync::Lazy;
use rustls::NamedGroup;

use crate::constants::*;
use crate::priority::Group;
use crate::session::Session;

/// GnuTLS 3.8's `GNUTLS_GROUP_EXP_X25519_MLKEM768` (GnuTLS 3.7.9's header has no hybrid group).
pub(crate) const GNUTLS_GROUP_EXP_X25519_MLKEM768: gnutls_group_t = 514;

/// `gnutls_group_list`: GnuTLS 3.7.9's groups in its order, then the hybrid, 0-terminated.
static LIST: [gnutls_group_t; 16] = [
    GNUTLS_GROUP_SECP192R1,
    GNUTLS_GROUP_SECP224R1,
    GNUTLS_GROUP_SECP256R1,
    GNUTLS_GROUP_SECP384R1,
    GNUTLS_GROUP_SECP521R1,
    GNUTLS_GROUP_X25519,
    GNUTLS_GROUP_GC256B,
    GNUTLS_GROUP_GC512A,
    GNUTLS_GROUP_X448,
    GNUTLS_GROUP_FFDHE2048,
    GNUTLS_GROUP_FFDHE3072,
    GNUTLS_GROUP_FFDHE4096,
    GNUTLS_GROUP_FFDHE6144,
    GNUTLS_GROUP_FFDHE8192,
    GNUTLS_GROUP_EXP_X25519_MLKEM768,
    GNUTLS_GROUP_INVALID,
];

static NAMES: Lazy<Vec<(gnutls_group_t, CString)>> = Lazy::new(|| {
    Group::ALL
        .iter()
        .filter(|g| g.is_named())
        .filter_map(|g| CString::new(g.name()).ok().map(|n| (g.id(), n)))
        .collect()
});

/// `gnutls_group_get_name`: None for 0, unknown numbers and curves that are no group.
pub fn name(group: gnutls_group_t) -> Option<&'static CStr> {
    NAMES.iter().find(|(id, _)| *id == group).map(|(_, n)| n.as_c_str())
}

/// `gnutls_group_get_id`: case-insensitive, and only groups usable for key exchange.
pub fn id(name: &str) -> gnutls_group_t {
    Group::ALL
        .iter()
        .find(|g| g.is_supported() && g.name().eq_ignore_ascii_case(name))
        .map_or(GNUTLS_GROUP_INVALID, |g| g.id())
}

pub fn list() -> &'static [gnutls_group_t] {
    &LIST
}

/// GnuTLS's number for a group rustls negotiated.
pub fn from_rustls(group: NamedGroup) -> gnutls_group_t {
    match group {
        NamedGroup::secp256r1 => GNUTLS_GROUP_SECP256R1,
        NamedGroup::secp384r1 => GNUTLS_GROUP_SECP384R1,
        NamedGroup::secp521r1 => GNUTLS_GROUP_SECP521R1,
        NamedGroup::X25519 => GNUTLS_GROUP_X25519,
        NamedGroup::X448 => GNUTLS_GROUP_X448,
        NamedGroup::FFDHE2048 => GNUTLS_GROUP_FFDHE2048,
        NamedGroup::FFDHE3072 => GNUTLS_GROUP_FFDHE3072,
        NamedGroup::FFDHE4096 => GNUTLS_GROUP_FFDHE4096,
        NamedGroup::FFDHE6144 => GNUTLS_GROUP_FFDHE6144,
        NamedGroup::FFDHE8192 => GNUTLS_GROUP_FFDHE8192,
        NamedGroup::X25519MLKEM768 => GNUTLS_GROUP_EXP_X25519_MLKEM768,
        _ => GNUTLS_GROUP_INVALID,
    }
}

impl Session {
    /// `gnutls_group_get`: the group of the key exchange, once the peer's share is in; a
    /// TLS 1.2 session resumed without a key exchange has none.
    pub fn group(&self) -> gnutls_group_t {
        let kx = self.tls.as_ref().and_then(|t| t.link.conn.negotiated_key_exchange_group());
        kx.map_or(GNUTLS_GROUP_INVALID, |g| from_rustls(g.name()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_are_gnutls_ones() {
        assert_eq!(name(GNUTLS_GROUP_X25519), Some(c"X25519"));
        assert_eq!(name(GNUTLS_GROUP_EXP_X25519_MLKEM768), Some(c"X25519-MLKEM768"));
        assert_eq!(name(GNUTLS_GROUP_GC256A), Some(c"GC256A"));
        assert_eq!(name(0), None);
        assert_eq!(name(7), None, "Ed25519 is a curve, not a group");
        assert_eq!(id("x25519"), GNUTLS_GROUP_X25519);
        assert_eq!(id("X25519-MLKEM768"), GNUTLS_GROUP_EXP_X25519_MLKEM768);
        assert_eq!(id("GC256A"), GNUTLS_GROUP_INVALID, "named but not supported");
        assert_eq!(id("Ed25519"), GNUTLS_GROUP_INVALID);
        assert_eq!(list().last(), Some(&GNUTLS_GROUP_INVALID));
        assert!(list().iter().filter(|&&g| g != 0).all(|&g| name(g).is_some_and(|n| id(n.to_str().unwrap_or("")) == g)));
    }
}
