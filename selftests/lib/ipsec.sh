# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/ipsec.sh: IPsec helpers for the ipsecdp selftests, on top of
# lib.sh (sourced here). Usage in a test:
#
#	. "$(dirname "$0")/../lib/ipsec.sh"
#	topo_setup                    # A 10.0.0.1 <-> wire <-> B 10.0.0.2
#	ours_setup "$NS_A" "$IP_A" "$IP_B" 0x100 0x200 "$K1" "$K2"
#	xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x200 0x100 "$K2" "$K1"
#	cap_start; ping_ok "$NS_A" "$IP_B" 3; cap_stop; cap_check_esp
#
# Topology (names unique per test run, suffix $SFX, default $$):
#
#   netns A (NS_A)            netns W (NS_W, "the wire")        netns B (NS_B)
#   IF_A 10.0.0.1/24 ---- WA_IF  [bridge BR_W]  WB_IF ---- IF_B 10.0.0.2/24
#
# W only forwards frames (a bridge, no addresses, no IPsec): a capture on
# its bridge (cap_start) sees exactly what travels between the hosts,
# whatever either side does with decrypted packets. If the bridge cannot be
# created, A and B are connected directly and captures are taken on IF_A.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SFX=${SFX:-$$}
NS_A=ipA-$SFX
NS_B=ipB-$SFX
NS_W=ipW-$SFX
IF_A=ea$SFX
IF_B=eb$SFX
WA_IF=wa$SFX
WB_IF=wb$SFX
BR_W=br$SFX
IP_A=10.0.0.1
IP_B=10.0.0.2
GCM='rfc4106(gcm(aes))'
PYDIR=$REPO/selftests/py
export PYTHONDONTWRITEBYTECODE=1

# Scratch directory (the VM's /tmp is a private tmpfs)
T=$(mktemp -d /tmp/ipsecdp-test.XXXXXX) || ksft_fail "mktemp failed"
add_cleanup "rm -rf '$T'"

# --- running commands ---------------------------------------------------------

# run NS CMD...: print "+ [NS] CMD" (quoted as a shell would need) and run it
run() {
	local ns=$1 q
	shift
	q=$(printf '%q ' "$@")
	if [ -z "$ns" ] || [ "$ns" = - ]; then
		log "+ ${q% }"
	else
		log "+ [${ns%%-*}] ${q% }"
	fi
	in_ns "$ns" "$@"
}

# ctl NS ARGS...: ipsecctl in NS (silent)
ctl() {
	local ns=$1
	shift
	in_ns "$ns" "$IPSECCTL" "$@"
}

