/* The OCSP API (gnutls_ocsp_req_*, gnutls_ocsp_resp_*) over requests and responses made by
 * `openssl ocsp` (tests/mkcerts-ocsp.sh): every getter, export, print, check_crt, verify
 * against a trust list and verify_direct, printed so that `tests/run.py --diff` compares
 * GnuTLS 3.7.9 and gnutls-rustls line by line. Times are printed relative to now ('#' lines
 * keep the absolute values).
 *
 * usage: ocsp PKIDIR
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/ocsp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *pki;
static gnutls_x509_crt_t ca, ca2, good, revoked, signer;
static gnutls_x509_trust_list_t trust;

static void hex(const void *p, size_t n)
{
	const unsigned char *d = p;
	for (size_t i = 0; i < n; i++)
		printf("%02x", d[i]);
}

static void datum_line(const char *label, int rc, gnutls_datum_t *d, int text)
{
	printf("%s rc=%d", label, rc);
	if (rc >= 0 && d) {
		printf(" size=%u ", d->size);
		if (text)
			printf("'%.*s'", (int)d->size, d->data ? (char *)d->data : "");
		else
			hex(d->data, d->size);
		gnutls_free(d->data);
		d->data = NULL;
	}
	printf("\n");
}

static gnutls_datum_t file(const char *dir, const char *name)
{
	char path[4096];
	gnutls_datum_t d = { NULL, 0 };
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (gnutls_load_file(path, &d) < 0) {
		printf("cannot read %s\n", path);
		exit(1);
	}
	return d;
}

static gnutls_x509_crt_t crt(const char *dir, const char *name)
{
	gnutls_datum_t d = file(dir, name);
	gnutls_x509_crt_t c;
	gnutls_x509_crt_init(&c);
	if (gnutls_x509_crt_import(c, &d, GNUTLS_X509_FMT_PEM) < 0) {
		printf("cannot import %s\n", name);
		exit(1);
	}
	gnutls_free(d.data);
	return c;
}

/* A time relative to now, in whole days (openssl's times are "now" when the files were made). */
static void when(const char *label, time_t t)
{
	long diff = (long)(t - time(NULL));

	if (t == (time_t)-1)
		printf(" %s=-1", label);
	else /* rounded to the nearest day, so that "just now" is +0d either side of it */
		printf(" %s=%+ldd", label, (diff + (diff >= 0 ? 43200 : -43200)) / 86400);
}

/* A certificate identifier's fields, which it frees. */
static void cert_id_fields(gnutls_digest_algorithm_t dig, gnutls_datum_t *in, gnutls_datum_t *ik, gnutls_datum_t *sn)
{
	printf(" digest=%d name_hash=", dig);
	hex(in->data, in->size);
	printf(" key_hash=");
	hex(ik->data, ik->size);
	printf(" serial=");
	hex(sn->data, sn->size);
	gnutls_free(in->data);
	gnutls_free(ik->data);
	gnutls_free(sn->data);
}

static void print_text(const char *label, int rc, gnutls_datum_t *out)
{
	printf("%s rc=%d\n", label, rc);
	if (rc < 0)
		return;
	/* Produced At / This Update / Next Update lines carry today's date: '#' keeps them. */
	char *text = strndup((char *)out->data, out->size);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		int dated = strstr(line, " UTC 20") != NULL;
		printf("%s%s\n", dated ? "# " : "  ", line);
	}
	printf("%s nul=%d len_matches=%d\n", label, out->data[out->size] == 0, strlen((char *)out->data) == out->size);
	free(text);
	gnutls_free(out->data);
}

