#!/bin/sh
# plugin-formats.t — bt-parse without -f on every hyperfine, pytest-benchmark,
# custom JSON and CSV capture: detection picks the right plugin (the output
# equals the forced one) and the sample count is what jq counts by hand.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/formats
mkdir -p "$t"
d=$BT_TESTS/data

check() { # plugin file want-samples
	bt-parse "$2" >"$t/auto" 2>"$t/err"
	ok $? "$(basename "$2") parses without -f"
	bt-parse -f "$1" "$2" >"$t/forced" 2>/dev/null
	run "$(basename "$2"): detection picks $1" cmp "$t/auto" "$t/forced"
	is "$(grep -c '"kind":"sample"' "$t/auto")" "$3" "$(basename "$2"): $3 samples"
}

for f in "$d"/hyperfine/*.json; do
	check hyperfine "$f" "$(jq '[.results[] | .times as $t | .exit_codes | to_entries[] | select(.value == 0)] | length' "$f")"
done
for f in "$d"/pytest/*.json; do
	check pytest "$f" "$(jq '[.benchmarks[] | (.stats.data | length) as $n | if $n > 0 then $n else 1 end] | add' "$f")"
done
for f in "$d"/customjson/*.json; do
	check customjson "$f" "$(jq 'if type == "array" then length else .benchmarks | length end' "$f")"
done
for f in "$d"/customjson/*.jsonl; do
	check customjson "$f" "$(grep -c . "$f")"
done
check csv "$d/csv/hyperfine-runs.csv" 20
check csv "$d/csv/pytest-medians-crlf.csv" 4
check csv "$d/csv/quoting.csv" 2
is "$(bt-parse "$d/hyperfine/fresh-fail.json" | grep -c '"kind":"failure","name":"sh -c \\"exit 3\\"","reason":"exit"')" 1 \
	"a command that exits non-zero is a failure"
done_testing
