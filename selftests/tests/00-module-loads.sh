#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# Smoke test: the module is loaded and ipsecctl can talk to it.
# timeout: 60
. "$(dirname "$0")/../lib/lib.sh"

[ -d /sys/module/ipsecdp ] || ksft_fail "/sys/module/ipsecdp missing"
log "module loaded: $(cat /sys/module/ipsecdp/refcnt 2>/dev/null) refs, taint $(cat /proc/sys/kernel/tainted)"
[ -x "$IPSECCTL" ] || ksft_fail "$IPSECCTL not built"
"$IPSECCTL" stats || ksft_fail "ipsecctl stats failed"
ksft_pass
