#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Module unload/reload after use: ESP traffic passes between two ipsecdp
# namespaces, the namespaces are deleted, `rmmod ipsecdp` succeeds (no
# leaked references), ipsecctl then fails cleanly; `insmod` again works,
# stats start from zero and ESP works again; the kernel log shows no
# WARNING/BUG/leak. The module is left loaded (run_tests.sh unloads it).
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
KO=${IPSECDP_KO:-$REPO/build/$(uname -r)/ipsecdp.ko}
[ -f "$KO" ] || ksft_fail "module $KO not found"

dmesg_mark
traffic() {
	local k1 k2
	k1=$(rand_key 20)
	k2=$(rand_key 36)
	topo_setup
	ours_setup "$NS_A" "$IP_A" "$IP_B" 0x701 0x702 "$k1" "$k2"
	ours_setup "$NS_B" "$IP_B" "$IP_A" 0x702 0x701 "$k2" "$k1"
	ping_ok "$NS_A" "$IP_B" 3
	check_sa_field "$NS_A" 0x701 out_packets 3
	check_sa_field "$NS_B" 0x701 in_packets 3
	check_counter "$NS_A" InPackets 3
}

log "=== ESP traffic between two ipsecdp namespaces"
traffic
log "=== delete the namespaces (SAs and policies still configured)"
cleanup			# lib.sh: deletes the namespaces, runs add_cleanup cmds
T=$(mktemp -d /tmp/ipsecdp-test.XXXXXX)
add_cleanup "rm -rf '$T'"

log "=== rmmod ipsecdp"
ok=0
for i in $(seq 1 300); do	# netns teardown is asynchronous: allow 30 s
	if rmmod ipsecdp 2>"$T/rmmod.err"; then
		ok=1
		break
	fi
	sleep 0.1
done
if [ $ok != 1 ]; then
	log "rmmod: $(cat "$T/rmmod.err"); refcnt $(cat /sys/module/ipsecdp/refcnt 2>/dev/null)"
	lsmod | grep -E '^ipsecdp ' | sed 's/^/    /'
	ksft_fail "rmmod ipsecdp failed 30 s after its namespaces were deleted"
fi
[ ! -d /sys/module/ipsecdp ] || ksft_fail "/sys/module/ipsecdp still there after rmmod"
log "ok: module unloaded after $((i - 1)) retries"
out=$("$IPSECCTL" stats 2>&1)
rc=$?
log "ipsecctl stats without the module: exit $rc: $(head -1 <<<"$out")"
[ $rc != 0 ] && [ -n "$out" ] || ksft_fail "ipsecctl stats without the module: exit $rc, '$out'"

log "=== insmod again"
run - insmod "$KO" || ksft_fail "insmod $KO failed: $(dmesg | tail -5)"
[ -d /sys/module/ipsecdp ] || ksft_fail "module not loaded after insmod"
"$IPSECCTL" stats >/dev/null || ksft_fail "ipsecctl stats fails after reload"
check_counter - InPackets 0
check_counter - OutPackets 0
check_eq "SAs in the init namespace" "$("$IPSECCTL" sa list)" ""

log "=== ESP works after reload"
traffic
cleanup
T=$(mktemp -d /tmp/ipsecdp-test.XXXXXX)
add_cleanup "rm -rf '$T'"

sleep 1
check_dmesg_clean
ksft_pass "module unloads after use, reloads, and works again"
