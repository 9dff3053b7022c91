/* Thread safety as GnuTLS documents it ("Thread safety" in the manual: distinct
 * sessions may be used from distinct threads; credentials, priority caches and
 * the session-ticket key may be shared): one process, N server threads and N
 * client threads over loopback TCP.
 *
 * usage: threads PKI_DIR MODE [PAIRS [ROUNDS [ALARM_S]]]
 *   PKI_DIR   tests/mkcerts.sh output (good.pem, good.key, ca.pem)
 *   MODE      tls13 | tls12 | mixed (client i uses TLS 1.3 when i is even,
 *             TLS 1.2 when odd)
 *   PAIRS     number of server threads = number of client threads (default 4)
 *   ROUNDS    connections per client (default 25)
 *   ALARM_S   bound on the whole run (default 60; more under valgrind)
 *
 * Shared by all threads: one server certificate credential (good.pem/good.key),
 * one client certificate credential (trust ca.pem), one server priority cache
 * (NORMAL), one client priority cache per TLS version, one ticket key
 * (gnutls_session_ticket_key_generate).  Every server thread owns a listening
 * socket on 127.0.0.1 and serves exactly ROUNDS connections.  Client i connects
 * in round r to server (i + r) % PAIRS, so every server gets one connection per
 * round and tickets issued by one server thread are redeemed at another (the
 * shared ticket key).
 *
 * A round: handshake (client: gnutls_session_set_verify_cert "localhost", SNI),
 * the client sends a header and 1-8 KB of a pattern derived from (client,
 * round), the server checks it and answers with the same length of a
 * different pattern, the client checks that, takes gnutls_session_get_data2,
 * gnutls_bye(SHUT_RDWR), deinit.  The next round starts with
 * gnutls_session_set_data of that blob and must be resumed
 * (gnutls_session_is_resumed on both ends) and have the expected version.
 *
 * Output: per-thread totals "clientI.key=value" / "serverJ.key=value", then
 * "threads_ok=1 rounds=N resumed=M".  Any failure prints "error=..." and
 * exits 1 at once (_exit: no atexit handlers race with the other threads);
 * the whole run is bounded by alarm(60) (exit 2, "error=timeout").
 */
#include <gnutls/gnutls.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "common.h"

#define MAX_PAIRS 16
#define IO_TIMEOUT_S 15
#define HDR_SIZE 16

static int npairs = 4, nrounds = 25;
static const char *mode = "mixed";

static gnutls_certificate_credentials_t server_cred, client_cred;
static gnutls_priority_t server_prio, client_prio13, client_prio12;
static gnutls_datum_t ticket_key;

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

struct server_arg {
    int id;
    int lfd;
    unsigned short port;
    int conns, resumed, tls13, tls12;
    unsigned long bytes_in, bytes_out;
};

struct client_arg {
    int id;
    int tls13;
    int rounds, resumed;
    unsigned long bytes_in, bytes_out;
};

static struct server_arg servers[MAX_PAIRS];
static struct client_arg clients[MAX_PAIRS];

/* A failure in any thread ends the process at once with its reason. */
static void tfail(const char *who, int id, int round, const char *what, int rc)
{
    pthread_mutex_lock(&out_lock);
    printf("error=%s%d round=%d %s rc=%d (%s)\n", who, id, round, what, rc,
           gnutls_strerror(rc));
    fflush(stdout);
    _exit(1);
}

static void on_alarm(int sig)
{
    static const char msg[] = "error=timeout (alarm)\n";
    (void)sig;
    if (write(1, msg, sizeof(msg) - 1) < 0) {
        /* nothing more to do */
    }
    _exit(2);
}

