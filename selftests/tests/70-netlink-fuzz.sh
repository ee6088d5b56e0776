#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# debug: gate
# Generic netlink fuzzing of the "ipsecdp" family (selftests/fuzz/nlfuzz.c):
#  a) as root in a fresh netns: >= 20000 random, grammar-built and mutated
#     messages (every command number, random flags incl. dumps, malformed
#     attributes of every kind) interleaved with well-formed add/get/del
#     sequences that must give exactly the expected results, bulk inserts
#     whose full dumps must list every entry once, and dumps abandoned
#     mid-way by closing the socket, with a listener on the "events"
#     multicast group (notifications must arrive and be well-formed);
#  b) as nobody in the same netns and
#  c) as "root" of a user namespace that does not own the netns:
#     every request must be refused (EPERM, or EOPNOTSUPP for commands the
#     family lacks), nothing answered with data, joining the "events"
#     multicast group must fail with EPERM, and the SAs/policies
#     installed beforehand must be exactly the same afterwards;
#  d) as nobody inside its own user+net namespace (where it does have
#     CAP_NET_ADMIN): the full privileged fuzz, then the netns dies with
#     whatever the fuzzer left installed;
#  e) afterwards the module still works (SA + policy add, list, flush) and
#     the kernel log shows no warning and no flood of ipsecdp messages.
# NLFUZZ_SEED (default fixed, printed) and NLFUZZ_COUNT (20000) are passed
# to the fuzzer; the runner fails the test on any BUG/WARNING on the console.
# timeout: 600
. "$(dirname "$0")/../lib/ipsec.sh"

need_cmd setpriv unshare
need_ipsecctl

COUNT=${NLFUZZ_COUNT:-20000}
SEED=${NLFUZZ_SEED:-0x1b5ecd9}
export NLFUZZ_COUNT=$COUNT NLFUZZ_SEED=$SEED
NS=ipfz-$SFX
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

FZ=$T/nlfuzz
SRC=$REPO/selftests/fuzz/nlfuzz.c
PRE=$REPO/build/fuzz/nlfuzz	# make ctests (make check) builds it on the host
if [ -x "$PRE" ] && [ ! "$SRC" -nt "$PRE" ]; then
	log "--- the fuzzer: $PRE"
	cp "$PRE" "$FZ"
else
	log "--- build the fuzzer"
	cc -O2 -Wall -I"$REPO/include/uapi" -o "$FZ" "$SRC" ||
		ksft_fail "cannot compile $SRC"
fi
chmod 755 "$T" "$FZ"	# nobody must be able to run it

ns_create "$NS"
dmesg_mark

# fuzz WHAT CMD...: run the fuzzer (CMD includes it), show its summary
fuzz() {
	local what=$1 rc t0
	shift
	log "--- $what"
	log "+ $(printf '%q ' "$@")"
	t0=$SECONDS
	"$@" >"$T/fuzz.out" 2>&1
	rc=$?
	sed 's/^/    /' "$T/fuzz.out"
	log "($((SECONDS - t0)) s, exit $rc)"
	[ $rc = 0 ] || ksft_fail "$what: nlfuzz failed (exit $rc, seed $SEED)"
	grep -q '^# sent' "$T/fuzz.out" || ksft_fail "$what: no summary from nlfuzz"
}

# snapshot NAME: SAs and policies of $NS as root, into $T/NAME.{sa,pol}
snapshot() {
	ctl "$NS" sa list >"$T/$1.sa" 2>&1 || ksft_fail "ipsecctl sa list failed: $(cat "$T/$1.sa")"
	ctl "$NS" policy list >"$T/$1.pol" 2>&1 || ksft_fail "ipsecctl policy list failed: $(cat "$T/$1.pol")"
}

# unchanged SINCE: the SAD and SPD of $NS are exactly as in snapshot SINCE
unchanged() {
	snapshot after
	if ! cmp -s "$T/$1.sa" "$T/after.sa" || ! cmp -s "$T/$1.pol" "$T/after.pol"; then
		diff -u "$T/$1.sa" "$T/after.sa" | head -20 | sed 's/^/    /'
		diff -u "$T/$1.pol" "$T/after.pol" | head -20 | sed 's/^/    /'
		ksft_fail "$2 changed the SAs/policies"
	fi
	log "ok: SAs and policies unchanged by $2 ($(grep -c '^src' "$T/after.sa") SAs, $(grep -c '^src' "$T/after.pol") policies)"
}

fuzz "a) $COUNT messages as root (netns ${NS%%-*})" \
	ip netns exec "$NS" "$FZ" -n "$COUNT"

