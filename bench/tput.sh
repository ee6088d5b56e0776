#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/tput.sh: TCP throughput and UDP small-packet rate, no IPsec vs XFRM
# vs ipsecdp (bench/lib.sh's three topologies), one row per algorithm x
# mode x family x streams. The runs of a row alternate between the stacks;
# "no IPsec" is measured once per family and stream count. Run as root in
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
#   BENCH_UDP    FAM-MODE combinations with a UDP row (default "ipv4-transport")

. "$(dirname "$0")/lib.sh"

BENCH_ALGS=${BENCH_ALGS:-gcm128 chacha}
BENCH_MODES=${BENCH_MODES:-transport tunnel}
BENCH_FAMS=${BENCH_FAMS:-ipv4 ipv6}
BENCH_P4=${BENCH_P4-ipv4-transport}
BENCH_P4_ALGS=${BENCH_P4_ALGS-gcm128}
BENCH_UDP=${BENCH_UDP-ipv4-transport}

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

emit_meta settings_tput "$(jlist BENCH_ALGS BENCH_MODES BENCH_FAMS BENCH_P4 BENCH_P4_ALGS BENCH_UDP)"
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
	local fam=$1 fl st run dst mode need4=0 needu=0
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
		for ((run = 1; run <= BENCH_RUNS; run++)); do
			bench_iperf p udp "$fl, 64 B" "$run" "$dst" "" -- -u -l 64 -b 0
		done
	fi
}

for fam in $BENCH_FAMS; do
	fl=$(fam_label "$fam")
	plain_rows "$fam"
	for mode in $BENCH_MODES; do
		dst=$(bench_dst "$mode" "$fam")
		for alg in $BENCH_ALGS; do
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
				continue
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
				for ((run = 1; run <= BENCH_RUNS; run++)); do
					for s in x d; do
						bench_iperf "$s" udp "$label, 64 B" "$run" "$dst" \
							"$fl, 64 B" -- -u -l 64 -b 0
					done
				done
			fi
		done
	done
done
for s in x d; do
	bench_flush "$s"
done
exit 0
