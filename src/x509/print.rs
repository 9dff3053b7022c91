//! `gnutls_x509_crt_print`: a certificate described for people, in the exact layout of
//! GnuTLS 3.7.9's lib/x509/output.c (FULL, UNSIGNED_FULL, FULL_NUMBERS, ONELINE, COMPACT);
//! and `gnutls_x509_crl_print`, a revocation list in the same layout.

use super::core::{spki_pk_algorithm, spki_pk_params, Certificate, Extension, PublicKeyParams};
use super::crl::Crl;
use super::ext::{self, GeneralName};
use crate::algorithms;
use crate::constants::*;

/// GnuTLS's print formats.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Full,
    Oneline,
    UnsignedFull,
    Compact,
    FullNumbers,
}

impl Format {
    pub fn from_gnutls(format: u32) -> Format {
        match format {
            GNUTLS_CRT_PRINT_ONELINE => Format::Oneline,
            GNUTLS_CRT_PRINT_UNSIGNED_FULL => Format::UnsignedFull,
            GNUTLS_CRT_PRINT_COMPACT => Format::Compact,
            GNUTLS_CRT_PRINT_FULL_NUMBERS => Format::FullNumbers,
            // Like GnuTLS, any other value prints in full.
            _ => Format::Full,
        }
    }
}

/// The text, without the terminating NUL GnuTLS adds.
pub fn print(cert: &Certificate, format: Format) -> Vec<u8> {
    let mut s = Out::default();
    match format {
        Format::Compact => {
            oneline(&mut s, cert);
            s.push("\n");
            key_id(&mut s, cert.spki());
        }
        Format::Oneline => oneline(&mut s, cert),
        _ => {
            s.push("X.509 Certificate Information:\n");
            full(&mut s, cert, format);
            s.push("Other Information:\n");
            if format != Format::UnsignedFull {
                fingerprints(&mut s, cert);
            }
            key_id(&mut s, cert.spki());
        }
    }
    s.0
}

/// `gnutls_pubkey_print`: the key as certificates print theirs (every format prints it
/// whole, as GnuTLS's), the usage it was given, its ids.
pub fn print_public_key(spki_der: &[u8], bits: u32, key_usage: u32, format: Format) -> Result<Vec<u8>, crate::errors::Error> {
    let spki = <spki::SubjectPublicKeyInfoOwned as der::Decode>::from_der(spki_der).map_err(crate::errors::Error::from_der)?;
    let mut s = Out::default();
    s.push("Public Key Information:\n");
    public_key_named(&mut s, "", &spki, Some(bits), format);
    s.push("\n");
    if key_usage != 0 {
        s.push("Public Key Usage:\n");
        for (bit, label) in KEY_USAGES {
            if key_usage & *bit as u32 != 0 {
                s.push(&format!("\t{label}\n"));
            }
        }
    }
    key_id_with(&mut s, "", &spki);
    Ok(s.0)
}

/// Bytes, not a String: names in certificates need not be UTF-8.
#[derive(Default)]
pub(crate) struct Out(pub(crate) Vec<u8>);

impl Out {
    pub(crate) fn push(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    /// `_gnutls_buffer_hexprint`: lowercase hex, "00" for nothing.
    pub(crate) fn hex(&mut self, b: &[u8]) {
        if b.is_empty() {
            self.push("00");
        }
        for x in b {
            self.push(&format!("{x:02x}"));
        }
    }
    /// `_gnutls_buffer_hexdump`: "aa:bb:..." 16 bytes a line, each line after `spc`.
    pub(crate) fn hexdump(&mut self, b: &[u8], spc: &str) {
        self.push(spc);
        for (j, x) in b.iter().enumerate() {
            if (j + 1) % 16 == 0 {
                self.push(&format!("{x:02x}\n"));
                if j != b.len() - 1 {
                    self.push(spc);
                }
            } else if j == b.len() - 1 {
                self.push(&format!("{x:02x}"));
            } else {
                self.push(&format!("{x:02x}:"));
            }
        }
        if b.len() % 16 != 0 {
            self.push("\n");
        }
    }
    /// `_gnutls_buffer_asciiprint`: printable bytes as they are, others as '.'.
    pub(crate) fn ascii(&mut self, b: &[u8]) {
        for &x in b {
            self.0.push(if (0x20..=0x7e).contains(&x) { x } else { b'.' });
        }
    }
    /// A C string argument of printf: up to the first NUL.
    pub(crate) fn cstr(&mut self, b: &[u8]) {
        let end = b.iter().position(|&x| x == 0).unwrap_or(b.len());
        self.bytes(&b[..end]);
    }
}

fn critical(c: bool) -> &'static str {
    if c {
        "critical"
    } else {
        "not critical"
    }
}

