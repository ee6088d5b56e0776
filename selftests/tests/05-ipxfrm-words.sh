#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# ip xfrm's words in ipsecctl, against the kernel's XFRM:
# 1. the same "ip xfrm state add" lines (reqid, replay-window, flag esn,
#    replay-seq / replay-oseq and their -hi halves, enc, auth without a
#    length, sel) on A (ipsecctl sa add) and B (ip xfrm state add): two
#    ESN SAs in the middle of their 64-bit sequence space, HMAC-SHA-256 at
#    ip xfrm's 96 bits; pings both ways, the JSON shows the 64-bit numbers
#    where they went on, no ICV or replay error either side;
# 2. the same with AH lines ("auth 'hmac(sha256)'" is 96 bits there too);
# 3. what ipsecdp cannot do is refused with a message naming it: encap
#    espinudp-nonike (espinudp itself: tests 80, 81), a
#    selector narrower than the SA, -hi with a 64-bit low half, a high half
#    without ESN (by the kernel);
# 4. ports: every protocol with ports is accepted (ipsecctl and, past
#    ipsecctl, the kernel), any other is refused by both with a message
#    naming the list; a UDP-Lite datagram is classified by its port.
# timeout: 240
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm
modprobe -q ah4 2>/dev/null
A=$NS_A B=$NS_B
topo_setup

KE1=$(rand_key 16) KA1=$(rand_key 32)
KE2=$(rand_key 16) KA2=$(rand_key 32)
# both_sides PROTO SPI_OUT REQID AB BA: the same two lines (the names of
# arrays holding ip-xfrm(8) words) as SAs on A (ipsecctl) and states on B
# (ip xfrm), with transport-mode policies A <-> B on both; A's out policy
# names SPI_OUT, B's templates REQID
both_sides() {
	local proto=$1 spi=$2 reqid=$3
	local -n ab=$4 ba=$5
	ctl_ok "$A" sa add "${ab[@]}"
	ctl_ok "$A" sa add "${ba[@]}"
	ctl_ok "$A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
		tmpl proto "$proto" mode transport spi "$spi"
	ctl_ok "$A" policy add src "$IP_B/32" dst "$IP_A/32" dir in \
		tmpl proto "$proto" mode transport
	ok_run "$B" ip xfrm state add "${ab[@]}"
	ok_run "$B" ip xfrm state add "${ba[@]}"
	ok_run "$B" ip xfrm policy add src "$IP_B/32" dst "$IP_A/32" dir out \
		tmpl src "$IP_B" dst "$IP_A" proto "$proto" reqid "$reqid" mode transport
	ok_run "$B" ip xfrm policy add src "$IP_A/32" dst "$IP_B/32" dir in \
		tmpl src "$IP_A" dst "$IP_B" proto "$proto" reqid "$reqid" mode transport
}

# two lines in ip-xfrm(8)'s words, with what the words mean for both
# shellcheck disable=SC2034 # L_AB, L_BA: passed by name to both_sides
L_AB=(src "$IP_A" dst "$IP_B" proto esp spi 0x1000 reqid 1 mode transport
	replay-window 32 flag esn replay-seq-hi 1 replay-seq 5
	replay-oseq-hi 1 replay-oseq 5 enc 'cbc(aes)' "$KE1"
	auth 'hmac(sha256)' "$KA1" sel src "$IP_A/32" dst "$IP_B/32")
# shellcheck disable=SC2034
L_BA=(src "$IP_B" dst "$IP_A" proto esp spi 0x2000 reqid 1 mode transport
	replay-window 32 flag esn replay-seq-hi 3 replay-seq 7
	replay-oseq-hi 3 replay-oseq 7 enc 'cbc(aes)' "$KE2"
	auth 'hmac(sha256)' "$KA2" sel src "$IP_B/32" dst "$IP_A/32")

log "=== 1. ESP: the same lines on both hosts (${SECONDS}s)"
both_sides esp 0x1000 1 L_AB L_BA

out=$(ip -n "$B" xfrm state get src "$IP_A" dst "$IP_B" proto esp spi 0x1000)
printf '%s\n' "$out" | sed 's/0x[0-9a-f]\{16,\}/0x.../g; s/^/    /'
grep -Eq "auth-trunc hmac\(sha256\) 0x[0-9a-f]+ 96" <<<"$out" ||
	ksft_fail "XFRM's auth 'hmac(sha256)' is not 96 bits: $out"
