//! The C-visible handle, datum and callback types, named and shaped as in GnuTLS's headers.
//! A handle is a pointer to the core object behind it (`gnutls_session_int`, ...).

use libc::{c_int, c_uchar, c_uint, c_void, size_t, ssize_t};

use crate::errors::Error;

pub use crate::credentials::gnutls_certificate_credentials_st;
pub use crate::ocsp::{gnutls_ocsp_req_int, gnutls_ocsp_resp_int};
pub use crate::priority::gnutls_priority_st;
pub use super::session::gnutls_session_int;
pub use crate::keys::{gnutls_privkey_st, gnutls_pubkey_st, gnutls_x509_privkey_int};
pub use crate::x509::{gnutls_x509_crl_int, gnutls_x509_crt_int};
pub use crate::x509::request::gnutls_x509_crq_int;

/// `gnutls_datum_t`: bytes the library hands out are allocated with `gnutls_malloc` and
/// freed by the caller with `gnutls_free`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gnutls_datum_t {
    pub data: *mut c_uchar,
    pub size: c_uint,
}

impl gnutls_datum_t {
    /// The bytes a caller passed in; NULL data is only valid with size 0.
    pub unsafe fn as_slice<'a>(p: *const gnutls_datum_t) -> Option<&'a [u8]> {
        let d = p.as_ref()?;
        if d.size == 0 {
            return Some(&[]);
        }
        if d.data.is_null() {
            return None;
        }
        Some(std::slice::from_raw_parts(d.data, d.size as usize))
    }

    /// A fresh `gnutls_malloc` copy of `bytes` that the caller frees with `gnutls_free`.
    /// A trailing NUL is added (not counted), as GnuTLS does for exported data.
    pub fn copy_of(bytes: &[u8]) -> Result<gnutls_datum_t, Error> {
        let size = c_uint::try_from(bytes.len()).map_err(|_| Error::MEMORY)?;
        // SAFETY: a fresh allocation of len+1 bytes, filled before it is handed out.
        unsafe {
            let p = libc::malloc(bytes.len() + 1) as *mut u8;
            if p.is_null() {
                return Err(Error::MEMORY);
            }
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
            *p.add(bytes.len()) = 0;
            Ok(gnutls_datum_t { data: p, size })
        }
    }

    /// A datum pointing into bytes the library keeps (valid as long as their owner).
    pub fn pointing_at(bytes: &[u8]) -> gnutls_datum_t {
        gnutls_datum_t { data: bytes.as_ptr() as *mut c_uchar, size: bytes.len() as c_uint }
    }
}

/// `giovec_t`, as `struct iovec`.
#[repr(C)]
pub struct giovec_t {
    pub iov_base: *mut c_void,
    pub iov_len: size_t,
}

pub type gnutls_session_t = *mut gnutls_session_int;
pub type gnutls_certificate_credentials_t = *mut gnutls_certificate_credentials_st;
pub type gnutls_priority_t = *mut gnutls_priority_st;
pub type gnutls_x509_crt_t = *mut gnutls_x509_crt_int;
pub type gnutls_x509_crq_t = *mut gnutls_x509_crq_int;
pub use crate::x509::dn::gnutls_x509_dn_st;
pub type gnutls_x509_dn_t = *mut gnutls_x509_dn_st;
pub type gnutls_pubkey_t = *mut gnutls_pubkey_st;
pub type gnutls_privkey_t = *mut gnutls_privkey_st;
pub type gnutls_x509_crl_t = *mut gnutls_x509_crl_int;
pub type gnutls_x509_privkey_t = *mut gnutls_x509_privkey_int;
pub type gnutls_ocsp_resp_t = *mut gnutls_ocsp_resp_int;
pub type gnutls_ocsp_resp_const_t = *const gnutls_ocsp_resp_int;
pub type gnutls_ocsp_req_t = *mut gnutls_ocsp_req_int;
pub type gnutls_ocsp_req_const_t = *const gnutls_ocsp_req_int;
pub type gnutls_transport_ptr_t = *mut c_void;

pub type gnutls_pull_func = Option<unsafe extern "C" fn(gnutls_transport_ptr_t, *mut c_void, size_t) -> ssize_t>;
pub type gnutls_push_func = Option<unsafe extern "C" fn(gnutls_transport_ptr_t, *const c_void, size_t) -> ssize_t>;
pub type gnutls_vec_push_func = Option<unsafe extern "C" fn(gnutls_transport_ptr_t, *const giovec_t, c_int) -> ssize_t>;
pub type gnutls_pull_timeout_func = Option<unsafe extern "C" fn(gnutls_transport_ptr_t, c_uint) -> c_int>;
pub type gnutls_errno_func = Option<unsafe extern "C" fn(gnutls_transport_ptr_t) -> c_int>;
pub type gnutls_log_func = Option<unsafe extern "C" fn(c_int, *const libc::c_char)>;

pub type gnutls_alloc_function = Option<unsafe extern "C" fn(size_t) -> *mut c_void>;
pub type gnutls_calloc_function = Option<unsafe extern "C" fn(size_t, size_t) -> *mut c_void>;
pub type gnutls_free_function = Option<unsafe extern "C" fn(*mut c_void)>;
pub type gnutls_realloc_function = Option<unsafe extern "C" fn(*mut c_void, size_t) -> *mut c_void>;
pub type gnutls_strdup_function = Option<unsafe extern "C" fn(*const libc::c_char) -> *mut libc::c_char>;

/// `gnutls_keygen_data_st`: extra input to `gnutls_*_generate2` (RSA-PSS parameters; seeds,
/// which are refused).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gnutls_keygen_data_st {
    pub r#type: crate::constants::gnutls_keygen_types_t,
    pub data: *mut c_uchar,
    pub size: c_uint,
}

/// `gnutls_x509_ava_st`: one attribute of a DN, as `gnutls_x509_dn_get_rdn_ava` fills it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gnutls_x509_ava_st {
    pub oid: gnutls_datum_t,
    pub value: gnutls_datum_t,
    pub value_tag: libc::c_ulong,
}
