//! Certificate lists in subject-to-issuer order, as GnuTLS's list imports take them
//! (`GNUTLS_X509_CRT_LIST_SORT`, `GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED`).

use crate::constants::*;
use crate::errors::Error;
use crate::x509::core::Certificate;

/// GnuTLS's limit for sorting (`DEFAULT_MAX_VERIFY_DEPTH`).
const MAX_SORTED: usize = 16;

/// The chain that starts at the first certificate, each followed by its issuer from the
/// rest of the list, as GnuTLS sorts: a self-issued certificate has no issuer in the list,
/// and what is not on the chain is dropped.
pub fn sort_chain(certs: Vec<Certificate>) -> Result<Vec<Certificate>, Error> {
    if certs.len() <= 1 {
        return Ok(certs);
    }
    if certs.len() > MAX_SORTED {
        return Err(Error::UNIMPLEMENTED);
    }
    let issuer_of = |i: usize| -> Option<usize> {
        if certs[i].check_issuer(&certs[i]) {
            return None;
        }
        (1..certs.len()).find(|&j| j != i && certs[i].check_issuer(&certs[j]))
    };
    let mut order = vec![0];
    let mut at = 0;
    while order.len() < certs.len() {
        match issuer_of(at) {
            // A loop in the list ends the chain where it would come back.
            Some(next) if !order.contains(&next) => {
                order.push(next);
                at = next;
            }
            _ => break,
        }
    }
    let mut slots: Vec<Option<Certificate>> = certs.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// GNUTLS_E_CERTIFICATE_LIST_UNSORTED unless each certificate's issuer name is the next
/// one's subject name (compared as encoded, as GnuTLS compares them).
pub fn check_sorted(certs: &[Certificate]) -> Result<(), Error> {
    if certs.windows(2).all(|w| w[0].issuer_raw() == w[1].subject_raw()) {
        Ok(())
    } else {
        Err(Error::new(GNUTLS_E_CERTIFICATE_LIST_UNSORTED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x509::core::tests::der;

    fn certs(names: &[&str]) -> Vec<Certificate> {
        names.iter().map(|n| Certificate::from_der(&der(n)).unwrap()).collect()
    }

    fn subjects(certs: &[Certificate]) -> Vec<Vec<u8>> {
        certs.iter().map(Certificate::subject_raw).collect()
    }

    #[test]
    fn the_chain_from_the_first_certificate_in_issuer_order() {
        let want = certs(&["leaf.pem", "inter.pem", "root.pem"]);
        let sorted = sort_chain(certs(&["leaf.pem", "root.pem", "inter.pem"])).unwrap();
        assert_eq!(subjects(&sorted), subjects(&want));
        assert!(check_sorted(&sorted).is_ok());
        // Certificates off the chain are dropped; a self-signed first one is a chain alone.
        assert_eq!(sort_chain(certs(&["leaf.pem", "other.pem", "inter.pem"])).unwrap().len(), 2);
        assert_eq!(sort_chain(certs(&["root.pem", "leaf.pem", "inter.pem"])).unwrap().len(), 1);
    }

    #[test]
    fn an_unsorted_list_is_refused() {
        let e = check_sorted(&certs(&["leaf.pem", "root.pem", "inter.pem"])).unwrap_err();
        assert_eq!(e.code(), GNUTLS_E_CERTIFICATE_LIST_UNSORTED);
        assert!(check_sorted(&certs(&["leaf.pem"])).is_ok());
    }
}
