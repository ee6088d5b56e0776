# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# selftests/pair/pair.sh: helpers for the two-host tests, which run in two
# VMs at once (selftests/vm/run-pair.sh), one script on both hosts:
#
#	. "$(dirname "$0")/pair.sh"
#	pair_link_up
#	if [ "$PAIR_ROLE" = a ]; then ...; else ...; fi
#	pair_sync configured
#
# Addresses on the link's one NIC: the test's own, 192.0.2.ME/24 and
# 2001:db8:2::ME/64 (ME 1 on host a, 2 on host b), and the control
# channel's, 198.51.100.ME/24, which no test policy may cover: pair_sync
# runs over it whatever IPsec does to the test's traffic.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/lib.sh"

PAIR_ROLE=${PAIR_ROLE:-}
PAIR_SEED=${PAIR_SEED:-}
[ -n "$PAIR_ROLE" ] && [ -n "$PAIR_SEED" ] ||
	ksft_fail "run by selftests/vm/run-pair.sh (PAIR_ROLE, PAIR_SEED)"
case $PAIR_ROLE in
a) ME=1 PEER=2 ;;
b) ME=2 PEER=1 ;;
*) ksft_fail "PAIR_ROLE '$PAIR_ROLE'" ;;
esac
IP4_ME=192.0.2.$ME IP4_PEER=192.0.2.$PEER
IP6_ME=2001:db8:2::$ME IP6_PEER=2001:db8:2::$PEER
# the same, named by host (for what both hosts set up alike)
IP4_A=192.0.2.1 IP4_B=192.0.2.2 IP6_A=2001:db8:2::1 IP6_B=2001:db8:2::2
CTL_ME=198.51.100.$ME CTL_PEER=198.51.100.$PEER
PAIR_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEV=

# pair_key NAME BYTES: a 0x-prefixed key of BYTES (at most 64) that both
# hosts derive from the run's seed and NAME
pair_key() {
	printf '0x%s' "$(printf '%s-%s' "$PAIR_SEED" "$1" | sha512sum |
		head -c $(($2 * 2)))"
}

# pair_wait_ping ADDR SECONDS: until ADDR answers a ping
pair_wait_ping() {
	local end=$((SECONDS + $2))
	until ping -c1 -W1 "$1" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
	done
}

