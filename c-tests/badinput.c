/* Bad input: unknown enum values, error-code helpers, garbage priority
 * strings, unreadable trust files, I/O before the handshake, and NULL
 * sessions/credentials.
 *
 * usage: badinput DIR [--ours]      (env BADINPUT_ONLY=NAME runs one case)
 *        badinput --list            prints "NAME CRASHES_ON_GNUTLS" per case
 *   DIR     directory from tests/mkcerts.sh (for ca.pem and notpem.txt)
 *   --ours  also run the cases on which the real GnuTLS 3.7.9 crashes
 *           (NULL session handed to functions that dereference it).  The
 *           runner passes it only with --lib ours: a drop-in must not crash
 *           where it can return an error instead.
 *
 * Every case runs in a forked child, so a crash is reported as
 * "case=NAME crashed signal=N" instead of killing the whole program.
 * The expected values were learned from the real GnuTLS 3.7.9.
 * Exit status is non-zero if any case gave an unexpected value or crashed.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;
static int bad; /* per case (child) */

#define EXPECT_INT(label, expr, want)                                              \
    do {                                                                           \
        long _v = (long)(expr);                                                    \
        printf("%s=%ld\n", label, _v);                                             \
        if (_v != (long)(want)) {                                                  \
            printf("MISMATCH %s: got %ld want %ld\n", label, _v, (long)(want));    \
            bad = 1;                                                               \
        }                                                                          \
    } while (0)

/* For cases where real GnuTLS crashes: any negative error code will do. */
#define EXPECT_NEG(label, expr)                                                    \
    do {                                                                           \
        long _v = (long)(expr);                                                    \
        printf("%s=%s\n", label, _v < 0 ? "negative" : "non-negative");            \
        printf("# %s raw=%ld\n", label, _v);                                       \
        if (_v >= 0) {                                                             \
            printf("MISMATCH %s: got %ld want <0\n", label, _v);                   \
            bad = 1;                                                               \
        }                                                                          \
    } while (0)

#define EXPECT_STR(label, expr, want)                                              \
    do {                                                                           \
        const char *_s = (expr);                                                   \
        const char *_w = (want);                                                   \
        printf("%s=%s\n", label, _s ? _s : "(null)");                             \
        if ((_s == NULL) != (_w == NULL) || (_s && strcmp(_s, _w) != 0)) {         \
            printf("MISMATCH %s: got %s want %s\n", label, _s ? _s : "(null)",     \
                   _w ? _w : "(null)");                                            \
            bad = 1;                                                               \
        }                                                                          \
    } while (0)

#define EXPECT_PTR_NULL(label, expr)                                               \
    do {                                                                           \
        const void *_p = (const void *)(expr);                                     \
        printf("%s=%s\n", label, _p ? "non-NULL" : "NULL");                        \
        if (_p) {                                                                  \
            printf("MISMATCH %s: want NULL\n", label);                             \
            bad = 1;                                                               \
        }                                                                          \
    } while (0)

static void path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* A client session with NORMAL priority and certificate credentials, and a
 * socketpair as transport (the other end stays silent). */
static gnutls_certificate_credentials_t g_cred;
static int g_sv[2] = { -1, -1 };

static gnutls_session_t new_session(int set_priority)
{
    gnutls_session_t s;
    int rc;

    rc = gnutls_certificate_allocate_credentials(&g_cred);
    if (rc < 0) {
        printf("setup: allocate_credentials %d\n", rc);
        exit(3);
    }
    rc = gnutls_init(&s, GNUTLS_CLIENT);
    if (rc < 0) {
        printf("setup: gnutls_init %d\n", rc);
        exit(3);
    }
    if (set_priority) {
        rc = gnutls_priority_set_direct(s, "NORMAL", NULL);
        if (rc < 0) {
            printf("setup: priority %d\n", rc);
            exit(3);
        }
    }
    rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, g_cred);
    if (rc < 0) {
        printf("setup: credentials_set %d\n", rc);
        exit(3);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, g_sv) < 0) {
        perror("socketpair");
        exit(3);
    }
    gnutls_transport_set_int(s, g_sv[0]);
    return s;
}

