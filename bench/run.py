#!/usr/bin/env python3
"""Benchmark gnutls-rustls (build/lib/libgnutls.so.30) against the system's GnuTLS.

Both libraries are measured in the same run, alternately (ABBA order), against the
same `openssl s_server -WWW` peers on 127.0.0.1, and the medians are compared.
CPU time (getrusage) is the primary metric because other work may share the
machine; wall times are printed too.  This is a report, never a test: nothing here
asserts on speed.  It fails only if something does not work (a handshake fails, a
transfer is short, a server does not start, ...).

    python3 bench/run.py            # full run: 30 handshakes, 5 x 256 MiB transfers
    python3 bench/run.py --quick    # smoke run: fewer runs, 64 MiB file

Measurements (each per library):
  (a) handshake: bench/tlsbench in `handshake` mode, one process per handshake;
      median CPU us of the whole process (exec .. exit, getrusage in the process)
      and median wall us of gnutls_handshake().
  (b) bulk: GET of a random file; median MB/s per CPU second of the client during
      the transfer (bytes / (user+sys)) and wall MB/s.  MB = 10^6 bytes.
  (c) the unmodified /usr/bin/wget fetching a 1 KiB file; median child CPU us
      (os.wait4 rusage) and wall us.
  (d) the crypto API (bench/cryptobench.c): SHA-256 (gnutls_hash), HMAC-SHA256
      (gnutls_hmac) and AES-128-GCM (gnutls_aead_cipher_encrypt) on 16 KiB and 64-byte
      inputs; median MB per CPU second.  `--crypto` runs only this part.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "bench", "tlsbench.c")
CRYPTO_SRC = os.path.join(ROOT, "bench", "cryptobench.c")
# (op, input size, calls per run): each run takes a few hundred ms of CPU.
CRYPTO_CASES = [(op, size, count) for op in ("sha256", "hmac-sha256", "aes-128-gcm")
                for size, count in ((16384, 20000), (64, 1000000))]
CHILD_TIMEOUT = 60  # seconds, any single client process
SERVER_START_TIMEOUT = 10

SERVERS = [
    # name, s_server protocol/cipher options, expected (proto, cipher) as GnuTLS names
    ("TLS1.3 AES-128-GCM", ["-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"],
     ("TLS1.3", "AES-128-GCM")),
    ("TLS1.3 AES-256-GCM", ["-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"],
     ("TLS1.3", "AES-256-GCM")),
    ("TLS1.2 ECDHE-RSA-AES128-GCM", ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"],
     ("TLS1.2", "AES-128-GCM")),
]


class BenchError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_checked(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=CHILD_TIMEOUT, **kw)
    if r.returncode != 0:
        raise BenchError("%s failed (%d):\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    return r.stdout


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_pki(d):
    def ossl(*args):
        run_checked(["openssl"] + list(args), cwd=d)
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
         "-days", "2", "-subj", "/CN=gnutls-rustls bench CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
         "-subj", "/CN=localhost")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    ossl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")


def make_file(path, size):
    chunk = 1 << 20
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(chunk, left)
            f.write(os.urandom(n))
            left -= n


class Server:
    def __init__(self, d, name, opts):
        self.name = name
        self.port = free_port()
        self.err = open(os.path.join(d, "s_server.%d.log" % self.port), "w+")
        cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % self.port,
               "-cert", "server.pem", "-key", "server.key", "-WWW", "-quiet"] + opts
        self.proc = subprocess.Popen(cmd, cwd=d, stdin=subprocess.DEVNULL,
                                     stdout=self.err, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise BenchError("s_server %s exited: %s" % (name, self.log()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError("s_server %s did not start listening" % name)
                time.sleep(0.05)

    def log(self):
        self.err.flush()
        self.err.seek(0)
        return self.err.read()[-2000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.err.close()


def parse_kv(out):
    kv = {}
    for tok in out.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            kv[k] = v
    return kv


class Lib:
    def __init__(self, name, binary, env):
        self.name = name
        self.binary = binary
        self.env = env


def client(lib, port, cafile, path, mode, expect):
    out = run_checked([lib.binary, str(port), "NORMAL", cafile, path, mode], env=lib.env)
    kv = parse_kv(out)
    got = (kv.get("proto"), kv.get("cipher"))
    if got != expect:
        raise BenchError("%s negotiated %s, expected %s" % (lib.name, got, expect))
    return kv


def wget_once(lib, url, cafile):
    """Runs /usr/bin/wget once; returns (child CPU us, wall us) from os.wait4."""
    t0 = time.monotonic()
    p = subprocess.Popen(["/usr/bin/wget", "-q", "--ca-certificate=" + cafile, url,
                          "-O", "/dev/null"], env=lib.env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(CHILD_TIMEOUT, p.kill)
    timer.start()
    try:
        _, status, ru = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    wall = (time.monotonic() - t0) * 1e6
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped; keep Popen consistent
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if p.returncode != 0:
        raise BenchError("wget with %s failed (%d): %s" % (lib.name, p.returncode, err))
    return (ru.ru_utime + ru.ru_stime) * 1e6, wall


def alternate(libs, n, fn):
    """Calls fn(lib) n times per library in ABBA order; returns {name: [results]}."""
    res = {l.name: [] for l in libs}
    for i in range(n):
        order = libs if i % 2 == 0 else list(reversed(libs))
        for l in order:
            res[l.name].append(fn(l))
    return res


def check_loads(lib, want_dir):
    out = run_checked(["ldd", lib.binary], env=lib.env)
    line = [l for l in out.splitlines() if "libgnutls.so.30" in l]
    if not line or want_dir not in line[0]:
        raise BenchError("%s does not load libgnutls from %s: %s" % (lib.name, want_dir, line))
    return line[0].split("=>")[1].split("(")[0].strip()


def crypto_rows(libs, runs):
    """(d): crypto API throughput rows, ABBA-alternated like the rest."""
    rows = []
    for op, size, count in CRYPTO_CASES:
        log("bench: crypto %s %d bytes: %d runs per library" % (op, size, runs))

        def once(l):
            kv = parse_kv(run_checked([l.crypto, op, str(size), str(count)], env=l.env))
            return size * count / max(int(kv["cpu_us"]), 1)  # bytes/us = MB/s
        r = alternate(libs, runs, once)
        med = {k: statistics.median(v) for k, v in r.items()}
        rows.append(("crypto %s %d B: MB per CPU second" % (op, size), med["system"], med["ours"], "rate"))
    return rows


def build_crypto(cc, flags, include, libdir, d):
    ours, system = os.path.join(d, "cryptobench-ours"), os.path.join(d, "cryptobench-system")
    run_checked([cc] + flags + ["-I", include, "-o", ours, CRYPTO_SRC, "-L", libdir, "-lgnutls"])
    pc = run_checked(["pkg-config", "--cflags", "--libs", "gnutls"]).split()
    run_checked([cc] + flags + [f for f in pc if not f.startswith("-l")] + ["-o", system, CRYPTO_SRC]
                + [f for f in pc if f.startswith("-l")])
    return ours, system


def print_rows(rows):
    w = max(len(r[0]) for r in rows)
    print("%-*s  %12s  %12s  %7s  %s" % (w, "metric", "system", "ours", "ratio", "verdict"))
    print("-" * (w + 60))
    for metric, s, o, kind in rows:
        ratio = o / s if s else float("nan")
        if kind == "cost":
            verdict = "ours %.2fx %s" % (max(ratio, 1 / ratio), "cheaper" if ratio < 1 else "costlier")
        else:
            verdict = "ours %.2fx %s" % (max(ratio, 1 / ratio), "faster" if ratio > 1 else "slower")
        fmt = "%12.0f" if kind == "cost" else "%12.1f"
        print(("%-*s  " + fmt + "  " + fmt + "  %7.3f  %s") % (w, metric, s, o, ratio, verdict))


def crypto_only(args, libdir):
    d = tempfile.mkdtemp(prefix="gnutls-bench.")
    try:
        flags = ["-O2", "-Wall", "-Wextra", "-Werror"]
        ours_bin, sys_bin = build_crypto(args.cc, flags, os.path.abspath(args.include), libdir, d)
        base_env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD")}
        system = Lib("system", None, base_env)
        system.crypto = sys_bin
        ours = Lib("ours", None, dict(base_env, LD_LIBRARY_PATH=libdir))
        ours.crypto = ours_bin
        rows = crypto_rows([system, ours], 3 if args.quick else 5)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print()
    print("gnutls-rustls crypto API benchmark: medians, ABBA-alternated; ratio = ours/system, "
          "above 1 means ours is faster")
    print("  load average at end: %s; %d CPUs" % (" ".join("%.2f" % x for x in os.getloadavg()),
                                                  os.cpu_count() or 0))
    print()
    print_rows(rows)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: fewer runs, 64 MiB file")
    ap.add_argument("--libdir", default=os.path.join(ROOT, "build", "lib"),
                    help="directory holding our libgnutls.so.30 (default build/lib)")
    ap.add_argument("--include", default=os.path.join(ROOT, "include"),
                    help="our headers (default include)")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (prints its path)")
    ap.add_argument("--crypto", action="store_true", help="only (d), the crypto API")
    args = ap.parse_args()
    if args.crypto:
        libdir = os.path.abspath(args.libdir)
        if not os.path.exists(os.path.join(libdir, "libgnutls.so.30")):
            raise BenchError("%s/libgnutls.so.30 missing: run make first" % libdir)
        return crypto_only(args, libdir)

    hs_runs, bulk_runs, wget_runs = (6, 2, 4) if args.quick else (30, 5, 10)
    size = (64 if args.quick else 256) << 20
    libdir = os.path.abspath(args.libdir)
    if not os.path.exists(os.path.join(libdir, "libgnutls.so.30")):
        raise BenchError("%s/libgnutls.so.30 missing: run make first" % libdir)
    for tool in ("openssl", "pkg-config", "/usr/bin/wget", args.cc):
        if not shutil.which(tool):
            raise BenchError("%s not found" % tool)

    d = tempfile.mkdtemp(prefix="gnutls-bench.")
    servers = []
    t_start = time.monotonic()
    try:
        # Two builds of the same client.
        flags = ["-O2", "-Wall", "-Wextra", "-Werror"]
        ours_bin, sys_bin = os.path.join(d, "tlsbench-ours"), os.path.join(d, "tlsbench-system")
        run_checked([args.cc] + flags + ["-I", os.path.abspath(args.include), "-o", ours_bin, SRC,
                     "-L", libdir, "-lgnutls"])
        pc = run_checked(["pkg-config", "--cflags", "--libs", "gnutls"]).split()
        sysver = run_checked(["pkg-config", "--modversion", "gnutls"]).strip()
        cflags = [f for f in pc if not f.startswith("-l")]
        libs_ = [f for f in pc if f.startswith("-l")]
        run_checked([args.cc] + flags + cflags + ["-o", sys_bin, SRC] + libs_)

        base_env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD")}
        env_ours = dict(base_env, LD_LIBRARY_PATH=libdir)
        system = Lib("system", sys_bin, base_env)
        ours = Lib("ours", ours_bin, env_ours)
        libs = [system, ours]
        sys_so = check_loads(system, "/")
        ours_so = check_loads(ours, libdir)
        if os.path.realpath(sys_so) == os.path.realpath(ours_so):
            raise BenchError("both builds load the same library %s" % sys_so)
        wget_so = check_loads(Lib("wget-ours", "/usr/bin/wget", env_ours), libdir)

        log("bench: temp dir %s; making certificates and a %d MiB file" % (d, size >> 20))
        make_pki(d)
        make_file(os.path.join(d, "big.bin"), size)
        make_file(os.path.join(d, "small"), 1024)
        ca = os.path.join(d, "ca.pem")

        for name, opts, expect in SERVERS:
            servers.append((Server(d, name, opts), expect))

        rows = []  # (metric, system, ours, kind) kind: "cost" or "rate"
        headline = {}
        for srv, expect in servers:
            log("bench: %s: %d handshakes per library" % (srv.name, hs_runs))
            r = alternate(libs, hs_runs, lambda l: client(l, srv.port, ca, "/", "handshake", expect))
            cpu = {k: statistics.median(int(x["cpu_us"]) for x in v) for k, v in r.items()}
            wall = {k: statistics.median(int(x["hs_wall_us"]) for x in v) for k, v in r.items()}
            rows.append(("%s handshake: process CPU us" % srv.name, cpu["system"], cpu["ours"], "cost"))
            rows.append(("%s handshake: handshake wall us" % srv.name, wall["system"], wall["ours"], "cost"))
            headline.setdefault("hs", (srv.name, cpu["ours"] / cpu["system"]))

        for srv, expect in servers:
            log("bench: %s: %d x %d MiB transfers per library" % (srv.name, bulk_runs, size >> 20))

            def bulk(l):
                kv = client(l, srv.port, ca, "big.bin", "bulk", expect)
                if int(kv["body_bytes"]) != size:
                    raise BenchError("%s got %s body bytes, expected %d" % (l.name, kv["body_bytes"], size))
                b = int(kv["body_bytes"])
                return b / max(int(kv["cpu_us"]), 1), b / max(int(kv["wall_us"]), 1)  # bytes/us = MB/s
            r = alternate(libs, bulk_runs, bulk)
            cpu = {k: statistics.median(x[0] for x in v) for k, v in r.items()}
            wall = {k: statistics.median(x[1] for x in v) for k, v in r.items()}
            rows.append(("%s bulk: MB per CPU second" % srv.name, cpu["system"], cpu["ours"], "rate"))
            rows.append(("%s bulk: wall MB/s" % srv.name, wall["system"], wall["ours"], "rate"))
            headline.setdefault("bulk", (srv.name, cpu["ours"] / cpu["system"]))

        srv = servers[0][0]
        log("bench: wget: %d runs per library against %s" % (wget_runs, srv.name))
        url = "https://localhost:%d/small" % srv.port
        r = alternate(libs, wget_runs, lambda l: wget_once(l, url, ca))
        cpu = {k: statistics.median(x[0] for x in v) for k, v in r.items()}
        wall = {k: statistics.median(x[1] for x in v) for k, v in r.items()}
        rows.append(("wget 1 KiB (%s): child CPU us" % srv.name, cpu["system"], cpu["ours"], "cost"))
        rows.append(("wget 1 KiB (%s): wall us" % srv.name, wall["system"], wall["ours"], "cost"))
        headline["wget"] = cpu["ours"] / cpu["system"]

        system.crypto, ours.crypto = build_crypto(args.cc, flags, os.path.abspath(args.include), libdir, d)[::-1]
        rows.extend(crypto_rows(libs, 3 if args.quick else 5))
    finally:
        for srv, _ in servers:
            srv.stop()
        if args.keep:
            log("bench: kept %s" % d)
        else:
            shutil.rmtree(d, ignore_errors=True)

    # Report.
    print()
    print("gnutls-rustls benchmark (%s): medians, ABBA-alternated, %d handshakes / %d x %d MiB "
          "transfers / %d wget runs per library" % ("quick" if args.quick else "full", hs_runs,
                                                     bulk_runs, size >> 20, wget_runs))
    print("  system: %s (GnuTLS %s)" % (sys_so, sysver))
    print("  ours:   %s (wget with LD_LIBRARY_PATH loads %s)" % (ours_so, wget_so))
    print("  ratio = ours/system.  'cost' rows (us): below 1 means ours is cheaper.  "
          "'rate' rows (MB/s): above 1 means ours is faster.")
    print("  load average at end: %s; %d CPUs" % (" ".join("%.2f" % x for x in os.getloadavg()),
                                                  os.cpu_count() or 0))
    print()
    print_rows(rows)
    print()
    print("HEADLINE (ours/system): %s handshake process CPU %.2fx (lower is better); "
          "%s bulk MB per CPU-s %.2fx (higher is better); wget 1 KiB child CPU %.2fx (lower is better)"
          % (headline["hs"][0], headline["hs"][1], headline["bulk"][0], headline["bulk"][1],
             headline["wget"]))
    log("bench: done in %.1f s" % (time.monotonic() - t_start))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so finally: stops the servers
    try:
        main()
    except (BenchError, subprocess.TimeoutExpired) as e:
        log("bench: error: %s" % e)
        sys.exit(1)
