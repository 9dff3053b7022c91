/* Every read-side getter of gnutls_x509_crt_t, printed for each certificate given, so that
 * `tests/run.py --diff` can compare GnuTLS 3.7.9 and gnutls-rustls line by line. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *label, const void *p, size_t n)
{
	const unsigned char *d = p;
	printf("%s=", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", d[i]);
	printf("\n");
}

static void datum(const char *label, int rc, gnutls_datum_t *d)
{
	if (rc < 0) {
		printf("%s rc=%d\n", label, rc);
		return;
	}
	printf("%s rc=%d '%.*s'\n", label, rc, (int)d->size, (char *)d->data);
	gnutls_free(d->data);
}

static void buf_getter(const char *label, int rc, const void *buf, size_t size, int text)
{
	/* Text getters end with a NUL only for the types GnuTLS calls printable. */
	if (rc >= 0 && text && memchr(buf, 0, size + 1) == NULL)
		text = 0;
	if (rc < 0)
		printf("%s rc=%d size=%zu\n", label, rc, size);
	else if (text)
		printf("%s rc=%d size=%zu '%s'\n", label, rc, size, (const char *)buf);
	else {
		printf("%s rc=%d size=%zu ", label, rc, size);
		hex("hex", buf, size);
	}
}

static void dn_object(const char *label, gnutls_x509_dn_t dn)
{
	gnutls_datum_t s;
	datum(label, gnutls_x509_dn_get_str(dn, &s), &s);
	for (int i = 0; i < 12; i++) {
		for (int j = 0; j < 4; j++) {
			gnutls_x509_ava_st ava;
			int rc = gnutls_x509_dn_get_rdn_ava(dn, i, j, &ava);
			if (rc < 0) {
				if (j == 0) {
					printf("%s ava %d rc=%d\n", label, i, rc);
					return;
				}
				break;
			}
			printf("%s ava %d.%d oid=%.*s tag=%lu ", label, i, j, (int)ava.oid.size, ava.oid.data, ava.value_tag);
			hex("value", ava.value.data, ava.value.size);
		}
	}
}

