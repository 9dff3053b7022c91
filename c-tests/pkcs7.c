/* PKCS #7 read side: every getter over SignedData made by openssl smime/cms and certtool.
 *   pkcs7 FILE FORMAT(der|pem)  -- all getters
 *   pkcs7 --bad FILE            -- garbage and truncations of a DER FILE
 *   pkcs7 --verify FILE CA SIGNER DATA -- signature info, gnutls_pkcs7_verify against CA
 *                                  (DATA: the signed file, given for detached signatures
 *                                  and, changed, to see the failure), verify_direct
 * Every return code is printed; "result=ok" at the end if nothing unexpected happened. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/pkcs7.h>
#include <gnutls/crypto.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void sha256(const char *label, const void *p, size_t n)
{
	unsigned char d[32];
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, d) < 0) {
		printf("FAIL hash\n");
		failures++;
		return;
	}
	printf("%s size=%zu sha256=", label, n);
	for (int i = 0; i < 8; i++)
		printf("%02x", d[i]);
	printf("\n");
}

static void one(const char *path, int fmt)
{
	gnutls_datum_t in, d;
	gnutls_pkcs7_t p7;
	if (gnutls_load_file(path, &in) < 0) {
		printf("FAIL load %s\n", path);
		failures++;
		return;
	}
	gnutls_pkcs7_init(&p7);
	printf("oid(before)=%s count(before)=%d\n", gnutls_pkcs7_get_embedded_data_oid(p7) ? "set" : "(null)",
	       gnutls_pkcs7_get_crt_count(p7));
	printf("import=%d\n", gnutls_pkcs7_import(p7, &in, fmt));
	const char *oid = gnutls_pkcs7_get_embedded_data_oid(p7);
	printf("embedded_data_oid=%s\n", oid ? oid : "(null)");
	int n = gnutls_pkcs7_get_crt_count(p7);
	printf("crt_count=%d\n", n);
	for (int i = 0; i <= n; i++) {
		int rc = gnutls_pkcs7_get_crt_raw2(p7, i, &d);
		printf("crt %d raw2=%d\n", i, rc);
		if (rc < 0)
			continue;
		sha256("  crt", d.data, d.size);
		gnutls_x509_crt_t crt;
		gnutls_datum_t dn;
		gnutls_x509_crt_init(&crt);
		if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) == 0 && gnutls_x509_crt_get_dn2(crt, &dn) == 0) {
			printf("  dn=%s\n", dn.data);
			gnutls_free(dn.data);
		}
		gnutls_x509_crt_deinit(crt);
		size_t size = 10;
		char small[10];
		printf("  raw(small)=%d size=%zu\n", gnutls_pkcs7_get_crt_raw(p7, i, small, &size), size);
		gnutls_free(d.data);
	}
	n = gnutls_pkcs7_get_crl_count(p7);
	printf("crl_count=%d\n", n);
	for (int i = 0; i <= n; i++) {
		int rc = gnutls_pkcs7_get_crl_raw2(p7, i, &d);
		printf("crl %d raw2=%d\n", i, rc);
		if (rc == 0) {
			sha256("  crl", d.data, d.size);
			gnutls_free(d.data);
		}
	}
	printf("signature_count=%d\n", gnutls_pkcs7_get_signature_count(p7));
	int rc = gnutls_pkcs7_get_embedded_data(p7, 0, &d);
	printf("embedded_data=%d\n", rc);
	if (rc == 0) {
		sha256("  data", d.data, d.size);
		gnutls_free(d.data);
	}
	rc = gnutls_pkcs7_get_embedded_data(p7, GNUTLS_PKCS7_EDATA_GET_RAW, &d);
	printf("embedded_data(raw)=%d\n", rc);
	if (rc == 0) {
		sha256("  raw", d.data, d.size);
		gnutls_free(d.data);
	}
	rc = gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &d);
	printf("export2(DER)=%d\n", rc);
	if (rc == 0) {
		sha256("  der", d.data, d.size);
		gnutls_free(d.data);
	}
	rc = gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_PEM, &d);
	printf("export2(PEM)=%d\n", rc);
	if (rc == 0) {
		printf("  pem-head=%.20s\n", d.data);
		gnutls_pkcs7_t again;
		gnutls_pkcs7_init(&again);
		rc = gnutls_pkcs7_import(again, &d, GNUTLS_X509_FMT_PEM);
		printf("  import(PEM)=%d count=%d\n", rc, gnutls_pkcs7_get_crt_count(again));
		gnutls_pkcs7_deinit(again);
		gnutls_free(d.data);
	}
	size_t size = 5;
	char small[5];
	printf("export(DER, small)=%d\n", gnutls_pkcs7_export(p7, GNUTLS_X509_FMT_DER, small, &size));
	printf("  size=%zu\n", size);
	gnutls_pkcs7_deinit(p7);
	gnutls_free(in.data);
}

static void bad(const char *path)
{
	gnutls_datum_t der;
	if (gnutls_load_file(path, &der) < 0) {
		printf("FAIL load %s\n", path);
		failures++;
		return;
	}
	/* ContentInfo { id-data, [0] OCTET STRING "" } */
	static unsigned char data_ci[] = { 0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00 };
	struct { const char *name; gnutls_datum_t d; int fmt; } cases[] = {
		{ "garbage", { (unsigned char *)"hello world", 11 }, GNUTLS_X509_FMT_DER },
		{ "empty", { (unsigned char *)"", 0 }, GNUTLS_X509_FMT_DER },
		{ "half", { der.data, der.size / 2 }, GNUTLS_X509_FMT_DER },
		{ "minus1", { der.data, der.size - 1 }, GNUTLS_X509_FMT_DER },
		{ "id-data", { data_ci, sizeof(data_ci) }, GNUTLS_X509_FMT_DER },
		{ "pem-no-header", { (unsigned char *)"hello world", 11 }, GNUTLS_X509_FMT_PEM },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gnutls_pkcs7_t p7;
		gnutls_pkcs7_init(&p7);
		printf("bad %s import=%d\n", cases[i].name, gnutls_pkcs7_import(p7, &cases[i].d, cases[i].fmt));
		gnutls_datum_t out = { NULL, 0 };
		gnutls_pkcs7_signature_info_st info;
		printf("  counts=%d/%d/%d raw2=%d edata=%d export2=%d info=%d\n", gnutls_pkcs7_get_crt_count(p7),
		       gnutls_pkcs7_get_crl_count(p7), gnutls_pkcs7_get_signature_count(p7),
		       gnutls_pkcs7_get_crt_raw2(p7, 0, &out), gnutls_pkcs7_get_embedded_data(p7, 0, &out),
		       gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, &out), gnutls_pkcs7_get_signature_info(p7, 0, &info));
		gnutls_pkcs7_deinit(p7);
	}
	gnutls_free(der.data);
}

