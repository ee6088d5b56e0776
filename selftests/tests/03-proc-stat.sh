#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# /proc/net/ipsecdp_stat: every network namespace has one, in the format
# of /proc/net/xfrm_stat ("Name", padded, a tab, the value; one line per
# counter), with the counters and names of `ipsecctl stats`, in the same
# order. A (ipsecdp) protects everything to and from B; B has no IPsec
# and sends ESP built by selftests/py/esp_craft.py: 5 good packets, then
# one authentic packet whose padding is wrong. Then A's file must show
# InPackets 5 and InStateProtoError 1 (where XFRM counts a bad pad; the
# SA's integrity_failed stays 0: it is no ICV failure), equal `ipsecctl
# stats` line for line, while the files of B, of the wire's namespace and
# of a new namespace still show zeros: the counters are per namespace.
# timeout: 300
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
need_cmd socat
"$PY" -c 'import scapy, cryptography' 2>/dev/null ||
	ksft_skip "python3 scapy/cryptography not available"
F=/proc/net/ipsecdp_stat
# one line per counter of enum ipsecdp_mib (all but UNSPEC and PAD)
NCOUNTERS=$(awk '/^enum ipsecdp_mib \{/ { on = 1; next }
	on && /^\};/ { exit }
	on && /^\tIPSECDP_MIB_[A-Z_]+,/ && !/_(UNSPEC|PAD),/ { n++ }
	END { print n + 0 }' "$REPO/include/uapi/linux/ipsecdp.h")
[ "$NCOUNTERS" -gt 20 ] || ksft_fail "counters in enum ipsecdp_mib: got '$NCOUNTERS'"

topo_setup
NS_C=ipC-$SFX
ns_create "$NS_C"
kab=$(rand_key 20)
kba=$(rand_key 20)
SPI_BA=0x520
ours_setup "$NS_A" "$IP_A" "$IP_B" 0x510 $SPI_BA "$kab" "$kba" 64

# nsn NS: a short name for messages
nsn() { if [ "$1" = - ]; then echo init; else echo "${1%%-*}"; fi; }

# pstat NS: the file, as "Name value" lines
pstat() { in_ns "$1" awk '{ print $1, $2 }' "$F"; }

# check_format NS: exists, world-readable, NCOUNTERS lines "Name<tab>N"
check_format() {
	local ns=$1 n bad mode
	in_ns "$ns" test -r "$F" || ksft_fail "no $F in netns $(nsn "$ns")"
	mode=$(in_ns "$ns" stat -Lc %a "$F")
	check_eq "mode of $F (netns $(nsn "$ns"))" "$mode" 444
	n=$(in_ns "$ns" cat "$F" | wc -l)
	check_eq "lines of $F (netns $(nsn "$ns"))" "$n" "$NCOUNTERS"
	bad=$(in_ns "$ns" cat "$F" | grep -Pv '^[A-Za-z]+ *\t[0-9]+$')
	[ -z "$bad" ] || ksft_fail "$F: lines not 'Name<tab>value': $bad"
}

# same_as_ipsecctl NS: the file equals `ipsecctl stats`, line for line,
# read between two identical `ipsecctl stats` (nothing moved meanwhile)
same_as_ipsecctl() {
	local ns=$1 a b p
	for _ in 1 2 3 4 5; do
		a=$(ctl "$ns" stats)
		p=$(pstat "$ns")
		b=$(ctl "$ns" stats)
		[ "$a" = "$b" ] && break
		sleep 0.5
	done
	[ "$a" = "$b" ] || ksft_fail "counters of $(nsn "$ns") do not settle"
	if [ "$p" != "$a" ]; then
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$p") | sed 's/^/    /'
		ksft_fail "$F of netns $(nsn "$ns") differs from ipsecctl stats (< ipsecctl, > $F)"
	fi
	log "ok: $F of netns $(nsn "$ns") = ipsecctl stats ($(wc -l <<<"$p") counters)"
}

# all_zero NS: every counter of the file is 0
all_zero() {
	local nz
	nz=$(pstat "$1" | awk '$2 != 0')
	[ -z "$nz" ] || ksft_fail "netns $(nsn "$1"): counters moved that belong to another namespace: $nz"
	log "ok: $F of netns $(nsn "$1"): all zero"
}

# pval NS NAME: one counter of the file
pval() { pstat "$1" | awk -v n="$2" '$1 == n { print $2 }'; }

log "=== the file in every namespace"
for ns in - "$NS_A" "$NS_B" "$NS_W" "$NS_C"; do
	check_format "$ns"
done
same_as_ipsecctl -
for ns in "$NS_A" "$NS_B" "$NS_W" "$NS_C"; do
	all_zero "$ns"
	same_as_ipsecctl "$ns"
done
# unprivileged readers see it too, as /proc/net/xfrm_stat
if command -v setpriv >/dev/null; then
	in_ns "$NS_A" setpriv --reuid=65534 --regid=65534 --clear-groups \
		cat "$F" >/dev/null || ksft_fail "$F not readable by an unprivileged user"
	log "ok: readable by an unprivileged user"
fi

log "=== traffic: A -> B (B cannot decrypt), 5 crafted ESP packets B -> A"
# not via in_ns: $! must be socat itself (ip netns exec execs it), and it
# must not hold the test's output open
ip netns exec "$NS_A" socat -u UDP-RECV:9999 /dev/null >/dev/null 2>&1 </dev/null &
add_cleanup "kill $! 2>/dev/null; wait $! 2>/dev/null"
ping_fails "$NS_A" "$IP_B" 3
ok_run "$NS_B" "$PY" "$PYDIR/esp_craft.py" --src "$IP_B" --dst "$IP_A" \
	--spi $SPI_BA --key "$kba" --seq 1 --count 5
wait_counter "$NS_A" InPackets 5
check_counter "$NS_A" OutPackets ">=3"
check_counter "$NS_A" InStateProtoError 0
same_as_ipsecctl "$NS_A"

log "=== one authentic packet with bad padding B -> A"
ok_run "$NS_B" "$PY" "$PYDIR/esp_craft.py" --src "$IP_B" --dst "$IP_A" \
	--spi $SPI_BA --key "$kba" --seq 6 --bad-pad
wait_counter "$NS_A" InStateProtoError 1
check_counter "$NS_A" InHdrError 0
check_counter "$NS_A" InPackets 5
check_sa_field "$NS_A" $SPI_BA integrity_failed 0
check_sa_field "$NS_A" $SPI_BA in_packets 5
stats_dump "$NS_A"
same_as_ipsecctl "$NS_A"
check_eq "InStateProtoError in A's $F" "$(pval "$NS_A" InStateProtoError)" 1
check_eq "InPackets in A's $F" "$(pval "$NS_A" InPackets)" 5

log "=== the other namespaces saw none of it"
for ns in "$NS_B" "$NS_W" "$NS_C"; do
	all_zero "$ns"
	same_as_ipsecctl "$ns"
done
same_as_ipsecctl -

ksft_pass "$F: per namespace, xfrm_stat's format, equal to ipsecctl stats (bad padding: InStateProtoError)"
