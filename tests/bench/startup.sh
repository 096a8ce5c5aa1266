#!/bin/sh
# bench: start-up time of every executable (`--version`), 200 runs each,
# reported per run.  Plugins are loaded lazily, so none is opened here.
set -eu
for t in "$(dirname "$(command -v bt-parse)")"/bt*; do
	name=$(basename "$t")
	s=$(date +%s%N)
	i=0
	while [ $i -lt 200 ]; do
		"$t" --version >/dev/null
		i=$((i + 1))
	done
	e=$(date +%s%N)
	awk -v n="$name" -v ns=$((e - s)) 'BEGIN { printf "| %s --version | - | %.2f ms a start | - | - | - | - |\n", n, ns / 200 / 1e6 }'
done
