#!/usr/bin/env python3
"""Run one dirmngr keyserver fetch against tests/hkps_server.py, both inside
a private network and mount namespace.  Meant to be started as

    unshare -rnm python3 tests/dirmngr_netns.py --name keys.grtls.test --port P \
        --cert CHAIN.pem --key KEY --keyfile KEY.asc --homedir H \
        --cacert CA.pem --fpr FPR --out DIR [--tls 1.2|1.3] [--denv K=V ...]

It asks `dirmngr --server` (Assuan on stdin/stdout) for
    KEYSERVER --clear hkps://NAME:P
    KS_GET -- 0xFPR
with --hkp-cacert CA.pem; the server listens on 127.0.0.1.

Why the namespaces:
* dirmngr (http.c, http_verify_server_credentials) refuses any TLS server
  name without a dot ("hostname missing"), so hkps://localhost cannot work,
  and for an IP-literal keyserver it uses the reverse-DNS name (127.0.0.1 ->
  "localhost" from /etc/hosts).  So the keyserver needs a dotted name that
  resolves to 127.0.0.1 without DNS: in a private mount namespace
  DIR/hosts ("127.0.0.1 NAME") is bind-mounted over /etc/hosts (the real
  file is untouched, the mount disappears with the namespace).
* In the private network namespace loopback is the only interface, so
  whatever else dirmngr might try (DNS, CRLs, OCSP) fails with ENETUNREACH
  instead of leaving the machine.  An explicit port disables the SRV lookup.
* dirmngr resolves with AI_ADDRCONFIG, which returns nothing while the host
  has no IPv4 address outside 127.0.0.0/8 ("no IP address for host"), so lo
  also gets 192.0.2.1/32 (TEST-NET-1, RFC 5737) - still no route anywhere.

--denv K=V is set for dirmngr only (LD_LIBRARY_PATH, LD_DEBUG, ...).
Writes DIR/dirmngr.out (the Assuan conversation), DIR/dirmngr.err,
DIR/dirmngr.log (--log-file), DIR/server.log, and DIR/result
("rc=N" of dirmngr or "rc=timeout").  Exit 0 once that is written, 2 when
the setup (namespace, hosts file, server) failed.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def wait_for_port(host, port, proc, deadline_s=10):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--keyfile", required=True)
    ap.add_argument("--homedir", required=True)
    ap.add_argument("--cacert", required=True)
    ap.add_argument("--fpr", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dirmngr", default="dirmngr")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--denv", action="append", default=[])
    ap.add_argument("--tls", choices=("1.2", "1.3"), default=None)
    args = ap.parse_args()
    if "." not in args.name or not args.name.endswith(".test"):
        ap.error("--name must be a dotted name under .test")
    os.makedirs(args.out, exist_ok=True)
    host = "127.0.0.1"

    # A new network namespace starts with lo down (gVisor brings it up).
    # dirmngr resolves even IP literals with AI_ADDRCONFIG, which returns
    # nothing while the host has no IPv4 address besides 127.0.0.0/8 ("no IP
    # address for host"): give lo one more, from TEST-NET-1 (RFC 5737).  It
    # is still the only interface, so nothing is routed anywhere.
    for cmd in (["ip", "link", "set", "lo", "up"],
                ["ip", "addr", "add", "192.0.2.1/32", "dev", "lo"]):
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=10)
    routes = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True,
                            timeout=10).stdout
    non_lo = [l for l in routes.splitlines() if l.split()[1] != "lo"]
    if non_lo:
        print("not in a private network namespace: %s" % non_lo, file=sys.stderr)
        return 2
    hosts = os.path.join(args.out, "hosts")
    with open(hosts, "w") as fh:
        fh.write("127.0.0.1 localhost\n127.0.0.1 %s\n" % args.name)
    p = subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=10)
    with open("/etc/hosts") as fh:
        if p.returncode != 0 or args.name not in fh.read():
            print("cannot bind-mount a private /etc/hosts (run under unshare -rnm): %s"
                  % p.stderr.strip(), file=sys.stderr)
            return 2

    srvlog = open(os.path.join(args.out, "server.log"), "wb")
    srv = subprocess.Popen([sys.executable, "-u", os.path.join(HERE, "hkps_server.py"),
                            "--host", host, "--port", str(args.port),
                            "--cert", args.cert, "--key", args.key,
                            "--keyfile", args.keyfile]
                           + (["--tls", args.tls] if args.tls else []),
                           stdin=subprocess.DEVNULL, stdout=srvlog, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        if not wait_for_port(host, args.port, srv):
            print("hkps_server.py did not start", file=sys.stderr)
            return 2
        env = dict(os.environ)
        for kv in args.denv:
            k, v = kv.split("=", 1)
            env[k] = v
        script = ("KEYSERVER --clear hkps://%s:%d\nKS_GET -- 0x%s\nBYE\n"
                  % (args.name, args.port, args.fpr)).encode()
        cmd = [args.dirmngr, "--homedir", args.homedir, "--server", "--no-use-tor",
               "--standard-resolver", "--hkp-cacert", args.cacert,
               "--log-file", os.path.join(args.out, "dirmngr.log")]
        with open(os.path.join(args.out, "cmd"), "w") as fh:
            fh.write(" ".join(cmd) + "\n" + script.decode())
        try:
            p = subprocess.run(cmd, input=script, env=env, capture_output=True,
                               timeout=args.timeout)
            rc, out, err = str(p.returncode), p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = "timeout", e.stdout or b"", e.stderr or b""
        with open(os.path.join(args.out, "dirmngr.out"), "wb") as fh:
            fh.write(out)
        with open(os.path.join(args.out, "dirmngr.err"), "wb") as fh:
            fh.write(err)
        with open(os.path.join(args.out, "result"), "w") as fh:
            fh.write("rc=%s\n" % rc)
        return 0
    finally:
        if srv.poll() is None:
            try:
                os.killpg(srv.pid, signal.SIGTERM)
            except OSError:
                pass
            try:
                srv.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(srv.pid, signal.SIGKILL)
                srv.wait(timeout=5)
        srvlog.close()


if __name__ == "__main__":
    sys.exit(main())
