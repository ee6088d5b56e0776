#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hold UDP sockets with UDP_ENCAP_ESPINUDP set, as an IKE daemon does.

The kernel's XFRM receives ESP in UDP only on such a socket (net/ipv4/udp.c
hands the datagram to xfrm4_udp_encap_rcv), and only past the socket's
inbound policy check: like charon, the sockets get per-socket bypass
policies (IP_XFRM_POLICY), else a transport-mode policy between the two
hosts drops the datagram as cleartext UDP. Usage: udp_encap.py PORT
[READY_FILE]: binds PORT on 0.0.0.0 and on :: (IPv6 only), writes
READY_FILE once bound, then counts what reaches the sockets (IKE:
anything not taken by XFRM) until SIGTERM and prints "received N".
"""
import select
import signal
import socket
import struct
import sys

UDP_ENCAP = 100             # linux/udp.h
UDP_ENCAP_ESPINUDP = 2
IP_XFRM_POLICY = 17         # linux/in.h
IPV6_XFRM_POLICY = 35       # linux/in6.h
XFRM_INF = (1 << 64) - 1


def bypass(s, fam):
    """struct xfrm_userpolicy_info: action allow, no template, per dir"""
    for d in (0, 1):        # XFRM_POLICY_IN, XFRM_POLICY_OUT
        sel = bytearray(56)
        struct.pack_into("=H", sel, 40, fam)
        lft = struct.pack("=8Q", XFRM_INF, XFRM_INF, XFRM_INF, XFRM_INF,
                          0, 0, 0, 0)
        pol = bytes(sel) + lft + bytes(32) + struct.pack(
            "=IIBBBB", 0, 0, d, 0, 0, 0) + bytes(4)
        if fam == socket.AF_INET:
            s.setsockopt(socket.IPPROTO_IP, IP_XFRM_POLICY, pol)
        else:
            s.setsockopt(socket.IPPROTO_IPV6, IPV6_XFRM_POLICY, pol)


def bind(fam, addr, port):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_UDP, UDP_ENCAP, UDP_ENCAP_ESPINUDP)
    bypass(s, fam)
    s.bind((addr, port))
    return s


def main():
    port = int(sys.argv[1])
    socks = [bind(socket.AF_INET, "0.0.0.0", port),
             bind(socket.AF_INET6, "::", port)]
    n = 0
    done = []
    signal.signal(signal.SIGTERM, lambda *a: done.append(1))
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write("ready\n")
    while not done:
        try:
            r, _, _ = select.select(socks, [], [], 0.5)
        except InterruptedError:
            continue
        for s in r:
            s.recv(65536)
            n += 1
    print("received %d" % n, flush=True)


if __name__ == "__main__":
    main()
