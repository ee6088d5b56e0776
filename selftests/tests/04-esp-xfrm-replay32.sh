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
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat tcpdump ss
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
# DROPS (packets a RW window drops given this order) and DUPS
order() {
	local out
	out=$("$PY" "$PYDIR/esp_seq.py" "$1" --src "$2" --dst "$3" --window "$RW")
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
ksft_pass "bulk TCP ipsecdp <-> XFRM, replay window $RW on both sides: no replay drop, no reordering"
