# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/matrix.sh: helpers for the ESP interoperability matrix
# (tests 20-29): algorithm x mode x address family x pairing, one
# topology per test file. On top of ipsec.sh (sourced here).
#
#	. "$(dirname "$0")/../lib/matrix.sh"
#	mx_topo
#	mx_combo gcm128 tunnel ipv6 ours-xfrm	# one line "ok ..." / "FAIL ..."
#	mx_done "what passed"			# fails if any combination failed
#
# Topology: ipsec.sh's A <-> W (bridge) <-> B, plus IPv6 on the wire and
# "inner" addresses on lo for tunnel mode, static neighbours (no ARP/ND on
# the wire, so a capture shows only what the hosts' IP layers sent):
#
#   A: IF_A 10.0.0.1/24 fd00::1/64, lo 10.1.0.1 fd01::1
#   B: IF_B 10.0.0.2/24 fd00::2/64, lo 10.2.0.1 fd02::1
#
# Transport mode protects A's and B's wire addresses; tunnel mode protects
# the lo addresses (routed via the peer) inside ESP between the wire
# addresses. Families: ipv4, ipv6, 4in6 (IPv4 inside IPv6), 6in4.
# Pairings (A always runs ipsecdp):
#   ours-xfrm   B runs XFRM, A initiates (pings A->B first, TCP A->B)
#   xfrm-ours   B runs XFRM, B initiates (pings B->A first, TCP B->A)
#   ours-ours   B runs ipsecdp too, A initiates

. "$(dirname "${BASH_SOURCE[0]}")/ipsec.sh"

IP6_A=fd00::1
IP6_B=fd00::2
IN4_A=10.1.0.1
IN4_B=10.2.0.1
IN6_A=fd01::1
IN6_B=fd02::1
MX_RW=${MX_RW:-1024}		# replay window: TCG reorders (see test 10)
MX_KIB=${MX_KIB:-256}		# TCP transfer size per combination
MX_PINGS=${MX_PINGS:-2}
MX_N=0				# combinations run
MX_FAILED=()			# names of the failed ones
MX_SPI=$((0x10000))

# counters that must not move while a combination runs (InStateSeqError
# may: bulk TCP is reordered by the emulated CPUs, see test 10)
MX_ERRS="InError InBufferError InHdrError InNoStates InStateProtoError
InStateModeError InStateExpired InTmplMismatch InNoPols InPolBlock
OutError OutNoStates OutStateProtoError OutStateSeqError OutStateExpired
OutPolBlock"
MX_XFRM_ERRS="InError InHdrError InNoStates InStateProtoError
InStateModeError InTmplMismatch InNoPols OutNoStates OutStateProtoError"

# _mac NS IF: the interface's MAC address
_mac() { in_ns "$1" cat "/sys/class/net/$2/address"; }

# mx_topo: ipsec.sh's topology plus IPv6, inner addresses, static
# neighbours and routes to the peer's inner addresses
mx_topo() {
	need_cmd socat tcpdump ss sha256sum
	need_ipsecctl
	need_xfrm
	need_mod esp6
	topo_setup
	local ma mb
	_addrs "$NS_A" "$IF_A" "$IP6_A/64"
	_addrs "$NS_B" "$IF_B" "$IP6_B/64"
	_addrs "$NS_A" lo "$IN4_A/32,$IN6_A/128"
	_addrs "$NS_B" lo "$IN4_B/32,$IN6_B/128"
	ma=$(_mac "$NS_A" "$IF_A")
	mb=$(_mac "$NS_B" "$IF_B")
	ip -n "$NS_A" neigh replace "$IP_B" lladdr "$mb" dev "$IF_A" nud permanent &&
		ip -n "$NS_A" neigh replace "$IP6_B" lladdr "$mb" dev "$IF_A" nud permanent &&
		ip -n "$NS_B" neigh replace "$IP_A" lladdr "$ma" dev "$IF_B" nud permanent &&
		ip -n "$NS_B" neigh replace "$IP6_A" lladdr "$ma" dev "$IF_B" nud permanent ||
		ksft_fail "cannot add static neighbours"
	ip -n "$NS_A" route add "$IN4_B/32" via "$IP_B" src "$IN4_A" &&
		ip -n "$NS_A" -6 route add "$IN6_B/128" via "$IP6_B" src "$IN6_A" &&
		ip -n "$NS_B" route add "$IN4_A/32" via "$IP_A" src "$IN4_B" &&
		ip -n "$NS_B" -6 route add "$IN6_A/128" via "$IP6_A" src "$IN6_B" ||
		ksft_fail "cannot add routes to the inner addresses"
	wait_for -t 10 in_ns "$NS_A" ping -c1 -W1 "$IP6_B" ||
		ksft_fail "no IPv6 connectivity before IPsec setup"
	in_ns "$NS_A" ping -c1 -W2 "$IN4_B" >/dev/null &&
		in_ns "$NS_A" ping -c1 -W2 "$IN6_B" >/dev/null ||
		ksft_fail "inner addresses not reachable before IPsec setup"
	log "topology: A $IP_A $IP6_A (inner $IN4_A $IN6_A) <-> B $IP_B $IP6_B (inner $IN4_B $IN6_B)"
}

