#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/profile.sh: where the time goes. One TCP flow A -> B over no
# IPsec, XFRM and ipsecdp in turn (bench/lib.sh's topologies), each run
# sampled with `perf record -a` on the software CPU clock of both vCPUs
# (TCG emulates no hardware counters; a fixed period of 1 ms: under TCG
# frequency mode, -F, puts nearly every sample into the idle loop), while
# kprobes count the AEAD requests, those that went through cryptd (i.e.
# completed asynchronously on a worker thread instead of in the caller)
# and the skb head reallocations. Prints per stack: throughput, ESP
# packets, those counts, the share of each cost category and the
# heaviest symbols. Run as root in the test VM:
#
#	make vm CMD='bash bench/profile.sh'
#
# Environment:
#   PROF_ALG   gcm128 | chacha (default gcm128)
#   PROF_MODE  transport | tunnel (default transport)
#   PROF_FAM   ipv4 | ipv6 (default ipv4)
#   PROF_SECS  seconds of traffic per stack (default 8)
#   PROF_TOP   symbols listed per stack (default 25)
#   PROF_UDP   1: iperf3 -u -l 64 -b 0 instead of TCP
#   PROF_CALLERS  a kernel symbol: also record call chains (-g) and show
#              the paths that lead to it, e.g.
#              PROF_CALLERS=native_queued_spin_lock_slowpath

. "$(dirname "$0")/lib.sh"

PROF_ALG=${PROF_ALG:-gcm128}
PROF_MODE=${PROF_MODE:-transport}
PROF_FAM=${PROF_FAM:-ipv4}
PROF_SECS=${PROF_SECS:-8}
PROF_TOP=${PROF_TOP:-25}
PROF_UDP=${PROF_UDP:-0}
PROF_CALLERS=${PROF_CALLERS:-}
TRACEFS=/sys/kernel/tracing
KPG=ipsecdp_prof

need_cmd perf
bench_need
[ -d "$TRACEFS/events" ] || mount -t tracefs nodev "$TRACEFS" ||
	ksft_fail "no tracefs"
echo 0 >/proc/sys/kernel/kptr_restrict
echo -1 >/proc/sys/kernel/perf_event_paranoid

# kprobes: every request to a SIMD-wrapped AEAD (AES-GCM with AES-NI) and
# those of them that went to cryptd, finished later by a kworker because
# the SIMD unit could not be used in the caller's context; and the skb
# head reallocations (pskb_expand_head: headroom or tailroom too small, or
# a shared head) and skb_cow_data calls, the per-packet allocations a
# stack may make beyond the packet itself
probes=()
for f in simd_aead_encrypt simd_aead_decrypt cryptd_aead_encrypt_enqueue \
	cryptd_aead_decrypt_enqueue pskb_expand_head skb_cow_data; do
	if echo "p:$KPG/$f $f" >>"$TRACEFS/kprobe_events" 2>/dev/null; then
		probes+=("$KPG:$f")
	else
		say "profile: no kprobe on $f (not in this kernel?)"
	fi
done
add_cleanup "sed 's/^p:/-:/; s/ .*//' $TRACEFS/kprobe_events | grep ':$KPG/' >>$TRACEFS/kprobe_events"

# categories of the kernel's and the module's symbols, in match order
categorize() {
	awk -v top="$PROF_TOP" '
	function cat(s) {
		if (s ~ /^(default_idle|native_safe_halt|acpi_idle|cpu_idle|do_idle|intel_idle|mwait_idle|arch_cpu_idle|poll_idle|pv_native_safe_halt)/) return "idle"
		if (s ~ /^(ipsecdp_)/) return "ipsecdp"
		if (s ~ /^(xfrm|esp_|esp4|esp6|__xfrm)/) return "xfrm"
		if (s ~ /(aes|gcm|ghash|gf128|chacha|poly1305|clmul|crypto_|cryptd|scatterwalk|simd_|_by_8|_crypt_by|_initial_blocks|_initial_num_blocks|_zero_cipher|^_T_[0-9])/) return "crypto"
		if (s ~ /(fpu|xsave|xrstor|fxsave|fxrstor|fpregs)/) return "fpu"
		if (s ~ /(memcpy|memmove|copy_user|copy_to|copy_from|_copy_|rep_movs|csum_partial_copy|skb_copy)/) return "copy"
		if (s ~ /(csum)/) return "csum"
		if (s ~ /^(tcp_|__tcp|inet_csk|sk_|__sk_)/) return "tcp/socket"
		if (s ~ /^(nf_|nft_|ipt_|__nf|nf_hook)/) return "netfilter"
		if (s ~ /(skb|kmem_cache|kmalloc|kfree|__alloc|page_frag|slab|free_)/) return "skb/alloc"
		if (s ~ /(veth|netif|net_rx|napi|__dev_|dev_|ip_|ip6_|ipv6_|__ip|udp|icmp|neigh|dst_|fib)/) return "net"
		if (s ~ /(spin_lock|spin_unlock|_raw_|queued_|rcu|lock)/) return "locks/rcu"
		if (s ~ /(schedule|switch_to|finish_task|pick_next|enqueue|dequeue|ttwu|try_to_wake|update_|sched)/) return "sched"
		return "other"
	}
	/^[ \t]*[0-9.]+%/ {
		p = $1; sub(/%/, "", p)
		s = $NF
		c = cat(s)
		tot[c] += p
		if (n < top) { line[n++] = sprintf("#   %6.2f%%  %-12s %s", p, c, s) }
	}
	END {
		busy = 0
		for (c in tot) if (c != "idle") busy += tot[c]
		printf "# idle loop: %.1f%% of the samples; the rest (busy), by category:\n#  ", tot["idle"]
		for (c in tot) if (c != "idle" && busy > 0) printf " %s %.1f%%", c, 100 * tot[c] / busy
		printf "\n# heaviest symbols (share of all samples):\n"
		for (i = 0; i < n; i++) print line[i]
	}'
}

