#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Offline tests of the ipsecctl command line parser. Every command runs
# with -n (dry run): it is parsed and the netlink request is printed
# instead of sent, so no kernel module is needed.
#
#   good PATTERN ARGS...     exit 0, stdout contains PATTERN (grep -F)
#   good_nest PATTERN ARGS...  the same, stdout's lines joined (a nest's
#                            attributes in a row)
#   bad RC PATTERN ARGS...   exit RC, stderr contains PATTERN, no stdout
#
# Usage: ./test-parse.sh [-v]   (IPSECCTL=path overrides the binary)

CTL=${IPSECCTL:-$(cd "$(dirname "$0")" && pwd)/ipsecctl}
VERBOSE=0
[ "$1" = "-v" ] && VERBOSE=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass=0
fail=0

KEY20=0x0102030405060708090a0b0c0d0e0f1011121314
KEY16=0x00112233445566778899aabbccddeeff
KEY32=0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
GCM='rfc4106(gcm(aes))'
SA="sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000"

ok() {
	pass=$((pass + 1))
	[ $VERBOSE = 1 ] && echo "ok: $*"
	return 0
}

nok() {
	fail=$((fail + 1))
	echo "FAIL: $*"
	echo "  stdout: $(head -c 2000 "$TMP/out")"
	echo "  stderr: $(cat "$TMP/err")"
}

run() {
	"$CTL" -n "$@" >"$TMP/out" 2>"$TMP/err"
}

# stdout has PATTERN; with JOIN=1 across its lines
out_has() {
	if [ "$JOIN" = 1 ]; then
		tr -d '\n' <"$TMP/out"
	else
		cat "$TMP/out"
	fi | grep -qF -- "$1"
}

good() {
	local pat=$1 rc

	shift
	run "$@"
	rc=$?
	if [ $rc -ne 0 ]; then
		nok "ipsecctl $* (exit $rc, want 0)"
	elif ! out_has "$pat"; then
		nok "ipsecctl $* (no '$pat' in output)"
	else
		ok "ipsecctl $*"
	fi
}

good_nest() {
	JOIN=1 good "$@"
}

bad() {
	local want=$1 pat=$2 rc

	shift 2
	run "$@"
	rc=$?
	if [ $rc -ne "$want" ]; then
		nok "ipsecctl $* (exit $rc, want $want)"
	elif ! grep -qF -- "$pat" "$TMP/err"; then
		nok "ipsecctl $* (no '$pat' in stderr)"
	elif [ -s "$TMP/out" ]; then
		nok "ipsecctl $* (printed a request despite the error)"
	else
		ok "ipsecctl $*"
	fi
}

# ---- good: SAs ----------------------------------------------------------

good 'ICV_BITS = 128' $SA mode transport aead "$GCM" $KEY20 128
good 'NAME = "rfc4106(gcm(aes))"' $SA aead "$GCM" $KEY20 128
good 'MODE = 1' $SA mode tunnel aead "$GCM" $KEY20 128
good 'MODE = 0' $SA aead "$GCM" $KEY20 128
good 'REPLAY_WINDOW = 64' $SA aead "$GCM" $KEY20 128 replay-window 64
good 'FLAGS = 1' $SA aead "$GCM" $KEY20 128 flag esn
good 'REPLAY_SEQ = 4294967296' $SA aead "$GCM" $KEY20 128 flag esn \
	replay-seq 0x100000000
good 'REPLAY_OSEQ = 7' $SA aead "$GCM" $KEY20 128 replay-oseq 7
good 'HARD_PACKETS = 100' $SA aead "$GCM" $KEY20 128 limit time-soft 30 \
	time-hard 60 byte-soft 1000 byte-hard 2000 packet-soft 50 \
	packet-hard 100
good 'SOFT_SECS = 30' $SA aead "$GCM" $KEY20 128 limit time-soft 30 \
	limit time-hard 60
