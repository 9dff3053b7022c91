//! GnuTLS's growable byte buffer (`gnutls_buffer_st`, lib/str.h), which libgnutls-dane keeps on
//! its stack and fills through the `_gnutls_buffer_*` helpers. The layout is GnuTLS's, the
//! memory is `gnutls_malloc`'s (libc), so what `to_datum` hands out is freed with `gnutls_free`.
//!
//! `allocd` is the allocation, `data` the start of the unread bytes inside it (reads move it
//! forward), `max_length` the allocation's size and `length` the unread byte count.

use crate::errors::Error;
use super::types::gnutls_datum_t;

/// GnuTLS grows buffers by at least this much (lib/str.c's `MIN_CHUNK`).
const MIN_CHUNK: usize = 1024;

/// `gnutls_buffer_st`. The fields are private: an instance either comes from `new` or from a
/// C caller (borrowing it from a raw pointer is the unsafe step), and in both cases they
/// describe a libc allocation, or NULL.
#[repr(C)]
#[derive(Debug)]
pub struct gnutls_buffer_st {
    allocd: *mut u8,
    data: *mut u8,
    max_length: usize,
    length: usize,
}

impl gnutls_buffer_st {
    pub const fn new() -> Self {
        gnutls_buffer_st { allocd: std::ptr::null_mut(), data: std::ptr::null_mut(), max_length: 0, length: 0 }
    }

    /// `_gnutls_buffer_init`: empty, owning nothing (any previous allocation is not freed).
    pub fn init(&mut self) {
        *self = Self::new();
    }

    /// `_gnutls_buffer_clear`: frees the allocation.
    pub fn clear(&mut self) {
        if self.allocd.is_null() {
            return;
        }
        // SAFETY: allocd is a libc allocation owned by the buffer (type invariant).
        unsafe { libc::free(self.allocd as *mut libc::c_void) };
        *self = Self::new();
    }

    /// The unread bytes.
    pub fn as_slice(&self) -> &[u8] {
        if self.length == 0 || self.data.is_null() {
            return &[];
        }
        // SAFETY: data..data+length lies inside the allocation (type invariant).
        unsafe { std::slice::from_raw_parts(self.data, self.length) }
    }

    fn offset(&self) -> usize {
        if self.allocd.is_null() {
            0
        } else {
            self.data as usize - self.allocd as usize
        }
    }

    fn check(&self) -> Result<(), Error> {
        // GnuTLS refuses a buffer pointing at data it does not own.
        if !self.data.is_null() && self.allocd.is_null() {
            return Err(Error::INVALID_REQUEST);
        }
        Ok(())
    }

    /// Moves the unread bytes to the start of the allocation.
    fn align(&mut self) {
        if self.length > 0 && self.data != self.allocd {
            // SAFETY: both ranges lie inside the allocation; memmove semantics.
            unsafe { std::ptr::copy(self.data, self.allocd, self.length) };
        }
        self.data = self.allocd;
    }

    /// `_gnutls_buffer_resize`: room for `new_size` unread bytes, grown as GnuTLS grows it.
    fn reserve(&mut self, new_size: usize) -> Result<(), Error> {
        self.check()?;
        if self.max_length >= new_size {
            if self.max_length - self.offset() <= new_size {
                self.align();
            }
            return Ok(());
        }
        let offset = self.offset();
        let alloc_len = new_size
            .max(MIN_CHUNK)
            .checked_add(self.max_length.max(MIN_CHUNK))
            .ok_or(Error::MEMORY)?;
        // SAFETY: allocd is NULL or a libc allocation owned by the buffer.
        let p = unsafe { libc::realloc(self.allocd as *mut libc::c_void, alloc_len) } as *mut u8;
        if p.is_null() {
            return Err(Error::MEMORY);
        }
        self.allocd = p;
        self.max_length = alloc_len;
        // SAFETY: offset <= the old size < alloc_len.
        self.data = unsafe { p.add(offset) };
        self.align();
        Ok(())
    }

