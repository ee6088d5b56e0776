# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# bench/lib.sh: what the benchmarks in bench/ share. Sourced by
# bench/bench.sh, crypto.sh, tput.sh and spd-scale.sh, which run as root in
# the test VM (make bench, or make vm CMD='bash bench/tput.sh'). On top of
# selftests/lib/ipsec.sh (namespaces, cleanup, ipsecctl, counters).
#
# Three "stacks", each with its own pair of namespaces joined by a veth pair,
# so that all three are configured at once and the runs of one row
# alternate between them (plain, XFRM, ipsecdp, plain, XFRM, ...):
#
#   p  plain    no IPsec
#   x  xfrm     the kernel's XFRM on both hosts (ip -batch)
#   d  ipsecdp  ipsecdp on both hosts (ipsecctl -f)
#
#   netns bSA-SFX                                       netns bSB-SFX
#   eSa 10.0.0.1/24 fd00::1/64  <---- veth ---->  eSb 10.0.0.2/24 fd00::2/64
#   lo  10.1.0.1 fd01::1 (tunnel inner)           lo  10.2.0.1 fd02::1
#
# (S = p, x or d). Static neighbours; the inner addresses are routed via
# the peer. A always sends (iperf3 client), B runs the iperf3 server.
#
# Every measurement is printed as one line
#   BENCH-JSON {"section": ..., "case": ..., "stack": ..., "run": N, "value": V, ...}
# which bench/report.py collects (from a VM console log or a pipe) into
# medians, ratios, results.json, results.md and the chart. Progress lines
# start with "bench: ".
#
# Environment (all optional):
#   BENCH_RUNS   runs per row: the median is reported, with min and max
#                (default 5)
#   BENCH_SECS   seconds per iperf3 run (default 4; Documentation/performance.rst,
#                Budget)
#   BENCH_ONLY   comma-separated sections: crypto,tcp,udp,latency,flows,
#                scale,load
#                (default: all)
#   BENCH_MODPARAMS  ipsecdp's module parameters, e.g. parallel_crypto=1
#                (crypto_glue/parallel.c: pcrypt, which XFRM's ESP then
#                gets as well; the run records it)
#   BENCH_GRO    "on": GRO on both veths (a veth's default is off; a
#                NIC's is on), for all three stacks (the run records it)

. "$(dirname "${BASH_SOURCE[0]}")/../selftests/lib/ipsec.sh"

BENCH_DIR=$REPO/bench
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_SECS=${BENCH_SECS:-4}
BENCH_ONLY=${BENCH_ONLY:-all}
# TCG reorders bulk traffic by more than 32 packets at times (see
# selftests/tests/10-esp-xfrm-interop.sh): the same wide window everywhere
BENCH_RW=${BENCH_RW:-1024}
BENCH_MODPARAMS=${BENCH_MODPARAMS:-}
BENCH_GRO=${BENCH_GRO:-}

B_A4=10.0.0.1
B_B4=10.0.0.2
B_A6=fd00::1
B_B6=fd00::2
B_IA4=10.1.0.1
B_IB4=10.2.0.1
B_IA6=fd01::1
B_IB6=fd02::1

# keys, per algorithm and direction (key || salt); benchmark keys need not
# be secret
B_KEY_gcm128_ab=0x0102030405060708090a0b0c0d0e0f1011121314
B_KEY_gcm128_ba=0x1112131415161718191a1b1c1d1e1f2021222324
B_KEY_chacha_ab=0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324
B_KEY_chacha_ba=0x1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334
B_KEY_gcm256_ab=$B_KEY_chacha_ab
B_KEY_gcm256_ba=$B_KEY_chacha_ba
B_KEY_ahsha256_ab=0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20
B_KEY_ahsha256_ba=0x1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30

# --- names ---------------------------------------------------------------------

bench_want() {	# bench_want SECTION: selected by BENCH_ONLY?
	[ "$BENCH_ONLY" = all ] && return 0
	case ,$BENCH_ONLY, in *,"$1",*) return 0 ;; esac
	return 1
}

nsa() { echo "b${1}A-$SFX"; }
nsb() { echo "b${1}B-$SFX"; }

stack_name() {
	case $1 in p) echo plain ;; x) echo xfrm ;; d) echo ipsecdp ;; esac
}

