/* Every chain of GnuTLS 3.7.9's tests/test-chains.h (included from the fetched source, not
 * kept here), verified with gnutls_x509_crt_list_verify (chains without a key purpose) and
 * with a trust list (gnutls_x509_trust_list_verify_crt2, the purpose as typed data), at the
 * chain's own time.  One line per chain: name, the two statuses (or the import error), and
 * the status the header expects.  tests/gnutls-suite/chains.py runs it on both libraries. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "test-chains.h"

/* The instant chainverify.c uses when a chain names none. */
#define TEST_CHAINS_DEFAULT_TIME 1256803113
static time_t verify_time = TEST_CHAINS_DEFAULT_TIME;

static time_t chain_time(time_t *t)
{
	if (t)
		*t = verify_time;
	return verify_time;
}

static int import_pem(gnutls_x509_crt_t *crt, const char *pem)
{
	gnutls_datum_t d = { (unsigned char *)pem, (unsigned)strlen(pem) };
	int ret = gnutls_x509_crt_init(crt);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_PEM);
	if (ret < 0) {
		gnutls_x509_crt_deinit(*crt);
		*crt = NULL;
	}
	return ret;
}

int main(void)
{
	enum { MAX_CERTS = 32 };
	if (gnutls_global_init() < 0)
		return 1;
	gnutls_global_set_time_function(chain_time);
	for (size_t i = 0; chains[i].chain; i++) {
		gnutls_x509_crt_t certs[MAX_CERTS] = { 0 }, ca = NULL;
		unsigned n = 0, list_status = 0, tl_status = 0;
		int err = 0;
		verify_time = chains[i].expected_time ? chains[i].expected_time : TEST_CHAINS_DEFAULT_TIME;
		for (; chains[i].chain[n] && n < MAX_CERTS && !err; n++)
			err = import_pem(&certs[n], chains[i].chain[n]);
		if (!err)
			err = import_pem(&ca, *chains[i].ca);
		if (err) {
			printf("%s\timport %d\t-\t%u\n", chains[i].name, err, chains[i].expected_verify_result);
		} else {
			int r1 = 0, r2;
			gnutls_x509_trust_list_t tl;
			if (!chains[i].purpose)
				r1 = gnutls_x509_crt_list_verify(certs, n, &ca, 1, NULL, 0,
								 chains[i].verify_flags, &list_status);
			gnutls_x509_trust_list_init(&tl, 0);
			gnutls_x509_crt_t ca_copy;
			import_pem(&ca_copy, *chains[i].ca);
			gnutls_x509_trust_list_add_cas(tl, &ca_copy, 1, 0);
			gnutls_typed_vdata_st vdata = { GNUTLS_DT_KEY_PURPOSE_OID,
							(unsigned char *)chains[i].purpose, 0 };
			r2 = gnutls_x509_trust_list_verify_crt2(tl, certs, n, &vdata,
								 chains[i].purpose ? 1 : 0,
								 chains[i].verify_flags, &tl_status, NULL);
			gnutls_x509_trust_list_deinit(tl, 1);
			if (r1 < 0 || r2 < 0)
				printf("%s\tverify %d %d\t-\t%u\n", chains[i].name, r1, r2,
				       chains[i].expected_verify_result);
			else if (chains[i].purpose)
				printf("%s\t-\t%u\t%u\n", chains[i].name, tl_status,
				       chains[i].expected_verify_result);
			else
				printf("%s\t%u\t%u\t%u\n", chains[i].name, list_status, tl_status,
				       chains[i].expected_verify_result);
		}
		for (unsigned j = 0; j < n; j++)
			if (certs[j])
				gnutls_x509_crt_deinit(certs[j]);
		if (ca)
			gnutls_x509_crt_deinit(ca);
	}
	gnutls_global_deinit();
	return 0;
}
