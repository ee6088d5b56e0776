#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sync-src.sh SRC DST DIR...
# Mirror the module sources (Kbuild*, *.c, *.h, *.S) of SRC/DIR... into DST,
# copying only files whose content changed (untouched files keep their mtime, so kbuild stays
# incremental) and deleting sources that vanished from SRC. Build outputs
# in DST are left alone.
set -euo pipefail
src=$1 dst=$2
shift 2
mkdir -p "$dst"
cd "$src"
want=$(mktemp)
trap 'rm -f "$want"' EXIT
{
	for f in Kbuild Kbuild.objs; do [ -f "$f" ] && echo "$f"; done
	for d in "$@"; do
		[ -d "$d" ] || continue
		find "$d" -type f \( -name '*.[chS]' -o -name 'Kbuild*' \)
	done
} | sort >"$want"
while IFS= read -r f; do
	if [ ! -e "$dst/$f" ] || ! cmp -s "$f" "$dst/$f"; then
		mkdir -p "$dst/$(dirname "$f")"
		cp "$f" "$dst/$f"
	fi
done <"$want"
# drop sources that no longer exist upstream (stale headers could mask errors)
(cd "$dst" && for d in "$@"; do
	[ -d "$d" ] || continue
	find "$d" -type f \( -name '*.[chS]' -o -name 'Kbuild*' \)
done) | sort | comm -13 "$want" - | while IFS= read -r f; do
	rm -f "$dst/$f"
done