good 'ENC' $SA enc 'cbc(aes)' $KEY16 auth-trunc 'hmac(sha256)' $KEY32 128
good 'ICV_BITS = 96' $SA enc 'cbc(aes)' $KEY16 auth-trunc 'hmac(sha1)' \
	0x0011223344556677889900112233445566778899 96
good 'PROTO = 51' sa add src 10.0.0.1 dst 10.0.0.2 proto ah spi 0x2000 \
	mode tunnel auth-trunc 'hmac(sha256)' $KEY32 128
good 'SPI = 0x00001000 (4096)' sa add src 10.0.0.1 dst 10.0.0.2 \
	proto esp spi 4096 aead "$GCM" $KEY20 128
good 'SPI = 0x0000001f (31)' sa add src 10.0.0.1 dst 10.0.0.2 \
	proto esp spi 0X1F aead "$GCM" $KEY20 128
good 'FAMILY = 10 (inet6)' sa add src 2001:db8::1 dst 2001:db8::2 \
	proto esp spi 1 aead "$GCM" $KEY20 128
good 'KEY = 0x6d79206b6579 (6 bytes)' $SA enc 'cbc(aes)' 'my key' \
	auth 'hmac(sha256)' 0x00
good 'SA_DEL flags REQUEST,ACK' sa del dst 10.0.0.2 proto esp spi 0x1000
good 'SA_GET flags REQUEST,ACK' sa get dst 10.0.0.2 proto esp spi 0x1000
good 'SA_GET flags REQUEST,DUMP' sa list
good 'SA_GET flags REQUEST,DUMP' sa show
good 'SA_GET flags REQUEST,DUMP' sa dump
good 'SA_GET flags REQUEST,DUMP' s l
good 'SA_FLUSH' sa flush
good 'PROTO = 51' sa flush proto ah
good 'SPI = 0x00001000' sa a src 10.0.0.1 dst 10.0.0.2 p esp sp 0x1000 \
	m tr ae "$GCM" $KEY20 128
good 'SA_UPDATE flags REQUEST,ACK' sa update src 10.0.0.1 dst 10.0.0.2 \
	proto esp spi 0x1000 aead "$GCM" $KEY20 128 replay-window 64
good 'REPLAY_WINDOW = 64' s u src 10.0.0.1 dst 10.0.0.2 proto esp \
	spi 0x1000 aead "$GCM" $KEY20 128 replay-window 64
good 'STATS_GET flags REQUEST,ACK' sa count
good 'STATS_GET flags REQUEST,ACK' sa c
good 'KEYS' sa list --wireshark
good 'KEYS' sa list wireshark
good 'KEYS' s l --wire

# ---- good: policies ------------------------------------------------------

good 'DPORT_MAX = 80' policy add src 10.0.0.0/24 dst 10.0.1.0/24 \
	proto tcp dport 80 dir out priority 100 \
	tmpl src 1.1.1.1 dst 2.2.2.2 proto esp mode tunnel spi 0x1000 \
	level required
good 'ACTION = 0' policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir in
good 'ACTION = 1' policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir fwd \
	action block
good 'SRC_PLEN = 0' policy add src ::/0 dst ::/0 dir out
good 'DST_PLEN = 32' policy add src 0.0.0.0/0 dst 10.0.0.1 dir out
good 'DST_PLEN = 128' policy add src ::/0 dst 2001:db8::1 dir out
good 'SPORT_MAX = 2000' policy add src 10.0.0.0/8 dst 10.0.0.0/8 \
	proto udp sport 1000-2000 dir out
good 'SPORT_MIN = 8' policy add src 10.0.0.0/8 dst 10.0.0.0/8 \
	proto icmp type 8 code 0 dir out
good 'SPORT_MIN = 128' policy add src ::/0 dst ::/0 proto ipv6-icmp \
	type 128 dir in
