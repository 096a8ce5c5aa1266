#!/bin/sh
# summary-stats.t — summary-only samples (docs/records.md, "Summary
# statistics") end to end: bt-compare judges two benchmark.js runs with
# Welch's t-test on the tool's n, mean and stddev, from tool output and
# from records; other samples keep the Mann–Whitney U test; bt-cv reports
# the tool's own CV.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP
d=$BT_TESTS/data

# The target: every rate of the real capture 10 % slower, same margins.
awk '/ ops\/sec / {
	for (i = 1; i < NF; i++) if ($(i + 1) == "ops/sec") {
		gsub(",", "", $i); $i = sprintf("%.0f", $i / 1.1)
	}
} { print }' "$d/benchmarkjs/console.txt" >"$t/slow.txt"
bt-compare --max-regression 5 --format records "$d/benchmarkjs/console.txt" "$t/slow.txt" >"$t/ch.jsonl"
ok $? "bt-compare reads two benchmark.js outputs"
is "$(jq -r 'select(.unit == "ns/op" and .name == "RegExp#test") | .test + " " + .verdict + " " + (.baseline.n | tostring)' "$t/ch.jsonl")" \
	"welch regressed 74" "a +10 % change is judged by Welch's test: regressed, n = the runs sampled"
is "$(jq -r 'select(.unit == "ns/op" and .geomean != true) | .verdict' "$t/ch.jsonl" | sort -u | tr '\n' ' ')" \
	"regressed " "every benchmark of the slower run regressed (none insufficient)"
bt-parse "$d/benchmarkjs/console.txt" >"$t/a.jsonl" && bt-parse "$t/slow.txt" >"$t/b.jsonl"
ok $? "bt-parse detects benchmark.js"
is "$(bt-compare --max-regression 5 --format records "$t/a.jsonl" "$t/b.jsonl" | jq -r 'select(.name == "sort 10000 numbers" and .unit == "ns/op") | .test + " " + .verdict')" \
	"welch regressed" "the same from records read back (stats in the JSON line)"
is "$(bt-compare --format records "$t/a.jsonl" "$t/a.jsonl" | jq -r 'select(.name == "sort 10000 numbers" and .unit == "ns/op") | .test + " " + .verdict')" \
	"welch ~" "a run against itself: no change"
bt-compare --format text "$t/a.jsonl" "$t/b.jsonl" | grep -q 'n=77+77'
ok $? "the text table counts the runs sampled"

# Two real benchmark.js runs, the second on a busier machine (3 to 5 times
# slower): every benchmark regressed, by Welch's test.
is "$(bt-compare --format records "$d/benchmarkjs/console.txt" "$d/benchmarkjs/console-run2.txt" | jq -r 'select(.geomean != true and .unit == "ns/op") | .test + " " + .verdict' | sort -u)" \
	"welch regressed" "two real benchmark.js runs: regressed, by Welch's test"

# Two real tinybench runs of the same tasks: every pair judged by Welch's
# test, none insufficient.
is "$(bt-compare --format records "$d/tinybench/console.txt" "$d/tinybench/console-run2.txt" | jq -r 'select(.geomean != true) | .test + (if .verdict == "insufficient" then " insufficient" else "" end)' | sort -u)" \
	"welch" "two tinybench tables: Welch's test for every pair"

# Samples that are measurements keep the U test.
bt-parse "$d/go/gc-count10.txt" >"$t/go.jsonl"
is "$(bt-compare --format records "$t/go.jsonl" "$t/go.jsonl" | jq -r 'select(.geomean != true) | .test' | sort -u)" \
	"mann-whitney" "measured samples: the Mann-Whitney U test"

# Summary-only without a spread (Catch2 --benchmark-no-analysis): nothing
# to judge with.
bt-parse -f catch2 "$d/catch2/console-no-analysis.txt" >"$t/na.jsonl"
is "$(bt-compare --format records "$t/na.jsonl" "$t/na.jsonl" | jq -r 'select(.name == "fib 25") | .verdict')" \
	"insufficient" "summary-only without stats: insufficient"

# bt-cv: the tool's CV for a benchmark of one summary-only sample:
# stddev / mean = rme / t × √n (t = 1.96 beyond 30 degrees of freedom).
want=$(awk '/^RegExp#test/ { r = $(NF - 3); gsub("[^0-9.]", "", r); n = $(NF - 2); gsub("[(]", "", n)
	printf "%d %d true", n, r / 1.96 * sqrt(n) * 1000 + 0.5 }' "$d/benchmarkjs/console.txt")
is "$(bt-cv "$t/a.jsonl" | jq -r 'select(.kind == "summary" and .name == "RegExp#test") | "\(.n) \(.cv * 1000 | round) \(.summary_only)"')" \
	"$want" "bt-cv: the tool's n and CV (stddev / mean)"
done_testing
