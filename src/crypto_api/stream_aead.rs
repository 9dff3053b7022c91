//! AEAD modes that take their text piece by piece, as GnuTLS's `gnutls_cipher_*` calls
//! hand it over (and as GMAC and GCM with any nonce length need). No crate offers these
//! states: each is assembled from RustCrypto primitives exactly as its specification and
//! the one-shot crates (aes-gcm, chacha20poly1305) do it:
//! - GCM (NIST SP 800-38D): the block cipher in `ctr`'s 32-bit counter mode for the text,
//!   `ghash` over the AAD and the ciphertext;
//! - ChaCha20-Poly1305 (RFC 8439 section 2.8): `chacha20` for the text and the one-time
//!   key, `poly1305` over the AAD and the ciphertext.
//! Unit tests check both against the published vectors and against the provider's AES-GCM.

use cipher::consts::U16;
use cipher::{BlockCipher, BlockEncrypt, InnerIvInit, KeyIvInit, StreamCipher, StreamCipherCoreWrapper};
use ghash::GHash;
use poly1305::Poly1305;
use universal_hash::{KeyInit, UniversalHash};
use zeroize::Zeroizing;

use crate::errors::Error;

/// A universal hash fed in pieces of any length: whole 16-byte blocks go in as they come,
/// a partial block waits for more or for `pad`.
#[derive(Clone)]
struct Absorb<U: UniversalHash<BlockSize = U16> + Clone> {
    hash: U,
    buf: [u8; 16],
    used: usize,
}

impl<U: UniversalHash<BlockSize = U16> + Clone> Absorb<U> {
    fn new(hash: U) -> Self {
        Absorb { hash, buf: [0; 16], used: 0 }
    }

    fn feed(&mut self, mut data: &[u8]) {
        if self.used > 0 {
            let take = (16 - self.used).min(data.len());
            self.buf[self.used..self.used + take].copy_from_slice(&data[..take]);
            self.used += take;
            data = &data[take..];
            if self.used < 16 {
                return;
            }
            self.hash.update(&[self.buf.into()]);
            self.used = 0;
        }
        let whole = data.len() / 16 * 16;
        if whole > 0 {
            self.hash.update_padded(&data[..whole]);
        }
        let rest = &data[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.used = rest.len();
    }

    /// Zero-pads a partial block, as both constructions do between AAD and text.
    fn pad(&mut self) {
        if self.used > 0 {
            self.buf[self.used..].fill(0);
            self.hash.update(&[self.buf.into()]);
            self.used = 0;
        }
    }
}

/// Where a message is: AAD may only come before the text, and nothing after the tag's
/// lengths were fixed... except asking for the tag again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Aad,
    Text,
}

// ---- GCM ----------------------------------------------------------------------------

type Ctr<C> = StreamCipherCoreWrapper<ctr::CtrCore<C, ctr::flavors::Ctr32BE>>;

/// GCM over any 128-bit block cipher (AES, Camellia).
pub struct Gcm<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> {
    cipher: C,
    hash_key: Zeroizing<[u8; 16]>,
    msg: Option<GcmMessage<C>>,
}

