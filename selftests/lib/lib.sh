# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/lib.sh: helpers for the ipsecdp shell selftests.
#
# A test is selftests/tests/NN-name.sh, run by selftests/run_tests.sh as root
# inside the test VM with ipsecdp.ko already loaded, from the repo root:
#
#	#!/bin/bash
#	# timeout: 120            (optional, seconds; default 600)
#	. "$(dirname "$0")/../lib/lib.sh"
#	veth_pair a va 10.0.0.1/24,fd00::1/64 b vb 10.0.0.2/24,fd00::2/64
#	in_ns a ping -c1 -W2 10.0.0.2 || ksft_fail "no connectivity"
#	check_counter a esp_out_packets 0
#	ksft_pass
#
# Exit status: 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP). Everything
# the test prints ends up in the TAP output as "# ..." lines.
# Namespaces made with ns_create/veth_pair are deleted on exit, after any
# commands registered with add_cleanup (run last-in, first-out).

set -u

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
IPSECCTL=${IPSECCTL:-$REPO/tools/ipsecctl/ipsecctl}
PY=/usr/bin/python3		# Debian's python3 (has scapy, cryptography)
export REPO IPSECCTL PY

# log MSG...: print a line (shows up as "# MSG" in the TAP output)
log() { printf '%s\n' "$*"; }

ksft_pass() { [ $# -gt 0 ] && log "PASS: $*"; exit $KSFT_PASS; }
ksft_fail() { log "FAIL: $*"; exit $KSFT_FAIL; }
# ksft_skip REASON: the last "SKIP: " line becomes the TAP skip reason
ksft_skip() { log "SKIP: $*"; exit $KSFT_SKIP; }

# need_cmd CMD...: skip the test unless every CMD is available
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || ksft_skip "$c not available"
	done
}

# need_mod MOD...: modprobe kernel modules, skip the test if one is missing
need_mod() {
	local m
	for m in "$@"; do
		modprobe -q "$m" || ksft_skip "kernel module $m not available"
	done
}

# --- cleanup ------------------------------------------------------------------

_LIB_NETNS=()
_LIB_CLEANUP=()

# add_cleanup 'CMD': run CMD (with eval) when the test exits
add_cleanup() { _LIB_CLEANUP+=("$1"); }

cleanup() {
	local i
	for ((i = ${#_LIB_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${_LIB_CLEANUP[i]}" || true
	done
	_LIB_CLEANUP=()
	for ((i = ${#_LIB_NETNS[@]} - 1; i >= 0; i--)); do
		ip netns del "${_LIB_NETNS[i]}" 2>/dev/null || true
	done
	_LIB_NETNS=()
}
# _LIB_STATUS: the script's exit status, for cleanups that depend on it
trap '_LIB_STATUS=$?; cleanup' EXIT

# --- network namespaces -------------------------------------------------------

# ns_create NAME: create netns NAME (replacing a stale one), lo up
ns_create() {
	local ns=$1
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || ksft_fail "cannot create netns $ns"
	_LIB_NETNS+=("$ns")
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 >/dev/null 2>&1
	return 0
}

# in_ns NS CMD...: run CMD in netns NS ("" or "-" = the current one)
in_ns() {
	local ns=$1
	shift
	if [ -z "$ns" ] || [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

_ns_exists() { [ -e "/run/netns/$1" ]; }

# _addrs NS IF ADDRS: add comma/space separated CIDRs (IPv4 or IPv6)
_addrs() {
	local ns=$1 ifc=$2 a
	for a in ${3//,/ }; do
		case $a in
		*:*) ip -n "$ns" addr add "$a" dev "$ifc" nodad ;;
		*) ip -n "$ns" addr add "$a" dev "$ifc" ;;
		esac || ksft_fail "cannot add $a to $ns/$ifc"
	done
}

# veth_pair NS1 IF1 ADDRS1 NS2 IF2 ADDRS2
# Create a veth pair IF1 (in NS1) <-> IF2 (in NS2), creating the namespaces
# if needed; ADDRS are comma-separated CIDRs ("10.0.0.1/24,fd00::1/64",
# or "" for none). Both ends and lo are brought up.
veth_pair() {
	local ns1=$1 if1=$2 a1=$3 ns2=$4 if2=$5 a2=$6
	_ns_exists "$ns1" || ns_create "$ns1"
	_ns_exists "$ns2" || ns_create "$ns2"
	ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2" ||
		ksft_fail "cannot create veth $ns1/$if1 <-> $ns2/$if2"
	_addrs "$ns1" "$if1" "$a1"
	_addrs "$ns2" "$if2" "$a2"
	ip -n "$ns1" link set "$if1" up
	ip -n "$ns2" link set "$if2" up
}

# --- polling and checks -------------------------------------------------------

# wait_for [-t SECONDS] CMD...: poll CMD every 0.1 s until it succeeds;
# returns 1 after SECONDS (default 10)
wait_for() {
	local t=10 end
	if [ "${1:-}" = -t ]; then
		t=$2
		shift 2
	fi
	end=$((SECONDS + t))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

# check_eq DESC GOT EXPECTED: fail the test (exit 1) unless GOT == EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then
		log "ok: $1 = $3"
	else
		ksft_fail "$1: got '$2', expected '$3'"
	fi
}

# counter NS NAME: print the value of counter NAME from `ipsecctl stats`
# (lines "Name value") in netns NS; empty if there is no such counter
counter() {
	in_ns "$1" "$IPSECCTL" stats | awk -v n="$2" '$1 == n { print $2; exit }'
}

# check_counter NS NAME EXPECTED: fail unless the counter equals EXPECTED;
# EXPECTED may also be ">=N" or ">N"
check_counter() {
	local ns=$1 name=$2 want=$3 got
	got=$(counter "$ns" "$name")
	[ -n "$got" ] || ksft_fail "counter $name not found in '$IPSECCTL stats' (netns ${ns:--})"
	case $want in
	'>='*) [ "$got" -ge "${want#>=}" ] ;;
	'>'*) [ "$got" -gt "${want#>}" ] ;;
	*) [ "$got" = "$want" ] ;;
	esac || ksft_fail "counter $name (netns ${ns:--}): got $got, expected $want"
	log "ok: counter $name = $got ($want)"
}
