#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/spd-scale.sh: SPD scaling of ipsecdp against the kernel's XFRM.
# Not a test: prints a table. Run as root in the test VM, e.g.
#
#	make vm KVER=6.12.117+deb12-amd64 CMD='bench/spd-scale.sh'
#
# 1. Throughput of one ESP-protected TCP flow A -> B (iperf3, $SECS s)
#    while A's SPD holds 1, 10,000 or 100,000 unrelated policies besides
#    the one protecting the flow: with ipsecdp on A, then with XFRM on A
#    (`ip -batch` of the equivalent `ip xfrm policy add` lines). B is
#    XFRM in both cases, with only the flow's SAs and policies.
#    The unrelated policies are 90% host-to-host (/32 -> /32) and 10%
#    prefixes (/24 -> /16..32) with a TCP port (XFRM has no port ranges).
# 2. Time to load 100,000 policies + 100,000 SAs: `ipsecctl -f` (one
#    atomic batch) against `ip -batch` (XFRM), each in a fresh namespace.
#
# Environment: SECS (default 10), SIZES (default "1 10000 100000").

. "$(dirname "$0")/../selftests/lib/ipsec.sh"

SECS=${SECS:-10}
SIZES=${SIZES:-1 10000 100000}
KA=0x0102030405060708090a0b0c0d0e0f1011121314
KB=0x1112131415161718191a1b1c1d1e1f2021222324

need_cmd iperf3 awk
need_xfrm
if ! grep -q '^ipsecdp ' /proc/modules; then
	insmod "$REPO/build/$(uname -r)/ipsecdp.ko" || ksft_fail "insmod failed"
	add_cleanup "rmmod ipsecdp"
fi
need_ipsecctl

# unrelated N STYLE: N policies that match nothing of the flow
# STYLE: ipsecdp (ipsecctl lines) or xfrm (ip -batch lines)
unrelated() {
	awk -v n="$1" -v style="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			a = int(i / 65536); b = int(i / 256) % 256; c = i % 256
			if (i % 10 == 9) {
				sel = sprintf("src 172.%d.%d.0/24 dst 192.%d.%d.0/%d proto tcp dport %d",
					      16 + a, b, 168 + a, b, 16 + i % 17, 1 + i % 60000)
			} else {
				sel = sprintf("src 172.%d.%d.%d/32 dst 172.%d.%d.%d/32",
					      16 + a, b, c, 24 + a, b, c)
			}
			if (style == "xfrm")
				printf "xfrm policy add %s dir out priority 100 tmpl proto esp mode transport\n", sel
			else
				printf "policy add %s dir out priority 100 tmpl proto esp\n", sel
		}
	}'
}

# sas N STYLE: N SAs
sas() {
	awk -v n="$1" -v style="$2" -v key="$KA" 'BEGIN {
		for (i = 0; i < n; i++) {
			a = int(i / 65536); b = int(i / 256) % 256; c = i % 256
			s = sprintf("src 172.%d.%d.%d dst 172.%d.%d.%d proto esp spi 0x%x mode transport",
				    16 + a, b, c, 24 + a, b, c, 4096 + i)
			if (style == "xfrm")
				printf "xfrm state add %s aead rfc4106(gcm(aes)) %s 128\n", s, key
			else
				printf "sa add %s aead rfc4106(gcm(aes)) %s 128\n", s, key
		}
	}'
}

flow_xfrm_b() {
	ip -n "$NS_B" xfrm state add src "$IP_A" dst "$IP_B" proto esp spi 0x100 \
		reqid 1 mode transport aead 'rfc4106(gcm(aes))' "$KA" 128 &&
	ip -n "$NS_B" xfrm state add src "$IP_B" dst "$IP_A" proto esp spi 0x200 \
		reqid 1 mode transport aead 'rfc4106(gcm(aes))' "$KB" 128 &&
	ip -n "$NS_B" xfrm policy add src "$IP_B/32" dst "$IP_A/32" dir out \
		tmpl src "$IP_B" dst "$IP_A" proto esp reqid 1 mode transport &&
	ip -n "$NS_B" xfrm policy add src "$IP_A/32" dst "$IP_B/32" dir in \
		tmpl src "$IP_A" dst "$IP_B" proto esp reqid 1 mode transport ||
		ksft_fail "XFRM set-up of B failed"
}

# A's configuration for N: unrelated policies + the flow's, one file
conf_ipsecdp() {
	unrelated $(($1 - 1)) ipsecdp
	cat <<EOF
sa add src $IP_A dst $IP_B proto esp spi 0x100 mode transport aead rfc4106(gcm(aes)) $KA 128
sa add src $IP_B dst $IP_A proto esp spi 0x200 mode transport aead rfc4106(gcm(aes)) $KB 128
policy add src $IP_A/32 dst $IP_B/32 dir out priority 10 tmpl proto esp spi 0x100
policy add src $IP_B/32 dst $IP_A/32 dir in priority 10 tmpl proto esp
EOF
}

