#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# NAT traversal (RFC 3948), ESP in UDP to port 4500, against the kernel's
# XFRM and ipsecdp itself: every SA of A and B has "encap espinudp 4500
# 4500" (XFRM holds a UDP_ENCAP socket on 4500, as an IKE daemon would;
# ipsecdp needs none). AES-GCM-128: pairings ours->xfrm (A initiates),
# xfrm->ours (B initiates), ours->ours, transport and tunnel mode, IPv4
# and IPv6: ping both ways and a 10 MiB TCP transfer from the initiator
# (256 KiB ours->ours) with matching SHA-256, so both directions carry bulk
# TCP against XFRM.
# AES-CBC + HMAC-SHA1 (padding, random IV) with 256 KiB. The capture on
# the wire must show ESP in UDP both ways and nothing else: no bare ESP,
# no cleartext; no error counter of either side may move.
# make check (IPSECDP_TIER=b, CI) sends 2 MiB instead of 10 MiB and runs
# AES-CBC in transport IPv4 and tunnel IPv6 only; make check-full (or no
# IPSECDP_TIER) runs all of the above.
# timeout: 1200
. "$(dirname "$0")/../lib/matrix.sh"

full=1
[ "${IPSECDP_TIER:-all}" = all ] || full=0
gcm_kib=10240
[ $full = 1 ] || gcm_kib=2048
MX_ENCAP=4500
mx_topo
for alg in gcm128 cbc-sha1; do
	MX_KIB=256
	[ $alg = gcm128 ] && MX_KIB=$gcm_kib
	for mf in "transport ipv4" "transport ipv6" "tunnel ipv4" "tunnel ipv6"; do
		if [ $alg = cbc-sha1 ] && [ $full = 0 ]; then
			[ "$mf" = "transport ipv4" ] || [ "$mf" = "tunnel ipv6" ] || continue
		fi
		for pair in ours-xfrm xfrm-ours ours-ours; do
			[ $alg = cbc-sha1 ] && [ $pair = ours-ours ] && continue
			# bulk TCP against XFRM; ipsecdp with itself: 11, 20
			kib=$MX_KIB
			[ $pair = ours-ours ] && MX_KIB=256
			mx_combo "$alg" $mf "$pair"
			MX_KIB=$kib
		done
	done
done
mx_flush_all
mx_done "ESP in UDP (4500) interoperates with XFRM both ways and with itself, IPv4/IPv6, transport/tunnel, only UDP 4500 on the wire"
