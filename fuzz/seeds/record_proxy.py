#!/usr/bin/env python3
"""Records one TLS connection's bytes, each direction to its own file, between a client and
a server on 127.0.0.1: the handshake targets' seed corpora are real flights.
    record_proxy.py LISTEN_PORT_FILE SERVER_PORT C2S_OUT S2C_OUT
Accepts one connection, relays until either side closes or 5 s pass."""
import select, socket, sys, time

port_file, server_port, c2s_out, s2c_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(1)
open(port_file, "w").write(str(ls.getsockname()[1]))
ls.settimeout(10)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", server_port), timeout=5)
data = {c: bytearray(), s: bytearray()}
peer = {c: s, s: c}
end = time.time() + 5
while time.time() < end:
    r, _, _ = select.select([c, s], [], [], 0.2)
    done = False
    for sock in r:
        b = sock.recv(65536)
        if not b:
            done = True
            break
        data[sock] += b
        peer[sock].sendall(b)
    if done:
        break
open(c2s_out, "wb").write(bytes(data[c]))
open(s2c_out, "wb").write(bytes(data[s]))
