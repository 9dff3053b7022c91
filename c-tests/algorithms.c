/* Algorithm identifiers, names, sizes and lists; GnuTLS's cipher-suite table; what a
 * priority string enables; and what an established session says about itself.
 *
 *   algorithms lookups
 *   algorithms suites
 *   algorithms priority PRIORITY...
 *   algorithms session HOST PORT PRIORITY CAFILE
 *   algorithms time CAFILE CERTFILE      (verification with the clock moved)
 *
 * Every value is printed, so that --diff compares it with the real GnuTLS line by line. */
/* The compression functions are deprecated in GnuTLS 3.7 (only NULL is left); they are still exported. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include "common.h"

#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <time.h>
#include <unistd.h>

#define SHOW(s) ((s) ? (s) : "(null)")

/* gnutls_est_record_overhead_size over every version, cipher and MAC id GnuTLS has (and a
 * few it lacks), one line per version and cipher. */
static void overheads(void)
{
    static const int versions[] = { 0, 1, 2, 3, 4, 5, 6, 200, 201, 202, 203 };
    unsigned v;
    int c, m;
    for (v = 0; v < sizeof versions / sizeof *versions; v++)
        for (c = 0; c <= 42; c++) {
            printf("overhead v=%d c=%d:", versions[v], c);
            for (m = 0; m <= 212; m++) {
                if (m == 19)
                    m = 198;
                printf(" %zu", gnutls_est_record_overhead_size(versions[v], c, m, GNUTLS_COMP_NULL, 0));
            }
            printf("\n");
        }
}

