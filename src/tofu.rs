//! Trust on first use (GnuTLS manual: "Verifying a certificate using trust on first use
//! authentication"): the known-hosts file of public keys and commitments, in GnuTLS's line
//! format, so that a file written by either library is read by the other.
//!
//! A line is `|g0|host|service|expiration|base64 SubjectPublicKeyInfo` or
//! `|c0|host|service|expiration|hash algorithm id|hex hash`; `*` as host or service
//! matches any, and an expiration of 0 never expires.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64ct::{Base64, Encoding};

use crate::constants::*;
use crate::crypto_api::digest::{self, DigestAlg};
use crate::errors::Error;

/// GnuTLS's default database: `known_hosts` in `$HOME/.gnutls` (the password database's
/// home when HOME is unset or empty; the current directory when there is neither).
pub fn default_db() -> PathBuf {
    config_dir().map_or_else(|| PathBuf::from("known_hosts"), |d| d.join("known_hosts"))
}

/// `$HOME/.gnutls`, created (mode 0700) when a key is stored there, as GnuTLS does.
pub fn default_db_for_storing() -> PathBuf {
    if let Some(dir) = config_dir() {
        use std::os::unix::fs::DirBuilderExt;
        let _ = std::fs::DirBuilder::new().mode(0o700).create(&dir);
    }
    default_db()
}

fn config_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from).or_else(password_home)?;
    Some(home.join(".gnutls"))
}

fn password_home() -> Option<PathBuf> {
    // SAFETY: getpwuid_r fills `pwd` with pointers into `buf`, which outlives their use here.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let mut buf = [0 as libc::c_char; 1024];
        let rc = libc::getpwuid_r(libc::getuid(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found);
        if rc != 0 || found.is_null() || pwd.pw_dir.is_null() {
            return None;
        }
        let dir = std::ffi::CStr::from_ptr(pwd.pw_dir);
        Some(PathBuf::from(std::ffi::OsStr::from_encoded_bytes_unchecked(dir.to_bytes())))
    }
}

/// Serialises appends from this process's threads, as GnuTLS's file mutex does.
static FILE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn append(db: &Path, line: &str) -> Result<(), Error> {
    let _held = FILE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut file = std::fs::OpenOptions::new().append(true).create(true).open(db).map_err(|_| Error::new(GNUTLS_E_FILE_ERROR))?;
    file.write_all(line.as_bytes()).map_err(|_| Error::new(GNUTLS_E_FILE_ERROR))
}

/// Appends a public key (DER SubjectPublicKeyInfo) for host and service (None: any).
pub fn store_pubkey(db: &Path, host: Option<&str>, service: Option<&str>, expiration: i64, spki: &[u8]) -> Result<(), Error> {
    let line = format!("|g0|{}|{}|{}|{}\n", host.unwrap_or("*"), service.unwrap_or("*"), expiration as u64, Base64::encode_string(spki));
    append(db, &line)
}

/// Appends a commitment: the hash of a public key, made by `hash_algo`.
pub fn store_commitment(db: &Path, host: Option<&str>, service: Option<&str>, expiration: i64, hash_algo: u32, hash: &[u8]) -> Result<(), Error> {
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let line = format!("|c0|{}|{}|{}|{}|{}\n", host.unwrap_or("*"), service.unwrap_or("*"), expiration as u64, hash_algo, hex);
    append(db, &line)
}

/// `gnutls_store_commitment`'s checks of the hash: a known algorithm, its length, and one
/// that resists preimages unless the program allows a broken one. GnuTLS 3.7.9 answers
/// GNUTLS_E_INVALID_REQUEST for an unknown algorithm (its source reads as
/// GNUTLS_E_ILLEGAL_PARAMETER; the library says otherwise).
pub fn check_commitment(hash_algo: u32, hash: &[u8], allow_broken: bool) -> Result<(), Error> {
    let alg = DigestAlg::from_id(hash_algo).ok_or(Error::INVALID_REQUEST)?;
    let broken = matches!(alg, DigestAlg::Md5 | DigestAlg::Md5Sha1 | DigestAlg::Md2 | DigestAlg::Gostr94);
    if broken && !allow_broken {
        return Err(Error::new(GNUTLS_E_INSUFFICIENT_SECURITY));
    }
    if alg.output_len() != hash.len() {
        return Err(Error::INVALID_REQUEST);
    }
    Ok(())
}

/// What one line says of a key for host and service.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The line is about this host and service and holds this key.
    Matches,
    /// The line is about this host and service, with another key.
    Mismatch,
    /// The line is about something else, expired, or unreadable.
    Other,
}

