/* The x509-ext API (gnutls_x509_ext_import_* / _export_* and their objects) over the
 * extensions of certificates openssl made for this run:
 *   x509_ext CERT...      every extension through its object: getters, re-export
 *                         compared with the certificate's bytes
 *   x509_ext --nc CA LEAF...   name constraints of CA checked against each leaf
 *   x509_ext --scratch    objects built by their setters, exported as hex; error codes
 *   x509_ext --edge       extensions of unusual shapes (DER written here), imports into
 *                         objects that hold names already
 *   x509_ext --setters EE CERT   the certificate setters on a new certificate (proxy DN
 *                         from EE), read back; gnutls_x509_ext_print of CERT's extensions
 *   x509_ext --ct CERT... Certificate Transparency SCT lists: lists of good and bad shapes
 *                         built here, then each CERT's list read, re-exported and printed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>

/* GnuTLS's private merge (GNUTLS_PRIVATE_3_4), which its verifier uses along a chain. */
int _gnutls_x509_name_constraints_merge(gnutls_x509_name_constraints_t nc, gnutls_x509_name_constraints_t nc2);

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n + 1);
    if (fread(buf, 1, n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void print_bytes(const char *label, const unsigned char *data, unsigned size)
{
    unsigned i, printable = size > 0;

    for (i = 0; i < size; i++)
        if (data[i] < 0x20 || data[i] > 0x7e)
            printable = 0;
    if (printable)
        printf("%s=\"%.*s\"", label, (int)size, data);
    else {
        printf("%s=", label);
        for (i = 0; i < size; i++)
            printf("%02x", data[i]);
        if (size == 0)
            printf("(empty)");
    }
}

static void print_datum(const char *label, const gnutls_datum_t *d)
{
    if (d->data == NULL && d->size == 0) {
        printf(" %s=NULL", label);
        return;
    }
    printf(" ");
    print_bytes(label, d->data, d->size);
}

/* The re-export against the extension's bytes. */
static void compare(const char *what, int rc, gnutls_datum_t *out, const gnutls_datum_t *orig)
{
    printf("  %s export rc=%d", what, rc);
    if (rc == 0) {
        int same = out->size == orig->size && memcmp(out->data, orig->data, out->size) == 0;
        printf(" same=%d", same);
        if (!same) {
            printf(" ");
            print_bytes("got", out->data, out->size);
        }
        gnutls_free(out->data);
    }
    printf("\n");
}

static void show_sans(const char *what, const gnutls_datum_t *ext)
{
    gnutls_subject_alt_names_t sans;
    gnutls_datum_t out;
    unsigned i, type;
    int rc;

    gnutls_subject_alt_names_init(&sans);
    rc = gnutls_x509_ext_import_subject_alt_names(ext, sans, 0);
    printf("  %s import rc=%d\n", what, rc);
    for (i = 0;; i++) {
        gnutls_datum_t san = { NULL, 0 }, oid = { NULL, 0 };
        rc = gnutls_subject_alt_names_get(sans, i, &type, &san, &oid);
        if (rc < 0) {
            printf("  get %u rc=%d\n", i, rc);
            break;
        }
        printf("  get %u type=%u", i, type);
        print_datum("san", &san);
        print_datum("oid", &oid);
        printf("\n");
    }
    rc = gnutls_x509_ext_export_subject_alt_names(sans, &out);
    compare(what, rc, &out, ext);
    gnutls_subject_alt_names_deinit(sans);
}

static void show_aki(const gnutls_datum_t *ext)
{
    gnutls_x509_aki_t aki;
    gnutls_datum_t id = { NULL, 0 }, out;
    unsigned i, type;
    int rc;

    gnutls_x509_aki_init(&aki);
    rc = gnutls_x509_ext_import_authority_key_id(ext, aki, 0);
    printf("  aki import rc=%d\n", rc);
    rc = gnutls_x509_aki_get_id(aki, &id);
    printf("  aki get_id rc=%d", rc);
    print_datum("id", &id);
    printf("\n");
    for (i = 0;; i++) {
        gnutls_datum_t san = { NULL, 0 }, oid = { NULL, 0 }, serial = { NULL, 0 };
        rc = gnutls_x509_aki_get_cert_issuer(aki, i, &type, &san, &oid, &serial);
        if (rc < 0) {
            printf("  aki issuer %u rc=%d\n", i, rc);
            break;
        }
        printf("  aki issuer %u type=%u", i, type);
        print_datum("san", &san);
        print_datum("serial", &serial);
        printf("\n");
    }
    rc = gnutls_x509_ext_export_authority_key_id(aki, &out);
    compare("aki", rc, &out, ext);
    gnutls_x509_aki_deinit(aki);
}

static void show_aia(const gnutls_datum_t *ext)
{
    gnutls_x509_aia_t aia;
    gnutls_datum_t out;
    unsigned i, type;
    int rc;

    gnutls_x509_aia_init(&aia);
    rc = gnutls_x509_ext_import_aia(ext, aia, 0);
    printf("  aia import rc=%d\n", rc);
    for (i = 0;; i++) {
        gnutls_datum_t oid = { NULL, 0 }, san = { NULL, 0 };
        rc = gnutls_x509_aia_get(aia, i, &oid, &type, &san);
        if (rc < 0) {
            printf("  aia get %u rc=%d\n", i, rc);
            break;
        }
        printf("  aia get %u type=%u", i, type);
        print_datum("oid", &oid);
        print_datum("san", &san);
        printf("\n");
    }
    rc = gnutls_x509_ext_export_aia(aia, &out);
    compare("aia", rc, &out, ext);
    gnutls_x509_aia_deinit(aia);
}

static void show_crldp(const gnutls_datum_t *ext)
{
    gnutls_x509_crl_dist_points_t dp;
    gnutls_datum_t out;
    unsigned i, type, reasons;
    int rc;

    gnutls_x509_crl_dist_points_init(&dp);
    rc = gnutls_x509_ext_import_crl_dist_points(ext, dp, 0);
    printf("  crldp import rc=%d\n", rc);
    for (i = 0;; i++) {
        gnutls_datum_t san = { NULL, 0 };
        rc = gnutls_x509_crl_dist_points_get(dp, i, &type, &san, &reasons);
        if (rc < 0) {
            printf("  crldp get %u rc=%d\n", i, rc);
            break;
        }
        printf("  crldp get %u type=%u reasons=0x%x", i, type, reasons);
        print_datum("san", &san);
        printf("\n");
    }
    rc = gnutls_x509_ext_export_crl_dist_points(dp, &out);
    compare("crldp", rc, &out, ext);
    gnutls_x509_crl_dist_points_deinit(dp);
}

static void show_eku(const gnutls_datum_t *ext)
{
    gnutls_x509_key_purposes_t p;
    gnutls_datum_t out;
    unsigned i;
    int rc;

    gnutls_x509_key_purpose_init(&p);
    rc = gnutls_x509_ext_import_key_purposes(ext, p, 0);
    printf("  eku import rc=%d\n", rc);
    for (i = 0;; i++) {
        gnutls_datum_t oid = { NULL, 0 };
        rc = gnutls_x509_key_purpose_get(p, i, &oid);
        if (rc < 0) {
            printf("  eku get %u rc=%d\n", i, rc);
            break;
        }
        printf("  eku get %u", i);
        print_datum("oid", &oid);
        printf("\n");
    }
    rc = gnutls_x509_ext_export_key_purposes(p, &out);
    compare("eku", rc, &out, ext);
    gnutls_x509_key_purpose_deinit(p);
}

static void print_policy(const char *label, unsigned i, const struct gnutls_x509_policy_st *pol)
{
    unsigned j;

    printf("  %s %u oid=%s qualifiers=%u\n", label, i, pol->oid, pol->qualifiers);
    for (j = 0; j < pol->qualifiers && j < GNUTLS_MAX_QUALIFIERS; j++) {
        printf("    qualifier %u type=%d", j, (int)pol->qualifier[j].type);
        if (pol->qualifier[j].data != NULL)
            printf(" data=\"%.*s\" size=%u", (int)pol->qualifier[j].size, pol->qualifier[j].data, pol->qualifier[j].size);
        else
            printf(" data=NULL");
        printf("\n");
    }
}

static void show_policies(const gnutls_datum_t *ext)
{
    gnutls_x509_policies_t pols;
    struct gnutls_x509_policy_st pol;
    gnutls_datum_t out;
    unsigned i;
    int rc;

    gnutls_x509_policies_init(&pols);
    rc = gnutls_x509_ext_import_policies(ext, pols, 0);
    printf("  policies import rc=%d\n", rc);
    for (i = 0;; i++) {
        rc = gnutls_x509_policies_get(pols, i, &pol);
        if (rc < 0) {
            printf("  policies get %u rc=%d\n", i, rc);
            break;
        }
        print_policy("policy", i, &pol);
    }
    rc = gnutls_x509_ext_export_policies(pols, &out);
    compare("policies", rc, &out, ext);
    gnutls_x509_policies_deinit(pols);
}

static void print_nc(gnutls_x509_name_constraints_t nc)
{
    unsigned i, type;
    int rc;

    for (i = 0;; i++) {
        gnutls_datum_t name = { NULL, 0 };
        rc = gnutls_x509_name_constraints_get_permitted(nc, i, &type, &name);
        if (rc < 0) {
            printf("  permitted %u rc=%d\n", i, rc);
            break;
        }
        printf("  permitted %u type=%u", i, type);
        print_datum("name", &name);
        printf("\n");
    }
    for (i = 0;; i++) {
        gnutls_datum_t name = { NULL, 0 };
        rc = gnutls_x509_name_constraints_get_excluded(nc, i, &type, &name);
        if (rc < 0) {
            printf("  excluded %u rc=%d\n", i, rc);
            break;
        }
        printf("  excluded %u type=%u", i, type);
        print_datum("name", &name);
        printf("\n");
    }
}

static void show_nc(const gnutls_datum_t *ext)
{
    gnutls_x509_name_constraints_t nc;
    gnutls_datum_t out;
    int rc;

    gnutls_x509_name_constraints_init(&nc);
    rc = gnutls_x509_ext_import_name_constraints(ext, nc, 0);
    printf("  nc import rc=%d\n", rc);
    print_nc(nc);
    rc = gnutls_x509_ext_export_name_constraints(nc, &out);
    compare("nc", rc, &out, ext);
    /* Merged with itself: the permitted intersect, the excluded are added. */
    rc = gnutls_x509_ext_import_name_constraints(ext, nc, GNUTLS_NAME_CONSTRAINTS_FLAG_APPEND);
    printf("  nc import(append) rc=%d\n", rc);
    print_nc(nc);
    gnutls_x509_name_constraints_deinit(nc);
}

static void show_simple(const char *oid, const gnutls_datum_t *ext)
{
    gnutls_datum_t out;
    int rc;

    if (strcmp(oid, "2.5.29.15") == 0) {
        unsigned usage = 0;
        rc = gnutls_x509_ext_import_key_usage(ext, &usage);
        printf("  key_usage import rc=%d usage=0x%x\n", rc, usage);
        rc = gnutls_x509_ext_export_key_usage(usage, &out);
        compare("key_usage", rc, &out, ext);
    } else if (strcmp(oid, "2.5.29.19") == 0) {
        unsigned ca = 7;
        int pathlen = 7;
        rc = gnutls_x509_ext_import_basic_constraints(ext, &ca, &pathlen);
        printf("  basic_constraints import rc=%d ca=%u pathlen=%d\n", rc, ca, pathlen);
        rc = gnutls_x509_ext_export_basic_constraints(ca, pathlen, &out);
        compare("basic_constraints", rc, &out, ext);
    } else if (strcmp(oid, "2.5.29.14") == 0) {
        gnutls_datum_t id = { NULL, 0 };
        rc = gnutls_x509_ext_import_subject_key_id(ext, &id);
        printf("  ski import rc=%d", rc);
        print_datum("id", &id);
        printf("\n");
        rc = gnutls_x509_ext_export_subject_key_id(&id, &out);
        compare("ski", rc, &out, ext);
        gnutls_free(id.data);
    } else if (strcmp(oid, "2.5.29.54") == 0) {
        unsigned skip = 7;
        rc = gnutls_x509_ext_import_inhibit_anypolicy(ext, &skip);
        printf("  inhibit_anypolicy import rc=%d skip=%u\n", rc, skip);
        rc = gnutls_x509_ext_export_inhibit_anypolicy(skip, &out);
        compare("inhibit_anypolicy", rc, &out, ext);
    } else if (strcmp(oid, "2.5.29.16") == 0) {
        time_t a = 7, b = 7;
        rc = gnutls_x509_ext_import_private_key_usage_period(ext, &a, &b);
        printf("  pkup import rc=%d activation=%ld expiration=%ld\n", rc, (long)a, (long)b);
        rc = gnutls_x509_ext_export_private_key_usage_period(a, b, &out);
        compare("pkup", rc, &out, ext);
    } else if (strcmp(oid, "1.3.6.1.5.5.7.1.14") == 0) {
        int pathlen = 7;
        char *lang = NULL, *policy = NULL;
        size_t size = 7;
        rc = gnutls_x509_ext_import_proxy(ext, &pathlen, &lang, &policy, &size);
        printf("  proxy import rc=%d pathlen=%d lang=%s policy=%s size=%u\n", rc, pathlen, lang ? lang : "NULL",
               policy ? policy : "NULL", (unsigned)size);
        rc = gnutls_x509_ext_export_proxy(pathlen, lang, policy, size, &out);
        compare("proxy", rc, &out, ext);
        gnutls_free(lang);
        gnutls_free(policy);
    }
}

static void crt_getters(gnutls_x509_crt_t crt)
{
    struct gnutls_x509_policy_st pol;
    gnutls_x509_name_constraints_t nc;
    unsigned i, critical = 7, skip = 7;
    time_t a = 7, b = 7;
    int rc, pathlen = 7;
    char *lang = NULL, *policy = NULL;
    size_t size = 7;

    for (i = 0;; i++) {
        critical = 7;
        rc = gnutls_x509_crt_get_policy(crt, i, &pol, &critical);
        if (rc < 0) {
            printf("  crt_get_policy %u rc=%d\n", i, rc);
            break;
        }
        printf("  crt_get_policy %u critical=%u\n", i, critical);
        print_policy("crt policy", i, &pol);
        gnutls_x509_policy_release(&pol);
    }
    gnutls_x509_name_constraints_init(&nc);
    critical = 7;
    rc = gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical);
    printf("  crt_get_name_constraints rc=%d critical=%u\n", rc, critical);
    if (rc == 0)
        print_nc(nc);
    gnutls_x509_name_constraints_deinit(nc);
    critical = 7;
    rc = gnutls_x509_crt_get_inhibit_anypolicy(crt, &skip, &critical);
    printf("  crt_get_inhibit_anypolicy rc=%d\n", rc);
    critical = 7;
    rc = gnutls_x509_crt_get_private_key_usage_period(crt, &a, &b, &critical);
    printf("  crt_get_private_key_usage_period rc=%d activation=%ld expiration=%ld critical=%u\n", rc,
           rc == 0 ? (long)a : 0L, rc == 0 ? (long)b : 0L, rc == 0 ? critical : 0);
    critical = 7;
    rc = gnutls_x509_crt_get_proxy(crt, &critical, &pathlen, &lang, &policy, &size);
    if (rc == 0)
        printf("  crt_get_proxy rc=0 critical=%u pathlen=%d lang=%s policy=%s size=%u\n", critical, pathlen,
               lang ? lang : "NULL", policy ? policy : "NULL", (unsigned)size);
    else
        printf("  crt_get_proxy rc=%d\n", rc);
    gnutls_free(lang);
    gnutls_free(policy);
}

/* A PEM certificate file imported into *crt, the code printed as "== PREFIXNAME import rc=N";
 * -1 when the file cannot be read. On failure *crt is freed. */
static int import_crt_file(const char *path, const char *prefix, gnutls_x509_crt_t *crt)
{
    gnutls_datum_t pem;
    size_t len;
    int rc;

    pem.data = read_file(path, &len);
    if (pem.data == NULL)
        return -1;
    pem.size = len;
    gnutls_x509_crt_init(crt);
    rc = gnutls_x509_crt_import(*crt, &pem, GNUTLS_X509_FMT_PEM);
    free(pem.data);
    printf("== %s%s import rc=%d\n", prefix, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, rc);
    if (rc < 0)
        gnutls_x509_crt_deinit(*crt);
    return rc;
}

static int show_cert(const char *path)
{
    static const char *oids[] = { "2.5.29.17", "2.5.29.18", "2.5.29.35", "1.3.6.1.5.5.7.1.1", "2.5.29.31", "2.5.29.37",
                                  "2.5.29.32", "2.5.29.30", "2.5.29.15", "2.5.29.19", "2.5.29.14", "2.5.29.54",
                                  "2.5.29.16", "1.3.6.1.5.5.7.1.14", NULL };
    gnutls_x509_crt_t crt;
    unsigned i, critical;
    int rc = import_crt_file(path, "", &crt);

    if (rc < 0)
        return rc;
    for (i = 0; oids[i] != NULL; i++) {
        gnutls_datum_t ext = { NULL, 0 };
        rc = gnutls_x509_crt_get_extension_by_oid2(crt, oids[i], 0, &ext, &critical);
        if (rc < 0)
            continue;
        printf(" ext %s critical=%u size=%u\n", oids[i], critical, ext.size);
        if (strcmp(oids[i], "2.5.29.17") == 0 || strcmp(oids[i], "2.5.29.18") == 0)
            show_sans(oids[i][8] == '7' ? "san" : "ian", &ext);
        else if (strcmp(oids[i], "2.5.29.35") == 0)
            show_aki(&ext);
        else if (strcmp(oids[i], "1.3.6.1.5.5.7.1.1") == 0)
            show_aia(&ext);
        else if (strcmp(oids[i], "2.5.29.31") == 0)
            show_crldp(&ext);
        else if (strcmp(oids[i], "2.5.29.37") == 0)
            show_eku(&ext);
        else if (strcmp(oids[i], "2.5.29.32") == 0)
            show_policies(&ext);
        else if (strcmp(oids[i], "2.5.29.30") == 0)
            show_nc(&ext);
        else
            show_simple(oids[i], &ext);
        gnutls_free(ext.data);
    }
    crt_getters(crt);
    gnutls_x509_crt_deinit(crt);
    return 0;
}

static gnutls_x509_crt_t load(const char *path)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t pem;
    size_t len;

    pem.data = read_file(path, &len);
    if (pem.data == NULL)
        return NULL;
    pem.size = len;
    gnutls_x509_crt_init(&crt);
    if (gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) < 0) {
        free(pem.data);
        gnutls_x509_crt_deinit(crt);
        return NULL;
    }
    free(pem.data);
    return crt;
}

