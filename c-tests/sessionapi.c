/* Session introspection APIs after a real handshake: randoms, master secret,
 * RFC 5705 exporters, channel bindings, handshake hooks, certificate times,
 * stapled OCSP.
 *
 * usage: sessionapi HOST PORT PRIORITY CAFILE SERVERNAME WHAT
 *   WHAT  info   one connection (verification on), then:
 *                gnutls_session_get_random, gnutls_session_get_master_secret,
 *                gnutls_prf_rfc5705("EXPORTER-test", 32) without context,
 *                with context "grtls-context", with an empty context,
 *                gnutls_session_channel_binding (server-end-point, exporter,
 *                unique), gnutls_certificate_get_ours,
 *                gnutls_certificate_activation/expiration_time_peers,
 *                gnutls_ocsp_status_request_get
 *         hooks  five connections with gnutls_handshake_set_hook_function:
 *                h1 SERVER_HELLO/PRE, h2 SERVER_HELLO/POST, h3 SERVER_HELLO/BOTH,
 *                h4 a hook on ANY replaced by one on SERVER_HELLO/BOTH,
 *                h5 CLIENT_HELLO/BOTH
 *       lastmsg  gnutls_ciphersuite_get after the handshake (GnuTLS 3.7.9 crashes before);
 *                gnutls_handshake_get_last_in/_out: before the handshake, inside the
 *                verify function, after it, after the first data (TLS 1.3 tickets
 *                come with it), and inside a hook on ANY (whether each message is
 *                the last of its direction when its hook runs)
 *         keylog three connections: k1 with gnutls_session_set_keylog_function
 *                (labels, secret sizes, the client random inside the callback,
 *                TLS 1.2's secret against the master secret), k2 with NULL (no
 *                calls), k3 with GnuTLS's default function (SSLKEYLOGFILE, which
 *                the runner reads); also gnutls_credentials_get,
 *                gnutls_session_etm_status, gnutls_transport_is_ktls_enabled
 *
 * Values the runner compares with what the server side saw (exporter
 * outputs, channel bindings, the stapled OCSP response) and values that
 * legitimately differ per connection are printed as '#' lines in hex; the
 * stable "key=value" lines hold sizes, return codes and comparisons.
 * Exit status: 0 = done, 2 = handshake failed, 1 = other unexpected result.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include "common.h"

static const char *host, *port, *prio, *cafile, *sname;
static gnutls_certificate_credentials_t xcred;


static int tcp_connect(void)
{
    int fd = tcp_connect_to(host, port);
    return fd;
}

static void hex(const char *key, const unsigned char *p, size_t n)
{
    size_t i;
    printf("# %s=", key);
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static int all_zero(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static gnutls_session_t new_session(void)
{
    gnutls_session_t session;
    int rc;

    rc = gnutls_init(&session, GNUTLS_CLIENT);
    if (rc < 0)
        fail("gnutls_init", rc);
    setup_client_session(session, sname, host, prio, xcred);
    return session;
}

/* handshake on a fresh socket; returns the fd, exits with 2 on failure */
static int handshake(gnutls_session_t session, const char *c)
{
    int rc, fd = tcp_connect();

    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    printf("%s%shandshake=%d\n", c, *c ? "." : "", rc);
    if (rc < 0) {
        printf("handshake_error=%s\n", gnutls_strerror_name(rc));
        fflush(stdout);
        exit(2);
    }
    return fd;
}

static void finish(gnutls_session_t session, int fd)
{
    gnutls_bye(session, GNUTLS_SHUT_WR); /* any result: the server may be gone */
    close(fd);
    gnutls_deinit(session);
}

/* ---- info ---------------------------------------------------------------- */

static int exporter(gnutls_session_t session, const char *ctx, size_t ctx_len,
                    unsigned char *out)
{
    static const char label[] = "EXPORTER-test";
    memset(out, 0xee, 32);
    return gnutls_prf_rfc5705(session, strlen(label), label, ctx_len, ctx, 32, (char *)out);
}

