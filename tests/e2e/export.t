#!/bin/sh
# export.t — bt-export on a results tree laid out as bt-collect writes it,
# made from the real Go captures: two versions, two dates, a retry and a
# failed-benchmarks file that must be left out.  The dashboard layout of
# docs/web-data.md, its statistics checked against the samples, a second
# platform merged into platforms.json, an update that keeps what it does
# not replace; then the reports: benchfmt read back by bt-parse gives the
# same samples, markdown is a table, csv has a row per benchmark and unit.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/export
d=$BT_TESTS/data/go
res=$t/results/stable/linux-amd64
mkdir -p "$res/go1.21" "$res/go1.22"
bt-parse -l version=go1.21 "$d/gc-count10.txt" >"$res/go1.21/2026-01-01_10-00-00.jsonl"
bt-parse -l version=go1.21 "$d/gc-count10-b.txt" >"$res/go1.21/2026-01-02_10-00-00.jsonl"
bt-parse -l version=go1.21 "$d/gc-count5.json" >"$res/go1.21/2026-01-02_10-00-00_retry1.jsonl"
bt-parse -l version=go1.22 "$d/gc-count10-b.txt" >"$res/go1.22/2026-01-03_10-00-00.jsonl"
gzip -c "$res/go1.22/2026-01-03_10-00-00.jsonl" >"$res/go1.22/2026-01-04_10-00-00.jsonl.gz"
echo BenchmarkSmallAllocation >"$res/go1.22/2026-01-04_10-00-00_failed_benchmarks.txt"
web=$t/web

bt-export --web "$web" "$res"
ok $? "bt-export --web exits 0 on a results tree"
is "$(jq -c '.platforms | map(.id)' "$web/platforms.json")" '["linux-amd64"]' \
	"platforms.json lists the platform from the records"
is "$(jq -c '.platforms[0] | [.goos, .goarch, .versions, .updated]' "$web/platforms.json")" \
	'["linux","amd64",["go1.21","go1.22"],"2026-01-04T10:00:00Z"]' \
	"platform entry: goos, goarch, versions oldest first, updated"
is "$(jq -c '[.versions[] | [.version, .file, .timestamp, .benchmarks]]' "$web/linux-amd64/index.json")" \
	'[["go1.21","v/go1.21.json","2026-01-02T10:00:00Z",10],["go1.22","v/go1.22.json","2026-01-04T10:00:00Z",10]]' \
	"index.json: the newest main result of each version (retry and failed files skipped)"
v=$web/linux-amd64/v/go1.21.json
is "$(jq -c '[.version, .platform, .timestamp, .system.cpu, .system.os, .system.arch]' "$v")" \
	'["go1.21","linux-amd64","2026-01-02T10:00:00Z","Intel(R) Xeon(R) Processor","linux","amd64"]' \
	"version file: version, platform, timestamp, system metadata"
bt-parse "$d/gc-count10-b.txt" | jq -c 'select(.kind == "sample" and .name == "BenchmarkSmallAllocation") | .metrics["ns/op"]' |
	jq -sc . >"$t/want-samples"
is "$(jq -c '.benchmarks[] | select(.name == "BenchmarkSmallAllocation") | .metrics["ns/op"].samples' "$v")" \
	"$(cat "$t/want-samples")" "samples of the newest run, in run order"
# The statistics, recomputed here from the samples.
jq -c '.benchmarks[] | .metrics[] | . as $m | (.samples | sort) as $s | ($s | length) as $n |
	($s | add / $n) as $mean |
	(if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end) as $med |
	((($s | map((. - $mean) * (. - $mean)) | add) / ($n - 1)) | sqrt) as $sd |
	[($m.n == $n), (($m.mean - $mean) | fabs < 1e-9 * (1 + ($mean | fabs))),
	 (($m.median - $med) | fabs < 1e-9 * (1 + ($med | fabs))),
	 (($m.stddev - $sd) | fabs < 1e-9 * (1 + $sd)), ($m.min == $s[0]), ($m.max == $s[-1]),
	 ($m.ci_low <= $mean and $mean <= $m.ci_high), ($m.p95 <= $m.p99 and $m.p99 <= $m.max)] | all' "$v" |
	sort -u >"$t/stats"
