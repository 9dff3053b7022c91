/* Certificate generation: a self-signed CA, a request and a certificate the CA signs from
 * that request, with the setters, sign2/privkey_sign and the gnutls_x509_crq_* functions.
 *
 *   x509_generate gen ALG CA_KEY LEAF_KEY OUTDIR   ALG: rsa, ecdsa, ed25519
 *   x509_generate bad KEY
 *
 * gen writes OUTDIR/ca.pem, req.pem, leaf.pem (PEM) and prints every value it reads back;
 * serial numbers and times are fixed, so with RSA and Ed25519 keys (deterministic
 * signatures) the output is the same on every library. bad prints the codes of misuse. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(call) do { int rc_ = (call); if (rc_ < 0) { printf("FAIL %s rc=%d (%s)\n", #call, rc_, gnutls_strerror(rc_)); failures++; } } while (0)
#define CODE(call) printf("%s rc=%d\n", #call, (int)(call))

static const time_t ACTIVATION = 1700000000; /* 2023-11-14 */
static const time_t EXPIRATION = 2524608000; /* 2050-01-01: GeneralizedTime */

static gnutls_x509_privkey_t load_key(const char *file)
{
	gnutls_x509_privkey_t key;
	gnutls_datum_t d;
	CHECK(gnutls_x509_privkey_init(&key));
	if (gnutls_load_file(file, &d) < 0) {
		printf("FAIL cannot read %s\n", file);
		exit(1);
	}
	CHECK(gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	return key;
}

static void hex(const char *label, const unsigned char *p, size_t n)
{
	printf("%s=", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void write_file(const char *dir, const char *name, const gnutls_datum_t *d)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(d->data, 1, d->size, f) != d->size) {
		printf("FAIL write %s\n", path);
		failures++;
	}
	if (f)
		fclose(f);
}

/* The values of a certificate as imported from its DER (GnuTLS reads some extensions of a
 * certificate it just signed only after a re-import). */
static void show_crt(const char *who, gnutls_x509_crt_t signed_crt)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t der;
	CHECK(gnutls_x509_crt_export2(signed_crt, GNUTLS_X509_FMT_DER, &der));
	CHECK(gnutls_x509_crt_init(&crt));
	CHECK(gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER));
	gnutls_free(der.data);
	char buf[1024];
	size_t n;
	unsigned int u, crit;
	int ca, pathlen;
	unsigned char bin[256];

	n = sizeof buf;
	CHECK(gnutls_x509_crt_get_dn(crt, buf, &n));
	printf("%s dn=%s\n", who, buf);
	n = sizeof buf;
	CHECK(gnutls_x509_crt_get_issuer_dn(crt, buf, &n));
	printf("%s issuer=%s\n", who, buf);
	printf("%s version=%d\n", who, gnutls_x509_crt_get_version(crt));
	n = sizeof bin;
	CHECK(gnutls_x509_crt_get_serial(crt, bin, &n));
	hex("serial", bin, n);
	printf("%s activation=%ld expiration=%ld\n", who, (long)gnutls_x509_crt_get_activation_time(crt),
	       (long)gnutls_x509_crt_get_expiration_time(crt));
	printf("%s pk=%d sign=%s\n", who, gnutls_x509_crt_get_pk_algorithm(crt, &u),
	       gnutls_sign_get_name(gnutls_x509_crt_get_signature_algorithm(crt)));
	printf("%s bits=%u\n", who, u);
	if (gnutls_x509_crt_get_key_usage(crt, &u, &crit) >= 0)
		printf("%s key_usage=%u critical=%u\n", who, u, crit);
	ca = gnutls_x509_crt_get_basic_constraints(crt, &crit, &u, &pathlen);
	printf("%s basic_constraints rc=%d critical=%u ca=%u pathlen=%d\n", who, ca, crit, u, pathlen);
	for (unsigned i = 0;; i++) {
		n = sizeof buf;
		int t = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &n, &crit);
		if (t < 0)
			break;
		printf("%s san[%u] type=%d value=%s\n", who, i, t, t == GNUTLS_SAN_IPADDRESS ? "(ip)" : buf);
	}
	for (unsigned i = 0;; i++) {
		n = sizeof buf;
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &n, &crit) < 0)
			break;
		printf("%s purpose[%u]=%s critical=%u\n", who, i, buf, crit);
	}
	n = sizeof bin;
	if (gnutls_x509_crt_get_subject_key_id(crt, bin, &n, &crit) >= 0)
		hex("subject_key_id", bin, n);
	n = sizeof bin;
	if (gnutls_x509_crt_get_authority_key_id(crt, bin, &n, &crit) >= 0)
		hex("authority_key_id", bin, n);
	n = sizeof buf;
	int ext_count = 0;
	for (unsigned i = 0;; i++) {
		n = sizeof buf;
		if (gnutls_x509_crt_get_extension_info(crt, i, buf, &n, &crit) < 0)
			break;
		printf("%s ext[%u]=%s critical=%u\n", who, i, buf, crit);
		ext_count++;
	}
	printf("%s extensions=%d\n", who, ext_count);
	gnutls_x509_crt_deinit(crt);
}