# ctl_ok NS ARGS...: print and run ipsecctl in NS; fail the test on error
ctl_ok() {
	local ns=$1 out rc
	shift
	log "+ [${ns%%-*}] ipsecctl $(printf '%q ' "$@")"
	out=$(in_ns "$ns" "$IPSECCTL" "$@" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
	[ $rc = 0 ] || ksft_fail "ipsecctl $* (netns $ns) exited with $rc"
}

# ok_run NS CMD...: print and run CMD in NS; fail the test on error
ok_run() {
	run "$@" || ksft_fail "command failed (rc $?): ${*:2}"
}

# rand_key BYTES: a random 0x-prefixed hex key
rand_key() {
	printf '0x%s' "$(head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n')"
}

need_ipsecctl() {
	[ -x "$IPSECCTL" ] || ksft_fail "ipsecctl not built: $IPSECCTL"
	"$IPSECCTL" stats >/dev/null 2>&1 ||
		ksft_fail "'ipsecctl stats' fails (module not loaded?): $("$IPSECCTL" stats 2>&1 | head -3)"
}

# need_xfrm: the kernel's own ESP (peer side)
need_xfrm() {
	need_mod esp4 xfrm_user
	modprobe -q gcm 2>/dev/null
	return 0
}

# need_vectors: set VEC to the published ESP vectors (tests 15, 23):
# $ESP_VECTORS, which selftests/vm/run-vm.sh passes into the VM, else
# shared/vectors/esp-published.json beside the repository (where CI puts
# it). Without them the test fails: known-answer tests that skip in CI
# test nothing. IPSECDP_VECTORS_OPTIONAL=1 makes it a skip, for a clone
# without shared/, except when CI=true.
need_vectors() {
	VEC=${ESP_VECTORS:-$REPO/../shared/vectors/esp-published.json}
	if [ ! -f "$VEC" ]; then
		log "################################################################"
		log "### $VEC NOT FOUND: the known-answer vectors cannot be checked"
		log "### (CI places shared/ beside the repository clone; ESP_VECTORS=FILE"
		log "### names another copy; IPSECDP_VECTORS_OPTIONAL=1 skips instead)"
		log "################################################################"
		[ "${IPSECDP_VECTORS_OPTIONAL:-0}" = 1 ] && [ "${CI:-}" != true ] &&
			ksft_skip "ESP vectors file $VEC not found"
		ksft_fail "ESP vectors file $VEC not found"
	fi
	log "vectors: $VEC"
}

# --- topology -----------------------------------------------------------------

WIRE=0
topo_setup() {
	ns_create "$NS_A"
	ns_create "$NS_B"
	ns_create "$NS_W"
	if ip -n "$NS_W" link add "$BR_W" type bridge 2>/dev/null; then
		WIRE=1
		ip -n "$NS_W" link set "$BR_W" up
		ip link add "$IF_A" netns "$NS_A" type veth peer name "$WA_IF" netns "$NS_W" &&
			ip link add "$IF_B" netns "$NS_B" type veth peer name "$WB_IF" netns "$NS_W" ||
			ksft_fail "cannot create veth pairs"
		ip -n "$NS_W" link set "$WA_IF" master "$BR_W" up
		ip -n "$NS_W" link set "$WB_IF" master "$BR_W" up
		_addrs "$NS_A" "$IF_A" "$IP_A/24"
		_addrs "$NS_B" "$IF_B" "$IP_B/24"
		ip -n "$NS_A" link set "$IF_A" up
		ip -n "$NS_B" link set "$IF_B" up
	else
		log "note: no bridge support: A and B connected directly, capturing on A's veth"
		veth_pair "$NS_A" "$IF_A" "$IP_A/24" "$NS_B" "$IF_B" "$IP_B/24"
	fi
	# TOPO_GRO=on: GRO at A's and B's interfaces (a veth's default is
	# off, a NIC's on), so that decrypted packets go through core/gro.c
	if [ "${TOPO_GRO:-}" = on ]; then
		in_ns "$NS_A" ethtool -K "$IF_A" gro on >/dev/null &&
			in_ns "$NS_B" ethtool -K "$IF_B" gro on >/dev/null ||
			ksft_fail "cannot turn GRO on (TOPO_GRO=on)"
		log "GRO on at $IF_A and $IF_B"
	fi
	# cleartext connectivity before any IPsec configuration (fills ARP)
	wait_for -t 30 in_ns "$NS_A" ping -c1 -W1 "$IP_B" ||
		ksft_fail "no connectivity between the namespaces before IPsec setup"
	log "topology: $NS_A ($IF_A $IP_A) <-> ${NS_W} <-> $NS_B ($IF_B $IP_B)"
}

# --- IPsec configuration ------------------------------------------------------

# ours_setup NS LOCAL REMOTE SPI_OUT SPI_IN KEY_OUT KEY_IN [REPLAY_WINDOW [ICV]]
# ipsecdp transport-mode ESP between LOCAL and REMOTE: an outbound and an
# inbound AES-GCM SA, an out policy protecting everything LOCAL->REMOTE with
# the SA of SPI_OUT and an in policy requiring ESP for REMOTE->LOCAL.
ours_setup() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 ko=$6 ki=$7 rw=${8:-32} icv=${9:-128}
	ctl_ok "$ns" sa add src "$l" dst "$r" proto esp spi "$so" mode transport \
		aead "$GCM" "$ko" "$icv" replay-window "$rw"
	ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "$si" mode transport \
		aead "$GCM" "$ki" "$icv" replay-window "$rw"
	ctl_ok "$ns" policy add src "$l/32" dst "$r/32" dir out \
		tmpl proto esp mode transport spi "$so"
	ctl_ok "$ns" policy add src "$r/32" dst "$l/32" dir in \
		tmpl proto esp mode transport
}

