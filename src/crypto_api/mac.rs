//! MACs (`gnutls_hmac_*`): HMAC (the provider for SHA-1/256/384/512, RustCrypto's `hmac` over
//! md-5, sha2's SHA-224, gost94 and streebog), AES-CMAC and the GOST OMACs (`cmac` over
//! `aes`, `magma`, `kuznyechik`), and AES-GMAC (GCM without text, `stream_aead::Gcm`).
//!
//! Not offered: UMAC-96/128 (no maintained Rust implementation) and GOST 28147-89 IMIT;
//! like the MACs GnuTLS itself lacks (RIPEMD-160, HMAC-SHA3), they answer
//! GNUTLS_E_INVALID_REQUEST.

use digest::{FixedOutputReset, KeyInit, Update};
use crate::provider::primitives::hmac as rh;
use zeroize::Zeroizing;

use super::digest::DigestAlg;
use super::stream_aead::Gcm;
use crate::errors::Error;

/// GnuTLS 3.7.9's sizes for every MAC id it knows: (output length, key size, nonce size),
/// as `gnutls_hmac_get_len`, `gnutls_hmac_get_key_size` and `gnutls_mac_get_nonce_size`
/// answer them (read off the real library), whether or not it can compute the MAC.
pub fn sizes(id: u32) -> (usize, usize, usize) {
    match id {
        2 => (16, 16, 0),
        3 | 4 => (20, 20, 0),
        6 | 11 | 15 | 16 => (32, 32, 0),
        7 | 12 => (48, 48, 0),
        8 | 13 | 17 => (64, 64, 0),
        9 | 10 => (28, 28, 0),
        14 => (36, 36, 0),
        201 => (12, 16, 8),
        202 => (16, 16, 8),
        203 => (16, 16, 0),
        204 => (16, 32, 0),
        205 => (16, 16, 12),
        206 => (16, 24, 12),
        207 => (16, 32, 12),
        208 => (4, 32, 0),
        211 => (8, 32, 0),
        212 => (16, 32, 0),
        _ => (0, 0, 0),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacAlg {
    Hmac(DigestAlg),
    AesCmac128,
    AesCmac256,
    AesGmac128,
    AesGmac192,
    AesGmac256,
    OmacMagma,
    OmacKuznyechik,
}

impl MacAlg {
    pub fn from_id(id: u32) -> Option<MacAlg> {
        use DigestAlg as D;
        Some(match id {
            2 => MacAlg::Hmac(D::Md5),
            3 => MacAlg::Hmac(D::Sha1),
            6 => MacAlg::Hmac(D::Sha256),
            7 => MacAlg::Hmac(D::Sha384),
            8 => MacAlg::Hmac(D::Sha512),
            9 => MacAlg::Hmac(D::Sha224),
            15 => MacAlg::Hmac(D::Gostr94),
            16 => MacAlg::Hmac(D::Streebog256),
            17 => MacAlg::Hmac(D::Streebog512),
            203 => MacAlg::AesCmac128,
            204 => MacAlg::AesCmac256,
            205 => MacAlg::AesGmac128,
            206 => MacAlg::AesGmac192,
            207 => MacAlg::AesGmac256,
            211 => MacAlg::OmacMagma,
            212 => MacAlg::OmacKuznyechik,
            _ => return None,
        })
    }

    /// The HMAC digest, for the KDFs (which GnuTLS defines over HMAC only).
    pub fn hmac_digest(self) -> Option<DigestAlg> {
        match self {
            MacAlg::Hmac(d) => Some(d),
            _ => None,
        }
    }

    pub fn output_len(self) -> usize {
        match self {
            MacAlg::Hmac(d) => d.output_len(),
            MacAlg::OmacMagma => 8,
            _ => 16,
        }
    }

    /// GMAC is keyed per message by a nonce (`gnutls_hmac_set_nonce`).
    fn takes_nonce(self) -> bool {
        matches!(self, MacAlg::AesGmac128 | MacAlg::AesGmac192 | MacAlg::AesGmac256)
    }

    /// The key length a cipher-based MAC requires (HMAC takes any).
    fn fixed_key_len(self) -> Option<usize> {
        match self {
            MacAlg::Hmac(_) => None,
            MacAlg::AesCmac128 | MacAlg::AesGmac128 => Some(16),
            MacAlg::AesGmac192 => Some(24),
            MacAlg::AesCmac256 | MacAlg::AesGmac256 | MacAlg::OmacMagma | MacAlg::OmacKuznyechik => Some(32),
        }
    }
}

/// What every MAC state offers; `Box<dyn MacState>` is cloned for `gnutls_hmac_copy`.
trait MacState {
    fn update(&mut self, data: &[u8]);
    /// The MAC of the message so far; the state starts a new message under the same key.
    fn output_reset(&mut self) -> Vec<u8>;
    fn set_nonce(&mut self, _nonce: &[u8]) {}
    fn box_clone(&self) -> Box<dyn MacState>;
}

/// RustCrypto's `Mac` types (HMAC over a RustCrypto digest, CMAC).
impl<T: digest::Mac + FixedOutputReset + Clone + 'static> MacState for T {
    fn update(&mut self, data: &[u8]) {
        Update::update(self, data);
    }
    fn output_reset(&mut self) -> Vec<u8> {
        self.finalize_reset().into_bytes().to_vec()
    }
    fn box_clone(&self) -> Box<dyn MacState> {
        Box::new(self.clone())
    }
}

#[derive(Clone)]
struct RingHmac {
    key: rh::Key,
    ctx: rh::Context,
}

impl MacState for RingHmac {
    fn update(&mut self, data: &[u8]) {
        self.ctx.update(data);
    }
    fn output_reset(&mut self) -> Vec<u8> {
        std::mem::replace(&mut self.ctx, rh::Context::with_key(&self.key)).sign().as_ref().to_vec()
    }
    fn box_clone(&self) -> Box<dyn MacState> {
        Box::new(self.clone())
    }
}

/// GMAC: GCM with the message as AAD and no text. The nonce stays for the next message
/// until a new one is set.
struct Gmac<C: cipher::BlockCipher<BlockSize = cipher::consts::U16> + cipher::BlockEncrypt + Clone + 'static> {
    gcm: Gcm<C>,
    nonce: Zeroizing<Vec<u8>>,
}

