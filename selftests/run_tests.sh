#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/run_tests.sh: run the ipsecdp selftests and print kselftest TAP.
# Runs INSIDE the test VM as root (see selftests/vm/run-vm.sh, `make check`):
#
#   1. insmod build/$(uname -r)/ipsecdp.ko          -> "module-load"
#   2. every selftests/tests/NN-* test, sorted: NN-*.sh (run with bash) or
#      any other executable NN-* file; per-test timeout 600 s unless the
#      test has a line "# timeout: N"
#   3. rmmod ipsecdp                                 -> "module-unload"
#   4. kmemleak scan, only where /sys/kernel/debug/kmemleak exists
#
# Test exit status: 0 pass, 4 skip (reason: its last "SKIP: ..." line),
# anything else fail; a test that newly taints the kernel with a WARN/oops/
# soft lockup fails too. Network namespaces a test leaves behind are deleted
# after it.
#
# Environment: TESTS='01-* esp' selects tests (globs on the file name, with
# or without .sh); TEST_TIMEOUT changes the default timeout;
# IPSECDP_TIMEOUT_SCALE multiplies every timeout (default 5 on a kernel
# with kmemleak, i.e. the debug kernel, else 1);
# IPSECDP_KO overrides the module path.
set -u
# The whole script is one compound command, parsed before it runs: editing
# this file cannot derail copies already running.
{
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 1
KVER=$(uname -r)
KO=${IPSECDP_KO:-$REPO/build/$KVER/ipsecdp.ko}
TESTDIR=$REPO/selftests/tests
DEFAULT_TIMEOUT=${TEST_TIMEOUT:-600}
# The debug kernel (KASAN, lockdep, kmemleak under TCG) runs the tests about
# five times slower: their time limits grow with it (TIMEOUT_SCALE overrides).
TIMEOUT_SCALE=1
[ -e /sys/kernel/debug/kmemleak ] && TIMEOUT_SCALE=5
TIMEOUT_SCALE=${IPSECDP_TIMEOUT_SCALE:-$TIMEOUT_SCALE}
IPSECCTL=$REPO/tools/ipsecctl/ipsecctl
export REPO KVER IPSECCTL

# --- select tests --------------------------------------------------------------
read -ra pats <<<"${TESTS:-}"
selected() {
	local name=$1 p
	[ ${#pats[@]} -eq 0 ] && return 0
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $name == $p || ${name%.*} == $p ]] && return 0
	done
	return 1
}
tests=()
for f in "$TESTDIR"/[0-9][0-9]-*; do
	[ -f "$f" ] || continue
	case $f in
	*.sh) ;;
	*~ | *.orig | *.rej | *.c | *.h | *.o) continue ;;
	*) [ -x "$f" ] || continue ;;
	esac
	selected "$(basename "$f")" && tests+=("$f")
done

# Tiers (see Documentation/kselftest.rst): `make check` runs "# tier: core"
# tests on every kernel, "# tier: a" ones on the oldest kernel and
# "# tier: b" ones on the newest (IPSECDP_TIER), to fit CI's time; any
# other test ("# tier: extended", or none yet: long, or not yet proven on
# a quiet machine for both kernels) only with IPSECDP_TIER unset or "all"
# (make check-full). IPSECDP_TIER=debug (the debug kernel in make check)
# selects the tests with a line "# debug: gate" instead.
off_tier=()
in_tier() {
	local t
	# the debug kernel's share of make check: "# debug: gate" tests
	if [ "${IPSECDP_TIER:-}" = debug ]; then
		grep -q '^# debug: *gate' "$1"
		return
	fi
	t=$(sed -n 's/^# tier: *\([a-z]*\).*/\1/p' "$1" | head -1)
	[ "$t" = core ] || [ -z "${IPSECDP_TIER:-}" ] ||
		[ "$IPSECDP_TIER" = all ] || [ "$t" = "$IPSECDP_TIER" ]
}
if [ -n "${IPSECDP_TIER:-}" ] && [ "$IPSECDP_TIER" != all ]; then
	keep=()
	for f in "${tests[@]}"; do
		if in_tier "$f"; then keep+=("$f"); else off_tier+=("$f"); fi
	done
	tests=("${keep[@]}")
fi

