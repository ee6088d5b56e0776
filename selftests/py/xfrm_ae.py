#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""XFRM_MSG_GETAE for one SA, as IKE daemons send it (charon reads the
replay state this way before it moves an SA).

Usage: xfrm_ae.py DADDR SPI [esp|ah]

Prints the reply's fields on one line:
  "seq 0x... oseq 0x... bytes N packets N reqid N rthr N ethr N"
or "error ENAME" (exit 2) when the request is refused; exits 1 if the
reply is malformed (a missing attribute, a wrong SA).
"""
import errno
import ipaddress
import socket
import struct
import sys

NETLINK_XFRM = 6
NLM_F_REQUEST = 1
NLMSG_ERROR = 2
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


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 1
    fam, daddr = addr_bytes(sys.argv[1])
    spi = int(sys.argv[2], 0)
    proto = 51 if len(sys.argv) > 3 and sys.argv[3] == "ah" else 50
    flags = AE_RVAL | AE_LVAL | AE_RTHR | AE_ETHR
    body = struct.pack(AEVENT_ID, daddr, struct.pack("!I", spi), fam, proto,
                       b"\0" * 16, flags, 0)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
    s.bind((0, 0))
    s.settimeout(10)
    s.send(struct.pack("=IHHII", 16 + len(body), GETAE, NLM_F_REQUEST, 1, 0)
           + body)
    data = s.recv(1 << 16)
    ln, typ = struct.unpack_from("=IH", data)
    if typ == NLMSG_ERROR:
        err = struct.unpack_from("=i", data, 16)[0]
        print("error", errno.errorcode.get(-err, err))
        return 2
    if typ != NEWAE:
        print(f"reply type {typ:#x}, not NEWAE")
        return 1
    hlen = struct.calcsize(AEVENT_ID)
    r_daddr, r_spi, r_fam, r_proto, _, r_flags, reqid = \
        struct.unpack_from(AEVENT_ID, data, 16)
    if (r_daddr, r_spi, r_fam, r_proto) != \
            (daddr, struct.pack("!I", spi), fam, proto) or r_flags != flags:
        print("reply names another SA or other flags")
        return 1
    at = attrs_of(data[16 + hlen:ln])
    if A_LTIME_VAL not in at or A_REPLAY_THRESH not in at or \
            A_ETIMER_THRESH not in at:
        print(f"attributes missing: {sorted(at)}")
        return 1
    nbytes, packets = struct.unpack_from("=QQ", at[A_LTIME_VAL])
    if A_REPLAY_ESN_VAL in at:
        _, oseq, seq, oseq_hi, seq_hi = struct.unpack_from(
            "=IIIII", at[A_REPLAY_ESN_VAL])
        seq |= seq_hi << 32
        oseq |= oseq_hi << 32
    elif A_REPLAY_VAL in at:
        oseq, seq = struct.unpack_from("=II", at[A_REPLAY_VAL])
    else:
        print(f"no replay state: {sorted(at)}")
        return 1
    rthr = struct.unpack("=I", at[A_REPLAY_THRESH][:4])[0]
    ethr = struct.unpack("=I", at[A_ETIMER_THRESH][:4])[0]
    print(f"seq {seq:#x} oseq {oseq:#x} bytes {nbytes} packets {packets} "
          f"reqid {reqid} rthr {rthr} ethr {ethr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
