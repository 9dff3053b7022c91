/* Certificates chosen by the program during the handshake, pcerts and packets:
 *   certcb server MODE PORTFILE CERT_A KEY_A CERT_B KEY_B
 *       one connection; MODE retr1|retr2|retr3 picks A for a.example.test, B otherwise,
 *       from gnutls_server_name_get inside the callback; fail: the callback returns -1
 *   certcb client MODE PORT CA CERT KEY PRIO
 *       against `openssl s_server -Verify 1 -www`; MODE retr1|retr2|retr3|fail|none,
 *       reject (session verify function returns 1), reject-code (returns -77),
 *       keys (CERT and KEY in the credentials: GnuTLS picks by the server's CA names),
 *       keys-force (the same with GNUTLS_FORCE_CLIENT_CERT)
 *   certcb pcert CHAIN(PEM, 2 certs) CERT KEY
 *   certcb packet PORT CA PRIO      against tests/tls_echo_server.py
 * Every code is printed as key=value. */
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static gnutls_x509_crt_t *crts[2];
static unsigned ncrts[2];
static gnutls_x509_privkey_t x509keys[2];
static gnutls_pcert_st pcerts[2][4];
static unsigned npcerts[2];
static gnutls_privkey_t privkeys[2];
static int calls;
static gnutls_session_t current;
static char seen_sni[256];

static gnutls_datum_t load(const char *path)
{
    gnutls_datum_t d;
    int rc = gnutls_load_file(path, &d);
    if (rc < 0)
        fail("gnutls_load_file", rc);
    return d;
}

