#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# SPD lookup: which policy applies to a packet.
# 1. Table-driven: a set of overlapping policies (IPv4 and IPv6, prefixes,
#    ports and port ranges, protocols, ICMP type, directions, priorities,
#    equal priorities decided by age, bypass holes inside protected
#    ranges, block) and packets whose expected policy is known; each is
#    checked with `ipsecctl -j policy match`.
# 2. The same answers hold for real traffic: with A and B protecting
#    10.0.0.0/24 <-> 10.0.0.0/24 except TCP port 22, TCP to port 5001 and
#    ping go as ESP on the wire, TCP to port 22 in clear; match reports the
#    SA the output path uses.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump socat
need_ipsecctl

topo_setup

KO=$(rand_key 20)
KI=$(rand_key 20)

# Policies of A, in order: policy number N gets index N (fresh netns).
# Text after '@' is a name for the log.
POLICIES=(
	# 1-8: traffic of this test's topology
	"src 10.0.0.0/24 dst 10.0.0.0/24 dir out priority 100 tmpl proto esp spi 0x100 @prot-out"
	"src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp dport 22 dir out priority 10 @ssh-out"
	"src 10.0.0.0/24 dst 10.0.0.0/24 dir in priority 100 tmpl proto esp @prot-in"
	"src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp sport 22 dir in priority 10 @ssh-in"
	"src 10.0.0.0/24 dst 10.0.0.0/24 proto udp dport 9 dir out priority 5 action block @discard-out"
	"src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp dport 23 dir out priority 20 tmpl proto esp spi 0x999 @telnet-nosa"
	"src 10.0.0.1/32 dst 10.0.0.2/32 dir fwd priority 1 action block @fwd-block"
	"src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp dport 24 dir out priority 20 tmpl proto esp spi 0x998 level use @use-nosa"
	# 9-20: IPv4 overlaps
	"src 10.10.0.0/16 dst 10.11.0.0/16 dir out priority 100 tmpl proto esp @net16"
	"src 10.10.0.0/16 dst 10.11.0.0/16 proto tcp dport 22 dir out priority 10 @net16-ssh"
	"src 10.10.5.0/24 dst 10.11.0.0/16 dir out priority 50 action block @blk24"
	"src 10.10.0.1/32 dst 10.11.2.3/32 dir out priority 100 action block @host-tie"
	"src 10.10.0.1/32 dst 10.11.2.4/32 dir out priority 99 @host-bypass"
	"src 0.0.0.0/0 dst 192.168.0.0/16 proto udp dport 5000-5010 dir out priority 200 action block @udp-range"
	"src 0.0.0.0/0 dst 192.168.0.0/16 dir out priority 300 @any-192"
	"src 10.0.0.0/8 dst 172.16.0.0/12 proto icmp type 8 dir out priority 5 @ping-172"
	"src 10.10.0.0/16 dst 10.11.0.0/16 proto udp sport 100-200 dport 300-400 dir out priority 60 action block @udp-2ranges"
	"src 10.10.0.0/16 dst 10.11.0.0/16 proto tcp dport 1000-2000 dir out priority 99 @tcp-range"
	"src 10.10.0.0/16 dst 10.11.0.0/16 proto sctp dir out priority 70 action block @sctp"
	"src 10.11.0.0/16 dst 10.10.0.0/16 dir in priority 100 tmpl proto esp @net16-in"
	# 21-26: IPv6
	"src 2001:db8:1::/48 dst 2001:db8:2::/48 dir out priority 100 tmpl proto esp @v6-net"
	"src 2001:db8:1::/48 dst 2001:db8:2::/48 proto tcp dport 22 dir out priority 10 @v6-ssh"
	"src 2001:db8:1::1/128 dst 2001:db8:2::1/128 dir out priority 100 action block @v6-tie"
	"src 2001:db8:1::1/128 dst 2001:db8:2::2/128 proto udp sport 53 dir out priority 50 @v6-dns"
	"src ::/0 dst 2001:db8:ff::/64 proto ipv6-icmp type 128 dir out priority 20 action block @v6-ping"
	"src 2001:db8:2::/48 dst 2001:db8:1::/48 dir fwd priority 100 action block @v6-fwd"
)

