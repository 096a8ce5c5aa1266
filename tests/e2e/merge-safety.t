#!/bin/sh
# merge-safety.t — bt-merge never loses the original (issue 16, items
# 12–13): an output that is an input (the same name, a symbolic or a hard
# link) is refused before anything is written; a symbolic link to the
# original is written through, the link kept, the target's mode kept; a
# .lock planted as a symbolic link is never followed.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/merge-safety
mkdir -p "$t/real"
d=$BT_TESTS/data/go
bt-parse "$d/gc-count10.txt" >"$t/orig.jsonl"
awk '/^Benchmark(LargeAllocation|Gzip64KB|SmallAllocation)/ || /^(goos|goarch|pkg|cpu):/' \
	"$d/gc-count10-b.txt" | bt-parse >"$t/retry.jsonl"
cp "$t/orig.jsonl" "$t/keep.jsonl"

# -o A A RETRY, -o RETRY A RETRY, through a symbolic link, a hard link
ln -s orig.jsonl "$t/sym.jsonl"
ln "$t/orig.jsonl" "$t/hard.jsonl"
for o in orig.jsonl retry.jsonl sym.jsonl hard.jsonl; do
	bt-merge -o "$t/$o" "$t/orig.jsonl" "$t/retry.jsonl" 2>"$t/err"
	is $? 2 "-o $o, an input: refused (exit 2)"
	grep -q "^bt-merge: $t/$o: the output is also an input (.*); nothing written$" "$t/err"
	ok $? "-o $o: the message names both"
	ok "$(cmp -s "$t/orig.jsonl" "$t/keep.jsonl" && cmp -s "$t/retry.jsonl" "$t/retry.jsonl"; echo $?)" \
		"-o $o: the original is untouched"
done
bt-merge -o - "$t/orig.jsonl" "$t/retry.jsonl" >>"$t/hard.jsonl" 2>"$t/err"
is $? 2 "-o - with stdout appending to an input: refused"
run "and the original is untouched" cmp "$t/orig.jsonl" "$t/keep.jsonl"
bt-merge -o "$t/new.jsonl" "$t/orig.jsonl" "$t/retry.jsonl" 2>/dev/null
ok $? "-o a new file still works"
rm -f "$t/sym.jsonl" "$t/hard.jsonl"

# A symbolic link to the original: written through, mode 0600 kept.
cp "$t/keep.jsonl" "$t/real/results.jsonl"
chmod 600 "$t/real/results.jsonl"
ln -s real/results.jsonl "$t/link.jsonl"
bt-merge "$t/link.jsonl" "$t/retry.jsonl" 2>/dev/null
ok $? "merging into a symbolic link: exit 0"
[ -L "$t/link.jsonl" ]
ok $? "the link stays a link"
run "its target holds the merge" cmp "$t/real/results.jsonl" "$t/new.jsonl"
is "$(stat -c %a "$t/real/results.jsonl")" 600 "the target's mode 0600 is kept"
run "the old contents kept as the target's .backup" cmp "$t/real/results.jsonl.backup" "$t/keep.jsonl"
cp "$t/keep.jsonl" "$t/plain.jsonl"
chmod 640 "$t/plain.jsonl"
bt-merge "$t/plain.jsonl" "$t/retry.jsonl" 2>/dev/null
is "$(stat -c %a "$t/plain.jsonl")" 640 "a plain file's mode 0640 is kept"

# A planted .lock link is never followed.
cp "$t/keep.jsonl" "$t/victim.jsonl"
echo precious >"$t/precious"
cp "$t/keep.jsonl" "$t/locked.jsonl"
ln -s precious "$t/locked.jsonl.lock"
bt-merge "$t/locked.jsonl" "$t/retry.jsonl" 2>"$t/err"
is $? 2 "a .lock that is a symbolic link: refused (exit 2)"
grep -q "^bt-merge: $t/locked.jsonl.lock: a symbolic link; refused$" "$t/err"
ok $? "and said"
is "$(cat "$t/precious")" precious "the link's target is untouched"
run "and so is the original" cmp "$t/locked.jsonl" "$t/keep.jsonl"
ln -s "$t/nowhere" "$t/dangling.jsonl.lock"
cp "$t/keep.jsonl" "$t/dangling.jsonl"
bt-merge "$t/dangling.jsonl" "$t/retry.jsonl" 2>/dev/null
is $? 2 "a dangling .lock link: refused"
ok "$([ ! -e "$t/nowhere" ]; echo $?)" "and nothing created where it points"
done_testing
