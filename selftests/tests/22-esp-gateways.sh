#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# Site-to-site tunnel between two security gateways:
#
#   client C ---- gwA ==(W)== gwB ---- server S
#   192.168.1.2   .1 10.0.0.1  10.0.0.2 192.168.2.1   192.168.2.2
#   fd11::2       ::1 fd00::1  fd00::2  fd12::1       fd12::2
#
# C and S know nothing of IPsec; the gateways forward; W is a bridge (the
# capture point of the gateway link). gwA runs ipsecdp
# (AES-GCM-128 tunnel, one SA pair per family: policies dir out for
# 192.168.1.0/24 -> 192.168.2.0/24 with a tunnel template gwA -> gwB, dir
# in and dir fwd for the reverse; the same for fd11::/64 <-> fd12::/64).
# gwB runs XFRM (with its fwd policy) in one round and ipsecdp in the
# other. Per round and family:
#   - C <-> S ping both ways, a 256 KiB TCP transfer each way (SHA-256);
#     a capture on the gateway link shows only ESP, a capture on the
#     client link the cleartext ICMP and TCP;
#   - gateway link MTU 1280 (IPv4) / 1400 (IPv6; see below): pings of 64,
#     1400, 3000, 8000 bytes without DF all answered; with DF (ping -M do)
#     1400 bytes is refused with the reduced path MTU (ICMP frag needed /
#     ICMPv6 packet too big, as "mtu = N" / "mtu=N" from ping) that
#     accounts for the tunnel overhead; DF pings of the reported MTU are
#     then answered (if a gateway reports a smaller MTU then, that is
#     followed: PMTU discovery must converge); TCP both ways works after
#     every PMTU cache was flushed (no black hole).
# GW_REF=1 adds a first round with XFRM on both gateways: the reference.
# timeout: 480
. "$(dirname "$0")/../lib/matrix.sh"

need_cmd socat tcpdump ss sha256sum
need_ipsecctl
need_xfrm
need_mod esp6

NS_C=gwC-$SFX NS_GA=gwA-$SFX NS_GB=gwB-$SFX NS_S=gwS-$SFX
C_IF=c$SFX GA_IN=ai$SFX GA_OUT=ao$SFX GB_OUT=bo$SFX GB_IN=bi$SFX S_IF=s$SFX
C4=192.168.1.2 GA4I=192.168.1.1 GA4=10.0.0.1 GB4=10.0.0.2 GB4I=192.168.2.1 S4=192.168.2.2
C6=fd11::2 GA6I=fd11::1 GA6=fd00::1 GB6=fd00::2 GB6I=fd12::1 S6=fd12::2
NET4C=192.168.1.0/24 NET4S=192.168.2.0/24 NET6C=fd11::/64 NET6S=fd12::/64
GCM='rfc4106(gcm(aes))'
# on the gateway link, any packet to or from a protected network that is
# not ESP is a leak (ARP and the gateways' own ND are fine)
LEAK="not esp and (net 192.168.1.0/24 or net 192.168.2.0/24 or net fd11::/64 or net fd12::/64)"
KIB=${MX_KIB:-256}

veth_pair "$NS_C" "$C_IF" "$C4/24,$C6/64" "$NS_GA" "$GA_IN" "$GA4I/24,$GA6I/64"
# the gateway link goes through a bridge in its own netns W: a capture
# there sees what travels between the gateways, not the decrypted packets
# a gateway re-injects on its own interface (XFRM does that too)
ns_create "$NS_W"
ip -n "$NS_W" link add "$BR_W" type bridge && ip -n "$NS_W" link set "$BR_W" up ||
	ksft_skip "no bridge support"
veth_pair "$NS_GA" "$GA_OUT" "$GA4/24,$GA6/64" "$NS_W" "wa$SFX" ""
veth_pair "$NS_GB" "$GB_OUT" "$GB4/24,$GB6/64" "$NS_W" "wb$SFX" ""
ip -n "$NS_W" link set "wa$SFX" master "$BR_W" &&
	ip -n "$NS_W" link set "wb$SFX" master "$BR_W" ||
	ksft_fail "cannot bridge the gateway link"
