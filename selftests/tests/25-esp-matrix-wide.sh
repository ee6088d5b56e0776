#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# ESP interoperability, the whole matrix at once (selftests/lib/matrix.sh,
# wide):
# every ESP algorithm x transport/tunnel x IPv4/IPv6 x peer, configured
# together in one topology (A ipsecdp; B1 XFRM, B2 ipsecdp on the same
# bridge; each combination with its own addresses and SPIs; one ipsecctl -f
# batch per ipsecdp host, one ip -batch for XFRM), then per combination,
# several at a time: ping both ways, a TCP transfer each way (sha256), and
# one verdict from one capture of the whole run: ESP both ways with its
# SPIs, no cleartext of its addresses, its ping payload unreadable (readable
# with ESP-NULL), per-SA counters on all three hosts; global error counters
# unchanged. Algorithms (matrix.sh's mx_alg):
#   gcm128          rfc4106(gcm(aes)) 128-bit key, ICV 128
#   gcm192-icv96    rfc4106 192-bit key, ICV 96
#   gcm256-icv64    rfc4106 256-bit key, ICV 64            (+ESN)
#   gmac            rfc4543(gcm(aes)) 128
#   chacha          rfc7539esp(chacha20,poly1305)          (+ESN)
#   cbc-sha1        cbc(aes) 128 + hmac(sha1) 96
#   cbc-sha256-esn  cbc(aes) 256 + hmac(sha256) 128, ESN
#   cbc-sha384      cbc(aes) 192 + hmac(sha384) 192
#   cbc-sha512      cbc(aes) 256 + hmac(sha512) 256
#   null-sha256     ecb(cipher_null) + hmac(sha256) 128
#   cbc-only        cbc(aes) 128, no integrity
# each in transport and tunnel, IPv4 and IPv6, with B1 (XFRM) and B2
# (ipsecdp); plus 4in6 and 6in4 tunnels for gcm128, 4in6 for
# cbc-sha256-esn, 6in4 for chacha. ESN SAs start 32 packets before 2^32.
# WIDE_BREAK=NAME (e.g. gcm128/tunnel/ipv6/xfrm) gives that combination's
# peer a wrong key: exactly that combination must fail.
# timeout: 450
. "$(dirname "$0")/../lib/matrix.sh"

mx_topo esp
mx_wide esp "$MX_ALGS" "gcm256-icv64 chacha" \
	"gcm128 4in6" "gcm128 6in4" "cbc-sha256-esn 4in6" "chacha 6in4 esn"
mx_wide_run
mx_done "every ESP algorithm, mode and family interoperates with XFRM and with ipsecdp, ESP only on the wire"
