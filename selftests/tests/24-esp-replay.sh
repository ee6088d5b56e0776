#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Anti-replay window per RFC 4303 3.4.3 (and Appendix A for ESN), with ESP
# packets crafted in python (AES-GCM, RFC 4106) and sent from B to A,
# where ipsecdp holds one inbound transport-mode SA (no policy) and a UDP
# socket listens. Scenarios (selftests/py/vec_replay.py):
#   w32    window 32: in order, duplicates, left of the window, the oldest
#          number inside it, out of order inside it, sequence number 0
#   w4096  window 4096: a jump of 5000, then old numbers on either side
#          of the window's bottom
#   esn    ESN, window 32, replay-seq 0xfffffff0: a window crossing 2^32
#          (seq_lo 0xfffffff5, 3 = 2^32+3, 0xfffffff8 still inside,
#          duplicates), the bottom edge, and seq_lo values the receiver
#          must infer into the next 2^32 (ICV failure, or a valid jump)
# Each packet is checked by delivery (exact UDP payload at A's socket, or
# nothing) and by counters (InPackets, InStateSeqError, InStateProtoError,
# per-SA in_packets/replay/integrity_failed).
# timeout: 240
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
"$PY" -c 'import cryptography' 2>/dev/null || ksft_skip "python3-cryptography missing"

topo_setup
"$PY" "$PYDIR/vec_replay.py" --ns-a "$NS_A" --ns-b "$NS_B" --ipsecctl "$IPSECCTL" \
	${REPLAY_SCENARIO:+--scenario "$REPLAY_SCENARIO"}
rc=$?
stats_dump "$NS_A"
[ $rc = 0 ] || ksft_fail "anti-replay behaviour differs from RFC 4303 (see above)"
ksft_pass "replay window (32, 4096, ESN across 2^32) accepts and drops as RFC 4303 requires"