# mx_alg NAME: set MX_W_AB / MX_W_BA (algorithm words, fresh random keys,
# the same for ipsecctl and ip xfrm) and MX_FLAGS (extra SA words)
MX_ALGS="gcm128 gcm192-icv96 gcm256-icv64 gmac chacha cbc-sha1 cbc-sha256-esn
cbc-sha384 cbc-sha512 null-sha256 cbc-only"
mx_alg() {
	local d w
	MX_FLAGS=()
	for d in AB BA; do
		case $1 in
		gcm128) w=(aead 'rfc4106(gcm(aes))' "$(rand_key 20)" 128) ;;
		gcm192-icv96) w=(aead 'rfc4106(gcm(aes))' "$(rand_key 28)" 96) ;;
		gcm256-icv64) w=(aead 'rfc4106(gcm(aes))' "$(rand_key 36)" 64) ;;
		gmac) w=(aead 'rfc4543(gcm(aes))' "$(rand_key 20)" 128) ;;
		chacha) w=(aead 'rfc7539esp(chacha20,poly1305)' "$(rand_key 36)" 128) ;;
		cbc-sha1) w=(enc 'cbc(aes)' "$(rand_key 16)"
			auth-trunc 'hmac(sha1)' "$(rand_key 20)" 96) ;;
		cbc-sha256-esn) w=(enc 'cbc(aes)' "$(rand_key 32)"
			auth-trunc 'hmac(sha256)' "$(rand_key 32)" 128)
			MX_FLAGS=(flag esn) ;;
		cbc-sha384) w=(enc 'cbc(aes)' "$(rand_key 24)"
			auth-trunc 'hmac(sha384)' "$(rand_key 48)" 192) ;;
		cbc-sha512) w=(enc 'cbc(aes)' "$(rand_key 32)"
			auth-trunc 'hmac(sha512)' "$(rand_key 64)" 256) ;;
		null-sha256) w=(enc 'ecb(cipher_null)' ""
			auth-trunc 'hmac(sha256)' "$(rand_key 32)" 128) ;;
		cbc-only) w=(enc 'cbc(aes)' "$(rand_key 16)") ;;
		*) ksft_fail "mx_alg: unknown algorithm $1" ;;
		esac
		if [ $d = AB ]; then MX_W_AB=("${w[@]}"); else MX_W_BA=("${w[@]}"); fi
	done
}

# mx_addrs MODE FAM: set OA OB (outer = wire addresses of A and B), IA IB
# (protected = inner addresses), PL (inner prefix length), SEL (the XFRM
# state selector words a mixed-family tunnel needs), PING (ping command)
mx_addrs() {
	local mode=$1 fam=$2 of inf
	case $fam in
	ipv4) of=4 inf=4 ;;
	ipv6) of=6 inf=6 ;;
	4in6) of=6 inf=4 ;;
	6in4) of=4 inf=6 ;;
	*) ksft_fail "mx_addrs: unknown family $fam" ;;
	esac
	[ "$mode" = transport ] && [ $of != $inf ] &&
		ksft_fail "mx_addrs: transport mode has no $fam"
	if [ $of = 4 ]; then OA=$IP_A OB=$IP_B; else OA=$IP6_A OB=$IP6_B; fi
	SEL=()
	if [ "$mode" = transport ]; then
		IA=$OA IB=$OB
	elif [ $inf = 4 ]; then
		IA=$IN4_A IB=$IN4_B
	else
		IA=$IN6_A IB=$IN6_B
	fi
	if [ $inf = 4 ]; then
		PL=32 MX_INF=4
		[ $of = 6 ] && SEL=(sel src 0.0.0.0/0 dst 0.0.0.0/0)
	else
		PL=128 MX_INF=6
		[ $of = 4 ] && SEL=(sel src ::/0 dst ::/0)
	fi
}

