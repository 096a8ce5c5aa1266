#!/bin/sh
# bench: parsing and comparing two Go bench files of gen-big-go.sh
# 20000 × 50 shape (about 89 MB each), as `benchstat a.txt b.txt` does
# (7.9 s and 317 MB peak RSS for benchstat on a 2-core machine of this kind).
set -eu
. "$(dirname "$0")/lib.sh"
a=$BENCH_TMP/cmp-a.txt
b=$BENCH_TMP/cmp-b.txt
[ -f "$a" ] || sh "$(dirname "$0")/gen-big-go.sh" 20000 50 1 >"$a"
[ -f "$b" ] || sh "$(dirname "$0")/gen-big-go.sh" 20000 50 2 1.05 >"$b"
cat "$a" "$b" >"$BENCH_TMP/cmp-ab.txt"
measure "bt-compare a.txt b.txt (Go text, 2 × 89 MB)" "$BENCH_TMP/cmp-ab.txt" bt-compare "$a" "$b"
measure "bt-compare --format text a.txt b.txt" "$BENCH_TMP/cmp-ab.txt" bt-compare --format text "$a" "$b"
