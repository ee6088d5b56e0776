#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""XFRM_MSG_GETAE and XFRM_MSG_NEWAE for one SA, as IKE daemons send them
(charon reads the replay state this way before it moves an SA; an HA
pair sets it on the node that takes over).

Usage: xfrm_ae.py DADDR SPI [--ah]
         prints the reply's fields on one line:
         "seq 0x... oseq 0x... bytes N packets N reqid N rthr N ethr N"
         and, with --bitmap, " bitmap W:HEX,HEX..." (ESN: the window and
         its words) or " bitmap HEX" (the 32-bit one)
       xfrm_ae.py DADDR SPI set SEQ OSEQ [--esn W] [--words HEX,...]
                  [--flat HEX] [--no-replace] [--ltime] [--rthr N]
         XFRM_MSG_NEWAE with NLM_F_REPLACE: the replay state (ESN form
         with --esn W, the window, and --words its bitmap; else the
         32-bit form, bitmap --flat), prints "ok"
Either prints "error ENAME: extack message" (exit 2) when the kernel
refuses; exits 1 if a reply is malformed (a missing attribute, a wrong
SA).
"""
import argparse
import errno
import ipaddress
import socket
import struct
import sys

NETLINK_XFRM = 6
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
NLM_F_REQUEST, NLM_F_ACK, NLM_F_REPLACE = 1, 4, 0x100
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG = 1
GETAE, NEWAE = 0x1F, 0x1E
A_LTIME_VAL, A_REPLAY_VAL, A_REPLAY_THRESH = 9, 10, 11
A_ETIMER_THRESH, A_REPLAY_ESN_VAL = 12, 23
AE_RTHR, AE_RVAL, AE_LVAL, AE_ETHR = 1, 2, 4, 8
# struct xfrm_aevent_id: xfrm_usersa_id (daddr 16, spi 4, family 2,
# proto 1, pad 1), saddr 16, flags 4, reqid 4
AEVENT_ID = "=16s4sHBx16sII"


def addr_bytes(a):
    ip = ipaddress.ip_address(a)
    fam = socket.AF_INET if ip.version == 4 else socket.AF_INET6
    return fam, ip.packed.ljust(16, b"\0")


def attrs_of(data):
    out, off = {}, 0
    while off + 4 <= len(data):
        ln, typ = struct.unpack_from("=HH", data, off)
        if ln < 4:
            break
        out[typ & 0x3FFF] = data[off + 4:off + ln]
        off += (ln + 3) & ~3
    return out


def attr(typ, payload):
    ln = 4 + len(payload)
    return struct.pack("=HH", ln, typ) + payload + b"\0" * (-ln % 4)


def talk(typ, flags, body):
    """Send one request; the reply: ("error", text) or (type, data)."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    s.bind((0, 0))
    s.settimeout(10)
    s.send(struct.pack("=IHHII", 16 + len(body), typ,
                       NLM_F_REQUEST | flags, 1, 0) + body)
    data = s.recv(1 << 16)
    ln, rtyp, rflags = struct.unpack_from("=IHH", data)
    if rtyp != NLMSG_ERROR:
        return rtyp, data[:ln]
    err = struct.unpack_from("=i", data, 16)[0]
    if not err:
        return "ok", ""
    msg = ""
    if rflags & NLM_F_ACK_TLVS:
        msg = attrs_of(data[16 + 4 + 16:ln]).get(NLMSGERR_ATTR_MSG, b"")
        msg = msg.rstrip(b"\0").decode()
    return "error", "%s: %s" % (errno.errorcode.get(-err, err), msg)


