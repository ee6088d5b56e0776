#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Acquire events. A protects A->B (10.0.0.2) and A->C (10.0.0.3, a second
# address of B) with ESP but has no SA: every packet is dropped
# (OutNoStates) and `ipsecctl monitor` in A reports
#   acquire src 10.0.0.1 dst 10.0.0.2 proto icmp dir out policy N tmpl ...
#  - a burst of pings to each peer gives exactly one event per peer (rate
#    limit: one per policy and peer per second), with the packet's flow
#    (JSON: addresses, protocol, ICMP type and code) and the policy index;
#  - pings spread over about 3 s give about one event per second;
#  - once the SAs are added, traffic flows and no more events come.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl

IP_C=10.0.0.3
topo_setup
ip -n "$NS_B" addr add "$IP_C/24" dev "$IF_B" ||
	ksft_fail "cannot add a second address to B"
wait_for -t 10 in_ns "$NS_A" ping -c1 -W1 "$IP_C" ||
	ksft_fail "no connectivity to $IP_C"

MON=$T/mon
monitor_start "$NS_A" "$MON"

ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
	tmpl proto esp mode transport
ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_C/32" dir out \
	tmpl proto esp mode transport
wait_for -t 10 grep -q "^policy add .*dst $IP_C/32" "$MON.txt" ||
	ksft_fail "no policy add events"
IDX_B=$(sed -n "s|^policy add src $IP_A/32 dst $IP_B/32 dir out .*index \([0-9]*\) .*|\1|p" "$MON.txt")
IDX_C=$(sed -n "s|^policy add src $IP_A/32 dst $IP_C/32 dir out .*index \([0-9]*\) .*|\1|p" "$MON.txt")
[ -n "$IDX_B" ] && [ -n "$IDX_C" ] || ksft_fail "no policy indexes in the monitor output"
log "policy indexes: A->B $IDX_B, A->C $IDX_C"

# acquires DST: acquire lines (text) for the packets to DST
acquires() {
	grep -c "^acquire src $IP_A dst $1 proto icmp dir out policy [0-9]* tmpl proto esp mode transport" "$MON.txt"
}

# burst DST: 5 pings within 0.2 s, all dropped
burst() {
	log "+ [${NS_A%%-*}] ping -c 5 -i 0.05 $1 (no SA: all dropped)"
	in_ns "$NS_A" ping -n -q -c 5 -i 0.05 -W 1 "$1" >/dev/null 2>&1
}

log "--- 1. bursts: one event per policy and peer"
ns0=$(counter "$NS_A" OutNoStates)
burst "$IP_B" &
p1=$!
burst "$IP_C"
wait $p1
wait_counter "$NS_A" OutNoStates $((ns0 + 10)) 10
sleep 0.5
log "monitor:"
grep '^acquire' "$MON.txt" | sed 's/^/    /'
check_eq "acquire events for $IP_B" "$(acquires "$IP_B")" 1
check_eq "acquire events for $IP_C" "$(acquires "$IP_C")" 1
grep -q "^acquire src $IP_A dst $IP_B proto icmp dir out policy $IDX_B tmpl proto esp mode transport" "$MON.txt" ||
	ksft_fail "acquire for $IP_B does not name policy $IDX_B"
grep -q "^acquire src $IP_A dst $IP_C proto icmp dir out policy $IDX_C tmpl proto esp mode transport" "$MON.txt" ||
	ksft_fail "acquire for $IP_C does not name policy $IDX_C"

# the JSON event: the flow of the packet (echo request: type 8 code 0)
# and the policy
"$PY" - "$MON.json" "$IP_A" "$IP_B" "$IDX_B" <<'EOF' || ksft_fail "JSON acquire event not as expected"
import json, sys
f, src, dst, idx = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
evs = [json.loads(l) for l in open(f) if l.strip()]
acq = [e for e in evs if e.get("event") == "acquire"
       and e.get("flow", {}).get("dst") == dst]
if len(acq) != 1:
    sys.exit("%d JSON acquire events for %s" % (len(acq), dst))
e = acq[0]
fl, pol = e["flow"], e.get("policy", {})
want = {"family": "inet", "src": src, "dst": dst, "proto": "icmp",
        "type": 8, "code": 0}
for k, v in want.items():
    if fl.get(k) != v:
        sys.exit("flow %s: %r, expected %r (%s)" % (k, fl.get(k), v, e))
if pol.get("index") != idx:
    sys.exit("policy index %r, expected %d (%s)" % (pol.get("index"), idx, e))
print("ok: JSON acquire:", json.dumps(e, sort_keys=True)[:300])
EOF

log "--- 2. 12 pings over 2.75 s: about one event per second"
n0=$(acquires "$IP_B")
sleep 1.1	# past the rate limit interval of the burst
t0=$EPOCHREALTIME
in_ns "$NS_A" ping -n -q -c 12 -i 0.25 -W 1 "$IP_B" >/dev/null 2>&1
t1=$EPOCHREALTIME
sleep 0.5
n=$(($(acquires "$IP_B") - n0))
span=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
log "$n acquire events for 12 packets in ${span} s"
# one at the start, then one per elapsed second (ping's span; the
# first packet of each second triggers one)
max=$(awk -v s="$span" 'BEGIN { printf "%d", s + 2 }')
[ "$n" -ge 2 ] && [ "$n" -le "$max" ] ||
	ksft_fail "$n acquire events in ${span} s (expected 2..$max)"
log "ok: rate-limited acquire events ($n in ${span} s)"

log "--- 3. SAs added: traffic flows, no more acquires"
kab=$(rand_key 20)
kba=$(rand_key 20)
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x3101 \
	mode transport aead "$GCM" "$kab" 128
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x4101 \
	mode transport aead "$GCM" "$kba" 128
ctl_ok "$NS_A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
	tmpl proto esp mode transport
ours_setup "$NS_B" "$IP_B" "$IP_A" 0x4101 0x3101 "$kba" "$kab"
sleep 1.1
n0=$(acquires "$IP_B")
ping_ok "$NS_A" "$IP_B" 3
sleep 0.3
check_eq "acquire events for $IP_B once the SA exists" "$(($(acquires "$IP_B") - n0))" 0

ksft_pass "acquire: one event per policy and peer per second, with the packet's flow; none once the SA exists"
