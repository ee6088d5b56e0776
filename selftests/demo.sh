#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/demo.sh: a narrated tour of ipsecdp (run by `make demo`, inside
# the test VM with ipsecdp.ko loaded).
#
# Two hosts, each in its own network namespace, joined by a virtual cable:
#   host A (10.0.0.1) protects its traffic with ipsecdp, configured by
#                     ipsecctl;
#   host B (10.0.0.2) uses the Linux kernel's own IPsec (XFRM, `ip xfrm`).
# They agree on two Security Associations (one per direction, AES-GCM-128),
# then talk: ping, then a 1 MiB TCP stream. A third namespace in the middle
# records what travels on the cable, to show it is all ESP.

. "$(dirname "$0")/lib/ipsec.sh"

step() { printf '\n=== %s\n' "$*"; }
say() { printf '%s\n' "$*" | fold -s -w 76; }

step "0. What we need"
need_cmd tcpdump socat ss
need_ipsecctl
need_xfrm
say "ipsecctl: $IPSECCTL"
say "kernel: $(uname -r), ipsecdp module loaded: $([ -d /sys/module/ipsecdp ] && echo yes || echo no)"

step "1. Two hosts and a cable"
say "Host A lives in netns $NS_A, host B in $NS_B; a bridge in $NS_W is the cable."
topo_setup
say "They can already talk in the clear (that first ping went unprotected)."

step "2. Keys: one per direction (AES-GCM-128: 16-byte key + 4-byte salt)"
K_AB=$(rand_key 20)
K_BA=$(rand_key 20)
SPI_AB=0x1001
SPI_BA=0x2002
say "A->B: SPI $SPI_AB key $K_AB"
say "B->A: SPI $SPI_BA key $K_BA"

step "3. Host A: ipsecdp, configured with ipsecctl"
say "Two SAs (what to do with the packets: algorithm, key, SPI) and two policies (which packets: here everything between A and B must be ESP)."
ours_setup "$NS_A" "$IP_A" "$IP_B" "$SPI_AB" "$SPI_BA" "$K_AB" "$K_BA"
ctl_ok "$NS_A" sa list
ctl_ok "$NS_A" policy list

step "4. Host B: the kernel's XFRM, the same SAs seen from the other side"
xfrm_setup "$NS_B" "$IP_B" "$IP_A" "$SPI_BA" "$SPI_AB" "$K_BA" "$K_AB"

step "5. Talk, while the cable is recorded"
cap_start "$T/demo.pcap"
ping_ok "$NS_A" "$IP_B" 3
ping_ok "$NS_B" "$IP_A" 3
tcp_xfer "$NS_A" "$NS_B" "$IP_B" 1 5001
cap_stop

step "6. What the cable saw (first lines of tcpdump)"
say "+ tcpdump -r demo.pcap -nn 'host $IP_A and host $IP_B'"
tcpdump -r "$T/demo.pcap" -nn "host $IP_A and host $IP_B" 2>/dev/null |
	head -12 | cut -c 17- | sed 's/^/    /'
esp=$(cap_count "esp and host $IP_A and host $IP_B")
clear=$(cap_count "not esp and host $IP_A and host $IP_B and (tcp or udp or icmp)")
say "ESP packets: $esp; cleartext TCP/UDP/ICMP packets between A and B: $clear"

step "7. ipsecdp's view on host A"
ctl_ok "$NS_A" sa list
say "+ [ipA] ipsecctl stats   (non-zero counters)"
ctl "$NS_A" stats | awk '$2 != 0 { printf "    %s %s\n", $1, $2 }'

step "Summary"
ok=1
[ "$esp" -gt 0 ] && [ "$clear" = 0 ] || ok=0
inp=$(counter "$NS_A" InPackets)
outp=$(counter "$NS_A" OutPackets)
errs=$(ctl "$NS_A" stats | awk '$1 ~ /Error|NoStates|Mismatch/ { s += $2 } END { print s + 0 }')
[ "${inp:-0}" -gt 0 ] && [ "${outp:-0}" -gt 0 ] && [ "$errs" = 0 ] || ok=0
say "- host A (ipsecdp) and host B (kernel XFRM) exchanged pings both ways and 1 MiB over TCP, intact (sha256 checked);"
say "- the cable carried $esp ESP packets and no cleartext;"
say "- ipsecdp on A decrypted $inp packets, encrypted $outp, with $errs errors."
if [ $ok = 1 ]; then
	say "Demo OK."
	exit 0
fi
say "Demo FAILED: see above."
exit 1
