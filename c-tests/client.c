/* A configurable TLS client in the style of GnuTLS's doc/examples/ex-client-x509.c.
 *
 * usage: client HOST PORT PRIORITY CAFILE|- MODE SERVERNAME|- VERIFY [PATH]
 *   MODE     blocking  plain socket, gnutls_transport_set_int
 *            nonblock  O_NONBLOCK socket + GNUTLS_NONBLOCK, poll() on
 *                      gnutls_record_get_direction
 *            custom    push/pull/pull_timeout callbacks over the socket
 *            fastopen  an unconnected socket given to gnutls_transport_set_fastopen: the
 *                      first write connects (TCP Fast Open where the system allows it)
 *   VERIFY   1: gnutls_session_set_verify_cert(session, SERVERNAME or HOST, 0)
 *   PATH     request path (default "/")
 * env: CLIENT_CRL_FILE=file  load a CRL (gnutls_certificate_set_x509_crl_file)
 *      CLIENT_CRL_OBJECTS=file  import its CRLs (gnutls_x509_crl_list_import2) and give
 *                         them to the credentials (gnutls_certificate_set_x509_crl)
 *      CLIENT_LOG_LEVEL=n    gnutls_global_set_log_level(n); logs go to stderr
 *
 * Stable "key=value" lines go to stdout; lines starting with '#' carry
 * values that legitimately differ between libraries or runs (sizes, logs).
 * Exit status: 0 = full exchange done, 2 = handshake failed (rc printed),
 * 1 = any other unexpected result (printed as "error=...").
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include "common.h"

#define IO_TIMEOUT_MS 15000

static int custom_pushes, custom_pulls, custom_timeouts;
static const char *session_tag = "client-session-ptr";

static void log_func(int level, const char *msg)
{
    /* '#': log text is library specific */
    fprintf(stderr, "# gnutls log <%d>: %s", level, msg);
}


/* ---- custom transport callbacks ---- */
static ssize_t my_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    int fd = (int)(long)ptr;
    custom_pushes++;
    return send(fd, data, len, MSG_NOSIGNAL);
}

static ssize_t my_pull(gnutls_transport_ptr_t ptr, void *data, size_t len)
{
    int fd = (int)(long)ptr;
    custom_pulls++;
    return recv(fd, data, len, 0);
}

static int my_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
    int fd = (int)(long)ptr;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int t = (ms == GNUTLS_INDEFINITE_TIMEOUT) ? -1 : (int)ms;
    custom_timeouts++;
    return poll(&pfd, 1, t);
}

/* ---- helpers for non-blocking mode ---- */
static int nonblock;
static int sockfd = -1;
static int again_count;

static void wait_io(gnutls_session_t session)
{
    struct pollfd pfd;
    int rc;

    again_count++;
    if (!nonblock)
        return;
    pfd.fd = sockfd;
    pfd.events = gnutls_record_get_direction(session) ? POLLOUT : POLLIN;
    rc = poll(&pfd, 1, IO_TIMEOUT_MS);
    if (rc <= 0) {
        printf("error=poll timeout/failure rc=%d\n", rc);
        exit(1);
    }
}

static const char *nz(const char *s)
{
    return s ? s : "(null)";
}