good 'PROTO = 47' policy add src 10.0.0.0/8 dst 10.0.0.0/8 proto 47 dir out
good 'PROTO = 47' policy add src 10.0.0.0/8 dst 10.0.0.0/8 proto gre dir out
good 'PROTO = 0' policy add src 10.0.0.0/8 dst 10.0.0.0/8 proto any dir out
good 'LEVEL = 1' policy add src 10.0.0.0/8 dst 10.0.0.0/8 dir out \
	tmpl proto ah level use tmpl proto esp spi 5
good 'FAMILY = 10 (inet6)' policy add src 2001:db8::/32 dst ::/0 dir out \
	tmpl proto esp
good 'DST = 192.0.2.2' policy add src 2001:db8::/32 dst ::/0 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel
good 'PRIORITY = 5' policy add src 10.0.0.0/8 dst 10.0.0.0/8 dir out \
	tmpl proto esp priority 5
good 'POLICY_DEL flags REQUEST,ACK' policy del src 10.0.0.0/24 \
	dst 10.0.1.0/24 proto tcp dport 80 dir out
good 'POLICY_GET flags REQUEST,DUMP' policy list
good 'POLICY_GET flags REQUEST,ACK' policy get src 10.0.0.0/24 \
	dst 10.0.1.0/24 proto tcp dport 80 dir out
good 'DIR = 2' pol g src 10.0.0.0/24 dst 10.0.1.0/24 dir fwd
good 'POLICY_UPDATE flags REQUEST,ACK' policy update src 10.0.0.0/24 \
	dst 10.0.1.0/24 dir out priority 7 tmpl proto esp
good 'ACTION = 1' pol u src 10.0.0.0/24 dst 10.0.1.0/24 dir out \
	action block
good 'STATS_GET flags REQUEST,ACK' policy count
good 'STATS_GET flags REQUEST,ACK' -s stats
good 'POLICY_GET flags REQUEST,DUMP' pol l
good 'POLICY_FLUSH' policy flush
good 'STATS_GET flags REQUEST,ACK' stats
good 'would join' monitor
good 'Usage:' sa help
good 'Usage:' help

# ---- good: batch ----------------------------------------------------------

cat >"$TMP/batch" <<EOF
# a comment, then a blank line

sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 aead '$GCM' $KEY20 128
  policy add src 10.0.0.1 dst 10.0.0.2 dir out tmpl proto esp # trailing
sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 2 enc "cbc(aes)" "a \"q\" key" auth hmac(sha1) 0x00
sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 3 \\
	aead '$GCM' $KEY20 96
EOF
good 'KEY = 0x6120227122206b6579' -f "$TMP/batch"
good 'POLICY_ADD' -f - <"$TMP/batch"
good 'ICV_BITS = 96' -f "$TMP/batch"

# ---- bad ----------------------------------------------------------------

bad 2 'unknown keyword "--bogus"' sa list --bogus
bad 2 'drop -j' -j sa list --wireshark
bad 2 'duplicate "wireshark"' sa list --wireshark wireshark
bad 2 'unknown keyword "x"' sa count x
bad 2 'unknown keyword "x"' policy count x
bad 2 '"priority" is not valid for "policy get"' policy get \
	src 10.0.0.0/24 dst 10.0.1.0/24 dir out priority 3
bad 2 '"tmpl" is not valid for "policy get"' policy get \
	src 10.0.0.0/24 dst 10.0.1.0/24 dir out tmpl proto esp
bad 2 'missing "dir"' policy get src 10.0.0.0/24 dst 10.0.1.0/24
bad 2 'missing "spi"' sa update src 10.0.0.1 dst 10.0.0.2 proto esp \
	aead "$GCM" $KEY20 128

bad 2 'invalid address "10.0.0.300" for "src"' sa add src 10.0.0.300 \
	dst 10.0.0.2 proto esp spi 1
bad 2 'key "0xabc" has odd length' $SA aead "$GCM" 0xabc 128
bad 2 'is not a hex string' $SA aead "$GCM" 0xzz 128
bad 2 'missing "spi"' sa add src 10.0.0.1 dst 10.0.0.2 proto esp \
	aead "$GCM" $KEY20 128