/* ---------------- safe cases (run on both libraries) ---------------- */

static void c_names(void)
{
    EXPECT_PTR_NULL("cipher_get_name_9999", gnutls_cipher_get_name((gnutls_cipher_algorithm_t)9999));
    EXPECT_PTR_NULL("protocol_get_name_99", gnutls_protocol_get_name((gnutls_protocol_t)99));
    EXPECT_PTR_NULL("kx_get_name_9999", gnutls_kx_get_name((gnutls_kx_algorithm_t)9999));
    EXPECT_PTR_NULL("mac_get_name_9999", gnutls_mac_get_name((gnutls_mac_algorithm_t)9999));
    EXPECT_STR("cipher_get_name_aes256gcm", gnutls_cipher_get_name(GNUTLS_CIPHER_AES_256_GCM), "AES-256-GCM");
    EXPECT_STR("protocol_get_name_tls13", gnutls_protocol_get_name(GNUTLS_TLS1_3), "TLS1.3");
    EXPECT_STR("protocol_get_name_tls12", gnutls_protocol_get_name(GNUTLS_TLS1_2), "TLS1.2");
}

static void c_strerror(void)
{
    EXPECT_STR("strerror_-12345", gnutls_strerror(-12345), "(unknown error code)");
    EXPECT_PTR_NULL("strerror_name_-12345", gnutls_strerror_name(-12345));
    EXPECT_STR("strerror_-28", gnutls_strerror(GNUTLS_E_AGAIN), "Resource temporarily unavailable, try again.");
    EXPECT_STR("strerror_-110", gnutls_strerror(GNUTLS_E_PREMATURE_TERMINATION),
               "The TLS connection was non-properly terminated.");
    EXPECT_STR("strerror_name_-28", gnutls_strerror_name(GNUTLS_E_AGAIN), "GNUTLS_E_AGAIN");
    EXPECT_STR("strerror_name_-348", gnutls_strerror_name(GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR),
               "GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR");
    EXPECT_STR("strerror_0", gnutls_strerror(0), "Success.");
}

static void c_is_fatal(void)
{
    static const struct { int code; int fatal; } t[] = {
        { 0, 0 }, { 5, 0 }, { 1000, 0 },
        { GNUTLS_E_WARNING_ALERT_RECEIVED, 0 }, { GNUTLS_E_AGAIN, 0 },
        { GNUTLS_E_LARGE_PACKET, 0 }, { GNUTLS_E_INTERRUPTED, 0 },
        { GNUTLS_E_REHANDSHAKE, 0 }, { GNUTLS_E_REAUTH_REQUEST, 0 },
        { GNUTLS_E_GOT_APPLICATION_DATA, 1 }, { GNUTLS_E_TIMEDOUT, 1 },
        { GNUTLS_E_PREMATURE_TERMINATION, 1 }, { GNUTLS_E_SESSION_EOF, 1 },
        { GNUTLS_E_FATAL_ALERT_RECEIVED, 1 }, { GNUTLS_E_INVALID_REQUEST, 1 },
        { GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR, 1 }, { GNUTLS_E_PUSH_ERROR, 1 },
        { GNUTLS_E_PULL_ERROR, 1 }, { GNUTLS_E_UNEXPECTED_PACKET, 1 },
        { GNUTLS_E_NO_PRIORITIES_WERE_SET, 1 }, { -12345, 1 }, { -1, 1 },
    };
    char label[64];
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        snprintf(label, sizeof(label), "error_is_fatal_%d", t[i].code);
        EXPECT_INT(label, gnutls_error_is_fatal(t[i].code) != 0, t[i].fatal);
    }
}

