#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# SA lifetimes, ipsecdp on both hosts. A's outbound SA gets limits; an
# `ipsecctl monitor` (text and JSON) in A records the events. For each
# kind of limit (packets, bytes, time):
#  - exactly one soft and one hard expire event for the SA, the soft one
#    at the soft limit, the hard one at the hard limit (JSON "current"
#    counts of the events; seconds since the add for time limits);
#  - with packet-hard N (byte-hard B) the Nth packet (the one reaching
#    B bytes) is the last one sent, the SA is then gone from `sa list`
#    (an SA_DEL event) and traffic stops: the next packets count as
#    OutStateExpired or OutNoStates;
#  - `sa list` shows the limits, `-s sa list` the current counts.
# Semantics (sa/sa.h): a packet is accepted while the counts before it are
# below the hard limits (as XFRM); soft fires when a count reaches it.
# Exhausted outbound sequence numbers raise a hard expiry too.
# timeout: 400
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl

topo_setup
ip -n "$NS_B" addr add 10.0.0.3/24 dev "$IF_B" ||
	ksft_fail "cannot add a second address to B"

MON_PIDS=()
# mon_start NAME: `ipsecctl monitor` and `ipsecctl -j monitor` in A, to
# $T/NAME.txt and $T/NAME.json; returns once both receive events (a
# throw-away SA is added until both saw it: the VM may be slow)
mon_start() {
	local f=$T/$1 k
	ip netns exec "$NS_A" "$IPSECCTL" monitor >"$f.txt" 2>&1 &
	MON_PIDS+=($!)
	add_cleanup "kill $! 2>/dev/null"
	ip netns exec "$NS_A" "$IPSECCTL" -j monitor >"$f.json" 2>&1 &
	MON_PIDS+=($!)
	add_cleanup "kill $! 2>/dev/null"
	sleep 0.5
	for k in 1 2 3 4 5 6; do
		ctl "$NS_A" sa add src 10.0.0.9 dst 10.0.0.8 proto esp \
			spi 0xdead mode transport aead "$GCM" "$(rand_key 20)" 128
		ctl "$NS_A" sa del src 10.0.0.9 dst 10.0.0.8 proto esp spi 0xdead
		wait_for -t 5 eval 'grep -q "sa add.* spi 0x0000dead" "$f.txt" &&
			grep -q "\"sa_add\"" "$f.json"' && return 0
	done
	ksft_fail "ipsecctl monitor does not report events: $(head -3 "$f.txt" "$f.json")"
}

mon_stop() {
	local p
	sleep 0.3
	for p in "${MON_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	MON_PIDS=()
}

# events FILE.json SPI: "<soft|hard> <packets> <bytes>" per expire event
events() {
	"$PY" - "$1" "$2" <<'EOF'
import json, sys
spi = int(sys.argv[2], 0)
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    ev = json.loads(line)
    if ev.get("event") != "expire" or ev.get("sa", {}).get("spi") != spi:
        continue
    cur = ev["sa"].get("current", {})
    print("hard" if ev.get("hard") else "soft",
          cur.get("packets", -1), cur.get("bytes", -1))
EOF
}

# setup SPI_AB SPI_BA ARGS...: A <-> B (ipsecdp both sides); A's
# outbound SA (SPI_AB) with ARGS ("limit ..."); T_ADD: time before its add
setup() {
	local sab=$1 sba=$2 kab kba
	shift 2
	kab=$(rand_key 20)
	kba=$(rand_key 20)
	# one ipsecctl per side (batch): process start-up is slow in the VM
	cat >"$T/a.batch" <<-EOF
	sa add src $IP_A dst $IP_B proto esp spi $sab mode transport aead $GCM $kab 128 $*
	sa add src $IP_B dst $IP_A proto esp spi $sba mode transport aead $GCM $kba 128
	policy add src $IP_A/32 dst $IP_B/32 dir out tmpl proto esp mode transport
	policy add src $IP_B/32 dst $IP_A/32 dir in tmpl proto esp mode transport
	EOF
	cat >"$T/b.batch" <<-EOF
	sa add src $IP_B dst $IP_A proto esp spi $sba mode transport aead $GCM $kba 128
	sa add src $IP_A dst $IP_B proto esp spi $sab mode transport aead $GCM $kab 128
	policy add src $IP_B/32 dst $IP_A/32 dir out tmpl proto esp mode transport
	policy add src $IP_A/32 dst $IP_B/32 dir in tmpl proto esp mode transport
	EOF
	sed 's/^/    [A] /' "$T/a.batch"
	ctl_ok "$NS_B" -f "$T/b.batch"
	T_ADD=$EPOCHREALTIME
	ctl_ok "$NS_A" -f "$T/a.batch"
}

