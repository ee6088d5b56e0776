#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# AH over IPv4 headers that carry options (RFC 4302 3.3.3.1.1): the ICV
# covers immutable options as sent and mutable ones zeroed. Transport AH,
# hmac(sha256) 128, between A (ipsecdp) and B (XFRM, then ipsecdp):
#  - ping -R (Record Route: mutable, routers write into it) both ways;
#  - ping -T tsonly (Timestamp: mutable) both ways;
#  - a capture shows AH carrying IPv4 headers longer than 20 bytes (the
#    options really were there), and no integrity failure was counted on
#    either side.
# Then the same with "flag align4" on both sides (AH header padded to 32
# bits: 28 bytes for a 128-bit ICV instead of 32), checked on the wire.
# timeout: 240
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_mod ah4 xfrm_user
SHA='hmac(sha256)'

topo_setup

ah_ours() {	# ah_ours NS L R SPI_OUT SPI_IN KEY_OUT KEY_IN (FLAGS: extra words)
	ctl_ok "$1" sa add src "$2" dst "$3" proto ah spi "$4" mode transport \
		auth-trunc "$SHA" "$6" 128 replay-window 64 $FLAGS
	ctl_ok "$1" sa add src "$3" dst "$2" proto ah spi "$5" mode transport \
		auth-trunc "$SHA" "$7" 128 replay-window 64 $FLAGS
	ctl_ok "$1" policy add src "$2/32" dst "$3/32" dir out tmpl proto ah mode transport
	ctl_ok "$1" policy add src "$3/32" dst "$2/32" dir in tmpl proto ah mode transport
}

ah_xfrm() {	# the same arguments, ip xfrm
	ok_run "$1" ip xfrm state add src "$2" dst "$3" proto ah spi "$4" reqid 1 \
		mode transport auth-trunc "$SHA" "$6" 128 replay-window 64 $FLAGS
	ok_run "$1" ip xfrm state add src "$3" dst "$2" proto ah spi "$5" reqid 1 \
		mode transport auth-trunc "$SHA" "$7" 128 replay-window 64 $FLAGS
	ok_run "$1" ip xfrm policy add src "$2/32" dst "$3/32" dir out \
		tmpl proto ah reqid 1 mode transport
	ok_run "$1" ip xfrm policy add src "$3/32" dst "$2/32" dir in \
		tmpl proto ah reqid 1 mode transport
}

# opt_ping NS DST OPT...: 3 pings with an IP option, all answered
opt_ping() {
	local ns=$1 dst=$2 out got
	shift 2
	log "+ [${ns%%-*}] ping $* -c 3 $dst"
	out=$(in_ns "$ns" ping -n -c 3 -i 0.3 -W 3 "$@" "$dst" 2>&1)
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
	[ "${got:-0}" = 3 ] || { printf '%s\n' "$out" | tail -4; ksft_fail "ping $* $dst: ${got:-0}/3"; }
	log "ok: ping $* ${ns%%-*} -> $dst: 3/3"
}

FLAGS=
for peer in xfrm ours; do
	log "=== B runs $peer"
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
	K1=$(rand_key 32) K2=$(rand_key 32)
	ah_ours "$NS_A" "$IP_A" "$IP_B" 0x5701 0x5702 "$K1" "$K2"
	ah_$peer "$NS_B" "$IP_B" "$IP_A" 0x5702 0x5701 "$K2" "$K1"
	f0=$(counter "$NS_A" InStateProtoError)
	cap_start
	opt_ping "$NS_A" "$IP_B" -R
	opt_ping "$NS_B" "$IP_A" -R
	opt_ping "$NS_A" "$IP_B" -T tsonly
	opt_ping "$NS_B" "$IP_A" -T tsonly
	cap_stop
	# at least the 6 echo requests each way (replies echo the options too)
	for d in "$IP_A $IP_B" "$IP_B $IP_A"; do
		set -- $d
		n=$(cap_count "ah and src $1 and dst $2 and ip[0] & 0xf > 5")
		log "AH packets $1 -> $2 with IPv4 options: $n"
		[ "$n" -ge 6 ] || ksft_fail "only $n AH packets $1 -> $2 carry IPv4 options"
	done
	check_eq "packets without AH between A and B" \
		"$(cap_count "not ah and host $IP_A and host $IP_B and icmp")" 0
	check_counter "$NS_A" InStateProtoError "$f0"
	[ "$peer" = xfrm ] && check_eq "XFRM integrity failures" "$(xfrm_stat "$NS_B" InStateProtoError)" 0
	[ "$peer" = ours ] && check_counter "$NS_B" InStateProtoError 0
done
# align4: AH payload length field (byte 1 of AH, at 21 behind a plain
# IPv4 header) is 5 (28 bytes) instead of 6 (32 bytes)
FLAGS="flag align4"
for peer in xfrm ours; do
	log "=== flag align4, B runs $peer"
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
	K1=$(rand_key 32) K2=$(rand_key 32)
	ah_ours "$NS_A" "$IP_A" "$IP_B" 0x5703 0x5704 "$K1" "$K2"
	ah_$peer "$NS_B" "$IP_B" "$IP_A" 0x5704 0x5703 "$K2" "$K1"
	ctl "$NS_A" sa list | grep -q 'flag align4' || ksft_fail "sa list does not show flag align4"
	cap_start
	ping_ok "$NS_A" "$IP_B" 3
	opt_ping "$NS_B" "$IP_A" -R
	cap_stop
	check_eq "4-byte aligned AH headers A->B (ip[21] = 5)" \
		"$(cap_count "ah and src $IP_A and ip[0] & 0xf = 5 and ip[21] = 5")" 3
	check_eq "4-byte aligned AH headers B->A (ip[21] = 5)" \
		"$(cap_count "ah and src $IP_B and ip[0] & 0xf = 5 and ip[21] = 5")" 3
	check_eq "8-byte aligned AH headers" "$(cap_count "ah and ip[0] & 0xf = 5 and ip[21] = 6")" 0
done
log "+ ipsecctl sa add ... proto esp ... flag align4 (must be refused)"
out=$(ctl "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x5705 mode transport \
	aead "$GCM" "$(rand_key 20)" 128 flag align4 2>&1) &&
	ksft_fail "flag align4 accepted on an ESP SA"
log "    $out"
grep -q 'align4 applies to AH over IPv4 only' <<<"$out" || ksft_fail "no clear error for align4 on ESP: $out"
ours_flush "$NS_A"
ours_flush "$NS_B"
xfrm_flush "$NS_B"
ksft_pass "AH with IPv4 Record Route and Timestamp options: ipsecdp <-> XFRM and <-> ipsecdp"