static void prio_case(const char *s, int want_rc, long want_pos)
{
    gnutls_priority_t p = NULL;
    const char *err = NULL;
    char label[128];
    int rc = gnutls_priority_init(&p, s, &err);

    snprintf(label, sizeof(label), "priority_init[%s]", s);
    EXPECT_INT(label, rc, want_rc);
    snprintf(label, sizeof(label), "priority_err_pos[%s]", s);
    EXPECT_INT(label, err ? (long)(err - s) : -1L, want_pos);
    if (rc == 0)
        gnutls_priority_deinit(p);
}

static void c_priority(void)
{
    gnutls_session_t s;
    const char *err = NULL;
    const char *garbage = "NORMAL:+GARBAGE-XYZ:-VERS-TLS1.0";

    prio_case("NORMAL", 0, 0);
    prio_case("NORMAL:+FOO", GNUTLS_E_INVALID_REQUEST, 7);
    prio_case("NORMAL::", GNUTLS_E_INVALID_REQUEST, 7);
    prio_case("%%%garbage%%%", GNUTLS_E_INVALID_REQUEST, 0);
    prio_case("NORMAL:-VERS-TLS1.0:+NOPE", GNUTLS_E_INVALID_REQUEST, 20);
    prio_case("NONE", GNUTLS_E_NO_PRIORITIES_WERE_SET, 0);
    prio_case("NORMAL:-VERS-TLS-ALL", 0, 0);
    prio_case("NORMAL:%COMPAT", 0, 0);

    s = new_session(0);
    EXPECT_INT("priority_set_direct_garbage", gnutls_priority_set_direct(s, garbage, &err),
               GNUTLS_E_INVALID_REQUEST);
    EXPECT_INT("priority_set_direct_garbage_err_pos", err ? (long)(err - garbage) : -1L, 7);
    EXPECT_INT("priority_set_direct_garbage_null_errpos",
               gnutls_priority_set_direct(s, garbage, NULL), GNUTLS_E_INVALID_REQUEST);
    gnutls_deinit(s);
}

static void c_trust_file(void)
{
    gnutls_certificate_credentials_t c;
    char p[4096];
    int rc = gnutls_certificate_allocate_credentials(&c);

    EXPECT_INT("allocate_credentials", rc, 0);
    path(p, sizeof(p), "does-not-exist.pem");
    EXPECT_INT("trust_file_missing",
               gnutls_certificate_set_x509_trust_file(c, p, GNUTLS_X509_FMT_PEM),
               GNUTLS_E_FILE_ERROR);
    path(p, sizeof(p), "notpem.txt");
    EXPECT_INT("trust_file_not_pem",
               gnutls_certificate_set_x509_trust_file(c, p, GNUTLS_X509_FMT_PEM),
               0);
    path(p, sizeof(p), "ca.pem");
    EXPECT_INT("trust_file_ca", gnutls_certificate_set_x509_trust_file(c, p, GNUTLS_X509_FMT_PEM), 1);
    path(p, sizeof(p), "good-chain.pem");
    EXPECT_INT("trust_file_two_certs",
               gnutls_certificate_set_x509_trust_file(c, p, GNUTLS_X509_FMT_PEM), 2);
    path(p, sizeof(p), "good.key");
    EXPECT_INT("key_file_missing_cert",
               gnutls_certificate_set_x509_key_file(c, "/nonexistent/cert.pem", p, GNUTLS_X509_FMT_PEM),
               GNUTLS_E_FILE_ERROR);
    gnutls_certificate_free_credentials(c);
}

static void c_io_before_handshake(void)
{
    gnutls_session_t s = new_session(1);
    char buf[16];

    EXPECT_INT("record_send_before_handshake", gnutls_record_send(s, "x", 1),
               GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE);
    EXPECT_INT("record_recv_before_handshake", gnutls_record_recv(s, buf, sizeof(buf)),
               GNUTLS_E_UNAVAILABLE_DURING_HANDSHAKE);
    EXPECT_INT("record_check_pending_before_handshake", gnutls_record_check_pending(s), 0);
    EXPECT_PTR_NULL("session_get_ptr_unset", gnutls_session_get_ptr(s));
    gnutls_deinit(s);
}

