#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Issue #15, item 8: inbound checks that a crafted packet could dodge.
# 1. Fragments: a datagram that arrives in fragments through an ESP
#    tunnel is reassembled from that tunnel's fragments only. B (the
#    kernel's XFRM) sends UDP datagrams to A (ipsecdp) as two fragments:
#    both through the tunnel (A delivers the datagram), or one forged in
#    clear straight onto the wire and the other through the tunnel (A
#    delivers nothing: the cleartext fragment cannot join the protected
#    one, which used to lend the reassembled datagram its SA).
#    IPv4 and IPv6, host-to-host tunnel mode.
# 2. ICMP errors: a cleartext ICMP/ICMPv6 error from a host without a
#    policy that quotes a packet of a protected flow is dropped
#    (InTmplMismatch); one quoting an ESP packet (a router's PMTU
#    message) is taken.
# 3. IPv6 segment routing: a cleartext packet to an unprotected address
#    of A whose routing header sends it on to a protected address of A is
#    dropped (InTmplMismatch), where it used to reach that address's
#    socket; to an unprotected final address it is delivered.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
need_xfrm
"$PY" -c 'import scapy' 2>/dev/null || ksft_skip "python3-scapy missing"

topo_setup
topo_v6

pair_dual tunnel esp 64
ping_ok "$NS_B" "$IP_A" 2
ping_ok "$NS_B" "$IP6_A" 2
# forged frames go to A's MAC (a broadcast one would not be for A alone)
DST_MAC=$(ip netns exec "$NS_A" cat "/sys/class/net/$IF_A/address")
export DST_MAC

# recv_start PORT FILE: UDP receiver in A (v4 and v6), datagrams to FILE
recv_start() {
	# not via in_ns: $! must be python itself (ip netns exec execs it)
	ip netns exec "$NS_A" "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1])))
with open(sys.argv[2], "ab", buffering=0) as f:
    while True:
        d = s.recv(65535)
        f.write(d[:6] + b"\n")
' "$1" "$2" &
	RECV=$!
	add_cleanup "kill $RECV 2>/dev/null"
	wait_for -t 30 sh -c "ip netns exec $NS_A ss -Hlun 'sport = :$1' | grep -q ." ||
		ksft_fail "UDP receiver did not start"
}

recv_start 7000 "$T/got"
for dst in "$IP_A" "$IP6_A"; do
	log "=== $dst: both fragments through the tunnel"
	run "$NS_B" "$PY" "$PYDIR/frag_mix.py" "$IF_B" "$dst" 7000 stack stack GOOD01 ||
		ksft_fail "frag_mix.py failed"
	wait_for -t 10 grep -q GOOD01 "$T/got" ||
		ksft_fail "$dst: a datagram in protected fragments was not delivered"
	: >"$T/got"
	log "ok: delivered"

	log "=== $dst: first fragment forged in clear, last through the tunnel"
	run "$NS_B" "$PY" "$PYDIR/frag_mix.py" "$IF_B" "$dst" 7000 wire stack EVIL01 ||
		ksft_fail "frag_mix.py failed"
	sleep 3
	if grep -q EVIL01 "$T/got"; then
		ksft_fail "$dst: a datagram with a cleartext fragment was delivered as protected"
	fi
	log "ok: not delivered"

	log "=== $dst: first fragment through the tunnel, last forged in clear"
	run "$NS_B" "$PY" "$PYDIR/frag_mix.py" "$IF_B" "$dst" 7000 stack wire EVIL02 ||
		ksft_fail "frag_mix.py failed"
	sleep 3
	if grep -q EVIL02 "$T/got"; then
		ksft_fail "$dst: a datagram with a cleartext fragment was delivered"
	fi
	log "ok: not delivered"
	: >"$T/got"
done

log "=== 2. cleartext ICMP errors quoting protected flows"
for fam in 4 6; do
	if [ $fam = 4 ]; then r=10.0.0.77 a=$IP_A b=$IP_B; else r=fd00::77 a=$IP6_A b=$IP6_B; fi
	m0=$(counter "$NS_A" InTmplMismatch)
	run "$NS_B" "$PY" "$PYDIR/inb_forge.py" "$IF_B" icmp "$r" "$a" "$a" "$b" udp ||
		ksft_fail "inb_forge.py failed"
	wait_counter "$NS_A" InTmplMismatch $((m0 + 1))
	run "$NS_B" "$PY" "$PYDIR/inb_forge.py" "$IF_B" icmp "$r" "$a" "$a" "$b" esp ||
		ksft_fail "inb_forge.py failed"
	sleep 1
	check_counter "$NS_A" InTmplMismatch $((m0 + 1))
done

log "=== 3. IPv6 routing header to a protected address of A"
ip -n "$NS_A" addr add fd00::99/128 dev lo
ip -n "$NS_A" addr add fd00::98/128 dev lo
for k in all default "$IF_A"; do
	ip netns exec "$NS_A" sysctl -qw "net.ipv6.conf.$k.seg6_enabled=1"
done
ctl_ok "$NS_A" policy add src fd00::3/128 dst fd00::99/128 dir in \
	tmpl src "$IP6_B" dst "$IP6_A" proto esp mode tunnel
: >"$T/got"
log "--- control: final address without a policy"
run "$NS_B" "$PY" "$PYDIR/inb_forge.py" "$IF_B" srh fd00::3 "$IP6_A" fd00::98 7000 SRHOK1 ||
	ksft_fail "inb_forge.py failed"
wait_for -t 10 grep -q SRHOK1 "$T/got" ||
	ksft_fail "the control packet (segment routing to fd00::98) was not delivered"
m0=$(counter "$NS_A" InTmplMismatch)
run "$NS_B" "$PY" "$PYDIR/inb_forge.py" "$IF_B" srh fd00::3 "$IP6_A" fd00::99 7000 SRHBAD ||
	ksft_fail "inb_forge.py failed"
wait_counter "$NS_A" InTmplMismatch $((m0 + 1))
sleep 1
if grep -q SRHBAD "$T/got"; then
	ksft_fail "a cleartext packet reached the protected address through its routing header"
fi
stats_dump "$NS_A"
ksft_pass "tunnel fragments reassembled apart, forged ICMP errors and routing headers dropped"
