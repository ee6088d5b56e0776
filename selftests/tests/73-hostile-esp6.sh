#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: extended
# Hostile ESP over IPv6: the cases of 71-hostile-esp.sh (same script,
# selftests/fuzz/hostile_esp.py, with IPv6 addresses): A (fd00::1, ipsecdp)
# holds an inbound SA spi 0x1000 rfc4106(gcm(aes)) 128-bit key, ICV 128,
# replay window 64 from B (fd00::2); B sends truncated, misaligned,
# forged, authentic-but-malformed, replayed packets, packets behind
# hop-by-hop/destination options headers, 64 KiB packets in fragments and
# bad fragments, as Ethernet frames so that A's reassembly, not B's, meets
# them; each must move exactly the expected counter, and only the
# authentic well-formed UDP datagrams reach the listener in A. The module
# must accept the IPv6 SA: a refusal fails the test.
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
IP6_A=fd00::1
IP6_B=fd00::2
_addrs "$NS_A" "$IF_A" "$IP6_A/64"
_addrs "$NS_B" "$IF_B" "$IP6_B/64"
wait_for -t 10 in_ns "$NS_B" ping -6 -c1 -W1 "$IP6_A" ||
	ksft_fail "no IPv6 connectivity between the namespaces"
# B sends Ethernet frames to A's MAC (AF_PACKET: B's own nf_defrag_ipv6,
# which ipsecdp enables in every netns, would reassemble and refragment
# the fragments and refuse the bad ones); no neighbour discovery afterwards
mac_a=$(ip -n "$NS_A" -o link show "$IF_A" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
[ -n "$mac_a" ] || ksft_fail "no MAC address on $IF_A"
ip -n "$NS_B" -6 neigh replace "$IP6_A" lladdr "$mac_a" dev "$IF_B" nud permanent
KEY=$(rand_key 20)
SPI=0x1000
PORT=9999

ctl_ok "$NS_A" sa add src "$IP6_B" dst "$IP6_A" proto esp spi $SPI mode transport \
	aead "$GCM" "$KEY" 128 replay-window 64
# the same key in UDP (RFC 3948): the ESP in UDP cases
ENC_SPI=0x1002
ctl_ok "$NS_A" sa add src "$IP6_B" dst "$IP6_A" proto esp spi $ENC_SPI mode transport \
	aead "$GCM" "$KEY" 128 replay-window 64 encap espinudp 4500 4500 ::
# only UDP needs ESP: neighbour discovery stays in clear
ctl_ok "$NS_A" policy add src "$IP6_B/128" dst "$IP6_A/128" proto udp dir in \
	tmpl proto esp mode transport
dmesg_mark

hostile_esp_run "IPv6 ESP" "$IP6_B" "$IP6_A" --v6
