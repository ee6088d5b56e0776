#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# The XFRM netlink front end (#18), in one VM:
#  - ownership of NETLINK_XFRM: with xfrm_user loaded, `insmod ipsecdp.ko
#    xfrm_netlink=1` fails and says why; without it, it loads, and then
#    xfrm_user cannot load;
#  - A configured with ipsecctl, B with ip xfrm (both reach ipsecdp): the
#    traffic run of test 10 (ping, 2 MiB TCP each way, only ESP on the
#    wire, replay drops explained, no sequence number sent twice);
#  - both views agree: ip xfrm lists what ipsecctl added, with its keys,
#    and ipsecctl what ip xfrm added; ip xfrm state get / policy get,
#    deleteall (a dump, then a delete per entry), flush; GETAE
#    (selftests/py/xfrm_ae.py) reports the replay state and usage that
#    GETSA does, ESRCH for no SA; NEWAE sets it: GETAE's state back is an
#    exact round trip, a window moved ahead makes the peer's packets
#    replays and moved back accepts them, the outbound number only moves
#    forward, lifetime usage and AEVENTS thresholds are refused;
#  - bad requests get a clear error: ip xfrm prints ipsecdp's message for
#    a wrong key length, a mark, IPComp, a selector by device, an
#    unimplemented message; selftests/py/xfrm_fuzz.py's hostile requests
#    are all refused and 500 random ones all answered;
#  - allocspi: the one SPI of a range, then not again; update turns it
#    into an SA; delete gives one back; it lapses after
#    net.core.xfrm_acq_expires; ip xfrm state count / policy count;
#  - XFRM_MSG_ACQUIRE as XFRM sends it: once per negotiation (8 packets
#    in 2 s give one), again once an SA of the namespace was deleted or
#    net.core.xfrm_acq_expires passed (ip xfrm monitor acquire);
#  - socket bypass policies (IP_XFRM_POLICY), as pluto and charon set
#    them: a bypass socket's datagram crosses in clear past both SPDs
#    (captured), a socket without one does not receive cleartext, other
#    socket policies are refused;
#  - ip xfrm monitor shows every change, by either API: SAs and policies
#    added, deleted (one by one by deleteall), flushed;
#  - unloading ipsecdp gives NETLINK_XFRM back to xfrm_user.
# The kernel log stays clean. The module is left loaded without the front
# end, as run_tests.sh loaded it. Skipped where xfrm_user is built in (the
# debug kernel of `make check-debug`): NETLINK_XFRM is then taken at boot.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat tcpdump ss
need_ipsecctl
KO=${IPSECDP_KO:-$REPO/build/$(uname -r)/ipsecdp.ko}
MIB=${XFER_MIB:-2}
dmesg_mark

# n_of NS sa|policy: how many ipsecctl counts
n_of() { ctl "$1" "$2" count | awk '{ print $NF }'; }

# xfrm_err NS ARGS...: ip xfrm ARGS in NS must fail; its message in ERR
xfrm_err() {
	local ns=$1
	shift
	log "+ [${ns%%-*}] ip xfrm $*   (must fail)"
	if ERR=$(ip -n "$ns" xfrm "$@" 2>&1); then
		ksft_fail "ip xfrm $* was accepted"
	fi
	log "    $ERR"
}

log "=== NETLINK_XFRM has one owner"
modprobe xfrm_user || ksft_fail "modprobe xfrm_user"
# a loaded module has an initstate; a built-in one does not
[ -e /sys/module/xfrm_user/initstate ] ||
	ksft_skip "xfrm_user is built into this kernel: it owns NETLINK_XFRM from boot"
rmmod ipsecdp || ksft_fail "rmmod ipsecdp"
add_cleanup "[ -d /sys/module/ipsecdp ] || insmod '$KO'"
if insmod "$KO" xfrm_netlink=1 2>"$T/insmod.err"; then
	ksft_fail "ipsecdp xfrm_netlink=1 loaded beside xfrm_user"