/* The DER's SHA-256: the same on both libraries when the signature is deterministic. */
static void show_der(const char *who, const gnutls_datum_t *der, int deterministic)
{
	unsigned char h[32];
	gnutls_hash_fast(GNUTLS_DIG_SHA256, der->data, der->size, h);
	printf("%s%s der_size=%u sha256=", deterministic ? "" : "# ", who, der->size);
	for (int i = 0; i < 32; i++)
		printf("%02x", h[i]);
	printf("\n");
}

static int gen(const char *alg, const char *ca_file, const char *leaf_file, const char *outdir)
{
	gnutls_x509_privkey_t ca_key = load_key(ca_file), leaf_key = load_key(leaf_file);
	int deterministic = strcmp(alg, "ecdsa") != 0;
	gnutls_x509_crt_t ca, leaf;
	gnutls_x509_crq_t crq, crq2;
	gnutls_datum_t pem, der;
	const char *err = NULL;
	unsigned char id[64];
	size_t id_size;

	/* The CA, self-signed. */
	CHECK(gnutls_x509_crt_init(&ca));
	CHECK(gnutls_x509_crt_set_key(ca, ca_key));
	CHECK(gnutls_x509_crt_set_dn(ca, "CN=Generated Test CA,O=GnuTLS rustls,C=US", &err));
	CHECK(gnutls_x509_crt_set_serial(ca, "\x01", 1));
	CHECK(gnutls_x509_crt_set_activation_time(ca, ACTIVATION));
	CHECK(gnutls_x509_crt_set_expiration_time(ca, EXPIRATION));
	CHECK(gnutls_x509_crt_set_version(ca, 3));
	CHECK(gnutls_x509_crt_set_ca_status(ca, 1));
	CHECK(gnutls_x509_crt_set_key_usage(ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN));
	id_size = sizeof id;
	CHECK(gnutls_x509_crt_get_key_id(ca, GNUTLS_KEYID_USE_SHA1, id, &id_size));
	CHECK(gnutls_x509_crt_set_subject_key_id(ca, id, id_size));
	/* Getters read a certificate in writing too. */
	printf("ca unsigned version=%d\n", gnutls_x509_crt_get_version(ca));
	CHECK(gnutls_x509_crt_sign2(ca, ca, ca_key, GNUTLS_DIG_UNKNOWN, 0));
	CHECK(gnutls_x509_crt_export2(ca, GNUTLS_X509_FMT_PEM, &pem));
	write_file(outdir, "ca.pem", &pem);
	gnutls_free(pem.data);
	CHECK(gnutls_x509_crt_export2(ca, GNUTLS_X509_FMT_DER, &der));
	show_der("ca", &der, deterministic);
	gnutls_free(der.data);
	show_crt("ca", ca);
	printf("ca self-issued=%u\n", gnutls_x509_crt_check_issuer(ca, ca));

	/* Unique identifiers (the v2 fields samba writes). */
	{
		gnutls_x509_crt_t u;
		unsigned char uid[16];
		size_t uid_size;
		CHECK(gnutls_x509_crt_init(&u));
		CHECK(gnutls_x509_crt_set_key(u, ca_key));
		CHECK(gnutls_x509_crt_set_dn(u, "CN=Unique ids", &err));
		CHECK(gnutls_x509_crt_set_serial(u, "\x05", 1));
		CHECK(gnutls_x509_crt_set_activation_time(u, ACTIVATION));
		CHECK(gnutls_x509_crt_set_expiration_time(u, EXPIRATION));
		CHECK(gnutls_x509_crt_set_version(u, 3));
		CHECK(gnutls_x509_crt_set_issuer_unique_id(u, "\x0a\x0b", 2));
		CHECK(gnutls_x509_crt_set_subject_unique_id(u, "\x0c", 1));
		CHECK(gnutls_x509_crt_sign2(u, ca, ca_key, GNUTLS_DIG_UNKNOWN, 0));
		CHECK(gnutls_x509_crt_export2(u, GNUTLS_X509_FMT_DER, &der));
		show_der("uid", &der, deterministic);
		gnutls_free(der.data);
		uid_size = sizeof uid;
		printf("uid issuer_unique_id rc=%d size=%zu\n", gnutls_x509_crt_get_issuer_unique_id(u, (char *)uid, &uid_size), uid_size);
		uid_size = sizeof uid;
		printf("uid subject_unique_id rc=%d size=%zu\n", gnutls_x509_crt_get_subject_unique_id(u, (char *)uid, &uid_size), uid_size);
		printf("uid set on NULL rc=%d\n", gnutls_x509_crt_set_issuer_unique_id(NULL, "\x01", 1));
		gnutls_x509_crt_deinit(u);
	}

	/* The request. */
	CHECK(gnutls_x509_crq_init(&crq));
	CHECK(gnutls_x509_crq_set_version(crq, 1));
	CHECK(gnutls_x509_crq_set_dn_by_oid(crq, GNUTLS_OID_X520_COUNTRY_NAME, 0, "DE", 2));
	CHECK(gnutls_x509_crq_set_dn_by_oid(crq, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "Leaf Org", 8));
	CHECK(gnutls_x509_crq_set_dn_by_oid(crq, GNUTLS_OID_X520_COMMON_NAME, 0, "leaf.example", 12));
	CHECK(gnutls_x509_crq_set_key(crq, leaf_key));
	CHECK(gnutls_x509_crq_set_key_usage(crq, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT));
	CHECK(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME, "leaf.example", 12, GNUTLS_FSAN_SET));
	CHECK(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_IPADDRESS, "\x7f\x00\x00\x01", 4, GNUTLS_FSAN_APPEND));
	CHECK(gnutls_x509_crq_set_key_purpose_oid(crq, GNUTLS_KP_TLS_WWW_SERVER, 0));
	CHECK(gnutls_x509_crq_set_basic_constraints(crq, 0, -1));
	CHECK(gnutls_x509_crq_set_challenge_password(crq, "a password"));
	CHECK(gnutls_x509_crq_sign2(crq, leaf_key, GNUTLS_DIG_UNKNOWN, 0));
	CHECK(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &pem));
	write_file(outdir, "req.pem", &pem);
	CHECK(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, &der));
	show_der("req", &der, deterministic);
	gnutls_free(der.data);

	/* Read back. */
	CHECK(gnutls_x509_crq_init(&crq2));
	CHECK(gnutls_x509_crq_import(crq2, &pem, GNUTLS_X509_FMT_PEM));
	gnutls_free(pem.data);
	{
		char buf[512];
		size_t n = sizeof buf;
		unsigned int u, crit, bits;
		int pathlen;
		gnutls_datum_t dn2;
		CHECK(gnutls_x509_crq_get_dn(crq2, buf, &n));
		printf("req dn=%s\n", buf);
		CHECK(gnutls_x509_crq_get_dn2(crq2, &dn2));
		printf("req dn2=%s\n", dn2.data);
		gnutls_free(dn2.data);
		n = sizeof buf;
		CHECK(gnutls_x509_crq_get_dn_by_oid(crq2, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, 0, buf, &n));
		printf("req O=%s\n", buf);
		printf("req version=%d\n", gnutls_x509_crq_get_version(crq2));
		printf("req pk=%d", gnutls_x509_crq_get_pk_algorithm(crq2, &bits));
		printf(" bits=%u\n", bits);
		CHECK(gnutls_x509_crq_get_key_usage(crq2, &u, &crit));
		printf("req key_usage=%u critical=%u\n", u, crit);
		printf("req basic_constraints rc=%d", gnutls_x509_crq_get_basic_constraints(crq2, &crit, &u, &pathlen));
		printf(" critical=%u ca=%u pathlen=%d\n", crit, u, pathlen);
		printf("req verify rc=%d\n", gnutls_x509_crq_verify(crq2, 0));
		printf("req sign=%s\n", gnutls_sign_get_name(gnutls_x509_crq_get_signature_algorithm(crq2)));
	}

	/* The certificate, from the request, signed by the CA through the abstract key. */
	gnutls_privkey_t abstract;
	CHECK(gnutls_privkey_init(&abstract));
	CHECK(gnutls_privkey_import_x509(abstract, ca_key, 0));
	CHECK(gnutls_x509_crt_init(&leaf));
	CHECK(gnutls_x509_crt_set_crq(leaf, crq2));
	CHECK(gnutls_x509_crt_set_crq_extensions(leaf, crq2));
	CHECK(gnutls_x509_crt_set_version(leaf, 3));
	CHECK(gnutls_x509_crt_set_serial(leaf, "\x0a\xbc\xde", 3));
	CHECK(gnutls_x509_crt_set_activation_time(leaf, ACTIVATION));
	CHECK(gnutls_x509_crt_set_expiration_time(leaf, EXPIRATION));
	CHECK(gnutls_x509_crt_set_key_purpose_oid(leaf, GNUTLS_KP_TLS_WWW_CLIENT, 0));
	CHECK(gnutls_x509_crt_set_authority_key_id(leaf, id, id_size));
	CHECK(gnutls_x509_crt_set_crl_dist_points(leaf, GNUTLS_SAN_URI, "http://crl.example/ca.crl", 0));
	CHECK(gnutls_x509_crt_privkey_sign(leaf, ca, abstract, GNUTLS_DIG_UNKNOWN, 0));
	CHECK(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_PEM, &pem));
	write_file(outdir, "leaf.pem", &pem);
	gnutls_free(pem.data);
	CHECK(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_DER, &der));
	show_der("leaf", &der, deterministic);
	gnutls_free(der.data);
	show_crt("leaf", leaf);
	printf("leaf issued-by-ca=%u\n", gnutls_x509_crt_check_issuer(leaf, ca));
	{
		unsigned int status = 0;
		CHECK(gnutls_x509_crt_list_verify(&leaf, 1, &ca, 1, NULL, 0, GNUTLS_VERIFY_DISABLE_TIME_CHECKS, &status));
		printf("leaf verify status=0x%x\n", status);
	}

	/* An imported certificate is changed and signed again (as certtool --update does). */
	{
		gnutls_x509_crt_t again;
		CHECK(gnutls_x509_crt_init(&again));
		CHECK(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_DER, &der));
		CHECK(gnutls_x509_crt_import(again, &der, GNUTLS_X509_FMT_DER));
		gnutls_free(der.data);
		CHECK(gnutls_x509_crt_set_serial(again, "\x02", 1));
		CHECK(gnutls_x509_crt_sign2(again, ca, ca_key, GNUTLS_DIG_UNKNOWN, 0));
		unsigned char s[8];
		size_t n = sizeof s;
		CHECK(gnutls_x509_crt_get_serial(again, s, &n));
		hex("resigned serial", s, n);
		char buf[256];
		n = sizeof buf;
		CHECK(gnutls_x509_crt_get_dn(again, buf, &n));
		printf("resigned dn=%s\n", buf);
		gnutls_x509_crt_deinit(again);
	}

	gnutls_privkey_deinit(abstract);
	gnutls_x509_crt_deinit(leaf);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_crq_deinit(crq);
	gnutls_x509_crq_deinit(crq2);
	gnutls_x509_privkey_deinit(ca_key);
	gnutls_x509_privkey_deinit(leaf_key);
	return 0;
}

