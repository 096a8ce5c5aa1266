#!/bin/sh
# cv.t — bt-cv on the real Go capture: every record passes through, one
# summary per benchmark with the figures worked out independently (awk),
# the variance classes, thresholds (global and per label), --check's exit
# codes, --failed, --stream, --summaries-only and the text table.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/cv
mkdir -p "$t"
d=$BT_TESTS/data/go
bt-parse "$d/gc-count10.txt" >"$t/in.jsonl"

bt-cv "$t/in.jsonl" >"$t/out.jsonl"
ok $? "bt-cv exits 0 without --check"
n_in=$(wc -l <"$t/in.jsonl")
head -n "$n_in" "$t/out.jsonl" >"$t/head.jsonl"
run "every input record passes through unchanged and in order" cmp "$t/in.jsonl" "$t/head.jsonl"
grep '"kind":"summary"' "$t/out.jsonl" >"$t/sum.jsonl"
is "$(wc -l <"$t/sum.jsonl")" 10 "one summary per benchmark (10 benchmarks)"
is "$(tail -n +$((n_in + 1)) "$t/out.jsonl" | grep -vc '"kind":"summary"')" 0 "only summaries are appended"

# The figures of BenchmarkLargeAllocation, computed here with awk.
grep -E '^BenchmarkLargeAllocation-2' "$d/gc-count10.txt" | awk '{ print $3 }' | sort -n >"$t/v"
want=$(awk '{ x[NR] = $1; s += $1 } END {
	m = s / NR; for (i = 1; i <= NR; i++) ss += (x[i] - m) ^ 2
	sd = sqrt(ss / (NR - 1))
	printf "%.6f %.6f %.6f %.6f %.6f", m, sd, sd / m * 100, (x[5] + x[6]) / 2, x[9] + 0.55 * (x[10] - x[9]) }' "$t/v")
got=$(grep '"name":"BenchmarkLargeAllocation"' "$t/sum.jsonl" |
	jq -r '[.mean, .stddev, .cv, .median, .p95] | map(. * 1000000 | round / 1000000) | map(tostring) | join(" ")' |
	awk '{ printf "%.6f %.6f %.6f %.6f %.6f", $1, $2, $3, $4, $5 }')
is "$got" "$want" "LargeAllocation: mean, stddev, CV, median, p95 as computed by hand"
ci=$(grep '"name":"BenchmarkLargeAllocation"' "$t/sum.jsonl" | jq -r '"\(.ci_lo) \(.ci_hi) \(.ci_level)"')
is "$ci" "$(sed -n 2p "$t/v") $(sed -n 9p "$t/v") 0.95" "median CI at n=10 is the 2nd and 9th order statistics"
is "$(grep '"name":"BenchmarkLargeAllocation"' "$t/sum.jsonl" | jq -r '"\(.class) \(.threshold) \(.pass)"')" \
	"high 10 false" "CV 16.5% is class high and fails the default 10%"
is "$(grep '"name":"BenchmarkMapAllocation"' "$t/sum.jsonl" | jq -r '"\(.class) \(.pass)"')" \
	"good true" "CV 1.8% is good and passes"
is "$(jq -r .class "$t/sum.jsonl" | sort | uniq -c | awk '{ printf "%s%s ", $2 == "very" ? $2 " " $3 : $2, ":" $1 }')" \
	"acceptable:2 good:4 high:1 warning:3 " "the classes of the ten benchmarks"

# Exit codes.
exits 1 "--check: some CVs are over 10%" bt-cv --check "$t/in.jsonl"
exits 0 "--check -t 20: all CVs are under 20%" bt-cv --check -t 20 "$t/in.jsonl"
bt-parse "$d/gc-count10.txt" | bt-cv --check >/dev/null
is $? 1 "bt-parse out.txt | bt-cv --check exits 1"
exits 1 "raw Go text is read directly" bt-cv --check "$d/gc-count10.txt"
exits 2 "an unknown option is a usage error" bt-cv --frobnicate
exits 2 "a bad threshold is a usage error" bt-cv -t ten "$t/in.jsonl"
exits 2 "a bad --threshold-for is a usage error" bt-cv --threshold-for category "$t/in.jsonl"
exits 2 "a missing file is an input error" bt-cv "$t/nope.jsonl"
printf '{"bt":1,"kind":"sample","name":"B","metrics":{"ns/op":1}}\n{"bt":1,"kind":"sample","name":"B","metr' >"$t/cut.jsonl"
exits 2 "a truncated record is an input error" bt-cv --check "$t/cut.jsonl"
bt-cv --help >/dev/null
ok $? "--help exits 0"

# Per-label thresholds: networking benchmarks may be noisier.
bt-parse -l category=networking "$d/gc-count10.txt" >"$t/net.jsonl"
exits 0 "--threshold-for category=networking:20 passes networking benchmarks" \
	bt-cv --check --threshold-for category=networking:20 "$t/net.jsonl"
exits 1 "--threshold-for another label leaves the default" \
	bt-cv --check --threshold-for category=cpu:20 "$t/net.jsonl"
is "$(bt-cv --threshold-for category=networking:15 "$t/net.jsonl" | jq -r 'select(.kind == "summary") | .threshold' | sort -u)" \
	15 "the summary records the label's threshold"

# Unit choice and undefined figures.
is "$(bt-cv -s -u B/op "$t/in.jsonl" | jq -r 'select(.name == "BenchmarkSmallAllocation") | "\(.unit) \(.cv) \(.class)"')" \
	"B/op 0 good" "--unit B/op: identical values have CV 0"
