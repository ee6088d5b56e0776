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

charon_hosts
pluto_conns() {
	pluto_conn t4 "$IP4_ME" "$IP4_PEER" type=transport
	pluto_conn t6 "$IP6_ME" "$IP6_PEER" type=transport
}
charon_conns() {
	charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport"
	charon_conn t6 "$IP6_ME" "$IP6_PEER" "mode = transport"
}
pluto_and_charon pluto_conns charon_conns
pair_sync daemons-up

if [ "$PAIR_ROLE" = a ]; then
	pluto_initiate t4 t6
	pair_views 4 pluto pluto_spis
	"$IPSECCTL" policy list | sed 's/^/  /'
fi
pair_sync initiated
pair_esp_traffic ike $((10 << 20))

# rekey t4: IKE between the IPv4 addresses crosses t4's policies
if [ "$PAIR_ROLE" = a ]; then
	old=$(pluto_spis)
	pair_ike_out_start
	out=$(timeout 60 "$PLUTO_LIBEXEC/whack" --ctlsocket "$PLUTO_DIR/run/pluto.ctl" \
		--rekey-ipsec --name t4 2>&1)
	for i in $(seq 60); do
		new=$(pluto_spis)
		[ "$(comm -13 <(printf '%s\n' "$old") <(printf '%s\n' "$new") | grep -c .)" = 2 ] &&
			[ "$(wc -w <<<"$new")" = 4 ] && break
		sleep 0.5
	done
	fresh=$(comm -13 <(printf '%s\n' "$old") <(printf '%s\n' "$new") | grep -c .)
	[ "$fresh" = 2 ] || {
		printf '%s\n' "$out" | sed 's/^/  whack: /'
		pluto_log
		ksft_fail "t4 not rekeyed: pluto's SPIs $old, then $new"
	}
	pair_ike_out_stop
	log "ok: t4 rekeyed through its own policies: IKE by socket bypass"
	# the old SAs leave ipsecdp once pluto deletes them
	for i in $(seq 40); do
		[ "$(ip xfrm state list | grep -c '^src ')" = 4 ] && break
		sleep 0.5
	done
	pair_views 4 pluto pluto_spis
	for spi in $(comm -23 <(printf '%s\n' "$old") <(printf '%s\n' "$new")); do
		"$IPSECCTL" sa list | grep -qi "spi 0x$spi" &&
			ksft_fail "the old SA 0x$spi is still in ipsecdp"
	done
	log "ok: the rekeyed SAs replaced the old ones"
fi
pair_sync rekeyed
pair_esp_traffic rekey $((1 << 20))
pluto_charon_no_errors
pair_sync finished
ksft_pass "pluto keys ipsecdp (a), charon XFRM (b): IKEv2, ESP GCM transport, IPv4 and IPv6, 10 MiB TCP intact, only ESP and IKE on the wire, a Child SA rekeyed"
