//! GnuTLS 3.7.9 priority-string grammar, re-implemented without GnuTLS.
//!
//! The goal is observable equivalence with `gnutls_priority_init()` /
//! `gnutls_priority_init2(.., GNUTLS_PRIORITY_INIT_DEF_APPEND)` as built by
//! Debian (GOST enabled, SSL 3.0 disabled, no `/etc/gnutls/config`): the same
//! return codes, the same `err_pos`, and the same algorithm lists as the
//! `gnutls_priority_*_list()` getters report.  All numeric discriminants are
//! the GnuTLS enum values so callers can hand them straight back to C.
//!
//! Everything is byte based because C callers may pass non-UTF-8 strings.

pub(crate) const E_INVALID_REQUEST: i32 = -50;
pub(crate) const E_NO_PRIORITIES_WERE_SET: i32 = -326;

/// GnuTLS silently drops every token after the 128th (`MAX_ELEMENTS`).
const MAX_ELEMENTS: usize = 128;
/// Capacity of every priority list (`GNUTLS_MAX_ALGORITHM_NUM`).
const MAX_ALGOS: usize = 128;
/// Debian builds with the upstream default and ships no system config.
const DEFAULT_PRIORITY: &[u8] = b"NORMAL";

fn eq_ci(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// GnuTLS's `PRIO_MATCH` is a `strncasecmp` over the keyword length, i.e. a
/// prefix test: "+VERS-TLS-ALLx" is accepted as "+VERS-TLS-ALL".
fn starts_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && eq_ci(&s[..prefix.len()], prefix)
}

macro_rules! algos {
    ($(#[$doc:meta])* $ty:ident : $ft:ty { $($var:ident = $id:literal, $name:literal, $flag:expr;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty { $($var = $id,)* }
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$var,)*];
            /// The GnuTLS enum value.
            pub fn id(self) -> u32 { self as u32 }
            /// The GnuTLS name, as accepted in priority strings.
            pub fn name(self) -> &'static str { match self { $($ty::$var => $name,)* } }
            pub fn from_id(id: u32) -> Option<$ty> { Self::ALL.iter().copied().find(|a| a.id() == id) }
            #[allow(dead_code)]
            fn flag(self) -> $ft { match self { $($ty::$var => $flag,)* } }
            #[allow(dead_code)]
            fn by_name(name: &[u8]) -> Option<$ty> {
                Self::ALL.iter().copied().find(|a| eq_ci(a.name().as_bytes(), name))
            }
        }
    };
}

algos! {
    /// Protocol versions; the flag says whether this build can negotiate it
    /// (SSL 3.0 is compiled out, so GnuTLS drops it after parsing).
    Version: bool {
        Ssl3 = 1, "SSL3.0", false;
        Tls10 = 2, "TLS1.0", true;
        Tls11 = 3, "TLS1.1", true;
        Tls12 = 4, "TLS1.2", true;
        Tls13 = 5, "TLS1.3", true;
        Dtls09 = 200, "DTLS0.9", true;
        Dtls10 = 201, "DTLS1.0", true;
        Dtls12 = 202, "DTLS1.2", true;
    }
}

impl Version {
    fn is_stream(self) -> bool {
        self.id() < 200
    }
}

algos! {
    /// Every cipher name GnuTLS recognises; the flag says whether the crypto
    /// back-end provides it (unavailable ones are accepted but not added).
    Cipher: bool {
        Null = 1, "NULL", true;
        Arcfour128 = 2, "ARCFOUR-128", true;
        Tdes = 3, "3DES-CBC", true;
        Aes128Cbc = 4, "AES-128-CBC", true;
        Aes256Cbc = 5, "AES-256-CBC", true;
        Arcfour40 = 6, "ARCFOUR-40", false;
        Camellia128Cbc = 7, "CAMELLIA-128-CBC", true;
        Camellia256Cbc = 8, "CAMELLIA-256-CBC", true;
        Aes192Cbc = 9, "AES-192-CBC", true;
        Aes128Gcm = 10, "AES-128-GCM", true;
        Aes256Gcm = 11, "AES-256-GCM", true;
        Camellia192Cbc = 12, "CAMELLIA-192-CBC", true;
        Salsa20_256 = 13, "SALSA20-256", true;
        EstreamSalsa20_256 = 14, "ESTREAM-SALSA20-256", true;
        Camellia128Gcm = 15, "CAMELLIA-128-GCM", true;
        Camellia256Gcm = 16, "CAMELLIA-256-GCM", true;
        Rc2_40 = 17, "RC2-40", true;
        Des = 18, "DES-CBC", true;
        Aes128Ccm = 19, "AES-128-CCM", true;
        Aes256Ccm = 20, "AES-256-CCM", true;
        Aes128Ccm8 = 21, "AES-128-CCM-8", true;
        Aes256Ccm8 = 22, "AES-256-CCM-8", true;
        Chacha20Poly1305 = 23, "CHACHA20-POLY1305", true;
        Gost28147Tc26zCfb = 24, "GOST28147-TC26Z-CFB", true;
        Gost28147CpaCfb = 25, "GOST28147-CPA-CFB", true;
        Gost28147CpbCfb = 26, "GOST28147-CPB-CFB", true;
        Gost28147CpcCfb = 27, "GOST28147-CPC-CFB", true;
        Gost28147CpdCfb = 28, "GOST28147-CPD-CFB", true;
        Aes128Cfb8 = 29, "AES-128-CFB8", true;
        Aes192Cfb8 = 30, "AES-192-CFB8", true;
        Aes256Cfb8 = 31, "AES-256-CFB8", true;
        Aes128Xts = 32, "AES-128-XTS", true;
        Aes256Xts = 33, "AES-256-XTS", true;
        Gost28147Tc26zCnt = 34, "GOST28147-TC26Z-CNT", true;
        Chacha20_64 = 35, "CHACHA20-64", true;
        Chacha20_32 = 36, "CHACHA20-32", true;
        Aes128Siv = 37, "AES-128-SIV", true;
        Aes256Siv = 38, "AES-256-SIV", true;
        Aes192Gcm = 39, "AES-192-GCM", true;
        MagmaCtrAcpkm = 40, "MAGMA-CTR-ACPKM", true;
        KuznyechikCtrAcpkm = 41, "KUZNYECHIK-CTR-ACPKM", true;
    }
}

algos! {
    /// MAC names; the flag says whether `gnutls_mac_get_id()` resolves it.
    /// Unresolvable names fall through the grammar and usually end in -50.
    Mac: bool {
        MacNull = 1, "MAC-NULL", false;
        Md5 = 2, "MD5", true;
        Sha1 = 3, "SHA1", true;
        Rmd160 = 4, "RIPEMD160", false;
        Md2 = 5, "MD2", false;
        Sha256 = 6, "SHA256", true;
        Sha384 = 7, "SHA384", true;
        Sha512 = 8, "SHA512", true;
        Sha224 = 9, "SHA224", true;
        Sha3_224 = 10, "SHA3-224", false;
        Sha3_256 = 11, "SHA3-256", false;
        Sha3_384 = 12, "SHA3-384", false;
        Sha3_512 = 13, "SHA3-512", false;
        Md5Sha1 = 14, "MD5+SHA1", false;
        Gostr341194 = 15, "GOSTR341194", true;
        Streebog256 = 16, "STREEBOG-256", true;
        Streebog512 = 17, "STREEBOG-512", true;
        Aead = 200, "AEAD", true;
        Umac96 = 201, "UMAC-96", true;
        Umac128 = 202, "UMAC-128", true;
        AesCmac128 = 203, "AES-CMAC-128", true;
        AesCmac256 = 204, "AES-CMAC-256", true;
        AesGmac128 = 205, "AES-GMAC-128", true;
        AesGmac192 = 206, "AES-GMAC-192", true;
        AesGmac256 = 207, "AES-GMAC-256", true;
        Gost28147Tc26zImit = 208, "GOST28147-TC26Z-IMIT", true;
        Shake128 = 209, "SHAKE-128", false;
        Shake256 = 210, "SHAKE-256", false;
        OmacMagma = 211, "OMAC-MAGMA", true;
        OmacKuznyechik = 212, "OMAC-KUZNYECHIK", true;
    }
}

algos! {
    /// Key exchange algorithms.
    Kx: () {
        Rsa = 1, "RSA", ();
        DheDss = 2, "DHE-DSS", ();
        DheRsa = 3, "DHE-RSA", ();
        AnonDh = 4, "ANON-DH", ();
        Srp = 5, "SRP", ();
        SrpRsa = 7, "SRP-RSA", ();
        SrpDss = 8, "SRP-DSS", ();
        Psk = 9, "PSK", ();
        DhePsk = 10, "DHE-PSK", ();
        AnonEcdh = 11, "ANON-ECDH", ();
        EcdheRsa = 12, "ECDHE-RSA", ();
        EcdheEcdsa = 13, "ECDHE-ECDSA", ();
        EcdhePsk = 14, "ECDHE-PSK", ();
        RsaPsk = 15, "RSA-PSK", ();
        VkoGost12 = 16, "VKO-GOST-12", ();
    }
}

impl Kx {
    fn is_ecc(self) -> bool {
        matches!(self, Kx::EcdheRsa | Kx::EcdheEcdsa | Kx::AnonEcdh | Kx::EcdhePsk | Kx::VkoGost12)
    }
    fn is_dhe(self) -> bool {
        matches!(self, Kx::DheRsa | Kx::DheDss | Kx::AnonDh | Kx::DhePsk)
    }
}

const GROUP_NAMED: u8 = 1;
const GROUP_SUPPORTED: u8 = 2;

algos! {
    /// Groups.  `CURVE-<name>` stores raw curve ids in the same list, so the
    /// curves that are not key-exchange groups (Ed25519, ...) appear here too,
    /// exactly as `gnutls_priority_group_list()` reports them.
    /// Flag bits: GROUP_NAMED = valid after `GROUP-`; GROUP_SUPPORTED = usable
    /// for key exchange in this build.
    Group: u8 {
        Secp224r1 = 1, "SECP224R1", GROUP_NAMED | GROUP_SUPPORTED;
        Secp256r1 = 2, "SECP256R1", GROUP_NAMED | GROUP_SUPPORTED;
        Secp384r1 = 3, "SECP384R1", GROUP_NAMED | GROUP_SUPPORTED;
        Secp521r1 = 4, "SECP521R1", GROUP_NAMED | GROUP_SUPPORTED;
        Secp192r1 = 5, "SECP192R1", GROUP_NAMED | GROUP_SUPPORTED;
        X25519 = 6, "X25519", GROUP_NAMED | GROUP_SUPPORTED;
        CurveEd25519 = 7, "Ed25519", 0;
        CurveCryptoProA = 8, "CryptoPro-A", 0;
        CurveCryptoProXchA = 11, "CryptoPro-XchA", 0;
        Gc512a = 13, "GC512A", GROUP_NAMED | GROUP_SUPPORTED;
        Gc512b = 14, "GC512B", GROUP_NAMED;
        Gc512c = 15, "GC512C", GROUP_NAMED;
        Gc256a = 16, "GC256A", GROUP_NAMED;
        Gc256b = 17, "GC256B", GROUP_NAMED | GROUP_SUPPORTED;
        Gc256c = 18, "GC256C", GROUP_NAMED;
        Gc256d = 19, "GC256D", GROUP_NAMED;
        X448 = 20, "X448", GROUP_NAMED | GROUP_SUPPORTED;
        CurveEd448 = 21, "Ed448", 0;
        Ffdhe2048 = 256, "FFDHE2048", GROUP_NAMED | GROUP_SUPPORTED;
        Ffdhe3072 = 257, "FFDHE3072", GROUP_NAMED | GROUP_SUPPORTED;
        Ffdhe4096 = 258, "FFDHE4096", GROUP_NAMED | GROUP_SUPPORTED;
        Ffdhe8192 = 259, "FFDHE8192", GROUP_NAMED | GROUP_SUPPORTED;
        Ffdhe6144 = 260, "FFDHE6144", GROUP_NAMED | GROUP_SUPPORTED;
        // GnuTLS 3.8's number and name (GNUTLS_GROUP_EXP_X25519_MLKEM768), so that
        // priority strings written for 3.8 work here; GnuTLS 3.7.9 has no hybrid group.
        X25519Mlkem768 = 514, "X25519-MLKEM768", GROUP_NAMED | GROUP_SUPPORTED;
    }
}

