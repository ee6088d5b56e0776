# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/matrix.sh: the interoperability matrix harness (tests 20,
# 21, 22, 25, 26, 56): algorithm x mode x address family x peer, one
# topology per test file, one algorithm table for ESP and AH, one result
# accounting. On top of ipsec.sh (sourced here). Two ways to run the
# combinations over the same table, addresses and counters:
#
# One after the other (tests 20, 21, 26; 22's steps), on fresh SAs each:
#
#	. "$(dirname "$0")/../lib/matrix.sh"
#	mx_topo
#	mx_combo gcm128 tunnel ipv6 ours-xfrm	# one line "ok ..." / "FAIL ..."
#	mx_step "name" CMD ARGS...		# any check, the same accounting
#	mx_done "what passed"			# fails if any combination failed
#
# All at once, "wide" (tests 25 and 56): every combination configured in
# one topology, its traffic run with bounded parallelism under one
# capture, then one verdict per combination:
#
#	mx_topo esp				# or ah
#	mx_wide esp "$MX_ALGS" "chacha" "gcm128 4in6" "chacha 6in4 esn"
#	mx_wide_run				# configure, traffic, verdict
#	mx_done "what passed"
#
# mx_wide registers every algorithm in transport and tunnel mode, IPv4 and
# IPv6, against both peers (B1 XFRM, B2 ipsecdp), the ones of its third
# argument a second time with ESN, and the mixed-family tunnels that
# follow ("ALG FAM [esn]"); mx_wide_add registers a single combination.
#
# ESP in UDP (one after the other, test 80): MX_ENCAP=PORT before mx_topo
# gives every ESP SA of A and B "encap espinudp PORT PORT" (original
# address 0.0.0.0 or ::), holds a UDP_ENCAP socket on PORT in B for XFRM
# (py/udp_encap.py; ipsecdp needs none), and the wire check then wants UDP
# to PORT both ways, no bare ESP and no other cleartext.
#
# Environment (both ways): MX_ONLY=REGEX runs only the combinations/steps
# whose name matches (WIDE_ONLY is the same), V=1 prints every
# combination's log (wide: A's batch file). One after the other: MX_RW
# (replay window, 1024), MX_KIB (TCP KiB per combination, 256), MX_PINGS
# (2). Wide: WIDE_J (parallel combinations, 4), WIDE_KIB (64), WIDE_PINGS
# (2), WIDE_BREAK=NAME (the peer of combination NAME gets a wrong key for
# its outbound SA: that combination must fail), WIDE_LEAK=NAME (A gets no
# out policy for NAME: it sends in clear, which the wire check must see).
# Names: "ALG MODE FAM PAIR" one after the other (gcm128 tunnel ipv6
# ours->xfrm), ALG[+esn]/MODE/FAM/PEER wide (gcm128/tunnel/ipv6/xfrm).
#
# Topology, one after the other: ipsec.sh's A <-> W (bridge) <-> B, plus
# IPv6 on the wire and "inner" addresses on lo for tunnel mode, static
# neighbours (no ARP/ND on the wire, so a capture shows only what the
# hosts' IP layers sent):
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
#
# Topology, wide: the same A and B (B1, running XFRM) plus B2 on the same
# bridge, running ipsecdp (one namespace cannot run both, since ipsecdp's
# LOCAL_IN hook drops ESP/AH for SPIs it does not know):
#
#   A  IF_A 10.0.0.1/24 fd00::1/64 \
#   B1 IF_B 10.0.0.2/24 fd00::2/64  > bridge BR_W in W, captured
#   B2 IF_C 10.0.0.3/24 fd00::3/64 /
#
# Combination K (1..250) has its own addresses, A's ending in :1/.1, its
# peer's (B1 or B2) in :2/.2:
#   outer  10.20.K.1/16, 10.20.K.2/16; fd20::K:1/64, fd20::K:2/64 (wire)
#   inner  10.30.K.1/32, 10.30.K.2/32; fd30::K:1/128, fd30::K:2/128 (lo,
#          tunnel mode only, routed via the peer's 10.0.0.x / fd00::x)
# with host routes that pin the source address, static neighbours (no
# ARP/ND on the wire), SPIs BASE+2K (A -> peer) and BASE+2K+1 (peer -> A),
# XFRM reqid K. Transport mode protects the outer addresses, tunnel mode
# the inner ones. All SAs and policies of A go in one `ipsecctl -f` batch,
# B2's in another, B1's in one `ip -batch`.
#
# Wide traffic: one python agent per host (no process per transfer: under
# TCG every fork and exec counts) listens for TCP on WIDE_PORT and, for
# each combination, initiates from its side, WIDE_J combinations at a time
# on A and half as many on each peer: ping (WIDE_PINGS echo requests,
# pattern "wideNNNN" so that a combination's own payload can be found on
# the wire), then a TCP transfer of WIDE_KIB KiB of random data from port
# 20000+2K (A) or 20001+2K (peer); the receiver stores it under that port
# number. So each side initiates once per combination, both ways. One
# tcpdump on the bridge for the whole run.
#
# Wide verdict per combination (one line "ok NAME (...)" / "FAIL NAME
# (...): reasons"), from one python run over the capture, the files and
# the SA lists: pings all answered and both transfers intact (sha256); on
# the wire ESP (AH) both ways between its outer addresses with exactly its
# SPIs, not the other protocol; no cleartext TCP/UDP/ICMP of any of its
# addresses; ESP: the ping pattern unreadable (readable with ESP-NULL and
# ESP-GMAC, which only authenticate); AH: the pattern readable and the
# inner TCP decodable behind the AH header both ways; per-SA counters on A
# and B2 (ipsecctl -j sa list) and B1 (ip -s xfrm state): packets both
# ways, no integrity failure; ESN combinations start 32 packets before
# 2^32 and must end past it on A. Then the global error counters of A, B2
# (MX_ERRS) and B1 (MX_XFRM_ERRS) must not have moved (InStateSeqError
# may: TCG reorders, see test 10).
#
# Accounting (both ways): MX_N counts the combinations/steps (wide: K),
# MX_FAILED names the failed ones; mx_done fails the test listing them.

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
MX_N=0				# combinations/steps run (wide: registered)
MX_FAILED=()			# names of the failed ones
MX_FIG=				# figures for mx_done's pass line (wide)
MX_SPI=$((0x10000))
MX_ENCAP=${MX_ENCAP:-}		# ESP in UDP to this port (test 80)
MX_ENC=()			# its SA words (mx_addrs)

# wide: B2 (ipsecdp peer) and the parameters of the run
NS_C=ipC-$SFX
IF_C=ec$SFX
WC_IF=wc$SFX
IP_C=10.0.0.3
IP6_C=fd00::3
WIDE_J=${WIDE_J:-4}
WIDE_KIB=${WIDE_KIB:-64}
WIDE_PINGS=${WIDE_PINGS:-2}
WIDE_RW=1024			# replay window (TCG reorders, see test 10)
WIDE_ESN_START=0xffffffe0	# ESN: 32 packets before 2^32
WIDE_PORT=5001			# listeners; senders bind port 20000+2K(+1)
WIDE_PROTO=
WIDE_T0=$SECONDS
WIDE_TM=${EPOCHREALTIME/./}	# _wide_mark: time of the last mark (us)
WIDE_TIMES=

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

