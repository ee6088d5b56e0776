#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [-q]: build the debug kernel of `make check-debug` (issue
# #7) from Debian's linux-source-6.1 with selftests/vm/debug.config (KASAN,
# KFENCE, lockdep, DEBUG_OBJECTS, kmemleak, SLUB debug; everything built
# in) and print its release string (`uname -r` in the VM) on stdout.
#
# Output under build/debug-kernel/: src/ (the extracted source), obj/ (the
# build; external modules build against it), bzImage, and
# root/lib/modules/RELEASE/ (for the VM's /lib/modules: modules.builtin, so
# that modprobe finds built-in "modules"; and build -> obj, for
# `make modules KMOD_ROOT=build/debug-kernel/root/lib/modules`). Cached: rebuilt only when
# the fragment, this script or the linux-source package changes. With -q,
# the build's output goes to build/debug-kernel/build.log only.
set -euo pipefail
quiet=0
[ "${1:-}" = -q ] && quiet=1
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/debug-kernel
frag=$repo/selftests/vm/debug.config
tarball=${LINUX_SRC_TAR:-/usr/src/linux-source-6.1.tar.xz}
localver=-ipsecdp-debug
jobs=$(nproc)

[ -r "$tarball" ] || { echo "debug-kernel: no $tarball (make deps)" >&2; exit 1; }
mkdir -p "$out"
log=$out/build.log
pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c %Y "$tarball")
stamp=$(cat "$frag" "$0" | sha256sum | cut -c1-16)-$pkgver

release() { make -s -C "$out/src" O="$out/obj" kernelrelease; }

if [ -s "$out/bzImage" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
	release
	exit 0
fi

run() {	# run CMD...: to the log (and stderr unless -q)
	if [ $quiet = 1 ]; then "$@" >>"$log" 2>&1; else "$@" 2>&1 | tee -a "$log" >&2; fi
}

: >"$log"
rm -f "$out/stamp" "$out/bzImage"
if [ "$(cat "$out/src.version" 2>/dev/null)" != "$pkgver" ]; then
	echo "debug-kernel: extracting $tarball" >&2
	rm -rf "$out/src" "$out/obj"
	mkdir -p "$out/src"
	tar -xf "$tarball" -C "$out/src" --strip-components=1
	echo "$pkgver" >"$out/src.version"
fi
mkdir -p "$out/obj"
echo "debug-kernel: configuring (allnoconfig + $(basename "$frag"))" >&2
cp "$frag" "$out/fragment.config"
echo "CONFIG_LOCALVERSION=\"$localver\"" >>"$out/fragment.config"
run make -C "$out/src" O="$out/obj" allnoconfig KCONFIG_ALLCONFIG="$out/fragment.config"
# Every line of the fragment must have survived Kconfig's dependencies.
bad=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	grep -qxF -- "$line" "$out/obj/.config" || {
		echo "debug-kernel: $line did not stick (a dependency is missing)" >&2
		bad=1
	}
done <"$out/fragment.config"
[ $bad = 0 ] || exit 1

echo "debug-kernel: building with $jobs jobs (log $log)" >&2
t=$SECONDS
run make -C "$out/src" O="$out/obj" -j"$jobs" all
rel=$(release)
cp "$out/obj/arch/x86/boot/bzImage" "$out/bzImage"
# A /lib/modules/RELEASE for the VM: modprobe finds built-in "modules".
mods=$out/root/lib/modules/$rel
rm -rf "$out/root"
mkdir -p "$mods"
cp "$out/obj/modules.builtin" "$out/obj/modules.builtin.modinfo" "$mods/"
: >"$mods/modules.order"
ln -s "$out/obj" "$mods/build"
PATH=$PATH:/sbin:/usr/sbin depmod -b "$out/root" "$rel"
echo "debug-kernel: $rel built in $((SECONDS - t)) s" >&2
echo "$stamp" >"$out/stamp"
echo "$rel"
