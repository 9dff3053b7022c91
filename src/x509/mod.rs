//! X.509 certificates and public keys (`gnutls_x509_crt_*`, `gnutls_pubkey_*`): thin
//! wrappers over `core`, which parses and verifies without knowing about C.

pub mod core;

use libc::{c_char, c_int, c_uint, c_void, size_t, time_t};

use crate::constants::*;
use crate::errors::Error;
use crate::ffi::{borrow, code, free_handle, guard, new_handle, str_arg};
use crate::mem::copy_out;
use crate::types::*;
use self::core::Certificate;

/// The object behind `gnutls_x509_crt_t`: empty until a certificate is imported.
#[derive(Default)]
pub struct gnutls_x509_crt_int {
    cert: Option<Certificate>,
}

/// The object behind `gnutls_x509_crl_t`; CRL objects are not offered (CRLs are loaded
/// into credentials from files), so none exists.
pub struct gnutls_x509_crl_int {
    _private: u8,
}
pub type gnutls_x509_crl_t = *mut gnutls_x509_crl_int;

/// The object behind `gnutls_pubkey_t`: a SubjectPublicKeyInfo once imported.
#[derive(Default)]
pub struct gnutls_pubkey_st {
    spki: Option<Vec<u8>>,
}

unsafe fn crt<'a>(p: gnutls_x509_crt_t) -> Result<&'a Certificate, Error> {
    borrow(p)?.cert.as_ref().ok_or(Error::INVALID_REQUEST)
}

/// Whether a GnuTLS format argument says PEM (true) or DER (false).
pub fn pem(format: gnutls_x509_crt_fmt_t) -> Result<bool, Error> {
    match format {
        GNUTLS_X509_FMT_PEM => Ok(true),
        GNUTLS_X509_FMT_DER => Ok(false),
        _ => Err(Error::INVALID_REQUEST),
    }
}

