/* Raw public keys (RFC 7250): a session made with GNUTLS_ENABLE_RAWPK presents a
 * SubjectPublicKeyInfo instead of an X.509 chain when the peers agree on it. GnuTLS does
 * not verify a raw key against CAs (verify_peers* answer GNUTLS_E_INVALID_REQUEST): the
 * program checks it itself, here by trust on first use or by comparing with a known key.
 *
 * usage:
 *   rawpk server --port-file F [-n N] [--prio S] [--rawpk SPKI KEY] [--x509 CERT KEY]
 *                [--request ignore|request|require] [--no-flag] [--expect-peer SPKI.der]
 *   rawpk client PORT [--prio S] [--rawpk SPKI KEY] [--no-flag] [--expect-peer SPKI.der]
 *                [--verify-cert] [--pin SPKI.der] [--tofu DB] [--tofu-other SPKI.der]
 *                [--cafile CA] [--retrieve] [--skip-match]
 *   rawpk load SPKI.pem SPKI.der KEY OTHER_KEY
 *
 * --no-flag leaves GNUTLS_ENABLE_RAWPK out of gnutls_init. --pin makes the program's verify
 * function refuse a server whose key is not the given one; --tofu checks and stores the
 * peer's key with gnutls_verify_stored_pubkey / gnutls_store_pubkey (--tofu-other first
 * stores another key for the same host, so the check must find a mismatch). --retrieve
 * gives the client key through gnutls_certificate_set_retrieve_function2 (RAWPK pcerts).
 * --skip-match loads a raw key with a private key that is not its own
 * (GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH), so that the peer sees a forged signature.
 * Every code is printed as key=value; '#' lines (sizes, names that differ by design) are
 * left out of --diff.
 */
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"

static const char *names[] = { "unknown", "X.509", "OpenPGP", "RAWPK" };

static const char *ctype(int t)
{
    return t >= 0 && t <= 3 ? names[t] : "bad";
}

static gnutls_datum_t load(const char *file)
{
    gnutls_datum_t d;
    int rc = gnutls_load_file(file, &d);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    return d;
}

static int same(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
    return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

/* The settings of one run. */
static const char *prio = "NORMAL:-CTYPE-ALL:+CTYPE-SRV-RAWPK:+CTYPE-CLI-RAWPK";
static const char *expect_peer, *pin_file, *tofu_db, *tofu_other;
static int rawpk_flag = 1, verify_cert, use_retrieve, skip_match;
static gnutls_pcert_st retr_pcert;
static gnutls_privkey_t retr_key;

/* The program's check of the server's key: only the pinned one is accepted. */
static int pinned(gnutls_session_t session)
{
    unsigned n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(session, &n);
    gnutls_datum_t want = load(pin_file);
    int ok = n == 1 && peers && same(&peers[0], &want);
    printf("pin_check=%s\n", ok ? "match" : "mismatch");
    gnutls_free(want.data);
    return ok ? 0 : -1;
}

static int retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int nreqs,
                    const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
                    gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *pkey)
{
    (void)session; (void)req_ca_dn; (void)nreqs; (void)pk_algos; (void)pk_algos_length;
    printf("retrieve_called=1\n");
    *pcert = &retr_pcert;
    *pcert_length = 1;
    *pkey = retr_key;
    return 0;
}

