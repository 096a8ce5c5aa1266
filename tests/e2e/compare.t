#!/bin/sh
# compare.t — bt-compare on the real Go A/A pair agrees with benchstat's
# reference output (tests/data/benchstat, made by benchstat itself on the
# same two files): the same verdict on every row, p within 1e-3, the same
# delta where benchstat prints one.  Then the other ways in (--by,
# --baseline), the output formats, the regression policy, budgets and the
# documented exit codes.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/compare
mkdir -p "$t"
d=$BT_TESTS/data
bt-parse "$d/go/gc-count10.txt" >"$t/a.jsonl"
bt-parse "$d/go/gc-count10-b.txt" >"$t/b.jsonl"

bt-compare --format csv "$t/a.jsonl" "$t/b.jsonl" >"$t/ours.csv"
ok $? "bt-compare --format csv exits 0"

# benchstat's csv: a "unit" row (",sec/op,CI,…") starts each table, then
# rows "Name-2,center,CI,center,CI,~ or +1.23%,p=0.565 n=10".  Ours has
# suite,name,procs,unit,…,delta_percent,p_value,verdict.
awk -F, '
function unit(u) { return u == "sec/op" ? "ns/op" : u == "B/s" ? "MB/s" : u }
NR == FNR {
	if (FNR == 1) next
	name = $2; sub(/^Benchmark/, "", name)
	key = name "-" $3 SUBSEP $4
	delta[key] = $13; p[key] = $14; verdict[key] = $15
	next
}
$2 ~ /^(sec\/op|B\/op|allocs\/op|B\/s|matches\/op)$/ { u = unit($2); next }
$1 == "" || $1 == "geomean" || $7 !~ /^p=/ { next }
{
	key = $1 SUBSEP u
	rows++
	if (!(key in p)) { printf "# missing %s %s\n", $1, u; bad++; next }
	rp = substr($7, 3) + 0; split(rp, _, " ")
	sig = $6 != "~"
	oursig = verdict[key] != "~" && verdict[key] != "insufficient"
	if (sig != oursig) { printf "# %s %s: verdict %s vs %s\n", $1, u, verdict[key], $6; bad++ }
	dp = p[key] - rp; if (dp < 0) dp = -dp
	if (dp > 0.001) { printf "# %s %s: p %s vs %s\n", $1, u, p[key], rp; bad++ }
	if (sig) {
		want = $6; sub(/%$/, "", want)
		got = sprintf("%+.2f", delta[key])
		if (got != sprintf("%+.2f", want)) { printf "# %s %s: delta %s vs %s\n", $1, u, got, want; bad++ }
	}
}
END { printf "# %d rows compared\n", rows; exit (bad > 0 || rows < 30) }
' "$t/ours.csv" "$d/benchstat/gc-vs-gc-b.csv"
ok $? "every row agrees with benchstat: verdict, p within 1e-3, delta"

# The intervals: benchstat's "± 22%" for SmallAllocation's baseline.
bt-compare --format text "$t/a.jsonl" "$t/b.jsonl" >"$t/text"
grep -q 'BenchmarkSmallAllocation-2 *45.83ns ± 22% *45.84ns ± 3%' "$t/text"
ok $? "text shows center ± interval as benchstat does"
grep -q 'BenchmarkLargeAllocation-2 *118.0µs ± 9% *136.2µs ± 18%' "$t/text" &&
	grep -q 'BenchmarkSmallAllocation-2 *2.000 ± 0% *2.000 ± 0%' "$t/text" &&
	grep -q 'BenchmarkRegexpMatch-2 *91.31ns ± 2% *85.80ns ± 0%' "$t/text"
ok $? "four significant figures, trailing zeros kept, as benchstat prints them (118.0, 2.000, 85.80)"
grep -q 'BenchmarkSHA256/size=1024B-2 .*-10.57%.*p=0.000 n=10+10  improved' "$t/text"
ok $? "a significant speed-up is 'improved'"
grep -q 'MB/s (higher is better)' "$t/text" && grep -q 'size=1024B-2 .*+11.85%.*improved' "$t/text"
ok $? "throughput: higher is better, +11.85% improved"
is "$(tail -n 1 "$t/text")" "0 regression(s) beyond 10%, 0 budget failure(s); alpha 0.05." \
	"text ends with the verdict a CI log needs"