impl<C: cipher::BlockCipher<BlockSize = cipher::consts::U16> + cipher::BlockEncrypt + Clone + 'static> MacState for Gmac<C> {
    fn update(&mut self, data: &[u8]) {
        let _ = self.gcm.aad(data);
    }
    fn output_reset(&mut self) -> Vec<u8> {
        let tag = self.gcm.tag().map(|t| t.to_vec()).unwrap_or_else(|_| vec![0; 16]);
        self.gcm.set_iv(&self.nonce);
        tag
    }
    fn set_nonce(&mut self, nonce: &[u8]) {
        self.nonce = Zeroizing::new(nonce.to_vec());
        self.gcm.set_iv(nonce);
    }
    fn box_clone(&self) -> Box<dyn MacState> {
        Box::new(Gmac { gcm: self.gcm.clone(), nonce: self.nonce.clone() })
    }
}

fn gmac<C: cipher::BlockCipher<BlockSize = cipher::consts::U16> + cipher::BlockEncrypt + cipher::KeyInit + Clone + 'static>(
    key: &[u8],
) -> Result<Box<dyn MacState>, Error> {
    let mut gcm = Gcm::new(C::new_from_slice(key).map_err(|_| Error::INVALID_REQUEST)?);
    gcm.set_iv(&[]);
    Ok(Box::new(Gmac { gcm, nonce: Zeroizing::new(Vec::new()) }))
}

fn rust_mac<T: digest::Mac + KeyInit + FixedOutputReset + Clone + 'static>(key: &[u8]) -> Result<Box<dyn MacState>, Error> {
    Ok(Box::new(<T as KeyInit>::new_from_slice(key).map_err(|_| Error::INVALID_REQUEST)?))
}

fn provider_hmac(alg: rh::Algorithm, key: &[u8]) -> Box<dyn MacState> {
    let key = rh::Key::new(alg, key);
    let ctx = rh::Context::with_key(&key);
    Box::new(RingHmac { key, ctx })
}

/// A running MAC under one key.
pub struct Mac {
    alg: MacAlg,
    state: Box<dyn MacState>,
}

impl Clone for Mac {
    fn clone(&self) -> Mac {
        Mac { alg: self.alg, state: self.state.box_clone() }
    }
}

impl Mac {
    pub fn new(alg: MacAlg, key: &[u8]) -> Result<Mac, Error> {
        use DigestAlg as D;
        if let Some(n) = alg.fixed_key_len() {
            // divergence: GnuTLS aborts (nettle asserts) on another key length.
            if key.len() != n {
                return Err(Error::INVALID_REQUEST);
            }
        }
        let state = match alg {
            MacAlg::Hmac(D::Sha1) => provider_hmac(rh::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key),
            MacAlg::Hmac(D::Sha256) => provider_hmac(rh::HMAC_SHA256, key),
            MacAlg::Hmac(D::Sha384) => provider_hmac(rh::HMAC_SHA384, key),
            MacAlg::Hmac(D::Sha512) => provider_hmac(rh::HMAC_SHA512, key),
            MacAlg::Hmac(D::Md5) => rust_mac::<hmac::Hmac<md5::Md5>>(key)?,
            MacAlg::Hmac(D::Sha224) => rust_mac::<hmac::Hmac<sha2::Sha224>>(key)?,
            MacAlg::Hmac(D::Gostr94) => rust_mac::<hmac::Hmac<gost94::Gost94CryptoPro>>(key)?,
            MacAlg::Hmac(D::Streebog256) => rust_mac::<hmac::Hmac<streebog::Streebog256>>(key)?,
            MacAlg::Hmac(D::Streebog512) => rust_mac::<hmac::Hmac<streebog::Streebog512>>(key)?,
            MacAlg::Hmac(_) => return Err(Error::INVALID_REQUEST),
            MacAlg::AesCmac128 => rust_mac::<cmac::Cmac<aes::Aes128>>(key)?,
            MacAlg::AesCmac256 => rust_mac::<cmac::Cmac<aes::Aes256>>(key)?,
            MacAlg::OmacMagma => rust_mac::<cmac::Cmac<magma::Magma>>(key)?,
            MacAlg::OmacKuznyechik => rust_mac::<cmac::Cmac<kuznyechik::Kuznyechik>>(key)?,
            MacAlg::AesGmac128 => gmac::<aes::Aes128>(key)?,
            MacAlg::AesGmac192 => gmac::<aes::Aes192>(key)?,
            MacAlg::AesGmac256 => gmac::<aes::Aes256>(key)?,
        };
        Ok(Mac { alg, state })
    }

