#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--build] [KVER...]: `make check` (minus `make deps`). With
# --build, first build ipsecctl (TAP test "build: userspace") and, per
# kernel, the module ("KVER: build"; its tests are not run if that fails).
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
if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <("$repo/scripts/kvers.sh")
fi
oldest=$(printf '%s\n' "${kvers[@]}" | sort -V | head -1)
# one kernel's share of the suite takes ~25 min under TCG on 2 cores
export VM_TIMEOUT=${VM_TIMEOUT:-2700}
[ ${#kvers[@]} -gt 0 ] || { echo "check: no kernels"; echo "0 passed, 1 failed"; exit 1; }

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

echo "TAP version 13"
if [ $build = 1 ]; then
	echo "# ======== build: ipsecctl and C selftests ========"
	if make --no-print-directory -C "$repo" tool ctests 2>&1 | sed 's/^/# /'; then
		emit ok "build: userspace"
	else
		emit fail "build: userspace" "make tool ctests failed"
	fi
fi
for k in "${kvers[@]}"; do
	echo "# ======== kernel $k ========"
	if [ $build = 1 ]; then
		if make --no-print-directory -C "$repo" modules KVER="$k" 2>&1 | sed 's/^/# /'; then
			emit ok "$k: build"
		else
			emit fail "$k: build" "module build failed, tests not run"
			continue
		fi
	fi
	counts=$state/$k.counts
	rm -f "$counts"
	# heavy tests alternate between the oldest and the newest kernel
	tier=all
	if [ -z "${CHECK_FULL:-}" ] && [ ${#kvers[@]} -gt 1 ]; then
		tier=b
		[ "$k" = "$oldest" ] && tier=a
	fi
	echo "# tests of tier: $tier"
	IPSECDP_TIER=$tier VM_ENV="${VM_ENV:-} IPSECDP_TIER" \
	VM_LOG=$state/$k.console.log "$here/run-vm.sh" "$k" 'bash selftests/run_tests.sh' 2>&1 |
		filter "$n" "$k" "$counts"
	vmrc=${PIPESTATUS[0]}
	c=0 p=0 f=0 s=0 plan=-1
	[ -s "$counts" ] && read -r c p f s plan <"$counts"
	n=$((n + c)) pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))

	cmd_rc= console= timeout=
	# shellcheck disable=SC1090
	. "$state/$k.console.status" 2>/dev/null
	if [ "$console" = clean ]; then
		emit ok "$k: console-clean"
	else
		emit fail "$k: console-clean" "kernel log shows BUG/WARNING/oops/leak (build/check/$k.console.log)"
	fi
	if [ "$timeout" = 1 ]; then
		emit fail "$k: vm-run" "VM timed out after ${VM_TIMEOUT:-1800}s"
	elif [ "$cmd_rc" = none ] || [ -z "$cmd_rc" ]; then
		emit fail "$k: vm-run" "VM died before reporting a status (panic?), run-vm rc $vmrc"
	elif [ "$plan" -lt 0 ] || [ "$c" -ne "$plan" ]; then
		emit fail "$k: vm-run" "TAP plan $plan, $c results"
	elif [ "$cmd_rc" != 0 ] && [ "$f" = 0 ]; then
		emit fail "$k: vm-run" "run_tests.sh exited $cmd_rc without a failed test"
	fi
done
echo "1..$n"
echo "# check: ${#kvers[@]} kernel(s) in $((SECONDS - t0))s; console logs in build/check/"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" = 0 ]
exit
}
