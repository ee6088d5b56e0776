#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# ipsecctl save, flush, ipsecctl -f: the same SAs and policies come back,
# field by field (sa list -j -k with the keys, policy list -j), for every
# kind of SA (AEAD with 128- and 96-bit ICVs, enc + auth, enc alone, null
# cipher, ESP in UDP (encap), AH with and without align4, ESN in the middle of its 64-bit
# sequence space, every lifetime limit, replay windows, sequence numbers
# in and out, IPv4 and IPv6, transport and tunnel) and of policy (in, out,
# fwd, priorities, equal priorities in their order, block, bypass, ports
# of every protocol that has them, ICMP type and code, templates with and
# without addresses and SPI, level use, two-template bundles, flag
# cpu-acquire). Only the
# live counters (stats, current lifetime, time added) and the policies'
# kernel-assigned index may differ. Then once more from the restored
# configuration: save's output is the same file.
# timeout: 240
. "$(dirname "$0")/../lib/ipsec.sh"

need_ipsecctl
ns_create "$NS_A"
A=$NS_A

K20=$(rand_key 20)
K16=$(rand_key 16)
K32=$(rand_key 32)
K64=$(rand_key 64)
L4=10.0.0.1 R4=10.0.0.2 L6=fd00::1 R6=fd00::2

log "=== SAs, one of each kind"
# AEAD, IPv4 transport, window 64, 128-bit ICV
ctl_ok "$A" sa add src $L4 dst $R4 proto esp spi 0x601 mode transport \
	aead "$GCM" "$K20" 128 replay-window 64
# AEAD, 96-bit ICV, IPv6 tunnel, no window
ctl_ok "$A" sa add src $L6 dst $R6 proto esp spi 0x602 mode tunnel \
	aead "$GCM" "$(rand_key 20)" 96
# ESN in the middle of its sequence space (ip xfrm's words)
ctl_ok "$A" sa add src $R4 dst $L4 proto esp spi 0x603 mode transport \
	aead "$GCM" "$(rand_key 20)" 128 replay-window 128 flag esn \
	replay-seq-hi 2 replay-seq 7 replay-oseq-hi 1 replay-oseq 5
# enc + auth-trunc, IPv6 tunnel, every lifetime limit
ctl_ok "$A" sa add src $R6 dst $L6 proto esp spi 0x604 mode tunnel \
	enc 'cbc(aes)' "$K16" auth-trunc 'hmac(sha256)' "$K32" 128 \
	replay-window 32 limit time-soft 3000 time-hard 3600 \
	byte-soft 1000000 byte-hard 2000000 packet-soft 1000 packet-hard 2000
# enc + auth with ip xfrm's default truncation; 32-bit sequence numbers
ctl_ok "$A" sa add src $L4 dst 10.0.0.3 proto esp spi 0x605 \
	enc 'cbc(aes)' "$(rand_key 32)" auth 'hmac(sha1)' "$K20" \
	replay-window 4096 replay-seq 100 replay-oseq 200
# encryption alone, and the null cipher with integrity
ctl_ok "$A" sa add src $L4 dst 10.0.0.4 proto esp spi 0x606 \
	enc 'cbc(aes)' "$(rand_key 24)"
ctl_ok "$A" sa add src $L4 dst 10.0.0.5 proto esp spi 0x607 mode tunnel \
	enc 'ecb(cipher_null)' "" auth-trunc 'hmac(sha512)' "$K64" 256 \
	replay-window 16
# ESP in UDP (RFC 3948): IPv4 transport, IPv6 tunnel with NAT-mapped
# ports and an original address
ctl_ok "$A" sa add src $R4 dst $L4 proto esp spi 0x60a mode transport \
	aead "$GCM" "$(rand_key 20)" 128 replay-window 64 \
	encap espinudp 4500 4500 0.0.0.0
ctl_ok "$A" sa add src $L6 dst $R6 proto esp spi 0x60b mode tunnel \
	aead "$GCM" "$(rand_key 20)" 128 encap espinudp 4500 61000 fd00::99