static void lookups(void)
{
    unsigned i, j;
    const gnutls_sign_algorithm_t *sl;
    const gnutls_pk_algorithm_t *pl;
    const gnutls_ecc_curve_t *el;
    const gnutls_group_t *gl;
    const gnutls_cipher_algorithm_t *cl;
    const gnutls_mac_algorithm_t *ml;
    const gnutls_kx_algorithm_t *kl;
    const gnutls_protocol_t *vl;
    const gnutls_digest_algorithm_t *dl;
    const gnutls_certificate_type_t *tl;
    const gnutls_compression_method_t *zl;

    for (i = 0; i <= 50; i++) {
        const char *name = gnutls_sign_get_name(i);
        printf("sign %u name=%s oid=%s hash=%d pk=%d secure=%u secure_certs=%u", i, SHOW(name),
               SHOW(gnutls_sign_get_oid(i)), gnutls_sign_get_hash_algorithm(i), gnutls_sign_get_pk_algorithm(i),
               gnutls_sign_is_secure(i), gnutls_sign_is_secure2(i, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS));
        printf(" supports=");
        for (j = 0; j <= 13; j++)
            if (gnutls_sign_supports_pk_algorithm(i, j))
                printf("%u,", j);
        if (name)
            printf(" id_by_name=%d", gnutls_sign_get_id(name));
        if (gnutls_sign_get_oid(i))
            printf(" oid_to_sign=%d", gnutls_oid_to_sign(gnutls_sign_get_oid(i)));
        printf("\n");
    }
    printf("sign_get_id(rsa-sha256)=%d (bogus)=%d\n", gnutls_sign_get_id("rsa-sha256"), gnutls_sign_get_id("bogus"));
    printf("oid_to_sign(1.2.3)=%d\n", gnutls_oid_to_sign("1.2.3"));
    printf("sign_list:");
    for (sl = gnutls_sign_list(); *sl; sl++)
        printf(" %d", *sl);
    printf("\n");

    for (i = 0; i <= 14; i++) {
        const char *name = gnutls_pk_get_name(i);
        printf("pk %u name=%s algname=%s oid=%s", i, SHOW(name), SHOW(gnutls_pk_algorithm_get_name(i)),
               SHOW(gnutls_pk_get_oid(i)));
        if (name)
            printf(" id_by_name=%d", gnutls_pk_get_id(name));
        printf(" to_sign:");
        for (j = 0; j <= 17; j++)
            printf(" %d", gnutls_pk_to_sign(i, j));
        printf(" sec_param:");
        for (j = 0; j <= 6; j++) {
            static const unsigned bits[] = {0, 512, 1024, 2048, 3072, 256, 15360};
            printf(" %d", gnutls_pk_bits_to_sec_param(i, bits[j]));
        }
        printf(" pk_bits:");
        for (j = 0; j <= 8; j++) {
            static const int params[] = {GNUTLS_SEC_PARAM_UNKNOWN, GNUTLS_SEC_PARAM_INSECURE, GNUTLS_SEC_PARAM_EXPORT,
                                         GNUTLS_SEC_PARAM_VERY_WEAK, GNUTLS_SEC_PARAM_WEAK, GNUTLS_SEC_PARAM_LOW,
                                         GNUTLS_SEC_PARAM_LEGACY, GNUTLS_SEC_PARAM_MEDIUM, GNUTLS_SEC_PARAM_HIGH};
            printf(" %u", gnutls_sec_param_to_pk_bits(i, params[j]));
        }
        printf(" ultra=%u future=%u\n", gnutls_sec_param_to_pk_bits(i, GNUTLS_SEC_PARAM_ULTRA),
               gnutls_sec_param_to_pk_bits(i, GNUTLS_SEC_PARAM_FUTURE));
    }
    printf("pk_get_id(rsa)=%d (EC)=%d (ECDSA)=%d (bogus)=%d\n", gnutls_pk_get_id("rsa"), gnutls_pk_get_id("EC"),
           gnutls_pk_get_id("ECDSA"), gnutls_pk_get_id("bogus"));
    printf("pk_list:");
    for (pl = gnutls_pk_list(); *pl; pl++)
        printf(" %d", *pl);
    printf("\n");
    for (i = 0; i <= 60; i += 5) {
        printf("sec_param %u name=%s sym=%u\n", i, SHOW(gnutls_sec_param_get_name(i)),
               gnutls_sec_param_to_symmetric_bits(i));
    }

    for (i = 0; i <= 22; i++) {
        const char *name = gnutls_ecc_curve_get_name(i);
        printf("curve %u name=%s oid=%s pk=%d size=%d", i, SHOW(name), SHOW(gnutls_ecc_curve_get_oid(i)),
               gnutls_ecc_curve_get_pk(i), gnutls_ecc_curve_get_size(i));
        if (name)
            printf(" id_by_name=%d", gnutls_ecc_curve_get_id(name));
        if (gnutls_ecc_curve_get_oid(i))
            printf(" oid_to_curve=%d", gnutls_oid_to_ecc_curve(gnutls_ecc_curve_get_oid(i)));
        printf("\n");
    }
    printf("curve_get_id(secp256r1)=%d (bogus)=%d oid_to_curve(1.2)=%d\n", gnutls_ecc_curve_get_id("secp256r1"),
           gnutls_ecc_curve_get_id("bogus"), gnutls_oid_to_ecc_curve("1.2"));
    printf("curve_list:");
    for (el = gnutls_ecc_curve_list(); *el; el++)
        printf(" %d", *el);
    printf("\n");

    for (i = 0; i <= 262; i++) {
        const char *name = gnutls_group_get_name(i);
        if (i > 22 && i < 255)
            continue;
        printf("group %u name=%s", i, SHOW(name));
        if (name)
            printf(" id_by_name=%d", gnutls_group_get_id(name));
        printf("\n");
    }
    printf("group_get_id(x25519)=%d (bogus)=%d\n", gnutls_group_get_id("x25519"), gnutls_group_get_id("bogus"));
    /* GnuTLS 3.8's X25519-MLKEM768 (514) is ours only: on a '#' line, so that --diff
     * compares the groups both libraries have. */
    printf("group_list:");
    for (gl = gnutls_group_list(); *gl; gl++)
        if (*gl != 514)
            printf(" %d", *gl);
    printf("\n");
    printf("# group_list_beyond_3.7.9:");
    for (gl = gnutls_group_list(); *gl; gl++)
        if (*gl == 514)
            printf(" %d name=%s id_by_name=%d", *gl, SHOW(gnutls_group_get_name(*gl)),
                   gnutls_group_get_id("X25519-MLKEM768"));
    printf("\n");

    printf("cipher_list:");
    for (cl = gnutls_cipher_list(); *cl; cl++)
        printf(" %d", *cl);
    printf("\n");
    for (i = 0; i <= 42; i++) {
        const char *name = gnutls_cipher_get_name(i);
        if (name)
            printf("cipher %u %s id=%d\n", i, name, gnutls_cipher_get_id(name));
    }
    printf("mac_list:");
    for (ml = gnutls_mac_list(); *ml; ml++)
        printf(" %d", *ml);
    printf("\n");
    for (i = 0; i <= 213; i++) {
        const char *name = gnutls_mac_get_name(i);
        if (name)
            printf("mac %u %s id=%d\n", i, name, gnutls_mac_get_id(name));
    }
    printf("digest_list:");
    for (dl = gnutls_digest_list(); *dl; dl++)
        printf(" %d", *dl);
    printf("\n");
    printf("kx_list:");
    for (kl = gnutls_kx_list(); *kl; kl++)
        printf(" %d", *kl);
    printf("\n");
    for (i = 0; i <= 17; i++) {
        const char *name = gnutls_kx_get_name(i);
        if (name)
            printf("kx %u %s id=%d\n", i, name, gnutls_kx_get_id(name));
    }
    printf("protocol_list:");
    for (vl = gnutls_protocol_list(); *vl; vl++)
        printf(" %d", *vl);
    printf("\n");
    for (i = 0; i <= 203; i++) {
        const char *name = gnutls_protocol_get_name(i);
        if (name)
            printf("protocol %u %s id=%d\n", i, name, gnutls_protocol_get_id(name));
    }
    printf("certificate_type_list:");
    for (tl = gnutls_certificate_type_list(); *tl; tl++)
        printf(" %d", *tl);
    printf("\n");
    for (i = 0; i <= 4; i++) {
        const char *name = gnutls_certificate_type_get_name(i);
        if (name)
            printf("ctype %u %s id=%d\n", i, name, gnutls_certificate_type_get_id(name));
    }
    printf("ctype_get_id(X509)=%d (RAWPK)=%d (bogus)=%d\n", gnutls_certificate_type_get_id("X509"),
           gnutls_certificate_type_get_id("RAWPK"), gnutls_certificate_type_get_id("bogus"));
    printf("compression_list:");
    for (zl = gnutls_compression_list(); *zl; zl++)
        printf(" %d", *zl);
    printf("\n");
    for (i = 0; i <= 4; i++)
        printf("compression %u name=%s\n", i, SHOW(gnutls_compression_get_name(i)));
    printf("compression_get_id(NULL)=%d (DEFLATE)=%d (bogus)=%d\n", gnutls_compression_get_id("NULL"),
           gnutls_compression_get_id("DEFLATE"), gnutls_compression_get_id("bogus"));
    for (i = 0; i <= 212; i++) {
        const char *oid = gnutls_digest_get_oid(i);
        if (oid)
            printf("digest %u oid=%s oid_to_digest=%d\n", i, oid, gnutls_oid_to_digest(oid));
    }
    {
        static const char *mac_oids[] = {"1.2.840.113549.2.7", "1.2.840.113549.2.8", "1.2.840.113549.2.9",
                                         "1.2.840.113549.2.10", "1.2.840.113549.2.11", "1.2.643.2.2.10",
                                         "1.2.643.7.1.1.4.1", "1.2.643.7.1.1.4.2", "1.3.14.3.2.26", "1.2.3"};
        for (i = 0; i < sizeof(mac_oids) / sizeof(mac_oids[0]); i++)
            printf("oid_to_mac(%s)=%d\n", mac_oids[i], gnutls_oid_to_mac(mac_oids[i]));
    }
    printf("oid_to_digest(1.2.3)=%d oid_to_pk(1.2.3)=%d\n", gnutls_oid_to_digest("1.2.3"), gnutls_oid_to_pk("1.2.3"));
    for (i = 0; i <= 14; i++)
        if (gnutls_pk_get_oid(i))
            printf("pk %u oid_to_pk=%d\n", i, gnutls_oid_to_pk(gnutls_pk_get_oid(i)));
    printf("oid_to_pk(2.5.8.1.1)=%d (1.3.14.3.2.29)=%d (1.2.643.2.2.20)=%d\n", gnutls_oid_to_pk("2.5.8.1.1"),
           gnutls_oid_to_pk("1.3.14.3.2.29"), gnutls_oid_to_pk("1.2.643.2.2.20"));
    for (i = 0; i <= 255; i++) {
        const char *name = gnutls_handshake_description_get_name(i);
        if (name && strcmp(name, "Unknown Handshake packet") != 0)
            printf("handshake %u %s\n", i, name);
    }
    printf("handshake 100 %s 1024 %s\n", SHOW(gnutls_handshake_description_get_name(100)),
           SHOW(gnutls_handshake_description_get_name(1024)));
    for (i = 0; i <= 6; i++)
        printf("gost_paramset %u %s\n", i, SHOW(gnutls_gost_paramset_get_name(i)));
    for (i = 0; i <= 65535; i++) {
        const char *name = gnutls_ext_get_name(i);
        if (name)
            printf("ext %u %s\n", i, name);
    }
    for (i = 0; i <= 3; i++)
        printf("supplemental %u %s\n", i, SHOW(gnutls_supplemental_get_name(i)));
    /* Debian's system configuration enables no allowlisting: these overrides are refused. */
    printf("overrides curve=%d sign=%d sign_certs=%d digest=%d protocol=%d sha1_secure=%u\n",
           gnutls_ecc_curve_set_enabled(GNUTLS_ECC_CURVE_SECP256R1, 0), gnutls_sign_set_secure(GNUTLS_SIGN_RSA_SHA1, 0),
           gnutls_sign_set_secure_for_certs(GNUTLS_SIGN_RSA_SHA1, 0), gnutls_digest_set_secure(GNUTLS_DIG_SHA1, 0),
           gnutls_protocol_set_enabled(GNUTLS_TLS1_0, 0), gnutls_sign_is_secure(GNUTLS_SIGN_RSA_SHA1));
    for (i = 0; i <= 40; i++) {
        const char *name = gnutls_certificate_verification_profile_get_name(i);
        if (name)
            printf("profile %u %s id=%d\n", i, name, gnutls_certificate_verification_profile_get_id(name));
    }
    printf("profile_get_id(medium)=%d (bogus)=%d\n", gnutls_certificate_verification_profile_get_id("medium"),
           gnutls_certificate_verification_profile_get_id("bogus"));
    printf("cipher_get_id(aes-128-gcm)=%d (bogus)=%d mac_get_id(bogus)=%d kx_get_id(bogus)=%d protocol_get_id(bogus)=%d\n",
           gnutls_cipher_get_id("aes-128-gcm"), gnutls_cipher_get_id("bogus"), gnutls_mac_get_id("bogus"),
           gnutls_kx_get_id("bogus"), gnutls_protocol_get_id("bogus"));
}