def get(a, sa_id):
    flags = AE_RVAL | AE_LVAL | AE_RTHR | AE_ETHR
    rtyp, data = talk(GETAE, 0,
                      struct.pack(AEVENT_ID, *sa_id, b"\0" * 16, flags, 0))
    if rtyp == "error":
        print("error", data)
        return 2
    if rtyp != NEWAE:
        print(f"reply type {rtyp}, not NEWAE")
        return 1
    hlen = struct.calcsize(AEVENT_ID)
    r_daddr, r_spi, r_fam, r_proto, _, r_flags, reqid = \
        struct.unpack_from(AEVENT_ID, data, 16)
    if (r_daddr, r_spi, r_fam, r_proto) != sa_id or r_flags != flags:
        print("reply names another SA or other flags")
        return 1
    at = attrs_of(data[16 + hlen:])
    if A_LTIME_VAL not in at or A_REPLAY_THRESH not in at or \
            A_ETIMER_THRESH not in at:
        print(f"attributes missing: {sorted(at)}")
        return 1
    nbytes, packets = struct.unpack_from("=QQ", at[A_LTIME_VAL])
    if A_REPLAY_ESN_VAL in at:
        e = at[A_REPLAY_ESN_VAL]
        bmp_len, oseq, seq, oseq_hi, seq_hi, window = \
            struct.unpack_from("=IIIIII", e)
        if len(e) < 24 + 4 * bmp_len:
            print("ESN replay state shorter than its bitmap")
            return 1
        words = struct.unpack_from("=%dI" % bmp_len, e, 24)
        bitmap = "%d:%s" % (window, ",".join("%x" % w for w in words))
        seq |= seq_hi << 32
        oseq |= oseq_hi << 32
    elif A_REPLAY_VAL in at:
        oseq, seq, flat = struct.unpack_from("=III", at[A_REPLAY_VAL])
        bitmap = "%x" % flat
    else:
        print(f"no replay state: {sorted(at)}")
        return 1
    rthr = struct.unpack("=I", at[A_REPLAY_THRESH][:4])[0]
    ethr = struct.unpack("=I", at[A_ETIMER_THRESH][:4])[0]
    out = (f"seq {seq:#x} oseq {oseq:#x} bytes {nbytes} packets {packets} "
           f"reqid {reqid} rthr {rthr} ethr {ethr}")
    if a.bitmap:
        out += " bitmap " + bitmap
    print(out)
    return 0


def put(a, sa_id):
    seq, oseq = int(a.seq, 0), int(a.oseq, 0)
    if a.esn is not None:
        words = [int(w, 16) for w in a.words.split(",")] if a.words else []
        rs = struct.pack("=IIIIII", len(words), oseq & 0xFFFFFFFF,
                         seq & 0xFFFFFFFF, oseq >> 32, seq >> 32, a.esn)
        rs += struct.pack("=%dI" % len(words), *words)
        attrs = attr(A_REPLAY_ESN_VAL, rs)
    else:
        attrs = attr(A_REPLAY_VAL,
                     struct.pack("=III", oseq, seq, int(a.flat, 16)))
    if a.ltime:
        attrs += attr(A_LTIME_VAL, struct.pack("=QQQQ", 0, 0, 0, 0))
    if a.rthr is not None:
        attrs += attr(A_REPLAY_THRESH, struct.pack("=I", a.rthr))
    body = struct.pack(AEVENT_ID, *sa_id, b"\0" * 16, AE_RVAL, 0) + attrs
    flags = NLM_F_ACK | (0 if a.no_replace else NLM_F_REPLACE)
    rtyp, data = talk(NEWAE, flags, body)
    if rtyp == "error":
        print("error", data)
        return 2
    if rtyp != "ok":
        print(f"reply type {rtyp}, not an ack")
        return 1
    print("ok")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("daddr")
    ap.add_argument("spi")
    ap.add_argument("--ah", action="store_true")
    ap.add_argument("--bitmap", action="store_true")
    sub = ap.add_subparsers(dest="cmd")
    sp = sub.add_parser("set")
    sp.add_argument("seq")
    sp.add_argument("oseq")
    sp.add_argument("--esn", type=int)
    sp.add_argument("--words")
    sp.add_argument("--flat", default="0")
    sp.add_argument("--no-replace", action="store_true")
    sp.add_argument("--ltime", action="store_true")
    sp.add_argument("--rthr", type=int)
    a = ap.parse_args()
    fam, daddr = addr_bytes(a.daddr)
    sa_id = (daddr, struct.pack("!I", int(a.spi, 0)), fam,
             51 if a.ah else 50)
    return put(a, sa_id) if a.cmd == "set" else get(a, sa_id)


if __name__ == "__main__":
    sys.exit(main())
