/* Private and public keys (manual: "Abstract key types", gnutls_x509_privkey_*), on keys
 * made by certtool and openssl.
 *
 * usage: keys import KEYDIR           import every key file, print ids, exports (SHA-256 of
 *                                      the bytes) and raw parameters
 *        keys sign KEYDIR OUTDIR       sign with every algorithm, write OUTDIR/<key>-<alg>.sig
 *        keys verify KEYDIR OUTDIR     verify those files (and forged copies)
 *        keys encrypt KEYDIR OUTDIR    RSA-encrypt to OUTDIR/<key>.enc
 *        keys decrypt KEYDIR OUTDIR    decrypt them
 *        keys p8out KEYDIR OUTDIR      export encrypted PKCS#8 with every scheme
 *        keys p8in KEYDIR OUTDIR       import those and compare key ids
 *        keys generate                 generate, export, import, sign, verify
 *        keys bad KEYDIR               misuse and bad input: error codes
 *        keys pss KEYDIR               RSA-PSS keys: import, parameters, sign/verify, export,
 *                                      set_spki, generate2, a certificate
 *        keys pss-sign KEYDIR OUTDIR   RSA-PSS signatures to OUTDIR/<key>-<alg>.sig
 *        keys pss-verify KEYDIR OUTDIR verify those (and forged copies)
 *
 * sign/verify, encrypt/decrypt and p8out/p8in run on different libraries (tests/run.py),
 * so each library checks the other's output. Lines starting with '#' are not compared by
 * --diff (where gnutls-rustls differs on purpose: algorithms its provider lacks).
 * Ends with "result=ok" unless a check failed ("FAIL ...").
 */
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GnuTLS's abstract.h macro (gnutls-rustls's generated header does not carry it yet). */
#ifndef GNUTLS_CURVE_TO_BITS
#define GNUTLS_CURVE_TO_BITS(curve) (unsigned int)(((unsigned int)1 << 31) | ((unsigned int)(curve)))
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int failures;
#define FAIL(...) (printf("FAIL "), printf(__VA_ARGS__), printf("\n"), failures++)

struct keyfile {
    const char *name;
    gnutls_x509_crt_fmt_t fmt;
    const char *password;
};

