#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Test 65: whole ESP packets made by esp_full.py (not by ipsecdp, not by
XFRM) are delivered byte for byte, by ipsecdp exactly as by the kernel's
XFRM.

Three namespaces: TX has two veths, one to OURS (ipsecdp) and one to
XFRM (the kernel's XFRM, ip xfrm); both receivers have the same addresses,
the same inbound SAs and the same inbound policies. Every packet is
injected as an Ethernet frame (AF_PACKET) into both links, and both
receivers observe what their kernel delivers:

  raw   a raw socket of the inner protocol (UDP): IPv4 hands the IP header
        and the payload; IPv6 the payload, with source address, hop limit,
        traffic class, hop-by-hop and destination options as ancillary
        data (IPV6_RECV*);
  udp   a UDP socket bound to the port: the datagram's data (so the
        checksum was found good);
  tap   an AF_PACKET socket on the receiving device: decapsulated packets
        shown to taps (tunnel mode: the inner packet, as XFRM shows it;
        transport mode: none).

Each observation is compared with the sender's inner packet, accounting
only for what the kernel legitimately changes (a CE mark of the outer
header copied to an ECN-capable inner one; reassembly of inner fragments;
TFC padding stays visible to taps, removed by IP input), and ipsecdp's
observations with XFRM's. A case fails when ipsecdp's differ from XFRM's
or from the inner packet where XFRM's match it; the first differing byte
is shown.

