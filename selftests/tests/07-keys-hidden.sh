#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Keys stay out of sight unless asked for: for an AEAD, an authenc
# (cbc(aes) + hmac(sha256)) and an AH SA, `sa list`, `sa get` and their
# JSON forms show no key byte; `-k` shows every key (so the search would
# find one); `save` (a backup, which asks the kernel for keys) has them;
# and nothing of any key reaches the kernel log, from adding, dumping and
# deleting the SAs. (Unprivileged users cannot ask at all: test 09.)
# timeout: 120
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl

ns_create "$NS_A"
dmesg_mark
KG=$(rand_key 20) KE=$(rand_key 16) KI=$(rand_key 32) KH=$(rand_key 32)
ctl_ok "$NS_A" sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x700 \
	mode transport aead "$GCM" "$KG" 128
ctl_ok "$NS_A" sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x701 \
	mode tunnel enc 'cbc(aes)' "$KE" auth-trunc 'hmac(sha256)' "$KI" 128
ctl_ok "$NS_A" sa add src 10.0.0.1 dst 10.0.0.2 proto ah spi 0x702 \
	mode transport auth-trunc 'hmac(sha256)' "$KH" 128
KEYS=("${KG#0x}" "${KE#0x}" "${KI#0x}" "${KH#0x}")

# keys_in NAME TEXT: how many of the four keys TEXT contains (as hex)
keys_in() {
	local k n=0
	for k in "${KEYS[@]}"; do
		grep -qi -- "$k" <<<"$2" && n=$((n + 1))
	done
	log "$1: $n of ${#KEYS[@]} keys" >&2
	echo "$n"
}

n=0
while read -r args; do
	# shellcheck disable=SC2086
	out=$(ctl "$NS_A" $args 2>&1) || ksft_fail "ipsecctl $args failed: $out"
	check_eq "keys in 'ipsecctl $args'" "$(keys_in "$args" "$out")" 0
	n=$((n + 1))
done <<LIST
sa list
-j sa list
-s sa list
sa get dst 10.0.0.2 proto esp spi 0x700
sa get dst 10.0.0.2 proto esp spi 0x701
sa get dst 10.0.0.2 proto ah spi 0x702
-j sa get dst 10.0.0.2 proto esp spi 0x701
LIST
check_eq "'(key hidden)' in sa list" \
	"$(ctl "$NS_A" sa list | grep -o 'key hidden' | wc -l)" 4

check_eq "keys in 'ipsecctl -k sa list'" \
	"$(keys_in "-k sa list" "$(ctl "$NS_A" -k sa list)")" ${#KEYS[@]}
check_eq "keys in 'ipsecctl -k -j sa list'" \
	"$(keys_in "-k -j sa list" "$(ctl "$NS_A" -k -j sa list)")" ${#KEYS[@]}
check_eq "keys in 'ipsecctl save'" \
	"$(keys_in "save" "$(ctl "$NS_A" save)")" ${#KEYS[@]}

ctl_ok "$NS_A" sa del dst 10.0.0.2 proto esp spi 0x700
ctl_ok "$NS_A" sa flush
check_eq "keys in the kernel log" "$(keys_in "kernel log" "$(dmesg_since_mark)")" 0
check_dmesg_clean
ksft_pass "keys hidden in $n dumps and gets without -k, shown with -k and in save, never logged"
