/* Certificate requests read and written through every gnutls_x509_crq_* getter and setter,
 * certificates taking a request's extensions and othernames, and the DN / othername /
 * CIDR helpers.
 *   x509_crq info REQ.pem...        every getter of each request, past-the-end indexes and
 *                                   size queries included
 *   x509_crq set KEY.pem OUTDIR     a request made with the setters, signed, exported to
 *                                   OUTDIR/set.pem and read back; a certificate from it
 *                                   (OUTDIR/crt.pem); an RSA-PSS request (OUTDIR/pss.pem)
 *   x509_crq misc                   gnutls_x509_dn_set_str, othername_to_virtual,
 *                                   cidr_to_rfc5280
 * Every return code and value is printed; "result=ok" at the end if nothing unexpected
 * happened. */
/* gnutls_x509_crt_get_preferred_hash_algorithm is deprecated, and under test. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(x) do { int _r = (x); if (_r < 0) { printf("FAIL %s=%d\n", #x, _r); failures++; } } while (0)

static void hex(const char *label, const unsigned char *p, size_t n)
{
	printf("%s", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int printable(unsigned type)
{
	return type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME || type == GNUTLS_SAN_URI ||
	       type == GNUTLS_SAN_DN || type == GNUTLS_SAN_REGISTERED_ID || type == GNUTLS_SAN_OTHERNAME_XMPP;
}

static void sans(gnutls_x509_crq_t crq)
{
	for (unsigned seq = 0;; seq++) {
		unsigned char buf[1024];
		size_t size = 0;
		unsigned type = 999, critical = 999;
		int rc = gnutls_x509_crq_get_subject_alt_name(crq, seq, NULL, &size, &type, &critical);
		printf("san %u query rc=%d size=%zu type=%u critical=%u\n", seq, rc, size, type, critical);
		size = 2;
		rc = gnutls_x509_crq_get_subject_alt_name(crq, seq, buf, &size, &type, &critical);
		printf("san %u small rc=%d size=%zu\n", seq, rc, size);
		size = sizeof(buf);
		type = 999;
		rc = gnutls_x509_crq_get_subject_alt_name(crq, seq, buf, &size, &type, &critical);
		if (rc < 0) {
			printf("san %u rc=%d type=%u\n", seq, rc, type);
			break;
		}
		if (printable(rc))
			printf("san %u rc=%d type=%u critical=%u size=%zu value=%s\n", seq, rc, type, critical, size, buf);
		else {
			printf("san %u rc=%d type=%u critical=%u size=%zu ", seq, rc, type, critical, size);
			hex("hex=", buf, size);
		}
		size = sizeof(buf);
		rc = gnutls_x509_crq_get_subject_alt_othername_oid(crq, seq, buf, &size);
		printf("san %u othername_oid rc=%d size=%zu oid=%s\n", seq, rc, size, rc >= 0 ? (char *)buf : "-");
		if (rc == GNUTLS_SAN_OTHERNAME) {
			gnutls_datum_t value = { buf, 0 }, virt;
			unsigned char raw[1024];
			size_t rsize = sizeof(raw);
			unsigned vtype = 0;
			char oid[sizeof(buf)];
			snprintf(oid, sizeof(oid), "%s", (char *)buf);
			gnutls_x509_crq_get_subject_alt_name(crq, seq, raw, &rsize, NULL, NULL);
			value.data = raw;
			value.size = rsize;
			rc = gnutls_x509_othername_to_virtual(oid, &value, &vtype, &virt);
			printf("san %u to_virtual rc=%d vtype=%u", seq, rc, rc == 0 ? vtype : 0);
			if (rc == 0) {
				printf(" value=%.*s\n", (int)virt.size, virt.data);
				gnutls_free(virt.data);
			} else
				printf("\n");
		}
	}
	printf("othername_oid past end rc=%d\n", gnutls_x509_crq_get_subject_alt_othername_oid(crq, 99, NULL, &(size_t){0}));
}

static void attributes(gnutls_x509_crq_t crq)
{
	for (unsigned i = 0;; i++) {
		char oid[128];
		unsigned char data[2048];
		size_t size = 0;
		int rc = gnutls_x509_crq_get_attribute_info(crq, i, NULL, &size);
		printf("attr %u info query rc=%d size=%zu\n", i, rc, size);
		size = sizeof(oid);
		rc = gnutls_x509_crq_get_attribute_info(crq, i, oid, &size);
		if (rc < 0) {
			printf("attr %u info rc=%d\n", i, rc);
			break;
		}
		printf("attr %u info rc=%d size=%zu oid=%s\n", i, rc, size, oid);
		size = 0;
		rc = gnutls_x509_crq_get_attribute_data(crq, i, NULL, &size);
		printf("attr %u data query rc=%d size=%zu\n", i, rc, size);
		size = sizeof(data);
		rc = gnutls_x509_crq_get_attribute_data(crq, i, data, &size);
		printf("attr %u data rc=%d size=%zu ", i, rc, size);
		hex("hex=", data, rc == 0 ? size : 0);
		for (unsigned k = 0; k < 2; k++) {
			size = 0;
			rc = gnutls_x509_crq_get_attribute_by_oid(crq, oid, k, NULL, &size);
			printf("attr %s by_oid %u query rc=%d size=%zu\n", oid, k, rc, size);
			size = sizeof(data);
			rc = gnutls_x509_crq_get_attribute_by_oid(crq, oid, k, data, &size);
			printf("attr %s by_oid %u rc=%d size=%zu ", oid, k, rc, size);
			hex("hex=", data, rc == 0 ? size : 0);
		}
	}
	size_t size = 10;
	printf("attr by_oid unknown rc=%d\n", gnutls_x509_crq_get_attribute_by_oid(crq, "1.2.3.99", 0, NULL, &size));
}

static void extensions(gnutls_x509_crq_t crq)
{
	for (unsigned i = 0;; i++) {
		char oid[128];
		unsigned char data[2048];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		int rc = gnutls_x509_crq_get_extension_info(crq, i, oid, &size, &critical);
		if (rc < 0) {
			printf("ext %u rc=%d\n", i, rc);
			break;
		}
		for (unsigned k = 0; k < 2; k++) {
			gnutls_datum_t d = { NULL, 0 };
			critical = 99;
			size = 0;
			rc = gnutls_x509_crq_get_extension_by_oid(crq, oid, k, NULL, &size, &critical);
			printf("ext %s by_oid %u query rc=%d size=%zu critical=%u\n", oid, k, rc, size, critical);
			size = 1;
			rc = gnutls_x509_crq_get_extension_by_oid(crq, oid, k, data, &size, &critical);
			printf("ext %s by_oid %u small rc=%d size=%zu\n", oid, k, rc, size);
			size = sizeof(data);
			rc = gnutls_x509_crq_get_extension_by_oid(crq, oid, k, data, &size, &critical);
			printf("ext %s by_oid %u rc=%d critical=%u ", oid, k, rc, critical);
			hex("hex=", data, rc == 0 ? size : 0);
			critical = 99;
			rc = gnutls_x509_crq_get_extension_by_oid2(crq, oid, k, &d, &critical);
			printf("ext %s by_oid2 %u rc=%d critical=%u same=%d\n", oid, k, rc, critical,
			       rc == 0 && d.size == size && memcmp(d.data, data, size) == 0);
			gnutls_free(d.data);
		}
	}
	unsigned critical = 0;
	gnutls_datum_t d;
	printf("ext by_oid2 missing rc=%d\n", gnutls_x509_crq_get_extension_by_oid2(crq, "1.2.3.99", 0, &d, &critical));
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = 0;
		critical = 99;
		int rc = gnutls_x509_crq_get_key_purpose_oid(crq, i, NULL, &size, &critical);
		printf("kp %u query rc=%d size=%zu critical=%u\n", i, rc, size, critical);
		size = sizeof(oid);
		rc = gnutls_x509_crq_get_key_purpose_oid(crq, i, oid, &size, &critical);
		printf("kp %u rc=%d size=%zu oid=%s\n", i, rc, size, rc == 0 ? oid : "-");
		if (rc < 0)
			break;
	}
	time_t act = 7, exp = 7;
	critical = 99;
	int rc = gnutls_x509_crq_get_private_key_usage_period(crq, &act, &exp, &critical);
	printf("pkup rc=%d activation=%ld expiration=%ld critical=%u\n", rc, (long)act, (long)exp, critical);
	printf("pkup NULLs rc=%d\n", gnutls_x509_crq_get_private_key_usage_period(crq, NULL, NULL, NULL));
}

static void key_info(gnutls_x509_crq_t crq)
{
	gnutls_datum_t m = { NULL, 0 }, e = { NULL, 0 };
	int rc = gnutls_x509_crq_get_key_rsa_raw(crq, &m, &e);
	printf("rsa_raw rc=%d m_size=%u ", rc, m.size);
	hex("e=", e.data, rc == 0 ? e.size : 0);
	if (rc == 0)
		hex("rsa_raw m_head=", m.data, 8);
	gnutls_free(m.data);
	gnutls_free(e.data);

	gnutls_x509_spki_t spki;
	gnutls_digest_algorithm_t dig = 0;
	unsigned salt = 0;
	gnutls_x509_spki_init(&spki);
	rc = gnutls_x509_crq_get_spki(crq, spki, 0);
	int prc = gnutls_x509_spki_get_rsa_pss_params(spki, &dig, &salt);
	printf("get_spki rc=%d params=%d dig=%s salt=%u\n", rc, prc, prc == 0 ? gnutls_digest_get_name(dig) : "-", salt);
	gnutls_x509_spki_deinit(spki);

	gnutls_pubkey_t pub;
	unsigned bits = 0, usage = 0;
	gnutls_pubkey_init(&pub);
	rc = gnutls_pubkey_import_x509_crq(pub, crq, 0);
	printf("pubkey_import_x509_crq rc=%d", rc);
	if (rc == 0) {
		int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);
		gnutls_pubkey_get_key_usage(pub, &usage);
		unsigned char id[64], id2[64];
		size_t n = sizeof(id), n2 = sizeof(id2);
		gnutls_pubkey_get_key_id(pub, 0, id, &n);
		gnutls_x509_crq_get_key_id(crq, 0, id2, &n2);
		printf(" pk=%d bits=%u usage=%u same_id=%d", pk, bits, usage, n == n2 && memcmp(id, id2, n) == 0);
	}
	printf("\n");
	gnutls_pubkey_deinit(pub);
}

static void dn(gnutls_x509_crq_t crq)
{
	gnutls_datum_t d;
	int rc = gnutls_x509_crq_get_dn3(crq, &d, 0);
	printf("dn3(0) rc=%d dn=%s\n", rc, rc == 0 ? (char *)d.data : "-");
	if (rc == 0)
		gnutls_free(d.data);
	rc = gnutls_x509_crq_get_dn3(crq, &d, GNUTLS_X509_DN_FLAG_COMPAT);
	printf("dn3(compat) rc=%d dn=%s\n", rc, rc == 0 ? (char *)d.data : "-");
	if (rc == 0)
		gnutls_free(d.data);
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = 0;
		rc = gnutls_x509_crq_get_dn_oid(crq, i, NULL, &size);
		printf("dn_oid %u query rc=%d size=%zu\n", i, rc, size);
		size = sizeof(oid);
		rc = gnutls_x509_crq_get_dn_oid(crq, i, oid, &size);
		printf("dn_oid %u rc=%d size=%zu oid=%s\n", i, rc, size, rc == 0 ? oid : "-");
		if (rc < 0)
			break;
	}
}

static gnutls_x509_crq_t load_crq(const char *path)
{
	gnutls_datum_t data;
	gnutls_x509_crq_t crq;
	int rc = gnutls_load_file(path, &data);
	if (rc < 0) {
		printf("FAIL load %s=%d\n", path, rc);
		exit(1);
	}
	gnutls_x509_crq_init(&crq);
	rc = gnutls_x509_crq_import(crq, &data, GNUTLS_X509_FMT_PEM);
	gnutls_free(data.data);
	if (rc < 0) {
		printf("FAIL import %s=%d\n", path, rc);
		exit(1);
	}
	return crq;
}

static void info(gnutls_x509_crq_t crq)
{
	dn(crq);
	sans(crq);
	attributes(crq);
	extensions(crq);
	key_info(crq);
}

static void save(const char *dir, const char *name, gnutls_datum_t *d)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fwrite(d->data, 1, d->size, f) != d->size) {
		printf("FAIL write %s\n", path);
		failures++;
	}
	if (f)
		fclose(f);
}

static void crt_names(gnutls_x509_crt_t crt)
{
	for (int issuer = 0; issuer < 2; issuer++)
		for (unsigned seq = 0;; seq++) {
			unsigned char buf[512], oid[128];
			size_t size = sizeof(buf), osize = sizeof(oid);
			unsigned type = 0, critical = 0;
			int rc = issuer ? gnutls_x509_crt_get_issuer_alt_name2(crt, seq, buf, &size, &type, &critical)
					: gnutls_x509_crt_get_subject_alt_name2(crt, seq, buf, &size, &type, &critical);
			int orc = issuer ? gnutls_x509_crt_get_issuer_alt_othername_oid(crt, seq, oid, &osize)
					 : gnutls_x509_crt_get_subject_alt_othername_oid(crt, seq, oid, &osize);
			printf("crt %s %u rc=%d critical=%u oid_rc=%d oid=%s ", issuer ? "ian" : "san", seq, rc, critical, orc,
			       orc >= 0 ? (char *)oid : "-");
			hex("hex=", buf, rc >= 0 ? size : 0);
			if (rc < 0)
				break;
		}
}

static void set(const char *keyfile, const char *outdir)
{
	gnutls_datum_t keydata, out, m, e;
	gnutls_x509_privkey_t key;
	gnutls_privkey_t pkey;
	gnutls_x509_crq_t crq, back;
	int rc;

	CHECK(gnutls_load_file(keyfile, &keydata));
	gnutls_x509_privkey_init(&key);
	CHECK(gnutls_x509_privkey_import(key, &keydata, GNUTLS_X509_FMT_PEM));
	gnutls_free(keydata.data);
	gnutls_privkey_init(&pkey);
	CHECK(gnutls_privkey_import_x509(pkey, key, 0));

	gnutls_x509_crq_init(&crq);
	CHECK(gnutls_x509_crq_set_dn(crq, "CN=setters.test,O=Setters", NULL));
	/* The key from its raw numbers. */
	CHECK(gnutls_x509_privkey_export_rsa_raw(key, &m, &e, NULL, NULL, NULL, NULL));
	printf("set_key_rsa_raw rc=%d\n", gnutls_x509_crq_set_key_rsa_raw(crq, &m, &e));
	gnutls_free(m.data);
	gnutls_free(e.data);
	printf("set_san dns rc=%d\n", gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME, "setters.test", 12, GNUTLS_FSAN_SET));
	printf("set_othername xmpp rc=%d\n", gnutls_x509_crq_set_subject_alt_othername(crq, "1.3.6.1.5.5.7.8.5", "me@xmpp.test", 12,
	       GNUTLS_FSAN_APPEND | GNUTLS_FSAN_ENCODE_UTF8_STRING));
	printf("set_othername octets rc=%d\n", gnutls_x509_crq_set_subject_alt_othername(crq, "1.2.3.4.5", "\x01\x02\x03", 3,
	       GNUTLS_FSAN_APPEND | GNUTLS_FSAN_ENCODE_OCTET_STRING));
	printf("set_othername raw rc=%d\n", gnutls_x509_crq_set_subject_alt_othername(crq, "1.2.3.4.6", "\x0c\x03" "abc", 5, GNUTLS_FSAN_APPEND));
	printf("set_attribute rc=%d\n", gnutls_x509_crq_set_attribute_by_oid(crq, "1.2.3.4.7", "\x0c\x03" "one", 5));
	printf("set_attribute again rc=%d\n", gnutls_x509_crq_set_attribute_by_oid(crq, "1.2.3.4.7", "\x0c\x03" "two", 5));
	printf("set_attribute other rc=%d\n", gnutls_x509_crq_set_attribute_by_oid(crq, "1.2.3.4.8", "\x02\x01\x05", 3));
	printf("set_challenge_password rc=%d\n", gnutls_x509_crq_set_challenge_password(crq, "pass123"));
	printf("set_pkup rc=%d\n", gnutls_x509_crq_set_private_key_usage_period(crq, 1700000000, 1900000000));
	printf("set_kp rc=%d\n", gnutls_x509_crq_set_key_purpose_oid(crq, GNUTLS_KP_TLS_WWW_CLIENT, 0));
	printf("set_ext rc=%d\n", gnutls_x509_crq_set_extension_by_oid(crq, "1.2.3.4.9", "\x05\x00", 2, 1));
	printf("sign rc=%d\n", gnutls_x509_crq_privkey_sign(crq, pkey, GNUTLS_DIG_SHA256, 0));
	printf("verify rc=%d\n", gnutls_x509_crq_verify(crq, 0));
	CHECK(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &out));
	save(outdir, "set.pem", &out);
	gnutls_x509_crq_init(&back);
	CHECK(gnutls_x509_crq_import(back, &out, GNUTLS_X509_FMT_PEM));
	gnutls_free(out.data);
	printf("# read back\n");
	info(back);
	gnutls_x509_crq_deinit(back);

	/* A certificate from the request. */
	gnutls_x509_crt_t crt;
	gnutls_x509_crt_init(&crt);
	CHECK(gnutls_x509_crt_set_crq(crt, crq));
	CHECK(gnutls_x509_crt_set_version(crt, 3));
	CHECK(gnutls_x509_crt_set_serial(crt, "\x05", 1));
	CHECK(gnutls_x509_crt_set_activation_time(crt, 1700000000));
	CHECK(gnutls_x509_crt_set_expiration_time(crt, 4000000000));
	printf("crt_set_crq_ext unknown rc=%d\n", gnutls_x509_crt_set_crq_extension_by_oid(crt, crq, "1.2.3.99", 0));
	printf("crt_set_crq_ext san rc=%d\n", gnutls_x509_crt_set_crq_extension_by_oid(crt, crq, "2.5.29.17", 0));
	printf("crt_set_crq_ext ext rc=%d\n", gnutls_x509_crt_set_crq_extension_by_oid(crt, crq, "1.2.3.4.9", 0));
	printf("crt_set_othername append rc=%d\n", gnutls_x509_crt_set_subject_alt_othername(crt, "1.3.6.1.4.1.311.20.2.3", "upn@win.test", 12,
	       GNUTLS_FSAN_APPEND | GNUTLS_FSAN_ENCODE_UTF8_STRING));
	printf("crt_set_ian_othername rc=%d\n", gnutls_x509_crt_set_issuer_alt_othername(crt, "1.2.3.4.10", "\x04\x01\x09", 3, 0));
	printf("crt_set_ian_othername append rc=%d\n", gnutls_x509_crt_set_issuer_alt_othername(crt, "1.3.6.1.5.5.7.8.5", "ian@xmpp.test", 13,
	       GNUTLS_FSAN_APPEND | GNUTLS_FSAN_ENCODE_UTF8_STRING));
	printf("crt sign rc=%d\n", gnutls_x509_crt_privkey_sign(crt, crt, pkey, GNUTLS_DIG_SHA256, 0));
	CHECK(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &out));
	save(outdir, "crt.pem", &out);
	/* GnuTLS reads alternative names at import only: read them from the exported one. */
	gnutls_x509_crt_t imported;
	gnutls_x509_crt_init(&imported);
	CHECK(gnutls_x509_crt_import(imported, &out, GNUTLS_X509_FMT_PEM));
	gnutls_free(out.data);
	crt_names(imported);
	gnutls_x509_crt_deinit(imported);
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t size = sizeof(oid);
		unsigned critical;
		if (gnutls_x509_crt_get_extension_info(crt, i, oid, &size, &critical) < 0)
			break;
		printf("crt ext %u oid=%s critical=%u\n", i, oid, critical);
	}
	gnutls_digest_algorithm_t hash = 0;
	unsigned mand = 9;
	rc = gnutls_x509_crt_get_preferred_hash_algorithm(crt, &hash, &mand);
	printf("crt preferred_hash rc=%d hash=%s mand=%u\n", rc, gnutls_digest_get_name(hash), mand);
	gnutls_datum_t msg = { (unsigned char *)"signed data", 11 }, other = { (unsigned char *)"other data", 10 }, sig;
	CHECK(gnutls_privkey_sign_data2(pkey, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig));
	printf("crt verify_data2 rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig));
	printf("crt verify_data2 other rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_RSA_SHA256, 0, &other, &sig));
	printf("crt verify_data2 wrong algo rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_ECDSA_SHA256, 0, &msg, &sig));
	gnutls_free(sig.data);
	gnutls_x509_crt_deinit(crt);

	/* An expired certificate: verify_data2 checks the times. */
	gnutls_x509_crt_init(&crt);
	CHECK(gnutls_x509_crt_set_crq(crt, crq));
	CHECK(gnutls_x509_crt_set_serial(crt, "\x06", 1));
	CHECK(gnutls_x509_crt_set_activation_time(crt, 1000000000));
	CHECK(gnutls_x509_crt_set_expiration_time(crt, 1100000000));
	CHECK(gnutls_x509_crt_privkey_sign(crt, crt, pkey, GNUTLS_DIG_SHA256, 0));
	CHECK(gnutls_privkey_sign_data2(pkey, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig));
	printf("expired verify_data2 rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_RSA_SHA256, 0, &msg, &sig));
	printf("expired verify_data2 no-time rc=%d\n", gnutls_x509_crt_verify_data2(crt, GNUTLS_SIGN_RSA_SHA256,
	       GNUTLS_VERIFY_DISABLE_TIME_CHECKS, &msg, &sig));
	gnutls_free(sig.data);
	gnutls_x509_crt_deinit(crt);

	/* RSA-PSS parameters on an RSA key's request. */
	gnutls_x509_crq_t pss;
	gnutls_x509_spki_t spki;
	gnutls_x509_spki_init(&spki);
	gnutls_x509_crq_init(&pss);
	CHECK(gnutls_x509_crq_set_dn(pss, "CN=pss.test", NULL));
	CHECK(gnutls_x509_crq_set_key(pss, key));
	gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA384, 0);
	printf("crq set_spki rc=%d\n", gnutls_x509_crq_set_spki(pss, spki, 0));
	key_info(pss);
	gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 32);
	printf("crq set_spki again rc=%d\n", gnutls_x509_crq_set_spki(pss, spki, 0));
	key_info(pss);
	gnutls_x509_spki_deinit(spki);
	gnutls_x509_spki_init(&spki);
	printf("crq set_spki unset rc=%d\n", gnutls_x509_crq_set_spki(pss, spki, 0));
	gnutls_x509_spki_deinit(spki);

	gnutls_x509_crt_init(&crt);
	CHECK(gnutls_x509_crt_set_crq(crt, crq));
	gnutls_x509_spki_init(&spki);
	gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA512, 64);
	printf("crt set_spki rc=%d\n", gnutls_x509_crt_set_spki(crt, spki, 0));
	rc = gnutls_x509_crt_get_spki(crt, spki, 0);
	gnutls_digest_algorithm_t dig = 0;
	unsigned salt = 0;
	gnutls_x509_spki_get_rsa_pss_params(spki, &dig, &salt);
	printf("crt get_spki rc=%d dig=%s salt=%u pk=%d\n", rc, gnutls_digest_get_name(dig), salt,
	       gnutls_x509_crt_get_pk_algorithm(crt, NULL));
	gnutls_x509_spki_deinit(spki);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(pss);

	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(pkey);
	gnutls_x509_privkey_deinit(key);
}