static const struct keyfile KEYS[] = {
    {"rsa-pkcs1.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"rsa-pkcs1.der", GNUTLS_X509_FMT_DER, NULL},
    {"rsa-p8.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"rsa-p8.der", GNUTLS_X509_FMT_DER, NULL},
    {"rsa-p8-aes256.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"rsa-p8-3des.der", GNUTLS_X509_FMT_DER, "secret"},
    {"rsa-certtool-p8.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"ec256-sec1.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"ec384-sec1.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"ec384-p8.der", GNUTLS_X509_FMT_DER, NULL},
    {"ec521-sec1.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"ec256-p8-aes128.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"ed25519.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"ed25519-p8-aes256.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"dsa-p8.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"dsa-p8.der", GNUTLS_X509_FMT_DER, NULL},
    {"dsa-trad.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"dsa-trad.der", GNUTLS_X509_FMT_DER, NULL},
    {"dsa-p8-aes256.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"dsa-genpkey.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"dsa-certtool.pem", GNUTLS_X509_FMT_PEM, NULL},
    /* OpenSSL's legacy encrypted PEM (Proc-Type/DEK-Info), read by import2 and import_openssl. */
    {"rsa-openssl-aes128.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"rsa-openssl-des3.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"ec-openssl-aes256.pem", GNUTLS_X509_FMT_PEM, "secret"},
    {"dsa-openssl-aes128.pem", GNUTLS_X509_FMT_PEM, "secret"},
};

static int read_file(const char *dir, const char *name, gnutls_datum_t *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return gnutls_load_file(path, out);
}

static void write_file(const char *dir, const char *name, const gnutls_datum_t *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(d->data, 1, d->size, f) != d->size)
        FAIL("write %s", path);
    if (f)
        fclose(f);
}

/* "" normally; "# " around lines where the libraries may differ on purpose. */
static const char *P = "";

static void hex(const char *label, const void *data, size_t len)
{
    const unsigned char *p = data;
    printf("%s  %s=", P, label);
    for (size_t i = 0; i < len; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static void sha(const char *label, const gnutls_datum_t *d)
{
    unsigned char h[32];
    if (gnutls_hash_fast(GNUTLS_DIG_SHA256, d->data, d->size, h) < 0) {
        FAIL("hash %s", label);
        return;
    }
    printf("%s  %s sha256(%u)=", P, label, d->size);
    for (int i = 0; i < 8; i++)
        printf("%02x", h[i]);
    printf("\n");
}

static gnutls_x509_privkey_t load_x509(const char *dir, const struct keyfile *k, int *rc_out)
{
    gnutls_datum_t data;
    gnutls_x509_privkey_t key;
    int rc = read_file(dir, k->name, &data);
    if (rc < 0) {
        FAIL("load %s: %d", k->name, rc);
        *rc_out = rc;
        return NULL;
    }
    gnutls_x509_privkey_init(&key);
    rc = gnutls_x509_privkey_import2(key, &data, k->fmt, k->password, 0);
    gnutls_free(data.data);
    *rc_out = rc;
    if (rc < 0) {
        gnutls_x509_privkey_deinit(key);
        return NULL;
    }
    return key;
}

static gnutls_privkey_t load_privkey(const char *dir, const struct keyfile *k)
{
    gnutls_datum_t data;
    gnutls_privkey_t key;
    if (read_file(dir, k->name, &data) < 0) {
        FAIL("load %s", k->name);
        return NULL;
    }
    gnutls_privkey_init(&key);
    int rc = gnutls_privkey_import_x509_raw(key, &data, k->fmt, k->password, 0);
    gnutls_free(data.data);
    if (rc < 0) {
        FAIL("privkey_import_x509_raw %s: %d", k->name, rc);
        gnutls_privkey_deinit(key);
        return NULL;
    }
    return key;
}

static void do_import(const char *dir)
{
    for (size_t i = 0; i < ARRAY_SIZE(KEYS); i++) {
        const struct keyfile *k = &KEYS[i];
        int rc;
        gnutls_x509_privkey_t key = load_x509(dir, k, &rc);
        printf("%s import2 rc=%d\n", k->name, rc);
        if (!key) {
            FAIL("import %s", k->name);
            continue;
        }
        unsigned bits = 0;
        int alg = gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
        printf("  pk=%d bits=%u pk1=%d sec_param=%d\n", alg, bits, gnutls_x509_privkey_get_pk_algorithm(key),
               (int)gnutls_x509_privkey_sec_param(key));
        unsigned char id[64];
        size_t idlen = sizeof id;
        rc = gnutls_x509_privkey_get_key_id(key, 0, id, &idlen);
        printf("  key_id rc=%d\n", rc);
        hex("sha1", id, idlen);
        unsigned char id256[64];
        size_t id256len = sizeof id256;
        gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, id256, &id256len);
        hex("sha256", id256, id256len);
        size_t small = 3;
        rc = gnutls_x509_privkey_get_key_id(key, 0, id, &small);
        printf("  key_id small rc=%d size=%zu\n", rc, small);
        if (strstr(k->name, "-openssl-")) {
            gnutls_datum_t data;
            read_file(dir, k->name, &data);
            static const char *PWS[] = {"secret", "wrong", NULL};
            for (size_t j = 0; j < ARRAY_SIZE(PWS); j++) {
                gnutls_x509_privkey_t o;
                gnutls_x509_privkey_init(&o);
                rc = gnutls_x509_privkey_import_openssl(o, &data, PWS[j]);
                unsigned char oid_[64];
                size_t olen = sizeof oid_;
                int same = rc >= 0 && gnutls_x509_privkey_get_key_id(o, 0, oid_, &olen) >= 0 && olen == idlen && !memcmp(oid_, id, idlen);
                printf("  import_openssl password=%s rc=%d same_key=%d\n", PWS[j] ? PWS[j] : "NULL", rc, same);
                if ((j == 0) != same)
                    FAIL("import_openssl %s with %s", k->name, PWS[j] ? PWS[j] : "NULL");
                gnutls_x509_privkey_deinit(o);
            }
            gnutls_free(data.data);
        }

        gnutls_datum_t out;
        /* EC keys: GnuTLS writes the SEC1 private scalar as it was read (with or without a
         * leading zero); ours always at the curve's length. Both are valid SEC1. */
        P = alg == GNUTLS_PK_ECDSA ? "# " : "";
        rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_DER, &out);
        printf("  export2 der rc=%d\n", rc);
        sha("native der", &out);
        gnutls_free(out.data);
        rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out);
        printf("  export2 pem rc=%d\n", rc);
        sha("native pem", &out);
        gnutls_free(out.data);
        rc = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN, &out);
        printf("  export2_pkcs8 plain rc=%d\n", rc);
        sha("pkcs8 der", &out);
        gnutls_free(out.data);
        unsigned char buf[8192];
        size_t len = sizeof buf;
        rc = gnutls_x509_privkey_export_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, buf, &len);
        printf("  export_pkcs8 pem rc=%d\n", rc);
        gnutls_datum_t d = {buf, (unsigned)len};
        sha("pkcs8 pem", &d);
        len = 10;
        rc = gnutls_x509_privkey_export(key, GNUTLS_X509_FMT_PEM, buf, &len);
        printf("%s  export short rc=%d size=%zu\n", P, rc, len);
        P = "";

        if (alg == GNUTLS_PK_RSA) {
            gnutls_datum_t m, e, dd, p, q, u, e1, e2;
            rc = gnutls_x509_privkey_export_rsa_raw2(key, &m, &e, &dd, &p, &q, &u, &e1, &e2);
            printf("  export_rsa_raw2 rc=%d\n", rc);
            if (rc >= 0) {
                sha("m", &m);
                hex("e", e.data, e.size);
                sha("d", &dd);
                sha("p", &p);
                sha("q", &q);
                sha("u", &u);
                sha("e1", &e1);
                sha("e2", &e2);
                gnutls_x509_privkey_t back;
                gnutls_x509_privkey_init(&back);
                rc = gnutls_x509_privkey_import_rsa_raw2(back, &m, &e, &dd, &p, &q, &u, &e1, &e2);
                printf("  import_rsa_raw2 rc=%d\n", rc);
                unsigned char id2[64];
                size_t id2len = sizeof id2;
                gnutls_x509_privkey_get_key_id(back, 0, id2, &id2len);
                if (id2len != idlen || memcmp(id, id2, idlen))
                    FAIL("%s: raw re-import changed the key id", k->name);
                gnutls_x509_privkey_deinit(back);
                /* Without the coefficient and the CRT exponents, which GnuTLS derives. */
                {
                    gnutls_datum_t der0 = { NULL, 0 }, der1 = { NULL, 0 }, der2 = { NULL, 0 };
                    gnutls_x509_privkey_t b1, b2;
                    gnutls_x509_privkey_init(&b1);
                    gnutls_x509_privkey_init(&b2);
                    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_DER, &der0);
                    rc = gnutls_x509_privkey_import_rsa_raw(b1, &m, &e, &dd, &p, &q, &u);
                    gnutls_x509_privkey_export2(b1, GNUTLS_X509_FMT_DER, &der1);
                    printf("  import_rsa_raw rc=%d same_der=%d\n", rc, der0.size == der1.size && !memcmp(der0.data, der1.data, der0.size));
                    rc = gnutls_x509_privkey_import_rsa_raw2(b2, &m, &e, &dd, &p, &q, NULL, NULL, NULL);
                    gnutls_x509_privkey_export2(b2, GNUTLS_X509_FMT_DER, &der2);
                    printf("  import_rsa_raw2 derived rc=%d same_der=%d\n", rc, der0.size == der2.size && !memcmp(der0.data, der2.data, der0.size));
                    gnutls_free(der0.data); gnutls_free(der1.data); gnutls_free(der2.data);
                    gnutls_x509_privkey_deinit(b1);
                    gnutls_x509_privkey_deinit(b2);
                }
                gnutls_free(m.data); gnutls_free(e.data); gnutls_free(dd.data); gnutls_free(p.data);
                gnutls_free(q.data); gnutls_free(u.data); gnutls_free(e1.data); gnutls_free(e2.data);
            }
        } else if (alg == GNUTLS_PK_DSA) {
            gnutls_datum_t p, q, g, y, x;
            rc = gnutls_x509_privkey_export_dsa_raw(key, &p, &q, &g, &y, &x);
            printf("  export_dsa_raw rc=%d\n", rc);
            if (rc >= 0) {
                sha("p", &p);
                sha("q", &q);
                sha("g", &g);
                sha("y", &y);
                sha("x", &x);
                printf("  q bits=%u\n", q.size * 8 - (q.data[0] == 0 ? 8 : 0));
                gnutls_x509_privkey_t back;
                gnutls_x509_privkey_init(&back);
                rc = gnutls_x509_privkey_import_dsa_raw(back, &p, &q, &g, &y, &x);
                gnutls_datum_t der0 = {NULL, 0}, der1 = {NULL, 0};
                gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_DER, &der0);
                gnutls_x509_privkey_export2(back, GNUTLS_X509_FMT_DER, &der1);
                printf("  import_dsa_raw rc=%d same_der=%d\n", rc, der0.size == der1.size && !memcmp(der0.data, der1.data, der0.size));
                gnutls_free(der0.data); gnutls_free(der1.data);
                gnutls_x509_privkey_deinit(back);
                /* Without y, which GnuTLS derives from x. */
                gnutls_x509_privkey_init(&back);
                rc = gnutls_x509_privkey_import_dsa_raw(back, &p, &q, &g, NULL, &x);
                unsigned char id2[64];
                size_t id2len = sizeof id2;
                gnutls_x509_privkey_get_key_id(back, 0, id2, &id2len);
                printf("  import_dsa_raw no y rc=%d same_id=%d\n", rc, id2len == idlen && !memcmp(id, id2, idlen));
                gnutls_x509_privkey_deinit(back);
                /* The abstract key's export, with and without leading zeros. */
                gnutls_privkey_t ap;
                gnutls_privkey_init(&ap);
                rc = gnutls_privkey_import_dsa_raw(ap, &p, &q, &g, &y, &x);
                gnutls_datum_t p2, x2;
                int rc2 = gnutls_privkey_export_dsa_raw2(ap, &p2, NULL, NULL, NULL, &x2, GNUTLS_EXPORT_FLAG_NO_LZ);
                printf("  privkey import_dsa_raw rc=%d export_dsa_raw2 nolz rc=%d\n", rc, rc2);
                if (rc2 >= 0) {
                    sha("p nolz", &p2);
                    sha("x nolz", &x2);
                    gnutls_free(p2.data); gnutls_free(x2.data);
                }
                rc2 = gnutls_privkey_export_dsa_raw(ap, NULL, NULL, &g, NULL, NULL);
                printf("  privkey export_dsa_raw g only rc=%d\n", rc2);
                sha("g", &g);
                gnutls_privkey_deinit(ap);
                gnutls_free(p.data); gnutls_free(q.data); gnutls_free(g.data); gnutls_free(y.data); gnutls_free(x.data);
            }
        } else {
            gnutls_ecc_curve_t curve;
            gnutls_datum_t x, y, kk;
            rc = gnutls_x509_privkey_export_ecc_raw(key, &curve, &x, &y, &kk);
            printf("  export_ecc_raw rc=%d curve=%d\n", rc, (int)curve);
            if (rc >= 0) {
                hex("x", x.data, x.size);
                hex("y", y.data, y.size);
                sha("k", &kk);
                gnutls_x509_privkey_t back;
                gnutls_x509_privkey_init(&back);
                rc = gnutls_x509_privkey_import_ecc_raw(back, curve, &x, &y, &kk);
                printf("  import_ecc_raw rc=%d\n", rc);
                unsigned char id2[64];
                size_t id2len = sizeof id2;
                gnutls_x509_privkey_get_key_id(back, 0, id2, &id2len);
                if (id2len != idlen || memcmp(id, id2, idlen))
                    FAIL("%s: raw re-import changed the key id", k->name);
                gnutls_x509_privkey_deinit(back);
                gnutls_free(x.data); gnutls_free(y.data); gnutls_free(kk.data);
            }
        }

        /* The abstract key and its public key agree with the X.509 key. */
        gnutls_privkey_t pk;
        gnutls_privkey_init(&pk);
        rc = gnutls_privkey_import_x509(pk, key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE);
        printf("  privkey_import_x509 rc=%d pk=%d type=%d\n", rc, gnutls_privkey_get_pk_algorithm(pk, &bits),
               (int)gnutls_privkey_get_type(pk));
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        rc = gnutls_pubkey_import_privkey(pub, pk, GNUTLS_KEY_DIGITAL_SIGNATURE, 0);
        printf("  pubkey_import_privkey rc=%d pk=%d bits=%u\n", rc, gnutls_pubkey_get_pk_algorithm(pub, &bits), bits);
        unsigned usage = 0;
        gnutls_pubkey_get_key_usage(pub, &usage);
        printf("  pubkey usage=%u\n", usage);
        gnutls_digest_algorithm_t hash;
        unsigned mand;
        rc = gnutls_pubkey_get_preferred_hash_algorithm(pub, &hash, &mand);
        printf("  preferred hash rc=%d hash=%d mand=%u\n", rc, (int)hash, mand);
        rc = gnutls_pubkey_print(pub, GNUTLS_CRT_PRINT_FULL, &out);
        printf("  pubkey_print rc=%d\n", rc);
        if (rc >= 0) {
            printf("%s", out.data);
            gnutls_free(out.data);
        }
        rc = gnutls_pubkey_print(pub, GNUTLS_CRT_PRINT_FULL_NUMBERS, &out);
        printf("  pubkey_print numbers rc=%d\n", rc);
        if (rc >= 0) {
            printf("%s", out.data);
            gnutls_free(out.data);
        }
        rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_PEM, &out);
        printf("  pubkey export2 rc=%d\n", rc);
        sha("spki pem", &out);
        gnutls_pubkey_t pub2;
        gnutls_pubkey_init(&pub2);
        rc = gnutls_pubkey_import(pub2, &out, GNUTLS_X509_FMT_PEM);
        printf("  pubkey import rc=%d\n", rc);
        gnutls_free(out.data);
        unsigned char pid[64];
        size_t pidlen = sizeof pid;
        gnutls_pubkey_get_key_id(pub2, 0, pid, &pidlen);
        if (pidlen != idlen || memcmp(pid, id, idlen))
            FAIL("%s: the public key's id differs from the private key's", k->name);
        if (alg == GNUTLS_PK_RSA) {
            gnutls_datum_t m, e;
            rc = gnutls_pubkey_export_rsa_raw2(pub2, &m, &e, GNUTLS_EXPORT_FLAG_NO_LZ);
            printf("  pubkey export_rsa_raw2 nolz rc=%d\n", rc);
            sha("m", &m);
            gnutls_pubkey_t pub3;
            gnutls_pubkey_init(&pub3);
            rc = gnutls_pubkey_import_rsa_raw(pub3, &m, &e);
            pidlen = sizeof pid;
            gnutls_pubkey_get_key_id(pub3, 0, pid, &pidlen);
            printf("  pubkey import_rsa_raw rc=%d same_id=%d\n", rc, pidlen == idlen && !memcmp(pid, id, idlen));
            gnutls_pubkey_deinit(pub3);
            gnutls_free(m.data); gnutls_free(e.data);
        } else if (alg == GNUTLS_PK_DSA) {
            gnutls_datum_t p, q, g, y;
            rc = gnutls_pubkey_export_dsa_raw2(pub2, &p, &q, &g, &y, 0);
            printf("  pubkey export_dsa_raw2 rc=%d\n", rc);
            sha("y", &y);
            gnutls_pubkey_t pub3;
            gnutls_pubkey_init(&pub3);
            rc = gnutls_pubkey_import_dsa_raw(pub3, &p, &q, &g, &y);
            pidlen = sizeof pid;
            gnutls_pubkey_get_key_id(pub3, 0, pid, &pidlen);
            printf("  pubkey import_dsa_raw rc=%d same_id=%d\n", rc, pidlen == idlen && !memcmp(pid, id, idlen));
            gnutls_pubkey_deinit(pub3);
            gnutls_free(p.data); gnutls_free(q.data); gnutls_free(g.data); gnutls_free(y.data);
            rc = gnutls_pubkey_export_dsa_raw(pub2, NULL, NULL, NULL, &y);
            printf("  pubkey export_dsa_raw y only rc=%d\n", rc);
            if (rc >= 0)
                gnutls_free(y.data);
        } else {
            gnutls_ecc_curve_t curve;
            gnutls_datum_t x, y;
            rc = gnutls_pubkey_export_ecc_raw2(pub2, &curve, &x, &y, 0);
            printf("  pubkey export_ecc_raw2 rc=%d curve=%d\n", rc, (int)curve);
            gnutls_pubkey_t pub3;
            gnutls_pubkey_init(&pub3);
            rc = gnutls_pubkey_import_ecc_raw(pub3, curve, &x, &y);
            pidlen = sizeof pid;
            gnutls_pubkey_get_key_id(pub3, 0, pid, &pidlen);
            printf("  pubkey import_ecc_raw rc=%d same_id=%d\n", rc, pidlen == idlen && !memcmp(pid, id, idlen));
            gnutls_pubkey_deinit(pub3);
            gnutls_free(x.data); gnutls_free(y.data);
            gnutls_datum_t params, point;
            rc = gnutls_pubkey_export_ecc_x962(pub2, &params, &point);
            printf("  pubkey export_ecc_x962 rc=%d\n", rc);
            if (rc >= 0) {
                hex("params", params.data, params.size);
                sha("ecpoint", &point);
                gnutls_pubkey_init(&pub3);
                rc = gnutls_pubkey_import_ecc_x962(pub3, &params, &point);
                pidlen = sizeof pid;
                gnutls_pubkey_get_key_id(pub3, 0, pid, &pidlen);
                printf("  pubkey import_ecc_x962 rc=%d same_id=%d\n", rc, pidlen == idlen && !memcmp(pid, id, idlen));
                if (rc < 0 || pidlen != idlen || memcmp(pid, id, idlen))
                    FAIL("%s: x962 round trip", k->name);
                gnutls_pubkey_deinit(pub3);
                gnutls_free(params.data); gnutls_free(point.data);
            }
        }
        gnutls_pubkey_deinit(pub2);
        gnutls_pubkey_deinit(pub);
        gnutls_privkey_deinit(pk); /* frees key too (AUTO_RELEASE) */
    }
}