static void show_response(const char *name, gnutls_ocsp_resp_t r)
{
	int rc;
	gnutls_datum_t d = { NULL, 0 }, d2 = { NULL, 0 };
	unsigned crit;

	printf("status=%d version=%d\n", gnutls_ocsp_resp_get_status(r), gnutls_ocsp_resp_get_version(r));
	rc = gnutls_ocsp_resp_get_response(r, &d, &d2);
	printf("get_response rc=%d", rc);
	if (rc >= 0) {
		printf(" oid='%s' oid_size=%u response_size=%u\n", d.data, d.size, d2.size);
		gnutls_free(d.data);
		gnutls_free(d2.data);
	} else
		printf("\n");
	rc = gnutls_ocsp_resp_get_response(r, NULL, NULL);
	printf("get_response null rc=%d\n", rc);
	d.data = (void *)"x";
	rc = gnutls_ocsp_resp_get_responder(r, &d);
	datum_line("get_responder", rc, &d, 1);
	rc = gnutls_ocsp_resp_get_responder2(r, &d, 0);
	datum_line("get_responder2", rc, &d, 1);
	rc = gnutls_ocsp_resp_get_responder2(r, &d, GNUTLS_X509_DN_FLAG_COMPAT);
	datum_line("get_responder2 compat", rc, &d, 1);
	rc = gnutls_ocsp_resp_get_responder_raw_id(r, GNUTLS_OCSP_RESP_ID_KEY, &d);
	datum_line("raw_id key", rc, &d, 0);
	rc = gnutls_ocsp_resp_get_responder_raw_id(r, GNUTLS_OCSP_RESP_ID_DN, &d);
	datum_line("raw_id dn", rc, &d, 0);
	time_t produced = gnutls_ocsp_resp_get_produced(r);
	printf("produced");
	when("at", produced);
	printf("\n# produced=%ld\n", (long)produced);
	for (unsigned i = 0;; i++) {
		gnutls_digest_algorithm_t dig = 99;
		gnutls_datum_t in, ik, sn;
		unsigned status = 99, reason = 99;
		time_t tu = 0, nu = 0, rt = 0;
		rc = gnutls_ocsp_resp_get_single(r, i, &dig, &in, &ik, &sn, &status, &tu, &nu, &rt, &reason);
		printf("single %u rc=%d", i, rc);
		if (rc < 0) {
			printf("\n");
			break;
		}
		cert_id_fields(dig, &in, &ik, &sn);
		printf(" status=%u reason=%u", status, reason);
		when("this", tu);
		when("next", nu);
		when("revoked", rt);
		printf("\n");
		printf("check_crt %u good=%d revoked=%d ca=%d\n", i, gnutls_ocsp_resp_check_crt(r, i, good),
		       gnutls_ocsp_resp_check_crt(r, i, revoked), gnutls_ocsp_resp_check_crt(r, i, ca));
	}
	/* Only some fields asked for, past the end. */
	printf("single past end status-only rc=%d\n",
	       gnutls_ocsp_resp_get_single(r, 5, NULL, NULL, NULL, NULL, &crit, NULL, NULL, NULL, NULL));
	printf("single past end serial-only rc=%d\n",
	       gnutls_ocsp_resp_get_single(r, 5, NULL, NULL, NULL, &d, NULL, NULL, NULL, NULL, NULL));
	for (unsigned i = 0;; i++) {
		gnutls_datum_t oid, data;
		rc = gnutls_ocsp_resp_get_extension(r, i, &oid, &crit, &data);
		printf("extension %u rc=%d", i, rc);
		if (rc < 0) {
			printf("\n");
			break;
		}
		printf(" oid='%s' critical=%u data_size=%u\n", oid.data, crit, data.size);
		gnutls_free(oid.data);
		gnutls_free(data.data);
	}
	crit = 7;
	rc = gnutls_ocsp_resp_get_nonce(r, &crit, &d);
	printf("nonce rc=%d", rc);
	if (rc >= 0) {
		printf(" critical=%u size=%u\n# nonce=", crit, d.size);
		hex(d.data, d.size);
		gnutls_free(d.data);
	}
	printf("\n");
	printf("signature_algorithm=%d\n", gnutls_ocsp_resp_get_signature_algorithm(r));
	rc = gnutls_ocsp_resp_get_signature(r, &d);
	printf("signature rc=%d", rc);
	if (rc >= 0) {
		printf(" size=%u", d.size);
		gnutls_free(d.data);
	}
	printf("\n");
	gnutls_x509_crt_t *certs = NULL;
	size_t n = 99;
	rc = gnutls_ocsp_resp_get_certs(r, &certs, &n);
	printf("get_certs rc=%d n=%zu", rc, rc >= 0 ? n : 0);
	if (rc >= 0) {
		printf(" terminated=%d", certs[n] == NULL);
		for (size_t i = 0; i < n; i++) {
			gnutls_datum_t dn;
			if (gnutls_x509_crt_get_dn2(certs[i], &dn) >= 0) {
				printf(" '%s'", dn.data);
				gnutls_free(dn.data);
			}
			gnutls_x509_crt_deinit(certs[i]);
		}
		gnutls_free(certs);
	}
	printf("\n");
	n = 99;
	printf("get_certs count-only rc=%d", rc = gnutls_ocsp_resp_get_certs(r, NULL, &n));
	printf(" n=%zu\n", rc >= 0 ? n : 0);

	unsigned v = 12345;
	rc = gnutls_ocsp_resp_verify(r, trust, &v, 0);
	printf("verify trust rc=%d verify=%u\n", rc, rc >= 0 ? v : 12345);
	v = 12345;
	rc = gnutls_ocsp_resp_verify_direct(r, ca, &v, 0);
	printf("verify_direct ca rc=%d verify=%u\n", rc, rc >= 0 ? v : 12345);
	v = 12345;
	rc = gnutls_ocsp_resp_verify_direct(r, ca2, &v, 0);
	printf("verify_direct ca2 rc=%d verify=%u\n", rc, rc >= 0 ? v : 12345);
	v = 12345;
	rc = gnutls_ocsp_resp_verify_direct(r, signer, &v, 0);
	printf("verify_direct signer rc=%d verify=%u\n", rc, rc >= 0 ? v : 12345);

	rc = gnutls_ocsp_resp_print(r, GNUTLS_OCSP_PRINT_FULL, &d);
	print_text("print full", rc, &d);
	rc = gnutls_ocsp_resp_print(r, GNUTLS_OCSP_PRINT_COMPACT, &d);
	print_text("print compact", rc, &d);
	rc = gnutls_ocsp_resp_print(r, 7, &d);
	print_text("print 7", rc, &d);

	gnutls_datum_t orig = file(pki, name);
	rc = gnutls_ocsp_resp_export(r, &d);
	printf("export rc=%d same=%d\n", rc, rc >= 0 && d.size == orig.size && memcmp(d.data, orig.data, d.size) == 0);
	if (rc >= 0)
		gnutls_free(d.data);
	rc = gnutls_ocsp_resp_export2(r, &d, GNUTLS_X509_FMT_PEM);
	printf("export2 pem rc=%d", rc);
	if (rc >= 0) {
		gnutls_ocsp_resp_t again;
		gnutls_ocsp_resp_init(&again);
		printf(" begins=%d", strncmp((char *)d.data, "-----BEGIN OCSP RESPONSE-----\n", 30) == 0);
		printf(" reimport=%d", gnutls_ocsp_resp_import2(again, &d, GNUTLS_X509_FMT_PEM));
		gnutls_ocsp_resp_deinit(again);
		gnutls_free(d.data);
	}
	printf("\n");
	gnutls_free(orig.data);
}

