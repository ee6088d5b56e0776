#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/flows.sh: many flows on as many SAs, XFRM vs ipsecdp (bench/lib.sh's
# x and d topologies; no IPsec for reference). For each N of BENCH_FLOWS,
# B gets N more addresses (10.0.0.100 ...), each with its own iperf3
# server port and its own pair of AES-GCM-128 transport SAs and policies
# on both hosts; N iperf3 clients on A run at once, one per address.
# Recorded: their Mbit/s summed. The runs alternate between the stacks.
# Run as root in the test VM (part of make bench):
#
#	make vm CMD='BENCH_RUNS=1 BENCH_FLOWS=4 bash bench/flows.sh'
#
# Environment (besides lib.sh's BENCH_RUNS, BENCH_SECS, BENCH_ONLY=flows):
#   BENCH_FLOWS  flow (and SA pair) counts (default "4 16")

. "$(dirname "$0")/lib.sh"

bench_want flows || exit 0
BENCH_FLOWS=${BENCH_FLOWS:-4 16}
emit_meta settings_flows "$(jlist BENCH_FLOWS)"
bench_need
for s in p x d; do
	bench_topo "$s"
done

flow_ip() { echo "10.0.0.$((100 + $1))"; }
flow_port() { echo $((5301 + $1)); }

# flows_topo S N: B's addresses and iperf3 servers for flows 0..N-1
declare -A FLOWS_UP=([p]=0 [x]=0 [d]=0)
flows_topo() {
	local s=$1 n=$2 a b i mb
	a=$(nsa "$s") b=$(nsb "$s")
	mb=$(in_ns "$b" cat "/sys/class/net/e${s}b$SFX/address")
	for ((i = FLOWS_UP[$s]; i < n; i++)); do
		ip -n "$b" addr add "$(flow_ip "$i")/32" dev "e${s}b$SFX" &&
			ip -n "$a" neigh replace "$(flow_ip "$i")" lladdr "$mb" \
				dev "e${s}a$SFX" nud permanent &&
			in_ns "$b" iperf3 -s -D -p "$(flow_port "$i")" \
				-I "$T/iperf3-$s-$i.pid" >/dev/null 2>&1 ||
			ksft_fail "flows_topo $s: flow $i"
		add_cleanup "kill \$(cat '$T/iperf3-$s-$i.pid' 2>/dev/null) 2>/dev/null"
	done
	for ((i = FLOWS_UP[$s]; i < n; i++)); do
		wait_for -t 30 _listening "$b" "$(flow_port "$i")" ||
			ksft_fail "flows_topo $s: iperf3 server $i not listening"
	done
	[ "${FLOWS_UP[$s]}" -lt "$n" ] && FLOWS_UP[$s]=$n
	return 0
}

# flows_conf S SIDE N: N SA pairs and policy pairs, one per flow address
# (bench/lib.sh's one-flow file for each, flushing only first)
flows_conf() {
	local s=$1 side=$2 n=$3 i
	for ((i = 0; i < n; i++)); do
		FLOW_B=$(flow_ip "$i") FLOW_SPI_AB=$((0x1000 + i)) \
			FLOW_SPI_BA=$((0x2000 + i)) FLOW_REQID=$((i + 1)) \
			bench_flow_conf "$s" "$side" gcm128 transport ipv4 |
			if [ "$i" = 0 ]; then cat; else grep -v ' flush$'; fi
	done
}

# flows_run S N RUN: N clients at once; emits the sum
flows_run() {
	local s=$1 n=$2 run=$3 i sum=0 v ok=1 e0 e1 pids=() extra
	e0=$(esp_pkts "$s" all)
	for ((i = 0; i < n; i++)); do
		timeout $((BENCH_SECS + 60)) nsenter "--net=/run/netns/$(nsa "$s")" \
			iperf3 -c "$(flow_ip "$i")" -p "$(flow_port "$i")" -t "$BENCH_SECS" -J \
			--connect-timeout 10000 >"$T/flow-$i.json" 2>&1 &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || ok=0
	done
	e1=$(esp_pkts "$s" all)
	for ((i = 0; i < n; i++)); do
		v=$(iperf_parse tcp "$T/flow-$i.json")
		v=${v%% *}
		[[ $v =~ ^[0-9.]+$ ]] || { ok=0; break; }
		sum=$(awk -v a="$sum" -v b="$v" 'BEGIN { printf "%.2f", a + b }')
	done
	extra="\"flows\": $n, \"esp_pkts\": $((e1 - e0)), \"secs\": $BENCH_SECS"
	if [ $ok = 0 ]; then
		sum=null extra="$extra, \"error\": \"an iperf3 client failed\""
	elif [ "$s" != p ] && [ $((e1 - e0)) -lt $((100 * n)) ]; then
		sum=null extra="$extra, \"error\": \"no ESP\""
	fi
	emit flows "$n flows on $n SA pairs, AES-GCM-128 transport IPv4" \
		"$(stack_name "$s")" "$run" "$sum" Mbit/s higher "$extra"
	say "flows | $n flows | $(stack_name "$s") | run $run: $sum Mbit/s"
}

for n in $BENCH_FLOWS; do
	for s in p x d; do
		flows_topo "$s" "$n"
		[ "$s" = p ] && continue
		for side in a b; do
			flows_conf "$s" "$side" "$n" >"$T/flows-$s-$side.conf" &&
				bench_apply "$s" "$("ns$side" "$s")" "$T/flows-$s-$side.conf" ||
				ksft_fail "flows: set-up of $n flows failed ($s)"
		done
	done
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		for s in p x d; do
			flows_run "$s" "$n" "$run"
		done
	done
done
bench_flush_all
exit 0
