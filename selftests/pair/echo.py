#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""echo.py serve PORT N: accept N TCP connections (IPv4 or IPv6), one at a
time; send every byte of each back as it arrives.
echo.py send ADDR PORT BYTES [RATE]: send BYTES random bytes (at RATE
bytes per second, if given), half-close, read the echo (while sending);
print "sha256 sent=... back=..." and exit 1 unless equal."""
import hashlib
import os
import socket
import sys
import threading
import time


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
                while True:
                    chunk = conn.recv(1 << 16)
                    if not chunk:
                        break
                    conn.sendall(chunk)
    return 0


def send(addr, port, nbytes, rate=0):
    data = os.urandom(nbytes)
    back = []
    with socket.create_connection((addr, port), timeout=300) as conn:
        reader = threading.Thread(target=lambda: back.append(recv_all(conn)))
        reader.start()
        step = 1 << 14
        start = time.monotonic()
        for off in range(0, nbytes, step):
            conn.sendall(data[off:off + step])
            if rate:
                ahead = (off + step) / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
        conn.shutdown(socket.SHUT_WR)
        reader.join()
    back = back[0] if back else b""
    a = hashlib.sha256(data).hexdigest()
    b = hashlib.sha256(back).hexdigest()
    print(f"sha256 sent={a[:16]} back={b[:16]} ({len(back)} of {nbytes} bytes)")
    return 0 if a == b else 1


def main():
    if sys.argv[1] == "serve":
        return serve(int(sys.argv[2]), int(sys.argv[3]))
    rate = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    return send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), rate)


if __name__ == "__main__":
    sys.exit(main())