fi
log "ok: refused beside xfrm_user: $(cat "$T/insmod.err")"
dmesg_since_mark | grep -q 'xfrm_user owns NETLINK_XFRM; unload it first' ||
	ksft_fail "the kernel log does not say why"
rmmod xfrm_user || ksft_fail "cannot unload xfrm_user (in use?)"
insmod "$KO" xfrm_netlink=1 || ksft_fail "insmod ipsecdp xfrm_netlink=1"
if modprobe xfrm_user 2>"$T/modprobe.err"; then
	ksft_fail "xfrm_user loaded beside ipsecdp's front end"
fi
log "ok: xfrm_user refused while ipsecdp serves NETLINK_XFRM"

log "=== A: ipsecctl, B: ip xfrm, both ipsecdp"
topo_setup
gcm_exchange xfrm 128 0x1100 0x2100 1024
check_counter "$NS_B" InPackets ">$((MIB * 100))"
check_sa_field "$NS_B" 0x1100 in_packets ">$((MIB * 100))"
check_sa_field "$NS_B" 0x2100 out_packets ">$((MIB * 100))"
[ ! -d /sys/module/xfrm_user ] || ksft_fail "xfrm_user got loaded"

log "=== the two views agree"
n=$(ip -n "$NS_A" xfrm state list | grep -c '^src ')
check_eq "ipsecctl's SAs listed by ip xfrm" "$n" 2
k=$(ctl "$NS_A" -k sa list | grep -A6 'spi 0x00001100' |
	grep -o '0x[0-9a-f]\{40\}' | head -1)
[ -n "$k" ] || ksft_fail "no key of spi 0x1100 in ipsecctl -k sa list"
out=$(ip -n "$NS_A" xfrm state get src "$IP_A" dst "$IP_B" proto esp spi 0x1100)
log "$out"
grep -q "aead rfc4106(gcm(aes)) $k 128" <<<"$out" ||
	ksft_fail "ip xfrm state get shows another algorithm or key than ipsecctl"
n=$(ip -n "$NS_A" xfrm policy list | grep -c '^src ')
check_eq "ipsecctl's policies listed by ip xfrm" "$n" 2
ip -n "$NS_A" xfrm policy get src "$IP_A/32" dst "$IP_B/32" dir out |
	grep -q 'proto esp' || ksft_fail "ip xfrm policy get: no esp template"
check_eq "ip xfrm's SAs counted by ipsecctl" "$(n_of "$NS_B" sa)" 2
check_eq "ip xfrm's policies counted by ipsecctl" "$(n_of "$NS_B" policy)" 2
ctl_ok "$NS_B" sa get dst "$IP_B" proto esp spi 0x1100
log "ok: ip xfrm and ipsecctl show the same SAs and policies"

log "=== socket bypass policies (IP_XFRM_POLICY), as IKE daemons set them"
# sp_recv PORT [ARGS]: sockpol.py recv in B, in the background; its output
# in $T/sp-PORT, its pid in SP_PID
sp_recv() {
	local port=$1
	shift
	in_ns "$NS_B" "$PY" "$PYDIR/sockpol.py" recv "$port" "$@" >"$T/sp-$port" 2>&1 &
	SP_PID=$!
	wait_for -t 30 sh -c "ip netns exec $NS_B ss -Hlun 'sport = :$port' | grep -q ." ||
		ksft_fail "sockpol.py did not bind UDP port $port"
}
mis0=$(counter "$NS_B" InTmplMismatch)
cap_start "$T/sockpol.pcap"
# both ends bypass: the datagram crosses in clear past both SPDs
sp_recv 500 --bypass --timeout 10
in_ns "$NS_A" "$PY" "$PYDIR/sockpol.py" send "$IP_B" 500 --bypass ||
	ksft_fail "sockpol.py send with a bypass policy: $(cat "$T/sp-500")"
