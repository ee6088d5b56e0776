#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""AH packets made and checked by scapy, independently of the kernel.

Run in the peer's netns (B); host A runs ipsecdp with transport-mode AH
SAs for B -> A (SPI_IN, KEY) and A -> B (SPI_OUT, KEY_OUT).

usage: ah_scapy.py tamper|kat --iface IF --mac MAC_A --ns-a NS
                   --ipsecctl PATH --alg NAME --key HEX --spi4 N --spi6 N
                   [--key-out HEX --spi-out4 N --spi-out6 N]
  tamper: a valid echo request is delivered; the same with a payload byte,
          the source address or an immutable IPv6 hop-by-hop option byte
          changed after signing is dropped as InStateProtoError; with TTL,
          hop limit, DSCP, flow label or a mutable option changed it is
          delivered (A's per-SA in_packets and ICMP InEchos).
  kat:    echo requests built by scapy's SecurityAssociation(AH) (IPv4
          with 32-bit ICV padding, IPv6 with 64-bit) are accepted, and the
          AH echo replies A sent (sniffed on B) verify with scapy's
          sa.decrypt().
Exit 0 if every check passed, 1 otherwise.
"""
import argparse
import json
import subprocess
import sys
import time

from scapy.all import (AH, ICMP, IP, Ether, ICMPv6EchoRequest, IPv6,
                       IPv6ExtHdrHopByHop, HBHOptUnknown, AsyncSniffer, sendp,
                       conf)
from scapy.layers.ipsec import SecurityAssociation, AUTH_ALGOS

conf.verb = 0
A4, B4 = "10.0.0.1", "10.0.0.2"
A6, B6 = "fd00::1", "fd00::2"

# kernel name -> scapy name (older scapy spells SHA2 without HMAC-)
ALGS = {
    "hmac(sha1)": ["HMAC-SHA1-96"],
    "hmac(sha256)": ["HMAC-SHA2-256-128", "SHA2-256-128"],
    "hmac(sha384)": ["HMAC-SHA2-384-192", "SHA2-384-192"],
    "hmac(sha512)": ["HMAC-SHA2-512-256", "SHA2-512-256"],
    "cmac(aes)": ["AES-CMAC-96"],
}

failed = 0


def log(msg):
    print(msg, flush=True)


def check(cond, what):
    global failed
    log(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failed += 1


def in_a(args, *cmd):
    return subprocess.run(["ip", "netns", "exec", args.ns_a] + list(cmd),
                          check=True, capture_output=True, text=True).stdout


def stats(args):
    out = {}
    for line in in_a(args, args.ipsecctl, "stats").splitlines():
        f = line.split()
        if len(f) == 2 and f[1].isdigit():
            out[f[0]] = int(f[1])
    return out


def sa_in(args, spi):
    for sa in json.loads(in_a(args, args.ipsecctl, "-j", "sa", "list")):
        if int(str(sa["spi"]), 0) == spi:
            return sa["stats"]["in_packets"]
    raise SystemExit("SA spi 0x%x not found" % spi)


def echos(args, v6):
    if v6:
        for line in in_a(args, "cat", "/proc/net/snmp6").splitlines():
            f = line.split()
            if f and f[0] == "Icmp6InEchos":
                return int(f[1])
    lines = [l.split() for l in in_a(args, "cat", "/proc/net/snmp").splitlines()
             if l.startswith("Icmp:")]
    return int(lines[1][lines[0].index("InEchos")])


def make_sa(args, spi, key):
    for name in ALGS.get(args.alg, []):
        if name in AUTH_ALGOS:
            return SecurityAssociation(AH, spi=spi, auth_algo=name,
                                       auth_key=bytes.fromhex(key))
    raise SystemExit("scapy has no %s" % args.alg)


class Sender:
    def __init__(self, args):
        self.args = args
        self.seq = {4: 100, 6: 100}
        self.sa = {4: make_sa(args, args.spi4, args.key),
                   6: make_sa(args, args.spi6, args.key)}

    def signed(self, v6, inner, hbh=None):
        v = 6 if v6 else 4
        self.seq[v] += 1
        if v6:
            p = IPv6(src=B6, dst=A6, hlim=64)
            if hbh is not None:
                p = p / hbh
            p = p / inner
        else:
            p = IP(src=B4, dst=A4, ttl=64) / inner
        return self.sa[v].encrypt(p, seq_num=self.seq[v])

    def send(self, pkt):
        sendp(Ether(dst=self.args.mac) / pkt, iface=self.args.iface)


def wait_change(fn, before, secs=3.0):
    end = time.time() + secs
    while time.time() < end:
        v = fn()
        if v != before:
            return v
        time.sleep(0.1)
    return fn()


def expect(args, snd, v6, pkt, accept, what, counter="InStateProtoError"):
    spi = args.spi6 if v6 else args.spi4
    st0 = stats(args)
    in0 = sa_in(args, spi)
    e0 = echos(args, v6)
    snd.send(pkt)
    if accept:
        in1 = wait_change(lambda: sa_in(args, spi), in0)
        e1 = wait_change(lambda: echos(args, v6), e0)
    else:
        time.sleep(1.0)
        in1, e1 = sa_in(args, spi), echos(args, v6)
    st1 = stats(args)
    pe = st1.get(counter, 0) - st0.get(counter, 0)
    fam = "IPv6" if v6 else "IPv4"
    if accept:
        check(in1 == in0 + 1 and e1 == e0 + 1 and pe == 0,
              "%s %s: accepted and delivered (in_packets +%d, InEchos +%d, "
              "%s +%d)" % (fam, what, in1 - in0, e1 - e0, counter, pe))
    else:
        check(in1 == in0 and e1 == e0 and pe == 1,
              "%s %s: dropped as %s (+%d; in_packets +%d, "
              "InEchos +%d)" % (fam, what, counter, pe, in1 - in0, e1 - e0))


def icmp(v6, load=b"ipsecdp-ah-tamper-test-payload!!"):
    return ICMPv6EchoRequest(id=0x4148, data=load) if v6 else \
        ICMP(id=0x4148) / load


def flip_payload(pkt):
    raw = bytearray(bytes(pkt))
    raw[-5] ^= 0x01
    return pkt.__class__(bytes(raw))


def hbh(mutable_data=b"\x11\x22\x33\x44"):
    # 0x1e: skip if unknown, may not change en route (immutable)
    # 0x3e: skip if unknown, may change en route (mutable)
    return IPv6ExtHdrHopByHop(options=[
        HBHOptUnknown(otype=0x1e, optdata=b"AHIM"),
        HBHOptUnknown(otype=0x3e, optdata=mutable_data)])


def tamper(args):
    snd = Sender(args)
    for v6 in (False, True):
        expect(args, snd, v6, snd.signed(v6, icmp(v6)), True, "untouched")

        expect(args, snd, v6, flip_payload(snd.signed(v6, icmp(v6))), False,
               "payload byte changed")

        p = snd.signed(v6, icmp(v6))
        if v6:
            p[IPv6].src = "fd00::3"
        else:
            p[IP].src = "10.0.0.3"
            del p[IP].chksum
        # a transport SA takes packets from its own source only: dropped
        # before the ICV is even checked
        expect(args, snd, v6, p.__class__(bytes(p)), False,
               "source address changed", "InStateMismatch")

        p = snd.signed(v6, icmp(v6))
        if v6:
            p[IPv6].hlim = 3
        else:
            p[IP].ttl = 3
            del p[IP].chksum
        expect(args, snd, v6, p.__class__(bytes(p)), True,
               "TTL/hop limit changed")

        p = snd.signed(v6, icmp(v6))
        if v6:
            p[IPv6].tc = 0xb8
            p[IPv6].fl = 0x12345
        else:
            p[IP].tos = 0xb8
            del p[IP].chksum
        expect(args, snd, v6, p.__class__(bytes(p)), True,
               "DSCP changed" + (" and flow label set" if v6 else ""))

    # IPv6 hop-by-hop options in front of AH
    p = snd.signed(True, icmp(True), hbh())
    check(bytes(p).find(b"AHIM") > 0, "hop-by-hop header in front of AH")
    expect(args, snd, True, p, True, "with hop-by-hop options")

    p = snd.signed(True, icmp(True), hbh())
    raw = bytearray(bytes(p))
    i = raw.find(b"AHIM")
    raw[i] ^= 0x20
    expect(args, snd, True, IPv6(bytes(raw)), False,
           "immutable hop-by-hop option byte changed")

    p = snd.signed(True, icmp(True), hbh())
    raw = bytearray(bytes(p))
    i = raw.find(b"\x11\x22\x33\x44")
    raw[i:i + 4] = b"\x55\x66\x77\x88"
    expect(args, snd, True, IPv6(bytes(raw)), True,
           "mutable hop-by-hop option changed")


def kat(args):
    snd = Sender(args)
    sniffer = AsyncSniffer(iface=args.iface, store=True,
                           lfilter=lambda p: AH in p)
    sniffer.start()
    time.sleep(0.5)
    for v6 in (False, True):
        p = snd.signed(v6, icmp(v6, b"ipsecdp-ah-known-answer"))
        ahl = (p[AH].payloadlen + 2) * 4
        log("scapy %s AH: %d bytes, ICV %s" % ("IPv6" if v6 else "IPv4",
                                              ahl, bytes(p[AH].icv).hex()))
        expect(args, snd, v6, p, True, "scapy-built echo request")
    time.sleep(1.0)
    pkts = sniffer.stop() or []
    sa_out = {4: make_sa(args, args.spi_out4, args.key_out),
              6: make_sa(args, args.spi_out6, args.key_out)}
    seen = {4: 0, 6: 0}
    for pkt in pkts:
        for v, ipc, src in ((4, IP, A4), (6, IPv6, A6)):
            if ipc not in pkt or pkt[ipc].src != src:
                continue
            ip = pkt[ipc]
            try:
                dec = sa_out[v].decrypt(ip.__class__(bytes(ip)))
            except Exception as e:  # IPSecIntegrityError and others
                check(False, "reply from A (IPv%d, seq %d) verifies: %r"
                      % (v, ip[AH].seq, e))
                continue
            seen[v] += 1
            check(b"ipsecdp-ah-known-answer" in bytes(dec),
                  "reply from A (IPv%d, seq %d, AH %d bytes) verifies with "
                  "scapy and carries the echo data"
                  % (v, ip[AH].seq, (ip[AH].payloadlen + 2) * 4))
    check(seen[4] >= 1 and seen[6] >= 1,
          "AH replies from A captured: IPv4 %d, IPv6 %d" % (seen[4], seen[6]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["tamper", "kat"])
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--ns-a", required=True)
    ap.add_argument("--ipsecctl", required=True)
    ap.add_argument("--alg", default="hmac(sha256)")
    ap.add_argument("--key", required=True)
    ap.add_argument("--spi4", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--spi6", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--key-out")
    ap.add_argument("--spi-out4", type=lambda s: int(s, 0))
    ap.add_argument("--spi-out6", type=lambda s: int(s, 0))
    args = ap.parse_args()
    args.key = args.key[2:] if args.key.startswith("0x") else args.key
    if args.key_out and args.key_out.startswith("0x"):
        args.key_out = args.key_out[2:]
    (tamper if args.cmd == "tamper" else kat)(args)
    log("%d check(s) failed" % failed if failed else "all checks passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
