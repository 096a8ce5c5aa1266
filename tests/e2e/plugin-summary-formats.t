#!/bin/sh
# plugin-summary-formats.t — bt-parse without -f on every capture of the
# catch2, benchmarkjs, tinybench, mitata, jmh, benchmarkdotnet, julia and
# luau plugins: detection picks the right plugin (the output equals the
# forced one), and the sample count is what jq or grep counts by hand.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/sumformats
mkdir -p "$t"
d=$BT_TESTS/data

check() { # plugin file want-samples
	bt-parse "$2" >"$t/auto" 2>"$t/err"
	ok $? "$(basename "$2") parses without -f"
	bt-parse -f "$1" "$2" >"$t/forced" 2>/dev/null
	run "$1/$(basename "$2"): detection picks $1" cmp "$t/auto" "$t/forced"
	[ -n "$3" ] && is "$(grep -c '"kind":"sample"' "$t/auto")" "$3" "$(basename "$2"): $3 samples"
}

for f in "$d"/catch2/*; do
	case $f in
	*.xml) n=$(grep -c '<mean value=' "$f") ;;
	*) n=$(grep -cE ' [0-9]+ +[0-9]+ +[0-9.]+ [mun]?s *.?$' "$f") ;; # SAMPLES ITERATIONS TIME
	esac
	check catch2 "$f" "$n"
done
for f in "$d"/benchmarkjs/*; do
	check benchmarkjs "$f" "$(grep -c ' ops/sec .* sampled)' "$f")"
done
check tinybench "$d/tinybench/console.txt" 4
check tinybench "$d/tinybench/fail-console.txt" 1
check tinybench "$d/tinybench/console-run2.txt" 4
check tinybench "$d/tinybench/results-nosamples.json" "$(jq '[.[] | select(.result.state == "completed")] | length' "$d/tinybench/results-nosamples.json")"
check tinybench "$d/tinybench/results.json" "$(jq '[.[].result.latency.samples | length] | add' "$d/tinybench/results.json")"
for f in "$d"/mitata/*.txt; do
	check mitata "$f" "$(grep -c '/iter' "$f")"
done
check mitata "$d/mitata/out.json" "$(jq '[.benchmarks[].runs[]] | length' "$d/mitata/out.json")"
for f in "$d"/jmh/*.json; do
	check jmh "$f" "$(jq '[.[].primaryMetric.rawData[][]] | length' "$f")"
done
for f in "$d"/benchmarkdotnet/*.json; do
	check benchmarkdotnet "$f" "$(jq '[.Benchmarks[] | ([.Measurements[]? | select(.IterationMode == "Workload" and .IterationStage == "Result")] | length) as $n | if $n > 0 then $n else 1 end] | add' "$f")"
done
for f in "$d"/julia/*.json; do
	check julia "$f" "$(jq '[.. | arrays | select(length == 2 and (.[0] == "Trial" or .[0] == "TrialEstimate")) | if .[0] == "Trial" then (.[1].times | length) else 1 end] | add' "$f")"
done
check luau "$d/luau/benchmarkluau_output.txt" "$(grep -c '^SUCCESS:' "$d/luau/benchmarkluau_output.txt")"
done_testing