    /// `gnutls_buffer_append_data`.
    pub fn append(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.check()?;
        if bytes.is_empty() {
            return Ok(());
        }
        let total = self.length.checked_add(bytes.len()).ok_or(Error::MEMORY)?;
        self.reserve(total)?;
        // SAFETY: reserve left room for `total` bytes from data; bytes is not inside the
        // buffer's spare room (it is a caller's slice of initialised memory).
        unsafe { std::ptr::copy(bytes.as_ptr(), self.data.add(self.length), bytes.len()) };
        self.length = total;
        Ok(())
    }

    /// `_gnutls_buffer_append_str`: appends the text and a NUL that is not counted.
    pub fn append_str(&mut self, text: &[u8]) -> Result<(), Error> {
        self.check()?;
        let total = self.length.checked_add(text.len() + 1).ok_or(Error::MEMORY)?;
        self.reserve(total)?;
        // SAFETY: as in append, with room for the NUL.
        unsafe {
            std::ptr::copy(text.as_ptr(), self.data.add(self.length), text.len());
            *self.data.add(self.length + text.len()) = 0;
        }
        self.length += text.len();
        Ok(())
    }

    /// `_gnutls_buffer_to_datum`: hands the unread bytes over as a `gnutls_free`able datum
    /// (with a NUL after them, not counted, when `is_str`); the buffer is left empty, whether
    /// this fails or not. No bytes give `{NULL, 0}`.
    pub fn to_datum(&mut self, is_str: bool) -> Result<gnutls_datum_t, Error> {
        let r = self.take_datum(is_str);
        self.clear(); // a no-op when the allocation was handed over
        r
    }

    fn take_datum(&mut self, is_str: bool) -> Result<gnutls_datum_t, Error> {
        if self.length == 0 {
            return Ok(gnutls_datum_t { data: std::ptr::null_mut(), size: 0 });
        }
        if is_str {
            self.append(&[0])?;
        }
        let counted = self.length - is_str as usize;
        let size = libc::c_uint::try_from(counted).map_err(|_| Error::MEMORY)?;
        if self.data != self.allocd {
            // SAFETY: a fresh allocation of `length` bytes, filled from the buffer.
            let p = unsafe { libc::malloc(self.length) } as *mut u8;
            if p.is_null() {
                return Err(Error::MEMORY);
            }
            unsafe { std::ptr::copy_nonoverlapping(self.data, p, self.length) };
            Ok(gnutls_datum_t { data: p, size })
        } else {
            // The allocation itself changes hands.
            let d = gnutls_datum_t { data: self.allocd, size };
            *self = Self::new();
            Ok(d)
        }
    }

    /// `_gnutls_buffer_pop_datum`: the next `max` unread bytes (fewer if there are fewer), as a
    /// datum pointing into the buffer (valid until the buffer changes); they count as read.
    pub fn pop_datum(&mut self, max: usize) -> gnutls_datum_t {
        if self.length == 0 {
            return gnutls_datum_t { data: std::ptr::null_mut(), size: 0 };
        }
        let n = max.min(self.length).min(libc::c_uint::MAX as usize);
        let d = gnutls_datum_t { data: self.data, size: n as libc::c_uint };
        // SAFETY: n <= length, so data+n stays inside the allocation.
        self.data = unsafe { self.data.add(n) };
        self.length -= n;
        if self.length == 0 {
            self.data = self.allocd;
        }
        d
    }

    /// `_gnutls_buffer_unescape`: decodes `%XX` escapes and `%%` in place (see `unescape`).
    pub fn unescape(&mut self) {
        let decoded = unescape(self.as_slice());
        // SAFETY: decoding never lengthens, so the bytes fit where the old ones were.
        unsafe { std::ptr::copy(decoded.as_ptr(), self.data, decoded.len()) };
        self.length = decoded.len();
    }
}

impl Default for gnutls_buffer_st {
    fn default() -> Self {
        Self::new()
    }
}

