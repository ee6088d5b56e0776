#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# ipsecctl without CAP_NET_ADMIN: as user nobody, every request that
# changes or reveals state (sa add, sa list, sa list -k, policy list,
# stats, flush) is refused by the kernel with EPERM, and ipsecctl says
# that CAP_NET_ADMIN is required, exits 1 (kernel error), and nothing
# changed. (Test 70 covers the netlink side in depth.)
# timeout: 120
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd setpriv
need_ipsecctl

ns_create "$NS_A"
K=$(rand_key 20)
ctl_ok "$NS_A" sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x900 mode transport \
	aead "$GCM" "$K" 128

# as_nobody ARGS...: ipsecctl ARGS as uid/gid 65534 in A; prints stderr
as_nobody() {
	ip netns exec "$NS_A" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$IPSECCTL" "$@" 2>&1 >/dev/null
}

n=0
while read -r args; do
	# shellcheck disable=SC2086
	out=$(as_nobody $args)
	rc=$?
	log "+ [nobody] ipsecctl $args -> exit $rc: $out"
	[ $rc = 1 ] || ksft_fail "ipsecctl $args as nobody: exit $rc, expected 1"
	grep -q 'CAP_NET_ADMIN is required' <<<"$out" ||
		ksft_fail "ipsecctl $args as nobody does not say CAP_NET_ADMIN is required"
	n=$((n + 1))
done <<LIST
sa add src 10.0.0.1 dst 10.0.0.3 proto esp spi 0x901 mode transport aead rfc4106(gcm(aes)) $K 128
sa del dst 10.0.0.2 proto esp spi 0x900
sa list
-k sa list
sa flush
policy list
policy add src 10.0.0.1/32 dst 10.0.0.2/32 dir out
stats
LIST
check_eq "SAs in A (unchanged)" "$(ctl "$NS_A" sa list | grep -c '^src ')" 1
ctl "$NS_A" -k sa list | grep -q "${K#0x}" || ksft_fail "the SA's key changed"
ksft_pass "$n requests as nobody refused: CAP_NET_ADMIN is required, exit 1, nothing changed"