veth_pair "$NS_GB" "$GB_IN" "$GB4I/24,$GB6I/64" "$NS_S" "$S_IF" "$S4/24,$S6/64"
for ns in "$NS_GA" "$NS_GB"; do
	in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 ||
		ksft_fail "cannot enable forwarding in $ns"
done
ip -n "$NS_C" route add default via "$GA4I" &&
	ip -n "$NS_C" -6 route add default via "$GA6I" &&
	ip -n "$NS_S" route add default via "$GB4I" &&
	ip -n "$NS_S" -6 route add default via "$GB6I" &&
	ip -n "$NS_GA" route add "$NET4S" via "$GB4" &&
	ip -n "$NS_GA" -6 route add "$NET6S" via "$GB6" &&
	ip -n "$NS_GB" route add "$NET4C" via "$GA4" &&
	ip -n "$NS_GB" -6 route add "$NET6C" via "$GA6" ||
	ksft_fail "cannot add routes"
wait_for -t 10 in_ns "$NS_C" ping -c1 -W1 "$S4" &&
	wait_for -t 10 in_ns "$NS_C" ping -c1 -W1 "$S6" ||
	ksft_fail "no cleartext connectivity client -> server before IPsec"
log "topology: C $C4 $C6 -- gwA ($GA4 $GA6) == gwB ($GB4 $GB6) -- S $S4 $S6"

K4AB=$(rand_key 20) K4BA=$(rand_key 20) K6AB=$(rand_key 20) K6BA=$(rand_key 20)

# gw_ours NS L4 R4 L6 R6 LNET4 RNET4 LNET6 RNET6 SPI_OUT4 SPI_IN4 K_OUT4
#         K_IN4 SPI_OUT6 SPI_IN6 K_OUT6 K_IN6: ipsecdp tunnel gateway
gw_ours() {
	local ns=$1 l r ln rn so si ko ki f
	for f in 4 6; do
		if [ $f = 4 ]; then
			l=$2 r=$3 ln=$6 rn=$7 so=${10} si=${11} ko=${12} ki=${13}
		else
			l=$4 r=$5 ln=$8 rn=$9 so=${14} si=${15} ko=${16} ki=${17}
		fi
		ctl_ok "$ns" sa add src "$l" dst "$r" proto esp spi "$so" mode tunnel \
			aead "$GCM" "$ko" 128 replay-window 1024
		ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "$si" mode tunnel \
			aead "$GCM" "$ki" 128 replay-window 1024
		ctl_ok "$ns" policy add src "$ln" dst "$rn" dir out \
			tmpl src "$l" dst "$r" proto esp mode tunnel spi "$so"
		ctl_ok "$ns" policy add src "$rn" dst "$ln" dir in \
			tmpl src "$r" dst "$l" proto esp mode tunnel
		ctl_ok "$ns" policy add src "$rn" dst "$ln" dir fwd \
			tmpl src "$r" dst "$l" proto esp mode tunnel
	done
}

# gw_xfrm: the same arguments, with ip xfrm
gw_xfrm() {
	local ns=$1 l r ln rn so si ko ki f d
	for f in 4 6; do
		if [ $f = 4 ]; then
			l=$2 r=$3 ln=$6 rn=$7 so=${10} si=${11} ko=${12} ki=${13}
		else
			l=$4 r=$5 ln=$8 rn=$9 so=${14} si=${15} ko=${16} ki=${17}
		fi
		ok_run "$ns" ip xfrm state add src "$l" dst "$r" proto esp spi "$so" \
			reqid $f mode tunnel aead "$GCM" "$ko" 128 replay-window 1024
		ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp spi "$si" \
			reqid $f mode tunnel aead "$GCM" "$ki" 128 replay-window 1024
		ok_run "$ns" ip xfrm policy add src "$ln" dst "$rn" dir out \
			tmpl src "$l" dst "$r" proto esp reqid $f mode tunnel
		for d in in fwd; do
			ok_run "$ns" ip xfrm policy add src "$rn" dst "$ln" dir $d \
				tmpl src "$r" dst "$l" proto esp reqid $f mode tunnel
		done
	done
}