KMEMLEAK=/sys/kernel/debug/kmemleak
nplan=$((${#tests[@]} + 2))
[ -e $KMEMLEAK ] && nplan=$((nplan + 1))

n=0 failed=0
result() {	# result ok|fail|skip NAME [REASON]
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP ${3:-}" ;;
	*) echo "not ok $n $2${3:+ # $3}"; failed=$((failed + 1)) ;;
	esac
}
indent() { sed -u 's/^/# /'; }

echo "TAP version 13"
echo "1..$nplan"
echo "# ipsecdp selftests on $KVER, $(nproc) CPUs, module $KO"
for f in "${off_tier[@]}"; do
	echo "# not run here (tier $(sed -n 's/^# tier: *//p' "$f" | head -1); make check-full runs it): $(basename "$f")"
done

# Keep the kernel's packet-timestamp static key enabled for the whole run:
# every ping would otherwise flip it on and off, and multi-threaded TCG
# has been seen to execute a stale int3 while another vCPU patches that
# branch ("Oops: int3" in __netif_receive_skb_core). One socket with
# SO_TIMESTAMP held open from here on means the key never flips.
# (Python 3.11 has no socket.SO_TIMESTAMP: it is 29 on Linux.)
/usr/bin/python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_TIMESTAMP", 29), 1)
time.sleep(1e6)' </dev/null >/dev/null 2>&1 &
TSTAMP_PID=$!
trap 'kill $TSTAMP_PID 2>/dev/null' EXIT
sleep 1
kill -0 "$TSTAMP_PID" 2>/dev/null ||
	echo "# warning: the SO_TIMESTAMP holder died: timestamp key flips per ping"

# --- 1. load the module ------------------------------------------------------
# kmemleak (debug kernel): forget what boot left (the end-of-run scan is
# about this run only)
[ -e $KMEMLEAK ] && echo clear >$KMEMLEAK
loaded=0
if [ ! -f "$KO" ]; then
	echo "# $KO not found (did 'make' run for $KVER?)"
	result fail module-load "no module"
elif insmod "$KO" 2>&1 | indent && [ -d /sys/module/ipsecdp ]; then
	loaded=1
	result ok module-load
else
	dmesg | tail -20 | indent
	result fail module-load "insmod failed"
fi

# --- 2. the tests ---------------------------------------------------------------
TAINT_BAD=$((128 | 512 | 16384))	# D (oops), W (warning), L (soft lockup)
out=$(mktemp)
for f in "${tests[@]}"; do
	name=$(basename "$f")
	if [ $loaded = 0 ]; then
		result fail "$name" "module not loaded"
		continue
	fi
	t=$DEFAULT_TIMEOUT
	if [ "$(head -c2 "$f")" = '#!' ] || [ "${f%.sh}" != "$f" ]; then
		tt=$(sed -n 's/^#[[:space:]]*timeout:[[:space:]]*\([0-9]\+\).*/\1/p' "$f" | head -1)
		[ -n "$tt" ] && t=$tt
	fi
	t=$((t * TIMEOUT_SCALE))
	case $f in *.sh) cmd=(bash "$f") ;; *) cmd=("$f") ;; esac
	echo "# === $name (timeout ${t}s)"
	taint0=$(cat /proc/sys/kernel/tainted)
	start=$SECONDS
	# The test runs in a session of its own, its output into $out (shown
	# as it comes): a process it leaves behind can neither hold a pipe
	# open past its end (the run would hang) nor outlive it.
	(cd "$REPO" && exec setsid timeout -k 10 "$t" "${cmd[@]}") </dev/null \
		>"$out" 2>&1 &
	tpid=$!
	tail -n +1 -f --pid="$tpid" "$out" | indent
	wait "$tpid"
	rc=$?
	pkill -KILL -s "$tpid" 2>/dev/null
	echo "# --- $name: exit $rc after $((SECONDS - start))s"
	taint1=$(cat /proc/sys/kernel/tainted)
	left=$(ip netns list 2>/dev/null | awk '{print $1}' | tr '\n' ' ')
	if [ -n "$left" ]; then
		echo "# note: $name left netns behind: $left(deleted)"
		ip -all netns delete 2>/dev/null
	fi
	if (( (taint1 & ~taint0) & TAINT_BAD )); then
		echo "# kernel taint $taint0 -> $taint1 during $name:"
		dmesg | tail -60 | indent
		result fail "$name" "kernel warning/oops"
		continue
	fi
	case $rc in
	0) result ok "$name" ;;
	4) reason=$(sed -n 's/.*SKIP:[[:space:]]*//p' "$out" | tail -1)
	   result skip "$name" "${reason:-skipped}" ;;
	124 | 137) result fail "$name" "TIMEOUT after ${t}s" ;;
	*) result fail "$name" "exit status $rc" ;;
	esac
done
rm -f "$out"

# --- 3. unload the module ------------------------------------------------------
if [ $loaded = 1 ]; then
	ok=0
	for i in $(seq 1 50); do
		if rmmod ipsecdp 2>/dev/null; then ok=1; break; fi
		sleep 0.1
	done
	if [ $ok = 1 ]; then
		result ok module-unload
	else
		rmmod ipsecdp 2>&1 | indent
		lsmod | grep -E '^ipsecdp ' | indent
		result fail module-unload "rmmod failed"
	fi
else
	result fail module-unload "module not loaded"
fi

# --- 4. kmemleak (debug kernels only) -----------------------------------------
if [ -e $KMEMLEAK ]; then
	sleep 6		# kmemleak ignores objects younger than 5 s
	# two scans: an object is reported once it stayed unreferenced for
	# a whole scan (no false positives from pointers in flight)
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	leaks=$(cat $KMEMLEAK)
	if [ -n "$leaks" ]; then
		printf '%s\n' "$leaks" | head -100 | indent
		result fail kmemleak "unreferenced objects"
	else
		result ok kmemleak
	fi
else
	echo "# kmemleak not available on this kernel (not a debug kernel): scan skipped"
fi

echo "# $KVER: $((n - failed))/$n passed"
[ $failed = 0 ]
exit
}