# dir src dst [l4...] => expected policy number (0: none) and verdict
CASES=(
	"out 10.0.0.1 10.0.0.2 => 1 protect"
	"out 10.0.0.1 10.0.0.2 proto tcp sport 40000 dport 5001 => 1 protect"
	"out 10.0.0.1 10.0.0.2 proto tcp sport 40000 dport 22 => 2 bypass"
	"out 10.0.0.1 10.0.0.2 proto udp sport 40000 dport 22 => 1 protect"
	"out 10.0.0.1 10.0.0.2 proto udp sport 1 dport 9 => 5 block"
	"out 10.0.0.1 10.0.0.2 proto tcp sport 1 dport 23 => 6 no-sa"
	"out 10.0.0.1 10.0.0.2 proto tcp sport 1 dport 24 => 8 no-sa-use"
	"in 10.0.0.2 10.0.0.1 proto tcp sport 22 dport 40000 => 4 bypass"
	"in 10.0.0.2 10.0.0.1 proto tcp sport 5001 dport 40000 => 3 protect"
	"fwd 10.0.0.1 10.0.0.2 => 7 block"
	"fwd 10.0.0.2 10.0.0.1 => 0 none"
	"out 10.0.1.1 10.0.0.2 => 0 none"
	"out 10.10.1.1 10.11.1.1 => 9 no-sa"
	"out 10.10.1.1 10.11.1.1 proto tcp sport 5 dport 22 => 10 bypass"
	"out 10.10.5.7 10.11.1.1 proto tcp sport 5 dport 22 => 10 bypass"
	"out 10.10.5.7 10.11.1.1 proto tcp sport 5 dport 80 => 11 block"
	"out 10.10.0.1 10.11.2.3 => 9 no-sa"
	"out 10.10.0.1 10.11.2.4 => 13 bypass"
	"out 10.10.0.1 10.11.2.4 proto tcp sport 1 dport 22 => 10 bypass"
	"out 10.20.0.1 192.168.1.1 proto udp sport 1 dport 5005 => 14 block"
	"out 10.20.0.1 192.168.1.1 proto udp sport 1 dport 5011 => 15 bypass"
	"out 10.20.0.1 192.168.1.1 proto udp sport 1 dport 5000 => 14 block"
	"out 10.20.0.1 192.168.1.1 proto udp sport 1 dport 4999 => 15 bypass"
	"out 10.3.0.1 172.20.0.1 proto icmp type 8 code 0 => 16 bypass"
	"out 10.3.0.1 172.20.0.1 proto icmp type 0 code 0 => 0 none"
	"out 11.3.0.1 172.20.0.1 proto icmp type 8 code 0 => 0 none"
	"out 10.10.1.1 10.11.1.1 proto udp sport 150 dport 350 => 17 block"
	"out 10.10.1.1 10.11.1.1 proto udp sport 150 dport 401 => 9 no-sa"
	"out 10.10.1.1 10.11.1.1 proto udp sport 201 dport 350 => 9 no-sa"
	"out 10.10.1.1 10.11.1.1 proto tcp sport 1 dport 1500 => 18 bypass"
	"out 10.10.5.1 10.11.1.1 proto tcp sport 1 dport 1500 => 11 block"
	"out 10.10.1.1 10.11.1.1 proto sctp sport 1 dport 1 => 19 block"
	"in 10.11.1.1 10.10.1.1 => 20 no-sa"
	"in 10.10.1.1 10.11.1.1 => 0 none"
	"out 2001:db8:1::5 2001:db8:2::7 => 21 no-sa"
	"out 2001:db8:1::5 2001:db8:2::7 proto tcp sport 1 dport 22 => 22 bypass"
	"out 2001:db8:1::1 2001:db8:2::1 => 21 no-sa"
	"out 2001:db8:1::1 2001:db8:2::2 proto udp sport 53 dport 53 => 24 bypass"
	"out 2001:db8:1::1 2001:db8:2::2 proto udp sport 54 dport 53 => 21 no-sa"
	"out 2001:db8:9::1 2001:db8:ff::1 proto ipv6-icmp type 128 code 0 => 25 block"
	"out 2001:db8:9::1 2001:db8:ff:1::1 proto ipv6-icmp type 128 code 0 => 0 none"
	"fwd 2001:db8:2::1 2001:db8:1::1 => 26 block"
	"in 2001:db8:2::1 2001:db8:1::1 => 0 none"
)

