#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# NAT traversal through a real NAT: host A (ipsecdp) is behind N, a
# namespace that masquerades (nftables) A's private network onto the
# outside one where B is; B runs the kernel's XFRM (with a UDP_ENCAP socket
# on 4500, as an IKE daemon holds), then ipsecdp. A's SAs and B's use ESP
# in UDP 4500 <-> 4500; B knows A by N's outside address, as an IKE daemon
# that detected the NAT would set it up. Transport mode (the inner TCP
# checksum then covers addresses the NAT changed: the receiver trusts the
# ICV instead, RFC 3948 3.1.2) and tunnel mode (inner addresses on lo):
# ping both ways (A first: that opens the NAT mapping), 10 MiB TCP each way
# with matching SHA-256. The capture on N's outside interface must show
# ESP in UDP 4500 both ways and nothing else between N and B: no bare
# ESP, no cleartext TCP/UDP/ICMP. make check (IPSECDP_TIER=a, CI) sends
# 3 MiB each way instead of 10, to fit CI's time; make check-full, or
# TESTS= (no IPSECDP_TIER), sends 10 MiB.
#
#   A  a0 10.8.1.2/24 (lo 10.1.0.1) -- n0 10.8.1.1/24 [N, masquerade]
#      n1 10.9.0.1/24 -- b0 10.9.0.2/24 (lo 10.2.0.1)  B
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd nft socat tcpdump ss "$PY"
need_ipsecctl
need_xfrm

NS_N=ipN-$SFX
A_PRIV=10.8.1.2 N_IN=10.8.1.1 N_OUT=10.9.0.1 B_OUT=10.9.0.2
IN_A=10.1.0.1 IN_B=10.2.0.1
ENC=(encap espinudp 4500 4500 0.0.0.0)
MIB=10
[ "${IPSECDP_TIER:-all}" = all ] || MIB=3
MIB=${XFER_MIB:-$MIB}
RW=1024		# TCG reorders bulk TCP (see test 10)
SPI=$((0x4000))

topo() {
	ns_create "$NS_A"
	ns_create "$NS_N"
	ns_create "$NS_B"
	veth_pair "$NS_A" a0 "$A_PRIV/24" "$NS_N" n0 "$N_IN/24"
	veth_pair "$NS_N" n1 "$N_OUT/24" "$NS_B" b0 "$B_OUT/24"
	_addrs "$NS_A" lo "$IN_A/32"
	_addrs "$NS_B" lo "$IN_B/32"
	ip -n "$NS_A" route add default via "$N_IN" &&
		ip -n "$NS_A" route add "$IN_B/32" via "$N_IN" src "$IN_A" ||
		ksft_fail "cannot add A's routes"
	# B has no route to A's private network: only to N's outside address
	ip -n "$NS_B" route add "$IN_A/32" via "$N_OUT" src "$IN_B" ||
		ksft_fail "cannot add B's route to A's inner address"
	in_ns "$NS_N" sysctl -qw net.ipv4.ip_forward=1 ||
		ksft_fail "cannot enable forwarding in N"
	in_ns "$NS_N" nft -f - <<-EOF || ksft_fail "cannot set up the NAT (nft)"
		table ip nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "n1" masquerade
			}
		}
	EOF
	wait_for -t 30 in_ns "$NS_A" ping -c1 -W1 "$B_OUT" ||
		ksft_fail "A cannot reach B through the NAT before IPsec setup"
	log "topology: A $A_PRIV -- N $N_IN/$N_OUT (masquerade) -- B $B_OUT"
}

# sa_words SRC DST SPI KEY: one ESP SA in UDP, AES-GCM-128
sa_words() {
	SAW=(src "$1" dst "$2" proto esp spi "$3" mode "$MODE"
	     aead "$GCM" "$4" 128 replay-window "$RW" "${ENC[@]}")
}

# setup PEER: A's SAs and policies (ipsecdp) and B's (PEER: xfrm or ours)
setup() {
	local peer=$1 tin=() tout=() bin=() bout=() sel_a sel_b sel_an
	local kab kba
	kab=$(rand_key 20) kba=$(rand_key 20)
	SAB=$((SPI += 2)) SBA=$((SPI + 1))
	if [ "$MODE" = tunnel ]; then
		sel_a=$IN_A sel_b=$IN_B sel_an=$IN_A
		tout=(src "$A_PRIV" dst "$B_OUT") tin=(src "$B_OUT" dst "$A_PRIV")
		bout=(src "$B_OUT" dst "$N_OUT") bin=(src "$N_OUT" dst "$B_OUT")
	else
		sel_a=$A_PRIV sel_b=$B_OUT sel_an=$N_OUT
	fi
	sa_words "$A_PRIV" "$B_OUT" "$SAB" "$kab"
	ctl_ok "$NS_A" sa add "${SAW[@]}"
	sa_words "$B_OUT" "$A_PRIV" "$SBA" "$kba"
	ctl_ok "$NS_A" sa add "${SAW[@]}"
	ctl_ok "$NS_A" policy add src "$sel_a/32" dst "$sel_b/32" dir out \
		tmpl "${tout[@]}" proto esp mode "$MODE" spi "$SAB"
	ctl_ok "$NS_A" policy add src "$sel_b/32" dst "$sel_a/32" dir in \
		tmpl "${tin[@]}" proto esp mode "$MODE"
	# B: A is N's outside address
	if [ "$peer" = ours ]; then
		sa_words "$N_OUT" "$B_OUT" "$SAB" "$kab"
		ctl_ok "$NS_B" sa add "${SAW[@]}"
		sa_words "$B_OUT" "$N_OUT" "$SBA" "$kba"
		ctl_ok "$NS_B" sa add "${SAW[@]}"
		ctl_ok "$NS_B" policy add src "$sel_b/32" dst "$sel_an/32" dir out \
			tmpl "${bout[@]}" proto esp mode "$MODE" spi "$SBA"
		ctl_ok "$NS_B" policy add src "$sel_an/32" dst "$sel_b/32" dir in \
			tmpl "${bin[@]}" proto esp mode "$MODE"
		return
	fi
	sa_words "$N_OUT" "$B_OUT" "$SAB" "$kab"
	ok_run "$NS_B" ip xfrm state add "${SAW[@]}" reqid 1
	sa_words "$B_OUT" "$N_OUT" "$SBA" "$kba"
	ok_run "$NS_B" ip xfrm state add "${SAW[@]}" reqid 1
	ok_run "$NS_B" ip xfrm policy add src "$sel_b/32" dst "$sel_an/32" \
		dir out tmpl src "$B_OUT" dst "$N_OUT" proto esp reqid 1 mode "$MODE"
	ok_run "$NS_B" ip xfrm policy add src "$sel_an/32" dst "$sel_b/32" \
		dir in tmpl src "$N_OUT" dst "$B_OUT" proto esp reqid 1 mode "$MODE"
}