static void set_timeouts(int fd)
{
    struct timeval tv = { IO_TIMEOUT_S, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Deterministic payload: the byte at offset i for (client, round, direction). */
static unsigned char pattern(int client, int round, int dir, size_t i)
{
    unsigned v = (unsigned)(client * 131 + round * 31 + dir * 7) + (unsigned)i * 2654435761u;
    return (unsigned char)(v >> 13 ^ v >> 5 ^ (unsigned)i);
}

static size_t payload_len(int client, int round)
{
    return 1024 + (size_t)((client * 7919 + round * 1237) % 7169);
}

/* Returns 0 when exactly n bytes arrived, else the GnuTLS code (or 0 bytes =
 * premature EOF reported as GNUTLS_E_PREMATURE_TERMINATION). */
static int recv_all(gnutls_session_t s, unsigned char *buf, size_t n)
{
    size_t got = 0;
    int again = 0;
    while (got < n) {
        ssize_t k = gnutls_record_recv(s, buf + got, n - got);
        if (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED) {
            /* blocking socket: AGAIN after a post-handshake message, or the
             * SO_RCVTIMEO expired (bounded by the retry count and alarm) */
            if (++again > 20)
                return (int)k;
            continue;
        }
        if (k < 0)
            return (int)k;
        if (k == 0)
            return GNUTLS_E_PREMATURE_TERMINATION;
        got += (size_t)k;
    }
    return 0;
}

static int send_all(gnutls_session_t s, const unsigned char *buf, size_t n)
{
    size_t sent = 0;
    while (sent < n) {
        ssize_t k = gnutls_record_send(s, buf + sent, n - sent);
        if (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED)
            continue;
        if (k < 0)
            return (int)k;
        sent += (size_t)k;
    }
    return 0;
}

static void put32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static unsigned get32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static void *server_main(void *p)
{
    struct server_arg *sa = p;
    unsigned char *buf = malloc(16384);
    int c;

    if (!buf)
        tfail("server", sa->id, -1, "malloc", 0);
    for (c = 0; c < nrounds; c++) {
        gnutls_session_t s;
        struct pollfd pfd = { sa->lfd, POLLIN, 0 };
        unsigned char hdr[HDR_SIZE];
        int fd, rc, client, round, tls13, resumed;
        size_t len, i;
        gnutls_protocol_t ver;

        rc = poll(&pfd, 1, IO_TIMEOUT_S * 1000);
        if (rc <= 0)
            tfail("server", sa->id, c, "no connection (poll)", rc);
        fd = accept(sa->lfd, NULL, NULL);
        if (fd < 0)
            tfail("server", sa->id, c, "accept", errno);
        set_timeouts(fd);

        if ((rc = gnutls_init(&s, GNUTLS_SERVER)) < 0)
            tfail("server", sa->id, c, "gnutls_init", rc);
        if ((rc = gnutls_priority_set(s, server_prio)) < 0)
            tfail("server", sa->id, c, "gnutls_priority_set", rc);
        if ((rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, server_cred)) < 0)
            tfail("server", sa->id, c, "gnutls_credentials_set", rc);
        if ((rc = gnutls_session_ticket_enable_server(s, &ticket_key)) < 0)
            tfail("server", sa->id, c, "gnutls_session_ticket_enable_server", rc);
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, IO_TIMEOUT_S * 1000);
        do {
            rc = gnutls_handshake(s);
        } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
        if (rc < 0)
            tfail("server", sa->id, c, "gnutls_handshake", rc);

        if ((rc = recv_all(s, hdr, sizeof(hdr))) < 0)
            tfail("server", sa->id, c, "recv header", rc);
        if (memcmp(hdr, "THRD", 4) != 0)
            tfail("server", sa->id, c, "bad header magic", 0);
        client = (int)get32(hdr + 4);
        round = (int)get32(hdr + 8);
        len = get32(hdr + 12);
        if (client < 0 || client >= npairs || round < 0 || round >= nrounds ||
            len != payload_len(client, round))
            tfail("server", sa->id, c, "bad header fields", (int)len);
        if ((client + round) % npairs != sa->id)
            tfail("server", sa->id, c, "client reached the wrong server", client);
        if ((rc = recv_all(s, buf, len)) < 0)
            tfail("server", sa->id, c, "recv payload", rc);
        for (i = 0; i < len; i++)
            if (buf[i] != pattern(client, round, 0, i))
                tfail("server", sa->id, c, "payload mismatch at offset", (int)i);
        sa->bytes_in += len;

        ver = gnutls_protocol_get_version(s);
        tls13 = ver == GNUTLS_TLS1_3;
        if (!tls13 && ver != GNUTLS_TLS1_2)
            tfail("server", sa->id, c, "unexpected version", (int)ver);
        if (tls13 != clients[client].tls13)
            tfail("server", sa->id, c, "version is not the client's", (int)ver);
        resumed = gnutls_session_is_resumed(s);
        if (resumed != (round > 0))
            tfail("server", sa->id, c, "is_resumed (server) differs from round > 0", resumed);
        sa->resumed += resumed;
        sa->tls13 += tls13;
        sa->tls12 += !tls13;

        for (i = 0; i < len; i++)
            buf[i] = pattern(client, round, 1, i);
        if ((rc = send_all(s, buf, len)) < 0)
            tfail("server", sa->id, c, "send reply", rc);
        sa->bytes_out += len;

        /* the client's close_notify, then ours */
        {
            unsigned char extra;
            int again = 0;
            ssize_t k;
            do {
                k = gnutls_record_recv(s, &extra, 1);
            } while ((k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED) && ++again < 20);
            if (k != 0)
                tfail("server", sa->id, c, "want the client's close_notify", (int)k);
        }
        do {
            rc = gnutls_bye(s, GNUTLS_SHUT_WR);
        } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
        if (rc < 0)
            tfail("server", sa->id, c, "gnutls_bye", rc);
        gnutls_deinit(s);
        close(fd);
        sa->conns++;
    }
    free(buf);
    return NULL;
}