teardown() {
	ours_flush "$NS_A"
	ours_flush "$NS_B"
}

# ping_count NS DST COUNT [ARGS...]: print the number of replies
ping_count() {
	local ns=$1 dst=$2 n=$3 out
	shift 3
	log >&2 "+ [${ns%%-*}] ping -c $n $* $dst"
	out=$(in_ns "$ns" ping -n -c "$n" -W 1 "$@" "$dst" 2>&1)
	printf '%s\n' "$out" | tail -2 | sed 's/^/    /' >&2
	printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p'
}

has_sa() {
	ctl "$1" sa list | grep -q "spi $(printf '0x%08x' "$2")"
}

dropped_out() {
	echo $(($(counter "$NS_A" OutStateExpired) + $(counter "$NS_A" OutNoStates)))
}

# check_events NAME SPI SOFT_PKTS HARD_PKTS [SOFT_BYTES HARD_BYTES]: one
# soft and one hard event for SPI, at these counts (packets exact, bytes
# at least)
check_events() {
	local name=$1 spi=$2 sp=$3 hp=$4 sb=${5:-} hb=${6:-} ev hex
	hex=$(printf '0x%08x' "$spi")
	log "monitor ($name):"
	sed 's/^/    /' "$T/$name.txt"
	ev=$(events "$T/$name.json" "$spi") || ksft_fail "bad JSON from 'ipsecctl -j monitor'"
	log "expire events of SA $hex (kind packets bytes):"
	printf '%s\n' "$ev" | sed 's/^/    /'
	check_eq "soft expire events (text)" \
		"$(grep -c "^expire soft src $IP_A dst $IP_B proto esp spi $hex" "$T/$name.txt")" 1
	check_eq "hard expire events (text)" \
		"$(grep -c "^expire hard src $IP_A dst $IP_B proto esp spi $hex" "$T/$name.txt")" 1
	check_eq "SA_DEL events (text)" \
		"$(grep -c "^sa del src $IP_A dst $IP_B proto esp spi $hex" "$T/$name.txt")" 1
	check_eq "expire events (JSON)" "$(printf '%s\n' "$ev" | awk '{ print $1 }' | tr '\n' ' ')" "soft hard "
	[ "$(grep -n "^expire hard.*spi $hex" "$T/$name.txt" | cut -d: -f1)" -lt \
	  "$(grep -n "^sa del.*spi $hex" "$T/$name.txt" | cut -d: -f1)" ] ||
		ksft_fail "the SA_DEL event came before the hard expire event"
	[ -n "$sp" ] && check_eq "packets at the soft expiry" \
		"$(printf '%s\n' "$ev" | awk '$1 == "soft" { print $2 }')" "$sp"
	[ -n "$hp" ] && check_eq "packets at the hard expiry" \
		"$(printf '%s\n' "$ev" | awk '$1 == "hard" { print $2 }')" "$hp"
	if [ -n "$sb" ]; then
		v=$(printf '%s\n' "$ev" | awk '$1 == "soft" { print $3 }')
		[ "$v" -ge "$sb" ] || ksft_fail "soft expiry at $v bytes, limit $sb"
		v=$(printf '%s\n' "$ev" | awk '$1 == "hard" { print $3 }')
		[ "$v" -ge "$hb" ] || ksft_fail "hard expiry at $v bytes, limit $hb"
	fi
	return 0
}

log "=== 1. packet-soft 5 packet-hard 10, 15 pings (t=${SECONDS}s)"
SAB=0x3001
SBA=0x4001
mon_start pkt
setup $SAB $SBA limit packet-soft 5 packet-hard 10
out=$(ctl "$NS_A" -s sa list)
printf '%s\n' "$out" | sed 's/^/    /'
grep -q 'lifetime packet-soft 5 packet-hard 10' <<<"$out" ||
	ksft_fail "'sa list' does not show the limits"
grep -q 'current 0 bytes 0 packets' <<<"$out" ||
	ksft_fail "'sa list' does not show the current counts"
d0=$(dropped_out)
got=$(ping_count "$NS_A" "$IP_B" 15 -i 0.2)
check_eq "echo replies (packet-hard 10)" "$got" 10
wait_for -t 5 eval '! has_sa "$NS_A" $SAB' || ksft_fail "SA $SAB still listed after its hard expiry"
has_sa "$NS_A" $SBA || ksft_fail "the inbound SA went too"
check_eq "packets dropped after the hard expiry (OutStateExpired + OutNoStates)" \
	$(($(dropped_out) - d0)) 5
mon_stop
check_events pkt $SAB 5 10
teardown

