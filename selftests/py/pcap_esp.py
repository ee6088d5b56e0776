#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""List or re-send the ESP packets of a tcpdump capture.

usage: pcap_esp.py FILE --src A --dst B [--send IDX[,IDX...]] [--all]
                   [--iface IF]
  Lists the ESP packets src -> dst (IPv4 or IPv6) in FILE (index, SPI,
  sequence number, length). --send re-sends the listed packets with those indexes
  (0-based, in capture order); --all sends them all. With --iface, the
  captured Ethernet frames are sent as they are on interface IF (packet
  socket: nothing of the local IP stack, XFRM included, touches them);
  without, the IP packets go through a raw IP_HDRINCL socket (subject to
  the sender's own IPsec policies!; IPv4 only).
Reads classic pcap (tcpdump -w), link types Ethernet, Linux cooked (v1/v2)
and raw IP.
"""
import argparse
import socket
import struct
import sys


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return 0, []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        sys.exit("pcap_esp: %s is not a classic pcap file" % path)
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    pkts = []
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        pkts.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return linktype, pkts


def ip_of(linktype, frame):
    """The IP packet (IPv4 or IPv6) inside a captured frame, or None."""
    if linktype == 1:               # Ethernet (skip VLAN tags)
        off, et = 12, None
        while off + 2 <= len(frame):
            et = struct.unpack("!H", frame[off:off + 2])[0]
            if et in (0x8100, 0x88A8):
                off += 4
                continue
            off += 2
            break
        return frame[off:] if et in (0x0800, 0x86DD) else None
    if linktype == 113:             # Linux cooked v1
        return frame[16:] if frame[14:16] in (b"\x08\x00", b"\x86\xdd") \
            else None
    if linktype == 276:             # Linux cooked v2
        return frame[20:] if frame[0:2] in (b"\x08\x00", b"\x86\xdd") \
            else None
    if linktype in (101, 228, 229):  # raw IP / IPv4 / IPv6
        return frame
    return None


def ip_len(ip):
    """The length an IPv4 or IPv6 packet's header declares."""
    if ip[0] >> 4 == 4:
        return struct.unpack("!H", ip[2:4])[0]
    return 40 + struct.unpack("!H", ip[4:6])[0]


IPV6_EXT = (0, 43, 60)          # hop-by-hop, routing, destination options


def ipsec_header(ip, proto):
    """(addresses, offset of the ESP or AH header, trimmed packet) of an
    IPv4 or IPv6 packet carrying PROTO (50 ESP, 51 AH), else None."""
    if len(ip) >= 20 and ip[0] >> 4 == 4:
        if ip[9] != proto or struct.unpack("!H", ip[6:8])[0] & 0x1FFF:
            return None         # other protocol, or not a first fragment
        ip = ip[:ip_len(ip)]    # drop Ethernet padding
        return (socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20]),
                (ip[0] & 0x0F) * 4, ip)
    if len(ip) >= 40 and ip[0] >> 4 == 6:
        ip = ip[:ip_len(ip)]
        nh, off = ip[6], 40
        while nh in IPV6_EXT and off + 2 <= len(ip):
            nh, off = ip[off], off + (ip[off + 1] + 1) * 8
        if nh != proto:
            return None
        return (socket.inet_ntop(socket.AF_INET6, ip[8:24]),
                socket.inet_ntop(socket.AF_INET6, ip[24:40]), off, ip)
    return None


def esp_packets(path, src, dst, proto=50):
    """(SPI, sequence number, IP packet, Ethernet frame or None) of every
    ESP (with proto=51 AH, with proto=17 UDP-encapsulated ESP) packet
    src -> dst of the capture."""
    linktype, frames = read_pcap(path)
    fam = socket.AF_INET6 if ":" in src else socket.AF_INET
    src = socket.inet_ntop(fam, socket.inet_pton(fam, src))
    dst = socket.inet_ntop(fam, socket.inet_pton(fam, dst))
    out = []
    for fr in frames:
        ip = ip_of(linktype, fr)
        h = ipsec_header(ip, proto) if ip else None
        if not h or h[0] != src or h[1] != dst:
            continue
        off, ip = h[2], h[3]
        if proto == 51:         # AH: next header, length, reserved, SPI
            off += 4
        elif proto == 17:       # ESP in UDP (RFC 3948): port 4500 either
            if off + 12 > len(ip) or ip[off + 8:off + 12] == b"\0" * 4 or \
                    4500 not in struct.unpack("!HH", ip[off:off + 4]):
                continue        # way, not IKE's zero marker
            off += 8
        if off + 8 > len(ip):
            continue
        spi, seq = struct.unpack("!II", ip[off:off + 8])
        out.append((spi, seq, ip, fr if linktype == 1 else None))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--send")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--iface")
    a = ap.parse_args()
    pk = esp_packets(a.file, a.src, a.dst)
    for i, (spi, seq, ip, _) in enumerate(pk):
        print("%d spi 0x%08x seq %d len %d" % (i, spi, seq, len(ip)))
    idx = []
    if a.all:
        idx = list(range(len(pk)))
    elif a.send:
        idx = [int(x) for x in a.send.split(",")]
    if not idx:
        return 0
    if a.iface:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((a.iface, 0))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                          socket.IPPROTO_RAW)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    for i in idx:
        if i >= len(pk):
            sys.exit("pcap_esp: no packet %d (only %d)" % (i, len(pk)))
        spi, seq, ip, frame = pk[i]
        if ip[0] >> 4 != 4 and not a.iface:
            sys.exit("pcap_esp: re-sending IPv6 needs --iface")
        if len(ip) < ip_len(ip):
            sys.exit("pcap_esp: packet %d was truncated by the capture" % i)
        if a.iface:
            if frame is None:
                sys.exit("pcap_esp: --iface needs an Ethernet capture")
            s.send(frame)
        else:
            s.sendto(ip, (a.dst, 0))
        print("re-sent %d: spi 0x%08x seq %d%s" %
              (i, spi, seq, " as a frame on " + a.iface if a.iface else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