fn encode(format: gnutls_x509_crt_fmt_t, label: &str, der: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(if pem(format)? { self::core::pem_encode(label, der).into_bytes() } else { der.to_vec() })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_init(cert: *mut gnutls_x509_crt_t) -> c_int {
    guard("gnutls_x509_crt_init", || new_handle(cert, gnutls_x509_crt_int::default()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_deinit(cert: gnutls_x509_crt_t) {
    guard("gnutls_x509_crt_deinit", || free_handle(cert))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_import(
    cert: gnutls_x509_crt_t,
    data: *const gnutls_datum_t,
    format: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_x509_crt_import", || {
        code((|| {
            let c = borrow(cert)?;
            let bytes = gnutls_datum_t::as_slice(data).ok_or(Error::INVALID_REQUEST)?;
            let parsed = if pem(format)? { Certificate::from_pem(bytes) } else { Certificate::from_der(bytes) };
            c.cert = Some(parsed.map_err(Error::new)?);
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_check_hostname(cert: gnutls_x509_crt_t, hostname: *const c_char) -> c_uint {
    guard("gnutls_x509_crt_check_hostname", || match (crt(cert), str_arg(hostname)) {
        (Ok(c), Ok(h)) => c.check_hostname(h) as c_uint,
        _ => 0,
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_activation_time(cert: gnutls_x509_crt_t) -> time_t {
    guard("gnutls_x509_crt_get_activation_time", || crt(cert).map_or(-1, |c| c.activation_time() as time_t))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_expiration_time(cert: gnutls_x509_crt_t) -> time_t {
    guard("gnutls_x509_crt_get_expiration_time", || crt(cert).map_or(-1, |c| c.expiration_time() as time_t))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_export(
    cert: gnutls_x509_crt_t,
    format: gnutls_x509_crt_fmt_t,
    output_data: *mut c_void,
    output_data_size: *mut size_t,
) -> c_int {
    guard("gnutls_x509_crt_export", || {
        code((|| {
            let c = crt(cert)?;
            let bytes = encode(format, "CERTIFICATE", c.der())?;
            copy_out(&bytes, output_data, output_data_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_export2(
    cert: gnutls_x509_crt_t,
    format: gnutls_x509_crt_fmt_t,
    out: *mut gnutls_datum_t,
) -> c_int {
    guard("gnutls_x509_crt_export2", || {
        code((|| {
            let c = crt(cert)?;
            let out = borrow(out)?;
            let bytes = encode(format, "CERTIFICATE", c.der())?;
            *out = crate::mem::datum_from(&bytes).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_pubkey_init(key: *mut gnutls_pubkey_t) -> c_int {
    guard("gnutls_pubkey_init", || new_handle(key, gnutls_pubkey_st::default()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_pubkey_deinit(key: gnutls_pubkey_t) {
    guard("gnutls_pubkey_deinit", || free_handle(key))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_pubkey_import_x509(key: gnutls_pubkey_t, crt_: gnutls_x509_crt_t, flags: c_uint) -> c_int {
    guard("gnutls_pubkey_import_x509", || {
        code((|| {
            let _ = flags;
            let k = borrow(key)?;
            k.spki = Some(crt(crt_)?.spki_der());
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_pubkey_export(
    key: gnutls_pubkey_t,
    format: gnutls_x509_crt_fmt_t,
    output_data: *mut c_void,
    output_data_size: *mut size_t,
) -> c_int {
    guard("gnutls_pubkey_export", || {
        code((|| {
            let spki = borrow(key)?.spki.as_ref().ok_or(Error::INVALID_REQUEST)?;
            let bytes = encode(format, "PUBLIC KEY", spki)?;
            copy_out(&bytes, output_data, output_data_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_pubkey_export2(key: gnutls_pubkey_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_pubkey_export2", || {
        code((|| {
            let spki = borrow(key)?.spki.as_ref().ok_or(Error::INVALID_REQUEST)?;
            let out = borrow(out)?;
            let bytes = encode(format, "PUBLIC KEY", spki)?;
            *out = crate::mem::datum_from(&bytes).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

/// GnuTLS's convention for text into a caller's buffer: the needed size counts the NUL,
/// the size reported on success does not.
unsafe fn text_out(text: &[u8], buf: *mut c_void, buf_size: *mut size_t) -> Result<(), Error> {
    let size = buf_size.as_mut().ok_or(Error::INVALID_REQUEST)?;
    if buf.is_null() || *size < text.len() + 1 {
        *size = text.len() + 1;
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, text.len());
    *(buf as *mut u8).add(text.len()) = 0;
    *size = text.len();
    Ok(())
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_x509_crt_get_dn2", || {
        code((|| {
            let out = borrow(dn)?;
            let text = crt(cert)?.dn().map_err(Error::new)?;
            *out = crate::mem::datum_from(text.as_bytes()).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_issuer_dn2(cert: gnutls_x509_crt_t, dn: *mut gnutls_datum_t) -> c_int {
    guard("gnutls_x509_crt_get_issuer_dn2", || {
        code((|| {
            let out = borrow(dn)?;
            let text = crt(cert)?.issuer_dn().map_err(Error::new)?;
            *out = crate::mem::datum_from(text.as_bytes()).ok_or(Error::MEMORY)?;
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_dn_by_oid(
    cert: gnutls_x509_crt_t,
    oid: *const c_char,
    indx: c_uint,
    raw_flag: c_uint,
    buf: *mut c_void,
    buf_size: *mut size_t,
) -> c_int {
    guard("gnutls_x509_crt_get_dn_by_oid", || {
        code((|| {
            let c = crt(cert)?;
            if raw_flag != 0 {
                // The DER form of the value is not offered; the text form is.
                return Err(Error::UNIMPLEMENTED);
            }
            let value = c.dn_by_oid(str_arg(oid)?, indx as usize).map_err(Error::new)?;
            text_out(&value, buf, buf_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_version(cert: gnutls_x509_crt_t) -> c_int {
    guard("gnutls_x509_crt_get_version", || match crt(cert) {
        Ok(c) => c.version(),
        Err(e) => e.code(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_pk_algorithm(cert: gnutls_x509_crt_t, bits: *mut c_uint) -> c_int {
    guard("gnutls_x509_crt_get_pk_algorithm", || match crt(cert) {
        Ok(c) => {
            let (algorithm, size) = c.pk_algorithm();
            crate::ffi::out(bits, size);
            algorithm
        }
        Err(e) => e.code(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_check_issuer(cert: gnutls_x509_crt_t, issuer: gnutls_x509_crt_t) -> c_uint {
    guard("gnutls_x509_crt_check_issuer", || match (crt(cert), crt(issuer)) {
        (Ok(c), Ok(i)) => c.check_issuer(i) as c_uint,
        _ => 0,
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_dn(cert: gnutls_x509_crt_t, buf: *mut c_char, buf_size: *mut size_t) -> c_int {
    guard("gnutls_x509_crt_get_dn", || {
        code((|| {
            let text = crt(cert)?.dn().map_err(Error::new)?;
            text_out(text.as_bytes(), buf as *mut c_void, buf_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_fingerprint(
    cert: gnutls_x509_crt_t,
    algo: gnutls_digest_algorithm_t,
    buf: *mut c_void,
    buf_size: *mut size_t,
) -> c_int {
    guard("gnutls_x509_crt_get_fingerprint", || {
        code((|| {
            let digest = crt(cert)?.fingerprint(algo as i32).map_err(Error::new)?;
            copy_out(&digest, buf, buf_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_key_purpose_oid(
    cert: gnutls_x509_crt_t,
    indx: c_uint,
    oid: *mut c_void,
    oid_size: *mut size_t,
    critical: *mut c_uint,
) -> c_int {
    guard("gnutls_x509_crt_get_key_purpose_oid", || {
        code((|| {
            let (text, is_critical) = crt(cert)?.key_purpose_oid(indx as usize).map_err(Error::new)?;
            crate::ffi::out(critical, is_critical as c_uint);
            text_out(text.as_bytes(), oid, oid_size)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_key_usage(cert: gnutls_x509_crt_t, key_usage: *mut c_uint, critical: *mut c_uint) -> c_int {
    guard("gnutls_x509_crt_get_key_usage", || {
        code((|| {
            let (usage, is_critical) = crt(cert)?.key_usage().map_err(Error::new)?;
            crate::ffi::out(key_usage, usage);
            crate::ffi::out(critical, is_critical as c_uint);
            Ok(())
        })())
    })
}

/// Returns whether the certificate is a CA (1 or 0), or an error.
#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_basic_constraints(
    cert: gnutls_x509_crt_t,
    critical: *mut c_uint,
    ca: *mut c_uint,
    pathlen: *mut c_int,
) -> c_int {
    guard("gnutls_x509_crt_get_basic_constraints", || {
        crate::ffi::value((|| {
            let (is_critical, is_ca, path) = crt(cert)?.basic_constraints().map_err(Error::new)?;
            crate::ffi::out(critical, is_critical as c_uint);
            crate::ffi::out(ca, is_ca as c_uint);
            crate::ffi::out(pathlen, path);
            Ok(is_ca as c_int)
        })())
    })
}

/// Imports up to `*cert_max` certificates; returns how many, or
/// GNUTLS_E_SHORT_MEMORY_BUFFER with the count needed.
#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_list_import(
    certs: *mut gnutls_x509_crt_t,
    cert_max: *mut c_uint,
    data: *const gnutls_datum_t,
    format: gnutls_x509_crt_fmt_t,
    flags: c_uint,
) -> c_int {
    guard("gnutls_x509_crt_list_import", || {
        crate::ffi::value((|| {
            let max = borrow(cert_max)?;
            let bytes = gnutls_datum_t::as_slice(data).ok_or(Error::INVALID_REQUEST)?;
            let ders = self::core::der_or_pem_certificates(bytes, pem(format)?).map_err(Error::new)?;
            if ders.is_empty() {
                return Err(Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND));
            }
            let fail_if_exceed = flags & GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED != 0;
            if ders.len() > *max as usize && (fail_if_exceed || certs.is_null()) {
                *max = ders.len() as c_uint;
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            if certs.is_null() {
                return Err(Error::INVALID_REQUEST);
            }
            let parsed: Vec<Certificate> =
                ders.iter().take(*max as usize).map(|d| Certificate::from_der(d)).collect::<Result<_, _>>().map_err(Error::new)?;
            for (i, c) in parsed.into_iter().enumerate() {
                *certs.add(i) = Box::into_raw(Box::new(gnutls_x509_crt_int { cert: Some(c) }));
            }
            let n = ders.len().min(*max as usize);
            *max = n as c_uint;
            Ok(n as c_int)
        })())
    })
}

/// The status of a chain (leaf first) against a list of CAs, as GnuTLS reports it.
#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_list_verify(
    cert_list: *const gnutls_x509_crt_t,
    cert_list_length: c_uint,
    ca_list: *const gnutls_x509_crt_t,
    ca_list_length: c_uint,
    crl_list: *const gnutls_x509_crl_t,
    crl_list_length: c_uint,
    flags: c_uint,
    verify: *mut c_uint,
) -> c_int {
    guard("gnutls_x509_crt_list_verify", || {
        code((|| {
            let _ = crl_list;
            if crl_list_length > 0 || verify.is_null() || cert_list.is_null() || cert_list_length == 0 {
                // No CRL objects can exist here (gnutls_x509_crl_* is not offered).
                return Err(Error::INVALID_REQUEST);
            }
            let mut chain = Vec::new();
            for i in 0..cert_list_length as usize {
                chain.push(crt(*cert_list.add(i))?.der().to_vec());
            }
            let mut store = self::core::TrustStore::new();
            for i in 0..ca_list_length as usize {
                if ca_list.is_null() {
                    return Err(Error::INVALID_REQUEST);
                }
                store.add_ca_der(crt(*ca_list.add(i))?.der()).map_err(Error::new)?;
            }
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            *verify = self::core::verify_chain(&chain, &store, None, now, self::core::Purpose::Any, flags);
            Ok(())
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_subject_alt_name(
    cert: gnutls_x509_crt_t,
    seq: c_uint,
    san: *mut c_void,
    san_size: *mut size_t,
    critical: *mut c_uint,
) -> c_int {
    guard("gnutls_x509_crt_get_subject_alt_name", || {
        crate::ffi::value((|| {
            let c = crt(cert)?;
            let (kind, value) = c.subject_alt_name(seq as usize).map_err(Error::new)?;
            let _ = critical;
            // Names are text (NUL-terminated when there is room); addresses are raw bytes.
            if kind == GNUTLS_SAN_IPADDRESS {
                copy_out(&value, san, san_size)?;
            } else {
                text_out(&value, san, san_size)?;
            }
            Ok(kind as c_int)
        })())
    })
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_crt_get_signature_algorithm(cert: gnutls_x509_crt_t) -> c_int {
    guard("gnutls_x509_crt_get_signature_algorithm", || match crt(cert) {
        Ok(c) => c.signature_algorithm() as c_int,
        Err(e) => e.code(),
    })
}

/// The object behind `gnutls_x509_privkey_t`: a private key's DER, wiped when freed.
#[derive(Default)]
pub struct gnutls_x509_privkey_int {
    pub der: Option<zeroize::Zeroizing<Vec<u8>>>,
}
pub type gnutls_x509_privkey_t = *mut gnutls_x509_privkey_int;

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_privkey_init(key: *mut gnutls_x509_privkey_t) -> c_int {
    guard("gnutls_x509_privkey_init", || new_handle(key, gnutls_x509_privkey_int::default()))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_privkey_deinit(key: gnutls_x509_privkey_t) {
    guard("gnutls_x509_privkey_deinit", || free_handle(key))
}

#[no_mangle]
pub unsafe extern "C" fn gnutls_x509_privkey_import(
    key: gnutls_x509_privkey_t,
    data: *const gnutls_datum_t,
    format: gnutls_x509_crt_fmt_t,
) -> c_int {
    guard("gnutls_x509_privkey_import", || {
        code((|| {
            let k = borrow(key)?;
            let bytes = gnutls_datum_t::as_slice(data).ok_or(Error::INVALID_REQUEST)?;
            let mut parsed = self::core::load_private_key(bytes, pem(format)?).map_err(Error::new)?;
            let der = zeroize::Zeroizing::new(parsed.secret_der().to_vec());
            zeroize::Zeroize::zeroize(&mut parsed);
            k.der = Some(der);
            Ok(())
        })())
    })
}

/// The DER certificates behind a list of handles.
pub unsafe fn chain_of(list: *const gnutls_x509_crt_t, n: usize) -> Result<Vec<Vec<u8>>, Error> {
    if list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    (0..n).map(|i| Ok(crt(*list.add(i))?.der().to_vec())).collect()
}

/// A certificate handle holding `der`, for handing out.
pub fn handle_for(der: &[u8]) -> Result<gnutls_x509_crt_t, Error> {
    let cert = Certificate::from_der(der).map_err(Error::new)?;
    Ok(Box::into_raw(Box::new(gnutls_x509_crt_int { cert: Some(cert) })))
}
