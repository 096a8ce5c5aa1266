#!/bin/sh
# probe-json.t — issue 20's false detections: JSON of tools with a
# "benchmarks" key that bt has no plugin for, or whose plugin is not
# pytest's, is not handed to the pytest plugin; an unknown JSON is an
# "unrecognised format", and forcing -f pytest on it fails instead of
# succeeding with nothing.
. "$BT_TESTS/e2e/lib.sh"
d=$BT_TESTS/data/probe
t=$BT_TMP/probe-json
mkdir -p "$t"

for f in mitata-out.json vitest-two.json; do
	bt-parse "$d/$f" >"$t/$f.out" 2>"$t/$f.err"
	st=$?
	n=$(grep -c '"kind":"sample"' "$t/$f.out")
	if [ "$st" -eq 0 ]; then
		ok "$([ "$n" -gt 0 ] && echo 0 || echo 1)" "$f: its own plugin reads it ($n samples)"
	else
		is "$st $(grep -c 'unrecognised format' "$t/$f.err")" "2 1" "$f: an unrecognised format, exit 2"
	fi
	is "$(grep -c 'pytest\|a benchmark without a name' "$t/$f.err")" 0 "$f: not handed to pytest"
done
exits 2 "mitata's JSON through -f pytest is an input error" \
	bt-parse -f pytest "$d/mitata-out.json"
bt-parse -f pytest "$BT_TESTS/data/pytest/out.json" >/dev/null
ok $? "pytest's own JSON still parses"
done_testing
