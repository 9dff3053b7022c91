/* The gnutls_x509_trust_list_* API over the test PKI, every return code and status printed,
 * so the output can be compared line by line between GnuTLS and gnutls-rustls.
 * Usage: trust_list PKI_DIR [PORT]
 * With PORT (an openssl s_server with good.pem on 127.0.0.1), also a handshake whose
 * credentials got their CA through a trust list given to them, as gnutls-cli does. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <unistd.h>
#include "common.h"

static const char *pki;

static const char *path(const char *name)
{
    static char buf[8][512];
    static int n;
    char *p = buf[n++ % 8];
    snprintf(p, 512, "%s/%s", pki, name);
    return p;
}

/* Every certificate of a PEM file, as handles the caller owns. */
static unsigned load_certs(const char *name, gnutls_x509_crt_t *certs, unsigned max)
{
    gnutls_datum_t data;
    int rc = gnutls_load_file(path(name), &data);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    unsigned n = max;
    rc = gnutls_x509_crt_list_import(certs, &n, &data, GNUTLS_X509_FMT_PEM, 0);
    gnutls_free(data.data);
    if (rc < 0)
        fail("gnutls_x509_crt_list_import", rc);
    return n;
}

static gnutls_x509_crt_t load_cert(const char *name)
{
    gnutls_x509_crt_t c;
    load_certs(name, &c, 1);
    return c;
}

static void free_certs(gnutls_x509_crt_t *certs, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        gnutls_x509_crt_deinit(certs[i]);
}

static void print_dn(const char *what, gnutls_x509_crt_t c)
{
    gnutls_datum_t dn;
    int rc = gnutls_x509_crt_get_dn2(c, &dn);
    printf("%s rc=%d dn=%s\n", what, rc, rc < 0 ? "-" : (char *)dn.data);
    if (rc >= 0)
        gnutls_free(dn.data);
}

/* verify_crt2 on a chain file with a hostname, IP, e-mail and purpose (each NULL for none). */
static void verify(gnutls_x509_trust_list_t tl, const char *label, const char *file, const char *host,
                   const unsigned char *ip, unsigned ip_size, const char *email, const char *purpose,
                   unsigned flags)
{
    gnutls_x509_crt_t chain[4];
    gnutls_typed_vdata_st data[3];
    unsigned n = load_certs(file, chain, 4), elements = 0, status = 0x12345678;

    if (host) {
        data[elements].type = GNUTLS_DT_DNS_HOSTNAME;
        data[elements].data = (void *)host;
        data[elements++].size = 0;
    }
    if (ip) {
        data[elements].type = GNUTLS_DT_IP_ADDRESS;
        data[elements].data = (void *)ip;
        data[elements++].size = ip_size;
    }
    if (email) {
        data[elements].type = GNUTLS_DT_RFC822NAME;
        data[elements].data = (void *)email;
        data[elements++].size = 0;
    }
    if (purpose) {
        data[elements].type = GNUTLS_DT_KEY_PURPOSE_OID;
        data[elements].data = (void *)purpose;
        data[elements++].size = 0;
    }
    int rc = gnutls_x509_trust_list_verify_crt2(tl, chain, n, data, elements, flags, &status, NULL);
    printf("verify %s rc=%d status=0x%x\n", label, rc, status);
    if (rc == 0 && status != 0 && !(status & GNUTLS_CERT_INVALID))
        printf("error: status without GNUTLS_CERT_INVALID\n");
    free_certs(chain, n);
}

static void verify_plain(gnutls_x509_trust_list_t tl, const char *label, const char *file, unsigned flags)
{
    gnutls_x509_crt_t chain[4];
    unsigned n = load_certs(file, chain, 4), status = 0x12345678;
    int rc = gnutls_x509_trust_list_verify_crt(tl, chain, n, flags, &status, NULL);
    printf("verify_crt %s rc=%d status=0x%x\n", label, rc, status);
    free_certs(chain, n);
}

/* What GnuTLS tells a verify output function: each check, top first. */
static int report_check(gnutls_x509_crt_t cert, gnutls_x509_crt_t issuer, gnutls_x509_crl_t crl,
                        unsigned int status)
{
    gnutls_datum_t dn = {NULL, 0}, idn = {NULL, 0};
    if (cert)
        gnutls_x509_crt_get_dn2(cert, &dn);
    if (issuer)
        gnutls_x509_crt_get_dn2(issuer, &idn);
    printf("  check cert=%s issuer=%s crl=%d status=0x%x\n", dn.data ? (char *)dn.data : "(null)",
           idn.data ? (char *)idn.data : "(null)", crl != NULL, status);
    gnutls_free(dn.data);
    gnutls_free(idn.data);
    return 0;
}

