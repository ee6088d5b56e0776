#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh [KVER]: `make bench` without the build. Boots one VM (KVER,
# default the newest kernel) running bench/bench.sh, shows its progress,
# then on the host turns the VM's console log into
#
#   bench/results.json  machine, kernel, vCPUs, date, command, settings,
#                       every raw run, medians and ratios
#   bench/results.md    the tables
#   bench/results.png   the bar chart (gnuplot, bench/chart.gp)
#
# (BENCH_OUT=DIR writes them elsewhere). The console log stays in
# build/bench/. Environment: BENCH_* (see bench/lib.sh, tput.sh,
# spd-scale.sh, crypto.sh; all are passed into the VM), VM_TIMEOUT
# (default 3600 s), VM_MEM (default 3072 MiB), VM_SMP or BENCH_CPUS
# (vCPUs, default 2).
# Exit status: the VM's (non-zero if a phase failed or the kernel log
# shows a warning), or 1 if no measurement came back.
#
# bench/run.sh --report [LOG]: only remake the results from a console log
# (default build/bench/console.log, the last run), e.g. after changing
# report.py or chart.gp.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${BENCH_OUT:-$repo/bench}
logdir=$repo/build/bench
mkdir -p "$logdir"

# report LOG RC: results.json/.md from LOG (command and wall time from
# LOG.meta), the chart, the tables on stdout; exits
report() {
	local log=$1 rc=$2 cmd wall sub
	cmd=$(sed -n 's/^command=//p' "$log.meta" 2>/dev/null)
	wall=$(sed -n 's/^wall=//p' "$log.meta" 2>/dev/null)
	if ! grep -aq 'BENCH-JSON ' "$log" 2>/dev/null; then
		echo "bench: no measurement came back (console log $log)"
		exit 1
	fi
	/usr/bin/python3 "$here/report.py" summarize --log "$log" --out "$out" \
		--command "${cmd:-?}" --chart-dir "$logdir/chart" --wall "${wall:-?}" || rc=1
	sub=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
m, s = d["machine"], d["settings"]
print("%s, %s vCPUs (QEMU TCG), median of %s x %s s, %s" % (m.get("kernel"), m.get("vcpus"),
      s.get("BENCH_RUNS"), s.get("BENCH_SECS"), d["date"][:10]))' "$out/results.json")
	if command -v gnuplot >/dev/null; then
		gnuplot -e "dir='$logdir/chart'; out='$out/results.png'; sub='$sub'" "$here/chart.gp" ||
			{ echo "bench: gnuplot failed"; rc=1; }
	else
		echo "bench: no gnuplot: no chart (apt-get install gnuplot-nox)"
	fi
	echo
	cat "$out/results.md"
	echo
	echo "bench: $out/results.{json,md,png}, console log $log (${wall:-?})"
	exit "$rc"
}

if [ "${1:-}" = --report ]; then
	report "$(readlink -f "${2:-$logdir/console.log}")" 0
fi

kver=${1:-${KVER:-$("$repo/scripts/kvers.sh" | tail -1)}}
log=$logdir/console-$(date +%Y%m%d-%H%M%S).log
ln -sfn "$(basename "$log")" "$logdir/console.log"

export VM_QUIET=1 VM_LOG=$log
export VM_TIMEOUT=${VM_TIMEOUT:-3600} VM_MEM=${VM_MEM:-3072}
# BENCH_CPUS=4 shows scaling past CI's 2 vCPUs; on a 2-core host the TCG
# threads share those 2 cores, so it shows the design, not the speed
export VM_SMP=${BENCH_CPUS:-${VM_SMP:-2}}
VM_ENV="$(compgen -e | grep '^BENCH_' | grep -v '^BENCH_OUT$' | tr '\n' ' ')"
export VM_ENV
cmd="make bench KVER=$kver"
for v in $VM_ENV; do cmd="$cmd $v='${!v}'"; done

t0=$SECONDS
"$repo/selftests/vm/run-vm.sh" "$kver" 'bash bench/bench.sh' &
vm=$!
# progress: the VM's "bench: " lines, as they come (tail ends with run-vm)
tail -n +1 -F --pid=$vm "$log" 2>/dev/null | sed -un 's/\r$//; s/^bench: /  /p'
wait $vm
rc=$?
# the VM's own time (boot to power-off), and ours (build not included)
vm_s=$(sed -n 's/^wall_s=//p' "${log%.log}.status" 2>/dev/null)
{
	echo "command=$cmd"
	echo "wall=VM ${vm_s:-?} s, bench/run.sh $((SECONDS - t0)) s (with any wait for a VM slot)"
} >"$log.meta"
report "$log" "$rc"
