#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one IPSECDP_CMD_POLICY_ADD straight to the kernel, past ipsecctl's
own checks, to see what the kernel itself accepts.

usage: nlpolicy.py PROTO [sport LO HI] [dport LO HI]

The policy: IPv4, src 10.77.0.0/16, dst 10.78.0.0/16 (a different /24 per
protocol, so that several can be added), dir out, a bypass. Prints "ok" or
"error ERRNO MESSAGE" (the extack message), exit 0 if added, 1 if refused,
2 on a setup error.
"""
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 1 << 15
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2

# include/uapi/linux/ipsecdp.h
IPSECDP_CMD_POLICY_ADD = 5
IPSECDP_A_POLICY = 2
POL_A = {"family": 1, "dir": 2, "src": 5, "src_plen": 6, "dst": 7,
         "dst_plen": 8, "proto": 9, "sport_min": 10, "sport_max": 11,
         "dport_min": 12, "dport_max": 13}
IPSECDP_DIR_OUT = 1


def attr(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def talk(sock, ftype, cmd, attrs, seq):
    body = struct.pack("=BBH", cmd, 1, 0) + attrs
    msg = struct.pack("=IHHII", 16 + len(body), ftype,
                      NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body
    sock.send(msg)
    reply = None
    while True:
        data = sock.recv(65536)
        off = 0
        while off + 16 <= len(data):
            mlen, mtype, mflags, mseq, _ = struct.unpack_from("=IHHII", data, off)
            if mseq == seq:
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", data, off + 16)[0]
                    text = ""
                    if mflags & NLM_F_ACK_TLVS:
                        # capped ack: nlmsgerr is the error and the request's header
                        a = off + 16 + 4 + 16
                        while a + 4 <= off + mlen:
                            alen, atype = struct.unpack_from("=HH", data, a)
                            if alen < 4:
                                break
                            if atype == NLMSGERR_ATTR_MSG:
                                text = data[a + 4:a + alen].split(b"\0")[0].decode()
                            a += (alen + 3) & ~3
                    return err, text, reply
                reply = data[off + 16 + 4:off + mlen]
            if mlen < 16:
                break
            off += (mlen + 3) & ~3


def family_id(sock):
    err, text, reply = talk(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, b"ipsecdp\0"), 1)
    if err or reply is None:
        sys.exit("nlpolicy: no ipsecdp family: %s" % (os.strerror(err) if err else "no reply"))
    off = 0
    while off + 4 <= len(reply):
        alen, atype = struct.unpack_from("=HH", reply, off)
        if atype == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("=H", reply, off + 4)[0]
        off += (alen + 3) & ~3
    sys.exit("nlpolicy: no family id in the reply")


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    proto = int(args.pop(0))
    ranges = {}
    while args:
        if len(args) < 3 or args[0] not in ("sport", "dport"):
            print(__doc__, file=sys.stderr)
            return 2
        ranges[args[0]] = (int(args[1]), int(args[2]))
        args = args[3:]
    nest = (attr(POL_A["family"], struct.pack("=H", socket.AF_INET)) +
            attr(POL_A["dir"], struct.pack("=B", IPSECDP_DIR_OUT)) +
            attr(POL_A["src"], socket.inet_aton("10.77.%d.0" % proto)) +
            attr(POL_A["src_plen"], struct.pack("=B", 24)) +
            attr(POL_A["dst"], socket.inet_aton("10.78.%d.0" % proto)) +
            attr(POL_A["dst_plen"], struct.pack("=B", 24)) +
            attr(POL_A["proto"], struct.pack("=B", proto)))
    for k, (lo, hi) in sorted(ranges.items()):
        nest += attr(POL_A[k + "_min"], struct.pack("=H", lo))
        nest += attr(POL_A[k + "_max"], struct.pack("=H", hi))
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    fam = family_id(sock)
    err, text, _ = talk(sock, fam, IPSECDP_CMD_POLICY_ADD,
                        attr(IPSECDP_A_POLICY | NLA_F_NESTED, nest), 2)
    if err:
        print("error %s %s" % (errno.errorcode.get(err, err), text))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