cap_on() {	# cap_on NS IF FILE: start tcpdump, its pid in $T/FILE.pid
	ip netns exec "$1" tcpdump -Z root --immediate-mode -i "$2" -nn -U -B 8192 \
		-s 128 -w "$T/$3" 2>"$T/$3.log" &
	echo $! >"$T/$3.pid"
	add_cleanup "kill $! 2>/dev/null"
	wait_for -t 10 grep -q 'listening on' "$T/$3.log" ||
		ksft_fail "tcpdump did not start: $(cat "$T/$3.log")"
}
cap_off() {
	sleep 0.5
	kill -TERM "$(cat "$T/$1.pid")" 2>/dev/null
	sleep 0.3
}

# traffic F: pings both ways and TCP both ways between C and S (family F)
traffic() {
	local f=$1 c s
	if [ "$f" = 4 ]; then c=$C4 s=$S4; else c=$C6 s=$S6; fi
	ping_ok "$NS_C" "$s" 2
	ping_ok "$NS_S" "$c" 2
	mx_tcp "$NS_C" "$NS_S" "$s" "$f" "$KIB" 5101
	mx_tcp "$NS_S" "$NS_C" "$c" "$f" "$KIB" 5102
}

# basic F: traffic with captures on the gateway link and the client link
basic() {
	local f=$1 c s g1 g2 esp clear
	if [ "$f" = 4 ]; then
		c=$C4 s=$S4 g1=$GA4 g2=$GB4
	else
		c=$C6 s=$S6 g1=$GA6 g2=$GB6
	fi
	cap_on "$NS_W" "$BR_W" gw.pcap
	cap_on "$NS_C" "$C_IF" client.pcap
	traffic "$f"
	cap_off gw.pcap
	cap_off client.pcap
	esp=$(cap_count "esp and src $g1 and dst $g2" "$T/gw.pcap")/$(cap_count "esp and src $g2 and dst $g1" "$T/gw.pcap")
	clear=$(cap_count "$LEAK" "$T/gw.pcap")
	log "gateway link: ESP gwA->gwB/gwB->gwA $esp, cleartext of the protected networks $clear"
	[ "$clear" = 0 ] || {
		tcpdump -r "$T/gw.pcap" -nn "$LEAK" 2>/dev/null | head -5
		ksft_fail "cleartext on the gateway link"; }
	case $esp in 0/* | */0) ksft_fail "no ESP in one direction on the gateway link" ;; esac
	clear=$(cap_count "host $c and host $s and (tcp or icmp or icmp6)" "$T/client.pcap")
	log "client link: $clear cleartext packets between $c and $s"
	[ "$clear" -gt 0 ] || ksft_fail "no cleartext on the client link"
	log "ok: only ESP between the gateways, cleartext on the client side"
}

# sized_pings F: sizes 64 1400 3000 8000 without DF, all answered. IPv4:
# ping -M dont (DF clear: the gateway must fragment), 2 of 2. IPv6 routers
# never fragment: the first big pings are lost while client and server
# learn the path MTU (each in two steps, see pmtu_report; XFRM alike), so
# 6 pings, 2 must be answered.
sized_pings() {
	local f=$1 s n c=2 need=2 got m=(-M dont)
	if [ "$f" = 4 ]; then s=$S4; else s=$S6 c=6 m=(); fi
	for n in 64 1400 3000 8000; do
		log "+ [C] ping -c $c ${m[*]} -s $n $s"
		in_ns "$NS_C" ping -n -c $c -i 0.3 -W 3 "${m[@]}" -s $n "$s" >"$T/p.out" 2>&1
		got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/p.out")
		grep -E 'mtu|too big|Frag' "$T/p.out" | head -2 | sed 's/^/    /'
		[ "${got:-0}" -ge $need ] || {
			tail -3 "$T/p.out"; ksft_fail "ping -s $n $s: ${got:-0}/$c answered"; }
		log "ok: ping -s $n: $got/$c"
	done
}

