#!/bin/sh
# parse-cut.t — bt-parse of one large file on two cores: a child reads the
# file from a byte offset on (its parser fed every line before, their
# records and warnings dropped), the parent the lines before it, and the
# child's spool is copied out after (spool.h).  Whatever the input, stdout,
# stderr and the exit status are byte for byte those of reading in turn
# (BT_THREADS=1): Go text and test2json whose state (labels, a pending
# failure and its log) reaches across any cut, records, a JSON document,
# warnings and errors before and after the cut, CRLF and no last newline,
# --verbose, labels and a run; files that are not cut (gzip, version 2,
# small ones, a pipe) the same; stdin when it is a regular file, from where
# it is, and left at its end.  On strace, that two processes read it.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/parse-cut
mkdir -p "$t"
d=$BT_TESTS/data
gen=$BT_TESTS/bench/gen-big-go.sh

same() { same_threads bt-parse "$@"; }
big() { [ "$(wc -c <"$1")" -ge $((8 << 20)) ]; } # spool.c's CUT_MIN

# Go text: packages whose labels change, a failure, skips, a warning (a
# value without a unit) and a metric that is not a finite number in every
# part, all of it 900 times, each package named apart.
{
	cat "$d/go/gc-count10.txt" "$d/go/failures.txt" "$d/go/skips.txt"
	printf 'BenchmarkOdd-8   \t100\t5\n'
	printf 'BenchmarkNaN-8   \t100\tNaN ns/op\t3 B/op\n'
} >"$t/unit.txt"
for i in $(seq 900); do cat "$t/unit.txt"; done |
	awk '/^pkg: / { $0 = $0 "/r" NR } /^cpu: / { $0 = $0 " #" NR % 7 } 1' >"$t/go.txt"
big "$t/go.txt"
ok $? "the Go text is large enough to be cut ($(wc -c <"$t/go.txt") bytes)"
same "Go text, 900 packages, warnings on both sides" "$t/go.txt"

# One state across the whole file: the labels of its first lines, a failure
# whose log is most of the file, its record made at the next result line.
{
	printf 'goos: linux\ngoarch: amd64\npkg: example.com/cut\ncpu: Cut CPU\n'
	printf 'BenchmarkFirst-2   \t10\t1.5 ns/op\n--- FAIL: BenchmarkLong\n'
	awk 'BEGIN { for (i = 0; i < 160000; i++) printf "    long_test.go:%d: a log line of the pending failure\n", i }'
	printf 'BenchmarkLast-2   \t10\t2.5 ns/op\n'
	"$gen" 50 10 3
} >"$t/pending.txt"
big "$t/pending.txt"
ok $? "the pending failure's file is large enough to be cut"
same "a pending failure whose log reaches across the cut" "$t/pending.txt"
n=$(bt-parse "$t/pending.txt" | jq -s 'map(select(.kind == "failure" and .name == "BenchmarkLong")) | length')
is "$n" 1 "its failure is there once"

# test2json, the same plugin on JSON lines.
for i in $(seq 600); do cat "$d/go/gc-count5.json"; done >"$t/go.json"
same "go test -json, 600 times" "$t/go.json"

# CRLF, and no newline after the last line.
"$gen" 2200 50 5 | sed 's/$/\r/' | head -c -2 >"$t/crlf.txt"
same "CRLF lines, the last without a newline" "$t/crlf.txt"

# Records, passed through: lines before the cut are not even decoded.
"$gen" 800 50 7 >"$t/rec.txt"
bt-parse "$t/rec.txt" >"$t/rec.jsonl"
big "$t/rec.jsonl"
ok $? "the records are large enough to be cut"
same "records" "$t/rec.jsonl"
same "records, labels and a run" -l host=ci --commit 0123abc --branch main --time 2026-12-07T00:00:00Z --run-id r1 "$t/rec.jsonl"
{ printf '{"bt":1,"kind":"sample",\n'; cat "$t/rec.jsonl"; } >"$t/bad-first.jsonl"
same "a bad record before the cut: nothing after it, exit 2" "$t/bad-first.jsonl"
{ cat "$t/rec.jsonl"; printf '{"bt":1,"kind":"sample",\n'; cat "$t/rec.jsonl"; } | head -c $((12 << 20)) >"$t/bad-late.jsonl"
same "a bad record after the cut" "$t/bad-late.jsonl"