ctl "$A" -j sa list | "$PY" "$PYDIR/jassert.py" \
	'spi(0x1000)["auth"]["trunc_bits"] == 96' \
	'spi(0x2000)["auth"]["trunc_bits"] == 96' \
	'spi(0x1000)["seq_out"] == 0x100000005' \
	'spi(0x1000)["seq_in"] == 0x100000005' \
	'spi(0x2000)["seq_in"] == 0x300000007' \
	'"esn" in spi(0x2000)["flags"]' ||
	ksft_fail "ipsecctl sa add did not take the lines as ip xfrm does"
out=$(ctl "$A" sa get dst "$IP_B" proto esp spi 0x1000)
printf '%s\n' "$out" | sed 's/^/    /'
grep -q 'seq-in 0x100000005 seq-out 0x100000005' <<<"$out" ||
	ksft_fail "sa get does not show the 64-bit sequence numbers"

cap_start "$T/esp.pcap"
ping_ok "$A" "$IP_B" 3
ping_ok "$B" "$IP_A" 2
cap_stop
cap_check_esp
# A sent 3 requests and 2 replies under 0x1000, B as many under 0x2000
ctl "$A" -j sa list | "$PY" "$PYDIR/jassert.py" \
	'spi(0x1000)["seq_out"] == 0x100000005 + 5' \
	'spi(0x2000)["seq_in"] == 0x300000007 + 5' \
	'spi(0x2000)["stats"]["integrity_failed"] == 0' ||
	ksft_fail "the sequence numbers did not go on from the 64-bit values"
check_counter "$A" InStateProtoError 0
check_counter "$A" InStateSeqError 0
for c in InStateProtoError InStateSeqError InNoStates; do
	check_eq "XFRM (B) Xfrm$c" "$(xfrm_stat "$B" $c)" 0
done
log "ok: ESN at 2^32 and HMAC-SHA-256-96 interoperate with the same lines"

log "=== 2. AH: auth 'hmac(sha256)' is 96 bits on both (${SECONDS}s)"
ours_flush "$A"
xfrm_flush "$B"
KH1=$(rand_key 32) KH2=$(rand_key 32)
# shellcheck disable=SC2034 # H_AB, H_BA: passed by name to both_sides
H_AB=(src "$IP_A" dst "$IP_B" proto ah spi 0x3000 reqid 2 mode transport
	replay-window 64 auth 'hmac(sha256)' "$KH1")
# shellcheck disable=SC2034
H_BA=(src "$IP_B" dst "$IP_A" proto ah spi 0x4000 reqid 2 mode transport
	replay-window 64 auth 'hmac(sha256)' "$KH2")
both_sides ah 0x3000 2 H_AB H_BA
ctl "$A" -j sa list | "$PY" "$PYDIR/jassert.py" \
	'[s["auth"]["trunc_bits"] for s in d] == [96, 96]' ||
	ksft_fail "AH auth 'hmac(sha256)' is not 96 bits"
ping_ok "$A" "$IP_B" 3
check_counter "$A" InStateProtoError 0
check_eq "XFRM (B) XfrmInStateProtoError" "$(xfrm_stat "$B" InStateProtoError)" 0
ours_flush "$A"
xfrm_flush "$B"

log "=== 3. refused with a message (${SECONDS}s)"
# refused RC WORD ARGS...: ipsecctl exits RC with WORD in its message,
# and adds nothing
refused() {
	local want=$1 word=$2 out rc
	shift 2
	out=$(ctl "$A" "$@" 2>&1)
	rc=$?
	log "+ ipsecctl $*"
	log "    -> exit $rc: $out"
	[ "$rc" = "$want" ] || ksft_fail "exit $rc, expected $want: $*"
	grep -qF -- "$word" <<<"$out" || ksft_fail "message does not name '$word'"
	check_eq "SAs after the refusal" "$(ctl "$A" sa count)" "SAs: 0"
}
SA=(sa add src "$IP_A" dst "$IP_B" proto esp spi 0x5000)
G=(aead "$GCM" "$(rand_key 20)" 128)
refused 2 '"encap espinudp-nonike" is not supported' "${SA[@]}" mode transport \
	"${G[@]}" encap espinudp-nonike 4500 4500 0.0.0.0
refused 2 '"sel" narrower' "${SA[@]}" mode transport "${G[@]}" \
	sel src 10.9.0.0/16 dst "$IP_B/32"