impl Group {
    /// A name `gnutls_group_get_name` answers (curves that are no group have none).
    pub fn is_named(self) -> bool {
        self.flag() & GROUP_NAMED != 0
    }
    /// Usable for key exchange: `gnutls_group_get_id` and `gnutls_group_list` know it.
    pub fn is_supported(self) -> bool {
        self.supported()
    }
    fn supported(self) -> bool {
        self.flag() & GROUP_SUPPORTED != 0
    }
    /// An elliptic-curve group; the X25519 hybrid counts (a TLS 1.3 with only it is usable).
    fn is_ec(self) -> bool {
        self.supported() && (self.id() < 256 || self == Group::X25519Mlkem768)
    }
    fn is_ffdhe(self) -> bool {
        self.supported() && (256..512).contains(&self.id())
    }
    fn by_group_name(name: &[u8]) -> Option<Group> {
        Group::by_name(name).filter(|g| g.flag() & GROUP_NAMED != 0)
    }
    /// `CURVE-<name>` only knows curves the back-end supports; the unsupported
    /// GOST curves are rejected with -50.
    fn by_curve_name(name: &[u8]) -> Option<Group> {
        const CURVES: &[(&str, Group)] = &[
            ("SECP224R1", Group::Secp224r1),
            ("SECP256R1", Group::Secp256r1),
            ("SECP384R1", Group::Secp384r1),
            ("SECP521R1", Group::Secp521r1),
            ("SECP192R1", Group::Secp192r1),
            ("X25519", Group::X25519),
            ("Ed25519", Group::CurveEd25519),
            ("CryptoPro-A", Group::CurveCryptoProA),
            ("CryptoPro-XchA", Group::CurveCryptoProXchA),
            ("TC26-512-A", Group::Gc512a),
            ("TC26-256-B", Group::Gc256b),
            ("X448", Group::X448),
            ("Ed448", Group::CurveEd448),
        ];
        CURVES.iter().find(|(n, _)| eq_ci(n.as_bytes(), name)).map(|&(_, g)| g)
    }
}

const SEM_PRE_TLS13: u8 = 1;
const SEM_TLS13: u8 = 2;

algos! {
    /// Signature algorithms.  Flag bits say under which TLS signature
    /// semantics GnuTLS will actually offer the algorithm (0 = never, e.g.
    /// insecure hashes or algorithms without a TLS code point).
    Sign: u8 {
        RsaSha1 = 1, "RSA-SHA1", SEM_PRE_TLS13 | SEM_TLS13;
        DsaSha1 = 2, "DSA-SHA1", SEM_PRE_TLS13;
        RsaMd5 = 3, "RSA-MD5", 0;
        RsaMd2 = 4, "RSA-MD2", 0;
        RsaRmd160 = 5, "RSA-RMD160", 0;
        RsaSha256 = 6, "RSA-SHA256", SEM_PRE_TLS13 | SEM_TLS13;
        RsaSha384 = 7, "RSA-SHA384", SEM_PRE_TLS13 | SEM_TLS13;
        RsaSha512 = 8, "RSA-SHA512", SEM_PRE_TLS13 | SEM_TLS13;
        RsaSha224 = 9, "RSA-SHA224", 0;
        DsaSha224 = 10, "DSA-SHA224", 0;
        DsaSha256 = 11, "DSA-SHA256", 0;
        EcdsaSha1 = 12, "ECDSA-SHA1", SEM_PRE_TLS13 | SEM_TLS13;
        EcdsaSha224 = 13, "ECDSA-SHA224", 0;
        EcdsaSha256 = 14, "ECDSA-SHA256", SEM_PRE_TLS13;
        EcdsaSha384 = 15, "ECDSA-SHA384", SEM_PRE_TLS13;
        EcdsaSha512 = 16, "ECDSA-SHA512", SEM_PRE_TLS13;
        DsaSha384 = 17, "DSA-SHA384", 0;
        DsaSha512 = 18, "DSA-SHA512", 0;
        EcdsaSha3_224 = 20, "ECDSA-SHA3-224", 0;
        EcdsaSha3_256 = 21, "ECDSA-SHA3-256", 0;
        EcdsaSha3_384 = 22, "ECDSA-SHA3-384", 0;
        EcdsaSha3_512 = 23, "ECDSA-SHA3-512", 0;
        DsaSha3_224 = 24, "DSA-SHA3-224", 0;
        DsaSha3_256 = 25, "DSA-SHA3-256", 0;
        DsaSha3_384 = 26, "DSA-SHA3-384", 0;
        DsaSha3_512 = 27, "DSA-SHA3-512", 0;
        RsaSha3_224 = 28, "RSA-SHA3-224", 0;
        RsaSha3_256 = 29, "RSA-SHA3-256", 0;
        RsaSha3_384 = 30, "RSA-SHA3-384", 0;
        RsaSha3_512 = 31, "RSA-SHA3-512", 0;
        RsaPssSha256 = 32, "RSA-PSS-SHA256", SEM_PRE_TLS13 | SEM_TLS13;
        RsaPssSha384 = 33, "RSA-PSS-SHA384", SEM_PRE_TLS13 | SEM_TLS13;
        RsaPssSha512 = 34, "RSA-PSS-SHA512", SEM_PRE_TLS13 | SEM_TLS13;
        EddsaEd25519 = 35, "EdDSA-Ed25519", SEM_PRE_TLS13 | SEM_TLS13;
        RsaRaw = 36, "RSA-RAW", 0;
        EcdsaSecp256r1Sha256 = 37, "ECDSA-SECP256R1-SHA256", SEM_TLS13;
        EcdsaSecp384r1Sha384 = 38, "ECDSA-SECP384R1-SHA384", SEM_TLS13;
        EcdsaSecp521r1Sha512 = 39, "ECDSA-SECP521R1-SHA512", SEM_TLS13;
        RsaPssRsaeSha256 = 40, "RSA-PSS-RSAE-SHA256", SEM_PRE_TLS13 | SEM_TLS13;
        RsaPssRsaeSha384 = 41, "RSA-PSS-RSAE-SHA384", SEM_PRE_TLS13 | SEM_TLS13;
        RsaPssRsaeSha512 = 42, "RSA-PSS-RSAE-SHA512", SEM_PRE_TLS13 | SEM_TLS13;
        Gostr341001 = 43, "GOSTR341001", 0;
        Gostr341012_256 = 44, "GOSTR341012-256", SEM_PRE_TLS13;
        Gostr341012_512 = 45, "GOSTR341012-512", SEM_PRE_TLS13;
        EddsaEd448 = 46, "EdDSA-Ed448", SEM_PRE_TLS13 | SEM_TLS13;
    }
}

algos! {
    /// Certificate types (`CTYPE-*`).
    CertType: () {
        X509 = 1, "X.509", ();
        RawPk = 3, "RAWPK", ();
    }
}

impl CertType {
    fn parse(name: &[u8]) -> Option<CertType> {
        if eq_ci(name, b"X.509") || eq_ci(name, b"X509") {
            Some(CertType::X509)
        } else if eq_ci(name, b"RAWPK") {
            Some(CertType::RawPk)
        } else {
            None
        }
    }
}

/// `%UNSAFE_RENEGOTIATION` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renegotiation {
    Unsafe,
    /// GnuTLS's default.
    Partial,
    Safe,
    Disabled,
}

/// (kx, cipher, mac) of every ciphersuite GnuTLS 3.7.9 knows, taken from
/// `gnutls_cipher_suite_info()`; kx 0 marks the TLS 1.3 suites.  Needed only
/// to decide whether a string yields any ciphersuite at all.
const SUITES: &[(u16, u16, u16)] = &[
    (0, 10, 200), (0, 11, 200), (0, 19, 200), (0, 21, 200), (0, 23, 200), (1, 1, 2), (1, 1, 3),
    (1, 1, 6), (1, 2, 2), (1, 2, 3), (1, 3, 3), (1, 4, 3), (1, 4, 6), (1, 5, 3), (1, 5, 6),
    (1, 7, 3), (1, 7, 6), (1, 8, 3), (1, 8, 6), (1, 10, 200), (1, 11, 200), (1, 15, 200),
    (1, 16, 200), (1, 19, 200), (1, 20, 200), (1, 21, 200), (1, 22, 200), (2, 2, 3), (2, 3, 3),
    (2, 4, 3), (2, 4, 6), (2, 5, 3), (2, 5, 6), (2, 7, 3), (2, 7, 6), (2, 8, 3), (2, 8, 6),
    (2, 10, 200), (2, 11, 200), (2, 15, 200), (2, 16, 200), (3, 3, 3), (3, 4, 3), (3, 4, 6),
    (3, 5, 3), (3, 5, 6), (3, 7, 3), (3, 7, 6), (3, 8, 3), (3, 8, 6), (3, 10, 200),
    (3, 11, 200), (3, 15, 200), (3, 16, 200), (3, 19, 200), (3, 20, 200), (3, 21, 200),
    (3, 22, 200), (3, 23, 200), (4, 2, 2), (4, 3, 3), (4, 4, 3), (4, 4, 6), (4, 5, 3),
    (4, 5, 6), (4, 7, 3), (4, 7, 6), (4, 8, 3), (4, 8, 6), (4, 10, 200), (4, 11, 200),
    (4, 15, 200), (4, 16, 200), (5, 3, 3), (5, 4, 3), (5, 5, 3), (7, 3, 3), (7, 4, 3),
    (7, 5, 3), (8, 3, 3), (8, 4, 3), (8, 5, 3), (9, 1, 3), (9, 1, 6), (9, 1, 7), (9, 2, 3),
    (9, 3, 3), (9, 4, 3), (9, 4, 6), (9, 5, 3), (9, 5, 7), (9, 7, 6), (9, 8, 7), (9, 10, 200),
    (9, 11, 200), (9, 15, 200), (9, 16, 200), (9, 19, 200), (9, 20, 200), (9, 21, 200),
    (9, 22, 200), (9, 23, 200), (10, 1, 3), (10, 1, 6), (10, 1, 7), (10, 2, 3), (10, 3, 3),
    (10, 4, 3), (10, 4, 6), (10, 5, 3), (10, 5, 7), (10, 7, 6), (10, 8, 7), (10, 10, 200),
    (10, 11, 200), (10, 15, 200), (10, 16, 200), (10, 19, 200), (10, 20, 200), (10, 21, 200),
    (10, 22, 200), (10, 23, 200), (11, 1, 3), (11, 2, 3), (11, 3, 3), (11, 4, 3), (11, 5, 3),
    (12, 1, 3), (12, 2, 3), (12, 3, 3), (12, 4, 3), (12, 4, 6), (12, 5, 3), (12, 5, 7),
    (12, 7, 6), (12, 8, 7), (12, 10, 200), (12, 11, 200), (12, 15, 200), (12, 16, 200),
    (12, 23, 200), (13, 1, 3), (13, 2, 3), (13, 3, 3), (13, 4, 3), (13, 4, 6), (13, 5, 3),
    (13, 5, 7), (13, 7, 6), (13, 8, 7), (13, 10, 200), (13, 11, 200), (13, 15, 200),
    (13, 16, 200), (13, 19, 200), (13, 20, 200), (13, 21, 200), (13, 22, 200), (13, 23, 200),
    (14, 1, 3), (14, 1, 6), (14, 1, 7), (14, 2, 3), (14, 3, 3), (14, 4, 3), (14, 4, 6),
    (14, 5, 3), (14, 5, 7), (14, 7, 6), (14, 8, 7), (14, 23, 200), (15, 1, 3), (15, 1, 6),
    (15, 1, 7), (15, 2, 3), (15, 3, 3), (15, 4, 3), (15, 4, 6), (15, 5, 3), (15, 5, 7),
    (15, 7, 6), (15, 8, 7), (15, 10, 200), (15, 11, 200), (15, 15, 200), (15, 16, 200),
    (15, 23, 200), (16, 34, 208),
];

