#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# Known-answer test of ESP decryption with the published AES-GCM vectors
# (draft-mcgrew-gcm-test-01, rfc4106(gcm(aes)), AES-128/192/256, with and
# without 64-bit ESN) from shared/vectors/esp-published.json: for each one
# A gets the vector's SA; B sends the vector's ESP bytes to A; a raw
# socket in A must receive exactly the vector's payload data, and the same
# packet with one ciphertext bit flipped must be dropped as
# InStateProtoError (and the SA's integrity_failed). The driver,
# selftests/py/vectors.py, is test 23's too: here only --alg rfc4106.
# timeout: 480
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl

"$PY" -c 'import cryptography' 2>/dev/null || ksft_skip "python3-cryptography missing"

need_vectors

topo_setup
# no policy: inbound transport-mode ESP to an SA is decrypted and delivered
"$PY" "$PYDIR/vectors.py" --json "$VEC" --ns-a "$NS_A" --ns-b "$NS_B" \
	--ipsecctl "$IPSECCTL" --alg 'rfc4106(gcm(aes))'
rc=$?
stats_dump "$NS_A"
case $rc in
0) ksft_pass "published AES-GCM ESP vectors decrypt exactly; tampered copies dropped" ;;
4) ksft_fail "no applicable vector in $VEC: nothing was checked" ;;
*) ksft_fail "known-answer vectors failed (see above)" ;;
esac
