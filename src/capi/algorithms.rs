//! Algorithm names and identifiers, and what a session negotiated (GnuTLS manual:
//! "Core TLS API", algorithm functions).

use libc::{c_char, c_uint, size_t};

use super::session_of;
use super::types::*;
use crate::algorithms::*;
use crate::constants::*;

entry! {
    pub fn gnutls_protocol_get_version(session: gnutls_session_t) -> gnutls_protocol_t {
        Ok(session_of(session).ok().and_then(|s| s.negotiated()).map_or(GNUTLS_VERSION_UNKNOWN, |n| n.version))
    }

    pub fn gnutls_cipher_get(session: gnutls_session_t) -> gnutls_cipher_algorithm_t {
        Ok(session_of(session)?.negotiated().map_or(GNUTLS_CIPHER_UNKNOWN, |n| n.cipher))
    }

    pub fn gnutls_kx_get(session: gnutls_session_t) -> gnutls_kx_algorithm_t {
        Ok(session_of(session)?.negotiated().map_or(GNUTLS_KX_UNKNOWN, |n| n.kx))
    }

    pub fn gnutls_mac_get(session: gnutls_session_t) -> gnutls_mac_algorithm_t {
        Ok(session_of(session)?.negotiated().map_or(GNUTLS_MAC_UNKNOWN, |n| n.mac))
    }

    pub fn gnutls_protocol_get_name(version: gnutls_protocol_t) -> *const c_char {
        Ok(protocol_name(version))
    }

    pub fn gnutls_cipher_get_name(algorithm: gnutls_cipher_algorithm_t) -> *const c_char {
        Ok(cipher_name(algorithm))
    }

    pub fn gnutls_kx_get_name(algorithm: gnutls_kx_algorithm_t) -> *const c_char {
        Ok(kx_name(algorithm))
    }

    pub fn gnutls_mac_get_name(algorithm: gnutls_mac_algorithm_t) -> *const c_char {
        Ok(mac_name(algorithm))
    }

    pub fn gnutls_pk_algorithm_get_name(algorithm: gnutls_pk_algorithm_t) -> *const c_char {
        Ok(pk_name(algorithm))
    }

    pub fn gnutls_digest_get_name(algorithm: gnutls_digest_algorithm_t) -> *const c_char {
        Ok(digest_name(algorithm))
    }

    pub fn gnutls_cipher_suite_get_name(
        kx_algorithm: gnutls_kx_algorithm_t,
        cipher_algorithm: gnutls_cipher_algorithm_t,
        mac_algorithm: gnutls_mac_algorithm_t,
    ) -> *const c_char {
        Ok(suite_name(kx_algorithm, cipher_algorithm, mac_algorithm))
    }

    pub fn gnutls_certificate_type_get(session: gnutls_session_t) -> gnutls_certificate_type_t {
        let _ = session;
        Ok(certificate_type())
    }

    pub fn gnutls_certificate_type_get_name(type_: gnutls_certificate_type_t) -> *const c_char {
        Ok(certificate_type_name(type_))
    }

    pub fn gnutls_cipher_get_key_size(algorithm: gnutls_cipher_algorithm_t) -> size_t {
        Ok(cipher_key_size(algorithm))
    }

    pub fn gnutls_hash_get_len(algorithm: gnutls_digest_algorithm_t) -> c_uint {
        Ok(digest_size(algorithm))
    }
}

entry! {
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get(session: gnutls_session_t) -> gnutls_group_t {
        Ok(session_of(session)?.group())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get_name(group: gnutls_group_t) -> *const c_char {
        Ok(crate::groups::name(group))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get_id(name: *const c_char) -> gnutls_group_t {
        Ok(crate::groups::id(super::str_arg(name)?))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_list() -> *const gnutls_group_t {
        Ok(crate::groups::list().as_ptr())
    }
}
