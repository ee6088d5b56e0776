#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# Issue #15, items 2-5 and 7: policy bypasses and SA misuse that a packet
# or a configuration could cause, each of which used to pass.
# 2. Transport impersonation: host C, with its own SA to A, sends under
#    that SA with B's source address. A drops it (InStateMismatch) and
#    nothing reaches A's stack as coming from B.
# 3. Bundles fail closed: "use" template with an SA + required template
#    without one drops (OutNoStates, no cleartext on the wire), "use"
#    template without an SA + required one with it protects with that SA
#    alone; `policy match` says the same as the datapath each time.
# 4. A later template is resolved against the packet the earlier one
#    made: IPv4 in an IPv6 ESP tunnel, then AH in transport mode on the
#    IPv6 outer header, ipsecdp <-> ipsecdp. A transport template whose
#    addresses are not of the family of the packet it protects is refused.
# 5. Encryption-only ESP refuses replay-window and ESN (RFC 4303 3.4.3).
# 7. `sa update` cannot rewind the output sequence number under the same
#    key; with a new key it can.
# timeout: 420
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd tcpdump
need_ipsecctl
need_xfrm
need_mod ah6

topo_setup
NS_C=ipC-$SFX
IF_C=ec$SFX
WC_IF=wc$SFX
IP_C=10.0.0.3
ns_create "$NS_C"
if [ "$WIRE" = 1 ]; then
	ip link add "$IF_C" netns "$NS_C" type veth peer name "$WC_IF" netns "$NS_W" ||
		ksft_fail "cannot create C's veth"
	ip -n "$NS_W" link set "$WC_IF" master "$BR_W" up
	ip -n "$NS_C" addr add "$IP_C/24" dev "$IF_C"
	ip -n "$NS_C" link set "$IF_C" up
else
	ksft_skip "three hosts need the bridge"
fi
wait_for -t 30 in_ns "$NS_C" ping -c1 -W1 "$IP_A" ||
	ksft_fail "C cannot reach A before IPsec"

# expect_err NS 'MESSAGE PART' ARGS...: ipsecctl ARGS fails, saying that
expect_err() {
	local ns=$1 want=$2 out
	shift 2
	log "+ [${ns%%-*}] ipsecctl $* (must fail)"
	if out=$(ctl "$ns" "$@" 2>&1); then
		ksft_fail "accepted: ipsecctl $*"
	fi
	printf '%s\n' "$out" | sed 's/^/    /'
	grep -qF -- "$want" <<<"$out" ||
		ksft_fail "error does not say \"$want\""
}

# match_is NS VERDICT ARGS...: `ipsecctl -j policy match ARGS` gives VERDICT
match_is() {
	local ns=$1 want=$2 got
	shift 2
	got=$(ctl "$ns" -j policy match "$@" | "$PY" -c \
		'import json,sys; print(json.load(sys.stdin)["verdict"])')
	log "policy match $*: $got"
	[ "$got" = "$want" ] || ksft_fail "policy match $*: $got, expected $want"
}

KAB=$(rand_key 20)
KBA=$(rand_key 20)
KCA=$(rand_key 20)
KAC=$(rand_key 20)

log "=== 2. C sends under its own SA with B's address: A drops it"
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x100 0x200 "$KAB" "$KBA"
ours_setup "$NS_A" "$IP_A" "$IP_C" 0x300 0x400 "$KAC" "$KCA"
xfrm_setup "$NS_B" "$IP_B" "$IP_A" 0x200 0x100 "$KBA" "$KAB"
ping_ok "$NS_B" "$IP_A" 2
# C: XFRM with C's key and SPI, but B's source address
ok_run "$NS_C" ip addr add "$IP_B/32" dev lo
ok_run "$NS_C" ip xfrm state add src "$IP_B" dst "$IP_A" proto esp spi 0x400 \
	reqid 1 mode transport aead "$GCM" "$KCA" 128 replay-window 32
ok_run "$NS_C" ip xfrm policy add src "$IP_B/32" dst "$IP_A/32" dir out \
	tmpl src "$IP_B" dst "$IP_A" proto esp reqid 1 mode transport
