#!/bin/sh
# baseline.t — bt-baseline save/show/compare/reset on the real Go pair: the
# baseline keeps its version, time and git commit; compare fails on a
# regression (exit 1) and passes otherwise; the documented exit codes.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/baseline
d=$BT_TESTS/data/go
mkdir -p "$t/repo"
cd "$t/repo" || exit 2
git init -q . && git -c user.email=t@example.com -c user.name=t commit -q --allow-empty -m init
head=$(git rev-parse HEAD)

exits 2 "show without a baseline" bt-baseline show
exits 2 "compare without a baseline" bt-baseline compare "$d/gc-count10.txt"
exits 2 "no command" bt-baseline
exits 2 "an unknown command" bt-baseline frobnicate

bt-baseline save -v v0.1.0 "$d/gc-count10.txt" 2>"$t/err"
ok $? "save exits 0"
f=.benchtrack/baseline.jsonl
is "$(head -n1 "$f" | jq -r '.kind + " " + .version + " " + .commit')" "baseline v0.1.0 $head" \
	"the baseline record: version tag and the git commit, auto-detected"
head -n1 "$f" | jq -e '.timestamp > 0 and (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T"))' >/dev/null
ok $? "and its time"
is "$(grep -c '"kind":"sample"' "$f")" 100 "100 samples kept"
grep -q "saved 100 samples" "$t/err"
ok $? "save says what it did"

bt-baseline show >"$t/show"
ok $? "show exits 0"
grep -q '^Version:  v0.1.0' "$t/show" && grep -q "^Commit:   $head" "$t/show"
ok $? "show prints version and commit"
grep -q 'BenchmarkMapAllocation-2' "$t/show"
ok $? "show lists the benchmarks"

# gc-count10-b against gc-count10: only improvements → exit 0.
bt-baseline compare -o text "$d/gc-count10-b.txt" >"$t/cmp"
ok $? "compare: no regression, exit 0"
grep -q 'baseline v0.1.0' "$t/cmp" && grep -q current "$t/cmp"
ok $? "compare names the sides: baseline VERSION and current"
# The other way round SHA256 1024B is 11.8% slower: a regression.
bt-baseline save -v b "$d/gc-count10-b.txt" 2>/dev/null
exits 1 "compare: a regression fails (exit 1)" bt-baseline compare "$d/gc-count10.txt"
exits 0 "--no-fail reports without failing" bt-baseline compare --no-fail "$d/gc-count10.txt"
exits 0 "-r 15 allows the 11.8% slowdown" bt-baseline compare -r 15 "$d/gc-count10.txt"
exits 0 "-u allocs/op: only allocations judged, and they did not grow" bt-baseline compare -u allocs/op "$d/gc-count10.txt"
exits 1 "--unit=ns/op: the time regression fails" bt-baseline compare --unit=ns/op "$d/gc-count10.txt"
# hostile input names: never read by a shell, byte for byte
mkdir -p "$t/names"
hn="$t/names/it's \$(touch pwned) \`touch pwned2\`"
cp "$d/gc-count10.txt" "$hn"
nl="$t/names/ends in a newline
"
cp "$d/gc-count10-b.txt" "$nl"
(cd "$t/names" && bt-baseline compare -f "$t/repo/.benchtrack/baseline.jsonl" --no-fail -o text -- "$hn" "$nl" >"$t/hn.out" 2>"$t/hn.err")
is "$?" 0 "compare INPUTs named with quotes, \$(…), backticks and a trailing newline"
ok "$(test ! -e "$t/names/pwned" && test ! -e "$t/names/pwned2" && test ! -e pwned; echo $?)" "nothing in their names was run"
bt-baseline compare -o markdown <"$d/gc-count10.txt" >"$t/md"
is "$?" 1 "compare reads stdin"
grep -q '| example.com/perfbench/stdlib/BenchmarkSHA256/size=1024B-2 | .* | +11.8[0-9]% | .* | regressed |' "$t/md"
ok $? "markdown row of the regression"
is "$(head -n1 "$f" | jq -r .version)" b "save replaced the baseline"
is "$(grep -c '"kind":"baseline"' "$f")" 1 "one baseline record after re-saving"

exits 2 "saving nothing keeps the old baseline" sh -c 'bt-baseline save </dev/null'
is "$(head -n1 "$f" | jq -r .version)" b "the old baseline is still there"
ls .benchtrack | grep -q '^\.baseline' && bad=1 || bad=0
ok $bad "no temporary left behind"

BT_BASELINE=$t/other.jsonl bt-baseline save -c abc123 "$d/gc-count10.txt" 2>/dev/null
is "$(head -n1 "$t/other.jsonl" | jq -r '.commit + " " + .version')" "abc123 abc123" "BT_BASELINE and -c; version defaults to the commit"

bt-baseline reset 2>/dev/null
ok $? "reset exits 0"
[ ! -e "$f" ]
ok $? "reset removed the baseline"
exits 0 "--help" bt-baseline --help

# Any version or commit text, control characters included, is written as
# valid JSON (issue 16 item 20) and shown escaped.
v=$(printf 'v1\r\001\033[31m"q\\')
BT_BASELINE=$t/ctl.jsonl bt-baseline save -v "$v" -c "$(printf 'c\tx')" "$d/gc-count10.txt" 2>"$t/ctl.err"
ok $? "save with \\r, \\001, ESC, a quote and a backslash in the version"
is "$(head -n1 "$t/ctl.jsonl" | jq -c '[.version, .commit]')" '["v1\r\u0001\u001b[31m\"q\\","c\tx"]' \
	"the baseline record is valid JSON holding them exactly"
is "$(grep -c . "$t/ctl.jsonl" | tr -d ' ')" "$(($(bt-parse "$d/gc-count10.txt" | wc -l) + 1))" \
	"one line for the header: no \\r or newline broke it"
BT_BASELINE=$t/ctl.jsonl bt-baseline show >"$t/ctl.show"
grep -qx 'Version:  v1\\x0d\\x01\\x1b\[31m"q\\' "$t/ctl.show" && grep -qx 'Commit:   c\\x09x' "$t/ctl.show"
ok $? "show escapes control characters as \\xHH"
! grep -q "$(printf '\033')" "$t/ctl.show" "$t/ctl.err"
ok $? "no escape character reaches the terminal"
done_testing
