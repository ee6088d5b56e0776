#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# strongSwan rekeys ipsecdp's SAs under load (#18): charon on a (ipsecdp)
# and charon on b (XFRM), ESP AES-GCM-128 in transport mode, the IPv4
# CHILD_SA with a soft lifetime of 4 seconds, the IPv6 one of 2 MiB
# (rekey_time, rekey_bytes on a; b keeps the defaults). Charon rekeys
# only when the kernel says so: ipsecdp's soft-expire events
# (XFRM_MSG_EXPIRE) start every rekey, and charon then allocates SPIs,
# installs the new SAs and deletes the old ones through ipsecdp's XFRM
# front end while 10 MiB of TCP per family flows there and back, paced
# (512 KiB/s) to last across several rekeys. Then: the data intact, on the
# wire only ESP and IKE, not one packet dropped on either host (no replay,
# no-state or auth error), at least three rekeys per family, each started
# by an expire event; every SA charon lists is in ipsecdp, and once
# charon closes the IKE_SAs none is left.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"

charon_hosts
if [ "$PAIR_ROLE" = a ]; then
	rekey4=("rekey_time = 4s" "rand_time = 1s" "life_time = 120s")
	rekey6=("rekey_time = 0" "rekey_bytes = 2097152" "rand_bytes = 0"
		"life_bytes = 104857600")
else
	rekey4=() rekey6=()
fi

conns() {
	charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport" "${rekey4[@]}"
	charon_conn t6 "$IP6_ME" "$IP6_PEER" "mode = transport" "${rekey6[@]}"
}
conns | charon_conf
charon_start
pair_sync charon-up
[ "$PAIR_ROLE" = a ] && bypass=$("$IPSECCTL" policy count | awk '{ print $NF }')

if [ "$PAIR_ROLE" = a ]; then
	charon_initiate t4 t6
fi
pair_sync initiated
PAIR_RATE=524288
pair_esp_traffic rekey $((10 << 20))
if [ "$PAIR_ROLE" = a ]; then
	for fam in 4 6; do
		# charon logs a rekeyed CHILD_SA's inbound and outbound halves
		# apart: count the CHILD_SAs, t4{N}, not the lines
		n=$(grep -o "CHILD_SA t$fam{[0-9]*} established" "$CHARON_DIR/charon.log" |
			sort -u | wc -l)
		[ "$n" -ge 4 ] || {
			charon_log 80
			ksft_fail "CHILD_SA t$fam established $n times, not at least 4 (3 rekeys)"
		}
		log "ok: CHILD_SA t$fam established $n times (rekeyed $((n - 1)))"
	done
	grep -E "EXPIRE|rekey|established|closing|deleting|CHILD_SA .* not" \
		"$CHARON_DIR/charon.log" | grep -v "sending\|parsed\|generating" | head -60 | sed 's/^/  charon: /'
	n=$(grep -c "received a XFRM_MSG_EXPIRE" "$CHARON_DIR/charon.log")
	r=$(grep -c "creating rekey job" "$CHARON_DIR/charon.log")
	[ "$r" -ge 6 ] || {
		charon_log 80
		ksft_fail "$r rekey jobs created by $n expire events, not at least 6"
	}
	log "ok: $n XFRM_MSG_EXPIRE from ipsecdp, $r rekey jobs"
	# every SA charon lists is ipsecdp's; the rekeyed ones linger no
	# longer than charon wants (delete_rekeyed_delay: the old inbound SA
	# stays 5 seconds for late packets): once charon closes the IKE_SAs,
	# ipsecdp holds no SA and only charon's IKE bypass policies
	pair_spis_in_ipsecdp charon charon_spis
	for fam in 4 6; do
		swanctl --terminate --ike t$fam --timeout 30 >/dev/null ||
			ksft_fail "swanctl --terminate --ike t$fam"
	done
	pair_sas_gone "charon closed the IKE_SAs"
	check_eq "policies left (charon's IKE bypass)" \
		"$("$IPSECCTL" policy count | awk '{ print $NF }')" "$bypass"
fi
charon_no_errors
pair_sync finished
ksft_pass "charon rekeys ipsecdp's SAs (a) with XFRM's (b) on ipsecdp's soft expires, by time (IPv4) and by bytes (IPv6), under paced TCP: 10 MiB intact, no packet dropped, no SA left behind"
