#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Anti-replay window of the ipsecdp receive path (RFC 4303 3.4.3 and
Appendix A), with hand-made AES-GCM ESP packets (RFC 4106).

Namespace B (10.0.0.2) sends transport-mode ESP carrying UDP to namespace A
(10.0.0.1), where ipsecdp has one inbound SA (no policy needed) and a UDP
socket listens. Packets are built here with python-cryptography:

  ESP  = SPI || seq_lo || IV(8) || AES-GCM(key, salt||IV, plaintext, AAD)
  AAD  = SPI || seq_lo            (SPI || seq_hi || seq_lo with ESN)
  plaintext = UDP header+payload || 1, 2, ... pad || pad length || 17

so each packet authenticates only with the full 64-bit sequence number
the sender meant. Every step states what RFC 4303 requires of it:

  accept  delivered to the UDP socket exactly once, InPackets +1,
          InStateSeqError and InStateProtoError unchanged
  replay  dropped before decryption as a duplicate or left of the window:
          InStateSeqError +1, nothing delivered, InPackets unchanged
  icv     (ESN only) a packet the sender numbered left of the window,
          which the receiver - inferring seq_hi per Appendix A - takes for
          one 2^32 ahead: its ICV fails, InStateProtoError +1, nothing
          delivered

usage: vec_replay.py --ns-a NSA --ns-b NSB [--ipsecctl PATH]
                     [--scenario NAME ...] [--list]
Prints TAP comments, one "ok"/"FAIL" line per step; exit 0 if all pass.
"""
import argparse
import json
import os
import re
import select
import socket
import struct
import subprocess
import sys
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from nsutil import csum, log, socket_in_ns

ADDR_A = "10.0.0.1"
ADDR_B = "10.0.0.2"
PORT = 4789
ALG = "rfc4106(gcm(aes))"
E32 = 1 << 32

def udp(src, dst, sport, dport, payload):
    ln = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, ln, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + \
        struct.pack("!BBH", 0, 17, ln)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    return struct.pack("!HHHH", sport, dport, ln, c) + payload


def esp_gcm(key, spi, seq, esn, data, nh):
    """ESP packet (SPI .. ICV) for the full 64-bit sequence number seq."""
    pad = (-(len(data) + 2)) % 4
    pt = data + bytes(range(1, pad + 1)) + bytes([pad, nh])
    iv = struct.pack("!Q", seq)
    lo = seq & 0xFFFFFFFF
    aad = struct.pack("!II", spi, lo) if not esn else \
        struct.pack("!III", spi, seq >> 32, lo)
    ct = AESGCM(key[:-4]).encrypt(key[-4:] + iv, pt, aad)
    return struct.pack("!II", spi, lo) + iv + ct


def steps(table):
    """[(seq, expect, why), ...] from a table, one step per line: SEQ
    EXPECT WHY, SEQ a number (0x.. hex) or [N*]E32[+-M] (E32 = 2^32); a
    line indented deeper goes on with the WHY before it; lines starting
    with # are comments"""
    out = []
    for raw in table.strip("\n").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if out and raw.startswith(" " * 12):
            seq, expect, why = out.pop()
            out.append((seq, expect, why + " " + line))
            continue
        seq, expect, why = line.split(None, 2)
        m = re.fullmatch(r"(?:(\d+)\*)?E32(?:([+-]\d+))?", seq)
        if m:
            seq = int(m.group(1) or 1) * E32 + int(m.group(2) or 0)
        else:
            seq = int(seq, 0)
        if expect not in ("accept", "replay", "icv"):
            raise ValueError("step %r: expect accept, replay or icv" % line)
        out.append((seq, expect, why))
    return out


