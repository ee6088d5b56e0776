#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Round-trip tests of ipsecctl against the loaded ipsecdp module: add,
# get, list, delete and flush SAs and policies, text and JSON output,
# kernel error messages (extended ACK), exit codes, batch mode, EPERM and
# monitor events. Needs root and the module; runs in a new network
# namespace so it does not disturb the caller's configuration.
#
#   make vm CMD='insmod build/$KVER/ipsecdp.ko && tools/ipsecctl/test-netlink.sh'
#
# Exit status 0 if all checks pass, 1 otherwise, 4 (skip) without module.

CTL=${IPSECCTL:-$(cd "$(dirname "$0")" && pwd)/ipsecctl}

if [ -z "$IPSECCTL_IN_NETNS" ]; then
	if [ ! -d /sys/module/ipsecdp ]; then
		echo "test-netlink: SKIP: the ipsecdp module is not loaded"
		exit 4
	fi
	IPSECCTL_IN_NETNS=1 IPSECCTL="$CTL" exec unshare -n "$0" "$@"
fi

TMP=$(mktemp -d)
MON=
trap '[ -n "$MON" ] && kill $MON 2>/dev/null; rm -rf "$TMP"' EXIT

pass=0
fail=0
K20=0x0102030405060708090a0b0c0d0e0f1011121314
GCM='rfc4106(gcm(aes))'

ok() {
	pass=$((pass + 1))
	echo "ok: $*"
}

nok() {
	fail=$((fail + 1))
	echo "FAIL: $*"
	echo "  stdout: $(head -c 3000 "$TMP/out")"
	echo "  stderr: $(cat "$TMP/err")"
}

# expect RC ARGS...: run ipsecctl, check the exit status
expect() {
	local want=$1 rc

	shift
	"$CTL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		nok "ipsecctl $* (exit $rc, want $want)"
		return 1
	fi
	return 0
}

# has FILE PATTERN DESC: FILE contains the fixed string PATTERN
has() {
	if grep -qF -- "$2" "$TMP/$1"; then
		ok "$3"
	else
		nok "$3 (no '$2' in $1)"
	fi
}

json_ok() {
	if python3 -c 'import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$TMP/out" 2>"$TMP/jerr"; then
		ok "$1: valid JSON"
	else
		cp "$TMP/jerr" "$TMP/err"
		nok "$1: invalid JSON"
	fi
}

"$CTL" monitor >"$TMP/mon" 2>&1 &
MON=$!
sleep 0.3

# ---- SAs ------------------------------------------------------------------

expect 0 sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 \
	mode transport aead "$GCM" $K20 128 replay-window 64 flag esn \
	replay-seq 5 replay-oseq 7 limit time-soft 300 time-hard 600 &&
	ok "sa add (IPv4, ESN, limits)"
expect 0 sa add src 2001:db8::1 dst 2001:db8::2 proto esp spi 4097 \
	aead "$GCM" $K20 128 && ok "sa add (IPv6)"
expect 1 sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 \
	aead "$GCM" $K20 128 && has err "Error: " "duplicate SA refused"
expect 1 sa add src 10.0.0.1 dst 10.0.0.9 proto esp spi 0x1009 \
	aead xyz $K20 128 &&
	has err 'unsupported AEAD algorithm' \
		"extack message printed"
expect 2 sa add src 10.0.0.1 dst 10.0.0.9 proto esp spi 0x1009 \
	aead "$GCM" 0xabc 128 && has err 'has odd length' "parse error exit 2"

expect 0 sa list && {
	has out 'src 10.0.0.1 dst 10.0.0.2' "sa list: addresses"
	has out 'proto esp spi 0x00001000 mode transport replay-window 64 flag esn' \
		"sa list: SA line"
	has out "aead $GCM (key hidden) 128" "sa list: aead line"
	has out 'lifetime time-soft 300 time-hard 600' "sa list: lifetime"
	has out 'seq-in 0x5 seq-out 0x7' "sa list: sequence numbers"
	has out 'src 2001:db8::1 dst 2001:db8::2' "sa list: IPv6 SA"
}
if grep -qF 'stats: in' "$TMP/out"; then
	nok "sa list without -s shows counters"
