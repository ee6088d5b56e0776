#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/profile-tcrypt.sh: the AES-GCM routines' speed in tcrypt's own
# loop, measured the way bench/profile.sh measures them inside a flow:
# bytes processed over the samples (1 ms of the software CPU clock each)
# that fell into the routine. Compare its "Mbit/s per vCPU-second" with
# the datapath's (make profile: the routine's share of the samples against
# the flow's throughput) to tell whether the AEAD costs more per byte in
# the datapath than alone. Run as root in the test VM (~3 minutes):
#
#	make vm CMD='bash bench/profile-tcrypt.sh'

. "$(dirname "$0")/lib.sh"

need_cmd perf
modinfo tcrypt >/dev/null 2>&1 || ksft_skip "no tcrypt module"
bench_need
echo 0 >/proc/sys/kernel/kptr_restrict
echo -1 >/proc/sys/kernel/perf_event_paranoid

dmesg -C
# mode 211: rfc4106(gcm(aes)) and gcm(aes), encryption and decryption,
# three key sizes, 16 to 8,192-byte buffers, 1 s each; tcrypt then
# refuses to stay loaded (-EAGAIN) by design
perf record -q -a -c 1000000 -e cpu-clock -N -o "$T/p.data" -- \
	modprobe tcrypt mode=211 sec=1 2>/dev/null
dmesg >"$T/tcrypt.log"
perf report -q -i "$T/p.data" --stdio --no-children --sort sym \
	-F sample,sym 2>/dev/null >"$T/syms"

"$PY" - "$BENCH_DIR" "$T/tcrypt.log" "$T/syms" <<'EOF'
import sys

sys.path.insert(0, sys.argv[1])
from report import TC_HEAD, TC_RES  # noqa: E402 (bench/report.py's parser)

nbytes = {"encryption": 0, "decryption": 0}
cur = None
for line in open(sys.argv[2]):
    m = TC_HEAD.search(line)
    if m:
        cur = m.group(3)
        continue
    m = TC_RES.search(line)
    if m and cur:
        nbytes[cur] += int(m.group(5))
samples = {}
for line in open(sys.argv[3]):
    f = line.split()
    if len(f) >= 3 and f[0].isdigit():
        samples[f[-1]] = int(f[0])
# 6.12: aes_gcm_enc_update_aesni_avx...; 6.1: aesni_gcm_enc_update_avx_gen2...
for sym, d in (("gcm_enc_update", "encryption"),
               ("gcm_dec_update", "decryption")):
    hits = {s: n for s, n in samples.items() if sym in s}
    ms = sum(hits.values())
    if not ms or not nbytes[d]:
        print(f"profile-tcrypt: no samples or bytes for {sym} ({d})")
        continue
    print(f"profile-tcrypt: {'+'.join(sorted(hits))}: {ms} samples (ms) "
          f"for {nbytes[d]} bytes of {d}: "
          f"{nbytes[d] * 8 / (ms / 1000) / 1e6:.0f} Mbit/s per vCPU-second")
EOF
