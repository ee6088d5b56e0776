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
topo_v6


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
	pair_dual "$m" "$p" 1024
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