is "$(bt-compare --format text "$t/b.jsonl" "$t/a.jsonl" | tail -n 1)" \
	"2 regression(s) beyond 10%, 0 budget failure(s); alpha 0.05." "and counts the regressions"
grep -q '±' "$t/text" && ! grep -q '± ∞' "$t/text"
ok $? "10 samples a side: every interval bounded, no note about one"
head -n 300 "$t/a.jsonl" | grep '"BenchmarkSmallAllocation"' | head -n 5 >"$t/a5.jsonl"
bt-compare --format text "$t/a5.jsonl" "$t/b.jsonl" >"$t/text5"
grep -q 'BenchmarkSmallAllocation-2 .* ± ∞ ' "$t/text5" &&
	grep -qx '± ∞: fewer than 6 samples, too few for a 95% confidence interval of the median' "$t/text5"
ok $? "5 samples: '± ∞', and a note says why (as benchstat does)"
bt-compare --format markdown "$t/a5.jsonl" "$t/b.jsonl" | grep -q '^_± ∞: fewer than 6 samples'
ok $? "the note in markdown too"
head -n 2 "$t/a5.jsonl" >"$t/a2.jsonl"
grep '"BenchmarkSmallAllocation"' "$t/b.jsonl" | head -n 2 >"$t/b2.jsonl"
bt-compare --format text "$t/a2.jsonl" "$t/b2.jsonl" >"$t/text2"
grep -q 'n=2+2  insufficient' "$t/text2" &&
	grep -qx 'insufficient: too few samples for any difference to reach p ≤ 0.05' "$t/text2"
ok $? "2 against 2: 'insufficient', and a note says why"
! grep -q '^insufficient:' "$t/text5"
ok $? "no such note where no verdict is 'insufficient'"

# Records: one change per benchmark and unit, plus a geomean per unit.
bt-compare "$t/a.jsonl" "$t/b.jsonl" >"$t/changes.jsonl"
is "$(jq -c 'select(.geomean|not)' "$t/changes.jsonl" | wc -l)" 34 "34 change records (10×3 units + 3 MB/s + 1 matches/op)"
is "$(jq -r 'select(.name=="BenchmarkJSONEncode" and .unit=="ns/op") | "\(.verdict) \(.direction) \(.p_value*1000|round)"' "$t/changes.jsonl")" \
	"improved faster 6" "JSONEncode: improved, faster, p=0.006 as benchstat"
is "$(jq -r 'select(.geomean and .unit=="B/op") | .baseline.center' "$t/changes.jsonl")" "null" \
	"no geomean where a center is 0 (said as null, never faked)"

# JSON in the seeds' comparison shape.
bt-compare --format json "$t/a.jsonl" "$t/b.jsonl" >"$t/cmp.json"
is "$(jq -r '.baseline.file, .target.file | sub(".*/"; "")' "$t/cmp.json" | tr '\n' ' ')" "a.jsonl b.jsonl " "json: baseline and target"
is "$(jq -r '.results[] | select(.benchmark=="BenchmarkRegexpMatch-2" and .unit=="ns/op") | "\(.delta_percent*100|round/100) \(.direction) \(.verdict)"' "$t/cmp.json")" \
	"-6.03 faster improved" "json: results[] with benchmark, delta_percent, direction, verdict"

# Markdown renders as a table: a header, a delimiter row, rows of equal cells.
bt-compare --format markdown "$t/a.jsonl" "$t/b.jsonl" >"$t/md"
awk '/^\| benchmark/ { h = gsub(/\|/, "|"); getline; if ($0 !~ /^\|(:?-+:?\|)+$/) bad = 1; tables++; next }
     /^\|/ { if (gsub(/\|/, "|") != h) bad = 1; rows++ }
     END { exit bad || tables != 5 || rows < 34 }' "$t/md"
