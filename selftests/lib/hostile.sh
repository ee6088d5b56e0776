# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/hostile.sh: the run of selftests/fuzz/hostile_esp.py that
# 71-hostile-esp.sh (IPv4) and 73-hostile-esp6.sh (IPv6) share, after
# their set-up: A holds the inbound SA $SPI (key $KEY) and its policy, B
# reaches A's MAC $mac_a on $IF_B; with $ENC_SPI, A also holds that SA
# with the same key in UDP (encap espinudp 4500 4500): the ESP in UDP
# cases run too. Source after ipsec.sh.

# hostile_esp_run WHAT SRC DST [--v6]: a UDP listener on $PORT in A, the
# hostile cases from B (SRC) to A (DST), then A's SA counters against its
# namespace's and a clean kernel log; passes or fails the test. WHAT names
# the packets in the verdict ("ESP", "IPv6 ESP").
hostile_esp_run() {
	local what=$1 src=$2 dst=$3 v6=${4:-}
	local recv=$T/udp-recv.log py=$REPO/selftests/fuzz/hostile_esp.py
	local t0 rc

	: >"$recv"
	# shellcheck disable=SC2086 # $v6: no option or one word
	ip netns exec "$NS_A" "$PY" "$py" listen --port "$PORT" --out "$recv" \
		$v6 >/dev/null 2>&1 &
	add_cleanup "kill $! 2>/dev/null; wait $! 2>/dev/null"
	wait_for -t 60 grep -q READY "$recv" ||
		ksft_fail "UDP listener in A did not start"

	log "--- hostile $what packets B -> A"
	t0=$SECONDS
	in_ns "$NS_B" "$PY" "$py" send --ns-a "$NS_A" \
		--src "$src" --dst "$dst" --spi "$SPI" --key "$KEY" \
		--port "$PORT" --iface "$IF_B" --mac "$mac_a" \
		--recv-log "$recv" --ipsecctl "$IPSECCTL" \
		--deep "${HOSTILE_DEEP:-100}" --only "${HOSTILE_ONLY:-}" \
		--encap-spi "${ENC_SPI:-0}"
	rc=$?
	log "($((SECONDS - t0)) s)"
	stats_dump "$NS_A"
	# the SA's own counters agree with the namespace's (integrity_failed
	# counts only the ICV failures among the InStateProtoError drops:
	# hostile_esp.py checked it)
	check_sa_field "$NS_A" "$SPI" replay "$(counter "$NS_A" InStateSeqError)"
	local enc_in=0
	[ -n "${ENC_SPI:-}" ] && enc_in=$(sa_field "$NS_A" "$ENC_SPI" in_packets)
	check_sa_field "$NS_A" "$SPI" in_packets \
		"$(($(counter "$NS_A" InPackets) - enc_in))"
	check_dmesg_clean
	[ $rc = 0 ] ||
		ksft_fail "some hostile $what packets were not handled as expected (see above)"
	ksft_pass "hostile $what packets dropped and counted, authentic ones delivered, SA intact"
}
