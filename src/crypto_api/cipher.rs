//! Ciphers that keep state across calls (`gnutls_cipher_*`): RustCrypto's `cbc` over
//! `aes`, `camellia`, `des` (DES, 3DES) and `rc2`; `cfb8` and `xts-mode` over `aes`; `rc4`;
//! and the AEADs GnuTLS also offers here (GCM over AES and Camellia, ChaCha20-Poly1305)
//! from `stream_aead`.
//!
//! Not offered: Salsa20, raw ChaCha20, and the GOST 28147-89 / Magma / Kuznyechik CFB,
//! CNT and CTR-ACPKM modes (GNUTLS_E_INVALID_REQUEST, as for ciphers GnuTLS lacks).

use cipher::consts::U16;
use cipher::generic_array::GenericArray;
use cipher::{BlockCipher, BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, InnerIvInit, KeyInit, StreamCipher};

use super::stream_aead::{ChaChaPoly, Gcm};
use crate::errors::Error;

/// GnuTLS 3.7.9's (block size, IV size, tag size) by cipher id, as
/// `gnutls_cipher_get_block_size`/`_iv_size`/`_tag_size` answer (read off the library).
pub fn sizes(id: u32) -> (usize, usize, usize) {
    match id {
        1 | 2 | 6 => (1, 0, 0),
        3 | 17 | 18 => (8, 8, 0),
        4 | 5 | 7 | 8 | 9 | 12 | 29 | 30 | 31 | 32 | 33 => (16, 16, 0),
        10 | 11 | 15 | 16 | 39 => (16, 12, 16),
        13 | 14 => (64, 8, 0),
        19 | 20 => (16, 12, 16),
        21 | 22 => (16, 12, 8),
        23 => (64, 12, 16),
        24..=28 | 34 | 40 => (8, 8, 0),
        35 | 36 => (64, 16, 0),
        37 | 38 => (16, 16, 16),
        41 => (16, 16, 0),
        _ => (0, 0, 0),
    }
}

/// How a cipher shapes a TLS record, in GnuTLS 3.7.9's table (lib/algorithms/ciphers.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Stream,
    /// CBC and the other block modes: a MAC, an explicit IV and padding.
    Block { explicit_iv: usize },
    /// A tag, and an explicit nonce before TLS 1.3.
    Aead { explicit_iv: usize },
}

/// The record shape of a cipher id; None for ids GnuTLS lacks.
pub fn record_kind(id: u32) -> Option<RecordKind> {
    Some(match id {
        1 | 2 | 6 | 13 | 14 | 24..=28 | 34..=36 | 40 | 41 => RecordKind::Stream,
        3 | 17 | 18 => RecordKind::Block { explicit_iv: 8 },
        4 | 5 | 7..=9 | 12 | 29..=33 => RecordKind::Block { explicit_iv: 16 },
        10 | 11 | 15 | 16 | 19..=22 | 39 => RecordKind::Aead { explicit_iv: 8 },
        23 => RecordKind::Aead { explicit_iv: 0 },
        37 | 38 => RecordKind::Aead { explicit_iv: 16 },
        _ => return None,
    })
}

/// The PKCS #7 padding length at the end of a decrypted block, 0 if it is not well-formed;
/// every byte is looked at, whatever the padding, so that the time taken does not tell it.
fn pkcs7_padding(block: &[u8]) -> usize {
    let Some(&pad) = block.last() else { return 0 };
    let pad = usize::from(pad);
    let mut bad = usize::from(pad == 0 || pad > block.len());
    for (i, &b) in block.iter().rev().enumerate() {
        let in_padding = usize::from(i < pad);
        bad |= in_padding & usize::from(usize::from(b) != pad);
    }
    pad * (1 - bad)
}

/// What one cipher handle does; `set_iv` starts a new message.
trait Mode {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error>;
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error>;
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error>;
    fn aad(&mut self, _data: &[u8]) -> Result<(), Error> {
        Err(Error::INVALID_REQUEST)
    }
    fn tag(&mut self) -> Result<[u8; 16], Error> {
        Err(Error::INVALID_REQUEST)
    }
}