static void verify_reported(gnutls_x509_trust_list_t tl, const char *label, const char *file, const char *host,
                            unsigned flags)
{
    gnutls_x509_crt_t chain[4];
    gnutls_typed_vdata_st data = {GNUTLS_DT_DNS_HOSTNAME, (void *)host, 0};
    unsigned n = load_certs(file, chain, 4), status = 0x12345678;
    int rc;

    printf("verify_reported %s\n", label);
    if (host)
        rc = gnutls_x509_trust_list_verify_crt2(tl, chain, n, &data, 1, flags, &status, report_check);
    else
        rc = gnutls_x509_trust_list_verify_crt(tl, chain, n, flags, &status, report_check);
    printf("verify_reported %s rc=%d status=0x%x\n", label, rc, status);
    free_certs(chain, n);
}

/* gnutls_x509_trust_list_verify_crt/crt2's output function over good, bad and deep chains. */
static void output_function(void)
{
    gnutls_x509_trust_list_t tl;
    gnutls_x509_crt_t ca = load_cert("ca.pem");
    int rc = gnutls_x509_trust_list_init(&tl, 0);
    if (rc < 0)
        fail("gnutls_x509_trust_list_init", rc);
    printf("add_cas rc=%d\n", gnutls_x509_trust_list_add_cas(tl, &ca, 1, 0));
    verify_reported(tl, "good-chain", "good-chain.pem", "localhost", 0);
    verify_reported(tl, "good-leaf", "good.pem", NULL, 0);
    verify_reported(tl, "good-wronghost", "good-chain.pem", "wrong.example.com", 0);
    verify_reported(tl, "expired", "expired-chain.pem", NULL, 0);
    verify_reported(tl, "expired-notime", "expired-chain.pem", NULL, GNUTLS_VERIFY_DISABLE_TIME_CHECKS);
    verify_reported(tl, "notyet", "notyet.pem", NULL, 0);
    verify_reported(tl, "untrusted", "untrusted-chain.pem", NULL, 0);
    verify_reported(tl, "selfsigned", "selfsigned.pem", NULL, 0);
    verify_reported(tl, "ca-itself", "ca.pem", NULL, 0);
    verify_reported(tl, "deep", "deep-chain.pem", "localhost", 0);
    verify_reported(tl, "deep-full", "deep-full.pem", NULL, 0);
    verify_reported(tl, "deep-leaf-only", "deep.pem", NULL, 0);
    gnutls_x509_trust_list_deinit(tl, 1);
}

