#!/bin/sh
# plugin-fmtb.t — the installed bt-parse on every capture of the libtest,
# dart, jstime, ruby, vitest, bmf, iai and asv plugins: detected without
# -f (the same records as with -f NAME), exit 0, samples; and one value
# per format as the peers' tests expect it (tests/data/expect).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/fmtb
mkdir -p "$t"
for name in libtest dart jstime ruby vitest bmf iai asv; do
	for f in "$BT_TESTS/data/$name"/*; do
		b=$name-$(basename "$f")
		bt-parse "$f" >"$t/$b.auto" 2>"$t/$b.err"
		ok $? "$name/$(basename "$f") parses without -f"
		bt-parse -f "$name" "$f" >"$t/$b.forced" 2>/dev/null
		run "$name/$(basename "$f"): detected as $name" cmp "$t/$b.auto" "$t/$b.forced"
		n=$(grep -c '"kind":"sample"' "$t/$b.auto")
		ok "$([ "$n" -gt 0 ] && echo 0 || echo 1)" "$name/$(basename "$f"): $n samples"
	done
done
v() { # v FILE NAME UNIT: the first sample's value
	bt-parse "$BT_TESTS/data/$1" | jq -r --arg n "$2" --arg u "$3" \
		'select(.kind=="sample" and .name==$n) | .metrics[$u]' | head -1
}
is "$(v libtest/many.txt tests::three_digit ns/op)" 333000000000 "libtest: 333 s/iter"
is "$(v libtest/cargo_output_units.txt upload MS/s)" 1911 "libtest: MS/s kept"
is "$(v dart/two.txt ForLoop ns/op)" 2000 "dart: 2.0 us"
is "$(v jstime/four.txt 'benchmark 2' ns/op)" 9034000000 "jstime: 9034ms"
is "$(v ruby/two.txt 'sort!' ns/op)" 1460465000 "ruby: the second table's real time"
is "$(v vitest/four.json 'sort.bench.ts > sorting > reverse' ns/op)" 10000000 "vitest: 10 ms"
is "$(v bmf/report_latency.json tests::benchmark_b ns/op)" 3443 "bmf: latency"
is "$(v iai/two.txt bench_fibonacci_long instructions)" 26214735 "iai: instructions"
is "$(v asv/six.txt benchmarks.TimeSuite.time_range3 ns/op)" 35500 "asv: 35.5μs"
bt-parse "$BT_TESTS/data/empty/zero.txt" >"$t/zero.out"
ok $? "libtest's 'running 0 tests' is no error"
is "$(wc -c <"$t/zero.out" | tr -d ' ')" 0 "and no records"
printf 'test a ... bench:  x ns/iter (+/- 1)\n' >"$t/bad.txt"
exits 2 "only unreadable bench lines: an input error" bt-parse -f libtest "$t/bad.txt"

# vitest's summary-only samples through bt-compare: every mean of the real
# report 10 % slower (same sd, same count) is judged by Welch's test.
jq '.files[].groups[].benchmarks[] |= (.mean *= 1.1 | .hz /= 1.1)' \
	"$BT_TESTS/data/vitest/math-2.1.9.json" >"$t/vitest-slow.json"
bt-compare --format records "$BT_TESTS/data/vitest/math-2.1.9.json" "$t/vitest-slow.json" >"$t/vitest-ch.jsonl"
ok $? "bt-compare reads two vitest reports"
is "$(jq -r 'select(.unit == "ns/op" and .name == "math.bench.ts > math > add") | .test + " " + (.baseline.n | tostring)' "$t/vitest-ch.jsonl")" \
	"welch 260694" "vitest's means are judged by Welch's test on its sampleCount"
done_testing
