/* Hello extensions and certificate extensions as raw objects:
 *  rawparse     gnutls_ext_raw_parse over the library's own ClientHello (captured from a
 *               client whose push function keeps the bytes) and over crafted ones: the
 *               extensions in order, SNI's body, and the codes for short, foreign and
 *               malformed input and for a callback that stops the walk;
 *  tlsfeatures  gnutls_x509_tlsfeatures_* over a certificate made by openssl with
 *               "tlsfeature = status_request" (CERT) and one without (PLAIN): import,
 *               export, get, add, check_crt, and a request carrying them.
 *
 * usage: extensions rawparse | extensions tlsfeatures CERT PLAIN
 * Prints key=value lines; lines starting with '#' differ between libraries. */
#include <errno.h>

#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>

#include "common.h"

static unsigned char captured[4096];
static size_t captured_len;

static ssize_t keep_push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
    (void)p;
    if (captured_len + len > sizeof(captured))
        len = sizeof(captured) - captured_len;
    memcpy(captured + captured_len, data, len);
    captured_len += len;
    return (ssize_t)len;
}

static ssize_t nothing_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
    (void)p;
    (void)data;
    (void)len;
    errno = EAGAIN;
    return -1;
}

struct seen {
    unsigned count, order_ok, has_sni, has_versions, calls;
    char sni[64];
    int stop_at;
};

static int visit(void *ctx, unsigned tls_id, const unsigned char *data, unsigned size)
{
    struct seen *s = ctx;
    s->calls++;
    if (s->stop_at && (int)s->calls == s->stop_at)
        return -1234;
    s->count++;
    printf("# ext %u size %u\n", tls_id, size);
    if (tls_id == 0 && size > 5) {
        /* server_name_list: length, type 0, name length, name */
        unsigned n = (data[3] << 8) | data[4];
        if (n < sizeof(s->sni) && 5 + n <= size) {
            memcpy(s->sni, data + 5, n);
            s->sni[n] = 0;
            s->has_sni = 1;
        }
    }
    if (tls_id == 43)
        s->has_versions = 1;
    return 0;
}

static void parse_case(const char *name, const unsigned char *data, unsigned size, unsigned flags, int stop_at)
{
    struct seen s;
    gnutls_datum_t d = { (unsigned char *)data, size };
    int rc;

    memset(&s, 0, sizeof(s));
    s.stop_at = stop_at;
    rc = gnutls_ext_raw_parse(&s, visit, &d, flags);
    printf("%s rc=%d visited=%u\n", name, rc, s.count);
}

