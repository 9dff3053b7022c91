#!/usr/bin/env python3
"""A small HTTPS git server for the tests: `git http-backend` as CGI behind a
ThreadingHTTPServer with an ssl context, bound to 127.0.0.1.

    git_https_server.py --port P --cert CHAIN.pem --key KEY --root DIR
                        [--tls 1.2|1.3] [--close] [--git GIT]

For every TLS connection it prints one line (stdout, unbuffered):
    tls-conn n=N reused=0|1 version=TLSv1.x
or  tls-fail n=N error=...
and for every request:
    request n=N METHOD PATH status=CODE
--close answers every request with "Connection: close", so that a client
must open a new TLS connection for each request (and may resume).
Only the Python standard library is used.
"""

import argparse
import http.server
import itertools
import os
import ssl
import subprocess
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
    server_version = "grtls-git-test"

    def log_message(self, fmt, *args):  # keep stderr quiet; requests are logged below
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(parts)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def run_cgi(self, method):
        opts = self.server.opts
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body() if method == "POST" else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": opts.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": method,
            "PATH_INFO": urllib.parse.unquote(url.path),
            "QUERY_STRING": url.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_PROTOCOL": "HTTP/1.1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "HOME": opts.root,
        }
        for h, e in (("Content-Encoding", "HTTP_CONTENT_ENCODING"),
                     ("Git-Protocol", "HTTP_GIT_PROTOCOL")):
            if self.headers.get(h):
                env[e] = self.headers[h]
        try:
            p = subprocess.run([opts.git, "http-backend"], input=body, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
            out = p.stdout
        except (OSError, subprocess.SubprocessError) as e:
            out = b"Status: 500 Internal Server Error\r\n\r\n" + str(e).encode()
        sep = out.find(b"\r\n\r\n")
        seplen = 4
        if sep < 0 or (out.find(b"\n\n") >= 0 and out.find(b"\n\n") < sep):
            sep, seplen = out.find(b"\n\n"), 2
        if sep < 0:
            head, payload = b"", out
        else:
            head, payload = out[:sep], out[sep + seplen:]
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            if ":" not in line:
                continue
            k, v = line.split(":", 1)
            if k.strip().lower() == "status":
                status = int(v.strip().split()[0])
            else:
                headers.append((k.strip(), v.strip()))
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("content-length", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        if opts.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(payload)
        say("request n=%s %s %s status=%d" % (self.server_conn_n(), method, url.path, status))

    def server_conn_n(self):
        return getattr(self.request, "grtls_n", "?")

    def do_GET(self):
        self.run_cgi("GET")

    def do_POST(self):
        self.run_cgi("POST")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def finish_request(self, request, client_address):
        """Runs in the connection's thread: the TLS handshake happens here."""
        n = next(COUNTER)
        request.settimeout(20)
        try:
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            say("tls-fail n=%d error=%s" % (n, str(e).replace("\n", " ")[:200]))
            return
        say("tls-conn n=%d reused=%d version=%s" % (n, int(tls.session_reused), tls.version()))
        try:
            tls.grtls_n = n
        except AttributeError:
            pass
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:  # a clean shutdown: OpenSSL drops sessions of unclean ones
                tls.unwrap()
            except (ssl.SSLError, OSError, ValueError):
                pass
            try:
                tls.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--tls", choices=("1.2", "1.3"), default="1.3")
    ap.add_argument("--close", action="store_true")
    ap.add_argument("--git", default="git")
    opts = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts.cert, opts.key)
    v = ssl.TLSVersion.TLSv1_3 if opts.tls == "1.3" else ssl.TLSVersion.TLSv1_2
    ctx.minimum_version = ctx.maximum_version = v
    srv = Server(("127.0.0.1", opts.port), Handler)
    srv.ctx = ctx
    srv.opts = opts
    say("listening port=%d tls=%s close=%d" % (opts.port, opts.tls, int(opts.close)))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
