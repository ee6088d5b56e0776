#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""What the hostile packet drivers share (hostile_esp.py, hostile_ah.py;
tests 71, 73, 74): the UDP listener in A, a test case and how its counter
deltas are judged, reading A's counters, and B's way out. Standard library
only, so that the listener starts quickly under TCG."""
import argparse
import errno
import json
import socket
import struct
import subprocess
import time


def log(msg):
    print("# " + msg, flush=True)


# ---- listener ---------------------------------------------------------------

def listen(a):
    s = socket.socket(socket.AF_INET6 if a.v6 else socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    if a.v6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(("::" if a.v6 else "0.0.0.0", a.port))
    with open(a.out, "a", buffering=1) as f:
        f.write("READY\n")
        while True:
            data, _ = s.recvfrom(70000)
            marker = data.split(b"|", 1)[0].decode("ascii", "replace")
            f.write("%s %d\n" % (marker, len(data)))



class Case:
    def __init__(self, name, pkts, expect, deliver=(), note="", loose=None,
                 check=None, integrity=None):
        self.name, self.pkts, self.expect = name, pkts, expect
        # ICV failures (the SA's integrity_failed) the case causes; None:
        # as many as InStateProtoError moved. A malformed but authentic
        # packet counts InStateProtoError (as XFRM) and is no ICV failure.
        self.integrity = integrity
        # the markers that must arrive; None: may or may not (at most once)
        self.deliver = None if deliver is None else list(deliver)
        self.note = note
        # loose: {counter: set of allowed deltas} instead of exact
        self.loose = loose or {}
        # check: a function of the deltas, replaces expect/loose
        self.check = check



def stats(a, ns=None):
    """`ipsecctl stats` of A: through `ip netns exec NS` when @ns is given,
    else this process is in A's netns already"""
    cmd = [a.ipsecctl, "stats"]
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    out = subprocess.run(cmd,
                         capture_output=True, text=True, check=True).stdout
    d = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[1].isdigit():
            d[f[0]] = int(f[1])
    return d


def sa_integrity(a, ns=None):
    """integrity_failed of A's SA --spi (`ipsecctl -j sa list`), None if
    there is no such SA"""
    cmd = [a.ipsecctl, "-j", "sa", "list"]
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for sa in json.loads(out):
        if int(str(sa["spi"]), 0) == a.spi:
            return sa["stats"]["integrity_failed"]
    return None


def delivered(a):
    if not a.recv_log:
        return []
    try:
        with open(a.recv_log) as f:
            return [ln.split()[0] for ln in f if ln.strip() and ln.strip() != "READY"]
    except OSError:
        return []


def matches(case, delta, watch):
    """the counters in @watch moved as @case expects"""
    if case.check:
        return case.check(delta)
    for k in watch:
        v = delta.get(k, 0)
        if k in case.loose:
            if v not in case.loose[k]:
                return False
        elif v != case.expect.get(k, 0):
            return False
    return True


