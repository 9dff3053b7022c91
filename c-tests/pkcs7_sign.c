/* PKCS #7 write side: building certificate/CRL sets and signing.
 *   pkcs7_sign PKI OUTDIR
 * PKI holds ca.pem/ca.key, good.pem/good.key (RSA) and crl.pem. Builds a set with
 * set_crt/_raw, set_crl/_raw and deletes; signs "data" with every flag, with attributes,
 * twice, over imported content; writes each result to OUTDIR/NAME.p7s (DER) for openssl
 * and certtool to check, re-imports it and verifies it with gnutls_pkcs7_verify. RSA
 * PKCS#1 v1.5 is deterministic, so outputs without a signing time are compared by hash;
 * lines with a time, and GnuTLS 3.7.9's failures that ours does not share (deleting,
 * GNUTLS_PKCS7_WRITE_SPKI, embedding into a built set), start with '#'. "result=ok" at the end if nothing unexpected happened. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/pkcs7.h>
#include <gnutls/crypto.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static const char *outdir;
static gnutls_x509_crt_t ca, good;
static gnutls_privkey_t ca_key, good_key;
static gnutls_x509_trust_list_t tl;
static const gnutls_datum_t content = { (unsigned char *)"signed by pkcs7_sign.c\n", 23 };

#define CHECK(x) do { int _r = (x); if (_r < 0) { printf("FAIL %s=%d\n", #x, _r); failures++; } } while (0)

static void sha256(const char *label, const void *p, size_t n)
{
	unsigned char d[32];
	CHECK(gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, d));
	printf("%s size=%zu sha256=", label, n);
	for (int i = 0; i < 8; i++)
		printf("%02x", d[i]);
	printf("\n");
}

static char *path_of(const char *dir, const char *name)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void load_crt(const char *pki, const char *name, gnutls_x509_crt_t *crt)
{
	gnutls_datum_t d;
	CHECK(gnutls_load_file(path_of(pki, name), &d));
	gnutls_x509_crt_init(crt);
	CHECK(gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
}

static void load_key(const char *pki, const char *name, gnutls_privkey_t *key)
{
	gnutls_datum_t d;
	CHECK(gnutls_load_file(path_of(pki, name), &d));
	gnutls_privkey_init(key);
	CHECK(gnutls_privkey_import_x509_raw(*key, &d, GNUTLS_X509_FMT_PEM, NULL, 0));
	gnutls_free(d.data);
}

static void counts(const char *label, gnutls_pkcs7_t p7, int quirk)
{
	printf("%s%s crt_count=%d crl_count=%d signature_count=%d\n", quirk ? "# " : "", label, gnutls_pkcs7_get_crt_count(p7),
	       gnutls_pkcs7_get_crl_count(p7), gnutls_pkcs7_get_signature_count(p7));
	for (int i = 0; i < gnutls_pkcs7_get_crt_count(p7); i++) {
		gnutls_datum_t d;
		int rc = gnutls_pkcs7_get_crt_raw2(p7, i, &d);
		printf("%s  crt %d raw2=%d\n", quirk ? "# " : "", i, rc);
		if (rc == 0) {
			printf("%s", quirk ? "# " : "");
			sha256("  crt", d.data, d.size);
			gnutls_free(d.data);
		}
	}
}

static void build(const char *pki)
{
	gnutls_pkcs7_t p7;
	gnutls_datum_t d, out;
	gnutls_x509_crl_t crl;

	gnutls_pkcs7_init(&p7);
	printf("empty delete_crt(0)=%d delete_crl(0)=%d\n", gnutls_pkcs7_delete_crt(p7, 0), gnutls_pkcs7_delete_crl(p7, 0));
	CHECK(gnutls_x509_crt_export2(ca, GNUTLS_X509_FMT_DER, &d));
	printf("set_crt_raw(ca)=%d\n", gnutls_pkcs7_set_crt_raw(p7, &d));
	gnutls_free(d.data);
	printf("embedded_data_oid=%s\n", gnutls_pkcs7_get_embedded_data_oid(p7) ? gnutls_pkcs7_get_embedded_data_oid(p7) : "(null)");
	printf("set_crt(good)=%d\n", gnutls_pkcs7_set_crt(p7, good));
	printf("set_crt(ca)=%d\n", gnutls_pkcs7_set_crt(p7, ca));
	counts("after set_crt", p7, 1);

	CHECK(gnutls_load_file(path_of(pki, "crl.pem"), &d));
	gnutls_x509_crl_init(&crl);
	CHECK(gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	printf("set_crl=%d\n", gnutls_pkcs7_set_crl(p7, crl));
	CHECK(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &d));
	printf("set_crl_raw=%d\n", gnutls_pkcs7_set_crl_raw(p7, &d));
	gnutls_free(d.data);
	gnutls_x509_crl_deinit(crl);
	counts("after set_crl", p7, 1);

	printf("export2(DER)=%d\n", gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &out));
	sha256("  set", out.data, out.size);
	FILE *f = fopen(path_of(outdir, "set.p7b"), "wb");
	if (f) {
		fwrite(out.data, 1, out.size, f);
		fclose(f);
	}
	gnutls_free(out.data);
	/* GnuTLS reads a built set's certificates from its last import: none here. */
	printf("# print(FULL)=%d\n", gnutls_pkcs7_print(p7, GNUTLS_CRT_PRINT_FULL, &out));
	printf("# ");
	sha256("  print", out.data, out.size);
	gnutls_free(out.data);
	{
		gnutls_pkcs7_t again;
		gnutls_pkcs7_init(&again);
		CHECK(gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_PEM, &out));
		printf("reimport=%d\n", gnutls_pkcs7_import(again, &out, GNUTLS_X509_FMT_PEM));
		gnutls_free(out.data);
		counts("reimported", again, 0);
		printf("reimported print(FULL)=%d\n", gnutls_pkcs7_print(again, GNUTLS_CRT_PRINT_FULL, &out));
		sha256("  print", out.data, out.size);
		gnutls_free(out.data);
		gnutls_pkcs7_deinit(again);
	}

	/* GnuTLS 3.7.9 deletes nothing (-72 for an index that exists); ours deletes. */
	printf("delete_crt(5)=%d\n", gnutls_pkcs7_delete_crt(p7, 5));
	printf("delete_crt(-1)=%d\n", gnutls_pkcs7_delete_crt(p7, -1));
	printf("delete_crl(2)=%d\n", gnutls_pkcs7_delete_crl(p7, 2));
	printf("# delete_crt(0)=%d\n", gnutls_pkcs7_delete_crt(p7, 0));
	printf("# delete_crl(1)=%d\n", gnutls_pkcs7_delete_crl(p7, 1));
	counts("after delete", p7, 1);
	printf("# delete_crl(0)=%d\n", gnutls_pkcs7_delete_crl(p7, 0));
	printf("# delete_crt(1)=%d\n", gnutls_pkcs7_delete_crt(p7, 1));
	printf("# delete_crt(0)=%d\n", gnutls_pkcs7_delete_crt(p7, 0));
	counts("emptied", p7, 1);
	printf("# export2(emptied)=%d\n", gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &out));
	printf("# ");
	sha256("  emptied", out.data, out.size);
	gnutls_free(out.data);
	gnutls_pkcs7_deinit(p7);
}