# pair_esp_traffic TAG BYTES: after both hosts configured ESP between their
# test addresses (IPv4 and IPv6): ping both ways, then per family BYTES of
# TCP from a to b echoed back by b, sha256 equal. Each host captures what
# it sends on the link (tcpdump -Q out: the two together are the whole
# link; an inbound capture would also show what XFRM's tunnel mode
# re-injects after decryption): every IP packet but the control channel's,
# link-local multicast and neighbour discovery must be ESP (or match
# PAIR_WIRE_ALSO, a pcap filter: IKE's UDP 500 and 4500), and at least a
# packet per 1500 bytes sent is ESP. No error counter moved on either host
# (XFRM's on b, ipsecdp's on a), except those named in PAIR_SETUP_DROPS,
# and those only before the first pings were answered (a trap's drops
# while IKE negotiates): none moves while the data flows. TAG names its
# synchronisation points.
# The traffic runs between PAIR_DST4/PAIR_DST6 (default the peer's test
# addresses) from a command prefix PAIR_RUN (default none; "ip netns exec
# lan" for hosts behind gateways), at PAIR_RATE bytes/s if set. With
# PAIR_ENCAP=espinudp the ESP is in UDP (RFC 3948: port 4500, not IKE's
# zero marker). ipsecctl on a runs with the prefix PAIR_IPSECDP_RUN (the
# namespace ipsecdp's SAs are in; default the host's own).
PAIR_WIRE_ALSO= PAIR_RUN= PAIR_DST4= PAIR_DST6= PAIR_RATE= PAIR_SETUP_DROPS=
PAIR_ENCAP= PAIR_IPSECDP_RUN=
pair_esp_traffic() {
	local tag=$1 BYTES=$2 ip cap tpid rpid epid esp other bad out base
	local run=($PAIR_RUN) not_esp esp_f=esp proto=esp

	if [ "$PAIR_ENCAP" = espinudp ]; then
		esp_f="((ip and udp port 4500 and udp[8:4] != 0) or (ip6 and udp port 4500 and ip6[48:4] != 0))"
		proto=espinudp
	fi

	# ping both ways: the first ones may find the peer's neighbour entry cold
	for ip in "${PAIR_DST4:-$IP4_PEER}" "${PAIR_DST6:-$IP6_PEER}"; do
		pair_wait_ping_run "$ip" 30 || ksft_fail "no answer from $ip through ESP"
		"${run[@]}" ping -c 3 -i 0.2 -W 2 "$ip" >/dev/null || ksft_fail "ping $ip"
		log "ok: ping $ip through ESP"
	done
	base=$(pair_err_counters)

	cap=/tmp/pair-link-$tag.pcap
	tcpdump -i "$DEV" -Q out -s 128 -U -w "$cap" \
		"(ip or ip6) and not host $CTL_ME and not host $CTL_PEER" \
		2>/tmp/tcpdump.err &
	tpid=$!
	# and the ESP it receives, for the order it arrives in
	tcpdump -i "$DEV" -Q in -s 64 -U -w "$cap.in" "$esp_f" 2>/tmp/tcpdump-in.err &
	rpid=$!
	sleep 1
	pair_sync "$tag-capturing"
	if [ "$PAIR_ROLE" = b ]; then
		"${run[@]}" "$PY" "$PAIR_DIR/echo.py" serve 5001 2 &
		epid=$!
		pair_sync "$tag-serving"
		pair_sync "$tag-sent"
		wait "$epid" || ksft_fail "echo server failed"
	else
		pair_sync "$tag-serving"
		for ip in "${PAIR_DST4:-$IP4_PEER}" "${PAIR_DST6:-$IP6_PEER}"; do
			out=$("${run[@]}" "$PY" "$PAIR_DIR/echo.py" send "$ip" 5001 "$BYTES" $PAIR_RATE) ||
				ksft_fail "TCP to $ip and back: $out"
			log "ok: TCP to $ip and back, $BYTES bytes each way: $out"
		done
		pair_sync "$tag-sent"
	fi
	sleep 1
	kill -INT "$tpid" "$rpid"
	wait "$tpid" "$rpid"
	esp=$(tcpdump -nr "$cap" "$esp_f" 2>/dev/null | wc -l)
	not_esp="not $esp_f and not ip6 multicast and not (icmp6 and ip6[40] >= 133 and ip6[40] <= 136)"
	other=$(tcpdump -nr "$cap" "$not_esp${PAIR_WIRE_ALSO:+ and not ($PAIR_WIRE_ALSO)}" 2>/dev/null)
	log "sent by $PAIR_ROLE: $esp ESP packets, $(printf '%s' "$other" | grep -c .) others"
	[ -z "$other" ] || ksft_fail "not ESP on the wire: $(printf '%s\n' "$other" | head -5)"
	# the order of the IPv4 ESP packets this host emitted and received:
	# ipsecdp (a) must emit each SA's packets in order (two CPUs may swap
	# one or two, test 04); XFRM's order (b) is only shown
	out=$("$PY" "$PAIR_DIR/../py/esp_seq.py" "$cap" --src "$IP4_ME" --dst "$IP4_PEER" \
		--proto $proto | grep '^spi')
	printf '%s\n' "$out" | sed 's/^/  sent: /'
	"$PY" "$PAIR_DIR/../py/esp_seq.py" "$cap.in" --src "$IP4_PEER" --dst "$IP4_ME" \
		--proto $proto |
		grep '^spi' | sed 's/^/  received: /'
	if [ "$PAIR_ROLE" = a ]; then
		bad=$(grep -o 'deepest reordering [0-9]*' <<<"$out" | awk '$3 > m { m = $3 } END { print m + 0 }')
		[ "$bad" -le 8 ] || ksft_fail "ipsecdp emitted ESP packets up to $bad behind one another"
	fi
	[ "$esp" -gt $((2 * BYTES / 1500)) ] ||
		ksft_fail "only $esp ESP packets sent for 2 x $BYTES bytes"
	# the SAs' own counters first: they tell which check failed
	if [ "$PAIR_ROLE" = b ]; then
		ip -s xfrm state | sed 's/^/  /'
	else
		$PAIR_IPSECDP_RUN "$IPSECCTL" -s sa list | sed 's/^/  /'
	fi
	bad=$(pair_err_moved "$base" "$(pair_err_counters)")
	[ -z "$bad" ] || ksft_fail "$([ "$PAIR_ROLE" = b ] && echo XFRM || echo ipsecdp) counted errors: $bad"
	if [ "$PAIR_ROLE" = b ]; then
		log "ok: /proc/net/xfrm_stat all zero${PAIR_SETUP_DROPS:+ but set-up drops}"
	else
		log "ok: no error counter of ipsecdp moved${PAIR_SETUP_DROPS:+ but set-up drops}"
	fi
}