# _mx_only NAME: true if NAME is to run (MX_ONLY / WIDE_ONLY, a regex)
_mx_only() {
	local re=${MX_ONLY:-${WIDE_ONLY:-}}
	[ -z "$re" ] || [[ $1 =~ $re ]]
}

# _mx_verdict NAME RC T0 LOG: log "ok NAME (N s)", or "FAIL NAME (N s, rc
# RC)" and LOG, and count the failure for mx_done; returns 0 / 1
_mx_verdict() {
	if [ "$2" = 0 ]; then
		log "ok $1 ($((SECONDS - $3)) s)"
		[ "${V:-0}" = 1 ] && sed 's/^/    /' "$4"
		return 0
	fi
	log "FAIL $1 ($((SECONDS - $3)) s, rc $2)"
	sed 's/^/    /' "$4"
	MX_FAILED+=("$1")
	return 1
}

# mx_done MSG: pass unless a combination/step/check failed (lists them)
mx_done() {
	local f
	log "${MX_N} combinations/steps, ${#MX_FAILED[@]} failed, ${SECONDS} s"
	if [ ${#MX_FAILED[@]} -gt 0 ]; then
		for f in "${MX_FAILED[@]}"; do log "failed: $f"; done
		ksft_fail "${#MX_FAILED[@]} of $MX_N combinations/steps (or checks) failed"
	fi
	ksft_pass "$1${MX_FIG:+ ($MX_FIG)}"
}

# _wide_mark WHAT: note the time spent since the last mark (the figures)
_wide_mark() {
	local now=${EPOCHREALTIME/./} d
	d=$(((now - WIDE_TM) / 100000))
	WIDE_TIMES+=" $1 $((d / 10)).$((d % 10))s"
	WIDE_TM=$now
}

# mx_topo [esp|ah]: the topology. No argument: A and B (above), inner
# addresses on lo routed via the peer. esp or ah: the wide topology, A, B1
# (XFRM) and B2 (ipsecdp) on one bridge, and its scratch files. Both:
# IPv6 on the wire, static neighbours.
mx_topo() {
	local wide=${1:-} peers ns a4 a6 mac
	need_ipsecctl
	if [ -n "$wide" ]; then
		WIDE_PROTO=$wide
		need_cmd tcpdump ping "$PY"
		[ -n "${SRANDOM:-}" ] || ksft_skip "bash 5.1 or newer needed (SRANDOM)"
		# ipsec.sh's rand_key without its three processes (hundreds
		# of keys under TCG, where every fork counts)
		rand_key() {
			local k
			_wide_key k "$1"
			printf '%s' "$k"
		}
	else
		need_cmd socat tcpdump ss sha256sum
	fi
	if [ "$wide" = ah ]; then
		need_mod ah4 ah6 xfrm_user
	else
		need_xfrm
		need_mod esp6
	fi
	topo_setup
	_addrs "$NS_A" "$IF_A" "$IP6_A/64"
	_addrs "$NS_B" "$IF_B" "$IP6_B/64"
	MX_MA=$(_mac "$NS_A" "$IF_A")
	MX_MB=$(_mac "$NS_B" "$IF_B")
	peers="$IP_B+$IP6_B+$MX_MB"
	if [ -n "$wide" ]; then
		[ "$WIRE" = 1 ] || ksft_skip "no bridge support (B2 needs the wire bridge)"
		ns_create "$NS_C"
		ip link add "$IF_C" netns "$NS_C" type veth peer name "$WC_IF" netns "$NS_W" ||
			ksft_fail "cannot create the veth pair of B2"
		ip -n "$NS_W" link set "$WC_IF" master "$BR_W" up
		_addrs "$NS_C" "$IF_C" "$IP_C/24,$IP6_C/64"
		ip -n "$NS_C" link set "$IF_C" up
		MX_MC=$(_mac "$NS_C" "$IF_C")
		peers+=" $IP_C+$IP6_C+$MX_MC"
	fi
	# A knows each peer, each peer knows A
	for ns in $peers; do
		IFS=+ read -r a4 a6 mac <<<"$ns"
		printf 'neigh replace %s lladdr %s dev %s nud permanent\n' "$a4" "$mac" "$IF_A" "$a6" "$mac" "$IF_A"
	done | ip -n "$NS_A" -batch - || ksft_fail "cannot add A's static neighbours"
	for ns in "$NS_B:$IF_B" ${wide:+"$NS_C:$IF_C"}; do
		ip -n "${ns%%:*}" -batch - <<-EOF2 || ksft_fail "cannot add static neighbours"
			neigh replace $IP_A lladdr $MX_MA dev ${ns#*:} nud permanent
			neigh replace $IP6_A lladdr $MX_MA dev ${ns#*:} nud permanent
		EOF2
	done
	if [ -n "$wide" ]; then
		in_ns "$NS_A" ping -c1 -W5 "$IP_C" >/dev/null &&
			in_ns "$NS_A" ping -c1 -W5 "$IP6_B" >/dev/null &&
			in_ns "$NS_A" ping -c1 -W5 "$IP6_C" >/dev/null ||
			ksft_fail "no connectivity between A and B1/B2 before IPsec setup"
		_wide_mark topology
		log "topology: A $IP_A $IP6_A <-> wire <-> B1 (XFRM) $IP_B $IP6_B, B2 (ipsecdp) $IP_C $IP6_C"
		mkdir -p "$T/res" "$T/tx" "$T/rx" || ksft_fail "mkdir failed"
		: >"$T/combos" && : >"$T/a.conf" && : >"$T/b1.batch" && : >"$T/b2.conf" &&
			: >"$T/a.ip" && : >"$T/xfrm.ip" && : >"$T/ours.ip" && : >"$T/work.a" &&
			: >"$T/work.xfrm" && : >"$T/work.ours" || ksft_fail "cannot write in $T"
		return 0
	fi
	if [ -n "$MX_ENCAP" ]; then
		# XFRM takes ESP in UDP only on a socket with UDP_ENCAP set
		# not via in_ns: $! must be python itself
		ip netns exec "$NS_B" "$PY" "$PYDIR/udp_encap.py" "$MX_ENCAP" \
			"$T/encap.ready" >"$T/encap.log" 2>&1 &
		add_cleanup "kill $! 2>/dev/null"
		wait_for -t 30 test -s "$T/encap.ready" ||
			ksft_fail "no UDP_ENCAP socket in B: $(cat "$T/encap.log")"
	fi
	_addrs "$NS_A" lo "$IN4_A/32,$IN6_A/128"
	_addrs "$NS_B" lo "$IN4_B/32,$IN6_B/128"
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
# the same for ipsecctl and ip xfrm) and MX_FLAGS (extra SA words). One
# table: the ESP algorithms (MX_ALGS), then AH's (MX_AH_ALGS)
# shellcheck disable=SC2034 # used by the tests
MX_ALGS="gcm128 gcm192-icv96 gcm256-icv64 gmac chacha cbc-sha1 cbc-sha256-esn
cbc-sha384 cbc-sha512 null-sha256 cbc-only"
# shellcheck disable=SC2034 # used by the tests
MX_AH_ALGS="hmac-sha1 hmac-sha256 hmac-sha384 hmac-sha512 xcbc cmac"
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
		hmac-sha1) w=(auth-trunc 'hmac(sha1)' "$(rand_key 20)" 96) ;;
		hmac-sha256) w=(auth-trunc 'hmac(sha256)' "$(rand_key 32)" 128) ;;
		hmac-sha384) w=(auth-trunc 'hmac(sha384)' "$(rand_key 48)" 192) ;;
		hmac-sha512) w=(auth-trunc 'hmac(sha512)' "$(rand_key 64)" 256) ;;
		xcbc) w=(auth-trunc 'xcbc(aes)' "$(rand_key 16)" 96) ;;
		cmac) w=(auth-trunc 'cmac(aes)' "$(rand_key 16)" 96) ;;
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
	MX_ENC=()
	if [ -n "$MX_ENCAP" ]; then
		MX_ENC=(encap espinudp "$MX_ENCAP" "$MX_ENCAP" 0.0.0.0)
		[ $of = 6 ] && MX_ENC[4]=::
	fi
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
		"${MX_W_OUT[@]}" replay-window "$rw" "${MX_FLAGS[@]}" "${MX_ENC[@]}"
	ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "$si" mode "$MODE" \
		"${MX_W_IN[@]}" replay-window "$rw" "${MX_FLAGS[@]}" "${MX_ENC[@]}"
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
		"${MX_FLAGS[@]}" "${SEL[@]}" "${MX_ENC[@]}"
	ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp spi "$si" \
		reqid 1 mode "$MODE" "${MX_W_IN[@]}" replay-window "$MX_RW" \
		"${MX_FLAGS[@]}" "${SEL[@]}" "${MX_ENC[@]}"
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

