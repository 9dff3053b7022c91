/* Client-side session resumption and session identity, over several
 * connections to one server.
 *
 * usage: resume HOST PORT PRIORITY CAFILE MODE SERVERNAME SERVER
 *   MODE     blocking   plain socket, gnutls_transport_set_int
 *            nonblock   O_NONBLOCK socket + GNUTLS_NONBLOCK, poll() on
 *                       gnutls_record_get_direction
 *            custom     push/pull/pull_timeout callbacks over the socket
 *            custom-nt  push/pull callbacks and NO pull_timeout (as libcurl
 *                       does): GnuTLS does not wait for a TLS 1.3 ticket in
 *                       gnutls_session_get_data2 then
 *   SERVER   openssl    the page of `openssl s_server -www` says "Reused," or
 *                       "New," (server_reused=1/0)
 *            other      no server-side check in the page (server_reused=unknown)
 *
 * Connections:
 *   c1  full handshake; hook on GNUTLS_HANDSHAKE_ANY; blob1 = get_data2 right
 *       after the handshake (before any application data is read)
 *   c2  set_data(blob1); hook on GNUTLS_HANDSHAKE_NEW_SESSION_TICKET; blob2
 *   c3  set_data(blob2); hook on ANY
 *   c4  set_data(blob1) again (a reused blob: under TLS 1.3 GnuTLS resumes,
 *       ours resumes only if c1 received a newer ticket; either way it must be
 *       a clean handshake, so "resumed" is a '#' line and "c4.consistent" is
 *       stable)
 *   c5  a hook on GNUTLS_HANDSHAKE_SERVER_HELLO returning an application
 *       error code: gnutls_handshake must return that very code
 *
 * Stable "key=value" lines go to stdout, prefixed with the connection; lines
 * starting with '#' carry values that legitimately differ (sizes, ids).
 * Exit status: 0 = all connections done, 1 = unexpected result ("error=...").
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

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
#define HOOK_ABORT_CODE (GNUTLS_E_APPLICATION_ERROR_MAX - 7)

static const char *host, *port, *prio, *cafile, *mode, *sname, *server;
static int nonblock, custom, custom_timeout;
static gnutls_certificate_credentials_t xcred;

/* hook counters of the current connection */
static int hook_events, hook_nst_pre, hook_nst_post, hook_incoming;
static unsigned hook_nst_pre_bytes;
static int custom_pushes, custom_pulls;
static int c1_ticket_flag; /* c1 received a ticket (TLS 1.2: resumption by ticket) */


static int tcp_connect(void)
{
    int fd = tcp_connect_to(host, port);
    if (nonblock) {
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
            perror("fcntl");
            exit(1);
        }
    }
    return fd;
}

static ssize_t my_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    custom_pushes++;
    return send((int)(long)ptr, data, len, MSG_NOSIGNAL);
}

static ssize_t my_pull(gnutls_transport_ptr_t ptr, void *data, size_t len)
{
    custom_pulls++;
    return recv((int)(long)ptr, data, len, 0);
}

static int my_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
    struct pollfd pfd = { .fd = (int)(long)ptr, .events = POLLIN };
    int t = (ms == GNUTLS_INDEFINITE_TIMEOUT) ? -1 : (int)ms;
    return poll(&pfd, 1, t);
}

static void wait_io(gnutls_session_t session, int fd)
{
    struct pollfd pfd;
    int rc;

    if (!nonblock)
        return;
    pfd.fd = fd;
    pfd.events = gnutls_record_get_direction(session) ? POLLOUT : POLLIN;
    rc = poll(&pfd, 1, IO_TIMEOUT_MS);
    if (rc <= 0) {
        printf("error=poll timeout/failure rc=%d\n", rc);
        exit(1);
    }
}

static int hook_count(gnutls_session_t session, unsigned int htype, unsigned when,
                      unsigned int incoming, const gnutls_datum_t *msg)
{
    (void)session;
    hook_events++;
    if (incoming)
        hook_incoming++;
    if (htype == GNUTLS_HANDSHAKE_NEW_SESSION_TICKET) {
        if (when == GNUTLS_HOOK_PRE) {
            hook_nst_pre++;
            hook_nst_pre_bytes += msg ? msg->size : 0;
        } else {
            hook_nst_post++;
        }
    }
    return 0;
}

static int hook_abort(gnutls_session_t session, unsigned int htype, unsigned when,
                      unsigned int incoming, const gnutls_datum_t *msg)
{
    (void)session;
    (void)when;
    (void)msg;
    hook_events++;
    if (htype == GNUTLS_HANDSHAKE_SERVER_HELLO && incoming)
        return HOOK_ABORT_CODE;
    return 0;
}

