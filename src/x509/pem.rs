//! GnuTLS's PEM and base64 helpers (lib/x509_b64.c): `gnutls_pem_base64_*` and
//! `gnutls_base64_*`, on base64ct.

use base64ct::{Base64, Encoding};

use crate::constants::*;
use crate::errors::Error;

/// `_gnutls_fbase64_encode`: "-----BEGIN MSG-----", 64-column lines, "-----END MSG-----",
/// each line ended by '\n'; without a message, the bare base64 on one line.
pub fn encode(msg: Option<&str>, data: &[u8]) -> Result<Vec<u8>, Error> {
    let msg = msg.filter(|m| !m.is_empty());
    if msg.is_some_and(|m| m.len() > 50) {
        return Err(Error::new(GNUTLS_E_BASE64_ENCODING_ERROR));
    }
    let mut out = Vec::new();
    if let Some(m) = msg {
        out.extend_from_slice(format!("-----BEGIN {m}-----\n").as_bytes());
    }
    for chunk in data.chunks(48) {
        out.extend_from_slice(Base64::encode_string(chunk).as_bytes());
        if msg.is_some() {
            out.push(b'\n');
        }
    }
    if let Some(m) = msg {
        out.extend_from_slice(format!("-----END {m}-----\n").as_bytes());
    }
    Ok(out)
}

/// `_gnutls_base64_decode`: base64 with whitespace skipped, up to a '-'.
pub fn decode_raw(data: &[u8]) -> Result<Vec<u8>, Error> {
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let text: Vec<u8> = data
        .iter()
        .copied()
        .take_while(|&b| b != b'-')
        .filter(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .collect();
    let decoded = Base64::decode_vec(std::str::from_utf8(&text).map_err(|_| Error::new(GNUTLS_E_BASE64_DECODING_ERROR))?)
        .map_err(|_| Error::new(GNUTLS_E_BASE64_DECODING_ERROR))?;
    if decoded.is_empty() {
        return Err(Error::new(GNUTLS_E_BASE64_DECODING_ERROR));
    }
    Ok(decoded)
}

/// Where `needle` first stands in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `_gnutls_fbase64_decode`: the contents of the first "-----BEGIN HEADER" block (any
/// block without a header).
pub fn decode(header: Option<&str>, data: &[u8]) -> Result<Vec<u8>, Error> {
    let begin = format!("-----BEGIN {}", header.unwrap_or(""));
    let start = find(data, begin.as_bytes()).ok_or(Error::new(GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR))?;
    let rest = &data[start..];
    if rest.len() < 4 + "-----END ".len() {
        return Err(Error::new(GNUTLS_E_BASE64_DECODING_ERROR));
    }
    // The dashes that close the BEGIN line.
    let dashes = find(&rest[1..], b"-----").ok_or(Error::new(GNUTLS_E_BASE64_DECODING_ERROR))? + 1;
    let body = &rest[dashes + 5..];
    let end = find(body, b"-----END ").ok_or(Error::new(GNUTLS_E_BASE64_DECODING_ERROR))?;
    if end < 4 {
        return Err(Error::new(GNUTLS_E_BASE64_DECODING_ERROR));
    }
    decode_raw(&body[..end]).map_err(|_| Error::new(GNUTLS_E_BASE64_DECODING_ERROR))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_gnutls_layout() {
        let data: Vec<u8> = (0..100u8).collect();
        let pem = encode(Some("TEST"), &data).unwrap();
        let text = String::from_utf8(pem.clone()).unwrap();
        assert!(text.starts_with("-----BEGIN TEST-----\n") && text.ends_with("-----END TEST-----\n"));
        assert_eq!(text.lines().nth(1).unwrap().len(), 64);
        assert_eq!(decode(Some("TEST"), &pem).unwrap(), data);
        assert_eq!(decode(None, &pem).unwrap(), data);
        assert_eq!(decode(Some("OTHER"), &pem).unwrap_err().code(), GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR);
        let raw = encode(None, &data).unwrap();
        assert!(!raw.contains(&b'\n'));
        assert_eq!(decode_raw(&raw).unwrap(), data);
        assert!(decode_raw(b"!!!!").is_err());
        assert_eq!(encode(Some(&"X".repeat(51)), b"x").unwrap_err().code(), GNUTLS_E_BASE64_ENCODING_ERROR);
    }
}
