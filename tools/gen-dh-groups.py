#!/usr/bin/env python3
"""Writes src/dh_groups/values.rs: the bytes of the finite-field groups GnuTLS 3.7.9 exports as
data (`gnutls_ffdhe_*_group_*`, `gnutls_ffdhe_*_key_bits`, `gnutls_srp_*_group_*`).

A developer step (the build uses the committed file):
  tools/gen-dh-groups.py            dump every value from the installed libgnutls.so.30 and
                                    cross-check it with OpenSSL's copy of the same RFC tables
  tools/gen-dh-groups.py --verify   also check each prime against its RFC's defining formula
                                    (RFC 7919 from e, RFC 3526 from pi) and that p and (p-1)/2
                                    are probable primes (about a minute)

The values are RFC 7919's ffdhe groups (prime, q = (p-1)/2, generator 2) and RFC 5054's SRP
groups (appendix A; its 3072-bit and larger groups are RFC 3526's MODP primes); key_bits are
GnuTLS's own choice of exponent size (lib/dh-primes.c), so only GnuTLS can confirm them.
"""
import os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "dh_groups", "values.rs")
FFDHE = (2048, 3072, 4096, 6144, 8192)
SRP = (1024, 1536, 2048, 3072, 4096, 8192)

GNUTLS_DUMP = r"""
#include <stdio.h>
#include <gnutls/gnutls.h>
static void d(const char *n, const gnutls_datum_t *x) {
    printf("%s ", n);
    for (unsigned i = 0; i < x->size; i++) printf("%02x", x->data[i]);
    printf("\n");
}
#define F(b) d("ffdhe_" #b "_prime", &gnutls_ffdhe_##b##_group_prime); \
    d("ffdhe_" #b "_q", &gnutls_ffdhe_##b##_group_q); \
    d("ffdhe_" #b "_generator", &gnutls_ffdhe_##b##_group_generator); \
    printf("ffdhe_" #b "_key_bits %u\n", gnutls_ffdhe_##b##_key_bits);
#define S(b) d("srp_" #b "_prime", &gnutls_srp_##b##_group_prime); \
    d("srp_" #b "_generator", &gnutls_srp_##b##_group_generator);
int main(void) {
    F(2048) F(3072) F(4096) F(6144) F(8192)
    S(1024) S(1536) S(2048) S(3072) S(4096) S(8192)
    return 0;
}
"""

OPENSSL_DUMP = r"""
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/obj_mac.h>
#include <openssl/srp.h>
static void p(const char *n, int bits, const char *what, const BIGNUM *b) {
    unsigned char buf[1024];
    int l = BN_bn2bin(b, buf);
    printf("%s_%d_%s ", n, bits, what);
    for (int i = 0; i < l; i++) printf("%02x", buf[i]);
    printf("\n");
}
int main(void) {
    int nids[] = {NID_ffdhe2048, NID_ffdhe3072, NID_ffdhe4096, NID_ffdhe6144, NID_ffdhe8192};
    int bits[] = {2048, 3072, 4096, 6144, 8192};
    for (int i = 0; i < 5; i++) {
        const BIGNUM *P, *Q, *G;
        DH_get0_pqg(DH_new_by_nid(nids[i]), &P, &Q, &G);
        p("ffdhe", bits[i], "prime", P); p("ffdhe", bits[i], "q", Q); p("ffdhe", bits[i], "generator", G);
    }
    const char *ids[] = {"1024", "1536", "2048", "3072", "4096", "8192"};
    for (int i = 0; i < 6; i++) {
        SRP_gN *gn = SRP_get_default_gN(ids[i]);
        p("srp", atoi(ids[i]), "prime", gn->N); p("srp", atoi(ids[i]), "generator", gn->g);
    }
    return 0;
}
"""


def run_c(source, flags):
    with tempfile.TemporaryDirectory() as d:
        c, exe = os.path.join(d, "dump.c"), os.path.join(d, "dump")
        open(c, "w").write(source)
        subprocess.check_call(["cc", "-include", "stdlib.h", c, "-o", exe] + flags)
        out = subprocess.check_output([exe], text=True)
    return dict(line.split(" ", 1) for line in out.strip().splitlines())


