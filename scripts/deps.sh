#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh: install the Debian 12 packages the build and the VM tests need.
# Quick no-op when everything is present (checked with dpkg-query).
set -euo pipefail

PKGS=(
	# build
	build-essential make gcc pkg-config libnl-3-dev libnl-genl-3-dev
	sparse kmod xz-utils cpio pahole
	# make lint: the Python of the tests and the benchmark
	pyflakes3
	linux-source-6.1
	# the debug kernel (scripts/debug-kernel.sh) built from that source
	flex bison bc libelf-dev libssl-dev
	# kernels to test on: Debian 12's 6.1 and 6.12 (bookworm-security)
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# VM + userspace used by the tests inside it
	qemu-system-x86 busybox-static
	iproute2 iputils-ping iperf3 tcpdump python3-scapy python3-cryptography
	netcat-openbsd socat procps psmisc ethtool coreutils python3-yaml
	# NAT traversal tests: a real NAT (masquerade) between the hosts
	nftables
	# IKE tests (selftests/pair): strongSwan's charon drives both hosts
	strongswan-charon strongswan-swanctl libstrongswan-standard-plugins
	# tshark decrypts captures with `ipsecctl sa list --wireshark` output
	tshark
	# make install / DKMS check, make bench's chart, make profile
	dkms gnuplot-nox linux-perf
)

missing=()
for p in "${PKGS[@]}"; do
	case $p in '#'*) continue ;; esac
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
