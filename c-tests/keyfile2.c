/* gnutls_certificate_set_x509_key_file2 with a password-protected PKCS#8 key: the right
 * password loads it, a wrong or missing one fails, a password for a plain key is ignored.
 * Then the credentials' PIN function: asked for the password of an encrypted key loaded
 * without one (what it is given, and what its refusal does); and gnutls_certificate_set_flags:
 * GNUTLS_CERTIFICATE_API_V2 makes the loaders return the pair's index,
 * GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH takes a key that is not the certificate's.
 * Usage: keyfile2 CERT ENCRYPTED_KEY PLAIN_KEY PASSWORD [OTHER_KEY] */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <string.h>
#include "common.h"

static int pin_calls;
static const char *pin_answer;

static int pin_cb(void *userdata, int attempt, const char *token_url, const char *token_label,
                  unsigned int flags, char *pin, size_t pin_max)
{
    pin_calls++;
    printf("pin_cb userdata=%s attempt=%d url=%s label=%s flags=%u max=%zu\n", (const char *)userdata, attempt,
           token_url ? token_url : "(null)", token_label ? token_label : "(null)", flags, pin_max);
    if (!pin_answer)
        return -1;
    snprintf(pin, pin_max, "%s", pin_answer);
    return 0;
}

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t x;
    int rc;

    if (argc != 5 && argc != 6) {
        printf("usage: keyfile2 CERT ENCRYPTED_KEY PLAIN_KEY PASSWORD [OTHER_KEY]\n");
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

    gnutls_certificate_allocate_credentials(&x);
    gnutls_certificate_set_pin_function(x, pin_cb, "mine");
    pin_answer = argv[4];
    rc = gnutls_certificate_set_x509_key_file(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM);
    printf("pin_right=%d calls=%d\n", rc, pin_calls);
    pin_answer = "wrong";
    rc = gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, NULL, 0);
    printf("pin_wrong=%d calls=%d\n", rc, pin_calls);
    pin_answer = NULL;
    rc = gnutls_certificate_set_x509_key_file(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM);
    printf("pin_refused=%d calls=%d\n", rc, pin_calls);
    rc = gnutls_certificate_set_x509_key_file(x, argv[1], argv[3], GNUTLS_X509_FMT_PEM);
    printf("pin_plain_key=%d calls=%d\n", rc, pin_calls);
    rc = gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, argv[4], 0);
    printf("pin_given_password=%d calls=%d\n", rc, pin_calls);
    gnutls_certificate_free_credentials(x);

    gnutls_certificate_allocate_credentials(&x);
    printf("verify_flags default=0x%x\n", gnutls_certificate_get_verify_flags(x));
    gnutls_certificate_set_verify_flags(x, GNUTLS_VERIFY_DISABLE_CRL_CHECKS | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1);
    printf("verify_flags set=0x%x\n", gnutls_certificate_get_verify_flags(x));
    printf("v1_first=%d\n", gnutls_certificate_set_x509_key_file(x, argv[1], argv[3], GNUTLS_X509_FMT_PEM));
    printf("v1_second=%d\n", gnutls_certificate_set_x509_key_file(x, argv[1], argv[3], GNUTLS_X509_FMT_PEM));
    gnutls_certificate_set_flags(x, GNUTLS_CERTIFICATE_API_V2);
    printf("v2_third=%d\n", gnutls_certificate_set_x509_key_file(x, argv[1], argv[3], GNUTLS_X509_FMT_PEM));
    printf("v2_fourth=%d\n", gnutls_certificate_set_x509_key_file2(x, argv[1], argv[2], GNUTLS_X509_FMT_PEM, argv[4], 0));
    if (argc == 6) {
        printf("v2_mismatch=%d\n", gnutls_certificate_set_x509_key_file(x, argv[1], argv[5], GNUTLS_X509_FMT_PEM));
        gnutls_certificate_set_flags(x, GNUTLS_CERTIFICATE_API_V2 | GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH);
        /* GnuTLS keeps the pair it refused above, so its index here is one higher. */
        rc = gnutls_certificate_set_x509_key_file(x, argv[1], argv[5], GNUTLS_X509_FMT_PEM);
        printf("# skip_match_mismatch=%d\n", rc);
        printf("skip_match_mismatch_ok=%d\n", rc >= 4);
    }
    gnutls_certificate_free_credentials(x);
    return 0;
}
