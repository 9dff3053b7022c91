//! X.509 private keys (GnuTLS manual: "X.509 certificate API", `gnutls_x509_privkey_*`):
//! `gnutls_x509_privkey_t` over `crate::keys`.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t};

use super::abstract_keys::{dsa_from_parts, dsa_parts_out, ecc_parts_out, generate_with, password_arg, rsa_from_parts, rsa_parts_out};
use super::types::*;
use super::{borrow, borrow_ref, copy_out, datum_arg, datum_out, export_out, free_handle, new_handle, out};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::formats::{self, Protection, Reader};
use crate::keys::handles::{scheme_for, stored_spki};
use super::ctypes::gnutls_x509_spki_t;
use super::pkcs11::gnutls_pin_callback_t;
use crate::keys::PrivateKey;
use crate::x509::pem;

unsafe fn key_of<'a>(p: gnutls_x509_privkey_t) -> Result<&'a PrivateKey, Error> {
    borrow_ref(p)?.key()
}

/// `gnutls_x509_privkey_export`'s bytes: PKCS#1, SEC1 or (Ed25519) PKCS#8.
fn native(key: &PrivateKey, pem: bool) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let (label, der) = key.export_native()?;
    formats::armour(pem, label, &der).map(zeroize::Zeroizing::new)
}

/// `gnutls_x509_privkey_export_pkcs8`'s bytes: plain, or PBES2-encrypted.
pub(super) unsafe fn pkcs8(key: &PrivateKey, pem: bool, password: *const c_char, flags: c_uint) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let password = super::opt_str_arg(password)?;
    let protection = Protection::from_flags(flags, password)?;
    if protection == Protection::Plain {
        return formats::armour(pem, formats::PKCS8_LABEL, &key.export_pkcs8()?).map(zeroize::Zeroizing::new);
    }
    let der = formats::encrypt_pkcs8(&key.export_pkcs8()?, password.unwrap_or(""), protection)?;
    formats::armour(pem, formats::ENCRYPTED_LABEL, &der).map(zeroize::Zeroizing::new)
}

