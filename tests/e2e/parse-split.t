#!/bin/sh
# parse-split.t — bt-parse of several files on two cores: the files at the
# end of the list are read by a child process into a spool, copied out after
# the others (spool.h).  Whatever the inputs, stdout, stderr and the exit
# status are byte for byte those of reading in turn (BT_THREADS=1): tool
# output of several formats, records passed through, version 2, labels and
# a run, bad and missing inputs in either half, a temporary directory that
# cannot be used; and on strace, that a child did read them.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/parse-split
mkdir -p "$t"
d=$BT_TESTS/data

same() { same_threads bt-parse "$@"; }

go="$d/go/gc-count10.txt $d/go/gc-count10-b.txt"
# (the lists are of paths without spaces, split by the shell)
same "two Go files" $go
same "the same file twice" "$d/go/gc-count10.txt" "$d/go/gc-count10.txt"
bt-parse "$d/go/gc-count10.txt" >"$t/a.jsonl"
gzip -c "$t/a.jsonl" >"$t/a.jsonl.gz"
mixed="$d/criterion/fresh-run1.txt $d/hyperfine/out.json $d/gbench/fresh.json $t/a.jsonl $d/go/skips.txt $d/catch2/console.txt $t/a.jsonl.gz $d/go/gc-count10-b.txt"
same "eight inputs of six formats, records and gzip among them" $mixed
same "version 2" --format-version 2 $go
# The same benchmarks at the end of one file and the start of the next:
# version 2 groups each input's samples on its own, so both ways agree.
same "version 2, a benchmark across two inputs" --format-version 2 "$d/go/gc-count10.txt" "$d/go/gc-count10.txt" "$d/go/gc-count10.txt"
n=$(bt-parse --format-version 2 "$d/go/gc-count10.txt" "$d/go/gc-count10.txt" | jq -s 'map(select(.kind == "samples")) | length')
m=$(bt-parse --format-version 2 "$d/go/gc-count10.txt" | jq -s 'map(select(.kind == "samples")) | length')
is "$n" "$((2 * m))" "version 2: an input's samples never join the next input's"
same "labels and a run" -l host=ci --commit 0123abc --branch main --time 2026-12-07T00:00:00Z --run-id r1 $go
same "-f NAME for every input" -f go $go

# A record longer than the copy's 256 KiB buffer, in the child's half.
awk 'BEGIN { s = "B"; for (i = 0; i < 400000; i++) s = s "x"
	printf "{\"bt\":1,\"kind\":\"sample\",\"name\":\"%s\",\"metrics\":{\"ns/op\":1.5}}\n", s
	print "{\"bt\":1,\"kind\":\"sample\",\"name\":\"C\",\"metrics\":{\"ns/op\":2}}" }' >"$t/long.jsonl"
same "a 400 kB record in the second half" "$d/go/gc-count10.txt" "$t/long.jsonl" "$t/long.jsonl"

# Bad input: each half's words, in the order of a reading in turn.
printf 'not any tool output\n' >"$t/junk.txt"
printf '{"bt":1,"kind":"sample",\n' >"$t/bad.jsonl"
same "an unrecognised input in the first half" "$t/junk.txt" $go
same "an unrecognised input in the second half" $go "$t/junk.txt"
same "a bad record in each half" "$t/bad.jsonl" $go "$t/bad.jsonl"
same "a missing input (read in turn)" $go "$t/nope.txt"
same "a directory among them (read in turn)" $go "$d/criterion-tree"
same_threads sh "stdin among them (read in turn)" -c 'bt-parse "$1" - "$2" <"$3"' \
	sh "$d/go/gc-count10.txt" "$d/go/gc-count10-b.txt" "$d/hyperfine/out.json"
TMPDIR=$t/nope same "no temporary directory: read in turn" $go
exits 2 "an unrecognised input: exit 2, both ways" bt-parse "$t/junk.txt" $go

# stdout that cannot be written: both ways say so once and exit 1.
if [ -w /dev/full ]; then
	BT_THREADS=2 bt-parse $go >/dev/full 2>"$t/full2.err"
	s2=$?
	BT_THREADS=1 bt-parse $go >/dev/full 2>"$t/full1.err"
	s1=$?
	is "$s2 $(cat "$t/full2.err")" "$s1 $(cat "$t/full1.err")" "stdout on /dev/full: the same words and status"
else
	skip "no /dev/full"
fi

# That the second half was a child's: it made the spools (O_TMPFILE) and
# read the last file, the parent the first.
if command -v strace >/dev/null 2>&1; then
	BT_THREADS=2 strace -f -qq -e trace=openat,open -o "$t/strace" bt-parse $go >/dev/null 2>&1
	is "$(grep -c 'O_TMPFILE' "$t/strace")" 2 "two spools made"
	p1=$(grep 'gc-count10\.txt"' "$t/strace" | head -1 | cut -d' ' -f1)
	p2=$(grep 'gc-count10-b\.txt"' "$t/strace" | head -1 | cut -d' ' -f1)
	[ -n "$p1" ] && [ -n "$p2" ] && [ "$p1" != "$p2" ]
	ok $? "the two files read by two processes ($p1, $p2)"
else
	skip "no strace"
	skip "no strace"
fi
done_testing