mis0=$(counter "$NS_A" InStateMismatch)
cap_start
in_ns "$NS_C" ping -n -c 3 -i 0.2 -W 1 -I "$IP_B" "$IP_A" >/dev/null 2>&1
cap_stop
forged=$(cap_count "ip proto 50 and src $IP_B and ip[20:4] = 0x400")
log "wire: $forged ESP packets with B's address under C's SPI"
[ "$forged" -ge 3 ] || ksft_fail "C's forged packets were not sent"
check_counter "$NS_A" InStateMismatch $((mis0 + forged))
check_sa_field "$NS_A" 0x400 in_packets 0
check_sa_field "$NS_A" 0x200 in_packets 2	# B's own two pings only
ping_ok "$NS_B" "$IP_A" 1

log "=== 3. bundles: a required template without an SA drops"
ours_flush "$NS_A"
xfrm_flush "$NS_B"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_B" proto esp spi 0x500 \
	mode transport aead "$GCM" "$KAB" 128
ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
	tmpl proto esp mode transport spi 0x500 level use \
	tmpl proto ah mode transport spi 0x501
match_is "$NS_A" no-sa src "$IP_A" dst "$IP_B" dir out
ns0=$(counter "$NS_A" OutNoStates)
cap_start
ping_fails "$NS_A" "$IP_B" 3
cap_stop
clear_n=$(cap_count "icmp")
esp_n=$(cap_count "ip proto 50")
log "wire: $clear_n ICMP, $esp_n ESP"
[ "$clear_n" = 0 ] || ksft_fail "use + required without an SA sent cleartext"
[ "$esp_n" = 0 ] || ksft_fail "half a bundle was sent"
check_counter "$NS_A" OutNoStates $((ns0 + 3))

log "--- use template without an SA, required one with: protected by it alone"
ctl_ok "$NS_A" policy del src "$IP_A/32" dst "$IP_B/32" dir out
ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
	tmpl proto ah mode transport spi 0x501 level use \
	tmpl proto esp mode transport spi 0x500
match_is "$NS_A" protect src "$IP_A" dst "$IP_B" dir out
cap_start
in_ns "$NS_A" ping -n -c 3 -i 0.2 -W 1 "$IP_B" >/dev/null 2>&1
cap_stop
clear_n=$(cap_count "icmp")
esp_n=$(cap_count "ip proto 50 and ip[20:4] = 0x500")
log "wire: $clear_n ICMP, $esp_n ESP with SPI 0x500"
[ "$clear_n" = 0 ] || ksft_fail "cleartext ICMP on the wire"
[ "$esp_n" = 3 ] || ksft_fail "expected 3 ESP packets with SPI 0x500"

log "--- use templates only, no SA: in clear (as XFRM's level use)"
ctl_ok "$NS_A" policy del src "$IP_A/32" dst "$IP_B/32" dir out
ctl_ok "$NS_A" policy add src "$IP_A/32" dst "$IP_B/32" dir out \
	tmpl proto ah mode transport spi 0x501 level use \
	tmpl proto esp mode transport spi 0x502 level use
match_is "$NS_A" no-sa-use src "$IP_A" dst "$IP_B" dir out
ping_ok "$NS_A" "$IP_B" 2

log "=== 4. IPv4 in an IPv6 ESP tunnel, then AH on the outer IPv6 header"
ours_flush "$NS_A"
for ns in "$NS_A" "$NS_B"; do
	ip -n "$ns" addr flush dev lo scope global 2>/dev/null
done
ip -n "$NS_A" addr add fd00::1/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add fd00::2/64 dev "$IF_B" nodad
wait_for -t 30 in_ns "$NS_A" ping -c1 -W1 fd00::2 ||
	ksft_fail "no IPv6 connectivity"
KT1=$(rand_key 20)
KT2=$(rand_key 20)
KH1=$(rand_key 32)
KH2=$(rand_key 32)
for ns in "$NS_A" "$NS_B"; do
	ctl_ok "$ns" sa add src fd00::1 dst fd00::2 proto esp spi 0x600 \
		mode tunnel aead "$GCM" "$KT1" 128 replay-window 64
	ctl_ok "$ns" sa add src fd00::2 dst fd00::1 proto esp spi 0x601 \
		mode tunnel aead "$GCM" "$KT2" 128 replay-window 64
	ctl_ok "$ns" sa add src fd00::1 dst fd00::2 proto ah spi 0x610 \
		mode transport auth-trunc 'hmac(sha256)' "$KH1" 128
	ctl_ok "$ns" sa add src fd00::2 dst fd00::1 proto ah spi 0x611 \
		mode transport auth-trunc 'hmac(sha256)' "$KH2" 128
