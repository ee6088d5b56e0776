#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""sync.py ROLE ME PEER NAME [VALUE]: a barrier between the two hosts of a
pair test (selftests/vm/run-pair.sh), over their control addresses, which
no test policy covers. Host a listens on ME, host b connects to PEER
(retrying while a is not there yet); each sends "NAME VALUE" and prints
the peer's VALUE. Exit 1 when the names differ (the two scripts are out of
step) or after PAIR_SYNC_TIMEOUT seconds (default 600)."""
import os
import socket
import sys
import time

PORT = 7000


def connect(peer, deadline):
    while True:
        try:
            return socket.create_connection((peer, PORT), timeout=2)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main():
    role, me, peer, name = sys.argv[1:5]
    value = sys.argv[5] if len(sys.argv) > 5 else "-"
    timeout = float(os.environ.get("PAIR_SYNC_TIMEOUT", "600"))
    deadline = time.monotonic() + timeout
    try:
        if role == "a":
            with socket.create_server((me, PORT)) as srv:
                srv.settimeout(timeout)
                conn, _ = srv.accept()
        else:
            conn = connect(peer, deadline)
        with conn:
            conn.settimeout(timeout)
            conn.sendall(f"{name} {value}\n".encode())
            got = b""
            while not got.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                got += chunk
    except OSError as e:
        print(f"sync {name}: {e}", file=sys.stderr)
        return 1
    pname, _, pvalue = got.decode().strip().partition(" ")
    if pname != name:
        print(f"sync: here '{name}', the peer at '{pname}'", file=sys.stderr)
        return 1
    print(pvalue)
    return 0


if __name__ == "__main__":
    sys.exit(main())
