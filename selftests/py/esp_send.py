#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made ESP packets (IP protocol 50) from the current netns.

usage: esp_send.py DST SPI [--seq N] [--len BYTES] [--count N] [--hex HEX]
  Sends COUNT packets SPI||seq||payload to DST, where payload is BYTES of
  0xa5 (looks like IV + ciphertext + ICV, which no SA will authenticate) or
  the given HEX. seq increments per packet. SPI/seq accept 0x-hex.
"""
import argparse
import socket
import struct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dst")
    ap.add_argument("spi", type=lambda s: int(s, 0))
    ap.add_argument("--seq", type=lambda s: int(s, 0), default=1)
    ap.add_argument("--len", type=int, default=48)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--hex")
    a = ap.parse_args()
    payload = bytes.fromhex(a.hex) if a.hex else b"\xa5" * a.len
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 50)
    for i in range(a.count):
        pkt = struct.pack("!II", a.spi, (a.seq + i) & 0xFFFFFFFF) + payload
        s.sendto(pkt, (a.dst, 0))
    print("sent %d ESP packet(s) spi 0x%08x to %s" % (a.count, a.spi, a.dst))


if __name__ == "__main__":
    main()
