/* gnutls_certificate_verification_status_print for single and combined status bits, as
 * dirmngr and gnutls-cli print them. Usage: statusprint */
#include <gnutls/gnutls.h>
#include "common.h"

int main(void)
{
    static const unsigned statuses[] = {
        0, GNUTLS_CERT_INVALID,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNATURE_FAILURE,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_PURPOSE_MISMATCH,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_UNEXPECTED_OWNER,
        GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_EXPIRED,
        0x3fffff,
    };
    for (unsigned i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        gnutls_datum_t out;
        int rc = gnutls_certificate_verification_status_print(statuses[i], GNUTLS_CRT_X509, &out, 0);
        if (rc < 0)
            fail("gnutls_certificate_verification_status_print", rc);
        printf("status=0x%x rc=%d text=%s\n", statuses[i], rc, out.data);
        gnutls_free(out.data);
    }
    return 0;
}