static void check(gnutls_x509_name_constraints_t nc, unsigned type, const char *label, const void *name, unsigned size)
{
    gnutls_datum_t d = { (unsigned char *)name, size };
    printf("  check %s %s=%u\n", type == GNUTLS_SAN_DNSNAME ? "dns" : type == GNUTLS_SAN_RFC822NAME ? "email" :
           type == GNUTLS_SAN_IPADDRESS ? "ip" : type == GNUTLS_SAN_URI ? "uri" : "other", label,
           gnutls_x509_name_constraints_check(nc, type, &d));
}

static int name_constraints(int argc, char **argv)
{
    static const unsigned char ip_in[] = { 10, 1, 2, 3 }, ip_out[] = { 11, 0, 0, 1 };
    static const unsigned char ip6_ex[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    static const unsigned char ip6_ok[] = { 0x20, 0x01, 0x0d, 0xb9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    gnutls_x509_crt_t ca = load(argv[0]);
    gnutls_x509_name_constraints_t nc;
    unsigned critical;
    int i, rc;

    if (ca == NULL)
        return -1;
    gnutls_x509_name_constraints_init(&nc);
    rc = gnutls_x509_crt_get_name_constraints(ca, nc, 0, &critical);
    printf("== nc of %s rc=%d critical=%u\n", strrchr(argv[0], '/') + 1, rc, critical);
    check(nc, GNUTLS_SAN_DNSNAME, "www.example.com", "www.example.com", 15);
    check(nc, GNUTLS_SAN_DNSNAME, "example.com", "example.com", 11);
    check(nc, GNUTLS_SAN_DNSNAME, "badexample.com", "badexample.com", 14);
    check(nc, GNUTLS_SAN_DNSNAME, "x.bad.example.com", "x.bad.example.com", 17);
    check(nc, GNUTLS_SAN_DNSNAME, "other.test", "other.test", 10);
    check(nc, GNUTLS_SAN_RFC822NAME, "a@example.org", "a@example.org", 13);
    check(nc, GNUTLS_SAN_RFC822NAME, "a@sub.example.org", "a@sub.example.org", 17);
    check(nc, GNUTLS_SAN_RFC822NAME, "a@other.test", "a@other.test", 12);
    check(nc, GNUTLS_SAN_IPADDRESS, "10.1.2.3", ip_in, 4);
    check(nc, GNUTLS_SAN_IPADDRESS, "11.0.0.1", ip_out, 4);
    check(nc, GNUTLS_SAN_IPADDRESS, "2001:db8::1", ip6_ex, 16);
    check(nc, GNUTLS_SAN_IPADDRESS, "2001:db9::1", ip6_ok, 16);
    check(nc, GNUTLS_SAN_URI, "http://x", "http://x", 8);
    for (i = 1; i < argc; i++) {
        gnutls_x509_crt_t leaf = load(argv[i]);
        if (leaf == NULL)
            return -1;
        printf(" leaf %s dns=%u email=%u ip=%u uri=%u dn=%u\n", strrchr(argv[i], '/') + 1,
               gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_DNSNAME, leaf),
               gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_RFC822NAME, leaf),
               gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_IPADDRESS, leaf),
               gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_URI, leaf),
               gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_DN, leaf));
        gnutls_x509_crt_deinit(leaf);
    }
    gnutls_x509_name_constraints_deinit(nc);
    gnutls_x509_crt_deinit(ca);
    return 0;
}