conf_xfrm() {
	unrelated $(($1 - 1)) xfrm
	cat <<EOF
xfrm state add src $IP_A dst $IP_B proto esp spi 0x100 reqid 1 mode transport aead rfc4106(gcm(aes)) $KA 128
xfrm state add src $IP_B dst $IP_A proto esp spi 0x200 reqid 1 mode transport aead rfc4106(gcm(aes)) $KB 128
xfrm policy add src $IP_A/32 dst $IP_B/32 dir out priority 10 tmpl src $IP_A dst $IP_B proto esp reqid 1 mode transport
xfrm policy add src $IP_B/32 dst $IP_A/32 dir in priority 10 tmpl src $IP_B dst $IP_A proto esp reqid 1 mode transport
EOF
}

ms_since() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

# iperf3 A -> B for $SECS s: Mbit/s received
throughput() {
	in_ns "$NS_A" iperf3 -c "$IP_B" -t "$SECS" -J >"$T/iperf.json" 2>&1 ||
		{ echo "error"; return; }
	"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("%.0f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' "$T/iperf.json"
}

# the flow went through ESP: A's ipsecdp OutPackets, or XFRM's SA use
esp_check() {
	if [ "$1" = ipsecdp ]; then
		counter "$NS_A" OutPackets
	else
		ip -n "$NS_A" -s xfrm state get src "$IP_A" dst "$IP_B" \
			proto esp spi 0x100 | grep -A1 'lifetime current' | tail -1 |
			tr -s ' ' | sed 's/^ //'
	fi
}

topo_setup >/dev/null
flow_xfrm_b
in_ns "$NS_B" iperf3 -s -D >/dev/null 2>&1
sleep 1

declare -A TP LOAD
for n in $SIZES; do
	conf_ipsecdp "$n" >"$T/a.conf"
	t0=$(date +%s%N)
	ctl "$NS_A" -f "$T/a.conf" || ksft_fail "ipsecctl -f failed for $n"
	LOAD[ipsecdp,$n]=$(ms_since "$t0")
	TP[ipsecdp,$n]=$(throughput)
	log "ipsecdp, $n policies: ${TP[ipsecdp,$n]} Mbit/s, ESP packets out: $(esp_check ipsecdp)"
	ctl "$NS_A" policy flush
	ctl "$NS_A" sa flush

	conf_xfrm "$n" >"$T/x.conf"
	t0=$(date +%s%N)
	ip -n "$NS_A" -batch "$T/x.conf" || ksft_fail "ip -batch failed for $n"
	LOAD[xfrm,$n]=$(ms_since "$t0")
	TP[xfrm,$n]=$(throughput)
	log "xfrm, $n policies: ${TP[xfrm,$n]} Mbit/s, ESP packets out: $(esp_check xfrm)"
	ip -n "$NS_A" xfrm policy flush
	ip -n "$NS_A" xfrm state flush
done

# load time of 100,000 policies + 100,000 SAs, fresh namespaces
N=${LOADN:-100000}
{ sas "$N" ipsecdp; unrelated "$N" ipsecdp; } >"$T/load.conf"
{ sas "$N" xfrm; unrelated "$N" xfrm; } >"$T/load.xfrm"
ns_create "ldA-$SFX"
t0=$(date +%s%N)
ctl "ldA-$SFX" -f "$T/load.conf" || ksft_fail "ipsecctl -f load failed"
L_OURS=$(ms_since "$t0")
ns_create "ldX-$SFX"
t0=$(date +%s%N)
ip -n "ldX-$SFX" -batch "$T/load.xfrm" || ksft_fail "ip -batch load failed"
L_XFRM=$(ms_since "$t0")

echo
echo "SPD scale, kernel $(uname -r), $(nproc) CPUs, iperf3 ${SECS} s, one TCP flow"
printf '%-12s %16s %16s %14s %14s\n' "policies" "ipsecdp Mbit/s" "XFRM Mbit/s" \
	"ipsecdp load" "XFRM load"
for n in $SIZES; do
	printf '%-12s %16s %16s %11s ms %11s ms\n' "$n" "${TP[ipsecdp,$n]}" \
		"${TP[xfrm,$n]}" "${LOAD[ipsecdp,$n]}" "${LOAD[xfrm,$n]}"
done
echo
echo "load $N policies + $N SAs: ipsecctl -f ${L_OURS} ms, ip -batch ${L_XFRM} ms"
