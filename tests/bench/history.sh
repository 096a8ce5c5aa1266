#!/bin/sh
# tests/bench/history.sh — bt-history at scale (issue 17): 3,000 series ×
# 100 runs × 5 samples through `bt-history changes` (target < 10 s on two
# cores), and one series of 100,000 runs (target < 30 s), both methods
# where the window bounds Otava's cost.  The records come from
# tests/history/synth, so the series have steps, drifts and outliers.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/bench/lib.sh"
d=$BENCH_TMP/history
mkdir -p "$d"
[ -s "$d/wide.jsonl" ] ||
	python3 "$top/tests/history/synth" --seed 7 --series 3000 --runs 100 --samples 5 --gen "$d/wide.jsonl"
[ -s "$d/long.jsonl" ] ||
	python3 "$top/tests/history/synth" --seed 8 --series 1 --runs 100000 --samples 1 --gen "$d/long.jsonl"
measure "bt-history changes: 3,000 series × 100 runs × 5 samples" "$d/wide.jsonl" bt-history changes
measure "bt-history changes --method otava: the same" "$d/wide.jsonl" bt-history changes --method otava
# check exits 1 when a series alerts: that is a finding, not a failure
measure "bt-history check --model t_test: the same" "$d/wide.jsonl" \
	sh -c 'bt-history check --model t_test; [ $? -le 1 ]'
measure "bt-history changes: 1 series × 100,000 runs" "$d/long.jsonl" bt-history changes
measure "bt-history changes --method otava: 1 series × 100,000 runs" "$d/long.jsonl" bt-history changes --method otava
# A results tree: wide.jsonl cut into eight files, read on two cores
# (histread.c) and in turn; the same series either way.
if [ ! -d "$d/tree" ]; then
	mkdir -p "$d/tree/linux-amd64"
	split -n l/8 -d --additional-suffix=.jsonl "$d/wide.jsonl" "$d/tree/linux-amd64/part"
fi
MEASURE_BYTES=$(wc -c <"$d/wide.jsonl") measure "bt-history series: that tree of eight files, two cores" /dev/null \
	bt-history series "$d/tree"
MEASURE_BYTES=$(wc -c <"$d/wide.jsonl") measure "bt-history series: the same, one core (BT_THREADS=1)" /dev/null \
	env BT_THREADS=1 bt-history series "$d/tree"
