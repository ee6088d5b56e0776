#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Sequence-number analysis of the ESP or AH packets src -> dst of a capture.

usage: esp_seq.py FILE --src A --dst B [--window W] [--proto esp|ah|espinudp]
Prints, per SPI: packets, duplicates, the deepest reordering (how far
behind the highest sequence number seen so far a packet arrived) and how
many packets an RFC 4303 anti-replay window of W packets must drop given
this arrival order (duplicates + arrivals left of the window). The last
lines are "duplicates N" and "expected_replay_drops N" (all SPIs).
Sequence numbers are the 32 bits on the wire, extended to 64 as ESN
would (a number far below the highest one seen is past a 2^32 wrap).
IPv4 or IPv6.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_esp import esp_packets  # noqa: E402


def esn(prev, low):
    """LOW (32 bits) extended to 64 bits next to PREV, as RFC 4303's
    appendix A infers the high half."""
    hi = prev >> 32
    if low < (prev & 0xFFFFFFFF) and (prev & 0xFFFFFFFF) - low >= 1 << 31:
        hi += 1                 # wrapped past 2^32
    elif low > (prev & 0xFFFFFFFF) and low - (prev & 0xFFFFFFFF) >= 1 << 31 \
            and hi:
        hi -= 1                 # a late packet from before the wrap
    return hi << 32 | low


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--window", type=int, default=32)
    ap.add_argument("--proto", choices=("esp", "ah", "espinudp"),
                    default="esp")
    a = ap.parse_args()
    per = {}
    proto = {"esp": 50, "ah": 51, "espinudp": 17}[a.proto]
    for spi, seq, _, _ in esp_packets(a.file, a.src, a.dst, proto):
        seqs = per.setdefault(spi, [])
        seqs.append(esn(seqs[-1] if seqs else seq, seq))
    total = alldups = 0
    for spi, seqs in sorted(per.items()):
        seen = set()
        top = 0
        dups = late = depth = 0
        for s in seqs:
            if s in seen:
                dups += 1
                continue
            if s < top:
                depth = max(depth, top - s)
                if top - s >= a.window:
                    late += 1
                    continue
            seen.add(s)
            top = max(top, s)
        drops = dups + late
        total += drops
        alldups += dups
        print("spi 0x%08x: %d packets, seq %d..%d, %d duplicates, deepest "
              "reordering %d, %d beyond a %d-packet window" %
              (spi, len(seqs), min(seqs), max(seqs), dups, depth, late,
               a.window))
    print("duplicates %d" % alldups)
    print("expected_replay_drops %d" % total)


if __name__ == "__main__":
    main()