static void response(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "ocsp/%s", name);
	gnutls_datum_t d = file(pki, rel);
	gnutls_ocsp_resp_t r;
	gnutls_ocsp_resp_init(&r);
	int rc = gnutls_ocsp_resp_import(r, &d);
	printf("== response %s import rc=%d\n", name, rc);
	if (rc >= 0) {
		show_response(rel, r);
	} else {
		printf("status after failed import=%d\n", gnutls_ocsp_resp_get_status(r));
	}
	/* Importing twice into one object. */
	rc = gnutls_ocsp_resp_import(r, &d);
	printf("reimport rc=%d", rc);
	printf(" status=%d\n", gnutls_ocsp_resp_get_status(r));
	rc = gnutls_ocsp_resp_import2(r, &d, GNUTLS_X509_FMT_PEM);
	printf("import2 der-as-pem rc=%d\n", rc);
	gnutls_ocsp_resp_deinit(r);
	gnutls_free(d.data);
}

static void show_request(gnutls_ocsp_req_t q)
{
	int rc;
	gnutls_datum_t d;
	printf("req version=%d\n", gnutls_ocsp_req_get_version(q));
	for (unsigned i = 0;; i++) {
		gnutls_digest_algorithm_t dig = 99;
		gnutls_datum_t in, ik, sn;
		rc = gnutls_ocsp_req_get_cert_id(q, i, &dig, &in, &ik, &sn);
		printf("cert_id %u rc=%d", i, rc);
		if (rc < 0) {
			printf("\n");
			break;
		}
		cert_id_fields(dig, &in, &ik, &sn);
		printf("\n");
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t oid, data;
		unsigned crit;
		rc = gnutls_ocsp_req_get_extension(q, i, &oid, &crit, &data);
		printf("req extension %u rc=%d", i, rc);
		if (rc < 0) {
			printf("\n");
			break;
		}
		printf(" oid='%s' critical=%u data_size=%u\n", oid.data, crit, data.size);
		gnutls_free(oid.data);
		gnutls_free(data.data);
	}
	unsigned crit = 7;
	rc = gnutls_ocsp_req_get_nonce(q, &crit, &d);
	printf("req nonce rc=%d", rc);
	if (rc >= 0) {
		printf(" critical=%u size=%u", crit, d.size);
		gnutls_free(d.data);
	}
	printf("\n");
	rc = gnutls_ocsp_req_print(q, GNUTLS_OCSP_PRINT_FULL, &d);
	printf("req print rc=%d\n", rc);
	if (rc >= 0) {
		char *text = strndup((char *)d.data, d.size);
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			printf("  %s\n", strncmp(line, "\t\tNonce", 7) ? line : "\t\tNonce: (random)");
		free(text);
		gnutls_free(d.data);
	}
	printf("req print compact rc=%d\n", gnutls_ocsp_req_print(q, GNUTLS_OCSP_PRINT_COMPACT, &d));
}