bad 2 'missing "dst"' sa del proto esp spi 1
bad 2 'unknown keyword "foo"' $SA foo
bad 2 'invalid prefix length in "10.0.0.0/33"' policy add src 10.0.0.0/33 \
	dst 10.0.0.0/8 dir out
bad 2 'invalid prefix length in "::/129"' policy add src ::/129 dst ::/0 \
	dir out
bad 2 'invalid address "10.0.0/8"' policy add src 10.0.0/8 dst 10.0.0.0/8 \
	dir out
bad 2 'invalid port range "90-80" for "dport"' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 proto tcp dport 90-80 dir out
bad 2 'out of range' policy add src 10.0.0.0/8 dst 10.0.0.0/8 proto tcp \
	sport 65536 dir out
bad 2 'address family mismatch' sa add src 10.0.0.1 dst 2001:db8::1 \
	proto esp spi 1
bad 2 'address family mismatch' policy add src 10.0.0.0/8 dst ::/0 dir out
bad 2 'value "0x100000000" for "spi" is out of range' sa add src 10.0.0.1 \
	dst 10.0.0.2 proto esp spi 0x100000000
bad 2 'too many templates (max 2)' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir out tmpl proto esp tmpl proto ah tmpl proto esp
bad 2 'invalid value "up" for "dir"' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir up
bad 2 'missing "dir"' policy add src 10.0.0.0/8 dst 10.0.0.0/8
bad 2 '"sport" is only valid with proto' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 proto icmp sport 80 dir out
bad 2 '"dport" is only valid with proto' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dport 80 dir out
bad 2 '"type" is only valid with proto' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 proto tcp type 8 dir out
bad 2 'invalid value "tcp" for "proto" (expected esp or ah)' \
	sa add src 10.0.0.1 dst 10.0.0.2 proto tcp spi 1
bad 2 'duplicate "spi"' $SA spi 2
bad 2 'missing value for "spi"' sa add src 10.0.0.1 dst 10.0.0.2 \
	proto esp spi
bad 2 'missing ICV length for "aead"' $SA aead "$GCM" $KEY20
bad 2 'value "5000" for "replay-window" is out of range' $SA \
	replay-window 5000
bad 2 'invalid value "12abc" for "priority"' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir out priority 12abc
bad 2 'invalid value "-1" for "spi"' sa add src 10.0.0.1 dst 10.0.0.2 \
	proto esp spi -1
bad 2 'only one authentication algorithm allowed' $SA enc 'cbc(aes)' \
	$KEY16 auth 'hmac(sha1)' 0x00 auth-trunc 'hmac(sha1)' 0x00 96
bad 2 'duplicate "mode" in tmpl' policy add src 10.0.0.0/8 dst 10.0.0.0/8 \
	dir out tmpl proto esp mode tunnel mode transport
bad 2 'missing "proto" in tmpl 1' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir out tmpl mode tunnel
bad 2 'address family mismatch: tmpl src' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir out tmpl src 1.1.1.1 dst ::1 proto esp
bad 2 'invalid value "foo" for "mode"' $SA mode foo
# ip xfrm's words: 64-bit sequence numbers from their halves, auth's
# truncation as ip xfrm's, reqid, sel and encap
good 'REPLAY_SEQ = 8589934599' $SA aead "$GCM" $KEY20 128 flag esn \
	replay-window 32 replay-seq-hi 2 replay-seq 7
good 'REPLAY_OSEQ = 4294967301' $SA aead "$GCM" $KEY20 128 flag esn \
	replay-window 32 replay-oseq 5 replay-oseq-hi 1
good 'REPLAY_OSEQ = 8589934592' $SA aead "$GCM" $KEY20 128 flag esn \
	replay-window 32 replay-oseq-hi 2
bad 2 '"replay-seq" 0x100000000 has more than 32 bits (with "replay-seq-hi")' $SA \
	aead "$GCM" $KEY20 128 replay-seq 0x100000000 replay-seq-hi 1
