/* The record layer as GnuTLS behaves, against an echo server (gnutls-serv --echo):
 * TLS 1.3 tickets that arrive alone make gnutls_record_recv return GNUTLS_E_AGAIN (on a
 * blocking socket too), gnutls_record_set_timeout gives GNUTLS_E_TIMEDOUT, one receive
 * returns the data of one record (also when records arrived while we were sending),
 * gnutls_record_cork/_uncork make one record of several sends, gnutls_record_set_max_size
 * limits what one send takes, and the codes for empty and NULL buffers and for a send
 * after gnutls_bye; gnutls_record_send_file from an offset (the file's position left
 * alone) and from the file's position, and a bad descriptor.
 *
 * usage: record HOST PORT PRIORITY CAFILE
 * Prints key=value lines; lines starting with '#' differ between libraries. */
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Sends all of buf, retrying as GnuTLS asks. */
static void send_all(gnutls_session_t s, const char *buf, size_t len)
{
    ssize_t n;
    do {
        n = gnutls_record_send(s, buf, len);
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    if (n != (ssize_t)len)
        fail("gnutls_record_send", (int)n);
}

/* One gnutls_record_recv, repeated on GNUTLS_E_AGAIN (tickets) and GNUTLS_E_INTERRUPTED. */
static ssize_t recv_one(gnutls_session_t s, char *buf, size_t len)
{
    ssize_t n;
    do {
        n = gnutls_record_recv(s, buf, len);
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    return n;
}

/* Receives exactly len bytes into buf; the count received. */
static size_t recv_exactly(gnutls_session_t s, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = recv_one(s, buf + got, len - got);
        if (n <= 0)
            break;
        got += n;
    }
    return got;
}

/* gnutls_record_send_file: 1500 bytes from offset 100 of a 2000-byte file come back from
 * the echo server as the file's bytes; then the last 100 from the file's position. */
static void send_file_cases(gnutls_session_t s)
{
    char path[] = "/tmp/grtls-sendfile-XXXXXX";
    char data[2000], back[2000];
    off_t off = 100;
    ssize_t n;
    size_t i, got;
    int fd = mkstemp(path);

    if (fd < 0)
        fail("mkstemp", 0);
    unlink(path);
    for (i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 7 + i / 256);
    if (write(fd, data, sizeof(data)) != (ssize_t)sizeof(data) || lseek(fd, 0, SEEK_SET) != 0)
        fail("write", 0);
    n = gnutls_record_send_file(s, fd, &off, 1500);
    got = n > 0 ? recv_exactly(s, back, (size_t)n) : 0;
    printf("send_file_offset=%d offset_after=%d position_after=%d echo_matches=%d\n", (int)n, (int)off,
           (int)lseek(fd, 0, SEEK_CUR), got == 1500 && memcmp(back, data + 100, 1500) == 0);
    lseek(fd, 1900, SEEK_SET);
    n = gnutls_record_send_file(s, fd, NULL, 1000);
    got = n > 0 ? recv_exactly(s, back, (size_t)n) : 0;
    printf("send_file_position=%d position_after=%d echo_matches=%d\n", (int)n, (int)lseek(fd, 0, SEEK_CUR),
           got == 100 && memcmp(back, data + 1900, 100) == 0);
    printf("send_file_at_end=%d\n", (int)gnutls_record_send_file(s, fd, NULL, 10));
    printf("send_file_zero=%d\n", (int)gnutls_record_send_file(s, fd, &off, 0));
    close(fd);
    printf("send_file_bad_fd=%d\n", (int)gnutls_record_send_file(s, fd, NULL, 10));
}

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t xcred;
    gnutls_session_t s;
    char buf[64];
    char big[1000];
    ssize_t n;
    long t0, waited;
    int rc, fd, tls13, agains = 0;

    if (argc != 5) {
        fprintf(stderr, "usage: %s HOST PORT PRIORITY CAFILE\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    gnutls_global_init();
    gnutls_certificate_allocate_credentials(&xcred);
    if ((rc = gnutls_certificate_set_x509_trust_file(xcred, argv[4], GNUTLS_X509_FMT_PEM)) < 0)
        fail("gnutls_certificate_set_x509_trust_file", rc);
    gnutls_init(&s, GNUTLS_CLIENT);
    setup_client_session(s, "localhost", argv[1], argv[3], xcred);
    /* Before the handshake: */
    printf("recv_before_handshake=%d\n", (int)gnutls_record_recv(s, buf, sizeof(buf)));
    printf("send_before_handshake=%d\n", (int)gnutls_record_send(s, "x", 1));
    printf("set_max_size_100=%d\n", (int)gnutls_record_set_max_size(s, 100));
    printf("set_max_size_16385=%d\n", (int)gnutls_record_set_max_size(s, 16385));
    fd = tcp_connect_to(argv[1], argv[2]);
    gnutls_transport_set_int(s, fd);
    do {
        rc = gnutls_handshake(s);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0)
        fail("gnutls_handshake", rc);
    tls13 = gnutls_protocol_get_version(s) == GNUTLS_TLS1_3;
    printf("version=%s\n", gnutls_protocol_get_name(gnutls_protocol_get_version(s)));

    /* The server's tickets (TLS 1.3) arrive alone: blocking or not, the receive that
     * processes them returns GNUTLS_E_AGAIN; then nothing comes and the timeout ends it. */
    usleep(300 * 1000);
    gnutls_record_set_timeout(s, 500);
    n = gnutls_record_recv(s, buf, sizeof(buf));
    printf("first_recv=%d\n", (int)n);
    while (n == GNUTLS_E_AGAIN) {
        agains++;
        n = gnutls_record_recv(s, buf, sizeof(buf));
    }
    printf("# agains=%d (GnuTLS: one per ticket record; ours: one per batch)\n", agains);
    t0 = now_ms();
    n = gnutls_record_recv(s, buf, sizeof(buf));
    waited = now_ms() - t0;
    printf("timeout_recv=%d\n", (int)n);
    printf("timeout_waited_about_500ms=%d\n", waited >= 400 && waited < 3000);
    printf("# waited=%ldms\n", waited);
    gnutls_record_set_timeout(s, 0);

    /* Three records echoed back: one receive gives one record, even into a larger buffer
     * and even when the echoes arrived while we were sending. */
    send_all(s, "abc", 3);
    send_all(s, "defg", 4);
    send_all(s, "hi", 2);
    usleep(300 * 1000);
    send_all(s, "j", 1); /* processes what has arrived meanwhile */
    usleep(200 * 1000);
    printf("recv_1=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    printf("recv_2=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    printf("recv_2_data=%.4s\n", buf);
    printf("recv_3_small=%d\n", (int)recv_one(s, buf, 1));
    printf("recv_3_rest=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    printf("recv_4=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    printf("pending_after=%d\n", (int)gnutls_record_check_pending(s));

    /* Corked sends make one record. */
    gnutls_record_cork(s);
    printf("corked_send=%d\n", (int)gnutls_record_send(s, "klm", 3));
    printf("corked_send=%d\n", (int)gnutls_record_send(s, "nop", 3));
    printf("check_corked=%d\n", (int)gnutls_record_check_corked(s));
    printf("uncork=%d\n", gnutls_record_uncork(s, GNUTLS_RECORD_WAIT));
    printf("check_corked_after=%d\n", (int)gnutls_record_check_corked(s));
    printf("uncork_again=%d\n", gnutls_record_uncork(s, 0));
    n = recv_one(s, buf, sizeof(buf));
    printf("recv_corked=%d %.*s\n", (int)n, n > 0 ? (int)n : 0, buf);
    printf("discard_queued=%d\n", (int)gnutls_record_discard_queued(s));

    /* A maximum record size set after the handshake limits what one send takes. */
    printf("set_max_size_512=%d\n", (int)gnutls_record_set_max_size(s, 512));
    memset(big, 'z', sizeof(big));
    n = gnutls_record_send(s, big, sizeof(big));
    printf("send_1000_with_max_512=%d\n", (int)n);
    if (n > 0) {
        n = recv_one(s, buf, sizeof(buf));
        printf("recv_echo_of_512=%d\n", (int)n);
        while (n > 0 && (n = gnutls_record_check_pending(s)) > 0)
            recv_one(s, big, sizeof(big));
    }

    /* Empty and NULL buffers. */
    printf("send_zero=%d\n", (int)gnutls_record_send(s, "x", 0));
    printf("send_null_zero=%d\n", (int)gnutls_record_send(s, NULL, 0));
    printf("recv_zero=%d\n", (int)gnutls_record_recv(s, buf, 0));
    printf("recv_null=%d\n", (int)gnutls_record_recv(s, NULL, 10));
    printf("send2_pad_tls12=%d\n", tls13 ? GNUTLS_E_INVALID_REQUEST : (int)gnutls_record_send2(s, "x", 1, 1, 0));
    printf("send2_nopad=%d\n", (int)gnutls_record_send2(s, "q", 1, 0, 0));
    printf("recv_send2=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    send_file_cases(s);

    /* After our close_notify nothing more can be sent; the echo server closes too. */
    printf("bye_wr=%d\n", gnutls_bye(s, GNUTLS_SHUT_WR));
    printf("send_after_bye=%d\n", (int)gnutls_record_send(s, "x", 1));
    printf("recv_after_bye=%d\n", (int)recv_one(s, buf, sizeof(buf)));
    printf("recv_after_eof=%d\n", (int)gnutls_record_recv(s, buf, sizeof(buf)));
    printf("done=1\n");
    gnutls_deinit(s);
    close(fd);
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    return 0;
}
