#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# AH known-answer interop with an independent implementation, scapy's
# SecurityAssociation(AH), for each algorithm scapy has (HMAC-SHA1-96,
# HMAC-SHA2-256-128/384-192/512-256, AES-CMAC-96): echo requests scapy
# builds (IPv4 with 32-bit ICV padding, IPv6 with 64-bit) are accepted and
# delivered by ipsecdp in A, and A's AH echo replies, sniffed on B,
# verify with scapy's sa.decrypt(). See selftests/py/ah_scapy.py.
# timeout: 300
. "$(dirname "$0")/../lib/ah_scapy.sh"

ah_scapy_topo

n=0
for a in 'hmac(sha1) 96 20' 'hmac(sha256) 128 32' 'hmac(sha384) 192 48' \
	'hmac(sha512) 256 64' 'cmac(aes) 96 16'; do
	read -r alg bits kb <<<"$a"
	log "=== $alg $bits"
	k_in=$(rand_key "$kb")
	k_out=$(rand_key "$kb")
	base=$((0x5400 + n * 16))
	for f in 4 6; do
		if [ $f = 4 ]; then a=10.0.0.1 b=10.0.0.2 p=32; else a=fd00::1 b=fd00::2 p=128; fi
		ctl_ok "$NS_A" sa add src "$b" dst "$a" proto ah spi $((base + f)) \
			mode transport auth-trunc "$alg" "$k_in" "$bits"
		ctl_ok "$NS_A" sa add src "$a" dst "$b" proto ah spi $((base + 8 + f)) \
			mode transport auth-trunc "$alg" "$k_out" "$bits"
		ctl_ok "$NS_A" policy add src "$a/$p" dst "$b/$p" dir out \
			tmpl proto ah mode transport spi $((base + 8 + f))
		ctl_ok "$NS_A" policy add src "$b/$p" dst "$a/$p" dir in \
			tmpl proto ah mode transport
	done
	run "$NS_B" "$PY" "$PYDIR/ah_scapy.py" kat --iface "$IF_B" --mac "$MAC_A" \
		--ns-a "$NS_A" --ipsecctl "$IPSECCTL" --alg "$alg" --key "$k_in" \
		--spi4 $((base + 4)) --spi6 $((base + 6)) --key-out "$k_out" \
		--spi-out4 $((base + 12)) --spi-out6 $((base + 14)) ||
		ksft_fail "$alg: known-answer checks failed (see above)"
	ours_flush "$NS_A"
	n=$((n + 1))
done
stats_dump "$NS_A"
check_counter "$NS_A" InStateProtoError 0
check_counter "$NS_A" InHdrError 0
ksft_pass "AH: scapy-built packets accepted, ipsecdp's verified by scapy (5 algorithms, IPv4 and IPv6)"