done
# bundle_pol NS L6 R6 LOCAL REMOTE: out and in policies of one side
bundle_pol() {
	ctl_ok "$1" policy add src "$4/32" dst "$5/32" dir out \
		tmpl src "$2" dst "$3" proto esp mode tunnel \
		tmpl proto ah mode transport
	ctl_ok "$1" policy add src "$5/32" dst "$4/32" dir in \
		tmpl src "$3" dst "$2" proto esp mode tunnel \
		tmpl proto ah mode transport
}
bundle_pol "$NS_A" fd00::1 fd00::2 "$IP_A" "$IP_B"
bundle_pol "$NS_B" fd00::2 fd00::1 "$IP_B" "$IP_A"
match_is "$NS_A" protect src "$IP_A" dst "$IP_B" dir out
cap_start
ping_ok "$NS_A" "$IP_B" 3
ping_ok "$NS_B" "$IP_A" 3
cap_stop
ah_n=$(cap_count "ip6 and ip6[6] = 51")
clear_n=$(cap_count "icmp")
log "wire: $ah_n IPv6 AH packets, $clear_n cleartext ICMP"
[ "$ah_n" -ge 12 ] || ksft_fail "expected 12 AH-over-IPv6 packets"
[ "$clear_n" = 0 ] || ksft_fail "cleartext ICMP on the wire"
check_sa_field "$NS_A" 0x610 out_packets 6
check_sa_field "$NS_A" 0x600 out_packets 6
check_sa_field "$NS_A" 0x611 in_packets 6
check_sa_field "$NS_A" 0x601 in_packets 6

log "--- a transport template of the wrong family is refused"
expect_err "$NS_A" "family differs" policy add src 10.9.0.0/24 dst 10.9.1.0/24 \
	dir out tmpl src fd00::1 dst fd00::2 proto esp mode tunnel \
	tmpl src 10.0.0.1 dst 10.0.0.2 proto ah mode transport
expect_err "$NS_A" "family differs" policy add src 10.9.0.0/24 dst 10.9.1.0/24 \
	dir out tmpl src fd00::1 dst fd00::2 proto ah mode transport

log "=== 5. encryption-only ESP: no replay window, no ESN"
K16=$(rand_key 16)
expect_err "$NS_A" "anti-replay needs integrity" sa add src "$IP_A" dst "$IP_C" \
	proto esp spi 0x700 mode transport enc 'cbc(aes)' "$K16" replay-window 32
expect_err "$NS_A" "ESN needs integrity" sa add src "$IP_A" dst "$IP_C" \
	proto esp spi 0x700 mode transport enc 'cbc(aes)' "$K16" flag esn
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_C" proto esp spi 0x700 \
	mode transport enc 'cbc(aes)' "$K16"
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_C" proto esp spi 0x701 \
	mode transport enc 'cbc(aes)' "$K16" \
	auth-trunc 'hmac(sha256)' "$KH1" 128 replay-window 32 flag esn

log "=== 7. sa update cannot rewind the output sequence under the same key"
K2=$(rand_key 20)
ctl_ok "$NS_A" sa add src "$IP_A" dst "$IP_C" proto esp spi 0x800 \
	mode transport aead "$GCM" "$K2" 128 replay-oseq 1000
expect_err "$NS_A" "sequence numbers and IVs would repeat" sa update \
	src "$IP_A" dst "$IP_C" proto esp spi 0x800 mode transport \
	aead "$GCM" "$K2" 128 replay-oseq 10
ctl_ok "$NS_A" sa update src "$IP_A" dst "$IP_C" proto esp spi 0x800 \
	mode transport aead "$GCM" "$K2" 128 replay-oseq 2000
ctl_ok "$NS_A" sa update src "$IP_A" dst "$IP_C" proto esp spi 0x800 \
	mode transport aead "$GCM" "$(rand_key 20)" 128 replay-oseq 1
check_sa_field "$NS_A" 0x800 seq_out 1

ksft_pass "impersonation dropped, bundles fail closed and resolve per layer, enc-only without replay, no sequence rewind"
