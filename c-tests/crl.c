/* Every getter of gnutls_x509_crl_t, gnutls_x509_crl_print, verification against CAs and
 * revocation checks, printed so that `tests/run.py --diff` compares GnuTLS 3.7.9 and
 * gnutls-rustls line by line.
 *
 * usage: crl CA.pem CERTS.pem(list) CRL... [-- BAD...]
 *        crl --sign CA.pem CA.key CERT.pem
 *   CA.pem     the CRLs' issuers (a PEM list)
 *   CERTS.pem  certificates to check against each CRL (a PEM list)
 *   CRL        PEM files (each read as a list, and its first CRL also as DER)
 *   BAD        files that must not import (printed: their codes, DER and PEM)
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void hex(const void *p, size_t n)
{
	const unsigned char *d = p;
	for (size_t i = 0; i < n; i++)
		printf("%02x", d[i]);
}

static void buf_line(const char *label, int rc, const void *buf, size_t size, int text)
{
	printf("%s rc=%d size=%zu", label, rc, size);
	if (rc >= 0) {
		if (text)
			printf(" '%s'", (const char *)buf);
		else {
			printf(" hex=");
			hex(buf, size);
		}
	}
	printf("\n");
}

static void datum_line(const char *label, int rc, gnutls_datum_t *d, int text)
{
	printf("%s rc=%d", label, rc);
	if (rc >= 0) {
		printf(" size=%u ", d->size);
		if (text)
			printf("'%.*s'", (int)d->size, (char *)d->data);
		else
			hex(d->data, d->size);
		gnutls_free(d->data);
	}
	printf("\n");
}

static time_t shift;

static time_t shifted_time(time_t *t)
{
	time_t now = time(NULL) + shift;
	if (t)
		*t = now;
	return now;
}

static const char *base(const char *f)
{
	return strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
}

static void getters(gnutls_x509_crl_t crl, gnutls_x509_crt_t *cas, unsigned ncas, gnutls_x509_crt_t *certs, unsigned ncerts)
{
	char buf[4096];
	size_t size;
	unsigned crit, i;
	int rc;
	gnutls_datum_t d;
	time_t t;

	printf("version=%d\n", gnutls_x509_crl_get_version(crl));
	printf("this_update=%ld\n", (long)gnutls_x509_crl_get_this_update(crl));
	t = gnutls_x509_crl_get_next_update(crl);
	printf("next_update=%s\n", t == (time_t)-1 ? "none" : "set");
	printf("next_minus_this=%ld\n", t == (time_t)-1 ? 0L : (long)(t - gnutls_x509_crl_get_this_update(crl)));
	printf("signature_algorithm=%d\n", gnutls_x509_crl_get_signature_algorithm(crl));

	size = sizeof(buf);
	rc = gnutls_x509_crl_get_signature_oid(crl, buf, &size);
	buf_line("signature_oid", rc, buf, size, 1);
	size = 0;
	rc = gnutls_x509_crl_get_signature_oid(crl, NULL, &size);
	printf("signature_oid null rc=%d size=%zu\n", rc, size);

	size = 0;
	rc = gnutls_x509_crl_get_signature(crl, NULL, &size);
	printf("signature size query rc=%d size=%zu\n", rc, size);
	size = sizeof(buf);
	rc = gnutls_x509_crl_get_signature(crl, buf, &size);
	printf("signature rc=%d size_after=%zu\n", rc, size);

	size = sizeof(buf);
	rc = gnutls_x509_crl_get_issuer_dn(crl, buf, &size);
	buf_line("issuer_dn", rc, buf, size, 1);
	size = 3;
	rc = gnutls_x509_crl_get_issuer_dn(crl, buf, &size);
	printf("issuer_dn short rc=%d size=%zu\n", rc, size);
	size = 0;
	rc = gnutls_x509_crl_get_issuer_dn(crl, NULL, &size);
	printf("issuer_dn null rc=%d size=%zu\n", rc, size);
	rc = gnutls_x509_crl_get_issuer_dn2(crl, &d);
	datum_line("issuer_dn2", rc, &d, 1);
	rc = gnutls_x509_crl_get_issuer_dn3(crl, &d, 0);
	datum_line("issuer_dn3 0", rc, &d, 1);
	rc = gnutls_x509_crl_get_issuer_dn3(crl, &d, GNUTLS_X509_DN_FLAG_COMPAT);
	datum_line("issuer_dn3 compat", rc, &d, 1);
	rc = gnutls_x509_crl_get_raw_issuer_dn(crl, &d);
	datum_line("raw_issuer_dn", rc, &d, 0);
	for (i = 0; i < 8; i++) {
		size = sizeof(buf);
		rc = gnutls_x509_crl_get_dn_oid(crl, i, buf, &size);
		buf_line("dn_oid", rc, buf, size, 1);
		if (rc < 0)
			break;
		size = sizeof(buf);
		rc = gnutls_x509_crl_get_issuer_dn_by_oid(crl, buf, 0, 0, buf + 1024, &size);
		buf_line("  by_oid", rc, buf + 1024, size, 1);
		size = sizeof(buf) - 1024;
		rc = gnutls_x509_crl_get_issuer_dn_by_oid(crl, buf, 0, 1, buf + 1024, &size);
		buf_line("  by_oid raw", rc, buf + 1024, size, 0);
	}
	size = sizeof(buf);
	rc = gnutls_x509_crl_get_issuer_dn_by_oid(crl, GNUTLS_OID_X520_COMMON_NAME, 1, 0, buf, &size);
	printf("by_oid cn#1 rc=%d\n", rc);

	for (i = 0; i < 8; i++) {
		size = sizeof(buf);
		crit = 99;
		rc = gnutls_x509_crl_get_extension_info(crl, i, buf, &size, &crit);
		printf("extension_info %u rc=%d size=%zu", i, rc, size);
		if (rc < 0) {
			printf("\n");
			break;
		}
		printf(" '%s' critical=%u\n", buf, crit);
		size = sizeof(buf);
		rc = gnutls_x509_crl_get_extension_oid(crl, i, buf, &size);
		buf_line("  extension_oid", rc, buf, size, 1);
		size = 0;
		rc = gnutls_x509_crl_get_extension_oid(crl, i, NULL, &size);
		printf("  extension_oid null rc=%d size=%zu\n", rc, size);
		size = sizeof(buf);
		rc = gnutls_x509_crl_get_extension_data(crl, i, buf, &size);
		buf_line("  extension_data", rc, buf, size, 0);
		size = 0;
		rc = gnutls_x509_crl_get_extension_data(crl, i, NULL, &size);
		printf("  extension_data null rc=%d size=%zu\n", rc, size);
		rc = gnutls_x509_crl_get_extension_data2(crl, i, &d);
		datum_line("  extension_data2", rc, &d, 0);
	}
	size = sizeof(buf);
	crit = 99;
	rc = gnutls_x509_crl_get_authority_key_id(crl, buf, &size, &crit);
	buf_line("authority_key_id", rc, buf, size, 0);
	if (rc >= 0)
		printf("authority_key_id critical=%u\n", crit);
	{
		unsigned type = 99;
		size_t serial_size = 64;
		size = sizeof(buf);
		rc = gnutls_x509_crl_get_authority_key_gn_serial(crl, 0, buf, &size, &type, buf + 2048, &serial_size, &crit);
		printf("authority_key_gn_serial rc=%d", rc);
		if (rc >= 0) {
			printf(" type=%u name='%.*s' critical=%u serial=", type, (int)size, buf, crit);
			hex(buf + 2048, serial_size);
		}
		printf("\n");
	}
	size = 2;
	rc = gnutls_x509_crl_get_authority_key_id(crl, buf, &size, NULL);
	printf("authority_key_id short rc=%d size=%zu\n", rc, size);
	size = sizeof(buf);
	crit = 99;
	rc = gnutls_x509_crl_get_number(crl, buf, &size, &crit);
	buf_line("number", rc, buf, size, 0);
	if (rc >= 0)
		printf("number critical=%u\n", crit);
	size = 100;
	rc = gnutls_x509_crl_get_number(crl, NULL, &size, NULL);
	printf("number null rc=%d size=%zu\n", rc, size);

	rc = gnutls_x509_crl_get_crt_count(crl);
	printf("crt_count=%d\n", rc);
	for (i = 0;; i++) {
		size = sizeof(buf);
		t = 0;
		rc = gnutls_x509_crl_get_crt_serial(crl, i, (unsigned char *)buf, &size, &t);
		printf("crt_serial %u rc=%d", i, rc);
		if (rc < 0) {
			printf("\n");
			break;
		}
		printf(" serial=");
		hex(buf, size);
		printf(" revoked_before_this_update=%d\n", t <= gnutls_x509_crl_get_this_update(crl));
		if (i == 0) {
			size = 0;
			rc = gnutls_x509_crl_get_crt_serial(crl, i, NULL, &size, NULL);
			printf("crt_serial null rc=%d size=%zu\n", rc, size);
		}
	}
	{
		gnutls_x509_crl_iter_t iter = NULL;
		for (i = 0; i < 2 * (unsigned)gnutls_x509_crl_get_crt_count(crl) + 2; i++) {
			size = sizeof(buf);
			rc = gnutls_x509_crl_iter_crt_serial(crl, &iter, (unsigned char *)buf, &size, &t);
			printf("iter %u rc=%d", i, rc);
			if (rc >= 0) {
				printf(" serial=");
				hex(buf, size);
			}
			printf("\n");
		}
		gnutls_x509_crl_iter_deinit(iter);
	}

	for (i = 0; i < ncas; i++) {
		unsigned status = 12345;
		printf("check_issuer ca%u=%u\n", i, gnutls_x509_crl_check_issuer(crl, cas[i]));
		rc = gnutls_x509_crl_verify(crl, &cas[i], 1, 0, &status);
		printf("verify ca%u rc=%d status=0x%x\n", i, rc, status);
		rc = gnutls_x509_crl_verify(crl, &cas[i], 1, GNUTLS_VERIFY_DISABLE_CA_SIGN, &status);
		printf("verify ca%u disable_ca_sign rc=%d status=0x%x\n", i, rc, status);
	}
	{
		unsigned status = 12345;
		rc = gnutls_x509_crl_verify(crl, cas, ncas, 0, &status);
		printf("verify all rc=%d status=0x%x\n", rc, status);
		/* The same at other times: before it was issued, and long after its next update. */
		shift = -86400;
		gnutls_global_set_time_function(shifted_time);
		rc = gnutls_x509_crl_verify(crl, cas, ncas, 0, &status);
		printf("verify yesterday rc=%d status=0x%x\n", rc, status);
		shift = 400 * 86400;
		rc = gnutls_x509_crl_verify(crl, cas, ncas, 0, &status);
		printf("verify in 400 days rc=%d status=0x%x\n", rc, status);
		/* (GnuTLS calls whatever function it was given: NULL would crash it.) */
		shift = 0;
		rc = gnutls_x509_crl_verify(crl, NULL, 0, 0, &status);
		printf("verify none rc=%d status=0x%x\n", rc, status);
	}
	for (i = 0; i < ncerts; i++) {
		printf("check_revocation cert%u=%d\n", i, gnutls_x509_crt_check_revocation(certs[i], &crl, 1));
		if (ncas > 0) {
			unsigned status = 12345;
			rc = gnutls_x509_crt_list_verify(&certs[i], 1, cas, ncas, &crl, 1, 0, &status);
			printf("list_verify cert%u rc=%d status=0x%x\n", i, rc, status);
			rc = gnutls_x509_crt_list_verify(&certs[i], 1, cas, ncas, NULL, 0, 0, &status);
			printf("list_verify cert%u no crl rc=%d status=0x%x\n", i, rc, status);
		}
	}
	if (ncerts > 0)
		printf("check_revocation none=%d\n", gnutls_x509_crt_check_revocation(certs[0], NULL, 0));

	for (i = 0; i <= 4; i++) {
		rc = gnutls_x509_crl_print(crl, i, &d);
		printf("print %u rc=%d\n", i, rc);
		if (rc >= 0) {
			if (i == 0 || i == 2)
				printf("%.*s", (int)d.size, (char *)d.data);
			gnutls_free(d.data);
		}
	}
}

