#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: extended
# debug: gate
# Configuration churn under traffic: A and B both run ipsecdp (transport ESP,
# AES-GCM). For CHURN_SECS seconds (default 60) one loop per host replaces
# its SAs and policies (del + add of the SAs in use, add and del of 20
# extra SAs and 10 extra policies, flush and full re-setup every 5th
# round) through ipsecctl batches, while ping -i 0.01 and a TCP stream run
# between the hosts. Every configuration operation must succeed (each
# loop is the only writer of its namespace, so each result is known).
# Afterwards the final configuration must carry traffic again (pings both
# ways, 1 MiB over TCP intact), then all namespaces are deleted while the
# traffic is still flowing; the module's reference count must drop back
# to 0 and the kernel log stay clean (the runner then rmmods the module).
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat ping
need_ipsecctl

CHURN_SECS=${CHURN_SECS:-60}
topo_setup
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1
done
KAB=$(rand_key 20)
KBA=$(rand_key 20)
SAB=0x501
SBA=0x502
ours_setup "$NS_A" "$IP_A" "$IP_B" $SAB $SBA "$KAB" "$KBA" 64
ours_setup "$NS_B" "$IP_B" "$IP_A" $SBA $SAB "$KBA" "$KAB" 64
ping_ok "$NS_A" "$IP_B" 2
add_cleanup 'kill_ns_pids "$NS_A" "$NS_B"'
# Keep the kernel's packet timestamping static key enabled for the whole
# test: otherwise every ping starting or ending live-patches
# __netif_receive_skb_core while both CPUs receive, and QEMU TCG has been
# seen to execute the stale int3 of that patch ("Oops: int3" in
# __netif_receive_skb_core, 6.12 guest), a crash of the emulator, not of
# the module under test.
"$PY" -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMP, 1)
time.sleep(3600)' >/dev/null 2>&1 &
TSTAMP_PID=$!
add_cleanup "kill $TSTAMP_PID 2>/dev/null"
sleep 1
dmesg_mark

# setup_lines LOCAL REMOTE SPI_OUT SPI_IN KEY_OUT KEY_IN: ours_setup as a batch
setup_lines() {
	echo "sa add src $1 dst $2 proto esp spi $3 mode transport aead $GCM $5 128 replay-window 64"
	echo "sa add src $2 dst $1 proto esp spi $4 mode transport aead $GCM $6 128 replay-window 64"
	echo "policy add src $1/32 dst $2/32 dir out tmpl proto esp mode transport spi $3"
	echo "policy add src $2/32 dst $1/32 dir in tmpl proto esp mode transport"
}

# churn NS LOCAL REMOTE SPI_OUT SPI_IN KEY_OUT KEY_IN: until $END, count
# operations in $T/ops.NS, failures in $T/fail.NS
churn() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 ko=$6 ki=$7 round=0 ops=0 b=$T/batch.$1 i
	while [ $SECONDS -lt "$END" ]; do
		round=$((round + 1))
		{
			# the SAs in use, replaced under traffic
			echo "policy del src $l/32 dst $r/32 dir out"
			echo "sa del dst $r proto esp spi $so"
			echo "sa add src $l dst $r proto esp spi $so mode transport aead $GCM $ko 128 replay-window 64"
			echo "policy add src $l/32 dst $r/32 dir out tmpl proto esp mode transport spi $so"
			echo "sa del dst $l proto esp spi $si"
			echo "sa add src $r dst $l proto esp spi $si mode transport aead $GCM $ki 128 replay-window 64"
			# extra SAs and policies, added and deleted
			for ((i = 0; i < 20; i++)); do
				echo "sa add src $l dst $r proto esp spi $((0x10000 + i)) aead $GCM $ko 128"
			done
			for ((i = 0; i < 10; i++)); do
				echo "policy add src $l/32 dst $r/32 proto udp dport $((20000 + i)) dir out priority $i tmpl proto esp spi $((0x10000 + i))"
			done
			for ((i = 0; i < 10; i++)); do
				echo "policy del src $l/32 dst $r/32 proto udp dport $((20000 + i)) dir out"
			done
			for ((i = 0; i < 20; i++)); do
				echo "sa del dst $r proto esp spi $((0x10000 + i))"
			done
			if [ $((round % 5)) = 0 ]; then
				echo "policy flush"
				echo "sa flush"
				setup_lines "$l" "$r" "$so" "$si" "$ko" "$ki"
			fi
		} >"$b"
		if ! out=$(in_ns "$ns" "$IPSECCTL" -f "$b" 2>&1); then
			printf 'round %d: %s\n' "$round" "$out" >>"$T/fail.$ns"
			# back to a known state
			in_ns "$ns" "$IPSECCTL" policy flush
			in_ns "$ns" "$IPSECCTL" sa flush
			setup_lines "$l" "$r" "$so" "$si" "$ko" "$ki" >"$b"
			in_ns "$ns" "$IPSECCTL" -f "$b" >/dev/null 2>&1
		else
			ops=$((ops + $(grep -c . "$b")))
		fi
		echo "$round $ops" >"$T/ops.$ns"
	done
}

