# SPDX-License-Identifier: GPL-2.0
#
# selftests/lib/ah_scapy.sh: set-up shared by the AH tests that talk to
# scapy's SecurityAssociation(AH) on B (tests 53, 54; the scapy side is
# selftests/py/ah_scapy.py). On top of ipsec.sh (sourced here).
#
#	. "$(dirname "$0")/../lib/ah_scapy.sh"
#	ah_scapy_topo		# A (ipsecdp) <-> B (scapy), MAC_A, MAC_B

. "$(dirname "${BASH_SOURCE[0]}")/ipsec.sh"

# ah_scapy_topo: ipsecctl and scapy present (else skip), ipsec.sh's
# topology plus IPv6 on the wire, MAC_A and MAC_B set, and the neighbour
# entries static both ways: no neighbour discovery after this. A's
# packets to B are AH that B's kernel cannot check: B answers each with
# an ICMP error (protocol unreachable, parameter problem) unless ah4/ah6
# happen to be loaded by an earlier test. Without B's static entries the
# IPv6 one would make B solicit fd00::1, and A's neighbour advertisements,
# AH too (its policy covers fd00::1 -> fd00::2), would end up among the
# echo replies 54 sniffs (seq 2, 3, 4: one per solicitation). B's ICMP
# errors themselves are plain and dropped by A's inbound policy.
ah_scapy_topo() {
	need_ipsecctl
	"$PY" -c 'import scapy.layers.ipsec' 2>/dev/null || ksft_skip "scapy not available"
	topo_setup
	_addrs "$NS_A" "$IF_A" fd00::1/64
	_addrs "$NS_B" "$IF_B" fd00::2/64
	MAC_A=$(ip -n "$NS_A" -br link show "$IF_A" | awk '{print $3}')
	MAC_B=$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')
	ip -n "$NS_A" neigh replace 10.0.0.2 lladdr "$MAC_B" dev "$IF_A" nud permanent
	ip -n "$NS_A" neigh replace fd00::2 lladdr "$MAC_B" dev "$IF_A" nud permanent
	ip -n "$NS_B" neigh replace 10.0.0.1 lladdr "$MAC_A" dev "$IF_B" nud permanent
	ip -n "$NS_B" neigh replace fd00::1 lladdr "$MAC_A" dev "$IF_B" nud permanent
}