static void do_info(void)
{
    gnutls_session_t session = new_session();
    gnutls_datum_t cr = { NULL, 0 }, sr = { NULL, 0 }, ms = { NULL, 0 }, cb;
    unsigned char e_noctx[32], e_ctx[32], e_empty[32], e_again[32];
    const gnutls_datum_t *peers;
    gnutls_x509_crt_t crt;
    gnutls_datum_t ocsp = { NULL, 0 };
    unsigned int npeers = 0, status = 0;
    time_t act, exp, cact, cexp;
    int fd, rc, tls13;
    const char *ctxv = "grtls-context";

    fd = handshake(session, "");
    tls13 = gnutls_protocol_get_version(session) == GNUTLS_TLS1_3;
    printf("version=%s\n", gnutls_protocol_get_name(gnutls_protocol_get_version(session)));
    /* the runner derives the TLS 1.2 PRF hash from the cipher */
    printf("cipher=%s\n", gnutls_cipher_get_name(gnutls_cipher_get(session)));
    rc = gnutls_certificate_verify_peers2(session, &status);
    printf("verify_peers2=%d status=0x%x\n", rc, status);

    /* randoms */
    gnutls_session_get_random(session, &cr, &sr);
    printf("random_client_size=%u\n", cr.size);
    printf("random_server_size=%u\n", sr.size);
    printf("random_differ=%d\n", cr.size != sr.size || memcmp(cr.data, sr.data, cr.size) != 0);
    printf("random_nonzero=%d\n", cr.size > 0 && !all_zero(cr.data, cr.size) &&
                                  !all_zero(sr.data, sr.size));
    hex("random_client", cr.data, cr.size);
    hex("random_server", sr.data, sr.size);

    /* master secret: 48 bytes under TLS 1.2; under TLS 1.3 there is none
     * (GnuTLS returns 48 bytes anyway, ours 0) */
    gnutls_session_get_master_secret(session, &ms);
    printf("%smaster_size=%u\n", tls13 ? "# " : "", ms.size);
    printf("master_size_ok=%d\n", tls13 ? (ms.size == 0 || ms.size == 48) : ms.size == 48);
    hex("master", ms.data, ms.size);

    /* RFC 5705 / RFC 8446 7.5 exporters */
    rc = exporter(session, NULL, 0, e_noctx);
    printf("exporter_noctx_rc=%d\n", rc);
    hex("exporter_noctx", e_noctx, 32);
    rc = exporter(session, ctxv, strlen(ctxv), e_ctx);
    printf("exporter_ctx_rc=%d\n", rc);
    hex("exporter_ctx", e_ctx, 32);
    rc = exporter(session, "", 0, e_empty);
    printf("exporter_emptyctx_rc=%d\n", rc);
    hex("exporter_emptyctx", e_empty, 32);
    rc = exporter(session, NULL, 0, e_again);
    printf("exporter_again_rc=%d\n", rc);
    printf("exporter_repeat_same=%d\n", memcmp(e_noctx, e_again, 32) == 0);
    printf("exporter_ctx_differs=%d\n", memcmp(e_noctx, e_ctx, 32) != 0);
    /* TLS 1.3: no context == empty context; TLS 1.2: they differ */
    printf("exporter_emptyctx_eq_noctx=%d\n", memcmp(e_noctx, e_empty, 32) == 0);
    printf("exporter_nonzero=%d\n", !all_zero(e_noctx, 32) && !all_zero(e_ctx, 32));

    /* gnutls_prf: with the client random first and no extra it is the exporter without a
     * context; the server random first with extra bytes is TLS 1.2 only, as prf_raw is. */
    {
        static const char plabel[] = "EXPORTER-test";
        unsigned char p1[32], p2[32], p3[32], seed[64];
        memset(p2, 0, sizeof(p2));
        rc = gnutls_prf(session, strlen(plabel), plabel, 0, 0, NULL, 32, (char *)p1);
        printf("prf_rc=%d prf_eq_exporter=%d\n", rc, rc == 0 && memcmp(p1, e_noctx, 32) == 0);
        rc = gnutls_prf(session, strlen(plabel), plabel, 1, 3, "xyz", 32, (char *)p2);
        printf("prf_server_first_rc=%d\n", rc);
        hex("prf_server_first", p2, 32);
        if (cr.size == 32 && sr.size == 32) {
            memcpy(seed, cr.data, 32);
            memcpy(seed + 32, sr.data, 32);
            rc = gnutls_prf_raw(session, strlen(plabel), plabel, 64, (const char *)seed, 32, (char *)p3);
            printf("prf_raw_rc=%d prf_raw_eq_exporter=%d\n", rc, rc == 0 && memcmp(p3, e_noctx, 32) == 0);
        }
    }

    /* channel bindings */
    memset(&cb, 0, sizeof(cb));
    rc = gnutls_session_channel_binding(session, GNUTLS_CB_TLS_SERVER_END_POINT, &cb);
    printf("cb_endpoint_rc=%d\n", rc);
    printf("cb_endpoint_size=%u\n", rc == 0 ? cb.size : 0);
    if (rc == 0) {
        hex("cb_endpoint", cb.data, cb.size);
        gnutls_free(cb.data);
    }
    memset(&cb, 0, sizeof(cb));
    rc = gnutls_session_channel_binding(session, GNUTLS_CB_TLS_EXPORTER, &cb);
    /* TLS 1.2 (with extended master secret): the RFC 5705 exporter with an
     * empty context, in both libraries */
    printf("cb_exporter_rc=%d\n", rc);
    printf("cb_exporter_size=%u\n", rc == 0 ? cb.size : 0);
    if (rc == 0) {
        hex("cb_exporter", cb.data, cb.size);
        gnutls_free(cb.data);
    }
    /* tls-unique: GnuTLS gives the Finished under TLS 1.2 (and -213 under
     * TLS 1.3), ours returns GNUTLS_E_UNIMPLEMENTED_FEATURE (-1250) */
    memset(&cb, 0, sizeof(cb));
    rc = gnutls_session_channel_binding(session, GNUTLS_CB_TLS_UNIQUE, &cb);
    printf("# cb_unique_rc=%d\n", rc);
    printf("# cb_unique_size=%u\n", rc == 0 ? cb.size : 0);
    if (rc == 0)
        gnutls_free(cb.data);

    /* our certificate (none) and the peer's validity */
    printf("cert_ours_null=%d\n", gnutls_certificate_get_ours(session) == NULL);
    peers = gnutls_certificate_get_peers(session, &npeers);
    printf("peer_certs=%u\n", npeers);
    if (!peers || npeers == 0)
        fail("gnutls_certificate_get_peers", 0);
    rc = gnutls_x509_crt_init(&crt);
    if (rc < 0)
        fail("gnutls_x509_crt_init", rc);
    rc = gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER);
    if (rc < 0)
        fail("gnutls_x509_crt_import", rc);
    cact = gnutls_x509_crt_get_activation_time(crt);
    cexp = gnutls_x509_crt_get_expiration_time(crt);
    gnutls_x509_crt_deinit(crt);
    act = gnutls_certificate_activation_time_peers(session);
    exp = gnutls_certificate_expiration_time_peers(session);
    printf("# activation_time=%ld crt=%ld\n", (long)act, (long)cact);
    printf("# expiration_time=%ld crt=%ld\n", (long)exp, (long)cexp);
    printf("activation_time_matches=%d\n", act == cact && act != (time_t)-1);
    printf("expiration_time_matches=%d\n", exp == cexp && exp != (time_t)-1);

    /* stapled OCSP response */
    rc = gnutls_ocsp_status_request_get(session, &ocsp);
    printf("ocsp_get=%d\n", rc);
    if (rc == 0) {
        printf("# ocsp_size=%u\n", ocsp.size);
        hex("ocsp_response", ocsp.data, ocsp.size);
    }

    finish(session, fd);
    printf("done=1\n");
}

