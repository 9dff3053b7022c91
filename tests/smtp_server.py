#!/usr/bin/env python3
"""A tiny SMTP server with STARTTLS for the msmtp tests, bound to 127.0.0.1.

    smtp_server.py --port P --cert CHAIN.pem --key KEY --spool DIR [--tls 1.2|1.3]

Speaks just enough ESMTP for a submission client: EHLO/HELO, STARTTLS (TLS from Python's
ssl module, i.e. OpenSSL), MAIL, RCPT, DATA, RSET, NOOP, QUIT. MAIL is refused before
STARTTLS, so a client that skips TLS cannot deliver. Every accepted message is written to
SPOOL/N.eml exactly as received (dot-unstuffed). One line per event on stdout:
    tls-conn n=N version=TLSv1.x
    tls-fail n=N error=...
    delivered n=N file=PATH
Only the Python standard library is used; one thread per connection.
"""

import argparse
import itertools
import os
import socket
import ssl
import sys
import threading

COUNTER = itertools.count(1)
LOCK = threading.Lock()


def say(line):
    with LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Conn:
    def __init__(self, sock, n, ctx, spool):
        self.sock, self.n, self.ctx, self.spool = sock, n, ctx, spool
        self.file = sock.makefile("rb")
        self.tls = False

    def reply(self, text):
        self.sock.sendall(text.encode() + b"\r\n")

    def line(self):
        raw = self.file.readline(4096)
        if not raw:
            raise EOFError
        return raw.rstrip(b"\r\n").decode("latin-1")

    def starttls(self):
        self.reply("220 2.0.0 ready to start TLS")
        try:
            self.sock = self.ctx.wrap_socket(self.sock, server_side=True)
        except (ssl.SSLError, OSError) as e:
            say("tls-fail n=%d error=%s" % (self.n, e))
            raise EOFError
        say("tls-conn n=%d version=%s" % (self.n, self.sock.version()))
        self.file = self.sock.makefile("rb")
        self.tls = True

    def data(self):
        self.reply("354 end with <CRLF>.<CRLF>")
        body = []
        while True:
            raw = self.file.readline(65536)
            if not raw:
                raise EOFError
            if raw in (b".\r\n", b".\n"):
                break
            body.append(raw[1:] if raw.startswith(b"..") else raw)
        path = os.path.join(self.spool, "%d.eml" % self.n)
        with open(path, "wb") as f:
            f.write(b"".join(body))
        say("delivered n=%d file=%s" % (self.n, path))
        self.reply("250 2.0.0 queued")

    def serve(self):
        self.reply("220 localhost grtls-smtp-test")
        sender = recipients = None
        while True:
            cmd = self.line()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost" + ("" if self.tls else "\r\n250-STARTTLS") + "\r\n250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "STARTTLS" and not self.tls:
                self.starttls()
                sender = recipients = None
            elif verb == "MAIL":
                if not self.tls:
                    self.reply("530 5.7.0 must issue a STARTTLS command first")
                    continue
                sender, recipients = cmd, []
                self.reply("250 2.1.0 ok")
            elif verb == "RCPT" and sender:
                recipients.append(cmd)
                self.reply("250 2.1.5 ok")
            elif verb == "DATA" and recipients:
                self.data()
                sender = recipients = None
            elif verb == "RSET":
                sender = recipients = None
                self.reply("250 2.0.0 ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 bye")
                return
            else:
                self.reply("503 5.5.1 bad sequence of commands")


def handle(sock, n, ctx, spool):
    try:
        sock.settimeout(20)
        Conn(sock, n, ctx, spool).serve()
    except (EOFError, OSError, ssl.SSLError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--spool", required=True)
    ap.add_argument("--tls", choices=("1.2", "1.3"))
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.tls:
        v = ssl.TLSVersion.TLSv1_2 if args.tls == "1.2" else ssl.TLSVersion.TLSv1_3
        ctx.minimum_version = ctx.maximum_version = v
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", args.port))
    srv.listen(16)
    say("listening port=%d" % args.port)
    while True:
        sock, _ = srv.accept()
        threading.Thread(target=handle, args=(sock, next(COUNTER), ctx, args.spool), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
