#!/bin/sh
# format-v2.t — version 2's samples records (docs/records.md, "Version 2")
# through the real tools: `bt-parse --format-version 2` writes a smaller
# stream that every filter reads as the version-1 stream it stands for
# (the same records, the same results, byte for byte), any concatenation
# and any subset of its lines is a stream, and a broken samples record is
# an error naming its file and line, with none of its samples read.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/format-v2
mkdir -p "$t"
d=$BT_TESTS/data/go
sh "$BT_TESTS/bench/gen-big-go.sh" 120 12 5 >"$t/big-a.txt"
sh "$BT_TESTS/bench/gen-big-go.sh" 120 12 6 1.05 >"$t/big-b.txt"

for f in "$d/gc-count10.txt" "$d/gc-count10-b.txt" "$d/failures.txt" \
	"$d/skips-v.txt" "$t/big-a.txt" "$t/big-b.txt"; do
	b=$(basename "$f" .txt)
	bt-parse "$f" >"$t/$b.v1" 2>/dev/null
	bt-parse --format-version 2 "$f" >"$t/$b.v2" 2>/dev/null
	bt-parse "$t/$b.v2" >"$t/$b.back" 2>"$t/$b.err"
	ok $? "$b: version 2 reads back"
	run "$b: as the version-1 records, byte for byte" cmp "$t/$b.v1" "$t/$b.back"
	bt-parse --format-version 2 "$t/$b.v2" >"$t/$b.v2again"
	run "$b: and written again as version 2, as it was" cmp "$t/$b.v2" "$t/$b.v2again"
done
v1=$(wc -c <"$t/big-a.v1") v2=$(wc -c <"$t/big-a.v2")
ok "$([ $((v2 * 3)) -lt "$v1" ] && echo 0 || echo 1)" \
	"-count=12: version 2 is under a third of version 1 ($v2 bytes, $v1)"
is "$(grep -c '^{"bt":2,"kind":"samples"' "$t/big-a.v2")" 120 \
	"one samples record a benchmark"
is "$(grep -vc '^{"bt":2,"kind":"samples"' "$t/big-a.v2")" \
	"$(grep -vc '"kind":"sample"' "$t/big-a.v1")" \
	"every other record written as before"

# Every filter reads version 2 as version 1.
bt-cv -s "$t/big-a.v1" >"$t/cv.v1"
bt-cv -s "$t/big-a.v2" >"$t/cv.v2"
run "bt-cv: the same summaries" cmp "$t/cv.v1" "$t/cv.v2"
bt-cv "$t/gc-count10.v1" >"$t/cvp.v1"
bt-cv "$t/gc-count10.v2" >"$t/cvp.v2"
run "bt-cv: the same samples passed on" cmp "$t/cvp.v1" "$t/cvp.v2"
bt-compare "$t/big-a.v1" "$t/big-b.v1" >"$t/cmp.v1"
bt-compare "$t/big-a.v2" "$t/big-b.v2" >"$t/cmp.v2"
run "bt-compare: the same comparison" cmp "$t/cmp.v1" "$t/cmp.v2"
mkdir -p "$t/mixed" "$t/one"
cp "$t/big-a.v2" "$t/mixed/a" && cp "$t/big-b.v1" "$t/mixed/b"
cp "$t/big-a.v1" "$t/one/a" && cp "$t/big-b.v1" "$t/one/b"
(cd "$t/mixed" && bt-compare -o text a b) >"$t/cmpt.mixed"
(cd "$t/one" && bt-compare -o text a b) >"$t/cmpt.v1"
run "bt-compare: version 2 against version 1" cmp "$t/cmpt.v1" "$t/cmpt.mixed"
bt-merge -o "$t/merge.v2" "$t/gc-count10.v2" "$t/gc-count10-b.v2" 2>/dev/null
bt-merge -o "$t/merge.v1" "$t/gc-count10.v1" "$t/gc-count10-b.v1" 2>/dev/null
run "bt-merge: the same merge" cmp "$t/merge.v1" "$t/merge.v2"
mkdir -p "$t/h1" "$t/h2"
cp "$t/gc-count10.v1" "$t/h1/run.jsonl" && cp "$t/gc-count10.v2" "$t/h2/run.jsonl"
for c in "bt-history series" "bt-export --format csv" "bt-report --format markdown"; do
	# shellcheck disable=SC2086 # the command and its options
	(cd "$t/h1" && $c run.jsonl) >"$t/h1.out" 2>&1
	# shellcheck disable=SC2086
	(cd "$t/h2" && $c run.jsonl) >"$t/h2.out" 2>&1
	run "$c: the same of version 2 as of version 1" cmp "$t/h1.out" "$t/h2.out"
done
gzip -c "$t/big-a.v2" >"$t/big-a.v2.gz"
bt-parse "$t/big-a.v2.gz" >"$t/gz.back"
run "a gzipped version-2 stream reads as version 1" cmp "$t/big-a.v1" "$t/gz.back"
bt-parse - <"$t/big-a.v2" >"$t/stdin.back"
run "and so does one on stdin" cmp "$t/big-a.v1" "$t/stdin.back"

# Concatenations and subsets are streams.
cat "$t/gc-count10.v2" "$t/big-a.v2" | bt-parse >"$t/cat.back"
cat "$t/gc-count10.v1" "$t/big-a.v1" >"$t/cat.v1"
run "two version-2 streams concatenated read as theirs" cmp "$t/cat.v1" "$t/cat.back"
awk 'NR % 3 == 0' "$t/big-a.v2" | bt-parse >/dev/null 2>&1
ok $? "every third line of a version-2 stream is a stream"
grep '^{"bt":2' "$t/big-a.v2" | sed -n 7p >"$t/one.v2"
bt-parse "$t/one.v2" >"$t/one.back"
is "$(wc -l <"$t/one.back")" 12 "one samples record alone: its 12 samples"

# A broken samples record: file:line, exit 2, the samples before it read.
head -n 3 "$t/gc-count10.v2" >"$t/bad.v2"
grep '^{"bt":2' "$t/gc-count10.v2" | head -n 1 |
	sed 's/"values":\[\(\[[^]]*\]\),\[[^]]*\]/"values":[\1,[1e999,2,3]/' >>"$t/bad.v2"
n=$(grep -c . "$t/bad.v2")
bt-parse "$t/bad.v2" >"$t/bad.out" 2>"$t/bad.err"
is $? 2 "a value out of range in a samples record: exit 2"
grep -q "bad.v2:$n: sample 2: metric \"ns/op\" is not a finite number" "$t/bad.err"
ok $? "the error names the file, the line and the sample"
is "$(wc -l <"$t/bad.out")" \
	"$(head -n 3 "$t/gc-count10.v2" | bt-parse | wc -l)" \
	"the records before it are read, none of its samples"
printf '%s\n' '{"bt":2,"kind":"samples","name":"a","units":["x"],"values":[[1]],"metrics":{"x":1}}' >"$t/metrics.v2"
bt-cv "$t/metrics.v2" >/dev/null 2>"$t/metrics.err"
is $? 2 "bt-cv refuses a samples record with metrics"
grep -q 'metrics.v2:1: a samples record has no "metrics"' "$t/metrics.err"
ok $? "saying so with its file and line"
exits 2 "--format-version 3 is a usage error" bt-parse --format-version 3 "$d/gc-count10.txt"
exits 2 "--format-version 0 too" bt-parse --format-version 0 "$d/gc-count10.txt"
done_testing
