//! `gnutls_ocsp_req_print` and `gnutls_ocsp_resp_print`: requests and responses described
//! for people, in the exact layout of GnuTLS 3.7.9's lib/x509/ocsp_output.c.

use super::{gnutls_ocsp_req_int, gnutls_ocsp_resp_int, ExtensionFields, BASIC_OID, NONCE_OID, RESP_ID_KEY};
use crate::algorithms;
use crate::constants::*;
use crate::errors::Error;
use crate::x509::print::{long_time, strerror, Format, Out};

fn digest_name(digest: gnutls_digest_algorithm_t) -> String {
    // printf("%s", NULL) in glibc.
    algorithms::digest_name(digest).map_or("(null)".to_owned(), |n| n.to_string_lossy().into_owned())
}

fn cert_id(s: &mut Out, id: &super::CertIdFields) {
    s.push(&format!("\t\t\tHash Algorithm: {}\n", digest_name(id.digest)));
    s.push("\t\t\tIssuer Name Hash: ");
    s.hex(&id.issuer_name_hash);
    s.push("\n\t\t\tIssuer Key Hash: ");
    s.hex(&id.issuer_key_hash);
    s.push("\n\t\t\tSerial Number: ");
    s.hex(&id.serial);
    s.push("\n");
}

/// One extension: the nonce (read again through `nonce`, as GnuTLS does) or its bytes.
fn extension(s: &mut Out, e: &ExtensionFields, nonce: impl FnOnce() -> Result<(Vec<u8>, bool), Error>) {
    if e.oid == NONCE_OID {
        match nonce() {
            Ok((n, critical)) => {
                s.push(&format!("\t\tNonce{}: ", if critical { " (critical)" } else { "" }));
                s.hex(&n);
                s.push("\n");
            }
            Err(err) => s.push(&format!("error: get_nonce: {}\n", strerror(err.code()))),
        }
    } else {
        s.push(&format!("\t\tUnknown extension {} ({}):\n", e.oid, if e.critical { "critical" } else { "not critical" }));
        s.push("\t\t\tASCII: ");
        s.ascii(&e.value);
        s.push("\n\t\t\tHexdump: ");
        s.hex(&e.value);
        s.push("\n");
    }
}

/// `gnutls_ocsp_req_print`: only GNUTLS_OCSP_PRINT_FULL (else GNUTLS_E_INVALID_REQUEST).
pub fn print_request(req: &gnutls_ocsp_req_int, format: gnutls_ocsp_print_formats_t) -> Result<Vec<u8>, Error> {
    if format != GNUTLS_OCSP_PRINT_FULL {
        return Err(Error::INVALID_REQUEST);
    }
    let mut s = Out::default();
    s.push("OCSP Request Information:\n");
    s.push(&format!("\tVersion: {}\n", req.version()));
    s.push("\tRequest List:\n");
    for indx in 0.. {
        let Ok(id) = req.cert_id(indx) else { break };
        s.push("\t\tCertificate ID:\n");
        cert_id(&mut s, &id);
    }
    for indx in 0.. {
        let Ok(e) = req.extension(indx) else { break };
        if indx == 0 {
            s.push("\tExtensions:\n");
        }
        extension(&mut s, &e, || req.nonce());
    }
    Ok(s.0)
}

/// `gnutls_ocsp_resp_print`: only GNUTLS_OCSP_PRINT_FULL adds the signature and the
/// certificates.
pub fn print_response(resp: &gnutls_ocsp_resp_int, format: gnutls_ocsp_print_formats_t) -> Vec<u8> {
    let mut s = Out::default();
    s.push("OCSP Response Information:\n");
    body(&mut s, resp, format);
    s.0
}

fn time_line(s: &mut Out, label: &str, t: i64) {
    s.push(&format!("{label}{}\n", long_time(t)));
}

