#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-CPU SAs (XFRMA_SA_PCPU) over NETLINK_XFRM, which iproute2 6.1
cannot send: to the kernel's XFRM (6.13, Debian's 6.12) or to ipsecdp's
XFRM front end, whichever owns NETLINK_XFRM in this namespace.

Usage:
  xfrm_pcpu.py add SRC DST SPI KEY [--pcpu N] [--dir in|out] [--reqid R]
      NEWSA: IPv4 transport ESP, rfc4106(gcm(aes)) with KEY (0x-hex,
      20 bytes), 128-bit ICV, replay window 64 (0 with --dir out, as
      XFRM wants); with --pcpu, the SA of CPU N (XFRM wants --dir with
      it). Exit 0, or 1 printing the error and the extended ACK.
  xfrm_pcpu.py get DST SPI
      GETSA: prints "pcpu N", or "pcpu none" when the reply has no
      XFRMA_SA_PCPU (a kernel without per-CPU SAs ignores it at add).
"""
import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xfrm_fuzz import (GETSA, NEWSA, NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR,  # noqa: E402
                       SA_INFO_LEN, SEL_LEN, ESP, INF, Nl, alg, attr)

A_ALG_AEAD = 18
A_SA_DIR = 33		# XFRMA_SA_DIR: 1 in, 2 out
A_SA_PCPU = 35		# XFRMA_SA_PCPU


def sa_info(src, dst, spi, reqid, rw):
    b = bytearray(SA_INFO_LEN)
    b[0:4] = dst				# sel.daddr
    b[16:20] = src				# sel.saddr
    struct.pack_into("=HBBB", b, 40, socket.AF_INET, 32, 32, 0)
    b[SEL_LEN:SEL_LEN + 4] = dst		# id.daddr
    struct.pack_into("!I", b, 72, spi)	# id.spi
    b[76] = ESP				# id.proto
    b[80:84] = src				# saddr
    struct.pack_into("=QQQQ", b, 96, INF, INF, INF, INF)
    struct.pack_into("=I", b, 208, reqid)	# reqid (after seq)
    struct.pack_into("=HBBB", b, 212, socket.AF_INET, 0, rw, 0)
    return bytes(b)


def sa_id(dst, spi):
    # struct xfrm_usersa_id: daddr, spi, family, proto
    return dst + b"\0" * 12 + struct.pack("!I", spi) + \
        struct.pack("=HBx", socket.AF_INET, ESP)


def pcpu_of(reply):
    """XFRMA_SA_PCPU of a NEWSA message (header included), or None."""
    off = 16 + SA_INFO_LEN
    while off + 4 <= len(reply):
        ln, typ = struct.unpack_from("=HH", reply, off)
        if ln < 4:
            break
        if typ & 0x3FFF == A_SA_PCPU and ln >= 8:
            return struct.unpack_from("=I", reply, off + 4)[0]
        off += (ln + 3) & ~3
    return None


def request(nl, typ, body):
    """Send with NLM_F_ACK; return (error, the extended ACK's message)."""
    nl.seq += 1
    nl.s.send(struct.pack("=IHHII", 16 + len(body), typ,
                          NLM_F_REQUEST | NLM_F_ACK, nl.seq, 0) + body)
    while True:
        data = nl.s.recv(1 << 16)
        ln, t, flags, seq, _ = struct.unpack_from("=IHHII", data, 0)
        if seq != nl.seq or t != NLMSG_ERROR:
            continue
        err = struct.unpack_from("=i", data, 16)[0]
        # the request comes back unless capped (0x100); TLVs follow (0x200)
        off = 20 + (16 if flags & 0x100 else
                    struct.unpack_from("=I", data, 20)[0])
        msg = ""
        while flags & 0x200 and off + 4 <= ln:
            alen, atyp = struct.unpack_from("=HH", data, off)
            if alen < 4:
                break
            if atyp == 1:		# NLMSGERR_ATTR_MSG
                msg = data[off + 4:off + alen].split(b"\0")[0].decode()
            off += (alen + 3) & ~3
        return err, msg


def get(nl, dst, spi):
    nl.seq += 1
    body = sa_id(dst, spi)
    nl.s.send(struct.pack("=IHHII", 16 + len(body), GETSA, NLM_F_REQUEST,
                          nl.seq, 0) + body)
    data = nl.s.recv(1 << 16)
    ln, typ = struct.unpack_from("=IH", data, 0)
    if typ == NLMSG_ERROR:
        err = struct.unpack_from("=i", data, 16)[0]
        print("error %d (%s)" % (err, os.strerror(-err)))
        return 1
    if typ != NEWSA:
        print("unexpected reply type %d" % typ)
        return 1
    v = pcpu_of(data[:ln])
    print("pcpu none" if v is None else "pcpu %d" % v)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add")
    a.add_argument("src")
    a.add_argument("dst")
    a.add_argument("spi", type=lambda s: int(s, 0))
    a.add_argument("key")
    a.add_argument("--pcpu", type=int)
    a.add_argument("--reqid", type=int, default=1)
    a.add_argument("--dir", choices=("in", "out"))
    g = sub.add_parser("get")
    g.add_argument("dst")
    g.add_argument("spi", type=lambda s: int(s, 0))
    args = ap.parse_args()

    nl = Nl()
    nl.s.setsockopt(270, 11, 1)	# SOL_NETLINK, NETLINK_EXT_ACK
    if args.cmd == "get":
        return get(nl, socket.inet_aton(args.dst), args.spi)
    key = bytes.fromhex(args.key[2:] if args.key.startswith("0x") else args.key)
    body = sa_info(socket.inet_aton(args.src), socket.inet_aton(args.dst),
                   args.spi, args.reqid, 0 if args.dir == "out" else 64)
    body += attr(A_ALG_AEAD, alg(b"rfc4106(gcm(aes))", key, struct.pack("=I", 128)))
    if args.dir:
        body += attr(A_SA_DIR, struct.pack("=B", 1 if args.dir == "in" else 2))
    if args.pcpu is not None:
        body += attr(A_SA_PCPU, struct.pack("=I", args.pcpu))
    err, msg = request(nl, NEWSA, body)
    if err != 0:
        print("NEWSA: error %d (%s)%s" % (err, os.strerror(-err),
                                          ": " + msg if msg else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
