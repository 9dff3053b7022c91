/* PKCS #12 write side: bags (set_data, set_crt, set_crl, set_privkey, key ids, friendly
 * names), bag encryption with each scheme, gnutls_pkcs12_set_bag, generate_mac/_mac2.
 *   pkcs12_gen PKI OUT.p12   (PKI holds good.pem, good.key, ca.pem, crl.pem)
 * Writes OUT.p12 (password "secret") for openssl and certtool to read, then reads it back:
 * every bag, element, attribute and the MAC. Ciphertexts and salts are random, so only
 * sizes of what is encrypted are left out. "result=ok" at the end if nothing unexpected
 * happened. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/pkcs12.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
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

static void load(const char *pki, const char *name, gnutls_datum_t *d)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", pki, name);
	CHECK(gnutls_load_file(path, d));
}

static void read_back(const gnutls_datum_t *der)
{
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_init(&p12);
	printf("read import=%d\n", gnutls_pkcs12_import(p12, der, GNUTLS_X509_FMT_DER, 0));
	printf("read verify_mac(right)=%d\n", gnutls_pkcs12_verify_mac(p12, "secret"));
	printf("read verify_mac(wrong)=%d\n", gnutls_pkcs12_verify_mac(p12, "wrong"));
	unsigned mac = 0, iter = 0, salt_size = 32;
	char salt[32], *oid = NULL;
	printf("read mac_info=%d", gnutls_pkcs12_mac_info(p12, &mac, salt, &salt_size, &iter, &oid));
	printf(" mac=%u salt_size=%u iter=%u oid=%s\n", mac, salt_size, iter, oid ? oid : "(null)");
	gnutls_free(oid);
	for (int i = 0;; i++) {
		gnutls_pkcs12_bag_t bag;
		gnutls_pkcs12_bag_init(&bag);
		int rc = gnutls_pkcs12_get_bag(p12, i, bag);
		if (rc < 0) {
			printf("read bag %d rc=%d\n", i, rc);
			gnutls_pkcs12_bag_deinit(bag);
			break;
		}
		int type0 = gnutls_pkcs12_bag_get_type(bag, 0);
		printf("read bag %d type0=%d", i, type0);
		if (type0 == GNUTLS_BAG_ENCRYPTED) {
			unsigned schema = 0, cipher = 0, ss = 32, it = 0;
			char s[32], *o = NULL;
			rc = gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, s, &ss, &it, &o);
			printf(" enc_info=%d schema=%u cipher=%u iter=%u oid=%s", rc, schema, cipher, it, o ? o : "(null)");
			gnutls_free(o);
			printf(" decrypt(wrong)=%d", gnutls_pkcs12_bag_decrypt(bag, "wrong"));
			printf(" decrypt=%d", gnutls_pkcs12_bag_decrypt(bag, "secret"));
		}
		int n = gnutls_pkcs12_bag_get_count(bag);
		printf(" count=%d\n", n);
		for (int j = 0; j < n; j++) {
			gnutls_datum_t d, id;
			char *name = NULL;
			int type = gnutls_pkcs12_bag_get_type(bag, j);
			printf("  element %d type=%d", j, type);
			if (gnutls_pkcs12_bag_get_key_id(bag, j, &id) == 0 && id.size) {
				printf(" key_id=%.*s", (int)id.size, id.data);
			}
			if (gnutls_pkcs12_bag_get_friendly_name(bag, j, &name) == 0 && name)
				printf(" name=%s", name);
			printf("\n");
			if (gnutls_pkcs12_bag_get_data(bag, j, &d) == 0) {
				if (type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY) {
					gnutls_x509_privkey_t k;
					gnutls_x509_privkey_init(&k);
					printf("   import_pkcs8=%d\n", gnutls_x509_privkey_import_pkcs8(k, &d, GNUTLS_X509_FMT_DER, "secret", 0));
					gnutls_datum_t plain;
					if (gnutls_x509_privkey_export2_pkcs8(k, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN, &plain) == 0) {
						sha256("   key", plain.data, plain.size);
						gnutls_free(plain.data);
					}
					gnutls_x509_privkey_deinit(k);
				} else {
					sha256("   data", d.data, d.size);
				}
			}
		}
		gnutls_pkcs12_bag_deinit(bag);
	}
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t *chain = NULL;
	unsigned chain_len = 0;
	printf("read simple_parse=%d", gnutls_pkcs12_simple_parse(p12, "secret", &key, &chain, &chain_len, NULL, NULL, NULL, 0));
	printf(" chain_len=%u\n", chain_len);
	for (unsigned i = 0; i < chain_len; i++)
		gnutls_x509_crt_deinit(chain[i]);
	gnutls_free(chain);
	if (key)
		gnutls_x509_privkey_deinit(key);
	gnutls_pkcs12_deinit(p12);
}

int main(int argc, char **argv)
{
	gnutls_datum_t d, out;
	gnutls_x509_crt_t good, ca;
	gnutls_x509_crl_t crl;
	gnutls_x509_privkey_t key;
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_bag_t bag;
	gnutls_datum_t id1 = { (unsigned char *)"key-one", 7 }, id2 = { (unsigned char *)"ca-id", 5 };

	if (argc != 3) {
		fprintf(stderr, "usage: pkcs12_gen PKI OUT.p12\n");
		return 2;
	}
	gnutls_global_init();
	load(argv[1], "good.pem", &d);
	gnutls_x509_crt_init(&good);
	CHECK(gnutls_x509_crt_import(good, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	load(argv[1], "ca.pem", &d);
	gnutls_x509_crt_init(&ca);
	CHECK(gnutls_x509_crt_import(ca, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	load(argv[1], "crl.pem", &d);
	gnutls_x509_crl_init(&crl);
	CHECK(gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);
	load(argv[1], "good.key", &d);
	gnutls_x509_privkey_init(&key);
	CHECK(gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM));
	gnutls_free(d.data);

	gnutls_pkcs12_init(&p12);
	printf("empty generate_mac=%d export2=%d\n", gnutls_pkcs12_generate_mac(p12, "secret"),
	       gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out));

	/* Bag 1: the leaf and the CA, encrypted with PBES2 AES-128. */
	gnutls_pkcs12_bag_init(&bag);
	printf("bag1 encrypt(empty, plain)=%d\n", gnutls_pkcs12_bag_encrypt(bag, "secret", GNUTLS_PKCS_PLAIN));
	/* GnuTLS 3.7.9 accepts index 0 of an empty bag (0, for the element added next); ours -50. */
	printf("# bag1 set_key_id(0, empty)=%d\n", gnutls_pkcs12_bag_set_key_id(bag, 0, &id1));
	printf("bag1 set_crt(good)=%d\n", gnutls_pkcs12_bag_set_crt(bag, good));
	printf("bag1 set_crt(ca)=%d\n", gnutls_pkcs12_bag_set_crt(bag, ca));
	printf("bag1 set_key_id(0)=%d set_key_id(1)=%d set_key_id(2)=%d\n", gnutls_pkcs12_bag_set_key_id(bag, 0, &id1),
	       gnutls_pkcs12_bag_set_key_id(bag, 1, &id2), gnutls_pkcs12_bag_set_key_id(bag, 2, &id2));
	printf("bag1 set_friendly_name(0)=%d\n", gnutls_pkcs12_bag_set_friendly_name(bag, 0, "leaf"));
	printf("bag1 count=%d\n", gnutls_pkcs12_bag_get_count(bag));
	printf("bag1 encrypt=%d\n", gnutls_pkcs12_bag_encrypt(bag, "secret", GNUTLS_PKCS_PBES2_AES_128));
	printf("bag1 type0=%d count=%d encrypt(again)=%d\n", gnutls_pkcs12_bag_get_type(bag, 0), gnutls_pkcs12_bag_get_count(bag),
	       gnutls_pkcs12_bag_encrypt(bag, "secret", 0));
	printf("bag1 set_data(encrypted bag)=%d\n", gnutls_pkcs12_bag_set_data(bag, GNUTLS_BAG_SECRET, &id1));
	printf("set_bag(bag1)=%d\n", gnutls_pkcs12_set_bag(p12, bag));
	gnutls_pkcs12_bag_deinit(bag);

	/* Bag 2: the key, shrouded (PBES2 3DES), alone. */
	gnutls_pkcs12_bag_init(&bag);
	printf("bag2 set_privkey=%d\n", gnutls_pkcs12_bag_set_privkey(bag, key, "secret", GNUTLS_PKCS_PBES2_3DES));
	printf("bag2 set_crt(after a key)=%d\n", gnutls_pkcs12_bag_set_crt(bag, good));
	CHECK(gnutls_pkcs12_bag_set_key_id(bag, 0, &id1));
	CHECK(gnutls_pkcs12_bag_set_friendly_name(bag, 0, "leaf"));
	printf("set_bag(bag2)=%d\n", gnutls_pkcs12_set_bag(p12, bag));
	gnutls_pkcs12_bag_deinit(bag);

	/* Bags 3-5: a CRL and a secret encrypted with each PKCS#12 scheme, then in plain. */
	const unsigned schemes[] = { GNUTLS_PKCS_PKCS12_3DES, GNUTLS_PKCS_PKCS12_RC2_40, GNUTLS_PKCS_PBES2_AES_256 };
	for (unsigned i = 0; i < 3; i++) {
		gnutls_pkcs12_bag_init(&bag);
		printf("bag%u set_crl=%d\n", 3 + i, gnutls_pkcs12_bag_set_crl(bag, crl));
		printf("bag%u set_data(secret)=%d\n", 3 + i, gnutls_pkcs12_bag_set_data(bag, GNUTLS_BAG_SECRET, &id2));
		printf("bag%u encrypt=%d\n", 3 + i, gnutls_pkcs12_bag_encrypt(bag, "secret", schemes[i]));
		printf("set_bag(bag%u)=%d\n", 3 + i, gnutls_pkcs12_set_bag(p12, bag));
		gnutls_pkcs12_bag_deinit(bag);
	}
	gnutls_pkcs12_bag_init(&bag);
	printf("bag6 set_crt=%d\n", gnutls_pkcs12_bag_set_crt(bag, ca));
	printf("set_bag(bag6)=%d\n", gnutls_pkcs12_set_bag(p12, bag));
	gnutls_pkcs12_bag_deinit(bag);

	printf("verify_mac(before any)=%d\n", gnutls_pkcs12_verify_mac(p12, "secret"));
	printf("generate_mac2(MD5)=%d generate_mac2(unknown)=%d\n", gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_MD5, "secret"),
	       gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_UNKNOWN, "secret"));
	printf("generate_mac2(SHA512)=%d\n", gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_SHA512, "other"));
	printf("verify_mac(other)=%d\n", gnutls_pkcs12_verify_mac(p12, "other"));
	printf("generate_mac=%d\n", gnutls_pkcs12_generate_mac(p12, "secret"));
	printf("verify_mac(secret)=%d\n", gnutls_pkcs12_verify_mac(p12, "secret"));
	printf("export2=%d\n", gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out));
	FILE *f = fopen(argv[2], "wb");
	if (!f || fwrite(out.data, 1, out.size, f) != out.size) {
		printf("FAIL write %s\n", argv[2]);
		failures++;
	}
	if (f)
		fclose(f);
	read_back(&out);
	gnutls_free(out.data);

	gnutls_pkcs12_deinit(p12);
	gnutls_x509_crt_deinit(good);
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_crl_deinit(crl);
	gnutls_x509_privkey_deinit(key);
	gnutls_global_deinit();
	printf("result=%s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}
