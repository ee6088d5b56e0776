#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--build] [KVER...]: `make check` (minus `make deps`). With
# --build, first build ipsecctl (TAP test "build: userspace") and, per
# kernel, the module ("KVER: build"; its tests are not run if that fails)
# and check DKMS ("KVER: dkms": add, build, install, modinfo/modprobe see
# it, remove; root only, and by default not when TESTS is set: CHECK_DKMS=1
# forces it, CHECK_DKMS=0 skips it; log build/check/KVER.dkms.log), then
# `make install`/`uninstall` into a DESTDIR ("install: make
# install/uninstall"; log build/check/install.log).
# Then for each kernel (default: all, see scripts/kvers.sh) boot a VM running
# selftests/run_tests.sh and merge the per-kernel TAP into one stream, test
# names prefixed with the kernel:
#
#   ok 3 6.12.117+deb12-amd64: 01-esp-interop
#
# Per kernel, the VM itself adds "KVER: console-clean" (the kernel log has no
# BUG/WARNING/oops/leak/...) and, if it happens, "KVER: vm-run" (timeout, VM
# died, or the run was cut short). The last line is the summary
# "N passed, N failed[, N skipped]"; exit status 1 if anything failed.
# TESTS='01-* ...' selects tests; console logs: build/check/KVER.console.log.
#
# The debug kernel built by scripts/debug-kernel.sh (TAP test "debug-kernel:
# build", log build/debug-kernel/build.log: KASAN, KFENCE, lockdep,
# DEBUG_OBJECTS, kmemleak), booted with panic_on_warn=1, run_tests.sh
# ending with a kmemleak scan: with CHECK_DEBUG=1 (`make check-debug`) it
# is the only kernel and runs every test (unless IPSECDP_TIER says
# otherwise); with CHECK_DEBUG_GATE=1 (`make check` without KVER or TESTS)
# it runs after the Debian kernels, the tests tagged "# debug: gate" only.
# CHECK_DEBUG_TIMEOUT: its VM timeout (default VM_TIMEOUT).
# Don't run two `make check` at once in the same tree (they share build/check).
set -uo pipefail
# The whole script is one compound command, parsed before it runs: editing
# this file cannot derail copies already running.
{
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=0
if [ "${1:-}" = --build ]; then	# build first, as TAP tests "build: ..."
	build=1
	shift
fi
state=$repo/build/check
mkdir -p "$state"
n=0 pass=0 fail=0 skip=0
t0=$SECONDS

emit() {	# emit ok|fail|skip NAME [REASON]
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2"; pass=$((pass + 1)) ;;
	skip) echo "ok $n $2 # SKIP ${3:-}"; skip=$((skip + 1)) ;;
	*) echo "not ok $n $2${3:+ # $3}"; fail=$((fail + 1)) ;;
	esac
}

# The debug kernel: CHECK_DEBUG=1 (make check-debug) runs only it, every
# test unless IPSECDP_TIER says otherwise; CHECK_DEBUG_GATE=1 (make check
# without KVER or TESTS) runs it after the Debian kernels with the tests
# tagged "# debug: gate" (IPSECDP_TIER=debug).
debug=${CHECK_DEBUG:-0}
debug_stage=0 debug_tier=debug dkrel=
if [ "$debug" = 1 ]; then
	kvers=()
	debug_stage=1
	debug_tier=${IPSECDP_TIER:-all}