/* Exports, writes OUTDIR/NAME.p7s, re-imports and verifies every signature. */
static const char *q = "";

static void check(const char *name, gnutls_pkcs7_t p7, int timed, int detached)
{
	gnutls_datum_t out, text;
	gnutls_pkcs7_t again;
	int rc = gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &out);
	printf("%s%s export2=%d\n", q, name, rc);
	if (rc < 0)
		return;
	printf("%s", timed || *q ? "# " : "");
	sha256("  der", out.data, out.size);
	FILE *f = fopen(path_of(outdir, name), "wb");
	if (f) {
		fwrite(out.data, 1, out.size, f);
		fclose(f);
	}
	gnutls_pkcs7_init(&again);
	printf("%s  import=%d\n", q, gnutls_pkcs7_import(again, &out, GNUTLS_X509_FMT_DER));
	gnutls_free(out.data);
	int n = gnutls_pkcs7_get_signature_count(again);
	printf("%s  signature_count=%d crt_count=%d oid=%s\n", q, n, gnutls_pkcs7_get_crt_count(again),
	       gnutls_pkcs7_get_embedded_data_oid(again));
	for (int i = 0; i < n; i++) {
		gnutls_pkcs7_signature_info_st info;
		rc = gnutls_pkcs7_get_signature_info(again, i, &info);
		printf("%s  signature %d info=%d algo=%s time=%s\n", q, i, rc, gnutls_sign_get_name(info.algo),
		       info.signing_time == -1 ? "none" : "set");
		if (rc == 0 && gnutls_pkcs7_print_signature_info(&info, GNUTLS_CRT_PRINT_FULL, &text) == 0) {
			char *line = strtok((char *)text.data, "\n");
			for (; line; line = strtok(NULL, "\n"))
				printf("%s    |%s\n", strstr(line, "ime") || *q ? "# " : "", line);
			gnutls_free(text.data);
		}
		if (rc == 0)
			gnutls_pkcs7_signature_info_deinit(&info);
		printf("%s  verify(%d)=%d\n", q, i, gnutls_pkcs7_verify(again, tl, NULL, 0, i, detached ? &content : NULL, 0));
		gnutls_datum_t other = { (unsigned char *)"other", 5 };
		printf("%s  verify(%d, other data)=%d\n", q, i, gnutls_pkcs7_verify(again, tl, NULL, 0, i, &other, 0));
	}
	gnutls_pkcs7_deinit(again);
}

