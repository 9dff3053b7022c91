/* Diffie-Hellman parameters: raw import (RFC 7919's 2048-bit group), PKCS #3 export in
 * DER and PEM (both size conventions), import of what was exported and of a file made by
 * openssl, copies, the raw export, and bad input. Every code and byte is printed.
 *
 * With a DSA key and an RSA key, gnutls_dh_params_import_dsa takes the DSA key's p, q
 * and g (and refuses the RSA key).
 *
 * usage: dh_params OPENSSL_DHPARAMS.pem [DSA_KEY.pem RSA_KEY.pem]
 */
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

static void digest_line(const char *label, const gnutls_datum_t *d)
{
    unsigned char h[32];
    unsigned i;
    gnutls_hash_fast(GNUTLS_DIG_SHA256, d->data, d->size, h);
    printf("%s size=%u sha256=", label, d->size);
    for (i = 0; i < sizeof(h); i++)
        printf("%02x", h[i]);
    printf("\n");
}

/* The same number: the DSA export has a leading zero where the top bit is set. */
static int same(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
    const unsigned char *x = a->data, *y = b->data;
    unsigned n = a->size, m = b->size;
    for (; n && !*x; n--)
        x++;
    for (; m && !*y; m--)
        y++;
    return n == m && memcmp(x, y, n) == 0;
}

static unsigned bit_length(const gnutls_datum_t *d)
{
    unsigned i, bits;
    unsigned char top;
    for (i = 0; i < d->size && !d->data[i]; i++)
        ;
    if (i == d->size)
        return 0;
    for (bits = (d->size - i) * 8, top = d->data[i]; !(top & 0x80); top <<= 1)
        bits--;
    return bits;
}

static void import_dsa(const char *label, const char *file)
{
    gnutls_datum_t data, p1 = { NULL, 0 }, g1 = { NULL, 0 }, p2 = { NULL, 0 }, q = { NULL, 0 }, g2 = { NULL, 0 };
    gnutls_x509_privkey_t key;
    gnutls_dh_params_t dh;
    unsigned bits = 0;
    int rc;

    if (gnutls_load_file(file, &data) < 0) {
        printf("%s load=failed\n", label);
        return;
    }
    gnutls_x509_privkey_init(&key);
    gnutls_dh_params_init(&dh);
    printf("%s key import rc=%d\n", label, gnutls_x509_privkey_import(key, &data, GNUTLS_X509_FMT_PEM));
    rc = gnutls_dh_params_import_dsa(dh, key);
    printf("%s import_dsa rc=%d\n", label, rc);
    if (rc == 0 && gnutls_dh_params_export_raw(dh, &p1, &g1, &bits) == 0 &&
        gnutls_x509_privkey_export_dsa_raw(key, &p2, &q, &g2, NULL, NULL) == 0)
        printf("%s same_p=%d same_g=%d bits_of_q=%d\n", label, same(&p1, &p2), same(&g1, &g2), bits == bit_length(&q));
    gnutls_free(p1.data);
    gnutls_free(g1.data);
    gnutls_free(p2.data);
    gnutls_free(q.data);
    gnutls_free(g2.data);
    gnutls_free(data.data);
    gnutls_dh_params_deinit(dh);
    gnutls_x509_privkey_deinit(key);
}

static void raw_line(const char *label, gnutls_dh_params_t p)
{
    gnutls_datum_t prime = { NULL, 0 }, gen = { NULL, 0 };
    unsigned bits = 12345;
    int rc = gnutls_dh_params_export_raw(p, &prime, &gen, &bits);
    printf("%s export_raw rc=%d bits=%u gen_size=%u gen0=%d\n", label, rc, bits, gen.size, gen.size ? gen.data[0] : -1);
    if (rc == 0)
        digest_line("  prime", &prime);
    gnutls_free(prime.data);
    gnutls_free(gen.data);
}