ok $? "markdown: 5 well-formed tables"
# Names come from the data: in markdown nothing in them ends a cell or
# formats it, and in text a long one is shown whole.
long=$(printf 'Benchmark%0200d' 7)
for name in 'A|B' '*x*_y_<b>' "$long"; do
	for v in 1 2 3; do
		printf '{"bt":1,"kind":"sample","name":"%s","metrics":{"ns/op":%s}}\n' "$name" "$v"
	done
done >"$t/odd_names.jsonl"
bt-compare --format markdown "$t/odd_names.jsonl" "$t/odd_names.jsonl" >"$t/odd.md"
grep -qx '| A\\|B | .* | ~ | p=1.000 n=3+3 | insufficient |' "$t/odd.md" &&
	grep -q '^| \\\*x\\\*\\_y\\_\\<b\\> | ' "$t/odd.md" &&
	grep -q '^### Benchmark comparison: .*odd\\_names.jsonl vs ' "$t/odd.md"
ok $? "markdown: names and file names escaped"
bt-compare --format text "$t/odd_names.jsonl" "$t/odd_names.jsonl" | grep -q "^$long  "
ok $? "text: a 209-character name shown whole"
huge=$(printf 'Benchmark%01100d' 7)
printf '{"bt":1,"kind":"sample","name":"%s","procs":4,"metrics":{"ns/op":1}}\n' "$huge" >"$t/huge_name.jsonl"
is "$(bt-compare -o json "$t/huge_name.jsonl" "$t/huge_name.jsonl" | jq -r '.results[0].benchmark')" "$huge-4" \
	"json: a 1,111-character name whole, with its procs (was cut at 1,023 bytes)"

# --by: one stream split on a label.
{ bt-parse -l version=old "$d/go/gc-count10.txt"; bt-parse -l version=new "$d/go/gc-count10-b.txt"; } >"$t/both.jsonl"
bt-compare --by version --format csv "$t/both.jsonl" | cut -d, -f1-4,13- >"$t/by.csv"
cut -d, -f1-4,13- "$t/ours.csv" >"$t/files.csv"
run "--by version gives the same comparison as two files" cmp "$t/by.csv" "$t/files.csv"
is "$(bt-compare --by version -o json "$t/both.jsonl" | jq -r '.baseline.version + " " + .target.version')" "old new" "--by: sides named by the label's values"

# --baseline FILE against stdin.
bt-compare --baseline "$t/a.jsonl" --format csv <"$t/b.jsonl" | cut -d, -f1-4,13- >"$t/bl.csv"
run "--baseline FILE < target gives the same comparison" cmp "$t/bl.csv" "$t/files.csv"

# Regression policy: the reverse direction is a slowdown of 11.8% on SHA256
# 1024B; with the default 10% it is a regression, with 15% it is neutral.
exits 0 "no --fail-on-regression: exit 0 whatever changed" bt-compare "$t/b.jsonl" "$t/a.jsonl"
exits 1 "--fail-on-regression with a regression" bt-compare --fail-on-regression "$t/b.jsonl" "$t/a.jsonl"
exits 0 "--fail-on-regression, only improvements" bt-compare --fail-on-regression "$t/a.jsonl" "$t/b.jsonl"
is "$(bt-compare -r 15 "$t/b.jsonl" "$t/a.jsonl" | jq -r 'select(.name=="BenchmarkSHA256/size=1024B" and .unit=="ns/op") | .verdict')" \
	"neutral" "--max-regression 15: an 11.8% slowdown is neutral"
exits 0 "--max-regression 15 --fail-on-regression passes" bt-compare -r 15 -F "$t/b.jsonl" "$t/a.jsonl"
# -u: only the units named are compared and can fail the run.
is "$(bt-compare -u ns/op -u MB/s "$t/a.jsonl" "$t/b.jsonl" | jq -r 'select(.geomean | not) | .unit' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
	" 3 MB/s; 10 ns/op;" "-u ns/op -u MB/s: those units only"
exits 1 "-u ns/op -F: the ns/op regression fails" bt-compare -u ns/op -F "$t/b.jsonl" "$t/a.jsonl"
exits 0 "-u allocs/op -F: no allocs/op regression, so it passes" bt-compare -u allocs/op -F "$t/b.jsonl" "$t/a.jsonl"
bt-compare -u ns/opp "$t/a.jsonl" "$t/b.jsonl" 2>"$t/u.err" >/dev/null
grep -q "^bt-compare: -u ns/opp: no sample has that unit$" "$t/u.err"
ok $? "-u with a unit no sample has: a warning"