def fixed(bits, const):
    """floor(const * 2^bits) for const in {e, pi}, in exact integer arithmetic."""
    one = 1 << (bits + 64)
    if const == "e":
        s, t, k = 0, one, 0
        while t:
            s, k = s + t, k + 1
            t //= k
    else:  # Machin: pi = 16 atan(1/5) - 4 atan(1/239)
        def atan_inv(x):
            s, t, n, sign = 0, one // x, 1, 1
            while t:
                s, t, n, sign = s + sign * (t // n), t // (x * x), n + 2, -sign
            return s
        s = 16 * atan_inv(5) - 4 * atan_inv(239)
    return s >> 64


def probable_prime(n, rounds=8):
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(random.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def verify(vals):
    """p = 2^b - 2^(b-64) + (floor(2^(b-130) c) + X) 2^64 - 1 with small X (RFC 7919 section A,
    RFC 3526 section 1), and p a safe prime."""
    for name, b, const in [(f"ffdhe_{b}", b, "e") for b in FFDHE] + [(f"srp_{b}", b, "pi") for b in SRP if b >= 3072]:
        p = int(vals[name + "_prime"], 16)
        x = (p - (1 << b) + (1 << (b - 64)) + 1) // (1 << 64) - fixed(b - 130, const)
        ok = 0 < x < 1 << 32 and p == (1 << b) - (1 << (b - 64)) + (fixed(b - 130, const) + x) * (1 << 64) - 1
        ok = ok and probable_prime(p) and probable_prime((p - 1) // 2)
        print(f"{name}: RFC formula from {const} with X = {x}, safe prime: {ok}")
        if not ok:
            sys.exit(f"{name} is not the RFC's group")


def rust_bytes(name, hexstr):
    b = bytes.fromhex(hexstr)
    rows = [", ".join(f"0x{x:02x}" for x in b[i:i + 16]) for i in range(0, len(b), 16)]
    return f"pub static {name}: [u8; {len(b)}] = [\n" + "".join(f"    {r},\n" for r in rows) + "];\n"


def main():
    gnutls = run_c(GNUTLS_DUMP, subprocess.check_output(["pkg-config", "--cflags", "--libs", "gnutls"], text=True).split())
    try:
        openssl = run_c(OPENSSL_DUMP, ["-lcrypto"])
        diff = [k for k, v in openssl.items() if gnutls.get(k) != v]
        if diff:
            sys.exit(f"GnuTLS and OpenSSL disagree on {diff}")
        print(f"GnuTLS and OpenSSL agree on all {len(openssl)} group values")
    except (subprocess.CalledProcessError, FileNotFoundError):
        print("OpenSSL headers missing: values not cross-checked with OpenSSL", file=sys.stderr)
    if "--verify" in sys.argv:
        verify(gnutls)
    out = ["// Generated by tools/gen-dh-groups.py from the installed GnuTLS 3.7.9; do not edit.",
           "// RFC 7919 (ffdhe: prime, q = (p-1)/2, generator) and RFC 5054 appendix A (SRP: prime,",
           "// generator); dumped from libgnutls.so.30, checked equal to OpenSSL 3's copy of the same",
           "// tables, and the RFC 7919 / RFC 3526 primes checked against their defining formulas",
           "// (`--verify`). The key sizes are GnuTLS's (lib/dh-primes.c).", ""]
    for b in FFDHE:
        out.append(rust_bytes(f"FFDHE_{b}_PRIME", gnutls[f"ffdhe_{b}_prime"]))
        out.append(rust_bytes(f"FFDHE_{b}_Q", gnutls[f"ffdhe_{b}_q"]))
        out.append(rust_bytes(f"FFDHE_{b}_GENERATOR", gnutls[f"ffdhe_{b}_generator"]))
        out.append(f"/// cbindgen:ignore\npub const FFDHE_{b}_KEY_BITS: u32 = {int(gnutls[f'ffdhe_{b}_key_bits'])};\n")
    for b in SRP:
        out.append(rust_bytes(f"SRP_{b}_PRIME", gnutls[f"srp_{b}_prime"]))
        out.append(rust_bytes(f"SRP_{b}_GENERATOR", gnutls[f"srp_{b}_generator"]))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    open(OUT, "w").write("\n".join(out))
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
