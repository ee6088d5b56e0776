#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# AH (RFC 4302) interoperability: host A runs ipsecdp, host B the kernel's
# own AH (ip xfrm), or ipsecdp too with AH_PEER=ours (test 51).
# HMAC-SHA-256-128 in every mode and family combination: transport IPv4
# and IPv6, tunnel IPv4-in-IPv4, IPv6-in-IPv6, IPv4-in-IPv6, IPv6-in-IPv4;
# each with ping both ways, a 256 KiB TCP transfer (one way, alternating;
# both ways in the first; sha256 compared), a capture that shows only AH
# between the hosts with the ICMP payload readable, and clean counters
# on both sides. AH_SET=ours (test 51): ipsecdp on both sides, fewer
# combinations, with and without ESN.
# AH_SET=algs (test 52): the other algorithms (hmac(sha1) 96,
# hmac(sha384) 192, hmac(sha512) 256, xcbc(aes) 96, cmac(aes) 96), each
# in one mode/family, ping both ways; then ESN across the 2^32 wrap
# (transport IPv4 with TCP, tunnel IPv6).
# timeout: 1200
. "$(dirname "$0")/../lib/ipsec.sh"

PEER=${AH_PEER:-xfrm}
need_cmd socat tcpdump ss
need_ipsecctl
[ "$PEER" = xfrm ] && need_mod ah4 ah6 xfrm_user
KIB=${XFER_KIB:-256}
IP6_A=fd00::1
IP6_B=fd00::2
PATTERN=6970736563646168	# "ipsecdah", ping -p

topo_setup
_addrs "$NS_A" "$IF_A" "$IP6_A/64"
_addrs "$NS_B" "$IF_B" "$IP6_B/64"
wait_for -t 10 in_ns "$NS_A" ping -6 -c1 -W1 "$IP6_B" ||
	ksft_fail "no IPv6 connectivity before IPsec setup"

# ah_ours NS L R SPI_OUT SPI_IN KEY_OUT KEY_IN ALG BITS MODE SEL_L SEL_R
ah_ours() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 ko=$6 ki=$7 alg=$8 bits=$9 mode=${10}
	local sl=${11} sr=${12} t=() esn=()

	# ESN: start 4 packets before 2^32, so the high half becomes 1
	[ "${ESN:-0}" = 1 ] &&
		esn=(flag esn replay-seq 0xfffffffc replay-oseq 0xfffffffc)
	[ "$mode" = tunnel ] && t=(src "$l" dst "$r")
	ctl_ok "$ns" sa add src "$l" dst "$r" proto ah spi "$so" mode "$mode" \
		auth-trunc "$alg" "$ko" "$bits" replay-window 32 "${esn[@]}"
	ctl_ok "$ns" sa add src "$r" dst "$l" proto ah spi "$si" mode "$mode" \
		auth-trunc "$alg" "$ki" "$bits" replay-window 32 "${esn[@]}"
	ctl_ok "$ns" policy add src "$sl" dst "$sr" dir out \
		tmpl "${t[@]}" proto ah mode "$mode" spi "$so"
	[ "$mode" = tunnel ] && t=(src "$r" dst "$l")
	ctl_ok "$ns" policy add src "$sr" dst "$sl" dir in \
		tmpl "${t[@]}" proto ah mode "$mode"
}

# ah_xfrm: the same arguments, with ip xfrm
ah_xfrm() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 ko=$6 ki=$7 alg=$8 bits=$9 mode=${10}
	local sl=${11} sr=${12} sel=() esn=()

	# a state whose selector family differs from its own needs one
	[ "${sl//[^:]/}" != "${l//[^:]/}" ] && sel=(sel src "$sl" dst "$sr")
	case $sl in *:*) [ "$mode" = tunnel ] && sel=(sel src ::/0 dst ::/0) ;;
		*) [ "$mode" = tunnel ] && sel=(sel src 0.0.0.0/0 dst 0.0.0.0/0) ;;
	esac
	[ "${ESN:-0}" = 1 ] &&
		esn=(flag esn replay-seq 0xfffffffc replay-oseq 0xfffffffc)
	ok_run "$ns" ip xfrm state add src "$l" dst "$r" proto ah spi "$so" \
		reqid 1 mode "$mode" auth-trunc "$alg" "$ko" "$bits" \
		replay-window 32 "${esn[@]}" "${sel[@]}"
	ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto ah spi "$si" \
		reqid 1 mode "$mode" auth-trunc "$alg" "$ki" "$bits" \
		replay-window 32 "${esn[@]}" "${sel[@]}"
	ok_run "$ns" ip xfrm policy add src "$sl" dst "$sr" dir out \
		tmpl src "$l" dst "$r" proto ah reqid 1 mode "$mode"
	ok_run "$ns" ip xfrm policy add src "$sr" dst "$sl" dir in \
		tmpl src "$r" dst "$l" proto ah reqid 1 mode "$mode"
}

