#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# The README's "By hand" example runs as written: its first sh block
# (ipsecdp) in host A 10.0.0.1, its second (XFRM) in host B 10.0.0.2, its
# third in A again; every command must succeed (bash -e), the ping gets
# its answers, and the wire carries ESP with the README's SPIs and no
# cleartext ICMP. The module is already loaded: the block's insmod is
# then skipped, nothing else is changed.
# timeout: 120
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm

# block N: the Nth ```sh block of README.md's "## By hand" section
block() {
	awk -v want="$1" '
		/^## / { inside = ($0 == "## By hand") ; next }
		!inside { next }
		/^```sh$/ { n++; if (n == want) on = 1; next }
		/^```$/ { on = 0; next }
		on { print }' "$REPO/README.md"
}
for i in 1 2 3; do
	block $i >"$T/b$i.sh"
	[ -s "$T/b$i.sh" ] || ksft_fail "README.md: no sh block $i under '## By hand'"
	log "README block $i:"
	sed 's/^/    /' "$T/b$i.sh"
done
grep -q '^insmod ' "$T/b1.sh" || ksft_fail "block 1 no longer loads the module: update this test"

topo_setup
shim='set -e
cd "$REPO"
insmod() { grep -q "^ipsecdp " /proc/modules || command insmod "$@"; }'
{ echo "$shim"; cat "$T/b2.sh"; } >"$T/b.sh"
{ echo "$shim"; cat "$T/b1.sh" "$T/b3.sh"; } >"$T/a.sh"

run "$NS_B" bash "$T/b.sh" >"$T/b.out" 2>&1 ||
	{ cat "$T/b.out"; ksft_fail "README block 2 failed in B"; }
cap_start
run "$NS_A" bash "$T/a.sh" >"$T/a.out" 2>&1
rc=$?
cap_stop
sed 's/^/    /' "$T/a.out"
[ $rc = 0 ] || ksft_fail "README blocks 1 and 3 failed in A (rc $rc)"
grep -q ' 3 received' "$T/a.out" || ksft_fail "the README's ping was not answered 3 times"
check_eq "ESP with SPI 0x100 A->B" "$(cap_count 'esp and src 10.0.0.1 and ip[20:4] = 0x100')" 3
check_eq "ESP with SPI 0x200 B->A" "$(cap_count 'esp and src 10.0.0.2 and ip[20:4] = 0x200')" 3
check_no_cleartext
ksft_pass "the README's example runs as written: ipsecdp <-> XFRM, ESP on the wire"