nsa=$(ctl "$NS" sa list | grep -c '^src')
npol=$(ctl "$NS" policy list | grep -c '^src')
log "left installed by the fuzzer: $nsa SAs, $npol policies"

log "--- known state for the unprivileged runs"
ctl_ok "$NS" policy flush
ctl_ok "$NS" sa flush
ctl_ok "$NS" sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 \
	aead "$GCM" "$(rand_key 20)" 128 replay-window 64
ctl_ok "$NS" sa add src 10.0.0.2 dst 10.0.0.1 proto esp spi 0x101 \
	aead "$GCM" "$(rand_key 20)" 128
ctl_ok "$NS" sa add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x7f000001 \
	aead "$GCM" "$(rand_key 20)" 128
ctl_ok "$NS" policy add src 10.0.0.1/32 dst 10.0.0.2/32 dir out \
	tmpl proto esp mode transport spi 0x100
ctl_ok "$NS" policy add src 10.0.0.2/32 dst 10.0.0.1/32 dir in \
	tmpl proto esp mode transport
snapshot before
[ "$(grep -c '^src' "$T/before.sa")" = 3 ] || ksft_fail "expected 3 SAs: $(cat "$T/before.sa")"

fuzz "b) $COUNT messages as nobody (uid 65534, no capabilities)" \
	ip netns exec "$NS" "${NOBODY[@]}" "$FZ" -u -n "$COUNT"
unchanged before "the fuzzer as nobody"

fuzz "c) $COUNT messages as root of a user namespace not owning the netns" \
	ip netns exec "$NS" unshare -U -r "$FZ" -u -n "$COUNT"
unchanged before "the fuzzer as userns root"

log "--- d) nobody in its own user + network namespace"
if ip netns exec "$NS" "${NOBODY[@]}" unshare -U -r -n true 2>/dev/null; then
	fuzz "d) $COUNT messages as nobody with CAP_NET_ADMIN over its own netns" \
		ip netns exec "$NS" "${NOBODY[@]}" unshare -U -r -n "$FZ" -n "$COUNT"
	unchanged before "the fuzzer in its own netns"
else
	log "note: unprivileged user namespaces disabled, part d) not run"
fi

log "--- e) the module still works"
for ns in "$NS" -; do
	ctl_ok "$ns" sa add src 10.9.0.1 dst 10.9.0.2 proto esp spi 0x4242 \
		aead "$GCM" "$(rand_key 20)" 128 replay-window 32
	ctl_ok "$ns" policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out \
		tmpl proto esp mode transport spi 0x4242
	ctl "$ns" sa get dst 10.9.0.2 proto esp spi 0x4242 | grep -q 'spi 0x00004242\|spi 0x4242' ||
		ksft_fail "SA 0x4242 not found by 'sa get' (netns ${ns})"
	ctl "$ns" sa list | grep -q 'spi 0x00004242\|spi 0x4242' ||
		ksft_fail "SA 0x4242 not listed (netns ${ns})"
	ctl "$ns" policy list | grep -q '10.9.0.1/32' ||
		ksft_fail "policy not listed (netns ${ns})"
	ctl "$ns" stats >/dev/null || ksft_fail "ipsecctl stats failed"
	ctl_ok "$ns" policy del src 10.9.0.1/32 dst 10.9.0.2/32 dir out
	ctl_ok "$ns" sa del dst 10.9.0.2 proto esp spi 0x4242
done
ctl_ok "$NS" policy flush
ctl_ok "$NS" sa flush
[ -z "$(ctl "$NS" sa list)" ] || ksft_fail "SAs left after flush"
[ -z "$(ctl "$NS" policy list)" ] || ksft_fail "policies left after flush"
log "ok: add, get, list, del and flush work after fuzzing"

# leave the netns with state: its deletion (after the test) must clean up
ctl_ok "$NS" sa add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 \
	aead "$GCM" "$(rand_key 20)" 128
ip netns del "$NS"
sleep 1

log "--- kernel log"
new=$(dmesg_since_mark | grep -c ipsecdp)
dmesg_since_mark | grep ipsecdp | head -10 | sed 's/^/    /'
[ "$new" -le 20 ] ||
	ksft_fail "$new kernel log lines from ipsecdp during fuzzing: user-triggerable log flooding"
check_dmesg_clean
log "$new new ipsecdp kernel log lines"

ksft_pass "fuzzed netlink as root, nobody, foreign-userns root and own-netns user: no crash, privilege enforced, state intact, module works"
