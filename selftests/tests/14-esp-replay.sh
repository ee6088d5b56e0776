#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# Anti-replay: A (ipsecdp, replay-window 32) <-> B (XFRM). ESP packets
# B->A are captured on the wire and re-sent byte for byte from B:
#  - a replay of a packet already received is dropped, InStateSeqError +1
#    per packet and the SA's replay counter too, nothing is delivered;
#  - after 40 more packets, a replay of the first one (now left of the
#    32-packet window) is dropped too;
#  - normal traffic keeps working afterwards.
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm

topo_setup
kab=$(rand_key 20)
kba=$(rand_key 20)
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x601 0x602 "$kab" "$kba" 32
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x602 0x601 "$kba" "$kab" 32

# replay IDX,... : re-send captured ESP B->A frames from B's interface, as
# they are (a packet socket: B's XFRM must not wrap them in ESP again)
replay() {
	run "$NS_B" "$PY" "$PYDIR/pcap_esp.py" "$T/first.pcap" \
		--src "$IP_B" --dst "$IP_A" --iface "$IF_B" --send "$1" ||
		ksft_fail "cannot re-send the captured packets"
}

log "--- capture 3 ESP packets B->A (echo requests)"
cap_start "$T/first.pcap"
ping_ok "$NS_B" "$IP_A" 3
cap_stop
run - "$PY" "$PYDIR/pcap_esp.py" "$T/first.pcap" --src "$IP_B" --dst "$IP_A"
n=$(cap_count "esp and src $IP_B and dst $IP_A" "$T/first.pcap")
check_eq "captured ESP packets B->A" "$n" 3
check_sa_field "$NS_A" 0x602 in_packets 3
check_counter "$NS_A" InStateSeqError 0
in0=$(counter "$NS_A" InPackets)
echo0=$(snmp "$NS_A" Icmp InEchos)

log "--- replay the newest packet, then the two others"
replay 2
wait_counter "$NS_A" InStateSeqError 1
replay 0,1
wait_counter "$NS_A" InStateSeqError 3
check_sa_field "$NS_A" 0x602 replay 3
check_sa_field "$NS_A" 0x602 in_packets 3
check_counter "$NS_A" InPackets "$in0"
check_counter "$NS_A" InStateProtoError 0
check_eq "echo requests delivered to A by the replays" \
	"$(($(snmp "$NS_A" Icmp InEchos) - echo0))" 0

log "--- 40 more packets, then replay the first one (left of the window)"
run "$NS_B" ping -q -n -c 40 -i 0.02 -W 3 "$IP_A"
check_sa_field "$NS_A" 0x602 in_packets 43
replay 0
wait_counter "$NS_A" InStateSeqError 4
check_sa_field "$NS_A" 0x602 replay 4
check_counter "$NS_A" InPackets "$((in0 + 40))"

log "--- normal traffic still flows"
ping_ok "$NS_B" "$IP_A" 3
ping_ok "$NS_A" "$IP_B" 3
check_sa_field "$NS_A" 0x602 in_packets 49
check_counter "$NS_A" InStateSeqError 4
check_counter "$NS_A" InStateProtoError 0
stats_dump "$NS_A"

ksft_pass "replayed ESP packets dropped and counted (InStateSeqError, SA replay), traffic unaffected"
