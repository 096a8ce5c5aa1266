#!/bin/sh
# escape.t — names from the data reach a terminal as text, never as
# control sequences (issue 16 item 19): every text and markdown output of
# bt-cv, bt-compare and bt-baseline show writes ESC, \r, \b, C1 as \x1b,
# \x0d, \x08, \u009b; markdown escapes '|' and backticks.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/escape
mkdir -p "$t"
for v in 1 2 3 4 5 6 7; do
	printf '{"bt":1,"kind":"sample","suite":"s\\u0008","name":"a\\u001b[31mred\\r\\u009b|`t`","labels":{"version":"%s"},"metrics":{"ns/op":%s}}\n' \
		"$([ $v -le 3 ] && echo old || echo new)" "$v"
done >"$t/esc.jsonl"
esc=$(printf '\033')
cr=$(printf '\r')
bs=$(printf '\b')
c1=$(printf '\302\233')
clean() { # clean FILE: no raw control character of the name in FILE
	! grep -q "$esc\|$cr\|$bs\|$c1" "$1"
}
shown='s\\x08/a\\x1b\[31mred\\x0d\\u009b|`t`'
bt-cv --format text "$t/esc.jsonl" >"$t/cv.txt"
clean "$t/cv.txt" && grep -q "^$shown  " "$t/cv.txt"
ok $? "bt-cv text: control characters as \\xHH and \\u009b"
bt-compare -o text --by version "$t/esc.jsonl" >"$t/cmp.txt"
clean "$t/cmp.txt" && grep -q "^$shown  " "$t/cmp.txt"
ok $? "bt-compare text: the same"
bt-compare -o markdown --by version "$t/esc.jsonl" >"$t/cmp.md"
clean "$t/cmp.md" && grep -qF '| s\x08/a\x1b\[31mred \u009b\|\`t\` |' "$t/cmp.md"
ok $? "bt-compare markdown: escapes, '|' and backticks escaped"
echo 'ns/op < 5' >"$t/budget"
bt-compare -o text --budget "$t/budget" --by version "$t/esc.jsonl" >"$t/bud.txt"
clean "$t/bud.txt" && grep -q "^$shown  median ns/op < 5" "$t/bud.txt"
ok $? "bt-compare's budget rows too"
# the columns still line up: the escapes are counted as what they show
awk 'NR == 1 { h = index($0, "unit") } NR == 2 { exit !(index($0, "ns/op") == h) }' "$t/cv.txt"
ok $? "columns line up past an escaped name"
(cd "$t" && BT_BASELINE=$t/b.jsonl bt-baseline save -v v1 "$t/esc.jsonl" 2>/dev/null &&
	BT_BASELINE=$t/b.jsonl bt-baseline show) >"$t/show.txt"
clean "$t/show.txt" && grep -q "^$shown  " "$t/show.txt"
ok $? "bt-baseline show: the same"
for v in 1 10 1 10; do
	printf '{"bt":1,"kind":"sample","name":"m\\u001b[2J","metrics":{"ns/op":%s}}\n' "$v"
done >"$t/orig.jsonl"
for v in 5 5.1 5 5.1; do
	printf '{"bt":1,"kind":"sample","name":"m\\u001b[2J","metrics":{"ns/op":%s}}\n' "$v"
done >"$t/retry.jsonl"
bt-merge -o - "$t/orig.jsonl" "$t/retry.jsonl" >/dev/null 2>"$t/merge.err"
clean "$t/merge.err" && grep -q ': m\\x1b\[2J 0: CV of ns/op .*retry taken' "$t/merge.err"
ok $? "bt-merge's messages show the name escaped"
cp "$t/orig.jsonl" "$t/o$(printf '\033')[31mx.jsonl"
bt-merge -o - "$t/o$(printf '\033')[31mx.jsonl" "$t/retry.jsonl" >/dev/null 2>"$t/merge2.err"
clean "$t/merge2.err" && grep -q 'o\\x1b\[31mx.jsonl: m\\x1b\[2J 0: CV' "$t/merge2.err"
ok $? "and the original's file name"

# Messages on stderr: every one goes through the library's warnx_, which
# escapes what it carries, so a name from an archive, a file name, a
# plugin's message never reach a terminal as control (issue 16, item 19,
# stderr).
python3 - "$t" <<'PY'
import io, sys, tarfile
t = sys.argv[1]
with tarfile.open(t + "/fifo.tar", "w") as a:
    ti = tarfile.TarInfo("x\x1b]0;pwned\x07\x1b[2J\rfake")
    ti.type = tarfile.FIFOTYPE
    a.addfile(ti)
with tarfile.open(t + "/member.tar", "w") as a:
    d = b"neither records nor output\n"
    ti = tarfile.TarInfo("m\x1b[31m.txt")
    ti.size = len(d)
    a.addfile(ti, io.BytesIO(d))
PY
bt-archive extract "$t/fifo.tar" "$t/x" 2>"$t/arch.err"
clean "$t/arch.err" && grep -q 'x\\x1b\]0;pwned\\x07\\x1b\[2J\\x0dfake: refused' "$t/arch.err"
ok $? "bt-archive extract: a refused member's name escaped"
bt-cv "$t/member.tar" >/dev/null 2>"$t/member.err"
clean "$t/member.err" && grep -q 'member.tar:m\\x1b\[31m.txt: neither records' "$t/member.err"
ok $? "bt-cv: an archive member's name escaped"
bt-cv "$t/no$(printf '\033[31m')such" >/dev/null 2>"$t/file.err"
clean "$t/file.err" && grep -q 'no\\x1b\[31msuch: No such file' "$t/file.err"
ok $? "a file name escaped"
done_testing
