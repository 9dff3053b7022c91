//! Algorithm names and identifiers, and what a session negotiated (GnuTLS manual:
//! "Core TLS API", algorithm functions).

use libc::{c_char, c_int, c_uchar, c_uint, size_t};

use super::types::*;
use super::{out, session_of, str_arg};
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

    /// A static string, or NULL before the handshake is done.
    #[node(GNUTLS_3_7_4)]
    pub fn gnutls_ciphersuite_get(session: gnutls_session_t) -> *const c_char {
        Ok(session_of(session)?.ciphersuite_name())
    }

    /// The type of our own certificate (`gnutls_certificate_type_get2` with GNUTLS_CTYPE_OURS).
    pub fn gnutls_certificate_type_get(session: gnutls_session_t) -> gnutls_certificate_type_t {
        Ok(session_of(session)?.certificate_type(GNUTLS_CTYPE_OURS))
    }

    /// The certificate type a side presents (GNUTLS_CTYPE_CLIENT / _SERVER / _OURS / _PEERS):
    /// X.509, or a raw public key when negotiated (GNUTLS_ENABLE_RAWPK).
    #[node(GNUTLS_3_6_4)]
    pub fn gnutls_certificate_type_get2(session: gnutls_session_t, target: gnutls_ctype_target_t) -> gnutls_certificate_type_t {
        Ok(session_of(session)?.certificate_type(target))
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

/// A name argument; NULL names nothing, as GnuTLS's lookups find nothing for it.
unsafe fn name_arg<'a>(name: *const c_char) -> Option<&'a str> {
    str_arg(name).ok()
}

entry! {
    pub fn gnutls_cipher_get_id(name: *const c_char) -> gnutls_cipher_algorithm_t {
        Ok(name_arg(name).map_or(GNUTLS_CIPHER_UNKNOWN, cipher_id))
    }

    pub fn gnutls_mac_get_id(name: *const c_char) -> gnutls_mac_algorithm_t {
        Ok(name_arg(name).map_or(GNUTLS_MAC_UNKNOWN, mac_id))
    }

    pub fn gnutls_kx_get_id(name: *const c_char) -> gnutls_kx_algorithm_t {
        Ok(name_arg(name).map_or(GNUTLS_KX_UNKNOWN, kx_id))
    }

    pub fn gnutls_protocol_get_id(name: *const c_char) -> gnutls_protocol_t {
        Ok(name_arg(name).map_or(GNUTLS_VERSION_UNKNOWN, protocol_id))
    }

    pub fn gnutls_certificate_type_get_id(name: *const c_char) -> gnutls_certificate_type_t {
        Ok(name_arg(name).map_or(GNUTLS_CRT_UNKNOWN, certificate_type_id))
    }

    pub fn gnutls_cipher_list() -> *const gnutls_cipher_algorithm_t {
        Ok(CIPHER_LIST.as_ptr())
    }

    pub fn gnutls_mac_list() -> *const gnutls_mac_algorithm_t {
        Ok(MAC_LIST.as_ptr())
    }

    pub fn gnutls_digest_list() -> *const gnutls_digest_algorithm_t {
        Ok(DIGEST_LIST.as_ptr())
    }

    pub fn gnutls_kx_list() -> *const gnutls_kx_algorithm_t {
        Ok(KX_LIST.as_ptr())
    }

    pub fn gnutls_protocol_list() -> *const gnutls_protocol_t {
        Ok(PROTOCOL_LIST.as_ptr())
    }

    pub fn gnutls_certificate_type_list() -> *const gnutls_certificate_type_t {
        Ok(CERTIFICATE_TYPE_LIST.as_ptr())
    }

    pub fn gnutls_compression_get_name(arg0: gnutls_compression_method_t) -> *const c_char {
        Ok(compression_name(arg0))
    }

    pub fn gnutls_compression_get_id(arg0: *const c_char) -> gnutls_compression_method_t {
        Ok(name_arg(arg0).map_or(GNUTLS_COMP_UNKNOWN, compression_id))
    }

    pub fn gnutls_compression_list() -> *const gnutls_compression_method_t {
        Ok(COMPRESSION_LIST.as_ptr())
    }

    /// GnuTLS 3.7 compresses no session, established or not.
    pub fn gnutls_compression_get(arg0: gnutls_session_t) -> gnutls_compression_method_t {
        session_of(arg0)?;
        Ok(GNUTLS_COMP_NULL)
    }

    pub fn gnutls_sign_get_name(algorithm: gnutls_sign_algorithm_t) -> *const c_char {
        Ok(sign_name(algorithm))
    }

    pub fn gnutls_sign_get_id(name: *const c_char) -> gnutls_sign_algorithm_t {
        Ok(name_arg(name).map_or(GNUTLS_SIGN_UNKNOWN, sign_id))
    }

    pub fn gnutls_sign_get_oid(sign: gnutls_sign_algorithm_t) -> *const c_char {
        Ok(sign_oid(sign))
    }

    pub fn gnutls_oid_to_sign(oid: *const c_char) -> gnutls_sign_algorithm_t {
        Ok(name_arg(oid).map_or(GNUTLS_SIGN_UNKNOWN, oid_to_sign))
    }

    pub fn gnutls_sign_get_pk_algorithm(sign: gnutls_sign_algorithm_t) -> gnutls_pk_algorithm_t {
        Ok(sign_pk(sign))
    }

    pub fn gnutls_sign_is_secure(algorithm: gnutls_sign_algorithm_t) -> c_uint {
        Ok(sign_is_secure(algorithm, 0))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_sign_is_secure2(algorithm: gnutls_sign_algorithm_t, flags: c_uint) -> c_uint {
        Ok(sign_is_secure(algorithm, flags))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_sign_supports_pk_algorithm(sign: gnutls_sign_algorithm_t, pk: gnutls_pk_algorithm_t) -> c_uint {
        Ok(sign_supports_pk(sign, pk))
    }

    pub fn gnutls_sign_list() -> *const gnutls_sign_algorithm_t {
        Ok(SIGN_LIST.as_ptr())
    }

    pub fn gnutls_pk_get_name(algorithm: gnutls_pk_algorithm_t) -> *const c_char {
        Ok(pk_get_name(algorithm))
    }

    pub fn gnutls_pk_get_id(name: *const c_char) -> gnutls_pk_algorithm_t {
        Ok(name_arg(name).map_or(GNUTLS_PK_UNKNOWN, pk_id))
    }

    pub fn gnutls_pk_get_oid(algorithm: gnutls_pk_algorithm_t) -> *const c_char {
        Ok(pk_oid(algorithm))
    }

    pub fn gnutls_pk_list() -> *const gnutls_pk_algorithm_t {
        Ok(PK_LIST.as_ptr())
    }

    pub fn gnutls_pk_to_sign(pk: gnutls_pk_algorithm_t, hash: gnutls_digest_algorithm_t) -> gnutls_sign_algorithm_t {
        Ok(pk_to_sign(pk, hash))
    }

    pub fn gnutls_pk_bits_to_sec_param(algo: gnutls_pk_algorithm_t, bits: c_uint) -> gnutls_sec_param_t {
        Ok(pk_bits_to_sec_param(algo, bits))
    }

    pub fn gnutls_sec_param_to_pk_bits(algo: gnutls_pk_algorithm_t, param: gnutls_sec_param_t) -> c_uint {
        Ok(sec_param_to_pk_bits(algo, param))
    }

    pub fn gnutls_sec_param_to_symmetric_bits(param: gnutls_sec_param_t) -> c_uint {
        Ok(sec_param_to_symmetric_bits(param))
    }

    pub fn gnutls_sec_param_get_name(param: gnutls_sec_param_t) -> *const c_char {
        Ok(sec_param_name(param))
    }

    pub fn gnutls_ecc_curve_get_name(curve: gnutls_ecc_curve_t) -> *const c_char {
        Ok(curve_name(curve))
    }

    pub fn gnutls_ecc_curve_get_id(name: *const c_char) -> gnutls_ecc_curve_t {
        Ok(name_arg(name).map_or(GNUTLS_ECC_CURVE_INVALID, curve_id))
    }

    pub fn gnutls_ecc_curve_get_oid(curve: gnutls_ecc_curve_t) -> *const c_char {
        Ok(curve_oid(curve))
    }

    pub fn gnutls_oid_to_ecc_curve(oid: *const c_char) -> gnutls_ecc_curve_t {
        Ok(name_arg(oid).map_or(GNUTLS_ECC_CURVE_INVALID, oid_to_curve))
    }

    pub fn gnutls_ecc_curve_get_pk(curve: gnutls_ecc_curve_t) -> gnutls_pk_algorithm_t {
        Ok(curve_pk(curve))
    }

    pub fn gnutls_ecc_curve_get_size(curve: gnutls_ecc_curve_t) -> c_int {
        Ok(curve_size(curve))
    }

    pub fn gnutls_ecc_curve_list() -> *const gnutls_ecc_curve_t {
        Ok(CURVE_LIST.as_ptr())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get_name(group: gnutls_group_t) -> *const c_char {
        Ok(group_name(group))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get_id(name: *const c_char) -> gnutls_group_t {
        Ok(name_arg(name).map_or(GNUTLS_GROUP_INVALID, group_id))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_list() -> *const gnutls_group_t {
        Ok(GROUP_LIST.as_ptr())
    }

    /// GnuTLS's cipher-suite table, row `idx`: its TLS id, kx, cipher, MAC and minimum
    /// version through the (optional) out-parameters, and its name.
    pub fn gnutls_cipher_suite_info(
        idx: size_t,
        cs_id: *mut c_uchar,
        kx: *mut gnutls_kx_algorithm_t,
        cipher: *mut gnutls_cipher_algorithm_t,
        mac: *mut gnutls_mac_algorithm_t,
        min_version: *mut gnutls_protocol_t,
    ) -> *const c_char {
        let Some(row) = suite_info(idx) else { return Ok(None) };
        if !cs_id.is_null() {
            std::ptr::copy_nonoverlapping(row.id.as_ptr(), cs_id, 2);
        }
        out(kx, row.kx);
        out(cipher, row.cipher);
        out(mac, row.mac);
        out(min_version, row.min_version);
        Ok(Some(row.name))
    }
}

// What an established session negotiated besides its suite.
entry! {
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_group_get(session: gnutls_session_t) -> gnutls_group_t {
        Ok(session_of(session)?.negotiated_group())
    }

    pub fn gnutls_ecc_curve_get(session: gnutls_session_t) -> gnutls_ecc_curve_t {
        Ok(session_of(session)?.negotiated_curve())
    }

    pub fn gnutls_sign_algorithm_get(session: gnutls_session_t) -> c_int {
        Ok(session_of(session)?.server_signature() as c_int)
    }

    pub fn gnutls_sign_algorithm_get_client(session: gnutls_session_t) -> c_int {
        Ok(session_of(session)?.client_signature() as c_int)
    }

    pub fn gnutls_auth_get_type(session: gnutls_session_t) -> gnutls_credentials_type_t {
        Ok(session_of(session)?.auth_type())
    }

    pub fn gnutls_auth_server_get_type(session: gnutls_session_t) -> gnutls_credentials_type_t {
        Ok(session_of(session)?.auth_type())
    }

    pub fn gnutls_auth_client_get_type(session: gnutls_session_t) -> gnutls_credentials_type_t {
        Ok(session_of(session)?.auth_type())
    }

    pub fn gnutls_safe_renegotiation_status(session: gnutls_session_t) -> c_uint {
        Ok(session_of(session)?.safe_renegotiation())
    }

    pub fn gnutls_dh_get_prime_bits(session: gnutls_session_t) -> c_int {
        Ok(session_of(session)?.dh_prime_bits()? as c_int)
    }

    /// The smallest finite-field prime a client accepts from a TLS 1.2 DHE server. rustls
    /// implements no DHE suite, and GnuTLS applies this to none of the key exchanges
    /// rustls does (ECDHE, and TLS 1.3's named groups, 2048 bits and up), so it changes
    /// no handshake here either.
    pub fn gnutls_dh_set_prime_bits(session: gnutls_session_t, bits: c_uint) {
        let _ = bits;
        session_of(session)?;
        Ok(())
    }

    pub fn gnutls_dh_get_secret_bits(session: gnutls_session_t) -> c_int {
        session_of(session)?.dh_key_bits(false)
    }

    pub fn gnutls_dh_get_peers_public_bits(session: gnutls_session_t) -> c_int {
        session_of(session)?.dh_key_bits(true)
    }

    /// The description is allocated for the caller, who frees it with `gnutls_free`.
    pub fn gnutls_session_get_desc(session: gnutls_session_t) -> *mut c_char {
        let Some(desc) = session_of(session)?.description() else { return Ok(std::ptr::null_mut()) };
        let desc = std::ffi::CString::new(desc).map_err(|_| crate::errors::Error::INTERNAL)?;
        Ok(libc::strdup(desc.as_ptr()))
    }
}

entry! {
    pub fn gnutls_digest_get_oid(algorithm: gnutls_digest_algorithm_t) -> *const c_char {
        Ok(digest_oid(algorithm))
    }

    pub fn gnutls_oid_to_digest(oid: *const c_char) -> gnutls_digest_algorithm_t {
        Ok(name_arg(oid).map_or(GNUTLS_DIG_UNKNOWN, oid_to_digest))
    }

    pub fn gnutls_oid_to_mac(oid: *const c_char) -> gnutls_mac_algorithm_t {
        Ok(name_arg(oid).map_or(GNUTLS_MAC_UNKNOWN, oid_to_mac))
    }

    pub fn gnutls_oid_to_pk(oid: *const c_char) -> gnutls_pk_algorithm_t {
        Ok(name_arg(oid).map_or(GNUTLS_PK_UNKNOWN, oid_to_pk))
    }

    pub fn gnutls_handshake_description_get_name(type_: gnutls_handshake_description_t) -> *const c_char {
        Ok(handshake_name(type_))
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_gost_paramset_get_name(param: gnutls_gost_paramset_t) -> *const c_char {
        Ok(gost_paramset_name(param))
    }
}

entry! {
    #[node(GNUTLS_3_6_12)]
    pub fn gnutls_certificate_verification_profile_get_name(id: gnutls_certificate_verification_profiles_t) -> *const c_char {
        Ok(profile_name(id))
    }

    #[node(GNUTLS_3_6_12)]
    pub fn gnutls_certificate_verification_profile_get_id(name: *const c_char) -> gnutls_certificate_verification_profiles_t {
        Ok(name_arg(name).map_or(GNUTLS_PROFILE_UNKNOWN, profile_id))
    }
}

/// Fills a caller's datum as GnuTLS's `_gnutls_set_datum` does: nothing is NULL and 0.
unsafe fn set_datum(datum: *mut gnutls_datum_t, bytes: &[u8]) -> Result<(), crate::errors::Error> {
    let datum = super::borrow(datum)?;
    *datum = if bytes.is_empty() { gnutls_datum_t { data: std::ptr::null_mut(), size: 0 } } else { gnutls_datum_t::copy_of(bytes)? };
    Ok(())
}

entry! {
    pub fn gnutls_ext_get_name(ext: c_uint) -> *const c_char {
        Ok(extension_name(ext))
    }

    /// No supplemental data format is registered (`gnutls_supplemental_register` is not
    /// implemented), so none has a name, as in GnuTLS without registrations.
    pub fn gnutls_supplemental_get_name(type_: gnutls_supplemental_data_format_type_t) -> *const c_char {
        let _ = type_;
        Ok(None)
    }

    pub fn gnutls_dh_get_group(session: gnutls_session_t, raw_gen: *mut gnutls_datum_t, raw_prime: *mut gnutls_datum_t) -> c_int {
        let (generator, prime) = session_of(session)?.dh_group()?;
        set_datum(raw_prime, prime)?;
        set_datum(raw_gen, generator)
    }

    pub fn gnutls_dh_get_pubkey(session: gnutls_session_t, raw_key: *mut gnutls_datum_t) -> c_int {
        set_datum(raw_key, session_of(session)?.dh_peer_public_key()?)
    }
}

// GnuTLS 3.7.3's system-configuration overrides (see `system_override`).
entry! {
    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_ecc_curve_set_enabled(curve: gnutls_ecc_curve_t, enabled: c_uint) -> c_int {
        let _ = (curve, enabled);
        system_override()
    }

    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_sign_set_secure(sign: gnutls_sign_algorithm_t, secure: c_uint) -> c_int {
        let _ = (sign, secure);
        system_override()
    }

    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_sign_set_secure_for_certs(sign: gnutls_sign_algorithm_t, secure: c_uint) -> c_int {
        let _ = (sign, secure);
        system_override()
    }

    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_digest_set_secure(dig: gnutls_digest_algorithm_t, secure: c_uint) -> c_int {
        let _ = (dig, secure);
        system_override()
    }

    #[node(GNUTLS_3_7_3)]
    pub fn gnutls_protocol_set_enabled(version: gnutls_protocol_t, enabled: c_uint) -> c_int {
        let _ = (version, enabled);
        system_override()
    }
}

entry! {
    pub fn gnutls_sign_algorithm_get_requested(session: gnutls_session_t, indx: size_t, algo: *mut gnutls_sign_algorithm_t) -> c_int {
        let sign = session_of(session)?.requested_signature(indx)?;
        out(algo, sign);
        Ok(())
    }
}
