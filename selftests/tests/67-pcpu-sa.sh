#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# Per-CPU SAs (RFC 9611, "pcpu-num"). A (ipsecdp) has three SAs to B under
# one out policy whose template names no SPI: one for CPU 0, one for CPU
# 1, and a fallback SA for every CPU. A ping pinned to a CPU must leave on
# that CPU's SA (its SPI on the wire, its counters, the others' unmoved);
# with CPU 1's SA deleted CPU 1 falls back to the shared SA, and with that
# deleted too CPU 1's packets find no SA (dropped, OutNoStates) while CPU
# 0's still go out. B is first the kernel's XFRM (to a receiver a per-CPU
# SA is an SA like any other), then ipsecdp. Also: pcpu-num of a CPU that
# cannot exist is refused with a message; sa get, JSON and save show it.
# Then XFRM's own per-CPU SAs (XFRMA_SA_PCPU: Debian's 6.12, 6.13; iproute2
# 6.1 cannot send it, selftests/py/xfrm_pcpu.py does): B (XFRM) sends with
# the same three SAs and must choose as ipsecdp does, CPU by CPU, to A
# (ipsecdp). Last, ipsecdp's XFRM front end (xfrm_netlink=1) takes
# XFRMA_SA_PCPU: the SA gets pcpu-num, GETSA gives it back, a CPU that
# cannot exist is refused. On a kernel without XFRMA_SA_PCPU (6.1) these
# two parts say so and are passed over.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"
. "$(dirname "$0")/../lib/pcpu.sh"
need_xfrm

topo_setup

# a_sa SPI KEY [pcpu-num N]: an A -> B SA on A
a_sa() {
	local spi=$1 key=$2
	shift 2
	ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi "$spi" \
		mode transport aead "$GCM" "$key" 128 replay-window 64 "$@"
}

a_setup() {
	a_sa "$SPI_C0" "$K_C0" pcpu-num 0
	a_sa "$SPI_ALL" "$K_ALL"
	a_sa "$SPI_C1" "$K_C1" pcpu-num 1
	ctl_ok "$NS_A" sa add src "$IP_B" dst "$IP_A" proto esp spi "$SPI_BA" \
		mode transport aead "$GCM" "$K_BA" 128 replay-window 64
	ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
		tmpl proto esp mode transport
	ctl_ok "$NS_A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
		tmpl proto esp mode transport
}

# b_setup xfrm|ours: B receives on all three SAs, answers on SPI_BA
b_setup() {
	local spi
	if [ "$1" = ours ]; then
		ours_rx "$NS_B" "$IP_B" "$IP_A"
	else
		xfrm_rx "$NS_B" "$IP_B" "$IP_A"
	fi
}

# out_pkts SPI: A's packets on that SA so far
out_pkts() {
	sa_field "$NS_A" "$1" out_packets
}

# pinned_ping CPU WANT_SPI: N pings from A pinned to CPU all leave on
# WANT_SPI (on the wire and in its counter); the other SAs do not move
pinned_ping() {
	local cpu=$1 want=$2 spi before=() i=0
	for spi in "$SPI_ALL" "$SPI_C0" "$SPI_C1"; do
		before+=("$(out_pkts "$spi" 2>/dev/null || echo gone)")
	done
	pinned_from "$NS_A" "$cpu" "$IP_A" "$IP_B" "$want" "$SPI_BA"
	for spi in "$SPI_ALL" "$SPI_C0" "$SPI_C1"; do
		if [ "${before[$i]}" != gone ]; then
			if [ "$spi" = "$want" ]; then
				check_sa_field "$NS_A" "$spi" out_packets "$((before[i] + N))"
			else
				check_sa_field "$NS_A" "$spi" out_packets "${before[$i]}"
			fi
		fi
		i=$((i + 1))
	done
}

log "=== refused: a CPU that cannot exist"
out=$(ctl "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x3999 \
	mode transport aead "$GCM" "$K_ALL" 128 pcpu-num 100000 2>&1) &&
	ksft_fail "pcpu-num 100000 was accepted"
log "    $out"
case $out in
*"pcpu-num: no such CPU"*) log "ok: refused, saying why" ;;
*) ksft_fail "pcpu-num 100000: unexpected message: $out" ;;
esac