# traffic for SECS seconds: ping every 10 ms A -> B and every 50 ms
# B -> A, a TCP stream A -> B (reconnecting: churn may break it)
TRAFFIC_PIDS=
start_traffic() {
	local secs=$1
	rm -f "$T/stop"
	ip netns exec "$NS_B" socat -u TCP-LISTEN:5001,reuseaddr,fork OPEN:/dev/null \
		>/dev/null 2>&1 &
	TRAFFIC_PIDS="$!"
	ip netns exec "$NS_A" ping -q -n -i 0.01 -W 1 -w "$secs" "$IP_B" >"$T/ping.out" 2>&1 &
	TRAFFIC_PIDS="$TRAFFIC_PIDS $!"
	ip netns exec "$NS_B" ping -q -n -i 0.05 -W 1 -w "$secs" "$IP_A" >"$T/ping2.out" 2>&1 &
	TRAFFIC_PIDS="$TRAFFIC_PIDS $!"
	(while [ ! -e "$T/stop" ]; do
		ip netns exec "$NS_A" timeout 3 socat -u OPEN:/dev/zero \
			TCP:$IP_B:5001,connect-timeout=2 2>/dev/null
		sleep 0.2
	done) >/dev/null 2>&1 &
	TRAFFIC_PIDS="$TRAFFIC_PIDS $!"
	add_cleanup "touch '$T/stop'; kill $TRAFFIC_PIDS 2>/dev/null"
}

# kill_ns_pids NS...: end every process still running in the namespaces
# (all started by this test: forked socat children, ...)
kill_ns_pids() {
	local ns pids
	for ns in "$@"; do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill $pids 2>/dev/null
	done
	return 0
}

# stop_traffic: pings end by themselves (-w), the TCP loop within 3 s
stop_traffic() {
	touch "$T/stop"
	wait $TRAFFIC_PIDS 2>/dev/null
}

# kill_traffic: now
kill_traffic() {
	touch "$T/stop"
	kill $TRAFFIC_PIDS 2>/dev/null
	wait $TRAFFIC_PIDS 2>/dev/null
}

log "--- ${CHURN_SECS} s of churn on A and B under traffic"
start_traffic $((CHURN_SECS + 2))
sleep 1
END=$((SECONDS + CHURN_SECS))
rm -f "$T"/fail.* "$T"/ops.*
churn "$NS_A" "$IP_A" "$IP_B" $SAB $SBA "$KAB" "$KBA" >"$T/churn-a.log" 2>&1 &
ca=$!
churn "$NS_B" "$IP_B" "$IP_A" $SBA $SAB "$KBA" "$KAB" >"$T/churn-b.log" 2>&1 &
cb=$!
wait $ca $cb
kill_listener() { kill "${TRAFFIC_PIDS%% *}" 2>/dev/null; }
kill_listener
stop_traffic
kill_ns_pids "$NS_A" "$NS_B"
for ns in "$NS_A" "$NS_B"; do
	read -r rounds ops <"$T/ops.$ns" || ksft_fail "no churn done in $ns"
	log "${ns%%-*}: $rounds rounds, $ops configuration operations"
	total=$((${total:-0} + ops))
done
log "ping A -> B during churn: $(grep -E 'transmitted' "$T/ping.out")"
log "ping B -> A during churn: $(grep -E 'transmitted' "$T/ping2.out")"
stats_dump "$NS_A"
stats_dump "$NS_B"
if ls "$T"/fail.* >/dev/null 2>&1; then
	head -20 "$T"/fail.* | sed 's/^/    /'
	ksft_fail "configuration operations failed during churn"
fi
log "ok: all $total configuration operations succeeded"

log "--- the final configuration carries traffic"
for ns in "$NS_A" "$NS_B"; do
	n=$(ctl "$ns" sa list | grep -c '^src')
	p=$(ctl "$ns" policy list | grep -c '^src')
	[ "$n" = 2 ] && [ "$p" = 2 ] ||
		ksft_fail "${ns%%-*} has $n SAs and $p policies after churn, expected 2 and 2"
done
# a fresh pair of SAs on both sides: the replay state of the churned ones
# no longer matches (each side re-added its SAs at different times)
ours_flush "$NS_A"
ours_flush "$NS_B"
ours_setup "$NS_A" "$IP_A" "$IP_B" $SAB $SBA "$KAB" "$KBA" 64
ours_setup "$NS_B" "$IP_B" "$IP_A" $SBA $SAB "$KBA" "$KAB" 64
cap_start
ping_ok "$NS_A" "$IP_B" 3
ping_ok "$NS_B" "$IP_A" 3
tcp_xfer "$NS_A" "$NS_B" "$IP_B" 1 5002
cap_stop
cap_check_esp

log "--- delete the namespaces while traffic flows"
start_traffic 60
sleep 2
pids="$(ip netns pids "$NS_A") $(ip netns pids "$NS_B")"
ip netns del "$NS_W"
ip netns del "$NS_A"
ip netns del "$NS_B"
kill_traffic
kill $pids 2>/dev/null	# forked socat children: the last users of the netns
_LIB_NETNS=()
log "ok: namespaces deleted under traffic"
refcnt_zero() { [ "$(cat /sys/module/ipsecdp/refcnt 2>/dev/null)" = 0 ]; }
wait_for -t 60 refcnt_zero ||
	ksft_fail "ipsecdp module refcount stays at $(cat /sys/module/ipsecdp/refcnt) after the namespaces are gone"
log "ok: module refcount back to 0"
"$IPSECCTL" stats >/dev/null || ksft_fail "ipsecctl stats fails after the namespaces are gone"
sleep 2
check_dmesg_clean
ksft_pass "$total configuration operations under traffic, traffic fine afterwards, namespaces deleted under traffic"
