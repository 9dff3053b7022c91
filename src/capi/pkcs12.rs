//! PKCS #12 structures (GnuTLS manual: "PKCS #12 structures"): `gnutls_pkcs12_t` and
//! `gnutls_pkcs12_bag_t` over `crate::pkcs12`: reading, and building bags and files.

use libc::{c_char, c_int, c_uint, c_void, size_t};

use super::abstract_keys::password_arg;
use super::types::*;
use super::ctypes::{gnutls_pkcs12_bag_t, gnutls_pkcs12_t};
use super::{borrow, borrow_ref, datum_arg, datum_out, free_handle, new_handle, out};
use crate::constants::*;
use crate::errors::Error;
use crate::pkcs12::{gnutls_pkcs12_bag_int, gnutls_pkcs12_int};
use crate::x509::pem;

/// A string handed to C, freed with `gnutls_free`.
unsafe fn strdup_out(p: *mut *mut c_char, s: &str) -> Result<(), Error> {
    if p.is_null() {
        return Ok(());
    }
    let c = std::ffi::CString::new(s).map_err(|_| Error::INTERNAL)?;
    let dup = libc::strdup(c.as_ptr());
    if dup.is_null() {
        return Err(Error::MEMORY);
    }
    *p = dup;
    Ok(())
}

/// An array of new certificate handles, allocated for the caller (`gnutls_free`).
unsafe fn crt_array(certs: Vec<crate::x509::core::Certificate>) -> Result<*mut gnutls_x509_crt_t, Error> {
    let array = libc::malloc(certs.len().max(1) * std::mem::size_of::<gnutls_x509_crt_t>()) as *mut gnutls_x509_crt_t;
    if array.is_null() {
        return Err(Error::MEMORY);
    }
    for (i, c) in certs.into_iter().enumerate() {
        *array.add(i) = Box::into_raw(Box::new(gnutls_x509_crt_int::new(c)));
    }
    Ok(array)
}

