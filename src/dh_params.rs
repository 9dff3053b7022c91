//! Diffie-Hellman parameters (GnuTLS manual: "Parameter generation"): a prime, a
//! generator, optionally the subgroup order, and the private-exponent size, read from and
//! written to PKCS #3 DHParameter (DER or PEM "DH PARAMETERS") and raw numbers.
//!
//! rustls negotiates no finite-field group in TLS 1.2 and only the priority string's RFC 7919
//! groups in TLS 1.3, so credentials never use these; programs still make, store and load them.

use der::asn1::UintRef;
use der::{Decode, Encode};

use crate::constants::*;
use crate::errors::Error;
use crate::keys::formats;

/// PKCS #3's DHParameter.
#[derive(der::Sequence)]
struct DhParameter<'a> {
    prime: UintRef<'a>,
    base: UintRef<'a>,
    #[asn1(optional = "true")]
    private_value_length: Option<u32>,
}

const PEM_LABEL: &str = "DH PARAMETERS";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DhParams {
    /// Unsigned big-endian numbers without leading zeros; empty before any import.
    prime: Vec<u8>,
    generator: Vec<u8>,
    q: Option<Vec<u8>>,
    /// The private-exponent size (PKCS #3's privateValueLength); 0 when unknown.
    q_bits: u32,
}

/// A nonzero unsigned number without its leading zeros; zero is GNUTLS_E_MPI_SCAN_FAILED,
/// as GnuTLS refuses it.
fn nonzero(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let start = bytes.iter().position(|&b| b != 0).ok_or(Error::new(GNUTLS_E_MPI_SCAN_FAILED))?;
    Ok(bytes[start..].to_vec())
}

fn bit_length(n: &[u8]) -> u32 {
    n.first().map_or(0, |&top| (n.len() as u32 - 1) * 8 + (8 - top.leading_zeros()))
}

impl DhParams {
    /// `gnutls_dh_params_import_raw2`/`_raw3`: q, when given, sets the private-exponent size
    /// to its length.
    pub fn from_raw(prime: &[u8], generator: &[u8], q: Option<&[u8]>, key_bits: u32) -> Result<DhParams, Error> {
        let (prime, generator) = (nonzero(prime)?, nonzero(generator)?);
        let q = q.map(nonzero).transpose()?;
        let q_bits = q.as_deref().map_or(key_bits, bit_length);
        Ok(DhParams { prime, generator, q, q_bits })
    }

    /// `gnutls_dh_params_import_pkcs3`.
    // divergence: GnuTLS reads BER here; we read DER, which is what every tool writes.
    pub fn from_pkcs3(data: &[u8], pem: bool) -> Result<DhParams, Error> {
        let der = if pem {
            let blocks = formats::pem_blocks(data)?;
            let (_, der) = blocks.into_iter().find(|(label, _)| label == PEM_LABEL).ok_or(Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR))?;
            der.to_vec()
        } else {
            data.to_vec()
        };
        let decoded = DhParameter::from_der(&der).map_err(Error::from_der)?;
        let positive = |n: UintRef<'_>| nonzero(n.as_bytes()).map_err(|_| Error::new(GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER));
        Ok(DhParams {
            prime: positive(decoded.prime)?,
            generator: positive(decoded.base)?,
            q: None,
            q_bits: decoded.private_value_length.unwrap_or(0),
        })
    }

    /// `gnutls_dh_params_generate2`.
    // divergence: no prime is searched for (minutes of work, for parameters no handshake
    // uses): the RFC 7919 group of at least `bits` bits is given (the 8192-bit one above
    // that), with the private-exponent size GnuTLS uses for it.
    pub fn generate(bits: u32) -> DhParams {
        let groups = &crate::dh_groups::FFDHE;
        let group = groups.iter().find(|g| g.bits >= bits).unwrap_or(&groups[groups.len() - 1]);
        DhParams {
            prime: group.prime.to_vec(),
            generator: group.generator.to_vec(),
            q: group.q.map(|q| q.to_vec()),
            q_bits: group.key_bits.unwrap_or(0),
        }
    }

    fn is_set(&self) -> bool {
        !self.prime.is_empty() && !self.generator.is_empty()
    }

    /// `gnutls_dh_params_export2_pkcs3`: PEM as GnuTLS writes it.
    pub fn to_pkcs3(&self, pem: bool) -> Result<Vec<u8>, Error> {
        if !self.is_set() {
            return Err(Error::INVALID_REQUEST);
        }
        fn uint(n: &[u8]) -> Result<UintRef<'_>, Error> {
            UintRef::new(n).map_err(|_| Error::INTERNAL)
        }
        let value = DhParameter {
            prime: uint(&self.prime)?,
            base: uint(&self.generator)?,
            private_value_length: (self.q_bits > 0).then_some(self.q_bits),
        };
        let der = value.to_der().map_err(|_| Error::INTERNAL)?;
        if pem {
            formats::pem_encode(PEM_LABEL, &der)
        } else {
            Ok(der)
        }
    }

    /// `gnutls_dh_params_export_raw`: (prime, generator, private-exponent size).
    pub fn raw(&self) -> Result<(&[u8], &[u8], u32), Error> {
        if !self.is_set() {
            return Err(Error::INVALID_REQUEST);
        }
        Ok((&self.prime, &self.generator, self.q_bits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs3_round_trips_in_both_formats() {
        let p = DhParams::generate(3000);
        assert_eq!(p.raw().unwrap().0.len(), 384);
        for pem in [false, true] {
            let bytes = p.to_pkcs3(pem).unwrap();
            let back = DhParams::from_pkcs3(&bytes, pem).unwrap();
            assert_eq!(back.raw().unwrap(), p.raw().unwrap());
        }
        assert!(std::str::from_utf8(&p.to_pkcs3(true).unwrap()).unwrap().starts_with("-----BEGIN DH PARAMETERS-----\n"));
    }

    #[test]
    fn zero_and_garbage_are_refused() {
        assert_eq!(DhParams::from_raw(&[0, 0], &[2], None, 0), Err(Error::new(GNUTLS_E_MPI_SCAN_FAILED)));
        assert_eq!(DhParams::from_raw(&[0, 23], &[2], Some(&[11]), 0).unwrap().raw().unwrap(), (&[23u8][..], &[2u8][..], 4));
        assert_eq!(DhParams::from_pkcs3(b"\x30\x06\x02\x01\x00\x02\x01\x02", false), Err(Error::new(GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER)));
        assert_eq!(DhParams::from_pkcs3(b"\x04\x00", false), Err(Error::new(GNUTLS_E_ASN1_TAG_ERROR)));
        assert_eq!(DhParams::from_pkcs3(b"no pem here", true), Err(Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)));
        assert_eq!(DhParams::default().to_pkcs3(false), Err(Error::INVALID_REQUEST));
    }
}
