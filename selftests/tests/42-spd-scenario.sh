#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# The seed's scenario: "when any computer on the HR subnet talks to the HR
# server, all traffic must be encrypted and signed; when any computer
# accesses the benefits database, signed only". On one link:
#
#   A (ipsecdp): HR workstation 10.0.1.5 (HR subnet 10.0.1.0/24)
#                guest 10.0.3.7 (not HR)
#   B (XFRM in round 1, ipsecdp in round 2):
#                HR server 10.0.2.10, benefits database 10.0.2.20,
#                intranet web server 10.0.2.30
#
# A's policies: HR subnet <-> HR server: ESP (AES-GCM), except SSH (TCP 22,
# priority 10 beats the protect policies' 100): in clear; HR subnet <->
# benefits: AH (hmac(sha256)), signed only; guest -> HR server: block;
# everything else: no policy, in clear. Per flow, a capture on the wire and
# a marker string sent over TCP show what travelled:
#   HR -> HR server        ESP only, marker unreadable
#   HR -> HR server :22    cleartext TCP, marker readable
#   HR -> benefits         AH with the marker readable, nothing unsigned
#   HR -> web server       cleartext, no ESP/AH
#   guest -> HR server     nothing leaves A, OutPolBlock counts it
# Then inbound enforcement on A (B's policies removed, B sends by hand):
#   - cleartext UDP from the HR server to the HR subnet: dropped,
#     InTmplMismatch, never delivered;
#   - a correctly encrypted ESP packet (scapy, the HR SA's key and SPI)
#     whose header is benefits -> HR (a flow whose policy demands AH):
#     dropped before the policy check because a transport SA's source
#     must be the packet's (InStateMismatch), never delivered.
# timeout: 420
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump socat ss
need_ipsecctl
need_xfrm
need_mod ah4

HR=10.0.1.5 GUEST=10.0.3.7 HRSRV=10.0.2.10 BEN=10.0.2.20 WEB=10.0.2.30
HRNET=10.0.1.0/24
SHA='hmac(sha256)'
K_ESP_AB=$(rand_key 20) K_ESP_BA=$(rand_key 20)
K_AH_AB=$(rand_key 32) K_AH_BA=$(rand_key 32)

topo_setup
in_ns "$NS_A" ip addr add "$HR/24" dev "$IF_A" &&
	in_ns "$NS_A" ip addr add "$GUEST/24" dev "$IF_A" &&
	in_ns "$NS_B" ip addr add "$HRSRV/24" dev "$IF_B" &&
	in_ns "$NS_B" ip addr add "$BEN/24" dev "$IF_B" &&
	in_ns "$NS_B" ip addr add "$WEB/24" dev "$IF_B" &&
	in_ns "$NS_A" ip route add 10.0.2.0/24 dev "$IF_A" src "$HR" &&
	in_ns "$NS_B" ip route add 10.0.1.0/24 dev "$IF_B" &&
	in_ns "$NS_B" ip route add 10.0.3.0/24 dev "$IF_B" ||
	ksft_fail "cannot add the scenario's addresses and routes"
for d in $HRSRV $BEN $WEB; do
	wait_for -t 10 in_ns "$NS_A" ping -c1 -W1 "$d" ||
		ksft_fail "no cleartext connectivity to $d before IPsec"
done