alg_aead() {	# the AEAD of an ESP algorithm; none for AH
	case $1 in
	gcm128 | gcm256) echo 'rfc4106(gcm(aes))' ;;
	chacha) echo 'rfc7539esp(chacha20,poly1305)' ;;
	ahsha256) ;;
	*) echo "bench: unknown algorithm $1" >&2; return 1 ;;
	esac
}

alg_proto() {	# esp or ah
	case $1 in ah*) echo ah ;; *) echo esp ;; esac
}

alg_label() {
	case $1 in
	gcm128) echo AES-GCM-128 ;;
	gcm256) echo AES-GCM-256 ;;
	chacha) echo ChaCha20-Poly1305 ;;
	ahsha256) echo AH-HMAC-SHA256 ;;
	esac
}

fam_label() {
	case $1 in ipv4) echo IPv4 ;; ipv6) echo IPv6 ;; esac
}

# bench_dst MODE FAM: the address A sends to
bench_dst() {
	case $1-$2 in
	transport-ipv4) echo "$B_B4" ;;
	transport-ipv6) echo "$B_B6" ;;
	tunnel-ipv4) echo "$B_IB4" ;;
	tunnel-ipv6) echo "$B_IB6" ;;
	esac
}

# --- output ----------------------------------------------------------------------