entry! {
    pub fn gnutls_pkcs12_init(pkcs12: *mut gnutls_pkcs12_t) -> c_int {
        new_handle(pkcs12, gnutls_pkcs12_int::default())
    }

    pub fn gnutls_pkcs12_deinit(pkcs12: gnutls_pkcs12_t) {
        free_handle(pkcs12);
        Ok(())
    }

    /// DER, or PEM with a "PKCS12" header; the flags are unused, as in GnuTLS.
    pub fn gnutls_pkcs12_import(pkcs12: gnutls_pkcs12_t, data: *const gnutls_datum_t, format: gnutls_x509_crt_fmt_t, flags: c_uint) -> c_int {
        let _ = flags;
        let p12 = borrow(pkcs12)?;
        p12.import(datum_arg(data)?, pem(format)?)
    }

    pub fn gnutls_pkcs12_export(pkcs12: gnutls_pkcs12_t, format: gnutls_x509_crt_fmt_t, output_data: *mut c_void, output_data_size: *mut size_t) -> c_int {
        let pem = pem(format)?;
        super::export_out(pem, &borrow_ref(pkcs12)?.export(pem)?, output_data, output_data_size)
    }

    pub fn gnutls_pkcs12_export2(pkcs12: gnutls_pkcs12_t, format: gnutls_x509_crt_fmt_t, out: *mut gnutls_datum_t) -> c_int {
        datum_out(out, &borrow_ref(pkcs12)?.export(pem(format)?)?)
    }

    /// GNUTLS_E_MAC_VERIFY_FAILED for a wrong password.
    pub fn gnutls_pkcs12_verify_mac(pkcs12: gnutls_pkcs12_t, pass: *const c_char) -> c_int {
        borrow_ref(pkcs12)?.verify_mac(password_arg(pass))
    }

    /// The MAC's algorithm, salt and iteration count; `oid` (freed with `gnutls_free`) is
    /// set even for a hash GnuTLS does not know (GNUTLS_E_UNKNOWN_HASH_ALGORITHM).
    pub fn gnutls_pkcs12_mac_info(pkcs12: gnutls_pkcs12_t, mac: *mut c_uint, salt: *mut c_void, salt_size: *mut c_uint, iter_count: *mut c_uint, oid: *mut *mut c_char) -> c_int {
        out(oid, std::ptr::null_mut());
        let info = borrow_ref(pkcs12)?.mac_info()?;
        strdup_out(oid, &info.oid)?;
        let algorithm = info.mac.ok_or(Error::new(GNUTLS_E_UNKNOWN_HASH_ALGORITHM))?;
        out(mac, algorithm);
        out(iter_count, info.iterations);
        if !salt.is_null() {
            let size = borrow(salt_size)?;
            let have = *size as usize;
            *size = info.salt.len() as c_uint;
            if have < info.salt.len() {
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            std::ptr::copy_nonoverlapping(info.salt.as_ptr(), salt as *mut u8, info.salt.len());
        }
        Ok(())
    }

    /// The `indx`th bag (an encrypted one stays encrypted until gnutls_pkcs12_bag_decrypt).
    pub fn gnutls_pkcs12_get_bag(pkcs12: gnutls_pkcs12_t, indx: c_int, bag: gnutls_pkcs12_bag_t) -> c_int {
        let p12 = borrow_ref(pkcs12)?;
        let target = borrow(bag)?;
        let index = usize::try_from(indx).map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)?;
        *target = p12.bag(index)?;
        Ok(())
    }

    /// The key, its certificate chain, the other certificates and the first CRL of a file
    /// with one key; see `gnutls_pkcs12_int::simple_parse`.
    pub fn gnutls_pkcs12_simple_parse(p12: gnutls_pkcs12_t, password: *const c_char, key: *mut gnutls_x509_privkey_t, chain: *mut *mut gnutls_x509_crt_t, chain_len: *mut c_uint, extra_certs: *mut *mut gnutls_x509_crt_t, extra_certs_len: *mut c_uint, crl: *mut gnutls_x509_crl_t, flags: c_uint) -> c_int {
        let key = borrow(key)?;
        *key = std::ptr::null_mut();
        out(crl, std::ptr::null_mut());
        let want_chain = !chain.is_null();
        if want_chain && chain_len.is_null() || !extra_certs.is_null() && extra_certs_len.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        let parsed = borrow_ref(p12)?.simple_parse(password_arg(password), want_chain, flags)?;
        let mut crl_handle = None;
        if let (Some(der), false) = (&parsed.crl, crl.is_null()) {
            let mut c = gnutls_x509_crl_int::default();
            c.import(der, false)?;
            crl_handle = Some(c);
        }
        if want_chain {
            let n = parsed.chain.len() as c_uint;
            *chain = crt_array(parsed.chain)?;
            *chain_len = n;
        }
        if !extra_certs.is_null() {
            let n = parsed.extra_certs.len() as c_uint;
            *extra_certs = if n == 0 { std::ptr::null_mut() } else { crt_array(parsed.extra_certs)? };
            *extra_certs_len = n;
        }
        if let Some(c) = crl_handle {
            *crl = Box::into_raw(Box::new(c));
        }
        let mut handle = gnutls_x509_privkey_int::default();
        handle.set(parsed.key);
        *key = Box::into_raw(Box::new(handle));
        Ok(())
    }

    pub fn gnutls_pkcs12_bag_init(bag: *mut gnutls_pkcs12_bag_t) -> c_int {
        new_handle(bag, gnutls_pkcs12_bag_int::default())
    }

    pub fn gnutls_pkcs12_bag_deinit(bag: gnutls_pkcs12_bag_t) {
        free_handle(bag);
        Ok(())
    }

    pub fn gnutls_pkcs12_bag_get_count(bag: gnutls_pkcs12_bag_t) -> c_int {
        Ok(borrow_ref(bag)?.elements.len() as c_int)
    }

    /// A gnutls_pkcs12_bag_type_t; past the last element GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE.
    pub fn gnutls_pkcs12_bag_get_type(bag: gnutls_pkcs12_bag_t, indx: c_uint) -> c_int {
        Ok(borrow_ref(bag)?.kind(indx as usize)? as c_int)
    }

    /// The element's data, which stays the bag's (not to be freed), as in GnuTLS.
    pub fn gnutls_pkcs12_bag_get_data(bag: gnutls_pkcs12_bag_t, indx: c_uint, data: *mut gnutls_datum_t) -> c_int {
        let bytes = borrow_ref(bag)?.data(indx as usize)?;
        *borrow(data)? = gnutls_datum_t::pointing_at(bytes);
        Ok(())
    }

    /// The localKeyId attribute (empty if none), kept by the bag.
    pub fn gnutls_pkcs12_bag_get_key_id(bag: gnutls_pkcs12_bag_t, indx: c_uint, id: *mut gnutls_datum_t) -> c_int {
        let element = borrow_ref(bag)?.attributes_of(indx as usize)?;
        let target = borrow(id)?;
        *target = match &element.key_id {
            Some(k) => gnutls_datum_t::pointing_at(k),
            None => gnutls_datum_t { data: std::ptr::null_mut(), size: 0 },
        };
        Ok(())
    }

    /// The friendlyName attribute as UTF-8 (NULL if none), kept by the bag.
    pub fn gnutls_pkcs12_bag_get_friendly_name(bag: gnutls_pkcs12_bag_t, indx: c_uint, name: *mut *mut c_char) -> c_int {
        let element = borrow_ref(bag)?.attributes_of(indx as usize)?;
        let target = borrow(name)?;
        *target = element.friendly_name.as_ref().map_or(std::ptr::null_mut(), |n| n.as_ptr() as *mut c_char);
        Ok(())
    }

    /// Decrypts an encrypted bag in place; GNUTLS_E_DECRYPTION_FAILED for a wrong password.
    pub fn gnutls_pkcs12_bag_decrypt(bag: gnutls_pkcs12_bag_t, pass: *const c_char) -> c_int {
        let bag = borrow(bag)?;
        bag.decrypt(password_arg(pass))
    }

    /// The scheme (gnutls_pkcs_encrypt_flags_t), cipher, salt and iteration count of an
    /// encrypted bag; `oid` (freed with `gnutls_free`) is set even for an unknown scheme.
    pub fn gnutls_pkcs12_bag_enc_info(bag: gnutls_pkcs12_bag_t, schema: *mut c_uint, cipher: *mut c_uint, salt: *mut c_void, salt_size: *mut c_uint, iter_count: *mut c_uint, oid: *mut *mut c_char) -> c_int {
        let (name, info) = borrow_ref(bag)?.encryption_info()?;
        strdup_out(oid, &name)?;
        let info = info?;
        out(schema, info.flag);
        out(cipher, info.cipher);
        out(iter_count, info.iterations);
        if !salt.is_null() {
            let size = borrow(salt_size)?;
            if (*size as usize) < info.salt.len() {
                *size = info.salt.len() as c_uint;
                return Err(Error::SHORT_MEMORY_BUFFER);
            }
            std::ptr::copy_nonoverlapping(info.salt.as_ptr(), salt as *mut u8, info.salt.len());
        }
        out(salt_size, info.salt.len() as c_uint);
        Ok(())
    }

    /// Appends an element of `type_` and answers its index.
    pub fn gnutls_pkcs12_bag_set_data(bag: gnutls_pkcs12_bag_t, type_: gnutls_pkcs12_bag_type_t, data: *const gnutls_datum_t) -> c_int {
        let bag = borrow(bag)?;
        Ok(bag.add(type_, datum_arg(data)?)? as c_int)
    }

    pub fn gnutls_pkcs12_bag_set_crt(bag: gnutls_pkcs12_bag_t, crt: gnutls_x509_crt_t) -> c_int {
        let bag = borrow(bag)?;
        Ok(bag.add(GNUTLS_BAG_CERTIFICATE, borrow_ref(crt)?.certificate()?.der())? as c_int)
    }

    pub fn gnutls_pkcs12_bag_set_crl(bag: gnutls_pkcs12_bag_t, crl: gnutls_x509_crl_t) -> c_int {
        let bag = borrow(bag)?;
        Ok(bag.add(GNUTLS_BAG_CRL, borrow_ref(crl)?.crl()?.der())? as c_int)
    }

    /// The key as PKCS#8, encrypted under `password` as `flags` say (plain without one).
    pub fn gnutls_pkcs12_bag_set_privkey(bag: gnutls_pkcs12_bag_t, privkey: gnutls_x509_privkey_t, password: *const c_char, flags: c_uint) -> c_int {
        let bag = borrow(bag)?;
        let der = super::x509_privkey::pkcs8(borrow_ref(privkey)?.key()?, false, password, flags)?;
        let kind = if password.is_null() { GNUTLS_BAG_PKCS8_KEY } else { GNUTLS_BAG_PKCS8_ENCRYPTED_KEY };
        Ok(bag.add(kind, &der)? as c_int)
    }

    pub fn gnutls_pkcs12_bag_set_key_id(bag: gnutls_pkcs12_bag_t, indx: c_uint, id: *const gnutls_datum_t) -> c_int {
        let element = borrow(bag)?.element_mut(indx as usize)?;
        element.key_id = Some(datum_arg(id)?.to_vec());
        Ok(())
    }

    pub fn gnutls_pkcs12_bag_set_friendly_name(bag: gnutls_pkcs12_bag_t, indx: c_uint, name: *const c_char) -> c_int {
        let element = borrow(bag)?.element_mut(indx as usize)?;
        if name.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        element.friendly_name = Some(std::ffi::CStr::from_ptr(name).to_owned());
        Ok(())
    }

    /// The bag's elements, encrypted under `pass` with the scheme `flags` name.
    pub fn gnutls_pkcs12_bag_encrypt(bag: gnutls_pkcs12_bag_t, pass: *const c_char, flags: c_uint) -> c_int {
        borrow(bag)?.encrypt(password_arg(pass), flags)
    }

    pub fn gnutls_pkcs12_set_bag(pkcs12: gnutls_pkcs12_t, bag: gnutls_pkcs12_bag_t) -> c_int {
        let p12 = borrow(pkcs12)?;
        p12.add_bag(borrow_ref(bag)?)
    }

    /// An HMAC-SHA256 MAC under `pass`.
    pub fn gnutls_pkcs12_generate_mac(pkcs12: gnutls_pkcs12_t, pass: *const c_char) -> c_int {
        borrow(pkcs12)?.generate_mac(GNUTLS_MAC_SHA256, password_arg(pass))
    }

    pub fn gnutls_pkcs12_generate_mac2(pkcs12: gnutls_pkcs12_t, mac: gnutls_mac_algorithm_t, pass: *const c_char) -> c_int {
        borrow(pkcs12)?.generate_mac(mac, password_arg(pass))
    }
}