static void exports(gnutls_x509_crl_t crl, const gnutls_datum_t *pem)
{
	gnutls_datum_t d;
	char buf[8192];
	size_t size;
	int rc;

	rc = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &d);
	printf("export2 pem rc=%d same_as_file=%d\n", rc, rc >= 0 && pem && d.size <= pem->size && memcmp(d.data, pem->data, d.size) == 0);
	if (rc >= 0)
		gnutls_free(d.data);
	rc = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &d);
	datum_line("export2 der", rc, &d, 0);
	size = 0;
	rc = gnutls_x509_crl_export(crl, GNUTLS_X509_FMT_DER, NULL, &size);
	printf("export der size query rc=%d size=%zu\n", rc, size);
	size = sizeof(buf);
	rc = gnutls_x509_crl_export(crl, GNUTLS_X509_FMT_DER, buf, &size);
	printf("export der rc=%d size=%zu\n", rc, size);
	size = 10;
	rc = gnutls_x509_crl_export(crl, GNUTLS_X509_FMT_PEM, buf, &size);
	printf("export pem short rc=%d size=%zu\n", rc, size);
	size = sizeof(buf);
	rc = gnutls_x509_crl_export(crl, GNUTLS_X509_FMT_PEM, buf, &size);
	printf("export pem rc=%d size=%zu nul=%d\n", rc, size, rc >= 0 && buf[size] == 0);
}