int main(int argc, char **argv)
{
    gnutls_session_t session;
    gnutls_certificate_credentials_t xcred;
    const char *host, *port, *prio, *cafile, *mode, *sname, *path = "/";
    int verify, rc, fd;
    unsigned int status = 0, ncerts = 0;
    const char *errpos = NULL;
    char req[512];
    char buf[4096];
    char *body = NULL;
    size_t body_len = 0, body_cap = 0;
    ssize_t n;
    gnutls_datum_t alpn[2];
    gnutls_datum_t sel;

    if (argc < 8) {
        fprintf(stderr, "usage: %s HOST PORT PRIORITY CAFILE|- MODE SERVERNAME|- VERIFY [PATH]\n",
                argv[0]);
        return 1;
    }
    host = argv[1];
    port = argv[2];
    prio = argv[3];
    cafile = argv[4];
    mode = argv[5];
    sname = argv[6];
    verify = atoi(argv[7]);
    if (argc > 8)
        path = argv[8];

    if (strcmp(mode, "blocking") && strcmp(mode, "nonblock") && strcmp(mode, "custom") &&
        strcmp(mode, "fastopen")) {
        fprintf(stderr, "bad mode %s\n", mode);
        return 1;
    }
    nonblock = strcmp(mode, "nonblock") == 0;

    if (gnutls_check_version("3.7.9") == NULL) {
        printf("error=gnutls_check_version(3.7.9) returned NULL\n");
        return 1;
    }
    printf("check_version=ok\n");
    printf("# version string %s\n", gnutls_check_version(NULL));

    rc = gnutls_global_init();
    if (rc < 0)
        fail("gnutls_global_init", rc);
    gnutls_global_set_log_function(log_func);
    gnutls_global_set_log_level(getenv("CLIENT_LOG_LEVEL") ? atoi(getenv("CLIENT_LOG_LEVEL")) : 0);

    rc = gnutls_certificate_allocate_credentials(&xcred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    if (strcmp(cafile, "-") != 0) {
        rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("gnutls_certificate_set_x509_trust_file", rc);
        printf("trust_file_certs=%d\n", rc);
    }
    if (getenv("CLIENT_CRL_FILE")) {
        rc = gnutls_certificate_set_x509_crl_file(xcred, getenv("CLIENT_CRL_FILE"),
                                                  GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("gnutls_certificate_set_x509_crl_file", rc);
        printf("crl_file_crls=%d\n", rc);
    }
    if (getenv("CLIENT_CRL_OBJECTS")) {
        gnutls_datum_t data;
        gnutls_x509_crl_t *crls;
        unsigned ncrls, i;
        rc = gnutls_load_file(getenv("CLIENT_CRL_OBJECTS"), &data);
        if (rc < 0)
            fail("gnutls_load_file", rc);
        rc = gnutls_x509_crl_list_import2(&crls, &ncrls, &data, GNUTLS_X509_FMT_PEM, 0);
        gnutls_free(data.data);
        if (rc < 0)
            fail("gnutls_x509_crl_list_import2", rc);
        rc = gnutls_certificate_set_x509_crl(xcred, crls, ncrls);
        /* The credentials keep copies: the objects are the program's to free. */
        for (i = 0; i < ncrls; i++)
            gnutls_x509_crl_deinit(crls[i]);
        gnutls_free(crls);
        if (rc < 0)
            fail("gnutls_certificate_set_x509_crl", rc);
        printf("crl_objects=%d\n", rc);
    }

    rc = gnutls_init(&session, GNUTLS_CLIENT | (nonblock ? GNUTLS_NONBLOCK : 0));
    if (rc < 0)
        fail("gnutls_init", rc);

    gnutls_session_set_ptr(session, (void *)session_tag);
    if (gnutls_session_get_ptr(session) != (void *)session_tag) {
        printf("error=session_get_ptr mismatch\n");
        return 1;
    }
    printf("session_ptr=ok\n");

    if (strcmp(sname, "-") != 0) {
        rc = gnutls_server_name_set(session, GNUTLS_NAME_DNS, sname, strlen(sname));
        if (rc < 0)
            fail("gnutls_server_name_set", rc);
    }

    rc = gnutls_priority_set_direct(session, prio, &errpos);
    if (rc < 0) {
        printf("priority_rc=%d err_pos=%ld\n", rc, errpos ? (long)(errpos - prio) : -1L);
        fail("gnutls_priority_set_direct", rc);
    }

    rc = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, xcred);
    if (rc < 0)
        fail("gnutls_credentials_set", rc);

    alpn[0].data = (unsigned char *)"http/1.1";
    alpn[0].size = 8;
    alpn[1].data = (unsigned char *)"http/1.0";
    alpn[1].size = 8;
    rc = gnutls_alpn_set_protocols(session, alpn, 2, 0);
    if (rc < 0)
        fail("gnutls_alpn_set_protocols", rc);

    if (verify)
        gnutls_session_set_verify_cert(session, strcmp(sname, "-") ? sname : host, 0);
    if (getenv("CLIENT_MAX_HANDSHAKE"))
        gnutls_handshake_set_max_packet_length(session, (size_t)atol(getenv("CLIENT_MAX_HANDSHAKE")));

    if (strcmp(mode, "fastopen") == 0) {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short)atoi(port));
        if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &sa.sin_addr) != 1) {
            printf("error=bad address %s\n", host);
            return 1;
        }
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            perror("socket");
            return 1;
        }
        gnutls_transport_set_fastopen(session, fd, (struct sockaddr *)&sa, sizeof(sa), 0);
    } else
        fd = tcp_connect_to(host, port);
    sockfd = fd;
    if (nonblock) {
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
            perror("fcntl");
            return 1;
        }
    }

    if (strcmp(mode, "custom") == 0) {
        gnutls_transport_set_ptr(session, (gnutls_transport_ptr_t)(long)fd);
        gnutls_transport_set_push_function(session, my_push);
        gnutls_transport_set_pull_function(session, my_pull);
        gnutls_transport_set_pull_timeout_function(session, my_pull_timeout);
    } else if (strcmp(mode, "fastopen") != 0) {
        gnutls_transport_set_int(session, fd);
    }
    gnutls_handshake_set_timeout(session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

    do {
        rc = gnutls_handshake(session);
        if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
            wait_io(session);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    printf("handshake=%d\n", rc);
    if (strcmp(mode, "fastopen") == 0) {
        /* The library's first write connected the socket it was given unconnected. */
        struct sockaddr_storage peer;
        socklen_t len = sizeof(peer);
        printf("fastopen_connected=%d\n", getpeername(fd, (struct sockaddr *)&peer, &len) == 0);
    }
    /* (unsigned)-1 when the handshake verified nothing itself */
    printf("verify_cert_status=0x%x\n", gnutls_session_get_verify_cert_status(session));
    if (rc < 0) {
        printf("handshake_error=%s\n", nz(gnutls_strerror_name(rc)));
        if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED || rc == GNUTLS_E_WARNING_ALERT_RECEIVED)
            printf("alert=%s\n", nz(gnutls_alert_get_name(gnutls_alert_get(session))));
        gnutls_deinit(session);
        close(fd);
        gnutls_certificate_free_credentials(xcred);
        gnutls_global_deinit();
        fflush(stdout);
        return 2;
    }
    if (nonblock)
        printf("# again_during_handshake=%d\n", again_count);

    printf("version=%s\n", nz(gnutls_protocol_get_name(gnutls_protocol_get_version(session))));
    printf("cipher=%s\n", nz(gnutls_cipher_get_name(gnutls_cipher_get(session))));
    printf("kx=%s\n", nz(gnutls_kx_get_name(gnutls_kx_get(session))));
    printf("group=%s\n", nz(gnutls_group_get_name(gnutls_group_get(session))));
    printf("mac=%s\n", nz(gnutls_mac_get_name(gnutls_mac_get(session))));
    printf("suite=%s\n", nz(gnutls_cipher_suite_get_name(gnutls_kx_get(session),
                                                          gnutls_cipher_get(session),
                                                          gnutls_mac_get(session))));
    printf("cert_type=%s\n",
           nz(gnutls_certificate_type_get_name(gnutls_certificate_type_get(session))));

    rc = gnutls_alpn_get_selected_protocol(session, &sel);
    if (rc == 0)
        printf("alpn=%.*s\n", (int)sel.size, (const char *)sel.data);
    else
        printf("alpn_rc=%d\n", rc);

    if (gnutls_certificate_get_peers(session, &ncerts) == NULL)
        ncerts = 0;
    printf("peer_certs=%u\n", ncerts);

    rc = gnutls_certificate_verify_peers2(session, &status);
    printf("verify_peers2_rc=%d\n", rc);
    if (rc < 0)
        fail("gnutls_certificate_verify_peers2", rc);
    printf("verify_peers2=0x%x\n", status);

    rc = gnutls_certificate_verify_peers3(session, strcmp(sname, "-") ? sname : host, &status);
    printf("verify_peers3_rc=%d\n", rc);
    if (rc < 0)
        fail("gnutls_certificate_verify_peers3", rc);
    printf("verify_peers3=0x%x\n", status);
    printf("# max_record_size=%lu\n", (unsigned long)gnutls_record_get_max_size(session));
    if (gnutls_record_get_max_size(session) < 512)
        fail("gnutls_record_get_max_size too small", 0);

    snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
             strcmp(sname, "-") ? sname : host);
    do {
        n = gnutls_record_send(session, req, strlen(req));
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            wait_io(session);
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    if (n < 0)
        fail("gnutls_record_send", (int)n);
    printf("sent=%ld\n", (long)n);

    for (;;) {
        n = gnutls_record_recv(session, buf, sizeof(buf));
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
            /* TLS 1.3 post-handshake messages give AGAIN even when blocking */
            if (nonblock)
                wait_io(session);
            continue;
        }
        if (n == 0) {
            printf("eof=close_notify\n");
            break;
        }
        if (n == GNUTLS_E_PREMATURE_TERMINATION) {
            printf("eof=premature_termination\n");
            break;
        }
        if (n < 0) {
            if (gnutls_error_is_fatal((int)n))
                fail("gnutls_record_recv", (int)n);
            printf("# non-fatal recv %ld\n", (long)n);
            continue;
        }
        if (body_len + (size_t)n + 1 > body_cap) {
            body_cap = (body_len + (size_t)n + 1) * 2;
            body = realloc(body, body_cap);
            if (!body) {
                printf("error=oom\n");
                return 1;
            }
        }
        memcpy(body + body_len, buf, (size_t)n);
        body_len += (size_t)n;
        body[body_len] = 0;
        printf("# pending_after_recv=%lu\n", (unsigned long)gnutls_record_check_pending(session));
    }
    printf("# body_len=%lu\n", (unsigned long)body_len);
    if (body && strncmp(body, "HTTP/1.", 7) == 0 && strstr(body, " 200 ") != NULL &&
        strstr(body, "\r\n\r\n") != NULL) {
        printf("body_ok=1\n");
    } else {
        printf("body_ok=0\n");
        printf("# body: %.200s\n", body ? body : "(none)");
    }
    if (getenv("CLIENT_SHOW_BODY") && body) {
        char *b = strstr(body, "\r\n\r\n");
        printf("# body_sha_input_len=%lu\n", (unsigned long)(b ? body_len - (size_t)(b + 4 - body) : 0));
    }
    printf("pending_at_end=%lu\n", (unsigned long)gnutls_record_check_pending(session));

    do {
        rc = gnutls_bye(session, GNUTLS_SHUT_WR);
        if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
            wait_io(session);
    } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    /* After the peer closed, the write may legitimately fail; print it. */
    printf("bye=%s\n", rc == 0 ? "0" : "error");
    printf("# bye_rc=%d\n", rc);

    if (strcmp(mode, "custom") == 0) {
        printf("custom_push_used=%d\n", custom_pushes > 0);
        printf("custom_pull_used=%d\n", custom_pulls > 0);
        printf("# custom_timeouts=%d\n", custom_timeouts);
    }

    free(body);
    close(fd);
    gnutls_deinit(session);
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    printf("done=1\n");
    return 0;
}
