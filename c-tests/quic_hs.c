/* QUIC's TLS handshake through GnuTLS 3.7's API (as ngtcp2 and knot drive it), between two
 * processes: the handshake messages the read function is given travel over a TCP
 * connection as frames (level, 4-byte length, bytes) and are fed to the peer with
 * gnutls_handshake_write. Each side registers the QUIC transport parameters extension
 * (0x39) and prints the secrets its secret function is given, so the test can check that
 * one side's read secret is the other's write secret at every level.
 *
 *   quic_hs server --port-file FILE -n 1 CERT KEY   (one connection; the port is written to FILE)
 *   quic_hs client PORT CAFILE [verify]
 */
#include <errno.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include "common.h"

static int peer = -1;
static int failed_write = 0;

static void write_all(const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n > 0) {
        ssize_t w = write(peer, b, n);
        if (w <= 0) {
            failed_write = 1;
            return;
        }
        b += w;
        n -= (size_t)w;
    }
}

static int read_all(void *p, size_t n)
{
    unsigned char *b = p;
    while (n > 0) {
        ssize_t r = read(peer, b, n);
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

static int read_func(gnutls_session_t session, gnutls_record_encryption_level_t level,
                     gnutls_handshake_description_t htype, const void *data, size_t size)
{
    unsigned char hdr[5] = {(unsigned char)level, (unsigned char)(size >> 24), (unsigned char)(size >> 16),
                            (unsigned char)(size >> 8), (unsigned char)size};
    (void)session;
    printf("send level=%d type=%d size_ok=%d\n", (int)level, (int)htype,
           size >= 4 && ((const unsigned char *)data)[0] == (unsigned char)htype);
    write_all(hdr, sizeof(hdr));
    write_all(data, size);
    return failed_write ? -1 : 0;
}

static void hex(const char *name, const void *p, size_t n)
{
    const unsigned char *b = p;
    printf(" %s=", name);
    if (!p) {
        printf("none");
        return;
    }
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static int secret_func(gnutls_session_t session, gnutls_record_encryption_level_t level,
                       const void *rx, const void *tx, size_t size)
{
    /* As ngtcp2 does here: the negotiated cipher and hash must be known. */
    printf("# secret level=%d cipher=%s prf=%s size=%u", (int)level, gnutls_cipher_get_name(gnutls_cipher_get(session)),
           gnutls_digest_get_name(gnutls_prf_hash_get(session)), (unsigned)size);
    hex("rx", rx, size);
    hex("tx", tx, size);
    printf("\nsecret level=%d size=%u\n", (int)level, (unsigned)size);
    return 0;
}

static int alert_func(gnutls_session_t session, gnutls_record_encryption_level_t level,
                      gnutls_alert_level_t alevel, gnutls_alert_description_t desc)
{
    (void)session;
    printf("# alert level=%d alert_level=%d desc=%d\nalert\n", (int)level, (int)alevel, (int)desc);
    return 0;
}

static const char *own_params;

static int tp_send(gnutls_session_t session, gnutls_buffer_t extdata)
{
    (void)session;
    return gnutls_buffer_append_data(extdata, own_params, strlen(own_params));
}

static int tp_recv(gnutls_session_t session, const unsigned char *data, size_t size)
{
    (void)session;
    printf("peer_params=%.*s\n", (int)size, (const char *)data);
    return 0;
}

/* Reads one frame from the peer and gives it to the session; -1 at end of file. */
static int feed(gnutls_session_t session)
{
    unsigned char hdr[5];
    unsigned char buf[65536];
    size_t size;
    int rc;

    if (read_all(hdr, sizeof(hdr)) < 0)
        return -1;
    size = (size_t)hdr[1] << 24 | (size_t)hdr[2] << 16 | (size_t)hdr[3] << 8 | hdr[4];
    if (size > sizeof(buf) || read_all(buf, size) < 0)
        return -1;
    rc = gnutls_handshake_write(session, (gnutls_record_encryption_level_t)hdr[0], buf, size);
    if (rc < 0)
        printf("handshake_write=%d\n", rc);
    return rc < 0 ? rc : 0;
}

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t session;
    int server, rc;

    server = argc == 8 && strcmp(argv[1], "server") == 0 && strcmp(argv[2], "--port-file") == 0;
    if (!server && !(argc >= 4 && strcmp(argv[1], "client") == 0)) {
        fprintf(stderr, "usage: quic_hs server --port-file FILE -n 1 CERT KEY | client PORT CAFILE [verify]\n");
        return 2;
    }
    own_params = server ? "server-params" : "client-params";
    gnutls_global_init();
    gnutls_certificate_allocate_credentials(&cred);
    if (server) {
        rc = gnutls_certificate_set_x509_key_file(cred, argv[6], argv[7], GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("set_x509_key_file", rc);
    } else {
        rc = gnutls_certificate_set_x509_trust_file(cred, argv[3], GNUTLS_X509_FMT_PEM);
        if (rc < 0)
            fail("set_x509_trust_file", rc);
    }
    if ((rc = gnutls_init(&session, server ? GNUTLS_SERVER : GNUTLS_CLIENT)) < 0)
        fail("init", rc);
    rc = gnutls_priority_set_direct(session, "NORMAL:-VERS-ALL:+VERS-TLS1.3:%DISABLE_TLS13_COMPAT_MODE", NULL);
    if (rc < 0)
        fail("priority", rc);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_handshake_set_read_function(session, read_func);
    gnutls_handshake_set_secret_function(session, secret_func);
    gnutls_alert_set_read_function(session, alert_func);
    rc = gnutls_session_ext_register(session, "QUIC Transport Parameters", 0x39, GNUTLS_EXT_TLS, tp_recv, tp_send,
                                     NULL, NULL, NULL,
                                     GNUTLS_EXT_FLAG_TLS | GNUTLS_EXT_FLAG_CLIENT_HELLO | GNUTLS_EXT_FLAG_EE);
    printf("ext_register=%d\n", rc);
    /* An extension rustls cannot send: GnuTLS takes it (0), ours must not claim it (-1250). */
    printf("other_ext_register=%d\n",
           gnutls_session_ext_register(session, "other", 0x1234, GNUTLS_EXT_TLS, tp_recv, tp_send, NULL, NULL, NULL,
                                       GNUTLS_EXT_FLAG_TLS | GNUTLS_EXT_FLAG_CLIENT_HELLO));
    if (!server) {
        gnutls_server_name_set(session, GNUTLS_NAME_DNS, "localhost", 9);
        if (argc > 4 && strcmp(argv[4], "verify") == 0)
            gnutls_session_set_verify_cert(session, "localhost", 0);
    }

    if (server) {
        struct sockaddr_in sa;
        socklen_t len = sizeof(sa);
        int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
        char tmp[4096];
        FILE *f;
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 1) < 0)
            fail("listen", -errno);
        getsockname(lfd, (struct sockaddr *)&sa, &len);
        /* Written aside and renamed, so that a reader never sees half of it. */
        snprintf(tmp, sizeof(tmp), "%s.tmp", argv[3]);
        f = fopen(tmp, "w");
        if (!f)
            fail("port file", -errno);
        fprintf(f, "%d\n", ntohs(sa.sin_port));
        fclose(f);
        rename(tmp, argv[3]);
        peer = accept(lfd, NULL, NULL);
        close(lfd);
    } else {
        peer = tcp_connect_to("127.0.0.1", argv[2]);
    }
    if (peer < 0)
        fail("connect", -1);

    /* A client's first gnutls_handshake writes its ClientHello (ngtcp2's client_initial). */
    rc = server ? GNUTLS_E_AGAIN : gnutls_handshake(session);
    while (rc == GNUTLS_E_AGAIN) {
        rc = feed(session);
        if (rc < 0)
            break;
        rc = gnutls_handshake(session);
    }
    printf("handshake=%d\n", rc);
    if (rc < 0) {
        gnutls_alert_send_appropriate(session, rc);
    } else {
        gnutls_datum_t alpn;
        printf("version=%s cipher=%s\n", gnutls_protocol_get_name(gnutls_protocol_get_version(session)),
               gnutls_cipher_get_name(gnutls_cipher_get(session)));
        printf("early_cipher=%d early_prf=%d\n", gnutls_early_cipher_get(session), gnutls_early_prf_hash_get(session));
        (void)alpn;
    }
    fflush(stdout);
    close(peer);
    gnutls_deinit(session);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return rc < 0 ? 1 : 0;
}
