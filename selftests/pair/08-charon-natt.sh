#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# strongSwan across a NAT (#17, #18): host a is a NAT (nftables
# masquerade, IPv4 and IPv6, UDP mapped to ports 40000-40999 as a
# home router might) for a namespace "in" behind it (10.9.0.2,
# fd09::2), where charon keys ipsecdp (its XFRM front end serves every
# namespace); host b is a gateway, charon on the kernel's XFRM, for its
# LAN (10.2.0.0/24, fd02::/64). Charon on a initiates IKEv2 over IPv4 and
# over IPv6; both sides see the NAT (NAT_DETECTION), float to port 4500
# and install SAs with UDP encapsulation (XFRMA_ENCAP): ESP AES-GCM-128,
# tunnel mode, a's own address to b's LAN. Then: pings both ways and per
# family 10 MiB of TCP there and back, sha256 equal; on the link only
# IKE and UDP 4500 (ESP in UDP), no bare ESP, no cleartext, and from a
# only its public addresses; no error counter moved; on a ipsecdp's four
# SAs carry the encapsulation, on b XFRM's four, from a's public address
# and the NAT's port.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"

charon_hosts
if [ "$PAIR_ROLE" = a ]; then
	# the namespace behind the NAT, where charon and ipsecdp's SAs live
	pair_lan in nat0 10.9.0 fd09:
	nft -f - <<EON || ksft_fail "nft: cannot set up the NAT"
table inet pairnat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "$DEV" ip saddr 10.9.0.0/24 meta l4proto udp masquerade to :40000-40999
		oifname "$DEV" ip6 saddr fd09::/64 meta l4proto udp masquerade to :40000-40999
		oifname "$DEV" ip saddr 10.9.0.0/24 masquerade
		oifname "$DEV" ip6 saddr fd09::/64 masquerade
	}
}
EON
	add_cleanup 'nft delete table inet pairnat'
	CHARON_RUN="ip netns exec in"
	PAIR_RUN="ip netns exec in" PAIR_IPSECDP_RUN="ip netns exec in"
	PAIR_DST4=10.2.0.2 PAIR_DST6=fd02::2
	conns() {
		charon_conn n4 10.9.0.2 "$IP4_PEER" "mode = tunnel" \
			"local_ts = 10.9.0.2/32" "remote_ts = 10.2.0.0/24"
		charon_conn n6 fd09::2 "$IP6_PEER" "mode = tunnel" \
			"local_ts = fd09::2/128" "remote_ts = fd02::/64"
	}
else
	pair_lan lan lan 10.2.0 fd02: 10.9.0 fd09:
	PAIR_RUN="ip netns exec lan" PAIR_DST4=10.9.0.2 PAIR_DST6=fd09::2
	conns() {
		charon_conn n4 "$IP4_ME" "$IP4_PEER" "mode = tunnel" \
			"local_ts = 10.2.0.0/24" "remote_ts = 10.9.0.2/32"
		charon_conn n6 "$IP6_ME" "$IP6_PEER" "mode = tunnel" \
			"local_ts = fd02::/64" "remote_ts = fd09::2/128"
	}
fi
conns | charon_conf
charon_start
pair_sync charon-up

if [ "$PAIR_ROLE" = a ]; then
	charon_initiate n4 n6
	grep -E "NAT|float|4500" "$CHARON_DIR/charon.log" | head -8 | sed 's/^/  charon: /'
	grep -q "local host is behind NAT" "$CHARON_DIR/charon.log" ||
		{ charon_log; ksft_fail "charon on a did not see the NAT"; }
	ip netns exec in "$IPSECCTL" sa list | sed 's/^/  /'
	n=$(ip netns exec in "$IPSECCTL" sa list | grep -c "encap type espinudp")
	check_eq "ipsecdp SAs with UDP encapsulation" "$n" 4
	n=$(ip -n in xfrm state list | grep -c "encap type espinudp")
	check_eq "the same seen by ip xfrm" "$n" 4
fi
pair_sync initiated
PAIR_ENCAP=espinudp
PAIR_WIRE_ALSO="udp port 500 or udp port 4500"
pair_esp_traffic natt $((10 << 20))
if [ "$PAIR_ROLE" = a ]; then
	# nothing of the inner namespace's addresses left a
	n=$(tcpdump -nr /tmp/pair-link-natt.pcap "net 10.9.0.0/24 or net fd09::/64" 2>/dev/null | wc -l)
	check_eq "packets from a with the addresses behind its NAT" "$n" 0
	n=$(tcpdump -nr /tmp/pair-link-natt.pcap esp 2>/dev/null | wc -l)
	check_eq "bare ESP packets from a" "$n" 0
else
	ip xfrm state list | sed 's/^/  /' | grep -v "auth\|aead\|enc " | head -30
	n=$(ip xfrm state list | grep -c "encap type espinudp")
	check_eq "XFRM SAs with UDP encapsulation" "$n" 4
	n=$(ip xfrm state list | grep -c "^src $IP4_PEER \|^src $IP6_PEER ")
	check_eq "XFRM SAs from a's public addresses" "$n" 2
	n=$(ip xfrm state list | grep -c "encap type espinudp sport 4500 dport 40[0-9][0-9][0-9] \|encap type espinudp sport 40[0-9][0-9][0-9] dport 4500 ")
	check_eq "XFRM SAs to or from the port the NAT mapped a's 4500 to" "$n" 4
fi
charon_no_errors
pair_sync finished
ksft_pass "charon behind a NAT keys ipsecdp (a) with charon on XFRM (b): NAT detected, ESP in UDP 4500, tunnel to b's LAN, IPv4 and IPv6, 10 MiB TCP intact, no bare ESP and no private address on the wire"