is "$(cat "$t/stats")" true "n, mean, median, stddev, min, max, p95, p99, CI agree with the samples"
is "$(jq -r '.benchmarks[] | select(.name == "BenchmarkSmallAllocation") | [.category, .variance, .procs] | @tsv' "$v")" \
	"$(printf 'core\tAcceptable\t2')" "category from the suite, variance class from ns/op's CV"
is "$(jq -c '.benchmarks[] | select(.name == "BenchmarkSmallAllocation") | .metrics | keys' "$v")" \
	'["B/op","allocs/op","ns/op"]' "every unit summarised"
is "$(jq -c '[.history[] | .timestamp]' "$v")" '["2026-01-01T10:00:00Z","2026-01-02T10:00:00Z"]' \
	"history: every main result of the version, oldest first"
is "$(jq -c '.history[0].medians["example.com/perfbench/core BenchmarkSmallAllocation-2"]["ns/op"]' "$v")" \
	"45.83" "history medians keyed by 'suite name-procs'"

# A category label wins over the suite.
mkdir -p "$t/cat/go1.23"
bt-parse -l version=go1.23 -l category=runtime "$d/gc-count10.txt" >"$t/cat/go1.23/2026-01-05_10-00-00.jsonl"
bt-export --web "$web" "$t/cat"
is "$(jq -r '[.benchmarks[].category] | unique | join(",")' "$web/linux-amd64/v/go1.23.json")" runtime \
	"category label wins"
is "$(jq -c '.platforms[0].versions' "$web/platforms.json")" '["go1.21","go1.22","go1.23"]' \
	"an update keeps the versions it does not replace"
is "$(jq -c '[.versions[].version]' "$web/linux-amd64/index.json")" '["go1.21","go1.22","go1.23"]' \
	"index.json merged"

# Another platform: the records say darwin/arm64 whatever the path says.
mkdir -p "$t/other/linux-amd64/go1.22"
sed 's/"goos":"linux"/"goos":"darwin"/g; s/"goarch":"amd64"/"goarch":"arm64"/g' \
	"$res/go1.22/2026-01-03_10-00-00.jsonl" >"$t/other/linux-amd64/go1.22/2026-01-06_10-00-00.jsonl"
cp "$v" "$t/go1.21.before"
bt-export --web "$web" "$t/other"
ok $? "export for a second platform"
is "$(jq -c '[.platforms[] | [.id, .versions]]' "$web/platforms.json")" \
	'[["darwin-arm64",["go1.22"]],["linux-amd64",["go1.21","go1.22","go1.23"]]]' \
	"platforms.json merged, platform from the records not the path"
cmp -s "$v" "$t/go1.21.before"
ok $? "the other platform's files are left as they were"
is "$(ls "$web" "$web/darwin-arm64" | grep -c '\.tmp')" 0 "no temporary files left"

# A broken index (a hand edit, a disk that filled) is rebuilt from the
# files it indexes, with a warning; nothing is dropped from the dashboard.
cp "$web/platforms.json" "$t/platforms.before"
cp "$web/linux-amd64/index.json" "$t/index.before"
echo '{"platforms": [' >"$web/platforms.json"
echo 'not json' >"$web/linux-amd64/index.json"
bt-export --web "$web" "$t/cat" 2>"$t/rebuilt.err"
ok $? "broken platforms.json and index.json: the export still succeeds"
grep -q "platforms.json: not JSON (.*); rebuilt from the files beside it" "$t/rebuilt.err" &&
	grep -q "linux-amd64/index.json: not JSON (.*); rebuilt from the files beside it" "$t/rebuilt.err"
ok $? "each broken file is named in a warning"
is "$(jq -cS . "$web/platforms.json")" "$(jq -cS . "$t/platforms.before")" \
	"platforms.json rebuilt: the platform this export did not touch is back"
is "$(jq -cS . "$web/linux-amd64/index.json")" "$(jq -cS . "$t/index.before")" \
	"index.json rebuilt from the version files: every version is back"

