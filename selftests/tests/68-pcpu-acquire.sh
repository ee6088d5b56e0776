#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Per-CPU acquire (RFC 9611; XFRM's XFRM_POLICY_CPU_ACQUIRE): an out
# policy with flag cpu-acquire whose template finds an SA, but not the
# sending CPU's own, sends on the SA found (the fallback) and raises an
# acquire that names the CPU, so that an IKE daemon negotiates an SA for
# it. A has SAs for CPU 0 and for every CPU.
#  1. ipsecdp configured by ipsecctl, B the kernel's XFRM: pings pinned to
#     CPU 0 leave on CPU 0's SA, no event; pinned to CPU 1, all leave on
#     the fallback and `ipsecctl monitor` shows acquires with pcpu-num 1
#     (at most one a second); with CPU 1's SA added they take it and no
#     event comes; without the flag none either; with no SA at all CPU 1's
#     packets are dropped with the ordinary acquire (no pcpu-num). The
#     flag in policy list, JSON, and through save -> ipsecctl -f.
#  2. The kernel's XFRM as sender B, given the same SAs and policy (6.12
#     has per-CPU SAs): CPU 0's pings leave on CPU 0's SA, and one
#     XFRM_MSG_ACQUIRE carries XFRMA_SA_PCPU 1, for CPU 1 only. CPU 1's
#     pings are counted, not required: 6.12 sends none while that acquire
#     is pending (ipsecdp sends them on the fallback SA, which RFC 9611
#     keeps for this). Its answers to ALLOCSPI with XFRMA_SA_PCPU, and its
#     refusals of SAs whose direction rules out what they carry, are
#     recorded.
#  3. ipsecdp's XFRM front end (xfrm_netlink=1) configured as B was: CPU
#     0's pings on its SA, all of CPU 1's on the fallback, the same
#     acquire, the same ALLOCSPI answers and the same refusals, word for
#     word.
# On a kernel without XFRMA_SA_PCPU (6.1) parts 2 and 3 say so and are
# passed over.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"
. "$(dirname "$0")/../lib/pcpu.sh"
need_xfrm

topo_setup

MON=$T/mon
monitor_start "$NS_A" "$MON"

# acq [CPU]: A's acquire events for A -> B so far, naming CPU (none: the
# ones that name no CPU)
acq() {
	local a="^acquire src $IP_A dst $IP_B proto icmp"
	if [ -n "${1:-}" ]; then
		grep -c "$a.* pcpu-num $1 dir out" "$MON.txt"
	else
		grep "$a" "$MON.txt" | grep -vc "pcpu-num"
	fi
}

# settle: events of the last pings are in the monitor's file
settle() {
	sleep 0.5
}

pol_out() {
	ctl_ok "$NS_A" policy "$1" src "$IP_A/32" dst "$IP_B/32" dir out "${@:2}" \
		tmpl proto esp mode transport
}

log "=== 1. ipsecdp (ipsecctl) A -> B (XFRM)"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi "$SPI_C0" \
	mode transport aead "$GCM" "$K_C0" 128 pcpu-num 0
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi "$SPI_ALL" \
	mode transport aead "$GCM" "$K_ALL" 128
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi "$SPI_BA" \
	mode transport aead "$GCM" "$K_BA" 128 replay-window 64
pol_out add flag cpu-acquire
ctl_ok "$NS_A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
	tmpl proto esp mode transport
xfrm_rx "$NS_B" "$IP_B" "$IP_A"

check_eq "policy list shows the flag" \
	"$(ctl "$NS_A" policy list | grep -c "dir out.* flag cpu-acquire")" 1
check_eq "JSON flags" \
	"$(ctl "$NS_A" -j policy list | "$PY" -c 'import json, sys
print(" ".join(",".join(p["flags"]) or "-" for p in json.load(sys.stdin)))')" \
	"- cpu-acquire"
ctl "$NS_A" save >"$T/saved" || ksft_fail "ipsecctl save failed"
check_eq "save keeps the flag" "$(grep -c "dir out .*flag cpu-acquire tmpl" "$T/saved")" 1
ours_flush "$NS_A"
ctl_ok "$NS_A" -f "$T/saved"
check_eq "policies after save, flush, restore (ipsecctl -f)" \
	"$(ctl "$NS_A" save | grep '^policy add' | md5sum)" \
	"$(grep '^policy add' "$T/saved" | md5sum)"

pinned_from "$NS_A" 0 "$IP_A" "$IP_B" "$SPI_C0" "$SPI_BA"
settle
check_eq "CPU 0 has its SA: no acquire" "$(grep -c '^acquire' "$MON.txt")" 0

