/* Session data and session state on bad input and on sessions that never
 * handshook; every rejected gnutls_session_set_data must leave the session
 * usable for a full handshake.
 *
 * usage: sessiondata HOST PORT PRIORITY CAFILE SERVERNAME
 *
 * The server is an `openssl s_server` (any mode); connections only
 * handshake and close.  Stable "key=value" lines go to stdout; lines
 * starting with '#' carry values that legitimately differ between the
 * libraries (sizes, codes documented as different).  The case
 * "get_id_null_size" runs in a child process because GnuTLS dereferences the
 * size pointer; its result is a '#' line ("# get_id_null_size=RC" or
 * "# get_id_null_size=crashed SIG").
 * Exit status: 0 = all cases ran, 1 = unexpected result ("error=...").
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

static const char *host, *port, *prio, *cafile, *sname;
static gnutls_certificate_credentials_t xcred;


static int tcp_connect(void)
{
    int fd = tcp_connect_to(host, port);
    return fd;
}

/* A client session; with_prio: priority string, credentials, name, verification. */
static gnutls_session_t new_session(int with_prio)
{
    gnutls_session_t s;
    int rc = gnutls_init(&s, GNUTLS_CLIENT);
    if (rc < 0)
        fail("gnutls_init", rc);
    if (!with_prio)
        return s;
    rc = gnutls_server_name_set(s, GNUTLS_NAME_DNS, sname, strlen(sname));
    if (rc < 0)
        fail("gnutls_server_name_set", rc);
    rc = gnutls_priority_set_direct(s, prio, NULL);
    if (rc < 0)
        fail("gnutls_priority_set_direct", rc);
    rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, xcred);
    if (rc < 0)
        fail("gnutls_credentials_set", rc);
    gnutls_session_set_verify_cert(s, sname, 0);
    return s;
}

/* Handshake s with the server; print TAG.handshake and TAG.resumed.
 * stable: 2 both lines stable, 1 "resumed" as a '#' line, 0 both as '#'
 * lines.  Optionally keep the session data.  Closes and frees the session. */
static int handshake_and_close(const char *tag, gnutls_session_t s, int stable,
                               gnutls_datum_t *data_out)
{
    int rc, fd = tcp_connect();

    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
    do {
        rc = gnutls_handshake(s);
    } while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
    printf("%s%s.handshake=%d\n", stable > 0 ? "" : "# ", tag, rc);
    if (rc == 0) {
        printf("%s%s.resumed=%d\n", stable > 1 ? "" : "# ", tag, gnutls_session_is_resumed(s));
        if (data_out) {
            int r = gnutls_session_get_data2(s, data_out);
            printf("%s.get_data2=%d\n", tag, r);
            if (r < 0)
                fail("gnutls_session_get_data2", r);
            printf("# %s.data_size=%u\n", tag, data_out->size);
            printf("%s.data_size_gt4=%d\n", tag, data_out->size > 4);
        }
        gnutls_bye(s, GNUTLS_SHUT_WR);
    } else {
        printf("%s%s.handshake_error=%s\n", stable > 0 ? "" : "# ", tag, gnutls_strerror_name(rc));
    }
    gnutls_deinit(s);
    close(fd);
    return rc;
}

static void fresh_blob(const char *tag, gnutls_datum_t *blob)
{
    if (handshake_and_close(tag, new_session(1), 2, blob) != 0)
        fail("full handshake for session data", 0);
}

/* set_data(data, len) on a fresh session, print the code, then handshake */
static void set_data_case(const char *tag, const void *data, size_t len, int rc_stable,
                          int stable)
{
    gnutls_session_t s = new_session(1);
    int rc = gnutls_session_set_data(s, data, len);
    printf("%s%s.set_data=%d\n", rc_stable ? "" : "# ", tag, rc);
    printf("%s.set_data_negative=%d\n", tag, rc < 0);
    printf("%s.resumption_requested=%d\n", tag, gnutls_session_resumption_requested(s));
    handshake_and_close(tag, s, stable, NULL);
}

static void never_handshaken(const char *tag, gnutls_session_t s)
{
    unsigned char id[64];
    size_t size;
    gnutls_datum_t d = { NULL, 0 };
    int rc;

    printf("%s.is_resumed=%d\n", tag, gnutls_session_is_resumed(s));
    printf("%s.resumption_requested=%d\n", tag, gnutls_session_resumption_requested(s));
    printf("%s.flags=0x%x\n", tag, gnutls_session_get_flags(s));
    size = 12345;
    rc = gnutls_session_get_id(s, NULL, &size);
    printf("%s.get_id_query=%d size=%lu\n", tag, rc, (unsigned long)size);
    size = sizeof(id);
    rc = gnutls_session_get_id(s, id, &size);
    printf("%s.get_id=%d size=%lu\n", tag, rc, (unsigned long)size);
    rc = gnutls_session_get_id2(s, &d);
    printf("%s.get_id2=%d size=%u\n", tag, rc, d.size);
    rc = gnutls_session_get_data2(s, NULL);
    printf("%s.get_data2_null=%d\n", tag, rc);
}