for peer in xfrm ours; do
	log "=== A (ipsecdp, per-CPU SAs) -> B ($peer)"
	a_setup
	b_setup "$peer"
	check_eq "sa get shows pcpu-num" \
		"$(ctl "$NS_A" sa get dst "$IP_B" proto esp spi "$SPI_C1" | grep -o 'pcpu-num [0-9]*')" \
		"pcpu-num 1"
	check_eq "JSON pcpu_num" "$(sa_field "$NS_A" "$SPI_C0" pcpu_num)" 0
	check_eq "save keeps pcpu-num" \
		"$(ctl "$NS_A" save | grep -c -e "spi $SPI_C0 .*pcpu-num 0" -e "spi $SPI_C1 .*pcpu-num 1")" 2
	check_eq "no pcpu-num on the fallback SA" \
		"$(ctl "$NS_A" save | grep "spi $SPI_ALL " | grep -c pcpu-num)" 0
	ctl "$NS_A" save >"$T/saved" || ksft_fail "ipsecctl save failed"
	ours_flush "$NS_A"
	ctl_ok "$NS_A" -f "$T/saved"
	check_eq "SAs after save, flush, restore (ipsecctl -f)" \
		"$(ctl "$NS_A" save | grep '^sa add' | md5sum)" \
		"$(grep '^sa add' "$T/saved" | md5sum)"

	pinned_ping 0 "$SPI_C0"
	pinned_ping 1 "$SPI_C1"
	log "--- CPU 1's SA deleted: CPU 1 takes the fallback SA"
	ctl_ok "$NS_A" sa del dst "$IP_B" proto esp spi "$SPI_C1"
	pinned_ping 1 "$SPI_ALL"
	pinned_ping 0 "$SPI_C0"
	log "--- fallback deleted too: CPU 1 has no SA, CPU 0 still its own"
	ctl_ok "$NS_A" sa del dst "$IP_B" proto esp spi "$SPI_ALL"
	cpu1_no_sa
	pinned_ping 0 "$SPI_C0"

	if [ "$peer" = ours ]; then
		check_sa_field "$NS_B" "$SPI_C0" in_packets "$((3 * N))"
		check_sa_field "$NS_B" "$SPI_C1" in_packets "$N"
		check_sa_field "$NS_B" "$SPI_ALL" in_packets "$N"
		ours_flush "$NS_B"
	else
		check_xfrm_clean "$NS_B"
		xfrm_flush "$NS_B"
	fi
	ours_flush "$NS_A"
done

log "=== XFRM's per-CPU SAs (XFRMA_SA_PCPU): B (XFRM) sends, A (ipsecdp) receives"
xpcpu "$NS_B" add "$IP_B" "$IP_A" "$SPI_C1" "$K_C1" --pcpu 1 --dir out ||
	ksft_fail "NEWSA with XFRMA_SA_PCPU to the kernel's XFRM failed"
got=$(xpcpu "$NS_B" get "$IP_A" "$SPI_C1") || ksft_fail "GETSA: $got"
log "    $got"
XFRM_PCPU=1
if [ "$got" != "pcpu 1" ]; then
	[ $KERNEL_PCPU = 0 ] ||
		ksft_fail "the kernel's headers have XFRMA_SA_PCPU, but its XFRM gave back '$got'"
	XFRM_PCPU=0
	log "note: this kernel's XFRM has no per-CPU SAs (it ignored XFRMA_SA_PCPU): its part is passed over"
	xfrm_flush "$NS_B"