bad 2 'value "0x100000000" for "replay-oseq-hi" is out of range' $SA \
	aead "$GCM" $KEY20 128 replay-oseq-hi 0x100000000
bad 2 'duplicate "replay-seq-hi"' $SA aead "$GCM" $KEY20 128 \
	replay-seq-hi 1 replay-seq-hi 1
good 'ICV_BITS = 96' $SA enc 'cbc(aes)' $KEY16 auth 'hmac(sha256)' $KEY32
good 'ICV_BITS = 192' $SA enc 'cbc(aes)' $KEY16 auth 'hmac(sha384)' $KEY32
good 'ICV_BITS = 256' $SA enc 'cbc(aes)' $KEY16 auth 'hmac(sha512)' $KEY32
good 'ICV_BITS = 96' sa add src 10.0.0.1 dst 10.0.0.2 proto ah spi 1 \
	auth 'hmac(sha1)' $KEY20
good 'ICV_BITS = 128' $SA enc 'cbc(aes)' $KEY16 \
	auth-trunc 'hmac(sha256)' $KEY32 128
good 'SPI = 0x00001000' $SA reqid 1 aead "$GCM" $KEY20 128 \
	sel src 10.0.0.1/32 dst 10.0.0.2/32
good 'SPI = 0x00001000' $SA mode tunnel aead "$GCM" $KEY20 128 \
	sel src 0.0.0.0/0 dst 0.0.0.0/0 reqid 3
bad 2 '"sel" narrower than the SA' $SA aead "$GCM" $KEY20 128 \
	sel src 10.0.1.0/24 dst 10.0.0.2/32
bad 2 '"sel" narrower than "any"' $SA mode tunnel aead "$GCM" $KEY20 128 \
	sel src 10.0.0.0/8 dst 10.0.0.0/8
bad 2 '"sel ... dev" is not supported' $SA aead "$GCM" $KEY20 128 \
	sel src 10.0.0.1 dst 10.0.0.2 dev eth0
bad 2 'missing selector' $SA aead "$GCM" $KEY20 128 sel
bad 2 '"sport" is only valid with proto tcp, udp, udplite, sctp or dccp' \
	policy add src 10.0.0.0/8 dst 10.0.0.0/8 proto gre sport 1 dir out
good 'PROTO = 136' policy add src 10.0.0.0/8 dst 10.0.0.0/8 \
	proto udplite sport 1 dir out
good 'PROTO = 33' policy add src 10.0.0.0/8 dst 10.0.0.0/8 \
	proto dccp dport 1-2 dir out
bad 2 'is too long (max 128 bytes)' $SA enc 'cbc(aes)' \
	0x$(printf '%0258d' 0)
bad 2 'is too long (max 63 characters)' $SA enc \
	"$(printf 'a%.0s' $(seq 64))" $KEY16
bad 2 '"tmpl" is not valid for "policy del"' policy del src 10.0.0.0/8 \
	dst 10.0.0.0/8 dir out tmpl proto esp
bad 2 '"mode" is not valid for "sa del"' sa del dst 10.0.0.2 proto esp \
	spi 1 mode tunnel
bad 2 'unknown protocol "nosuchproto"' policy add src 10.0.0.0/8 \
	dst 10.0.0.0/8 proto nosuchproto dir out
bad 2 'unknown object "foo"' foo
bad 2 'unknown command "bar" for "sa"' sa bar
bad 2 'Usage:' --no-such-option

# ---- UDP encapsulation (ip xfrm's "encap espinudp SPORT DPORT OADDR") ----

ENC_SA="$SA aead $GCM $KEY20 128"
ENC6_SA="sa add src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x1000 \
	aead $GCM $KEY20 128"
# the whole nest, in the order it is sent
N4='    ENCAP      TYPE = 2      SPORT = 4500      DPORT = 4500'
good_nest "$N4      OA = 0x00000000 (4 bytes)" \
	$ENC_SA encap espinudp 4500 4500 0.0.0.0