pinned_from "$NS_A" 1 "$IP_A" "$IP_B" "$SPI_ALL" "$SPI_BA"
settle
grep '^acquire' "$MON.txt" | sed 's/^/    /'
n1=$(acq 1)
[ "$n1" -ge 1 ] && [ "$n1" -le 2 ] ||
	ksft_fail "CPU 1 on the fallback: $n1 acquires naming CPU 1 (want 1 or 2: one a second)"
log "ok: $n1 acquire(s) naming CPU 1 for $N pings in $((N / 5)) s"
check_eq "no acquire naming CPU 0" "$(acq 0)" 0
check_eq "no acquire without a CPU" "$(acq)" 0
check_eq "JSON: the acquire's pcpu_num" \
	"$("$PY" -c 'import json, sys
evs = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
print(sorted(set(e.get("pcpu_num") for e in evs if e.get("event") == "acquire")))' \
	"$MON.json")" "[1]"

log "--- CPU 1's SA added: CPU 1 takes it, no more acquires"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi "$SPI_C1" \
	mode transport aead "$GCM" "$K_C1" 128 pcpu-num 1
sleep 1.1	# past the rate limit: an event now would be a new one
pinned_from "$NS_A" 1 "$IP_A" "$IP_B" "$SPI_C1" "$SPI_BA"
settle
check_eq "acquires naming CPU 1, still" "$(acq 1)" "$n1"

log "--- the flag off, CPU 1's SA deleted: the fallback, no acquire"
pol_out update
ctl_ok "$NS_A" sa del dst "$IP_B" proto esp spi "$SPI_C1"
sleep 1.1
pinned_from "$NS_A" 1 "$IP_A" "$IP_B" "$SPI_ALL" "$SPI_BA"
settle
check_eq "acquires naming CPU 1, still (no flag)" "$(acq 1)" "$n1"

log "--- the flag on, no fallback either: CPU 1 finds no SA at all"
pol_out update flag cpu-acquire
ctl_ok "$NS_A" sa del dst "$IP_B" proto esp spi "$SPI_ALL"
cpu1_no_sa
settle
[ "$(acq)" -ge 1 ] || ksft_fail "no SA at all: no ordinary acquire (without pcpu-num)"
check_eq "acquires naming CPU 1, still (no SA: an ordinary acquire)" "$(acq 1)" "$n1"
pinned_from "$NS_A" 0 "$IP_A" "$IP_B" "$SPI_C0" "$SPI_BA"
settle
check_eq "CPU 0, its SA: no acquire naming it" "$(acq 0)" 0
check_xfrm_clean "$NS_B"
xfrm_flush "$NS_B"
ours_flush "$NS_A"

if [ $KERNEL_PCPU = 0 ]; then
	ksft_pass "cpu-acquire: acquires name the CPU without its SA, packets take the fallback (this kernel has no XFRMA_SA_PCPU: XFRM and front-end parts passed over)"
fi

# xfrm_sender NS LOCAL REMOTE: NS sends with CPU 0's SA and a fallback
# under an out policy with XFRM_POLICY_CPU_ACQUIRE (flag 0x4), over
# NETLINK_XFRM (the kernel's XFRM, or ipsecdp's front end)
xfrm_sender() {
	local ns=$1 l=$2 r=$3
	xpcpu "$ns" add "$l" "$r" "$SPI_C0" "$K_C0" --pcpu 0 --dir out ||
		ksft_fail "NEWSA (CPU 0's SA) failed"
	xpcpu "$ns" add "$l" "$r" "$SPI_ALL" "$K_ALL" --dir out ||
		ksft_fail "NEWSA (fallback SA) failed"
	ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp \
		spi "$SPI_BA" reqid 1 mode transport aead "$GCM" "$K_BA" 128
	ok_run "$ns" ip xfrm policy add src "$l/32" dst "$r/32" dir out \
		flag 0x4 tmpl src "$l" dst "$r" proto esp reqid 1 mode transport
	ok_run "$ns" ip xfrm policy add src "$r/32" dst "$l/32" dir in \
		tmpl src "$r" dst "$l" proto esp reqid 1 mode transport
	check_eq "ip xfrm policy shows flag 4 (CPU_ACQUIRE)" \
		"$(ip -n "$ns" xfrm policy list dir out | grep -c 'flag 4')" 1
}

