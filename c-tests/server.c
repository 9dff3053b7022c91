/* A configurable TLS server in the style of GnuTLS's doc/examples/ex-serv-x509.c.
 *
 * usage: server [OPTIONS]
 *   --port P            listen on 127.0.0.1:P (default 0 = any free port)
 *   --port-file F       write the bound port to F once listening (the runner
 *                       polls this file instead of probing the port, which
 *                       would use up a connection)
 *   -n N                serve N connections, then exit (default 1)
 *   --cert CERT KEY     gnutls_certificate_set_x509_key_file (repeatable: one
 *                       credential with several key/cert pairs, picked by SNI)
 *   --p12 FILE PASS     gnutls_certificate_set_x509_simple_pkcs12_file (DER)
 *   --ca FILE           trust file for client certificates
 *   --prio STR          priority string (default NORMAL)
 *   --direct            gnutls_priority_set_direct per session (default:
 *                       gnutls_priority_init once + gnutls_priority_set)
 *   --tickets           one key from gnutls_session_ticket_key_generate for
 *                       all connections (gnutls_session_ticket_enable_server)
 *   --ticket-key-file F the same with a 64-byte key read from F
 *   --gen-ticket-key F  write a new key (gnutls_session_ticket_key_generate)
 *                       to F and exit
 *   --cache mem         session cache: gnutls_db_* callbacks on an in-process table
 *   --cache memcached:P the callbacks speak memcached's text protocol to
 *                       127.0.0.1:P (one TCP connection per operation; key =
 *                       session id in hex, as mod_gnutls does)
 *   --request MODE      ignore|request|require (gnutls_certificate_server_set_request)
 *   --verify-fn         a gnutls_certificate_set_verify_function that counts its calls
 *   --rehandshake       gnutls_rehandshake after the handshake
 *   --alpn a,b,...      gnutls_alpn_set_protocols
 *   --no-auto-ticket    gnutls_init(GNUTLS_SERVER|GNUTLS_NO_AUTO_SEND_TICKET)
 *   --send-ticket       after the handshake, gnutls_session_ticket_send(s, 1, 0)
 *   --load-only         load the credentials, print the codes and exit
 *   --timeout-ms MS     handshake timeout and socket receive timeout (default 5000)
 *   --no-ca-names       gnutls_certificate_send_x509_rdn_sequence(session, 1)
 *   --free-ca-names     gnutls_certificate_free_ca_names after loading the CA
 *   --post-hello        a post-ClientHello function printing the client's server name
 *   --ocsp FILE         gnutls_certificate_set_ocsp_status_request_file2 for the first
 *                       chain (PEM if FILE's name has ".pem", else DER), with the expiration
 *                       gnutls_certificate_get_ocsp_expiration reports (relative, in days)
 *
 * For each connection (numbered c1, c2, ...) the stable "cN.key=value" lines
 * give the handshake result, protocol, cipher, resumption, SNI, ALPN, our
 * certificate's DN, client-certificate status, then the server sends an
 * HTTP-ish reply and calls gnutls_bye.  Lines starting with '#' carry values
 * that legitimately differ between libraries or runs (ids, ports, sizes).
 * Exit status: 0 = all N connections served (whatever their handshake gave),
 * 1 = setup error ("error=..." printed).
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "common.h"

#define MAX_CERTS 4
#define CACHE_SLOTS 64

static const char *nz(const char *s)
{
    return s ? s : "(null)";
}


static void hex(const unsigned char *p, size_t n, char *out)
{
    size_t i;
    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = 0;
}

/* ---- session cache: in-process table or memcached ---- */

struct slot {
    char key[2 * 64 + 1];
    unsigned char *data;
    size_t size;
};

static struct slot table[CACHE_SLOTS];
static int memcached_port;
static int timeout_ms = 5000;
/* per-connection counters */
static int db_stores, db_retrieves, db_hits, db_removes, db_time_bad, db_errors;

static int mc_connect(void)
{
    struct sockaddr_in sa;
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)memcached_port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read from fd until buf holds a complete reply (ends with one of the
 * terminators, or for "VALUE" replies the data block and "END\r\n"). */
