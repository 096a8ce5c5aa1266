#!/bin/sh
# faults.t — the world misbehaving: a full disk (/dev/full) is reported and
# fails the run; a reader that goes away (| head -1) ends the filter
# quietly, as cat does; a missing input is an input error that does not
# stop the other inputs.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/faults
mkdir -p "$t"
d=$BT_TESTS/data/go/gc-count10.txt
bt-parse "$d" >"$t/r.jsonl"
for cmd in "bt-parse $d" "bt-cv $t/r.jsonl" "bt-compare $t/r.jsonl $t/r.jsonl" \
	"bt-merge --union $t/r.jsonl" "bt-run -- cat $d"; do
	tool=${cmd%% *}
	command -v "$tool" >/dev/null 2>&1 || { skip "$tool not built"; continue; }
	$cmd >/dev/full 2>"$t/err"
	st=$?
	ok $((st == 0)) "$tool: a full disk fails the run (exit $st)"
	grep -q "write error" "$t/err"
	ok $? "$tool: and says so"
	$cmd 2>"$t/err" | head -1 >/dev/null
	is "$(cat "$t/err")" "" "$tool: a closed pipe ends it quietly"
done
bt-parse "$t/missing.txt" "$d" >"$t/two.jsonl" 2>"$t/err"
is $? 2 "a missing input: exit 2"
grep -q "^bt-parse: $t/missing.txt: No such file or directory" "$t/err"
ok $? "it is named"
is "$(grep -c sample "$t/two.jsonl")" 100 "the other inputs are still read"
done_testing