# scenario SIDE KIND: the scenario's SAs (the same on both hosts) and
# policies (B's are A's with the directions swapped), configured through
# ipsecctl (KIND ours) or ip xfrm (xfrm): the same words for both, but
# for the reqid that ties XFRM's templates to SAs (ipsecdp's templates
# find their SA by addresses and protocol)
scenario() {
	local side=$1 kind=$2 ns=$NS_A o=out i=in r1=() r2=()
	[ "$side" = b ] && { ns=$NS_B; o=in; i=out; }
	[ "$kind" = xfrm ] && r1=(reqid 1) r2=(reqid 2)
	_sa() {
		if [ "$kind" = xfrm ]; then ok_run "$ns" ip xfrm state add "$@"
		else ctl_ok "$ns" sa add "$@"; fi
	}
	_pol() {
		if [ "$kind" = xfrm ]; then ok_run "$ns" ip xfrm policy add "$@"
		else ctl_ok "$ns" policy add "$@"; fi
	}
	_sa src "$HR" dst "$HRSRV" proto esp spi 0x1001 reqid 1 mode transport \
		aead "$GCM" "$K_ESP_AB" 128 replay-window 128
	_sa src "$HRSRV" dst "$HR" proto esp spi 0x1002 reqid 1 mode transport \
		aead "$GCM" "$K_ESP_BA" 128 replay-window 128
	_sa src "$HR" dst "$BEN" proto ah spi 0x2001 reqid 2 mode transport \
		auth-trunc "$SHA" "$K_AH_AB" 128 replay-window 128
	_sa src "$BEN" dst "$HR" proto ah spi 0x2002 reqid 2 mode transport \
		auth-trunc "$SHA" "$K_AH_BA" 128 replay-window 128
	_pol src "$HRNET" dst "$HRSRV/32" dir $o priority 100 \
		tmpl proto esp "${r1[@]}" mode transport
	_pol src "$HRSRV/32" dst "$HRNET" dir $i priority 100 \
		tmpl proto esp "${r1[@]}" mode transport
	_pol src "$HRNET" dst "$HRSRV/32" proto tcp dport 22 dir $o priority 10
	_pol src "$HRSRV/32" dst "$HRNET" proto tcp sport 22 dir $i priority 10
	_pol src "$HRNET" dst "$BEN/32" dir $o priority 100 \
		tmpl proto ah "${r2[@]}" mode transport
	_pol src "$BEN/32" dst "$HRNET" dir $i priority 100 \
		tmpl proto ah "${r2[@]}" mode transport
	if [ "$side" = a ]; then
		_pol src 10.0.3.0/24 dst "$HRSRV/32" dir out priority 100 \
			action block
	fi
}

# marker_tcp SRC DST PORT MARKER: A (bound to SRC) sends a text with MARKER
# over TCP to B's DST:PORT, B echoes nothing; the text must arrive intact
marker_tcp() {
	local src=$1 dst=$2 port=$3 m=$4 lpid
	printf '%s %s %s\n' "$m" "$m" "$m" >"$T/msg"
	rm -f "$T/rcvd"
	in_ns "$NS_B" timeout 120 socat -u "TCP-LISTEN:$port,bind=$dst,reuseaddr" \
		"OPEN:$T/rcvd,creat,trunc" &
	lpid=$!
	wait_for -t 60 _listening "$NS_B" "$port" ||
		ksft_fail "socat did not listen on $dst:$port"
	log "+ [A] socat -u OPEN:msg TCP:$dst:$port,bind=$src   ($m)"
	in_ns "$NS_A" timeout 30 socat -u "OPEN:$T/msg" "TCP:$dst:$port,bind=$src" ||
		{ kill "$lpid" 2>/dev/null; ksft_fail "TCP $src -> $dst:$port failed"; }
	wait "$lpid" || ksft_fail "receiver of $dst:$port failed"
	cmp -s "$T/msg" "$T/rcvd" || ksft_fail "TCP $src -> $dst:$port: data differs"
	log "ok: TCP $src -> $dst:$port delivered intact"
}

# in_pcap MARKER: does the capture contain MARKER (the raw bytes)?
in_pcap() { grep -a -q "$1" "$CAP_FILE"; }

# flow_hr: HR -> HR server: ESP only, the marker never on the wire
flow_hr() {
	cap_start
	ping_ok "$NS_A" "$HRSRV" 3
	marker_tcp "$HR" "$HRSRV" 5001 "HR-SALARY-SECRET-$R"
	cap_stop
	local esp clear
	esp=$(cap_count "esp and host $HR and host $HRSRV")
	clear=$(cap_count "not esp and host $HR and host $HRSRV and (tcp or udp or icmp)")
	log "wire: HR <-> HR server: $esp ESP, $clear cleartext"
	[ "$esp" -gt 0 ] || ksft_fail "no ESP between HR and the HR server"
	[ "$clear" = 0 ] || ksft_fail "cleartext between HR and the HR server"
	check_eq "AH packets HR <-> HR server" "$(cap_count "ah and host $HR and host $HRSRV")" 0
	in_pcap "HR-SALARY-SECRET-$R" && ksft_fail "the HR marker is readable on the wire"
	log "ok: HR <-> HR server encrypted, the marker is not on the wire"
}

