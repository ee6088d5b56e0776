#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: core
# ESP interoperability, the whole matrix at once (selftests/lib/wide.sh):
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
. "$(dirname "$0")/../lib/wide.sh"

wide_topo esp
for alg in $MX_ALGS; do
	esn=
	case $alg in gcm256-icv64 | chacha) esn=esn ;; esac
	for mf in "transport ipv4" "transport ipv6" "tunnel ipv4" "tunnel ipv6"; do
		for peer in xfrm ours; do
			wide_add esp "$alg" $mf "$peer" $esn
		done
	done
done
for c in "gcm128 4in6" "gcm128 6in4" "cbc-sha256-esn 4in6" "chacha 6in4 esn"; do
	set -- $c
	for peer in xfrm ours; do
		wide_add esp "$1" tunnel "$2" "$peer" ${3:-}
	done
done
wide_run
wide_done "every ESP algorithm, mode and family interoperates with XFRM and with ipsecdp, ESP only on the wire"
