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
      --rw N sets the replay window (XFRM refuses one on an out SA),
      --flags F the SA's flags (XFRM_STATE_*).
  xfrm_pcpu.py get DST SPI
      GETSA: prints "pcpu N", or "pcpu none" when the reply has no
      XFRMA_SA_PCPU (a kernel without per-CPU SAs ignores it at add).
  xfrm_pcpu.py listen SECS
      Joins XFRMNLGRP_ACQUIRE for SECS seconds (XFRM sends no acquire
      while nobody listens) and prints each XFRM_MSG_ACQUIRE as
      "acquire dst D pcpu N|none polflags F"; "listening" first.
  xfrm_pcpu.py allocspi SRC DST [--pcpu N] [--dir in|out]
      ALLOCSPI (ESP, transport, SPIs 0x100-0xffff): prints
      "spi 0xS pcpu N|none", or the error and the extended ACK (exit 1).
"""
import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xfrm_fuzz import (ALLOCSPI, GETSA, NEWSA, NETLINK_XFRM,  # noqa: E402
                       NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR, SA_INFO_LEN,
                       SEL_LEN, ESP, INF, Nl, alg, attr)
import time  # noqa: E402

A_ALG_AEAD = 18
A_SA_DIR = 33		# XFRMA_SA_DIR: 1 in, 2 out
A_SA_PCPU = 35		# XFRMA_SA_PCPU


def sa_info(src, dst, spi, reqid, rw, flags=0):
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
    struct.pack_into("=HBBB", b, 212, socket.AF_INET, 0, rw, flags)
    return bytes(b)


def sa_id(dst, spi):
    # struct xfrm_usersa_id: daddr, spi, family, proto
    return dst + b"\0" * 12 + struct.pack("!I", spi) + \
        struct.pack("=HBx", socket.AF_INET, ESP)


ACQUIRE = 0x17
ACQ_LEN = 280		# struct xfrm_user_acquire
ACQ_POL_FLAGS = 258	# its policy.flags
XFRMNLGRP_ACQUIRE = 1


def pcpu_of(reply, off=16 + SA_INFO_LEN):
    """XFRMA_SA_PCPU of a message whose attributes start at @off, or None."""
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
        if seq == nl.seq and t == NLMSG_ERROR:
            return nlerr(data)


def nlerr(data):
    """An NLMSG_ERROR message: (error, the extended ACK's message)."""
    ln, t, flags, seq, _ = struct.unpack_from("=IHHII", data, 0)
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


def listen(secs):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
    s.bind((0, 1 << (XFRMNLGRP_ACQUIRE - 1)))
    print("listening", flush=True)
    end = time.monotonic() + secs
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 0
        s.settimeout(left)
        try:
            data = s.recv(1 << 16)
        except socket.timeout:
            return 0
        off = 0
        while off + 16 <= len(data):
            ln, typ = struct.unpack_from("=IH", data, off)
            if ln < 16:
                break
            msg = data[off:off + ln]
            if typ == ACQUIRE and ln >= 16 + ACQ_LEN:
                v = pcpu_of(msg, 16 + ACQ_LEN)
                print("acquire dst %s pcpu %s polflags %d" % (
                    socket.inet_ntoa(msg[16:20]),
                    "none" if v is None else v,
                    msg[16 + ACQ_POL_FLAGS]), flush=True)
            off += (ln + 3) & ~3


def allocspi(nl, src, dst, pcpu, sa_dir):
    # struct xfrm_userspi_info: an xfrm_usersa_info, then min and max
    body = sa_info(src, dst, 0, 0, 0) + struct.pack("=II", 0x100, 0xFFFF)
    if sa_dir:
        body += attr(A_SA_DIR, struct.pack("=B", 1 if sa_dir == "in" else 2))
    if pcpu is not None:
        body += attr(A_SA_PCPU, struct.pack("=I", pcpu))
    nl.seq += 1
    nl.s.send(struct.pack("=IHHII", 16 + len(body), ALLOCSPI, NLM_F_REQUEST,
                          nl.seq, 0) + body)
    data = nl.s.recv(1 << 16)
    ln, typ = struct.unpack_from("=IH", data, 0)
    if typ == NLMSG_ERROR:
        err, msg = nlerr(data)
        print("ALLOCSPI: error %d (%s)%s" % (err, os.strerror(-err),
                                             ": " + msg if msg else ""))
        return 1
    if typ != NEWSA:
        print("unexpected reply type %d" % typ)
        return 1
    spi = struct.unpack_from("!I", data, 16 + SEL_LEN + 16)[0]
    v = pcpu_of(data[:ln])
    print("spi 0x%x pcpu %s" % (spi, "none" if v is None else v))
    return 0


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
    a.add_argument("--rw", type=int)
    a.add_argument("--flags", type=int, default=0)
    g = sub.add_parser("get")
    g.add_argument("dst")
    g.add_argument("spi", type=lambda s: int(s, 0))
    ls = sub.add_parser("listen")
    ls.add_argument("secs", type=float)
    al = sub.add_parser("allocspi")
    al.add_argument("src")
    al.add_argument("dst")
    al.add_argument("--pcpu", type=int)
    al.add_argument("--dir", choices=("in", "out"))
    args = ap.parse_args()

    if args.cmd == "listen":
        return listen(args.secs)
    nl = Nl()
    nl.s.setsockopt(270, 11, 1)	# SOL_NETLINK, NETLINK_EXT_ACK
    if args.cmd == "get":
        return get(nl, socket.inet_aton(args.dst), args.spi)
    if args.cmd == "allocspi":
        return allocspi(nl, socket.inet_aton(args.src),
                        socket.inet_aton(args.dst), args.pcpu, args.dir)
    key = bytes.fromhex(args.key[2:] if args.key.startswith("0x") else args.key)
    rw = args.rw if args.rw is not None else 0 if args.dir == "out" else 64
    body = sa_info(socket.inet_aton(args.src), socket.inet_aton(args.dst),
                   args.spi, args.reqid, rw, args.flags)
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