class Tally:
    """What a driver's cases came to: cases, packets and failures, where
    each case was stopped (counted by ipsecdp in one of @err, accepted by
    it, or dropped by the kernel before it), and the datagrams that must
    reach A's UDP socket."""

    def __init__(self, err):
        self.err = err
        self.ncase = self.npkt = self.nfail = 0
        self.cat = {"counted": 0, "accepted": 0, "kernel": 0}
        self.want = []
        self.icv = 0            # ICV failures the cases caused

    def add(self, case, ok, delta):
        self.ncase += 1
        self.npkt += len(case.pkts)
        if not ok:
            self.nfail += 1
        if any(delta.get(k, 0) for k in self.err):
            self.cat["counted"] += 1
        elif delta.get("InPackets", 0):
            self.cat["accepted"] += 1
        else:
            self.cat["kernel"] += 1
        if case.deliver:
            self.want += case.deliver
        if case.integrity is None:
            self.icv += delta.get("InStateProtoError", 0)
        else:
            self.icv += case.integrity

    def check_integrity(self, a, before, ns=None):
        """the SA's integrity_failed moved by the ICV failures only, not
        by the other InStateProtoError drops (malformed trailers, AH
        lengths): XFRM's integrity_failed does the same"""
        after = sa_integrity(a, ns)
        got = None if after is None or before is None else after - before
        if got != self.icv:
            log("FAIL SA 0x%x: integrity_failed +%s, the cases made %d ICV "
                "failures" % (a.spi, got, self.icv))
            self.nfail += 1
        else:
            log("ok: SA 0x%x integrity_failed +%d, the ICV failures among the "
                "InStateProtoError drops" % (a.spi, got))

    def check_delivery(self, a, maybe=(), settle=0.5):
        """what reached the UDP socket in A: exactly the datagrams meant
        to, each once (@maybe: markers that may arrive, at most once)"""
        time.sleep(settle)
        got = delivered(a)
        if not a.recv_log:
            return
        extra = [m for m in got if m not in self.want and m not in maybe]
        missing = [m for m in self.want if m not in got]
        dups = sorted({m for m in got if got.count(m) > 1})
        log("UDP datagrams delivered in A: %s" % (" ".join(got) or "none"))
        if extra or missing or dups:
            log("FAIL delivery: unexpected %s, missing %s, duplicated %s" % (
                extra, missing, dups))
            self.nfail += 1
        else:
            log("ok: delivered exactly the %d authentic well-formed datagrams" %
                len(self.want))


class Sender:
    """B's way out: Ethernet frames on --iface to --mac (AF_PACKET: B's
    own stack cannot reassemble, refragment or refuse what we send), or
    a raw IP socket. send() says whether the whole packet went out."""

    def __init__(self, a, v6):
        self.v6, self.dst = v6, a.dst
        if a.iface:
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            self.sock.bind((a.iface, 0))
            src = self.sock.getsockname()[4]
            self.eth = (bytes.fromhex(a.mac.replace(":", "")) + src +
                        struct.pack("!H", 0x86dd if v6 else 0x0800))
        else:
            self.eth = None
            self.sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,
                                      socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)

    def send(self, p):
        """True when all of @p went out (a full queue: tried again)"""
        for i in range(50):
            try:
                if self.eth:
                    n = self.sock.send(self.eth + p) - len(self.eth)
                else:
                    n = self.sock.sendto(p, (self.dst, 0))
            except OSError as ex:
                if ex.errno == errno.ENOBUFS:
                    if not i:
                        log("  note: sending %d bytes: %s, again" % (len(p), ex))
                    time.sleep(0.01)
                    continue
                log("  FAIL sending %d bytes: %s" % (len(p), ex))
                return False
            if n != len(p):
                log("  FAIL sending %d bytes: only %d went out" % (len(p), n))
            return n == len(p)
        log("  FAIL sending %d bytes: no buffer space, 50 times" % len(p))
        return False


def main(send):
    """the command line both drivers share: send (with @send) or listen"""
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send")
    s.add_argument("--ns-a", required=True)
    s.add_argument("--src", required=True)
    s.add_argument("--dst", required=True)
    s.add_argument("--spi", type=lambda x: int(x, 0), default=0x1000)
    s.add_argument("--key", required=True)
    s.add_argument("--port", type=int, default=9999)
    s.add_argument("--recv-log")
    s.add_argument("--ipsecctl", default="ipsecctl")
    s.add_argument("--iface", help="send Ethernet frames on this interface")
    s.add_argument("--mac", help="... to this MAC address (A's)")
    s.add_argument("--encap-spi", type=lambda x: int(x, 0), default=0)
    s.add_argument("--deep", type=int, default=100)
    s.add_argument("--only")
    s.add_argument("--list", action="store_true")
    l = sub.add_parser("listen")
    l.add_argument("--port", type=int, default=9999)
    l.add_argument("--out", required=True)
    l.add_argument("--v6", action="store_true")
    a = ap.parse_args()
    if a.cmd == "send" and bool(a.iface) != bool(a.mac):
        ap.error("--iface and --mac go together")
    if a.cmd == "listen":
        listen(a)
        return 0
    return send(a)