elif [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <("$repo/scripts/kvers.sh")
fi
[ "$debug" = 1 ] || [ "${CHECK_DEBUG_GATE:-0}" != 1 ] || debug_stage=1
oldest=$(printf '%s\n' "${kvers[@]}" | sort -V | head -1)
# one kernel's share of the suite takes ~25 min under TCG on 2 cores; the
# whole suite on the debug kernel is ~5 times slower
if [ "$debug" = 1 ]; then
	export VM_TIMEOUT=${VM_TIMEOUT:-18000}
else
	export VM_TIMEOUT=${VM_TIMEOUT:-2700}
fi
echo "TAP version 13"
[ ${#kvers[@]} -gt 0 ] || [ $debug_stage = 1 ] ||
	{ emit fail "kernels" "none found"; echo "1..$n"; echo "0 passed, 1 failed"; exit 1; }

# Renumber the VM's TAP results, prefix them with the kernel, turn everything
# else into "# " comments, hide the end-of-run dmesg dump (it stays in the
# console log). Writes "count pass fail skip plan" to $counts at the end.
AWK=(awk)
# mawk (Debian's awk) reads its input in big blocks: make it line by line
awk -W version 2>&1 | grep -q mawk && AWK=(awk -W interactive)
filter() {
	"${AWK[@]}" -v off="$1" -v k="$2" -v counts="$3" '
	BEGIN { c = 0; p = 0; f = 0; s = 0; plan = -1; hide = 0 }
	{ gsub(/\r/, ""); gsub(/\033(\[[0-9;?]*[A-Za-z]|c)/, "") }
	/^IPSECDP-DMESG-BEGIN/ { hide = 1; print "# (kernel log: see console log)"; fflush(); next }
	/^IPSECDP-DMESG-END/ { hide = 0; next }
	hide { next }
	/^(not )?ok [0-9]+( |$)/ {
		st = ($1 == "not") ? "not ok" : "ok"
		rest = $0
		sub(/^(not )?ok [0-9]+ ?/, "", rest)
		c++
		if (st == "not ok") f++
		else if (rest ~ /# [Ss][Kk][Ii][Pp]/) s++
		else p++
		print st " " (off + c) " " k ": " rest
		fflush()
		next
	}
	/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; print "# " $0; fflush(); next }
	/^#/ { print; fflush(); next }
	{ print "# " $0; fflush() }
	END { print c, p, f, s, plan > counts }'
}

# --- DKMS and make install (build phase) ------------------------------------

# dkms_steps KVER VERSION: the body of "KVER: dkms". Output goes to the log;
# on fd 3 it says why it failed ("SKIP reason" for a skip), nothing if ok.
# The DKMS tree is global: fd 9 is a lock shared by all work trees.
dkms_steps() {
	local k=$1 ver=$2 tmp why='' path vmagic deps mok='' t=$SECONDS
	local mod=/lib/modules/$k/updates/dkms/ipsecdp.ko
	echo "=== $(date '+%F %T') dkms ipsecdp/$ver for $k"
	flock -w 1800 9 || { echo "lock held by another dkms check for 30 min" >&3; return; }
	if dkms status "ipsecdp/$ver" | grep -q .; then
		echo "SKIP ipsecdp/$ver is already registered with DKMS (left alone)" >&3
		return
	fi
	if compgen -G "/lib/modules/$k/updates/ipsecdp.ko*" >/dev/null; then
		echo "SKIP /lib/modules/$k/updates/ipsecdp.ko (make install) would shadow it" >&3
		return
	fi
	# DKMS creates a signing key on first use: ours to remove then
	[ -e /var/lib/dkms/mok.key ] || mok=1
	tmp=$(mktemp -d) || { echo "mktemp failed" >&3; return; }
	# a copy of the sources as `make dkms-install` puts them in /usr/src
	if make --no-print-directory -C "$repo" dkms-src DKMS_SRC="$tmp/ipsecdp-$ver" &&
		dkms add --sourcetree "$tmp" "ipsecdp/$ver" &&
		echo "--- add done at $((SECONDS - t)) s" &&
		dkms build "ipsecdp/$ver" -k "$k" &&
		echo "--- build done at $((SECONDS - t)) s" &&
		dkms install "ipsecdp/$ver" -k "$k"; then
		echo "--- install done at $((SECONDS - t)) s"
		path=$(modinfo -k "$k" -n ipsecdp)
		vmagic=$(modinfo -k "$k" -F vermagic ipsecdp)
		deps=$(modprobe -S "$k" --show-depends ipsecdp)
		echo "modinfo: $path, vermagic $vmagic"
		echo "modprobe: $deps"
		if [ "${path%.*}" != "$mod" ] && [ "$path" != "$mod" ]; then
			why="modinfo -k $k -n ipsecdp: '$path', not $mod"
		elif [ "${vmagic%% *}" != "$k" ]; then
			why="vermagic '$vmagic' is not for $k"
		elif ! grep -q "^insmod $mod" <<<"$deps"; then
			why="modprobe -S $k would not load $mod"
		fi
	else
		why="dkms add/build/install failed"
	fi
	dkms remove "ipsecdp/$ver" --all || why=${why:-"dkms remove failed"}
	echo "--- remove done at $((SECONDS - t)) s"
	if dkms status ipsecdp | grep -q . || [ -e /var/lib/dkms/ipsecdp ] ||
		compgen -G "$mod*" >/dev/null || modinfo -k "$k" -n ipsecdp; then
		why=${why:-"ipsecdp still there after dkms remove"}
	fi
	rm -rf "$tmp"
	[ -n "$mok" ] && rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	[ -z "$why" ] || echo "$why" >&3
}

dkms_test() {	# dkms_test KVER: TAP test "KVER: dkms"
	local k=$1 log why t=$SECONDS

	log=$state/$k.dkms.log
	if [ "$(id -u)" != 0 ]; then
		emit skip "$k: dkms" "not root"; return
	elif ! command -v dkms >/dev/null; then
		emit skip "$k: dkms" "dkms not installed"; return
	elif [ "${CHECK_DKMS:-}" = 0 ]; then
		emit skip "$k: dkms" "CHECK_DKMS=0"; return
	elif [ -n "${TESTS:-}" ] && [ "${CHECK_DKMS:-}" != 1 ]; then
		emit skip "$k: dkms" "TESTS is set (CHECK_DKMS=1 runs it)"; return
	fi
	: >"$log"
	why=$({ dkms_steps "$k" "$(cat "$repo/VERSION")" 3>&1 >>"$log" 2>&1; } \
		9>>/run/lock/ipsecdp-check-dkms.lock)
	echo "# dkms: $((SECONDS - t)) s (build/check/$k.dkms.log)"
	case $why in
	'') emit ok "$k: dkms" ;;
	SKIP\ *) emit skip "$k: dkms" "${why#SKIP }" ;;
	*) emit fail "$k: dkms" "$why (build/check/$k.dkms.log)" ;;
	esac
}

install_test() {	# install_test KVER...: TAP test "install: make install/uninstall"
	local log=$state/install.log tmp k want got why=''
	tmp=$(mktemp -d) || { emit fail "install: make install/uninstall" "mktemp"; return; }
	want=$(for k in "$@"; do echo "lib/modules/$k/updates/ipsecdp.ko"; done
		echo usr/local/sbin/ipsecctl
		echo usr/local/share/man/man8/ipsecctl.8)
	want=$(sort <<<"$want")
	# the defaults, whatever the environment says
	if ! env -u PREFIX -u SBINDIR -u MANDIR make --no-print-directory -C "$repo" \
		install DESTDIR="$tmp" KVER="$*" >"$log" 2>&1; then
		why="make install failed"
	else
		got=$(cd "$tmp" && find . ! -type d | sed 's|^\./||' | sort)
		if [ "$got" != "$want" ]; then
			why="installed files differ"
			diff <(echo "$want") <(echo "$got") >>"$log"
		fi
		for k in "$@"; do
			[ -n "$why" ] && break
			[ "$(modinfo -F vermagic "$tmp/lib/modules/$k/updates/ipsecdp.ko" |
				cut -d' ' -f1)" = "$k" ] || why="vermagic of the $k module"
		done
		[ -n "$why" ] || [ -x "$tmp/usr/local/sbin/ipsecctl" ] || why="ipsecctl not executable"
	fi
	if ! env -u PREFIX -u SBINDIR -u MANDIR make --no-print-directory -C "$repo" \
		uninstall DESTDIR="$tmp" KVER="$*" >>"$log" 2>&1; then
		why=${why:-"make uninstall failed"}
	elif [ -n "$(find "$tmp" ! -type d)" ]; then
		why=${why:-"make uninstall left files"}
		find "$tmp" ! -type d >>"$log"
	fi
	rm -rf "$tmp"
	if [ -z "$why" ]; then
		emit ok "install: make install/uninstall"
	else
		emit fail "install: make install/uninstall" "$why (build/check/install.log)"
	fi
}

# debug_build: build the debug kernel (TAP "debug-kernel: build") and, with
# --build, the module for it; sets dkrel (empty when it cannot run)
debug_build() {
	local rel rc dt=$SECONDS dk=$repo/build/debug-kernel
	echo "# ======== build: debug kernel (linux-source-6.1 + selftests/vm/debug.config) ========"
	if [ -n "$dk_bg" ]; then
		wait "$dk_bg"
		rc=$(cat "$state/debug-kernel.rc" 2>/dev/null || echo 1)
		rel=$(cat "$state/debug-kernel.rel" 2>/dev/null)
		echo "# built in the background; waited $((SECONDS - dt)) s for it here"
		dt=$dk_t0
	else
		rel=$("$repo/scripts/debug-kernel.sh" -q)
		rc=$?
	fi
	if [ "$rc" != 0 ]; then
		tail -20 "$dk/build.log" 2>/dev/null | sed 's/^/# /'
		emit fail "debug-kernel: build" "see build/debug-kernel/build.log"
		return
	fi
	echo "# debug kernel $rel: $((SECONDS - dt)) s (build/debug-kernel/build.log)"
	emit ok "debug-kernel: build"
	if [ $build = 1 ]; then
		if make --no-print-directory -C "$repo" modules KVER="$rel" \
			KMOD_ROOT="$dk/root/lib/modules" 2>&1 | sed 's/^/# /'; then
			emit ok "$rel: build"
		else
			emit fail "$rel: build" "module build failed, tests not run"
			return
		fi
	fi
	dkrel=$rel
}

declare -A broken=()	# kernels whose module did not build
if [ $build = 1 ]; then
	echo "# ======== build: ipsecctl and C selftests ========"
	if make --no-print-directory -C "$repo" tool ctests 2>&1 | sed 's/^/# /'; then
		emit ok "build: userspace"
	else
		emit fail "build: userspace" "make tool ctests failed"
	fi
	built=()
	for k in "${kvers[@]}"; do
		echo "# ======== build: kernel $k ========"
		if make --no-print-directory -C "$repo" modules KVER="$k" 2>&1 | sed 's/^/# /'; then
			emit ok "$k: build"
			built+=("$k")
			dkms_test "$k"
		else
			emit fail "$k: build" "module build failed, tests not run"
			broken[$k]=1
		fi
	done
	if [ ${#built[@]} -gt 0 ]; then
		install_test "${built[@]}"
	elif [ ${#kvers[@]} -gt 0 ]; then
		emit skip "install: make install/uninstall" "no module built"
	fi
fi
# The debug kernel's build (~10 min of both cores on a fresh machine) runs
# in the background at idle priority (SCHED_IDLE) while the Debian kernels'
# VMs run: it takes only the CPU time their VMs leave idle (waits, sleeps,
# one vCPU of two busy), so it costs them almost nothing and CI's wall clock
# almost nothing more. debug_build waits for it after them.
dk_bg='' dk_t0=$SECONDS
if [ $debug_stage = 1 ]; then
	if [ ${#kvers[@]} -gt 0 ]; then
		rm -f "$state/debug-kernel.rc" "$state/debug-kernel.rel"
		(
			rc=0
			chrt -i 0 nice -n 19 "$repo/scripts/debug-kernel.sh" -q \
				>"$state/debug-kernel.rel" 2>/dev/null </dev/null || rc=$?
			echo $rc >"$state/debug-kernel.rc"
		) &
		dk_bg=$!
		echo "# debug kernel: building in the background (SCHED_IDLE) while the Debian kernels run"
	else
		debug_build
	fi
fi

# run_kernel KVER TIER [debug]: boot KVER, run the tests of TIER, merge TAP
run_kernel() {
	local k=$1 tier=$2 counts=$state/$1.counts vmrc c p f s plan
	local -a env=()
	echo "# ======== kernel $k ========"
	echo "# tests of tier: $tier"
	rm -f "$counts"
	if [ "${3:-}" = debug ]; then
		local dk=$repo/build/debug-kernel
		env=(VM_KERNEL="$dk/bzImage" VM_KMODS="$dk/root/lib/modules/$k"
			VM_KARGS="${VM_KARGS:-} panic_on_warn=1"
			VM_TIMEOUT="${CHECK_DEBUG_TIMEOUT:-$VM_TIMEOUT}")
	fi
	env "${env[@]}" IPSECDP_TIER="$tier" VM_ENV="${VM_ENV:-} IPSECDP_TIER" \
	VM_LOG="$state/$k.console.log" "$here/run-vm.sh" "$k" 'bash selftests/run_tests.sh' 2>&1 |
		filter "$n" "$k" "$counts"
	vmrc=${PIPESTATUS[0]}
	c=0 p=0 f=0 s=0 plan=-1
	[ -s "$counts" ] && read -r c p f s plan <"$counts"
	n=$((n + c)) pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))

	local cmd_rc='' console='' timeout=''
	# shellcheck disable=SC1090
	. "$state/$k.console.status" 2>/dev/null
	if [ "$console" = clean ]; then
		emit ok "$k: console-clean"
	else
		emit fail "$k: console-clean" "kernel log shows BUG/WARNING/oops/leak (build/check/$k.console.log)"
	fi
	if [ "$timeout" = 1 ]; then
		emit fail "$k: vm-run" "VM timed out"
	elif [ "$cmd_rc" = none ] || [ -z "$cmd_rc" ]; then
		emit fail "$k: vm-run" "VM died before reporting a status (panic?), run-vm rc $vmrc"
	elif [ "$plan" -lt 0 ] || [ "$c" -ne "$plan" ]; then
		emit fail "$k: vm-run" "TAP plan $plan, $c results"
	elif [ "$cmd_rc" != 0 ] && [ "$f" = 0 ]; then
		emit fail "$k: vm-run" "run_tests.sh exited $cmd_rc without a failed test"
	fi
}

for k in "${kvers[@]}"; do
	if [ -n "${broken[$k]:-}" ]; then
		echo "# ======== kernel $k: module build failed, tests not run ========"
		continue
	fi
	# heavy tests alternate between the oldest and the newest kernel
	tier=${IPSECDP_TIER:-all}
	if [ -z "${CHECK_FULL:-}" ] && [ -z "${IPSECDP_TIER:-}" ] && [ ${#kvers[@]} -gt 1 ]; then
		tier=b
		[ "$k" = "$oldest" ] && tier=a
	fi
	run_kernel "$k" "$tier"
done
[ -n "$dk_bg" ] && debug_build
[ -n "$dkrel" ] && run_kernel "$dkrel" "$debug_tier" debug
echo "1..$n"
nk=${#kvers[@]}
[ -n "$dkrel" ] && nk=$((nk + 1))
echo "# check: $nk kernel(s) in $((SECONDS - t0))s; console logs in build/check/"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" = 0 ]
exit
}
