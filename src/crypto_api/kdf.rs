//! Key derivation (`gnutls_pbkdf2`, `gnutls_hkdf_extract`/`_expand`), over HMAC only as in
//! GnuTLS: the provider's PBKDF2 and HKDF-Expand for SHA-1/256/384/512, RustCrypto's `pbkdf2` and
//! `hkdf` crates for the other digests; HKDF-Extract is HMAC itself (the provider keeps its PRK
//! opaque).

use std::num::NonZeroU32;

use crate::provider::primitives::{hkdf as rhkdf, pbkdf2 as rpbkdf2};

use super::digest::DigestAlg;
use super::mac::MacAlg;
use crate::errors::Error;

fn hmac_digest(mac_id: u32) -> Result<DigestAlg, Error> {
    MacAlg::from_id(mac_id).and_then(MacAlg::hmac_digest).ok_or(Error::INVALID_REQUEST)
}

/// PBKDF2 (RFC 8018) with HMAC over `mac_id`'s digest.
pub fn pbkdf2(mac_id: u32, password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) -> Result<(), Error> {
    use pbkdf2::pbkdf2_hmac;
    let d = hmac_digest(mac_id)?;
    // divergence: GnuTLS aborts on 0 iterations (nettle asserts).
    let iters = NonZeroU32::new(iterations).ok_or(Error::INVALID_REQUEST)?;
    if out.is_empty() {
        return Ok(());
    }
    let provider_alg = match d {
        DigestAlg::Sha1 => Some(rpbkdf2::PBKDF2_HMAC_SHA1),
        DigestAlg::Sha256 => Some(rpbkdf2::PBKDF2_HMAC_SHA256),
        DigestAlg::Sha384 => Some(rpbkdf2::PBKDF2_HMAC_SHA384),
        DigestAlg::Sha512 => Some(rpbkdf2::PBKDF2_HMAC_SHA512),
        _ => None,
    };
    if let Some(alg) = provider_alg {
        rpbkdf2::derive(alg, iters, salt, password, out);
        return Ok(());
    }
    match d {
        DigestAlg::Md5 => pbkdf2_hmac::<md5::Md5>(password, salt, iterations, out),
        DigestAlg::Sha224 => pbkdf2_hmac::<sha2::Sha224>(password, salt, iterations, out),
        DigestAlg::Gostr94 => pbkdf2_hmac::<gost94::Gost94CryptoPro>(password, salt, iterations, out),
        DigestAlg::Streebog256 => pbkdf2_hmac::<streebog::Streebog256>(password, salt, iterations, out),
        DigestAlg::Streebog512 => pbkdf2_hmac::<streebog::Streebog512>(password, salt, iterations, out),
        _ => return Err(Error::INVALID_REQUEST),
    }
    Ok(())
}

/// HKDF-Extract (RFC 5869 section 2.2), which the RFC defines as HMAC(salt, IKM): the
/// PRK, as long as the digest. An absent salt is the empty one (which HMAC pads to the
/// zero block the RFC names).
pub fn hkdf_extract(mac_id: u32, ikm: &[u8], salt: &[u8]) -> Result<Vec<u8>, Error> {
    super::mac::mac(MacAlg::Hmac(hmac_digest(mac_id)?), salt, ikm)
}

struct Len(usize);

impl rhkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-Expand (RFC 5869 section 2.3); at most 255 digest lengths.
pub fn hkdf_expand(mac_id: u32, prk: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), Error> {
    let d = hmac_digest(mac_id)?;
    if out.len() > 255 * d.output_len() {
        return Err(Error::INVALID_REQUEST);
    }
    if out.is_empty() {
        return Ok(());
    }
    let provider_alg = match d {
        DigestAlg::Sha1 => Some(rhkdf::HKDF_SHA1_FOR_LEGACY_USE_ONLY),
        DigestAlg::Sha256 => Some(rhkdf::HKDF_SHA256),
        DigestAlg::Sha384 => Some(rhkdf::HKDF_SHA384),
        DigestAlg::Sha512 => Some(rhkdf::HKDF_SHA512),
        _ => None,
    };
    if let Some(alg) = provider_alg {
        let prk = rhkdf::Prk::new_less_safe(alg, prk);
        let info = [info];
        return prk.expand(&info, Len(out.len())).and_then(|okm| okm.fill(out)).map_err(|_| Error::INVALID_REQUEST);
    }
    // divergence: RustCrypto's hkdf takes no PRK shorter than the digest (GnuTLS does).
    let r = match d {
        DigestAlg::Md5 => hkdf::Hkdf::<md5::Md5>::from_prk(prk).map(|h| h.expand(info, out)),
        DigestAlg::Sha224 => hkdf::Hkdf::<sha2::Sha224>::from_prk(prk).map(|h| h.expand(info, out)),
        DigestAlg::Gostr94 => hkdf::Hkdf::<gost94::Gost94CryptoPro>::from_prk(prk).map(|h| h.expand(info, out)),
        DigestAlg::Streebog256 => hkdf::Hkdf::<streebog::Streebog256>::from_prk(prk).map(|h| h.expand(info, out)),
        DigestAlg::Streebog512 => hkdf::Hkdf::<streebog::Streebog512>::from_prk(prk).map(|h| h.expand(info, out)),
        _ => return Err(Error::INVALID_REQUEST),
    };
    match r {
        Ok(Ok(())) => Ok(()),
        _ => Err(Error::INVALID_REQUEST),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn rfc6070() {
        let cases: [(&[u8], &[u8], u32, &str); 4] = [
            (b"password", b"salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
            (b"password", b"salt", 4096, "4b007901b765489abead49d926f721d065a429c1"),
            (b"passwordPASSWORDpassword", b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
            (b"pass\0word", b"sa\0lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3"),
        ];
        for (p, s, c, want) in cases {
            let mut out = vec![0; want.len() / 2];
            pbkdf2(3, p, s, c, &mut out).unwrap();
            assert_eq!(out, unhex(want));
        }
        assert!(pbkdf2(3, b"p", b"s", 0, &mut [0; 4]).is_err());
        assert!(pbkdf2(203, b"p", b"s", 1, &mut [0; 4]).is_err());
    }

    #[test]
    fn rfc5869() {
        // Test cases 1 (SHA-256), 3 (SHA-256, empty salt and info) and 4 (SHA-1).
        let ikm = unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        let prk = hkdf_extract(6, &ikm, &unhex("000102030405060708090a0b0c")).unwrap();
        assert_eq!(prk, unhex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"));
        let mut okm = [0u8; 42];
        hkdf_expand(6, &prk, &unhex("f0f1f2f3f4f5f6f7f8f9"), &mut okm).unwrap();
        assert_eq!(okm.to_vec(), unhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
        let prk = hkdf_extract(6, &ikm, b"").unwrap();
        assert_eq!(prk, unhex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"));
        hkdf_expand(6, &prk, b"", &mut okm).unwrap();
        assert_eq!(okm.to_vec(), unhex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
        let prk = hkdf_extract(3, &unhex("0b0b0b0b0b0b0b0b0b0b0b"), &unhex("000102030405060708090a0b0c")).unwrap();
        assert_eq!(prk, unhex("9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243"));
        hkdf_expand(3, &prk, &unhex("f0f1f2f3f4f5f6f7f8f9"), &mut okm).unwrap();
        assert_eq!(okm.to_vec(), unhex("085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"));
        assert!(hkdf_expand(6, &prk, b"", &mut vec![0; 255 * 32 + 1]).is_err());
    }
}
