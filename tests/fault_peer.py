#!/usr/bin/env python3
"""A fault-injecting TLS server for c-tests/faults.c (tests/reliability.py).

    fault_peer.py CERT KEY VERSION(tls12|tls13) CASE

Python's ssl (OpenSSL) runs the TLS, but over memory BIOs (ssl.SSLObject): every byte that
goes on the wire passes through here, so this peer can stall, reset, trickle, cut a record
in half, skip close_notify or send a record no TLS stack may send. Binds 127.0.0.1 port 0,
prints the port on its first line, serves one connection, prints `peer_result=...` and
exits; every wait is bounded (it gives up after 20 s).

Cases: stall, reset-handshake, reset-recv, reset-send, trickle, trunc-mid-record,
trunc-boundary, close-notify, eintr, oversized, big.
"""

import hashlib
import os
import socket
import ssl
import struct
import sys
import time

MIB = 1 << 20
REPLY = b"HELLO from the fault peer\n" * 40


def pattern(n):
    # The bytes faults.c sends and expects for the 1 MiB case: i*7 mod 251.
    return bytes((i * 7) % 251 for i in range(251)) * (n // 251) + bytes((i * 7) % 251 for i in range(n % 251))


class Peer:
    def __init__(self, sock, ctx):
        self.sock = sock
        self.inc = ssl.MemoryBIO()
        self.out = ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.out, server_side=True)
        self.trickle = False

    def wire(self):
        """What TLS produced since the last call, not yet sent."""
        return self.out.read()

    def send_raw(self, data):
        if self.trickle:
            for i in range(len(data)):
                self.sock.send(data[i:i + 1])
                time.sleep(0.0003)
        else:
            self.sock.sendall(data)

    def flush(self):
        data = self.wire()
        if data:
            self.send_raw(data)

    def feed(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("client closed")
        self.inc.write(data)

    def handshake(self, before_reply=None):
        while True:
            try:
                self.obj.do_handshake()
                self.flush()
                return
            except ssl.SSLWantReadError:
                pending = self.wire()
                if pending and before_reply:
                    before_reply()
                    before_reply = None
                if pending:
                    self.send_raw(pending)
                self.feed()

    def read(self, n):
        """Application data, at least one byte (or b'' on close_notify)."""
        while True:
            try:
                return self.obj.read(n)
            except ssl.SSLWantReadError:
                self.flush()
                self.feed()
            except ssl.SSLZeroReturnError:
                return b""

    def read_line(self):
        buf = b""
        while not buf.endswith(b"\n"):
            chunk = self.read(4096)
            if not chunk:
                break
            buf += chunk
        return buf

    def write(self, data):
        self.obj.write(data)
        self.flush()

    def reset(self):
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


def main():
    cert, key, version, case = sys.argv[1:5]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    v = ssl.TLSVersion.TLSv1_3 if version == "tls13" else ssl.TLSVersion.TLSv1_2
    ctx.minimum_version = ctx.maximum_version = v
    ctx.num_tickets = 0  # record boundaries after the handshake are then only ours
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    print(ls.getsockname()[1], flush=True)
    ls.settimeout(20)
    sock, _ = ls.accept()
    sock.settimeout(20)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    p = Peer(sock, ctx)
    result = "ok"
    try:
        if case == "stall":
            sock.recv(65536)            # the ClientHello, never answered
            sock.settimeout(10)
            try:
                sock.recv(1)            # until the client gives up (closes) or 10 s
            except socket.timeout:
                result = "client-never-gave-up"
            return result
        if case == "reset-handshake":
            p.feed()
            try:
                p.obj.do_handshake()
            except ssl.SSLWantReadError:
                pass
            wire = p.wire()
            p.send_raw(wire[: len(wire) // 2])  # half the server's flight, then RST
            time.sleep(0.1)
            p.reset()
            return result
        if case == "eintr":
            # The client's signal timer fires many times while we take our time.
            p.handshake(before_reply=lambda: time.sleep(0.5))
            p.read_line()
            time.sleep(0.5)
            p.write(REPLY)
            p.read(1)                   # close_notify or EOF
            return result
        if case == "trickle":
            p.trickle = True
        p.handshake()
        req = p.read_line()
        if req != b"REQ\n" and case != "reset-send" and case != "big":
            return "bad-request %r" % req[:40]
        if case == "reset-recv":
            p.write(REPLY[:100])
            time.sleep(0.2)
            p.reset()
        elif case == "reset-send":
            time.sleep(0.05)
            p.reset()
        elif case == "trickle":
            p.write(REPLY)
            p.read(1)
        elif case == "trunc-mid-record":
            p.obj.write(REPLY)
            rec = p.wire()
            p.send_raw(rec[: len(rec) // 2])
            time.sleep(0.1)
            sock.shutdown(socket.SHUT_WR)  # FIN, no close_notify, record cut in half
            time.sleep(0.5)
        elif case == "trunc-boundary":
            p.write(REPLY)
            time.sleep(0.1)
            sock.shutdown(socket.SHUT_WR)  # FIN after a whole record, no close_notify
            time.sleep(0.5)
        elif case == "close-notify":
            p.write(REPLY)
            try:
                p.obj.unwrap()
            except ssl.SSLWantReadError:
                pass
            p.flush()
            time.sleep(0.5)
        elif case == "oversized":
            # A ciphertext record of 2^14 + 2048 + 1 bytes: over every version's limit
            # (TLS 1.3: 2^14 + 256; TLS 1.2: 2^14 + 2048).
            n = (1 << 14) + 2048 + 1
            p.send_raw(b"\x17\x03\x03" + struct.pack(">H", n) + os.urandom(n))
            time.sleep(0.5)
        elif case == "big":
            got = hashlib.sha256()
            total = 0
            while total < MIB:
                chunk = p.read(65536)
                if not chunk:
                    break
                got.update(chunk)
                total += len(chunk)
            ok = total == MIB and got.digest() == hashlib.sha256(pattern(MIB)).digest()
            p.write(b"OK\n" if ok else b"BAD\n")
            if not ok:
                result = "received %d bytes, %s" % (total, "hash ok" if ok else "hash differs")
            p.write(pattern(MIB))
            p.read(1)
        else:
            return "unknown case %s" % case
    except (EOFError, ConnectionError, socket.timeout, ssl.SSLError) as e:
        if case not in ("reset-recv", "reset-send", "trunc-mid-record", "trunc-boundary", "oversized", "close-notify"):
            result = "error %s" % e
    return result


if __name__ == "__main__":
    print("peer_result=%s" % main(), flush=True)