struct sigalg {
    gnutls_sign_algorithm_t id;
    const char *name;
    int deterministic;
    int ours_lacks; /* the provider does not sign this one: '#' lines */
};

static const struct sigalg RSA_ALGS[] = {
    {GNUTLS_SIGN_RSA_SHA256, "rsa-sha256", 1, 0},
    {GNUTLS_SIGN_RSA_SHA384, "rsa-sha384", 1, 0},
    {GNUTLS_SIGN_RSA_SHA512, "rsa-sha512", 1, 0},
    {GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, "rsa-pss-sha256", 0, 0},
    {GNUTLS_SIGN_RSA_PSS_RSAE_SHA512, "rsa-pss-sha512", 0, 0},
    {GNUTLS_SIGN_RSA_SHA1, "rsa-sha1", 1, 1},
};
static const struct sigalg EC256_ALGS[] = {{GNUTLS_SIGN_ECDSA_SHA256, "ecdsa-sha256", 0, 0}, {GNUTLS_SIGN_ECDSA_SHA384, "ecdsa-sha384", 0, 1}};
static const struct sigalg EC384_ALGS[] = {{GNUTLS_SIGN_ECDSA_SHA384, "ecdsa-sha384", 0, 0}, {GNUTLS_SIGN_ECDSA_SECP384R1_SHA384, "ecdsa-secp384r1-sha384", 0, 0}};
static const struct sigalg EC521_ALGS[] = {{GNUTLS_SIGN_ECDSA_SHA512, "ecdsa-sha512", 0, 0}, {GNUTLS_SIGN_ECDSA_SHA256, "ecdsa-sha256", 0, 0}};
static const struct sigalg ED_ALGS[] = {{GNUTLS_SIGN_EDDSA_ED25519, "ed25519", 1, 0}};
static const struct sigalg DSA_ALGS[] = {
    {GNUTLS_SIGN_DSA_SHA256, "dsa-sha256", 0, 0},
    {GNUTLS_SIGN_DSA_SHA1, "dsa-sha1", 0, 0},
    {GNUTLS_SIGN_DSA_SHA224, "dsa-sha224", 0, 0},
    {GNUTLS_SIGN_DSA_SHA384, "dsa-sha384", 0, 0},
    {GNUTLS_SIGN_DSA_SHA512, "dsa-sha512", 0, 0},
};
static const struct sigalg DSA1024_ALGS[] = {{GNUTLS_SIGN_DSA_SHA1, "dsa-sha1", 0, 0}, {GNUTLS_SIGN_DSA_SHA256, "dsa-sha256", 0, 0}};

/* One key of each kind signs; the rest were checked by do_import. */
static const struct {
    const char *key;
    const struct sigalg *algs;
    size_t n;
} SIGNERS[] = {
    {"rsa-pkcs1.pem", RSA_ALGS, ARRAY_SIZE(RSA_ALGS)},
    {"ec256-sec1.pem", EC256_ALGS, ARRAY_SIZE(EC256_ALGS)},
    {"ec384-p8.der", EC384_ALGS, ARRAY_SIZE(EC384_ALGS)},
    {"ec521-sec1.pem", EC521_ALGS, ARRAY_SIZE(EC521_ALGS)},
    {"ed25519.pem", ED_ALGS, ARRAY_SIZE(ED_ALGS)},
    {"dsa-p8.pem", DSA_ALGS, ARRAY_SIZE(DSA_ALGS)},
    {"dsa-genpkey.pem", DSA1024_ALGS, ARRAY_SIZE(DSA1024_ALGS)},
    {"dsa-certtool.pem", DSA_ALGS, 1},
};

static const char MESSAGE[] = "The quick brown fox jumps over the lazy dog";

static const struct keyfile *keyfile(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(KEYS); i++)
        if (!strcmp(KEYS[i].name, name))
            return &KEYS[i];
    return NULL;
}

static void do_sign(const char *dir, const char *outdir)
{
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    for (size_t i = 0; i < ARRAY_SIZE(SIGNERS); i++) {
        gnutls_privkey_t key = load_privkey(dir, keyfile(SIGNERS[i].key));
        if (!key)
            continue;
        for (size_t j = 0; j < SIGNERS[i].n; j++) {
            const struct sigalg *a = &SIGNERS[i].algs[j];
            P = a->ours_lacks ? "# " : "";
            gnutls_datum_t sig;
            int rc = gnutls_privkey_sign_data2(key, a->id, 0, &msg, &sig);
            printf("%ssign %s %s rc=%d\n", P, SIGNERS[i].key, a->name, rc);
            if (rc < 0) {
                if (!a->ours_lacks)
                    FAIL("sign %s %s", SIGNERS[i].key, a->name);
                continue;
            }
            char name[256];
            snprintf(name, sizeof name, "%s-%s.sig", SIGNERS[i].key, a->name);
            write_file(outdir, name, &sig);
            if (a->deterministic)
                sha("signature", &sig);
            gnutls_free(sig.data);
            /* The same through sign_hash2 over a digest computed here. */
            gnutls_digest_algorithm_t dig = gnutls_sign_get_hash_algorithm(a->id);
            if (a->id != GNUTLS_SIGN_EDDSA_ED25519) {
                unsigned char h[64];
                gnutls_hash_fast(dig, msg.data, msg.size, h);
                gnutls_datum_t hd = {h, gnutls_hash_get_len(dig)};
                rc = gnutls_privkey_sign_hash2(key, a->id, 0, &hd, &sig);
                printf("%ssign_hash2 %s %s rc=%d\n", P, SIGNERS[i].key, a->name, rc);
                if (rc >= 0) {
                    snprintf(name, sizeof name, "%s-%s.hsig", SIGNERS[i].key, a->name);
                    write_file(outdir, name, &sig);
                    if (a->deterministic)
                        sha("signature", &sig);
                    gnutls_free(sig.data);
                }
            }
        }
        P = "";
        /* The older call: a hash, the algorithm follows from the key. */
        gnutls_datum_t sig;
        int rc = gnutls_privkey_sign_data(key, GNUTLS_DIG_SHA256, 0, &msg, &sig);
        printf("%ssign_data sha256 %s rc=%d\n", strstr(SIGNERS[i].key, "ec384") ? "# " : "", SIGNERS[i].key, rc);
        if (rc >= 0)
            gnutls_free(sig.data);
        /* GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA is for RSA keys: an ECDSA key given it (as a
         * TLS 1.2 external key's callback passes it) signs the digest, its hash taken by size. */
        unsigned bits = 0;
        if (gnutls_privkey_get_pk_algorithm(key, &bits) == GNUTLS_PK_ECDSA) {
            /* the curve's own hash: P-256 SHA-256, P-384 SHA-384, P-521 SHA-512 */
            gnutls_digest_algorithm_t dig = bits <= 256 ? GNUTLS_DIG_SHA256 : bits <= 384 ? GNUTLS_DIG_SHA384 : GNUTLS_DIG_SHA512;
            unsigned char h[64];
            gnutls_datum_t hd = {h, gnutls_hash_get_len(dig)};
            gnutls_pubkey_t pub;
            gnutls_hash_fast(dig, msg.data, msg.size, h);
            rc = gnutls_privkey_sign_hash(key, 0, GNUTLS_PRIVKEY_SIGN_FLAG_TLS1_RSA, &hd, &sig);
            printf("sign_hash tls1_rsa-flag %s rc=%d", SIGNERS[i].key, rc);
            if (rc >= 0 && gnutls_pubkey_init(&pub) >= 0) {
                if (gnutls_pubkey_import_privkey(pub, key, 0, 0) >= 0)
                    printf(" verify=%d", gnutls_pubkey_verify_hash2(pub, gnutls_pk_to_sign(GNUTLS_PK_ECDSA, dig), 0, &hd, &sig));
                gnutls_pubkey_deinit(pub);
                gnutls_free(sig.data);
            }
            printf("\n");
        }
        gnutls_privkey_deinit(key);
    }
}

static void verify_file(gnutls_pubkey_t pub, const char *outdir, const char *key, const struct sigalg *a, const char *ext, int hashed)
{
    char name[256];
    gnutls_datum_t sig;
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    snprintf(name, sizeof name, "%s-%s.%s", key, a->name, ext);
    P = a->ours_lacks ? "# " : "";
    if (read_file(outdir, name, &sig) < 0) {
        printf("%sverify %s: no signature\n", P, name);
        if (!a->ours_lacks)
            FAIL("no %s", name);
        P = "";
        return;
    }
    unsigned char h[64];
    gnutls_digest_algorithm_t dig = gnutls_sign_get_hash_algorithm(a->id);
    gnutls_datum_t hd = {h, 0};
    if (dig != GNUTLS_DIG_UNKNOWN) {
        gnutls_hash_fast(dig, msg.data, msg.size, h);
        hd.size = gnutls_hash_get_len(dig);
    }
    int rc = gnutls_pubkey_verify_data2(pub, a->id, 0, &msg, &sig);
    printf("%sverify_data2 %s rc=%d\n", P, name, rc);
    if (rc < 0)
        FAIL("verify %s: %d", name, rc);
    if (hashed || a->id != GNUTLS_SIGN_EDDSA_ED25519) {
        rc = gnutls_pubkey_verify_hash2(pub, a->id, 0, &hd, &sig);
        printf("%sverify_hash2 %s rc=%d\n", P, name, rc);
        if (rc < 0)
            FAIL("verify_hash2 %s: %d", name, rc);
    }
    sig.data[sig.size - 1] ^= 0x01;
    rc = gnutls_pubkey_verify_data2(pub, a->id, 0, &msg, &sig);
    printf("%sverify_data2 forged %s rc=%d\n", P, name, rc);
    if (rc != GNUTLS_E_PK_SIG_VERIFY_FAILED)
        FAIL("forged %s: %d", name, rc);
    sig.data[sig.size - 1] ^= 0x01;
    gnutls_datum_t other = {(unsigned char *)"other message", 13};
    rc = gnutls_pubkey_verify_data2(pub, a->id, 0, &other, &sig);
    printf("%sverify_data2 other message %s rc=%d\n", P, name, rc);
    if (rc != GNUTLS_E_PK_SIG_VERIFY_FAILED)
        FAIL("other message %s: %d", name, rc);
    gnutls_free(sig.data);
    P = "";
}

