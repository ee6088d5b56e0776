#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Issue #15, items 6, 9 and 12: how decrypted packets go on, and lengths.
# 12. Transport mode: a capture on the receiving host's own interface
#     during bulk TCP shows only ESP, no decrypted TCP (as XFRM's
#     transport mode); tunnel mode shows the inner packets on that
#     interface, as XFRM's tunnel mode does (logged, not a failure).
# 9.  RPS on A's receiving device (rps_cpus = every CPU): protected ping
#     and TCP both ways pass, transport and tunnel mode, IPv4 and IPv6.
# 6.  A packet whose IP length field cannot hold it once ESP is added
#     (65535-byte IPv4 datagram, 65535-byte IPv6 payload) is dropped and
#     counted (OutError), nothing goes on the wire; smaller ones pass.
# ipsecdp in A, the kernel's XFRM in B.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump socat
need_ipsecctl
need_xfrm

topo_setup
topo_v6


# own_cap_start / own_cap_stop: capture on A's own interface
own_cap_start() {
	rm -f "$T/own.pcap" "$T/own.log"
	ip netns exec "$NS_A" tcpdump -Z root --immediate-mode -i "$IF_A" -nn -U \
		-B 8192 -s 128 -w "$T/own.pcap" 2>"$T/own.log" &
	OWN_PID=$!
	add_cleanup "kill $OWN_PID 2>/dev/null"
	wait_for -t 60 grep -q 'listening on' "$T/own.log" ||
		ksft_fail "tcpdump did not start: $(cat "$T/own.log")"
}
own_cap_stop() {
	sleep 0.5
	kill -TERM "$OWN_PID" 2>/dev/null
	wait "$OWN_PID" 2>/dev/null
}
own_count() { tcpdump -nn -r "$T/own.pcap" "$1" 2>/dev/null | wc -l; }

log "=== 12. transport mode: A's own interface shows no decrypted packet"
pair_dual transport esp 256
own_cap_start
tcp_xfer "$NS_B" "$NS_A" "$IP_A" 2
tcp_xfer "$NS_B" "$NS_A" "$IP6_A" 1 5002
own_cap_stop
clear_n=$(own_count "tcp")
esp_n=$(own_count "esp")
log "A's interface: $esp_n ESP, $clear_n cleartext TCP"
[ "$esp_n" -gt 100 ] || ksft_fail "the capture saw too few ESP packets"
[ "$clear_n" = 0 ] ||
	ksft_fail "$clear_n decrypted TCP packets shown to A's packet taps"

log "=== 9. RPS on A's receiving device, transport mode"
rps=$(printf '%x' $(((1 << $(nproc)) - 1)))
ok_run "$NS_A" sh -c "echo $rps > /sys/class/net/$IF_A/queues/rx-0/rps_cpus"
log "rps_cpus of $IF_A: $(in_ns "$NS_A" cat "/sys/class/net/$IF_A/queues/rx-0/rps_cpus")"
ping_ok "$NS_B" "$IP_A" 3
ping_ok "$NS_A" "$IP6_B" 3
tcp_xfer "$NS_B" "$NS_A" "$IP_A" 2
tcp_xfer "$NS_A" "$NS_B" "$IP6_B" 2
check_counter "$NS_A" InTmplMismatch 0

log "=== 9. RPS, tunnel mode"
pair_dual tunnel esp 256
ping_ok "$NS_B" "$IP_A" 3
ping_ok "$NS_B" "$IP6_A" 3
own_cap_start
tcp_xfer "$NS_B" "$NS_A" "$IP_A" 2
own_cap_stop
log "tunnel mode, A's interface: $(own_count esp) ESP, $(own_count tcp) inner TCP (shown to taps, as XFRM's tunnel mode)"
tcp_xfer "$NS_A" "$NS_B" "$IP6_B" 2
check_counter "$NS_A" InTmplMismatch 0

log "=== 6. the IP length field would wrap: dropped and counted"
pair_dual transport esp 256
ok_run "$NS_A" sh -c "echo 0 > /sys/class/net/$IF_A/queues/rx-0/rps_cpus"
err0=$(counter "$NS_A" OutError)
cap_start
in_ns "$NS_A" ping -n -c 1 -W 2 -s 65507 "$IP_B" >/dev/null 2>&1
in_ns "$NS_A" ping -n -c 1 -W 2 -s 65527 "$IP6_B" >/dev/null 2>&1
cap_stop
wire=$(cap_count "src $IP_A or src $IP6_A")
log "wire: $wire packets from A"
[ "$wire" = 0 ] || ksft_fail "A sent $wire packets for datagrams it cannot protect"
check_counter "$NS_A" OutError $((err0 + 2))
log "--- a large datagram that still fits is protected and answered"
out=$(in_ns "$NS_A" ping -n -c 1 -W 20 -s 65000 "$IP_B" 2>&1) ||
	ksft_fail "ping -s 65000: $out"
out=$(in_ns "$NS_A" ping -n -c 1 -W 20 -s 65000 "$IP6_B" 2>&1) ||
	ksft_fail "ping -6 -s 65000: $out"
check_counter "$NS_A" OutError $((err0 + 2))

ksft_pass "no second tap pass in transport mode, RPS works, length wrap dropped"
