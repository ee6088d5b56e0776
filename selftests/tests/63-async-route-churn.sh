#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# debug: gate
# Issue #15, item 1: a packet whose crypto completes asynchronously owns
# its route and devices. With force_async=1 every ESP and AH request of
# A's SAs completes later, from a workqueue (async_requests counts them),
# while A's routes to B are replaced, deleted and flushed in a loop: TCP
# and ping (locally generated: borrowed routes) must arrive intact, for
# ESP in transport and tunnel mode and AH, IPv4 and IPv6, and the kernel
# must report nothing (KASAN on the debug kernel: a route freed under a
# packet).
# ipsecdp in A, the kernel's XFRM in B.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat
need_ipsecctl
need_xfrm

PARAM=/sys/module/ipsecdp/parameters/force_async
COUNT=/sys/module/ipsecdp/parameters/async_requests
[ -w "$PARAM" ] && [ -r "$COUNT" ] || ksft_fail "no $PARAM or $COUNT"
echo 1 >"$PARAM"
add_cleanup "echo 0 >$PARAM"

topo_setup
IP6_A=fd00::1
IP6_B=fd00::2
ip -n "$NS_A" addr add "$IP6_A/64" dev "$IF_A" nodad
ip -n "$NS_B" addr add "$IP6_B/64" dev "$IF_B" nodad
wait_for -t 30 in_ns "$NS_A" ping -c1 -W1 "$IP6_B" ||
	ksft_fail "no IPv6 connectivity"

# setup MODE PROTO: SAs and policies for both families in A and B
setup() {
	local m=$1 p=$2 spi=$((0x100)) l r pl k1 k2 ta tb w1 w2
	ours_flush "$NS_A"
	xfrm_flush "$NS_B"
	for pair in "$IP_A $IP_B 32" "$IP6_A $IP6_B 128"; do
		read -r l r pl <<<"$pair"
		if [ "$p" = ah ]; then
			k1=$(rand_key 32)
			k2=$(rand_key 32)
			w1=(auth-trunc 'hmac(sha256)' "$k1" 128)
			w2=(auth-trunc 'hmac(sha256)' "$k2" 128)
		else
			k1=$(rand_key 20)
			k2=$(rand_key 20)
			w1=(aead "$GCM" "$k1" 128)
			w2=(aead "$GCM" "$k2" 128)
		fi
		ta=() tb=()
		[ "$m" = tunnel ] && ta=(src "$l" dst "$r") tb=(src "$r" dst "$l")
		ctl_ok "$NS_A" sa add src "$l" dst "$r" proto "$p" spi $spi \
			mode "$m" "${w1[@]}" replay-window 1024
		ctl_ok "$NS_A" sa add src "$r" dst "$l" proto "$p" spi $((spi + 1)) \
			mode "$m" "${w2[@]}" replay-window 1024
		ctl_ok "$NS_A" policy add src "$l/$pl" dst "$r/$pl" dir out \
			tmpl "${ta[@]}" proto "$p" mode "$m" spi $spi
		ctl_ok "$NS_A" policy add src "$r/$pl" dst "$l/$pl" dir in \
			tmpl "${tb[@]}" proto "$p" mode "$m"
		ok_run "$NS_B" ip xfrm state add src "$l" dst "$r" proto "$p" \
			spi $spi reqid 1 mode "$m" "${w1[@]}" replay-window 1024
		ok_run "$NS_B" ip xfrm state add src "$r" dst "$l" proto "$p" \
			spi $((spi + 1)) reqid 1 mode "$m" "${w2[@]}" replay-window 1024
		ok_run "$NS_B" ip xfrm policy add src "$r/$pl" dst "$l/$pl" dir out \
			tmpl src "$r" dst "$l" proto "$p" reqid 1 mode "$m"
		ok_run "$NS_B" ip xfrm policy add src "$l/$pl" dst "$r/$pl" dir in \
			tmpl src "$l" dst "$r" proto "$p" reqid 1 mode "$m"
		spi=$((spi + 16))
	done
}

# churn: replace A's host routes to B and flush the route caches, forever
churn() {
	while :; do
		ip -n "$NS_A" route replace "$IP_B/32" dev "$IF_A" 2>/dev/null
		ip -n "$NS_A" -6 route replace "$IP6_B/128" dev "$IF_A" 2>/dev/null
		ip -n "$NS_A" route flush cache 2>/dev/null
		ip -n "$NS_A" -6 route flush cache 2>/dev/null
		ip -n "$NS_A" route del "$IP_B/32" dev "$IF_A" 2>/dev/null
		ip -n "$NS_A" -6 route del "$IP6_B/128" dev "$IF_A" 2>/dev/null
	done
}

churn &
CHURN=$!
add_cleanup "kill $CHURN 2>/dev/null"

for mp in "transport esp" "tunnel esp" "transport ah"; do
	read -r m p <<<"$mp"
	log "=== $p $m, every request through cryptd, routes churning"
	setup "$m" "$p"
	n0=$(cat "$COUNT")
	ping_ok "$NS_A" "$IP_B" 5
	ping_ok "$NS_A" "$IP6_B" 5
	tcp_xfer "$NS_A" "$NS_B" "$IP_B" 1
	# IPv6 TCP once (the debug kernel runs this test: keep it short)
	[ "$m $p" = "transport esp" ] && tcp_xfer "$NS_A" "$NS_B" "$IP6_B" 1 5002
	stats_dump "$NS_A"
	n=$(($(cat "$COUNT") - n0))
	log "requests completed asynchronously: $n"
	[ "$n" -ge 100 ] || ksft_fail "force_async ran only $n requests asynchronously"
done
kill "$CHURN" 2>/dev/null
wait "$CHURN" 2>/dev/null
ksft_pass "asynchronous ESP and AH output with routes deleted and flushed under it: data intact"
