#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/tput.sh: TCP throughput and UDP small-packet rate, no IPsec vs XFRM
# vs ipsecdp (bench/lib.sh's three topologies), one row per algorithm x
# mode x family x streams (UDP: x payload size), the rows in a random
# order. The runs of a row alternate between the stacks; "no IPsec" is
# measured once per family, stream count and size. Run as root in
# the test VM (part of make bench):
#
#	make vm CMD='BENCH_RUNS=1 BENCH_SECS=2 bash bench/tput.sh'
#
# Environment (besides lib.sh's BENCH_RUNS, BENCH_SECS, BENCH_ONLY=tcp,udp):
#   BENCH_ALGS   gcm128 chacha          (rfc4106(gcm(aes)) 128 bit, rfc7539esp)
#   BENCH_MODES  transport tunnel
#   BENCH_FAMS   ipv4 ipv6
#   BENCH_P4     FAM-MODE combinations also measured with 4 TCP streams
#                (default "ipv4-transport"; "" for none) ...
#   BENCH_P4_ALGS  ... with these algorithms (default gcm128)
#   BENCH_UDP    FAM-MODE combinations with UDP rows (default: all four)
#   BENCH_UDP_SIZES  UDP payload sizes, one row each (default 64; e.g.
#                "64 512 1400" for a sweep)
#   BENCH_SEED   the seed of the rows' random order (default: random; the
#                run records it)

. "$(dirname "$0")/lib.sh"

BENCH_ALGS=${BENCH_ALGS:-gcm128 chacha}
BENCH_MODES=${BENCH_MODES:-transport tunnel}
BENCH_FAMS=${BENCH_FAMS:-ipv4 ipv6}
BENCH_P4=${BENCH_P4-ipv4-transport}
BENCH_P4_ALGS=${BENCH_P4_ALGS-gcm128}
BENCH_UDP=${BENCH_UDP-ipv4-transport ipv4-tunnel ipv6-transport ipv6-tunnel}
BENCH_UDP_SIZES=${BENCH_UDP_SIZES:-64}
BENCH_SEED=${BENCH_SEED:-$RANDOM}

has() {	# has WORD LIST...: WORD is one of the (unquoted, split) LIST
	local w=$1 x
	shift
	# shellcheck disable=SC2048
	for x in $*; do [ "$x" = "$w" ] && return 0; done
	return 1
}

TCP=0 UDP=0
bench_want tcp && TCP=1
bench_want udp && UDP=1
[ $TCP = 1 ] || [ $UDP = 1 ] || exit 0

emit_meta settings_tput "$(jlist BENCH_ALGS BENCH_MODES BENCH_FAMS BENCH_P4 BENCH_P4_ALGS BENCH_UDP BENCH_UDP_SIZES BENCH_SEED)"
bench_need
for s in p x d; do
	bench_topo "$s"
done
say "tput: topologies up (runs $BENCH_RUNS x ${BENCH_SECS} s)"

streams_of() {	# streams_of FAM MODE ALG: TCP stream counts of the combination
	echo 1
	has "$1-$2" $BENCH_P4 && has "$3" $BENCH_P4_ALGS && echo 4
}

# plain_rows FAM: no-IPsec reference rows of a family
plain_rows() {
	local fam=$1 fl st run dst mode sz need4=0 needu=0
	fl=$(fam_label "$fam")
	dst=$(bench_dst transport "$fam")
	bench_setup p - - "$fam"
	for mode in $BENCH_MODES; do
		has "$fam-$mode" $BENCH_P4 && need4=1
		has "$fam-$mode" $BENCH_UDP && needu=1
	done
	if [ $TCP = 1 ]; then
		for st in 1 $([ $need4 = 1 ] && echo 4); do
			for ((run = 1; run <= BENCH_RUNS; run++)); do
				bench_iperf p tcp "$fl, $st stream$([ "$st" = 1 ] || echo s)" "$run" "$dst" "" -- -P "$st"
			done
		done
	fi
	if [ $UDP = 1 ] && [ $needu = 1 ]; then
		for sz in $BENCH_UDP_SIZES; do
			for ((run = 1; run <= BENCH_RUNS; run++)); do
				bench_iperf p udp "$fl, $sz B" "$run" "$dst" "" -- -u -l "$sz" -b 0
			done
		done
	fi
}

# ipsec_rows FAM MODE ALG: the XFRM and ipsecdp rows of one combination,
# their runs alternating between the two stacks
ipsec_rows() {
	local fam=$1 mode=$2 alg=$3 fl dst label px ok st case run s sz
	fl=$(fam_label "$fam")
	dst=$(bench_dst "$mode" "$fam")
	label="$(alg_label "$alg") $mode $fl"
	# both at once: under TCG a set-up takes seconds
	bench_setup x "$alg" "$mode" "$fam" &
	px=$!
	bench_setup d "$alg" "$mode" "$fam"
	ok=$?
	wait $px || ok=1
	# (the background one's ESP_LAST reset did not reach us)
	# shellcheck disable=SC2034
	ESP_LAST[x]=
	if [ $ok != 0 ]; then
		emit tcp "$label, 1 stream" xfrm 1 null Mbit/s higher '"error": "set-up failed"'
		return
	fi
	if [ $TCP = 1 ]; then
		for st in $(streams_of "$fam" "$mode" "$alg"); do
			case="$label, $st stream$([ "$st" = 1 ] || echo s)"
			for ((run = 1; run <= BENCH_RUNS; run++)); do
				for s in x d; do
					bench_iperf "$s" tcp "$case" "$run" "$dst" \
						"$fl, $st stream$([ "$st" = 1 ] || echo s)" -- -P "$st"
				done
			done
		done
	fi
	if [ $UDP = 1 ] && has "$fam-$mode" $BENCH_UDP; then
		for sz in $BENCH_UDP_SIZES; do
			for ((run = 1; run <= BENCH_RUNS; run++)); do
				for s in x d; do
					bench_iperf "$s" udp "$label, $sz B" "$run" "$dst" \
						"$fl, $sz B" -- -u -l "$sz" -b 0
				done
			done
		done
	fi
}

# the rows in a random order (BENCH_SEED), so that a drift of the host
# over the run does not always favour the same rows
rows=()
for fam in $BENCH_FAMS; do
	rows+=("plain_rows $fam")
	for mode in $BENCH_MODES; do
		for alg in $BENCH_ALGS; do
			rows+=("ipsec_rows $fam $mode $alg")
		done
	done
done
say "tput: ${#rows[@]} row groups, order seed $BENCH_SEED"
while read -r row; do
	$row
done < <(printf '%s\n' "${rows[@]}" |
	 shuf --random-source=<(openssl enc -aes-128-ctr -pass "pass:$BENCH_SEED" -nosalt \
					</dev/zero 2>/dev/null))
bench_flush_all
exit 0
