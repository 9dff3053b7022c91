//! OCSP status requests. rustls asks every server for a stapled OCSP response and hands
//! it to the verifier; parsing OCSP responses is not offered, so the `gnutls_ocsp_resp_*`
//! functions say so and a program that insists on OCSP checks (libcurl's
//! CURLOPT_SSL_VERIFYSTATUS) fails closed rather than being told the status is good.

use std::cell::Ref;

use crate::errors::Error;
use crate::session::Session;

/// The object behind `gnutls_ocsp_resp_t`: nothing can be imported into it yet.
#[derive(Default)]
pub struct gnutls_ocsp_resp_int {
    _private: (),
}

impl gnutls_ocsp_resp_int {
    /// `gnutls_ocsp_resp_import`: responses cannot be parsed yet.
    pub fn import(&mut self, der: &[u8]) -> Result<(), Error> {
        let _ = der;
        Err(Error::UNIMPLEMENTED)
    }
}

impl Session {
    /// The stapled response the server sent, if any (`gnutls_ocsp_status_request_get`).
    pub fn stapled_ocsp_response(&self) -> Result<Ref<'_, [u8]>, Error> {
        if !self.established() {
            return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
        }
        Ref::filter_map(self.stapled_ocsp.borrow(), |r| r.as_deref().filter(|r| !r.is_empty()))
            .map_err(|_| Error::REQUESTED_DATA_NOT_AVAILABLE)
    }
}
