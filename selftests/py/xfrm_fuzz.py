#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile and random NETLINK_XFRM requests to ipsecdp's XFRM front end.

Usage: xfrm_fuzz.py [--random N] [--seed S]

First a list of malformed but plausible requests, each of which must be
refused (a negative error in the acknowledgement); then N random ones
(every message type, payloads of random length and bytes, random
attributes), which must each be answered. Prints one line per refused
case with its error; exits 1 if a hostile case was accepted or a request
went unanswered. The caller checks that the kernel log stays clean.
"""
import argparse
import errno
import os
import random
import socket
import struct
import sys

NETLINK_XFRM = 6
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NEWSA, DELSA, GETSA, NEWPOLICY, DELPOLICY, GETPOLICY = range(0x10, 0x16)
ALLOCSPI, UPDPOLICY, UPDSA, FLUSHSA, FLUSHPOLICY = 0x16, 0x19, 0x1A, 0x1C, 0x1D
MSG_MAX = 0x24

# attribute types (linux/xfrm.h)
A_ALG_AUTH, A_ALG_CRYPT, A_ENCAP, A_TMPL = 1, 2, 4, 5
A_REPLAY_VAL, A_POLICY_TYPE, A_ALG_AEAD = 10, 16, 18
A_ALG_AUTH_TRUNC, A_MARK, A_REPLAY_ESN_VAL = 20, 21, 23

SEL_LEN, SA_INFO_LEN, POL_INFO_LEN, TMPL_LEN = 56, 224, 168, 64
ESP, AH, TCP = 50, 51, 6
INF = 0xFFFFFFFFFFFFFFFF


def attr(t, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, t) + data + b"\0" * ((4 - n % 4) % 4)


def sel(family=2, src=b"\x0a\0\0\x01", dst=b"\x0a\0\0\x02", plen_s=32,
        plen_d=32, proto=0, sport=0, smask=0):
    b = bytearray(SEL_LEN)
    b[0:len(dst)] = dst
    b[16:16 + len(src)] = src
    struct.pack_into("!HH", b, 36, sport, smask)
    struct.pack_into("=HBBB", b, 40, family, plen_d, plen_s, proto)
    return bytes(b)


def sa_info(family=2, proto=ESP, spi=0x4242, mode=0, rw=0, flags=0):
    b = bytearray(SA_INFO_LEN)
    b[0:SEL_LEN] = sel(family)
    b[56:60] = b"\x0a\0\0\x02"              # id.daddr
    struct.pack_into("!I", b, 72, spi)       # id.spi
    b[76] = proto                            # id.proto
    b[80:84] = b"\x0a\0\0\x01"              # saddr
    struct.pack_into("=QQQQ", b, 96, INF, INF, INF, INF)
    struct.pack_into("=HBBB", b, 212, family, mode, rw, flags)
    return bytes(b)


def pol_info(dirn=1, s=None, action=0):
    b = bytearray(POL_INFO_LEN)
    b[0:SEL_LEN] = s or sel()
    struct.pack_into("=QQQQ", b, 56, INF, INF, INF, INF)
    struct.pack_into("=BB", b, 160, dirn, action)
    return bytes(b)


def tmpl(mode=0, daddr=b"", saddr=b"", family=2, proto=ESP):
    b = bytearray(TMPL_LEN)
    b[0:len(daddr)] = daddr                  # id.daddr
    b[20] = proto                            # id.proto
    struct.pack_into("=H", b, 24, family)
    b[28:28 + len(saddr)] = saddr            # saddr (4-byte aligned)
    b[48] = mode
    return bytes(b)


def alg(name, key, extra=b"", key_bits=None):
    n = name.ljust(64, b"\0")[:64]
    bits = len(key) * 8 if key_bits is None else key_bits
    return n + struct.pack("=I", bits) + extra + key


GCM = alg(b"rfc4106(gcm(aes))", b"k" * 20, struct.pack("=I", 128))

# (name, type, payload): each must be refused
HOSTILE = [
    ("aead key longer than the attribute", NEWSA,
     sa_info() + attr(A_ALG_AEAD, alg(b"rfc4106(gcm(aes))", b"k" * 20,
                                      struct.pack("=I", 128), 0xFFFFFFF8))),
    ("aead key bits not whole bytes", NEWSA,
     sa_info() + attr(A_ALG_AEAD, alg(b"rfc4106(gcm(aes))", b"k" * 20,
                                      struct.pack("=I", 128), 159))),
    ("aead name without NUL", NEWSA,
     sa_info() + attr(A_ALG_AEAD, alg(b"x" * 64, b"k" * 20,
                                      struct.pack("=I", 128)))),
    ("aead attribute shorter than its struct", NEWSA,
     sa_info() + attr(A_ALG_AEAD, b"rfc4106")),
    ("wrong aead key length", NEWSA,
     sa_info() + attr(A_ALG_AEAD, alg(b"rfc4106(gcm(aes))", b"k" * 7,
                                      struct.pack("=I", 128)))),
    ("aead and enc together", NEWSA,
     sa_info() + attr(A_ALG_AEAD, GCM) +
     attr(A_ALG_CRYPT, alg(b"cbc(aes)", b"k" * 16))),
    ("no algorithm", NEWSA, sa_info()),
    ("esn flag without replay state", NEWSA, sa_info(flags=128) +
     attr(A_ALG_AEAD, GCM)),
    ("esn bitmap longer than the attribute", NEWSA, sa_info(flags=128) +
     attr(A_ALG_AEAD, GCM) +
     attr(A_REPLAY_ESN_VAL, struct.pack("=IIIIIII", 0xFFFFFFFF, 0, 0, 0, 0,
                                        64, 0))),
    ("replay window of 100000", NEWSA, sa_info(flags=128) +
     attr(A_ALG_AEAD, GCM) +
     attr(A_REPLAY_ESN_VAL, struct.pack("=IIIIII", 0, 0, 0, 0, 0, 100000))),
    ("encapsulation on AH", NEWSA, sa_info(proto=AH) +
     attr(A_ALG_AUTH, alg(b"hmac(sha256)", b"k" * 32)) +
     attr(A_ENCAP, struct.pack("=H", 2) + struct.pack("!HH", 4500, 4500) +
          b"\0" * 18)),
    ("encapsulation type 7", NEWSA, sa_info() + attr(A_ALG_AEAD, GCM) +
     attr(A_ENCAP, struct.pack("=H", 7) + struct.pack("!HH", 4500, 4500) +
          b"\0" * 18)),
    ("beet mode", NEWSA, sa_info(mode=4) + attr(A_ALG_AEAD, GCM)),
    ("ipcomp", NEWSA, sa_info(proto=108) + attr(A_ALG_AEAD, GCM)),
    ("family 99", NEWSA, sa_info(family=99) + attr(A_ALG_AEAD, GCM)),
    ("unknown flag (icmp)", NEWSA, sa_info(flags=16) + attr(A_ALG_AEAD, GCM)),
    ("mark", NEWSA, sa_info() + attr(A_ALG_AEAD, GCM) +
     attr(A_MARK, struct.pack("=II", 5, 0xFFFFFFFF))),
    ("NEWSA header cut short", NEWSA, sa_info()[:100]),
    ("UPDSA of no SA", UPDSA, sa_info(spi=0x777) + attr(A_ALG_AEAD, GCM)),
    ("DELSA of family 0", DELSA, b"\0" * 24),
    ("GETSA of no SA", GETSA, b"\x0a\0\0\x02" + b"\0" * 12 +
     struct.pack("!I", 0x999) + struct.pack("=HBx", 2, ESP)),
    ("FLUSHSA of proto 17", FLUSHSA, b"\x11\0\0\0"),
    ("three templates", NEWPOLICY, pol_info() +
     attr(A_TMPL, tmpl() * 3)),
    ("template array not whole", NEWPOLICY, pol_info() +
     attr(A_TMPL, tmpl() + b"\0" * 4)),
    ("direction 3", NEWPOLICY, pol_info(dirn=3)),
    ("direction 200", DELPOLICY, sel() + struct.pack("=IBxxx", 0, 200)),
    ("prefix length 200", NEWPOLICY, pol_info(s=sel(plen_s=200))),
    ("port mask with holes", NEWPOLICY,
     pol_info(s=sel(proto=TCP, sport=80, smask=0x0F0F))),
    ("ports on proto 47", NEWPOLICY,
     pol_info(s=sel(proto=47, sport=80, smask=0xFFFF))),
    ("tunnel template without addresses", NEWPOLICY, pol_info() +
     attr(A_TMPL, tmpl(mode=1))),
    ("template of proto 108", NEWPOLICY, pol_info() +
     attr(A_TMPL, tmpl(proto=108))),
    ("block with a template", NEWPOLICY, pol_info(action=1) +
     attr(A_TMPL, tmpl())),
    ("sub policy", NEWPOLICY, pol_info() +
     attr(A_POLICY_TYPE, struct.pack("=BxHI", 1, 0, 0))),
    ("policy lifetime", NEWPOLICY,
     pol_info()[:56] + struct.pack("=Q", 1000) + pol_info()[64:]),
    ("GETPOLICY of none", GETPOLICY, sel() + struct.pack("=IBxxx", 0, 1)),
    ("ALLOCSPI min above max", ALLOCSPI,
     sa_info() + struct.pack("=II", 0x2000, 0x1000)),
    ("ALLOCSPI of reserved SPIs only", ALLOCSPI,
     sa_info() + struct.pack("=II", 1, 255)),
    ("ALLOCSPI for IPComp", ALLOCSPI,
     sa_info(proto=108) + struct.pack("=II", 0x1000, 0x2000)),
    ("ALLOCSPI header cut short", ALLOCSPI, sa_info()),
    ("NEWAE (not implemented)", 0x1E, b"\0" * 64),
    ("GETAE header cut short", 0x1F, b"\0" * 40),
    ("GETAE of family 0", 0x1F, b"\0" * 48),
    ("GETAE of no SA", 0x1F, b"\x0a\0\0\x02" + b"\0" * 12 +
     struct.pack("!I", 0x7777) + struct.pack("=HBx", 2, ESP) + b"\0" * 24),
]


class Nl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_XFRM)
        self.s.bind((0, 0))
        self.s.settimeout(10)
        self.seq = 0

    def request(self, typ, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        """Send; return the error of the ack (0: success), or 'dump'."""
        self.seq += 1
        msg = struct.pack("=IHHII", 16 + len(payload), typ, flags, self.seq,
                          0) + payload
        self.s.send(msg)
        while True:
            data = self.s.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                ln, t, _, seq, _ = struct.unpack_from("=IHHII", data, off)
                if ln < 16:
                    return "bad length"
                if seq == self.seq and t == NLMSG_ERROR:
                    return struct.unpack_from("=i", data, off + 16)[0]
                if seq == self.seq and t == NLMSG_DONE:
                    return "dump"
                off += (ln + 3) & ~3


def rand_attrs(rnd):
    out = b""
    for _ in range(rnd.randrange(4)):
        out += attr(rnd.randrange(1, 40), os.urandom(rnd.randrange(80)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=500)
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    nl = Nl()
    bad = 0
    for name, typ, payload in HOSTILE:
        err = nl.request(typ, payload)
        if isinstance(err, int) and err < 0:
            print(f"refused: {name}: {errno.errorcode.get(-err, err)}")
        else:
            print(f"NOT REFUSED: {name}: {err}")
            bad += 1
    answered = 0
    for _ in range(a.random):
        typ = rnd.randrange(0x10, MSG_MAX + 1)
        n = rnd.choice([0, 1, 20, 24, 56, 64, 100, 168, 224, 300])
        flags = NLM_F_REQUEST | NLM_F_ACK
        if typ in (GETSA, GETPOLICY) and rnd.random() < 0.3:
            flags |= NLM_F_DUMP
        err = nl.request(typ, os.urandom(n) + rand_attrs(rnd), flags)
        if err is None or err == "bad length":
            print(f"NO ANSWER: type {typ:#x}, {n} bytes")
            bad += 1
        else:
            answered += 1
    print(f"hostile: {len(HOSTILE)} cases, {len(HOSTILE) - bad} refused; "
          f"random: {answered} of {a.random} answered (seed {seed})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