wait "$SP_PID" || ksft_fail "B's bypass socket got nothing: $(cat "$T/sp-500")"
check_eq "datagram to B's bypass socket" "$(cat "$T/sp-500")" ike-hello
# A bypasses, B's socket does not: B's inbound policy drops it
sp_recv 501 --timeout 2
in_ns "$NS_A" "$PY" "$PYDIR/sockpol.py" send "$IP_B" 501 --bypass ||
	ksft_fail "sockpol.py send to 501"
wait "$SP_PID" && ksft_fail "cleartext reached B's socket without a bypass policy"
cap_stop
n=$(tcpdump -nr "$T/sockpol.pcap" "udp and src $IP_A and (dst port 500 or dst port 501)" 2>/dev/null | wc -l)
check_eq "cleartext datagrams from A's bypass socket on the wire" "$n" 2
mis=$(($(counter "$NS_B" InTmplMismatch) - mis0))
check_eq "cleartext dropped by B's inbound policy" "$mis" 1
# without the policy on A's side, the datagram is protected like the rest
sp_recv 502 --bypass --timeout 10
in_ns "$NS_A" "$PY" "$PYDIR/sockpol.py" send "$IP_B" 502 ||
	ksft_fail "sockpol.py send to 502"
wait "$SP_PID" || ksft_fail "B got nothing on 502: $(cat "$T/sp-502")"
out=$(in_ns "$NS_A" "$PY" "$PYDIR/sockpol.py" refused)
check_eq "a socket policy with a template" "$out" EOPNOTSUPP
out=$(in_ns "$NS_A" "$PY" "$PYDIR/sockpol.py" refused --block)
check_eq "a socket block policy" "$out" EOPNOTSUPP
log "ok: bypass sockets pass in clear both ways, others do not; other socket policies refused"

log "=== GETAE: replay state and usage as GETSA reports them"
# ae_vs_get NS SRC DST SPI: xfrm_ae.py's numbers equal ip xfrm state get's
ae_vs_get() {
	local ae get want
	ae=$(in_ns "$1" "$PY" "$PYDIR/xfrm_ae.py" "$3" "$4") ||
		ksft_fail "GETAE of spi $4: $ae"
	get=$(ip -s -n "$1" xfrm state get src "$2" dst "$3" proto esp spi "$4")
	want="seq $(grep -o 'context: seq 0x[0-9a-f]*' <<<"$get" | awk '{ print $3 }')"
	want+=" oseq $(grep -o 'oseq 0x[0-9a-f]*' <<<"$get" | awk '{ print $2 }')"
	want+=" bytes $(grep -o '[0-9]*(bytes), [0-9]*(packets)' <<<"$get" |
		sed 's/(bytes), / packets /; s/(packets)//')"
	want+=" reqid $(grep -o 'reqid [0-9]*' <<<"$get" | awk '{ print $2 }') rthr 0 ethr 0"
	check_eq "GETAE of spi $4 in ${1%%-*}" "$ae" "$(sed 's/0x0*\([0-9a-f]\)/0x\1/g' <<<"$want")"
}
ae_vs_get "$NS_A" "$IP_A" "$IP_B" 0x1100
ae_vs_get "$NS_B" "$IP_A" "$IP_B" 0x1100
case $(in_ns "$NS_A" "$PY" "$PYDIR/xfrm_ae.py" "$IP_B" 0x7777) in
"error ESRCH"*) log "ok: GETAE of no SA: ESRCH" ;;
*) ksft_fail "GETAE of no SA not refused with ESRCH" ;;
esac