ours_flush() {
	ctl "$1" policy flush
	ctl "$1" sa flush
}

# xfrm_setup NS LOCAL REMOTE SPI_OUT SPI_IN KEY_OUT KEY_IN [REPLAY_WINDOW]
# The same with the kernel's XFRM (ip xfrm), as the reference peer.
xfrm_setup() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 ko=$6 ki=$7 rw=${8:-32}
	ok_run "$ns" ip xfrm state add src "$l" dst "$r" proto esp spi "$so" \
		reqid 1 mode transport aead "$GCM" "$ko" 128 replay-window "$rw"
	ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp spi "$si" \
		reqid 1 mode transport aead "$GCM" "$ki" 128 replay-window "$rw"
	ok_run "$ns" ip xfrm policy add src "$l/32" dst "$r/32" dir out \
		tmpl src "$l" dst "$r" proto esp reqid 1 mode transport
	ok_run "$ns" ip xfrm policy add src "$r/32" dst "$l/32" dir in \
		tmpl src "$r" dst "$l" proto esp reqid 1 mode transport
}

xfrm_flush() {
	ip -n "$1" xfrm policy flush
	ip -n "$1" xfrm state flush
}

# xfrm_stat NS NAME: a /proc/net/xfrm_stat counter (NAME without "Xfrm")
xfrm_stat() {
	in_ns "$1" cat /proc/net/xfrm_stat | awk -v n="Xfrm$2" '$1 == n { print $2 }'
}

# check_xfrm_clean NS [NAME...]: the XFRM peer in NS counted no error
# (InStateProtoError InNoStates InTmplMismatch, and any NAME given)
check_xfrm_clean() {
	local ns=$1 c
	shift
	for c in InStateProtoError InNoStates InTmplMismatch "$@"; do
		check_eq "XFRM peer Xfrm$c" "$(xfrm_stat "$ns" "$c")" 0
	done
}

# --- counters -----------------------------------------------------------------

# snmp NS PROTO FIELD: a /proc/net/snmp counter of NS (e.g. Icmp InEchos)
snmp() {
	in_ns "$1" awk -v p="$2:" -v f="$3" '$1 == p {
		if (!h) { for (i = 2; i <= NF; i++) if ($i == f) c = i; h = 1 }
		else { print $c; exit } }' /proc/net/snmp
}

# stats_dump NS: print `ipsecctl stats` of NS, non-zero counters only
stats_dump() {
	log "ipsecctl stats in ${1%%-*} (non-zero):"
	ctl "$1" stats | awk '$2 != 0 { printf "    %s %s\n", $1, $2 }'
}

# _cmp GOT WANT: WANT is N, >=N or >N
_cmp() {
	case $2 in
	'>='*) [ "$1" -ge "${2#>=}" ] ;;
	'>'*) [ "$1" -gt "${2#>}" ] ;;
	*) [ "$1" = "$2" ] ;;
	esac
}

_counter_is() {
	local v
	v=$(counter "$1" "$2")
	[ -n "$v" ] && _cmp "$v" "$3"
}

# wait_counter NS NAME WANT [SECONDS]: poll `ipsecctl stats` until NAME
# matches WANT (N, >=N, >N; default 5 s), then check it (fails the test)
wait_counter() {
	wait_for -t "${4:-10}" _counter_is "$1" "$2" "$3"
	check_counter "$1" "$2" "$3"
}

# monitor_start NS PREFIX: `ipsecctl monitor` in NS into PREFIX.txt and
# `ipsecctl -j monitor` into PREFIX.json, until the test ends; returns
# once both report events (a throw-away SA added and deleted)
monitor_start() {
	local ns=$1 mon=$2 k
	ip netns exec "$ns" "$IPSECCTL" monitor >"$mon.txt" 2>&1 &
	add_cleanup "kill $! 2>/dev/null"
	ip netns exec "$ns" "$IPSECCTL" -j monitor >"$mon.json" 2>&1 &
	add_cleanup "kill $! 2>/dev/null"
	sleep 0.5
	for k in 1 2 3 4 5 6; do
		ctl "$ns" sa add src 10.0.0.9 dst 10.0.0.8 proto esp spi 0xdead \
			mode transport aead "$GCM" "$(rand_key 20)" 128
		ctl "$ns" sa del src 10.0.0.9 dst 10.0.0.8 proto esp spi 0xdead
		wait_for -t 5 grep -q "sa add.* spi 0x0000dead" "$mon.txt" &&
			wait_for -t 5 grep -q '"sa_add"' "$mon.json" && return
	done
	ksft_fail "ipsecctl monitor does not report events"
}

