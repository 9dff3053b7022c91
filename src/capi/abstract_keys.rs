//! Abstract key types (GnuTLS manual: "Abstract key types", `abstract.h`):
//! `gnutls_privkey_t` and `gnutls_pubkey_t` over `crate::keys`.

use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t};

use super::types::*;
use super::{borrow, borrow_ref, copy_out, datum_arg, datum_out, export_out, free_handle, new_handle, opt_datum_out, out};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::handles::{check_verify_flags, generate, stored_spki};
use super::pkcs11::gnutls_pin_callback_t;
use crate::keys::{gnutls_x509_spki_st, PrivateKey, PublicKey, Scheme};
use super::ctypes::gnutls_x509_spki_t;
use crate::x509::core::Certificate;
use crate::x509::pem;

unsafe fn privkey<'a>(p: gnutls_privkey_t) -> Result<&'a PrivateKey, Error> {
    borrow_ref(p)?.key()
}

unsafe fn pubkey<'a>(p: gnutls_pubkey_t) -> Result<&'a PublicKey, Error> {
    borrow_ref(p)?.key()
}

/// A C password: NULL is none.
pub(super) unsafe fn password_arg<'a>(p: *const c_char) -> Option<&'a [u8]> {
    (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_bytes())
}

/// An integer in the form the raw exports' flags ask for: GnuTLS's default keeps a leading
/// zero when the top bit is set, GNUTLS_EXPORT_FLAG_NO_LZ drops it.
pub(super) fn int_form(v: &[u8], flags: c_uint) -> &[u8] {
    if flags & GNUTLS_EXPORT_FLAG_NO_LZ != 0 {
        let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
        &v[start..]
    } else {
        v
    }
}

/// The RSA pieces of a private key into the caller's (optional) datums.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn rsa_parts_out(
    key: &PrivateKey,
    flags: c_uint,
    m: *mut gnutls_datum_t,
    e: *mut gnutls_datum_t,
    d: *mut gnutls_datum_t,
    p: *mut gnutls_datum_t,
    q: *mut gnutls_datum_t,
    u: *mut gnutls_datum_t,
    e1: *mut gnutls_datum_t,
    e2: *mut gnutls_datum_t,
) -> Result<(), Error> {
    let parts = key.rsa_parts()?;
    for (dst, v) in [(m, &parts.m[..]), (e, &parts.e[..]), (d, &parts.d[..]), (p, &parts.p[..]), (q, &parts.q[..]), (u, &parts.u[..]), (e1, &parts.e1[..]), (e2, &parts.e2[..])] {
        opt_datum_out(dst, int_form(v, flags))?;
    }
    Ok(())
}

/// The curve and (x, y, k) of a private key into the caller's (optional) outputs.
pub(super) unsafe fn ecc_parts_out(
    key: &PrivateKey,
    flags: c_uint,
    curve: *mut gnutls_ecc_curve_t,
    x: *mut gnutls_datum_t,
    y: *mut gnutls_datum_t,
    k: *mut gnutls_datum_t,
) -> Result<(), Error> {
    let (c, xv, yv, kv) = key.ecc_parts()?;
    out(curve, c);
    opt_datum_out(x, int_form(&xv, flags))?;
    if c != GNUTLS_ECC_CURVE_ED25519 {
        opt_datum_out(y, int_form(&yv, flags))?;
    } else if let Some(y) = y.as_mut() {
        *y = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
    }
    opt_datum_out(k, int_form(&kv, flags))
}

/// The DSA numbers of a private key into the caller's (optional) datums.
pub(super) unsafe fn dsa_parts_out(
    key: &PrivateKey,
    flags: c_uint,
    p: *mut gnutls_datum_t,
    q: *mut gnutls_datum_t,
    g: *mut gnutls_datum_t,
    y: *mut gnutls_datum_t,
    x: *mut gnutls_datum_t,
) -> Result<(), Error> {
    let (pv, qv, gv, yv, xv) = key.dsa_parts()?;
    for (dst, v) in [(p, &pv[..]), (q, &qv[..]), (g, &gv[..]), (y, &yv[..]), (x, &xv[..])] {
        opt_datum_out(dst, int_form(v, flags))?;
    }
    Ok(())
}

