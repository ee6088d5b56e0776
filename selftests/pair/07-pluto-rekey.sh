#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libreswan rekeys ipsecdp's SAs under load (#18): pluto on a (ipsecdp),
# charon on b (XFRM), ESP AES-GCM-128 in transport mode. The IPv4 Child SA
# lives 10 s and is rekeyed 5 s before (pluto's own timer: salifetime,
# rekeymargin); the IPv6 one carries at most 4 MiB (ipsec-max-bytes):
# pluto puts the hard limit and a soft one near half of it on the SAs,
# and rekeys when ipsecdp's soft-expire event (XFRM_MSG_EXPIRE) says so.
# 10 MiB of TCP per family flows there and back, paced (512 KiB/s) to
# last across several rekeys. Then: the data intact, on the wire only ESP
# and IKE, not one packet dropped on either host (no replay, no-state or
# auth error), at least three rekeys per family, those of IPv6 started
# by soft expires and none hard; every SA pluto has is in ipsecdp, and
# once pluto deletes its connections none is left.
# timeout: 900
. "$(dirname "$0")/pair.sh"
. "$(dirname "$0")/charon.sh"
. "$(dirname "$0")/pluto.sh"

charon_hosts
pluto_conns() {
	pluto_conn t4 "$IP4_ME" "$IP4_PEER" type=transport \
		salifetime=10s rekeymargin=5s rekeyfuzz=0%
	pluto_conn t6 "$IP6_ME" "$IP6_PEER" type=transport \
		ipsec-max-bytes=4194304
}
charon_conns() {
	charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport"
	charon_conn t6 "$IP6_ME" "$IP6_PEER" "mode = transport"
}
pluto_and_charon pluto_conns charon_conns
pair_sync daemons-up

if [ "$PAIR_ROLE" = a ]; then
	pluto_initiate t4 t6
fi
pair_sync initiated
PAIR_RATE=524288
pair_esp_traffic rekey $((10 << 20))
if [ "$PAIR_ROLE" = a ]; then
	grep -E "established Child SA|EXPIRE|deleting|replac" "$PLUTO_DIR/pluto.log" |
		head -60 | sed 's/^/  pluto: /'
	for fam in 4 6; do
		n=$(grep -c "\"t$fam\" #[0-9]*: .*established Child SA" "$PLUTO_DIR/pluto.log")
		[ "$n" -ge 4 ] || {
			pluto_log 80
			ksft_fail "Child SA t$fam established $n times, not at least 4 (3 rekeys)"
		}
		log "ok: Child SA t$fam established $n times (rekeyed $((n - 1)))"
	done
	n=$(grep -c "\"t6\" #[0-9]*: received soft EXPIRE" "$PLUTO_DIR/pluto.log")
	[ "$n" -ge 3 ] || ksft_fail "$n soft expires from ipsecdp for t6, not at least 3"
	h=$(grep -c "received hard EXPIRE" "$PLUTO_DIR/pluto.log")
	check_eq "hard expires (no SA reached its hard limit)" "$h" 0
	log "ok: $n soft expires from ipsecdp started t6's rekeys"
	pair_spis_in_ipsecdp pluto pluto_spis
	for fam in 4 6; do
		whack --delete --name t$fam >/dev/null 2>&1 ||
			ksft_fail "whack --delete t$fam"
	done
	pair_sas_gone "pluto deleted its connections"
	"$IPSECCTL" policy list | sed 's/^/  /'
	n=$("$IPSECCTL" policy list | grep -c "tmpl proto esp")
	check_eq "protect policies left" "$n" 0
fi
pluto_charon_no_errors
pair_sync finished
ksft_pass "pluto rekeys ipsecdp's SAs (a) with charon on XFRM (b), by its timer (IPv4) and by ipsecdp's soft expires (IPv6), under paced TCP: 10 MiB intact, no packet dropped, no SA left behind"
