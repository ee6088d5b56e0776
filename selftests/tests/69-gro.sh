#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# debug: gate
# GRO of decrypted packets (core/gro.c, issue #19), with GRO on at both
# hosts' interfaces (a veth's default is off, a NIC's on):
# 1. ipsecdp <-> ipsecdp, tunnel mode, IPv4 and IPv6: TCP both ways
#    intact, only ESP on the wire, and the receiver's TCP got at most 3
#    packets for 4 its SA decrypted (GRO merged inner segments); transport
#    mode, which keeps decrypted packets from the device's taps, one TCP
#    packet per ESP packet;
# 2. the same count with rx_gro=0 tells the difference: one TCP packet
#    per ESP packet; and with RPS on the receiver's interface, where a
#    merged packet would leave for another CPU's backlog, packets are
#    delivered one by one and the transfer completes (RPS elsewhere, even
#    on a device since destroyed, does not turn GRO off);
# 3. cleartext datagrams forged onto the wire to B while a merged flow
#    runs are dropped (InTmplMismatch), none delivered;
# 4. the kernel's XFRM as peer, transport and tunnel, IPv4 and IPv6: TCP
#    both ways intact.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat tcpdump ethtool
need_ipsecctl
need_xfrm
"$PY" -c 'import scapy' 2>/dev/null || ksft_skip "python3-scapy missing"
MIB=${XFER_MIB:-4}
RW=1024
GRO_PARAM=/sys/module/ipsecdp/parameters/rx_gro
[ -w "$GRO_PARAM" ] || ksft_fail "no writable $GRO_PARAM"

topo_setup
topo_v6
# An RPS map on a device that is then destroyed leaves the kernel's
# rps_needed on for good (test 62 does so before this one in a full run):
# GRO must still be used where the receiving device itself has no RPS.
ip -n "$NS_W" link add "rl$SFX" type veth peer name "rm$SFX" &&
	in_ns "$NS_W" sh -c "echo 3 >/sys/class/net/rl$SFX/queues/rx-0/rps_cpus" &&
	ip -n "$NS_W" link del "rl$SFX" ||
	ksft_fail "cannot leave an RPS map behind"
for pair in "$NS_A:$IF_A" "$NS_B:$IF_B"; do
	in_ns "${pair%%:*}" ethtool -K "${pair#*:}" gro on ||
		ksft_fail "cannot turn GRO on at ${pair#*:}"
done

# xfer_count FROM TO IP SPI PORT WANT: a TCP transfer FROM -> IP, then
# compare the packets TO's SA SPI decrypted with those its TCP received:
# WANT merged (at most 3 TCP packets per 4 ESP ones; the debug kernel,
# whose slow datapath leaves fewer packets waiting per poll, was seen at
# 1 in 2) or single (at least 9 in 10)
xfer_count() {
	local from=$1 to=$2 ip=$3 spi=$4 port=$5 want=$6 t0 e0 tcp esp
	t0=$(snmp "$to" Tcp InSegs)
	e0=$(sa_field "$to" "$spi" in_packets)
	tcp_xfer "$from" "$to" "$ip" "$MIB" "$port"
	tcp=$(($(snmp "$to" Tcp InSegs) - t0))
	esp=$(($(sa_field "$to" "$spi" in_packets) - e0))
	log "${to%%-*}: SA $spi decrypted $esp packets, TCP received $tcp"
	[ "$esp" -gt $((MIB * 500)) ] || ksft_fail "only $esp ESP packets for $MIB MiB"
	case $want in
	merged)
		[ $((tcp * 4)) -le $((esp * 3)) ] ||
			ksft_fail "GRO merged too little: $tcp TCP packets from $esp ESP packets" ;;
	single)
		[ $((tcp * 10)) -ge $((esp * 9)) ] ||
			ksft_fail "merged without GRO: $tcp TCP packets from $esp ESP packets" ;;
	esac
}

