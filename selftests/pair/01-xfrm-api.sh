#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two hosts, two kernels, one tool: both hosts are configured with the same
# ip xfrm commands (mirrored). On host a they reach ipsecdp, loaded with
# xfrm_netlink=1 (its XFRM netlink front end, #18); on host b, the kernel's
# XFRM. Two rounds, each over IPv4 and IPv6:
#  - ESP AES-GCM-128 (rfc4106) in transport mode;
#  - ESP "enc aes" + "auth sha256" in tunnel mode: XFRM's short names and
#    its default ICV length for an untruncated auth algorithm (96 bits),
#    which ipsecdp must apply alike or no packet authenticates.
# Per round: on a, ip xfrm and ipsecctl list the same 4 SAs and 4
# policies, ip xfrm shows the keys and algorithms given; ping both ways,
# per family 2 MiB of TCP from a to b echoed back, sha256 equal; only ESP
# on the wire; no error counter moved on either host.
# timeout: 900
. "$(dirname "$0")/pair.sh"

need_cmd tcpdump
pair_link_up

SPI4_AB=0x1004 SPI4_BA=0x2004 SPI6_AB=0x1006 SPI6_BA=0x2006
BYTES=$((2 << 20))

if [ "$PAIR_ROLE" = a ]; then
	# NETLINK_XFRM has one owner: xfrm_user must not be loaded
	if [ -d /sys/module/xfrm_user ]; then
		rmmod xfrm_user || ksft_fail "xfrm_user is loaded and in use"
	fi
	insmod "$REPO/build/$(uname -r)/ipsecdp.ko" xfrm_netlink=1 ||
		ksft_fail "insmod ipsecdp xfrm_netlink=1"
	add_cleanup 'ip xfrm policy flush; ip xfrm state flush; rmmod ipsecdp'
	DAB=out DBA=in
else
	add_cleanup 'ip xfrm policy flush; ip xfrm state flush'
	DAB=in DBA=out
fi

# fam_vars 4|6 ROUND: a and b (the hosts' addresses), SPIs from a to b
# (sab) and back (sba), and the algorithm words of each direction
fam_vars() {
	local r=$2
	if [ "$1" = 4 ]; then
		a=$IP4_A b=$IP4_B plen=32 sab=$SPI4_AB sba=$SPI4_BA
	else
		a=$IP6_A b=$IP6_B plen=128 sab=$SPI6_AB sba=$SPI6_BA
	fi
	if [ "$r" = gcm ]; then
		alg_ab=(aead 'rfc4106(gcm(aes))' "$(pair_key "$r$1ab" 20)" 128)
		alg_ba=(aead 'rfc4106(gcm(aes))' "$(pair_key "$r$1ba" 20)" 128)
	else
		alg_ab=(enc aes "$(pair_key "$r$1abe" 16)"
			auth sha256 "$(pair_key "$r$1aba" 32)")
		alg_ba=(enc aes "$(pair_key "$r$1bae" 16)"
			auth sha256 "$(pair_key "$r$1baa" 32)")
	fi
}

# conf ROUND MODE: the same ip xfrm commands on both hosts, mirrored
conf() {
	local r=$1 mode=$2 fam
	for fam in 4 6; do
		fam_vars $fam "$r"
		ip xfrm state add src "$a" dst "$b" proto esp spi "$sab" \
			reqid 1 mode "$mode" "${alg_ab[@]}" replay-window 64 &&
		ip xfrm state add src "$b" dst "$a" proto esp spi "$sba" \
			reqid 1 mode "$mode" "${alg_ba[@]}" replay-window 64 &&
		ip xfrm policy add src "$a/$plen" dst "$b/$plen" dir "$DAB" \
			tmpl src "$a" dst "$b" proto esp reqid 1 mode "$mode" &&
		ip xfrm policy add src "$b/$plen" dst "$a/$plen" dir "$DBA" \
			tmpl src "$b" dst "$a" proto esp reqid 1 mode "$mode" ||
			ksft_fail "ip xfrm: IPv$fam $r $mode configuration refused"
	done
}

# views ROUND MODE (host a): ip xfrm and ipsecctl see the same SAD and SPD
views() {
	local r=$1 mode=$2 fam out n key
	n=$(ip xfrm state list | grep -c '^src ')
	check_eq "SAs listed by ip xfrm" "$n" 4
	check_eq "SAs counted by ipsecctl" "$("$IPSECCTL" sa count | awk '{ print $NF }')" 4
	n=$(ip xfrm policy list | grep -c '^src ')
	check_eq "policies listed by ip xfrm" "$n" 4
	check_eq "policies counted by ipsecctl" "$("$IPSECCTL" policy count | awk '{ print $NF }')" 4
	for fam in 4 6; do
		fam_vars $fam "$r"
		out=$(ip xfrm state get src "$a" dst "$b" proto esp spi "$sab") ||
			ksft_fail "ip xfrm state get spi $sab"
		grep -q "mode $mode" <<<"$out" ||
			ksft_fail "spi $sab: not mode $mode: $out"
		if [ "$r" = gcm ]; then
			key=${alg_ab[2]}
			grep -q "aead rfc4106(gcm(aes)) $key 128" <<<"$out" ||
				ksft_fail "spi $sab: algorithm or key differs: $out"
		else
			grep -q "enc cbc(aes) ${alg_ab[2]}" <<<"$out" &&
				grep -q "auth-trunc hmac(sha256) ${alg_ab[5]} 96" <<<"$out" ||
				ksft_fail "spi $sab: algorithms or keys differ: $out"
		fi
		"$IPSECCTL" sa get dst "$a" proto esp spi "$sba" >/dev/null ||
			ksft_fail "ipsecctl does not find spi $sba"
	done
	log "ok: ip xfrm and ipsecctl list the same 4 SAs and 4 policies; keys and algorithms as given"
}

round() {
	local r=$1 mode=$2
	conf "$r" "$mode"
	pair_sync "$r-configured"
	[ "$PAIR_ROLE" = a ] && views "$r" "$mode"
	pair_esp_traffic "$r" "$BYTES"
	ip xfrm policy flush && ip xfrm state flush || ksft_fail "flush"
	pair_sync "$r-flushed"
}

round gcm transport
round cbc tunnel
if [ "$PAIR_ROLE" = a ]; then
	[ ! -d /sys/module/xfrm_user ] || ksft_fail "xfrm_user got loaded"
	check_eq "SAs left after ip xfrm state flush" "$("$IPSECCTL" sa count | awk '{ print $NF }')" 0
fi
pair_sync finished
ksft_pass "ip xfrm drives ipsecdp (a) as it drives XFRM (b): GCM transport and CBC/SHA-256 tunnel, IPv4 and IPv6, traffic intact, only ESP on the wire"
