/* A client under faults (tests/fault_peer.py is the server): what each GnuTLS call returns
 * when the peer stalls, resets, trickles, truncates, closes cleanly, when signals interrupt
 * the calls, when a record is oversized, and for a 1 MiB exchange. Prints key=value lines;
 * tests/reliability.py compares them between the real GnuTLS and ours.
 *   faults PORT CAFILE tls12|tls13 CASE */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "common.h"

#define MIB (1 << 20)

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static unsigned char pattern_byte(size_t i)
{
    return (unsigned char)((i % 251) * 7 % 251);
}

/* Reads until an error, EOF or `want` bytes (0: no limit); prints how many bytes came and
 * the last return code. */
static void read_to_end(gnutls_session_t s, long want)
{
    char buf[4096];
    long total = 0;
    ssize_t rc;

    do {
        rc = gnutls_record_recv(s, buf, sizeof buf);
        if (rc > 0)
            total += rc;
    } while ((rc > 0 && (want == 0 || total < want)) || rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    printf("recv_bytes=%ld\nrecv_rc=%d\n", total, (int)rc);
}

static int send_all(gnutls_session_t s, const unsigned char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t rc = gnutls_record_send(s, data + off, len - off);
        if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
            continue;
        if (rc < 0)
            return (int)rc;
        off += (size_t)rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t s;
    const char *kase;
    const char *prio;
    long t0;
    int fd, rc;

    if (argc != 5) {
        fprintf(stderr, "usage: faults PORT CAFILE tls12|tls13 CASE\n");
        return 2;
    }
    kase = argv[4];
    prio = strcmp(argv[3], "tls13") == 0 ? "NORMAL:-VERS-ALL:+VERS-TLS1.3" : "NORMAL:-VERS-ALL:+VERS-TLS1.2";
    signal(SIGPIPE, SIG_IGN);
    if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0)
        fail("allocate_credentials", rc);
    if ((rc = gnutls_certificate_set_x509_trust_file(cred, argv[2], GNUTLS_X509_FMT_PEM)) < 0)
        fail("set_x509_trust_file", rc);
    if ((rc = gnutls_init(&s, GNUTLS_CLIENT)) < 0)
        fail("gnutls_init", rc);
    setup_client_session(s, "localhost", "127.0.0.1", prio, cred);
    fd = tcp_connect_to("127.0.0.1", argv[1]);
    gnutls_transport_set_int(s, fd);

    if (strcmp(kase, "stall") == 0)
        gnutls_handshake_set_timeout(s, 1000);
    if (strcmp(kase, "eintr") == 0) {
        /* A 10 ms timer, without SA_RESTART: recv() and send() return EINTR. */
        struct sigaction sa;
        struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        setitimer(ITIMER_REAL, &it, NULL);
    }

    t0 = now_ms();
    int interrupted = 0;
    do {
        rc = gnutls_handshake(s);
        if (rc == GNUTLS_E_INTERRUPTED)
            interrupted++;
    } while (rc == GNUTLS_E_INTERRUPTED || (rc < 0 && !gnutls_error_is_fatal(rc)));
    printf("handshake_rc=%d\n", rc);
    printf("# handshake_ms=%ld\n", now_ms() - t0);
    if (strcmp(kase, "stall") == 0)
        printf("timed_out_in_time=%d\n", now_ms() - t0 < 3000);
    if (rc < 0)
        goto out;

    if ((rc = send_all(s, (const unsigned char *)"REQ\n", 4)) < 0)
        fail("send REQ", rc);

    if (strcmp(kase, "reset-send") == 0) {
        /* The RST arrives while we wait; every later send must fail, not hang. */
        static unsigned char chunk[16384];
        int i;
        usleep(300000);
        rc = 0;
        for (i = 0; i < 100 && rc >= 0; i++)
            rc = (int)gnutls_record_send(s, chunk, sizeof chunk);
        printf("send_rc=%d\n", rc);
    } else if (strcmp(kase, "eintr") == 0) {
        char buf[4096];
        long total = 0;
        ssize_t n;
        for (;;) {
            n = gnutls_record_recv(s, buf, sizeof buf);
            if (n == GNUTLS_E_INTERRUPTED) {
                interrupted++;
                continue;
            }
            if (n <= 0)
                break;
            total += n;
            if (total >= 26 * 40)
                break;
        }
        struct itimerval off = { { 0, 0 }, { 0, 0 } };
        setitimer(ITIMER_REAL, &off, NULL);
        printf("recv_bytes=%ld\n", total);
        printf("interrupted_seen=%d\n", interrupted > 0);
        printf("# interrupted=%d alarms=%d\n", interrupted, (int)alarms);
    } else if (strcmp(kase, "big") == 0) {
        unsigned char *data = malloc(MIB);
        char line[8] = { 0 };
        size_t i, got = 0;
        int bad = 0;
        for (i = 0; i < MIB; i++)
            data[i] = pattern_byte(i);
        printf("send_mib_rc=%d\n", send_all(s, data, MIB));
        rc = (int)gnutls_record_recv(s, line, sizeof line - 1);
        printf("peer_says=%s", rc > 0 ? line : "nothing\n");
        while (got < MIB) {
            ssize_t n = gnutls_record_recv(s, data, MIB - got);
            if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
                continue;
            if (n <= 0)
                break;
            for (i = 0; i < (size_t)n; i++)
                bad |= data[i] != pattern_byte(got + i);
            got += (size_t)n;
        }
        printf("recv_mib_ok=%d\n", got == MIB && !bad);
        free(data);
    } else {
        read_to_end(s, strcmp(kase, "trickle") == 0 ? 26 * 40 : 0);
    }
    rc = gnutls_bye(s, GNUTLS_SHUT_WR);
    printf("# bye_rc=%d\n", rc);
out:
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    return 0;
}