# wire_check: on N's outside interface only ESP in UDP 4500, both ways
wire_check() {
	local ab ba bare clear
	ab=$(cap_count "src $N_OUT and dst $B_OUT and udp src port 4500 and udp dst port 4500")
	ba=$(cap_count "src $B_OUT and dst $N_OUT and udp src port 4500 and udp dst port 4500")
	bare=$(cap_count esp)
	clear=$(cap_count "not (udp port 4500) and (tcp or udp or icmp)")
	log "wire (N outside): ESP in UDP N->B $ab, B->N $ba, bare ESP $bare, cleartext $clear (capture drops: $(cap_drops))"
	if [ "$clear" != 0 ]; then
		tcpdump -r "$CAP_FILE" -nn "not (udp port 4500) and (tcp or udp or icmp)" 2>/dev/null |
			head -5 | sed 's/^/    /'
		ksft_fail "cleartext traffic outside the NAT"
	fi
	[ "$bare" = 0 ] || ksft_fail "ESP outside UDP on the wire"
	[ "$ab" -gt 0 ] && [ "$ba" -gt 0 ] ||
		ksft_fail "no ESP in UDP through the NAT in one direction"
	log "ok: only ESP in UDP 4500 outside the NAT"
}

# run_case PEER MODE
run_case() {
	local peer=$1 da db
	MODE=$2
	log "=== A (ipsecdp, behind NAT) <-> B ($peer), $MODE mode"
	setup "$peer"
	if [ "$MODE" = tunnel ]; then da=$IN_A db=$IN_B; else da=$N_OUT db=$B_OUT; fi
	ip netns exec "$NS_N" tcpdump -Z root --immediate-mode -i n1 -nn -U \
		-B 8192 -s 128 -w "$T/nat.pcap" 2>"$T/nat.pcap.log" &
	CAP_PID=$! CAP_FILE=$T/nat.pcap
	add_cleanup "kill $CAP_PID 2>/dev/null"
	wait_for -t 60 grep -q 'listening on' "$T/nat.pcap.log" ||
		ksft_fail "tcpdump did not start"
	ping_ok "$NS_A" "$db" 3
	ping_ok "$NS_B" "$da" 3
	tcp_xfer "$NS_A" "$NS_B" "$db" "$MIB" 5101
	tcp_xfer "$NS_B" "$NS_A" "$da" "$MIB" 5102
	cap_stop
	wire_check
	check_counter "$NS_A" InStateProtoError 0
	check_counter "$NS_A" InEncapError 0
	check_counter "$NS_A" InStateMismatch 0
	check_sa_field "$NS_A" "$SAB" out_packets ">$((MIB * 100))"
	check_sa_field "$NS_A" "$SBA" in_packets ">$((MIB * 100))"
	if [ "$peer" = ours ]; then
		check_counter "$NS_B" InStateProtoError 0
		check_counter "$NS_B" InEncapError 0
		ours_flush "$NS_B"
	else
		for c in InError InHdrError InNoStates InStateProtoError InTmplMismatch; do
			check_eq "XFRM peer Xfrm$c" "$(xfrm_stat "$NS_B" "$c")" 0
		done
		xfrm_flush "$NS_B"
	fi
	ours_flush "$NS_A"
}

topo
ip netns exec "$NS_B" "$PY" "$PYDIR/udp_encap.py" 4500 "$T/encap.ready" \
	>"$T/encap.log" 2>&1 &
add_cleanup "kill $! 2>/dev/null"
wait_for -t 30 test -s "$T/encap.ready" ||
	ksft_fail "no UDP_ENCAP socket in B: $(cat "$T/encap.log")"
stats_dump "$NS_A" >/dev/null
for peer in xfrm ours; do
	for mode in transport tunnel; do
		run_case "$peer" "$mode"
	done
done
ksft_pass "through a masquerading NAT: ESP in UDP with XFRM and ipsecdp, transport and tunnel, ping and ${MIB} MiB TCP both ways, only UDP 4500 outside"
