/* gnutls_certificate_set_x509_key_file2 with a password-protected PKCS#8 key: the right
 * password loads it, a wrong or missing one fails, a password for a plain key is ignored.
 * Usage: keyfile2 CERT ENCRYPTED_KEY PLAIN_KEY PASSWORD */
#include <gnutls/gnutls.h>
#include "common.h"

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t x;
    int rc;

    if (argc != 5) {
        printf("usage: keyfile2 CERT ENCRYPTED_KEY PLAIN_KEY PASSWORD\n");
        return 2;
    }
    rc = gnutls_certificate_allocate_credentials(&x);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    printf("right_password=%d\n", gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, argv[4], 0));
    printf("wrong_password=%d\n", gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, "wrong", 0));
    printf("no_password=%d\n", gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, NULL, 0));
    printf("plain_key_with_password=%d\n", gnutls_certificate_set_x509_key_file2(x, argv[1], argv[3], GNUTLS_X509_FMT_PEM, argv[4], 0));
    gnutls_certificate_free_credentials(x);
    return 0;
}
