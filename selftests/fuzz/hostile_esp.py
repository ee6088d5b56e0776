#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile ESP packets against an ipsecdp host (selftests/tests/71-*).

  hostile_esp.py send --ns-a NS_A --src B --dst A --spi SPI --key HEX
                      [--iface IF --mac MAC_A] [--port 9999] [--recv-log FILE]
                      [--ipsecctl PATH] [--deep N] [--only N,...] [--list]
      Run inside the sender's netns (B). A holds an inbound SA
      (rfc4106(gcm(aes)), KEY = 16 key bytes + 4 salt bytes, ICV 128,
      replay window 64) for SPI from SRC to DST. Sends each case as
      Ethernet frames on IF to MAC_A (AF_PACKET: B's own stack stays out of
      the way; its nf_defrag_ipv6, which ipsecdp enables in every netns,
      would reassemble and refragment IPv6 fragments and refuse the bad
      ones with EPERM), else through a raw IP socket (IP_HDRINCL); a
      packet that does not go out fails its case. Reads `ipsecctl stats`
      of A before and after (ip netns exec) and
      checks that exactly the expected counters moved. Correctly built
      ESP (RFC 4106: nonce = salt||IV, AAD = SPI||seq) forges
      authenticated packets with malformed trailers. Packets that must be
      delivered carry UDP to PORT on A with a marker; the markers the
      listener in A logged (--recv-log) must be exactly those.
      Prints "# ..." lines; exit 0 when every case passes, 1 otherwise.
      IPv6 when the addresses are (options become extension headers).
      --encap-spi SPI: A also holds that SA with "encap espinudp 4500
      4500" (same key): the ESP in UDP cases (RFC 3948) run too.

  hostile_esp.py listen --port 9999 --out FILE [--v6]
      Run in A: log the marker of every UDP datagram to PORT, one a line.