# Atomic update: a failed export (bad input) leaves the layout untouched.
cp -r "$web" "$t/web.before"
mkdir -p "$t/bad/go1.21"
printf '{"bt":1,"kind":"sample","name":"x","metrics":{"ns/op":1}\n' >"$t/bad/go1.21/2026-01-07_10-00-00.jsonl"
exits 2 "bad input: exit 2" bt-export --web "$web" "$t/bad"
diff -r -x '*.lock' "$t/web.before" "$web" >/dev/null
ok $? "a failed export changes nothing"
mkdir -p "$t/noplat/go1.21"
printf '{"bt":1,"kind":"sample","name":"BenchmarkX","metrics":{"ns/op":1}}\n' >"$t/noplat/go1.21/2026-01-07_10-00-00.jsonl"
bt-export --web "$web" "$t/noplat" 2>"$t/err"
is "$?" 2 "records without goos/goarch: exit 2"
grep -q 'cannot tell the platform' "$t/err"
ok $? "and says why"

# A run with bt-run's context: its time, commit and system metadata; the
# platform from the context's os and arch when no goos/goarch labels say it.
mkdir -p "$t/ctx/go1.24"
{
	printf '%s\n' '{"bt":1,"kind":"context","time":"2026-01-08T09:30:00Z","host":"ci-3","os":"freebsd","arch":"arm64","cpu":"X","cores":4,"commit":"abc123","toolchain":"go version go1.24.0"}'
	bt-parse -l version=go1.24 "$d/gc-count10.txt" | grep '"kind":"sample"' | sed 's/"goos":"linux",//; s/"goarch":"amd64",//'
} >"$t/ctx/go1.24/2026-01-08_10-00-00.jsonl"
bt-export --web "$web" "$t/ctx"
ok $? "export of a run with bt-run's context"
f=$web/freebsd-arm64/v/go1.24.json
is "$(jq -c '[.timestamp, .system.host, .system.cores, .system.commit, .system.toolchain, .history[0].commit]' "$f")" \
	'["2026-01-08T09:30:00Z","ci-3",4,"abc123","go version go1.24.0","abc123"]' \
	"time, system metadata and commit from the context"

# benchfmt: Go text that bt-parse (and benchstat) reads back to the same samples.
for f in gc-count10.txt gc-count5.json; do
	bt-parse "$d/$f" | jq -cS 'select(.kind == "sample")' >"$t/want"
	bt-parse "$d/$f" | bt-export --format benchfmt >"$t/bench.txt"
	bt-parse "$t/bench.txt" | jq -cS 'select(.kind == "sample")' >"$t/got"
	cmp -s "$t/want" "$t/got"
	ok $? "benchfmt round trip through bt-parse: $f"
done
is "$(grep -c '^Benchmark.*-2	[0-9]*	.* ns/op	.* B/op	.* allocs/op$' "$t/bench.txt")" \
	"$(jq -s 'length' "$t/want")" "one Go benchmark line per sample"
head -4 "$t/bench.txt" | grep -q '^goos: linux$'
ok $? "configuration lines written"
bt-export --format benchfmt "$res/go1.21/2026-01-01_10-00-00.jsonl" | grep -q '^version: go1.21$'
ok $? "labels become configuration lines"
# Names from other tools: a last "-N" without procs would be read back as
# GOMAXPROCS, so it becomes "_N"; with procs it stays; no empty "pkg:".
printf '%s\n' '{"bt":1,"kind":"sample","name":"sort-100","metrics":{"ns/op":5}}' \
	'{"bt":1,"kind":"sample","name":"BenchmarkX-8","procs":4,"metrics":{"ns/op":6}}' \
	'{"bt":1,"kind":"sample","name":"a b-c","metrics":{"ns/op":7}}' >"$t/names.jsonl"
bt-export --format benchfmt "$t/names.jsonl" >"$t/names.txt"
is "$(bt-parse "$t/names.txt" | jq -r 'select(.kind == "sample") | "\(.name) \(.procs)"' | tr '\n' ';')" \
	"Benchmarksort_100 null;BenchmarkX-8 4;Benchmarka_b-c null;" \
	"benchfmt: names read back whole, never split into a false GOMAXPROCS"
grep -q '^pkg:' "$t/names.txt"
ok $((! $?)) "benchfmt: no empty pkg: line when no record has a suite"