static gnutls_x509_crt_t *load_crts(const char *file, unsigned *n)
{
	gnutls_datum_t data;
	gnutls_x509_crt_t *list = NULL;
	*n = 0;
	if (gnutls_load_file(file, &data) < 0) {
		printf("cannot load %s\n", file);
		return NULL;
	}
	int rc = gnutls_x509_crt_list_import2(&list, n, &data, GNUTLS_X509_FMT_PEM, 0);
	printf("certificates %s rc=%d n=%u\n", base(file), rc, *n);
	gnutls_free(data.data);
	return list;
}

static void bad(const char *file)
{
	gnutls_datum_t data;
	gnutls_x509_crl_t crl;
	gnutls_x509_crl_t list[4];
	unsigned max = 4;
	int rc;

	if (gnutls_load_file(file, &data) < 0) {
		printf("cannot load %s\n", file);
		return;
	}
	gnutls_x509_crl_init(&crl);
	printf("bad %s der rc=%d\n", base(file), gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_DER));
	printf("bad %s pem rc=%d\n", base(file), gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_PEM));
	gnutls_x509_crl_deinit(crl);
	rc = gnutls_x509_crl_list_import(list, &max, &data, GNUTLS_X509_FMT_PEM, 0);
	printf("bad %s list_import pem rc=%d\n", base(file), rc);
	for (int i = 0; i < rc; i++)
		gnutls_x509_crl_deinit(list[i]);
	{
		gnutls_certificate_credentials_t cred;
		gnutls_certificate_allocate_credentials(&cred);
		printf("bad %s set_x509_crl_mem pem rc=%d\n", base(file), gnutls_certificate_set_x509_crl_mem(cred, &data, GNUTLS_X509_FMT_PEM));
		printf("bad %s set_x509_crl_mem der rc=%d\n", base(file), gnutls_certificate_set_x509_crl_mem(cred, &data, GNUTLS_X509_FMT_DER));
		gnutls_certificate_free_credentials(cred);
	}
	gnutls_free(data.data);
}