static void load_pair(int i, const char *cert, const char *key)
{
    gnutls_datum_t c = load(cert), k = load(key);
    int rc;
    npcerts[i] = 4;
    if ((rc = gnutls_x509_crt_list_import2(&crts[i], &ncrts[i], &c, GNUTLS_X509_FMT_PEM, 0)) < 0)
        fail("gnutls_x509_crt_list_import2", rc);
    if ((rc = gnutls_x509_privkey_init(&x509keys[i])) < 0 ||
        (rc = gnutls_x509_privkey_import(x509keys[i], &k, GNUTLS_X509_FMT_PEM)) < 0)
        fail("gnutls_x509_privkey_import", rc);
    if ((rc = gnutls_pcert_list_import_x509_raw(pcerts[i], &npcerts[i], &c, GNUTLS_X509_FMT_PEM, 0)) < 0)
        fail("gnutls_pcert_list_import_x509_raw", rc);
    if ((rc = gnutls_privkey_init(&privkeys[i])) < 0 ||
        (rc = gnutls_privkey_import_x509_raw(privkeys[i], &k, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0)
        fail("gnutls_privkey_import_x509_raw", rc);
    gnutls_free(c.data);
    gnutls_free(k.data);
}

/* Which pair: the server's choice by SNI, the client's is always 0. */
static int choose(gnutls_session_t session)
{
    size_t len = sizeof(seen_sni);
    unsigned type;
    calls++;
    current = session;
    if (gnutls_server_name_get(session, seen_sni, &len, &type, 0) < 0)
        strcpy(seen_sni, "-");
    return strcmp(seen_sni, "b.example.test") == 0 ? 1 : 0;
}

static int fail_mode;
/* The reject cases print nothing from the retrieve callback: under TLS 1.2 GnuTLS runs the
 * verify function before it, we after (both before gnutls_handshake returns). */
static int quiet;

/* Printed for the first call only: a GnuTLS server asks again for each cipher suite
 * after a failure. */
static void print_request(const gnutls_datum_t *req_ca, int nreqs, const gnutls_pk_algorithm_t *pk, int npk)
{
    int has_rsa = 0, i;
    char dn[512];
    size_t len = sizeof(dn);
    if (calls > 1 || quiet)
        return;
    for (i = 0; i < npk; i++)
        has_rsa |= pk[i] == GNUTLS_PK_RSA;
    printf("cb.nreqs=%d\ncb.has_rsa=%d\ncb.pk_null=%d\n", nreqs, has_rsa, pk == NULL);
    printf("cb.request_status=%u\n", gnutls_certificate_client_get_request_status(current));
    if (nreqs > 0 && gnutls_x509_rdn_get(&req_ca[0], dn, &len) == 0)
        printf("cb.ca0=%s\n", dn);
}

/* With deinit_all the library frees fresh copies, as GnuTLS's man page asks. */
static int retr1(gnutls_session_t session, const gnutls_datum_t *req_ca, int nreqs,
                 const gnutls_pk_algorithm_t *pk, int npk, gnutls_retr2_st *st)
{
    int i = choose(session);
    unsigned j;
    print_request(req_ca, nreqs, pk, npk);
    if (fail_mode)
        return -1;
    st->cert_type = GNUTLS_CRT_X509;
    st->key_type = GNUTLS_PRIVKEY_X509;
    st->ncerts = ncrts[i];
    st->cert.x509 = gnutls_malloc(sizeof(gnutls_x509_crt_t) * ncrts[i]);
    for (j = 0; j < ncrts[i]; j++) {
        gnutls_datum_t der;
        gnutls_x509_crt_export2(crts[i][j], GNUTLS_X509_FMT_DER, &der);
        gnutls_x509_crt_init(&st->cert.x509[j]);
        gnutls_x509_crt_import(st->cert.x509[j], &der, GNUTLS_X509_FMT_DER);
        gnutls_free(der.data);
    }
    gnutls_x509_privkey_init(&st->key.x509);
    gnutls_x509_privkey_cpy(st->key.x509, x509keys[i]);
    st->deinit_all = 1;
    return 0;
}

static int retr2(gnutls_session_t session, const gnutls_datum_t *req_ca, int nreqs,
                 const gnutls_pk_algorithm_t *pk, int npk, gnutls_pcert_st **pcert,
                 unsigned int *pcert_length, gnutls_privkey_t *key)
{
    int i = choose(session);
    print_request(req_ca, nreqs, pk, npk);
    if (fail_mode)
        return -1;
    *pcert = pcerts[i];
    *pcert_length = npcerts[i];
    *key = privkeys[i];
    return 0;
}

static int retr3(gnutls_session_t session, const struct gnutls_cert_retr_st *info,
                 gnutls_pcert_st **certs, unsigned int *certs_length, gnutls_ocsp_data_st **ocsp,
                 unsigned int *ocsp_length, gnutls_privkey_t *key, unsigned int *flags)
{
    int i = choose(session);
    print_request(info->req_ca_rdn, (int)info->nreqs, info->pk_algos, (int)info->pk_algos_length);
    printf("cb.version=%u\n", info->version);
    printf("cb.cred_given=%d\n", info->cred != NULL);
    if (fail_mode)
        return -1;
    *certs = pcerts[i];
    *certs_length = npcerts[i];
    *ocsp = NULL;
    *ocsp_length = 0;
    *key = privkeys[i];
    *flags = 0;
    return 0;
}

static void set_mode(gnutls_certificate_credentials_t cred, const char *mode)
{
    fail_mode = strcmp(mode, "fail") == 0;
    if (strcmp(mode, "retr1") == 0 || fail_mode)
        gnutls_certificate_set_retrieve_function(cred, retr1);
    else if (strcmp(mode, "retr2") == 0)
        gnutls_certificate_set_retrieve_function2(cred, retr2);
    else if (strcmp(mode, "retr3") == 0)
        gnutls_certificate_set_retrieve_function3(cred, retr3);
}

static int run_server(const char *mode, const char *portfile)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t session;
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    int lfd, fd, rc, one = 1;
    FILE *pf;

    gnutls_certificate_allocate_credentials(&cred);
    set_mode(cred, mode);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 4) < 0)
        fail("bind", -1);
    getsockname(lfd, (struct sockaddr *)&sa, &salen);
    pf = fopen(portfile, "w");
    fprintf(pf, "%d\n", ntohs(sa.sin_port));
    fclose(pf);
    fd = accept(lfd, NULL, NULL);
    gnutls_init(&session, GNUTLS_SERVER);
    gnutls_priority_set_direct(session, "NORMAL", NULL);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, 10000);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    printf("handshake=%d\ncalled=%d\n# calls=%d\nsni=%s\n", rc, calls > 0, calls, seen_sni);
    if (rc == 0) {
        const gnutls_datum_t *ours = gnutls_certificate_get_ours(session);
        gnutls_x509_crt_t c;
        gnutls_datum_t dn;
        gnutls_x509_crt_init(&c);
        if (ours && gnutls_x509_crt_import(c, ours, GNUTLS_X509_FMT_DER) == 0 && gnutls_x509_crt_get_dn2(c, &dn) == 0) {
            printf("our_cert=%s\n", dn.data);
            gnutls_free(dn.data);
        }
        gnutls_x509_crt_deinit(c);
        gnutls_record_send(session, "hello\n", 6);
        gnutls_bye(session, GNUTLS_SHUT_WR);
    }
    gnutls_deinit(session);
    close(fd);
    close(lfd);
    gnutls_certificate_free_credentials(cred);
    return 0;
}

