#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# debug: gate
# Hostile AH, IPv4 and IPv6: A (ipsecdp) holds two inbound transport-mode
# AH SAs from B, hmac(sha256) with a 256-bit key, ICV 128, replay window
# 64 (spi 0x7404 for 10.0.0.2 -> 10.0.0.1, spi 0x7406 for fd00::2 ->
# fd00::1), and in policies requiring AH from B (all protocols). B sends
# ~80 crafted cases (~200 packets) per family as raw Ethernet frames
# (selftests/fuzz/hostile_ah.py, ICVs computed as RFC 4302 3.3.3 says,
# checked against scapy's SecurityAssociation(AH)): truncated at every
# header boundary, AH payload length 0/1/too short/too long/beyond the
# packet, reserved field and ICV padding (covered by the ICV), forged ICVs
# and forged immutable fields, changed mutable fields, odd next headers,
# unknown/zero SPIs, cleartext and ESP, replays and sequence numbers left
# of the window, a forgery that must not use up its sequence number, IPv4
# options (Record Route, Timestamp: the receiver writes into them; Router
# Alert, Security: immutable) and IPv6 hop-by-hop / destination options /
# routing headers in front of AH (7, and 8: more than ipsecdp looks
# through), 64 KiB packets in fragments, tiny, overlapping, duplicate and
# out-of-range fragments, AH nested in AH up to and beyond the module's
# nesting limit. For each case the counters of A
# before and after must differ exactly as expected (InHdrError for
# packets too short for AH's fixed part, InNoStates for unknown SPIs,
# InStateProtoError for bad ICVs and, as XFRM's ah_input(), for AH
# lengths that are not the SA's and options that cannot be parsed,
# InStateSeqError for replays, InTmplMismatch for packets
# without AH, InError beyond the nesting limit) and the UDP listener in A
# must get exactly the datagrams of the authentic well-formed packets, the
# last one proving the SA still works; each SA's replay / in_packets must
# equal the namespace's InStateSeqError / InPackets of its run, its
# integrity_failed the ICV failures among the InStateProtoError drops.
# HOSTILE_DEEP=N: the deepest nesting case uses N levels (default 100; 0:
# no such case), HOSTILE_ONLY=3,17,... runs only those cases (both runs),
# HOSTILE_FAMILY=4 or 6 runs one family only.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
"$PY" -c 'import scapy.layers.ipsec, cryptography' 2>/dev/null ||
	ksft_skip "python3 scapy/cryptography not available"

topo_setup
IP6_A=fd00::1
IP6_B=fd00::2
_addrs "$NS_A" "$IF_A" "$IP6_A/64"
_addrs "$NS_B" "$IF_B" "$IP6_B/64"
wait_for -t 10 in_ns "$NS_B" ping -6 -c1 -W1 "$IP6_A" ||
	ksft_fail "no IPv6 connectivity between the namespaces"