# One side only: listed, not dropped.
grep -v BenchmarkGCPressure "$t/b.jsonl" >"$t/b-less.jsonl"
is "$(bt-compare "$t/a.jsonl" "$t/b-less.jsonl" | jq -r 'select(.name=="BenchmarkGCPressure") | .verdict' | sort -u)" \
	"removed" "a benchmark only in the baseline is listed as removed"
is "$(bt-compare "$t/a.jsonl" "$t/b-less.jsonl" | jq -c 'select(.name=="BenchmarkGCPressure" and .unit=="ns/op") |
	[.baseline.n, (.baseline.lo < .baseline.center and .baseline.center < .baseline.hi), .target.n, .delta_percent, .direction]')" \
	'[10,true,0,null,null]' "removed: its side's interval still given; no delta, so no direction"
bt-compare --format text "$t/b-less.jsonl" "$t/a.jsonl" | grep 'BenchmarkGCPressure-2 ' | grep -v nan | grep -q ' - .*added'
ok $? "added, as text: its interval (no 'nan'), the missing side as '-'"

# Too few samples: 3 against 3 can never reach p <= 0.05.
head -8 "$t/a.jsonl" | grep SmallAllocation | head -3 >"$t/a3.jsonl"
grep SmallAllocation "$t/b.jsonl" | head -3 >"$t/b3.jsonl"
is "$(bt-compare "$t/a3.jsonl" "$t/b3.jsonl" | jq -r 'select(.unit=="ns/op" and (.geomean|not)) | .verdict')" \
	"insufficient" "3+3 samples: insufficient, not a fake verdict"

# Budgets, judged on the target.
cat >"$t/budget" <<'EOF'
# pattern  statistic  metric  op  limit
BenchmarkSHA256* ns/op p95 < 5ms
BenchmarkLarge* B/op < 2MiB
max_time_ns < 100us
EOF
bt-compare --budget "$t/budget" "$t/a.jsonl" "$t/b.jsonl" >"$t/bud.jsonl"
is "$(jq -r 'select(.kind=="budget") | .verdict' "$t/bud.jsonl" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
	" 3 fail; 10 pass;" "budgets: a row per benchmark judged, PASS/FAIL"
exits 1 "a failed budget fails --fail-on-regression" bt-compare -F --budget "$t/budget" "$t/a.jsonl" "$t/b.jsonl"
bt-compare --format text --budget "$t/budget" "$t/a.jsonl" "$t/b.jsonl" | grep -q 'BenchmarkGzip64KB-2  max ns/op < 100000  .*  FAIL'
ok $? "text lists budget rows with FAIL"
echo 'ns/op < 5 parsecs' >"$t/badbudget"
exits 2 "a bad budget line is a usage error" bt-compare --budget "$t/badbudget" "$t/a.jsonl" "$t/b.jsonl"
bt-compare --budget "$t/badbudget" "$t/a.jsonl" "$t/b.jsonl" 2>&1 | grep -q "^bt-compare: .*badbudget:1: "
ok $? "errors name file:line"

# Every operator, statistic and order of a budget line, on known values:
# the target's ns/op are 1 … 10 (mean and median 5.5, min 1, max 10, p90
# 9.1 by linear interpolation).
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf '{"bt":1,"kind":"sample","name":"X,\\"y\\"","metrics":{"ns/op":%d}}\n' "$i"
done >"$t/ten.jsonl"
cat >"$t/ops" <<'EOF'
X* mean ns/op <= 5.5
min ns/op > 1
ns/op max >= 10
p90 ns/op < 9.5ns
X* ns/op <= 5
EOF
bt-compare --budget "$t/ops" "$t/ten.jsonl" "$t/ten.jsonl" >"$t/ops.jsonl"
is "$(jq -r 'select(.kind=="budget") | "\(.stat) \(.op) \(.limit) \(.value) \(.verdict)"' "$t/ops.jsonl" | tr '\n' ';')" \
	"mean <= 5.5 5.5 pass;min > 1 1 fail;max >= 10 10 pass;p90 < 9.5 9.1 pass;median <= 5 5.5 fail;" \
	"budgets: <=, >, >=, <; mean, min, max, p90, median; stat before or after the metric"