/// CBC, with an encryption and a decryption state as GnuTLS keeps them.
struct Cbc<C: BlockCipher + BlockEncrypt + BlockDecrypt + Clone> {
    cipher: C,
    enc: cbc::Encryptor<C>,
    dec: cbc::Decryptor<C>,
}

impl<C: BlockCipher + BlockEncrypt + BlockDecrypt + Clone> Cbc<C> {
    fn new(cipher: C, iv: &[u8]) -> Result<Self, Error> {
        let iv = GenericArray::from_exact_iter(iv.iter().copied()).ok_or(Error::INVALID_REQUEST)?;
        Ok(Cbc { enc: cbc::Encryptor::inner_iv_init(cipher.clone(), &iv), dec: cbc::Decryptor::inner_iv_init(cipher.clone(), &iv), cipher })
    }
}

impl<C: BlockCipher + BlockEncrypt + BlockDecrypt + Clone> Mode for Cbc<C> {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        *self = Cbc::new(self.cipher.clone(), iv)?;
        Ok(())
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let bs = C::block_size();
        // divergence: GnuTLS aborts on a partial block (nettle asserts).
        if buf.len() % bs != 0 {
            return Err(Error::INVALID_REQUEST);
        }
        for b in buf.chunks_exact_mut(bs) {
            self.enc.encrypt_block_mut(GenericArray::from_mut_slice(b));
        }
        Ok(())
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let bs = C::block_size();
        if buf.len() % bs != 0 {
            return Err(Error::INVALID_REQUEST);
        }
        for b in buf.chunks_exact_mut(bs) {
            self.dec.decrypt_block_mut(GenericArray::from_mut_slice(b));
        }
        Ok(())
    }
}

struct Cfb8<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> {
    cipher: C,
    enc: cfb8::Encryptor<C>,
    dec: cfb8::Decryptor<C>,
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Cfb8<C> {
    fn new(cipher: C, iv: &[u8]) -> Result<Self, Error> {
        let iv = GenericArray::from_exact_iter(iv.iter().copied()).ok_or(Error::INVALID_REQUEST)?;
        Ok(Cfb8 { enc: cfb8::Encryptor::inner_iv_init(cipher.clone(), &iv), dec: cfb8::Decryptor::inner_iv_init(cipher.clone(), &iv), cipher })
    }
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Mode for Cfb8<C> {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        *self = Cfb8::new(self.cipher.clone(), iv)?;
        Ok(())
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        for b in buf.chunks_exact_mut(1) {
            self.enc.encrypt_block_mut(GenericArray::from_mut_slice(b));
        }
        Ok(())
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        for b in buf.chunks_exact_mut(1) {
            self.dec.decrypt_block_mut(GenericArray::from_mut_slice(b));
        }
        Ok(())
    }
}

/// XTS as nettle's message API: every call is one data unit under the IV as tweak.
struct Xts<C: BlockCipher<BlockSize = U16> + BlockEncrypt + BlockDecrypt> {
    xts: xts_mode::Xts128<C>,
    tweak: [u8; 16],
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + BlockDecrypt> Mode for Xts<C> {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        self.tweak = iv.try_into().map_err(|_| Error::INVALID_REQUEST)?;
        Ok(())
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        if buf.len() < 16 {
            return Err(Error::INVALID_REQUEST);
        }
        self.xts.encrypt_sector(buf, self.tweak);
        Ok(())
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        if buf.len() < 16 {
            return Err(Error::INVALID_REQUEST);
        }
        self.xts.decrypt_sector(buf, self.tweak);
        Ok(())
    }
}

struct Stream(Box<dyn StreamCipher>);

impl Mode for Stream {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        if iv.is_empty() {
            Ok(())
        } else {
            Err(Error::INVALID_REQUEST)
        }
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        self.0.try_apply_keystream(buf).map_err(|_| Error::INVALID_REQUEST)
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        self.encrypt(buf)
    }
}