fi
if [ $XFRM_PCPU = 1 ]; then
	xpcpu "$NS_B" add "$IP_B" "$IP_A" "$SPI_ALL" "$K_ALL" --dir out ||
		ksft_fail "NEWSA (fallback SA) failed"
	xpcpu "$NS_B" add "$IP_B" "$IP_A" "$SPI_C0" "$K_C0" --pcpu 0 --dir out ||
		ksft_fail "NEWSA (CPU 0's SA) failed"
	ok_run "$NS_B" ip xfrm state add src "$IP_A" dst "$IP_B" proto esp \
		spi "$SPI_BA" reqid 1 mode transport aead "$GCM" "$K_BA" 128
	ok_run "$NS_B" ip xfrm policy add src "$IP_B/32" dst "$IP_A/32" dir out \
		tmpl src "$IP_B" dst "$IP_A" proto esp reqid 1 mode transport
	ok_run "$NS_B" ip xfrm policy add src "$IP_A/32" dst "$IP_B/32" dir in \
		tmpl src "$IP_A" dst "$IP_B" proto esp reqid 1 mode transport
	ours_rx "$NS_A" "$IP_A" "$IP_B"
	pinned_from "$NS_B" 0 "$IP_B" "$IP_A" "$SPI_C0" "$SPI_BA"
	pinned_from "$NS_B" 1 "$IP_B" "$IP_A" "$SPI_C1" "$SPI_BA"
	log "--- XFRM without CPU 1's SA: the fallback, as ipsecdp"
	ok_run "$NS_B" ip xfrm state delete src "$IP_B" dst "$IP_A" proto esp spi "$SPI_C1"
	pinned_from "$NS_B" 1 "$IP_B" "$IP_A" "$SPI_ALL" "$SPI_BA"
	pinned_from "$NS_B" 0 "$IP_B" "$IP_A" "$SPI_C0" "$SPI_BA"
	check_sa_field "$NS_A" "$SPI_C0" in_packets "$((2 * N))"
	check_sa_field "$NS_A" "$SPI_C1" in_packets "$N"
	check_sa_field "$NS_A" "$SPI_ALL" in_packets "$N"
	check_xfrm_clean "$NS_B"
	xfrm_flush "$NS_B"
	ours_flush "$NS_A"
fi

log "=== ipsecdp's XFRM front end takes XFRMA_SA_PCPU"
if [ $XFRM_PCPU = 0 ]; then
	log "note: built against headers without XFRMA_SA_PCPU: passed over"
elif frontend_on; then
	out=$(xpcpu "$NS_A" add "$IP_A" "$IP_B" "$SPI_C1" "$K_C1" --pcpu 1) &&
		ksft_fail "XFRMA_SA_PCPU without XFRMA_SA_DIR was accepted"
	log "    $out"
	case $out in
	*"SA_PCPU only supported with SA_DIR"*) log "ok: refused as XFRM refuses it" ;;
	*) ksft_fail "XFRMA_SA_PCPU without XFRMA_SA_DIR: unexpected message" ;;
	esac
	xpcpu "$NS_A" add "$IP_A" "$IP_B" "$SPI_C1" "$K_C1" --pcpu 1 --dir out ||
		ksft_fail "NEWSA with XFRMA_SA_PCPU to ipsecdp failed"
	check_eq "ipsecdp's GETSA gives XFRMA_SA_PCPU back" \
		"$(xpcpu "$NS_A" get "$IP_B" "$SPI_C1")" "pcpu 1"
	check_eq "ipsecctl sees pcpu-num" \
		"$(ctl "$NS_A" sa get dst "$IP_B" proto esp spi "$SPI_C1" | grep -o 'pcpu-num [0-9]*')" \
		"pcpu-num 1"
	xpcpu "$NS_A" add "$IP_A" "$IP_B" "$SPI_ALL" "$K_ALL" ||
		ksft_fail "NEWSA without XFRMA_SA_PCPU to ipsecdp failed"
	check_eq "no XFRMA_SA_PCPU on an SA without it" \
		"$(xpcpu "$NS_A" get "$IP_B" "$SPI_ALL")" "pcpu none"
	out=$(xpcpu "$NS_A" add "$IP_A" "$IP_B" 0x3998 "$K_ALL" --pcpu 100000 --dir out) &&
		ksft_fail "XFRMA_SA_PCPU 100000 was accepted"
	log "    $out"
	case $out in
	*"pcpu-num: no such CPU"*) log "ok: a CPU that cannot exist is refused" ;;
	*) ksft_fail "XFRMA_SA_PCPU 100000: unexpected message" ;;
	esac
	ip -n "$NS_A" xfrm state flush
	frontend_off
fi

ksft_pass "per-CPU SAs: each CPU's packets on its own SA, the fallback SA otherwise, none without; against XFRM and ipsecdp; XFRM's own per-CPU SAs choose alike; the XFRM front end takes XFRMA_SA_PCPU"