/* ---- hooks --------------------------------------------------------------- */

struct hookstat {
    int pre, post, other, incoming, outgoing;
    unsigned pre_bytes, post_bytes;
};
static struct hookstat hs_a, hs_b;

static void count(struct hookstat *s, unsigned when, unsigned incoming, const gnutls_datum_t *msg)
{
    if (when == GNUTLS_HOOK_PRE) {
        s->pre++;
        s->pre_bytes += msg ? msg->size : 0;
    } else if (when == GNUTLS_HOOK_POST) {
        s->post++;
        s->post_bytes += msg ? msg->size : 0;
    } else {
        s->other++;
    }
    if (incoming)
        s->incoming++;
    else
        s->outgoing++;
}

static int hook_a(gnutls_session_t session, unsigned int htype, unsigned when,
                  unsigned int incoming, const gnutls_datum_t *msg)
{
    (void)session;
    (void)htype;
    count(&hs_a, when, incoming, msg);
    return 0;
}

static int hook_b(gnutls_session_t session, unsigned int htype, unsigned when,
                  unsigned int incoming, const gnutls_datum_t *msg)
{
    (void)session;
    (void)htype;
    count(&hs_b, when, incoming, msg);
    return 0;
}

static void print_stat(const char *c, const char *which, const struct hookstat *s)
{
    printf("%s.%s.pre=%d\n", c, which, s->pre);
    printf("%s.%s.post=%d\n", c, which, s->post);
    printf("%s.%s.other=%d\n", c, which, s->other);
    printf("%s.%s.incoming=%d\n", c, which, s->incoming);
    printf("%s.%s.outgoing=%d\n", c, which, s->outgoing);
    printf("%s.%s.pre_msg_nonempty=%d\n", c, which, s->pre > 0 && s->pre_bytes > 0);
    printf("# %s.%s.pre_bytes=%u post_bytes=%u\n", c, which, s->pre_bytes, s->post_bytes);
}