/* What the session says about certificates once the handshake is done. */
static void report(gnutls_session_t session, const char *p, const gnutls_datum_t *own_spki)
{
    unsigned n = 0, status = 0;
    const gnutls_datum_t *peers, *ours;
    char *desc;
    int rc;

    printf("%s.ctype_client=%s\n", p, ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_CLIENT)));
    printf("%s.ctype_server=%s\n", p, ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_SERVER)));
    printf("%s.ctype_ours=%s\n", p, ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_OURS)));
    printf("%s.ctype_peers=%s\n", p, ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_PEERS)));
    printf("%s.ctype_get=%s\n", p, ctype(gnutls_certificate_type_get(session)));
    printf("%s.version=%s\n", p, gnutls_protocol_get_name(gnutls_protocol_get_version(session)));
    desc = gnutls_session_get_desc(session);
    if (desc) {
        /* The protocol and certificate types part; the group differs between libraries. */
        char *end = strchr(desc, ')');
        printf("# %s.desc=%s\n", p, desc);
        if (end)
            end[1] = 0;
        printf("%s.desc_types=%s\n", p, desc);
        gnutls_free(desc);
    }
    peers = gnutls_certificate_get_peers(session, &n);
    printf("%s.peers=%u\n", p, peers ? n : 0);
    if (peers && n > 0) {
        printf("# %s.peer_len=%u\n", p, peers[0].size);
        if (expect_peer) {
            gnutls_datum_t want = load(expect_peer);
            printf("%s.peer_is_expected=%d\n", p, same(&peers[0], &want));
            gnutls_free(want.data);
        }
    }
    ours = gnutls_certificate_get_ours(session);
    if (own_spki)
        printf("%s.ours_is_own_key=%d\n", p, ours ? same(ours, own_spki) : 0);
    rc = gnutls_certificate_verify_peers2(session, &status);
    printf("%s.verify_peers2_rc=%d\n", p, rc);
    printf("%s.expiration_time_peers=%ld\n", p, (long)gnutls_certificate_expiration_time_peers(session));
    if (tofu_db && peers && n > 0) {
        gnutls_certificate_type_t t = gnutls_certificate_type_get2(session, GNUTLS_CTYPE_PEERS);
        if (tofu_other) {
            gnutls_datum_t other = load(tofu_other);
            rc = gnutls_store_pubkey(tofu_db, NULL, "localhost", "rawpk", t, &other, 0, 0);
            printf("%s.tofu_store_other_rc=%d\n", p, rc);
            gnutls_free(other.data);
        }
        rc = gnutls_verify_stored_pubkey(tofu_db, NULL, "localhost", "rawpk", t, &peers[0], 0);
        printf("%s.tofu_first_rc=%d\n", p, rc);
        if (rc == GNUTLS_E_NO_CERTIFICATE_FOUND) {
            rc = gnutls_store_pubkey(tofu_db, NULL, "localhost", "rawpk", t, &peers[0], 0, 0);
            printf("%s.tofu_store_rc=%d\n", p, rc);
            rc = gnutls_verify_stored_pubkey(tofu_db, NULL, "localhost", "rawpk", t, &peers[0], 0);
            printf("%s.tofu_again_rc=%d\n", p, rc);
        }
    }
}

