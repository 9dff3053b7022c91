/* Return codes under misuse, as a table: calls made in the wrong state, twice, or with
 * NULL/empty arguments, each printed as name=code. The values were learned from GnuTLS
 * 3.7.9 (tests/run.py compares both libraries line by line); cases on which the real
 * GnuTLS crashes run only with --ours. Lines starting with '#' differ on purpose.
 *
 * usage: misuse CAFILE PORT PRIORITY [--ours]
 *   PORT: a TLS echo server on 127.0.0.1 (tests/tls_echo_server.py) for the cases after a
 *   handshake; each connection is a new one. */
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static const char *cafile, *port, *prio;
static gnutls_certificate_credentials_t xcred;

#define CASE(name, expr) printf("%s=%d\n", name, (int)(expr))

/* A client session with priorities and credentials, not connected. */
static gnutls_session_t fresh(void)
{
    gnutls_session_t s;
    int rc = gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
    if (rc < 0)
        fail("gnutls_init", rc);
    setup_client_session(s, "localhost", "127.0.0.1", prio, xcred);
    return s;
}

/* A client session after a complete handshake with the echo server. */
static gnutls_session_t connected(int *fd)
{
    gnutls_session_t s = fresh();
    int rc;
    *fd = tcp_connect_to("127.0.0.1", port);
    gnutls_transport_set_int(s, *fd);
    do {
        rc = gnutls_handshake(s);
    } while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0)
        fail("gnutls_handshake", rc);
    return s;
}

static void done(gnutls_session_t s, int fd)
{
    gnutls_deinit(s);
    if (fd >= 0)
        close(fd);
}

static void before_handshake(void)
{
    gnutls_session_t s = fresh();
    gnutls_datum_t d = { NULL, 0 };
    unsigned char garbage[48];
    char buf[16];
    size_t size = 0;
    int rc;

    memset(garbage, 'A', sizeof(garbage));
    CASE("before.set_data_null", gnutls_session_set_data(s, NULL, 0));
    CASE("before.set_data_ptr_zero", gnutls_session_set_data(s, garbage, 0));
    CASE("before.record_send", gnutls_record_send(s, "x", 1));
    CASE("before.record_send_null", gnutls_record_send(s, NULL, 0));
    CASE("before.record_recv", gnutls_record_recv(s, buf, sizeof(buf)));
    CASE("before.record_recv_null", gnutls_record_recv(s, NULL, 0));
    CASE("before.record_send2_pad", gnutls_record_send2(s, "x", 1, 10, 0));
    CASE("before.check_pending", gnutls_record_check_pending(s));
    CASE("before.uncork_uncorked", gnutls_record_uncork(s, 0));
    CASE("before.check_corked", gnutls_record_check_corked(s));
    CASE("before.discard_queued", gnutls_record_discard_queued(s));
    CASE("before.set_max_size_511", gnutls_record_set_max_size(s, 511));
    CASE("before.set_max_size_512", gnutls_record_set_max_size(s, 512));
    CASE("before.get_max_size", gnutls_record_get_max_size(s));
    CASE("before.get_direction", gnutls_record_get_direction(s));
    CASE("before.is_resumed", gnutls_session_is_resumed(s));
    CASE("before.alert_get", gnutls_alert_get(s));
    CASE("before.alert_send_appropriate_again", gnutls_alert_send_appropriate(s, GNUTLS_E_AGAIN));
    CASE("before.alert_send_appropriate_fatal_alert", gnutls_alert_send_appropriate(s, GNUTLS_E_FATAL_ALERT_RECEIVED));
    CASE("before.server_name_get_on_client", gnutls_server_name_get(s, buf, &size, &(unsigned){0}, 0));
    CASE("before.reauth", gnutls_reauth(s, 0));
    size = sizeof(buf);
    CASE("before.get_id", gnutls_session_get_id(s, buf, &size));
    printf("before.get_id_size=%d\n", (int)size);
    rc = gnutls_session_get_data2(s, &d);
    /* GnuTLS 3.7.9 packs data here; its manual says this fails before the handshake. */
    printf("# before.get_data2=%d fails=%d\n", rc, rc < 0);
    gnutls_free(d.data);
    gnutls_deinit(s);

    /* gnutls_bye before a handshake, on a connected transport: GnuTLS sends a plaintext
     * close_notify (we send nothing) and treats every `how` but SHUT_RDWR as SHUT_WR. */
    {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
            fail("socketpair", 0);
        s = fresh();
        gnutls_transport_set_int(s, sv[0]);
        CASE("before.bye_wr", gnutls_bye(s, GNUTLS_SHUT_WR));
        CASE("before.bye_odd_how", gnutls_bye(s, 7));
        gnutls_deinit(s);
        close(sv[0]);
        close(sv[1]);
    }

    /* A session without credentials or priorities. */
    gnutls_init(&s, GNUTLS_CLIENT);
    CASE("bare.handshake_no_priority", gnutls_handshake(s));
    CASE("bare.handshake_again", gnutls_handshake(s));
    gnutls_deinit(s);
}

