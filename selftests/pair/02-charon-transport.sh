#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# strongSwan drives ipsecdp (#18): charon on host a, unmodified, keys
# ipsecdp through its XFRM netlink front end; charon on host b keys the
# kernel's XFRM. IKEv2 with a PSK, ESP AES-GCM-128 in transport mode
# between the hosts, IPv4 and IPv6, initiated by a. Then: ping both ways
# and per family 10 MiB of TCP from a to b and back, sha256 equal; on the
# wire only ESP and IKE (UDP 500/4500); no error counter moved; on a,
# ip xfrm, ipsecctl and swanctl agree on the negotiated SAs and SPIs, and
# charon logged no kernel-interface error. IKE passes as charon lets it
# by default: bypass policies on its sockets (IP_XFRM_POLICY; 03 and 04
# use port bypass policies instead), and a has no port bypass policy.
# timeout: 900
. "$(dirname "$0")/pair.sh"
CHARON_PORT_BYPASS=no
. "$(dirname "$0")/charon.sh"

charon_hosts

conns() {
	charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport"
	charon_conn t6 "$IP6_ME" "$IP6_PEER" "mode = transport"
}
conns | charon_conf
charon_start
pair_sync charon-up

if [ "$PAIR_ROLE" = a ]; then
	charon_initiate t4 t6
	# the views: ip xfrm, ipsecctl and charon's own list agree
	pair_views 4 charon charon_spis
	n=$("$IPSECCTL" policy list | grep -c 'dport 500\|sport 500\|port 4500')
	check_eq "port bypass policies (IKE passes by socket policy)" "$n" 0
	# IKE between the IPv4 addresses now crosses t4's policies, which
	# protect everything between them: a rekey of t4 goes through only
	# if charon's socket bypass works both ways on a, and its IKE must
	# leave a in clear
	pair_ike_out_start
	swanctl --rekey --child t4 >/dev/null || ksft_fail "swanctl --rekey --child t4"
	for i in $(seq 60); do
		n=$(grep -o "CHILD_SA t4{[0-9]*} established" "$CHARON_DIR/charon.log" | sort -u | wc -l)
		[ "$n" -ge 2 ] && break
		sleep 0.5
	done
	[ "$n" -ge 2 ] || { charon_log; ksft_fail "t4 not rekeyed over its own policies"; }
	pair_ike_out_stop
	log "ok: t4 rekeyed through its own policies: IKE by socket bypass"
	"$IPSECCTL" policy list | sed 's/^/  /'
fi
pair_sync initiated
pair_esp_traffic ike $((10 << 20))
charon_no_errors
pair_sync finished
ksft_pass "charon keys ipsecdp (a) and XFRM (b): IKEv2, ESP GCM transport, IPv4 and IPv6, 10 MiB TCP intact, only ESP and IKE on the wire"
