#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# ipsecctl: every command works (sa add/get/list/del/flush, policy
# add/list/del/flush, stats, -j JSON output parsed and checked), and bad
# input is refused with a clear message (parse errors: exit 2 naming the
# bad word; kernel refusals: exit 1 "Error: ...") without changing the SAD
# or SPD; what is configured in the test's namespace is not seen from the
# initial one, nor from a second new namespace.
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

shopt -s extglob
need_ipsecctl
ns_create "$NS_A"
ns_create "$NS_B"
A=$NS_A
J() { "$PY" "$PYDIR/jassert.py" "$@" || ksft_fail "JSON check failed"; }

# what the initial namespace holds before: A's objects must not show there
init_view() {
	ctl - sa list && ctl - policy list && ctl - sa count && ctl - policy count
}
init0=$(init_view) || ksft_fail "ipsecctl fails in the initial namespace"

K128=0x0102030405060708090a0b0c0d0e0f1011121314
K256=0x$(printf '%02x' $(seq 1 36))
L1=10.0.0.1 L2=10.0.0.2

log "=== positive: SAs"
ctl_ok "$A" sa add src $L1 dst $L2 proto esp spi 0x101 mode transport \
	aead "$GCM" $K128 128
ctl_ok "$A" sa add src $L2 dst $L1 proto esp spi 0x102 mode transport \
	aead "$GCM" "$K256" 128 replay-window 64 flag esn \
	replay-seq 0x100000005 replay-oseq 7
out=$(ctl "$A" sa get dst $L2 proto esp spi 0x101) || ksft_fail "sa get failed"
printf '%s\n' "$out" | sed 's/^/    /'
grep -q 0x00000101 <<<"$out" && grep -q transport <<<"$out" &&
	grep -q "$L1" <<<"$out" || ksft_fail "sa get output lacks spi/mode/src"
ctl "$A" -j sa get dst $L1 proto esp spi 0x102 | J \
	'd["spi"] == 0x102' 'd["replay_window"] == 64' '"esn" in d["flags"]' \
	'd["mode"] == "transport"' 'd["src"] == "10.0.0.2"'
ctl_ok "$A" sa list
ctl "$A" -j sa list | J 'isinstance(d, list)' 'len(d) == 2' \
	'sorted(o["spi"] for o in d) == [0x101, 0x102]' \
	'spi(0x101)["dst"] == "10.0.0.2"' \
	'spi(0x101)["aead"]["name"] == "rfc4106(gcm(aes))"' \
	'spi(0x101)["aead"]["icv_bits"] == 128' \
	'spi(0x102)["seq_in"] == 0x100000005' 'spi(0x102)["seq_out"] == 7' \
	'spi(0x101)["stats"]["in_packets"] == 0' \
	'"esn" not in spi(0x101).get("flags", [])'

log "=== positive: policies"
ctl_ok "$A" policy add src $L1/32 dst $L2/32 dir out \
	tmpl proto esp mode transport spi 0x101
ctl_ok "$A" policy add src $L2/32 dst $L1/32 dir in \
	tmpl proto esp mode transport
ctl_ok "$A" policy add src 10.9.0.0/16 dst 10.8.0.0/24 proto tcp dir out \
	priority 10 action block
ctl_ok "$A" policy add src 10.9.0.0/16 dst 10.8.0.0/24 proto 17 dir in \
	priority 20 action allow
ctl_ok "$A" policy list
ctl "$A" -j policy list | J 'isinstance(d, list)' 'len(d) == 4' \
	'pol("out", "10.0.0.1/32")["tmpl"][0]["spi"] == 0x101' \
	'pol("in", "10.0.0.2/32")["tmpl"][0]["mode"] == "transport"' \
	'pol("out", "10.9.0.0/16")["action"] == "block"' \
	'pol("out", "10.9.0.0/16")["priority"] == 10' \
	'pol("in", "10.9.0.0/16")["dst"] == "10.8.0.0/24"'

log "=== isolation: A's 2 SAs and 4 policies are A's only"
ctl "$A" sa count | grep -qx 'SAs: 2' || ksft_fail "A: sa count is not 2: $(ctl "$A" sa count)"
ctl "$A" policy count | grep -qx 'Policies: 4' ||
	ksft_fail "A: policy count is not 4: $(ctl "$A" policy count)"
[ "$(init_view)" = "$init0" ] ||
	ksft_fail "the initial namespace's SAs or policies changed when A's were added: $(init_view | head -5)"
log "ok: the initial namespace shows the same SAs and policies as before (none of A's)"
for what in "sa list" "policy list"; do
	# shellcheck disable=SC2086 # two words
	[ -z "$(ctl "$NS_B" $what)" ] || ksft_fail "a new namespace shows A's: $what"
done
check_eq "SAs in a new namespace" "$(ctl "$NS_B" sa count)" "SAs: 0"
check_eq "policies in a new namespace" "$(ctl "$NS_B" policy count)" "Policies: 0"