peer_setup() { if [ "$PEER" = xfrm ]; then ah_xfrm "$@"; else ah_ours "$@"; fi; }
peer_flush() { if [ "$PEER" = xfrm ]; then xfrm_flush "$1"; else ours_flush "$1"; fi; }

# ah_case ALG BITS KEYBYTES MODE INNER(4|6) OUTER(4|6) TCP(none|ab|ba|both) SPI_BASE
# (ESN=1: extended sequence numbers, starting 4 packets before 2^32)
ah_case() {
	local alg=$1 bits=$2 kb=$3 mode=$4 inner=$5 outer=$6 full=$7 base=$8
	local la ra ia ib kab kba sab sba in0 out0 pe0 sq0 sqa0 cf ahn clear seen
	local spi_ab=$((base + 1)) spi_ba=$((base + 2))

	if [ "$outer" = 4 ]; then la=$IP_A ra=$IP_B; else la=$IP6_A ra=$IP6_B; fi
	if [ "$inner" = 4 ]; then ia=$IP_A ib=$IP_B; else ia=$IP6_A ib=$IP6_B; fi
	if [ "$inner" = 4 ]; then sab=$ia/32 sba=$ib/32; else sab=$ia/128 sba=$ib/128; fi
	log "=== $alg $bits, $mode, IPv$inner over IPv$outer${ESN:+, ESN}: A (ipsecdp) <-> B ($PEER)"
	kab=$(rand_key "$kb")
	kba=$(rand_key "$kb")
	ah_ours "$NS_A" "$la" "$ra" "$spi_ab" "$spi_ba" "$kab" "$kba" \
		"$alg" "$bits" "$mode" "$sab" "$sba"
	peer_setup "$NS_B" "$ra" "$la" "$spi_ba" "$spi_ab" "$kba" "$kab" \
		"$alg" "$bits" "$mode" "$sba" "$sab"

	in0=$(counter "$NS_A" InPackets)
	out0=$(counter "$NS_A" OutPackets)
	pe0=$(counter "$NS_A" InStateProtoError)
	sqa0=$(counter "$NS_A" InStateSeqError)
	sq0=0
	[ "$PEER" = ours ] && sq0=$(counter "$NS_B" InStateSeqError)
	cf=$T/wire-$base.pcap
	cap_start "$cf"
	ping_ok "$NS_A" "$ib" 2
	ping_ok "$NS_B" "$ia" 2
	log "+ [A] ping -c 2 -p $PATTERN $ib"
	in_ns "$NS_A" ping -n -c 2 -i 0.2 -W 3 -p "$PATTERN" "$ib" >/dev/null ||
		ksft_fail "ping with pattern failed"
	case $full in ab | both) tcp_xfer_kib "$NS_A" "$NS_B" "$ib" 5001 ;; esac
	case $full in ba | both) tcp_xfer_kib "$NS_B" "$NS_A" "$ia" 5002 ;; esac
	cap_stop

	ahn=$(cap_count "ah" "$cf")
	clear=$(cap_count "not ah and (tcp or udp or icmp or icmp6) and not icmp6[0] >= 133" "$cf")
	seen=$(tcpdump -r "$cf" -nn -A "ah" 2>/dev/null | grep -c ipsecdah)
	log "wire: $ahn AH packets, $clear cleartext packets, payload pattern seen in $seen"
	[ "$ahn" -gt 0 ] || ksft_fail "no AH on the wire"
	if [ "$clear" != 0 ]; then
		tcpdump -r "$cf" -nn "not ah and (tcp or udp or icmp or icmp6)" 2>/dev/null |
			head -5 | sed 's/^/    /'
		ksft_fail "cleartext traffic between the hosts"
	fi
	[ "$seen" -ge 2 ] || ksft_fail "the ICMP payload is not readable in the AH packets"
	tcpdump -r "$cf" -nn "ah" 2>/dev/null | head -2 | sed 's/^/    /'

	check_counter "$NS_A" InPackets ">=$((in0 + 4))"
	check_counter "$NS_A" OutPackets ">=$((out0 + 4))"
	check_counter "$NS_A" InStateProtoError "$pe0"
	check_counter "$NS_A" InHdrError 0
	check_counter "$NS_A" InNoStates 0
	check_counter "$NS_A" InTmplMismatch 0
	check_counter "$NS_A" OutError 0
	check_sa_field "$NS_A" "$spi_ab" out_packets ">=4"
	check_sa_field "$NS_A" "$spi_ba" in_packets ">=4"
	if [ "$PEER" = xfrm ]; then
		check_xfrm_clean "$NS_B" InHdrError
		# XFRM's receive path (async hashing under TCG) reorders on
		# its own: its replay drops say nothing of ipsecdp's sender,
		# the wire does. ipsecdp must emit in an order that a
		# 32-packet window takes whole.
		log "XFRM peer: XfrmInStateSeqError $(xfrm_stat "$NS_B" InStateSeqError) (not checked: XFRM reorders after receiving)"
		check_wire_order "$cf" "$la" "$ra" ah
	else
		check_counter "$NS_B" InStateProtoError 0
		check_counter "$NS_B" InHdrError 0
		check_replay_drops "$NS_B" "$cf" "$la" "$ra" 32 "$sq0" ah
		check_replay_drops "$NS_A" "$cf" "$ra" "$la" 32 "$sqa0" ah
	fi
	ours_flush "$NS_A"
	peer_flush "$NS_B"
}