# pmtu_report F: a DF ping of 1400 bytes is refused with the path MTU,
# saved in $T/mtu.F for the next steps. IPv4 with XFRM on gwA: it
# accounts for the tunnel overhead at once (below the link's 1280, at
# least 576): XFRM's bundle route carries the reduced MTU into
# ip_forward()'s own check. ipsecdp works on netfilter hooks, which
# ip_forward() runs after that check: a 1400-byte packet is first refused
# with the link's 1280, and the 1280-byte retry with the reduced MTU
# (pmtu_df_ping follows it): one more round trip, no black hole. IPv6: Linux's ip6_forward checks the interface MTU before any
# IPsec, so even XFRM first reports the link's 1400 and the reduced MTU
# only for a packet that fits the link: 1280..1400 here, and
# pmtu_df_ping follows to the reduced one.
pmtu_report() {
	local f=$1 s mtu min max
	if [ "$f" = 4 ]; then s=$S4 min=576 max=1279; else s=$S6 min=1280 max=1400; fi
	[ "$f" = 4 ] && [ "$GWA" = ours ] && max=1280
	# forget what the sized pings taught: the gateway must tell again
	ip -n "$NS_C" route flush cache 2>/dev/null
	ip -n "$NS_C" -6 route flush cache 2>/dev/null
	log "+ [C] ping -M do -s 1400 $s (must be refused with the path MTU)"
	in_ns "$NS_C" ping -n -c 3 -i 0.3 -W 2 -M do -s 1400 "$s" >"$T/p.out" 2>&1
	sed 's/^/    /' "$T/p.out" | grep -v '^ *$' | head -8
	grep -q ' [1-9][0-9]* received' "$T/p.out" &&
		ksft_fail "a 1400-byte DF ping crossed the smaller gateway link"
	mtu=$(grep -oE 'mtu ?[=:] ?[0-9]+' "$T/p.out" | head -1 | grep -oE '[0-9]+$')
	[ -n "$mtu" ] || ksft_fail "no frag-needed/packet-too-big: ping reports no MTU (black hole)"
	echo "$mtu" >"$T/mtu.$f"
	[ "$mtu" -ge $min ] && [ "$mtu" -le $max ] ||
		ksft_fail "reported path MTU $mtu outside $min..$max (the tunnel overhead must be subtracted from the link's MTU)"
	log "ok: path MTU reported: $mtu"
}

# pmtu_df_ping F: DF pings of the reported path MTU are answered; if a
# gateway then reports a smaller one, try that (at most 3 rounds: PMTU
# discovery must converge, the first report is pmtu_report's business)
pmtu_df_ping() {
	local f=$1 s hdr mtu got i new
	if [ "$f" = 4 ]; then s=$S4 hdr=28; else s=$S6 hdr=48; fi
	mtu=$(cat "$T/mtu.$f" 2>/dev/null) || ksft_fail "no path MTU was reported"
	for i in 1 2 3; do
		log "+ [C] ping -M do -s $((mtu - hdr)) $s (a $mtu-byte packet)"
		in_ns "$NS_C" ping -n -c 2 -i 0.3 -W 3 -M do -s $((mtu - hdr)) "$s" >"$T/p.out" 2>&1
		got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/p.out")
		sed 's/^/    /' "$T/p.out" | grep -iE 'mtu|received'
		if [ "${got:-0}" -ge 1 ]; then
			log "ok: DF ping of $mtu bytes answered (round $i)"
			return 0
		fi
		new=$(grep -oE 'mtu ?[=:] ?[0-9]+' "$T/p.out" | head -1 | grep -oE '[0-9]+$')
		[ -n "$new" ] && [ "$new" -lt "$mtu" ] ||
			ksft_fail "DF ping of $mtu bytes: no answer and no smaller MTU reported (black hole)"
		log "note: the gateway now reports mtu $new (was $mtu)"
		mtu=$new
	done
	ksft_fail "PMTU discovery does not converge in 3 rounds"
}

# pmtu_tcp F: after flushing every PMTU cache, TCP both ways (PMTU
# discovery by TCP itself through the tunnel: no black hole)
pmtu_tcp() {
	local f=$1 ns
	for ns in "$NS_C" "$NS_S"; do
		ip -n "$ns" route flush cache 2>/dev/null
		ip -n "$ns" -6 route flush cache 2>/dev/null
	done
	if [ "$f" = 4 ]; then
		mx_tcp "$NS_C" "$NS_S" "$S4" 4 "$KIB" 5103
		mx_tcp "$NS_S" "$NS_C" "$C4" 4 "$KIB" 5104
	else
		mx_tcp "$NS_C" "$NS_S" "$S6" 6 "$KIB" 5103
		mx_tcp "$NS_S" "$NS_C" "$C6" 6 "$KIB" 5104
	fi
}

