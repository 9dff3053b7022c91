/* Trust on first use: gnutls_store_pubkey, gnutls_store_commitment,
 * gnutls_verify_stored_pubkey, with a named file, the default file under $HOME and a
 * gnutls_tdb_t of the program's own functions. Every code is printed, and so is
 * every database file, so that --diff compares the line format too.
 *
 * usage: tofu CERT.pem OTHER.pem DIR    (HOME should point at an empty directory)
 */
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common.h"

static gnutls_datum_t cert_der(const char *file)
{
    gnutls_datum_t pem, der;
    gnutls_x509_crt_t crt;
    int rc = gnutls_load_file(file, &pem);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    gnutls_x509_crt_init(&crt);
    rc = gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM);
    if (rc < 0)
        fail("gnutls_x509_crt_import", rc);
    rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);
    if (rc < 0)
        fail("gnutls_x509_crt_export2", rc);
    gnutls_x509_crt_deinit(crt);
    gnutls_free(pem.data);
    return der;
}

static gnutls_datum_t spki_of(const gnutls_datum_t *der)
{
    gnutls_pubkey_t key;
    gnutls_datum_t spki;
    int rc;
    gnutls_pubkey_init(&key);
    rc = gnutls_pubkey_import_x509_raw(key, der, GNUTLS_X509_FMT_DER, 0);
    if (rc < 0)
        fail("gnutls_pubkey_import_x509_raw", rc);
    rc = gnutls_pubkey_export2(key, GNUTLS_X509_FMT_DER, &spki);
    if (rc < 0)
        fail("gnutls_pubkey_export2", rc);
    gnutls_pubkey_deinit(key);
    return spki;
}

static void print_file(const char *label, const char *path)
{
    char line[4096];
    FILE *f = fopen(path, "r");
    printf("%s file=%s\n", label, f ? "present" : "absent");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f))
        printf("%s line: %s", label, line);
    fclose(f);
}

static int store_calls, verify_calls, cstore_calls;
static char last_host[64], last_service[64];

static int my_store(const char *db, const char *host, const char *service, time_t exp, const gnutls_datum_t *pubkey)
{
    store_calls++;
    snprintf(last_host, sizeof(last_host), "%s", host ? host : "(null)");
    snprintf(last_service, sizeof(last_service), "%s", service ? service : "(null)");
    printf("tdb store db=%s exp=%ld size=%u\n", db ? db : "(null)", (long)exp, pubkey->size);
    return strcmp(last_host, "refuse.example") == 0 ? -1 : 0;
}

static int my_cstore(const char *db, const char *host, const char *service, time_t exp,
                     gnutls_digest_algorithm_t alg, const gnutls_datum_t *hash)
{
    cstore_calls++;
    printf("tdb cstore db=%s host=%s service=%s exp=%ld alg=%d size=%u\n", db ? db : "(null)", host, service, (long)exp, (int)alg, hash->size);
    return 0;
}

static int my_verify(const char *db, const char *host, const char *service, const gnutls_datum_t *pubkey)
{
    verify_calls++;
    printf("tdb verify db=%s host=%s service=%s size=%u\n", db ? db : "(null)", host, service, pubkey->size);
    if (strcmp(host, "match.example") == 0)
        return 0;
    if (strcmp(host, "mismatch.example") == 0)
        return GNUTLS_E_CERTIFICATE_KEY_MISMATCH;
    return GNUTLS_E_FILE_ERROR;
}

