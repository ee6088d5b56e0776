#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scan-console.sh LOG
# Fail (exit 1, printing the offending lines) if the kernel log in a VM
# console log shows a bug, warning, oops, leak, lockdep splat, stall, ...
# Only kernel lines are scanned, i.e. lines with a printk timestamp
# "[    1.234567] " (console messages and the dmesg dump that stage2.sh
# prints at the end), so test output saying "WARNING:" does not count.
log=$1
PATTERNS='BUG:|WARNING:|Call Trace|general protection|KASAN|kmemleak|unreferenced object|possible circular locking|lockdep|Oops|RCU stall|self-detected stall|detected stalls|rcu_sched self-detected|refcount_t:|UBSAN|Kernel panic|soft lockup|hard LOCKUP|blocked for more than|list_add corruption|list_del corruption|double free|use-after-free|page allocation failure|INFO: task|unregister_netdevice: waiting|stack-protector|stack guard page|Bad page|slab-out-of-bounds|BUG kmalloc'
# Known-benign kernel lines: none on Debian 6.1/6.12; the debug kernel
# (make check-debug) announces its checkers at boot. More can be given as
# an extended regex in $VM_SCAN_IGNORE.
IGNORE='^$|[Cc]ommand line: |RCU CPU stall warnings timeout set'
IGNORE="$IGNORE|rcu:[[:space:]]+RCU lockdep checking is enabled\.\$"
IGNORE="$IGNORE|rcu:[[:space:]]+RCU callback double-/use-after-free debug is enabled\.\$"
IGNORE="$IGNORE|kmemleak: Kernel memory leak detector initialized"
IGNORE="$IGNORE|kmemleak: Automatic memory scanning thread started\$"
[ -n "${VM_SCAN_IGNORE:-}" ] && IGNORE="$IGNORE|$VM_SCAN_IGNORE"
bad=$(tr -d '\r' <"$log" | grep -aE '^\[ *[0-9]+\.[0-9]+\] ' |
	grep -aE "$PATTERNS" | grep -avE "$IGNORE" | awk '!seen[$0]++')
if [ -n "$bad" ]; then
	echo "IPSECDP-VM: kernel log is not clean ($log):"
	printf '%s\n' "$bad" | head -50 | sed 's/^/  /'
	exit 1
fi
exit 0
