#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lint-build.sh KVER...: full rebuild of the module with W=1 (extra compiler
# warnings) and C=2 (sparse on every file) in build/lint/KVER; fails if the
# build fails or prints a warning for one of our files.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
MOD_DIRS="include core sa spd esp ah crypto_glue"
rc=0
for k in "$@"; do
	dir=$repo/build/lint/$k
	log=$repo/build/lint/$k.log
	echo "  LINT    W=1 C=2 $k"
	# shellcheck disable=SC2086
	"$repo/scripts/sync-src.sh" "$repo" "$dir" $MOD_DIRS || exit 1
	make -s -C "/lib/modules/$k/build" M="$dir" clean >/dev/null 2>&1
	if ! make -C "/lib/modules/$k/build" M="$dir" W=1 C=2 modules >"$log" 2>&1; then
		cat "$log"
		echo "lint: $k: W=1 C=2 build failed"
		rc=1
		continue
	fi
	# our files only: kernel headers may warn under W=1/sparse on their own
	warn=$(awk -v d="$dir/" '{ while ((i = index($0, d)) > 0)
			$0 = substr($0, 1, i - 1) substr($0, i + length(d)); print }' "$log" |
		grep -E '^(core|sa|spd|esp|ah|crypto_glue|include)/[^:]+:[0-9]+:([0-9]+:)? (warning|error)|^WARNING: modpost|^cc1: (warning|error)' |
		sort -u)
	if [ -n "$warn" ]; then
		printf '%s\n' "$warn"
		echo "lint: $k: $(printf '%s\n' "$warn" | wc -l) warning(s) (full log: $log)"
		rc=1
	fi
done
[ $rc = 0 ] && echo "  LINT    clean"
exit $rc
