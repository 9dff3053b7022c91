//! The crypto API (GnuTLS manual: "Using GnuTLS as a cryptographic library", `crypto.h`):
//! hashes, MACs, random numbers, KDFs, AEAD and ciphers. Each handle owns its safe-core
//! state (`crate::crypto_api`); keys are zeroized when the handle is freed.

use libc::{c_int, c_uchar, c_uint, c_void, size_t};
use zeroize::Zeroizing;

use super::{borrow, bytes_arg, free_handle, new_handle};
use crate::constants::*;
use crate::crypto_api::aead::{Aead, AeadAlg};
use crate::crypto_api::cipher::{self, Cipher};
use crate::crypto_api::digest::{self, Digest};
use crate::crypto_api::kdf;
use crate::crypto_api::mac::{self, Mac, MacAlg};
use crate::errors::Error;
use super::ctypes::{gnutls_aead_cipher_hd_t, gnutls_cipher_hd_t, gnutls_hash_hd_t, gnutls_hmac_hd_t};
use super::types::*;

/// `gnutls_hash_hd_t`'s object.
pub struct hash_hd_st {
    digest: Digest,
}

/// `gnutls_hmac_hd_t`'s object.
pub struct hmac_hd_st {
    mac: Mac,
}

/// `gnutls_cipher_hd_t`'s object.
pub struct api_cipher_hd_st {
    cipher: Cipher,
}

/// `gnutls_aead_cipher_hd_t`'s object.
pub struct api_aead_cipher_hd_st {
    aead: Aead,
}

/// Writes `bytes` to a caller's buffer (sized by the algorithm); NULL writes nothing.
unsafe fn write_out(dst: *mut c_void, bytes: &[u8]) {
    if !dst.is_null() && !bytes.is_empty() {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst as *mut u8, bytes.len());
    }
}

/// An output buffer of `len` bytes; NULL only with 0.
unsafe fn out_arg<'a>(p: *mut c_void, len: size_t) -> Result<&'a mut [u8], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(std::slice::from_raw_parts_mut(p as *mut u8, len))
}

unsafe fn datum_arg<'a>(d: *const gnutls_datum_t) -> Result<&'a [u8], Error> {
    gnutls_datum_t::as_slice(d).ok_or(Error::INVALID_REQUEST)
}

/// The bytes of an iovec array, concatenated.
unsafe fn gather(iov: *const giovec_t, count: c_int) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut all = Zeroizing::new(Vec::new());
    for v in iovecs(iov, count)? {
        all.extend_from_slice(bytes_arg(v.iov_base, v.iov_len)?);
    }
    Ok(all)
}

unsafe fn iovecs<'a>(iov: *const giovec_t, count: c_int) -> Result<&'a [giovec_t], Error> {
    let n = usize::try_from(count).map_err(|_| Error::INVALID_REQUEST)?;
    if n == 0 {
        return Ok(&[]);
    }
    if iov.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(std::slice::from_raw_parts(iov, n))
}

/// Writes `bytes` back over an iovec array, in order.
unsafe fn scatter(iov: *const giovec_t, count: c_int, mut bytes: &[u8]) -> Result<(), Error> {
    for v in iovecs(iov, count)? {
        let take = v.iov_len.min(bytes.len());
        out_arg(v.iov_base, take)?.copy_from_slice(&bytes[..take]);
        bytes = &bytes[take..];
    }
    Ok(())
}

// ---- digests ----------------------------------------------------------------------------