static int rawparse(void)
{
    gnutls_session_t sess;
    gnutls_certificate_credentials_t cred;
    struct seen s;
    gnutls_datum_t body;
    unsigned char hello[512];
    size_t hlen;
    int rc;

    gnutls_certificate_allocate_credentials(&cred);
    gnutls_init(&sess, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
    gnutls_priority_set_direct(sess, "NORMAL", NULL);
    gnutls_credentials_set(sess, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(sess, GNUTLS_NAME_DNS, "hello.example.test", 18);
    gnutls_transport_set_push_function(sess, keep_push);
    gnutls_transport_set_pull_function(sess, nothing_pull);
    rc = gnutls_handshake(sess);
    printf("handshake_wants_more=%d\n", rc == GNUTLS_E_AGAIN);
    /* record header (5) and handshake header (4): type 1, then the body */
    if (captured_len < 9 || captured[0] != 22 || captured[5] != 1)
        fail("no ClientHello captured", 0);
    body.data = captured + 9;
    body.size = (captured[6] << 16) | (captured[7] << 8) | captured[8];
    if (body.size + 9 > captured_len)
        fail("ClientHello larger than captured", 0);

    memset(&s, 0, sizeof(s));
    rc = gnutls_ext_raw_parse(&s, visit, &body, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO);
    printf("own_hello rc=%d sni=%s has_supported_versions=%u\n", rc, s.has_sni ? s.sni : "-", s.has_versions);
    printf("# own_hello extensions=%u\n", s.count);
    printf("own_hello_as_dtls rc=%d\n", gnutls_ext_raw_parse(&s, visit, &body, GNUTLS_EXT_RAW_FLAG_DTLS_CLIENT_HELLO));
    memset(&s, 0, sizeof(s));
    s.stop_at = 2;
    rc = gnutls_ext_raw_parse(&s, visit, &body, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO);
    printf("own_hello_stopped rc=%d visited=%u\n", rc, s.count);
    printf("own_hello_short rc=%d\n", (body.size = 30, gnutls_ext_raw_parse(&s, visit, &body, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO)));
    gnutls_deinit(sess);
    gnutls_certificate_free_credentials(cred);

    /* A TLS 1.2 hello of fixed fields only, then with a block, then with broken blocks. */
    memset(hello, 0, sizeof(hello));
    hello[0] = 3;
    hello[1] = 3;
    hlen = 34;
    hello[hlen++] = 0;                /* session id */
    hello[hlen++] = 0;
    hello[hlen++] = 2;
    hello[hlen++] = 0x13;
    hello[hlen++] = 0x01;             /* one suite */
    hello[hlen++] = 1;
    hello[hlen++] = 0;                /* null compression */
    parse_case("no_extensions", hello, hlen, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
    {
        static const unsigned char block[] = { 0, 10, 0, 23, 0, 0, 0xff, 0x01, 0, 2, 0xaa, 0xbb };
        memcpy(hello + hlen, block, sizeof(block));
        parse_case("two_extensions", hello, hlen + sizeof(block), GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
        parse_case("block_only", block, sizeof(block), 0, 0);
        parse_case("block_trailing", hello, hlen + sizeof(block) + 1, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
        parse_case("block_short", block, sizeof(block) - 1, 0, 0);
        parse_case("block_empty", block, 0, 0, 0);
        parse_case("block_zero_length", (const unsigned char *)"\0\0", 2, 0, 0);
        parse_case("block_odd_byte", (const unsigned char *)"\0\1\0", 3, 0, 0);
        parse_case("bad_flags", block, sizeof(block), 4, 0);
        parse_case("tls_and_dtls_flags", hello, hlen + sizeof(block), 3, 0);
    }
    hello[0] = 2;
    parse_case("sslv2_version", hello, hlen, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
    hello[0] = 3;
    hello[34] = 200;                  /* a session id longer than the hello */
    parse_case("long_session_id", hello, hlen, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
    parse_case("truncated_random", hello, 20, GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO, 0);
    return 0;
}

static gnutls_x509_crt_t load(const char *path)
{
    gnutls_datum_t d;
    gnutls_x509_crt_t crt;
    int rc = gnutls_load_file(path, &d);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    gnutls_x509_crt_init(&crt);
    rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
    gnutls_free(d.data);
    if (rc < 0)
        fail("gnutls_x509_crt_import", rc);
    return crt;
}

static void print_features(const char *name, gnutls_x509_tlsfeatures_t f)
{
    unsigned i, v;
    int rc;
    printf("%s=", name);
    for (i = 0; (rc = gnutls_x509_tlsfeatures_get(f, i, &v)) == 0; i++)
        printf("%s%u", i ? "," : "", v);
    printf(" end_rc=%d\n", rc);
}

static int tlsfeatures(const char *cert_path, const char *plain_path)
{
    gnutls_x509_crt_t cert = load(cert_path), plain = load(plain_path);
    gnutls_x509_tlsfeatures_t f, want, g;
    gnutls_x509_crq_t crq;
    gnutls_datum_t der;
    unsigned critical = 7, i;
    int rc;

    gnutls_x509_tlsfeatures_init(&f);
    rc = gnutls_x509_crt_get_tlsfeatures(cert, f, 0, &critical);
    printf("crt_get rc=%d critical=%u\n", rc, critical);
    print_features("crt_features", f);
    printf("plain_get rc=%d\n", gnutls_x509_crt_get_tlsfeatures(plain, f, 0, NULL));
    print_features("after_plain", f);
    rc = gnutls_x509_ext_export_tlsfeatures(f, &der);
    printf("export rc=%d der=", rc);
    for (i = 0; rc == 0 && i < der.size; i++)
        printf("%02x", der.data[i]);
    printf("\n");
    rc = gnutls_x509_ext_import_tlsfeatures(&der, f, GNUTLS_EXT_FLAG_APPEND);
    printf("import_append_same rc=%d\n", rc);
    print_features("deduplicated", f);
    if (der.size)
        gnutls_free(der.data);

    gnutls_x509_tlsfeatures_init(&want);
    printf("check_empty plain=%u\n", gnutls_x509_tlsfeatures_check_crt(want, plain));
    printf("add 5 rc=%d\n", gnutls_x509_tlsfeatures_add(want, 5));
    printf("check_5 cert=%u plain=%u\n", gnutls_x509_tlsfeatures_check_crt(want, cert),
           gnutls_x509_tlsfeatures_check_crt(want, plain));
    printf("add 17 rc=%d\n", gnutls_x509_tlsfeatures_add(want, 17));
    printf("add 5 again rc=%d\n", gnutls_x509_tlsfeatures_add(want, 5));
    print_features("added", want);
    printf("check_5_17 cert=%u\n", gnutls_x509_tlsfeatures_check_crt(want, cert));
    printf("add 65536 rc=%d\n", gnutls_x509_tlsfeatures_add(want, 65536));
    for (i = 0; (rc = gnutls_x509_tlsfeatures_add(want, 100 + i)) == 0; i++)
        ;
    printf("add_until_full added=%u rc=%d\n", i, rc);
    printf("get_past_end rc=%d\n", gnutls_x509_tlsfeatures_get(want, 64, &i));

    {
        static const unsigned char big[] = { 0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x00 };
        static const unsigned char junk[] = { 0x30, 0x03, 0x02, 0x01 };
        static const unsigned char octets[] = { 0x04, 0x01, 0x05 };
        gnutls_datum_t d = { (unsigned char *)big, sizeof(big) };
        gnutls_x509_tlsfeatures_init(&g);
        printf("import_65536 rc=%d\n", gnutls_x509_ext_import_tlsfeatures(&d, g, 0));
        d.data = (unsigned char *)junk;
        d.size = sizeof(junk);
        printf("import_truncated rc=%d\n", gnutls_x509_ext_import_tlsfeatures(&d, g, 0));
        d.data = (unsigned char *)octets;
        d.size = sizeof(octets);
        printf("import_wrong_tag rc=%d\n", gnutls_x509_ext_import_tlsfeatures(&d, g, 0));
        d.size = 0;
        printf("import_empty rc=%d\n", gnutls_x509_ext_import_tlsfeatures(&d, g, 0));
        gnutls_x509_tlsfeatures_deinit(g);
    }

    gnutls_x509_tlsfeatures_init(&g);
    gnutls_x509_tlsfeatures_add(g, 5);
    gnutls_x509_tlsfeatures_add(g, 17);
    gnutls_x509_crq_init(&crq);
    printf("crq_get_none rc=%d\n", gnutls_x509_crq_get_tlsfeatures(crq, f, 0, NULL));
    printf("crq_set rc=%d\n", gnutls_x509_crq_set_tlsfeatures(crq, g));
    gnutls_x509_tlsfeatures_deinit(g);
    gnutls_x509_tlsfeatures_init(&g);
    /* NULL critical: GnuTLS leaves it unset for an extension set on a request in memory. */
    printf("crq_get rc=%d\n", gnutls_x509_crq_get_tlsfeatures(crq, g, 0, NULL));
    print_features("crq_features", g);
    gnutls_x509_crq_deinit(crq);

    gnutls_x509_tlsfeatures_deinit(g);
    gnutls_x509_tlsfeatures_deinit(want);
    gnutls_x509_tlsfeatures_deinit(f);
    gnutls_x509_tlsfeatures_deinit(NULL);
    gnutls_x509_crt_deinit(cert);
    gnutls_x509_crt_deinit(plain);
    return 0;
}

int main(int argc, char **argv)
{
    int rc;
    setvbuf(stdout, NULL, _IONBF, 0);
    gnutls_global_init();
    if (argc == 2 && strcmp(argv[1], "rawparse") == 0)
        rc = rawparse();
    else if (argc == 4 && strcmp(argv[1], "tlsfeatures") == 0)
        rc = tlsfeatures(argv[2], argv[3]);
    else {
        fprintf(stderr, "usage: %s rawparse | tlsfeatures CERT PLAIN\n", argv[0]);
        return 2;
    }
    gnutls_global_deinit();
    printf("result=ok\n");
    return rc;
}
