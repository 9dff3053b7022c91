//! Hello extensions as raw bytes (manual: "TLS Hello Extension handling"): the walk that
//! `gnutls_ext_raw_parse` offers programs which inspect a ClientHello themselves, e.g. to
//! pick a certificate by SNI before the handshake.

use crate::constants::*;
use crate::errors::Error;

/// What the bytes handed to the walk begin with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExtensionsIn {
    /// The extensions block itself: a two-byte length, then the extensions.
    Block,
    /// A TLS ClientHello body (no handshake header): the block follows its fixed fields.
    TlsClientHello,
    /// A DTLS ClientHello body, which has a cookie after the session id.
    DtlsClientHello,
}

/// Bytes from a cursor; running short is GnuTLS's `DECR_LEN` answer.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, short: Error) -> Result<&'a [u8], Error> {
        if self.rest.len() < n {
            return Err(short);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn vector8(&mut self) -> Result<&'a [u8], Error> {
        let len = self.take(1, HELLO_SHORT)?[0] as usize;
        self.take(len, HELLO_SHORT)
    }

    fn u16(&mut self, short: Error) -> Result<u16, Error> {
        let b = self.take(2, short)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
}

const HELLO_SHORT: Error = Error::new(GNUTLS_E_UNEXPECTED_PACKET_LENGTH);
const BLOCK_BAD: Error = Error::new(GNUTLS_E_UNEXPECTED_EXTENSIONS_LENGTH);

/// The extensions block of `data`, skipping a ClientHello's fixed fields first. A hello
/// with no extensions at all is GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE, as in GnuTLS.
fn extensions_block(data: &[u8], kind: ExtensionsIn) -> Result<&[u8], Error> {
    let (major, has_cookie) = match kind {
        ExtensionsIn::Block => return Ok(data),
        ExtensionsIn::TlsClientHello => (3, false),
        ExtensionsIn::DtlsClientHello => (254, true),
    };
    let mut r = Reader { rest: data };
    // legacy_version and random
    let fixed = r.take(34, HELLO_SHORT)?;
    if fixed[0] != major {
        return Err(Error::new(GNUTLS_E_UNSUPPORTED_VERSION_PACKET));
    }
    r.vector8()?; // session id
    if has_cookie {
        r.vector8()?;
    }
    let suites = r.u16(HELLO_SHORT)? as usize;
    r.take(suites, HELLO_SHORT)?;
    r.vector8()?; // compression methods
    if r.rest.is_empty() {
        return Err(Error::REQUESTED_DATA_NOT_AVAILABLE);
    }
    Ok(r.rest)
}

/// Walks the extensions in `data`, handing each (type, body) to `visit` in wire order; a
/// negative answer from `visit` stops the walk and is returned. As in GnuTLS, a malformed
/// extension found later does not undo the visits already made.
pub fn walk_extensions(
    data: &[u8],
    kind: ExtensionsIn,
    mut visit: impl FnMut(u16, &[u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    let block = extensions_block(data, kind)?;
    if block.is_empty() {
        return Ok(());
    }
    let mut r = Reader { rest: block };
    let total = r.u16(BLOCK_BAD)? as usize;
    let mut list = Reader { rest: r.take(total, BLOCK_BAD)? };
    if !r.rest.is_empty() {
        return Err(BLOCK_BAD);
    }
    while !list.rest.is_empty() {
        let tls_id = list.u16(BLOCK_BAD)?;
        let len = list.u16(BLOCK_BAD)? as usize;
        visit(tls_id, list.take(len, BLOCK_BAD)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(data: &[u8], kind: ExtensionsIn) -> (Result<(), Error>, Vec<(u16, Vec<u8>)>) {
        let mut seen = Vec::new();
        let r = walk_extensions(data, kind, |id, body| {
            seen.push((id, body.to_vec()));
            Ok(())
        });
        (r, seen)
    }

    #[test]
    fn block_in_wire_order() {
        let block = [0, 9, 0, 0, 0, 1, 7, 0x33, 0x33, 0, 0];
        let (r, seen) = collect(&block, ExtensionsIn::Block);
        assert_eq!(r, Ok(()));
        assert_eq!(seen, vec![(0, vec![7]), (0x3333, vec![])]);
    }

    #[test]
    fn trailing_and_short_blocks_are_refused() {
        assert_eq!(collect(&[0, 0, 1], ExtensionsIn::Block).0, Err(BLOCK_BAD));
        assert_eq!(collect(&[0, 5, 0, 0, 0, 9, 1], ExtensionsIn::Block).0, Err(BLOCK_BAD));
        // the first extension is visited before the broken second one is found
        let (r, seen) = collect(&[0, 6, 0, 1, 0, 0, 0, 2], ExtensionsIn::Block);
        assert_eq!((r, seen.len()), (Err(BLOCK_BAD), 1));
    }

    #[test]
    fn client_hello_fields_are_skipped() {
        let mut hello = vec![3, 3];
        hello.extend([0u8; 32]);
        hello.extend([1, 0xaa]); // session id
        hello.extend([0, 2, 0x13, 0x01]);
        hello.extend([1, 0]);
        let (r, _) = collect(&hello, ExtensionsIn::TlsClientHello);
        assert_eq!(r, Err(Error::REQUESTED_DATA_NOT_AVAILABLE));
        hello.extend([0, 4, 0, 43, 0, 0]);
        let (r, seen) = collect(&hello, ExtensionsIn::TlsClientHello);
        assert_eq!((r, seen), (Ok(()), vec![(43, vec![])]));
        assert_eq!(
            collect(&hello, ExtensionsIn::DtlsClientHello).0,
            Err(Error::new(GNUTLS_E_UNSUPPORTED_VERSION_PACKET))
        );
        assert_eq!(collect(&hello[..20], ExtensionsIn::TlsClientHello).0, Err(HELLO_SHORT));
    }
}
