#!/usr/bin/env python3
"""The chains of GnuTLS 3.7.9's tests/test-chains.h (90, GOST's included), verified on the system's
GnuTLS and on ours by tests/gnutls-suite/chains.c, compared chain by chain.

    python3 tests/gnutls-suite/chains.py [--lib DIR] [-v]

A chain GnuTLS rejects (a non-zero status, from either gnutls_x509_crt_list_verify or a trust
list) and ours accepts (status 0) is a failure: the security rule is never to report valid
what GnuTLS rejects.  Chains where ours is stricter or reports other bits are counted and,
with -v, listed.  Needs the source tests/gnutls-suite/run.py fetches (it runs first in
`make check`); exit status 1 on a failure or when the source is missing.
"""
import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "build", "gnutls-suite")


def results(binp, libdir):
    env = dict(os.environ)
    if libdir:
        env["LD_LIBRARY_PATH"] = libdir
    r = subprocess.run([binp], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit("%s exited with %d on %s" % (binp, r.returncode, libdir or "the system library"))
    # Some names repeat in the header: chains are told apart by their place.
    return [tuple(line.split("\t")) for line in r.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "lib"))
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    heads = glob.glob(os.path.join(ROOT, "build", "gnutls-src", "gnutls28-*", "tests", "test-chains.h"))
    if not heads:
        sys.exit("tests/test-chains.h not found: run tests/gnutls-suite/run.py first (it fetches the source)")
    binp = os.path.join(OUT, "bin", "test-chains-matrix")
    os.makedirs(os.path.dirname(binp), exist_ok=True)
    src = os.path.join(HERE, "chains.c")
    if not os.path.exists(binp) or os.path.getmtime(binp) < max(os.path.getmtime(src), os.path.getmtime(heads[0])):
        cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "gnutls"], stdout=subprocess.PIPE, text=True).stdout.split()
        # Debian builds GnuTLS with GOST, so the header's GOST chains apply.
        cmd = ["gcc", "-std=gnu11", "-O1", "-w", "-DENABLE_GOST", "-I", os.path.dirname(heads[0]), src, "-o", binp] + cflags
        subprocess.run(cmd, check=True, timeout=180)
    system, ours = results(binp, None), results(binp, a.lib)
    if [r[0] for r in system] != [r[0] for r in ours]:
        sys.exit("the two runs saw different chains")
    same, other, laxer = [], [], []
    for (name, *s), (_, *o) in zip(system, ours):
        if s[:2] == o[:2]:
            same.append(name)
            continue
        # A status column that is "-" (no such call) or an import error is no acceptance.
        rejected = lambda col: col not in ("-", "0")
        accepted = lambda col: col == "0"
        if any(rejected(s[i]) and accepted(o[i]) for i in (0, 1)) or (s[0].startswith("import") and "0" in o[:2]):
            laxer.append(name)
        else:
            other.append(name)
        if a.v or name in laxer:
            print("%s %s: system %s, ours %s" % ("FAIL" if name in laxer else "differs", name, "/".join(s[:2]), "/".join(o[:2])))
    print("test-chains.h: %d chains, %d with GnuTLS's statuses, %d stricter or with other bits, %d accepted that GnuTLS rejects"
          % (len(system), len(same), len(other), len(laxer)))
    return 1 if laxer else 0


if __name__ == "__main__":
    sys.exit(main())