static void c_handshake_no_priority(void)
{
    gnutls_session_t s = new_session(0);

    EXPECT_INT("handshake_no_priority", gnutls_handshake(s), GNUTLS_E_NO_PRIORITIES_WERE_SET);
    gnutls_deinit(s);
}

static void c_verify_no_handshake(void)
{
    gnutls_session_t s = new_session(1);
    unsigned int status = 12345;

    /* No handshake yet, so no certificate auth info: -50 (not -49). */
    EXPECT_INT("verify_peers2_no_handshake", gnutls_certificate_verify_peers2(s, &status),
               GNUTLS_E_INVALID_REQUEST);
    EXPECT_INT("verify_peers3_no_handshake",
               gnutls_certificate_verify_peers3(s, "localhost", &status),
               GNUTLS_E_INVALID_REQUEST);
    gnutls_deinit(s);
}

static void c_null_safe(void)
{
    /* NULL arguments on which the real GnuTLS 3.7.9 does not crash. */
    gnutls_session_t s = new_session(1);

    EXPECT_INT("credentials_set_null_cred", gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, NULL), 0);
    EXPECT_INT("server_name_set_null_name", gnutls_server_name_set(s, GNUTLS_NAME_DNS, NULL, 0),
               0);
    EXPECT_INT("alpn_set_protocols_empty", gnutls_alpn_set_protocols(s, NULL, 0, 0), 0);
    EXPECT_PTR_NULL("check_version_too_new", gnutls_check_version("99.0.0"));
    gnutls_deinit(s);
    gnutls_deinit(NULL);
    printf("deinit_null=ok\n");
    gnutls_certificate_free_credentials(NULL);
    printf("free_credentials_null=ok\n");
}

/* ------------- cases on which the real GnuTLS crashes (--ours) ------------- */

static void c_null_session_handshake(void) { EXPECT_NEG("handshake_null", gnutls_handshake(NULL)); }
static void c_null_session_send(void) { EXPECT_NEG("record_send_null", gnutls_record_send(NULL, "x", 1)); }
static void c_null_session_recv(void)
{
    char b[4];
    EXPECT_NEG("record_recv_null", gnutls_record_recv(NULL, b, sizeof(b)));
}
static void c_null_session_bye(void) { EXPECT_NEG("bye_null", gnutls_bye(NULL, GNUTLS_SHUT_RDWR)); }
static void c_null_session_priority(void)
{
    EXPECT_NEG("priority_set_direct_null_session", gnutls_priority_set_direct(NULL, "NORMAL", NULL));
}
static void c_null_session_credentials(void)
{
    EXPECT_NEG("credentials_set_null_session",
               gnutls_credentials_set(NULL, GNUTLS_CRD_CERTIFICATE, g_cred));
}
static void c_null_session_server_name(void)
{
    EXPECT_NEG("server_name_set_null_session",
               gnutls_server_name_set(NULL, GNUTLS_NAME_DNS, "localhost", 9));
}
static void c_null_session_alpn(void)
{
    gnutls_datum_t d = { (unsigned char *)"h2", 2 };
    EXPECT_NEG("alpn_set_protocols_null_session", gnutls_alpn_set_protocols(NULL, &d, 1, 0));
}
static void c_null_cred_trust_file(void)
{
    char p[4096];
    path(p, sizeof(p), "ca.pem");
    EXPECT_NEG("trust_file_null_cred", gnutls_certificate_set_x509_trust_file(NULL, p, GNUTLS_X509_FMT_PEM));
}
static void c_null_session_verify(void)
{
    unsigned int st;
    EXPECT_NEG("verify_peers2_null_session", gnutls_certificate_verify_peers2(NULL, &st));
}
static void c_bye_before_handshake(void)
{
    /* Real 3.7.9 returns 0 here (SHUT_WR on a session with priority,
     * credentials and a transport; the close_notify goes out in clear). */
    gnutls_session_t s = new_session(1);
    EXPECT_INT("bye_wr_before_handshake", gnutls_bye(s, GNUTLS_SHUT_WR), 0);
    gnutls_deinit(s);
}
static void c_null_session_getters(void)
{
    EXPECT_PTR_NULL("session_get_ptr_null", gnutls_session_get_ptr(NULL));
    printf("check_pending_null=%lu\n", (unsigned long)gnutls_record_check_pending(NULL));
    printf("get_max_size_null_called=1\n");
    (void)gnutls_record_get_max_size(NULL);
}