    pub fn alg(&self) -> MacAlg {
        self.alg
    }

    pub fn update(&mut self, data: &[u8]) {
        self.state.update(data);
    }

    /// Sets GMAC's nonce; the other MACs ignore it, as in GnuTLS.
    pub fn set_nonce(&mut self, nonce: &[u8]) {
        self.state.set_nonce(nonce);
    }

    /// The MAC so far; the state starts again under the same key, as `gnutls_hmac_output`.
    pub fn output(&mut self) -> Vec<u8> {
        self.state.output_reset()
    }
}

/// One-shot MAC.
pub fn mac(alg: MacAlg, key: &[u8], data: &[u8]) -> Result<Vec<u8>, Error> {
    // The one-shot MAC has no nonce to give, and GnuTLS refuses a MAC that needs one.
    if alg.takes_nonce() {
        return Err(Error::INVALID_REQUEST);
    }
    let mut m = Mac::new(alg, key)?;
    m.update(data);
    Ok(m.output())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn the_one_shot_mac_refuses_gmac() {
        for alg in [MacAlg::AesGmac128, MacAlg::AesGmac192, MacAlg::AesGmac256] {
            let key = vec![7u8; alg.fixed_key_len().unwrap_or(16)];
            assert_eq!(mac(alg, &key, b"abc").err(), Some(Error::INVALID_REQUEST));
        }
    }

    #[test]
    fn rfc4231_and_rfc2202() {
        // RFC 4231 test case 2 (key "Jefe"), RFC 2202 test case 2 for MD5 and SHA-1.
        let text = b"what do ya want for nothing?";
        let cases = [
            (2, "750c783e6ab0b503eaa86e310a5db738"),
            (3, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (9, "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"),
            (6, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (7, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
            (8, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        ];
        for (id, want) in cases {
            let alg = MacAlg::from_id(id).unwrap();
            assert_eq!(mac(alg, b"Jefe", text).unwrap(), unhex(want), "{id}");
        }
        // RFC 4231 test case 6: a key longer than the block.
        let key = [0xaau8; 131];
        assert_eq!(
            mac(MacAlg::from_id(6).unwrap(), &key, b"Test Using Larger Than Block-Size Key - Hash Key First").unwrap(),
            unhex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        );
    }

    #[test]
    fn rfc4493_cmac() {
        let k = unhex("2b7e151628aed2a6abf7158809cf4f3c");
        let alg = MacAlg::AesCmac128;
        assert_eq!(mac(alg, &k, b"").unwrap(), unhex("bb1d6929e95937287fa37d129b756746"));
        assert_eq!(mac(alg, &k, &unhex("6bc1bee22e409f96e93d7e117393172a")).unwrap(), unhex("070a16b46b4d4144f79bdd9dd04a287c"));
        assert!(Mac::new(alg, &k[..7]).is_err());
    }

    #[test]
    fn gmac_is_gcm_without_text() {
        // GCM spec test case 2's key and IV with the 16 zero bytes as AAD: gcm-spec's
        // test vectors don't cover GMAC, so check against the provider's AES-128-GCM.
        use crate::provider::primitives::aead;
        let key = [3u8; 16];
        let nonce = [5u8; 12];
        let data = b"authenticate me, not encrypt me";
        let rk = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_128_GCM, &key).unwrap());
        let tag = rk
            .seal_in_place_separate_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(&data[..]), &mut [])
            .unwrap();
        let mut m = Mac::new(MacAlg::AesGmac128, &key).unwrap();
        m.set_nonce(&nonce);
        m.update(&data[..10]);
        m.update(&data[10..]);
        assert_eq!(m.output(), tag.as_ref());
    }

    #[test]
    fn output_resets_and_copy_continues() {
        let mut m = Mac::new(MacAlg::Hmac(DigestAlg::Sha256), b"key").unwrap();
        m.update(b"ab");
        let mut c = m.clone();
        m.update(b"c");
        c.update(b"c");
        let a = m.output();
        assert_eq!(a, c.output());
        m.update(b"abc");
        assert_eq!(a, m.output());
    }
}
