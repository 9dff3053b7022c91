/* Keys the program holds itself (gnutls_privkey_import_ext, _ext2, _ext3, _ext4), as a
 * smart-card program has them: every callback here signs or decrypts with a software key
 * ("the card") and logs what it was given, so the output shows what the library hands a
 * program's key (a DigestInfo for RSA PKCS #1, a digest for ECDSA and RSA-PSS, the message
 * for EdDSA) and its signatures are checked with the certificate's public key.
 *
 *   extkey api KEY CERT          every import version over KEY: sign_data, sign_data2,
 *                                sign_hash, sign_hash2, decryption (RSA), the info
 *                                queries, deinit, and the refusals
 *   extkey server PORTFILE KEY CERT VERSION   one TLS connection served with
 *                                gnutls_certificate_set_key and an ext4 key (TLS 1.3 or 1.2);
 *                                a key that is not CERT's is refused by set_key
 *
 * Prints key=value lines; lines starting with '#' differ between libraries. */
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "common.h"

static gnutls_privkey_t card;    /* the software key behind every callback */
static gnutls_pubkey_t checker;  /* the certificate's public key */
static int deinits, info_queries;

static int raw_sign(gnutls_privkey_t key, void *userdata, const gnutls_datum_t *raw, gnutls_datum_t *sig)
{
    gnutls_digest_algorithm_t hash = GNUTLS_DIG_UNKNOWN;
    unsigned char digest[64];
    unsigned size = sizeof(digest);
    gnutls_datum_t d;
    int rc;

    (void)key;
    printf("  sign_func userdata=%s raw=%u", (char *)userdata, raw->size);
    /* RSA gets a DigestInfo, ECDSA the digest itself */
    rc = gnutls_decode_ber_digest_info(raw, &hash, digest, &size);
    if (rc == 0) {
        printf(" digestinfo=%s/%u\n", gnutls_digest_get_name(hash), size);
        d.data = digest;
        d.size = size;
        return gnutls_privkey_sign_hash(card, hash, 0, &d, sig);
    }
    printf(" digest\n");
    return gnutls_privkey_sign_hash(card, 0, 0, raw, sig);
}

static int hash_sign(gnutls_privkey_t key, gnutls_sign_algorithm_t algo, void *userdata, unsigned flags,
                     const gnutls_datum_t *hash, gnutls_datum_t *sig)
{
    gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
    unsigned char digest[64];
    unsigned size = sizeof(digest);
    gnutls_datum_t d;

    (void)key;
    (void)userdata;
    printf("  sign_hash_func algo=%s flags=%u hash=%u\n", gnutls_sign_get_name(algo), flags, hash->size);
    if (algo == GNUTLS_SIGN_RSA_RAW) {
        if (gnutls_decode_ber_digest_info(hash, &dig, digest, &size) < 0)
            return GNUTLS_E_INVALID_REQUEST;
        d.data = digest;
        d.size = size;
        return gnutls_privkey_sign_hash(card, dig, 0, &d, sig);
    }
    return gnutls_privkey_sign_hash2(card, algo, 0, hash, sig);
}

static int data_sign(gnutls_privkey_t key, gnutls_sign_algorithm_t algo, void *userdata, unsigned flags,
                     const gnutls_datum_t *data, gnutls_datum_t *sig)
{
    (void)key;
    (void)userdata;
    printf("  sign_data_func algo=%s flags=%u data=%u\n", gnutls_sign_get_name(algo), flags, data->size);
    return gnutls_privkey_sign_data2(card, algo, 0, data, sig);
}

static int decrypt(gnutls_privkey_t key, void *userdata, const gnutls_datum_t *ct, gnutls_datum_t *pt)
{
    (void)key;
    (void)userdata;
    printf("  decrypt_func ciphertext=%u\n", ct->size);
    return gnutls_privkey_decrypt_data(card, 0, ct, pt);
}

static void deinit(gnutls_privkey_t key, void *userdata)
{
    (void)key;
    (void)userdata;
    deinits++;
}