# name: (window, esn, replay-seq or None, steps)
SCENARIOS = {
    "w32": (32, False, None, steps("""
        1 accept first packet
        2 accept in order
        3 accept in order
        2 replay duplicate inside the window
        40 accept jump ahead: window now 9..40
        8 replay left of the window (40 - 32)
        9 accept oldest number inside the window, not seen yet
        9 replay duplicate of the oldest
        39 accept out of order inside the window
        39 replay duplicate of an out-of-order packet
        40 replay duplicate of the highest
        0 replay sequence number 0 (never sent; left of the window)
        41 accept window slides to 10..41
        9 replay just fell out of the window
        10 accept now the oldest inside the window
    """)),
    "w4096": (4096, False, None, steps("""
        1 accept first packet
        5001 accept jump of 5000: window now 906..5001
        905 replay left of the window (5001 - 4096)
        1 replay old and seen
        906 accept oldest number inside the window
        906 replay duplicate of the oldest
        5000 accept out of order inside the window
        5000 replay duplicate
        3000 accept out of order, mid-window
        5001 replay duplicate of the highest
    """)),
    "esn": (32, True, 0xFFFFFFF0, steps("""
        0xFFFFFFF5 accept ahead of replay-seq 0xfffffff0
        E32+3 accept seq_lo 3 crosses 2^32: means 2^32+3
        0xFFFFFFF8 accept seq_lo 0xfffffff8 with window 2^32-28..2^32+3: still
            inside, seq_hi 0 inferred
        0xFFFFFFF8 replay duplicate across the boundary
        0xFFFFFFF5 replay duplicate (below 2^32)
        E32+3 replay duplicate of the highest (above 2^32)
        E32+1 accept out of order above 2^32
        E32-28 accept oldest number inside the window (seq_lo 0xffffffe4)
        E32-28 replay duplicate of the oldest
        E32-29 icv left of the window: seq_lo 0xffffffe3 is inferred as 2^33-29
            (Appendix A), ICV fails
        2*E32-29 accept the same seq_lo meant as 2^33-29: accepted (jump ahead)
        2*E32-29 replay duplicate after the jump
        # highest now 2^33-29 (Th 1, Tl 0xffffffe3, window bottom
        # 0xffffffc4, case A): seq_lo 3 is below the bottom, so Appendix A
        # infers Seqh = Th + 1: 2^33+3, not what the sender meant
        E32+3 icv long past: seq_lo 3 now inferred as 2^33+3 (Appendix A), ICV
            fails
    """)),
}


