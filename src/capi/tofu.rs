//! Trust on first use (GnuTLS manual: "Verifying a certificate using trust on first use
//! authentication"): `gnutls_store_pubkey`, `gnutls_store_commitment`,
//! `gnutls_verify_stored_pubkey`, and the `gnutls_tdb_t` that replaces the known-hosts file
//! with the program's own store (`crate::tofu`).

use std::path::PathBuf;

use libc::{c_char, c_int, c_uint, time_t};

use super::ctypes::{gnutls_tdb_store_commitment_func, gnutls_tdb_store_func, gnutls_tdb_verify_func};
use super::types::*;
use super::{borrow, datum_arg, free_handle, new_handle, opt_str_arg};
use crate::constants::*;
use crate::errors::Error;
use crate::tofu;

/// GNUTLS_SCOMMIT_FLAG_ALLOW_BROKEN, one of GnuTLS's macros (the header carries it).
const SCOMMIT_FLAG_ALLOW_BROKEN: c_uint = 1;

/// `gnutls_tdb_t`'s object: the program's store functions; an unset one is the file's.
#[derive(Default)]
pub struct gnutls_tdb_int {
    store: gnutls_tdb_store_func,
    cstore: gnutls_tdb_store_commitment_func,
    verify: gnutls_tdb_verify_func,
}

pub type gnutls_tdb_t = *mut gnutls_tdb_int;

/// The public key to look up or store, as DER SubjectPublicKeyInfo.
unsafe fn public_key_of(cert_type: gnutls_certificate_type_t, cert: *const gnutls_datum_t) -> Result<Vec<u8>, Error> {
    let cert = datum_arg(cert)?;
    match cert_type {
        GNUTLS_CRT_X509 => Ok(crate::x509::core::Certificate::from_der(cert)?.spki_der()),
        GNUTLS_CRT_RAWPK => Ok(cert.to_vec()),
        _ => Err(Error::new(GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE)),
    }
}

/// The database a call names, GnuTLS's way: without a name or a store, the default file.
unsafe fn db_path(db_name: *const c_char, tdb: gnutls_tdb_t, storing: bool) -> Result<Option<PathBuf>, Error> {
    match opt_str_arg(db_name)? {
        Some(name) => Ok(Some(PathBuf::from(name))),
        None if tdb.is_null() => Ok(Some(if storing { tofu::default_db_for_storing() } else { tofu::default_db() })),
        None => Ok(None),
    }
}

/// A program's store function's answer.
fn program_said(rc: c_int) -> Result<(), Error> {
    if rc < 0 {
        Err(Error::new(rc))
    } else {
        Ok(())
    }
}

/// The path the file functions need; a program's store may be given no name.
fn named(db: Option<PathBuf>) -> Result<PathBuf, Error> {
    db.ok_or(Error::new(GNUTLS_E_FILE_ERROR))
}

unsafe fn tdb_of<'a>(tdb: gnutls_tdb_t) -> Option<&'a gnutls_tdb_int> {
    tdb.as_ref()
}

entry! {
    pub fn gnutls_tdb_init(tdb: *mut gnutls_tdb_t) -> c_int {
        new_handle(tdb, gnutls_tdb_int::default())
    }

    pub fn gnutls_tdb_deinit(tdb: gnutls_tdb_t) {
        free_handle(tdb);
        Ok(())
    }

    // divergence: a store whose function was never set uses the file's; GnuTLS would call
    // through a NULL pointer.
    pub fn gnutls_tdb_set_store_func(tdb: gnutls_tdb_t, store: gnutls_tdb_store_func) {
        borrow(tdb)?.store = store;
        Ok(())
    }

    pub fn gnutls_tdb_set_store_commitment_func(tdb: gnutls_tdb_t, cstore: gnutls_tdb_store_commitment_func) {
        borrow(tdb)?.cstore = cstore;
        Ok(())
    }

    pub fn gnutls_tdb_set_verify_func(tdb: gnutls_tdb_t, verify: gnutls_tdb_verify_func) {
        borrow(tdb)?.verify = verify;
        Ok(())
    }

    /// Records the certificate's public key (or the raw key) for host and service; a
    /// failure to store is GNUTLS_E_DB_ERROR, as GnuTLS reports it.
    pub fn gnutls_store_pubkey(db_name: *const c_char, tdb: gnutls_tdb_t, host: *const c_char, service: *const c_char, cert_type: gnutls_certificate_type_t, cert: *const gnutls_datum_t, expiration: time_t, flags: c_uint) -> c_int {
        let _ = flags;
        let db = db_path(db_name, tdb, true)?;
        let key = public_key_of(cert_type, cert)?;
        let stored = match tdb_of(tdb).and_then(|t| t.store) {
            Some(store) => {
                let key = gnutls_datum_t { data: key.as_ptr() as *mut u8, size: key.len() as c_uint };
                // SAFETY: the program's function, with the arguments it was given and a key that outlives the call.
                program_said(store(db_name, host, service, expiration, &key))
            }
            None => tofu::store_pubkey(&named(db)?, opt_str_arg(host)?, opt_str_arg(service)?, expiration, &key),
        };
        stored.map_err(|_| Error::new(GNUTLS_E_DB_ERROR))
    }

    pub fn gnutls_store_commitment(db_name: *const c_char, tdb: gnutls_tdb_t, host: *const c_char, service: *const c_char, hash_algo: gnutls_digest_algorithm_t, hash: *const gnutls_datum_t, expiration: time_t, flags: c_uint) -> c_int {
        let digest = datum_arg(hash)?;
        tofu::check_commitment(hash_algo, digest, flags & SCOMMIT_FLAG_ALLOW_BROKEN != 0)?;
        let db = db_path(db_name, tdb, true)?;
        let stored = match tdb_of(tdb).and_then(|t| t.cstore) {
            // SAFETY: the program's function, with the arguments it was given.
            Some(cstore) => program_said(cstore(db_name, host, service, expiration, hash_algo, hash)),
            None => tofu::store_commitment(&named(db)?, opt_str_arg(host)?, opt_str_arg(service)?, expiration, hash_algo, digest),
        };
        stored.map_err(|_| Error::new(GNUTLS_E_DB_ERROR))
    }

    /// 0 when the key is on record for host and service; GNUTLS_E_CERTIFICATE_KEY_MISMATCH
    /// when another is; GNUTLS_E_NO_CERTIFICATE_FOUND when none is (or the store failed).
    pub fn gnutls_verify_stored_pubkey(db_name: *const c_char, tdb: gnutls_tdb_t, host: *const c_char, service: *const c_char, cert_type: gnutls_certificate_type_t, cert: *const gnutls_datum_t, flags: c_uint) -> c_int {
        let _ = flags;
        let db = db_path(db_name, tdb, false)?;
        let key = public_key_of(cert_type, cert)?;
        let found = match tdb_of(tdb).and_then(|t| t.verify) {
            Some(verify) => {
                let key = gnutls_datum_t { data: key.as_ptr() as *mut u8, size: key.len() as c_uint };
                // SAFETY: the program's function, with the arguments it was given and a key that outlives the call.
                program_said(verify(db_name, host, service, &key))
            }
            None => tofu::verify_pubkey(&named(db)?, opt_str_arg(host)?, opt_str_arg(service)?, &key),
        };
        found.map_err(|e| if e.code() == GNUTLS_E_CERTIFICATE_KEY_MISMATCH { e } else { Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND) })
    }
}
