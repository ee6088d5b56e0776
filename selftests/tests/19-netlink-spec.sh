#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# The netlink spec, Documentation/netlink/ipsecdp.yaml, matches the code:
# scripts/check-netlink-spec.py against the uAPI header and the module's
# sources, then against the loaded module (nlctrl's family, operations,
# groups and policy dump; replies, refusals and every kind of event
# decoded with the spec). The checker must fail on a copy of the spec or
# of the header with one value changed.
# timeout: 180
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
"$PY" -c 'import yaml' 2>/dev/null || ksft_skip "python3-yaml missing"
CHK=("$PY" "$REPO/scripts/check-netlink-spec.py")
SPEC=$REPO/Documentation/netlink/ipsecdp.yaml
HDR=$REPO/include/uapi/linux/ipsecdp.h
T=$(mktemp -d)
add_cleanup "rm -rf '$T'"

log "=== static: spec against header and sources"
"${CHK[@]}" >"$T/out" 2>&1
rc=$?
sed 's/^/    /' "$T/out"
[ $rc = 0 ] || ksft_fail "check-netlink-spec.py: exit $rc"

# must_fail WHAT PATTERN ARGS...: the checker exits 1 and names PATTERN
must_fail() {
	local what=$1 pat=$2 rc
	shift 2
	"${CHK[@]}" "$@" >"$T/out" 2>&1
	rc=$?
	grep -E '^(error|check-netlink)' "$T/out" | head -4 | sed 's/^/    /'
	[ $rc = 1 ] || ksft_fail "$what: checker exit $rc, want 1"
	grep -q -- "$pat" "$T/out" || ksft_fail "$what: output does not mention $pat"
	log "ok: $what is caught"
}

log "=== static: one changed value must fail"
sed '/name: replay-max/{n;s/value: 4096/value: 4095/}' "$SPEC" >"$T/a.yaml"
cmp -s "$SPEC" "$T/a.yaml" && ksft_fail "sed did not change the spec"
must_fail "spec const changed" IPSECDP_REPLAY_MAX --spec "$T/a.yaml"
sed 's/^\(#define IPSECDP_KEY_MAX\t*\)128/\1256/' "$HDR" >"$T/b.h"
cmp -s "$HDR" "$T/b.h" && ksft_fail "sed did not change the header"
must_fail "header define changed" IPSECDP_KEY_MAX --header "$T/b.h"
sed 's/^\(\tIPSECDP_SA_A_MODE\),/\1 = 7,/' "$HDR" >"$T/c.h"
cmp -s "$HDR" "$T/c.h" && ksft_fail "sed did not change the header"
must_fail "header enum value changed" '^+IPSECDP_SA_A_MODE = 6' --header "$T/c.h"
# a type only the kernel's replies show: u64 counters declared u32
sed '/name: in-packets/{n;s/type: u64/type: u32/}' "$SPEC" >"$T/d.yaml"
must_fail "reply type changed" IPSECDP_SA_STAT_IN_PACKETS --spec "$T/d.yaml"

log "=== live: spec against the module, in a namespace with SAs, policies"
ns_create "$NS_A"
A=$NS_A
K=0x0102030405060708090a0b0c0d0e0f1011121314
ip -n "$A" link add d0 type dummy && ip -n "$A" link set d0 up &&
	ip -n "$A" addr add 10.255.0.1/24 dev d0 ||
	ksft_fail "cannot set up a dummy device"
ctl_ok "$A" sa add src 10.255.0.1 dst 10.255.0.2 proto esp spi 0x1001 \
	aead "$GCM" $K 128 replay-window 64 flag esn limit byte-hard 1000000
ctl_ok "$A" sa add src fd00::1 dst fd00::2 proto esp spi 0x1002 mode tunnel \
	enc 'cbc(aes)' 0x000102030405060708090a0b0c0d0e0f \
	auth-trunc 'hmac(sha256)' 0x$(printf '%02x' $(seq 1 32)) 128
ctl_ok "$A" sa add src 10.255.0.1 dst 10.255.0.3 proto ah spi 0x1003 \
	auth 'hmac(sha256)' 0x$(printf '%02x' $(seq 1 32))
ctl_ok "$A" policy add src 10.255.0.1/32 dst 10.255.0.2/32 dir out \
	tmpl proto esp mode transport spi 0x1001
ctl_ok "$A" policy add src 10.9.0.0/16 dst 10.8.0.0/16 proto tcp \
	sport 1000-2000 dir out tmpl proto ah mode transport \
	tmpl src 10.255.0.1 dst 10.255.0.9 proto esp mode tunnel level use
ctl_ok "$A" policy add src fd00::/64 dst fd01::/64 dir fwd action block

in_ns "$A" "${CHK[@]}" --live-only --show-attrs --match-src 10.255.0.1 \
	--match-dst 10.255.0.2 >"$T/out" 2>&1
rc=$?
sed 's/^/    /' "$T/out"
[ $rc = 0 ] || ksft_fail "live check: exit $rc"
want="sa.curlft lft.add-time sa-stat.integrity alg.key pol.tmpl tmpl.level
	pol-stat.bytes mib.out-bytes ipsecdp.match ipsecdp.batch-index"
# (the counts are new in the header: checked once the module sends them)
grep -q IPSECDP_A_SA_COUNT "$REPO"/core/*.c && want+=" ipsecdp.sa-count"
for a in $want; do
	grep -q "seen $a " "$T/out" || ksft_fail "live check never decoded $a"
done

log "=== live: every kind of event decoded with the spec"
EV=sa-add,sa-del,sa-flush,policy-add,policy-del,policy-flush,acquire,sa-expire
in_ns "$A" "${CHK[@]}" --live-only --listen 30 --expect-events "$EV" \
	--ready "$T/ready" >"$T/ev" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -e "$T/ready" ] && break; sleep 0.1; done
[ -e "$T/ready" ] || { kill $pid; ksft_fail "listener did not start"; }
ctl_ok "$A" sa add src 10.255.0.1 dst 10.255.0.4 proto esp spi 0x1004 \
	aead "$GCM" $K 128 limit time-soft 1 time-hard 2
ctl_ok "$A" sa del dst 10.255.0.2 proto esp spi 0x1001
# no SA for the policy any more: the ping is dropped, an acquire sent
in_ns "$A" ping -c1 -W1 10.255.0.2 >/dev/null 2>&1
ctl_ok "$A" policy del src 10.9.0.0/16 dst 10.8.0.0/16 proto tcp \
	sport 1000-2000 dir out
ctl_ok "$A" policy add src 10.7.0.0/16 dst 10.6.0.0/16 dir in
ctl_ok "$A" policy flush
sleep 1.5	# soft expiry of 0x1004
ctl_ok "$A" sa flush
wait $pid
rc=$?
sed 's/^/    /' "$T/ev"
[ $rc = 0 ] || ksft_fail "events: exit $rc"

log "=== live: a reply type changed in the spec must fail"
sed '/name: out-bytes/{n;s/type: u64/type: u32/}' "$SPEC" >"$T/e.yaml"
in_ns "$A" "${CHK[@]}" --live-only --spec "$T/e.yaml" >"$T/out" 2>&1
rc=$?
grep '^error' "$T/out" | head -3 | sed 's/^/    /'
[ $rc = 1 ] || ksft_fail "live check with u32 counters: exit $rc, want 1"
grep -q 'stats-get reply: mib.out-bytes: 8 bytes, spec type u32' "$T/out" ||
	ksft_fail "live check did not name the counter"
ksft_pass "spec, header, sources and module agree"