bt-compare --format json --baseline-name old --target-name new --budget "$t/ops" "$t/ten.jsonl" "$t/ten.jsonl" >"$t/ops.json"
is "$(jq -c '[.baseline, .target, (.budgets | map(.verdict)), .budget_failures]' "$t/ops.json")" \
	'[{"name":"old","file":"'"$t"'/ten.jsonl"},{"name":"new","file":"'"$t"'/ten.jsonl"},["pass","fail","pass","pass","fail"],2]' \
	"json: the sides' names beside their files, and the budgets"
sed 's/"metrics"/"labels":{"v":"a"},"metrics"/' "$t/ten.jsonl" >"$t/by.jsonl"
sed 's/"metrics"/"labels":{"v":"b"},"metrics"/' "$t/ten.jsonl" >>"$t/by.jsonl"
is "$(bt-compare --format json --by v --baseline-name old --target-name new "$t/by.jsonl" | jq -c '[.baseline, .target]')" \
	'[{"name":"old","v":"a"},{"name":"new","v":"b"}]' "json with --by: the names beside the label's values"
bt-compare --format csv "$t/ten.jsonl" "$t/ten.jsonl" >"$t/ten.csv"
python3 -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))["name"])' "$t/ten.csv" >"$t/ten.name"
is "$(cat "$t/ten.name")" 'X,"y"' "csv: a name with a comma and quotes is quoted (RFC 4180)"

# Budgets on what bt-run measures: peak RSS (peak-rss-B, the largest run
# unless a statistic is given) and wall time.
bt-run -f time -n 3 --name sleep -- sleep 0.01 >"$t/run.jsonl" 2>/dev/null
printf '%s\n' 'peak_rss < 1GB' 'sleep ns/op median < 10s' 'sleep ns/op max < 1ns' >"$t/runbudget"
bt-compare --budget "$t/runbudget" "$t/run.jsonl" "$t/run.jsonl" >"$t/runbud.jsonl"
is "$(jq -r 'select(.kind=="budget") | "\(.stat) \(.unit) \(.verdict)"' "$t/runbud.jsonl" | tr '\n' ';')" \
	"max peak-rss-B pass;median ns/op pass;max ns/op fail;" "bt-run output: peak_rss and time budgets judged"
jq -s -e 'map(select(.kind=="budget" and .unit=="peak-rss-B"))[0].limit == 1e9' "$t/runbud.jsonl" >/dev/null
ok $? "1GB is 10^9 bytes"

# Usage and input errors: exit 2.
exits 2 "one file is a usage error" bt-compare "$t/a.jsonl"
exits 2 "an unknown format" bt-compare -o yaml "$t/a.jsonl" "$t/b.jsonl"
exits 2 "a missing file" bt-compare "$t/a.jsonl" "$t/nope.jsonl"
exits 2 "--alpha not a number" bt-compare --alpha x "$t/a.jsonl" "$t/b.jsonl"
exits 0 "--help" bt-compare --help

# Kinds bt-compare does not know pass through as read, ahead of the changes.
{ echo '{"bt":1,"kind":"note","text":"baseline","x":1.50}'; cat "$t/a.jsonl"; } >"$t/na.jsonl"
{ cat "$t/b.jsonl"; echo '{"bt":1,"kind":"annotation","y":[1,2.0]}'; } >"$t/nb.jsonl"
bt-compare "$t/na.jsonl" "$t/nb.jsonl" >"$t/n.out"
is "$(head -2 "$t/n.out")" '{"bt":1,"kind":"note","text":"baseline","x":1.50}
{"bt":1,"kind":"annotation","y":[1,2.0]}' "unknown kinds pass through byte for byte, in order"
is "$(sed -n '3,$p' "$t/n.out" | jq -r .kind | sort -u)" change "then the changes"
bt-compare -o text "$t/na.jsonl" "$t/nb.jsonl" | grep -q '"note"'
ok $((! $?)) "reports (text) do not carry them"
done_testing