static int verify_answer;
static int reject(gnutls_session_t session)
{
    unsigned n = 0;
    (void)gnutls_certificate_get_peers(session, &n);
    printf("verify.peers=%u\n", n);
    return verify_answer;
}
static int cred_verify(gnutls_session_t session)
{
    (void)session;
    printf("verify.credentials_function=1\n");
    return 0;
}

static const char *client_cert_file, *client_key_file;

static int run_client(const char *mode, const char *port, const char *ca, const char *prio)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t session;
    char buf[16384];
    int rc, fd, total = 0, n;

    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM);
    set_mode(cred, mode);
    if (strncmp(mode, "keys", 4) == 0) {
        rc = gnutls_certificate_set_x509_key_file(cred, client_cert_file, client_key_file, GNUTLS_X509_FMT_PEM);
        printf("set_x509_key_file=%d\n", rc);
    }
    fd = tcp_connect_to("127.0.0.1", port);
    gnutls_init(&session, GNUTLS_CLIENT | (strcmp(mode, "keys-force") == 0 ? GNUTLS_FORCE_CLIENT_CERT : 0));
    setup_client_session(session, "localhost", "localhost", prio, cred);
    if (strncmp(mode, "reject", 6) == 0) {
        verify_answer = strcmp(mode, "reject") == 0 ? 1 : -77;
        /* A client certificate, so that the server goes on to the end of the handshake;
         * GnuTLS asks for it after the verify function under TLS 1.2, before under 1.3. */
        gnutls_certificate_set_retrieve_function2(cred, retr2);
        quiet = 1;
        /* The session's function takes precedence over the credentials' one. */
        gnutls_certificate_set_verify_function(cred, cred_verify);
        gnutls_session_set_verify_function(session, reject);
    }
    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, 10000);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    printf("handshake=%d\n%scalls=%d\n", rc, strncmp(mode, "reject", 6) == 0 ? "# " : "", calls);
    if (rc == 0) {
        const char *req = "GET / HTTP/1.0\r\n\r\n";
        gnutls_record_send(session, req, strlen(req));
        while ((n = gnutls_record_recv(session, buf + total, sizeof(buf) - 1 - total)) > 0 || n == GNUTLS_E_AGAIN)
            if (n > 0)
                total += n;
        buf[total] = 0;
        printf("server_saw_client_cert=%d\n", strstr(buf, "CN = test client") != NULL || strstr(buf, "CN=test client") != NULL);
        printf("# page %d bytes\n", total);
        gnutls_bye(session, GNUTLS_SHUT_RDWR);
    }
    gnutls_deinit(session);
    close(fd);
    gnutls_certificate_free_credentials(cred);
    return 0;
}

static void print_dn(const char *key, gnutls_x509_crt_t c)
{
    gnutls_datum_t dn;
    if (gnutls_x509_crt_get_dn2(c, &dn) == 0) {
        printf("%s=%s\n", key, dn.data);
        gnutls_free(dn.data);
    }
}

/* The DER size of a one-certificate PEM file. */
static unsigned one_der_size(const gnutls_datum_t *pem)
{
    gnutls_x509_crt_t c;
    gnutls_datum_t der = {NULL, 0};
    unsigned size;
    gnutls_x509_crt_init(&c);
    gnutls_x509_crt_import(c, pem, GNUTLS_X509_FMT_PEM);
    gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_DER, &der);
    size = der.size;
    gnutls_free(der.data);
    gnutls_x509_crt_deinit(c);
    return size;
}