struct tcase {
    const char *name;
    void (*fn)(void);
    int crashes_on_gnutls; /* 1: real GnuTLS 3.7.9 crashes; run only with --ours */
};

static const struct tcase cases[] = {
    { "names", c_names, 0 },
    { "strerror", c_strerror, 0 },
    { "error_is_fatal", c_is_fatal, 0 },
    { "priority", c_priority, 0 },
    { "trust_file", c_trust_file, 0 },
    { "io_before_handshake", c_io_before_handshake, 0 },
    { "handshake_no_priority", c_handshake_no_priority, 0 },
    { "verify_no_handshake", c_verify_no_handshake, 0 },
    { "null_safe", c_null_safe, 0 },
    { "null_session_handshake", c_null_session_handshake, 1 },
    { "null_session_send", c_null_session_send, 1 },
    { "null_session_recv", c_null_session_recv, 1 },
    { "null_session_bye", c_null_session_bye, 1 },
    { "null_session_priority", c_null_session_priority, 1 },
    { "null_session_credentials", c_null_session_credentials, 1 },
    { "null_session_server_name", c_null_session_server_name, 1 },
    { "null_session_alpn", c_null_session_alpn, 1 },
    { "null_cred_trust_file", c_null_cred_trust_file, 1 },
    { "null_session_verify", c_null_session_verify, 1 },
    { "bye_before_handshake", c_bye_before_handshake, 0 },
    { "null_session_getters", c_null_session_getters, 1 },
};

int main(int argc, char **argv)
{
    int ours = 0, failed = 0, rc, i;
    const char *only = getenv("BADINPUT_ONLY");

    if (argc < 2) {
        fprintf(stderr, "usage: %s PKI_DIR [--ours]\n", argv[0]);
        return 1;
    }
    dir = argv[1];
    if (strcmp(dir, "--list") == 0) {
        for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++)
            printf("%s %d\n", cases[i].name, cases[i].crashes_on_gnutls);
        return 0;
    }
    for (i = 2; i < argc; i++)
        if (strcmp(argv[i], "--ours") == 0)
            ours = 1;

    rc = gnutls_global_init();
    printf("global_init=%d\n", rc);
    if (rc < 0)
        return 1;

    for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        const struct tcase *t = &cases[i];
        pid_t pid;
        int st;

        if (only && strcmp(only, t->name) != 0)
            continue;
        if (t->crashes_on_gnutls && !ours) {
            printf("# case=%s skipped (real GnuTLS crashes; run with --ours)\n", t->name);
            continue;
        }
        printf("case=%s\n", t->name);
        fflush(stdout);
        pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            alarm(10);
            bad = 0;
            t->fn();
            fflush(stdout);
            _exit(bad ? 1 : 0);
        }
        if (waitpid(pid, &st, 0) < 0) {
            perror("waitpid");
            return 1;
        }
        if (WIFSIGNALED(st)) {
            printf("case=%s crashed signal=%d\n", t->name, WTERMSIG(st));
            failed++;
        } else if (WEXITSTATUS(st) != 0) {
            printf("case=%s result=FAIL\n", t->name);
            failed++;
        } else {
            printf("case=%s result=ok\n", t->name);
        }
        fflush(stdout);
    }
    gnutls_global_deinit();
    printf("failed_cases=%d\n", failed);
    return failed ? 1 : 0;
}
