#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: extended
# ESP interoperability matrix, part 2: every other supported algorithm,
# each in one (mode, family), rotating so that every algorithm, mode and
# family (incl. mixed-family tunnels) is covered, with all three pairings
# (ours->xfrm, xfrm->ours, ours->ours) - see 20-esp-matrix.sh for what
# each combination checks:
#   gcm192-icv96    rfc4106 AES-192, 96-bit ICV      transport ipv4
#   gcm256-icv64    rfc4106 AES-256, 64-bit ICV      transport ipv6
#   gmac            rfc4543 AES-128 (auth only)      tunnel ipv4
#   chacha          rfc7539esp ChaCha20-Poly1305     tunnel ipv6
#   cbc-sha256-esn  AES-256-CBC + HMAC-SHA256-128,   tunnel 4in6
#                   64-bit ESN
#   cbc-sha384      AES-192-CBC + HMAC-SHA384-192    tunnel 6in4
#   cbc-sha512      AES-256-CBC + HMAC-SHA512-256    transport ipv4
#   null-sha256     ESP-NULL + HMAC-SHA256-128       transport ipv6
#   cbc-only        AES-128-CBC, no integrity        tunnel ipv4
# timeout: 420
. "$(dirname "$0")/../lib/matrix.sh"

mx_topo
while read -r alg mode fam; do
	for pair in ours-xfrm xfrm-ours ours-ours; do
		mx_combo "$alg" "$mode" "$fam" "$pair"
	done
done <<'LIST'
gcm192-icv96 transport ipv4
gcm256-icv64 transport ipv6
gmac tunnel ipv4
chacha tunnel ipv6
cbc-sha256-esn tunnel 4in6
cbc-sha384 tunnel 6in4
cbc-sha512 transport ipv4
null-sha256 transport ipv6
cbc-only tunnel ipv4
LIST
mx_flush_all
mx_done "every other algorithm interoperates with XFRM and with itself, ESP only on the wire"
