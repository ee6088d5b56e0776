#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 2 (the host's userspace on an overlay root): set the system up and
# run the command file named by vmcmd= on the kernel command line, then
# report its exit status on the console and power off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8
mount -t proc proc /proc
mount -t sysfs sys /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 shm /dev/shm
# The repository (vmrepo=) must stay visible even if it lives under /tmp or
# /run, which get fresh tmpfs mounts: park it on a bind mount meanwhile.
repo=$(sed -n 's/.*vmrepo=\([^ ]*\).*/\1/p' /proc/cmdline)
park=
case $repo in /tmp/* | /run/*)
	park=/.ipsecdp-repo
	mkdir -p $park && mount --bind "$repo" $park ;;
esac
mount -t tmpfs -o mode=1777 tmp /tmp
mount -t tmpfs -o mode=0755 run /run
if [ -n "$park" ]; then
	mkdir -p "$repo" && mount --move $park "$repo"
fi
mkdir -p /run/netns /run/lock
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
ln -sf /proc/self/fd /dev/fd 2>/dev/null
# A kernel not installed on the host (make check-debug) brings its own
# /lib/modules/RELEASE (vmkmods=): modules.builtin, so modprobe finds the
# built-in ones.
kmods=$(sed -n 's/.*vmkmods=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$kmods" ] && [ ! -e "/lib/modules/$(uname -r)" ]; then
	mkdir -p /lib/modules && ln -s "$kmods" "/lib/modules/$(uname -r)"
fi
hostname ipsecdp-vm
ip link set lo up
ulimit -c 0

cmd=
for a in $(cat /proc/cmdline); do
	case $a in vmcmd=*) cmd=${a#vmcmd=} ;; esac
done
if [ -z "$cmd" ] || [ ! -f "$cmd" ]; then
	echo "IPSECDP-VM: command file '$cmd' not found"
	rc=125
else
	echo "IPSECDP-VM: up in $(cut -d' ' -f1 /proc/uptime)s, running $cmd"
	bash "$cmd" </dev/null
	rc=$?
fi
# Kernel log for the host-side scan (the console only shows warnings+).
echo "IPSECDP-DMESG-BEGIN"
dmesg
echo "IPSECDP-DMESG-END"
echo "IPSECDP-EXIT-STATUS=$rc"
sync
# /usr/sbin/poweroff is systemctl here: use busybox, or sysrq as a fallback
/bin/busybox poweroff -f
echo o >/proc/sysrq-trigger
