//! Certificate types (RFC 7250): whether each side presents an X.509 chain or a raw public
//! key (a SubjectPublicKeyInfo), negotiated with the client_certificate_type and
//! server_certificate_type extensions, as GnuTLS negotiates them when a session is made
//! with GNUTLS_ENABLE_RAWPK (without it, both are X.509 and the extensions are ignored).
//!
//! rustls offers and accepts raw public keys in TLS 1.3 only, and a rustls client offers
//! one type per side, never a list: the choices below are made before rustls runs, from
//! the priority's lists, the keys we hold and (for a server) the ClientHello.

use crate::constants::*;
use crate::errors::Error;

/// The IANA code points of the certificate types (RFC 7250 section 3).
const IANA_X509: u8 = 0;
const IANA_RAWPK: u8 = 2;

fn from_iana(code: u8) -> Option<u32> {
    match code {
        IANA_X509 => Some(GNUTLS_CRT_X509),
        IANA_RAWPK => Some(GNUTLS_CRT_RAWPK),
        _ => None,
    }
}

/// The certificate type of each side (GNUTLS_CRT_*), X.509 until negotiated otherwise.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CertTypes {
    pub client: u32,
    pub server: u32,
}

impl Default for CertTypes {
    fn default() -> Self {
        CertTypes { client: GNUTLS_CRT_X509, server: GNUTLS_CRT_X509 }
    }
}

impl CertTypes {
    pub fn client_raw(self) -> bool {
        self.client == GNUTLS_CRT_RAWPK
    }

    pub fn server_raw(self) -> bool {
        self.server == GNUTLS_CRT_RAWPK
    }

    /// rustls does raw public keys under TLS 1.3 only.
    pub fn needs_tls13(self) -> bool {
        self.client_raw() || self.server_raw()
    }

    /// `gnutls_certificate_type_get2`: a side, or ours / the peer's for this role.
    pub fn get(self, target: u32, server: bool) -> u32 {
        match target {
            GNUTLS_CTYPE_CLIENT => self.client,
            GNUTLS_CTYPE_SERVER => self.server,
            GNUTLS_CTYPE_OURS if server => self.server,
            GNUTLS_CTYPE_OURS => self.client,
            GNUTLS_CTYPE_PEERS if server => self.client,
            GNUTLS_CTYPE_PEERS => self.server,
            _ => GNUTLS_CRT_UNKNOWN,
        }
    }
}

/// What a side may use: a priority's list for it (empty: X.509 alone, GnuTLS's default),
/// raw public keys only when the session enabled them and TLS 1.3 can be spoken.
fn allowed(priority: &[u32], cert_type: u32, enabled: bool, tls13: bool) -> bool {
    let listed = if priority.is_empty() { cert_type == GNUTLS_CRT_X509 } else { priority.contains(&cert_type) };
    listed
        && match cert_type {
            GNUTLS_CRT_X509 => true,
            // divergence: GnuTLS also negotiates raw public keys under TLS 1.2; rustls only
            // under TLS 1.3, so without TLS 1.3 (ours or the peer's) we use X.509 or fail.
            GNUTLS_CRT_RAWPK => enabled && tls13,
            _ => false,
        }
}

/// What a client offers, in rustls's terms (one type per side): a raw key for the server
/// whenever the priority lists RAWPK for the server (the program expects servers that hold
/// raw keys; GnuTLS's own gnutls-cli-rawpk.sh reaches a raw-key-only server with
/// `NORMAL:+CTYPE-SRV-ALL`); a raw key of ours when the first type listed for the client
/// that we hold a key of is RAWPK (we know what we hold, so the priority's order decides).
// divergence: GnuTLS offers every listed type and the server picks in the client's order;
// we offer one type per side, so a server that cannot do the one we offer fails the
// handshake where GnuTLS would use another (a client listing X.509 and RAWPK for the server
// gets RAWPK here, and X.509 from a GnuTLS server holding both).
pub fn client_offer(enabled: bool, tls13: bool, client_priority: &[u32], server_priority: &[u32], have: impl Fn(u32) -> bool) -> CertTypes {
    let listed = |priority: &[u32]| -> Vec<u32> { if priority.is_empty() { vec![GNUTLS_CRT_X509] } else { priority.to_vec() } };
    let client = listed(client_priority)
        .into_iter()
        .find(|t| allowed(client_priority, *t, enabled, tls13) && have(*t))
        .unwrap_or(GNUTLS_CRT_X509);
    let server = if allowed(server_priority, GNUTLS_CRT_RAWPK, enabled, tls13) { GNUTLS_CRT_RAWPK } else { GNUTLS_CRT_X509 };
    CertTypes { client, server }
}

