#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read `ipsecctl -j sa list` (or `sa get`) JSON from stdin.

usage: sajson.py SPI FIELD   print FIELD of the SA with that SPI: a key of
                             its "stats" object (in_packets, out_packets,
                             replay, integrity_failed, ...) or of the SA
sajson.py --count            print the number of SAs
sajson.py --check            validate the JSON (list of objects with spi)
SPI may be decimal or 0x-hex. Exit 1 (message on stderr) if not found.
"""
import json
import sys


def die(msg):
    print("sajson: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    raw = sys.stdin.read()
    try:
        data = json.loads(raw) if raw.strip() else []
    except ValueError as e:
        die("invalid JSON (%s): %r" % (e, raw[:300]))
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        die("not a list of SAs: %r" % raw[:300])
    if sys.argv[1:] == ["--count"]:
        print(len(data))
        return
    if sys.argv[1:] == ["--check"]:
        for sa in data:
            if not isinstance(sa, dict) or "spi" not in sa:
                die("SA without spi: %r" % sa)
        print("%d SAs" % len(data))
        return
    if len(sys.argv) != 3:
        die(__doc__)
    spi = int(sys.argv[1], 0)
    field = sys.argv[2]
    for sa in data:
        s = sa.get("spi")
        if isinstance(s, str):
            s = int(s, 0)
        if s != spi:
            continue
        for src in (sa.get("stats") or {}, sa, sa.get("current") or {}):
            if field in src:
                print(src[field])
                return
        die("SA spi 0x%x has no field %s: %r" % (spi, field, sa))
    die("no SA with spi 0x%x in %r" % (spi, raw[:300]))


if __name__ == "__main__":
    main()