entry! {
    pub fn gnutls_x509_privkey_init(key: *mut gnutls_x509_privkey_t) -> c_int {
        new_handle(key, gnutls_x509_privkey_int::default())
    }

    pub fn gnutls_x509_privkey_deinit(key: gnutls_x509_privkey_t) {
        free_handle(key);
        Ok(())
    }

    /// An unencrypted key: PKCS#1, SEC1 or PKCS#8, PEM or DER.
    pub fn gnutls_x509_privkey_import(key: gnutls_x509_privkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        let target = borrow(key)?;
        target.set(PrivateKey::import(datum_arg(data)?, pem(format)?, None, Reader::Plain)?);
        Ok(())
    }

    /// Any key GnuTLS reads: encrypted PKCS#8 and OpenSSL's legacy encrypted PEM with the
    /// password, or without one the PIN function's answer.
    pub fn gnutls_x509_privkey_import2(key: gnutls_x509_privkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, password: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(key)?;
        target.import2(datum_arg(data)?, pem(format)?, password_arg(password), Some(super::pkcs11::pin_source(None, std::ptr::null_mut())))
    }

    /// OpenSSL's legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED" with "DEK-Info").
    pub fn gnutls_x509_privkey_import_openssl(key: gnutls_x509_privkey_t, data: *const gnutls_datum_t, password: *const c_char) -> c_int {
        let target = borrow(key)?;
        target.set(PrivateKey::from_openssl(datum_arg(data)?, password_arg(password))?);
        Ok(())
    }

    /// The function import2 asks for the password of an encrypted key given without one.
    pub fn gnutls_x509_privkey_set_pin_function(key: gnutls_x509_privkey_t, fn_: gnutls_pin_callback_t, userdata: *mut c_void) {
        borrow(key)?.pin = Some(super::pkcs11::pin_source(fn_, userdata));
        Ok(())
    }

    /// Kept (GnuTLS asks it for tokens' PINs in `gnutls_x509_crt_import_url`, which we do
    /// not offer).
    pub fn gnutls_x509_crt_set_pin_function(crt: gnutls_x509_crt_t, fn_: gnutls_pin_callback_t, userdata: *mut c_void) {
        borrow(crt)?.pin = Some(super::pkcs11::pin_source(fn_, userdata));
        Ok(())
    }

    /// Kept (GnuTLS's GNUTLS_PRIVKEY_FLAG_EXPORT_COMPAT concerns GOST keys, which we have not).
    pub fn gnutls_x509_privkey_set_flags(key: gnutls_x509_privkey_t, flags: c_uint) {
        borrow(key)?.flags |= flags;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_privkey_get_spki(key: gnutls_x509_privkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = stored_spki(&key_of(key)?.params())?;
        *borrow(spki)? = value;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_privkey_set_spki(key: gnutls_x509_privkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = *borrow_ref(spki)?;
        borrow(key)?.key_mut()?.set_params(&value)
    }

    /// The key's primitive over a digest (deprecated in GnuTLS; see `sign_raw_hash`).
    pub fn gnutls_x509_privkey_sign_hash(key: gnutls_x509_privkey_t, hash: *const gnutls_datum_t, signature: *mut gnutls_datum_t) -> c_int {
        datum_out(signature, &key_of(key)?.sign_raw_hash(datum_arg(hash)?)?)
    }

    /// PKCS#8 only, plain or PBES2-encrypted.
    pub fn gnutls_x509_privkey_import_pkcs8(key: gnutls_x509_privkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, password: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(key)?;
        target.set(PrivateKey::import(datum_arg(data)?, pem(format)?, password_arg(password), Reader::Pkcs8)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_export(key: gnutls_x509_privkey_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        export_out(pem, &native(key_of(key)?, pem)?, output_data, output_data_size)
    }

    pub fn gnutls_x509_privkey_export2(key: gnutls_x509_privkey_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &native(key_of(key)?, pem(format)?)?)
    }

    pub fn gnutls_x509_privkey_export_pkcs8(key: gnutls_x509_privkey_t, format: gnutls_x509_crt_fmt_t, password: *const c_char, flags: c_uint, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        export_out(pem, &pkcs8(key_of(key)?, pem, password, flags)?, output_data, output_data_size)
    }

    pub fn gnutls_x509_privkey_export2_pkcs8(key: gnutls_x509_privkey_t, format: gnutls_x509_crt_fmt_t, password: *const c_char, flags: c_uint, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &pkcs8(key_of(key)?, pem(format)?, password, flags)?)
    }

    pub fn gnutls_x509_privkey_generate(key: gnutls_x509_privkey_t, algo: gnutls_pk_algorithm_t, bits: c_uint, flags: c_uint) -> c_int {
        let target = borrow(key)?;
        target.set(generate_with(algo, bits, flags, std::ptr::null(), 0)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_generate2(key: gnutls_x509_privkey_t, algo: gnutls_pk_algorithm_t, bits: c_uint, flags: c_uint, data: *const gnutls_keygen_data_st, data_size: c_uint) -> c_int {
        let target = borrow(key)?;
        target.set(generate_with(algo, bits, flags, data, data_size)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_get_pk_algorithm(key: gnutls_x509_privkey_t) -> c_int {
        Ok(key_of(key)?.kind().pk_algorithm() as c_int)
    }

    pub fn gnutls_x509_privkey_get_pk_algorithm2(key: gnutls_x509_privkey_t, bits: *mut c_uint) -> c_int {
        let k = key_of(key)?;
        out(bits, k.bits());
        Ok(k.kind().pk_algorithm() as c_int)
    }

    /// The key ID of its public key (a hash of the SubjectPublicKeyInfo).
    pub fn gnutls_x509_privkey_get_key_id(key: gnutls_x509_privkey_t, flags: c_uint, output_data: *mut c_uchar, output_data_size: *mut size_t) -> c_int {
        copy_out(&key_of(key)?.public_key()?.key_id(flags)?, output_data as *mut c_void, output_data_size)
    }

    pub fn gnutls_x509_privkey_sec_param(key: gnutls_x509_privkey_t) -> gnutls_sec_param_t {
        let k = key_of(key)?;
        Ok(crate::algorithms::pk_bits_to_sec_param(k.kind().pk_algorithm(), k.bits()))
    }

    pub fn gnutls_x509_privkey_export_rsa_raw(key: gnutls_x509_privkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t, d: *mut gnutls_datum_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, u: *mut gnutls_datum_t) -> c_int {
        rsa_parts_out(key_of(key)?, 0, m, e, d, p, q, u, std::ptr::null_mut(), std::ptr::null_mut())
    }

    pub fn gnutls_x509_privkey_export_rsa_raw2(key: gnutls_x509_privkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t, d: *mut gnutls_datum_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, u: *mut gnutls_datum_t, e1: *mut gnutls_datum_t, e2: *mut gnutls_datum_t) -> c_int {
        rsa_parts_out(key_of(key)?, 0, m, e, d, p, q, u, e1, e2)
    }

    pub fn gnutls_x509_privkey_export_ecc_raw(key: gnutls_x509_privkey_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t, k: *mut gnutls_datum_t) -> c_int {
        ecc_parts_out(key_of(key)?, 0, curve, x, y, k)
    }

    pub fn gnutls_x509_privkey_import_rsa_raw(key: gnutls_x509_privkey_t, m: *const gnutls_datum_t, e: *const gnutls_datum_t, d: *const gnutls_datum_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, u: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(rsa_from_parts(m, e, d, p, q, u, std::ptr::null(), std::ptr::null())?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_import_rsa_raw2(key: gnutls_x509_privkey_t, m: *const gnutls_datum_t, e: *const gnutls_datum_t, d: *const gnutls_datum_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, u: *const gnutls_datum_t, e1: *const gnutls_datum_t, e2: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(rsa_from_parts(m, e, d, p, q, u, e1, e2)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_import_ecc_raw(key: gnutls_x509_privkey_t, curve: gnutls_ecc_curve_t, x: *const gnutls_datum_t, y: *const gnutls_datum_t, k: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        let y = if y.is_null() { &[][..] } else { datum_arg(y)? };
        target.set(PrivateKey::from_ecc_parts(curve, datum_arg(x)?, y, datum_arg(k)?)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_export_dsa_raw(key: gnutls_x509_privkey_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t, x: *mut gnutls_datum_t) -> c_int {
        dsa_parts_out(key_of(key)?, 0, p, q, g, y, x)
    }

    pub fn gnutls_x509_privkey_import_dsa_raw(key: gnutls_x509_privkey_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, g: *const gnutls_datum_t, y: *const gnutls_datum_t, x: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(dsa_from_parts(p, q, g, y, x)?);
        Ok(())
    }

    pub fn gnutls_x509_privkey_verify_params(key: gnutls_x509_privkey_t) -> c_int {
        key_of(key)?.verify_params()
    }

    /// Keys here are parsed and checked by the provider and re-encoded whole on import, so
    /// there are no stale derived values to recompute.
    pub fn gnutls_x509_privkey_fix(key: gnutls_x509_privkey_t) -> c_int {
        key_of(key)?;
        Ok(())
    }

    pub fn gnutls_x509_privkey_cpy(dst: gnutls_x509_privkey_t, src: gnutls_x509_privkey_t) -> c_int {
        let copy = key_of(src)?.try_clone()?;
        borrow(dst)?.set(copy);
        Ok(())
    }

    /// A signature into the caller's buffer (GnuTLS's size convention).
    pub fn gnutls_x509_privkey_sign_data(key: gnutls_x509_privkey_t, digest: gnutls_digest_algorithm_t, flags: c_uint, data: *const gnutls_datum_t, signature: *mut c_void, signature_size: *mut size_t) -> c_int {
        let k = key_of(key)?;
        copy_out(&k.sign_with_flags(scheme_for(k, digest, flags)?, flags, datum_arg(data)?)?, signature, signature_size)
    }
}