/// `gnutls_*_import_dsa_raw`'s numbers; y may be NULL (derived from x, as GnuTLS does).
pub(super) unsafe fn dsa_from_parts(
    p: *const gnutls_datum_t,
    q: *const gnutls_datum_t,
    g: *const gnutls_datum_t,
    y: *const gnutls_datum_t,
    x: *const gnutls_datum_t,
) -> Result<PrivateKey, Error> {
    PrivateKey::from_dsa_parts(datum_arg(p)?, datum_arg(q)?, datum_arg(g)?, opt_datum_arg(y)?, datum_arg(x)?)
}

/// The DSA numbers of a public key into the caller's (optional) datums.
unsafe fn pubkey_dsa_out(key: &PublicKey, flags: c_uint, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t) -> Result<(), Error> {
    let (pv, qv, gv, yv) = key.dsa_parts()?;
    for (dst, v) in [(p, &pv[..]), (q, &qv[..]), (g, &gv[..]), (y, &yv[..])] {
        opt_datum_out(dst, int_form(v, flags))?;
    }
    Ok(())
}

/// A certificate's SubjectPublicKeyInfo, with its key usage.
pub(super) fn public_key_of(cert: &Certificate) -> Result<PublicKey, Error> {
    let mut public = PublicKey::from_spki(&cert.spki_der())?;
    public.key_usage = cert.key_usage().map_or(0, |(usage, _)| usage);
    Ok(public)
}

/// An optional input datum: NULL is absent.
unsafe fn opt_datum_arg<'a>(p: *const gnutls_datum_t) -> Result<Option<&'a [u8]>, Error> {
    if p.is_null() {
        return Ok(None);
    }
    datum_arg(p).map(Some)
}

/// `gnutls_*_import_rsa_raw`'s pieces; the coefficient and exponents are optional.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn rsa_from_parts(
    m: *const gnutls_datum_t,
    e: *const gnutls_datum_t,
    d: *const gnutls_datum_t,
    p: *const gnutls_datum_t,
    q: *const gnutls_datum_t,
    u: *const gnutls_datum_t,
    e1: *const gnutls_datum_t,
    e2: *const gnutls_datum_t,
) -> Result<PrivateKey, Error> {
    PrivateKey::from_rsa_parts(datum_arg(m)?, datum_arg(e)?, datum_arg(d)?, datum_arg(p)?, datum_arg(q)?, opt_datum_arg(u)?, opt_datum_arg(e1)?, opt_datum_arg(e2)?)
}

/// `gnutls_*_generate2`'s key generation data: the parameters of GNUTLS_KEYGEN_SPKI (the
/// last one given, as GnuTLS); seeds and digests for provable keys, which the provider does
/// not make, are GNUTLS_E_UNWANTED_ALGORITHM.
unsafe fn keygen_spki(data: *const gnutls_keygen_data_st, data_size: c_uint) -> Result<Option<gnutls_x509_spki_st>, Error> {
    if data_size == 0 {
        return Ok(None);
    }
    if data.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    let mut spki = None;
    for item in std::slice::from_raw_parts(data, data_size as usize) {
        if item.r#type != GNUTLS_KEYGEN_SPKI {
            return Err(Error::new(GNUTLS_E_UNWANTED_ALGORITHM));
        }
        spki = Some(*borrow_ref(item.data as gnutls_x509_spki_t)?);
    }
    Ok(spki)
}

pub(super) unsafe fn generate_with(algo: gnutls_pk_algorithm_t, bits: c_uint, flags: c_uint, data: *const gnutls_keygen_data_st, data_size: c_uint) -> Result<PrivateKey, Error> {
    let spki = keygen_spki(data, data_size)?;
    generate(algo, bits, flags, spki.as_ref())
}

