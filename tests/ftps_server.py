#!/usr/bin/env python3
"""A small explicit-FTPS server for the tests (pyftpdlib TLS_FTPHandler on
pyOpenSSL), bound to 127.0.0.1, anonymous read-only access to --root.

    ftps_server.py --port P --cert CHAIN.pem --key KEY --root DIR
                   [--tls 1.2|1.3] [--require-reuse]

Needs the third-party modules pyftpdlib and pyOpenSSL (tests/run.py checks
for them and installs them with pip if it can, or skips the FTPS tests).

TLS is required on the control and the data connections (AUTH TLS, PROT P).
For every TLS handshake it prints one line (stdout, unbuffered):
    tls-ctrl n=N version=TLSv1.x reused=0|1
    tls-data n=N version=TLSv1.x reused=0|1
reused is OpenSSL's SSL_session_reused() for that connection: on a data
connection, 1 means the client resumed a session of this server (the one
of its control connection: the only other one it has).
--require-reuse (like vsftpd's require_ssl_reuse=YES) closes every data
connection whose TLS session was not resumed, printing
    tls-data-refused n=N reason=not-reused
so that the transfer fails.  pyftpdlib has no such option itself.
"""

import argparse
import itertools
import sys

from OpenSSL import SSL
from OpenSSL._util import lib as _ssl_lib
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer

COUNTER = itertools.count(1)
OPTS = None


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def describe(conn):
    reused = _ssl_lib.SSL_session_reused(conn._ssl)
    return conn.get_protocol_version_name(), 1 if reused else 0


class DataHandler(TLS_DTPHandler):
    def handle_ssl_established(self):
        n = next(COUNTER)
        version, reused = describe(self.socket)
        say("tls-data n=%d version=%s reused=%d" % (n, version, reused))
        if OPTS.require_reuse and not reused:
            say("tls-data-refused n=%d reason=not-reused" % n)
            self.cmd_channel.respond("522 SSL connection failed: session reuse required")
            self.close()
            return
        super().handle_ssl_established()


class ControlHandler(TLS_FTPHandler):
    dtp_handler = DataHandler
    tls_control_required = True
    tls_data_required = True

    def handle_ssl_established(self):
        version, reused = describe(self.socket)
        say("tls-ctrl n=%d version=%s reused=%d" % (next(COUNTER), version, reused))
        super().handle_ssl_established()


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--tls", choices=("1.2", "1.3"), default=None)
    ap.add_argument("--require-reuse", action="store_true")
    OPTS = ap.parse_args()

    ctx = SSL.Context(SSL.TLS_SERVER_METHOD)
    ctx.use_certificate_chain_file(OPTS.cert)
    ctx.use_privatekey_file(OPTS.key)
    ctx.set_options(SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_COMPRESSION)
    ctx.set_session_id(b"grtls-ftps-test")
    ctx.set_session_cache_mode(SSL.SESS_CACHE_SERVER)
    if OPTS.tls:
        v = SSL.TLS1_2_VERSION if OPTS.tls == "1.2" else SSL.TLS1_3_VERSION
        ctx.set_min_proto_version(v)
        ctx.set_max_proto_version(v)
    ControlHandler.ssl_context = ctx

    auth = DummyAuthorizer()
    auth.add_anonymous(OPTS.root, perm="elr")
    ControlHandler.authorizer = auth
    ControlHandler.banner = "grtls ftps test server"
    ControlHandler.passive_ports = None
    server = FTPServer(("127.0.0.1", OPTS.port), ControlHandler)
    server.max_cons = 32
    say("listening port=%d tls=%s require_reuse=%d" % (OPTS.port, OPTS.tls or "any",
                                                        OPTS.require_reuse))
    server.serve_forever(handle_exit=True)


if __name__ == "__main__":
    main()
