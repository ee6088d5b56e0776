#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# AH SA configuration: every supported algorithm is accepted (without a
# truncation, "auth", the one ip xfrm gives it) and dumped back as it was
# configured; an unknown algorithm, a wrong xcbc/cmac key length, an empty
# key, a truncation longer than the digest or not a multiple of 32 bits
# (or below 96) is refused with a message saying so, and nothing is added.
# timeout: 120
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
ns_create "ipC-$SFX"
NS=ipC-$SFX
L=10.9.0.1
R=10.9.0.2

n=0
for a in 'hmac(sha1) 20 96' 'hmac(sha256) 32 128' 'hmac(sha384) 48 192' \
	'hmac(sha512) 64 256' 'xcbc(aes) 16 96' 'cmac(aes) 16 96' \
	'hmac(sha256) 32 256' 'hmac(sha512) 64 96'; do
	read -r alg kb bits <<<"$a"
	n=$((n + 1))
	ctl_ok "$NS" sa add src $L dst $R proto ah spi $((0x5500 + n)) \
		mode transport auth-trunc "$alg" "$(rand_key "$kb")" "$bits"
	out=$(ctl "$NS" sa get dst $R proto ah spi $((0x5500 + n)))
	grep -qF "$alg" <<<"$out" && grep -qw "$bits" <<<"$out" ||
		ksft_fail "sa get of $alg $bits does not show it: $out"
	log "ok: $alg $bits accepted and dumped"
done
# no truncation given ("auth"): ip xfrm's length, 96 bits for hmac(sha256)
# where RFC 4868 says 128 (that one is "auth-trunc ... 128", above)
for a in 'hmac(sha256) 32 96' 'hmac(sha1) 20 96' 'cmac(aes) 16 96' \
	'hmac(sha384) 48 192'; do
	read -r alg kb bits <<<"$a"
	n=$((n + 1))
	ctl_ok "$NS" sa add src $L dst $R proto ah spi $((0x5500 + n)) \
		mode tunnel auth "$alg" "$(rand_key "$kb")"
	out=$(ctl "$NS" sa get dst $R proto ah spi $((0x5500 + n)))
	grep -qw "$bits" <<<"$out" ||
		ksft_fail "$alg without truncation: expected $bits bits: $out"
	log "ok: $alg without truncation: $bits bits"
done
count=$(ctl "$NS" -j sa list | "$PY" "$PYDIR/sajson.py" --count)
check_eq "SAs added" "$count" "$n"

# bad WORD ARGS...: refused with a message containing WORD, nothing added
bad() {
	local word=$1 out rc
	shift
	log "+ ipsecctl $*"
	out=$(ctl "$NS" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	[ $rc != 0 ] || ksft_fail "accepted: $*"
	grep -qiF -- "$word" <<<"$out" || ksft_fail "message does not mention '$word'"
}
K32=$(rand_key 32)
bad "unsupported AH authentication algorithm" sa add src $L dst $R proto ah \
	spi 0x5580 mode transport auth-trunc 'hmac(md5)' "$K32" 96
bad "unsupported AH authentication algorithm" sa add src $L dst $R proto ah \
	spi 0x5580 mode transport auth-trunc 'cbc(aes)' "$(rand_key 16)" 96
bad "wrong key length" sa add src $L dst $R proto ah spi 0x5580 \
	mode transport auth-trunc 'xcbc(aes)' "$(rand_key 32)" 96
bad "wrong key length" sa add src $L dst $R proto ah spi 0x5580 \
	mode transport auth-trunc 'cmac(aes)' "$(rand_key 24)" 96
bad "longer than the" sa add src $L dst $R proto ah spi 0x5580 \
	mode transport auth-trunc 'hmac(sha1)' "$(rand_key 20)" 192
bad "longer than the" sa add src $L dst $R proto ah spi 0x5580 \
	mode transport auth-trunc 'hmac(sha256)' "$K32" 288
bad "multiple of 32 bits, at least 96" sa add src $L dst $R proto ah \
	spi 0x5580 mode transport auth-trunc 'hmac(sha256)' "$K32" 64
bad "multiple of 32 bits, at least 96" sa add src $L dst $R proto ah \
	spi 0x5580 mode transport auth-trunc 'hmac(sha256)' "$K32" 120
bad "authentication" sa add src $L dst $R proto ah spi 0x5580 \
	mode transport
count=$(ctl "$NS" -j sa list | "$PY" "$PYDIR/sajson.py" --count)
check_eq "SAs after the refusals" "$count" "$n"
ctl_ok "$NS" sa flush proto ah
ksft_pass "AH SA configuration: 6 algorithms accepted and dumped, bad ones refused with a clear message"