entry! {
    pub fn gnutls_privkey_init(key: *mut gnutls_privkey_t) -> c_int {
        new_handle(key, gnutls_privkey_st::default())
    }

    pub fn gnutls_privkey_deinit(key: gnutls_privkey_t) {
        free_handle(key);
        Ok(())
    }

    /// The key is copied; with GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE the `gnutls_x509_privkey_t`
    /// is freed with this handle, as in GnuTLS.
    pub fn gnutls_privkey_import_x509(pkey: gnutls_privkey_t, key: gnutls_x509_privkey_t, flags: c_uint) -> c_int {
        let target = borrow(pkey)?;
        let copy = borrow_ref(key)?.key()?.try_clone()?;
        target.set(copy)?;
        if flags & GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE != 0 {
            target.release_with(Box::from_raw(key));
        }
        Ok(())
    }

    /// Any private key file GnuTLS reads: PEM or DER; PKCS#8 (PBES2-encrypted with a
    /// password), PKCS#1, SEC1.
    pub fn gnutls_privkey_import_x509_raw(pkey: gnutls_privkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, password: *const c_char, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(pkey)?;
        // As GnuTLS: through an X.509 key that is given this key's PIN function.
        let mut x509 = gnutls_x509_privkey_int::default();
        x509.pin = target.pin.clone();
        x509.import2(datum_arg(data)?, pem(format)?, password_arg(password), Some(super::pkcs11::pin_source(None, std::ptr::null_mut())))?;
        target.set(x509.key()?.try_clone()?)
    }

    /// Asked for the password of an encrypted key `gnutls_privkey_import_x509_raw` is given
    /// without one (GnuTLS also asks it for tokens' PINs, which we never open).
    pub fn gnutls_privkey_set_pin_function(key: gnutls_privkey_t, fn_: gnutls_pin_callback_t, userdata: *mut c_void) {
        borrow(key)?.pin = Some(super::pkcs11::pin_source(fn_, userdata));
        Ok(())
    }

    /// 1, as GnuTLS answers for every key that is not on a token.
    pub fn gnutls_privkey_status(key: gnutls_privkey_t) -> c_int {
        borrow_ref(key)?;
        Ok(1)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_get_spki(key: gnutls_privkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = borrow_ref(key)?.get_spki()?;
        *borrow(spki)? = value;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_set_spki(key: gnutls_privkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = *borrow_ref(spki)?;
        borrow(key)?.set_spki(&value)
    }

    pub fn gnutls_privkey_export_x509(pkey: gnutls_privkey_t, key: *mut gnutls_x509_privkey_t) -> c_int {
        let mut handle = gnutls_x509_privkey_int::default();
        handle.set(privkey(pkey)?.try_clone()?);
        new_handle(key, handle)
    }

    pub fn gnutls_privkey_get_pk_algorithm(key: gnutls_privkey_t, bits: *mut c_uint) -> c_int {
        let (pk, size) = borrow_ref(key)?.pk_algorithm()?;
        out(bits, size);
        Ok(pk as c_int)
    }

    /// GNUTLS_PRIVKEY_X509 for a key of ours, GNUTLS_PRIVKEY_EXT for the program's.
    pub fn gnutls_privkey_get_type(key: gnutls_privkey_t) -> gnutls_privkey_type_t {
        borrow_ref(key)?.privkey_type()
    }

    pub fn gnutls_privkey_generate(key: gnutls_privkey_t, algo: gnutls_pk_algorithm_t, bits: c_uint, flags: c_uint) -> c_int {
        let target = borrow(key)?;
        target.set(generate_with(algo, bits, flags, std::ptr::null(), 0)?)
    }

    #[node(GNUTLS_3_4)]
    pub fn gnutls_privkey_generate2(pkey: gnutls_privkey_t, algo: gnutls_pk_algorithm_t, bits: c_uint, flags: c_uint, data: *const gnutls_keygen_data_st, data_size: c_uint) -> c_int {
        let target = borrow(pkey)?;
        target.set(generate_with(algo, bits, flags, data, data_size)?)
    }

    pub fn gnutls_privkey_verify_params(key: gnutls_privkey_t) -> c_int {
        privkey(key)?.verify_params()
    }

    pub fn gnutls_privkey_sign_data(signer: gnutls_privkey_t, hash: gnutls_digest_algorithm_t, flags: c_uint, data: *const gnutls_datum_t, signature: *mut gnutls_datum_t) -> c_int {
        datum_out(signature, &borrow_ref(signer)?.sign_data(hash, flags, datum_arg(data)?)?)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_sign_data2(signer: gnutls_privkey_t, algo: gnutls_sign_algorithm_t, flags: c_uint, data: *const gnutls_datum_t, signature: *mut gnutls_datum_t) -> c_int {
        datum_out(signature, &borrow_ref(signer)?.sign_data2(algo, flags, datum_arg(data)?)?)
    }

    pub fn gnutls_privkey_sign_hash(signer: gnutls_privkey_t, hash_algo: gnutls_digest_algorithm_t, flags: c_uint, hash_data: *const gnutls_datum_t, signature: *mut gnutls_datum_t) -> c_int {
        datum_out(signature, &borrow_ref(signer)?.sign_hash(hash_algo, flags, datum_arg(hash_data)?)?)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_sign_hash2(signer: gnutls_privkey_t, algo: gnutls_sign_algorithm_t, flags: c_uint, hash_data: *const gnutls_datum_t, signature: *mut gnutls_datum_t) -> c_int {
        datum_out(signature, &borrow_ref(signer)?.sign_hash2(algo, flags, datum_arg(hash_data)?)?)
    }

    /// RSA PKCS#1 v1.5 decryption.
    pub fn gnutls_privkey_decrypt_data(key: gnutls_privkey_t, flags: c_uint, ciphertext: *const gnutls_datum_t, plaintext: *mut gnutls_datum_t) -> c_int {
        let _ = flags;
        datum_out(plaintext, &borrow_ref(key)?.decrypt(datum_arg(ciphertext)?)?)
    }

    /// Like `gnutls_privkey_decrypt_data` into the caller's buffer, which must be exactly
    /// the plaintext's size (anything else is GNUTLS_E_DECRYPTION_FAILED).
    #[node(GNUTLS_3_6_5)]
    pub fn gnutls_privkey_decrypt_data2(key: gnutls_privkey_t, flags: c_uint, ciphertext: *const gnutls_datum_t, plaintext: *mut c_uchar, plaintext_size: size_t) -> c_int {
        let _ = flags;
        let k = borrow_ref(key)?;
        let plain = k.decrypt(datum_arg(ciphertext)?)?;
        let dst = super::bytes_mut_arg(plaintext as *mut c_void, plaintext_size)?;
        if plain.len() != dst.len() {
            // GnuTLS's answer for a program's decryption of another size.
            if k.privkey_type()? == GNUTLS_PRIVKEY_EXT {
                return Err(Error::INVALID_REQUEST);
            }
            return Err(Error::new(GNUTLS_E_DECRYPTION_FAILED));
        }
        dst.copy_from_slice(&plain);
        Ok(())
    }

    pub fn gnutls_privkey_export_rsa_raw(key: gnutls_privkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t, d: *mut gnutls_datum_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, u: *mut gnutls_datum_t, e1: *mut gnutls_datum_t, e2: *mut gnutls_datum_t) -> c_int {
        rsa_parts_out(privkey(key)?, 0, m, e, d, p, q, u, e1, e2)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_export_rsa_raw2(key: gnutls_privkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t, d: *mut gnutls_datum_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, u: *mut gnutls_datum_t, e1: *mut gnutls_datum_t, e2: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        rsa_parts_out(privkey(key)?, flags, m, e, d, p, q, u, e1, e2)
    }

    pub fn gnutls_privkey_export_ecc_raw(key: gnutls_privkey_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t, k: *mut gnutls_datum_t) -> c_int {
        ecc_parts_out(privkey(key)?, 0, curve, x, y, k)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_export_ecc_raw2(key: gnutls_privkey_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t, k: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        ecc_parts_out(privkey(key)?, flags, curve, x, y, k)
    }

    /// exponent1 and exponent2 are required (see `rsa_from_parts`).
    pub fn gnutls_privkey_import_rsa_raw(key: gnutls_privkey_t, m: *const gnutls_datum_t, e: *const gnutls_datum_t, d: *const gnutls_datum_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, u: *const gnutls_datum_t, e1: *const gnutls_datum_t, e2: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(rsa_from_parts(m, e, d, p, q, u, e1, e2)?)
    }

    pub fn gnutls_privkey_import_ecc_raw(key: gnutls_privkey_t, curve: gnutls_ecc_curve_t, x: *const gnutls_datum_t, y: *const gnutls_datum_t, k: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        let y = opt_datum_arg(y)?.unwrap_or(&[]);
        target.set(PrivateKey::from_ecc_parts(curve, datum_arg(x)?, y, datum_arg(k)?)?)
    }

    pub fn gnutls_privkey_export_dsa_raw(key: gnutls_privkey_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t, x: *mut gnutls_datum_t) -> c_int {
        dsa_parts_out(privkey(key)?, 0, p, q, g, y, x)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_export_dsa_raw2(key: gnutls_privkey_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t, x: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        dsa_parts_out(privkey(key)?, flags, p, q, g, y, x)
    }

    pub fn gnutls_privkey_import_dsa_raw(key: gnutls_privkey_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, g: *const gnutls_datum_t, y: *const gnutls_datum_t, x: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(dsa_from_parts(p, q, g, y, x)?)
    }

    pub fn gnutls_privkey_set_flags(key: gnutls_privkey_t, flags: c_uint) {
        borrow(key)?.flags = flags;
        Ok(())
    }

    // ---- gnutls_pubkey_t ----

    pub fn gnutls_pubkey_init(key: *mut gnutls_pubkey_t) -> c_int {
        new_handle(key, gnutls_pubkey_st::default())
    }

    pub fn gnutls_pubkey_deinit(key: gnutls_pubkey_t) {
        free_handle(key);
        Ok(())
    }

    /// The certificate's SubjectPublicKeyInfo, with its key usage.
    pub fn gnutls_pubkey_import_x509(key: gnutls_pubkey_t, crt: gnutls_x509_crt_t, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(key)?;
        target.set(public_key_of(borrow_ref(crt)?.certificate()?)?);
        Ok(())
    }

    /// The public key of a certificate given as PEM or DER.
    pub fn gnutls_pubkey_import_x509_raw(pkey: gnutls_pubkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(pkey)?;
        let data = datum_arg(data)?;
        let cert = if pem(format)? { Certificate::from_pem(data)? } else { Certificate::from_der(data)? };
        target.set(public_key_of(&cert)?);
        Ok(())
    }

    /// A SubjectPublicKeyInfo, DER or "PUBLIC KEY" PEM.
    pub fn gnutls_pubkey_import(key: gnutls_pubkey_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t) -> c_int {
        let target = borrow(key)?;
        target.set(PublicKey::import(datum_arg(data)?, pem(format)?)?);
        Ok(())
    }

    pub fn gnutls_pubkey_import_privkey(key: gnutls_pubkey_t, pkey: gnutls_privkey_t, usage: c_uint, flags: c_uint) -> c_int {
        let _ = flags;
        let target = borrow(key)?;
        let mut public = privkey(pkey)?.public_key()?;
        public.key_usage = usage;
        target.set(public);
        Ok(())
    }

    pub fn gnutls_pubkey_import_rsa_raw(key: gnutls_pubkey_t, m: *const gnutls_datum_t, e: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(PublicKey::from_rsa_parts(datum_arg(m)?, datum_arg(e)?)?);
        Ok(())
    }

    pub fn gnutls_pubkey_import_ecc_raw(key: gnutls_pubkey_t, curve: gnutls_ecc_curve_t, x: *const gnutls_datum_t, y: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        let y = opt_datum_arg(y)?.unwrap_or(&[]);
        target.set(PublicKey::from_ecc_parts(curve, datum_arg(x)?, y)?);
        Ok(())
    }

    pub fn gnutls_pubkey_import_dsa_raw(key: gnutls_pubkey_t, p: *const gnutls_datum_t, q: *const gnutls_datum_t, g: *const gnutls_datum_t, y: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(PublicKey::from_dsa_parts(datum_arg(p)?, datum_arg(q)?, datum_arg(g)?, datum_arg(y)?)?);
        Ok(())
    }

    pub fn gnutls_pubkey_export_dsa_raw(key: gnutls_pubkey_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t) -> c_int {
        pubkey_dsa_out(pubkey(key)?, 0, p, q, g, y)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_pubkey_export_dsa_raw2(key: gnutls_pubkey_t, p: *mut gnutls_datum_t, q: *mut gnutls_datum_t, g: *mut gnutls_datum_t, y: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        pubkey_dsa_out(pubkey(key)?, flags, p, q, g, y)
    }

    pub fn gnutls_pubkey_import_ecc_x962(key: gnutls_pubkey_t, parameters: *const gnutls_datum_t, ecpoint: *const gnutls_datum_t) -> c_int {
        let target = borrow(key)?;
        target.set(PublicKey::from_x962(datum_arg(parameters)?, datum_arg(ecpoint)?)?);
        Ok(())
    }

    pub fn gnutls_pubkey_export_ecc_x962(key: gnutls_pubkey_t, parameters: *mut gnutls_datum_t, ecpoint: *mut gnutls_datum_t) -> c_int {
        let (params, point) = pubkey(key)?.x962()?;
        datum_out(parameters, &params)?;
        datum_out(ecpoint, &point)
    }

    /// GnuTLS's text for the key (every format prints it whole).
    pub fn gnutls_pubkey_print(pubkey_: gnutls_pubkey_t, format: gnutls_certificate_print_formats_t, out: *mut gnutls_datum_t) -> c_int {
        let k = pubkey(pubkey_)?;
        let text = crate::x509::print::print_public_key(k.spki_der(), k.bits(), k.key_usage, crate::x509::print::Format::from_gnutls(format))?;
        datum_out(out, &text)
    }

    /// Kept (GnuTLS asks it for tokens' PINs in `gnutls_pubkey_import_url`, which we do not
    /// offer).
    pub fn gnutls_pubkey_set_pin_function(key: gnutls_pubkey_t, fn_: gnutls_pin_callback_t, userdata: *mut c_void) {
        borrow(key)?.pin = Some(super::pkcs11::pin_source(fn_, userdata));
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_pubkey_get_spki(key: gnutls_pubkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = stored_spki(&pubkey(key)?.params())?;
        *borrow(spki)? = value;
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_pubkey_set_spki(key: gnutls_pubkey_t, spki: gnutls_x509_spki_t, flags: c_uint) -> c_int {
        let _ = flags;
        let value = *borrow_ref(spki)?;
        borrow(key)?.key_mut()?.set_params(&value)
    }

    pub fn gnutls_pubkey_export(key: gnutls_pubkey_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        export_out(pem, &pubkey(key)?.export(pem)?, output_data, output_data_size)
    }

    pub fn gnutls_pubkey_export2(key: gnutls_pubkey_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &pubkey(key)?.export(pem(format)?)?)
    }

    pub fn gnutls_pubkey_export_rsa_raw(key: gnutls_pubkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t) -> c_int {
        let (mv, ev) = pubkey(key)?.rsa_parts()?;
        opt_datum_out(m, &mv)?;
        opt_datum_out(e, &ev)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_pubkey_export_rsa_raw2(key: gnutls_pubkey_t, m: *mut gnutls_datum_t, e: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let (mv, ev) = pubkey(key)?.rsa_parts()?;
        opt_datum_out(m, int_form(&mv, flags))?;
        opt_datum_out(e, int_form(&ev, flags))
    }

    pub fn gnutls_pubkey_export_ecc_raw(key: gnutls_pubkey_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t) -> c_int {
        let (c, xv, yv) = pubkey(key)?.ecc_parts()?;
        out(curve, c);
        opt_datum_out(x, &xv)?;
        opt_datum_out(y, &yv)
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_pubkey_export_ecc_raw2(key: gnutls_pubkey_t, curve: *mut gnutls_ecc_curve_t, x: *mut gnutls_datum_t, y: *mut gnutls_datum_t, flags: c_uint) -> c_int {
        let (c, xv, yv) = pubkey(key)?.ecc_parts()?;
        out(curve, c);
        opt_datum_out(x, int_form(&xv, flags))?;
        opt_datum_out(y, int_form(&yv, flags))
    }

    /// A hash of the SubjectPublicKeyInfo (SHA-1 unless the flags ask for SHA-256/512).
    pub fn gnutls_pubkey_get_key_id(key: gnutls_pubkey_t, flags: c_uint, output_data: *mut c_uchar, output_data_size: *mut size_t) -> c_int {
        copy_out(&pubkey(key)?.key_id(flags)?, output_data as *mut c_void, output_data_size)
    }

    pub fn gnutls_pubkey_get_pk_algorithm(key: gnutls_pubkey_t, bits: *mut c_uint) -> c_int {
        let k = pubkey(key)?;
        out(bits, k.bits());
        Ok(k.kind().pk_algorithm() as c_int)
    }

    pub fn gnutls_pubkey_get_preferred_hash_algorithm(key: gnutls_pubkey_t, hash: *mut gnutls_digest_algorithm_t, mand: *mut c_uint) -> c_int {
        let (h, mandatory) = pubkey(key)?.preferred_hash();
        out(hash, h);
        out(mand, mandatory as c_uint);
        Ok(())
    }

    pub fn gnutls_pubkey_get_key_usage(key: gnutls_pubkey_t, usage: *mut c_uint) -> c_int {
        out(usage, pubkey(key)?.key_usage);
        Ok(())
    }

    pub fn gnutls_pubkey_set_key_usage(key: gnutls_pubkey_t, usage: c_uint) -> c_int {
        borrow(key)?.key_mut()?.key_usage = usage;
        Ok(())
    }

    /// The provider checked the key when it was imported.
    pub fn gnutls_pubkey_verify_params(key: gnutls_pubkey_t) -> c_int {
        pubkey(key)?;
        Ok(())
    }

    /// 0, or GNUTLS_E_PK_SIG_VERIFY_FAILED.
    pub fn gnutls_pubkey_verify_data2(pubkey_: gnutls_pubkey_t, algo: gnutls_sign_algorithm_t, flags: c_uint, data: *const gnutls_datum_t, signature: *const gnutls_datum_t) -> c_int {
        check_verify_flags(flags)?;
        pubkey(pubkey_)?.verify_with_flags(Scheme::from_gnutls(algo)?, flags, datum_arg(data)?, datum_arg(signature)?)
    }

    /// Over a digest the caller computed; 0, or GNUTLS_E_PK_SIG_VERIFY_FAILED.
    pub fn gnutls_pubkey_verify_hash2(key: gnutls_pubkey_t, algo: gnutls_sign_algorithm_t, flags: c_uint, hash: *const gnutls_datum_t, signature: *const gnutls_datum_t) -> c_int {
        check_verify_flags(flags)?;
        pubkey(key)?.verify_hash_with_flags(Scheme::from_gnutls(algo)?, flags, datum_arg(hash)?, datum_arg(signature)?)
    }

    /// RSA PKCS#1 v1.5 encryption.
    pub fn gnutls_pubkey_encrypt_data(key: gnutls_pubkey_t, flags: c_uint, plaintext: *const gnutls_datum_t, ciphertext: *mut gnutls_datum_t) -> c_int {
        let _ = flags;
        datum_out(ciphertext, &pubkey(key)?.encrypt(datum_arg(plaintext)?)?)
    }
}

entry! {
    /// A fresh, empty set of key parameters.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_spki_init(spki: *mut gnutls_x509_spki_t) -> c_int {
        new_handle(spki, gnutls_x509_spki_st::default())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_spki_deinit(spki: gnutls_x509_spki_t) {
        free_handle(spki);
        Ok(())
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_spki_set_rsa_pss_params(spki: gnutls_x509_spki_t, dig: gnutls_digest_algorithm_t, salt_size: c_uint) {
        borrow(spki)?.set_rsa_pss(dig, salt_size);
        Ok(())
    }

    /// The RSA-PSS hash and salt size; either output may be NULL.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_x509_spki_get_rsa_pss_params(spki: gnutls_x509_spki_t, dig: *mut gnutls_digest_algorithm_t, salt_size: *mut c_uint) -> c_int {
        let (d, s) = borrow_ref(spki)?.rsa_pss()?;
        out(dig, d);
        out(salt_size, s);
        Ok(())
    }
}