# say MSG: a progress line, with the VM's uptime in seconds
say() { printf 'bench: [%s] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"; }

_jstr() {	# a JSON string (no control characters expected)
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

# emit SECTION CASE STACK RUN VALUE UNIT BETTER [EXTRA]: one measurement;
# VALUE "null" for a failed run; BETTER higher|lower; EXTRA: more JSON
# members ('"plain_key": "...", "esp_pkts": 12')
emit() {
	printf 'BENCH-JSON {"section": %s, "case": %s, "stack": %s, "run": %s, "value": %s, "unit": %s, "better": %s%s}\n' \
		"$(_jstr "$1")" "$(_jstr "$2")" "$(_jstr "$3")" "$4" "${5:-null}" \
		"$(_jstr "$6")" "$(_jstr "$7")" "${8:+, $8}"
}

# emit_meta KEY JSON-VALUE: facts about the run (machine, settings, phase times)
emit_meta() {
	printf 'BENCH-META {"%s": %s}\n' "$1" "$2"
}

jlist() {	# jlist NAME...: {"NAME": "value", ...} of the set variables
	local v sep='' out='{'
	for v in "$@"; do
		[ -n "${!v+x}" ] || continue
		out="$out$sep$(_jstr "$v"): $(_jstr "${!v}")"
		sep=', '
	done
	echo "$out}"
}

ms_since() {	# ms_since T0_NS
	echo $((($(date +%s%N) - $1) / 1000000))
}

# nsx NS CMD...: CMD in network namespace NS only; cheaper than `ip netns
# exec` (no /sys remount), which counts when it happens twice a run
nsx() {
	local ns=$1
	shift
	nsenter "--net=/run/netns/$ns" "$@"
}

# --- set-up ----------------------------------------------------------------------

# bench_need: tools, XFRM, the module and ipsecctl
bench_need() {
	need_cmd iperf3 awk
	need_xfrm
	need_mod esp6
	# what udev loads on a machine with AES-NI and PCLMULQDQ (the VM has
	# no udev): without it, rfc4106(gcm(aes)) is aes-generic's C code
	modprobe -q aesni_intel 2>/dev/null
	modprobe -q ghash_clmulni_intel 2>/dev/null
	if ! grep -q '^ipsecdp ' /proc/modules; then
		# shellcheck disable=SC2086
		insmod "$REPO/build/$(uname -r)/ipsecdp.ko" $BENCH_MODPARAMS ||
			ksft_fail "insmod ipsecdp $BENCH_MODPARAMS failed"
		add_cleanup "rmmod ipsecdp"
	fi
	need_ipsecctl
}

_mac() { in_ns "$1" cat "/sys/class/net/$2/address"; }

# bench_topo S: S's two namespaces, the veth pair, addresses, static
# neighbours, routes to the inner addresses, an iperf3 server on B (under
# TCG this takes some 15 s, which is why bench/bench.sh makes them once)
bench_topo() {
	local s=$1 a b ia ib ma mb
	a=$(nsa "$s") b=$(nsb "$s") ia=e${s}a$SFX ib=e${s}b$SFX
	# made already by bench/bench.sh (same SFX) for all phases: reuse
	_ns_exists "$a" && _ns_exists "$b" && return 0
	veth_pair "$a" "$ia" "$B_A4/24,$B_A6/64" "$b" "$ib" "$B_B4/24,$B_B6/64"
	if [ "$BENCH_GRO" = on ]; then
		in_ns "$a" ethtool -K "$ia" gro on >/dev/null &&
			in_ns "$b" ethtool -K "$ib" gro on >/dev/null ||
			ksft_fail "bench_topo $s: cannot turn GRO on"
	fi
	_addrs "$a" lo "$B_IA4/32,$B_IA6/128"
	_addrs "$b" lo "$B_IB4/32,$B_IB6/128"
	ma=$(_mac "$a" "$ia")
	mb=$(_mac "$b" "$ib")
	ip -n "$a" neigh replace "$B_B4" lladdr "$mb" dev "$ia" nud permanent &&
		ip -n "$a" neigh replace "$B_B6" lladdr "$mb" dev "$ia" nud permanent &&
		ip -n "$b" neigh replace "$B_A4" lladdr "$ma" dev "$ib" nud permanent &&
		ip -n "$b" neigh replace "$B_A6" lladdr "$ma" dev "$ib" nud permanent &&
		ip -n "$a" route add "$B_IB4/32" via "$B_B4" src "$B_IA4" &&
		ip -n "$a" -6 route add "$B_IB6/128" via "$B_B6" src "$B_IA6" &&
		ip -n "$b" route add "$B_IA4/32" via "$B_A4" src "$B_IB4" &&
		ip -n "$b" -6 route add "$B_IA6/128" via "$B_A6" src "$B_IB6" ||
		ksft_fail "bench_topo $s: cannot add neighbours/routes"
	wait_for -t 30 in_ns "$a" ping -c1 -W1 "$B_B4" &&
		wait_for -t 10 in_ns "$a" ping -c1 -W1 "$B_B6" &&
		wait_for -t 10 in_ns "$a" ping -c1 -W1 "$B_IB4" &&
		wait_for -t 10 in_ns "$a" ping -c1 -W1 "$B_IB6" ||
		ksft_fail "bench_topo $s: no connectivity before IPsec set-up"
	in_ns "$b" iperf3 -s -D -I "$T/iperf3-$s.pid" >/dev/null 2>&1 ||
		ksft_fail "bench_topo $s: iperf3 server did not start"
	add_cleanup "kill \$(cat '$T/iperf3-$s.pid' 2>/dev/null) 2>/dev/null"
	wait_for -t 30 _listening "$b" 5201 ||
		ksft_fail "bench_topo $s: iperf3 server not listening"
}

# --- configuration -----------------------------------------------------------------

# bench_flow_conf S SIDE ALG MODE FAM [PRIO]: the batch file (ipsecctl -f
# for d, ip -batch for x) that protects A <-> B: flush, both SAs, an out and
# an in policy. SIDE a or b. SPIs 0x100 (A -> B) and 0x200 (B -> A), reqid
# 1. ESP with a 128-bit ICV; AH (ahsha256) with HMAC-SHA256-128. For one
# of many flows (bench/flows.sh), FLOW_B, FLOW_SPI_AB, FLOW_SPI_BA and
# FLOW_REQID, when set, give B's address, the SPIs and the reqid.
bench_flow_conf() {
	local s=$1 side=$2 alg=$3 mode=$4 fam=$5 prio=${6:-10}
	local aead proto l r il ir pl so si ko ki tout tin ao ai
	local reqid=${FLOW_REQID:-1}
	aead=$(alg_aead "$alg") || return 1
	proto=$(alg_proto "$alg")
	if [ "$fam" = ipv4 ]; then
		l=$B_A4 r=${FLOW_B:-$B_B4} il=$B_IA4 ir=$B_IB4 pl=32
	else
		l=$B_A6 r=${FLOW_B:-$B_B6} il=$B_IA6 ir=$B_IB6 pl=128
	fi
	[ "$mode" = transport ] && il=$l ir=$r
	so=${FLOW_SPI_AB:-0x100} si=${FLOW_SPI_BA:-0x200}
	eval "ko=\$B_KEY_${alg}_ab ki=\$B_KEY_${alg}_ba"
	if [ "$side" = b ]; then
		local t=$l
		l=$r r=$t t=$il il=$ir ir=$t t=$so so=$si si=$t t=$ko ko=$ki ki=$t
	fi
	if [ "$proto" = ah ]; then
		ao="auth-trunc hmac(sha256) $ko 128" ai="auth-trunc hmac(sha256) $ki 128"
	else
		ao="aead $aead $ko 128" ai="aead $aead $ki 128"
	fi
	if [ "$s" = d ]; then
		tout='' tin=''
		[ "$mode" = tunnel ] && tout="src $l dst $r " tin="src $r dst $l "
		cat <<EOF
policy flush
sa flush
sa add src $l dst $r proto $proto spi $so mode $mode $ao replay-window $BENCH_RW
sa add src $r dst $l proto $proto spi $si mode $mode $ai replay-window $BENCH_RW
policy add src $il/$pl dst $ir/$pl dir out priority $prio tmpl ${tout}proto $proto mode $mode spi $so
policy add src $ir/$pl dst $il/$pl dir in priority $prio tmpl ${tin}proto $proto mode $mode
EOF
	else
		cat <<EOF
xfrm policy flush
xfrm state flush
xfrm state add src $l dst $r proto $proto spi $so reqid $reqid mode $mode $ao replay-window $BENCH_RW
xfrm state add src $r dst $l proto $proto spi $si reqid $reqid mode $mode $ai replay-window $BENCH_RW
xfrm policy add src $il/$pl dst $ir/$pl dir out priority $prio tmpl src $l dst $r proto $proto reqid $reqid mode $mode
xfrm policy add src $ir/$pl dst $il/$pl dir in priority $prio tmpl src $r dst $l proto $proto reqid $reqid mode $mode
EOF
	fi
}

# bench_apply S NS FILE: load a batch file into NS with S's tool
bench_apply() {
	local out
	if [ "$1" = d ]; then
		out=$(nsx "$2" "$IPSECCTL" -f "$3" 2>&1)
	else
		out=$(ip -n "$2" -batch "$3" 2>&1)
	fi || { say "loading $3 into ${2%%-*} failed: $(head -c 300 <<<"$out")"; return 1; }
}

# bench_setup S ALG MODE FAM: (re)configure both hosts of S for one flow
FLOW_L=$B_A4
FLOW_R=$B_B4
FLOW_PROTO=esp
declare -A ESP_LAST
bench_setup() {
	local s=$1 side
	if [ "$4" = ipv4 ]; then FLOW_L=$B_A4 FLOW_R=$B_B4; else FLOW_L=$B_A6 FLOW_R=$B_B6; fi
	[ "$s" = p ] || FLOW_PROTO=$(alg_proto "$2")
	ESP_LAST[$s]=
	[ "$s" = p ] && return 0
	for side in a b; do
		bench_flow_conf "$s" "$side" "$2" "$3" "$4" >"$T/flow-$s-$side.conf" &&
			bench_apply "$s" "$("ns$side" "$s")" "$T/flow-$s-$side.conf" || return 1
	done
}

# bench_flush S: no SA and no policy on either host
bench_flush() {
	local ns
	for ns in "$(nsa "$1")" "$(nsb "$1")"; do
		case $1 in
		d) ctl "$ns" policy flush; ctl "$ns" sa flush ;;
		x) ip -n "$ns" xfrm policy flush; ip -n "$ns" xfrm state flush ;;
		esac
	done
}