class Runner:
    def __init__(self, a):
        self.a = a.ns_a
        self.b = a.ns_b
        self.ctl = a.ipsecctl
        self.rx = socket_in_ns(self.a, socket.AF_INET, socket.SOCK_DGRAM)
        self.rx.bind((ADDR_A, PORT))
        self.tx = socket_in_ns(self.b, socket.AF_INET, socket.SOCK_RAW, 50)

    def ipsecctl(self, *words, check=True):
        p = subprocess.run(["ip", "netns", "exec", self.a, self.ctl] +
                           list(words), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if check and p.returncode:
            raise RuntimeError("ipsecctl %s: %s" % (" ".join(words),
                                                    p.stdout.strip()))
        return p.stdout

    def stats(self):
        st = {}
        for line in self.ipsecctl("stats").splitlines():
            f = line.split()
            if len(f) == 2 and f[1].isdigit():
                st[f[0]] = int(f[1])
        return st

    def sa_stats(self, spi):
        for sa in json.loads(self.ipsecctl("-j", "sa", "list") or "[]"):
            s = sa.get("spi")
            if (int(s, 0) if isinstance(s, str) else s) == spi:
                return sa.get("stats") or {}
        return {}

    def drain(self):
        while select.select([self.rx], [], [], 0)[0]:
            self.rx.recv(65535)

    def recv(self, timeout):
        if select.select([self.rx], [], [], timeout)[0]:
            return self.rx.recv(65535)
        return None

    def wait_change(self, s0, names, timeout=3.0):
        end = time.time() + timeout
        while True:
            s = self.stats()
            if any(s.get(n, 0) != s0.get(n, 0) for n in names) or \
                    time.time() > end:
                return s
            time.sleep(0.05)

    def step(self, key, spi, esn, seq, expect, why):
        payload = ("replay-test spi %08x seq %016x" % (spi, seq)).encode()
        pkt = esp_gcm(key, spi, seq, esn, udp(ADDR_B, ADDR_A, 4000, PORT,
                                               payload), 17)
        self.drain()
        s0 = self.stats()
        self.tx.sendto(pkt, (ADDR_A, 0))
        if expect == "accept":
            got = self.recv(3.0)
            s = self.wait_change(s0, ["InPackets"], 1.0)
        else:
            s = self.wait_change(s0, ["InStateSeqError",
                                      "InStateProtoError", "InPackets"])
            got = self.recv(0.3)
            s = self.stats()
        d = {k: s[k] - s0.get(k, 0) for k in s
             if k.startswith("In") and s[k] != s0.get(k, 0)}
        want = {"accept": {"InPackets": 1, "InBytes": d.get("InBytes", 0)},
                "replay": {"InStateSeqError": 1},
                "icv": {"InStateProtoError": 1}}[expect]
        if "InBytes" in want and not want["InBytes"]:
            del want["InBytes"]
        errs = []
        if d != want:
            errs.append("counters moved %s, want %s" % (d, want))
        if expect == "accept" and got != payload:
            errs.append("UDP socket got %r" % (got,) if got is not None
                        else "nothing delivered to the UDP socket")
        if expect != "accept" and got is not None:
            errs.append("delivered anyway: %r" % got)
        lo = seq & 0xFFFFFFFF
        desc = "seq %#x%s %s (%s)" % (
            seq, " (seq_lo %#x)" % lo if esn and seq >= E32 else "",
            expect, why)
        log("%s %s%s" % ("FAIL" if errs else "ok", desc,
                         ": " + "; ".join(errs) if errs else ""))
        return not errs

    def scenario(self, name, spi):
        w, esn, rseq, steps = SCENARIOS[name]
        key = os.urandom(20)
        words = ["sa", "add", "src", ADDR_B, "dst", ADDR_A, "proto", "esp",
                 "spi", str(spi), "mode", "transport", "aead", ALG,
                 "0x" + key.hex(), "128", "replay-window", str(w)]
        if esn:
            words += ["flag", "esn"]
        if rseq is not None:
            words += ["replay-seq", str(rseq)]
        log("=== %s: window %d%s%s" % (name, w, ", ESN" if esn else "",
                                      ", replay-seq %#x" % rseq
                                      if rseq is not None else ""))
        self.ipsecctl("sa", "flush", check=False)
        log("ipsecctl " + " ".join(words[:14] + ["0x<key>"] + words[15:]))
        self.ipsecctl(*words)
        ok = True
        for seq, expect, why in steps:
            ok &= self.step(key, spi, esn, seq, expect, why)
        st = self.sa_stats(spi)
        nacc = sum(1 for s in steps if s[1] == "accept")
        nrep = sum(1 for s in steps if s[1] == "replay")
        nicv = sum(1 for s in steps if s[1] == "icv")
        want = {"in_packets": nacc, "replay": nrep, "integrity_failed": nicv}
        got = {k: st.get(k) for k in want}
        if got != want:
            log("FAIL %s: per-SA stats %s, want %s" % (name, got, want))
            ok = False
        else:
            log("ok %s: per-SA stats %s" % (name, got))
        self.ipsecctl("sa", "flush", check=False)
        return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ns-a")
    ap.add_argument("--ns-b")
    ap.add_argument("--ipsecctl", default="ipsecctl")
    ap.add_argument("--scenario", action="append")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    names = a.scenario or list(SCENARIOS)
    if a.list:
        for n in names:
            for s in SCENARIOS[n][3]:
                print(n, hex(s[0]), s[1], s[2])
        return 0
    r = Runner(a)
    failed = [n for i, n in enumerate(names)
              if not r.scenario(n, 0x7000 + i)]
    log("scenarios: %d, failed: %s" % (len(names), " ".join(failed) or
                                        "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