fn suite_exists(kx: u32, cipher: Cipher, mac: Mac) -> bool {
    let (c, m) = (cipher.id(), mac.id());
    SUITES.iter().any(|&(k, sc, sm)| u32::from(k) == kx && u32::from(sc) == c && u32::from(sm) == m)
}

use Cipher as C;
use Group as G;
use Kx as K;
use Mac as M;
use Sign as S;
use Version as V;

const PROTOCOLS: &[Version] = &[V::Tls13, V::Tls12, V::Tls11, V::Tls10, V::Dtls12, V::Dtls10];
const STREAM_PROTOCOLS: &[Version] = &[V::Tls13, V::Tls12, V::Tls11, V::Tls10];
/// Removal of VERS-DTLS-ALL also takes DTLS0.9 out; adding does not put it in.
const DGRAM_PROTOCOLS: &[Version] = &[V::Dtls12, V::Dtls10, V::Dtls09];
const DTLS_PROTOCOLS: &[Version] = &[V::Dtls12, V::Dtls10];
const PROTOCOLS_SUITEB: &[Version] = &[V::Tls12];

const KX_PERFORMANCE: &[Kx] = &[K::Rsa, K::EcdheEcdsa, K::EcdheRsa, K::DheRsa];
const KX_PFS: &[Kx] = &[K::EcdheEcdsa, K::EcdheRsa, K::DheRsa];
const KX_SUITEB: &[Kx] = &[K::EcdheEcdsa];
const KX_SECURE: &[Kx] = &[K::EcdheEcdsa, K::EcdheRsa, K::Rsa, K::DheRsa];
const KX_GOST: &[Kx] = &[K::VkoGost12];

/// GnuTLS picks the AES-NI flavour of PERFORMANCE at run time; this is the
/// one the probe machine (and any x86-64 with AES-NI) reports.
const CIPHERS_PERFORMANCE: &[Cipher] =
    &[C::Aes128Gcm, C::Aes256Gcm, C::Chacha20Poly1305, C::Aes128Ccm, C::Aes256Ccm, C::Aes128Cbc, C::Aes256Cbc];
const CIPHERS_NORMAL: &[Cipher] =
    &[C::Aes256Gcm, C::Chacha20Poly1305, C::Aes256Ccm, C::Aes256Cbc, C::Aes128Gcm, C::Aes128Ccm, C::Aes128Cbc];
const CIPHERS_SUITEB128: &[Cipher] = &[C::Aes256Gcm, C::Aes128Gcm];
const CIPHERS_SUITEB192: &[Cipher] = &[C::Aes256Gcm];
const CIPHERS_SECURE128: &[Cipher] =
    &[C::Aes256Gcm, C::Chacha20Poly1305, C::Aes256Cbc, C::Aes256Ccm, C::Aes128Gcm, C::Aes128Cbc, C::Aes128Ccm];
const CIPHERS_SECURE192: &[Cipher] = &[C::Aes256Gcm, C::Chacha20Poly1305, C::Aes256Cbc, C::Aes256Ccm];
const CIPHERS_GOST: &[Cipher] = &[C::Gost28147Tc26zCnt];

const MACS_NORMAL: &[Mac] = &[M::Sha1, M::Aead];
const MACS_SECURE192: &[Mac] = &[M::Aead];
const MACS_GOST: &[Mac] = &[M::Gost28147Tc26zImit];

const SIGNS_DEFAULT: &[Sign] = &[
    S::RsaSha256, S::RsaPssSha256, S::RsaPssRsaeSha256, S::EcdsaSha256, S::EcdsaSecp256r1Sha256,
    S::EddsaEd25519, S::RsaSha384, S::RsaPssSha384, S::RsaPssRsaeSha384, S::EcdsaSha384,
    S::EcdsaSecp384r1Sha384, S::EddsaEd448, S::RsaSha512, S::RsaPssSha512, S::RsaPssRsaeSha512,
    S::EcdsaSha512, S::EcdsaSecp521r1Sha512, S::RsaSha1, S::EcdsaSha1,
];
const SIGNS_SUITEB128: &[Sign] = &[S::EcdsaSha256, S::EcdsaSecp256r1Sha256, S::EcdsaSha384, S::EcdsaSecp384r1Sha384];
const SIGNS_SUITEB192: &[Sign] = &[S::EcdsaSha384, S::EcdsaSecp384r1Sha384];
const SIGNS_SECURE128: &[Sign] = &[
    S::RsaSha256, S::RsaPssSha256, S::RsaPssRsaeSha256, S::EcdsaSha256, S::EcdsaSecp256r1Sha256,
    S::EddsaEd25519, S::RsaSha384, S::RsaPssSha384, S::RsaPssRsaeSha384, S::EcdsaSha384,
    S::EcdsaSecp384r1Sha384, S::EddsaEd448, S::RsaSha512, S::RsaPssSha512, S::RsaPssRsaeSha512,
    S::EcdsaSha512, S::EcdsaSecp521r1Sha512,
];
const SIGNS_SECURE192: &[Sign] = &[
    S::RsaSha384, S::RsaPssSha384, S::RsaPssRsaeSha384, S::EcdsaSha384, S::EcdsaSecp384r1Sha384,
    S::EddsaEd448, S::RsaSha512, S::RsaPssSha512, S::RsaPssRsaeSha512, S::EcdsaSha512,
    S::EcdsaSecp521r1Sha512,
];
const SIGNS_GOST: &[Sign] = &[S::Gostr341012_256, S::Gostr341012_512];

const GROUPS_DH: &[Group] = &[G::Ffdhe2048, G::Ffdhe3072, G::Ffdhe4096, G::Ffdhe6144, G::Ffdhe8192];
const GROUPS_EC: &[Group] = &[G::Secp256r1, G::Secp384r1, G::Secp521r1, G::X25519, G::X448];
const GROUPS_GOST: &[Group] = &[G::Gc256a, G::Gc256b, G::Gc256c, G::Gc256d, G::Gc512a, G::Gc512b, G::Gc512c];
// divergence: the post-quantum hybrid comes first by default (GnuTLS 3.8 leaves it out of
// NORMAL), as OpenSSL 3.5, Chrome, Firefox and Go offer it; a peer without it negotiates
// X25519, whose key share rustls sends alongside (no extra round trip).
const GROUPS_NORMAL: &[Group] = &[
    G::X25519Mlkem768, G::Secp256r1, G::Secp384r1, G::Secp521r1, G::X25519, G::X448,
    G::Ffdhe2048, G::Ffdhe3072, G::Ffdhe4096, G::Ffdhe6144, G::Ffdhe8192,
];
const GROUPS_SUITEB128: &[Group] = &[G::Secp256r1, G::Secp384r1];
const GROUPS_SUITEB192: &[Group] = &[G::Secp384r1];
const GROUPS_SECURE192: &[Group] = &[G::Secp384r1, G::Secp521r1, G::Ffdhe8192];

const CTYPES_DEFAULT: &[CertType] = &[CertType::X509];
const CTYPES_ALL: &[CertType] = &[CertType::X509, CertType::RawPk];

/// `gnutls_certificate_verification_profiles_t` values.
pub(crate) const PROFILE_VERY_WEAK: u32 = 1;
pub(crate) const PROFILE_LOW: u32 = 2;
pub(crate) const PROFILE_LEGACY: u32 = 4;
pub(crate) const PROFILE_MEDIUM: u32 = 5;
pub(crate) const PROFILE_HIGH: u32 = 6;
pub(crate) const PROFILE_ULTRA: u32 = 7;
pub(crate) const PROFILE_FUTURE: u32 = 8;
pub(crate) const PROFILE_SUITEB128: u32 = 32;
pub(crate) const PROFILE_SUITEB192: u32 = 33;

/// `gnutls_sec_param_t` values used by the levels (minimum DH strength).
pub(crate) const SEC_PARAM_VERY_WEAK: u32 = 15;
pub(crate) const SEC_PARAM_WEAK: u32 = 20;
pub(crate) const SEC_PARAM_LOW: u32 = 25;
pub(crate) const SEC_PARAM_HIGH: u32 = 40;
pub(crate) const SEC_PARAM_ULTRA: u32 = 45;

struct Level {
    name: &'static str,
    alias: Option<&'static str>,
    protocols: Option<&'static [Version]>,
    ciphers: &'static [Cipher],
    macs: &'static [Mac],
    kx: &'static [Kx],
    signs: &'static [Sign],
    groups: &'static [Group],
    profile: u32,
    sec_param: u32,
    no_tickets_tls12: bool,
}

