/* Load against a real server (openssl s_server, or ours): THREADS client threads, each
 * doing PER_THREAD verified handshakes in a row, every one after the first resuming the
 * previous one's session data; one credential and one priority cache shared by all
 * threads. A handshake that fails, a session that does not resume, or a reply that does
 * not come counts as a failure. tests/reliability.py samples this process's RSS.
 *   load PORT CAFILE tls12|tls13 THREADS PER_THREAD
 * Output: handshakes=N failures=N resumed=N, then load_ok=1 when failures is 0. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"

static gnutls_certificate_credentials_t cred;
static gnutls_priority_t prio;
static const char *port;
static int per_thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long handshakes, failures, resumed;
static char first_error[160];

static void failed(const char *what, int rc)
{
    pthread_mutex_lock(&lock);
    failures++;
    if (!first_error[0])
        snprintf(first_error, sizeof first_error, "%s rc=%d (%s)", what, rc, gnutls_strerror(rc));
    pthread_mutex_unlock(&lock);
}

static void *client(void *arg)
{
    gnutls_datum_t data = { NULL, 0 };
    long mine = 0, mine_resumed = 0;
    int i;

    (void)arg;
    for (i = 0; i < per_thread; i++) {
        gnutls_session_t s;
        char buf[1024];
        int fd, rc;

        if ((rc = gnutls_init(&s, GNUTLS_CLIENT)) < 0) {
            failed("gnutls_init", rc);
            continue;
        }
        gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
        gnutls_priority_set(s, prio);
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
        gnutls_session_set_verify_cert(s, "localhost", 0);
        gnutls_handshake_set_timeout(s, 10000);
        if (data.data)
            gnutls_session_set_data(s, data.data, data.size);
        fd = tcp_connect_to("127.0.0.1", port);
        gnutls_transport_set_int(s, fd);
        do
            rc = gnutls_handshake(s);
        while (rc < 0 && !gnutls_error_is_fatal(rc));
        if (rc < 0) {
            failed("gnutls_handshake", rc);
        } else {
            mine++;
            if (i > 0 && !gnutls_session_is_resumed(s))
                failed("not resumed", 0);
            else if (i > 0)
                mine_resumed++;
            /* openssl s_server -www and our server answer a request; the reply also
             * brings TLS 1.3's tickets before get_data2. */
            if ((rc = (int)gnutls_record_send(s, "GET / HTTP/1.0\r\n\r\n", 18)) < 0)
                failed("gnutls_record_send", rc);
            else {
                /* A receive that only processes TLS 1.3 tickets returns GNUTLS_E_AGAIN, even
                 * on a blocking socket (GnuTLS 3.7.9's lib/record.c): read again. */
                do
                    rc = (int)gnutls_record_recv(s, buf, sizeof buf);
                while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
                if (rc <= 0)
                    failed("gnutls_record_recv", rc);
            }
            if (data.data)
                gnutls_free(data.data);
            data.data = NULL;
            if ((rc = gnutls_session_get_data2(s, &data)) < 0)
                failed("gnutls_session_get_data2", rc);
            gnutls_bye(s, GNUTLS_SHUT_WR);
        }
        close(fd);
        gnutls_deinit(s);
    }
    if (data.data)
        gnutls_free(data.data);
    pthread_mutex_lock(&lock);
    handshakes += mine;
    resumed += mine_resumed;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t *tids;
    int nthreads, i, rc;

    if (argc != 6) {
        fprintf(stderr, "usage: load PORT CAFILE tls12|tls13 THREADS PER_THREAD\n");
        return 2;
    }
    port = argv[1];
    nthreads = atoi(argv[4]);
    per_thread = atoi(argv[5]);
    alarm(300);
    if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0)
        fail("allocate_credentials", rc);
    if ((rc = gnutls_certificate_set_x509_trust_file(cred, argv[2], GNUTLS_X509_FMT_PEM)) < 0)
        fail("set_x509_trust_file", rc);
    if ((rc = gnutls_priority_init(&prio, strcmp(argv[3], "tls13") == 0 ? "NORMAL:-VERS-ALL:+VERS-TLS1.3"
                                                                         : "NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL)) < 0)
        fail("priority_init", rc);
    tids = calloc((size_t)nthreads, sizeof *tids);
    for (i = 0; i < nthreads; i++)
        pthread_create(&tids[i], NULL, client, NULL);
    for (i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    printf("handshakes=%ld\nfailures=%ld\nresumed=%ld\n", handshakes, failures, resumed);
    if (first_error[0])
        printf("first_error=%s\n", first_error);
    printf("load_ok=%d\n", failures == 0 && handshakes == (long)nthreads * per_thread);
    free(tids);
    gnutls_priority_deinit(prio);
    gnutls_certificate_free_credentials(cred);
    return 0;
}