static void do_verify(const char *dir, const char *outdir)
{
    for (size_t i = 0; i < ARRAY_SIZE(SIGNERS); i++) {
        gnutls_privkey_t key = load_privkey(dir, keyfile(SIGNERS[i].key));
        if (!key)
            continue;
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        gnutls_pubkey_import_privkey(pub, key, 0, 0);
        /* Through the exported SubjectPublicKeyInfo, as a verifier would get it. */
        gnutls_datum_t spki;
        gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki);
        gnutls_pubkey_deinit(pub);
        gnutls_pubkey_init(&pub);
        int rc = gnutls_pubkey_import(pub, &spki, GNUTLS_X509_FMT_DER);
        gnutls_free(spki.data);
        if (rc < 0)
            FAIL("pubkey_import %s: %d", SIGNERS[i].key, rc);
        for (size_t j = 0; j < SIGNERS[i].n; j++) {
            const struct sigalg *a = &SIGNERS[i].algs[j];
            verify_file(pub, outdir, SIGNERS[i].key, a, "sig", 0);
            if (a->id != GNUTLS_SIGN_EDDSA_ED25519)
                verify_file(pub, outdir, SIGNERS[i].key, a, "hsig", 1);
        }
        gnutls_pubkey_deinit(pub);
        gnutls_privkey_deinit(key);
    }
}

static const char SECRET[] = "a premaster secret of sorts";

static void do_encrypt(const char *dir, const char *outdir)
{
    gnutls_privkey_t key = load_privkey(dir, keyfile("rsa-p8.pem"));
    if (!key)
        return;
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import_privkey(pub, key, 0, 0);
    gnutls_datum_t plain = {(unsigned char *)SECRET, sizeof SECRET - 1}, ct;
    int rc = gnutls_pubkey_encrypt_data(pub, 0, &plain, &ct);
    printf("encrypt rc=%d size=%u\n", rc, rc < 0 ? 0 : ct.size);
    if (rc < 0)
        FAIL("encrypt %d", rc);
    else {
        write_file(outdir, "rsa.enc", &ct);
        gnutls_free(ct.data);
    }
    gnutls_pubkey_deinit(pub);
    gnutls_privkey_deinit(key);
}

static void do_decrypt(const char *dir, const char *outdir)
{
    gnutls_privkey_t key = load_privkey(dir, keyfile("rsa-p8.pem"));
    if (!key)
        return;
    gnutls_datum_t ct, plain;
    if (read_file(outdir, "rsa.enc", &ct) < 0) {
        FAIL("no rsa.enc");
        return;
    }
    int rc = gnutls_privkey_decrypt_data(key, 0, &ct, &plain);
    printf("decrypt rc=%d\n", rc);
    if (rc < 0 || plain.size != sizeof SECRET - 1 || memcmp(plain.data, SECRET, plain.size))
        FAIL("decrypt gave something else (%d)", rc);
    else
        printf("  plaintext=%.*s\n", (int)plain.size, plain.data);
    if (rc >= 0)
        gnutls_free(plain.data);
    unsigned char buf[64];
    rc = gnutls_privkey_decrypt_data2(key, 0, &ct, buf, sizeof SECRET - 1);
    printf("decrypt_data2 rc=%d same=%d\n", rc, rc >= 0 && !memcmp(buf, SECRET, sizeof SECRET - 1));
    ct.data[10] ^= 0x40;
    rc = gnutls_privkey_decrypt_data(key, 0, &ct, &plain);
    printf("decrypt tampered rc=%d\n", rc);
    if (rc >= 0) {
        if (plain.size == sizeof SECRET - 1 && !memcmp(plain.data, SECRET, plain.size))
            FAIL("tampered ciphertext decrypted to the secret");
        gnutls_free(plain.data);
    }
    gnutls_free(ct.data);
    gnutls_privkey_deinit(key);
}

static const struct {
    const char *name;
    unsigned flags;
} SCHEMES[] = {
    {"pbes2-aes128", GNUTLS_PKCS_PBES2_AES_128},
    {"pbes2-aes192", GNUTLS_PKCS_PBES2_AES_192},
    {"pbes2-aes256", GNUTLS_PKCS_PBES2_AES_256},
    {"pbes2-3des", GNUTLS_PKCS_PBES2_3DES},
    {"default", 0},
};

static void do_p8(const char *dir, const char *outdir, int in)
{
    const char *names[] = {"rsa-pkcs1.pem", "ec256-sec1.pem", "ed25519.pem"};
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        int rc;
        gnutls_x509_privkey_t key = load_x509(dir, keyfile(names[i]), &rc);
        if (!key) {
            FAIL("load %s", names[i]);
            continue;
        }
        unsigned char id[64];
        size_t idlen = sizeof id;
        gnutls_x509_privkey_get_key_id(key, 0, id, &idlen);
        for (size_t j = 0; j < ARRAY_SIZE(SCHEMES); j++) {
            char name[256];
            snprintf(name, sizeof name, "%s-%s.p8", names[i], SCHEMES[j].name);
            if (!in) {
                gnutls_datum_t out;
                rc = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, "pässword", SCHEMES[j].flags, &out);
                printf("export2_pkcs8 %s rc=%d\n", name, rc);
                if (rc < 0) {
                    FAIL("export %s", name);
                    continue;
                }
                write_file(outdir, name, &out);
                gnutls_free(out.data);
                continue;
            }
            gnutls_datum_t data;
            if (read_file(outdir, name, &data) < 0) {
                FAIL("no %s", name);
                continue;
            }
            gnutls_x509_privkey_t back;
            gnutls_x509_privkey_init(&back);
            rc = gnutls_x509_privkey_import_pkcs8(back, &data, GNUTLS_X509_FMT_PEM, "pässword", 0);
            unsigned char id2[64];
            size_t id2len = sizeof id2;
            gnutls_x509_privkey_get_key_id(back, 0, id2, &id2len);
            int same = rc >= 0 && id2len == idlen && !memcmp(id, id2, idlen);
            printf("import_pkcs8 %s rc=%d same_key=%d\n", name, rc, same);
            if (!same)
                FAIL("import %s", name);
            gnutls_x509_privkey_deinit(back);
            gnutls_x509_privkey_init(&back);
            rc = gnutls_x509_privkey_import_pkcs8(back, &data, GNUTLS_X509_FMT_PEM, "wrong", 0);
            printf("import_pkcs8 %s wrong password rc=%d\n", name, rc);
            if (rc >= 0)
                FAIL("wrong password accepted for %s", name);
            gnutls_x509_privkey_deinit(back);
            gnutls_free(data.data);
        }
        gnutls_x509_privkey_deinit(key);
    }
}