struct GcmMessage<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> {
    ghash: Absorb<GHash>,
    ctr: Ctr<C>,
    tag_mask: Zeroizing<[u8; 16]>,
    aad_len: u64,
    text_len: u64,
    phase: Phase,
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Clone for GcmMessage<C> {
    fn clone(&self) -> Self {
        GcmMessage {
            ghash: self.ghash.clone(),
            ctr: self.ctr.clone(),
            tag_mask: self.tag_mask.clone(),
            aad_len: self.aad_len,
            text_len: self.text_len,
            phase: self.phase,
        }
    }
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Clone for Gcm<C> {
    fn clone(&self) -> Self {
        Gcm { cipher: self.cipher.clone(), hash_key: self.hash_key.clone(), msg: self.msg.clone() }
    }
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Gcm<C> {
    pub fn new(cipher: C) -> Self {
        let mut h = [0u8; 16].into();
        cipher.encrypt_block(&mut h);
        let hash_key = Zeroizing::new(<[u8; 16]>::from(h));
        Gcm { cipher, hash_key, msg: None }
    }

    fn ghash(&self) -> GHash {
        GHash::new(&(*self.hash_key).into())
    }

    /// Starts a message under `iv` (any length: 12 bytes directly, others through GHASH).
    pub fn set_iv(&mut self, iv: &[u8]) {
        let mut j0 = [0u8; 16];
        if iv.len() == 12 {
            j0[..12].copy_from_slice(iv);
            j0[15] = 1;
        } else {
            let mut g = self.ghash();
            g.update_padded(iv);
            let mut lens = [0u8; 16];
            lens[8..].copy_from_slice(&((iv.len() as u64) * 8).to_be_bytes());
            g.update(&[lens.into()]);
            j0 = g.finalize().into();
        }
        let mut mask = j0.into();
        self.cipher.encrypt_block(&mut mask);
        let mut counter = j0;
        let low = u32::from_be_bytes([j0[12], j0[13], j0[14], j0[15]]).wrapping_add(1);
        counter[12..].copy_from_slice(&low.to_be_bytes());
        self.msg = Some(GcmMessage {
            ghash: Absorb::new(self.ghash()),
            ctr: Ctr::<C>::from_core(ctr::CtrCore::inner_iv_init(self.cipher.clone(), &counter.into())),
            tag_mask: Zeroizing::new(mask.into()),
            aad_len: 0,
            text_len: 0,
            phase: Phase::Aad,
        });
    }

    fn message(&mut self) -> Result<&mut GcmMessage<C>, Error> {
        self.msg.as_mut().ok_or(Error::INVALID_REQUEST)
    }

    pub fn aad(&mut self, data: &[u8]) -> Result<(), Error> {
        let m = self.message()?;
        if m.phase != Phase::Aad {
            return Err(Error::INVALID_REQUEST);
        }
        m.ghash.feed(data);
        m.aad_len += data.len() as u64;
        Ok(())
    }

    fn start_text(m: &mut GcmMessage<C>) {
        if m.phase == Phase::Aad {
            m.ghash.pad();
            m.phase = Phase::Text;
        }
    }

    pub fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let m = self.message()?;
        Self::start_text(m);
        m.ctr.try_apply_keystream(buf).map_err(|_| Error::INVALID_REQUEST)?;
        m.ghash.feed(buf);
        m.text_len += buf.len() as u64;
        Ok(())
    }

    pub fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let m = self.message()?;
        Self::start_text(m);
        m.ghash.feed(buf);
        m.ctr.try_apply_keystream(buf).map_err(|_| Error::INVALID_REQUEST)?;
        m.text_len += buf.len() as u64;
        Ok(())
    }

    /// The tag of the message so far (the message may not go on after it).
    pub fn tag(&mut self) -> Result<[u8; 16], Error> {
        let m = self.message()?;
        let mut g = m.ghash.clone();
        g.pad();
        let mut lens = [0u8; 16];
        lens[..8].copy_from_slice(&(m.aad_len * 8).to_be_bytes());
        lens[8..].copy_from_slice(&(m.text_len * 8).to_be_bytes());
        g.hash.update(&[lens.into()]);
        let mut tag: [u8; 16] = g.hash.finalize().into();
        for (t, k) in tag.iter_mut().zip(m.tag_mask.iter()) {
            *t ^= k;
        }
        m.phase = Phase::Text;
        Ok(tag)
    }
}

// ---- ChaCha20-Poly1305 --------------------------------------------------------------

pub struct ChaChaPoly {
    key: Zeroizing<[u8; 32]>,
    msg: Option<ChaChaMessage>,
}

struct ChaChaMessage {
    stream: chacha20::ChaCha20,
    poly: Absorb<Poly1305>,
    aad_len: u64,
    text_len: u64,
    phase: Phase,
}

impl ChaChaPoly {
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        let key: [u8; 32] = key.try_into().map_err(|_| Error::INVALID_REQUEST)?;
        Ok(ChaChaPoly { key: Zeroizing::new(key), msg: None })
    }

