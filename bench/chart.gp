# SPDX-License-Identifier: GPL-2.0
#
# bench/chart.gp: the benchmark's bar chart, from the data files that
# bench/report.py writes (tcp.dat udp.dat scale.dat load.dat: "label"
# plain xfrm ipsecdp; crypto.dat: "label" MB/s; panels.gp: which have
# data). bench/run.sh runs it as
#
#	gnuplot -e "dir='build/bench/chart'; out='bench/results.png'; sub='...'" bench/chart.gp
#
# XFRM and ipsecdp side by side per row; "no IPsec" is in the table only
# (on TCG it is ten times higher and would flatten the bars).

if (!exists("dir")) dir = "build/bench/chart"
if (!exists("out")) out = "bench/results.png"
if (!exists("sub")) sub = ""
load dir."/panels.gp"

set terminal pngcairo size 1800,1500 font "sans,10"
set output out
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top right
set grid ytics
set yrange [0:*]
set xtics rotate by -35 left nomirror
set tmargin 3
set bmargin 9
X = "#4477aa"
D = "#cc3311"

# EMPTY: a frame saying the section was not run
set macros
EMPTY = "set label 1 'not measured in this run' at graph 0.5, 0.5 center; unset xtics; plot [0:1] [0:1] NaN notitle; unset label 1; set xtics rotate by -35 left nomirror"

set multiplot title "ipsecdp vs XFRM, ".sub font "sans,13"

set origin 0, 0.64
set size 1, 0.34
set title "TCP throughput (iperf3), Mbit/s received"
if (has_tcp) {
	plot dir."/tcp.dat" using 3:xtic(1) title "XFRM" lc rgb X, '' using 4 title "ipsecdp" lc rgb D
} else {
	@EMPTY
}

set origin 0, 0.32
set size 0.5, 0.32
set title "UDP 64-byte payload, kpackets/s received"
if (has_udp) {
	plot dir."/udp.dat" using 3:xtic(1) title "XFRM" lc rgb X, '' using 4 title "ipsecdp" lc rgb D
} else {
	@EMPTY
}

set origin 0.5, 0.32
set size 0.5, 0.32
set title "Crypto ceiling (tcrypt, 1420-byte buffers, one vCPU), MB/s"
if (has_crypto) {
	plot dir."/crypto.dat" using 2:xtic(1) title "tcrypt" lc rgb "#777777"
} else {
	@EMPTY
}

set origin 0, 0
set size 0.5, 0.32
set title "SPD / SAD scale: one TCP flow, Mbit/s"
if (has_scale) {
	plot dir."/scale.dat" using 3:xtic(1) title "XFRM" lc rgb X, '' using 4 title "ipsecdp" lc rgb D
} else {
	@EMPTY
}

set origin 0.5, 0
set size 0.5, 0.32
set title "Configuration load time, seconds (log scale, lower is better)"
if (has_load) {
	set logscale y
	set yrange [*:*]
	plot dir."/load.dat" using 3:xtic(1) title "XFRM (ip -batch)" lc rgb X, '' using 4 title "ipsecdp (ipsecctl -f)" lc rgb D
	unset logscale y
} else {
	@EMPTY
}

unset multiplot