pub(crate) fn strerror(code: i32) -> String {
    crate::errors::message(code).to_string_lossy().into_owned()
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// gmtime: (year, month 1-12, day, hour, minute, second, weekday name).
fn gmtime(t: i64) -> (i64, usize, i64, i64, i64, i64, &'static str) {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m as usize, d, secs / 3600, secs / 60 % 60, secs % 60, DAYS[days.rem_euclid(7) as usize])
}

/// strftime "%a %b %d %H:%M:%S UTC %Y".
pub(crate) fn long_time(t: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = gmtime(t);
    format!("{wd} {} {d:02} {hh:02}:{mm:02}:{ss:02} UTC {y}", MONTHS[m - 1])
}

/// strftime "%Y-%m-%d %H:%M:%S UTC".
fn short_time(t: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = gmtime(t);
    format!("{y}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02} UTC")
}

fn pk_name(spki: &spki::SubjectPublicKeyInfoOwned) -> String {
    let (pk, _) = spki_pk_algorithm(spki);
    match (pk > 0).then(|| algorithms::pk_name(pk as u32)).flatten() {
        Some(n) => n.to_string_lossy().into_owned(),
        None => spki.algorithm.oid.to_string(),
    }
}

fn sign_name(cert: &Certificate) -> (u32, String) {
    let sign = cert.signature_algorithm();
    (sign, sign_text(sign, cert.signature_oid()))
}

fn full(s: &mut Out, cert: &Certificate, format: Format) {
    s.push(&format!("\tVersion: {}\n", cert.version()));
    s.push("\tSerial Number (hex): ");
    s.hex(&cert.serial());
    s.push("\n");
    if format != Format::UnsignedFull {
        match cert.issuer_dn_rfc4514() {
            Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => s.push("\tIssuer:\n"),
            Err(e) => s.push(&format!("error: get_issuer_dn: {}\n", strerror(e))),
            Ok(dn) => s.push(&format!("\tIssuer: {dn}\n")),
        }
    }
    s.push("\tValidity:\n");
    s.push(&format!("\t\tNot Before: {}\n", long_time(cert.activation_time())));
    s.push(&format!("\t\tNot After: {}\n", long_time(cert.expiration_time())));
    match cert.dn_rfc4514() {
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => s.push("\tSubject:\n"),
        Err(e) => s.push(&format!("error: get_dn: {}\n", strerror(e))),
        Ok(dn) => s.push(&format!("\tSubject: {dn}\n")),
    }
    public_key(s, cert.spki(), format);
    unique_ids(s, cert);
    if cert.version() >= 3 {
        extensions(s, &cert.extensions());
    }
    if format != Format::UnsignedFull {
        let (sign, name) = sign_name(cert);
        s.push(&format!("\tSignature Algorithm: {name}\n"));
        if algorithms::sign_pk(sign) == GNUTLS_PK_RSA_PSS {
            match cert.pss_salt_length() {
                Some(salt) => s.push(&format!("\t\tSalt Length: {salt}\n")),
                None => s.push("error: read_pss_params: ASN1 parser: Error in DER parsing.\n"),
            }
        }
        broken_signature_warning(s, sign);
        s.push("\tSignature:\n");
        s.hexdump(cert.signature(), "\t\t");
    }
}

fn public_key(s: &mut Out, spki: &spki::SubjectPublicKeyInfoOwned, format: Format) {
    public_key_named(s, "Subject ", spki, None, format)
}

/// GnuTLS's `print_pubkey` under a name ("Subject " in certificates, none for a bare key);
/// `key_bits` is the size a `gnutls_pubkey_t` reports, which for P-521 depends on where the
/// key came from.
fn public_key_named(s: &mut Out, key_name: &str, spki: &spki::SubjectPublicKeyInfoOwned, key_bits: Option<u32>, format: Format) {
    let (pk, spki_bits) = spki_pk_algorithm(spki);
    let bits = key_bits.unwrap_or(spki_bits);
    let params = spki_pk_params(spki);
    if pk <= 0 || params.is_none() {
        s.push(&format!("\t{key_name}Public Key Algorithm: {}\n", pk_name(spki)));
        return;
    }
    let name = algorithms::pk_name(pk as u32).map_or("unknown".into(), |n| n.to_string_lossy().into_owned());
    s.push(&format!("\t{key_name}Public Key Algorithm: {name}\n"));
    let level = algorithms::pk_bits_to_sec_param(pk as u32, bits);
    s.push(&format!("\tAlgorithm Security Level: {} ({bits} bits)\n", algorithms::sec_param_name(level).to_string_lossy()));
    let numbers = format == Format::FullNumbers;
    let field = |s: &mut Out, label: &str, v: &[u8]| {
        if numbers {
            s.push(&format!("\t\t{label}: "));
            s.hex(v);
            s.push("\n");
        } else {
            s.push(&format!("\t\t{label}:\n"));
            s.hexdump(v, "\t\t\t");
        }
    };
    match params {
        Some(PublicKeyParams::Rsa { m, e }) => {
            field(s, &format!("Modulus (bits {bits})"), &m);
            field(s, &format!("Exponent (bits {})", e.len() * 8), &e);
        }
        Some(PublicKeyParams::Ecc { curve, x, y }) => {
            let curve = algorithms::curve_name(curve).map_or(String::new(), |n| n.to_string_lossy().into_owned());
            s.push(&format!("\t\tCurve:\t{curve}\n"));
            field(s, "X", &x);
            if !y.is_empty() {
                field(s, "Y", &y);
            }
        }
        Some(PublicKeyParams::Dsa { p, q, g, y }) => {
            field(s, &format!("Public key (bits {bits})"), &y);
            field(s, "P", &p);
            field(s, "Q", &q);
            field(s, "G", &g);
        }
        None => {}
    }
}

fn guid(s: &mut Out, d: &[u8]) {
    s.push("\t\t\t{");
    for i in [3, 2, 1, 0] {
        s.push(&format!("{:02X}", d[i]));
    }
    s.push("-");
    for i in [5, 4] {
        s.push(&format!("{:02X}", d[i]));
    }
    s.push("-");
    for i in [7, 6] {
        s.push(&format!("{:02X}", d[i]));
    }
    s.push("-");
    for i in [8, 9] {
        s.push(&format!("{:02X}", d[i]));
    }
    s.push("-");
    for x in &d[10..16] {
        s.push(&format!("{x:02X}"));
    }
    s.push("}\n");
}

fn unique_ids(s: &mut Out, cert: &Certificate) {
    for (label, id) in [("Issuer", cert.issuer_unique_id()), ("Subject", cert.subject_unique_id())] {
        // GnuTLS reads them into a 256-byte buffer and prints nothing for longer ones.
        let Some(id) = id.filter(|i| i.len() <= 256) else { continue };
        s.push(&format!("\t{label} Unique ID:\n"));
        s.hexdump(id, "\t\t\t");
        if id.len() == 16 {
            guid(s, id);
        }
    }
}

/// `print_name`: one GeneralName under a prefix.
fn name(s: &mut Out, prefix: &str, n: &GeneralName, cidr: bool) {
    let mut data = n.data.clone();
    let texty = matches!(
        n.kind,
        GNUTLS_SAN_DNSNAME
            | GNUTLS_SAN_OTHERNAME_XMPP
            | GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL
            | GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL
            | GNUTLS_SAN_RFC822NAME
            | GNUTLS_SAN_URI
    );
    if texty && data.contains(&0) {
        s.push("warning: SAN contains an embedded NUL, replacing with '!'\n");
        for b in data.iter_mut().filter(|b| **b == 0) {
            *b = b'!';
        }
    }
    let printable = data.iter().all(|&b| (0x20..=0x7e).contains(&b));
    let line = |s: &mut Out, label: &str, tail: &str| {
        s.push(&format!("{prefix}{label}: "));
        s.cstr(&data);
        s.push(tail);
        s.push("\n");
    };
    match n.kind {
        GNUTLS_SAN_DNSNAME | GNUTLS_SAN_RFC822NAME => {
            let (label, reverse): (&str, fn(&[u8]) -> Result<Vec<u8>, crate::errors::Error>) = if n.kind == GNUTLS_SAN_DNSNAME {
                ("DNSname", crate::idna::reverse_map)
            } else {
                ("RFC822Name", crate::idna::email_reverse_map)
            };
            if !printable {
                line(s, label, " (contains illegal chars)");
            } else if let Some(unicode) = data.windows(4).any(|w| w == b"xn--").then(|| reverse(&data).ok()).flatten() {
                s.push(&format!("{prefix}{label}: "));
                s.cstr(&data);
                s.push(" (");
                s.bytes(&unicode);
                s.push(")\n");
            } else {
                line(s, label, "");
            }
        }
        GNUTLS_SAN_URI => line(s, "URI", ""),
        GNUTLS_SAN_IPADDRESS => {
            let text = if cidr { cidr_text(&data) } else { ip_text(&data) };
            s.push(&format!("{prefix}IPAddress: {}\n", text.unwrap_or_else(|| "(error)".into())));
        }
        GNUTLS_SAN_DN => line(s, "directoryName", ""),
        GNUTLS_SAN_REGISTERED_ID => line(s, "Registered ID", ""),
        GNUTLS_SAN_OTHERNAME_XMPP => line(s, "XMPP Address", ""),
        GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL => line(s, "KRB5Principal", ""),
        GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL => line(s, "User Principal Name", ""),
        _ => {
            s.push(&format!("{prefix}Unknown name: "));
            s.hex(&data);
            s.push("\n");
        }
    }
}

/// inet_ntop.
pub(crate) fn ip_text(ip: &[u8]) -> Option<String> {
    match ip.len() {
        4 => Some(std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string()),
        16 => {
            let a: [u8; 16] = ip.try_into().ok()?;
            Some(std::net::Ipv6Addr::from(a).to_string())
        }
        _ => None,
    }
}

/// An address and its mask, as "addr/prefix".
fn cidr_text(ip: &[u8]) -> Option<String> {
    let half = ip.len() / 2;
    if ip.len() != 8 && ip.len() != 32 {
        return None;
    }
    let prefix: u32 = ip[half..].iter().map(|b| b.leading_ones()).scan(true, |go, n| {
        let r = if *go { Some(n) } else { Some(0) };
        *go = *go && n == 8;
        r
    }).sum();
    Some(format!("{}/{prefix}", ip_text(&ip[..half])?))
}

const POLICY_NAMES: &[(&str, &str)] = &[
    ("2.5.29.32.0", "anyPolicy"),
    ("2.23.140.1.2.1", "CA/B Domain Validated"),
    ("2.23.140.1.2.2", "CA/B Organization Validated"),
    ("2.23.140.1.2.3", "CA/B Individual Validated"),
    ("2.23.140.1.1", "CA/B Extended Validation"),
    ("1.2.643.100.113.1", "Russian security class KC1"),
    ("1.2.643.100.113.2", "Russian security class KC2"),
    ("1.2.643.100.113.3", "Russian security class KC3"),
    ("1.2.643.100.113.4", "Russian security class KB1"),
    ("1.2.643.100.113.5", "Russian security class KB2"),
    ("1.2.643.100.113.6", "Russian security class KA1"),
];

const PURPOSES: &[(&str, &str)] = &[
    ("1.3.6.1.5.5.7.3.1", "TLS WWW Server."),
    ("1.3.6.1.5.5.7.3.2", "TLS WWW Client."),
    ("1.3.6.1.5.5.7.3.3", "Code signing."),
    ("1.3.6.1.5.5.7.3.4", "Email protection."),
    ("1.3.6.1.5.5.7.3.8", "Time stamping."),
    ("1.3.6.1.5.5.7.3.9", "OCSP signing."),
    ("1.3.6.1.5.5.7.3.17", "Ipsec IKE."),
    ("1.3.6.1.4.1.311.20.2.2", "Smart Card Logon."),
    ("2.5.29.37.0", "Any purpose."),
];

const KEY_USAGES: &[(i32, &str)] = &[
    (GNUTLS_KEY_DIGITAL_SIGNATURE, "Digital signature."),
    (GNUTLS_KEY_NON_REPUDIATION, "Non repudiation."),
    (GNUTLS_KEY_KEY_ENCIPHERMENT, "Key encipherment."),
    (GNUTLS_KEY_DATA_ENCIPHERMENT, "Data encipherment."),
    (GNUTLS_KEY_KEY_AGREEMENT, "Key agreement."),
    (GNUTLS_KEY_KEY_CERT_SIGN, "Certificate signing."),
    (GNUTLS_KEY_CRL_SIGN, "CRL signing."),
    (GNUTLS_KEY_ENCIPHER_ONLY, "Key encipher only."),
    (GNUTLS_KEY_DECIPHER_ONLY, "Key decipher only."),
];

fn alt_names(s: &mut Out, value: &[u8]) {
    let names = match ext::alt_names(value) {
        Ok(n) => n,
        Err(e) => return s.push(&format!("error: gnutls_x509_ext_import_subject_alt_names: {}\n", strerror(e.code()))),
    };
    for n in &names {
        if n.kind == GNUTLS_SAN_OTHERNAME {
            s.push("\t\t\totherName OID: ");
            s.push(n.othername_oid.as_deref().unwrap_or(""));
            s.push("\n\t\t\totherName DER: ");
            s.hex(&n.data);
            s.push("\n\t\t\totherName ASCII: ");
            s.ascii(&n.data);
            s.push("\n");
        } else {
            name(s, "\t\t\t", n, false);
        }
    }
}

/// `gnutls_x509_ext_print`: extensions as the certificate printer shows them, without its
/// "Extensions:" heading.
pub fn print_extensions(exts: &[Extension]) -> Vec<u8> {
    let mut s = Out::default();
    extensions(&mut s, exts);
    match s.0.strip_prefix(b"\tExtensions:\n".as_slice()) {
        Some(rest) => rest.to_vec(),
        None => s.0,
    }
}

fn extensions(s: &mut Out, exts: &[Extension]) {
    if !exts.is_empty() {
        s.push("\tExtensions:\n");
    }
    let mut seen: Vec<&str> = Vec::new();
    for e in exts {
        let c = critical(e.critical);
        let v = e.value.as_slice();
        let once = |s: &mut Out, seen: &mut Vec<&str>, key: &'static str, warning: &str| {
            if seen.contains(&key) {
                s.push(&format!("warning: more than one {warning}\n"));
            }
            seen.push(key);
        };
        match e.oid.as_str() {
            "2.5.29.54" => match super::ext_objects::inhibit_any_policy(v) {
                Ok(skip) => s.push(&format!("\t\tInhibit anyPolicy skip certs: {skip} ({c})\n")),
                Err(err) => s.push(&format!("error: certificate inhibit any policy import: {}\n", strerror(err.code()))),
            },
            "2.5.29.19" => {
                once(s, &mut seen, "bc", "basic constraint");
                s.push(&format!("\t\tBasic Constraints ({c}):\n"));
                match ext::basic_constraints(v) {
                    Ok((ca, pathlen)) => {
                        s.push(&format!("\t\t\tCertificate Authority (CA): {}\n", if ca { "TRUE" } else { "FALSE" }));
                        if pathlen >= 0 {
                            s.push(&format!("\t\t\tPath Length Constraint: {pathlen}\n"));
                        }
                    }
                    Err(err) => s.push(&format!("error: get_basic_constraints: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.14" => {
                once(s, &mut seen, "ski", "SKI extension");
                s.push(&format!("\t\tSubject Key Identifier ({c}):\n"));
                match ext::subject_key_id(v) {
                    Ok(id) => {
                        s.push("\t\t\t");
                        s.hex(&id);
                        s.push("\n");
                    }
                    Err(err) => s.push(&format!("error: get_subject_key_id: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.32" => match ext::policies(v) {
                Err(err) => s.push(&format!("error: certificate policies import: {}\n", strerror(err.code()))),
                Ok(policies) => {
                    for (i, p) in policies.iter().enumerate() {
                        if i == 0 {
                            s.push(&format!("\t\tCertificate Policies ({c}):\n"));
                        }
                        match POLICY_NAMES.iter().find(|(o, _)| *o == p.oid) {
                            Some((_, desc)) => s.push(&format!("\t\t\t{} ({desc})\n", p.oid)),
                            None => s.push(&format!("\t\t\t{}\n", p.oid)),
                        }
                        for (kind, data) in &p.qualifiers {
                            let label = match *kind {
                                GNUTLS_X509_QUALIFIER_URI => "URI",
                                GNUTLS_X509_QUALIFIER_NOTICE => "Note",
                                _ => "Unknown qualifier",
                            };
                            s.push(&format!("\t\t\t\t{label}: "));
                            s.cstr(data);
                            s.push("\n");
                        }
                    }
                }
            },
            "2.5.29.35" => {
                once(s, &mut seen, "aki", "AKI extension");
                s.push(&format!("\t\tAuthority Key Identifier ({c}):\n"));
                authority_key_id(s, v);
            }
            "2.5.29.15" => {
                once(s, &mut seen, "ku", "key usage extension");
                s.push(&format!("\t\tKey Usage ({c}):\n"));
                match ext::key_usage(v) {
                    Ok(usage) => {
                        for (bit, label) in KEY_USAGES {
                            if usage & *bit as u32 != 0 {
                                s.push(&format!("\t\t\t{label}\n"));
                            }
                        }
                    }
                    Err(err) => s.push(&format!("error: get_key_usage: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.37" => {
                once(s, &mut seen, "eku", "key purpose extension");
                s.push(&format!("\t\tKey Purpose ({c}):\n"));
                match ext::key_purposes(v) {
                    Ok(oids) => {
                        for o in &oids {
                            match PURPOSES.iter().find(|(p, _)| p == o) {
                                Some((_, label)) => s.push(&format!("\t\t\t{label}\n")),
                                None => s.push(&format!("\t\t\t{o}\n")),
                            }
                        }
                    }
                    Err(err) => s.push(&format!("error: gnutls_x509_ext_import_key_purposes: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.17" => {
                // (GnuTLS's own wording for a second SAN.)
                once(s, &mut seen, "san", "SKI extension");
                s.push(&format!("\t\tSubject Alternative Name ({c}):\n"));
                alt_names(s, v);
            }
            "2.5.29.18" => {
                once(s, &mut seen, "ian", "Issuer AltName extension");
                s.push(&format!("\t\tIssuer Alternative Name ({c}):\n"));
                alt_names(s, v);
            }
            "2.5.29.31" => {
                once(s, &mut seen, "crldist", "CRL distribution point");
                s.push(&format!("\t\tCRL Distribution points ({c}):\n"));
                match ext::crl_dist_points(v) {
                    Ok(points) => points.iter().for_each(|(n, _)| name(s, "\t\t\t", n, false)),
                    Err(err) => s.push(&format!("error: gnutls_x509_ext_import_crl_dist_points: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.16" => {
                once(s, &mut seen, "pkup", "private key usage period extension");
                s.push(&format!("\t\tPrivate Key Usage Period ({c}):\n"));
                match ext::private_key_usage_period(v) {
                    Ok((activation, expiration)) => {
                        s.push(&format!("\t\t\tNot Before: {}\n", long_time(activation)));
                        s.push(&format!("\t\t\tNot After: {}\n", long_time(expiration)));
                    }
                    Err(err) => s.push(&format!("error: get_private_key_usage_period: {}\n", strerror(err.code()))),
                }
            }
            "1.3.6.1.5.5.7.1.1" => {
                s.push(&format!("\t\tAuthority Information Access ({c}):\n"));
                match ext::authority_info_access(v) {
                    Ok(items) => {
                        for (method, location) in &items {
                            let label = match method.as_str() {
                                "1.3.6.1.5.5.7.48.1" => "id-ad-ocsp",
                                "1.3.6.1.5.5.7.48.2" => "id-ad-caIssuers",
                                _ => "UNKNOWN",
                            };
                            s.push(&format!("\t\t\tAccess Method: {method} ({label})\n"));
                            s.push("\t\t\tAccess Location ");
                            name(s, "", location, false);
                        }
                    }
                    Err(err) => s.push(&format!("error: get_aia: {}\n", strerror(err.code()))),
                }
            }
            "2.5.29.30" => {
                once(s, &mut seen, "nc", "name constraints extension");
                s.push(&format!("\t\tName Constraints ({c}):\n"));
                if let Ok((permitted, excluded)) = ext::name_constraints(v) {
                    for (label, list) in [("Permitted", &permitted), ("Excluded", &excluded)] {
                        for (i, n) in list.iter().enumerate() {
                            if i == 0 {
                                s.push(&format!("\t\t\t{label}:\n"));
                            }
                            name(s, "\t\t\t\t", n, true);
                        }
                    }
                }
            }
            "1.3.6.1.5.5.7.1.24" => {
                once(s, &mut seen, "tlsf", "tlsfeatures extension");
                s.push(&format!("\t\tTLS Features ({c}):\n"));
                let mut features = ext::TlsFeatures::default();
                match features.import(v, false) {
                    Ok(()) => {
                        for &f in features.features() {
                            let f = u32::from(f);
                            match algorithms::extension_name(f) {
                                Some(n) => s.push(&format!("\t\t\t{}({f})\n", n.to_string_lossy())),
                                None => s.push(&format!("\t\t\t{f}\n")),
                            }
                        }
                    }
                    Err(err) => s.push(&format!("error: get_tlsfeatures: {}\n", strerror(err.code()))),
                }
            }
            "1.3.6.1.4.1.11129.2.4.2" => {
                s.push(&format!("\t\tCT Precertificate SCTs ({c}):\n"));
                scts(s, v);
            }
            oid => {
                // divergence: the proxy and signing-tool extensions are shown as unknown
                // ones (GnuTLS decodes them).
                s.push(&format!("\t\tUnknown extension {oid} ({c}):\n"));
                s.push("\t\t\tASCII: ");
                s.ascii(v);
                s.push("\n\t\t\tHexdump: ");
                s.hex(v);
                s.push("\n");
            }
        }
    }
}

/// `print_scts`: each SCT's fields; the first SCT GnuTLS cannot answer for ends the list.
fn scts(s: &mut Out, value: &[u8]) {
    let mut list = super::ext_objects::gnutls_x509_ct_scts_st::default();
    if let Err(err) = list.import(value) {
        s.push(&format!("error: gnutls_x509_ext_ct_import_scts(): {}\n", strerror(err.code())));
        return;
    }
    for (i, sct) in list.scts.iter().enumerate() {
        s.push(&format!("\t\t\tSigned Certificate Timestamp {}:\n", i + 1));
        if sct.version != 0 {
            // divergence: GnuTLS goes on with the version it read before (none for a first
            // SCT: what its stack held); we print its failing getter's error, as GnuTLS does
            // after a v1 SCT.
            s.push(&format!("error: could not get SCT info: {}\n", strerror(GNUTLS_E_INVALID_REQUEST)));
            break;
        }
        s.push("\t\t\t\tVersion: 1\n");
        s.push("\t\t\t\tLog ID: ");
        s.hex(&sct.log_id);
        s.push("\n");
        let (y, m, d, hh, mm, ss, wd) = gmtime((sct.timestamp / 1000) as i64);
        s.push(&format!("\t\t\t\tTime: {wd}, {} {d:02} {hh:02}:{mm:02}:{ss:02} UTC {y}\n", MONTHS[m - 1]));
        s.push("\t\t\t\tExtensions: none\n");
        let name = algorithms::sign_name(sct.sign_algorithm).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        s.push(&format!("\t\t\t\tSignature algorithm: {name}\n"));
        s.push("\t\t\t\tSignature: ");
        s.hex(&sct.signature);
        s.push("\n");
    }
}

/// `print_aki`: the issuer name and serial, then the key identifier, each if present.
fn authority_key_id(s: &mut Out, value: &[u8]) {
    match ext::authority_key_id(value) {
        Ok(aki) => {
            if let (Some(first), Some(serial)) = (aki.issuer.first(), aki.serial.as_ref()) {
                name(s, "\t\t\t", first, false);
                s.push("\t\t\tserial: ");
                s.hex(serial);
                s.push("\n");
            }
            if let Some(id) = aki.id {
                s.push("\t\t\t");
                s.hex(&id);
                s.push("\n");
            }
        }
        Err(err) => s.push(&format!("error: gnutls_x509_ext_import_authority_key_id: {}\n", strerror(err.code()))),
    }
}

/// The name of a signature algorithm, or its OID when GnuTLS has no name for it.
fn sign_text(sign: u32, oid: String) -> String {
    match (sign > 0).then(|| algorithms::sign_name(sign)).flatten() {
        Some(n) => n.to_string_lossy().into_owned(),
        None => oid,
    }
}

/// The warning GnuTLS prints under a signature made with a broken algorithm.
fn broken_signature_warning(s: &mut Out, sign: u32) {
    if sign != GNUTLS_SIGN_UNKNOWN && !algorithms::sign_is_secure(sign, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS as u32) {
        s.push("warning: signed using a broken signature algorithm that can be forged.\n");
    }
}

/// `gnutls_x509_crq_print` (`print_crq`): a certificate request, in every format the same.
pub fn print_request(req: &super::request::gnutls_x509_crq_int, format: Format) -> Vec<u8> {
    let mut s = Out::default();
    s.push("PKCS #10 Certificate Request Information:\n");
    s.push(&format!("\tVersion: {}\n", req.version()));
    match req.subject().and_then(|dn| dn.to_text(0)) {
        Ok(dn) if dn.is_empty() => s.push("\tSubject:\n"),
        Err(e) if e == crate::errors::Error::REQUESTED_DATA_NOT_AVAILABLE => s.push("\tSubject:\n"),
        Err(e) => s.push(&format!("error: get_dn: {}\n", strerror(e.code()))),
        Ok(dn) => s.push(&format!("\tSubject: {dn}\n")),
    }
    if let Ok(spki) = req.spki() {
        public_key(&mut s, spki, format);
    }
    let name = match (req.signature_algorithm(), req.signature_oid()) {
        (Ok(sign), Ok(oid)) => sign_text(sign, oid),
        _ => "unknown".to_string(),
    };
    s.push(&format!("\tSignature Algorithm: {name}\n"));
    let (mut extensions_seen, mut challenges) = (0, 0);
    for (i, (oid, value)) in req.attributes_for_print().iter().enumerate() {
        if i == 0 {
            s.push("\tAttributes:\n");
        }
        match oid.as_str() {
            "1.2.840.113549.1.9.14" => {
                if extensions_seen > 0 {
                    s.push("warning: more than one extensionsRequest\n");
                }
                // GnuTLS prints a request's extensions one tab further in.
                let mut inner = Out::default();
                extensions(&mut inner, req.extensions_for_print().as_slice());
                for line in inner.0.split_inclusive(|b| *b == b'\n') {
                    if line.first() == Some(&b'\t') {
                        s.0.push(b'\t');
                    }
                    s.0.extend_from_slice(line);
                }
                extensions_seen += 1;
            }
            "1.2.840.113549.1.9.7" => {
                if challenges > 0 {
                    s.push("warning: more than one Challenge password attribute\n");
                }
                match req.challenge_password() {
                    Ok(pass) => s.push(&format!("\t\tChallenge password: {}\n", String::from_utf8_lossy(&pass))),
                    Err(e) => s.push(&format!("error: get_challenge_password: {}\n", strerror(e.code()))),
                }
                challenges += 1;
            }
            _ => {
                s.push(&format!("\t\tUnknown attribute {oid}:\n"));
                s.push("\t\t\tASCII: ");
                s.ascii(value);
                s.push("\n\t\t\tHexdump: ");
                s.hex(value);
                s.push("\n");
            }
        }
    }
    s.push("Other Information:\n");
    if let Ok(spki) = req.spki() {
        key_id(&mut s, spki);
    }
    s.0
}

/// `gnutls_x509_crl_print` (`print_crl`): every format but UNSIGNED_FULL prints in full.
pub fn print_crl(crl: &Crl, format: Format) -> Vec<u8> {
    let signed = format != Format::UnsignedFull;
    let mut s = Out::default();
    s.push("X.509 Certificate Revocation List Information:\n");
    s.push(&format!("\tVersion: {}\n", crl.version()));
    if signed {
        match crl.issuer().to_text(0) {
            Err(e) if e.code() == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE => s.push("\tIssuer:\n"),
            Err(e) => s.push(&format!("error: get_issuer_dn: {}\n", strerror(e.code()))),
            Ok(dn) => s.push(&format!("\tIssuer: {dn}\n")),
        }
    }
    s.push("\tUpdate dates:\n");
    s.push(&format!("\t\tIssued: {}\n", long_time(crl.this_update())));
    match crl.next_update() {
        Some(t) => s.push(&format!("\t\tNext at: {}\n", long_time(t))),
        None => s.push("\t\tNo next update time.\n"),
    }
    if crl.version() >= 2 {
        let (mut numbers, mut akis) = (0, 0);
        for (i, e) in crl.extensions().iter().enumerate() {
            if i == 0 {
                s.push("\tExtensions:\n");
            }
            let c = critical(e.critical);
            match e.oid.as_str() {
                "2.5.29.20" => {
                    if numbers > 0 {
                        s.push("warning: more than one CRL number\n");
                    }
                    // GnuTLS reads the first CRL number whichever one this is, into 128 bytes.
                    match crl.number() {
                        Ok((n, first_critical)) if n.len() <= 128 => {
                            s.push(&format!("\t\tCRL Number ({}): ", critical(first_critical)));
                            s.hex(&n);
                            s.push("\n");
                        }
                        Ok(_) => s.push(&format!("\t\tCRL Number ({c}): error: get_number: {}\n", strerror(GNUTLS_E_SHORT_MEMORY_BUFFER))),
                        Err(err) => s.push(&format!("\t\tCRL Number ({c}): error: get_number: {}\n", strerror(err.code()))),
                    }
                    numbers += 1;
                }
                "2.5.29.35" => {
                    if akis > 0 {
                        s.push("warning: more than one AKI extension\n");
                    }
                    s.push(&format!("\t\tAuthority Key Identifier ({c}):\n"));
                    authority_key_id(&mut s, &e.value);
                    akis += 1;
                }
                oid => {
                    s.push(&format!("\t\tUnknown extension {oid} ({c}):\n"));
                    s.push("\t\t\tASCII: ");
                    s.ascii(&e.value);
                    s.push("\n\t\t\tHexdump: ");
                    s.hex(&e.value);
                    s.push("\n");
                }
            }
        }
    }
    let revoked = crl.revoked();
    if revoked.is_empty() {
        s.push("\tNo revoked certificates.\n");
    } else {
        s.push(&format!("\tRevoked certificates ({}):\n", revoked.len()));
    }
    for r in revoked {
        // GnuTLS reads each serial number into 128 bytes.
        if r.serial.len() > 128 {
            s.push(&format!("error: iter_crt_serial: {}\n", strerror(GNUTLS_E_SHORT_MEMORY_BUFFER)));
            break;
        }
        s.push("\t\tSerial Number (hex): ");
        s.hex(&r.serial);
        s.push("\n");
        s.push(&format!("\t\tRevoked at: {}\n", long_time(r.time)));
    }
    if signed {
        let sign = crl.signature_algorithm();
        s.push(&format!("\tSignature Algorithm: {}\n", sign_text(sign, crl.signature_oid())));
        broken_signature_warning(&mut s, sign);
        match crl.signature() {
            Ok(sig) => {
                s.push("\tSignature:\n");
                s.hexdump(sig, "\t\t");
            }
            Err(err) => s.push(&format!("error: get_signature: {}\n", strerror(err.code()))),
        }
    }
    s.0
}

fn fingerprints(s: &mut Out, cert: &Certificate) {
    s.push("\tFingerprint:\n");
    for (label, alg) in [("sha1", GNUTLS_DIG_SHA1), ("sha256", GNUTLS_DIG_SHA256)] {
        if let Ok(fp) = cert.fingerprint(alg as i32) {
            s.push(&format!("\t\t{label}:"));
            s.hex(&fp);
            s.push("\n");
        }
    }
}

fn key_id(s: &mut Out, spki: &spki::SubjectPublicKeyInfoOwned) {
    key_id_with(s, "\t", spki)
}

/// GnuTLS's `print_obj_id`: the key's SHA-1 and SHA-256 ids and its pin, under `prefix`.
fn key_id_with(s: &mut Out, prefix: &str, spki: &spki::SubjectPublicKeyInfoOwned) {
    if spki_pk_algorithm(spki).0 <= 0 {
        return;
    }
    let Ok(der) = der::Encode::to_der(spki) else { return };
    let digest = |alg: u32| super::core::digest(alg as i32, &der);
    let (Ok(sha1), Ok(sha256)) = (digest(GNUTLS_DIG_SHA1), digest(GNUTLS_DIG_SHA256)) else { return };
    s.push(&format!("{prefix}Public Key ID:\n{prefix}\tsha1:"));
    s.hex(&sha1);
    s.push(&format!("\n{prefix}\tsha256:"));
    s.hex(&sha256);
    s.push(&format!("\n{prefix}Public Key PIN:\n{prefix}\tpin-sha256:"));
    s.push(&<base64ct::Base64 as base64ct::Encoding>::encode_string(&sha256));
    s.push("\n");
}

fn oneline(s: &mut Out, cert: &Certificate) {
    match cert.dn_rfc4514() {
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => s.push("no subject,"),
        Err(e) => s.push(&format!("unknown subject ({}), ", strerror(e))),
        Ok(dn) => s.push(&format!("subject `{dn}', ")),
    }
    match cert.issuer_dn_rfc4514() {
        Err(GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) => s.push("no issuer,"),
        Err(e) => s.push(&format!("unknown issuer ({}), ", strerror(e))),
        Ok(dn) => s.push(&format!("issuer `{dn}', ")),
    }
    let serial = cert.serial();
    // GnuTLS reads the serial number into 128 bytes.
    if serial.len() <= 128 {
        s.push("serial 0x");
        s.hex(&serial);
        s.push(", ");
    }
    let (_, bits) = cert.pk_algorithm();
    s.push(&format!("{} key {bits} bits, ", pk_name(cert.spki())));
    let (sign, name) = sign_name(cert);
    if sign != GNUTLS_SIGN_UNKNOWN && !algorithms::sign_is_secure(sign, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS as u32) {
        s.push(&format!("signed using {name} (broken!), "));
    } else {
        s.push(&format!("signed using {name}, "));
    }
    s.push(&format!("activated `{}', ", short_time(cert.activation_time())));
    s.push(&format!("expires `{}', ", short_time(cert.expiration_time())));
    if let Ok(id) = cert.key_id(GNUTLS_KEYID_USE_SHA256) {
        if cert.pk_algorithm().0 > 0 {
            s.push("pin-sha256=\"");
            s.push(&<base64ct::Base64 as base64ct::Encoding>::encode_string(&id));
            s.push("\"");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_gmtime() {
        assert_eq!(long_time(0), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(short_time(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(long_time(253402300799), "Fri Dec 31 23:59:59 UTC 9999");
    }

    #[test]
    fn hexdump_wraps_at_16() {
        let mut o = Out::default();
        o.hexdump(&[0u8; 17], "\t");
        assert_eq!(String::from_utf8(o.0).unwrap(), format!("\t{}00\n\t00\n", "00:".repeat(15)));
        let mut o = Out::default();
        o.hexdump(&[1u8; 16], "\t");
        assert_eq!(String::from_utf8(o.0).unwrap(), format!("\t{}01\n", "01:".repeat(15)));
    }

    #[test]
    fn masks_become_prefixes() {
        assert_eq!(cidr_text(&[10, 0, 0, 0, 255, 255, 0, 0]).unwrap(), "10.0.0.0/16");
    }
}