# flow_ssh: the SSH exception inside the protected flow is in clear
flow_ssh() {
	cap_start
	marker_tcp "$HR" "$HRSRV" 22 "SSH-CLEAR-$R"
	cap_stop
	local clear esp
	clear=$(cap_count "tcp port 22 and host $HR and host $HRSRV")
	esp=$(cap_count "esp and host $HR and host $HRSRV")
	log "wire: HR <-> HR server port 22: $clear cleartext TCP, $esp ESP"
	[ "$clear" -gt 0 ] || ksft_fail "no cleartext SSH on the wire"
	[ "$esp" = 0 ] || ksft_fail "SSH (bypass, priority 10) went through ESP"
	in_pcap "SSH-CLEAR-$R" || ksft_fail "the SSH marker is not readable on the wire"
	log "ok: SSH to the HR server is the bypass exception: in clear"
}

# flow_benefits: HR -> benefits: AH, payload readable, nothing unsigned
flow_benefits() {
	cap_start
	ping_ok "$NS_A" "$BEN" 3
	marker_tcp "$HR" "$BEN" 5002 "BENEFITS-SIGNED-$R"
	cap_stop
	local ah bare esp
	ah=$(cap_count "ah and host $HR and host $BEN")
	bare=$(cap_count "not ah and host $HR and host $BEN and (tcp or udp or icmp)")
	esp=$(cap_count "esp and host $HR and host $BEN")
	log "wire: HR <-> benefits: $ah AH, $bare without AH, $esp ESP"
	[ "$ah" -gt 0 ] || ksft_fail "no AH between HR and the benefits database"
	[ "$bare" = 0 ] || ksft_fail "unsigned packets between HR and the benefits database"
	[ "$esp" = 0 ] || ksft_fail "benefits traffic was encrypted (ESP), not signed only"
	in_pcap "BENEFITS-SIGNED-$R" || ksft_fail "the benefits marker is not readable (AH must not encrypt)"
	log "ok: HR <-> benefits signed only (AH), payload readable"
}

# flow_web: everything else in clear
flow_web() {
	cap_start
	ping_ok "$NS_A" "$WEB" 2
	marker_tcp "$HR" "$WEB" 5003 "INTRANET-CLEAR-$R"
	cap_stop
	check_eq "ESP/AH packets HR <-> web server" \
		"$(cap_count "(esp or ah) and host $HR and host $WEB")" 0
	[ "$(cap_count "icmp and host $HR and host $WEB")" -gt 0 ] ||
		ksft_fail "no cleartext ping to the web server on the wire"
	in_pcap "INTRANET-CLEAR-$R" || ksft_fail "the intranet marker is not on the wire"
	log "ok: HR <-> web server in clear (no policy)"
}

# flow_guest: guest -> HR server blocked by policy
flow_guest() {
	local b0
	b0=$(counter "$NS_A" OutPolBlock)
	cap_start
	log "+ [A] ping -I $GUEST $HRSRV (must fail)"
	in_ns "$NS_A" ping -n -c 3 -i 0.2 -W 1 -I "$GUEST" "$HRSRV" >"$T/p.out" 2>&1 &&
		ksft_fail "guest -> HR server answered: $(tail -2 "$T/p.out")"
	log "+ [A] socat TCP:$HRSRV:5004,bind=$GUEST (must fail)"
	echo x | in_ns "$NS_A" timeout 5 socat -u - "TCP:$HRSRV:5004,bind=$GUEST" 2>/dev/null &&
		ksft_fail "guest connected to the HR server"
	cap_stop
	check_eq "packets guest -> HR server on the wire" \
		"$(cap_count "src $GUEST and dst $HRSRV")" 0
	check_counter "$NS_A" OutPolBlock ">=$((b0 + 4))"
	log "ok: guest -> HR server blocked, counted as OutPolBlock"
}