static gnutls_certificate_credentials_t credentials(const char *spki, const char *key,
                                                    const char *x509, const char *x509key,
                                                    const char *cafile, gnutls_datum_t *own_spki)
{
    gnutls_certificate_credentials_t cred;
    int rc = gnutls_certificate_allocate_credentials(&cred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    if (skip_match)
        gnutls_certificate_set_flags(cred, GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH);
    if (spki && use_retrieve) {
        gnutls_datum_t raw = load(spki), k = load(key);
        rc = gnutls_pcert_import_rawpk_raw(&retr_pcert, &raw, GNUTLS_X509_FMT_PEM, 0, 0);
        printf("pcert_import_rawpk_raw_rc=%d\n", rc);
        printf("pcert_type=%s\n", ctype(retr_pcert.type));
        gnutls_privkey_init(&retr_key);
        rc = gnutls_privkey_import_x509_raw(retr_key, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
        if (rc < 0)
            fail("gnutls_privkey_import_x509_raw", rc);
        gnutls_certificate_set_retrieve_function2(cred, retrieve);
        gnutls_free(raw.data);
        gnutls_free(k.data);
    } else if (spki) {
        rc = gnutls_certificate_set_rawpk_key_file(cred, spki, key, GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0);
        printf("set_rawpk_key_file_rc=%d\n", rc);
        if (rc < 0)
            exit(1);
    }
    if (spki) {
        gnutls_datum_t pem = load(spki);
        gnutls_pubkey_t pub;
        gnutls_pubkey_init(&pub);
        rc = gnutls_pubkey_import(pub, &pem, GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("gnutls_pubkey_import", rc);
        rc = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, own_spki);
        if (rc < 0)
            fail("gnutls_pubkey_export2", rc);
        gnutls_pubkey_deinit(pub);
        gnutls_free(pem.data);
    }
    if (x509) {
        rc = gnutls_certificate_set_x509_key_file(cred, x509, x509key, GNUTLS_X509_FMT_PEM);
        printf("set_x509_key_file_rc=%d\n", rc);
        if (rc < 0)
            exit(1);
    }
    if (cafile) {
        rc = gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("gnutls_certificate_set_x509_trust_file", rc);
    }
    return cred;
}

static int run_server(int argc, char **argv)
{
    const char *port_file = NULL, *spki = NULL, *key = NULL, *x509 = NULL, *x509key = NULL;
    gnutls_certificate_request_t request = GNUTLS_CERT_IGNORE;
    gnutls_certificate_credentials_t cred;
    gnutls_datum_t own = { NULL, 0 };
    struct sockaddr_in sa;
    socklen_t salen;
    int lfd, i, c, nconn = 1, one = 1;

    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--port-file") && i + 1 < argc)
            port_file = argv[++i];
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            nconn = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--prio") && i + 1 < argc)
            prio = argv[++i];
        else if (!strcmp(argv[i], "--rawpk") && i + 2 < argc) {
            spki = argv[++i];
            key = argv[++i];
        } else if (!strcmp(argv[i], "--x509") && i + 2 < argc) {
            x509 = argv[++i];
            x509key = argv[++i];
        } else if (!strcmp(argv[i], "--request") && i + 1 < argc) {
            const char *m = argv[++i];
            request = !strcmp(m, "require") ? GNUTLS_CERT_REQUIRE : !strcmp(m, "request") ? GNUTLS_CERT_REQUEST : GNUTLS_CERT_IGNORE;
        } else if (!strcmp(argv[i], "--no-flag"))
            rawpk_flag = 0;
        else if (!strcmp(argv[i], "--expect-peer") && i + 1 < argc)
            expect_peer = argv[++i];
        else {
            printf("error=bad argument %s\n", argv[i]);
            return 2;
        }
    }
    cred = credentials(spki, key, x509, x509key, NULL, &own);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 8) < 0) {
        printf("error=bind/listen failed: %s\n", strerror(errno));
        return 1;
    }
    salen = sizeof(sa);
    getsockname(lfd, (struct sockaddr *)&sa, &salen);
    if (port_file) {
        char tmp[4096];
        FILE *f;
        snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
        f = fopen(tmp, "w");
        if (!f)
            return 1;
        fprintf(f, "%d\n", ntohs(sa.sin_port));
        fclose(f);
        rename(tmp, port_file);
    }
    fflush(stdout);

    for (c = 1; c <= nconn; c++) {
        gnutls_session_t session;
        char p[16], buf[256];
        int fd = accept(lfd, NULL, NULL), rc;
        if (fd < 0)
            return 1;
        snprintf(p, sizeof(p), "c%d", c);
        rc = gnutls_init(&session, GNUTLS_SERVER | (rawpk_flag ? GNUTLS_ENABLE_RAWPK : 0));
        if (rc < 0)
            fail("gnutls_init", rc);
        printf("%s.ctype_before=%s\n", p, ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_SERVER)));
        rc = gnutls_priority_set_direct(session, prio, NULL);
        if (rc < 0)
            fail("gnutls_priority_set_direct", rc);
        gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
        gnutls_certificate_server_set_request(session, request);
        gnutls_transport_set_int(session, fd);
        gnutls_handshake_set_timeout(session, 10000);
        do {
            rc = gnutls_handshake(session);
        } while (rc < 0 && !gnutls_error_is_fatal(rc));
        printf("%s.handshake=%s\n", p, rc < 0 ? "failed" : "ok");
        printf("# %s.handshake_rc=%d\n", p, rc);
        if (rc == 0) {
            report(session, p, own.data ? &own : NULL);
            rc = gnutls_record_recv(session, buf, sizeof(buf) - 1);
            if (rc > 0) {
                buf[rc] = 0;
                buf[strcspn(buf, "\r\n")] = 0;
                printf("%s.received=%s\n", p, buf);
                gnutls_record_send(session, buf, strlen(buf));
                gnutls_record_send(session, "\n", 1);
            }
            gnutls_bye(session, GNUTLS_SHUT_WR);
        }
        fflush(stdout);
        gnutls_deinit(session);
        close(fd);
    }
    printf("served=%d\n", nconn);
    gnutls_free(own.data);
    gnutls_certificate_free_credentials(cred);
    return 0;
}

