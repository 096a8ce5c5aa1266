#!/bin/sh
# compare-pipes.t — bt-compare of two pipes, `bt-compare <(bt-parse old.txt)
# <(bt-parse new.txt)` and `bt-parse new.txt | bt-compare --baseline B`:
# a target pipe of records is read on a second core while the baseline is
# read, and a pipe that is not records is read on, in turn, from where
# that reading stopped (input_read_rest).  Stdout, stderr and the exit
# status are those of reading in turn (BT_THREADS=1) and of the same
# records in files; and a baseline that can end only once the target
# was read shows that the two really are read at once.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/compare-pipes
mkdir -p "$t"
d=$BT_TESTS/data
export t d

bt-parse "$d/go/gc-count10.txt" >"$t/a.jsonl"
bt-parse "$d/go/gc-count10-b.txt" >"$t/b.jsonl"
gzip -c "$t/b.jsonl" >"$t/b.jsonl.gz"

# same_pipes NAME SCRIPT: the bash SCRIPT (bt-compare on pipes) gives the
# same stdout, stderr and status on two cores and in turn.
same_pipes() {
	same_threads bash "$1" -c "$2"
}
# as_files NAME SCRIPT BASE TARGET: SCRIPT's output and words are those of
# bt-compare BASE TARGET, the files its pipes were made of.
as_files() {
	bash -c "$2" >"$t/p.out" 2>&1
	bt-compare "$3" "$4" >"$t/f.out" 2>&1
	run "$1" cmp "$t/p.out" "$t/f.out"
}
same_pipes "two pipes of records" 'bt-compare <(cat "$t/a.jsonl") <(cat "$t/b.jsonl")'
as_files "two pipes: what the two files give" \
	'bt-compare <(cat "$t/a.jsonl") <(cat "$t/b.jsonl")' "$t/a.jsonl" "$t/b.jsonl"
same_pipes "-o text, bt-parse into both" 'bt-compare -o text <(bt-parse "$d/go/gc-count10.txt") <(bt-parse "$d/go/gc-count10-b.txt")'
same_pipes "a gzipped target pipe" 'bt-compare "$t/a.jsonl" <(cat "$t/b.jsonl.gz")'
same_pipes "Go text in the target pipe (read on in turn)" 'bt-compare "$t/a.jsonl" <(cat "$d/go/gc-count10-b.txt")'
same_pipes "Go text in both pipes" 'bt-compare <(cat "$d/go/gc-count10.txt") <(cat "$d/go/gc-count10-b.txt")'
same_pipes "Go text in the baseline pipe, records in the target's" 'bt-compare <(cat "$d/go/gc-count10.txt") <(cat "$t/b.jsonl")'
as_files "Go text in a pipe: what the file gives, no byte of it lost" \
	'bt-compare "$t/a.jsonl" <(cat "$d/go/gc-count10-b.txt")' "$t/a.jsonl" "$d/go/gc-count10-b.txt"
same_pipes "the target on stdin" 'bt-compare --baseline "$t/a.jsonl" <"$t/b.jsonl"'
same_pipes "the target on a stdin pipe" 'cat "$t/b.jsonl" | bt-compare --baseline "$t/a.jsonl"'
same_pipes "Go text on a stdin pipe" 'cat "$d/go/gc-count10-b.txt" | bt-compare --baseline "$t/a.jsonl" -'
same_pipes "one pipe on both sides (stdin twice: read in turn)" 'cat "$t/a.jsonl" | bt-compare - -'
same_pipes "an empty target pipe" 'bt-compare "$t/a.jsonl" <(true)'

# Bad input: the messages a reading in turn gives, in its order.
{ head -5 "$t/b.jsonl"; echo '{"bt":1,"kind":"sample",'; } >"$t/bad.jsonl"
same_pipes "a bad line in the target pipe" 'bt-compare "$t/a.jsonl" <(cat "$t/bad.jsonl")'
same_pipes "a bad baseline pipe: the target's words unsaid" 'bt-compare <(cat "$t/bad.jsonl") <(cat "$t/bad.jsonl")'
same_pipes "an unrecognised target pipe" 'bt-compare "$t/a.jsonl" <(echo not any tool output)'
# A bad baseline ends bt-compare at once, as in turn, whatever the target's
# pipe still has to come (its writer here sleeps for 8 s more).
timeout 5 bash -c 'bt-compare "$t/bad.jsonl" <(cat "$t/b.jsonl"; sleep 8)' >/dev/null 2>"$t/slow.err"
is "$?" 2 "a bad baseline beside a slow target pipe: exit 2 at once"
grep -q 'bad.jsonl:6:' "$t/slow.err"
ok $? "and the baseline's line said"

# Read at once: the baseline's pipe ends only once the target's pipe, more
# than a pipe holds, has been read to its end.  Read in turn, that waits
# forever (the timeout ends it).
for i in $(seq 40); do cat "$t/b.jsonl"; done >"$t/big.jsonl"
timeout 30 bash -c 'rm -f "$t/flag"; bt-compare \
	<(head -3 "$t/a.jsonl"; while [ ! -e "$t/flag" ]; do sleep 0.05; done; tail -n +4 "$t/a.jsonl") \
	<(cat "$t/big.jsonl"; touch "$t/flag")' >"$t/at-once.out" 2>&1
ok $? "the two pipes are read at once"
BT_THREADS=1 timeout 3 bash -c 'rm -f "$t/flag"; bt-compare \
	<(head -3 "$t/a.jsonl"; while [ ! -e "$t/flag" ]; do sleep 0.05; done; tail -n +4 "$t/a.jsonl") \
	<(cat "$t/big.jsonl"; touch "$t/flag")' >/dev/null 2>&1
is "$?" 124 "in turn (BT_THREADS=1) the same waits (the test is real)"
done_testing