static void do_generate(void)
{
    static const struct {
        const char *name;
        gnutls_pk_algorithm_t pk;
        unsigned bits;
        gnutls_sign_algorithm_t sign;
    } G[] = {
        {"rsa-2048", GNUTLS_PK_RSA, 2048, GNUTLS_SIGN_RSA_SHA256},
        {"rsa-medium", GNUTLS_PK_RSA, 0, GNUTLS_SIGN_RSA_PSS_RSAE_SHA384},
        {"ecdsa-curve-p256", GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), GNUTLS_SIGN_ECDSA_SHA256},
        {"ecdsa-384", GNUTLS_PK_ECDSA, 384, GNUTLS_SIGN_ECDSA_SHA384},
        {"ecdsa-521", GNUTLS_PK_ECDSA, 521, GNUTLS_SIGN_ECDSA_SHA512},
        {"ecdsa-high", GNUTLS_PK_ECDSA, 0, GNUTLS_SIGN_ECDSA_SHA256},
        {"ed25519", GNUTLS_PK_EDDSA_ED25519, 256, GNUTLS_SIGN_EDDSA_ED25519},
        {"dsa-1024", GNUTLS_PK_DSA, 1024, GNUTLS_SIGN_DSA_SHA1},
        {"dsa-2048", GNUTLS_PK_DSA, 2048, GNUTLS_SIGN_DSA_SHA256},
    };
    static const gnutls_sec_param_t LEVELS[] = {GNUTLS_SEC_PARAM_INSECURE, GNUTLS_SEC_PARAM_EXPORT, GNUTLS_SEC_PARAM_VERY_WEAK,
        GNUTLS_SEC_PARAM_WEAK, GNUTLS_SEC_PARAM_LOW, GNUTLS_SEC_PARAM_LEGACY, GNUTLS_SEC_PARAM_MEDIUM,
        GNUTLS_SEC_PARAM_HIGH, GNUTLS_SEC_PARAM_ULTRA, GNUTLS_SEC_PARAM_FUTURE};
    static const gnutls_pk_algorithm_t PKS[] = {GNUTLS_PK_RSA, GNUTLS_PK_DSA, GNUTLS_PK_ECDSA, GNUTLS_PK_EDDSA_ED25519};
    for (size_t i = 0; i < ARRAY_SIZE(PKS); i++)
        for (size_t j = 0; j < ARRAY_SIZE(LEVELS); j++)
            printf("sec_param_to_pk_bits pk=%d level=%d bits=%u\n", (int)PKS[i], (int)LEVELS[j], gnutls_sec_param_to_pk_bits(PKS[i], LEVELS[j]));
    static const unsigned BITS[] = {512, 1024, 2048, 3072, 4096, 256, 384, 521};
    for (size_t i = 0; i < ARRAY_SIZE(BITS); i++)
        printf("pk_bits_to_sec_param rsa %u=%d ecdsa %u=%d\n", BITS[i], (int)gnutls_pk_bits_to_sec_param(GNUTLS_PK_RSA, BITS[i]),
               BITS[i], (int)gnutls_pk_bits_to_sec_param(GNUTLS_PK_ECDSA, BITS[i]));

    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    for (size_t i = 0; i < ARRAY_SIZE(G); i++) {
        unsigned bits = G[i].bits;
        if (!bits)
            bits = gnutls_sec_param_to_pk_bits(G[i].pk, G[i].pk == GNUTLS_PK_RSA ? GNUTLS_SEC_PARAM_MEDIUM : GNUTLS_SEC_PARAM_HIGH);
        gnutls_x509_privkey_t key;
        gnutls_x509_privkey_init(&key);
        int rc = gnutls_x509_privkey_generate(key, G[i].pk, bits, 0);
        unsigned got = 0;
        int pk = gnutls_x509_privkey_get_pk_algorithm2(key, &got);
        printf("generate %s rc=%d pk=%d bits=%u\n", G[i].name, rc, pk, got);
        if (rc < 0) {
            FAIL("generate %s", G[i].name);
            gnutls_x509_privkey_deinit(key);
            continue;
        }
        printf("  verify_params rc=%d\n", gnutls_x509_privkey_verify_params(key));
        gnutls_datum_t pem;
        rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &pem);
        /* GnuTLS 3.7.9 writes Ed25519 keys as "UNKNOWN" PEM it cannot read back; ours
         * writes PKCS#8. */
        const char *P = G[i].pk == GNUTLS_PK_EDDSA_ED25519 ? "# " : "";
        int n = rc >= 0 ? (int)strcspn((char *)pem.data, "\n") : 0;
        printf("%s  export2 rc=%d header=%.*s\n", P, rc, n, rc >= 0 ? (char *)pem.data : "");
        gnutls_privkey_t pkey;
        gnutls_privkey_init(&pkey);
        rc = gnutls_privkey_import_x509_raw(pkey, &pem, GNUTLS_X509_FMT_PEM, NULL, 0);
        printf("%s  privkey_import_x509_raw rc=%d\n", P, rc);
        gnutls_free(pem.data);
        if (rc < 0) {
            /* Sign from the X.509 key itself (signing with an empty handle crashes GnuTLS). */
            gnutls_privkey_deinit(pkey);
            gnutls_privkey_init(&pkey);
            gnutls_privkey_import_x509(pkey, key, 0);
        }
        gnutls_datum_t sig;
        rc = gnutls_privkey_sign_data2(pkey, G[i].sign, 0, &msg, &sig);
        printf("  sign rc=%d\n", rc);
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        gnutls_pubkey_import_privkey(pub, pkey, 0, 0);
        if (rc >= 0) {
            rc = gnutls_pubkey_verify_data2(pub, G[i].sign, 0, &msg, &sig);
            printf("  verify rc=%d\n", rc);
            if (rc < 0)
                FAIL("verify generated %s", G[i].name);
            gnutls_free(sig.data);
        } else
            FAIL("sign generated %s", G[i].name);
        gnutls_pubkey_deinit(pub);
        gnutls_privkey_deinit(pkey);
        gnutls_x509_privkey_deinit(key);
    }
    gnutls_privkey_t pkey;
    gnutls_privkey_init(&pkey);
    int rc = gnutls_privkey_generate2(pkey, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP384R1), 0, NULL, 0);
    unsigned bits = 0;
    printf("privkey_generate2 ecdsa p384 rc=%d pk=%d", rc, gnutls_privkey_get_pk_algorithm(pkey, &bits));
    printf(" bits=%u\n", bits);
    gnutls_x509_privkey_t x;
    rc = gnutls_privkey_export_x509(pkey, &x);
    printf("privkey_export_x509 rc=%d pk=%d\n", rc, rc >= 0 ? gnutls_x509_privkey_get_pk_algorithm(x) : rc);
    if (rc >= 0)
        gnutls_x509_privkey_deinit(x);
    gnutls_privkey_deinit(pkey);
}

static int pin_calls;

static int give_pin(void *userdata, int attempt, const char *token_url, const char *token_label, unsigned flags, char *pin, size_t pin_max)
{
    (void)attempt; (void)token_label; (void)flags;
    pin_calls++;
    printf("  pin callback url=%s userdata=%s max>=32=%d\n", token_url, (const char *)userdata, pin_max >= 32);
    snprintf(pin, pin_max, "%s", "secret");
    return 0;
}

/* DSA raw numbers refused, x509_privkey_sign_hash, SPKI parameters, PIN functions. */
static void bad_dsa_spki_pin(const char *dir)
{
    gnutls_x509_privkey_t key;
    unsigned char one = 1, zero = 0;
    gnutls_datum_t d1 = {&one, 1}, d0 = {&zero, 1};
    gnutls_x509_privkey_init(&key);
    printf("import_dsa_raw zero q rc=%d\n", gnutls_x509_privkey_import_dsa_raw(key, &d1, &d0, &d1, &d1, &d1));
    gnutls_x509_privkey_deinit(key);
    int rc0;
    key = load_x509(dir, keyfile("rsa-pkcs1.pem"), &rc0);
    gnutls_datum_t out;
    if (key) {
        printf("export_dsa_raw of an rsa key rc=%d\n", gnutls_x509_privkey_export_dsa_raw(key, &out, NULL, NULL, NULL, NULL));
        gnutls_x509_privkey_deinit(key);
    }

    static const char *SIGNERS_[] = {"rsa-pkcs1.pem", "ec256-sec1.pem", "dsa-p8.pem", "ed25519.pem"};
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    unsigned char h[32];
    gnutls_hash_fast(GNUTLS_DIG_SHA256, msg.data, msg.size, h);
    gnutls_datum_t hd = {h, 32};
    for (size_t i = 0; i < ARRAY_SIZE(SIGNERS_); i++) {
        int rc;
        gnutls_x509_privkey_t x = load_x509(dir, keyfile(SIGNERS_[i]), &rc);
        if (!x)
            continue;
        int alg = gnutls_x509_privkey_get_pk_algorithm(x);
        gnutls_datum_t in = hd, info = {NULL, 0}, sig;
        if (alg == GNUTLS_PK_RSA) {
            gnutls_encode_ber_digest_info(GNUTLS_DIG_SHA256, &hd, &info);
            in = info;
        }
        /* Deprecated in GnuTLS, still exported and used (e.g. by libxmlsec1-gnutls). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        rc = gnutls_x509_privkey_sign_hash(x, &in, &sig);
#pragma GCC diagnostic pop
        printf("x509_privkey_sign_hash %s rc=%d\n", SIGNERS_[i], rc);
        if (rc >= 0) {
            gnutls_pubkey_t pub;
            gnutls_privkey_t pk;
            gnutls_privkey_init(&pk);
            gnutls_privkey_import_x509(pk, x, 0);
            gnutls_pubkey_init(&pub);
            gnutls_pubkey_import_privkey(pub, pk, 0, 0);
            gnutls_sign_algorithm_t sa = gnutls_pk_to_sign(alg, GNUTLS_DIG_SHA256);
            rc = gnutls_pubkey_verify_hash2(pub, sa, 0, &hd, &sig);
            printf("  verify_hash2 rc=%d\n", rc);
            if (rc < 0)
                FAIL("x509_privkey_sign_hash %s does not verify", SIGNERS_[i]);
            gnutls_free(sig.data);
            gnutls_pubkey_deinit(pub);
            gnutls_privkey_deinit(pk);
        }
        gnutls_free(info.data);

        /* SPKI parameters: none on these keys; only RSA-PSS ones can be set by a program. */
        gnutls_x509_spki_t spki;
        gnutls_x509_spki_init(&spki);
        printf("  x509_privkey_get_spki rc=%d\n", gnutls_x509_privkey_get_spki(x, spki, 0));
        printf("  x509_privkey_set_spki empty rc=%d\n", gnutls_x509_privkey_set_spki(x, spki, 0));
        gnutls_privkey_t pk;
        gnutls_privkey_init(&pk);
        gnutls_privkey_import_x509(pk, x, 0);
        printf("  privkey_get_spki rc=%d\n", gnutls_privkey_get_spki(pk, spki, 0));
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        gnutls_pubkey_import_privkey(pub, pk, 0, 0);
        printf("  pubkey_get_spki rc=%d\n", gnutls_pubkey_get_spki(pub, spki, 0));
        printf("  pubkey_set_spki empty rc=%d\n", gnutls_pubkey_set_spki(pub, spki, 0));
        gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 32);
        /* GnuTLS turns an RSA key into an RSA-PSS one; gnutls-rustls has no RSA-PSS keys. */
        const char *P2 = alg == GNUTLS_PK_RSA ? "# " : "";
        printf("%s  x509_privkey_set_spki rsa-pss rc=%d\n", P2, gnutls_x509_privkey_set_spki(x, spki, 0));
        printf("%s  privkey_set_spki rsa-pss rc=%d\n", P2, gnutls_privkey_set_spki(pk, spki, 0));
        printf("%s  pubkey_set_spki rsa-pss rc=%d\n", P2, gnutls_pubkey_set_spki(pub, spki, 0));
        gnutls_pubkey_deinit(pub);
        gnutls_privkey_deinit(pk);
        gnutls_x509_spki_deinit(spki);
        gnutls_x509_privkey_deinit(x);
    }

    /* A PIN function answers for encrypted keys imported without a password. */
    static const char *ENCRYPTED[] = {"rsa-p8-aes256.pem", "rsa-openssl-aes128.pem", "dsa-openssl-aes128.pem"};
    for (size_t i = 0; i < ARRAY_SIZE(ENCRYPTED); i++) {
        gnutls_datum_t data;
        read_file(dir, ENCRYPTED[i], &data);
        gnutls_x509_privkey_init(&key);
        printf("import2 %s no password rc=%d\n", ENCRYPTED[i], gnutls_x509_privkey_import2(key, &data, GNUTLS_X509_FMT_PEM, NULL, 0));
        pin_calls = 0;
        gnutls_x509_privkey_set_pin_function(key, give_pin, (void *)"x509");
        int rc = gnutls_x509_privkey_import2(key, &data, GNUTLS_X509_FMT_PEM, NULL, 0);
        printf("import2 %s pin function rc=%d calls=%d\n", ENCRYPTED[i], rc, pin_calls);
        if (rc < 0 || pin_calls < 1)
            FAIL("pin function for %s", ENCRYPTED[i]);
        gnutls_x509_privkey_set_flags(key, 0);
        gnutls_x509_privkey_deinit(key);
        gnutls_privkey_t pk;
        gnutls_privkey_init(&pk);
        pin_calls = 0;
        gnutls_privkey_set_pin_function(pk, give_pin, (void *)"privkey");
        rc = gnutls_privkey_import_x509_raw(pk, &data, GNUTLS_X509_FMT_PEM, NULL, 0);
        printf("privkey_import_x509_raw %s pin function rc=%d calls=%d status=%d\n", ENCRYPTED[i], rc, pin_calls, gnutls_privkey_status(pk));
        if (rc < 0 || pin_calls < 1)
            FAIL("privkey pin function for %s", ENCRYPTED[i]);
        gnutls_privkey_deinit(pk);
        gnutls_free(data.data);
    }
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_set_pin_function(pub, give_pin, NULL);
    gnutls_pubkey_deinit(pub);
    gnutls_x509_crt_t crt;
    gnutls_x509_crt_init(&crt);
    gnutls_x509_crt_set_pin_function(crt, give_pin, NULL);
    gnutls_x509_crt_deinit(crt);
    (void)out;
}