"""
import os
import struct
import sys
import time

from hostile_lib import Case, Sender, Tally, log, main, matches, sa_integrity, stats


# imported by send() only: the listener must start quickly even under TCG
AESGCM = IP = UDP = Raw = IPOption_RR = IPOption_NOP = None
IPv6 = IPv6ExtHdrFragment = IPv6ExtHdrHopByHop = IPv6ExtHdrDestOpt = PadN = None
HBHOptUnknown = None


def load_libs():
    global AESGCM, IP, UDP, Raw, IPOption_RR, IPOption_NOP
    global IPv6, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, PadN
    global HBHOptUnknown
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from scapy.layers.inet import IP, UDP, IPOption_RR, IPOption_NOP
    from scapy.layers.inet6 import (IPv6, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                                    IPv6ExtHdrDestOpt, PadN,
                                    HBHOptUnknown)
    from scapy.packet import Raw

ERR = ["InError", "InBufferError", "InHdrError", "InNoStates",
       "InStateProtoError", "InStateModeError", "InStateSeqError",
       "InStateExpired", "InTmplMismatch", "InNoPols", "InPolBlock",
       "InStateMismatch", "InEncapError"]
WATCH = ERR + ["InPackets", "InEncapKeepalive"]
NATT_PORT = 4500
ICV = 16
WINDOW = 64


class Esp:
    def __init__(self, spi, key, src, dst, port):
        self.spi, self.src, self.dst, self.port = spi, src, dst, port
        self.v6 = ":" in dst
        self.hlen = 40 if self.v6 else 20
        self.aes = AESGCM(key[:16])
        self.salt = key[16:20]
        self.ivn = 0x1122334455660000

    def udp(self, marker, size=None):
        """UDP datagram (header + data) from src to dst:port, checksummed"""
        data = marker.encode() + b"|"
        if size:
            data += bytes((i * 7) & 0xff for i in range(size - len(data)))
        l3 = IPv6(src=self.src, dst=self.dst) if self.v6 else IP(src=self.src, dst=self.dst)
        p = l3 / UDP(sport=40000, dport=self.port) / Raw(data)
        return bytes(p)[40 if self.v6 else 20:]

    def esp(self, seq, payload, nexthdr=17, pad=None, padlen=None, spi=None,
            iv=None, align=4, plaintext=None):
        """SPI || seq || IV || AES-GCM(payload || pad || padlen || nexthdr) || ICV"""
        spi = self.spi if spi is None else spi
        if iv is None:
            self.ivn += 1
            iv = struct.pack("!Q", self.ivn)
        if plaintext is None:
            if pad is None:
                n = (-(len(payload) + 2)) % align
                pad = bytes(range(1, n + 1))
            plen = len(pad) if padlen is None else padlen
            plaintext = payload + pad + bytes([plen, nexthdr])
        aad = struct.pack("!II", spi, seq & 0xffffffff)
        ct = self.aes.encrypt(self.salt + iv, plaintext, aad)
        return aad + iv + ct

    def udp_encap(self, payload, dport=NATT_PORT, ulen=None, csum=None):
        """the IP packet of @payload in UDP from NATT_PORT to @dport: UDP
        length @ulen (default: right), checksum @csum (default: 0 over
        IPv4, as RFC 3948 senders, computed over IPv6)"""
        if csum is None and not self.v6:
            csum = 0
        u = UDP(sport=NATT_PORT, dport=dport, len=ulen, chksum=csum)
        l3 = (IPv6(src=self.src, dst=self.dst) if self.v6 else
              IP(src=self.src, dst=self.dst))
        return bytes(l3 / u / Raw(payload))

    def esp_aligned(self, seq, pad, padlen=None, nexthdr=17):
        """authentic ESP whose trailer is @pad (+ @padlen): the payload
        length is chosen so that the encrypted part stays 4-byte aligned"""
        payload = b"P" * ((-(len(pad) + 2)) % 4 + 8)
        return self.esp(seq, payload, nexthdr=nexthdr, pad=pad, padlen=padlen)

    def ip(self, esp, opts=None, ident=None):
        """the packet carrying @esp; opts: None, "rr" (IPv4 record route /
        IPv6 hop-by-hop), "max" (60-byte IPv4 header / IPv6 hop-by-hop +
        destination options of 40 bytes each)"""
        if self.v6:
            if opts == "rr":
                p = IPv6(src=self.src, dst=self.dst) / IPv6ExtHdrHopByHop(nh=50)
            elif opts == "max":
                # 40 bytes each; the kernel refuses PadN runs over 7 bytes
                # (RFC 4942 2.1.9.5), so fill with skippable unknown options
                fill = [HBHOptUnknown(otype=0x1e, optdata=b"\0" * 4)] * 6
                fill.append(PadN(optdata=b""))
                p = (IPv6(src=self.src, dst=self.dst) /
                     IPv6ExtHdrHopByHop(options=fill) /
                     IPv6ExtHdrDestOpt(nh=50, options=fill))
            else:
                p = IPv6(src=self.src, dst=self.dst, nh=50)
            return bytes(p / Raw(esp)) if esp else bytes(p)
        kw = {"id": ident} if ident else {}
        p = IP(src=self.src, dst=self.dst, proto=50, **kw)
        if opts == "rr":
            p.options = [IPOption_RR()]
        elif opts == "max":
            p.options = [IPOption_NOP()] * 40
        return bytes(p / Raw(esp)) if esp else bytes(p)

    def frag(self, payload, pieces, ident):
        """fragments of an ESP packet (payload = the bytes after the IP
        header): pieces = [(offset, length, more-fragments)], offsets in
        bytes (multiples of 8)"""
        out = []
        for off, ln, mf in pieces:
            out.append(self.rawfrag(off, payload[off:off + ln], mf, ident))
        return out

    def rawfrag(self, off, data, mf, ident):
        if self.v6:
            return bytes(IPv6(src=self.src, dst=self.dst, nh=44) /
                         IPv6ExtHdrFragment(nh=50, offset=off // 8, m=int(mf), id=ident) /
                         Raw(data))
        return bytes(IP(src=self.src, dst=self.dst, proto=50, id=ident,
                        flags="MF" if mf else 0, frag=off // 8) / Raw(data))

    def frag_all(self, payload, size, ident):
        n = len(payload)
        pieces = [(off, min(size, n - off), off + size < n) for off in range(0, n, size)]
        return self.frag(payload, pieces, ident)


# ---- the cases --------------------------------------------------------------

def build_cases(e, deep, e2=None):
    c = []
    seq = [0]

    def nseq():
        seq[0] += 1
        return seq[0]

    ident = [0x4000]

    def nid():
        ident[0] += 1
        return ident[0]

    HDR = {"InHdrError": 1}
    ICVF = {"InStateProtoError": 1}
    # authentic, malformed trailer: where XFRM's esp_input_done2() counts
    # a bad pad length; no ICV failure (integrity=0)
    TRAILER = {"InStateProtoError": 1}
    OK = {"InPackets": 1}
    REPLAY = {"InStateSeqError": 1}
    spi = struct.pack("!I", e.spi)
    good = e.esp(1000, e.udp("never"))      # a template for truncations

    # -- truncated at every header boundary (SPI 0x1000 known: the SA is
    #    found once the SPI is there, the lengths are then checked)
    c.append(Case("IP%s header only, protocol ESP, no payload" % ("v6" if e.v6 else ""),
                  [e.ip(b"")], HDR))
    for n, what in ((1, "1 byte"), (3, "3 bytes"), (4, "the SPI only"),
                    (7, "SPI + 3 bytes of seq"), (8, "SPI + seq, no IV"),
                    (12, "SPI + seq + half the IV"),
                    (16, "SPI + seq + IV, no ciphertext or ICV"),
                    (16 + 8, "SPI + seq + IV + 8 bytes (shorter than the ICV)"),
                    (16 + 15, "SPI + seq + IV + 15 bytes (ICV - 1)"),
                    (16 + 16, "SPI + seq + IV + ICV, no ciphertext (elen 0)"),
                    (16 + 17, "ICV + 1 byte of ciphertext (elen 1)"),
                    (16 + 18, "ICV + 2 bytes (elen 2, not a multiple of 4)")):
        c.append(Case("truncated: " + what, [e.ip(good[:n])], HDR))
    pkt = e.esp(1001, e.udp("x"))
    c.append(Case("ciphertext length not a multiple of 4 (one byte appended)",
                  [e.ip(pkt + b"\x00")], HDR))
    c.append(Case("ciphertext length 4k+3 (one byte removed from the ICV)",
                  [e.ip(pkt[:-1])], HDR))
    # -- ICV and authentication
    c.append(Case("ICV truncated to 8 bytes (length still aligned)",
                  [e.ip(pkt[:-8])], ICVF))
    c.append(Case("ICV truncated to 12 bytes (length still aligned)",
                  [e.ip(pkt[:-4])], ICVF))
    c.append(Case("authenticated empty plaintext (elen 0, valid tag)",
                  [e.ip(e.esp(nseq(), b"", plaintext=b""))], HDR))

    def flip(b, i):
        b = bytearray(b)
        b[i] ^= 0x01
        return bytes(b)

    base = e.esp(2000, e.udp("forged"))
    c.append(Case("bit flipped in the ciphertext", [e.ip(flip(base, 20))], ICVF))
    c.append(Case("bit flipped in the ICV", [e.ip(flip(base, len(base) - 1))], ICVF))
    c.append(Case("bit flipped in the IV", [e.ip(flip(base, 9))], ICVF))
    c.append(Case("bit flipped in the sequence number (AAD)",
                  [e.ip(flip(base, 7))], ICVF))
    c.append(Case("random bytes, valid lengths",
                  [e.ip(spi + struct.pack("!I", 2001) + os.urandom(8 + 32 + ICV))],
                  ICVF))
    c.append(Case("ICV of a different key",
                  [e.ip(Esp(e.spi, bytes(20), e.src, e.dst, e.port).esp(
                      2002, e.udp("otherkey")))], ICVF))
    # -- authenticated (correct ICV) but malformed trailers
    c.append(Case("authentic, pad length 255 > payload",
                  [e.ip(e.esp(nseq(), b"abcdef", pad=b"", padlen=255))], TRAILER,
                  integrity=0))
    c.append(Case("authentic, pad length = encrypted length - 1",
                  [e.ip(e.esp(nseq(), b"", pad=bytes(range(1, 7)), padlen=7))], TRAILER,
                  integrity=0))
    c.append(Case("authentic, padding 1,2,4 (not monotonic)",
                  [e.ip(e.esp_aligned(nseq(), b"\x01\x02\x04"))], TRAILER,
                  integrity=0))
    c.append(Case("authentic, padding all zero",
                  [e.ip(e.esp_aligned(nseq(), b"\x00" * 7))], TRAILER,
                  integrity=0))
    c.append(Case("authentic, padding 1..9 then 0xff instead of 10",
                  [e.ip(e.esp_aligned(nseq(), bytes(range(1, 10)) + b"\xff"))], TRAILER,
                  integrity=0))
    c.append(Case("authentic, pad length 1 but padding 1,2 (shifted trailer)",
                  [e.ip(e.esp_aligned(nseq(), b"\x01\x02", padlen=1))], TRAILER,
                  integrity=0))
    # -- authenticated, unusual but well-formed
    c.append(Case("authentic, maximum padding (255 bytes 1..255)",
                  [e.ip(e.esp(nseq(), e.udp("maxpad"), pad=bytes(range(1, 256))))],
                  OK, deliver=["maxpad"]))
    c.append(Case("authentic, next header 0 (HOPOPT), zero-length payload",
                  [e.ip(e.esp(nseq(), b"", nexthdr=0))], OK,
                  loose={"InHdrError": {0, 1}},
                  note="IPv6: ipsecdp's inbound check cannot read the "
                  "hop-by-hop header (the packet is malformed)"))
    c.append(Case("authentic, next header 255, some payload",
                  [e.ip(e.esp(nseq(), b"\xaa" * 30, nexthdr=255))], OK))
    c.append(Case("authentic, next header 59 (dummy/TFC packet)",
                  [e.ip(e.esp(nseq(), b"\x00" * 16, nexthdr=59))], {},
                  loose={"InPackets": {0, 1}},
                  note="RFC 4303 2.6: discarded without indicating an error"))
    c.append(Case("authentic, next header 17 with zero-length payload",
                  [e.ip(e.esp(nseq(), b"", nexthdr=17))], OK,
                  note="ESP accepts it; UDP drops the empty datagram"))
    # -- SPIs
    for s, what in ((0x1001, "unknown SPI 0x1001"), (0, "SPI 0"),
                    (0xffffffff, "SPI 0xffffffff"), (1, "reserved SPI 1"),
                    (0x00100000, "SPI 0x00100000 (0x1000 byte-swapped)")):
        c.append(Case(what, [e.ip(e.esp(3000, e.udp("nospi"), spi=s))],
                      {"InNoStates": 1}))
    c.append(Case("unknown SPI, truncated after the SPI",
                  [e.ip(struct.pack("!I", 0x1001))], HDR,
                  note="too short to look the SA up"))
    # -- replay window (64)
    c.append(Case("authentic, sequence number 0",
                  [e.ip(e.esp(0, e.udp("seq0")))], REPLAY))
    p = e.ip(e.esp(nseq(), e.udp("first")))
    c.append(Case("authentic, next sequence number", [p], OK, deliver=["first"]))
    c.append(Case("the same packet replayed", [p], REPLAY))
    top = seq[0] + 200
    seq[0] = top
    c.append(Case("authentic, seq jumps ahead by 200", [e.ip(e.esp(top, e.udp("ahead")))],
                  OK, deliver=["ahead"]))
    c.append(Case("authentic, seq top-100 (left of the 64-packet window)",
                  [e.ip(e.esp(top - 100, e.udp("left")))], REPLAY))
    c.append(Case("authentic, seq top-64 (just left of the window)",
                  [e.ip(e.esp(top - 64, e.udp("left64")))], REPLAY))
    c.append(Case("authentic, seq top-63 (oldest slot of the window, unseen)",
                  [e.ip(e.esp(top - 63, e.udp("edge63")))], OK, deliver=["edge63"]))
    inwin = e.ip(e.esp(top - 10, e.udp("inwin")))
    c.append(Case("authentic, seq top-10 (inside the window, unseen)",
                  [inwin], OK, deliver=["inwin"]))
    c.append(Case("seq top-10 replayed", [inwin], REPLAY))
    c.append(Case("forged ICV with a sequence number left of the window",
                  [e.ip(flip(e.esp(top - 100, e.udp("leftforged")), 30))], REPLAY,
                  note="the cheap replay pre-check runs before the ICV"))
    # -- IPv4 options
    if e.v6:
        o1, o2 = ("hop-by-hop header", "hop-by-hop and destination options headers "
                  "(40 bytes each)")
    else:
        o1, o2 = "record-route option", "60-byte header (40 bytes of NOPs)"
    c.append(Case("IP%s %s before an authentic ESP packet" % ("v6" if e.v6 else "v4", o1),
                  [e.ip(e.esp(nseq(), e.udp("ipopt-rr")), opts="rr")],
                  OK, deliver=["ipopt-rr"]))
    c.append(Case("IP%s %s before authentic ESP" % ("v6" if e.v6 else "v4", o2),
                  [e.ip(e.esp(nseq(), e.udp("ipopt-max")), opts="max")],
                  OK, deliver=["ipopt-max"]))
    c.append(Case("IP%s %s, then only the SPI" % ("v6" if e.v6 else "v4", o1),
                  [e.ip(spi, opts="rr")], HDR))
    # -- maximum length, fragmented by the sender
    big = e.esp(nseq(), e.udp("big", 65535 - 96))
    c.append(Case("authentic, %d-byte packet in 1400-byte fragments" % (len(big) + e.hlen),
                  e.frag_all(big, 1400, nid()), OK, deliver=["big"]))
    bigbad = flip(e.esp(nseq(), e.udp("bigbad", 65000)), 5000)
    c.append(Case("forged ICV, %d-byte packet in fragments" % (len(bigbad) + e.hlen),
                  e.frag_all(bigbad, 1400, nid()), ICVF))
    small = e.esp(nseq(), e.udp("tinyfrags", 60))
    c.append(Case("authentic, in 8-byte fragments",
                  e.frag_all(small, 8, nid()), OK, deliver=["tinyfrags"]))
    # bad fragments: A's reassembly (ip_defrag before LOCAL_IN for IPv4,
    # nf_defrag_ipv6 in PRE_ROUTING for IPv6) holds or drops them; ipsecdp
    # only ever sees whole packets, so no counter of its moves
    ov = e.esp(nseq(), e.udp("overlap", 200))
    n = len(ov)
    forged = ov[:64] + bytes(n - 64)
    i = nid()
    c.append(Case("overlapping fragments with conflicting bytes (0-127, 64-end)",
                  e.frag(ov, [(0, 128, True)], i) +
                  e.frag(forged, [(64, n - 64, False)], i), {},
                  loose={"InStateProtoError": {0, 1}},
                  note="the kernel drops overlaps (RFC 5722); were they "
                  "reassembled, the ICV would fail"))
    c.append(Case("first fragment of 8 bytes (SPI + seq), the rest never sent",
                  e.frag(ov, [(0, 8, True)], nid()), {},
                  note="held by reassembly until it times out"))
    c.append(Case("last fragment only", e.frag(ov, [(128, n - 128, False)], nid()),
                  {}, note="held by reassembly until it times out"))
    i = nid()
    c.append(Case("fragment ending beyond 65535 bytes",
                  [e.rawfrag(0, ov[:8], True, i),
                   e.rawfrag(65528, b"\x00" * 1000, False, i)], {},
                  note="IPv6: dropped (RFC 8200 4.5); IPv4: never complete"))
    dup = e.esp(nseq(), e.udp("dupfrag", 100))
    fr = e.frag_all(dup, 64, nid())
    c.append(Case("a fragment sent twice", [fr[0]] + fr, OK, deliver=["dupfrag"],
                  note="the duplicate is dropped by reassembly"))
    # -- nested ESP (ESP in ESP, same SA)
    inner = e.udp("nested2")
    s1, s2 = nseq(), nseq()
    p2 = e.esp(s1, e.esp(s2, inner), nexthdr=50)
    c.append(Case("ESP inside ESP (2 levels, same SA)", [e.ip(p2)], {},
                  loose={"InPackets": {1, 2}, "InHdrError": {0, 1},
                         "InError": {0, 1}, "InStateModeError": {0, 1},
                         "InNoPols": {0, 1}, "InTmplMismatch": {0, 1}},
                  deliver=None))
    if deep:
        seqs = [nseq() for _ in range(deep)]
        d = e.udp("nested-deep")
        for s in reversed(seqs):
            d = e.esp(s, d, nexthdr=50 if s != seqs[-1] else 17)
        pk = d
        DROP = ("InError", "InBufferError", "InHdrError", "InStateModeError")

        def deep_ok(d):
            return (1 <= d.get("InPackets", 0) < deep and
                    sum(d.get(k, 0) for k in DROP) == 1 and
                    not any(d.get(k, 0) for k in ERR if k not in DROP))
        c.append(Case("ESP nested %d levels deep (%d bytes%s)" % (
                          deep, len(pk) + e.hlen, ", fragmented" if len(pk) > 1400 else ""),
                      e.frag_all(pk, 1400, nid()) if len(pk) > 1400 else [e.ip(pk)],
                      {"InPackets": "1..%d" % (deep - 1), "one of " + "/".join(DROP): 1},
                      check=deep_ok,
                      note="nesting must be limited (XFRM: 6 levels): the packet "
                      "decrypted a few times, then dropped and counted once"))
    if e2:
        c += natt_cases(e, e2)
    # -- finally: the SA still works
    c.append(Case("authentic, ordinary packet: the SA still works",
                  [e.ip(e.esp(nseq(), e.udp("final")))], OK, deliver=["final"]))
    return c


def natt_cases(e, e2):
    """ESP in UDP (RFC 3948) to A's SA e2 (encap espinudp 4500 4500) and
    its neighbours: what is on the SA's port but not ESP, and ESP that does
    not fit the SA's encapsulation"""
    c = []
    seq = iter(range(1, 1000))
    HDR = {"InEncapError": 1}
    # not on an SA's port, or IKE: cleartext to A's in policy (ESP only)
    CLEAR = {"InTmplMismatch": 1}
    good = e2.esp(next(seq), e.udp("natt-never"))
    ulen = 8 + len(good)
    c.append(Case("ESP in UDP: authentic", [e2.udp_encap(
        e2.esp(next(seq), e.udp("natt-ok")))], {"InPackets": 1},
        deliver=["natt-ok"]))
    c.append(Case("ESP in UDP: UDP length beyond the packet (truncated)",
                  [e2.udp_encap(good, ulen=ulen + 16)], HDR))
    c.append(Case("ESP in UDP: UDP length short of the packet",
                  [e2.udp_encap(good, ulen=ulen - 4)], HDR))
    c.append(Case("ESP in UDP: UDP length 0 (below the header)",
                  [e2.udp_encap(good, ulen=0)], HDR))
    c.append(Case("UDP to the SA's port: empty datagram",
                  [e2.udp_encap(b"")], HDR))
    c.append(Case("UDP to the SA's port: non-ESP marker only",
                  [e2.udp_encap(b"\0\0\0\0")], HDR))
    c.append(Case("UDP to the SA's port: NAT-keepalive (0xFF)",
                  [e2.udp_encap(b"\xff")], {"InEncapKeepalive": 1},
                  note="RFC 3948 2.3: ignored; counted, no error"))
    c.append(Case("UDP to the SA's port: one byte, not a keepalive",
                  [e2.udp_encap(b"\x01")], HDR))
    c.append(Case("UDP to the SA's port: three bytes",
                  [e2.udp_encap(b"\x01\x02\x03")], HDR))
    c.append(Case("ESP in UDP: the SPI only (too short for ESP)",
                  [e2.udp_encap(good[:4])], {"InHdrError": 1}))
    c.append(Case("UDP to the SA's port: IKE (marker, then a message)",
                  [e2.udp_encap(b"\0\0\0\0" + b"\x11" * 28)], CLEAR,
                  note="passed on, not ESP: then A's in policy wants ESP"))
    c.append(Case("ESP in UDP: wrong UDP checksum",
                  [e2.udp_encap(good, csum=0x1234)], HDR))
    if e.v6:
        c.append(Case("ESP in UDP over IPv6: UDP checksum 0",
                      [e2.udp_encap(good, csum=0)], HDR,
                      note="RFC 8200 8.1: zero is no checksum only over IPv4"))
    c.append(Case("ESP in UDP to another port (4501)",
                  [e2.udp_encap(e2.esp(next(seq), e.udp("natt-port")),
                                dport=NATT_PORT + 1)], CLEAR,
                  note="no SA receives there: a UDP datagram like any"))
    c.append(Case("ESP in UDP: forged ICV",
                  [e2.udp_encap(e2.esp(next(seq), e.udp("natt-forged"))[:-1] +
                                b"\0")], {"InStateProtoError": 1},
                  integrity=0))
    c.append(Case("ESP in UDP: unknown SPI",
                  [e2.udp_encap(e2.esp(next(seq), e.udp("natt-nospi"),
                                       spi=0x1003))], {"InNoStates": 1}))
    c.append(Case("bare ESP for the SA with UDP encapsulation",
                  [e.ip(e2.esp(next(seq), e.udp("natt-bare")))],
                  {"InStateMismatch": 1}))
    c.append(Case("ESP in UDP for the SA without encapsulation",
                  [e2.udp_encap(e.esp(3500, e.udp("natt-plain")))],
                  {"InStateMismatch": 1}))
    c.append(Case("ESP in UDP: authentic again, the SA still works",
                  [e2.udp_encap(e2.esp(next(seq), e.udp("natt-final")))],
                  {"InPackets": 1}, deliver=["natt-final"]))
    return c


