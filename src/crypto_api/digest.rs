//! Message digests (`gnutls_hash_*`): the TLS provider for SHA-1 and SHA-256/384/512, RustCrypto for
//! the rest (md-5, sha2's SHA-224, sha3, gost94, streebog).

use digest::DynDigest;
use crate::provider::primitives::digest as rd;

use crate::errors::Error;

/// A digest GnuTLS 3.7.9's `gnutls_hash_init` accepts, by its `gnutls_digest_algorithm_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    /// MD5 followed by SHA-1 (TLS 1.0's handshake hash).
    Md5Sha1,
    /// GOST R 34.11-94 with the CryptoPro parameters.
    Gostr94,
    Streebog256,
    Streebog512,
    /// GnuTLS's table has MD2 without an output size: `gnutls_hash_init` accepts it and the
    /// digest is zero bytes long. Kept so, since programs see exactly that from GnuTLS.
    Md2,
}

impl DigestAlg {
    /// The algorithm behind a GnuTLS id; `None` for what GnuTLS refuses (unknown ids,
    /// RIPEMD-160 and SHAKE, which 3.7.9's `gnutls_hash_init` does not take).
    pub fn from_id(id: u32) -> Option<DigestAlg> {
        use DigestAlg::*;
        Some(match id {
            2 => Md5,
            3 => Sha1,
            5 => Md2,
            6 => Sha256,
            7 => Sha384,
            8 => Sha512,
            9 => Sha224,
            10 => Sha3_224,
            11 => Sha3_256,
            12 => Sha3_384,
            13 => Sha3_512,
            14 => Md5Sha1,
            15 => Gostr94,
            16 => Streebog256,
            17 => Streebog512,
            _ => return None,
        })
    }

    pub fn output_len(self) -> usize {
        use DigestAlg::*;
        match self {
            Md5 => 16,
            Sha1 => 20,
            Sha224 | Sha3_224 => 28,
            Sha256 | Sha3_256 | Gostr94 | Streebog256 => 32,
            Sha384 | Sha3_384 => 48,
            Sha512 | Sha3_512 | Streebog512 => 64,
            Md5Sha1 => 36,
            Md2 => 0,
        }
    }
}

enum State {
    Provider(rd::Context),
    Crypto(Box<dyn DynDigest>),
    Md5Sha1(Box<dyn DynDigest>, rd::Context),
    Empty,
}

impl Clone for State {
    fn clone(&self) -> State {
        match self {
            State::Provider(c) => State::Provider(c.clone()),
            State::Crypto(d) => State::Crypto(d.box_clone()),
            State::Md5Sha1(m, s) => State::Md5Sha1(m.box_clone(), s.clone()),
            State::Empty => State::Empty,
        }
    }
}

/// A running digest. Cloning it copies the state (`gnutls_hash_copy`).
#[derive(Clone)]
pub struct Digest {
    alg: DigestAlg,
    state: State,
}

fn fresh(alg: DigestAlg) -> State {
    use DigestAlg::*;
    match alg {
        Sha1 => State::Provider(rd::Context::new(&rd::SHA1_FOR_LEGACY_USE_ONLY)),
        Sha256 => State::Provider(rd::Context::new(&rd::SHA256)),
        Sha384 => State::Provider(rd::Context::new(&rd::SHA384)),
        Sha512 => State::Provider(rd::Context::new(&rd::SHA512)),
        Md5 => State::Crypto(Box::new(md5::Md5::default())),
        Sha224 => State::Crypto(Box::new(sha2::Sha224::default())),
        Sha3_224 => State::Crypto(Box::new(sha3::Sha3_224::default())),
        Sha3_256 => State::Crypto(Box::new(sha3::Sha3_256::default())),
        Sha3_384 => State::Crypto(Box::new(sha3::Sha3_384::default())),
        Sha3_512 => State::Crypto(Box::new(sha3::Sha3_512::default())),
        Gostr94 => State::Crypto(Box::new(gost94::Gost94CryptoPro::default())),
        Streebog256 => State::Crypto(Box::new(streebog::Streebog256::default())),
        Streebog512 => State::Crypto(Box::new(streebog::Streebog512::default())),
        Md5Sha1 => State::Md5Sha1(Box::new(md5::Md5::default()), rd::Context::new(&rd::SHA1_FOR_LEGACY_USE_ONLY)),
        Md2 => State::Empty,
    }
}

impl Digest {
    pub fn new(alg: DigestAlg) -> Digest {
        Digest { alg, state: fresh(alg) }
    }

    pub fn alg(&self) -> DigestAlg {
        self.alg
    }

    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Provider(c) => c.update(data),
            State::Crypto(d) => d.update(data),
            State::Md5Sha1(m, s) => {
                m.update(data);
                s.update(data);
            }
            State::Empty => {}
        }
    }

    /// The digest of everything so far; the state starts again, as `gnutls_hash_output` does.
    pub fn output(&mut self) -> Vec<u8> {
        match std::mem::replace(&mut self.state, fresh(self.alg)) {
            State::Provider(c) => c.finish().as_ref().to_vec(),
            State::Crypto(d) => d.finalize().into_vec(),
            State::Md5Sha1(m, s) => {
                let mut out = m.finalize().into_vec();
                out.extend_from_slice(s.finish().as_ref());
                out
            }
            State::Empty => Vec::new(),
        }
    }
}

/// One-shot digest.
pub fn digest(alg: DigestAlg, data: &[u8]) -> Vec<u8> {
    let mut d = Digest::new(alg);
    d.update(data);
    d.output()
}

/// The algorithm for a GnuTLS id, or GnuTLS's answer for one it does not offer.
pub fn alg_for(id: u32) -> Result<DigestAlg, Error> {
    DigestAlg::from_id(id).ok_or(Error::INVALID_REQUEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn nist_abc() {
        // FIPS 180-2 / FIPS 202 "abc" examples, RFC 1321 for MD5.
        let cases = [
            (DigestAlg::Md5, "900150983cd24fb0d6963f7d28e17f72"),
            (DigestAlg::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (DigestAlg::Sha224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
            (DigestAlg::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (DigestAlg::Sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
            (DigestAlg::Gostr94, "b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c"),
        ];
        for (alg, want) in cases {
            assert_eq!(hex(&digest(alg, b"abc")), want, "{alg:?}");
            assert_eq!(digest(alg, b"abc").len(), alg.output_len());
        }
        assert_eq!(
            hex(&digest(DigestAlg::Sha512, b"abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }

    #[test]
    fn output_resets_and_clone_copies() {
        let mut d = Digest::new(DigestAlg::Sha256);
        d.update(b"ab");
        let mut c = d.clone();
        c.update(b"c");
        assert_eq!(hex(&c.output()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        d.update(b"c");
        assert_eq!(hex(&d.output()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(&d.output()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let mut m = Digest::new(DigestAlg::Md5Sha1);
        m.update(b"abc");
        assert_eq!(hex(&m.output()), "900150983cd24fb0d6963f7d28e17f72a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn refused_ids() {
        for id in [0, 1, 4, 18, 200, 209, 210, 1000] {
            assert!(DigestAlg::from_id(id).is_none(), "{id}");
        }
    }
}