# mx_ours NS L R IL IR SPI_OUT SPI_IN: ipsecdp SAs + out/in policies in NS
# (uses MODE, PL, MX_W_OUT/MX_W_IN, MX_FLAGS); fails the (sub)shell on error
mx_ours() {
	local ns=$1 l=$2 r=$3 il=$4 ir=$5 so=$6 si=$7 t_out=() t_in=()
	local rw=$MX_RW
	# no integrity, no anti-replay (RFC 4303 3.4.3): ipsecdp refuses it
	case " ${MX_W_OUT[*]} " in *" aead "* | *" auth"*) ;; *) rw=0 ;; esac
	if [ "$MODE" = tunnel ]; then
		t_out=(src "$l" dst "$r")
		t_in=(src "$r" dst "$l")
	fi
	ctl_ok "$ns" sa add src "$l" dst "$r" proto esp spi "$so" mode "$MODE" \
		"${MX_W_OUT[@]}" replay-window "$rw" "${MX_FLAGS[@]}"
	ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "$si" mode "$MODE" \
		"${MX_W_IN[@]}" replay-window "$rw" "${MX_FLAGS[@]}"
	ctl_ok "$ns" policy add src "$il/$PL" dst "$ir/$PL" dir out \
		tmpl "${t_out[@]}" proto esp mode "$MODE" spi "$so"
	ctl_ok "$ns" policy add src "$ir/$PL" dst "$il/$PL" dir in \
		tmpl "${t_in[@]}" proto esp mode "$MODE"
}

# mx_xfrm NS L R IL IR SPI_OUT SPI_IN: the same with ip xfrm
mx_xfrm() {
	local ns=$1 l=$2 r=$3 il=$4 ir=$5 so=$6 si=$7
	ok_run "$ns" ip xfrm state add src "$l" dst "$r" proto esp spi "$so" \
		reqid 1 mode "$MODE" "${MX_W_OUT[@]}" replay-window "$MX_RW" \
		"${MX_FLAGS[@]}" "${SEL[@]}"
	ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp spi "$si" \
		reqid 1 mode "$MODE" "${MX_W_IN[@]}" replay-window "$MX_RW" \
		"${MX_FLAGS[@]}" "${SEL[@]}"
	ok_run "$ns" ip xfrm policy add src "$il/$PL" dst "$ir/$PL" dir out \
		tmpl src "$l" dst "$r" proto esp reqid 1 mode "$MODE"
	ok_run "$ns" ip xfrm policy add src "$ir/$PL" dst "$il/$PL" dir in \
		tmpl src "$r" dst "$l" proto esp reqid 1 mode "$MODE"
}

# mx_errs NS: "Name value" of the error counters of ipsecdp in NS
mx_errs() {
	ctl "$1" stats | awk -v l="$MX_ERRS" 'BEGIN { n = split(l, a); for (i = 1; i <= n; i++) w[a[i]] = 1 }
		($1 in w) { print $1, $2 }'
}

# mx_xerrs NS: the same from /proc/net/xfrm_stat (XFRM peer)
mx_xerrs() {
	in_ns "$1" cat /proc/net/xfrm_stat | awk -v l="$MX_XFRM_ERRS" \
		'BEGIN { n = split(l, a); for (i = 1; i <= n; i++) w["Xfrm" a[i]] = 1 }
		($1 in w) { print $1, $2 }'
}

# mx_errs_same WHAT BEFORE AFTER: fail listing the counters that moved
mx_errs_same() {
	local d
	d=$(join <(sort <<<"$2") <(sort <<<"$3") | awk '$2 != $3 { printf " %s %d->%d", $1, $2, $3 }')
	[ -z "$d" ] || ksft_fail "$1 error counters moved:$d"
	log "ok: $1 error counters unchanged"
}