static void one(const char *file)
{
	gnutls_datum_t data, d;
	gnutls_x509_crt_t crt;
	char buf[4096];
	size_t size;
	unsigned crit, type, i;
	int rc;

	if (gnutls_load_file(file, &data) < 0) {
		printf("cannot load %s\n", file);
		return;
	}
	gnutls_x509_crt_init(&crt);
	rc = gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_PEM);
	printf("== %s import rc=%d\n", strrchr(file, '/') ? strrchr(file, '/') + 1 : file, rc);
	if (rc < 0)
		goto out;

	printf("version=%d\n", gnutls_x509_crt_get_version(crt));
	size = sizeof(buf);
	rc = gnutls_x509_crt_get_serial(crt, buf, &size);
	buf_getter("serial", rc, buf, size, 0);
	size = 0;
	rc = gnutls_x509_crt_get_serial(crt, NULL, &size);
	printf("serial query rc=%d size=%zu\n", rc, size);
	printf("activation=%ld expiration=%ld\n", (long)gnutls_x509_crt_get_activation_time(crt), (long)gnutls_x509_crt_get_expiration_time(crt));

	size = sizeof(buf);
	rc = gnutls_x509_crt_get_dn(crt, buf, &size);
	buf_getter("dn", rc, buf, size, 1);
	size = sizeof(buf);
	rc = gnutls_x509_crt_get_issuer_dn(crt, buf, &size);
	buf_getter("issuer_dn", rc, buf, size, 1);
	size = 0;
	rc = gnutls_x509_crt_get_issuer_dn(crt, NULL, &size);
	printf("issuer_dn query rc=%d size=%zu\n", rc, size);
	datum("dn2", gnutls_x509_crt_get_dn2(crt, &d), &d);
	datum("issuer_dn2", gnutls_x509_crt_get_issuer_dn2(crt, &d), &d);
	datum("dn3", gnutls_x509_crt_get_dn3(crt, &d, 0), &d);
	datum("issuer_dn3", gnutls_x509_crt_get_issuer_dn3(crt, &d, 0), &d);
	datum("dn3 compat", gnutls_x509_crt_get_dn3(crt, &d, 1 /* GNUTLS_X509_DN_FLAG_COMPAT */), &d);
	for (i = 0; i < 10; i++) {
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_dn_oid(crt, i, buf, &size);
		buf_getter("dn_oid", rc, buf, size, 1);
		if (rc < 0)
			break;
		char oid[4096];
		snprintf(oid, sizeof(oid), "%s", buf);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_dn_by_oid(crt, oid, 0, 0, buf, &size);
		buf_getter(" dn_by_oid", rc, buf, size, 1);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_dn_by_oid(crt, oid, 0, 1, buf, &size);
		buf_getter(" dn_by_oid raw", rc, buf, size, 0);
	}
	for (i = 0; i < 10; i++) {
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_issuer_dn_oid(crt, i, buf, &size);
		buf_getter("issuer_dn_oid", rc, buf, size, 1);
		if (rc < 0)
			break;
		char oid[4096];
		snprintf(oid, sizeof(oid), "%s", buf);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_issuer_dn_by_oid(crt, oid, 0, 0, buf, &size);
		buf_getter(" issuer_dn_by_oid", rc, buf, size, 1);
	}
	size = sizeof(buf);
	rc = gnutls_x509_crt_get_issuer_dn_by_oid(crt, "2.5.4.3", 5, 0, buf, &size);
	printf("issuer_dn_by_oid missing rc=%d\n", rc);
	{
		gnutls_x509_dn_t dn;
		gnutls_datum_t raw, s;
		rc = gnutls_x509_crt_get_subject(crt, &dn);
		printf("get_subject rc=%d\n", rc);
		if (rc >= 0)
			dn_object("subject", dn);
		rc = gnutls_x509_crt_get_issuer(crt, &dn);
		printf("get_issuer rc=%d\n", rc);
		if (rc >= 0)
			dn_object("issuer", dn);
		rc = gnutls_x509_crt_get_raw_issuer_dn(crt, &raw);
		printf("raw_issuer_dn rc=%d\n", rc);
		if (rc >= 0) {
			gnutls_x509_dn_t own;
			gnutls_x509_dn_init(&own);
			printf("dn_import rc=%d\n", gnutls_x509_dn_import(own, &raw));
			datum("dn_get_str2", gnutls_x509_dn_get_str2(own, &s, 0), &s);
			datum("dn_export2 pem", gnutls_x509_dn_export2(own, GNUTLS_X509_FMT_PEM, &s), &s);
			gnutls_x509_dn_deinit(own);
			datum("rdn_get2", gnutls_x509_rdn_get2(&raw, &s, 0), &s);
			size = sizeof(buf);
			rc = gnutls_x509_rdn_get(&raw, buf, &size);
			buf_getter("rdn_get", rc, buf, size, 1);
			size = sizeof(buf);
			rc = gnutls_x509_rdn_get_oid(&raw, 0, buf, &size);
			buf_getter("rdn_get_oid", rc, buf, size, 1);
			size = sizeof(buf);
			rc = gnutls_x509_rdn_get_by_oid(&raw, "2.5.4.3", 0, 0, buf, &size);
			buf_getter("rdn_get_by_oid", rc, buf, size, 1);
			gnutls_free(raw.data);
		}
		printf("dn_oid_known CN=%d 1.2.3=%d name=%s\n", gnutls_x509_dn_oid_known("2.5.4.3"), gnutls_x509_dn_oid_known("1.2.3"),
		       gnutls_x509_dn_oid_name("2.5.4.10", 0));
	}

	{
		unsigned bits = 0;
		rc = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
		printf("pk_algorithm=%d bits=%u\n", rc, bits);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_pk_oid(crt, buf, &size);
		buf_getter("pk_oid", rc, buf, size, 1);
		printf("signature_algorithm=%d\n", gnutls_x509_crt_get_signature_algorithm(crt));
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_signature_oid(crt, buf, &size);
		buf_getter("signature_oid", rc, buf, size, 1);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_signature(crt, buf, &size);
		printf("signature rc=%d size=%zu\n", rc, size);
		gnutls_datum_t m, e, x, y;
		gnutls_ecc_curve_t curve;
		rc = gnutls_x509_crt_get_pk_rsa_raw(crt, &m, &e);
		printf("pk_rsa_raw rc=%d\n", rc);
		if (rc >= 0) {
			hex(" m", m.data, m.size);
			hex(" e", e.data, e.size);
			gnutls_free(m.data);
			gnutls_free(e.data);
		}
		rc = gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y);
		printf("pk_ecc_raw rc=%d\n", rc);
		if (rc >= 0) {
			printf(" curve=%d\n", curve);
			hex(" x", x.data, x.size);
			hex(" y", y.data, y.size);
			gnutls_free(x.data);
			gnutls_free(y.data);
		}
	}
	{
		static const int fps[] = { GNUTLS_DIG_MD5, GNUTLS_DIG_SHA1, GNUTLS_DIG_SHA256, GNUTLS_DIG_SHA512 };
		for (i = 0; i < 4; i++) {
			size = sizeof(buf);
			rc = gnutls_x509_crt_get_fingerprint(crt, fps[i], buf, &size);
			buf_getter("fingerprint", rc, buf, size, 0);
		}
		static const unsigned kid[] = { 0, GNUTLS_KEYID_USE_SHA256, GNUTLS_KEYID_USE_SHA512 };
		for (i = 0; i < 3; i++) {
			size = sizeof(buf);
			rc = gnutls_x509_crt_get_key_id(crt, kid[i], (unsigned char *)buf, &size);
			buf_getter("key_id", rc, buf, size, 0);
		}
		size = 4;
		rc = gnutls_x509_crt_get_key_id(crt, 0, (unsigned char *)buf, &size);
		printf("key_id short rc=%d size=%zu\n", rc, size);
	}
	{
		size = sizeof(buf);
		crit = 9;
		rc = gnutls_x509_crt_get_subject_key_id(crt, buf, &size, &crit);
		buf_getter("subject_key_id", rc, buf, size, 0);
		size = sizeof(buf);
		crit = 9;
		rc = gnutls_x509_crt_get_authority_key_id(crt, buf, &size, &crit);
		buf_getter("authority_key_id", rc, buf, size, 0);
		char ser[256];
		size_t ser_size = sizeof(ser);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_authority_key_gn_serial(crt, 0, buf, &size, &type, ser, &ser_size, &crit);
		printf("authority_key_gn_serial rc=%d\n", rc);
	}
	{
		unsigned usage = 0, ca = 0;
		int pathlen = 77;
		crit = 9;
		rc = gnutls_x509_crt_get_key_usage(crt, &usage, &crit);
		printf("key_usage rc=%d usage=%u critical=%u\n", rc, usage, crit);
		crit = 9;
		rc = gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, &pathlen);
		printf("basic_constraints rc=%d critical=%u ca=%u pathlen=%d\n", rc, crit, ca, pathlen);
		rc = gnutls_x509_crt_get_ca_status(crt, &crit);
		printf("ca_status rc=%d critical=%u\n", rc, crit);
		for (i = 0; i < 8; i++) {
			size = sizeof(buf);
			rc = gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &size, &crit);
			buf_getter("key_purpose_oid", rc, buf, size, 1);
			if (rc < 0)
				break;
		}
		printf("check_key_purpose server=%u client=%u any-disallowed=%u\n",
		       gnutls_x509_crt_check_key_purpose(crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
		       gnutls_x509_crt_check_key_purpose(crt, GNUTLS_KP_TLS_WWW_CLIENT, 0),
		       gnutls_x509_crt_check_key_purpose(crt, "1.3.6.1.5.5.7.3.3", 1 /* GNUTLS_KP_FLAG_DISALLOW_ANY */));
	}
	for (i = 0; i < 10; i++) {
		memset(buf, 0, sizeof(buf));
		size = sizeof(buf);
		type = 99;
		rc = gnutls_x509_crt_get_subject_alt_name2(crt, i, buf, &size, &type, &crit);
		if (rc == GNUTLS_SAN_IPADDRESS || rc == GNUTLS_SAN_DN)
			buf_getter("san2", rc, buf, size, 0);
		else
			buf_getter("san2", rc, buf, size, 1);
		printf(" type=%u\n", type);
		if (rc < 0)
			break;
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_subject_alt_othername_oid(crt, i, buf, &size);
		printf(" othername_oid rc=%d\n", rc);
	}
	size = 0;
	rc = gnutls_x509_crt_get_subject_alt_name(crt, 0, NULL, &size, &crit);
	printf("san query rc=%d size=%zu\n", rc, size);
	size = sizeof(buf);
	rc = gnutls_x509_crt_get_issuer_alt_name2(crt, 0, buf, &size, &type, &crit);
	printf("ian rc=%d\n", rc);
	for (i = 0; i < 4; i++) {
		static const int what[] = { GNUTLS_IA_ACCESSMETHOD_OID, GNUTLS_IA_ACCESSLOCATION_GENERALNAME_TYPE, GNUTLS_IA_OCSP_URI, GNUTLS_IA_CAISSUERS_URI };
		for (int w = 0; w < 4; w++) {
			rc = gnutls_x509_crt_get_authority_info_access(crt, i, what[w], &d, NULL);
			if (rc < 0)
				printf("aia %u/%d rc=%d\n", i, w, rc);
			else {
				printf("aia %u/%d rc=%d size=%u ", i, w, rc, d.size);
				hex("hex", d.data, d.size);
				gnutls_free(d.data);
			}
		}
	}
	for (i = 0; i < 4; i++) {
		unsigned reasons = 9;
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_crl_dist_points(crt, i, buf, &size, &reasons, &crit);
		buf_getter("crl_dist_points", rc, buf, size, 1);
		if (rc < 0)
			break;
		printf(" reasons=%u critical=%u\n", reasons, crit);
	}
	for (i = 0; i < 20; i++) {
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_extension_info(crt, i, buf, &size, &crit);
		if (rc < 0) {
			printf("extension_info %u rc=%d\n", i, rc);
			break;
		}
		printf("extension_info %u rc=%d oid=%s size=%zu critical=%u\n", i, rc, buf, size, crit);
		char oid[4096];
		snprintf(oid, sizeof(oid), "%s", buf);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_extension_oid(crt, i, buf, &size);
		buf_getter(" extension_oid", rc, buf, size, 1);
		rc = gnutls_x509_crt_get_extension_data2(crt, i, &d);
		if (rc >= 0) {
			hex(" data2", d.data, d.size);
			gnutls_free(d.data);
		}
		size = 0;
		rc = gnutls_x509_crt_get_extension_data(crt, i, NULL, &size);
		printf(" data query rc=%d size=%zu\n", rc, size);
		size = sizeof(buf);
		rc = gnutls_x509_crt_get_extension_by_oid(crt, oid, 0, buf, &size, &crit);
		buf_getter(" by_oid", rc, buf, size, 0);
	}
	{
		gnutls_datum_t der;
		printf("check_hostname localhost=%u wrong=%u hostname2 nowild=%u ip=%u email=%u\n",
		       gnutls_x509_crt_check_hostname(crt, "localhost"),
		       gnutls_x509_crt_check_hostname(crt, "wrong.example.com"),
		       gnutls_x509_crt_check_hostname2(crt, "localhost", GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS),
		       gnutls_x509_crt_check_ip(crt, (const unsigned char *)"\x7f\x00\x00\x01", 4, 0),
		       gnutls_x509_crt_check_email(crt, "test@example.com", 0));
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);
		printf("export2 der rc=%d equals2=%u\n", rc, gnutls_x509_crt_equals2(crt, &der));
		gnutls_free(der.data);
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &der);
		printf("export2 pem rc=%d same_as_file=%d\n", rc, der.size == data.size && memcmp(der.data, data.data, der.size) == 0);
		gnutls_free(der.data);
		unsigned status = 0x12345678;
		rc = gnutls_x509_crt_verify(crt, &crt, 1, 0, &status);
		printf("verify self rc=%d status=0x%x\n", rc, status);
	}
	{
		static const int fmts[] = { GNUTLS_CRT_PRINT_FULL, GNUTLS_CRT_PRINT_ONELINE, GNUTLS_CRT_PRINT_UNSIGNED_FULL, GNUTLS_CRT_PRINT_COMPACT, GNUTLS_CRT_PRINT_FULL_NUMBERS };
		for (i = 0; i < 5; i++) {
			rc = gnutls_x509_crt_print(crt, fmts[i], &d);
			printf("print %d rc=%d size=%u\n", fmts[i], rc, rc < 0 ? 0 : d.size);
			if (rc >= 0) {
				printf("%s\n", d.data);
				gnutls_free(d.data);
			}
		}
	}
 out:
	gnutls_x509_crt_deinit(crt);
	gnutls_free(data.data);
}

int main(int argc, char **argv)
{
	gnutls_global_init();
	for (int i = 1; i < argc; i++)
		one(argv[i]);
	{
		/* list_import2 over every file concatenated is checked by the caller's count. */
		gnutls_datum_t data;
		if (argc > 1 && gnutls_load_file(argv[1], &data) >= 0) {
			gnutls_x509_crt_t *list;
			unsigned n = 0;
			int rc = gnutls_x509_crt_list_import2(&list, &n, &data, GNUTLS_X509_FMT_PEM, 0);
			printf("list_import2 rc=%d n=%u\n", rc, n);
			for (unsigned i = 0; rc >= 0 && i < n; i++)
				gnutls_x509_crt_deinit(list[i]);
			if (rc >= 0)
				gnutls_free(list);
			gnutls_free(data.data);
		}
	}
	printf("result=ok\n");
	gnutls_global_deinit();
	return 0;
}
