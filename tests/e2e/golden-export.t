#!/bin/sh
# golden-export.t — every output of the reports, the archives and the web
# tree is byte for byte what bt-export wrote before it was split
# (tests/data/golden-export/expected, see its README): through bt-export's
# old command lines, and through the tools they became.
. "$BT_TESTS/e2e/lib.sh"
g=$BT_TESTS/data/golden-export
t=$BT_TMP/golden-export
for mode in old new; do
	if [ "$mode" = new ] && ! command -v bt-report >/dev/null; then
		skip "bt-report and bt-archive are not built yet"
		continue
	fi
	sh "$g/gen.sh" "$t/$mode" "$mode"
	for f in "$g"/expected/*; do
		n=$(basename "$f")
		cmp -s "$f" "$t/$mode/$n"
		ok $? "$mode: $n is unchanged"
		cmp -s "$f" "$t/$mode/$n" || diff "$f" "$t/$mode/$n" | head -5 | sed 's/^/# /'
	done
	is "$(ls "$t/$mode" | wc -l)" "$(ls "$g/expected" | wc -l)" "$mode: no output more or less"
done
# The old flags run the tool beside bt-export, never one found on PATH.
mkdir -p "$t/alone"
cp "$(command -v bt-export)" "$t/alone/"
"$t/alone/bt-export" --format csv "$g/in/names.jsonl" >/dev/null 2>"$t/alone.err"
is $? 2 "bt-export without bt-report beside it: exit 2"
grep -q "alone/bt-report: No such file or directory (it does this job now)" "$t/alone.err"
ok $? "and says which tool it looked for, where"
done_testing