/// GnuTLS's percent-decoding (lib/str.c): `%XX` with two hex digits becomes that byte, `%%`
/// becomes `%`, anything else stays; a decoded byte is never decoded again.
pub fn unescape(input: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|v| v as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' {
            if input.get(i + 1) == Some(&b'%') {
                out.push(b'%');
                i += 2;
                continue;
            }
            if i + 2 < input.len() {
                if let (Some(h), Some(l)) = (hex(input[i + 1]), hex(input[i + 2])) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(input[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take(d: gnutls_datum_t) -> Vec<u8> {
        if d.data.is_null() {
            return vec![];
        }
        let v = unsafe { std::slice::from_raw_parts(d.data, d.size as usize + 1) }.to_vec();
        unsafe { libc::free(d.data as *mut libc::c_void) };
        v
    }

    #[test]
    fn strings_accumulate_and_leave_as_a_nul_terminated_datum() {
        let mut b = gnutls_buffer_st::new();
        b.append_str(b"_443._tcp.").unwrap();
        b.append_str(b"example.com").unwrap();
        assert_eq!(b.as_slice(), b"_443._tcp.example.com");
        assert_eq!(b.max_length, 2 * MIN_CHUNK);
        let d = b.to_datum(true).unwrap();
        assert_eq!(d.size, 21);
        assert_eq!(take(d), b"_443._tcp.example.com\0");
        assert!(b.allocd.is_null() && b.data.is_null() && b.length == 0 && b.max_length == 0);
    }

    #[test]
    fn an_empty_buffer_gives_a_null_datum() {
        let mut b = gnutls_buffer_st::new();
        let d = b.to_datum(true).unwrap();
        assert!(d.data.is_null() && d.size == 0);
        b.append_str(b"").unwrap();
        let d = b.to_datum(false).unwrap();
        assert!(d.data.is_null() && d.size == 0);
        assert!(b.allocd.is_null(), "the empty buffer's allocation is freed");
    }

    #[test]
    fn growth_follows_gnutls() {
        let mut b = gnutls_buffer_st::new();
        b.append(&[7; 10]).unwrap();
        assert_eq!(b.max_length, 2048);
        b.append(&[8; 3000]).unwrap();
        assert_eq!(b.max_length, 3010 + 2048);
        assert_eq!(b.length, 3010);
        assert_eq!(&b.as_slice()[8..12], &[7, 7, 8, 8]);
        b.clear();
        assert_eq!(b.as_slice(), b"");
    }

    #[test]
    fn popping_reads_forward_and_to_datum_copies_what_is_left() {
        let mut b = gnutls_buffer_st::new();
        b.append(b"abcdef").unwrap();
        let d = b.pop_datum(2);
        assert_eq!(unsafe { std::slice::from_raw_parts(d.data, d.size as usize) }, b"ab");
        assert_eq!(b.as_slice(), b"cdef");
        let d = b.to_datum(false).unwrap();
        assert_eq!(&take(d)[..4], b"cdef");
        assert!(b.allocd.is_null());
        // Reading everything rewinds to the allocation's start.
        b.append(b"xy").unwrap();
        let d = b.pop_datum(100);
        assert_eq!(d.size, 2);
        assert_eq!(b.data, b.allocd);
        assert!(b.pop_datum(1).data.is_null());
        b.clear();
    }

    #[test]
    fn a_buffer_with_foreign_data_is_refused() {
        let mut byte = 0u8;
        let mut b = gnutls_buffer_st { allocd: std::ptr::null_mut(), data: &mut byte, max_length: 0, length: 1 };
        assert_eq!(b.append(b"x"), Err(Error::INVALID_REQUEST));
        assert_eq!(b.append_str(b"x"), Err(Error::INVALID_REQUEST));
        assert_eq!(b.append(b""), Err(Error::INVALID_REQUEST));
    }

    #[test]
    fn unescaping_follows_gnutls() {
        assert_eq!(unescape(b"a%41b"), b"aAb");
        assert_eq!(unescape(b"100%%"), b"100%");
        assert_eq!(unescape(b"%2541"), b"%41", "a decoded % starts no escape");
        assert_eq!(unescape(b"%zz%4"), b"%zz%4");
        assert_eq!(unescape(b"x%41"), b"xA");
        assert_eq!(unescape(b"x%4"), b"x%4");
        assert_eq!(unescape(b"%"), b"%");
        assert_eq!(unescape(b"%41%42."), b"AB.");
        let mut b = gnutls_buffer_st::new();
        b.append(b"pin%3d1234&").unwrap();
        b.unescape();
        assert_eq!(b.as_slice(), b"pin=1234&");
        b.clear();
    }
}