log "=== 2. byte-soft 2500 byte-hard 5500, 1000-byte packets (t=${SECONDS}s)"
SAB=0x3002
SBA=0x4002
mon_start byte
setup $SAB $SBA limit byte-soft 2500 byte-hard 5500
d0=$(dropped_out)
# 20 (IP) + 8 (ICMP) + 972 = 1000 bytes: the 6th packet crosses 5500
got=$(ping_count "$NS_A" "$IP_B" 9 -i 0.2 -s 972)
check_eq "echo replies (byte-hard 5500)" "$got" 6
wait_for -t 5 eval '! has_sa "$NS_A" $SAB' || ksft_fail "SA $SAB still listed after its hard expiry"
check_eq "packets dropped after the hard expiry" $(($(dropped_out) - d0)) 3
mon_stop
check_events byte $SAB 3 6 2500 5500
teardown

log "=== 3. time-soft 2 time-hard 4 (t=${SECONDS}s)"
SAB=0x3003
SBA=0x4003
mon_start time
setup $SAB $SBA limit time-soft 2 time-hard 4
t0=$T_ADD
tsoft=
thard=
in_ns "$NS_A" ping -n -q -c 35 -i 0.2 -W 1 "$IP_B" >"$T/ping-time.txt" 2>&1 &
PPID_=$!
add_cleanup "kill $PPID_ 2>/dev/null"
while [ $((${EPOCHREALTIME%.*} - ${t0%.*})) -lt 30 ]; do
	[ -z "$tsoft" ] && grep -q "^expire soft.*spi 0x00003003" "$T/time.txt" &&
		tsoft=$EPOCHREALTIME
	[ -z "$thard" ] && grep -q "^expire hard.*spi 0x00003003" "$T/time.txt" &&
		thard=$EPOCHREALTIME
	[ -n "$thard" ] && break
	sleep 0.05
done
[ -n "$tsoft" ] && [ -n "$thard" ] || ksft_fail "no soft/hard expiry within 30 s"
ds=$(awk -v a="$t0" -v b="$tsoft" 'BEGIN { printf "%.2f", b - a }')
dh=$(awk -v a="$t0" -v b="$thard" 'BEGIN { printf "%.2f", b - a }')
log "soft expiry seen after ${ds} s, hard after ${dh} s (limits 2 s and 4 s)"
# never early; late only by what a loaded VM takes to run the commands
awk -v s="$ds" -v h="$dh" 'BEGIN { exit !(s >= 2 && h >= 4 && s <= 12 && h <= 14) }' ||
	ksft_fail "expiry times off: soft ${ds} s (2), hard ${dh} s (4)"
has_sa "$NS_A" $SAB && ksft_fail "SA $SAB still listed after its hard expiry"
d0=$(dropped_out)
wait "$PPID_"
tail -2 "$T/ping-time.txt" | sed 's/^/    /'
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping-time.txt")
[ "$got" -lt 35 ] || ksft_fail "all 35 pings answered despite time-hard 4"
[ "$(dropped_out)" -gt "$d0" ] || [ "$got" -lt 30 ] ||
	ksft_fail "no packet dropped after the hard expiry"
log "ok: $got replies of 35 pings over 7 s: traffic stopped at the hard expiry"
mon_stop
check_events time $SAB "" ""
teardown

log "=== 4. sequence numbers exhausted: replay-oseq 0xfffffffd (t=${SECONDS}s)"
SAB=0x3004
SBA=0x4004
mon_start seq
setup $SAB $SBA replay-oseq 0xfffffffd
e0=$(counter "$NS_A" OutStateSeqError)
# 0xfffffffe and 0xffffffff are sent, then the SA is exhausted
got=$(ping_count "$NS_A" "$IP_B" 4 -i 0.2)
check_eq "echo replies (2 sequence numbers left)" "$got" 2
wait_for -t 5 eval '! has_sa "$NS_A" $SAB' || ksft_fail "SA $SAB still listed once exhausted"
check_counter "$NS_A" OutStateSeqError ">=$((e0 + 1))"
mon_stop
hex=$(printf '0x%08x' $SAB)
grep "spi $hex" "$T/seq.txt" | sed 's/^/    /'
check_eq "hard expire events" "$(grep -c "^expire hard src $IP_A dst $IP_B proto esp spi $hex" "$T/seq.txt")" 1
check_eq "soft expire events" "$(grep -c "^expire soft.*spi $hex" "$T/seq.txt")" 0
check_eq "SA_DEL events" "$(grep -c "^sa del.*spi $hex" "$T/seq.txt")" 1
teardown

stats_dump "$NS_A"
ksft_pass "lifetimes: packet, byte and time limits (one soft, one hard event each, traffic stops at the hard limit), sequence number exhaustion"