static ssize_t mc_read_reply(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    for (;;) {
        ssize_t k;
        buf[len] = 0;
        if (strncmp(buf, "VALUE ", 6) == 0) {
            char *eol = strstr(buf, "\r\n");
            unsigned long dlen;
            char k1[256];
            unsigned flags;
            if (eol && sscanf(buf, "VALUE %255s %u %lu", k1, &flags, &dlen) == 3 &&
                len >= (size_t)(eol + 2 - buf) + dlen + 2 + 5)
                return (ssize_t)len;
        } else if (len >= 2 && strstr(buf, "\r\n") != NULL) {
            return (ssize_t)len;
        }
        if (len + 1 >= cap)
            return -1;
        k = recv(fd, buf + len, cap - 1 - len, 0);
        if (k <= 0)
            return -1;
        len += (size_t)k;
    }
}

static int db_store(void *ptr, gnutls_datum_t key, gnutls_datum_t data)
{
    char k[2 * 64 + 1];
    time_t t;
    (void)ptr;
    if (key.size == 0 || key.size > 64) {
        db_errors++;
        return -1;
    }
    db_stores++;
    t = gnutls_db_check_entry_time(&data);
    if (t == 0 || t > time(NULL) + 5 || t < time(NULL) - 5)
        db_time_bad++;
    /* A fresh entry has not expired (GnuTLS ignores the session). */
    if (gnutls_db_check_entry(NULL, data) != 0)
        db_time_bad++;
    hex(key.data, key.size, k);
    if (memcached_port) {
        char hdr[256], reply[256];
        int fd = mc_connect();
        if (fd < 0) {
            db_errors++;
            return -1;
        }
        snprintf(hdr, sizeof(hdr), "set gnutls-%s 0 300 %u\r\n", k, data.size);
        if (send_all(fd, hdr, strlen(hdr)) < 0 || send_all(fd, data.data, data.size) < 0 ||
            send_all(fd, "\r\n", 2) < 0 || mc_read_reply(fd, reply, sizeof(reply)) < 0 ||
            strncmp(reply, "STORED\r\n", 8) != 0) {
            close(fd);
            db_errors++;
            return -1;
        }
        close(fd);
        return 0;
    }
    {
        int i, free_i = -1;
        for (i = 0; i < CACHE_SLOTS; i++) {
            if (table[i].data && strcmp(table[i].key, k) == 0)
                break;
            if (!table[i].data && free_i < 0)
                free_i = i;
        }
        if (i == CACHE_SLOTS)
            i = free_i;
        if (i < 0) {
            db_errors++;
            return -1;
        }
        free(table[i].data);
        table[i].data = malloc(data.size);
        memcpy(table[i].data, data.data, data.size);
        table[i].size = data.size;
        strcpy(table[i].key, k);
    }
    return 0;
}

static gnutls_datum_t db_retrieve(void *ptr, gnutls_datum_t key)
{
    gnutls_datum_t res = { NULL, 0 };
    char k[2 * 64 + 1];
    (void)ptr;
    if (key.size == 0 || key.size > 64)
        return res;
    db_retrieves++;
    hex(key.data, key.size, k);
    if (memcached_port) {
        static char reply[65536];
        char cmd[256];
        char *eol;
        unsigned long dlen;
        unsigned flags;
        char k1[256];
        ssize_t n;
        int fd = mc_connect();
        if (fd < 0) {
            db_errors++;
            return res;
        }
        snprintf(cmd, sizeof(cmd), "get gnutls-%s\r\n", k);
        if (send_all(fd, cmd, strlen(cmd)) < 0 ||
            (n = mc_read_reply(fd, reply, sizeof(reply))) < 0) {
            close(fd);
            db_errors++;
            return res;
        }
        close(fd);
        if (strncmp(reply, "VALUE ", 6) != 0 ||
            sscanf(reply, "VALUE %255s %u %lu", k1, &flags, &dlen) != 3)
            return res; /* "END": a miss */
        eol = strstr(reply, "\r\n");
        res.data = gnutls_malloc(dlen);
        memcpy(res.data, eol + 2, dlen);
        res.size = (unsigned)dlen;
        db_hits++;
        return res;
    }
    {
        int i;
        for (i = 0; i < CACHE_SLOTS; i++) {
            if (table[i].data && strcmp(table[i].key, k) == 0) {
                res.data = gnutls_malloc(table[i].size);
                memcpy(res.data, table[i].data, table[i].size);
                res.size = (unsigned)table[i].size;
                db_hits++;
                break;
            }
        }
    }
    return res;
}