/// A server's answer to the types a ClientHello offers (`None`: the extension was not
/// sent, which means X.509), GnuTLS's way: the first type in the client's order that our
/// priority allows (and, for our own certificate, that we hold a key of);
/// GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE when there is none. Without GNUTLS_ENABLE_RAWPK
/// the extensions are ignored.
pub fn server_choice(
    enabled: bool,
    tls13: bool,
    offered_client: Option<&[u8]>,
    offered_server: Option<&[u8]>,
    client_priority: &[u32],
    server_priority: &[u32],
    have: impl Fn(u32) -> bool,
) -> Result<CertTypes, Error> {
    if !enabled {
        return Ok(CertTypes::default());
    }
    let pick = |offered: Option<&[u8]>, priority: &[u32], usable: &dyn Fn(u32) -> bool| match offered {
        None => Ok(GNUTLS_CRT_X509),
        Some(codes) => codes
            .iter()
            .filter_map(|c| from_iana(*c))
            .find(|t| allowed(priority, *t, enabled, tls13) && usable(*t))
            .ok_or(Error::new(GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE)),
    };
    Ok(CertTypes {
        server: pick(offered_server, server_priority, &have)?,
        client: pick(offered_client, client_priority, &|_| true)?,
    })
}

/// The list of a client_certificate_type or server_certificate_type extension in a
/// ClientHello: a one-byte length, then one byte per type. None when malformed.
pub fn parse_offer(data: &[u8]) -> Option<Vec<u8>> {
    let (&len, rest) = data.split_first()?;
    (rest.len() == len as usize).then(|| rest.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: u32 = GNUTLS_CRT_X509;
    const R: u32 = GNUTLS_CRT_RAWPK;

    #[test]
    fn a_server_follows_the_clients_order_within_its_own_list() {
        let both = |_| true;
        let got = server_choice(true, true, Some(&[2, 0]), Some(&[2, 0]), &[X, R], &[X, R], both).unwrap_or_default();
        assert_eq!(got, CertTypes { client: R, server: R });
        // No raw key of ours: the server's certificate stays X.509.
        let got = server_choice(true, true, None, Some(&[2, 0]), &[], &[X, R], |t| t == X).unwrap_or_default();
        assert_eq!(got, CertTypes { client: X, server: X });
        // Only raw keys offered, none allowed: GnuTLS refuses.
        let refused = server_choice(true, true, None, Some(&[2]), &[], &[X], both);
        assert_eq!(refused.err().map(|e| e.code()), Some(GNUTLS_E_UNSUPPORTED_CERTIFICATE_TYPE));
        // Without the init flag the offer is ignored.
        assert_eq!(server_choice(false, true, Some(&[2]), Some(&[2]), &[R], &[R], both).ok(), Some(CertTypes::default()));
        // Raw keys need TLS 1.3 here.
        assert!(server_choice(true, false, None, Some(&[2]), &[], &[R], both).is_err());
        // Unknown types are skipped.
        let got = server_choice(true, true, Some(&[9, 2]), None, &[R], &[], both).unwrap_or_default();
        assert_eq!(got.client, R);
    }

    #[test]
    fn a_client_offers_the_first_type_it_can_use() {
        let offer = client_offer(true, true, &[R], &[R], |_| true);
        assert_eq!(offer, CertTypes { client: R, server: R });
        // Raw keys listed for the server are asked for, wherever they are listed.
        assert_eq!(client_offer(true, true, &[R], &[X, R], |t| t == X), CertTypes { client: X, server: R });
        assert_eq!(client_offer(true, true, &[], &[X], |_| true), CertTypes::default());
        assert_eq!(client_offer(false, true, &[R], &[R], |_| true), CertTypes::default());
        assert_eq!(client_offer(true, false, &[R], &[R], |_| true), CertTypes::default());
        assert_eq!(client_offer(true, true, &[R, X], &[], |t| t == X).client, X);
    }

    #[test]
    fn targets_name_a_side() {
        let t = CertTypes { client: X, server: R };
        assert_eq!(t.get(GNUTLS_CTYPE_PEERS, false), R);
        assert_eq!(t.get(GNUTLS_CTYPE_OURS, false), X);
        assert_eq!(t.get(GNUTLS_CTYPE_PEERS, true), X);
        assert_eq!(t.get(GNUTLS_CTYPE_SERVER, true), R);
        assert_eq!(t.get(9, true), GNUTLS_CRT_UNKNOWN);
        assert_eq!(parse_offer(&[2, 2, 0]), Some(vec![2, 0]));
        assert_eq!(parse_offer(&[3, 2]), None);
    }
}