static void hex_out(const char *what, int rc, gnutls_datum_t *out)
{
    printf("%s rc=%d", what, rc);
    if (rc == 0) {
        printf(" ");
        print_bytes("der", out->data, out->size);
        gnutls_free(out->data);
    }
    printf("\n");
}

static void datum(gnutls_datum_t *d, const char *s)
{
    d->data = (unsigned char *)s;
    d->size = strlen(s);
}

static int scratch(void)
{
    static const unsigned char ip4[] = { 192, 0, 2, 1 }, cidr[] = { 10, 0, 0, 0, 255, 0, 0, 0 };
    static const unsigned char bad_cidr[] = { 10, 0, 0, 0, 255, 0, 255, 0 };
    static const unsigned char junk[] = { 0x30, 0x05, 0x02, 0x01 };
    gnutls_subject_alt_names_t sans;
    gnutls_x509_aki_t aki;
    gnutls_x509_aia_t aia;
    gnutls_x509_crl_dist_points_t dp;
    gnutls_x509_key_purposes_t kp;
    gnutls_x509_policies_t pols;
    gnutls_x509_name_constraints_t nc, nc2;
    struct gnutls_x509_policy_st pol;
    gnutls_datum_t d, out, bad = { (unsigned char *)junk, sizeof(junk) }, empty = { NULL, 0 };
    unsigned u, type;
    int rc, n;
    time_t t1, t2;

    gnutls_subject_alt_names_init(&sans);
    hex_out("sans(empty)", gnutls_x509_ext_export_subject_alt_names(sans, &out), &out);
    datum(&d, "www.example.com");
    printf("sans set dns=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_DNSNAME, &d, NULL));
    datum(&d, "user@example.org");
    printf("sans set email=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_RFC822NAME, &d, NULL));
    datum(&d, "http://example.com/x");
    printf("sans set uri=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_URI, &d, NULL));
    d.data = (unsigned char *)ip4;
    d.size = 4;
    printf("sans set ip=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_IPADDRESS, &d, NULL));
    datum(&d, "1.2.3.4");
    printf("sans set rid=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_REGISTERED_ID, &d, NULL));
    datum(&d, "juliet@im.example.com");
    printf("sans set xmpp=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_OTHERNAME_XMPP, &d, NULL));
    datum(&d, "host/a.example.com@EXAMPLE.COM");
    printf("sans set krb5=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL, &d, NULL));
    datum(&d, "\x0c\x03" "abc");
    printf("sans set othername=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_OTHERNAME, &d, "1.2.3.4.5"));
    datum(&d, "x@y");
    printf("sans set upn=%d\n", gnutls_subject_alt_names_set(sans, GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL, &d, NULL));
    for (u = 0;; u++) {
        gnutls_datum_t san = { NULL, 0 }, oid = { NULL, 0 };
        rc = gnutls_subject_alt_names_get(sans, u, &type, &san, &oid);
        if (rc < 0) {
            printf("sans get %u rc=%d\n", u, rc);
            break;
        }
        printf("sans get %u type=%u", u, type);
        print_datum("san", &san);
        print_datum("oid", &oid);
        printf("\n");
    }
    hex_out("sans", gnutls_x509_ext_export_subject_alt_names(sans, &out), &out);
    gnutls_subject_alt_names_deinit(sans);
    gnutls_subject_alt_names_init(&sans);
    printf("sans import(junk)=%d\n", gnutls_x509_ext_import_subject_alt_names(&bad, sans, 0));
    printf("sans import(empty)=%d\n", gnutls_x509_ext_import_subject_alt_names(&empty, sans, 0));
    printf("sans get(0 of none)=%d\n", gnutls_subject_alt_names_get(sans, 0, &type, &d, NULL));
    gnutls_subject_alt_names_deinit(sans);

    gnutls_x509_aki_init(&aki);
    printf("aki get_id(unset)=%d\n", gnutls_x509_aki_get_id(aki, &d));
    hex_out("aki(empty)", gnutls_x509_ext_export_authority_key_id(aki, &out), &out);
    datum(&d, "\x01\x02\x03\x04");
    printf("aki set_id=%d\n", gnutls_x509_aki_set_id(aki, &d));
    hex_out("aki(id)", gnutls_x509_ext_export_authority_key_id(aki, &out), &out);
    /* gnutls_x509_aki_set_cert_issuer writes past its array in GnuTLS 3.7.9 (it crashes on
     * a new object), so it is not called here. */
    printf("aki import(junk)=%d\n", gnutls_x509_ext_import_authority_key_id(&bad, aki, 0));
    gnutls_x509_aki_deinit(aki);

    gnutls_x509_aia_init(&aia);
    datum(&d, "http://ocsp.example.com/");
    printf("aia set ocsp=%d\n", gnutls_x509_aia_set(aia, GNUTLS_OID_AD_OCSP, GNUTLS_SAN_URI, &d));
    datum(&d, "http://ca.example.com/ca.der");
    printf("aia set caissuers=%d\n", gnutls_x509_aia_set(aia, GNUTLS_OID_AD_CAISSUERS, GNUTLS_SAN_URI, &d));
    hex_out("aia", gnutls_x509_ext_export_aia(aia, &out), &out);
    printf("aia get(2)=%d\n", gnutls_x509_aia_get(aia, 2, NULL, NULL, NULL));
    printf("aia import(empty)=%d\n", gnutls_x509_ext_import_aia(&empty, aia, 0));
    printf("aia import(junk)=%d\n", gnutls_x509_ext_import_aia(&bad, aia, 0));
    gnutls_x509_aia_deinit(aia);

    gnutls_x509_crl_dist_points_init(&dp);
    datum(&d, "http://crl.example.com/1.crl");
    printf("crldp set=%d\n", gnutls_x509_crl_dist_points_set(dp, GNUTLS_SAN_URI, &d, 0));
    datum(&d, "http://crl.example.com/2.crl");
    printf("crldp set=%d\n", gnutls_x509_crl_dist_points_set(dp, GNUTLS_SAN_URI, &d, 0));
    datum(&d, "http://crl.example.com/3.crl");
    printf("crldp set=%d\n", gnutls_x509_crl_dist_points_set(dp, GNUTLS_SAN_URI, &d,
                                                             GNUTLS_CRL_REASON_KEY_COMPROMISE | GNUTLS_CRL_REASON_AA_COMPROMISE));
    hex_out("crldp", gnutls_x509_ext_export_crl_dist_points(dp, &out), &out);
    printf("crldp import(junk)=%d\n", gnutls_x509_ext_import_crl_dist_points(&bad, dp, 0));
    gnutls_x509_crl_dist_points_deinit(dp);

    gnutls_x509_key_purpose_init(&kp);
    hex_out("eku(empty)", gnutls_x509_ext_export_key_purposes(kp, &out), &out);
    printf("eku set=%d\n", gnutls_x509_key_purpose_set(kp, GNUTLS_KP_TLS_WWW_SERVER));
    printf("eku set=%d\n", gnutls_x509_key_purpose_set(kp, GNUTLS_KP_OCSP_SIGNING));
    hex_out("eku", gnutls_x509_ext_export_key_purposes(kp, &out), &out);
    printf("eku set(bad oid)=%d\n", gnutls_x509_key_purpose_set(kp, "not an oid"));
    hex_out("eku(bad oid)", gnutls_x509_ext_export_key_purposes(kp, &out), &out);
    for (n = 0, rc = 0; rc == 0; n++)
        rc = gnutls_x509_key_purpose_set(kp, "1.2.3");
    printf("eku set until full: %d sets, rc=%d\n", n, rc);
    printf("eku import(junk)=%d\n", gnutls_x509_ext_import_key_purposes(&bad, kp, 0));
    printf("eku get(70)=%d\n", gnutls_x509_key_purpose_get(kp, 70, &d));
    gnutls_x509_key_purpose_deinit(kp);

    gnutls_x509_policies_init(&pols);
    memset(&pol, 0, sizeof(pol));
    pol.oid = "1.2.3.4.5";
    printf("policies set(bare)=%d\n", gnutls_x509_policies_set(pols, &pol));
    pol.oid = "2.23.140.1.2.1";
    pol.qualifiers = 2;
    pol.qualifier[0].type = GNUTLS_X509_QUALIFIER_URI;
    pol.qualifier[0].data = "https://cps.example.com/";
    pol.qualifier[0].size = strlen(pol.qualifier[0].data);
    pol.qualifier[1].type = GNUTLS_X509_QUALIFIER_NOTICE;
    pol.qualifier[1].data = "Some notice text";
    pol.qualifier[1].size = strlen(pol.qualifier[1].data);
    printf("policies set(qualified)=%d\n", gnutls_x509_policies_set(pols, &pol));
    hex_out("policies", gnutls_x509_ext_export_policies(pols, &out), &out);
    pol.qualifiers = 1;
    pol.qualifier[0].type = GNUTLS_X509_QUALIFIER_UNKNOWN;
    printf("policies set(unknown qualifier)=%d\n", gnutls_x509_policies_set(pols, &pol));
    hex_out("policies(unknown qualifier)", gnutls_x509_ext_export_policies(pols, &out), &out);
    printf("policies get(5)=%d\n", gnutls_x509_policies_get(pols, 5, &pol));
    printf("policies import(junk)=%d\n", gnutls_x509_ext_import_policies(&bad, pols, 0));
    gnutls_x509_policies_deinit(pols);

    gnutls_x509_name_constraints_init(&nc);
    hex_out("nc(empty)", gnutls_x509_ext_export_name_constraints(nc, &out), &out);
    datum(&d, "example.com");
    printf("nc add permitted dns=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_DNSNAME, &d));
    datum(&d, ".example.org");
    printf("nc add permitted email=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_RFC822NAME, &d));
    d.data = (unsigned char *)cidr;
    d.size = 8;
    printf("nc add permitted ip=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_IPADDRESS, &d));
    d.data = (unsigned char *)bad_cidr;
    printf("nc add permitted bad cidr=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_IPADDRESS, &d));
    d.size = 4;
    printf("nc add permitted 4-byte ip=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_IPADDRESS, &d));
    datum(&d, "1.2.3");
    printf("nc add permitted rid=%d\n", gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_REGISTERED_ID, &d));
    datum(&d, "bad.example.com");
    printf("nc add excluded dns=%d\n", gnutls_x509_name_constraints_add_excluded(nc, GNUTLS_SAN_DNSNAME, &d));
    datum(&d, "http://x");
    printf("nc add excluded uri=%d\n", gnutls_x509_name_constraints_add_excluded(nc, GNUTLS_SAN_URI, &d));
    hex_out("nc", gnutls_x509_ext_export_name_constraints(nc, &out), &out);
    check(nc, GNUTLS_SAN_URI, "http://y", "http://y", 8);
    check(nc, GNUTLS_SAN_DN, "any", "", 0);
    print_nc(nc);
    gnutls_x509_name_constraints_init(&nc2);
    datum(&d, "www.example.com");
    gnutls_x509_name_constraints_add_permitted(nc2, GNUTLS_SAN_DNSNAME, &d);
    datum(&d, "other.test");
    gnutls_x509_name_constraints_add_permitted(nc2, GNUTLS_SAN_RFC822NAME, &d);
    datum(&d, "evil.example.com");
    gnutls_x509_name_constraints_add_excluded(nc2, GNUTLS_SAN_DNSNAME, &d);
    rc = gnutls_x509_ext_export_name_constraints(nc2, &out);
    printf("nc2 export=%d\n", rc);
    /* nc's excluded URI cannot be exported (GnuTLS writes only names it knows); drop it. */
    gnutls_x509_name_constraints_deinit(nc);
    gnutls_x509_name_constraints_init(&nc);
    datum(&d, "example.com");
    gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_DNSNAME, &d);
    datum(&d, ".example.org");
    gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_RFC822NAME, &d);
    d.data = (unsigned char *)cidr;
    d.size = 8;
    gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_IPADDRESS, &d);
    printf("nc merge=%d\n", gnutls_x509_ext_import_name_constraints(&out, nc, GNUTLS_NAME_CONSTRAINTS_FLAG_APPEND));
    gnutls_free(out.data);
    print_nc(nc);
    check(nc, GNUTLS_SAN_DNSNAME, "www.example.com", "www.example.com", 15);
    check(nc, GNUTLS_SAN_DNSNAME, "example.com", "example.com", 11);
    check(nc, GNUTLS_SAN_RFC822NAME, "a@x.example.org", "a@x.example.org", 15);
    printf("nc import(junk)=%d\n", gnutls_x509_ext_import_name_constraints(&bad, nc, 0));
    {
        gnutls_x509_name_constraints_t a, b;
        static const unsigned char net10[] = { 10, 0, 0, 0, 255, 0, 0, 0 }, net10_1[] = { 10, 1, 0, 0, 255, 255, 0, 0 };
        gnutls_x509_name_constraints_init(&a);
        gnutls_x509_name_constraints_init(&b);
        datum(&d, "example.com");
        gnutls_x509_name_constraints_add_permitted(a, GNUTLS_SAN_DNSNAME, &d);
        d.data = (unsigned char *)net10;
        d.size = 8;
        gnutls_x509_name_constraints_add_permitted(a, GNUTLS_SAN_IPADDRESS, &d);
        datum(&d, "http://u/");
        gnutls_x509_name_constraints_add_permitted(a, GNUTLS_SAN_URI, &d);
        datum(&d, "www.example.com");
        gnutls_x509_name_constraints_add_permitted(b, GNUTLS_SAN_DNSNAME, &d);
        d.data = (unsigned char *)net10_1;
        d.size = 8;
        printf("nc b add ip=%d\n", gnutls_x509_name_constraints_add_permitted(b, GNUTLS_SAN_IPADDRESS, &d));
        datum(&d, "evil.example.com");
        gnutls_x509_name_constraints_add_excluded(b, GNUTLS_SAN_DNSNAME, &d);
        printf("private merge=%d\n", _gnutls_x509_name_constraints_merge(a, b));
        print_nc(a);
        gnutls_x509_name_constraints_deinit(a);
        gnutls_x509_name_constraints_deinit(b);
    }
    printf("nc get_permitted(99)=%d\n", gnutls_x509_name_constraints_get_permitted(nc, 99, &type, &d));
    gnutls_x509_name_constraints_deinit(nc2);
    gnutls_x509_name_constraints_deinit(nc);

    hex_out("key_usage(0xa0)", gnutls_x509_ext_export_key_usage(GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT, &out), &out);
    hex_out("key_usage(decipher)", gnutls_x509_ext_export_key_usage(GNUTLS_KEY_DECIPHER_ONLY | GNUTLS_KEY_CRL_SIGN, &out), &out);
    hex_out("key_usage(0)", gnutls_x509_ext_export_key_usage(0, &out), &out);
    rc = gnutls_x509_ext_import_key_usage(&bad, &u);
    printf("key_usage import(junk)=%d usage=%u\n", rc, u);
    hex_out("basic(ca, 3)", gnutls_x509_ext_export_basic_constraints(1, 3, &out), &out);
    hex_out("basic(ca, -1)", gnutls_x509_ext_export_basic_constraints(1, -1, &out), &out);
    hex_out("basic(no ca, -1)", gnutls_x509_ext_export_basic_constraints(0, -1, &out), &out);
    hex_out("basic(no ca, 0)", gnutls_x509_ext_export_basic_constraints(0, 0, &out), &out);
    printf("basic import(junk)=%d\n", gnutls_x509_ext_import_basic_constraints(&bad, &u, &n));
    datum(&d, "\x01\x02\x03");
    hex_out("ski", gnutls_x509_ext_export_subject_key_id(&d, &out), &out);
    printf("ski import(empty)=%d\n", gnutls_x509_ext_import_subject_key_id(&empty, &out));
    printf("ski import(junk)=%d\n", gnutls_x509_ext_import_subject_key_id(&bad, &out));
    hex_out("inhibit(0)", gnutls_x509_ext_export_inhibit_anypolicy(0, &out), &out);
    hex_out("inhibit(200)", gnutls_x509_ext_export_inhibit_anypolicy(200, &out), &out);
    printf("inhibit import(junk)=%d\n", gnutls_x509_ext_import_inhibit_anypolicy(&bad, &u));
    hex_out("pkup", gnutls_x509_ext_export_private_key_usage_period(1700000000, 1800000000, &out), &out);
    hex_out("pkup(2060)", gnutls_x509_ext_export_private_key_usage_period(1700000000, 2840000000, &out), &out);
    rc = gnutls_x509_ext_import_private_key_usage_period(&bad, &t1, &t2);
    printf("pkup import(junk)=%d\n", rc);
    hex_out("proxy(3,anylang,policy)", gnutls_x509_ext_export_proxy(3, "1.3.6.1.5.5.7.21.0", "pol", 3, &out), &out);
    hex_out("proxy(-1,inherit,none)", gnutls_x509_ext_export_proxy(-1, "1.3.6.1.5.5.7.21.1", NULL, 0, &out), &out);
    printf("proxy import(junk)=%d\n", gnutls_x509_ext_import_proxy(&bad, &n, NULL, NULL, NULL));
    return 0;
}

static void show_set(gnutls_x509_crt_t crt, const char *oid)
{
    gnutls_datum_t ext = { NULL, 0 };
    unsigned critical = 7;
    int rc = gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, &ext, &critical);

    printf("set ext %s rc=%d", oid, rc);
    if (rc == 0) {
        printf(" critical=%u ", critical);
        print_bytes("der", ext.data, ext.size);
        gnutls_free(ext.data);
    }
    printf("\n");
}

static int setters(const char *ee_path, const char *cert_path)
{
    static const char *oids[] = { "2.5.29.32", "2.5.29.30", "2.5.29.54", "1.3.6.1.5.5.7.1.14", "1.3.6.1.5.5.7.1.1",
                                  "2.5.29.18", NULL };
    gnutls_x509_crt_t crt, ee = load(ee_path), cert = load(cert_path);
    gnutls_x509_name_constraints_t nc;
    struct gnutls_x509_policy_st pol;
    gnutls_x509_ext_st exts[16];
    gnutls_datum_t d, text;
    unsigned i, n;
    int rc;

    if (ee == NULL || cert == NULL)
        return -1;
    gnutls_x509_crt_init(&crt);
    printf("set_version=%d\n", gnutls_x509_crt_set_version(crt, 3));
    memset(&pol, 0, sizeof(pol));
    pol.oid = "1.2.3.4";
    printf("set_policy=%d\n", gnutls_x509_crt_set_policy(crt, &pol, 1));
    pol.oid = "2.23.140.1.2.2";
    pol.qualifiers = 1;
    pol.qualifier[0].type = GNUTLS_X509_QUALIFIER_URI;
    pol.qualifier[0].data = "http://cps.example.com/";
    pol.qualifier[0].size = strlen(pol.qualifier[0].data);
    printf("set_policy(second)=%d\n", gnutls_x509_crt_set_policy(crt, &pol, 0));
    gnutls_x509_name_constraints_init(&nc);
    printf("set_name_constraints(empty)=%d\n", gnutls_x509_crt_set_name_constraints(crt, nc, 1));
    datum(&d, "example.com");
    gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_DNSNAME, &d);
    printf("set_name_constraints=%d\n", gnutls_x509_crt_set_name_constraints(crt, nc, 1));
    gnutls_x509_name_constraints_deinit(nc);
    printf("set_inhibit_anypolicy=%d\n", gnutls_x509_crt_set_inhibit_anypolicy(crt, 3));
    printf("set_proxy=%d\n", gnutls_x509_crt_set_proxy(crt, 1, "1.3.6.1.5.5.7.21.0", "pol", 3));
    datum(&d, "http://ocsp.example.com/");
    printf("set_aia(ocsp)=%d\n", gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_OCSP_URI, &d));
    datum(&d, "http://ca.example.com/ca.der");
    printf("set_aia(caissuers)=%d\n", gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_CAISSUERS_URI, &d));
    printf("set_aia(bad)=%d\n", gnutls_x509_crt_set_authority_info_access(crt, 12345, &d));
    printf("set_ian(dns)=%d\n", gnutls_x509_crt_set_issuer_alt_name(crt, GNUTLS_SAN_DNSNAME, "issuer.example.com", 18, 0));
    printf("set_ian(email, append)=%d\n",
           gnutls_x509_crt_set_issuer_alt_name(crt, GNUTLS_SAN_RFC822NAME, "ca@example.com", 14, GNUTLS_FSAN_APPEND));
    for (i = 0; oids[i] != NULL; i++)
        show_set(crt, oids[i]);
    printf("set_ian(uri, replace)=%d\n", gnutls_x509_crt_set_issuer_alt_name(crt, GNUTLS_SAN_URI, "http://x/", 9, 0));
    show_set(crt, "2.5.29.18");
    printf("set_proxy_dn=%d\n", gnutls_x509_crt_set_proxy_dn(crt, ee, 0, "proxy", 5));
    rc = gnutls_x509_crt_get_dn2(crt, &d);
    printf("dn rc=%d dn=%s\n", rc, rc == 0 ? (char *)d.data : "");
    if (rc == 0)
        gnutls_free(d.data);
    gnutls_x509_crt_deinit(crt);

    for (n = 0; n < 16; n++) {
        size_t oid_size = 0;
        char oid[128];
        oid_size = sizeof(oid);
        rc = gnutls_x509_crt_get_extension_info(cert, n, oid, &oid_size, &exts[n].critical);
        if (rc < 0)
            break;
        exts[n].oid = gnutls_strdup(oid);
        if (gnutls_x509_crt_get_extension_data2(cert, n, &exts[n].data) < 0)
            return -1;
    }
    text.data = (unsigned char *)"x";
    rc = gnutls_x509_ext_print(exts, 0, GNUTLS_CRT_PRINT_ONELINE, &text);
    printf("ext_print(0) rc=%d data=%s size=%u\n", rc, text.data ? "set" : "NULL", text.size);
    if (rc == 0)
        gnutls_free(text.data);
    rc = gnutls_x509_ext_print(exts, n, GNUTLS_CRT_PRINT_FULL, &text);
    printf("ext_print(%u) rc=%d\n", n, rc);
    if (rc == 0) {
        printf("%s", (char *)text.data);
        gnutls_free(text.data);
    }
    for (i = 0; i < n; i++)
        gnutls_x509_ext_deinit(&exts[i]);
    gnutls_x509_crt_deinit(ee);
    gnutls_x509_crt_deinit(cert);
    return 0;
}

/* Extensions with the shapes certificates seldom have, written here as DER. */
static const struct {
    const char *name, *hex;
} EDGE[] = {
    { "pol_noticeref_only", "3023302106032a0304301a301806082b06010505070202300c300a0c034f72673003020101" },
    { "pol_bmp", "3034303206032a0304302b301206082b0601050507020230061e04004800e9301506082b0601050507020230091a0776697369626c65" },
    { "pol_unknown", "302a302806032a03043021300806032a0304020105301506082b060105050702011609687474703a2f2f632f" },
    { "pol_empty", "3000" },
    { "san_edi", "300f8206612e74657374a505a1030c0178" },
    { "san_x400", "3007a3053003020101" },
    { "san_one", "300a82086f6e652e74657374" },
    { "san_two", "3016820874776f2e74657374810a784074776f2e74657374" },
    { "eku_a", "301406082b0601050507030106082b06010505070302" },
    { "eku_b", "300a06082b06010505070304" },
    { "aki_keyid", "300480020102" },
    { "aki_serial_only", "3003820105" },
    { "crldp_reasons", "30433025a00da00b8609687474703a2f2f612f81020560a210860e687474703a2f2f6973737565722f301aa018a0168609687474703a2f2f622f8609687474703a2f2f632f" },
    { "crldp_relative", "3010300ea00ca10a300806035504030c0178" },
    { "nc_uri_dn_upn", "304fa03f300b8609687474703a2f2f752f3010a40e300c310a300806035504030c0178301ea01c060a2b060104018237140203a00e0c0c406578616d706c652e636f6da10c300a82086261642e74657374" },
    { "nc_unknown_other", "3010a00e300ca00a06032a0304a0030c0178" },
    { "nc_dots", "300da00b30098207612e2e74657374" },
    { "nc_empty", "3000" },
    { "nc_v4only", "300ea00c300a87080a000000ff000000" },
    { "nc_minmax", "3012a010300e8206782e74657374800101810105" },
    { "bc_empty", "3000" },
    { "ku_empty", "030100" },
    { "inh_neg", "0201ff" },
    { "inh_big", "02050100000000" },
    { "pkup_before", "3011800f32303234303130313030303030305a" },
    { "proxy_nopolicy", "3003020101" },
    { "aia_othername", "3018301606082b06010505073001a00a06032a0304a0030c017a" },
    { NULL, NULL }
};

static gnutls_datum_t unhex(const char *hex)
{
    gnutls_datum_t d, h = { (unsigned char *)hex, strlen(hex) };
    if (gnutls_hex_decode2(&h, &d) < 0) {
        d.data = NULL;
        d.size = 0;
    }
    return d;
}

static int edge(void)
{
    static const unsigned char ip6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
    static const unsigned char ip4[4] = { 10, 9, 8, 7 }, ip4_out[4] = { 11, 9, 8, 7 };
    unsigned i;

    for (i = 0; EDGE[i].name != NULL; i++) {
        const char *n = EDGE[i].name;
        gnutls_datum_t der = unhex(EDGE[i].hex);

        printf("== %s\n", n);
        if (strncmp(n, "pol_", 4) == 0)
            show_policies(&der);
        else if (strncmp(n, "san_", 4) == 0)
            show_sans("san", &der);
        else if (strncmp(n, "eku_", 4) == 0)
            show_eku(&der);
        else if (strncmp(n, "aki_", 4) == 0)
            show_aki(&der);
        else if (strncmp(n, "crldp_", 6) == 0)
            show_crldp(&der);
        else if (strncmp(n, "aia_", 4) == 0)
            show_aia(&der);
        else if (strncmp(n, "nc_", 3) == 0) {
            gnutls_x509_name_constraints_t nc;
            show_nc(&der);
            gnutls_x509_name_constraints_init(&nc);
            if (gnutls_x509_ext_import_name_constraints(&der, nc, 0) == 0) {
                check(nc, GNUTLS_SAN_IPADDRESS, "2001:db8::", ip6, 16);
                check(nc, GNUTLS_SAN_IPADDRESS, "10.9.8.7", ip4, 4);
                check(nc, GNUTLS_SAN_IPADDRESS, "11.9.8.7", ip4_out, 4);
                check(nc, GNUTLS_SAN_URI, "http://u/", "http://u/", 9);
                check(nc, GNUTLS_SAN_DNSNAME, "x.TEST", "x.TEST", 6);
                check(nc, GNUTLS_SAN_DNSNAME, "a.bad.test", "a.bad.test", 10);
            }
            gnutls_x509_name_constraints_deinit(nc);
        } else if (strncmp(n, "bc_", 3) == 0)
            show_simple("2.5.29.19", &der);
        else if (strncmp(n, "ku_", 3) == 0)
            show_simple("2.5.29.15", &der);
        else if (strncmp(n, "inh_", 4) == 0)
            show_simple("2.5.29.54", &der);
        else if (strncmp(n, "pkup_", 5) == 0)
            show_simple("2.5.29.16", &der);
        else if (strncmp(n, "proxy_", 6) == 0)
            show_simple("1.3.6.1.5.5.7.1.14", &der);
        gnutls_free(der.data);
    }

    /* Importing into objects that hold names already. */
    {
        gnutls_subject_alt_names_t sans;
        gnutls_x509_key_purposes_t kp;
        gnutls_x509_crl_dist_points_t dp;
        gnutls_datum_t one = unhex(EDGE[6].hex), two = unhex(EDGE[7].hex), a = unhex(EDGE[8].hex), b = unhex(EDGE[9].hex);
        gnutls_datum_t d;
        unsigned type, k;
        int rc;

        gnutls_subject_alt_names_init(&sans);
        printf("== reimport san one=%d", gnutls_x509_ext_import_subject_alt_names(&one, sans, 0));
        printf(" two=%d", gnutls_x509_ext_import_subject_alt_names(&two, sans, 0));
        printf(" one=%d\n", gnutls_x509_ext_import_subject_alt_names(&one, sans, 0));
        for (k = 0; (rc = gnutls_subject_alt_names_get(sans, k, &type, &d, NULL)) == 0; k++) {
            printf("  get %u type=%u", k, type);
            print_datum("san", &d);
            printf("\n");
        }
        printf("  get %u rc=%d\n", k, rc);
        gnutls_subject_alt_names_deinit(sans);
        gnutls_x509_key_purpose_init(&kp);
        printf("== reimport eku a=%d b=%d\n", gnutls_x509_ext_import_key_purposes(&a, kp, 0),
               gnutls_x509_ext_import_key_purposes(&b, kp, 0));
        for (k = 0; (rc = gnutls_x509_key_purpose_get(kp, k, &d)) == 0; k++) {
            printf("  eku %u", k);
            print_datum("oid", &d);
            printf("\n");
        }
        printf("  eku %u rc=%d\n", k, rc);
        gnutls_x509_key_purpose_deinit(kp);
        gnutls_x509_crl_dist_points_init(&dp);
        d = unhex(EDGE[12].hex);
        printf("== reimport crldp =%d", gnutls_x509_ext_import_crl_dist_points(&d, dp, 0));
        printf(" again=%d\n", gnutls_x509_ext_import_crl_dist_points(&d, dp, 0));
        gnutls_free(d.data);
        for (k = 0; (rc = gnutls_x509_crl_dist_points_get(dp, k, &type, &d, NULL)) == 0; k++) {
            printf("  point %u type=%u", k, type);
            print_datum("san", &d);
            printf("\n");
        }
        printf("  point %u rc=%d\n", k, rc);
        gnutls_x509_crl_dist_points_deinit(dp);
        gnutls_free(one.data);
        gnutls_free(two.data);
        gnutls_free(a.data);
        gnutls_free(b.data);
    }
    return 0;
}

/* ---- Certificate Transparency SCT lists (RFC 6962 3.3) ---- */

#define SCT_OID "1.3.6.1.4.1.11129.2.4.2"

struct buf {
    unsigned char d[140000];
    size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void put_u16(struct buf *b, unsigned v)
{
    unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };
    put(b, x, 2);
}

/* The shape of one SCT; a field left 0 takes its usual value. */
struct sct_shape {
    unsigned version;
    unsigned char id;
    uint64_t ms;
    unsigned hash, sig;          /* SignatureAndHashAlgorithm code points */
    unsigned ext_len;            /* extensions length field (v1 wants 0) */
    unsigned sig_len;            /* signature bytes; default 70 */
    int sig_len_delta;           /* written signature length minus the real one */
    unsigned trailing;           /* bytes after the signature, inside the SCT */
    int body_len_delta;          /* written SCT length minus the real one */
    unsigned cut;                /* bytes of the SCT body left out at its end */
};

static void put_sct(struct buf *b, const struct sct_shape *s)
{
    struct buf *body = calloc(1, sizeof(*body));
    unsigned char id[32], ts[8], sig[65535];
    unsigned i, sig_len = s->sig_len ? s->sig_len : 70;
    size_t len;

    memset(id, s->id ? s->id : 0x11, sizeof(id));
    id[0] = (unsigned char)b->n;
    for (i = 0; i < 8; i++)
        ts[i] = (unsigned char)(s->ms >> (56 - 8 * i));
    for (i = 0; i < sig_len; i++)
        sig[i] = (unsigned char)(i * 7 + 3);
    body->d[body->n++] = (unsigned char)s->version;
    put(body, id, 32);
    put(body, ts, 8);
    put_u16(body, s->ext_len);
    for (i = 0; i < s->ext_len && i < 4; i++)
        body->d[body->n++] = 0xab;
    body->d[body->n++] = (unsigned char)(s->hash ? s->hash : 4);
    body->d[body->n++] = (unsigned char)(s->sig ? s->sig : 3);
    put_u16(body, (unsigned)((int)sig_len + s->sig_len_delta));
    put(body, sig, sig_len);
    for (i = 0; i < s->trailing; i++)
        body->d[body->n++] = 0;
    len = body->n - s->cut;
    put_u16(b, (unsigned)((int)len + s->body_len_delta));
    put(b, body->d, len);
    free(body);
}

/* The list (its 16-bit length, then `extra` bytes after it) in an OCTET STRING. */
static void wrap_list(struct buf *out, const struct buf *list, int len_delta, unsigned extra)
{
    size_t n = list->n + 2 + extra;
    out->n = 0;
    out->d[out->n++] = 0x04;
    if (n < 128)
        out->d[out->n++] = (unsigned char)n;
    else if (n < 256) {
        out->d[out->n++] = 0x81;
        out->d[out->n++] = (unsigned char)n;
    } else if (n < 65536) {
        out->d[out->n++] = 0x82;
        put_u16(out, (unsigned)n);
    } else {
        out->d[out->n++] = 0x83;
        out->d[out->n++] = (unsigned char)(n >> 16);
        put_u16(out, (unsigned)(n & 0xffff));
    }
    put_u16(out, (unsigned)((int)list->n + len_delta));
    put(out, list->d, list->n);
    memset(out->d + out->n, 0, extra);
    out->n += extra;
}

static void print_hex_short(const char *label, const unsigned char *d, unsigned n)
{
    unsigned i;
    printf(" %s(%u)=", label, n);
    for (i = 0; i < n && i < 12; i++)
        printf("%02x", d[i]);
    if (n > 12)
        printf("..");
}

/* Every SCT of the list through both getters, until GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE. */
static void show_scts(gnutls_x509_ct_scts_t scts)
{
    unsigned i;
    for (i = 0;; i++) {
        unsigned version = 99;
        time_t t = 0;
        gnutls_datum_t logid = { NULL, 0 }, sig = { NULL, 0 };
        gnutls_sign_algorithm_t alg = 0;
        int rc = gnutls_x509_ct_sct_get_version(scts, i, &version);
        int rc2 = gnutls_x509_ct_sct_get(scts, i, &t, &logid, &alg, &sig);
        printf("  sct %u version rc=%d v=%u get rc=%d", i, rc, version, rc2);
        if (rc2 == 0) {
            printf(" time=%lld alg=%d(%s)", (long long)t, (int)alg, gnutls_sign_get_name(alg));
            print_hex_short("logid", logid.data, logid.size);
            print_hex_short("sig", sig.data, sig.size);
            gnutls_free(logid.data);
            gnutls_free(sig.data);
        }
        printf("\n");
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
    }
}

static void export_scts(gnutls_x509_ct_scts_t scts, const unsigned char *orig, size_t orig_len)
{
    gnutls_datum_t out = { NULL, 0 };
    int rc = gnutls_x509_ext_ct_export_scts(scts, &out);
    printf("  export rc=%d", rc);
    if (rc == 0) {
        printf(" size=%u same=%d", out.size, orig && out.size == orig_len && memcmp(out.data, orig, orig_len) == 0);
        print_hex_short("der", out.data, out.size);
        gnutls_free(out.data);
    }
    printf("\n");
}

/* One list: import, getters, export, and gnutls_x509_ext_print of it as an extension. */
static void sct_case(const char *name, const unsigned char *der, size_t len)
{
    gnutls_x509_ct_scts_t scts;
    gnutls_datum_t d = { (unsigned char *)der, (unsigned)len }, text = { NULL, 0 };
    gnutls_x509_ext_st ext;
    int rc;

    printf("== sct %s (%zu bytes)\n", name, len);
    gnutls_x509_ext_ct_scts_init(&scts);
    rc = gnutls_x509_ext_ct_import_scts(&d, scts, 0);
    printf("  import rc=%d\n", rc);
    show_scts(scts);
    export_scts(scts, der, len);
    gnutls_x509_ext_ct_scts_deinit(scts);
    ext.oid = (char *)SCT_OID;
    ext.critical = 0;
    ext.data = d;
    rc = gnutls_x509_ext_print(&ext, 1, GNUTLS_CRT_PRINT_FULL, &text);
    printf("  ext_print rc=%d\n", rc);
    if (rc == 0) {
        printf("%s", (char *)text.data);
        gnutls_free(text.data);
    }
}

static int ct_lists(void)
{
    static const struct sct_shape v1 = { 0 }, rsa = { .hash = 4, .sig = 1, .sig_len = 256, .ms = 1700000000999ull },
        md5 = { .hash = 1, .sig = 1, .ms = 999 }, dsa = { .hash = 2, .sig = 2, .ms = 1000 },
        ec512 = { .hash = 6, .sig = 3, .ms = 4102444800000ull }, huge_time = { .ms = UINT64_MAX },
        v2 = { .version = 1 }, v255 = { .version = 255 }, unknown_alg = { .hash = 7, .sig = 1 },
        no_hash = { .hash = 0xff, .sig = 0x100 }, ed25519 = { .hash = 8, .sig = 7 }, zero_alg = { .hash = 0x100, .sig = 0x100 },
        with_ext = { .ext_len = 4 }, bad_ext_len = { .ext_len = 1 }, no_sig = { .sig_len = 0, .sig_len_delta = -70, .trailing = 0 },
        long_sig_len = { .sig_len_delta = 1 }, short_sig_len = { .sig_len_delta = -1 }, trailing = { .trailing = 2 },
        body_long = { .body_len_delta = 1 }, body_zero = { .body_len_delta = -117 }, cut = { .cut = 60 },
        tiny = { .cut = 116 }, big = { .sig_len = 40000 };
    static const struct {
        const char *name;
        const struct sct_shape *scts[4];
        int len_delta;
        unsigned extra;
    } cases[] = {
        { "one", { &v1 }, 0, 0 }, { "four algorithms", { &v1, &rsa, &md5, &dsa }, 0, 0 }, { "ecdsa-sha512", { &ec512 }, 0, 0 },
        { "huge time", { &huge_time }, 0, 0 }, { "second version 2", { &v1, &v2 }, 0, 0 }, { "third version 255", { &v1, &rsa, &v255 }, 0, 0 },
        { "unknown algorithm", { &v1, &unknown_alg }, 0, 0 }, { "hash ff sig 0", { &no_hash }, 0, 0 }, { "ed25519 code point", { &ed25519 }, 0, 0 },
        { "zero algorithm", { &zero_alg }, 0, 0 }, { "extensions", { &with_ext }, 0, 0 }, { "extensions length 1", { &v1, &bad_ext_len }, 0, 0 },
        { "no signature", { &no_sig }, 0, 0 }, { "signature length +1", { &long_sig_len }, 0, 0 }, { "signature length -1", { &short_sig_len }, 0, 0 },
        { "bytes after signature", { &trailing }, 0, 0 }, { "sct length +1", { &v1, &body_long }, 0, 0 }, { "sct length 0", { &v1, &body_zero }, 0, 0 },
        { "cut sct", { &cut }, 0, 0 }, { "tiny sct", { &tiny }, 0, 0 }, { "empty list", { NULL }, 0, 0 }, { "list length +1", { &v1 }, 1, 0 },
        { "list length -1", { &v1 }, -1, 0 }, { "list length -2", { &v1, &rsa }, -2, 0 }, { "list length 3", { NULL }, 3, 3 },
        { "bytes after list", { &v1 }, 0, 5 }, { "list length -2 bytes after", { &v1 }, -2, 0 },
        { "two zero bytes after sct", { &v1 }, 2, 2 }, { "one zero byte after sct", { &v1 }, 1, 1 }, { "big signature", { &big }, 0, 0 },
    };
    static const char *raw[] = { "", "04", "0400", "040100", "04020000", "0403000400", "04050001", "0403000000",
                                 "3003020101", "2403040100", "048100", "0480", "0402000400" };
    struct buf *list = calloc(1, sizeof(*list)), *der = calloc(1, sizeof(*der)), *der2 = calloc(1, sizeof(*der2));
    gnutls_x509_ct_scts_t scts;
    unsigned i, j, v;
    gnutls_datum_t d;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        list->n = 0;
        for (j = 0; j < 4 && cases[i].scts[j]; j++)
            put_sct(list, cases[i].scts[j]);
        wrap_list(der, list, cases[i].len_delta, cases[i].extra);
        sct_case(cases[i].name, der->d, der->n);
    }
    for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
        gnutls_datum_t h = { (unsigned char *)raw[i], (unsigned)strlen(raw[i]) }, bin = { NULL, 0 };
        char name[64];
        if (h.size > 0 && gnutls_hex_decode2(&h, &bin) < 0)
            return -1;
        snprintf(name, sizeof(name), "raw '%s'", raw[i]);
        sct_case(name, bin.data, bin.size);
        gnutls_free(bin.data);
    }

    /* Appending imports, a failed one dropping all, flags, NULL out-parameters, a list
     * whose appended imports pass 64 KiB. */
    list->n = 0;
    put_sct(list, &v1);
    put_sct(list, &rsa);
    wrap_list(der, list, 0, 0);
    d.data = der->d;
    d.size = (unsigned)der->n;
    gnutls_x509_ext_ct_scts_init(&scts);
    printf("== sct appending\n  import flags=1 rc=%d\n", gnutls_x509_ext_ct_import_scts(&d, scts, 1));
    printf("  import rc=%d", gnutls_x509_ext_ct_import_scts(&d, scts, 0));
    printf(" again rc=%d\n", gnutls_x509_ext_ct_import_scts(&d, scts, 0));
    show_scts(scts);
    export_scts(scts, NULL, 0);
    printf("  get(NULLs) rc=%d", gnutls_x509_ct_sct_get(scts, 3, NULL, NULL, NULL, NULL));
    printf(" get_version(NULL) rc=%d", gnutls_x509_ct_sct_get_version(scts, 0, NULL));
    printf(" get_version(4) rc=%d", gnutls_x509_ct_sct_get_version(scts, 4, &v));
    printf(" get(UINT_MAX) rc=%d\n", gnutls_x509_ct_sct_get(scts, 0xffffffffu, NULL, NULL, NULL, NULL));
    list->n = 0;
    put_sct(list, &v1);
    put_sct(list, &cut);
    wrap_list(der2, list, 0, 0);
    d.data = der2->d;
    d.size = (unsigned)der2->n;
    printf("  import(bad) rc=%d\n", gnutls_x509_ext_ct_import_scts(&d, scts, 0));
    show_scts(scts);
    export_scts(scts, NULL, 0);
    list->n = 0;
    put_sct(list, &big);
    wrap_list(der, list, 0, 0);
    d.data = der->d;
    d.size = (unsigned)der->n;
    printf("  import(big) rc=%d", gnutls_x509_ext_ct_import_scts(&d, scts, 0));
    printf(" again rc=%d\n", gnutls_x509_ext_ct_import_scts(&d, scts, 0));
    export_scts(scts, NULL, 0);
    gnutls_x509_ext_ct_scts_deinit(scts);
    gnutls_x509_ext_ct_scts_init(&scts);
    printf("  empty object:");
    export_scts(scts, NULL, 0);
    show_scts(scts);
    gnutls_x509_ext_ct_scts_deinit(scts);
    free(list);
    free(der);
    free(der2);
    return 0;
}

/* A certificate's SCT list: read, re-exported against its bytes, and the certificate printed. */
static int ct_cert(const char *path)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t ext = { NULL, 0 }, text = { NULL, 0 };
    gnutls_x509_ct_scts_t scts;
    unsigned critical = 0;
    int rc = import_crt_file(path, "ct ", &crt);

    if (rc < 0)
        return rc;
    rc = gnutls_x509_crt_get_extension_by_oid2(crt, SCT_OID, 0, &ext, &critical);
    printf("  ext rc=%d critical=%u size=%u\n", rc, critical, ext.size);
    if (rc == 0) {
        gnutls_x509_ext_ct_scts_init(&scts);
        printf("  import rc=%d\n", gnutls_x509_ext_ct_import_scts(&ext, scts, 0));
        show_scts(scts);
        export_scts(scts, ext.data, ext.size);
        gnutls_x509_ext_ct_scts_deinit(scts);
        gnutls_free(ext.data);
    }
    rc = gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_FULL, &text);
    printf("  print rc=%d\n", rc);
    if (rc == 0) {
        printf("%s\n", (char *)text.data);
        gnutls_free(text.data);
    }
    gnutls_x509_crt_deinit(crt);
    return 0;
}

int main(int argc, char **argv)
{
    int i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (gnutls_global_init() < 0)
        return 1;
    if (argc >= 2 && strcmp(argv[1], "--scratch") == 0) {
        if (scratch() < 0)
            return 1;
    } else if (argc >= 2 && strcmp(argv[1], "--edge") == 0) {
        if (edge() < 0)
            return 1;
    } else if (argc == 4 && strcmp(argv[1], "--setters") == 0) {
        if (setters(argv[2], argv[3]) < 0)
            return 1;
    } else if (argc >= 2 && strcmp(argv[1], "--ct") == 0) {
        if (ct_lists() < 0)
            return 1;
        for (i = 2; i < argc; i++)
            if (ct_cert(argv[i]) < 0)
                return 1;
    } else if (argc >= 3 && strcmp(argv[1], "--nc") == 0) {
        if (name_constraints(argc - 2, argv + 2) < 0)
            return 1;
    } else {
        for (i = 1; i < argc; i++)
            if (show_cert(argv[i]) < 0) {
                printf("FAIL %s\n", argv[i]);
                return 1;
            }
    }
    printf("result=ok\n");
    gnutls_global_deinit();
    return 0;
}