fn body(s: &mut Out, resp: &gnutls_ocsp_resp_int, format: gnutls_ocsp_print_formats_t) {
    let status = match resp.status() {
        Ok(st) => st,
        Err(e) => return s.push(&format!("error: ocsp_resp_get_status: {}\n", strerror(e.code()))),
    };
    s.push("\tResponse Status: ");
    let name = match status {
        GNUTLS_OCSP_RESP_SUCCESSFUL => "Successful\n",
        GNUTLS_OCSP_RESP_MALFORMEDREQUEST => "malformedRequest\n",
        GNUTLS_OCSP_RESP_INTERNALERROR => "internalError\n",
        GNUTLS_OCSP_RESP_TRYLATER => "tryLater\n",
        GNUTLS_OCSP_RESP_SIGREQUIRED => "sigRequired\n",
        GNUTLS_OCSP_RESP_UNAUTHORIZED => "unauthorized\n",
        _ => "unknown\n",
    };
    s.push(name);
    if status != GNUTLS_OCSP_RESP_SUCCESSFUL {
        return;
    }
    match resp.response() {
        Err(e) => return s.push(&format!("error: get_response: {}\n", strerror(e.code()))),
        Ok((oid, _)) if oid == BASIC_OID => s.push("\tResponse Type: Basic OCSP Response\n"),
        Ok((oid, _)) => return s.push(&format!("\tResponse Type: Unknown response type ({oid})\n")),
    }
    s.push(&format!("\tVersion: {}\n", resp.version()));
    match resp.responder_dn(0) {
        Ok(dn) => s.push(&format!("\tResponder ID: {dn}\n")),
        Err(e) if e == Error::REQUESTED_DATA_NOT_AVAILABLE => {
            if let Ok(id) = resp.responder_raw_id(RESP_ID_KEY) {
                s.push("\tResponder Key ID: ");
                s.hex(&id);
                s.push("\n");
            }
        }
        Err(e) => s.push(&format!("error: get_responder2: {}\n", strerror(e.code()))),
    }
    match resp.produced() {
        Ok(t) => time_line(s, "\tProduced At: ", t),
        Err(_) => s.push("error: ocsp_resp_get_produced\n"),
    }
    s.push("\tResponses:\n");
    for indx in 0.. {
        let Some(single) = resp.single(indx) else { break };
        s.push("\t\tCertificate ID:\n");
        cert_id(s, &single.id);
        match single.status {
            GNUTLS_OCSP_CERT_GOOD => s.push("\t\tCertificate Status: good\n"),
            GNUTLS_OCSP_CERT_REVOKED => s.push("\t\tCertificate Status: revoked\n"),
            _ => s.push("\t\tCertificate Status: unknown\n"),
        }
        if single.status == GNUTLS_OCSP_CERT_REVOKED {
            time_line(s, "\t\tRevocation time: ", single.revocation_time);
        }
        time_line(s, "\t\tThis Update: ", single.this_update);
        if single.next_update != -1 {
            time_line(s, "\t\tNext Update: ", single.next_update);
        }
    }
    s.push("\tExtensions:\n");
    for indx in 0.. {
        let Ok(e) = resp.extension(indx) else { break };
        extension(s, &e, || resp.nonce());
    }
    let sign = match resp.signature_algorithm() {
        Ok(sign) => {
            let name = algorithms::sign_name(sign).map_or("unknown".to_owned(), |n| n.to_string_lossy().into_owned());
            s.push(&format!("\tSignature Algorithm: {name}\n"));
            sign as i32
        }
        Err(e) => {
            s.push(&format!("error: get_signature_algorithm: {}\n", strerror(e.code())));
            e.code()
        }
    };
    // GnuTLS asks gnutls_sign_is_secure even of an error code, which is never secure.
    if sign != GNUTLS_SIGN_UNKNOWN as i32 && (sign < 0 || !algorithms::sign_is_secure(sign as u32, 0)) {
        s.push("warning: signed using a broken signature algorithm that can be forged.\n");
    }
    if format == GNUTLS_OCSP_PRINT_FULL {
        match resp.signature() {
            Ok(sig) => {
                s.push("\tSignature:\n");
                s.hexdump(&sig, "\t\t");
            }
            Err(e) => s.push(&format!("error: get_signature: {}\n", strerror(e.code()))),
        }
        match resp.certs() {
            Err(e) => s.push(&format!("error: get_certs: {}\n", strerror(e.code()))),
            Ok(certs) => {
                if !certs.is_empty() {
                    s.push("\tAdditional certificates:\n");
                }
                for c in &certs {
                    s.bytes(&crate::x509::print::print(c, Format::Full));
                    s.bytes(&c.export(true));
                }
            }
        }
    }
}
