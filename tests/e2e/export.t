#!/bin/sh
# export.t — bt-export on real Go captures: the dashboard layout from a
# results tree (two versions, two dates, retries and failure lists
# ignored), a second platform merged into platforms.json, the benchfmt
# round trip through bt-parse, and the markdown and csv reports.
. "$BT_TESTS/e2e/lib.sh"
. "$BT_TESTS/e2e/gotree.sh"
go=$BT_TESTS/data/go
out=$BT_TMP/export
go_tree "$BT_TMP/res"
ok $? "a results tree of two versions and two dates"
run "bt-export --web on the tree" bt-export --web "$out" "$BT_TMP/res"
# py EXPR: evaluate EXPR with the layout loaded as P (platforms.json),
# I (linux-amd64/index.json), A and B (the two versions).
py() {
	python3 -c '
import json, sys
d = sys.argv[1]
ld = lambda p: json.load(open(d + "/" + p))
P = ld("platforms.json"); I = ld("linux-amd64/index.json")
A = ld("linux-amd64/go1.19.8-a.json"); B = ld("linux-amd64/go1.19.8-b.json")
bench = lambda V, n: [b for b in V["benchmarks"] if b["name"] == n][0]
print(eval(sys.argv[2]))' "$out" "$1"
}
is "$(py '[p["id"] for p in P["platforms"]]')" "['linux-amd64']" "platforms.json lists linux-amd64"
is "$(py 'P["platforms"][0]["versions"]')" "['go1.19.8-a', 'go1.19.8-b']" "versions oldest first, named after their directories"
is "$(py '[(v["version"], v["timestamp"], v["benchmarks"]) for v in I["versions"]]')" \
	"[('go1.19.8-a', '2026-11-22T16:00:00Z', 11), ('go1.19.8-b', '2026-11-22T16:10:00Z', 11)]" \
	"index.json: newest main result per version, its time and benchmark count (10 + the XSS one)"
is "$(py '[h["timestamp"] for h in A["history"]], len(B["history"])')" \
	"(['2026-11-22T15:46:35Z', '2026-11-22T16:00:00Z'], 1)" \
	"history: every main result oldest first; _retry, _failed_benchmarks, .backup ignored"
m='bench(A, "BenchmarkSmallAllocation")["metrics"]["ns/op"]'
is "$(py "$m[\"n\"], $m[\"median\"], $m[\"mean\"], $m[\"min\"], $m[\"max\"]")" \
	"(10, 45.83, 49.496, 43.95, 66.93)" "SmallAllocation: n, median, mean, min, max (by hand from the capture)"
