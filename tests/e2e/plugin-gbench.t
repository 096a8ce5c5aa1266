#!/bin/sh
# plugin-gbench.t — bt-parse on real Google Benchmark 1.7.1 output, detected
# without -f: JSON and console, repetitions (aggregates are not samples),
# time units, counters, errors, the selector, and a fresh run of
# tests/data/sources/gbench.cc when a C++ compiler and libbenchmark-dev are
# installed.
. "$BT_TESTS/e2e/lib.sh"
d=$BT_TESTS/data/gbench
t=$BT_TMP/gbench
mkdir -p "$t"

for f in out.json fresh.json rep3.json; do
	bt-parse "$d/$f" >"$t/$f.jsonl" 2>"$t/$f.err"
	ok $? "$f parses without -f"
	want=$(jq '[.benchmarks[] | select(.run_type=="iteration" and (.error_occurred|not))] | length' "$d/$f")
	is "$(grep -c '"kind":"sample"' "$t/$f.jsonl")" "$want" "$f: one sample per iteration row ($want)"
	want=$(jq '[.benchmarks[] | select(.error_occurred)] | length' "$d/$f")
	is "$(grep -c '"kind":"failure"' "$t/$f.jsonl")" "$want" "$f: one failure per error row ($want)"
	bt-parse -f gbench "$d/$f" >"$t/$f.forced"
	run "$f: detection picks gbench" cmp "$t/$f.jsonl" "$t/$f.forced"
done
# every iteration row's real_time, in ns, is its sample's ns/op
jq -r '.benchmarks[] | select(.run_type=="iteration") | "\(.name) \(.real_time * {"ns":1,"us":1e3,"ms":1e6,"s":1e9}[.time_unit])"' \
	"$d/rep3.json" >"$t/want"
jq -r 'select(.kind=="sample") | "\(.name) \(.metrics["ns/op"])"' "$t/rep3.json.jsonl" >"$t/got"
awk 'NR == FNR { w[FNR] = $0; next } { split(w[FNR], a, " "); n = split($0, b, " ")
	if (a[1] != b[1] || (a[2] - b[2]) > 1e-6 * a[2] || (b[2] - a[2]) > 1e-6 * a[2]) bad++ }
	END { exit bad > 0 || FNR == 0 }' "$t/want" "$t/got"
ok $? "repetitions: names and ns/op match the iteration rows, in order"
is "$(grep -c '_mean\|_median\|_stddev\|_cv' "$t/rep3.json.jsonl")" 0 "no aggregate becomes a sample"
is "$(grep -c '"ns/op":1.5106275067069063e+01' "$t/out.json.jsonl")" 1 "numbers in ns written exactly as printed"
is "$(grep -c '"name":"BM_Sleep/real_time","iterations":101,"metrics":{"ns/op":279428.14851332224,' "$t/fresh.json.jsonl")" 1 \
	"microseconds scaled exactly to ns/op"
is "$(jq -r 'select(.kind=="context") | .config.library_build_type' "$t/out.json.jsonl")" debug "the context block"

bt-parse "$d/aggonly.json" >"$t/agg.jsonl" 2>"$t/agg.err"
ok $? "aggregates only parses"
is "$(grep -c '"kind":"sample"' "$t/agg.jsonl")" 0 "aggregates only: no samples"
is "$(grep -c 'aggregate' "$t/agg.err")" 1 "aggregates only: a warning says why"

for f in console.txt fresh.txt rep3.txt; do
	bt-parse "$d/$f" >"$t/$f.jsonl" 2>"$t/$f.err"
	ok $? "$f parses without -f"
	want=$(grep -c '^BM_.* [0-9]* *$\|^BM_.* [0-9][0-9]* [a-z_]*=' "$d/$f")
	want=$((want - $(grep -c '^BM_[^ ]*_\(mean\|median\|stddev\|cv\) ' "$d/$f")))
	is "$(grep -c '"kind":"sample"' "$t/$f.jsonl")" "$want" "$f: one sample per result row ($want)"
done
is "$(jq -r 'select(.name=="BM_Counters") | .metrics["MB/s"]' "$t/console.txt.jsonl")" 2544.96139640832 \
	"console bytes_per_second=2.37018G/s is binary: 2544.96139640832 MB/s"
is "$(jq -r 'select(.kind=="failure") | .name + ": " + .message' "$t/fresh.txt.jsonl")" \
	"BM_Fail: deliberate failure" "console ERROR OCCURRED is a failure"

is "$(bt-parse -f gbench --selector 'BM_VectorSort/8' 'BM_a.b')" \
	'--benchmark_filter=^(BM_VectorSort/8|BM_a\.b)$' "selector: one --benchmark_filter"
bt-parse "$d/out.json" "$d/out.json" >"$t/twice.jsonl"
is "$(grep -c '"kind":"sample"' "$t/twice.jsonl")" 10 "two inputs, twice the samples"

# A fresh run, made now: real output this test did not see before.
if command -v c++ >/dev/null 2>&1 && [ -f /usr/include/benchmark/benchmark.h ] &&
	c++ -O1 -o "$t/gb" "$BT_TESTS/data/sources/gbench.cc" -lbenchmark -lpthread 2>/dev/null; then
	"$t/gb" --benchmark_min_time=0.01 --benchmark_repetitions=2 \
		--benchmark_filter='BM_StringCopy|BM_Sort/8$' --benchmark_format=json >"$t/live.json" 2>/dev/null
	bt-parse "$t/live.json" >"$t/live.jsonl"
	ok $? "a fresh JSON run parses"
	is "$(grep -c '"kind":"sample"' "$t/live.jsonl")" 4 "fresh JSON: 2 benchmarks × 2 repetitions"
	"$t/gb" --benchmark_min_time=0.01 --benchmark_filter='BM_Sort' >"$t/live.txt" 2>&1
	bt-parse "$t/live.txt" >"$t/live-c.jsonl"
	ok $? "a fresh console run parses"
	is "$(jq -r 'select(.kind=="sample") | .name' "$t/live-c.jsonl" | tr '\n' ' ')" \
		"BM_Sort/8 BM_Sort/64 BM_Sort/512 " "fresh console: the three BM_Sort rows"
	is "$(jq -r 'select(.kind=="sample") | .metrics | keys | join(",")' "$t/live-c.jsonl" | sort -u)" \
		"MB/s,cpu-ns/op,items/s,ns/op" "fresh console: times and both rates"
	sel=$(bt-parse -f gbench --selector BM_Sort/64 BM_Sleep/real_time)
	"$t/gb" --benchmark_min_time=0.01 "$sel" 2>/dev/null | bt-parse >"$t/sel.jsonl"
	is "$(jq -r 'select(.kind=="sample") | .name' "$t/sel.jsonl" | tr '\n' ' ')" \
		"BM_Sort/64 BM_Sleep/real_time " "the selector runs exactly the named benchmarks"
else
	ok 0 "# skip no C++ compiler or libbenchmark-dev"
fi
done_testing
