/* A client that checks the server's stapled OCSP response, as GnuTLS's certificate
 * verification does: the handshake (with gnutls_session_set_verify_cert when MODE is
 * "auto"), then gnutls_certificate_verify_peers2's status, gnutls_ocsp_status_request_is_checked
 * with and without GNUTLS_OCSP_SR_IS_AVAIL, the stapled bytes (gnutls_ocsp_status_request_get
 * and _get2) and what the OCSP API reads in them.
 *
 * usage: ocsp_client HOST PORT CAFILE MODE PRIORITY
 *   MODE  auto (the handshake verifies), peers (only verify_peers2 after it), or
 *         noocsp (verify_peers2 with GNUTLS_VERIFY_DISABLE_CRL_CHECKS)
 */
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
	gnutls_certificate_credentials_t xcred;
	gnutls_session_t session;
	gnutls_datum_t resp = { NULL, 0 };
	unsigned status = 12345;
	int rc, fd;

	if (argc < 6) {
		fprintf(stderr, "usage: ocsp_client HOST PORT CAFILE MODE PRIORITY\n");
		return 2;
	}
	const char *mode = argv[4];
	gnutls_global_init();
	gnutls_certificate_allocate_credentials(&xcred);
	rc = gnutls_certificate_set_x509_trust_file(xcred, argv[3], GNUTLS_X509_FMT_PEM);
	printf("trust_file=%d\n", rc);
	if (!strcmp(mode, "noocsp"))
		gnutls_certificate_set_verify_flags(xcred, GNUTLS_VERIFY_DISABLE_CRL_CHECKS);
	gnutls_init(&session, GNUTLS_CLIENT);
	rc = gnutls_priority_set_direct(session, argv[5], NULL);
	if (rc < 0)
		fail("gnutls_priority_set_direct", rc);
	gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, xcred);
	gnutls_server_name_set(session, GNUTLS_NAME_DNS, "localhost", 9);
	printf("enable_client=%d\n", gnutls_ocsp_status_request_enable_client(session, NULL, 0, NULL));
	if (!strcmp(mode, "auto"))
		gnutls_session_set_verify_cert(session, "localhost", 0);
	printf("before is_checked=%u avail=%u get=%d\n", gnutls_ocsp_status_request_is_checked(session, 0),
	       gnutls_ocsp_status_request_is_checked(session, GNUTLS_OCSP_SR_IS_AVAIL),
	       gnutls_ocsp_status_request_get(session, &resp));
	fd = tcp_connect_to(argv[1], argv[2]);
	gnutls_transport_set_int(session, fd);
	do {
		rc = gnutls_handshake(session);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	printf("handshake=%d\n", rc);
	if (rc < 0) {
		printf("# handshake error: %s\n", gnutls_strerror(rc));
		printf("verify_status=%u\n", gnutls_session_get_verify_cert_status(session));
		printf("failed is_checked=%u\n", gnutls_ocsp_status_request_is_checked(session, 0));
		close(fd);
		return 0;
	}
	printf("after handshake is_checked=%u avail=%u\n", gnutls_ocsp_status_request_is_checked(session, 0),
	       gnutls_ocsp_status_request_is_checked(session, GNUTLS_OCSP_SR_IS_AVAIL));
	rc = gnutls_certificate_verify_peers2(session, &status);
	printf("verify_peers2=%d status=0x%x\n", rc, status);
	gnutls_datum_t text;
	if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0) >= 0) {
		printf("status_text=%s\n", text.data);
		gnutls_free(text.data);
	}
	printf("is_checked=%u avail=%u\n", gnutls_ocsp_status_request_is_checked(session, 0),
	       gnutls_ocsp_status_request_is_checked(session, GNUTLS_OCSP_SR_IS_AVAIL));
	rc = gnutls_ocsp_status_request_get(session, &resp);
	printf("ocsp_get=%d size=%u\n", rc, rc >= 0 ? resp.size : 0);
	gnutls_datum_t r2 = { NULL, 0 };
	rc = gnutls_ocsp_status_request_get2(session, 0, &r2);
	printf("ocsp_get2_0=%d same=%d\n", rc, rc >= 0 && r2.size == resp.size && r2.data == resp.data);
	printf("ocsp_get2_1=%d\n", gnutls_ocsp_status_request_get2(session, 1, &r2));
	if (resp.size > 0) {
		gnutls_ocsp_resp_t r;
		unsigned cert_status = 99;
		gnutls_ocsp_resp_init(&r);
		rc = gnutls_ocsp_resp_import(r, &resp);
		printf("stapled import=%d", rc);
		if (rc >= 0 && gnutls_ocsp_resp_get_single(r, 0, NULL, NULL, NULL, NULL, &cert_status, NULL, NULL, NULL, NULL) >= 0)
			printf(" cert_status=%u", cert_status);
		const gnutls_datum_t *peers = gnutls_certificate_get_peers(session, NULL);
		if (peers) {
			gnutls_x509_crt_t leaf;
			gnutls_x509_crt_init(&leaf);
			if (gnutls_x509_crt_import(leaf, &peers[0], GNUTLS_X509_FMT_DER) >= 0)
				printf(" check_crt=%d", gnutls_ocsp_resp_check_crt(r, 0, leaf));
			gnutls_x509_crt_deinit(leaf);
		}
		printf("\n");
		gnutls_ocsp_resp_deinit(r);
	}
	gnutls_bye(session, GNUTLS_SHUT_RDWR);
	close(fd);
	gnutls_deinit(session);
	gnutls_certificate_free_credentials(xcred);
	gnutls_global_deinit();
	printf("result=ok\n");
	return 0;
}
