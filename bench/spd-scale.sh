#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/spd-scale.sh: SPD and SAD scale, and configuration load time, of
# ipsecdp against the kernel's XFRM (bench/lib.sh's x and d topologies:
# the same stack on both hosts). Part of make bench; alone, as root in the
# test VM (prints BENCH-JSON records; bench/run.sh makes the tables):
#
#	make vm CMD='BENCH_RUNS=1 BENCH_SECS=2 bash bench/spd-scale.sh'
#
# Section "scale": throughput of one ESP-protected TCP flow A -> B (iperf3,
# AES-GCM-128, transport, IPv4) while A also holds
#   - nothing else ("flow only": 2 SAs, 2 policies),
#   - 10,000 and 100,000 unrelated outbound policies (BENCH_SPD), 90%
#     host-to-host (/32 -> /32), 10% prefixes (/24 -> /16../32) with a TCP
#     port (XFRM has no port ranges): loaded in increments, so 100,000
#     means 90,000 more after the 10,000 row,
#   - the same plus 2,023 policies that overlap the flow's and must not
#     win (bench/lib.sh's overlap_pols: 1,023 prefix-length pairs holding
#     the flow's addresses that lose on priority, 1,000 port ranges
#     between the same /24s that win on priority but not on the port),
#   - the same, and B, the receiver, holding as many unrelated inbound
#     policies (its inbound policy check of every packet),
#   - 100,000 unrelated SAs (BENCH_SAD), the policies back to the flow's.
# Section "load": configuration load time, ipsecctl -f (one atomic batch
# per file) against ip -batch, one run each:
#   - each increment above, loaded into A, and their sum: 100,000
#     policies + 100,000 SAs (with the default sizes),
#   - with BENCH_LOAD_FRESH=1, or when BENCH_ONLY selects "load" but not
#     "scale": BENCH_LOADN (100,000) policies + as many SAs in one file,
#     loaded into a fresh namespace with one command. It costs XFRM about
#     as long as the increments together (measured: 162 s against 153 s
#     on 6.12 under TCG; ipsecdp 11 s against 12.5 s, before ipsecctl
#     streamed its batches; after, on a quieter host: XFRM 66.5 s,
#     ipsecdp 4.2 s), hence not by default: make bench has 20 minutes.

. "$(dirname "$0")/lib.sh"

BENCH_SPD=${BENCH_SPD:-10000 100000}
BENCH_SAD=${BENCH_SAD:-100000}
BENCH_LOADN=${BENCH_LOADN:-100000}
BENCH_LOAD_FRESH=${BENCH_LOAD_FRESH:-0}

SCALE=0 FRESH=0
bench_want scale && SCALE=1
bench_want load && { [ "$BENCH_LOAD_FRESH" = 1 ] || [ $SCALE = 0 ]; } && FRESH=1
[ $SCALE = 1 ] || [ $FRESH = 1 ] || exit 0

emit_meta settings_scale "$(jlist BENCH_SPD BENCH_SAD BENCH_LOADN BENCH_LOAD_FRESH)"
bench_need

num() {	# num 100000: 100,000
	sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<<"$1"
}

# row CASE: BENCH_RUNS runs of the flow, alternating XFRM and ipsecdp
row() {
	local run s
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		for s in x d; do
			bench_iperf "$s" scale "$1" "$run" "$B_B4" "" -- -P 1
		done
	done
}

# load_into S NS FILE CASE [nosum]: time loading FILE into NS, record it,
# add it to LOAD_SUM[S] ("null" once one failed) unless "nosum"
declare -A LOAD_SUM=([x]=0 [d]=0)
load_into() {
	local s=$1 ns=$2 f=$3 case=$4 t0 ms
	t0=$(date +%s%N)
	if bench_apply "$s" "$ns" "$f"; then
		ms=$(ms_since "$t0")
		[ "${5:-}" = nosum ] || [ "${LOAD_SUM[$s]}" = null ] ||
			LOAD_SUM[$s]=$((LOAD_SUM[$s] + ms))
	else
		ms=null
		[ "${5:-}" = nosum ] || LOAD_SUM[$s]=null
	fi
	emit load "$case" "$(stack_name "$s")" 1 "$ms" ms lower "\"lines\": $(wc -l <"$f")"
	say "load | $case | $(stack_name "$s"): $ms ms"
}

