#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Complete ESP packets made from first principles, independently of
ipsecdp: outer IP header, ESP header, IV, the encrypted inner packet (or
transport payload) with its trailer, and the ICV. Test 65 (esp_exact.py)
sends them to ipsecdp and to the kernel's XFRM and compares what each
delivers.

Only python-cryptography (AES, ChaCha20-Poly1305) and the standard
library (HMAC) are used; nothing here reads ipsecdp's code. It follows:

  RFC 4303  ESP: SPI, sequence number (low 32 bits on the wire; with ESN
            the high 32 bits enter the ICV/AAD only), payload, TFC
            padding (2.7: after the payload, before the padding), padding
            1, 2, 3, ... (2.4), pad length, next header, ICV. Padding may
            be longer than the block size needs, up to 255 bytes.
  RFC 4106  AES-GCM: key || 4-byte salt (Linux's "rfc4106(gcm(aes))" key
            layout), nonce = salt || 8-byte IV, AAD = SPI || seq (32 bit)
            or SPI || seq high || seq low (ESN); ICV 8, 12 or 16 bytes
            (the leading bytes of the GCM tag).
  RFC 4543  AES-GMAC ("rfc4543(gcm(aes))"): nothing encrypted; the tag is
            GCM over an empty plaintext with AAD = SPI || seq [|| ...]
            || IV || payload and trailer.
  RFC 7634  ChaCha20-Poly1305 ("rfc7539esp(chacha20,poly1305)"): 32-byte
            key || 4-byte salt, nonce = salt || IV, AAD as RFC 4106.
  RFC 3602  AES-CBC, 16-byte IV, block 16; with
  RFC 2404/4868 HMAC-SHA1/256/384/512 over SPI || seq || IV || ciphertext
            (|| seq high with ESN, RFC 4303 2.2.1), truncated; Linux keys
            are separate ("enc" and "auth"/"auth-trunc").

usage (a quick look at one packet):
  esp_full.py [--alg ALG] [--family 4|6] [--mode transport|tunnel]
              [--len N] [--pad N] [--tfc N] [--esn] [--seq N]
