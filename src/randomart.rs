//! The "random art" of a fingerprint (OpenSSH's drunken bishop), as GnuTLS 3.7.9 draws it for
//! `gnutls_random_art` (lib/extras/randomart.c): a worm walks a 17x9 field two bits of the
//! fingerprint at a time, and the cells show how often it passed, framed by a border that
//! names the key.

const WIDTH: usize = 17;
const HEIGHT: usize = 9;
/// The cell symbols by visit count; the last two mark the start and the end of the walk.
const SYMBOLS: &[u8; 17] = b" .o+=*BOX@%&#/^SE";
const START: u8 = 15;
const END: u8 = 16;
/// Visits are counted up to this, GnuTLS's `len - 2`.
const MAX_VISITS: u8 = 14;

/// The picture, without a trailing newline. `key_type` is what GnuTLS prints with "%4s";
/// a key size of 0 is left out of the header.
pub fn openssh(fingerprint: &[u8], key_type: &[u8], key_size: u32) -> Vec<u8> {
    let mut field = [[0u8; HEIGHT]; WIDTH];
    let (mut x, mut y) = (WIDTH / 2, HEIGHT / 2);
    for &byte in fingerprint {
        let mut input = byte;
        for _ in 0..4 {
            x = if input & 1 != 0 { (x + 1).min(WIDTH - 1) } else { x.saturating_sub(1) };
            y = if input & 2 != 0 { (y + 1).min(HEIGHT - 1) } else { y.saturating_sub(1) };
            if field[x][y] < MAX_VISITS {
                field[x][y] += 1;
            }
            input >>= 2;
        }
    }
    field[WIDTH / 2][HEIGHT / 2] = START;
    field[x][y] = END;

    // "+--[%4s%s]" with " %4u", cut as GnuTLS's snprintf into 17 bytes cuts it.
    let mut header = b"+--[".to_vec();
    header.extend(std::iter::repeat(b' ').take(4usize.saturating_sub(key_type.len())));
    header.extend_from_slice(key_type);
    if key_size > 0 {
        header.extend_from_slice(format!(" {key_size:4}").as_bytes());
    }
    header.push(b']');
    header.truncate(WIDTH - 1);

    let mut out = Vec::with_capacity((WIDTH + 3) * (HEIGHT + 2));
    let dashes = WIDTH + 1 - header.len();
    out.extend_from_slice(&header);
    out.extend(std::iter::repeat(b'-').take(dashes));
    out.extend_from_slice(b"+\n");
    for row in 0..HEIGHT {
        out.push(b'|');
        for column in field.iter() {
            out.push(SYMBOLS[usize::from(column[row])]);
        }
        out.extend_from_slice(b"|\n");
    }
    out.push(b'+');
    out.extend(std::iter::repeat(b'-').take(WIDTH));
    out.push(b'+');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_fingerprint_starts_and_ends_in_the_middle() {
        let art = String::from_utf8(openssh(&[], b"RSA", 2048)).unwrap();
        let lines: Vec<&str> = art.lines().collect();
        assert_eq!(lines[0], "+--[ RSA 2048]----+");
        assert_eq!(lines[5], "|        E        |");
        assert_eq!(lines[10], "+-----------------+");
        assert_eq!(lines.len(), 11);
    }

    #[test]
    fn long_headers_are_cut_without_their_bracket() {
        let art = openssh(&[0xff; 4], b"ECDSA-SHA256", 256);
        assert!(art.starts_with(b"+--[ECDSA-SHA256--+\n"));
    }
}