# mx_sa_check NS "SPI FIELD WANT"...: per-SA stats of `ipsecctl -j sa
# list` in NS (one python run); WANT is N or >N; fails listing mismatches
mx_sa_check() {
	local ns=$1 out
	shift
	out=$(ctl "$ns" -j sa list | "$PY" -c '
import json, sys
sas = json.load(sys.stdin)
def spi(x):
    return int(x, 0) if isinstance(x, str) else x
bad = 0
for arg in sys.argv[1:]:
    s, f, w = arg.split()
    sa = [a for a in sas if spi(a.get("spi")) == int(s, 0)]
    v = sa[0].get("stats", {}).get(f) if sa else None
    ok = v is not None and (v > int(w[1:]) if w[0] == ">" else v == int(w))
    bad += not ok
    print("%s: SA spi %#x %s = %s (%s)" % ("ok" if ok else "FAIL", int(s, 0), f, v, w))
sys.exit(1 if bad else 0)' "$@")
	local rc=$?
	printf '%s\n' "$out"
	[ $rc = 0 ] || ksft_fail "per-SA counters of ${ns%%-*} differ"
}

# mx_tcp FROM_NS TO_NS TO_IP FAMILY KIB PORT: TCP transfer, sha256 compared
mx_tcp() {
	local from=$1 to=$2 ip=$3 f=$4 kib=$5 port=$6 lpid s d t0 ms dst
	head -c "${kib}K" /dev/urandom >"$T/src" || ksft_fail "cannot create $T/src"
	rm -f "$T/dst"
	if [ "$f" = 6 ]; then dst="TCP6:[$ip]:$port"; else dst="TCP4:$ip:$port"; fi
	in_ns "$to" timeout 120 socat -u "TCP$f-LISTEN:$port,reuseaddr" \
		"OPEN:$T/dst,creat,trunc" &
	lpid=$!
	wait_for -t 60 _listening "$to" "$port" ||
		{ kill "$lpid" 2>/dev/null; ksft_fail "socat did not listen on port $port in ${to%%-*}"; }
	log "+ [${from%%-*}] socat -u OPEN:src $dst   (${kib} KiB)"
	t0=$(date +%s%N)
	in_ns "$from" timeout 30 socat -u "OPEN:$T/src" "$dst,connect-timeout=10" ||
		{ kill "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null
		  ksft_fail "TCP transfer ${from%%-*} -> $ip failed or timed out"; }
	wait "$lpid" || ksft_fail "receiver in ${to%%-*} failed (timeout?)"
	ms=$((($(date +%s%N) - t0) / 1000000))
	s=$(sha256sum <"$T/src" | cut -d' ' -f1)
	d=$(sha256sum <"$T/dst" | cut -d' ' -f1)
	[ "$s" = "$d" ] ||
		ksft_fail "TCP ${from%%-*} -> ${to%%-*}: data differs ($(stat -c %s "$T/dst") of $(stat -c %s "$T/src") bytes received)"
	log "ok: TCP ${from%%-*} -> $ip: ${kib} KiB intact (sha256) in ${ms} ms"
}

# mx_cap_check OA OB: ESP both ways between the outer addresses, and no
# cleartext TCP/UDP/ICMP (unicast) at all on the wire
mx_cap_check() {
	local ab ba clear f="not esp and (tcp or udp or icmp or (icmp6 and not ip6 multicast))"
	tcpdump -r "$CAP_FILE" -nn esp 2>/dev/null >"$T/esp.txt"
	ab=$(grep -c " $1 > $2: " "$T/esp.txt")
	ba=$(grep -c " $2 > $1: " "$T/esp.txt")
	tcpdump -r "$CAP_FILE" -nn "$f" 2>/dev/null >"$T/clear.txt"
	clear=$(wc -l <"$T/clear.txt")
	log "wire: ESP $1->$2 $ab, $2->$1 $ba, cleartext $clear (capture drops: $(cap_drops))"
	if [ "$clear" != 0 ]; then
		head -5 "$T/clear.txt" | sed 's/^/    /'
		ksft_fail "cleartext traffic on the wire"
	fi
	[ "$ab" -gt 0 ] && [ "$ba" -gt 0 ] || ksft_fail "no ESP on the wire in one direction"
	log "ok: only ESP on the wire"
}

# _mx_body ALG MODE FAM PAIR: one combination (runs in a subshell: any
# ksft_fail ends just this combination)
_mx_body() {
	local alg=$1 pair=$4 sab sba init resp iip rip e0a e0b x0
	MODE=$2
	mx_addrs "$2" "$3"
	mx_alg "$alg"
	sab=$MX_SPI sba=$((MX_SPI + 1))
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
	MX_W_OUT=("${MX_W_AB[@]}") MX_W_IN=("${MX_W_BA[@]}")
	mx_ours "$NS_A" "$OA" "$OB" "$IA" "$IB" "$sab" "$sba"
	MX_W_OUT=("${MX_W_BA[@]}") MX_W_IN=("${MX_W_AB[@]}")
	case $pair in
	ours-xfrm | xfrm-ours) mx_xfrm "$NS_B" "$OB" "$OA" "$IB" "$IA" "$sba" "$sab" ;;
	ours-ours) mx_ours "$NS_B" "$OB" "$OA" "$IB" "$IA" "$sba" "$sab" ;;
	*) ksft_fail "unknown pairing $pair" ;;
	esac
	if [ "$pair" = xfrm-ours ]; then
		init=$NS_B resp=$NS_A iip=$IB rip=$IA
	else
		init=$NS_A resp=$NS_B iip=$IA rip=$IB
	fi
	e0a=$(mx_errs "$NS_A")
	e0b=$(mx_errs "$NS_B")
	x0=$(mx_xerrs "$NS_B")
	cap_start "$T/wire.pcap"
	echo "$CAP_PID" >"$T/cap.pid"
	ping_ok "$init" "$rip" "$MX_PINGS"
	ping_ok "$resp" "$iip" "$MX_PINGS"
	mx_tcp "$init" "$resp" "$rip" "$MX_INF" "$MX_KIB" $((5000 + MX_N))
	cap_stop
	mx_cap_check "$OA" "$OB"
	mx_errs_same "A (ipsecdp)" "$e0a" "$(mx_errs "$NS_A")"
	if [ "$pair" = ours-ours ]; then
		mx_errs_same "B (ipsecdp)" "$e0b" "$(mx_errs "$NS_B")"
		mx_sa_check "$NS_B" "$sba out_packets >0" "$sab in_packets >0" \
			"$sab integrity_failed 0"
	else
		mx_errs_same "B (XFRM)" "$x0" "$(mx_xerrs "$NS_B")"
	fi
	mx_sa_check "$NS_A" "$sab out_packets >0" "$sba in_packets >0" \
		"$sba integrity_failed 0"
}