static void suites(void)
{
    size_t idx;
    for (idx = 0;; idx++) {
        unsigned char id[2];
        gnutls_kx_algorithm_t kx;
        gnutls_cipher_algorithm_t cipher;
        gnutls_mac_algorithm_t mac;
        gnutls_protocol_t min;
        const char *name = gnutls_cipher_suite_info(idx, id, &kx, &cipher, &mac, &min);
        if (!name)
            break;
        printf("suite %zu %02x%02x %s kx=%d cipher=%d mac=%d min=%d\n", idx, id[0], id[1], name, kx, cipher, mac,
               min);
    }
    printf("suites=%zu\n", idx);
    printf("info(NULL outs)=%s\n", SHOW(gnutls_cipher_suite_info(0, NULL, NULL, NULL, NULL, NULL)));
}

/* The lists say what the library negotiates under the priority: ours leaves out what rustls
 * does not implement (CBC, CCM, DHE, RSA key exchange, ...), so they start with '#' and
 * tests/run.py checks them (GnuTLS's exactly, ours as an ordered part of GnuTLS's). */
static void print_list(const char *what, int n, const unsigned *list)
{
    int i;
    printf("# list %s rc=%d:", what, n);
    for (i = 0; n > 0 && i < n; i++)
        printf(" %u", list[i]);
    printf("\n");
}

