#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# strongSwan drives ipsecdp (#18), tunnel mode between gateways, set up by
# a trap: each host is a gateway for a LAN in a namespace of its own
# (10.1.0.0/24 and fd01::/64 behind a, 10.2.0.0/24 and fd02::/64 behind
# b). Charon on a (ipsecdp) installs trap policies (start_action = trap):
# no SA, until the first packet from its LAN makes ipsecdp send
# XFRM_MSG_ACQUIRE and charon negotiates with charon on b (XFRM). IKEv2
# over IPv4 for the IPv4 LANs and over IPv6 for the IPv6 ones, ESP
# AES-GCM-128 in tunnel mode. Then from LAN to LAN: pings both ways, per
# family 10 MiB of TCP there and back, sha256 equal; only ESP and IKE on
# the link; no error counter moved once the first pings passed; charon on
# a logged the acquires.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"

charon_hosts
if [ "$PAIR_ROLE" = a ]; then
	LAN4=10.1.0 LAN6=fd01: PLAN4=10.2.0 PLAN6=fd02:
	start=trap
else
	LAN4=10.2.0 LAN6=fd02: PLAN4=10.1.0 PLAN6=fd01:
	start=none
fi

# the LAN: a namespace behind this gateway, routes to the peer's LAN
pair_lan lan lan "$LAN4" "$LAN6" "$PLAN4" "$PLAN6"

conns() {
	charon_conn gw4 "$IP4_ME" "$IP4_PEER" "mode = tunnel" \
		"local_ts = $LAN4.0/24" "remote_ts = $PLAN4.0/24" \
		"start_action = $start"
	charon_conn gw6 "$IP6_ME" "$IP6_PEER" "mode = tunnel" \
		"local_ts = $LAN6:/64" "remote_ts = $PLAN6:/64" \
		"start_action = $start"
}
conns | charon_conf
charon_start
pair_sync charon-up

if [ "$PAIR_ROLE" = a ]; then
	n=$("$IPSECCTL" sa count | awk '{ print $NF }')
	check_eq "SAs before the first packet (trap)" "$n" 0
	"$IPSECCTL" policy list | grep -q "^src $LAN4.0/24 dst $PLAN4.0/24 .*dir out" ||
		ksft_fail "no trap policy $LAN4.0/24 -> $PLAN4.0/24: $("$IPSECCTL" policy list)"
	log "ok: trap policies installed, no SA"
fi
pair_sync trapped
PAIR_RUN="ip netns exec lan" PAIR_DST4=$PLAN4.2 PAIR_DST6=$PLAN6:2
# while IKE negotiates, a drops what it cannot protect or check yet: its
# LAN's packets that hit the trap (OutNoStates), ESP from b, which installs
# its SAs first, before a installed the inbound one (InNoStates), b's LAN's
# pings sent in clear before b had policies (InTmplMismatch); once the
# pings pass, no drop at all
[ "$PAIR_ROLE" = a ] && PAIR_SETUP_DROPS="OutNoStates InNoStates InTmplMismatch"
pair_esp_traffic gw $((10 << 20))
if [ "$PAIR_ROLE" = a ]; then
	grep -q "acquire" "$CHARON_DIR/charon.log" ||
		{ charon_log; ksft_fail "charon logged no acquire"; }
	n=$(grep -c "CHILD_SA gw[46]{[0-9]*} established" "$CHARON_DIR/charon.log")
	check_eq "CHILD_SAs established by acquires" "$n" 2
	n=$(ip xfrm state list | grep -c "mode tunnel")
	check_eq "tunnel-mode SAs listed by ip xfrm" "$n" 4
fi
charon_no_errors
pair_sync finished
ksft_pass "a trap on ipsecdp (a) makes charon negotiate with charon on XFRM (b): ESP GCM tunnel between gateways, IPv4 and IPv6 LANs, 10 MiB TCP intact, only ESP and IKE on the wire"
