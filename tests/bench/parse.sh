#!/bin/sh
# bench: bt-parse on Go bench text of realistic shape (gen-big-go.sh), next
# to cat and wc -l on the same file.  Sizes: BENCH_SIZES (default "1 100",
# in MB of text; add 1000 for the 1 GB point).
set -eu
. "$(dirname "$0")/lib.sh"
for mb in ${BENCH_SIZES:-1 100}; do
	n=$((mb * 225))  # benchmarks × 50 samples ≈ 89 bytes a line
	in=$BENCH_TMP/go-$mb.txt
	[ -f "$in" ] || sh "$(dirname "$0")/gen-big-go.sh" "$n" 50 1 >"$in"
	measure "cat" "$in" cat
	measure "wc -l" "$in" wc -l
	measure "bt-parse (Go text → records)" "$in" bt-parse
	bt-parse <"$in" >"$BENCH_TMP/go-$mb.jsonl"
	measure "bt-parse (records → records)" "$BENCH_TMP/go-$mb.jsonl" bt-parse
done