static void do_bad(const char *dir)
{
    gnutls_x509_privkey_t key;
    gnutls_datum_t junk = {(unsigned char *)"\x30\x03\x02\x01\x00", 5};
    gnutls_datum_t text = {(unsigned char *)"hello world", 11};
    gnutls_x509_privkey_init(&key);
    printf("import junk der rc=%d\n", gnutls_x509_privkey_import(key, &junk, GNUTLS_X509_FMT_DER));
    printf("import text pem rc=%d\n", gnutls_x509_privkey_import(key, &text, GNUTLS_X509_FMT_PEM));
    printf("import2 junk der rc=%d\n", gnutls_x509_privkey_import2(key, &junk, GNUTLS_X509_FMT_DER, NULL, 0));
    gnutls_datum_t enc;
    read_file(dir, "rsa-p8-aes256.pem", &enc);
    printf("import2 encrypted wrong password rc=%d\n", gnutls_x509_privkey_import2(key, &enc, GNUTLS_X509_FMT_PEM, "wrong", 0));
    printf("import_pkcs8 encrypted wrong password rc=%d\n", gnutls_x509_privkey_import_pkcs8(key, &enc, GNUTLS_X509_FMT_PEM, "wrong", 0));
    gnutls_free(enc.data);
    gnutls_datum_t out;
    printf("export2 empty key rc=%d\n", gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out) < 0);
    printf("generate dsa-less pk=99 rc<0=%d\n", gnutls_x509_privkey_generate(key, (gnutls_pk_algorithm_t)99, 2048, 0) < 0);
    gnutls_x509_privkey_deinit(key);
    gnutls_x509_privkey_deinit(NULL);
    gnutls_privkey_deinit(NULL);
    gnutls_pubkey_deinit(NULL);

    gnutls_privkey_t rsa = load_privkey(dir, keyfile("rsa-pkcs1.pem"));
    gnutls_privkey_t ec = load_privkey(dir, keyfile("ec256-sec1.pem"));
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1}, sig;
    int rc = gnutls_privkey_sign_data2(rsa, GNUTLS_SIGN_ECDSA_SHA256, 0, &msg, &sig);
    printf("sign rsa key with ecdsa algorithm rc<0=%d\n", rc < 0);
    if (rc >= 0)
        gnutls_free(sig.data);
    rc = gnutls_privkey_sign_data2(ec, GNUTLS_SIGN_ECDSA_SHA256, 0, &msg, &sig);
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import_privkey(pub, rsa, 0, 0);
    printf("verify ecdsa signature with rsa key rc<0=%d\n", gnutls_pubkey_verify_data2(pub, GNUTLS_SIGN_ECDSA_SHA256, 0, &msg, &sig) < 0);
    printf("verify ecdsa signature as rsa-sha256 rc=%d\n", gnutls_pubkey_verify_data2(pub, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig));
    gnutls_datum_t empty = {NULL, 0};
    printf("verify empty signature rc=%d\n", gnutls_pubkey_verify_data2(pub, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &empty));
    unsigned char h[5] = {0};
    gnutls_datum_t shorthash = {h, 5};
    printf("verify_hash2 wrong hash length rc<0=%d\n", gnutls_pubkey_verify_hash2(pub, GNUTLS_SIGN_RSA_SHA256, 0, &shorthash, &sig) < 0);
    gnutls_free(sig.data);
    gnutls_datum_t spki_junk = {(unsigned char *)"\x30\x00", 2};
    gnutls_pubkey_t p2;
    gnutls_pubkey_init(&p2);
    printf("pubkey_import junk rc<0=%d\n", gnutls_pubkey_import(p2, &spki_junk, GNUTLS_X509_FMT_DER) < 0);
    gnutls_datum_t ct;
    printf("encrypt with ec key rc<0=%d\n", gnutls_pubkey_import_privkey(p2, ec, 0, 0) >= 0 &&
           gnutls_pubkey_encrypt_data(p2, 0, &msg, &ct) < 0);
    printf("decrypt with ec key rc<0=%d\n", gnutls_privkey_decrypt_data(ec, 0, &msg, &ct) < 0);
    gnutls_pubkey_deinit(p2);
    gnutls_pubkey_deinit(pub);
    gnutls_privkey_deinit(rsa);
    gnutls_privkey_deinit(ec);
    gnutls_privkey_t ed = load_privkey(dir, keyfile("ed25519.pem"));
    printf("privkey_status rc=%d\n", gnutls_privkey_status(ed));
    gnutls_privkey_deinit(ed);
    bad_dsa_spki_pin(dir);
}

/* ---- RSA-PSS keys (GNUTLS_PK_RSA_PSS) ----
 * Keys from `openssl genpkey -algorithm RSA-PSS`, without restrictions and restricted to
 * SHA-256 with 32- and 48-byte salts, and RSA keys turned into RSA-PSS ones. */

static const struct keyfile PSS_KEYS[] = {
    {"pss-plain.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"pss-sha256.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"pss-sha256.der", GNUTLS_X509_FMT_DER, NULL},
    /* openssl's default MGF1 hash (SHA-1), which GnuTLS reads past and never signs with */
    {"pss-sha256-mgf1sha1.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"pss-sha256-48.pem", GNUTLS_X509_FMT_PEM, NULL},
    {"pss-sha384.pem", GNUTLS_X509_FMT_PEM, NULL},
};

static const struct sigalg PSS_ALGS[] = {
    {GNUTLS_SIGN_RSA_SHA256, "rsa-sha256", 1, 0},
    {GNUTLS_SIGN_RSA_PSS_SHA256, "pss-sha256", 0, 0},
    {GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, "pss-rsae-sha256", 0, 0},
    {GNUTLS_SIGN_RSA_PSS_SHA384, "pss-sha384", 0, 0},
    {GNUTLS_SIGN_RSA_PSS_SHA512, "pss-sha512", 0, 0},
};

static const struct keyfile *any_keyfile(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(PSS_KEYS); i++)
        if (!strcmp(PSS_KEYS[i].name, name))
            return &PSS_KEYS[i];
    return keyfile(name);
}

static void print_spki_rc(const char *label, int rc, gnutls_x509_spki_t spki)
{
    gnutls_digest_algorithm_t dig = 0;
    unsigned salt = 0;
    if (rc >= 0)
        rc = gnutls_x509_spki_get_rsa_pss_params(spki, &dig, &salt);
    printf("  %s rc=%d dig=%s salt=%u\n", label, rc, rc >= 0 ? gnutls_digest_get_name(dig) : "-", salt);
}

static void print_x509_key(const char *label, gnutls_x509_privkey_t key)
{
    unsigned bits = 0;
    int pk = gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
    printf("  %s pk=%s bits=%u\n", label, gnutls_pk_get_name(pk), bits);
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    print_spki_rc("x509_privkey_get_spki", gnutls_x509_privkey_get_spki(key, spki, 0), spki);
    gnutls_x509_spki_deinit(spki);
    unsigned char id[64];
    size_t id_size = sizeof id;
    int idrc = gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, id, &id_size);
    printf("  x509_privkey_get_key_id rc=%d\n", idrc);
    if (idrc >= 0)
        hex("key_id", id, id_size);
    gnutls_datum_t out;
    int rc = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_DER, NULL, 0, &out);
    printf("  export2_pkcs8 rc=%d\n", rc);
    if (rc >= 0) {
        sha("pkcs8", &out);
        gnutls_free(out.data);
    }
    rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out);
    printf("  export2 rc=%d\n", rc);
    if (rc >= 0) {
        printf("  export2 label=%.*s\n", (int)(strchr((char *)out.data + 11, '-') - (char *)out.data - 11), out.data + 11);
        sha("native", &out);
        gnutls_free(out.data);
    }
}

static void print_pubkey(const char *label, gnutls_pubkey_t pub)
{
    unsigned bits = 0, mand = 0;
    gnutls_digest_algorithm_t dig = 0;
    int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);
    int rc = gnutls_pubkey_get_preferred_hash_algorithm(pub, &dig, &mand);
    printf("  %s pk=%s bits=%u preferred rc=%d %s mand=%u\n", label, gnutls_pk_get_name(pk), bits, rc, gnutls_digest_get_name(dig), mand);
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    print_spki_rc("pubkey_get_spki", gnutls_pubkey_get_spki(pub, spki, 0), spki);
    gnutls_x509_spki_deinit(spki);
    gnutls_datum_t out;
    rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &out);
    printf("  pubkey_export2 rc=%d\n", rc);
    if (rc >= 0) {
        sha("spki", &out);
        gnutls_free(out.data);
    }
}

/* Signs with every algorithm and checks each signature with `pub`, with and without
 * GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH and once forged. */
