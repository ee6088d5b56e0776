#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send correctly encrypted transport-mode ESP (AES-GCM, rfc4106) carrying
a UDP datagram whose IP header the caller chooses, built by scapy's own
ESP implementation (independent of the module).

usage: esp_inner.py --src A --dst B --spi SPI --key 0xKEYSALT --seq N
                    --dport P --payload TEXT [--count N]
The key is the Linux form: AES key followed by the 4-byte salt; ICV 16.
"""
import argparse
import logging
import socket

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, UDP, Raw  # noqa: E402
from scapy.layers.ipsec import SecurityAssociation, ESP  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--spi", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--seq", type=lambda s: int(s, 0), default=1)
    ap.add_argument("--dport", type=int, default=7777)
    ap.add_argument("--payload", default="ipsecdp")
    ap.add_argument("--count", type=int, default=1)
    a = ap.parse_args()
    key = bytes.fromhex(a.key[2:] if a.key.startswith("0x") else a.key)
    sa = SecurityAssociation(ESP, spi=a.spi, crypt_algo="AES-GCM",
                             crypt_key=key, auth_algo="NULL")
    # a raw socket, not scapy's send(): the host's routing decides
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for i in range(a.count):
        inner = (IP(src=a.src, dst=a.dst) /
                 UDP(sport=40000, dport=a.dport) /
                 Raw(("%s\n" % a.payload).encode()))
        pkt = sa.encrypt(inner, seq_num=a.seq + i)
        s.sendto(bytes(pkt), (a.dst, 0))
    print("sent %d ESP packet(s) spi 0x%08x %s -> %s seq %d.."
          % (a.count, a.spi, a.src, a.dst, a.seq))


if __name__ == "__main__":
    main()
