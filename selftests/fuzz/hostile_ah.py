#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile AH packets against an ipsecdp host (selftests/tests/74-*).

  hostile_ah.py send --ns-a NS_A --src B --dst A --spi SPI --key HEX
                     [--iface IF --mac MAC_A] [--port 9999] [--recv-log FILE]
                     [--ipsecctl PATH] [--deep N] [--only N,...] [--list]
      Run inside the sender's netns (B). A holds an inbound transport-mode
      AH SA (hmac(sha256), 32-byte KEY, ICV 128, replay window 64) for SPI
      from SRC to DST, and an in policy requiring AH from SRC. Sends each
      case as Ethernet frames on IF to MAC_A (AF_PACKET: B's own stack,
      which would reassemble and refragment IPv6 fragments, stays out of
      the way), else through a raw IP socket (IP_HDRINCL); then enters
      A's netns (the sockets stay in B) and reads `ipsecctl stats` there
      after each case: exactly the expected counters must have moved.
      The ICV is computed here as RFC 4302 3.3.3 says a receiver does
      (checked against scapy's SecurityAssociation(AH) while the cases run):
      mutable IPv4 header fields (TOS, flags and fragment offset, TTL,
      checksum) and mutable options zeroed, immutable options (Security,
      Extended/Commercial Security, Router Alert, SDB) kept; IPv6 traffic
      class, flow label, hop limit zeroed, hop-by-hop / destination options
      with the "may change" bit zeroed, routing headers as seen at the final
      destination; the ICV field zeroed, the padding behind it kept. Packets
      that must be delivered carry UDP to PORT on A with a marker; the
      markers the listener in A logged (--recv-log) must be exactly those.
      Prints "# ..." lines; exit 0 when every case passes, 1 otherwise.
      IPv6 when the addresses are (options become extension headers).

  hostile_ah.py listen --port 9999 --out FILE [--v6]
      Run in A: log the marker of every UDP datagram to PORT, one a line.
"""
import ctypes
import hashlib
import hmac
import os
import socket
import struct
import sys
import time

from hostile_lib import (Case, Sender, Tally, delivered, log, main, matches,
                         sa_integrity, stats)

ERR = ["InError", "InBufferError", "InHdrError", "InNoStates",
       "InStateProtoError", "InStateModeError", "InStateSeqError",
       "InStateExpired", "InTmplMismatch", "InNoPols", "InPolBlock",
       "InStateMismatch"]
# every counter but the byte counts: nothing else may move either
WATCH = ERR + ["InPackets", "OutError", "OutNoStates", "OutStateProtoError",
               "OutStateSeqError", "OutStateExpired", "OutPolBlock",
               "OutPackets"]
ICV = 16
WINDOW = 64
AH, ESP, UDP, FRAG, HOP, DEST, ROUTING = 51, 50, 17, 44, 0, 60, 43
# RFC 4302 A.1: IPv4 options that do not change in transit (and EOL, NOP)
IMMUTABLE4 = (0, 1, 130, 133, 134, 148, 149)
PATTERN = bytes((i * 7) & 0xff for i in range(256))


# ---- packet building --------------------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def opt4(*opts):
    """IPv4 options, padded with End of List to 32 bits"""
    b = b"".join(opts)
    return b + b"\0" * (-len(b) % 4)


def rr4(slots=2, filled=()):
    """Record Route (7, mutable): @slots addresses, @filled already written"""
    body = b"".join(socket.inet_aton(x) for x in filled)
    body += b"\0" * (4 * (slots - len(filled)))
    return bytes([7, 3 + 4 * slots, 4 + 4 * len(filled)]) + body


def ts4(slots=2):
    """Timestamp (68, mutable), timestamps only"""
    return bytes([68, 4 + 4 * slots, 5, 0]) + b"\0" * (4 * slots)


def ra4(value=0):
    """Router Alert (148, immutable)"""
    return bytes([148, 4]) + struct.pack("!H", value)


def sec4(level=0xf135):
    """Security (130, immutable, RFC 1108 layout: 11 bytes)"""
    return bytes([130, 11]) + struct.pack("!HHH", level, 0, 0) + b"\0\0\0"


def tlv6(otype, data):
    return bytes([otype, len(data)]) + data


def opthdr6(*tlvs):
    """body (without the next-header byte) of a hop-by-hop or destination
    options header: length byte, the options, PadN to 8 bytes"""
    b = b"".join(tlvs)
    n = -(len(b) + 2) % 8
    if n == 1:
        b += b"\0"                          # Pad1
    elif n:
        b += bytes([1, n - 2]) + b"\0" * (n - 2)
    return bytes([(len(b) + 2) // 8 - 1]) + b


def rthdr6(addrs, segleft=0, rtype=0):
    body = bytes([2 * len(addrs), rtype, segleft]) + b"\0" * 4
    return body + b"".join(socket.inet_pton(socket.AF_INET6, x) for x in addrs)


class Pkt:
    """An AH packet as fields: the IP header (and IPv4 options / IPv6
    extension headers in front of AH), AH, the payload behind it"""

    def __init__(self, v6, src, dst):
        self.v6, self.src, self.dst = v6, src, dst
        self.tos = self.flags = 0
        self.ttl = 64
        self.ident = 0x1234
        self.opts = b""
        self.exts = []                # IPv6: [(type, body)] in front of AH
        self.proto = AH
        self.nh = UDP
        self.hdrlen = None
        self.reserved = 0
        self.spi = 0
        self.seq = 0
        self.icv = b"\0" * ICV
        self.pad = b"\0" * 4          # 32-byte AH for a 16-byte ICV
        self.payload = b""
        self.fl = 0

    def copy(self):
        p = Pkt(self.v6, self.src, self.dst)
        p.__dict__.update(self.__dict__)
        p.exts = list(self.exts)
        return p

    def ah(self, zero_icv=False):
        hl = self.hdrlen
        if hl is None:
            hl = (12 + len(self.icv) + len(self.pad)) // 4 - 2
        icv = b"\0" * len(self.icv) if zero_icv else self.icv
        return struct.pack("!BBHII", self.nh, hl, self.reserved, self.spi,
                           self.seq & 0xffffffff) + icv + self.pad

    def body(self, zero_icv=False):
        return self.ah(zero_icv) + self.payload

    def ip(self, body, icv=False, proto=None):
        """the IP header(s) in front of @body; @icv: as the ICV sees them"""
        if self.v6:
            chain = b""
            types = [t for t, _ in self.exts] + [self.proto if proto is None else proto]
            for i, (t, ext) in enumerate(self.exts):
                if icv and t in (HOP, DEST):
                    ext = zero_mutable6(ext)
                chain += bytes([types[i + 1]]) + ext
            vtf = 6 << 28 | (0 if icv else (self.tos << 20 | self.fl))
            return struct.pack("!IHBB16s16s", vtf, len(chain) + len(body), types[0],
                               0 if icv else self.ttl,
                               socket.inet_pton(socket.AF_INET6, self.src),
                               socket.inet_pton(socket.AF_INET6, self.dst)) + chain
        opts = zero_mutable4(self.opts) if icv else self.opts
        ihl = 5 + len(opts) // 4
        hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0 if icv else self.tos,
                          4 * ihl + len(body), self.ident,
                          0 if icv else self.flags, 0 if icv else self.ttl,
                          self.proto if proto is None else proto, 0,
                          socket.inet_aton(self.src), socket.inet_aton(self.dst)) + opts
        if icv:
            return hdr
        return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]

    def icv_input(self):
        return self.ip(self.body(True), icv=True) + self.body(True)

    def wire(self, cut=None):
        b = self.body()
        if cut is not None:
            b = b[:cut]
        return self.ip(b) + b


def zero_mutable4(opts):
    out = bytearray(opts)
    i = 0
    while i < len(out):
        t = out[i]
        if t == 0:
            break
        if t == 1:
            i += 1
            continue
        n = out[i + 1] if i + 1 < len(out) else 0
        if n < 2 or i + n > len(out):
            return bytes(out)         # malformed: the receiver drops it anyway
        if t not in IMMUTABLE4:
            out[i:i + n] = b"\0" * n
        i += n
    return bytes(out)


def zero_mutable6(ext):
    """options header body (length byte first): zero the data of options
    with the "may change en route" bit (0x20)"""
    out = bytearray(ext)
    i = 1
    while i < len(out):
        if out[i] == 0:
            i += 1
            continue
        n = out[i + 1]
        if out[i] & 0x20:
            out[i + 2:i + 2 + n] = b"\0" * n
        i += 2 + n
    return bytes(out)


class Ah:
    def __init__(self, spi, key, src, dst, port):
        self.spi, self.key, self.src, self.dst, self.port = spi, key, src, dst, port
        self.v6 = ":" in dst
        self.hlen = 40 if self.v6 else 20
        self.ident = 0x4000

    def nid(self):
        self.ident += 1
        return self.ident

    def udp(self, marker, size=None):
        """UDP datagram (header + data) from src to dst:port, checksummed"""
        data = marker.encode() + b"|"
        if size:
            n = size - len(data)
            data += (PATTERN * (n // len(PATTERN) + 1))[:n]
        n = 8 + len(data)
        if self.v6:
            ph = (socket.inet_pton(socket.AF_INET6, self.src) +
                  socket.inet_pton(socket.AF_INET6, self.dst) + struct.pack("!IxxxB", n, UDP))
        else:
            ph = (socket.inet_aton(self.src) + socket.inet_aton(self.dst) +
                  struct.pack("!xBH", UDP, n))
        hdr = struct.pack("!HHHH", 40000, self.port, n, 0)
        c = csum(ph + hdr + data) or 0xffff
        return struct.pack("!HHHH", 40000, self.port, n, c) + data

    def pkt(self, seq, payload, nh=UDP, **kw):
        """an unsigned packet; kw sets fields of Pkt"""
        p = Pkt(self.v6, self.src, self.dst)
        p.spi, p.seq, p.payload, p.nh = self.spi, seq, payload, nh
        p.ident = self.nid()
        for k, v in kw.items():
            setattr(p, k, v)
        return p

    def sign(self, p, key=None):
        p.icv = hmac.new(key or self.key, p.icv_input(),
                         hashlib.sha256).digest()[:len(p.icv)]
        return p

    def signed(self, seq, payload, nh=UDP, **kw):
        return self.sign(self.pkt(seq, payload, nh, **kw))

    def nest(self, seqs, payload, fix=None):
        """AH in AH: seqs outermost first; fix(level, pkt) may change a
        level after signing (0 = outermost)"""
        body, nh, ident = payload, UDP, self.nid()
        for i, s in reversed(list(enumerate(seqs))):
            # one IP header for all levels: as each sees it once decapsulated
            p = self.signed(s, body, nh=nh, ident=ident)
            if fix:
                fix(i, p)
            body, nh = p.body(), AH
        return p

    def rawfrag(self, p, off, data, mf, ident):
        """a fragment of @p's body (the bytes after the IPv4 header or the
        IPv6 header: no options / extension headers here)"""
        if self.v6:
            fh = struct.pack("!BBHI", AH, 0, off | int(mf), ident)
            return p.ip(fh + data, proto=FRAG) + fh + data
        q = p.copy()
        q.flags = (0x2000 if mf else 0) | off // 8
        q.ident = ident & 0xffff
        return q.ip(data) + data

    def frag(self, p, pieces, ident=None):
        """fragments of @p: pieces = [(offset, length, more-fragments)]"""
        if ident is None:
            ident = p.ident
        body = p.body()
        return [self.rawfrag(p, off, body[off:off + ln], mf, ident)
                for off, ln, mf in pieces]

    def frag_all(self, p, size, first=None):
        n = len(p.body())
        pieces, off = [], 0
        while off < n:
            ln = min(first or size, n - off)
            first = None
            pieces.append((off, ln, off + ln < n))
            off += ln
        return self.frag(p, pieces)


def scapy_selfcheck(e):
    """our ICV == scapy's SecurityAssociation(AH) on the same packets
    (scapy pads IPv4 AH to 32 bits: the align4 layout of a 28-byte AH)"""
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.layers.inet import IP
    from scapy.layers.inet6 import IPv6, IPv6ExtHdrHopByHop, HBHOptUnknown
    from scapy.layers.ipsec import SecurityAssociation, AH as SAH, AUTH_ALGOS
    from scapy.packet import Raw
    # older scapy spells SHA2 without HMAC- (as selftests/py/ah_scapy.py knows)
    name = [n for n in ("HMAC-SHA2-256-128", "SHA2-256-128") if n in AUTH_ALGOS][0]
    sa = SecurityAssociation(SAH, spi=e.spi, auth_algo=name, auth_key=e.key)
    n = 0
    for variant in range(3):
        u = e.udp("selfcheck%d" % variant)
        if e.v6:
            p = e.pkt(77, u, ttl=9, tos=0x2e, fl=0x12345)
            if variant:
                p.exts = [(HOP, opthdr6(tlv6(0x1e, b"IMMU"), tlv6(0x3e, b"MUTA")))]
            s = IPv6(src=e.src, dst=e.dst, hlim=9, tc=0x2e, fl=0x12345,
                     nh=HOP if variant else UDP)
            if variant:
                s = s / IPv6ExtHdrHopByHop(nh=UDP, options=[
                    HBHOptUnknown(otype=0x1e, optdata=b"IMMU"),
                    HBHOptUnknown(otype=0x3e, optdata=b"MUTA")])
            s = IPv6(bytes(s / Raw(u)))
        else:
            p = e.pkt(77, u, ttl=9, tos=0x2e, pad=b"")
            if variant == 1:
                p.opts = opt4(ra4(), rr4(2))
            elif variant == 2:
                p.opts = opt4(sec4(), ts4(1))
            s = IP(p.ip(u, proto=UDP) + u)
        e.sign(p)
        ours = p.wire()
        theirs = bytes(sa.encrypt(s, seq_num=77))
        # scapy computes the IPv4 checksum itself; compare without it
        if not e.v6:
            ours, theirs = ours[:10] + ours[12:], theirs[:10] + theirs[12:]
        if ours != theirs:
            return False, ["FAIL self-check %d: our AH packet differs from scapy's:" % variant,
                           "  ours   %s" % ours.hex(), "  scapy  %s" % theirs.hex()]
        n += 1
    return True, ["ok: self-check: our AH ICVs equal scapy's SecurityAssociation(AH) "
                  "on %d packets" % n]


def selfcheck_start(e):
    """importing scapy takes many seconds under TCG: check in a child
    process, on the other CPU, while the cases run"""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            ok, lines = scapy_selfcheck(e)
        except Exception as ex:     # whatever it is, the run must fail
            ok, lines = False, ["FAIL self-check: %r" % ex]
        os.write(w, ("\n".join(lines) + "\n").encode())
        os._exit(0 if ok else 1)
    os.close(w)
    return pid, r


def selfcheck_wait(job):
    pid, r = job
    with os.fdopen(r) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    for line in text.splitlines():
        log(line)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


# ---- the cases --------------------------------------------------------------

def build_cases(e, deep):
    c = []
    seq = [0]
    fam = "v6" if e.v6 else "v4"

    def nseq():
        seq[0] += 1
        return seq[0]

    def mk(tag):
        return "%s-%s" % (fam, tag)

    def flip(b, i):
        b = bytearray(b)
        b[i] ^= 0x01
        return bytes(b)

    HDR = {"InHdrError": 1}
    ICVF = {"InStateProtoError": 1}
    # once the SA is known, a bad AH length or unparsable options in front
    # of AH: InStateProtoError, where XFRM's ah_input() counts them (no
    # ICV failure: integrity=0)
    FMT = {"InStateProtoError": 1}
    OK = {"InPackets": 1}
    REPLAY = {"InStateSeqError": 1}
    NOSA = {"InNoStates": 1}
    IPN = "IPv6" if e.v6 else "IPv4"
    template = e.signed(1000, e.udp(mk("never")))    # for truncations

    # -- truncated at every header boundary. The SA is looked up once the
    #    12-byte fixed part is there; then the AH length must be the SA's
    c.append(Case("%s header only, next header AH, no payload" % IPN,
                  [template.wire(cut=0)], HDR))
    for n, what in ((1, "1 byte (next header)"), (4, "4 bytes (up to the SPI)"),
                    (8, "8 bytes (SPI, no sequence number)"),
                    (11, "11 bytes (3 bytes of the sequence number)")):
        c.append(Case("truncated: " + what, [template.wire(cut=n)], HDR))
    for n, what in ((12, "12 bytes: the fixed part, no ICV"),
                    (20, "fixed part + 8 of the 16 ICV bytes"),
                    (27, "fixed part + ICV - 1 byte"),
                    (31, "AH 1 byte short of its length (32)")):
        c.append(Case("truncated: " + what, [template.wire(cut=n)], FMT,
                      integrity=0, note="the SA is known: as XFRM's ah_input()"))
    p = e.pkt(1001, b"", spi=0x7fff)
    c.append(Case("unknown SPI, fixed part only (no ICV)", [p.wire(cut=12)], NOSA,
                  note="the SA lookup comes before the length check"))
    # -- the payload length field (AH length in 32-bit words - 2)
    for hl, what in ((0, "0"), (1, "1 (12-byte AH without any ICV)"),
                     (4, "4 (12-byte ICV, shorter than the SA's)"),
                     (7, "7 (36 bytes, longer than the SA's AH)"),
                     (255, "255 (1028 bytes, beyond the packet)")):
        p = e.signed(nseq(), e.udp(mk("hdrlen%d" % hl), 64), hdrlen=hl)
        c.append(Case("payload length " + what, [p.wire()], FMT, integrity=0))
    p = e.signed(nseq(), e.udp(mk("align4")), pad=b"")
    if e.v6:
        c.append(Case("payload length 5 (28-byte AH: not 64-bit aligned)", [p.wire()],
                      FMT, integrity=0,
                      note="RFC 4302 2.2: IPv6 needs a multiple of 64 bits"))
    else:
        c.append(Case("authentic, payload length 5 (28-byte AH, 32-bit aligned, "
                      "SA without align4)", [p.wire()], OK, deliver=[mk("align4")],
                      note="ah_input.c accepts the align4 layout on any IPv4 SA"))
    # -- fields covered by the ICV
    p = e.signed(nseq(), e.udp(mk("reserved")), reserved=0xffff)
    c.append(Case("authentic, reserved field 0xffff (covered by the ICV)", [p.wire()],
                  OK, deliver=[mk("reserved")],
                  note="RFC 4302 2.3: in the ICV, otherwise ignored by the recipient"))
    p = e.signed(nseq(), e.udp(mk("reserved-forged")))
    p.reserved = 1
    c.append(Case("reserved field set after signing", [p.wire()], ICVF))
    p = e.signed(nseq(), e.udp(mk("pad")), pad=b"\xde\xad\xbe\xef")
    c.append(Case("authentic, non-zero padding after the ICV (covered by the ICV)",
                  [p.wire()], OK, deliver=[mk("pad")],
                  note="RFC 4302 3.3.3.2.1: padding is included in the ICV"))
    p = e.signed(nseq(), e.udp(mk("pad-forged")))
    p.pad = b"\0\0\0\1"
    c.append(Case("padding after the ICV changed after signing", [p.wire()], ICVF))
    base = e.signed(nseq(), e.udp(mk("forged")))
    w = base.wire()
    c.append(Case("bit flipped in the ICV", [flip(w, e.hlen + 12 + 15)], ICVF))
    p = base.copy()
    p.icv = b"\0" * ICV
    c.append(Case("all-zero ICV", [p.wire()], ICVF))
    c.append(Case("bit flipped in the payload", [flip(w, len(w) - 1)], ICVF))
    p = base.copy()
    p.nh = 6
    c.append(Case("next header changed after signing (UDP -> TCP)", [p.wire()], ICVF))
    p = base.copy()
    p.src = "fd00::3" if e.v6 else "10.0.0.3"
    # a transport SA takes its own peer's packets only: no ICV check
    c.append(Case("source address changed after signing", [p.wire()],
                  {"InStateMismatch": 1}, integrity=0))
    if not e.v6:
        p = base.copy()
        p.ident ^= 0x0100
        c.append(Case("IPv4 identification (immutable) changed after signing",
                      [p.wire()], ICVF))
    c.append(Case("ICV of a different key",
                  [e.sign(e.pkt(nseq(), e.udp(mk("otherkey"))), key=bytes(32)).wire()],
                  ICVF))
    p = e.pkt(nseq(), e.udp(mk("ttl-in-icv")))
    p.icv = hmac.new(e.key, p.ip(p.body(True)) + p.body(True),
                     hashlib.sha256).digest()[:ICV]
    c.append(Case("ICV over the mutable fields as sent (%s not zeroed)" %
                  ("hop limit, traffic class, flow label" if e.v6 else "TTL, checksum"),
                  [p.wire()], ICVF))
    # -- mutable fields may change
    p = e.signed(nseq(), e.udp(mk("mutable")))
    p.ttl, p.tos = 3, 0xb9
    if e.v6:
        p.fl = 0xabcde
    else:
        p.flags = 0x4000                # DF
    c.append(Case("authentic, %s changed after signing" %
                  ("hop limit, traffic class, flow label" if e.v6 else "TTL, TOS, DF"),
                  [p.wire()], OK, deliver=[mk("mutable")]))
    # -- next headers inside an authentic packet
    c.append(Case("authentic, next header 0, zero-length payload",
                  [e.signed(nseq(), b"", nh=0).wire()], OK,
                  loose={"InHdrError": {0, 1}},
                  note="the stack drops it after ipsecdp; IPv6: ipsecdp's "
                  "inbound check cannot read the hop-by-hop header first"))
    c.append(Case("authentic, next header 59 (no next header), zero-length payload",
                  [e.signed(nseq(), b"", nh=59).wire()], OK))
    c.append(Case("authentic, next header 253 (experimental), 30 bytes",
                  [e.signed(nseq(), b"\xaa" * 30, nh=253).wire()], OK))
    c.append(Case("authentic, next header UDP with zero-length payload",
                  [e.signed(nseq(), b"").wire()], OK,
                  note="AH accepts it; UDP drops the empty datagram"))
    p = e.signed(nseq(), b"\x00\x01\x02\x03", nh=AH)
    c.append(Case("authentic AH carrying 4 bytes of AH", [p.wire()],
                  {"InPackets": 1, "InHdrError": 1},
                  note="the outer AH is removed, the inner one is too short"))
    p = e.signed(nseq(), struct.pack("!II", e.spi, 5) + b"\0" * 56, nh=ESP)
    c.append(Case("authentic AH carrying ESP with the AH SA's SPI", [p.wire()],
                  {"InPackets": 1, "InNoStates": 1},
                  note="the SA lookup includes the protocol"))
    # -- SPIs
    for s, what in ((0x7fff, "unknown SPI"), (0, "SPI 0"), (0xffffffff, "SPI 0xffffffff"),
                    (int.from_bytes(struct.pack("<I", e.spi), "big"),
                     "SPI 0x%x (byte-swapped)" % int.from_bytes(struct.pack("<I", e.spi), "big"))):
        p = e.pkt(3000, e.udp(mk("nospi")), spi=s)
        e.sign(p)
        c.append(Case(what, [p.wire()], NOSA))
    esp = struct.pack("!II", e.spi, 3001) + bytes(8 + 32 + ICV)
    p = e.pkt(0, b"")
    c.append(Case("ESP with the AH SA's SPI", [p.ip(esp, proto=ESP) + esp], NOSA))
    c.append(Case("cleartext UDP, no AH (the in policy requires AH)",
                  [p.ip(e.udp(mk("clear")), proto=UDP) + e.udp(mk("clear"))],
                  {"InTmplMismatch": 1}))
    c.append(Case("cleartext, next header 59 (no next header), no AH",
                  [p.ip(b"", proto=59)], {"InTmplMismatch": 1},
                  note="a well-formed packet: the in policy judges it"))
    # -- replay window (64)
    c.append(Case("authentic, sequence number 0",
                  [e.signed(0, e.udp(mk("seq0"))).wire()], REPLAY))
    first = e.signed(nseq(), e.udp(mk("first"))).wire()
    c.append(Case("authentic, next sequence number", [first], OK, deliver=[mk("first")]))
    c.append(Case("the same packet replayed", [first], REPLAY))
    top = seq[0] + 200
    seq[0] = top
    c.append(Case("authentic, seq jumps ahead by 200",
                  [e.signed(top, e.udp(mk("ahead"))).wire()], OK, deliver=[mk("ahead")]))
    c.append(Case("authentic, seq top-100 (left of the 64-packet window)",
                  [e.signed(top - 100, e.udp(mk("left"))).wire()], REPLAY))
    c.append(Case("authentic, seq top-64 (just left of the window)",
                  [e.signed(top - 64, e.udp(mk("left64"))).wire()], REPLAY))
    c.append(Case("authentic, seq top-63 (oldest slot of the window, unseen)",
                  [e.signed(top - 63, e.udp(mk("edge63"))).wire()], OK,
                  deliver=[mk("edge63")]))
    inwin = e.signed(top - 10, e.udp(mk("inwin"))).wire()
    c.append(Case("authentic, seq top-10 (inside the window, unseen)", [inwin], OK,
                  deliver=[mk("inwin")]))
    c.append(Case("seq top-10 replayed", [inwin], REPLAY))
    c.append(Case("forged ICV with a sequence number left of the window",
                  [flip(e.signed(top - 100, e.udp(mk("leftforged"))).wire(), -1)], REPLAY,
                  note="the cheap replay pre-check runs before the ICV"))
    good = e.signed(top - 20, e.udp(mk("after-forgery")))
    bad = good.copy()
    bad.payload = flip(bad.payload, len(bad.payload) - 1)
    c.append(Case("forged packet with an unseen seq, then the authentic one with it",
                  [bad.wire(), good.wire()], {"InStateProtoError": 1, "InPackets": 1},
                  deliver=[mk("after-forgery")],
                  note="a forgery must not consume its sequence number"))
    # -- IPv4 options / IPv6 extension headers in front of AH
    if e.v6:
        hbh = (HOP, opthdr6(tlv6(0x1e, b"IMMU"), tlv6(0x3e, b"MUTA")))
        dst = (DEST, opthdr6(tlv6(0x1e, b"dest-immutable"), tlv6(0x3e, b"\x55" * 6)))
        rth = (ROUTING, rthdr6([e.src]))
        p = e.signed(nseq(), e.udp(mk("hbh")), exts=[hbh])
        c.append(Case("authentic, hop-by-hop header (immutable and mutable option) "
                      "before AH", [p.wire()], OK, deliver=[mk("hbh")]))
        p = e.signed(nseq(), e.udp(mk("dstopt")), exts=[dst])
        c.append(Case("authentic, destination options header before AH", [p.wire()],
                      OK, deliver=[mk("dstopt")]))
        p = e.signed(nseq(), e.udp(mk("chain")), exts=[hbh, dst, rth, dst])
        c.append(Case("authentic, hop-by-hop + destination options + routing "
                      "(type 0, 0 segments left) + destination options before AH",
                      [p.wire()], OK, deliver=[mk("chain")]))
        p = e.signed(nseq(), e.udp(mk("hbh-mut")), exts=[hbh])
        p.exts = [(HOP, opthdr6(tlv6(0x1e, b"IMMU"), tlv6(0x3e, b"\x01\x02\x03\x04")))]
        c.append(Case("authentic, mutable hop-by-hop option changed after signing",
                      [p.wire()], OK, deliver=[mk("hbh-mut")]))
        p = e.signed(nseq(), e.udp(mk("hbh-imm")), exts=[hbh])
        p.exts = [(HOP, opthdr6(tlv6(0x1e, b"IMMV"), tlv6(0x3e, b"MUTA")))]
        c.append(Case("immutable hop-by-hop option changed after signing", [p.wire()],
                      ICVF))
        p = e.signed(nseq(), e.udp(mk("dst-imm")), exts=[dst])
        p.exts = [(DEST, opthdr6(tlv6(0x1e, b"dest-immutablE"), tlv6(0x3e, b"\x55" * 6)))]
        c.append(Case("immutable destination option changed after signing", [p.wire()],
                      ICVF))
        p = e.signed(nseq(), e.udp(mk("rth-forged")), exts=[hbh, rth])
        p.exts = [hbh, (ROUTING, rthdr6(["fd00::9"]))]
        c.append(Case("routing header address changed after signing", [p.wire()], ICVF))
        p = e.pkt(nseq(), e.udp(mk("mut-in-icv")), exts=[hbh])
        p.icv = hmac.new(e.key, p.ip(p.body(True)) + p.body(True),
                         hashlib.sha256).digest()[:ICV]
        c.append(Case("ICV over a mutable hop-by-hop option as sent (not zeroed)",
                      [p.wire()], ICVF))
        p = e.signed(nseq(), e.udp(mk("badtlv")),
                     exts=[(DEST, bytes([0, 0x1e, 200, 0, 0, 0, 0]))])
        c.append(Case("destination option overrunning its header, before AH",
                      [p.wire()], FMT, integrity=0,
                      note="ah_icv.c cannot zero the mutable options: "
                      "InStateProtoError, as XFRM's ah6_input()"))
        many = (DEST, opthdr6(tlv6(0x1e, b"x")))
        p = e.signed(nseq(), e.udp(mk("dst7")), exts=[many] * 7)
        c.append(Case("authentic, 7 destination options headers before AH", [p.wire()],
                      OK, deliver=[mk("dst7")]))
        p = e.signed(nseq(), e.udp(mk("dst8")), exts=[many] * 8)
        c.append(Case("authentic, 8 destination options headers before AH", [p.wire()],
                      {"InTmplMismatch": 1},
                      note="l3.c looks for AH behind at most 7 extension headers: "
                      "not found, the packet is cleartext to the in policy"))
        inner = bytes([UDP]) + opthdr6(tlv6(0x1e, b"after-AH")) + e.udp(mk("dst-after"))
        p = e.signed(nseq(), inner, nh=DEST)
        c.append(Case("authentic, destination options header behind AH", [p.wire()], OK,
                      deliver=[mk("dst-after")]))
    else:
        p = e.signed(nseq(), e.udp(mk("rr")), opts=opt4(rr4(2)))
        c.append(Case("authentic, Record Route option (mutable: the receiver "
                      "writes into it)", [p.wire()], OK, deliver=[mk("rr")]))
        p = e.signed(nseq(), e.udp(mk("ts")), opts=opt4(ts4(2)))
        c.append(Case("authentic, Timestamp option (mutable)", [p.wire()], OK,
                      deliver=[mk("ts")]))
        p = e.signed(nseq(), e.udp(mk("ra")), opts=opt4(ra4()))
        c.append(Case("authentic, Router Alert option (immutable)", [p.wire()], OK,
                      deliver=[mk("ra")]))
        big = opt4(ra4(), sec4(), b"\x01\x01", rr4(5))
        p = e.signed(nseq(), e.udp(mk("opt60")), opts=big)
        c.append(Case("authentic, 60-byte header: Router Alert, Security, NOPs, "
                      "Record Route", [p.wire()], OK, deliver=[mk("opt60")]))
        p = e.signed(nseq(), e.udp(mk("rr-mut")), opts=opt4(rr4(2)))
        p.opts = opt4(rr4(2, filled=["10.9.9.9"]))
        c.append(Case("authentic, Record Route filled in after signing", [p.wire()], OK,
                      deliver=[mk("rr-mut")]))
        p = e.signed(nseq(), e.udp(mk("ra-forged")), opts=opt4(ra4()))
        p.opts = opt4(ra4(1))
        c.append(Case("Router Alert value changed after signing", [p.wire()], ICVF))
        p = e.signed(nseq(), e.udp(mk("sec-forged")), opts=opt4(sec4()))
        p.opts = opt4(sec4(0xaf57))
        c.append(Case("Security option changed after signing", [p.wire()], ICVF))
        p = e.pkt(nseq(), e.udp(mk("rr-in-icv")), opts=opt4(rr4(2)))
        p.icv = hmac.new(e.key, p.ip(p.body(True)) + p.body(True),
                         hashlib.sha256).digest()[:ICV]
        c.append(Case("ICV over the Record Route option as sent (not zeroed)",
                      [p.wire()], ICVF))
        p = e.signed(nseq(), e.udp(mk("badopt")), opts=opt4(bytes([148, 12, 0, 0])))
        c.append(Case("option length overrunning the IPv4 header", [p.wire()], {},
                      note="the IP layer drops it before ipsecdp"))
    # -- maximum length, fragmented by the sender
    big = e.signed(nseq(), e.udp(mk("big"), 65535 - 32 - 8 - (0 if e.v6 else 20)))
    c.append(Case("authentic, %d-byte packet (the largest) in 1400-byte fragments" %
                  (len(big.body()) + e.hlen), e.frag_all(big, 1400), OK,
                  deliver=[mk("big")]))
    bigbad = e.signed(nseq(), e.udp(mk("bigbad"), 65000))
    bigbad.payload = flip(bigbad.payload, 40000)
    c.append(Case("forged, %d-byte packet in fragments" % (len(bigbad.body()) + e.hlen),
                  e.frag_all(bigbad, 1400), ICVF))
    small = e.signed(nseq(), e.udp(mk("tinyfrags"), 60))
    if e.v6:
        c.append(Case("authentic, in 8-byte fragments (AH split: the first fragment "
                      "lacks the header chain)", e.frag_all(small, 8),
                      {"InTmplMismatch": 1},
                      note="RFC 8200 4.5: nf_defrag_ipv6 passes such a first fragment "
                      "unassembled; ipsecdp sees no AH and the in policy refuses it"))
        small = e.signed(nseq(), e.udp(mk("tinyfrags2"), 60))
        c.append(Case("authentic, first fragment AH + UDP header, then 8-byte fragments",
                      e.frag_all(small, 8, first=40), OK, deliver=[mk("tinyfrags2")]))
    else:
        c.append(Case("authentic, in 8-byte fragments (AH split over 4 of them)",
                      e.frag_all(small, 8), OK, deliver=[mk("tinyfrags")]))
    ov = e.signed(nseq(), e.udp(mk("overlap"), 200))
    n = len(ov.body())
    a = e.frag(ov, [(0, 128, True)])[0]
    other = ov.copy()
    other.payload = bytes(len(other.payload))
    b = e.frag(other, [(64, n - 64, False)], ident=ov.ident)[0]
    c.append(Case("overlapping fragments with conflicting bytes (0-127, 64-end)",
                  [a, b], {}, loose={"InStateProtoError": {0, 1}},
                  note="the kernel drops overlaps (RFC 5722); were they "
                  "reassembled, the ICV would fail"))
    FR = {"InTmplMismatch": 1} if e.v6 else {}
    c.append(Case("first fragment of 8 bytes only, the rest never sent",
                  e.frag(ov, [(0, 8, True)], ident=e.nid()), FR,
                  note="IPv6: passed unassembled (header chain cut), no AH seen"))
    c.append(Case("last fragment only", e.frag(ov, [(128, n - 128, False)], ident=e.nid()),
                  {}))
    i = e.nid()
    c.append(Case("fragment ending beyond 65535 bytes",
                  [e.rawfrag(ov, 0, ov.body()[:48], True, i),
                   e.rawfrag(ov, 65528, b"\x00" * 1000, False, i)], {}))
    dup = e.signed(nseq(), e.udp(mk("dupfrag"), 100))
    fr = e.frag_all(dup, 64)
    c.append(Case("a fragment sent twice", [fr[0]] + fr, OK, deliver=[mk("dupfrag")],
                  note="the duplicate is dropped by reassembly"))
    # -- AH in AH (same SA), each level with its own sequence number
    c.append(Case("authentic AH in AH (2 levels)",
                  [e.nest([nseq(), nseq()], e.udp(mk("nest2"))).wire()],
                  {"InPackets": 2}, deliver=[mk("nest2")]))
    s = nseq()
    c.append(Case("AH in AH, both with the same sequence number",
                  [e.nest([s, s], e.udp(mk("nest-sameseq"))).wire()],
                  {"InPackets": 1, "InStateSeqError": 1}))

    def forge_inner(level, p):
        if level == 1:
            p.icv = flip(p.icv, 3)
    c.append(Case("AH in AH, inner ICV forged",
                  [e.nest([nseq(), nseq()], e.udp(mk("nest-forged")), forge_inner).wire()],
                  {"InPackets": 1, "InStateProtoError": 1}))
    c.append(Case("authentic AH nested 4 levels (the nesting limit)",
                  [e.nest([nseq() for _ in range(4)], e.udp(mk("nest4"))).wire()],
                  {"InPackets": 4}, deliver=[mk("nest4")]))
    c.append(Case("authentic AH nested 5 levels",
                  [e.nest([nseq() for _ in range(5)], e.udp(mk("nest5"))).wire()],
                  {"InPackets": 5, "InError": 1},
                  note="core/input.c IPSECDP_MAX_NESTING: the 5th decapsulated packet "
                  "is dropped as InError"))
    if deep:
        p = e.nest([nseq() for _ in range(deep)], e.udp(mk("nest-deep")))
        pk = e.frag_all(p, 1400) if len(p.body()) > 1400 else [p.wire()]
        c.append(Case("authentic AH nested %d levels (%d bytes%s)" % (
                      deep, len(p.body()) + e.hlen, ", fragmented" if len(pk) > 1 else ""),
                      pk, {"InPackets": 5, "InError": 1}))
    # -- finally: the SA still works
    c.append(Case("authentic, ordinary packet: the SA still works",
                  [e.signed(nseq(), e.udp(mk("final"))).wire()], OK, deliver=[mk("final")]))
    return c


# ---- sending and checking ---------------------------------------------------

def enter_netns(name):
    """from here on, this process (and so ipsecctl) is in netns @name;
    the sockets made before stay in B. Saves `ip netns exec` per read."""
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if hasattr(os, "setns"):
            os.setns(fd, os.CLONE_NEWNET)
        else:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.setns(fd, 0x40000000) != 0:        # CLONE_NEWNET
                raise OSError(ctypes.get_errno(), "setns " + name)
    finally:
        os.close(fd)


def run_case(a, out, case, idx, before):
    sent = sum(out.send(p) for p in case.pkts)
    # poll until the expected counters moved and the expected datagrams
    # arrived, then once more for stability; a case expecting nothing waits
    want = case.deliver if a.recv_log and case.deliver else []
    deadline = time.time() + (5.0 if case.expect or want else 0.6)
    while True:
        time.sleep(0.05)
        delta = {k: v - before.get(k, 0) for k, v in stats(a).items()}
        if ((case.expect and matches(case, delta, WATCH) and
             all(m in delivered(a) for m in want)) or time.time() > deadline):
            break
    time.sleep(0.1)
    after = stats(a)
    delta = {k: v - before.get(k, 0) for k, v in after.items()}
    # a packet that did not go out tests nothing: the case fails
    ok = matches(case, delta, WATCH) and sent == len(case.pkts)
    moved = ", ".join("%s+%d" % (k, delta[k]) for k in WATCH if delta.get(k))
    exp = ", ".join("%s+%s" % kv for kv in case.expect.items())
    if case.loose:
        exp += (", " if exp else "") + ", ".join(
            "%s in %s" % (k, sorted(v)) for k, v in case.loose.items())
    log("%s %2d %s: %d packet(s), moved: %s%s" % (
        "ok  " if ok else "FAIL", idx, case.name, len(case.pkts),
        moved or "nothing", "" if ok else " -- expected: " + (exp or "nothing")))
    if case.note and not ok:
        log("        (%s)" % case.note)
    return ok, delta, after


def send(a):
    key = bytes.fromhex(a.key[2:] if a.key.startswith("0x") else a.key)
    e = Ah(a.spi, key, a.src, a.dst, a.port)
    cases = build_cases(e, a.deep)
    if a.list:
        for i, cs in enumerate(cases, 1):
            print("%2d %s: %s%s" % (i, cs.name, ", ".join(
                "%s+%d" % kv for kv in cs.expect.items()) or "nothing",
                ", delivered" if cs.deliver else ""))
        return 0
    job = selfcheck_start(e)
    only = set(a.only.split(",")) if a.only else None
    out = Sender(a, e.v6)
    enter_netns(a.ns_a)
    snap = stats(a)
    icv0 = sa_integrity(a)
    t = Tally(ERR)
    for i, cs in enumerate(cases, 1):
        if only and str(i) not in only:
            continue
        # the counters after a case are those before the next: any late
        # movement shows up as a failure rather than passing unseen
        ok, delta, snap = run_case(a, out, cs, i, snap)
        t.add(cs, ok, delta)
    if not selfcheck_wait(job):
        t.nfail += 1
    t.check_delivery(a, settle=0.3)
    t.check_integrity(a, icv0)
    log("%d hostile %s AH cases sent (%d packets): %d dropped and counted by "
        "ipsecdp, %d accepted as authentic, %d dropped by the kernel before "
        "ipsecdp; %d case(s) failed" % (
            t.ncase, "IPv6" if e.v6 else "IPv4", t.npkt, t.cat["counted"],
            t.cat["accepted"], t.cat["kernel"], t.nfail))
    return 1 if t.nfail else 0


if __name__ == "__main__":
    sys.exit(main(send))