static void pss_sign_all(gnutls_privkey_t key, gnutls_pubkey_t pub)
{
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    for (size_t j = 0; j < ARRAY_SIZE(PSS_ALGS); j++) {
        const struct sigalg *a = &PSS_ALGS[j];
        gnutls_datum_t sig;
        int rc = gnutls_privkey_sign_data2(key, a->id, 0, &msg, &sig);
        printf("  sign_data2 %s rc=%d", a->name, rc);
        if (rc < 0) {
            printf("\n");
            continue;
        }
        printf(" verify=%d", gnutls_pubkey_verify_data2(pub, a->id, 0, &msg, &sig));
        printf(" fixed_salt=%d", gnutls_pubkey_verify_data2(pub, a->id, GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH, &msg, &sig));
        sig.data[sig.size / 2] ^= 0x40;
        printf(" forged=%d\n", gnutls_pubkey_verify_data2(pub, a->id, 0, &msg, &sig));
        gnutls_free(sig.data);
        rc = gnutls_privkey_sign_data2(key, a->id, GNUTLS_PRIVKEY_FLAG_RSA_PSS_FIXED_SALT_LENGTH, &msg, &sig);
        printf("  sign_data2 %s fixed_salt rc=%d", a->name, rc);
        if (rc >= 0) {
            printf(" verify=%d", gnutls_pubkey_verify_data2(pub, a->id, GNUTLS_VERIFY_RSA_PSS_FIXED_SALT_LENGTH, &msg, &sig));
            gnutls_free(sig.data);
        }
        printf("\n");
        unsigned char h[64];
        gnutls_digest_algorithm_t dig = gnutls_sign_get_hash_algorithm(a->id);
        gnutls_hash_fast(dig, msg.data, msg.size, h);
        gnutls_datum_t hd = {h, gnutls_hash_get_len(dig)};
        rc = gnutls_privkey_sign_hash2(key, a->id, 0, &hd, &sig);
        printf("  sign_hash2 %s rc=%d", a->name, rc);
        if (rc >= 0) {
            printf(" verify_hash2=%d verify_data2=%d", gnutls_pubkey_verify_hash2(pub, a->id, 0, &hd, &sig), gnutls_pubkey_verify_data2(pub, a->id, 0, &msg, &sig));
            gnutls_free(sig.data);
        }
        printf("\n");
    }
    /* The older call: the algorithm follows from the key (RSA-PSS for an RSA-PSS key). */
    gnutls_datum_t sig;
    int rc = gnutls_privkey_sign_data(key, GNUTLS_DIG_SHA256, 0, &msg, &sig);
    printf("  sign_data sha256 rc=%d", rc);
    if (rc >= 0) {
        printf(" verify_pss=%d verify_pkcs1=%d", gnutls_pubkey_verify_data2(pub, GNUTLS_SIGN_RSA_PSS_SHA256, 0, &msg, &sig),
               gnutls_pubkey_verify_data2(pub, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig) == 0);
        gnutls_free(sig.data);
    }
    printf("\n");
    /* Reproducible RSA-PSS signs without salt: the same bytes from both libraries. */
    rc = gnutls_privkey_sign_data2(key, GNUTLS_SIGN_RSA_PSS_SHA256, GNUTLS_PRIVKEY_FLAG_REPRODUCIBLE, &msg, &sig);
    printf("  sign_data2 pss-sha256 reproducible rc=%d\n", rc);
    if (rc >= 0) {
        sha("reproducible", &sig);
        gnutls_free(sig.data);
    }
    gnutls_datum_t ct;
    rc = gnutls_pubkey_encrypt_data(pub, 0, &msg, &ct);
    printf("  pubkey_encrypt_data rc=%d\n", rc);
    if (rc >= 0)
        gnutls_free(ct.data);
}

static void pss_abstract(const char *dir, const struct keyfile *k)
{
    gnutls_privkey_t key = load_privkey(dir, k);
    if (!key)
        return;
    unsigned bits = 0;
    int pk = gnutls_privkey_get_pk_algorithm(key, &bits);
    printf("  privkey pk=%s bits=%u\n", gnutls_pk_get_name(pk), bits);
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    print_spki_rc("privkey_get_spki", gnutls_privkey_get_spki(key, spki, 0), spki);
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    printf("  pubkey_import_privkey rc=%d\n", gnutls_pubkey_import_privkey(pub, key, 0, 0));
    print_pubkey("pubkey", pub);
    pss_sign_all(key, pub);
    /* A restriction too large for the key, and one to SHA-384 with a 48-byte salt. */
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 1024);
    printf("  privkey_set_spki sha256/1024 rc=%d\n", gnutls_privkey_set_spki(key, spki, 0));
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA384, 48);
    printf("  privkey_set_spki sha384/48 rc=%d\n", gnutls_privkey_set_spki(key, spki, 0));
    print_spki_rc("privkey_get_spki", gnutls_privkey_get_spki(key, spki, 0), spki);
    gnutls_pubkey_deinit(pub);
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import_privkey(pub, key, 0, 0);
    print_pubkey("pubkey after set_spki", pub);
    pss_sign_all(key, pub);
    gnutls_x509_spki_deinit(spki);
    gnutls_pubkey_deinit(pub);
    gnutls_privkey_deinit(key);
}

/* A SubjectPublicKeyInfo file (openssl pkey -pubout) of each key. */
static void pss_pubfile(const char *dir, const char *name)
{
    gnutls_datum_t data;
    if (read_file(dir, name, &data) < 0) {
        FAIL("load %s", name);
        return;
    }
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    int rc = gnutls_pubkey_import(pub, &data, GNUTLS_X509_FMT_PEM);
    printf("pubkey_import %s rc=%d\n", name, rc);
    if (rc >= 0)
        print_pubkey("pubfile", pub);
    else
        FAIL("pubkey_import %s: %d", name, rc);
    gnutls_free(data.data);
    gnutls_pubkey_deinit(pub);
}

/* An RSA key given RSA-PSS parameters becomes an RSA-PSS key (x509, abstract and public). */
static void pss_from_rsa(const char *dir)
{
    int rc;
    gnutls_x509_privkey_t x = load_x509(dir, keyfile("rsa-pkcs1.pem"), &rc);
    if (!x) {
        FAIL("load rsa-pkcs1.pem: %d", rc);
        return;
    }
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    printf("rsa-pkcs1.pem made RSA-PSS\n");
    printf("  x509_privkey_set_spki unset rc=%d\n", gnutls_x509_privkey_set_spki(x, spki, 0));
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 48);
    printf("  x509_privkey_set_spki sha256/48 rc=%d\n", gnutls_x509_privkey_set_spki(x, spki, 0));
    print_x509_key("x509", x);
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA1, 20);
    printf("  x509_privkey_set_spki sha1/20 rc=%d\n", gnutls_x509_privkey_set_spki(x, spki, 0));
    gnutls_datum_t out;
    rc = gnutls_x509_privkey_export2_pkcs8(x, GNUTLS_X509_FMT_DER, NULL, 0, &out);
    printf("  export2_pkcs8 sha1 rc=%d\n", rc);
    if (rc >= 0)
        gnutls_free(out.data);
    gnutls_x509_privkey_deinit(x);

    gnutls_privkey_t key = load_privkey(dir, keyfile("rsa-pkcs1.pem"));
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import_privkey(pub, key, 0, 0);
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 48);
    printf("  privkey_set_spki sha256/48 rc=%d\n", gnutls_privkey_set_spki(key, spki, 0));
    printf("  pubkey_set_spki sha256/48 rc=%d\n", gnutls_pubkey_set_spki(pub, spki, 0));
    unsigned bits;
    printf("  privkey pk=%s\n", gnutls_pk_get_name(gnutls_privkey_get_pk_algorithm(key, &bits)));
    print_pubkey("pubkey", pub);
    pss_sign_all(key, pub);
    gnutls_x509_privkey_t back;
    printf("  privkey_export_x509 rc=%d\n", gnutls_privkey_export_x509(key, &back));
    print_x509_key("exported", back);
    gnutls_x509_privkey_deinit(back);
    gnutls_pubkey_deinit(pub);
    gnutls_privkey_deinit(key);
    gnutls_x509_spki_deinit(spki);
}

/* gnutls_x509_privkey_generate2 of RSA-PSS keys: plain, with GNUTLS_PRIVKEY_FLAG_CA's
 * defaults, with GNUTLS_KEYGEN_SPKI. */
static void pss_generate(void)
{
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA384, 64);
    gnutls_keygen_data_st data = {GNUTLS_KEYGEN_SPKI, (unsigned char *)spki, sizeof(spki)};
    struct {
        const char *name;
        unsigned flags;
        int with_spki;
    } cases[] = {{"plain", 0, 0}, {"ca", GNUTLS_PRIVKEY_FLAG_CA, 0}, {"keygen-spki", 0, 1}};
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        gnutls_x509_privkey_t x;
        gnutls_x509_privkey_init(&x);
        int rc = gnutls_x509_privkey_generate2(x, GNUTLS_PK_RSA_PSS, 2048, cases[i].flags, cases[i].with_spki ? &data : NULL, cases[i].with_spki);
        printf("generate2 rsa-pss %s rc=%d\n", cases[i].name, rc);
        if (rc < 0) {
            FAIL("generate2 %s: %d", cases[i].name, rc);
            gnutls_x509_privkey_deinit(x);
            continue;
        }
        unsigned bits = 0;
        printf("  pk=%s\n", gnutls_pk_get_name(gnutls_x509_privkey_get_pk_algorithm2(x, &bits)));
        /* GnuTLS answers 0 bits for a key it has just generated. */
        printf("#  bits=%u\n", bits);
        gnutls_x509_spki_t got;
        gnutls_x509_spki_init(&got);
        print_spki_rc("x509_privkey_get_spki", gnutls_x509_privkey_get_spki(x, got, 0), got);
        gnutls_x509_spki_deinit(got);
        gnutls_privkey_t key;
        gnutls_privkey_init(&key);
        gnutls_privkey_import_x509(key, x, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE);
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        gnutls_pubkey_import_privkey(pub, key, 0, 0);
        P = "# "; /* reproducible signatures of a new key */
        pss_sign_all(key, pub);
        P = "";
        gnutls_pubkey_deinit(pub);
        gnutls_privkey_deinit(key);
    }
    gnutls_x509_spki_deinit(spki);
}

