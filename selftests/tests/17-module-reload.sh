#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# debug: gate
# Module unload/reload after use: ESP traffic passes between two ipsecdp
# namespaces, the namespaces are deleted, `rmmod ipsecdp` succeeds (no
# leaked references), ipsecctl then fails cleanly; `insmod` again works,
# stats start from zero and ESP works again; the kernel log shows no
# WARNING/BUG/leak. Then the module is removed while ESP traffic is still
# arriving: A (ipsecdp) and B (XFRM) flood each other with pings through
# live SAs, `rmmod` must succeed with A's namespace and SAs still there
# (its pernet exit tears them down under traffic); after `insmod` and a new
# configuration, traffic recovers. The module is left loaded (run_tests.sh
# unloads it).
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

log "=== rmmod while ESP traffic is arriving"
topo_setup
k1=$(rand_key 20)
k2=$(rand_key 20)
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x711 0x712 "$k1" "$k2"
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x712 0x711 "$k2" "$k1"
ping_ok "$NS_B" "$IP_A" 3
# floods both ways (ip netns exec directly: their PIDs are ping's own)
ip netns exec "$NS_B" ping -n -q -f -w 60 "$IP_A" >"$T/flood-b" 2>&1 &
fb=$!
ip netns exec "$NS_A" ping -n -q -f -w 60 "$IP_B" >"$T/flood-a" 2>&1 &
fa=$!
add_cleanup "kill $fa $fb 2>/dev/null"
before=$(counter "$NS_A" InPackets)
sleep 3
during=$(counter "$NS_A" InPackets)
log "A decrypted $((during - before)) ESP packets in 3 s of flood"
[ "$during" -gt "$((before + 10))" ] || ksft_fail "the flood does not reach A's SAs"
kill -0 $fb 2>/dev/null || ksft_fail "B's flood ended early: $(cat "$T/flood-b")"
run - rmmod ipsecdp || ksft_fail "rmmod with live SAs under traffic failed"
[ ! -d /sys/module/ipsecdp ] || ksft_fail "/sys/module/ipsecdp still there after rmmod"
log "ok: module removed under traffic; B still sending: $(kill -0 $fb 2>/dev/null && echo yes || echo no)"
sleep 1
run - insmod "$KO" || ksft_fail "insmod $KO failed: $(dmesg | tail -5)"
kill -INT $fa $fb 2>/dev/null	# ping prints its summary on SIGINT
wait $fa $fb 2>/dev/null
log "floods: A: $(grep -a 'packets transmitted' "$T/flood-a"); B: $(grep -a 'packets transmitted' "$T/flood-b")"
# B's replay window for 0x711 has moved on (a new SA would start at 1):
# new SAs on both sides
xfrm_flush "$NS_B"
k1=$(rand_key 20)
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x721 0x722 "$k1" "$k2"
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x722 0x721 "$k2" "$k1"
ping_ok "$NS_B" "$IP_A" 3
check_sa_field "$NS_A" 0x722 in_packets 3
cleanup
T=$(mktemp -d /tmp/ipsecdp-test.XXXXXX)
add_cleanup "rm -rf '$T'"

sleep 1
check_dmesg_clean
ksft_pass "module unloads after use and under traffic, reloads, and works again"