# sa_field NS SPI FIELD: a per-SA value of `ipsecctl -j sa list` (the
# "stats" keys: in_packets in_bytes out_packets out_bytes replay
# integrity_failed, or a top-level key such as seq_in)
sa_field() {
	ctl "$1" -j sa list | "$PY" "$PYDIR/sajson.py" "$2" "$3"
}

_sa_field_is() {
	local v
	v=$(sa_field "$1" "$2" "$3" 2>/dev/null)
	[ -n "$v" ] && _cmp "$v" "$4"
}

# check_sa_field NS SPI FIELD WANT [SECONDS]: poll, then fail unless it matches
check_sa_field() {
	local v
	wait_for -t "${5:-10}" _sa_field_is "$@"
	v=$(sa_field "$1" "$2" "$3") ||
		ksft_fail "cannot read $3 of SA spi $2 from 'ipsecctl -j sa list'"
	_cmp "$v" "$4" ||
		ksft_fail "SA spi $2 (netns ${1%%-*}): $3 = $v, expected $4"
	log "ok: SA spi $2 $3 = $v ($4)"
}

# --- traffic ------------------------------------------------------------------

# ping_ok NS DST COUNT: all COUNT echo requests answered
ping_ok() {
	local out rcvd
	log "+ [${1%%-*}] ping -c $3 $2"
	out=$(in_ns "$1" ping -n -c "$3" -i 0.2 -W 3 "$2" 2>&1)
	rcvd=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	printf '%s\n' "$out" | tail -2 | sed 's/^/    /'
	[ "${rcvd:-0}" = "$3" ] ||
		ksft_fail "ping $2 from ${1%%-*}: ${rcvd:-0}/$3 replies"
	log "ok: ping ${1%%-*} -> $2: $3/$3 replies"
}

# ping_fails NS DST COUNT: no echo request answered
ping_fails() {
	local out rcvd
	log "+ [${1%%-*}] ping -c $3 $2 (must fail)"
	out=$(in_ns "$1" ping -n -c "$3" -i 0.2 -W 1 "$2" 2>&1)
	rcvd=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	[ "${rcvd:-0}" = 0 ] ||
		ksft_fail "ping $2 from ${1%%-*} got $rcvd replies, expected none"
	log "ok: ping ${1%%-*} -> $2: no reply"
}

_listening() {
	in_ns "$1" ss -Hltn "sport = :$2" | grep -q .
}

# tcp_xfer FROM_NS TO_NS TO_IP MIB [PORT]: send MIB MiB of random data over
# TCP and compare sha256 sums; prints the throughput
tcp_xfer() {
	local from=$1 to=$2 ip=$3 mib=$4 port=${5:-5001} lpid t0 t1 ms s d
	local f=4 dst="TCP:$ip:$port"
	case $ip in *:*) f=6 dst="TCP6:[$ip]:$port" ;; esac
	head -c "${mib}M" /dev/urandom >"$T/src" || ksft_fail "cannot create $T/src"
	rm -f "$T/dst"
	in_ns "$to" timeout 330 socat -u "TCP$f-LISTEN:$port,reuseaddr" \
		"OPEN:$T/dst,creat,trunc" &
	lpid=$!
	wait_for -t 60 _listening "$to" "$port" ||
		ksft_fail "socat did not listen on port $port in ${to%%-*}"
	log "+ [${from%%-*}] socat -u OPEN:src $dst   (${mib} MiB)"
	t0=$(date +%s%N)
	in_ns "$from" timeout 300 socat -u "OPEN:$T/src" "$dst" ||
		{ kill "$lpid" 2>/dev/null; ksft_fail "TCP transfer ${from%%-*} -> $ip failed or timed out"; }
	wait "$lpid" || ksft_fail "receiver in ${to%%-*} failed"
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	s=$(sha256sum <"$T/src" | cut -d' ' -f1)
	d=$(sha256sum <"$T/dst" | cut -d' ' -f1)
	[ "$s" = "$d" ] ||
		ksft_fail "TCP ${from%%-*} -> ${to%%-*}: data differs ($(stat -c %s "$T/dst") of $(stat -c %s "$T/src") bytes received)"
	log "ok: TCP ${from%%-*} -> ${to%%-*}: ${mib} MiB intact in ${ms} ms ($((mib * 8 * 1000 / (ms > 0 ? ms : 1))) Mbit/s)"
}