refused 2 '"sel" narrower' "${SA[@]}" mode tunnel "${G[@]}" \
	sel src 10.9.0.0/16 dst 10.8.0.0/16
refused 2 '"sel ... proto" is not supported' "${SA[@]}" "${G[@]}" \
	sel src "$IP_A/32" dst "$IP_B/32" proto tcp dport 80
refused 2 'more than 32 bits' "${SA[@]}" "${G[@]}" replay-window 32 \
	flag esn replay-seq 0x100000000 replay-seq-hi 1
refused 1 'needs ESN' "${SA[@]}" "${G[@]}" replay-oseq-hi 1 replay-oseq 5
# what a selector of "any" or of the SA's own addresses leaves: the same
ctl_ok "$A" "${SA[@]}" mode tunnel "${G[@]}" sel src 0.0.0.0/0 dst 0.0.0.0/0
ctl_ok "$A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x5001 "${G[@]}" \
	sel src 10.0.0.0/24 dst "$IP_B" reqid 7
ctl_ok "$A" sa flush

log "=== 4. ports: one list for ipsecctl and the kernel (${SECONDS}s)"
n=0
for p in tcp:6 udp:17 udplite:136 sctp:132 dccp:33; do
	n=$((n + 1))
	ctl_ok "$A" policy add src 10.20.$n.0/24 dst 10.21.0.0/16 \
		proto "${p%%:*}" sport 1000 dport 2000-3000 dir out
	out=$(in_ns "$A" "$PY" "$PYDIR/nlpolicy.py" "${p#*:}" sport 7 7 dport 9 10)
	log "    kernel, proto ${p#*:} with ports: $out"
	[ "$out" = ok ] || ksft_fail "the kernel refused ports with ${p%%:*}: $out"
done
ctl "$A" -j policy list | "$PY" "$PYDIR/jassert.py" \
	'sorted(p["proto"] for p in d if p.get("sport") == [1000, 1000] and p.get("dport") == [2000, 3000]) == sorted(["tcp", "udp", "udplite", "sctp", "dccp"])' ||
	ksft_fail "policy list does not show the ports of every protocol"
for p in icmp:1 ipv6-icmp:58; do
	out=$(in_ns "$A" "$PY" "$PYDIR/nlpolicy.py" "${p#*:}" sport 8 8)
	[ "$out" = ok ] || ksft_fail "the kernel refused an ICMP type with ${p%%:*}: $out"
done
for p in gre:47 esp:50 ipip:4 any:0; do
	out=$(ctl "$A" policy add src 10.22.0.0/16 dst 10.23.0.0/16 \
		proto "${p%%:*}" dport 80 dir out 2>&1)
	rc=$?
	log "    ipsecctl, proto ${p%%:*} dport 80 -> exit $rc: $out"
	[ $rc = 2 ] && grep -qF 'only valid with proto tcp, udp, udplite, sctp or dccp' <<<"$out" ||
		ksft_fail "ipsecctl did not refuse ports with ${p%%:*} as expected"
	out=$(in_ns "$A" "$PY" "$PYDIR/nlpolicy.py" "${p#*:}" dport 80 80)
	log "    kernel, proto ${p#*:} dport 80 -> $out"
	grep -q '^error EINVAL .*ports only valid with tcp, udp, udplite, sctp or dccp' <<<"$out" ||
		ksft_fail "the kernel did not refuse ports with ${p%%:*}: $out"
done
check_eq "policies (5 + 5 from netlink + 2 ICMP)" "$(ctl "$A" policy count)" "Policies: 12"
ctl_ok "$A" policy flush

# the datapath classifies UDP-Lite by its ports, as the selector says
ctl_ok "$A" policy add src "$IP_A/32" dst "$IP_B/32" proto udplite dport 4444 \
	dir out action block
udplite() {
	in_ns "$A" "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 136)
try:
    s.sendto(b"x" * 32, (sys.argv[1], int(sys.argv[2])))
except OSError as e:
    print("send: %s" % e)' "$IP_B" "$1"
}
if in_ns "$A" "$PY" -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 136)' 2>/dev/null; then
	blk0=$(counter "$A" OutPolBlock)
	udplite 4445
	check_counter "$A" OutPolBlock "$blk0"
	udplite 4444
	check_counter "$A" OutPolBlock "$((blk0 + 1))"
else
	log "note: no UDP-Lite sockets in this kernel: datapath check left out"
fi
ksft_pass "ip xfrm's lines work alike on both stacks; ports: one list"