Cases (the receiver's inbound SAs: one per transform and kind of packet):
every algorithm of esp_full.ALGS in transport v4, transport v6, tunnel
4-in-4 and 6-in-6, some in 4-in-6 and 6-in-4; ESN on every other SA,
starting just below 2^32 so that the high half changes; per SA an odd
payload with the least padding, one with the most padding RFC 4303
allows (up to 255 bytes) and in tunnel mode one with TFC padding; and
IPv4 options, DSCP/ECN, TTL, DF, identification, IPv6 flow label, traffic
class, hop limit, hop-by-hop options before ESP, destination options
inside it or before it; ESP packets longer than the link (sent as IP
fragments); in tunnel mode inner fragments with TFC padding and a CE
mark on the outer header.

Two bugs this found (fixed): an inner IPv4 fragment's TFC padding went
into the reassembled datagram (core/tunnel.c), and IPv6 destination
options in front of ESP were never processed (core/l3.c).

usage: esp_exact.py --ns-tx NS --tx-ours IF --tx-xfrm IF
                    --ns-ours NS --if-ours IF --ns-xfrm NS --if-xfrm IF
                    [--ipsecctl PATH] [--seed N] [--only TEXT] [--list]
Exit 0 all cases alike and exact, 1 otherwise.
"""
import argparse
import os
import random
import select
import shlex
import socket
import struct
import subprocess
import sys
import tempfile
import time

import esp_full as ef
from nsutil import log, socket_in_ns

ETH_P_ALL, ETH_P_IP, ETH_P_IPV6 = 0x0003, 0x0800, 0x86DD
PACKET_OUTGOING = 4
PORT = 7765
WAIT_S = 2.0

# outer (and transport-mode) addresses: TX plays .2 / ::2
O4 = ("10.0.0.2", "10.0.0.1")
O6 = ("fd00::2", "fd00::1")
# inner addresses of each kind of tunnel, and the in policies' selectors
KINDS = {
    "tr4": dict(outer=O4, inner=O4, mode="transport"),
    "tr6": dict(outer=O6, inner=O6, mode="transport"),
    "4in4": dict(outer=O4, inner=("10.8.0.2", "10.9.0.1"), mode="tunnel",
                 sel=("10.8.0.0/24", "10.9.0.1/32")),
    "6in6": dict(outer=O6, inner=("fd08::2", "fd09::1"), mode="tunnel",
                 sel=("fd08::/64", "fd09::1/128")),
    "4in6": dict(outer=O6, inner=("10.8.1.2", "10.9.0.1"), mode="tunnel",
                 sel=("10.8.1.0/24", "10.9.0.1/32")),
    "6in4": dict(outer=O4, inner=("fd08:1::2", "fd09::1"), mode="tunnel",
                 sel=("fd08:1::/64", "fd09::1/128")),
}
CROSS_ALGS = ("gcm256/128", "cbc128-sha256/96", "chacha256/128")


class Case:
    """One inbound SA and the packets sent under it, in groups: each
    group is one inner datagram (several packets if it is fragmented)."""

    def __init__(self, name, sa, kind):
        self.name, self.sa, self.kind = name, sa, kind
        self.groups = []    # (label, [ip packets], inner, expect)


def hexdiff(a, b):
    if a is None or b is None:
        return "%s vs %s" % ("nothing" if a is None else "%d bytes" % len(a),
                             "nothing" if b is None else "%d bytes" % len(b))
    i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]),
             min(len(a), len(b)))
    return ("%d vs %d bytes, first difference at byte %d: %s | %s" %
            (len(a), len(b), i, a[max(0, i - 4):i + 12].hex(),
             b[max(0, i - 4):i + 12].hex()))


def ecn_decap(inner, outer_tos):
    """RFC 6040 as Linux applies it: CE outside, ECT inside -> CE"""
    if outer_tos & 3 != 3:
        return inner
    p = bytearray(inner)
    if p[0] >> 4 == 4:
        if p[1] & 3:
            p[1] |= 3
            p[10:12] = b"\0\0"
            ihl = (p[0] & 15) * 4
            p[10:12] = struct.pack("!H", ef.csum(bytes(p[:ihl])))
    else:
        tc = (p[0] & 15) << 4 | p[1] >> 4
        if tc & 3:
            tc |= 3
            p[0] = 0x60 | tc >> 4
            p[1] = (tc & 15) << 4 | (p[1] & 15)
    return bytes(p)


def v6_view(pkt):
    """what an IPv6 raw socket shows of @pkt: (src, hop limit, traffic
    class, hop-by-hop header, destination options header, payload)"""
    tc = (pkt[0] & 15) << 4 | pkt[1] >> 4
    nh, off, hbh, dst = pkt[6], 40, b"", b""
    while nh in (ef.IPPROTO_HOPOPTS, ef.IPPROTO_DSTOPTS):
        n = (pkt[off + 1] + 1) * 8
        if nh == ef.IPPROTO_HOPOPTS:
            hbh = pkt[off:off + n]
        else:
            dst = pkt[off:off + n]
        nh = pkt[off]
        off += n
    return (socket.inet_ntop(socket.AF_INET6, pkt[8:24]), pkt[7], tc, hbh,
            dst, pkt[off:])


def build_cases(rng, only):
    cases = []
    spi = 0x6500
    kinds = ["tr4", "tr6", "4in4", "6in6", "4in6", "6in4"]
    for kind in kinds:
        k = KINDS[kind]
        for i, alg in enumerate(ef.ALGS):
            if kind in ("4in6", "6in4") and str(alg) not in CROSS_ALGS:
                continue
            name = "%s %s" % (kind, alg)
            esn = (i + kinds.index(kind)) % 2 == 1
            spi += 1
            if only and not any(o in name for o in only):
                continue
            seq0 = 0xFFFFFFFE if esn else 0
            sel = k["sel"] if kind in ("4in6", "6in4") else None
            sa = ef.SA(alg, spi, k["outer"][0], k["outer"][1], k["mode"],
                       esn=esn, seq0=seq0, sel=sel, rng=rng)
            c = Case(name + (" esn" if esn else ""), sa, kind)
            add_groups(c, rng, i)
            cases.append(c)
    return cases


def inner_packet(rng, c, n, variant, data_len):
    """an inner UDP datagram of case @c, packet @n, with the header
    fields @variant chooses"""
    src, dst = KINDS[c.kind]["inner"]
    tag = ("x65:%x:%d:" % (c.sa.spi, n)).encode()
    data = tag + rng.randbytes(max(0, data_len - len(tag)))
    u = ef.udp(src, dst, 40000 + n, PORT, data)
    if not ef.is6(src):
        kw = dict(ttl=rng.choice((1, 17, 64, 255)),
                  ident=rng.randrange(65536))
        if variant % 4 == 1:
            kw.update(tos=0xB8 | 2, frag=0x4000)    # EF, ECT(0), DF
        elif variant % 4 == 2:
            kw.update(tos=0x21, options=bytes([1, 1, 1, 0]))   # NOPs, EOL
        elif variant % 4 == 3:
            kw.update(tos=0x03)
        return ef.ipv4(src, dst, ef.IPPROTO_UDP, u, **kw), data, tag
    kw = dict(hlim=rng.choice((1, 17, 64, 255)), flow=rng.randrange(1 << 20))
    nh, body = ef.IPPROTO_UDP, u
    if variant % 4 == 1:
        kw.update(tclass=0xB8 | 2)
        # an option of unknown type 0x1e (skipped, RFC 8200 4.2)
        body = ef.ext6(nh, bytes([0x1e, 2, 0xAA, 0xBB])) + u
        nh = ef.IPPROTO_DSTOPTS
    elif variant % 4 == 2:
        kw.update(tclass=0x21)
        body = ef.ext6(nh, bytes([0x1e, 3, 1, 2, 3])) + u
        nh = ef.IPPROTO_HOPOPTS
    elif variant % 4 == 3:
        # both before ESP in transport mode (esp_full: ext_out)
        kw.update(tclass=0x03)
        body = ef.ext6(ef.IPPROTO_DSTOPTS, bytes([0x1e, 1, 7])) + \
            ef.ext6(nh, bytes([0x1e, 2, 0xAA, 0xBB])) + u
        nh = ef.IPPROTO_HOPOPTS
    return ef.ipv6(src, dst, nh, body, **kw), data, tag


def add_groups(c, rng, i):
    sa, tunnel = c.sa, c.sa.mode == "tunnel"
    seq = sa.seq0 + 1
    shapes = [dict(len=rng.randrange(17, 200) | 1, pad=None),
              dict(len=rng.randrange(17, 300) | 1, pad=255)]
    if tunnel:
        shapes.append(dict(len=rng.randrange(17, 200) | 1, pad=40,
                           tfc=rng.randrange(1, 160), tos=3))
    if tunnel and i % 4 == 0:
        shapes.append(dict(len=700 | 1, pad=None, tfc=rng.randrange(1, 99),
                           frag=True))
    if i % 3 == 1:      # ESP longer than the link: IP fragments
        shapes.append(dict(len=1600 | 1, pad=None, big=True))
    for n, sh in enumerate(shapes):
        inner, data, tag = inner_packet(rng, c, n, i + n, sh["len"])
        tfc = sh.get("tfc", 0)
        tos = sh.get("tos", 0)
        parts = [inner]
        if sh.get("frag"):
            if inner[0] >> 4 == 4:
                p = bytearray(inner)
                p[6:8] = b"\0\0"        # no DF on a fragmented datagram
                p[10:12] = b"\0\0"
                ihl = (p[0] & 15) * 4
                p[10:12] = struct.pack("!H", ef.csum(bytes(p[:ihl])))
                inner = bytes(p)
                parts = ef.frag4(inner, 256)
            else:
                parts = ef.frag6(inner, 256, rng.randrange(1 << 32))
        pkts = []
        for part in parts:
            kw = dict(pad_near=sh["pad"], tfc=tfc)
            if tunnel:
                kw["tos"] = tos
            elif sa.family == 6 and (i + n) % 4 == 3:
                kw["ext_out"] = (ef.IPPROTO_HOPOPTS, ef.IPPROTO_DSTOPTS)
            p = sa.packet(seq, part, **kw)
            seq += 1
            if sh.get("big") and p[0] >> 4 == 4:
                pkts += ef.frag4(p, 1024)
            elif sh.get("big"):
                pkts += ef.frag6(p, 1024, rng.randrange(1 << 32))
            else:
                pkts.append(p)
        label = "len %d%s%s%s%s%s" % (
            sh["len"], " pad max" if sh["pad"] == 255 else
            " pad %d+" % sh["pad"] if sh["pad"] else "",
            " tfc %d" % tfc if tfc else "", " outer CE" if tos else "",
            " in %d fragments" % len(parts) if len(parts) > 1 else "",
            " ESP in %d fragments" % len(pkts) if sh.get("big") else "")
        c.groups.append((label, pkts, parts, expect(c, inner, parts, tos,
                                                    tfc, data, tag)))


def expect(c, inner, parts, tos, tfc, data, tag):
    """the observations of a correct receiver"""
    tunnel = c.sa.mode == "tunnel"
    # inner fragments: the unfragmented datagram, reassembled
    got = ecn_decap(inner, tos) if tunnel else inner
    raw = got if got[0] >> 4 == 4 else v6_view(got)
    tap = []
    if tunnel and len(parts) == 1:
        # TFC padding too (its random bytes are compared in main())
        tap = [ecn_decap(inner, tos) + b"T" * tfc]
    return dict(raw=raw, udp=data, tap=tap, tfc=tfc, frag=len(parts) > 1,
                tag=tag)


class Receiver:
    def __init__(self, name, ns, ifname):
        self.name, self.ns, self.ifname = name, ns, ifname
        self.raw4 = socket_in_ns(ns, socket.AF_INET, socket.SOCK_RAW,
                                 socket.IPPROTO_UDP)
        self.raw6 = socket_in_ns(ns, socket.AF_INET6, socket.SOCK_RAW,
                                 socket.IPPROTO_UDP)
        for opt in (socket.IPV6_RECVHOPLIMIT, socket.IPV6_RECVTCLASS,
                    socket.IPV6_RECVHOPOPTS, socket.IPV6_RECVDSTOPTS):
            self.raw6.setsockopt(socket.IPPROTO_IPV6, opt, 1)
        self.udp4 = socket_in_ns(ns, socket.AF_INET, socket.SOCK_DGRAM)
        self.udp4.bind(("0.0.0.0", PORT))
        self.udp6 = socket_in_ns(ns, socket.AF_INET6, socket.SOCK_DGRAM)
        self.udp6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        self.udp6.bind(("::", PORT))
        self.tap = socket_in_ns(ns, socket.AF_PACKET, socket.SOCK_DGRAM,
                                socket.htons(ETH_P_ALL))
        self.tap.bind((ifname, ETH_P_ALL))
        mac = socket_in_ns(ns, socket.AF_PACKET, socket.SOCK_RAW)
        mac.bind((ifname, 0))
        self.mac = mac.getsockname()[4]
        mac.close()
        self.socks = [self.raw4, self.raw6, self.udp4, self.udp6, self.tap]
        for s in self.socks:
            s.setblocking(False)

    def drain(self):
        for s in self.socks:
            try:
                while s.recv(65535):
                    pass
            except BlockingIOError:
                pass

    def read(self, s, tag, sent, obs):
        """one datagram from @s into @obs if it is about @tag"""
        if s is self.raw6:
            data, anc, _, addr = s.recvmsg(65535, 4096)
            hlim, tc, hbh, dst = None, None, b"", b""
            for lvl, typ, val in anc:
                if typ == socket.IPV6_HOPLIMIT:
                    hlim = struct.unpack("i", val[:4])[0]
                elif typ == socket.IPV6_TCLASS:
                    tc = struct.unpack("i", val[:4])[0]
                elif typ == socket.IPV6_HOPOPTS:
                    hbh = bytes(val)
                elif typ == socket.IPV6_DSTOPTS:
                    dst = bytes(val)
            if tag in data:
                obs["raw"].append((addr[0], hlim, tc, hbh, dst, data))
            return
        if s is self.tap:
            data, addr = s.recvfrom(65535)
            if (addr[2] != PACKET_OUTGOING and tag in data and
                    data not in sent):
                obs["tap"].append(data)
            return
        data = s.recv(65535)
        if tag not in data:
            return
        obs["udp" if s in (self.udp4, self.udp6) else "raw"].append(data)


def observe(rxs, tag, sent, want_tap):
    """what each receiver delivered for @tag: wait until both have raw
    and udp (and the taps) or WAIT_S passed, then a little longer"""
    obs = {r.name: dict(raw=[], udp=[], tap=[]) for r in rxs}
    end = time.monotonic() + WAIT_S
    linger = None
    while True:
        now = time.monotonic()
        if linger is None and all(o["raw"] and o["udp"] and
                                  len(o["tap"]) >= want_tap
                                  for o in obs.values()):
            linger = now + 0.05
        t = min(end, linger or end) - now
        if t <= 0:
            break
        socks = {s: r for r in rxs for s in r.socks}
        rd, _, _ = select.select(list(socks), [], [], t)
        for s in rd:
            try:
                socks[s].read(s, tag, sent, obs[socks[s].name])
            except BlockingIOError:
                pass
    return obs


def one_view(o, key):
    v = o[key]
    if key == "tap":
        return v
    return v[0] if len(v) == 1 else (None if not v else ("dup", v))


def show(v):
    if isinstance(v, tuple) and len(v) == 6 and isinstance(v[0], str):
        return ("src %s hlim %s tclass %s hbh %s dst %s payload %s" %
                (v[0], v[1], v[2], v[3].hex() or "-", v[4].hex() or "-",
                 v[5].hex()))
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, list):
        return "[%s]" % ", ".join(show(x) for x in v)
    return repr(v)


def diff(a, b):
    if isinstance(a, bytes) and isinstance(b, bytes):
        return hexdiff(a, b)
    if (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == 6 and
            len(b) == 6):
        names = ("src", "hop limit", "traffic class", "hop-by-hop",
                 "destination options", "payload")
        return "; ".join("%s: %s" % (n, hexdiff(x, y) if isinstance(x, bytes)
                                     else "%s vs %s" % (x, y))
                         for n, x, y in zip(names, a, b) if x != y)
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return "; ".join(diff(x, y) for x, y in zip(a, b) if x != y)
    return "%s vs %s" % (show(a), show(b))


def run(cmd, check=True, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, **kw)
    if check and p.returncode:
        log("FAIL: %s: %s" % (" ".join(shlex.quote(c) for c in cmd),
                              p.stdout.strip()))
        sys.exit(1)
    return p


def configure(a, cases):
    ours, xfrm = [], []
    for c in cases:
        ours.append(" ".join(shlex.quote(w) for w in c.sa.ipsecctl_words()))
        xfrm.append(" ".join(c.sa.xfrm_words()))
    kinds = {c.kind for c in cases}
    for kind in sorted(kinds):
        k = KINDS[kind]
        o = k["outer"]
        if k["mode"] == "transport":
            pl = "/32" if not ef.is6(o[0]) else "/128"
            sel = "src %s%s dst %s%s dir in" % (o[0], pl, o[1], pl)
            ours.append("policy add %s tmpl proto esp mode transport" % sel)
            xfrm.append("xfrm policy add %s tmpl proto esp mode transport"
                        % sel)
        else:
            sel = "src %s dst %s dir in" % k["sel"]
            t = "tmpl src %s dst %s proto esp mode tunnel" % o
            ours.append("policy add %s %s" % (sel, t))
            xfrm.append("xfrm policy add %s %s" % (sel, t))
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("\n".join(ours) + "\n")
    log("ipsecdp in %s: %d SAs and %d policies (ipsecctl -f)" %
        (a.ns_ours, len(cases), len(kinds)))
    run(["ip", "netns", "exec", a.ns_ours, a.ipsecctl, "-f", f.name])
    os.unlink(f.name)
    with tempfile.NamedTemporaryFile("w", suffix=".batch",
                                     delete=False) as f:
        f.write("\n".join(xfrm) + "\n")
    log("XFRM in %s: the same (ip -batch)" % a.ns_xfrm)
    run(["ip", "-n", a.ns_xfrm, "-batch", f.name])
    os.unlink(f.name)
    log("e.g. ipsecctl " + ours[0])
    log("e.g. ip " + xfrm[0])


def main():
    ap = argparse.ArgumentParser()
    for o in ("ns-tx", "tx-ours", "tx-xfrm", "ns-ours", "if-ours",
              "ns-xfrm", "if-xfrm"):
        ap.add_argument("--" + o)
    ap.add_argument("--ipsecctl", default="ipsecctl")
    ap.add_argument("--seed", type=int, default=65)
    ap.add_argument("--only", action="append")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    cases = build_cases(rng, a.only)
    if a.list:
        for c in cases:
            for g in c.groups:
                log("%s: %s" % (c.name, g[0]))
        return 0
    log("seed %d: %d SAs, %d datagrams in %d ESP packets" %
        (a.seed, len(cases), sum(len(c.groups) for c in cases),
         sum(len(g[1]) for c in cases for g in c.groups)))
    configure(a, cases)

    rxs = [Receiver("ipsecdp", a.ns_ours, a.if_ours),
           Receiver("xfrm", a.ns_xfrm, a.if_xfrm)]
    tx = {}
    for r, ifn in zip(rxs, (a.tx_ours, a.tx_xfrm)):
        s = socket_in_ns(a.ns_tx, socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((ifn, 0))
        tx[r.name] = (s, s.getsockname()[4])

    bad, inexact, n = [], [], 0
    for c in cases:
        for label, pkts, parts, want in c.groups:
            n += 1
            tag = want["tag"]
            for r in rxs:
                r.drain()
            for p in pkts:
                et = ETH_P_IPV6 if p[0] >> 4 == 6 else ETH_P_IP
                for r in rxs:
                    s, smac = tx[r.name]
                    s.send(r.mac + smac + struct.pack("!H", et) + p)
            obs = observe(rxs, tag, pkts, len(want["tap"]))
            ours, xf = obs["ipsecdp"], obs["xfrm"]
            what = "%s, %s" % (c.name, label)
            ok = True
            for key in ("raw", "udp", "tap"):
                w = want[key]
                if key == "tap" and want["frag"]:
                    continue    # ipsecdp reassembles before the taps
                vo, vx = one_view(ours, key), one_view(xf, key)
                if key == "tap" and want["tfc"] and vx and len(vx) == 1:
                    # XFRM shows the TFC padding to taps (IP input trims
                    # it later): compare all but the padding's content
                    w = [w[0][:-want["tfc"]] + vx[0][-want["tfc"]:]]
                if vo != vx:
                    log("FAIL %s: %s: ipsecdp and XFRM differ: %s" %
                        (what, key, diff(vo, vx)))
                    log("    ipsecdp: %s" % show(vo))
                    log("    XFRM:    %s" % show(vx))
                    log("    ipsecdp %s the inner packet, XFRM %s" %
                        ("delivers" if vo == w else "does not deliver",
                         "delivers" if vx == w else "does not deliver"))
                    ok = False
                elif vo != w:
                    inexact.append("%s: %s" % (what, key))
                    log("note %s: %s: both deliver other than the inner "
                        "packet: %s" % (what, key, diff(vo, w)))
            if not ok:
                log("    sent: %s" % " ".join(p.hex() for p in pkts))
                bad.append(what)
    stats = run(["ip", "netns", "exec", a.ns_ours, a.ipsecctl, "stats"])
    errs = [ln for ln in stats.stdout.splitlines()
            if ln.split()[:1] and ln.split()[0].startswith("In") and
            ln.split()[0] not in ("InPackets", "InBytes") and
            ln.split()[-1] != "0"]
    log("ipsecdp: " + ", ".join(ln for ln in stats.stdout.splitlines()
                               if ln.startswith("InPackets")))
    for ln in errs:
        log("FAIL: ipsecdp counted an input error: %s" % ln)
    xs = run(["ip", "netns", "exec", a.ns_xfrm, "cat",
              "/proc/net/xfrm_stat"]).stdout.split("\n")
    xerr = [ln for ln in xs if ln.strip() and not ln.endswith(" 0")]
    for ln in xerr:
        log("note: XFRM counted %s" % ln)
    log("%d datagrams: %d where ipsecdp and XFRM differ, %d where both "
        "deliver other than the inner packet" % (n, len(bad), len(inexact)))
    for b in bad:
        log("differs: " + b)
    return 1 if bad or errs or inexact else 0


if __name__ == "__main__":
    sys.exit(main())