static void misc(void)
{
	static const char *dns[] = { "CN=one,O=Two,C=GR", "CN=a\\,b,OU=x+OU=y", "UID=u1,DC=example,DC=com",
				     "CN=#0c03616263", "CN=ok,garbage", "=x", "CN=", "", "1.2.3.4=#0403010203,CN=z",
				     "CN=\\#XXX,OU=\\  X\\ ,C=\\,\\ ", "CN=\\CD\\AB", "C=\\#S", NULL };
	for (unsigned i = 0; dns[i]; i++) {
		gnutls_x509_dn_t dn;
		gnutls_datum_t s = { NULL, 0 };
		const char *err = NULL;
		gnutls_x509_dn_init(&dn);
		int rc = gnutls_x509_dn_set_str(dn, dns[i], &err);
		int grc = gnutls_x509_dn_get_str(dn, &s);
		printf("dn_set_str \"%s\" rc=%d err_at=%ld get=%d str=%s\n", dns[i], rc, err ? (long)(err - dns[i]) : -1L, grc,
		       grc == 0 ? (char *)s.data : "-");
		if (grc == 0)
			gnutls_free(s.data);
		if (rc == 0) {
			rc = gnutls_x509_dn_set_str(dn, "CN=second", NULL);
			grc = gnutls_x509_dn_get_str(dn, &s);
			printf("dn_set_str again rc=%d str=%s\n", rc, grc == 0 ? (char *)s.data : "-");
			if (grc == 0)
				gnutls_free(s.data);
		}
		gnutls_x509_dn_deinit(dn);
	}

	static const struct { const char *oid; const char *der; unsigned len; } others[] = {
		{ "1.3.6.1.5.5.7.8.5", "\x0c\x07" "a@b.com", 9 },
		{ "1.3.6.1.4.1.311.20.2.3", "\x0c\x05" "u@win", 7 },
		{ "1.3.6.1.5.7.8.5", "\x0c\x05" "u@win", 7 },
		{ "1.2.3.4", "\x0c\x01" "x", 3 },
		{ "1.3.6.1.5.5.7.8.5", "\x04\x01" "x", 3 },
		{ "1.3.6.1.5.5.7.8.5", "\x0c\x09" "x", 3 },
		{ "1.3.6.1.5.2.2", "\x30\x1a\xa0\x07\x1b\x05" "REALM" "\xa1\x0f\x30\x0d\xa0\x03\x02\x01\x01\xa1\x06\x30\x04\x1b\x02" "me", 28 },
		{ "1.3.6.1.5.2.2", "\x30\x03\x02\x01\x01", 5 },
		{ NULL, NULL, 0 } };
	for (unsigned i = 0; others[i].oid; i++) {
		gnutls_datum_t in = { (unsigned char *)others[i].der, others[i].len }, virt = { NULL, 0 };
		unsigned type = 999;
		int rc = gnutls_x509_othername_to_virtual(others[i].oid, &in, &type, &virt);
		printf("othername_to_virtual %s #%u rc=%d type=%u value=%.*s\n", others[i].oid, i, rc, type,
		       rc == 0 ? (int)virt.size : 1, rc == 0 ? (char *)virt.data : "-");
		if (rc == 0)
			gnutls_free(virt.data);
	}

	static const char *cidrs[] = { "10.0.0.0/8", "192.168.1.7/24", "0.0.0.0/0", "1.2.3.4/32", "1.2.3.4/33",
				       "fe80::/10", "2001:db8::1/128", "::/0", "2001:db8::/129", "10.0.0.0", "10.0.0/8",
				       "10.0.0.0/abc", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.0/-1", "fe80::zz/64", "1.2.3.4/ 7",
				       "::ffff:1.2.3.4/96", NULL };
	for (unsigned i = 0; cidrs[i]; i++) {
		gnutls_datum_t d = { NULL, 0 };
		int rc = gnutls_x509_cidr_to_rfc5280(cidrs[i], &d);
		printf("cidr \"%s\" rc=%d ", cidrs[i], rc);
		hex("hex=", d.data, rc == 0 ? d.size : 0);
		if (rc == 0)
			gnutls_free(d.data);
	}
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "info") == 0) {
		for (int i = 2; i < argc; i++) {
			const char *base = strrchr(argv[i], '/');
			printf("# request %s\n", base ? base + 1 : argv[i]);
			gnutls_x509_crq_t crq = load_crq(argv[i]);
			info(crq);
			gnutls_x509_crq_deinit(crq);
		}
	} else if (argc == 4 && strcmp(argv[1], "set") == 0) {
		set(argv[2], argv[3]);
	} else if (argc == 2 && strcmp(argv[1], "misc") == 0) {
		misc();
	} else {
		fprintf(stderr, "usage: x509_crq info REQ.pem... | set KEY.pem OUTDIR | misc\n");
		return 2;
	}
	printf("result=%s\n", failures ? "fail" : "ok");
	return failures != 0;
}
