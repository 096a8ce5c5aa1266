#!/bin/sh
# history-threads.t — bt-history reads the record files at the end of its
# inputs (about half the bytes of a results tree) on a second core and
# merges them after the rest (histread.h).  Whatever the inputs, its
# output, its messages and its exit status are byte for byte those of the
# reading in turn (BT_THREADS=1): runs and series that cross the split,
# files without a run object (a file's run, timed by its context), the same
# file twice, bad lines on either side, a run id reused with another
# commit across the split, tool output or stdin among the files.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/history-threads
mkdir -p "$t"
d=$BT_TESTS/data

same() { same_threads bt-history "$@"; }

# A results tree: 20 series × 80 runs, series after series, cut into six
# files, so every run and some series are on both sides of the split.
python3 "$BT_TESTS/history/synth" --seed 3 --series 20 --runs 80 --samples 3 --gen "$t/all.jsonl"
mkdir -p "$t/tree/linux-amd64" "$t/tree/darwin-arm64"
split -n l/6 -d --additional-suffix=.jsonl "$t/all.jsonl" "$t/tree/linux-amd64/part"
mv "$t/tree/linux-amd64/part05.jsonl" "$t/tree/darwin-arm64/"
gzip "$t/tree/linux-amd64/part04.jsonl"
for c in series changes check; do
	same "a results tree, $c" "$c" "$t/tree"
done
same "changes -o csv" changes -o csv "$t/tree"
same "check --model t_test -o markdown" check --model t_test -o markdown "$t/tree"
same "files named one by one" series "$t/tree/linux-amd64/part00.jsonl" \
	"$t/tree/linux-amd64/part01.jsonl" "$t/tree/darwin-arm64/part05.jsonl"
same "the same file twice" series "$t/tree/linux-amd64/part00.jsonl" "$t/tree/linux-amd64/part00.jsonl"
same "--unit and --testbed" series -u ns/op "$t/tree"

# Files without a run object: each its own run, timed by its context.
i=0
for f in gc-count10 gc-count10-b gc-count10 gc-count10-b; do
	i=$((i + 1))
	{ printf '{"bt":1,"kind":"context","time":"2026-02-0%dT00:00:00Z","commit":"c%d"}\n' "$i" "$i"
		bt-parse "$d/go/$f.txt" | jq -c 'del(.run)'; } >"$t/file$i.jsonl"
done
same "files without runs" series "$t/file1.jsonl" "$t/file2.jsonl" "$t/file3.jsonl" "$t/file4.jsonl"

# Bad lines on both sides: the first part's messages, then the second's.
{ head -5 "$t/all.jsonl"; echo '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":1},"run":{"commit":"x"}}'; } >"$t/bad1.jsonl"
{ echo '{"bt":1,"kind":"sample","name":"Y","metrics":{"ns/op":1},"run":7}'; head -9 "$t/all.jsonl" | tail -4; echo 'not json'; } >"$t/bad2.jsonl"
same "bad lines in both parts" series "$t/bad1.jsonl" "$t/bad2.jsonl"

# A run id the second part reuses with another commit: read in turn, each
# of its samples is left out with a message; so here.
head -3 "$t/all.jsonl" >"$t/r1.jsonl"
head -3 "$t/all.jsonl" | sed 's/"commit":"0000/"commit":"1111/' >"$t/r2.jsonl"
same "a run id reused with another commit" series "$t/r1.jsonl" "$t/r2.jsonl"

# Not records among the files: tool output, stdin.
same "Go text last (read in turn)" series "$t/file1.jsonl" "$d/go/gc-count10.txt"
same "Go text among record files" series "$d/go/gc-count10.txt" "$t/file1.jsonl" "$t/file2.jsonl"
BT_THREADS=1 bt-history series "$t/file1.jsonl" - <"$t/file2.jsonl" >"$t/stdin.seq" 2>&1
BT_THREADS=2 bt-history series "$t/file1.jsonl" - <"$t/file2.jsonl" >"$t/stdin.par" 2>&1
run "stdin last (read in turn)" cmp "$t/stdin.seq" "$t/stdin.par"
: >"$t/empty.jsonl"
same "an empty file in the second part" series "$t/file1.jsonl" "$t/empty.jsonl"

# It is the second core that read: the merged history is the whole one.
is "$(bt-history series "$t/tree" | jq -s 'length')" \
	"$(BT_THREADS=1 bt-history series "$t/all.jsonl" | jq -s 'length')" \
	"the tree's series are those of the one file"
done_testing
