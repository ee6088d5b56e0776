#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh KVER OUT
# Build a tiny busybox initramfs able to mount the host's / over virtio-9p
# (plus an overlay so it is writable) for kernel KVER. Modules come from the
# host's /lib/modules/KVER with their dependencies resolved by modinfo, in
# load order, decompressed (busybox insmod cannot read .ko.xz).
set -euo pipefail
kver=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
BUSYBOX=${BUSYBOX:-/bin/busybox}
# virtio_pci: the transport; virtio_net is not needed (tests use veth/netns).
# INITRAMFS_MODULES (may be empty: a kernel with all of it built in)
# replaces the list.
WANT=${INITRAMFS_MODULES-virtio_pci 9pnet_virtio 9p overlay}

declare -A seen=()
order=()
resolve() {
	local m=$1 dep path
	[ -n "${seen[$m]:-}" ] && return 0
	seen[$m]=1
	path=$(modinfo -k "$kver" -n "$m" 2>/dev/null) || {
		echo "mkinitramfs: module $m not found for $kver" >&2
		return 1
	}
	[ "$path" = "(builtin)" ] && return 0
	for dep in $(modinfo -k "$kver" -F depends "$m" | tr ',' ' '); do
		resolve "$dep"
	done
	order+=("$m:$path")
}
for m in $WANT; do resolve "$m"; done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.$$.tmp"' EXIT
mkdir -p "$tmp"/{bin,sbin,proc,sys,dev,mnt,newroot,lib/modules,tmp}
cp "$BUSYBOX" "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
# the kernel opens /dev/console before running /init
mknod -m 600 "$tmp/dev/console" c 5 1 2>/dev/null || true
: >"$tmp/modules.list"
for e in "${order[@]}"; do
	m=${e%%:*} p=${e#*:}
	case $p in
	*.ko.xz) xz -dc "$p" >"$tmp/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$p" >"$tmp/lib/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$p" >"$tmp/lib/modules/$m.ko" ;;
	*) cp "$p" "$tmp/lib/modules/$m.ko" ;;
	esac
	echo "$m" >>"$tmp/modules.list"
done
cp "$here/init" "$tmp/init"
cp "$here/stage2.sh" "$tmp/stage2.sh"
chmod +x "$tmp/init"
(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$out.$$.tmp"
mv "$out.$$.tmp" "$out"
echo "initramfs: $out ($(tr '\n' ' ' <"$tmp/modules.list"))"