static void priority(const char *text)
{
    gnutls_priority_t p;
    const char *err = NULL;
    const unsigned *list;
    unsigned i, sidx;
    int rc = gnutls_priority_init(&p, text, &err);

    printf("priority %s rc=%d\n", text, rc);
    if (rc < 0)
        return;
#define LIST(fn) \
    do { \
        list = NULL; \
        rc = fn(p, &list); \
        print_list(#fn, rc, list); \
    } while (0)
    LIST(gnutls_priority_protocol_list);
    LIST(gnutls_priority_kx_list);
    LIST(gnutls_priority_cipher_list);
    LIST(gnutls_priority_mac_list);
    LIST(gnutls_priority_sign_list);
    LIST(gnutls_priority_ecc_curve_list);
    LIST(gnutls_priority_group_list);
    /* Certificate types and compression are the same on both libraries. */
    list = NULL;
    rc = gnutls_priority_certificate_type_list(p, &list);
    printf("  certificate_type_list rc=%d first=%u\n", rc, rc > 0 ? list[0] : 0);
    rc = gnutls_priority_certificate_type_list2(p, &list, GNUTLS_CTYPE_CLIENT);
    printf("  certificate_type_list2(client) rc=%d\n", rc);
    rc = gnutls_priority_certificate_type_list2(p, &list, GNUTLS_CTYPE_SERVER);
    printf("  certificate_type_list2(server) rc=%d\n", rc);
    rc = gnutls_priority_compression_list(p, &list);
    printf("  compression_list rc=%d first=%u\n", rc, rc > 0 ? list[0] : 0);
    printf("# list suites:");
    for (i = 0;; i++) {
        rc = gnutls_priority_get_cipher_suite_index(p, i, &sidx);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        if (rc == 0)
            printf(" %s", SHOW(gnutls_cipher_suite_info(sidx, NULL, NULL, NULL, NULL, NULL)));
        else
            printf(" (rc=%d)", rc);
    }
    printf(" (end at %u)\n", i);
    gnutls_priority_deinit(p);
}

static void string_lists(void)
{
    static const unsigned kinds[] = {GNUTLS_PRIORITY_LIST_INIT_KEYWORDS, GNUTLS_PRIORITY_LIST_SPECIAL};
    unsigned k, i;
    for (k = 0; k < 2; k++) {
        printf("string_list %u:", kinds[k]);
        for (i = 0;; i++) {
            const char *s = gnutls_priority_string_list(i, kinds[k]);
            if (!s)
                break;
            printf(" [%s]", s);
        }
        printf("\n");
    }
    printf("string_list(0, 0)=%s\n", SHOW(gnutls_priority_string_list(0, 0)));
}

static void session(const char *host, const char *port, const char *prio, const char *cafile)
{
    gnutls_certificate_credentials_t xcred;
    gnutls_session_t s;
    int rc, fd;
    char *desc;
    unsigned i;

    if ((rc = gnutls_certificate_allocate_credentials(&xcred)) < 0)
        fail("allocate", rc);
    if ((rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM)) < 0)
        fail("trust_file", rc);
    if ((rc = gnutls_init(&s, GNUTLS_CLIENT)) < 0)
        fail("init", rc);
    setup_client_session(s, "localhost", host, prio, xcred);
    {
        gnutls_datum_t gen, prime, pub;
        printf("dh_before group=%d pubkey=%d prime_bits=%d\n", gnutls_dh_get_group(s, &gen, &prime),
               gnutls_dh_get_pubkey(s, &pub), gnutls_dh_get_prime_bits(s));
    }
    desc = gnutls_session_get_desc(s);
    printf("desc_before=%s\n", SHOW(desc));
    gnutls_free(desc);
    printf("auth_before=%d client=%d server=%d\n", gnutls_auth_get_type(s), gnutls_auth_client_get_type(s),
           gnutls_auth_server_get_type(s));
    printf("compression_before=%d\n", gnutls_compression_get(s));
    printf("record_overhead_before=%zu\n", gnutls_record_overhead_size(s));
    fd = tcp_connect_to(host, port);
    gnutls_transport_set_int(s, fd);
    do
        rc = gnutls_handshake(s);
    while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    if (rc < 0)
        fail("handshake", rc);
    desc = gnutls_session_get_desc(s);
    printf("desc=%s\n", SHOW(desc));
    gnutls_free(desc);
    printf("auth=%d client=%d server=%d\n", gnutls_auth_get_type(s), gnutls_auth_client_get_type(s),
           gnutls_auth_server_get_type(s));
    printf("compression=%d name=%s\n", gnutls_compression_get(s), SHOW(gnutls_compression_get_name(gnutls_compression_get(s))));
    printf("safe_renegotiation=%u\n", gnutls_safe_renegotiation_status(s));
    printf("record_overhead=%zu\n", gnutls_record_overhead_size(s));
    printf("group=%d %s curve=%d %s\n", gnutls_group_get(s), SHOW(gnutls_group_get_name(gnutls_group_get(s))),
           gnutls_ecc_curve_get(s), SHOW(gnutls_ecc_curve_get_name(gnutls_ecc_curve_get(s))));
    rc = gnutls_sign_algorithm_get(s);
    printf("sign=%d %s client=%d\n", rc, SHOW(gnutls_sign_get_name(rc)), gnutls_sign_algorithm_get_client(s));
    printf("dh prime_bits=%d secret_bits=%d peers_public_bits=%d\n", gnutls_dh_get_prime_bits(s),
           gnutls_dh_get_secret_bits(s), gnutls_dh_get_peers_public_bits(s));
    {
        gnutls_datum_t gen = {(unsigned char *)"x", 1}, prime = {(unsigned char *)"x", 1}, pub = {(unsigned char *)"x", 1};
        rc = gnutls_dh_get_group(s, &gen, &prime);
        printf("dh_get_group rc=%d gen=%u prime=%u\n", rc, gen.size, prime.size);
        if (rc == 0) {
            gnutls_free(gen.data);
            gnutls_free(prime.data);
        }
        rc = gnutls_dh_get_pubkey(s, &pub);
        printf("dh_get_pubkey rc=%d size=%u null=%d\n", rc, pub.size, pub.data == NULL);
        if (rc == 0)
            gnutls_free(pub.data);
    }
    for (i = 0;; i++) {
        gnutls_sign_algorithm_t algo = 0;
        rc = gnutls_sign_algorithm_get_requested(s, i, &algo);
        if (rc < 0) {
            printf("requested end at %u rc=%d\n", i, rc);
            break;
        }
        printf("requested %u %s\n", i, SHOW(gnutls_sign_get_name(algo)));
    }
    gnutls_bye(s, GNUTLS_SHUT_WR);
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(xcred);
}