static void print_attrs(const char *label, gnutls_pkcs7_attrs_t list)
{
	for (unsigned i = 0;; i++) {
		char *oid = NULL;
		gnutls_datum_t v;
		int rc = gnutls_pkcs7_get_attr(list, i, &oid, &v, 0);
		if (rc < 0) {
			printf("  %s %u rc=%d\n", label, i, rc);
			break;
		}
		printf("  %s %u oid=%s\n", label, i, oid);
		if (strcmp(oid, "1.2.840.113549.1.9.5") != 0)
			sha256("    value", v.data, v.size);
		gnutls_free(v.data);
	}
}

static void verify(const char *path, const char *ca, const char *signer_path, const char *data_path)
{
	gnutls_datum_t in, data, changed, signer_pem;
	gnutls_pkcs7_t p7;
	if (gnutls_load_file(path, &in) < 0 || gnutls_load_file(data_path, &data) < 0 || gnutls_load_file(signer_path, &signer_pem) < 0) {
		printf("FAIL load\n");
		failures++;
		return;
	}
	gnutls_pkcs7_init(&p7);
	printf("import=%d\n", gnutls_pkcs7_import(p7, &in, GNUTLS_X509_FMT_DER));
	int n = gnutls_pkcs7_get_signature_count(p7);
	printf("signature_count=%d\n", n);
	for (int i = 0; i <= n; i++) {
		gnutls_pkcs7_signature_info_st info;
		int rc = gnutls_pkcs7_get_signature_info(p7, i, &info);
		printf("signature_info %d=%d\n", i, rc);
		if (rc < 0)
			continue;
		printf("  algo=%d %s sig_size=%u issuer_dn_size=%u keyid_size=%u time_set=%d\n", info.algo,
		       gnutls_sign_get_name(info.algo), info.sig.size, info.issuer_dn.size, info.issuer_keyid.size,
		       info.signing_time != -1);
		sha256("  serial", info.signer_serial.data, info.signer_serial.size);
		sha256("  issuer_dn", info.issuer_dn.data, info.issuer_dn.size);
		print_attrs("signed_attr", info.signed_attrs);
		print_attrs("unsigned_attr", info.unsigned_attrs);
		gnutls_pkcs7_signature_info_deinit(&info);
	}

	gnutls_x509_trust_list_t tl, empty;
	gnutls_x509_trust_list_init(&tl, 0);
	gnutls_x509_trust_list_init(&empty, 0);
	printf("add_trust_file=%d\n", gnutls_x509_trust_list_add_trust_file(tl, ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0));
	int detached = gnutls_pkcs7_get_embedded_data(p7, 0, &(gnutls_datum_t){0}) < 0;
	printf("detached=%d\n", detached);
	printf("verify(embedded or none)=%d\n", gnutls_pkcs7_verify(p7, tl, NULL, 0, 0, NULL, 0));
	printf("verify(data)=%d\n", gnutls_pkcs7_verify(p7, tl, NULL, 0, 0, &data, 0));
	changed.data = gnutls_malloc(data.size);
	memcpy(changed.data, data.data, data.size);
	changed.size = data.size;
	changed.data[0] ^= 1;
	printf("verify(changed data)=%d\n", gnutls_pkcs7_verify(p7, tl, NULL, 0, 0, &changed, 0));
	printf("verify(no trust)=%d\n", gnutls_pkcs7_verify(p7, empty, NULL, 0, 0, &data, 0));
	printf("verify(idx 5)=%d\n", gnutls_pkcs7_verify(p7, tl, NULL, 0, 5, &data, 0));
	gnutls_typed_vdata_st vd = { GNUTLS_DT_KEY_PURPOSE_OID, (unsigned char *)GNUTLS_KP_CODE_SIGNING, 0 };
	printf("verify(code-signing purpose)=%d\n", gnutls_pkcs7_verify(p7, tl, &vd, 1, 0, &data, 0));
	vd.data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	printf("verify(www-server purpose)=%d\n", gnutls_pkcs7_verify(p7, tl, &vd, 1, 0, &data, 0));

	gnutls_x509_crt_t signer;
	gnutls_x509_crt_init(&signer);
	printf("signer import=%d\n", gnutls_x509_crt_import(signer, &signer_pem, GNUTLS_X509_FMT_PEM));
	printf("verify_direct(data)=%d\n", gnutls_pkcs7_verify_direct(p7, signer, 0, &data, 0));
	printf("verify_direct(changed)=%d\n", gnutls_pkcs7_verify_direct(p7, signer, 0, &changed, 0));
	gnutls_x509_crt_deinit(signer);

	gnutls_pkcs7_attrs_t list = NULL;
	gnutls_datum_t v = { (unsigned char *)"abc", 3 }, got;
	char *oid;
	printf("add_attr=%d\n", gnutls_pkcs7_add_attr(&list, "1.2.3.4", &v, GNUTLS_PKCS7_ATTR_ENCODE_OCTET_STRING));
	printf("add_attr=%d\n", gnutls_pkcs7_add_attr(&list, "1.2.3.5", &v, 0));
	for (unsigned i = 0; i < 3; i++) {
		int rc = gnutls_pkcs7_get_attr(list, i, &oid, &got, 0);
		printf("get_attr %u=%d %s size=%u\n", i, rc, rc == 0 ? oid : "-", rc == 0 ? got.size : 0);
		if (rc == 0)
			gnutls_free(got.data);
	}
	int rc = gnutls_pkcs7_get_attr(list, 1, &oid, &got, GNUTLS_PKCS7_ATTR_ENCODE_OCTET_STRING);
	printf("get_attr decoded=%d size=%u\n", rc, rc == 0 ? got.size : 0);
	if (rc == 0)
		gnutls_free(got.data);
	gnutls_pkcs7_attrs_deinit(list);

	gnutls_x509_trust_list_deinit(tl, 1);
	gnutls_x509_trust_list_deinit(empty, 1);
	gnutls_pkcs7_deinit(p7);
	gnutls_free(changed.data);
	gnutls_free(in.data);
	gnutls_free(data.data);
	gnutls_free(signer_pem.data);
}

int main(int argc, char **argv)
{
	gnutls_global_init();
	if (argc == 3 && strcmp(argv[1], "--bad") == 0)
		bad(argv[2]);
	else if (argc == 6 && strcmp(argv[1], "--verify") == 0)
		verify(argv[2], argv[3], argv[4], argv[5]);
	else if (argc == 3)
		one(argv[1], strcmp(argv[2], "pem") == 0 ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER);
	else {
		fprintf(stderr, "usage: pkcs7 FILE der|pem | --bad FILE\n");
		return 2;
	}
	gnutls_global_deinit();
	printf(failures ? "result=fail\n" : "result=ok\n");
	return failures != 0;
}