static int run_client(int argc, char **argv)
{
    const char *spki = NULL, *key = NULL, *cafile = NULL, *port;
    gnutls_certificate_credentials_t cred;
    gnutls_session_t session;
    gnutls_datum_t own = { NULL, 0 };
    char buf[256];
    int i, fd, rc;

    if (argc < 3)
        return 2;
    port = argv[2];
    for (i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--prio") && i + 1 < argc)
            prio = argv[++i];
        else if (!strcmp(argv[i], "--rawpk") && i + 2 < argc) {
            spki = argv[++i];
            key = argv[++i];
        } else if (!strcmp(argv[i], "--no-flag"))
            rawpk_flag = 0;
        else if (!strcmp(argv[i], "--expect-peer") && i + 1 < argc)
            expect_peer = argv[++i];
        else if (!strcmp(argv[i], "--verify-cert"))
            verify_cert = 1;
        else if (!strcmp(argv[i], "--pin") && i + 1 < argc)
            pin_file = argv[++i];
        else if (!strcmp(argv[i], "--tofu") && i + 1 < argc)
            tofu_db = argv[++i];
        else if (!strcmp(argv[i], "--tofu-other") && i + 1 < argc)
            tofu_other = argv[++i];
        else if (!strcmp(argv[i], "--cafile") && i + 1 < argc)
            cafile = argv[++i];
        else if (!strcmp(argv[i], "--retrieve"))
            use_retrieve = 1;
        else if (!strcmp(argv[i], "--skip-match"))
            skip_match = 1;
        else {
            printf("error=bad argument %s\n", argv[i]);
            return 2;
        }
    }
    cred = credentials(spki, key, NULL, NULL, cafile, &own);
    if (pin_file)
        gnutls_certificate_set_verify_function(cred, pinned);
    rc = gnutls_init(&session, GNUTLS_CLIENT | (rawpk_flag ? GNUTLS_ENABLE_RAWPK : 0));
    if (rc < 0)
        fail("gnutls_init", rc);
    printf("cli.ctype_before=%s\n", ctype(gnutls_certificate_type_get2(session, GNUTLS_CTYPE_PEERS)));
    rc = gnutls_priority_set_direct(session, prio, NULL);
    if (rc < 0)
        fail("gnutls_priority_set_direct", rc);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(session, GNUTLS_NAME_DNS, "localhost", 9);
    if (verify_cert)
        gnutls_session_set_verify_cert(session, "localhost", 0);
    fd = tcp_connect_to("127.0.0.1", port);
    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, 10000);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    printf("cli.handshake_rc=%d\n", rc);
    if (rc == 0) {
        report(session, "cli", own.data ? &own : NULL);
        gnutls_record_send(session, "ping\n", 5);
        /* TLS 1.3 tickets arriving first make a receive return GNUTLS_E_AGAIN. */
        do {
            rc = gnutls_record_recv(session, buf, sizeof(buf) - 1);
        } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
        if (rc > 0) {
            buf[rc] = 0;
            buf[strcspn(buf, "\r\n")] = 0;
            printf("cli.echo=%s\n", buf);
        }
        gnutls_bye(session, GNUTLS_SHUT_RDWR);
    }
    close(fd);
    gnutls_deinit(session);
    gnutls_free(own.data);
    gnutls_certificate_free_credentials(cred);
    if (use_retrieve) {
        gnutls_pcert_deinit(&retr_pcert);
        gnutls_privkey_deinit(retr_key);
    }
    printf("done=1\n");
    return 0;
}

