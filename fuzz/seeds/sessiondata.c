/* Writes the resumption data of one TLS connection (gnutls_session_get_data2 after a
 * handshake and a read, so TLS 1.3 tickets are in) to a file: seeds for the session_data
 * fuzz target, made by whichever library it is linked with.
 *   sessiondata PORT CAFILE PRIORITY OUTFILE */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "../../c-tests/common.h"

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t cred;
    gnutls_session_t s;
    gnutls_datum_t d;
    char buf[256];
    FILE *f;
    int fd, rc;

    if (argc != 5)
        return 2;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, argv[2], GNUTLS_X509_FMT_PEM);
    gnutls_init(&s, GNUTLS_CLIENT);
    setup_client_session(s, "localhost", "127.0.0.1", argv[3], cred);
    fd = tcp_connect_to("127.0.0.1", argv[1]);
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, 5000);
    if ((rc = gnutls_handshake(s)) < 0)
        fail("gnutls_handshake", rc);
    gnutls_record_send(s, "GET / HTTP/1.0\r\n\r\n", 18);
    gnutls_record_recv(s, buf, sizeof buf);
    if ((rc = gnutls_session_get_data2(s, &d)) < 0)
        fail("gnutls_session_get_data2", rc);
    f = fopen(argv[4], "wb");
    fwrite(d.data, 1, d.size, f);
    fclose(f);
    gnutls_free(d.data);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    return 0;
}
