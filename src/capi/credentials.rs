//! Credentials (GnuTLS manual: "Certificate credentials", "Anonymous", "PSK", "SRP",
//! Diffie-Hellman parameters): the certificate credentials sessions share, and the
//! credential types rustls has no key exchange for, which are accepted and unusable.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t, time_t};

use super::ctypes::gnutls_status_request_ocsp_func;

use super::types::*;
use super::{borrow, borrow_ref, datum_arg, datum_out, free_handle, new_handle, out, release_shared, share, str_arg};
use crate::constants::*;
use crate::credentials::{check_psk_key_flags, read_file, CertificateCredentials};
use crate::dh_params::DhParams;
use crate::x509::pem;
use crate::errors::Error;

unsafe fn creds<'a>(p: gnutls_certificate_credentials_t) -> Result<&'a CertificateCredentials, Error> {
    borrow_ref(p as *const CertificateCredentials)
}

/// A C password argument; NULL means none.
unsafe fn password<'a>(pass: *const c_char) -> Option<&'a [u8]> {
    (!pass.is_null()).then(|| std::ffi::CStr::from_ptr(pass).to_bytes())
}

/// A C array of `n` names (NULL with none).
unsafe fn names_arg(names: *mut *const c_char, n: usize) -> Result<Vec<String>, Error> {
    if n > 0 && names.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n).map(|i| str_arg(*names.add(i)).map(str::to_owned)).collect()
}

/// The DER of a private key object.
unsafe fn privkey_der<'a>(key: super::types::gnutls_x509_privkey_t) -> Result<&'a [u8], Error> {
    borrow_ref(key as *const super::types::gnutls_x509_privkey_int)?.pkcs8_der()
}

/// GnuTLS's `GNUTLS_TL_GET_COPY`: the caller gets its own copy to free.
const TL_GET_COPY: c_uint = 1 << 4;

entry! {
    /// The program's check of the peer's certificate: called once the handshake has the peer's
    /// chain (`gnutls_certificate_get_peers`, `verify_peers3` work inside it); a non-zero
    /// return fails the handshake with `GNUTLS_E_CERTIFICATE_ERROR`, as in GnuTLS.
    pub fn gnutls_certificate_set_verify_function(cred: gnutls_certificate_credentials_t, func: *mut super::ctypes::gnutls_certificate_verify_function) {
        creds(cred)?;
        super::callbacks::set_verify_function(cred as *const CertificateCredentials, func);
        Ok(())
    }
}

entry! {
    pub fn gnutls_certificate_allocate_credentials(res: *mut gnutls_certificate_credentials_t) -> c_int {
        let res = borrow(res)?;
        let creds = CertificateCredentials::new();
        creds.set_pin(super::pkcs11::pin_source(None, std::ptr::null_mut()));
        *res = share(creds);
        Ok(())
    }

    /// The function is asked for the password of an encrypted key loaded without one (and
    /// would be for tokens' PINs, which we never open).
    pub fn gnutls_certificate_set_pin_function(res: gnutls_certificate_credentials_t, fn_: super::pkcs11::gnutls_pin_callback_t, userdata: *mut libc::c_void) {
        Ok(creds(res)?.set_pin(super::pkcs11::pin_source(fn_, userdata)))
    }

    /// Sessions hold their own reference, so freeing credentials a session still uses is safe
    /// (GnuTLS requires the program not to; we do not rely on it).
    pub fn gnutls_certificate_free_credentials(sc: gnutls_certificate_credentials_t) {
        super::callbacks::forget_credential_callbacks(sc as *const CertificateCredentials);
        release_shared(sc as *const CertificateCredentials);
        Ok(())
    }

    pub fn gnutls_certificate_set_x509_trust_file(cred: gnutls_certificate_credentials_t, cafile: *const c_char, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(cred)?.add_trust_bytes(&read_file(str_arg(cafile)?)?, type_)
    }

    pub fn gnutls_certificate_set_x509_trust_mem(res: gnutls_certificate_credentials_t, ca: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(res)?.add_trust_bytes(datum_arg(ca)?, type_)
    }

    /// Every file of the directory that holds certificates in the given format is loaded;
    /// files that do not parse are skipped, as GnuTLS does.
    pub fn gnutls_certificate_set_x509_trust_dir(cred: gnutls_certificate_credentials_t, ca_dir: *const c_char, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(cred)?.add_trust_dir(str_arg(ca_dir)?, type_)
    }

    pub fn gnutls_certificate_set_x509_system_trust(cred: gnutls_certificate_credentials_t) -> c_int {
        creds(cred)?.add_system_trust()
    }

    pub fn gnutls_certificate_set_x509_crl_file(res: gnutls_certificate_credentials_t, crlfile: *const c_char, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(res)?.add_crls(&read_file(str_arg(crlfile)?)?, type_)
    }

    pub fn gnutls_certificate_set_x509_crl_mem(res: gnutls_certificate_credentials_t, crl: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(res)?.add_crls(datum_arg(crl)?, type_)
    }

}