# xfrm_acquires NS LOCAL REMOTE FILE: pings from NS pinned to CPU 0 leave
# on CPU 0's SA; N pinned to CPU 1 are sent, and how many of them left on
# the fallback SA goes to FILE.sent; NS's XFRM_MSG_ACQUIREs to FILE
xfrm_acquires() {
	local ns=$1 l=$2 r=$3 f=$4 pid
	xpcpu "$ns" listen 8 >"$f" &
	pid=$!
	wait_for -t 5 grep -q listening "$f" || ksft_fail "acquire listener not up"
	pinned_from "$ns" 0 "$l" "$r" "$SPI_C0" "$SPI_BA"
	cap_start
	log "+ [${ns%%-*}] taskset -c 1 ping -c $N $r"
	in_ns "$ns" taskset -c 1 ping -n -c "$N" -i 0.2 -W 1 "$r" 2>&1 |
		tail -2 | sed 's/^/    /'
	cap_stop
	check_no_cleartext
	cap_count "ip proto 50 and src $l and ip[20:4] = $SPI_ALL" >"$f.sent"
	wait $pid
	sed 's/^/    /' "$f"
}

# refusals NS LOCAL REMOTE: NEWSA of SAs whose direction rules out what
# they carry, and ALLOCSPI with XFRMA_SA_PCPU; one line each
refusals() {
	local ns=$1 l=$2 r=$3
	xpcpu "$ns" add "$l" "$r" 0x3990 "$K_ALL" --dir out --rw 64
	xpcpu "$ns" add "$l" "$r" 0x3991 "$K_ALL" --dir in --flags 4
	xpcpu "$ns" add "$l" "$r" 0x3992 "$K_ALL" --dir out --flags 8
	xpcpu "$ns" add "$l" "$r" 0x3993 "$K_ALL" --pcpu 1
	xpcpu "$ns" allocspi "$l" "$r" --pcpu 1 --dir in | sed 's/spi 0x[0-9a-f]*/spi S/'
	xpcpu "$ns" allocspi "$l" "$r" --pcpu 100000 --dir in
}

log "=== 2. the kernel's XFRM sends (B -> A, A ipsecdp)"
ours_rx "$NS_A" "$IP_A" "$IP_B"
xfrm_sender "$NS_B" "$IP_B" "$IP_A"
xfrm_acquires "$NS_B" "$IP_B" "$IP_A" "$T/xfrm.acq"
check_eq "XFRM: one acquire, naming CPU 1, with the policy's flag" \
	"$(cat "$T/xfrm.acq")" "listening
acquire dst $IP_A pcpu 1 polflags 4"
# XFRM (6.12) sends none of them while the acquire is pending (its
# larval SA for CPU 1 makes xfrm_state_find() answer -EAGAIN); ipsecdp
# sends them on the fallback SA, as RFC 9611 section 3 wants it used
log "note: XFRM sent $(cat "$T/xfrm.acq.sent") of CPU 1's $N pings (on the fallback SA) while its acquire was pending"
log "    XFRM's non-zero counters: $(awk '$2 != 0 { printf "%s %s ", $1, $2 }' /proc/net/xfrm_stat)"
refusals "$NS_B" "$IP_B" "$IP_A" >"$T/xfrm.ref"
sed 's/^/    /' "$T/xfrm.ref"
check_eq "XFRM: refusals and ALLOCSPI answers" "$(grep -c 'error -22' "$T/xfrm.ref")" 5
grep -q "^spi S pcpu 1$" "$T/xfrm.ref" || ksft_fail "XFRM's ALLOCSPI does not give XFRMA_SA_PCPU back"
xfrm_flush "$NS_B"
ip -n "$NS_B" xfrm state flush
ours_flush "$NS_A"

log "=== 3. ipsecdp's XFRM front end sends as XFRM did (A -> B, B ipsecdp)"
frontend_on || ksft_pass "cpu-acquire with ipsecctl and with the kernel's XFRM (front end passed over)"
ours_rx "$NS_B" "$IP_B" "$IP_A"
xfrm_sender "$NS_A" "$IP_A" "$IP_B"
xfrm_acquires "$NS_A" "$IP_A" "$IP_B" "$T/ours.acq"
check_eq "front end: CPU 1's pings all sent on the fallback SA" \
	"$(cat "$T/ours.acq.sent")" "$N"
check_eq "front end: the acquire as XFRM's" \
	"$(sed "s/dst $IP_B /dst PEER /" "$T/ours.acq")" \
	"$(sed "s/dst $IP_A /dst PEER /" "$T/xfrm.acq")"
refusals "$NS_A" "$IP_A" "$IP_B" >"$T/ours.ref"
sed 's/^/    /' "$T/ours.ref"
check_eq "front end: refusals and ALLOCSPI answers as XFRM's" \
	"$(cat "$T/ours.ref")" "$(cat "$T/xfrm.ref")"
ip -n "$NS_A" xfrm state flush
ip -n "$NS_A" xfrm policy flush
ours_flush "$NS_B"
frontend_off

ksft_pass "cpu-acquire: acquires name the CPU without its SA, packets take the fallback; XFRM raises the same acquire; the front end answers as XFRM"