impl<C: BlockCipher<BlockSize = U16> + BlockEncrypt + Clone> Mode for Gcm<C> {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        Gcm::set_iv(self, iv);
        Ok(())
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        Gcm::encrypt(self, buf)
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        Gcm::decrypt(self, buf)
    }
    fn aad(&mut self, data: &[u8]) -> Result<(), Error> {
        Gcm::aad(self, data)
    }
    fn tag(&mut self) -> Result<[u8; 16], Error> {
        Gcm::tag(self)
    }
}

impl Mode for ChaChaPoly {
    fn set_iv(&mut self, iv: &[u8]) -> Result<(), Error> {
        ChaChaPoly::set_iv(self, iv)
    }
    fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        ChaChaPoly::encrypt(self, buf)
    }
    fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        ChaChaPoly::decrypt(self, buf)
    }
    fn aad(&mut self, data: &[u8]) -> Result<(), Error> {
        ChaChaPoly::aad(self, data)
    }
    fn tag(&mut self) -> Result<[u8; 16], Error> {
        ChaChaPoly::tag(self)
    }
}

fn key_of<C: KeyInit>(key: &[u8], wrong: Error) -> Result<C, Error> {
    C::new_from_slice(key).map_err(|_| wrong)
}

fn rc4(key: &[u8]) -> Result<Box<dyn StreamCipher>, Error> {
    use cipher::consts::*;
    macro_rules! by_len {
        ($($n:literal => $t:ty),*) => {
            match key.len() {
                $($n => Ok(Box::new(rc4::Rc4::<$t>::new_from_slice(key).map_err(|_| Error::INVALID_REQUEST)?)),)*
                _ => Err(Error::INVALID_REQUEST),
            }
        };
    }
    by_len!(1 => U1, 2 => U2, 3 => U3, 4 => U4, 5 => U5, 6 => U6, 7 => U7, 8 => U8, 9 => U9, 10 => U10,
        11 => U11, 12 => U12, 13 => U13, 14 => U14, 15 => U15, 16 => U16, 17 => U17, 18 => U18, 19 => U19,
        20 => U20, 21 => U21, 22 => U22, 23 => U23, 24 => U24, 25 => U25, 26 => U26, 27 => U27, 28 => U28,
        29 => U29, 30 => U30, 31 => U31, 32 => U32, 64 => U64, 128 => U128, 256 => U256)
}

fn xts<C: BlockCipher<BlockSize = U16> + BlockEncrypt + BlockDecrypt + KeyInit + 'static>(key: &[u8]) -> Result<Box<dyn Mode>, Error> {
    let half = key.len() / 2;
    if key.len() % 2 != 0 || half != C::key_size() {
        return Err(Error::INTERNAL);
    }
    let xts = xts_mode::Xts128::new(key_of::<C>(&key[..half], Error::INTERNAL)?, key_of::<C>(&key[half..], Error::INTERNAL)?);
    Ok(Box::new(Xts { xts, tweak: [0; 16] }))
}

/// A cipher handle's state.
pub struct Cipher {
    mode: Box<dyn Mode>,
    aead: bool,
    /// A block cipher's block, which PKCS #7 padding fills (`gnutls_cipher_encrypt3`).
    padding_block: Option<usize>,
    /// Set when `set_iv` was given an IV the mode cannot take: nothing is encrypted under
    /// a stale IV until a good one comes.
    broken: bool,
}