else
	ok "sa list: counters only with -s"
fi
expect 0 -s sa list && has out 'stats: in 0 pkts 0 bytes' "sa list -s: stats"
expect 0 s l && has out 'spi 0x00001001' "unique prefixes: s l"
expect 0 -j sa list && json_ok "sa list -j" && has out '"spi": 4096' \
	"sa list -j: spi"
expect 0 sa get dst 10.0.0.2 proto esp spi 0x1000 &&
	has out 'proto esp spi 0x00001000' "sa get"
expect 0 -j sa get dst 10.0.0.2 proto esp spi 4096 && json_ok "sa get -j" &&
	has out '"flags": ["esn"]' "sa get -j: flags"
expect 1 sa get dst 10.0.0.2 proto esp spi 0x9999 &&
	has err 'Error: ' "sa get of a missing SA"
expect 0 sa del dst 2001:db8::2 proto esp spi 4097 && ok "sa del"
expect 1 sa del dst 2001:db8::2 proto esp spi 4097 &&
	has err 'Error: ' "sa del twice"

# ---- UDP encapsulation (RFC 3948) -------------------------------------------

expect 0 sa add src 10.0.0.1 dst 10.0.0.3 proto esp spi 0x3000 mode tunnel \
	aead "$GCM" $K20 128 encap espinudp 4500 4501 0.0.0.0 &&
	ok "sa add (encap)"
expect 0 sa add src 2001:db8::1 dst 2001:db8::3 proto esp spi 0x3001 \
	aead "$GCM" $K20 128 encap espinudp 4500 4500 2001:db8::99 &&
	ok "sa add (IPv6, encap with an original address)"
expect 0 sa get dst 10.0.0.3 proto esp spi 0x3000 &&
	has out 'encap type espinudp sport 4500 dport 4501 addr 0.0.0.0' \
		"sa get: encap line" && cp "$TMP/out" "$TMP/natt4"
expect 0 sa get dst 2001:db8::3 proto esp spi 0x3001 &&
	has out 'encap type espinudp sport 4500 dport 4500 addr 2001:db8::99' \
		"sa get: IPv6 encap line" && cp "$TMP/out" "$TMP/natt6"
expect 0 -j sa get dst 10.0.0.3 proto esp spi 0x3000 &&
	json_ok "sa get -j (encap)" &&
	has out '"encap": {"type": "espinudp", "sport": 4500, "dport": 4501' \
		"sa get -j: encap"
expect 0 sa get dst 10.0.0.2 proto esp spi 0x1000 &&
	if grep -qF encap "$TMP/out"; then
		nok "sa without encap prints an encap line"
	else
		ok "sa without encap: no encap line"
	fi
# save, then restore: the same SAs
expect 0 save && grep -F 'encap espinudp' "$TMP/out" >"$TMP/natt.conf"
has natt.conf 'encap espinudp 4500 4501 0.0.0.0' "save: encap words"
expect 0 sa del dst 10.0.0.3 proto esp spi 0x3000 &&
	expect 0 sa del dst 2001:db8::3 proto esp spi 0x3001 &&
	expect 0 -f "$TMP/natt.conf" && ok "restore of saved encap SAs"