static void sign_case(const char *name, unsigned flags, int with_attrs, const char *quirk)
{
	gnutls_pkcs7_t p7;
	gnutls_pkcs7_attrs_t sattrs = NULL, uattrs = NULL;
	gnutls_datum_t v1 = { (unsigned char *)"signed value", 12 };
	gnutls_datum_t v2 = { (unsigned char *)"\x0c\x08unsigned", 10 };

	if (with_attrs) {
		CHECK(gnutls_pkcs7_add_attr(&sattrs, "1.2.3.4.5", &v1, GNUTLS_PKCS7_ATTR_ENCODE_OCTET_STRING));
		CHECK(gnutls_pkcs7_add_attr(&sattrs, "1.2.3.4.6", &v1, GNUTLS_PKCS7_ATTR_ENCODE_OCTET_STRING));
		CHECK(gnutls_pkcs7_add_attr(&uattrs, "1.2.3.4.7", &v2, 0));
	}
	gnutls_pkcs7_init(&p7);
	q = quirk;
	printf("%s%s sign=%d\n", q, name, gnutls_pkcs7_sign(p7, good, good_key, &content, sattrs, uattrs, GNUTLS_DIG_SHA256, flags));
	check(name, p7, flags & GNUTLS_PKCS7_INCLUDE_TIME, !(flags & GNUTLS_PKCS7_EMBED_DATA));
	q = "";
	gnutls_pkcs7_deinit(p7);
	gnutls_pkcs7_attrs_deinit(sattrs);
	gnutls_pkcs7_attrs_deinit(uattrs);
}

