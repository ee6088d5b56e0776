#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""echo.py serve PORT N: accept N TCP connections (IPv4 or IPv6), one at a
time; read each to its end, then send every byte back.
echo.py send ADDR PORT BYTES: send BYTES random bytes, half-close, read
the echo; print "sha256 sent=... back=..." and exit 1 unless equal."""
import hashlib
import os
import socket
import sys


def recv_all(conn):
    parts = []
    while True:
        chunk = conn.recv(1 << 16)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)


def serve(port, n):
    with socket.create_server(("::", port), family=socket.AF_INET6,
                              dualstack_ipv6=True) as srv:
        srv.settimeout(300)
        for _ in range(n):
            conn, _ = srv.accept()
            with conn:
                conn.settimeout(300)
                conn.sendall(recv_all(conn))
    return 0


def send(addr, port, nbytes):
    data = os.urandom(nbytes)
    with socket.create_connection((addr, port), timeout=300) as conn:
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        back = recv_all(conn)
    a = hashlib.sha256(data).hexdigest()
    b = hashlib.sha256(back).hexdigest()
    print(f"sha256 sent={a[:16]} back={b[:16]} ({len(back)} of {nbytes} bytes)")
    return 0 if a == b else 1


def main():
    if sys.argv[1] == "serve":
        return serve(int(sys.argv[2]), int(sys.argv[3]))
    return send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))


if __name__ == "__main__":
    sys.exit(main())