entry! {
    /// GNUTLS_E_INVALID_REQUEST for what GnuTLS 3.7.9 does not take (unknown ids,
    /// RIPEMD-160, SHAKE).
    pub fn gnutls_hash_init(dig: *mut gnutls_hash_hd_t, algorithm: gnutls_digest_algorithm_t) -> c_int {
        let alg = digest::alg_for(algorithm)?;
        borrow(dig)?;
        new_handle(dig, hash_hd_st { digest: Digest::new(alg) })
    }

    pub fn gnutls_hash(handle: gnutls_hash_hd_t, text: *const c_void, textlen: size_t) -> c_int {
        let h = borrow(handle)?;
        h.digest.update(bytes_arg(text, textlen)?);
        Ok(())
    }

    /// Writes the digest and starts again (a NULL digest only starts again).
    pub fn gnutls_hash_output(handle: gnutls_hash_hd_t, digest: *mut c_void) {
        let out = borrow(handle)?.digest.output();
        write_out(digest, &out);
        Ok(())
    }

    pub fn gnutls_hash_deinit(handle: gnutls_hash_hd_t, digest: *mut c_void) {
        if let Ok(h) = borrow(handle) {
            if !digest.is_null() {
                write_out(digest, &h.digest.output());
            }
        }
        free_handle(handle);
        Ok(())
    }

    #[node(GNUTLS_3_6_9)]
    pub fn gnutls_hash_copy(handle: gnutls_hash_hd_t) -> gnutls_hash_hd_t {
        let h = borrow(handle)?;
        Ok(Box::into_raw(Box::new(hash_hd_st { digest: h.digest.clone() })))
    }
}

// ---- MACs -------------------------------------------------------------------------------

entry! {
    /// HMAC keys may have any length; AES-CMAC, AES-GMAC and the GOST OMACs take exactly
    /// `gnutls_hmac_get_key_size` bytes.
    // divergence: GnuTLS aborts on another key size for those (nettle asserts); we answer
    // GNUTLS_E_INVALID_REQUEST. UMAC is not offered (GNUTLS_E_INVALID_REQUEST).
    pub fn gnutls_hmac_init(dig: *mut gnutls_hmac_hd_t, algorithm: gnutls_mac_algorithm_t, key: *const c_void, keylen: size_t) -> c_int {
        let alg = MacAlg::from_id(algorithm).ok_or(Error::INVALID_REQUEST)?;
        borrow(dig)?;
        let mac = Mac::new(alg, bytes_arg(key, keylen)?)?;
        new_handle(dig, hmac_hd_st { mac })
    }

    pub fn gnutls_hmac(handle: gnutls_hmac_hd_t, text: *const c_void, textlen: size_t) -> c_int {
        let h = borrow(handle)?;
        h.mac.update(bytes_arg(text, textlen)?);
        Ok(())
    }

    /// GMAC's nonce; the other MACs ignore it.
    pub fn gnutls_hmac_set_nonce(handle: gnutls_hmac_hd_t, nonce: *const c_void, nonce_len: size_t) {
        let h = borrow(handle)?;
        h.mac.set_nonce(bytes_arg(nonce, nonce_len)?);
        Ok(())
    }

    /// Writes the MAC and starts again under the same key.
    pub fn gnutls_hmac_output(handle: gnutls_hmac_hd_t, digest: *mut c_void) {
        let out = borrow(handle)?.mac.output();
        write_out(digest, &out);
        Ok(())
    }

    pub fn gnutls_hmac_deinit(handle: gnutls_hmac_hd_t, digest: *mut c_void) {
        if let Ok(h) = borrow(handle) {
            if !digest.is_null() {
                write_out(digest, &h.mac.output());
            }
        }
        free_handle(handle);
        Ok(())
    }

    #[node(GNUTLS_3_6_9)]
    pub fn gnutls_hmac_copy(handle: gnutls_hmac_hd_t) -> gnutls_hmac_hd_t {
        let h = borrow(handle)?;
        Ok(Box::into_raw(Box::new(hmac_hd_st { mac: h.mac.clone() })))
    }

    pub fn gnutls_hmac_fast(algorithm: gnutls_mac_algorithm_t, key: *const c_void, keylen: size_t, text: *const c_void, textlen: size_t, digest: *mut c_void) -> c_int {
        let alg = MacAlg::from_id(algorithm).ok_or(Error::INVALID_REQUEST)?;
        let out = mac::mac(alg, bytes_arg(key, keylen)?, bytes_arg(text, textlen)?)?;
        write_out(out_arg(digest, out.len())?.as_mut_ptr() as *mut c_void, &out);
        Ok(())
    }

    /// Sizes as GnuTLS 3.7.9 answers them for every MAC it knows, offered or not.
    pub fn gnutls_hmac_get_len(algorithm: gnutls_mac_algorithm_t) -> c_uint {
        Ok(mac::sizes(algorithm).0 as c_uint)
    }

    #[node(GNUTLS_3_6_12)]
    pub fn gnutls_hmac_get_key_size(algorithm: gnutls_mac_algorithm_t) -> c_uint {
        Ok(mac::sizes(algorithm).1 as c_uint)
    }

    pub fn gnutls_mac_get_key_size(algorithm: gnutls_mac_algorithm_t) -> size_t {
        Ok(mac::sizes(algorithm).1)
    }

    pub fn gnutls_mac_get_nonce_size(algorithm: gnutls_mac_algorithm_t) -> size_t {
        Ok(mac::sizes(algorithm).2)
    }
}

