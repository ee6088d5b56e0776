#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Bulk TCP with a 32-packet anti-replay window, the usual default, on both
# sides: A runs ipsecdp, B the kernel's XFRM, transport mode, AES-GCM-128.
# 4 MiB each way (XFER_MIB), then no replay drop may have happened on
# either side: XfrmInStateSeqError of B (/proc/net/xfrm_stat) and
# InStateSeqError of A must not have moved. The interop tests use a 1024
# window, in which a sender that reorders its own packets could hide.
# The wire keeps the order (RPS on the bridge ports of the wire's
# namespace: one CPU forwards each direction; otherwise a veth hands
# packets to the per-CPU queue of whichever CPU sent them, which can
# reorder them by itself), so any reordering is the sender's: the ESP
# packets are captured as each sender emits them (analysed every time)
# and as each receiver gets them (analysed when a replay drop happened),
# and a failure says which stack reordered and by how much.
# Then the same A -> B through a flow-fair qdisc (tbf + fq_codel) with two
# TCP connections on the one SA: still in order, no replay drop.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat tcpdump ss tc iperf3
need_ipsecctl
need_xfrm
MIB=${XFER_MIB:-4}
RW=32

topo_setup

# wire_in_order: RPS on both bridge ports in W, all to CPU 0
wire_in_order() {
	local ifc q n=0
	[ "$WIRE" = 1 ] || return 1
	for ifc in "$WA_IF" "$WB_IF"; do
		for q in $(in_ns "$NS_W" sh -c "ls -d /sys/class/net/$ifc/queues/rx-*"); do
			in_ns "$NS_W" sh -c "echo 1 >$q/rps_cpus" 2>/dev/null && n=$((n + 1))
		done
	done
	[ $n -ge 2 ]
}
if wire_in_order; then
	log "wire: RPS on $WA_IF and $WB_IF (CPU 0): the wire keeps the order"
else
	log "note: no RPS on the wire: it may reorder packets itself"
fi

kab=$(rand_key 20)
kba=$(rand_key 20)
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x3201 0x3202 "$kab" "$kba" "$RW"
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x3202 0x3201 "$kba" "$kab" "$RW"

# esp_cap NS IF DIR FILE: ESP headers IF sends (out) or receives (in)
CAPS=()
esp_cap() {
	ip netns exec "$1" tcpdump -Z root --immediate-mode -i "$2" -nn -U \
		-B 16384 -s 64 -Q "$3" -w "$4" esp 2>"$4.log" &
	CAPS+=($!)
	add_cleanup "kill $! 2>/dev/null"
	wait_for -t 60 grep -q 'listening on' "$4.log" ||
		ksft_fail "tcpdump did not start: $(cat "$4.log")"
}

sq0=$(counter "$NS_A" InStateSeqError)
xsq0=$(xfrm_stat "$NS_B" InStateSeqError)
[ -n "$sq0" ] && [ -n "$xsq0" ] || ksft_fail "cannot read the replay counters"
esp_cap "$NS_A" "$IF_A" out "$T/txA.pcap"
esp_cap "$NS_B" "$IF_B" in "$T/rxB.pcap"
esp_cap "$NS_B" "$IF_B" out "$T/txB.pcap"
esp_cap "$NS_A" "$IF_A" in "$T/rxA.pcap"
tcp_xfer "$NS_A" "$NS_B" "$IP_B" "$MIB" 5001
tcp_xfer "$NS_B" "$NS_A" "$IP_A" "$MIB" 5002
sleep 0.5
for p in "${CAPS[@]}"; do
	kill -TERM "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done

# order FILE SRC DST: esp_seq.py's analysis (window RW), indented; sets
# DROPS (packets a RW window drops given this order), DUPS and ORDER_OUT
# (the whole analysis)
order() {
	local out
	out=$("$PY" "$PYDIR/esp_seq.py" "$1" --src "$2" --dst "$3" --window "$RW")
	ORDER_OUT=$out
	printf '%s\n' "$out" | sed 's/^/    /'
	DROPS=$(awk '$1 == "expected_replay_drops" { print $2 }' <<<"$out")
	DUPS=$(awk '$1 == "duplicates" { print $2 }' <<<"$out")
	[ "$(cap_drops "$1")" = 0 ] || log "    note: the capture lost $(cap_drops "$1") packets"
}

xsq=$(($(xfrm_stat "$NS_B" InStateSeqError) - xsq0))
sq=$(($(counter "$NS_A" InStateSeqError) - sq0))
log "A (ipsecdp) -> B (XFRM), as A sent them:"
order "$T/txA.pcap" "$IP_A" "$IP_B"
tx_ab=$DROPS tx_ab_dups=$DUPS
log "B (XFRM) -> A (ipsecdp), as B sent them:"
order "$T/txB.pcap" "$IP_B" "$IP_A"
tx_ba=$DROPS
rx_ab=- rx_ba=-
if [ "$xsq" != 0 ]; then
	log "A (ipsecdp) -> B (XFRM), as B received them:"
	order "$T/rxB.pcap" "$IP_A" "$IP_B"
	rx_ab=$DROPS
fi
if [ "$sq" != 0 ]; then
	log "B (XFRM) -> A (ipsecdp), as A received them:"
	order "$T/rxA.pcap" "$IP_B" "$IP_A"
	rx_ba=$DROPS
