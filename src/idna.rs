//! Host names to their IDNA (ASCII) form, as `gnutls_idna_map` gives them.

use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's `gnutls_idna_map`: a name of printable ASCII is its own form (GnuTLS copies it
/// without asking libidn2); other ASCII is refused as libidn2's STD3 rules refuse it.
// divergence: internationalised names (non-ASCII UTF-8) are not converted (no IDNA 2008 /
// UTS #46 tables here): GNUTLS_E_UNIMPLEMENTED_FEATURE.
pub fn map(input: &[u8]) -> Result<Vec<u8>, Error> {
    if input.iter().all(|b| (0x20..0x7f).contains(b)) {
        return Ok(input.to_vec());
    }
    if input.is_ascii() {
        return Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING));
    }
    if std::str::from_utf8(input).is_err() {
        return Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING));
    }
    Err(Error::UNIMPLEMENTED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_map_to_themselves() {
        assert_eq!(map(b""), Ok(vec![]));
        assert_eq!(map(b"Www.Example.COM"), Ok(b"Www.Example.COM".to_vec()));
        assert_eq!(map(b"a\tb"), Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING)));
        assert_eq!(map(b"\xff.example"), Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING)));
        assert_eq!(map("bücher.example".as_bytes()), Err(Error::UNIMPLEMENTED));
    }
}
