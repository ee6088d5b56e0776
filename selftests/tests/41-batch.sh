#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# Atomic batches: ipsecctl -f FILE applies every line or none.
# 1. A generated file of 10,000 SAs and 10,000 policies (comments, blank
#    lines, continuation lines) loads; the counts are right.
# 2. save -> flush -> -f saved file -> save: the same text.
# 3. A 10,000-line file with one bad line leaves the configuration
#    untouched and the error names the line: a parse error (the word), a
#    kernel error when staging (unknown algorithm), at line 9,999 and at
#    line 2 (refused while ipsecctl still parses and streams the rest),
#    a kernel error at commit (a policy that already exists, an SA that
#    does not); from a regular file (streamed) and a pipe (parsed first).
#    The file without its bad line loads from a pipe.
# 4. -n changes nothing.
# 5. One batch mixing deletes, flush and re-adds is applied in order.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl

NS=$NS_A
ns_create "$NS"
GCM='rfc4106(gcm(aes))'

# gen N FIRST: N SAs + N policies (mixed prefix lengths) from index FIRST
gen() {
	awk -v n="$1" -v f="$2" 'BEGIN {
		print "# generated: " n " SAs and " n " policies"
		for (i = f; i < f + n; i++) {
			a = int(i / 256) % 256; b = i % 256; c = int(i / 65536)
			src = "172." 16 + c "." a "." b
			dst = "172." 24 + c "." a "." b
			key = sprintf("0x%08x%08x%08x%08x%08x", i, i * 7, i * 13, i, 99)
			if (i % 1000 == 0)
				print ""
			if (i % 500 == 1)
				printf "sa add src %s dst %s proto esp spi 0x%x \\\n\tmode transport aead \"%s\" %s 128\n", src, dst, 65536 + i, "rfc4106(gcm(aes))", key
			else
				printf "sa add src %s dst %s proto esp spi 0x%x mode transport aead \"%s\" %s 128 # sa %d\n", src, dst, 65536 + i, "rfc4106(gcm(aes))", key, i
			if (i % 10 == 0)
				printf "policy add src %s/24 dst %s/%d proto tcp dport %d-%d dir out priority %d tmpl proto esp\n", src, dst, 16 + i % 17, i % 60000, i % 60000 + 5, i % 97
			else
				printf "policy add src %s/32 dst %s/32 dir out priority %d tmpl proto esp spi 0x%x\n", src, dst, 100 + i % 7, 65536 + i
		}
	}'
}