static void after_handshake(void)
{
    gnutls_session_t s;
    gnutls_datum_t d = { NULL, 0 };
    char buf[64];
    ssize_t n;
    int fd, rc;

    s = connected(&fd);
    rc = gnutls_session_get_data2(s, &d);
    CASE("after.get_data2", rc);
    CASE("after.set_data_own", gnutls_session_set_data(s, d.data, d.size));
    CASE("after.set_data_null", gnutls_session_set_data(s, NULL, 0));
    CASE("after.record_send_zero", gnutls_record_send(s, "x", 0));
    CASE("after.record_send_null_zero", gnutls_record_send(s, NULL, 0));
    CASE("after.record_recv_zero", gnutls_record_recv(s, buf, 0));
    CASE("after.record_recv_null", gnutls_record_recv(s, NULL, sizeof(buf)));
    CASE("after.set_max_size_511", gnutls_record_set_max_size(s, 511));
    CASE("after.set_max_size_16384", gnutls_record_set_max_size(s, 16384));
    CASE("after.reauth", gnutls_reauth(s, 0));
    CASE("after.alert_send_appropriate_again", gnutls_alert_send_appropriate(s, GNUTLS_E_AGAIN));
    CASE("after.send", gnutls_record_send(s, "ping", 4));
    do {
        n = gnutls_record_recv(s, buf, sizeof(buf));
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    CASE("after.recv_echo", n);
    CASE("after.bye_wr", gnutls_bye(s, GNUTLS_SHUT_WR));
    CASE("after.bye_wr_again", gnutls_bye(s, GNUTLS_SHUT_WR));
    CASE("after.send_after_bye", gnutls_record_send(s, "x", 1));
    CASE("after.send_null_after_bye", gnutls_record_send(s, NULL, 0));
    CASE("after.recv_after_bye", gnutls_record_recv(s, buf, sizeof(buf)));
    CASE("after.recv_after_eof", gnutls_record_recv(s, buf, sizeof(buf)));
    CASE("after.recv_zero_after_eof", gnutls_record_recv(s, buf, 0));
    /* GnuTLS writes its close_notify again: 0 or an error, as the peer closed or not. */
    printf("# after.bye_rdwr_after_eof=%d\n", gnutls_bye(s, GNUTLS_SHUT_RDWR));
    CASE("after.set_data_after_bye", gnutls_session_set_data(s, d.data, d.size));
    gnutls_free(d.data);
    done(s, fd);

    /* A handshake repeated on an established session. */
    s = connected(&fd);
    rc = gnutls_handshake(s);
    printf("# again.handshake=%d\n", rc);
    done(s, fd);

    /* The peer goes away without close_notify: the first receive says so, later ones
     * that the session is invalid. */
    s = connected(&fd);
    shutdown(fd, SHUT_WR); /* the echo server ends the connection: EOF, no close_notify */
    do {
        n = gnutls_record_recv(s, buf, sizeof(buf));
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    CASE("eof.recv", n);
    CASE("eof.recv_again", gnutls_record_recv(s, buf, sizeof(buf)));
    CASE("eof.send", gnutls_record_send(s, "x", 1));
    done(s, fd);
}

/* gnutls_error_to_alert for every code GnuTLS has, and the alerts' names. */
static void alert_tables(void)
{
    int code, level;
    unsigned a;

    for (code = 0; code >= -420; code--) {
        int alert;
        level = 99;
        alert = gnutls_error_to_alert(code, &level);
        printf("error_to_alert.%d=%d,%d\n", code, alert, level);
    }
    CASE("error_to_alert.null_level", gnutls_error_to_alert(GNUTLS_E_DECRYPTION_FAILED, NULL));
    for (a = 0; a < 256; a++) {
        const char *n = gnutls_alert_get_strname(a);
        const char *d = gnutls_alert_get_name(a);
        if (n || d)
            printf("alert.%u=%s|%s\n", a, n ? n : "(null)", d ? d : "(null)");
    }
}

/* Cases on which GnuTLS 3.7.9 crashes (it dereferences what it was not given). */
static void crashing_on_gnutls(void)
{
    gnutls_session_t s = fresh();
    CASE("ours.bye_rdwr_before", gnutls_bye(s, GNUTLS_SHUT_RDWR));
    CASE("ours.get_data_null_size", gnutls_session_get_data(s, NULL, NULL));
    CASE("ours.record_send_null_session", gnutls_record_send(NULL, "x", 1));
    CASE("ours.record_recv_null_session", gnutls_record_recv(NULL, NULL, 0));
    CASE("ours.send_range_null_range", gnutls_record_send_range(s, "x", 1, NULL));
    CASE("ours.uncork_null_session", gnutls_record_uncork(NULL, 0));
    CASE("ours.alert_send_appropriate_null_session", gnutls_alert_send_appropriate(NULL, GNUTLS_E_DECRYPTION_FAILED));
    gnutls_deinit(s);
}

int main(int argc, char **argv)
{
    int rc;

    if (argc < 4) {
        fprintf(stderr, "usage: %s CAFILE PORT PRIORITY [--ours]\n", argv[0]);
        return 2;
    }
    cafile = argv[1];
    port = argv[2];
    prio = argv[3];
    setvbuf(stdout, NULL, _IONBF, 0);
    gnutls_global_init();
    gnutls_certificate_allocate_credentials(&xcred);
    if ((rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM)) < 0)
        fail("gnutls_certificate_set_x509_trust_file", rc);
    before_handshake();
    after_handshake();
    alert_tables();
    if (argc > 4 && strcmp(argv[4], "--ours") == 0)
        crashing_on_gnutls();
    printf("done=1\n");
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    return 0;
}