log "=== NEWAE: the replay state set from outside, as an HA pair does"
# ae NS ARGS: xfrm_ae.py in NS; aefield OUT NAME: a field of its line
ae() { local ns=$1; shift; in_ns "$ns" "$PY" "$PYDIR/xfrm_ae.py" "$@"; }
aefield() { awk -v n="$2" '{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 1) }' <<<"$1"; }
# ae_refused NS WHAT PATTERN ARGS: xfrm_ae.py ARGS refused, its message
# matching PATTERN
ae_refused() {
	local ns=$1 what=$2 pat=$3 out
	shift 3
	out=$(ae "$ns" "$@")
	log "    $what: $out"
	grep -q "^error .*$pat" <<<"$out" || ksft_fail "NEWAE $what: $out"
}
# B's pings to A arrive on SA 0x2100: its replay state as GETAE has it
in_ns "$NS_B" ping -c 3 -i 0.2 -W 2 "$IP_A" >/dev/null || ksft_fail "ping B -> A"
st=$(ae "$NS_A" "$IP_A" 0x2100 --bitmap) || ksft_fail "GETAE 0x2100: $st"
log "    before: $st"
seq=$(aefield "$st" seq) oseq=$(aefield "$st" oseq) bmp=$(aefield "$st" bitmap)
[ "$bmp" != 0 ] || ksft_fail "GETAE shows no packet in 0x2100's window: $st"
# the same state back, then GETAE again: an exact round trip
out=$(ae "$NS_A" "$IP_A" 0x2100 set "$seq" "$oseq" --flat "$bmp")
check_eq "NEWAE with GETAE's own state" "$out" ok
check_eq "GETAE after it" "$(ae "$NS_A" "$IP_A" 0x2100 --bitmap)" "$st"
# the window far ahead of B's numbers: its packets are replays now
sq0=$(counter "$NS_A" InStateSeqError)
out=$(ae "$NS_A" "$IP_A" 0x2100 set $((seq + 100000)) "$oseq")
check_eq "NEWAE moving the window ahead" "$out" ok
in_ns "$NS_B" ping -c 3 -i 0.2 -W 1 "$IP_A" >/dev/null &&
	ksft_fail "B's pings passed a window 100000 ahead of them"
check_eq "B's packets dropped as replays" $(($(counter "$NS_A" InStateSeqError) - sq0)) 3
# and back: B's next numbers are new again
out=$(ae "$NS_A" "$IP_A" 0x2100 set "$seq" "$oseq")
check_eq "NEWAE moving the window back" "$out" ok
in_ns "$NS_B" ping -c 2 -i 0.2 -W 2 "$IP_A" >/dev/null ||
	ksft_fail "B's pings not accepted once the window came back"
# A's outbound numbers jump ahead: B (a 32-packet window) takes them
st=$(ae "$NS_A" "$IP_B" 0x1100) || ksft_fail "GETAE 0x1100: $st"
o=$(aefield "$st" oseq)
ae_refused "$NS_A" "an outbound number moved back" "only moves forward" \
	"$IP_B" 0x1100 set 0 $((o - 1))
out=$(ae "$NS_A" "$IP_B" 0x1100 set 0 $((o + 5000)))
check_eq "NEWAE moving A's outbound number ahead" "$out" ok
in_ns "$NS_A" ping -c 2 -i 0.2 -W 2 "$IP_B" >/dev/null ||
	ksft_fail "ping A -> B after A's outbound numbers jumped"
o2=$(aefield "$(ae "$NS_A" "$IP_B" 0x1100)" oseq)
[ $((o2)) -ge $((o + 5002)) ] ||
	ksft_fail "A sent from $o2, not past $((o + 5000))"
ae_refused "$NS_A" "without NLM_F_REPLACE" "NLM_F_REPLACE" \
	"$IP_A" 0x2100 set "$seq" "$oseq" --no-replace
ae_refused "$NS_A" "lifetime usage" "NOTSUP.*lifetime usage" \
	"$IP_A" 0x2100 set "$seq" "$oseq" --ltime
ae_refused "$NS_A" "a replay threshold" "NOTSUP.*AEVENTS" \
	"$IP_A" 0x2100 set "$seq" "$oseq" --rthr 5
ae_refused "$NS_A" "an ESN state of another window" "EINVAL.*window" \
	"$IP_A" 0x2100 set "$seq" "$oseq" --esn 64
ae_refused "$NS_A" "no such SA" "ESRCH" "$IP_A" 0x7777 set 1 1
# an ESN SA: its window's bitmap in XFRM's ring form, past 2^32
ok_run "$NS_A" ip xfrm state add src "$IP_B" dst "$IP_A" proto esp \
	spi 0x2200 mode transport aead "$GCM" "$(rand_key 20)" 128 flag esn replay-window 64