int main(int argc, char **argv)
{
    gnutls_session_t s;
    gnutls_datum_t d = { NULL, 0 }, blob = { NULL, 0 };
    unsigned char zeros[128], garbage[36], three[3] = { 1, 2, 3 };
    size_t size, i;
    int rc, status;
    pid_t pid;

    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT PRIORITY CAFILE SERVERNAME\n", argv[0]);
        return 1;
    }
    host = argv[1];
    port = argv[2];
    prio = argv[3];
    cafile = argv[4];
    sname = argv[5];
    memset(zeros, 0, sizeof(zeros));
    for (i = 0; i < sizeof(garbage); i++) /* neither GnuTLS's nor our magic */
        garbage[i] = (unsigned char)(0x5a ^ (i * 37 + 11));

    rc = gnutls_global_init();
    if (rc < 0)
        fail("gnutls_global_init", rc);
    rc = gnutls_certificate_allocate_credentials(&xcred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM);
    if (rc < 0)
        fail("gnutls_certificate_set_x509_trust_file", rc);

    /* 1. a bare session: no priority, no transport */
    s = new_session(0);
    never_handshaken("bare", s);
    rc = gnutls_session_get_data2(s, &d);
    printf("bare.get_data2=%d\n", rc);
    size = 0;
    rc = gnutls_session_get_data(s, NULL, &size);
    printf("bare.get_data_query=%d\n", rc);
    gnutls_deinit(s);

    /* session_id_size NULL: GnuTLS dereferences it */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        unsigned char id[32];
        s = new_session(0);
        rc = gnutls_session_get_id(s, id, NULL);
        printf("# get_id_null_size=%d\n", rc);
        fflush(stdout);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        fail("fork", 0);
    if (WIFSIGNALED(status))
        printf("# get_id_null_size=crashed %d\n", WTERMSIG(status));

    /* 2. priority set, not handshaken: GnuTLS -408/-50/-59 or its dummy;
     *    then the handshake on that very session must still work */
    s = new_session(1);
    never_handshaken("prio", s);
    rc = gnutls_session_get_data2(s, &d);
    printf("# prio.get_data2=%d size=%u\n", rc, rc == 0 ? d.size : 0);
    if (rc == 0)
        gnutls_free(d.data);
    printf("prio.is_resumed_after_get_data2=%d\n", gnutls_session_is_resumed(s));
    handshake_and_close("prio", s, 2, NULL);

    /* 3. set_data on bad input; each session then makes a full handshake */
    set_data_case("null_ptr", NULL, 0, 1, 2);
    set_data_case("null_ptr_len", NULL, 36, 1, 2);
    set_data_case("zero_len", zeros, 0, 1, 2);
    set_data_case("four_zero", zeros, 4, 1, 2);
    set_data_case("three_bytes", three, 3, 1, 2);
    set_data_case("zeros128", zeros, 128, 1, 2);
    set_data_case("garbage36", garbage, sizeof(garbage), 1, 2);

    fresh_blob("blob1", &blob);
    /* GnuTLS 3.7.9 returns -302 but keeps what it unpacked: under TLS 1.3 it
     * then resumes anyway, under TLS 1.2 the handshake fails (-15); ours
     * makes a clean full handshake (checked by the runner) */
    set_data_case("truncated_by_one", blob.data, blob.size - 1, 1, 0);
    set_data_case("truncated_to_4", blob.data, 4, 1, 2);
    /* one byte changed in the middle: either library may accept or refuse it,
     * the handshake must work (full or, if the change hit nothing, resumed) */
    blob.data[blob.size / 2] ^= 0x01;
    set_data_case("flipped", blob.data, blob.size, 0, 0);
    blob.data[blob.size / 2] ^= 0x01;
    set_data_case("real", blob.data, blob.size, 1, 2);
    gnutls_free(blob.data);

    /* a rejected blob, then a good one, on the same session */
    fresh_blob("blob2", &blob);
    s = new_session(1);
    rc = gnutls_session_set_data(s, garbage, sizeof(garbage));
    printf("garbage_then_real.set_data_garbage=%d\n", rc);
    rc = gnutls_session_set_data(s, blob.data, blob.size);
    printf("garbage_then_real.set_data_real=%d\n", rc);
    handshake_and_close("garbage_then_real", s, 2, NULL);
    gnutls_free(blob.data);

    /* the 4-byte dummy after a real blob: GnuTLS ignores the dummy, so the
     * first blob is still offered */
    fresh_blob("blob3", &blob);
    s = new_session(1);
    rc = gnutls_session_set_data(s, blob.data, blob.size);
    printf("real_then_dummy.set_data_real=%d\n", rc);
    rc = gnutls_session_set_data(s, zeros, 4);
    printf("real_then_dummy.set_data_dummy=%d\n", rc);
    handshake_and_close("real_then_dummy", s, 2, NULL);
    gnutls_free(blob.data);

    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    printf("done=1\n");
    return 0;
}
