#!/bin/sh
# bench: every filter on input of the real Go layout (gen-big-go.sh) at each
# size of BENCH_SIZES (default "1 100"; "1 100 1000" adds the 1 GB point),
# in MB of Go text, next to cat and wc -l on the same file.  The record
# filters read the records bt-parse makes from that text (about 2.8 times
# its size); bt-compare reads them against a target 5 % slower.
set -eu
. "$(dirname "$0")/lib.sh"
gen=$(dirname "$0")/gen-big-go.sh
for mb in ${BENCH_SIZES:-1 100}; do
	n=$((mb * 225)) # benchmarks × 50 samples ≈ 89 bytes a line
	in=$BENCH_TMP/go-$mb.txt
	rec=$BENCH_TMP/go-$mb.jsonl
	tgt=$BENCH_TMP/go-$mb-target.jsonl
	[ -f "$in" ] || sh "$gen" "$n" 50 1 >"$in"
	[ -f "$rec" ] || bt-parse <"$in" >"$rec"
	[ -f "$tgt" ] || sh "$gen" "$n" 50 2 1.05 | bt-parse >"$tgt"
	measure "cat" "$in" cat
	measure "wc -l" "$in" wc -l
	measure "bt-parse (Go text → records)" "$in" bt-parse
	measure "cat (records)" "$rec" cat
	measure "bt-parse (records → records)" "$rec" bt-parse
	measure "bt-cv ($n benchmarks × 50)" "$rec" bt-cv
	measure "bt-merge --union" "$rec" bt-merge --union -
	MEASURE_BYTES=$(($(wc -c <"$rec") + $(wc -c <"$tgt")))
	measure "bt-compare (records, both sides)" "$tgt" bt-compare --baseline "$rec"
	MEASURE_BYTES=
	measure "bt-export --format csv" "$rec" bt-export --format csv
done