/* crl --sign CA.pem CA.key CERT.pem: a CRL written and signed with the setters, printed
 * (PEM and gnutls_x509_crl_print), then verified and checked against CERT. RSA signatures
 * are deterministic, so both libraries must write the same bytes. */
static int sign_mode(const char *ca_file, const char *key_file, const char *cert_file)
{
	gnutls_datum_t ca_pem, key_pem, cert_pem, out;
	gnutls_x509_crt_t ca, cert;
	gnutls_x509_privkey_t key;
	gnutls_privkey_t abstract;
	gnutls_x509_crl_t crl, back;
	unsigned char ski[64];
	size_t ski_size = sizeof(ski);
	unsigned status = 12345;
	int rc;

	if (gnutls_load_file(ca_file, &ca_pem) < 0 || gnutls_load_file(key_file, &key_pem) < 0 ||
	    gnutls_load_file(cert_file, &cert_pem) < 0) {
		printf("cannot load the files\n");
		return 1;
	}
	gnutls_x509_crt_init(&ca);
	gnutls_x509_crt_init(&cert);
	gnutls_x509_privkey_init(&key);
	printf("import ca rc=%d\n", gnutls_x509_crt_import(ca, &ca_pem, GNUTLS_X509_FMT_PEM));
	printf("import cert rc=%d\n", gnutls_x509_crt_import(cert, &cert_pem, GNUTLS_X509_FMT_PEM));
	printf("import key rc=%d\n", gnutls_x509_privkey_import(key, &key_pem, GNUTLS_X509_FMT_PEM));
	printf("ski rc=%d\n", gnutls_x509_crt_get_subject_key_id(ca, ski, &ski_size, NULL));

	for (int round = 0; round < 3; round++) {
		gnutls_x509_crl_init(&crl);
		printf("-- round %d\n", round);
		printf("set_version rc=%d\n", gnutls_x509_crl_set_version(crl, round == 1 ? 1 : 2));
		printf("set_this_update rc=%d\n", gnutls_x509_crl_set_this_update(crl, 1700000000));
		if (round != 1)
			printf("set_next_update rc=%d\n", gnutls_x509_crl_set_next_update(crl, 1700000000 + 86400 * 30));
		printf("set_crt rc=%d\n", gnutls_x509_crl_set_crt(crl, cert, 1699990000));
		printf("set_crt_serial rc=%d\n", gnutls_x509_crl_set_crt_serial(crl, "\x01\x02\x03", 3, 1699900000));
		if (round != 1) {
			printf("set_authority_key_id rc=%d\n", gnutls_x509_crl_set_authority_key_id(crl, ski, ski_size));
			printf("set_number rc=%d\n", gnutls_x509_crl_set_number(crl, "\x07\x08", 2));
			printf("set_number again rc=%d\n", gnutls_x509_crl_set_number(crl, "\x09", 1));
		}
		if (round == 0)
			rc = gnutls_x509_crl_sign2(crl, ca, key, GNUTLS_DIG_SHA384, 0);
		else if (round == 1)
			rc = gnutls_x509_crl_sign(crl, ca, key);
		else {
			gnutls_privkey_init(&abstract);
			gnutls_privkey_import_x509(abstract, key, 0);
			rc = gnutls_x509_crl_privkey_sign(crl, ca, abstract, GNUTLS_DIG_UNKNOWN, 0);
			gnutls_privkey_deinit(abstract);
		}
		printf("sign rc=%d\n", rc);
		rc = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &out);
		printf("export2 rc=%d\n%.*s", rc, rc < 0 ? 0 : (int)out.size, rc < 0 ? "" : (char *)out.data);
		/* Read back through an import, as GnuTLS asks before verifying a new CRL. */
		gnutls_x509_crl_init(&back);
		printf("import back rc=%d\n", gnutls_x509_crl_import(back, &out, GNUTLS_X509_FMT_PEM));
		if (rc >= 0)
			gnutls_free(out.data);
		rc = gnutls_x509_crl_verify(back, &ca, 1, 0, &status);
		printf("verify rc=%d status=0x%x\n", rc, status);
		printf("check_revocation=%d\n", gnutls_x509_crt_check_revocation(cert, &back, 1));
		printf("signature_algorithm=%d\n", gnutls_x509_crl_get_signature_algorithm(back));
		rc = gnutls_x509_crl_print(back, GNUTLS_CRT_PRINT_FULL, &out);
		printf("print rc=%d\n%.*s", rc, rc < 0 ? 0 : (int)out.size, rc < 0 ? "" : (char *)out.data);
		if (rc >= 0)
			gnutls_free(out.data);
		gnutls_x509_crl_deinit(back);
		gnutls_x509_crl_deinit(crl);
	}
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_crt_deinit(cert);
	gnutls_x509_privkey_deinit(key);
	gnutls_free(ca_pem.data);
	gnutls_free(key_pem.data);
	gnutls_free(cert_pem.data);
	printf("result=ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned ncas, ncerts, i;
	gnutls_x509_crt_t *cas, *certs;
	int a, rc;

	if (argc == 5 && strcmp(argv[1], "--sign") == 0) {
		gnutls_global_init();
		return sign_mode(argv[2], argv[3], argv[4]);
	}
	if (argc < 4) {
		fprintf(stderr, "usage: crl CA.pem CERTS.pem CRL... [-- BAD...]\n");
		return 2;
	}
	gnutls_global_init();
	cas = load_crts(argv[1], &ncas);
	certs = load_crts(argv[2], &ncerts);

	for (a = 3; a < argc && strcmp(argv[a], "--") != 0; a++) {
		gnutls_datum_t data, der;
		gnutls_x509_crl_t crl, *list = NULL, small[1];
		unsigned n = 0, max;

		if (gnutls_load_file(argv[a], &data) < 0) {
			printf("cannot load %s\n", argv[a]);
			continue;
		}
		printf("== %s\n", base(argv[a]));
		rc = gnutls_x509_crl_list_import2(&list, &n, &data, GNUTLS_X509_FMT_PEM, 0);
		printf("list_import2 rc=%d n=%u\n", rc, n);
		max = 1;
		rc = gnutls_x509_crl_list_import(small, &max, &data, GNUTLS_X509_FMT_PEM, 0);
		printf("list_import max1 rc=%d max=%u\n", rc, max);
		if (rc > 0)
			gnutls_x509_crl_deinit(small[0]);
		max = 1;
		rc = gnutls_x509_crl_list_import(small, &max, &data, GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED);
		printf("list_import max1 fail_if_exceed rc=%d max=%u\n", rc, max);
		if (rc > 0)
			gnutls_x509_crl_deinit(small[0]);
		max = 0;
		rc = gnutls_x509_crl_list_import(small, &max, &data, GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED);
		printf("list_import max0 fail_if_exceed rc=%d max=%u\n", rc, max);
		{
			gnutls_certificate_credentials_t cred;
			gnutls_certificate_allocate_credentials(&cred);
			printf("set_x509_crl_mem rc=%d\n", gnutls_certificate_set_x509_crl_mem(cred, &data, GNUTLS_X509_FMT_PEM));
			printf("set_x509_crl_file rc=%d\n", gnutls_certificate_set_x509_crl_file(cred, argv[a], GNUTLS_X509_FMT_PEM));
			if (n > 0)
				printf("set_x509_crl rc=%d\n", gnutls_certificate_set_x509_crl(cred, list, n));
			gnutls_certificate_free_crls(cred);
			gnutls_certificate_free_credentials(cred);
		}
		if (ncas > 0) {
			/* Verified against the first CA when the credentials ask for it. */
			gnutls_certificate_credentials_t cred;
			gnutls_certificate_allocate_credentials(&cred);
			gnutls_certificate_set_flags(cred, GNUTLS_CERTIFICATE_VERIFY_CRLS);
			printf("verify_crls set_x509_trust rc=%d\n", gnutls_certificate_set_x509_trust(cred, cas, 1));
			rc = gnutls_certificate_set_x509_crl_mem(cred, &data, GNUTLS_X509_FMT_PEM);
			printf("verify_crls set_x509_crl_mem rc=%d\n", rc);
			/* (GnuTLS 3.7.9 frees the copies twice when one fails here, and crashes.) */
			if (n > 0 && rc == (int)n)
				printf("verify_crls set_x509_crl rc=%d\n", gnutls_certificate_set_x509_crl(cred, list, n));
			gnutls_certificate_free_credentials(cred);
		}
		for (i = 0; i < n; i++) {
			printf("-- crl %u\n", i);
			exports(list[i], i == 0 ? &data : NULL);
			getters(list[i], cas, ncas, certs, ncerts);
			if (i == 0) {
				/* The same CRL through DER. */
				rc = gnutls_x509_crl_export2(list[0], GNUTLS_X509_FMT_DER, &der);
				gnutls_x509_crl_init(&crl);
				printf("import der rc=%d\n", gnutls_x509_crl_import(crl, &der, GNUTLS_X509_FMT_DER));
				max = 0;
				printf("list_import der max0 rc=%d", gnutls_x509_crl_list_import(small, &max, &der, GNUTLS_X509_FMT_DER, 0));
				printf(" max=%u\n", max);
				max = 3;
				rc = gnutls_x509_crl_list_import(small, &max, &der, GNUTLS_X509_FMT_DER, 0);
				printf("list_import der rc=%d max=%u\n", rc, max);
				if (rc > 0)
					gnutls_x509_crl_deinit(small[0]);
				printf("crt_count der=%d\n", gnutls_x509_crl_get_crt_count(crl));
				gnutls_x509_crl_deinit(crl);
				gnutls_free(der.data);
			}
		}
		for (i = 0; i < n; i++)
			gnutls_x509_crl_deinit(list[i]);
		gnutls_free(list);
		gnutls_free(data.data);
	}
	for (a++; a < argc; a++)
		bad(argv[a]);

	for (i = 0; i < ncas; i++)
		gnutls_x509_crt_deinit(cas[i]);
	gnutls_free(cas);
	for (i = 0; i < ncerts; i++)
		gnutls_x509_crt_deinit(certs[i]);
	gnutls_free(certs);
	gnutls_global_deinit();
	printf("result=ok\n");
	return 0;
}
