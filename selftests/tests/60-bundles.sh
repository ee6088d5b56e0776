#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# SA bundles: a policy with two templates, inner first (as XFRM).
# 1. ipsecdp <-> ipsecdp, ESP inside ESP, the outer SA in transport and
#    then in tunnel mode: ping both ways; the wire carries only the outer
#    SPI, and packets are bigger by a second ESP layer.
# 2. A packet protected by the inner SA alone does not satisfy the
#    two-template inbound policy: dropped, InTmplMismatch (exactly one per
#    packet; every other part of the test must leave it unchanged).
# 3. ipsecdp <-> XFRM, ESP inside AH (both transport): ping both ways, the
#    wire carries AH (protocol 51) and no cleartext ICMP.
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm
need_mod ah4

topo_setup
# InTmplMismatch of A: only part 2 may move it, by one per refused ping
tm=$(counter "$NS_A" InTmplMismatch)
[ -n "$tm" ] || ksft_fail "no InTmplMismatch in ipsecctl stats"
KI=$(rand_key 20)
KO=$(rand_key 20)
KI2=$(rand_key 20)
KO2=$(rand_key 20)
GCM="rfc4106(gcm(aes))"

# bundle_sas NS OUTER_MODE: the four SAs of both directions in NS
bundle_sas() {
	ctl_ok "$1" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x100 \
		mode transport aead "$GCM" "$KI" 128 replay-window 64
	ctl_ok "$1" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x101 \
		mode "$2" aead "$GCM" "$KO" 128 replay-window 64
	ctl_ok "$1" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x200 \
		mode transport aead "$GCM" "$KI2" 128 replay-window 64
	ctl_ok "$1" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x201 \
		mode "$2" aead "$GCM" "$KO2" 128 replay-window 64
}

# bundle_pols NS LOCAL REMOTE SPI_IN SPI_OUT OUTER_MODE
bundle_pols() {
	ctl_ok "$1" policy add src "$2" dst "$3" dir out \
		tmpl proto esp mode transport spi "$4" \
		tmpl src "$2" dst "$3" proto esp mode "$6" spi "$5"
	ctl_ok "$1" policy add src "$3" dst "$2" dir in \
		tmpl proto esp mode transport \
		tmpl src "$3" dst "$2" proto esp mode "$6"
}

for outer in transport tunnel; do
	log "=== 1. ESP inside ESP, outer $outer, ipsecdp on both sides"
	for ns in "$NS_A" "$NS_B"; do
		ctl "$ns" policy flush
		ctl "$ns" sa flush
		bundle_sas "$ns" "$outer"
	done
	bundle_pols "$NS_A" "$IP_A" "$IP_B" 0x100 0x101 "$outer"
	bundle_pols "$NS_B" "$IP_B" "$IP_A" 0x200 0x201 "$outer"

	cap_start
	ping_ok "$NS_A" "$IP_B" 3
	ping_ok "$NS_B" "$IP_A" 3
	cap_stop
	outer_n=$(cap_count "ip proto 50 and (ip[20:4] = 0x101 or ip[20:4] = 0x201)")
	inner_n=$(cap_count "ip proto 50 and (ip[20:4] = 0x100 or ip[20:4] = 0x200)")
	clear_n=$(cap_count "icmp")
	log "wire: $outer_n ESP with the outer SPIs, $inner_n with the inner ones, $clear_n ICMP"
	[ "$outer_n" -ge 12 ] || ksft_fail "expected 12 ESP packets with the outer SPIs"
	[ "$inner_n" = 0 ] || ksft_fail "inner SPIs visible on the wire"
	[ "$clear_n" = 0 ] || ksft_fail "cleartext ICMP on the wire"
	check_sa_field "$NS_A" 0x100 out_packets 6
	check_sa_field "$NS_A" 0x101 out_packets 6
	check_sa_field "$NS_A" 0x201 in_packets 6
	check_sa_field "$NS_A" 0x200 in_packets 6
	# the bundle satisfied A's policy: no mismatch
	check_counter "$NS_A" InTmplMismatch "$tm"

	log "=== 2. the inner SA alone does not satisfy A's bundle policy"
	ctl_ok "$NS_B" policy del src "$IP_B" dst "$IP_A" dir out
	ctl_ok "$NS_B" policy add src "$IP_B" dst "$IP_A" dir out \
		tmpl proto esp mode transport spi 0x200
	ping_fails "$NS_B" "$IP_A" 2
	tm=$((tm + 2))
	wait_counter "$NS_A" InTmplMismatch "$tm"
	sleep 1		# no late third one
	check_counter "$NS_A" InTmplMismatch "$tm"
done

log "=== 3. ESP inside AH, ipsecdp (A) <-> XFRM (B)"
for ns in "$NS_A" "$NS_B"; do
	ctl "$ns" policy flush
	ctl "$ns" sa flush
done
KA=$(rand_key 32)
KA2=$(rand_key 32)
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x300 mode transport aead "$GCM" "$KI" 128
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto ah spi 0x301 mode transport auth-trunc "hmac(sha256)" "$KA" 128
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x400 mode transport aead "$GCM" "$KI2" 128
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto ah spi 0x401 mode transport auth-trunc "hmac(sha256)" "$KA2" 128
ctl_ok "$NS_A" policy add src "$IP_A" dst "$IP_B" dir out \
	tmpl proto esp mode transport spi 0x300 tmpl proto ah mode transport spi 0x301
ctl_ok "$NS_A" policy add src "$IP_B" dst "$IP_A" dir in \
	tmpl proto esp mode transport tmpl proto ah mode transport
ok_run "$NS_B" ip xfrm state add src "$IP_A" dst "$IP_B" proto esp spi 0x300 reqid 1 mode transport aead "$GCM" "$KI" 128
ok_run "$NS_B" ip xfrm state add src "$IP_A" dst "$IP_B" proto ah spi 0x301 reqid 2 mode transport auth-trunc "hmac(sha256)" "$KA" 128
ok_run "$NS_B" ip xfrm state add src "$IP_B" dst "$IP_A" proto esp spi 0x400 reqid 1 mode transport aead "$GCM" "$KI2" 128
ok_run "$NS_B" ip xfrm state add src "$IP_B" dst "$IP_A" proto ah spi 0x401 reqid 2 mode transport auth-trunc "hmac(sha256)" "$KA2" 128
ok_run "$NS_B" ip xfrm policy add src "$IP_B/32" dst "$IP_A/32" dir out \
	tmpl proto esp reqid 1 mode transport tmpl proto ah reqid 2 mode transport
ok_run "$NS_B" ip xfrm policy add src "$IP_A/32" dst "$IP_B/32" dir in \
	tmpl proto esp reqid 1 mode transport tmpl proto ah reqid 2 mode transport

cap_start
ping_ok "$NS_A" "$IP_B" 3
ping_ok "$NS_B" "$IP_A" 3
cap_stop
ah_n=$(cap_count "ip proto 51")
clear_n=$(cap_count "icmp")
log "wire: $ah_n AH packets, $clear_n ICMP"
[ "$ah_n" -ge 12 ] || ksft_fail "expected 12 AH packets on the wire"
[ "$clear_n" = 0 ] || ksft_fail "cleartext ICMP on the wire"
# ESP inside AH satisfied A's two-template policy: nothing since part 2
check_counter "$NS_A" InTmplMismatch "$tm"
ksft_pass "bundles: ESP+ESP (transport/tunnel outer) and ESP+AH with XFRM"
