#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libreswan drives ipsecdp (#18), tunnel mode between gateways, set up by
# a trap: each host is a gateway for a LAN in a namespace of its own
# (10.1.0.0/24 and fd01::/64 behind a, 10.2.0.0/24 and fd02::/64 behind
# b). pluto on a (ipsecdp) installs trap policies (auto=ondemand): no SA,
# until the first packet from its LAN makes ipsecdp send
# XFRM_MSG_ACQUIRE and pluto negotiates with charon on b (XFRM). IKEv2
# over IPv4 for the IPv4 LANs and over IPv6 for the IPv6 ones, ESP
# AES-GCM-128 in tunnel mode. Then from LAN to LAN: pings both ways, per
# family 10 MiB of TCP there and back, sha256 equal; only ESP and IKE on
# the link; no error counter moved once the first pings passed; pluto
# logged the acquires and no kernel-interface error.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"
. "$(dirname "$0")/pluto.sh"

charon_hosts
if [ "$PAIR_ROLE" = a ]; then
	LAN4=10.1.0 LAN6=fd01: PLAN4=10.2.0 PLAN6=fd02:
else
	LAN4=10.2.0 LAN6=fd02: PLAN4=10.1.0 PLAN6=fd01:
fi

# the LAN: a namespace behind this gateway, routes to the peer's LAN
pair_lan lan lan "$LAN4" "$LAN6" "$PLAN4" "$PLAN6"

pluto_conns() {
	pluto_conn gw4 "$IP4_ME" "$IP4_PEER" type=tunnel \
		"leftsubnet=$LAN4.0/24" "rightsubnet=$PLAN4.0/24" \
		auto=ondemand
	pluto_conn gw6 "$IP6_ME" "$IP6_PEER" type=tunnel \
		"leftsubnet=$LAN6:/64" "rightsubnet=$PLAN6:/64" \
		auto=ondemand
}
charon_conns() {
	charon_conn gw4 "$IP4_ME" "$IP4_PEER" "mode = tunnel" \
		"local_ts = $LAN4.0/24" "remote_ts = $PLAN4.0/24"
	charon_conn gw6 "$IP6_ME" "$IP6_PEER" "mode = tunnel" \
		"local_ts = $LAN6:/64" "remote_ts = $PLAN6:/64"
}
pluto_and_charon pluto_conns charon_conns
pair_sync daemons-up

if [ "$PAIR_ROLE" = a ]; then
	# pluto routes ondemand conns once they are added: wait for both
	for i in $(seq 50); do
		"$IPSECCTL" policy list | grep -q "^src $LAN6:/64 dst $PLAN6:/64 .*dir out" &&
			"$IPSECCTL" policy list | grep -q "^src $LAN4.0/24 dst $PLAN4.0/24 .*dir out" &&
			break
		sleep 0.2
	done
	"$IPSECCTL" policy list | sed 's/^/  /'
	for p in "$LAN4.0/24 dst $PLAN4.0/24" "$LAN6:/64 dst $PLAN6:/64"; do
		"$IPSECCTL" policy list | grep -q "^src $p .*dir out" ||
			{ pluto_log; ksft_fail "no trap policy $p"; }
	done
	n=$("$IPSECCTL" sa count | awk '{ print $NF }')
	check_eq "SAs before the first packet (trap)" "$n" 0
	log "ok: trap policies installed, no SA"
fi
pair_sync trapped
PAIR_RUN="ip netns exec lan" PAIR_DST4=$PLAN4.2 PAIR_DST6=$PLAN6:2
# while IKE negotiates, a drops what it cannot protect or check yet (see
# 03); once the pings pass, no drop at all
[ "$PAIR_ROLE" = a ] && PAIR_SETUP_DROPS="OutNoStates InNoStates InTmplMismatch"
pair_esp_traffic gw $((10 << 20))
if [ "$PAIR_ROLE" = a ]; then
	n=$(grep -c "initiate on-demand for packet" "$PLUTO_DIR/pluto.log")
	check_eq "acquires pluto acted on (one per conn)" "$n" 2
	n=$(grep -c "established Child SA" "$PLUTO_DIR/pluto.log")
	check_eq "Child SAs established by acquires" "$n" 2
	n=$(ip xfrm state list | grep -c "mode tunnel")
	check_eq "tunnel-mode SAs listed by ip xfrm" "$n" 4
fi
pluto_charon_no_errors
pair_sync finished
ksft_pass "a trap on ipsecdp (a) makes pluto negotiate with charon on XFRM (b): ESP GCM tunnel between gateways, IPv4 and IPv6 LANs, 10 MiB TCP intact, only ESP and IKE on the wire"
