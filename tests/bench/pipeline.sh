#!/bin/sh
# bench: what issue 18 judges, on two Go files of gen-big-go.sh 20000 × 50
# (about 89 MB each, shared with compare-big.sh): bt-parse of the Go text,
# bt-cv of the records it makes (about 2.8 times the text), the same records
# gzip-compressed read directly and through `zcat |`, and the pipeline a user
# writes — both files parsed to records, the records compared — next to
# benchstat on the same text when it is on PATH: into files, new or
# rewritten, and through bash's <(…); then bt-parse of both files at once;
# then the same with version 2's records (bt-parse --format-version 2).  bt-compare of the records
# is measured twice: reading the target on a second core (bgread.h) and,
# for the ratio, in turn (BT_THREADS=1).  With BENCH_BASE set to
# another build's bin directory (lib.sh), each is measured with both builds
# run for run, and the ratio of their CPU times printed.
set -eu
. "$(dirname "$0")/lib.sh"
a=$BENCH_TMP/cmp-a.txt
b=$BENCH_TMP/cmp-b.txt
[ -f "$a" ] || sh "$(dirname "$0")/gen-big-go.sh" 20000 50 1 >"$a"
[ -f "$b" ] || sh "$(dirname "$0")/gen-big-go.sh" 20000 50 2 1.05 >"$b"
[ -f "$a.jsonl" ] || bt-parse "$a" >"$a.jsonl"
[ -f "$b.jsonl" ] || bt-parse "$b" >"$b.jsonl"
[ -f "$a.jsonl.gz" ] || gzip -c "$a.jsonl" >"$a.jsonl.gz"
[ -f "$a.v2.jsonl" ] || bt-parse --format-version 2 "$a" >"$a.v2.jsonl"
[ -f "$b.v2.jsonl" ] || bt-parse --format-version 2 "$b" >"$b.v2.jsonl"
cat "$a" "$b" >"$BENCH_TMP/cmp-ab.txt"
measure_ab "bt-parse (Go text → records, 89 MB)" "$a" bt-parse
measure_ab "bt-cv (records of it)" "$a.jsonl" bt-cv
MEASURE_BYTES=$(wc -c <"$a.jsonl")
measure_ab "bt-cv records.jsonl.gz" /dev/null bt-cv "$a.jsonl.gz"
measure_ab "zcat records.jsonl.gz, piped to bt-cv" "$a.jsonl.gz" sh -c 'zcat | bt-cv'
MEASURE_BYTES=
MEASURE_BYTES=$(($(wc -c <"$a.jsonl") + $(wc -c <"$b.jsonl")))
measure_ab "bt-compare a.jsonl b.jsonl (the records of both)" /dev/null bt-compare "$a.jsonl" "$b.jsonl"
measure "bt-compare a.jsonl b.jsonl, one core (BT_THREADS=1)" /dev/null env BT_THREADS=1 bt-compare "$a.jsonl" "$b.jsonl"
MEASURE_BYTES=
measure_ab "bt-parse a, b → records; bt-compare the records" "$BENCH_TMP/cmp-ab.txt" \
	sh -c 'bt-parse "$1" >"$3.a" && bt-parse "$2" >"$3.b" && bt-compare "$3.a" "$3.b"' \
	sh "$a" "$b" "$BENCH_TMP/pipe"
# The same into new files each run, as a CI job's fresh checkout writes
# them (the row above rewrites the same two: ext4 then flushes each on
# close, auto_da_alloc), removed at the run's end (its time counted): else
# each run's 505 MB of dirty pages add to the next run's cost.
measure "the same, into new files each run (removed after)" "$BENCH_TMP/cmp-ab.txt" \
	sh -c 'd=$(mktemp -d "$3.XXXXXX") && bt-parse "$1" >"$d/a" && bt-parse "$2" >"$d/b" && bt-compare "$d/a" "$d/b" && rm -r "$d"' \
	sh "$a" "$b" "$BENCH_TMP/pipe"
# No files: bash's process substitution, both pipes read at once.
if command -v bash >/dev/null 2>&1; then
	measure "bt-compare <(bt-parse a) <(bt-parse b)" "$BENCH_TMP/cmp-ab.txt" \
		bash -c 'bt-compare <(bt-parse "$1") <(bt-parse "$2")' bash "$a" "$b"
	measure "the same, in turn (BT_THREADS=1)" "$BENCH_TMP/cmp-ab.txt" \
		env BT_THREADS=1 bash -c 'bt-compare <(bt-parse "$1") <(bt-parse "$2")' bash "$a" "$b"
fi
# Two files in one bt-parse: the second by a child into a spool (spool.h).
measure "bt-parse a.txt b.txt | cat" "$BENCH_TMP/cmp-ab.txt" \
	sh -c 'bt-parse "$1" "$2" | cat' sh "$a" "$b"
measure "the same, in turn (BT_THREADS=1)" "$BENCH_TMP/cmp-ab.txt" \
	env BT_THREADS=1 sh -c 'bt-parse "$1" "$2" | cat' sh "$a" "$b"
measure "bt-parse --format-version 2 a.txt b.txt" "$BENCH_TMP/cmp-ab.txt" \
	bt-parse --format-version 2 "$a" "$b"
measure "the same, in turn (BT_THREADS=1)" "$BENCH_TMP/cmp-ab.txt" \
	env BT_THREADS=1 bt-parse --format-version 2 "$a" "$b"
# Version 2 (docs/records.md): a benchmark's samples in one record; this
# build only (a BENCH_BASE build may not write it).
measure "bt-parse --format-version 2 (Go text → version 2)" "$a" bt-parse --format-version 2
measure "bt-cv (the version-2 records of it)" "$a.v2.jsonl" bt-cv
MEASURE_BYTES=$(($(wc -c <"$a.v2.jsonl") + $(wc -c <"$b.v2.jsonl")))
measure "bt-compare a.v2.jsonl b.v2.jsonl" /dev/null bt-compare "$a.v2.jsonl" "$b.v2.jsonl"
MEASURE_BYTES=
measure "bt-parse --format-version 2 a, b → records; bt-compare the records" "$BENCH_TMP/cmp-ab.txt" \
	sh -c 'bt-parse --format-version 2 "$1" >"$3.a2" && bt-parse --format-version 2 "$2" >"$3.b2" && bt-compare "$3.a2" "$3.b2"' \
	sh "$a" "$b" "$BENCH_TMP/pipe"
# The two parses side by side, as a shell on two cores runs them.
measure "the same, the two bt-parse side by side (&, wait)" "$BENCH_TMP/cmp-ab.txt" \
	sh -c 'bt-parse --format-version 2 "$1" >"$3.a2" & p=$!
		bt-parse --format-version 2 "$2" >"$3.b2" && wait $p && bt-compare "$3.a2" "$3.b2"' \
	sh "$a" "$b" "$BENCH_TMP/pipe"
if command -v benchstat >/dev/null 2>&1; then
	measure "benchstat a.txt b.txt" "$BENCH_TMP/cmp-ab.txt" benchstat "$a" "$b"
fi
