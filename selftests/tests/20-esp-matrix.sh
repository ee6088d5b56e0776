#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: extended
# ESP interoperability matrix, part 1: the full pairing x family x mode
# matrix for AES-GCM-128 (rfc4106) and AES-CBC + HMAC-SHA1-96:
#   pairings  ours->xfrm (A ipsecdp initiates to B running XFRM),
#             xfrm->ours (B, XFRM, initiates), ours->ours (both ipsecdp)
#   modes     transport, tunnel (inner addresses on lo, routed via the peer)
#   families  ipv4, ipv6 (the mixed-family tunnels, 4in6 and 6in4, are
#             in test 21, with all three pairings)
# Each combination, on fresh SAs: ping both ways (initiator first), a
# 256 KiB TCP transfer initiator -> responder with matching SHA-256, a
# capture on the wire (bridge) showing ESP both ways and no cleartext
# TCP/UDP/ICMP, no error counter of ipsecdp (or of XFRM) moving, per-SA
# packet counters. One line per combination; fails if any failed.
# The other algorithms: 21-esp-matrix-algs.sh.
# timeout: 360
. "$(dirname "$0")/../lib/matrix.sh"

mx_topo
for alg in gcm128 cbc-sha1; do
	for mf in "transport ipv4" "transport ipv6" "tunnel ipv4" "tunnel ipv6"; do
		for pair in ours-xfrm xfrm-ours ours-ours; do
			mx_combo "$alg" $mf "$pair"
		done
	done
done
mx_flush_all
mx_done "gcm128 and cbc-sha1: every pairing, mode and family interoperates, ESP only on the wire"