// The CRLs of certificate credentials (verified against the CAs held when
// gnutls_certificate_set_flags gave GNUTLS_CERTIFICATE_VERIFY_CRLS, as gnutls-cli asks).
entry! {
    /// Copies of the CRLs are kept (the program keeps its objects); returns how many.
    pub fn gnutls_certificate_set_x509_crl(res: gnutls_certificate_credentials_t, crl_list: *mut gnutls_x509_crl_t, crl_list_size: c_int) -> c_int {
        let c = creds(res)?;
        let n = c_uint::try_from(crl_list_size).map_err(|_| Error::INVALID_REQUEST)?;
        let crls = super::crl::crls_of(crl_list, n)?;
        c.add_crl_ders(crls.iter().map(|crl| crl.der().to_vec()).collect())
    }

    /// GnuTLS 3.7.9 does nothing here (the CRLs stay: they are the trust list's).
    pub fn gnutls_certificate_free_crls(sc: gnutls_certificate_credentials_t) {
        let _ = sc;
        Ok(())
    }
}

entry! {
    pub fn gnutls_certificate_set_x509_key_file(res: gnutls_certificate_credentials_t, certfile: *const c_char, keyfile: *const c_char, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(res)?.set_own(&read_file(str_arg(certfile)?)?, &read_file(str_arg(keyfile)?)?, type_, None)
    }

    pub fn gnutls_certificate_set_x509_key_mem(res: gnutls_certificate_credentials_t, cert: *const gnutls_datum_t, key: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t) -> c_int {
        creds(res)?.set_own(datum_arg(cert)?, datum_arg(key)?, type_, None)
    }

    /// A raw public key (RFC 7250; SubjectPublicKeyInfo, PEM or DER) and its private key,
    /// both from files, for sessions made with GNUTLS_ENABLE_RAWPK. The private key file is
    /// read first, as GnuTLS reads it (PKCS #11 URLs are not read: the tokens are GnuTLS's).
    // divergence: key_usage is accepted and not enforced on our own signatures.
    #[node(GNUTLS_3_6_6)]
    pub fn gnutls_certificate_set_rawpk_key_file(cred: gnutls_certificate_credentials_t, rawpkfile: *const c_char, privkeyfile: *const c_char, format: gnutls_x509_crt_fmt_t, pass: *const c_char, key_usage: c_uint, names: *mut *const c_char, names_length: c_uint, privkey_flags: c_uint, pkcs11_flags: c_uint) -> c_int {
        let _ = (key_usage, privkey_flags, pkcs11_flags);
        let c = creds(cred)?;
        if rawpkfile.is_null() || privkeyfile.is_null() {
            return Err(Error::INSUFFICIENT_CREDENTIALS);
        }
        let key = read_file(str_arg(privkeyfile)?)?;
        let spki = read_file(str_arg(rawpkfile)?)?;
        c.set_rawpk(&spki, &key, format, password(pass), names_arg(names, names_length as usize)?)
    }

    /// Like `gnutls_certificate_set_rawpk_key_file`, from memory.
    #[node(GNUTLS_3_6_6)]
    pub fn gnutls_certificate_set_rawpk_key_mem(cred: gnutls_certificate_credentials_t, spki: *const gnutls_datum_t, pkey: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, pass: *const c_char, key_usage: c_uint, names: *mut *const c_char, names_length: c_uint, flags: c_uint) -> c_int {
        let _ = (key_usage, flags);
        let c = creds(cred)?;
        if spki.is_null() || pkey.is_null() {
            return Err(Error::INSUFFICIENT_CREDENTIALS);
        }
        c.set_rawpk(datum_arg(spki)?, datum_arg(pkey)?, format, password(pass), names_arg(names, names_length as usize)?)
    }

    pub fn gnutls_certificate_set_flags(res: gnutls_certificate_credentials_t, flags: c_uint) {
        Ok(creds(res)?.set_flags(flags))
    }

    // ---- PKCS #12 files ----

    /// The key, its chain and the first CRL of a PKCS#12 file (`password` also checks the
    /// MAC); see `gnutls_pkcs12_simple_parse`.
    pub fn gnutls_certificate_set_x509_simple_pkcs12_mem(res: gnutls_certificate_credentials_t, p12blob: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t, password: *const c_char) -> c_int {
        creds(res)?.add_pkcs12(datum_arg(p12blob)?, type_, self::password(password))
    }

    pub fn gnutls_certificate_set_x509_simple_pkcs12_file(res: gnutls_certificate_credentials_t, pkcs12file: *const c_char, type_: gnutls_x509_crt_fmt_t, password: *const c_char) -> c_int {
        creds(res)?.add_pkcs12(&read_file(str_arg(pkcs12file)?)?, type_, self::password(password))
    }

    // ---- Flags ----

    pub fn gnutls_certificate_get_verify_flags(res: gnutls_certificate_credentials_t) -> c_uint {
        Ok(creds(res)?.verify_flags())
    }

    pub fn gnutls_certificate_set_verify_flags(res: gnutls_certificate_credentials_t, flags: c_uint) {
        Ok(creds(res)?.set_verify_flags(flags))
    }

    /// Like `gnutls_certificate_set_x509_key_file`, for a key that may be password-protected
    /// (PKCS#8 "ENCRYPTED PRIVATE KEY", as GnuTLS's PKCS#8 decryption takes).
    pub fn gnutls_certificate_set_x509_key_file2(res: gnutls_certificate_credentials_t, certfile: *const c_char, keyfile: *const c_char, type_: gnutls_x509_crt_fmt_t, pass: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        creds(res)?.set_own(&read_file(str_arg(certfile)?)?, &read_file(str_arg(keyfile)?)?, type_, password(pass))
    }

    /// Like `gnutls_certificate_set_x509_key_mem`, for a key that may be password-protected.
    pub fn gnutls_certificate_set_x509_key_mem2(res: gnutls_certificate_credentials_t, cert: *const gnutls_datum_t, key: *const gnutls_datum_t, type_: gnutls_x509_crt_fmt_t, pass: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        creds(res)?.set_own(datum_arg(cert)?, datum_arg(key)?, type_, password(pass))
    }

    /// Adds parsed CA certificates; returns how many were added.
    pub fn gnutls_certificate_set_x509_trust(res: gnutls_certificate_credentials_t, ca_list: *mut gnutls_x509_crt_t, ca_list_size: c_int) -> c_int {
        let c = creds(res)?;
        let n = usize::try_from(ca_list_size).map_err(|_| Error::INVALID_REQUEST)?;
        c.add_trust(super::x509::chain_of(ca_list, n)?)
    }

    /// GnuTLS 3.7.9 does nothing here (the CAs stay: they are the trust list's).
    pub fn gnutls_certificate_free_cas(sc: gnutls_certificate_credentials_t) {
        let _ = sc;
        Ok(())
    }

    pub fn gnutls_certificate_free_keys(sc: gnutls_certificate_credentials_t) {
        Ok(creds(sc)?.free_keys())
    }

    /// A server's certificate requests name no CA from now on.
    pub fn gnutls_certificate_free_ca_names(sc: gnutls_certificate_credentials_t) {
        Ok(creds(sc)?.free_ca_names())
    }

    /// `max_depth`: the longest peer chain `gnutls_certificate_verify_peers*` verifies
    /// (longer: GNUTLS_E_CONSTRAINT_ERROR); 0 for any.
    pub fn gnutls_certificate_set_verify_limits(res: gnutls_certificate_credentials_t, max_bits: c_uint, max_depth: c_uint) {
        let _ = max_bits;
        Ok(creds(res)?.set_verify_limits(max_depth))
    }

    pub fn gnutls_certificate_set_x509_key(res: gnutls_certificate_credentials_t, cert_list: *mut gnutls_x509_crt_t, cert_list_size: c_int, key: super::types::gnutls_x509_privkey_t) -> c_int {
        let c = creds(res)?;
        let n = usize::try_from(cert_list_size).map_err(|_| Error::INVALID_REQUEST)?;
        c.add_own_der(super::x509::chain_of(cert_list, n)?, privkey_der(key)?)
    }

    /// The trusted certificate that issued `cert`, if the credentials hold one. Unless the
    /// caller asks for a copy, the credentials keep the object it is given.
    pub fn gnutls_certificate_get_issuer(sc: gnutls_certificate_credentials_t, cert: gnutls_x509_crt_t, issuer: *mut gnutls_x509_crt_t, flags: c_uint) -> c_int {
        let c = creds(sc)?;
        let out = borrow(issuer)?;
        let found = super::x509::handle_for(&c.issuer_of(&super::x509::chain_of(&cert, 1)?[0])?)?;
        if flags & TL_GET_COPY == 0 {
            c.keep(Box::from_raw(found))?;
        }
        *out = found;
        Ok(())
    }

    /// The OCSP response (DER) of a file, for chain `idx`.
    pub fn gnutls_certificate_set_ocsp_status_request_file(sc: gnutls_certificate_credentials_t, response_file: *const c_char, idx: c_uint) -> c_int {
        ocsp_file(sc, response_file, idx, GNUTLS_X509_FMT_DER).map(|_| ())
    }

    /// A function the server asks for the status of its certificate at each handshake (of
    /// any chain without its own function).
    pub fn gnutls_certificate_set_ocsp_status_request_function(res: gnutls_certificate_credentials_t, ocsp_func: gnutls_status_request_ocsp_func, ptr: *mut c_void) {
        super::callbacks::set_ocsp_function(creds(res)? as *const CertificateCredentials, None, ocsp_func, ptr);
        Ok(())
    }

    /// The same for chain `idx` only.
    pub fn gnutls_certificate_set_ocsp_status_request_function2(res: gnutls_certificate_credentials_t, idx: c_uint, ocsp_func: gnutls_status_request_ocsp_func, ptr: *mut c_void) -> c_int {
        let c = creds(res)?;
        if idx as usize >= c.own_count() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        super::callbacks::set_ocsp_function(c as *const CertificateCredentials, Some(idx as usize), ocsp_func, ptr);
        Ok(())
    }

    /// The OCSP responses of a file (DER, or every PEM block), for chain `idx`: how many.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_certificate_set_ocsp_status_request_file2(res: gnutls_certificate_credentials_t, response_file: *const c_char, idx: c_uint, fmt: gnutls_x509_crt_fmt_t) -> c_int {
        ocsp_file(res, response_file, idx, fmt)
    }

    /// The OCSP responses in memory (DER, or every PEM block), for chain `idx`: how many.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_certificate_set_ocsp_status_request_mem(res: gnutls_certificate_credentials_t, resp: *const gnutls_datum_t, idx: c_uint, fmt: gnutls_x509_crt_fmt_t) -> c_int {
        let n = creds(res)?.set_ocsp_responses(datum_arg(resp)?, idx as usize, fmt == GNUTLS_X509_FMT_PEM)?;
        Ok(n as c_int)
    }

    /// Until when the response for certificate `oidx` of chain `idx` may be used.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_certificate_get_ocsp_expiration(sc: gnutls_certificate_credentials_t, idx: c_uint, oidx: c_int, flags: c_uint) -> time_t {
        let _ = flags;
        Ok(creds(sc)?.ocsp_expiration(idx as usize, oidx) as time_t)
    }

    // ---- Diffie-Hellman parameters ----

    pub fn gnutls_dh_params_init(dh_params: *mut gnutls_dh_params_t) -> c_int {
        new_handle(dh_params, gnutls_dh_params_int::default())
    }

    pub fn gnutls_dh_params_deinit(dh_params: gnutls_dh_params_t) {
        free_handle(dh_params);
        Ok(())
    }

    pub fn gnutls_dh_params_cpy(dst: gnutls_dh_params_t, src: gnutls_dh_params_t) -> c_int {
        let params = borrow(src)?.params.clone();
        borrow(dst)?.params = params;
        Ok(())
    }

    pub fn gnutls_dh_params_generate2(dh_params: gnutls_dh_params_t, bits: c_uint) -> c_int {
        borrow(dh_params)?.params = DhParams::generate(bits);
        Ok(())
    }

    pub fn gnutls_dh_params_import_pkcs3(params: gnutls_dh_params_t, pkcs3_params: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        let p = borrow(params)?;
        p.params = DhParams::from_pkcs3(datum_arg(pkcs3_params)?, pem(format)?)?;
        Ok(())
    }

    pub fn gnutls_dh_params_import_raw(dh_params: gnutls_dh_params_t, prime: *const gnutls_datum_t, generator: *const gnutls_datum_t) -> c_int {
        borrow(dh_params)?.params = DhParams::from_raw(datum_arg(prime)?, datum_arg(generator)?, None, 0)?;
        Ok(())
    }

    pub fn gnutls_dh_params_import_raw2(dh_params: gnutls_dh_params_t, prime: *const gnutls_datum_t, generator: *const gnutls_datum_t, key_bits: c_uint) -> c_int {
        borrow(dh_params)?.params = DhParams::from_raw(datum_arg(prime)?, datum_arg(generator)?, None, key_bits)?;
        Ok(())
    }

    #[node(GNUTLS_3_6_8)]
    pub fn gnutls_dh_params_import_raw3(dh_params: gnutls_dh_params_t, prime: *const gnutls_datum_t, q: *const gnutls_datum_t, generator: *const gnutls_datum_t) -> c_int {
        let q = if q.is_null() { None } else { Some(datum_arg(q)?) };
        borrow(dh_params)?.params = DhParams::from_raw(datum_arg(prime)?, datum_arg(generator)?, q, 0)?;
        Ok(())
    }

    /// A DSA key's p, q and g, as `gnutls_dh_params_import_raw3` takes them.
    pub fn gnutls_dh_params_import_dsa(dh_params: gnutls_dh_params_t, key: gnutls_x509_privkey_t) -> c_int {
        let (p, q, g, ..) = borrow_ref(key)?.key()?.dsa_parts()?;
        borrow(dh_params)?.params = DhParams::from_raw(&p, &g, Some(&q), 0)?;
        Ok(())
    }

    pub fn gnutls_dh_params_export2_pkcs3(params: gnutls_dh_params_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &borrow(params)?.params.to_pkcs3(pem(format)?)?)
    }

    /// GnuTLS asks room for a NUL in either format, and a NULL buffer with room succeeds.
    pub fn gnutls_dh_params_export_pkcs3(params: gnutls_dh_params_t, format: gnutls_x509_crt_fmt_t, params_data: *mut c_uchar, params_data_size: *mut size_t) -> c_int {
        let bytes = borrow(params)?.params.to_pkcs3(pem(format)?)?;
        let size = borrow(params_data_size)?;
        if *size < bytes.len() + 1 {
            *size = bytes.len() + 1;
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        *size = bytes.len();
        if !params_data.is_null() {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), params_data, bytes.len());
            *params_data.add(bytes.len()) = 0;
        }
        Ok(())
    }

    pub fn gnutls_dh_params_export_raw(params: gnutls_dh_params_t, prime: *mut gnutls_datum_t, generator: *mut gnutls_datum_t, bits: *mut c_uint) -> c_int {
        let (p, g, q_bits) = borrow(params)?.params.raw()?;
        borrow(prime)?;
        datum_out(generator, g)?;
        datum_out(prime, p)?;
        out(bits, q_bits);
        Ok(())
    }

    pub fn gnutls_certificate_set_dh_params(res: gnutls_certificate_credentials_t, dh_params: gnutls_dh_params_t) {
        let _ = (res, dh_params);
        Ok(())
    }

    /// GnuTLS asks the function for DH parameters when a handshake needs them; with
    /// rustls none does (no TLS 1.2 DHE suites), so it is kept by nobody and never called.
    pub fn gnutls_certificate_set_params_function(res: gnutls_certificate_credentials_t, func: *mut super::ctypes::gnutls_params_function) {
        let _ = func;
        creds(res).map(|_| ())
    }

    /// Accepted, as DH parameters are: rustls uses the priority string's groups.
    pub fn gnutls_certificate_set_known_dh_params(res: gnutls_certificate_credentials_t, sec_param: gnutls_sec_param_t) -> c_int {
        let _ = sec_param;
        creds(res).map(|_| ())
    }

    pub fn gnutls_anon_set_server_dh_params(res: gnutls_anon_server_credentials_t, dh_params: gnutls_dh_params_t) {
        let _ = (res, dh_params);
        Ok(())
    }

    pub fn gnutls_psk_set_server_dh_params(res: gnutls_psk_server_credentials_t, dh_params: gnutls_dh_params_t) {
        let _ = (res, dh_params);
        Ok(())
    }

    // ---- SRP ----

    /// rustls has no SRP key exchange.
    pub fn gnutls_srp_allocate_client_credentials(sc: *mut gnutls_srp_client_credentials_t) -> c_int {
        out(sc, std::ptr::null_mut());
        Err::<(), _>(Error::UNIMPLEMENTED)
    }

    /// Nothing is ever allocated, so there is nothing to free.
    pub fn gnutls_srp_free_client_credentials(sc: gnutls_srp_client_credentials_t) {
        let _ = sc;
        Ok(())
    }

    pub fn gnutls_srp_set_client_credentials(res: gnutls_srp_client_credentials_t, username: *const c_char, password: *const c_char) -> c_int {
        let _ = (res, username, password);
        Err::<(), _>(Error::UNIMPLEMENTED)
    }

    // ---- Anonymous and PSK credentials ----

    pub fn gnutls_anon_allocate_client_credentials(sc: *mut gnutls_anon_client_credentials_t) -> c_int {
        new_handle(sc, gnutls_anon_client_credentials_st { _private: 0 })
    }

    pub fn gnutls_anon_free_client_credentials(sc: gnutls_anon_client_credentials_t) {
        free_handle(sc);
        Ok(())
    }

    pub fn gnutls_anon_allocate_server_credentials(sc: *mut gnutls_anon_server_credentials_t) -> c_int {
        new_handle(sc, gnutls_anon_server_credentials_st { _private: 0 })
    }

    pub fn gnutls_anon_free_server_credentials(sc: gnutls_anon_server_credentials_t) {
        free_handle(sc);
        Ok(())
    }

    pub fn gnutls_psk_allocate_client_credentials(sc: *mut gnutls_psk_client_credentials_t) -> c_int {
        new_handle(sc, gnutls_psk_client_credentials_st { _private: 0 })
    }

    pub fn gnutls_psk_free_client_credentials(sc: gnutls_psk_client_credentials_t) {
        free_handle(sc);
        Ok(())
    }

    pub fn gnutls_psk_allocate_server_credentials(sc: *mut gnutls_psk_server_credentials_t) -> c_int {
        new_handle(sc, gnutls_psk_server_credentials_st { _private: 0 })
    }

    pub fn gnutls_psk_free_server_credentials(sc: gnutls_psk_server_credentials_t) {
        free_handle(sc);
        Ok(())
    }

    /// The key is checked and then has no use: no PSK key exchange will run.
    pub fn gnutls_psk_set_client_credentials(res: gnutls_psk_client_credentials_t, username: *const c_char, key: *const gnutls_datum_t, flags: gnutls_psk_key_flags) -> c_int {
        borrow(res)?;
        str_arg(username)?;
        datum_arg(key)?;
        check_psk_key_flags(flags)
    }

    /// GnuTLS reads the file when a client names a user; its absence shows up then.
    pub fn gnutls_psk_set_server_credentials_file(res: gnutls_psk_server_credentials_t, password_file: *const c_char) -> c_int {
        borrow(res)?;
        str_arg(password_file).map(|_| ())
    }
}

