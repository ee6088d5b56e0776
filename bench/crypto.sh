#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/crypto.sh: the crypto ceiling, raw AEAD speed of the benchmark's
# transforms on one CPU of the same VM, from the kernel's tcrypt module:
#
#   mode=211  rfc4106(gcm(aes)), 160-bit key (AES-128 + salt); 6.12 also
#             runs 224 and 288 bits, and gcm(aes): ignored
#   mode=213  rfc7539esp(chacha20,poly1305), 288-bit key
#
# each encrypt and decrypt, for BENCH_CRYPTO_SECS (default 1) seconds per
# buffer size (16 ... 8192 bytes: with sec=1, mode 211 takes ~100 s on
# 6.12, ~64 s on 6.1, and 213 ~19 s: there is no way to pick one size). tcrypt prints to the kernel log and then refuses to load
# (-EAGAIN, by design). Recorded: the 1420-byte buffers (an ESP payload
# for a 1500-byte MTU), MB/s. Run as root in the test VM (make bench):
#
#	make vm CMD='bash bench/crypto.sh'
#
# Environment: BENCH_CRYPTO_SECS, BENCH_CRYPTO_RUNS (default 1),
# BENCH_CRYPTO_MODES (default "211 213"), BENCH_ONLY (section crypto).

. "$(dirname "$0")/lib.sh"

bench_want crypto || exit 0
SECS=${BENCH_CRYPTO_SECS:-1}
RUNS=${BENCH_CRYPTO_RUNS:-1}
MODES=${BENCH_CRYPTO_MODES:-211 213}
BLOCK=1420
emit_meta settings_crypto "$(jlist SECS RUNS MODES BLOCK)"

modinfo tcrypt >/dev/null 2>&1 || ksft_skip "no tcrypt module"
for run in $(seq 1 "$RUNS"); do
	for mode in $MODES; do
		dmesg_mark
		t0=$(date +%s%N)
		out=$(modprobe tcrypt mode="$mode" sec="$SECS" 2>&1)
		say "crypto: tcrypt mode=$mode sec=$SECS: $(ms_since "$t0") ms (${out:-loaded?})"
		grep -q '^tcrypt ' /proc/modules && rmmod tcrypt
		n=0
		while read -r alg dir drv bits blk mbs; do
			case $alg/$bits in 'rfc4106(gcm(aes))/160' | 'rfc7539esp(chacha20,poly1305)/288') ;;
			*) continue ;;
			esac
			[ "$blk" = $BLOCK ] || continue
			emit crypto "$alg $dir" tcrypt "$run" "$mbs" MB/s higher \
				"\"driver\": $(_jstr "$drv"), \"block\": $blk, \"key_bits\": $bits, \"mode\": $mode, \"sec\": $SECS"
			say "crypto | $alg $dir ($drv) | $blk B | run $run: $mbs MB/s"
			n=$((n + 1))
		done < <(dmesg_since_mark | "$PY" "$BENCH_DIR/report.py" tcrypt)
		[ $n -gt 0 ] || say "crypto: tcrypt mode=$mode printed no $BLOCK-byte result"
	done
done
exit 0