static void hook_conn(const char *c, unsigned htype, unsigned when, int replace)
{
    gnutls_session_t session = new_session();
    int fd;

    memset(&hs_a, 0, sizeof(hs_a));
    memset(&hs_b, 0, sizeof(hs_b));
    if (replace) {
        gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_BOTH,
                                           hook_a);
        gnutls_handshake_set_hook_function(session, htype, when, hook_b);
    } else {
        gnutls_handshake_set_hook_function(session, htype, when, hook_a);
    }
    fd = handshake(session, c);
    print_stat(c, replace ? "first" : "hook", &hs_a);
    if (replace)
        print_stat(c, "second", &hs_b);
    finish(session, fd);
}

static void do_hooks(void)
{
    hook_conn("h1", GNUTLS_HANDSHAKE_SERVER_HELLO, GNUTLS_HOOK_PRE, 0);
    hook_conn("h2", GNUTLS_HANDSHAKE_SERVER_HELLO, GNUTLS_HOOK_POST, 0);
    hook_conn("h3", GNUTLS_HANDSHAKE_SERVER_HELLO, GNUTLS_HOOK_BOTH, 0);
    hook_conn("h4", GNUTLS_HANDSHAKE_SERVER_HELLO, GNUTLS_HOOK_BOTH, 1);
    hook_conn("h5", GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_BOTH, 0);
    printf("done=1\n");
}

/* ---- hellotrace: the hellos, HelloRetryRequest and ChangeCipherSpec a hook is told of -- */

static char trace[1024];

static int trace_hook(gnutls_session_t session, unsigned int htype, unsigned when,
                      unsigned int incoming, const gnutls_datum_t *msg)
{
    const char *name = NULL;
    (void)session;
    switch (htype) {
    case GNUTLS_HANDSHAKE_CLIENT_HELLO: name = "CH"; break;
    case GNUTLS_HANDSHAKE_SERVER_HELLO: name = "SH"; break;
    case GNUTLS_HANDSHAKE_HELLO_RETRY_REQUEST: name = "HRR"; break;
    case GNUTLS_HANDSHAKE_CHANGE_CIPHER_SPEC: name = "CCS"; break;
    default: return 0; /* TLS 1.3's encrypted messages: rustls shows us none of them */
    }
    /* GnuTLS hands a ChangeCipherSpec to the hook as its one byte, 0x01 */
    if (htype == GNUTLS_HANDSHAKE_CHANGE_CIPHER_SPEC && !(msg->size == 1 && msg->data[0] == 1))
        name = "CCS(bad)";
    if (strlen(trace) + 32 < sizeof(trace))
        snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace), " %s%s%s", incoming ? "<" : ">",
                 name, when == GNUTLS_HOOK_PRE ? "" : "+");
    return 0;
}

static void trace_conn(const char *c, unsigned htype)
{
    gnutls_session_t session = new_session();
    int fd;
    trace[0] = 0;
    gnutls_handshake_set_hook_function(session, htype, GNUTLS_HOOK_BOTH, trace_hook);
    fd = handshake(session, c);
    printf("%s.trace=%s\n", c, trace);
    finish(session, fd);
}

/* Against a server that answers with a HelloRetryRequest: an ANY hook is told of it by
 * its own type, then of the second ClientHello; a ChangeCipherSpec hook of the one the
 * client sends before that hello (compatibility mode), and an ANY hook never. */
static void do_hellotrace(void)
{
    trace_conn("t1", GNUTLS_HANDSHAKE_ANY);
    trace_conn("t2", GNUTLS_HANDSHAKE_CHANGE_CIPHER_SPEC);
    printf("done=1\n");
}