/// The object behind `gnutls_srp_client_credentials_t`; none is ever created.
pub struct gnutls_srp_client_credentials_st {
    _private: (),
}
pub type gnutls_srp_client_credentials_t = *mut gnutls_srp_client_credentials_st;

/// Anonymous and PSK credentials: programs that merely set them up (qemu does, for its
/// anonymous and PSK modes) keep working, but rustls has no such key exchange, so a
/// handshake that would need them fails as GnuTLS does with no common cipher suite.
pub struct gnutls_anon_client_credentials_st {
    _private: u8,
}
pub type gnutls_anon_client_credentials_t = *mut gnutls_anon_client_credentials_st;
pub struct gnutls_anon_server_credentials_st {
    _private: u8,
}
pub type gnutls_anon_server_credentials_t = *mut gnutls_anon_server_credentials_st;
pub struct gnutls_psk_client_credentials_st {
    _private: u8,
}
pub type gnutls_psk_client_credentials_t = *mut gnutls_psk_client_credentials_st;
pub struct gnutls_psk_server_credentials_st {
    _private: u8,
}
pub type gnutls_psk_server_credentials_t = *mut gnutls_psk_server_credentials_st;

/// The object behind `gnutls_dh_params_t`. rustls negotiates only the groups of the
/// priority string (ECDHE, and the RFC 7919 FFDHE groups where enabled), as GnuTLS 3.6+
/// does by default, so credentials given parameters do not change.
#[derive(Default)]
pub struct gnutls_dh_params_int {
    params: DhParams,
}
pub type gnutls_dh_params_t = *mut gnutls_dh_params_int;

