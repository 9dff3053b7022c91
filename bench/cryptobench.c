/* cryptobench: GnuTLS crypto API throughput, used by bench/run.py to compare gnutls-rustls
 * with the system's GnuTLS. The same source is compiled against each library.
 *
 *   cryptobench OP SIZE COUNT     OP: sha256 | hmac-sha256 | aes-128-gcm
 *
 * Runs OP COUNT times over a SIZE-byte buffer: gnutls_hash_fast-free calls through a
 * handle (gnutls_hash / gnutls_hash_output), gnutls_hmac / gnutls_hmac_output, and
 * gnutls_aead_cipher_encrypt (and one decrypt, checked). Prints
 *   op=.. size=N count=N cpu_us=N
 * cpu_us is user+sys time (getrusage) of the loop. Every return code is checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

static long long cpu_us(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL + ru.ru_utime.tv_usec +
           ru.ru_stime.tv_usec;
}

static void check(const char *what, int rc)
{
    if (rc < 0) {
        fprintf(stderr, "cryptobench: %s failed: %d (%s)\n", what, rc, gnutls_strerror(rc));
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: cryptobench sha256|hmac-sha256|aes-128-gcm SIZE COUNT\n");
        return 2;
    }
    const char *op = argv[1];
    size_t size = strtoul(argv[2], NULL, 10);
    long count = strtol(argv[3], NULL, 10);
    unsigned char *buf = malloc(size + 64), *out = malloc(size + 64), md[64];
    unsigned char key[32], nonce[12];
    memset(buf, 0x5a, size + 64);
    memset(key, 7, sizeof key);
    memset(nonce, 9, sizeof nonce);
    long long t0, t1;

    if (strcmp(op, "sha256") == 0) {
        gnutls_hash_hd_t h;
        check("gnutls_hash_init", gnutls_hash_init(&h, GNUTLS_DIG_SHA256));
        t0 = cpu_us();
        for (long i = 0; i < count; i++) {
            check("gnutls_hash", gnutls_hash(h, buf, size));
            gnutls_hash_output(h, md);
        }
        t1 = cpu_us();
        gnutls_hash_deinit(h, NULL);
    } else if (strcmp(op, "hmac-sha256") == 0) {
        gnutls_hmac_hd_t h;
        check("gnutls_hmac_init", gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, key, 32));
        t0 = cpu_us();
        for (long i = 0; i < count; i++) {
            check("gnutls_hmac", gnutls_hmac(h, buf, size));
            gnutls_hmac_output(h, md);
        }
        t1 = cpu_us();
        gnutls_hmac_deinit(h, NULL);
    } else if (strcmp(op, "aes-128-gcm") == 0) {
        gnutls_aead_cipher_hd_t h;
        gnutls_datum_t k = {key, 16};
        size_t len;
        check("gnutls_aead_cipher_init", gnutls_aead_cipher_init(&h, GNUTLS_CIPHER_AES_128_GCM, &k));
        t0 = cpu_us();
        for (long i = 0; i < count; i++) {
            len = size + 64;
            check("gnutls_aead_cipher_encrypt",
                  gnutls_aead_cipher_encrypt(h, nonce, 12, NULL, 0, 16, buf, size, out, &len));
        }
        t1 = cpu_us();
        size_t plen = size + 64;
        check("gnutls_aead_cipher_decrypt",
              gnutls_aead_cipher_decrypt(h, nonce, 12, NULL, 0, 16, out, len, buf, &plen));
        if (plen != size) {
            fprintf(stderr, "cryptobench: decrypted %zu bytes, expected %zu\n", plen, size);
            return 2;
        }
        gnutls_aead_cipher_deinit(h);
    } else {
        fprintf(stderr, "cryptobench: unknown op %s\n", op);
        return 2;
    }
    printf("op=%s size=%zu count=%ld cpu_us=%lld\n", op, size, count, t1 - t0);
    free(buf);
    free(out);
    return 0;
}
