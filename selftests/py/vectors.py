#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Known-answer test of the ipsecdp ESP receive path (AES-GCM, RFC 4106).

Feeds the published ESP vectors of esp-published.json to namespace A (the
ipsecdp host, 10.0.0.1) from namespace B (10.0.0.2) and checks, per vector:

  1. the vector with one ciphertext byte flipped is dropped and counted as
     InStateProtoError (+1), nothing is delivered;
  2. the genuine vector is decrypted: a raw socket of protocol next_header
     in A receives an IPv4 packet 10.0.0.2 -> 10.0.0.1, protocol
     next_header, whose payload is exactly the ESP payload data (the
     plaintext without padding, pad length and next header), with a valid
     header checksum; InPackets grows by one.

Transport mode: the packet's payload is "SPI||seq_lo||IV||ciphertext||ICV"
(protected_scope esp_payload), sent as IP protocol 50 from B.

usage: vectors.py --json FILE --ns-a NSA --ns-b NSB [--ipsecctl PATH]
                  [--only ID] [--list]
Prints TAP-comment lines ("# ...") per vector; exit 0 when all pass,
1 when any fails, 4 when there is no applicable vector.
"""
import argparse
import json
import select
import shlex
import socket
import struct
import subprocess
import sys
import time

from nsutil import csum, log, socket_in_ns

ADDR_A = "10.0.0.1"
ADDR_B = "10.0.0.2"
ALG = "rfc4106(gcm(aes))"
POLL_S = 10.0

def applicable(v):
    return (v.get("aead_or_alg") == ALG and
            v.get("protected_scope") == "esp_payload" and
            v.get("protocol", "esp") == "esp")


def payload_data(v):
    """ESP payload data: plaintext less padding, pad length, next header."""
    pt = bytes.fromhex(v["esp_plaintext_hex"])
    trailer = v["pad_len"] + 2
    assert len(pt) >= trailer, v["id"]
    data = pt[:len(pt) - trailer]
    # Self-check of our reading of the JSON: the trailer bytes are
    # [pad...][pad_len][next_header], and inner_plaintext_hex (when it is
    # the transport payload) is the same data.
    assert pt[-1] == v["next_header"], v["id"]
    assert pt[-2] == v["pad_len"], v["id"]
    if v.get("inner_scope") == "transport_payload":
        assert data == bytes.fromhex(v["inner_plaintext_hex"]), v["id"]
    return data


def tampered(prot):
    """Flip one bit of the first ciphertext byte (after SPI, seq, IV)."""
    b = bytearray(prot)
    off = 16 if len(b) > 16 + 16 else len(b) // 2
    b[off] ^= 0x01
    return bytes(b)


class Runner:
    def __init__(self, args):
        self.a = args.ns_a
        self.b = args.ns_b
        self.ctl = args.ipsecctl
        self.xfrm = args.backend == "xfrm"

    def ctl_a(self, words, check=True):
        cmd = ["ip", "netns", "exec", self.a, self.ctl] + words
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("%s -> exit %d: %s" %
                               (" ".join(shlex.quote(w) for w in words),
                                p.returncode, p.stdout.strip()))
        return p

    def ns_a(self, cmd):
        return subprocess.run(["ip", "netns", "exec", self.a] + cmd,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)

    def xfrm_stats(self):
        st = {}
        for line in self.ns_a(["cat", "/proc/net/xfrm_stat"]).stdout \
                .splitlines():
            f = line.split()
            if len(f) == 2 and f[0].startswith("Xfrm"):
                st[f[0][4:]] = int(f[1])
        out = self.ns_a(["ip", "-s", "xfrm", "state"]).stdout
        st["InPackets"] = 0
        for line in out.splitlines():
            if "(packets)" in line and "(bytes)" in line:
                st["InPackets"] += int(line.split(",")[-1].split("(")[0])
        return st

    def stats(self):
        if self.xfrm:
            return self.xfrm_stats()
        out = self.ctl_a(["stats"]).stdout
        st = {}
        for line in out.splitlines():
            f = line.split()
            if len(f) == 2 and f[1].isdigit():
                st[f[0]] = int(f[1])
        for k in ("InPackets", "InStateProtoError"):
            if k not in st:
                raise RuntimeError("ipsecctl stats has no %s: %r" % (k, out))
        return st

    def wait_stat(self, name, want):
        end = time.time() + POLL_S
        while True:
            got = self.stats()[name]
            if got >= want or time.time() > end:
                return got
            time.sleep(0.1)

    def drain(self, rx):
        while select.select([rx], [], [], 0)[0]:
            rx.recv(65535)

    def recv_match(self, rx, timeout):
        """Packets from B to A received by rx within timeout."""
        got = []
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0:
                return got
            if not select.select([rx], [], [], left)[0]:
                return got
            pkt = rx.recv(65535)
            if len(pkt) < 20:
                continue
            if (socket.inet_ntoa(pkt[12:16]) == ADDR_B and
                    socket.inet_ntoa(pkt[16:20]) == ADDR_A):
                got.append(pkt)
                return got

    def sa_add(self, v):
        seq = v["seq"]
        if self.xfrm:
            # reference backend: the kernel's own XFRM (harness check)
            words = ["ip", "xfrm", "state", "add", "src", ADDR_B,
                     "dst", ADDR_A, "proto", "esp", "spi", str(v["spi"]),
                     "mode", "transport", "aead", ALG, "0x" + v["key_hex"],
                     str(v["icv_bits"]), "replay-window", "64",
                     "replay-seq", str(max(seq - 1, 0) & 0xFFFFFFFF)]
            if v["esn"]:
                words += ["flag", "esn", "replay-seq-hi",
                          str(max(seq - 1, 0) >> 32)]
            return words
        words = ["sa", "add", "src", ADDR_B, "dst", ADDR_A, "proto", "esp",
                 "spi", str(v["spi"]), "mode", "transport",
                 "aead", ALG, "0x" + v["key_hex"], str(v["icv_bits"]),
                 "replay-window", "64"]
        if v["esn"]:
            words += ["flag", "esn"]
        # Highest sequence number "already seen": the vector's seq - 1, so
        # that the vector is the next expected packet (and, with ESN, the
        # high 32 bits are inferred from it).
        words += ["replay-seq", str(max(seq - 1, 0))]
        return words

    def check_delivery(self, v, got, want):
        vid = v["id"]
        nh = v["next_header"]
        ok = True
        pkt = got[0]
        ihl = (pkt[0] & 0x0F) * 4
        tot = struct.unpack("!H", pkt[2:4])[0]
        body = pkt[ihl:]
        if pkt[9] != nh:
            log("FAIL %s: delivered protocol %d, want %d" % (vid, pkt[9], nh))
            ok = False
        if tot != len(pkt) or tot != ihl + len(want):
            log("FAIL %s: IPv4 total length %d, received %d bytes, "
                "want %d" % (vid, tot, len(pkt), ihl + len(want)))
            ok = False
        if csum(pkt[:ihl]) != 0:
            log("FAIL %s: IPv4 header checksum of the decrypted packet "
                "is wrong (header %s)" % (vid, pkt[:ihl].hex()))
            ok = False
        if body != want:
            log("FAIL %s: payload mismatch\n  got  %s\n  want %s" %
                (vid, body.hex(), want.hex()))
            ok = False
        return ok

    def one(self, v, tx, rx):
        vid = v["id"]
        spi = v["spi"]
        prot = bytes.fromhex(v["protected_hex"])
        want = payload_data(v)
        nh = v["next_header"]
        log("--- %s: spi 0x%08x seq %d%s key %d bytes, %d-byte payload" %
            (vid, spi, v["seq"], " (ESN)" if v["esn"] else "",
             len(bytes.fromhex(v["key_hex"])), len(want)))
        words = self.sa_add(v)
        if self.xfrm:
            self.ns_a(["ip", "xfrm", "state", "flush"])
            log(" ".join(shlex.quote(w) for w in words))
            p = self.ns_a(words)
        else:
            self.ctl_a(["sa", "flush"])
            log("ipsecctl " + " ".join(shlex.quote(w) for w in words))
            p = self.ctl_a(words, check=False)
        if p.returncode != 0:
            if spi == 0:
                # RFC 4303 2.1: SPI 0 is reserved; refusing it is correct.
                log("SKIP %s: SA with reserved SPI 0 refused (%s)" %
                    (vid, p.stdout.strip()))
                return "skip"
            log("FAIL %s: sa add refused: %s" % (vid, p.stdout.strip()))
            return "fail"

        ok = True
        s0 = self.stats()
        if spi == 0:
            # Reserved SPI accepted: like XFRM, the receiver may still
            # treat ESP with SPI 0 as "no SA". Decrypting it is fine too.
            self.drain(rx)
            tx.sendto(prot, (ADDR_A, 0))
            got = self.recv_match(rx, 2.0)
            s1 = self.stats()
            if not got and s1.get("InNoStates", 0) == \
                    s0.get("InNoStates", 0) + 1:
                log("SKIP %s: SA with reserved SPI 0 accepted, ESP with "
                    "SPI 0 counted InNoStates (as XFRM does)" % vid)
                return "skip"
            s0 = s1
            if got:
                return self.check_delivery(v, got, want) and "pass" or "fail"
        # 1. tampered ciphertext: dropped, InStateProtoError +1
        self.drain(rx)
        tx.sendto(tampered(prot), (ADDR_A, 0))
        perr = self.wait_stat("InStateProtoError",
                              s0["InStateProtoError"] + 1)
        leak = self.recv_match(rx, 0.3)
        s1 = self.stats()
        if perr != s0["InStateProtoError"] + 1:
            log("FAIL %s: tampered packet: InStateProtoError %d -> %d "
                "(want +1)" % (vid, s0["InStateProtoError"], perr))
            ok = False
        if s1["InPackets"] != s0["InPackets"]:
            log("FAIL %s: tampered packet counted as InPackets (%d -> %d)" %
                (vid, s0["InPackets"], s1["InPackets"]))
            ok = False
        if leak:
            log("FAIL %s: tampered packet was delivered: %s" %
                (vid, leak[0].hex()))
            ok = False

        # 2. genuine vector: delivered with the exact payload
        self.drain(rx)
        tx.sendto(prot, (ADDR_A, 0))
        got = self.recv_match(rx, POLL_S) if want or nh != 1 else []
        inp = self.wait_stat("InPackets", s1["InPackets"] + 1)
        s2 = self.stats()
        if (not want and inp == s1["InPackets"] and
                s2["InStateProtoError"] == s1["InStateProtoError"] + 1 and
                all(s2[k] == s1.get(k, 0) for k in s2
                    if k.startswith("In") and k != "InStateProtoError")):
            # Linux XFRM (esp_remove_trailer) drops an ESP packet without
            # payload data as garbage; accept the same choice here.
            log("%s: empty payload dropped as InStateProtoError (as "
                "Linux XFRM does); sequence number accepted" % vid)
            return "pass"
        if inp != s1["InPackets"] + 1:
            log("FAIL %s: InPackets %d -> %d (want +1); errors: %s" %
                (vid, s1["InPackets"], inp,
                 {k: s2[k] - s1.get(k, 0) for k in s2
                  if k.startswith("In") and s2[k] != s1.get(k, 0)}))
            ok = False
        if s2["InStateProtoError"] != s1["InStateProtoError"]:
            log("FAIL %s: genuine vector counted InStateProtoError" % vid)
            ok = False
        if not want and nh == 1:
            # An ICMP raw socket ignores packets shorter than an ICMP
            # header, so an empty payload can only be seen in the counters.
            log("%s: empty payload: checked by counters only" % vid)
        elif not got:
            log("FAIL %s: nothing delivered to a raw socket of protocol %d"
                % (vid, nh))
            ok = False
        elif not self.check_delivery(v, got, want):
            ok = False
        if ok:
            log("ok %s: tampered copy dropped (InStateProtoError +1), "
                "plaintext delivered exactly (%d bytes)" % (vid, len(want)))
        return "pass" if ok else "fail"


def selfcheck(vecs):
    """Our expectations against an independent AES-GCM implementation."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.exceptions import InvalidTag
    bad = 0
    for v in vecs:
        key = bytes.fromhex(v["key_hex"])
        prot = bytes.fromhex(v["protected_hex"])
        icv = v["icv_bits"] // 8
        spi, seq_lo = struct.unpack("!II", prot[:8])
        seq = v["seq"]
        assert spi == v["spi"] and seq_lo == seq & 0xFFFFFFFF, v["id"]
        aad = prot[:4] + (struct.pack("!II", seq >> 32, seq_lo)
                          if v["esn"] else prot[4:8])
        g = AESGCM(key[:-4])
        pt = g.decrypt(key[-4:] + prot[8:16], prot[16:], aad)
        ok = pt == bytes.fromhex(v["esp_plaintext_hex"])
        try:
            t = tampered(prot)
            g.decrypt(key[-4:] + t[8:16], t[16:], aad)
            ok = False      # the tampered copy must not authenticate
        except InvalidTag:
            pass
        log("%s %s (icv %d bytes, payload %d bytes)" %
            ("ok" if ok else "FAIL", v["id"], icv, len(payload_data(v))))
        bad += not ok
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", required=True)
    ap.add_argument("--ns-a")
    ap.add_argument("--ns-b")
    ap.add_argument("--ipsecctl", default="ipsecctl")
    ap.add_argument("--only", action="append")
    ap.add_argument("--backend", choices=("ipsecdp", "xfrm"),
                    default="ipsecdp",
                    help="xfrm: configure the kernel's XFRM instead (to "
                    "check this harness against a reference)")
    ap.add_argument("--list", action="store_true",
                    help="only check the JSON and list the vectors")
    ap.add_argument("--selfcheck", action="store_true",
                    help="decrypt every vector with python-cryptography "
                    "(checks the test's own expectations, no kernel)")
    args = ap.parse_args()

    with open(args.json) as f:
        vecs = [v for v in json.load(f) if applicable(v)]
    if args.only:
        vecs = [v for v in vecs if v["id"] in args.only]
    if not vecs:
        log("no applicable vector")
        return 4
    for v in vecs:
        payload_data(v)     # asserts our reading of every vector
    if args.selfcheck:
        return selfcheck(vecs)
    if args.list:
        for v in vecs:
            log("%s spi %d seq %d esn %s payload %d bytes" %
                (v["id"], v["spi"], v["seq"], v["esn"],
                 len(payload_data(v))))
        return 0

    r = Runner(args)
    nhs = sorted({v["next_header"] for v in vecs})
    rxs = {nh: socket_in_ns(args.ns_a, socket.AF_INET, socket.SOCK_RAW, nh)
           for nh in nhs}
    tx = socket_in_ns(args.ns_b, socket.AF_INET, socket.SOCK_RAW, 50)
    res = {}
    for v in vecs:
        try:
            res[v["id"]] = r.one(v, tx, rxs[v["next_header"]])
        except Exception as e:  # keep going, report as failure
            log("FAIL %s: %s" % (v["id"], e))
            res[v["id"]] = "fail"
    if r.xfrm:
        r.ns_a(["ip", "xfrm", "state", "flush"])
    else:
        r.ctl_a(["sa", "flush"], check=False)
    n = {k: sum(1 for x in res.values() if x == k)
         for k in ("pass", "fail", "skip")}
    log("vectors: %d passed, %d failed, %d skipped (of %d)" %
        (n["pass"], n["fail"], n["skip"], len(vecs)))
    for k, x in res.items():
        if x == "fail":
            log("failed: " + k)
    if n["fail"]:
        return 1
    if not n["pass"]:
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