printf '{"bt":1,"kind":"sample","name":"One","metrics":{"ns/op":5}}\n' >"$t/one.jsonl"
is "$(bt-cv -s "$t/one.jsonl" | jq -c '[.n, .cv, .stddev, .ci_lo, .ci_hi, .class, .pass]')" \
	'[1,null,null,null,null,"unknown",null]' "n=1: no CV, no stddev, no interval, said as null"
exits 0 "n=1 does not fail --check" bt-cv --check "$t/one.jsonl"
printf '{"bt":1,"kind":"sample","name":"Z","metrics":{"x":-1}}\n{"bt":1,"kind":"sample","name":"Z","metrics":{"x":1}}\n' >"$t/zero.jsonl"
is "$(bt-cv -s "$t/zero.jsonl" | jq -c '[.n, .mean, .cv, .class]')" '[2,0,null,"unknown"]' "a zero mean: CV undefined"

# --summaries-only drops samples, keeps other kinds.
bt-cv -s "$t/in.jsonl" >"$t/s.jsonl"
is "$(grep -c '"kind":"sample"' "$t/s.jsonl")" 0 "--summaries-only drops the samples"
is "$(grep -c '"kind":"context"' "$t/s.jsonl")" "$(grep -c '"kind":"context"' "$t/in.jsonl")" "--summaries-only keeps the context records"
printf '{"bt":1,"kind":"mystery","x":[1,2.50]}\n' | cat - "$t/in.jsonl" | bt-cv -s | head -1 >"$t/u"
is "$(cat "$t/u")" '{"bt":1,"kind":"mystery","x":[1,2.50]}' "an unknown kind passes through byte for byte"

# --failed writes the seeds' _failed_benchmarks.txt.
bt-cv --failed "$t/failed.txt" "$t/in.jsonl" >/dev/null
printf '# bt-failed 1: suite\tname\tprocs\tcv\nexample.com/perfbench/core\tBenchmarkSmallAllocation\t2\t14.53\nexample.com/perfbench/core\tBenchmarkLargeAllocation\t2\t16.46\nexample.com/perfbench/core\tBenchmarkGCPressure\t2\t12.22\nexample.com/perfbench/stdlib\tBenchmarkGzip64KB\t2\t11.51\n' >"$t/want"
run "--failed lists the four failing benchmarks after its header, tab-separated" cmp "$t/failed.txt" "$t/want"
bt-cv -t 50 --failed "$t/failed.txt" "$t/in.jsonl" >/dev/null
is "$(cat "$t/failed.txt")" "$(head -1 "$t/want")" "--failed with none failing leaves the header alone"

# --stream: a running summary after each sample; the final ones at the end.
bt-cv --stream "$t/in.jsonl" >"$t/st.jsonl"
is "$(grep -c '"partial":true' "$t/st.jsonl")" "$(grep -c '"kind":"sample"' "$t/in.jsonl")" "--stream: one partial summary per sample"
awk '/"kind":"sample"/ { s = 1; next } s { print; s = 0 }' "$t/st.jsonl" | grep -vc '"partial":true' >"$t/c"
is "$(cat "$t/c")" 0 "--stream: each sample is followed by its partial summary"
is "$(grep '"partial":true' "$t/st.jsonl" | grep BenchmarkGzip64KB | tail -1 | sed 's/,"partial":true//')" \
	"$(grep BenchmarkGzip64KB "$t/sum.jsonl")" "--stream: the last partial summary equals the final one"
is "$(grep -c '"kind":"summary"' "$t/st.jsonl")" $(($(grep -c '"kind":"sample"' "$t/in.jsonl") + 10)) "--stream: the ten final summaries follow"

# The text table.
NO_COLOR= bt-cv --format text "$t/in.jsonl" >"$t/table"
is "$(wc -l <"$t/table")" 11 "--format text: a header and ten rows"
grep -q 'BenchmarkLargeAllocation-2 .* ns/op .* 10 .*± 9% .*16.46% *high *FAIL' "$t/table"
ok $? "--format text: LargeAllocation's row (CI ± 9% as benchstat prints it, CV, class, FAIL)"
grep -q "$(printf '\033')" "$t/table"
is $? 1 "--format text: no colour when not a terminal"
grep '"BenchmarkSmallAllocation"' "$t/in.jsonl" | head -n 5 | bt-cv --format text >"$t/table5"
grep -q 'SmallAllocation-2 .* 5 .* ± ∞ ' "$t/table5" &&
	grep -qx "ci: the median's 95% confidence interval; ± ∞: fewer than 6 samples, too few for one" "$t/table5"
ok $? "--format text: 5 samples show '± ∞', and a note says why"
for v in 1e308 1.7e308 1.7e308; do
	printf '{"bt":1,"kind":"sample","name":"Huge","metrics":{"ns/op":%s}}\n' "$v"
done | bt-cv --format text >"$t/huge"
grep -q '^Huge  *ns/op  *3  *1.7e+308 ' "$t/huge"
ok $? "--format text: a figure beyond 15 digits in scientific notation, not 309 digits"
# Columns line up by characters, not bytes: "größe" and "± ∞" take 5 and 3.
for name in größe plain; do
	for v in 1 4 9 16 25 36 49 64; do
		printf '{"bt":1,"kind":"sample","name":"%s","metrics":{"ns/op":%s}}\n' "$name" "$v"
	done
done | head -n 11 | bt-cv --format text | LC_ALL=C sed 's/[\x80-\xbf]//g' >"$t/utf8"
is "$(awk 'NR <= 3 { printf "%d,%d ", index($0, "ns/op") + index($0, "unit"), index($0, " very high") + index($0, " class") }' "$t/utf8")" \
	"12,67 12,67 12,67 " "--format text: a UTF-8 name and '± ∞' keep the columns in line"
done_testing