for n in natt4:10.0.0.3:0x3000 natt6:2001:db8::3:0x3001; do
	f=${n%%:*} spi=${n##*:} dst=${n#*:}
	dst=${dst%:*}
	expect 0 sa get dst "$dst" proto esp spi "$spi" &&
		if cmp -s "$TMP/out" "$TMP/$f"; then
			ok "save/restore: $dst spi $spi as it was"
		else
			nok "save/restore: $dst spi $spi differs from $TMP/$f"
		fi
done

# ---- policies ---------------------------------------------------------------

expect 0 policy add src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp dport 80 \
	dir out priority 100 tmpl src 1.1.1.1 dst 2.2.2.2 proto esp \
	mode tunnel spi 0x1000 level required && ok "policy add (tmpl)"
expect 0 policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir in &&
	ok "policy add (bypass)"
expect 0 policy add src 10.0.0.0/24 dst 10.0.2.0/24 proto icmp type 8 \
	dir fwd action block && ok "policy add (block, icmp type)"
expect 0 policy add src ::/0 dst 2001:db8::/32 proto udp sport 1000-2000 \
	dir out tmpl proto esp tmpl proto ah level use &&
	ok "policy add (IPv6, two templates)"
expect 1 policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir in &&
	has err 'Error: ' "duplicate policy refused"
expect 0 policy list && {
	has out 'src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp dport 80 dir out priority 100' \
		"policy list: selector line"
	has out 'tmpl src 1.1.1.1 dst 2.2.2.2 proto esp mode tunnel spi 0x1000 level required' \
		"policy list: tmpl line"
	has out 'action allow (bypass)' "policy list: bypass"
	has out 'action block' "policy list: block"
	has out 'proto icmp type 8 dir fwd' "policy list: icmp type"
	has out 'src ::/0 dst 2001:db8::/32 proto udp sport 1000-2000 dir out' \
		"policy list: IPv6 port range"
	has out 'tmpl proto ah mode transport level use' \
		"policy list: second template"
}
expect 0 -j policy list && json_ok "policy list -j" &&
	has out '"dport": [80, 80]' "policy list -j: dport"
expect 0 policy del src 10.0.0.0/24 dst 10.0.1.0/24 dir in &&
	ok "policy del"
expect 1 policy del src 10.0.0.0/24 dst 10.0.1.0/24 dir in &&
	has err 'Error: ' "policy del twice"

# ---- stats ------------------------------------------------------------------

expect 0 stats && {
	names="InError InBufferError InHdrError InNoStates InStateProtoError"
	names+=" InStateModeError InStateSeqError InStateExpired InTmplMismatch"
	names+=" InNoPols InPolBlock OutError OutNoStates OutStateProtoError"
	names+=" OutStateSeqError OutStateExpired OutPolBlock InPackets InBytes"
	names+=" OutPackets OutBytes InStateMismatch InEncapKeepalive"
	names+=" InEncapError"
	got=$(awk '{ printf "%s%s", sep, $1; sep = " " }' "$TMP/out")
	if [ "$got" = "$names" ]; then
		ok "stats: all counters in enum order"
	else
		nok "stats: counters '$got'"
	fi
}
expect 0 -j stats && json_ok "stats -j" && has out '"InNoStates": ' \
	"stats -j: names"

# ---- batch, EPERM --------------------------------------------------------------

printf '# comment\n\nsa flush proto ah\nsa del dst 10.9.9.9 proto esp spi 1\nsa flush\n' \
	>"$TMP/batch"
expect 1 -f "$TMP/batch" && has err "$TMP/batch:4" "batch names FILE:LINE"
expect 0 sa get dst 10.0.0.2 proto esp spi 0x1000 &&
	ok "batch stopped at the failing line"

if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" sa list \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -qF '(CAP_NET_ADMIN is required)' "$TMP/err"; then
		ok "EPERM without CAP_NET_ADMIN"
	else
		nok "EPERM without CAP_NET_ADMIN (exit $rc)"
	fi
fi

for obj in sa policy; do
	expect 0 $obj flush && expect 0 $obj list && if [ -s "$TMP/out" ]; then
		nok "$obj flush left entries"
	else
		ok "$obj flush"
	fi
done

# ---- monitor ----------------------------------------------------------------

sleep 0.3
kill $MON
wait $MON 2>/dev/null
MON=
cp "$TMP/mon" "$TMP/out"
has mon 'sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x00001000 mode transport' \
	"monitor: sa add"
has mon 'sa del src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x00001001' \
	"monitor: sa del"
has mon 'policy add src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp dport 80 dir out' \
	"monitor: policy add"
has mon 'policy del src 10.0.0.0/24 dst 10.0.1.0/24 dir in' \
	"monitor: policy del"
has mon 'sa flush' "monitor: sa flush"
has mon 'policy flush' "monitor: policy flush"

echo "test-netlink: $pass passed, $fail failed"
[ $fail -eq 0 ]