# gwerrs NS KIND: the error counters of a gateway (KIND ours or xfrm)
gwerrs() { if [ "$2" = xfrm ]; then mx_xerrs "$1"; else mx_errs "$1"; fi; }

gw_errs() {	# gw_errs BEFORE_A BEFORE_B: no error counters moved
	mx_errs_same "gwA ($GWA)" "$1" "$(gwerrs "$NS_GA" "$GWA")"
	mx_errs_same "gwB ($GWB)" "$2" "$(gwerrs "$NS_GB" "$GWB")"
}

# Rounds "gwA-gwB": ipsecdp (ours) on gwA against XFRM and against itself;
# GW_REF=1 adds xfrm-xfrm first, the reference showing what the kernel's
# own IPsec does with the same checks.
ROUNDS="ours-xfrm ours-ours"
[ "${GW_REF:-0}" = 1 ] && ROUNDS="xfrm-xfrm $ROUNDS"
for R in $ROUNDS; do
	GWA=${R%-*} GWB=${R#*-}
	log "=== gwA $GWA, gwB $GWB"
	ip -n "$NS_GA" link set "$GA_OUT" mtu 1500
	ip -n "$NS_GB" link set "$GB_OUT" mtu 1500
	for ns in "$NS_GA" "$NS_GB"; do
		ours_flush "$ns"
		xfrm_flush "$ns"
	done
	gw_$GWA "$NS_GA" "$GA4" "$GB4" "$GA6" "$GB6" "$NET4C" "$NET4S" "$NET6C" "$NET6S" \
		0xa4 0xb4 "$K4AB" "$K4BA" 0xa6 0xb6 "$K6AB" "$K6BA" >"$T/cfg.log" 2>&1 ||
		{ cat "$T/cfg.log"; ksft_fail "gwA ($GWA) configuration failed"; }
	gw_$GWB "$NS_GB" "$GB4" "$GA4" "$GB6" "$GA6" "$NET4S" "$NET4C" "$NET6S" "$NET6C" \
		0xb4 0xa4 "$K4BA" "$K4AB" 0xb6 0xa6 "$K6BA" "$K6AB" >"$T/cfg.log" 2>&1 ||
		{ cat "$T/cfg.log"; ksft_fail "gwB ($GWB) configuration failed"; }
	ea=$(gwerrs "$NS_GA" "$GWA")
	eb=$(gwerrs "$NS_GB" "$GWB")
	for f in 4 6; do
		mx_step "gw $R ipv$f ping+tcp, ESP only between the gateways" basic $f
	done
	# IPv4 with a 1280-byte gateway link; IPv6 with 1400: at 1280 the
	# tunnel's inner path MTU would be below IPv6's minimum of 1280, which
	# even XFRM cannot carry (GW_REF=1 shows it: packet too big, mtu=1206,
	# then a black hole for 1280-byte packets)
	for f in 4 6; do
		if [ $f = 4 ]; then mtu=1280; else mtu=1400; fi
		ip -n "$NS_GA" link set "$GA_OUT" mtu $mtu
		ip -n "$NS_GB" link set "$GB_OUT" mtu $mtu
		mx_step "gw $R ipv$f mtu $mtu: pings 64..8000 without DF" sized_pings $f
		mx_step "gw $R ipv$f mtu $mtu: DF ping of 1400 reports the reduced path MTU" pmtu_report $f
		mx_step "gw $R ipv$f mtu $mtu: DF pings of the reported MTU answered" pmtu_df_ping $f
		mx_step "gw $R ipv$f mtu $mtu: TCP both ways (PMTU discovery, no black hole)" pmtu_tcp $f
	done
	mx_step "gw $R no error counters moved" gw_errs "$ea" "$eb"
	[ "$GWA" = ours ] && stats_dump "$NS_GA"
done
for ns in "$NS_GA" "$NS_GB"; do
	ours_flush "$ns"
	xfrm_flush "$ns"
done
mx_done "gateway tunnels (gwB XFRM and ipsecdp): C <-> S protected, PMTU discovery through the tunnel works"
