#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh KVER 'COMMAND'
#
# Boot Debian kernel KVER (/boot/vmlinuz-KVER) in QEMU (TCG) with the host's
# / as a read-only 9p root under a tmpfs overlay (so the VM sees the host's
# userspace, /lib/modules and this repository at the same paths, writable
# but throw-away; host /tmp and /run are NOT visible, except for this
# repository if it lives there), run COMMAND with bash as root
# from the repository root, and power off.
#
# Exit status: COMMAND's status; 1 if COMMAND succeeded but the kernel log
# shows a BUG/WARNING/oops/leak/... (see scan-console.sh); 124 on timeout;
# 125 if the VM died before reporting a status (panic, boot failure).
# The console goes to stdout and to a log, build/vm/KVER/console.log (a
# symlink to this run's console-DATE-PID.log) or $VM_LOG; a summary
# (cmd_rc=, console=, timeout=, boot_s=) to the log's name with .status.
#
# Environment:
#   VM_TIMEOUT  seconds before the VM is killed (default 1800)
#   VM_MEM      MiB of guest memory (default 2048)
#   VM_SMP      guest CPUs (default 2)
#   VM_CPU      QEMU -cpu model (default max: AES-NI etc. emulated)
#   VM_SLOTS    max. VMs running at once on this machine (default: nproc);
#               others wait for a slot (flock on VM_LOCK_DIR/slotN)
#   VM_KARGS    extra kernel command line arguments
#   VM_BOOT_RETRIES  boot again if the VM dies before userspace (default 2)
#   VM_QUIET=1  don't copy the console to stdout (tail it on failure)
#   VM_LOG      console log path (status: same name, .status)
#   VM_ENV      names of extra variables to export into the VM
#   VM_NETDEV   a QEMU -netdev backend (without id=) for one virtio-net
#               NIC, MAC VM_MAC (selftests/vm/run-pair.sh); default no NIC
#   VM_KERNEL   boot this kernel image instead of /boot/vmlinuz-KVER (the
#               debug kernel of `make check-debug`): it must have virtio-pci,
#               9p and overlayfs built in (the initramfs then loads no
#               modules); VM_KMODS, a directory, becomes the VM's
#               /lib/modules/KVER (modules.builtin for modprobe)
#   TESTS, V, CI, IPSECDP_VECTORS_OPTIONAL
#               always passed into the VM when set
#   ESP_VECTORS the published ESP vectors of tests 15 and 23; default
#               shared/vectors/esp-published.json beside the repository
#               (where CI puts it). Passed into the VM as an absolute path
#               when the file exists; a copy under build/ when it lives
#               under /tmp or /run, which the VM does not see
set -uo pipefail
# The whole script is one compound command, parsed before it runs: editing
# this file cannot derail copies already running.
{

if [ $# -lt 2 ]; then
	echo "usage: $0 KVER 'COMMAND'" >&2
	exit 2
fi
kver=$1
shift
cmd=$*
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
vmdir=$repo/build/vm/$kver
mkdir -p "$vmdir"
# One log per run (several VMs may run at once from the same tree);
# console.log / last.status point at the newest; old logs are pruned.
if [ -n "${VM_LOG:-}" ]; then
	log=$VM_LOG
else
	log=$vmdir/console-$(date +%Y%m%d-%H%M%S)-$$.log
	ln -sfn "$(basename "$log")" "$vmdir/console.log"
	# keep the newest 20; never touch one written to in the last hour
	# shellcheck disable=SC2012
	ls -t "$vmdir"/console-*.log 2>/dev/null | tail -n +21 | while read -r f; do
		[ -n "$(find "$f" -mmin +60)" ] && rm -f "$f" "${f%.log}.status"
	done
fi
status_file=${log%.log}.status
[ -z "${VM_LOG:-}" ] && ln -sfn "$(basename "$status_file")" "$vmdir/last.status"
VM_TIMEOUT=${VM_TIMEOUT:-1800}
kernel=${VM_KERNEL:-/boot/vmlinuz-$kver}

if [ ! -r "$kernel" ]; then
	echo "run-vm: no kernel $kernel" >&2
	exit 2
fi
case $repo in /dev/* | /proc/* | /sys/*)
	echo "run-vm: $repo is not visible in the VM: use a checkout elsewhere" >&2
	exit 2 ;;
esac
case $repo in *[[:space:]]*)
	echo "run-vm: repository path must not contain spaces: $repo" >&2
	exit 2 ;;
esac

# initramfs, rebuilt when its inputs change
initrd=$vmdir/initramfs.cpio.gz
if [ -n "${VM_KERNEL:-}" ]; then
	# everything built in: no modules in the initramfs
	export INITRAMFS_MODULES=
	initrd=$vmdir/initramfs-nomod.cpio.gz
fi
if [ ! -s "$initrd" ] || [ "$here/init" -nt "$initrd" ] ||
	[ "$here/stage2.sh" -nt "$initrd" ] ||
	[ "$here/mkinitramfs.sh" -nt "$initrd" ] ||
	[ "/lib/modules/$kver/modules.dep" -nt "$initrd" ]; then
	"$here/mkinitramfs.sh" "$kver" "$initrd" || exit 2
fi

# The published ESP vectors (selftests/lib/ipsec.sh need_vectors): the VM
# sees the host's files at the same paths, except under /tmp and /run.
vec=${ESP_VECTORS:-$repo/../shared/vectors/esp-published.json}
if [ -f "$vec" ]; then
	vec=$(realpath "$vec")
	case $vec in /tmp/* | /run/*)
		mkdir -p "$repo/build/vectors"
		tmp=$(mktemp "$repo/build/vectors/.esp-published.XXXXXX") &&
			cp "$vec" "$tmp" &&
			mv -f "$tmp" "$repo/build/vectors/esp-published.json" ||
			echo "run-vm: cannot copy $vec into build/vectors" >&2
		vec=$repo/build/vectors/esp-published.json ;;
	esac
	export ESP_VECTORS=$vec
fi

# The command file lives in the work tree: the VM sees it at the same path.
cmdfile=$(mktemp "$repo/build/vm/cmd-XXXXXX.sh")
ticket=
# QEMU runs in the background so that a signal to this script (Ctrl-C,
# kill, CI timeout) is handled at once: the trap kills QEMU via its pidfile.
pidfile=$cmdfile.pid rcfile=$cmdfile.rc
stop_vm() {
	rm -f "$ticket"
	[ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && wait
	rm -f "$cmdfile" "$pidfile" "$rcfile"
}
trap 'stop_vm' EXIT
trap 'echo "run-vm: interrupted" >&2; exit 130' INT TERM HUP
{
	echo "cd $(printf %q "$repo") || exit 125"
	echo "export REPO=$(printf %q "$repo") KVER=$(printf %q "$kver")"
	for v in TESTS V CI IPSECDP_VECTORS_OPTIONAL ESP_VECTORS ${VM_ENV:-}; do
		[ -n "${!v+x}" ] && echo "export $v=$(printf %q "${!v}")"
	done
	printf '%s\n' "$cmd"
} >"$cmdfile"

# TCG vCPUs can be descheduled for a long time on a busy host, which the
# guest cannot tell from a hang: skip the early IO-APIC timer check (it
# panics then) and give soft-lockup/RCU-stall detection more slack (60 s
# instead of ~20 s; a CPU really stuck in our code still trips them).
KARGS="no_timer_check watchdog_thresh=30 rcupdate.rcu_cpu_stall_timeout=60 ${VM_KARGS:-}"
[ -n "${VM_KMODS:-}" ] && KARGS="$KARGS vmkmods=$VM_KMODS"
qemu=(qemu-system-x86_64 -accel tcg -cpu "${VM_CPU:-max}"
	-m "${VM_MEM:-2048}" -smp "${VM_SMP:-2}"
	-nographic -no-reboot -pidfile "$pidfile"
	-kernel "$kernel" -initrd "$initrd"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-append "console=ttyS0 panic=-1 loglevel=5 $KARGS vmrepo=$repo vmcmd=$cmdfile")
# one virtio-net NIC on the backend VM_NETDEV (run-pair.sh), else none
if [ -n "${VM_NETDEV:-}" ]; then
	qemu+=(-netdev "$VM_NETDEV,id=n0"
		-device "virtio-net-pci,netdev=n0,mac=${VM_MAC:-52:54:00:12:34:56}")
else
	qemu+=(-nic none)
fi

# At most VM_SLOTS VMs at once on this machine (all checkouts, all users):
# TCG guests starved of CPU see RCU stalls, early-boot timer panics and
# test timeouts, so queue instead.
slots=${VM_SLOTS:-$(nproc)}
lockdir=${VM_LOCK_DIR:-/var/tmp/ipsecdp-vm-slots}
mkdir -p "$lockdir" 2>/dev/null && chmod 1777 "$lockdir" 2>/dev/null
# First come, first served: only the oldest live waiters try for a slot.
qdir=$lockdir/queue
mkdir -p "$qdir" 2>/dev/null && chmod 1777 "$qdir" 2>/dev/null
ticket=$qdir/$(date +%s%N)-$$
: >"$ticket"
waited=0
exec 9>&-
while :; do
	got=
	rank=0
	[ -e "$ticket" ] || : >"$ticket"	# lost it? back to the end of the line
	for f in "$qdir"/*; do
		[ -e "$f" ] || continue
		kill -0 "${f##*-}" 2>/dev/null || { rm -f "$f"; continue; }
		rank=$((rank + 1))
		[ "$f" = "$ticket" ] && break
	done
	if [ $rank -le "$slots" ]; then
		for ((i = 0; i < slots; i++)); do
			exec 9>>"$lockdir/slot$i" || continue
			if flock -n 9; then got=$i; break; fi
			exec 9>&-
		done
	fi
	[ -n "$got" ] && break
	[ $waited = 0 ] && echo "run-vm: all $slots VM slots busy ($lockdir), waiting in line..."
	waited=$((waited + 1))
	sleep 2
done
rm -f "$ticket"
[ $waited -gt 0 ] && echo "run-vm: got VM slot $got after ~$((waited * 2))s"

echo "run-vm: booting $kver (timeout ${VM_TIMEOUT}s, log $log)"
start=$(date +%s.%N)
# A VM that dies before userspace is up (TCG on a loaded host can trip the
# kernel's early timer checks) is booted again, VM_BOOT_RETRIES times; a
# failure once the command runs is never retried.
tries=$((${VM_BOOT_RETRIES:-2} + 1))
for ((try = 1; try <= tries; try++)); do
	rm -f "$rcfile" "$pidfile"
	{
		timeout --foreground -k 10 "$VM_TIMEOUT" "${qemu[@]}" </dev/null 2>&1
		echo $? >"$rcfile"
	} | if [ "${VM_QUIET:-0}" = 1 ]; then
		cat >"$log"
	else
		tee "$log" | sed -u 's/\r$//'
	fi &
	wait $!
	qrc=$(cat "$rcfile" 2>/dev/null || echo 255)
	[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && break
	grep -aq 'IPSECDP-VM: ' "$log" && break
	[ $try -lt $tries ] && { cp "$log" "${log%.log}.boot$try.log";
		echo "run-vm: VM died during boot (attempt $try, log ${log%.log}.boot$try.log), booting again"; }
done
end=$(date +%s.%N)
elapsed=$(echo "$end $start" | awk '{printf "%.1f", $1 - $2}')
boot=$(tr -d '\r' <"$log" | sed -n 's/^IPSECDP-VM: up in \([0-9.]*\)s.*/\1/p' | head -1)

timed_out=0
[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && timed_out=1
rc=$(tr -d '\r' <"$log" | sed -n 's/^IPSECDP-EXIT-STATUS=\([0-9]*\)$/\1/p' | tail -1)

console=clean
scan=$("$here/scan-console.sh" "$log") || console=dirty

{
	echo "cmd_rc=${rc:-none}"
	echo "console=$console"
	echo "timeout=$timed_out"
	echo "qemu_rc=$qrc"
	echo "boot_s=${boot:-?}"
	echo "wall_s=$elapsed"
} >"$status_file"

if [ "$timed_out" = 1 ]; then
	msg="VM timed out after ${VM_TIMEOUT}s"
	final=124
elif [ -z "$rc" ]; then
	msg="VM died without reporting an exit status (qemu rc $qrc)"
	final=125
else
	msg="command exited with status $rc"
	final=$rc
fi
if [ "$console" = dirty ]; then
	printf '%s\n' "$scan"
	[ "$final" = 0 ] && final=1
fi
if [ "$final" != 0 ] && [ "${VM_QUIET:-0}" = 1 ]; then
	echo "run-vm: last console lines (kernel log dump left out):"
	tr -d '\r' <"$log" | sed '/^IPSECDP-DMESG-BEGIN/,/^IPSECDP-DMESG-END/d' |
		tail -40 | sed 's/^/  | /'
	echo "run-vm: last kernel log lines:"
	tr -d '\r' <"$log" | sed -n '/^IPSECDP-DMESG-BEGIN/,/^IPSECDP-DMESG-END/p' |
		grep -v '^IPSECDP-DMESG' | tail -15 | sed 's/^/  | /'
fi
echo "run-vm: $kver: $msg, console $console (boot ${boot:-?}s, total ${elapsed}s)"
exit "$final"
exit
}