/* PK_ALGO, the size, and which sign algorithms the card makes (all of its key type's). */
static int info(gnutls_privkey_t key, unsigned flags, void *userdata)
{
    unsigned bits = 0;
    int pk = gnutls_privkey_get_pk_algorithm(card, &bits);
    (void)key;
    (void)userdata;
    info_queries++;
    if (flags & GNUTLS_PRIVKEY_INFO_PK_ALGO)
        return pk;
    if (flags & GNUTLS_PRIVKEY_INFO_PK_ALGO_BITS)
        return (int)bits;
    if (flags & GNUTLS_PRIVKEY_INFO_HAVE_SIGN_ALGO) {
        gnutls_sign_algorithm_t algo = flags >> 20;
        return gnutls_sign_supports_pk_algorithm(algo, pk);
    }
    return -1;
}

static gnutls_datum_t load(const char *path)
{
    gnutls_datum_t d;
    int rc = gnutls_load_file(path, &d);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    return d;
}

static void load_card(const char *key_path, const char *cert_path)
{
    gnutls_datum_t k = load(key_path), c = load(cert_path);
    gnutls_x509_crt_t crt;
    int rc;

    gnutls_privkey_init(&card);
    rc = gnutls_privkey_import_x509_raw(card, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
    if (rc < 0)
        fail("gnutls_privkey_import_x509_raw", rc);
    gnutls_x509_crt_init(&crt);
    if ((rc = gnutls_x509_crt_import(crt, &c, GNUTLS_X509_FMT_PEM)) < 0)
        fail("gnutls_x509_crt_import", rc);
    gnutls_pubkey_init(&checker);
    if ((rc = gnutls_pubkey_import_x509(checker, crt, 0)) < 0)
        fail("gnutls_pubkey_import_x509", rc);
    gnutls_x509_crt_deinit(crt);
    gnutls_free(k.data);
    gnutls_free(c.data);
}

static const gnutls_datum_t message = { (unsigned char *)"a message signed by the card", 28 };

static void check(const char *what, gnutls_sign_algorithm_t algo, int rc, gnutls_datum_t *sig)
{
    int v = rc < 0 ? rc : gnutls_pubkey_verify_data2(checker, algo, 0, &message, sig);
    printf("%s rc=%d verify=%d\n", what, rc, v);
    if (rc == 0)
        gnutls_free(sig->data);
}

/* Signs in every way the API offers with an imported key of this version. */
static void exercise(const char *version, gnutls_privkey_t ext, gnutls_sign_algorithm_t algo, gnutls_digest_algorithm_t hash)
{
    gnutls_datum_t sig, digest;
    unsigned char buf[64];
    unsigned bits = 7;
    int pk = gnutls_privkey_get_pk_algorithm(ext, &bits);
    int rc;

    printf("%s type=%d pk=%s\n", version, gnutls_privkey_get_type(ext), gnutls_pk_get_name(pk));
    printf("# %s bits=%u\n", version, bits);
    rc = gnutls_privkey_sign_data2(ext, algo, 0, &message, &sig);
    check("  sign_data2", algo, rc, &sig);
    if (hash != GNUTLS_DIG_UNKNOWN) {
        rc = gnutls_privkey_sign_data(ext, hash, 0, &message, &sig);
        check("  sign_data", algo, rc, &sig);
        gnutls_hash_fast(hash, message.data, message.size, buf);
        digest.data = buf;
        digest.size = gnutls_hash_get_len(hash);
        rc = gnutls_privkey_sign_hash2(ext, algo, 0, &digest, &sig);
        check("  sign_hash2", algo, rc, &sig);
        rc = gnutls_privkey_sign_hash(ext, hash, 0, &digest, &sig);
        check("  sign_hash", algo, rc, &sig);
    }
    if (pk == GNUTLS_PK_RSA) {
        rc = gnutls_privkey_sign_data2(ext, GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, 0, &message, &sig);
        check("  sign_data2 rsa-pss", GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, rc, &sig);
        rc = gnutls_privkey_sign_data2(ext, GNUTLS_SIGN_ECDSA_SHA256, 0, &message, &sig);
        printf("  sign_data2 ecdsa-with-rsa rc=%d\n", rc);
        if (rc == 0)
            gnutls_free(sig.data);
    }
}

static int api(const char *key_path, const char *cert_path)
{
    gnutls_privkey_t ext;
    gnutls_sign_algorithm_t algo;
    gnutls_digest_algorithm_t hash = GNUTLS_DIG_SHA256;
    unsigned bits;
    int pk, rc;

    load_card(key_path, cert_path);
    pk = gnutls_privkey_get_pk_algorithm(card, &bits);
    algo = gnutls_pk_to_sign(pk, pk == GNUTLS_PK_EDDSA_ED25519 ? GNUTLS_DIG_SHA512 : GNUTLS_DIG_SHA256);
    if (pk == GNUTLS_PK_EDDSA_ED25519)
        hash = GNUTLS_DIG_UNKNOWN;
    printf("card pk=%s algo=%s\n", gnutls_pk_get_name(pk), gnutls_sign_get_name(algo));

    /* import_ext: the algorithm is named; EdDSA cannot be served by sign_func */
    gnutls_privkey_init(&ext);
    rc = gnutls_privkey_import_ext(ext, pk, "v1", raw_sign, pk == GNUTLS_PK_RSA ? decrypt : NULL, 0);
    printf("import_ext rc=%d\n", rc);
    if (rc == 0) {
        exercise("ext", ext, algo, hash);
        printf("  import_again rc=%d\n", gnutls_privkey_import_ext(ext, pk, "v1", raw_sign, NULL, 0));
    }
    gnutls_privkey_deinit(ext);

    gnutls_privkey_init(&ext);
    printf("import_ext2 no functions rc=%d\n", gnutls_privkey_import_ext2(ext, GNUTLS_PK_RSA, NULL, NULL, NULL, deinit, 0));
    deinits = 0;
    rc = gnutls_privkey_import_ext2(ext, pk, "v2", raw_sign, NULL, deinit, 0);
    printf("import_ext2 rc=%d deinits_before=%d\n", rc, deinits);
    if (rc == 0)
        exercise("ext2", ext, algo, hash);
    gnutls_privkey_deinit(ext);
    printf("ext2 deinits_after=%d\n", deinits);

    gnutls_privkey_init(&ext);
    printf("import_ext3 no info rc=%d\n", gnutls_privkey_import_ext3(ext, NULL, raw_sign, NULL, NULL, NULL, 0));
    info_queries = 0;
    rc = gnutls_privkey_import_ext3(ext, "v3", raw_sign, NULL, deinit, info, 0);
    printf("import_ext3 rc=%d queried=%d\n", rc, info_queries > 0);
    if (rc == 0)
        exercise("ext3", ext, algo, hash);
    gnutls_privkey_deinit(ext);

    gnutls_privkey_init(&ext);
    rc = gnutls_privkey_import_ext4(ext, "v4", data_sign, hash_sign, pk == GNUTLS_PK_RSA ? decrypt : NULL, deinit, info, 0);
    printf("import_ext4 rc=%d\n", rc);
    if (rc == 0) {
        exercise("ext4", ext, algo, hash);
        if (pk == GNUTLS_PK_RSA) {
            gnutls_datum_t secret = { (unsigned char *)"a premaster secret", 18 }, ct, pt;
            unsigned char buf[18];
            rc = gnutls_pubkey_encrypt_data(checker, 0, &secret, &ct);
            if (rc < 0)
                fail("gnutls_pubkey_encrypt_data", rc);
            rc = gnutls_privkey_decrypt_data(ext, 0, &ct, &pt);
            printf("  decrypt_data rc=%d same=%d\n", rc, rc == 0 && pt.size == 18 && memcmp(pt.data, secret.data, 18) == 0);
            if (rc == 0)
                gnutls_free(pt.data);
            rc = gnutls_privkey_decrypt_data2(ext, 0, &ct, buf, sizeof(buf));
            printf("  decrypt_data2 rc=%d same=%d\n", rc, rc == 0 && memcmp(buf, secret.data, 18) == 0);
            printf("  decrypt_data2 short rc=%d\n", gnutls_privkey_decrypt_data2(ext, 0, &ct, buf, 10));
            gnutls_free(ct.data);
        }
    }
    gnutls_privkey_deinit(ext);
    gnutls_privkey_deinit(card);
    gnutls_pubkey_deinit(checker);
    printf("result=ok\n");
    return 0;
}

static int server(const char *portfile, const char *key_path, const char *cert_path, const char *version)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t s;
    gnutls_pcert_st pcert;
    gnutls_privkey_t ext;
    gnutls_datum_t c = load(cert_path);
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    char prio[128], buf[64];
    int lfd, fd, rc, one = 1;
    FILE *f;

    load_card(key_path, cert_path);
    gnutls_privkey_init(&ext);
    rc = gnutls_privkey_import_ext4(ext, "srv", data_sign, hash_sign, NULL, deinit, info, 0);
    if (rc < 0)
        fail("gnutls_privkey_import_ext4", rc);
    if ((rc = gnutls_pcert_import_x509_raw(&pcert, &c, GNUTLS_X509_FMT_PEM, 0)) < 0)
        fail("gnutls_pcert_import_x509_raw", rc);
    gnutls_certificate_allocate_credentials(&cred);
    rc = gnutls_certificate_set_key(cred, NULL, 0, &pcert, 1, ext);
    printf("set_key rc=%d\n", rc);
    if (rc < 0) {
        /* the credentials did not take the key: it is still ours to free */
        gnutls_privkey_deinit(ext);
        gnutls_pcert_deinit(&pcert);
        gnutls_certificate_free_credentials(cred);
        printf("deinits=%d\nresult=ok\n", deinits);
        return 0;
    }

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 1) < 0)
        fail("bind", 0);
    getsockname(lfd, (struct sockaddr *)&sa, &len);
    f = fopen(portfile, "w");
    fprintf(f, "%d\n", ntohs(sa.sin_port));
    fclose(f);
    alarm(20);
    fd = accept(lfd, NULL, NULL);

    gnutls_init(&s, GNUTLS_SERVER);
    snprintf(prio, sizeof(prio), "NORMAL:-VERS-ALL:+VERS-%s", strcmp(version, "tls13") == 0 ? "TLS1.3" : "TLS1.2");
    gnutls_priority_set_direct(s, prio, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_transport_set_int(s, fd);
    do {
        rc = gnutls_handshake(s);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    printf("handshake rc=%d\n", rc);
    if (rc == 0) {
        printf("version=%s\n", gnutls_protocol_get_name(gnutls_protocol_get_version(s)));
        rc = gnutls_record_recv(s, buf, sizeof(buf) - 1);
        if (rc > 0) {
            buf[rc] = 0;
            printf("got=%s\n", strtok(buf, "\r\n"));
        }
        gnutls_bye(s, GNUTLS_SHUT_WR);
    }
    gnutls_deinit(s);
    close(fd);
    close(lfd);
    gnutls_certificate_free_credentials(cred);
    printf("deinits=%d\n", deinits);
    gnutls_privkey_deinit(card);
    gnutls_pubkey_deinit(checker);
    gnutls_free(c.data);
    printf("result=ok\n");
    return 0;
}

int main(int argc, char **argv)
{
    int rc;
    setvbuf(stdout, NULL, _IONBF, 0);
    gnutls_global_init();
    if (argc == 4 && strcmp(argv[1], "api") == 0)
        rc = api(argv[2], argv[3]);
    else if (argc == 6 && strcmp(argv[1], "server") == 0)
        rc = server(argv[2], argv[3], argv[4], argv[5]);
    else {
        fprintf(stderr, "usage: %s api KEY CERT | server PORTFILE KEY CERT tls13|tls12\n", argv[0]);
        return 2;
    }
    gnutls_global_deinit();
    return rc;
}