int main(int argc, char **argv)
{
    gnutls_datum_t cert, other, spki, bogus = { (unsigned char *)"\x30\x03\x02\x01\x01", 5 };
    unsigned char hash[64];
    gnutls_datum_t h = { hash, 32 };
    char db[1024], home_db[1024];
    gnutls_tdb_t tdb;
    int rc;

    if (argc < 4) {
        fprintf(stderr, "usage: tofu CERT.pem OTHER.pem DIR\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    gnutls_global_init();
    cert = cert_der(argv[1]);
    other = cert_der(argv[2]);
    spki = spki_of(&cert);
    snprintf(db, sizeof(db), "%s/known_hosts", argv[3]);
    remove(db);

    printf("verify before store rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("store rc=%d\n", gnutls_store_pubkey(db, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0, 0));
    printf("verify same rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("verify other key rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", "443", GNUTLS_CRT_X509, &other, 0));
    printf("verify other host rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "b.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("verify other service rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", "25", GNUTLS_CRT_X509, &cert, 0));
    printf("verify any service rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", NULL, GNUTLS_CRT_X509, &cert, 0));
    printf("store any-service rc=%d\n", gnutls_store_pubkey(db, NULL, "c.example", NULL, GNUTLS_CRT_X509, &other, 0, 0));
    printf("verify c any-service rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "c.example", "993", GNUTLS_CRT_X509, &other, 0));
    printf("store expired rc=%d\n", gnutls_store_pubkey(db, NULL, "d.example", "443", GNUTLS_CRT_X509, &cert, (time_t)1000000, 0));
    printf("verify expired rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "d.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("store raw rc=%d\n", gnutls_store_pubkey(db, NULL, "e.example", "443", GNUTLS_CRT_RAWPK, &spki, 0, 0));
    printf("verify raw rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "e.example", "443", GNUTLS_CRT_RAWPK, &spki, 0));
    printf("verify raw as x509 rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "a.example", "443", GNUTLS_CRT_X509, &spki, 0));
    printf("store bad type rc=%d\n", gnutls_store_pubkey(db, NULL, "f.example", "443", (gnutls_certificate_type_t)9, &cert, 0, 0));
    printf("store bad cert rc=%d\n", gnutls_store_pubkey(db, NULL, "f.example", "443", GNUTLS_CRT_X509, &bogus, 0, 0));
    printf("store unwritable rc=%d\n", gnutls_store_pubkey("/nonexistent-dir/known_hosts", NULL, "f.example", "443", GNUTLS_CRT_X509, &cert, 0, 0));

    gnutls_hash_fast(GNUTLS_DIG_SHA256, spki.data, spki.size, hash);
    printf("commit sha256 rc=%d\n", gnutls_store_commitment(db, NULL, "g.example", "443", GNUTLS_DIG_SHA256, &h, 0, 0));
    printf("verify commit rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "g.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("verify commit other rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "g.example", "443", GNUTLS_CRT_X509, &other, 0));
    h.size = 16;
    gnutls_hash_fast(GNUTLS_DIG_MD5, spki.data, spki.size, hash);
    printf("commit md5 rc=%d\n", gnutls_store_commitment(db, NULL, "h.example", "443", GNUTLS_DIG_MD5, &h, 0, 0));
    printf("commit md5 allowed rc=%d\n", gnutls_store_commitment(db, NULL, "h.example", "443", GNUTLS_DIG_MD5, &h, 0, GNUTLS_SCOMMIT_FLAG_ALLOW_BROKEN));
    printf("verify md5 commit rc=%d\n", gnutls_verify_stored_pubkey(db, NULL, "h.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("commit wrong size rc=%d\n", gnutls_store_commitment(db, NULL, "h.example", "443", GNUTLS_DIG_SHA256, &h, 0, 0));
    printf("commit bad alg rc=%d\n", gnutls_store_commitment(db, NULL, "h.example", "443", (gnutls_digest_algorithm_t)200, &h, 0, 0));
    print_file("db", db);

    rc = gnutls_tdb_init(&tdb);
    printf("tdb_init rc=%d\n", rc);
    gnutls_tdb_set_store_func(tdb, my_store);
    gnutls_tdb_set_store_commitment_func(tdb, my_cstore);
    gnutls_tdb_set_verify_func(tdb, my_verify);
    printf("tdb store rc=%d\n", gnutls_store_pubkey("mydb", tdb, "x.example", "443", GNUTLS_CRT_X509, &cert, 77, 0));
    printf("tdb store args host=%s service=%s\n", last_host, last_service);
    printf("tdb store null names rc=%d\n", gnutls_store_pubkey(NULL, tdb, NULL, NULL, GNUTLS_CRT_X509, &cert, 0, 0));
    printf("tdb store null names args host=%s service=%s\n", last_host, last_service);
    printf("tdb store refused rc=%d\n", gnutls_store_pubkey("mydb", tdb, "refuse.example", "443", GNUTLS_CRT_X509, &cert, 0, 0));
    h.size = 32;
    printf("tdb cstore rc=%d\n", gnutls_store_commitment("mydb", tdb, "x.example", "443", GNUTLS_DIG_SHA256, &h, 0, 0));
    printf("tdb verify match rc=%d\n", gnutls_verify_stored_pubkey("mydb", tdb, "match.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("tdb verify mismatch rc=%d\n", gnutls_verify_stored_pubkey("mydb", tdb, "mismatch.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("tdb verify error rc=%d\n", gnutls_verify_stored_pubkey("mydb", tdb, "error.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("tdb calls store=%d cstore=%d verify=%d\n", store_calls, cstore_calls, verify_calls);
    gnutls_tdb_deinit(tdb);

    /* The default database: $HOME/.gnutls/known_hosts, created on the first store. */
    snprintf(home_db, sizeof(home_db), "%s/.gnutls/known_hosts", getenv("HOME") ? getenv("HOME") : ".");
    printf("default verify before rc=%d\n", gnutls_verify_stored_pubkey(NULL, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0));
    printf("default store rc=%d\n", gnutls_store_pubkey(NULL, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0, 0));
    printf("default verify rc=%d\n", gnutls_verify_stored_pubkey(NULL, NULL, "a.example", "443", GNUTLS_CRT_X509, &cert, 0));
    print_file("home", home_db);

    gnutls_free(cert.data);
    gnutls_free(other.data);
    gnutls_free(spki.data);
    gnutls_global_deinit();
    printf("result=ok\n");
    return 0;
}
