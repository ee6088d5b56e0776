# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/pcpu.sh: per-CPU SAs (RFC 9611) for tests 67 and 68, on
# top of ipsec.sh (sourced first). Three SAs A -> B: one for CPU 0
# (SPI_C0), one for CPU 1 (SPI_C1), a fallback for every CPU (SPI_ALL);
# B -> A one SA (SPI_BA). Pings pinned to a CPU show on the wire which
# SA its packets took.

KO=${IPSECDP_KO:-$REPO/build/$(uname -r)/ipsecdp.ko}

need_cmd tcpdump taskset
need_ipsecctl
[ "$(nproc)" -ge 2 ] || ksft_skip "needs 2 CPUs (has $(nproc))"

N=5
SPI_ALL=0x3000 SPI_C0=0x3100 SPI_C1=0x3101 SPI_BA=0x4000
K_ALL=$(rand_key 20) K_C0=$(rand_key 20) K_C1=$(rand_key 20) K_BA=$(rand_key 20)

# this kernel has per-CPU SAs (XFRMA_SA_PCPU) if its headers say so; the
# module was built against them too (Debian's uapi headers are in the
# -common package, "source"; a tree of one's own has them in "build")
if grep -qs XFRMA_SA_PCPU /lib/modules/"$(uname -r)"/{source,build}/include/uapi/linux/xfrm.h; then
	KERNEL_PCPU=1
else
	KERNEL_PCPU=0
fi

# ours_rx NS LOCAL REMOTE: ipsecdp in NS receives from REMOTE on all three
# SAs and answers on SPI_BA
ours_rx() {
	local ns=$1 l=$2 r=$3 spi
	for spi in "$SPI_ALL:$K_ALL" "$SPI_C0:$K_C0" "$SPI_C1:$K_C1"; do
		ctl_ok "$ns" sa add src "$r" dst "$l" proto esp spi "${spi%%:*}" \
			mode transport aead "$GCM" "${spi#*:}" 128 replay-window 64
	done
	ctl_ok "$ns" sa add src "$l" dst "$r" proto esp spi "$SPI_BA" \
		mode transport aead "$GCM" "$K_BA" 128 replay-window 64
	ctl_ok "$ns" policy add src "$l/32" dst "$r/32" dir out \
		tmpl proto esp mode transport spi "$SPI_BA"
	ctl_ok "$ns" policy add src "$r/32" dst "$l/32" dir in \
		tmpl proto esp mode transport
}

# xfrm_rx NS LOCAL REMOTE: the same with the kernel's XFRM (ip xfrm)
xfrm_rx() {
	local ns=$1 l=$2 r=$3 spi
	for spi in "$SPI_ALL:$K_ALL" "$SPI_C0:$K_C0" "$SPI_C1:$K_C1"; do
		ok_run "$ns" ip xfrm state add src "$r" dst "$l" proto esp \
			spi "${spi%%:*}" reqid 1 mode transport \
			aead "$GCM" "${spi#*:}" 128 replay-window 64
	done
	ok_run "$ns" ip xfrm state add src "$l" dst "$r" proto esp \
		spi "$SPI_BA" reqid 1 mode transport aead "$GCM" "$K_BA" 128
	ok_run "$ns" ip xfrm policy add src "$l/32" dst "$r/32" \
		dir out tmpl src "$l" dst "$r" proto esp reqid 1 mode transport
	ok_run "$ns" ip xfrm policy add src "$r/32" dst "$l/32" \
		dir in tmpl src "$r" dst "$l" proto esp reqid 1 mode transport
}

# pinned_from NS CPU SRC DST WANT_SPI BACK_SPI: N pings from NS pinned to
# CPU: on the wire, N ESP packets SRC -> DST, all with WANT_SPI, and N back
# with BACK_SPI; nothing in clear
pinned_from() {
	local ns=$1 cpu=$2 src=$3 dst=$4 want=$5 back=$6
	cap_start
	log "+ [${ns%%-*}] taskset -c $cpu ping -c $N $dst"
	in_ns "$ns" taskset -c "$cpu" ping -n -c "$N" -i 0.2 -W 3 "$dst" |
		tail -2 | sed 's/^/    /'
	cap_stop
	check_eq "CPU $cpu: ESP ${ns%%-*}->$dst with SPI $want on the wire" \
		"$(cap_count "ip proto 50 and src $src and ip[20:4] = $want")" "$N"
	check_eq "CPU $cpu: ESP from $src on the wire (any SPI)" \
		"$(cap_count "ip proto 50 and src $src")" "$N"
	check_eq "CPU $cpu: ESP back with SPI $back on the wire" \
		"$(cap_count "ip proto 50 and src $dst and ip[20:4] = $back")" "$N"
	check_no_cleartext
}

# cpu1_no_sa: N pings from A pinned to CPU 1, which has no SA: all
# dropped (OutNoStates), nothing A -> B on the wire
cpu1_no_sa() {
	local nos
	nos=$(counter "$NS_A" OutNoStates)
	cap_start
	log "+ [A] taskset -c 1 ping -c $N $IP_B (must fail)"
	in_ns "$NS_A" taskset -c 1 ping -n -c "$N" -i 0.2 -W 1 "$IP_B" >/dev/null 2>&1 &&
		ksft_fail "CPU 1 got a reply without an SA"
	cap_stop
	check_counter "$NS_A" OutNoStates "$((nos + N))"
	check_eq "no IP packet A->B on the wire" "$(cap_count "ip and src $IP_A and dst $IP_B")" 0
}

# xpcpu NS ARGS...: selftests/py/xfrm_pcpu.py in NS, printed
xpcpu() {
	local ns=$1
	shift
	log "+ [${ns%%-*}] xfrm_pcpu.py $*" >&2
	in_ns "$ns" "$PY" "$PYDIR/xfrm_pcpu.py" "$@"
}

# frontend_on: ipsecdp with its XFRM front end (xfrm_netlink=1) in place
# of xfrm_user; 1 (with a note) if this kernel cannot (xfrm_user built in)
frontend_on() {
	if [ ! -e /sys/module/xfrm_user/initstate ]; then
		log "note: xfrm_user is built in (it owns NETLINK_XFRM): passed over"
		return 1
	fi
	rmmod ipsecdp || ksft_fail "rmmod ipsecdp"
	add_cleanup "[ -d /sys/module/ipsecdp ] || insmod '$KO'; modprobe xfrm_user"
	rmmod xfrm_user || ksft_fail "cannot unload xfrm_user (in use?)"
	insmod "$KO" xfrm_netlink=1 || ksft_fail "insmod ipsecdp xfrm_netlink=1"
}

# frontend_off: back to ipsecdp without the front end, and xfrm_user
frontend_off() {
	local i
	for i in $(seq 100); do rmmod ipsecdp 2>/dev/null && break; sleep 0.2; done
	[ ! -d /sys/module/ipsecdp ] || ksft_fail "rmmod ipsecdp failed"
	modprobe xfrm_user || ksft_fail "xfrm_user cannot load after ipsecdp left"
	insmod "$KO" || ksft_fail "insmod ipsecdp (without the front end)"
}
