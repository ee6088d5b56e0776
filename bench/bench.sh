#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/bench.sh: every benchmark of `make bench` in one VM, in this order
# (each a script of its own, skipped unless selected by BENCH_ONLY):
#
#   crypto.sh     section crypto   tcrypt AEAD speed, 1420-byte buffers
#   tput.sh       sections tcp udp no IPsec / XFRM / ipsecdp throughput
#   latency.sh    section latency  ping round trips, idle and under load
#   flows.sh      section flows    4 and 16 flows on as many SA pairs
#   spd-scale.sh  sections scale load  SPD/SAD scale, configuration load
#
# Run as root in the test VM by bench/run.sh (which turns the BENCH-JSON and
# BENCH-META lines into bench/results.*); for a quick look by hand:
#
#	make vm CMD='BENCH_ONLY=tcp BENCH_RUNS=1 BENCH_SECS=2 bash bench/bench.sh'
#
# Exit status: 0 if every phase ran to its end (single failed runs are
# recorded with value null, not counted here), 1 otherwise.

. "$(dirname "$0")/lib.sh"

rc=0
vcpus=$(nproc)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '$1 == "MemTotal:" { print int($2 / 1024) }' /proc/meminfo)
emit_meta date "$(_jstr "$(date -Iseconds)")"
emit_meta machine "{\"kernel\": $(_jstr "$(uname -r)"), \"vcpus\": $vcpus, \"vm_cpu_model\": $(_jstr "$cpu"), \"mem_mib\": $mem, \"iperf3\": $(_jstr "$(iperf3 --version | head -1)")}"
emit_meta settings "$(jlist BENCH_RUNS BENCH_SECS BENCH_ONLY BENCH_RW BENCH_MODPARAMS BENCH_GRO)"
say "kernel $(uname -r), $vcpus vCPUs, ${mem} MiB; runs $BENCH_RUNS x ${BENCH_SECS} s; sections $BENCH_ONLY"

bench_need	# the module stays loaded for every phase
# the namespaces, made once for all phases (SFX exported: lib.sh reuses them)
export SFX
t0=$(date +%s%N)
stacks=
{ bench_want tcp || bench_want udp || bench_want latency || bench_want flows; } && stacks="p x d"
[ -z "$stacks" ] && bench_want scale && stacks="x d"
for s in $stacks; do
	bench_topo "$s"
done
[ -n "$stacks" ] && say "topologies $stacks up in $(($(ms_since "$t0") / 1000)) s"

# disclose: what could differ between the stacks besides the datapath.
# All three use the same veth settings (read from ipsecdp's A and B).
# XFRM's TCP sockets send without GSO: its bundle route has a header
# length, and sk_setup_caps() then clears GSO; ipsecdp's keep it, and it
# segments each super-packet in its output hook.
disclose() {
	local a b dev
	a=$(nsa d) b=$(nsb d) dev=eda$SFX
	ip netns exec "$a" ethtool -k "$dev" 2>/dev/null |
		awk '/^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-checksumming|rx-gro-list|rx-udp-gro-forwarding):/ {
			printf "%s%s=%s", n++ ? ", " : "", $1, $2 }' | sed 's/://g'
	printf '; rps_cpus on B: %s' "$(ip netns exec "$b" cat "/sys/class/net/edb$SFX/queues/rx-0/rps_cpus" 2>/dev/null)"
	printf '; TCP sockets: GSO off under XFRM (bundle header_len), on under ipsecdp (segmented in its output hook)'
	printf '; ipsecdp module parameters: %s' "${BENCH_MODPARAMS:-none}"
}
[ -n "$stacks" ] && emit_meta disclosure "$(_jstr "$(disclose)")"
for phase in crypto tput latency flows spd-scale; do
	t0=$(date +%s%N)
	bash "$BENCH_DIR/$phase.sh"
	prc=$?
	s=$(($(ms_since "$t0") / 1000))
	emit_meta "phase_$phase" "$s"
	case $prc in
	0) say "phase $phase: done in $s s" ;;
	4) say "phase $phase: skipped" ;;
	*) say "phase $phase: FAILED (exit $prc) after $s s"; rc=1 ;;
	esac
done
exit $rc