# ---- sending and checking ---------------------------------------------------

def run_case(a, out, case, idx):
    before = stats(a, a.ns_a)
    sent = sum(out.send(p) for p in case.pkts)
    # poll until the expected counters moved, then once more for stability
    deadline = time.time() + (2.0 if not case.expect else 5.0)
    while True:
        time.sleep(0.15)
        delta = {k: v - before.get(k, 0) for k, v in stats(a, a.ns_a).items()}
        if (case.expect and matches(case, delta, WATCH)) or time.time() > deadline:
            break
    time.sleep(0.2)
    delta = {k: v - before.get(k, 0) for k, v in stats(a, a.ns_a).items()}
    # a packet that did not go out tests nothing: the case fails
    ok = matches(case, delta, WATCH) and sent == len(case.pkts)
    moved = ", ".join("%s+%d" % (k, delta[k]) for k in WATCH if delta.get(k))
    want = ", ".join("%s+%s" % kv for kv in case.expect.items())
    if case.loose:
        want += (", " if want else "") + ", ".join(
            "%s in %s" % (k, sorted(v)) for k, v in case.loose.items())
    log("%s %2d %s: %d packet(s)%s, moved: %s%s" % (
        "ok  " if ok else "FAIL", idx, case.name, len(case.pkts),
        "" if sent == len(case.pkts) else " (%d sent)" % sent,
        moved or "nothing", "" if ok else " -- expected: " + (want or "nothing")))
    if case.note and not ok:
        log("        (%s)" % case.note)
    return ok, delta