# profile_one S: a run of S under perf; prints its figures
profile_one() {
	local s=$1 dst e0 e1 name out val extra stat kind=tcp unit=Mbit/s
	local -a iperf stat_cmd=()
	name=$(stack_name "$s")
	dst=$(bench_dst "$PROF_MODE" "$PROF_FAM")
	iperf=(nsenter "--net=/run/netns/$(nsa "$s")" iperf3 -c "$dst" -t "$PROF_SECS" -J)
	if [ "$PROF_UDP" = 1 ]; then
		iperf+=(-u -l 64 -b 0)
		kind=udp unit=packets/s
	fi
	stat=$T/stat-$s.csv
	: >"$stat"
	[ ${#probes[@]} -gt 0 ] &&
		stat_cmd=(perf stat -a -x "," -o "$stat" -e "$(IFS=,; echo "${probes[*]}")" --)
	e0=$(esp_pkts "$s")
	# iperf3 is perf's own workload: under TCG a `perf record -a -- sleep`
	# beside an iperf3 already running samples nothing but the idle loop
	"${stat_cmd[@]}" perf record -q -a -c 1000000 -e cpu-clock -N \
		${PROF_CALLERS:+-g} \
		-o "$T/perf-$s.data" -- "${iperf[@]}" >"$T/iperf.json" 2>"$T/perf.err"
	e1=$(esp_pkts "$s")
	out=$(iperf_parse "$kind" "$T/iperf.json")
	val=${out%% *} extra=${out#* }
	log "=== $name: $val $unit ($extra)"
	log "ESP packets (A's SAs, in + out): $((e1 - e0))"
	if [ -s "$stat" ]; then
		awk -F, '$3 ~ /:/ { sub(/.*:/, "", $3); printf "# %s: %s\n", $3, $1 }' "$stat"
	fi
	perf report -q -i "$T/perf-$s.data" --stdio --no-children --sort sym \
		-F overhead,sym --percent-limit 0.01 2>/dev/null | sort -rn | categorize
	per_cpu "$T/perf-$s.data"
	[ -n "$PROF_CALLERS" ] || return 0
	log "call chains into $PROF_CALLERS (share of all samples):"
	perf report -q -i "$T/perf-$s.data" --stdio --no-children \
		-S "$PROF_CALLERS" -g caller,0.5,callee,function,percent \
		2>/dev/null | grep -v '^$' | head -60 | sed 's/^/#   /'
}

# per_cpu DATA: each vCPU's share of the samples, what of it was not the
# idle loop, and the commands it ran for (softirq work is charged to
# whichever task it interrupted, "swapper" when idle): which work landed
# on which vCPU
per_cpu() {
	log "per vCPU (share of all samples; not idle; heaviest commands):"
	perf report -q -i "$1" --stdio --no-children --sort cpu,comm,sym \
		-F overhead,cpu,comm,sym 2>/dev/null | awk '
	/^[ \t]*[0-9.]+%/ {
		p = $1; sub(/%/, "", p); cpu = $2; comm = $3; sym = $NF
		tot[cpu] += p
		if (sym ~ /^(pv_native_safe_halt|default_idle|native_safe_halt|acpi_idle|intel_idle|poll_idle)/)
			next
		busy[cpu] += p
		by[cpu "\t" comm] += p
	}
	END {
		for (k in by) {
			if (by[k] < 1)
				continue
			split(k, f, "\t")
			line[f[1]] = line[f[1]] sprintf(" %s %.1f%%", f[2], by[k])
		}
		for (c in tot)
			printf "#   cpu %s: %.1f%% of samples, busy %.1f%%:%s\n", c, tot[c], busy[c], line[c]
	}'
}

bench_topo p
bench_topo x
bench_topo d
bench_setup x "$PROF_ALG" "$PROF_MODE" "$PROF_FAM" || ksft_fail "XFRM set-up failed"
bench_setup d "$PROF_ALG" "$PROF_MODE" "$PROF_FAM" || ksft_fail "ipsecdp set-up failed"
log "profile: $(alg_label "$PROF_ALG") $PROF_MODE $(fam_label "$PROF_FAM"), $PROF_SECS s per stack, $(nproc) vCPUs, $(uname -r)"
for s in p x d; do
	profile_one "$s"
done
bench_flush_all
exit 0