static void hex(const char *key, const unsigned char *p, size_t n)
{
    size_t i;
    printf("# %s=", key);
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

/* gnutls_session_get_id / get_id2 checks, printed as cN.id_* */
static void check_id(const char *c, gnutls_session_t session)
{
    unsigned char id[64];
    size_t size = 0, small;
    gnutls_datum_t id2 = { NULL, 0 };
    int rc;

    rc = gnutls_session_get_id(session, NULL, &size);
    printf("%s.id_query_rc=%d\n", c, rc);
    printf("%s.id_size_le32=%d\n", c, size <= GNUTLS_MAX_SESSION_ID_SIZE);
    printf("# %s.id_size=%lu\n", c, (unsigned long)size);
    if (size > 0) {
        small = size - 1;
        rc = gnutls_session_get_id(session, id, &small);
        printf("%s.id_small_rc=%d\n", c, rc);
        printf("%s.id_small_size_set=%d\n", c, small == size);
    }
    memset(id, 0xee, sizeof(id));
    small = sizeof(id);
    rc = gnutls_session_get_id(session, id, &small);
    printf("%s.id_rc=%d\n", c, rc);
    printf("%s.id_size_same=%d\n", c, small == size);
    hex("id", id, small);
    rc = gnutls_session_get_id2(session, &id2);
    printf("%s.id2_rc=%d\n", c, rc);
    printf("%s.id2_same=%d\n", c, id2.size == small && (small == 0 || memcmp(id2.data, id, small) == 0));
}

struct result {
    int handshake;
    int resumed;
    int server_reused; /* -1 unknown */
    gnutls_datum_t early; /* get_data2 right after the handshake */
    unsigned char id[64];
    size_t id_len;
};

static int is_dummy(const gnutls_datum_t *d)
{
    static const unsigned char z[4];
    return d->size == 4 && memcmp(d->data, z, 4) == 0;
}

static void connection(int idx, const gnutls_datum_t *blob, unsigned hook_type, int abort_hook,
                       struct result *res, const struct result *prev)
{
    gnutls_session_t session;
    char c[8];
    int rc, fd;
    unsigned int ncerts = 0;
    char req[256], buf[4096];
    char *body = NULL;
    size_t body_len = 0, body_cap = 0, size;
    ssize_t n;
    gnutls_datum_t late = { NULL, 0 };
    unsigned char *copy;
    unsigned flags;

    snprintf(c, sizeof(c), "c%d", idx);
    hook_events = hook_nst_pre = hook_nst_post = hook_incoming = 0;
    hook_nst_pre_bytes = 0;
    custom_pushes = custom_pulls = 0;
    memset(res, 0, sizeof(*res));
    res->server_reused = -1;

    rc = gnutls_init(&session, GNUTLS_CLIENT | (nonblock ? GNUTLS_NONBLOCK : 0));
    if (rc < 0)
        fail("gnutls_init", rc);
    setup_client_session(session, sname, host, prio, xcred);

    /* nothing before the handshake */
    printf("%s.pre_resumed=%d\n", c, gnutls_session_is_resumed(session));
    printf("%s.pre_flags=0x%x\n", c, gnutls_session_get_flags(session));

    if (blob) {
        rc = gnutls_session_set_data(session, blob->data, blob->size);
        printf("%s.set_data=%d\n", c, rc);
        printf("%s.resumption_requested=%d\n", c, gnutls_session_resumption_requested(session));
    }
    if (abort_hook)
        gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_BOTH,
                                           hook_abort);
    else
        gnutls_handshake_set_hook_function(session, hook_type, GNUTLS_HOOK_BOTH, hook_count);

    fd = tcp_connect();
    if (custom) {
        gnutls_transport_set_ptr(session, (gnutls_transport_ptr_t)(long)fd);
        gnutls_transport_set_push_function(session, my_push);
        gnutls_transport_set_pull_function(session, my_pull);
        if (custom_timeout)
            gnutls_transport_set_pull_timeout_function(session, my_pull_timeout);
    } else {
        gnutls_transport_set_int(session, fd);
    }
    if (!custom || custom_timeout)
        gnutls_handshake_set_timeout(session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

    do {
        rc = gnutls_handshake(session);
        if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
            wait_io(session, fd);
    } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    res->handshake = rc;
    if (abort_hook) {
        printf("%s.handshake=%d\n", c, rc);
        printf("%s.hook_abort_code_returned=%d\n", c, rc == HOOK_ABORT_CODE);
        printf("%s.hook_fired=%d\n", c, hook_events > 0);
        printf("%s.resumed=%d\n", c, gnutls_session_is_resumed(session));
        gnutls_deinit(session);
        close(fd);
        return;
    }
    printf("%s.handshake=%d\n", c, rc);
    if (rc < 0) {
        printf("%s.handshake_error=%s\n", c, gnutls_strerror_name(rc));
        gnutls_deinit(session);
        close(fd);
        return;
    }
    printf("%s.version=%s\n", c, gnutls_protocol_get_name(gnutls_protocol_get_version(session)));
    res->resumed = gnutls_session_is_resumed(session);
    printf("%s.resumed=%d\n", c, res->resumed);
    printf("%s.resumption_requested_after=%d\n", c, gnutls_session_resumption_requested(session));
    if (gnutls_certificate_get_peers(session, &ncerts) == NULL)
        ncerts = 0;
    printf("%s.peer_certs=%u\n", c, ncerts);
    /* A TLS 1.3 ticket may already have been processed by the end of the
     * handshake (timing): the ticket bit is printed only as a '#' line. */
    flags = gnutls_session_get_flags(session);
    printf("%s.flags_after_handshake_noticket=0x%x\n", c, flags & ~GNUTLS_SFLAGS_SESSION_TICKET);
    printf("# %s.flags_after_handshake=0x%x\n", c, flags);
    if (idx == 1)
        c1_ticket_flag = (flags & GNUTLS_SFLAGS_SESSION_TICKET) != 0;
    check_id(c, session);
    res->id_len = sizeof(res->id);
    if (gnutls_session_get_id(session, res->id, &res->id_len) < 0)
        res->id_len = 0;
    /* The ID of the connection whose data this one resumed: the same only
     * matters for TLS 1.2 session-ID resumption (no ticket); with tickets and
     * under TLS 1.3 "the notion of session identifiers is undefined" (GnuTLS
     * resends the ID, ours does not): '#' there. */
    if (prev)
        printf("%s%s.id_same_as_resumed_from=%d\n",
               gnutls_protocol_get_version(session) == GNUTLS_TLS1_2 && !c1_ticket_flag ? "" : "# ",
               c, res->id_len == prev->id_len &&
               memcmp(res->id, prev->id, res->id_len) == 0);

    /* session data right after the handshake, before reading anything */
    rc = gnutls_session_get_data2(session, &res->early);
    printf("%s.get_data2=%d\n", c, rc);
    if (rc < 0)
        fail("gnutls_session_get_data2", rc);
    printf("# %s.data_size=%u\n", c, res->early.size);
    printf("%s.data_size_gt0=%d\n", c, res->early.size > 0);
    printf("%s.data_dummy=%d\n", c, is_dummy(&res->early));
    /* GnuTLS waits for a ticket only when it may block (not NONBLOCK, not a
     * custom pull without pull_timeout): only then is the ticket flag certain */
    printf("%s%s.flags_after_get_data=0x%x\n", nonblock || (custom && !custom_timeout) ? "# " : "",
           c, gnutls_session_get_flags(session));

    /* gnutls_session_get_data: *size=0 asks for the size (-51) */
    size = 0;
    rc = gnutls_session_get_data(session, NULL, &size);
    printf("%s.get_data_query=%d\n", c, rc);
    printf("%s.get_data_query_size_gt0=%d\n", c, size > 0);
    printf("# %s.get_data_query_size=%lu\n", c, (unsigned long)size);
    copy = malloc(size + 1);
    if (!copy)
        fail("malloc", 0);
    rc = gnutls_session_get_data(session, copy, &size);
    printf("%s.get_data=%d\n", c, rc);
    printf("# %s.get_data_same_as_get_data2=%d\n", c,
           size == res->early.size && memcmp(copy, res->early.data, size) == 0);
    free(copy);

    snprintf(req, sizeof(req), "GET / HTTP/1.0\r\nHost: %s\r\n\r\n",
             strcmp(sname, "-") ? sname : host);
    do {
        n = gnutls_record_send(session, req, strlen(req));
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            wait_io(session, fd);
    } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    if (n < 0)
        fail("gnutls_record_send", (int)n);
    for (;;) {
        n = gnutls_record_recv(session, buf, sizeof(buf));
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
            wait_io(session, fd);
            continue;
        }
        if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION)
            break;
        if (n < 0) {
            if (gnutls_error_is_fatal((int)n))
                fail("gnutls_record_recv", (int)n);
            continue;
        }
        if (body_len + (size_t)n + 1 > body_cap) {
            body_cap = (body_len + (size_t)n + 1) * 2;
            body = realloc(body, body_cap);
            if (!body)
                fail("realloc", 0);
        }
        memcpy(body + body_len, buf, (size_t)n);
        body_len += (size_t)n;
        body[body_len] = 0;
    }
    printf("%s.body_ok=%d\n", c, body && strncmp(body, "HTTP/1.", 7) == 0 &&
                                    strstr(body, " 200 ") != NULL);
    if (strcmp(server, "openssl") == 0 && body) {
        if (strstr(body, "\nReused,"))
            res->server_reused = 1;
        else if (strstr(body, "\nNew,"))
            res->server_reused = 0;
    }
    printf("%s.server_reused=%s\n", c,
           res->server_reused < 0 ? "unknown" : res->server_reused ? "1" : "0");
    free(body);

    printf("%s.flags_at_end=0x%x\n", c, gnutls_session_get_flags(session));
    printf("%s.hook_events_gt0=%d\n", c, hook_events > 0);
    printf("# %s.hook_events=%d incoming=%d\n", c, hook_events, hook_incoming);
    printf("%s.hook_nst_pre=%d\n", c, hook_nst_pre);
    printf("# %s.hook_nst_pre_msg_nonempty=%d\n", c, hook_nst_pre_bytes > 0);
    printf("%s.hook_nst_post=%d\n", c, hook_nst_post);
    printf("# %s.hook_nst_pre_bytes=%u\n", c, hook_nst_pre_bytes);
    rc = gnutls_session_get_data2(session, &late);
    printf("%s.get_data2_at_end=%d\n", c, rc);
    printf("# %s.data_size_at_end=%u\n", c, late.size);
    if (rc == 0)
        gnutls_free(late.data);
    if (custom) {
        printf("%s.custom_push_used=%d\n", c, custom_pushes > 0);
        printf("%s.custom_pull_used=%d\n", c, custom_pulls > 0);
    }
    gnutls_bye(session, GNUTLS_SHUT_WR); /* the server already closed: any result */
    gnutls_deinit(session);
    close(fd);
}