# bench_flush_all: no SA and no policy left in XFRM's or ipsecdp's hosts
bench_flush_all() {
	local s
	for s in x d; do
		bench_flush "$s"
	done
}

# style_obj STYLE policy|sa: the object's word in STYLE's batch files,
# d (ipsecctl -f) or x (ip -batch: "xfrm policy", "xfrm state")
style_obj() {
	case $1:$2 in
	x:policy) echo "xfrm policy" ;;
	x:sa) echo "xfrm state" ;;
	*) echo "$2" ;;
	esac
}

# unrelated_pols N STYLE [FIRST [DIR]]: N policies (outbound unless DIR,
# e.g. "in") that match nothing of the flows (90% host-to-host /32 -> /32,
# 10% /24 -> /16../32 with a TCP port: XFRM has no port ranges), numbered
# from FIRST (default 0). STYLE: d (ipsecctl lines) or x (ip -batch lines)
unrelated_pols() {
	awk -v n="$1" -v pre="$(style_obj "$2" policy)" -v first="${3:-0}" \
		-v dir="${4:-out}" 'BEGIN {
		for (i = first; i < first + n; i++) {
			a = int(i / 65536); b = int(i / 256) % 256; c = i % 256
			if (i % 10 == 9) {
				sel = sprintf("src 172.%d.%d.0/24 dst 192.%d.%d.0/%d proto tcp dport %d",
					      16 + a, b, 168 + a, b, 16 + i % 17, 1 + i % 60000)
			} else {
				sel = sprintf("src 172.%d.%d.%d/32 dst 172.%d.%d.%d/32",
					      16 + a, b, c, 24 + a, b, c)
			}
			printf "%s add %s dir %s priority 100 tmpl proto esp mode transport\n", pre, sel, dir
		}
	}'
}