# mx_cap_check OA OB: ESP both ways between the outer addresses (with
# MX_ENCAP: in UDP to that port, and no bare ESP), and no cleartext
# TCP/UDP/ICMP (unicast) at all on the wire
mx_cap_check() {
	local ab ba clear bare=0 what=ESP esp=esp
	local f="not esp and (tcp or udp or icmp or (icmp6 and not ip6 multicast))"
	if [ -n "$MX_ENCAP" ]; then
		what="ESP in UDP" esp="udp dst port $MX_ENCAP"
		f="not ($esp) and ($f)"
		bare=$(cap_count esp)
	fi
	tcpdump -r "$CAP_FILE" -nn "$esp" 2>/dev/null >"$T/esp.txt"
	ab=$(grep -c " $1\(\.$MX_ENCAP\)\? > $2\(\.$MX_ENCAP\)\?: " "$T/esp.txt")
	ba=$(grep -c " $2\(\.$MX_ENCAP\)\? > $1\(\.$MX_ENCAP\)\?: " "$T/esp.txt")
	tcpdump -r "$CAP_FILE" -nn "$f" 2>/dev/null >"$T/clear.txt"
	clear=$(wc -l <"$T/clear.txt")
	log "wire: $what $1->$2 $ab, $2->$1 $ba, cleartext $clear, bare ESP $bare (capture drops: $(cap_drops))"
	if [ "$clear" != 0 ]; then
		head -5 "$T/clear.txt" | sed 's/^/    /'
		ksft_fail "cleartext traffic on the wire"
	fi
	[ "$bare" = 0 ] || ksft_fail "ESP outside UDP on the wire"
	[ "$ab" -gt 0 ] && [ "$ba" -gt 0 ] || ksft_fail "no $what on the wire in one direction"
	log "ok: only $what on the wire"
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
	_mx_only "$name" || return 0
	MX_N=$((MX_N + 1))
	MX_SPI=$((MX_SPI + 2))
	lf=$T/combo-$MX_N.log
	rm -f "$T/cap.pid"
	# every step has its own timeout (ping -W, timeout socat)
	(_mx_body "$@") >"$lf" 2>&1
	rc=$?
	# a failed combination may leave its capture behind
	[ -s "$T/cap.pid" ] && kill "$(cat "$T/cap.pid")" 2>/dev/null
	_mx_verdict "$name" $rc "$t0" "$lf" ||
		stats_dump "$NS_A" | sed 's/^/    /'
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
	_mx_only "$name" || return 0
	MX_N=$((MX_N + 1))
	lf=$T/step-$MX_N.log
	("$@") >"$lf" 2>&1
	rc=$?
	_mx_verdict "$name" $rc "$t0" "$lf"
	return $rc
}

# _wide_key VAR BYTES: VAR = a random 0x-prefixed hex key of BYTES bytes,
# made without a subshell (hundreds of keys under TCG, where every fork
# counts): bash's SRANDOM comes from getrandom()
_wide_key() {
	local -n _k=$1
	local x
	_k=
	while [ ${#_k} -lt $((2 * $2)) ]; do
		printf -v x %08x "$SRANDOM"
		_k+=$x
	done
	_k=0x${_k:0:2*$2}
}

# _wq VAR WORD...: set VAR to the words, each quoted for ipsecctl -f and
# ip -batch
_wq() {
	local -n _out=$1
	local w
	shift
	_out=
	for w in "$@"; do
		if [[ -z $w || $w =~ [^A-Za-z0-9._:/,=+-] ]]; then
			_out+=" '$w'"
		else
			_out+=" $w"
		fi
	done
	_out=${_out# }
}

# _wide_alg PROTO ALG: MX_W_AB, MX_W_BA (algorithm words with fresh random
# keys) and MX_FLAGS. The table (mx_alg) is read
# once per algorithm; each key word 0xHEX becomes a placeholder for a key
# of that length, filled afresh for every combination by _wide_key.
declare -A WIDE_SHAPE
_wide_alg() {
	local id=$1:$2 d w s key arr=() sh=()
	if [ -z "${WIDE_SHAPE[$id:AB]+x}" ]; then
		mx_alg "$2"
		for d in AB BA; do
			if [ $d = AB ]; then arr=("${MX_W_AB[@]}"); else arr=("${MX_W_BA[@]}"); fi
			s=
			for w in "${arr[@]}"; do
				if [[ $w =~ ^0x([0-9a-fA-F]+)$ ]]; then
					s+=" @K$((${#BASH_REMATCH[1]} / 2))"
				elif [ -z "$w" ]; then
					s+=" @E"
				else
					s+=" $w"
				fi
			done
			WIDE_SHAPE[$id:$d]=$s
		done
		WIDE_SHAPE[$id:FL]="${MX_FLAGS[*]}"
	fi
	for d in AB BA; do
		read -ra sh <<<"${WIDE_SHAPE[$id:$d]}"
		arr=()
		for w in "${sh[@]}"; do
			case $w in
			@K*) _wide_key key "${w#@K}"; arr+=("$key") ;;
			@E) arr+=("") ;;
			*) arr+=("$w") ;;
			esac
		done
		if [ $d = AB ]; then MX_W_AB=("${arr[@]}"); else MX_W_BA=("${arr[@]}"); fi
	done
	read -ra MX_FLAGS <<<"${WIDE_SHAPE[$id:FL]}"
}