const LEVELS: &[Level] = &[
    Level {
        name: "NORMAL", alias: None, protocols: None, ciphers: CIPHERS_NORMAL, macs: MACS_NORMAL,
        kx: KX_SECURE, signs: SIGNS_DEFAULT, groups: GROUPS_NORMAL, profile: PROFILE_LOW,
        sec_param: SEC_PARAM_WEAK, no_tickets_tls12: false,
    },
    Level {
        name: "PFS", alias: None, protocols: None, ciphers: CIPHERS_NORMAL, macs: MACS_NORMAL,
        kx: KX_PFS, signs: SIGNS_DEFAULT, groups: GROUPS_NORMAL, profile: PROFILE_LOW,
        sec_param: SEC_PARAM_WEAK, no_tickets_tls12: true,
    },
    Level {
        name: "SECURE128", alias: Some("SECURE"), protocols: None, ciphers: CIPHERS_SECURE128,
        macs: MACS_NORMAL, kx: KX_SECURE, signs: SIGNS_SECURE128, groups: GROUPS_NORMAL,
        profile: PROFILE_LOW, sec_param: SEC_PARAM_LOW, no_tickets_tls12: false,
    },
    Level {
        name: "SECURE192", alias: Some("SECURE256"), protocols: None, ciphers: CIPHERS_SECURE192,
        macs: MACS_SECURE192, kx: KX_SECURE, signs: SIGNS_SECURE192, groups: GROUPS_SECURE192,
        profile: PROFILE_HIGH, sec_param: SEC_PARAM_HIGH, no_tickets_tls12: false,
    },
    Level {
        name: "SUITEB128", alias: None, protocols: Some(PROTOCOLS_SUITEB), ciphers: CIPHERS_SUITEB128,
        macs: MACS_SECURE192, kx: KX_SUITEB, signs: SIGNS_SUITEB128, groups: GROUPS_SUITEB128,
        profile: PROFILE_SUITEB128, sec_param: SEC_PARAM_HIGH, no_tickets_tls12: false,
    },
    Level {
        name: "SUITEB192", alias: None, protocols: Some(PROTOCOLS_SUITEB), ciphers: CIPHERS_SUITEB192,
        macs: MACS_SECURE192, kx: KX_SUITEB, signs: SIGNS_SUITEB192, groups: GROUPS_SUITEB192,
        profile: PROFILE_SUITEB192, sec_param: SEC_PARAM_ULTRA, no_tickets_tls12: false,
    },
    Level {
        name: "LEGACY", alias: None, protocols: None, ciphers: CIPHERS_NORMAL, macs: MACS_NORMAL,
        kx: KX_SECURE, signs: SIGNS_DEFAULT, groups: GROUPS_NORMAL, profile: 0,
        sec_param: SEC_PARAM_VERY_WEAK, no_tickets_tls12: false,
    },
    Level {
        name: "PERFORMANCE", alias: None, protocols: None, ciphers: CIPHERS_PERFORMANCE,
        macs: MACS_NORMAL, kx: KX_PERFORMANCE, signs: SIGNS_DEFAULT, groups: GROUPS_NORMAL,
        profile: PROFILE_LOW, sec_param: SEC_PARAM_WEAK, no_tickets_tls12: false,
    },
];

fn find_level(name: &[u8]) -> Option<&'static Level> {
    LEVELS.iter().find(|l| eq_ci(l.name.as_bytes(), name) || l.alias.is_some_and(|a| eq_ci(a.as_bytes(), name)))
}

// List primitives mirroring GnuTLS's priority_st operations, including the
// 128-entry capacity, so that pathological strings behave identically.

fn set_list<T: Copy>(list: &mut Vec<T>, src: &[T]) {
    list.clear();
    list.extend(src.iter().copied().take(MAX_ALGOS));
}

fn add_list<T: Copy + PartialEq>(list: &mut Vec<T>, src: &[T]) {
    for &a in src {
        if list.len() >= MAX_ALGOS {
            return;
        }
        if !list.contains(&a) {
            list.push(a);
        }
    }
}

fn add_one<T: Copy + PartialEq>(list: &mut Vec<T>, a: T) {
    if list.len() < MAX_ALGOS && !list.contains(&a) {
        list.push(a);
    }
}

fn remove_one<T: Copy + PartialEq>(list: &mut Vec<T>, a: T) {
    if let Some(i) = list.iter().position(|&x| x == a) {
        list.remove(i);
    }
}

fn remove_given<T: Copy + PartialEq>(list: &mut Vec<T>, src: &[T]) {
    for &a in src {
        remove_one(list, a);
    }
}

/// `+` adds, `-`/`!` remove.  "bulk" keywords (`*-ALL`) clear the whole list
/// on removal, while "given" keywords (`VERS-TLS-ALL`, `GROUP-EC-ALL`, ...)
/// only remove their own members; GnuTLS makes that distinction per keyword.
#[derive(Clone, Copy)]
enum Op {
    Add,
    Remove,
}

impl Op {
    fn one<T: Copy + PartialEq>(self, list: &mut Vec<T>, a: T) {
        match self {
            Op::Add => add_one(list, a),
            Op::Remove => remove_one(list, a),
        }
    }
    fn bulk<T: Copy + PartialEq>(self, list: &mut Vec<T>, src: &[T]) {
        match self {
            Op::Add => add_list(list, src),
            Op::Remove => list.clear(),
        }
    }
    fn given<T: Copy + PartialEq>(self, list: &mut Vec<T>, src: &[T]) {
        match self {
            Op::Add => add_list(list, src),
            Op::Remove => remove_given(list, src),
        }
    }
}

/// The outcome of a successful parse.  List fields hold what the
/// corresponding `gnutls_priority_*_list()` getter would return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priority {
    /// In priority order, after the +/- edits and after GnuTLS's consistency
    /// pass (unsupported versions dropped, TLS 1.3 dropped when it cannot work).
    /// May be empty on success (e.g. TLS 1.3 only without groups): GnuTLS
    /// then fails at `gnutls_priority_set()`/handshake time with -326.
    pub versions: Vec<Version>,
    pub ciphers: Vec<Cipher>,
    pub macs: Vec<Mac>,
    /// Emptied by GnuTLS when only TLS 1.3 remains (and no PSK).
    pub kx: Vec<Kx>,
    pub groups: Vec<Group>,
    pub signs: Vec<Sign>,
    pub client_cert_types: Vec<CertType>,
    pub server_cert_types: Vec<CertType>,

    pub server_precedence: bool,
    pub no_tickets: bool,
    /// Set by the PFS level and by %NO_TICKETS_TLS12.
    pub no_tickets_tls12: bool,
    pub no_extensions: bool,
    /// %COMPAT was given; it also sets the individual fields below.
    pub compat: bool,
    pub allow_large_records: bool,
    pub allow_small_records: bool,
    pub no_etm: bool,
    pub force_etm: bool,
    /// %NO_SESSION_HASH (or %COMPAT): no extended master secret.
    pub no_ext_master_secret: bool,
    pub allow_key_usage_violation: bool,
    pub allow_wrong_pms: bool,
    pub dumbfw: bool,
    /// %DEBUG_ALLOW_KEY_USAGE_VIOLATIONS
    pub allow_server_key_usage_violation: bool,
    pub disable_tls13_compat_mode: bool,
    pub fallback_scsv: bool,
    pub renegotiation: Renegotiation,
    /// %SSL3_RECORD_VERSION (default) vs %LATEST_RECORD_VERSION.
    pub ssl3_record_version: bool,
    pub verify_allow_broken: bool,
    pub verify_allow_sign_rsa_md5: bool,
    pub verify_allow_sign_with_sha1: bool,
    pub verify_disable_crl_checks: bool,
    pub verify_disable_wildcards: bool,
    /// A `PROFILE_*` value, 0 when none was set.
    pub verification_profile: u32,
    /// A `SEC_PARAM_*` value, 0 when no level keyword was seen.
    pub sec_param: u32,
}

impl Priority {
    /// The certificate verification flags the string adds to a session's (GnuTLS's
    /// `additional_verify_flags`): the %VERIFY_* keywords and the verification profile,
    /// in `GNUTLS_PROFILE_TO_VFLAGS` form.
    pub fn verify_flags(&self) -> u32 {
        use crate::constants::*;
        let mut flags = self.verification_profile << 24;
        for (set, flag) in [
            (self.verify_allow_broken, crate::x509::cert_algs::ALLOW_BROKEN),
            (self.verify_allow_sign_rsa_md5, GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5),
            (self.verify_allow_sign_with_sha1, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1),
            (self.verify_disable_crl_checks, GNUTLS_VERIFY_DISABLE_CRL_CHECKS),
            (self.verify_disable_wildcards, GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS),
        ] {
            if set {
                flags |= flag;
            }
        }
        flags
    }

    fn empty() -> Priority {
        Priority {
            versions: Vec::new(),
            ciphers: Vec::new(),
            macs: Vec::new(),
            kx: Vec::new(),
            groups: Vec::new(),
            signs: Vec::new(),
            client_cert_types: Vec::new(),
            server_cert_types: Vec::new(),
            server_precedence: false,
            no_tickets: false,
            no_tickets_tls12: false,
            no_extensions: false,
            compat: false,
            allow_large_records: false,
            allow_small_records: false,
            no_etm: false,
            force_etm: false,
            no_ext_master_secret: false,
            allow_key_usage_violation: false,
            allow_wrong_pms: false,
            dumbfw: false,
            allow_server_key_usage_violation: false,
            disable_tls13_compat_mode: false,
            fallback_scsv: false,
            renegotiation: Renegotiation::Partial,
            ssl3_record_version: true,
            verify_allow_broken: false,
            verify_allow_sign_rsa_md5: false,
            verify_allow_sign_with_sha1: false,
            verify_disable_crl_checks: false,
            verify_disable_wildcards: false,
            verification_profile: 0,
            sec_param: 0,
        }
    }

    /// `gnutls_priority_init()` semantics.  `None` means the default string.
    /// On error returns `(code, err_pos)` with `err_pos` a byte offset into `s`.
    pub fn parse(s: Option<&str>) -> Result<Priority, (i32, usize)> {
        Self::parse_bytes(s.map(str::as_bytes))
    }

    /// `gnutls_priority_init2(.., GNUTLS_PRIORITY_INIT_DEF_APPEND)`: the
    /// default string, ":" and `suffix`; `err_pos` is relative to `suffix`.
    pub fn parse_append(suffix: &str) -> Result<Priority, (i32, usize)> {
        Self::parse_append_bytes(suffix.as_bytes())
    }

    /// As [`Priority::parse`], for C strings that need not be UTF-8.  Input
    /// is cut at the first NUL, as C would see it.
    pub fn parse_bytes(s: Option<&[u8]>) -> Result<Priority, (i32, usize)> {
        Self::parse_over(s, DEFAULT_PRIORITY)
    }

    /// As [`Priority::parse_bytes`], with `default` standing for the default string.
    pub fn parse_over(s: Option<&[u8]>, default: &[u8]) -> Result<Priority, (i32, usize)> {
        match s {
            None => init(until_nul(default), false),
            Some(s) => init(until_nul(s), true),
        }
    }

    /// As [`Priority::parse_append`], for arbitrary bytes.
    pub fn parse_append_bytes(suffix: &[u8]) -> Result<Priority, (i32, usize)> {
        Self::parse_append_over(suffix, DEFAULT_PRIORITY)
    }