static time_t offset_seconds;
static time_t moved_clock(time_t *t)
{
    time_t now = time(NULL) + offset_seconds;
    if (t)
        *t = now;
    return now;
}

/* Verifies CERTFILE against CAFILE now, then with the library's clock 10 years ahead and
 * 10 years back: the first must pass, the others must report expiry / not yet active. */
static void moved_time(const char *cafile, const char *certfile)
{
    gnutls_x509_trust_list_t tl;
    gnutls_x509_crt_t crt;
    unsigned status, round;
    gnutls_datum_t data;
    int rc;
    static const time_t offsets[] = {0, 10 * 366 * 86400L, -10 * 366 * 86400L, 0};

    if ((rc = gnutls_load_file(certfile, &data)) < 0)
        fail("load_file", rc);
    if ((rc = gnutls_x509_crt_init(&crt)) < 0)
        fail("crt_init", rc);
    if ((rc = gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_PEM)) < 0)
        fail("crt_import", rc);
    gnutls_free(data.data);
    if ((rc = gnutls_x509_trust_list_init(&tl, 0)) < 0)
        fail("trust_list_init", rc);
    if ((rc = gnutls_x509_trust_list_add_trust_file(tl, cafile, NULL, GNUTLS_X509_FMT_PEM, 0, 0)) < 0)
        fail("add_trust_file", rc);
    for (round = 0; round < 4; round++) {
        offset_seconds = offsets[round];
        gnutls_global_set_time_function(moved_clock);
        status = 0;
        rc = gnutls_x509_trust_list_verify_crt(tl, &crt, 1, 0, &status, NULL);
        printf("offset_days=%ld rc=%d status=0x%x expired=%d not_activated=%d\n", (long)(offsets[round] / 86400), rc,
               status, !!(status & GNUTLS_CERT_EXPIRED), !!(status & GNUTLS_CERT_NOT_ACTIVATED));
    }
    gnutls_x509_trust_list_deinit(tl, 1);
    gnutls_x509_crt_deinit(crt);
}

int main(int argc, char **argv)
{
    int i;
    if (gnutls_global_init() < 0)
        return 1;
    if (argc >= 2 && strcmp(argv[1], "lookups") == 0) {
        lookups();
        overheads();
    } else if (argc >= 2 && strcmp(argv[1], "suites") == 0) {
        suites();
    } else if (argc >= 2 && strcmp(argv[1], "priority") == 0) {
        for (i = 2; i < argc; i++)
            priority(argv[i]);
        string_lists();
    } else if (argc == 6 && strcmp(argv[1], "session") == 0) {
        session(argv[2], argv[3], argv[4], argv[5]);
    } else if (argc == 4 && strcmp(argv[1], "time") == 0) {
        moved_time(argv[2], argv[3]);
    } else {
        fprintf(stderr, "usage: see the comment at the top\n");
        return 2;
    }
    gnutls_global_deinit();
    return 0;
}