_udp_bound() { in_ns "$1" ss -Hlun "sport = :$2" | grep -q .; }

# enforce: B's policies are removed and B sends by hand; A must refuse
enforce() {
	local kind=$1 t0 u
	if [ "$kind" = xfrm ]; then ip -n "$NS_B" xfrm policy flush; else ctl "$NS_B" policy flush; fi
	rm -f "$T/udp"
	# long enough for two scapy start-ups in a loaded TCG VM
	# not via in_ns: $! must be timeout itself, which passes a kill on
	ip netns exec "$NS_A" timeout 180 socat -u "UDP-RECV:7777,bind=$HR" \
		"OPEN:$T/udp,creat,append" &
	u=$!
	add_cleanup "kill $u 2>/dev/null"
	wait_for -t 20 _udp_bound "$NS_A" 7777 || ksft_fail "UDP receiver did not start"
	# control: the web server's cleartext UDP (no policy) is delivered
	echo "control-$R" | in_ns "$NS_B" socat -u - "UDP:$HR:7777,bind=$WEB"
	wait_for -t 10 grep -q "control-$R" "$T/udp" ||
		ksft_fail "cleartext UDP from the web server (no policy) not delivered"
	t0=$(counter "$NS_A" InTmplMismatch)
	s0=$(counter "$NS_A" InStateMismatch)
	log "--- cleartext UDP HR server -> HR (the in policy requires ESP)"
	for i in 1 2 3; do
		echo "clear-$R-$i" | in_ns "$NS_B" socat -u - "UDP:$HR:7777,bind=$HRSRV"
	done
	wait_counter "$NS_A" InTmplMismatch ">=$((t0 + 3))"
	log "--- ESP with the HR SA's key, inner header benefits -> HR (needs AH)"
	run "$NS_B" "$PY" "$PYDIR/esp_inner.py" --src "$BEN" --dst "$HR" --spi 0x1002 \
		--key "$K_ESP_BA" --seq 100000 --dport 7777 --payload "forged-$R" --count 3 ||
		ksft_fail "cannot send the crafted ESP packets"
	# the transport SA belongs to the HR server: another source under
	# it is an impersonation, refused at the SA (before the templates)
	wait_counter "$NS_A" InStateMismatch ">=$((s0 + 3))"
	check_counter "$NS_A" InTmplMismatch "$((t0 + 3))"
	# the same key and SPI with the right inner header is accepted: the
	# drops above were the policy check, not a broken packet
	run "$NS_B" "$PY" "$PYDIR/esp_inner.py" --src "$HRSRV" --dst "$HR" --spi 0x1002 \
		--key "$K_ESP_BA" --seq 100010 --dport 7777 --payload "genuine-$R" --count 1 ||
		ksft_fail "cannot send the crafted ESP packet"
	wait_for -t 10 grep -q "genuine-$R" "$T/udp" ||
		{ stats_dump "$NS_A"; ctl "$NS_A" sa list; in_ns "$NS_A" cat /proc/net/snmp | grep Udp:; ksft_fail "a correctly protected ESP packet built by scapy was not delivered"; }
	sleep 0.5
	kill "$u" 2>/dev/null
	wait "$u" 2>/dev/null
	grep -q "clear-$R\|forged-$R" "$T/udp" &&
		ksft_fail "A delivered a packet its policy forbids: $(cat "$T/udp")"
	check_counter "$NS_A" InStateProtoError 0
	log "ok: cleartext (InTmplMismatch) and impersonating ESP (InStateMismatch) on protected flows dropped"
}

for K in ${ROUNDS:-xfrm ours}; do
	R=$K-$RANDOM
	log "=== round: A ipsecdp, B $K"
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
	scenario a ours
	scenario b "$K"
	flow_hr
	flow_ssh
	flow_benefits
	flow_web
	flow_guest
	stats_dump "$NS_A"
	for c in InStateProtoError InStateSeqError InNoStates OutNoStates; do
		check_counter "$NS_A" "$c" 0
	done
	enforce "$K"
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
done
ksft_pass "HR scenario: ESP to the HR server (SSH in clear), AH to benefits, rest in clear, guest blocked, inbound enforced; B XFRM and ipsecdp"
