#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send authentic transport-mode ESP (rfc4106(gcm(aes)), ICV 128) built
here, not by a kernel, through a raw socket of the current netns (which
must have no IPsec policy of its own towards DST).

usage: esp_craft.py --src B --dst A --spi SPI --key HEX --seq N
                    [--count N] [--port 9999] [--bad-pad]
  Sends COUNT UDP datagrams SRC -> DST:PORT, sequence numbers SEQ,
  SEQ+1, ... With --bad-pad each one's padding bytes are 0, 0, 0 instead
  of 1, 2, 3 (RFC 4303 2.4): the ICV is right, the trailer is not.
  KEY is the SA's key: 16 key bytes and 4 salt bytes, hex (0x optional).
  The packets are built by selftests/fuzz/hostile_esp.py's Esp class.
"""
import argparse
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "fuzz"))
import hostile_esp  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--spi", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--seq", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--port", type=int, default=9999)
    ap.add_argument("--bad-pad", action="store_true")
    a = ap.parse_args()
    hostile_esp.load_libs()
    key = bytes.fromhex(a.key[2:] if a.key.startswith("0x") else a.key)
    e = hostile_esp.Esp(a.spi, key, a.src, a.dst, a.port)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 50)
    for i in range(a.count):
        seq = a.seq + i
        if a.bad_pad:
            pkt = e.esp_aligned(seq, b"\x00\x00\x00")
        else:
            pkt = e.esp(seq, e.udp("crafted-%d" % seq))
        s.sendto(pkt, (a.dst, 0))
    print("sent %d %sESP packet(s) spi 0x%08x seq %d.. to %s" % (
        a.count, "bad-pad " if a.bad_pad else "", a.spi, a.seq, a.dst))


if __name__ == "__main__":
    main()