# overlap_pols STYLE: outbound policies that all overlap the flow A -> B
# (10.0.0.1 -> 10.0.0.2, TCP to 5201, priority 10) and must not win:
#   - 1,023 "block" policies, one per (source, destination) prefix-length
#     pair that holds the flow's addresses (1..32 x 1..32 but 32/32, the
#     flow's own selector), priority 100: they lose on priority;
#   - 1,000 "block" policies between the same two /24s, TCP to ports
#     6000-15999, priority 5: they win on priority but not on the port
#     (ipsecdp: ranges of 10 ports; XFRM has no ranges: the first port).
# STYLE: d (ipsecctl lines) or x (ip -batch lines)
overlap_pols() {
	awk -v style="$1" -v pre="$(style_obj "$1" policy)" 'function net(ip, len) { return ip - ip % 2 ^ (32 - len) }
	function dq(ip) { return sprintf("%d.%d.%d.%d", int(ip / 16777216), int(ip / 65536) % 256,
				 int(ip / 256) % 256, ip % 256) }
	function pol(sel, prio) {
		printf "%s add %s dir out priority %d action block\n", pre, sel, prio
	}
	BEGIN {
		a = 10 * 16777216 + 1; b = 10 * 16777216 + 2
		for (sl = 1; sl <= 32; sl++)
			for (dl = 1; dl <= 32; dl++)
				if (sl < 32 || dl < 32)
					pol(sprintf("src %s/%d dst %s/%d", dq(net(a, sl)), sl, dq(net(b, dl)), dl), 100)
		for (i = 0; i < 1000; i++) {
			p = 6000 + 10 * i
			pol(sprintf("src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp dport %s",
				    style == "x" ? p : p "-" (p + 9)), 5)
		}
	}'
}

# unrelated_sas N STYLE [FIRST]: N AES-GCM SAs between addresses no flow
# uses, numbered from FIRST (default 0)
unrelated_sas() {
	awk -v n="$1" -v pre="$(style_obj "$2" sa)" -v first="${3:-0}" -v key="$B_KEY_gcm128_ab" 'BEGIN {
		for (i = first; i < first + n; i++) {
			a = int(i / 65536); b = int(i / 256) % 256; c = i % 256
			s = sprintf("src 172.%d.%d.%d dst 172.%d.%d.%d proto esp spi 0x%x mode transport",
				    16 + a, b, c, 24 + a, b, c, 4096 + i)
			printf "%s add %s aead rfc4106(gcm(aes)) %s 128\n", pre, s, key
		}
	}'
}

# --- measuring ---------------------------------------------------------------------

# esp_pkts S [all]: ESP packets A's flow SAs processed so far (in + out); 0
# for plain. XFRM: the two SAs of the flow bench_setup configured last, or
# with "all" every SA of A (ipsecdp's global counters count all anyway)
esp_pkts() {
	local ns
	ns=$(nsa "$1")
	case $1 in
	d) nsx "$ns" "$IPSECCTL" stats | awk '$1 == "InPackets" || $1 == "OutPackets" { n += $2 } END { print n + 0 }' ;;
	x) if [ "${2:-}" = all ]; then
		ip -n "$ns" -s xfrm state list
	   else
		ip -n "$ns" -s xfrm state get src "$FLOW_L" dst "$FLOW_R" proto "$FLOW_PROTO" spi 0x100
		ip -n "$ns" -s xfrm state get src "$FLOW_R" dst "$FLOW_L" proto "$FLOW_PROTO" spi 0x200
	   fi 2>/dev/null | awk '/lifetime current:/ { getline; split($0, f, /[(,]/); n += f[3] + 0 } END { print n + 0 }' ;;
	*) echo 0 ;;
	esac
}

