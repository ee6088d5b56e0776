#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# The netlink spec, Documentation/netlink/ipsecdp.yaml, is the source of
# the uAPI header, the counters' names and the kernel's per-operation
# policies and ops: scripts/nlgen.py --check regenerates them and finds
# them identical to the committed files. A copy of the spec or of a
# generated file with one value changed must be caught.
# Then the loaded module itself against the spec (py/nlspec_live.py, in a
# fresh namespace): the kernel's policy dump of every operation (nlctrl)
# equals the spec's, every attribute a request does not take is refused
# with its set's message, replies and every kind of event decode with the
# spec. A spec with one check changed must make that comparison fail.
# timeout: 180
. "$(dirname "$0")/../lib/ipsec.sh"

"$PY" -c 'import yaml' 2>/dev/null || ksft_skip "python3-yaml missing"
GEN=("$PY" "$REPO/scripts/nlgen.py")
SPEC=$REPO/Documentation/netlink/ipsecdp.yaml
T=$(mktemp -d)
add_cleanup "rm -rf '$T'"

log "=== generated files are current"
"${GEN[@]}" --check >"$T/out" 2>&1
rc=$?
sed 's/^/    /' "$T/out" | head -40
[ $rc = 0 ] || ksft_fail "nlgen.py --check: exit $rc"

# a tree of the generated files to change
mkdir -p "$T/tree/include/uapi/linux" "$T/tree/core"
for f in include/uapi/linux/ipsecdp.h include/ipsecdp_mib_names.h \
	core/nl_gen.h core/nl_gen.c; do
	cp "$REPO/$f" "$T/tree/$f"
done
"${GEN[@]}" --check --root "$T/tree" >/dev/null 2>&1 ||
	ksft_fail "nlgen.py --check fails on an unchanged copy"

# must_fail WHAT PATTERN ARGS...: the check exits 1 and shows PATTERN
must_fail() {
	local what=$1 pat=$2 rc
	shift 2
	"${GEN[@]}" --check "$@" >"$T/out" 2>&1
	rc=$?
	grep -E '^[-+][^-+]' "$T/out" | head -4 | sed 's/^/    /'
	[ $rc = 1 ] || ksft_fail "$what: exit $rc, want 1"
	grep -q -- "$pat" "$T/out" || ksft_fail "$what: output does not show $pat"
	log "ok: $what is caught"
}

sed '/name: replay-max/{n;s/value: 4096/value: 4095/}' "$SPEC" >"$T/a.yaml"
cmp -s "$SPEC" "$T/a.yaml" && ksft_fail "sed did not change the spec"
must_fail "spec const changed" IPSECDP_REPLAY_MAX --spec "$T/a.yaml" --root "$T/tree"
H=$T/tree/include/uapi/linux/ipsecdp.h
cp "$H" "$T/h.orig"
sed -i 's/^\(#define IPSECDP_KEY_MAX\t*\)128/\1256/' "$H"
cmp -s "$H" "$T/h.orig" && ksft_fail "sed did not change the header"
must_fail "header define changed" IPSECDP_KEY_MAX --root "$T/tree"
cp "$T/h.orig" "$H"
P=$T/tree/core/nl_gen.c
sed -i 's/NLA_POLICY_MAX(NLA_U32, 512)/NLA_POLICY_MAX(NLA_U32, 1024)/' "$P"
must_fail "policy check changed" 'NLA_U32, 512' --root "$T/tree"

log "=== the loaded module against the spec"
need_ipsecctl
L=nl19-$$
ns_create "$L"
in_ns "$L" ip link add d0 type dummy || ksft_fail "no dummy interface"
in_ns "$L" ip addr add 10.66.0.1/24 dev d0
in_ns "$L" ip link set d0 up
in_ns "$L" "$PY" "$PYDIR/nlspec_live.py" "$SPEC" "$IPSECCTL" >"$T/live" 2>&1
rc=$?
sed 's/^/    /' "$T/live"
[ $rc = 0 ] || ksft_fail "the module differs from its spec (nlspec_live.py exit $rc)"
grep -q "^ok: refusals" "$T/live" && grep -q "^ok: events" "$T/live" ||
	ksft_fail "nlspec_live.py did not report refusals and events"

# the comparison must see a difference: the spec says 512 for the ICV
# bits, the module (built from the real spec) keeps its 512
sed '/name: icv-bits/,/max:/{s/max: 512/max: 1024/}' "$SPEC" >"$T/b.yaml"
cmp -s "$SPEC" "$T/b.yaml" && ksft_fail "sed did not change the spec"
in_ns "$L" "$IPSECCTL" sa flush
in_ns "$L" "$IPSECCTL" policy flush
in_ns "$L" "$PY" "$PYDIR/nlspec_live.py" "$T/b.yaml" "$IPSECCTL" >"$T/live2" 2>&1
rc=$?
grep '^FAIL' "$T/live2" | head -3 | sed 's/^/    /'
[ $rc = 1 ] || ksft_fail "a spec with icv-bits max 1024: exit $rc, want 1"
grep -q "^FAIL: policy: .*alg.icv-bits: kernel" "$T/live2" ||
	ksft_fail "a spec with icv-bits max 1024: the policy difference is not reported"
log "ok: a spec with another icv-bits maximum is caught"
ksft_pass "spec and generated files agree; the loaded module's policies, refusals, replies and events follow the spec"
