#!/usr/bin/env python3
"""A TLS echo server for the record-layer tests (stdlib ssl, i.e. OpenSSL): each record it
receives goes back as one record (OpenSSL's SSL_read returns the data of one record, and a
small SSL_write is one record). Under TLS 1.3 it sends OpenSSL's two tickets after the
handshake. It listens on 127.0.0.1:PORT, serves --count connections one after the other and
ends; a connection ends at the client's close_notify (answered with ours) or when the client
goes away.

    tls_echo_server.py --cert C --key K --tls 1.2|1.3 --port PORT [--count N]
"""

import argparse
import socket
import ssl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--tls", choices=("1.2", "1.3"), required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=100)
    args = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    version = ssl.TLSVersion.TLSv1_3 if args.tls == "1.3" else ssl.TLSVersion.TLSv1_2
    ctx.minimum_version = ctx.maximum_version = version

    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", args.port))
    lsock.listen(4)

    for _ in range(args.count):
        conn, _ = lsock.accept()
        conn.settimeout(30)
        try:
            tls = ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError) as e:
            print("handshake failed: %s" % e, flush=True)
            conn.close()
            continue
        try:
            while True:
                data = tls.recv(65536)
                if not data:
                    try:
                        tls.unwrap()
                    except (ssl.SSLError, OSError):
                        pass
                    break
                tls.sendall(data)
        except (ssl.SSLError, OSError) as e:
            print("connection ended: %s" % e, flush=True)
        finally:
            tls.close()
    lsock.close()


if __name__ == "__main__":
    main()