static void request(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "ocsp/%s", name);
	gnutls_datum_t d = file(pki, rel), out;
	gnutls_ocsp_req_t q;
	gnutls_ocsp_req_init(&q);
	int rc = gnutls_ocsp_req_import(q, &d);
	printf("== request %s import rc=%d\n", name, rc);
	if (rc >= 0) {
		show_request(q);
		rc = gnutls_ocsp_req_export(q, &out);
		printf("req export rc=%d same=%d\n", rc, rc >= 0 && out.size == d.size && memcmp(out.data, d.data, d.size) == 0);
		if (rc >= 0)
			gnutls_free(out.data);
	}
	gnutls_ocsp_req_deinit(q);
	gnutls_free(d.data);
}

static void build_request(void)
{
	gnutls_ocsp_req_t q;
	gnutls_datum_t out;
	int rc;
	printf("== built request\n");
	gnutls_ocsp_req_init(&q);
	show_request(q);
	rc = gnutls_ocsp_req_export(q, &out);
	datum_line("empty export", rc, &out, 0);
	gnutls_datum_t early = { (void *)"early", 5 };
	printf("set_nonce after empty export rc=%d\n", gnutls_ocsp_req_set_nonce(q, 0, &early));
	gnutls_ocsp_req_deinit(q);
	gnutls_ocsp_req_init(&q);
	printf("add_cert sha1 rc=%d\n", gnutls_ocsp_req_add_cert(q, GNUTLS_DIG_SHA1, ca, good));
	printf("add_cert sha256 rc=%d\n", gnutls_ocsp_req_add_cert(q, GNUTLS_DIG_SHA256, ca, revoked));
	printf("add_cert unknown digest rc=%d\n", gnutls_ocsp_req_add_cert(q, 200, ca, good));
	gnutls_datum_t in = { (void *)"0123456789abcdef0123", 20 }, ik = { (void *)"KKKKKKKKKKKKKKKKKKKK", 20 },
		       sn = { (void *)"\x01\x02\x03", 3 };
	printf("add_cert_id rc=%d\n", gnutls_ocsp_req_add_cert_id(q, GNUTLS_DIG_SHA1, &in, &ik, &sn));
	printf("add_cert_id bad digest rc=%d\n", gnutls_ocsp_req_add_cert_id(q, 200, &in, &ik, &sn));
	printf("add_cert_id null rc=%d\n", gnutls_ocsp_req_add_cert_id(q, GNUTLS_DIG_SHA1, NULL, &ik, &sn));
	gnutls_datum_t nonce = { (void *)"fixed nonce value", 17 };
	printf("set_nonce rc=%d\n", gnutls_ocsp_req_set_nonce(q, 0, &nonce));
	gnutls_datum_t ext = { (void *)"\x04\x03" "abc", 5 };
	printf("set_extension rc=%d\n", gnutls_ocsp_req_set_extension(q, "1.2.3.4.5", 1, &ext));
	printf("set_nonce critical rc=%d\n", gnutls_ocsp_req_set_nonce(q, 1, &nonce));
	show_request(q);
	rc = gnutls_ocsp_req_export(q, &out);
	printf("built export rc=%d\n", rc);
	if (rc >= 0) {
		printf("built der=");
		hex(out.data, out.size);
		printf("\n");
		gnutls_ocsp_req_t back;
		gnutls_ocsp_req_init(&back);
		printf("built reimport rc=%d\n", gnutls_ocsp_req_import(back, &out));
		gnutls_datum_t n2;
		unsigned crit;
		rc = gnutls_ocsp_req_get_nonce(back, &crit, &n2);
		printf("built reimport nonce rc=%d", rc);
		if (rc >= 0) {
			printf(" critical=%u '%.*s'", crit, (int)n2.size, n2.data);
			gnutls_free(n2.data);
		}
		printf("\n");
		gnutls_ocsp_req_deinit(back);
		gnutls_free(out.data);
	}
	printf("randomize_nonce rc=%d\n", gnutls_ocsp_req_randomize_nonce(q));
	gnutls_datum_t n1, n2;
	unsigned crit = 7;
	rc = gnutls_ocsp_req_get_nonce(q, &crit, &n1);
	printf("random nonce rc=%d size=%u critical=%u\n", rc, rc >= 0 ? n1.size : 0, crit);
	gnutls_ocsp_req_randomize_nonce(q);
	if (gnutls_ocsp_req_get_nonce(q, NULL, &n2) >= 0 && rc >= 0) {
		printf("random nonces differ=%d\n", n1.size != n2.size || memcmp(n1.data, n2.data, n1.size) != 0);
		gnutls_free(n1.data);
		gnutls_free(n2.data);
	}
	gnutls_ocsp_req_deinit(q);

	/* Bad input. */
	gnutls_ocsp_req_init(&q);
	gnutls_datum_t junk = { (void *)"\x30\x03\x02\x01", 4 };
	printf("req import truncated rc=%d\n", gnutls_ocsp_req_import(q, &junk));
	gnutls_datum_t junk2 = { (void *)"\x04\x01\x00", 3 };
	printf("req import wrong tag rc=%d\n", gnutls_ocsp_req_import(q, &junk2));
	gnutls_datum_t empty = { (void *)"", 0 };
	printf("req import empty rc=%d\n", gnutls_ocsp_req_import(q, &empty));
	printf("req get_nonce null rc=%d\n", gnutls_ocsp_req_get_nonce(q, NULL, NULL));
	gnutls_ocsp_req_deinit(q);
}

