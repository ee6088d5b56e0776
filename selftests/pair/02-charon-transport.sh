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
	for fam in 4 6; do
		out=$(swanctl --initiate --child t$fam --timeout 30 2>&1) || {
			charon_log
			ksft_fail "swanctl --initiate t$fam: $(tail -3 <<<"$out")"
		}
		log "ok: IKE_SA and CHILD_SA t$fam up"
	done
	# the views: ip xfrm, ipsecctl and charon's own list agree
	n=$(ip xfrm state list | grep -c '^src ')
	check_eq "SAs listed by ip xfrm" "$n" 4
	check_eq "SAs counted by ipsecctl" "$("$IPSECCTL" sa count | awk '{ print $NF }')" 4
	for spi in $(swanctl --list-sas --raw | grep -o 'spi-[io]n=[0-9a-f]*' | cut -d= -f2); do
		"$IPSECCTL" sa list | grep -qi "spi 0x$spi" ||
			ksft_fail "charon's SPI 0x$spi not in ipsecctl sa list: $("$IPSECCTL" sa list)"
		ip xfrm state list | grep -qi "spi 0x$spi" ||
			ksft_fail "charon's SPI 0x$spi not in ip xfrm state list"
	done
	log "ok: ip xfrm, ipsecctl and swanctl list the same 4 SAs"
	n=$("$IPSECCTL" policy list | grep -c 'dport 500\|sport 500\|port 4500')
	check_eq "port bypass policies (IKE passes by socket policy)" "$n" 0
	# IKE between the IPv4 addresses now crosses t4's policies, which
	# protect everything between them: a rekey of t4 goes through only
	# if charon's socket bypass works both ways on a, and its IKE must
	# leave a in clear
	tcpdump -i "$DEV" -Q out -U -w /tmp/ike-out.pcap \
		"src $IP4_ME and udp and (port 500 or port 4500)" 2>/tmp/ike-out.err &
	ikepid=$!
	for i in $(seq 100); do
		grep -q 'listening on' /tmp/ike-out.err && break
		sleep 0.3
	done
	swanctl --rekey --child t4 >/dev/null || ksft_fail "swanctl --rekey --child t4"
	for i in $(seq 60); do
		n=$(grep -o "CHILD_SA t4{[0-9]*} established" "$CHARON_DIR/charon.log" | sort -u | wc -l)
		[ "$n" -ge 2 ] && break
		sleep 0.5
	done
	kill -INT "$ikepid"
	wait "$ikepid"
	[ "$n" -ge 2 ] || { charon_log; ksft_fail "t4 not rekeyed over its own policies"; }
	n=$(tcpdump -nr /tmp/ike-out.pcap 2>/dev/null | wc -l)
	[ "$n" -ge 1 ] || ksft_fail "no IKE in clear from a during the rekey"
	log "ok: t4 rekeyed through its own policies: IKE by socket bypass, $n IKE packets in clear from a"
	"$IPSECCTL" policy list | sed 's/^/  /'
fi
pair_sync initiated
pair_esp_traffic ike $((10 << 20))
err=$(charon_errors)
[ -z "$err" ] || { charon_log; ksft_fail "charon logged errors: $err"; }
pair_sync finished
ksft_pass "charon keys ipsecdp (a) and XFRM (b): IKEv2, ESP GCM transport, IPv4 and IPv6, 10 MiB TCP intact, only ESP and IKE on the wire"
