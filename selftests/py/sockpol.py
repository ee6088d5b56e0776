#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""UDP with a socket bypass policy, as IKE daemons set one on their
sockets (IP_XFRM_POLICY / IPV6_XFRM_POLICY: an "allow" xfrm_userpolicy_info
without templates, for each direction).

Usage:
  sockpol.py recv PORT [--bypass] [--timeout S]   print the first datagram
                                                  ("timeout" if none, exit 3)
  sockpol.py send ADDR PORT [--bypass]            send one datagram
  sockpol.py refused [--block]                    a policy ipsecdp does not
      take (with a template, or --block: action block) must be refused;
      prints the error name
Exits 2 when setting the policy fails (prints the error name).
"""
import argparse
import errno
import socket
import struct
import sys

IP_XFRM_POLICY, IPV6_XFRM_POLICY = 17, 35
POLICY_IN, POLICY_OUT = 0, 1
ALLOW, BLOCK = 0, 1
POL_INFO_LEN, TMPL_LEN = 168, 64


def policy(family, direction, action=ALLOW):
    b = bytearray(POL_INFO_LEN)
    struct.pack_into("=H", b, 40, family)    # sel.family
    b[160] = direction
    b[161] = action
    return bytes(b)


def set_policy(s, family, action=ALLOW, extra=b""):
    level, opt = ((socket.IPPROTO_IP, IP_XFRM_POLICY)
                  if family == socket.AF_INET
                  else (socket.IPPROTO_IPV6, IPV6_XFRM_POLICY))
    for d in (POLICY_IN, POLICY_OUT):
        s.setsockopt(level, opt, policy(family, d, action) + extra)


def fam_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["recv", "send", "refused"])
    ap.add_argument("args", nargs="*")
    ap.add_argument("--bypass", action="store_true")
    ap.add_argument("--block", action="store_true")
    ap.add_argument("--six", action="store_true")
    ap.add_argument("--timeout", type=float, default=3)
    a = ap.parse_args()
    if a.cmd == "send":
        fam = fam_of(a.args[0])
    else:
        fam = socket.AF_INET6 if a.six else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    try:
        if a.cmd == "refused":
            if a.block:
                set_policy(s, fam, BLOCK)
            else:
                set_policy(s, fam, ALLOW, b"\0" * TMPL_LEN)
            print("accepted")
            return 1
        if a.bypass:
            set_policy(s, fam)
    except OSError as e:
        # errorcode names 95 ENOTSUP: the kernel's name is EOPNOTSUPP
        print("EOPNOTSUPP" if e.errno == errno.EOPNOTSUPP
              else errno.errorcode.get(e.errno, e.errno))
        return 0 if a.cmd == "refused" else 2
    if a.cmd == "recv":
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0",
                int(a.args[0])))
        s.settimeout(a.timeout)
        try:
            data, peer = s.recvfrom(2048)
        except socket.timeout:
            print("timeout")
            return 3
        print(data.decode(errors="replace"))
        return 0
    s.sendto(b"ike-hello", (a.args[0], int(a.args[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
