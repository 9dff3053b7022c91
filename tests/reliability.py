#!/usr/bin/env python3
"""Faults and load against real peers, on 127.0.0.1 only, every wait bounded.

    python3 tests/reliability.py [-k PATTERN] [-v] [--quick] [--keep]

faults/<tls12|tls13>/<case>  c-tests/faults.c, built against the real GnuTLS and against
    ours, each run against tests/fault_peer.py (Python ssl over memory BIOs, so it controls
    every byte on the wire) under the same fault. Both libraries must print what the real
    GnuTLS 3.7.9 prints (EXPECTED below, learned from it and checked on it at every run),
    except where DIFFERING lists ours with its reason.
load/<openssl|ours>/<tls13|tls12>  c-tests/load.c on our library: 16 threads x 500 verified
    handshakes sharing one credential and one priority cache, every handshake after a
    thread's first resuming the previous one, against `openssl s_server -www` or
    c-tests/server.c on our library. Zero failures, every resumption taken; the RSS of the
    client (and of our server) sampled all along must stay flat once warm (bounded caches).
--quick  4 threads x 100 handshakes (the RSS check is then only printed).

Prints one line per test (PASS/FAIL/SKIP), the fault table, the load figures, and
"N passed, N failed".
"""

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CTESTS = os.path.join(ROOT, "c-tests")
OUR_LIBDIR = os.path.join(ROOT, "build", "lib")
CFLAGS = ["-Wall", "-Wextra", "-Werror", "-std=gnu11", "-g", "-O1", "-pthread"]
TIMEOUT = 30

TLS = "tls12", "tls13"
CASES = ["stall", "reset-handshake", "reset-recv", "reset-send", "trickle", "trunc-mid-record",
         "trunc-boundary", "close-notify", "eintr", "oversized", "big"]
GOOD = {"handshake_rc": "0"}
# What the real GnuTLS 3.7.9 prints for each case (both versions alike).
EXPECTED = {
    # gnutls_handshake_set_timeout(1000) and a peer that never answers the ClientHello.
    "stall": {"handshake_rc": "-319", "timed_out_in_time": "1"},          # GNUTLS_E_TIMEDOUT
    # Half the server's flight, then a TCP RST.
    "reset-handshake": {"handshake_rc": "-54"},                           # GNUTLS_E_PULL_ERROR
    "reset-recv": dict(GOOD, recv_bytes="100", recv_rc="-54"),            # GNUTLS_E_PULL_ERROR
    # RST while we send: GnuTLS maps the EPIPE/ECONNRESET of send() to PREMATURE_TERMINATION.
    "reset-send": dict(GOOD, send_rc="-110"),
    "trickle": dict(GOOD, recv_bytes="1040", recv_rc="1040"),
    # FIN in the middle of a record: GNUTLS_E_UNEXPECTED_PACKET_LENGTH.
    "trunc-mid-record": dict(GOOD, recv_bytes="0", recv_rc="-9"),
    # FIN after a whole record, no close_notify: GNUTLS_E_PREMATURE_TERMINATION.
    "trunc-boundary": dict(GOOD, recv_bytes="1040", recv_rc="-110"),
    "close-notify": dict(GOOD, recv_bytes="1040", recv_rc="0"),
    # SIGALRM every 10 ms without SA_RESTART: GNUTLS_E_INTERRUPTED, retried, then success.
    "eintr": dict(GOOD, recv_bytes="1040", interrupted_seen="1"),
    # A 2^14+2049-byte ciphertext record: GNUTLS_E_RECORD_OVERFLOW.
    "oversized": dict(GOOD, recv_bytes="0", recv_rc="-417"),
    "big": dict(GOOD, send_mib_rc="0", peer_says="OK", recv_mib_ok="1"),
}
# Where ours knowingly prints something else: case -> (its values, reason).
DIFFERING = {}

VERBOSE = False