# mx_wide_add PROTO ALG MODE FAM PEER [esn]: register one combination.
# FAM ipv4|ipv6|4in6|6in4 (mixed: tunnel only), PEER xfrm (B1) | ours (B2);
# "esn" adds flag esn (an ALG ending in -esn has it anyway); ESN SAs start
# at sequence number WIDE_ESN_START.
mx_wide_add() {
	local proto=$1 alg=$2 mode=$3 fam=$4 peer=$5 esn=${6:-} k name of inf
	local oa ob ia ib pl sab sba base rw seq=() t_ab=() t_ba=() sel=() m hex i h
	local w_ab w_ba w_pba gw4 gw6 pif pmac l out readable=0
	name=$alg${esn:++esn}/$mode/$fam/$peer
	_mx_only "$name" || return 0
	MX_N=$((MX_N + 1))
	k=$MX_N
	[ $k -le 250 ] || ksft_fail "mx_wide_add: at most 250 combinations"
	case $fam in
	ipv4) of=4 inf=4 ;; ipv6) of=6 inf=6 ;; 4in6) of=6 inf=4 ;; 6in4) of=4 inf=6 ;;
	*) ksft_fail "mx_wide_add: unknown family $fam" ;;
	esac
	[ "$mode" = transport ] && [ $of != $inf ] && ksft_fail "mx_wide_add: transport mode has no $fam"
	case $peer in
	xfrm) pif=$IF_B pmac=$MX_MB gw4=$IP_B gw6=$IP6_B ;;
	ours) pif=$IF_C pmac=$MX_MC gw4=$IP_C gw6=$IP6_C ;;
	*) ksft_fail "mx_wide_add: unknown peer $peer" ;;
	esac
	if [ $of = 4 ]; then
		oa=10.20.$k.1 ob=10.20.$k.2
		printf 'addr add %s/16 dev %s\nroute add %s/32 dev %s src %s\nneigh replace %s lladdr %s dev %s nud permanent\n' \
			"$oa" "$IF_A" "$ob" "$IF_A" "$oa" "$ob" "$pmac" "$IF_A" >>"$T/a.ip"
		printf 'addr add %s/16 dev %s\nroute add %s/32 dev %s src %s\nneigh replace %s lladdr %s dev %s nud permanent\n' \
			"$ob" "$pif" "$oa" "$pif" "$ob" "$oa" "$MX_MA" "$pif" >>"$T/$peer.ip"
	else
		printf -v h %x "$k"
		oa=fd20::$h:1 ob=fd20::$h:2
		printf 'addr add %s/64 dev %s nodad\nroute add %s/128 dev %s src %s\nneigh replace %s lladdr %s dev %s nud permanent\n' \
			"$oa" "$IF_A" "$ob" "$IF_A" "$oa" "$ob" "$pmac" "$IF_A" >>"$T/a.ip"
		printf 'addr add %s/64 dev %s nodad\nroute add %s/128 dev %s src %s\nneigh replace %s lladdr %s dev %s nud permanent\n' \
			"$ob" "$pif" "$oa" "$pif" "$ob" "$oa" "$MX_MA" "$pif" >>"$T/$peer.ip"
	fi
	if [ "$mode" = transport ]; then
		ia=$oa ib=$ob
	elif [ $inf = 4 ]; then
		ia=10.30.$k.1 ib=10.30.$k.2
	else
		printf -v h %x "$k"
		ia=fd30::$h:1 ib=fd30::$h:2
	fi
	if [ $inf = 4 ]; then pl=32; else pl=128; fi
	if [ "$mode" = tunnel ]; then
		if [ $inf = 4 ]; then
			printf 'addr add %s/32 dev lo\nroute add %s/32 via %s src %s\n' "$ia" "$ib" "$gw4" "$ia" >>"$T/a.ip"
			printf 'addr add %s/32 dev lo\nroute add %s/32 via %s src %s\n' "$ib" "$ia" "$IP_A" "$ib" >>"$T/$peer.ip"
		else
			printf 'addr add %s/128 dev lo nodad\nroute add %s/128 via %s src %s\n' "$ia" "$ib" "$gw6" "$ia" >>"$T/a.ip"
			printf 'addr add %s/128 dev lo nodad\nroute add %s/128 via %s src %s\n' "$ib" "$ia" "$IP6_A" "$ib" >>"$T/$peer.ip"
		fi
		t_ab=(src "$oa" dst "$ob")
		t_ba=(src "$ob" dst "$oa")
		[ $of != $inf ] && if [ $inf = 4 ]; then
			sel=(sel src 0.0.0.0/0 dst 0.0.0.0/0)
		else
			sel=(sel src ::/0 dst ::/0)
		fi
	fi
	if [ "$proto" = ah ]; then base=$((0x50000)); else base=$((0x20000)); fi
	printf -v sab '0x%x' $((base + 2 * k))
	printf -v sba '0x%x' $((base + 2 * k + 1))
	_wide_alg "$proto" "$alg"
	[ -n "$esn" ] && MX_FLAGS=(flag esn)
	[ ${#MX_FLAGS[@]} -gt 0 ] && seq=(replay-seq "$WIDE_ESN_START" replay-oseq "$WIDE_ESN_START")
	rw=$WIDE_RW
	# no integrity, no anti-replay (RFC 4303 3.4.3): ipsecdp refuses it
	case " ${MX_W_AB[*]} " in *" aead "* | *" auth"*) ;; *) rw=0 ;; esac
	_wq l replay-window $rw "${MX_FLAGS[@]}" "${seq[@]}"
	_wq w_ab "${MX_W_AB[@]}"
	_wq w_ba "${MX_W_BA[@]}"
	w_pba=$w_ba
	if [ "${WIDE_BREAK:-}" = "$name" ]; then
		# the peer sends with another key than A expects
		_wide_alg "$proto" "$alg"
		_wq w_pba "${MX_W_BA[@]}"
		log "WIDE_BREAK: $name: the peer's SA spi $sba gets a wrong key"
	fi
	out="policy add src $ia/$pl dst $ib/$pl dir out tmpl ${t_ab[*]} proto $proto mode $mode spi $sab"
	if [ "${WIDE_LEAK:-}" = "$name" ]; then
		out="# (WIDE_LEAK) $out"
		log "WIDE_LEAK: $name: A has no out policy, sends in clear"
	fi
	# A (ipsecdp); printf, not cat: no process per combination
	printf '%s\n' "# $k $name" \
		"sa add src $oa dst $ob proto $proto spi $sab mode $mode $w_ab $l" \
		"sa add src $ob dst $oa proto $proto spi $sba mode $mode $w_ba $l" \
		"$out" \
		"policy add src $ib/$pl dst $ia/$pl dir in tmpl ${t_ba[*]} proto $proto mode $mode" \
		>>"$T/a.conf"
	if [ "$peer" = ours ]; then
		printf '%s\n' "# $k $name" \
			"sa add src $ob dst $oa proto $proto spi $sba mode $mode $w_pba $l" \
			"sa add src $oa dst $ob proto $proto spi $sab mode $mode $w_ab $l" \
			"policy add src $ib/$pl dst $ia/$pl dir out tmpl ${t_ba[*]} proto $proto mode $mode spi $sba" \
			"policy add src $ia/$pl dst $ib/$pl dir in tmpl ${t_ab[*]} proto $proto mode $mode" \
			>>"$T/b2.conf"
	else
		printf '%s\n' \
			"xfrm state add src $ob dst $oa proto $proto spi $sba reqid $k mode $mode $w_pba $l ${sel[*]}" \
			"xfrm state add src $oa dst $ob proto $proto spi $sab reqid $k mode $mode $w_ab $l ${sel[*]}" \
			"xfrm policy add src $ib/$pl dst $ia/$pl dir out tmpl src $ob dst $oa proto $proto reqid $k mode $mode" \
			"xfrm policy add src $ia/$pl dst $ib/$pl dir in tmpl src $oa dst $ob proto $proto reqid $k mode $mode" \
			>>"$T/b1.batch"
	fi
	# ping pattern: "wide" and the number, as hex for ping -p
	printf -v m 'wide%04d' "$k"
	hex=
	for ((i = 0; i < ${#m}; i++)); do
		printf -v h %02x "'${m:i:1}"
		hex+=$h
	done
	# AH, ESP with null encryption and ESP-GMAC (rfc4543: authentication
	# only) leave the payload readable
	[ "$proto" = ah ] || [[ $alg == null-* || $alg == gmac ]] && readable=1
	printf '%s\n' "$k $name $proto $mode $fam $peer $oa $ob $ia $ib $sab $sba $hex ${#MX_FLAGS[@]} $readable $inf" >>"$T/combos"
	# what each host's agent initiates: ping, then TCP, from its side
	printf '%s\n' "$k ab $ia $ib $hex $((20000 + 2 * k))" >>"$T/work.a"
	printf '%s\n' "$k ba $ib $ia $hex $((20001 + 2 * k))" >>"$T/work.$peer"
}

# mx_wide PROTO "ALGS" "ESN_ALGS" ["ALG FAM [esn]"...]: register each of
# ALGS in transport and tunnel mode, IPv4 and IPv6, with both peers (B1
# XFRM, B2 ipsecdp), those in ESN_ALGS with ESN; then each mixed-family
# tunnel (FAM 4in6 or 6in4), with both peers
mx_wide() {
	local proto=$1 algs=$2 esn_algs=" $3 " alg esn mf peer c
	shift 3
	for alg in $algs; do
		esn=
		[[ $esn_algs == *" $alg "* ]] && esn=esn
		for mf in "transport ipv4" "transport ipv6" "tunnel ipv4" "tunnel ipv6"; do
			for peer in xfrm ours; do
				# shellcheck disable=SC2086 # mode and family
				mx_wide_add "$proto" "$alg" $mf "$peer" $esn
			done
		done
	done
	for c in "$@"; do
		set -- $c
		for peer in xfrm ours; do
			mx_wide_add "$proto" "$1" tunnel "$2" "$peer" ${3:-}
		done
	done
}

# _wide_errs: the global error counters of A, B2 (ipsecdp) and B1 (XFRM)
_wide_errs() {
	mx_errs "$NS_A" | sed 's/^/A /'
	mx_errs "$NS_C" | sed 's/^/B2 /'
	mx_xerrs "$NS_B" | sed 's/^/B1 /'
}

# _wide_agents_done: all agents are done (true) or one died (false, but
# wait_for stops too: it is polled through _wide_agents_wait)
_wide_agents_done() {
	[ -e "$T/done.a" ] && [ -e "$T/done.xfrm" ] && [ -e "$T/done.ours" ]
}

_wide_agents_wait() {
	local p
	_wide_agents_done && return 0
	for p in "${WIDE_AGENTS[@]}"; do
		kill -0 "$p" 2>/dev/null || return 0
	done
	return 1
}

# mx_wide_run: configure every combination, run the traffic, judge
mx_wide_run() {
	local t0 t1 t2 t3 line pids=() f drops k who ns j
	[ "$MX_N" -gt 0 ] || ksft_fail "no combination registered"
	_wide_mark generate
	log "$MX_N combinations ($WIDE_PROTO): addresses, SAs and policies in one batch per host"
	t0=$SECONDS
	ip -n "$NS_A" -batch "$T/a.ip" || ksft_fail "ip -batch of A's addresses/routes failed"
	[ -s "$T/xfrm.ip" ] && { ip -n "$NS_B" -batch "$T/xfrm.ip" || ksft_fail "ip -batch of B1's addresses failed"; }
	[ -s "$T/ours.ip" ] && { ip -n "$NS_C" -batch "$T/ours.ip" || ksft_fail "ip -batch of B2's addresses failed"; }
	_wide_mark addresses
	log "+ [A] ipsecctl -f a.conf ($(grep -c '^[sp]' "$T/a.conf") SAs/policies)"
	ctl "$NS_A" -f "$T/a.conf" || ksft_fail "ipsecctl -f of A's configuration failed"
	if [ -s "$T/b2.conf" ]; then
		log "+ [B2] ipsecctl -f b2.conf ($(grep -c '^[sp]' "$T/b2.conf") SAs/policies)"
		ctl "$NS_C" -f "$T/b2.conf" || ksft_fail "ipsecctl -f of B2's configuration failed"
	fi
	if [ -s "$T/b1.batch" ]; then
		log "+ [B1] ip -batch b1.batch ($(wc -l <"$T/b1.batch") xfrm states/policies)"
		ip -n "$NS_B" -batch "$T/b1.batch" || ksft_fail "ip -batch of B1's XFRM configuration failed"
	fi
	[ "${V:-0}" = 1 ] && sed 's/^/    /' "$T/a.conf"
	_wide_mark configure
	_wide_errs >"$T/errs0"
	_wide_mark counters
	t1=$SECONDS
	log "configured in $((t1 - t0)) s"

	# one capture for the whole run: small snaplen, big buffer
	CAP_FILE=$T/wire.pcap
	ip netns exec "$NS_W" tcpdump -Z root -i "$BR_W" -nn -B 32768 -s 256 \
		-w "$CAP_FILE" 2>"$CAP_FILE.log" &
	CAP_PID=$!
	add_cleanup "kill $CAP_PID 2>/dev/null"
	wait_for -t 60 grep -q 'listening on' "$CAP_FILE.log" ||
		ksft_fail "tcpdump did not start: $(cat "$CAP_FILE.log")"
	_wide_mark tcpdump

	log "traffic: $MX_N combinations, $WIDE_J at a time: ping x$WIDE_PINGS both ways, TCP ${WIDE_KIB} KiB each way"
	# one agent per host: listens, then pings and sends what its work
	# list says, WIDE_J at a time on A, half as many on each peer (so that
	# both directions of the matrix progress at the same pace)
	for f in "a:$NS_A:$WIDE_J" "xfrm:$NS_B:$(((WIDE_J + 1) / 2))" "ours:$NS_C:$(((WIDE_J + 1) / 2))"; do
		IFS=: read -r who ns j <<<"$f"
		# not via in_ns: $! must be python itself
		ip netns exec "$ns" "$PY" -c "$_WIDE_AGENT" "$T" "$who" "$j" "$WIDE_PINGS" \
			"$WIDE_KIB" 3 "$WIDE_PORT" 2>"$T/agent.$who.log" &
		add_cleanup "kill $! 2>/dev/null"
		pids+=($!)
	done
	WIDE_AGENTS=("${pids[@]}")
	wait_for -t $((120 + 5 * MX_N)) _wide_agents_wait ||
		log "note: the agents did not finish in time"
	_wide_agents_done || log "note: an agent ended before its work was done"
	for f in "${pids[@]}"; do kill "$f" 2>/dev/null; done
	wait "${pids[@]}" 2>/dev/null
	_wide_mark traffic
	for f in a xfrm ours; do
		[ -s "$T/agent.$f.log" ] || continue
		log "agent $f:"
		sed 's/^/    /' "$T/agent.$f.log"
	done
	t2=$SECONDS
	log "traffic done in $((t2 - t1)) s"
	# tcpdump hands over its last packets on its buffer timeout (1 s)
	sleep 1.5
	kill -TERM "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	CAP_PID=
	drops=$(cap_drops)
	_wide_mark capture

	_wide_errs >"$T/errs1"
	ctl "$NS_A" -j sa list >"$T/sa-a.json" || ksft_fail "ipsecctl -j sa list failed in A"
	ctl "$NS_C" -j sa list >"$T/sa-b2.json" || ksft_fail "ipsecctl -j sa list failed in B2"
	ip -n "$NS_B" -s xfrm state >"$T/xfrm-b1.txt" || ksft_fail "ip xfrm state failed in B1"
	_wide_mark dumps
	"$PY" -c "$_WIDE_PY" "$T" "$WIDE_KIB" "$WIDE_PINGS" "$WIDE_PORT" >"$T/verdict.txt" 2>&1
	_wide_mark verdict
	t3=$SECONDS
	while IFS= read -r line; do
		case $line in
		"FAIL "*)
			f=${line#FAIL }
			MX_FAILED+=("${f%% *}")
			log "$line"
			;;
		"ok "*) log "$line" ;;
		*) log "$line" ;;
		esac
	done <"$T/verdict.txt"
	# the traffic results of each failed combination
	for f in "${MX_FAILED[@]}"; do
		k=$(awk -v n="$f" '$2 == n { print $1 }' "$T/combos")
		[ -n "$k" ] && cat "$T/res/$k".* 2>/dev/null | sed "s|^|    [$f] |"
	done

	# global error counters (InStateSeqError may move: not in the lists)
	line=$(join <(awk '{ print $1 ":" $2, $3 }' "$T/errs0" | sort) \
		<(awk '{ print $1 ":" $2, $3 }' "$T/errs1" | sort) |
		awk '$2 != $3 { printf " %s %d->%d", $1, $2, $3 }')
	if [ -n "$line" ]; then
		log "FAIL error counters moved:$line"
		MX_FAILED+=("error-counters")
	else
		log "ok error counters of A, B2 (ipsecdp) and B1 (XFRM) unchanged"
	fi
	log "capture: $drops packets dropped by the kernel"
	[ "$drops" = 0 ] || log "note: the capture lost $drops packets: a combination's wire check may have missed some"
	MX_FIG="$MX_N combinations, $((2 * MX_N)) pings x$WIDE_PINGS, $((2 * MX_N)) TCP transfers of $WIDE_KIB KiB; $WIDE_J in parallel; setup $((t1 - t0)) s, traffic $((t2 - t1)) s, verdict $((t3 - t2)) s, total $((SECONDS - WIDE_T0)) s"
	log "figures: $MX_FIG"
	log "times:$WIDE_TIMES"
}

