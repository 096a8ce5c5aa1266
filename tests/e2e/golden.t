#!/bin/sh
# golden.t — the output of bt-cv, bt-compare, bt-merge and bt-export's
# reports and web tree, every format, budgets included, byte for byte as
# it was before the library was split into one unit per idea
# (tests/data/golden: the inputs, `cases` the command lines, out/ what they
# wrote; make.sh rewrites out/ when an output is meant to change).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/golden
rm -rf "$t"
cp -R "$BT_TESTS/data/golden" "$t"
cd "$t" || exit 2
touch -d 2026-01-01T00:00:00Z ./*.jsonl # bt-export --web stamps file times
grep -v '^#' cases >list
while read -r name cmd; do
	[ -n "$name" ] || continue
	sh -c "$cmd" >"got.$name" 2>"got.$name.err" && st=0 || st=$?
	echo "exit $st" >>"got.$name.err"
	cmp -s "got.$name" "out/$name" && cmp -s "got.$name.err" "out/$name.err"
	ok $? "$name: $cmd"
	cmp -s "got.$name" "out/$name" || diff "out/$name" "got.$name" | head -n 10 | sed 's/^/# /'
	cmp -s "got.$name.err" "out/$name.err" || diff "out/$name.err" "got.$name.err" | head -n 5 | sed 's/^/# /'
done <list
[ "$_n" -ge 30 ]
ok $? "every case ran"
done_testing