class Failure(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def kv(out):
    d = {}
    for line in out.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        k, v = line.split("=", 1)
        d[k.strip()] = v.strip()
    return d


class Lib:
    def __init__(self, kind, work):
        self.kind = kind
        self.bin = os.path.join(work, "bin-" + kind)
        self.env = dict(os.environ)
        if kind == "ours":
            self.env["LD_LIBRARY_PATH"] = OUR_LIBDIR
        os.makedirs(self.bin, exist_ok=True)

    def build(self, names):
        if self.kind == "ours":
            flags, libs = ["-I", os.path.join(ROOT, "include")], ["-L", OUR_LIBDIR, "-lgnutls"]
        else:
            pc = subprocess.run(["pkg-config", "--cflags", "--libs", "gnutls"], capture_output=True, text=True)
            if pc.returncode != 0:
                raise Failure("pkg-config gnutls: %s" % pc.stderr.strip())
            flags, libs = [], pc.stdout.split()
        for name in names:
            cmd = ["gcc"] + CFLAGS + flags + ["-o", self.prog(name), os.path.join(CTESTS, name + ".c")] + libs
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise Failure("compiling %s (%s): %s" % (name, self.kind, r.stderr[-500:]))

    def prog(self, name):
        return os.path.join(self.bin, name)


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_fault(lib, pki, version, case):
    peer = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fault_peer.py"),
                             os.path.join(pki, "good.pem"), os.path.join(pki, "good.key"), version, case],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = peer.stdout.readline().strip()
        if not port.isdigit():
            raise Failure("fault peer did not start: %s" % peer.stderr.read()[-300:])
        r = subprocess.run([lib.prog("faults"), port, os.path.join(pki, "ca.pem"), version, case],
                           env=lib.env, capture_output=True, text=True, timeout=TIMEOUT)
        peer_out, peer_err = peer.communicate(timeout=TIMEOUT)
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
    if r.returncode != 0:
        raise Failure("faults exit %d: %s %s" % (r.returncode, r.stdout[-300:], r.stderr[-300:]))
    if "panicked" in r.stderr:
        raise Failure("a Rust panic: %s" % r.stderr[:300])
    if "peer_result=ok" not in peer_out:
        raise Failure("the fault peer says: %s %s" % (peer_out.strip()[-200:], peer_err.strip()[-300:]))
    return r.stdout


def check(d, want, who, out):
    for k, v in want.items():
        if d.get(k) != v:
            raise Failure("%s: %s=%s, want %s\n%s" % (who, k, d.get(k), v, out if VERBOSE else ""))


TABLE = []


