/* PKCS #12 read side: every getter over files made by openssl and certtool.
 *   pkcs12 FILE PASSWORD   -- one file (DER), all getters
 *   pkcs12 --bad FILE      -- garbage and truncations of FILE
 *   pkcs12 --cred FILE PASSWORD -- gnutls_certificate_set_x509_simple_pkcs12_{file,mem}
 * Every return code is printed; "result=ok" at the end if nothing unexpected happened. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/pkcs12.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void hex(const char *label, const unsigned char *p, size_t n)
{
	printf("%s=", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void sha256(const char *label, const void *p, size_t n)
{
	unsigned char d[32];
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, d) < 0) {
		printf("FAIL hash\n");
		failures++;
		return;
	}
	hex(label, d, 8);
}

static int load(const char *path, gnutls_datum_t *d)
{
	int rc = gnutls_load_file(path, d);
	if (rc < 0) {
		printf("FAIL load %s %d\n", path, rc);
		failures++;
	}
	return rc;
}

static void print_crt(const char *label, gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn;
	int rc = gnutls_x509_crt_get_dn2(crt, &dn);
	printf("%s rc=%d dn=%s\n", label, rc, rc == 0 ? (char *)dn.data : "-");
	if (rc == 0)
		gnutls_free(dn.data);
}

static void bags(gnutls_pkcs12_t p12, const char *pass)
{
	for (int i = 0;; i++) {
		gnutls_pkcs12_bag_t bag;
		gnutls_pkcs12_bag_init(&bag);
		int rc = gnutls_pkcs12_get_bag(p12, i, bag);
		printf("bag %d get_bag=%d\n", i, rc);
		if (rc < 0) {
			gnutls_pkcs12_bag_deinit(bag);
			break;
		}
		int type = gnutls_pkcs12_bag_get_type(bag, 0);
		printf("bag %d count=%d type0=%d\n", i, gnutls_pkcs12_bag_get_count(bag), type);
		if (type == GNUTLS_BAG_ENCRYPTED) {
			gnutls_datum_t raw;
			gnutls_pkcs12_bag_get_data(bag, 0, &raw);
			sha256("  encrypted-data", raw.data, raw.size);
			unsigned schema = 0, cipher = 0, salt_size = 1, iter = 0;
			unsigned char salt[64];
			char *oid = NULL;
			int erc = gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, salt, &salt_size, &iter, &oid);
			printf("  enc_info(small)=%d salt_size=%u\n", erc, salt_size);
			gnutls_free(oid);
			oid = NULL;
			salt_size = sizeof(salt);
			erc = gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, salt, &salt_size, &iter, &oid);
			printf("  enc_info=%d schema=%u cipher=%u salt_size=%u iter=%u oid=%s\n", erc, schema, cipher, salt_size, iter, oid ? oid : "(null)");
			gnutls_free(oid);
			printf("  decrypt(wrong)=%d\n", gnutls_pkcs12_bag_decrypt(bag, "wrong"));
			printf("  decrypt(right)=%d\n", gnutls_pkcs12_bag_decrypt(bag, pass));
			printf("  decrypt(again)=%d\n", gnutls_pkcs12_bag_decrypt(bag, pass));
		}
		int n = gnutls_pkcs12_bag_get_count(bag);
		for (int j = 0; j <= n; j++) {
			gnutls_datum_t data = { NULL, 0 }, id = { NULL, 0 };
			char *name = NULL;
			int t = gnutls_pkcs12_bag_get_type(bag, j);
			int drc = gnutls_pkcs12_bag_get_data(bag, j, &data);
			printf("  elem %d type=%d data=%d size=%u\n", j, t, drc, drc == 0 ? data.size : 0);
			if (j == n)
				break;
			if (t != GNUTLS_BAG_PKCS8_ENCRYPTED_KEY && drc == 0)
				sha256("  data-sha256", data.data, data.size);
			int krc = gnutls_pkcs12_bag_get_key_id(bag, j, &id);
			printf("  key_id rc=%d size=%u\n", krc, id.size);
			if (krc == 0 && id.size)
				hex("  key_id", id.data, id.size);
			int nrc = gnutls_pkcs12_bag_get_friendly_name(bag, j, &name);
			printf("  friendly_name rc=%d name=%s\n", nrc, name ? name : "(null)");
			if (t == GNUTLS_BAG_CERTIFICATE) {
				gnutls_x509_crt_t crt;
				gnutls_x509_crt_init(&crt);
				printf("  crt_import=%d\n", gnutls_x509_crt_import(crt, &data, GNUTLS_X509_FMT_DER));
				print_crt("  crt", crt);
				gnutls_x509_crt_deinit(crt);
			}
			if (t == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY || t == GNUTLS_BAG_PKCS8_KEY) {
				gnutls_x509_privkey_t key;
				gnutls_x509_privkey_init(&key);
				int irc = gnutls_x509_privkey_import_pkcs8(key, &data, GNUTLS_X509_FMT_DER, pass,
									 t == GNUTLS_BAG_PKCS8_KEY ? GNUTLS_PKCS_PLAIN : 0);
				printf("  key_import=%d pk=%d\n", irc, irc == 0 ? gnutls_x509_privkey_get_pk_algorithm(key) : 0);
				gnutls_x509_privkey_deinit(key);
			}
		}
		printf("  key_id(past)=%d name(past)=%d\n", gnutls_pkcs12_bag_get_key_id(bag, n, &(gnutls_datum_t){0}),
		       gnutls_pkcs12_bag_get_friendly_name(bag, n, &(char *){0}));
		gnutls_pkcs12_bag_deinit(bag);
	}
}

static void simple(gnutls_pkcs12_t p12, const char *pass, unsigned flags, int with_extra)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t *chain = NULL, *extra = NULL;
	unsigned chain_len = 0, extra_len = 0;
	gnutls_x509_crl_t crl = NULL;
	int rc = gnutls_pkcs12_simple_parse(p12, pass, &key, &chain, &chain_len, with_extra ? &extra : NULL,
					    with_extra ? &extra_len : NULL, &crl, flags);
	printf("simple_parse(pass=%s flags=%u extra=%d)=%d key=%s chain_len=%u extra_len=%u crl=%s\n",
	       pass ? pass : "NULL", flags, with_extra, rc, key ? "set" : "NULL", chain_len, extra_len, crl ? "set" : "NULL");
	if (rc < 0)
		return;
	unsigned char id[64];
	size_t id_size = sizeof(id);
	if (gnutls_x509_privkey_get_key_id(key, 0, id, &id_size) == 0)
		hex("  key-id", id, id_size);
	for (unsigned i = 0; i < chain_len; i++) {
		print_crt("  chain", chain[i]);
		gnutls_x509_crt_deinit(chain[i]);
	}
	gnutls_free(chain);
	for (unsigned i = 0; i < extra_len; i++) {
		print_crt("  extra", extra[i]);
		gnutls_x509_crt_deinit(extra[i]);
	}
	gnutls_free(extra);
	if (crl)
		gnutls_x509_crl_deinit(crl);
	gnutls_x509_privkey_deinit(key);
}

static void one(const char *path, const char *pass)
{
	gnutls_datum_t der, out;
	gnutls_pkcs12_t p12;
	if (load(path, &der) < 0)
		return;
	gnutls_pkcs12_init(&p12);
	printf("import=%d\n", gnutls_pkcs12_import(p12, &der, GNUTLS_X509_FMT_DER, 0));

	unsigned mac = 0, salt_size = 0, iter = 0;
	unsigned char salt[64];
	char *oid = NULL;
	int rc = gnutls_pkcs12_mac_info(p12, &mac, NULL, NULL, &iter, &oid);
	printf("mac_info=%d mac=%u iter=%u oid=%s\n", rc, mac, iter, oid ? oid : "(null)");
	gnutls_free(oid);
	salt_size = 1;
	rc = gnutls_pkcs12_mac_info(p12, NULL, salt, &salt_size, NULL, NULL);
	printf("mac_info(small salt)=%d salt_size=%u\n", rc, salt_size);
	salt_size = sizeof(salt);
	rc = gnutls_pkcs12_mac_info(p12, NULL, salt, &salt_size, NULL, NULL);
	printf("mac_info(salt)=%d salt_size=%u\n", rc, salt_size);

	printf("verify_mac(right)=%d\n", gnutls_pkcs12_verify_mac(p12, pass));
	printf("verify_mac(wrong)=%d\n", gnutls_pkcs12_verify_mac(p12, "wrong"));
	printf("verify_mac(empty)=%d\n", gnutls_pkcs12_verify_mac(p12, ""));

	bags(p12, pass);
	simple(p12, pass, 0, 1);
	simple(p12, pass, 0, 0);
	simple(p12, pass, GNUTLS_PKCS12_SP_INCLUDE_SELF_SIGNED, 1);
	simple(p12, "wrong", 0, 1);
	simple(p12, NULL, 0, 1);

	rc = gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out);
	printf("export2(DER)=%d same=%d\n", rc, rc == 0 && out.size == der.size && memcmp(out.data, der.data, der.size) == 0);
	if (rc == 0)
		gnutls_free(out.data);
	rc = gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_PEM, &out);
	printf("export2(PEM)=%d\n", rc);
	if (rc == 0) {
		printf("pem-head=%.20s\n", out.data);
		gnutls_pkcs12_t again;
		gnutls_pkcs12_init(&again);
		printf("import(PEM)=%d\n", gnutls_pkcs12_import(again, &out, GNUTLS_X509_FMT_PEM, 0));
		printf("again verify_mac=%d\n", gnutls_pkcs12_verify_mac(again, pass));
		size_t size = 10;
		char small[10];
		printf("export(PEM, small)=%d\n", gnutls_pkcs12_export(again, GNUTLS_X509_FMT_PEM, small, &size));
		printf("export size=%zu (pem size %u)\n", size, out.size);
		gnutls_pkcs12_deinit(again);
		gnutls_free(out.data);
	}
	gnutls_pkcs12_deinit(p12);
	gnutls_free(der.data);
}

static void bad(const char *path)
{
	gnutls_datum_t der;
	if (load(path, &der) < 0)
		return;
	struct { const char *name; gnutls_datum_t d; int fmt; } cases[] = {
		{ "garbage", { (unsigned char *)"hello world", 11 }, GNUTLS_X509_FMT_DER },
		{ "empty", { (unsigned char *)"", 0 }, GNUTLS_X509_FMT_DER },
		{ "half", { der.data, der.size / 2 }, GNUTLS_X509_FMT_DER },
		{ "minus1", { der.data, der.size - 1 }, GNUTLS_X509_FMT_DER },
		{ "pem-no-header", { (unsigned char *)"hello world", 11 }, GNUTLS_X509_FMT_PEM },
		{ "pem-bad-base64", { (unsigned char *)"-----BEGIN PKCS12-----\n!!!!\n-----END PKCS12-----\n", 47 }, GNUTLS_X509_FMT_PEM },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gnutls_pkcs12_t p12;
		gnutls_pkcs12_init(&p12);
		printf("bad %s import=%d\n", cases[i].name, gnutls_pkcs12_import(p12, &cases[i].d, cases[i].fmt, 0));
		gnutls_pkcs12_deinit(p12);
	}
	/* An authSafe whose inner bytes are damaged: flip a byte well inside. */
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_init(&p12);
	der.data[der.size / 2] ^= 0x55;
	int rc = gnutls_pkcs12_import(p12, &der, GNUTLS_X509_FMT_DER, 0);
	printf("bad flipped import=%d\n", rc);
	if (rc == 0)
		printf("bad flipped verify_mac=%d\n", gnutls_pkcs12_verify_mac(p12, "secret"));
	gnutls_pkcs12_deinit(p12);
	/* Never imported. */
	gnutls_pkcs12_init(&p12);
	gnutls_pkcs12_bag_t bag;
	gnutls_pkcs12_bag_init(&bag);
	gnutls_datum_t out;
	printf("empty get_bag=%d verify_mac=%d export2=%d mac_info=%d\n", gnutls_pkcs12_get_bag(p12, 0, bag),
	       gnutls_pkcs12_verify_mac(p12, "x"), gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out),
	       gnutls_pkcs12_mac_info(p12, NULL, NULL, NULL, NULL, NULL));
	gnutls_x509_privkey_t key;
	printf("empty simple_parse=%d\n", gnutls_pkcs12_simple_parse(p12, "x", &key, NULL, NULL, NULL, NULL, NULL, 0));
	printf("bag decrypt on empty bag=%d\n", gnutls_pkcs12_bag_decrypt(bag, "x"));
	printf("bag get_type on empty bag=%d count=%d\n", gnutls_pkcs12_bag_get_type(bag, 0), gnutls_pkcs12_bag_get_count(bag));
	gnutls_pkcs12_bag_deinit(bag);
	gnutls_pkcs12_deinit(p12);
	gnutls_free(der.data);
}