# tcp_xfer_kib FROM TO IP PORT: tcp_xfer with $KIB KiB
tcp_xfer_kib() {
	local from=$1 to=$2 ip=$3 port=$4 lpid s d
	head -c "${KIB}K" /dev/urandom >"$T/src" || ksft_fail "cannot create $T/src"
	rm -f "$T/dst"
	in_ns "$to" timeout 180 socat -u "TCP6-LISTEN:$port,reuseaddr,ipv6only=0" \
		"OPEN:$T/dst,creat,trunc" &
	lpid=$!
	wait_for -t 60 _listening "$to" "$port" ||
		ksft_fail "socat did not listen on port $port in ${to%%-*}"
	case $ip in *:*) ip="[$ip]" ;; esac
	log "+ [${from%%-*}] socat -u OPEN:src TCP:$ip:$port   ($KIB KiB)"
	in_ns "$from" timeout 50 socat -u "OPEN:$T/src" "TCP:$ip:$port" ||
		{ kill "$lpid" 2>/dev/null; ksft_fail "TCP transfer ${from%%-*} -> $ip failed or timed out"; }
	wait "$lpid" || ksft_fail "receiver in ${to%%-*} failed"
	s=$(sha256sum <"$T/src" | cut -d' ' -f1)
	d=$(sha256sum <"$T/dst" | cut -d' ' -f1)
	[ "$s" = "$d" ] ||
		ksft_fail "TCP ${from%%-*} -> ${to%%-*}: data differs ($(stat -c %s "$T/dst") of $(stat -c %s "$T/src") bytes)"
	log "ok: TCP ${from%%-*} -> ${to%%-*}: $KIB KiB intact"
}

S256='hmac(sha256)'
case ${AH_SET:-matrix} in
matrix)
	ah_case "$S256" 128 32 transport 4 4 both 0x5100
	ah_case "$S256" 128 32 transport 6 6 ab 0x5110
	ah_case "$S256" 128 32 tunnel 4 4 ba 0x5120
	ah_case "$S256" 128 32 tunnel 6 6 ab 0x5130
	ah_case "$S256" 128 32 tunnel 4 6 ba 0x5140
	ah_case "$S256" 128 32 tunnel 6 4 ab 0x5150
	ksft_pass "AH: ipsecdp <-> $PEER, HMAC-SHA-256-128, transport and tunnel, all family combinations: ping + TCP, AH only on the wire"
	;;
ours)
	ah_case "$S256" 128 32 transport 4 4 ab 0x5100
	ah_case "$S256" 128 32 tunnel 6 6 ba 0x5110
	ah_case "$S256" 128 32 tunnel 4 6 none 0x5120
	ESN=1 ah_case "$S256" 128 32 transport 6 6 ab 0x5160
	ESN=1 ah_case "$S256" 128 32 tunnel 4 4 none 0x5170
	ksft_pass "AH: ipsecdp <-> ipsecdp, HMAC-SHA-256-128, transport and tunnel, with and without ESN: ping + TCP"
	;;
esac

ah_case 'hmac(sha1)' 96 20 transport 4 4 none 0x5200
ah_case 'hmac(sha384)' 192 48 tunnel 6 6 none 0x5210
ah_case 'hmac(sha512)' 256 64 transport 6 6 none 0x5220
ah_case 'xcbc(aes)' 96 16 tunnel 4 4 none 0x5230
ah_case 'cmac(aes)' 96 16 tunnel 4 6 none 0x5240
# ESN with the kernel's AH, across the 2^32 wrap (the high half is hashed)
ESN=1 ah_case "$S256" 128 32 transport 4 4 ab 0x5250
ESN=1 ah_case "$S256" 128 32 tunnel 6 6 none 0x5260
ksft_pass "AH: ipsecdp <-> $PEER with hmac(sha1), hmac(sha384), hmac(sha512), xcbc(aes), cmac(aes): ping both ways; ESN across 2^32"