# grow GEN FILE WHAT TABLE "N...": for each N, load into A of both stacks
# the unrelated entries (GEN COUNT STACK FIRST) that bring TABLE to N
# entries, then measure a row; GROWN is the last N
grow() {
	local gen=$1 file=$2 what=$3 table=$4 n s have=0 m0
	for n in $5; do
		for s in x d; do
			"$gen" $((n - have)) "$s" "$have" >"$T/$file-$s.conf"
			m0=$(kmem_kib)
			load_into "$s" "$(nsa "$s")" "$T/$file-$s.conf" \
				"into A: +$(num $((n - have))) $what ($table $(num "$n"))"
			mem_row "$s" "$what" $((n - have)) "$m0"
		done
		have=$n
		row "$table $(num "$n") unrelated $what"
	done
	GROWN=$have
}

# kmem_kib: kernel memory that SAs and policies take, KiB: slab (kmalloc
# included) and per-CPU allocations (/proc/meminfo)
kmem_kib() {
	awk '$1 == "Slab:" || $1 == "Percpu:" { n += $2 } END { print n + 0 }' /proc/meminfo
}

# mem_row S WHAT N KIB0: bytes per entry for N entries loaded since KIB0
# (the whole kernel's growth: nothing else runs meanwhile; XFRM's and
# ipsecdp's loads go into the same VM one after the other)
mem_row() {
	local per one=SA
	[ "$2" = policies ] && one=policy
	per=$((($(kmem_kib) - $4) * 1024 / $3))
	emit memory "bytes per $one (+$(num "$3"))" "$(stack_name "$1")" 1 "$per" B lower
	say "memory | +$(num "$3") $2 | $(stack_name "$1"): $per B each"
}

if [ $SCALE = 1 ]; then
	for s in x d; do
		bench_topo "$s"
		bench_setup "$s" gcm128 transport ipv4 || ksft_fail "flow set-up failed ($s)"
	done
	say "scale: topologies up (runs $BENCH_RUNS x ${BENCH_SECS} s)"
	row "flow only (2 SAs, 2 policies)"
	grow unrelated_pols pol policies SPD "$BENCH_SPD"
	npol=$GROWN
	# a harder SPD: the same, plus policies that overlap the flow's
	for s in x d; do
		overlap_pols "$s" >"$T/overlap-$s.conf"
		load_into "$s" "$(nsa "$s")" "$T/overlap-$s.conf" \
			"into A: +2,023 policies overlapping the flow's" nosum
	done
	row "SPD $(num "$npol") unrelated + 2,023 overlapping the flow's"
	# the receiver's inbound check: B holds as many unrelated in policies
	for s in x d; do
		unrelated_pols "$npol" "$s" 0 in >"$T/inpol-$s.conf"
		load_into "$s" "$(nsb "$s")" "$T/inpol-$s.conf" \
			"into B: $(num "$npol") unrelated inbound policies" nosum
	done
	row "SPD as above, and B (receiver) $(num "$npol") unrelated inbound"
	# the flow's policies only, on both hosts, then the SAs
	for s in x d; do
		for side in a b; do
			bench_flow_conf "$s" "$side" gcm128 transport ipv4 |
				grep -E '^(xfrm )?policy' >"$T/flowpol-$s-$side.conf"
			t0=$(date +%s%N)
			bench_apply "$s" "$("ns$side" "$s")" "$T/flowpol-$s-$side.conf" ||
				ksft_fail "policy reset failed ($s, $side)"
			say "scale: $(stack_name "$s"): policy flush on ${side^^} + 2 flow policies: $(ms_since "$t0") ms"
		done
	done
	grow unrelated_sas sa SAs SAD "$BENCH_SAD"
	have=$GROWN
	for s in x d; do
		emit load "$(num "$npol") policies + $(num "$have") SAs: the increments above" \
			"$(stack_name "$s")" 1 "${LOAD_SUM[$s]}" ms lower '"sum": true'
		t0=$(date +%s%N)
		bench_flush "$s"
		say "scale: $(stack_name "$s"): flush: $(ms_since "$t0") ms"
	done
fi

if [ $FRESH = 1 ]; then
	N=$BENCH_LOADN
	for s in x d; do
		{ unrelated_sas "$N" "$s"; unrelated_pols "$N" "$s"; } >"$T/load-$s.conf"
		ns_create "ld$s-$SFX"
		load_into "$s" "ld$s-$SFX" "$T/load-$s.conf" \
			"$(num "$N") policies + $(num "$N") SAs, one file, fresh namespace"
		ip netns del "ld$s-$SFX"
	done
fi
exit 0