count() {
	ctl "$NS" -j "$1" list | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

save() {
	ctl "$NS" save >"$1" || ksft_fail "ipsecctl save failed"
}

log "--- 1. load 10,000 SAs + 10,000 policies"
gen 10000 0 >"$T/gen.conf"
log "$(wc -l <"$T/gen.conf") lines"
t0=$(date +%s%N)
ctl "$NS" -f "$T/gen.conf" 2>"$T/err" || ksft_fail "load failed: $(head -3 "$T/err")"
t1=$(date +%s%N)
log "loaded in $(((t1 - t0) / 1000000)) ms"
check_eq "policies" "$(count policy)" 10000
check_eq "SAs" "$(count sa)" 10000
ctl "$NS" -j policy match src 172.16.0.5 dst 172.24.0.5 dir out >"$T/m"
grep -q '"verdict": *"protect"' "$T/m" || ksft_fail "host policy not protecting: $(cat "$T/m")"

log "--- 2. save, flush, load, save"
save "$T/s1"
check_eq "saved lines" "$(wc -l <"$T/s1")" 20000
ctl "$NS" policy flush && ctl "$NS" sa flush || ksft_fail "flush failed"
check_eq "policies after flush" "$(count policy)" 0
ctl "$NS" -f "$T/s1" 2>"$T/err" || ksft_fail "reload failed: $(head -3 "$T/err")"
save "$T/s2"
cmp -s "$T/s1" "$T/s2" || {
	diff "$T/s1" "$T/s2" | head -5
	ksft_fail "save after reload differs"
}
log "ok: save -> flush -> -f -> save is identical"

log "--- 3. one bad line of 10000: nothing applied"
# new objects (no conflicts) on lines 1..9998 and 10000
gen 5100 20000 | grep -v '^#' | grep . | grep -v '\\$' | grep -v '^	' |
	head -9998 >"$T/base"
[ "$(wc -l <"$T/base")" = 9998 ] || ksft_fail "generator: $(wc -l <"$T/base") lines"
last="policy add src 10.99.0.0/16 dst 10.98.0.0/16 dir out"
# try_bad WHAT AT LINE RC MSG [pipe]: LINE as line AT of 10,000; from a
# regular file ipsecctl streams requests into the kernel's batch while
# parsing (a sender thread), from a pipe it parses everything first
try_bad() {
	local what=$1 at=$2 bad=$3 want_rc=$4 want_msg=$5 how=${6:-file} name rc
	{
		head -n $((at - 1)) "$T/base"
		echo "$bad"
		tail -n +"$at" "$T/base"
		echo "$last"
	} >"$T/bad"
	[ "$(wc -l <"$T/bad")" = 10000 ] || ksft_fail "try_bad: $(wc -l <"$T/bad") lines"
	if [ "$how" = pipe ]; then
		name=-
		cat "$T/bad" | ctl "$NS" -f - >/dev/null 2>"$T/err"
	else
		name=$T/bad
		ctl "$NS" -f "$T/bad" >/dev/null 2>"$T/err"
	fi
	rc=$?
	what="$what, line $at, $how"
	sed 's/^/    /' "$T/err"
	[ "$rc" = "$want_rc" ] || ksft_fail "$what: exit $rc, expected $want_rc"
	grep -qF -e "$name:$at:" "$T/err" || ksft_fail "$what: error does not name line $at"
	grep -qF "$want_msg" "$T/err" || ksft_fail "$what: error does not say '$want_msg'"
	save "$T/s3"
	cmp -s "$T/s1" "$T/s3" || ksft_fail "$what: the configuration changed"
	log "ok: $what: exit $rc, line $at named, configuration untouched"
}
badword="policy add src 10.1.0.0/16 dts 10.2.0.0/16 dir out"
badalg="sa add src 10.1.1.1 dst 10.1.1.2 proto esp spi 5 aead 'nosuch(alg)' 0x0102030405060708090a0b0c0d0e0f1011121314 128"
try_bad "parse error" 9999 "$badword" 2 '"dts"'
try_bad "parse error" 9999 "$badword" 2 '"dts"' pipe
try_bad "staging error" 9999 "$badalg" 1 "Error:"
try_bad "staging error" 9999 "$badalg" 1 "Error:" pipe
# refused while the rest of the file is still being parsed
try_bad "staging error" 2 "$badalg" 1 "Error:"
try_bad "commit error (duplicate)" 9999 \
	"policy add src 172.16.0.5/32 dst 172.24.0.5/32 dir out priority 1" 1 \
	"policy already exists"
try_bad "commit error (missing)" 9999 \
	"sa del dst 10.77.7.7 proto esp spi 0x77" 1 "no such SA"
# the same file without its bad line, from a pipe, loads
sed 9999d "$T/bad" | ctl "$NS" -f - 2>"$T/err" ||
	ksft_fail "pipe load failed: $(head -3 "$T/err")"
check_eq "policies after the pipe load" "$(count policy)" \
	$((10000 + $(grep -c '^policy add' "$T/base") + 1))
ctl "$NS" policy flush && ctl "$NS" sa flush && ctl "$NS" -f "$T/s1" ||
	ksft_fail "reload after the pipe load failed"
save "$T/s3"
cmp -s "$T/s1" "$T/s3" || ksft_fail "reload after the pipe load differs"
log "ok: the file without its bad line loads from a pipe"

log "--- 4. -n changes nothing"
ctl "$NS" -n -f "$T/gen.conf" >/dev/null 2>"$T/err" || ksft_fail "-n failed: $(head -3 "$T/err")"
{ cat "$T/base"; echo "policy add src 10.1.0.0/16 dts 10.2.0.0/16 dir out"; } >"$T/badparse"
ctl "$NS" -n -f "$T/badparse" >/dev/null 2>&1 && ksft_fail "-n accepted a bad file"
save "$T/s4"
cmp -s "$T/s1" "$T/s4" || ksft_fail "-n changed the configuration"
log "ok: -n changed nothing"

log "--- 5. deletes, flush and re-adds in one batch, in order"
cat >"$T/mix" <<EOF
policy del src 172.16.0.5/32 dst 172.24.0.5/32 dir out
policy add src 172.16.0.5/32 dst 172.24.0.5/32 dir out priority 3 action block
sa del dst 172.24.0.5 proto esp spi 0x10005
sa add src 172.16.0.5 dst 172.24.0.5 proto esp spi 0x10005 \\
	aead '$GCM' 0x0102030405060708090a0b0c0d0e0f1011121314 128
policy add src 10.5.0.0/16 dst 10.6.0.0/16 dir out
policy del src 10.5.0.0/16 dst 10.6.0.0/16 dir out
EOF
ctl "$NS" -f "$T/mix" 2>"$T/err" || ksft_fail "mixed batch failed: $(cat "$T/err")"
check_eq "policies" "$(count policy)" 10000
check_eq "SAs" "$(count sa)" 10000
ctl "$NS" -j policy match src 172.16.0.5 dst 172.24.0.5 dir out >"$T/m"
grep -q '"verdict": *"block"' "$T/m" || ksft_fail "replaced policy not in effect: $(cat "$T/m")"
printf 'policy flush\nsa flush\npolicy add src 10.5.0.0/16 dst 10.6.0.0/16 dir out\n' >"$T/flush"
ctl "$NS" -f "$T/flush" 2>"$T/err" || ksft_fail "flush batch failed: $(cat "$T/err")"
check_eq "policies after the flush batch" "$(count policy)" 1
check_eq "SAs after the flush batch" "$(count sa)" 0

ksft_pass "atomic batches of 20,000 lines"
