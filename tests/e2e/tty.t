#!/bin/sh
# tty.t — colour and progress only on a terminal, and never with NO_COLOR:
# the tools run under a pseudo-terminal (script(1)) and through pipes.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/tty
mkdir -p "$t"
d=$BT_TESTS/data/go
if ! script -qec true /dev/null >/dev/null 2>&1; then
	skip "no script(1) to run a pseudo-terminal"
	done_testing
	exit 0
fi
esc=$(printf '\033[')
# on_tty FILE COMMAND: run COMMAND on a pseudo-terminal, its output in FILE
on_tty() {
	_f=$1
	shift
	script -qec "$*" /dev/null >"$_f" 2>&1 </dev/null
}
bt-parse "$d/gc-count10.txt" >"$t/a.jsonl"
bt-parse "$d/gc-count10-b.txt" >"$t/b.jsonl"

for cmd in "bt-compare --format text $t/a.jsonl $t/b.jsonl" "bt-cv --format text $t/a.jsonl"; do
	tool=${cmd%% *}
	on_tty "$t/out" "$cmd"
	grep -qF "$esc" "$t/out"
	ok $? "$tool: coloured on a terminal"
	on_tty "$t/out" "NO_COLOR=1 $cmd"
	grep -qF "$esc" "$t/out"
	ok $((! $?)) "$tool: not with NO_COLOR"
	$cmd >"$t/out" 2>&1
	grep -qF "$esc" "$t/out"
	ok $((! $?)) "$tool: not into a pipe or file"
done

# bt-run: a live progress line on a terminal's stderr, none elsewhere.
slow="sh -c 'cat $d/gc-count10.txt; sleep 0.6; cat $d/gc-count10.txt'"
on_tty "$t/run" "bt-run -- $slow"
grep -qF "$(printf '\r')${esc}K" "$t/run" && grep -q "bt-run: [0-9]* results" "$t/run"
ok $? "bt-run: a progress line on a terminal"
eval "bt-run -- $slow" >"$t/run.jsonl" 2>"$t/run.err"
ok $([ ! -s "$t/run.err" ] && echo 0 || echo 1) "bt-run: no progress when stderr is not a terminal"
is "$(grep -c '"kind":"sample"' "$t/run.jsonl")" 200 "and the records are the same"
done_testing