impl Cipher {
    /// `gnutls_cipher_init`: the key must have the algorithm's length (ARCFOUR-128: any
    /// length up to 32 bytes, 64, 128 or 256); a missing IV is all zeros.
    pub fn new(id: u32, key: &[u8], iv: Option<&[u8]>) -> Result<Cipher, Error> {
        let bad = Error::INVALID_REQUEST;
        // GnuTLS 3.7.9 answers GNUTLS_E_INTERNAL_ERROR for a wrong AES key length.
        let aes_bad = Error::INTERNAL;
        let (_, iv_len, tag_len) = sizes(id);
        let zeros = vec![0u8; iv_len];
        let iv = iv.unwrap_or(&zeros);
        let mut mode: Box<dyn Mode> = match id {
            2 => Box::new(Stream(rc4(key)?)),
            3 => Box::new(Cbc::new(key_of::<des::TdesEde3>(key, bad)?, iv)?),
            4 => Box::new(Cbc::new(key_of::<aes::Aes128>(key, aes_bad)?, iv)?),
            9 => Box::new(Cbc::new(key_of::<aes::Aes192>(key, aes_bad)?, iv)?),
            5 => Box::new(Cbc::new(key_of::<aes::Aes256>(key, aes_bad)?, iv)?),
            7 => Box::new(Cbc::new(key_of::<camellia::Camellia128>(key, bad)?, iv)?),
            12 => Box::new(Cbc::new(key_of::<camellia::Camellia192>(key, bad)?, iv)?),
            8 => Box::new(Cbc::new(key_of::<camellia::Camellia256>(key, bad)?, iv)?),
            17 => {
                if key.len() != 5 {
                    return Err(bad);
                }
                Box::new(Cbc::new(rc2::Rc2::new_with_eff_key_len(key, 40), iv)?)
            }
            18 => Box::new(Cbc::new(key_of::<des::Des>(key, bad)?, iv)?),
            10 => Box::new(Gcm::new(key_of::<aes::Aes128>(key, aes_bad)?)),
            39 => Box::new(Gcm::new(key_of::<aes::Aes192>(key, aes_bad)?)),
            11 => Box::new(Gcm::new(key_of::<aes::Aes256>(key, aes_bad)?)),
            15 => Box::new(Gcm::new(key_of::<camellia::Camellia128>(key, bad)?)),
            16 => Box::new(Gcm::new(key_of::<camellia::Camellia256>(key, bad)?)),
            23 => Box::new(ChaChaPoly::new(key)?),
            29 => Box::new(Cfb8::new(key_of::<aes::Aes128>(key, bad)?, iv)?),
            30 => Box::new(Cfb8::new(key_of::<aes::Aes192>(key, bad)?, iv)?),
            31 => Box::new(Cfb8::new(key_of::<aes::Aes256>(key, bad)?, iv)?),
            32 => xts::<aes::Aes128>(key)?,
            33 => xts::<aes::Aes256>(key)?,
            _ => return Err(bad),
        };
        mode.set_iv(iv)?;
        let padding_block = matches!(record_kind(id), Some(RecordKind::Block { .. })).then_some(sizes(id).0);
        Ok(Cipher { mode, aead: tag_len > 0, padding_block, broken: false })
    }

    /// The block PKCS #7 padding fills, when asked for on a block cipher (GnuTLS pads
    /// nothing else).
    fn padding(&self, pkcs7: bool) -> Option<usize> {
        self.padding_block.filter(|_| pkcs7)
    }

    /// What `encrypt_padded` makes of `len` bytes: the next whole block past them when
    /// padding; a length that would overflow is refused, as GnuTLS refuses it.
    pub fn padded_len(&self, len: usize, pkcs7: bool) -> Result<usize, Error> {
        match self.padding(pkcs7) {
            Some(block) => Ok(len.checked_add(block).ok_or(Error::INVALID_REQUEST)? / block * block),
            None => Ok(len),
        }
    }