    /// As [`Priority::parse_append_bytes`], appended to `default`.
    pub fn parse_append_over(suffix: &[u8], default: &[u8]) -> Result<Priority, (i32, usize)> {
        let (suffix, default) = (until_nul(suffix), until_nul(default));
        let mut full = Vec::with_capacity(default.len() + 1 + suffix.len());
        full.extend_from_slice(default);
        full.push(b':');
        full.extend_from_slice(suffix);
        // GnuTLS only translates positions strictly past the prefix; anything
        // else (including the first suffix token) reports the suffix start. A default
        // naming a system-wide keyword (@KEYWORD) is replaced before parsing, so no
        // position can be translated: GnuTLS reports the suffix start.
        let hlen = if default.contains(&b'@') { usize::MAX } else { default.len() + 1 };
        init(&full, true).map_err(|(code, pos)| (code, pos.saturating_sub(hlen)))
    }

    /// Which of the versions rustls implements are enabled: (TLS 1.2, TLS 1.3).
    pub fn rustls_versions(&self) -> (bool, bool) {
        (self.versions.contains(&Version::Tls12), self.versions.contains(&Version::Tls13))
    }

    /// The enabled AEADs rustls implements, in priority order.  Every
    /// ciphersuite using them carries the "AEAD" MAC, so without it none is.
    pub fn usable_ciphers(&self) -> Vec<Cipher> {
        if !self.macs.contains(&Mac::Aead) {
            return Vec::new();
        }
        self.ciphers
            .iter()
            .copied()
            .filter(|c| matches!(c, Cipher::Aes128Gcm | Cipher::Aes256Gcm | Cipher::Chacha20Poly1305))
            .collect()
    }

    /// The enabled key-exchange groups rustls implements, in priority order.
    pub fn usable_groups(&self) -> Vec<Group> {
        self.groups
            .iter()
            .copied()
            .filter(|g| matches!(g, Group::X25519Mlkem768 | Group::X25519 | Group::Secp256r1 | Group::Secp384r1))
            .collect()
    }

    /// The TLS 1.2 key exchanges rustls implements (ECDHE only), in order.
    /// Note GnuTLS empties `kx` when TLS 1.3 is the only version left.
    pub fn usable_tls12_kx(&self) -> Vec<Kx> {
        self.kx.iter().copied().filter(|k| matches!(k, Kx::EcdheRsa | Kx::EcdheEcdsa)).collect()
    }

    fn apply_level(&mut self, level: &Level, add: bool) {
        if add {
            if let Some(p) = level.protocols {
                add_list(&mut self.versions, p);
            }
            add_list(&mut self.ciphers, level.ciphers);
            add_list(&mut self.kx, level.kx);
            add_list(&mut self.macs, level.macs);
            add_list(&mut self.signs, level.signs);
            add_list(&mut self.groups, level.groups);
        } else {
            if let Some(p) = level.protocols {
                set_list(&mut self.versions, p);
            }
            set_list(&mut self.ciphers, level.ciphers);
            set_list(&mut self.kx, level.kx);
            set_list(&mut self.macs, level.macs);
            set_list(&mut self.signs, level.signs);
            set_list(&mut self.groups, level.groups);
        }
        // Levels only ever tighten the verification profile and DH level.
        if level.profile != 0 && (self.verification_profile == 0 || self.verification_profile > level.profile) {
            self.verification_profile = level.profile;
        }
        if self.sec_param == 0 || self.sec_param > level.sec_param {
            self.sec_param = level.sec_param;
        }
        // GnuTLS overwrites (not ORs) the ticket flags, so "%NO_TICKETS:PFS"
        // ends with tickets enabled again.
        self.no_tickets = false;
        self.no_tickets_tls12 = level.no_tickets_tls12;
    }

    /// `%OPTION`; the lookup is a gperf table, hence case-sensitive.
    fn apply_option(&mut self, name: &[u8]) -> bool {
        match name {
            b"COMPAT" => {
                self.compat = true;
                self.allow_large_records = true;
                self.allow_small_records = true;
                self.no_etm = true;
                self.no_ext_master_secret = true;
                self.allow_key_usage_violation = true;
                self.allow_wrong_pms = true;
                self.dumbfw = true;
            }
            b"DUMBFW" => self.dumbfw = true,
            b"NO_EXTENSIONS" => self.no_extensions = true,
            b"NO_TICKETS" => self.no_tickets = true,
            b"NO_TICKETS_TLS12" => self.no_tickets_tls12 = true,
            b"NO_ETM" => self.no_etm = true,
            b"FORCE_ETM" => self.force_etm = true,
            b"NO_SESSION_HASH" => self.no_ext_master_secret = true,
            b"STATELESS_COMPRESSION" | b"VERIFY_ALLOW_X509_V1_CA_CRT" | b"NEW_PADDING" => {}
            b"VERIFY_ALLOW_BROKEN" => self.verify_allow_broken = true,
            b"VERIFY_ALLOW_SIGN_RSA_MD5" => self.verify_allow_sign_rsa_md5 = true,
            b"VERIFY_ALLOW_SIGN_WITH_SHA1" => self.verify_allow_sign_with_sha1 = true,
            b"VERIFY_DISABLE_CRL_CHECKS" => self.verify_disable_crl_checks = true,
            b"SSL3_RECORD_VERSION" => self.ssl3_record_version = true,
            b"LATEST_RECORD_VERSION" => self.ssl3_record_version = false,
            b"UNSAFE_RENEGOTIATION" => self.renegotiation = Renegotiation::Unsafe,
            b"SAFE_RENEGOTIATION" => self.renegotiation = Renegotiation::Safe,
            b"PARTIAL_RENEGOTIATION" => self.renegotiation = Renegotiation::Partial,
            b"DISABLE_SAFE_RENEGOTIATION" => self.renegotiation = Renegotiation::Disabled,
            b"FALLBACK_SCSV" => self.fallback_scsv = true,
            b"DISABLE_WILDCARDS" => self.verify_disable_wildcards = true,
            b"SERVER_PRECEDENCE" => self.server_precedence = true,
            b"PROFILE_VERY_WEAK" => self.verification_profile = PROFILE_VERY_WEAK,
            b"PROFILE_LOW" => self.verification_profile = PROFILE_LOW,
            b"PROFILE_LEGACY" => self.verification_profile = PROFILE_LEGACY,
            b"PROFILE_MEDIUM" => self.verification_profile = PROFILE_MEDIUM,
            b"PROFILE_HIGH" => self.verification_profile = PROFILE_HIGH,
            b"PROFILE_ULTRA" => self.verification_profile = PROFILE_ULTRA,
            b"PROFILE_FUTURE" => self.verification_profile = PROFILE_FUTURE,
            b"PROFILE_SUITEB128" => self.verification_profile = PROFILE_SUITEB128,
            // GnuTLS 3.7.9 really maps this one to SUITEB128.
            b"PROFILE_SUITEB192" => self.verification_profile = PROFILE_SUITEB128,
            b"DEBUG_ALLOW_KEY_USAGE_VIOLATIONS" => self.allow_server_key_usage_violation = true,
            b"ALLOW_SMALL_RECORDS" => self.allow_small_records = true,
            b"DISABLE_TLS13_COMPAT_MODE" => self.disable_tls13_compat_mode = true,
            _ => return false,
        }
        true
    }

    /// One `+NAME` / `-NAME` / `!NAME` token (without its sign).  Returns
    /// false for a syntax error.  The order of the checks matters: GnuTLS
    /// tries MAC, cipher and kx names before any keyword prefix.
    fn apply_edit(&mut self, op: Op, name: &[u8]) -> bool {
        if let Some(m) = Mac::by_name(name).filter(|m| m.flag()) {
            op.one(&mut self.macs, m);
        } else if let Some(c) = Cipher::by_name(name) {
            if c.flag() {
                op.one(&mut self.ciphers, c);
            }
        } else if eq_ci(name, b"RSA-EXPORT") {
            // Kept by GnuTLS as a recognised no-op.
        } else if let Some(k) = Kx::by_name(name) {
            op.one(&mut self.kx, k);
        } else if starts_ci(name, b"VERS-") {
            if starts_ci(name, b"VERS-TLS-ALL") {
                op.given(&mut self.versions, STREAM_PROTOCOLS);
            } else if starts_ci(name, b"VERS-DTLS-ALL") {
                let list = if let Op::Add = op { DTLS_PROTOCOLS } else { DGRAM_PROTOCOLS };
                op.given(&mut self.versions, list);
            } else if starts_ci(name, b"VERS-ALL") {
                op.bulk(&mut self.versions, PROTOCOLS);
            } else {
                match Version::by_name(&name[5..]) {
                    Some(v) => op.one(&mut self.versions, v),
                    None => return false,
                }
            }
        } else if starts_ci(name, b"COMP-") {
            // Compression is gone; every COMP-* is accepted and ignored.
        } else if starts_ci(name, b"CURVE-") {
            if starts_ci(name, b"CURVE-ALL") {
                op.bulk(&mut self.groups, GROUPS_NORMAL);
            } else {
                match Group::by_curve_name(&name[6..]) {
                    Some(g) => op.one(&mut self.groups, g),
                    None => return false,
                }
            }
        } else if starts_ci(name, b"GROUP-") {
            if starts_ci(name, b"GROUP-ALL") {
                op.bulk(&mut self.groups, GROUPS_NORMAL);
            } else if starts_ci(name, b"GROUP-DH-ALL") {
                op.given(&mut self.groups, GROUPS_DH);
            } else if starts_ci(name, b"GROUP-EC-ALL") {
                op.given(&mut self.groups, GROUPS_EC);
            } else if starts_ci(name, b"GROUP-GOST-ALL") {
                op.given(&mut self.groups, GROUPS_GOST);
            } else {
                match Group::by_group_name(&name[6..]) {
                    Some(g) => op.one(&mut self.groups, g),
                    None => return false,
                }
            }
        } else if starts_ci(name, b"CTYPE-") {
            if starts_ci(name, b"CTYPE-ALL") {
                op.bulk(&mut self.client_cert_types, CTYPES_ALL);
                op.bulk(&mut self.server_cert_types, CTYPES_ALL);
            } else if starts_ci(name, b"CTYPE-CLI-") {
                if starts_ci(name, b"CTYPE-CLI-ALL") {
                    op.bulk(&mut self.client_cert_types, CTYPES_ALL);
                } else {
                    match CertType::parse(&name[10..]) {
                        Some(t) => op.one(&mut self.client_cert_types, t),
                        None => return false,
                    }
                }
            } else if starts_ci(name, b"CTYPE-SRV-") {
                if starts_ci(name, b"CTYPE-SRV-ALL") {
                    op.bulk(&mut self.server_cert_types, CTYPES_ALL);
                } else {
                    match CertType::parse(&name[10..]) {
                        Some(t) => op.one(&mut self.server_cert_types, t),
                        None => return false,
                    }
                }
            } else if let Some(t) = CertType::parse(&name[6..]) {
                op.one(&mut self.client_cert_types, t);
                op.one(&mut self.server_cert_types, t);
            } else if starts_ci(name, b"CTYPE-OPENPGP") {
                // OpenPGP support was removed; the keyword stays accepted.
            } else {
                return false;
            }
        } else if starts_ci(name, b"SIGN-") {
            if starts_ci(name, b"SIGN-ALL") {
                op.bulk(&mut self.signs, SIGNS_DEFAULT);
            } else if starts_ci(name, b"SIGN-GOST-ALL") {
                op.bulk(&mut self.signs, SIGNS_GOST);
            } else {
                match Sign::by_name(&name[5..]) {
                    Some(s) => op.one(&mut self.signs, s),
                    None => return false,
                }
            }
        } else if starts_ci(name, b"MAC-") {
            // Unknown MAC-* keywords are silently accepted by GnuTLS.
            if starts_ci(name, b"MAC-ALL") {
                op.bulk(&mut self.macs, MACS_NORMAL);
            } else if starts_ci(name, b"MAC-GOST-ALL") {
                op.bulk(&mut self.macs, MACS_GOST);
            }
        } else if starts_ci(name, b"CIPHER-") {
            if starts_ci(name, b"CIPHER-ALL") {
                op.bulk(&mut self.ciphers, CIPHERS_NORMAL);
            } else if starts_ci(name, b"CIPHER-GOST-ALL") {
                op.bulk(&mut self.ciphers, CIPHERS_GOST);
            }
        } else if starts_ci(name, b"KX-") {
            if starts_ci(name, b"KX-ALL") {
                op.bulk(&mut self.kx, KX_SECURE);
            } else if starts_ci(name, b"KX-GOST-ALL") {
                op.bulk(&mut self.kx, KX_GOST);
            }
        } else if starts_ci(name, b"GOST") {
            // "-GOST" wipes the sign/MAC/cipher/kx lists entirely, as in GnuTLS.
            op.given(&mut self.groups, GROUPS_GOST);
            op.bulk(&mut self.signs, SIGNS_GOST);
            op.bulk(&mut self.macs, MACS_GOST);
            op.bulk(&mut self.ciphers, CIPHERS_GOST);
            op.bulk(&mut self.kx, KX_GOST);
        } else {
            return false;
        }
        true
    }