# Values a plugin computed (criterion's per-sample ns/op, MB/s) have no
# text of their own: written in the shortest form that reads back exactly;
# a name without the prefix gets "Benchmark", as the format requires.
bt-parse "$BT_TESTS/data/criterion-tree/target-tree" >"$t/crit.jsonl"
bt-export --format benchfmt "$t/crit.jsonl" >"$t/crit.txt"
grep -q '^Benchmarkchecksum/sum/64	[0-9]*	[0-9.]* ns/op	[0-9.]* MB/s$' "$t/crit.txt"
ok $? "benchfmt: criterion samples as Go lines, Benchmark prefixed"
jq -c 'select(.kind == "sample") | [.iterations, .metrics]' "$t/crit.jsonl" >"$t/crit.want"
bt-parse "$t/crit.txt" | jq -c 'select(.kind == "sample") | [.iterations, .metrics]' >"$t/crit.got"
cmp -s "$t/crit.want" "$t/crit.got" && [ -s "$t/crit.want" ]
ok $? "benchfmt: computed values read back exactly"

# Rows expected: one per benchmark and unit of a run.
rows=$(jq -r 'select(.kind == "sample") | .suite + " " + .name + " " + (.metrics | keys[])' \
	"$res/go1.21/2026-01-01_10-00-00.jsonl" | sort -u | wc -l)

# markdown: a table with a header, a separator and a row per benchmark and unit.
bt-export --format markdown "$res/go1.21/2026-01-01_10-00-00.jsonl" "$res/go1.22/2026-01-03_10-00-00.jsonl" >"$t/md"
ok $? "markdown report exits 0"
grep -q '^| Version | Suite | Benchmark | Unit | n | Median |' "$t/md"
ok $? "markdown header row"
grep -q '^|---|' "$t/md"
ok $? "markdown separator row"
is "$(grep -c '^| go1.2[12] |' "$t/md")" $((2 * rows)) "a row per version, benchmark and unit"
grep -q '^| go1.21 | example.com/perfbench/core | BenchmarkSmallAllocation-2 | ns/op | 10 | 45.83 |' "$t/md"
ok $? "median of the row"
printf '{"bt":1,"kind":"sample","name":"big","metrics":{"ns/op":1254333.4}}\n' | bt-export -F markdown >"$t/big.md"
grep -q '| big | ns/op | 1 | 1254333 | 1254333 |' "$t/big.md"
ok $? "markdown: large values without an exponent"
printf '{"bt":1,"kind":"sample","name":"a|b","metrics":{"ns/op":1}}\n' | bt-export -F markdown | grep -q 'a\\|b'
ok $? "a '|' in a name is escaped"
printf '{"bt":1,"kind":"sample","name":"*x*_y_<b>","metrics":{"ns/op":1}}\n' | bt-export -F markdown |
	grep -q '^|  | \\\*x\\\*\\_y\\_\\<b\\> | ns/op |'
ok $? "markdown: nothing in a name formats it (emphasis, HTML)"

# csv
bt-export --format csv "$res/go1.21/2026-01-01_10-00-00.jsonl" >"$t/csv"
is "$(head -1 "$t/csv")" "version,suite,name,procs,unit,n,median,mean,stddev,cv,min,max,p95,p99,ci_low,ci_high,variance" "csv header"
is "$(grep -c '^go1.21,example.com/perfbench/' "$t/csv")" "$rows" "a csv row per benchmark and unit"
is "$(grep ',BenchmarkSmallAllocation,2,ns/op,' "$t/csv" | cut -d, -f6,7)" "10,45.83" "csv n and median"
printf '{"bt":1,"kind":"sample","suite":"s","name":"a,b \\"c\\"","metrics":{"ns/op":1}}\n' |
	bt-export --format csv >"$t/quoted.csv"
python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1]))); print(r[0]["name"], r[0]["suite"])' "$t/quoted.csv" >"$t/quoted"
is "$(cat "$t/quoted")" 'a,b "c" s' "csv: a name with a comma and quotes is quoted (RFC 4180), read back by Python"

exits 2 "unknown format" bt-export --format xml
exits 2 "no mode" bt-export
exits 0 "--help" bt-export --help
done_testing