    /// `gnutls_cipher_encrypt3`: the text encrypted, PKCS #7 padded if asked for.
    pub fn encrypt_padded(&mut self, text: &[u8], pkcs7: bool) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(self.padded_len(text.len(), pkcs7)?));
        buf.extend_from_slice(text);
        if let Some(block) = self.padding(pkcs7) {
            let fill = block - text.len() % block;
            buf.resize(text.len() + fill, fill as u8);
        }
        self.encrypt(&mut buf)?;
        Ok(buf)
    }

    /// `gnutls_cipher_decrypt3`: decrypts `buf` in place and answers the length of the
    /// text in it, without its PKCS #7 padding if asked for; padding that is not
    /// well-formed is GNUTLS_E_DECRYPTION_FAILED.
    pub fn decrypt_padded(&mut self, buf: &mut [u8], pkcs7: bool) -> Result<usize, Error> {
        self.decrypt(buf)?;
        let Some(block) = self.padding(pkcs7) else { return Ok(buf.len()) };
        let last = buf.len().checked_sub(block).map(|at| &buf[at..]).ok_or(Error::DECRYPTION_FAILED)?;
        match pkcs7_padding(last) {
            0 => Err(Error::DECRYPTION_FAILED),
            n => Ok(buf.len() - n),
        }
    }

    pub fn is_aead(&self) -> bool {
        self.aead
    }

    pub fn set_iv(&mut self, iv: &[u8]) {
        self.broken = self.mode.set_iv(iv).is_err();
    }

    fn usable(&mut self) -> Result<&mut Box<dyn Mode>, Error> {
        if self.broken {
            return Err(Error::INVALID_REQUEST);
        }
        Ok(&mut self.mode)
    }

    pub fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        self.usable()?.encrypt(buf)
    }

    pub fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        self.usable()?.decrypt(buf)
    }

    pub fn add_auth(&mut self, data: &[u8]) -> Result<(), Error> {
        if !self.aead {
            return Err(Error::INVALID_REQUEST);
        }
        self.usable()?.aad(data)
    }

    pub fn tag(&mut self) -> Result<[u8; 16], Error> {
        if !self.aead {
            return Err(Error::INVALID_REQUEST);
        }
        self.usable()?.tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs7_padding_is_read_as_gnutls_reads_it() {
        assert_eq!(pkcs7_padding(&[9, 9, 9, 3, 3, 3]), 3);
        assert_eq!(pkcs7_padding(&[3, 3, 3]), 3);
        assert_eq!(pkcs7_padding(&[9, 9, 2, 3, 3]), 0, "a short run of padding");
        assert_eq!(pkcs7_padding(&[1, 2, 0]), 0, "zero is no padding");
        assert_eq!(pkcs7_padding(&[4, 4, 4]), 0, "longer than the block");
        assert_eq!(pkcs7_padding(&[]), 0);
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn sp800_38a_cbc_and_cfb8() {
        let key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
        let iv = unhex("000102030405060708090a0b0c0d0e0f");
        let mut c = Cipher::new(4, &key, Some(&iv)).unwrap();
        let mut buf = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        c.encrypt(&mut buf[..16]).unwrap();
        c.encrypt(&mut buf[16..]).unwrap();
        assert_eq!(buf, unhex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"));
        c.decrypt(&mut buf).unwrap();
        assert_eq!(buf, unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"));
        assert!(c.encrypt(&mut [0; 5]).is_err());
        let mut f = Cipher::new(29, &key, Some(&iv)).unwrap();
        let mut buf = unhex("6bc1bee22e409f96e93d7e117393172aae2d");
        f.encrypt(&mut buf).unwrap();
        assert_eq!(buf, unhex("3b79424c9c0dd436bace9e0ed4586a4f32b9"));
    }

    #[test]
    fn ieee1619_xts_vector_2() {
        let key = unhex("1111111111111111111111111111111122222222222222222222222222222222");
        let mut x = Cipher::new(32, &key, Some(&unhex("33333333330000000000000000000000"))).unwrap();
        let mut buf = vec![0x44u8; 32];
        x.encrypt(&mut buf).unwrap();
        assert_eq!(buf, unhex("c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0"));
    }

    #[test]
    fn a_bad_iv_stops_the_handle() {
        let mut c = Cipher::new(4, &[0; 16], None).unwrap();
        c.set_iv(&[0; 5]);
        assert!(c.encrypt(&mut [0; 16]).is_err());
        c.set_iv(&[0; 16]);
        assert!(c.encrypt(&mut [0; 16]).is_ok());
        assert!(c.add_auth(b"x").is_err());
        assert_eq!(Cipher::new(4, &[0; 15], None).err(), Some(Error::INTERNAL));
        assert_eq!(Cipher::new(19, &[0; 16], None).err(), Some(Error::INVALID_REQUEST));
    }
}
