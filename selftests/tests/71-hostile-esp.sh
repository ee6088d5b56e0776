#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# debug: gate
# Hostile ESP: A (ipsecdp) holds an inbound SA spi 0x1000, rfc4106(gcm(aes))
# with a 128-bit key, ICV 128, replay window 64, from B, and an in policy
# requiring ESP from B. B sends ~60 crafted packets as Ethernet frames to
# A's MAC (selftests/fuzz/hostile_esp.py; AF_PACKET, so that B's stack does
# not reassemble or refuse the fragments): truncated at every header boundary,
# misaligned, short ICVs, forged ICVs, authenticated packets (real RFC 4106
# ESP built with the cryptography package) with malformed trailers (pad
# length beyond the payload, non-monotonic padding), odd next headers,
# unknown/zero SPIs, replays and sequence numbers left of the window,
# IPv4 options, 64 KiB packets in fragments, overlapping/short/duplicate
# fragments, ESP nested in ESP. For each case the counters of A before and
# after must differ exactly as expected (InHdrError for malformed lengths,
# InNoStates for unknown SPIs, InStateProtoError for bad ICVs and for
# malformed trailers of authentic packets, where XFRM counts a bad pad
# length, InStateSeqError for replays), and the UDP listener in A must get
# exactly the datagrams of the authentic well-formed packets, the last one
# proving the SA still works; the SA's replay/in_packets counters must
# equal the namespace's InStateSeqError/InPackets, its integrity_failed
# the number of ICV failures (not the malformed trailers).
# HOSTILE_DEEP=N: the nesting case uses N levels (default 100, 0: no such case;
# the module must drop it at its nesting limit and count it once),
# HOSTILE_ONLY=3,17,... runs only those cases.
# ESP in UDP (RFC 3948): A also holds SA 0x1002 with "encap espinudp 4500
# 4500" and the same key; on its port: truncated or short UDP length,
# empty datagram, marker only, 1-3 bytes, bad checksum (and zero over
# IPv6) are InEncapError, a NAT-keepalive InEncapKeepalive, IKE and other
# ports cleartext for the in policy; ESP in UDP for SA 0x1000 and bare
# ESP for 0x1002 are InStateMismatch; authentic ESP in UDP is delivered.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"
. "$(dirname "$0")/../lib/hostile.sh"

need_ipsecctl
"$PY" -c 'import scapy, cryptography' 2>/dev/null || ksft_skip "python3 scapy/cryptography not available"

topo_setup
for ns in "$NS_A" "$NS_B"; do	# no IPv6 chatter on the link: only our packets
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1
done
# B sends Ethernet frames straight to A's MAC
mac_a=$(ip -n "$NS_A" -o link show "$IF_A" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
[ -n "$mac_a" ] || ksft_fail "no MAC address on $IF_A"
KEY=$(rand_key 20)
SPI=0x1000
PORT=9999

ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi $SPI mode transport \
	aead "$GCM" "$KEY" 128 replay-window 64
# the same key in UDP (RFC 3948): the ESP in UDP cases
ENC_SPI=0x1002
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi $ENC_SPI mode transport \
	aead "$GCM" "$KEY" 128 replay-window 64 encap espinudp 4500 4500 0.0.0.0
ctl_ok "$NS_A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
	tmpl proto esp mode transport
dmesg_mark

hostile_esp_run "ESP" "$IP_B" "$IP_A"