    /// Starts a message; RFC 8439's nonce is 12 bytes.
    pub fn set_iv(&mut self, nonce: &[u8]) -> Result<(), Error> {
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| Error::INVALID_REQUEST)?;
        let mut stream = chacha20::ChaCha20::new(&(*self.key).into(), &nonce.into());
        let mut block0 = Zeroizing::new([0u8; 64]);
        stream.apply_keystream(&mut block0[..]);
        let poly = Poly1305::new_from_slice(&block0[..32]).map_err(|_| Error::INTERNAL)?;
        self.msg = Some(ChaChaMessage { stream, poly: Absorb::new(poly), aad_len: 0, text_len: 0, phase: Phase::Aad });
        Ok(())
    }

    fn message(&mut self) -> Result<&mut ChaChaMessage, Error> {
        self.msg.as_mut().ok_or(Error::INVALID_REQUEST)
    }

    pub fn aad(&mut self, data: &[u8]) -> Result<(), Error> {
        let m = self.message()?;
        if m.phase != Phase::Aad {
            return Err(Error::INVALID_REQUEST);
        }
        m.poly.feed(data);
        m.aad_len += data.len() as u64;
        Ok(())
    }

    fn start_text(m: &mut ChaChaMessage) {
        if m.phase == Phase::Aad {
            m.poly.pad();
            m.phase = Phase::Text;
        }
    }

    pub fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let m = self.message()?;
        Self::start_text(m);
        m.stream.try_apply_keystream(buf).map_err(|_| Error::INVALID_REQUEST)?;
        m.poly.feed(buf);
        m.text_len += buf.len() as u64;
        Ok(())
    }

    pub fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let m = self.message()?;
        Self::start_text(m);
        m.poly.feed(buf);
        m.stream.try_apply_keystream(buf).map_err(|_| Error::INVALID_REQUEST)?;
        m.text_len += buf.len() as u64;
        Ok(())
    }

    pub fn tag(&mut self) -> Result<[u8; 16], Error> {
        let m = self.message()?;
        let mut p = m.poly.clone();
        p.pad();
        let mut lens = [0u8; 16];
        lens[..8].copy_from_slice(&m.aad_len.to_le_bytes());
        lens[8..].copy_from_slice(&m.text_len.to_le_bytes());
        p.hash.update(&[lens.into()]);
        m.phase = Phase::Text;
        Ok(p.hash.finalize().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    fn gcm(key: &str, iv: &str, aad: &str, pt: &str, chunks: usize) -> (Vec<u8>, [u8; 16]) {
        let mut g = Gcm::new(aes::Aes128::new_from_slice(&unhex(key)).unwrap());
        g.set_iv(&unhex(iv));
        let a = unhex(aad);
        let (a1, a2) = a.split_at(a.len() / 2);
        g.aad(a1).unwrap();
        g.aad(a2).unwrap();
        let mut buf = unhex(pt);
        let step = (buf.len() / chunks.max(1)).max(1);
        for c in buf.chunks_mut(step) {
            g.encrypt(c).unwrap();
        }
        (buf, g.tag().unwrap())
    }

    #[test]
    fn gcm_spec_test_cases() {
        // The GCM specification's test cases 1, 2, 4 (96-bit IV) and 5, 6 (64- and 480-bit IVs).
        let k = "feffe9928665731c6d6a8f9467308308";
        let pt = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        let aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        let (c, t) = gcm("00000000000000000000000000000000", "000000000000000000000000", "", "", 1);
        assert!(c.is_empty());
        assert_eq!(t.to_vec(), unhex("58e2fccefa7e3061367f1d57a4e7455a"));
        let (c, t) = gcm("00000000000000000000000000000000", "000000000000000000000000", "", "00000000000000000000000000000000", 1);
        assert_eq!(c, unhex("0388dace60b6a392f328c2b971b2fe78"));
        assert_eq!(t.to_vec(), unhex("ab6e47d42cec13bdf53a67b21257bddf"));
        for chunks in [1, 3, 7] {
            let (c, t) = gcm(k, "cafebabefacedbaddecaf888", aad, pt, chunks);
            assert_eq!(c, unhex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"));
            assert_eq!(t.to_vec(), unhex("5bc94fbc3221a5db94fae95ae7121a47"));
        }
        let (_, t) = gcm(k, "cafebabefacedbad", aad, pt, 2);
        assert_eq!(t.to_vec(), unhex("3612d2e79e3b0785561be14aaca2fccb"));
        let (_, t) = gcm(k, "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b", aad, pt, 2);
        assert_eq!(t.to_vec(), unhex("619cc5aefffe0bfa462af43c1699d050"));
    }

    #[test]
    fn gcm_agrees_with_ring_and_decrypts() {
        use crate::provider::primitives::aead;
        let key = [7u8; 16];
        let nonce = [9u8; 12];
        let aad = b"header bytes";
        let mut buf = (0..100u8).collect::<Vec<_>>();
        let ring_key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_128_GCM, &key).unwrap());
        let mut r = buf.clone();
        let rt = ring_key
            .seal_in_place_separate_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(aad), &mut r)
            .unwrap();
        let mut g = Gcm::new(aes::Aes128::new_from_slice(&key).unwrap());
        g.set_iv(&nonce);
        g.aad(aad).unwrap();
        g.encrypt(&mut buf[..33]).unwrap();
        g.encrypt(&mut buf[33..]).unwrap();
        assert_eq!(buf, r);
        assert_eq!(g.tag().unwrap().as_ref(), rt.as_ref());
        g.set_iv(&nonce);
        g.aad(aad).unwrap();
        g.decrypt(&mut buf).unwrap();
        assert_eq!(buf, (0..100u8).collect::<Vec<_>>());
        assert_eq!(g.tag().unwrap().as_ref(), rt.as_ref());
        assert!(g.aad(b"late").is_err());
    }

    #[test]
    fn chacha_poly_rfc8439() {
        // RFC 8439 section 2.8.2.
        let key = unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        let pt = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
        let mut c = ChaChaPoly::new(&key).unwrap();
        c.set_iv(&unhex("070000004041424344454647")).unwrap();
        c.aad(&unhex("50515253c0c1c2c3c4c5c6c7")).unwrap();
        let mut buf = pt.to_vec();
        c.encrypt(&mut buf[..64]).unwrap();
        c.encrypt(&mut buf[64..]).unwrap();
        assert_eq!(&buf[..16], &unhex("d31a8d34648e60db7b86afbc53ef7ec2")[..]);
        assert_eq!(c.tag().unwrap().to_vec(), unhex("1ae10b594f09e26a7e902ecbd0600691"));
        assert!(ChaChaPoly::new(&key).unwrap().set_iv(&[0; 8]).is_err());
    }
}