// ---- random numbers ---------------------------------------------------------------------

entry! {
    /// Every level (nonce, random, key) reads the operating system's generator, as rustls
    /// does; GnuTLS answers GNUTLS_E_RANDOM_FAILED for levels past GNUTLS_RND_KEY.
    pub fn gnutls_rnd(level: gnutls_rnd_level_t, data: *mut c_void, len: size_t) -> c_int {
        if level > GNUTLS_RND_KEY {
            return Err(Error::new(GNUTLS_E_RANDOM_FAILED));
        }
        crate::global::random(out_arg(data, len)?)
    }

    /// A random key of `key_size` bytes for the caller to free (our copy is wiped).
    pub fn gnutls_key_generate(key: *mut gnutls_datum_t, key_size: c_uint) -> c_int {
        let mut bytes = Zeroizing::new(vec![0u8; key_size as usize]);
        crate::global::random(&mut bytes)?;
        super::datum_out(key, &bytes)
    }

    /// Nothing to refresh: there is no user-space generator state to reseed.
    pub fn gnutls_rnd_refresh() {
        Ok(())
    }
}

// ---- KDFs -------------------------------------------------------------------------------

entry! {
    /// PBKDF2 over HMAC. divergence: 0 iterations gives GNUTLS_E_INVALID_REQUEST (GnuTLS aborts).
    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_pbkdf2(mac: gnutls_mac_algorithm_t, key: *const gnutls_datum_t, salt: *const gnutls_datum_t, iter_count: c_uint, output: *mut c_void, length: size_t) -> c_int {
        kdf::pbkdf2(mac, datum_arg(key)?, datum_arg(salt)?, iter_count, out_arg(output, length)?)
    }

    /// Writes the PRK (`gnutls_hmac_get_len(mac)` bytes); a NULL salt is the empty one.
    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_hkdf_extract(mac: gnutls_mac_algorithm_t, key: *const gnutls_datum_t, salt: *const gnutls_datum_t, output: *mut c_void) -> c_int {
        let salt = if salt.is_null() { &[][..] } else { datum_arg(salt)? };
        let prk = Zeroizing::new(kdf::hkdf_extract(mac, datum_arg(key)?, salt)?);
        out_arg(output, prk.len())?.copy_from_slice(&prk);
        Ok(())
    }

    #[node(GNUTLS_3_6_13)]
    pub fn gnutls_hkdf_expand(mac: gnutls_mac_algorithm_t, key: *const gnutls_datum_t, info: *const gnutls_datum_t, output: *mut c_void, length: size_t) -> c_int {
        kdf::hkdf_expand(mac, datum_arg(key)?, datum_arg(info)?, out_arg(output, length)?)
    }
}

// ---- AEAD -------------------------------------------------------------------------------