    /// GnuTLS's post-parse consistency pass (`set_ciphersuite_list`): prunes
    /// versions and decides whether anything usable is left.
    fn finish(&mut self) -> Result<(), i32> {
        let have_null = self.ciphers.contains(&Cipher::Null);
        let have_srp = self.kx.iter().any(|k| matches!(k, Kx::Srp | Kx::SrpRsa | Kx::SrpDss));
        let have_rsa_psk = self.kx.contains(&Kx::RsaPsk);
        let have_psk = self.kx.iter().any(|k| matches!(k, Kx::Psk | Kx::DhePsk | Kx::EcdhePsk));

        self.versions.retain(|v| v.flag());
        if have_null || have_srp || have_rsa_psk || self.no_extensions {
            self.versions.retain(|&v| v != Version::Tls13);
        }

        let mut sig_sem = 0u8;
        let (mut have_tls13, mut have_tls12, mut have_pre_tls12) = (false, false, false);
        let (mut tls_min, mut tls_max, mut dtls_min) = (None::<Version>, None::<Version>, None::<Version>);
        for &v in &self.versions {
            // Versions' ids are ordered like GnuTLS's "age" field.
            if v.is_stream() {
                sig_sem |= if v == Version::Tls13 { SEM_TLS13 } else { SEM_PRE_TLS13 };
                have_tls13 |= v == Version::Tls13;
                have_tls12 |= v == Version::Tls12;
                have_pre_tls12 |= v.id() < Version::Tls12.id();
                if tls_max.is_none_or(|m| v.id() > m.id()) {
                    tls_max = Some(v);
                }
                if tls_min.is_none_or(|m| v.id() < m.id()) {
                    tls_min = Some(v);
                }
            } else {
                sig_sem |= SEM_PRE_TLS13;
                if dtls_min.is_none_or(|m| v.id() < m.id()) {
                    dtls_min = Some(v);
                }
            }
        }
        if tls_min.is_none() && dtls_min.is_none() {
            return Err(E_NO_PRIORITIES_WERE_SET);
        }
        // TLS 1.3 needs no kx; GnuTLS drops the list when nothing older is on.
        if tls_min == Some(Version::Tls13) && !have_psk && dtls_min.is_none() {
            self.kx.clear();
        }

        let mut suites = 0usize;
        for &c in &self.ciphers {
            for &m in &self.macs {
                if suite_exists(0, c, m) {
                    suites += 1;
                }
            }
        }
        let ec_groups = self.groups.iter().filter(|g| g.is_ec()).count();
        let dh_groups = self.groups.iter().filter(|g| g.is_ffdhe()).count();
        let (mut have_ec, mut have_dh, mut n_groups) = (false, false, 0usize);
        for &k in &self.kx {
            for &c in &self.ciphers {
                for &m in &self.macs {
                    if !suite_exists(k.id(), c, m) {
                        continue;
                    }
                    suites += 1;
                    if !have_ec && k.is_ecc() {
                        have_ec = true;
                        n_groups += ec_groups;
                    }
                    if !have_dh && k.is_dhe() {
                        have_dh = true;
                        n_groups += dh_groups;
                    }
                }
            }
        }
        if have_tls13 && (!have_ec || !have_dh) {
            for g in &self.groups {
                if g.is_ec() && !have_ec {
                    have_ec = true;
                    n_groups += ec_groups;
                } else if g.is_ffdhe() && !have_dh {
                    have_dh = true;
                    n_groups += dh_groups;
                }
                if have_ec && have_dh {
                    break;
                }
            }
        }

        let sigalgs = self.signs.iter().filter(|s| s.flag() & sig_sem != 0).count();
        if sigalgs == 0 {
            // Without signature algorithms only pre-TLS1.2 / pre-DTLS1.2 remain.
            self.versions.retain(|v| v.id() < Version::Tls12.id() || (200..202).contains(&v.id()));
        }
        if self.versions.is_empty() || suites == 0 {
            return Err(E_NO_PRIORITIES_WERE_SET);
        }
        // Not re-checked for emptiness afterwards: GnuTLS reports success and
        // fails later at gnutls_priority_set()/handshake time.
        if (!have_psk && tls_max == Some(Version::Tls13) && n_groups == 0)
            || (!have_tls12 && have_pre_tls12 && have_tls13)
        {
            self.versions.retain(|&v| v != Version::Tls13);
        }
        Ok(())
    }
}

fn until_nul(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(i) => &s[..i],
        None => s,
    }
}

fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Splits like GnuTLS's `break_list`: on ':', skipping spaces (only ' ')
/// after each separator, and silently dropping everything after the
/// 128th token.
fn break_list(s: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        match rest.iter().position(|&b| b == b':') {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + 1..];
                let skip = rest.iter().take_while(|&&b| b == b' ').count();
                rest = &rest[skip..];
            }
            None => {
                out.push(rest);
                break;
            }
        }
        if out.len() >= MAX_ELEMENTS {
            break;
        }
    }
    out
}