int main(int argc, char **argv)
{
    gnutls_dh_params_t a, b, c;
    gnutls_datum_t der = { NULL, 0 }, pem = { NULL, 0 }, file, zero = { (unsigned char *)"\0\0", 2 };
    unsigned char buf[2048];
    size_t size;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: dh_params OPENSSL_DHPARAMS.pem\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    gnutls_global_init();
    gnutls_dh_params_init(&a);
    gnutls_dh_params_init(&b);
    gnutls_dh_params_init(&c);

    rc = gnutls_dh_params_import_raw2(a, &gnutls_ffdhe_2048_group_prime, &gnutls_ffdhe_2048_group_generator, gnutls_ffdhe_2048_key_bits);
    printf("import_raw2 rc=%d\n", rc);
    raw_line("a", a);
    printf("export2 der rc=%d\n", gnutls_dh_params_export2_pkcs3(a, GNUTLS_X509_FMT_DER, &der));
    digest_line("  der", &der);
    printf("export2 pem rc=%d\n", gnutls_dh_params_export2_pkcs3(a, GNUTLS_X509_FMT_PEM, &pem));
    printf("%.*s", (int)pem.size, pem.data);

    size = 0;
    rc = gnutls_dh_params_export_pkcs3(a, GNUTLS_X509_FMT_DER, NULL, &size);
    printf("export der size query rc=%d size=%zu\n", rc, size);
    rc = gnutls_dh_params_export_pkcs3(a, GNUTLS_X509_FMT_DER, buf, &size);
    printf("export der exact rc=%d size=%zu\n", rc, size);
    size = sizeof(buf);
    rc = gnutls_dh_params_export_pkcs3(a, GNUTLS_X509_FMT_PEM, buf, &size);
    printf("export pem rc=%d size=%zu nul=%d same=%d\n", rc, size, buf[size] == 0, size == pem.size && memcmp(buf, pem.data, size) == 0);

    rc = gnutls_dh_params_import_pkcs3(b, &pem, GNUTLS_X509_FMT_PEM);
    printf("import own pem rc=%d\n", rc);
    raw_line("b", b);
    rc = gnutls_dh_params_import_pkcs3(b, &der, GNUTLS_X509_FMT_DER);
    printf("import own der rc=%d\n", rc);
    printf("cpy rc=%d\n", gnutls_dh_params_cpy(c, b));
    raw_line("c", c);

    rc = gnutls_load_file(argv[1], &file);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    rc = gnutls_dh_params_import_pkcs3(c, &file, GNUTLS_X509_FMT_PEM);
    printf("import openssl rc=%d\n", rc);
    raw_line("openssl", c);
    printf("import openssl as der rc=%d\n", gnutls_dh_params_import_pkcs3(c, &file, GNUTLS_X509_FMT_DER));
    gnutls_free(file.data);

    rc = gnutls_dh_params_import_raw3(c, &gnutls_ffdhe_2048_group_prime, &gnutls_ffdhe_2048_group_q, &gnutls_ffdhe_2048_group_generator);
    printf("import_raw3 rc=%d\n", rc);
    raw_line("raw3", c);
    printf("import_raw zero prime rc=%d\n", gnutls_dh_params_import_raw(c, &zero, &gnutls_ffdhe_2048_group_generator));
    printf("import_raw zero generator rc=%d\n", gnutls_dh_params_import_raw(c, &gnutls_ffdhe_2048_group_prime, &zero));
    {
        gnutls_datum_t zero_prime = { (unsigned char *)"\x30\x06\x02\x01\x00\x02\x01\x02", 8 };
        gnutls_datum_t junk = { (unsigned char *)"\x04\x02\x00\x00", 4 };
        gnutls_datum_t nopem = { (unsigned char *)"hello", 5 };
        gnutls_datum_t trunc = { der.data, der.size - 10 };
        printf("import zero prime der rc=%d\n", gnutls_dh_params_import_pkcs3(c, &zero_prime, GNUTLS_X509_FMT_DER));
        printf("import junk der rc=%d\n", gnutls_dh_params_import_pkcs3(c, &junk, GNUTLS_X509_FMT_DER));
        printf("import truncated der rc=%d\n", gnutls_dh_params_import_pkcs3(c, &trunc, GNUTLS_X509_FMT_DER));
        printf("import no pem rc=%d\n", gnutls_dh_params_import_pkcs3(c, &nopem, GNUTLS_X509_FMT_PEM));
    }

    /* GnuTLS searches for a prime of exactly this size; we give the RFC 7919 group of at
     * least this size, so only the outcome is compared. */
    rc = gnutls_dh_params_generate2(c, 2048);
    printf("generate2 rc=%d\n", rc);
    {
        gnutls_datum_t prime = { NULL, 0 }, gen = { NULL, 0 };
        unsigned bits = 0;
        rc = gnutls_dh_params_export_raw(c, &prime, &gen, &bits);
        printf("generate2 export_raw rc=%d prime_bits_ok=%d\n", rc, prime.size == 256 && (prime.data[0] & 0x80));
        printf("# generate2 q_bits=%u\n", bits);
        gnutls_free(prime.data);
        gnutls_free(gen.data);
    }

    if (argc >= 4) {
        import_dsa("dsa", argv[2]);
        import_dsa("rsa", argv[3]);
    }

    gnutls_free(der.data);
    gnutls_free(pem.data);
    gnutls_dh_params_deinit(a);
    gnutls_dh_params_deinit(b);
    gnutls_dh_params_deinit(c);
    gnutls_global_deinit();
    printf("result=ok\n");
    return 0;
}