is "$(py "round($m[\"stddev\"], 6), round($m[\"cv\"], 5), round($m[\"ci_low\"], 5), round($m[\"ci_high\"], 5)")" \
	"(7.193343, 14.53318, 44.35019, 54.64181)" "stddev (n-1), CV %, Student-t 95% interval of the mean"
is "$(py "$m[\"samples\"][:3], round($m[\"p95\"], 6)")" "([66.93, 55.99, 46.23], 62.007)" "samples in run order; p95 interpolated"
is "$(py 'bench(A, "BenchmarkSmallAllocation")["variance"], bench(A, "BenchmarkLargeAllocation")["variance"]')" \
	"('Warning', 'High')" "variance classes of the ns/op CV"
is "$(py 'bench(A, "BenchmarkJSONEncode")["category"], bench(A, "BenchmarkSmallAllocation")["category"]')" \
	"('stdlib', 'core')" "category: the last element of the suite"
is "$(py 'A["system"]["cpu"], A["system"]["toolchain"], A["system"]["os"]')" \
	"('Intel(R) Xeon(R) Processor', 'go version go1.19.8 linux/amd64', 'linux')" "system metadata from the context"
is "$(py 'A["history"][0]["medians"]["example.com/perfbench/core BenchmarkSmallAllocation-2"]["ns/op"]')" \
	"50.95" "history medians keyed 'suite name-procs' (the -count=5 run)"

# A second platform merges; the first is kept.
go_tree "$BT_TMP/res-arm" linux arm64
run "bt-export --web for linux-arm64 into the same directory" bt-export --web "$out" "$BT_TMP/res-arm"
is "$(py 'sorted(p["id"] for p in P["platforms"])')" "['linux-amd64', 'linux-arm64']" "platforms.json merged"
run "linux-arm64/go1.19.8-b.json written" test -s "$out/linux-arm64/go1.19.8-b.json"
# Re-exporting one version keeps the others.
run "export one version again" bt-export --web "$out" "$BT_TMP/res/go1.19.8-b"
is "$(py '[v["version"] for v in I["versions"]]')" "['go1.19.8-a', 'go1.19.8-b']" "index.json keeps the other version"
# A file given directly, the version from its directory name.
mkdir -p "$BT_TMP/direct/go1.20"
bt-parse "$go/gc-count10.txt" >"$BT_TMP/direct/go1.20/run.jsonl"
run "a records file given directly" bt-export --web "$out" "$BT_TMP/direct/go1.20/run.jsonl"
is "$(py 'sorted(v["version"] for v in I["versions"])')" "['go1.19.8-a', 'go1.19.8-b', 'go1.20']" "its version is its directory's name"
printf '{"a":\n' >"$BT_TMP/bad.json"
mkdir -p "$BT_TMP/badout/linux-amd64"
cp "$BT_TMP/bad.json" "$BT_TMP/badout/linux-amd64/index.json"
exits 2 "a corrupt index.json is not overwritten" bt-export --web "$BT_TMP/badout" "$BT_TMP/res"
is "$(cat "$BT_TMP/badout/linux-amd64/index.json")" '{"a":' "the corrupt file is left alone"
printf '{"bt":1,"kind":"sample","name":"BenchmarkX","metrics":{"ns/op":1}}\n' >"$BT_TMP/noplat.jsonl"
exits 2 "records without a platform are refused" bt-export --web "$BT_TMP/np" "$BT_TMP/noplat.jsonl"

# benchfmt: Go text that bt-parse reads back into the same samples.
bt-parse "$go/gc-count10.txt" >"$BT_TMP/a.jsonl"
bt-export --format benchfmt "$BT_TMP/a.jsonl" >"$BT_TMP/a.txt"
ok $? "bt-export --format benchfmt"
is "$(grep -c '^Benchmark' "$BT_TMP/a.txt")" 100 "one line per sample"
is "$(sed -n 5p "$BT_TMP/a.txt")" "$(printf 'BenchmarkSmallAllocation-2\t1000000\t66.93 ns/op\t88 B/op\t2 allocs/op')" "a benchmark line"
samples() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["kind"] == "sample":
        print(r["suite"], r["name"], r.get("procs"), r["iterations"], sorted((k, float(v)) for k, v in r["metrics"].items()), sorted(r["labels"].items()))' "$1"
}
bt-parse "$BT_TMP/a.txt" >"$BT_TMP/b.jsonl"
samples "$BT_TMP/a.jsonl" >"$BT_TMP/a.s"
samples "$BT_TMP/b.jsonl" >"$BT_TMP/b.s"
run "bt-parse of the benchfmt gives the same samples" cmp "$BT_TMP/a.s" "$BT_TMP/b.s"
is "$(wc -l <"$BT_TMP/a.s")" 100 "all 100 of them"
bt-export --format benchfmt "$go/gc-count5.json" | bt-parse >"$BT_TMP/c.jsonl"
samples "$BT_TMP/c.jsonl" >"$BT_TMP/c.s"
bt-parse "$go/gc-count5.json" >"$BT_TMP/d.jsonl"
samples "$BT_TMP/d.jsonl" >"$BT_TMP/d.s"
run "benchfmt from test2json output round-trips too" cmp "$BT_TMP/c.s" "$BT_TMP/d.s"

# markdown and csv summaries
bt-export --format markdown "$go/gc-count10.txt" >"$BT_TMP/r.md"
ok $? "bt-export --format markdown"
is "$(sed -n 1p "$BT_TMP/r.md")" "| benchmark | suite | labels | unit | n | median | mean | 95% CI of mean | CV % | variance |" "markdown header"
is "$(grep -c '^| Benchmark' "$BT_TMP/r.md")" "$(python3 -c '
import json, sys
print(len({(r["name"], r.get("procs"), u) for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "sample" for u in r["metrics"]}))' "$BT_TMP/a.jsonl")" "one row per benchmark and unit"
is "$(grep '^| BenchmarkSmallAllocation-2 .* ns/op' "$BT_TMP/r.md")" \
	"| BenchmarkSmallAllocation-2 | example.com/perfbench/core |  | ns/op | 10 | 45.83 | 49.496 | 44.35019247224646 – 54.64180752775354 | 14.53 | Warning |" \
	"markdown row of SmallAllocation"
bt-export --format csv "$go/gc-count10.txt" >"$BT_TMP/r.csv"
is "$(grep '^BenchmarkSmallAllocation-2,.*,ns/op,' "$BT_TMP/r.csv" | cut -d, -f1,4,5,6,14)" \
	"BenchmarkSmallAllocation-2,ns/op,10,45.83,Warning" "csv row of SmallAllocation"
is "$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len(r), r[0]["median"])' "$BT_TMP/r.csv")" \
	"$(grep -c '^| Benchmark' "$BT_TMP/r.md") 45.83" "the csv parses: as many rows as the markdown"
exits 2 "an unknown format is a usage error" bt-export --format yaml "$go/gc-count10.txt"
done_testing