# B sends Ethernet frames to A, A answers some cases with ICMP errors: no
# neighbour discovery afterwards (cleartext that the in policy refuses)
mac_a=$(ip -n "$NS_A" -o link show "$IF_A" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
mac_b=$(ip -n "$NS_B" -o link show "$IF_B" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
ip -n "$NS_B" -6 neigh replace "$IP6_A" lladdr "$mac_a" dev "$IF_B" nud permanent
ip -n "$NS_A" -6 neigh replace "$IP6_B" lladdr "$mac_b" dev "$IF_A" nud permanent
ip -n "$NS_B" neigh replace "$IP_A" lladdr "$mac_a" dev "$IF_B" nud permanent
ip -n "$NS_A" neigh replace "$IP_B" lladdr "$mac_b" dev "$IF_A" nud permanent

SHA='hmac(sha256)'
KEY4=$(rand_key 32)
KEY6=$(rand_key 32)
SPI4=0x7404
SPI6=0x7406
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto ah spi $SPI4 mode transport \
	auth-trunc "$SHA" "$KEY4" 128 replay-window 64
ctl_ok "$NS_A" sa add src "$IP6_B" dst "$IP6_A" proto ah spi $SPI6 mode transport \
	auth-trunc "$SHA" "$KEY6" 128 replay-window 64
ctl_ok "$NS_A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
	tmpl proto ah mode transport
ctl_ok "$NS_A" policy add src "$IP6_B/128" dst "$IP6_A/128" dir in \
	tmpl proto ah mode transport
dmesg_mark

# ns_counts: InStateProtoError InStateSeqError InPackets of A
ns_counts() {
	ctl "$NS_A" stats | awk '{ v[$1] = $2 }
		END { print v["InStateProtoError"] + 0, v["InStateSeqError"] + 0, v["InPackets"] + 0 }'
}

# sa_counts SPI: integrity_failed replay in_packets of A's SA SPI (one read)
sa_counts() {
	ctl "$NS_A" -j sa list | "$PY" -c 'import json, sys
for sa in json.load(sys.stdin):
    if int(str(sa["spi"]), 0) == int(sys.argv[1], 0):
        s = sa["stats"]
        print(s["integrity_failed"], s["replay"], s["in_packets"])' "$1"
}

# corpus FAMILY SRC DST SPI KEY PORT: listener in A, the cases from B, then
# the SA's counters against the namespace's increase during the run
total=0
failed=
corpus() {
	local f=$1 src=$2 dst=$3 spi=$4 key=$5 port=$6 recv=$T/udp-recv$1.log out rc t0
	local pe0 se0 np0 pe se np sa_pe sa_se sa_in n v6=
	[ "$f" = 6 ] && v6=--v6
	: >"$recv"
	ip netns exec "$NS_A" "$PY" "$REPO/selftests/fuzz/hostile_ah.py" listen \
		--port "$port" --out "$recv" $v6 >/dev/null 2>&1 &
	add_cleanup "kill $! 2>/dev/null; wait $! 2>/dev/null"
	wait_for -t 60 grep -q READY "$recv" || ksft_fail "UDP listener (IPv$f) in A did not start"
	read -r pe0 se0 np0 <<<"$(ns_counts)"
	log "--- hostile IPv$f AH packets B -> A"
	t0=$SECONDS
	out=$T/send$f.log
	in_ns "$NS_B" "$PY" "$REPO/selftests/fuzz/hostile_ah.py" send --ns-a "$NS_A" \
		--src "$src" --dst "$dst" --spi "$spi" --key "$key" --port "$port" \
		--iface "$IF_B" --mac "$mac_a" \
		--recv-log "$recv" --ipsecctl "$IPSECCTL" --deep "${HOSTILE_DEEP:-100}" \
		--only "${HOSTILE_ONLY:-}" | tee "$out" | sed -u 's/^# //'
	rc=${PIPESTATUS[0]}
	log "(IPv$f: $((SECONDS - t0)) s)"
	n=$(sed -n 's/^# \([0-9]*\) hostile .* (\([0-9]*\) packets).*/\2/p' "$out")
	total=$((total + ${n:-0}))
	[ "$rc" = 0 ] || failed="$failed IPv$f"
	# the sender waited for every counter: they are settled
	read -r pe se np <<<"$(ns_counts)"
	read -r sa_pe sa_se sa_in <<<"$(sa_counts "$spi")"
	# integrity_failed: ICV failures only (hostile_ah.py checked it)
	[ -n "$sa_pe" ] && [ "$sa_pe" -le $((pe - pe0)) ] ||
		ksft_fail "SA $spi integrity_failed ${sa_pe:-none} > InStateProtoError +$((pe - pe0))"
	check_eq "SA $spi replay vs InStateSeqError +$((se - se0))" "${sa_se:-none}" $((se - se0))
	check_eq "SA $spi in_packets vs InPackets +$((np - np0))" "${sa_in:-none}" $((np - np0))
}

[ "${HOSTILE_FAMILY:-4}" = 6 ] ||
	corpus 4 "$IP_B" "$IP_A" $SPI4 "$KEY4" 9999
[ "${HOSTILE_FAMILY:-6}" = 4 ] ||
	corpus 6 "$IP6_B" "$IP6_A" $SPI6 "$KEY6" 9998
stats_dump "$NS_A"
log "hostile AH packets tried: $total"
check_dmesg_clean
[ -z "$failed" ] ||
	ksft_fail "some hostile AH packets were not handled as expected:$failed (see above)"
ksft_pass "hostile AH packets ($total) dropped and counted, authentic ones delivered, SAs intact"