out=$(ae "$NS_A" "$IP_A" 0x2200 set 0x100000040 5 --esn 64 --words 80000001,3)
check_eq "NEWAE of an ESN SA's state" "$out" ok
check_eq "GETAE after it" "$(ae "$NS_A" "$IP_A" 0x2200 --bitmap)" \
	"seq 0x100000040 oseq 0x5 bytes 0 packets 0 reqid 0 rthr 0 ethr 0 bitmap 64:80000001,3"
ae_refused "$NS_A" "an ESN bitmap shorter than the window" "EINVAL.*window" \
	"$IP_A" 0x2200 set 0x100000040 5 --esn 64 --words 1
ae_refused "$NS_A" "an ESN SA's state in the 32-bit form" "EINVAL.*ESN" \
	"$IP_A" 0x2200 set 0x40 5
ok_run "$NS_A" ip xfrm state delete src "$IP_B" dst "$IP_A" proto esp spi 0x2200
log "ok: NEWAE sets the replay state (exact round trip, the datapath follows), outbound forward only, the rest refused"

log "=== bad requests: clear errors"
K20=$(rand_key 20)
xfrm_err "$NS_A" state add src "$IP_A" dst "$IP_B" proto esp spi 0x999 \
	mode transport aead "$GCM" 0x0102030405 128
grep -q 'key length' <<<"$ERR" || ksft_fail "no key length message: $ERR"
xfrm_err "$NS_A" state add src "$IP_A" dst "$IP_B" proto esp spi 0x999 \
	mode transport aead "$GCM" "$K20" 128 mark 7
grep -q 'marks are not supported' <<<"$ERR" || ksft_fail "no mark message: $ERR"
xfrm_err "$NS_A" state add src "$IP_A" dst "$IP_B" proto comp spi 0x999 \
	comp deflate
grep -q 'only esp and ah' <<<"$ERR" || ksft_fail "no protocol message: $ERR"
xfrm_err "$NS_A" policy add src 10.9.0.0/16 dst 10.8.0.0/16 dev lo dir out
grep -q 'selectors by device' <<<"$ERR" || ksft_fail "no device message: $ERR"
xfrm_err "$NS_A" policy getdefault
grep -q 'message type not implemented' <<<"$ERR" || ksft_fail "no message: $ERR"
check_eq "SAs after refused adds" "$(n_of "$NS_A" sa)" 2
# in a namespace of its own: random requests flush whatever they reach
NS_F=ipF-$SFX
ns_create "$NS_F"
in_ns "$NS_F" "$PY" "$PYDIR/xfrm_fuzz.py" --random 500 >"$T/fuzz.out" 2>&1
rc=$?
sed 's/^/    /' "$T/fuzz.out"
[ $rc = 0 ] || ksft_fail "xfrm_fuzz.py: a hostile request was accepted or unanswered"

# ip xfrm monitor in both namespaces from here on: every change below,
# by either API, must show as XFRM shows it
ip -n "$NS_A" xfrm monitor >"$T/mon-a" 2>&1 &
MON_A=$!
ip -n "$NS_B" xfrm monitor >"$T/mon-b" 2>&1 &
MON_B=$!
add_cleanup "kill $MON_A $MON_B 2>/dev/null"
sleep 0.5

log "=== allocspi: reserved SPIs, used, given back or lapsed"
ok_run "$NS_A" sysctl -qw net.core.xfrm_acq_expires=3
spi_of() { grep -o 'spi 0x[0-9a-f]*' | head -1 | cut -d' ' -f2; }
out=$(ip -n "$NS_A" xfrm state allocspi src "$IP_A" dst "$IP_B" proto esp \
	min 0x3000 max 0x3000) || ksft_fail "allocspi 0x3000 refused"