# --- capture "on the wire" ----------------------------------------------------

CAP_PID=
CAP_FILE=

# cap_start [FILE]: capture everything between A and B (bridge in W)
cap_start() {
	local ns=$NS_W ifc=$BR_W
	CAP_FILE=${1:-$T/wire.pcap}
	if [ "$WIRE" != 1 ]; then
		ns=$NS_A
		ifc=$IF_A
	fi
	rm -f "$CAP_FILE" "$CAP_FILE.log"
	# not via in_ns: $! must be tcpdump itself (ip netns exec execs it)
	ip netns exec "$ns" tcpdump -Z root --immediate-mode -i "$ifc" -nn -U -B 8192 -s 256 \
		-w "$CAP_FILE" 2>"$CAP_FILE.log" &
	CAP_PID=$!
	add_cleanup "kill $CAP_PID 2>/dev/null"
	wait_for -t 60 grep -q 'listening on' "$CAP_FILE.log" ||
		ksft_fail "tcpdump did not start: $(cat "$CAP_FILE.log")"
}

cap_stop() {
	[ -n "$CAP_PID" ] || return 0
	sleep 0.5
	kill -TERM "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	CAP_PID=
}

# rx_cap_start: capture ESP headers at each host's own interface (the
# order in which each receiver got them), into $T/rxA.pcap and $T/rxB.pcap
RX_PIDS=()
rx_cap_start() {
	local pair ns ifc f
	for pair in "$NS_A:$IF_A:rxA" "$NS_B:$IF_B:rxB"; do
		IFS=: read -r ns ifc f <<<"$pair"
		rm -f "$T/$f.pcap"
		ip netns exec "$ns" tcpdump -Z root --immediate-mode -i "$ifc" -nn -U \
			-B 8192 -s 64 -Q in -w "$T/$f.pcap" esp 2>"$T/$f.pcap.log" &
		RX_PIDS+=($!)
		add_cleanup "kill $! 2>/dev/null"
		wait_for -t 60 grep -q 'listening on' "$T/$f.pcap.log" ||
			ksft_fail "tcpdump did not start: $(cat "$T/$f.pcap.log")"
	done
}

rx_cap_stop() {
	local p
	sleep 0.5
	for p in "${RX_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	RX_PIDS=()
}

# check_replay_drops NS FILE SRC DST WINDOW SEQERR0 [PROTO]: the
# InStateSeqError increase of receiver NS since SEQERR0 must match the
# arrival order of the ESP (PROTO ah: AH) packets SRC->DST captured at
# NS's interface (FILE): a window of WINDOW packets must drop duplicates
# and packets that arrive too late, and nothing else.
check_replay_drops() {
	local ns=$1 f=$2 src=$3 dst=$4 w=$5 base=$6 proto=${7:-esp} out exp dups got
	out=$("$PY" "$PYDIR/esp_seq.py" "$f" --src "$src" --dst "$dst" \
		--window "$w" --proto "$proto")
	printf '%s\n' "$out" | sed 's/^/    /'
	exp=$(awk '$1 == "expected_replay_drops" { print $2 }' <<<"$out")
	dups=$(awk '$1 == "duplicates" { print $2 }' <<<"$out")
	got=$(($(counter "$ns" InStateSeqError) - base))
	[ "$(cap_drops "$f")" = 0 ] ||
		log "note: capture $f lost $(cap_drops "$f") packets"
	log "InStateSeqError of ${ns%%-*}: +$got; the arrival order at its interface explains $exp ($dups duplicates)"
	[ "$got" -ge "$dups" ] ||
		ksft_fail "${ns%%-*} accepted duplicated ${proto^^} packets ($dups duplicates on its interface, $got replay drops)"
	[ "$got" -le "$exp" ] ||
		ksft_fail "${ns%%-*} dropped $got packets as replays, but their arrival order (window $w) explains only $exp"
	[ "$exp" = 0 ] ||
		log "note: $src -> $dst: the sender or the link reordered packets beyond the window ($exp)"
	log "ok: replay drops of ${ns%%-*} are justified by the arrival order"
}

