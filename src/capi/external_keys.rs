//! Keys the program holds itself (GnuTLS manual: "Abstract key types",
//! `gnutls_privkey_import_ext*`): the program's functions behind `crate::keys::external`.

use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use std::sync::Arc;

use libc::{c_int, c_uint, c_void};
use zeroize::Zeroizing;

use super::callbacks::library_free;
use super::ctypes::*;
use super::types::*;
use crate::constants::gnutls_pk_algorithm_t;
use super::borrow;
use crate::errors::Error;
use crate::keys::external::{ExternalKey, ExternalOps};
use crate::keys::gnutls_privkey_st;

/// The program's functions and their `userdata`; they are shown the handle the key was
/// imported into while it exists (NULL after, see `handle_gone`).
struct ProgramKey {
    handle: AtomicPtr<gnutls_privkey_st>,
    userdata: *mut c_void,
    f: Functions,
    /// Set once the import succeeded: a refused key's userdata stays the program's.
    imported: Arc<AtomicBool>,
}

/// The functions one of the import calls takes.
#[derive(Clone, Copy, Default)]
struct Functions {
    sign: gnutls_privkey_sign_func,
    sign_hash: gnutls_privkey_sign_hash_func,
    sign_data: gnutls_privkey_sign_data_func,
    decrypt: gnutls_privkey_decrypt_func,
    deinit: gnutls_privkey_deinit_func,
    info: gnutls_privkey_info_func,
}

// SAFETY: GnuTLS lets the sessions of any thread sign with a key; keeping the program's
// functions and userdata usable from them is the program's part, as with GnuTLS.
unsafe impl Send for ProgramKey {}
unsafe impl Sync for ProgramKey {}

/// What a program's function produced: a datum it allocated with `gnutls_malloc`, which we
/// copy and free; a negative code is its error.
unsafe fn taken(rc: c_int, out: &mut gnutls_datum_t) -> Result<Vec<u8>, Error> {
    let bytes = gnutls_datum_t::as_slice(out).map(<[u8]>::to_vec).unwrap_or_default();
    library_free(out.data as *mut c_void);
    if rc < 0 {
        return Err(Error::new(rc));
    }
    Ok(bytes)
}

impl ProgramKey {
    fn handle(&self) -> gnutls_privkey_t {
        self.handle.load(Ordering::Acquire)
    }
}

impl ExternalOps for ProgramKey {
    fn sign_raw(&self, raw: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        let f = self.f.sign?;
        let input = gnutls_datum_t::pointing_at(raw);
        let mut sig = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        // SAFETY: the program's function with its userdata and datums that outlive the call.
        Some(unsafe { taken(f(self.handle(), self.userdata, &input, &mut sig), &mut sig) })
    }

    fn sign_hash(&self, sign: u32, hash: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        let f = self.f.sign_hash?;
        let input = gnutls_datum_t::pointing_at(hash);
        let mut sig = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        // SAFETY: as in sign_raw; GnuTLS passes no flags.
        Some(unsafe { taken(f(self.handle(), sign, self.userdata, 0, &input, &mut sig), &mut sig) })
    }

    fn sign_data(&self, sign: u32, data: &[u8]) -> Option<Result<Vec<u8>, Error>> {
        let f = self.f.sign_data?;
        let input = gnutls_datum_t::pointing_at(data);
        let mut sig = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        // SAFETY: as in sign_raw.
        Some(unsafe { taken(f(self.handle(), sign, self.userdata, 0, &input, &mut sig), &mut sig) })
    }

    fn decrypt(&self, ciphertext: &[u8]) -> Option<Result<Zeroizing<Vec<u8>>, Error>> {
        let f = self.f.decrypt?;
        let input = gnutls_datum_t::pointing_at(ciphertext);
        let mut plain = gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        // SAFETY: as in sign_raw; the plaintext is wiped where the program left it.
        Some(unsafe {
            let rc = f(self.handle(), self.userdata, &input, &mut plain);
            let bytes = Zeroizing::new(gnutls_datum_t::as_slice(&plain).map(<[u8]>::to_vec).unwrap_or_default());
            if !plain.data.is_null() {
                zeroize::Zeroize::zeroize(std::slice::from_raw_parts_mut(plain.data, plain.size as usize));
            }
            library_free(plain.data as *mut c_void);
            if rc < 0 {
                Err(Error::new(rc))
            } else {
                Ok(bytes)
            }
        })
    }

    fn info(&self, flags: u32) -> Option<i32> {
        let f = self.f.info?;
        // SAFETY: the program's function with its userdata.
        Some(unsafe { f(self.handle(), flags, self.userdata) })
    }

