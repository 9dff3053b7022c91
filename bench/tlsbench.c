/* tlsbench: a minimal GnuTLS client used by bench/run.py to compare gnutls-rustls
 * with the system's GnuTLS.  The same source is compiled twice, once against each
 * library; it only uses the public GnuTLS 3.7 API.
 *
 *   tlsbench PORT PRIORITY CAFILE PATH MODE
 *
 * MODE handshake: connect to 127.0.0.1:PORT (SNI "localhost"), full handshake with
 *   certificate verification, gnutls_certificate_verify_peers2 must report 0, bye.
 *   Prints:  proto=.. cipher=.. kx=.. cpu_us=N hs_wall_us=N
 *   cpu_us is the CPU time (user+sys, getrusage RUSAGE_SELF) of the whole process
 *   from exec to exit, hs_wall_us the wall time of gnutls_handshake alone.
 *
 * MODE bulk: as above, then "GET /PATH HTTP/1.0" (openssl s_server -WWW) and read
 *   everything with gnutls_record_recv into a 64 KiB buffer.
 *   Prints:  proto=.. cipher=.. kx=.. bytes=N body_bytes=N cpu_us=N wall_us=N
 *   cpu_us and wall_us cover the transfer phase only (request sent .. EOF).
 *   bytes counts everything received, body_bytes what follows the HTTP header.
 *
 * Every return code is checked; any error exits non-zero with a message on stderr.
 * The end of the stream may be a close_notify (recv returns 0) or, since
 * s_server -WWW may just close the socket, GNUTLS_E_PREMATURE_TERMINATION; the
 * driver checks body_bytes against the file's size so truncation is still caught.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#define BUFSZ (64 * 1024)

static void die(const char *what, int rc)
{
    fprintf(stderr, "tlsbench: %s failed: %d (%s)\n", what, rc, gnutls_strerror(rc));
    exit(2);
}

static void die_errno(const char *what)
{
    fprintf(stderr, "tlsbench: %s failed: %s\n", what, strerror(errno));
    exit(2);
}

static long long now_us(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die_errno("clock_gettime");
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long cpu_us(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        die_errno("getrusage");
    return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
           ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

static void send_all(gnutls_session_t s, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = gnutls_record_send(s, buf, len);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            continue;
        if (n < 0)
            die("gnutls_record_send", (int)n);
        if (n == 0) {
            fprintf(stderr, "tlsbench: gnutls_record_send returned 0\n");
            exit(2);
        }
        buf += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s PORT PRIORITY CAFILE PATH handshake|bulk\n", argv[0]);
        return 64;
    }
    char *end = NULL;
    long port = strtol(argv[1], &end, 10);
    if (!end || *end || port <= 0 || port > 65535) {
        fprintf(stderr, "tlsbench: bad port %s\n", argv[1]);
        return 64;
    }
    const char *priority = argv[2], *cafile = argv[3], *path = argv[4], *mode = argv[5];
    int bulk;
    if (strcmp(mode, "handshake") == 0)
        bulk = 0;
    else if (strcmp(mode, "bulk") == 0)
        bulk = 1;
    else {
        fprintf(stderr, "tlsbench: bad mode %s\n", mode);
        return 64;
    }

    signal(SIGPIPE, SIG_IGN);
    int rc;
    if ((rc = gnutls_global_init()) < 0)
        die("gnutls_global_init", rc);

    gnutls_certificate_credentials_t cred;
    if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0)
        die("gnutls_certificate_allocate_credentials", rc);
    rc = gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_PEM);
    if (rc < 0)
        die("gnutls_certificate_set_x509_trust_file", rc);
    if (rc == 0) {
        fprintf(stderr, "tlsbench: no certificate in %s\n", cafile);
        return 2;
    }

    gnutls_session_t s;
    if ((rc = gnutls_init(&s, GNUTLS_CLIENT)) < 0)
        die("gnutls_init", rc);
    const char *err_pos = NULL;
    if ((rc = gnutls_priority_set_direct(s, priority, &err_pos)) < 0) {
        fprintf(stderr, "tlsbench: priority error near: %s\n", err_pos ? err_pos : "?");
        die("gnutls_priority_set_direct", rc);
    }
    if ((rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred)) < 0)
        die("gnutls_credentials_set", rc);
    if ((rc = gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"))) < 0)
        die("gnutls_server_name_set", rc);
    gnutls_session_set_verify_cert(s, "localhost", 0);
    gnutls_handshake_set_timeout(s, 20000);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die_errno("socket");
    struct timeval tv = {.tv_sec = 30, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
        die_errno("setsockopt(timeout)");
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
        die_errno("setsockopt(TCP_NODELAY)");
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        die_errno("connect");
    gnutls_transport_set_int(s, fd);

    long long hs0 = now_us();
    do {
        rc = gnutls_handshake(s);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc < 0)
        die("gnutls_handshake", rc);
    long long hs_wall = now_us() - hs0;

    unsigned int status = 0;
    if ((rc = gnutls_certificate_verify_peers2(s, &status)) < 0)
        die("gnutls_certificate_verify_peers2", rc);
    if (status != 0) {
        fprintf(stderr, "tlsbench: certificate verification status 0x%x\n", status);
        return 2;
    }

    const char *proto = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
    const char *cipher = gnutls_cipher_get_name(gnutls_cipher_get(s));
    const char *kx = gnutls_kx_get_name(gnutls_kx_get(s));
    printf("proto=%s cipher=%s kx=%s", proto ? proto : "?", cipher ? cipher : "?",
           kx ? kx : "?");

    if (bulk) {
        static char buf[BUFSZ];
        char req[1024];
        int n = snprintf(req, sizeof req, "GET /%s HTTP/1.0\r\n\r\n", path[0] == '/' ? path + 1 : path);
        if (n < 0 || (size_t)n >= sizeof req) {
            fprintf(stderr, "tlsbench: path too long\n");
            return 64;
        }
        long long c0 = cpu_us(), w0 = now_us();
        send_all(s, req, (size_t)n);
        unsigned long long total = 0, body = 0;
        /* Find the end of the HTTP header ("\r\n\r\n") across record boundaries. */
        int header_done = 0, state = 0;
        static const char crlfcrlf[] = "\r\n\r\n";
        int clean_eof = 0;
        for (;;) {
            ssize_t r = gnutls_record_recv(s, buf, sizeof buf);
            if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
                continue;
            if (r == 0) {
                clean_eof = 1;
                break;
            }
            if (r == GNUTLS_E_PREMATURE_TERMINATION)
                break;
            if (r < 0)
                die("gnutls_record_recv", (int)r);
            total += (unsigned long long)r;
            if (header_done) {
                body += (unsigned long long)r;
            } else {
                for (ssize_t i = 0; i < r; i++) {
                    if (buf[i] == crlfcrlf[state]) {
                        if (++state == 4) {
                            header_done = 1;
                            body += (unsigned long long)(r - i - 1);
                            break;
                        }
                    } else {
                        state = buf[i] == '\r' ? 1 : 0;
                    }
                }
            }
        }
        long long c1 = cpu_us(), w1 = now_us();
        if (!header_done) {
            fprintf(stderr, "tlsbench: no HTTP header end seen\n");
            return 2;
        }
        printf(" eof=%s bytes=%llu body_bytes=%llu cpu_us=%lld wall_us=%lld\n",
               clean_eof ? "close_notify" : "tcp", total, body, c1 - c0, w1 - w0);
    }
    /* Send our close_notify (SHUT_WR: do not wait for the server's).  After a bulk
     * transfer the server may already have closed the socket, so a push error is
     * expected there. */
    do {
        rc = gnutls_bye(s, GNUTLS_SHUT_WR);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc < 0 && !(bulk && rc == GNUTLS_E_PUSH_ERROR))
        die("gnutls_bye", rc);

    if (close(fd) != 0)
        die_errno("close");
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();

    if (!bulk)
        printf(" cpu_us=%lld hs_wall_us=%lld\n", cpu_us(), hs_wall);
    if (fflush(stdout) != 0)
        die_errno("fflush");
    return 0;
}