# A JSON document: one record per benchmark, all made at its end.
jq '.benchmarks = [range(9000) as $i | .benchmarks[] | .name += "/\($i)"]' \
	"$d/gbench/fresh.json" >"$t/gbench.json"
big "$t/gbench.json"
ok $? "the Google Benchmark document is large enough to be cut"
same "a Google Benchmark JSON document" "$t/gbench.json"
# hyperfine's document on one line, its records made at the end of the
# input: the cut is after the only line start, and the part before it has
# no end of input of its own (else each side makes them all).
jq -c '.results = [range(4000) as $i | .results[] | .command += " #\($i)" | .times = [range(100) | 0.0012345]]' \
	"$d/hyperfine/out.json" >"$t/hyperfine.json"
big "$t/hyperfine.json"
ok $? "the one-line hyperfine document is large enough to be cut"
same "a one-line document, made at the end of the input" "$t/hyperfine.json"
is "$(bt-parse "$t/hyperfine.json" | wc -l)" 808000 "its 808,000 records once, not once from each side"

# Errors: a file no plugin claims, and Go text a plugin is made to read
# that is not its format after the cut.
awk 'BEGIN { for (i = 0; i < 200000; i++) print "not any tool output at all, line", i }' >"$t/junk.txt"
same "an unrecognised large file" "$t/junk.txt"
exits 2 "an unrecognised large file: exit 2" bt-parse "$t/junk.txt"
same "-f records on Go text" -f records "$t/go.txt"
same "-f go on records" -f go "$t/rec.jsonl"

# What the cut does not change.
same "--verbose: the choice said once" --verbose "$t/go.txt"
same "labels and a run" -l host=ci --commit 0123abc --branch main --time 2026-12-07T00:00:00Z --run-id r1 "$t/go.txt"
same "version 2 (not cut: its samples are grouped)" --format-version 2 "$t/go.txt"
gzip -c "$t/go.txt" >"$t/go.txt.gz"
same "gzip (not cut)" "$t/go.txt.gz"
same "a small file (not cut)" "$d/go/gc-count10.txt"
same_threads sh "stdin, a regular file" -c 'bt-parse <"$1"' sh "$t/go.txt"
same_threads sh "stdin from its second line (read(1) moved it)" -c '{ read -r first; bt-parse; } <"$1"' sh "$t/go.txt"
same_threads sh "stdin left at its end, as reading in turn leaves it" -c '{ bt-parse >/dev/null; wc -c; } <"$1"' sh "$t/go.txt"
same_threads sh "stdin a pipe (not cut)" -c 'cat "$1" | bt-parse' sh "$t/go.txt"
TMPDIR=$t/nope same "no temporary directory: read in turn" "$t/go.txt"

if [ -w /dev/full ]; then
	BT_THREADS=2 bt-parse "$t/go.txt" >/dev/full 2>"$t/full2.err"
	s2=$?
	BT_THREADS=1 bt-parse "$t/go.txt" >/dev/full 2>"$t/full1.err"
	s1=$?
	is "$s2 $(cat "$t/full2.err")" "$s1 $(cat "$t/full1.err")" "stdout on /dev/full: the same words and status"
else
	skip "no /dev/full"
fi

# That it was cut: two processes opened the file, and the spools were made.
if command -v strace >/dev/null 2>&1; then
	BT_THREADS=2 strace -f -qq -e trace=openat,open -o "$t/strace" bt-parse "$t/go.txt" >/dev/null 2>&1
	is "$(grep -c 'O_TMPFILE' "$t/strace")" 2 "two spools made"
	is "$(grep 'go\.txt", O_RDONLY' "$t/strace" | cut -d' ' -f1 | sort -u | wc -l)" 2 "the file read by two processes"
	BT_THREADS=1 strace -f -qq -e trace=openat,open -o "$t/strace1" bt-parse "$t/go.txt" >/dev/null 2>&1
	is "$(grep -c 'O_TMPFILE' "$t/strace1")" 0 "BT_THREADS=1: no spool"
	BT_THREADS=2 strace -f -qq -e trace=openat,open,pread64 -o "$t/strace2" bt-parse <"$t/go.txt" >/dev/null 2>&1
	is "$(grep -c 'O_TMPFILE' "$t/strace2")" 2 "stdin: two spools made"
	is "$(grep '^[0-9]* *pread64(0,' "$t/strace2" | cut -d' ' -f1 | sort -u | wc -l)" 2 "stdin: read by two processes, with pread"
else
	for i in 1 2 3 4 5; do skip "no strace"; done
fi
done_testing
