#!/usr/bin/env python3
"""A tiny HTTPS keyserver for the dirmngr tests, bound to a loopback address.

    hkps_server.py --port P --cert CHAIN.pem --key KEY --keyfile KEY.asc
                   [--host 127.0.0.1] [--tls 1.2|1.3]

Serves KEY.asc (an ASCII-armoured OpenPGP public key) for
    GET /pks/lookup?op=get&...   (HKP, what `KS_GET` asks for over hkps://)
    GET /key.asc                 (a plain https URL, `KS_FETCH`)
and 404 for anything else.  For every TLS connection it prints one line
(stdout, unbuffered):
    tls-conn n=N version=TLSv1.x
or  tls-fail n=N error=...
and for every request:
    request n=N GET PATH status=CODE
Only the Python standard library is used.
"""

import argparse
import http.server
import itertools
import ssl
import sys
import threading
import urllib.parse

COUNTER = itertools.count(1)
LOCK = threading.Lock()


def say(line):
    with LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "grtls-hkps-test"
    keydata = b""

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if (u.path == "/pks/lookup" and q.get("op") == ["get"]) or u.path == "/key.asc":
            status, body, ctype = 200, self.keydata, "application/pgp-keys"
        else:
            status, body, ctype = 404, b"not found\n", "text/plain"
        say("request n=%d GET %s status=%d" % (self.server_conn_n, self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, handler, ctx):
        super().__init__(addr, handler)
        self.ctx = ctx

    def finish_request(self, request, client_address):
        n = next(COUNTER)
        try:
            request.settimeout(15)
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            say("tls-fail n=%d error=%s" % (n, str(e).replace("\n", " ")))
            return
        say("tls-conn n=%d version=%s" % (n, tls.version()))
        handler = type("H", (Handler,), {"server_conn_n": n})
        try:
            handler(tls, client_address, self)
        except (ssl.SSLError, OSError) as e:
            say("conn-error n=%d error=%s" % (n, str(e).replace("\n", " ")))
        finally:
            try:
                tls.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--keyfile", required=True)
    ap.add_argument("--tls", choices=("1.2", "1.3"), default=None)
    args = ap.parse_args()
    with open(args.keyfile, "rb") as fh:
        Handler.keydata = fh.read()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.tls:
        v = ssl.TLSVersion.TLSv1_3 if args.tls == "1.3" else ssl.TLSVersion.TLSv1_2
        ctx.minimum_version = ctx.maximum_version = v
    if not args.host.startswith("127."):
        ap.error("--host must be a loopback address")
    srv = Server((args.host, args.port), Handler, ctx)
    say("listening port=%d" % args.port)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
