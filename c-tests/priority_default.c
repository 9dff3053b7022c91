/* The default priority string as GnuTLS's own tests set it: they assign the library's
 * _gnutls_default_priority_string, and gnutls_priority_init(NULL) and
 * gnutls_priority_init2(..., GNUTLS_PRIORITY_INIT_DEF_APPEND) then start from it. Prints
 * each code, the error position, and whether a cache enables TLS 1.3 and TLS 1.2.
 */
#include <gnutls/gnutls.h>

#include <stdio.h>
#include <string.h>

/* GnuTLS's private variable (GNUTLS_PRIVATE_3_4); no public header declares it. */
extern const char *_gnutls_default_priority_string;

static void protocols(const char *label, gnutls_priority_t cache)
{
    const unsigned *list = NULL;
    int n = gnutls_priority_protocol_list(cache, &list);
    int i, tls13 = 0, tls12 = 0;
    /* Only the two versions both libraries negotiate: the older ones GnuTLS lists, we do not. */
    for (i = 0; i < n; i++) {
        tls13 |= list[i] == GNUTLS_TLS1_3;
        tls12 |= list[i] == GNUTLS_TLS1_2;
    }
    printf("%s tls13=%d tls12=%d\n", label, tls13, tls12);
}

static void init2(const char *label, const char *def, const char *add)
{
    gnutls_priority_t cache = NULL;
    const char *err = NULL;
    int rc;

    _gnutls_default_priority_string = def;
    rc = gnutls_priority_init2(&cache, add, &err, GNUTLS_PRIORITY_INIT_DEF_APPEND);
    printf("%s rc=%d err_pos=%ld\n", label, rc, err ? (long)(err - add) : -1L);
    if (rc == 0) {
        protocols(label, cache);
        gnutls_priority_deinit(cache);
    }
}

int main(void)
{
    gnutls_priority_t cache = NULL;
    int rc;

    setvbuf(stdout, NULL, _IOLBF, 0);
    gnutls_global_init();
    printf("default=%s\n", _gnutls_default_priority_string);

    _gnutls_default_priority_string = "NORMAL:-VERS-TLS1.3";
    rc = gnutls_priority_init(&cache, NULL, NULL);
    printf("init NULL over NORMAL:-VERS-TLS1.3 rc=%d\n", rc);
    if (rc == 0) {
        protocols("init NULL", cache);
        gnutls_priority_deinit(cache);
    }

    init2("append to NORMAL", "NORMAL", "-VERS-TLS1.0");
    init2("append to NORMAL:-VERS-TLS1.3", "NORMAL:-VERS-TLS1.3", "-VERS-TLS1.0");
    init2("typo after NORMAL", "NORMAL", "%FORCE_ETM:%%NO_TICKETS");
    /* A system-wide keyword is resolved before parsing: no position maps into the suffix. */
    init2("typo after @HELLO", "@HELLO", "%FORCE_ETM:%%NO_TICKETS");

    _gnutls_default_priority_string = "NORMAL";
    gnutls_global_deinit();
    printf("done=1\n");
    return 0;
}