static int db_remove(void *ptr, gnutls_datum_t key)
{
    char k[2 * 64 + 1];
    (void)ptr;
    if (key.size == 0 || key.size > 64)
        return -1;
    db_removes++;
    hex(key.data, key.size, k);
    if (memcached_port) {
        char cmd[256], reply[256];
        int fd = mc_connect();
        if (fd < 0)
            return -1;
        snprintf(cmd, sizeof(cmd), "delete gnutls-%s\r\n", k);
        if (send_all(fd, cmd, strlen(cmd)) < 0 || mc_read_reply(fd, reply, sizeof(reply)) < 0) {
            close(fd);
            return -1;
        }
        close(fd);
        return strncmp(reply, "DELETED", 7) == 0 ? 0 : -1;
    }
    {
        int i;
        for (i = 0; i < CACHE_SLOTS; i++) {
            if (table[i].data && strcmp(table[i].key, k) == 0) {
                free(table[i].data);
                table[i].data = NULL;
                return 0;
            }
        }
    }
    return -1;
}

/* ---- helpers ---- */

static int read_file(const char *path, unsigned char *buf, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    *len = fread(buf, 1, cap, f);
    fclose(f);
    return 0;
}

/* gnutls_handshake_set_post_client_hello_function: runs once the ClientHello is in. */
static int post_hello_calls, post_hello_again, handshake_interrupted, rehandshake;

/* --verify-fn: the credentials' verify function, counting its calls and the peer chain. */
static int verify_fn_calls;
static unsigned verify_fn_peers;
static int verify_fn(gnutls_session_t session)
{
    verify_fn_calls++;
    verify_fn_peers = 0;
    (void)gnutls_certificate_get_peers(session, &verify_fn_peers);
    return 0;
}
static int post_client_hello(gnutls_session_t session)
{
    char name[256];
    size_t size = sizeof(name);
    unsigned type = 0;
    int rc = gnutls_server_name_get(session, name, &size, &type, 0);
    post_hello_calls++;
    printf("post_client_hello_sni=%s rc=%d\n", rc == 0 ? name : "-", rc);
    /* --post-hello-again: GnuTLS holds the handshake once (GNUTLS_E_INTERRUPTED) and goes on. */
    return post_hello_again ? GNUTLS_E_AGAIN : 0;
}

/* --late-creds: the session's credentials are set from its ClientHello hook (before the
 * hello is acted on), not before the handshake. */
static gnutls_certificate_credentials_t late_creds;
static int late_hook_calls;
static int late_creds_hook(gnutls_session_t session, unsigned htype, unsigned when,
                           unsigned incoming, const gnutls_datum_t *msg)
{
    (void)msg;
    late_hook_calls++;
    printf("late_hook=%u/%u/%u\n", htype, when, incoming);
    return gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, late_creds);
}

static void print_our_cert(gnutls_session_t session, int c)
{
    const gnutls_datum_t *ours = gnutls_certificate_get_ours(session);
    gnutls_x509_crt_t crt;
    gnutls_datum_t dn = { NULL, 0 };
    if (ours == NULL) {
        printf("c%d.our_cert=(none)\n", c);
        return;
    }
    if (gnutls_x509_crt_init(&crt) < 0)
        return;
    if (gnutls_x509_crt_import(crt, ours, GNUTLS_X509_FMT_DER) == 0 &&
        gnutls_x509_crt_get_dn2(crt, &dn) == 0) {
        printf("c%d.our_cert=%.*s\n", c, (int)dn.size, (const char *)dn.data);
        gnutls_free(dn.data);
    } else {
        printf("c%d.our_cert=(unparsable)\n", c);
    }
    gnutls_x509_crt_deinit(crt);
}