# AH: IPv4 with align4, IPv6 tunnel with the default truncation
ctl_ok "$A" sa add src $L4 dst $R4 proto ah spi 0x608 mode transport \
	auth-trunc 'hmac(sha256)' "$K32" 128 flag align4 replay-window 64 \
	limit time-hard 7200
ctl_ok "$A" sa add src $L6 dst $R6 proto ah spi 0x609 mode tunnel \
	auth 'hmac(sha384)' "$(rand_key 48)" replay-window 8 flag esn \
	replay-oseq-hi 0xffffffff replay-oseq 0xfffffff0

log "=== policies"
P=(policy add)
ctl_ok "$A" "${P[@]}" src $L4/32 dst $R4/32 dir out priority 10 \
	tmpl proto esp mode transport spi 0x601
ctl_ok "$A" "${P[@]}" src $R4/32 dst $L4/32 dir in priority 10 \
	tmpl proto esp mode transport level use
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp \
	sport 1000-2000 dport 443 dir out priority 20 action block
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto udp dport 53 \
	dir out priority 20
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto sctp sport 9 \
	dir out priority 20
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto dccp \
	dport 5000-5999 dir in
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto udplite \
	sport 7 dir in
ctl_ok "$A" "${P[@]}" src 10.1.0.0/16 dst 10.2.0.0/16 proto icmp type 8 \
	code 0 dir out priority 5 action block
ctl_ok "$A" "${P[@]}" src 10.3.0.0/16 dst 0.0.0.0/0 proto gre dir out \
	priority 30
# equal priority and overlapping: the older one matches first
ctl_ok "$A" "${P[@]}" src 10.4.0.0/16 dst 10.5.0.0/16 dir out priority 40 \
	tmpl src $L4 dst 10.0.0.5 proto esp mode tunnel
ctl_ok "$A" "${P[@]}" src 10.4.0.0/24 dst 10.5.0.0/16 dir out priority 40 \
	action block
ctl_ok "$A" "${P[@]}" src 10.4.0.0/16 dst 10.5.0.0/24 dir out priority 40
# a bundle: AH over ESP tunnel
ctl_ok "$A" "${P[@]}" src 10.6.0.0/16 dst 10.7.0.0/16 dir out \
	tmpl proto ah mode transport \
	tmpl src $L4 dst 10.0.0.5 proto esp mode tunnel level use
# IPv6: fwd through a tunnel, ICMPv6 type, a bypass
ctl_ok "$A" "${P[@]}" src fd01::/64 dst fd02::/64 dir fwd priority 3 \
	tmpl src $R6 dst $L6 proto esp mode tunnel spi 0x604
ctl_ok "$A" "${P[@]}" src fd01::/64 dst fd02::/64 proto ipv6-icmp \
	type 135 dir in priority 1
ctl_ok "$A" "${P[@]}" src ::/0 dst fd03::/48 proto tcp dport 22 dir in
# per-CPU acquires (RFC 9611): a policy flag
ctl_ok "$A" "${P[@]}" src 10.8.0.0/16 dst 10.9.0.0/16 dir out priority 50 \
	flag cpu-acquire tmpl proto esp mode tunnel src $L4 dst 10.0.0.9

ns=$(ctl "$A" -j sa list | "$PY" "$PYDIR/sajson.py" --count)
np=$(ctl "$A" -j policy list | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))')
check_eq "SAs added" "$ns" 11
check_eq "policies added" "$np" 17

# snap FILE: the SAs (keys shown) and policies, as JSON
snap() {
	printf '{"sa": %s, "policy": %s}\n' "$(ctl "$A" -j -k sa list)" \
		"$(ctl "$A" -j policy list)" >"$1" || ksft_fail "list failed"
}
snap "$T/before.json"
ctl "$A" save >"$T/saved" || ksft_fail "ipsecctl save failed"
log "ipsecctl save (keys elided):"
sed 's/0x[0-9a-f]\{16,\}/0x.../g; s/^/    /' "$T/saved"
check_eq "saved sa lines" "$(grep -c '^sa add ' "$T/saved")" 11
check_eq "saved encap words" "$(grep -c -e ' encap espinudp 4500 4500 0.0.0.0' \
	-e ' encap espinudp 4500 61000 fd00::99 ' -e ' encap espinudp 4500 61000 fd00::99$' "$T/saved")" 2
