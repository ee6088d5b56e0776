#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Sequence-number analysis of the ESP packets src -> dst of a capture.

usage: esp_seq.py FILE --src A --dst B [--window W]
Prints, per SPI: packets, duplicates, the deepest reordering (how far
behind the highest sequence number seen so far a packet arrived) and how
many packets an RFC 4303 anti-replay window of W packets must drop given
this arrival order (duplicates + arrivals left of the window). The last
lines are "duplicates N" and "expected_replay_drops N" (all SPIs).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_esp import esp_packets  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--window", type=int, default=32)
    a = ap.parse_args()
    per = {}
    for spi, seq, _, _ in esp_packets(a.file, a.src, a.dst):
        per.setdefault(spi, []).append(seq)
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