good_nest '      SPORT = 1      DPORT = 65535      OA = 0xc0000201 (4 bytes)' \
	$ENC_SA mode tunnel encap espinudp 1 65535 192.0.2.1
good_nest '      DPORT = 4500      OA = 0x00000000000000000000000000000000 (16 bytes)' \
	$ENC6_SA encap espinudp 4500 4500 ::
good_nest 'SA_UPDATE flags REQUEST,ACK' \
	sa update src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 \
	aead "$GCM" $KEY20 128 encap espinudp 0x1194 4500 0.0.0.0
good_nest "$N4" $ENC_SA encap espinudp 0x1194 4500 0.0.0.0
good_nest "$N4" sa add src 10.0.0.1 dst 10.0.0.2 proto 50 spi 1 \
	encap espinudp 4500 4500 0.0.0.0 enc 'cbc(aes)' $KEY16 \
	auth 'hmac(sha1)' $KEY20
run $ENC_SA
if [ $? -eq 0 ] && ! grep -qF ENCAP "$TMP/out"; then
	ok "no encap: no ENCAP nest"
else
	nok "no encap: no ENCAP nest"
fi
bad 2 '"encap" with proto ah: UDP encapsulation is for ESP only' \
	sa add src 10.0.0.1 dst 10.0.0.2 proto ah spi 1 \
	auth 'hmac(sha1)' $KEY20 encap espinudp 4500 4500 0.0.0.0
bad 2 '"encap" with proto ah' sa add src 10.0.0.1 dst 10.0.0.2 \
	encap espinudp 4500 4500 0.0.0.0 proto 51 spi 1
bad 2 'value "0" for "encap sport" is out of range (1-65535)' $ENC_SA \
	encap espinudp 0 4500 0.0.0.0
bad 2 'value "65536" for "encap dport" is out of range (1-65535)' \
	$ENC_SA encap espinudp 4500 65536 0.0.0.0

# ---- per-CPU SA (RFC 9611, ip xfrm's "pcpu-num N") ----
good 'PCPU_NUM = 3' $ENC_SA pcpu-num 3
good 'PCPU_NUM = 0' $ENC_SA pcpu-num 0
run $ENC_SA
if [ $? -eq 0 ] && ! grep -qF PCPU_NUM "$TMP/out"; then
	ok "no pcpu-num: no PCPU_NUM"
else
	nok "no pcpu-num: no PCPU_NUM"
fi
bad 2 'invalid value "x" for "pcpu-num"' $ENC_SA pcpu-num x
bad 2 'duplicate "pcpu-num"' $ENC_SA pcpu-num 1 pcpu-num 2
# the policy flag that asks for per-CPU SAs (XFRM_POLICY_CPU_ACQUIRE)
POL_OUT="policy add src 10.0.0.1 dst 10.0.0.2 dir out"
good 'FLAGS = 1' $POL_OUT flag cpu-acquire tmpl proto esp
good 'FLAGS = 1' $POL_OUT flag cpu tmpl proto esp
run $POL_OUT tmpl proto esp
if [ $? -eq 0 ] && ! grep -qF FLAGS "$TMP/out"; then
	ok "no flag: no FLAGS"
else
	nok "no flag: no FLAGS"
fi
bad 2 'invalid value "localok" for "flag" (expected cpu-acquire)' \
	$POL_OUT flag localok
bad 2 'duplicate "flag"' $POL_OUT flag cpu-acquire flag cpu-acquire
bad 2 '"flag"' policy del src 10.0.0.1 dst 10.0.0.2 dir out flag cpu-acquire
bad 2 'value "0" for "encap dport" is out of range (1-65535)' $ENC_SA \
	encap espinudp 4500 0 0.0.0.0
bad 2 'invalid value "45x" for "encap sport"' $ENC_SA \
	encap espinudp 45x 4500 0.0.0.0
bad 2 'address family mismatch: encap oaddr "::" is IPv6 but dst "10.0.0.2" is IPv4' \
	$ENC_SA encap espinudp 4500 4500 ::