check_eq "the one SPI of the range" "$(spi_of <<<"$out")" 0x00003000
xfrm_err "$NS_A" state allocspi src "$IP_A" dst "$IP_B" proto esp \
	min 0x3000 max 0x3000
grep -q 'no free SPI' <<<"$ERR" || ksft_fail "no message: $ERR"
ok_run "$NS_A" ip xfrm state update src "$IP_A" dst "$IP_B" proto esp \
	spi 0x3000 mode transport aead "$GCM" "$K20" 128
ctl_ok "$NS_A" sa get dst "$IP_B" proto esp spi 0x3000
out=$(ip -n "$NS_A" xfrm state allocspi src "$IP_B" dst "$IP_A" proto esp \
	min 0x4000 max 0x4fff) || ksft_fail "allocspi 0x4000-0x4fff refused"
spi=$(spi_of <<<"$out")
[ $((spi)) -ge $((0x4000)) ] && [ $((spi)) -le $((0x4fff)) ] ||
	ksft_fail "allocspi gave $spi outside 0x4000-0x4fff"
ok_run "$NS_A" ip xfrm state delete src "$IP_B" dst "$IP_A" proto esp spi "$spi"
ip -n "$NS_A" xfrm state allocspi src "$IP_B" dst "$IP_A" proto esp \
	min "$spi" max "$spi" >/dev/null || ksft_fail "SPI $spi not given back"
ip -n "$NS_A" xfrm state allocspi src "$IP_A" dst "$IP_B" proto esp \
	min 0x5000 max 0x5000 >/dev/null || ksft_fail "allocspi 0x5000 refused"
sleep 4
ip -n "$NS_A" xfrm state allocspi src "$IP_A" dst "$IP_B" proto esp \
	min 0x5000 max 0x5000 >/dev/null ||
	ksft_fail "SPI 0x5000 still reserved after net.core.xfrm_acq_expires"
check_eq "SAs: 2, and the one from a reserved SPI" "$(n_of "$NS_A" sa)" 3
out=$(ip -n "$NS_A" xfrm state count)
log "$out"
grep -q 'SAD count 3' <<<"$out" || ksft_fail "ip xfrm state count: $out"
out=$(ip -n "$NS_A" xfrm policy count)
log "$out"
grep -q 'IN  1 OUT 1 FWD 0' <<<"$out" || ksft_fail "ip xfrm policy count: $out"
log "ok: allocspi, update of a reserved SPI, delete, lapse; state and policy count"

log "=== XFRM_MSG_ACQUIRE: once per negotiation, as XFRM's larval SA does"
# net.core.xfrm_acq_expires is 3 (above); 10.0.0.9 has no SA
ok_run "$NS_A" ip xfrm policy add src "$IP_A/32" dst 10.0.0.9/32 dir out \
	tmpl proto esp mode transport
ip -n "$NS_A" xfrm monitor acquire >"$T/acq" 2>&1 &
ACQ=$!
sleep 0.5
# acquires: how many the monitor printed
acquires() { grep -c '^acquire' "$T/acq"; }
ping_9() { in_ns "$NS_A" ping -n -c "$1" -i 0.25 -W 1 10.0.0.9 >/dev/null 2>&1; }
ping_9 8	# 2 s, within the hold
sleep 0.3
check_eq "acquires for 8 packets in 2 s" "$(acquires)" 1
# an SA of the namespace deleted: the hold ends (the negotiated SA may be
# the one that went)
ctl_ok "$NS_A" sa add src "$IP_A" dst 10.0.0.8 proto esp spi 0x7000 \
	mode transport aead "$GCM" "$K20" 128
ctl_ok "$NS_A" sa del dst 10.0.0.8 proto esp spi 0x7000
ping_9 2
sleep 0.3
check_eq "acquires once an SA was deleted" "$(acquires)" 2
sleep 3
ping_9 1
sleep 0.3
check_eq "acquires once net.core.xfrm_acq_expires passed" "$(acquires)" 3
kill "$ACQ" 2>/dev/null
wait "$ACQ" 2>/dev/null
sed 's/^/    /' "$T/acq" | head -8
grep -q "sel src $IP_A/32 dst 10.0.0.9/32" "$T/acq" ||
	ksft_fail "the acquire does not carry the packet's selector"