# check_wire_order FILE SRC DST [PROTO]: ipsecdp's ESP (PROTO ah: AH)
# packets SRC -> DST of the capture FILE are in an order that a 32-packet
# replay window takes whole
check_wire_order() {
	local proto=${4:-esp} out exp
	out=$("$PY" "$PYDIR/esp_seq.py" "$1" --src "$2" --dst "$3" --window 32 \
		--proto "$proto")
	printf '%s\n' "$out" | sed 's/^/    /'
	exp=$(awk '$1 == "expected_replay_drops" { print $2 }' <<<"$out")
	check_eq "${proto^^} packets $2 -> $3 a 32-packet window would drop" "$exp" 0
}

# cap_drops [FILE]: packets the kernel dropped during the capture
cap_drops() {
	local n
	n=$(sed -n 's/^\([0-9]*\) packets* dropped by kernel.*/\1/p' "${1:-$CAP_FILE}.log" | tail -1)
	echo "${n:-unknown}"
}

# link_drops: packets dropped by any interface of the topology
link_drops() {
	local sum=0 pair ns ifc v f
	for pair in "$NS_A:$IF_A" "$NS_B:$IF_B" "$NS_W:$WA_IF" "$NS_W:$WB_IF" "$NS_W:$BR_W"; do
		ns=${pair%%:*} ifc=${pair#*:}
		for f in rx_dropped tx_dropped; do
			v=$(in_ns "$ns" cat "/sys/class/net/$ifc/statistics/$f" 2>/dev/null) || continue
			sum=$((sum + v))
		done
	done
	echo "$sum"
}

# cap_count FILTER [FILE]: packets of the capture matching a pcap filter
cap_count() {
	tcpdump -r "${2:-$CAP_FILE}" -nn "$1" 2>/dev/null | wc -l
}

# cap_check_esp [FILE]: ESP between the hosts was seen and no cleartext
# TCP/UDP/ICMP between them
cap_check_esp() {
	local f=${1:-$CAP_FILE} esp clear
	esp=$(cap_count "esp and host $IP_A and host $IP_B" "$f")
	clear=$(cap_count "not esp and host $IP_A and host $IP_B and (tcp or udp or icmp)" "$f")
	log "wire: $esp ESP packets, $clear cleartext TCP/UDP/ICMP packets between $IP_A and $IP_B"
	if [ "$clear" != 0 ]; then
		tcpdump -r "$f" -nn "not esp and host $IP_A and host $IP_B and (tcp or udp or icmp)" 2>/dev/null |
			head -5 | sed 's/^/    /'
		ksft_fail "cleartext traffic between the hosts on the wire"
	fi
	[ "$esp" -gt 0 ] || ksft_fail "no ESP on the wire"
	log "ok: only ESP on the wire"
	local frag
	frag=$(cap_count "esp and host $IP_A and host $IP_B and (ip[6:2] & 0x3fff != 0)" "$f")
	[ "$frag" = 0 ] ||
		log "note: $frag ESP packets on the wire are IP fragments (ESP longer than the MTU)"
}

# check_no_cleartext [FILE]: no cleartext TCP/UDP/ICMP between the hosts
check_no_cleartext() {
	local f=${1:-$CAP_FILE} clear
	clear=$(cap_count "not esp and host $IP_A and host $IP_B and (tcp or udp or icmp)" "$f")
	if [ "$clear" != 0 ]; then
		tcpdump -r "$f" -nn "not esp and host $IP_A and host $IP_B and (tcp or udp or icmp)" 2>/dev/null |
			head -5 | sed 's/^/    /'
		ksft_fail "cleartext traffic between the hosts on the wire"
	fi
	log "ok: no cleartext TCP/UDP/ICMP between the hosts on the wire"
}

# --- kernel log ---------------------------------------------------------------

DMESG_MARK=
dmesg_mark() {
	DMESG_MARK="ipsecdp-selftest-mark-$SFX-$RANDOM"
	echo "$DMESG_MARK" >/dev/kmsg 2>/dev/null || DMESG_MARK=
}

# dmesg_since_mark: kernel log lines after dmesg_mark
dmesg_since_mark() {
	if [ -n "$DMESG_MARK" ]; then
		dmesg | sed -n "/$DMESG_MARK/,\$p" | tail -n +2
	else
		dmesg
	fi
}

# check_dmesg_clean: no WARNING/BUG/leak/oops since dmesg_mark
check_dmesg_clean() {
	local bad
	bad=$(dmesg_since_mark | grep -E 'WARNING|BUG|[Ll]eak|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption' |
		grep -v 'ipsecdp-selftest-mark')
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad" | head -20 | sed 's/^/    /'
		ksft_fail "kernel log shows problems"
	fi
	log "ok: kernel log clean"
}

# gcm_exchange PEER BITS SPI_AB SPI_BA RW: the traffic run of tests 10 and
# 11. A (ipsecdp) and B (PEER: "xfrm" or "ours") get fresh AES-GCM-BITS
# transport SAs (SPI_AB for A -> B) with a replay window of RW; then ping
# and $MIB MiB of TCP each way while the cable and both receivers are
# captured. Checks: only ESP on the wire, every anti-replay drop in A
# (and in B when it is ours) explained by the order packets arrived in,
# no sequence number sent twice by A. Sets GX_IN0/GX_OUT0 (A's InPackets,
# OutPackets before), GX_BSQ0 (B's InStateSeqError before) and GX_BIN0
# (B's InPackets before, when B is ours).
gcm_exchange() {
	local peer=$1 bits=$2 spi_ab=$3 spi_ba=$4 rw=$5 kab kba sqa0 dup
	kab=$(rand_key $((bits / 8 + 4)))	# A -> B (key || salt)
	kba=$(rand_key $((bits / 8 + 4)))	# B -> A
	ours_setup "$NS_A" "$IP_A" "$IP_B" "$spi_ab" "$spi_ba" "$kab" "$kba" "$rw"
	"${peer}_setup" "$NS_B" "$IP_B" "$IP_A" "$spi_ba" "$spi_ab" "$kba" "$kab" "$rw"
	ctl_ok "$NS_A" sa list
	ctl_ok "$NS_A" policy list

	# global counters are cumulative per namespace: compare to the start
	GX_IN0=$(counter "$NS_A" InPackets)
	GX_OUT0=$(counter "$NS_A" OutPackets)
	[ -n "$GX_IN0" ] && [ -n "$GX_OUT0" ] ||
		ksft_fail "no InPackets/OutPackets in ipsecctl stats"
	sqa0=$(counter "$NS_A" InStateSeqError)
	if [ "$peer" = ours ]; then
		GX_BIN0=$(counter "$NS_B" InPackets)
		GX_BSQ0=$(counter "$NS_B" InStateSeqError)
	else
		GX_BSQ0=$(xfrm_stat "$NS_B" InStateSeqError)
	fi
	cap_start "$T/wire-$bits.pcap"
	rx_cap_start
	ping_ok "$NS_A" "$IP_B" 3
	ping_ok "$NS_B" "$IP_A" 3
	tcp_xfer "$NS_A" "$NS_B" "$IP_B" "$MIB" 5001
	tcp_xfer "$NS_B" "$NS_A" "$IP_A" "$MIB" 5002
	cap_stop
	rx_cap_stop
	cap_check_esp
	# anti-replay drops must be explained by the order packets arrived in
	check_replay_drops "$NS_A" "$T/rxA.pcap" "$IP_B" "$IP_A" "$rw" "$sqa0"
	if [ "$peer" = ours ]; then
		check_replay_drops "$NS_B" "$T/rxB.pcap" "$IP_A" "$IP_B" "$rw" "$GX_BSQ0"
	fi
	# an ipsecdp sender never reuses a sequence number
	dup=$("$PY" "$PYDIR/esp_seq.py" "$T/rxB.pcap" --src "$IP_A" --dst "$IP_B" |
		awk '$1 == "duplicates" { print $2 }')
	check_eq "duplicated sequence numbers sent by A (ipsecdp)" "$dup" 0
}

# topo_v6: after topo_setup, IPv6 addresses IP6_A/IP6_B on the A-B link
topo_v6() {
	IP6_A=fd00::1
	IP6_B=fd00::2
	ip -n "$NS_A" addr add "$IP6_A/64" dev "$IF_A" nodad
	ip -n "$NS_B" addr add "$IP6_B/64" dev "$IF_B" nodad
	wait_for -t 30 in_ns "$NS_A" ping -c1 -W1 "$IP6_B" ||
		ksft_fail "no IPv6 connectivity"
}

# pair_dual MODE PROTO RW [PEER]: flush, then SAs and policies protecting
# every packet between A (ipsecdp) and B (PEER: xfrm, the default, or
# ours for ipsecdp) for IPv4 (SPIs 0x100 A -> B, 0x101 B -> A) and IPv6
# (0x110, 0x111): PROTO esp (AES-GCM-128) or ah (hmac(sha256), 128
# bits), MODE transport or tunnel, replay window RW
pair_dual() {
	local m=$1 p=$2 rw=$3 peer=${4:-xfrm} spi=$((0x100)) l r pl k1 k2 ta tb
	local w1 w2 ns ours=("$NS_A")
	[ "$peer" = ours ] && ours+=("$NS_B")
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
	for pair in "$IP_A $IP_B 32" "$IP6_A $IP6_B 128"; do
		read -r l r pl <<<"$pair"
		if [ "$p" = ah ]; then
			k1=$(rand_key 32)
			k2=$(rand_key 32)
			w1=(auth-trunc 'hmac(sha256)' "$k1" 128)
			w2=(auth-trunc 'hmac(sha256)' "$k2" 128)
		else
			k1=$(rand_key 20)
			k2=$(rand_key 20)
			w1=(aead "$GCM" "$k1" 128)
			w2=(aead "$GCM" "$k2" 128)
		fi
		ta=() tb=()
		[ "$m" = tunnel ] && ta=(src "$l" dst "$r") tb=(src "$r" dst "$l")
		for ns in "${ours[@]}"; do
			ctl_ok "$ns" sa add src "$l" dst "$r" proto "$p" spi $spi \
				mode "$m" "${w1[@]}" replay-window "$rw"
			ctl_ok "$ns" sa add src "$r" dst "$l" proto "$p" \
				spi $((spi + 1)) mode "$m" "${w2[@]}" replay-window "$rw"
		done
		ctl_ok "$NS_A" policy add src "$l/$pl" dst "$r/$pl" dir out \
			tmpl "${ta[@]}" proto "$p" mode "$m" spi $spi
		ctl_ok "$NS_A" policy add src "$r/$pl" dst "$l/$pl" dir in \
			tmpl "${tb[@]}" proto "$p" mode "$m"
		if [ "$peer" = ours ]; then
			ctl_ok "$NS_B" policy add src "$r/$pl" dst "$l/$pl" dir out \
				tmpl "${tb[@]}" proto "$p" mode "$m" spi $((spi + 1))
			ctl_ok "$NS_B" policy add src "$l/$pl" dst "$r/$pl" dir in \
				tmpl "${ta[@]}" proto "$p" mode "$m"
		else
			ok_run "$NS_B" ip xfrm state add src "$l" dst "$r" proto "$p" \
				spi $spi reqid 1 mode "$m" "${w1[@]}" replay-window "$rw"
			ok_run "$NS_B" ip xfrm state add src "$r" dst "$l" proto "$p" \
				spi $((spi + 1)) reqid 1 mode "$m" "${w2[@]}" \
				replay-window "$rw"
			ok_run "$NS_B" ip xfrm policy add src "$r/$pl" dst "$l/$pl" \
				dir out tmpl src "$r" dst "$l" proto "$p" reqid 1 mode "$m"
			ok_run "$NS_B" ip xfrm policy add src "$l/$pl" dst "$r/$pl" \
				dir in tmpl src "$l" dst "$r" proto "$p" reqid 1 mode "$m"
		fi
		spi=$((spi + 16))
	done
}
