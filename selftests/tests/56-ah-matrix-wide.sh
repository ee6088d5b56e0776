#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# AH interoperability, the whole matrix at once (selftests/lib/matrix.sh,
# wide, as test 25 for ESP): hmac(sha1) 96, hmac(sha256) 128 (+ESN), hmac(sha384)
# 192, hmac(sha512) 256, xcbc(aes) 96 (+ESN), cmac(aes) 96, each in
# transport and tunnel, IPv4 and IPv6, with B1 (XFRM) and B2 (ipsecdp);
# plus a 4in6 (hmac(sha256)) and a 6in4 (cmac(aes)) tunnel with both.
# Per combination: ping both ways, a TCP transfer each way (sha256); on the
# wire AH both ways with its SPIs, the payload readable (the ping pattern
# "wideNNNN" of that combination, and the inner TCP of the transfers
# decodable behind the AH header), no unauthenticated packet of its
# addresses; per-SA counters on all three hosts; global error counters
# unchanged. WIDE_BREAK=NAME: that combination's peer gets a wrong key.
# timeout: 240
. "$(dirname "$0")/../lib/matrix.sh"

mx_topo ah
mx_wide ah "$MX_AH_ALGS" "hmac-sha256 xcbc" "hmac-sha256 4in6 esn" "cmac 6in4"
mx_wide_run
mx_done "AH with every algorithm, mode and family interoperates with XFRM and with ipsecdp, payload readable, authenticated"
