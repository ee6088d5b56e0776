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

# pair_sync NAME [VALUE]: wait until the peer reaches pair_sync NAME too;
# the peer's VALUE in PEER_VALUE
PEER_VALUE=
pair_sync() {
	PEER_VALUE=$("$PY" "$PAIR_DIR/sync.py" "$PAIR_ROLE" "$CTL_ME" \
		"$CTL_PEER" "$@") || ksft_fail "sync '$1' with the peer failed"
}