/* A self-signed certificate of an RSA-PSS key: its algorithms, and its signature checked. */
static void pss_certificate(const char *dir)
{
    gnutls_privkey_t key = load_privkey(dir, any_keyfile("pss-sha256-48.pem"));
    gnutls_x509_crt_t crt;
    gnutls_x509_crt_init(&crt);
    gnutls_pubkey_t pub;
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import_privkey(pub, key, 0, 0);
    gnutls_x509_crt_set_pubkey(crt, pub);
    gnutls_x509_crt_set_version(crt, 3);
    gnutls_x509_crt_set_serial(crt, "\x01", 1);
    gnutls_x509_crt_set_activation_time(crt, 1700000000);
    gnutls_x509_crt_set_expiration_time(crt, 2000000000);
    gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "pss", 3);
    gnutls_x509_crt_set_basic_constraints(crt, 1, -1);
    int rc = gnutls_x509_crt_privkey_sign(crt, crt, key, GNUTLS_DIG_SHA256, 0);
    printf("crt_privkey_sign pss-sha256-48.pem rc=%d\n", rc);
    unsigned bits = 0;
    printf("  crt pk=%s sign=%s\n", gnutls_pk_get_name(gnutls_x509_crt_get_pk_algorithm(crt, &bits)), gnutls_sign_get_name(gnutls_x509_crt_get_signature_algorithm(crt)));
    gnutls_x509_spki_t spki;
    gnutls_x509_spki_init(&spki);
    print_spki_rc("crt_get_spki", gnutls_x509_crt_get_spki(crt, spki, 0), spki);
    gnutls_x509_spki_deinit(spki);
    unsigned status = 99;
    rc = gnutls_x509_crt_verify(crt, &crt, 1, 0, &status);
    printf("  crt_verify rc=%d status=%u\n", rc, status);
    gnutls_pubkey_t cpub;
    gnutls_pubkey_init(&cpub);
    printf("  pubkey_import_x509 rc=%d\n", gnutls_pubkey_import_x509(cpub, crt, 0));
    print_pubkey("crt pubkey", cpub);
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1}, sig;
    rc = gnutls_privkey_sign_data2(key, GNUTLS_SIGN_RSA_PSS_SHA256, 0, &msg, &sig);
    if (rc >= 0) {
        printf("  crt_verify_data2 rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_RSA_PSS_SHA256, 0, &msg, &sig));
        gnutls_free(sig.data);
    }
    /* TLS credentials: GnuTLS takes the pair; gnutls-rustls refuses RSA-PSS keys for TLS
     * (rustls signs no rsa_pss_pss_* scheme): -1250. */
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_x509_privkey_t xkey;
    if (gnutls_privkey_export_x509(key, &xkey) >= 0) {
        printf("# certificate_set_x509_key rsa-pss rc=%d\n", gnutls_certificate_set_x509_key(cred, &crt, 1, xkey));
        gnutls_x509_privkey_deinit(xkey);
    }
    gnutls_certificate_free_credentials(cred);
    gnutls_datum_t text;
    rc = gnutls_pubkey_print(cpub, GNUTLS_CRT_PRINT_FULL, &text);
    printf("  pubkey_print rc=%d\n", rc);
    if (rc >= 0) {
        printf("%.*s\n", (int)text.size, text.data);
        gnutls_free(text.data);
    }
    /* A leaf (an RSA key) the RSA-PSS key signs, with its 48-byte salt: the chain verifies,
     * and not once the signature is altered. */
    gnutls_privkey_t leaf_key = load_privkey(dir, keyfile("rsa-pkcs1.pem"));
    gnutls_pubkey_t leaf_pub;
    gnutls_pubkey_init(&leaf_pub);
    gnutls_pubkey_import_privkey(leaf_pub, leaf_key, 0, 0);
    gnutls_x509_crt_t leaf;
    gnutls_x509_crt_init(&leaf);
    gnutls_x509_crt_set_pubkey(leaf, leaf_pub);
    gnutls_x509_crt_set_version(leaf, 3);
    gnutls_x509_crt_set_serial(leaf, "\x02", 1);
    gnutls_x509_crt_set_activation_time(leaf, 1700000000);
    gnutls_x509_crt_set_expiration_time(leaf, 2000000000);
    gnutls_x509_crt_set_dn_by_oid(leaf, GNUTLS_OID_X520_COMMON_NAME, 0, "leaf", 4);
    rc = gnutls_x509_crt_privkey_sign(leaf, crt, key, GNUTLS_DIG_SHA256, 0);
    printf("  leaf privkey_sign rc=%d sign=%s\n", rc, gnutls_sign_get_name(gnutls_x509_crt_get_signature_algorithm(leaf)));
    status = 99;
    rc = gnutls_x509_crt_verify(leaf, &crt, 1, 0, &status);
    printf("  leaf crt_verify rc=%d status=%u\n", rc, status);
    gnutls_datum_t der;
    if (gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_DER, &der) >= 0) {
        der.data[der.size - 5] ^= 0x01;
        gnutls_x509_crt_t bad;
        gnutls_x509_crt_init(&bad);
        rc = gnutls_x509_crt_import(bad, &der, GNUTLS_X509_FMT_DER);
        status = 99;
        if (rc >= 0)
            rc = gnutls_x509_crt_verify(bad, &crt, 1, 0, &status);
        /* Which bits: GnuTLS's list verification reports the signer of a bad signature as
         * not found, for every key type; ours the signature failure. */
        printf("  altered leaf crt_verify rc=%d trusted=%d\n", rc, status == 0);
        gnutls_x509_crt_deinit(bad);
        gnutls_free(der.data);
    }
    gnutls_x509_crt_deinit(leaf);
    gnutls_pubkey_deinit(leaf_pub);
    gnutls_privkey_deinit(leaf_key);
    gnutls_pubkey_deinit(cpub);
    gnutls_pubkey_deinit(pub);
    gnutls_x509_crt_deinit(crt);
    gnutls_privkey_deinit(key);
}

static void do_pss(const char *dir)
{
    for (size_t i = 0; i < ARRAY_SIZE(PSS_KEYS); i++) {
        const struct keyfile *k = &PSS_KEYS[i];
        int rc;
        printf("%s\n", k->name);
        gnutls_datum_t data;
        gnutls_x509_privkey_t plain;
        if (read_file(dir, k->name, &data) >= 0) {
            gnutls_x509_privkey_init(&plain);
            printf("  x509_privkey_import rc=%d\n", gnutls_x509_privkey_import(plain, &data, k->fmt));
            printf("  x509_privkey_verify_params rc=%d\n", gnutls_x509_privkey_verify_params(plain));
            gnutls_x509_privkey_deinit(plain);
            gnutls_free(data.data);
        }
        gnutls_x509_privkey_t x = load_x509(dir, k, &rc);
        printf("  import2 rc=%d\n", rc);
        if (!x) {
            FAIL("import %s: %d", k->name, rc);
            continue;
        }
        print_x509_key("x509", x);
        gnutls_x509_privkey_deinit(x);
        pss_abstract(dir, k);
    }
    /* GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS on a key that is not RSA. */
    gnutls_privkey_t ec = load_privkey(dir, keyfile("ec256-sec1.pem"));
    if (ec) {
        gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1}, sig;
        int rc = gnutls_privkey_sign_data(ec, GNUTLS_DIG_SHA256, GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS, &msg, &sig);
        printf("ec256-sec1.pem sign_data flag_rsa_pss rc=%d\n", rc);
        if (rc >= 0)
            gnutls_free(sig.data);
        gnutls_x509_privkey_t x = NULL;
        gnutls_privkey_export_x509(ec, &x);
        char buf[1024];
        size_t n = sizeof buf;
        printf("ec256-sec1.pem x509_privkey_sign_data flag_rsa_pss rc=%d\n", gnutls_x509_privkey_sign_data(x, GNUTLS_DIG_SHA256, GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS, &msg, buf, &n));
        gnutls_x509_privkey_deinit(x);
        gnutls_privkey_deinit(ec);
    }
    pss_pubfile(dir, "pss-plain-pub.pem");
    pss_pubfile(dir, "pss-sha256-pub.pem");
    pss_pubfile(dir, "pss-sha256-48-pub.pem");
    pss_from_rsa(dir);
    pss_generate();
    pss_certificate(dir);
}

/* Signatures for the other library (and openssl) to check: OUTDIR/<key>-<alg>.sig. */
static const struct {
    const char *key;
    gnutls_sign_algorithm_t id;
    const char *name;
} PSS_SIGNERS[] = {
    {"pss-plain.pem", GNUTLS_SIGN_RSA_PSS_SHA256, "pss-sha256"},
    {"pss-plain.pem", GNUTLS_SIGN_RSA_PSS_SHA512, "pss-sha512"},
    {"pss-sha256.pem", GNUTLS_SIGN_RSA_PSS_SHA256, "pss-sha256"},
    {"pss-sha256-48.pem", GNUTLS_SIGN_RSA_PSS_SHA256, "pss-sha256"},
    {"pss-sha384.pem", GNUTLS_SIGN_RSA_PSS_SHA384, "pss-sha384"},
    {"rsa-pkcs1.pem", GNUTLS_SIGN_RSA_PSS_SHA256, "pss-sha256"},
};

static void do_pss_cross(const char *dir, const char *outdir, int verify)
{
    gnutls_datum_t msg = {(unsigned char *)MESSAGE, sizeof MESSAGE - 1};
    if (!verify)
        write_file(outdir, "message.txt", &msg);
    for (size_t i = 0; i < ARRAY_SIZE(PSS_SIGNERS); i++) {
        char name[256];
        snprintf(name, sizeof name, "%s-%s.sig", PSS_SIGNERS[i].key, PSS_SIGNERS[i].name);
        gnutls_privkey_t key = load_privkey(dir, any_keyfile(PSS_SIGNERS[i].key));
        if (!key)
            continue;
        gnutls_datum_t sig;
        if (!verify) {
            int rc = gnutls_privkey_sign_data2(key, PSS_SIGNERS[i].id, 0, &msg, &sig);
            printf("sign %s rc=%d\n", name, rc);
            if (rc < 0)
                FAIL("sign %s: %d", name, rc);
            else {
                write_file(outdir, name, &sig);
                gnutls_free(sig.data);
            }
        } else {
            gnutls_pubkey_t pub;
            gnutls_pubkey_init(&pub);
            gnutls_pubkey_import_privkey(pub, key, 0, 0);
            if (read_file(outdir, name, &sig) < 0) {
                FAIL("no %s", name);
            } else {
                int rc = gnutls_pubkey_verify_data2(pub, PSS_SIGNERS[i].id, 0, &msg, &sig);
                printf("verify %s rc=%d\n", name, rc);
                if (rc < 0)
                    FAIL("verify %s: %d", name, rc);
                sig.data[sig.size / 2] ^= 0x01;
                rc = gnutls_pubkey_verify_data2(pub, PSS_SIGNERS[i].id, 0, &msg, &sig);
                printf("verify forged %s rc=%d\n", name, rc);
                if (rc != GNUTLS_E_PK_SIG_VERIFY_FAILED)
                    FAIL("forged %s: %d", name, rc);
                gnutls_free(sig.data);
            }
            gnutls_pubkey_deinit(pub);
        }
        gnutls_privkey_deinit(key);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: keys MODE [KEYDIR [OUTDIR]]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    gnutls_global_init();
    const char *mode = argv[1], *dir = argc > 2 ? argv[2] : ".", *outdir = argc > 3 ? argv[3] : ".";
    if (!strcmp(mode, "import"))
        do_import(dir);
    else if (!strcmp(mode, "sign"))
        do_sign(dir, outdir);
    else if (!strcmp(mode, "verify"))
        do_verify(dir, outdir);
    else if (!strcmp(mode, "encrypt"))
        do_encrypt(dir, outdir);
    else if (!strcmp(mode, "decrypt"))
        do_decrypt(dir, outdir);
    else if (!strcmp(mode, "p8out"))
        do_p8(dir, outdir, 0);
    else if (!strcmp(mode, "p8in"))
        do_p8(dir, outdir, 1);
    else if (!strcmp(mode, "generate"))
        do_generate();
    else if (!strcmp(mode, "bad"))
        do_bad(dir);
    else if (!strcmp(mode, "pss"))
        do_pss(dir);
    else if (!strcmp(mode, "pss-sign"))
        do_pss_cross(dir, outdir, 0);
    else if (!strcmp(mode, "pss-verify"))
        do_pss_cross(dir, outdir, 1);
    else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    gnutls_global_deinit();
    if (failures == 0)
        printf("result=ok\n");
    return failures ? 1 : 0;
}