static int run_pcert(const char *chain, const char *cert, const char *key)
{
    gnutls_datum_t c = load(chain), one = load(cert), k = load(key), der;
    gnutls_pcert_st list[4], single;
    gnutls_x509_crt_t crt, *got;
    gnutls_certificate_credentials_t cred;
    gnutls_privkey_t pkey;
    unsigned n = 1, i, bits = 0;
    int rc;

    rc = gnutls_pcert_list_import_x509_raw(list, &n, &c, GNUTLS_X509_FMT_PEM, 0);
    printf("list_small.rc=%d n=%u\n", rc, n);
    for (i = 0; i < n && rc == 0; i++)
        gnutls_pcert_deinit(&list[i]);
    n = 4;
    rc = gnutls_pcert_list_import_x509_raw(list, &n, &c, GNUTLS_X509_FMT_PEM, 0);
    printf("list.rc=%d n=%u type=%d\n", rc, n, list[0].type);
    printf("list.pk=%d\n", gnutls_pubkey_get_pk_algorithm(list[0].pubkey, &bits));
    printf("list.bits=%u\n", bits);
    rc = gnutls_pcert_export_x509(&list[1], &crt);
    printf("export.rc=%d\n", rc);
    print_dn("export.dn", crt);
    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);
    printf("export.same_der=%d\n", der.size == list[1].cert.size && memcmp(der.data, list[1].cert.data, der.size) == 0);
    rc = gnutls_pcert_import_x509(&single, crt, 0);
    printf("import_x509.rc=%d same=%d\n", rc, single.cert.size == der.size && memcmp(single.cert.data, der.data, der.size) == 0);
    gnutls_pcert_deinit(&single);
    rc = gnutls_pcert_import_x509_raw(&single, &der, GNUTLS_X509_FMT_DER, 0);
    printf("import_raw_der.rc=%d size_ok=%d\n", rc, single.cert.size == der.size);
    gnutls_pcert_deinit(&single);
    rc = gnutls_pcert_import_x509_raw(&single, &der, GNUTLS_X509_FMT_PEM, 0);
    printf("import_raw_wrong_format.rc=%d\n", rc);
    gnutls_free(der.data);
    gnutls_x509_crt_deinit(crt);
    for (i = 0; i < n; i++)
        gnutls_pcert_deinit(&list[i]);

    n = 4;
    rc = gnutls_pcert_list_import_x509_file(list, &n, chain, GNUTLS_X509_FMT_PEM, NULL, NULL, 0);
    printf("file.rc=%d n=%u\n", rc, n);
    for (i = 0; i < n && rc == 0; i++)
        gnutls_pcert_deinit(&list[i]);
    n = 4;
    rc = gnutls_pcert_list_import_x509_file(list, &n, "/nonexistent/file.pem", GNUTLS_X509_FMT_PEM, NULL, NULL, 0);
    printf("file_missing.rc=%d\n", rc);

    /* gnutls_certificate_set_key takes the pcerts and key; get_x509_crt hands out copies. */
    gnutls_certificate_allocate_credentials(&cred);
    rc = gnutls_certificate_get_x509_crt(cred, 0, &got, &n);
    printf("get_x509_crt_empty.rc=%d\n", rc);
    n = 4;
    gnutls_pcert_list_import_x509_raw(list, &n, &one, GNUTLS_X509_FMT_PEM, 0);
    gnutls_privkey_init(&pkey);
    gnutls_privkey_import_x509_raw(pkey, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
    rc = gnutls_certificate_set_key(cred, NULL, 0, list, (int)n, pkey);
    printf("set_key.rc=%d\n", rc);
    rc = gnutls_certificate_get_x509_crt(cred, 0, &got, &n);
    printf("get_x509_crt.rc=%d n=%u\n", rc, n);
    if (rc == 0) {
        print_dn("get_x509_crt.dn", got[0]);
        for (i = 0; i < n; i++)
            gnutls_x509_crt_deinit(got[i]);
        gnutls_free(got);
    }
    rc = gnutls_certificate_get_x509_crt(cred, 1, &got, &n);
    printf("get_x509_crt_index1.rc=%d\n", rc);
    {
        gnutls_x509_privkey_t mine, got_key;
        unsigned char id1[64], id2[64];
        size_t s1 = sizeof(id1), s2 = sizeof(id2);
        gnutls_x509_privkey_init(&mine);
        gnutls_x509_privkey_import(mine, &k, GNUTLS_X509_FMT_PEM);
        gnutls_x509_privkey_get_key_id(mine, 0, id1, &s1);
        rc = gnutls_certificate_get_x509_key(cred, 0, &got_key);
        printf("get_x509_key.rc=%d same=%d\n", rc, rc == 0 && gnutls_x509_privkey_get_key_id(got_key, 0, id2, &s2) == 0 && s1 == s2 && memcmp(id1, id2, s1) == 0);
        if (rc == 0)
            gnutls_x509_privkey_deinit(got_key);
        gnutls_x509_privkey_deinit(mine);
        printf("get_x509_key_index1.rc=%d\n", gnutls_certificate_get_x509_key(cred, 1, &got_key));
    }
    rc = gnutls_certificate_get_crt_raw(cred, 0, 0, &der);
    printf("get_crt_raw.rc=%d same=%d\n", rc, rc == 0 && der.size == one_der_size(&one));
    printf("get_crt_raw_index.rc=%d\n", gnutls_certificate_get_crt_raw(cred, 0, 1, &der));

    /* An unsorted chain (the CA first): sorted from the first certificate, or refused. */
    {
        gnutls_datum_t rev = load(chain);
        gnutls_datum_t swapped;
        const char *second = strstr((const char *)rev.data + 1, "-----BEGIN CERTIFICATE-----");
        size_t first_len = second ? (size_t)(second - (const char *)rev.data) : 0;
        swapped.size = rev.size;
        swapped.data = gnutls_malloc(rev.size);
        memcpy(swapped.data, second, rev.size - first_len);
        memcpy(swapped.data + rev.size - first_len, rev.data, first_len);
        n = 4;
        rc = gnutls_pcert_list_import_x509_raw(list, &n, &swapped, GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
        printf("unsorted_fail.rc=%d\n", rc);
        n = 4;
        rc = gnutls_pcert_list_import_x509_raw(list, &n, &swapped, GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_SORT);
        printf("unsorted_sort.rc=%d n=%u\n", rc, n);
        for (i = 0; i < n && rc == 0; i++)
            gnutls_pcert_deinit(&list[i]);
        gnutls_free(swapped.data);
        gnutls_free(rev.data);
    }
    gnutls_certificate_free_credentials(cred);
    gnutls_free(c.data);
    gnutls_free(one.data);
    gnutls_free(k.data);
    return 0;
}

static int run_packet(const char *port, const char *ca, const char *prio)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t session;
    gnutls_packet_t packet;
    gnutls_datum_t data;
    const char *msgs[3] = {"first record", "the second, longer record", "3"};
    int rc, fd, i, got = 0;

    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM);
    fd = tcp_connect_to("127.0.0.1", port);
    gnutls_init(&session, GNUTLS_CLIENT);
    setup_client_session(session, "localhost", "localhost", prio, cred);
    gnutls_transport_set_int(session, fd);
    rc = gnutls_handshake(session);
    printf("handshake=%d\n", rc);
    if (rc < 0)
        return 0;
    for (i = 0; i < 3; i++)
        gnutls_record_send(session, msgs[i], strlen(msgs[i]));
    while (got < 3) {
        rc = gnutls_record_recv_packet(session, &packet);
        if (rc == GNUTLS_E_AGAIN)
            continue;
        if (rc <= 0) {
            printf("recv_packet.end=%d null=%d\n", rc, packet == NULL);
            break;
        }
        gnutls_packet_get(packet, &data, NULL);
        printf("packet%d.rc=%d size=%u same=%d\n", got, rc, data.size,
               data.size == strlen(msgs[got]) && memcmp(data.data, msgs[got], data.size) == 0);
        gnutls_packet_deinit(packet);
        got++;
    }
    gnutls_bye(session, GNUTLS_SHUT_WR);
    do {
        rc = gnutls_record_recv_packet(session, &packet);
    } while (rc == GNUTLS_E_AGAIN);
    printf("recv_packet.eof=%d null=%d\n", rc, packet == NULL);
    gnutls_deinit(session);
    close(fd);
    gnutls_certificate_free_credentials(cred);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 8 && strcmp(argv[1], "server") == 0) {
        load_pair(0, argv[4], argv[5]);
        load_pair(1, argv[6], argv[7]);
        return run_server(argv[2], argv[3]);
    }
    if (argc == 8 && strcmp(argv[1], "client") == 0) {
        load_pair(0, argv[5], argv[6]);
        client_cert_file = argv[5];
        client_key_file = argv[6];
        return run_client(argv[2], argv[3], argv[4], argv[7]);
    }
    if (argc == 5 && strcmp(argv[1], "pcert") == 0)
        return run_pcert(argv[2], argv[3], argv[4]);
    if (argc == 5 && strcmp(argv[1], "packet") == 0)
        return run_packet(argv[2], argv[3], argv[4]);
    fprintf(stderr, "usage: see the top of certcb.c\n");
    return 2;
}