    fn handle_gone(&self) {
        self.handle.store(std::ptr::null_mut(), Ordering::Release);
    }
}

impl Drop for ProgramKey {
    /// GnuTLS calls the deinit function when the key is freed; here that is when the last
    /// user of the key (the handle, or credentials holding it) lets go.
    fn drop(&mut self) {
        if let (Some(f), true) = (self.f.deinit, self.imported.load(Ordering::Acquire)) {
            // SAFETY: the program's function with its userdata, once.
            unsafe { f(self.handle(), self.userdata) };
        }
    }
}

/// Imports the program's key into the handle; what the functions need is checked by `make`.
unsafe fn import(
    pkey: gnutls_privkey_t,
    userdata: *mut c_void,
    f: Functions,
    flags: c_uint,
    make: impl FnOnce(Box<dyn ExternalOps>) -> Result<ExternalKey, Error>,
) -> Result<(), Error> {
    let target = borrow(pkey)?;
    let imported = Arc::new(AtomicBool::new(false));
    let ops = ProgramKey { handle: AtomicPtr::new(pkey), userdata, f, imported: imported.clone() };
    target.set_external(make(Box::new(ops))?)?;
    target.flags = flags;
    imported.store(true, Ordering::Release);
    Ok(())
}

unsafe fn import_ext2(pkey: gnutls_privkey_t, pk: c_uint, userdata: *mut c_void, f: Functions, flags: c_uint) -> Result<(), Error> {
    if f.sign.is_none() && f.decrypt.is_none() {
        return Err(Error::INVALID_REQUEST);
    }
    import(pkey, userdata, f, flags, |ops| ExternalKey::with_algorithm(pk, ops))
}

entry! {
    #[node(GNUTLS_3_4)]
    pub fn gnutls_privkey_import_ext(pkey: gnutls_privkey_t, pk: gnutls_pk_algorithm_t, userdata: *mut c_void, sign_func: gnutls_privkey_sign_func, decrypt_func: gnutls_privkey_decrypt_func, flags: c_uint) -> c_int {
        import_ext2(pkey, pk, userdata, Functions { sign: sign_func, decrypt: decrypt_func, ..Default::default() }, flags)
    }

    /// The deinit function runs when the key is freed, or with credentials still using it,
    /// when they let go of it.
    #[node(GNUTLS_3_4)]
    pub fn gnutls_privkey_import_ext2(pkey: gnutls_privkey_t, pk: gnutls_pk_algorithm_t, userdata: *mut c_void, sign_func: gnutls_privkey_sign_func, decrypt_func: gnutls_privkey_decrypt_func, deinit_func: gnutls_privkey_deinit_func, flags: c_uint) -> c_int {
        import_ext2(pkey, pk, userdata, Functions { sign: sign_func, decrypt: decrypt_func, deinit: deinit_func, ..Default::default() }, flags)
    }

    #[node(GNUTLS_3_4)]
    pub fn gnutls_privkey_import_ext3(pkey: gnutls_privkey_t, userdata: *mut c_void, sign_func: gnutls_privkey_sign_func, decrypt_func: gnutls_privkey_decrypt_func, deinit_func: gnutls_privkey_deinit_func, info_func: gnutls_privkey_info_func, flags: c_uint) -> c_int {
        if (sign_func.is_none() && decrypt_func.is_none()) || info_func.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        let f = Functions { sign: sign_func, decrypt: decrypt_func, deinit: deinit_func, info: info_func, ..Default::default() };
        import(pkey, userdata, f, flags, |ops| ExternalKey::with_info(ops, false))
    }

    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_privkey_import_ext4(pkey: gnutls_privkey_t, userdata: *mut c_void, sign_data_func: gnutls_privkey_sign_data_func, sign_hash_func: gnutls_privkey_sign_hash_func, decrypt_func: gnutls_privkey_decrypt_func, deinit_func: gnutls_privkey_deinit_func, info_func: gnutls_privkey_info_func, flags: c_uint) -> c_int {
        if (sign_data_func.is_none() && sign_hash_func.is_none() && decrypt_func.is_none()) || info_func.is_none() {
            return Err(Error::INVALID_REQUEST);
        }
        let f = Functions { sign_data: sign_data_func, sign_hash: sign_hash_func, decrypt: decrypt_func, deinit: deinit_func, info: info_func, ..Default::default() };
        import(pkey, userdata, f, flags, |ops| ExternalKey::with_info(ops, true))
    }
}