# The agent, run in each host: python3 AGENT T WHO JOBS PINGS KIB NHOSTS
# PORT. Listens on PORT (IPv4 and IPv6), stores each connection's data in
# T/rx/SENDER_PORT and closes it only then (so that the sender knows it
# arrived); tells it is ready (T/ready.WHO) and waits for the NHOSTS
# agents to be; then for each line "K DIR SRC DST PATTERN SPORT" of
# T/work.WHO, JOBS at a time: ping (PINGS requests, pattern) and a TCP
# transfer of KIB KiB of random data (T/tx/K.DIR) from SRC:SPORT; results
# in T/res/K.DIR ("ping N", "tcp RC MS"); T/done.WHO at the end. Serves
# until killed.
read -r -d '' _WIDE_AGENT <<'PYEOF'
import glob, os, re, socket, subprocess, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

T, WHO, JOBS, PINGS, KIB, NH, PORT = sys.argv[1:8]
PORT = int(PORT)


def serve(fam, addr):
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        ls.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    ls.bind((addr, PORT))
    ls.listen(128)

    def one(c, peer):
        try:
            c.settimeout(90)
            chunks = []
            while True:
                b = c.recv(65536)
                if not b:
                    break
                chunks.append(b)
            with open("%s/rx/%d" % (T, peer[1]), "wb") as f:
                f.write(b"".join(chunks))
        except OSError as e:
            print("receive from %s: %s" % (peer, e), file=sys.stderr)
        finally:
            c.close()

    def loop():
        while True:
            c, peer = ls.accept()
            threading.Thread(target=one, args=(c, peer), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def work(line):
    k, d, src, dst, pat, sport = line.split()
    res = []
    # one echo request per ping: with -c N, once a reply has come ping
    # waits only two round trips for the rest, less than a busy debug
    # kernel can take; alone, each request has 10 s for its reply
    got, why = 0, ""
    for _ in range(int(PINGS)):
        p = subprocess.run(["ping", "-n", "-q", "-c", "1", "-W", "10",
                            "-p", pat, "-I", src, dst],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(r"(\d+) received", p.stdout)
        got += int(m.group(1)) if m else 0
        if not m:
            why = " (%s)" % " ".join(p.stdout.split())
    res.append("ping %d%s" % (got, why))
    data = os.urandom(int(KIB) * 1024)
    with open("%s/tx/%s.%s" % (T, k, d), "wb") as f:
        f.write(data)
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    t0 = time.monotonic()
    try:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((src, int(sport)))
        s.settimeout(30)
        s.connect((dst, PORT))
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        while s.recv(4096):         # the receiver closes once it stored all
            pass
        s.close()
        res.append("tcp 0 %d" % ((time.monotonic() - t0) * 1000))
    except OSError as e:
        res.append("tcp 1 %d %s" % ((time.monotonic() - t0) * 1000, e))
    with open("%s/res/%s.%s" % (T, k, d), "w") as f:
        f.write("\n".join(res) + "\n")


# hold the packet-timestamp static key on while the pings come and go (see
# run_tests.sh: TCG has executed stale int3s of that branch being patched;
# Python has no socket.SO_TIMESTAMP: 29 on Linux)
ts = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ts.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_TIMESTAMP", 29), 1)
serve(socket.AF_INET, "0.0.0.0")
serve(socket.AF_INET6, "::")
open("%s/ready.%s" % (T, WHO), "w").close()
while len(glob.glob(T + "/ready.*")) < int(NH):
    time.sleep(0.05)
with open("%s/work.%s" % (T, WHO)) as f:
    lines = [x for x in f if x.strip()]
with ThreadPoolExecutor(int(JOBS)) as ex:
    for r in ex.map(work, lines):
        pass
open("%s/done.%s" % (T, WHO), "w").close()
while True:
    time.sleep(60)
PYEOF

# The verdict: python3 VERDICT T KIB PINGS PORT; reads T/combos, T/wire.pcap,
# T/res/K, T/tx, T/rx, T/sa-a.json, T/sa-b2.json, T/xfrm-b1.txt; prints
# one "ok NAME (...)" or "FAIL NAME (...): reasons" line per combination
# and notes about traffic that belongs to none.
read -r -d '' _WIDE_PY <<'PYEOF'
import hashlib, ipaddress, json, os, re, struct, sys

T, KIB, PINGS, PORT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
P = lambda a: ipaddress.ip_address(a).packed

combos = []
for line in open(T + "/combos"):
    f = line.split()
    c = dict(k=int(f[0]), name=f[1], proto=f[2], mode=f[3], fam=f[4],
             peer=f[5], oa=f[6], ob=f[7], ia=f[8], ib=f[9],
             sab=int(f[10], 16), sba=int(f[11], 16),
             marker=bytes.fromhex(f[12]), esn=f[13] != "0",
             readable=f[14] == "1")
    c["pk"] = {d: {50: 0, 51: 0} for d in ("ab", "ba")}
    c["spis"] = {"ab": set(), "ba": set()}
    c["seen"] = {"ab": 0, "ba": 0}      # packets showing the ping pattern
    c["itcp"] = {"ab": 0, "ba": 0}      # AH: inner TCP of the transfer
    c["clear"] = []
    c["frag"] = 0
    combos.append(c)
pairs, addrs = {}, {}
for c in combos:
    pairs[(P(c["oa"]), P(c["ob"]))] = (c, "ab")
    pairs[(P(c["ob"]), P(c["oa"]))] = (c, "ba")
    for a in (c["oa"], c["ob"], c["ia"], c["ib"]):
        addrs[P(a)] = c

# --- the capture (classic pcap, Ethernet) ---
data = open(T + "/wire.pcap", "rb").read()
e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
lt = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
if lt != 1:
    sys.exit("verdict: capture link type %d, expected Ethernet" % lt)
EXT6 = (0, 43, 60)
tot = dict(frames=0, nonip=0, esp=0, ah=0, clear=0, other=0, stray=0)
orphan_clear, stray = [], []


def l3(fr, p, et):
    """(src, dst, proto, l4 offset, first fragment?) or None"""
    if et == 0x0800 and len(fr) >= p + 20:
        ihl = (fr[p] & 15) * 4
        fo = struct.unpack_from("!H", fr, p + 6)[0] & 0x1FFF
        return fr[p + 12:p + 16], fr[p + 16:p + 20], fr[p + 9], p + ihl, fo == 0
    if et == 0x86DD and len(fr) >= p + 40:
        nh, q, first = fr[p + 6], p + 40, True
        while len(fr) >= q + 8 and nh in EXT6 + (44,):
            if nh == 44:
                first = struct.unpack_from("!H", fr, q + 2)[0] & 0xFFF8 == 0
                nh, q = fr[q], q + 8
            else:
                nh, q = fr[q], q + (fr[q + 1] + 1) * 8
        return fr[p + 8:p + 24], fr[p + 24:p + 40], nh, q, first
    return None


def fmt(a):
    return str(ipaddress.ip_address(a))


off = 24
while off + 16 <= len(data):
    incl = struct.unpack_from(e + "I", data, off + 8)[0]
    fr = data[off + 16:off + 16 + incl]
    off += 16 + incl
    tot["frames"] += 1
    if len(fr) < 14:
        continue
    et, p = struct.unpack_from("!H", fr, 12)[0], 14
    if et == 0x8100 and len(fr) >= 18:
        et, p = struct.unpack_from("!H", fr, 16)[0], 18
    h = l3(fr, p, et)
    if h is None:
        tot["nonip"] += 1
        continue
    src, dst, proto, q, first = h
    if proto in (50, 51):
        tot["esp" if proto == 50 else "ah"] += 1
        cd = pairs.get((src, dst))
        if cd is None:
            tot["stray"] += 1
            stray.append("%s > %s proto %d" % (fmt(src), fmt(dst), proto))
            continue
        c, d = cd
        c["pk"][d][proto] += 1
        if not first:
            c["frag"] += 1
            continue
        if proto == 50:
            if len(fr) >= q + 4:
                c["spis"][d].add(struct.unpack_from("!I", fr, q)[0])
            if c["marker"] in fr[q:]:
                c["seen"][d] += 1
            continue
        # AH: the payload behind it must be readable
        if len(fr) < q + 12:
            continue
        nh, alen = fr[q], (fr[q + 1] + 2) * 4
        c["spis"][d].add(struct.unpack_from("!I", fr, q + 4)[0])
        q += alen
        if nh in (4, 41):
            ih = l3(fr, q, 0x0800 if nh == 4 else 0x86DD)
            if ih is None:
                continue
            nh, q = ih[2], ih[3]
        if nh == 6 and len(fr) >= q + 4:
            ports = struct.unpack_from("!HH", fr, q)
            if PORT in ports:
                c["itcp"][d] += 1
        if nh in (1, 58) and c["marker"] in fr[q:]:
            c["seen"][d] += 1
        continue
    if proto in (6, 17, 1, 58):
        if proto == 58 and len(fr) > q and 133 <= fr[q] <= 137:
            continue                    # neighbour discovery
        if dst[0] == 0xFF or (len(dst) == 4 and (dst[0] >= 224 or dst == b"\xff" * 4)):
            continue                    # multicast / broadcast
        tot["clear"] += 1
        desc = "%s > %s proto %d" % (fmt(src), fmt(dst), proto)
        c = addrs.get(src) or addrs.get(dst)
        if c is None:
            orphan_clear.append(desc)
        else:
            c["clear"].append(desc)
        continue
    tot["other"] += 1

# --- per-SA state ---
def sajson(path):
    out = {}
    try:
        for sa in json.load(open(path)) or []:
            s = sa.get("spi")
            out[int(s, 0) if isinstance(s, str) else s] = sa
    except ValueError as x:
        print("note: %s: %s" % (path, x))
    return out


sa_a, sa_b2 = sajson(T + "/sa-a.json"), sajson(T + "/sa-b2.json")
xs, spi = {}, None
for line in open(T + "/xfrm-b1.txt"):
    m = re.match(r"\s*proto \S+ spi (0x[0-9a-f]+)", line)
    if m:
        spi = int(m.group(1), 16)
        xs[spi] = dict(packets=None, failed=None)
        continue
    m = re.match(r"\s*(\d+)\(bytes\), (\d+)\(packets\)", line)
    if m and spi is not None:
        xs[spi]["packets"] = int(m.group(2))
    m = re.search(r"replay-window \d+ replay \d+ failed (\d+)", line)
    if m and spi is not None:
        xs[spi]["failed"] = int(m.group(1))


def st(sa, f):
    return (sa.get("stats") or {}).get(f) if sa else None


def res(k):
    """{"ping_ab": "2", "tcp_ab": "0 1234", ...} from T/res/K.DIR"""
    r = {}
    for d in ("ab", "ba"):
        try:
            for line in open("%s/res/%d.%s" % (T, k, d)):
                w = line.split(None, 1)
                if len(w) == 2:
                    r[w[0] + "_" + d] = w[1].strip()
        except OSError:
            pass
    return r


def sha(path):
    try:
        return hashlib.sha256(open(path, "rb").read()).hexdigest()
    except OSError:
        return None


nfail = 0
for c in combos:
    k, bad = c["k"], []
    PR = "ESP" if c["proto"] == "esp" else "AH"
    pn = {50: "esp", 51: "ah"}
    mine, other = (50, 51) if c["proto"] == "esp" else (51, 50)
    r = res(k)
    for d in ("ab", "ba"):
        if "tcp_" + d not in r:
            bad.append("no traffic result %s" % d)
            continue
        v = r.get("ping_" + d, "?")
        if v.split()[0] != str(PINGS):
            bad.append("ping %s: %s/%d replies" % (d, v, PINGS))
        v = r["tcp_" + d].split(None, 2)
        port = 20000 + 2 * k + (d == "ba")
        if v[0] != "0":
            bad.append("TCP %s failed after %s ms: %s" % (d, v[1], v[2:]))
        rx = "%s/rx/%d" % (T, port)
        if not os.path.exists(rx):
            bad.append("TCP %s: nothing received" % d)
        elif sha(rx) != sha("%s/tx/%d.%s" % (T, k, d)):
            bad.append("TCP %s: data differ (%d of %d bytes)" %
                       (d, os.path.getsize(rx), KIB * 1024))
    # the wire
    for d in ("ab", "ba"):
        if c["pk"][d][mine] == 0:
            bad.append("no %s %s on the wire" % (PR, d))
        if c["pk"][d][other]:
            bad.append("%d %s packets %s" % (c["pk"][d][other], pn[other].upper(), d))
        want = c["sab"] if d == "ab" else c["sba"]
        if c["spis"][d] - {want}:
            bad.append("%s %s with SPIs %s" % (PR, d, sorted(hex(s) for s in c["spis"][d])))
        if c["readable"] and not c["seen"][d]:
            bad.append("ping pattern not readable %s" % d)
        if not c["readable"] and c["seen"][d]:
            bad.append("ping pattern readable in %d ESP packets %s" % (c["seen"][d], d))
        if c["proto"] == "ah" and not c["itcp"][d]:
            bad.append("no readable TCP inside AH %s" % d)
    if c["clear"]:
        bad.append("%d cleartext packets (%s)" % (len(c["clear"]), c["clear"][0]))
    # per-SA counters
    sab, sba = c["sab"], c["sba"]

    def sa_counts(host, sas, out_spi, in_spi):
        o, i = sas.get(out_spi), sas.get(in_spi)
        if not (st(o, "out_packets") or 0) > 0:
            bad.append("%s: SA %#x out_packets %s" % (host, out_spi, st(o, "out_packets")))
        if not (st(i, "in_packets") or 0) > 0:
            bad.append("%s: SA %#x in_packets %s" % (host, in_spi, st(i, "in_packets")))
        if st(i, "integrity_failed") != 0:
            bad.append("%s: SA %#x integrity_failed %s" % (host, in_spi, st(i, "integrity_failed")))
        return o, i

    a_out, a_in = sa_counts("A", sa_a, sab, sba)
    if c["esn"]:
        so, si = (a_out or {}).get("seq_out", 0), (a_in or {}).get("seq_in", 0)
        if so <= 0xFFFFFFFF or si <= 0xFFFFFFFF:
            bad.append("ESN: A's seq_out %#x / seq_in %#x not past 2^32" % (so, si))
    if c["peer"] == "ours":
        sa_counts("B2", sa_b2, sba, sab)
    else:
        for s in (sab, sba):
            x = xs.get(s)
            if x is None:
                bad.append("B1: no XFRM state %#x" % s)
                continue
            if not (x["packets"] or 0) > 0:
                bad.append("B1: XFRM state %#x packets %s" % (s, x["packets"]))
            if x["failed"] != 0:
                bad.append("B1: XFRM state %#x failed %s" % (s, x["failed"]))
    info = "#%d %s<->%s, %s %d/%d, ping %s+%s, TCP %s+%s ms" % (
        k, c["oa"], c["ob"], PR, c["pk"]["ab"][mine], c["pk"]["ba"][mine],
        r.get("ping_ab", "?").split()[0], r.get("ping_ba", "?").split()[0],
        r.get("tcp_ab", "? ?").split()[1], r.get("tcp_ba", "? ?").split()[1])
    if c["readable"]:
        info += ", payload readable %d/%d" % (c["seen"]["ab"], c["seen"]["ba"])
    if c["esn"]:
        info += ", ESN past 2^32"
    if c["frag"]:
        info += ", %d fragments" % c["frag"]
    if bad:
        nfail += 1
        print("FAIL %s (%s): %s" % (c["name"], info, "; ".join(bad)))
    else:
        print("ok %s (%s)" % (c["name"], info))

print("wire: %(frames)d frames: %(esp)d ESP, %(ah)d AH, %(clear)d cleartext "
      "TCP/UDP/ICMP, %(nonip)d not IP, %(other)d other IP" % tot)
if stray:
    print("note: %d ESP/AH packets between addresses of no combination, e.g. %s"
          % (len(stray), stray[0]))
if orphan_clear:
    print("FAIL cleartext-outside-combinations: %d packets, e.g. %s"
          % (len(orphan_clear), "; ".join(orphan_clear[:3])))
PYEOF
