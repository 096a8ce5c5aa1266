#!/bin/sh
# spec.t — docs/records.md against the tools: every example record in it is
# a valid record that passes through bt-parse byte for byte (a version-2
# `samples` record as the samples it stands for), and each kind
# a tool writes has exactly the fields its example shows (the spec and the
# code cannot drift apart unnoticed).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/spec
mkdir -p "$t"
d=$BT_TESTS/data/go
spec=$BT_TESTS/../docs/records.md
grep '^{"bt":' "$spec" >"$t/examples.jsonl"
n=$(wc -l <"$t/examples.jsonl")
ok "$([ "$n" -ge 10 ] && echo 0 || echo 1)" "docs/records.md has its examples ($n)"
jq -e . "$t/examples.jsonl" >/dev/null 2>&1
ok $? "every example is JSON"
grep -v '^{"bt":2,"kind":"samples"' "$t/examples.jsonl" >"$t/v1.jsonl"
bt-parse "$t/v1.jsonl" >"$t/through.jsonl"
run "every version-1 example passes through bt-parse unchanged" cmp "$t/v1.jsonl" "$t/through.jsonl"
# The samples example stands for the two samples the document shows after it.
awk '/^\{"bt":2,"kind":"samples"/ { n = 2; next } n && /^\{"bt":1/ { print; n-- }' "$spec" >"$t/expanded.jsonl"
grep '^{"bt":2,"kind":"samples"' "$spec" | bt-parse >"$t/samples.jsonl"
is "$(wc -l <"$t/expanded.jsonl")" 2 "docs/records.md shows what its samples example stands for"
run "the samples example reads as the samples it stands for" cmp "$t/expanded.jsonl" "$t/samples.jsonl"

# keys_of FILE JQ-FILTER: the sorted keys of the first record FILTER selects
keys_of() {
	jq -c "select($2) | keys" "$1" | head -n 1
}
# same_keys NAME FILTER OUTPUT: the example and the tool's record alike
same_keys() {
	is "$(keys_of "$3" "$2")" "$(keys_of "$t/examples.jsonl" "$2")" "$1: the fields of docs/records.md's example"
}

bt-parse "$d/gc-count10.txt" >"$t/a.jsonl"
bt-parse "$d/gc-count10-b.txt" >"$t/b.jsonl"
bt-parse "$d/failures.txt" >"$t/fail.jsonl" 2>/dev/null
bt-cv -s "$t/a.jsonl" >"$t/summ.jsonl"
printf 'BenchmarkSHA256* p95 ns/op < 5ms\n' >"$t/budget"
bt-compare --budget "$t/budget" "$t/a.jsonl" "$t/b.jsonl" >"$t/cmp.jsonl"
same_keys "sample (bt-parse, Go)" '.kind == "sample" and .procs != null' "$t/a.jsonl"
same_keys "context (bt-parse, Go)" '.kind == "context" and .suite != null' "$t/a.jsonl"
same_keys "failure of a package (bt-parse, Go)" '.kind == "failure" and .reason == "build"' "$t/fail.jsonl"
same_keys "failure of a benchmark (bt-parse, Go)" '.kind == "failure" and .reason == "fail"' "$t/fail.jsonl"
same_keys "summary (bt-cv)" '.kind == "summary"' "$t/summ.jsonl"
same_keys "change (bt-compare)" '.kind == "change" and .geomean == null' "$t/cmp.jsonl"
same_keys "geomean change (bt-compare)" '.kind == "change" and .geomean == true' "$t/cmp.jsonl"
same_keys "budget (bt-compare --budget)" '.kind == "budget"' "$t/cmp.jsonl"
done_testing
