//! Host names to their IDNA (ASCII) form, as `gnutls_idna_map` gives them.

use crate::constants::*;
use crate::errors::Error;

/// GnuTLS's `gnutls_idna_map`: a name of printable ASCII is its own form (GnuTLS copies it
/// without asking libidn2); other ASCII is refused as libidn2's STD3 rules refuse it; an
/// internationalised name is mapped by UTS #46 non-transitional processing (case folded,
/// NFC, STD3 ASCII rules, hyphen and DNS length checks) and Punycode-encoded, as GnuTLS asks
/// libidn2 (IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES); a name that cannot be
/// mapped is GNUTLS_E_INVALID_UTF8_STRING.
// divergence: the idna crate applies UTS #46 validity (its mapping table) where libidn2
// also applies the IDNA 2008 code point table and retries a name IDNA 2008 disallows with
// transitional processing; names made of letters, digits and hyphens map alike, rarer code
// points (symbols, deviation characters such as ß or ς) may be refused or mapped
// differently.
pub fn map(input: &[u8]) -> Result<Vec<u8>, Error> {
    if input.iter().all(|b| (0x20..0x7f).contains(b)) {
        return Ok(input.to_vec());
    }
    if input.is_ascii() || std::str::from_utf8(input).is_err() {
        return Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING));
    }
    use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
    Uts46::new()
        .to_ascii(input, AsciiDenyList::STD3, Hyphens::Check, DnsLength::VerifyAllowRootDot)
        .map(|s| s.into_owned().into_bytes())
        .map_err(|_| Error::new(GNUTLS_E_INVALID_UTF8_STRING))
}

/// `_gnutls_idna_email_map`: the domain of an address mapped, the local part kept; a local
/// part that is not printable ASCII is GNUTLS_E_INVALID_UTF8_EMAIL.
pub fn email_map(input: &[u8]) -> Result<Vec<u8>, Error> {
    if input.iter().all(|b| (0x20..0x7f).contains(b)) {
        return Ok(input.to_vec());
    }
    let at = input.iter().position(|&b| b == b'@').ok_or(Error::new(GNUTLS_E_INVALID_UTF8_EMAIL))?;
    if !input[..at].iter().all(|b| (0x20..0x7f).contains(b)) {
        return Err(Error::new(GNUTLS_E_INVALID_UTF8_EMAIL));
    }
    let mut out = input[..=at].to_vec();
    out.extend(map(&input[at + 1..])?);
    Ok(out)
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
        assert_eq!(map("bücher.example".as_bytes()), Ok(b"xn--bcher-kva.example".to_vec()));
        assert_eq!(map("BÜCHER.example".as_bytes()), Ok(b"xn--bcher-kva.example".to_vec()));
        assert_eq!(map("-bücher.example".as_bytes()), Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING)));
        assert_eq!(map("b\u{fc}/cher.example".as_bytes()), Err(Error::new(GNUTLS_E_INVALID_UTF8_STRING)));
    }
}

/// GnuTLS's `gnutls_idna_reverse_map` (libidn2's lookup to Unicode): every "xn--" label of
/// the name decoded from Punycode, the other labels as they are; a label that does not
/// decode fails the name with GNUTLS_E_INVALID_UTF8_STRING.
pub fn reverse_map(input: &[u8]) -> Result<Vec<u8>, Error> {
    let text = std::str::from_utf8(input).map_err(|_| Error::new(GNUTLS_E_INVALID_UTF8_STRING))?;
    let mut labels = Vec::new();
    for label in text.split('.') {
        match label.get(..4) {
            Some(prefix) if prefix.eq_ignore_ascii_case("xn--") => {
                let decoded = idna::punycode::decode_to_string(&label[4..]).ok_or(Error::new(GNUTLS_E_INVALID_UTF8_STRING))?;
                labels.push(decoded);
            }
            _ => labels.push(label.to_string()),
        }
    }
    Ok(labels.join(".").into_bytes())
}

/// `_gnutls_idna_email_reverse_map`: the domain of an address reverse-mapped, the local part
/// (printable ASCII) kept.
pub fn email_reverse_map(input: &[u8]) -> Result<Vec<u8>, Error> {
    let at = input.iter().position(|&b| b == b'@' || b == 0);
    let Some(at) = at.filter(|&i| input[i] == b'@') else { return Err(Error::new(GNUTLS_E_INVALID_UTF8_EMAIL)) };
    if !input[..at].iter().all(|b| (0x20..0x7f).contains(b)) {
        return Err(Error::new(GNUTLS_E_INVALID_UTF8_EMAIL));
    }
    let mut out = input[..=at].to_vec();
    out.extend_from_slice(&reverse_map(&input[at + 1..])?);
    Ok(out)
}

#[cfg(test)]
mod reverse_tests {
    #[test]
    fn punycode_labels_decode() {
        assert_eq!(super::reverse_map(b"xn--bcher-kva.example").unwrap(), "bücher.example".as_bytes());
        assert_eq!(super::reverse_map(b"plain.example").unwrap(), b"plain.example");
        assert_eq!(super::email_reverse_map(b"a@xn--bcher-kva.example").unwrap(), "a@bücher.example".as_bytes());
    }
}
