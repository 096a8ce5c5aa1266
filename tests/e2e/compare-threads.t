#!/bin/sh
# compare-threads.t — bt-compare reads a target file of records on a second
# core while it reads the baseline (bgread.h), and shares the comparisons
# between two cores (compare.c).  Whatever the inputs, its
# output, its messages and its exit status are byte for byte those of the
# reading in turn (BT_THREADS=1): records, gzipped records, tool output
# (read in turn), a target with benchmarks and units the baseline lacks,
# summary-only samples, kinds passed through, bad lines on either side,
# and names bt-compare refuses.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/compare-threads
mkdir -p "$t"
d=$BT_TESTS/data

same() { same_threads bt-compare "$@"; }

bt-parse "$d/go/gc-count10.txt" >"$t/a.jsonl"
bt-parse "$d/go/gc-count10-b.txt" >"$t/b.jsonl"
gzip -c "$t/b.jsonl" >"$t/b.jsonl.gz"
for f in records json text markdown csv; do
	same "two files of records, -o $f" -o "$f" "$t/a.jsonl" "$t/b.jsonl"
done
same "a gzipped target" "$t/a.jsonl" "$t/b.jsonl.gz"
same "Go text as the target (read in turn)" "$t/a.jsonl" "$d/go/gc-count10-b.txt"
same "Go text as the baseline" "$d/go/gc-count10.txt" "$t/b.jsonl"
same "the same file on both sides" "$t/a.jsonl" "$t/a.jsonl"
same "--baseline FILE TARGET" --baseline "$t/a.jsonl" "$t/b.jsonl"
same "budgets on the target" --budget /dev/null -F "$t/a.jsonl" "$t/b.jsonl"
bt-compare "$t/a.jsonl" "$t/b.jsonl" >"$t/x.out"
[ "$(BT_THREADS=1 bt-compare "$t/a.jsonl" - <"$t/b.jsonl")" = "$(cat "$t/x.out")" ]
ok $? "a target on stdin (read in turn) gives the same"

# The target has benchmarks and units the baseline lacks, in its own
# order, and kinds bt-compare passes through on both sides.
grep -v BenchmarkSmallAllocation "$t/a.jsonl" | sed 's|"B/op"|"bytes/op"|' >"$t/a2.jsonl"
{ echo '{"bt":1,"kind":"note","n":1.50}'; tac "$t/b.jsonl"; echo '{"bt":1,"kind":"note","n":2}'; } >"$t/b2.jsonl"
{ echo '{"bt":1,"kind":"note","n":0}'; cat "$t/a2.jsonl"; } >"$t/a3.jsonl"
same "new benchmarks, new units, passed-through kinds" "$t/a3.jsonl" "$t/b2.jsonl"
same "the other way round" "$t/b2.jsonl" "$t/a3.jsonl"
n=$(bt-compare "$t/a3.jsonl" "$t/b2.jsonl" | jq -r 'select(.kind == "change" and .verdict == "added") | .unit' | sort -u | tr '\n' ' ')
is "$n" "B/op allocs/op ns/op " "the target-only benchmark and units are added"

# Summary-only samples (Welch on the tools' own statistics).
bt-parse "$d/hyperfine/out.json" >"$t/h1.jsonl"
bt-parse "$d/hyperfine/fresh-param.json" >"$t/h2.jsonl"
same "summary-only samples" "$t/h1.jsonl" "$t/h2.jsonl"
bt-parse "$d/criterion/fresh-run1.txt" >"$t/c1.jsonl"
bt-parse "$d/criterion/fresh-run2.txt" >"$t/c2.jsonl"
same "criterion runs" -o text "$t/c1.jsonl" "$t/c2.jsonl"

# Bad input: the messages a reading in turn gives, in its order.
{ head -5 "$t/b.jsonl"; echo '{"bt":1,"kind":"sample",'; } >"$t/bad.jsonl"
same "a bad line in the target" "$t/a.jsonl" "$t/bad.jsonl"
same "a bad baseline: the target's words unsaid" "$t/bad.jsonl" "$t/bad.jsonl"
same "a missing target" "$t/a.jsonl" "$t/nope.jsonl"
same "a target that is a directory" "$t/a.jsonl" "$t"
printf '{"bt":1,"kind":"sample","name":"a\\u0000b","metrics":{"ns/op":1}}\n' >"$t/nul.jsonl"
same "a name bt-compare refuses, in the target" "$t/a.jsonl" "$t/nul.jsonl"
grep -q 'NUL' "$BT_TMP/same-threads/par.err"
ok $? "and it was refused for its NUL"
# Refused on both sides: the baseline's refusal ends the program; the
# target's, made on the other core meanwhile, is never said (it was, now
# and then, before bgread held a dying thread's last words).
n=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	BT_THREADS=2 bt-compare "$t/nul.jsonl" "$t/nul.jsonl" >/dev/null 2>"$t/both.err"
	[ $? -eq 2 ] && [ "$(wc -l <"$t/both.err")" -eq 1 ] || n=$((n + 1))
done
is $n 0 "a name refused on both sides: one message, exit 2, ten times in ten"
{ cat "$t/a.jsonl"; cat "$t/nul.jsonl"; } >"$t/anul.jsonl"
same "refused in the target after its records" "$t/a.jsonl" "$t/anul.jsonl"
done_testing