fn read_line(line: &str, host: Option<&str>, service: Option<&str>, now: i64, spki: &[u8], b64: &str) -> Line {
    // GnuTLS splits with strtok, which skips empty fields.
    let mut fields = line.split('|').filter(|f| !f.is_empty());
    let names_match = |field: Option<&str>, want: Option<&str>| match (field, want) {
        (None, _) => false,
        (Some(f), Some(w)) => f.starts_with('*') || f == w,
        (Some(_), None) => true,
    };
    let commitment = match fields.next() {
        Some(v) if v.starts_with("c0") => true,
        Some(v) if v.starts_with("g0") => false,
        _ => return Line::Other,
    };
    if !names_match(fields.next(), host) || !names_match(fields.next(), service) {
        return Line::Other;
    }
    let Some(expiration) = fields.next().map(atol) else { return Line::Other };
    if expiration > 0 && now > expiration {
        return Line::Other;
    }
    let want = if commitment {
        let Some(alg) = fields.next().map(atol).and_then(|id| u32::try_from(id).ok()).and_then(DigestAlg::from_id) else {
            return Line::Other;
        };
        digest::digest(alg, spki).iter().map(|b| format!("{b:02x}")).collect()
    } else {
        b64.to_owned()
    };
    let Some(key) = fields.next() else { return Line::Other };
    let key = key.split(['\n', ' ', '\r', '\t']).next().unwrap_or("");
    if key == want {
        Line::Matches
    } else {
        Line::Mismatch
    }
}

/// C's `atol`: leading blanks, a sign and digits; 0 when there are none.
fn atol(s: &str) -> i64 {
    let s = s.trim_start();
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |v| sign * v)
}

/// Looks a public key up: Ok if a live line for host and service holds it (or its
/// commitment), GNUTLS_E_CERTIFICATE_KEY_MISMATCH if only other keys are recorded for
/// them, GNUTLS_E_NO_CERTIFICATE_FOUND if none is, GNUTLS_E_FILE_ERROR without a file.
pub fn verify_pubkey(db: &Path, host: Option<&str>, service: Option<&str>, spki: &[u8]) -> Result<(), Error> {
    let data = std::fs::read(db).map_err(|_| Error::new(GNUTLS_E_FILE_ERROR))?;
    let b64 = Base64::encode_string(spki);
    let now = crate::global::now();
    let mut mismatch = false;
    for line in data.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        match read_line(&line, host, service, now, spki, &b64) {
            Line::Matches => return Ok(()),
            Line::Mismatch => mismatch = true,
            Line::Other => {}
        }
    }
    Err(Error::new(if mismatch { GNUTLS_E_CERTIFICATE_KEY_MISMATCH } else { GNUTLS_E_NO_CERTIFICATE_FOUND }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(name: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("tofu-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&p);
        p
    }

    #[test]
    fn a_stored_key_is_found_and_another_mismatches() {
        let p = db("keys");
        store_pubkey(&p, Some("example.com"), Some("443"), 0, b"key one").unwrap();
        assert_eq!(verify_pubkey(&p, Some("example.com"), Some("443"), b"key one"), Ok(()));
        assert_eq!(verify_pubkey(&p, Some("example.com"), Some("443"), b"key two"), Err(Error::new(GNUTLS_E_CERTIFICATE_KEY_MISMATCH)));
        assert_eq!(verify_pubkey(&p, Some("other.org"), Some("443"), b"key one"), Err(Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND)));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "|g0|example.com|443|0|a2V5IG9uZQ==\n");
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn commitments_wildcards_and_expiry() {
        let p = db("commit");
        let hash = digest::digest(DigestAlg::Sha256, b"key");
        store_commitment(&p, None, None, 0, GNUTLS_DIG_SHA256 as u32, &hash).unwrap();
        assert_eq!(verify_pubkey(&p, Some("any.host"), Some("25"), b"key"), Ok(()));
        let q = db("expired");
        store_pubkey(&q, Some("h"), None, 1, b"key").unwrap();
        assert_eq!(verify_pubkey(&q, Some("h"), Some("x"), b"key"), Err(Error::new(GNUTLS_E_NO_CERTIFICATE_FOUND)));
        assert_eq!(verify_pubkey(&db("absent"), Some("h"), None, b"key"), Err(Error::new(GNUTLS_E_FILE_ERROR)));
        let _ = (std::fs::remove_file(&p), std::fs::remove_file(&q));
    }

    #[test]
    fn commitment_checks() {
        assert_eq!(check_commitment(GNUTLS_DIG_MD5 as u32, &[0; 16], false), Err(Error::new(GNUTLS_E_INSUFFICIENT_SECURITY)));
        assert_eq!(check_commitment(GNUTLS_DIG_MD5 as u32, &[0; 16], true), Ok(()));
        assert_eq!(check_commitment(GNUTLS_DIG_SHA256 as u32, &[0; 16], false), Err(Error::INVALID_REQUEST));
        assert_eq!(check_commitment(999, &[0; 16], false), Err(Error::INVALID_REQUEST));
    }

    #[test]
    fn garbage_lines_are_skipped() {
        for line in ["", "|", "||||", "|g0|", "|g0|h|s|x", "|c0|h|s|0|77|aa", "|zz|h|s|0|k"] {
            assert_eq!(read_line(line, Some("h"), Some("s"), 0, b"k", "aw=="), Line::Other, "{line}");
        }
    }
}
