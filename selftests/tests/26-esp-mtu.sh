#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: extended
# Path MTU host to host: AES-GCM-128 ESP in transport and tunnel mode,
# IPv4 and IPv6, with the link's MTU at 1500 and at 1280, A (ipsecdp)
# against B running XFRM and B running ipsecdp. Per combination:
#  - pings of 64, 1400, 3000 and 8000 bytes, both ways, all answered
#    (the ESP packets that outgrow the link are fragmented after
#    protection, and reassembled by the receiver before decryption);
#  - 1 MiB of TCP each way, sha256 compared (MSS clamping keeps TCP
#    segments from being fragmented);
#  - the wire carries ESP and no cleartext, and no error counter moved.
# A capture checks that the ESP packets really were fragmented for the
# 3000/8000-byte pings (the test would not prove anything otherwise) and
# that no IP packet on the wire exceeds the link's MTU.
# timeout: 900
. "$(dirname "$0")/../lib/matrix.sh"

MX_KIB=${MX_KIB:-1024}

# sizes FROM TO IP FAMILY: pings of every size, all answered
sizes() {
	local from=$1 to=$2 ip=$3 n out got
	for n in 64 1400 3000 8000; do
		out=$(in_ns "$from" ping -n -c 2 -i 0.3 -W 3 -s $n "$ip" 2>&1)
		got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
		[ "${got:-0}" = 2 ] ||
			{ printf '%s\n' "$out" | tail -3; ksft_fail "ping -s $n ${from%%-*} -> $ip: ${got:-0}/2"; }
	done
	log "ok: ping ${from%%-*} -> $ip, 64/1400/3000/8000 bytes: 2/2 each"
}

# wire_check MTU: ESP both ways, no cleartext, fragments seen, none too big
wire_check() {
	local mtu=$1 big frags
	mx_cap_check "$OA" "$OB"
	if [ "$OFAM" = 4 ]; then
		frags=$(cap_count "ip and (ip[6:2] & 0x3fff != 0) and host $OA and host $OB")
		big=$(cap_count "ip and greater $((mtu + 15))")
	else
		frags=$(cap_count "ip6 and ip6[6] = 44 and host $OA and host $OB")
		big=$(cap_count "ip6 and greater $((mtu + 15))")
	fi
	log "wire: $frags fragments, $big frames above the MTU of $mtu"
	[ "$frags" -gt 0 ] || ksft_fail "no fragments on the wire: the big pings proved nothing"
	[ "$big" = 0 ] || ksft_fail "$big frames larger than the link's MTU $mtu"
}

# combo MTU MODE FAM PEER
combo() {
	local mtu=$1 peer=$4 sab=$((0x2600 + MX_N * 2)) sba e0a e0b x0 ns
	sba=$((sab + 1))
	MODE=$2
	mx_addrs "$2" "$3"
	OFAM=4
	[[ $OA == *:* ]] && OFAM=6
	mx_alg gcm128
	mx_flush_all
	for ns in "$NS_A:$IF_A" "$NS_B:$IF_B" "$NS_W:$WA_IF" "$NS_W:$WB_IF" "$NS_W:$BR_W"; do
		ip -n "${ns%%:*}" link set "${ns#*:}" mtu "$mtu" 2>/dev/null
	done
	for ns in "$NS_A" "$NS_B"; do
		ip -n "$ns" route flush cache 2>/dev/null
		ip -n "$ns" -6 route flush cache 2>/dev/null
	done
	MX_W_OUT=("${MX_W_AB[@]}") MX_W_IN=("${MX_W_BA[@]}")
	mx_ours "$NS_A" "$OA" "$OB" "$IA" "$IB" "$sab" "$sba"
	MX_W_OUT=("${MX_W_BA[@]}") MX_W_IN=("${MX_W_AB[@]}")
	if [ "$peer" = xfrm ]; then
		mx_xfrm "$NS_B" "$OB" "$OA" "$IB" "$IA" "$sba" "$sab"
	else
		mx_ours "$NS_B" "$OB" "$OA" "$IB" "$IA" "$sba" "$sab"
	fi
	e0a=$(mx_errs "$NS_A")
	e0b=$(mx_errs "$NS_B")
	x0=$(mx_xerrs "$NS_B")
	cap_start "$T/wire.pcap"
	echo "$CAP_PID" >"$T/cap.pid"
	sizes "$NS_A" "$NS_B" "$IB"
	sizes "$NS_B" "$NS_A" "$IA"
	mx_tcp "$NS_A" "$NS_B" "$IB" "$MX_INF" "$MX_KIB" $((5200 + MX_N))
	mx_tcp "$NS_B" "$NS_A" "$IA" "$MX_INF" "$MX_KIB" $((5300 + MX_N))
	cap_stop
	wire_check "$mtu"
	mx_errs_same "A (ipsecdp)" "$e0a" "$(mx_errs "$NS_A")"
	if [ "$peer" = xfrm ]; then
		mx_errs_same "B (XFRM)" "$x0" "$(mx_xerrs "$NS_B")"
	else
		mx_errs_same "B (ipsecdp)" "$e0b" "$(mx_errs "$NS_B")"
	fi
	mx_sa_check "$NS_A" "$sab out_packets >0" "$sba in_packets >0" \
		"$sba integrity_failed 0"
}

mx_topo
for mtu in 1500 1280; do
	for mode in transport tunnel; do
		for fam in ipv4 ipv6; do
			for peer in xfrm ours; do
				mx_step "mtu $mtu $mode $fam ours<->$peer" combo $mtu $mode $fam $peer
			done
		done
	done
done
mx_flush_all
mx_done "pings of 64..8000 bytes and 1 MiB TCP both ways at MTU 1500 and 1280, transport and tunnel, IPv4 and IPv6, against XFRM and ipsecdp"