def t_fault(version, case):
    def f(ctx):
        sys_out = run_fault(ctx.system, ctx.pki, version, case)
        ours_out = run_fault(ctx.ours, ctx.pki, version, case)
        s, o = kv(sys_out), kv(ours_out)
        check(s, EXPECTED[case], "real GnuTLS", sys_out)
        code = lambda d: d.get("recv_rc") or d.get("send_rc") or d.get("handshake_rc")
        TABLE.append((version, case, code(s), code(o)))
        if case in DIFFERING:
            theirs, reason = DIFFERING[case]
            want = dict(EXPECTED[case], **theirs)
            if all(o.get(k) == v for k, v in EXPECTED[case].items()):
                return "now identical to GnuTLS: remove %s from DIFFERING" % case
            check(o, want, "ours (expected-differing: %s)" % reason, ours_out)
            return "expected-differing: " + reason
        check(o, EXPECTED[case], "ours", ours_out)
        # Beyond the asserted keys, the two outputs must be the same line for line.
        if [l for l in sys_out.splitlines() if not l.startswith("#")] != \
           [l for l in ours_out.splitlines() if not l.startswith("#")]:
            raise Failure("outputs differ:\n--- real GnuTLS\n%s--- ours\n%s" % (sys_out, ours_out))
        return None
    return f


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc, deadline=10):
    import socket
    end = time.time() + deadline
    while time.time() < end:
        if proc.poll() is not None:
            raise Failure("server exited early (%s)" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise Failure("server did not listen on %d" % port)


def flat(samples):
    """(warm, end): the highest RSS in the run's second fifth and in its last fifth."""
    n = len(samples)
    if n < 10:
        return None
    return max(samples[n // 5: 2 * n // 5]), max(samples[4 * n // 5:])


LOADS = []


def t_load(server, version):
    def f(ctx):
        threads, per = (4, 100) if ctx.quick else (16, 500)
        total = threads * per
        pki = ctx.pki
        srv = None
        if server == "openssl":
            port = free_port()
            cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", os.path.join(pki, "good.pem"),
                   "-key", os.path.join(pki, "good.key"), "-www", "-quiet",
                   "-tls1_3" if version == "tls13" else "-tls1_2"]
            srv = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        else:
            pf = os.path.join(ctx.work, "port-%s" % version)
            prio = "NORMAL:-VERS-ALL:+VERS-TLS1.3" if version == "tls13" else "NORMAL:-VERS-ALL:+VERS-TLS1.2"
            cmd = [ctx.ours.prog("server"), "--port-file", pf, "-n", str(total), "--cert",
                   os.path.join(pki, "good.pem"), os.path.join(pki, "good.key"), "--tickets", "--prio", prio]
            srv = subprocess.Popen(cmd, env=ctx.ours.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
            for _ in range(100):
                if os.path.exists(pf) and open(pf).read().strip():
                    break
                time.sleep(0.1)
            port = int(open(pf).read().strip())
        try:
            if server == "openssl":
                # (server.c writes its port file once it listens, and a probe would be
                # one of its -n connections.)
                wait_port(port, srv)
            t0 = time.time()
            cli = subprocess.Popen([ctx.ours.prog("load"), str(port), os.path.join(pki, "ca.pem"), version,
                                    str(threads), str(per)], env=ctx.ours.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
            csamples, ssamples = [], []
            deadline = t0 + 280
            while cli.poll() is None and time.time() < deadline:
                c = rss_kb(cli.pid)
                if c:
                    csamples.append(c)
                if server == "ours":
                    s = rss_kb(srv.pid)
                    if s:
                        ssamples.append(s)
                time.sleep(0.2)
            if cli.poll() is None:
                cli.kill()
                raise Failure("load did not finish in 280 s")
            out, err = cli.communicate()
            secs = time.time() - t0
        finally:
            if srv.poll() is None:
                srv.kill()
            srv.wait()
        d = kv(out)
        if "panicked" in err:
            raise Failure("a Rust panic: %s" % err[:300])
        check(d, {"load_ok": "1", "handshakes": str(total), "failures": "0",
                  "resumed": str(threads * (per - 1))}, "load", out)
        figures = "%d handshakes in %.1f s (%.0f/s), %s resumed" % (total, secs, total / secs, d["resumed"])
        for who, samples in (("client", csamples), ("our server", ssamples)):
            fl = flat(samples)
            if not fl:
                continue
            warm, end = fl
            figures += "; %s RSS %d -> %d KB" % (who, warm, end)
            # Flat: a cache or a leak growing per handshake would add megabytes over 8,000.
            if not ctx.quick and end - warm > 4096:
                raise Failure("%s RSS grew from %d to %d KB over the run" % (who, warm, end))
        LOADS.append((server, version, figures))
        return figures
    return f


class Ctx:
    pass


def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-k")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    VERBOSE = a.v
    tests = [("faults/%s/%s" % (v, c), t_fault(v, c)) for v in TLS for c in CASES]
    tests += [("load/%s/%s" % (s, v), t_load(s, v)) for s in ("openssl", "ours") for v in ("tls13", "tls12")]
    if a.k:
        pat = a.k if any(ch in a.k for ch in "*?[") else "*%s*" % a.k
        tests = [t for t in tests if fnmatch.fnmatch(t[0], pat)]
    if not os.path.exists(os.path.join(OUR_LIBDIR, "libgnutls.so.30")):
        log("build/lib/libgnutls.so.30 missing: run make all")
        return 1
    ctx = Ctx()
    ctx.quick = a.quick
    ctx.work = tempfile.mkdtemp(prefix="grtls-rel-")
    passed = failed = 0
    try:
        ctx.pki = os.path.join(ctx.work, "pki")
        r = subprocess.run(["sh", os.path.join(ROOT, "tests", "mkcerts.sh"), ctx.pki], capture_output=True,
                           text=True, timeout=120)
        if r.returncode != 0:
            log("mkcerts.sh failed: %s" % r.stderr[-300:])
            return 1
        ctx.system, ctx.ours = Lib("system", ctx.work), Lib("ours", ctx.work)
        ctx.system.build(["faults"])
        ctx.ours.build(["faults", "load", "server"])
        for name, f in tests:
            try:
                note = f(ctx)
                passed += 1
                log("PASS %s%s" % (name, " (%s)" % note if note else ""))
            except (Failure, subprocess.TimeoutExpired, OSError) as e:
                failed += 1
                log("FAIL %s: %s" % (name, e))
        if TABLE:
            log("\nfault                      real GnuTLS   ours")
            for v, c, s, o in TABLE:
                log("%-26s %11s %6s%s" % (v + "/" + c, s, o, "  (expected-differing)" if c in DIFFERING and s != o else ""))
        if LOADS:
            log("")
            for s, v, fig in LOADS:
                log("load %s/%s: %s" % (s, v, fig))
    finally:
        if a.keep:
            log("kept %s" % ctx.work)
        else:
            shutil.rmtree(ctx.work, ignore_errors=True)
    log("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
