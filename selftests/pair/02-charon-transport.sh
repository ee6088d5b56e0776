#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# strongSwan drives ipsecdp (#18): charon on host a, unmodified, keys
# ipsecdp through its XFRM netlink front end; charon on host b keys the
# kernel's XFRM. IKEv2 with a PSK, ESP AES-GCM-128 in transport mode
# between the hosts, IPv4 and IPv6, initiated by a. Then: ping both ways
# and per family 10 MiB of TCP from a to b and back, sha256 equal; on the
# wire only ESP and IKE (UDP 500/4500); no error counter moved; on a,
# ip xfrm, ipsecctl and swanctl agree on the negotiated SAs and SPIs, and
# charon logged no kernel-interface error.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"

need_cmd tcpdump
pair_link_up
if [ "$PAIR_ROLE" = a ]; then
	pair_ipsecdp_xfrm
	add_cleanup 'ip xfrm policy flush; ip xfrm state flush; rmmod ipsecdp'
else
	add_cleanup 'ip xfrm policy flush; ip xfrm state flush'
fi

conns() {
	local fam me peer
	for fam in 4 6; do
		if [ $fam = 4 ]; then me=$IP4_ME peer=$IP4_PEER; else me=$IP6_ME peer=$IP6_PEER; fi
		cat <<EOC
	t$fam {
		version = 2
		local_addrs = $me
		remote_addrs = $peer
		proposals = aes128gcm16-prfsha256-x25519
		local { auth = psk
			id = $PAIR_ROLE$fam }
		remote { auth = psk
			id = $([ "$PAIR_ROLE" = a ] && echo b || echo a)$fam }
		children {
			t$fam {
				mode = transport
				esp_proposals = aes128gcm16
				$CHARON_CHILD_OPTS
			}
		}
	}
EOC
	done
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
	"$IPSECCTL" policy list | sed 's/^/  /'
fi
pair_sync initiated
pair_esp_traffic ike $((10 << 20))
err=$(charon_errors)
[ -z "$err" ] || { charon_log; ksft_fail "charon logged errors: $err"; }
pair_sync finished
ksft_pass "charon keys ipsecdp (a) and XFRM (b): IKEv2, ESP GCM transport, IPv4 and IPv6, 10 MiB TCP intact, only ESP and IKE on the wire"
