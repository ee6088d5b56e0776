#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two hosts, two kernels (selftests/vm/run-pair.sh): host a runs ipsecdp,
# configured with ipsecctl; host b runs the kernel's XFRM, configured with
# ip xfrm. ESP AES-GCM-128 (rfc4106, ICV 128) in transport mode between
# 192.0.2.1 and 192.0.2.2 and between 2001:db8:2::1 and 2001:db8:2::2,
# keys from the run's seed. Ping both ways in both families, then per
# family 4 MiB of TCP from a to b, echoed back by b (bulk both ways),
# sha256 equal. What each host sends on the link (both captures together
# are the whole link) is ESP and nothing else between the two test
# addresses (neighbour discovery aside); no error counter moved on either
# host (selftests/pair/pair.sh: pair_esp_traffic). The scaffold of #18, where IKE daemons on the two
# hosts will install these SAs.
# timeout: 900
. "$(dirname "$0")/pair.sh"

need_cmd tcpdump
pair_link_up

AEAD='rfc4106(gcm(aes))'
SPI4_AB=0x1004 SPI4_BA=0x2004 SPI6_AB=0x1006 SPI6_BA=0x2006
kab4=$(pair_key ab4 20) kba4=$(pair_key ba4 20)
kab6=$(pair_key ab6 20) kba6=$(pair_key ba6 20)
BYTES=$((4 << 20))

# fam_vars 4|6: the SAs of one family, from either host: a and b are the
# addresses of host a and host b, kab/sab the key and SPI from a to b
fam_vars() {
	if [ "$1" = 4 ]; then
		a=$IP4_A b=$IP4_B plen=32 kab=$kab4 kba=$kba4
		sab=$SPI4_AB sba=$SPI4_BA
	else
		a=$IP6_A b=$IP6_B plen=128 kab=$kab6 kba=$kba6
		sab=$SPI6_AB sba=$SPI6_BA
	fi
}

# config_a: ipsecdp on host a
config_a() {
	local fam
	insmod "$REPO/build/$(uname -r)/ipsecdp.ko" || ksft_fail "insmod ipsecdp"
	add_cleanup 'rmmod ipsecdp'
	for fam in 4 6; do
		fam_vars $fam
		"$IPSECCTL" sa add src "$a" dst "$b" proto esp spi "$sab" \
			mode transport aead "$AEAD" "$kab" 128 &&
		"$IPSECCTL" sa add src "$b" dst "$a" proto esp spi "$sba" \
			mode transport aead "$AEAD" "$kba" 128 replay-window 64 &&
		"$IPSECCTL" policy add src "$a/$plen" dst "$b/$plen" dir out \
			tmpl proto esp mode transport &&
		"$IPSECCTL" policy add src "$b/$plen" dst "$a/$plen" dir in \
			tmpl proto esp mode transport ||
			ksft_fail "ipsecctl: IPv$fam configuration refused"
	done
}

# config_b: the kernel's XFRM on host b
config_b() {
	local fam
	for fam in 4 6; do
		fam_vars $fam
		ip xfrm state add src "$a" dst "$b" proto esp spi "$sab" \
			mode transport aead "$AEAD" "$kab" 128 replay-window 64 &&
		ip xfrm state add src "$b" dst "$a" proto esp spi "$sba" \
			mode transport aead "$AEAD" "$kba" 128 &&
		ip xfrm policy add src "$a/$plen" dst "$b/$plen" dir in \
			tmpl src "$a" dst "$b" proto esp mode transport &&
		ip xfrm policy add src "$b/$plen" dst "$a/$plen" dir out \
			tmpl src "$b" dst "$a" proto esp mode transport ||
			ksft_fail "ip xfrm: IPv$fam configuration refused"
	done
	add_cleanup 'ip xfrm policy flush; ip xfrm state flush'
}

if [ "$PAIR_ROLE" = a ]; then config_a; else config_b; fi
pair_sync configured

pair_esp_traffic gcm "$BYTES"
pair_sync finished
ksft_pass "ESP GCM transport, IPv4 and IPv6, ipsecdp (a) and XFRM (b) in two VMs: ping both ways, 4 MiB TCP echoed, only ESP on the wire"