static int bad(const char *key_file)
{
	gnutls_x509_privkey_t key = load_key(key_file);
	gnutls_x509_crt_t c, ca;
	gnutls_x509_crq_t q;
	const char *err = NULL;
	gnutls_datum_t d;

	CHECK(gnutls_x509_crt_init(&ca));
	CHECK(gnutls_x509_crt_set_key(ca, key));
	CHECK(gnutls_x509_crt_set_dn(ca, "CN=bad CA", &err));
	CHECK(gnutls_x509_crt_set_serial(ca, "\x01", 1));
	CHECK(gnutls_x509_crt_set_activation_time(ca, ACTIVATION));
	CHECK(gnutls_x509_crt_set_expiration_time(ca, EXPIRATION));
	CHECK(gnutls_x509_crt_sign2(ca, ca, key, 0, 0));

	CHECK(gnutls_x509_crt_init(&c));
	CODE(gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d));
	CODE(gnutls_x509_crt_set_serial(c, "", 0));
	CODE(gnutls_x509_crt_set_version(c, 0));
	CODE(gnutls_x509_crt_set_dn_by_oid(c, GNUTLS_OID_X520_COMMON_NAME, 0, "", 0));
	CODE(gnutls_x509_crt_set_dn_by_oid(c, "1.2.3.4", 1, "\x0c\x01x", 3));
	{
		/* (GnuTLS has written part of the name when it fails: another handle.) */
		gnutls_x509_crt_t other;
		CHECK(gnutls_x509_crt_init(&other));
		CODE(gnutls_x509_crt_set_dn_by_oid(other, "1.2.3.4", 0, "x", 1));
		CODE(gnutls_x509_crt_set_dn(other, "CN=a,XX=b", &err));
		CODE(gnutls_x509_crt_set_dn(other, "CN=", &err));
		CODE(gnutls_x509_crt_set_dn(other, "CN=a+O=b", &err));
		gnutls_x509_crt_deinit(other);
	}
	{
		/* Unique identifiers need version 2 (GnuTLS's crt_inv_write test). */
		gnutls_x509_crt_t v1;
		CHECK(gnutls_x509_crt_init(&v1));
		CHECK(gnutls_x509_crt_set_version(v1, 1));
		CHECK(gnutls_x509_crt_set_serial(v1, "\x0a", 1));
		CHECK(gnutls_x509_crt_set_activation_time(v1, ACTIVATION));
		CHECK(gnutls_x509_crt_set_expiration_time(v1, EXPIRATION));
		CHECK(gnutls_x509_crt_set_key(v1, key));
		CHECK(gnutls_x509_crt_set_dn(v1, "CN=v1", &err));
		CODE(gnutls_x509_crt_set_issuer_unique_id(v1, "\x00\x01\x03", 3));
		CODE(gnutls_x509_crt_sign2(v1, v1, key, GNUTLS_DIG_SHA256, 0));
		CODE(gnutls_x509_crt_set_version(v1, 2));
		CODE(gnutls_x509_crt_sign2(v1, v1, key, GNUTLS_DIG_SHA256, 0));
		gnutls_x509_crt_deinit(v1);
	}
	CODE(gnutls_x509_crt_set_subject_alt_name(c, GNUTLS_SAN_IPADDRESS, "\x01\x02\x03", 3, GNUTLS_FSAN_SET));
	CODE(gnutls_x509_crt_set_subject_alternative_name(c, GNUTLS_SAN_IPADDRESS, "1.2.3.4"));
	CODE(gnutls_x509_crt_set_subject_key_id(c, "\x01", 1));
	CODE(gnutls_x509_crt_set_subject_key_id(c, "\x01", 1));
	CODE(gnutls_x509_crt_set_version(NULL, 3));
	CODE(gnutls_x509_crt_set_serial(NULL, "\x01", 1));
	CODE(gnutls_x509_crt_set_key_usage(NULL, 0));
	/* No times yet, then no serial, then no key, then extensions on a v1 certificate. */
	CODE(gnutls_x509_crt_sign2(c, ca, key, 0, 0));
	CODE(gnutls_x509_crt_set_version(c, 3));
	CODE(gnutls_x509_crt_sign2(c, ca, key, 0, 0));
	CODE(gnutls_x509_crt_set_activation_time(c, ACTIVATION));
	CODE(gnutls_x509_crt_set_expiration_time(c, EXPIRATION));
	CODE(gnutls_x509_crt_sign2(c, ca, key, 0, 0));
	{
		unsigned char big[64];
		memset(big, 0x33, sizeof big);
		CODE(gnutls_x509_crt_set_serial(c, big, sizeof big));
	}
	CODE(gnutls_x509_crt_sign2(c, ca, key, 0, 0));
	CODE(gnutls_x509_crt_set_key(c, key));
	CODE(gnutls_x509_crt_sign2(c, ca, key, 0, 0));
	CODE(gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d));
	gnutls_free(d.data);
	CODE(gnutls_x509_crt_get_version(c));
	{
		unsigned char s[80];
		size_t n = sizeof s;
		CODE(gnutls_x509_crt_get_serial(c, s, &n));
		printf("big serial size=%zu\n", n);
	}
	CODE(gnutls_x509_crt_sign2(c, ca, NULL, 0, 0));
	CODE(gnutls_x509_crt_sign2(c, NULL, key, 0, 0));

	CHECK(gnutls_x509_crq_init(&q));
	CODE(gnutls_x509_crq_export2(q, GNUTLS_X509_FMT_PEM, &d) < 0);
	CODE(gnutls_x509_crq_set_dn_by_oid(q, GNUTLS_OID_X520_COMMON_NAME, 0, "", 0));
	CODE(gnutls_x509_crq_set_dn(q, "CN=q,O=r", &err));
	CODE(gnutls_x509_crq_set_key(q, key));
	CODE(gnutls_x509_crq_sign2(q, key, 0, 0));
	CODE(gnutls_x509_crq_verify(q, 0));
	{
		gnutls_datum_t junk = { (unsigned char *)"\x30\x03\x02\x01\x00", 5 };
		gnutls_x509_crq_t q2;
		CHECK(gnutls_x509_crq_init(&q2));
		CODE(gnutls_x509_crq_import(q2, &junk, GNUTLS_X509_FMT_DER) < 0);
		gnutls_datum_t nopem = { (unsigned char *)"hello", 5 };
		CODE(gnutls_x509_crq_import(q2, &nopem, GNUTLS_X509_FMT_PEM) < 0);
		gnutls_x509_crq_deinit(q2);
	}
	gnutls_x509_crq_deinit(q);
	gnutls_x509_crt_deinit(c);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_privkey_deinit(key);
	return 0;
}

int main(int argc, char **argv)
{
	CHECK(gnutls_global_init());
	if (argc == 6 && strcmp(argv[1], "gen") == 0)
		gen(argv[2], argv[3], argv[4], argv[5]);
	else if (argc == 3 && strcmp(argv[1], "bad") == 0)
		bad(argv[2]);
	else {
		fprintf(stderr, "usage: %s gen ALG CA_KEY LEAF_KEY OUTDIR | bad KEY\n", argv[0]);
		return 2;
	}
	printf("result=%s\n", failures ? "FAIL" : "ok");
	gnutls_global_deinit();
	return failures != 0;
}