/// Seals `text` into `ctext` (`*ctext_len` bytes of room) in GnuTLS's layout.
/// `text` is (pointer, length) and may overlap `ctext`.
unsafe fn aead_seal(h: &api_aead_cipher_hd_st, nonce: &[u8], aad: &[u8], tag_size: size_t, text: (*const u8, usize), ctext: *mut c_void, ctext_len: *mut size_t) -> Result<(), Error> {
    let (text_ptr, text_len) = text;
    bytes_arg(text_ptr as *const c_void, text_len)?;
    let tag_len = h.aead.tag_len(tag_size)?;
    let room = borrow(ctext_len)?;
    let total = text_len.checked_add(tag_len).ok_or(Error::INVALID_REQUEST)?;
    if *room < total {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    h.aead.check_nonce(nonce)?;
    if total > 0 && ctext.is_null() {
        return Err(Error::INVALID_REQUEST);
    }
    // The text is sealed where the ciphertext goes (the caller's buffers may overlap, as
    // in-place callers use them): copy it there first, then make the output slice.
    let at = if h.aead.alg().tag_first() { tag_len } else { 0 };
    if text_len > 0 {
        std::ptr::copy(text_ptr, (ctext as *mut u8).add(at), text_len);
    }
    let out = out_arg(ctext, total)?;
    match h.aead.seal(nonce, aad, &mut out[at..at + text_len], tag_len) {
        Ok(tag) => {
            let tag_at = if at > 0 { 0 } else { text_len };
            out[tag_at..tag_at + tag_len].copy_from_slice(&tag);
            *room = total;
            Ok(())
        }
        Err(e) => {
            zeroize::Zeroize::zeroize(out);
            Err(e)
        }
    }
}

/// Splits GnuTLS's layout into (text, tag).
fn split_tag(alg: AeadAlg, ctext: &[u8], tag_len: usize) -> Result<(&[u8], &[u8]), Error> {
    if ctext.len() < tag_len {
        return Err(Error::new(GNUTLS_E_DECRYPTION_FAILED));
    }
    Ok(if alg.tag_first() {
        let (t, c) = ctext.split_at(tag_len);
        (c, t)
    } else {
        ctext.split_at(ctext.len() - tag_len)
    })
}

entry! {
    /// GCM (AES, Camellia), CCM, CCM-8, ChaCha20-Poly1305 and SIV, by their cipher ids.
    pub fn gnutls_aead_cipher_init(handle: *mut gnutls_aead_cipher_hd_t, cipher: gnutls_cipher_algorithm_t, key: *const gnutls_datum_t) -> c_int {
        let alg = AeadAlg::from_id(cipher).ok_or(Error::INVALID_REQUEST)?;
        borrow(handle)?;
        let aead = Aead::new(alg, datum_arg(key)?)?;
        new_handle(handle, api_aead_cipher_hd_st { aead })
    }

    #[node(GNUTLS_3_7_5)]
    pub fn gnutls_aead_cipher_set_key(handle: gnutls_aead_cipher_hd_t, key: *const gnutls_datum_t) -> c_int {
        let h = borrow(handle)?;
        h.aead.set_key(datum_arg(key)?)
    }

    /// `tag_size` 0 is the algorithm's; `*ctext_len` is the room in, the length out.
    pub fn gnutls_aead_cipher_encrypt(handle: gnutls_aead_cipher_hd_t, nonce: *const c_void, nonce_len: size_t, auth: *const c_void, auth_len: size_t, tag_size: size_t, ptext: *const c_void, ptext_len: size_t, ctext: *mut c_void, ctext_len: *mut size_t) -> c_int {
        let h = borrow(handle)?;
        aead_seal(h, bytes_arg(nonce, nonce_len)?, bytes_arg(auth, auth_len)?, tag_size, (ptext as *const u8, ptext_len), ctext, ctext_len)
    }

    /// A wrong tag gives GNUTLS_E_DECRYPTION_FAILED and writes nothing.
    // divergence: GnuTLS leaves the decrypted (unauthenticated) text in `ptext`.
    pub fn gnutls_aead_cipher_decrypt(handle: gnutls_aead_cipher_hd_t, nonce: *const c_void, nonce_len: size_t, auth: *const c_void, auth_len: size_t, tag_size: size_t, ctext: *const c_void, ctext_len: size_t, ptext: *mut c_void, ptext_len: *mut size_t) -> c_int {
        let h = borrow(handle)?;
        let tag_len = h.aead.tag_len(tag_size)?;
        let (text, tag) = split_tag(h.aead.alg(), bytes_arg(ctext, ctext_len)?, tag_len)?;
        let room = borrow(ptext_len)?;
        if *room < text.len() {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        let out = out_arg(ptext, text.len())?;
        let plain = h.aead.open(bytes_arg(nonce, nonce_len)?, bytes_arg(auth, auth_len)?, text, tag)?;
        out.copy_from_slice(&plain);
        *room = plain.len();
        Ok(())
    }

    #[node(GNUTLS_3_6_3)]
    pub fn gnutls_aead_cipher_encryptv(handle: gnutls_aead_cipher_hd_t, nonce: *const c_void, nonce_len: size_t, auth_iov: *const giovec_t, auth_iovcnt: c_int, tag_size: size_t, iov: *const giovec_t, iovcnt: c_int, ctext: *mut c_void, ctext_len: *mut size_t) -> c_int {
        let h = borrow(handle)?;
        let aad = gather(auth_iov, auth_iovcnt)?;
        let text = gather(iov, iovcnt)?;
        aead_seal(h, bytes_arg(nonce, nonce_len)?, &aad, tag_size, (text.as_ptr(), text.len()), ctext, ctext_len)
    }

    /// Encrypts the iovecs in place; `*tag_size` 0 (or a NULL `tag_size`) is the default.
    #[node(GNUTLS_3_6_10)]
    pub fn gnutls_aead_cipher_encryptv2(handle: gnutls_aead_cipher_hd_t, nonce: *const c_void, nonce_len: size_t, auth_iov: *const giovec_t, auth_iovcnt: c_int, iov: *const giovec_t, iovcnt: c_int, tag: *mut c_void, tag_size: *mut size_t) -> c_int {
        let h = borrow(handle)?;
        let requested = if tag_size.is_null() { 0 } else { *tag_size };
        let tag_len = h.aead.tag_len(requested)?;
        let aad = gather(auth_iov, auth_iovcnt)?;
        let mut text = gather(iov, iovcnt)?;
        let t = h.aead.seal(bytes_arg(nonce, nonce_len)?, &aad, &mut text, tag_len)?;
        scatter(iov, iovcnt, &text)?;
        write_out(tag, &t);
        super::out(tag_size, tag_len);
        Ok(())
    }

    /// Decrypts the iovecs in place when the tag is right; otherwise they keep the
    /// ciphertext. divergence: GnuTLS decrypts in place before it checks the tag, and a
    /// NULL tag skips the check; here a NULL tag is GNUTLS_E_INVALID_REQUEST.
    #[node(GNUTLS_3_6_10)]
    pub fn gnutls_aead_cipher_decryptv2(handle: gnutls_aead_cipher_hd_t, nonce: *const c_void, nonce_len: size_t, auth_iov: *const giovec_t, auth_iovcnt: c_int, iov: *const giovec_t, iovcnt: c_int, tag: *mut c_void, tag_size: size_t) -> c_int {
        let h = borrow(handle)?;
        let tag_len = h.aead.tag_len(tag_size)?;
        if tag.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        let tag = bytes_arg(tag, tag_len)?;
        let aad = gather(auth_iov, auth_iovcnt)?;
        let text = gather(iov, iovcnt)?;
        let plain = h.aead.open(bytes_arg(nonce, nonce_len)?, &aad, &text, tag)?;
        scatter(iov, iovcnt, &plain)
    }

    pub fn gnutls_aead_cipher_deinit(handle: gnutls_aead_cipher_hd_t) {
        free_handle(handle);
        Ok(())
    }
}

// ---- ciphers ----------------------------------------------------------------------------

/// `text` (`len` bytes) through `f` into `out` (`out_len` bytes of room); the input and the
/// output may be the same buffer. Nothing is written when `f` fails.
unsafe fn through(text: *const c_void, len: size_t, out: *mut c_void, out_len: size_t, f: impl FnOnce(&mut [u8]) -> Result<(), Error>) -> Result<(), Error> {
    // divergence: GnuTLS writes past a too-small output buffer for stream ciphers.
    if out_len < len {
        return Err(Error::SHORT_MEMORY_BUFFER);
    }
    let mut buf = Zeroizing::new(bytes_arg(text, len)?.to_vec());
    f(&mut buf)?;
    out_arg(out, len)?.copy_from_slice(&buf);
    Ok(())
}

entry! {
    /// Block and stream ciphers and the AEADs GnuTLS also offers here (GCM, ChaCha20-Poly1305);
    /// a NULL IV is all zeros.
    pub fn gnutls_cipher_init(handle: *mut gnutls_cipher_hd_t, cipher: gnutls_cipher_algorithm_t, key: *const gnutls_datum_t, iv: *const gnutls_datum_t) -> c_int {
        borrow(handle)?;
        let iv = if iv.is_null() { None } else { Some(datum_arg(iv)?) };
        let cipher = Cipher::new(cipher, datum_arg(key)?, iv)?;
        new_handle(handle, api_cipher_hd_st { cipher })
    }

    pub fn gnutls_cipher_encrypt(handle: gnutls_cipher_hd_t, text: *mut c_void, textlen: size_t) -> c_int {
        let h = borrow(handle)?;
        through(text, textlen, text, textlen, |b| h.cipher.encrypt(b))
    }

    pub fn gnutls_cipher_decrypt(handle: gnutls_cipher_hd_t, ciphertext: *mut c_void, ciphertextlen: size_t) -> c_int {
        let h = borrow(handle)?;
        through(ciphertext, ciphertextlen, ciphertext, ciphertextlen, |b| h.cipher.decrypt(b))
    }

    pub fn gnutls_cipher_encrypt2(handle: gnutls_cipher_hd_t, text: *const c_void, textlen: size_t, ciphertext: *mut c_void, ciphertextlen: size_t) -> c_int {
        let h = borrow(handle)?;
        through(text, textlen, ciphertext, ciphertextlen, |b| h.cipher.encrypt(b))
    }

    pub fn gnutls_cipher_decrypt2(handle: gnutls_cipher_hd_t, ciphertext: *const c_void, ciphertextlen: size_t, text: *mut c_void, textlen: size_t) -> c_int {
        let h = borrow(handle)?;
        through(ciphertext, ciphertextlen, text, textlen, |b| h.cipher.decrypt(b))
    }

    /// With `GNUTLS_CIPHER_PADDING_PKCS7` a block cipher's text is padded to whole blocks;
    /// a NULL `ctext` asks for the length only.
    #[node(GNUTLS_3_7_7)]
    pub fn gnutls_cipher_encrypt3(handle: gnutls_cipher_hd_t, ptext: *const c_void, ptext_len: size_t, ctext: *mut c_void, ctext_len: *mut size_t, flags: c_uint) -> c_int {
        let h = borrow(handle)?;
        let room = borrow(ctext_len)?;
        let pkcs7 = flags & GNUTLS_CIPHER_PADDING_PKCS7 != 0;
        let needed = h.cipher.padded_len(ptext_len, pkcs7)?;
        if ctext.is_null() {
            *room = needed;
            return Ok(());
        }
        if *room < needed {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        let out = h.cipher.encrypt_padded(bytes_arg(ptext, ptext_len)?, pkcs7)?;
        out_arg(ctext, out.len())?.copy_from_slice(&out);
        *room = out.len();
        Ok(())
    }

    /// The text's length goes to `*ptext_len` when PKCS #7 padding was removed; without
    /// padding it is left as given, as GnuTLS leaves it.
    // divergence: the padding is looked for at the end of the ciphertext's length, not of
    // the buffer's (GnuTLS reads past the decrypted text when the buffer is longer).
    #[node(GNUTLS_3_7_7)]
    pub fn gnutls_cipher_decrypt3(handle: gnutls_cipher_hd_t, ctext: *const c_void, ctext_len: size_t, ptext: *mut c_void, ptext_len: *mut size_t, flags: c_uint) -> c_int {
        let h = borrow(handle)?;
        let room = borrow(ptext_len)?;
        if *room < ctext_len {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        let mut buf = Zeroizing::new(bytes_arg(ctext, ctext_len)?.to_vec());
        let pkcs7 = flags & GNUTLS_CIPHER_PADDING_PKCS7 != 0;
        let text_len = h.cipher.decrypt_padded(&mut buf, pkcs7)?;
        out_arg(ptext, ctext_len)?.copy_from_slice(&buf);
        if pkcs7 && text_len != ctext_len {
            *room = text_len;
        }
        Ok(())
    }

    /// Starts a new message. An IV the cipher cannot take stops the handle until a good
    /// one is set (this function has no way to answer an error).
    pub fn gnutls_cipher_set_iv(handle: gnutls_cipher_hd_t, iv: *mut c_void, ivlen: size_t) {
        let h = borrow(handle)?;
        h.cipher.set_iv(bytes_arg(iv, ivlen)?);
        Ok(())
    }

    /// AAD for the AEAD ciphers, before any text.
    pub fn gnutls_cipher_add_auth(handle: gnutls_cipher_hd_t, text: *const c_void, text_size: size_t) -> c_int {
        let h = borrow(handle)?;
        h.cipher.add_auth(bytes_arg(text, text_size)?)
    }

    /// The first `tag_size` bytes (at most 16) of the message's tag.
    pub fn gnutls_cipher_tag(handle: gnutls_cipher_hd_t, tag: *mut c_void, tag_size: size_t) -> c_int {
        let h = borrow(handle)?;
        if !h.cipher.is_aead() || tag_size > 16 {
            return Err(Error::INVALID_REQUEST);
        }
        let t = h.cipher.tag()?;
        out_arg(tag, tag_size)?.copy_from_slice(&t[..tag_size]);
        Ok(())
    }

    pub fn gnutls_cipher_deinit(handle: gnutls_cipher_hd_t) {
        free_handle(handle);
        Ok(())
    }

    /// Sizes as GnuTLS 3.7.9 answers them for every cipher it knows, offered or not.
    pub fn gnutls_cipher_get_block_size(algorithm: gnutls_cipher_algorithm_t) -> c_uint {
        Ok(cipher::sizes(algorithm).0 as c_uint)
    }

    pub fn gnutls_cipher_get_iv_size(algorithm: gnutls_cipher_algorithm_t) -> c_uint {
        Ok(cipher::sizes(algorithm).1 as c_uint)
    }

    pub fn gnutls_cipher_get_tag_size(algorithm: gnutls_cipher_algorithm_t) -> c_uint {
        Ok(cipher::sizes(algorithm).2 as c_uint)
    }

    /// Into a Dss-Sig-Value for the caller to free.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_encode_rs_value(sig_value: *mut gnutls_datum_t, r: *const gnutls_datum_t, s: *const gnutls_datum_t) -> c_int {
        let value = crate::keys::formats::encode_rs(super::datum_arg(r)?, super::datum_arg(s)?)?;
        super::datum_out(sig_value, &value)
    }

    /// r and s for the caller to free.
    #[node(GNUTLS_3_6_0)]
    pub fn gnutls_decode_rs_value(sig_value: *const gnutls_datum_t, r: *mut gnutls_datum_t, s: *mut gnutls_datum_t) -> c_int {
        let (rv, sv) = crate::keys::formats::decode_rs(super::datum_arg(sig_value)?)?;
        super::borrow(r)?;
        super::datum_out(s, &sv)?;
        super::datum_out(r, &rv)
    }

    /// A PKCS #1 DigestInfo, for the caller to free.
    #[node(GNUTLS_3_4)]
    pub fn gnutls_encode_ber_digest_info(hash: gnutls_digest_algorithm_t, digest: *const gnutls_datum_t, output: *mut gnutls_datum_t) -> c_int {
        super::datum_out(output, &crate::keys::formats::encode_digest_info(hash, super::datum_arg(digest)?)?)
    }

    /// The digest goes into the caller's buffer of `*digest_size` bytes; a smaller one is
    /// GNUTLS_E_SHORT_MEMORY_BUFFER with the size needed.
    #[node(GNUTLS_3_4)]
    pub fn gnutls_decode_ber_digest_info(info: *const gnutls_datum_t, hash: *mut gnutls_digest_algorithm_t, digest: *mut c_uchar, digest_size: *mut c_uint) -> c_int {
        let (algorithm, bytes) = crate::keys::formats::decode_digest_info(super::datum_arg(info)?)?;
        *super::borrow(hash)? = algorithm;
        let size = super::borrow(digest_size)?;
        let room = *size as usize;
        *size = bytes.len() as c_uint;
        if room < bytes.len() {
            return Err(Error::SHORT_MEMORY_BUFFER);
        }
        super::bytes_mut_arg(digest as *mut c_void, bytes.len())?.copy_from_slice(&bytes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_handles_and_buffers_are_refused() {
        unsafe {
            assert_eq!(gnutls_hash_init(std::ptr::null_mut(), GNUTLS_DIG_SHA256), GNUTLS_E_INVALID_REQUEST);
            assert_eq!(gnutls_hash(std::ptr::null_mut(), b"a".as_ptr() as _, 1), GNUTLS_E_INVALID_REQUEST);
            gnutls_hash_deinit(std::ptr::null_mut(), std::ptr::null_mut());
            gnutls_hmac_deinit(std::ptr::null_mut(), std::ptr::null_mut());
            gnutls_cipher_deinit(std::ptr::null_mut());
            gnutls_aead_cipher_deinit(std::ptr::null_mut());
            assert!(gnutls_hash_copy(std::ptr::null_mut()).is_null());
            assert_eq!(gnutls_hmac_fast(GNUTLS_MAC_SHA256, b"k".as_ptr() as _, 1, b"a".as_ptr() as _, 1, std::ptr::null_mut()), GNUTLS_E_INVALID_REQUEST);
            assert_eq!(gnutls_rnd(7, [0u8; 4].as_mut_ptr() as _, 4), GNUTLS_E_RANDOM_FAILED);
            assert_eq!(gnutls_rnd(GNUTLS_RND_KEY, std::ptr::null_mut(), 4), GNUTLS_E_INVALID_REQUEST);
        }
    }

    #[test]
    fn a_forged_tag_writes_nothing() {
        unsafe {
            let key = [1u8; 16];
            let k = gnutls_datum_t { data: key.as_ptr() as *mut _, size: 16 };
            let mut h: gnutls_aead_cipher_hd_t = std::ptr::null_mut();
            assert_eq!(gnutls_aead_cipher_init(&mut h, GNUTLS_CIPHER_AES_128_GCM, &k), 0);
            let nonce = [2u8; 12];
            let pt = [3u8; 20];
            let mut ct = [0u8; 36];
            let mut ct_len = ct.len();
            assert_eq!(gnutls_aead_cipher_encrypt(h, nonce.as_ptr() as _, 12, std::ptr::null(), 0, 0, pt.as_ptr() as _, 20, ct.as_mut_ptr() as _, &mut ct_len), 0);
            ct[35] ^= 1;
            let mut out = [0xAAu8; 20];
            let mut out_len = out.len();
            assert_eq!(gnutls_aead_cipher_decrypt(h, nonce.as_ptr() as _, 12, std::ptr::null(), 0, 0, ct.as_ptr() as _, 36, out.as_mut_ptr() as _, &mut out_len), GNUTLS_E_DECRYPTION_FAILED);
            assert_eq!(out, [0xAA; 20]);
            assert_eq!(out_len, 20);
            gnutls_aead_cipher_deinit(h);
        }
    }
}