/* Loading raw keys: the codes of the credential and pcert functions. */
static int run_load(int argc, char **argv)
{
    gnutls_certificate_credentials_t cred;
    gnutls_datum_t pem, der, key, junk = { (unsigned char *)"not a key", 9 };
    gnutls_pcert_st pcert;
    gnutls_pubkey_t pub;
    int rc;

    if (argc < 6)
        return 2;
    pem = load(argv[2]);
    der = load(argv[3]);
    key = load(argv[4]);
    gnutls_certificate_allocate_credentials(&cred);
    printf("file(pem)=%d\n", gnutls_certificate_set_rawpk_key_file(cred, argv[2], argv[4], GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0));
    printf("file(missing key)=%d\n", gnutls_certificate_set_rawpk_key_file(cred, argv[2], "/nonexistent", GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0));
    printf("file(missing spki)=%d\n", gnutls_certificate_set_rawpk_key_file(cred, "/nonexistent", argv[4], GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0));
    printf("file(null)=%d\n", gnutls_certificate_set_rawpk_key_file(cred, NULL, argv[4], GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0));
    gnutls_certificate_free_credentials(cred);
    gnutls_certificate_allocate_credentials(&cred);
    printf("file(other key)=%d\n", gnutls_certificate_set_rawpk_key_file(cred, argv[2], argv[5], GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0, 0));
    gnutls_certificate_free_credentials(cred);
    gnutls_certificate_allocate_credentials(&cred);
    printf("mem(pem)=%d\n", gnutls_certificate_set_rawpk_key_mem(cred, &pem, &key, GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0));
    printf("mem(null spki)=%d\n", gnutls_certificate_set_rawpk_key_mem(cred, NULL, &key, GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0));
    printf("mem(junk spki)=%d\n", gnutls_certificate_set_rawpk_key_mem(cred, &junk, &key, GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0));
    gnutls_certificate_set_flags(cred, GNUTLS_CERTIFICATE_API_V2);
    printf("mem(api v2 index)=%d\n", gnutls_certificate_set_rawpk_key_mem(cred, &pem, &key, GNUTLS_X509_FMT_PEM, NULL, 0, NULL, 0, 0));
    gnutls_certificate_free_credentials(cred);

    rc = gnutls_pcert_import_rawpk_raw(&pcert, &der, GNUTLS_X509_FMT_DER, 0, 0);
    printf("pcert raw(der)=%d type=%s same=%d\n", rc, ctype(pcert.type), rc == 0 && same(&pcert.cert, &der));
    if (rc == 0)
        gnutls_pcert_deinit(&pcert);
    rc = gnutls_pcert_import_rawpk_raw(&pcert, &pem, GNUTLS_X509_FMT_PEM, GNUTLS_KEY_DIGITAL_SIGNATURE, 0);
    printf("pcert raw(pem)=%d type=%s same=%d\n", rc, ctype(pcert.type), rc == 0 && same(&pcert.cert, &der));
    if (rc == 0) {
        unsigned usage = 0;
        gnutls_pubkey_get_key_usage(pcert.pubkey, &usage);
        printf("pcert raw(pem) key_usage=%u\n", usage);
        gnutls_pcert_deinit(&pcert);
    }
    printf("pcert raw(null)=%d\n", gnutls_pcert_import_rawpk_raw(&pcert, NULL, GNUTLS_X509_FMT_DER, 0, 0));
    gnutls_pubkey_init(&pub);
    gnutls_pubkey_import(pub, &der, GNUTLS_X509_FMT_DER);
    rc = gnutls_pcert_import_rawpk(&pcert, pub, 0);
    printf("pcert pubkey=%d type=%s same=%d\n", rc, ctype(pcert.type), rc == 0 && same(&pcert.cert, &der));
    if (rc == 0)
        gnutls_pcert_deinit(&pcert); /* frees pub too */
    else
        gnutls_pubkey_deinit(pub);
    printf("pcert pubkey(null)=%d\n", gnutls_pcert_import_rawpk(&pcert, NULL, 0));
    printf("type name=%s id=%d\n", gnutls_certificate_type_get_name(GNUTLS_CRT_RAWPK), gnutls_certificate_type_get_id("RAWPK"));
    gnutls_free(pem.data);
    gnutls_free(der.data);
    gnutls_free(key.data);
    printf("result=ok\n");
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A peer that refused us has closed: sends fail with an error code, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    if (argc > 1 && !strcmp(argv[1], "server"))
        return run_server(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "client"))
        return run_client(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "load"))
        return run_load(argc, argv);
    printf("usage: rawpk server|client|load ...\n");
    return 2;
}
