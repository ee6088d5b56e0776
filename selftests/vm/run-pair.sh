#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-pair.sh KVER [PATTERN...]: the two-host tests, selftests/pair/NN-*.sh,
# each in two VMs at once joined by a QEMU network link; prints TAP and
# "N passed, N failed" like check.sh.
#
# Why two VMs: NETLINK_XFRM has one owner per kernel (xfrm_user today; an
# XFRM front end of ipsecdp, issue #18, would take it), so a host whose IKE
# daemon drives ipsecdp and a host whose daemon drives the kernel's XFRM
# cannot share one kernel. Here each host has a kernel of its own.
#
# The link: each VM has one virtio-net NIC on QEMU's "dgram" backend, its
# frames carried in UDP datagrams over the host's loopback, VM a sending to
# VM b's port and back: an Ethernet cable with nothing else on it, and no
# order in which the two must start.
#
# A test runs in both VMs, as host a (PAIR_ROLE=a) and host b (PAIR_ROLE=b),
# with the same PAIR_SEED (for keys both must know); selftests/pair/pair.sh
# brings the link up and synchronises the two. Exit status per host as in
# run_tests.sh: 0 pass, 4 skip, else fail. Results, per test and host:
# "ok N KVER: NN-name (a)" and the host's console-clean.
#
# Environment: VM_SMP (default 1 per VM: two TCG VMs share the host's
# cores), VM_TIMEOUT (default 900), and run-vm.sh's others.
set -uo pipefail
{
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver=${1:?usage: run-pair.sh KVER [PATTERN...]}
shift
state=$repo/build/pair
mkdir -p "$state"
export VM_SMP=${VM_SMP:-1} VM_TIMEOUT=${VM_TIMEOUT:-900} VM_QUIET=1
n=0 pass=0 fail=0 skip=0

emit() {	# emit ok|fail|skip NAME [REASON]
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2"; pass=$((pass + 1)) ;;
	skip) echo "ok $n $2 # SKIP ${3:-}"; skip=$((skip + 1)) ;;
	*) echo "not ok $n $2${3:+ # $3}"; fail=$((fail + 1)) ;;
	esac
}

selected() {
	local name=$1 p
	[ ${#pats[@]} -eq 0 ] && return 0
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $name == $p || ${name%.sh} == $p ]] && return 0
	done
	return 1
}
pats=("$@")

# one_host ROLE TEST PORT_LOCAL PORT_PEER: one VM, in the background
one_host() {
	local role=$1 t=$2 lport=$3 rport=$4 mac
	mac=52:54:00:00:00:0${role/a/1}
	mac=${mac/b/2}
	PAIR_ROLE=$role PAIR_SEED=$seed VM_ENV="${VM_ENV:-} PAIR_ROLE PAIR_SEED" \
	VM_MAC=$mac VM_LOG="$state/$kver.${t%.sh}.$role.console.log" \
	VM_NETDEV="dgram,local.type=inet,local.host=127.0.0.1,local.port=$lport,remote.type=inet,remote.host=127.0.0.1,remote.port=$rport" \
		"$here/run-vm.sh" "$kver" "bash selftests/pair/$t" \
		>"$state/$kver.${t%.sh}.$role.out" 2>&1
}

# report ROLE TEST RC
report() {
	local role=$1 t=$2 rc=$3 log out why
	log=$state/$kver.${t%.sh}.$role.console.log
	out=$state/$kver.${t%.sh}.$role.out
	# the test's own lines, from the console, without the kernel log dump
	tr -d '\r' <"$log" | sed '/^IPSECDP-DMESG-BEGIN/,/^IPSECDP-DMESG-END/d' |
		sed -n '/^IPSECDP-VM: up/,/^IPSECDP-EXIT-STATUS/p' | sed "s/^/# [$role] /"
	sed "s/^/# [$role] /" "$out"
	local cmd_rc='' console='' timeout=''
	# shellcheck disable=SC1090
	. "${log%.log}.status" 2>/dev/null
	why=
	[ "$timeout" = 1 ] && why="VM timed out"
	case ${cmd_rc:-none} in
	0) ;;
	4) [ -n "$why" ] || { emit skip "$kver: ${t%.sh} ($role)" \
		"$(tr -d '\r' <"$log" | sed -n 's/^SKIP: //p' | tail -1)"; return; } ;;
	none) why=${why:-"VM died before reporting a status (run-vm rc $rc)"} ;;
	*) why=${why:-"exit status $cmd_rc"} ;;
	esac
	if [ -n "$why" ]; then
		emit fail "$kver: ${t%.sh} ($role)" "$why"
	else
		emit ok "$kver: ${t%.sh} ($role)"
	fi
	if [ "$console" = clean ]; then
		emit ok "$kver: ${t%.sh} ($role): console-clean"
	else
		emit fail "$kver: ${t%.sh} ($role): console-clean" "kernel log shows BUG/WARNING/oops ($log)"
	fi
}

t0=$SECONDS
for f in "$repo"/selftests/pair/[0-9][0-9]-*.sh; do
	[ -f "$f" ] || continue
	t=$(basename "$f")
	selected "$t" || continue
	echo "# === pair $t on $kver"
	seed=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
	pa=$((20000 + RANDOM % 20000))
	pb=$((pa + 1))
	one_host a "$t" "$pa" "$pb" &
	ja=$!
	one_host b "$t" "$pb" "$pa" &
	jb=$!
	wait "$ja"
	ra=$?
	wait "$jb"
	rb=$?
	report a "$t" "$ra"
	report b "$t" "$rb"
done
echo "1..$n"
echo "# pair: $kver in $((SECONDS - t0))s; console logs in build/pair/"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" = 0 ]
exit
}