static void sign_more(void)
{
	gnutls_pkcs7_t p7;
	gnutls_datum_t out;

	/* Two signers, the second by the CA with SHA-384, over one set. */
	gnutls_pkcs7_init(&p7);
	printf("two sign(good)=%d\n", gnutls_pkcs7_sign(p7, good, good_key, &content, NULL, NULL, GNUTLS_DIG_SHA256,
						       GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT));
	printf("two sign(ca)=%d\n", gnutls_pkcs7_sign(p7, ca, ca_key, &content, NULL, NULL, GNUTLS_DIG_SHA384,
						     GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT));
	check("two.p7s", p7, 0, 0);

	/* A signature over the content already embedded (data NULL). */
	CHECK(gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &out));
	gnutls_pkcs7_deinit(p7);
	gnutls_pkcs7_init(&p7);
	CHECK(gnutls_pkcs7_import(p7, &out, GNUTLS_X509_FMT_DER));
	gnutls_free(out.data);
	printf("embedded sign(NULL data)=%d\n", gnutls_pkcs7_sign(p7, good, good_key, NULL, NULL, NULL, GNUTLS_DIG_SHA512, 0));
	check("embedded.p7s", p7, 0, 0);
	gnutls_pkcs7_deinit(p7);

	/* A set made by set_crt, then signed: the content type becomes id-data. */
	gnutls_pkcs7_init(&p7);
	CHECK(gnutls_pkcs7_set_crt(p7, ca));
	printf("set-then-sign oid(before)=%s\n", gnutls_pkcs7_get_embedded_data_oid(p7) ? "set" : "(null)");
	/* GnuTLS 3.7.9 cannot embed data into a set it built (-67); ours can. */
	q = "# ";
	printf("# set-then-sign sign=%d\n", gnutls_pkcs7_sign(p7, good, good_key, &content, NULL, NULL, GNUTLS_DIG_SHA256, GNUTLS_PKCS7_EMBED_DATA));
	check("setsign.p7s", p7, 0, 0);
	q = "";
	gnutls_pkcs7_deinit(p7);

	/* Misuse. */
	gnutls_pkcs7_init(&p7);
	printf("bad sign(dig unknown)=%d\n", gnutls_pkcs7_sign(p7, good, good_key, &content, NULL, NULL, GNUTLS_DIG_UNKNOWN, 0));
	printf("bad sign(time, no data)=%d\n", gnutls_pkcs7_sign(p7, good, good_key, NULL, NULL, NULL, GNUTLS_DIG_SHA256, GNUTLS_PKCS7_INCLUDE_TIME));
	gnutls_pkcs7_deinit(p7);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: pkcs7_sign PKI OUTDIR\n");
		return 2;
	}
	gnutls_global_init();
	outdir = argv[2];
	load_crt(argv[1], "ca.pem", &ca);
	load_crt(argv[1], "good.pem", &good);
	load_key(argv[1], "ca.key", &ca_key);
	load_key(argv[1], "good.key", &good_key);
	gnutls_x509_trust_list_init(&tl, 0);
	CHECK(gnutls_x509_trust_list_add_trust_file(tl, path_of(argv[1], "ca.pem"), NULL, GNUTLS_X509_FMT_PEM, 0, 0));

	build(argv[1]);
	sign_case("detached.p7s", 0, 0, "");
	sign_case("embed.p7s", GNUTLS_PKCS7_EMBED_DATA, 0, "");
	sign_case("cert.p7s", GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT, 0, "");
	sign_case("spki.p7s", GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT | GNUTLS_PKCS7_WRITE_SPKI, 0, "# ");
	sign_case("attrs.p7s", GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT, 1, "");
	sign_case("time.p7s", GNUTLS_PKCS7_EMBED_DATA | GNUTLS_PKCS7_INCLUDE_CERT | GNUTLS_PKCS7_INCLUDE_TIME, 1, "");
	sign_case("timedet.p7s", GNUTLS_PKCS7_INCLUDE_TIME, 0, "");
	sign_more();

	gnutls_x509_trust_list_deinit(tl, 1);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_crt_deinit(good);
	gnutls_privkey_deinit(ca_key);
	gnutls_privkey_deinit(good_key);
	gnutls_global_deinit();
	printf("result=%s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}