(--pad: the longest valid padding up to N bytes)
prints the SA words for ipsecctl / ip xfrm and the packet in hex.
"""
import argparse
import hashlib
import hmac
import random
import socket
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import (AESGCM,
                                                         ChaCha20Poly1305)

IPPROTO_IPIP, IPPROTO_UDP, IPPROTO_IPV6 = 4, 17, 41
IPPROTO_ESP, IPPROTO_NONE, IPPROTO_DSTOPTS = 50, 59, 60
IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_FRAGMENT = 0, 43, 44

HASHES = {"sha1": (hashlib.sha1, 20), "sha256": (hashlib.sha256, 32),
          "sha384": (hashlib.sha384, 48), "sha512": (hashlib.sha512, 64)}


def csum(data):
    """the Internet checksum (RFC 1071)"""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def is6(addr):
    return ":" in addr


def pton(addr):
    return socket.inet_pton(socket.AF_INET6 if is6(addr) else socket.AF_INET,
                            addr)


# --- algorithms -----------------------------------------------------------

class Alg:
    """One ESP transform as Linux names it.

    kind "aead": name, key_bits (without the salt), icv_bits.
    kind "authenc": enc "cbc(aes)" with key_bits, auth "hmac(shaN)" with
    icv_bits (the truncation)."""

    def __init__(self, kind, name, key_bits, icv_bits, auth=None):
        self.kind, self.name, self.key_bits = kind, name, key_bits
        self.icv_bits, self.auth = icv_bits, auth
        if kind == "aead":
            self.ivlen, self.blk = 8, 4
        else:
            self.ivlen, self.blk = 16, 16
        self.icvlen = icv_bits // 8

    def __str__(self):
        if self.kind == "aead":
            short = {"rfc4106(gcm(aes))": "gcm", "rfc4543(gcm(aes))": "gmac",
                     "rfc7539esp(chacha20,poly1305)": "chacha"}[self.name]
            return "%s%d/%d" % (short, self.key_bits, self.icv_bits)
        return "cbc%d-%s/%d" % (self.key_bits, self.auth[5:-1],
                                self.icv_bits)


# every transform test 65 covers: GCM 128/192/256 x ICV 64/96/128, GMAC,
# ChaCha20-Poly1305, AES-CBC with every HMAC and its usual truncations
ALGS = ([Alg("aead", "rfc4106(gcm(aes))", k, i)
         for k in (128, 256) for i in (64, 96, 128)] +
        [Alg("aead", "rfc4106(gcm(aes))", 192, 128),
         Alg("aead", "rfc4543(gcm(aes))", 128, 128),
         Alg("aead", "rfc4543(gcm(aes))", 256, 128),
         Alg("aead", "rfc7539esp(chacha20,poly1305)", 256, 128),
         Alg("authenc", "cbc(aes)", 128, 96, "hmac(sha1)"),
         Alg("authenc", "cbc(aes)", 256, 160, "hmac(sha1)"),
         Alg("authenc", "cbc(aes)", 128, 96, "hmac(sha256)"),
         Alg("authenc", "cbc(aes)", 256, 128, "hmac(sha256)"),
         Alg("authenc", "cbc(aes)", 192, 256, "hmac(sha256)"),
         Alg("authenc", "cbc(aes)", 256, 192, "hmac(sha384)"),
         Alg("authenc", "cbc(aes)", 256, 256, "hmac(sha512)")])


def find_alg(text):
    for a in ALGS:
        if str(a) == text:
            return a
    raise ValueError("unknown algorithm %s (one of: %s)" %
                     (text, " ".join(str(a) for a in ALGS)))


class SA:
    """An inbound SA of the receiver: outer src -> dst, both families."""

    def __init__(self, alg, spi, src, dst, mode, esn=False, seq0=0,
                 sel=None, rng=None):
        rng = rng or random.Random()
        self.alg, self.spi, self.src, self.dst = alg, spi, src, dst
        self.mode, self.esn, self.seq0, self.sel = mode, esn, seq0, sel
        self.family = 6 if is6(src) else 4
        if alg.kind == "aead":
            self.key = rng.randbytes(alg.key_bits // 8 + 4)   # key || salt
            self.akey = b""
        else:
            self.key = rng.randbytes(alg.key_bits // 8)
            self.akey = rng.randbytes(HASHES[alg.auth[5:-1]][1])
        self.rng = rng

    # the same SA in the words of ipsecctl and of ip xfrm
    def _algo_words(self, hexk):
        a = self.alg
        if a.kind == "aead":
            return ["aead", a.name, hexk(self.key), str(a.icv_bits)]
        return ["enc", a.name, hexk(self.key),
                "auth-trunc", a.auth, hexk(self.akey), str(a.icv_bits)]

    def ipsecctl_words(self):
        w = ["sa", "add", "src", self.src, "dst", self.dst, "proto", "esp",
             "spi", "0x%x" % self.spi, "mode", self.mode,
             "replay-window", "32"]
        if self.esn:
            w += ["flag", "esn"]
        if self.seq0:
            w += ["replay-seq", "0x%x" % self.seq0]
        return w + self._algo_words(lambda k: "0x" + k.hex())

    def xfrm_words(self):
        w = ["xfrm", "state", "add", "src", self.src, "dst", self.dst,
             "proto", "esp", "spi", "0x%x" % self.spi, "reqid", "1",
             "mode", self.mode, "replay-window", "32"]
        if self.esn:
            w += ["flag", "esn"]
        if self.seq0:
            w += ["replay-seq", "0x%x" % (self.seq0 & 0xFFFFFFFF),
                  "replay-seq-hi", "0x%x" % (self.seq0 >> 32)]
        if self.sel:
            # XFRM takes the inner family of a tunnel from the selector
            w += ["sel", "src", self.sel[0], "dst", self.sel[1]]
        return w + self._algo_words(lambda k: "0x" + k.hex())

    # --- ESP ---------------------------------------------------------------
    def _aad(self, seq):
        if self.esn:
            return struct.pack("!III", self.spi, seq >> 32,
                               seq & 0xFFFFFFFF)
        return struct.pack("!II", self.spi, seq & 0xFFFFFFFF)

    def min_pad(self, n):
        """the smallest pad length for @n bytes of payload (+ TFC)"""
        return -(n + 2) % self.alg.blk

    def pad_near(self, n, want):
        """the valid pad length for @n bytes closest to @want from
        below (255: the largest there is)"""
        p = self.min_pad(n)
        return p + max(0, want - p) // self.alg.blk * self.alg.blk

    def esp(self, seq, payload, nexthdr, pad=None, pad_near=None, tfc=0,
            iv=None):
        """ESP header .. ICV for @payload; @pad: pad length (None: the
        least), or @pad_near: the valid one closest to it from below;
        @tfc: bytes of TFC padding after the payload."""
        a = self.alg
        body = payload + bytes(self.rng.randrange(256) for _ in range(tfc))
        if pad_near is not None:
            pad = self.pad_near(len(body), pad_near)
        elif pad is None:
            pad = self.min_pad(len(body))
        if pad > 255 or (len(body) + pad + 2) % a.blk:
            raise ValueError("pad length %d does not align %d bytes to %d"
                             % (pad, len(body), a.blk))
        pt = body + bytes(range(1, pad + 1)) + bytes([pad, nexthdr])
        iv = iv if iv is not None else self.rng.randbytes(a.ivlen)
        hdr = struct.pack("!II", self.spi, seq & 0xFFFFFFFF)
        aad = self._aad(seq)
        if a.name == "rfc4106(gcm(aes))":
            ct = AESGCM(self.key[:-4]).encrypt(self.key[-4:] + iv, pt, aad)
            return hdr + iv + ct[:-16] + ct[-16:][:a.icvlen]
        if a.name == "rfc4543(gcm(aes))":
            tag = AESGCM(self.key[:-4]).encrypt(self.key[-4:] + iv, b"",
                                                aad + iv + pt)
            return hdr + iv + pt + tag[:a.icvlen]
        if a.name == "rfc7539esp(chacha20,poly1305)":
            ct = ChaCha20Poly1305(self.key[:-4]).encrypt(self.key[-4:] + iv,
                                                         pt, aad)
            return hdr + iv + ct
        enc = Cipher(algorithms.AES(self.key), modes.CBC(iv)).encryptor()
        ct = enc.update(pt) + enc.finalize()
        tail = struct.pack("!I", seq >> 32) if self.esn else b""
        mac = hmac.new(self.akey, hdr + iv + ct + tail,
                       HASHES[a.auth[5:-1]][0]).digest()
        return hdr + iv + ct + mac[:a.icvlen]

    # --- whole packets -----------------------------------------------------
    def transport(self, seq, inner, ext_out=(IPPROTO_HOPOPTS,
                                             IPPROTO_ROUTING), **kw):
        """@inner (an IPv4/IPv6 packet from src to dst) protected in
        transport mode: ESP behind the IP header; for IPv6 behind the
        extension headers of types @ext_out that lead the chain (by
        default hop-by-hop and routing: destination options go inside,
        RFC 4303 3.1.1 allows either)."""
        if self.family == 4:
            ihl = (inner[0] & 15) * 4
            hdr, l4 = bytearray(inner[:ihl]), inner[ihl:]
            e = self.esp(seq, l4, hdr[9], **kw)
            hdr[9] = IPPROTO_ESP
            hdr[2:4] = struct.pack("!H", ihl + len(e))
            hdr[10:12] = b"\0\0"
            hdr[10:12] = struct.pack("!H", csum(bytes(hdr)))
            return bytes(hdr) + e
        nhoff, off = ext6_walk(inner, ext_out)
        hdr = bytearray(inner[:off])
        e = self.esp(seq, inner[off:], inner[nhoff], **kw)
        hdr[nhoff] = IPPROTO_ESP
        hdr[4:6] = struct.pack("!H", off - 40 + len(e))
        return bytes(hdr) + e

    def tunnel(self, seq, inner, tos=0, ttl=64, **kw):
        """@inner (any IPv4/IPv6 packet) protected in tunnel mode under
        an outer header src -> dst with @tos (traffic class) and @ttl."""
        nh = IPPROTO_IPV6 if inner[0] >> 4 == 6 else IPPROTO_IPIP
        e = self.esp(seq, inner, nh, **kw)
        if self.family == 4:
            return ipv4(self.src, self.dst, IPPROTO_ESP, e, tos=tos, ttl=ttl,
                        ident=self.rng.randrange(65536))
        return ipv6(self.src, self.dst, IPPROTO_ESP, e, tclass=tos, hlim=ttl)

    def packet(self, seq, inner, **kw):
        if self.mode == "tunnel":
            return self.tunnel(seq, inner, **kw)
        return self.transport(seq, inner, **kw)


# --- inner packets -------------------------------------------------------

def ipv4(src, dst, proto, payload, tos=0, ttl=64, ident=0, frag=0,
         options=b""):
    """an IPv4 packet; @frag: the flags + fragment offset field"""
    ihl = 5 + len(options) // 4
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos,
                                ihl * 4 + len(payload), ident, frag, ttl,
                                proto, 0, pton(src), pton(dst)) + options)
    hdr[10:12] = struct.pack("!H", csum(bytes(hdr)))
    return bytes(hdr) + payload


def ipv6(src, dst, nexthdr, payload, tclass=0, flow=0, hlim=64):
    return struct.pack("!IHBB16s16s", 6 << 28 | tclass << 20 | flow,
                       len(payload), nexthdr, hlim, pton(src),
                       pton(dst)) + payload


def udp(src, dst, sport, dport, data):
    """a UDP datagram with its checksum (IPv4 or IPv6 pseudo-header)"""
    n = 8 + len(data)
    d = struct.pack("!HHHH", sport, dport, n, 0) + data
    ph = pton(src) + pton(dst)
    ph += (struct.pack("!BBH", 0, IPPROTO_UDP, n) if not is6(src) else
           struct.pack("!IxxxB", n, IPPROTO_UDP))
    c = csum(ph + d) or 0xFFFF
    return d[:6] + struct.pack("!H", c) + d[8:]


def ext6(nexthdr, body):
    """an IPv6 extension header (hop-by-hop, destination options): @body
    is its options, padded here with PadN to a multiple of 8 bytes"""
    n = len(body) + 2
    pad = -n % 8
    if pad == 1:
        body += b"\0"
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)
    return bytes([nexthdr, (len(body) + 2) // 8 - 1]) + body


def ext6_walk(pkt, types):
    """IPv6 @pkt: the offset of the next-header byte that names the first
    header not of @types, and that header's offset"""
    nhoff, off = 6, 40
    while pkt[nhoff] in types:
        nhoff = off
        off += (pkt[off + 1] + 1) * 8
    return nhoff, off


