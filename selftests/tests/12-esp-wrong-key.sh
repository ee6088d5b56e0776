#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Integrity failure: B (XFRM) encrypts B->A with a key that differs from the
# one of A's inbound SA (same SPI). Every packet must fail A's ICV check:
# ping B->A gets no reply, A's InStateProtoError and the SA's
# integrity_failed count exactly the packets sent, nothing is accepted
# (InPackets, in_packets unchanged), nothing is delivered (ICMP echo
# requests answered: none).
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm

N=5
topo_setup

kab=$(rand_key 20)
kba=$(rand_key 20)
kbad=$(rand_key 20)
[ "$kba" != "$kbad" ] || ksft_fail "random keys collide"
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x501 0x502 "$kab" "$kba"
# B encrypts towards A with the wrong key
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x502 0x501 "$kbad" "$kab"

check_counter "$NS_A" InStateProtoError 0
check_sa_field "$NS_A" 0x502 integrity_failed 0
in0=$(counter "$NS_A" InPackets)
echo0=$(snmp "$NS_A" Icmp InEchos)

cap_start
ping_fails "$NS_B" "$IP_A" "$N"
cap_stop
esp=$(cap_count "esp and src $IP_B and dst $IP_A")
check_eq "ESP packets B->A on the wire" "$esp" "$N"
check_no_cleartext

stats_dump "$NS_A"
wait_counter "$NS_A" InStateProtoError "$N"
check_sa_field "$NS_A" 0x502 integrity_failed "$N"
check_sa_field "$NS_A" 0x502 in_packets 0
check_counter "$NS_A" InPackets "$in0"
check_counter "$NS_A" InStateSeqError 0
check_counter "$NS_A" InNoStates 0
# A's ICMP stack never saw an echo request (InEchos in /proc/net/snmp)
echo1=$(snmp "$NS_A" Icmp InEchos)
check_eq "ICMP echo requests delivered to A" "$((echo1 - echo0))" 0

# A -> B still works one way: B (right key for A->B) accepts it; the reply
# is encrypted with the wrong key again and dropped by A.
ping_fails "$NS_A" "$IP_B" 2
wait_counter "$NS_A" InStateProtoError $((N + 2))
check_eq "XFRM peer InStateProtoError" "$(xfrm_stat "$NS_B" InStateProtoError)" 0

ksft_pass "wrong key: every packet dropped and counted as InStateProtoError / integrity_failed"