# mx_combo ALG MODE FAM PAIR: run one combination, print one line
# "ok ALG MODE FAM PAIR (N s)" or "FAIL ..." followed by its log
mx_combo() {
	local name="$1 $2 $3 ${4/-/->}" t0=$SECONDS rc lf
	# MX_ONLY=REGEX (debugging): run only the matching combinations
	[ -n "${MX_ONLY:-}" ] && ! [[ $name =~ $MX_ONLY ]] && return 0
	MX_N=$((MX_N + 1))
	MX_SPI=$((MX_SPI + 2))
	lf=$T/combo-$MX_N.log
	rm -f "$T/cap.pid"
	# every step has its own timeout (ping -W, timeout socat)
	(_mx_body "$@") >"$lf" 2>&1
	rc=$?
	# a failed combination may leave its capture behind
	[ -s "$T/cap.pid" ] && kill "$(cat "$T/cap.pid")" 2>/dev/null
	if [ $rc = 0 ]; then
		log "ok $name ($((SECONDS - t0)) s)"
		[ "${V:-0}" = 1 ] && sed 's/^/    /' "$lf"
	else
		log "FAIL $name ($((SECONDS - t0)) s, rc $rc)"
		sed 's/^/    /' "$lf"
		stats_dump "$NS_A" | sed 's/^/    /'
		MX_FAILED+=("$name")
	fi
	return 0
}

# mx_flush_all: no SA/policy left in A and B (ipsecdp and XFRM)
mx_flush_all() {
	ours_flush "$NS_A"
	ours_flush "$NS_B"
	xfrm_flush "$NS_B"
}

# mx_step NAME CMD...: run CMD in a subshell (a ksft_fail in it ends only
# the step), print "ok NAME" or "FAIL NAME" followed by its output; the
# test carries on and mx_done fails it at the end
mx_step() {
	local name=$1 t0=$SECONDS rc lf
	shift
	# MX_ONLY=REGEX, as for mx_combo
	[ -n "${MX_ONLY:-}" ] && ! [[ $name =~ $MX_ONLY ]] && return 0
	MX_N=$((MX_N + 1))
	lf=$T/step-$MX_N.log
	("$@") >"$lf" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		log "ok $name ($((SECONDS - t0)) s)"
		[ "${V:-0}" = 1 ] && sed 's/^/    /' "$lf"
	else
		log "FAIL $name ($((SECONDS - t0)) s, rc $rc)"
		sed 's/^/    /' "$lf"
		MX_FAILED+=("$name")
	fi
	return $rc
}

# mx_done MSG: pass unless a combination/step failed (lists them)
mx_done() {
	local f
	log "${MX_N} combinations/steps, ${#MX_FAILED[@]} failed, ${SECONDS} s"
	if [ ${#MX_FAILED[@]} -gt 0 ]; then
		for f in "${MX_FAILED[@]}"; do log "failed: $f"; done
		ksft_fail "${#MX_FAILED[@]} of $MX_N combinations/steps failed"
	fi
	ksft_pass "$1"
}