static void *client_main(void *p)
{
    struct client_arg *ca = p;
    unsigned char *buf = malloc(16384);
    gnutls_datum_t blob = { NULL, 0 };
    int r;

    if (!buf)
        tfail("client", ca->id, -1, "malloc", 0);
    for (r = 0; r < nrounds; r++) {
        gnutls_session_t s;
        struct server_arg *sa = &servers[(ca->id + r) % npairs];
        unsigned char hdr[HDR_SIZE];
        char port[16];
        size_t len = payload_len(ca->id, r), i;
        int fd, rc, resumed;
        gnutls_protocol_t ver;

        snprintf(port, sizeof(port), "%u", sa->port);
        fd = tcp_connect_to("127.0.0.1", port);
        set_timeouts(fd);

        if ((rc = gnutls_init(&s, GNUTLS_CLIENT)) < 0)
            tfail("client", ca->id, r, "gnutls_init", rc);
        if ((rc = gnutls_priority_set(s, ca->tls13 ? client_prio13 : client_prio12)) < 0)
            tfail("client", ca->id, r, "gnutls_priority_set", rc);
        if ((rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, client_cred)) < 0)
            tfail("client", ca->id, r, "gnutls_credentials_set", rc);
        if ((rc = gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9)) < 0)
            tfail("client", ca->id, r, "gnutls_server_name_set", rc);
        gnutls_session_set_verify_cert(s, "localhost", 0);
        if (blob.data) {
            if ((rc = gnutls_session_set_data(s, blob.data, blob.size)) < 0)
                tfail("client", ca->id, r, "gnutls_session_set_data", rc);
            gnutls_free(blob.data);
            blob.data = NULL;
            blob.size = 0;
        }
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, IO_TIMEOUT_S * 1000);
        do {
            rc = gnutls_handshake(s);
        } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
        if (rc < 0)
            tfail("client", ca->id, r, "gnutls_handshake", rc);
        ver = gnutls_protocol_get_version(s);
        if (ver != (ca->tls13 ? GNUTLS_TLS1_3 : GNUTLS_TLS1_2))
            tfail("client", ca->id, r, "unexpected version", (int)ver);
        resumed = gnutls_session_is_resumed(s);
        if (resumed != (r > 0))
            tfail("client", ca->id, r, "is_resumed (client) differs from round > 0", resumed);
        ca->resumed += resumed;

        memcpy(hdr, "THRD", 4);
        put32(hdr + 4, (unsigned)ca->id);
        put32(hdr + 8, (unsigned)r);
        put32(hdr + 12, (unsigned)len);
        if ((rc = send_all(s, hdr, sizeof(hdr))) < 0)
            tfail("client", ca->id, r, "send header", rc);
        for (i = 0; i < len; i++)
            buf[i] = pattern(ca->id, r, 0, i);
        if ((rc = send_all(s, buf, len)) < 0)
            tfail("client", ca->id, r, "send payload", rc);
        ca->bytes_out += len;
        memset(buf, 0, len);
        if ((rc = recv_all(s, buf, len)) < 0)
            tfail("client", ca->id, r, "recv reply", rc);
        for (i = 0; i < len; i++)
            if (buf[i] != pattern(ca->id, r, 1, i))
                tfail("client", ca->id, r, "reply mismatch at offset", (int)i);
        ca->bytes_in += len;

        if ((rc = gnutls_session_get_data2(s, &blob)) < 0)
            tfail("client", ca->id, r, "gnutls_session_get_data2", rc);
        if (blob.size == 0)
            tfail("client", ca->id, r, "gnutls_session_get_data2 gave 0 bytes", 0);

        do {
            rc = gnutls_bye(s, GNUTLS_SHUT_RDWR);
        } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
        if (rc < 0)
            tfail("client", ca->id, r, "gnutls_bye", rc);
        gnutls_deinit(s);
        close(fd);
        ca->rounds++;
    }
    gnutls_free(blob.data);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t st[MAX_PAIRS], ct[MAX_PAIRS];
    char path[4096];
    const char *pki, *errpos = NULL;
    int i, rc, total = 0, resumed = 0, alarm_s = 60;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PKI_DIR tls13|tls12|mixed [PAIRS [ROUNDS [ALARM_S]]]\n", argv[0]);
        return 1;
    }
    pki = argv[1];
    mode = argv[2];
    if (argc > 3)
        npairs = atoi(argv[3]);
    if (argc > 4)
        nrounds = atoi(argv[4]);
    if (argc > 5)
        alarm_s = atoi(argv[5]);
    if (npairs < 1 || npairs > MAX_PAIRS || nrounds < 1 || nrounds > 1000 || alarm_s < 1 ||
        (strcmp(mode, "tls13") && strcmp(mode, "tls12") && strcmp(mode, "mixed"))) {
        fprintf(stderr, "bad arguments\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)alarm_s);

    if ((rc = gnutls_global_init()) < 0)
        fail("gnutls_global_init", rc);

    if ((rc = gnutls_certificate_allocate_credentials(&server_cred)) < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    {
        char key[4096];
        snprintf(path, sizeof(path), "%s/good.pem", pki);
        snprintf(key, sizeof(key), "%s/good.key", pki);
        if ((rc = gnutls_certificate_set_x509_key_file(server_cred, path, key,
                                                        GNUTLS_X509_FMT_PEM)) < 0)
            fail("gnutls_certificate_set_x509_key_file", rc);
    }
    if ((rc = gnutls_certificate_allocate_credentials(&client_cred)) < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    snprintf(path, sizeof(path), "%s/ca.pem", pki);
    rc = gnutls_certificate_set_x509_trust_file(client_cred, path, GNUTLS_X509_FMT_PEM);
    if (rc != 1) {
        printf("trust_file=%d\n", rc);
        fail("gnutls_certificate_set_x509_trust_file", rc < 0 ? rc : 0);
    }
    if ((rc = gnutls_priority_init(&server_prio, "NORMAL", &errpos)) < 0)
        fail("gnutls_priority_init (server)", rc);
    if ((rc = gnutls_priority_init(&client_prio13, "NORMAL:-VERS-ALL:+VERS-TLS1.3", &errpos)) < 0)
        fail("gnutls_priority_init (client 1.3)", rc);
    if ((rc = gnutls_priority_init(&client_prio12, "NORMAL:-VERS-ALL:+VERS-TLS1.2", &errpos)) < 0)
        fail("gnutls_priority_init (client 1.2)", rc);
    if ((rc = gnutls_session_ticket_key_generate(&ticket_key)) < 0)
        fail("gnutls_session_ticket_key_generate", rc);

    for (i = 0; i < npairs; i++) {
        struct sockaddr_in sa;
        socklen_t salen = sizeof(sa);
        int lfd = socket(AF_INET, SOCK_STREAM, 0);
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            listen(lfd, MAX_PAIRS * 2) < 0 ||
            getsockname(lfd, (struct sockaddr *)&sa, &salen) < 0) {
            printf("error=listen: %s\n", strerror(errno));
            return 1;
        }
        servers[i].id = i;
        servers[i].lfd = lfd;
        servers[i].port = ntohs(sa.sin_port);
        clients[i].id = i;
        clients[i].tls13 = !strcmp(mode, "tls13") || (!strcmp(mode, "mixed") && i % 2 == 0);
    }
    printf("mode=%s pairs=%d rounds=%d\n", mode, npairs, nrounds);
    fflush(stdout);

    for (i = 0; i < npairs; i++)
        if ((rc = pthread_create(&st[i], NULL, server_main, &servers[i])) != 0)
            fail("pthread_create (server)", 0);
    for (i = 0; i < npairs; i++)
        if ((rc = pthread_create(&ct[i], NULL, client_main, &clients[i])) != 0)
            fail("pthread_create (client)", 0);
    for (i = 0; i < npairs; i++)
        pthread_join(ct[i], NULL);
    for (i = 0; i < npairs; i++)
        pthread_join(st[i], NULL);

    for (i = 0; i < npairs; i++) {
        printf("client%d.version=%s\n", i, clients[i].tls13 ? "TLS1.3" : "TLS1.2");
        printf("client%d.rounds=%d\n", i, clients[i].rounds);
        printf("client%d.resumed=%d\n", i, clients[i].resumed);
        printf("client%d.bytes=%lu/%lu\n", i, clients[i].bytes_out, clients[i].bytes_in);
        total += clients[i].rounds;
        resumed += clients[i].resumed;
    }
    for (i = 0; i < npairs; i++) {
        printf("server%d.conns=%d\n", i, servers[i].conns);
        printf("server%d.resumed=%d\n", i, servers[i].resumed);
        printf("server%d.tls13=%d\n", i, servers[i].tls13);
        printf("server%d.tls12=%d\n", i, servers[i].tls12);
        printf("server%d.bytes=%lu/%lu\n", i, servers[i].bytes_in, servers[i].bytes_out);
        close(servers[i].lfd);
    }
    if (total != npairs * nrounds || resumed != npairs * (nrounds - 1)) {
        printf("error=totals rounds=%d resumed=%d\n", total, resumed);
        return 1;
    }

    gnutls_free(ticket_key.data);
    gnutls_priority_deinit(server_prio);
    gnutls_priority_deinit(client_prio13);
    gnutls_priority_deinit(client_prio12);
    gnutls_certificate_free_credentials(server_cred);
    gnutls_certificate_free_credentials(client_cred);
    gnutls_global_deinit();
    printf("threads_ok=1 rounds=%d resumed=%d\n", total, resumed);
    return 0;
}
