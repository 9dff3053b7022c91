/* gnutls_x509_spki_* parameters and gnutls_x509_crt_cpy_crl_dist_points.
 *   spki_crldp PKI [CERT...]   (PKI holds ca.pem, ca.key; each CERT's gnutls_x509_crt_get_spki)
 * Every return code and value is printed; "result=ok" at the end if nothing unexpected
 * happened. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <string.h>

static int failures;
#define CHECK(x) do { int _r = (x); if (_r < 0) { printf("FAIL %s=%d\n", #x, _r); failures++; } } while (0)

static void spki(void)
{
	gnutls_x509_spki_t s;
	gnutls_digest_algorithm_t dig = 0;
	unsigned salt = 0;
	int rc;
	printf("spki_init=%d\n", gnutls_x509_spki_init(&s));
	printf("get(unset)=%d\n", gnutls_x509_spki_get_rsa_pss_params(s, &dig, &salt));
	gnutls_x509_spki_set_rsa_pss_params(s, GNUTLS_DIG_SHA384, 48);
	rc = gnutls_x509_spki_get_rsa_pss_params(s, &dig, &salt);
	printf("get=%d dig=%s salt=%u\n", rc, gnutls_digest_get_name(dig), salt);
	printf("get(NULL outputs)=%d\n", gnutls_x509_spki_get_rsa_pss_params(s, NULL, NULL));
	gnutls_x509_spki_set_rsa_pss_params(s, GNUTLS_DIG_SHA256, 0);
	rc = gnutls_x509_spki_get_rsa_pss_params(s, &dig, &salt);
	printf("get=%d dig=%s salt=%u\n", rc, gnutls_digest_get_name(dig), salt);
	gnutls_x509_spki_deinit(s);
	gnutls_x509_spki_deinit(NULL);
}

static void load(const char *pki, const char *name, gnutls_datum_t *d)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", pki, name);
	CHECK(gnutls_load_file(path, d));
}

/* A certificate for the CA's key, signed by the CA, optionally with CRL points. */
static gnutls_x509_crt_t make(gnutls_x509_crt_t ca, gnutls_x509_privkey_t key, int serial, const char *uri)
{
	gnutls_x509_crt_t c;
	unsigned char s = serial;
	gnutls_x509_crt_init(&c);
	CHECK(gnutls_x509_crt_set_version(c, 3));
	CHECK(gnutls_x509_crt_set_serial(c, &s, 1));
	CHECK(gnutls_x509_crt_set_activation_time(c, 1700000000));
	CHECK(gnutls_x509_crt_set_expiration_time(c, 1900000000));
	CHECK(gnutls_x509_crt_set_dn(c, "CN=crldp test", NULL));
	CHECK(gnutls_x509_crt_set_key(c, key));
	if (uri)
		CHECK(gnutls_x509_crt_set_crl_dist_points(c, GNUTLS_SAN_URI, uri, GNUTLS_CRL_REASON_KEY_COMPROMISE));
	CHECK(gnutls_x509_crt_sign2(c, ca, key, GNUTLS_DIG_SHA256, 0));
	return c;
}

static void points(const char *label, gnutls_x509_crt_t c)
{
	for (unsigned i = 0;; i++) {
		char buf[256];
		size_t size = sizeof(buf);
		unsigned reasons = 0, critical = 7;
		int rc = gnutls_x509_crt_get_crl_dist_points(c, i, buf, &size, &reasons, &critical);
		printf("%s point %u rc=%d", label, i, rc);
		if (rc >= 0)
			printf(" name=%.*s reasons=0x%x critical=%u", (int)size, buf, reasons, critical);
		printf("\n");
		if (rc < 0)
			break;
	}
}

static void crldp(const char *pki)
{
	gnutls_datum_t d;
	gnutls_x509_crt_t ca, with, without, dst;
	gnutls_x509_privkey_t key;

	load(pki, "ca.pem", &d);
	gnutls_x509_crt_init(&ca);
	CHECK(gnutls_x509_crt_import(ca, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	load(pki, "ca.key", &d);
	gnutls_x509_privkey_init(&key);
	CHECK(gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);

	with = make(ca, key, 1, "http://crl.example.test/ca.crl");
	without = make(ca, key, 2, NULL);
	points("source", with);

	gnutls_x509_crt_init(&dst);
	printf("cpy(from one without)=%d\n", gnutls_x509_crt_cpy_crl_dist_points(dst, without));
	printf("cpy=%d\n", gnutls_x509_crt_cpy_crl_dist_points(dst, with));
	unsigned char s = 3;
	CHECK(gnutls_x509_crt_set_version(dst, 3));
	CHECK(gnutls_x509_crt_set_serial(dst, &s, 1));
	CHECK(gnutls_x509_crt_set_activation_time(dst, 1700000000));
	CHECK(gnutls_x509_crt_set_expiration_time(dst, 1900000000));
	CHECK(gnutls_x509_crt_set_dn(dst, "CN=copy", NULL));
	CHECK(gnutls_x509_crt_set_key(dst, key));
	CHECK(gnutls_x509_crt_sign2(dst, ca, key, GNUTLS_DIG_SHA256, 0));
	points("copy", dst);
	printf("cpy(NULL)=%d\n", gnutls_x509_crt_cpy_crl_dist_points(NULL, with));

	gnutls_x509_crt_deinit(dst);
	gnutls_x509_crt_deinit(with);
	gnutls_x509_crt_deinit(without);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_privkey_deinit(key);
}

static void crt_spki(const char *path)
{
	gnutls_datum_t d;
	gnutls_x509_crt_t c;
	gnutls_x509_spki_t s;
	gnutls_digest_algorithm_t dig = 0;
	unsigned salt = 0;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	CHECK(gnutls_load_file(path, &d));
	gnutls_x509_crt_init(&c);
	CHECK(gnutls_x509_crt_import(c, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	gnutls_x509_spki_init(&s);
	int rc = gnutls_x509_crt_get_spki(c, s, 0);
	int prc = gnutls_x509_spki_get_rsa_pss_params(s, &dig, &salt);
	printf("crt_get_spki %s rc=%d params=%d dig=%s salt=%u\n", base, rc, prc, prc == 0 ? gnutls_digest_get_name(dig) : "-", salt);
	gnutls_x509_spki_deinit(s);
	gnutls_x509_crt_deinit(c);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: spki_crldp PKI [CERT...]\n");
		return 2;
	}
	gnutls_global_init();
	spki();
	crldp(argv[1]);
	for (int i = 2; i < argc; i++)
		crt_spki(argv[i]);
	gnutls_global_deinit();
	printf("result=%s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}