ok_run "$NS_A" ip xfrm policy delete src "$IP_A/32" dst 10.0.0.9/32 dir out
log "ok: one acquire per negotiation; again once an SA went or the hold lapsed"

log "=== an SA and a policy added and deleted with ipsecctl"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x6000 \
	mode transport aead "$GCM" "$K20" 128
ctl_ok "$NS_A" policy add src 10.9.9.0/24 dst 10.8.8.0/24 dir out action block
ctl_ok "$NS_A" sa del dst "$IP_B" proto esp spi 0x6000

log "=== deleteall and flush"
ok_run "$NS_A" ip xfrm policy deleteall
ok_run "$NS_A" ip xfrm state deleteall
check_eq "SAs after deleteall" "$(n_of "$NS_A" sa)" 0
check_eq "policies after deleteall" "$(n_of "$NS_A" policy)" 0
ok_run "$NS_B" ip xfrm state flush
ok_run "$NS_B" ip xfrm policy flush
check_eq "SAs after flush" "$(n_of "$NS_B" sa)" 0
check_eq "policies after flush" "$(n_of "$NS_B" policy)" 0

log "=== ip xfrm monitor saw each change"
sleep 0.5
kill "$MON_A" "$MON_B" 2>/dev/null
wait "$MON_A" "$MON_B" 2>/dev/null
sed 's/^/    [A] /' "$T/mon-a" | grep -v '^    \[A\] 	' | head -40
sed 's/^/    [B] /' "$T/mon-b" | head -10
# mon_has FILE WHAT PATTERN: the monitor's output holds PATTERN
mon_has() {
	grep -Pzq "$3" "$1" || ksft_fail "ip xfrm monitor did not show $2"
}
mon_has "$T/mon-a" "the SA made from reserved SPI 0x3000" \
	"(^|\n)(Updated )?src $IP_A dst $IP_B ?\n\tproto esp spi 0x00003000"
mon_has "$T/mon-a" "ipsecctl's SA 0x6000 added" \
	"(^|\n)src $IP_A dst $IP_B ?\n\tproto esp spi 0x00006000"
mon_has "$T/mon-a" "ipsecctl's SA 0x6000 deleted" \
	"\nDeleted src $IP_A dst $IP_B ?\n\tproto esp spi 0x00006000"
mon_has "$T/mon-a" "ipsecctl's policy added" \
	"(^|\n)src 10.9.9.0/24 dst 10.8.8.0/24 \n\tdir out action block priority"
for spi in 0x00001100 0x00002100 0x00003000; do
	mon_has "$T/mon-a" "deleteall's delete of SA $spi" \
		"\nDeleted src [0-9.]+ dst [0-9.]+ ?\n\tproto esp spi $spi"
done
mon_has "$T/mon-a" "deleteall's delete of the out policy" \
	"\nDeleted src $IP_A/32 dst $IP_B/32 \n\tdir out"
mon_has "$T/mon-b" "ip xfrm state flush" "Flushed state"
mon_has "$T/mon-b" "ip xfrm policy flush" "Flushed policy"
log "ok: ip xfrm monitor shows adds, deletes and flushes by either API"

log "=== unload: NETLINK_XFRM goes back to xfrm_user"
cleanup
for i in $(seq 100); do rmmod ipsecdp 2>/dev/null && break; sleep 0.2; done
[ ! -d /sys/module/ipsecdp ] || ksft_fail "rmmod ipsecdp failed"
modprobe xfrm_user || ksft_fail "xfrm_user cannot load after ipsecdp left"
insmod "$KO" || ksft_fail "insmod ipsecdp (without the front end)"
check_dmesg_clean
ksft_pass "XFRM netlink front end: ownership, ip xfrm and ipsecctl agree, traffic, clear refusals, fuzz"