/// The body of `gnutls_priority_init`.  `explicit` is false when the caller
/// passed NULL, in which case GnuTLS never reports a token position.
fn init(s: &[u8], explicit: bool) -> Result<Priority, (i32, usize)> {
    let lead = s.iter().take_while(|&&b| is_c_space(b)).count();
    let body = &s[lead..];
    if body.first() == Some(&b'@') {
        // "@KEYWORD" is looked up in the system configuration file; this
        // system has none, so every such string fails to resolve.
        return Err((E_INVALID_REQUEST, 0));
    }
    // GnuTLS only reports token offsets when the resolved string is the
    // caller's string verbatim; stripping leading blanks already breaks that.
    let report_pos = explicit && lead == 0;

    let tokens = break_list(body);
    let mut p = Priority::empty();
    let mut keyword_set = false;
    let mut start = 0;
    if tokens.first().is_some_and(|t| eq_ci(t, b"NONE")) {
        keyword_set = true;
        start = 1;
    } else {
        set_list(&mut p.versions, PROTOCOLS);
        set_list(&mut p.client_cert_types, CTYPES_DEFAULT);
        set_list(&mut p.server_cert_types, CTYPES_DEFAULT);
        set_list(&mut p.signs, SIGNS_DEFAULT);
        set_list(&mut p.groups, GROUPS_NORMAL);
    }

    for (i, tok) in tokens.iter().enumerate().skip(start) {
        let ok = if let Some(level) = find_level(tok) {
            p.apply_level(level, keyword_set);
            keyword_set = true;
            true
        } else {
            match tok.split_first() {
                Some((b'+', name)) => match find_level(name) {
                    Some(level) => {
                        p.apply_level(level, true);
                        true
                    }
                    None => p.apply_edit(Op::Add, name),
                },
                Some((b'-', name)) | Some((b'!', name)) => p.apply_edit(Op::Remove, name),
                Some((b'%', name)) => p.apply_option(name),
                _ => false,
            }
        };
        if !ok {
            // Offsets count token lengths plus one separator each, ignoring
            // the blanks break_list skipped: GnuTLS computes it that way.
            let pos = if report_pos { tokens[..i].iter().map(|t| t.len() + 1).sum() } else { 0 };
            return Err((E_INVALID_REQUEST, pos));
        }
    }

    p.finish().map_err(|code| (code, 0))?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Generated by gen_tests.py from lists.tsv (output of probe.c against GnuTLS 3.7.9).
    // (mode, input, code, err_pos, lists) -- lists: versions|ciphers|macs|kx|groups|signs.
    const VECTORS: &[(&str, &[u8], i32, usize, &str)] = &[
        ("init", b"NORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+FOO", -50, 7, ""),
        ("init", b"NORMAL::", -50, 7, ""),
        ("init", b" NORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"@SYSTEM", -50, 0, ""),
        ("init", b"NONE", -326, 0, ""),
        ("init", b"%COMPAT", -326, 0, ""),
        ("init", b"NORMAL:%COMPAT", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+VERS-SSL3.0", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:!AES-128-CBC", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS1.0", 0, 0, "5,4,3,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS-ALL", 0, 0, "202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3", -326, 0, ""),
        ("append", b"%FORCE_ETM::%NO_TICKETS", -50, 11, ""),
        ("append", b"%FORCE_ETM:%NO_TICKETS", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("append", b"+FOO", -50, 0, ""),
        ("append", b"NONE", -50, 0, ""),
        ("append", b"-VERS-TLS1.3", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("append", b"", -50, 0, ""),
        ("append", b":", -50, 0, ""),
        ("append", b"%NO_STATUS_REQUEST", -50, 0, ""),
        ("append", b"@SYSTEM", -50, 0, ""),
        ("append", b"-VERS-ALL", -326, 0, ""),
        ("null", b"", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"", -50, 0, ""),
        ("init", b":", -50, 0, ""),
        ("init", b"+", -50, 0, ""),
        ("init", b"-", -50, 0, ""),
        ("init", b"!", -50, 0, ""),
        ("init", b"%", -50, 0, ""),
        ("init", b"@", -50, 0, ""),
        ("init", b"NORMAL:+", -50, 7, ""),
        ("init", b"NORMAL:-", -50, 7, ""),
        ("init", b"NORMAL:%", -50, 7, ""),
        ("init", b"NORMAL:@X", -50, 7, ""),
        ("init", b"NORMAL:", -50, 7, ""),
        ("init", b"\xff\xfe\x01", -50, 0, ""),
        ("init", b"NORMAL:\xff", -50, 7, ""),
        ("init", b"\x01NORMAL", -50, 0, ""),
        ("init", b"NORMAL:-VERS-SSL3.0", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1", 0, 0, "5,4,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-SSL3.0:+VERS-TLS1.3:-VERS-TLS1.0:-VERS-TLS1.1:-VERS-TLS1.2", 0, 0, "5,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"PFS:-VERS-SSL3.0", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS-ALL:+VERS-SSL3.0", 0, 0, "202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-ARCFOUR-128:-CTYPE-ALL:+CTYPE-X509:-VERS-SSL3.0:-VERS-TLS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", 0, 0, "202,201,5,4|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS1.3", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+SHA256:+SIGN-ALL:+GROUP-ALL", -326, 0, ""),
        ("init", b"NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL:+GROUP-ALL", 0, 0, "4|10|200|12|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"normal", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"Normal:+aes-128-gcm", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%compat", -50, 7, ""),
        ("init", b"NORMAL:%SERVER_PRECEDENCE:%NO_TICKETS", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%NO_STATUS_REQUEST", -50, 7, ""),
        ("init", b"NORMAL:%DISABLE_TLS13_COMPAT_MODE", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%NO_TICKETS_TLS12", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%NO_EXTENSIONS", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%PROFILE_HIGH:%VERIFY_ALLOW_SIGN_WITH_SHA1", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%UNSAFE_RENEGOTIATION:%FALLBACK_SCSV", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%FOO", -50, 7, ""),
        ("init", b"NORMAL: +FOO", -50, 7, ""),
        ("init", b"NORMAL: +AES-128-GCM", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:\x09+AES-128-GCM", -50, 7, ""),
        ("init", b"NORMAL ", -50, 0, ""),
        ("init", b"  NORMAL:+FOO", -50, 0, ""),
        ("init", b"\x09NORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"@SYSTEM:+FOO", -50, 0, ""),
        ("init", b"  @SYSTEM", -50, 0, ""),
        ("init", b"@SYSTEM,NORMAL", -50, 0, ""),
        ("init", b"NORMAL:-VERS-ALL", -326, 0, ""),
        ("init", b"NORMAL:-VERS-ALL:+VERS-TLS1.2", 0, 0, "4|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS-ALL:-VERS-DTLS-ALL", -326, 0, ""),
        ("init", b"NORMAL:+VERS-TLS1.4", -50, 7, ""),
        ("init", b"NORMAL:-VERS-FOO:+FOO", -50, 7, ""),
        ("init", b"NORMAL:+VERS-TLS-ALLX", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+COMP-NULL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+COMP-FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+MAC-FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CIPHER-FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+KX-FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-MAC-ALL", -326, 0, ""),
        ("init", b"NORMAL:-CIPHER-ALL", -326, 0, ""),
        ("init", b"NORMAL:-KX-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|.|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-SIGN-ALL", 0, 0, "3,2,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|."),
        ("init", b"NORMAL:-SIGN-ALL:+VERS-TLS1.0", 0, 0, "3,2,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|."),
        ("init", b"NORMAL:-GROUP-ALL", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-GROUP-EC-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-GROUP-DH-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-CURVE-ALL", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CURVE-FOO", -50, 7, ""),
        ("init", b"NORMAL:+GROUP-FOO", -50, 7, ""),
        ("init", b"NORMAL:+SIGN-FOO", -50, 7, ""),
        ("init", b"NORMAL:+CTYPE-FOO", -50, 7, ""),
        ("init", b"NORMAL:+CTYPE-OPENPGP", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CTYPE-CLI-RAWPK:+CTYPE-SRV-X.509", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CTYPE-CLI-FOO", -50, 7, ""),
        ("init", b"NORMAL:+GOST", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4,34|3,200,208|13,12,1,3,16|2,3,4,6,20,256,257,258,260,259,16,17,18,19,13,14,15|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12,44,45"),
        ("init", b"NORMAL:-GOST", -326, 0, ""),
        ("init", b"NORMAL:+GOSTFOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4,34|3,200,208|13,12,1,3,16|2,3,4,6,20,256,257,258,260,259,16,17,18,19,13,14,15|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12,44,45"),
        ("init", b"NORMAL:-NORMAL", -50, 7, ""),
        ("init", b"NORMAL:+SECURE256", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:SECURE256", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:NONE", -50, 7, ""),
        ("init", b"NONE:NORMAL", -326, 0, ""),
        ("init", b"SECURE128", 0, 0, "5,4,3,2,202,201|11,23,5,20,10,4,19|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39"),
        ("init", b"SECURE", 0, 0, "5,4,3,2,202,201|11,23,5,20,10,4,19|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39"),
        ("init", b"SECURE192", 0, 0, "5,4,3,2,202,201|11,23,5,20|200|13,12,1,3|3,4,259|7,33,41,15,38,46,8,34,42,16,39"),
        ("init", b"SECURE256", 0, 0, "5,4,3,2,202,201|11,23,5,20|200|13,12,1,3|3,4,259|7,33,41,15,38,46,8,34,42,16,39"),
        ("init", b"SUITEB128", 0, 0, "4|11,10|200|13|2,3|14,37,15,38"),
        ("init", b"SUITEB192", 0, 0, "4|11|200|13|3|15,38"),
        ("init", b"LEGACY", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"PERFORMANCE", 0, 0, "5,4,3,2,202,201|10,11,23,19,20,4,5|3,200|1,13,12,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"PFS", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+NULL", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4,1|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+NULL:+VERS-TLS1.3", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4,1|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+SRP", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3,5|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+RSA-PSK", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3,15|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%NO_EXTENSIONS:-VERS-TLS1.2:-VERS-TLS1.1:-VERS-TLS1.0", 0, 0, "202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL", 0, 0, ".|10|200|.|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+VERS-TLS1.0:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+RSA", 0, 0, "2|10|200|1|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-FFDHE2048", 0, 0, "5|10|200|.|256|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-GC512B", 0, 0, ".|10|200|.|14|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+CURVE-Ed25519", 0, 0, ".|10|200|.|7|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+PSK", 0, 0, "5|10|200|9|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.2:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+RSA", 0, 0, "4|10|200|1|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.2:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL:+DHE-RSA:+GROUP-ALL", 0, 0, "4,5|10|200|3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-ALL:+VERS-TLS1.3", 0, 0, "5|11,23,20,5,10,19,4|3,200|.|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-DTLS1.2", 0, 0, "5,202|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+VERS-DTLS0.9", 0, 0, "5,4,3,2,202,201,200|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-DTLS-ALL:+VERS-DTLS-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-CTYPE-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+RSA-EXPORT", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+ARCFOUR-40", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+SHA3-256", -50, 7, ""),
        ("init", b"NORMAL:+MAC-NULL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%PROFILE_SUITEB192", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%STATELESS_COMPRESSION:%NEW_PADDING:%VERIFY_ALLOW_X509_V1_CA_CRT", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:%NO_TICKETS:PFS", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"%NO_TICKETS:NORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:%NO_TICKETS", -326, 0, ""),
        ("init", b"NORMAL:-AES-256-GCM:-CHACHA20-POLY1305:-AES-256-CCM:-AES-256-CBC:-AES-128-GCM:-AES-128-CCM:-AES-128-CBC", -326, 0, ""),
        ("init", b"NORMAL:-CIPHER-ALL:+3DES-CBC", 0, 0, "5,4,3,2,202,201|3|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CIPHER-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-KX-ALL:+KX-GOST-ALL:+CIPHER-GOST-ALL:+MAC-GOST-ALL:+SIGN-GOST-ALL:+GROUP-GOST-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4,34|3,200,208|16|2,3,4,6,20,256,257,258,260,259,16,17,18,19,13,14,15|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12,44,45"),
        ("init", b"NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+PSK:+SIGN-ALL", 0, 0, "4|10|200|9|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+ECDHE-RSA:+SIGN-ALL", 0, 0, "4|10|200|12|.|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.1:+VERS-TLS1.3", 0, 0, "202,201,3|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"PERFORMANCE:+VERS-TLS1.3:%SERVER_PRECEDENCE", 0, 0, "5,4,3,2,202,201|10,11,23,19,20,4,5|3,200|1,13,12,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"SECURE192:-VERS-TLS1.3", 0, 0, "4,3,2,202,201|11,23,5,20|200|13,12,1,3|3,4,259|7,33,41,15,38,46,8,34,42,16,39"),
        ("init", b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", -50, 0, ""),
        ("init", b"NORMAL:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", -50, 1645, ""),
        ("init", b"NORMAL:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NONE:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", -326, 0, ""),
        ("append", b"+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", -50, 1638, ""),
        ("append", b"+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+AES-128-GCM:+FOO", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+VERS-TLS1.2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", -50, 7, ""),
        ("init", b"\x0b\x0c\x0d\x0aNORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:", -50, 7, ""),
        ("append", b"NORMAL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("append", b"+VERS-TLS1.2:+FOO", -50, 13, ""),
        ("append", b"%SERVER_PRECEDENCE:-VERS-TLS1.3:%BAD", -50, 32, ""),
        ("append", b" +FOO", -50, 0, ""),
        ("init", b"NONE:+VERS-TLS1.2:+CHACHA20-POLY1305:+AES-256-GCM:+ECDHE-ECDSA:+AEAD:+SIGN-ALL:+GROUP-X25519:+GROUP-SECP384R1:+GROUP-X448", 0, 0, "4|23,11|200|13|6,3,20|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|6,2|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+CURVE-ALL:-CURVE-SECP521R1", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA256:+SIGN-ECDSA-SECP256R1-SHA256", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|40,37"),
        ("init", b"NORMAL:-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|37"),
        ("init", b"NORMAL:-SIGN-ALL:+SIGN-ECDSA-SHA256", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|14"),
        ("init", b"NORMAL:+SIGN-GOSTR341094", -50, 7, ""),
        ("init", b"NORMAL:+VERS-tls1.2:-vers-tls1.3:+sign-rsa-sha256:+group-x25519:+ctype-x.509", 0, 0, "4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"SECURE256:+SECURE128:+SUITEB192", 0, 0, "5,4,3,2,202,201|11,23,5,20,10,4,19|200,3|13,12,1,3|3,4,259,2,6,20,256,257,258,260|7,33,41,15,38,46,8,34,42,16,39,6,32,40,14,37,35"),
        ("init", b"SUITEB128:-VERS-TLS1.2:+VERS-TLS1.3", 0, 0, "5|11,10|200|.|2,3|14,37,15,38"),
        ("init", b"LEGACY:%PROFILE_MEDIUM", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+GROUP-FFDHE2048:-GROUP-DH-ALL:+GROUP-DH-ALL", 0, 0, "5,4,3,2,202,201|11,23,20,5,10,19,4|3,200|13,12,1,3|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
        ("init", b"NORMAL:+GOST:-GOST", -326, 0, ""),
        ("init", b"NORMAL:-KX-ALL:-VERS-TLS-ALL:+VERS-TLS1.3", 0, 0, "202,201,5|11,23,20,5,10,19,4|3,200|.|2,3,4,6,20,256,257,258,260,259|6,32,40,14,37,35,7,33,41,15,38,46,8,34,42,16,39,1,12"),
    ];

    fn ids<T: Copy>(v: &[T], id: fn(T) -> u32) -> String {
        if v.is_empty() {
            return ".".to_string();
        }
        v.iter().map(|&a| id(a).to_string()).collect::<Vec<_>>().join(",")
    }

    fn lists(p: &Priority) -> String {
        [
            ids(&p.versions, Version::id),
            ids(&p.ciphers, Cipher::id),
            ids(&p.macs, Mac::id),
            ids(&p.kx, Kx::id),
            // The vectors are GnuTLS 3.7.9's, which has no hybrid group (ours offers it
            // first by default: `default_offers_the_hybrid_first`).
            ids(&p.groups.iter().copied().filter(|&g| g != Group::X25519Mlkem768).collect::<Vec<_>>(), Group::id),
            ids(&p.signs, Sign::id),
        ]
        .join("|")
    }

    fn run(mode: &str, input: &[u8]) -> Result<Priority, (i32, usize)> {
        match mode {
            "append" => Priority::parse_append_bytes(input),
            "null" => Priority::parse_bytes(None),
            _ => Priority::parse_bytes(Some(input)),
        }
    }

    #[test]
    fn vectors_match_gnutls() {
        assert!(VECTORS.len() >= 40);
        let mut failures = Vec::new();
        for &(mode, input, code, pos, want) in VECTORS {
            let got = run(mode, input);
            let ok = match &got {
                Ok(p) => code == 0 && lists(p) == want,
                Err((c, e)) => *c == code && *e == pos,
            };
            if !ok {
                let shown = String::from_utf8_lossy(&input[..input.len().min(80)]).into_owned();
                let got = got.map(|p| lists(&p));
                failures.push(format!("{mode} {shown:?}: want ({code},{pos}) {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn spec_examples() {
        assert_eq!(Priority::parse(Some("NORMAL:+FOO")).unwrap_err(), (E_INVALID_REQUEST, 7));
        assert_eq!(Priority::parse(Some("NORMAL::")).unwrap_err(), (E_INVALID_REQUEST, 7));
        assert!(Priority::parse(Some(" NORMAL")).is_ok());
        assert_eq!(Priority::parse(Some("@SYSTEM")).unwrap_err(), (E_INVALID_REQUEST, 0));
        for s in ["NONE", "%COMPAT", "NONE:+VERS-TLS1.3"] {
            assert_eq!(Priority::parse(Some(s)).unwrap_err(), (E_NO_PRIORITIES_WERE_SET, 0), "{s}");
        }
        assert_eq!(Priority::parse_append("%FORCE_ETM::%NO_TICKETS").unwrap_err(), (E_INVALID_REQUEST, 11));
        let p = Priority::parse(Some("NORMAL:-VERS-TLS-ALL")).unwrap();
        assert_eq!(p.rustls_versions(), (false, false));
        assert_eq!(p.versions, vec![Version::Dtls12, Version::Dtls10]);
    }

    #[test]
    fn default_offers_the_hybrid_first() {
        for text in [None, Some("NORMAL"), Some("PFS"), Some("SECURE128"), Some("PERFORMANCE")] {
            let p = Priority::parse(text).unwrap();
            assert_eq!(p.usable_groups().first(), Some(&Group::X25519Mlkem768), "{text:?}");
            assert!(p.usable_groups().contains(&Group::X25519), "{text:?}: X25519 stays for peers without it");
        }
        let p = Priority::parse(Some("NORMAL:-GROUP-X25519-MLKEM768")).unwrap();
        assert!(!p.usable_groups().contains(&Group::X25519Mlkem768), "opting out");
        assert_eq!(p.usable_groups().first(), Some(&Group::Secp256r1));
        let p = Priority::parse(Some("NORMAL:-GROUP-ALL:+GROUP-X25519-MLKEM768:+GROUP-X25519")).unwrap();
        assert_eq!(p.usable_groups(), vec![Group::X25519Mlkem768, Group::X25519], "GnuTLS 3.8's keyword");
        let p = Priority::parse(Some("SECURE192")).unwrap();
        assert!(!p.groups.contains(&Group::X25519Mlkem768), "SECURE192 keeps its own list");
    }

    #[test]
    fn resulting_lists() {
        let p = Priority::parse(Some("NORMAL:-VERS-TLS1.3")).unwrap();
        assert!(!p.versions.contains(&Version::Tls13));
        assert_eq!(p.rustls_versions(), (true, false));

        let p = Priority::parse(Some("NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+SHA256:+SIGN-ALL:+GROUP-ALL"));
        assert_eq!(p.unwrap_err(), (E_NO_PRIORITIES_WERE_SET, 0), "GCM suites carry the AEAD MAC, not SHA256");
        let p = Priority::parse(Some("NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL:+GROUP-ALL")).unwrap();
        assert_eq!(p.usable_ciphers(), vec![Cipher::Aes128Gcm]);
        assert_eq!(p.usable_tls12_kx(), vec![Kx::EcdheRsa]);
        assert_eq!(p.usable_groups(), vec![Group::X25519Mlkem768, Group::Secp256r1, Group::Secp384r1, Group::X25519]);
        assert_eq!(p.rustls_versions(), (true, false));

        let p = Priority::parse(None).unwrap();
        assert_eq!(p.usable_ciphers(), vec![Cipher::Aes256Gcm, Cipher::Chacha20Poly1305, Cipher::Aes128Gcm]);
        assert_eq!(p.rustls_versions(), (true, true));
        assert!(!p.server_precedence && !p.no_tickets && !p.no_tickets_tls12);
        assert_eq!(p.verification_profile, PROFILE_LOW);
        assert_eq!(p.sec_param, SEC_PARAM_WEAK);

        let p = Priority::parse(Some("PFS:%SERVER_PRECEDENCE:%NO_TICKETS:%NO_EXTENSIONS:%DISABLE_TLS13_COMPAT_MODE")).unwrap();
        assert!(p.server_precedence && p.no_tickets && p.no_tickets_tls12 && p.no_extensions);
        assert!(p.disable_tls13_compat_mode);
        assert_eq!(p.rustls_versions(), (true, false), "%NO_EXTENSIONS rules out TLS 1.3");

        let p = Priority::parse(Some("%NO_TICKETS:NORMAL")).unwrap();
        assert!(!p.no_tickets, "a later level keyword resets the ticket flags");

        let p = Priority::parse(Some("NORMAL:%COMPAT:%UNSAFE_RENEGOTIATION")).unwrap();
        assert!(p.compat && p.no_etm && p.no_ext_master_secret && p.dumbfw);
        assert_eq!(p.renegotiation, Renegotiation::Unsafe);

        let p = Priority::parse(Some("NORMAL:-CTYPE-ALL:+CTYPE-CLI-RAWPK")).unwrap();
        assert_eq!(p.client_cert_types, vec![CertType::RawPk]);
        assert!(p.server_cert_types.is_empty());

        // TLS 1.3 without any group: accepted, but nothing negotiable left.
        let p = Priority::parse(Some("NONE:+VERS-TLS1.3:+AES-128-GCM:+AEAD:+SIGN-ALL")).unwrap();
        assert!(p.versions.is_empty());
    }

    #[test]
    fn c_string_semantics() {
        assert_eq!(Priority::parse_bytes(Some(b"NORMAL\0:+FOO")).map(|_| ()), Ok(()));
        assert_eq!(Priority::parse_bytes(Some(b"NORMAL:\xff")).unwrap_err(), (E_INVALID_REQUEST, 7));
        // An empty suffix leaves a trailing empty token, which GnuTLS rejects.
        assert_eq!(Priority::parse_append_bytes(b"\0garbage").unwrap_err(), (E_INVALID_REQUEST, 0));
    }

    #[test]
    fn names_round_trip() {
        for &c in Cipher::ALL {
            assert_eq!(Cipher::from_id(c.id()), Some(c));
            assert_eq!(Cipher::by_name(c.name().to_ascii_lowercase().as_bytes()), Some(c));
        }
        for &s in Sign::ALL {
            assert_eq!(Sign::from_id(s.id()), Some(s));
        }
        for &g in Group::ALL {
            assert_eq!(Group::from_id(g.id()), Some(g));
        }
    }

    /// xorshift64*, so the fuzz test is deterministic without dependencies.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn check(input: &[u8]) {
        let clean = until_nul(input);
        for r in [Priority::parse_bytes(Some(input)), Priority::parse_append_bytes(input)] {
            if let Err((code, pos)) = r {
                assert!(code == E_INVALID_REQUEST || code == E_NO_PRIORITIES_WERE_SET);
                assert!(pos <= clean.len(), "err_pos {pos} beyond input {:?}", String::from_utf8_lossy(clean));
            }
        }
    }

    #[test]
    fn fuzz_never_panics() {
        const WORDS: &[&str] = &[
            "NORMAL", "NONE", "PFS", "SECURE", "SECURE256", "SUITEB128", "LEGACY", "PERFORMANCE", "@SYSTEM",
            "+", "-", "!", "%", "VERS-", "VERS-TLS-ALL", "VERS-DTLS-ALL", "VERS-ALL", "VERS-TLS1.3", "VERS-SSL3.0",
            "CTYPE-", "CTYPE-CLI-", "CTYPE-SRV-ALL", "CURVE-", "CURVE-ALL", "GROUP-", "GROUP-X25519", "SIGN-",
            "SIGN-ALL", "MAC-", "CIPHER-", "KX-", "GOST", "COMP-", "AES-128-GCM", "AEAD", "NULL", "SRP", "PSK",
            "RSA-PSK", "ECDHE-RSA", "COMPAT", "NO_EXTENSIONS", "SERVER_PRECEDENCE", ":", ":", ":", " ", "\t", "\0",
            "\u{ff}", "é",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let mut s = Vec::new();
            for _ in 0..rng.below(12) {
                s.extend_from_slice(WORDS[rng.below(WORDS.len())].as_bytes());
            }
            check(&s);
            let raw: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
            check(&raw);
        }
        check(&[b':'; 1000]);
        check("+VERS-".repeat(500).as_bytes());
        for cut in 0..=b"+CTYPE-CLI-".len() {
            check(&b"NORMAL:+CTYPE-CLI-"[..7 + cut.min(11)]);
        }
    }
}