# iperf_parse tcp|udp FILE: one iperf3 -J result as "VALUE EXTRA": VALUE
# Mbit/s received (tcp) or packets/s received (udp), "null" if the run
# failed; EXTRA: JSON members for the record. awk, not python: under TCG a
# python start costs seconds. Reads cJSON's layout (one member a line).
iperf_parse() {
	awk -v kind="$1" '
	{ line = $0; sub(/,[ \t]*$/, "", line) }
	line ~ /^[ \t]*"[A-Za-z_]+":[ \t]*[{[]$/ {
		obj = line; sub(/^[ \t]*"/, "", obj); sub(/".*/, "", obj); next
	}
	line ~ /^[ \t]*[}\]]/ { obj = ""; next }
	line ~ /^[ \t]*"[A-Za-z_]+":/ {
		k = line; sub(/^[ \t]*"/, "", k); sub(/".*/, "", k)
		v = line; sub(/^[ \t]*"[A-Za-z_]+":[ \t]*/, "", v)
		if (k == "error") err = v
		val[obj "." k] = v
	}
	END {
		if (err != "") { printf "null \"error\": %s\n", err; exit }
		secs = val["sum_received.seconds"] + 0
		if (secs <= 0) { print "null \"error\": \"no sum_received\""; exit }
		cpu = sprintf("\"cpu_snd\": %.1f, \"cpu_rcv\": %.1f",
			      val["cpu_utilization_percent.host_total"],
			      val["cpu_utilization_percent.remote_total"])
		if (kind == "tcp") {
			printf "%.2f \"retrans\": %d, %s\n", val["sum_received.bits_per_second"] / 1e6,
				val["sum_sent.retransmits"], cpu
		} else {
			blk = val["test_start.blksize"] + 0
			if (blk <= 0) blk = 64
			ss = val["sum_sent.seconds"] + 0
			printf "%.0f \"sent_pps\": %.0f, \"lost_pct\": %.1f, \"payload\": %d, %s\n",
				val["sum_received.bytes"] / blk / secs,
				val["sum_sent.packets"] / (ss > 0 ? ss : secs),
				val["sum_received.lost_percent"], blk, cpu
		}
	}' "$2"
}

# bench_iperf S SECTION CASE RUN DST [PLAIN_KEY] -- IPERF_ARGS...: one
# iperf3 run from A to DST in S's namespaces; emits the record (Mbit/s for
# TCP, received packets/s for UDP) and prints a progress line. A run with
# IPsec that moved (almost) no ESP packet is recorded as failed.
bench_iperf() {
	local s=$1 sec=$2 case=$3 run=$4 dst=$5 pk=$6 e0 e1 out rc val extra stack unit=Mbit/s
	shift 6
	[ "${1:-}" = -- ] && shift
	[ "$sec" = udp ] && unit=pkt/s
	stack=$(stack_name "$s")
	# the count after the previous run of S, unless bench_setup reset it
	e0=${ESP_LAST[$s]:-}
	[ -n "$e0" ] || e0=$(esp_pkts "$s")
	timeout $((BENCH_SECS + 60)) nsenter "--net=/run/netns/$(nsa "$s")" \
		iperf3 -c "$dst" -t "$BENCH_SECS" -J --connect-timeout 10000 "$@" \
		>"$T/iperf.json" 2>"$T/iperf.err"
	rc=$?
	e1=$(esp_pkts "$s")
	ESP_LAST[$s]=$e1
	out=$(iperf_parse "$([ "$sec" = udp ] && echo udp || echo tcp)" "$T/iperf.json" 2>&1)
	val=${out%% *} extra=${out#* }
	if [ $rc != 0 ] || ! [[ $val =~ ^[0-9.]+$ ]]; then
		say "$sec | $case | $stack | run $run: iperf3 failed (rc $rc): $(head -c 200 "$T/iperf.err") $(head -c 200 <<<"$out")"
		val=null extra='"error": "iperf3 failed"'
	elif [ "$s" != p ] && [ $((e1 - e0)) -lt 100 ]; then
		say "$sec | $case | $stack | run $run: only $((e1 - e0)) ESP packets: not counted"
		val=null extra="$extra, \"error\": \"no ESP\""
	fi
	extra="$extra, \"esp_pkts\": $((e1 - e0)), \"secs\": $BENCH_SECS"
	[ -n "$pk" ] && extra="$extra, \"plain_key\": $(_jstr "$pk")"
	emit "$sec" "$case" "$stack" "$run" "$val" "$unit" higher "$extra"
	say "$sec | $case | $stack | run $run: $val $unit"
}