int main(int argc, char **argv)
{
    gnutls_certificate_credentials_t xcred;
    gnutls_priority_t prio_cache = NULL;
    gnutls_datum_t ticket_key = { NULL, 0 };
    gnutls_datum_t alpn[8];
    unsigned nalpn = 0;
    const char *certs[MAX_CERTS], *keys[MAX_CERTS];
    int ncerts = 0;
    const char *cafile = NULL, *prio = "NORMAL", *port_file = NULL, *cache = NULL;
    const char *p12_file = NULL, *p12_pass = NULL, *ocsp_file = NULL;
    const char *ticket_key_file = NULL, *gen_key_file = NULL, *request = "ignore";
    int port = 0, nconn = 1, direct = 0, tickets = 0, no_auto = 0, send_ticket = 0;
    int load_only = 0, no_ca_names = 0, free_ca_names = 0, post_hello = 0, late_creds_wanted = 0;
    char *alpn_str = NULL;
    unsigned char first_id[GNUTLS_MAX_SESSION_ID_SIZE];
    size_t first_id_size = 0;
    int have_first = 0;
    int lfd, rc, i, c;
    struct sockaddr_in sa;
    socklen_t salen;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG() (i + 1 < argc ? argv[++i] : (fprintf(stderr, "%s needs a value\n", a), exit(1), ""))
        if (!strcmp(a, "--port"))
            port = atoi(ARG());
        else if (!strcmp(a, "--port-file"))
            port_file = ARG();
        else if (!strcmp(a, "-n"))
            nconn = atoi(ARG());
        else if (!strcmp(a, "--cert")) {
            if (ncerts == MAX_CERTS || i + 2 >= argc) {
                fprintf(stderr, "--cert CERT KEY (at most %d)\n", MAX_CERTS);
                return 1;
            }
            certs[ncerts] = argv[++i];
            keys[ncerts++] = argv[++i];
        } else if (!strcmp(a, "--p12")) {
            if (i + 2 >= argc) {
                fprintf(stderr, "--p12 FILE PASSWORD\n");
                return 1;
            }
            p12_file = argv[++i];
            p12_pass = argv[++i];
        } else if (!strcmp(a, "--ca"))
            cafile = ARG();
        else if (!strcmp(a, "--prio"))
            prio = ARG();
        else if (!strcmp(a, "--direct"))
            direct = 1;
        else if (!strcmp(a, "--tickets"))
            tickets = 1;
        else if (!strcmp(a, "--ticket-key-file")) {
            ticket_key_file = ARG();
            tickets = 1;
        } else if (!strcmp(a, "--gen-ticket-key"))
            gen_key_file = ARG();
        else if (!strcmp(a, "--cache"))
            cache = ARG();
        else if (!strcmp(a, "--request"))
            request = ARG();
        else if (!strcmp(a, "--alpn"))
            alpn_str = strdup(ARG());
        else if (!strcmp(a, "--no-auto-ticket"))
            no_auto = 1;
        else if (!strcmp(a, "--send-ticket"))
            send_ticket = 1;
        else if (!strcmp(a, "--load-only"))
            load_only = 1;
        else if (!strcmp(a, "--ocsp"))
            ocsp_file = ARG();
        else if (!strcmp(a, "--post-hello"))
            post_hello = 1;
        else if (!strcmp(a, "--late-creds"))
            late_creds_wanted = 1;
        else if (!strcmp(a, "--rehandshake"))
            rehandshake = 1;
        else if (!strcmp(a, "--verify-fn"))
            verify_fn_calls = -1;
        else if (!strcmp(a, "--post-hello-again"))
            post_hello = post_hello_again = 1;
        else if (!strcmp(a, "--no-ca-names"))
            no_ca_names = 1;
        else if (!strcmp(a, "--free-ca-names"))
            free_ca_names = 1;
        else if (!strcmp(a, "--timeout-ms"))
            timeout_ms = atoi(ARG());
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 1;
        }
