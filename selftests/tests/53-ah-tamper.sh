#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# AH integrity against changes in flight: B (no IPsec, scapy) sends ICMP
# echo requests to A (ipsecdp, transport-mode AH SAs and policies, IPv4
# and IPv6), signed by scapy's SecurityAssociation(AH) with A's inbound
# key, some changed after signing. A changed payload byte or immutable
# IPv6 hop-by-hop option byte must be dropped and counted as
# InStateProtoError (per-SA integrity_failed too), a changed source
# address as InStateMismatch (not the SA's peer); a changed TTL / hop
# limit, DSCP, flow label or mutable hop-by-hop option must not matter.
# See selftests/py/ah_scapy.py.
# timeout: 300
. "$(dirname "$0")/../lib/ah_scapy.sh"

ah_scapy_topo

K_IN=$(rand_key 32)
K_OUT=$(rand_key 32)
S='hmac(sha256)'
for f in 4 6; do
	if [ $f = 4 ]; then a=10.0.0.1 b=10.0.0.2 p=32; else a=fd00::1 b=fd00::2 p=128; fi
	ctl_ok "$NS_A" sa add src "$b" dst "$a" proto ah spi $((0x5300 + f)) \
		mode transport auth-trunc "$S" "$K_IN" 128 replay-window 64
	ctl_ok "$NS_A" sa add src "$a" dst "$b" proto ah spi $((0x5310 + f)) \
		mode transport auth-trunc "$S" "$K_OUT" 128 replay-window 64
	ctl_ok "$NS_A" policy add src "$a/$p" dst "$b/$p" dir out \
		tmpl proto ah mode transport spi $((0x5310 + f))
	ctl_ok "$NS_A" policy add src "$b/$p" dst "$a/$p" dir in \
		tmpl proto ah mode transport
done

run "$NS_B" "$PY" "$PYDIR/ah_scapy.py" tamper --iface "$IF_B" --mac "$MAC_A" \
	--ns-a "$NS_A" --ipsecctl "$IPSECCTL" --alg "$S" --key "$K_IN" \
	--spi4 $((0x5304)) --spi6 $((0x5306))
rc=$?
stats_dump "$NS_A"
[ $rc = 0 ] || ksft_fail "AH tampering checks failed (see above)"
check_sa_field "$NS_A" $((0x5304)) integrity_failed 1
check_sa_field "$NS_A" $((0x5306)) integrity_failed 2
check_counter "$NS_A" InStateProtoError 3
check_counter "$NS_A" InStateMismatch 2
check_counter "$NS_A" InHdrError 0
ksft_pass "AH: tampered payload, source address, immutable IPv6 option dropped; TTL/hop limit, DSCP, flow label, mutable option changes accepted"
