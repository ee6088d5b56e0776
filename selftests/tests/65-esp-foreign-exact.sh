#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Issue #15, item 11: whole ESP packets made by another implementation
# (selftests/py/esp_full.py: python-cryptography, from the RFCs) are
# delivered byte for byte, and exactly as the kernel's XFRM delivers them.
# TX injects each packet as an Ethernet frame into two links: one to OURS
# (ipsecdp: SAs and in policies with ipsecctl) and one to XFRM (the same
# with ip xfrm; ipsecdp has no objects there, so its hooks stay out).
# Raw sockets, UDP sockets and a tap on the receiving device in each
# show what was delivered; it must equal the sender's inner packet where
# XFRM's does, and XFRM's everywhere. Every transform (GCM 128/192/256
# with 64/96/128-bit ICVs, GMAC, ChaCha20-Poly1305, AES-CBC with
# HMAC-SHA1/256/384/512 and their truncations), ESN on and off across
# 2^32, transport and tunnel, IPv4 and IPv6 (and across families),
# least and most padding, TFC padding, IPv4 options, IPv6 extension
# headers, DSCP/ECN with CE on the outer header, inner fragments.
# Details: selftests/py/esp_exact.py.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
need_xfrm
need_mod esp6
"$PY" -c 'import cryptography' 2>/dev/null || ksft_skip "python3-cryptography missing"

NS_TX=ipT-$SFX
NS_O=ipO-$SFX
NS_X=ipX-$SFX
veth_pair "$NS_TX" to$SFX "" "$NS_O" ro$SFX "10.0.0.1/24,fd00::1/64"
veth_pair "$NS_TX" tx$SFX "" "$NS_X" rx$SFX "10.0.0.1/24,fd00::1/64"
for p in "$NS_O ro$SFX" "$NS_X rx$SFX"; do
	read -r ns ifc <<<"$p"
	# the tunnels' inner destinations, and routes back to their sources
	ok_run "$ns" ip addr add 10.9.0.1/32 dev lo
	ok_run "$ns" ip addr add fd09::1/128 dev lo
	ok_run "$ns" ip route add 10.8.0.0/16 dev "$ifc"
	ok_run "$ns" ip route add fd08::/32 dev "$ifc"
done

"$PY" "$PYDIR/esp_exact.py" --ns-tx "$NS_TX" --tx-ours to$SFX --tx-xfrm tx$SFX \
	--ns-ours "$NS_O" --if-ours ro$SFX --ns-xfrm "$NS_X" --if-xfrm rx$SFX \
	--ipsecctl "$IPSECCTL" ${EXACT_ONLY:+--only "$EXACT_ONLY"}
rc=$?
stats_dump "$NS_O"
[ $rc = 0 ] || ksft_fail "foreign ESP packets not delivered as XFRM delivers them (see above)"
ksft_pass "foreign ESP packets delivered exactly, as by XFRM"