/* ---- keylog -------------------------------------------------------------- */

#define MAX_LABELS 16
static char seen_labels[MAX_LABELS][64];
static unsigned seen_sizes[MAX_LABELS], seen_count, random_ok;
static unsigned char tls12_secret[48];

static int keylog_cb(gnutls_session_t session, const char *label, const gnutls_datum_t *secret)
{
    gnutls_datum_t cr = { NULL, 0 }, sr = { NULL, 0 };
    if (seen_count < MAX_LABELS) {
        snprintf(seen_labels[seen_count], sizeof(seen_labels[0]), "%s", label);
        seen_sizes[seen_count] = secret->size;
        if (strcmp(label, "CLIENT_RANDOM") == 0 && secret->size == sizeof(tls12_secret))
            memcpy(tls12_secret, secret->data, secret->size);
    }
    seen_count++;
    gnutls_session_get_random(session, &cr, &sr);
    if (cr.size == 32 && !all_zero(cr.data, cr.size))
        random_ok++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void do_keylog(void)
{
    gnutls_session_t session = new_session();
    gnutls_datum_t cr = { NULL, 0 }, sr = { NULL, 0 }, ms = { NULL, 0 };
    gnutls_keylog_func dflt = gnutls_session_get_keylog_function(session);
    void *cred = NULL;
    unsigned i, calls;
    int fd, rc;
    char order[512] = "";

    printf("keylog.default_set=%d\n", dflt != NULL);
    rc = gnutls_credentials_get(session, GNUTLS_CRD_CERTIFICATE, &cred);
    printf("credentials_get.certificate rc=%d same=%d\n", rc, cred == (void *)xcred);
    cred = NULL;
    rc = gnutls_credentials_get(session, GNUTLS_CRD_ANON, &cred);
    printf("credentials_get.anon rc=%d null=%d\n", rc, cred == NULL);
    rc = gnutls_credentials_get(session, (gnutls_credentials_type_t)77, &cred);
    printf("credentials_get.bad_type rc=%d\n", rc);

    gnutls_session_set_keylog_function(session, keylog_cb);
    printf("keylog.get_is_set=%d\n", gnutls_session_get_keylog_function(session) == keylog_cb);
    fd = handshake(session, "k1");
    for (i = 0; i < seen_count && i < MAX_LABELS; i++) {
        strncat(order, " ", sizeof(order) - strlen(order) - 1);
        strncat(order, seen_labels[i], sizeof(order) - strlen(order) - 1);
    }
    printf("# k1 label order:%s\n", order);
    calls = seen_count;
    qsort(seen_labels, calls < MAX_LABELS ? calls : MAX_LABELS, sizeof(seen_labels[0]), by_name);
    for (i = 0; i < calls && i < MAX_LABELS; i++)
        printf("k1.label=%s\n", seen_labels[i]);
    printf("k1.calls=%u random_in_callback=%d\n", calls, random_ok == calls);
    if (gnutls_protocol_get_version(session) != GNUTLS_TLS1_3) {
        gnutls_session_get_master_secret(session, &ms);
        printf("k1.client_random_is_master=%d\n", ms.size == 48 && memcmp(ms.data, tls12_secret, 48) == 0);
    }
    printf("k1.etm_status=%u\n", gnutls_session_etm_status(session));
    printf("k1.ktls=%d\n", (int)gnutls_transport_is_ktls_enabled(session));
    finish(session, fd);

    seen_count = 0;
    session = new_session();
    gnutls_session_set_keylog_function(session, NULL);
    printf("keylog.get_null=%d\n", gnutls_session_get_keylog_function(session) == NULL);
    fd = handshake(session, "k2");
    printf("k2.calls=%u\n", seen_count);
    finish(session, fd);

    session = new_session();
    gnutls_session_set_keylog_function(session, keylog_cb);
    gnutls_session_set_keylog_function(session, dflt);
    fd = handshake(session, "k3");
    gnutls_session_get_random(session, &cr, &sr);
    printf("# k3 client_random=");
    for (i = 0; i < cr.size; i++)
        printf("%02x", cr.data[i]);
    printf("\n");
    printf("k3.calls=%u\n", seen_count);
    finish(session, fd);
    printf("done=1\n");
}

/* ---- lastmsg ------------------------------------------------------------- */

static int verify_in = -2, verify_out = -2;
static unsigned hook_calls, hook_mismatches;

static int record_position(gnutls_session_t session)
{
    verify_in = (int)gnutls_handshake_get_last_in(session);
    verify_out = (int)gnutls_handshake_get_last_out(session);
    return 0;
}

static int refuse(gnutls_session_t session)
{
    (void)session;
    return -1;
}

static int check_position(gnutls_session_t session, unsigned int htype, unsigned when,
                          unsigned int incoming, const gnutls_datum_t *msg)
{
    unsigned last = incoming ? gnutls_handshake_get_last_in(session) : gnutls_handshake_get_last_out(session);
    (void)when;
    (void)msg;
    hook_calls++;
    if (last != htype) {
        hook_mismatches++;
        printf("# hook %s %u: last=%u\n", incoming ? "in" : "out", htype, last);
    }
    return 0;
}

static void do_lastmsg(void)
{
    gnutls_session_t session = new_session();
    char buf[64];
    int fd, rc;

    printf("m1.before.in=%d\n", (int)gnutls_handshake_get_last_in(session));
    printf("m1.before.out=%d\n", (int)gnutls_handshake_get_last_out(session));
    gnutls_session_set_verify_function(session, record_position);
    fd = handshake(session, "m1");
    printf("m1.verify.in=%d\n", verify_in);
    printf("m1.verify.out=%d\n", verify_out);
    printf("m1.suite=%s\n", gnutls_ciphersuite_get(session) ? gnutls_ciphersuite_get(session) : "(null)");
    printf("m1.after.in=%d\n", (int)gnutls_handshake_get_last_in(session));
    printf("m1.after.out=%d\n", (int)gnutls_handshake_get_last_out(session));
    /* The server answers a request; TLS 1.3 tickets come before the answer. */
    rc = gnutls_record_send(session, "GET / HTTP/1.0\r\n\r\n", 18);
    printf("m1.send=%d\n", rc);
    do {
        rc = gnutls_record_recv(session, buf, sizeof(buf));
    } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    printf("m1.recv_ok=%d\n", rc > 0);
    printf("m1.data.in=%d\n", (int)gnutls_handshake_get_last_in(session));
    printf("m1.data.out=%d\n", (int)gnutls_handshake_get_last_out(session));
    finish(session, fd);

    /* A verify function that refuses: the handshake fails where it ran. */
    session = new_session();
    gnutls_session_set_verify_function(session, refuse);
    fd = tcp_connect();
    gnutls_transport_set_int(session, fd);
    do {
        rc = gnutls_handshake(session);
    } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    printf("m3.handshake=%s\n", gnutls_strerror_name(rc));
    printf("m3.failed.in=%d\n", (int)gnutls_handshake_get_last_in(session));
    printf("m3.failed.out=%d\n", (int)gnutls_handshake_get_last_out(session));
    finish(session, fd);

    session = new_session();
    gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_POST, check_position);
    fd = handshake(session, "m2");
    printf("m2.hooked=%d\n", hook_calls > 0);
    printf("m2.mismatches=%u\n", hook_mismatches);
    finish(session, fd);
    printf("done=1\n");
}

int main(int argc, char **argv)
{
    int rc;

    if (argc < 7) {
        fprintf(stderr, "usage: %s HOST PORT PRIORITY CAFILE SERVERNAME info|hooks|keylog|lastmsg\n", argv[0]);
        return 1;
    }
    host = argv[1];
    port = argv[2];
    prio = argv[3];
    cafile = argv[4];
    sname = argv[5];

    rc = gnutls_global_init();
    if (rc < 0)
        fail("gnutls_global_init", rc);
    rc = gnutls_certificate_allocate_credentials(&xcred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM);
    if (rc < 0)
        fail("gnutls_certificate_set_x509_trust_file", rc);

    if (strcmp(argv[6], "info") == 0) {
        do_info();
    } else if (strcmp(argv[6], "hooks") == 0) {
        do_hooks();
    } else if (strcmp(argv[6], "hellotrace") == 0) {
        do_hellotrace();
    } else if (strcmp(argv[6], "keylog") == 0) {
        do_keylog();
    } else if (strcmp(argv[6], "lastmsg") == 0) {
        do_lastmsg();
    } else {
        fprintf(stderr, "bad WHAT %s\n", argv[6]);
        return 1;
    }
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    return 0;
}