check_eq "saved policy lines" "$(grep -c '^policy add ' "$T/saved")" 17
check_eq "saved flag words" "$(grep -c -e ' flag esn' -e ' flag align4' -e ' flag cpu-acquire' "$T/saved")" 4

log "=== flush, then ipsecctl -f"
ctl_ok "$A" sa flush
ctl_ok "$A" policy flush
check_eq "SAs after the flush" "$(ctl "$A" sa count)" "SAs: 0"
check_eq "policies after the flush" "$(ctl "$A" policy count)" "Policies: 0"
ctl_ok "$A" -f "$T/saved"
snap "$T/after.json"

# what must be equal: everything but the live counters and the index
"$PY" - "$T/before.json" "$T/after.json" <<'EOF' || ksft_fail "the restored configuration differs"
import json
import sys

LIVE_SA = ("stats", "current")
LIVE_POL = ("stats", "index")


def load(path):
    d = json.load(open(path))
    sas = sorted(({k: v for k, v in s.items() if k not in LIVE_SA}
                  for s in d["sa"]),
                 key=lambda s: (s["dst"], s["proto"], s["spi"]))
    pols = [{k: v for k, v in p.items() if k not in LIVE_POL}
            for p in d["policy"]]
    return sas, pols


def diff(what, a, b, path=""):
    bad = 0
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                print("  %s%s/%s: only %s" % (what, path, k,
                                              "before" if k in a else "after"))
                bad += 1
            else:
                bad += diff(what, a[k], b[k], "%s/%s" % (path, k))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            bad += diff(what, x, y, "%s[%d]" % (path, i))
    elif a != b:
        print("  %s%s: %r before, %r after" % (what, path, a, b))
        bad += 1
    return bad


sa0, pol0 = load(sys.argv[1])
sa1, pol1 = load(sys.argv[2])
bad = diff("sa", sa0, sa1) + diff("policy", pol0, pol1)
nkeys = sum(1 for s in sa0 for a in ("aead", "enc", "auth")
            if a in s and "key" in s[a])
fields = sum(len(s) for s in sa0) + sum(len(p) for p in pol0)
if len(sa0) != 11 or len(pol0) != 17 or nkeys < 13:
    print("  before: %d SAs, %d policies, %d keys shown: want 11, 17, 13+"
          % (len(sa0), len(pol0), nkeys))
    bad += 1
if bad:
    print("FAIL: %d differences" % bad)
    sys.exit(1)
print("ok: %d SAs (%d keys) and %d policies, %d top-level fields, all equal"
      % (len(sa0), nkeys, len(pol0), fields))
EOF

# the ESN SA kept both 64-bit sequence numbers
"$PY" "$PYDIR/jassert.py" <"$T/after.json" \
	'[s["seq_in"] for s in d["sa"] if s["spi"] == 0x603] == [0x200000007]' \
	'[s["seq_out"] for s in d["sa"] if s["spi"] == 0x603] == [0x100000005]' \
	'[s["seq_out"] for s in d["sa"] if s["spi"] == 0x609] == [0xfffffffffffffff0]' \
	'[s["auth"]["trunc_bits"] for s in d["sa"] if s["spi"] == 0x605] == [96]' \
	'[s["auth"]["trunc_bits"] for s in d["sa"] if s["spi"] == 0x609] == [192]' ||
	ksft_fail "sequence numbers or truncations not restored"

log "=== save again: the same file"
ctl "$A" save >"$T/saved2" || ksft_fail "second ipsecctl save failed"
if ! cmp -s "$T/saved" "$T/saved2"; then
	diff "$T/saved" "$T/saved2" | sed 's/0x[0-9a-f]\{16,\}/0x.../g; s/^/    /'
	ksft_fail "save after the restore differs from the first save"
fi
ksft_pass "save, flush, -f: 9 SAs and 16 policies restored field by field"