static void list_import(const char *name, gnutls_x509_crt_fmt_t fmt)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "ocsp/%s", name);
	gnutls_datum_t d = file(pki, rel);
	gnutls_ocsp_resp_t *list = NULL;
	unsigned n = 99;
	int rc = gnutls_ocsp_resp_list_import2(&list, &n, &d, fmt, 0);
	printf("list_import2 %s fmt=%d rc=%d", name, fmt, rc);
	if (rc >= 0) {
		printf(" n=%u", n);
		for (unsigned i = 0; i < n; i++) {
			gnutls_datum_t e;
			unsigned st = 99;
			gnutls_ocsp_resp_get_single(list[i], 0, NULL, NULL, NULL, NULL, &st, NULL, NULL, NULL, NULL);
			printf(" [%u status=%d cert=%u", i, gnutls_ocsp_resp_get_status(list[i]), st);
			if (gnutls_ocsp_resp_export(list[i], &e) >= 0) {
				printf(" der_size=%u", e.size);
				gnutls_free(e.data);
			}
			printf("]");
			gnutls_ocsp_resp_deinit(list[i]);
		}
		gnutls_free(list);
	}
	printf("\n");
	gnutls_free(d.data);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ocsp PKIDIR\n");
		return 2;
	}
	pki = argv[1];
	gnutls_global_init();
	ca = crt(pki, "ca.pem");
	ca2 = crt(pki, "ca2.pem");
	good = crt(pki, "good.pem");
	revoked = crt(pki, "revoked.pem");
	signer = crt(pki, "ocsp/signer.pem");
	gnutls_x509_trust_list_init(&trust, 0);
	gnutls_x509_crt_t cas[1] = { crt(pki, "ca.pem") };
	printf("trust add_cas=%d\n", gnutls_x509_trust_list_add_cas(trust, cas, 1, 0));

	const char *responses[] = { "good.der", "revoked.der", "unknown.der", "two.der", "nonce.der", "nonext.der",
				    "keyid.der", "nocerts.der", "nocerts-keyid.der", "delegated.der",
				    "delegated-keyid.der", "noeku.der", "oldsigner.der", "other.der", "ca2.der",
				    "tampered.der", "trylater.der", "unauthorized.der", "garbage.bin",
				    "truncated.der", "empty.der", "req-good.der", NULL };
	for (int i = 0; responses[i]; i++)
		response(responses[i]);

	/* PEM responses. */
	{
		gnutls_datum_t d = file(pki, "ocsp/good.pem.ocsp");
		gnutls_ocsp_resp_t r;
		gnutls_ocsp_resp_init(&r);
		printf("import2 pem rc=%d", gnutls_ocsp_resp_import2(r, &d, GNUTLS_X509_FMT_PEM));
		printf(" status=%d\n", gnutls_ocsp_resp_get_status(r));
		printf("import pem-as-der rc=%d\n", gnutls_ocsp_resp_import(r, &d));
		printf("import2 bad fmt rc=%d\n", gnutls_ocsp_resp_import2(r, &d, 7));
		gnutls_ocsp_resp_deinit(r);
		gnutls_free(d.data);
		gnutls_datum_t e;
		gnutls_ocsp_resp_init(&r);
		printf("fresh status=%d", gnutls_ocsp_resp_get_status(r));
		printf(" version=%d", gnutls_ocsp_resp_get_version(r));
		printf(" produced=%ld\n", (long)gnutls_ocsp_resp_get_produced(r));
		printf("fresh raw_id dn rc=%d\n", gnutls_ocsp_resp_get_responder_raw_id(r, GNUTLS_OCSP_RESP_ID_DN, &e));
		printf("fresh signature_algorithm=%d\n", gnutls_ocsp_resp_get_signature_algorithm(r));
		printf("fresh export rc=%d\n", gnutls_ocsp_resp_export(r, &e));
		printf("fresh get_single rc=%d\n", gnutls_ocsp_resp_get_single(r, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
		printf("fresh nonce rc=%d\n", gnutls_ocsp_resp_get_nonce(r, NULL, &e));
		printf("fresh extension rc=%d\n", gnutls_ocsp_resp_get_extension(r, 0, NULL, NULL, NULL));
		gnutls_ocsp_resp_deinit(r);
	}
	list_import("two.pem.ocsp", GNUTLS_X509_FMT_PEM);
	list_import("good.pem.ocsp", GNUTLS_X509_FMT_PEM);
	list_import("good.der", GNUTLS_X509_FMT_DER);
	list_import("good.der", GNUTLS_X509_FMT_PEM);
	list_import("garbage.bin", GNUTLS_X509_FMT_DER);

	const char *requests[] = { "req-good.der", "req-nonce.der", "req-two.der", "req-unknown.der", "good.der", NULL };
	for (int i = 0; requests[i]; i++)
		request(requests[i]);
	build_request();

	printf("result=ok\n");
	gnutls_x509_trust_list_deinit(trust, 1);
	gnutls_global_deinit();
	return 0;
}
