#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libreswan drives ipsecdp (#18): Debian's pluto on host a, unmodified,
# keys ipsecdp through its XFRM netlink front end; strongSwan's charon on
# host b keys the kernel's XFRM. IKEv2 with a PSK, ESP AES-GCM-128 in
# transport mode, IPv4 and IPv6, initiated by pluto. Then: ping both ways
# and per family 10 MiB of TCP from a to b and back, sha256 equal; on the
# wire only ESP and IKE (UDP 500/4500); no error counter moved; on a,
# ip xfrm, ipsecctl and pluto agree on the SPIs. Then pluto rekeys the
# IPv4 CHILD_SA (whack --rekey-ipsec) over its own policies, which cover
# IKE's packets too (they pass by pluto's socket bypass): the new SAs
# replace the old ones on a, and traffic flows on them. pluto logged no
# kernel-interface error.
# timeout: 900
. "$(dirname "$0")/pair.sh"
CHARON_PORT_BYPASS=no
. "$(dirname "$0")/charon.sh"
. "$(dirname "$0")/pluto.sh"

# both daemons take the PSK as a string
psk=$(pair_key psk 24 | cut -c3-)
CHARON_PSK="\"$psk\""

charon_hosts
if [ "$PAIR_ROLE" = a ]; then
	{
		pluto_conn t4 "$IP4_ME" "$IP4_PEER" type=transport
		pluto_conn t6 "$IP6_ME" "$IP6_PEER" type=transport
	} | pluto_conf "$psk"
	pluto_start
else
	{
		charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport"
		charon_conn t6 "$IP6_ME" "$IP6_PEER" "mode = transport"
	} | charon_conf
	charon_start
fi
pair_sync daemons-up

# a_views N: ip xfrm and ipsecctl list N SAs, and every SPI pluto has
a_views() {
	local n spi spis
	n=$(ip xfrm state list | grep -c '^src ')
	check_eq "SAs listed by ip xfrm" "$n" "$1"
	check_eq "SAs counted by ipsecctl" "$("$IPSECCTL" sa count | awk '{ print $NF }')" "$1"
	spis=$(pluto_spis)
	check_eq "SPIs of pluto's CHILD_SAs" "$(wc -w <<<"$spis")" "$1"
	for spi in $spis; do
		"$IPSECCTL" sa list | grep -qi "spi 0x$spi" ||
			ksft_fail "pluto's SPI 0x$spi not in ipsecctl sa list: $("$IPSECCTL" sa list)"
		ip xfrm state list | grep -qi "spi 0x$spi" ||
			ksft_fail "pluto's SPI 0x$spi not in ip xfrm state list"
	done
	log "ok: ip xfrm, ipsecctl and pluto list the same $1 SAs"
}

if [ "$PAIR_ROLE" = a ]; then
	for fam in 4 6; do
		out=$(timeout 60 "$PLUTO_LIBEXEC/whack" --ctlsocket "$PLUTO_DIR/run/pluto.ctl" \
			--initiate --name t$fam 2>&1)
		grep -q "established Child SA\|IPsec SA established" <<<"$out" || {
			printf '%s\n' "$out" | sed 's/^/  whack: /'
			pluto_log
			ksft_fail "whack --initiate t$fam"
		}
		log "ok: IKE SA and Child SA t$fam up: $(grep -o 'established Child SA.*' <<<"$out" | head -1)"
	done
	a_views 4
	"$IPSECCTL" policy list | sed 's/^/  /'
fi
pair_sync initiated
pair_esp_traffic ike $((10 << 20))

# rekey t4: IKE between the IPv4 addresses crosses t4's policies
if [ "$PAIR_ROLE" = a ]; then
	old=$(pluto_spis)
	tcpdump -i "$DEV" -Q out -U -w /tmp/ike-out.pcap \
		"src $IP4_ME and udp and (port 500 or port 4500)" 2>/tmp/ike-out.err &
	ikepid=$!
	for i in $(seq 100); do
		grep -q 'listening on' /tmp/ike-out.err && break
		sleep 0.3
	done
	out=$(timeout 60 "$PLUTO_LIBEXEC/whack" --ctlsocket "$PLUTO_DIR/run/pluto.ctl" \
		--rekey-ipsec --name t4 2>&1)
	for i in $(seq 60); do
		new=$(pluto_spis)
		[ "$(comm -13 <(printf '%s\n' "$old") <(printf '%s\n' "$new") | grep -c .)" = 2 ] &&
			[ "$(wc -w <<<"$new")" = 4 ] && break
		sleep 0.5
	done
	kill -INT "$ikepid"
	wait "$ikepid"
	fresh=$(comm -13 <(printf '%s\n' "$old") <(printf '%s\n' "$new") | grep -c .)
	[ "$fresh" = 2 ] || {
		printf '%s\n' "$out" | sed 's/^/  whack: /'
		pluto_log
		ksft_fail "t4 not rekeyed: pluto's SPIs $old, then $new"
	}
	n=$(tcpdump -nr /tmp/ike-out.pcap 2>/dev/null | wc -l)
	[ "$n" -ge 1 ] || ksft_fail "no IKE in clear from a during the rekey"
	log "ok: t4 rekeyed through its own policies, $n IKE packets in clear from a"
	# the old SAs leave ipsecdp once pluto deletes them
	for i in $(seq 40); do
		[ "$(ip xfrm state list | grep -c '^src ')" = 4 ] && break
		sleep 0.5
	done
	a_views 4
	for spi in $(comm -23 <(printf '%s\n' "$old") <(printf '%s\n' "$new")); do
		"$IPSECCTL" sa list | grep -qi "spi 0x$spi" &&
			ksft_fail "the old SA 0x$spi is still in ipsecdp"
	done
	log "ok: the rekeyed SAs replaced the old ones"
fi
pair_sync rekeyed
pair_esp_traffic rekey $((1 << 20))
if [ "$PAIR_ROLE" = a ]; then
	err=$(pluto_errors)
	[ -z "$err" ] || { pluto_log; ksft_fail "pluto logged errors: $err"; }
else
	err=$(charon_errors)
	[ -z "$err" ] || { charon_log; ksft_fail "charon logged errors: $err"; }
fi
pair_sync finished
ksft_pass "pluto keys ipsecdp (a), charon XFRM (b): IKEv2, ESP GCM transport, IPv4 and IPv6, 10 MiB TCP intact, only ESP and IKE on the wire, a Child SA rekeyed"