int main(int argc, char **argv)
{
    struct result r1, r2, r3, r4, r5;
    int rc;

    if (argc < 8) {
        fprintf(stderr, "usage: %s HOST PORT PRIORITY CAFILE MODE SERVERNAME SERVER\n", argv[0]);
        return 1;
    }
    host = argv[1];
    port = argv[2];
    prio = argv[3];
    cafile = argv[4];
    mode = argv[5];
    sname = argv[6];
    server = argv[7];
    if (strcmp(mode, "blocking") == 0) {
    } else if (strcmp(mode, "nonblock") == 0) {
        nonblock = 1;
    } else if (strcmp(mode, "custom") == 0) {
        custom = custom_timeout = 1;
    } else if (strcmp(mode, "custom-nt") == 0) {
        custom = 1;
    } else {
        fprintf(stderr, "bad mode %s\n", mode);
        return 1;
    }

    rc = gnutls_global_init();
    if (rc < 0)
        fail("gnutls_global_init", rc);
    rc = gnutls_certificate_allocate_credentials(&xcred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM);
    if (rc < 0)
        fail("gnutls_certificate_set_x509_trust_file", rc);

    connection(1, NULL, GNUTLS_HANDSHAKE_ANY, 0, &r1, NULL);
    if (r1.handshake < 0)
        fail("c1 handshake", r1.handshake);
    connection(2, &r1.early, GNUTLS_HANDSHAKE_NEW_SESSION_TICKET, 0, &r2, &r1);
    if (r2.handshake < 0)
        fail("c2 handshake", r2.handshake);
    connection(3, &r2.early, GNUTLS_HANDSHAKE_ANY, 0, &r3, &r2);
    if (r3.handshake < 0)
        fail("c3 handshake", r3.handshake);

    /* c4: the blob of c1 once more; its resumption state is library specific */
    printf("# c4 reuses the data of c1\n");
    fflush(stdout);
    {
        /* run it with its output marked '#' except for the consistency line */
        int saved = dup(1);
        FILE *tmp = tmpfile();
        char line[512];
        if (saved < 0 || !tmp)
            fail("tmpfile", 0);
        fflush(stdout);
        dup2(fileno(tmp), 1);
        connection(4, &r1.early, GNUTLS_HANDSHAKE_ANY, 0, &r4, &r1);
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        rewind(tmp);
        while (fgets(line, sizeof(line), tmp))
            printf("%s%s", line[0] == '#' ? "" : "# ", line);
        fclose(tmp);
    }
    printf("c4.handshake=%d\n", r4.handshake);
    printf("c4.consistent=%d\n", r4.handshake == 0 &&
           (r4.server_reused < 0 || r4.server_reused == r4.resumed));
    printf("# resumed c1=%d c2=%d c3=%d c4=%d\n", r1.resumed, r2.resumed, r3.resumed, r4.resumed);

    connection(5, NULL, 0, 1, &r5, NULL);

    gnutls_free(r1.early.data);
    gnutls_free(r2.early.data);
    gnutls_free(r3.early.data);
    gnutls_free(r4.early.data);
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    printf("done=1\n");
    return 0;
}
