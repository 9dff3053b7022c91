//! Hex text to bytes, in GnuTLS's two manners: the strict one of `gnutls_hex_decode` (RustCrypto's
//! `base16ct`: digits only, an even count) and the lenient one of `gnutls_hex2bin`
//! (lib/str.c), which skips whatever is not a digit, such as the ':' of "00:ff".

use crate::constants::*;
use crate::errors::Error;

/// Either case of digits, an even number of them and nothing else.
pub fn decode_strict(hex: &[u8]) -> Result<Vec<u8>, Error> {
    base16ct::mixed::decode_vec(hex).map_err(|_| Error::new(GNUTLS_E_PARSING_ERROR))
}

/// What `gnutls_hex2bin` reads out of some text.
#[derive(Debug, PartialEq, Eq)]
pub struct Separated {
    pub bytes: Vec<u8>,
    /// The text ends in a digit that starts a byte but has nothing after it.
    pub unpaired_digit: bool,
}

/// GnuTLS's walk: a byte starts at each digit and takes the character after it whatever it
/// is (as `strtoul` of those two reads it, "a:" is 0x0a); characters between bytes that
/// are not digits are skipped.
pub fn decode_separated(text: &[u8]) -> Separated {
    let mut bytes = Vec::with_capacity(text.len() / 2);
    let mut i = 0;
    while i < text.len() {
        let Some(high) = digit(text[i]) else {
            i += 1;
            continue;
        };
        let Some(&next) = text.get(i + 1) else {
            return Separated { bytes, unpaired_digit: true };
        };
        bytes.push(match digit(next) {
            Some(low) => high << 4 | low,
            None => high,
        });
        i += 2;
    }
    Separated { bytes, unpaired_digit: false }
}

fn digit(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_skipped_and_a_lone_second_character_ends_a_byte() {
        assert_eq!(decode_separated(b"00:FF ab").bytes, [0x00, 0xff, 0xab]);
        assert_eq!(decode_separated(b"a:b:c").bytes, [0x0a, 0x0b]);
        assert!(decode_separated(b"a:b:c").unpaired_digit);
        assert_eq!(decode_separated(b"").bytes, [] as [u8; 0]);
        assert_eq!(decode_separated(b"0x12").bytes, [0x00, 0x12]);
    }

    #[test]
    fn strict_decoding_refuses_separators_and_odd_lengths() {
        assert_eq!(decode_strict(b"0aFf").unwrap(), [0x0a, 0xff]);
        assert!(decode_strict(b"0a:ff").is_err());
        assert!(decode_strict(b"abc").is_err());
    }
}