def send(a):
    load_libs()
    key = bytes.fromhex(a.key[2:] if a.key.startswith("0x") else a.key)
    e = Esp(a.spi, key, a.src, a.dst, a.port)
    e2 = Esp(a.encap_spi, key, a.src, a.dst, a.port) if a.encap_spi else None
    cases = build_cases(e, a.deep, e2)
    if a.list:
        for i, cs in enumerate(cases, 1):
            print("%2d %s" % (i, cs.name))
        return 0
    only = set(a.only.split(",")) if a.only else None
    out = Sender(a, e.v6)
    t = Tally(ERR)
    icv0 = sa_integrity(a, a.ns_a)
    for i, cs in enumerate(cases, 1):
        if only and str(i) not in only:
            continue
        ok, delta = run_case(a, out, cs, i)
        t.add(cs, ok, delta)
    t.check_delivery(a, maybe=("nested2",))
    t.check_integrity(a, icv0, a.ns_a)
    log("%d hostile cases sent (%d packets): %d dropped and counted by ipsecdp, "
        "%d accepted as authentic, %d never reached ipsecdp (reassembly); "
        "%d case(s) failed" % (t.ncase, t.npkt, t.cat["counted"],
                               t.cat["accepted"], t.cat["kernel"], t.nfail))
    return 1 if t.nfail else 0


if __name__ == "__main__":
    sys.exit(main(send))
