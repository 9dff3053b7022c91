/* What every C test shares, as GnuTLS's examples share examples.h and tcp.c:
 * failing loudly with the GnuTLS code, and a TCP connection to the test's peer. */
#ifndef GRTLS_TESTS_COMMON_H
#define GRTLS_TESTS_COMMON_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <gnutls/gnutls.h>

/* Prints what failed with its GnuTLS code and stops the test. */
static inline void fail(const char *what, int rc)
{
    printf("error=%s rc=%d (%s)\n", what, rc, gnutls_strerror(rc));
    fflush(stdout);
    exit(1);
}

/* A connected TCP socket to host:port (host is an IPv4 address or "localhost"). */
static inline int tcp_connect_to(const char *host, const char *port)
{
    struct sockaddr_in sa;
    int fd;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(port));
    if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host,
                  &sa.sin_addr) != 1) {
        printf("error=bad address %s\n", host);
        exit(1);
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

/* A client session's usual settings: SNI (unless sname is "-"), the priority string,
 * certificate credentials, and verification against sname (or host). */
static inline void setup_client_session(gnutls_session_t session, const char *sname, const char *host,
                                        const char *prio, gnutls_certificate_credentials_t xcred)
{
    int rc;

    if (strcmp(sname, "-") != 0) {
        rc = gnutls_server_name_set(session, GNUTLS_NAME_DNS, sname, strlen(sname));
        if (rc < 0)
            fail("gnutls_server_name_set", rc);
    }
    rc = gnutls_priority_set_direct(session, prio, NULL);
    if (rc < 0)
        fail("gnutls_priority_set_direct", rc);
    rc = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, xcred);
    if (rc < 0)
        fail("gnutls_credentials_set", rc);
    gnutls_session_set_verify_cert(session, strcmp(sname, "-") ? sname : host, 0);
}

#endif