static void cred(const char *path, const char *pass)
{
	gnutls_certificate_credentials_t c;
	gnutls_datum_t der;
	gnutls_certificate_allocate_credentials(&c);
	printf("cred file(right)=%d\n", gnutls_certificate_set_x509_simple_pkcs12_file(c, path, GNUTLS_X509_FMT_DER, pass));
	printf("cred file(wrong)=%d\n", gnutls_certificate_set_x509_simple_pkcs12_file(c, path, GNUTLS_X509_FMT_DER, "wrong"));
	printf("cred file(missing)=%d\n", gnutls_certificate_set_x509_simple_pkcs12_file(c, "/nonexistent.p12", GNUTLS_X509_FMT_DER, pass));
	printf("cred file(as PEM)=%d\n", gnutls_certificate_set_x509_simple_pkcs12_file(c, path, GNUTLS_X509_FMT_PEM, pass));
	if (load(path, &der) == 0) {
		printf("cred mem(right)=%d\n", gnutls_certificate_set_x509_simple_pkcs12_mem(c, &der, GNUTLS_X509_FMT_DER, pass));
		gnutls_free(der.data);
	}
	gnutls_certificate_free_credentials(c);
}

int main(int argc, char **argv)
{
	gnutls_global_init();
	if (argc == 3 && strcmp(argv[1], "--bad") == 0)
		bad(argv[2]);
	else if (argc == 4 && strcmp(argv[1], "--cred") == 0)
		cred(argv[2], argv[3]);
	else if (argc == 3)
		one(argv[1], argv[2]);
	else {
		fprintf(stderr, "usage: pkcs12 FILE PASSWORD | --bad FILE | --cred FILE PASSWORD\n");
		return 2;
	}
	gnutls_global_deinit();
	printf(failures ? "result=fail\n" : "result=ok\n");
	return failures != 0;
}