# pair_err_counters: "name value" per error counter: XFRM's on b,
# ipsecdp's on a
pair_err_counters() {
	if [ "$PAIR_ROLE" = b ]; then
		awk '{ print $1, $2 }' /proc/net/xfrm_stat
	else
		$PAIR_IPSECDP_RUN "$IPSECCTL" stats | awk '$1 !~ /^(In|Out)(Packets|Bytes)$/ { print $1, $2 }'
	fi
}

# pair_err_moved BASE NOW: the counters that are not zero in NOW, but for
# those in PAIR_SETUP_DROPS that kept their value since BASE
pair_err_moved() {
	awk -v allow=" $PAIR_SETUP_DROPS " 'NR == FNR { base[$1] = $2; next }
		$2 != 0 && !(index(allow, " " $1 " ") && base[$1] == $2) {
			printf "%s %s (%s after set-up) ", $1, $2, base[$1] }' \
		<(printf '%s\n' "$1") <(printf '%s\n' "$2")
}

# pair_wait_ping_run ADDR SECONDS: pair_wait_ping from PAIR_RUN
pair_wait_ping_run() {
	local end=$((SECONDS + $2)) run=($PAIR_RUN)
	until "${run[@]}" ping -c1 -W1 "$1" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
	done
}

# pair_link_up: the NIC up with both hosts' addresses; returns once the
# peer answers on the control channel (it may boot later: a VM waits for
# a free slot on a busy host)
pair_link_up() {
	local i
	modprobe virtio_net 2>/dev/null
	for i in $(seq 100); do
		DEV=$(ls /sys/class/net | grep -vx lo | head -1)
		[ -n "$DEV" ] && break
		sleep 0.1
	done
	[ -n "$DEV" ] || ksft_fail "no network device (virtio_net)"
	sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		"net.ipv6.conf.$DEV.accept_dad=0" >/dev/null
	ip link set "$DEV" up
	ip addr add "$IP4_ME/24" dev "$DEV"
	ip addr add "$CTL_ME/24" dev "$DEV"
	ip -6 addr add "$IP6_ME/64" dev "$DEV" nodad
	pair_wait_ping "$CTL_PEER" 600 ||
		ksft_fail "peer $CTL_PEER silent for 600 s on $DEV"
	log "link: $DEV up, $IP4_ME $IP6_ME (control $CTL_ME); the peer answers"
}

# pair_ike_out_start / pair_ike_out_stop: capture the IKE this host sends
# from its IPv4 address (UDP 500 and 4500) meanwhile; _start returns
# once tcpdump listens, _stop checks that some IKE left in clear
PAIR_IKE_PID=
pair_ike_out_start() {
	local i
	tcpdump -i "$DEV" -Q out -U -w /tmp/ike-out.pcap \
		"src $IP4_ME and udp and (port 500 or port 4500)" 2>/tmp/ike-out.err &
	PAIR_IKE_PID=$!
	for i in $(seq 100); do
		grep -q 'listening on' /tmp/ike-out.err && break
		sleep 0.3
	done
}

pair_ike_out_stop() {
	local n
	kill -INT "$PAIR_IKE_PID"
	wait "$PAIR_IKE_PID"
	n=$(tcpdump -nr /tmp/ike-out.pcap 2>/dev/null | wc -l)
	[ "$n" -ge 1 ] ||
		ksft_fail "no IKE in clear from $PAIR_ROLE: $(tr '\n' ' ' </tmp/ike-out.err)"
	log "ok: $n IKE packets in clear from $PAIR_ROLE"
}

