#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Missing SAs.
# 1. Outbound: A has a policy "protect A->B with ESP" but no SA: every
#    packet is dropped (ping gets nothing), OutNoStates counts exactly the
#    packets sent, nothing leaves A (no cleartext, no ESP on the wire).
# 2. Inbound: ESP to A with an SPI for which A has no SA is dropped and
#    counted as InNoStates, once per packet.
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl

N=4
topo_setup

ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
	tmpl proto esp mode transport
ctl_ok "$NS_A" sa list
check_counter "$NS_A" OutNoStates 0
out0=$(counter "$NS_A" OutPackets)

log "--- 1. outbound packets without an SA"
cap_start
ping_fails "$NS_A" "$IP_B" "$N"
cap_stop
stats_dump "$NS_A"
wait_counter "$NS_A" OutNoStates "$N"
check_counter "$NS_A" OutPackets "$out0"
check_no_cleartext
check_eq "ESP packets on the wire" "$(cap_count "esp")" 0
check_eq "IP packets A->B on the wire" "$(cap_count "ip and src $IP_A and dst $IP_B")" 0

log "--- 2. inbound ESP with an unknown SPI"
check_counter "$NS_A" InNoStates 0
in0=$(counter "$NS_A" InPackets)
cap_start
run "$NS_B" "$PY" "$PYDIR/esp_send.py" "$IP_A" 0x999 --seq 1 ||
	ksft_fail "cannot send ESP from B"
wait_counter "$NS_A" InNoStates 1
run "$NS_B" "$PY" "$PYDIR/esp_send.py" "$IP_A" 0x99a --seq 7 --count 3 ||
	ksft_fail "cannot send ESP from B"
cap_stop
check_eq "ESP packets B->A on the wire" "$(cap_count "esp and src $IP_B and dst $IP_A")" 4
wait_counter "$NS_A" InNoStates 4
check_counter "$NS_A" InPackets "$in0"
check_counter "$NS_A" InStateProtoError 0
stats_dump "$NS_A"

ksft_pass "no SA: outbound dropped (OutNoStates), unknown SPI dropped (InNoStates)"