def frag4(pkt, at):
    """IPv4 @pkt cut in two at payload byte @at (a multiple of 8); the
    options (only NOP/EOL here: not copied) go in the first fragment"""
    ihl = (pkt[0] & 15) * 4
    hdr, pl = pkt[:ihl], pkt[ihl:]
    src, dst = socket.inet_ntoa(hdr[12:16]), socket.inet_ntoa(hdr[16:20])
    ident, frag = struct.unpack("!HH", hdr[4:8])
    kw = dict(tos=hdr[1], ttl=hdr[8], ident=ident)
    return [ipv4(src, dst, hdr[9], pl[:at], frag=frag | 0x2000,
                 options=hdr[20:], **kw),
            ipv4(src, dst, hdr[9], pl[at:], frag=frag | at // 8, **kw)]


def frag6(pkt, at, ident):
    """IPv6 @pkt cut in two at byte @at (a multiple of 8) of its
    fragmentable part (behind hop-by-hop and routing headers)"""
    nhoff, off = ext6_walk(pkt, (IPPROTO_HOPOPTS, IPPROTO_ROUTING))
    nh, pl = pkt[nhoff], pkt[off:]
    out = []
    for fo, part, more in ((0, pl[:at], 1), (at, pl[at:], 0)):
        fh = struct.pack("!BBHI", nh, 0, fo | more, ident)
        p = bytearray(pkt[:off] + fh + part)
        p[nhoff] = IPPROTO_FRAGMENT
        p[4:6] = struct.pack("!H", off - 40 + len(fh) + len(part))
        out.append(bytes(p))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alg", default="gcm128/128")
    ap.add_argument("--family", type=int, choices=(4, 6), default=4)
    ap.add_argument("--mode", choices=("transport", "tunnel"),
                    default="transport")
    ap.add_argument("--len", type=int, default=33)
    ap.add_argument("--pad", type=int)
    ap.add_argument("--tfc", type=int, default=0)
    ap.add_argument("--esn", action="store_true")
    ap.add_argument("--seq", type=lambda s: int(s, 0), default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    src, dst = ("10.0.0.2", "10.0.0.1") if a.family == 4 else \
        ("fd00::2", "fd00::1")
    sa = SA(find_alg(a.alg), 0x1234, src, dst, a.mode, esn=a.esn, rng=rng)
    data = rng.randbytes(a.len)
    ip = ipv4 if a.family == 4 else ipv6
    inner = ip(src, dst, IPPROTO_UDP, udp(src, dst, 40000, 7777, data))
    print("ipsecctl " + " ".join(sa.ipsecctl_words()))
    print("ip " + " ".join(sa.xfrm_words()))
    print("inner  " + inner.hex())
    print("packet " + sa.packet(a.seq, inner, pad_near=a.pad,
                                tfc=a.tfc).hex())


if __name__ == "__main__":
    main()