log "=== positive: stats"
out=$(ctl "$A" stats) || ksft_fail "stats failed"
for c in InError InBufferError InHdrError InNoStates InStateProtoError \
	InStateModeError InStateSeqError InStateExpired InTmplMismatch InNoPols \
	InPolBlock OutError OutNoStates OutStateProtoError OutStateSeqError \
	OutStateExpired OutPolBlock InPackets InBytes OutPackets OutBytes \
	InStateMismatch; do
	grep -Eq "^$c [0-9]+\$" <<<"$out" || ksft_fail "stats: no line '$c N'"
done
log "ok: stats has all 22 counters"
ctl "$A" -j stats | J 'isinstance(d, dict)' 'd["InPackets"] == 0' \
	'd["OutNoStates"] == 0' 'len([k for k in d if isinstance(d[k], int)]) >= 22'

log "=== negative: bad input is refused, nothing changes"
snap() { ctl "$A" sa list; ctl "$A" policy list; }
before=$(snap)
nbad=0
# bad RC WORD ARGS...: must exit with RC ("1|2" = either) printing a
# message that contains WORD (for kernel refusals: "Error:"; "" = any)
bad() {
	local want=$1 word=$2 out rc
	shift 2
	out=$(ctl "$A" "$@" 2>&1)
	rc=$?
	log "+ ipsecctl $(printf '%q ' "$@")"
	log "    -> exit $rc: $(head -2 <<<"$out" | tr '\n' ' ')"
	[ $rc != 0 ] || ksft_fail "accepted bad input: $*"
	[[ $rc == @($want) ]] || ksft_fail "exit $rc, expected $want: $*"
	[ -n "$out" ] || ksft_fail "no error message: $*"
	grep -qF -- "$word" <<<"$out" || ksft_fail "message does not mention '$word': $out"
	[ "$(snap)" = "$before" ] || ksft_fail "state changed after: $*"
	nbad=$((nbad + 1))
}
SA=(sa add src $L1 dst $L2 proto esp spi 0x201 mode transport)
bad 2 10.0.0.300 sa add src 10.0.0.300 dst $L2 proto esp spi 0x201 \
	mode transport aead "$GCM" $K128 128
bad 2 0xabc "${SA[@]}" aead "$GCM" 0xabc 128
bad "1|2" "" "${SA[@]}" aead "$GCM" 0x0102030405060708090a 128
bad "1|2" "" "${SA[@]}" aead 'foo(bar)' $K128 128	# 6.1: extack without the name
bad 2 spi sa add src $L1 dst $L2 proto esp mode transport aead "$GCM" $K128 128
bad 1 Error: sa add src $L1 dst $L2 proto esp spi 0x101 mode transport \
	aead "$GCM" $K128 128
bad 1 Error: sa del dst $L2 proto esp spi 0x999
bad 1 Error: sa get dst $L2 proto esp spi 0x999
bad 1 Error: policy del src 10.7.0.0/16 dst 10.6.0.0/16 dir out
bad 2 /33 policy add src $L1/33 dst $L2/32 dir out
bad 2 sideways policy add src $L1/32 dst $L2/32 dir sideways
bad "1|2" 100000 "${SA[@]}" aead "$GCM" $K128 128 replay-window 100000
bad 2 fd00::2 sa add src $L1 dst fd00::2 proto esp spi 0x201 mode transport \
	aead "$GCM" $K128 128
bad 2 fd00::2 policy add src $L1/32 dst fd00::2/128 dir out
bad 2 bogus "${SA[@]}" bogus 1 aead "$GCM" $K128 128
bad "1|2" "" "${SA[@]}" aead "$GCM" $K128 100
bad 2 tunnelx sa add src $L1 dst $L2 proto esp spi 0x201 mode tunnelx \
	aead "$GCM" $K128 128
bad 2 0xzz "${SA[@]}" aead "$GCM" 0xzz 128
bad 1 Error: policy add src $L1/32 dst $L2/32 dir out \
	tmpl proto esp mode transport spi 0x101
log "ok: $nbad bad inputs refused with a message, SAD/SPD unchanged"
[ $nbad -ge 12 ] || ksft_fail "only $nbad negative cases ran"

log "=== positive: delete and flush"
ctl_ok "$A" sa del dst $L2 proto esp spi 0x101
ctl "$A" sa get dst $L2 proto esp spi 0x101 >/dev/null 2>&1 &&
	ksft_fail "sa get finds a deleted SA"
ctl "$A" -j sa list | J 'len(d) == 1' 'd[0]["spi"] == 0x102'
ctl_ok "$A" policy del src 10.9.0.0/16 dst 10.8.0.0/24 proto tcp dir out
ctl "$A" -j policy list | J 'len(d) == 3'
ctl_ok "$A" sa flush
ctl_ok "$A" policy flush
ctl "$A" -j sa list | J 'd == []'
ctl "$A" -j policy list | J 'd == []'
[ -z "$(ctl "$A" sa list)" ] || ksft_fail "sa list not empty after flush"
[ -z "$(ctl "$A" policy list)" ] || ksft_fail "policy list not empty after flush"

[ "$(init_view)" = "$init0" ] ||
	ksft_fail "the initial namespace's SAs or policies changed during the test"
ksft_pass "ipsecctl commands work; $nbad bad inputs refused cleanly"
