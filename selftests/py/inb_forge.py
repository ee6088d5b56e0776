#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge cleartext packets onto IFACE (Ethernet, around any policy).

usage: inb_forge.py IFACE icmp SRC DST QSRC QDST QPROTO
         an ICMP(v6) destination-unreachable error from SRC to DST quoting
         a packet QSRC -> QDST of protocol QPROTO (udp or esp)
       inb_forge.py IFACE srh SRC DST FINAL PORT TAG
         UDP from SRC to DST with a segment routing header whose one
         segment left is FINAL (the packet's final destination)
"""
import os
import sys

from scapy.all import (IP, ICMP, UDP, Ether, IPv6, ICMPv6DestUnreach,
                       IPv6ExtHdrSegmentRouting, Raw, conf, get_if_hwaddr,
                       getmacbyip, getmacbyip6, sendp)


def quoted(v6, qsrc, qdst, qproto):
    ip = IPv6(src=qsrc, dst=qdst) if v6 else IP(src=qsrc, dst=qdst)
    if qproto == "udp":
        return ip / UDP(sport=5555, dport=6666) / Raw(b"q" * 8)
    if v6:
        ip.nh = 50
    else:
        ip.proto = 50
    return ip / Raw(b"\x00\x00\x01\x00\x00\x00\x00\x01" + b"e" * 16)


def main():
    iface, kind = sys.argv[1:3]
    conf.verb = 0
    a = sys.argv[3:]
    v6 = ":" in a[1]
    # DST_MAC: the receiver's MAC (scapy's resolution may fall back to
    # broadcast, which the receiver treats as not for it alone)
    mac = os.environ.get("DST_MAC") or \
        (getmacbyip6(a[1]) if v6 else getmacbyip(a[1]))
    eth = Ether(dst=mac, src=get_if_hwaddr(iface))
    if kind == "icmp":
        src, dst, qsrc, qdst, qproto = a
        q = quoted(v6, qsrc, qdst, qproto)
        if v6:
            pkt = IPv6(src=src, dst=dst) / ICMPv6DestUnreach(code=4) / q
        else:
            pkt = IP(src=src, dst=dst) / ICMP(type=3, code=3) / q
    else:
        src, dst, final, port, tag = a
        pkt = IPv6(src=src, dst=dst) / \
            IPv6ExtHdrSegmentRouting(addresses=[final, dst], segleft=1) / \
            UDP(sport=4001, dport=int(port)) / Raw(tag.encode() * 4)
    sendp(eth / pkt, iface=iface)
    print("sent %s %s" % (kind, " ".join(a)))


if __name__ == "__main__":
    main()
