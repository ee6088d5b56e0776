#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/latency.sh: ping round-trip time, no IPsec vs XFRM vs ipsecdp
# (bench/lib.sh's three topologies), idle and under bulk load: one TCP
# stream (iperf3) from A to B while A pings B. Each run sends
# BENCH_LAT_PINGS echo requests 10 ms apart; recorded per run: the
# median (p50) and the 99th percentile (p99) of their round-trip times, in
# ms, and how many were lost. The runs of a row alternate between the
# stacks. Run as root in the test VM (part of make bench):
#
#	make vm CMD='BENCH_RUNS=1 bash bench/latency.sh'
#
# Environment (besides lib.sh's BENCH_RUNS, BENCH_ONLY=latency):
#   BENCH_LAT_PINGS  echo requests per run (default 200)
#   BENCH_LAT_COMBOS ALG-MODE-FAM combinations (default
#                    "gcm128-transport-ipv4 gcm128-tunnel-ipv6")

. "$(dirname "$0")/lib.sh"

bench_want latency || exit 0
BENCH_LAT_PINGS=${BENCH_LAT_PINGS:-200}
BENCH_LAT_COMBOS=${BENCH_LAT_COMBOS:-gcm128-transport-ipv4 gcm128-tunnel-ipv6}
emit_meta settings_latency "$(jlist BENCH_LAT_PINGS BENCH_LAT_COMBOS)"
bench_need
for s in p x d; do
	bench_topo "$s"
done

# ping turns packet timestamps on (SO_TIMESTAMP) and off when it exits,
# which toggles a static key, patching kernel text with int3 while the
# other vCPU receives: under QEMU TCG that patching raced with bulk
# receive twice ("Oops: int3" in __netif_receive_skb_core, in XFRM's and
# in ipsecdp's runs alike). One ping for the whole phase keeps the key on.
ping -q -i 5 127.0.0.1 >/dev/null 2>&1 &
add_cleanup "kill $! 2>/dev/null"
sleep 1

# rtt_stats FILE: "P50 P99 LOST" of ping's output (ms), or "null null N"
rtt_stats() {
	awk -v want="$BENCH_LAT_PINGS" '
	/ time=/ { t = $0; sub(/.* time=/, "", t); sub(/ .*/, "", t); v[n++] = t + 0 }
	END {
		if (n == 0) { print "null null " want; exit }
		# insertion sort: a few hundred values
		for (i = 1; i < n; i++) {
			x = v[i]
			for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]
			v[j + 1] = x
		}
		p50 = v[int((n - 1) * 0.50 + 0.5)]
		p99 = v[int((n - 1) * 0.99 + 0.5)]
		printf "%.3f %.3f %d\n", p50, p99, want - n
	}' "$1"
}

# lat_run S CASE RUN DST LOAD: one run; LOAD idle or bulk
lat_run() {
	local s=$1 case=$2 run=$3 dst=$4 load=$5 ip stack p50 p99 lost
	stack=$(stack_name "$s")
	if [ "$load" = bulk ]; then
		nsx "$(nsa "$s")" iperf3 -c "$dst" -t $((BENCH_LAT_PINGS / 100 + 4)) \
			--connect-timeout 10000 >/dev/null 2>&1 &
		ip=$!
		sleep 1		# the stream up to speed
	fi
	nsx "$(nsa "$s")" ping -n -c "$BENCH_LAT_PINGS" -i 0.01 -W 2 "$dst" \
		>"$T/ping.out" 2>&1
	if [ "$load" = bulk ]; then
		kill "$ip" 2>/dev/null
		wait "$ip" 2>/dev/null
	fi
	read -r p50 p99 lost < <(rtt_stats "$T/ping.out")
	emit latency "$case, $load, p50" "$stack" "$run" "$p50" ms lower "\"lost\": $lost"
	emit latency "$case, $load, p99" "$stack" "$run" "$p99" ms lower "\"lost\": $lost"
	say "latency | $case, $load | $stack | run $run: p50 $p50 ms, p99 $p99 ms, $lost lost"
}

for combo in $BENCH_LAT_COMBOS; do
	IFS=- read -r alg mode fam <<<"$combo"
	dst=$(bench_dst "$mode" "$fam")
	case="$(alg_label "$alg") $mode $(fam_label "$fam")"
	bench_setup p - - "$fam"
	bench_setup x "$alg" "$mode" "$fam" && bench_setup d "$alg" "$mode" "$fam" || {
		say "latency: set-up of $combo failed"
		continue
	}
	for load in idle bulk; do
		for ((run = 1; run <= BENCH_RUNS; run++)); do
			for s in p x d; do
				# plain: the same path without IPsec (transport addresses)
				if [ "$s" = p ]; then
					lat_run p "$case" "$run" "$(bench_dst transport "$fam")" "$load"
				else
					lat_run "$s" "$case" "$run" "$dst" "$load"
				fi
			done
		done
	done
done
bench_flush_all
exit 0
