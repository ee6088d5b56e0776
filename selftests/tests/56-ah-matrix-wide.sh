#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# AH interoperability, the whole matrix at once (selftests/lib/wide.sh, as
# test 25 for ESP): hmac(sha1) 96, hmac(sha256) 128 (+ESN), hmac(sha384)
# 192, hmac(sha512) 256, xcbc(aes) 96 (+ESN), cmac(aes) 96, each in
# transport and tunnel, IPv4 and IPv6, with B1 (XFRM) and B2 (ipsecdp);
# plus a 4in6 (hmac(sha256)) and a 6in4 (cmac(aes)) tunnel with both.
# Per combination: ping both ways, a TCP transfer each way (sha256); on the
# wire AH both ways with its SPIs, the payload readable (the ping pattern
# "wideNNNN" of that combination, and the inner TCP of the transfers
# decodable behind the AH header), no unauthenticated packet of its
# addresses; per-SA counters on all three hosts; global error counters
# unchanged. WIDE_BREAK=NAME: that combination's peer gets a wrong key.
# timeout: 240
. "$(dirname "$0")/../lib/wide.sh"

wide_topo ah
for alg in $WIDE_AH_ALGS; do
	esn=
	case $alg in hmac-sha256 | xcbc) esn=esn ;; esac
	for mf in "transport ipv4" "transport ipv6" "tunnel ipv4" "tunnel ipv6"; do
		for peer in xfrm ours; do
			wide_add ah "$alg" $mf "$peer" $esn
		done
	done
done
for c in "hmac-sha256 4in6 esn" "cmac 6in4"; do
	set -- $c
	for peer in xfrm ours; do
		wide_add ah "$1" tunnel "$2" "$peer" ${3:-}
	done
done
wide_run
wide_done "AH with every algorithm, mode and family interoperates with XFRM and with ipsecdp, payload readable, authenticated"