# pair_spis_in_ipsecdp DAEMON LIST: every SPI (hex) the command LIST
# prints is in ipsecctl's and ip xfrm's lists of ipsecdp's SAs. A rekey
# under way holds a new inbound SPI only reserved (ALLOCSPI) for a
# moment: retried for 10 s, until a snapshot without one.
pair_spis_in_ipsecdp() {
	local daemon=$1 list=$2 i spi missing sas xs
	for i in $(seq 20); do
		missing=
		sas=$($PAIR_IPSECDP_RUN "$IPSECCTL" sa list)
		xs=$($PAIR_IPSECDP_RUN ip xfrm state list)
		for spi in $($list); do
			grep -qi "spi 0x$spi" <<<"$sas" && grep -qi "spi 0x$spi" <<<"$xs" ||
				missing+=" 0x$spi"
		done
		[ -z "$missing" ] && break
		sleep 0.5
	done
	[ -z "$missing" ] ||
		ksft_fail "$daemon's SPIs$missing not in ipsecctl sa list or ip xfrm state list: $sas"
	log "ok: every SA $daemon has is in ipsecdp ($($PAIR_IPSECDP_RUN "$IPSECCTL" sa count))"
}

# pair_sas_gone WHAT: ipsecdp holds no SA within 10 s (the daemon closed
# its SAs: WHAT says how)
pair_sas_gone() {
	local i n
	for i in $(seq 50); do
		n=$($PAIR_IPSECDP_RUN "$IPSECCTL" sa count | awk '{ print $NF }')
		[ "$n" = 0 ] && break
		sleep 0.2
	done
	check_eq "SAs left once $1" "$n" 0
}

# pair_views N DAEMON LIST: ip xfrm and ipsecctl list N SAs, the command
# LIST prints N SPIs of DAEMON, and each is in ipsecdp's lists
pair_views() {
	local n=$1 daemon=$2 list=$3
	check_eq "SAs listed by ip xfrm" "$($PAIR_IPSECDP_RUN ip xfrm state list | grep -c '^src ')" "$n"
	check_eq "SAs counted by ipsecctl" "$($PAIR_IPSECDP_RUN "$IPSECCTL" sa count | awk '{ print $NF }')" "$n"
	check_eq "SPIs of $daemon's SAs" "$($list | wc -w)" "$n"
	pair_spis_in_ipsecdp "$daemon" "$list"
}

# pair_lan NS DEV LAN4 LAN6 [PLAN4 PLAN6]: a LAN behind this host: the
# namespace NS, joined by a veth (DEV on this side, eth0 in NS), with
# LAN4.0/24 and LAN6:/64 (this host .1 and ::1, NS .2 and ::2, its
# default route), forwarding on; with PLAN4/PLAN6, routes to the peer's
# LAN (PLAN4.0/24, PLAN6:/64) through the peer. Deleted at exit.
pair_lan() {
	local ns=$1 dev=$2 lan4=$3 lan6=$4 plan4=${5:-} plan6=${6:-}
	ip netns add "$ns" || ksft_fail "ip netns add $ns"
	add_cleanup "ip netns del $ns"
	ip link add "$dev" type veth peer name eth0 netns "$ns"
	ip addr add "$lan4.1/24" dev "$dev"
	ip addr add "$lan6:1/64" dev "$dev" nodad
	ip link set "$dev" up
	ip -n "$ns" link set lo up
	ip -n "$ns" link set eth0 up
	ip -n "$ns" addr add "$lan4.2/24" dev eth0
	ip -n "$ns" addr add "$lan6:2/64" dev eth0 nodad
	ip -n "$ns" route add default via "$lan4.1"
	ip -n "$ns" -6 route add default via "$lan6:1"
	if [ -n "$plan4" ]; then
		ip route add "$plan4.0/24" via "$IP4_PEER"
		ip -6 route add "$plan6:/64" via "$IP6_PEER"
	fi
	sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# pair_sync NAME [VALUE]: wait until the peer reaches pair_sync NAME too;
# the peer's VALUE in PEER_VALUE
PEER_VALUE=
pair_sync() {
	PEER_VALUE=$("$PY" "$PAIR_DIR/sync.py" "$PAIR_ROLE" "$CTL_ME" \
		"$CTL_PEER" "$@") || ksft_fail "sync '$1' with the peer failed"
}

# A host that fails tells a peer waiting in pair_sync, which then fails at
# once instead of after PAIR_SYNC_TIMEOUT (a peer that has exited too is
# waited for 15 seconds).
pair_abort() {
	[ "${_LIB_STATUS:-0}" != 0 ] || return 0
	PAIR_SYNC_TIMEOUT=15 "$PY" "$PAIR_DIR/sync.py" "$PAIR_ROLE" "$CTL_ME" \
		"$CTL_PEER" __abort__ >/dev/null 2>&1
}
add_cleanup pair_abort
