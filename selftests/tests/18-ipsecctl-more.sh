#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# ipsecctl, the rest of ip xfrm's words, between two ipsecdp hosts (A->B
# AES-GCM, B->A AES-CBC + HMAC-SHA-256):
# 1. sa count / policy count, text and -j;
# 2. -s: per-SA and per-policy counters after a ping, only with -s in text;
# 3. sa list --wireshark: tshark decrypts the captured pings with the
#    exported table, every ICV checked good;
# 4. sa update: lifetime and replay window change (sa get -j), counters and
#    sequence numbers carry over, new keys on both ends and traffic goes
#    on, a missing SA is refused with the kernel's message;
# 5. policy get (found / not found) and policy update (priority and action
#    seen by policy match and by traffic, index and counters kept);
# monitor reports the updates.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump tshark
need_ipsecctl
J() { "$PY" "$PYDIR/jassert.py" "$@" || ksft_fail "JSON check failed"; }

A=$NS_A B=$NS_B
SAB=0x1801	# A -> B: rfc4106(gcm(aes))
SBA=0x1802	# B -> A: authenc(hmac(sha256),cbc(aes))
KG=$(rand_key 20)
KE=$(rand_key 16)
KI=$(rand_key 32)
CBC=(enc 'cbc(aes)' "$KE" auth-trunc 'hmac(sha256)' "$KI" 128)

topo_setup

