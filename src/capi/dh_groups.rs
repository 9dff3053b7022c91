//! The finite-field groups GnuTLS exports as data (GnuTLS manual: "Diffie-Hellman parameters"
//! and "SRP authentication"): RFC 7919's ffdhe groups and RFC 5054's SRP groups, with
//! GnuTLS's values (`crate::dh_groups`).

use libc::c_uint;

use crate::dh_groups::*;
use crate::capi::types::gnutls_datum_t;

/// A `const gnutls_datum_t` in read-only memory. The header declares these variables as
/// `const gnutls_datum_t` (cbindgen.toml renames this type and leaves it out).
#[repr(transparent)]
pub struct StaticDatum(gnutls_datum_t);

// SAFETY: the datum points at immutable 'static bytes and is never written.
unsafe impl Sync for StaticDatum {}

impl StaticDatum {
    const fn of(bytes: &'static [u8]) -> StaticDatum {
        StaticDatum(gnutls_datum_t { data: bytes.as_ptr().cast_mut(), size: bytes.len() as c_uint })
    }
}

data! {
    pub static gnutls_ffdhe_2048_group_prime: StaticDatum = StaticDatum::of(&FFDHE_2048_PRIME);
    #[node(GNUTLS_3_6_8)]
    pub static gnutls_ffdhe_2048_group_q: StaticDatum = StaticDatum::of(&FFDHE_2048_Q);
    pub static gnutls_ffdhe_2048_group_generator: StaticDatum = StaticDatum::of(&FFDHE_2048_GENERATOR);
    pub static gnutls_ffdhe_2048_key_bits: c_uint = FFDHE_2048_KEY_BITS;

    pub static gnutls_ffdhe_3072_group_prime: StaticDatum = StaticDatum::of(&FFDHE_3072_PRIME);
    #[node(GNUTLS_3_6_8)]
    pub static gnutls_ffdhe_3072_group_q: StaticDatum = StaticDatum::of(&FFDHE_3072_Q);
    pub static gnutls_ffdhe_3072_group_generator: StaticDatum = StaticDatum::of(&FFDHE_3072_GENERATOR);
    pub static gnutls_ffdhe_3072_key_bits: c_uint = FFDHE_3072_KEY_BITS;

    pub static gnutls_ffdhe_4096_group_prime: StaticDatum = StaticDatum::of(&FFDHE_4096_PRIME);
    #[node(GNUTLS_3_6_8)]
    pub static gnutls_ffdhe_4096_group_q: StaticDatum = StaticDatum::of(&FFDHE_4096_Q);
    pub static gnutls_ffdhe_4096_group_generator: StaticDatum = StaticDatum::of(&FFDHE_4096_GENERATOR);
    pub static gnutls_ffdhe_4096_key_bits: c_uint = FFDHE_4096_KEY_BITS;

    #[node(GNUTLS_3_6_4)]
    pub static gnutls_ffdhe_6144_group_prime: StaticDatum = StaticDatum::of(&FFDHE_6144_PRIME);
    #[node(GNUTLS_3_6_8)]
    pub static gnutls_ffdhe_6144_group_q: StaticDatum = StaticDatum::of(&FFDHE_6144_Q);
    #[node(GNUTLS_3_6_4)]
    pub static gnutls_ffdhe_6144_group_generator: StaticDatum = StaticDatum::of(&FFDHE_6144_GENERATOR);
    #[node(GNUTLS_3_6_4)]
    pub static gnutls_ffdhe_6144_key_bits: c_uint = FFDHE_6144_KEY_BITS;

    pub static gnutls_ffdhe_8192_group_prime: StaticDatum = StaticDatum::of(&FFDHE_8192_PRIME);
    #[node(GNUTLS_3_6_8)]
    pub static gnutls_ffdhe_8192_group_q: StaticDatum = StaticDatum::of(&FFDHE_8192_Q);
    pub static gnutls_ffdhe_8192_group_generator: StaticDatum = StaticDatum::of(&FFDHE_8192_GENERATOR);
    pub static gnutls_ffdhe_8192_key_bits: c_uint = FFDHE_8192_KEY_BITS;

    pub static gnutls_srp_1024_group_prime: StaticDatum = StaticDatum::of(&SRP_1024_PRIME);
    pub static gnutls_srp_1024_group_generator: StaticDatum = StaticDatum::of(&SRP_1024_GENERATOR);
    pub static gnutls_srp_1536_group_prime: StaticDatum = StaticDatum::of(&SRP_1536_PRIME);
    pub static gnutls_srp_1536_group_generator: StaticDatum = StaticDatum::of(&SRP_1536_GENERATOR);
    pub static gnutls_srp_2048_group_prime: StaticDatum = StaticDatum::of(&SRP_2048_PRIME);
    pub static gnutls_srp_2048_group_generator: StaticDatum = StaticDatum::of(&SRP_2048_GENERATOR);
    pub static gnutls_srp_3072_group_prime: StaticDatum = StaticDatum::of(&SRP_3072_PRIME);
    pub static gnutls_srp_3072_group_generator: StaticDatum = StaticDatum::of(&SRP_3072_GENERATOR);
    pub static gnutls_srp_4096_group_prime: StaticDatum = StaticDatum::of(&SRP_4096_PRIME);
    pub static gnutls_srp_4096_group_generator: StaticDatum = StaticDatum::of(&SRP_4096_GENERATOR);
    #[node(GNUTLS_3_6_2)]
    pub static gnutls_srp_8192_group_prime: StaticDatum = StaticDatum::of(&SRP_8192_PRIME);
    #[node(GNUTLS_3_6_2)]
    pub static gnutls_srp_8192_group_generator: StaticDatum = StaticDatum::of(&SRP_8192_GENERATOR);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(d: &StaticDatum) -> &'static [u8] {
        unsafe { std::slice::from_raw_parts(d.0.data, d.0.size as usize) }
    }

    #[test]
    fn exported_datums_are_gnutls_sized() {
        assert_eq!(std::mem::size_of::<StaticDatum>(), 16);
        let sizes = [
            (&gnutls_ffdhe_2048_group_prime, 256),
            (&gnutls_ffdhe_3072_group_q, 384),
            (&gnutls_ffdhe_4096_group_prime, 512),
            (&gnutls_ffdhe_6144_group_q, 768),
            (&gnutls_ffdhe_8192_group_prime, 1024),
            (&gnutls_ffdhe_8192_group_generator, 1),
            (&gnutls_srp_1024_group_prime, 128),
            (&gnutls_srp_1536_group_prime, 192),
            (&gnutls_srp_2048_group_prime, 256),
            (&gnutls_srp_3072_group_prime, 384),
            (&gnutls_srp_4096_group_prime, 512),
            (&gnutls_srp_8192_group_prime, 1024),
        ];
        for (d, n) in sizes {
            assert_eq!(bytes(d).len(), n);
        }
        assert_eq!(bytes(&gnutls_srp_8192_group_generator), &[19]);
        assert_eq!(bytes(&gnutls_srp_4096_group_generator), &[5]);
        assert_eq!(gnutls_ffdhe_6144_key_bits, 376);
    }
}