// ---- Certificates the program chooses, and pcert lists ----

/// What `gnutls_certificate_set_key` hands over: the pcerts' contents and the key belong to
/// the credentials from then on, as in GnuTLS, and are released with them.
struct GivenKey {
    pcerts: Vec<super::ctypes::gnutls_pcert_st>,
    key: gnutls_privkey_t,
}

// SAFETY: the handles are ours alone from the call on; nothing but `drop` touches them.
unsafe impl Send for GivenKey {}

impl Drop for GivenKey {
    fn drop(&mut self) {
        // SAFETY: see above; each is released once.
        unsafe {
            for p in &mut self.pcerts {
                super::pcert::clear(p);
            }
            free_handle(self.key);
        }
    }
}

/// The C function behind a `gnutls_certificate_retrieve_function*` pointer.
unsafe fn retrieve_function<F>(func: *mut F, wrap: impl FnOnce(*mut F) -> super::callbacks::RetrieveFunction) -> Option<super::callbacks::RetrieveFunction> {
    (!func.is_null()).then(|| wrap(func))
}

entry! {
    /// The program chooses the certificate (X.509 handles and key in a `gnutls_retr2_st`)
    /// when the peer asks for one: a server once the ClientHello is in, a client on the
    /// server's certificate request. With `deinit_all` we free what it gave, as GnuTLS does.
    /// It replaces the other retrieve functions; NULL removes it.
    pub fn gnutls_certificate_set_retrieve_function(cred: gnutls_certificate_credentials_t, func: *mut super::ctypes::gnutls_certificate_retrieve_function) {
        creds(cred)?;
        // SAFETY (all three): C hands us a pointer to a function of that prototype.
        let f = retrieve_function(func, |f| super::callbacks::RetrieveFunction::Retr2(std::mem::transmute(f)));
        super::callbacks::set_retrieve_function(cred as *const CertificateCredentials, f);
        Ok(())
    }

    /// Like `gnutls_certificate_set_retrieve_function`, with a pcert list and an abstract
    /// key, which stay the program's.
    pub fn gnutls_certificate_set_retrieve_function2(cred: gnutls_certificate_credentials_t, func: *mut super::ctypes::gnutls_certificate_retrieve_function2) {
        creds(cred)?;
        let f = retrieve_function(func, |f| super::callbacks::RetrieveFunction::Pcert(std::mem::transmute(f)));
        super::callbacks::set_retrieve_function(cred as *const CertificateCredentials, f);
        Ok(())
    }

    /// Like `_function2`, told the request in a `gnutls_cert_retr_st`, answering OCSP
    /// responses too (the first is stapled for the leaf); GNUTLS_CERT_RETR_DEINIT_ALL
    /// hands everything to us to free.
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_certificate_set_retrieve_function3(cred: gnutls_certificate_credentials_t, func: *mut super::ctypes::gnutls_certificate_retrieve_function3) {
        creds(cred)?;
        let f = retrieve_function(func, |f| super::callbacks::RetrieveFunction::Info(std::mem::transmute(f)));
        super::callbacks::set_retrieve_function(cred as *const CertificateCredentials, f);
        Ok(())
    }

    /// The `index`th chain of ours as new handles in a `gnutls_malloc`ed array: the caller
    /// frees each handle and the array, as the man page says.
    pub fn gnutls_certificate_get_x509_crt(res: gnutls_certificate_credentials_t, index: c_uint, crt_list: *mut *mut gnutls_x509_crt_t, crt_list_size: *mut c_uint) -> c_int {
        let chain = creds(res)?.own_chain(index as usize)?;
        let (list_out, size_out) = (borrow(crt_list)?, borrow(crt_list_size)?);
        let handles = chain.iter().map(|der| super::x509::handle_for(der)).collect::<Result<Vec<_>, _>>();
        let array = libc::malloc(chain.len().max(1) * std::mem::size_of::<gnutls_x509_crt_t>()) as *mut gnutls_x509_crt_t;
        let handles = match (handles, array.is_null()) {
            (Ok(h), false) => h,
            (handles, _) => {
                handles.into_iter().flatten().for_each(|h| free_handle(h));
                libc::free(array as *mut libc::c_void);
                return Err(Error::MEMORY);
            }
        };
        std::ptr::copy_nonoverlapping(handles.as_ptr(), array, handles.len());
        *list_out = array;
        *size_out = handles.len() as c_uint;
        Ok(())
    }

    /// A copy of our `index`th private key, which the caller frees with
    /// `gnutls_x509_privkey_deinit`.
    pub fn gnutls_certificate_get_x509_key(res: gnutls_certificate_credentials_t, index: c_uint, key: *mut super::types::gnutls_x509_privkey_t) -> c_int {
        let der = creds(res)?.own_key_der(index as usize)?;
        let private = crate::keys::PrivateKey::import(&der, false, None, crate::keys::formats::Reader::Plain)?;
        let mut handle = super::types::gnutls_x509_privkey_int::default();
        handle.set(private);
        new_handle(key, handle)
    }

    /// The `idx2`th certificate (DER) of our `idx1`th chain, pointing into the credentials:
    /// valid while they keep that key (until `gnutls_certificate_free_keys`), not to be freed.
    pub fn gnutls_certificate_get_crt_raw(sc: gnutls_certificate_credentials_t, idx1: c_uint, idx2: c_uint, cert: *mut gnutls_datum_t) -> c_int {
        let out = borrow(cert)?;
        let key = creds(sc)?.own_key(idx1 as usize)?;
        let der = key.cert.get(idx2 as usize).ok_or(Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        *out = gnutls_datum_t::pointing_at(der);
        Ok(())
    }

    /// A chain (pcerts, leaf first) and its key; their contents become the credentials'.
    /// `names`, when given, are the server names it is chosen for.
    pub fn gnutls_certificate_set_key(res: gnutls_certificate_credentials_t, names: *mut *const c_char, names_size: c_int, pcert_list: *mut super::ctypes::gnutls_pcert_st, pcert_list_size: c_int, key: gnutls_privkey_t) -> c_int {
        let c = creds(res)?;
        let n = usize::try_from(pcert_list_size).map_err(|_| Error::INVALID_REQUEST)?;
        let (chain, raw) = super::pcert::chain_of_pcerts(pcert_list, n)?;
        let names = names_arg(names, usize::try_from(names_size).map_err(|_| Error::INVALID_REQUEST)?)?;
        let key_source = borrow_ref(key)?.tls_key()?;
        let index = if raw {
            let spki = chain.into_iter().next().ok_or(Error::INVALID_REQUEST)?;
            c.add_raw_key(spki, key_source, names)?
        } else {
            c.add_own_named(chain, key_source, names)?
        };
        c.keep(Box::new(GivenKey { pcerts: std::slice::from_raw_parts(pcert_list, n).to_vec(), key }))?;
        Ok(index)
    }
}

/// `gnutls_certificate_set_ocsp_status_request_file2`: no such chain is
/// GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, an unreadable file GNUTLS_E_FILE_ERROR.
unsafe fn ocsp_file(sc: gnutls_certificate_credentials_t, file: *const c_char, idx: c_uint, fmt: gnutls_x509_crt_fmt_t) -> Result<c_int, Error> {
    let c = creds(sc)?;
    if idx as usize >= c.own_count() {
        return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
    }
    let data = read_file(str_arg(file)?).map_err(|_| Error::FILE_ERROR)?;
    Ok(c.set_ocsp_responses(&data, idx as usize, fmt == GNUTLS_X509_FMT_PEM)? as c_int)
}