fi
stats_dump "$NS_A"
log "replay drops: B (XFRM) XfrmInStateSeqError +$xsq, A (ipsecdp) InStateSeqError +$sq"

check_eq "duplicated sequence numbers sent by A (ipsecdp)" "$tx_ab_dups" 0
fail=
if [ "$xsq" != 0 ]; then
	if [ "$tx_ab" != 0 ]; then
		log "FAIL: ipsecdp's sender (transport mode, AES-GCM-128) reordered its ESP packets: $tx_ab beyond a $RW-packet window as it emitted them; B dropped $xsq"
	else
		log "FAIL: B (XFRM) dropped $xsq of A's packets as replays; A emitted them in order, B's interface saw $rx_ab beyond the window (the wire reordered?)"
	fi
	fail=1
fi
if [ "$sq" != 0 ]; then
	if [ "$tx_ba" != 0 ]; then
		log "FAIL: A (ipsecdp) dropped $sq of B's packets as replays; XFRM's sender reordered them ($tx_ba beyond the window as B emitted them)"
	else
		log "FAIL: A (ipsecdp) dropped $sq of B's packets as replays; B emitted them in order, A's interface saw $rx_ba beyond the window"
	fi
	fail=1
fi
[ -z "$fail" ] || ksft_fail "replay drops with a $RW-packet window in bulk TCP (see above)"
log "ok: no replay drop on either side with a $RW-packet window"

# Phase 2: A's egress through a flow-fair queue, as on any Debian host
# (fq_codel is its default qdisc), behind a rate limit so that a queue
# forms, and two TCP connections at once over the one SA. A qdisc that
# spreads packets by skb->hash interleaves its flows: ESP packets that
# kept their TCP socket's hash would leave as two interleaved runs of
# sequence numbers, each overtaking the other's queue, and a 32-packet
# window drops whatever falls behind (when ipsecdp still did, runs saw
# packets 28 and 30 behind: a larger queue or more flows and they fall
# out of a 32-packet window). ipsecdp gives each SA's packets the SA's
# own hash: one flow, in order.
log "=== A's egress: tbf 8 Mbit/s over fq_codel, two TCP connections on one SA"
in_ns "$NS_A" tc qdisc add dev "$IF_A" root handle 1: tbf rate 8mbit \
	burst 16k latency 400ms || ksft_fail "tc tbf"
in_ns "$NS_A" tc qdisc add dev "$IF_A" parent 1:1 handle 10: fq_codel ||
	ksft_fail "tc fq_codel"
add_cleanup "ip netns exec $NS_A tc qdisc del dev $IF_A root 2>/dev/null"
sq0=$(counter "$NS_A" InStateSeqError)
xsq0=$(xfrm_stat "$NS_B" InStateSeqError)
CAPS=()
esp_cap "$NS_A" "$IF_A" out "$T/txA2.pcap"
in_ns "$NS_B" iperf3 -s -1 -p 5201 >"$T/iperf-s.log" 2>&1 &
ipid=$!
wait_for -t 60 _listening "$NS_B" 5201 || ksft_fail "iperf3 did not listen"
in_ns "$NS_A" iperf3 -c "$IP_B" -p 5201 -P 2 -t 6 >"$T/iperf-c.log" 2>&1 ||
	ksft_fail "iperf3 -P 2: $(tail -3 "$T/iperf-c.log")"
wait "$ipid"
sleep 0.5
for p in "${CAPS[@]}"; do
	kill -TERM "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
grep -E 'SUM.*(sender|receiver)' "$T/iperf-c.log" | sed 's/^/    /'
qd=$(in_ns "$NS_A" tc -s qdisc show dev "$IF_A")
printf '%s\n' "$qd" | sed 's/^/    /'
# the test can fail only if a queue formed: tbf held packets back
ovl=$(awk '/qdisc tbf/ { t = 1 } t && /overlimits/ {
	for (i = 1; i < NF; i++) if ($i == "overlimits") { print $(i + 1); exit } }' <<<"$qd")
[ "${ovl:-0}" -gt 0 ] || ksft_fail "no queue formed in tbf (overlimits ${ovl:-?}): the check could not fail"
xsq=$(($(xfrm_stat "$NS_B" InStateSeqError) - xsq0))
log "A (ipsecdp) -> B (XFRM) through tbf + fq_codel, as A sent them:"
order "$T/txA2.pcap" "$IP_A" "$IP_B"
# stricter than the window: two connections sent from two CPUs may swap
# packets between the sequence number and the queue (a run saw 1; with
# the host at load 7, a vCPU held off the CPU between the two let 10 pass
# it), the qdisc's interleaving put them 28 to 30 behind: half the window
deep=$(grep -o 'deepest reordering [0-9]*' <<<"$ORDER_OUT" | awk '$3 > m { m = $3 } END { print m + 0 }')
[ "$deep" -le 16 ] ||
	ksft_fail "A's ESP packets left up to $deep behind one another through fq_codel (at most 16 expected)"
log "ok: deepest reordering of A's ESP packets as A emitted them: $deep (at most 16)"
check_eq "packets a $RW-packet window must drop, in the order A emitted them" "$DROPS" 0
check_eq "B's (XFRM) replay drops of A's packets" "$xsq" 0
log "ok: two flows through fq_codel leave A in sequence order"
ksft_pass "bulk TCP ipsecdp <-> XFRM, replay window $RW on both sides: no replay drop, no reordering, also through fq_codel with two flows"