static void loading(void)
{
    gnutls_x509_trust_list_t tl;
    gnutls_datum_t ca_der, junk = { (unsigned char *)"junk", 4 }, empty = { NULL, 0 };
    gnutls_x509_crt_t ca = load_cert("ca.pem");
    int rc;

    rc = gnutls_x509_trust_list_init(&tl, 0);
    printf("init rc=%d\n", rc);
    printf("add_trust_file ca rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file ca again rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file chain rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("good-chain.pem"), NULL, GNUTLS_X509_FMT_PEM, GNUTLS_TL_USE_IN_TLS, 0));
    printf("add_trust_file missing rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("missing.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file notpem rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("notpem.txt"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file crl only rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, NULL, path("crl.pem"), GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file crl missing rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), path("missing.crl"), GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file both rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca2.pem"), path("crl.pem"), GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_file bad format rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), NULL, 7, 0, 0));
    printf("add_trust_mem none rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, NULL, NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_trust_mem empty rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, &empty, &empty, GNUTLS_X509_FMT_PEM, 0, 0));
    rc = gnutls_x509_crt_export2(ca, GNUTLS_X509_FMT_DER, &ca_der);
    if (rc < 0)
        fail("gnutls_x509_crt_export2", rc);
    printf("add_trust_mem der rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, &ca_der, NULL, GNUTLS_X509_FMT_DER, 0, 0));
    printf("add_trust_mem junk der rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, &junk, NULL, GNUTLS_X509_FMT_DER, 0, 0));
    printf("add_trust_mem junk pem rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, &junk, NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    {
        /* PEM with no line break at all, as programs embed it: GnuTLS reads it. */
        gnutls_datum_t chain, flat;
        gnutls_x509_crt_t certs[4];
        unsigned n = 4, j = 0;
        if (gnutls_load_file(path("good-chain.pem"), &chain) < 0)
            fail("gnutls_load_file", -1);
        flat.data = gnutls_malloc(chain.size);
        for (unsigned i = 0; i < chain.size; i++)
            if (chain.data[i] != '\n')
                flat.data[j++] = chain.data[i];
        flat.size = j;
        rc = gnutls_x509_crt_list_import(certs, &n, &flat, GNUTLS_X509_FMT_PEM, 0);
        printf("list_import one-line rc=%d n=%u\n", rc, rc < 0 ? 0 : n);
        free_certs(certs, rc < 0 ? 0 : n);
        printf("add_trust_mem one-line rc=%d\n", gnutls_x509_trust_list_add_trust_mem(tl, &flat, NULL, GNUTLS_X509_FMT_PEM, 0, 0));
        gnutls_free(flat.data);
        gnutls_free(chain.data);
    }
    printf("remove_trust_mem der rc=%d\n", gnutls_x509_trust_list_remove_trust_mem(tl, &ca_der, GNUTLS_X509_FMT_DER));
    printf("remove_trust_mem none rc=%d\n", gnutls_x509_trust_list_remove_trust_mem(tl, NULL, GNUTLS_X509_FMT_PEM));
    printf("remove_trust_file ca2 rc=%d\n", gnutls_x509_trust_list_remove_trust_file(tl, path("ca2.pem"), GNUTLS_X509_FMT_PEM));
    printf("remove_trust_file missing rc=%d\n", gnutls_x509_trust_list_remove_trust_file(tl, path("missing.pem"), GNUTLS_X509_FMT_PEM));
    verify_plain(tl, "good-chain after removing ca", "good-chain.pem", 0);
    verify_plain(tl, "good after removing ca", "good.pem", 0);
    gnutls_free(ca_der.data);
    gnutls_x509_crt_deinit(ca);
    gnutls_x509_trust_list_deinit(tl, 1);

    /* The directory of the PKI holds both CAs among other files. */
    rc = gnutls_x509_trust_list_init(&tl, 0);
    printf("init rc=%d\n", rc);
    rc = gnutls_x509_trust_list_add_trust_dir(tl, pki, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
    printf("add_trust_dir counted=%d\n", rc > 0);
    printf("add_trust_dir missing rc=%d\n", gnutls_x509_trust_list_add_trust_dir(tl, path("nodir"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    gnutls_x509_trust_list_deinit(tl, 1);

    rc = gnutls_x509_trust_list_init(&tl, 7);
    printf("init 7 rc=%d\n", rc);
    rc = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
    printf("add_system_trust positive=%d\n", rc > 0);
    gnutls_x509_trust_list_deinit(tl, 1);
}

static void verification(void)
{
    static const unsigned char lo[4] = { 127, 0, 0, 1 }, lo2[4] = { 127, 0, 0, 2 };
    gnutls_x509_trust_list_t tl;
    int rc = gnutls_x509_trust_list_init(&tl, 0);

    printf("init rc=%d\n", rc);
    printf("add_trust_file rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), path("crl.pem"), GNUTLS_X509_FMT_PEM, 0, 0));
    static const char *names[] = { "good", "expired", "notyet", "wronghost", "untrusted", "selfsigned", "revoked" };
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char leaf[64], chain[64], label[64];
        snprintf(leaf, sizeof leaf, "%s.pem", names[i]);
        snprintf(chain, sizeof chain, "%s-chain.pem", names[i]);
        snprintf(label, sizeof label, "%s leaf", names[i]);
        verify(tl, label, leaf, NULL, NULL, 0, NULL, NULL, 0);
        snprintf(label, sizeof label, "%s chain localhost server", names[i]);
        verify(tl, label, chain, "localhost", NULL, 0, NULL, GNUTLS_KP_TLS_WWW_SERVER, 0);
        snprintf(label, sizeof label, "%s chain", names[i]);
        verify_plain(tl, label, chain, 0);
    }
    verify(tl, "good other host", "good.pem", "other.example", NULL, 0, NULL, NULL, 0);
    verify(tl, "good ip", "good.pem", NULL, lo, 4, NULL, NULL, 0);
    verify(tl, "good other ip", "good.pem", NULL, lo2, 4, NULL, NULL, 0);
    verify(tl, "good ip as hostname", "good.pem", "127.0.0.1", NULL, 0, NULL, NULL, 0);
    verify(tl, "good email", "good.pem", NULL, NULL, 0, "a@localhost", NULL, 0);
    verify(tl, "good client purpose", "good.pem", NULL, NULL, 0, NULL, GNUTLS_KP_TLS_WWW_CLIENT, 0);
    verify(tl, "good code signing purpose", "good.pem", NULL, NULL, 0, NULL, "1.3.6.1.5.5.7.3.3", 0);
    verify(tl, "good two names", "good.pem", "localhost", lo, 4, NULL, NULL, 0);
    verify(tl, "expired no time checks", "expired-chain.pem", "localhost", NULL, 0, NULL, NULL, GNUTLS_VERIFY_DISABLE_TIME_CHECKS);
    verify(tl, "revoked no crl checks", "revoked-chain.pem", "localhost", NULL, 0, NULL, NULL, GNUTLS_VERIFY_DISABLE_CRL_CHECKS);
    verify(tl, "revoked other host", "revoked-chain.pem", "other.example", NULL, 0, NULL, NULL, 0);
    verify(tl, "good profile medium", "good-chain.pem", "localhost", NULL, 0, NULL, NULL, GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_MEDIUM));
    verify(tl, "good profile high", "good-chain.pem", "localhost", NULL, 0, NULL, NULL, GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_HIGH));
    verify(tl, "expired profile high", "expired-chain.pem", NULL, NULL, 0, NULL, NULL, GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_HIGH));
    verify(tl, "wronghost no wildcards", "wronghost.pem", "wrong.example.com", NULL, 0, NULL, NULL, GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS);

    gnutls_x509_crt_t good = load_cert("good.pem");
    unsigned status = 0x12345678;
    rc = gnutls_x509_trust_list_verify_crt2(tl, &good, 0, NULL, 0, 0, &status, NULL);
    printf("verify empty chain rc=%d status=0x%x\n", rc, status);
    rc = gnutls_x509_trust_list_verify_crt(tl, NULL, 1, 0, &status, NULL);
    printf("verify NULL chain rc=%d\n", rc);
    gnutls_x509_crt_deinit(good);
    gnutls_x509_trust_list_deinit(tl, 1);
}

static void issuers_and_iteration(void)
{
    gnutls_x509_trust_list_t tl;
    gnutls_x509_trust_list_iter_t iter = NULL;
    gnutls_x509_crt_t cas[2], good = load_cert("good.pem"), untrusted = load_cert("untrusted.pem");
    gnutls_x509_crt_t issuer, issuer2, copy, c;
    gnutls_datum_t dn;
    unsigned char id[64];
    size_t id_size = sizeof(id);
    int rc, n = 0;

    cas[0] = load_cert("ca.pem");
    cas[1] = load_cert("ca2.pem");
    rc = gnutls_x509_trust_list_init(&tl, 0);
    printf("init rc=%d\n", rc);
    printf("add_cas rc=%d\n", gnutls_x509_trust_list_add_cas(tl, cas, 2, 0));
    printf("set_ptr get_ptr same=%d\n", (gnutls_x509_trust_list_set_ptr(tl, &n), gnutls_x509_trust_list_get_ptr(tl) == &n));

    rc = gnutls_x509_trust_list_get_issuer(tl, good, &issuer, 0);
    print_dn("get_issuer good", issuer);
    rc = gnutls_x509_trust_list_get_issuer(tl, good, &issuer2, 0);
    printf("get_issuer again rc=%d same_object=%d is_added_object=%d\n", rc, issuer == issuer2, issuer == cas[0]);
    rc = gnutls_x509_trust_list_get_issuer(tl, good, &copy, GNUTLS_TL_GET_COPY);
    printf("get_issuer copy rc=%d new_object=%d equal=%u\n", rc, copy != cas[0], gnutls_x509_crt_equals(copy, cas[0]));
    gnutls_x509_crt_deinit(copy);
    rc = gnutls_x509_trust_list_get_issuer(tl, cas[1], &copy, GNUTLS_TL_GET_COPY);
    printf("get_issuer of self-signed ca2 rc=%d\n", rc);
    if (rc == 0)
        gnutls_x509_crt_deinit(copy);

    rc = gnutls_x509_crt_get_raw_issuer_dn(good, &dn);
    printf("get_raw_issuer_dn rc=%d\n", rc);
    rc = gnutls_x509_trust_list_get_issuer_by_dn(tl, &dn, &copy, 0);
    print_dn("get_issuer_by_dn", rc < 0 ? NULL : copy);
    if (rc == 0)
        gnutls_x509_crt_deinit(copy);
    rc = gnutls_x509_crt_get_subject_key_id(cas[0], id, &id_size, NULL);
    printf("get_subject_key_id rc=%d size=%zu\n", rc, id_size);
    gnutls_datum_t spki = { id, (unsigned)id_size }, nospki = { id, 0 }, wrong = { (unsigned char *)"xx", 2 };
    rc = gnutls_x509_trust_list_get_issuer_by_subject_key_id(tl, NULL, &spki, &copy, 0);
    printf("by_subject_key_id id only rc=%d\n", rc);
    if (rc == 0) {
        print_dn("by_subject_key_id", copy);
        gnutls_x509_crt_deinit(copy);
    }
    rc = gnutls_x509_trust_list_get_issuer_by_subject_key_id(tl, &dn, &spki, &copy, 0);
    printf("by_subject_key_id dn+id rc=%d\n", rc);
    if (rc == 0)
        gnutls_x509_crt_deinit(copy);
    rc = gnutls_x509_trust_list_get_issuer_by_subject_key_id(tl, &dn, &nospki, &copy, 0);
    printf("by_subject_key_id dn+empty id rc=%d\n", rc);
    if (rc == 0)
        gnutls_x509_crt_deinit(copy);
    rc = gnutls_x509_trust_list_get_issuer_by_subject_key_id(tl, &dn, &wrong, &copy, 0);
    printf("by_subject_key_id dn+wrong id rc=%d\n", rc);
    rc = gnutls_x509_trust_list_get_issuer_by_subject_key_id(tl, NULL, &wrong, &copy, 0);
    printf("by_subject_key_id wrong id rc=%d\n", rc);
    gnutls_free(dn.data);

    while ((rc = gnutls_x509_trust_list_iter_get_ca(tl, &iter, &c)) == 0) {
        print_dn("iter_get_ca", c);
        gnutls_x509_crt_deinit(c);
        n++;
    }
    printf("iter end rc=%d count=%d iter_null=%d crt_null=%d\n", rc, n, iter == NULL, c == NULL);
    rc = gnutls_x509_trust_list_iter_get_ca(tl, &iter, &c);
    printf("iter restart rc=%d\n", rc);
    if (rc == 0)
        gnutls_x509_crt_deinit(c);
    gnutls_x509_trust_list_iter_deinit(iter);
    gnutls_x509_trust_list_iter_deinit(NULL);

    /* Removing the CA (the program keeps the object it passes) distrusts it. */
    rc = gnutls_x509_trust_list_remove_cas(tl, &untrusted, 1);
    printf("remove_cas unknown rc=%d\n", rc);
    gnutls_x509_crt_t ca_copy = load_cert("ca.pem");
    rc = gnutls_x509_trust_list_remove_cas(tl, &ca_copy, 1);
    printf("remove_cas ca rc=%d\n", rc);
    gnutls_x509_crt_deinit(ca_copy);
    rc = gnutls_x509_trust_list_get_issuer(tl, good, &issuer, 0);
    printf("get_issuer after remove rc=%d\n", rc);
    verify(tl, "good-chain after remove_cas", "good-chain.pem", NULL, NULL, 0, NULL, NULL, 0);
    verify(tl, "good after remove_cas", "good.pem", NULL, NULL, 0, NULL, NULL, 0);
    verify(tl, "untrusted-chain after remove_cas", "untrusted-chain.pem", NULL, NULL, 0, NULL, NULL, 0);
    n = 0;
    iter = NULL;
    while (gnutls_x509_trust_list_iter_get_ca(tl, &iter, &c) == 0) {
        gnutls_x509_crt_deinit(c);
        n++;
    }
    printf("cas left=%d\n", n);
    gnutls_x509_trust_list_deinit(tl, 1);  /* frees cas[1] (and the removed cas[0]) */
    gnutls_x509_crt_deinit(good);
    gnutls_x509_crt_deinit(untrusted);

    /* Duplicates: counted, and replaced under GNUTLS_TL_NO_DUPLICATES. */
    rc = gnutls_x509_trust_list_init(&tl, 1);
    printf("init 1 rc=%d\n", rc);
    gnutls_x509_crt_t a = load_cert("ca.pem"), b = load_cert("ca.pem"), d = load_cert("ca.pem");
    printf("add_cas a rc=%d\n", gnutls_x509_trust_list_add_cas(tl, &a, 1, 0));
    printf("add_cas b rc=%d\n", gnutls_x509_trust_list_add_cas(tl, &b, 1, 0));
    printf("add_cas d no duplicates rc=%d\n", gnutls_x509_trust_list_add_cas(tl, &d, 1, GNUTLS_TL_NO_DUPLICATES));
    n = 0;
    iter = NULL;
    while (gnutls_x509_trust_list_iter_get_ca(tl, &iter, &c) == 0) {
        gnutls_x509_crt_deinit(c);
        n++;
    }
    printf("cas=%d\n", n);
    gnutls_x509_trust_list_deinit(tl, 1);

    /* deinit with all=0 leaves the program's objects to it. */
    rc = gnutls_x509_trust_list_init(&tl, 0);
    a = load_cert("ca.pem");
    printf("add_cas keep rc=%d\n", gnutls_x509_trust_list_add_cas(tl, &a, 1, 0));
    gnutls_x509_trust_list_deinit(tl, 0);
    print_dn("still usable after deinit 0", a);
    gnutls_x509_crt_deinit(a);
    gnutls_x509_trust_list_deinit(NULL, 1);
}

static void named(void)
{
    gnutls_x509_trust_list_t tl;
    gnutls_x509_crt_t self = load_cert("selfsigned.pem"), good = load_cert("good.pem");
    unsigned status = 0x12345678;
    char long_name[300];
    int rc = gnutls_x509_trust_list_init(&tl, 0);

    printf("init rc=%d\n", rc);
    memset(long_name, 'a', sizeof long_name);
    printf("add_named_crt long rc=%d\n", gnutls_x509_trust_list_add_named_crt(tl, self, long_name, 256, 0));
    printf("add_named_crt rc=%d\n", gnutls_x509_trust_list_add_named_crt(tl, self, "localhost", 9, 0));
    rc = gnutls_x509_trust_list_verify_named_crt(tl, self, "localhost", 9, 0, &status, NULL);
    printf("verify_named_crt rc=%d status=0x%x\n", rc, status);
    rc = gnutls_x509_trust_list_verify_named_crt(tl, self, "localhost.", 10, 0, &status, NULL);
    printf("verify_named_crt other name rc=%d status=0x%x\n", rc, status);
    rc = gnutls_x509_trust_list_verify_named_crt(tl, good, "localhost", 9, 0, &status, NULL);
    printf("verify_named_crt other cert rc=%d status=0x%x\n", rc, status);
    verify(tl, "selfsigned as named localhost", "selfsigned.pem", "localhost", NULL, 0, NULL, NULL, 0);
    verify(tl, "selfsigned as named, no name", "selfsigned.pem", NULL, NULL, 0, NULL, NULL, 0);
    verify(tl, "selfsigned as named, other name", "selfsigned.pem", "127.0.0.1", NULL, 0, NULL, NULL, 0);
    gnutls_x509_trust_list_deinit(tl, 1);  /* frees self */
    gnutls_x509_crt_deinit(good);
}

static void crls(void)
{
    gnutls_x509_trust_list_t tl;
    gnutls_x509_crl_t crl, crl2, bad;
    gnutls_datum_t data, junk = { (unsigned char *)"junk", 4 };
    int rc;

    rc = gnutls_load_file(path("crl.pem"), &data);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    printf("crl_init rc=%d\n", gnutls_x509_crl_init(&crl));
    printf("crl_import rc=%d\n", gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_PEM));
    printf("crl_init rc=%d\n", gnutls_x509_crl_init(&bad));
    printf("crl_import junk pem rc=%d\n", gnutls_x509_crl_import(bad, &junk, GNUTLS_X509_FMT_PEM));
    printf("crl_import junk der rc=%d\n", gnutls_x509_crl_import(bad, &junk, GNUTLS_X509_FMT_DER));
    gnutls_x509_crl_deinit(bad);

    rc = gnutls_x509_trust_list_init(&tl, 0);
    printf("add_trust_file rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca2.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    printf("add_crls none rc=%d\n", gnutls_x509_trust_list_add_crls(tl, NULL, 0, 0, 0));
    /* Not issued by a trusted CA: skipped (and kept by the program) under GNUTLS_TL_VERIFY_CRL. */
    printf("add_crls unverified rc=%d\n", gnutls_x509_trust_list_add_crls(tl, &crl, 1, GNUTLS_TL_VERIFY_CRL, 0));
    printf("add_crls unverified fail rc=%d\n", gnutls_x509_trust_list_add_crls(tl, &crl, 1, GNUTLS_TL_VERIFY_CRL | GNUTLS_TL_FAIL_ON_INVALID_CRL, 0));
    printf("add_trust_file ca rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));
    verify(tl, "revoked before crl", "revoked-chain.pem", "localhost", NULL, 0, NULL, NULL, 0);
    printf("add_crls verified rc=%d\n", gnutls_x509_trust_list_add_crls(tl, &crl, 1, GNUTLS_TL_VERIFY_CRL, 0));
    verify(tl, "revoked after crl", "revoked-chain.pem", "localhost", NULL, 0, NULL, NULL, 0);
    verify(tl, "revoked leaf after crl", "revoked.pem", NULL, NULL, 0, NULL, NULL, 0);
    verify(tl, "good after crl", "good-chain.pem", "localhost", NULL, 0, NULL, NULL, 0);
    /* The same CRL again replaces the first under GNUTLS_TL_NO_DUPLICATES (which frees it). */
    gnutls_x509_crl_init(&crl2);
    gnutls_x509_crl_import(crl2, &data, GNUTLS_X509_FMT_PEM);
    printf("add_crls duplicate rc=%d\n", gnutls_x509_trust_list_add_crls(tl, &crl2, 1, GNUTLS_TL_NO_DUPLICATES, 0));
    verify(tl, "revoked after duplicate crl", "revoked-chain.pem", NULL, NULL, 0, NULL, NULL, 0);

    gnutls_x509_crt_t revoked = load_cert("revoked.pem");
    unsigned status;
    rc = gnutls_x509_trust_list_add_named_crt(tl, revoked, "localhost", 9, 0);
    rc = gnutls_x509_trust_list_verify_named_crt(tl, revoked, "localhost", 9, 0, &status, NULL);
    printf("verify_named_crt revoked rc=%d status=0x%x\n", rc, status);
    rc = gnutls_x509_trust_list_verify_named_crt(tl, revoked, "localhost", 9, GNUTLS_VERIFY_DISABLE_CRL_CHECKS, &status, NULL);
    printf("verify_named_crt revoked no crl checks rc=%d status=0x%x\n", rc, status);
    gnutls_x509_trust_list_deinit(tl, 1);
    gnutls_free(data.data);
}

static void credentials(void)
{
    gnutls_certificate_credentials_t cred;
    gnutls_x509_trust_list_t tl, got;
    gnutls_x509_trust_list_iter_t iter = NULL;
    gnutls_x509_crt_t c;
    int rc, n = 0;

    rc = gnutls_certificate_allocate_credentials(&cred);
    printf("allocate rc=%d\n", rc);
    printf("set_x509_trust_file rc=%d\n", gnutls_certificate_set_x509_trust_file(cred, path("ca2.pem"), GNUTLS_X509_FMT_PEM));
    gnutls_certificate_get_trust_list(cred, &got);
    while (gnutls_x509_trust_list_iter_get_ca(got, &iter, &c) == 0) {
        print_dn("credentials' own list", c);
        gnutls_x509_crt_deinit(c);
        n++;
    }
    printf("credentials' own list count=%d\n", n);
    gnutls_x509_trust_list_t again;
    gnutls_certificate_get_trust_list(cred, &again);
    printf("get_trust_list twice same=%d\n", got == again);

    rc = gnutls_x509_trust_list_init(&tl, 0);
    gnutls_certificate_set_trust_list(cred, tl, 0);
    gnutls_certificate_get_trust_list(cred, &got);
    printf("set_trust_list get_trust_list same=%d\n", got == tl);
    /* Added after the list was given, as gnutls-cli does. */
    printf("add_trust_file after set rc=%d\n", gnutls_x509_trust_list_add_trust_file(tl, path("ca.pem"), NULL, GNUTLS_X509_FMT_PEM, GNUTLS_TL_USE_IN_TLS, 0));
    n = 0;
    iter = NULL;
    while (gnutls_x509_trust_list_iter_get_ca(got, &iter, &c) == 0) {
        print_dn("given list", c);
        gnutls_x509_crt_deinit(c);
        n++;
    }
    printf("given list count=%d\n", n);
    gnutls_certificate_free_credentials(cred);  /* frees tl too */
}

/* A handshake with credentials whose CA came through a trust list given to them. */
static void handshake(const char *port, const char *ca, const char *host, int verify_in_handshake)
{
    gnutls_certificate_credentials_t cred;
    gnutls_x509_trust_list_t tl;
    gnutls_session_t session;
    gnutls_typed_vdata_st data[2];
    unsigned status = 0x12345678;
    int rc, fd;

    gnutls_certificate_allocate_credentials(&cred);
    gnutls_x509_trust_list_init(&tl, 0);
    gnutls_certificate_set_trust_list(cred, tl, 0);
    printf("handshake %s add_trust_file rc=%d\n", ca, gnutls_x509_trust_list_add_trust_file(tl, path(ca), NULL, GNUTLS_X509_FMT_PEM, GNUTLS_TL_USE_IN_TLS, 0));
    gnutls_init(&session, GNUTLS_CLIENT);
    gnutls_server_name_set(session, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_set_default_priority(session);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
    if (verify_in_handshake == 1) {
        gnutls_session_set_verify_cert(session, host, 0);
        gnutls_session_set_verify_output_function(session, report_check);
    } else if (verify_in_handshake > 1) {
        /* 2: the server purpose, which the certificate has; 3: the client one, which it lacks */
        data[0].type = GNUTLS_DT_DNS_HOSTNAME;
        data[0].data = (void *)host;
        data[0].size = 0;
        data[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
        data[1].data = (void *)(verify_in_handshake == 2 ? GNUTLS_KP_TLS_WWW_SERVER : GNUTLS_KP_TLS_WWW_CLIENT);
        data[1].size = 0;
        gnutls_session_set_verify_cert2(session, data, 2, 0);
    }
    fd = tcp_connect_to("127.0.0.1", port);
    gnutls_transport_set_int(session, fd);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    printf("handshake %s %s verify=%d rc=%d\n", ca, host, verify_in_handshake, rc);
    if (rc == 0) {
        data[0].type = GNUTLS_DT_DNS_HOSTNAME;
        data[0].data = (void *)host;
        data[0].size = 0;
        data[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
        data[1].data = (void *)GNUTLS_KP_TLS_WWW_SERVER;
        data[1].size = 0;
        rc = gnutls_certificate_verify_peers(session, data, 2, &status);
        printf("verify_peers %s %s rc=%d status=0x%x\n", ca, host, rc, status);
        rc = gnutls_certificate_verify_peers3(session, host, &status);
        printf("verify_peers3 %s %s rc=%d status=0x%x\n", ca, host, rc, status);
        data[1].data = (void *)GNUTLS_KP_TLS_WWW_CLIENT;
        rc = gnutls_certificate_verify_peers(session, data, 2, &status);
        printf("verify_peers client purpose rc=%d status=0x%x\n", rc, status);
        rc = gnutls_certificate_verify_peers(session, NULL, 0, &status);
        printf("verify_peers no data rc=%d status=0x%x\n", rc, status);
        gnutls_session_set_verify_output_function(session, report_check);
        rc = gnutls_certificate_verify_peers3(session, host, &status);
        printf("verify_peers3 reported %s %s rc=%d status=0x%x\n", ca, host, rc, status);
        rc = gnutls_certificate_verify_peers(session, data, 2, &status);
        printf("verify_peers reported %s %s rc=%d status=0x%x\n", ca, host, rc, status);
        gnutls_session_set_verify_output_function(session, NULL);
        rc = gnutls_certificate_verify_peers3(session, host, &status);
        printf("verify_peers3 unreported rc=%d status=0x%x\n", rc, status);
        /* The test PKI's RSA-2048 keys meet the MEDIUM profile, not HIGH. */
        gnutls_certificate_set_verify_flags(cred, GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_HIGH));
        rc = gnutls_certificate_verify_peers3(session, host, &status);
        printf("verify_peers3 profile high rc=%d status=0x%x\n", rc, status);

        gnutls_bye(session, GNUTLS_SHUT_RDWR);
    }
    close(fd);
    gnutls_deinit(session);
    gnutls_certificate_free_credentials(cred);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: trust_list PKI_DIR [PORT]\n");
        return 2;
    }
    pki = argv[1];
    gnutls_global_init();
    printf("== loading\n");
    loading();
    printf("== verification\n");
    verification();
    printf("== issuers and iteration\n");
    issuers_and_iteration();
    printf("== named certificates\n");
    named();
    printf("== CRLs\n");
    crls();
    printf("== credentials\n");
    credentials();
    printf("== output function\n");
    output_function();
    if (argc > 2) {
        printf("== handshake\n");
        handshake(argv[2], "ca.pem", "localhost", 1);
        handshake(argv[2], "ca2.pem", "localhost", 1);
        handshake(argv[2], "ca.pem", "wrong.example.com", 1);
        handshake(argv[2], "ca.pem", "localhost", 0);
        handshake(argv[2], "ca.pem", "wrong.example.com", 0);
        handshake(argv[2], "ca2.pem", "localhost", 0);
        handshake(argv[2], "ca.pem", "localhost", 2);
        handshake(argv[2], "ca.pem", "localhost", 3);
        handshake(argv[2], "ca.pem", "wrong.example.com", 2);
    }
    gnutls_global_deinit();
    printf("result=ok\n");
    return 0;
}