#undef ARG
    }

    if (gnutls_check_version("3.7.9") == NULL) {
        printf("error=gnutls_check_version(3.7.9) returned NULL\n");
        return 1;
    }
    rc = gnutls_global_init();
    if (rc < 0)
        fail("gnutls_global_init", rc);

    if (gen_key_file) {
        FILE *f;
        rc = gnutls_session_ticket_key_generate(&ticket_key);
        printf("ticket_key_generate=%d\n", rc);
        printf("ticket_key_size=%u\n", ticket_key.size);
        if (rc < 0)
            return 1;
        f = fopen(gen_key_file, "wb");
        if (!f || fwrite(ticket_key.data, 1, ticket_key.size, f) != ticket_key.size) {
            printf("error=cannot write %s\n", gen_key_file);
            return 1;
        }
        fclose(f);
        gnutls_free(ticket_key.data);
        gnutls_global_deinit();
        printf("done=1\n");
        return 0;
    }

    rc = gnutls_certificate_allocate_credentials(&xcred);
    if (rc < 0)
        fail("gnutls_certificate_allocate_credentials", rc);
    if (verify_fn_calls < 0) {
        gnutls_certificate_set_verify_function(xcred, verify_fn);
        verify_fn_calls = 0;
    } else {
        verify_fn_calls = -1;
    }
    for (i = 0; i < ncerts; i++) {
        rc = gnutls_certificate_set_x509_key_file(xcred, certs[i], keys[i], GNUTLS_X509_FMT_PEM);
        printf("key_file%d=%d\n", i + 1, rc);
        if (rc < 0)
            printf("key_file%d_error=%s\n", i + 1, nz(gnutls_strerror_name(rc)));
    }
    if (p12_file) {
        rc = gnutls_certificate_set_x509_simple_pkcs12_file(xcred, p12_file, GNUTLS_X509_FMT_DER, p12_pass);
        printf("p12_file=%d\n", rc);
    }
    if (ocsp_file) {
        int pem = strstr(ocsp_file, ".pem") != NULL;
        rc = gnutls_certificate_set_ocsp_status_request_file2(xcred, ocsp_file, 0, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER);
        printf("ocsp_file=%d\n", rc);
        time_t t = gnutls_certificate_get_ocsp_expiration(xcred, 0, 0, 0);
        if (t > 0)
            printf("ocsp_expiration=%+ldd\n", ((long)(t - time(NULL)) + 43200) / 86400);
        else
            printf("ocsp_expiration=%ld\n", (long)t);
        printf("ocsp_expiration_all=%s ocsp_expiration_1=%ld ocsp_expiration_idx1=%ld\n",
               gnutls_certificate_get_ocsp_expiration(xcred, 0, -1, 0) == t ? "same" : "differs",
               (long)gnutls_certificate_get_ocsp_expiration(xcred, 0, 1, 0),
               (long)gnutls_certificate_get_ocsp_expiration(xcred, 1, 0, 0));
    }
    if (cafile) {
        rc = gnutls_certificate_set_x509_trust_file(xcred, cafile, GNUTLS_X509_FMT_PEM);
        printf("trust_file=%d\n", rc);
        if (free_ca_names)
            gnutls_certificate_free_ca_names(xcred);
    }
    if (load_only) {
        gnutls_certificate_free_credentials(xcred);
        gnutls_global_deinit();
        printf("done=1\n");
        return 0;
    }

    if (!direct) {
        const char *errpos = NULL;
        rc = gnutls_priority_init(&prio_cache, prio, &errpos);
        if (rc < 0) {
            printf("priority_rc=%d err_pos=%ld\n", rc, errpos ? (long)(errpos - prio) : -1L);
            fail("gnutls_priority_init", rc);
        }
    }

    if (ticket_key_file) {
        unsigned char kbuf[256];
        size_t klen = 0;
        if (read_file(ticket_key_file, kbuf, sizeof(kbuf), &klen) < 0) {
            printf("error=cannot read %s\n", ticket_key_file);
            return 1;
        }
        printf("ticket_key_file_size=%lu\n", (unsigned long)klen);
        ticket_key.data = gnutls_malloc(klen);
        memcpy(ticket_key.data, kbuf, klen);
        ticket_key.size = (unsigned)klen;
    } else if (tickets) {
        rc = gnutls_session_ticket_key_generate(&ticket_key);
        printf("ticket_key_generate=%d\n", rc);
        if (rc < 0)
            return 1;
    }

    if (cache && strncmp(cache, "memcached:", 10) == 0)
        memcached_port = atoi(cache + 10);
    else if (cache && strcmp(cache, "mem") != 0) {
        fprintf(stderr, "bad --cache %s\n", cache);
        return 1;
    }

    if (alpn_str) {
        char *save = NULL, *tok;
        for (tok = strtok_r(alpn_str, ",", &save); tok && nalpn < 8;
             tok = strtok_r(NULL, ",", &save)) {
            alpn[nalpn].data = (unsigned char *)tok;
            alpn[nalpn++].size = (unsigned)strlen(tok);
        }
    }

    signal(SIGPIPE, SIG_IGN);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    {
        int one = 1;
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 16) < 0) {
        printf("error=bind/listen failed: %s\n", strerror(errno));
        return 1;
    }
    salen = sizeof(sa);
    getsockname(lfd, (struct sockaddr *)&sa, &salen);
    printf("# listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
    if (port_file) {
        char tmp[4096];
        FILE *f;
        snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
        f = fopen(tmp, "w");
        if (!f) {
            printf("error=cannot write %s\n", port_file);
            return 1;
        }
        fprintf(f, "%d\n", ntohs(sa.sin_port));
        fclose(f);
        rename(tmp, port_file);
    }

    for (c = 1; c <= nconn; c++) {
        gnutls_session_t session;
        unsigned char id[GNUTLS_MAX_SESSION_ID_SIZE];
        size_t id_size = sizeof(id);
        char idhex[2 * GNUTLS_MAX_SESSION_ID_SIZE + 1];
        char name[256];
        size_t name_len = sizeof(name);
        unsigned int type = 0, status = 0, npeers = 0;
        gnutls_datum_t sel;
        struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
        static const char reply[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                                    "Connection: close\r\n\r\nhello from server.c\n";
        int fd;
        ssize_t n;

        fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) {
                c--;
                continue;
            }
            printf("error=accept: %s\n", strerror(errno));
            return 1;
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        db_stores = db_retrieves = db_hits = db_removes = db_time_bad = db_errors = 0;

        rc = gnutls_init(&session, GNUTLS_SERVER | (no_auto ? GNUTLS_NO_AUTO_SEND_TICKET : 0));
        if (rc < 0)
            fail("gnutls_init", rc);
        if (direct) {
            const char *errpos = NULL;
            rc = gnutls_priority_set_direct(session, prio, &errpos);
            if (rc < 0) {
                printf("priority_rc=%d err_pos=%ld\n", rc,
                       errpos ? (long)(errpos - prio) : -1L);
                fail("gnutls_priority_set_direct", rc);
            }
        } else {
            rc = gnutls_priority_set(session, prio_cache);
            if (rc < 0)
                fail("gnutls_priority_set", rc);
        }
        if (late_creds_wanted) {
            late_creds = xcred;
            gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_CLIENT_HELLO,
                                               GNUTLS_HOOK_PRE, late_creds_hook);
        } else {
            rc = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, xcred);
            if (rc < 0)
                fail("gnutls_credentials_set", rc);
        }
        gnutls_certificate_server_set_request(session,
            !strcmp(request, "require") ? GNUTLS_CERT_REQUIRE :
            !strcmp(request, "request") ? GNUTLS_CERT_REQUEST : GNUTLS_CERT_IGNORE);
        if (no_ca_names)
            gnutls_certificate_send_x509_rdn_sequence(session, 1);
        if (tickets) {
            rc = gnutls_session_ticket_enable_server(session, &ticket_key);
            if (rc < 0)
                fail("gnutls_session_ticket_enable_server", rc);
        }
        if (cache) {
            gnutls_db_set_retrieve_function(session, db_retrieve);
            gnutls_db_set_remove_function(session, db_remove);
            gnutls_db_set_store_function(session, db_store);
            gnutls_db_set_ptr(session, table);
            if (gnutls_db_get_ptr(session) != (void *)table)
                printf("c%d.db_get_ptr=mismatch\n", c);
        }
        if (nalpn) {
            rc = gnutls_alpn_set_protocols(session, alpn, nalpn, 0);
            if (rc < 0)
                fail("gnutls_alpn_set_protocols", rc);
        }
        gnutls_transport_set_int(session, fd);
        gnutls_handshake_set_timeout(session, (unsigned)timeout_ms);
        if (post_hello)
            gnutls_handshake_set_post_client_hello_function(session, post_client_hello);

        handshake_interrupted = 0;
        do {
            rc = gnutls_handshake(session);
            handshake_interrupted += rc == GNUTLS_E_INTERRUPTED;
        } while (rc < 0 && gnutls_error_is_fatal(rc) == 0 && handshake_interrupted < 10);
        printf("c%d.handshake=%d\n", c, rc);
        if (late_creds_wanted)
            printf("c%d.late_hook_calls=%d\n", c, late_hook_calls);
        if (verify_fn_calls >= 0) {
            printf("c%d.verify_fn_calls=%d peers=%u\n", c, verify_fn_calls, verify_fn_peers);
            verify_fn_calls = 0;
        }
        if (post_hello)
            printf("c%d.post_hello_calls=%d\nc%d.interrupted=%d\n", c, post_hello_calls, c, handshake_interrupted);
        if (rc < 0) {
            printf("c%d.handshake_error=%s\n", c, nz(gnutls_strerror_name(rc)));
            if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED || rc == GNUTLS_E_WARNING_ALERT_RECEIVED)
                printf("# c%d.alert=%s\n", c, nz(gnutls_alert_get_name(gnutls_alert_get(session))));
            gnutls_deinit(session);
            close(fd);
            continue;
        }
        printf("c%d.version=%s\n", c,
               nz(gnutls_protocol_get_name(gnutls_protocol_get_version(session))));
        printf("c%d.cipher=%s\n", c, nz(gnutls_cipher_get_name(gnutls_cipher_get(session))));
        {
            char *desc = gnutls_session_get_desc(session);
            printf("c%d.desc=%s\n", c, nz(desc));
            gnutls_free(desc);
        }
        printf("c%d.group=%s\n", c, nz(gnutls_group_get_name(gnutls_group_get(session))));
        printf("c%d.resumed=%d\n", c, gnutls_session_is_resumed(session));
        printf("c%d.resumption_requested=%d\n", c, gnutls_session_resumption_requested(session));
        {
            gnutls_datum_t cr = {NULL, 0}, sr = {NULL, 0};
            gnutls_session_get_random(session, &cr, &sr);
            printf("c%d.randoms=%u/%u\n", c, cr.size, sr.size);
            printf("c%d.ext_master_secret=%u\n", c, gnutls_session_ext_master_secret_status(session));
        }
        if (rehandshake)
            printf("c%d.rehandshake=%d\n", c, gnutls_rehandshake(session));

        rc = gnutls_session_get_id(session, id, &id_size);
        if (rc < 0) {
            printf("c%d.id_rc=%d\n", c, rc);
        } else {
            hex(id, id_size, idhex);
            printf("# c%d.id=%s\n", c, idhex);
            printf("c%d.id_size_ok=%d\n", c, id_size > 0 && id_size <= 32);
            if (!have_first) {
                memcpy(first_id, id, id_size);
                first_id_size = id_size;
                have_first = 1;
            } else {
                printf("c%d.id_same_as_first=%d\n", c,
                       id_size == first_id_size && memcmp(id, first_id, id_size) == 0);
            }
        }

        rc = gnutls_server_name_get(session, name, &name_len, &type, 0);
        if (rc == 0)
            printf("c%d.sni=%s\n", c, name);
        else
            printf("c%d.sni_rc=%d\n", c, rc);

        rc = gnutls_alpn_get_selected_protocol(session, &sel);
        if (rc == 0)
            printf("c%d.alpn=%.*s\n", c, (int)sel.size, (const char *)sel.data);
        else
            printf("c%d.alpn_rc=%d\n", c, rc);

        print_our_cert(session, c);

        rc = gnutls_certificate_verify_peers2(session, &status);
        printf("c%d.verify_peers2_rc=%d\n", c, rc);
        if (rc == 0)
            printf("c%d.verify_peers2=0x%x\n", c, status);
        if (gnutls_certificate_get_peers(session, &npeers) == NULL)
            npeers = 0;
        printf("c%d.peer_certs=%u\n", c, npeers);

        if (send_ticket) {
            rc = gnutls_session_ticket_send(session, 1, 0);
            printf("c%d.ticket_send=%d\n", c, rc);
        }

        n = gnutls_record_send(session, reply, sizeof(reply) - 1);
        printf("c%d.sent=%ld\n", c, (long)n);

        if (cache) {
            printf("# c%d.db stores=%d retrieves=%d hits=%d removes=%d errors=%d\n", c,
                   db_stores, db_retrieves, db_hits, db_removes, db_errors);
            printf("c%d.db_stored=%d\n", c, db_stores > 0);
            printf("c%d.db_hit=%d\n", c, db_hits > 0);
            printf("c%d.db_entry_time_ok=%d\n", c, db_time_bad == 0);
            printf("c%d.db_errors=%d\n", c, db_errors);
        }

        rc = gnutls_bye(session, GNUTLS_SHUT_WR);
        printf("# c%d.bye=%d\n", c, rc);
        gnutls_deinit(session);
        /* graceful close: half-close and drain what the client still sends
         * (its close_notify), so that close() does not reset the connection
         * under a client still reading; bounded by a short receive timeout */
        {
            char drain[4096];
            struct timeval dtv = { 1, 0 };
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &dtv, sizeof(dtv));
            shutdown(fd, SHUT_WR);
            while (recv(fd, drain, sizeof(drain), 0) > 0)
                ;
        }
        close(fd);
    }

    close(lfd);
    if (prio_cache)
        gnutls_priority_deinit(prio_cache);
    if (ticket_key.data)
        gnutls_free(ticket_key.data);
    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    printf("served=%d\n", c - 1);
    printf("done=1\n");
    return 0;
}
