#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Parallel crypto (issue #19, crypto_glue/parallel.c): with the module
# parameter parallel_crypto set, an ESP SA's AEAD requests go through
# padata, run on every CPU and complete in the order they were submitted.
# What must hold:
#   - data intact: ping and TCP (sha256) both ways, against XFRM (B) and
#     against ipsecdp (B with the same setting), transport IPv4 and tunnel
#     IPv6;
#   - order: ipsecdp's ESP packets of each SA leave in an order that a
#     32-packet replay window takes whole (captured on the wire), and an
#     ipsecdp receiver with a 32-packet window drops only what the arrival
#     order explains;
#   - the requests really went through padata (parallel_requests counts
#     them: at least one per ESP packet of A's SAs);
#   - SAs added after the parameter is cleared are serial again.
# timeout: 400
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd socat tcpdump
need_ipsecctl
need_xfrm

PARAM=/sys/module/ipsecdp/parameters/parallel_crypto
COUNT=/sys/module/ipsecdp/parameters/parallel_requests
[ -w "$PARAM" ] && [ -r "$COUNT" ] ||
	ksft_fail "no $PARAM or $COUNT (a kernel without CONFIG_PADATA?)"
echo 1 >"$PARAM"
add_cleanup "echo 0 >$PARAM"
MIB=${XFER_MIB:-2}	# CI time: 2 MiB each way is ~2,000 ESP packets per SA
RW=32

topo_setup
topo_v6

# padata_count SPI_OUT SPI_IN N0: parallel_requests grew since N0 by at
# least A's ESP packets on the two SAs
padata_count() {
	local n pk
	n=$(($(cat "$COUNT") - $3))
	pk=$(($(sa_field "$NS_A" "$1" out_packets) + $(sa_field "$NS_A" "$2" in_packets)))
	log "requests through padata: $n; ESP packets of A's SAs: $pk"
	[ "$pk" -gt $((MIB * 100)) ] || ksft_fail "only $pk ESP packets on A's SAs"
	[ "$n" -ge "$pk" ] ||
		ksft_fail "padata completed $n requests for $pk ESP packets: not every request went through it"
}

for peer in xfrm ours; do
	log "=== AES-GCM-128 transport IPv4, A (ipsecdp, parallel) <-> B ($peer)"
	spi_ab=$((0x6600)) spi_ba=$((0x6601))
	n0=$(cat "$COUNT")
	gcm_exchange "$peer" 128 "$spi_ab" "$spi_ba" "$RW"
	check_wire_order "$CAP_FILE" "$IP_A" "$IP_B"
	if [ "$peer" = ours ]; then check_wire_order "$CAP_FILE" "$IP_B" "$IP_A"; fi
	padata_count "$spi_ab" "$spi_ba" "$n0"
	for c in InStateProtoError InNoStates InTmplMismatch InError OutError; do
		check_counter "$NS_A" "$c" 0
	done
	ours_flush "$NS_A"
	if [ "$peer" = ours ]; then ours_flush "$NS_B"; else xfrm_flush "$NS_B"; fi
done

log "=== AES-GCM-128 tunnel IPv6, A (ipsecdp, parallel) <-> B (XFRM)"
pair_dual tunnel esp "$RW"
n0=$(cat "$COUNT")
cap_start "$T/wire6.pcap"
ping_ok "$NS_A" "$IP6_B" 3
tcp_xfer "$NS_A" "$NS_B" "$IP6_B" "$MIB" 5003
tcp_xfer "$NS_B" "$NS_A" "$IP6_A" "$MIB" 5004
cap_stop
check_wire_order "$T/wire6.pcap" "$IP6_A" "$IP6_B"
# pair_dual's IPv6 SAs: 0x110 (A -> B), 0x111 (B -> A)
padata_count $((0x110)) $((0x111)) "$n0"

log "=== parallel_crypto cleared: a new SA is serial"
echo 0 >"$PARAM"
pair_dual transport esp "$RW"
n0=$(cat "$COUNT")
ping_ok "$NS_A" "$IP_B" 3
check_eq "requests through padata for an SA added with parallel_crypto=0" \
	"$(($(cat "$COUNT") - n0))" 0
stats_dump "$NS_A"
ksft_pass "parallel crypto (padata): ESP intact and in order against XFRM and ipsecdp, IPv4 transport and IPv6 tunnel"
