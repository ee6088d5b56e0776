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
	# libreswan's pluto (selftests/pair/pluto.sh) conflicts with those
	# packages: its .deb is unpacked under build/libreswan (below), and
	# these are the libraries it needs that nothing else installs
	libnss3-tools libcurl3-nss libldns3 libunbound8 libevent-core-2.1-7
	libevent-pthreads-2.1-7 dns-root-data libcap-ng0 libaudit1 libnspr4
	libnss3 libldap-2.5-0
	# tshark decrypts captures with `ipsecctl sa list --wireshark` output
	tshark
	# make install / DKMS check, make bench's chart, make profile
	dkms gnuplot-nox linux-perf
)

repo=$(cd "$(dirname "$0")/.." && pwd)

# libreswan_unpack: Debian's libreswan .deb unpacked (not installed)
# under build/libreswan; a pair host copies it into its VM's root
libreswan_unpack() {
	local d=$repo/build/libreswan tmp
	[ -x "$d/usr/libexec/ipsec/pluto" ] && return 0
	echo "deps: unpacking Debian's libreswan under $d"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root libreswan </dev/null) &&
		rm -rf "$d" && mkdir -p "$d" &&
		dpkg-deb -x "$tmp"/libreswan_*.deb "$d"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}

missing=()
for p in "${PKGS[@]}"; do
	case $p in '#'*) continue ;; esac
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	libreswan_unpack || echo "deps: warning: libreswan not unpacked (only the pluto pair test needs it)" >&2
	exit 0
fi

echo "deps: installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
libreswan_unpack || echo "deps: warning: libreswan not unpacked (only the pluto pair test needs it)" >&2