cap_start "$T/wire.pcap"
for mode in tunnel transport; do
	want=merged
	[ $mode = transport ] && want=single
	log "=== ipsecdp <-> ipsecdp, $mode mode, GRO on: $want"
	pair_dual "$mode" esp $RW ours
	xfer_count "$NS_A" "$NS_B" "$IP_B" 0x100 5001 $want
	xfer_count "$NS_B" "$NS_A" "$IP_A" 0x101 5002 $want
	xfer_count "$NS_A" "$NS_B" "$IP6_B" 0x110 5003 $want
	xfer_count "$NS_B" "$NS_A" "$IP6_A" 0x111 5004 $want
done
pair_dual tunnel esp $RW ours

log "=== rx_gro=0: one TCP packet per ESP packet"
echo 0 >"$GRO_PARAM"
add_cleanup "echo 1 >$GRO_PARAM"
xfer_count "$NS_A" "$NS_B" "$IP_B" 0x100 5005 single
echo 1 >"$GRO_PARAM"

log "=== RPS on B's interface: delivered one by one"
RPS=/sys/class/net/$IF_B/queues/rx-0/rps_cpus
in_ns "$NS_B" sh -c "echo 3 >$RPS" || ksft_fail "cannot set $RPS"
xfer_count "$NS_A" "$NS_B" "$IP_B" 0x100 5006 single
xfer_count "$NS_A" "$NS_B" "$IP6_B" 0x110 5007 single
in_ns "$NS_B" sh -c "echo 0 >$RPS"
cap_stop
cap_check_esp

log "=== cleartext forged to B during a merged flow"
B_MAC=$(in_ns "$NS_B" cat "/sys/class/net/$IF_B/address")
rm -f "$T/got"
in_ns "$NS_B" timeout 120 socat -u UDP4-RECV:7000 "OPEN:$T/got,creat" &
add_cleanup "kill $! 2>/dev/null"
wait_for -t 30 sh -c "ip netns exec $NS_B ss -Hlun 'sport = :7000' | grep -q ." ||
	ksft_fail "UDP receiver did not start"
m0=$(counter "$NS_B" InTmplMismatch)
ip netns exec "$NS_A" "$PY" -c '
import sys, time
from scapy.all import Ether, IP, UDP, Raw, sendp
f = Ether(dst=sys.argv[2]) / IP(src=sys.argv[3], dst=sys.argv[4]) / UDP(sport=7000, dport=7000) / Raw(b"CLEAR!")
for _ in range(20):
    sendp([f] * 10, iface=sys.argv[1], verbose=False)
    time.sleep(0.2)
' "$IF_A" "$B_MAC" "$IP_A" "$IP_B" &
inj=$!
xfer_count "$NS_A" "$NS_B" "$IP_B" 0x100 5008 merged
wait "$inj" || ksft_fail "forging cleartext failed"
wait_counter "$NS_B" InTmplMismatch ">=$((m0 + 200))"
[ ! -s "$T/got" ] || ksft_fail "B delivered forged cleartext: $(head -c 60 "$T/got")"
log "ok: 200 forged cleartext datagrams dropped, none delivered"

for mode in transport tunnel; do
	log "=== ipsecdp (A) <-> XFRM (B), $mode mode, GRO on"
	pair_dual "$mode" esp $RW
	tcp_xfer "$NS_B" "$NS_A" "$IP_A" "$MIB" 5010
	tcp_xfer "$NS_A" "$NS_B" "$IP_B" "$MIB" 5011
	tcp_xfer "$NS_B" "$NS_A" "$IP6_A" "$MIB" 5012
	tcp_xfer "$NS_A" "$NS_B" "$IP6_B" "$MIB" 5013
	check_xfrm_clean "$NS_B"
done

for ns in "$NS_A" "$NS_B"; do
	stats_dump "$ns"
	for c in InStateProtoError InNoStates InHdrError InError \
		InBufferError OutNoStates OutError; do
		check_counter "$ns" "$c" 0
	done
done
ksft_pass "GRO of decrypted packets: merged, exact, policy kept, XFRM interop"
