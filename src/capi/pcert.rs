//! Certificates with their public keys (GnuTLS manual: "Abstract key types",
//! `gnutls_pcert_st`): what `gnutls_certificate_set_key` and the retrieve callbacks take.
//! A pcert owns a `gnutls_malloc`ed DER copy and a public key handle, both released by
//! `gnutls_pcert_deinit`.

use libc::{c_char, c_int, c_uint, c_void};

use super::ctypes::gnutls_pcert_st;
use super::types::*;
use super::{borrow, borrow_ref, datum_arg, free_handle, str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::keys::handles::gnutls_pubkey_st;
use crate::x509::core::Certificate;
use crate::x509::order::{check_sorted, sort_chain};
use crate::x509::{certificates_in, pem};

/// Fills `pcert` with a certificate (its DER and public key); `*pcert` is written only on
/// success, as GnuTLS leaves it zeroed on failure.
unsafe fn fill(pcert: *mut gnutls_pcert_st, cert: &Certificate) -> Result<(), Error> {
    let target = borrow(pcert)?;
    *target = std::mem::zeroed();
    let mut public = gnutls_pubkey_st::default();
    public.set(super::abstract_keys::public_key_of(cert)?);
    let der = gnutls_datum_t::copy_of(cert.der())?;
    *target = gnutls_pcert_st { pubkey: Box::into_raw(Box::new(public)), cert: der, r#type: GNUTLS_CRT_X509 };
    Ok(())
}

/// Releases what a pcert owns and empties it.
pub unsafe fn clear(pcert: &mut gnutls_pcert_st) {
    free_handle(pcert.pubkey);
    pcert.pubkey = std::ptr::null_mut();
    super::callbacks::library_free(pcert.cert.data as *mut c_void);
    pcert.cert = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
}

/// The DER certificates a pcert list holds (for credentials and callbacks), and whether
/// it is a raw public key: X.509 certificates, or one GNUTLS_CRT_RAWPK pcert (its
/// SubjectPublicKeyInfo).
pub unsafe fn chain_of_pcerts(list: *const gnutls_pcert_st, n: usize) -> Result<(Vec<Vec<u8>>, bool), Error> {
    if n > 0 && list.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    let raw = n == 1 && (*list).r#type == GNUTLS_CRT_RAWPK;
    let chain = (0..n)
        .map(|i| {
            let p = &*list.add(i);
            if p.r#type != GNUTLS_CRT_X509 && !raw {
                return Err(Error::INVALID_REQUEST);
            }
            datum_arg(&p.cert).map(<[u8]>::to_vec)
        })
        .collect::<Result<_, _>>()?;
    Ok((chain, raw))
}

/// Fills `pcert` with a raw public key (SubjectPublicKeyInfo DER) and the key usage it is
/// to be used for (there is no certificate to say it).
unsafe fn fill_raw(pcert: *mut gnutls_pcert_st, spki: &[u8], key_usage: c_uint) -> Result<(), Error> {
    let target = borrow(pcert)?;
    *target = std::mem::zeroed();
    let mut public = gnutls_pubkey_st::default();
    public.set(crate::keys::public::PublicKey::from_spki(spki)?);
    public.key_mut()?.key_usage = key_usage;
    let der = gnutls_datum_t::copy_of(spki)?;
    *target = gnutls_pcert_st { pubkey: Box::into_raw(Box::new(public)), cert: der, r#type: GNUTLS_CRT_RAWPK };
    Ok(())
}

/// Fills `pcerts` from parsed certificates; on failure the ones filled are released again.
unsafe fn fill_all(pcerts: *mut gnutls_pcert_st, certs: &[Certificate]) -> Result<(), Error> {
    if pcerts.is_null() && !certs.is_empty() {
        return Err(Error::INVALID_REQUEST);
    }
    for (i, cert) in certs.iter().enumerate() {
        if let Err(e) = fill(pcerts.add(i), cert) {
            for j in 0..i {
                clear(&mut *pcerts.add(j));
            }
            return Err(e);
        }
    }
    Ok(())
}

/// The list as the flags ask: sorted (GNUTLS_X509_CRT_LIST_SORT), and checked to be in
/// order (`check`: GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED, as the raw imports read it).
fn ordered(certs: Vec<Certificate>, flags: c_uint, check: bool) -> Result<Vec<Certificate>, Error> {
    let certs = if flags & GNUTLS_X509_CRT_LIST_SORT != 0 { sort_chain(certs)? } else { certs };
    if check && flags & GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED != 0 {
        check_sorted(&certs)?;
    }
    Ok(certs)
}

/// Up to `*max` entries; `*max` becomes the number imported. More certificates than room
/// is GNUTLS_E_SHORT_MEMORY_BUFFER with GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED (which
/// reports the count needed) or for a `whole` list (a file, counted once sorted); otherwise
/// the first `*max` are taken, as `gnutls_x509_crt_list_import` does.
unsafe fn list_out(pcerts: *mut gnutls_pcert_st, max: *mut c_uint, mut ders: Vec<Vec<u8>>, flags: c_uint, whole: bool) -> Result<(), Error> {
    let max = borrow(max)?;
    if ders.len() > *max as usize && !whole {
        if flags & GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED != 0 {
            *max = ders.len() as c_uint;
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        ders.truncate(*max as usize);
    }
    let certs = ders.iter().map(|d| Certificate::from_der(d)).collect::<Result<Vec<_>, _>>()?;
    let certs = ordered(certs, flags, true)?;
    if certs.len() > *max as usize {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    fill_all(pcerts, &certs)?;
    *max = certs.len() as c_uint;
    Ok(())
}

entry! {
    pub fn gnutls_pcert_import_x509(pcert: *mut gnutls_pcert_st, crt: gnutls_x509_crt_t, flags: c_uint) -> c_int {
        let _ = flags;
        fill(pcert, borrow_ref(crt)?.certificate()?)
    }

    pub fn gnutls_pcert_import_x509_raw(pcert: *mut gnutls_pcert_st, cert: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        let _ = flags;
        let data = datum_arg(cert)?;
        let cert = if pem(format)? { Certificate::from_pem(data)? } else { Certificate::from_der(data)? };
        fill(pcert, &cert)
    }

    /// `*ncrt` handles into as many pcerts; with GNUTLS_X509_CRT_LIST_SORT the chain from
    /// the first one, in subject-to-issuer order (`*ncrt` becomes its length).
    pub fn gnutls_pcert_import_x509_list(pcert: *mut gnutls_pcert_st, crt: *mut gnutls_x509_crt_t, ncrt: *mut c_uint, flags: c_uint) -> c_int {
        let n = *borrow(ncrt)? as usize;
        if n > 0 && crt.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        let certs = (0..n).map(|i| borrow_ref(*crt.add(i))?.certificate().cloned()).collect::<Result<Vec<_>, _>>()?;
        let certs = ordered(certs, flags, false)?;
        fill_all(pcert, &certs)?;
        *ncrt = certs.len() as c_uint;
        Ok(())
    }

    /// The certificates of a PEM or DER buffer; `*pcert_max` is the room given, then the
    /// number imported.
    pub fn gnutls_pcert_list_import_x509_raw(pcerts: *mut gnutls_pcert_st, pcert_max: *mut c_uint, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        list_out(pcerts, pcert_max, certificates_in(datum_arg(data)?, pem(format)?)?, flags, false)
    }

    /// A file's certificate chain (PKCS #11 URLs are not read: the tokens are GnuTLS's).
    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_pcert_list_import_x509_file(pcert_list: *mut gnutls_pcert_st, pcert_list_size: *mut c_uint, file: *const c_char, format: gnutls_x509_crt_fmt_t, pin_fn: super::pkcs11::gnutls_pin_callback_t, pin_fn_userdata: *mut c_void, flags: c_uint) -> c_int {
        let _ = (pin_fn, pin_fn_userdata);
        let bytes = crate::credentials::read_file(str_arg(file)?)?;
        // GnuTLS sorts what it reads from a file.
        list_out(pcert_list, pcert_list_size, certificates_in(&bytes, pem(format)?)?, flags | GNUTLS_X509_CRT_LIST_SORT, true)
    }

    /// A raw public key (RFC 7250): the key's SubjectPublicKeyInfo; the pcert takes the
    /// key handle over, as in GnuTLS (`gnutls_pcert_deinit` frees it).
    #[node(GNUTLS_3_6_6)]
    pub fn gnutls_pcert_import_rawpk(pcert: *mut gnutls_pcert_st, key: gnutls_pubkey_t, flags: c_uint) -> c_int {
        let _ = flags;
        let spki = borrow_ref(key).map_err(|_| Error::INSUFFICIENT_CREDENTIALS)?.key()?.spki_der().to_vec();
        let target = borrow(pcert)?;
        let der = gnutls_datum_t::copy_of(&spki)?;
        *target = gnutls_pcert_st { pubkey: key, cert: der, r#type: GNUTLS_CRT_RAWPK };
        Ok(())
    }

    /// A raw public key from its SubjectPublicKeyInfo, PEM ("PUBLIC KEY") or DER, with the
    /// key usage (GNUTLS_KEY_*) it is for.
    #[node(GNUTLS_3_6_6)]
    pub fn gnutls_pcert_import_rawpk_raw(pcert: *mut gnutls_pcert_st, rawpubkey: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, key_usage: c_uint, flags: c_uint) -> c_int {
        let _ = flags;
        let data = datum_arg(rawpubkey).map_err(|_| Error::INSUFFICIENT_CREDENTIALS)?;
        let spki = crate::keys::formats::decode_spki(data, pem(format)?)?;
        fill_raw(pcert, &spki, key_usage)
    }

    /// A new certificate handle for the pcert's certificate, which the caller frees.
    pub fn gnutls_pcert_export_x509(pcert: *mut gnutls_pcert_st, crt: *mut gnutls_x509_crt_t) -> c_int {
        let p = borrow(pcert)?;
        let out = borrow(crt)?;
        if p.r#type != GNUTLS_CRT_X509 {
            return Err(Error::INVALID_REQUEST);
        }
        *out = super::x509::handle_for(datum_arg(&p.cert)?)?;
        Ok(())
    }

    pub fn gnutls_pcert_deinit(pcert: *mut gnutls_pcert_st) {
        if let Some(p) = pcert.as_mut() {
            clear(p);
        }
        Ok(())
    }
}