# host NS LOCAL REMOTE SPI_OUT SPI_IN OUT_ALGS... -- IN_ALGS...
host() {
	local ns=$1 l=$2 r=$3 so=$4 si=$5 i
	shift 5
	for ((i = 1; i <= $#; i++)); do [ "${!i}" = -- ] && break; done
	ctl_ok "$ns" sa add src "$l" dst "$r" proto esp spi "$so" \
		"${@:1:i-1}" replay-window 64
	ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "$si" \
		"${@:i+1}" replay-window 64
	ctl_ok "$ns" policy add src "$l/32" dst "$r/32" dir out \
		tmpl proto esp mode transport spi "$so"
	ctl_ok "$ns" policy add src "$r/32" dst "$l/32" dir in \
		tmpl proto esp mode transport
}
host "$A" "$IP_A" "$IP_B" $SAB $SBA aead "$GCM" "$KG" 128 -- "${CBC[@]}"
host "$B" "$IP_B" "$IP_A" $SBA $SAB "${CBC[@]}" -- aead "$GCM" "$KG" 128

log "=== 1. sa count, policy count (${SECONDS}s)"
check_eq "sa count" "$(ctl "$A" sa count)" "SAs: 2"
check_eq "policy count" "$(ctl "$A" policy count)" "Policies: 2"
c0=$(ctl "$A" -j sa count)
p0=$(ctl "$A" -j policy count)
ctl_ok "$A" sa add src 10.9.9.1 dst 10.9.9.2 proto esp spi 0x77 \
	aead "$GCM" "$KG" 128
c1=$(ctl "$A" -j s c)
ctl_ok "$A" sa del dst 10.9.9.2 proto esp spi 0x77
# one python for the three documents: [sa count, policy count, sa count]
printf '[%s,%s,%s]' "$c0" "$p0" "$c1" | J 'd[0] == {"count": 2}' \
	'd[1] == {"count": 2}' 'd[2]["count"] == 3'
check_eq "sa count in B" "$(ctl "$B" sa count)" "SAs: 2"

log "=== 2. -s counters after a ping (captured for 3.) (${SECONDS}s)"
cap_start "$T/ping.pcap"
ping_ok "$A" "$IP_B" 3
cap_stop
cap_check_esp
out=$(ctl "$A" sa get dst "$IP_B" proto esp spi $SAB) || ksft_fail "sa get failed"
grep -q 'stats:\|current' <<<"$out" && ksft_fail "text output has counters without -s: $out"
out=$(ctl "$A" -s sa get dst "$IP_B" proto esp spi $SAB) || ksft_fail "-s sa get failed"
printf '%s\n' "$out" | sed 's/^/    /'
grep -Eq 'stats: in 0 pkts 0 bytes, out [3-9] pkts [1-9][0-9]* bytes, replay 0, integrity-failed 0' <<<"$out" ||
	ksft_fail "-s sa get: no stats line with 3+ packets out"
grep -Eq 'current [1-9][0-9]* bytes [3-9] packets added ' <<<"$out" ||
	ksft_fail "-s sa get: no current lifetime line with 3+ packets"
out=$(ctl "$A" -s sa list)
grep -Eq 'stats: in [3-9] pkts [1-9][0-9]* bytes, out 0 pkts' <<<"$out" ||
	ksft_fail "-s sa list: the inbound SA did not count 3+ packets: $out"
out=$(ctl "$A" policy list)
grep -q 'stats:' <<<"$out" && ksft_fail "policy list has counters without -s"
out=$(ctl "$A" -s policy list)
printf '%s\n' "$out" | sed 's/^/    /'
[ "$(grep -Ec 'stats: [3-9] pkts [1-9][0-9]* bytes' <<<"$out")" = 2 ] ||
	ksft_fail "-s policy list: both policies should count 3+ packets"
printf '{"pol": %s, "sa": %s}' "$(ctl "$A" -j policy list)" "$(ctl "$A" -j sa list)" | J \
	'[p["stats"]["packets"] for p in d["pol"] if p["dir"] == "out"] == [3]' \
	'[p["stats"]["bytes"] > 0 for p in d["pol"] if p["dir"] == "in"] == [True]' \
	'[(s["stats"]["out_packets"], s["current"]["packets"]) for s in d["sa"] if s["spi"] == 0x1801] == [(3, 3)]' \
	'[s["stats"]["integrity_failed"] for s in d["sa"] if s["spi"] == 0x1802] == [0]'
log "ok: counters only with -s in text, always in JSON"

log "=== 3. sa list --wireshark, tshark decrypts (${SECONDS}s)"
WS=$T/wireshark
mkdir -m 700 "$WS"
ctl "$A" sa list --wireshark >"$WS/esp_sa" || ksft_fail "sa list --wireshark failed"
sed 's/0x[0-9a-f]\{16,\}/0x.../g; s/^/    /' "$WS/esp_sa"
check_eq "SA lines in esp_sa" "$(grep -c '^"' "$WS/esp_sa")" 2
grep -qF "\"IPv4\",\"$IP_A\",\"$IP_B\",\"0x00001801\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"$KG\",\"NULL\",\"\"" "$WS/esp_sa" ||
	ksft_fail "no exact line for the GCM SA"
grep -qF "\"IPv4\",\"$IP_B\",\"$IP_A\",\"0x00001802\",\"AES-CBC [RFC3602]\",\"$KE\",\"HMAC-SHA-256-128 [RFC4868]\",\"$KI\"" "$WS/esp_sa" ||
	ksft_fail "no exact line for the CBC+HMAC SA"
# one line per ESP frame: SPI, ICMP type inside, ICV checked and good
tsh() {
	WIRESHARK_CONFIG_DIR=$1 HOME=$T tshark -n -r "$T/ping.pcap" \
		-o esp.enable_encryption_decode:TRUE \
		-o esp.enable_authentication_check:TRUE \
		-Y esp -T fields -e esp.spi -e icmp.type -e esp.icv_good \
		2>"$T/tshark.err"
}
# tcount FILE SPI TYPE: frames of SPI (hex or decimal) with that ICMP type
tcount() {
	awk -F'\t' -v h="$2" -v t="$3" '
		(tolower($1) == sprintf("0x%08x", h) || $1 == h) && $2 == t' "$1" |
		wc -l
}
log "tshark with the table (${SECONDS}s)"
tsh "$WS" >"$T/dec.txt" || ksft_fail "tshark failed: $(cat "$T/tshark.err")"
sed 's/^/    /' "$T/dec.txt"
nesp=$(wc -l <"$T/dec.txt")
req=$(tcount "$T/dec.txt" $((SAB)) 8)
rep=$(tcount "$T/dec.txt" $((SBA)) 0)
log "tshark: $nesp ESP frames, $req echo requests (GCM) and $rep replies (CBC) decrypted"
[ "$nesp" -ge 6 ] || ksft_fail "tshark saw $nesp ESP frames, expected 6+"
[ "$req" -ge 3 ] || ksft_fail "tshark decrypted $req echo requests of SA 0x1801 (GCM)"
[ "$rep" -ge 3 ] || ksft_fail "tshark decrypted $rep echo replies of SA 0x1802 (AES-CBC)"
[ $((req + rep)) = "$nesp" ] || ksft_fail "not every ESP frame was decrypted"
bad=$(awk -F'\t' '$3 != "1" && $3 != "True"' "$T/dec.txt" | wc -l)
[ "$bad" = 0 ] || ksft_fail "$bad frames without a good ICV (keys or ICV length wrong)"
log "ok: every ESP frame decrypted, with a good ICV"

log "=== 4. sa update (${SECONDS}s)"
in_ns "$A" "$IPSECCTL" monitor >"$T/mon" 2>&1 &
MON=$!
add_cleanup "kill $MON 2>/dev/null"
mon_ready() {
	ctl "$A" sa add src 10.9.9.1 dst 10.9.9.2 proto esp spi 0x78 \
		aead "$GCM" "$KG" 128 &&
		ctl "$A" sa del dst 10.9.9.2 proto esp spi 0x78 &&
		grep -q 'sa del' "$T/mon"
}
wait_for -t 30 mon_ready || ksft_fail "ipsecctl monitor shows no events: $(cat "$T/mon")"

# what must carry over: sequence number, counters, time added
read -r oseq0 opkts0 added0 < <(ctl "$A" -j sa get dst "$IP_B" proto esp spi $SAB |
	"$PY" -c 'import json, sys; d = json.load(sys.stdin)
print(d["seq_out"], d["stats"]["out_packets"], d["current"]["add_time"])')
[ -n "$added0" ] || ksft_fail "sa get -j: no seq_out/stats/current"
out=$(ctl "$A" sa update src "$IP_A" dst "$IP_B" proto esp spi 0x999 \
	aead "$GCM" "$KG" 128 2>&1)
rc=$?
log "    sa update of a missing SA -> exit $rc: $out"
[ $rc = 1 ] || ksft_fail "sa update of a missing SA: exit $rc, expected 1"
grep -qF 'Error: ipsecdp: no such SA to update' <<<"$out" ||
	ksft_fail "sa update of a missing SA: no extack message: $out"
check_eq "sa count after the refused update" "$(ctl "$A" sa count)" "SAs: 2"

ctl_ok "$A" sa update src "$IP_A" dst "$IP_B" proto esp spi $SAB \
	aead "$GCM" "$KG" 128 replay-window 128 limit time-soft 3000 time-hard 3600
ctl "$A" -j sa get dst "$IP_B" proto esp spi $SAB | J \
	'd["replay_window"] == 128' 'd["lifetime"]["time_hard"] == 3600' \
	'd["lifetime"]["time_soft"] == 3000' "d['seq_out'] == $oseq0 >= 3" \
	"d['stats']['out_packets'] == $opkts0" \
	"d['current']['add_time'] == $added0"
check_eq "sa count after the update" "$(ctl "$A" sa count)" "SAs: 2"
ping_ok "$A" "$IP_B" 2

log "--- new keys on both ends of both SAs"
KG2=$(rand_key 20)
KE2=$(rand_key 16)
KI2=$(rand_key 32)
CBC2=(enc 'cbc(aes)' "$KE2" auth-trunc 'hmac(sha256)' "$KI2" 128)
ctl_ok "$A" sa update src "$IP_A" dst "$IP_B" proto esp spi $SAB \
	aead "$GCM" "$KG2" 128 replay-window 64
ctl_ok "$B" sa update src "$IP_A" dst "$IP_B" proto esp spi $SAB \
	aead "$GCM" "$KG2" 128 replay-window 64
ctl_ok "$B" sa update src "$IP_B" dst "$IP_A" proto esp spi $SBA \
	"${CBC2[@]}" replay-window 64
ctl_ok "$A" sa update src "$IP_B" dst "$IP_A" proto esp spi $SBA \
	"${CBC2[@]}" replay-window 64
ping_ok "$A" "$IP_B" 3
ping_ok "$B" "$IP_A" 3
for ns in "$A" "$B"; do
	check_counter "$ns" InStateProtoError 0
	check_counter "$ns" InStateSeqError 0
done
# A's outbound SA and B's inbound one, both updated twice / once
printf '[%s,%s]' "$(ctl "$A" -j sa get dst "$IP_B" proto esp spi $SAB)" \
	"$(ctl "$B" -j sa get dst "$IP_B" proto esp spi $SAB)" | J \
	'd[0]["seq_out"] == d[0]["stats"]["out_packets"] == 11' \
	'd[1]["seq_in"] == d[1]["stats"]["in_packets"] == 11'
ctl "$A" sa list --wireshark | grep -qF "\"$KE2\",\"HMAC-SHA-256-128 [RFC4868]\",\"$KI2\"" ||
	ksft_fail "--wireshark does not show the new keys"
log "ok: sequence numbers and counters went on across the key change"

log "=== 5. policy get, policy update (${SECONDS}s)"
out=$(ctl "$A" policy get src "$IP_A/32" dst "$IP_B/32" dir out) || ksft_fail "policy get failed"
printf '%s\n' "$out" | sed 's/^/    /'
grep -q "src $IP_A/32 dst $IP_B/32 dir out" <<<"$out" && grep -q 'spi 0x1801' <<<"$out" ||
	ksft_fail "policy get: wrong policy"
ctl "$A" -j policy get src "$IP_A/32" dst "$IP_B/32" dir out | J \
	'd["dir"] == "out"' 'd["tmpl"][0]["spi"] == 0x1801' 'd["stats"]["packets"] >= 8'
idx=$(sed -n 's/.* index \([0-9]*\)$/\1/p' <<<"$out")
[ -n "$idx" ] || ksft_fail "policy get: no index"
out=$(ctl "$A" policy get src "$IP_A/32" dst 10.9.9.9/32 dir out 2>&1)
rc=$?
log "    policy get of a missing policy -> exit $rc: $out"
[ $rc = 1 ] && grep -qF 'no such policy' <<<"$out" ||
	ksft_fail "policy get of a missing policy: exit $rc: $out"
out=$(ctl "$A" policy update src "$IP_A/32" dst 10.9.9.9/32 dir out \
	action block 2>&1)
rc=$?
[ $rc = 1 ] && grep -qF 'no such policy to update' <<<"$out" ||
	ksft_fail "policy update of a missing policy: exit $rc: $out"

ctl_ok "$A" policy update src "$IP_A/32" dst "$IP_B/32" dir out \
	priority 5 action block
ctl "$A" -j policy match src "$IP_A" dst "$IP_B" proto icmp type 8 dir out | J \
	'd["verdict"] == "block"' 'd["policy"]["priority"] == 5' \
	"d['index'] == $idx" 'd["policy"]["stats"]["packets"] >= 8'
blk0=$(counter "$A" OutPolBlock)
ping_fails "$A" "$IP_B" 2
check_counter "$A" OutPolBlock ">$blk0"
ctl_ok "$A" policy update src "$IP_A/32" dst "$IP_B/32" dir out \
	priority 7 tmpl proto esp mode transport spi $SAB
ctl "$A" -j policy match src "$IP_A" dst "$IP_B" proto icmp type 8 dir out | J \
	'd["verdict"] == "protect"' 'd["policy"]["priority"] == 7' \
	'd["sa"]["spi"] == 0x1801' "d['index'] == $idx"
ping_ok "$A" "$IP_B" 2
check_eq "policy count after the updates" "$(ctl "$A" policy count)" "Policies: 2"

sleep 0.5
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null
grep -E 'update' "$T/mon" | sed 's/^/    /'
check_eq "sa update events" "$(grep -c "^sa update src $IP_A dst $IP_B proto esp spi 0x00001801" "$T/mon")" 2
check_eq "policy update events" "$(grep -c '^policy update ' "$T/mon")" 2
grep -q '^sa del .*spi 0x00001801' "$T/mon" && ksft_fail "an update was reported as a delete"

log "(${SECONDS}s)"
ksft_pass "sa update/count, policy get/update/count, -s counters and the Wireshark export work"
