#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one UDP datagram to DST:PORT as two fragments, each either through
the IP stack (so that an XFRM tunnel policy protects it) or straight onto
IFACE as an Ethernet frame (in clear, around any policy).

usage: frag_mix.py IFACE DST PORT HOW1 HOW2 TAG
  HOWn: "stack" or "wire" for fragment n (1: first, 2: last); the
  payload is TAG repeated (so the receiver can tell which datagram).
"""
import os
import socket
import sys

from scapy.all import (IP, IPv6, UDP, Ether, IPv6ExtHdrFragment, Raw,
                       conf, fragment, fragment6, get_if_hwaddr,
                       getmacbyip, getmacbyip6, sendp)


def stack_send(frag, v6, dst):
    """A raw socket with the header included: the route, and so any
    XFRM policy, applies as to any locally sent packet."""
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(bytes(frag), (dst, 0))
    s.close()


def main():
    iface, dst, port, how1, how2, tag = sys.argv[1:7]
    conf.verb = 0
    payload = (tag.encode() * 200)[:1200]
    v6 = ":" in dst
    ident = int.from_bytes(os.urandom(2), "big")
    if v6:
        pkt = IPv6(dst=dst) / IPv6ExtHdrFragment(id=ident) / \
            UDP(sport=4000, dport=int(port)) / Raw(payload)
        frags = fragment6(pkt, 680)
        mac = os.environ.get("DST_MAC") or getmacbyip6(dst)
    else:
        pkt = IP(dst=dst, id=ident) / UDP(sport=4000, dport=int(port)) / \
            Raw(payload)
        frags = fragment(pkt, fragsize=640)
        mac = os.environ.get("DST_MAC") or getmacbyip(dst)
    if len(frags) != 2:
        sys.exit("expected 2 fragments, got %d" % len(frags))
    for f, how in zip(frags, (how1, how2)):
        if how == "stack":
            stack_send(f, v6, dst)
        else:
            sendp(Ether(dst=mac, src=get_if_hwaddr(iface)) / f, iface=iface)
    print("sent %s fragments %s/%s" % ("IPv6" if v6 else "IPv4", how1, how2))


if __name__ == "__main__":
    main()