log "--- policies of A"
n=0
for p in "${POLICIES[@]}"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	ctl "$NS_A" policy add ${p%@*} >"$T/err" 2>&1 ||
		ksft_fail "policy $n (${p#*@}) not added: $(cat "$T/err")"
	NAME[$n]=${p#*@}
done
log "$n policies added"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x100 \
	mode transport aead "$GCM" "$KO" 128
ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x200 \
	mode transport aead "$GCM" "$KI" 128

log "--- 1. policy match, ${#CASES[@]} cases"
fails=0
i=0
for c in "${CASES[@]}"; do
	i=$((i + 1))
	lhs=${c%% =>*}
	lhs=${lhs%% @*}
	want=${c##*=> }
	read -r dir src dst l4 <<<"$lhs"
	# shellcheck disable=SC2086
	out=$(ctl "$NS_A" -j policy match src "$src" dst "$dst" ${l4:-} dir "$dir" 2>&1)
	got=$("$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
print(d.get("index", 0), d["verdict"])' "$out" 2>/dev/null) || got="error: $out"
	if [ "$got" = "$want" ]; then
		log "ok: case $i: $lhs => $got (${NAME[${want%% *}]:-none})"
	else
		log "FAIL case $i: $lhs: got '$got', expected '$want'"
		fails=$((fails + 1))
	fi
done
[ "$fails" = 0 ] || ksft_fail "$fails of $i match cases wrong"

# text output explains
out=$(ctl "$NS_A" policy match src 10.0.1.1 dst 10.0.0.2 dir out)
check_eq "text, no policy" "$out" \
	"no policy matches: packets pass in clear (no default policy)"
out=$(ctl "$NS_A" policy match src 10.0.0.1 dst 10.0.0.2 proto tcp dport 23 dir out | head -1)
check_eq "text, no SA" "$out" \
	"policy 6 protects but no SA: packets would be dropped (OutNoStates)"
out=$(ctl "$NS_A" policy match src 10.0.0.1 dst 10.0.0.2 proto udp dport 9 dir out | head -1)
check_eq "text, block" "$out" "policy 5 (block) matches: packets are dropped"
out=$(ctl "$NS_A" -j policy match src 10.0.0.1 dst 10.0.0.2 dir out)
spi=$("$PY" -c 'import json,sys; print(hex(json.loads(sys.argv[1])["sa"]["spi"]))' "$out" 2>/dev/null)
check_eq "SA picked for A->B" "$spi" "0x100"

log "--- 2. real traffic"
# B mirrors A's first policies
ctl_ok "$NS_B" sa add src "$IP_B" dst "$IP_A" proto esp spi 0x200 \
	mode transport aead "$GCM" "$KI" 128
ctl_ok "$NS_B" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x100 \
	mode transport aead "$GCM" "$KO" 128
ctl_ok "$NS_B" policy add src 10.0.0.0/24 dst 10.0.0.0/24 dir out \
	priority 100 tmpl proto esp spi 0x200
ctl_ok "$NS_B" policy add src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp \
	sport 22 dir out priority 10
ctl_ok "$NS_B" policy add src 10.0.0.0/24 dst 10.0.0.0/24 dir in \
	priority 100 tmpl proto esp
ctl_ok "$NS_B" policy add src 10.0.0.0/24 dst 10.0.0.0/24 proto tcp \
	dport 22 dir in priority 10

cap_start "$T/prot.pcap"
ping_ok "$NS_A" "$IP_B" 3
tcp_xfer "$NS_A" "$NS_B" "$IP_B" 1 5001
cap_stop
cap_check_esp "$T/prot.pcap"

cap_start "$T/ssh.pcap"
tcp_xfer "$NS_A" "$NS_B" "$IP_B" 1 22
cap_stop
clear=$(cap_count "tcp port 22 and host $IP_A and host $IP_B" "$T/ssh.pcap")
esp=$(cap_count "esp" "$T/ssh.pcap")
log "wire: $clear cleartext TCP port 22 packets, $esp ESP packets"
[ "$clear" -gt 0 ] || ksft_fail "TCP port 22 was not sent in clear"
check_eq "ESP packets during the port 22 transfer" "$esp" 0

blk0=$(counter "$NS_A" OutPolBlock)
in_ns "$NS_A" socat -u - "UDP:$IP_B:9" <<<"x" 2>/dev/null
check_counter "$NS_A" OutPolBlock ">$blk0"

ksft_pass "${#CASES[@]} match cases and real traffic agree"
