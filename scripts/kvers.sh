#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kvers.sh: print the kernel versions we can build for and boot, oldest first:
# every /boot/vmlinuz-VER whose /lib/modules/VER/build has kernel headers.
for img in /boot/vmlinuz-*; do
	[ -e "$img" ] || continue
	v=${img#/boot/vmlinuz-}
	[ -f "/lib/modules/$v/build/Makefile" ] && echo "$v"
done | sort -V