bad 2 'address family mismatch: encap oaddr "0.0.0.0" is IPv4' $ENC6_SA \
	encap espinudp 4500 4500 0.0.0.0
bad 2 'invalid address "any" for "encap oaddr"' $ENC_SA \
	encap espinudp 4500 4500 any
bad 2 '"encap espinudp-nonike" is not supported: only espinudp (RFC 3948)' \
	$ENC_SA encap espinudp-nonike 4500 4500 0.0.0.0
bad 2 '"encap espintcp" is not supported' $ENC_SA \
	encap espintcp 4500 4500 0.0.0.0
bad 2 'invalid value "esp" for "encap" (expected espinudp)' $ENC_SA \
	encap esp 4500 4500 0.0.0.0
bad 2 'missing type for "encap"' $ENC_SA encap
bad 2 'missing source port for "encap"' $ENC_SA encap espinudp
bad 2 'missing destination port for "encap"' $ENC_SA encap espinudp 4500
bad 2 'missing original address for "encap"' $ENC_SA \
	encap espinudp 4500 4500
bad 2 'duplicate "encap"' $ENC_SA encap espinudp 4500 4500 0.0.0.0 \
	encap espinudp 4500 4500 0.0.0.0
bad 2 '"encap" is not valid for "sa del"' sa del dst 10.0.0.2 proto esp \
	spi 1 encap espinudp 4500 4500 0.0.0.0
bad 2 '"encap" is not valid for "sa get"' sa get dst 10.0.0.2 proto esp \
	spi 1 encap espinudp 4500 4500 0.0.0.0
printf 'sa add %s encap espinudp 4500 4500 0.0.0.0\n' \
	"src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 aead '$GCM' $KEY20 128" \
	>"$TMP/encap-batch"
good_nest "$N4      OA = 0x00000000 (4 bytes)" -f "$TMP/encap-batch"
good 'ENCAP := espinudp SPORT DPORT OADDR' sa help

printf 'sa flush\n\nsa add src 1.1.1.1 dst 2.2.2.2 proto esp spi 1 foo\nsa flush\n' \
	>"$TMP/bad-batch"
"$CTL" -n -f "$TMP/bad-batch" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF "$TMP/bad-batch:3" "$TMP/err" &&
   grep -qF '"foo"' "$TMP/err" && [ ! -s "$TMP/out" ]; then
	ok "batch: parsed whole first, error names FILE:LINE and the word"
else
	nok "batch error (exit $rc)"
fi
printf 'sa flush\nstats\n' >"$TMP/bad-batch"
"$CTL" -n -f "$TMP/bad-batch" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF "$TMP/bad-batch:2: only sa and policy" "$TMP/err"; then
	ok "batch: only configuration commands"
else
	nok "batch: stats accepted (exit $rc)"
fi
printf 'sa flush\npolicy update src 1.1.1.1 dst 2.2.2.2 dir out\n' \
	>"$TMP/bad-batch"
"$CTL" -n -f "$TMP/bad-batch" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF "$TMP/bad-batch:2: only sa and policy" "$TMP/err"; then
	ok "batch: no update"
else
	nok "batch: update accepted (exit $rc)"
fi
printf 'sa flush\nsa add src "1.1.1.1 dst 2.2.2.2\n' | "$CTL" -n -f - \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && grep -qF 'unterminated quote' "$TMP/err" &&
   grep -qF -- '-:2' "$TMP/err"; then
	ok "batch: unterminated quote"
else
	nok "batch: unterminated quote (exit $rc)"
fi

# Without -n and without the module: the documented message and exit 1.
if [ ! -d /sys/module/ipsecdp ]; then
	"$CTL" sa list >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -qF 'the ipsecdp module is not loaded (genl family "ipsecdp" not found)' "$TMP/err"; then
		ok "module not loaded"
	else
		nok "module not loaded (exit $rc)"
	fi
fi

echo "test-parse: $pass passed, $fail failed"
[ $fail -eq 0 ]
